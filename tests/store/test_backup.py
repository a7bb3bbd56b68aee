"""`armstrail backup` (issue 13): a SQLite store backed up while in use restores with every article,
claim and cluster; a transaction still open during the backup is not in it; an interrupted or
refused backup leaves nothing under the name asked for. For PostgreSQL the documented pg_dump /
pg_restore commands are run for real and the restored database compared."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, text

from armstrail.cli import cli
from armstrail.errors import StoreError
from armstrail.store import ingest_paths, open_store
from armstrail.store.backup import backup_store

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("backup") / "store.db"
    tally = ingest_paths([ROOT / "samples"], open_store(db))
    assert tally.stored >= 9 and tally.claims > 0
    return db


def test_a_backup_restores_every_article_claim_and_cluster(
    store: Path, tmp_path: Path, every_row: Callable[[Engine], Any]
) -> None:
    out = tmp_path / "backup.db"
    result = CliRunner().invoke(cli, ["backup", "--db", str(store), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "backup written to" in result.output
    restored = every_row(open_store(out, create=False))
    assert restored == every_row(open_store(store, create=False))
    assert restored["articles"] and restored["claims"] and restored["clusters"]
    assert not out.with_name("backup.db.partial").exists()


def test_what_is_not_committed_during_the_backup_is_not_in_it(
    store: Path, tmp_path: Path, every_row: Callable[[Engine], Any]
) -> None:
    live = tmp_path / "live.db"
    shutil.copy(store, live)
    engine = open_store(live)
    before = every_row(engine)
    writer = open_store(live).connect()
    writer.execute(text("UPDATE articles SET title = 'changed mid-backup'"))  # a transaction left open
    try:
        backup_store(engine, tmp_path / "during.db")
    finally:
        writer.commit()
        writer.close()
    assert every_row(open_store(tmp_path / "during.db", create=False)) == before


def test_a_backup_onto_the_store_itself_is_refused(store: Path) -> None:
    with pytest.raises(StoreError, match="the store itself"):
        backup_store(open_store(store, create=False), store)


def test_an_unwritable_destination_is_a_clear_error_and_leaves_nothing(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "no-such-folder" / "backup.db"
    result = CliRunner().invoke(cli, ["backup", "--db", str(store), "--out", str(out)])
    assert result.exit_code != 0
    assert "cannot write the backup" in result.output and "Traceback" not in result.output
    assert not out.exists() and not out.parent.exists()


def test_an_existing_backup_is_replaced_whole(
    store: Path, tmp_path: Path, every_row: Callable[[Engine], Any]
) -> None:
    out = tmp_path / "old.db"
    out.write_bytes(b"an older, shorter file")
    backup_store(open_store(store, create=False), out)
    assert every_row(open_store(out, create=False)) == every_row(open_store(store, create=False))


def test_postgresql_gets_the_pg_dump_command_and_it_restores_everything(
    store_location: Any, tmp_path: Path, every_row: Callable[[Engine], Any]
) -> None:
    with store_location("postgresql", tmp_path) as url:
        engine = open_store(url)
        ingest_paths([ROOT / "samples"], engine)
        result = CliRunner().invoke(cli, ["backup", "--db", url, "--out", str(tmp_path / "x.db")])
        assert result.exit_code != 0 and "pg_dump --format=custom" in result.output
        dump = tmp_path / "armstrail.dump"
        subprocess.run(["pg_dump", "--format=custom", f"--file={dump}", url], check=True)
        with store_location("postgresql", tmp_path) as restored_url:
            subprocess.run(["pg_restore", f"--dbname={restored_url}", str(dump)], check=True)
            restored = open_store(restored_url)
            assert every_row(restored) == every_row(engine)
            restored.dispose()
        engine.dispose()
