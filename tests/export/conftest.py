"""One store filled from the bundled samples per backend (SQLite, and PostgreSQL when
``ARMSTRAIL_TEST_PG`` is set) for every export test: ingesting runs the extractor, so it is done
once per backend, and every export test runs on each. The exports are read through the command
line, as users run them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path

import pytest
from click.testing import CliRunner

from armstrail.cli import cli

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def db(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    store_location: Callable[[str, Path], AbstractContextManager[str]],
) -> Iterator[str]:
    with store_location(request.param, tmp_path_factory.mktemp("export")) as location:
        run = CliRunner().invoke(cli, ["ingest", str(SAMPLES), "--db", location, "--quiet"])
        assert run.exit_code == 0, run.output
        yield location


@pytest.fixture(scope="session")
def export_text(db: str) -> Callable[[str], str]:
    """``export_text(fmt)``: what ``armstrail export --format fmt --out -`` prints for the store."""

    def run(fmt: str) -> str:
        result = CliRunner().invoke(cli, ["export", "--db", db, "--format", fmt, "--out", "-"])
        assert result.exit_code == 0, result.output
        return result.output

    return run
