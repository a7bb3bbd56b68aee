"""Open a store by path or URL, in one place: SQLite pragmas, and the schema brought to the newest
migration before anything reads or writes."""

from __future__ import annotations

import math
import sqlite3
import time
import weakref
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import DBAPIError

from armstrail import messages
from armstrail.errors import StoreError

MIGRATIONS = Path(__file__).parent / "migrations"
DEFAULT_DB = "armstrail.db"
PROGRESS_STEPS = 10_000  # SQLite virtual-machine steps between deadline checks (well under 1 ms)


def store_url(db: str | Path) -> str:
    """``postgresql://...`` and other URLs pass through; anything else is a SQLite file path."""
    text = str(db)
    if "://" in text:
        if text.startswith("postgresql://"):
            return "postgresql+psycopg://" + text.removeprefix("postgresql://")
        return text
    return f"sqlite:///{Path(text).expanduser()}"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets readers query while an ingest writes; foreign keys make deletes cascade.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    # Up to 64 MiB of page cache (the default is 2 MiB): linking reads a few index pages per claim
    # all over the store, and a large store otherwise pays a system call per page.
    cursor.execute("PRAGMA cache_size=-65536")
    cursor.close()


def refresh_statistics(engine: Engine) -> bool:
    """Gather SQLite's planner statistics again once the claims table has doubled since they were
    last gathered (or never were): without them SQLite cannot tell which side of a join is small
    and sorts whole tables for a page of 50. A full ANALYZE reads every index (about 0.15 s at 50k
    articles), and doubling makes that cost a small constant per stored claim. PostgreSQL's
    autovacuum does this by itself. Whether statistics were gathered."""
    if engine.dialect.name != "sqlite":
        return False
    with engine.begin() as connection:
        rows = int(connection.execute(text("SELECT count(*) FROM claims")).scalar_one())
        has_stats = connection.execute(
            text("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")
        ).scalar()
        stat = (
            connection.execute(
                text("SELECT stat FROM sqlite_stat1 WHERE idx = 'ix_claims_article_id'")
            ).scalar()
            if has_stats
            else None
        )
        then = int(str(stat).split()[0]) if stat else 0
        if rows == 0 or rows < 2 * then:
            return False
        connection.execute(text("ANALYZE"))
    return True


def bound_queries(engine: Engine, seconds: float) -> None:
    """Stop any statement on ``engine`` that runs longer than ``seconds`` (``armstrail serve``: one
    heavy request must not hold a worker). PostgreSQL enforces its ``statement_timeout``; SQLite has
    none, so a progress handler checks the running statement's deadline every few thousand steps.
    A stopped statement raises an OperationalError that ``is_query_timeout`` recognises. Calling it
    again changes the bound; 0 (or less) lifts it."""
    limit = _LIMITS.get(engine)
    if limit is not None:
        limit[0] = seconds
        return
    if seconds <= 0:
        return
    limit = _LIMITS[engine] = [seconds]
    if engine.dialect.name == "sqlite":
        event.listen(engine, "checkout", _sqlite_progress_handler)
        event.listen(engine, "before_cursor_execute", partial(_sqlite_deadline, limit=limit))
    elif engine.dialect.name == "postgresql":
        event.listen(engine, "checkout", partial(_postgres_timeout, limit=limit))


_LIMITS: weakref.WeakKeyDictionary[Engine, list[float]] = weakref.WeakKeyDictionary()


