"""`armstrail serve` under faults (issue 13): the database file removed, replaced or locked while
serving answers 503 pages that say so and recovers when the file is back; request limits hold
(oversized headers and request lines, a client that never finishes its request); `--workers`
replaces a worker that died."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

import httpx
import psutil
import pytest
from fastapi.testclient import TestClient

from armstrail.serve import ServeOptions, create_app
from armstrail.store import ingest_paths, open_store

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("serve-faults") / "store.db"
    engine = open_store(db)
    ingest_paths([ROOT / "samples"], engine)
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")  # the file alone holds it all
    engine.dispose()
    return db


@pytest.fixture
def served(sample_store: Path, tmp_path: Path) -> Iterator[tuple[TestClient, Path]]:
    db = tmp_path / "served.db"
    shutil.copy(sample_store, db)
    engine = open_store(db, create=False)
    client = TestClient(create_app(engine, ServeOptions(query_timeout=1)), raise_server_exceptions=False)
    yield client, db
    engine.dispose()


def _answers(client: TestClient) -> list[int]:
    return [client.get(path).status_code for path in ("/claims", "/api/v1/claims", "/")]


def test_a_removed_store_is_a_503_that_says_so_then_recovers(served: tuple[TestClient, Path]) -> None:
    client, db = served
    assert _answers(client) == [200, 200, 200]
    aside = db.with_name("aside.db")
    db.rename(aside)
    page = client.get("/claims")
    assert page.status_code == 503 and "cannot be read right now" in page.text
    api = client.get("/api/v1/claims")
    assert api.status_code == 503 and api.json()["status"] == 503
    assert not db.exists(), "no empty database was created in its place"
    aside.rename(db)
    assert _answers(client) == [200, 200, 200]


def test_a_replaced_store_is_read_anew_not_through_old_connections(
    served: tuple[TestClient, Path], tmp_path: Path
) -> None:
    client, db = served
    before = client.get("/api/v1/claims").json()["total"]
    assert before > 0
    empty = tmp_path / "empty.db"
    open_store(empty).dispose()
    os.replace(empty, db)  # e.g. a backup restored over it
    for suffix in ("-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    assert client.get("/api/v1/claims").json()["total"] == 0


def test_a_locked_store_is_a_503_then_recovers(served: tuple[TestClient, Path]) -> None:
    client, db = served
    assert _answers(client) == [200, 200, 200]
    client.app.state.engine.dispose()  # the lock must meet new connections
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("UPDATE articles SET title = title")
    try:
        page = client.get("/claims")
        assert page.status_code == 503 and "cannot be read right now" in page.text
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert _answers(client) == [200, 200, 200]


# -- the real server: request limits and workers --------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def server(sample_store: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    port = _free_port()
    command = [sys.executable, "-m", "armstrail.cli", "serve", "--db", str(sample_store), "--port", str(port)]
    process = subprocess.Popen([*command, "--workers", "2"], stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(base + "/api/v1/regimes", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        assert time.monotonic() < deadline and process.poll() is None, "serve did not start"
        time.sleep(0.2)
    yield base, process
    process.terminate()
    process.wait(timeout=30)


def _raw(base: str, request: bytes, wait: float = 10.0) -> bytes:
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=wait) as connection:
        connection.sendall(request)
        chunks = []
        try:
            while chunk := connection.recv(65536):
                chunks.append(chunk)
        except (TimeoutError, ConnectionResetError):
            pass
    return b"".join(chunks)


def test_oversized_headers_and_request_lines_are_refused(server: tuple[str, subprocess.Popen[bytes]]) -> None:
    base, _ = server
    huge_header = b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Padding: " + b"a" * 100_000
    assert _raw(base, huge_header + b"\r\n\r\n").split(b" ", 2)[1] == b"431"
    huge_line = b"GET /claims?q=" + b"a" * 100_000 + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    assert _raw(base, huge_line).split(b" ", 2)[1] == b"414"
    assert httpx.get(base + "/claims", params={"q": "drones " * 500}, timeout=5).status_code == 200
    assert httpx.get(base + "/api/v1/regimes", timeout=5).status_code == 200


def test_clients_that_never_finish_their_requests_do_not_hold_the_server(
    server: tuple[str, subprocess.Popen[bytes]],
) -> None:
    base, _ = server
    host, port = base.removeprefix("http://").split(":")
    stalled = []
    for _ in range(50):  # each sends half a request and then nothing
        connection = socket.create_connection((host, int(port)), timeout=5)
        connection.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
        stalled.append(connection)
    try:
        for _ in range(10):
            started = time.monotonic()
            assert httpx.get(base + "/api/v1/regimes", timeout=5).status_code == 200
            assert time.monotonic() - started < 2
    finally:
        for connection in stalled:
            connection.close()


def test_workers_replace_a_worker_that_died(server: tuple[str, subprocess.Popen[bytes]]) -> None:
    base, process = server
    parent = psutil.Process(process.pid)
    workers = [child for child in parent.children() if "spawn_main" in " ".join(child.cmdline())]
    assert len(workers) == 2, workers
    os.kill(workers[0].pid, signal.SIGKILL)
    deadline = time.monotonic() + 60
    while True:
        alive = [
            c
            for c in parent.children()
            if c.is_running() and c.status() != psutil.STATUS_ZOMBIE and "spawn_main" in " ".join(c.cmdline())
        ]
        if len(alive) == 2 and workers[0].pid not in [c.pid for c in alive]:
            break
        assert time.monotonic() < deadline, "the dead worker was not replaced"
        time.sleep(0.5)
    for _ in range(10):
        assert httpx.get(base + "/api/v1/regimes", timeout=10).status_code == 200


def test_pages_read_while_an_ingest_writes_are_consistent(
    tmp_path: Path, shared_corpus: Callable[..., Path]
) -> None:
    """An ingest runs into the served SQLite file; meanwhile every listing answers 200, never shows
    more items than its total, totals only grow, and every claim listed has its article."""
    db = tmp_path / "growing.db"
    open_store(db).dispose()
    client = TestClient(create_app(open_store(db, create=False)), raise_server_exceptions=False)
    env = {**os.environ, "ARMSTRAIL_WORKERS": "1"}
    inputs = [str(shared_corpus("dev")), str(ROOT / "tests" / "negatives"), str(ROOT / "samples")]
    command = [sys.executable, "-m", "armstrail.cli", "ingest", *inputs, "--db", str(db), "--quiet"]
    ingest = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True)
    totals: list[int] = []
    while ingest.poll() is None or len(totals) < 3:
        page = client.get("/api/v1/claims", params={"page_size": 500})
        assert page.status_code == 200, page.text
        listing = page.json()
        assert len(listing["items"]) <= listing["total"]
        assert not totals or listing["total"] >= totals[-1]
        totals.append(listing["total"])
        for article in {claim["article"] for claim in listing["items"][-20:]}:
            assert client.get(f"/api/v1/articles/{quote(article, safe='')}").status_code == 200
        assert client.get("/claims").status_code == 200 and client.get("/").status_code == 200
    assert ingest.returncode == 0, ingest.stderr.read() if ingest.stderr else ""
    assert totals[0] < totals[-1], "the pages were read while the ingest wrote"
