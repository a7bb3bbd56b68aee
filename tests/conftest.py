"""Shared fixtures for the unit tests: the real spaCy pipeline, the real gazetteer and a builder of
``ArticleContext`` objects for sentences written in the tests (no mocks)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import psycopg
import pytest
from hypothesis import settings as hypothesis_settings

from armstrail.analyse.gazetteer import Gazetteer, load_gazetteer
from armstrail.analyse.nlp import load_pipeline
from armstrail.extract.context import ArticleContext
from armstrail.model import Article

# One extraction process unless a test asks for more (tests/test_workers.py): most tests extract a
# few articles, and spawning workers that each load the pipeline would cost more than they do.
os.environ.setdefault("ARMSTRAIL_WORKERS", "1")

CtxFor = Callable[..., ArticleContext]
SharedCorpus = Callable[..., Path]

# The dev corpus and its scorers live in ../shared/corpus, beside the repository and never in it.
SHARED_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"

# CI runs every property test and fuzzer with its fixed example budget, derandomised: the same
# examples on every run, so a red build is reproducible and a green one is not luck.
hypothesis_settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")


@pytest.fixture(scope="session")
def nlp() -> Any:
    return load_pipeline()


@pytest.fixture(scope="session")
def gaz() -> Gazetteer:
    return load_gazetteer()


@pytest.fixture(scope="session")
def ctx_for(nlp: Any, gaz: Gazetteer) -> CtxFor:
    """``ctx_for(text, published=None)``: the context the extractor builds for an article whose
    body is ``text``, before any sentence is read (its coreference memory is empty)."""

    def build(text: str, published: date | None = None) -> ArticleContext:
        article = Article(id="unit", text=text, published=published)
        return ArticleContext.build(article, nlp(text), gaz)

    return build


def _shared_corpus(*parts: str) -> Path:
    """``../shared/corpus/<parts>``, skipping the test when it is absent so that a lone clone passes
    `make test`; under ``CI=true`` a missing corpus is a broken checkout, so it fails instead."""
    path = SHARED_CORPUS.joinpath(*parts)
    if not path.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"the shared corpus is missing: {path} (CI needs ../shared beside the repository)")
        pytest.skip("needs ../shared/corpus (not beside this clone)")
    return path


@pytest.fixture(scope="session")
def shared_corpus() -> SharedCorpus:
    """``shared_corpus("dev")``, ``shared_corpus("score.py")``: the one way tests reach ../shared."""
    return _shared_corpus


# The store tests run on SQLite and on a real PostgreSQL server (``ARMSTRAIL_TEST_PG``, a server URL:
# `.ci/run` starts one with `.ci/postgres.sh`). Each PostgreSQL test gets its own database.
SERVER = os.environ.get("ARMSTRAIL_TEST_PG")


@contextmanager
def _store_location(backend: str, folder: Path) -> Iterator[str]:
    """A SQLite file path in ``folder``, or a fresh PostgreSQL database URL dropped afterwards."""
    if backend == "sqlite":
        yield str(folder / "store.db")
        return
    if not SERVER:
        if os.environ.get("CI"):
            pytest.fail("CI runs the store tests on PostgreSQL, but ARMSTRAIL_TEST_PG is not set")
        pytest.skip("no PostgreSQL: set ARMSTRAIL_TEST_PG (PGDIR=$(mktemp -d) bash .ci/postgres.sh start)")
    name = f"armstrail_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(SERVER, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield SERVER.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(SERVER, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def store_location() -> Callable[[str, Path], AbstractContextManager[str]]:
    """``with store_location(backend, folder) as db:`` for fixtures of a wider scope than ``db``."""
    return _store_location


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A store location on each backend: a SQLite file path, or a fresh PostgreSQL database URL."""
    with _store_location(request.param, tmp_path) as location:
        yield location
