"""Gold records (SCHEMA.md) written for the learned extractor's tests."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

ClaimFor = Callable[..., dict[str, Any]]
WriteGold = Callable[..., Path]


def _claim(
    evidence: str,
    kind: str = "TRANSFER",
    agent: str | None = "IRN",
    recipient: str | None = "RUS",
    category: str = "uav",
) -> dict[str, Any]:
    return {
        "type": kind,
        "agent": agent,
        "recipient": recipient,
        "item": category,
        "item_category": category,
        "quantity": None,
        "when": None,
        "status": "occurred",
        "stance": "asserts",
        "sources": [],
        "source_kinds": [],
        "evidence": evidence,
    }


def _write(folder: Path, slug: str, text: str, claims: list[dict[str, Any]]) -> Path:
    record = {
        "id": slug,
        "url": None,
        "outlet": "X",
        "published": "2024-01-02",
        "title": None,
        "text": text,
        "story": f"story-{slug}",
        "claims": claims,
    }
    (folder / f"{slug}.json").write_text(json.dumps(record), encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def gold_claim() -> ClaimFor:
    """``gold_claim(evidence, kind=, agent=, recipient=, category=)``: one claim as SCHEMA writes it."""
    return _claim


@pytest.fixture(scope="session")
def write_gold() -> WriteGold:
    """``write_gold(folder, slug, text, claims)``: one gold file (story ``story-<slug>``)."""
    return _write