def _sqlite_progress_handler(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
    if "deadline" in record.info:
        return
    deadline = record.info["deadline"] = [math.inf]
    dbapi_connection.set_progress_handler(lambda: time.monotonic() > deadline[0], PROGRESS_STEPS)


def _sqlite_deadline(connection: Any, *_args: Any, limit: list[float]) -> None:
    deadline = connection.info.get("deadline")
    if deadline is not None:  # each statement gets its own time, counted from its start
        deadline[0] = time.monotonic() + limit[0] if limit[0] > 0 else math.inf


def _postgres_timeout(dbapi_connection: Any, record: Any, _proxy: Any, limit: list[float]) -> None:
    milliseconds = max(1, round(limit[0] * 1000)) if limit[0] > 0 else 0  # PostgreSQL: 0 is none
    if record.info.get("statement_timeout") == milliseconds:
        return
    with dbapi_connection.cursor() as cursor:
        cursor.execute(f"SET statement_timeout = {int(milliseconds)}")
    dbapi_connection.commit()  # a SET rolled back with its transaction would be undone
    record.info["statement_timeout"] = milliseconds


def is_query_timeout(error: BaseException) -> bool:
    """Whether ``error`` is a statement stopped by ``bound_queries``."""
    original = getattr(error, "orig", None)
    if type(original).__name__ == "QueryCanceled":  # psycopg, without importing it on SQLite
        return True
    return isinstance(original, sqlite3.OperationalError) and str(original) == "interrupted"


def open_store(db: str | Path = DEFAULT_DB, create: bool = True) -> Engine:
    """An engine on the store at ``db``, migrated to the newest schema. With ``create=False`` (the
    read-only commands) a SQLite file that does not exist is an error, not a new empty store."""
    url = store_url(db)
    if not create and "://" not in str(db) and not Path(db).expanduser().exists():
        raise StoreError(messages.NO_STORE.format(db=db))
    try:
        engine = create_engine(url)
    except Exception as error:  # bad URL or missing driver
        raise StoreError(messages.STORE_UNREADABLE.format(db=db, reason=error)) from error
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    try:
        upgrade(engine)
    except Exception as error:
        reason = error.orig if isinstance(error, DBAPIError) else error  # the driver's words, no links
        raise StoreError(messages.STORE_UNREADABLE.format(db=db, reason=reason)) from error
    from armstrail.store.regimes import sync_regimes

    sync_regimes(engine)  # regimes follow data/regimes.json without re-extraction
    return engine


def store_name(engine: Engine) -> str:
    """The store as a user named it: a SQLite file's path, a server URL without its password."""
    if engine.dialect.name == "sqlite":
        return str(engine.url.database)
    return engine.url.set(drivername="postgresql").render_as_string(hide_password=True)


def reachable(engine: Engine) -> bool:
    """Whether the store answers at all (a server that stopped, a network that went away)."""
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except DBAPIError:
        return False
    return True


def ensure_writable(engine: Engine) -> None:
    """Refuse at once, by name, a store that cannot take writes (a read-only file or file system, a
    PostgreSQL standby), instead of failing every batch of an ingest one by one. The probe writes
    one row and rolls it back: SQLite opens a file it cannot write read-only and says so only when
    a page is written."""
    name = store_name(engine)
    try:
        with engine.connect() as connection:
            connection.execute(text("INSERT INTO store_meta (key, value) VALUES ('write-probe', '')"))
            connection.rollback()
    except DBAPIError as error:
        raise StoreError(messages.STORE_READ_ONLY.format(db=name, reason=error.orig)) from error


# Stores older than this revision are relinked on upgrade: they have no links yet (0001), or were
# linked by an older rule (before 0008: stories that depended on the order of ingestion).
RELINK_BEFORE = "0008"


def upgrade(engine: Engine) -> None:
    """Apply every migration the store lacks (a no-op on an up-to-date store). A store linked by
    an older rule, or not at all (``RELINK_BEFORE``), is relinked once; one without copy signatures
    (before 0003) has its articles filed for near-copy lookups."""
    before = _migrate(engine, lambda config: command.upgrade(config, "head"))
    if before is not None and before < RELINK_BEFORE:
        from armstrail.store.linking import relink

        relink(engine)
    if before in ("0001", "0002"):
        from armstrail.settings import Settings
        from armstrail.store.copies import backfill_signatures

        backfill_signatures(engine, Settings().near_duplicate_threshold)


def downgrade(engine: Engine, revision: str) -> None:
    """Take the store back to an older revision (dropping what later ones added)."""
    _migrate(engine, lambda config: command.downgrade(config, revision))


def _migrate(engine: Engine, action: Callable[[Config], None]) -> str | None:
    """Run ``action`` in one transaction; returns the revision the store had before."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.connect() as connection:
        sqlite = engine.dialect.name == "sqlite"
        if sqlite:
            # A migration that rebuilds a table (SQLite's way to alter one) drops the old table: with
            # foreign keys on, that would cascade into every row that refers to it.
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()  # no transaction is open in SQLite itself: a PRAGMA begins none
        with connection.begin():
            before = MigrationContext.configure(connection).get_current_revision()
            config.attributes["connection"] = connection
            action(config)
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            connection.commit()
    return before
