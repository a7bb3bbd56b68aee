"""Gold claims aligned to sentences through their evidence (the data module of the learned extractor)."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from armstrail.extract.learned.gold import GoldClaim, align, evidence_span, main_sentence, read_gold

TEXT = "Iran sent drones to Russia.\n\nMoscow denied it.\n\nThe  talks went on."


def _claim(evidence: str, agent: str | None = "IRN", recipient: str | None = "RUS") -> dict[str, object]:
    return {
        "type": "TRANSFER",
        "agent": agent,
        "recipient": recipient,
        "item": "uav",
        "item_category": "uav",
        "quantity": None,
        "when": None,
        "status": "occurred",
        "stance": "asserts",
        "sources": [],
        "source_kinds": [],
        "evidence": evidence,
    }


def _gold_dir(tmp_path: Path, claims: list[dict[str, object]]) -> Path:
    record = {
        "id": "a1",
        "url": None,
        "outlet": "X",
        "published": "2024-01-02",
        "title": None,
        "text": TEXT,
        "story": "s1",
        "claims": claims,
    }
    (tmp_path / "a1.json").write_text(json.dumps(record), encoding="utf-8")
    return tmp_path


def test_evidence_found_exactly_or_across_whitespace() -> None:
    assert evidence_span(TEXT, "Moscow denied it.") == (29, 46)
    start, end = evidence_span(TEXT, "The talks went on.") or (0, 0)
    assert TEXT[start:end] == "The  talks went on."
    assert evidence_span(TEXT, "Nobody said this.") is None
    assert evidence_span(TEXT, "") is None


@given(st.text(min_size=1, max_size=80), st.integers(0, 79), st.integers(1, 40))
def test_any_exact_substring_is_found_where_it_is(text: str, at: int, length: int) -> None:
    piece = text[at % len(text) :][:length]
    if not piece:
        return
    span = evidence_span(text, piece)
    assert span is not None
    assert text[span[0] : span[1]] == piece


def test_claims_align_to_the_sentences_their_evidence_covers(tmp_path: Path) -> None:
    folder = _gold_dir(tmp_path, [_claim("Iran sent drones to Russia."), _claim("not in the text")])
    [gold] = list(read_gold([folder]))
    sentences = [(0, 27), (29, 46), (48, 67)]
    aligned, missed = align(gold, sentences)
    assert [c.sentences for c in aligned] == [(0,)]
    assert [(m.article, m.claim, m.reason) for m in missed] == [("a1", 1, "evidence not found in the text")]
    assert gold.story == "s1" and gold.article.published is not None


def test_main_sentence_is_the_one_naming_the_parties_else_the_longest() -> None:
    claim = GoldClaim.from_json(_claim("x"))
    spanning = GoldClaim(**{**claim.__dict__, "sentences": (0, 1)})
    texts = ["RABAT", "Israel sold drones to Morocco, officials said."]
    assert main_sentence(spanning, texts) == 1
    named = [{"IRN", "RUS"}, set()]
    assert (
        main_sentence(
            spanning, ["Iran sent drones to Russia.", "Much longer sentence with nobody in it."], named
        )
        == 0
    )
