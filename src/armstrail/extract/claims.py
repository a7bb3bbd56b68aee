"""Where a claim is born: for each sentence, events (``triggers``) meet their attribution
(``attribution``) and their stance, and become ``Claim`` objects with evidence offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from armstrail import __version__
from armstrail.analyse.dates import find_dates, resolve
from armstrail.analyse.gazetteer import Gazetteer
from armstrail.extract.attribution import Frame, find_frames, name_source
from armstrail.extract.context import ArticleContext
from armstrail.extract.events import Event, trigger_kind
from armstrail.extract.triggers import SentenceEvents
from armstrail.model import Article, Claim, Source

EXTRACTOR_VERSION = f"armstrail-rules/{__version__}"
OPEN_QUOTES = '“"«„'
CLOSE_QUOTES = '”"»“'
CONTRAST_OPENERS = ("but ", "however", "meanwhile", "still,", "yet ", "nevertheless")
REPORTED_ON = re.compile(r"\breported(?:\s+on)?\s+(?P<date>[A-Z][a-z]+\.?\s+\d{1,2},\s+\d{4})")
BASED_ON = re.compile(
    r"\bbased\s+(?:the|its|their|his|her)\s+(?:report|story|reporting|article)\s+on\s+"
    r"(?:information\s+from\s+|interviews\s+with\s+|accounts\s+(?:from|by|of)\s+)?",
    re.I,
)


@dataclass
class SentenceResult:
    sent: Any
    frames: list[Frame]
    events: list[Event]
    inherited: tuple[Source, ...] | None = None
    # the chain this sentence would inherit if it stated an event (rule 24), whether or not the
    # rules found one: the learned extractor reads it for sentences the triggers miss
    would_inherit: tuple[Source, ...] | None = None
    quoted_lost: bool = False  # inside a quote whose speaker the excerpt lost


@dataclass
class ArticleAnalysis:
    """One article read sentence by sentence by the rules: their frames, events and chains, and
    the context they built. The rules' claims and the learned extractor's features both come
    from it."""

    article: Article
    doc: Any
    ctx: ArticleContext
    results: list[SentenceResult]
    basis: dict[str, Source]


def extract_claims(article: Article, doc: Any, gaz: Gazetteer) -> list[Claim]:
    """Every claim of one analysed article, in text order, deduplicated (SCHEMA rules of thumb)."""
    return rule_claims(analyse_article(article, doc, gaz))


def rule_claims(analysis: ArticleAnalysis) -> list[Claim]:
    """The rules' claims of an analysed article: each sentence's events become claims, then
    headline restatements are dropped and claims deduplicated by key."""
    claims: list[Claim] = []
    for result in analysis.results:
        made = _claims_of(result, analysis.ctx, analysis.basis)
        if not made and result.frames:
            made = _denials_of_reports(result, claims, analysis.ctx)
        claims.extend(made)
    return finish_claims(claims, analysis.article)


def sentence_claims(analysis: ArticleAnalysis, index: int, earlier: list[Claim]) -> list[Claim]:
    """The rules' raw claims of one sentence (before deduplication), for the learned extractor."""
    result = analysis.results[index]
    made = _claims_of(result, analysis.ctx, analysis.basis)
    if not made and result.frames:
        made = _denials_of_reports(result, earlier, analysis.ctx)
    return made


def finish_claims(claims: list[Claim], article: Article) -> list[Claim]:
    """No state supplies itself; headline restatements dropped; one claim per key."""
    claims = [c for c in claims if c.agent is None or c.agent != c.recipient]
    claims = _drop_headline_duplicates(claims, article)
    return _dedupe(claims)


def sentence_chain(result: SentenceResult) -> tuple[tuple[Source, ...], str]:
    """The chain and stance a claim stated by this sentence would carry: its own frames (media
    outermost, the innermost voice last), else the report it goes on recounting, else none."""
    frames = [f for f in result.frames if not f.negated]
    if frames:
        return _order(frames)
    if result.inherited or result.would_inherit:
        return (result.inherited or result.would_inherit or ()), "asserts"
    return (), "asserts"


