"""The store at scale: synthetic articles (bench_link's seeded generator, no NLP) are written into a
fresh store in batches, as ``ingest`` writes them, with their clusters, origins and citations
updated article by article. Reports (issue 3):

- the mean cost of storing and linking one article (committed), and of its linking steps alone
  (filing into clusters, recounting the touched ones), in a window after 1k stored articles and
  after 50k: flat means a ratio near 1;
- the p50/p95 latency of the library calls behind ``armstrail stories`` and ``armstrail claims``
  (query plus the text report) at 50k stored articles.

SQLite by default (a temporary file); ``--db postgresql://...`` measures a PostgreSQL database
(its tables are dropped and recreated first, so give it a scratch database)."""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select

from armstrail.analyse.gazetteer import load_gazetteer
from armstrail.pipeline import Extraction
from armstrail.report import stored_claims_report, stories_report
from armstrail.store import ingest, open_store, stored_claims
from armstrail.store.ingest import BATCH_SIZE
from armstrail.store.schema import clusters, metadata
from armstrail.store.stories import story_records
from bench_link import synthetic

LINKING = {"seconds": 0.0}


def _timed(function: Callable[..., Any]) -> Callable[..., Any]:
    """Count the time spent in one of ingest's linking steps (measurement only: same function)."""

    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            LINKING["seconds"] += time.perf_counter() - started

    return timed


for _step in ("file_article", "refresh_clusters", "unfile_articles"):
    setattr(ingest, _step, _timed(getattr(ingest, _step)))


def fill(engine: Engine, articles: list[Extraction]) -> tuple[float, float]:
    """Store ``articles`` in ingest-sized batches: mean seconds per article for the whole write
    (store and link, committed) and for the linking steps alone."""
    gaz = load_gazetteer()
    LINKING["seconds"] = 0.0
    started = time.perf_counter()
    for start in range(0, len(articles), BATCH_SIZE):
        ingest.write_batch(engine, articles[start : start + BATCH_SIZE], gaz)
    count = max(1, len(articles))
    return (time.perf_counter() - started) / count, LINKING["seconds"] / count


def latency(call: Callable[[], object], repeats: int) -> dict[str, float]:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return {"p50_ms": round(statistics.median(times), 1), "p95_ms": round(p95, 1)}


def queries(engine: Engine) -> dict[str, Callable[[], object]]:
    """The commands' library calls, as an analyst would run them."""
    return {
        "stories (all)": lambda: stories_report(story_records(engine)),
        "stories --agent IRN --recipient RUS": lambda: stories_report(
            story_records(engine, agent="IRN", recipient="RUS")
        ),
        "stories --contradictions": lambda: stories_report(story_records(engine, contradictions=True)),
        "claims --agent IRN --recipient RUS": lambda: stored_claims_report(
            stored_claims(engine, agent="IRN", recipient="RUS")
        ),
        "claims --type TRANSFER --since 2024-01-01": lambda: stored_claims_report(
            stored_claims(engine, type_="TRANSFER", since="2024-01-01")
        ),
        "claims --agent PRK --stance denies": lambda: stored_claims_report(
            stored_claims(engine, agent="PRK", stance="denies")
        ),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--articles", type=int, default=50_000, help="stored articles (default 50,000)")
    parser.add_argument("--window", type=int, default=1_024, help="articles per measured window")
    parser.add_argument("--repeats", type=int, default=20, help="runs of each query")
    parser.add_argument("--db", default=None, help="a PostgreSQL URL (default: a temporary SQLite file)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        db = args.db or str(Path(scratch) / "bench.db")
        engine = open_store(db)
        if args.db:  # a scratch PostgreSQL database: start empty
            metadata.drop_all(engine)
            with engine.begin() as connection:
                connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
            engine = open_store(db)
        made = [Extraction(article, claims) for article, claims in synthetic(args.articles + args.window)]
        early_at, late_at = 1_024, args.articles
        fill(engine, made[:early_at])
        early, early_linking = fill(engine, made[early_at : early_at + args.window])
        fill(engine, made[early_at + args.window : late_at])
        late, late_linking = fill(engine, made[late_at : late_at + args.window])
        with engine.connect() as connection:
            count = connection.execute(select(func.count()).select_from(clusters)).scalar_one()
        report: dict[str, object] = {
            "backend": engine.dialect.name,
            "stored_articles": late_at + args.window,
            "claims": sum(len(e.claims) for e in made),
            "clusters": count,
            "store_and_link_ms_per_article": {
                "after_1k": round(early * 1e3, 2),
                f"after_{late_at // 1000}k": round(late * 1e3, 2),
                "ratio": round(late / early, 2),
            },
            "linking_ms_per_article": {
                "after_1k": round(early_linking * 1e3, 2),
                f"after_{late_at // 1000}k": round(late_linking * 1e3, 2),
                "ratio": round(late_linking / early_linking, 2),
            },
            "queries": {name: latency(call, args.repeats) for name, call in queries(engine).items()},
        }
        if not args.db:
            report["store_mb"] = round(Path(db).stat().st_size / 1e6, 1)
        engine.dispose()
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
