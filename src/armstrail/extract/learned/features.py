"""Features of the learned decisions, as sparse name -> value dicts: words and lemmas, the lexicon's
trigger and stance words, gazetteer mentions, the dependency role of each candidate, what the rules
concluded, and the article around the sentence. Computed once per sentence; the per-type views add
the claim type to each name so one model can weigh a cue differently by type."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from armstrail.extract.claims import ArticleAnalysis, SentenceResult, sentence_chain
from armstrail.extract.events import governing_chain, trigger_kind
from armstrail.extract.learned.candidates import (
    ArticleFrame,
    actor_candidates,
    category_candidates,
)
from armstrail.extract.sources import state_voice
from armstrail.extract.triggers.sentence import SentenceEvents
from armstrail.model import CLAIM_TYPES, Claim

Features = dict[str, float]

# the lexicon's event kinds, as the claim types they give
KIND_TYPE = {
    "TRANSFER": "TRANSFER",
    "RECEIVE": "TRANSFER",
    "INTERDICT": "TRANSFER",
    "PRODUCE": "PRODUCE",
    "AGREE": "AGREE",
    "USE": "USE",
    "TRAIN": "TRAIN",
    "SANCTION": "SANCTION",
}
ROLE_PREPS = frozenset({"to", "from", "by", "with", "for", "between", "against", "on", "in", "of", "into"})
DENY_WORDS = frozenset(
    {
        "deny",
        "denied",
        "denies",
        "reject",
        "dismiss",
        "refute",
        "never",
        "no",
        "not",
        "n't",
        "false",
        "baseless",
        "groundless",
        "refuse",
        "halt",
        "suspend",
        "pause",
        "revoke",
        "freeze",
        "block",
        "cancel",
    }
)
HEDGE_WORDS = frozenset(
    {
        "could",
        "may",
        "might",
        "reportedly",
        "allegedly",
        "believe",
        "believed",
        "likely",
        "possibly",
        "probably",
        "suspect",
        "suspected",
        "if",
        "would",
        "consider",
        "considering",
        "speculation",
        "appear",
        "appears",
        "seem",
        "purportedly",
        "apparently",
        "expect",
        "expected",
        "perhaps",
    }
)
ADMIT_WORDS = frozenset({"admit", "acknowledge", "confirm", "concede", "recognise", "recognize"})


class TriggerKinds:
    """The lexicon's event kind of each token, looked up once per article."""

    def __init__(self, ctx: Any) -> None:
        self.ctx = ctx
        self.cache: dict[int, str | None] = {}

    def __call__(self, tok: Any) -> str | None:
        if tok.i not in self.cache:
            self.cache[tok.i] = trigger_kind(tok, self.ctx)
        return self.cache[tok.i]


@dataclass
class Slots:
    """A sentence's candidates with their features: actor code -> features, item category ->
    features, and the stance cues."""

    actors: dict[str, Features]
    categories: dict[str, Features]
    stance: Features
    # claim type -> (when, status) read off the sentence's trigger of that type
    timing: dict[str, tuple[str | None, str]] = field(default_factory=dict)


@dataclass
class SentenceView:
    """What the models see of one sentence: its own features, its candidates with theirs, and
    the rules' raw claims of it. The candidates are worked out only when a decision asks for them
    (most sentences state no claim), then kept."""

    index: int
    start: int
    end: int
    text: str
    features: Features
    rule_claims: list[Claim]
    chain: tuple[Any, ...] = ()
    chain_stance: str = "asserts"
    is_heading: bool = False
    build_slots: Callable[[], Slots] | None = None
    _slots: Slots | None = None

    @property
    def slots(self) -> Slots:
        if self._slots is None:
            assert self.build_slots is not None
            self._slots = self.build_slots()
            self.build_slots = None  # holds the parse; not needed once built
        return self._slots

    @property
    def actors(self) -> dict[str, Features]:
        return self.slots.actors

    @property
    def categories(self) -> dict[str, Features]:
        return self.slots.categories

    @property
    def stance(self) -> Features:
        return self.slots.stance

    @property
    def timing(self) -> dict[str, tuple[str | None, str]]:
        return self.slots.timing

    def materialize(self) -> SentenceView:
        """Build the candidates now, so the view is plain data (for training sets kept in memory)."""
        _ = self.slots
        return self


def _bucket(n: int) -> str:
    return str(n) if n < 3 else "3+"


