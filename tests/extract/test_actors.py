"""extract/actors.py: the state (ISO3) or group a noun phrase stands for, on sentences parsed by
the real pipeline."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from armstrail.extract.actors import actors_of, is_generic_state_group
from armstrail.extract.context import ArticleContext

Ctx = Callable[..., ArticleContext]


def _at(ctx_for: Ctx, text: str, word: str) -> tuple[ArticleContext, Any]:
    """The context of ``text`` having read the sentences before the last token ``word``."""
    ctx = ctx_for(text)
    matches = [t for t in ctx.doc if t.text == word]
    assert matches, f"no {word!r} in {text!r}"
    tok = matches[-1]
    for sent in ctx.doc.sents:
        if sent.end <= tok.i:
            ctx.remember_sentence(sent)
    return ctx, tok


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        ("The German government approved the deal.", "government", ["DEU"]),
        ("Ukraine's air force shot down the drones.", "force", ["UKR"]),
        ("Russia's defence ministry said the drones were destroyed.", "ministry", ["RUS"]),
        ("Russian forces fired the drones.", "forces", ["RUS"]),
        ("North Korean troops fought in Kursk.", "troops", ["PRK"]),
        ("Israeli officials said the drones were Iranian.", "officials", ["ISR"]),
        ("Iran sent drones to Houthi-controlled Yemen.", "Yemen", ["Houthis"]),
        ("The Kremlin denied the report.", "Kremlin", ["RUS"]),
        ("Tehran has supplied drones.", "Tehran", ["IRN"]),
        ("US Central Command said it seized the weapons.", "Command", ["USA"]),
        ("John Kirby said the drones came from Iran.", "Kirby", ["USA"]),
        ("Ukraine President Volodymyr Zelensky said so.", "Zelensky", ["UKR"]),
        ("The Houthi rebels fired missiles.", "rebels", ["Houthis"]),
        ("Hezbollah fighters used the drones.", "fighters", ["Hezbollah"]),
        ("Iran and Russia signed a deal.", "Iran", ["IRN", "RUS"]),
        # coreference: "the country" is the state named last
        ("Iran sent drones. The country denied it.", "country", ["IRN"]),
        (
            "Iran and Russia signed a deal. Governments of both countries denied it.",
            "Governments",
            ["IRN", "RUS"],
        ),
        # "Iran-backed militias" are not Iran, and no group has been named
        ("Iran-backed militias attacked the base.", "militias", []),
        ("Twelve countries sent tanks.", "countries", []),
        ("The weather was fine.", "weather", []),
        pytest.param(
            "The Russian and Iranian governments signed a deal.",
            "governments",
            ["RUS", "IRN"],
            marks=pytest.mark.xfail(
                strict=True, reason="coordinated adjectives: only the first state is read"
            ),
        ),
    ],
)
def test_actors_of(ctx_for: Ctx, text: str, word: str, expected: list[str]) -> None:
    ctx, tok = _at(ctx_for, text, word)
    assert actors_of(tok, ctx) == expected


def test_follow_conj_can_be_turned_off(ctx_for: Ctx) -> None:
    ctx, tok = _at(ctx_for, "Iran and Russia signed a deal.", "Iran")
    assert actors_of(tok, ctx, follow_conj=False) == ["IRN"]


def test_speaker_pronouns_take_the_speaker_state(ctx_for: Ctx) -> None:
    ctx, tok = _at(ctx_for, "We will send more tanks.", "We")
    assert actors_of(tok, ctx) == []
    assert actors_of(tok, ctx, speaker_state="DEU") == ["DEU"]


def test_armed_group_words_take_the_last_group(ctx_for: Ctx) -> None:
    ctx, tok = _at(ctx_for, "The Houthis fired drones at ships. The rebels said so.", "rebels")
    assert actors_of(tok, ctx) == ["Houthis"]


@pytest.mark.parametrize(
    ("text", "word", "generic"),
    [
        ("Twelve countries sent tanks.", "countries", True),
        ("European allies sent tanks.", "allies", True),
        ("The country sent tanks.", "country", False),
        ("Germany sent tanks.", "Germany", False),
    ],
)
def test_is_generic_state_group(ctx_for: Ctx, text: str, word: str, generic: bool) -> None:
    _ctx, tok = _at(ctx_for, text, word)
    assert is_generic_state_group(tok) is generic
