"""The hand-written sentence cases (sentences.json): every phenomenon of issue 2 with the claims
a careful annotator expects. A case passes when the extractor returns exactly the expected claims,
compared on type, agent, recipient, item category, stance, status and the source chain."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from armstrail.analyse.gazetteer import load_gazetteer
from armstrail.extract.sources import same_source
from armstrail.pipeline import extract_text

CASES = json.loads((Path(__file__).with_name("sentences.json")).read_text("utf-8"))["cases"]
FIELDS = ("type", "agent", "recipient", "item_category", "stance", "status")


def _same(got: dict[str, Any], want: dict[str, Any]) -> bool:
    gaz = load_gazetteer()
    gs, ws = got.get("sources") or [], want.get("sources") or []
    return (
        all(got.get(f) == want.get(f) for f in FIELDS)
        and len(gs) == len(ws)
        and all(same_source(a, b, gaz) for a, b in zip(gs, ws, strict=True))
    )


def _show(claim: dict[str, Any]) -> str:
    return " ".join(str(claim.get(f)) for f in FIELDS) + f" {claim.get('sources')}"


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_sentence(case: dict[str, Any]) -> None:
    got = [
        c.to_json()
        for c in extract_text(case["text"], published=case.get("published"), outlet=case.get("outlet"))
    ]
    missing = [_show(w) for w in case["claims"] if not any(_same(g, w) for g in got)]
    extra = [_show(g) for g in got if not any(_same(g, w) for w in case["claims"])]
    assert (missing, extra) == ([], []), f"missing {missing}, extra {extra}"
    assert len(got) == len(case["claims"])
