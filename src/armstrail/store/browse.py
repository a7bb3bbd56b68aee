"""Browsing the store page by page: the filters, sorting and pagination that the web pages and the
HTTP API share (``armstrail serve``). Everything is pushed into SQL, so a page of 50 claims costs
the same on a store of 50 or 50,000 articles."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, fields
from datetime import date
from typing import Any, Generic, TypeVar

from sqlalchemy import Engine, Select, and_, exists, func, literal_column, select, text, true

from armstrail.model import Source
from armstrail.store.query import StoredClaim, claim_from_row, regime_matches
from armstrail.store.schema import (
    actors,
    appearances,
    articles,
    claim_sources,
    claims,
    cluster_claims,
    clusters,
    sources,
)
from armstrail.store.stories import story_conditions, story_records

T = TypeVar("T")
MAX_PAGE_SIZE = 500
# The deepest page a listing serves: 500 million rows in at the largest size, far past any store,
# and an OFFSET every database holds (a page number parsed from a URL can be any length).
MAX_PAGE = 1_000_000
EXPORT_BATCH = 500  # claims per batch of a streamed download
APPEARANCES_LISTED = 200  # an article's copies listed with it (the total is given beside them)
SORTS = {
    "article": (claims.c.article_id, claims.c.n),
    # Undated articles first going up and last going down, as SQLite orders NULLs and as the index
    # ix_articles_published (published DESC NULLS LAST, id) is read: PostgreSQL's own default
    # (NULLs above every date) made it sort every article for a page of 50 (bench/RESULTS.md).
    "date": (articles.c.published.asc().nulls_first(), claims.c.article_id, claims.c.n),
    "-date": (articles.c.published.desc().nulls_last(), claims.c.article_id, claims.c.n),
    "type": (claims.c.type, claims.c.article_id, claims.c.n),
    "agent": (claims.c.agent, claims.c.article_id, claims.c.n),
    "recipient": (claims.c.recipient, claims.c.article_id, claims.c.n),
    "stance": (claims.c.stance, claims.c.article_id, claims.c.n),
}


@dataclass(frozen=True)
class ClaimFilters:
    """What an analyst narrows claims by; every field is optional and they combine with AND."""

    agent: str | None = None
    recipient: str | None = None
    type: str | None = None
    item: str | None = None  # designation, matched case-insensitively as a substring
    category: str | None = None
    status: str | None = None
    stance: str | None = None
    source_kind: str | None = None  # a link of the chain has this kind ("own-voice": none has)
    since: date | None = None  # the article's publication date, inclusive
    until: date | None = None
    outlet: str | None = None
    q: str | None = None  # words that must all appear in the evidence sentence
    actor: str | None = None  # agent or recipient
    regime: str | None = None  # an id of data/regimes.json the claim may fall under
    regime_status: str | None = None  # in-force | contested | not-in-force | unknown

    @classmethod
    def names(cls) -> list[str]:
        return [f.name for f in fields(cls)]

    def active(self) -> dict[str, Any]:
        return {
            f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) not in (None, "")
        }


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    total: int  # with ``exact`` false: at least this many (counting stopped there)
    page: int
    page_size: int
    exact: bool = True
    more: bool = False  # rows follow this page (known without counting them all)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))

    @property
    def has_next(self) -> bool:
        return self.more or self.page < self.pages


def search_claims(
    engine: Engine,
    filters: ClaimFilters,
    page: int = 1,
    page_size: int = 50,
    sort: str = "article",
    count_limit: int | None = None,
) -> Page[StoredClaim]:
    """One page of the claims matching ``filters``, in ``sort`` order (see ``SORTS``). With
    ``count_limit`` the matches are counted only that far (a broad search on a large store would
    otherwise cost more to count than to list); the page then says the total is a lower bound."""
    page, page_size = _bounds(page, page_size)
    dialect = engine.dialect.name
    base = _filtered(select(claims, articles.c.outlet, articles.c.published), filters, dialect)
    ordered = (
        base.order_by(*SORTS.get(sort, SORTS["article"]))
        .limit(page_size + 1)  # one more row tells whether a next page exists
        .offset((page - 1) * page_size)
    )
    with engine.connect() as connection:
        total, exact = _count_claims(connection, filters, dialect, count_limit)
        rows = list(connection.execute(ordered).mappings())
        more, rows = len(rows) > page_size, rows[:page_size]
        chains = _chains(connection, [row["id"] for row in rows])
    items = [_stored(row, chains) for row in rows]
    return Page(items, total, page, page_size, exact, more)


def iter_claims(
    engine: Engine, filters: ClaimFilters, sort: str = "article", batch: int = EXPORT_BATCH
) -> Iterator[list[tuple[StoredClaim, str | None]]]:
    """Every claim matching ``filters`` in ``sort`` order, batch by batch, each with its story
    cluster: a whole listing downloads as a stream, never held in memory. The rows come from one
    streamed query (a server-side cursor on PostgreSQL)."""
    query = _filtered(
        select(claims, articles.c.outlet, articles.c.published), filters, engine.dialect.name
    ).order_by(*SORTS.get(sort, SORTS["article"]))
    with engine.connect() as connection:
        streamed = connection.execution_options(stream_results=True, yield_per=batch)
        for rows in streamed.execute(query).mappings().partitions(batch):
            ids = [row["id"] for row in rows]
            chains = _chains(connection, ids)
            cluster_of = _clusters_of(connection, ids)
            yield [(_stored(row, chains), cluster_of.get(row["id"])) for row in rows]


def _stored(row: Any, chains: dict[str, list[Source]]) -> StoredClaim:
    return StoredClaim(
        row["id"],
        row["article_id"],
        row["outlet"],
        row["published"],
        claim_from_row(row, chains.get(row["id"], [])),
    )


def _count_claims(
    connection: Any, filters: ClaimFilters, dialect: str, limit: int | None
) -> tuple[int, bool]:
    """How many claims match, and whether that is all of them (``limit`` stops the count)."""
    if limit is None:
        counted = _filtered(select(func.count()).select_from(claims), filters, dialect, False)
        return int(connection.execute(counted).scalar_one()), True
    matching = _filtered(select(claims.c.id), filters, dialect, False).limit(limit + 1).subquery()
    found = int(connection.execute(select(func.count()).select_from(matching)).scalar_one())
    return min(found, limit), found <= limit


def _filtered(
    query: Select[Any], filters: ClaimFilters, dialect: str = "", with_articles: bool = True
) -> Select[Any]:
    """``query`` narrowed by ``filters``; joined to the articles when it selects from them or a
    filter reads them (every claim has its article, so a count needs no join otherwise)."""
    if with_articles or filters.outlet or filters.since or filters.until:
        query = query.join(articles, articles.c.id == claims.c.article_id)
    for column, value in (
        (claims.c.agent, filters.agent),
        (claims.c.recipient, filters.recipient),
        (claims.c.type, filters.type),
        (claims.c.item_category, filters.category),
        (claims.c.status, filters.status),
        (claims.c.stance, filters.stance),
        (articles.c.outlet, filters.outlet),
    ):
        if value:
            query = query.where(column == value)
    if filters.actor:
        query = query.where((claims.c.agent == filters.actor) | (claims.c.recipient == filters.actor))
    if filters.item:
        query = query.where(func.lower(claims.c.item).contains(filters.item.lower(), autoescape=True))
    if filters.since:
        query = query.where(articles.c.published >= filters.since)
    if filters.until:
        query = query.where(articles.c.published <= filters.until)
    if filters.source_kind == "own-voice":
        query = query.where(~exists().where(claim_sources.c.claim_id == claims.c.id))
    elif filters.source_kind:
        query = query.where(
            exists().where(
                and_(claim_sources.c.claim_id == claims.c.id, claim_sources.c.kind == filters.source_kind)
            )
        )
    if filters.q:
        query = query.where(evidence_matches(filters.q, dialect))
    if filters.regime or filters.regime_status:
        query = query.where(regime_matches(filters.regime, filters.regime_status))
    return query


def evidence_matches(q: str, dialect: str = "") -> Any:
    """Every word of ``q`` in the evidence, through the full-text index of revision 0004: on SQLite
    FTS5 (each word a quoted prefix, so user input is never FTS syntax), on PostgreSQL English
    stems. Another dialect falls back to case-insensitive substrings (a scan)."""
    words = [w for w in q.split() if w]
    if dialect == "sqlite":
        terms = [w for w in words if any(c.isalnum() for c in w)]
        if not terms:
            return true()
        match = " ".join('"' + w.replace('"', '""') + '"*' for w in terms)
        return text(
            "claims.rowid IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH :evidence_q)"
        ).bindparams(evidence_q=match)
    if dialect == "postgresql":
        english: Any = literal_column("'english'")  # a constant, so the planner matches the GIN index
        return func.to_tsvector(english, claims.c.evidence).op("@@")(func.plainto_tsquery(english, q))
    return and_(true(), *[func.lower(claims.c.evidence).contains(w.lower(), autoescape=True) for w in words])


def _chains(connection: Any, ids: list[str]) -> dict[str, list[Source]]:
    chains: dict[str, list[Source]] = {}
    if not ids:
        return chains
    rows = connection.execute(
        select(claim_sources)
        .where(claim_sources.c.claim_id.in_(ids))
        .order_by(claim_sources.c.claim_id, claim_sources.c.position)
    ).mappings()
    for link in rows:
        chains.setdefault(link["claim_id"], []).append(Source(link["name"], link["kind"]))
    return chains


# --- articles, actors and story clusters, page by page (the HTTP API) ---------------------------


def _bounds(page: int, page_size: int) -> tuple[int, int]:
    return max(1, min(page, MAX_PAGE)), max(1, min(page_size, MAX_PAGE_SIZE))


ESTIMATE_ABOVE = 100_000  # PostgreSQL: a whole table larger than this is counted by its statistics
CONTESTED_COUNTED = 10_000  # contested stories are counted this far


@dataclass(frozen=True)
class Count:
    """A number for the overview: exact, PostgreSQL's estimate (``exact`` False), or a count that
    stopped at ``value`` (``more``). Counting a few million rows exactly costs a few hundred
    milliseconds on each page view; the size of a large table is known well enough without."""

    value: int
    exact: bool = True
    more: bool = False

    def __str__(self) -> str:
        if self.more:
            return f"{self.value:,}+"
        return f"{self.value:,}" if self.exact else f"about {self.value:,}"


def store_counts(engine: Engine, estimate_above: int = ESTIMATE_ABOVE) -> dict[str, Count]:
    """How much the store holds: articles, claims, stories, sources and contested stories."""
    tables = {"articles": articles, "claims": claims, "stories": clusters, "sources": sources}
    counts: dict[str, Count] = {}
    with engine.connect() as connection:
        for name, table in tables.items():
            estimate = _estimate(connection, table.name) if engine.dialect.name == "postgresql" else None
            if estimate is not None and estimate > estimate_above:
                counts[name] = Count(estimate, exact=False)
            else:
                counts[name] = Count(
                    int(connection.execute(select(func.count()).select_from(table)).scalar_one())
                )
        contested = (
            select(clusters.c.id).where(clusters.c.contradiction.is_(True)).limit(CONTESTED_COUNTED + 1)
        )
        found = int(connection.execute(select(func.count()).select_from(contested.subquery())).scalar_one())
        counts["contradictions"] = Count(min(found, CONTESTED_COUNTED), more=found > CONTESTED_COUNTED)
    return counts


def _estimate(connection: Any, table: str) -> int | None:
    """PostgreSQL's row estimate for a table (kept by ANALYZE and autovacuum); None if it has none."""
    found = connection.execute(
        text("SELECT reltuples FROM pg_class WHERE oid = to_regclass(:table)"), {"table": table}
    ).scalar()
    return None if found is None or found < 0 else int(found)


