"""The learned decisions, each its own model: which claim types a sentence states; which candidate
is the agent, which the recipient; which item categories; which stance. Logistic regression or
gradient boosting over the features of ``features.py``; the decoder turns their probabilities into
claims with the rules' attribution chains."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.feature_extraction import DictVectorizer, FeatureHasher
from sklearn.linear_model import LogisticRegression

from armstrail.extract.learned.dataset import ArticleExample, same_actor
from armstrail.extract.learned.features import Features, SentenceView, typed
from armstrail.model import CLAIM_TYPES, STANCES, STATUSES, Claim

NO_RECIPIENT_TYPES = frozenset({"USE", "PRODUCE"})


@dataclass
class Thresholds:
    """Where each probability becomes a decision, chosen by grouped cross-validation
    (docs/model-card.md): lower sentence thresholds trade precision for recall at about the same F1."""

    sentence: dict[str, float] = field(default_factory=lambda: {t: 0.5 for t in CLAIM_TYPES})
    agent: float = 0.97  # another pair of parties as likely as this is a claim too (coordination)
    category: float = 0.5
    keep_rules: float = 0.0  # the rules' claims of a type the sentence classifier gives at least this
    pair_min: float = 0.7  # a claim the rules did not make needs a pair of parties at least this likely


def linear_proba(clf: Any, x: Any) -> np.ndarray:
    """A fitted logistic regression's class probabilities, computed straight from its weights:
    the same numbers as ``predict_proba`` without its per-call input validation, which costs more
    than the arithmetic on the few rows of one sentence."""
    scores = np.asarray(x @ clf.coef_.T) + clf.intercept_
    if scores.shape[1] == 1:
        p1 = 1.0 / (1.0 + np.exp(-scores[:, 0]))
        return np.column_stack([1.0 - p1, p1])
    scores = scores - scores.max(axis=1, keepdims=True)
    e = np.exp(scores)
    return np.asarray(e / e.sum(axis=1, keepdims=True))


def frequent(rows: list[Features], min_count: int) -> list[Features]:
    """The rows with only the features seen in at least ``min_count`` of them: a feature seen once
    is an article's quirk, not a cue."""
    if min_count <= 1:
        return rows
    counts: Counter[str] = Counter(k for r in rows for k in r)
    return [{k: v for k, v in r.items() if counts[k] >= min_count} for r in rows]


class Decision:
    """One binary or multiclass decision: a vectorizer and a classifier."""

    def __init__(self, family: str = "logreg", c: float = 1.0, seed: int = 0) -> None:
        self.family = family
        self.c = c
        self.seed = seed
        # linear models hash their features (fast, nothing to store per name); gradient boosting
        # needs dense columns, so it keeps a vocabulary of the features it was fitted on
        self.vec: Any = (
            DictVectorizer(sparse=True)
            if family == "hgb"
            else FeatureHasher(n_features=2**18, alternate_sign=False)
        )
        self.clf: Any = None
        self.constant: Any = None

    def fit(self, rows: list[Features], labels: list[Any], min_count: int = 1) -> Decision:
        rows = frequent(rows, min_count)
        x = self.vec.fit_transform(rows) if self.family == "hgb" else self.vec.transform(rows)
        if len(set(labels)) < 2:
            self.constant = labels[0] if labels else 0
            return self
        if self.family == "hgb":
            self.clf = HistGradientBoostingClassifier(
                max_iter=200,
                learning_rate=0.1,
                max_leaf_nodes=15,
                l2_regularization=1.0,
                random_state=self.seed,
            )
            self.clf.fit(x.toarray().astype(np.float32), labels)
        else:
            self.clf = LogisticRegression(
                C=self.c, max_iter=2000, class_weight="balanced", random_state=self.seed
            )
            self.clf.fit(x, labels)
        return self

    def proba(self, rows: list[Features]) -> np.ndarray:
        """Probability of the positive class (binary) for each row."""
        if not rows:
            return np.zeros(0)
        if self.clf is None:
            return np.full(len(rows), float(self.constant == 1))
        x = self.vec.transform(rows)
        p = (
            self.clf.predict_proba(x.toarray().astype(np.float32))
            if self.family == "hgb"
            else linear_proba(self.clf, x)
        )
        return (
            np.asarray(p[:, list(self.clf.classes_).index(1)])
            if 1 in self.clf.classes_
            else np.zeros(len(rows))
        )

    def classes_proba(self, rows: list[Features]) -> tuple[list[Any], np.ndarray]:
        if self.clf is None:
            return [self.constant], np.ones((len(rows), 1))
        x = self.vec.transform(rows)
        if self.family == "hgb":
            return list(self.clf.classes_), self.clf.predict_proba(x.toarray().astype(np.float32))
        return list(self.clf.classes_), linear_proba(self.clf, x)


