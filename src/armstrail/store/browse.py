"""Browsing the store page by page: the filters, sorting and pagination that the web pages and the
HTTP API share (``armstrail serve``). Everything is pushed into SQL, so a page of 50 claims costs
the same on a store of 50 or 50,000 articles."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import Any, Generic, TypeVar

from sqlalchemy import Engine, Select, and_, exists, func, select, true

from armstrail.model import Source
from armstrail.store.query import StoredClaim, claim_from_row
from armstrail.store.schema import articles, claim_sources, claims

T = TypeVar("T")
MAX_PAGE_SIZE = 500
SORTS = {
    "article": (claims.c.article_id, claims.c.n),
    "date": (articles.c.published, claims.c.article_id, claims.c.n),
    "-date": (articles.c.published.desc(), claims.c.article_id, claims.c.n),
    "type": (claims.c.type, claims.c.article_id, claims.c.n),
    "agent": (claims.c.agent, claims.c.article_id, claims.c.n),
    "recipient": (claims.c.recipient, claims.c.article_id, claims.c.n),
    "stance": (claims.c.stance, claims.c.article_id, claims.c.n),
}


@dataclass(frozen=True)
class ClaimFilters:
    """What an analyst narrows claims by; every field is optional and they combine with AND."""

    agent: str | None = None
    recipient: str | None = None
    type: str | None = None
    item: str | None = None  # designation, matched case-insensitively as a substring
    category: str | None = None
    status: str | None = None
    stance: str | None = None
    source_kind: str | None = None  # a link of the chain has this kind ("own-voice": none has)
    since: date | None = None  # the article's publication date, inclusive
    until: date | None = None
    outlet: str | None = None
    q: str | None = None  # words that must all appear in the evidence sentence

    @classmethod
    def names(cls) -> list[str]:
        return [f.name for f in fields(cls)]

    def active(self) -> dict[str, Any]:
        return {
            f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) not in (None, "")
        }


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    total: int
    page: int
    page_size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))


def search_claims(
    engine: Engine, filters: ClaimFilters, page: int = 1, page_size: int = 50, sort: str = "article"
) -> Page[StoredClaim]:
    """One page of the claims matching ``filters``, in ``sort`` order (see ``SORTS``)."""
    page_size = max(1, min(page_size, MAX_PAGE_SIZE))
    page = max(1, page)
    base = _filtered(select(claims, articles.c.outlet, articles.c.published), filters)
    counted = _filtered(select(func.count()).select_from(claims), filters)
    ordered = (
        base.order_by(*SORTS.get(sort, SORTS["article"])).limit(page_size).offset((page - 1) * page_size)
    )
    with engine.connect() as connection:
        total = int(connection.execute(counted).scalar_one())
        rows = list(connection.execute(ordered).mappings())
        chains = _chains(connection, [row["id"] for row in rows])
    items = [
        StoredClaim(
            row["id"],
            row["article_id"],
            row["outlet"],
            row["published"],
            claim_from_row(row, chains.get(row["id"], [])),
        )
        for row in rows
    ]
    return Page(items, total, page, page_size)


def _filtered(query: Select[Any], filters: ClaimFilters) -> Select[Any]:
    query = query.join(articles, articles.c.id == claims.c.article_id)
    for column, value in (
        (claims.c.agent, filters.agent),
        (claims.c.recipient, filters.recipient),
        (claims.c.type, filters.type),
        (claims.c.item_category, filters.category),
        (claims.c.status, filters.status),
        (claims.c.stance, filters.stance),
        (articles.c.outlet, filters.outlet),
    ):
        if value:
            query = query.where(column == value)
    if filters.item:
        query = query.where(func.lower(claims.c.item).contains(filters.item.lower(), autoescape=True))
    if filters.since:
        query = query.where(articles.c.published >= filters.since)
    if filters.until:
        query = query.where(articles.c.published <= filters.until)
    if filters.source_kind == "own-voice":
        query = query.where(~exists().where(claim_sources.c.claim_id == claims.c.id))
    elif filters.source_kind:
        query = query.where(
            exists().where(
                and_(claim_sources.c.claim_id == claims.c.id, claim_sources.c.kind == filters.source_kind)
            )
        )
    if filters.q:
        query = query.where(evidence_matches(filters.q))
    return query


def evidence_matches(q: str) -> Any:
    """Every word of ``q`` in the evidence (case-insensitive substrings)."""
    words = [w for w in q.split() if w]
    return and_(true(), *[func.lower(claims.c.evidence).contains(w.lower(), autoescape=True) for w in words])


def _chains(connection: Any, ids: list[str]) -> dict[str, list[Source]]:
    chains: dict[str, list[Source]] = {}
    if not ids:
        return chains
    rows = connection.execute(
        select(claim_sources)
        .where(claim_sources.c.claim_id.in_(ids))
        .order_by(claim_sources.c.claim_id, claim_sources.c.position)
    ).mappings()
    for link in rows:
        chains.setdefault(link["claim_id"], []).append(Source(link["name"], link["kind"]))
    return chains
