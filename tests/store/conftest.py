"""The store tests run on SQLite and on a real PostgreSQL server (``ARMSTRAIL_TEST_PG``, a server
URL: `.ci/run` starts one with `.ci/postgres.sh`). Each PostgreSQL test gets its own database."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

SERVER = os.environ.get("ARMSTRAIL_TEST_PG")


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A store location on each backend: a SQLite file path, or a fresh PostgreSQL database URL."""
    if request.param == "sqlite":
        yield str(tmp_path / "store.db")
        return
    if not SERVER:
        if os.environ.get("CI"):
            pytest.fail("CI runs the store tests on PostgreSQL, but ARMSTRAIL_TEST_PG is not set")
        pytest.skip("no PostgreSQL: set ARMSTRAIL_TEST_PG (PGDIR=$(mktemp -d) bash .ci/postgres.sh start)")
    name = f"armstrail_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(SERVER, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield SERVER.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(SERVER, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
