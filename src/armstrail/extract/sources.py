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
    {"the", "a", "an", "of", "and", "in", "to", "its", "other", "with", "on", "for", "by", "from", "s"}
)


def words(name: str) -> frozenset[str]:
    text = name.casefold()
    text = re.sub(r"\bu\.\s?s\.(?=\s|$|-)", "us", text)
    text = re.sub(r"\bunited states( of america)?\b", "us", text)
    text = re.sub(r"\bu\.\s?k\.(?=\s|$)", "uk", text)
    return frozenset(w for w in re.findall(r"[^\W_]+", text) if w not in STOP)


@lru_cache(maxsize=4)
def _vocab(gaz: Gazetteer) -> tuple[dict[frozenset[str], set[str]], dict[frozenset[str], str]]:
    """Each way of naming a state, as a set of words -> the states it names."""
    names: dict[frozenset[str], set[str]] = {}
    for iso, state in gaz.states.items():
        forms = [
            state["name"],
            *state.get("aliases", []),
            *state.get("demonyms", []),
            *state.get("seats", []),
            state.get("adjective") or "",
        ]
        for form in forms:
            ws = words(form) - STATE_VOICE_WORDS
            if ws:
                names.setdefault(ws, set()).add(iso)
    organs: dict[frozenset[str], str] = {}
    for organ in gaz.data["organs"]["organs"]:
        for name in [organ["name"], *organ.get("aliases", [])]:
            organs.setdefault(words(name), organ["state"])
    return names, organs


def state_names(gaz: Gazetteer) -> dict[frozenset[str], set[str]]:
    """Each way of naming a state (name, alias, demonym, seat, adjective) as words -> its states."""
    return _vocab(gaz)[0]


def state_voice(name: str, gaz: Gazetteer) -> str | None:
    """ISO3 of the state a source name speaks for, or None: what is left of the name once the
    words of office ("government", "officials", "defence ministry") are set aside must be one
    whole name of one state ("South Sudan" is not "Sudan"; "Western officials" is no state)."""
    ws = words(name)
    if not ws:
        return None
    names, organs = _vocab(gaz)
    if ws in organs:
        return organs[ws]
    states = names.get(ws - STATE_VOICE_WORDS)
    if states and len(states) == 1:
        return next(iter(states))
    return None


def same_source(a: str, b: str, gaz: Gazetteer) -> bool:
    va, vb = state_voice(a, gaz), state_voice(b, gaz)
    if va and vb:
        return va == vb
    wa, wb = words(a), words(b)
    if not wa or not wb:
        return not wa and not wb
    return len(wa & wb) / min(len(wa), len(wb)) >= 0.6
