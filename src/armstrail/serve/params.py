"""Query parameters parsed once for the pages and the API alike: dates are ISO days and nothing
else (a number is not a date, whatever a lenient parser makes of it), page numbers are bounded."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from pydantic import BeforeValidator

from armstrail.store.browse import MAX_PAGE

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def iso_day(value: Any) -> date:
    """``YYYY-MM-DD`` as a date; anything else raises ValueError."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not _ISO_DAY.fullmatch(value):
        raise ValueError("a date is written YYYY-MM-DD")
    return date.fromisoformat(value)


def optional_day(value: str | None) -> date | None:
    """A page's date field: an unreadable one is ignored (the form shows what was typed)."""
    try:
        return iso_day(value) if value else None
    except ValueError:
        return None


def page_number(value: str | None, default: int = 1) -> int:
    """A page number (or size) from a page's URL, within 1..MAX_PAGE: past the last page is an
    empty page, never an error."""
    try:
        return min(max(1, int(value)), MAX_PAGE) if value else default
    except ValueError:
        return default


IsoDay = Annotated[date, BeforeValidator(iso_day)]
