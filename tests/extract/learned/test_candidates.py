"""Candidates and features the learned decisions choose among."""

from __future__ import annotations

from datetime import date
from typing import Any

from armstrail.analyse.gazetteer import Gazetteer
from armstrail.extract.learned.dataset import analyse
from armstrail.extract.learned.features import typed
from armstrail.extract.learned.models import _from_rules
from armstrail.model import Article


def _views(nlp: Any, gaz: Gazetteer, text: str, published: date | None = None) -> list[Any]:
    article = Article(id="t", text=text, published=published)
    _analysis, views = analyse(article, nlp(text), gaz)
    return views


def test_one_view_per_sentence_with_the_named_parties_as_candidates(nlp: Any, gaz: Gazetteer) -> None:
    views = _views(nlp, gaz, "Iran has delivered Shahed-136 drones to Russia.\n\nThe weather was fine.")
    assert len(views) == 2
    first = views[0]
    assert {"IRN", "RUS"} <= set(first.actors)
    assert first.actors["IRN"]["in_sent"] == 1.0
    assert "uav" in first.categories and first.categories["uav"]["in_sent"] == 1.0
    assert first.features["trig=TRANSFER"] == 1.0
    assert "trig=TRANSFER" not in views[1].features


def test_a_firm_stands_for_its_home_state(nlp: Any, gaz: Gazetteer) -> None:
    """DEV-INDEX rule 26: Baykar's sale is Turkey's."""
    [view] = _views(nlp, gaz, "Baykar sold Bayraktar TB2 drones to Poland.")
    assert "TUR" in view.actors
    assert view.actors["TUR"]["form=firm"] == 1.0


def test_arguments_named_before_are_candidates_too(nlp: Any, gaz: Gazetteer) -> None:
    views = _views(nlp, gaz, "Iran and Russia signed a deal.\n\nThe drones arrived in August.")
    assert {"IRN", "RUS"} <= set(views[1].actors)
    assert "in_sent" not in views[1].actors["IRN"]
    assert "recent=0" in views[1].actors["IRN"] or "recent=1" in views[1].actors["IRN"]


def test_typed_features_keep_the_plain_ones_and_add_the_type() -> None:
    out = typed({"dep=nsubj": 1.0}, "USE")
    assert out == {"dep=nsubj": 1.0, "USE|dep=nsubj": 1.0, "type=USE": 1.0}


def test_each_claim_type_is_timed_by_its_own_trigger(nlp: Any, gaz: Gazetteer) -> None:
    text = "Iran delivered drones to Russia in October 2022.\n\nIran will deliver more drones in 2025."
    past, future = _views(nlp, gaz, text, published=date(2024, 1, 2))
    assert past.timing["TRANSFER"] == ("2022-10", "occurred")
    assert future.timing["TRANSFER"] == ("2025", "planned")
    assert "USE" not in past.timing


def test_a_claim_the_rules_did_not_make_takes_its_time_and_status_from_the_trigger(
    nlp: Any, gaz: Gazetteer
) -> None:
    [view] = _views(nlp, gaz, "Iran will deliver drones to Russia in 2025.", published=date(2024, 1, 2))
    view.rule_claims = []  # as for a sentence only the models understood
    assert _from_rules(view, "TRANSFER", "uav") == ("uav", None, "2025", "planned")
    assert _from_rules(view, "USE", "uav") == ("uav", None, None, "occurred")
