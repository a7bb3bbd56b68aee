"""Gold articles (SCHEMA.md) turned into training examples: each gold claim aligned through its
evidence to the sentences of the parsed text, its parties normalised like the extractor's own, and
every claim that could not be aligned reported with the reason."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from armstrail.extract.evidence import evidence_span
from armstrail.model import Article


@dataclass(frozen=True)
class GoldClaim:
    """A gold claim as SCHEMA writes it, with the sentence indexes its evidence covers."""

    type: str
    agent: str | None
    recipient: str | None
    item: str
    item_category: str
    stance: str
    status: str
    when: str | None
    sources: tuple[str, ...]
    source_kinds: tuple[str, ...]
    evidence: str
    sentences: tuple[int, ...] = ()

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> GoldClaim:
        return cls(
            type=raw["type"],
            agent=raw.get("agent"),
            recipient=raw.get("recipient"),
            item=raw.get("item") or raw.get("item_category") or "other",
            item_category=raw.get("item_category") or "other",
            stance=raw.get("stance") or "asserts",
            status=raw.get("status") or "unknown",
            when=raw.get("when"),
            sources=tuple(raw.get("sources") or ()),
            source_kinds=tuple(raw.get("source_kinds") or ()),
            evidence=raw.get("evidence") or "",
        )


@dataclass
class GoldArticle:
    """One gold file: the article as the extractor reads it, its story and its claims."""

    article: Article
    story: str
    claims: list[GoldClaim]
    corpus: str  # the folder it came from, for reports and grouping
    raw_claims: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Unaligned:
    article: str
    claim: int
    reason: str


def read_gold(folders: Iterable[Path]) -> Iterator[GoldArticle]:
    """Every gold article of ``folders`` (one JSON file each), in name order."""
    for folder in folders:
        for path in sorted(Path(folder).glob("*.json")):
            raw = json.loads(path.read_text(encoding="utf-8"))
            published = raw.get("published")
            article = Article(
                id=raw["id"],
                text=raw["text"],
                url=raw.get("url"),
                outlet=raw.get("outlet"),
                published=date.fromisoformat(published) if published else None,
                title=raw.get("title"),
                origin=str(path),
            )
            claims = [GoldClaim.from_json(c) for c in raw.get("claims") or []]
            yield GoldArticle(
                article,
                raw.get("story") or raw["id"],
                claims,
                Path(folder).name,
                list(raw.get("claims") or []),
            )


def align(gold: GoldArticle, sent_spans: list[tuple[int, int]]) -> tuple[list[GoldClaim], list[Unaligned]]:
    """Each gold claim with the sentences its evidence overlaps; those whose evidence is not in
    the text are returned as unaligned, with the reason."""
    aligned: list[GoldClaim] = []
    missed: list[Unaligned] = []
    for n, claim in enumerate(gold.claims):
        span = evidence_span(gold.article.text, claim.evidence)
        if span is None:
            missed.append(Unaligned(gold.article.id, n, "evidence not found in the text"))
            continue
        start, end = span
        hits = tuple(i for i, (s, e) in enumerate(sent_spans) if s < end and start < e)
        if not hits:
            missed.append(Unaligned(gold.article.id, n, "evidence covers no sentence"))
            continue
        aligned.append(replace(claim, sentences=hits))
    return aligned, missed


def main_sentence(claim: GoldClaim, sent_texts: list[str], named: list[set[str]] | None = None) -> int:
    """Of the sentences a claim's evidence spans, the one where its claim is made: the one naming
    most of its parties (by code, when ``named`` gives each sentence's actor codes), else the
    longest (a dateline or a heading carries no claim)."""
    if len(claim.sentences) == 1:
        return claim.sentences[0]
    parties = {p for p in (claim.agent, claim.recipient) if p}

    def rank(i: int) -> tuple[int, int]:
        hits = len(parties & named[i]) if named is not None else 0
        return hits, len(sent_texts[i].strip())

    return max(claim.sentences, key=rank)
