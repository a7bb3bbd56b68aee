"""Gazetteers (data files) turned into one lookup: which tokens of a text name a state, an organ,
a group, an official, an outlet, a weapon designation or a generic kind of weapon."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from armstrail.errors import DataFileError

DATA_FILES = ("states", "organs", "groups", "officials", "outlets", "weapons", "items", "lexicon")

# Kinds of entry.
STATE, ORGAN, GROUP, OFFICIAL, OUTLET, WEAPON, ITEM = (
    "state",
    "organ",
    "group",
    "official",
    "outlet",
    "weapon",
    "item",
)
ACTOR_KINDS = frozenset({STATE, ORGAN, GROUP, OFFICIAL})

# How a state is named: by name, by its people's adjective, by its seat of power.
NAME, DEMONYM, SEAT = "name", "demonym", "seat"

ORIGIN_SUFFIXES = (
    "supplied",
    "made",
    "built",
    "designed",
    "manufactured",
    "provided",
    "backed",
    "produced",
    "donated",
    "delivered",
    "developed",
    "funded",
    "sponsored",
    "origin",
    "controlled",
    "held",
    "allied",
    "aligned",
    "led",
    "run",
    "owned",
)


@dataclass(frozen=True)
class Entry:
    """One thing a gazetteer knows. ``code`` is ISO3 (states, organs, officials) or the group's
    name; ``category`` is the SCHEMA item category (weapons, generic items)."""

    kind: str
    name: str
    code: str | None = None
    form: str = NAME
    category: str | None = None
    parent: str | None = None
    adjective: str | None = None
    group_kind: str | None = None
    short: bool = False  # an outlet alias that counts only when the full name is in the article
    generic: str | None = None  # for items: "missile" or "atgm" words that resolve across the article
    origin: str | None = None  # for weapons: ISO3 of the state whose industry makes it


@dataclass(frozen=True)
class Mention:
    start: int  # token index
    end: int
    entry: Entry

    @property
    def is_actor(self) -> bool:
        return self.entry.kind in ACTOR_KINDS


@dataclass(eq=False)
class Gazetteer:
    """All data files, loaded once. Matching is done by a spaCy ``PhraseMatcher`` per vocabulary."""

    data: dict[str, Any]
    entries: dict[str, Entry] = field(default_factory=dict)
    exact: dict[str, list[str]] = field(default_factory=dict)  # pattern text -> entry keys
    lower: dict[str, list[str]] = field(default_factory=dict)
    states: dict[str, dict[str, Any]] = field(default_factory=dict)
    by_text: dict[str, Entry] = field(default_factory=dict)  # single-token names for "U.S.-supplied"
    outlet_domains: dict[str, str] = field(default_factory=dict)
    short_outlets: dict[str, list[str]] = field(default_factory=dict)  # "the post" -> outlets called so
    outlet_names: set[str] = field(default_factory=set)
    outlet_aliases: dict[str, str] = field(default_factory=dict)  # casefolded name or alias -> outlet
    official_states: dict[str, str] = field(default_factory=dict)  # name or alias -> ISO3 or group
    group_bases: dict[str, str] = field(default_factory=dict)
    _matchers: dict[int, tuple[Any, Any]] = field(default_factory=dict)

    @property
    def lexicon(self) -> dict[str, Any]:
        lex: dict[str, Any] = self.data["lexicon"]
        return lex

    @property
    def items(self) -> dict[str, Any]:
        items: dict[str, Any] = self.data["items"]
        return items

    # -- building -------------------------------------------------------------------------
    def _add(self, text: str, entry: Entry, *, case_sensitive: bool = True) -> None:
        text = text.strip()
        if not text:
            return
        key = f"{entry.kind}|{entry.name}|{entry.form}|{entry.short}|{entry.category}"
        self.entries.setdefault(key, entry)
        table = self.exact if case_sensitive else self.lower
        keys = table.setdefault(text if case_sensitive else text.lower(), [])
        if key not in keys:
            keys.append(key)
        if case_sensitive and " " not in text:
            self.by_text.setdefault(text, entry)

    def build(self) -> Gazetteer:
        for state in self.data["states"]["states"]:
            iso, adjective = state["iso3"], state.get("adjective") or state["name"]
            self.states[iso] = state
            for name in [state["name"], *state.get("aliases", [])]:
                self._add(name, Entry(STATE, state["name"], iso, NAME, adjective=adjective))
                if name.startswith("The "):
                    self._add(name[4:], Entry(STATE, state["name"], iso, NAME, adjective=adjective))
            for demonym in state.get("demonyms", []):
                self._add(demonym, Entry(STATE, state["name"], iso, DEMONYM, adjective=adjective))
            for seat in state.get("seats", []):
                self._add(seat, Entry(STATE, state["name"], iso, SEAT, adjective=adjective))
        for organ in self.data["organs"]["organs"]:
            entry = Entry(ORGAN, organ["name"], organ["state"])
            for name in [organ["name"], *organ.get("aliases", [])]:
                self._add(name, entry)
        for group in self.data["groups"]["groups"]:
            entry = Entry(GROUP, group["name"], group["name"], group_kind=group.get("kind"))
            if group.get("base"):
                self.group_bases.setdefault(group["base"], group["name"])
            for name in [group["name"], *group.get("aliases", [])]:
                self._add(name, entry)
        for person in self.data["officials"]["officials"]:
            entry = Entry(OFFICIAL, person["name"], person.get("state"))
            for name in [person["name"], *person.get("aliases", [])]:
                self._add(name, entry)
                if person.get("state"):
                    self.official_states.setdefault(name, person["state"])
        for outlet in self.data["outlets"]["outlets"]:
            self.outlet_names.add(outlet["name"])
            entry = Entry(OUTLET, outlet["name"])
            for name in [outlet["name"], *outlet.get("aliases", [])]:
                self.outlet_aliases.setdefault(name.casefold(), outlet["name"])
                self._add(name, entry)
                if name.startswith("The "):
                    self._add("the " + name[4:], entry)
            for name in outlet.get("short", []):
                self.short_outlets.setdefault(name.lower(), []).append(outlet["name"])
                self._add(name, Entry(OUTLET, outlet["name"], short=True))
                if name.startswith("the "):
                    self._add("The " + name[4:], Entry(OUTLET, outlet["name"], short=True))
            for domain in outlet.get("domains", []):
                self.outlet_domains[domain.lower()] = outlet["name"]
        for weapon in self.data["weapons"]["weapons"]:
            entry = Entry(
                WEAPON,
                weapon["name"],
                category=weapon["category"],
                parent=weapon.get("parent"),
                origin=weapon.get("origin"),
            )
            for name in [weapon["name"], *weapon.get("aliases", [])]:
                for form in _designation_forms(name):
                    self._add(form, entry)
        for category, words in self.items["items"].items():
            for word in words:
                for form in _plural_forms(word):
                    self._add(form, Entry(ITEM, word, category=category), case_sensitive=False)
        for word in self.items.get("missile_words", []):
            for form in _plural_forms(word):
                self._add(form, Entry(ITEM, word, category="other", generic="missile"), case_sensitive=False)
        for word in self.items.get("atgm", []):
            for form in _plural_forms(word):
                self._add(form, Entry(ITEM, word, category="other", generic="atgm"), case_sensitive=False)
        for abbr, category in self.items.get("abbreviations", {}).items():
            self._add(abbr, Entry(ITEM, abbr, category=category))
        return self

    # -- matching -------------------------------------------------------------------------
    def _matchers_for(self, vocab: Any) -> tuple[Any, Any]:
        cached = self._matchers.get(id(vocab))
        if cached is not None:
            return cached
        from spacy.matcher import PhraseMatcher
        from spacy.tokenizer import Tokenizer

        tokenizer: Tokenizer | Any = _tokenizer_for(vocab)
        exact = PhraseMatcher(vocab, attr="ORTH")
        lower = PhraseMatcher(vocab, attr="LOWER")
        for text, keys in self.exact.items():
            for key in keys:
                exact.add(key, [tokenizer(text)])
        for text, keys in self.lower.items():
            for key in keys:
                lower.add(key, [tokenizer(text)])
        self._matchers[id(vocab)] = (exact, lower)
        return exact, lower

    def find(self, doc: Any) -> list[Mention]:
        """Longest, leftmost, non-overlapping mentions; names beat generic item words."""
        exact, lower = self._matchers_for(doc.vocab)
        found: list[tuple[int, int, int, Entry]] = []
        strings = doc.vocab.strings
        for rank, matcher in ((0, exact), (1, lower)):
            for match_id, start, end in matcher(doc):
                found.append((start, end, rank, self.entries[strings[match_id]]))
        found.sort(key=lambda m: (-(m[1] - m[0]), m[2], _kind_rank(m[3]), m[0]))
        taken = [False] * len(doc)
        mentions: list[Mention] = []
        for start, end, _rank, entry in found:
            if any(taken[start:end]):
                continue
            for i in range(start, end):
                taken[i] = True
            mentions.append(Mention(start, end, entry))
        mentions.sort(key=lambda m: m.start)
        return mentions

    def origin_prefix(self, token_text: str) -> Entry | None:
        """'U.S.-supplied' -> the United States (an actor named inside one token)."""
        head, _, tail = token_text.rpartition("-")
        if head and tail.lower() in ORIGIN_SUFFIXES:
            entry = self.by_text.get(head)
            if entry is not None and entry.kind in ACTOR_KINDS:
                return entry
        return None

    def state_adjective(self, iso: str) -> str:
        state = self.states.get(iso)
        return str(state.get("adjective") or state["name"]) if state else iso


def _kind_rank(entry: Entry) -> int:
    order = {OUTLET: 0, OFFICIAL: 1, ORGAN: 2, GROUP: 3, WEAPON: 4, STATE: 5, ITEM: 6}
    return order.get(entry.kind, 9)


def _plural_forms(word: str) -> Iterator[str]:
    yield word
    if word.endswith("s"):
        return
    if re.search(r"(ch|sh|x|z)$", word):
        yield word + "es"
    elif re.search(r"[^aeiou]y$", word):
        yield word[:-1] + "ies"
    else:
        yield word + "s"


def _designation_forms(name: str) -> Iterator[str]:
    yield name
    if name[-1:].isalnum() and not name.endswith(("s", "S")):
        yield name + "s"
        yield name + "'s"


_TOKENIZERS: dict[int, Any] = {}


def _tokenizer_for(vocab: Any) -> Any:
    """English tokenisation for patterns, so a pattern splits the way the text does."""
    tok = _TOKENIZERS.get(id(vocab))
    if tok is None:
        from spacy.lang.en import English

        english = English(vocab=vocab)
        tok = english.tokenizer
        _TOKENIZERS[id(vocab)] = tok
    return tok


def load_data(data_dir: Path | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name in DATA_FILES:
        try:
            if data_dir is None:
                raw = resources.files("armstrail.data").joinpath(f"{name}.json").read_text("utf-8")
            else:
                raw = (data_dir / f"{name}.json").read_text("utf-8")
            data[name] = json.loads(raw)
        except (OSError, ValueError) as exc:
            raise DataFileError(f"data file {name}.json cannot be read: {exc}") from exc
    return data


@lru_cache(maxsize=2)
def load_gazetteer(data_dir: Path | None = None) -> Gazetteer:
    return Gazetteer(load_data(data_dir)).build()


def versions(data: dict[str, Any]) -> dict[str, str]:
    return {name: str(doc.get("version", "?")) for name, doc in data.items()}