def sentence_views(
    analysis: ArticleAnalysis, frame: ArticleFrame, rule_raw: list[list[Claim]]
) -> list[SentenceView]:
    """One view per sentence of the article, in order."""
    ctx = analysis.ctx
    results = analysis.results
    kind_of = TriggerKinds(ctx)
    kinds_per_sent: list[set[str]] = []
    for result in results:
        kinds: set[str] = set()
        for tok in result.sent:
            kind = kind_of(tok)
            if kind:
                kinds.add(KIND_TYPE.get(kind, kind))
        kinds_per_sent.append(kinds)
    n = len(results)
    views: list[SentenceView] = []
    for index, result in enumerate(results):
        sent = result.sent
        raw = rule_raw[index]
        f: Features = {}
        _lexical(sent, f)
        for kind in kinds_per_sent[index]:
            f[f"trig={kind}"] = 1.0
        for c in raw:
            f[f"rule={c.type}"] = 1.0
            f[f"rule_stance={c.stance}"] = 1.0
        if raw:
            f["rule_any"] = 1.0
        if index > 0:
            for kind in kinds_per_sent[index - 1]:
                f[f"prev_trig={kind}"] = 1.0
            for c in rule_raw[index - 1]:
                f[f"prev_rule={c.type}"] = 1.0
        if index + 1 < n:
            for kind in kinds_per_sent[index + 1]:
                f[f"next_trig={kind}"] = 1.0
        actors = frame.actors[index]
        items = frame.items[index]
        f[f"n_actors={_bucket(len({a.code for a in actors}))}"] = 1.0
        f[f"n_items={_bucket(len(items))}"] = 1.0
        for it in items:
            f[f"cat={it.category}"] = 1.0
            if not it.vague:
                f["has_item"] = 1.0
        for a in actors:
            f[f"actor_kind={a.kind}"] = 1.0
        heading = _is_heading(sent)
        if heading:
            f["heading"] = 1.0
        if index == 0:
            f["first"] = 1.0
        f[f"pos={min(index, 5)}"] = 1.0
        if result.quoted_lost:
            f["quoted_lost"] = 1.0
        chain, chain_stance = sentence_chain(result)
        if result.frames:
            f["frame"] = 1.0
            for fr in result.frames:
                f[f"frame_stance={fr.stance}"] = 1.0
                if fr.negated:
                    f["frame_negated"] = 1.0
        if result.would_inherit:
            f["inherits"] = 1.0
        if not chain:
            f["own_voice"] = 1.0
        view = SentenceView(
            index,
            sent.start_char,
            sent.end_char,
            sent.text,
            f,
            raw,
            chain=chain,
            chain_stance=chain_stance,
            is_heading=heading,
        )
        view.build_slots = partial(_slots, analysis, frame, index, result, raw, chain, chain_stance, kind_of)
        views.append(view)
    return views


def _slots(
    analysis: ArticleAnalysis,
    frame: ArticleFrame,
    index: int,
    result: SentenceResult,
    raw: list[Claim],
    chain: tuple[Any, ...],
    chain_stance: str,
    kind_of: TriggerKinds,
) -> Slots:
    sent = result.sent
    return Slots(
        _actor_features(analysis, frame, index, result, raw, chain, kind_of),
        _category_features(frame, index, raw, analysis.doc, [t for t in sent if kind_of(t)]),
        _stance_features(sent, result, raw, chain_stance, chain),
        _timing(result, analysis.ctx, kind_of),
    )


def _timing(result: SentenceResult, ctx: Any, kind_of: TriggerKinds) -> dict[str, tuple[str | None, str]]:
    """When and status of a claim of each type whose trigger the sentence holds, read by the rules'
    own date and status helpers, so that a claim the models make and the rules did not still gets
    them. The trigger nearest the root speaks for its type."""
    triggers = [t for t in result.sent if KIND_TYPE.get(kind_of(t) or "")]
    if not triggers:
        return {}
    rules = SentenceEvents(result.sent, ctx, {i for f in result.frames for i in f.tokens}, None)
    out: dict[str, tuple[str | None, str]] = {}
    for tok in sorted(triggers, key=lambda t: (sum(1 for _ in t.ancestors), t.i)):
        kind = kind_of(tok) or ""
        claim_type = KIND_TYPE[kind]
        if claim_type in out:
            continue
        chain = governing_chain(tok)
        out[claim_type] = (rules.when(tok, chain), rules.status(kind, chain, tok))
    return out


def _lexical(sent: Any, f: Features) -> None:
    prev = "<s>"
    for tok in sent:
        if tok.is_space or tok.is_punct:
            continue
        lemma = tok.lemma_.lower()
        if tok.like_num:
            lemma = "<num>"
        f[f"l={lemma}"] = 1.0
        f[f"b={prev}_{lemma}"] = 1.0
        prev = lemma
        if tok.dep_ == "ROOT":
            f[f"root={lemma}"] = 1.0
        if tok.dep_ == "neg":
            f["neg"] = 1.0


def _is_heading(sent: Any) -> bool:
    return not sent.text.rstrip().endswith((".", "!", "?", '"', "”", "’", "'", ":", ";"))


