"""The regimes of the stored claims, as rows to filter and count by. They are derived data: computed
by ``legal.assess_claim`` from each claim and its article's date, written with the claims, and all
recomputed when the regimes file's version differs from the one the store recorded."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import Connection, Engine, delete, func, insert, select

from armstrail.legal import RegimeBook, assess_claim, load_regimes
from armstrail.legal.assess import STATUSES
from armstrail.model import Claim
from armstrail.store.query import claim_from_row
from armstrail.store.schema import articles, claim_regimes, claims, store_meta

VERSION_KEY = "regimes_version"
BATCH = 2_000  # claims per read while recomputing


def regime_rows(
    numbered: Iterable[tuple[str, Claim]], published: date | None, book: RegimeBook
) -> list[dict[str, Any]]:
    """Rows of ``claim_regimes`` for one article's claims."""
    return [
        {"claim_id": claim_id, "regime_id": check.id, "status": check.status}
        for claim_id, claim in numbered
        for check in assess_claim(claim, published, book)
    ]


def sync_regimes(engine: Engine, book: RegimeBook | None = None) -> bool:
    """Recompute every claim's regimes if the store's were made with another regimes file. Whether
    it recomputed."""
    book = book or load_regimes()
    with engine.begin() as connection:
        stored = connection.execute(
            select(store_meta.c.value).where(store_meta.c.key == VERSION_KEY)
        ).scalar()
        if stored == book.version:
            return False
        recompute_regimes(connection, book)
        connection.execute(delete(store_meta).where(store_meta.c.key == VERSION_KEY))
        connection.execute(insert(store_meta), [{"key": VERSION_KEY, "value": book.version}])
    return True


def recompute_regimes(connection: Connection, book: RegimeBook) -> None:
    connection.execute(delete(claim_regimes))
    query = (
        select(claims, articles.c.published)
        .join(articles, articles.c.id == claims.c.article_id)
        .where(claims.c.type.in_(("TRANSFER", "AGREE", "PRODUCE", "TRAIN")))
        .order_by(claims.c.id)
    )
    last = ""
    while True:
        rows = connection.execute(query.where(claims.c.id > last).limit(BATCH)).mappings().all()
        if not rows:
            return
        found = [
            row for r in rows for row in regime_rows([(r["id"], claim_from_row(r))], r["published"], book)
        ]
        if found:
            connection.execute(insert(claim_regimes), found)
        last = rows[-1]["id"]


def regimes_listing(
    engine: Engine | None = None, book: RegimeBook | None = None, only: str | None = None
) -> list[dict[str, Any]]:
    """Every regime (or ``only`` that one) as JSON with, when a store is given, how many of its
    claims it concerns by status (``armstrail regimes``, the web pages and the API share it). A
    regime's own page counts its claims alone, not every regime's."""
    book = book or load_regimes()
    counts = regime_counts(engine, only) if engine is not None else {}
    listing = []
    for regime in book.regimes:
        if only is not None and regime.id != only:
            continue
        found = counts.get(regime.id, Counter())
        by_status = {status: found.get(status, 0) for status in STATUSES}
        listing.append({**regime.to_json(), "claims": {"total": sum(found.values()), "by_status": by_status}})
    return listing


def regime_counts(engine: Engine, only: str | None = None) -> dict[str, Counter[str]]:
    """For each regime id (or ``only`` that one), how many stored claims it concerns, by status."""
    query = select(claim_regimes.c.regime_id, claim_regimes.c.status, func.count()).group_by(
        claim_regimes.c.regime_id, claim_regimes.c.status
    )
    if only is not None:  # ix_claim_regimes_regime: one regime's rows, not the table
        query = query.where(claim_regimes.c.regime_id == only)
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    with engine.connect() as connection:
        for regime_id, status, n in connection.execute(query):
            counts[regime_id][status] = int(n)
    return counts
