"""The store as FollowTheMoney (FtM 4) entities, one JSON object a line, for Aleph, OpenAleph,
yente and the ``ftm`` tools: every article an ``Article``, every actor a ``PublicBody`` (a state)
or an ``Organization``, every claim an ``Event`` whose proof is its article, and every sanction a
source says was imposed also a ``Sanction``. The mapping and what it leaves out are in
docs/exports.md.

The JSON is written here, not through the ``followthemoney`` package: it is a test dependency
only (the tests validate every entity against its model), so exporting needs nothing beyond what
armstrail runs on. Entity ids are hashes of the store's own ids (a state's is its ISO3 code), so
every export of a store names each entity alike, and so do stores that hold an article under one
id."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from armstrail.export import ArticleRecord, claim_title, stored_actors, stored_articles

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from armstrail.analyse.gazetteer import Gazetteer
    from armstrail.store.query import StoredClaim

Entity = dict[str, Any]
Value = str | list[str] | None

PREFIX = "armstrail"
# Sanctions a source says are in force; planned or threatened ones, denials and hedges stay events.
SANCTION_STANCES = ("asserts", "admits")
SANCTION_STATUSES = ("occurred", "ongoing")
# ISO 3166 user-assigned codes, which CLDR (and so babel) leaves out, as FtM spells them.
USER_ASSIGNED = {"XKX": "xk"}
# FtM's own limits and forms, met here so that importing changes nothing: its name type keeps one
# space between words; its string type (as opposed to text) holds at most 1024 characters.
NAME_PROPERTIES = ("name", "abbreviation")
STRING_PROPERTIES = ("title", "publisher", "author", "processingAgent", "authority", "provisions")
STRING_MAX = 1024


def ftm_lines(engine: Engine) -> Iterator[str]:
    """Articles, then actors, then each claim's event (and sanction): referenced before referencing."""
    from armstrail.analyse.gazetteer import load_gazetteer
    from armstrail.store.query import stored_claims

    for article in stored_articles(engine):
        yield _line(article_entity(article))
    groups = group_index(load_gazetteer())
    names: dict[str, str] = {}
    for code, name, kind in stored_actors(engine):
        names[code] = name
        yield _line(actor_entity(code, name, kind, groups))
    for stored in stored_claims(engine):
        yield _line(event_entity(stored))
        sanction = sanction_entity(stored, names)
        if sanction is not None:
            yield _line(sanction)


def _line(entity: Entity) -> str:
    return json.dumps(entity, ensure_ascii=False) + "\n"


# --- ids -----------------------------------------------------------------------------------------


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def article_id(article: str) -> str:
    return f"{PREFIX}-article-{_digest(article)}"


def claim_id(claim: str) -> str:
    return f"{PREFIX}-claim-{_digest(claim)}"


def sanction_id(claim: str) -> str:
    return f"{PREFIX}-sanction-{_digest(claim)}"


def actor_id(code: str) -> str:
    """A state by its ISO3 code ("armstrail-actor-irn"), an organisation by a hash of its name
    (names hold spaces and punctuation FtM ids may not)."""
    if len(code) == 3 and code.isascii() and code.isalpha() and code.isupper():
        return f"{PREFIX}-actor-{code.lower()}"
    return f"{PREFIX}-actor-{_digest(code)}"


# --- entities ------------------------------------------------------------------------------------


def _entity(entity_id: str, schema: str, properties: dict[str, Value]) -> Entity:
    """An FtM entity dict with every empty value left out (FtM has no nulls: a property is absent)."""
    props: dict[str, list[str]] = {}
    for name, value in properties.items():
        values = [_fit(name, v) for v in ([value] if isinstance(value, str) else (value or []))]
        values = [v for v in dict.fromkeys(values) if v]
        if values:
            props[name] = values
    return {"id": entity_id, "schema": schema, "properties": props}


def _fit(name: str, value: str) -> str:
    if name in NAME_PROPERTIES:
        return " ".join(value.split())
    if name in STRING_PROPERTIES and len(value) > STRING_MAX:
        return value[: STRING_MAX - 1].rstrip() + "…"
    return value.strip()


def article_entity(article: ArticleRecord) -> Entity:
    """Its metadata, not its text: see docs/exports.md (each event carries its evidence sentence)."""
    return _entity(
        article_id(article.id),
        "Article",
        {
            "title": article.title,
            "publishedAt": article.published.isoformat() if article.published else None,
            "publisher": article.outlet,
            "author": article.author,
            "sourceUrl": _web_url(article.url),
            "processingAgent": article.extractor if article.analysed else None,
            "description": f"armstrail article {article.id}",
        },
    )


