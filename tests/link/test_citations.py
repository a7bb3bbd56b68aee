"""The citation graph's rules on their own: which chain links cite an outlet, how an outlet is
named, which stored report a citation points at."""

from __future__ import annotations

from datetime import date

import pytest

from armstrail.analyse.gazetteer import Gazetteer
from armstrail.link.citations import Report, cited_report, outlet_citations, outlet_name
from armstrail.model import Claim, Source


def claim(*sources: Source) -> Claim:
    return Claim(
        "TRANSFER", "IRN", "RUS", "uav", "uav", None, None, "occurred", "asserts", sources, "x", 0, 1
    )


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Washington Post", "The Washington Post"),
        ("WaPo", "The Washington Post"),
        ("www.washingtonpost.com", "The Washington Post"),
        ("REUTERS", "Reuters"),
        ("The Daily Unknown", "The Daily Unknown"),  # not in the gazetteer: stands for itself
        ("  ", None),
        (None, None),
    ],
)
def test_outlets_are_named_by_the_gazetteer(gaz: Gazetteer, name: str | None, expected: str | None) -> None:
    assert outlet_name(name, gaz) == expected


def test_only_named_media_links_are_citations(gaz: Gazetteer) -> None:
    chain = (
        Source("Reuters", "media"),
        Source("Washington Post", "media"),
        Source("media reports", "media"),  # names no outlet
        Source("US officials", "government-anonymous"),
    )
    assert outlet_citations(claim(*chain), gaz) == [(0, "Reuters"), (1, "The Washington Post")]
    assert outlet_citations(claim(), gaz) == []


def test_the_cited_report_is_the_outlets_earliest_not_later_than_the_citation() -> None:
    day = date.fromisoformat
    citing = Report("ap", "Associated Press", day("2022-11-20"))
    reports = [
        citing,
        Report("wapo-late", "The Washington Post", day("2022-11-25")),  # after the citation
        Report("wapo-follow-up", "The Washington Post", day("2022-11-19")),
        Report("wapo-scoop", "The Washington Post", day("2022-11-18")),
        Report("bbc", "BBC News", day("2022-11-17")),
    ]
    assert cited_report("The Washington Post", citing, reports) == "wapo-scoop"
    assert cited_report("The Washington Post", citing, reports[:2]) is None
    assert cited_report("CNN", citing, reports) is None


def test_undated_reports_are_not_ruled_out() -> None:
    citing = Report("ap", "Associated Press", None)
    reports = [Report("wapo", "The Washington Post", date(2022, 11, 18))]
    assert cited_report("The Washington Post", citing, reports) == "wapo"
    dated = Report("ap", "Associated Press", date(2022, 11, 20))
    assert cited_report("The Washington Post", dated, [Report("wapo", "The Washington Post", None)]) == "wapo"
