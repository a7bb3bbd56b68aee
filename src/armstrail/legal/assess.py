"""The engine: for one claim, each regime whose scope matches its parties and item category, with a
status on the claim's date. Pure functions; the store and every surface call ``assess_claim``.

Statuses: ``in-force``; ``contested`` (in force by its text, disputed by named states);
``not-in-force`` (scope matches, the date is outside every window); ``unknown`` (no date at all, or
a date after the last renewal on record of a regime that is renewed periodically)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal

from armstrail.legal.regimes import Regime, RegimeBook, Rule, Window
from armstrail.model import Claim

Status = Literal["in-force", "contested", "not-in-force", "unknown"]
DateBasis = Literal["when", "published", "none"]
STATUSES: tuple[Status, ...] = ("in-force", "contested", "not-in-force", "unknown")
CHECKED_TYPES = ("TRANSFER", "AGREE", "PRODUCE", "TRAIN")
_PART = re.compile(r"(?P<year>\d{4})(?:-(?P<month>\d\d)(?:-(?P<day>\d\d))?)?")
OPEN = ("..", "")


@dataclass(frozen=True)
class Period:
    """Inclusive days; ``date.min`` / ``date.max`` for an open end."""

    start: date
    end: date

    def overlaps(self, window: Window, end: date | None) -> bool:
        return self.start <= (end or date.max) and self.end >= window.start

    def inside(self, window: Window, end: date | None) -> bool:
        return self.start >= window.start and self.end <= (end or date.max)

    def label(self) -> str:
        start = "" if self.start == date.min else self.start.isoformat()
        end = "" if self.end == date.max else self.end.isoformat()
        return start if start == end else f"{start or '..'} to {end or '..'}"


@dataclass(frozen=True)
class RegimeCheck:
    """What one regime says of one claim. The wording is "may fall under", never "violates"."""

    id: str
    name: str
    status: Status
    instrument: str
    provision: str
    date_basis: DateBasis
    note: str

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "status": self.status,
            "instrument": self.instrument,
            "provision": self.provision,
            "date_basis": self.date_basis,
            "note": self.note,
        }


def assess_claim(claim: Claim, published: date | None, book: RegimeBook) -> list[RegimeCheck]:
    """Every regime the claim may fall under, in the data file's order."""
    if claim.type not in CHECKED_TYPES:
        return []
    parties = _parties(claim, book)
    if parties is None:
        return []
    supplier, recipient, party_note = parties
    period, basis = claim_period(claim.when, published)
    checks = []
    for regime in book.regimes:
        rules = [r for r in regime.rules if _matches(r, supplier, recipient, claim.item_category, book)]
        if rules:
            status, notes = _status(regime, rules, period, claim.item_category)
            notes = [*([party_note] if party_note else []), *_basis_note(basis, period), *notes]
            checks.append(
                RegimeCheck(
                    regime.id,
                    regime.name,
                    status,
                    regime.instrument,
                    regime.provision,
                    basis,
                    "; ".join(notes),
                )
            )
    return checks


def _parties(claim: Claim, book: RegimeBook) -> tuple[str | None, str | None, str] | None:
    """Supplier and recipient as the regimes see them. Producing a system another state designed
    implies its designs or technology went from that state to the producer."""
    if claim.type != "PRODUCE":
        return claim.agent, claim.recipient, ""
    origin = book.origins.get(claim.item)
    if origin is None or claim.agent is None or origin in book.places_of(claim.agent):
        return None
    return (
        origin,
        claim.agent,
        f"producing a system designed in {origin} implies a transfer of its designs or technology",
    )


def _matches(
    rule: Rule, supplier: str | None, recipient: str | None, category: str, book: RegimeBook
) -> bool:
    if category not in rule.categories:
        return False
    for parties, actor in ((rule.suppliers, supplier), (rule.recipients, recipient)):
        if parties is None:
            continue
        if actor is None or not book.places_of(actor) & parties:
            return False
        if rule.actor_kinds is not None and book.kind_of(actor) not in rule.actor_kinds:
            return False
    return True


