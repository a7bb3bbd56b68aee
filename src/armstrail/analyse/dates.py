"""Dates in news text resolved against a reference date (the publication date or the date of the
report being recounted): "on November 9", "last month", "since August", "before the invasion"."""

from __future__ import annotations

import re
from datetime import date, timedelta

MONTHS = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12,
}  # fmt: skip
NUMBERS = {**NUMBER_WORDS, "a": 1, "several": 0}

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_MONTH_DAY_YEAR = re.compile(rf"\b{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?\b", re.I)
_DAY_MONTH_YEAR = re.compile(rf"\b{_DAY}\s+{_MONTH}(?:,?\s+{_YEAR})?\b", re.I)
_MONTH_YEAR = re.compile(rf"\b{_MONTH}\s+(?:of\s+)?{_YEAR}\b", re.I)
_MONTH_ONLY = re.compile(
    rf"\b(?:in|since|from|by|until|through|early|late|mid-|mid\s)\s*{_MONTH}(?!\s+\d)", re.I
)
_YEAR_ONLY = re.compile(rf"\b(?:in|since|from|by|until|during|early|late|before|after)\s+{_YEAR}\b", re.I)
_ISO = re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>\d\d)-(?P<day>\d\d)\b")
_WEEKDAY = re.compile(
    r"\b(?:on\s+|last\s+|this\s+|early\s+|late\s+)?(?P<weekday>" + "|".join(WEEKDAYS) + r")\b", re.I
)
_IN_N_MONTHS = re.compile(
    r"\b(?:about|around|some|roughly|in|within)?\s*(?P<n>\w+)\s+months?'?\s+"
    r"(?:to\s+arrive|from\s+now|later|time)\b|\btake\s+(?:about\s+|around\s+)?"
    r"(?P<n2>\w+)\s+months\b",
    re.I,
)


def iso(d: date) -> str:
    return d.isoformat()


def month(d: date) -> str:
    return f"{d.year:04d}-{d.month:02d}"


def add_months(d: date, n: int) -> date:
    y, m = divmod(d.month - 1 + n, 12)
    return date(d.year + y, m + 1, 1)


def _year_for(month_no: int, day: int | None, base: date | None) -> int | None:
    """A month named without a year is the latest such month not after the reference date
    (news recounts the past); with no reference there is no year."""
    if base is None:
        return None
    candidate = date(base.year, month_no, min(day or 1, 28))
    if candidate > base + timedelta(days=31):
        return base.year - 1
    return base.year


def resolve(phrase: str, base: date | None) -> str | None:
    """An ISO date, month, year or interval for a date phrase, or None when it cannot be placed.
    Total: text from articles is untrusted, so no phrase and no base date makes it raise."""
    try:
        return _resolve(phrase, base)
    except (ValueError, OverflowError):
        return None


def _resolve(phrase: str, base: date | None) -> str | None:
    text = " ".join(phrase.split())
    low = text.lower()
    prefix_since = re.match(r"^(since|after|from)\b", low) is not None
    prefix_before = re.match(r"^(before|until|prior to)\b", low) is not None

    def wrap(value: str) -> str:
        if prefix_since:
            return f"{value}/.."
        if prefix_before:
            return f"../{value}"
        return value

    if m := _ISO.search(text):
        date.fromisoformat(m.group(0))  # "2023-13-45" is no date
        return wrap(m.group(0))
    for pattern in (_MONTH_DAY_YEAR, _DAY_MONTH_YEAR):
        if m := pattern.search(text):
            mo, day = MONTHS[m.group("month").lower()], int(m.group("day"))
            year = int(m.group("year")) if m.group("year") else _year_for(mo, day, base)
            if year is None or not 1 <= day <= 31:
                continue
            try:
                return wrap(iso(date(year, mo, day)))
            except ValueError:
                continue
    if m := _MONTH_YEAR.search(text):
        return wrap(f"{int(m.group('year')):04d}-{MONTHS[m.group('month').lower()]:02d}")
    if m := _YEAR_ONLY.search(text):
        value = m.group("year")
        lead = m.group(0).split()[0].lower()
        if lead in ("since", "from") or prefix_since:
            return f"{value}/.."
        if lead in ("until", "by") or prefix_before:
            return f"../{value}"
        return value
    if m := _MONTH_ONLY.search(" " + text):
        mo = MONTHS[m.group("month").lower()]
        year = _year_for(mo, None, base)
        if year is not None:
            value = f"{year:04d}-{mo:02d}"
            return f"{value}/.." if "since" in low else value
    return _relative(low, base)


def _relative(low: str, base: date | None) -> str | None:
    if base is None:
        return None
    if m := _IN_N_MONTHS.search(low):
        word = (m.group("n") or m.group("n2") or "").lower()
        n = int(word) if word.isascii() and word.isdigit() else NUMBERS.get(word, 0)
        if n:
            return month(add_months(base, n))
    if re.search(r"\blast month\b|\ba month ago\b", low):
        return month(add_months(base, -1))
    if re.search(
        r"\b(this|earlier this|later this|current) month\b|\bin recent weeks\b|\bthis week\b"
        r"|\blast week\b|\bin recent days\b|\bnow\b|\btoday\b|\byesterday\b|\btonight\b"
        r"|\bovernight\b|\bpast (few )?(days|weeks)\b",
        low,
    ):
        if "yesterday" in low:
            return iso(base - timedelta(days=1))
        if "today" in low or "tonight" in low:
            return iso(base)
        return month(base)
    if re.search(r"\bnext month\b", low):
        return month(add_months(base, 1))
    if re.search(r"\blast year\b|\ba year ago\b", low):
        return f"{base.year - 1:04d}"
    if re.search(r"\b(this|earlier this|later this) year\b", low):
        return f"{base.year:04d}"
    if re.search(r"\bnext year\b", low):
        return f"{base.year + 1:04d}"
    if m := _WEEKDAY.search(low):
        target = WEEKDAYS[m.group("weekday").lower()]
        delta = (base.weekday() - target) % 7
        return iso(base - timedelta(days=delta))
    return None


def find_dates(text: str) -> list[tuple[int, int, str]]:
    """(start, end, phrase) of the date expressions in ``text`` that ``resolve`` understands."""
    spans: list[tuple[int, int, str]] = []
    patterns = (
        _ISO,
        _MONTH_DAY_YEAR,
        _DAY_MONTH_YEAR,
        _MONTH_YEAR,
        _YEAR_ONLY,
        _MONTH_ONLY,
        _WEEKDAY,
        _IN_N_MONTHS,
        _RELATIVE_WORDS,
    )
    for pattern in patterns:
        for m in pattern.finditer(text):
            start, end = m.span()
            if any(s <= start < e or s < end <= e for s, e, _ in spans):
                continue
            spans.append((start, end, m.group(0)))
    spans.sort()
    return spans


_RELATIVE_WORDS = re.compile(
    r"\b(?:(?:earlier|later)\s+)?(?:this|last|next)\s+(?:month|year|week)\b|\bin recent (?:weeks|days)\b"
    r"|\b(?:a|one) (?:month|year) ago\b|\byesterday\b|\btoday\b|\bovernight\b",
    re.I,
)