def analyse_article(article: Article, doc: Any, gaz: Gazetteer) -> ArticleAnalysis:
    """Read one parsed article sentence by sentence: frames, events, and the chains that carry."""
    ctx = ArticleContext.build(article, doc, gaz)
    if article.published is None:
        ctx.reported_base = _report_date(article.text)
    quoted = _quoted_sentences(doc)
    sents = list(doc.sents)
    by_start = {s.start: s for s in sents}
    speaker_frames: dict[int, Frame | None] = {}
    results: list[SentenceResult] = []
    prev_chain: tuple[Source, ...] = ()
    prev_para = -1
    for index, sent in enumerate(sents):
        speaker_frame = None
        if sent.start in quoted:
            where = quoted[sent.start]
            if where < 0:
                results.append(SentenceResult(sent, [], [], quoted_lost=True))  # speaker lost
                ctx.remember_sentence(sent)
                ctx.remember_items(sent)
                continue
            if where not in speaker_frames:
                found = find_frames(by_start[where], ctx)
                speaker_frames[where] = found[0] if found else None
            speaker_frame = speaker_frames[where]
        speaker = speaker_frame.sources[-1] if speaker_frame and speaker_frame.sources else None
        speaker_state = ctx.person_states.get(speaker.name) if speaker else None
        frames = find_frames(sent, ctx, speaker)
        if speaker_state is None and frames and frames[0].sources:
            speaker_state = _source_state(frames[0].sources[-1], ctx)
        frame_tokens = {i for f in frames for i in f.tokens}
        finder = SentenceEvents(sent, ctx, frame_tokens, speaker_state)
        events = finder.find()
        result = SentenceResult(sent, frames, events)
        para = _paragraph_index(article.text, sent)
        # a voice inside a subordinate phrase ("which the Post said was finalized") does not end
        # the report being recounted
        governing = [f for f in frames if _in_main_clause(doc[f.verb])]
        if not frames and speaker_frame is not None:
            result.frames = [speaker_frame]
        elif (
            not governing
            and prev_chain
            and _continues_report(sent, para, prev_para, gaz, ctx.base_date)
            and (not _names_new_subject(sent, ctx) or _adds_to_report(sent))
        ):
            result.would_inherit = prev_chain
        elif not frames and index + 1 < len(sents):
            follow = _citation_that_follows(sents[index + 1], ctx)
            if follow:
                result.would_inherit = follow
        if events:
            result.inherited = result.would_inherit
        results.append(result)
        chain_here = _sentence_chain(result)
        if chain_here and any(s.kind == "media" and s.name in gaz.outlet_names for s in chain_here):
            prev_chain = chain_here
            ctx.last_media_chain = chain_here
            outlet = next(s.name for s in chain_here if s.kind == "media")
            ctx.report_chains.setdefault(outlet, chain_here)
            ctx.last_outlet = outlet
        elif governing or not events:
            prev_chain = () if governing or _is_heading(sent) else prev_chain
        prev_para = para
        _remember(ctx, result)
        ctx.remember_sentence(sent)
        ctx.remember_items(sent)
    basis = _report_basis(article.text, sents, ctx)
    return ArticleAnalysis(article, doc, ctx, results, basis)


def _paragraph_index(text: str, sent: Any) -> int:
    """Which paragraph a sentence is in (``text`` is the article's text, which the doc spans)."""
    return text.count("\n\n", 0, sent.start_char)


def _continues_report(sent: Any, para: int, prev_para: int, gaz: Gazetteer, base: date | None = None) -> bool:
    """A sentence with no attribution of its own that goes on recounting the report just cited
    (DEV-INDEX rule 24), unless the article turns to background or comment in its own voice —
    a contrast, a generalisation, or an event dated long before the report."""
    if para - prev_para > 1:
        return False
    low = sent.text.strip().lower()
    if low.startswith(CONTRAST_OPENERS):
        return False
    if base is not None and any(_long_before(phrase, base) for _s, _e, phrase in find_dates(sent.text)):
        return False
    return not any(cue in low for cue in gaz.lexicon["background_cues"])


