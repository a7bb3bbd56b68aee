"""PRODUCE: a state makes weapons ('Iran produces drones', 'Russia's production of Shahed
drones', 'the shells will be made in Poland'); the producer is where the making happens, else
the subject (not the designer)."""

from __future__ import annotations

from typing import Any

from armstrail.extract.events import Event
from armstrail.extract.items import item_at
from armstrail.extract.triggers.base import SentenceRules

LOCATION_WORDS = frozenset(
    {
        "territory",
        "soil",
        "plant",
        "plants",
        "factory",
        "factories",
        "facility",
        "facilities",
        "line",
        "lines",
    }
)


class ProduceRules(SentenceRules):
    """PRODUCE triggers."""

    def _produce(self, tok: Any, chain: list[Any], absorbed: set[int]) -> list[Event]:
        if tok.dep_ == "acl" and tok.tag_ == "VBN" and item_at(tok.head, self.ctx) is not None:
            return []  # "The TB2, made by the Turkish firm Baykar, ...": where it comes from
        if tok.pos_ in ("NOUN", "PROPN") and (
            tok.tag_ == "NNS"
            or not any(
                c.dep_ == "poss" or (c.dep_ == "prep" and c.lower_ in ("by", "in")) for c in tok.children
            )
        ):
            return []
        items = self._items(tok)
        if not items and tok.dep_ == "relcl":
            items = [i for i in [item_at(tok.head, self.ctx)] if i is not None]
        if not items:
            return []
        location: list[str] = []
        for t in tok.subtree:
            if t.dep_ == "pobj" and t.head.lower_ in ("in", "on", "at", "inside", "within"):
                location = self.actors(t)
                if not location and t.lower_ in LOCATION_WORDS:
                    for c in t.children:
                        location = location or self.actors(c)
                if location:
                    break
        if location:
            agents: list[str | None] = list(location[:1])
        else:
            agents_, _ = self._subject_agents(tok, chain)
            designer = self._origin(items)
            agents = [a for a in agents_ if a != designer] or list(agents_)
        if not agents:
            return []
        return [self._base("PRODUCE", tok, chain, agents[:1], None, items)]
