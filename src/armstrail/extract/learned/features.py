"""Features of the learned decisions, as sparse name -> value dicts: words and lemmas, the lexicon's
trigger and stance words, gazetteer mentions, the dependency role of each candidate, what the rules
concluded, and the article around the sentence. Computed once per sentence; the per-type views add
the claim type to each name so one model can weigh a cue differently by type."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from armstrail.extract.claims import ArticleAnalysis, SentenceResult, sentence_chain
from armstrail.extract.events import trigger_kind
from armstrail.extract.learned.candidates import (
    ArticleFrame,
    actor_candidates,
    category_candidates,
)
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


@dataclass
class SentenceView:
    """What the models see of one sentence: its own features, its candidates with theirs, and
    the rules' raw claims of it."""

    index: int
    start: int
    end: int
    text: str
    features: Features
    rule_claims: list[Claim]
    actors: dict[str, Features] = field(default_factory=dict)  # candidate code -> features
    categories: dict[str, Features] = field(default_factory=dict)
    stance: Features = field(default_factory=dict)
    chain: tuple[Any, ...] = ()
    chain_stance: str = "asserts"
    is_heading: bool = False


def _bucket(n: int) -> str:
    return str(n) if n < 3 else "3+"


def sentence_views(
    analysis: ArticleAnalysis, frame: ArticleFrame, rule_raw: list[list[Claim]]
) -> list[SentenceView]:
    """One view per sentence of the article, in order."""
    ctx = analysis.ctx
    doc = analysis.doc
    results = analysis.results
    kinds_per_sent: list[set[str]] = []
    for result in results:
        kinds: set[str] = set()
        for tok in result.sent:
            kind = trigger_kind(tok, ctx)
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
        view.actors = _actor_features(analysis, frame, index, result, raw, chain)
        view.categories = _category_features(frame, index, raw, doc)
        view.stance = _stance_features(sent, result, raw, chain_stance, chain)
        views.append(view)
    return views


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
) -> dict[str, Features]:
    ctx = analysis.ctx
    doc = analysis.doc
    sent = result.sent
    trig_tokens = [t for t in sent if trigger_kind(t, ctx)]
    speaker_states = set()
    from armstrail.extract.sources import state_voice

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
                _mention_syntax(doc[m.token], trig_tokens, ctx, f)
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


def _mention_syntax(tok: Any, trig_tokens: list[Any], ctx: Any, f: Features) -> None:
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
        kind = trigger_kind(np.head, ctx)
        f[f"subj_of={kind or 'other'}"] = 1.0
        if np.dep_ == "nsubjpass":
            f["passive_subj"] = 1.0
    if np.dep_ in ("dobj", "dative"):
        kind = trigger_kind(np.head, ctx)
        f[f"obj_of={kind or 'other'}"] = 1.0
    if tok.i > 0:
        f[f"w-1={tok.doc[tok.i - 1].lower_}"] = 1.0
    if tok.i + 1 < len(tok.doc):
        f[f"w+1={tok.doc[tok.i + 1].lower_}"] = 1.0
    if trig_tokens:
        nearest = min(trig_tokens, key=lambda t: abs(t.i - tok.i))
        kind = KIND_TYPE.get(trigger_kind(nearest, ctx) or "", "?")
        side = "before" if tok.i < nearest.i else "after"
        f[f"rel_trig={side}"] = 1.0
        f[f"rel_trig_kind={side}_{kind}"] = 1.0
        dist = abs(nearest.i - tok.i)
        f[f"trig_dist={'near' if dist <= 3 else 'mid' if dist <= 8 else 'far'}"] = 1.0
        if nearest in tok.ancestors:
            f["under_trig"] = 1.0


def _category_features(frame: ArticleFrame, index: int, raw: list[Claim], doc: Any) -> dict[str, Features]:
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