def _long_before(phrase: str, base: date) -> bool:
    """'in the 2020 war' in a 2021 report: background, not the report's news."""
    value = resolve(phrase, base) or ""
    year = value.lstrip(".").lstrip("/")[:4]
    return year.isdigit() and int(year) < base.year and not value.endswith("/..")


def _source_state(source: Source, ctx: ArticleContext) -> str | None:
    """The state a source speaks for, for 'we' and 'our' in what it says."""
    if source.name in ctx.person_states:
        return ctx.person_states[source.name]
    from armstrail.extract.sources import state_voice

    return state_voice(source.name, ctx.gaz)


def _is_heading(sent: Any) -> bool:
    """A line with no closing punctuation: a headline, a section heading, a caption credit."""
    return not sent.text.rstrip().endswith((".", "!", "?", '"', "”", "’", "'", ":", ";"))


def _adds_to_report(sent: Any) -> bool:
    """'Berlin will also deliver ...': 'also' right after a cited report adds to that report."""
    return any(t.lower_ in ("also", "additionally") and t.dep_ == "advmod" for t in sent)


def _names_new_subject(sent: Any, ctx: ArticleContext) -> bool:
    """A sentence whose subject is a named actor starts its own account; one that goes on with
    'it', 'the production', 'the drones' is still recounting."""
    for tok in sent:
        if tok.dep_ in ("nsubj", "nsubjpass"):
            m = ctx.mention(tok.i)
            if m is not None and m.entry.kind in ("state", "organ", "group", "official"):
                return True
            if any(
                ctx.mention(c.i) is not None and ctx.mention(c.i).entry.kind in ("state", "organ", "official")  # type: ignore[union-attr]
                for c in tok.children
                if c.dep_ in ("poss", "amod", "compound")
            ):
                return True
    return False


def _citation_that_follows(nxt: Any, ctx: ArticleContext) -> tuple[Source, ...]:
    """'... . This was reported by X.' gives the sentence before it X's chain."""
    text = nxt.text.strip()
    if not re.match(
        r"^(This|That|It|The (?:news|information|report))\s+(?:was|has been|had been)\s+"
        r"(?:first\s+)?(?:reported|revealed|disclosed|confirmed)\s+by\b",
        text,
    ):
        return ()
    frames = find_frames(nxt, ctx)
    if frames and frames[0].sources:
        return frames[0].sources
    for tok in nxt:
        if tok.lower_ == "by" and tok.dep_ in ("agent", "prep"):
            pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                source = name_source(pobj, ctx)
                if source is not None:
                    return (source,)
    return ()


def _report_date(text: str) -> date | None:
    match = REPORTED_ON.search(text)
    if not match:
        return None
    value = resolve(match.group("date"), None)
    try:
        return date.fromisoformat(value) if value and len(value) == 10 else None
    except ValueError:
        return None


# A quote opens with a curly quote, or a straight one after a space, bracket or dash (a straight
# quote after a letter closes one); it ends at the first closing quote or, continued into the next
# paragraph as journalists do, at its paragraph's end: never across paragraphs.
QUOTE_SPAN = re.compile(r"(?:“|(?<![^\s(\[—–-])\")([^“”\"\n]{12,}?)(?:[”\"]|$)", re.M)


