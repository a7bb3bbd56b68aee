"""Copy a whole store into another database: a SQLite evidence base that outgrew one file moves
into PostgreSQL row for row (articles, claims, chains, clusters, copies, regimes), nothing
re-extracted or relinked. The target must be an empty store; the copy is one transaction, so an
interrupted copy leaves it empty again. Into PostgreSQL rows go through COPY, PostgreSQL's bulk path,
and the planner's statistics are gathered at the end."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, Table, delete, func, select, text

from armstrail import messages
from armstrail.errors import StoreError
from armstrail.store.db import store_name
from armstrail.store.schema import (
    actors,
    appearances,
    article_bands,
    article_signatures,
    articles,
    citations,
    claim_regimes,
    claim_sources,
    claims,
    cluster_claims,
    cluster_origins,
    clusters,
    sources,
    store_meta,
)

# Parents before children, so every foreign key finds its row.
TABLES: tuple[Table, ...] = (
    articles,
    sources,
    actors,
    claims,
    claim_sources,
    clusters,
    cluster_claims,
    cluster_origins,
    citations,
    appearances,
    article_signatures,
    article_bands,
    claim_regimes,
    store_meta,
)
CHUNK = 10_000


@dataclass
class CopyTally:
    rows: dict[str, int] = field(default_factory=dict)  # table -> rows copied

    def summary(self) -> str:
        return messages.STORE_COPIED.format(
            articles=self.rows.get("articles", 0),
            claims=self.rows.get("claims", 0),
            clusters=self.rows.get("clusters", 0),
            rows=sum(self.rows.values()),
        )


def copy_store(
    source: Engine, target: Engine, on_table: Callable[[str, int], None] | None = None
) -> CopyTally:
    """Copy every row of ``source`` into the empty store ``target`` (both migrated: open them
    with ``open_store``). ``on_table`` hears each table's name and row count once it is copied."""
    tally = CopyTally()
    with _snapshot(source) as reading, target.begin() as writing:
        if writing.execute(select(func.count()).select_from(articles)).scalar_one():
            raise StoreError(messages.STORE_COPY_TARGET_NOT_EMPTY.format(db=store_name(target)))
        writing.execute(delete(store_meta))  # the source's regimes version comes with its rows
        for table in TABLES:
            count = _copy_table(reading, writing, table)
            tally.rows[table.name] = count
            if on_table is not None:
                on_table(table.name, count)
        if target.dialect.name == "postgresql":
            # sources.id was copied as it is: the sequence must continue after the largest one.
            writing.execute(
                text(
                    "SELECT setval(pg_get_serial_sequence('sources', 'id'), "
                    "coalesce((SELECT max(id) FROM sources), 0) + 1, false)"
                )
            )
    _gather_statistics(target)
    return tally


@contextmanager
def _snapshot(source: Engine) -> Iterator[Connection]:
    """A connection that reads every table as of one moment, so a store an ingest is writing to
    is copied whole and consistent (the rows of a later batch neither half-arrive nor dangle)."""
    if source.dialect.name == "postgresql":
        connection = source.connect().execution_options(isolation_level="REPEATABLE READ")
        with connection as reading, reading.begin():
            yield reading
        return
    with source.connect() as reading:
        reading.exec_driver_sql("BEGIN")  # pysqlite begins none before a SELECT; WAL keeps the snapshot
        try:
            yield reading
        finally:
            reading.rollback()


def _copy_table(reading: Connection, writing: Connection, table: Table) -> int:
    columns = [column.name for column in table.columns]
    rows = _rows(reading, table)
    if writing.dialect.name == "postgresql":
        return _copy_postgres(writing, table.name, columns, rows)
    count = 0
    statement = table.insert()
    for chunk in _chunks(rows):
        writing.execute(statement, [dict(zip(columns, row, strict=True)) for row in chunk])
        count += len(chunk)
    return count


def _rows(reading: Connection, table: Table) -> Iterator[Sequence[Any]]:
    """The table's rows in primary-key order, streamed (a million-article store never sits in memory)."""
    query = select(*table.columns).order_by(*table.primary_key.columns)
    result = reading.execution_options(stream_results=True, yield_per=CHUNK).execute(query)
    for row in result:
        yield tuple(row)


def _copy_postgres(writing: Connection, name: str, columns: list[str], rows: Iterator[Sequence[Any]]) -> int:
    quoted = ", ".join(f'"{column}"' for column in columns)
    driver = writing.connection.driver_connection
    assert driver is not None, "a connection in a transaction has its driver connection"
    cursor = driver.cursor()  # psycopg: COPY is its own protocol
    count = 0
    with cursor.copy(f'COPY "{name}" ({quoted}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def _chunks(rows: Iterator[Sequence[Any]]) -> Iterator[list[Sequence[Any]]]:
    chunk: list[Sequence[Any]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _gather_statistics(engine: Engine) -> None:
    """Plans need statistics at once: a freshly filled table looks empty to the planner. On
    PostgreSQL a VACUUM also marks the new pages all-visible, so counts can read indexes alone."""
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            connection.execution_options(isolation_level="AUTOCOMMIT").execute(text("VACUUM ANALYZE"))
        else:
            connection.execute(text("ANALYZE"))
            connection.commit()
