"""What a store holds, read back for comparison: every row of every table (copies and backups must
match exactly), or the rows that say what was stored and not when (two ingests of the same inputs
must match so)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import Engine, select

from armstrail.store.schema import (
    articles,
    citations,
    claim_regimes,
    claim_sources,
    claims,
    cluster_claims,
    clusters,
)
from armstrail.store.transfer import TABLES

Rows = dict[str, list[tuple[Any, ...]]]
STORED = {  # table -> the columns that say what was stored (not when, nor from which file)
    articles: [c for c in articles.c if c.name not in ("ingested_at", "origin")],
    claims: list(claims.c),
    claim_sources: [c for c in claim_sources.c if c.name != "source_id"],
    clusters: list(clusters.c),
    cluster_claims: list(cluster_claims.c),
    citations: list(citations.c),
    claim_regimes: list(claim_regimes.c),
}


def _read(engine: Engine, tables: dict[Any, list[Any]]) -> Rows:
    with engine.connect() as connection:
        return {
            table.name: sorted((tuple(row) for row in connection.execute(select(*columns))), key=repr)
            for table, columns in tables.items()
        }


@pytest.fixture(scope="session")
def every_row() -> Callable[[Engine], Rows]:
    """Every row of every table, sorted: a copy or a backup must equal its source exactly."""
    return lambda engine: _read(engine, {table: list(table.columns) for table in TABLES})


@pytest.fixture(scope="session")
def stored_rows() -> Callable[[Engine], Rows]:
    """The rows that say what was stored: two ingests of the same inputs must equal each other."""
    return lambda engine: _read(engine, STORED)
