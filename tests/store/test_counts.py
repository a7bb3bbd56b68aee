"""The overview's counts (`store_counts`): exact on a small store; on PostgreSQL a table above the
threshold is given by its planner statistics and says it is an estimate; contested stories are
counted only so far."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select, text

from armstrail.store import ingest_paths, open_store
from armstrail.store.browse import Count, store_counts
from armstrail.store.schema import articles, claims, clusters

ROOT = Path(__file__).resolve().parents[2]


def test_counts_are_exact_on_a_small_store_and_estimated_when_asked(db: str) -> None:
    engine = open_store(db)
    ingest_paths([ROOT / "samples"], engine)
    with engine.connect() as connection:
        real = {
            name: int(connection.execute(select(func.count()).select_from(table)).scalar_one())
            for name, table in (("articles", articles), ("claims", claims), ("stories", clusters))
        }
    counts = store_counts(engine)
    assert {name: counts[name] for name in real} == {name: Count(n) for name, n in real.items()}
    assert str(counts["claims"]) == f"{real['claims']:,}"
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("ANALYZE"))
        estimated = store_counts(engine, estimate_above=0)
        assert estimated["claims"] == Count(real["claims"], exact=False)  # exact after ANALYZE
        assert str(estimated["claims"]).startswith("about ")
    else:
        assert store_counts(engine, estimate_above=0)["claims"].exact  # SQLite has no estimate


def test_a_capped_count_says_there_are_more() -> None:
    assert str(Count(10_000, more=True)) == "10,000+"
    assert str(Count(2_498_365, exact=False)) == "about 2,498,365"
