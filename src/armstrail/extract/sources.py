"""When two source names are one source: a state speaks through its government, capital, seat of
power, ministries, forces and officials ("Seoul", "the South Korean government", "the Pentagon");
other names are one source when most of their content words agree ("Yonhap" and "Yonhap News
Agency"). Used to compare chains and, across articles, to count independent origins."""

from __future__ import annotations

import re
from functools import lru_cache

from armstrail.analyse.gazetteer import Gazetteer

STATE_VOICE_WORDS = frozenset(
    {
        "government",
        "officials",
        "official",
        "ministry",
        "authorities",
        "administration",
        "military",
        "forces",
        "armed",
        "intelligence",
        "spokesperson",
        "spokesman",
        "spokeswoman",
        "embassy",
        "mission",
        "side",
        "leadership",
        "foreign",
        "defence",
        "defense",
        "army",
        "navy",
        "air",
        "force",
        "council",
        "security",
        "national",
        "house",
        "department",
        "state",
        "agencies",
        "agency",
        "senior",
        "command",
        "general",
        "staff",
        "office",
        "cabinet",
        "presidential",
        "president",
        "ministers",
        "minister",
        "guard",
        "coast",
        "marines",
        "corps",
    }
)
STOP = frozenset(
    {"the", "a", "an", "of", "and", "in", "to", "its", "other", "with", "on", "for", "by", "from"}
)


def words(name: str) -> frozenset[str]:
    text = name.casefold()
    text = re.sub(r"\bu\.\s?s\.(?=\s|$|-)", "us", text)
    text = re.sub(r"\bunited states( of america)?\b", "us", text)
    text = re.sub(r"\bu\.\s?k\.(?=\s|$)", "uk", text)
    return frozenset(w for w in re.findall(r"[^\W_]+", text) if w not in STOP)


@lru_cache(maxsize=4)
def _vocab(gaz: Gazetteer) -> tuple[dict[str, frozenset[str]], dict[frozenset[str], str]]:
    by_state: dict[str, frozenset[str]] = {}
    for iso, state in gaz.states.items():
        names = [
            state["name"],
            *state.get("aliases", []),
            *state.get("demonyms", []),
            *state.get("seats", []),
            state.get("adjective") or "",
        ]
        vocab: set[str] = set()
        for name in names:
            vocab |= words(name)
        by_state[iso] = frozenset(vocab)
    organs: dict[frozenset[str], str] = {}
    for organ in gaz.data["organs"]["organs"]:
        for name in [organ["name"], *organ.get("aliases", [])]:
            organs.setdefault(words(name), organ["state"])
    return by_state, organs


def state_voice(name: str, gaz: Gazetteer) -> str | None:
    """ISO3 of the state a source name speaks for, or None."""
    ws = words(name)
    if not ws:
        return None
    by_state, organs = _vocab(gaz)
    if ws in organs:
        return organs[ws]
    for iso, vocab in by_state.items():
        if ws & vocab and ws <= vocab | STATE_VOICE_WORDS:
            return iso
    return None


def same_source(a: str, b: str, gaz: Gazetteer) -> bool:
    va, vb = state_voice(a, gaz), state_voice(b, gaz)
    if va and vb:
        return va == vb
    wa, wb = words(a), words(b)
    if not wa or not wb:
        return not wa and not wb
    return len(wa & wb) / min(len(wa), len(wb)) >= 0.6
