"""Who does what to whom: event triggers (verbs and nouns of the lexicon) and their arguments
read off the dependency parse — agent, recipient, items — with status and modality."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from armstrail.extract.context import ArticleContext
from armstrail.extract.items import Item, item_at

CLAUSAL = frozenset({"ccomp", "xcomp", "advcl", "relcl", "parataxis", "csubj", "acl"})
MODALS_PLANNED = frozenset({"will", "would", "shall", "'ll", "wo"})
MODALS_HEDGE = frozenset({"could", "may", "might"})
REQUEST_LEMMAS = frozenset(
    {
        "request",
        "ask",
        "urge",
        "call",
        "press",
        "campaign",
        "seek",
        "want",
        "need",
        "wait",
        "demand",
        "beg",
        "lobby",
        "appeal",
        "reluctant",
        "hesitant",
        "refuse",
        "decline",
        "oppose",
        "hesitate",
        "debate",
        "discuss",
        "question",
        "unclear",
        "weigh",
        "criticize",
        "criticise",
        "condemn",
        "warn",
        "threaten",
        "fear",
        "concern",
        "welcome",
        "thank",
        "praise",
        "hope",
        "announce_decision",
        "avoid",
        "prevent",
        "stop",
        "block",
        "ban",
        "prohibit",
    }
)
PERMIT_LEMMAS = frozenset(
    {"allow", "permit", "authorize", "authorise", "greenlight", "license", "licence", "clear"}
)
PROMISE_LEMMAS = frozenset(
    {
        "promise",
        "pledge",
        "agree",
        "commit",
        "vow",
        "sign",
        "deal",
        "agreement",
        "contract",
        "partnership",
        "accord",
        "memorandum",
        "arrangement",
        "promised",
        "pledged",
    }
)
CARRIERS = frozenset(
    {
        "bound",
        "destined",
        "headed",
        "heading",
        "en",
        "intended",
        "meant",
        "going",
        "smuggle",
        "carry",
        "transport",
        "load",
        "ship",
        "contain",
        "hold",
        "laden",
    }
)


@dataclass
class Event:
    type: str
    trigger: int
    agents: Sequence[str | None]
    recipient: str | None
    items: list[Item]
    status: str = "unknown"
    hedged: bool = False
    negated: bool = False
    when: str | None = None
    via_modifier: bool = False
    tokens: set[int] = field(default_factory=set)


def trigger_kind(tok: Any, ctx: ArticleContext) -> str | None:
    triggers = ctx.gaz.lexicon["triggers"]
    lemma = tok.lemma_.lower()
    if tok.pos_ == "VERB" or (tok.pos_ == "AUX" and lemma != "be"):
        part = "verbs"
    elif tok.pos_ in ("NOUN", "PROPN"):
        part = "nouns"
    else:
        return None
    if lemma == "make" and any(c.dep_ == "dobj" and c.lemma_.lower() == "use" for c in tok.children):
        return None  # "made extensive use of drones": the noun 'use' is the event
    if lemma == "lease" and part == "verbs":
        return "RECEIVE" if any(_has_from(t) for t in tok.subtree) else "TRANSFER"
    for kind, words in triggers.items():
        if lemma in words[part] or tok.lower_ in words[part]:
            return str(kind)
    if part == "nouns" and tok.lower_.endswith("ing"):
        # a gerund the tagger took for a noun: "into transferring designs"
        for base in _gerund_bases(tok.lower_):
            for kind, words in triggers.items():
                if base in words["verbs"]:
                    return str(kind)
    if part == "verbs" and lemma == "arrive":
        return "ARRIVE"
    return None


def raised_report(tok: Any) -> bool:
    """'Iran is said to have shipped', 'Algeria is believed to have signed': a passive reporting
    verb whose subject is the event's own (raised into an infinitive). It hedges the event and
    names no source."""
    return any(c.dep_ == "auxpass" for c in tok.children) and any(c.dep_ == "xcomp" for c in tok.children)


def _gerund_bases(word: str) -> list[str]:
    stem = word[:-3]
    bases = [stem, stem + "e"]
    if len(stem) > 2 and stem[-1] == stem[-2]:
        bases.append(stem[:-1])
    if stem.endswith("y"):
        bases.append(stem)
    return bases


def _has_from(tok: Any) -> bool:
    return any(c.dep_ == "prep" and c.lower_ == "from" for c in tok.children)


def local_tokens(tok: Any, targets_out: bool = False) -> list[Any]:
    """The trigger's own phrase: its subtree without clauses of their own."""
    out: list[Any] = []
    stack = [tok]
    while stack:
        t = stack.pop()
        out.append(t)
        for child in t.children:
            if child.dep_ in CLAUSAL and not (child.dep_ == "acl" and child.lemma_.lower() in CARRIERS):
                continue
            if child.dep_ == "conj" and child.pos_ in ("VERB", "AUX") and t.i == tok.i:
                continue
            if child.lemma_.lower() in ("arm", "equip", "fit", "load") and child.dep_ in ("amod", "acl"):
                continue  # "a version of ATACMS armed with cluster munitions"
            if t.i == tok.i and tok.pos_ in ("VERB", "AUX") and child.dep_ in ("nsubj", "csubj"):
                continue
            if (
                targets_out
                and child.dep_ == "prep"
                and child.lower_ in ("at", "against", "on", "into")
                and t.pos_ == "VERB"
            ):
                continue  # targets: 'fired missiles at Russian tanks'
            stack.append(child)
    return sorted(out, key=lambda t: t.i)


