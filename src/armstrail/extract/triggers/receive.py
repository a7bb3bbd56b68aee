"""RECEIVE and ARRIVE: a transfer told from the receiving side ('Russia received drones from
Iran', 'Egypt's purchase of the S-400', 'South Korean tanks arrive in Poland'); the claim is
a TRANSFER from the supplier to the receiver."""

from __future__ import annotations

from typing import Any

from armstrail.analyse.gazetteer import STATE
from armstrail.extract.events import Event, local_tokens, prep_objects, subject_of
from armstrail.extract.triggers.base import SentenceRules

PLACE_NOUNS = frozenset({"port", "base", "airport", "airbase", "harbour", "harbor", "airfield", "city"})


class ReceiveRules(SentenceRules):
    """RECEIVE and ARRIVE triggers."""

    def _receive(self, tok: Any, chain: list[Any], absorbed: set[int]) -> list[Event]:
        """'Russia received drones from Iran', 'its purchase of the S-400', 'Morocco took delivery
        of its first TB2s': the receiver is the subject or the possessor; the supplier is named with
        'from', else the maker of the named system, else the receiver's last supplier."""
        items = self._items(tok)
        if not items:
            return []
        recipients = self._receivers(tok, chain)
        agents: list[str | None] = []
        for t in local_tokens(tok):
            if t.dep_ == "prep" and t.lower_ == "from":
                for pobj in (c for c in t.children if c.dep_ == "pobj"):
                    agents.extend(self.actors(pobj))
            elif t.dep_ == "poss" and t.head.i in {i.head for i in items}:
                agents.extend(self.actors(t))  # "to buy Israel's Arrow 3"
        agents = [a for a in agents if a not in recipients]  # "took delivery of its first TB2s"
        if not agents:
            origin = self._origin(items) or self._maker(items)
            if origin:
                agents = [origin]
        if not agents and recipients and recipients[0] in self.ctx.last_supplier:
            agents = [self.ctx.last_supplier[recipients[0]]]
        agents = [a for a in agents if a not in recipients]
        if not agents or not recipients:
            return []
        # "the United Kingdom and Australia have received the Tomahawk": one claim per receiver
        return [self._base("TRANSFER", tok, chain, agents, r, items) for r in dict.fromkeys(recipients)]

    def _receivers(self, tok: Any, chain: list[Any]) -> list[str]:
        if tok.pos_ in ("NOUN", "PROPN"):
            owners = [a for c in tok.children if c.dep_ == "poss" for a in self.actors(c)]
            if owners:
                return owners
            if tok.dep_ != "dobj":
                return []
        subj, passive = subject_of(chain)
        if subj is not None and not passive:
            found = self.actors(subj)
            if found:
                return found
        if tok.dep_ in ("acl", "pcomp") or tok.head.dep_ == "pobj":
            return self.actors(tok.head)
        return []

    def _arrive(self, tok: Any, chain: list[Any], absorbed: set[int]) -> list[Event]:
        subj, _ = subject_of(chain)
        if subj is None:
            return []
        subjects = [c for t in chain for c in t.children if c.dep_ == "nsubj"]
        left = min([subj.left_edge.i, *(c.left_edge.i for c in subjects)])
        span = list(self.sent.doc[left : chain[-1].i])
        items = [i for i in [self._item_phrase(subj) or self._first_item(span)] if i is not None]
        if not items or items[0].back_reference:
            return []
        recipients: list[str] = []
        for pobj in prep_objects(tok, frozenset({"in", "to", "at"})):
            recipients.extend(self.actors(pobj) or self._place_of(pobj))
        agents: list[str | None] = []
        agents.extend(self._possessor(span))
        for child in subj.subtree:
            if child.dep_ == "prep" and child.lower_ == "from":
                agents.extend(a for p in child.children for a in self.actors(p))
        if not agents:
            origin = self._origin(items, supplier_only=True)
            agents = [origin] if origin else []  # "South Korean tanks arrive in Poland"
        if not agents and recipients and recipients[0] in self.ctx.last_supplier:
            agents = [self.ctx.last_supplier[recipients[0]]]  # "The first jets will arrive in Iran"
        if agents and not recipients and agents[0] in self.ctx.last_recipient:
            recipients = [self.ctx.last_recipient[agents[0]]]  # "... arrived at the port of Gdynia"
        if not agents or not recipients:
            return []
        return [self._base("TRANSFER", tok, chain, agents, recipients[0], items)]

    def _place_of(self, pobj: Any) -> list[str]:
        """'arrived at the port of Taipei', 'at a base near Manila': the state of the place named
        inside the location phrase."""
        if pobj.lemma_.lower() not in PLACE_NOUNS:
            return []
        for t in pobj.subtree:
            m = self.ctx.mention(t.i)
            if t.i != pobj.i and m is not None and m.entry.kind == STATE and m.entry.code:
                return [m.entry.code]
        return []
