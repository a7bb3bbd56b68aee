"""The learned decisions fitted on a handful of gold articles: they learn, decide and are repeatable."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from armstrail.extract.learned.dataset import ArticleExample, build_examples
from armstrail.extract.learned.gold import read_gold
from armstrail.extract.learned.models import Decision, decode, fit, linear_proba, pair_rows, predicted_status
from armstrail.extract.learned.train import story_folds

ARTICLES = [
    (
        "a",
        "Iran delivered drones to Russia, officials said.\n\nThe weather was mild.",
        "TRANSFER",
        "IRN",
        "RUS",
        "uav",
    ),
    (
        "b",
        "France delivered howitzers to Ukraine.\n\nMarkets rose on Monday.",
        "TRANSFER",
        "FRA",
        "UKR",
        "artillery",
    ),
    (
        "c",
        "Germany delivered tanks to Poland.\n\nThe match ended in a draw.",
        "TRANSFER",
        "DEU",
        "POL",
        "armoured-vehicle",
    ),
    ("d", "Russia used drones against Ukraine.\n\nPrices fell again.", "USE", "RUS", None, "uav"),
    ("e", "Israel used missiles in Gaza.\n\nThe council met.", "USE", "ISR", None, "other"),
    ("f", "Turkey delivered drones to Ethiopia.\n\nRain is expected.", "TRANSFER", "TUR", "ETH", "uav"),
]


@pytest.fixture(scope="module")
def examples(
    tmp_path_factory: pytest.TempPathFactory, gold_claim: Callable[..., Any], write_gold: Callable[..., Path]
) -> list[ArticleExample]:
    folder = tmp_path_factory.mktemp("gold")
    for slug, text, kind, agent, recipient, category in ARTICLES:
        claim = gold_claim(text.split("\n\n")[0], kind, agent, recipient, category)
        write_gold(folder, slug, text, [claim])
    return build_examples(read_gold([Path(folder)]))


def test_fitted_decisions_recover_their_training_claims(examples: list[ArticleExample]) -> None:
    models = fit(examples)
    claims = decode(models, examples[0].views, "test/0", mode="learned")
    keys = {(c.type, c.agent, c.recipient, c.item_category) for c in claims}
    assert ("TRANSFER", "IRN", "RUS", "uav") in keys
    assert all(c.extractor == "test/0" for c in claims)
    assert all(c.evidence == examples[0].article.text[c.start : c.end] for c in claims)
    # the sentence about the weather states nothing
    assert all(c.start == 0 for c in claims)


def test_fitting_is_repeatable(examples: list[ArticleExample]) -> None:
    one, two = fit(examples, seed=0), fit(examples, seed=0)
    for example in examples:
        a = [c.to_json() for c in decode(one, example.views, "x")]
        b = [c.to_json() for c in decode(two, example.views, "x")]
        assert a == b


def test_use_claims_have_no_recipient_pairs(examples: list[ArticleExample]) -> None:
    view = examples[3].views[0]
    pairs, rows = pair_rows(view, "USE")
    assert pairs and all(r is None for _a, r in pairs)
    assert all("r:none" in row for row in rows)


def test_a_decision_seen_with_one_class_answers_it() -> None:
    decision = Decision().fit([{"x": 1.0}, {"y": 1.0}], [0, 0])
    assert list(decision.proba([{"x": 1.0}])) == [0.0]


def test_folds_keep_each_story_on_one_side(examples: list[ArticleExample]) -> None:
    folds = story_folds(examples, 3)
    assert sorted(i for f in folds for i in f) == list(range(len(examples)))
    for fold in folds:
        inside = {examples[i].story for i in fold}
        outside = {e.story for j, e in enumerate(examples) if j not in fold}
        assert not inside & outside


def test_probabilities_from_the_weights_are_scikit_learns(examples: list[ArticleExample]) -> None:
    """The decoder computes logistic probabilities itself (no per-call validation); they must be
    the very numbers ``predict_proba`` gives, binary and multinomial."""
    models = fit(examples)
    view = examples[0].views[0]
    for decision, rows in (
        (models.pair, pair_rows(view, "TRANSFER")[1]),
        (models.stance, [{"chain_stance=asserts": 1.0, "type=TRANSFER": 1.0}]),
    ):
        if decision.clf is None:
            continue
        x = decision.vec.transform(rows)
        assert np.allclose(linear_proba(decision.clf, x), decision.clf.predict_proba(x))


def test_the_status_decision_learns_the_gold_statuses(
    tmp_path: Path, gold_claim: Callable[..., Any], write_gold: Callable[..., Path]
) -> None:
    parties = [
        ("IRN", "RUS", "Iran", "Russia"),
        ("FRA", "UKR", "France", "Ukraine"),
        ("DEU", "POL", "Germany", "Poland"),
    ]
    for n, (agent, recipient, giver, taker) in enumerate(parties):
        for status, verb in (("occurred", "delivered"), ("planned", "will deliver")):
            text = f"{giver} {verb} drones to {taker}, officials said.\n\nThe weather was mild."
            claim = gold_claim(text.split("\n\n")[0], "TRANSFER", agent, recipient, "uav")
            claim["status"] = status
            write_gold(tmp_path, f"{status}-{n}", text, [claim])
    examples = build_examples(read_gold([tmp_path]))
    models = fit(examples)
    assert models.status is not None
    for example in examples:
        [gold] = example.raw_gold
        assert predicted_status(models, example.views[0], "TRANSFER") == gold["status"]
        claims = decode(models, example.views, "x", mode="learned")
        assert claims and {c.status for c in claims} == {gold["status"]}