def claim_clusters(engine: Engine, claim_ids: list[str]) -> dict[str, str]:
    """The story cluster of each of these claims (one indexed lookup for a whole page)."""
    if not claim_ids:
        return {}
    with engine.connect() as connection:
        return _clusters_of(connection, claim_ids)


def _clusters_of(connection: Any, claim_ids: list[str]) -> dict[str, str]:
    query = select(cluster_claims.c.claim_id, cluster_claims.c.cluster_id).where(
        cluster_claims.c.claim_id.in_(claim_ids)
    )
    return {claim: cluster for claim, cluster in connection.execute(query)}


@dataclass(frozen=True)
class ArticleFilters:
    """What articles are narrowed by; every field is optional and they combine with AND."""

    outlet: str | None = None
    since: date | None = None  # publication date, inclusive
    until: date | None = None
    language: str | None = None
    analysed: bool | None = None


def _article_columns() -> list[Any]:
    claim_count = (
        select(func.count()).select_from(claims).where(claims.c.article_id == articles.c.id).scalar_subquery()
    )
    appearance_count = (
        select(func.count())
        .select_from(appearances)
        .where(appearances.c.article_id == articles.c.id)
        .scalar_subquery()
    )
    return [
        articles.c.id,
        articles.c.outlet,
        articles.c.published,
        articles.c.title,
        articles.c.url,
        articles.c.language,
        articles.c.analysed,
        claim_count.label("claims"),
        appearance_count.label("appearances"),
    ]


