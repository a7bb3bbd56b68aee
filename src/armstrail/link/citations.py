"""The citation graph: a claim whose chain names a media outlet cites that outlet; when the store
holds that outlet's own report of the same proposition, published no later, the claim cites that
article (the earliest such: the scoop, not a later follow-up)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from armstrail.analyse.gazetteer import Gazetteer
from armstrail.model import Claim


@dataclass(frozen=True)
class Report:
    """A stored article as a citation candidate."""

    id: str
    outlet: str | None  # by its gazetteer name (``outlet_name``)
    published: date | None


def _known(key: str, gaz: Gazetteer) -> str | None:
    return gaz.outlet_aliases.get(key) or gaz.outlet_domains.get(key)


def outlet_name(name: str | None, gaz: Gazetteer) -> str | None:
    """An outlet's gazetteer name from any of its names, aliases or domains (``www.`` dropped);
    a name the gazetteer lacks stands for itself."""
    if not name or not name.strip():
        return None
    return _known(name.strip().casefold().removeprefix("www."), gaz) or name.strip()


def is_named_outlet(name: str, gaz: Gazetteer) -> bool:
    return _known(name.strip().casefold().removeprefix("www."), gaz) is not None


def outlet_citations(claim: Claim, gaz: Gazetteer) -> list[tuple[int, str]]:
    """(position in the chain, outlet) for every link of the chain that is a named media outlet."""
    cited = []
    for position, source in enumerate(claim.sources):
        if source.kind == "media" and is_named_outlet(source.name, gaz):
            cited.append((position, outlet_name(source.name, gaz) or source.name))
    return cited


def cited_report(outlet: str, citing: Report, reports: Iterable[Report]) -> str | None:
    """The stored report ``citing`` refers to: the same outlet, another article, not published
    after the citing one (undated articles are not ruled out), earliest first."""
    candidates = [
        r
        for r in reports
        if r.outlet == outlet
        and r.id != citing.id
        and (r.published is None or citing.published is None or r.published <= citing.published)
    ]
    if not candidates:
        return None
    return min(candidates, key=lambda r: (r.published or date.max, r.id)).id
