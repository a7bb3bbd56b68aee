"""Reporting frames and attribution chains: who says so, on whose authority, and how.

A frame is one act of saying in a sentence ("X reported", "according to X", "citing Y",
"Y told X", "documents reviewed by X"). A claim's chain is built from the frames around it,
outermost (the outlet that published it) first."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from armstrail.analyse.gazetteer import GROUP, OFFICIAL, ORGAN, OUTLET, STATE
from armstrail.extract.actors import owning_state
from armstrail.extract.context import ArticleContext
from armstrail.extract.events import raised_report
from armstrail.model import Source

ANONYMOUS_HEADS = frozenset(
    {
        "source",
        "sources",
        "people",
        "person",
        "insider",
        "insiders",
        "individuals",
        "individual",
        "someone",
        "expert",
        "experts",
        "analyst",
        "analysts",
        "observer",
        "observers",
        "witness",
        "witnesses",
        "resident",
        "residents",
    }
)
OFFICIAL_HEADS = frozenset(
    {
        "official",
        "officials",
        "diplomat",
        "diplomats",
        "agencies",
        "agency",
        "officer",
        "officers",
        "spokesperson",
        "spokesman",
        "spokeswoman",
        "aide",
        "aides",
        "lawmaker",
        "lawmakers",
        "administration",
        "services",
        "commander",
        "commanders",
        "minister",
        "ministers",
        "authorities",
        "intelligence",
        "ministry",
        "government",
        "military",
        "representatives",
        "representative",
        "officialdom",
        "adviser",
        "advisers",
        "advisor",
        "advisors",
        "prosecutors",
        "prosecutor",
        "investigators",
        "police",
        "commission",
        "inspectors",
    }
)
DOCUMENT_HEADS = frozenset(
    {
        "report",
        "analysis",
        "document",
        "documents",
        "assessment",
        "study",
        "memo",
        "filing",
        "investigation",
        "data",
        "records",
        "record",
        "cable",
        "cables",
        "letter",
        "dossier",
        "findings",
        "estimate",
        "estimates",
        "statement",
        "readout",
        "communique",
        "release",
        "briefing",
        "review",
        "survey",
        "paper",
        "leak",
        "leaks",
        "files",
        "intelligence",
    }
)
IMAGERY_HEADS = frozenset(
    {
        "image",
        "images",
        "imagery",
        "photo",
        "photos",
        "photograph",
        "photographs",
        "footage",
        "video",
        "videos",
        "picture",
        "pictures",
        "satellite",
    }
)
VAGUE_REPORT_HEADS = frozenset({"reports", "report", "rumours", "rumors"})
MEDIA_HEADS = frozenset(
    {
        "media",
        "outlets",
        "outlet",
        "newspaper",
        "newspapers",
        "press",
        "agency",
        "channel",
        "broadcaster",
        "tabloid",
        "daily",
        "weekly",
        "journalists",
    }
)
TITLE_WORDS = frozenset(
    {
        "president",
        "minister",
        "secretary",
        "spokesperson",
        "spokesman",
        "spokeswoman",
        "general",
        "gen.",
        "gen",
        "admiral",
        "adm.",
        "chancellor",
        "commander",
        "chief",
        "prime",
        "premier",
        "ambassador",
        "envoy",
        "senator",
        "sen.",
        "rep.",
        "governor",
        "official",
        "adviser",
        "advisor",
        "director",
        "head",
        "colonel",
        "col.",
        "lt.",
        "lieutenant",
        "major",
        "marshal",
        "deputy",
        "foreign",
        "defense",
        "defence",
    }
)
FORCE_HEADS = frozenset(
    {
        "navy",
        "army",
        "military",
        "command",
        "marines",
        "guard",
        "force",
        "forces",
        "ministry",
        "government",
        "administration",
        "kremlin",
        "cabinet",
        "department",
    }
)
REPORT_BACK_HEADS = frozenset({"report", "newspaper", "paper", "outlet", "broadcaster", "article", "story"})
STATEMENT_NOUNS = frozenset(
    {
        "statement",
        "announcement",
        "assessment",
        "claim",
        "claims",
        "warning",
        "accusation",
        "allegation",
        "allegations",
        "admission",
        "denial",
        "conclusion",
    }
)
ORGANISATION_HEADS = frozenset(
    {
        "institute",
        "institution",
        "organization",
        "organisation",
        "watchdog",
        "monitor",
        "monitors",
        "panel",
        "committee",
        "centre",
        "center",
        "ngo",
        "foundation",
        "tank",
        "observatory",
        "consultancy",
        "firm",
    }
)


@dataclass
class Frame:
    verb: int
    sources: tuple[Source, ...]
    stance: str = "asserts"
    tokens: set[int] = field(default_factory=set)
    depth: int = 0
    negated: bool = False
    also: tuple[Source, ...] = ()  # other speakers of a coordinated subject: "Moscow and Pyongyang denied"

    @property
    def media(self) -> bool:
        return any(s.kind == "media" for s in self.sources)


def reporting_stance(lemma: str, lexicon: dict[str, Any]) -> str | None:
    for stance, verbs in lexicon["reporting"].items():
        if lemma in verbs:
            return str(stance)
    return None


def find_frames(sent: Any, ctx: ArticleContext, speaker: Source | None = None) -> list[Frame]:
    """Every reporting frame of a sentence."""
    lexicon = ctx.gaz.lexicon
    frames: list[Frame] = []
    for tok in sent:
        if tok.lower_ == "according" and tok.i + 1 < sent.end and tok.nbor().lower_ == "to":
            to = tok.nbor()
            pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                chain = _chain_of_np(pobj, ctx, speaker)
                if chain:
                    span = {tok.i, to.i} | {t.i for t in pobj.subtree}
                    frames.append(Frame(tok.i, chain, "asserts", span, _depth(tok)))
            continue
        mistagged = _mistagged_reporting_verb(tok, lexicon)
        if (tok.pos_ not in ("VERB", "AUX") or tok.dep_ in ("amod", "compound")) and not mistagged:
            continue
        if mistagged:
            speaker_tok = _speaker_nearby(tok, ctx, speaker)
            source = name_source(speaker_tok, ctx, speaker) if speaker_tok is not None else None
            if source is not None:
                frames.append(
                    Frame(
                        tok.i,
                        (source,),
                        "asserts",
                        {tok.i, *(t.i for t in np_tokens(speaker_tok))},
                        _depth(tok),
                    )
                )
            continue
        lemma = tok.lemma_.lower()
        stance = reporting_stance(lemma, lexicon)
        if lemma == "rule" and any(c.dep_ == "prt" and c.lower_ == "out" for c in tok.children):
            stance = "denies"
        if stance is None:
            continue
        if lemma == "tell" and _tells_actor(tok, ctx):
            continue
        if raised_report(tok):
            continue  # "Iran is said to have shipped drones": a hedge on the event, Iran is no source
        frame = _verb_frame(tok, lemma, stance, ctx, speaker)
        if frame is not None:
            frame.negated = any(c.dep_ == "neg" for c in tok.children)
            frames.append(frame)
    _attach_citations(sent, frames, ctx, speaker)
    frames.extend(_report_nouns(sent, ctx, frames))
    return frames


def _report_nouns(sent: Any, ctx: ArticleContext, frames: list[Frame]) -> list[Frame]:
    """'There have been multiple reports of Russia receiving drones': the reports are the source."""
    out: list[Frame] = []
    taken = {i for f in frames for i in f.tokens}
    for tok in sent:
        if tok.pos_ != "NOUN" or tok.i in taken:
            continue
        if tok.lower_ in STATEMENT_NOUNS and any(c.dep_ in ("acl", "ccomp") for c in tok.children):
            owners = [c for c in tok.children if c.dep_ in ("compound", "poss")]
            said = next((s for s in (name_source(c, ctx) for c in owners) if s is not None), None)
            if said is not None:
                own = {t.i for t in tok.subtree if t.i <= tok.i}
                out.append(Frame(tok.i, (said,), "asserts", own, _depth(tok)))
            continue
        if tok.lower_ not in ("reports", "report"):
            continue
        if not any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children):
            continue
        if any(c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these") for c in tok.children):
            continue
        source = name_source(tok, ctx)
        if source is not None:
            own = {t.i for t in tok.subtree if t.i <= tok.i}
            out.append(Frame(tok.i, (source,), "asserts", own, _depth(tok)))
    return out


def _attach_citations(sent: Any, frames: list[Frame], ctx: ArticleContext, speaker: Source | None) -> None:
    """', citing Y' wherever the parse put it: Y is the source of the report named before it."""
    for tok in sent:
        if tok.lower_ != "citing" or any(tok.i in f.tokens for f in frames):
            continue
        obj = next((c for c in tok.children if c.dep_ in ("dobj", "pobj")), None)
        if obj is None:
            obj = next(
                (
                    t
                    for t in tok.doc[tok.i + 1 : min(sent.end, tok.i + 8)]
                    if t.pos_ in ("NOUN", "PROPN") and t.dep_ != "compound"
                ),
                None,
            )
        if obj is None:
            continue
        cited = _chain_of_np(obj, ctx, speaker)
        host = next((f for f in sorted(frames, key=lambda f: -f.verb) if f.verb < tok.i and f.media), None)
        if host is None or not cited:
            continue
        host.sources = _dedupe([*host.sources, *cited])
        host.tokens |= {tok.i} | {t.i for t in np_tokens(obj)}


def _mistagged_reporting_verb(tok: Any, lexicon: dict[str, Any]) -> bool:
    """'Satellite images of the airport show that ...': a verb the tagger took for a noun, known by
    the 'that' clause it opens."""
    nxt = tok.nbor() if tok.i + 1 < len(tok.doc) else None
    return (
        tok.pos_ == "NOUN"
        and tok.lower_ in ("show", "shows", "says", "suggest", "suggests", "indicate", "indicates", "confirm")
        and nxt is not None
        and nxt.lower_ == "that"
    )


def _tells_actor(verb: Any, ctx: ArticleContext) -> bool:
    """'Biden told Zelensky that the U.S. will provide ...': a promise made to someone, whose
    speaker is the agent, not a source (DEV-INDEX rule 11)."""
    if not any(c.dep_ == "ccomp" for c in verb.children):
        return False
    for child in verb.children:
        if child.dep_ in ("dobj", "dative"):
            m = ctx.mention(child.i)
            if m is not None and m.entry.kind in (OFFICIAL, STATE):
                return True
    return False


def _depth(tok: Any) -> int:
    depth = 0
    while tok.head.i != tok.i and depth < 50:
        tok = tok.head
        depth += 1
    return depth


def _verb_frame(
    verb: Any, lemma: str, stance: str, ctx: ArticleContext, speaker: Source | None
) -> Frame | None:
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None and lemma in SPEECH_LEMMAS:
        subj = _speaker_nearby(verb, ctx, speaker)
    passive = subj is not None and subj.dep_ == "nsubjpass"
    by_agent = _by_agent(verb)
    tokens = {verb.i}
    chain: list[Source] = []
    also: tuple[Source, ...] = ()
    if passive or subj is None:
        if by_agent is not None:
            chain = list(_chain_of_np(by_agent, ctx, speaker))
            tokens |= {t.i for t in by_agent.subtree}
        elif verb.lower_ in ("reportedly", "reported") and subj is not None:
            return None
    if not chain and subj is not None and not passive:
        if subj.lower_ in ("this", "that") and lemma in ("report", "confirm", "reveal"):
            chain = list(ctx.last_media_chain)
        else:
            chain = list(_chain_of_np(subj, ctx, speaker))
            also = tuple(s for c in subj.conjuncts if (s := name_source(c, ctx, speaker)) is not None)
        tokens |= {t.i for t in np_tokens(subj)} | {t.i for c in subj.conjuncts for t in np_tokens(c)}
    if not chain and lemma in SPEECH_LEMMAS:
        # '... International law," added General Kurilla': the parse took a quoted noun for subject
        nearby = _speaker_nearby(verb, ctx, speaker)
        if nearby is not None:
            chain = list(_chain_of_np(nearby, ctx, speaker))
            tokens |= {t.i for t in np_tokens(nearby)}
    if not chain:
        return None
    # "X told Reuters", "confirmed to The Washington Post": the outlet is outermost.
    for child in verb.children:
        target = None
        if child.dep_ in ("dobj", "dative") and lemma in ("tell", "confirm", "say", "cite"):
            target = child
        elif child.dep_ in ("prep", "dative") and child.lower_ == "to":
            target = next((c for c in child.children if c.dep_ == "pobj"), None)
        if target is None:
            continue
        outlet = next((e for e in (ctx.outlet_entry(t.i) for t in np_tokens(target)) if e is not None), None)
        if outlet is not None:
            chain.insert(0, Source(outlet.name, "media"))
            tokens |= {t.i for t in np_tokens(target)}
        elif lemma == "cite" and chain and chain[0].kind == "media":
            cited = _chain_of_np(target, ctx, speaker)
            chain.extend(cited)
            tokens |= {t.i for t in np_tokens(target)}
    if lemma == "tell" and not any(s.kind == "media" for s in chain):
        # "... told the newspaper Bild am Sonntag": the outlet right after the verb, however parsed
        for t in verb.doc[verb.i + 1 : min(verb.sent.end, verb.i + 7)]:
            outlet = ctx.outlet_entry(t.i)
            if outlet is not None:
                chain.insert(0, Source(outlet.name, "media"))
                tokens |= set(range(verb.i + 1, t.i + 1))
                break
    # "X reported, citing Y" / "X reported citing Y that ..."
    for child in verb.subtree:
        if child.lemma_.lower() == "cite" and child.i != verb.i and child.head.i in tokens | {verb.i}:
            obj = next((c for c in child.children if c.dep_ in ("dobj", "pobj", "nsubj")), None)
            if obj is None:
                obj = next((c for c in child.rights if c.pos_ in ("NOUN", "PROPN", "PRON")), None)
            if obj is not None:
                cited = _chain_of_np(obj, ctx, speaker)
                chain.extend(s for s in cited if s not in chain)
                tokens |= {child.i} | {t.i for t in np_tokens(obj)}
    # "as quoted by the AP"
    for child in verb.children:
        if child.dep_ == "advcl" and child.lemma_.lower() in ("quote", "report", "cite"):
            agent = _by_agent(child)
            if agent is not None:
                outer = _chain_of_np(agent, ctx, speaker)
                chain = [*outer, *(s for s in chain if s not in outer)]
                tokens |= {t.i for t in child.subtree}
    frame = Frame(verb.i, _dedupe(chain), stance, tokens, _depth(verb))
    frame.also = tuple(s for s in also if s not in frame.sources) if chain else ()
    return frame


SPEECH_LEMMAS = frozenset(
    {
        "say",
        "tell",
        "add",
        "confirm",
        "state",
        "report",
        "claim",
        "deny",
        "note",
        "write",
        "announce",
        "allege",
        "admit",
        "acknowledge",
        "insist",
        "stress",
    }
)


def _speaker_nearby(verb: Any, ctx: ArticleContext, speaker: Source | None) -> Any | None:
    """When the parse lost the subject ('..., a source familiar with the matter told Reuters',
    '..., added General Kurilla'), the noun phrase right before or right after the verb."""
    sent = verb.sent
    for j in range(verb.i - 1, max(sent.start, verb.i - 10) - 1, -1):
        tok = verb.doc[j]
        if tok.is_punct and j < verb.i - 1:
            break
        if tok.pos_ in ("NOUN", "PROPN", "PRON") and name_source(tok, ctx, speaker) is not None:
            return tok.head if tok.dep_ == "compound" else tok
    for tok in verb.doc[verb.i + 1 : min(sent.end, verb.i + 5)]:
        if tok.is_punct:
            break
        if tok.pos_ in ("PROPN", "NOUN") and tok.dep_ != "compound" and _person(tok, ctx) is not None:
            return tok
    return None


def _by_agent(verb: Any) -> Any | None:
    for child in verb.children:
        if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ == "by"):
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def _dedupe(chain: list[Source]) -> tuple[Source, ...]:
    out: list[Source] = []
    for s in chain:
        if all(s.name != o.name for o in out):
            out.append(s)
    return tuple(out)


def _chain_of_np(head: Any, ctx: ArticleContext, speaker: Source | None) -> tuple[Source, ...]:
    """The source(s) a noun phrase names; 'documents reviewed by X' gives (X, documents)."""
    for child in head.children:
        if child.dep_ in ("acl", "relcl") and child.lemma_.lower() in (
            "review",
            "see",
            "obtain",
            "view",
            "publish",
            "share",
            "release",
            "cite",
            "quote",
        ):
            agent = _by_agent(child)
            if agent is not None:
                outer = name_source(agent, ctx, speaker)
                inner = name_source(head, ctx, speaker, ignore=set(t.i for t in child.subtree))
                return tuple(s for s in (outer, inner) if s is not None)
    # "a statement from U.S. Central Command", "a report by the UN"
    if head.lemma_.lower() in DOCUMENT_HEADS:
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in ("from", "by", "of"):
                pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if pobj is not None:
                    named = name_source(pobj, ctx, speaker)
                    if named is not None:
                        return (named,)
    dets = {c.lower_ for c in head.children if c.dep_ in ("det", "poss")}
    news_agency = head.lemma_.lower() == "agency" and any(c.lower_ in ("news", "wire") for c in head.children)
    if (
        (head.lemma_.lower() in REPORT_BACK_HEADS or news_agency)
        and dets & {"the", "that", "this", "its"}
        and ctx.last_outlet
    ):
        # "according to the report": the report the article has been recounting, whole
        return ctx.report_chains[ctx.last_outlet]
    source = name_source(head, ctx, speaker)
    return (source,) if source is not None else ()


def np_tokens(head: Any, ignore: set[int] | None = None) -> list[Any]:
    """The noun phrase of ``head`` without relative clauses, appositions and trailing clauses."""
    ignore = ignore or set()
    cut: set[int] = set()
    for child in head.children:
        if child.dep_ in ("relcl", "acl", "appos", "punct", "cc", "conj", "advcl", "parataxis") or (
            child.dep_ == "prep"
            and child.lower_ in ("on", "who", "in")
            and child.i > head.i
            and child.lower_ != "in"
        ):
            cut |= {t.i for t in child.subtree}
    toks = [t for t in head.subtree if t.i not in cut and t.i not in ignore]
    # keep a contiguous run around the head
    run = [t for t in toks if abs(t.i - head.i) < 25]
    while run and (
        (run[0].dep_ in ("det", "punct") and run[0].lower_ in ("the", ",", "'", '"'))
        or run[0].pos_ in ("ADP", "SCONJ")
        or run[0].dep_ in ("mark", "case")
    ):
        run = run[1:]
    while run and run[-1].is_punct:
        run = run[:-1]
    return run


def name_source(
    head: Any, ctx: ArticleContext, speaker: Source | None = None, ignore: set[int] | None = None
) -> Source | None:
    """Name and kind of the source a noun phrase stands for (DEV-INDEX rule 25)."""
    low = head.lower_
    lemma = head.lemma_.lower()
    if low in ("he", "she", "him", "her") and head.pos_ == "PRON":
        return ctx.last_person or speaker
    if low in ("i", "we") and speaker is not None:
        return speaker
    if low in ("it", "they") and head.pos_ == "PRON":
        for t in reversed(list(head.doc[head.sent.start : head.i])):
            if t.dep_ in ("nsubj", "nsubjpass") and t.pos_ in ("NOUN", "PROPN"):
                named = name_source(t, ctx, speaker)
                if named is not None:
                    return named
        return ctx.last_org_source
    toks = np_tokens(head, ignore)
    named = _named_by_role(head, ctx)
    if named is not None:
        return named
    # appositive person: "a Moscow-backed official ..., Vladimir Rogov, said"
    for child in head.children:
        if child.dep_ == "appos":
            person = _person(child, ctx)
            if person is not None:
                return person
            outlet = ctx.outlet_entry(child.i)
            if outlet is not None:
                return Source(outlet.name, "media")
    if lemma in DOCUMENT_HEADS:
        for child in head.children:
            if child.dep_ == "poss":
                owner = ctx.mention(child.i)
                if owner is not None and owner.entry.kind in (ORGAN, STATE, GROUP, OUTLET):
                    return name_source(child, ctx, speaker)
    m = ctx.mention(head.i)
    if m is not None:
        entry = m.entry
        if entry.kind == OUTLET:
            return Source(entry.name, "media")
        if entry.kind == OFFICIAL:
            return _person(head, ctx)
        if entry.kind == ORGAN:
            owning = owning_state(head, ctx)
            if owning is not None:  # "Pakistan's Foreign Office" is not the British one
                said = head.doc[m.start : m.end].text
                return Source(f"{ctx.gaz.state_adjective(owning)} {said}", "government-named")
            return Source(entry.name, "government-named")
        if entry.kind == STATE and entry.code:
            return Source(f"{ctx.gaz.state_adjective(entry.code)} government", "government-named")
        if entry.kind == GROUP:
            return Source(entry.name, "organisation")
    person = _person(head, ctx)
    if person is not None:
        return person
    text = phrase_text(toks).strip()
    modifiers = [t for t in toks if t.i != head.i]
    mod_states = [ctx.mention(t.i) for t in modifiers]
    state_codes = [x.entry.code for x in mod_states if x is not None and x.entry.kind in (STATE, ORGAN)]
    outlets = [x.entry.name for x in mod_states if x is not None and x.entry.kind == OUTLET]
    if (lemma in FORCE_HEADS and head.tag_ != "NNS") or low in ("forces",):
        dets = {c.lower_ for c in head.children if c.dep_ in ("det", "poss")}
        if not state_codes and "the" in dets and ctx.last_org_source is not None:
            return ctx.last_org_source  # "the ministry said" after "Poland's defence ministry said"
        code = (
            state_codes[0]
            if state_codes
            else (ctx.dateline_state or (ctx.last_states[-1] if ctx.last_states else None))
        )
        if code:
            return Source(f"{ctx.gaz.state_adjective(code)} {_organ_words(head, ctx)}", "government-named")
    if outlets and lemma in MEDIA_HEADS | {"agency", "service"}:
        return Source(outlets[0], "media")  # "the Tasnim news agency", "the weekly Der Spiegel"
    if lemma in ("agency", "service") and any(t.lower_ in ("news", "wire", "press") for t in modifiers):
        dets = {c.lower_ for c in head.children if c.dep_ in ("det", "poss")}
        if "the" in dets and ctx.last_outlet:
            return Source(ctx.last_outlet, "media")  # "..., Reuters reported. The news agency said"
        return Source(text, "media")
    if lemma in OFFICIAL_HEADS or low in OFFICIAL_HEADS:
        if (
            lemma in ("government", "ministry", "military", "administration", "authorities")
            and state_codes
            and head.tag_ != "NNS"
        ):
            code = state_codes[0]
            if code:
                return Source(f"{ctx.gaz.state_adjective(code)} government", "government-named")
        if lemma in ("government", "administration", "military", "authorities") and not state_codes:
            dets = {c.lower_ for c in head.children if c.dep_ in ("det", "poss")}
            if "the" in dets and ctx.last_states:
                return Source(
                    f"{ctx.gaz.state_adjective(ctx.last_states[-1])} government", "government-named"
                )
        return _anonymous(head, text, "government-anonymous", ctx)
    if lemma in ANONYMOUS_HEADS or low in ANONYMOUS_HEADS:
        if state_codes or any(
            t.lower_
            in (
                "government",
                "administration",
                "military",
                "intelligence",
                "security",
                "congressional",
                "defense",
                "defence",
            )
            for t in modifiers
        ):
            return _anonymous(head, text, "government-anonymous", ctx)
        return _anonymous(head, text, "anonymous", ctx)
    if lemma in VAGUE_REPORT_HEADS or low in VAGUE_REPORT_HEADS:
        if outlets:
            return Source(outlets[0], "media")
        dets = {c.lower_ for c in head.children if c.dep_ in ("det", "poss")}
        if lemma == "report" and ("the" in dets or "that" in dets) and ctx.last_media_chain:
            return ctx.last_media_chain[-1]
        if any(t.lower_ in ("media", "press", "news") for t in modifiers):
            return Source(text, "media")
        return Source(text, "unknown")
    if lemma in ("group", "militia", "movement") and ctx.last_group and not state_codes:
        return Source(ctx.last_group, "organisation")  # "the group said" after naming Hezbollah
    if lemma in ORGANISATION_HEADS:
        # "the Stockholm-based institute", "a UN panel of experts", "the watchdog": organisations
        # the gazetteer does not list, named as the text names them
        return _anonymous(head, text, "organisation", ctx)
    if lemma in IMAGERY_HEADS or low in IMAGERY_HEADS:
        return Source(text, "imagery")
    if lemma in DOCUMENT_HEADS or low in DOCUMENT_HEADS:
        if outlets:
            return Source(outlets[0], "media")
        if lemma in ("statement", "readout", "release", "briefing") and ctx.last_org_source is not None:
            return ctx.last_org_source
        return Source(text, "document")
    if lemma in MEDIA_HEADS or low in MEDIA_HEADS:
        dets = {c.lower_ for c in head.children if c.dep_ in ("det", "poss")}
        if (
            ("the" in dets or "these" in dets)
            and ctx.last_outlet
            and lemma in ("agency", "newspaper", "paper", "broadcaster", "channel", "daily")
        ):
            return Source(ctx.last_outlet, "media")  # "..., Reuters reported. The news agency said ..."
        if ("the" in dets or "these" in dets) and ctx.last_vague_media is not None:
            return ctx.last_vague_media
        source = Source(text[0].lower() + text[1:] if text else text, "media")
        ctx.last_vague_media = source
        return source
    return None


def _anonymous(head: Any, text: str, kind: str, ctx: ArticleContext) -> Source:
    """'the official' after 'a senior administration official' is the same source."""
    dets = {c.lower_ for c in head.children if c.dep_ == "det"}
    mods = [c for c in head.children if c.dep_ in ("amod", "compound", "nmod", "nummod")]
    key = head.lemma_.lower()
    if dets & {"the", "that", "this"} and not mods and key in ctx.last_anonymous:
        return ctx.last_anonymous[key]
    if (
        text[:1].isupper()
        and not head.doc[head.left_edge.i].ent_type_
        and text.split()[0] in ("Officials", "Sources", "People", "Diplomats", "Experts", "Analysts")
    ):
        text = text[0].lower() + text[1:]
    source = Source(text, kind)
    ctx.last_anonymous[key] = source
    return source


def _named_by_role(head: Any, ctx: ArticleContext) -> Source | None:
    """'Yolande Makolo, the government's spokeswoman, said', 'Air Chief Marshal Amar Preet
    Singh said': a proper name the tagger did not take for a person, given a person's role by its
    appositive or its title, is that person."""
    if head.pos_ != "PROPN" or ctx.mention(head.i) is not None:
        return None
    if head.ent_type_ == "PERSON":
        return None  # _person names it
    parts = [c for c in head.children if c.dep_ == "compound" and c.pos_ == "PROPN" and c.i < head.i]
    names = [t for t in [*parts, head] if t.lower_ not in TITLE_WORDS and t.text[:1].isupper()]
    if not 2 <= len(names) <= 4 or any(ctx.mention(t.i) is not None for t in names):
        return None
    role = any(
        c.dep_ == "appos" and c.lemma_.lower() in TITLE_WORDS | OFFICIAL_HEADS for c in head.children
    ) or any(t.lower_ in TITLE_WORDS for t in parts)
    if not role:
        return None
    name = " ".join(t.text for t in names)
    known = ctx.resolve_person(name)
    return known if known is not None else ctx.remember_person(name, _person_state(head, ctx))


def _person(tok: Any, ctx: ArticleContext) -> Source | None:
    m = ctx.mention(tok.i)
    if m is not None and m.entry.kind == OFFICIAL:
        written = tok.doc[m.start : m.end].text
        known = ctx.resolve_person(written)
        if known is not None and len(written.split()) == 1:
            ctx.last_person = known
            ctx.last_person_state = m.entry.code
            return known
        name = written if len(written.split()) >= 2 else m.entry.name
        return ctx.remember_person(name, m.entry.code)
    if tok.ent_type_ == "PERSON" and tok.pos_ == "PROPN":
        ent = next((e for e in tok.doc.ents if e.start <= tok.i < e.end), None)
        if ent is None:
            return None
        words = [t.text for t in ent if t.lower_ not in TITLE_WORDS and t.text[:1].isupper()]
        name = " ".join(words).strip(" ,'’\"")
        if not name:
            return None
        known = ctx.resolve_person(name)
        if known is not None:
            ctx.last_person = known
            return known
        state = _person_state(tok, ctx)
        return ctx.remember_person(name, state)
    return None


def _person_state(tok: Any, ctx: ArticleContext) -> str | None:
    """A title's country: 'German Defense Minister Boris Pistorius', 'Spain's Robles'."""
    for t in tok.doc[max(tok.left_edge.i - 1, 0) : tok.i]:
        m = ctx.mention(t.i)
        if m is not None and m.entry.kind in (STATE, ORGAN) and m.entry.code:
            return m.entry.code
    for t in tok.subtree:
        m = ctx.mention(t.i)
        if m is not None and m.entry.kind in (STATE, ORGAN) and m.entry.code:
            return m.entry.code
    return None


def _organ_words(head: Any, ctx: ArticleContext) -> str:
    """'Ukraine's air force' -> 'air force', 'the Russian Defence Ministry' -> 'defence ministry';
    a state's government and its generic voices stay 'government'."""
    if head.lemma_.lower() in (
        "government",
        "administration",
        "cabinet",
        "kremlin",
        "authorities",
        "ministry",
        "department",
        "office",
    ):
        return "government"
    words = [
        t.lower_
        for t in head.subtree
        if t.i <= head.i and t.dep_ in ("compound", "amod") and ctx.mention(t.i) is None and t.is_alpha
    ]
    return " ".join([*words, head.lower_])


def phrase_text(toks: list[Any]) -> str:
    """The text of a noun phrase as written, up to the first gap left by a cut clause."""
    if not toks:
        return ""
    end = toks[0].i
    for t in toks[1:]:
        if t.i != end + 1:
            break
        end = t.i
    return str(toks[0].doc[toks[0].i : end + 1].text)
