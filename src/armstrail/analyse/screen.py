"""The cascade's cheap first stage: can this text hold a claim at all? Every claim names an item
(a weapon or an arms category) and a party, so a text whose tokens match neither in the gazetteers
cannot. On arms news the screen adds no measurable time: 160 dev articles took 9.2 s with it and
without it, because the parse starts from its tokens. A news stream is mostly texts with no arms
transfer, and those skip the parse entirely.

Measured on every annotated set (tests/e2e/test_cascade.py holds it): no gold claim is in a text
this rules out, while more than 40 % of the no-claim texts (near misses included) are; the sentence
cases of tests/extract all pass with it. The rule was chosen on these same sets, so this is not a
first reading."""

from __future__ import annotations

from typing import Any

from armstrail import messages
from armstrail.analyse.gazetteer import ITEM, WEAPON, Gazetteer


def screen(doc: Any, gaz: Gazetteer) -> str | None:
    """Why the tokenised text ``doc`` cannot hold a claim, or None when it may. A verb that supplies
    unnamed weapons ("arm", "equip": the lexicon's ``screen_item_words``) counts as an item."""
    mentions = gaz.find(doc)
    if not any(m.entry.kind in (WEAPON, ITEM) for m in mentions) and not _item_verb(doc, gaz):
        return messages.SCREENED_NO_ITEM
    if not any(m.is_actor for m in mentions):
        return messages.SCREENED_NO_PARTY
    return None


def _item_verb(doc: Any, gaz: Gazetteer) -> bool:
    forms = set(gaz.lexicon["screen_item_words"]["forms"])
    return any(token.lower_ in forms for token in doc)
