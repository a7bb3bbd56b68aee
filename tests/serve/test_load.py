"""A small, bounded load test of `armstrail serve`, on SQLite and PostgreSQL: the command itself with
two workers on 127.0.0.1, 600 GET requests from 20 concurrent clients over every page and API route.
Concurrency finds what one-at-a-time tests cannot (a shared connection, a session used across
threads, a pool that runs dry), so the bar is zero errors and a 200 for every request. Speed lives in
bench/bench_serve.py (50k articles); here p50/p95 per route are only printed (`pytest -s`)."""

from __future__ import annotations

import asyncio
import random
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode

import httpx
from sqlalchemy import Engine, select

from armstrail.serve.app import CONTENT_SECURITY_POLICY
from armstrail.store import ingest_paths, open_store
from armstrail.store.schema import actors, articles, claims, clusters

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
REQUESTS = 600
CONCURRENCY = 20
WORKERS = 2
SHOWN_PER_ROUTE = 5  # failures quoted per route in the assertion message

Route = tuple[str, Callable[[random.Random], str]]


@dataclass(frozen=True)
class Ids:
    """Real keys read from the store, so every request names something that exists."""

    claims: list[str]
    clusters: list[str]
    articles: list[str]
    actors: list[str]
    agent: str
    recipient: str
    word: str


@dataclass
class Outcome:
    """What the clients saw, per route name."""

    timings: dict[str, list[float]] = field(default_factory=dict)
    failures: dict[str, list[str]] = field(default_factory=dict)

    def fail(self, name: str, reason: str) -> None:
        self.failures.setdefault(name, []).append(reason)


def _ids(engine: Engine) -> Ids:
    """The ids of each table, plus an agent/recipient pair and an evidence word from a real claim
    (so the filtered and searched routes have something to find)."""
    with engine.connect() as connection:
        claim_ids = list(connection.execute(select(claims.c.id).order_by(claims.c.id)).scalars())
        cluster_ids = list(connection.execute(select(clusters.c.id).order_by(clusters.c.id)).scalars())
        article_ids = list(connection.execute(select(articles.c.id).order_by(articles.c.id)).scalars())
        actor_codes = list(connection.execute(select(actors.c.code).order_by(actors.c.code)).scalars())
        pair = connection.execute(
            select(claims.c.agent, claims.c.recipient, claims.c.evidence)
            .where(claims.c.agent.is_not(None), claims.c.recipient.is_not(None))
            .order_by(claims.c.id)
            .limit(1)
        ).one()
    assert claim_ids and cluster_ids and article_ids and actor_codes, "the samples stored nothing to load"
    word = next(w for w in pair.evidence.split() if w.isalpha() and len(w) >= 5)
    return Ids(claim_ids, cluster_ids, article_ids, actor_codes, pair.agent, pair.recipient, word)


def _routes(ids: Ids) -> list[Route]:
    """Every page and API GET route, each with a recipe for one path (a random real id)."""

    def key(values: list[str]) -> Callable[[random.Random], str]:
        return lambda rng: quote(rng.choice(values), safe="")

    def fixed(path: str) -> Callable[[random.Random], str]:
        return lambda rng: path

    claim, cluster, article, actor = key(ids.claims), key(ids.clusters), key(ids.articles), key(ids.actors)
    pair = urlencode({"agent": ids.agent, "recipient": ids.recipient})
    return [
        ("overview", fixed("/")),
        ("claims page", fixed("/claims")),
        ("claims page filtered", fixed(f"/claims?{pair}")),
        ("claims page search", fixed(f"/claims?{urlencode({'q': ids.word})}")),
        ("claims page sorted", fixed("/claims?sort=-date&page=2")),
        ("claims page sized", fixed("/claims?size=25&count=all&page=2")),
        ("claim", lambda rng: f"/claims/{claim(rng)}"),
        ("stories", fixed("/stories")),
        ("story", lambda rng: f"/stories/{cluster(rng)}"),
        ("actor", lambda rng: f"/actors/{actor(rng)}"),
        ("articles page", fixed("/articles")),
        ("article", lambda rng: f"/articles/{article(rng)}"),
        ("api claims", fixed(f"/api/v1/claims?{pair}&page_size=50")),
        ("api claims csv", fixed(f"/api/v1/claims?{urlencode({'agent': ids.agent})}&format=csv")),
        ("api export", fixed(f"/api/v1/export/claims?{urlencode({'actor': ids.agent})}&format=json")),
        ("api claim", lambda rng: f"/api/v1/claims/{claim(rng)}"),
        ("api clusters", fixed(f"/api/v1/clusters?{urlencode({'agent': ids.agent})}")),
        ("api cluster", lambda rng: f"/api/v1/clusters/{cluster(rng)}"),
        ("api articles", fixed("/api/v1/articles")),
        ("api article", lambda rng: f"/api/v1/articles/{article(rng)}"),
        ("api actors", fixed("/api/v1/actors")),
        ("api actor", lambda rng: f"/api/v1/actors/{actor(rng)}"),
        ("openapi", fixed("/api/v1/openapi.json")),
        ("static css", fixed("/static/style.css")),
    ]


