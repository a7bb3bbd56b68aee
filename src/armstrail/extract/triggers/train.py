"""TRAIN: a state trains another's forces on a weapon ('Germany trains Ukrainian crews on
Leopards', 'Ukrainian troops train on Leopards in Germany', 'will provide training to Japanese
crews on the missiles')."""

from __future__ import annotations

from typing import Any

from armstrail.extract.events import Event, items_in, prep_objects
from armstrail.extract.triggers.base import SentenceRules

TRAINED_ON = frozenset(
    {"fly", "operate", "use", "handle", "maintain", "drive", "man", "pilot", "fire", "deploy"}
)


class TrainRules(SentenceRules):
    """TRAIN triggers, and training given with a transfer verb."""

    def _train(self, tok: Any, chain: list[Any], absorbed: set[int]) -> list[Event]:
        items = self._items(tok)
        for child in tok.children:
            learned = [child, *(g for g in child.children if g.dep_ == "acl")]
            for verb in learned:
                if (
                    not items
                    and verb.dep_ in ("xcomp", "advcl", "ccomp", "acl")
                    and verb.lemma_.lower() in TRAINED_ON
                ):
                    items = self._items(verb)
        agents, passive = self._subject_agents(tok, chain)
        recipient: str | None = None
        for child in tok.children:
            if child.dep_ == "dobj" or (passive and child.dep_ == "nsubjpass"):
                codes = self.actors(child)
                recipient = codes[0] if codes else None
        if passive and recipient is not None and not agents:
            # "crews would be trained in Sweden": where they train, else who the article says arms them
            agents = [a for p in prep_objects(tok, frozenset({"in"})) for a in self.actors(p)]
            agents = agents or (
                [self.ctx.last_supplier[recipient]] if recipient in self.ctx.last_supplier else []
            )
        if recipient is None and tok.dep_ == "conj":
            sibling = tok.head
            recs = self._recipients(sibling)
            recipient = recs[0] if recs else None
            if not items:
                items = self._items(sibling)
        if recipient is None and agents and tok.dep_ != "conj":
            # "Ukrainian troops train on Leopards in Germany": the subject is the trainee.
            recipient = agents[0]
            location = [a for p in prep_objects(tok, frozenset({"in"})) for a in self.actors(p)]
            agents = list[str | None](location)
            if not agents and self.ctx.last_states:
                agents = list[str | None](
                    [st for st in reversed(self.ctx.last_states) if st != recipient][:1]
                )
        if not items:
            items = self._items(tok)
        if not items or not agents or recipient is None:
            return []
        return [self._base("TRAIN", tok, chain, agents, recipient, items)]

    def _training_given(self, tok: Any, chain: list[Any], training: Any) -> list[Event]:
        """'The United States will provide training to Japanese crews on the missiles': giving
        training is TRAIN, on the system named with the training (else the article's system)."""
        agents, _ = self._subject_agents(tok, chain)
        recipients = self._recipients(tok) or [
            a for p in prep_objects(training, frozenset({"for", "to"})) for a in self.actors(p)
        ]
        items = items_in(list(training.subtree), self.ctx, training) or self._article_items()
        agents = [a for a in agents if a and a not in recipients]
        if not agents or not recipients or not items:
            return []
        return [self._base("TRAIN", tok, chain, agents, recipients[0], items)]
