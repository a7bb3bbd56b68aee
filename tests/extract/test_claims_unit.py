"""extract/claims.py through pipeline.extract_text: every claim keeps its provenance (evidence
offsets into the text, extractor version, one kind per source), and a headline repeated by the
body is not a second claim."""

from __future__ import annotations

import pytest

from armstrail.model import CLAIM_TYPES, ITEM_CATEGORIES, SOURCE_KINDS, STANCES, STATUSES, Claim
from armstrail.pipeline import extract_text

THREE = (
    "Iran has sent hundreds of drones to Russia, The Washington Post reported, citing U.S. officials. "
    "Germany will send 14 Leopard 2 tanks to Ukraine, the German government said on Wednesday.\n\n"
    "Iran denied supplying drones to Russia."
)
BODY = "Germany will send 14 Leopard 2 tanks to Ukraine, the German government said on Wednesday."


@pytest.fixture(scope="module")
def three() -> list[Claim]:
    return extract_text(THREE, published="2023-01-25", outlet="Reuters")


def test_each_sentence_gives_its_claim(three: list[Claim]) -> None:
    got = [(c.type, c.agent, c.recipient, c.item_category, c.stance) for c in three]
    assert got == [
        ("TRANSFER", "IRN", "RUS", "uav", "asserts"),
        ("TRANSFER", "DEU", "UKR", "armoured-vehicle", "asserts"),
        ("TRANSFER", "IRN", "RUS", "uav", "denies"),
    ]


def test_evidence_is_the_text_at_its_offsets(three: list[Claim]) -> None:
    assert three
    for claim in three:
        assert THREE[claim.start : claim.end] == claim.evidence
        assert claim.evidence == claim.evidence.strip()
        data = claim.to_json()
        assert THREE[data["evidence_start"] : data["evidence_end"]] == data["evidence"]
    # one sentence each, in text order
    starts = [c.start for c in three]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)
    assert [THREE.count(c.evidence) for c in three] == [1, 1, 1]


def test_every_claim_names_its_extractor(three: list[Claim]) -> None:
    """The default extractor is the hybrid; its version is in every claim."""
    assert {c.extractor.split("/")[0] for c in three} == {"armstrail-hybrid"}
    assert all(
        c.extractor.startswith("armstrail-hybrid/") and len(c.extractor) > len("armstrail-hybrid/")
        for c in three
    )


def test_one_kind_per_source(three: list[Claim]) -> None:
    for claim in three:
        data = claim.to_json()
        assert len(data["sources"]) == len(data["source_kinds"])
        assert set(data["source_kinds"]) <= set(SOURCE_KINDS)
    chains = [[(s.name, s.kind) for s in c.sources] for c in three]
    assert chains == [
        [("The Washington Post", "media"), ("U.S. officials", "government-anonymous")],
        [("German government", "government-named")],
        [("Iranian government", "government-named")],
    ]


def test_fields_take_schema_values(three: list[Claim]) -> None:
    for claim in three:
        assert claim.type in CLAIM_TYPES
        assert claim.item_category in ITEM_CATEGORIES
        assert claim.status in STATUSES
        assert claim.stance in STANCES


def test_a_headline_repeated_by_the_body_is_not_duplicated() -> None:
    text = f"Germany to send Leopard 2 tanks to Ukraine\n\n{BODY}"
    claims = extract_text(text, published="2023-01-25")
    assert [(c.type, c.agent, c.recipient, c.item) for c in claims] == [
        ("TRANSFER", "DEU", "UKR", "Leopard 2")
    ]
    (claim,) = claims
    assert claim.start == text.index(BODY)  # the body's sentence is kept, with its source
    assert text[claim.start : claim.end] == claim.evidence == BODY
    assert [s.name for s in claim.sources] == ["German government"]


def test_a_headline_with_its_own_claim_is_kept() -> None:
    text = f"Iran sends drones to Russia\n\n{BODY}"
    claims = extract_text(text, published="2023-01-25")
    assert [(c.agent, c.recipient, c.item_category) for c in claims] == [
        ("IRN", "RUS", "uav"),
        ("DEU", "UKR", "armoured-vehicle"),
    ]
    assert claims[0].evidence == "Iran sends drones to Russia"
    assert all(text[c.start : c.end] == c.evidence for c in claims)


def test_a_first_line_ending_in_a_full_stop_is_a_sentence_not_a_headline() -> None:
    text = f"Germany to send Leopard 2 tanks to Ukraine.\n\n{BODY}"
    claims = extract_text(text, published="2023-01-25")
    assert [c.start for c in claims] == [0, text.index(BODY)]
    assert all(text[c.start : c.end] == c.evidence for c in claims)


def test_the_same_claim_twice_in_the_body_is_one_claim() -> None:
    text = f"{BODY} {BODY}"
    claims = extract_text(text, published="2023-01-25")
    assert len(claims) == 1
    assert claims[0].start == 0
