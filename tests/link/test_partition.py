"""Stories as a function of their reports (link/clusters.py ``partition``): whatever the order
reports come in, the clusters and counts are the same; an exact re-report never raises a count;
an independent origin raises it by one; an undated report joins the story it shares names with,
never a story by default. Property-based over made-up reports, and on the gold claims of the
dev and train corpora."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from armstrail.analyse.gazetteer import Gazetteer, load_gazetteer
from armstrail.link import ClusterIndex, clusters_json
from armstrail.model import Article, Claim, Source
from armstrail.pipeline import Extraction, extract_paths
from armstrail.settings import Settings

GAZ = load_gazetteer()
START = date(2023, 1, 1)
OUTLETS = ["Reuters", "AFP", "The Washington Post", "BBC", "Al Jazeera", "The Guardian", "CNN"]
CHAINS = [
    (),
    (Source("The Washington Post", "media"), Source("US officials", "government-anonymous")),
    (Source("Reuters", "media"),),
    (Source("John Kirby", "official-named"),),
    (Source("the White House", "government-named"),),
    (Source("Ukrainian intelligence", "government-anonymous"),),
]


def claim(
    chain: tuple[Source, ...],
    when: str | None = None,
    stance: str = "asserts",
    status: str = "occurred",
    evidence: str = "Iran sent drones to Russia.",
) -> Claim:
    return Claim("TRANSFER", "IRN", "RUS", "uav", "uav", None, when, status, stance, chain, evidence, 0, 1)


def article(n: int, outlet: str, day: date | None, text: str = "x") -> Article:
    return Article(id=f"a{n:03d}", text=text, outlet=outlet, published=day)


Report = tuple[Article, list[Claim]]


@st.composite
def reports(draw: Any) -> list[Report]:
    """Up to 14 reports of one proposition over a year: dated or not, some seizures on a day,
    some dated by a month, a year or a range, some denials, each with a chain from a small pool
    (so origins repeat)."""
    out: list[Report] = []
    for n in range(draw(st.integers(1, 14))):
        offset = draw(st.one_of(st.none(), st.integers(0, 365)))
        day = START + timedelta(days=offset) if offset is not None else None
        seizure = draw(st.booleans()) and day is not None
        # a seizure's day; else maybe a month, a year, an open or closed range, or nothing
        precision = draw(st.sampled_from([None, None, "month", "year", "since", "range"]))
        month = START + timedelta(days=draw(st.integers(0, 400)))
        when = {
            None: None,
            "month": month.isoformat()[:7],
            "year": month.isoformat()[:4],
            "since": month.isoformat()[:7] + "/..",
            "range": f"{month.isoformat()[:7]}/{(month + timedelta(days=40)).isoformat()[:7]}",
        }[precision]
        when = day.isoformat() if seizure and day else when
        stance = draw(st.sampled_from(["asserts", "asserts", "hedges", "denies"]))
        names = draw(st.sampled_from(["Shahed Alabuga", "Garpiya Kupol", "Mohajer Qods", ""]))
        evidence = f"Iran sent {names} drones to Russia." if names else "Iran sent drones to Russia."
        chain = draw(st.sampled_from(CHAINS))
        status = "interdicted" if seizure else "occurred"
        out.append(
            (article(n, draw(st.sampled_from(OUTLETS)), day), [claim(chain, when, stance, status, evidence)])
        )
    return out


def linked(order: list[Report]) -> set[tuple[Any, ...]]:
    index = ClusterIndex(GAZ)
    for art, claims in order:
        index.add(art, claims)
    return {
        (
            c["type"],
            frozenset(c["articles"]),
            c["independent_sources"],
            tuple(sorted(c["deniers"])),
            c["first_seen"],
        )
        for c in clusters_json(index)["clusters"]
    }


@given(reports(), st.randoms(use_true_random=False))
def test_the_order_of_ingestion_changes_no_cluster_and_no_count(
    batch: list[Report], rnd: random.Random
) -> None:
    shuffled = batch[:]
    rnd.shuffle(shuffled)
    assert linked(shuffled) == linked(batch)


def count_of(order: list[Report], article_id: str) -> int:
    index = ClusterIndex(GAZ)
    for art, claims in order:
        index.add(art, claims)
    return next(
        c["independent_sources"] for c in clusters_json(index)["clusters"] if article_id in c["articles"]
    )


@given(reports(), st.sampled_from(OUTLETS))
def test_an_exact_re_report_never_raises_the_count(batch: list[Report], outlet: str) -> None:
    art, claims = batch[0]
    if claims[0].stance == "denies":
        return
    # another outlet tells the same: by the same chain, or citing the article for its own words
    chain = claims[0].sources or (Source(art.outlet or "", "media"),)
    copy = (replace(art, id="z-copy", outlet=outlet), [replace(claims[0], sources=chain)])
    assert count_of([*batch, copy], art.id) == count_of(batch, art.id)


@given(reports())
def test_an_independent_origin_raises_the_count_by_one(batch: list[Report]) -> None:
    art, claims = batch[0]
    if claims[0].stance == "denies" or art.published is None:
        return
    new = claim(
        (Source("Der Spiegel", "media"),),
        claims[0].when,
        status=claims[0].status,
        evidence=claims[0].evidence,
    )
    added = (replace(art, id="z-new", outlet="Der Spiegel"), [new])
    assert count_of([*batch, added], art.id) == count_of(batch, art.id) + 1


def test_an_undated_report_joins_the_story_it_shares_names_with(gaz: Gazetteer) -> None:
    shahed = "Iran sent Shahed drones built at Alabuga to Russia."
    garpiya = "Russia's Kupol plant built Garpiya drones with Chinese engines, Iran sent some."
    stories = [
        (article(1, "Reuters", date(2022, 11, 1)), [claim(CHAINS[2], evidence=shahed)]),
        (article(2, "AFP", date(2024, 9, 1)), [claim(CHAINS[1], evidence=garpiya)]),
    ]
    undated = (article(3, "BBC", None), [claim((), evidence="The Garpiya drones came from the Kupol plant.")])
    clusters = clusters_json(_index([*stories, undated]))["clusters"]
    assert sorted(sorted(c["articles"]) for c in clusters) == [["a001"], ["a002", "a003"]]
    stray = (article(4, "BBC", None), [claim((), evidence="Drones were sent.")])
    clusters = clusters_json(_index([*stories, stray]))["clusters"]
    assert len(clusters) == 3  # shares no name with either story: its own, not the first by default


def _index(batch: list[Report]) -> ClusterIndex:
    index = ClusterIndex(GAZ)
    for art, claims in batch:
        index.add(art, claims)
    return index


@pytest.fixture(scope="module")
def gold_reports(shared_corpus: Callable[..., Path]) -> list[Report]:
    settings = replace(Settings(), extractor="given")
    found = extract_paths([shared_corpus("dev"), shared_corpus("train")], settings)
    return [(e.article, e.claims) for e in found if isinstance(e, Extraction)]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_gold_claims_link_the_same_in_any_order(gold_reports: list[Report], seed: int) -> None:
    shuffled = gold_reports[:]
    random.Random(seed).shuffle(shuffled)
    assert len(gold_reports) > 250
    assert linked(shuffled) == linked(gold_reports)