def _quoted_sentences(doc: Any) -> dict[int, int]:
    """For each sentence that lies inside a direct quote, the sentence of its paragraph that
    names the speaker ('“... .” he stated.', 'Zelensky said. “Our agreements ...”'); -1 when
    the paragraph names none (a quote cut off by the excerpt)."""
    text = doc.text
    sents = list(doc.sents)
    spans = [m.span() for m in QUOTE_SPAN.finditer(text)]
    if not spans:
        return {}
    paragraphs = [_paragraph_index(text, s) for s in sents]

    def quoted_share(sent: Any) -> float:
        inside = sum(max(0, min(e, sent.end_char) - max(s, sent.start_char)) for s, e in spans)
        return float(inside / max(1, sent.end_char - sent.start_char))

    def speaks(sent: Any) -> bool:
        return any(
            t.pos_ == "VERB"
            and t.lemma_.lower() in SPEECH_VERBS
            and not any(s <= t.idx < e for s, e in spans)
            for t in sent
        )

    def within(sent: Any) -> bool:
        opens = sent.text.lstrip()[:1] in OPEN_QUOTES
        return opens or any(s < sent.start_char and sent.end_char <= e + 1 for s, e in spans)

    out: dict[int, int] = {}
    for index, sent in enumerate(sents):
        if quoted_share(sent) < 0.6 or not within(sent):
            continue
        para = paragraphs[index]
        same = [j for j, other in enumerate(sents) if paragraphs[j] == para and speaks(other)]
        if not same:
            out[sent.start] = -1
            continue
        best = min(same, key=lambda j: (abs(j - index), j < index))
        out[sent.start] = sents[best].start
    return out


SPEECH_VERBS = frozenset(
    {
        "say",
        "state",
        "add",
        "tell",
        "write",
        "declare",
        "note",
        "announce",
        "stress",
        "insist",
        "explain",
        "continue",
        "conclude",
        "warn",
        "claim",
        "confirm",
        "quote",
    }
)


def _report_basis(text: str, sents: list[Any], ctx: ArticleContext) -> dict[str, Source]:
    """'NBC News based the report on information from three U.S. officials and a congressional
    official' extends every claim the article attributes to NBC News alone."""
    basis: dict[str, Source] = {}
    for sent in sents:
        match = BASED_ON.search(sent.text)
        if not match:
            continue
        subject = next((t for t in sent if t.dep_ == "nsubj" and t.head.lemma_ == "base"), None)
        if subject is None:
            continue
        outlet = ctx.outlet_entry(subject.i)
        if outlet is None:
            continue
        rest = sent.text[match.end() :].strip().rstrip(".")
        if not rest:
            continue
        start = sent.start_char + match.end()
        span = sent.doc.char_span(start, start + len(rest), alignment_mode="expand")
        kind = (
            "government-anonymous"
            if span is not None and any(t.lemma_.lower() in ("official", "officials") for t in span)
            else "anonymous"
        )
        basis[outlet.name] = Source(rest, kind)
    return basis


def _sentence_chain(result: SentenceResult) -> tuple[Source, ...]:
    if result.inherited:
        return result.inherited
    frames = [f for f in result.frames if not f.negated]
    if not frames:
        return ()
    return _order(frames)[0]


def _order(frames: list[Frame]) -> tuple[tuple[Source, ...], str]:
    """Frames of one sentence as one chain, outermost first: the outlets that published it, then
    the one voice closest to the event (a speaker inside another speaker's clause is the source;
    the outer non-media voice does not cite it). Stance comes from that innermost voice."""
    media = sorted((f for f in frames if f.media), key=lambda f: (f.depth, f.verb))
    others = [f for f in frames if not f.media]
    inner = max(others, key=lambda f: (f.depth, f.verb)) if others else None
    chain: list[Source] = []
    for f in [*media, *([inner] if inner else [])]:
        for s in f.sources:
            if all(s.name != c.name for c in chain):
                chain.append(s)
    stance = "asserts"
    for f in [*media, *([inner] if inner else [])]:
        if f.stance in ("denies", "admits", "hedges"):
            stance = f.stance
    return tuple(chain), stance


def _frames_for(event: Event, result: SentenceResult) -> list[Frame]:
    doc = result.sent.doc
    trigger = doc[event.trigger]
    ancestors = {t.i for t in trigger.ancestors}
    dominating = [f for f in result.frames if f.verb in ancestors or doc[f.verb].lower_ == "according"]
    if dominating:
        # "..., people familiar with the matter confirmed, The Washington Post reported": a
        # parenthetical frame hanging from the dominating one belongs to the same chain
        heads = {f.verb for f in dominating}
        dominating += [
            f
            for f in result.frames
            if f not in dominating
            and doc[f.verb].head.i in heads
            and not any(c.dep_ in ("ccomp", "xcomp") for c in doc[f.verb].children)
        ]
        return dominating
    main = [f for f in result.frames if _in_main_clause(doc[f.verb]) or f.verb < trigger.i]
    main = [f for f in main if not _inside_relative(doc[f.verb], trigger)]
    # when the parse links no voice to the event, the media frames and the nearest other voice speak
    media = [f for f in main if f.media]
    others = sorted((f for f in main if not f.media), key=lambda f: abs(f.verb - trigger.i))
    return media + others[:1]


