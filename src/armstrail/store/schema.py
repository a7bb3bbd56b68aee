"""The tables of the evidence base, as SQLAlchemy Core metadata.

Migrations are the only thing that creates them; this module is what code queries against and
what a test compares the migrated database with."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

metadata = MetaData()

articles = Table(
    "articles",
    metadata,
    Column("id", String(512), primary_key=True),
    Column("url", Text),
    Column("outlet", String(512)),
    Column("published", Date),
    Column("title", Text),
    Column("text", Text, nullable=False, comment="the analysed text: evidence offsets index into it"),
    Column("content_hash", String(64), nullable=False, comment="sha256 of the article text"),
    Column("extractor", String(128), nullable=False, comment="extractor version that made its claims"),
    Column("origin", Text, comment="file (and line) it was read from"),
    Column("ingested_at", String(32), nullable=False),
    # revision 0003
    Column("language", String(16), comment="detected language code; und when undetermined"),
    Column("analysed", Boolean, nullable=False, default=True, comment="false: stored, not extracted"),
    Column("author", Text),
    # revision 0007
    Column("screened", Text, comment="why the cascade ruled the text out before the parse, if it did"),
    Index("ix_articles_content_hash", "content_hash"),
    Index("ix_articles_published", text("published DESC"), "id"),  # revision 0005: newest first
)

claims = Table(
    "claims",
    metadata,
    Column("id", String(600), primary_key=True, comment="<article id>#<n>: stable per extractor version"),
    Column(
        "article_id", String(512), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("n", Integer, nullable=False),
    Column("type", String(32), nullable=False, index=True),
    Column("agent", String(256), index=True),
    Column("recipient", String(256), index=True),
    Column("item", Text, nullable=False),
    Column("item_category", String(64), nullable=False),
    Column("quantity", String(128)),
    Column("when", String(64)),
    Column("status", String(32), nullable=False),
    Column("stance", String(32), nullable=False),
    Column("evidence", Text, nullable=False),
    Column("start", Integer, nullable=False, comment="character offset of the evidence sentence"),
    Column("end", Integer, nullable=False),
    Column("extractor", String(128), nullable=False),
)

claim_sources = Table(
    "claim_sources",
    metadata,
    Column("claim_id", String(600), ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, primary_key=True, comment="0 = the outlet itself, outward to inward"),
    Column("name", Text, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("source_id", Integer, ForeignKey("sources.id"), index=True, comment="the source as an entity"),
)

# --- entities (revision 0002) ---

sources = Table(
    "sources",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", Text, nullable=False, comment="as the article names it"),
    Column("kind", String(32), nullable=False),
    Column("outlet", String(512), comment="the media outlet it is, by its gazetteer name"),
    Column("state", String(8), comment="ISO3 of the state it speaks for"),
    UniqueConstraint("name", "kind", name="uq_sources_name_kind"),
)

actors = Table(
    "actors",
    metadata,
    Column("code", String(256), primary_key=True, comment="ISO3 code, or an organisation's name"),
    Column("name", Text, nullable=False),
    Column("kind", String(32), nullable=False, comment="state | organisation"),
)

# --- linking (revision 0002): kept up to date by every ingest, article by article ---

clusters = Table(
    "clusters",
    metadata,
    Column("id", String(32), primary_key=True, comment="stable: proposition, first date, rank"),
    Column("seq", Integer, nullable=False, unique=True, comment="order of creation"),
    Column("type", String(32), nullable=False),
    Column("agent", String(256), index=True),
    Column("recipient", String(256), index=True),
    Column("item_category", String(64), nullable=False),
    Column("rank", Integer, nullable=False, comment="order among the clusters of its proposition"),
    Column("item", Text, comment="the most specific designation its claims give"),
    Column("first_seen", Date),
    Column("last_seen", Date),
    Column("day", String(10), comment="the event's day when its claims give one"),
    Column("reports", Integer, nullable=False, default=0, comment="articles that state it"),
    Column("independent_sources", Integer, nullable=False, default=0),
    Column("asserts", Integer, nullable=False, default=0),
    Column("denies", Integer, nullable=False, default=0),
    Column("admits", Integer, nullable=False, default=0),
    Column("hedges", Integer, nullable=False, default=0),
    Column("deniers", Text, nullable=False, default="[]", comment="JSON list: ISO3 codes or names"),
    Column("contradiction", Boolean, nullable=False, default=False),
    Column("undated", Integer, nullable=False, default=0, comment="its reports that give no date"),
    Index("ix_clusters_key", "type", "agent", "recipient", "item_category"),
    # revision 0008: the few keys with an undated report, whose every story is re-read for it
    Index(
        "ix_clusters_undated",
        "type",
        "agent",
        "recipient",
        "item_category",
        sqlite_where=text("undated > 0"),
        postgresql_where=text("undated > 0"),
    ),
    # revision 0005: the newest stories, and the newest contested ones, without sorting them all
    Index("ix_clusters_last_seen", text("last_seen DESC"), text("seq DESC")),
    Index("ix_clusters_contradiction", "contradiction", text("last_seen DESC"), text("seq DESC")),
)

cluster_claims = Table(
    "cluster_claims",
    metadata,
    Column("claim_id", String(600), ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "cluster_id", String(32), ForeignKey("clusters.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("origin_source", Text, comment="first-hand origin (SCHEMA.md); none for denials"),
    Column("origin_kind", String(32)),
    Column("origin_vague", Boolean, nullable=False, default=False),
    Column("denier", Text, comment="who denies, for denials"),
)

cluster_origins = Table(
    "cluster_origins",
    metadata,
    Column("cluster_id", String(32), ForeignKey("clusters.id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("source", Text, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("first_seen", Date),
)

citations = Table(
    "citations",
    metadata,
    Column("claim_id", String(600), ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, primary_key=True, comment="the chain link that names the outlet"),
    Column(
        "outlet", String(512), nullable=False, index=True, comment="the cited outlet, by its gazetteer name"
    ),
    Column(
        "cited_article_id",
        String(512),
        ForeignKey("articles.id", ondelete="SET NULL"),
        index=True,
        comment="the cited report, when the store holds it",
    ),
)


# --- copies (revision 0003): one stored article, many appearances ---

appearances = Table(
    "appearances",
    metadata,
    Column("copy_id", String(512), primary_key=True, comment="the id the copy was read under"),
    Column(
        "article_id", String(512), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("url", Text),
    Column("outlet", String(512)),
    Column("published", Date),
    Column("title", Text),
    Column("origin", Text),
    Column("content_hash", String(64), nullable=False),
    Column("similarity", Float, nullable=False, comment="1.0 for an exact copy; else estimated Jaccard"),
    Column("text", Text, comment="a near copy's own text, kept unanalysed (none for an exact copy)"),
    Column("seen_at", String(32), nullable=False),
)

article_signatures = Table(
    "article_signatures",
    metadata,
    Column("article_id", String(512), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("minhash", LargeBinary, nullable=False, comment="MinHash of word 5-grams (link/copies.py)"),
)

article_bands = Table(
    "article_bands",
    metadata,
    Column("article_id", String(512), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("band", Integer, primary_key=True),
    Column("key", BigInteger, nullable=False),
    Index("ix_article_bands_band_key", "band", "key"),
)


# --- legal regimes (revision 0006): derived from the claims and data/regimes.json, for filtering ---

claim_regimes = Table(
    "claim_regimes",
    metadata,
    Column("claim_id", String(600), ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True),
    Column("regime_id", String(64), primary_key=True, comment="an id of data/regimes.json"),
    Column("status", String(16), nullable=False, comment="in-force | contested | not-in-force | unknown"),
    Index("ix_claim_regimes_regime", "regime_id", "status"),
)

store_meta = Table(
    "store_meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
    comment="regimes_version: the regimes file claim_regimes was computed with",
)
