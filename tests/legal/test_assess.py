"""The regimes engine, regime by regime, at and around every window edge."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from armstrail.legal import assess_claim, claim_period, load_regimes
from armstrail.legal.assess import STATUSES, parse_when
from armstrail.model import Claim

BOOK = load_regimes()


def claim(
    agent: str | None,
    recipient: str | None,
    category: str,
    when: str | None,
    type_: str = "TRANSFER",
    item: str | None = None,
) -> Claim:
    return Claim(
        type_, agent, recipient, item or category, category, None, when, "occurred", "asserts", (), "x", 0, 1
    )


def status(regime_id: str, c: Claim, published: date | None = None) -> str | None:
    """The regime's status for the claim; None when the regime does not concern it."""
    found = [r for r in assess_claim(c, published, BOOK) if r.id == regime_id]
    assert len(found) <= 1
    return found[0].status if found else None


# (regime, supplier, recipient, category, when, expected status)
EDGES = [
    # UNSCR 2231 Annex B para 4: 2016-01-16 .. 2023-10-18, both directions, missile items only
    ("unscr-2231-annex-b-4", "IRN", "RUS", "ballistic-missile", "2016-01-15", "not-in-force"),
    ("unscr-2231-annex-b-4", "IRN", "RUS", "ballistic-missile", "2016-01-16", "in-force"),
    ("unscr-2231-annex-b-4", "IRN", "RUS", "ballistic-missile", "2016-01-17", "in-force"),
    ("unscr-2231-annex-b-4", "IRN", "RUS", "uav", "2023-10-17", "in-force"),
    ("unscr-2231-annex-b-4", "IRN", "RUS", "uav", "2023-10-18", "in-force"),
    ("unscr-2231-annex-b-4", "IRN", "RUS", "uav", "2023-10-19", "not-in-force"),
    ("unscr-2231-annex-b-4", "CHN", "IRN", "cruise-missile", "2020-05", "in-force"),
    ("unscr-2231-annex-b-4", "IRN", "RUS", "armoured-vehicle", "2020-05", None),
    # Annex B para 5: major arms to Iran, to 2020-10-18
    ("unscr-2231-annex-b-5", "RUS", "IRN", "aircraft", "2020-10-18", "in-force"),
    ("unscr-2231-annex-b-5", "RUS", "IRN", "aircraft", "2020-10-19", "not-in-force"),
    ("unscr-2231-annex-b-5", "RUS", "IRN", "small-arms", "2019", None),
    # Annex B para 6(b): arms from Iran, 2016-01-16 .. 2020-10-18
    ("unscr-2231-annex-b-6b", "IRN", "Houthis", "small-arms", "2016-01-15", "not-in-force"),
    ("unscr-2231-annex-b-6b", "IRN", "Houthis", "small-arms", "2016-01-16", "in-force"),
    ("unscr-2231-annex-b-6b", "IRN", "Houthis", "small-arms", "2020-10-17", "in-force"),
    ("unscr-2231-annex-b-6b", "IRN", "Houthis", "small-arms", "2020-10-18", "in-force"),
    ("unscr-2231-annex-b-6b", "IRN", "Houthis", "small-arms", "2020-10-19", "not-in-force"),
    ("unscr-2231-annex-b-6b", "RUS", "IRN", "small-arms", "2018", None),
    # the snapback: from 2025-09-28, disputed
    ("unscr-iran-snapback-2025", "IRN", "RUS", "uav", "2025-09-27", "not-in-force"),
    ("unscr-iran-snapback-2025", "IRN", "RUS", "uav", "2025-09-28", "contested"),
    ("unscr-iran-snapback-2025", "IRN", "RUS", "uav", "2025-09-29", "contested"),
    ("unscr-iran-snapback-2025", "CHN", "IRN", "ballistic-missile", "2026-03", "contested"),
    ("unscr-iran-snapback-2025", "CHN", "IRN", "small-arms", "2026-03", None),
    # DPRK: heavy arms both ways from 2006-10-14; all arms from it (and to it but small arms) from
    # 2009-06-12; small arms to it from 2016-03-02
    ("unscr-1718-1874-dprk", "PRK", "RUS", "ballistic-missile", "2006-10-13", "not-in-force"),
    ("unscr-1718-1874-dprk", "PRK", "RUS", "ballistic-missile", "2006-10-14", "in-force"),
    ("unscr-1718-1874-dprk", "PRK", "RUS", "ballistic-missile", "2006-10-15", "in-force"),
    ("unscr-1718-1874-dprk", "PRK", "SYR", "small-arms", "2009-06-11", "not-in-force"),
    ("unscr-1718-1874-dprk", "PRK", "SYR", "small-arms", "2009-06-12", "in-force"),
    ("unscr-1718-1874-dprk", "PRK", "SYR", "artillery-ammunition", "2009-06-13", "in-force"),
    ("unscr-1718-1874-dprk", "RUS", "PRK", "small-arms", "2016-03-01", "not-in-force"),
    ("unscr-1718-1874-dprk", "RUS", "PRK", "small-arms", "2016-03-02", "in-force"),
    ("unscr-1718-1874-dprk", "RUS", "PRK", "artillery-ammunition", "2009-06-12", "in-force"),
    # Houthis: from 2015-04-14, to the group only
    ("unscr-2216-houthis", "IRN", "Houthis", "cruise-missile", "2015-04-13", "not-in-force"),
    ("unscr-2216-houthis", "IRN", "Houthis", "cruise-missile", "2015-04-14", "in-force"),
    ("unscr-2216-houthis", "IRN", "Houthis", "cruise-missile", "2024-01", "in-force"),
    ("unscr-2216-houthis", "USA", "YEM", "aircraft", "2024-01", None),
    # EU on Russia: from 2014-08-01; renewals on record to 2026-01-31; the UK until 2020-12-31
    ("eu-2014-512-russia", "FRA", "RUS", "naval", "2014-07-31", "not-in-force"),
    ("eu-2014-512-russia", "FRA", "RUS", "naval", "2014-08-01", "in-force"),
    ("eu-2014-512-russia", "RUS", "DEU", "small-arms", "2026-01-31", "in-force"),
    ("eu-2014-512-russia", "RUS", "DEU", "small-arms", "2026-02-01", "unknown"),
    ("eu-2014-512-russia", "GBR", "RUS", "small-arms", "2020-12-31", "in-force"),
    ("eu-2014-512-russia", "GBR", "RUS", "small-arms", "2021-01-01", "not-in-force"),
    ("eu-2014-512-russia", "IRN", "RUS", "uav", "2022-10", None),
    ("eu-2014-512-russia", "DEU", "UKR", "armoured-vehicle", "2023-01", None),
    # Libya: both directions, from 2011-02-26; a Libyan armed group is Libya
    ("unscr-1970-libya", "TUR", "LBY", "uav", "2011-02-25", "not-in-force"),
    ("unscr-1970-libya", "TUR", "LBY", "uav", "2011-02-26", "in-force"),
    ("unscr-1970-libya", "ARE", "Libyan National Army", "uav", "2020-01", "in-force"),
    ("unscr-1970-libya", "LBY", "NER", "small-arms", "2012", "in-force"),
    # South Sudan: from 2018-07-13; renewals on record to 2026-05-31
    ("unscr-2428-south-sudan", "UGA", "SSD", "small-arms", "2018-07-12", "not-in-force"),
    ("unscr-2428-south-sudan", "UGA", "SSD", "small-arms", "2018-07-13", "in-force"),
    ("unscr-2428-south-sudan", "UGA", "SSD", "small-arms", "2026-05-31", "in-force"),
    ("unscr-2428-south-sudan", "UGA", "SSD", "small-arms", "2026-06-01", "unknown"),
    # CAR: everyone from 2013-12-05; armed groups only from 2024-07-30
    ("unscr-2127-car", "RUS", "CAF", "small-arms", "2013-12-04", "not-in-force"),
    ("unscr-2127-car", "RUS", "CAF", "small-arms", "2013-12-05", "in-force"),
    ("unscr-2127-car", "RUS", "CAF", "small-arms", "2024-07-29", "in-force"),
    ("unscr-2127-car", "RUS", "CAF", "small-arms", "2024-07-30", "not-in-force"),
    ("unscr-2127-car", "SDN", "Seleka", "small-arms", "2024-07-30", "in-force"),
    ("unscr-2127-car", "SDN", "Seleka", "small-arms", "2025-08-01", "unknown"),
]


