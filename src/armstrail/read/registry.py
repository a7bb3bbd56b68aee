"""Input formats, registered by suffix, so that a new format (HTML, feeds, WARC) is one decorated
function and neither the path walker nor the extractor has to change.

Every registered reader is wrapped so that it is total: an ``InputError`` or any unexpected exception
becomes a ``Problem`` for that input, and one bad file never stops a batch.

Two kinds of reader: most take the file's bytes (bounded by ``Settings.max_file_bytes``); a stream
reader (``register_stream``: web archives, compressed files, zip archives) takes an open binary
handle and reads it piece by piece, so a file of any size is read in flat memory. Suffixes may be
compound (".warc.gz"); the longest matching suffix wins.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from armstrail import messages
from armstrail.errors import InputError
from armstrail.model import Article, Problem
from armstrail.settings import Settings

Reader = Callable[[bytes, str, Settings], Iterator[Article | Problem]]
StreamReader = Callable[[BinaryIO, str, Settings], Iterator[Article | Problem]]


@dataclass(frozen=True)
class Format:
    """A registered input format. ``read`` is the total (wrapped) reader of bytes; a stream format
    has ``read_stream`` (total too) and its ``read`` wraps the bytes in a stream."""

    name: str
    suffixes: tuple[str, ...]
    read: Reader
    read_stream: StreamReader | None = None

    @property
    def streams(self) -> bool:
        return self.read_stream is not None


_FORMATS: dict[str, Format] = {}


def register(name: str, suffixes: tuple[str, ...]) -> Callable[[Reader], Reader]:
    """Register ``reader`` for files ending in one of ``suffixes`` (".json"; case does not matter).

    The decorated function is returned unchanged; the registry keeps a total wrapper of it.
    Registering a name again replaces the earlier format, which keeps module reloads harmless.
    """
    normalised = tuple(_normalise(s) for s in suffixes)

    def decorate(reader: Reader) -> Reader:
        _FORMATS[name] = Format(name, normalised, _total(name, reader))
        return reader

    return decorate


def register_stream(name: str, suffixes: tuple[str, ...]) -> Callable[[StreamReader], StreamReader]:
    """Register a reader that takes an open binary handle (see the module's docstring)."""
    normalised = tuple(_normalise(s) for s in suffixes)

    def decorate(reader: StreamReader) -> StreamReader:
        total = _total_stream(name, reader)

        def from_bytes(data: bytes, origin: str, settings: Settings) -> Iterator[Article | Problem]:
            return total(io.BytesIO(data), origin, settings)

        _FORMATS[name] = Format(name, normalised, from_bytes, total)
        return reader

    return decorate


def formats() -> list[Format]:
    """All registered formats, in registration order."""
    return list(_FORMATS.values())


def format_for(path: str | Path) -> Format | None:
    """The format that reads ``path``, chosen by its suffix, or None when no format claims it."""
    name = Path(path).name.lower()
    if not Path(name).suffix:
        return None
    best: tuple[int, Format] | None = None
    for fmt in _FORMATS.values():
        for suffix in fmt.suffixes:
            if name.endswith(suffix) and len(name) > len(suffix) and (best is None or len(suffix) > best[0]):
                best = (len(suffix), fmt)
    return best[1] if best else None


def origin_stem(origin: str) -> str:
    """The stem an article id defaults to: of the file, or of the archive member ("a.zip!b.txt" -> b)."""
    return Path(origin.rsplit("!", 1)[-1]).stem


def known_suffixes() -> list[str]:
    """Every suffix some format reads, sorted, for messages."""
    return sorted(s for fmt in _FORMATS.values() for s in fmt.suffixes)


def _normalise(suffix: str) -> str:
    suffix = suffix.lower()
    return suffix if suffix.startswith(".") else "." + suffix


def guarded(
    name: str, origin: str, produce: Callable[[], Iterable[Article | Problem]]
) -> Iterator[Article | Problem]:
    """Yield what ``produce()`` yields; if it raises, end with a Problem instead of the exception."""
    try:
        yield from produce()
    except InputError as error:
        yield Problem(error.source, error.reason)
    except Exception as error:  # a reader's bug must not stop the batch
        yield Problem(
            origin, messages.READER_FAILED.format(format=name, kind=type(error).__name__, message=error)
        )


def _total(name: str, reader: Reader) -> Reader:
    """Wrap ``reader`` so that it yields Problems instead of raising."""

    def read(data: bytes, origin: str, settings: Settings) -> Iterator[Article | Problem]:
        return guarded(name, origin, lambda: reader(data, origin, settings))

    read.__name__ = getattr(reader, "__name__", name)
    read.__doc__ = reader.__doc__
    return read


def _total_stream(name: str, reader: StreamReader) -> StreamReader:
    def read(handle: BinaryIO, origin: str, settings: Settings) -> Iterator[Article | Problem]:
        return guarded(name, origin, lambda: reader(handle, origin, settings))

    read.__name__ = getattr(reader, "__name__", name)
    read.__doc__ = reader.__doc__
    return read