class SentenceTypes:
    """Which claim types a sentence states: one hashed vectorisation of its words and cues (fast on
    every sentence of every article; no vocabulary to store), one classifier per type."""

    def __init__(self, c: float = 1.0, seed: int = 0) -> None:
        self.vec = FeatureHasher(n_features=2**18, alternate_sign=False)
        self.clfs: dict[str, Any] = {}
        self.c = c
        self.seed = seed

    def fit(self, rows: list[Features], labels: dict[str, list[int]], min_count: int = 2) -> SentenceTypes:
        x = self.vec.transform(frequent(rows, min_count))
        for t, y in labels.items():
            if len(set(y)) < 2:
                self.clfs[t] = None
                continue
            clf = LogisticRegression(C=self.c, max_iter=2000, class_weight="balanced", random_state=self.seed)
            self.clfs[t] = clf.fit(x, y)
        return self

    def proba(self, rows: list[Features]) -> dict[str, np.ndarray]:
        x = self.vec.transform(rows)
        out: dict[str, np.ndarray] = {}
        for t, clf in self.clfs.items():
            if clf is None:
                out[t] = np.zeros(len(rows))
            else:
                out[t] = linear_proba(clf, x)[:, list(clf.classes_).index(1)]
        return out


@dataclass
class ClaimModels:
    sentence: SentenceTypes
    category: Decision
    stance: Decision
    pair: Decision
    thresholds: Thresholds
    family: str = "logreg"
    status: Decision | None = None  # None in a model trained before status was learned


def _labels(ex: ArticleExample) -> dict[int, list[Any]]:
    """Gold claims by the sentence that makes them."""
    by_sent: dict[int, list[Any]] = {}
    for g, s in zip(ex.gold, ex.main_sentences(), strict=True):
        by_sent.setdefault(s, []).append(g)
    return by_sent


def training_rows(examples: list[ArticleExample]) -> dict[str, Any]:
    """Rows and labels of every decision, from gold-labelled articles."""
    sent_rows: list[Features] = []
    sent_labels: dict[str, list[int]] = {t: [] for t in CLAIM_TYPES}
    cat_rows: list[Features] = []
    cat_y: list[int] = []
    stance_rows: list[Features] = []
    stance_y: list[str] = []
    status_rows: list[Features] = []
    status_y: list[str] = []
    pair_rows_: list[Features] = []
    pair_y: list[int] = []
    unreachable = {"agent": 0, "recipient": 0, "category": 0, "claims": 0}
    for ex in examples:
        by_sent = _labels(ex)
        covered = {i for g in ex.gold for i in g.sentences}
        for view in ex.views:
            golds = by_sent.get(view.index, [])
            if not golds and view.index in covered:
                continue  # part of a longer evidence whose claim another sentence makes
            types = {g.type for g in golds}
            sent_rows.append(view.features)
            for t in CLAIM_TYPES:
                sent_labels[t].append(int(t in types))
            for t in sorted(types):
                of_type = [g for g in golds if g.type == t]
                unreachable["claims"] += len(of_type)
                for g in of_type:
                    if g.agent and not any(same_actor(c, g.agent) for c in view.actors):
                        unreachable["agent"] += 1
                    if g.recipient and not any(same_actor(c, g.recipient) for c in view.actors):
                        unreachable["recipient"] += 1
                    if g.item_category not in view.categories:
                        unreachable["category"] += 1
                pairs, prow = pair_rows(view, t)
                pair_rows_.extend(prow)
                pair_y.extend(
                    int(any(same_actor(a, g.agent) and same_actor(r, g.recipient) for g in of_type))
                    for a, r in pairs
                )
                for cat, f in view.categories.items():
                    cat_rows.append(typed(f, t))
                    cat_y.append(int(any(g.item_category == cat for g in of_type)))
                for g in of_type:
                    stance_rows.append(typed({**view.stance, **_lexical_slice(view)}, t))
                    stance_y.append(g.stance)
                    status_rows.append(status_features(view, t))
                    status_y.append(g.status)
    return {
        "sentence": (sent_rows, sent_labels),
        "category": (cat_rows, cat_y),
        "stance": (stance_rows, stance_y),
        "status": (status_rows, status_y),
        "pair": (pair_rows_, pair_y),
        "unreachable": unreachable,
    }


