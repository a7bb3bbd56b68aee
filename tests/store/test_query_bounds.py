"""Bounded query times (``bound_queries``), on SQLite and PostgreSQL: a statement that runs past
the bound is stopped with an error ``is_query_timeout`` recognises, the connection stays usable,
and a bound can be changed or lifted. The long statements are real work (a counting recursion on
SQLite, ``pg_sleep`` on PostgreSQL); nothing is mocked and nothing asserts a duration."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError

from armstrail.store import bound_queries, is_query_timeout, open_store

# Five million steps of a recursive count on SQLite; five seconds of sleep on PostgreSQL.
LONG = {
    "sqlite": "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000000) "
    "SELECT count(*) FROM n",
    "postgresql": "SELECT pg_sleep(5)",
}


def _long(engine: Engine) -> None:
    with engine.connect() as connection:
        connection.execute(text(LONG[engine.dialect.name])).all()


def _quick(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text("SELECT 1 + 1")).scalar_one())


def test_a_statement_past_the_bound_is_stopped(db: str) -> None:
    engine = open_store(db)
    bound_queries(engine, 0.05)
    with pytest.raises(OperationalError) as stopped:
        _long(engine)
    assert is_query_timeout(stopped.value)
    assert _quick(engine) == 2  # the pooled connection still answers
    with pytest.raises(OperationalError):
        _long(engine)  # and every statement is bounded, not only the first


def test_other_errors_are_not_taken_for_timeouts(db: str) -> None:
    engine = open_store(db)
    bound_queries(engine, 5)
    with pytest.raises(Exception) as failed, engine.connect() as connection:
        connection.execute(text("SELECT * FROM no_such_table"))
    assert not is_query_timeout(failed.value)


def test_a_bound_can_be_raised(db: str) -> None:
    engine = open_store(db)
    bound_queries(engine, 0.05)
    with pytest.raises(OperationalError):
        _long(engine)
    bound_queries(engine, 3600)  # the same engine, a new bound: the long statement completes
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            assert connection.execute(text("SHOW statement_timeout")).scalar_one() == "1h"
    else:
        _long(engine)


def test_a_bound_of_zero_lifts_it(db: str) -> None:
    engine = open_store(db)
    bound_queries(engine, 0)  # never bounded: nothing to do
    assert _quick(engine) == 2
    bound_queries(engine, 0.05)
    with pytest.raises(OperationalError):
        _long(engine)
    bound_queries(engine, 0)  # lifted: the long statement completes
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            assert connection.execute(text("SHOW statement_timeout")).scalar_one() == "0"
    else:
        _long(engine)