@pytest.mark.parametrize(("regime", "supplier", "recipient", "category", "when", "expected"), EDGES)
def test_each_regime_at_its_window_edges(
    regime: str, supplier: str, recipient: str, category: str, when: str, expected: str | None
) -> None:
    assert status(regime, claim(supplier, recipient, category, when)) == expected


def test_every_regime_has_an_edge_case() -> None:
    assert {r.id for r in BOOK.regimes} == {edge[0] for edge in EDGES}


def test_the_issues_reference_claims() -> None:
    shahed = claim("IRN", "RUS", "uav", "2022-10", item="Shahed-136")
    assert status("unscr-2231-annex-b-4", shahed) == "in-force"
    missiles = claim("IRN", "RUS", "ballistic-missile", "2024-09")
    assert status("unscr-2231-annex-b-4", missiles) == "not-in-force"
    later = claim("IRN", "RUS", "ballistic-missile", "2025-10")
    assert status("unscr-iran-snapback-2025", later) == "contested"
    assert (
        status("unscr-1718-1874-dprk", claim("PRK", "RUS", "artillery-ammunition", "2023-12")) == "in-force"
    )
    tanks = claim("DEU", "UKR", "armoured-vehicle", None)
    assert not [
        r for r in assess_claim(tanks, date(2023, 1, 25), BOOK) if r.status in ("in-force", "contested")
    ]


