"""The regimes data file read into typed objects once, with everything the engine needs to place a
party: which actors are states, and which country an armed group, company or organisation is based in
(so "arms to Libya" covers a Libyan armed group)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from armstrail import messages
from armstrail.analyse.gazetteer import load_data
from armstrail.errors import DataFileError
from armstrail.model import ITEM_CATEGORIES

ANY = "*"


@dataclass(frozen=True)
class Window:
    """Inclusive dates; ``end`` None is open."""

    start: date
    end: date | None
    by: str


@dataclass(frozen=True)
class Rule:
    """One direction a regime restricts: suppliers, recipients, item categories, actor kinds."""

    suppliers: frozenset[str] | None  # None: anyone
    recipients: frozenset[str] | None
    categories: frozenset[str]
    actor_kinds: frozenset[str] | None  # None: any kind of party
    windows: tuple[Window, ...]  # empty: the regime's windows
    conditions: dict[str, str]  # category -> what an item of it must be to be covered


@dataclass(frozen=True)
class Renewal:
    """A regime renewed periodically: past ``last_end`` nothing on record says it still applies."""

    period: str
    last_end: date
    by: str


@dataclass(frozen=True)
class Regime:
    id: str
    name: str
    instrument: str
    provision: str
    authority: str
    summary: str
    rules: tuple[Rule, ...]
    windows: tuple[Window, ...]
    renewal: Renewal | None
    disputed_by: tuple[str, ...]
    dispute: str | None
    citations: tuple[dict[str, str], ...]
    checked: str

    def span(self) -> tuple[date, date | None]:
        """First day any part applies, and the last (None: open, or open until renewals stop)."""
        windows = [w for r in self.rules for w in r.windows or self.windows]
        ends = [w.end for w in windows]
        end = None if None in ends else max(e for e in ends if e is not None)
        return min(w.start for w in windows), end

    def to_json(self) -> dict[str, Any]:
        start, end = self.span()
        return {
            "id": self.id,
            "name": self.name,
            "instrument": self.instrument,
            "provision": self.provision,
            "authority": self.authority,
            "summary": self.summary,
            "start": start.isoformat(),
            "end": end.isoformat() if end else None,
            "renewal": (
                {
                    "period": self.renewal.period,
                    "last_end": self.renewal.last_end.isoformat(),
                    "by": self.renewal.by,
                }
                if self.renewal
                else None
            ),
            "disputed_by": list(self.disputed_by),
            "dispute": self.dispute,
            "citations": list(self.citations),
            "checked": self.checked,
        }


@dataclass(frozen=True)
class RegimeBook:
    """The regimes and the party facts they are checked with; ``version`` is the data file's."""

    version: str
    regimes: tuple[Regime, ...]
    states: frozenset[str]
    bases: dict[str, str]  # organisation name -> ISO3 of its base
    kinds: dict[str, str]  # organisation name -> armed-group | company | organisation
    origins: dict[str, str]  # weapon designation (and aliases) -> ISO3 of its designer

    def get(self, regime_id: str) -> Regime | None:
        return next((r for r in self.regimes if r.id == regime_id), None)

    def ids(self) -> list[str]:
        return [r.id for r in self.regimes]

    def unknown(self, regime_id: str | None) -> str | None:
        """What to tell a user who names a regime the file does not hold (None: it holds it)."""
        if regime_id is None or self.get(regime_id) is not None:
            return None
        known = ", ".join(self.ids())
        return messages.UNKNOWN_REGIME.format(regime=regime_id, known=known)

    def kind_of(self, actor: str) -> str:
        return "state" if actor in self.states else self.kinds.get(actor, "organisation")

    def places_of(self, actor: str) -> set[str]:
        """The codes a party answers to: itself, and the country it is based in."""
        base = self.bases.get(actor)
        return {actor, base} if base else {actor}


def load_regimes(path: Path | None = None) -> RegimeBook:
    """The bundled regimes (or those at ``path``), checked as they are read."""
    if path is None:
        return _bundled()
    return _book(_read(path.read_text("utf-8") if path.exists() else None, str(path)))


