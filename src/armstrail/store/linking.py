"""Linking inside the store, article by article: each new article's claims are filed into the
stored story clusters by the rule of ``link.ClusterIndex``, with the database as the index. Only
the clusters an article touches are read and rewritten (their origins, stance tallies, deniers
and citations), so the cost of an article follows its candidates, not the size of the store."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, delete, func, insert, select, update

from armstrail.analyse.gazetteer import Gazetteer, load_gazetteer
from armstrail.link.citations import Report, cited_report, outlet_citations, outlet_name
from armstrail.link.clusters import (
    STORY_WINDOW_DAYS,
    Cluster,
    ClusterIndex,
    Key,
    Mention,
    Unit,
    cluster_id,
    story_span,
    units_of,
)
from armstrail.link.origins import Origin
from armstrail.model import Article, Claim, Source
from armstrail.store.entities import record_actors, source_entity
from armstrail.store.query import claim_from_row
from armstrail.store.schema import (
    articles,
    citations,
    claim_sources,
    claims,
    cluster_claims,
    cluster_origins,
    clusters,
    sources,
)

CHUNK = 500


@dataclass(eq=False)
class StoredClusterIndex(ClusterIndex):
    """``ClusterIndex`` whose clusters are the stored ones, read by key and date as a report needs
    them. Use one per transaction: it numbers the clusters it creates from the store's last
    number. ``file_article`` writes back what ``add`` changed."""

    connection: Connection | None = None
    next_seq: int | None = None
    dropped: set[str] = field(default_factory=set)

    @property
    def db(self) -> Connection:
        assert self.connection is not None, "StoredClusterIndex needs a connection"
        return self.connection

    def _has_undated(self, key: Key) -> bool:
        query = _undated_query(key[1] is None, key[2] is None)
        return self.db.execute(query, _key_params(key)).first() is not None

    def _all(self, key: Key) -> list[Cluster]:
        query = _candidates_query(key[1] is None, key[2] is None, False)
        return [_header(row) for row in self.db.execute(query, _key_params(key)).mappings()]

    def _overlapping(self, key: Key, low: date | None, high: date | None) -> list[Cluster]:
        assert low is not None and high is not None
        window = timedelta(days=STORY_WINDOW_DAYS)
        params = _key_params(key)
        params.update(
            b_low=max(low, date.min + window) - window, b_high=min(high, date.max - window) + window
        )
        query = _candidates_query(key[1] is None, key[2] is None, True)
        return [_header(row) for row in self.db.execute(query, params).mappings()]

    def _units(self, cluster: Cluster) -> list[Unit]:
        """A stored story's reports, read from the store the first time they are needed."""
        if not cluster.mentions:
            stored = load_clusters(self.db, [cluster.id])
            cluster.mentions = stored[0].mentions if stored else []
        return units_of(cluster)

    def _new_cluster(self, key: Key, seen: date | None) -> Cluster:
        top_rank = self.db.execute(_top_rank_query(key[1] is None, key[2] is None), _key_params(key)).scalar()
        if self.next_seq is None:
            top_seq = self.db.execute(_TOP_SEQ).scalar()
            self.next_seq = (0 if top_seq is None else int(top_seq)) + 1
        rank = 0 if top_rank is None else int(top_rank) + 1
        cluster = Cluster(cluster_id(key, seen, rank), *key, rank=rank)
        self.db.execute(
            _INSERT_CLUSTER,
            {
                "id": cluster.id,
                "seq": self.next_seq,
                "type": key[0],
                "agent": key[1],
                "recipient": key[2],
                "item_category": key[3],
                "rank": rank,
                "reports": 0,
                "independent_sources": 0,
                "asserts": 0,
                "denies": 0,
                "admits": 0,
                "hedges": 0,
                "deniers": "[]",
                "contradiction": False,
                "undated": 0,
            },
        )
        self.next_seq += 1
        return cluster

    def _index(self, cluster: Cluster) -> None:
        """The database is the index: dates are written back by ``file_article``."""

    def _unindex(self, cluster: Cluster) -> None:
        """The database is the index."""

    def _drop(self, cluster: Cluster) -> None:
        self.dropped.add(cluster.id)


