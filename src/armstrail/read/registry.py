"""Input formats, registered by suffix, so that a new format (HTML, feeds, WARC) is one decorated
function and neither the path walker nor the extractor has to change.

Every registered reader is wrapped so that it is total: an ``InputError`` or any unexpected exception
becomes a ``Problem`` for that input, and one bad file never stops a batch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from armstrail import messages
from armstrail.errors import InputError
from armstrail.model import Article, Problem
from armstrail.settings import Settings

Reader = Callable[[bytes, str, Settings], Iterator[Article | Problem]]


@dataclass(frozen=True)
class Format:
    """A registered input format. ``read`` is the total (wrapped) reader."""

    name: str
    suffixes: tuple[str, ...]
    read: Reader


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


def formats() -> list[Format]:
    """All registered formats, in registration order."""
    return list(_FORMATS.values())


def format_for(path: str | Path) -> Format | None:
    """The format that reads ``path``, chosen by its suffix, or None when no format claims it."""
    suffix = Path(path).suffix.lower()
    if not suffix:
        return None
    for fmt in _FORMATS.values():
        if suffix in fmt.suffixes:
            return fmt
    return None


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
