"""Linking inside the store, on SQLite and PostgreSQL: clusters kept up to date article by
article (the same clusters as the in-memory index), replacement, the citation graph, entities,
and the relink of a store upgraded from revision 0001."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select, update

from armstrail.analyse.gazetteer import Gazetteer
from armstrail.link import ClusterIndex, clusters_json
from armstrail.model import Article, Claim, Source
from armstrail.pipeline import Extraction, extract_paths
from armstrail.settings import Settings
from armstrail.store import open_store, stored_claims
from armstrail.store.db import downgrade
from armstrail.store.ingest import write_batch
from armstrail.store.linking import relink
from armstrail.store.schema import actors, citations, claim_sources, claims, clusters, sources
from armstrail.store.show import show_report, view_claim
from armstrail.store.stories import cluster_of_claim, story_records

WAPO = (Source("The Washington Post", "media"), Source("US officials", "government-anonymous"))


def claim(sources: tuple[Source, ...] = WAPO, stance: str = "asserts", agent: str = "IRN") -> Claim:
    return Claim(
        type="TRANSFER",
        agent=agent,
        recipient="RUS",
        item="Shahed-136",
        item_category="uav",
        quantity=None,
        when=None,
        status="occurred",
        stance=stance,
        sources=sources,
        evidence="x",
        start=0,
        end=1,
        extractor="test",
    )


def extraction(article_id: str, outlet: str, day: str, *claims: Claim) -> Extraction:
    article = Article(
        id=article_id, text=f"text of {article_id}", outlet=outlet, published=date.fromisoformat(day)
    )
    return Extraction(article, list(claims))


@pytest.fixture(scope="module")
def dev_extractions(shared_corpus: Callable[..., Path]) -> list[Extraction]:
    return [e for e in extract_paths([shared_corpus("dev")]) if isinstance(e, Extraction)]


def _comparable(records: list[dict[str, Any]], by_id: bool = True) -> dict[Any, tuple[Any, ...]]:
    return {
        (
            r["id"]
            if by_id
            else (r["type"], r["agent"], r["recipient"], r["item_category"], *sorted(r["articles"]))
        ): (
            sorted(r["articles"]),
            sorted(o["source"] for o in r["origins"]),
            r["independent_sources"],
            r["stances"],
            r["deniers"],
            r["contradiction"],
            r["first_seen"],
            r["last_seen"],
            r["item"],
        )
        for r in records
    }


def test_stored_clusters_are_the_clusters_of_the_in_memory_index(
    db: str, dev_extractions: list[Extraction], gaz: Gazetteer
) -> None:
    """Filing article by article into the store gives exactly the clusters, ids, origins and
    tallies that the in-memory ``ClusterIndex`` gives on the same articles in the same order."""
    engine = open_store(db)
    index = ClusterIndex(gaz)
    for e in dev_extractions:
        write_batch(engine, [e])
        index.add(e.article, e.claims)
    stored = _comparable(story_records(engine))
    assert len(stored) > 30
    assert stored == _comparable(clusters_json(index)["clusters"])


def test_an_article_touches_only_its_own_clusters(db: str, dev_extractions: list[Extraction]) -> None:
    engine = open_store(db)
    write_batch(engine, dev_extractions)
    before = _rows(engine)
    write_batch(engine, [extraction("late", "Reuters", "2022-11-21", claim())])
    after = _rows(engine)
    changed = {k for k in after if before.get(k) != after[k]}
    assert len(changed) == 1  # the Iranian drones story only
    (record,) = [r for r in story_records(engine) if r["id"] in changed]
    assert "late" in record["articles"] and (record["agent"], record["recipient"]) == ("IRN", "RUS")


def _rows(engine: Engine) -> dict[str, tuple[Any, ...]]:
    with engine.connect() as connection:
        return {row[0]: tuple(row) for row in connection.execute(select(clusters))}


def test_a_replaced_article_leaves_its_clusters(db: str) -> None:
    engine = open_store(db)
    write_batch(engine, [extraction("a1", "Reuters", "2022-11-20", claim())])
    write_batch(engine, [extraction("a2", "AFP", "2022-11-21", claim())])
    (story,) = story_records(engine)
    assert story["articles"] == ["a1", "a2"]
    write_batch(engine, [extraction("a2", "AFP", "2022-11-21")])  # new text, no claim left
    (story,) = story_records(engine)
    assert story["articles"] == ["a1"] and story["stances"]["asserts"] == 1
    write_batch(engine, [extraction("a1", "Reuters", "2022-11-20")])
    assert story_records(engine) == []


def test_a_denial_and_a_report_are_a_contradiction_with_both_sides(db: str) -> None:
    engine = open_store(db)
    denial = claim(sources=(Source("Iranian foreign ministry", "government-named"),), stance="denies")
    write_batch(engine, [extraction("a1", "Reuters", "2022-11-20", claim(), denial)])
    (story,) = story_records(engine, contradictions=True)
    assert story["deniers"] == ["IRN"]
    assert [o["source"] for o in story["origins"]] == ["The Washington Post"]
    assert story["stances"] == {"asserts": 1, "denies": 1, "admits": 0, "hedges": 0}


@pytest.mark.parametrize("order", ["scoop first", "scoop last"])
def test_a_cited_report_in_the_store_is_linked(db: str, order: str) -> None:
    engine = open_store(db)
    scoop = extraction(
        "wapo", "The Washington Post", "2022-11-19", claim(sources=(Source("US officials", "anonymous"),))
    )
    follow_up = extraction("wapo-2", "The Washington Post", "2022-11-20", claim(sources=()))
    re_report = extraction("ap", "Associated Press", "2022-11-20", claim())
    batches = [scoop, follow_up, re_report] if order == "scoop first" else [re_report, follow_up, scoop]
    for batch in batches:
        write_batch(engine, [batch])
    with engine.connect() as connection:
        rows = connection.execute(
            select(citations.c.claim_id, citations.c.outlet, citations.c.cited_article_id)
        ).all()
    assert rows == [("ap#0", "The Washington Post", "wapo")]
    assert "cites The Washington Post: its report is stored as wapo" in show_report(
        view_claim(engine, "ap#0")
    )
    write_batch(engine, [extraction("wapo", "The Washington Post", "2022-11-19")])  # the scoop withdrawn
    with engine.connect() as connection:
        cited = connection.execute(select(citations.c.cited_article_id)).scalar_one()
    assert cited == "wapo-2"


def test_a_citation_of_another_story_is_not_linked(db: str) -> None:
    engine = open_store(db)
    write_batch(
        engine, [extraction("wapo", "The Washington Post", "2022-11-19", claim(agent="PRK", sources=()))]
    )
    write_batch(engine, [extraction("ap", "Associated Press", "2022-11-20", claim())])
    with engine.connect() as connection:
        assert connection.execute(select(citations.c.outlet, citations.c.cited_article_id)).all() == [
            ("The Washington Post", None)
        ]


def test_sources_and_actors_are_entities(db: str) -> None:
    engine = open_store(db)
    write_batch(engine, [extraction("a1", "Reuters", "2022-11-20", claim())])
    write_batch(engine, [extraction("a2", "AFP", "2022-11-20", claim())])
    with engine.connect() as connection:
        entities = connection.execute(select(sources.c.name, sources.c.kind, sources.c.outlet)).all()
        links = connection.execute(select(claim_sources.c.source_id)).scalars().all()
        known = dict(connection.execute(select(actors.c.code, actors.c.kind)).all())
    assert sorted(entities) == [
        ("The Washington Post", "media", "The Washington Post"),
        ("US officials", "government-anonymous", None),
    ]
    assert len(links) == 4 and None not in links and len(set(links)) == 2
    assert known == {"IRN": "state", "RUS": "state"}


def test_show_finds_the_cluster_of_a_claim(db: str) -> None:
    engine = open_store(db)
    write_batch(engine, [extraction("a1", "Reuters", "2022-11-20", claim())])
    write_batch(engine, [extraction("a2", "AFP", "2022-11-21", claim())])
    record = cluster_of_claim(engine, "a2#0")
    assert record is not None and record["articles"] == ["a1", "a2"] and record["independent_sources"] == 1
    assert cluster_of_claim(engine, "a9#0") is None


def test_a_store_from_revision_0001_is_relinked_on_open(db: str, dev_extractions: list[Extraction]) -> None:
    engine = open_store(db)
    write_batch(engine, dev_extractions)
    linked = _comparable(story_records(engine), by_id=False)  # relinking files oldest first
    claim_count = len(stored_claims(engine))
    downgrade(engine, "0001")
    with engine.connect() as connection:  # the downgrade dropped links, never articles or claims
        assert connection.execute(select(func.count()).select_from(claims)).scalar_one() == claim_count
    engine.dispose()
    reopened = open_store(db)
    assert _comparable(story_records(reopened), by_id=False) == linked
    with reopened.connect() as connection:
        assert None not in connection.execute(select(claim_sources.c.source_id)).scalars().all()
    assert relink(reopened) == len(linked)


@pytest.fixture(scope="module")
def gold_extractions(shared_corpus: Callable[..., Path]) -> list[Extraction]:
    """The dev and train corpora's own claims, taken as given (no extraction)."""
    settings = replace(Settings(), extractor="given")
    found = extract_paths([shared_corpus("dev"), shared_corpus("train")], settings)
    return [e for e in found if isinstance(e, Extraction)]


