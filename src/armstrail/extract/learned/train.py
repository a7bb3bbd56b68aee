"""Training and honest measurement of the hybrid extractor: `make train` rebuilds the shipped model
from the gold corpora with fixed seeds; `make cv` runs cross-validation grouped by story (no story
on both sides of a fold) for the rules, the learned decisions alone and the hybrid, with both model
families, and a learning curve."""

from __future__ import annotations

import importlib.util
import json
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from armstrail import __version__
from armstrail.errors import ArmstrailError
from armstrail.extract.claims import finish_claims
from armstrail.extract.learned.dataset import ArticleExample, build_examples
from armstrail.extract.learned.extractor import HYBRID_VERSION, META_FILE, MODEL_FILE
from armstrail.extract.learned.gold import read_gold
from armstrail.extract.learned.models import ClaimModels, decode, fit, training_rows
from armstrail.model import Claim

# Sets never trained or fitted on: their first reading is the number to quote.
NEVER_TRAIN = ("firstread", "heldout-negatives")
SEED = 0


def default_corpora(root: Path) -> list[Path]:
    """The gold sets the shipped model learns from: the shared train and dev corpora, the
    project's four validation sets and the no-claim texts of tests/negatives/train."""
    shared = root.parent / "shared" / "corpus"
    return [
        shared / "train",
        shared / "dev",
        root / "tests" / "heldout",
        root / "tests" / "blind",
        root / "tests" / "fresh",
        root / "tests" / "fresh2",
        root / "tests" / "negatives" / "train",
    ]


def load_examples(folders: Sequence[Path]) -> list[ArticleExample]:
    for folder in folders:
        if not folder.is_dir():
            raise ArmstrailError(f"training corpus not found: {folder}")
        if folder.name == "firstread" or (folder.name == "heldout" and folder.parent.name == "negatives"):
            raise ArmstrailError(f"{folder} is kept for first readings and is never trained on")
    return build_examples(read_gold(folders))


def train(folders: Sequence[Path], out: Path, family: str = "logreg", seed: int = SEED) -> dict[str, Any]:
    """Fit every decision on all of ``folders`` and write the model and its meta to ``out``."""
    import joblib
    import sklearn
    from threadpoolctl import threadpool_limits

    random.seed(seed)
    started = time.monotonic()
    examples = load_examples(folders)
    with threadpool_limits(limits=1):  # one BLAS thread: the same sums in the same order each run
        models = fit(examples, family=family, seed=seed)
    out.mkdir(parents=True, exist_ok=True)
    joblib.dump(models, out / MODEL_FILE, compress=3)
    rows = training_rows(examples)
    meta = {
        "name": "armstrail-hybrid",
        "extractor": HYBRID_VERSION,
        "version": __version__,
        "trained": datetime.now(UTC).strftime("%Y-%m-%d"),
        "family": family,
        "seed": seed,
        "thresholds": asdict(models.thresholds),
        "scikit_learn": sklearn.__version__,
        "corpora": {
            f.name if f.parent.name != "negatives" else "negatives/" + f.name: {
                "articles": sum(1 for e in examples if e.corpus == f.name),
                "claims": sum(len(e.gold) for e in examples if e.corpus == f.name),
            }
            for f in folders
        },
        "articles": len(examples),
        "claims": sum(len(e.gold) for e in examples),
        "unaligned_claims": [asdict(u) for e in examples for u in e.unaligned],
        "unreachable": rows["unreachable"],
        "training_seconds": round(time.monotonic() - started, 1),
    }
    (out / META_FILE).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return meta


# -- measurement --------------------------------------------------------------------------------