def _article_json(row: Any) -> dict[str, Any]:
    return {
        "id": row["id"],
        "outlet": row["outlet"],
        "published": row["published"].isoformat() if row["published"] else None,
        "title": row["title"],
        "url": row["url"],
        "language": row["language"],
        "analysed": bool(row["analysed"]),
        "claims": int(row["claims"]),
        "appearances": int(row["appearances"]),
    }


def search_articles(
    engine: Engine, filters: ArticleFilters, page: int = 1, page_size: int = 50
) -> Page[dict[str, Any]]:
    """One page of the stored articles, newest first, with how many claims and copies each has."""
    page, page_size = _bounds(page, page_size)
    conditions: list[Any] = []
    if filters.outlet:
        conditions.append(articles.c.outlet == filters.outlet)
    if filters.language:
        conditions.append(articles.c.language == filters.language)
    if filters.analysed is not None:
        conditions.append(articles.c.analysed.is_(filters.analysed))
    if filters.since:
        conditions.append(articles.c.published >= filters.since)
    if filters.until:
        conditions.append(articles.c.published <= filters.until)
    query = (
        select(*_article_columns())
        .where(*conditions)
        .order_by(articles.c.published.desc().nulls_last(), articles.c.id)
        .limit(page_size)
        .offset((page - 1) * page_size)
    )
    with engine.connect() as connection:
        total = int(
            connection.execute(select(func.count()).select_from(articles).where(*conditions)).scalar_one()
        )
        rows = list(connection.execute(query).mappings())
    return Page([_article_json(row) for row in rows], total, page, page_size)


