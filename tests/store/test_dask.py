"""`ingest --dask`: extraction as Dask tasks on a LocalCluster of two worker processes stores exactly
what a one-process ingest stores (articles, claims, chains, clusters, citations, regimes), on
PostgreSQL and SQLite, for the corpora's 330 articles and for 2,000 composed from their paragraphs,
and still does when a worker is killed mid-run (Dask reruns its tasks; the client writes each
result once)."""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import replace
from pathlib import Path
from typing import Any

import psutil
import pytest
from click.testing import CliRunner
from sqlalchemy import Engine

from armstrail.cli import cli
from armstrail.errors import ArmstrailError
from armstrail.pipeline import Extraction
from armstrail.settings import Settings
from armstrail.store import ingest_paths, open_store

ROOT = Path(__file__).resolve().parents[2]


def _inputs(shared_corpus: Callable[..., Path]) -> list[Path]:
    """About 330 real articles: the dev and train corpora and the texts with no transfer."""
    return [shared_corpus("dev"), shared_corpus("train"), ROOT / "tests" / "negatives"]


@pytest.fixture(scope="module")
def one_process(
    shared_corpus: Callable[..., Path],
    store_location: Callable[[str, Path], AbstractContextManager[str]],
    tmp_path_factory: pytest.TempPathFactory,
    stored_rows: Callable[[Engine], Any],
) -> Iterator[dict[str, list[tuple[Any, ...]]]]:
    with store_location("sqlite", tmp_path_factory.mktemp("one")) as location:
        engine = open_store(location)
        tally = ingest_paths(_inputs(shared_corpus), engine, replace(Settings(), workers=1))
        assert tally.stored > 300 and tally.failed == 0
        yield stored_rows(engine)
        engine.dispose()


@pytest.mark.parametrize("backend", ["postgresql", "sqlite"])
def test_dask_ingest_stores_what_one_process_stores(
    backend: str,
    one_process: dict[str, list[tuple[Any, ...]]],
    shared_corpus: Callable[..., Path],
    store_location: Callable[[str, Path], AbstractContextManager[str]],
    tmp_path: Path,
    stored_rows: Callable[[Engine], Any],
) -> None:
    with store_location(backend, tmp_path) as location:
        run = CliRunner().invoke(
            cli,
            ["ingest", *map(str, _inputs(shared_corpus)), "--db", location, "--dask", "local:2", "--quiet"],
        )
        assert run.exit_code == 0, run.output
        engine = open_store(location)
        assert stored_rows(engine) == one_process
        engine.dispose()


def _kill_a_worker() -> int:
    """SIGKILL one of this process's Dask worker processes; its pid."""
    children = [
        p for p in psutil.Process().children() if "spawn_main" in " ".join(p.cmdline()) and p.is_running()
    ]
    assert children, "the LocalCluster's workers are child processes"
    os.kill(children[0].pid, signal.SIGKILL)
    return children[0].pid


def test_a_worker_killed_mid_run_changes_nothing_stored(
    one_process: dict[str, list[tuple[Any, ...]]],
    shared_corpus: Callable[..., Path],
    store_location: Callable[[str, Path], AbstractContextManager[str]],
    tmp_path: Path,
    stored_rows: Callable[[Engine], Any],
) -> None:
    killed: list[int] = []

    def kill_once(result: Extraction | Any) -> None:
        if not killed and isinstance(result, Extraction) and len(seen) == 40:
            killed.append(_kill_a_worker())
        seen.append(result)

    seen: list[Any] = []
    with store_location("postgresql", tmp_path) as location:
        engine = open_store(location)
        settings = replace(Settings(), dask="local:2")
        tally = ingest_paths(_inputs(shared_corpus), engine, settings, on_result=kill_once)
        assert killed, "a worker was killed"
        assert tally.failed == 0
        assert stored_rows(engine) == one_process
        engine.dispose()


def test_an_unreachable_scheduler_is_a_clear_error(
    shared_corpus: Callable[..., Path], tmp_path: Path
) -> None:
    settings = replace(Settings(), dask="tcp://127.0.0.1:9")
    with pytest.raises(ArmstrailError, match="cannot use the Dask cluster"):
        ingest_paths([shared_corpus("dev")], open_store(tmp_path / "x.db"), settings)


def _composed(shared_corpus: Callable[..., Path], folder: Path, count: int = 2000) -> Path:
    """``count`` distinct articles (one JSON Lines file), each of 3 to 6 paragraphs drawn (seeded)
    from the dev and train corpora and the texts with no transfer: real sentences, new texts, none
    a near copy of another, so every one is read, screened and extracted."""
    import json
    import random

    from armstrail.model import Article
    from armstrail.read import read_paths

    pool = [
        paragraph.strip()
        for item in read_paths(_inputs(shared_corpus))
        if isinstance(item, Article)
        for paragraph in item.text.split("\n\n")
        if len(paragraph.split()) >= 8
    ]
    rng = random.Random(2000)
    path = folder / "composed.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for n in range(count):
            text = "\n\n".join(rng.sample(pool, rng.randint(3, 6)))
            record = {
                "id": f"composed-{n}",
                "text": text,
                "outlet": "Composed Wire",
                "published": "2024-05-01",
            }
            out.write(json.dumps(record) + "\n")
    return path


def test_dask_ingest_of_2000_articles_into_postgresql_equals_one_process(
    shared_corpus: Callable[..., Path],
    store_location: Callable[[str, Path], AbstractContextManager[str]],
    tmp_path: Path,
    stored_rows: Callable[[Engine], Any],
) -> None:
    composed = str(_composed(shared_corpus, tmp_path))
    stored: list[Any] = []
    for options in ([], ["--dask", "local:2"]):
        with store_location("postgresql", tmp_path) as location:
            run = CliRunner().invoke(cli, ["ingest", composed, "--db", location, "--quiet", *options])
            assert run.exit_code == 0, run.output
            engine = open_store(location)
            stored.append(stored_rows(engine))
            engine.dispose()
    one, dask = stored
    assert len(one["articles"]) == 2000 and len(one["claims"]) > 1000
    assert dask == one
