"""Exports of the store: claims as JSON Lines, story clusters as SCHEMA.md's clusters-json, a
transfer register as CSV in the spirit of SIPRI's (one row per transfer or deal story), and the
evidence base for other tools: FollowTheMoney entities (``ftm.py``) and W3C PROV-O attribution
chains (``prov.py``); docs/exports.md has the mappings.

Only the standard library is imported here: the command line builds its ``--format`` choice from
``FORMATS`` on every start, so the store and the gazetteers load when an export runs."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from armstrail.analyse.gazetteer import Gazetteer
    from armstrail.link.clusters import Cluster
    from armstrail.model import Claim

FORMATS = ("jsonl", "csv", "clusters-json", "ftm", "prov")
REGISTER_TYPES = ("TRANSFER", "AGREE")
REGISTER_COLUMNS = (
    "supplier",
    "recipient",
    "designation",
    "category",
    "number",
    "year_of_agreement",
    "years_of_delivery",
    "status",
    "first_reported",
    "sources",
    "independent_sources",
    "deniers",
    "comments",
)


def export(engine: Engine, fmt: str) -> Iterator[str]:
    """The store in format ``fmt``, as chunks of text to write in order."""
    from armstrail.store.query import stored_claims

    if fmt == "jsonl":
        for stored in stored_claims(engine):
            yield json.dumps(stored.to_json(), ensure_ascii=False) + "\n"
    elif fmt == "clusters-json":
        from armstrail.store.stories import stories_json

        yield json.dumps(stories_json(engine), ensure_ascii=False, indent=1) + "\n"
    elif fmt == "csv":
        from armstrail.analyse.gazetteer import load_gazetteer
        from armstrail.store.stories import stored_clusters

        yield register_csv(stored_clusters(engine), load_gazetteer())
    elif fmt == "ftm":
        from armstrail.export.ftm import ftm_lines

        yield from ftm_lines(engine)
    elif fmt == "prov":
        from armstrail.export.prov import prov_jsonld

        yield from prov_jsonld(engine)
    else:
        raise ValueError(f"unknown export format {fmt!r}; known: {', '.join(FORMATS)}")


@dataclass(frozen=True)
class ArticleRecord:
    """What the ftm and prov exports say of a stored article: its metadata, never its text."""

    id: str
    url: str | None
    outlet: str | None
    published: date | None
    title: str | None
    author: str | None
    extractor: str
    analysed: bool


def stored_articles(engine: Engine) -> Iterator[ArticleRecord]:
    """Every stored article by id, read in batches so a large store is never held at once."""
    from sqlalchemy import select

    from armstrail.store.schema import articles

    columns = (
        articles.c.id,
        articles.c.url,
        articles.c.outlet,
        articles.c.published,
        articles.c.title,
        articles.c.author,
        articles.c.extractor,
        articles.c.analysed,
    )
    with engine.connect() as connection:
        rows = connection.execution_options(yield_per=500).execute(select(*columns).order_by(articles.c.id))
        for row in rows:
            yield ArticleRecord(
                row.id,
                row.url,
                row.outlet,
                row.published,
                row.title,
                row.author,
                row.extractor,
                bool(row.analysed),
            )


def stored_actors(engine: Engine) -> list[tuple[str, str, str]]:
    """Every actor claims name: (code, name, kind), by code. One row per state or organisation, so
    the list stays small however many claims there are."""
    from sqlalchemy import select

    from armstrail.store.schema import actors

    with engine.connect() as connection:
        rows = connection.execute(select(actors.c.code, actors.c.name, actors.c.kind).order_by(actors.c.code))
        return [(row.code, row.name, row.kind) for row in rows]


AGAINST = ("SANCTION", "USE")  # the recipient of these is a target, not a receiver
STANCE_MARKS = {"denies": "denied", "admits": "admitted", "hedges": "hedged"}


def claim_title(claim: Claim) -> str:
    """A claim in one line, as both exports name it: "IRN TRANSFER Shahed-136 to RUS (denied)"."""
    title = f"{claim.agent or 'unknown'} {claim.type} {claim.item}"
    if claim.recipient:
        title += f" {'against' if claim.type in AGAINST else 'to'} {claim.recipient}"
    mark = STANCE_MARKS.get(claim.stance)
    return f"{title} ({mark})" if mark else title


def register_rows(clusters: Iterable[Cluster], gaz: Gazetteer) -> list[dict[str, Any]]:
    """One row per TRANSFER or AGREE story cluster, oldest first."""
    chosen = [c for c in clusters if c.type in REGISTER_TYPES]
    ordered = sorted(chosen, key=lambda c: (c.first.isoformat() if c.first else "9", c.id))
    return [_register_row(cluster, gaz) for cluster in ordered]


def _years(cluster: Cluster, delivered_only: bool = False) -> list[str]:
    """Years the asserting mentions place the event in (deliveries: only what has happened)."""
    from armstrail.link.clusters import claim_date

    years = set()
    for m in cluster.mentions:
        if m.claim.stance == "denies" or (delivered_only and m.claim.status == "planned"):
            continue
        seen = claim_date(m.claim, m.published)
        if seen is not None:
            years.add(str(seen.year))
    return sorted(years)


def _register_row(cluster: Cluster, gaz: Gazetteer) -> dict[str, Any]:
    record = cluster.to_json(gaz)
    quantities = [m.claim.quantity for m in cluster.mentions if m.claim.quantity]
    statuses = Counter(m.claim.status for m in cluster.mentions if m.claim.stance != "denies")
    origins = "; ".join(o["source"] for o in record["origins"])
    comments = [f"origins: {origins}"] if origins else []
    if record["contradiction"]:
        comments.append("contradicted: asserted and denied")
    years = _years(cluster)
    delivered = _years(cluster, delivered_only=True)
    return {
        "supplier": cluster.agent or "",
        "recipient": cluster.recipient or "",
        "designation": cluster.item or "",
        "category": cluster.item_category,
        "number": Counter(quantities).most_common(1)[0][0] if quantities else "",
        "year_of_agreement": ";".join(years) if cluster.type == "AGREE" else "",
        "years_of_delivery": ";".join(delivered) if cluster.type == "TRANSFER" else "",
        "status": statuses.most_common(1)[0][0] if statuses else "denied only",
        "first_reported": record["first_seen"] or "",
        "sources": len(record["articles"]),
        "independent_sources": record["independent_sources"],
        "deniers": ";".join(record["deniers"]),
        "comments": "; ".join(comments),
    }


def register_csv(clusters: Iterable[Cluster], gaz: Gazetteer) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=REGISTER_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(register_rows(clusters, gaz))
    return out.getvalue()