# Statements are built once and run with bound parameters: building SQLAlchemy expressions per
# claim costs more than the queries themselves.
_INSERT_CLUSTER = insert(clusters)
_INSERT_MENTIONS = insert(cluster_claims)
_INSERT_CITATIONS = insert(citations)
_INSERT_ORIGINS = insert(cluster_origins)
_TOP_SEQ = select(func.max(clusters.c.seq))
_SET_DATES = (
    update(clusters)
    .where(clusters.c.id == bindparam("b_id"))
    .values(
        first_seen=bindparam("b_first"),
        last_seen=bindparam("b_last"),
        day=bindparam("b_day"),
        undated=bindparam("b_undated"),
    )
)


def _key_params(key: Key) -> dict[str, Any]:
    params: dict[str, Any] = {"b_type": key[0], "b_category": key[3]}
    if key[1] is not None:
        params["b_agent"] = key[1]
    if key[2] is not None:
        params["b_recipient"] = key[2]
    return params


def _same_key(agent_null: bool, recipient_null: bool) -> list[Any]:
    return [
        clusters.c.type == bindparam("b_type"),
        clusters.c.item_category == bindparam("b_category"),
        clusters.c.agent.is_(None) if agent_null else clusters.c.agent == bindparam("b_agent"),
        clusters.c.recipient.is_(None)
        if recipient_null
        else clusters.c.recipient == bindparam("b_recipient"),
    ]


@cache
def _candidates_query(agent_null: bool, recipient_null: bool, dated: bool) -> Any:
    """The clusters of a key (``dated``: the dated ones whose span meets [b_low, b_high])."""
    query = select(clusters).where(*_same_key(agent_null, recipient_null)).order_by(clusters.c.rank)
    if dated:
        query = query.where(
            clusters.c.first_seen <= bindparam("b_high"), clusters.c.last_seen >= bindparam("b_low")
        )
    return query


@cache
def _undated_query(agent_null: bool, recipient_null: bool) -> Any:
    """Whether a key has a report that gives no date (ix_clusters_undated holds only those)."""
    return (
        select(clusters.c.id).where(*_same_key(agent_null, recipient_null), clusters.c.undated > 0).limit(1)
    )


@cache
def _top_rank_query(agent_null: bool, recipient_null: bool) -> Any:
    return select(func.max(clusters.c.rank)).where(*_same_key(agent_null, recipient_null))


def _header(row: Any) -> Cluster:
    return Cluster(
        row["id"],
        row["type"],
        row["agent"],
        row["recipient"],
        row["item_category"],
        first=row["first_seen"],
        last=row["last_seen"],
        day=row["day"],
        rank=row["rank"],
        undated=row["undated"],
    )


def file_article(
    connection: Connection,
    gaz: Gazetteer,
    article: Article,
    stored: Sequence[tuple[str, Claim]],
    index: StoredClusterIndex | None = None,
) -> set[str]:
    """File one stored article's claims (``(claim id, claim)``) into the clusters; returns the ids
    of the clusters it touched, whose tallies ``refresh_clusters`` must then rewrite."""
    index = index or StoredClusterIndex(gaz, connection=connection)
    ids = {id(claim): claim_id for claim_id, claim in stored}
    touched = index.add(article, [claim for _, claim in stored])
    _write_back(connection, index, touched, ids)
    rows = [
        {"claim_id": claim_id, "position": position, "outlet": outlet, "cited_article_id": None}
        for claim_id, claim in stored
        for position, outlet in outlet_citations(claim, gaz)
    ]
    if rows:
        connection.execute(_INSERT_CITATIONS, rows)
    return {cluster.id for cluster in touched}