def _actor_features(
    analysis: ArticleAnalysis,
    frame: ArticleFrame,
    index: int,
    result: SentenceResult,
    raw: list[Claim],
    chain: tuple[Any, ...],
    kind_of: TriggerKinds,
) -> dict[str, Features]:
    ctx = analysis.ctx
    doc = analysis.doc
    sent = result.sent
    trig_tokens = [t for t in sent if kind_of(t)]
    speaker_states = set()
    for s in chain:
        st = ctx.person_states.get(s.name) or state_voice(s.name, ctx.gaz)
        if st:
            speaker_states.add(st)
    recent = frame.recent_actors(index)
    top = frame.top_actors(4)
    out: dict[str, Features] = {}
    for code in actor_candidates(frame, index, raw, ctx.pair()):
        f: Features = {}
        mentions = [m for m in frame.actors[index] if m.code == code]
        if mentions:
            f["in_sent"] = 1.0
            f[f"n_in_sent={_bucket(len(mentions))}"] = 1.0
            order = [m.code for m in frame.actors[index]]
            f[f"order={min(order.index(code), 3)}"] = 1.0
            for m in mentions[:2]:
                _mention_syntax(doc[m.token], trig_tokens, kind_of, f)
                f[f"kind={m.kind}"] = 1.0
                f[f"form={m.form}"] = 1.0
        else:
            f["not_in_sent"] = 1.0
        if any(it.origin == code for it in frame.items[index]):
            f["item_origin"] = 1.0
        if code in recent:
            f[f"recent={min(recent.index(code), 3)}"] = 1.0
        if code in top:
            f[f"top={top.index(code)}"] = 1.0
        f[f"art_count={_bucket(frame.actor_counts.get(code, 0))}"] = 1.0
        if code in ctx.pair():
            f["in_pair"] = 1.0
        if code in speaker_states:
            f["is_speaker"] = 1.0
        if code == ctx.dateline_state:
            f["dateline"] = 1.0
        if len(code) == 3 and code.isupper():
            f["state_code"] = 1.0
        else:
            f["group_code"] = 1.0
        for c in raw:
            if c.agent == code:
                f[f"rule_agent={c.type}"] = 1.0
                f["rule_agent_any"] = 1.0
            if c.recipient == code:
                f[f"rule_recipient={c.type}"] = 1.0
                f["rule_recipient_any"] = 1.0
        out[code] = f
    return out


def _mention_syntax(tok: Any, trig_tokens: list[Any], kind_of: TriggerKinds, f: Features) -> None:
    """Where a mention stands: its dependency role, the word it hangs from, the preposition that
    governs it, and whether it precedes the nearest trigger."""
    f[f"dep={tok.dep_}"] = 1.0
    head = tok.head
    f[f"head={head.lemma_.lower()}"] = 1.0
    f[f"dep_head={tok.dep_}_{head.dep_}"] = 1.0
    # climb compounds and modifiers to the noun phrase head
    np = tok
    for _ in range(3):
        if np.dep_ in ("compound", "amod", "poss", "nmod") and np.head.i != np.i:
            np = np.head
        else:
            break
    if np is not tok:
        f[f"np_dep={np.dep_}"] = 1.0
    gov = np.head
    if np.dep_ in ("pobj", "pcomp") and gov.lower_ in ROLE_PREPS:
        f[f"prep={gov.lower_}"] = 1.0
        f[f"prep_head={gov.lower_}_{gov.head.lemma_.lower()}"] = 1.0
    if np.dep_ in ("nsubj", "nsubjpass"):
        kind = kind_of(np.head)
        f[f"subj_of={kind or 'other'}"] = 1.0
        if np.dep_ == "nsubjpass":
            f["passive_subj"] = 1.0
    if np.dep_ in ("dobj", "dative"):
        kind = kind_of(np.head)
        f[f"obj_of={kind or 'other'}"] = 1.0
    if tok.i > 0:
        f[f"w-1={tok.doc[tok.i - 1].lower_}"] = 1.0
    if tok.i + 1 < len(tok.doc):
        f[f"w+1={tok.doc[tok.i + 1].lower_}"] = 1.0
    for trig in _nearest_triggers(tok, trig_tokens):
        path = dep_path(tok, trig)
        if path is not None:
            kind = KIND_TYPE.get(kind_of(trig) or "", "?")
            f[f"path={path}"] = 1.0
            f[f"path_kind={kind}:{path}"] = 1.0
            f[f"path_len={min(path.count(' ') + 1, 5)}"] = 1.0
    if trig_tokens:
        nearest = min(trig_tokens, key=lambda t: abs(t.i - tok.i))
        kind = KIND_TYPE.get(kind_of(nearest) or "", "?")
        side = "before" if tok.i < nearest.i else "after"
        f[f"rel_trig={side}"] = 1.0
        f[f"rel_trig_kind={side}_{kind}"] = 1.0
        dist = abs(nearest.i - tok.i)
        f[f"trig_dist={'near' if dist <= 3 else 'mid' if dist <= 8 else 'far'}"] = 1.0
        if nearest in tok.ancestors:
            f["under_trig"] = 1.0