def _web_url(url: str | None) -> str | None:
    """The article's address if it is a web address (records read from files may carry anything)."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else None


def actor_entity(code: str, name: str, kind: str, groups: Mapping[str, Mapping[str, Any]]) -> Entity:
    """A state as a ``PublicBody`` (the closest legal entity FtM has for one), anything else as an
    ``Organization``, with the country and kind ``groups`` (``group_index``) give it."""
    if kind == "state":
        return _entity(
            actor_id(code), "PublicBody", {"name": name, "abbreviation": code, "country": country(code)}
        )
    group = groups.get(code, {})
    return _entity(
        actor_id(code),
        "Organization",
        {"name": name, "country": country(group.get("base")), "classification": group.get("kind")},
    )


def group_index(gaz: Gazetteer) -> dict[str, dict[str, Any]]:
    """The gazetteer's armed groups and organisations by name, with their base state and kind."""
    return {group["name"]: group for group in gaz.data["groups"]["groups"]}


def event_entity(stored: StoredClaim) -> Entity:
    """The claim as reported: who did what to whom, when, with its article as proof and its
    stance, status, chain and evidence offsets in the description."""
    claim = stored.claim
    parties = [code for code in (claim.agent, claim.recipient) if code]
    return _entity(
        claim_id(stored.id),
        "Event",
        {
            "name": claim_title(claim),
            **_dates(claim.when),
            "summary": claim.evidence,
            "description": describe(stored),
            "organizer": actor_id(claim.agent) if claim.agent else None,
            "involved": [actor_id(code) for code in parties],
            "country": [country(code) or "" for code in parties],
            "keywords": [claim.type, claim.item_category],
            "proof": article_id(stored.article_id),
            "publisher": stored.outlet,
            "recordId": stored.id,
            "notes": [
                f"may fall under {r.id} ({r.instrument}, {r.provision}): {r.status}"
                + (f"; {r.note}" if r.note else "")
                for r in stored.regimes()
            ],
        },
    )


def sanction_entity(stored: StoredClaim, names: dict[str, str]) -> Entity | None:
    """A sanction a source says was imposed (asserted or admitted, done or in force), on its target.
    The target is the claim's recipient: SCHEMA.md reduces a state's firms and people to the state.
    ``names``: actor code -> name, for the authority ("United States", not "USA")."""
    claim = stored.claim
    if (
        claim.type != "SANCTION"
        or not claim.recipient
        or claim.stance not in SANCTION_STANCES
        or claim.status not in SANCTION_STATUSES
    ):
        return None
    return _entity(
        sanction_id(stored.id),
        "Sanction",
        {
            "entity": actor_id(claim.recipient),
            "authority": names.get(claim.agent, claim.agent) if claim.agent else None,
            "country": country(claim.agent),
            **_dates(claim.when),
            "provisions": f"{claim.item} ({claim.item_category})",
            "reason": claim.evidence,
            "summary": claim_title(claim),
            "description": describe(stored),
            "proof": article_id(stored.article_id),
            "publisher": stored.outlet,
            "recordId": stored.id,
        },
    )


def _dates(when: str | None) -> dict[str, Value]:
    """SCHEMA.md's ``when`` as FtM dates: a point is ``date``, an interval ``startDate``/``endDate``
    with ".." (open) left out. FtM dates take the same prefixes (year, month, day)."""
    if not when:
        return {}
    if "/" not in when:
        return {"date": when}
    start, _, end = when.partition("/")
    return {"startDate": None if start == ".." else start, "endDate": None if end == ".." else end}


def describe(stored: StoredClaim) -> str:
    """What FtM has no property for, in words: the claim's id, item, quantity, status, stance,
    attribution chain, evidence offsets and extractor."""
    claim = stored.claim
    outlet = stored.outlet or "the article"
    what = f"{claim.type} of {claim.item} ({claim.item_category})"
    if claim.quantity:
        what += f", quantity {claim.quantity}"
    if claim.when:
        what += f", when {claim.when}"
    if claim.sources:
        links = " > ".join(f"{s.name} ({s.kind})" for s in claim.sources)
        chain = f"Attribution chain, outermost first: {outlet} (the article) > {links}."
        speaker = claim.sources[-1].name
    else:
        chain = f"Stated by {outlet} in its own voice (no attribution chain)."
        speaker = outlet
    return "\n".join(
        (
            f"armstrail claim {stored.id}: {what}.",
            f"Status: {claim.status}. Stance: {claim.stance} (by {speaker}).",
            chain,
            f"Evidence: characters {claim.start}-{claim.end} of the article text.",
            f"Extractor: {claim.extractor or 'unknown'}.",
        )
    )


def country(code: str | None) -> str | None:
    """FtM's country code (ISO 3166-1 alpha-2, lower case) for an ISO3 code; None for anything
    else (an organisation's name). CLDR's alpha-3 aliases, shipped with babel, are the table."""
    if not code:
        return None
    return _alpha2().get(code)


@lru_cache(maxsize=1)
def _alpha2() -> dict[str, str]:
    from babel.core import get_global

    aliases: Mapping[str, list[str] | None] = get_global("territory_aliases")
    table = {
        alpha3: targets[0].lower()
        for alpha3, targets in aliases.items()
        if len(alpha3) == 3 and alpha3.isalpha() and targets and len(targets) == 1
    }
    return {**table, **USER_ASSIGNED}
