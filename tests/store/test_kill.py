"""A killed ingest leaves a sound store with whole articles only, and a re-run finishes the rest."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ARTICLES = 1000
TEMPLATE = "Iran has supplied {n} drones to Russia, the Pentagon said on Monday."


def _corpus(path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        for n in range(ARTICLES):
            record = {"id": f"k{n:04d}", "published": "2023-05-01", "text": TEMPLATE.format(n=100 + n)}
            out.write(json.dumps(record) + "\n")


def _ingest(corpus: Path, db: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "armstrail.cli", "ingest", str(corpus), "--db", str(db)]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _stored(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=5) as connection:
            return int(connection.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.OperationalError:  # not created yet
        return 0


def test_sigkill_mid_ingest_then_rerun(tmp_path: Path) -> None:
    corpus, db = tmp_path / "many.jsonl", tmp_path / "kill.db"
    _corpus(corpus)
    process = _ingest(corpus, db)
    deadline = time.monotonic() + 300
    while _stored(db) < 100 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)  # reading while the ingest writes: WAL lets this query run
    assert process.poll() is None, "the ingest ended before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.wait()

    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = connection.execute("SELECT count(*) FROM articles").fetchone()[0]
        assert 100 <= stored < ARTICLES
        per_article = connection.execute(
            "SELECT a.id, count(c.id) FROM articles a LEFT JOIN claims c ON c.article_id = a.id GROUP BY a.id"
        ).fetchall()
        assert {count for _id, count in per_article} == {1}, "an article was stored without its claim"
        orphans = connection.execute(
            "SELECT count(*) FROM claims c LEFT JOIN claim_sources s ON s.claim_id = c.id"
            " WHERE s.claim_id IS NULL"
        ).fetchone()[0]
        assert orphans == 0, "a claim was stored without its attribution chain"
        assert _linked(connection) == stored, "a stored claim is missing from its story cluster"

    rerun = _ingest(corpus, db)
    _out, err = rerun.communicate(timeout=600)
    assert rerun.returncode == 0, err.decode()
    assert f"{ARTICLES - stored} article(s) stored" in err.decode()
    assert f"{stored} already stored and unchanged" in err.decode()
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert connection.execute("SELECT count(*), count(DISTINCT id) FROM articles").fetchone() == (
            ARTICLES,
            ARTICLES,
        )
        assert connection.execute("SELECT count(*) FROM claims").fetchone()[0] == ARTICLES
        assert _linked(connection) == ARTICLES


def _linked(connection: sqlite3.Connection) -> int:
    """Claims filed in a cluster, checked against the cluster's own tally of reports (one story)."""
    filed = connection.execute("SELECT count(*) FROM cluster_claims").fetchone()[0]
    reports = connection.execute("SELECT sum(reports), sum(asserts) FROM clusters").fetchone()
    assert reports == (filed, filed), "a cluster's tallies disagree with its claims"
    return int(filed)
