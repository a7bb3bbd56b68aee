"""`--workers`: extraction spread over processes gives the same results in the same order as one
process, through `extract` and `ingest`, and survives a worker killed mid-run (its chunks retried,
nothing lost, nothing twice)."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from armstrail import messages
from armstrail.cli import cli
from armstrail.errors import ModelMissingError
from armstrail.model import Article, Problem
from armstrail.pipeline import Extraction, extract_articles
from armstrail.read import read_paths
from armstrail.settings import Settings
from armstrail.store import ingest_paths, open_store, stored_claims
from armstrail.store.schema import articles

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
FRENCH = (
    "Le gouvernement a annoncé mardi que les livraisons reprendraient la semaine prochaine, "
    "selon le ministre."
)


def _stream(copies: int = 4) -> list[Article | Problem]:
    """The samples several times over under new ids, with a problem and a French text among them:
    long enough to be spread over workers."""
    read = [item for item in read_paths([SAMPLES], Settings()) if isinstance(item, Article)]
    stream: list[Article | Problem] = []
    for n in range(copies):
        stream.extend(replace(a, id=f"{a.id}-{n}") for a in read)
        stream.append(Problem(f"broken-{n}.json", "not JSON"))
        stream.append(Article(id=f"french-{n}", text=FRENCH))
    return stream


def _summary(results: list[Extraction | Problem]) -> list[object]:
    return [
        (r.origin, r.reason)
        if isinstance(r, Problem)
        else (r.article.id, r.analysed, [c.to_json() for c in r.claims], r.extractor)
        for r in results
    ]


@pytest.fixture(scope="module")
def one_process() -> list[object]:
    return _summary(list(extract_articles(_stream(), replace(Settings(), workers=1), keep_foreign=True)))


def test_two_workers_give_what_one_process_gives_in_order(one_process: list[object]) -> None:
    settings = replace(Settings(), workers=2, batch_size=4)
    assert _summary(list(extract_articles(_stream(), settings, keep_foreign=True))) == one_process
    assert len(one_process) == 48


def test_a_worker_killed_mid_run_loses_nothing_and_repeats_nothing(one_process: list[object]) -> None:
    settings = replace(Settings(), workers=2, batch_size=4)
    results: list[Extraction | Problem] = []
    killed = 0
    for result in extract_articles(_stream(), settings, keep_foreign=True):
        results.append(result)
        if len(results) == 6:  # the first chunks are done and others in flight: kill one worker
            children = multiprocessing.active_children()
            assert children, "the workers are child processes"
            os.kill(children[0].pid or 0, signal.SIGKILL)
            killed += 1
    assert killed == 1
    assert _summary(results) == one_process


def _text_folder(tmp_path: Path) -> Path:
    """The stream's articles as text files (their ids from the file names), for the commands."""
    folder = tmp_path / "in"
    folder.mkdir()
    for item in _stream(3):
        if isinstance(item, Article):
            (folder / f"{item.id}.txt").write_text(item.text, "utf-8")
    return folder


def test_ingest_with_workers_stores_what_one_process_stores(tmp_path: Path) -> None:
    folder = _text_folder(tmp_path)
    stores = {}
    for workers in (1, 2):
        engine = open_store(tmp_path / f"w{workers}.db")
        tally = ingest_paths([folder], engine, replace(Settings(), workers=workers, batch_size=4))
        assert tally.failed == 0
        with engine.connect() as connection:
            count = connection.execute(select(func.count()).select_from(articles)).scalar_one()
        claims = [(s.id, s.claim.to_json()) for s in stored_claims(engine)]
        stores[workers] = (count, tally.stored, tally.claims, claims)
    assert stores[1] == stores[2]
    assert stores[2][0] > 0 and stores[2][2] > 0


def test_the_cli_takes_workers(tmp_path: Path) -> None:
    folder = _text_folder(tmp_path)
    outputs = []
    for workers in ("1", "2"):
        run = CliRunner().invoke(cli, ["extract", str(folder), "--out", "-", "--quiet", "--workers", workers])
        assert run.exit_code == 0, run.output
        outputs.append(run.output)
    assert outputs[0] == outputs[1] and outputs[0].count("\n") == 33
    bad = CliRunner().invoke(cli, ["extract", str(folder), "--out", "-", "--workers", "0"])
    assert bad.exit_code == 2 and "--workers" in bad.output


def test_a_missing_model_is_said_once_not_as_dead_workers() -> None:
    settings = replace(Settings(), workers=2, batch_size=4, model="no_such_spacy_model")
    with pytest.raises(ModelMissingError, match="pip install"):
        list(extract_articles(_stream(), settings))


def test_a_script_without_a_main_guard_gets_a_clear_error(tmp_path: Path) -> None:
    """Spawned workers import the caller's main module: a script that does its work at import time
    breaks every worker at start. That is said as such, not as forty dead-worker problems."""
    script = tmp_path / "unguarded.py"
    script.write_text(
        "from dataclasses import replace\n"
        "from armstrail.model import Article\n"
        "from armstrail.pipeline import extract_articles\n"
        "from armstrail.settings import Settings\n"
        "items = [Article(id=f'a{n}', text='Iran supplied drones to Russia.') for n in range(40)]\n"
        "list(extract_articles(items, replace(Settings(), workers=2, batch_size=4)))\n",
        "utf-8",
    )
    run = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300)
    assert run.returncode != 0
    assert messages.WORKERS_CANNOT_START in run.stderr