def _write_back(
    connection: Connection, index: StoredClusterIndex, touched: Sequence[Cluster], ids: dict[int, str]
) -> None:
    """Write what the index changed: the touched clusters' dates and members (a story partitioned
    anew holds its reports read from the store: their rows move), and the clusters it emptied."""
    if touched:
        connection.execute(
            _SET_DATES,
            [
                {"b_id": c.id, "b_first": c.first, "b_last": c.last, "b_day": c.day, "b_undated": c.undated}
                for c in touched
            ],
        )
        moved = [m.claim_id for c in touched for m in c.mentions if m.claim_id is not None]
        for chunk in _chunks(moved):
            connection.execute(delete(cluster_claims).where(cluster_claims.c.claim_id.in_(chunk)))
        rows = [_mention_row(m.claim_id or ids[id(m.claim)], c.id, m) for c in touched for m in c.mentions]
        if rows:
            connection.execute(_INSERT_MENTIONS, rows)
    for chunk in _chunks(sorted(index.dropped)):
        connection.execute(delete(cluster_origins).where(cluster_origins.c.cluster_id.in_(chunk)))
        connection.execute(delete(clusters).where(clusters.c.id.in_(chunk)))
    index.dropped.clear()


def settle_clusters(
    connection: Connection,
    gaz: Gazetteer,
    cluster_ids: Iterable[str],
    index: StoredClusterIndex | None = None,
) -> set[str]:
    """Partition anew the stories that lost reports (their articles replaced), so that the store
    holds what an ingest of the articles it now has would make: a story a lost report bridged
    falls apart. Returns the clusters touched, for ``refresh_clusters``."""
    index = index or StoredClusterIndex(gaz, connection=connection)
    ids = sorted(set(cluster_ids))
    headers = [
        _header(row)
        for chunk in _chunks(ids)
        for row in connection.execute(select(clusters).where(clusters.c.id.in_(chunk))).mappings()
    ]
    touched: set[str] = set(ids)
    done: set[str] = set()
    for header in sorted(headers, key=lambda c: c.rank):
        if header.id in done:
            continue
        key = (header.type, header.agent, header.recipient, header.item_category)
        region = index.neighbourhood(key, header)
        done.update(c.id for c in region)
        changed = index.repartition(key, region)
        _write_back(connection, index, changed, {})
        touched.update(c.id for c in changed)
    return touched


def _mention_row(claim_id: str, cluster: str, mention: Mention) -> dict[str, Any]:
    origin = mention.origin
    return {
        "claim_id": claim_id,
        "cluster_id": cluster,
        "origin_source": origin.source if origin else None,
        "origin_kind": origin.kind if origin else None,
        "origin_vague": bool(origin and origin.vague),
        "denier": mention.denier,
    }


def unfile_articles(connection: Connection, article_ids: Sequence[str]) -> set[str]:
    """Take these articles' claims out of their clusters (before the articles are replaced);
    returns the clusters to refresh, including those whose citations pointed at the articles."""
    old_claims = select(claims.c.id).where(claims.c.article_id.in_(article_ids))
    affected = set(
        connection.execute(
            select(cluster_claims.c.cluster_id).where(cluster_claims.c.claim_id.in_(old_claims)).distinct()
        ).scalars()
    )
    citing = select(citations.c.claim_id).where(citations.c.cited_article_id.in_(article_ids))
    affected.update(
        connection.execute(
            select(cluster_claims.c.cluster_id).where(cluster_claims.c.claim_id.in_(citing)).distinct()
        ).scalars()
    )
    connection.execute(
        update(citations).where(citations.c.cited_article_id.in_(article_ids)).values(cited_article_id=None)
    )
    connection.execute(delete(citations).where(citations.c.claim_id.in_(old_claims)))
    connection.execute(delete(cluster_claims).where(cluster_claims.c.claim_id.in_(old_claims)))
    return affected