def items_in(tokens: list[Any], ctx: ArticleContext, trigger: Any) -> list[Item]:
    found: list[Item] = []
    seen: set[int] = set()
    for t in tokens:
        if t.i == trigger.i:
            continue
        item = item_at(t, ctx)
        if item is None and t.lower_ in ("them", "it") and t.dep_ in ("dobj", "nsubjpass", "pobj"):
            item = antecedent_item(t, ctx)
        if item is None or item.head in seen:
            continue
        seen.add(item.head)
        example = _named_example(trigger.doc[item.head], ctx) if item.head >= 0 else None
        if example is not None:
            seen.add(example.head)
            found.append(example)  # "ballistic missiles, such as the Zolfaghar"
            continue
        if item.back_reference and item.category == "other" and ctx.recent_items:
            # "these same weapons": the weapons the article has just listed
            found.extend(Item(name, category, item.head) for name, category in ctx.recent_items)
            continue
        found.append(item)
    # Items that only say what the others are for: "components for drones", "munitions for the system".
    if len(found) > 1:
        kept = [i for i in found if not _is_purpose(trigger.doc[i.head])]
        found = kept or found
    return found


def _named_example(head: Any, ctx: ArticleContext) -> Item | None:
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ in ("as", "including", "like"):
            for pobj in child.children:
                item = item_at(pobj, ctx)
                if item is not None and ctx.item_entry(pobj.i) is not None:
                    return item
    return None


def antecedent_item(tok: Any, ctx: ArticleContext) -> Item | None:
    """'howitzers that France sent', 'used them': the item named last before this token."""
    for t in reversed(list(tok.doc[tok.sent.start : tok.i])):
        item = item_at(t, ctx)
        if item is not None:
            return item
    return None


def _is_purpose(tok: Any) -> bool:
    head = tok.head
    return (
        tok.dep_ == "pobj"
        and head.lower_ in ("for", "of")
        and head.head.pos_ in ("NOUN", "VERB")
        and head.head.lower_ not in ("number", "hundreds", "thousands", "dozens", "batch", "portions")
    )


def governing_chain(tok: Any) -> list[Any]:
    """The trigger and the verbs that govern it within its clause: 'decided to send' -> [send,
    decided]. Stops at reporting clauses (ccomp) so that 'X said' is not part of the event."""
    chain = [tok]
    cur = tok
    for _ in range(8):
        to_relative = cur.dep_ == "relcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in cur.children)
        if (
            cur.dep_ in ("xcomp", "conj", "pcomp", "acl", "advcl", "acomp")
            or to_relative
            or (cur.dep_ == "pobj" and cur.head.dep_ == "prep")
        ):
            nxt = cur.head
            if nxt.dep_ == "prep":
                nxt = nxt.head
            if nxt.i == cur.i:
                break
            chain.append(nxt)
            cur = nxt
            continue
        if cur.dep_ == "dobj" and cur.head.pos_ in ("VERB", "AUX"):
            chain.append(cur.head)
            cur = cur.head
            continue
        break
    return chain


OBJECT_CONTROL = frozenset(
    {
        "accuse",
        "blame",
        "charge",
        "suspect",
        "condemn",
        "criticize",
        "criticise",
        "sanction",
        "punish",
        "penalize",
        "penalise",
        "fine",
        "thank",
        "praise",
        "credit",
        "commend",
        "target",
    }
)


ROLE_NOUNS = frozenset(
    {
        "role",
        "involvement",
        "part",
        "participation",
        "hand",
        "complicity",
        "policy",
        "decision",
        "plan",
        "plans",
        "commitment",
        "refusal",
        "practice",
    }
)


def subject_of(chain: list[Any]) -> tuple[Any | None, bool]:
    """The nearest subject along the governing chain and whether the clause is passive. Verbs of
    accusing control through their object: 'accused Russia of sending jets' -> Russia."""
    first = chain[0]
    if first.tag_ == "VBG" and first.head.lower_ in ("in", "of") and first.head.i > 0:
        role = first.doc[first.head.i - 1]
        owner = next((c for c in role.children if c.dep_ == "poss"), None)
        if role.lemma_.lower() in ROLE_NOUNS and owner is not None:
            return owner, False  # "over their role in producing the drone"
    for k, t in enumerate(chain):
        if k > 0 and t.lemma_.lower() in OBJECT_CONTROL:
            obj = next((c for c in t.children if c.dep_ in ("dobj", "nsubjpass")), None)
            if obj is None and t.dep_ in ("relcl", "acl"):
                obj = t.head  # "entities they accused of supplying drones"
            if obj is not None and chain[k - 1].dep_ in ("pobj", "pcomp", "prep", "xcomp", "advcl"):
                return obj, False
        if t.lemma_.lower() in ROLE_NOUNS and t.pos_ == "NOUN":
            owner = next((c for c in t.children if c.dep_ == "poss"), None)
            if owner is not None:
                return owner, False
        subjects = [c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects:
            # two subjects are a misparse ("Yonhap news agency reported ..., that the North had
            # shipped"): the one nearest the verb is its own
            nearest = min(subjects, key=lambda c: abs(c.i - t.i))
            return nearest, nearest.dep_ == "nsubjpass"
        if t.dep_ == "relcl" and t.head.pos_ in ("NOUN", "PROPN"):
            # "Soviet tanks, which Ukraine and Russia use": the relative clause's own subject first
            continue
    return None, False


def by_agent(tok: Any) -> Any | None:
    for child in tok.children:
        if child.dep_ == "agent":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def prep_objects(tok: Any, preps: frozenset[str]) -> list[Any]:
    out: list[Any] = []
    for child in tok.children:
        if child.dep_ in ("prep", "dative") and child.lower_ in preps:
            out.extend(c for c in child.children if c.dep_ == "pobj")
    return out
