"""Compressed files and archives: ``NAME.EXT.gz`` is read as ``NAME.EXT`` once unpacked, and each
member of a ``.zip`` by its own suffix. Unpacking is bounded (``Settings.max_unpacked_bytes`` per
file, ``max_file_bytes`` per member, ``max_archive_members``), so a bomb costs a clear problem, not
the machine. Formats that stream (web archives) get the unpacked stream itself."""

from __future__ import annotations

import gzip
import io
import zipfile
import zlib
from collections.abc import Iterator
from functools import partial
from pathlib import PurePosixPath
from typing import IO, Any, BinaryIO

from armstrail import messages
from armstrail.errors import InputError
from armstrail.model import Article, Problem
from armstrail.read.registry import Format, format_for, guarded, known_suffixes, register_stream
from armstrail.settings import Settings

CHUNK = 1024 * 1024
MAX_NESTING = 3  # an archive in a compressed file in an archive, and no deeper


@register_stream("gzip", (".gz",))
def read_gzip(handle: BinaryIO, origin: str, settings: Settings) -> Iterator[Article | Problem]:
    """The file inside, by the name without ".gz"."""
    inner = origin.removesuffix(".gz").removesuffix(".GZ")
    fmt = _inner_format(inner, origin)
    unpacked = bounded(gzip.GzipFile(fileobj=handle, mode="rb"), settings.max_unpacked_bytes, origin)
    yield from _dispatch(fmt, unpacked, PurePosixPath(inner.rsplit("!", 1)[-1]).name, settings, origin)


@register_stream("zip", (".zip",))
def read_zip(handle: BinaryIO, origin: str, settings: Settings) -> Iterator[Article | Problem]:
    """Every member that a format reads, in archive order; other members are skipped silently, as
    in a directory. Origins are ``archive.zip!member``."""
    try:
        archive = zipfile.ZipFile(
            handle if handle.seekable() else io.BytesIO(_read_capped(handle, settings, origin))
        )
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise InputError(origin, messages.BAD_ARCHIVE.format(error=error)) from None
    members = [m for m in archive.infolist() if not m.is_dir() and not _hidden(m.filename)]
    if len(members) > settings.max_archive_members:
        raise InputError(
            origin, messages.TOO_MANY_MEMBERS.format(count=len(members), limit=settings.max_archive_members)
        )
    unpacked = 0
    for member in members:
        member_origin = f"{origin}!{member.filename}"
        fmt = format_for(member.filename)
        if fmt is None:
            continue
        if member.file_size > settings.max_file_bytes:
            yield Problem(
                member_origin,
                messages.FILE_TOO_LARGE.format(size=member.file_size, limit=settings.max_file_bytes),
            )
            continue
        unpacked += member.file_size
        if unpacked > settings.max_unpacked_bytes:
            yield Problem(origin, messages.UNPACKED_TOO_LARGE.format(limit=settings.max_unpacked_bytes))
            return
        yield from guarded(
            fmt.name, member_origin, partial(_member, archive, member, fmt, member_origin, settings)
        )


def _member(
    archive: zipfile.ZipFile, member: zipfile.ZipInfo, fmt: Format, origin: str, settings: Settings
) -> Iterator[Article | Problem]:
    try:
        opened = archive.open(member)
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, ValueError) as error:
        raise InputError(origin, messages.BAD_ARCHIVE.format(error=error)) from None
    with opened:
        # the declared size can lie: never unpack more than the member limit allows
        stream = bounded(opened, settings.max_file_bytes, origin)
        yield from _dispatch(fmt, stream, member.filename, settings, origin)


def _dispatch(
    fmt: Format, stream: BinaryIO, name: str, settings: Settings, origin: str
) -> Iterator[Article | Problem]:
    if fmt.name in ("gzip", "zip") and origin.count("!") >= MAX_NESTING:
        raise InputError(origin, messages.NESTED_TOO_DEEP.format(limit=MAX_NESTING))
    if fmt.read_stream is not None:
        yield from fmt.read_stream(
            stream, origin if fmt.name in ("gzip", "zip") else _named(origin, name), settings
        )
        return
    data = _read_capped(stream, settings, origin)
    yield from fmt.read(data, _named(origin, name), settings)


def _named(origin: str, name: str) -> str:
    """The origin readers see: it must end in the inner name, since ids come from its stem."""
    return origin if origin.endswith(name) else f"{origin}!{name}"


def _inner_format(inner: str, origin: str) -> Format:
    fmt = format_for(inner)
    if fmt is None:
        suffix = PurePosixPath(inner).suffix or messages.NO_SUFFIX
        raise InputError(
            origin, messages.UNKNOWN_FORMAT.format(suffix=suffix, known=", ".join(known_suffixes()))
        )
    return fmt


def _read_capped(stream: BinaryIO, settings: Settings, origin: str = "input") -> bytes:
    """All of ``stream`` up to ``max_file_bytes`` (what a bytes reader may be given)."""
    limit = settings.max_file_bytes
    chunks: list[bytes] = []
    size = 0
    while chunk := stream.read(min(CHUNK, limit + 1 - size)):
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            raise InputError(origin, messages.UNPACKED_TOO_LARGE.format(limit=limit))
    return b"".join(chunks)


def _hidden(name: str) -> bool:
    return any(part.startswith(".") or part == "__MACOSX" for part in PurePosixPath(name).parts)


def bounded(inner: IO[bytes] | gzip.GzipFile, limit: int, origin: str) -> io.BufferedReader:
    """``inner`` as a buffered stream that stops with an input error past ``limit`` bytes."""
    return io.BufferedReader(_Bounded(inner, limit, origin), CHUNK)


class _Bounded(io.RawIOBase):
    """A raw read-only stream that refuses to give more than ``limit`` bytes of ``inner`` and turns
    the decompressor's errors into the project's input error."""

    def __init__(self, inner: IO[bytes] | gzip.GzipFile, limit: int, origin: str) -> None:
        self.inner = inner
        self.limit = limit
        self.origin = origin
        self.given = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        try:
            data = self.inner.read(min(len(view), CHUNK))
        except (OSError, EOFError, zlib.error, zipfile.BadZipFile) as error:
            raise InputError(self.origin, messages.BAD_COMPRESSED.format(error=error)) from None
        self.given += len(data)
        if self.given > self.limit:
            raise InputError(self.origin, messages.UNPACKED_TOO_LARGE.format(limit=self.limit))
        view[: len(data)] = data
        return len(data)
