"""AGREE: deals, contracts, orders, promises, approvals and permits ('Egypt ordered 20 Su-35
jets from Russia', 'Manila signed a deal with New Delhi for BrahMos batteries', 'allow other
countries to send'): the parties, which of them supplies and which buys, and the transfers
nested in the deal."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from armstrail.extract.events import (
    MODALS_HEDGE,
    MODALS_PLANNED,
    PERMIT_LEMMAS,
    PROMISE_LEMMAS,
    Event,
    governing_chain,
    prep_objects,
    trigger_kind,
)
from armstrail.extract.items import Item
from armstrail.extract.triggers.base import SentenceRules

TRANSFER_LIKE = frozenset({"TRANSFER", "RECEIVE", "ARRIVE"})
TENTATIVE = frozenset({"possible", "potential", "proposed", "prospective"})
COVERING = frozenset({"cover", "include", "comprise", "involve"})
SALE_NOUNS = frozenset({"sale", "sales", "export", "exports", "purchase", "purchases", "transfer"})


class AgreeRules(SentenceRules):
    """AGREE triggers, permits among them."""

    def _agree(self, tok: Any, chain: list[Any], absorbed: set[int]) -> list[Event]:
        lemma = tok.lemma_.lower()
        if (
            tok.pos_ in ("NOUN", "PROPN")
            and tok.dep_ == "dobj"
            and trigger_kind(tok.head, self.ctx) == "AGREE"
        ):
            return []
        nested = self._nested(tok)
        if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ == "dobj":
            # "struck a deal to produce drones": the purpose clause hangs on the light verb
            nested += [n for n in self._nested(tok.head) if n[0].i != tok.i and n not in nested]
        agents, _ = self._subject_agents(tok, chain)
        if tok.pos_ in ("NOUN", "PROPN") or not agents:
            agents = agents or self._noun_parties(tok)
        if lemma in PERMIT_LEMMAS:
            return self._permit(tok, chain, agents, nested, absorbed)
        sale = [t for t, _k in nested if t.pos_ == "NOUN" and t.lemma_.lower() in SALE_NOUNS]
        if lemma in ("approve", "order", "clear") and nested and not sale:
            return []  # "approve sending tanks": the nested transfer is the decision itself
        if lemma == "order" and tok.pos_ == "VERB" and not nested:
            # "Egypt ordered 20 Su-35 jets from Russia": a purchase agreement, the buyer receives
            bought = self._receive(tok, chain, set())
            for event in bought:
                event.type, event.status = "AGREE", "planned" if self._future(chain) else "occurred"
            return bought
        if lemma not in PROMISE_LEMMAS and lemma not in ("approve", "order", "clear"):
            return []
        parties = [a for a in agents if a]
        subs = self._sub_events(nested, absorbed, TRANSFER_LIKE)
        sellers = self._bought_from(tok)  # "a contract for 42 Rafale jets from France"
        explicit = [r for r in self._recipients(tok) if r not in parties and r not in sellers]
        if subs:
            items = [i for e in subs for i in e.items]
            sub_agents = [a for e in subs for a in e.agents if a]
            recipient = subs[0].recipient
            others = sub_agents and not set(sub_agents) & set(parties)
            if lemma in ("approve", "clear") and parties and others:
                # "the US approved the transfer of F-16s from Denmark and the Netherlands":
                # an approval of others' re-export names the re-exporters (DEV-INDEX rule 12)
                event = self._base("AGREE", tok, chain, parties[:1], None, items)
                event.status = "planned" if self._future(chain) else "occurred"
                return [self._with_recipient(event, r) for r in dict.fromkeys(sub_agents)]
            if sub_agents and not (len(parties) > 1 and set(sub_agents) >= set(parties)):
                parties = list(dict.fromkeys(sub_agents))
            elif recipient is None and len(parties) == 2:
                parties, recipient = self._supplier_first(parties, items)
        else:
            items = self._items(tok)
            for t, kind in nested:
                if kind == "PRODUCE" and not items:
                    items = self._items(t)  # "agreed a partnership to produce drones"
            under = tok.dep_ == "pobj" and tok.head.lower_ in ("under", "through", "via")
            if not items and under and trigger_kind(tok.head.head, self.ctx) is not None:
                # "will produce TB2 drones ... under an agreement with Turkey": the event's items
                event_verb = tok.head.head
                kind = trigger_kind(event_verb, self.ctx) or ""
                done = self._sub_events([(event_verb, kind)], set(), TRANSFER_LIKE)
                if done:  # "began receiving the S-400 under a deal": the deal's parties are the transfer's
                    items, parties = done[0].items, [a for a in done[0].agents if a]
                    explicit = [done[0].recipient] if done[0].recipient else explicit
                else:
                    items = self._items(event_verb)
                    doers, _ = self._subject_agents(event_verb, governing_chain(event_verb))
                    parties = [a for a in doers if a]
            if not items:
                items = self._covered_items(tok, chain)
            if not items and tok.pos_ in ("NOUN", "PROPN") and len(parties) >= 2:
                items = self._article_items()
            if not items:
                return []
            if lemma == "approve" and parties and not sale:
                event = self._base(
                    "TRANSFER", tok, chain, parties[:1], explicit[0] if explicit else None, items
                )
                event.status = "planned"
                return [event]
            if sale:
                items = items or [i for t in sale for i in self._items(t)]
                absorbed.update(t.i for t in sale)
            recipient = explicit[0] if explicit else None
            if recipient is None:
                poss = [a for c in tok.children if c.dep_ == "poss" for a in self.actors(c)]
                partners = self._with_parties(tok)
                if tok.pos_ in ("NOUN", "PROPN") and poss and partners:
                    parties, recipient = partners[:1], poss[0]  # "Romania's deal with the US"
                elif len(parties) == 2:
                    parties, recipient = self._supplier_first(parties, items)
                elif partners and parties and (self._origin(items) or self._maker(items)) == parties[0]:
                    recipient = partners[0]  # "Russia signed a deal with India for the S-400"
                elif partners and parties:
                    parties, recipient = partners[:1], parties[0]  # "signed contracts with Israel for arms"
        parties = [p for p in parties if p != recipient] or parties
        if not parties or not items:
            return []
        possible = [t for t in sale if any(c.lower_ in TENTATIVE for c in t.children if c.dep_ == "amod")]
        if lemma == "approve" and possible:
            # "the State Department approved the possible sale of 36 F-15s to Indonesia": a sale
            # that may happen (the buyer has yet to sign), not a deal
            event = self._base("TRANSFER", tok, chain, parties[:1], recipient, items)
            event.status, event.hedged = "planned", True
            return [event]
        if recipient is None and len(parties) == 1 and not subs:
            parties, recipient = self._buyer_side(tok, parties, items)
        if recipient is None and len(parties) == 1:
            recipient = self._implied_recipient(items, parties)
        event = self._base("AGREE", tok, chain, list(parties), recipient, items)
        under_deal = tok.dep_ == "pobj" and tok.head.lower_ in ("under", "through", "via")
        event.status = "planned" if self._future(chain) and not under_deal else "occurred"
        return [event]

    def _sub_events(self, nested: list[Any], absorbed: set[int], kinds: frozenset[str]) -> list[Event]:
        out: list[Event] = []
        for t, kind in nested:
            if kind not in kinds:
                continue
            handler = {"TRANSFER": self._transfer, "RECEIVE": self._receive, "ARRIVE": self._arrive}[kind]
            made = handler(t, governing_chain(t), set())
            if made:
                absorbed.add(t.i)
                out.extend(made)
        return out

    def _covered_items(self, tok: Any, chain: list[Any]) -> list[Item]:
        """'signed a package in 2019, worth $2bn, covering 14 Su-57s ...': what the deal covers,
        wherever the parser hung the 'covering' clause along the deal's chain."""
        heads = {t.i for t in chain} | {c.i for c in tok.children if c.dep_ == "dobj"}
        for t in self.sent:
            if t.tag_ == "VBG" and t.lemma_.lower() in COVERING and t.head.i in heads:
                found = self._items(t)
                if found:
                    return found
        return []

    def _buyer_side(self, tok: Any, parties: list[str], items: list[Item]) -> tuple[list[str], str | None]:
        """'Manila signed a deal with New Delhi for BrahMos batteries', 'Algeria signed a package
        covering 14 Su-57s': a party that signs for a system made elsewhere, with no transfer verb
        naming it the giver, is the buyer; the supplier is the partner it signed with, else the
        system's maker, else the buyer's supplier earlier in the article."""
        partners = [p for p in self._deal_partners(tok) if p != parties[0]]
        maker = self._origin(items) or self._maker(items)
        if maker == parties[0]:  # "Russia signed a deal with India for the S-400": the maker sells
            return parties, partners[0] if partners else None
        if partners:
            return partners[:1], parties[0]
        if not self._are_states(parties):
            return parties, None
        maker = maker or self.ctx.last_supplier.get(parties[0])
        if maker and maker != parties[0]:
            return [maker], parties[0]
        return parties, None

    def _bought_from(self, tok: Any) -> list[str]:
        """States a deal buys from: 'from X' inside the deal's own phrase."""
        return [
            code
            for t in tok.subtree
            if t.dep_ == "prep" and t.lower_ == "from"
            for p in t.children
            if p.dep_ == "pobj"
            for code in self.actors(p)
        ]

    def _deal_partners(self, tok: Any) -> list[str]:
        """Who a deal was made with: 'signed with X', 'signed a deal with X', '... from X'."""
        found = self._with_parties(tok) + self._bought_from(tok)
        for child in tok.children:
            if child.dep_ == "dobj" and trigger_kind(child, self.ctx) == "AGREE":
                found.extend(self._with_parties(child))
        return found

    def _are_states(self, codes: Sequence[str | None]) -> bool:
        return all(code is not None and code in self.ctx.gaz.states for code in codes)

    @staticmethod
    def _with_recipient(event: Event, recipient: str | None) -> Event:
        from dataclasses import replace

        return replace(event, recipient=recipient)

    def _supplier_first(self, parties: list[str], items: list[Item]) -> tuple[list[str], str | None]:
        """Of two parties to a deal, the supplier is the designer of the item or the one that does
        not already hold it; otherwise the first named."""
        designer = self._origin(items)
        holders = {self.ctx.last_holder.get(i.name) for i in items}
        givers = [p for p in parties if p not in holders]
        supplier = designer if designer in parties else (givers[0] if givers else parties[0])
        return [supplier], next((p for p in parties if p != supplier), None)

    def _future(self, chain: list[Any]) -> bool:
        for t in chain:
            for c in t.children:
                if c.dep_ == "aux" and c.lower_ in MODALS_PLANNED | MODALS_HEDGE:
                    return True
            if t.i != chain[0].i and t.lemma_.lower() in ("plan", "intend", "expect", "set", "prepare"):
                return True
        return False

    def _noun_parties(self, tok: Any) -> list[str | None]:
        parties: list[str | None] = []
        for child in tok.children:
            if child.dep_ in ("poss", "compound", "amod"):
                parties.extend(self.actors(child))
        parties.extend(self._with_parties(tok))
        return parties

    def _with_parties(self, tok: Any) -> list[str]:
        out: list[str] = []
        for pobj in prep_objects(tok, frozenset({"with", "between"})):
            out.extend(self.actors(pobj))
        return out

    def _permit(
        self, tok: Any, chain: list[Any], agents: Sequence[str | None], nested: list[Any], absorbed: set[int]
    ) -> list[Event]:
        if not nested:
            return []
        items: list[Item] = []
        permitted: str | None = None
        for t, kind in nested:
            items.extend(self._items(t))
            if kind != "DO_SO":
                absorbed.add(t.i)
        for child in tok.children:
            if child.dep_ in ("dobj", "nsubj", "ccomp", "xcomp"):
                for t in child.subtree:
                    codes = self.actors(t)
                    if (
                        codes
                        and t.i not in absorbed
                        and codes[0] not in agents
                        and t.dep_ in ("pobj", "dobj", "nsubj", "appos")
                        and not any(p.lower_ == "to" for p in t.ancestors if p.i > tok.i and p.dep_ == "prep")
                    ):
                        permitted = codes[0]
                        break
                if permitted:
                    break
        if not items:
            items = self._article_items()
        if not items or not agents:
            return []
        event = self._base("AGREE", tok, chain, agents[:1], permitted, items)
        event.status = "planned" if self._future(chain) or event.status == "planned" else "occurred"
        return [event]
