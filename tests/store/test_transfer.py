"""`armstrail copy-store`: a whole store copied into an empty one (SQLite or PostgreSQL) holds the
same rows in every table, refuses a target that already holds articles, and the copy keeps working
as a store (a later ingest adds to it)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, func, select

from armstrail.cli import cli
from armstrail.errors import StoreError
from armstrail.store import ingest_paths, open_store
from armstrail.store.schema import articles, sources
from armstrail.store.transfer import copy_store

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled samples ingested into SQLite, with one sample again under another id (a copy)."""
    folder = tmp_path_factory.mktemp("source")
    inputs = folder / "inputs"
    shutil.copytree(SAMPLES, inputs)
    record = json.loads((SAMPLES / "example-defence-daily-20230125-leopard.json").read_text())
    record["id"] = "syndicated-leopard"
    (inputs / "syndicated-leopard.json").write_text(json.dumps(record))
    db = folder / "source.db"
    tally = ingest_paths([inputs], open_store(db))
    assert tally.stored >= 9 and tally.duplicates == 1 and tally.claims > 0
    return db


def test_every_table_arrives_unchanged(source: Path, db: str, every_row: Callable[[Engine], Any]) -> None:
    engine = open_store(source, create=False)
    target = open_store(db)
    tally = copy_store(engine, target)
    expected = every_row(engine)
    assert every_row(target) == expected
    kept = ("articles", "claims", "claim_sources", "clusters", "appearances", "claim_regimes", "sources")
    for table in kept:
        assert tally.rows[table] == len(expected[table]) > 0, table


def test_the_copy_goes_on_as_a_store(source: Path, db: str, tmp_path: Path) -> None:
    target = open_store(db)
    copy_store(open_store(source, create=False), target)
    with target.connect() as connection:
        before = connection.execute(select(func.max(sources.c.id))).scalar_one()
    article = {  # an outlet no sample has: its source row needs the next id after the copied ones
        "id": "later-report",
        "outlet": "Lakeside Courier",
        "published": "2024-03-02",
        "text": "A new outlet, the Lakeside Courier, reported that Iran supplied drones to Russia in 2023.",
    }
    path = tmp_path / "later.json"
    path.write_text(json.dumps(article))
    tally = ingest_paths([path], target)
    assert tally.stored == 1 and tally.failed == 0
    with target.connect() as connection:
        assert connection.execute(select(func.count()).select_from(articles)).scalar_one() == 11
        assert connection.execute(select(func.max(sources.c.id))).scalar_one() > before


def test_a_target_with_articles_is_refused_untouched(
    source: Path, db: str, every_row: Callable[[Engine], Any]
) -> None:
    target = open_store(db)
    copy_store(open_store(source, create=False), target)
    before = every_row(target)
    with pytest.raises(StoreError, match="already holds articles"):
        copy_store(open_store(source, create=False), target)
    assert every_row(target) == before


def test_cli_copies_and_reports(source: Path, tmp_path: Path, every_row: Callable[[Engine], Any]) -> None:
    target = tmp_path / "copy.db"
    result = CliRunner().invoke(cli, ["copy-store", "--db", str(source), "--to", str(target)])
    assert result.exit_code == 0, result.output
    assert "claims: " in result.output and "rows in all" in result.output
    assert every_row(open_store(target)) == every_row(open_store(source, create=False))


def test_cli_needs_an_existing_source(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["copy-store", "--db", str(tmp_path / "none.db"), "--to", str(tmp_path / "t.db")]
    )
    assert result.exit_code != 0 and "no store at" in result.output


def test_a_store_written_during_the_copy_arrives_as_it_was_when_the_copy_began(
    source: Path, db: str, tmp_path: Path, every_row: Callable[[Engine], Any]
) -> None:
    live = tmp_path / "live.db"
    shutil.copy(source, live)
    engine = open_store(live)
    before = every_row(engine)
    later = tmp_path / "later.json"
    later.write_text(
        json.dumps({"id": "written-meanwhile", "text": "Russia received Iranian drones, officials said."})
    )
    written: list[int] = []

    def ingest_meanwhile(table: str, _rows: int) -> None:
        if table == "articles":  # an ingest commits while the copy has read articles, not claims
            written.append(ingest_paths([later], open_store(live)).stored)

    target = open_store(db)
    copy_store(engine, target, on_table=ingest_meanwhile)
    assert written == [1]
    assert every_row(target) == before