def article_record(engine: Engine, article_id: str) -> dict[str, Any] | None:
    """An article's metadata and text, with the appearances of its copies (claims: see query)."""
    with engine.connect() as connection:
        row = (
            connection.execute(
                select(*_article_columns(), articles.c.text, articles.c.author, articles.c.screened).where(
                    articles.c.id == article_id
                )
            )
            .mappings()
            .one_or_none()
        )
        if row is None:
            return None
        copies = connection.execute(
            select(appearances)
            .where(appearances.c.article_id == article_id)
            .order_by(appearances.c.copy_id)
            .limit(APPEARANCES_LISTED)
        ).mappings()
        total = connection.execute(
            select(func.count()).select_from(appearances).where(appearances.c.article_id == article_id)
        ).scalar_one()
        found = [
            {
                "id": copy["copy_id"],
                "url": copy["url"],
                "outlet": copy["outlet"],
                "published": copy["published"].isoformat() if copy["published"] else None,
                "title": copy["title"],
                "similarity": copy["similarity"],
                "seen_at": copy["seen_at"],
            }
            for copy in copies
        ]
    return {
        **_article_json(row),
        "author": row["author"],
        "screened": row["screened"],
        "text": row["text"],
        "appearances": found,
        "appearances_total": int(total),
    }