def _in_main_clause(verb: Any) -> bool:
    """'in what South Korean officials described as ...' frames its own phrase, not the sentence."""
    return all(a.dep_ not in ("pcomp", "relcl", "acl", "pobj", "amod") for a in [verb, *verb.ancestors])


def _inside_relative(verb: Any, trigger: Any) -> bool:
    """'sanctioned companies that it says delivered drones': the voice of a relative clause on the
    event's object speaks of that object only. (On the subject it is a misparse of 'X reported':
    'Yonhap news agency reported ..., that the North had shipped'.)"""
    for a in [verb, *verb.ancestors]:
        if a.i == trigger.i:
            return False
        if (
            a.dep_ in ("relcl", "acl")
            and a.head.dep_ not in ("nsubj", "nsubjpass")
            and trigger.i in {x.i for x in a.head.ancestors} | {a.head.i}
        ):
            return True
    return False


def _claims_of(result: SentenceResult, ctx: ArticleContext, basis: dict[str, Source]) -> list[Claim]:
    sent = result.sent
    lexicon = ctx.gaz.lexicon
    low = sent.text.lower()
    out: list[Claim] = []
    evidence = sent.text.rstrip()
    for event in result.events:
        frames = _frames_for(event, result)
        if any(f.negated for f in frames):
            continue
        if frames:
            chain, stance = _order(frames)
        elif result.inherited:
            chain, stance = result.inherited, "asserts"
        else:
            chain, stance = (), "asserts"
        per_agent = _per_agent_sources(frames, event, ctx)
        if len(chain) == 1 and chain[0].kind == "media" and chain[0].name in basis:
            chain = (chain[0], basis[chain[0].name])
        if (
            stance == "asserts"
            and chain
            and any(
                f.stance == "admits" and f.sources and f.sources[-1] == chain[-1] and f.verb < event.trigger
                for f in result.frames
            )
        ):
            stance = "admits"  # "X acknowledged that ... but said ...": one speaker, one admission
        if (event.negated or _under_disputed_claim(sent.doc[event.trigger], lexicon)) and stance in (
            "asserts",
            "hedges",
        ):
            stance = "denies"
        elif stance == "asserts" and _admits(event, chain, ctx, low, lexicon):
            stance = "admits"
        elif stance == "asserts" and (event.hedged or (_bare_reportedly(sent) and not chain)):
            stance = "hedges"
        voices = [chain]
        inner = [f for f in frames if not f.media]
        if inner and chain and not per_agent:
            voices += [(*chain[:-1], other) for other in max(inner, key=lambda f: f.depth).also]
        for agent, voice in ((a, v) for a in event.agents for v in voices):
            sources = per_agent.get(agent, voice) if agent else voice
            for item in event.items:
                out.append(
                    Claim(
                        type=event.type,
                        agent=agent,
                        recipient=event.recipient,
                        item=item.name,
                        item_category=item.category,
                        quantity=item.quantity,
                        when=event.when,
                        status=event.status,
                        stance=stance,
                        sources=tuple(sources),
                        evidence=evidence,
                        start=sent.start_char,
                        end=sent.start_char + len(evidence),
                        extractor=EXTRACTOR_VERSION,
                    )
                )
    return out


REPORT_NOUNS = frozenset(
    {
        "report",
        "reports",
        "claim",
        "claims",
        "allegation",
        "allegations",
        "accusation",
        "accusations",
        "account",
        "accounts",
        "charge",
        "charges",
        "story",
        "stories",
        "suggestion",
        "suggestions",
        "rumour",
        "rumours",
        "rumor",
        "rumors",
    }
)


