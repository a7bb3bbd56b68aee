"""The hand-written sentence cases (sentences.json): every phenomenon of issue 2 with the claims
a careful annotator expects. A case passes when the extractor returns exactly the expected claims,
compared on type, agent, recipient, item category, stance, status and the source chain."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from armstrail.pipeline import extract_text

CASES = json.loads((Path(__file__).with_name("sentences.json")).read_text("utf-8"))["cases"]
FIELDS = ("type", "agent", "recipient", "item_category", "stance", "status")


def _key(claim: dict[str, Any]) -> tuple[Any, ...]:
    return (*(claim.get(f) for f in FIELDS), tuple(s.casefold() for s in claim.get("sources") or []))


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_sentence(case: dict[str, Any]) -> None:
    claims = extract_text(case["text"], published=case.get("published"), outlet=case.get("outlet"))
    got = sorted(_key(c.to_json()) for c in claims)
    want = sorted(_key(c) for c in case["claims"])
    assert got == want
