"""The shared core of a sentence's event rules: who an actor word stands for, whether an event
is blocked, hedged or negated, its status and date, and the argument helpers (items, recipients,
origins, nested events) that the rules of several claim types use."""

from __future__ import annotations

from abc import ABC, abstractmethod
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

NESTABLE = frozenset({"TRANSFER", "PRODUCE", "RECEIVE", "ARRIVE", "TRAIN"})
PASSIVE_HEDGES = frozenset({"believe", "say", "report", "think", "allege", "rumour", "rumor", "suspect"})
NEEDING = frozenset({"need", "want", "request", "seek", "require", "ask"})
FAILED = frozenset({"fail"})
HOLDINGS = frozenset({"import", "need", "arsenal", "stock", "inventory", "stockpile", "fleet"})
PERMISSION_WORDS = frozenset(
    {"permission", "license", "licence", "approval", "authorization", "authorisation", "consent", "go-ahead"}
)
RELATIVE_PRONOUNS = frozenset({"which", "that", "who", "what"})


class SentenceRules(ABC):
    """What the rules of every claim type share: the sentence and its article, the event's
    modality, status and date, and the helpers that find its arguments. The rules of each claim
    type are a subclass of this one, and ``SentenceEvents`` is made of them all."""

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

    # -- arguments --------------------------------------------------------------------------
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

    def _article_items(self) -> list[Item]:
        """'Our agreements with President Biden': the deal is about the system the article is about."""
        counts = self.ctx.designation_counts
        if not counts:
            return []
        name = max(counts, key=lambda n: counts[n])
        entry = self.ctx.designations[name]
        return [Item(name=entry.parent or entry.name, category=entry.category or "other", head=-1)]

    # -- rules of one claim type that the rules of another call --------------------------------
    @abstractmethod
    def _transfer(self, tok: Any, chain: list[Any], absorbed: set[int]) -> list[Event]:
        """A TRANSFER verb or noun (``transfer.py``)."""

    @abstractmethod
    def _receive(self, tok: Any, chain: list[Any], absorbed: set[int]) -> list[Event]:
        """A RECEIVE verb or noun (``receive.py``)."""

    @abstractmethod
    def _arrive(self, tok: Any, chain: list[Any], absorbed: set[int]) -> list[Event]:
        """An ARRIVE verb (``receive.py``)."""

    @abstractmethod
    def _training_given(self, tok: Any, chain: list[Any], training: Any) -> list[Event]:
        """A transfer verb whose object is training (``train.py``)."""


def _for_a_while(tok: Any) -> bool:
    """'has provided Hamas with weapons for years': a perfect over a span is still going on."""
    return any(
        child.lower_ == "for"
        and any(p.lemma_.lower() in ("year", "month", "decade", "week") for p in child.children)
        for child in local_tokens(tok)
    )


def _made_word(tok: Any) -> bool:
    low = tok.lower_
    return bool(low.endswith(("made", "designed", "built", "manufactured", "produced", "developed")))


def _infinitive(tok: Any) -> bool:
    """'signed a contract to buy', 'agreed to send', 'arrangements to buy' (however parsed): a
    purpose clause belongs to the deal."""
    return tok.dep_ in ("advcl", "relcl") and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)
