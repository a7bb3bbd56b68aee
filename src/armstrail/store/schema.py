"""The tables of the evidence base, as SQLAlchemy Core metadata.

Migrations are the only thing that creates them; this module is what code queries against and
what a test compares the migrated database with."""

from __future__ import annotations

from sqlalchemy import Column, Date, ForeignKey, Integer, MetaData, String, Table, Text

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
)