def _status(
    regime: Regime, rules: list[Rule], period: Period | None, category: str
) -> tuple[Status, list[str]]:
    if period is None:
        return "unknown", ["no date: neither the claim nor its article gives one"]
    last = regime.renewal.last_end if regime.renewal else None
    spans = [(rule, w, w.end or last) for rule in rules for w in rule.windows or regime.windows]
    hits = [(rule, w, end) for rule, w, end in spans if period.overlaps(w, end)]
    if hits:
        notes = _condition(hits, category)
        if not any(period.inside(w, end) for _, w, end in hits):
            notes.append(f"the claim's period ({period.label()}) runs past the edge of the window")
        if regime.disputed_by:
            notes.append(f"in force by its text; disputed by {', '.join(regime.disputed_by)}")
            return "contested", notes
        return "in-force", notes
    if regime.renewal and any(w.end is None for _, w, _ in spans) and period.end > regime.renewal.last_end:
        renewal = regime.renewal
        return "unknown", [
            f"after the last renewal on record ({renewal.by}, to {renewal.last_end.isoformat()}): "
            "check whether it was renewed"
        ]
    windows = ", ".join(_window_label(w, end) for _, w, end in spans)
    return "not-in-force", [f"the date is outside the window ({windows})"]


def _condition(hits: list[tuple[Rule, Window, date | None]], category: str) -> list[str]:
    """The condition an item must meet to be covered, unless some rule in force covers it outright."""
    conditions = [rule.conditions.get(category) for rule, _, _ in hits]
    if any(c is None for c in conditions):
        return []
    return [f"covered only if {conditions[0]}"]


def _window_label(window: Window, end: date | None) -> str:
    return f"{window.start.isoformat()} to {end.isoformat() if end else 'open'}"


def _basis_note(basis: DateBasis, period: Period | None) -> list[str]:
    if basis == "published" and period is not None:
        return [f"dated by the article's publication ({period.start.isoformat()}): the claim gives no date"]
    return []


def claim_period(when: str | None, published: date | None) -> tuple[Period | None, DateBasis]:
    """The claim's period from ``when`` (a date, month, year or interval with ".." for an open end),
    else the article's publication day, else none. An unreadable ``when`` counts as none."""
    period = parse_when(when, published)
    if period is not None:
        return period, "when"
    if published is not None:
        return Period(published, published), "published"
    return None, "none"


def parse_when(when: str | None, published: date | None = None) -> Period | None:
    """``when`` as a period; None if it is empty or not a SCHEMA.md date. An interval open at its
    end ("since 2022-02-24") runs to the article's date: what it reports has happened by then."""
    if not when or not isinstance(when, str):
        return None
    text = when.strip()
    if "/" not in text:
        bounds = _bounds(text)
        return Period(*bounds) if bounds else None
    first, _, last = text.partition("/")
    lo = (date.min, date.min) if first.strip() in OPEN else _bounds(first.strip())
    hi = (date.max, date.max) if last.strip() in OPEN else _bounds(last.strip())
    if lo is None or hi is None or (lo[0] == date.min and hi[1] == date.max):
        return None
    end = hi[1]
    if end == date.max and published is not None:
        end = max(published, lo[0])
    return Period(lo[0], end) if lo[0] <= end else None


def _bounds(text: str) -> tuple[date, date] | None:
    """First and last day of an ISO date, month or year."""
    match = _PART.fullmatch(text)
    if match is None:
        return None
    year = int(match["year"])
    try:
        if match["day"]:
            day = date(year, int(match["month"]), int(match["day"]))
            return day, day
        if match["month"]:
            first = date(year, int(match["month"]), 1)
            following = date(year + first.month // 12, first.month % 12 + 1, 1)
            return first, following - timedelta(days=1)
        return date(year, 1, 1), date(year, 12, 31)
    except ValueError:
        return None
