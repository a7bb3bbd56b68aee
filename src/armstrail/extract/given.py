"""Claims given with the article instead of extracted (``--given-claims``): analysts who code claims
by hand, or with another tool, and the gold corpora, whose clusters and independence counts are then
measured on their own. Each claim of a record's ``claims`` list (SCHEMA.md) is checked and turned
into a ``Claim`` with its evidence located in the text; a claim that cannot be is reported with its
article and its number, and the article's other claims go on."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from armstrail import messages
from armstrail.extract.evidence import evidence_span
from armstrail.model import (
    CLAIM_TYPES,
    ITEM_CATEGORIES,
    SOURCE_KINDS,
    STANCES,
    STATUSES,
    Article,
    Claim,
    Problem,
    Source,
)

GIVEN = "given"  # the extractor every given claim names


def given_results(items: Iterable[Any]) -> Iterator[Any]:
    """Each article as an ``Extraction`` of the claims it came with, each bad claim (or a missing
    list) as a ``Problem`` naming the article and the claim; problems and extractions pass."""
    from armstrail.pipeline import Extraction

    for item in items:
        if not isinstance(item, Article):
            yield item
            continue
        claims, reasons = given_claims(item)
        yield from (Problem(item.origin or item.id, reason) for reason in reasons)
        yield Extraction(item, claims, extractor=GIVEN)


def given_claims(article: Article) -> tuple[list[Claim], list[str]]:
    """The article's given claims that hold, and why each other one does not."""
    if article.given is None:
        return [], [messages.GIVEN_NO_LIST.format(article=article.id)]
    claims: list[Claim] = []
    reasons: list[str] = []
    for n, raw in enumerate(article.given):
        claim_or_reason = given_claim(article, raw)
        if isinstance(claim_or_reason, Claim):
            claims.append(claim_or_reason)
        else:
            reasons.append(messages.GIVEN_BAD_CLAIM.format(article=article.id, n=n, reason=claim_or_reason))
    return claims, reasons


def given_claim(article: Article, raw: object) -> Claim | str:
    """One claim as SCHEMA.md writes it, or what is wrong with it."""
    if not isinstance(raw, dict):
        return "not a JSON object"
    problem = _check_values(raw)
    if problem:
        return problem
    names, kinds = raw.get("sources") or [], raw.get("source_kinds") or []
    if not isinstance(names, list) or not isinstance(kinds, list) or (kinds and len(kinds) != len(names)):
        return "sources and source_kinds must be lists of the same length"
    kinds = kinds or ["unknown"] * len(names)
    if not all(isinstance(name, str) and name for name in names) or any(k not in SOURCE_KINDS for k in kinds):
        return f"a source must be a name, and its kind one of: {', '.join(SOURCE_KINDS)}"
    span = evidence_span(article.text, raw.get("evidence") or "")
    if span is None:
        return "its evidence is not in the article's text"
    category = raw["item_category"]
    return Claim(
        type=raw["type"],
        agent=raw.get("agent"),
        recipient=raw.get("recipient"),
        item=raw.get("item") or category,
        item_category=category,
        quantity=_text_or_none(raw.get("quantity")),
        when=_text_or_none(raw.get("when")),
        status=raw.get("status") or "unknown",
        stance=raw.get("stance") or "asserts",
        sources=tuple(Source(name, kind) for name, kind in zip(names, kinds, strict=True)),
        evidence=article.text[span[0] : span[1]],
        start=span[0],
        end=span[1],
        extractor=GIVEN,
    )


def _check_values(raw: dict[str, Any]) -> str | None:
    for name, allowed, required in (
        ("type", CLAIM_TYPES, True),
        ("item_category", ITEM_CATEGORIES, True),
        ("stance", STANCES, False),
        ("status", STATUSES, False),
    ):
        value = raw.get(name)
        if value is None and not required:
            continue
        if value not in allowed:
            return f"{name} {value!r} is not one of: {', '.join(allowed)}"
    for name in ("agent", "recipient", "item"):
        value = raw.get(name)
        if value is not None and not (isinstance(value, str) and value.strip()):
            return f"{name} must be a name or null"
    return None


def _text_or_none(value: object) -> str | None:
    return None if value is None else str(value)
