"""Story clusters as stored: read straight from the tables the ingest keeps up to date
(``store.linking``), in SCHEMA.md's clusters-json shape."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlalchemy import Engine, func, select

from armstrail.link import Cluster
from armstrail.store.linking import load_clusters
from armstrail.store.schema import articles, claims, cluster_claims, cluster_origins, clusters


def story_records(
    engine: Engine,
    agent: str | None = None,
    recipient: str | None = None,
    type_: str | None = None,
    contradictions: bool = False,
    cluster_id: str | None = None,
    newest: int | None = None,
    skip: int = 0,
    oldest: int | None = None,
) -> list[dict[str, Any]]:
    """The stored clusters matching the filters, oldest first, as clusters-json records; with
    ``newest``, only that many (after ``skip``), latest reports first (undated last); with
    ``oldest``, only that many (after ``skip``) in creation order (a page of the API)."""
    conditions = story_conditions(agent, recipient, type_, contradictions, cluster_id)
    origin_query = select(cluster_origins).order_by(cluster_origins.c.cluster_id, cluster_origins.c.position)
    member_query = (
        select(cluster_claims.c.cluster_id, claims.c.article_id, articles.c.published)
        .join(claims, claims.c.id == cluster_claims.c.claim_id)
        .join(articles, articles.c.id == claims.c.article_id)
    )
    order: tuple[Any, ...] = (clusters.c.seq,)
    limit = oldest
    if newest is not None:
        order = (clusters.c.last_seen.desc().nulls_last(), clusters.c.seq.desc())  # ix_clusters_last_seen
        limit = newest
    if conditions or limit is not None:  # the database picks the clusters' origins and members
        chosen = select(clusters.c.id).where(*conditions).order_by(*order).limit(limit).offset(skip or None)
        origin_query = origin_query.where(cluster_origins.c.cluster_id.in_(chosen))
        member_query = member_query.where(cluster_claims.c.cluster_id.in_(chosen))
    with engine.connect() as connection:
        headers = list(
            connection.execute(
                select(clusters).where(*conditions).order_by(*order).limit(limit).offset(skip or None)
            ).mappings()
        )
        origins: dict[str, list[dict[str, Any]]] = {}
        for row in connection.execute(origin_query).mappings():
            origins.setdefault(row["cluster_id"], []).append(
                {"source": row["source"], "kind": row["kind"], "first_seen": _iso(row["first_seen"])}
            )
        reports: dict[str, dict[str, date | None]] = {}
        for cluster, article, published in connection.execute(member_query):
            reports.setdefault(cluster, {})[article] = published
    return [cluster_record(row, origins.get(row["id"], []), reports.get(row["id"], {})) for row in headers]


def story_conditions(
    agent: str | None = None,
    recipient: str | None = None,
    type_: str | None = None,
    contradictions: bool = False,
    cluster_id: str | None = None,
) -> list[Any]:
    """The WHERE terms of a story listing (shared by the CLI, the pages and the API's count)."""
    conditions: list[Any] = [
        column == value
        for column, value in (
            (clusters.c.agent, agent),
            (clusters.c.recipient, recipient),
            (clusters.c.type, type_),
            (clusters.c.id, cluster_id),
        )
        if value
    ]
    if contradictions:
        conditions.append(clusters.c.contradiction.is_(True))
    return conditions


def cluster_record(
    row: Any, origins: list[dict[str, Any]], reports: dict[str, date | None]
) -> dict[str, Any]:
    """A clusters row as a clusters-json record (the shape ``score_clusters.py`` reads)."""
    return {
        "id": row["id"],
        "type": row["type"],
        "agent": row["agent"],
        "recipient": row["recipient"],
        "item_category": row["item_category"],
        "item": row["item"],
        "articles": sorted(reports, key=lambda a: (reports[a] is None, reports[a] or date.min, a)),
        "origins": origins,
        "independent_sources": row["independent_sources"],
        "stances": {s: row[s] for s in ("asserts", "denies", "admits", "hedges")},
        "deniers": json.loads(row["deniers"]),
        "contradiction": bool(row["contradiction"]),
        "first_seen": _iso(row["first_seen"]),
        "last_seen": _iso(row["last_seen"]),
    }


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def story_total(
    engine: Engine,
    agent: str | None = None,
    recipient: str | None = None,
    type_: str | None = None,
    contradictions: bool = False,
) -> int:
    """How many stories match the filters (a listing's page count)."""
    query = select(func.count()).select_from(clusters).where(
        *story_conditions(agent, recipient, type_, contradictions)
    )
    with engine.connect() as connection:
        return int(connection.execute(query).scalar_one())


def story_count(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(clusters)).scalar_one())


def stories_json(engine: Engine) -> dict[str, Any]:
    """The clusters-json export of SCHEMA.md, from the store."""
    return {"clusters": story_records(engine)}


def stored_clusters(engine: Engine) -> list[Cluster]:
    """Every stored cluster with its claims (for the register export)."""
    with engine.connect() as connection:
        return load_clusters(connection)


def cluster_of_claim(engine: Engine, claim_id: str) -> dict[str, Any] | None:
    """The clusters-json record of the cluster a stored claim belongs to."""
    with engine.connect() as connection:
        found = connection.execute(
            select(cluster_claims.c.cluster_id).where(cluster_claims.c.claim_id == claim_id)
        ).scalar_one_or_none()
    if found is None:
        return None
    records = story_records(engine, cluster_id=found)
    return records[0] if records else None