def _plan(routes: list[Route], count: int) -> list[tuple[str, str]]:
    """``count`` (route name, path) pairs: the routes in turn, so each is hit count/len times, and
    shuffled (seeded) so concurrent requests mix pages, API and static files."""
    rng = random.Random(5)
    plan = [(routes[n % len(routes)][0], routes[n % len(routes)][1](rng)) for n in range(count)]
    rng.shuffle(plan)
    return plan


def _is_page(path: str) -> bool:
    return not path.startswith(("/api/", "/static/"))


def _check(outcome: Outcome, name: str, path: str, response: httpx.Response) -> None:
    if response.status_code != 200:
        outcome.fail(name, f"{path}: status {response.status_code}: {response.text[:200]!r}")
        return
    if _is_page(path):
        if not response.headers.get("content-type", "").startswith("text/html"):
            outcome.fail(name, f"{path}: content-type {response.headers.get('content-type')!r}")
        if response.headers.get("content-security-policy") != CONTENT_SECURITY_POLICY:
            outcome.fail(name, f"{path}: CSP {response.headers.get('content-security-policy')!r}")


async def _load(base: str, plan: list[tuple[str, str]], concurrency: int) -> Outcome:
    """The plan from ``concurrency`` clients sharing one connection pool, each taking the next request
    as soon as its last one is answered."""
    outcome = Outcome()
    queue: asyncio.Queue[tuple[str, str]] = asyncio.Queue()
    for item in plan:
        queue.put_nowait(item)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, timeout=60.0, limits=limits) as client:

        async def worker() -> None:
            while not queue.empty():
                name, path = queue.get_nowait()
                started = time.perf_counter()
                try:
                    response = await client.get(path)
                except httpx.HTTPError as error:
                    outcome.fail(name, f"{path}: transport error {type(error).__name__}: {error}")
                    continue
                finally:
                    outcome.timings.setdefault(name, []).append((time.perf_counter() - started) * 1000)
                _check(outcome, name, path, response)

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    return outcome


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def _serving(db: str) -> Iterator[str]:
    """`armstrail serve` itself with two worker processes, on a free loopback port (never 0.0.0.0),
    stopped on the way out: the shared socket, the store opened per worker and the options handed
    to them are what runs."""
    port = _free_port()
    command = [sys.executable, "-m", "armstrail.cli", "serve", "--db", db, "--port", str(port)]
    server = subprocess.Popen([*command, "--workers", str(WORKERS)])
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while server.poll() is None and time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/api/v1/openapi.json", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        assert server.poll() is None, "armstrail serve exited"
        yield base
    finally:
        server.terminate()
        assert server.wait(timeout=30) is not None


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _print_timings(outcome: Outcome, wall: float) -> None:
    """p50/p95 per route, for a reader running `pytest -s` (not asserted: timings belong to bench/)."""
    print(f"\n{REQUESTS} requests, {CONCURRENCY} clients, {wall:.1f} s ({REQUESTS / wall:.0f} req/s)")
    for name, values in sorted(outcome.timings.items()):
        print(
            f"  {name:<22} n={len(values):<3} p50={statistics.median(values):7.1f} ms"
            f"  p95={_percentile(values, 0.95):7.1f} ms"
        )


def test_concurrent_clients_get_a_200_from_every_route(db: str) -> None:
    engine = open_store(db)
    try:
        ingest_paths([SAMPLES], engine)
        routes = _routes(_ids(engine))
        plan = _plan(routes, REQUESTS)
        with _serving(db) as base:
            began = time.perf_counter()
            outcome = asyncio.run(_load(base, plan, CONCURRENCY))
            wall = time.perf_counter() - began
    finally:
        engine.dispose()
    _print_timings(outcome, wall)

    assert sum(len(values) for values in outcome.timings.values()) == REQUESTS
    missing = [name for name, _ in routes if name not in outcome.timings]
    assert not missing, f"routes never requested: {missing}"
    report = "\n".join(
        f"{name}: {len(reasons)} failed\n    " + "\n    ".join(reasons[:SHOWN_PER_ROUTE])
        for name, reasons in sorted(outcome.failures.items())
    )
    assert not outcome.failures, f"failures under load:\n{report}"
