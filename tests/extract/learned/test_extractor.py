"""The shipped hybrid model: loaded offline from the package, named in every claim, and chosen by
the `extractor` setting."""

from __future__ import annotations

import pytest

from armstrail.errors import ArmstrailError
from armstrail.extract.claims import EXTRACTOR_VERSION
from armstrail.extract.learned.extractor import HYBRID_VERSION, model_dir, model_meta
from armstrail.pipeline import claim_extractor, extract_text


def test_the_model_ships_in_the_package_with_its_meta() -> None:
    assert (model_dir() / "model.joblib").is_file()
    meta = model_meta()
    assert meta["extractor"] == HYBRID_VERSION
    assert meta["articles"] > 300 and meta["claims"] > 1500
    assert not any("firstread" in name for name in meta["corpora"])
    assert "negatives/heldout" not in meta["corpora"]
    assert (model_dir() / "model.joblib").stat().st_size < 50 * 1024 * 1024


def test_hybrid_claims_name_the_hybrid() -> None:
    claims = extract_text(
        "Iran has delivered hundreds of Shahed-136 drones to Russia, U.S. officials said.",
        published="2022-11-20",
    )
    keys = {(c.type, c.agent, c.recipient, c.item_category) for c in claims}
    assert ("TRANSFER", "IRN", "RUS", "uav") in keys
    assert {c.extractor for c in claims} == {HYBRID_VERSION}


def test_the_rules_alone_remain_a_choice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARMSTRAIL_EXTRACTOR", "rules")
    claims = extract_text("Iran has delivered Shahed-136 drones to Russia.", published="2022-11-20")
    assert claims and {c.extractor for c in claims} == {EXTRACTOR_VERSION}


def test_an_unknown_extractor_is_a_clear_error() -> None:
    with pytest.raises(ArmstrailError, match="unknown extractor 'neural'"):
        claim_extractor("neural")