def refresh_clusters(connection: Connection, gaz: Gazetteer, cluster_ids: Iterable[str]) -> None:
    """Rewrite the tallies, origins and citations of these clusters from their claims; a cluster
    left with no claim is deleted."""
    ids = sorted(set(cluster_ids))
    loaded = load_clusters(connection, ids, keep_empty=True)
    for chunk in _chunks(ids):
        connection.execute(delete(cluster_origins).where(cluster_origins.c.cluster_id.in_(chunk)))
    for chunk in _chunks([c.id for c in loaded if not c.mentions]):
        connection.execute(delete(clusters).where(clusters.c.id.in_(chunk)))
    kept = [c for c in loaded if c.mentions]
    tallies: list[dict[str, Any]] = []
    origins: list[dict[str, Any]] = []
    for cluster in kept:
        _redate(cluster)
        record = cluster.to_json(gaz)
        tallies.append(
            {
                "b_id": cluster.id,
                "b_item": record["item"],
                "b_first": cluster.first,
                "b_last": cluster.last,
                "b_day": cluster.day,
                "b_undated": cluster.undated,
                "b_reports": len(record["articles"]),
                "b_independent": record["independent_sources"],
                "b_deniers": json.dumps(record["deniers"], ensure_ascii=False),
                "b_contradiction": record["contradiction"],
                **{f"b_{stance}": count for stance, count in record["stances"].items()},
            }
        )
        origins.extend(
            {
                "cluster_id": cluster.id,
                "position": n,
                "source": o["source"],
                "kind": o["kind"],
                "first_seen": date.fromisoformat(o["first_seen"]) if o["first_seen"] else None,
            }
            for n, o in enumerate(record["origins"])
        )
    if tallies:
        connection.execute(_SET_TALLIES, tallies)
    if origins:
        connection.execute(_INSERT_ORIGINS, origins)
    _resolve_citations(connection, gaz, kept)


_SET_TALLIES = (
    update(clusters)
    .where(clusters.c.id == bindparam("b_id"))
    .values(
        item=bindparam("b_item"),
        first_seen=bindparam("b_first"),
        last_seen=bindparam("b_last"),
        day=bindparam("b_day"),
        undated=bindparam("b_undated"),
        reports=bindparam("b_reports"),
        independent_sources=bindparam("b_independent"),
        deniers=bindparam("b_deniers"),
        contradiction=bindparam("b_contradiction"),
        asserts=bindparam("b_asserts"),
        denies=bindparam("b_denies"),
        admits=bindparam("b_admits"),
        hedges=bindparam("b_hedges"),
    )
)
_SET_CITED = (
    update(citations)
    .where(citations.c.claim_id == bindparam("b_claim"), citations.c.position == bindparam("b_position"))
    .values(cited_article_id=bindparam("b_cited"))
)


def _chunks(items: Sequence[str]) -> list[Sequence[str]]:
    return [items[i : i + CHUNK] for i in range(0, len(items), CHUNK)]


def _redate(cluster: Cluster) -> None:
    """First and last dates, the event's day and the undated reports from the claims the cluster
    still holds."""
    cluster.first, cluster.last, cluster.day, cluster.undated = story_span(units_of(cluster))


def _resolve_citations(connection: Connection, gaz: Gazetteer, kept: Sequence[Cluster]) -> None:
    """Point each citation of the clusters' claims at the cited outlet's report in its cluster."""
    members = {
        cluster.id: {
            m.article: Report(m.article, outlet_name(m.outlet, gaz), m.published) for m in cluster.mentions
        }
        for cluster in kept
    }
    query = (
        select(
            cluster_claims.c.cluster_id,
            citations.c.claim_id,
            citations.c.position,
            citations.c.outlet,
            citations.c.cited_article_id,
            claims.c.article_id,
        )
        .join(cluster_claims, cluster_claims.c.claim_id == citations.c.claim_id)
        .join(claims, claims.c.id == citations.c.claim_id)
    )
    changes = []
    for chunk in _chunks(list(members)):
        for cluster, claim_id, position, outlet, current, article_id in connection.execute(
            query.where(cluster_claims.c.cluster_id.in_(chunk))
        ):
            reports = members[cluster]
            cited = cited_report(outlet, reports[article_id], reports.values())
            if cited != current:
                changes.append({"b_claim": claim_id, "b_position": position, "b_cited": cited})
    if changes:
        connection.execute(_SET_CITED, changes)


