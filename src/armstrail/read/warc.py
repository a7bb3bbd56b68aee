"""WARC web archives (plain or gzipped per record) to articles: every recorded HTML page fetched
with status 200 is one article, read by ``read.html``.

The archive is read record by record from the open file, so a 1 GB crawl reads in flat memory: a
record that is not an HTML page is passed over without its payload being held, and a page's
payload is read only up to ``Settings.max_fetch_bytes`` (an archived page is a recorded fetch, so
the fetcher's limit applies). A damaged or cut-short archive keeps the records before the damage.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator

from armstrail import messages
from armstrail.errors import InputError
from armstrail.model import Article, Problem
from armstrail.read.feeds import stable_id
from armstrail.read.html import HTML_TYPES, article_from_html, decode_page
from armstrail.read.records import parse_date
from armstrail.read.registry import register_stream
from armstrail.settings import Settings

WARC_SUFFIXES = (".warc", ".warc.gz")
_CHUNK = 64 * 1024


class _Counted:
    """A handle that notes whether anything but blanks was read from it, so that an empty archive
    is told from a damaged one."""

    def __init__(self, handle: BinaryIO) -> None:
        self.handle = handle
        self.blank = True

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        if self.blank and data.strip():
            self.blank = False
        return data


class _Archive(ArchiveIterator):  # type: ignore[misc]
    """warcio's iterator, noting whether the archive ended inside a record, where warcio stops
    quietly: inside a gzip member, or after a record's first line but before its header's end."""

    cut_short = False

    def close(self) -> None:
        decompressor = getattr(getattr(self, "reader", None), "decompressor", None)
        inside_member = decompressor is not None and getattr(decompressor, "eof", True) is False
        self.cut_short = inside_member or bool(getattr(self, "next_line", None))
        super().close()


@register_stream("warc", WARC_SUFFIXES)
def read_warc(handle: BinaryIO, origin: str, settings: Settings) -> Iterator[Article | Problem]:
    """One article per HTML response record (origins ``<origin>#record<n>``); other records are
    skipped. A bad page is a Problem of its own; damage to the archive ends the reading with one."""
    counted = _Counted(handle)
    archive = _Archive(counted)
    records = iter(archive)
    count = pages = 0
    while True:
        try:
            record = next(records)
        except StopIteration:
            break
        except Exception as error:  # warcio's errors on bad input are of many kinds
            if count == 0:
                raise InputError(
                    origin, messages.WARC_NOT_AN_ARCHIVE.format(error=_describe(error))
                ) from None
            yield Problem(origin, messages.WARC_DAMAGED.format(record=count + 1, error=_describe(error)))
            return
        if counted.blank:
            raise InputError(origin, messages.EMPTY_FILE)
        if getattr(record, "format", None) != "warc":  # warcio also reads ARC, whose lines are lax
            if count == 0:
                raise InputError(origin, messages.WARC_NOT_AN_ARCHIVE.format(error=messages.WARC_NO_VERSION))
            yield Problem(
                origin, messages.WARC_DAMAGED.format(record=count + 1, error=messages.WARC_NO_VERSION)
            )
            return
        count += 1
        record_origin = f"{origin}#record{count}"
        try:
            result = _page(record, record_origin, settings)
        except InputError as error:
            result = Problem(error.source, error.reason)
        except Exception as error:  # a payload warcio cannot decode: the record is damaged
            yield Problem(record_origin, messages.WARC_DAMAGED.format(record=count, error=_describe(error)))
            return
        try:
            cut_short = _drain(record)
        except Exception as error:
            yield Problem(record_origin, messages.WARC_DAMAGED.format(record=count, error=_describe(error)))
            return
        if cut_short:
            url = _target(record)
            reason = (
                messages.WARC_TRUNCATED.format(record=count, url=url)
                if url
                else messages.WARC_ENDS_INSIDE.format(record=count)
            )
            yield Problem(record_origin, reason)
            return
        if result is not None:
            pages += 1
            yield result
    if counted.blank:
        raise InputError(origin, messages.EMPTY_FILE)
    if archive.cut_short:
        yield Problem(f"{origin}#record{count + 1}", messages.WARC_ENDS_INSIDE.format(record=count + 1))
    elif pages == 0:
        yield Problem(origin, messages.WARC_NO_PAGES.format(records=count), "skipped")


def _page(record: Any, origin: str, settings: Settings) -> Article | Problem | None:
    """The article of an HTML response record with status 200, a Problem when its page cannot be
    read, None for any other record (its payload is left unread)."""
    headers = record.http_headers
    if record.rec_type != "response" or headers is None or headers.get_statuscode() != "200":
        return None
    media_type, charset = _content_type(headers.get_header("Content-Type"))
    if media_type not in HTML_TYPES:
        return None
    url = _target(record)
    limit = settings.max_fetch_bytes
    payload = record.content_stream().read(limit + 1)
    if len(payload) > limit:
        return Problem(origin, messages.WARC_RECORD_TOO_LARGE.format(url=url or origin, limit=limit))
    decoded = decode_page(payload, origin, declared=charset)
    date_header = record.rec_headers.get_header("WARC-Date")
    article = article_from_html(
        decoded.text,
        origin,
        settings,
        default_id=stable_id(url or origin, url),
        url=url,
        published=parse_date(date_header) if date_header else None,
    )
    article.warnings[:0] = decoded.warnings
    return article


def _drain(record: Any) -> bool:
    """Read what is left of the record (in chunks, as warcio would) and say whether it was cut
    short: the archive ended before the length its header states."""
    if record.rec_headers.get_header("Content-Length") is None:
        return True  # the header itself was cut short (every WARC record states its length)
    stream = record.raw_stream
    while stream.read(_CHUNK):
        pass
    return int(getattr(stream, "limit", 0) or 0) > 0


def _target(record: Any) -> str | None:
    value = record.rec_headers.get_header("WARC-Target-URI")
    return value.strip("<> ") or None if isinstance(value, str) else None


def _content_type(value: str | None) -> tuple[str, str | None]:
    """The media type ("text/html") and charset parameter of a Content-Type header."""
    if not value:
        return "", None
    media_type, *parameters = value.split(";")
    charset = None
    for parameter in parameters:
        name, _, setting = parameter.partition("=")
        if name.strip().lower() == "charset":
            charset = setting.strip().strip("\"'") or None
    return media_type.strip().lower(), charset


def _describe(error: Exception) -> str:
    text = " ".join(str(error).split())
    if not text:
        return type(error).__name__
    return messages.ERROR_DETAIL.format(kind=type(error).__name__, message=messages.quote(text, 120))
