"""TRANSFER: a supplier gives weapons to a recipient ('Germany sent Leopard tanks to Ukraine',
'the delivery of the FK-3 to Serbia', 'Russia is India's largest arms supplier'), including
the items of an aid package and the deliveries of a deal the article has told of. The
receiving side (RECEIVE, ARRIVE) is in ``receive.py``, seized shipments in ``interdict.py``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from armstrail.analyse.gazetteer import ACTOR_KINDS
from armstrail.extract.actors import is_generic_state_group
from armstrail.extract.events import (
    Event,
    governing_chain,
    local_tokens,
    prep_objects,
    subject_of,
    trigger_kind,
)
from armstrail.extract.items import Item, item_at
from armstrail.extract.triggers.base import SentenceRules, _infinitive

TRAINING = frozenset({"training", "instruction"})
ANNOUNCING = frozenset({"announce", "unveil", "approve", "pledge", "prepare", "propose", "plan"})
HOLDING_VERBS = frozenset({"operate", "rely", "fly", "field", "possess", "depend"})
DELIVERY_NOUNS = frozenset({"delivery", "deliveries", "shipment", "shipments", "handover"})
PHASE_VERBS = frozenset(
    {"begin", "start", "resume", "continue", "complete", "finish", "spread", "take", "follow"}
)
PACKAGE_NOUNS = frozenset(
    {"package", "tranche", "aid", "assistance", "consignment", "batch", "shipment", "delivery", "donation"}
)
CARRYING_VERBS = frozenset({"carry", "airlift", "ferry", "transport"})
RECEIVING_VERBS = frozenset({"take", "receive", "accept", "get", "await", "expect", "welcome"})


class TransferRules(SentenceRules):
    """TRANSFER triggers: supply verbs and nouns, aid packages, a deal's deliveries."""

    def _transfer(self, tok: Any, chain: list[Any], absorbed: set[int]) -> list[Event]:
        if tok.dep_ == "amod" and tok.tag_ == "VBG" and tok.head.dep_ in ("dobj", "pobj"):
            return self._gerund_modifier(tok)
        training = next((c for c in tok.children if c.dep_ == "dobj" and c.lemma_.lower() in TRAINING), None)
        if training is not None:
            return self._training_given(tok, chain, training)
        items = self._items(tok)
        if not items and tok.pos_ == "NOUN" and tok.lemma_.lower() in DELIVERY_NOUNS:
            return self._deliveries_of_deal(tok, chain)
        if not items and tok.lemma_.lower() == "arm" and tok.pos_ == "VERB" and tok.dep_ != "amod":
            items = [Item("other", "other", -1, vague=True)]  # "Rwanda does not arm the M23": arms, unnamed
        purpose = _infinitive(tok) or (tok.dep_ == "xcomp" and trigger_kind(tok.head, self.ctx) == "RECEIVE")
        if not items and purpose:
            items = self._items(tok.head)  # "will buy 100,000 shells from Korea to send to Ukraine"
        if not items and any(c.dep_ == "auxpass" for c in tok.children):
            subj, _ = subject_of(chain)  # "the jets are due to be delivered": the subject is delivered
            items = [i for i in [self._item_phrase(subj)] if i is not None] if subj is not None else []
        if not items:
            return []
        if tok.pos_ in ("NOUN", "PROPN"):
            return self._transfer_noun(tok, chain, items)
        agents, passive = self._subject_agents(tok, chain)
        own_subject = any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children)
        origin = self._origin(items, supplier_only=True)
        if tok.lemma_.lower() in CARRYING_VERBS and any(c.dep_ == "prt" for c in tok.children):
            return []  # "carried out strikes" is no carrying
        if tok.lemma_.lower() in CARRYING_VERBS:
            vehicles = {
                t.i
                for p in tok.children
                if p.dep_ in ("prep", "agent") and p.lower_ in ("on", "aboard", "by", "in")
                for t in p.subtree
            }
            items = [i for i in items if i.head not in vehicles]  # "flown to Europe on C-17 planes"
            if not items:
                return []
            if not origin and not agents:
                return []  # "planes carried cargo": no claim without the weapons' origin
            agents = [a for a in agents if a] or [origin]
        if origin and not own_subject and not passive and tok.tag_ == "VBG" and origin not in agents:
            agents = [origin]
        recipients = self._recipients(tok)
        if passive:
            subj, _ = subject_of(chain)
            if subj is not None and not item_at(subj, self.ctx):
                recipients = recipients or self.actors(subj)
        if not recipients:
            for t in chain[1:]:
                recipients = [r for r in self._recipients(t) if r not in agents]
                if recipients:
                    break
        recipient = recipients[0] if recipients else None
        if recipient is not None and len(agents) > 1:
            agents = [a for a in agents if a != recipient] or agents
        passive_form = passive or any(c.dep_ == "auxpass" for c in tok.children)  # "are due to be delivered"
        if not agents and passive_form and recipient is None and self._item_is_subject(chain):
            recipient = self._known_destination(items)  # "the first two Su-57s were delivered"
        if not agents and passive_form and recipient in self.ctx.last_supplier:
            agents = [self.ctx.last_supplier[recipient]]  # "drones were delivered to Russia"
        if not agents:
            return []
        if recipient is None and (tok.dep_ in ("acl", "relcl") or self._relative_object(tok)):
            found = self._destination_of(tok.head) or self._user_of(items[0])
            recipient = found[0] if found else None
        if recipient is None:
            recipient = self._implied_recipient(items, agents)
        type_ = "AGREE" if self._promised_to(chain, agents) else "TRANSFER"
        events = []
        for rec in list(dict.fromkeys([recipient, *recipients[1:]])):
            event = self._base(type_, tok, chain, agents, rec, items)
            if type_ == "AGREE":
                event.status = "occurred"
            events.append(event)
        return events

    def _deliveries_of_deal(self, tok: Any, chain: list[Any]) -> list[Event]:
        """'Deliveries had begun', 'the deliveries will be spread over the coming years': bare
        deliveries in an article that has just told of a deal are that deal's, as long as the
        sentence names no other party."""
        deal = self.ctx.last_deal
        if (
            deal is None
            or tok.dep_ not in ("nsubj", "nsubjpass")
            or tok.head.lemma_.lower() not in PHASE_VERBS
        ):
            return []
        agent, recipient, item = deal
        named = {
            m.entry.code
            for t in self.sent
            if (m := self.ctx.mention(t.i)) is not None and m.entry.kind in ACTOR_KINDS and m.entry.code
        }
        if named - {agent, recipient}:
            return []
        return [self._base("TRANSFER", tok, chain, [agent], recipient, [item])]

    def _gerund_modifier(self, tok: Any) -> list[Event]:
        """'Beijing has denied supplying weapons to Russia', parsed as 'supplying' modifying
        'weapons': the verb over the noun phrase carries the subject and the recipient."""
        item = item_at(tok.head, self.ctx)
        verb = tok.head.head
        if item is None or verb.pos_ != "VERB":
            return []
        chain = [tok, *governing_chain(verb)]
        subj, passive = subject_of(chain[1:])
        agents = [a for a in self.actors(subj) if a] if subj is not None and not passive else []
        recipients = [r for r in self._recipients(verb) if r not in agents]
        if not agents or not recipients:
            return []
        event = self._base("TRANSFER", tok, chain, list(agents), recipients[0], [item])
        event.status = self.status("TRANSFER", chain, tok)
        return [event]

    def _package_of(self, tok: Any) -> Any | None:
        """The aid package a verb 'include' speaks of, as its subject or relative head."""
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        if subj is not None and subj.lower_ in ("which", "that"):
            subj = None
        candidates = [subj, tok.head if tok.dep_ == "relcl" else None]
        return next((c for c in candidates if c is not None and c.lemma_.lower() in PACKAGE_NOUNS), None)

    def _package(self, tok: Any) -> list[Event]:
        """'a new aid package for Ukraine that will include Stinger missiles', 'the package also
        includes NLAW': what a package includes is transferred by whoever gives the package."""
        package = self._package_of(tok)
        items = [i for i in self._items(tok) if not i.vague]
        if package is None or not items:
            return []
        givers = [a for c in package.children if c.dep_ == "poss" for a in self.actors(c)]
        if not givers:
            subj, passive = subject_of(governing_chain(package)[1:] or [package.head])
            givers = [a for a in self.actors(subj) if a] if subj is not None and not passive else []
        if not givers and self.ctx.last_agent_state:
            givers = [self.ctx.last_agent_state]  # "The package, Sweden's largest so far, also includes"
        recipients = [a for p in prep_objects(package, frozenset({"for", "to"})) for a in self.actors(p)]
        recipient = recipients[0] if recipients else self._implied_recipient(items, givers)
        if not givers or recipient is None:
            return []
        chain = governing_chain(tok)
        event = self._base("TRANSFER", tok, chain, givers, recipient, items)
        if event.status == "ongoing" and tok.tag_ in ("VBZ", "VBP"):
            # "includes" says what the package holds, not that supplies go on: the package's
            # own verb decides ("announced a package" is a decision to send, DEV-INDEX rule 11)
            verb = package.head if package.dep_ in ("dobj", "nsubjpass") else None
            announced = verb is not None and verb.lemma_.lower() in ANNOUNCING
            event.status = "planned" if announced or package.dep_ == "nsubj" else "occurred"
        return [event]

    def _promised_to(self, chain: list[Any], agents: Sequence[str | None]) -> bool:
        top = chain[-1]
        if top.dep_ != "ccomp" or top.head.lemma_.lower() != "tell":
            return False
        teller = next((c for c in top.head.children if c.dep_ == "nsubj"), None)
        return teller is not None and bool(set(self.actors(teller)) & set(a for a in agents if a))

    def _transfer_noun(self, tok: Any, chain: list[Any], items: list[Item]) -> list[Event]:
        if tok.dep_ == "dobj" and tok.head.lemma_.lower() in RECEIVING_VERBS:
            return self._receive(tok, chain, set())  # "Morocco took delivery of its first TB2s"
        agents: list[str | None] = []
        for child in tok.children:
            if child.dep_ == "poss":
                agents.extend(self.actors(child))
        for t in local_tokens(tok):
            if t.dep_ != "prep" or t.lower_ not in ("from", "by"):
                continue
            for pobj in (c for c in t.children if c.dep_ == "pobj"):
                codes = self.actors(pobj)
                if codes:
                    agents.extend(codes)
                elif is_generic_state_group(pobj):
                    agents.append(None)
        recipients: list[str] = []
        for t in local_tokens(tok):
            if t.dep_ in ("prep", "dative") and t.lower_ in ("to", "for"):
                recipients.extend(a for p in t.children if p.dep_ == "pobj" for a in self.actors(p))
        recipients = recipients or self._destination_of(tok)
        if tok.lower_ in ("supplier", "suppliers", "provider", "exporter", "source") and tok.dep_ == "attr":
            # "Russia is India's largest arms supplier": the subject supplies the possessor
            subj, _ = subject_of([tok.head])
            owners = [a for c in tok.children if c.dep_ == "poss" for a in self.actors(c)] or recipients
            if subj is not None and owners:
                agents, recipients = list(self.actors(subj)), owners
                if tok.head.tag_ in ("VBZ", "VBP") or any(a.lower_ == "been" for a in tok.head.children):
                    # "is India's largest arms supplier", "has been the largest supplier of weapons to"
                    event = self._base("TRANSFER", tok, chain, agents, owners[0], items)
                    event.status = "ongoing"
                    return [event]
        if not agents and tok.dep_ in ("dobj", "nsubjpass", "attr", "pcomp"):
            subj, passive = subject_of(governing_chain(tok))
            if subj is not None and not passive:
                agents = list(self.actors(subj))
        if not agents:
            origin = self._origin(items)
            if not origin and recipients:
                # "the delivery of the FK-3 system to Serbia": the recipient's supplier in the
                # article, else the system's maker (an implied agent is filled in, DEV-INDEX 18)
                origin = self.ctx.last_supplier.get(recipients[0]) or self._maker(items)
            if origin:
                agents = [origin]
        if not agents or (all(a is None for a in agents) and not recipients):
            return []
        recipient = recipients[0] if recipients else None
        if recipient is None and agents and all(agents):
            # "the delivery last month of Patriot systems by the United States and Germany"
            recipient = self._implied_recipient(items, agents) or self.ctx.last_any_recipient
        if recipient is None:
            return []
        agents = [a for a in agents if a != recipient]
        if not agents:
            return []
        return [self._base("TRANSFER", tok, chain, agents, recipient, items)]

    def _item_is_subject(self, chain: list[Any]) -> bool:
        subj, _ = subject_of(chain)
        return subj is not None and self._item_phrase(subj) is not None

    def _user_of(self, item: Item) -> list[str]:
        """Who uses or holds this item in the same sentence ('Ukraine used Caesar howitzers that
        France sent', 'the army relies on Black Hawks that the United States supplied')."""
        for t in self.sent:
            if (
                t.pos_ == "VERB"
                and (trigger_kind(t, self.ctx) == "USE" or t.lemma_.lower() in HOLDING_VERBS)
                and item.head in {x.i for x in local_tokens(t)} | {x.i for x in t.children}
            ):
                agents, _ = self._subject_agents(t, governing_chain(t))
                return [a for a in agents if a]
        return []

    def _destination_of(self, noun: Any) -> list[str]:
        """'systems supplied by Germany have arrived in Ukraine', 'deliveries reached Ukraine'."""
        verb = noun.head
        if noun.dep_ in ("nsubj", "nsubjpass") and verb.lemma_.lower() in ("arrive", "reach", "land", "go"):
            out: list[str] = []
            for child in verb.children:
                if child.dep_ == "dobj":
                    out.extend(self.actors(child))
            for pobj in prep_objects(verb, frozenset({"in", "to", "at"})):
                out.extend(self.actors(pobj))
            return out
        return []
