"""Who a noun phrase stands for: a state (ISO3) or a group, through names, people, organs,
seats of power, demonyms, possessives, pronouns and simple coreference ("the country")."""

from __future__ import annotations

from typing import Any

from armstrail.analyse.gazetteer import ACTOR_KINDS, GROUP, ORGAN, STATE
from armstrail.extract.context import ArticleContext

STATE_HEADS = frozenset(
    {
        "government",
        "administration",
        "regime",
        "country",
        "nation",
        "state",
        "military",
        "army",
        "navy",
        "forces",
        "force",
        "ministry",
        "cabinet",
        "authorities",
        "leadership",
        "side",
        "republic",
        "kremlin",
        "troops",
        "command",
        "officials",
        "official",
        "president",
        "minister",
        "chancellor",
        "leader",
        "governments",
        "countries",
        "marines",
        "guard",
        "coast",
        "spokesperson",
        "spokesman",
        "spokeswoman",
        "department",
        "office",
        "sailors",
        "team",
        "militaries",
        "armies",
        "agencies",
        "agency",
        "intelligence",
        "services",
        "parliament",
        "congress",
        "warship",
        "warships",
        "jets",
        "bombers",
        "submarine",
        "submarines",
        "gunners",
        "soldiers",
        "pilots",
        "crews",
        "crew",
        "units",
        "unit",
        "personnel",
        "companies",
        "company",
        "firms",
        "firm",
        "entities",
        "operators",
        "specialists",
        "instructors",
        "commanders",
        "servicemen",
        "prosecutors",
        "ships",
        "vessels",
        "aircraft",
        "planes",
        "diplomats",
        "delegation",
        "plants",
        "factories",
        "facilities",
        "shipyards",
        "industry",
        "manufacturers",
        "producers",
        "junta",
    }
)
GROUP_HEADS = frozenset(
    {
        "militia",
        "militias",
        "rebels",
        "rebel",
        "group",
        "fighters",
        "movement",
        "insurgents",
        "militants",
        "proxies",
        "proxy",
    }
)
PAIR_WORDS = frozenset({"both", "two"})
REPORTER_PRONOUNS = frozenset({"he", "she", "him", "her", "his"})
STATE_PRONOUNS = frozenset({"it", "its", "they", "their"})
SPEAKER_PRONOUNS = frozenset({"we", "our", "us", "i", "my"})
GENERIC_STATE_GROUPS = frozenset({"countries", "allies", "nations", "partners", "states", "members"})


def actors_of(
    tok: Any, ctx: ArticleContext, speaker_state: str | None = None, follow_conj: bool = True
) -> list[str]:
    """Actor codes a token (usually a noun phrase head) stands for; [] when none."""
    found = _direct(tok, ctx, speaker_state)
    if follow_conj:
        for conj in tok.conjuncts:
            if conj.i > tok.i:
                for code in _direct(conj, ctx, speaker_state):
                    if code not in found:
                        found.append(code)
    return found


def _direct(tok: Any, ctx: ArticleContext, speaker_state: str | None) -> list[str]:
    m = ctx.mention(tok.i)
    if m is not None and m.entry.kind == ORGAN:
        owner = owning_state(tok, ctx)
        if owner is not None:
            return [owner]
    if m is not None and m.entry.kind in ACTOR_KINDS and m.entry.code:
        controlled = _controlled_by(tok, ctx) if m.entry.kind == STATE else []
        # "Ukraine President Volodymyr Zelensky": the person, not the compound before.
        return controlled or [m.entry.code]
    prefix = ctx.gaz.origin_prefix(tok.text)
    low = tok.lower_
    if low in SPEAKER_PRONOUNS and speaker_state:
        return [speaker_state]
    if low in REPORTER_PRONOUNS and ctx.last_person_state and tok.pos_ == "PRON":
        return [ctx.last_person_state]
    if low in STATE_PRONOUNS and tok.pos_ == "PRON" and (ctx.last_agent_state or ctx.last_states):
        return [ctx.last_agent_state or ctx.last_states[-1]]
    if prefix is not None and prefix.code and tok.lower_.endswith(("-controlled", "-held")):
        return [prefix.code]
    lemma = tok.lemma_.lower()
    controlled = _controlled_by(tok, ctx)
    if controlled:
        return controlled
    if lemma in STATE_HEADS or lemma in GROUP_HEADS or low in STATE_HEADS or low in GROUP_HEADS:
        return _from_modifiers(tok, ctx, speaker_state)
    return []


