"""Plain-text articles: an optional header, a blank line, then the text.

    Title: ...
    Outlet: ...
    Published: 2024-03-01
    URL: https://...

    The article text, kept exactly as written (claim offsets point into it).

A header is only taken when every line before the first blank line is a known ``Key: value``; any
other first line (even "Note: ...") means there is no header and the whole file is the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from armstrail import messages
from armstrail.errors import InputError
from armstrail.model import Article, Problem
from armstrail.read.decode import decode
from armstrail.read.records import record_to_article
from armstrail.read.registry import origin_stem, register
from armstrail.settings import Settings

HEADER_KEYS = ("title", "outlet", "published", "url")
_HEADER_LINE = re.compile(r"([A-Za-z]+)[ \t]*:(.*)")


@register("text", (".txt",))
def read_text(data: bytes, origin: str, settings: Settings) -> Iterator[Article | Problem]:
    """One article per file; its id is the file name's stem."""
    decoded = decode(data, origin)
    header, body = split_header(decoded.text)
    body = body.rstrip("\r\n")
    if not body.strip():
        raise InputError(origin, messages.NO_TEXT_FILE)
    stem = origin_stem(origin)
    record: dict[str, str] = {**header, "id": stem, "text": body}
    yield record_to_article(record, origin, stem, decoded.warnings, settings)


def split_header(text: str) -> tuple[dict[str, str], str]:
    """Split ``text`` into its header fields (lower-case keys) and the text after the blank line.

    Returns ``({}, text)`` unchanged when there is no complete header.
    """
    fields: dict[str, str] = {}
    start = 0
    while True:
        end = text.find("\n", start)
        if end == -1:
            return {}, text  # a header must end with a blank line
        line = text[start:end].rstrip("\r")
        start = end + 1
        if not line.strip():
            return (fields, text[start:]) if fields else ({}, text)
        entry = _header_entry(line)
        if entry is None:
            return {}, text
        fields[entry[0]] = entry[1]


def format_header(fields: dict[str, str]) -> str:
    """The header block (with its closing blank line) that ``split_header`` reads back as ``fields``."""
    names = {"url": "URL"}
    lines = [f"{names.get(key, key.capitalize())}: {value}\n" for key, value in fields.items()]
    return "".join(lines) + "\n"


def _header_entry(line: str) -> tuple[str, str] | None:
    match = _HEADER_LINE.fullmatch(line)
    if match is None or match.group(1).lower() not in HEADER_KEYS:
        return None
    return match.group(1).lower(), match.group(2).strip()