@lru_cache(maxsize=1)
def _bundled() -> RegimeBook:
    raw = resources.files("armstrail.data").joinpath("regimes.json").read_text("utf-8")
    return _book(_read(raw, "regimes.json"))


def _read(raw: str | None, name: str) -> dict[str, Any]:
    if raw is None:
        raise DataFileError(f"data file {name} cannot be read: it does not exist")
    try:
        doc = json.loads(raw)
    except ValueError as exc:
        raise DataFileError(f"data file {name} cannot be read: {exc}") from exc
    if not isinstance(doc, dict) or not isinstance(doc.get("regimes"), list):
        raise DataFileError(f"data file {name} cannot be read: it has no list of regimes")
    doc["_name"] = name
    return doc


def _book(doc: dict[str, Any]) -> RegimeBook:
    data = load_data()
    groups = data["groups"]["groups"]
    origins: dict[str, str] = {}
    for weapon in data["weapons"]["weapons"]:
        if weapon.get("origin"):
            for name in (weapon["name"], *weapon.get("aliases", [])):
                origins[name] = weapon["origin"]
    try:
        regimes = tuple(_regime(entry, doc) for entry in doc["regimes"])
    except (KeyError, TypeError, ValueError) as exc:
        raise DataFileError(f"data file {doc['_name']} has a malformed regime: {exc!r}") from exc
    ids = [r.id for r in regimes]
    if len(set(ids)) != len(ids):
        raise DataFileError(f"data file {doc['_name']} names a regime twice")
    return RegimeBook(
        version=str(doc.get("version", "?")),
        regimes=regimes,
        states=frozenset(s["iso3"] for s in data["states"]["states"]),
        bases={g["name"]: g["base"] for g in groups if g.get("base")},
        kinds={g["name"]: g.get("kind", "organisation") for g in groups},
        origins=origins,
    )


def _regime(entry: dict[str, Any], doc: dict[str, Any]) -> Regime:
    rules = tuple(_rule(rule, doc) for rule in entry["rules"])
    renewal = entry.get("renewal")
    return Regime(
        id=entry["id"],
        name=entry["name"],
        instrument=entry["instrument"],
        provision=entry["provision"],
        authority=entry["authority"],
        summary=entry["summary"],
        rules=rules,
        windows=tuple(_window(w) for w in entry["windows"]),
        renewal=(
            Renewal(renewal["period"], date.fromisoformat(renewal["last_end"]), renewal["by"])
            if renewal
            else None
        ),
        disputed_by=tuple(entry.get("disputed_by") or ()),
        dispute=entry.get("dispute"),
        citations=tuple(entry["citations"]),
        checked=entry["checked"],
    )


def _rule(rule: dict[str, Any], doc: dict[str, Any]) -> Rule:
    categories = rule["categories"]
    conditions: dict[str, str] = {}
    if isinstance(categories, str):  # a named set, with the conditions the data file gives for it
        conditions = dict(doc.get("may_cover_notes", {}).get(categories, {}))
        categories = doc["categories"][categories]
    unknown = set(categories) - set(ITEM_CATEGORIES)
    if unknown:
        raise ValueError(f"unknown item categories {sorted(unknown)}")
    kinds = rule.get("actor_kinds")
    return Rule(
        suppliers=_parties(rule["from"], doc),
        recipients=_parties(rule["to"], doc),
        categories=frozenset(categories),
        actor_kinds=frozenset(kinds) if kinds else None,
        windows=tuple(_window(w) for w in rule.get("windows", ())),
        conditions=conditions,
    )


def _parties(value: str | list[str], doc: dict[str, Any]) -> frozenset[str] | None:
    if value == ANY:
        return None
    if isinstance(value, str):
        return frozenset(doc["groups_of_states"][value])
    return frozenset(value)


def _window(window: dict[str, Any]) -> Window:
    end = window.get("end")
    return Window(date.fromisoformat(window["start"]), date.fromisoformat(end) if end else None, window["by"])
