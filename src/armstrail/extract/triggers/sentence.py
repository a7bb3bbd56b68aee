"""``SentenceEvents``: the events of one sentence, found by the rules of every claim type. Each
trigger word goes to the rules of its kind (``_event``), and what modifiers tell is added last
(``modifiers.py``)."""

from __future__ import annotations

from typing import Any

from armstrail.extract.events import PERMIT_LEMMAS, Event, governing_chain, trigger_kind
from armstrail.extract.triggers.agree import AgreeRules
from armstrail.extract.triggers.interdict import InterdictRules
from armstrail.extract.triggers.modifiers import ModifierRules
from armstrail.extract.triggers.produce import ProduceRules
from armstrail.extract.triggers.receive import ReceiveRules
from armstrail.extract.triggers.sanction import SanctionRules
from armstrail.extract.triggers.train import TrainRules
from armstrail.extract.triggers.transfer import TransferRules
from armstrail.extract.triggers.use import USE_EVIDENCE_NOUNS, UseRules


class SentenceEvents(
    TransferRules,
    ReceiveRules,
    InterdictRules,
    AgreeRules,
    ProduceRules,
    UseRules,
    TrainRules,
    SanctionRules,
    ModifierRules,
):
    """Finds the events of one sentence."""

    # -- events -----------------------------------------------------------------------------
    def find(self) -> list[Event]:
        events: list[Event] = []
        absorbed: set[int] = set()
        for tok in self.sent:
            if tok.i in self.frame_tokens and tok.pos_ == "VERB":
                continue
            kind = trigger_kind(tok, self.ctx)
            if kind is None and tok.lower_ in USE_EVIDENCE_NOUNS:
                kind = "USE"
            if kind is None and tok.lemma_.lower() == "include" and self._package_of(tok) is not None:
                events.extend(self._package(tok))
                continue
            if kind is None:
                continue
            made = self._event(tok, kind, absorbed)
            events.extend(made)
        events.extend(self._modifier_events(events))
        events = [e for e in events if e.trigger not in absorbed]
        return _without_vague_repeats(events)

    def _event(self, tok: Any, kind: str, absorbed: set[int]) -> list[Event]:
        chain = governing_chain(tok)
        if self.blocked(tok, chain) or _capability(chain):
            return []
        handler = {
            "TRANSFER": self._transfer,
            "RECEIVE": self._receive,
            "ARRIVE": self._arrive,
            "INTERDICT": self._interdict,
            "PRODUCE": self._produce,
            "AGREE": self._agree,
            "USE": self._use,
            "TRAIN": self._train,
            "SANCTION": self._sanction,
        }[kind]
        events = handler(tok, chain, absorbed)
        if kind == "AGREE" and tok.lemma_.lower() in PERMIT_LEMMAS | {"approve"}:
            for event in events:
                if event.type == "AGREE" and event.negated:
                    # "Germany will not approve exports of tanks": no deal, a supply refused
                    event.type, event.status = "TRANSFER", "planned"
        return events


def _without_vague_repeats(events: list[Event]) -> list[Event]:
    """'Britain has sent Storm Shadow missiles ..., the first country to supply Kyiv with weapons':
    vague 'weapons' beside a named system for the same act is that act again."""
    named = {(e.type, tuple(e.agents), e.recipient) for e in events if any(not i.vague for i in e.items)}
    out: list[Event] = []
    for e in events:
        if all(i.vague for i in e.items) and (e.type, tuple(e.agents), e.recipient) in named:
            continue
        out.append(e)
    return out


def _capability(chain: list[Any]) -> bool:
    """'The missiles can be launched from ...': what a system can do is no event."""
    return any(c.dep_ == "aux" and c.lower_ in ("can", "ca", "cannot") for t in chain[:2] for c in t.children)
