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
from armstrail.link.voices import STATE_KINDS, Voices, official_state
from armstrail.model import Claim, Source

UNKNOWN_OUTLET = "unknown outlet"


@dataclass(frozen=True)
class Origin:
    source: str
    kind: str  # media | government | official | anonymous | document | imagery | organisation | own-voice
    vague: bool = False  # "reports", "media reports": no outlet named


def claim_origin(claim: Claim, outlet: str | None, gaz: Gazetteer, voices: Voices | None = None) -> Origin:
    """The first-hand source of one asserting, admitting or hedging claim; ``voices`` (the
    article's text) tells which state a named official speaks for."""
    media = [s for s in claim.sources if s.kind == "media"]
    if media:
        named = [s for s in media if _named_outlet(s.name, gaz)]
        if named:
            return Origin(named[-1].name, "media")
        return Origin(media[-1].name, "media", vague=_vague_media(media[-1].name))
    if claim.sources:
        first = claim.sources[0]
        iso = speaks_for(first, gaz, voices)
        if iso is not None:
            return Origin(f"{gaz.state_adjective(iso)} government", "government")
        if _vague_media(first.name) or (first.kind == "unknown" and not _proper_name(first.name)):
            return Origin(first.name, "media", vague=True)
        return Origin(first.name, first.kind)
    return Origin(outlet or UNKNOWN_OUTLET, "own-voice")


def speaks_for(source: Source, gaz: Gazetteer, voices: Voices | None = None) -> str | None:
    """ISO3 of the state a source is a voice of (SCHEMA rule 1b), or None."""
    if voices is not None:
        return voices.state_of(source) or (
            state_voice(source.name, gaz) if source.kind not in STATE_KINDS else None
        )
    if source.kind == "official-named":
        return official_state(source.name, gaz)
    return state_voice(source.name, gaz)


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


def _proper_name(name: str) -> bool:
    """'Ronen Nadir' names someone; 'it was reported', 'sources' do not."""
    words = name.split()
    return len(words) >= 2 and all(w[:1].isupper() for w in words if w.isalpha() and len(w) > 3)


def _named_outlet(name: str, gaz: Gazetteer) -> bool:
    entry = gaz.by_text.get(name)
    return (entry is not None and entry.kind == "outlet") or name in gaz.outlet_names


def denier_of(claim: Claim, gaz: Gazetteer, voices: Voices | None = None) -> str | None:
    """Who denies: the voice that denies (the innermost of the chain, not the outlet reporting
    it), as its state's ISO3 when it speaks for one (a minister's denial is the state's)."""
    if claim.stance != "denies":
        return None
    if not claim.sources:
        return claim.agent
    voice = claim.sources[-1]
    return speaks_for(voice, gaz, voices) or voice.name


def merge_origins(origins: list[Origin], gaz: Gazetteer) -> list[Origin]:
    """One name is one origin; vague media attributions count only when nothing else is named."""
    named = [o for o in origins if not o.vague]
    pool = named if any(o.kind == "media" for o in named) else origins
    merged: list[Origin] = []
    for origin in pool:
        if not any(same_source(origin.source, m.source, gaz) for m in merged):
            merged.append(origin)
    return merged