def load_scorer(path: Path) -> Any:
    """The shared scorer (score.py), imported from its file: the one the project is judged by."""
    spec = importlib.util.spec_from_file_location("armstrail_scorer", path)
    if spec is None or spec.loader is None or not path.is_file():
        raise ArmstrailError(f"scorer not found: {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


Predictor = Callable[[ArticleExample], list[Claim]]


def predictor(models: ClaimModels, mode: str) -> Predictor:
    """The claims ``models`` make of an example, decoded in ``mode`` (learned or hybrid)."""

    def predict(example: ArticleExample) -> list[Claim]:
        return finish_claims(decode(models, example.views, HYBRID_VERSION, mode), example.article)

    return predict


def evaluate(scorer: Any, examples: Sequence[ArticleExample], predict: Predictor) -> dict[str, float]:
    gold = {e.article.id: {"claims": e.raw_gold} for e in examples}
    preds = {e.article.id: [c.to_json() for c in predict(e)] for e in examples}
    result = scorer.score(gold, preds)
    no_claim = [e for e in examples if not e.raw_gold]
    return {
        "event_f1": result["event"]["f1"],
        "event_precision": result["event"]["precision"],
        "event_recall": result["event"]["recall"],
        "attributed_f1": result["attributed"]["f1"],
        "when_agreement": result["field_agreement_on_event_matches"]["when"],
        "status_agreement": result["field_agreement_on_event_matches"]["status"],
        "false_claims_per_no_claim_article": (
            round(sum(len(preds[e.article.id]) for e in no_claim) / len(no_claim), 3) if no_claim else 0.0
        ),
    }


def story_folds(examples: Sequence[ArticleExample], k: int, seed: int = SEED) -> list[list[int]]:
    """``k`` folds of article indexes, every story wholly in one fold (shuffled with ``seed``,
    then filled greedily so the folds hold about as many articles each)."""
    stories: dict[str, list[int]] = {}
    for i, e in enumerate(examples):
        stories.setdefault(e.story, []).append(i)
    order = sorted(stories)
    random.Random(seed).shuffle(order)
    order.sort(key=lambda s: -len(stories[s]))
    folds: list[list[int]] = [[] for _ in range(k)]
    for story in order:
        min(folds, key=len).extend(stories[story])
    return folds


def cross_validate(
    examples: Sequence[ArticleExample],
    scorer: Any,
    k: int = 5,
    families: Sequence[str] = ("logreg", "hgb"),
    curve: Sequence[float] = (0.25, 0.5, 0.75, 1.0),
    seed: int = SEED,
    log: Callable[[str], None] = print,
) -> dict[str, Any]:
    """Per fold, event and attributed F1 of the rules, the learned decisions alone and the hybrid
    for each model family; then the hybrid's learning curve on the first family."""
    folds = story_folds(examples, k, seed)
    report: dict[str, Any] = {"folds": k, "articles": len(examples), "per_fold": [], "curve": []}
    for n, test_idx in enumerate(folds):
        test = [examples[i] for i in test_idx]
        train_set = [examples[i] for i in range(len(examples)) if i not in set(test_idx)]
        row: dict[str, Any] = {
            "fold": n,
            "test_articles": len(test),
            "test_claims": sum(len(e.gold) for e in test),
        }
        row["rules"] = evaluate(scorer, test, lambda e: list(e.rule_claims))
        for family in families:
            models = fit(train_set, family=family, seed=seed)
            for mode in ("learned", "hybrid"):
                row[f"{mode}-{family}"] = evaluate(scorer, test, predictor(models, mode))
        report["per_fold"].append(row)
        log(json.dumps(row))
    rng = random.Random(seed)
    for share in curve:
        scores = []
        for test_idx in folds:
            held = set(test_idx)
            pool = [examples[i] for i in range(len(examples)) if i not in held]
            stories = sorted({e.story for e in pool})
            rng.shuffle(stories)
            keep = set(stories[: max(1, round(len(stories) * share))])
            subset = [e for e in pool if e.story in keep]
            models = fit(subset, family=families[0], seed=seed)
            test = [examples[i] for i in test_idx]
            scores.append(evaluate(scorer, test, predictor(models, "hybrid")))
        point = {
            "share": share,
            "train_articles": round(len(examples) * (k - 1) / k * share),
            "event_f1": round(sum(s["event_f1"] for s in scores) / len(scores), 3),
            "attributed_f1": round(sum(s["attributed_f1"] for s in scores) / len(scores), 3),
        }
        report["curve"].append(point)
        log(json.dumps(point))
    report["mean"] = _means(report["per_fold"])
    return report


def _means(rows: list[dict[str, Any]]) -> dict[str, dict[str, float]]:
    systems = [k for k in rows[0] if isinstance(rows[0][k], dict)]
    return {
        s: {
            metric: round(sum(r[s][metric] for r in rows) / len(rows), 3)
            for metric in (
                "event_f1",
                "attributed_f1",
                "event_precision",
                "event_recall",
                "when_agreement",
                "status_agreement",
            )
        }
        for s in systems
    }
