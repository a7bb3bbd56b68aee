"""extract/attribution.py: reporting frames and attribution chains, outermost first, on sentences
parsed by the real pipeline."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from armstrail.extract.attribution import Frame, find_frames, name_source, reporting_stance
from armstrail.extract.context import ArticleContext
from armstrail.model import SOURCE_KINDS, STANCES

Ctx = Callable[..., ArticleContext]
Chain = list[tuple[str, str]]


def _frames(ctx_for: Ctx, text: str) -> list[list[Frame]]:
    """The frames of each sentence, reading the article in order as the extractor does."""
    ctx = ctx_for(text)
    out = []
    for sent in ctx.doc.sents:
        out.append(find_frames(sent, ctx))
        ctx.remember_sentence(sent)
    return out


def _chain(frame: Frame) -> Chain:
    return [(s.name, s.kind) for s in frame.sources]


def _only_frame(ctx_for: Ctx, text: str) -> Frame:
    sentences = _frames(ctx_for, text)
    assert len(sentences) == 1, [s for s in sentences]
    assert len(sentences[0]) == 1, [_chain(f) for f in sentences[0]]
    return sentences[0][0]


@pytest.mark.parametrize(
    ("text", "chain"),
    [
        (
            "Iran has sent drones to Russia, The Washington Post reported, citing U.S. officials.",
            [("The Washington Post", "media"), ("U.S. officials", "government-anonymous")],
        ),
        (
            "Iran has sent drones to Russia, according to a statement from US Central Command.",
            [("US Central Command", "government-named")],
        ),
        (
            "Iran has sent drones to Russia, a source familiar with the matter told Reuters.",
            [("Reuters", "media"), ("a source familiar with the matter", "anonymous")],
        ),
        ("Iran has sent drones to Russia, Reuters reported.", [("Reuters", "media")]),
        (
            "North Korea has shipped artillery shells to Russia, according to South Korean officials.",
            [("South Korean officials", "government-anonymous")],
        ),
        (
            "Iran has sent drones to Russia, three officials familiar with the matter said.",
            [("three officials familiar with the matter", "government-anonymous")],
        ),
        ("John Kirby said Iran had sent drones to Russia.", [("John Kirby", "official-named")]),
        (
            "The Pentagon said Iran had sent drones to Russia.",
            [("US Department of Defense", "government-named")],
        ),
        ("According to the Pentagon, Iran sent drones.", [("US Department of Defense", "government-named")]),
        ("The Kremlin said no drones had been received.", [("Russian government", "government-named")]),
        (
            "Iran sent drones to Russia, Ukraine's air force said.",
            [("Ukrainian air force", "government-named")],
        ),
        (
            "Iran has sent drones to Russia, according to documents reviewed by The Wall Street Journal.",
            [("The Wall Street Journal", "media"), ("documents", "document")],
        ),
        ("Satellite images show Russian tanks near the border.", [("Satellite images", "imagery")]),
        ("Iran sent drones to Russia, media reports said.", [("media reports", "media")]),
    ],
)
def test_chains_outermost_first(ctx_for: Ctx, text: str, chain: Chain) -> None:
    frame = _only_frame(ctx_for, text)
    assert _chain(frame) == chain
    assert frame.stance == "asserts"
    assert not frame.negated
    assert frame.media == any(kind == "media" for _, kind in chain)


@pytest.mark.parametrize(
    ("text", "stance", "source"),
    [
        ("Iran denied supplying drones to Russia.", "denies", "Iranian government"),
        ("Iran denied that it had supplied drones to Russia.", "denies", "Iranian government"),
        ("Iran rejected the report as baseless.", "denies", "Iranian government"),
        ("Russia admitted that it had received drones from Iran.", "admits", "Russian government"),
    ],
)
def test_stance_of_the_reporting_verb(ctx_for: Ctx, text: str, stance: str, source: str) -> None:
    frame = _only_frame(ctx_for, text)
    assert frame.stance == stance
    assert [s.name for s in frame.sources] == [source]
    assert frame.sources[0].kind == "government-named"


def test_a_negated_reporting_verb_is_marked(ctx_for: Ctx) -> None:
    frame = _only_frame(ctx_for, "Iran did not deny that it had supplied drones.")
    assert frame.negated
    assert frame.stance == "denies"


def test_frame_tokens_cover_the_attribution_not_the_claim(ctx_for: Ctx) -> None:
    text = "Iran has sent hundreds of drones to Russia, The Washington Post reported, citing U.S. officials."
    ctx = ctx_for(text)
    (frame,) = find_frames(next(iter(ctx.doc.sents)), ctx)
    covered = {ctx.doc[i].text for i in frame.tokens}
    assert {"Washington", "Post", "citing", "officials"} <= covered
    assert not {"Iran", "drones", "Russia"} & covered
    assert ctx.doc[frame.verb].lemma_ == "report"


def test_a_sentence_without_attribution_has_no_frame(ctx_for: Ctx) -> None:
    assert _frames(ctx_for, "Iran has sent hundreds of drones to Russia.") == [[]]


def test_the_report_is_the_report_just_cited(ctx_for: Ctx) -> None:
    """'The report said ...' after 'Reuters reported' is Reuters' report: the extractor keeps the
    last media chain in the context; without it the report is a source of unknown kind."""
    ctx = ctx_for(
        "Iran has sent drones to Russia, Reuters reported. The report said the drones arrived in May."
    )
    first, second = ctx.doc.sents
    (cited,) = find_frames(first, ctx)
    assert [(s.name, s.kind) for s in find_frames(second, ctx)[0].sources] == [("report", "unknown")]
    ctx.last_media_chain = cited.sources
    assert [_chain(f) for f in find_frames(second, ctx)] == [[("Reuters", "media")]]


def test_a_short_outlet_name_after_the_full_name(ctx_for: Ctx) -> None:
    frames = _frames(
        ctx_for,
        "The Washington Post reported that Iran sent drones. The Post said the drones arrived in August.",
    )
    assert [_chain(f) for f in frames[1]] == [[("The Washington Post", "media")]]


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        ("Reuters said so.", "Reuters", ("Reuters", "media")),
        ("CENTCOM said so.", "CENTCOM", ("US Central Command", "government-named")),
        ("Tehran said so.", "Tehran", ("Iranian government", "government-named")),
        ("The Houthis said so.", "Houthis", ("Houthis", "organisation")),
        ("Western diplomats said so.", "diplomats", ("Western diplomats", "government-anonymous")),
        ("Analysts said so.", "Analysts", ("analysts", "anonymous")),
        ("The weather was mild.", "weather", None),
    ],
)
def test_name_source(ctx_for: Ctx, text: str, word: str, expected: tuple[str, str] | None) -> None:
    ctx = ctx_for(text)
    tok = next(t for t in ctx.doc if t.text == word)
    source = name_source(tok, ctx)
    assert (None if source is None else (source.name, source.kind)) == expected


def test_every_kind_and_stance_is_a_schema_value(ctx_for: Ctx) -> None:
    text = (
        "Iran has sent drones to Russia, The Washington Post reported, citing U.S. officials. "
        "Iran denied it. Russia admitted that it had received drones. Satellite images show tanks."
    )
    frames = [f for sentence in _frames(ctx_for, text) for f in sentence]
    assert len(frames) == 4
    assert all(f.stance in STANCES for f in frames)
    assert all(s.kind in SOURCE_KINDS for f in frames for s in f.sources)


@pytest.mark.parametrize(
    ("lemma", "stance"),
    [("say", "asserts"), ("report", "asserts"), ("deny", "denies"), ("admit", "admits"), ("eat", None)],
)
def test_reporting_stance_comes_from_the_lexicon(ctx_for: Ctx, lemma: str, stance: str | None) -> None:
    ctx = ctx_for("x")
    assert reporting_stance(lemma, ctx.gaz.lexicon) == stance
