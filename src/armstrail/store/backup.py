"""A consistent copy of a SQLite store while it is in use, through SQLite's online backup API:
pages are copied from one snapshot, so an ingest writing meanwhile neither blocks the backup nor
leaves it half-written. The backup is written beside its destination and renamed into place only
once complete, so an interrupted backup never leaves a truncated file under the name asked for.
PostgreSQL has its own tool: ``pg_dump`` (the message for a server URL gives the command)."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlalchemy import Engine

from armstrail import messages
from armstrail.errors import StoreError


def backup_store(engine: Engine, out: str | Path) -> Path:
    """Write a backup of the SQLite store behind ``engine`` to ``out``; returns its path."""
    if engine.dialect.name != "sqlite":
        url = engine.url.set(drivername="postgresql").render_as_string(hide_password=True)
        raise StoreError(messages.BACKUP_POSTGRES.format(url=url))
    target = Path(out).expanduser()
    source = Path(str(engine.url.database))
    if target.exists() and target.resolve() == source.resolve():
        raise StoreError(messages.BACKUP_ONTO_ITSELF.format(path=target))
    partial = target.with_name(target.name + ".partial")
    try:
        partial.unlink(missing_ok=True)
        raw = engine.raw_connection()
        try:
            with sqlite3.connect(partial) as copy:
                raw.driver_connection.backup(copy)  # type: ignore[union-attr]
            copy.close()
        finally:
            raw.close()
        os.replace(partial, target)
    except (OSError, sqlite3.Error) as error:
        partial.unlink(missing_ok=True)
        raise StoreError(messages.BACKUP_FAILED.format(path=target, reason=error)) from error
    return target
