"""`armstrail export --format ftm` read back with the followthemoney package's own model: every
entity valid and already in FtM's canonical form, every reference resolving, every claim one
event proven by its article, ids stable."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from followthemoney import model, registry

from armstrail.analyse.gazetteer import Gazetteer
from armstrail.export import ArticleRecord
from armstrail.export.ftm import actor_entity, actor_id, article_entity, article_id, country, event_entity
from armstrail.model import Claim, Source
from armstrail.store import StoredClaim, open_store, stored_claims

Export = Callable[[str], str]  # the export_text fixture


@pytest.fixture(scope="module")
def entities(export_text: Export) -> list[dict[str, Any]]:
    return [json.loads(line) for line in export_text("ftm").splitlines()]


@pytest.fixture(scope="module")
def stored(db: str) -> list[StoredClaim]:
    return stored_claims(open_store(db, create=False))


def _assert_valid(entity: dict[str, Any]) -> None:
    """What FtM itself accepts: a concrete schema, known writable properties, no invalid value
    (``Schema.validate``), the required ones present, and values FtM's cleaning leaves untouched
    (``get_proxy(cleaned=False)`` re-parses every value: a value it drops or rewrites was wrong)."""
    assert set(entity) == {"id", "schema", "properties"}
    schema = model.get(entity["schema"])
    assert schema is not None and not schema.abstract, entity["schema"]
    for name in entity["properties"]:
        prop = schema.get(name)
        assert prop is not None and not prop.stub, f"{entity['schema']}.{name}"
    assert schema.validate(entity) is None
    assert set(schema.required) <= set(entity["properties"]), entity["id"]
    proxy = model.get_proxy(entity, cleaned=False)
    assert proxy.id == entity["id"]
    assert proxy.to_dict()["properties"] == entity["properties"], entity["id"]


def test_every_line_is_an_entity_the_ftm_model_accepts_unchanged(entities: list[dict[str, Any]]) -> None:
    assert entities
    for entity in entities:
        _assert_valid(entity)
    counts = Counter(e["schema"] for e in entities)
    assert {"Article", "PublicBody", "Organization", "Event", "Sanction"} <= set(counts)
    assert len({e["id"] for e in entities}) == len(entities)


def test_every_reference_points_at_an_exported_entity_of_the_right_schema(
    entities: list[dict[str, Any]],
) -> None:
    by_id = {e["id"]: e for e in entities}
    references = 0
    for entity in entities:
        schema = model[entity["schema"]]
        for name, values in entity["properties"].items():
            prop = schema.properties[name]
            if prop.type != registry.entity:
                continue
            for value in values:
                target = by_id.get(value)
                assert target is not None, f"{entity['id']}.{name} -> {value}"
                assert prop.range is not None and model[target["schema"]].is_a(prop.range)
                references += 1
    assert references > len(entities)


def test_every_claim_is_one_event_proven_by_its_article(
    entities: list[dict[str, Any]], stored: list[StoredClaim]
) -> None:
    events = [e for e in entities if e["schema"] == "Event"]
    by_record = {e["properties"]["recordId"][0]: e for e in events}
    assert len(events) == len(by_record) == len(stored)
    articles = {e["id"]: e for e in entities if e["schema"] == "Article"}
    for claim in stored:
        props = by_record[claim.id]["properties"]
        (proof,) = props["proof"]
        assert proof == article_id(claim.article_id)
        assert articles[proof]["properties"]["publisher"] == [claim.outlet]
        assert props["summary"] == [claim.claim.evidence]
        assert f"characters {claim.claim.start}-{claim.claim.end}" in props["description"][0]
        assert f"Stance: {claim.claim.stance}" in props["description"][0]
        if claim.claim.agent:
            assert props["organizer"] == [actor_id(claim.claim.agent)]
        for source in claim.claim.sources:
            assert f"{source.name} ({source.kind})" in props["description"][0]
    # the article text stays in the store (docs/exports.md); the evidence travels on each event
    assert not any("bodyText" in a["properties"] for a in articles.values())


def test_sanctions_are_the_imposed_sanctions_with_their_target_and_proof(
    entities: list[dict[str, Any]], stored: list[StoredClaim]
) -> None:
    imposed = {
        s.id: s
        for s in stored
        if s.claim.type == "SANCTION"
        and s.claim.recipient
        and s.claim.stance in ("asserts", "admits")
        and s.claim.status in ("occurred", "ongoing")
    }
    sanctions = [e for e in entities if e["schema"] == "Sanction"]
    assert imposed and sorted(e["properties"]["recordId"][0] for e in sanctions) == sorted(imposed)
    for sanction in sanctions:
        props = sanction["properties"]
        claim = imposed[props["recordId"][0]]
        assert props["entity"] == [actor_id(str(claim.claim.recipient))]
        assert props["proof"] == [article_id(claim.article_id)]


def test_ids_are_the_same_in_every_export(export_text: Export, entities: list[dict[str, Any]]) -> None:
    again = [json.loads(line) for line in export_text("ftm").splitlines()]
    assert again == entities


def test_states_get_the_country_code_ftm_itself_reads_from_their_iso3(gaz: Gazetteer) -> None:
    for iso3 in gaz.states:
        assert country(iso3) == registry.country.clean_text(iso3), iso3
    assert country("Houthis") is None and country(None) is None


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        ("2022-11", {"date": ["2022-11"]}),
        ("2022-02-24/..", {"startDate": ["2022-02-24"]}),
        ("../2023", {"endDate": ["2023"]}),
        ("2022-02/2022-05-01", {"startDate": ["2022-02"], "endDate": ["2022-05-01"]}),
        (None, {}),
    ],
)
def test_when_becomes_a_date_or_an_interval_ftm_accepts(when: str | None, expected: dict[str, Any]) -> None:
    claim = Claim(
        type="TRANSFER",
        agent="IRN",
        recipient="Houthis",
        item="Shahed-136",
        item_category="uav",
        quantity=None,
        when=when,
        status="occurred",
        stance="denies",
        sources=(Source("Reuters", "media"), Source("Iranian officials", "government-anonymous")),
        evidence="Iran denied sending drones.",
        start=0,
        end=27,
        extractor="armstrail-hybrid/0.3.0",
    )
    entity = event_entity(StoredClaim("a#0", "a", "Outlet", date(2024, 1, 2), claim))
    _assert_valid(entity)
    props = entity["properties"]
    assert {k: v for k, v in props.items() if k in ("date", "startDate", "endDate")} == expected
    assert props["name"] == ["IRN TRANSFER Shahed-136 to Houthis (denied)"]
    assert props["involved"] == [actor_id("IRN"), actor_id("Houthis")] and props["country"] == ["ir"]


def test_untidy_records_still_make_entities_ftm_keeps_as_they_are() -> None:
    """Stored records hold what was read: over-long titles, addresses that are not web addresses,
    names with stray spaces. The entities are still valid and already in FtM's own form."""
    article = ArticleRecord(
        "feed.xml#3",
        "feed-item-3",
        "  Some Outlet ",
        None,
        "word " * 400,
        None,
        "armstrail-hybrid/0.3.0",
        False,
    )
    entity = article_entity(article)
    _assert_valid(entity)
    props = entity["properties"]
    assert len(props["title"][0]) == 1024 and props["publisher"] == ["Some Outlet"]
    assert "sourceUrl" not in props and "processingAgent" not in props  # not a URL; not analysed
    group = actor_entity("Wagner  Group\n", "Wagner  Group\n", "organisation", {})
    _assert_valid(group)
    assert group["properties"] == {"name": ["Wagner Group"]}


def test_each_event_notes_the_regimes_its_claim_may_fall_under(
    entities: list[dict[str, Any]], stored: list[StoredClaim]
) -> None:
    events = {e["properties"]["recordId"][0]: e for e in entities if e["schema"] == "Event"}
    checked = 0
    for claim in stored:
        notes = events[claim.id]["properties"].get("notes", [])
        regimes = claim.regimes()
        assert len(notes) == len(regimes)
        for note, regime in zip(notes, regimes, strict=True):
            assert note.startswith(f"may fall under {regime.id} (") and regime.status in note
        checked += bool(regimes)
    assert checked > 0
