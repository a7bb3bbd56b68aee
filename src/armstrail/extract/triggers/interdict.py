"""INTERDICT: a shipment seized on its way ('the navy seized Iranian weapons bound for the
Houthis'): a TRANSFER from its origin to its destination, with the status 'interdicted'."""

from __future__ import annotations

from typing import Any

from armstrail.analyse.gazetteer import STATE
from armstrail.extract.events import Event, local_tokens, prep_objects
from armstrail.extract.items import item_at
from armstrail.extract.triggers.base import SentenceRules


class InterdictRules(SentenceRules):
    """INTERDICT triggers."""

    def _interdict(self, tok: Any, chain: list[Any], absorbed: set[int]) -> list[Event]:
        items = self._items(tok)
        if not items:
            return []
        origin = self._origin(items) or self._sentence_origin()
        destination = None
        for t in tok.subtree if tok.pos_ in ("NOUN", "PROPN") else local_tokens(tok):
            if destination is None and t.lower_ in ("to", "for") and t.dep_ in ("prep", "dative"):
                for p in t.children:
                    codes = self.actors(p)
                    if codes and codes[0] != origin:
                        destination = codes[0]
                        break
        destination = self._destination() or destination
        if not origin or not destination or origin == destination:
            return []
        event = self._base("TRANSFER", tok, chain, [origin], destination, items, kind="INTERDICT")
        event.status = "interdicted"
        return [event]

    def _sentence_origin(self) -> str | None:
        for t in self.sent:
            low = t.lower_
            prefix = self.ctx.gaz.origin_prefix(t.text)
            if prefix is not None and prefix.code and not low.endswith(("-controlled", "-held", "-backed")):
                return prefix.code
            if low in ("originating", "from", "origin", "of") or (
                low == "-"
                and t.i + 1 < len(t.doc)
                and t.nbor().lower_ in ("made", "supplied", "manufactured")
            ):
                window = self.sent.doc[max(t.i - 2, self.sent.start) : min(t.i + 4, self.sent.end)]
                for w in window:
                    m = self.ctx.mention(w.i)
                    if m is not None and m.entry.kind == STATE and m.entry.code:
                        if low == "of" and not any(x.lower_ == "origin" for x in window):
                            continue
                        if low == "from" and w.i < t.i:
                            continue
                        return m.entry.code
        for t in self.sent:
            m = self.ctx.mention(t.i)
            if (
                m is not None
                and m.entry.kind == STATE
                and m.entry.form == "demonym"
                and m.entry.code
                and t.dep_ in ("amod", "compound", "npadvmod")
                and item_at(t.head, self.ctx) is not None
            ):
                return m.entry.code
        return None

    def _destination(self) -> str | None:
        for t in self.sent:
            if t.lower_ in ("bound", "destined", "headed", "heading", "en", "intended", "meant"):
                for pobj in prep_objects(t, frozenset({"for", "to", "toward", "towards"})):
                    codes = self.actors(pobj)
                    if codes:
                        return codes[0]
                for w in self.sent.doc[t.i + 1 : min(t.i + 8, self.sent.end)]:
                    codes = self.actors(w)
                    if codes:
                        return codes[0]
                    if (
                        w.lower_ in ("rebel", "rebels", "militia", "fighters", "group")
                        and self.ctx.last_group
                    ):
                        return self.ctx.last_group
        return None
