"""Store faults (issue 13), each against the real backend: a PostgreSQL server stopped mid-ingest, a
full disk for SQLite, a store that is read-only or not a database, and two ingests into one SQLite
file at once. What must hold: a clear error by name and a non-zero exit, nothing half-written,
earlier batches intact, and a re-run that stores the rest with nothing duplicated."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import Engine, event, func, select, text

from armstrail.store import ingest_paths, open_store
from armstrail.store.ingest import IngestOptions
from armstrail.store.schema import (
    articles,
)

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
POSTGRES_SH = ROOT / ".ci" / "postgres.sh"


def _armstrail(*args: str, **kwargs: Any) -> subprocess.Popen[str]:
    env = {**os.environ, "ARMSTRAIL_WORKERS": "1"}
    command = [sys.executable, "-m", "armstrail.cli", *args]
    return subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, **kwargs
    )


def _count(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(articles)).scalar_one())


# -- a store that cannot be written or read -----------------------------------------------------


def _new_article(folder: Path) -> Path:
    path = folder / "new-report.txt"
    path.write_text("Russia received new Iranian drones in March, Ukrainian officials said.\n")
    return path


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("faults") / "store.db"
    ingest_paths([SAMPLES], open_store(db))
    return db


def test_a_read_only_store_is_refused_by_name_before_any_work(sample_store: Path, tmp_path: Path) -> None:
    """Made immutable (``chattr +i``), which binds root too: CI runs as root, where permissions do not."""
    db = tmp_path / "read-only.db"
    shutil.copy(sample_store, db)
    if subprocess.run(["chattr", "+i", str(db)], capture_output=True).returncode != 0:
        pytest.skip("chattr +i is not available on this file system")
    try:
        before = db.read_bytes()
        run = _armstrail("ingest", str(_new_article(tmp_path)), "--db", str(db), "--quiet")
        out, err = run.communicate(timeout=120)
        assert run.returncode != 0
        # refused when opened (SQLite writes to open a WAL store) or by the write probe
        assert f"the store {db}" in err and "readonly" in err, err
        assert "Traceback" not in err + out
        assert db.read_bytes() == before
    finally:
        subprocess.run(["chattr", "-i", str(db)], check=True)


def test_a_file_that_is_not_a_database_is_refused_and_left_alone(tmp_path: Path) -> None:
    db = tmp_path / "notes.txt"
    db.write_text("meeting notes, not a store\n")
    for command in (["ingest", str(_new_article(tmp_path))], ["claims"], ["stories"], ["serve"]):
        run = _armstrail(*command, "--db", str(db))
        out, err = run.communicate(timeout=120)
        assert run.returncode != 0, command
        assert f"cannot open the store {db}: file is not a database" in err, (command, err)
        assert "Traceback" not in err + out and "sqlalche.me" not in err
    assert db.read_text() == "meeting notes, not a store\n"


# -- a full disk ----------------------------------------------------------------------------------


def test_a_full_disk_fails_the_batch_in_flight_and_keeps_the_earlier_ones(
    tmp_path: Path, stored_rows: Callable[[Engine], Any]
) -> None:
    """SQLite's ``max_page_count`` makes the disk full a few pages after the first batches."""
    full = open_store(tmp_path / "full.db")
    ingest_paths([SAMPLES / "example-newswire-20221120-iran-drones.txt"], full)
    with full.connect() as connection:
        pages = int(connection.exec_driver_sql("PRAGMA page_count").scalar_one())

    def limit(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages + 12}")

    event.listen(full, "connect", limit)
    full.dispose()
    tally = ingest_paths([SAMPLES], full, options=IngestOptions(batch_size=2))
    assert tally.failed > 0, "the limit should have been reached"
    assert all("full" in p.reason for p in tally.problems), [p.reason for p in tally.problems]
    with full.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA integrity_check").scalar_one() == "ok"
    # every stored article is whole: the same rows as a store with room for everything
    roomy = open_store(tmp_path / "roomy.db")
    ingest_paths([SAMPLES / "example-newswire-20221120-iran-drones.txt"], roomy)
    ingest_paths([SAMPLES], roomy, options=IngestOptions(batch_size=2))
    stored = {row[0] for row in stored_rows(full)["articles"]}
    assert len(stored) == 1 + tally.stored
    expected = stored_rows(roomy)
    got = stored_rows(full)
    assert got["claims"] == [row for row in expected["claims"] if row[1] in stored]
    assert got["claim_sources"] == [
        row for row in expected["claim_sources"] if row[0].split("#")[0] in stored
    ]


