"""Page furniture that an extractor leaves in a web page's text: share prompts, photo credits,
captions repeated under every picture. They carry no claims but can split a paragraph's sentences
or be read as sources ("Photo: Reuters"), so they are dropped before analysis.

The patterns are data (``data/boilerplate.json``) so that a new kind of furniture is one line there.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import Any

from armstrail import messages
from armstrail.errors import DataFileError

DATA_FILE = "boilerplate.json"
_SPACES = re.compile(r"\s+")


def strip_boilerplate(paragraphs: list[str]) -> list[str]:
    """``paragraphs`` without their boilerplate lines and without lines already seen (a caption
    repeated under each photo). A paragraph left with no line is dropped; kept lines are unchanged."""
    seen: set[str] = set()
    kept: list[str] = []
    for paragraph in paragraphs:
        lines = []
        for line in paragraph.split("\n"):
            key = _SPACES.sub(" ", line).strip()
            if not key or key in seen or is_boilerplate(key):
                continue
            seen.add(key)
            lines.append(line)
        if lines:
            kept.append("\n".join(lines))
    return kept


def is_boilerplate(line: str) -> bool:
    """True when the whole of ``line`` (spaces collapsed) is page furniture."""
    return _pattern().fullmatch(_SPACES.sub(" ", line).strip()) is not None


@cache
def _pattern() -> re.Pattern[str]:
    """All patterns as one alternation, compiled once."""
    return re.compile("|".join(f"(?:{p})" for p in _patterns()), re.IGNORECASE)


def _patterns() -> list[str]:
    try:
        raw = (resources.files("armstrail") / "data" / DATA_FILE).read_text(encoding="utf-8")
        data: Any = json.loads(raw)
    except (OSError, ValueError) as error:
        raise DataFileError(messages.DATA_FILE_UNREADABLE.format(name=DATA_FILE, error=error)) from error
    entries = data.get("patterns") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not all(
        isinstance(e, dict) and isinstance(e.get("pattern"), str) for e in entries
    ):
        raise DataFileError(
            messages.DATA_FILE_MALFORMED.format(name=DATA_FILE, expected=messages.BOILERPLATE_EXPECTED)
        )
    patterns = [str(e["pattern"]) for e in entries]
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as error:
            raise DataFileError(
                messages.DATA_FILE_MALFORMED.format(
                    name=DATA_FILE, expected=messages.BAD_REGEX.format(pattern=repr(pattern), error=error)
                )
            ) from error
    return patterns
