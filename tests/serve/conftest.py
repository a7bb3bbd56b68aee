"""The store most serve tests read: the bundled samples ingested once per module and backend."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from armstrail.store import ingest_paths, open_store

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def engine(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, store_location: Any
) -> Iterator[Engine]:
    """The bundled samples ingested once per backend (the NLP costs seconds), read by every test."""
    with store_location(request.param, tmp_path_factory.mktemp("samples")) as location:
        store = open_store(location)
        ingest_paths([ROOT / "samples"], store)
        yield store
        store.dispose()
