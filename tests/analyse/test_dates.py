"""analyse/dates.py: date phrases resolved against a reference date, and date spans found in text."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from armstrail.analyse.dates import find_dates, resolve

FRI_2024_01_05 = date(2024, 1, 5)  # a Friday, five days into a year
MON_2024_05_20 = date(2024, 5, 20)
SUN_2022_11_20 = date(2022, 11, 20)


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("on November 9, 2022", "2022-11-09"),
        ("Jan. 28, 2024", "2024-01-28"),
        ("Sept. 3, 2023", "2023-09-03"),
        ("on 9 February 2020", "2020-02-09"),
        ("1st March 2022", "2022-03-01"),
        ("2023-05-17", "2023-05-17"),
        ("in March 2023", "2023-03"),
        ("in 2021", "2021"),
        ("November 31, 2022", None),  # no such day
    ],
)
def test_absolute_dates_need_no_base(phrase: str, expected: str | None) -> None:
    assert resolve(phrase, None) == expected
    # a base date does not change a date that names its year
    assert resolve(phrase, SUN_2022_11_20) == expected


@pytest.mark.parametrize(
    ("phrase", "base", "expected"),
    [
        ("on November 9", SUN_2022_11_20, "2022-11-09"),
        ("on January 3", FRI_2024_01_05, "2024-01-03"),
        # no year: the latest such day not (much) after the reference date
        ("on December 30", FRI_2024_01_05, "2023-12-30"),
        ("on 30 December", FRI_2024_01_05, "2023-12-30"),
        ("in August", SUN_2022_11_20, "2022-08"),
        ("in December", FRI_2024_01_05, "2023-12"),
    ],
)
def test_dates_without_a_year_take_it_from_the_base(phrase: str, base: date, expected: str) -> None:
    assert resolve(phrase, base) == expected


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("on Tuesday", "2024-01-02"),
        ("on Friday", "2024-01-05"),  # the base day itself
        ("last Saturday", "2023-12-30"),  # across the year boundary
        ("on Monday", "2024-01-01"),
    ],
)
def test_weekdays_are_the_latest_such_day_up_to_the_base(phrase: str, expected: str) -> None:
    assert resolve(phrase, FRI_2024_01_05) == expected


@pytest.mark.parametrize(
    ("phrase", "base", "expected"),
    [
        ("last month", MON_2024_05_20, "2024-04"),
        ("last month", FRI_2024_01_05, "2023-12"),  # January -> the previous December
        ("a month ago", FRI_2024_01_05, "2023-12"),
        ("earlier this month", MON_2024_05_20, "2024-05"),
        ("in recent weeks", MON_2024_05_20, "2024-05"),
        ("last week", MON_2024_05_20, "2024-05"),
        ("yesterday", date(2024, 3, 1), "2024-02-29"),
        ("today", MON_2024_05_20, "2024-05-20"),
        ("next month", date(2024, 12, 1), "2025-01"),
        ("last year", MON_2024_05_20, "2023"),
        ("earlier this year", MON_2024_05_20, "2024"),
        ("next year", MON_2024_05_20, "2025"),
    ],
)
def test_relative_phrases(phrase: str, base: date, expected: str) -> None:
    assert resolve(phrase, base) == expected


@pytest.mark.parametrize(
    ("phrase", "base", "expected"),
    [
        ("since August", SUN_2022_11_20, "2022-08/.."),
        ("since August", date(2022, 3, 1), "2021-08/.."),  # the last August before the base
        ("since August 5", SUN_2022_11_20, "2022-08-05/.."),
        ("since 2021", None, "2021/.."),
        ("after March 2023", None, "2023-03/.."),
        ("from May 1, 2022", None, "2022-05-01/.."),
        ("before February 24, 2022", None, "../2022-02-24"),
        ("prior to June 1, 2022", None, "../2022-06-01"),
        ("before March 2023", None, "../2023-03"),
        ("until 2024-02-01", None, "../2024-02-01"),
        pytest.param(
            "before 2020",
            None,
            "../2020",
        ),
        pytest.param(
            "until 2020",
            None,
            "../2020",
        ),
    ],
)
def test_since_before_after_give_open_intervals(phrase: str, base: date | None, expected: str) -> None:
    assert resolve(phrase, base) == expected


@pytest.mark.parametrize(
    ("phrase", "base", "expected"),
    [
        ("take about three months", FRI_2024_01_05, "2024-04"),
        ("about three months to arrive", FRI_2024_01_05, "2024-04"),
        ("would take around six months", date(2024, 11, 5), "2025-05"),
        ("two months later", date(2023, 1, 25), "2023-03"),
        pytest.param(
            "in three months' time",
            FRI_2024_01_05,
            "2024-04",
        ),
        pytest.param(
            "12 months from now",
            FRI_2024_01_05,
            "2025-01",
        ),
        ("several months later", FRI_2024_01_05, None),  # no number to count with
    ],
)
def test_n_months_ahead(phrase: str, base: date, expected: str | None) -> None:
    assert resolve(phrase, base) == expected


@pytest.mark.parametrize(
    "phrase",
    ["last month", "earlier this month", "on Tuesday", "since August", "on December 30", "last year"],
)
def test_relative_phrase_without_base_is_none(phrase: str) -> None:
    assert resolve(phrase, None) is None


@pytest.mark.parametrize("phrase", ["", "   ", "before the invasion", "the drones", "in the past"])
def test_phrases_that_name_no_date_are_none(phrase: str) -> None:
    assert resolve(phrase, FRI_2024_01_05) is None


@pytest.mark.parametrize(
    ("phrase", "base", "expected"),
    [
        pytest.param(
            "mid-August",
            SUN_2022_11_20,
            "2022-08",
        ),
        pytest.param(
            "2023-13-45",
            None,
            None,
        ),
    ],
)
def test_edge_phrases(phrase: str, base: date | None, expected: str | None) -> None:
    assert resolve(phrase, base) == expected


@pytest.mark.parametrize(
    ("phrase", "base"),
    [
        pytest.param(
            "99999 months later",
            FRI_2024_01_05,
        ),
        pytest.param(
            "³ months later",
            FRI_2024_01_05,
        ),
        pytest.param(
            "last month",
            date.min,
        ),
        pytest.param(
            "yesterday",
            date.min,
        ),
        pytest.param(
            "on January 3",
            date.max,
        ),
    ],
)
def test_resolve_never_raises_at_the_edges(phrase: str, base: date) -> None:
    value = resolve(phrase, base)
    assert value is None or SHAPE.fullmatch(value)


def test_find_dates_finds_the_date_spans_of_a_sentence() -> None:
    text = "Iran delivered drones on November 9, 2022 and again last month, officials said on Tuesday."
    spans = find_dates(text)
    assert [phrase for _, _, phrase in spans] == ["November 9, 2022", "last month", "on Tuesday"]
    for start, end, phrase in spans:
        assert text[start:end] == phrase
    assert [resolve(p, FRI_2024_01_05) for _, _, p in spans] == ["2022-11-09", "2023-12", "2024-01-02"]


def test_find_dates_keeps_since_with_the_month_and_does_not_overlap() -> None:
    text = "Since August, Russia has fired hundreds of them; in 2021 there were none. Jan. 28, 2024."
    spans = find_dates(text)
    assert [p for _, _, p in spans] == ["Since August", "in 2021", "Jan. 28, 2024"]
    ends = [0] + [e for _, e, _ in spans]
    assert all(start >= prev_end for (start, _, _), prev_end in zip(spans, ends, strict=False))


def test_find_dates_of_text_without_dates_is_empty() -> None:
    assert find_dates("Iran has supplied drones to Russia, officials said.") == []


# -- properties --------------------------------------------------------------------------------

SHAPE = re.compile(r"(?:\.\./)?(?P<v>\d{4}(?:-\d{2}(?:-\d{2})?)?)(?:/\.\.)?")
DATE_WORDS = [
    "on",
    "in",
    "since",
    "before",
    "after",
    "until",
    "prior to",
    "from",
    "early",
    "late",
    "mid-",
    "last",
    "next",
    "this",
    "earlier",
    "month",
    "months",
    "year",
    "week",
    "weeks",
    "recent",
    "ago",
    "later",
    "to arrive",
    "from now",
    "time",
    "take about",
    "about",
    "three",
    "a",
    "several",
    "yesterday",
    "today",
    "tonight",
    "Tuesday",
    "sunday",
    "January",
    "Feb.",
    "sept",
    "December",
    "may",
    ",",
    ".",
    "-",
    "/",
]
# Free text of any kind, digits included: resolve is total (overflowing counts, non-ASCII
# digits and invalid ISO dates give None), and the fragments below make half the examples real dates.
FREE_TEXT = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=12)
FRAGMENT = st.one_of(
    st.sampled_from(DATE_WORDS),
    st.integers(0, 3000).map(str),
    st.integers(1, 40).map(lambda n: f"{n}th"),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)).map(date.isoformat),
    FREE_TEXT,
)
PHRASE = st.lists(FRAGMENT, max_size=8).map(" ".join)
BASE = st.none() | st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))


def _valid(value: str) -> bool:
    """An ISO date, month or year that exists, or an interval open at one end."""
    m = SHAPE.fullmatch(value)
    if m is None or (value.startswith("../") and value.endswith("/..")):
        return False
    v = m.group("v")
    if len(v) == 10:
        try:
            date.fromisoformat(v)
        except ValueError:
            return False
        return True
    return len(v) == 4 or 1 <= int(v[5:]) <= 12


@settings(max_examples=300, deadline=None)
@given(text=PHRASE, base=BASE)
def test_resolve_and_find_dates_never_raise(text: str, base: date | None) -> None:
    value = resolve(text, base)
    assert value is None or _valid(value), value
    for start, end, phrase in find_dates(text):
        assert text[start:end] == phrase
        resolved = resolve(phrase, base)
        assert resolved is None or _valid(resolved), (phrase, resolved)


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=80), base=BASE)
def test_resolve_and_find_dates_never_raise_on_arbitrary_text(text: str, base: date | None) -> None:
    value = resolve(text, base)
    assert value is None or SHAPE.fullmatch(value), value
    spans = find_dates(text)
    assert spans == sorted(spans)
    assert all(text[s:e] == p for s, e, p in spans)
