"""Where the hybrid extractor loses its claims: grouped cross-validation with decisions replaced,
one after another, by the gold answer.

    python eval/ceilings.py [--folds 5] [--json OUT]

On the same story-grouped folds as ``make cv``, each test article is decoded by the trained
models (learned and hybrid), then with gold claim types per sentence ("types"), then also with
the gold agent and recipient wherever they are among the sentence's candidates ("types+parties"),
then also with the gold category ("types+parties+categories"). The step from one row to the next
is what that decision costs; what is left at the last row is lost to candidates, alignment and
the one-claim-per-sentence decoding. Also reported: how often the pair model's best pair is a
gold pair, over the sentences and types whose gold parties are reachable. Needs ``../shared``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from armstrail.extract.claims import finish_claims
from armstrail.extract.learned.dataset import ArticleExample, same_actor
from armstrail.extract.learned.extractor import HYBRID_VERSION
from armstrail.extract.learned.features import SentenceView
from armstrail.extract.learned.gold import GoldClaim
from armstrail.extract.learned.models import ClaimModels, _claims_for, _labels, fit, pair_rows
from armstrail.extract.learned.train import (
    default_corpora,
    evaluate,
    load_examples,
    load_scorer,
    predictor,
    story_folds,
)
from armstrail.model import CLAIM_TYPES, Claim

LEVELS = ("types", "types+parties", "types+parties+categories")
ROOT = Path(__file__).resolve().parent.parent


def reachable(view: SentenceView, gold: GoldClaim) -> bool:
    """The gold parties are among the sentence's candidates, so a decision could choose them."""
    return (not gold.agent or any(same_actor(c, gold.agent) for c in view.actors)) and (
        not gold.recipient or any(same_actor(c, gold.recipient) for c in view.actors)
    )


def gold_slots(view: SentenceView, gold: list[GoldClaim], made: list[Claim], categories: bool) -> list[Claim]:
    """The model's claims of one sentence and type with their parties replaced by the gold ones
    (and their category too when ``categories``), for every gold claim a decision could reach."""
    out: list[Claim] = []
    template = made[0] if made else None
    for g in gold:
        if not reachable(view, g) or (categories and g.item_category not in view.categories):
            continue
        agent = next((c for c in view.actors if same_actor(c, g.agent)), None) if g.agent else None
        recipient = (
            next((c for c in view.actors if same_actor(c, g.recipient)), None) if g.recipient else None
        )
        cats = (
            [g.item_category] if categories else sorted({c.item_category for c in made}) or [g.item_category]
        )
        for cat in cats:
            base = template or Claim(
                type=g.type, agent=None, recipient=None, item=cat, item_category=cat, quantity=None,
                when=None, status="occurred", stance="asserts", sources=tuple(view.chain),
                evidence=view.text, start=view.start, end=view.start + len(view.text),
                extractor=HYBRID_VERSION,
            )  # fmt: skip
            out.append(replace(base, agent=agent, recipient=recipient, item=cat, item_category=cat))
    return out


def oracle_predictor(models: ClaimModels, level: str, mode: str) -> Callable[[ArticleExample], list[Claim]]:
    """Decoding as ``models.decode`` does, with the gold answer for the decisions ``level`` names."""

    def predict(example: ArticleExample) -> list[Claim]:
        by_sentence = _labels(example)
        out: list[Claim] = []
        for view in example.views:
            gold = by_sentence.get(view.index, [])
            for t in CLAIM_TYPES:
                of_type = [g for g in gold if g.type == t]
                if not of_type:
                    continue
                ruled = [c for c in view.rule_claims if c.type == t]
                if mode == "hybrid" and ruled:
                    out.extend(ruled)
                    continue
                made = _claims_for(models, view, t, HYBRID_VERSION)
                if level != "types":
                    made = gold_slots(view, of_type, made, categories=level.endswith("categories"))
                out.extend(made)
        return finish_claims(out, example.article)

    return predict


def pair_accuracy(models: ClaimModels, examples: list[ArticleExample]) -> tuple[int, int]:
    """(hits, cases): sentences and types with a reachable gold claim whose best pair is a gold pair."""
    hits = cases = 0
    for example in examples:
        by_sentence = _labels(example)
        for view in example.views:
            gold = by_sentence.get(view.index, [])
            for t in sorted({g.type for g in gold}):
                wanted = [g for g in gold if g.type == t and reachable(view, g)]
                pairs, rows = pair_rows(view, t)
                if not wanted or not pairs:
                    continue
                agent, recipient = pairs[int(np.argmax(models.pair.proba(rows)))]
                cases += 1
                hits += any(
                    same_actor(agent, g.agent)
                    and (same_actor(recipient, g.recipient) if g.recipient else recipient is None)
                    for g in wanted
                )
    return hits, cases


def measure(k: int) -> dict[str, Any]:
    scorer = load_scorer(ROOT.parent / "shared" / "corpus" / "score.py")
    examples = load_examples(default_corpora(ROOT))
    scores: dict[str, list[dict[str, float]]] = {}
    hits = cases = 0
    for test_idx in story_folds(examples, k):
        held = set(test_idx)
        test = [examples[i] for i in test_idx]
        models = fit([e for i, e in enumerate(examples) if i not in held])
        for mode in ("learned", "hybrid"):
            scores.setdefault(mode, []).append(evaluate(scorer, test, predictor(models, mode)))
            for level in LEVELS:
                result = evaluate(scorer, test, oracle_predictor(models, level, mode))
                scores.setdefault(f"{mode}, gold {level}", []).append(result)
        h, c = pair_accuracy(models, test)
        hits, cases = hits + h, cases + c
        print(f"fold done: {len(test)} test articles", file=sys.stderr)
    metrics = ("event_f1", "event_precision", "event_recall", "attributed_f1")
    return {
        "folds": k,
        "articles": len(examples),
        "systems": {
            name: {m: round(sum(r[m] for r in rows) / len(rows), 3) for m in metrics}
            for name, rows in scores.items()
        },
        "best_pair_is_gold": {
            "hits": hits,
            "cases": cases,
            "share": round(hits / cases, 3) if cases else 0.0,
        },
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    report = measure(args.folds)
    print("| system | event F1 | precision | recall | attributed F1 |")
    print("|---|---|---|---|---|")
    for name, m in report["systems"].items():
        print(
            f"| {name} | {m['event_f1']:.3f} | {m['event_precision']:.3f} | "
            f"{m['event_recall']:.3f} | {m['attributed_f1']:.3f} |"
        )
    pair = report["best_pair_is_gold"]
    print(f"\nbest pair is a gold pair: {pair['hits']} of {pair['cases']} ({pair['share']:.3f})")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
