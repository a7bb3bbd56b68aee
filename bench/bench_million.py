"""A million articles (issue 12): a seeded synthetic generator fills a store through ingest's own
``write_batch`` (SQLite, resumable), ``armstrail copy-store`` moves it into PostgreSQL with COPY,
and `armstrail serve` over that database is timed one request at a time: claims explorer, claim
and story pages, overview (p50 / p95), with the plan of each query that was slow.

Phases can run apart (``--phase fill|copy|measure``); each reuses what the previous one left."""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any
from urllib.parse import quote

import httpx
from sqlalchemy import Engine, event, func, select

from armstrail.analyse.gazetteer import load_gazetteer
from armstrail.model import Article, Claim
from armstrail.pipeline import Extraction
from armstrail.store import open_store
from armstrail.store.db import refresh_statistics
from armstrail.store.ingest import BATCH_SIZE, write_batch
from armstrail.store.schema import articles, clusters
from bench_link import synthetic
from bench_serve import free_port, start_server, stored

SYLLABLES = ["ka", "lo", "mi", "ran", "tes", "vo", "dur", "pel", "shi", "an"]
SYLLABLES += ["ber", "col", "den", "fir", "gus", "hal", "jin", "kor", "lum", "nor"]


def varied(count: int, seed: int = 7, skip: int = 0) -> Iterator[tuple[Article, list[Claim]]]:
    """bench_link's articles, each led by a sentence of 24 words drawn from 8,000 made-up ones, so
    that texts share few word 5-grams (as real articles do) and near-copy lookups meet real-world
    candidate counts instead of every article of the same template. ``skip`` resumes the sequence."""
    rng = random.Random(seed + 1)
    words = ["".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(8000)]
    for n, (article, claims) in enumerate(synthetic(count, seed)):
        lead = " ".join(rng.choice(words) for _ in range(24)).capitalize() + "."
        if n < skip:
            continue
        shift = len(lead) + 1
        moved = [replace(c, start=c.start + shift, end=c.end + shift) for c in claims]
        yield replace(article, text=f"{lead} {article.text}"), moved


def fast_writes(engine: Engine) -> None:
    """The fill's own SQLite settings (rows are the same; only durability and caching differ): 8 GB
    of page cache and no syncing, since a store of a million articles no longer fits the default
    64 MiB cache and each batch would wait on index pages read back from the file system. A crash
    mid-fill can lose the file; the generator is seeded, so a rerun makes it again."""
    if engine.dialect.name != "sqlite":
        return

    def pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA cache_size=-8000000")
        cursor.execute("PRAGMA synchronous=OFF")
        cursor.execute("PRAGMA journal_mode=MEMORY")
        cursor.close()

    event.listen(engine, "connect", pragmas)
    engine.dispose()  # connections opened by the migrations take the settings too


def fill(db: str, count: int) -> dict[str, float]:
    """Store ``count`` synthetic articles as ingest stores them, continuing after those stored."""
    done = stored(db)
    engine = open_store(db)
    fast_writes(engine)
    with deferred_evidence_index(engine):
        return _fill(engine, count, done)


@contextmanager
def deferred_evidence_index(engine: Engine) -> Iterator[None]:
    """Fill with SQLite's full-text index of the evidence (revision 0004) built once at the end
    instead of claim by claim: past half a million claims its insert trigger cost more than the
    rest of a stored article together (profiled: 8 of 11 ms). The index is derived data; FTS5's
    ``rebuild`` makes exactly what the trigger would have made. PostgreSQL's GIN index is built by
    its own migration, so the copy does not depend on it."""
    if engine.dialect.name != "sqlite":
        yield
        return
    with engine.begin() as connection:
        trigger = connection.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'claims_fts_insert'"
        ).scalar()
        connection.exec_driver_sql("DROP TRIGGER IF EXISTS claims_fts_insert")
        kept = "SELECT value FROM store_meta WHERE key = 'bench_trigger'"  # an interrupted fill's
        saved = str(trigger or connection.exec_driver_sql(kept).scalar())
        connection.exec_driver_sql(
            "INSERT OR REPLACE INTO store_meta (key, value) VALUES ('bench_trigger', ?)", (saved,)
        )
    try:
        yield
    finally:
        with engine.begin() as connection:
            connection.exec_driver_sql(saved)
            connection.exec_driver_sql("INSERT INTO claims_fts(claims_fts) VALUES ('rebuild')")
            connection.exec_driver_sql("DELETE FROM store_meta WHERE key = 'bench_trigger'")


