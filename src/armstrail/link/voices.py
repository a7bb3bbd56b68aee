"""Which state a source speaks for (SCHEMA.md rules 1b and 3): a government, ministry, embassy,
mission or force names its state; a named official is known to the officials gazetteer or is
introduced by the article with a title that names the state ("Chinese foreign ministry spokesperson
Mao Ning", "North Korea's Kim Yo Jong", "Mikhail Ulyanov, Russia's envoy in Vienna").

Plain text only, no parse: links are made for extracted and for given claims alike."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from armstrail.analyse.gazetteer import Gazetteer
from armstrail.extract.sources import state_names, state_voice, words
from armstrail.model import Source

# Kinds of source that may stand for a state; a company, an outlet or an anonymous
# "person familiar" does not, whatever the text says around it.
STATE_KINDS = frozenset({"official-named", "government-named", "government-anonymous"})
# Where a name's head ends: "Iranian mission | to the United Nations", "UAE Ministry | of Foreign
# Affairs", "Emirati embassy | in Washington".
TAIL = re.compile(r"\s+(?:to|at|in|of|for|on)\s+|,\s*", re.IGNORECASE)
POSSESSIVE = re.compile(r"^(.+?)['’]s\s+(?:office|team|spokesperson|spokesman|spokeswoman|aides?)$")
SENTENCE_END = re.compile(r"[.!?]\s+|\n")
WORD = re.compile(r"[^\W_]+(?:['’]s)?")
WINDOW = 120  # characters of text looked at before and after a name
TITLE_WORDS = 8  # words of an apposition after a name, beyond its first four


@dataclass
class Voices:
    """The states that one article's sources speak for, resolved once per name."""

    text: str
    gaz: Gazetteer
    _cache: dict[str, str | None] = field(default_factory=dict)

    def state_of(self, source: Source) -> str | None:
        """ISO3 of the state ``source`` speaks for, or None."""
        if source.kind not in STATE_KINDS:
            return None
        if source.name not in self._cache:
            self._cache[source.name] = self._resolve(source.name)
        return self._cache[source.name]

    def _resolve(self, name: str) -> str | None:
        return name_state(name, self.gaz) or titled_state(name, self.text, self.gaz)


def name_state(name: str, gaz: Gazetteer) -> str | None:
    """The state a name itself says it speaks for, without the article's help."""
    iso = state_voice(name, gaz) or official_state(name, gaz)
    if iso:
        return iso
    bare = " ".join(w for w in name.split() if w.casefold() not in _titles(gaz, "counts"))
    if bare != name and bare:
        iso = state_voice(bare, gaz)
        if iso:
            return iso
    owner = POSSESSIVE.match(name.strip())
    if owner:
        return name_state(owner.group(1), gaz)
    head = TAIL.split(bare or name, maxsplit=1)[0]
    if head and head != (bare or name) and (iso := state_voice(head, gaz)):
        return iso
    tokens = WORD.findall(head or name)  # "Myanmar's ambassador": a title naming one state
    if any(t.casefold() in _titles(gaz, "office_words") for t in tokens):
        states = set(_states_in(tokens, gaz))
        return states.pop() if len(states) == 1 else None
    return None


def official_state(name: str, gaz: Gazetteer) -> str | None:
    """A state official the gazetteer knows, by name, alias or the name without first given names
    ("Seyed Abbas Araghchi" is "Abbas Araghchi"); groups and bodies are not states."""
    parts = name.split()
    for start in range(max(1, len(parts) - 1)):
        state = gaz.official_states.get(" ".join(parts[start:]))
        if state:
            return state if state in gaz.states else None
    return None


def titled_state(name: str, text: str, gaz: Gazetteer) -> str | None:
    """The state of the title the article gives a person where it names them: the words just
    before the name ("Russia's envoy Mikhail Ulyanov", "North Korea's Kim Yo Jong") or its
    apposition ("Fazlollah Nozari, a senior Iranian military official")."""
    if len(name) < 4 or not name[:1].isupper():
        return None
    for match in re.finditer(re.escape(name), text):
        iso = _title_before(text, match.start(), gaz) or _apposition_after(text, match.end(), gaz)
        if iso:
            return iso
    return None


def _title_before(text: str, start: int, gaz: Gazetteer) -> str | None:
    """The title run just before a name: office words, title fillers and capitalised words, back
    to the first other word ("said", "analyst", a sentence end)."""
    window = SENTENCE_END.split(text[max(0, start - WINDOW) : start])[-1].rstrip().rstrip(",")
    tokens = WORD.findall(window)
    office = _titles(gaz, "office_words")
    run: list[str] = []
    for token in reversed(tokens):
        bare = token.casefold().removesuffix("'s").removesuffix("’s")
        if bare in office or bare in _titles(gaz, "fillers") or token[:1].isupper():
            run.insert(0, token)
        else:
            break
    if not run:
        return None
    possessive = run[-1].endswith(("'s", "’s"))
    if not (possessive or any(t.casefold() in office for t in run)):
        return None
    states = _states_in(run, gaz)
    return states[0] if states else None


def _apposition_after(text: str, end: int, gaz: Gazetteer) -> str | None:
    """The apposition after a name ("Ali Sadeq, Sudan's acting foreign minister, ..."), when it
    holds a word of office."""
    rest = text[end : end + WINDOW]
    if not rest.startswith(", "):
        return None
    apposition = re.split(r"[,.;:()\n]| said| says| told", rest[2:], maxsplit=1)[0]
    tokens = WORD.findall(apposition)[: TITLE_WORDS + 4]
    if not any(t.casefold() in _titles(gaz, "office_words") for t in tokens):
        return None
    states = _states_in(tokens, gaz)
    return states[0] if states else None


def _states_in(tokens: list[str], gaz: Gazetteer) -> list[str]:
    """The states named in a run of words, in order (longest name first at each position); a
    capital after "in", "at" or "to" is where the person serves ("envoy in Vienna"), not whose."""
    names = state_names(gaz)
    found: list[str] = []
    i = 0
    while i < len(tokens):
        for n in (4, 3, 2, 1):
            ws = words(" ".join(tokens[i : i + n]))
            isos = names.get(ws) if ws else None
            placed = i > 0 and tokens[i - 1].casefold() in _titles(gaz, "place_words")
            if isos and len(isos) == 1 and tokens[i][:1].isupper() and not placed:
                found.append(next(iter(isos)))
                i += n
                break
        else:
            i += 1
    return found


@lru_cache(maxsize=16)
def _titles(gaz: Gazetteer, part: str) -> frozenset[str]:
    """A word list of the lexicon's ``titles`` (data/lexicon.json)."""
    return frozenset(gaz.lexicon["titles"][part])
