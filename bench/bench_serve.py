"""A bounded load test of `armstrail serve` on loopback (issue 5): a store of synthetic articles
(bench_link's generator, stored as ingest stores them), `armstrail serve --workers N` itself on
127.0.0.1, and a fixed number of requests (default 2,000) from 20 concurrent clients over a mix of
pages and API routes. Reports errors (the bar is zero) and p50/p95 latency per route, then the
claims explorer alone as a series. Nothing leaves the machine: the server listens on 127.0.0.1
only, and the run stops by itself."""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import httpx
from sqlalchemy import func, select

from armstrail.analyse.gazetteer import load_gazetteer
from armstrail.pipeline import Extraction
from armstrail.store import open_store
from armstrail.store.db import refresh_statistics
from armstrail.store.ingest import BATCH_SIZE, write_batch
from armstrail.store.schema import articles, claims, clusters
from bench_link import synthetic


def fill(db: str, count: int) -> None:
    engine = open_store(db)
    gaz = load_gazetteer()
    made = [Extraction(article, found) for article, found in synthetic(count)]
    for start in range(0, len(made), BATCH_SIZE):
        write_batch(engine, made[start : start + BATCH_SIZE], gaz)
    refresh_statistics(engine)  # as an ingest run ends
    engine.dispose()


def stored(db: str) -> int:
    """Articles already in the store at ``db`` (a kept SQLite file or a PostgreSQL URL)."""
    if "://" not in db and not Path(db).exists():
        return 0
    engine = open_store(db)
    with engine.connect() as connection:
        count = int(connection.execute(select(func.count()).select_from(articles)).scalar_one())
    engine.dispose()
    return count


def plan_requests(db: str, rng: random.Random, count: int) -> list[tuple[str, str]]:
    """``count`` (route name, path) pairs, a mix of pages and API routes over what is stored."""
    engine = open_store(db)
    with engine.connect() as connection:
        claim_ids = list(connection.execute(select(claims.c.id).limit(2000)).scalars())
        cluster_ids = list(connection.execute(select(clusters.c.id).limit(2000)).scalars())
        article_ids = list(connection.execute(select(articles.c.id).limit(2000)).scalars())
    engine.dispose()
    return [rng.choice(_routes(rng, claim_ids, cluster_ids, article_ids)) for _ in range(count)]


def _routes(
    rng: random.Random, claim_ids: list[str], cluster_ids: list[str], article_ids: list[str]
) -> list[tuple[str, str]]:
    pick = rng.choice
    return [
        ("overview", "/"),
        ("claims page", "/claims"),
        ("claims page filtered", "/claims?agent=IRN&recipient=RUS"),
        ("claims page search", "/claims?q=supplied+uav&page=3"),
        ("claims page broad search", "/claims?q=government&type=TRANSFER"),
        ("claim", f"/claims/{quote(pick(claim_ids), safe='')}"),
        ("story", f"/stories/{pick(cluster_ids)}"),
        ("actor", "/actors/" + pick(["IRN", "RUS", "PRK", "UKR", "USA"])),
        ("article", f"/articles/{quote(pick(article_ids), safe='')}"),
        ("api claims", "/api/v1/claims?agent=RUS&page_size=50"),
        ("api claim", f"/api/v1/claims/{quote(pick(claim_ids), safe='')}"),
        ("api clusters", "/api/v1/clusters?agent=IRN"),
        ("api articles", "/api/v1/articles?page=2"),
    ]


def start_server(db: str, port: int, workers: int) -> subprocess.Popen[bytes]:
    """`armstrail serve` itself, as a user runs it, on loopback; returns once it answers."""
    command = [sys.executable, "-m", "armstrail.cli", "serve", "--db", db, "--port", str(port)]
    server = subprocess.Popen([*command, "--workers", str(workers)])
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/v1/openapi.json", timeout=1).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError("armstrail serve did not start within 60 s")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def load(base: str, plan: list[tuple[str, str]], concurrency: int) -> dict[str, list[float]]:
    timings: dict[str, list[float]] = {}
    errors: dict[str, int] = {}
    queue: asyncio.Queue[tuple[str, str]] = asyncio.Queue()
    for item in plan:
        queue.put_nowait(item)
    async with httpx.AsyncClient(base_url=base, timeout=30.0) as client:

        async def worker() -> None:
            while not queue.empty():
                name, path = queue.get_nowait()
                started = time.perf_counter()
                try:
                    response = await client.get(path)
                    ok = response.status_code == 200
                except httpx.HTTPError:
                    ok = False
                timings.setdefault(name, []).append((time.perf_counter() - started) * 1000)
                if not ok:
                    errors[name] = errors.get(name, 0) + 1

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    timings["__errors__"] = [float(sum(errors.values()))]
    return timings


def claims_page_alone(base: str, count: int) -> dict[str, float]:
    """The claims explorer one request at a time (plain, filtered, searched narrowly and broadly,
    newest first, a deeper page)."""
    paths = [
        "/claims",
        "/claims?agent=IRN&recipient=RUS",
        "/claims?q=supplied+uav",  # about 1 claim in 36
        "/claims?q=government&type=TRANSFER",  # about 2 in 3 of a type: a broad search
        "/claims?sort=-date&stance=denies",
        "/claims?page=40&size=100",
    ]
    times = []
    with httpx.Client(base_url=base, timeout=30.0) as client:
        for n in range(count):
            started = time.perf_counter()
            response = client.get(paths[n % len(paths)])
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.status_code
    times.sort()
    return {
        "n": count,
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[min(len(times) - 1, round(0.95 * (len(times) - 1)))], 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--articles", type=int, default=50_000, help="synthetic articles stored")
    parser.add_argument("--requests", type=int, default=2_000)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--alone", type=int, default=200, help="claims page requests, one at a time")
    parser.add_argument("--workers", type=int, default=2, help="server processes (the machine has 2 cores)")
    parser.add_argument(
        "--db",
        help="keep the store at this path or postgresql:// URL and reuse it on later runs "
        "(default: a scratch SQLite file)",
    )
    args = parser.parse_args(argv)
    rng = random.Random(11)
    with tempfile.TemporaryDirectory() as scratch:
        db = args.db or str(Path(scratch) / "serve.db")
        started = time.perf_counter()
        if not stored(db):
            fill(db, args.articles)
        filled = time.perf_counter() - started
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = start_server(db, port, args.workers)
        try:
            plan = plan_requests(db, rng, args.requests)
            began = time.perf_counter()
            timings = asyncio.run(load(base, plan, args.concurrency))
            wall = time.perf_counter() - began
            alone = claims_page_alone(base, args.alone)
        finally:
            server.terminate()
            server.wait(timeout=30)
    errors = int(timings.pop("__errors__")[0])
    report = {
        "stored_articles": args.articles,
        "fill_seconds": round(filled, 1),
        "requests": args.requests,
        "concurrency": args.concurrency,
        "workers": args.workers,
        "errors": errors,
        "requests_per_s": round(args.requests / wall, 1),
        "claims_page_alone": alone,
        "routes": {
            name: {
                "n": len(values),
                "p50_ms": round(statistics.median(values), 1),
                "p95_ms": round(sorted(values)[min(len(values) - 1, round(0.95 * (len(values) - 1)))], 1),
            }
            for name, values in sorted(timings.items())
        },
    }
    print(json.dumps(report, indent=2))
    return 0 if errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