def _denials_of_reports(result: SentenceResult, earlier: list[Claim], ctx: ArticleContext) -> list[Claim]:
    """'Tehran dismissed the reports as baseless': a denial of what the article just reported is
    its own claim, one per reported proposition (SCHEMA: a denial is its own claim)."""
    doc = result.sent.doc
    for frame in result.frames:
        verb = doc[frame.verb]
        if frame.stance != "denies" or not frame.sources:
            continue
        objects = [c for c in verb.children if c.dep_ == "dobj"]
        if not any(_names_the_report(c, ctx) for c in objects):
            continue
        denier = frame.sources[-1].name
        reported = [c for c in earlier if c.sources and c.sources[-1].name != denier and c.stance != "denies"]
        if not reported:
            return []
        last_start = reported[-1].start
        evidence = result.sent.text.rstrip()
        start = result.sent.start_char
        return [
            replace(
                c,
                quantity=None,
                stance="denies",
                sources=(frame.sources[-1],),
                evidence=evidence,
                start=start,
                end=start + len(evidence),
            )
            for c in reported
            if c.start == last_start
        ]
    return []


REPORT_POINTERS = frozenset({"this", "that", "it", "these", "them", "those"})


def _names_the_report(obj: Any, ctx: ArticleContext) -> bool:
    """'dismissed the reports', 'rejected the claim', 'denied it', 'rejects all of this'; not
    'rejected the suggestion that the deal was aimed at a third country', whose content names no
    transfer, use or training by its verbs."""
    if obj.lower_ in REPORT_POINTERS and obj.pos_ in ("PRON", "DET"):
        return True
    if obj.lower_ == "all":
        return any(
            p.lower_ == "of" and any(o.lower_ in REPORT_POINTERS for o in p.children) for p in obj.children
        )
    if obj.lemma_.lower() not in {n.rstrip("s") for n in REPORT_NOUNS} | REPORT_NOUNS:
        return False
    content = [
        c for c in obj.children if c.dep_ in ("acl", "ccomp") and any(m.lower_ == "that" for m in c.children)
    ]
    return not content or any(t.pos_ == "VERB" and trigger_kind(t, ctx) for c in content for t in c.subtree)


def _under_disputed_claim(trigger: Any, lexicon: dict[str, Any]) -> bool:
    """'there was no truth to claims that it had supplied weapons': the claim is denied."""
    text = trigger.sent.text.lower()
    if not any(phrase in text for phrase in lexicon["denial_phrases"]):
        return False
    return any(a.lemma_.lower() in {n.rstrip("s") for n in REPORT_NOUNS} for a in trigger.ancestors)


def _per_agent_sources(
    frames: list[Frame], event: Event, ctx: ArticleContext
) -> dict[str | None, tuple[Source, ...]]:
    """'Norway, Spain and Poland announced that they would send ...': each state speaks for itself."""
    if len(event.agents) < 2 or len(frames) != 1:
        return {}
    frame = frames[0]
    names = {f"{ctx.gaz.state_adjective(a)} government" for a in event.agents if a}
    if not frame.sources or frame.sources[-1].name not in names:
        return {}
    return {
        a: (Source(f"{ctx.gaz.state_adjective(a)} government", "government-named"),)
        for a in event.agents
        if a
    }


def _admits(
    event: Event, chain: tuple[Source, ...], ctx: ArticleContext, low: str, lexicon: dict[str, Any]
) -> bool:
    """The agent's own side acknowledging a secret or contested transfer (DEV-INDEX rule 23)."""
    if not chain or not event.agents or event.agents[0] is None:
        return False
    speaker = chain[-1]
    agent = event.agents[0]
    own = (
        ctx.person_states.get(speaker.name) == agent
        or speaker.name == f"{ctx.gaz.state_adjective(agent)} government"
    )
    if not own:
        return False
    return any(re.search(rf"\b{re.escape(cue)}\b", low) for cue in lexicon["secrecy_cues"])


