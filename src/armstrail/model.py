"""The nouns every stage shares: articles that go in, claims that come out, problems met on the way."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

CLAIM_TYPES = ("TRANSFER", "PRODUCE", "AGREE", "USE", "TRAIN", "SANCTION")
STATUSES = ("occurred", "ongoing", "planned", "interdicted", "unknown")
STANCES = ("asserts", "denies", "admits", "hedges")
SOURCE_KINDS = (
    "media",
    "government-named",
    "government-anonymous",
    "official-named",
    "anonymous",
    "document",
    "imagery",
    "organisation",
    "unknown",
)
ITEM_CATEGORIES = (
    "uav",
    "ballistic-missile",
    "cruise-missile",
    "artillery-ammunition",
    "artillery",
    "air-defence",
    "armoured-vehicle",
    "aircraft",
    "helicopter",
    "small-arms",
    "naval",
    "components",
    "designs",
    "other",
)


@dataclass
class Article:
    """One news article as read, before any analysis. ``text`` is kept exactly as read: claim offsets
    point into it."""

    id: str
    text: str
    url: str | None = None
    outlet: str | None = None
    published: date | None = None
    title: str | None = None
    origin: str = ""  # where it was read from: "path" or "path#line"
    warnings: list[str] = field(default_factory=list)
    author: str | None = None
    summary_only: bool = False  # a feed item with only its summary: the article is longer than this
    given: tuple[Any, ...] | None = None  # its record's ``claims`` list, kept only for --given-claims


@dataclass(frozen=True)
class Source:
    """One link of an attribution chain."""

    name: str
    kind: str


@dataclass
class Claim:
    """One proposition about an arms-related event, as one source puts it (SCHEMA.md)."""

    type: str
    agent: str | None
    recipient: str | None
    item: str
    item_category: str
    quantity: str | None
    when: str | None
    status: str
    stance: str
    sources: tuple[Source, ...]
    evidence: str
    start: int
    end: int
    extractor: str = ""

    def key(self) -> tuple[object, ...]:
        """What makes two claims of one article the same claim (SCHEMA.md rule of thumb)."""
        return (
            self.type,
            self.agent,
            self.recipient,
            self.item,
            self.stance,
            tuple(s.name for s in self.sources),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "agent": self.agent,
            "recipient": self.recipient,
            "item": self.item,
            "item_category": self.item_category,
            "quantity": self.quantity,
            "when": self.when,
            "status": self.status,
            "stance": self.stance,
            "sources": [s.name for s in self.sources],
            "source_kinds": [s.kind for s in self.sources],
            "evidence": self.evidence,
            "evidence_start": self.start,
            "evidence_end": self.end,
            "extractor": self.extractor,
        }


@dataclass(frozen=True)
class Problem:
    """An input that produced no article, or an article that was not analysed, with the reason.
    ``level`` "error" makes the run fail; "skipped" is a notice (e.g. a non-English text)."""

    origin: str
    reason: str
    level: Literal["error", "skipped"] = "error"

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"
