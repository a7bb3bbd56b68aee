"""The independence rule of SCHEMA.md: where a claim comes from, first-hand.

1. The innermost media outlet of the chain (the one that reported it first-hand); else the chain's
   first source, where every voice of one state counts as that state's government; else, for the
   article's own voice, the article's outlet.
2. One name is one origin; a vague media attribution ("reports") adds none beside a named outlet;
   an own-voice claim adds none when the same article attributes the proposition to a source.
"""

from __future__ import annotations

from dataclasses import dataclass

from armstrail.analyse.gazetteer import Gazetteer
from armstrail.extract.sources import same_source, state_voice
from armstrail.model import Claim

UNKNOWN_OUTLET = "unknown outlet"


@dataclass(frozen=True)
class Origin:
    source: str
    kind: str  # media | government | official | anonymous | document | imagery | organisation | own-voice
    vague: bool = False  # "reports", "media reports": no outlet named


def claim_origin(claim: Claim, outlet: str | None, gaz: Gazetteer) -> Origin:
    """The first-hand source of one asserting, admitting or hedging claim."""
    media = [s for s in claim.sources if s.kind == "media"]
    if media:
        named = [s for s in media if _named_outlet(s.name, gaz)]
        if named:
            return Origin(named[-1].name, "media")
        return Origin(media[-1].name, "media", vague=_vague_media(media[-1].name))
    if claim.sources:
        first = claim.sources[0]
        iso = state_voice(first.name, gaz)
        if iso is not None and first.kind != "official-named":
            return Origin(f"{gaz.state_adjective(iso)} government", "government")
        if first.kind == "official-named":
            state = _official_state(first.name, gaz)
            if state is not None:
                return Origin(f"{gaz.state_adjective(state)} government", "government")
        if first.kind == "unknown" or _vague_media(first.name):
            return Origin(first.name, "media", vague=_vague_media(first.name) or first.kind == "unknown")
        return Origin(first.name, first.kind)
    return Origin(outlet or UNKNOWN_OUTLET, "own-voice")


VAGUE_WORDS = frozenset(
    {
        "media",
        "reports",
        "report",
        "multiple",
        "several",
        "various",
        "some",
        "news",
        "press",
        "unconfirmed",
        "local",
        "outlets",
        "outlet",
        "the",
        "many",
        "earlier",
    }
)


def _vague_media(name: str) -> bool:
    """'reports', 'media reports', 'multiple reports' name no one; 'media in Germany' names a press."""
    return not (set(name.casefold().split()) - VAGUE_WORDS)


def _named_outlet(name: str, gaz: Gazetteer) -> bool:
    entry = gaz.by_text.get(name)
    return (entry is not None and entry.kind == "outlet") or name in gaz.outlet_names


def _official_state(name: str, gaz: Gazetteer) -> str | None:
    """A named official speaks for the state in the officials gazetteer (SCHEMA rule 1b)."""
    state = gaz.official_states.get(name)
    return state if state in gaz.states else None


def denier_of(claim: Claim, gaz: Gazetteer) -> str | None:
    """Who denies: a state's ISO3 (a minister's denial is the state's), else the source's name."""
    if claim.stance != "denies":
        return None
    if not claim.sources:
        return claim.agent
    first = claim.sources[-1]
    iso = state_voice(first.name, gaz) or (
        _official_state(first.name, gaz) if first.kind == "official-named" else None
    )
    return iso or first.name


def merge_origins(origins: list[Origin], gaz: Gazetteer) -> list[Origin]:
    """One name is one origin; vague media attributions count only when nothing else is named."""
    named = [o for o in origins if not o.vague]
    pool = named if any(o.kind == "media" for o in named) else origins
    merged: list[Origin] = []
    for origin in pool:
        if not any(same_source(origin.source, m.source, gaz) for m in merged):
            merged.append(origin)
    return merged
