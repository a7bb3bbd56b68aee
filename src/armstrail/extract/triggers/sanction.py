"""SANCTION: sanctions tied to an arms transfer ('sanctioned companies that delivered drones',
'imposed sanctions on Turkey's procurement agency over the S-400')."""

from __future__ import annotations

from typing import Any

from armstrail.extract.events import Event
from armstrail.extract.items import item_at
from armstrail.extract.triggers.base import NESTABLE, SentenceRules


class SanctionRules(SentenceRules):
    """SANCTION triggers."""

    def _sanction(self, tok: Any, chain: list[Any], absorbed: set[int]) -> list[Event]:
        """Sanctions tied to an arms transfer (SCHEMA): 'sanctioned companies that delivered drones',
        'imposed sanctions on Turkey's procurement agency over the S-400'."""
        scope = [tok, *(chain[1:2] if tok.pos_ in ("NOUN", "PROPN") else [])]
        nested = [t for head in scope for t, kind in self._nested(head, relcl=True) if kind in NESTABLE]
        items = [i for t in nested for i in self._items(t)]
        for head in scope:
            for t in head.children:
                if t.dep_ == "prep" and t.lower_ in ("over", "for"):
                    items.extend(i for x in t.subtree if (i := item_at(x, self.ctx)) is not None)
        if not items:
            return []
        agents, _ = self._subject_agents(tok, chain)
        if not agents:
            return []
        target: str | None = None
        for head in scope:
            for child in head.children:
                if (child.dep_ in ("dobj", "nsubjpass") and child.i != tok.i) or (
                    child.dep_ == "prep" and child.lower_ in ("on", "against")
                ):
                    target = next((c for t in child.subtree for c in self.actors(t)), None)
                    if target:
                        break
            if target:
                break
        if target is None or target in agents:
            return []
        return [self._base("SANCTION", tok, chain, agents[:1], target, items)]
