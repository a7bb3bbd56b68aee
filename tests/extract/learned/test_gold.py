"""Gold claims aligned to sentences through their evidence (the data module of the learned extractor)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from armstrail.extract.learned.gold import GoldClaim, align, evidence_span, main_sentence, read_gold

TEXT = "Iran sent drones to Russia.\n\nMoscow denied it.\n\nThe  talks went on."


def _gold_dir(tmp_path: Path, claims: list[dict[str, object]], write_gold: Callable[..., Path]) -> Path:
    return write_gold(tmp_path, "a1", TEXT, claims)


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


def test_claims_align_to_the_sentences_their_evidence_covers(
    tmp_path: Path, gold_claim: Callable[..., Any], write_gold: Callable[..., Path]
) -> None:
    claims = [gold_claim("Iran sent drones to Russia."), gold_claim("not in the text")]
    folder = _gold_dir(tmp_path, claims, write_gold)
    [gold] = list(read_gold([folder]))
    sentences = [(0, 27), (29, 46), (48, 67)]
    aligned, missed = align(gold, sentences)
    assert [c.sentences for c in aligned] == [(0,)]
    assert [(m.article, m.claim, m.reason) for m in missed] == [("a1", 1, "evidence not found in the text")]
    assert gold.story == "story-a1" and gold.article.published is not None


def test_main_sentence_is_the_one_naming_the_parties_else_the_longest(gold_claim: Callable[..., Any]) -> None:
    claim = GoldClaim.from_json(gold_claim("x"))
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
