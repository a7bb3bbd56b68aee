"""The pipeline's own component: paragraphs and datelines end sentences, and nothing else is cut."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        (
            "SEOUL - North Korea has provided Russia with missiles, John Kirby said.",
            ["SEOUL -", "North Korea has provided Russia with missiles, John Kirby said."],
        ),
        (
            "STOCKHOLM, Jan 19 — Sweden will send 50 CV90 vehicles to Ukraine.",
            ["STOCKHOLM, Jan 19 —", "Sweden will send 50 CV90 vehicles to Ukraine."],
        ),
        (
            "KYIV (Reuters) - Ukraine received Patriot systems.",
            ["KYIV (Reuters) -", "Ukraine received Patriot systems."],
        ),
        (
            "Germany to send tanks\n\nBerlin will send 14 Leopard 2 tanks.",
            ["Germany to send tanks", "Berlin will send 14 Leopard 2 tanks."],
        ),
        ("NATO said on Monday that allies would send more air defence.", None),
    ],
)
def test_datelines_and_paragraphs_end_sentences(nlp: Any, text: str, sentences: list[str] | None) -> None:
    got = [s.text.strip() for s in nlp(text).sents if s.text.strip()]
    assert got == (sentences if sentences is not None else [text])
