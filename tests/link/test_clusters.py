"""The independence rule of SCHEMA.md on claims built by hand: origins, merging, deniers,
contradictions, and an index that only touches the clusters an article states."""

from __future__ import annotations

from datetime import date

import pytest

from armstrail.analyse.gazetteer import Gazetteer
from armstrail.link import ClusterIndex, clusters_json
from armstrail.model import Article, Claim, Source

SCOOP = (Source("The Washington Post", "media"), Source("US officials", "government-anonymous"))


def claim(
    sources: tuple[Source, ...] = SCOOP,
    stance: str = "asserts",
    when: str | None = None,
    agent: str = "IRN",
    recipient: str = "RUS",
) -> Claim:
    return Claim(
        type="TRANSFER",
        agent=agent,
        recipient=recipient,
        item="uav",
        item_category="uav",
        quantity=None,
        when=when,
        status="occurred",
        stance=stance,
        sources=sources,
        evidence="x",
        start=0,
        end=1,
        extractor="test",
    )


def article(n: int, outlet: str, day: str = "2022-11-20") -> Article:
    return Article(id=f"a{n}", text="x", outlet=outlet, published=date.fromisoformat(day))


def only(index: ClusterIndex) -> dict[str, object]:
    clusters = clusters_json(index)["clusters"]
    assert len(clusters) == 1
    result: dict[str, object] = clusters[0]
    return result


def test_ten_outlets_re_reporting_one_scoop_are_one_origin(gaz: Gazetteer) -> None:
    index = ClusterIndex(gaz)
    for n, outlet in enumerate(
        [
            "Reuters",
            "AFP",
            "CNN",
            "BBC",
            "Al Jazeera",
            "NHK World-Japan",
            "DW",
            "France 24",
            "Yonhap",
            "Anadolu",
        ]
    ):
        index.add(article(n, outlet), [claim()])
    cluster = only(index)
    assert cluster["independent_sources"] == 1
    assert cluster["origins"] == [
        {"source": "The Washington Post", "kind": "media", "first_seen": "2022-11-20"}
    ]
    assert len(cluster["articles"]) == 10  # type: ignore[arg-type]


def test_voices_of_one_state_are_one_origin(gaz: Gazetteer) -> None:
    index = ClusterIndex(gaz)
    index.add(article(1, "Reuters"), [claim((Source("John Kirby", "official-named"),))])
    index.add(article(2, "AFP"), [claim((Source("White House", "government-named"),))])
    index.add(article(3, "CNN"), [claim((Source("US officials", "government-anonymous"),))])
    assert only(index)["independent_sources"] == 1


def test_a_vague_report_adds_no_origin_beside_a_named_outlet(gaz: Gazetteer) -> None:
    index = ClusterIndex(gaz)
    index.add(article(1, "Reuters"), [claim()])
    index.add(article(2, "AFP"), [claim((Source("multiple reports", "unknown"),))])
    assert only(index)["independent_sources"] == 1


def test_own_voice_adds_no_origin_when_the_article_attributes_it(gaz: Gazetteer) -> None:
    index = ClusterIndex(gaz)
    index.add(article(1, "Al Arabiya English"), [claim(), claim(())])
    assert only(index)["independent_sources"] == 1
    index.add(article(2, "i24NEWS"), [claim(())])  # another outlet's own voice is its own origin
    assert only(index)["independent_sources"] == 2


def test_denials_are_not_origins_and_name_the_state(gaz: Gazetteer) -> None:
    index = ClusterIndex(gaz)
    index.add(article(1, "Reuters"), [claim()])
    index.add(article(2, "AFP"), [claim((Source("Hossein Amir-Abdollahian", "official-named"),), "denies")])
    cluster = only(index)
    assert cluster["independent_sources"] == 1
    assert cluster["deniers"] == ["IRN"]
    assert cluster["stances"] == {"asserts": 1, "denies": 1, "admits": 0, "hedges": 0}
    assert cluster["contradiction"] is True


def test_seizures_on_two_days_are_two_clusters(gaz: Gazetteer) -> None:
    index = ClusterIndex(gaz)
    seized = [claim((Source("US Central Command", "government-named"),), when="2024-01-11")]
    index.add(article(1, "Reuters", "2024-01-16"), [replace_status(c) for c in seized])
    later = [claim((Source("US Central Command", "government-named"),), when="2024-01-28")]
    index.add(article(2, "AP", "2024-02-15"), [replace_status(c) for c in later])
    assert len(index.clusters) == 2


def replace_status(c: Claim) -> Claim:
    from dataclasses import replace

    return replace(c, status="interdicted")


def test_adding_an_article_touches_only_its_propositions(gaz: Gazetteer) -> None:
    index = ClusterIndex(gaz)
    index.add(article(1, "Reuters"), [claim()])
    index.add(article(2, "Reuters"), [claim(agent="PRK")])
    touched = index.add(article(3, "AFP"), [claim()])
    assert [c.agent for c in touched] == ["IRN"]
    assert sorted(len(c.mentions) for c in index.clusters) == [1, 2]


def test_cluster_ids_are_stable(gaz: Gazetteer) -> None:
    ids = []
    for _ in range(2):
        index = ClusterIndex(gaz)
        index.add(article(1, "Reuters"), [claim()])
        ids.append(index.clusters[0].id)
    assert ids[0] == ids[1] and ids[0].startswith("c-")


@pytest.mark.parametrize("name", ["reports", "media reports", "multiple reports"])
def test_vague_names(gaz: Gazetteer, name: str) -> None:
    index = ClusterIndex(gaz)
    index.add(article(1, "Reuters"), [claim((Source(name, "unknown"),))])
    index.add(article(2, "AFP"), [claim()])
    assert only(index)["independent_sources"] == 1


@pytest.mark.parametrize(
    ("first", "second", "clusters"),
    [
        ("2022-01-31", "2022-03-10", 1),  # 38 days apart, across a month boundary: one story
        ("2022-12-20", "2023-01-25", 1),  # across a year boundary
        ("2022-01-01", "2022-04-01", 2),  # 90 days apart: two stories
        ("2022-04-01", "2022-01-01", 2),  # an older report filed later is still compared by date
    ],
)
def test_stories_join_within_the_window_across_months(
    gaz: Gazetteer, first: str, second: str, clusters: int
) -> None:
    index = ClusterIndex(gaz)
    index.add(article(1, "Reuters", first), [claim()])
    index.add(article(2, "AFP", second), [claim()])
    assert len(index.clusters) == clusters


def test_a_long_story_keeps_joining_reports_near_either_end(gaz: Gazetteer) -> None:
    index = ClusterIndex(gaz)
    for n, day in enumerate(["2022-01-10", "2022-02-20", "2022-04-01", "2022-05-10"]):
        index.add(article(n, "Reuters", day), [claim()])
    index.add(article(9, "AFP", "2022-01-05"), [claim()])  # near the old start only
    assert len(index.clusters) == 1 and len(index.clusters[0].mentions) == 5