def owning_state(tok: Any, ctx: ArticleContext) -> str | None:
    """'Pakistan's Foreign Office': a generic organ name owned by a state named before it."""
    m = ctx.mention(tok.i)
    if m is None:
        return None
    head = tok.doc[m.start : m.end].root
    for child in head.children:
        if child.dep_ in ("poss", "amod", "compound") and child.i < m.start:
            owner = ctx.mention(child.i)
            if owner is not None and owner.entry.kind == STATE and owner.entry.code != m.entry.code:
                return owner.entry.code
    return None


def _controlled_by(tok: Any, ctx: ArticleContext) -> list[str]:
    """'Houthi-controlled Yemen', 'Houthi-held areas': the group, not the country."""
    for child in tok.children:
        if child.dep_ in ("amod", "compound") and child.lower_ in ("controlled", "held", "run", "dominated"):
            for grand in child.children:
                m = ctx.mention(grand.i)
                if m is not None and m.entry.kind in ACTOR_KINDS and m.entry.code:
                    return [m.entry.code]
            prev = tok.doc[child.i - 2] if child.i >= 2 and tok.doc[child.i - 1].text == "-" else None
            if prev is not None:
                m = ctx.mention(prev.i)
                if m is not None and m.entry.kind in ACTOR_KINDS and m.entry.code:
                    return [m.entry.code]
        if child.dep_ in ("amod", "compound"):
            prefix = ctx.gaz.origin_prefix(child.text)
            if prefix is not None and prefix.code and child.lower_.endswith(("-controlled", "-held")):
                return [prefix.code]
    return []


def _from_modifiers(tok: Any, ctx: ArticleContext, speaker_state: str | None) -> list[str]:
    """'the German government', 'Ukraine's air force', 'Governments of both countries',
    'the country', 'rebel fighters in Yemen', 'the Iran-backed militia'."""
    lemma = tok.lower_ if tok.lower_ in GROUP_HEADS else tok.lemma_.lower()
    for child in tok.children:
        if child.dep_ in ("poss", "compound", "amod", "nmod", "npadvmod"):
            m = ctx.mention(child.i)
            if m is not None and m.entry.kind in ACTOR_KINDS and m.entry.code:
                if lemma in GROUP_HEADS and m.entry.kind != GROUP:
                    continue  # "Iran-backed militia" is not Iran
                return [m.entry.code]
            if child.lower_ in SPEAKER_PRONOUNS and speaker_state:
                return [speaker_state]
            if child.lower_ in REPORTER_PRONOUNS and ctx.last_person_state:
                return [ctx.last_person_state]
            if child.lower_ in ("its", "their") and ctx.last_states:
                return [ctx.last_states[-1]]
            if child.lower_ in PAIR_WORDS and ctx.pair():
                return ctx.pair()
        if child.dep_ == "acl" and child.lemma_.lower() in ("base", "headquarter", "register", "locate"):
            # "firms based in Singapore, India and Thailand"
            for prep in (c for c in child.children if c.dep_ == "prep" and c.lower_ in ("in", "out")):
                for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                    based = actors_of(pobj, ctx, speaker_state)
                    if based:
                        return based
        if child.dep_ == "prep" and child.lower_ in ("of", "in", "from"):
            for pobj in child.children:
                if pobj.dep_ != "pobj":
                    continue
                codes = actors_of(pobj, ctx, speaker_state)
                if codes and lemma in GROUP_HEADS:
                    base = ctx.gaz.group_bases.get(codes[0])
                    group = ctx.last_group if ctx.last_group else base
                    return [group] if group else []
                if codes:
                    return codes
                if any(c.lower_ in PAIR_WORDS for c in pobj.children) and ctx.pair():
                    return ctx.pair()
    if lemma in GROUP_HEADS:
        return [ctx.last_group] if ctx.last_group else []
    if lemma == "junta" and (ctx.last_any_recipient or ctx.last_states):
        return [ctx.last_any_recipient or ctx.last_states[-1]]  # "the junta": the country's rulers
    dets = {c.lower_ for c in tok.children if c.dep_ in ("det", "poss")}
    if (
        dets & {"the", "this", "that"}
        and lemma in ("country", "nation", "government", "regime", "state", "kremlin")
        and (ctx.last_agent_state or ctx.last_states)
    ):
        return [ctx.last_agent_state or ctx.last_states[-1]]
    if (
        lemma in ("navy", "army", "military", "forces", "force", "command", "marines", "guard")
        and ctx.dateline_state
        and "the" in dets
    ):
        return [ctx.dateline_state]
    return []


def is_generic_state_group(tok: Any) -> bool:
    """'12 countries', 'European countries', 'Eastern Europe allies': states left unnamed."""
    return (
        tok.lemma_.lower() in {"country", "ally", "nation", "partner", "state", "member"}
        and tok.lower_ in GENERIC_STATE_GROUPS
    )
