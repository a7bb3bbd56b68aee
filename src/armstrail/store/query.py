"""Read claims back out of the store as the model's ``Claim`` objects, with their stored ids."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Engine, exists, select

from armstrail.legal import RegimeCheck, assess_claim, load_regimes
from armstrail.model import Claim, Source
from armstrail.store.schema import articles, claim_regimes, claim_sources, claims


@dataclass(frozen=True)
class StoredClaim:
    """A claim as stored: its id, and the article it came from."""

    id: str
    article_id: str
    outlet: str | None
    published: date | None
    claim: Claim

    def seen(self) -> str | None:
        """When the claim places the event, else when the article appeared (ISO, maybe partial)."""
        return _seen(self.claim.when, self.published) or None

    def regimes(self) -> list[RegimeCheck]:
        """The legal regimes the claim may fall under, from the regimes file in use."""
        return assess_claim(self.claim, self.published, load_regimes())

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "article": self.article_id,
            "outlet": self.outlet,
            "published": self.published.isoformat() if self.published else None,
            **self.claim.to_json(),
            "regimes": [check.to_json() for check in self.regimes()],
        }


def stored_claims(
    engine: Engine,
    article_id: str | None = None,
    agent: str | None = None,
    recipient: str | None = None,
    type_: str | None = None,
    stance: str | None = None,
    since: str | None = None,
    regime: str | None = None,
    regime_status: str | None = None,
) -> list[StoredClaim]:
    """Every stored claim matching the filters, in article and evidence order. ``since`` (an ISO
    date or its prefix) keeps claims whose event, or else whose article, is not earlier; ``regime``
    and ``regime_status`` keep claims that may fall under that regime, with that status."""
    query = (
        select(claims, articles.c.outlet, articles.c.published)
        .join(articles, articles.c.id == claims.c.article_id)
        .order_by(claims.c.article_id, claims.c.n)
    )
    for column, value in (
        (claims.c.article_id, article_id),
        (claims.c.agent, agent),
        (claims.c.recipient, recipient),
        (claims.c.type, type_),
        (claims.c.stance, stance),
    ):
        if value is not None:
            query = query.where(column == value)
    if regime is not None or regime_status is not None:
        query = query.where(regime_matches(regime, regime_status))
    with engine.connect() as connection:
        rows = connection.execute(query).mappings().all()
        if since is not None:  # before the chains are read: only kept claims need them
            rows = [row for row in rows if _seen(row["when"], row["published"])[: len(since)] >= since]
        chains: dict[str, list[Source]] = defaultdict(list)
        ids = [row["id"] for row in rows]
        for start in range(0, len(ids), 500):
            links = connection.execute(
                select(claim_sources)
                .where(claim_sources.c.claim_id.in_(ids[start : start + 500]))
                .order_by(claim_sources.c.claim_id, claim_sources.c.position)
            ).mappings()
            for link in links:
                chains[link["claim_id"]].append(Source(link["name"], link["kind"]))
    return [
        StoredClaim(
            row["id"],
            row["article_id"],
            row["outlet"],
            row["published"],
            claim_from_row(row, chains[row["id"]]),
        )
        for row in rows
    ]


def regime_matches(regime: str | None, status: str | None) -> Any:
    """A condition on ``claims``: the claim may fall under ``regime`` (any, if None) with
    ``status`` (any, if None)."""
    condition = claim_regimes.c.claim_id == claims.c.id
    if regime is not None:
        condition &= claim_regimes.c.regime_id == regime
    if status is not None:
        condition &= claim_regimes.c.status == status
    return exists().where(condition)


def claim_from_row(row: Mapping[Any, Any], chain: Iterable[Source] = ()) -> Claim:
    """A ``Claim`` from a row of the claims table (and its chain, when read)."""
    return Claim(
        type=row["type"],
        agent=row["agent"],
        recipient=row["recipient"],
        item=row["item"],
        item_category=row["item_category"],
        quantity=row["quantity"],
        when=row["when"],
        status=row["status"],
        stance=row["stance"],
        sources=tuple(chain),
        evidence=row["evidence"],
        start=row["start"],
        end=row["end"],
        extractor=row["extractor"],
    )


def _seen(when: str | None, published: date | None) -> str:
    """The claim's date for ``since`` ("" when it has none, which no ``since`` admits)."""
    return when or (published.isoformat() if published else "")


def stored_claim(engine: Engine, claim_id: str) -> StoredClaim | None:
    """One claim by id, or None."""
    article_id = claim_id.rsplit("#", 1)[0]
    return next((s for s in stored_claims(engine, article_id=article_id) if s.id == claim_id), None)


def article_text(engine: Engine, article_id: str) -> str | None:
    with engine.connect() as connection:
        text: str | None = connection.execute(
            select(articles.c.text).where(articles.c.id == article_id)
        ).scalar_one_or_none()
    return text
