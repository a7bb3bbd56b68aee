"""A served SQLite store that goes away and comes back: the file removed, replaced or locked while
the server runs. Without this guard a removed file goes on being read through the connections that
still hold it (stale answers), and a new connection creates an empty database in its place. With
it, connections open the file read-write but never create it, a pooled connection whose file is
gone or replaced is dropped at checkout, and a lock is waited for no longer than the query timeout:
the request is answered 503 (``app._database_error``), and once the file is back the next request
opens it again."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import Engine, event
from sqlalchemy.exc import DisconnectionError

INODE = "armstrail_inode"


def guard_sqlite(engine: Engine, busy_seconds: float) -> None:
    """Install the guard on a SQLite engine (a no-op on other databases)."""
    if engine.dialect.name != "sqlite" or engine.url.database in (None, "", ":memory:"):
        return
    path = Path(str(engine.url.database)).resolve()
    busy_ms = max(1, round(busy_seconds * 1000)) if busy_seconds > 0 else 30_000

    def no_create(_dialect: Any, record: Any, cargs: list[Any], cparams: dict[str, Any]) -> None:
        cargs[:] = [f"file:{quote(str(path))}?mode=rw"]
        cparams["uri"] = True
        record.info[INODE] = _inode(path)

    def busy_timeout(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute(f"PRAGMA busy_timeout = {busy_ms}")

    def same_file(_dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        if _inode(path) != record.info.get(INODE):
            raise DisconnectionError(f"{path} was removed or replaced")

    event.listen(engine, "do_connect", no_create)
    event.listen(engine, "connect", busy_timeout)
    event.listen(engine, "checkout", same_file)
    engine.dispose()  # connections opened before the guard take it too


def _inode(path: Path) -> int | None:
    try:
        return os.stat(path).st_ino
    except OSError:
        return None
