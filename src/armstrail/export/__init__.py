"""Exports of the store: claims as JSON Lines, story clusters as SCHEMA.md's clusters-json, and a
transfer register as CSV in the spirit of SIPRI's (one row per transfer or deal story)."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import Engine

from armstrail.analyse.gazetteer import Gazetteer, load_gazetteer
from armstrail.link.clusters import Cluster, claim_date
from armstrail.store.query import stored_claims
from armstrail.store.stories import stored_clusters, stories_json

FORMATS = ("jsonl", "csv", "clusters-json")
REGISTER_TYPES = ("TRANSFER", "AGREE")
REGISTER_COLUMNS = (
    "supplier",
    "recipient",
    "designation",
    "category",
    "number",
    "year_of_agreement",
    "years_of_delivery",
    "status",
    "first_reported",
    "sources",
    "independent_sources",
    "deniers",
    "comments",
)


def export(engine: Engine, fmt: str) -> Iterator[str]:
    """The store in format ``fmt``, as chunks of text to write in order."""
    if fmt == "jsonl":
        for stored in stored_claims(engine):
            yield json.dumps(stored.to_json(), ensure_ascii=False) + "\n"
    elif fmt == "clusters-json":
        yield json.dumps(stories_json(engine), ensure_ascii=False, indent=1) + "\n"
    elif fmt == "csv":
        yield register_csv(stored_clusters(engine), load_gazetteer())
    else:
        raise ValueError(f"unknown export format {fmt!r}; known: {', '.join(FORMATS)}")


def register_rows(clusters: Iterable[Cluster], gaz: Gazetteer) -> list[dict[str, Any]]:
    """One row per TRANSFER or AGREE story cluster, oldest first."""
    chosen = [c for c in clusters if c.type in REGISTER_TYPES]
    ordered = sorted(chosen, key=lambda c: (c.first.isoformat() if c.first else "9", c.id))
    return [_register_row(cluster, gaz) for cluster in ordered]


def _years(cluster: Cluster, delivered_only: bool = False) -> list[str]:
    """Years the asserting mentions place the event in (deliveries: only what has happened)."""
    years = set()
    for m in cluster.mentions:
        if m.claim.stance == "denies" or (delivered_only and m.claim.status == "planned"):
            continue
        seen = claim_date(m.claim, m.published)
        if seen is not None:
            years.add(str(seen.year))
    return sorted(years)


def _register_row(cluster: Cluster, gaz: Gazetteer) -> dict[str, Any]:
    record = cluster.to_json(gaz)
    quantities = [m.claim.quantity for m in cluster.mentions if m.claim.quantity]
    statuses = Counter(m.claim.status for m in cluster.mentions if m.claim.stance != "denies")
    origins = "; ".join(o["source"] for o in record["origins"])
    comments = [f"origins: {origins}"] if origins else []
    if record["contradiction"]:
        comments.append("contradicted: asserted and denied")
    years = _years(cluster)
    delivered = _years(cluster, delivered_only=True)
    return {
        "supplier": cluster.agent or "",
        "recipient": cluster.recipient or "",
        "designation": cluster.item or "",
        "category": cluster.item_category,
        "number": Counter(quantities).most_common(1)[0][0] if quantities else "",
        "year_of_agreement": ";".join(years) if cluster.type == "AGREE" else "",
        "years_of_delivery": ";".join(delivered) if cluster.type == "TRANSFER" else "",
        "status": statuses.most_common(1)[0][0] if statuses else "denied only",
        "first_reported": record["first_seen"] or "",
        "sources": len(record["articles"]),
        "independent_sources": record["independent_sources"],
        "deniers": ";".join(record["deniers"]),
        "comments": "; ".join(comments),
    }


def register_csv(clusters: Iterable[Cluster], gaz: Gazetteer) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=REGISTER_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(register_rows(clusters, gaz))
    return out.getvalue()