def _fill(engine: Engine, count: int, done: int) -> dict[str, float]:
    gaz = load_gazetteer()
    started = time.perf_counter()
    batch: list[Extraction] = []
    written = 0
    for article, claims in varied(count, skip=done):
        batch.append(Extraction(article, claims))
        if len(batch) == BATCH_SIZE:
            write_batch(engine, batch, gaz)
            written += len(batch)
            batch = []
            if written % 20_480 == 0:
                rate = written / (time.perf_counter() - started)
                print(f"fill: {done + written:,} stored, {rate:,.0f} articles/s", file=sys.stderr, flush=True)
    if batch:
        write_batch(engine, batch, gaz)
        written += len(batch)
    refresh_statistics(engine)
    engine.dispose()
    seconds = time.perf_counter() - started
    return {"written": written, "seconds": round(seconds, 1), "per_second": round(written / seconds, 1)}


def copy(db: str, target: str) -> dict[str, float]:
    """``armstrail copy-store`` as a user runs it (its own process), timed."""
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "armstrail.cli", "copy-store", "--db", db, "--to", target], check=True
    )
    return {"seconds": round(time.perf_counter() - started, 1)}


def percentiles(times: list[float]) -> dict[str, float]:
    times = sorted(times)
    return {
        "n": len(times),
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[min(len(times) - 1, round(0.95 * (len(times) - 1)))], 1),
        "max_ms": round(times[-1], 1),
    }


def page_paths(db: str, rng: random.Random, count: int) -> dict[str, list[str]]:
    """``count`` paths per page kind: claims explorer listings (plain, filtered, searched, sorted,
    deep), claims and stories drawn at random over the whole store, and the overview."""
    engine = open_store(db, create=False)
    with engine.connect() as connection:
        stored = int(connection.execute(select(func.count()).select_from(articles)).scalar_one())
        top = int(connection.execute(select(func.max(clusters.c.seq))).scalar_one())
        seqs = rng.sample(range(1, top + 1), count)
        story_ids = list(connection.execute(select(clusters.c.id).where(clusters.c.seq.in_(seqs))).scalars())
    engine.dispose()
    explorer = [
        "/claims",
        "/claims?agent=IRN&recipient=RUS",
        "/claims?q=supplied+uav",
        "/claims?q=government&type=TRANSFER",
        "/claims?sort=-date&stance=denies",
        "/claims?page=40&size=100",
        "/claims?type=SANCTION&agent=USA",
        "/claims?regime=un-dprk-1718&regime_status=in-force",
    ]
    return {
        "claims explorer": [explorer[n % len(explorer)] for n in range(count)],
        "claim page": [f"/claims/{quote(f's{rng.randrange(stored)}#0', safe='')}" for _ in range(count)],
        "story page": [f"/stories/{story}" for story in story_ids],
        "overview": ["/"] * count,
    }


def measure(db: str, count: int, workers: int) -> dict[str, object]:
    """Each page kind one request at a time against `armstrail serve` (a first request per kind
    warms the caches and is not counted)."""
    rng = random.Random(12)
    plan = page_paths(db, rng, count)
    port = free_port()
    server = start_server(db, port, workers)
    results: dict[str, object] = {}
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60.0) as client:
            for kind, paths in plan.items():
                client.get(paths[0])
                times: list[float] = []
                slowest: dict[str, float] = {}
                for path in paths:
                    started = time.perf_counter()
                    response = client.get(path)
                    took = (time.perf_counter() - started) * 1000
                    if response.status_code != 200:
                        raise RuntimeError(f"{path} answered {response.status_code}")
                    times.append(took)
                    slowest[path] = max(took, slowest.get(path, 0.0))
                results[kind] = {
                    **percentiles(times),
                    "slowest": dict(sorted(slowest.items(), key=lambda item: -item[1])[:3]),
                }
    finally:
        server.terminate()
        server.wait(timeout=30)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--sqlite", default="million.db", help="the SQLite store the fill writes (kept)")
    parser.add_argument("--pg", help="an empty PostgreSQL database URL for the copy, then measured")
    parser.add_argument("--phase", choices=["fill", "copy", "measure", "all"], default="all")
    parser.add_argument("--requests", type=int, default=200, help="requests per page kind")
    parser.add_argument("--workers", type=int, default=1, help="server processes")
    args = parser.parse_args(argv)
    report: dict[str, object] = {}
    if args.phase in ("fill", "all"):
        report["fill"] = fill(args.sqlite, args.articles)
    if args.phase in ("copy", "all"):
        if not args.pg:
            parser.error("--pg is needed to copy")
        report["copy"] = copy(args.sqlite, args.pg)
    if args.phase in ("measure", "all"):
        report["pages"] = measure(args.pg or args.sqlite, args.requests, args.workers)
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