def _nearest_triggers(tok: Any, trig_tokens: list[Any], n: int = 2) -> list[Any]:
    return sorted(trig_tokens, key=lambda t: abs(t.i - tok.i))[:n]


def dep_path(a: Any, b: Any, limit: int = 5) -> str | None:
    """The dependency path from token ``a`` up to the lowest ancestor it shares with ``b`` and down
    to ``b`` ('nsubj^ ROOT' for a subject of the trigger, 'pobj^ prep^ dobj^' ...); None when longer
    than ``limit`` steps."""
    up_a = [a, *a.ancestors]
    up_b = [b, *b.ancestors]
    ids_b = {t.i: n for n, t in enumerate(up_b)}
    for n, t in enumerate(up_a):
        if t.i in ids_b:
            m = ids_b[t.i]
            if n + m > limit:
                return None
            ups = [f"{x.dep_}^" for x in up_a[:n]]
            downs = [f"v{x.dep_}" for x in reversed(up_b[:m])]
            return " ".join([*ups, *downs]) or "self"
    return None


def _category_features(
    frame: ArticleFrame, index: int, raw: list[Claim], doc: Any, trig_tokens: list[Any]
) -> dict[str, Features]:
    out: dict[str, Features] = {}
    recent = frame.recent_items(index)
    top = frame.top_items(3)
    for cat in category_candidates(frame, index, raw):
        f: Features = {f"c={cat}": 1.0}
        mentions = [m for m in frame.items[index] if m.category == cat]
        if mentions:
            f["in_sent"] = 1.0
            f[f"n_in_sent={_bucket(len(mentions))}"] = 1.0
            for m in mentions[:2]:
                tok = doc[m.token]
                for trig in _nearest_triggers(tok, trig_tokens):
                    path = dep_path(tok, trig)
                    if path is not None:
                        f[f"path={path}"] = 1.0
                f[f"dep={tok.dep_}"] = 1.0
                f[f"head={tok.head.lemma_.lower()}"] = 1.0
                f[f"w={tok.lower_}"] = 1.0
                if m.vague:
                    f["vague"] = 1.0
                else:
                    f["specific"] = 1.0
                if m.name != m.category:
                    f["designation"] = 1.0
        else:
            f["not_in_sent"] = 1.0
        if cat in recent:
            f[f"recent={min(recent.index(cat), 3)}"] = 1.0
        if cat in top:
            f[f"top={top.index(cat)}"] = 1.0
        n_cats = len({m.category for m in frame.items[index]})
        f[f"n_cats={_bucket(n_cats)}"] = 1.0
        for c in raw:
            if c.item_category == cat:
                f[f"rule_cat={c.type}"] = 1.0
                f["rule_cat_any"] = 1.0
        out[cat] = f
    return out


def _stance_features(
    sent: Any, result: SentenceResult, raw: list[Claim], chain_stance: str, chain: tuple[Any, ...]
) -> Features:
    f: Features = {f"chain_stance={chain_stance}": 1.0}
    for c in raw:
        f[f"rule_stance={c.stance}"] = 1.0
    for tok in sent:
        low = tok.lower_
        lemma = tok.lemma_.lower()
        if low in DENY_WORDS or lemma in DENY_WORDS:
            f[f"deny={lemma}"] = 1.0
            f["deny_any"] = 1.0
        if low in HEDGE_WORDS or lemma in HEDGE_WORDS:
            f[f"hedge={lemma}"] = 1.0
            f["hedge_any"] = 1.0
        if lemma in ADMIT_WORDS:
            f[f"admit={lemma}"] = 1.0
        if tok.dep_ == "neg":
            f["neg"] = 1.0
    for fr in result.frames:
        f[f"frame_stance={fr.stance}"] = 1.0
        if fr.negated:
            f["frame_negated"] = 1.0
    f[f"chain_len={min(len(chain), 2)}"] = 1.0
    if chain:
        f[f"last_kind={chain[-1].kind}"] = 1.0
    return f


def typed(features: Features, claim_type: str) -> Features:
    """The same features, once plain and once crossed with the claim type."""
    out = dict(features)
    for name, value in features.items():
        out[f"{claim_type}|{name}"] = value
    out[f"type={claim_type}"] = 1.0
    return out


__all__ = ["CLAIM_TYPES", "Features", "SentenceView", "sentence_views", "typed"]