def test_an_interval_that_straddles_an_edge_is_in_force_and_says_so() -> None:
    straddling = claim("IRN", "RUS", "ballistic-missile", "2023-09/2024-02")
    [check] = [r for r in assess_claim(straddling, None, BOOK) if r.id == "unscr-2231-annex-b-4"]
    assert check.status == "in-force"
    assert "runs past the edge" in check.note
    after = claim("IRN", "RUS", "ballistic-missile", "2023-11/..")
    assert status("unscr-2231-annex-b-4", after, date(2024, 6, 1)) == "not-in-force"
    before = claim("IRN", "RUS", "ballistic-missile", "../2016-01-16")
    assert status("unscr-2231-annex-b-4", before) == "in-force"


def test_a_claim_with_no_date_takes_its_articles_and_says_so() -> None:
    undated = claim("IRN", "RUS", "uav", None)
    [check] = [r for r in assess_claim(undated, date(2022, 10, 20), BOOK) if r.id == "unscr-2231-annex-b-4"]
    assert (check.status, check.date_basis) == ("in-force", "published")
    assert "publication" in check.note
    [nothing] = [r for r in assess_claim(undated, None, BOOK) if r.id == "unscr-2231-annex-b-4"]
    assert (nothing.status, nothing.date_basis) == ("unknown", "none")


def test_a_disputed_regime_names_who_disputes_it() -> None:
    [check] = [
        r
        for r in assess_claim(claim("IRN", "RUS", "uav", "2025-11"), None, BOOK)
        if r.id == "unscr-iran-snapback-2025"
    ]
    assert check.status == "contested"
    assert "IRN, RUS, CHN" in check.note


def test_conditional_categories_say_what_coverage_turns_on() -> None:
    [uav] = [
        r for r in assess_claim(claim("IRN", "RUS", "uav", "2022-10"), None, BOOK) if r.id.endswith("b-4")
    ]
    assert "MTCR" in uav.note
    [missile] = [
        r
        for r in assess_claim(claim("IRN", "RUS", "ballistic-missile", "2022"), None, BOOK)
        if r.id.endswith("b-4")
    ]
    assert missile.note == ""


def test_production_of_a_foreign_design_is_a_technology_transfer() -> None:
    produced = claim("RUS", None, "uav", "2023-03", type_="PRODUCE", item="Shahed-136")
    [check] = [r for r in assess_claim(produced, None, BOOK) if r.id == "unscr-2231-annex-b-4"]
    assert check.status == "in-force"
    assert "designed in IRN" in check.note
    at_home = claim("IRN", None, "uav", "2023-03", type_="PRODUCE", item="Shahed-136")
    assert assess_claim(at_home, None, BOOK) == []


def test_use_and_sanction_claims_are_not_checked() -> None:
    for type_ in ("USE", "SANCTION"):
        assert assess_claim(claim("IRN", "RUS", "uav", "2022-10", type_=type_), None, BOOK) == []


def test_every_check_uses_the_documented_wording() -> None:
    for edge in EDGES:
        for check in assess_claim(claim(*edge[1:5]), None, BOOK):
            assert check.status in STATUSES
            assert "violat" not in check.note.lower()
            assert set(check.to_json()) == {"id", "status", "instrument", "provision", "date_basis", "note"}


@pytest.mark.parametrize(
    ("when", "start", "end"),
    [
        ("2022", "2022-01-01", "2022-12-31"),
        ("2024-02", "2024-02-01", "2024-02-29"),
        ("2022-12", "2022-12-01", "2022-12-31"),
        ("2022-10-05", "2022-10-05", "2022-10-05"),
        ("2022-08/2022-10", "2022-08-01", "2022-10-31"),
        ("2022-02-24/..", "2022-02-24", "2023-05-01"),
        ("../2022-02-24", "0001-01-01", "2022-02-24"),
    ],
)
def test_when_is_read_as_a_period(when: str, start: str, end: str) -> None:
    period = parse_when(when, date(2023, 5, 1))
    assert period is not None
    assert (period.start.isoformat(), period.end.isoformat()) == (start, end)


@pytest.mark.parametrize(
    "when", ["", "soon", "2022-13", "2022-02-30", "../..", "2023/2022", "22-10", "2022-1"]
)
def test_unreadable_when_is_no_date(when: str) -> None:
    assert parse_when(when) is None
    assert claim_period(when, None) == (None, "none")


@given(st.text(max_size=30), st.one_of(st.none(), st.dates()))
def test_any_when_gives_a_period_or_none(when: str, published: date | None) -> None:
    period, basis = claim_period(when, published)
    assert (period is None) == (basis == "none")
    if period is not None:
        assert period.start <= period.end


@given(st.dates(), st.dates())
def test_an_interval_of_two_dates_spans_them(a: date, b: date) -> None:
    lo, hi = sorted((a, b))
    period = parse_when(f"{lo.isoformat()}/{hi.isoformat()}")
    if lo.year >= 1000:  # SCHEMA.md dates have four-digit years
        assert period is not None
        assert (period.start, period.end) == (lo, hi)
