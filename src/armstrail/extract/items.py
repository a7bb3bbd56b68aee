"""What is transferred or used: designations and generic weapon words in a phrase, their SCHEMA
category, the designation they stand for in this article, and the quantity stated."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from armstrail.analyse.dates import NUMBER_WORDS
from armstrail.analyse.gazetteer import ITEM, WEAPON, Entry
from armstrail.extract.context import ArticleContext

VAGUE_QUANTITY_HEADS = frozenset(
    {
        "number",
        "hundreds",
        "thousands",
        "dozens",
        "batch",
        "portions",
        "portion",
        "handful",
        "set",
        "batches",
        "tens",
        "scores",
        "quantity",
        "quantities",
        "lot",
        "lots",
        "shipment",
        "consignment",
        "package",
    }
)
AT_LEAST = frozenset({"least", "minimum"})
MORE_THAN = frozenset({"more", "over", "above", "exceeding"})
UP_TO = frozenset({"up", "maximum"})
APPROX = frozenset({"about", "approximately", "around", "roughly", "nearly", "some", "almost"})
MISSILE_CATEGORIES = ("ballistic-missile", "cruise-missile", "air-defence", "other")
EVENT_NOUNS = frozenset(
    {
        "supplier",
        "source",
        "suppliers",
        "provider",
        "exporter",
        "attack",
        "attacks",
        "strike",
        "strikes",
        "barrage",
        "delivery",
        "deliveries",
        "shipment",
        "shipments",
        "supply",
        "supplies",
        "transfer",
        "transfers",
        "sale",
        "sales",
        "deal",
        "contract",
        "order",
        "package",
        "production",
        "fragment",
        "fragments",
        "debris",
        "wreckage",
        "remnants",
        "program",
        "programme",
        "training",
        "stockpile",
        "stockpiles",
        "stocks",
        "arsenal",
        "arsenals",
        "inventory",
        "inventories",
        "portions",
        "batch",
        "batches",
        "consignment",
        "consignments",
        "cargo",
        "stash",
    }
)
VAGUE_WORDS = frozenset(
    {
        "weapon",
        "weaponry",
        "arms",
        "lethal aid",
        "military aid",
        "military assistance",
        "security assistance",
        "lethal assistance",
        "military equipment",
        "military hardware",
        "lethal weapon",
        "advanced conventional weapon",
    }
)
BACK_REFERENCE_DETS = frozenset({"these", "those", "such", "same"})
NOT_TRANSFERABLE = frozenset({"components", "designs"})


@dataclass(frozen=True)
class Item:
    name: str
    category: str
    head: int  # token index of the phrase head
    quantity: str | None = None
    back_reference: bool = False
    origin: str | None = None  # the maker state of a named designation
    vague: bool = False  # "weapons", "arms", "lethal aid": no kind of system named


def item_at(tok: Any, ctx: ArticleContext) -> Item | None:
    """The item a token names, resolved across the article; only the last token of a mention
    answers, so that one phrase gives one item."""
    entry = ctx.item_entry(tok.i)
    if entry is None:
        return _the_system(tok, ctx)
    m = ctx.mention(tok.i)
    assert m is not None
    if tok.i != m.end - 1:
        return None
    root = tok.doc[m.start : m.end].root
    # A mention that only qualifies another item ("Leopard 2 tanks", "air defense components")
    # is represented by that item's head.
    cur = root
    for _ in range(4):
        if cur.dep_ not in ("compound", "amod", "nmod", "npadvmod", "nummod") or cur.head.i < m.end:
            break
        cur = cur.head
        other = ctx.mention(cur.i)
        if other is not None and other is not m and other.entry.kind in (WEAPON, ITEM):
            return None
    # A weapon word that only qualifies another noun ("ammunition depot") is not an item.
    if (
        entry.kind == ITEM
        and root.dep_ == "compound"
        and root.head.pos_ == "NOUN"
        and ctx.item_entry(root.head.i) is None
        and root.head.lemma_.lower() not in EVENT_NOUNS
    ):
        return None
    if entry.kind == ITEM and entry.category not in ("components", "designs"):
        weapon = _designation_in(root, m.start, ctx)
        if weapon is not None:
            return _item(weapon, root, ctx)
    return _item(entry, root, ctx)


SYSTEM_WORDS = frozenset({"system", "systems", "weapon system", "platform"})


def _the_system(tok: Any, ctx: ArticleContext) -> Item | None:
    """'training on the system', 'launchers for the system': a definite 'system' with nothing
    else to say which is the designation the article named last before it."""
    if tok.lemma_.lower() not in SYSTEM_WORDS or tok.pos_ != "NOUN":
        return None
    if not any(c.dep_ == "det" and c.lower_ in ("the", "this", "these") for c in tok.children):
        return None
    if any(c.dep_ in ("compound", "amod", "nmod", "poss") for c in tok.children):
        return None
    entry = ctx.designation_before(tok.i)
    return _item(entry, tok, ctx) if entry is not None else None


def _designation_in(head: Any, start: int, ctx: ArticleContext) -> Entry | None:
    """'U.S.-supplied ATACMS long-range missiles', 'the Shahed-136 drones': the designation
    named inside a generic phrase."""
    for t in head.subtree:
        if t.i >= start and t.dep_ != "appos":
            continue
        cm = ctx.mention(t.i)
        if cm is not None and cm.entry.kind == WEAPON:
            return cm.entry
    return None


def _item(entry: Entry, head: Any, ctx: ArticleContext) -> Item:
    name, category = _resolve(entry, head, ctx)
    dets = {c.lower_ for c in head.children if c.dep_ in ("det", "amod", "predet")}
    back = bool(dets & BACK_REFERENCE_DETS)
    named = ctx.designations.get(name)
    origin = named.origin if named is not None else None
    quantity = quantity_of(head, ctx)
    vague = entry.kind == ITEM and entry.name in VAGUE_WORDS
    return Item(
        name=name,
        category=category,
        head=head.i,
        quantity=quantity,
        back_reference=back,
        origin=origin,
        vague=vague,
    )


def _resolve(entry: Entry, head: Any, ctx: ArticleContext) -> tuple[str, str]:
    """Designations stay as named (variants keep their name); a generic word takes the
    designation the article names for that kind of system (DEV-INDEX rule 19)."""
    category = entry.category or "other"
    if entry.kind == WEAPON:
        return entry.name, category
    if entry.generic == "missile":
        candidates = [e for e in ctx.designations.values() if e.category in MISSILE_CATEGORIES]
        best = _most_named(candidates, ctx)
        return (best.name, best.category or "other") if best else (category, category)
    if entry.generic == "atgm":
        candidates = [e for e in ctx.designations.values() if e.category == "other"]
        best = _most_named(candidates, ctx)
        return (best.name, "other") if best else ("other", "other")
    if category in ("other", "components", "designs"):
        return category, category
    best = _most_named([e for e in ctx.designations.values() if e.category == category], ctx)
    if best is not None:
        return best.name, category
    return category, category


def _most_named(candidates: list[Entry], ctx: ArticleContext) -> Entry | None:
    if not candidates:
        return None
    families: dict[str, int] = {}
    for e in candidates:
        family = e.parent or e.name
        families[family] = families.get(family, 0) + ctx.designation_counts.get(e.name, 0)
    family = max(families, key=lambda f: families[f])
    for e in candidates:
        if e.name == family:
            return e
    return next(e for e in candidates if (e.parent or e.name) == family)


def quantity_of(head: Any, ctx: ArticleContext | None = None) -> str | None:
    """'31 M1 Abrams tanks' -> '31'; 'at least 400' -> '>=400'; 'a small number of' -> as written."""
    for child in head.children:
        named = ctx is not None and (m := ctx.mention(child.i)) is not None and m.entry.kind == WEAPON
        if child.dep_ == "nummod" and not named and not _inside_designation(child):
            return _number(child)
    parent = head.head
    if head.dep_ == "pobj" and parent.lower_ == "of" and parent.head.lower_ in VAGUE_QUANTITY_HEADS:
        qhead = parent.head
        words = [t for t in qhead.subtree if t.i <= qhead.i]
        text = " ".join(t.text for t in words)
        if qhead.lower_ in ("portions", "portion"):
            text = " ".join(t.text for t in qhead.subtree)
        return text if qhead.lower_ not in ("shipment", "consignment", "package", "set") else None
    return None


def _inside_designation(tok: Any) -> bool:
    """The '2' of 'Leopard 2' or the '136' of 'Shahed 136' is part of a name."""
    prev = tok.doc[tok.i - 1] if tok.i > 0 else None
    return (
        prev is not None
        and prev.pos_ == "PROPN"
        and prev.is_title
        and prev.ent_type_ != "CARDINAL"
        and prev.dep_ in ("compound", "nmod", "dative", "nsubj", "dobj", "npadvmod")
    )


def _float(text: str) -> float:
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return 0.0


def _number(tok: Any) -> str:
    mods = [c.lower_ for c in tok.children if c.dep_ in ("quantmod", "advmod", "amod")]
    mods += [t.lower_ for t in tok.doc[max(tok.i - 2, 0) : tok.i]]
    value = tok.text.replace(",", "")
    low = value.lower()
    scale = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}.get(low)
    counted = next(
        (c for c in tok.children if c.dep_ in ("compound", "nummod", "quantmod") and c.like_num), None
    )
    if scale and counted is not None:
        # "one million artillery shells" -> 1000000, "1.5 million" -> 1500000
        base = NUMBER_WORDS.get(counted.lower_) or _float(counted.text)
        if base:
            value = str(int(base * scale))
            low = value
    if low in NUMBER_WORDS:
        value = str(NUMBER_WORDS[low])
    elif not re.fullmatch(r"\d+(\.\d+)?", value):
        value = tok.text
    if any(m in AT_LEAST for m in mods):
        return f">={value}"
    if any(m in MORE_THAN for m in mods):
        return f">{value}"
    if any(m in UP_TO for m in mods):
        return f"<={value}"
    for m in mods:
        if m in APPROX:
            return f"{m} {value}"
    return str(value)