# -- PostgreSQL stopped mid-ingest ----------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def own_server() -> Iterator[Callable[[str], str]]:
    """A PostgreSQL server of this test's own (``.ci/postgres.sh``), so it may stop it: the callable
    runs start, stop or resume and returns the server URL."""
    if os.geteuid() != 0 or not Path("/usr/lib/postgresql/15/bin/initdb").exists():
        if os.environ.get("CI"):
            pytest.fail("CI runs the PostgreSQL fault test: it needs root and PostgreSQL 15")
        pytest.skip("needs root and PostgreSQL 15 to start and stop a server of its own")
    folder = Path(tempfile.mkdtemp(prefix="armstrail-pg-"))  # the server's user must reach it: not tmp_path
    env = {**os.environ, "PGDIR": str(folder), "PGPORT": str(_free_port())}

    def server(action: str) -> str:
        done = subprocess.run(["bash", str(POSTGRES_SH), action], env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    try:
        yield server
    finally:
        server("stop")
        shutil.rmtree(folder, ignore_errors=True)


def test_postgresql_stopped_mid_ingest_then_a_rerun_stores_the_rest(
    own_server: Callable[[str], str], shared_corpus: Callable[..., Path], stored_rows: Callable[[Engine], Any]
) -> None:
    inputs = [str(shared_corpus("dev")), str(shared_corpus("train"))]
    base = own_server("start").rsplit("/", 1)[0]
    with psycopg.connect(base + "/postgres", autocommit=True) as admin:
        admin.execute("CREATE DATABASE interrupted")
        admin.execute("CREATE DATABASE reference")
    url = base + "/interrupted"
    engine = open_store(url)
    run = _armstrail("ingest", *inputs, "--db", url, "--quiet")
    deadline = time.monotonic() + 300
    while _count(engine) < 40:  # the first batches are stored: stop the server under the rest
        assert run.poll() is None and time.monotonic() < deadline, "ingest ended before it could be stopped"
        time.sleep(0.2)
    engine.dispose()
    own_server("stop")
    out, err = run.communicate(timeout=300)
    assert run.returncode != 0
    assert "lost the store" in err and "run the same ingest again" in err, err[-2000:]
    assert "Traceback" not in err + out

    own_server("resume")
    rerun = _armstrail("ingest", *inputs, "--db", url, "--quiet")
    _, err = rerun.communicate(timeout=600)
    assert rerun.returncode == 0, err[-2000:]
    reference = _armstrail("ingest", *inputs, "--db", base + "/reference", "--quiet")
    _, err = reference.communicate(timeout=600)
    assert reference.returncode == 0, err[-2000:]
    resumed, whole = stored_rows(open_store(url)), stored_rows(open_store(base + "/reference"))
    for table, rows in whole.items():
        differ = sorted(set(resumed[table]) ^ set(rows), key=repr)[:6]
        assert not differ, (table, [[str(v) for v in row] for row in differ])


# -- two writers, and a reader while one writes (SQLite) -------------------------------------------


def test_two_ingests_into_one_sqlite_file_lose_nothing(
    tmp_path: Path, shared_corpus: Callable[..., Path], stored_rows: Callable[[Engine], Any]
) -> None:
    """Two processes ingest overlapping inputs into one file at once; the store ends as one ingest
    of the union would leave its articles and claims."""
    dev, negatives = str(shared_corpus("dev")), str(ROOT / "tests" / "negatives")
    db = str(tmp_path / "shared.db")
    open_store(db).dispose()
    first = _armstrail("ingest", dev, negatives, "--db", db, "--quiet")
    second = _armstrail("ingest", negatives, str(SAMPLES), "--db", db, "--quiet")
    for run in (first, second):
        _, err = run.communicate(timeout=600)
        assert run.returncode == 0, err[-2000:]
    alone = str(tmp_path / "alone.db")
    one = _armstrail("ingest", dev, negatives, str(SAMPLES), "--db", alone, "--quiet")
    _, err = one.communicate(timeout=600)
    assert one.returncode == 0, err[-2000:]
    both, single = stored_rows(open_store(db)), stored_rows(open_store(alone))
    assert both["articles"] == single["articles"] and both["claims"] == single["claims"]
    with open_store(db).connect() as connection:
        assert connection.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
