"""Events of one sentence: each trigger word becomes an ``Event`` with its arguments, status and
modality. This is where the linguistic rules for each claim type live."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import Any

from armstrail.analyse.dates import find_dates, resolve
from armstrail.analyse.gazetteer import ACTOR_KINDS, GROUP, STATE
from armstrail.extract.actors import actors_of, is_generic_state_group
from armstrail.extract.context import FORCE_WORDS, ArticleContext
from armstrail.extract.events import (
    MODALS_HEDGE,
    MODALS_PLANNED,
    PERMIT_LEMMAS,
    PROMISE_LEMMAS,
    REQUEST_LEMMAS,
    Event,
    antecedent_item,
    by_agent,
    governing_chain,
    items_in,
    local_tokens,
    prep_objects,
    raised_report,
    subject_of,
    trigger_kind,
)
from armstrail.extract.items import Item, item_at

TRANSFER_LIKE = frozenset({"TRANSFER", "RECEIVE", "ARRIVE"})
NESTABLE = frozenset({"TRANSFER", "PRODUCE", "RECEIVE", "ARRIVE", "TRAIN"})
USE_EVIDENCE_NOUNS = frozenset({"fragment", "fragments", "debris", "remnant", "remnants", "wreckage"})
MODIFIER_TRANSFER = ("supplied", "provided", "donated", "delivered", "sent", "given")
MODIFIER_PROMISE = frozenset({"promised", "pledged"})
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
TRAINING = frozenset({"training", "instruction"})
PASSIVE_HEDGES = frozenset({"believe", "say", "report", "think", "allege", "rumour", "rumor", "suspect"})
ANNOUNCING = frozenset({"announce", "unveil", "approve", "pledge", "prepare", "propose", "plan"})
HOLDING_VERBS = frozenset({"operate", "rely", "fly", "field", "possess", "depend"})
NEEDING = frozenset({"need", "want", "request", "seek", "require", "ask"})
TENTATIVE = frozenset({"possible", "potential", "proposed", "prospective"})
COVERING = frozenset({"cover", "include", "comprise", "involve"})
DELIVERY_NOUNS = frozenset({"delivery", "deliveries", "shipment", "shipments", "handover"})
PLACE_NOUNS = frozenset({"port", "base", "airport", "airbase", "harbour", "harbor", "airfield", "city"})
PHASE_VERBS = frozenset(
    {"begin", "start", "resume", "continue", "complete", "finish", "spread", "take", "follow"}
)
FAILED = frozenset({"fail"})
SALE_NOUNS = frozenset({"sale", "sales", "export", "exports", "purchase", "purchases", "transfer"})
PACKAGE_NOUNS = frozenset(
    {"package", "tranche", "aid", "assistance", "consignment", "batch", "shipment", "delivery", "donation"}
)
HOLDINGS = frozenset({"import", "need", "arsenal", "stock", "inventory", "stockpile", "fleet"})
CARRYING_VERBS = frozenset({"carry", "airlift", "ferry", "transport"})
RECEIVING_VERBS = frozenset({"take", "receive", "accept", "get", "await", "expect", "welcome"})
PERMISSION_WORDS = frozenset(
    {"permission", "license", "licence", "approval", "authorization", "authorisation", "consent", "go-ahead"}
)
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
TRAINED_ON = frozenset(
    {"fly", "operate", "use", "handle", "maintain", "drive", "man", "pilot", "fire", "deploy"}
)
RELATIVE_PRONOUNS = frozenset({"which", "that", "who", "what"})


class SentenceEvents:
    """Finds the events of one sentence."""

    def __init__(
        self, sent: Any, ctx: ArticleContext, frame_tokens: set[int], speaker_state: str | None
    ) -> None:
        self.sent = sent
        self.ctx = ctx
        self.frame_tokens = frame_tokens
        self.speaker_state = speaker_state
        self.lexicon = ctx.gaz.lexicon

    # -- helpers ---------------------------------------------------------------------------
    def actors(self, tok: Any | None) -> list[str]:
        if tok is None:
            return []
        if tok.lower_ in RELATIVE_PRONOUNS:
            rel = next((a for a in [tok.head, *tok.head.ancestors] if a.dep_ == "relcl"), None)
            if rel is not None:
                tok = rel.head
        if tok.pos_ == "PRON" and tok.lower_ in ("it", "they") and tok.dep_ == "nsubj":
            first = tok.head.head if tok.head.dep_ == "conj" else None
            subject = (
                next((c for c in first.children if c.dep_ == "nsubj"), None) if first is not None else None
            )
            if subject is not None and subject.pos_ != "PRON":
                found = self.actors(subject)
                if found:
                    return found  # "the army supplied weapons to X, and that it handed weapons to Y"
        if tok.pos_ == "PRON" and tok.lower_ in ("it", "they", "its", "their"):
            near = self._nearest_state_before(tok)
            if near:
                return near
        if any(
            c.dep_ == "poss" and c.lower_ in ("its", "their") for c in tok.children
        ) and tok.lemma_.lower() in ("force", "forces", "military", "army", "navy", "troops", "government"):
            near = self._nearest_state_before(tok, any_role=True)
            if near:
                return near[:1]
        if tok.lemma_.lower() in ("group", "militia", "movement", "rebels") and any(
            c.lower_ == "the" for c in tok.children if c.dep_ == "det"
        ):
            for t in reversed(list(self.sent[: tok.i - self.sent.start])):
                m = self.ctx.mention(t.i)
                if m is not None and m.entry.kind == GROUP and m.entry.group_kind == "armed-group":
                    return [m.entry.name]
        if (
            tok.lemma_.lower() in FORCE_WORDS
            and any(c.lower_ == "the" for c in tok.children if c.dep_ == "det")
            and not any(c.dep_ in ("amod", "compound", "poss") for c in tok.children)
            and self.ctx.last_forces_state
        ):
            return [self.ctx.last_forces_state]  # "supplied the army with drones": the army named before
        owner = next((c for c in tok.children if c.dep_ == "poss"), None)
        if (
            owner is not None
            and owner.lower_ in ("his", "her")
            and tok.lemma_.lower() in ("country", "nation", "government")
        ):
            state = self.speaker_state or self.ctx.last_person_state
            if state:
                return [state]  # "Aliyev said his country had signed contracts"
        if (
            owner is not None
            and owner.lemma_.lower() in ("country", "nation")
            and tok.lemma_.lower() in FORCE_WORDS | {"air", "government", "ministry"}
        ):
            return self.actors(owner)  # "the country's air force"
        if tok.lemma_.lower() in ("country", "nation") and any(
            c.lower_ == "the" for c in tok.children if c.dep_ == "det"
        ):
            near = self._nearest_state_before(tok, any_role=True)
            if near:
                return near[:1]
        found = actors_of(tok, self.ctx, self.speaker_state)
        if len(found) == 1 and tok.dep_ in ("nsubj", "nsubjpass") and not list(tok.conjuncts):
            listed = self._listed_before(tok)
            found = [*listed, *(f for f in found if f not in listed)]
        return found

    def _listed_before(self, tok: Any) -> list[str]:
        """States listed right before a subject that the parse left out of it."""
        codes: list[str] = []
        j = tok.i - 1
        saw_and = False
        while j >= self.sent.start:
            t = self.sent.doc[j]
            if t.lower_ in (",", "the") or (t.lower_ == "and" and not saw_and):
                saw_and = saw_and or t.lower_ == "and"
                j -= 1
                continue
            m = self.ctx.mention(t.i)
            if m is None or m.entry.kind != STATE or not m.entry.code:
                break
            prev = self.sent.doc[m.start - 1] if m.start > self.sent.start else None
            if prev is not None and prev.lower_ in ("with", "like", "than", "unlike", "including"):
                break
            codes.insert(0, m.entry.code)
            j = m.start - 1
        return codes if saw_and else []

    def _nearest_state_before(self, tok: Any, any_role: bool = False) -> list[str]:
        """'Berlin confirmed that it would supply': 'it' is the nearest state named before it; a
        plural pronoun after a list of states stands for all of them."""
        for t in reversed(self.sent[: tok.i - self.sent.start]):
            if tok.lower_ in ("they", "their") and t.tag_ == "NNS" and self.ctx.mention(t.i) is None:
                plural = actors_of(t, self.ctx, self.speaker_state)
                if plural:
                    return plural  # "two Chinese companies over their role"
            m = self.ctx.mention(t.i)
            if m is None or m.entry.kind not in ACTOR_KINDS or not m.entry.code:
                continue
            if m.entry.kind == GROUP and m.entry.group_kind != "armed-group":
                continue
            if tok.lower_ in ("they", "their") and t.dep_ in ("conj", "nsubj"):
                if t.dep_ == "nsubj":
                    return self.actors(t)
                first = t
                while first.dep_ == "conj" and first.head.i != first.i:
                    first = first.head
                return actors_of(first, self.ctx, self.speaker_state)
            if any_role or t.dep_ in ("nsubj", "nsubjpass", "conj", "poss", "appos", "pobj"):
                return actors_of(t, self.ctx, self.speaker_state)[:1] or [m.entry.code]
        return []

    def blocked(self, tok: Any, chain: list[Any]) -> bool:
        """Requests, refusals, deliberations: no event is claimed under them (DEV-INDEX rule 6),
        except a state asking permission to send its own weapons (rule 12)."""
        reporting = {w for ws in self.lexicon["reporting"].values() for w in ws}
        for t in tok.ancestors:
            lemma = t.lemma_.lower()
            if lemma in PERMISSION_WORDS:
                return False
            if lemma in REQUEST_LEMMAS or t.lower_ in REQUEST_LEMMAS:
                return True
            if lemma in reporting and t.pos_ == "VERB":
                return False
        return False

    def hedged(self, chain: list[Any]) -> bool:
        frames = set(self.lexicon["hedge_frames"])
        for t in chain:
            for c in t.children:
                if c.dep_ == "aux" and c.lower_ in MODALS_HEDGE:
                    return True
                if c.dep_ == "advmod" and c.lower_ in ("possibly", "perhaps", "likely", "probably"):
                    return True
                if c.dep_ == "advcl" and any(g.lower_ == "if" and g.dep_ == "mark" for g in c.children):
                    return True
            if t.i != chain[0].i and (t.lemma_.lower() in frames or t.lower_ in frames):
                return True
            if t.i != chain[0].i and t.lemma_.lower() in PASSIVE_HEDGES and raised_report(t):
                return True  # "is believed to have signed", "are reported to have been ordered"
        anchors = {t.i for t in chain} | {a.i for a in chain[0].ancestors}
        for t in self.sent:
            if t.lower_ in ("if", "unless") and t.dep_ == "mark" and t.head.head.i in anchors:
                return True
        return False

    def negated(self, chain: list[Any]) -> bool:
        for n, t in enumerate(chain[:3]):
            if any(c.dep_ == "neg" for c in t.children):
                return True
            if n and t.lemma_.lower() in FAILED and chain[n - 1].dep_ == "xcomp":
                return True  # "Russia failed to deliver weapons": not delivered
            if t.dep_ == "conj":
                break  # 'does not own tanks but is leasing': the negation is the other verb's
        return False

    def status(self, kind: str, chain: list[Any], trigger: Any) -> str:
        if kind == "INTERDICT":
            return "interdicted"
        planned = set(self.lexicon["planned_cues"])
        lemma = trigger.lemma_.lower()
        words: set[str] = set()
        for t in chain:
            for c in t.children:
                if c.dep_ in ("aux", "auxpass", "advmod", "neg", "amod"):
                    words.add(c.lower_)
        governing = {t.lemma_.lower() for t in chain[1:]}
        perfect = "have" in words  # "may have been delivered", "is said to have shipped": past
        if words & MODALS_PLANNED or (words & {"could", "may", "might"} and not perfect):
            return "planned"
        if "to" in words and words & {"is", "are", "was", "were"} and not perfect:
            return "planned"  # "820 of the tanks are to be built in Poland"
        if governing & {"continue", "keep", "start", "begin", "resume"} or words & {
            "continued",
            "continuing",
            "continuous",
            "still",
            "currently",
            "now",
        }:
            return "ongoing"
        if trigger.lower_ in ("continued", "continuing") or lemma == "lease" or _for_a_while(trigger):
            return "ongoing"
        if governing & planned:
            return "planned"
        if trigger.pos_ in ("NOUN", "PROPN"):
            if any(c.lower_ in ("continued", "continuing", "ongoing") for c in trigger.children) or (
                trigger.dep_ in ("nsubj", "dobj") and trigger.head.lemma_.lower() in ("continue", "resume")
            ):
                return "ongoing"
            head_chain = governing_chain(trigger)
            for t in head_chain:
                if any(c.lower_ in MODALS_PLANNED for c in t.children if c.dep_ == "aux"):
                    return "planned"
            return "occurred"
        tag = trigger.tag_
        if tag == "VBG" and any(c.dep_ == "aux" and c.lemma_ == "be" for c in trigger.children):
            auxes = [c for c in trigger.children if c.dep_ == "aux"]
            if any(c.lower_ == "been" for c in auxes) or any(c.tag_ == "VBD" for c in auxes):
                return "ongoing"  # 'has been shipping', 'was supplying'
            return "ongoing" if kind in ("USE", "PRODUCE", "RECEIVE") else "planned"
        if tag in ("VBZ", "VBP"):
            # present simple: a habit or a state of affairs ("North Korea supplies weapons to Russia")
            return "ongoing" if kind in ("USE", "PRODUCE", "TRANSFER", "RECEIVE") else "occurred"
        if tag == "VB" and any(t.tag_ in ("VBZ", "VBP") and t.lemma_.lower() in planned for t in chain[1:]):
            return "planned"
        return "occurred"

    def when(self, trigger: Any, chain: list[Any]) -> str | None:
        base = self.ctx.base_date
        region = {t.i for t in trigger.subtree}
        for t in chain[1:]:
            region |= {
                c.i
                for c in t.children
                if c.dep_ in ("prep", "npadvmod", "advmod", "dobj", "tmod")
                for c in c.subtree
            }
        region -= self.frame_tokens
        sent_text = self.sent.text
        offset = self.sent.start_char
        for start, end, phrase in find_dates(sent_text):
            span = self.sent.doc.char_span(offset + start, offset + end, alignment_mode="expand")
            if span is None or not any(t.i in region for t in span):
                continue
            before = self.sent.doc[max(span.start - 3, self.sent.start) : span.start]
            lead = next(
                (
                    t.lower_
                    for t in reversed(list(before))
                    if t.lower_ in ("since", "after", "before", "until", "following")
                ),
                None,
            )
            if lead == "following":
                lead = "after"
            value = resolve(f"{lead} {phrase}" if lead else phrase, base)
            if value:
                return value
        return None

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

    def _base(
        self,
        type_: str,
        tok: Any,
        chain: list[Any],
        agents: Sequence[str | None],
        recipient: str | None,
        items: list[Item],
        kind: str | None = None,
    ) -> Event:
        return Event(
            type=type_,
            trigger=tok.i,
            agents=agents,
            recipient=recipient,
            items=items,
            status=self.status(kind or type_, chain, tok),
            hedged=self.hedged(chain),
            negated=self.negated(chain),
            when=self.when(tok, chain),
            tokens={t.i for t in local_tokens(tok)},
        )

    def _subject_agents(self, tok: Any, chain: list[Any]) -> tuple[list[str | None], bool]:
        accused = self._accused_before(tok)
        if accused:
            return list(accused), False  # "accused Turkey of supplying ... and Jordan of arming ..."
        subj, passive = subject_of(chain)
        if passive and subj is not None and subj.head.i == tok.i:
            agent = by_agent(tok)
            return list(self.actors(agent)), True
        if tok.dep_ == "acl" and tok.tag_ == "VBN" and not any(c.dep_ == "nsubj" for c in tok.children):
            agent = by_agent(tok)
            return (list(self.actors(agent)) if agent is not None else []), True
        if tok.dep_ == "acl" and tok.head.pos_ in ("NOUN", "PROPN"):
            codes = self.actors(tok.head)
            if codes:
                return list(codes), False
            if tok.head.dep_ == "attr":
                # "the Czech Republic became one of the first countries to send T-72 tanks"
                subj, _ = subject_of([tok.head.head])
                if subj is not None and self.actors(subj):
                    return list(self.actors(subj)), False
        if subj is None:
            return [], False
        if is_generic_state_group(subj):
            return [None], False
        return list(self.actors(subj)), passive

    def _items(self, tok: Any, use: bool = False) -> list[Item]:
        toks = [t for t in local_tokens(tok, targets_out=use) if t.i not in self.frame_tokens]
        items = items_in(toks, self.ctx, tok)
        if not items and tok.dep_ in ("relcl", "acl"):
            heads = [tok.head]
            while heads[-1].dep_ == "conj":
                heads.append(heads[-1].head)  # "drones and missiles launched by the Houthis"
            items = [
                i for i in (item_at(h, self.ctx) or self._compound_item(h) for h in heads) if i is not None
            ]
        if not items and self._relative_object(tok):
            items = [i for i in [antecedent_item(tok, self.ctx)] if i is not None]
        return items

    def _accused_before(self, tok: Any) -> list[str]:
        """'accused A of supplying weapons to B and C of arming D': the parser hangs 'C of arming'
        under the first charge, so the accused of a gerund after 'of' are the states named right
        before that 'of' (a list joined by 'and' counts whole)."""
        if tok.dep_ != "pcomp" or tok.head.lower_ != "of" or tok.tag_ != "VBG":
            return []
        return [code for _i, code in self._states_before(tok.head)]

    def _states_before(self, tok: Any) -> list[tuple[int, str]]:
        found: list[tuple[int, str]] = []
        j = tok.i - 1
        while j >= self.sent.start:
            t = self.sent.doc[j]
            if t.lower_ in (",", "the", "and"):
                j -= 1
                continue
            m = self.ctx.mention(t.i)
            if m is None or m.entry.kind != STATE or not m.entry.code:
                break
            found.insert(0, (t.i, m.entry.code))
            j = m.start - 1
        return found

    @cached_property
    def _accused_tokens(self) -> set[int]:
        """Tokens of states named as accused of a later 'of <gerund>' charge: not recipients
        (once per sentence)."""
        out: set[int] = set()
        for t in self.sent:
            if t.lower_ == "of" and any(c.dep_ == "pcomp" and c.tag_ == "VBG" for c in t.children):
                out.update(i for i, _code in self._states_before(t))
        return out

    def _examples(self, noun: Any) -> list[str]:
        """'to more than 30 countries, including Poland and Ukraine': the states given as examples."""
        return [
            code
            for prep in noun.children
            if prep.dep_ == "prep" and prep.lower_ in ("including", "like", "as")
            for pobj in prep.children
            if pobj.dep_ == "pobj"
            for code in self.actors(pobj)
        ]

    def _names_item(self, tok: Any) -> bool:
        return any(self.ctx.item_entry(t.i) is not None for t in tok.subtree)

    def _compound_item(self, head: Any) -> Item | None:
        """'Patriot batteries supplied by Germany': the system named before a noun that is not
        itself an item word."""
        for child in head.children:
            if child.dep_ == "compound" and child.i < head.i:
                item = item_at(child, self.ctx)
                if item is not None:
                    return item
        return None

    def _relative_object(self, tok: Any) -> bool:
        return any(c.dep_ == "dobj" and c.lower_ in ("that", "which") for c in tok.children)

    def _recipients(self, tok: Any) -> list[str]:
        out: list[str] = []
        accused = self._accused_tokens
        for pobj in prep_objects(tok, frozenset({"to", "for", "into"})):
            if pobj.head.lower_ == "for" and self._names_item(pobj):
                continue  # "a contract for 17 Saab Gripen fighters": the maker in the name receives nothing
            out.extend(self.actors(pobj) or self._examples(pobj))
            for conj in pobj.conjuncts:
                if conj.i in accused:
                    out = [code for code in out if code not in self.actors(conj)]
        for child in tok.children:
            if child.dep_ in ("dative", "iobj"):
                out.extend(self.actors(child))
            elif child.dep_ == "dobj" and not item_at(child, self.ctx):
                codes = self.actors(child)
                if codes and child.pos_ in ("PROPN", "NOUN", "PRON"):
                    out.extend(codes)
        for item_tok in (c for c in tok.children if c.dep_ == "dobj"):
            for pobj in prep_objects(item_tok, frozenset({"to", "for"})):
                if pobj.head.lower_ == "for" and self._names_item(pobj):
                    continue
                out.extend(self.actors(pobj))
            for t in item_tok.subtree:
                if t.dep_ == "poss" and t.head.lemma_.lower() in HOLDINGS:
                    out.extend(self.actors(t))
            owner = next((c for c in item_tok.children if c.dep_ == "poss"), None)
            if owner is not None and any(
                c.dep_ == "compound" and c.lemma_.lower() in FORCE_WORDS for c in item_tok.children
            ):
                out.extend(self.actors(owner))  # "handed Mali's air force combat helicopters"
            for rel in (
                c
                for noun in (item_tok, *item_tok.conjuncts)
                for c in noun.children
                if c.dep_ == "relcl" and c.lemma_.lower() in NEEDING
            ):  # "the bombs or the shells that Israel would need"
                out.extend(a for c in rel.children if c.dep_ == "nsubj" for a in self.actors(c))
            first = item_tok.doc[tok.i + 1] if tok.i + 1 < len(item_tok.doc) else None
            if first is not None and first.i < item_tok.i and first.dep_ in ("nmod", "compound", "npadvmod"):
                m = self.ctx.mention(first.i)
                if m is not None and m.entry.kind == STATE and m.entry.form == "name" and m.entry.code:
                    out.append(m.entry.code)  # "promised Ukraine 14 tanks" parsed as one noun phrase
        return out

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

    def _implied_recipient(self, items: list[Item], agents: Sequence[str | None]) -> str | None:
        """A recipient left unsaid is the one the article gives this item, or this supplier's
        weapons, to elsewhere."""
        for item in items:
            for key in (item.name, item.category):
                holder = self.ctx.last_holder.get(key)
                if holder and holder not in agents:
                    return holder
        for agent in agents:
            holder = self.ctx.last_recipient.get(agent or "")
            if holder and holder not in agents:
                return holder
        return None

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

    def _item_is_subject(self, chain: list[Any]) -> bool:
        subj, _ = subject_of(chain)
        return subj is not None and self._item_phrase(subj) is not None

    def _known_destination(self, items: list[Item]) -> str | None:
        """Where the article has already said this named system goes (a deal or a transfer)."""
        for item in items:
            if not item.vague and item.name in self.ctx.designations:
                found = self.ctx.last_destination.get(item.name)
                if found:
                    return found
        return None

    def _maker(self, items: list[Item]) -> str | None:
        """The state whose industry makes the named system (weapons.json 'origin')."""
        for item in items:
            if item.origin:
                return item.origin
        return None

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

    def _first_item(self, span: list[Any]) -> Item | None:
        for t in span:
            item = item_at(t, self.ctx)
            if item is not None:
                return item
        return None

    def _possessor(self, span: list[Any]) -> list[str]:
        """'Berlin's promised set of tanks': the actor marked with a possessive 's."""
        for t in span:
            if t.dep_ == "poss" or any(c.dep_ == "case" and c.lower_ in ("'s", "’s") for c in t.children):
                codes = self.actors(t)
                if codes:
                    return codes[:1]
        return []

    def _item_phrase(self, tok: Any) -> Item | None:
        item = item_at(tok, self.ctx)
        if item is not None:
            return item
        for t in tok.subtree:
            item = item_at(t, self.ctx)
            if item is not None:
                return item
        return None

    def _origin(self, items: list[Item], supplier_only: bool = False) -> str | None:
        """'Iranian weapons', 'Iran-made drones', 'U.S.-supplied missiles', 'of Iranian origin',
        'originating in Iran', 'a ship from Iran'. With ``supplier_only``, words of manufacture
        ('German-made', 'Iranian-designed') do not count: the maker is not always the supplier."""
        doc = self.sent.doc
        for item in items:
            if item.head < 0:
                continue
            head = doc[item.head]
            for t in head.subtree:
                if t.i > head.i + 12:
                    break
                if supplier_only and _made_word(t):
                    continue
                prefix = self.ctx.gaz.origin_prefix(t.text)
                if prefix is not None and prefix.code:
                    return prefix.code
                m = self.ctx.mention(t.i)
                if (
                    m is not None
                    and m.entry.kind == STATE
                    and m.entry.code
                    and t.i < head.i
                    and (t.dep_ in ("amod", "compound", "npadvmod", "nmod", "poss") or t.head.dep_ == "amod")
                ):
                    if (
                        supplier_only
                        and t.i + 2 < len(doc)
                        and doc[t.i + 1].text == "-"
                        and _made_word(doc[t.i + 2])
                    ):
                        continue
                    return m.entry.code
        return None

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

    def _nested(self, tok: Any, relcl: bool = False) -> list[Any]:
        """Events inside an agreement, permission or sanction: 'promised to provide', 'a deal to
        deliver', 'allow other countries to send', 'companies that delivered drones'."""
        skip = {"advcl", "parataxis"} | (set() if relcl else {"relcl"})
        out = []
        for t in tok.subtree:
            if t.i == tok.i:
                continue
            path = [t, *(a for a in t.ancestors if tok.i in {x.i for x in a.ancestors})]
            if any(a.dep_ in skip and not _infinitive(a) for a in path):
                continue
            kind = trigger_kind(t, self.ctx)
            if kind in NESTABLE:
                out.append((t, kind))
            elif (
                t.lower_ == "do"
                and any(c.lower_ in ("so", "same") for c in t.children)
                and tok.dep_ == "conj"
            ):
                out.append((tok.head, "DO_SO"))  # "allow others to do so": the verb before gives the items
        return out

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

    def _article_items(self) -> list[Item]:
        """'Our agreements with President Biden': the deal is about the system the article is about."""
        counts = self.ctx.designation_counts
        if not counts:
            return []
        name = max(counts, key=lambda n: counts[n])
        entry = self.ctx.designations[name]
        return [Item(name=entry.parent or entry.name, category=entry.category or "other", head=-1)]

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


def _for_a_while(tok: Any) -> bool:
    """'has provided Hamas with weapons for years': a perfect over a span is still going on."""
    return any(
        child.lower_ == "for"
        and any(p.lemma_.lower() in ("year", "month", "decade", "week") for p in child.children)
        for child in local_tokens(tok)
    )


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


def _made_word(tok: Any) -> bool:
    low = tok.lower_
    return bool(low.endswith(("made", "designed", "built", "manufactured", "produced", "developed")))


def _infinitive(tok: Any) -> bool:
    """'signed a contract to buy', 'agreed to send', 'arrangements to buy' (however parsed): a
    purpose clause belongs to the deal."""
    return tok.dep_ in ("advcl", "relcl") and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def _capability(chain: list[Any]) -> bool:
    """'The missiles can be launched from ...': what a system can do is no event."""
    return any(c.dep_ == "aux" and c.lower_ in ("can", "ca", "cannot") for t in chain[:2] for c in t.children)


def _definite(tok: Any) -> bool:
    return any(
        c.dep_ == "det" and c.lower_ in ("the", "these", "those", "this", "that") for c in tok.children
    )