def _actor_columns() -> list[Any]:
    def count(column: Any) -> Any:
        return select(func.count()).select_from(claims).where(column == actors.c.code).scalar_subquery()

    return [
        actors.c.code,
        actors.c.name,
        actors.c.kind,
        count(claims.c.agent).label("as_agent"),
        count(claims.c.recipient).label("as_recipient"),
    ]


def search_actors(
    engine: Engine, kind: str | None = None, page: int = 1, page_size: int = 50
) -> Page[dict[str, Any]]:
    """One page of the actors claims name, by code, with how many claims name each as agent and as
    recipient (indexed counts, so the page costs the same on any store)."""
    page, page_size = _bounds(page, page_size)
    conditions = [actors.c.kind == kind] if kind else []
    query = (
        select(*_actor_columns())
        .where(*conditions)
        .order_by(actors.c.code)
        .limit(page_size)
        .offset((page - 1) * page_size)
    )
    with engine.connect() as connection:
        total = int(
            connection.execute(select(func.count()).select_from(actors).where(*conditions)).scalar_one()
        )
        rows = [dict(row) for row in connection.execute(query).mappings()]
    return Page(rows, total, page, page_size)


def actor_record(engine: Engine, code: str) -> dict[str, Any] | None:
    """An actor with its edges: each (agent, recipient, type) it takes part in, with a claim count."""
    edges = (
        select(claims.c.agent, claims.c.recipient, claims.c.type, func.count().label("claims"))
        .where((claims.c.agent == code) | (claims.c.recipient == code))
        .group_by(claims.c.agent, claims.c.recipient, claims.c.type)
        .order_by(func.count().desc(), claims.c.agent, claims.c.recipient, claims.c.type)
    )
    with engine.connect() as connection:
        row = (
            connection.execute(select(*_actor_columns()).where(actors.c.code == code))
            .mappings()
            .one_or_none()
        )
        if row is None:
            return None
        found = [dict(edge) for edge in connection.execute(edges).mappings()]
    return {**dict(row), "edges": found}


def search_clusters(
    engine: Engine,
    agent: str | None = None,
    recipient: str | None = None,
    type_: str | None = None,
    contradictions: bool = False,
    page: int = 1,
    page_size: int = 50,
) -> Page[dict[str, Any]]:
    """One page of the story clusters, oldest first, as clusters-json records (``stories``): only
    the page's origins and members are read."""
    page, page_size = _bounds(page, page_size)
    conditions = story_conditions(agent, recipient, type_, contradictions)
    with engine.connect() as connection:
        total = int(
            connection.execute(select(func.count()).select_from(clusters).where(*conditions)).scalar_one()
        )
    records = story_records(
        engine, agent, recipient, type_, contradictions, oldest=page_size, skip=(page - 1) * page_size
    )
    return Page(records, total, page, page_size)


def cluster_members(engine: Engine, cluster_id: str) -> list[dict[str, Any]]:
    """The claims of a story cluster, oldest report first: who said it where, and with what stance."""
    query = (
        select(claims.c.id, claims.c.article_id, claims.c.stance, articles.c.outlet, articles.c.published)
        .join(claims, claims.c.id == cluster_claims.c.claim_id)
        .join(articles, articles.c.id == claims.c.article_id)
        .where(cluster_claims.c.cluster_id == cluster_id)
        .order_by(articles.c.published, claims.c.article_id, claims.c.n)
    )
    with engine.connect() as connection:
        rows = list(connection.execute(query).mappings())
    return [
        {
            "id": row["id"],
            "article": row["article_id"],
            "stance": row["stance"],
            "outlet": row["outlet"],
            "published": row["published"].isoformat() if row["published"] else None,
        }
        for row in rows
    ]
