"""USE: a state or group uses weapons ('Russia launched Shahed drones', 'Azerbaijan made
extensive use of drones', 'S-400 batteries shot down five jets', fragments of a missile); the
user is the subject, else whoever the article says holds the weapon."""

from __future__ import annotations

from typing import Any

from armstrail.extract.events import Event, governing_chain, local_tokens, subject_of
from armstrail.extract.items import Item
from armstrail.extract.triggers.base import SentenceRules

USE_EVIDENCE_NOUNS = frozenset({"fragment", "fragments", "debris", "remnant", "remnants", "wreckage"})


class UseRules(SentenceRules):
    """USE triggers."""

    def _use(self, tok: Any, chain: list[Any], absorbed: set[int]) -> list[Event]:
        lemma = tok.lemma_.lower()
        if any(c.dep_ in ("prt", "advmod") and c.lower_ in ("down", "off") for c in tok.children):
            return self._shooter(tok, chain)  # "shot down 18 drones": an interception, not a use of them
        if any(t.lemma_.lower() == "train" for t in chain[1:]) or tok.head.lemma_.lower() == "train":
            return []  # "trained to use them": the training is the event
        items = self._items(tok, use=True)
        if tok.lower_ in USE_EVIDENCE_NOUNS:
            items = [i for i in items]
        if not items:
            return []
        if (
            tok.pos_ in ("NOUN", "PROPN")
            and lemma not in USE_EVIDENCE_NOUNS
            and tok.lower_ not in USE_EVIDENCE_NOUNS
        ):
            agents = [a for c in tok.children if c.dep_ == "poss" for a in self.actors(c)]
            if not agents and tok.dep_ == "dobj" and tok.head.lemma_.lower() == "make":
                doers, _ = self._subject_agents(tok.head, governing_chain(tok.head))
                agents = [a for a in doers if a]  # "Azerbaijan made extensive use of drones"
            if not agents:
                return []
        elif tok.lower_ in USE_EVIDENCE_NOUNS:
            agents = []
        else:
            agents_, passive = self._subject_agents(tok, chain)
            agents = [a for a in agents_ if a]
            if passive and not agents:
                for t in local_tokens(tok):
                    if t.dep_ == "poss" and t.i not in self.frame_tokens:
                        agents.extend(self.actors(t))
        if not agents and tok.pos_ == "VERB":
            subj, passive = subject_of(chain)
            platform = self._item_phrase(subj) if subj is not None and not passive else None
            if platform is not None:  # "Rafale jets fired SCALP missiles": whoever holds the jets
                name = platform.name
                holder = (
                    self.ctx.last_user.get(name)
                    or self.ctx.last_holder.get(name)
                    or self._known_destination([platform])
                )
                agents = [holder] if holder else []
        if not agents:
            implied = self._implied_user(items)
            if implied is None:
                return []
            agents = [implied]
        events = [self._base("USE", tok, chain, [a], None, items) for a in agents[:4]]
        return events

    def _shooter(self, tok: Any, chain: list[Any]) -> list[Event]:
        """'S-400 batteries shot down five jets': the weapon that did the shooting is used, by
        whoever the article says holds it (the targets are not)."""
        subj, passive = subject_of(chain)
        if subj is None or passive:
            return []
        item = self._item_phrase(subj)
        if item is None or item.vague:
            return []
        user = self._implied_user([item]) or self._known_destination([item])
        return [self._base("USE", tok, chain, [user], None, [item])] if user else []

    def _implied_user(self, items: list[Item]) -> str | None:
        for item in items:
            for key in (item.name, item.category):
                if key in self.ctx.last_user:
                    return self.ctx.last_user[key]
                if key in self.ctx.last_holder:
                    return self.ctx.last_holder[key]
        return None