def _bare_reportedly(sent: Any) -> bool:
    return any(t.lower_ in ("reportedly", "allegedly") and t.lower_ == "reportedly" for t in sent)


def _remember(ctx: ArticleContext, result: SentenceResult) -> None:
    for event in result.events:
        for item in event.items:
            if event.type == "USE" and event.agents and event.agents[0]:
                ctx.last_user[item.name] = event.agents[0]
                ctx.last_user[item.category] = event.agents[0]
            elif event.type == "TRANSFER" and event.recipient:
                ctx.last_holder.setdefault(item.name, event.recipient)
                ctx.last_holder.setdefault(item.category, event.recipient)
            if event.type in ("TRANSFER", "AGREE") and event.recipient and not item.vague:
                ctx.last_destination[item.name] = event.recipient
                if len(event.agents) == 1 and event.agents[0] and item.category not in ("other",):
                    ctx.last_deal = (event.agents[0], event.recipient, item)
        for agent in event.agents:
            if agent and event.recipient and event.type in ("TRANSFER", "AGREE"):
                ctx.last_recipient[agent] = event.recipient
                ctx.last_any_recipient = event.recipient
                ctx.last_supplier[event.recipient] = agent
            if agent and agent in ctx.gaz.states:
                ctx.last_agent_state = agent
                if event.recipient in ctx.gaz.states and event.recipient != agent:
                    ctx.last_pair = [agent, event.recipient]
    for frame in result.frames:
        for source in frame.sources:
            if source.kind in ("government-named", "organisation"):
                ctx.last_org_source = source


def _drop_headline_duplicates(claims: list[Claim], article: Article) -> list[Claim]:
    """A headline claim is left out when the body states the same event (DEV-INDEX rule 7); a
    headline's shorthand (": reports", "- source") names no recipient or source of its own."""
    first_break = article.text.find("\n")
    if first_break <= 0:
        return claims
    headline = article.text[:first_break].strip()
    if article.title is None and headline.endswith((".", "”", '"')):
        return claims
    body = [c for c in claims if c.start >= first_break]

    def restates(head: Claim, c: Claim) -> bool:
        return (c.type, c.agent, c.item_category) == (head.type, head.agent, head.item_category) and (
            head.recipient is None or head.recipient == c.recipient
        )

    return [c for c in claims if c.start >= first_break or not any(restates(c, b) for b in body)]


_STANCE_RANK = {"denies": 0, "admits": 1, "hedges": 2, "asserts": 3}


def _dedupe(claims: list[Claim]) -> list[Claim]:
    """One claim per key; the first sentence that states it is kept as evidence. Inside one
    sentence, the same proposition said twice keeps its most guarded stance."""
    by_sentence: dict[tuple[object, ...], Claim] = {}
    for c in claims:
        loose = (c.start, c.type, c.agent, c.recipient, c.item, tuple(s.name for s in c.sources))
        kept = by_sentence.get(loose)
        if kept is None or _STANCE_RANK[c.stance] < _STANCE_RANK[kept.stance]:
            by_sentence[loose] = c
    seen: dict[tuple[object, ...], Claim] = {}
    for c in sorted(by_sentence.values(), key=lambda c: c.start):
        key = c.key()
        other_key = (*key[:4], "asserts" if c.stance == "admits" else "admits", *key[5:])
        if key in seen:
            _merge_fields(seen[key], c)
        elif other_key in seen and c.stance in ("admits", "asserts"):
            kept = seen[other_key]
            _merge_fields(kept, c)
            if c.stance == "admits":
                kept.stance = "admits"
                seen[key] = kept
        else:
            seen[key] = c
    unique: list[Claim] = []
    for c in seen.values():
        if all(c is not u for u in unique):
            unique.append(c)
    return unique


def _merge_fields(kept: Claim, other: Claim) -> None:
    """A later mention can add what the first left open (quantity, time)."""
    if kept.quantity is None and other.quantity is not None:
        kept.quantity = other.quantity
    if kept.when is None and other.when is not None:
        kept.when = other.when


__all__ = ["EXTRACTOR_VERSION", "extract_claims", "find_dates"]
