"""First mentions hidden in a modifier (DEV-INDEX rule 8): a TRANSFER in 'used U.S.-supplied
ATACMS', an AGREE in 'Berlin's promised set of tanks'. They are found after the sentence's
other events, whose holders they borrow."""

from __future__ import annotations

from typing import Any

from armstrail.analyse.gazetteer import ACTOR_KINDS
from armstrail.extract.events import Event
from armstrail.extract.items import item_at
from armstrail.extract.triggers.base import SentenceRules

MODIFIER_TRANSFER = ("supplied", "provided", "donated", "delivered", "sent", "given")
MODIFIER_PROMISE = frozenset({"promised", "pledged"})
ORIGIN_WORDS = frozenset(
    {
        "supplied",
        "provided",
        "donated",
        "delivered",
        "sent",
        "given",
        "made",
        "built",
        "designed",
        "manufactured",
        "produced",
    }
)


class ModifierRules(SentenceRules):
    """TRANSFER and AGREE events of modifiers ('U.S.-supplied', 'promised')."""

    def _modifier_events(self, events: list[Event]) -> list[Event]:
        """'used U.S.-supplied ATACMS' (a TRANSFER) and 'Berlin's promised set of tanks' (an AGREE):
        first mentions hidden in a modifier (DEV-INDEX rule 8)."""
        out: list[Event] = []
        covered = {i for e in events if e.status == "interdicted" for i in e.tokens}
        for tok in self.sent:
            if tok.i in covered:
                continue
            low = tok.lower_
            origin = self._modifier_origin(tok)
            if origin is not None and low.endswith(MODIFIER_TRANSFER):
                head = tok.head
                item = self._item_phrase(head) if item_at(head, self.ctx) is None else item_at(head, self.ctx)
                if item is None or item.back_reference or _definite(head):
                    continue
                holder = self._holder_for(head, events)
                if holder is None or holder == origin:
                    continue
                event = Event(
                    "TRANSFER",
                    tok.i,
                    [origin],
                    holder,
                    [item],
                    status="occurred",
                    via_modifier=True,
                    tokens={tok.i},
                )
                out.append(event)
            elif low in MODIFIER_PROMISE and tok.dep_ == "amod":
                head = tok.head
                item = self._item_phrase(head) or self._first_item(list(self.sent.doc[head.i : head.i + 6]))
                owner = self._possessor(list(self.sent.doc[head.left_edge.i : head.i]))
                if item is None or not owner:
                    continue
                holder = self._holder_for(head, events)
                out.append(
                    Event(
                        "AGREE",
                        tok.i,
                        owner[:1],
                        holder,
                        [item],
                        status="occurred",
                        via_modifier=True,
                        tokens={tok.i},
                    )
                )
        return out

    def _modifier_origin(self, tok: Any) -> str | None:
        """'U.S.-supplied' (one token) or 'British - supplied' (three): the actor named before."""
        prefix = self.ctx.gaz.origin_prefix(tok.text)
        if prefix is not None and prefix.code:
            return prefix.code
        if tok.i >= 2 and tok.doc[tok.i - 1].text == "-" and tok.lower_ in ORIGIN_WORDS:
            m = self.ctx.mention(tok.i - 2)
            if m is not None and m.entry.kind in ACTOR_KINDS and m.entry.code:
                return m.entry.code
        return None

    def _holder_for(self, head: Any, events: list[Event]) -> str | None:
        for e in events:
            if head.i in e.tokens or any(i.head == head.i for i in e.items):
                if e.type == "USE":
                    return e.agents[0]
                if e.recipient:
                    return e.recipient
        for e in events:
            if e.recipient:
                return e.recipient
        return None


def _definite(tok: Any) -> bool:
    return any(
        c.dep_ == "det" and c.lower_ in ("the", "these", "those", "this", "that") for c in tok.children
    )
