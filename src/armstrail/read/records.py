"""JSON and JSON Lines records to articles.

A record is one JSON object with ``id``, ``url``, ``outlet``, ``published``, ``title`` and ``text``;
other fields (``story``, ...) are ignored so that gold files and scraper dumps read as is; ``claims`` is kept
only when claims are given (``--given-claims``).
Only a usable ``text`` is required; a bad optional field costs a warning, not the article.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from typing import Any

from armstrail import messages
from armstrail.errors import InputError
from armstrail.model import Article, Problem
from armstrail.read.decode import check_size, decode, looks_binary
from armstrail.read.registry import origin_stem, register
from armstrail.settings import Settings

_DATE_PREFIX = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_SURROGATE = re.compile("[\ud800-\udfff]")


@register("json", (".json",))
def read_json(data: bytes, origin: str, settings: Settings) -> Iterator[Article | Problem]:
    """One record per file, or a top-level list of records (ids ``<stem>-<n>``)."""
    decoded = decode(data, origin)
    value = parse_json(decoded.text, origin)
    stem = origin_stem(origin)
    if not isinstance(value, list):
        yield record_or_problem(value, origin, stem, decoded.warnings, settings)
        return
    if not value:
        raise InputError(origin, messages.EMPTY_LIST)
    for n, item in enumerate(value, 1):
        yield record_or_problem(item, f"{origin}#item{n}", f"{stem}-{n}", decoded.warnings, settings)


@register("jsonl", (".jsonl", ".ndjson"))
def read_jsonl(data: bytes, origin: str, settings: Settings) -> Iterator[Article | Problem]:
    """One record per line, decoded and checked line by line so that one bad line costs only itself."""
    if looks_binary(data):
        raise InputError(origin, messages.BINARY_FILE)
    yield from read_lines(split_lines(data), origin, origin_stem(origin), settings)


def read_lines(
    lines: Iterable[bytes], origin: str, stem: str, settings: Settings, empty: str = messages.EMPTY_FILE
) -> Iterator[Article | Problem]:
    """Records from JSON Lines, one at a time. Blank lines are skipped; origins are ``origin#L<n>``."""
    count = 0
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        count += 1
        line_origin = f"{origin}#L{number}"
        if len(line) > settings.max_file_bytes:
            yield Problem(line_origin, messages.LINE_TOO_LONG.format(limit=settings.max_file_bytes))
        else:
            yield _line_record(line, line_origin, f"{stem}-{count}", settings)
    if count == 0:
        yield Problem(origin, empty)


def split_lines(data: bytes) -> Iterator[bytes]:
    """The lines of ``data`` one by one, without building a list of them all."""
    start = 0
    while start < len(data):
        end = data.find(b"\n", start)
        if end == -1:
            end = len(data)
        yield data[start:end]
        start = end + 1


def _line_record(line: bytes, origin: str, default_id: str, settings: Settings) -> Article | Problem:
    try:
        decoded = decode(line, origin, empty=messages.EMPTY_LINE, binary=messages.BINARY_LINE)
        value = parse_json(decoded.text, origin)
        return record_to_article(value, origin, default_id, decoded.warnings, settings)
    except InputError as error:
        return Problem(error.source, error.reason)


def parse_json(text: str, origin: str) -> Any:
    """``json.loads`` whose failures are ``InputError``s that say where the JSON is broken (the line
    is left out for one-line JSON such as a JSON Lines record, whose origin names the line)."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        template = messages.INVALID_JSON if "\n" in text.strip() else messages.INVALID_JSON_LINE
        raise InputError(
            origin, template.format(line=error.lineno, column=error.colno, message=error.msg)
        ) from None
    except RecursionError:
        raise InputError(origin, messages.JSON_TOO_DEEP) from None
    except ValueError as error:  # e.g. an integer with too many digits
        raise InputError(origin, messages.INVALID_JSON_VALUE.format(message=error)) from None


def record_or_problem(
    value: object, origin: str, default_id: str, warnings: Sequence[str], settings: Settings
) -> Article | Problem:
    """``record_to_article``, with a bad record turned into a Problem so that its neighbours go on."""
    try:
        return record_to_article(value, origin, default_id, warnings, settings)
    except InputError as error:
        return Problem(error.source, error.reason)


def record_to_article(
    value: object, origin: str, default_id: str, warnings: Sequence[str], settings: Settings
) -> Article:
    """Build an article from one record; raise ``InputError`` when it has no usable text."""
    if not isinstance(value, dict):
        raise InputError(origin, messages.NOT_AN_OBJECT.format(kind=json_kind(value)))
    text = _text(value, origin)
    check_size(text, origin, settings.max_bytes)
    notes = list(warnings)
    text = _without_surrogates(text, "text", notes)
    return Article(
        id=_id(value.get("id"), default_id, notes),
        text=text,
        url=_optional_string(value, "url", notes),
        outlet=_optional_string(value, "outlet", notes),
        published=_published(value.get("published"), notes),
        title=_optional_string(value, "title", notes),
        origin=origin,
        warnings=notes,
        given=_given_claims(value) if settings.extractor == "given" else None,
    )


def _given_claims(record: dict[Any, Any]) -> tuple[Any, ...] | None:
    """The record's claims as given (checked claim by claim in ``extract.given``); None: no list."""
    claims = record.get("claims")
    return tuple(claims) if isinstance(claims, list) else None


def parse_date(raw: str) -> date | None:
    """The date of "YYYY-MM-DD" or of a full ISO date and time; None when ``raw`` is neither."""
    raw = raw.strip()
    if not _DATE_PREFIX.match(raw):
        return None
    try:
        if len(raw) == 10:
            return date.fromisoformat(raw)
        return datetime.fromisoformat(raw).date()
    except ValueError:
        return None


def json_kind(value: object) -> str:
    """How a JSON value's type is named in messages ("a list", "null", ...)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _text(record: dict[Any, Any], origin: str) -> str:
    if "text" not in record:
        raise InputError(origin, messages.NO_TEXT_MISSING)
    text = record["text"]
    if not isinstance(text, str):
        raise InputError(origin, messages.NO_TEXT_TYPE.format(kind=json_kind(text)))
    if not text.strip():
        raise InputError(origin, messages.NO_TEXT_BLANK)
    return text


def _id(value: object, default: str, notes: list[str]) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, str) and value.strip():
        return _without_surrogates(value.strip(), "id", notes)
    if value is not None and not isinstance(value, str):
        notes.append(messages.FIELD_NOT_STRING.format(field="id", kind=json_kind(value)))
    return default


def _optional_string(record: dict[Any, Any], name: str, notes: list[str]) -> str | None:
    value = record.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        notes.append(messages.FIELD_NOT_STRING.format(field=name, kind=json_kind(value)))
        return None
    return _without_surrogates(value.strip(), name, notes) or None


def _without_surrogates(value: str, name: str, notes: list[str]) -> str:
    """Replace unpaired surrogates (which JSON escapes like "\\ud800" can produce) with U+FFFD.

    They cannot be written as UTF-8, so they would fail a later stage; one character for one keeps
    every offset into the text valid.
    """
    cleaned, count = _SURROGATE.subn("\ufffd", value)
    if count:
        notes.append(messages.LONE_SURROGATES.format(field=name, count=count))
    return cleaned


def _published(value: object, notes: list[str]) -> date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    parsed = parse_date(value) if isinstance(value, str) else None
    if parsed is None:
        notes.append(messages.BAD_DATE.format(value=messages.quote(str(value))))
    return parsed