def test_ingesting_in_another_order_gives_the_same_clusters_and_counts(
    db: str, gold_extractions: list[Extraction], gaz: Gazetteer, tmp_path: Path
) -> None:
    """Issue 14: the store's stories and counts do not depend on the order articles came in,
    and are the in-memory index's."""
    shuffled = gold_extractions[:]
    random.Random(7).shuffle(shuffled)
    engine = open_store(db)
    for start in range(0, len(shuffled), 37):  # batches of several articles, as ingest writes them
        write_batch(engine, shuffled[start : start + 37])
    other = open_store(str(tmp_path / "in-order.db"))
    for e in gold_extractions:
        write_batch(other, [e])
    index = ClusterIndex(gaz)
    for e in reversed(gold_extractions):
        index.add(e.article, e.claims)
    stored = _comparable(story_records(engine), by_id=False)
    assert len(stored) > 700
    assert stored == _comparable(story_records(other), by_id=False)
    assert stored == _comparable(clusters_json(index)["clusters"], by_id=False)


def test_a_store_linked_by_the_order_dependent_rule_is_relinked_on_upgrade(
    db: str, gold_extractions: list[Extraction]
) -> None:
    """Revision 0008 adds ``clusters.undated``; a store from before it had stories that depended on
    the order of ingestion, so it is relinked once on open and then holds the partition's stories
    with each story's undated reports counted."""
    engine = open_store(db)
    write_batch(engine, gold_extractions)
    linked = _comparable(story_records(engine), by_id=False)
    with engine.connect() as connection:
        undated = connection.execute(select(func.sum(clusters.c.undated))).scalar_one()
    assert undated > 0  # the corpora hold undated articles whose claims give no date
    downgrade(engine, "0007")
    with engine.begin() as connection:  # what the old rule may have left: one story of a key
        connection.execute(update(clusters).values(first_seen=None))
    engine.dispose()
    reopened = open_store(db)
    assert _comparable(story_records(reopened), by_id=False) == linked
    with reopened.connect() as connection:
        assert connection.execute(select(func.sum(clusters.c.undated))).scalar_one() == undated


def test_a_replaced_report_that_bridged_a_story_leaves_it_apart(db: str, tmp_path: Path) -> None:
    """Reports on 01-01, 02-10 and 03-20 are one story only through the middle one; when that
    article is replaced by one of June, the store holds what an ingest of the articles as they now
    are makes: three stories."""
    engine = open_store(db)
    first = [
        extraction("jan", "Reuters", "2022-01-01", claim()),
        extraction("feb", "AFP", "2022-02-10", claim()),
        extraction("mar", "BBC", "2022-03-20", claim()),
    ]
    write_batch(engine, first)
    assert len(story_records(engine)) == 1
    write_batch(engine, [extraction("feb", "AFP", "2022-06-01", claim())])
    fresh = open_store(str(tmp_path / "fresh.db"))
    write_batch(fresh, [first[0], first[2], extraction("feb", "AFP", "2022-06-01", claim())])
    assert len(story_records(engine)) == 3
    assert _comparable(story_records(engine), by_id=False) == _comparable(story_records(fresh), by_id=False)