def pair_rows(view: SentenceView, t: str) -> tuple[list[tuple[str, str | None]], list[Features]]:
    """Every (agent, recipient) pair of the sentence's candidates for a claim of type ``t``, with
    the features of both and of their relation: one decision for both parties, so that the
    recipient is chosen knowing the agent."""
    codes = list(view.actors)
    recipients: list[str | None] = [None] if t in NO_RECIPIENT_TYPES else [None, *codes]
    rule_pairs = {(c.agent, c.recipient, c.type) for c in view.rule_claims}
    pairs: list[tuple[str, str | None]] = []
    rows: list[Features] = []
    for a in codes:
        fa = view.actors[a]
        for r in recipients:
            if r == a:
                continue
            row: Features = {}
            for k, v in fa.items():
                row[f"a:{k}"] = v
                row[f"{t}|a:{k}"] = v
            if r is None:
                row["r:none"] = 1.0
                row[f"{t}|r:none"] = 1.0
            else:
                for k, v in view.actors[r].items():
                    row[f"r:{k}"] = v
                    row[f"{t}|r:{k}"] = v
                order = [m for m in view.actors]
                row["a_first" if order.index(a) < order.index(r) else "r_first"] = 1.0
            if (a, r, t) in rule_pairs:
                row["rule_pair"] = 1.0
            elif any(ra == a and rr == r for ra, rr, _ in rule_pairs):
                row["rule_pair_other_type"] = 1.0
            row[f"type={t}"] = 1.0
            pairs.append((a, r))
            rows.append(row)
    return pairs, rows


def _lexical_slice(view: SentenceView) -> Features:
    return {k: v for k, v in view.features.items() if k.startswith(("l=", "b="))}


def status_features(view: SentenceView, t: str) -> Features:
    """What tells a claim's status: the sentence's words, the status the rules read off its
    trigger of the type and gave their claims of it, whether the trigger's phrase is dated."""
    f: Features = dict(_lexical_slice(view))
    when, status = view.timing.get(t, (None, "none"))
    f[f"trig_status={status}"] = 1.0
    if when:
        f["trig_dated"] = 1.0
        f[f"trig_when_open={'/' in when}"] = 1.0
    for c in view.rule_claims:
        if c.type == t:
            f[f"rule_status={c.status}"] = 1.0
    return typed(f, t)


def fit(examples: list[ArticleExample], family: str = "logreg", seed: int = 0, c: float = 1.0) -> ClaimModels:
    rows = training_rows(examples)
    sent_rows, sent_labels = rows["sentence"]
    sentence = SentenceTypes(c=c, seed=seed).fit(sent_rows, sent_labels, min_count=2)
    # gradient boosting needs dense rows: only features seen often enough to split on
    slot_min = 40 if family == "hgb" else 3
    cat_rows, cat_y = rows["category"]
    stance_rows, stance_y = rows["stance"]
    pair_x, pair_y = rows["pair"]
    category = Decision(family, c=c, seed=seed).fit(cat_rows, cat_y, min_count=slot_min)
    stance = Decision("logreg", c=c, seed=seed).fit(stance_rows, stance_y, min_count=2)
    status_rows, status_y = rows["status"]
    status = Decision("logreg", c=c, seed=seed).fit(status_rows, status_y, min_count=2)
    pair = Decision(family, c=c, seed=seed).fit(pair_x, pair_y, min_count=slot_min)
    return ClaimModels(sentence, category, stance, pair, Thresholds(), family, status)