def load_clusters(
    connection: Connection, ids: Sequence[str] | None = None, keep_empty: bool = False
) -> list[Cluster]:
    """Stored clusters (all, or these ids) with their claims as mentions, in order of creation.
    Mentions carry their stored origin and denier; their claims carry no chain."""
    if ids is None:
        headers = list(connection.execute(select(clusters).order_by(clusters.c.seq)).mappings())
        chunks: list[Any] = [True]
    else:
        chunks = [cluster_claims.c.cluster_id.in_(ids[i : i + CHUNK]) for i in range(0, len(ids), CHUNK)]
        headers = [
            row
            for i in range(0, len(ids), CHUNK)
            for row in connection.execute(
                select(clusters).where(clusters.c.id.in_(ids[i : i + CHUNK]))
            ).mappings()
        ]
        headers.sort(key=lambda row: row["seq"])
    found = {row["id"]: _header(row) for row in headers}
    query = (
        select(cluster_claims, claims, articles.c.outlet, articles.c.published)
        .join(claims, claims.c.id == cluster_claims.c.claim_id)
        .join(articles, articles.c.id == claims.c.article_id)
        .order_by(articles.c.published, claims.c.article_id, claims.c.n)
    )
    for condition in chunks:
        for row in connection.execute(query.where(condition)).mappings():
            cluster = found.get(row["cluster_id"])
            if cluster is not None:
                cluster.mentions.append(_mention(row))
    for cluster in found.values():  # one order on every backend (NULL dates sort differently)
        cluster.mentions.sort(key=lambda m: (m.published is None, m.published or date.min, m.article))
    return [c for c in found.values() if c.mentions or keep_empty]


def _mention(row: Any) -> Mention:
    origin = (
        Origin(row["origin_source"], row["origin_kind"], bool(row["origin_vague"]))
        if row["origin_source"] is not None
        else None
    )
    return Mention(
        row["article_id"],
        row["outlet"],
        row["published"],
        claim_from_row(row),
        origin,
        row["denier"],
        row["claim_id"],
    )


def relink(engine: Engine, gaz: Gazetteer | None = None) -> int:
    """Rebuild every cluster, citation, source entity and actor from the stored claims, oldest
    article first: after an upgrade from a store without links, or when the linking rules change.
    Returns the number of clusters."""
    gaz = gaz or load_gazetteer()
    with engine.begin() as connection:
        for table in (citations, cluster_origins, cluster_claims, clusters):
            connection.execute(delete(table))
        for row in connection.execute(select(sources)).mappings().all():
            entity = source_entity(row["name"], row["kind"], gaz)
            connection.execute(
                update(sources)
                .where(sources.c.id == row["id"])
                .values(outlet=entity["outlet"], state=entity["state"])
            )
        chains: dict[str, list[Source]] = {}
        for link in connection.execute(
            select(claim_sources).order_by(claim_sources.c.claim_id, claim_sources.c.position)
        ).mappings():
            chains.setdefault(link["claim_id"], []).append(Source(link["name"], link["kind"]))
        stored_articles = connection.execute(
            select(articles.c.id, articles.c.outlet, articles.c.published).order_by(
                articles.c.published.is_(None),
                articles.c.published,
                articles.c.id,  # undated last
            )
        ).all()
        touched: set[str] = set()
        index = StoredClusterIndex(gaz, connection=connection)
        for article_id, outlet, published in stored_articles:
            # the text tells which state a named official speaks for (link/voices.py)
            text = connection.execute(select(articles.c.text).where(articles.c.id == article_id)).scalar()
            article = Article(article_id, text or "", outlet=outlet, published=published)
            rows = connection.execute(
                select(claims).where(claims.c.article_id == article_id).order_by(claims.c.n)
            ).mappings()
            stored = [(row["id"], claim_from_row(row, chains.get(row["id"], ()))) for row in rows]
            touched |= file_article(connection, gaz, article, stored, index)
            record_actors(connection, gaz, (code for _, c in stored for code in (c.agent, c.recipient)))
        refresh_clusters(connection, gaz, touched)
        return int(connection.execute(select(func.count()).select_from(clusters)).scalar_one())
