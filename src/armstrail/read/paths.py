"""From the paths a user names to a stream of articles and problems.

Files are read one at a time and their articles yielded as they come, so memory holds at most one
file's records however large the batch. Nothing here raises for bad input: every failure is a Problem
whose origin says where it happened.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import BinaryIO

from armstrail import messages
from armstrail.errors import InputError
from armstrail.model import Article, Problem
from armstrail.read.fetch import URL_PREFIXES, fetch_articles
from armstrail.read.records import read_lines
from armstrail.read.registry import Format, StreamReader, format_for, guarded, known_suffixes
from armstrail.settings import Settings

STDIN = "-"
STDIN_ORIGIN = "<stdin>"
STDIN_STEM = "stdin"


def read_paths(paths: Iterable[str | Path], settings: Settings | None = None) -> Iterator[Article | Problem]:
    """Read files, directories (recursively, in sorted order) and ``-`` (standard input, JSON Lines).

    Inside a directory, hidden entries and files that no format reads are skipped silently; a file
    named explicitly that no format reads, or a path that does not exist, is a Problem.
    """
    settings = settings if settings is not None else Settings()
    for raw in paths:
        origin = STDIN_ORIGIN if raw == STDIN else str(raw)
        yield from guarded("input", origin, partial(_read_argument, raw, settings))


def read_stream(
    stream: BinaryIO, settings: Settings, origin: str = STDIN_ORIGIN, stem: str = STDIN_STEM
) -> Iterator[Article | Problem]:
    """JSON Lines from a byte stream, line by line, so that a pipe of any length reads in flat memory."""
    lines = _stream_lines(stream, settings.max_file_bytes)
    yield from guarded(
        "jsonl", origin, lambda: read_lines(lines, origin, stem, settings, empty=messages.EMPTY_INPUT)
    )


def _read_argument(raw: str | Path, settings: Settings) -> Iterator[Article | Problem]:
    if isinstance(raw, str) and raw.lower().startswith(URL_PREFIXES):
        yield from fetch_articles([raw], settings)
        return
    if raw == STDIN:
        yield from read_stream(sys.stdin.buffer, settings)
        return
    path = Path(raw)
    if _is_dir(path):
        yield from _read_directory(path, settings)
        return
    if not _exists(path):
        yield Problem(str(path), messages.NOT_FOUND)
        return
    fmt = format_for(path)
    if fmt is None:
        suffix = path.suffix or messages.NO_SUFFIX
        yield Problem(
            str(path), messages.UNKNOWN_FORMAT.format(suffix=suffix, known=", ".join(known_suffixes()))
        )
        return
    yield from read_file(path, fmt, settings)


def _read_directory(root: Path, settings: Settings) -> Iterator[Article | Problem]:
    for item in walk(root, set()):
        if isinstance(item, Problem):
            yield item
        else:
            yield from read_file(item[0], item[1], settings)


def read_file(path: Path, fmt: Format, settings: Settings) -> Iterator[Article | Problem]:
    """Read one file with ``fmt``; a file over ``settings.max_file_bytes`` is refused unread,
    except by a stream format, which reads it piece by piece."""
    if fmt.read_stream is not None:
        yield from _read_streamed(path, fmt.read_stream, settings)
        return
    try:
        data = _load(path, settings.max_file_bytes)
    except InputError as error:
        yield Problem(error.source, error.reason)
        return
    yield from fmt.read(data, str(path), settings)


def _read_streamed(path: Path, reader: StreamReader, settings: Settings) -> Iterator[Article | Problem]:
    try:
        handle = path.open("rb")
    except OSError as error:
        yield Problem(str(path), messages.NOT_READABLE.format(error=_describe(error)))
        return
    with handle:
        yield from reader(handle, str(path), settings)


def _load(path: Path, limit: int) -> bytes:
    """The bytes of ``path``, reading at most ``limit`` + 1 of them even if the file grows meanwhile."""
    origin = str(path)
    try:
        size = path.stat().st_size
        if size > limit:
            raise InputError(origin, messages.FILE_TOO_LARGE.format(size=size, limit=limit))
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as error:
        raise InputError(origin, messages.NOT_READABLE.format(error=_describe(error))) from None
    if len(data) > limit:
        raise InputError(origin, messages.FILE_TOO_LARGE.format(size=len(data), limit=limit))
    return data


def walk(root: Path, seen: set[Path] | None = None) -> Iterator[tuple[Path, Format] | Problem]:
    """Readable files under ``root``, depth first in name order. Hidden entries and files no format
    reads are skipped silently; a directory reached twice (through a link) is read once."""
    seen = set() if seen is None else seen
    try:
        seen.add(root.resolve())
        entries = sorted(root.iterdir(), key=lambda entry: entry.name)
    except OSError as error:
        yield Problem(str(root), messages.NOT_READABLE.format(error=_describe(error)))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if _is_dir(entry):
            if _resolve(entry) not in seen:
                yield from walk(entry, seen)
            continue
        fmt = format_for(entry)
        if fmt is not None and _is_file(entry):
            yield entry, fmt


def _stream_lines(stream: BinaryIO, limit: int) -> Iterator[bytes]:
    """Lines of ``stream``; a line over ``limit`` bytes is cut to ``limit`` + 1 (so it is reported as
    too long) and the rest of it is skipped, never held whole."""
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        rest = line
        while len(rest) > limit and not rest.endswith(b"\n"):
            rest = stream.readline(limit + 1)
        yield line


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except (OSError, ValueError):
        return False


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except (OSError, ValueError):  # ValueError: a NUL byte in the name
        return False


def _resolve(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path


def _describe(error: OSError) -> str:
    return error.strerror or str(error)
