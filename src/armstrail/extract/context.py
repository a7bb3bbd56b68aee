"""What the extractor remembers while it reads one article: the mentions of each token, who was
last named (for "the country", "he", "the official"), which designations the article names."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from armstrail.analyse.gazetteer import (
    GROUP,
    ITEM,
    OFFICIAL,
    OUTLET,
    STATE,
    WEAPON,
    Entry,
    Gazetteer,
    Mention,
)
from armstrail.model import Article, Source

FORCE_WORDS = frozenset({"army", "military", "navy", "junta", "force", "forces"})
DATELINE = re.compile(
    r"^\s*([A-Z][A-Z .'-]{2,40}?)\s*(?:,\s*[A-Z][a-z]+\.?\s*\d{0,2}\.?\s*)?"
    r"(?:\([A-Za-z .]+\)|/[A-Za-z .]+/\.?)?\s*(?:[•—–-]|\.)\s"
)


@dataclass
class ArticleContext:
    article: Article
    doc: Any
    gaz: Gazetteer
    mentions: list[Mention]
    by_token: dict[int, Mention] = field(default_factory=dict)
    designations: dict[str, Entry] = field(default_factory=dict)  # designation name -> entry
    designation_counts: dict[str, int] = field(default_factory=dict)
    full_outlets: set[str] = field(default_factory=set)
    dateline_state: str | None = None
    # coreference memory, updated sentence by sentence
    last_states: list[str] = field(default_factory=list)
    last_person: Source | None = None
    last_person_state: str | None = None
    last_group: str | None = None
    last_org_source: Source | None = None
    last_anonymous: dict[str, Source] = field(default_factory=dict)
    last_media_chain: tuple[Source, ...] = ()
    report_chains: dict[str, tuple[Source, ...]] = field(default_factory=dict)  # outlet -> its first chain
    last_outlet: str | None = None
    last_vague_media: Source | None = None
    persons: dict[str, Source] = field(default_factory=dict)  # surname -> full name source
    person_states: dict[str, str] = field(default_factory=dict)
    last_user: dict[str, str] = field(default_factory=dict)  # item category/name -> USE agent
    last_holder: dict[str, str] = field(default_factory=dict)  # item -> TRANSFER recipient
    last_destination: dict[str, str] = field(default_factory=dict)  # designation -> last deal's recipient
    last_deal: tuple[str, str, Any] | None = None  # supplier, recipient, item of the last named deal
    last_recipient: dict[str, str] = field(default_factory=dict)  # supplier -> its last recipient
    last_supplier: dict[str, str] = field(default_factory=dict)  # recipient -> its last supplier
    last_agent_state: str | None = None
    last_forces_state: str | None = None  # the state of the last "Sudanese army", "Ukraine's military"
    last_any_recipient: str | None = None
    last_pair: list[str] = field(default_factory=list)  # the two parties of the last two-state event
    reported_base: date | None = None  # the date of the report being recounted, if stated
    recent_items: list[tuple[str, str]] = field(default_factory=list)  # (item, category) of the last list

    @classmethod
    def build(cls, article: Article, doc: Any, gaz: Gazetteer) -> ArticleContext:
        mentions = gaz.find(doc)
        ctx = cls(article=article, doc=doc, gaz=gaz, mentions=mentions)
        for m in mentions:
            for i in range(m.start, m.end):
                ctx.by_token[i] = m
            if m.entry.kind == WEAPON:
                name = m.entry.name
                ctx.designations.setdefault(name, m.entry)
                ctx.designation_counts[name] = ctx.designation_counts.get(name, 0) + 1
            elif m.entry.kind == OUTLET and not m.entry.short:
                ctx.full_outlets.add(m.entry.name)
        ctx.dateline_state = ctx._dateline()
        return ctx

    def _dateline(self) -> str | None:
        head = self.article.text[:120]
        match = DATELINE.match(head)
        if not match:
            return None
        city = match.group(1).strip().title()
        entry = self.gaz.by_text.get(city)
        if entry is None:
            for part in city.split():
                entry = self.gaz.by_text.get(part)
                if entry is not None:
                    break
        return entry.code if entry is not None and entry.kind == STATE else None

    def mention(self, i: int) -> Mention | None:
        m = self.by_token.get(i)
        if m is not None and m.entry.kind == OUTLET and m.entry.short:
            # "the Post" is The Washington Post only in an article that names The Washington Post
            said = self.doc[m.start : m.end].text.lower()
            named = [n for n in self.gaz.short_outlets.get(said, []) if n in self.full_outlets]
            return Mention(m.start, m.end, Entry(OUTLET, named[0])) if named else None
        return m

    @property
    def base_date(self) -> date | None:
        return self.reported_base or self.article.published

    def remember_sentence(self, sent: Any) -> None:
        """Update the coreference memory with what this sentence named."""
        for tok in sent:
            m = self.mention(tok.i)
            if m is None or m.start != tok.i:
                continue
            entry = m.entry
            if entry.kind == STATE and entry.code:
                self._push_state(entry.code)
                head = tok.doc[m.end - 1]
                if head.dep_ in ("amod", "compound", "poss") and head.head.lemma_.lower() in FORCE_WORDS:
                    self.last_forces_state = entry.code
            elif entry.kind == GROUP and entry.group_kind == "armed-group":
                self.last_group = entry.code
            elif entry.kind == OFFICIAL:
                self.remember_person(entry.name, entry.code)

    def remember_items(self, sent: Any) -> None:
        from armstrail.extract.items import item_at

        listed: list[tuple[str, str]] = []
        for tok in sent:
            item = item_at(tok, self)
            if item is None or item.category in ("other", "components", "designs"):
                continue
            if (item.name, item.category) not in listed:
                listed.append((item.name, item.category))
        if listed:
            self.recent_items = listed

    def pair(self) -> list[str]:
        """'the two countries', 'both countries': the parties of the last event between two states,
        else the last two states named."""
        return self.last_pair or (self.last_states[-2:] if len(self.last_states) >= 2 else [])

    def _push_state(self, code: str) -> None:
        if code in self.last_states:
            self.last_states.remove(code)
        self.last_states.append(code)
        del self.last_states[:-6]

    def remember_person(self, name: str, state: str | None) -> Source:
        source = Source(name, "official-named")
        self.last_person = source
        self.last_person_state = state
        parts = name.split()
        if len(parts) > 1:
            self.persons.setdefault(parts[-1], source)
        if state:
            self.person_states[name] = state
        return source

    def resolve_person(self, name: str) -> Source | None:
        parts = name.split()
        if len(parts) == 1 and parts[0] in self.persons:
            return self.persons[parts[0]]
        return None

    def designation_before(self, i: int) -> Entry | None:
        """The weapon designation named last before token ``i`` (mentions are in text order)."""
        found: Entry | None = None
        for m in self.mentions:
            if m.start >= i:
                break
            if m.entry.kind == WEAPON:
                found = m.entry
        return found

    def item_entry(self, i: int) -> Entry | None:
        m = self.mention(i)
        if m is not None and m.entry.kind in (WEAPON, ITEM):
            return m.entry
        return None

    def outlet_entry(self, i: int) -> Entry | None:
        m = self.mention(i)
        if m is not None and m.entry.kind == OUTLET:
            return m.entry
        return None

    def is_person(self, i: int) -> bool:
        m = self.mention(i)
        return m is not None and m.entry.kind == OFFICIAL