def decode(
    models: ClaimModels, views: list[SentenceView], extractor: str, mode: str = "hybrid"
) -> list[Claim]:
    """Claims of one article from its sentence views: types above their threshold, then the best
    agents, recipient and categories for each, the stance, status and the sentence's chain. In
    the hybrid, a type the rules also found in the sentence keeps the rules' claims of it (their
    slots, stance, status and chain), and the rules' claims of a type the model rejects are
    dropped."""
    if not views:
        return []
    th = models.thresholds
    type_p = models.sentence.proba([v.features for v in views])
    out: list[Claim] = []
    for n, view in enumerate(views):
        for t in CLAIM_TYPES:
            p = type_p[t][n]
            ruled = [c for c in view.rule_claims if c.type == t]
            if mode == "hybrid" and ruled:
                if p >= th.keep_rules:
                    out.extend(replace(c, extractor=extractor) for c in ruled)
                continue
            if p >= th.sentence[t]:
                out.extend(_claims_for(models, view, t, extractor))
    return out


def _claims_for(models: ClaimModels, view: SentenceView, t: str, extractor: str) -> list[Claim]:
    th = models.thresholds
    codes = list(view.actors)
    if not codes:
        return []
    pairs, prow = pair_rows(view, t)
    if not pairs:
        return []
    pp = models.pair.proba(prow)
    best = int(np.argmax(pp))
    if pp[best] < th.pair_min:
        return []
    chosen_pairs = [pairs[best]] + [
        pair for i, (pair, p) in enumerate(zip(pairs, pp, strict=True)) if i != best and p >= th.agent
    ]
    cats = list(view.categories)
    pc = models.category.proba([typed(view.categories[k], t) for k in cats])
    chosen = [k for k, p in zip(cats, pc, strict=True) if p >= th.category] or [cats[int(np.argmax(pc))]]
    classes, sp = models.stance.classes_proba([typed({**view.stance, **_lexical_slice(view)}, t)])
    stance = str(classes[int(np.argmax(sp[0]))])
    if stance not in STANCES:
        stance = "asserts"
    learned_status = predicted_status(models, view, t)
    evidence = view.text.rstrip()
    claims: list[Claim] = []
    for agent, recipient in chosen_pairs:
        if agent == recipient:
            continue
        for cat in chosen:
            item, quantity, when, status = _from_rules(view, t, cat)
            status = learned_status or status
            claims.append(
                Claim(
                    type=t,
                    agent=agent,
                    recipient=recipient,
                    item=item,
                    item_category=cat,
                    quantity=quantity,
                    when=when,
                    status=status,
                    stance=stance,
                    sources=tuple(view.chain),
                    evidence=evidence,
                    start=view.start,
                    end=view.start + len(evidence),
                    extractor=extractor,
                )
            )
    return claims


def predicted_status(models: ClaimModels, view: SentenceView, t: str) -> str | None:
    """The status decision's answer for a claim of type ``t`` in this sentence (None without one)."""
    if models.status is None:
        return None
    classes, p = models.status.classes_proba([status_features(view, t)])
    status = str(classes[int(np.argmax(p[0]))])
    return status if status in STATUSES else None


def _from_rules(view: SentenceView, t: str, cat: str) -> tuple[str, str | None, str | None, str]:
    """Designation, quantity, time and status: from the rules' claim of the same sentence and
    category when there is one (of the same type first); else the bare category, no quantity, and
    the time and status the rules read off the sentence's trigger of the type, else no time and
    occurred. Time is not learned; a status decision, where the model has one, overrides the
    status given here for the claims the rules did not make."""
    best = None
    for c in view.rule_claims:
        if c.item_category == cat and (best is None or (c.type == t) > (best.type == t)):
            best = c
    if best is not None:
        return best.item, best.quantity, best.when, best.status
    when, status = view.timing.get(t, (None, "occurred"))
    return cat, None, when, status
