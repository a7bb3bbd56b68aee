"""Sources and actors as entities; story clusters, their claims and origins; the citation graph.

The new link tables are filled by code, not SQL: a store upgraded from 0001 is relinked once by
``store.db.upgrade`` (see ``store.linking.relink``). Existing chain links get their source entity
here, so no chain is left without one.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.Text, nullable=False, comment="as the article names it"),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("outlet", sa.String(512), comment="the media outlet it is, by its gazetteer name"),
        sa.Column("state", sa.String(8), comment="ISO3 of the state it speaks for"),
        sa.UniqueConstraint("name", "kind", name="uq_sources_name_kind"),
    )
    op.create_table(
        "actors",
        sa.Column("code", sa.String(256), primary_key=True, comment="ISO3 code, or an organisation's name"),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("kind", sa.String(32), nullable=False, comment="state | organisation"),
    )
    with op.batch_alter_table("claim_sources") as batch:
        batch.add_column(sa.Column("source_id", sa.Integer, comment="the source as an entity"))
        batch.create_foreign_key("fk_claim_sources_source_id", "sources", ["source_id"], ["id"])
        batch.create_index("ix_claim_sources_source_id", ["source_id"])
    op.execute("INSERT INTO sources (name, kind) SELECT DISTINCT name, kind FROM claim_sources")
    op.execute(
        "UPDATE claim_sources SET source_id = (SELECT sources.id FROM sources"
        " WHERE sources.name = claim_sources.name AND sources.kind = claim_sources.kind)"
    )
    op.create_table(
        "clusters",
        sa.Column("id", sa.String(32), primary_key=True, comment="stable: proposition, first date, rank"),
        sa.Column("seq", sa.Integer, nullable=False, unique=True, comment="order of creation"),
        sa.Column("type", sa.String(32), nullable=False),
        sa.Column("agent", sa.String(256)),
        sa.Column("recipient", sa.String(256)),
        sa.Column("item_category", sa.String(64), nullable=False),
        sa.Column("rank", sa.Integer, nullable=False, comment="order among the clusters of its proposition"),
        sa.Column("item", sa.Text, comment="the most specific designation its claims give"),
        sa.Column("first_seen", sa.Date),
        sa.Column("last_seen", sa.Date),
        sa.Column("day", sa.String(10), comment="the event's day when its claims give one"),
        sa.Column("reports", sa.Integer, nullable=False, comment="articles that state it"),
        sa.Column("independent_sources", sa.Integer, nullable=False),
        sa.Column("asserts", sa.Integer, nullable=False),
        sa.Column("denies", sa.Integer, nullable=False),
        sa.Column("admits", sa.Integer, nullable=False),
        sa.Column("hedges", sa.Integer, nullable=False),
        sa.Column("deniers", sa.Text, nullable=False, comment="JSON list: ISO3 codes or names"),
        sa.Column("contradiction", sa.Boolean, nullable=False),
    )
    op.create_index("ix_clusters_key", "clusters", ["type", "agent", "recipient", "item_category"])
    op.create_index("ix_clusters_agent", "clusters", ["agent"])  # the filters of `stories`
    op.create_index("ix_clusters_recipient", "clusters", ["recipient"])
    op.create_table(
        "cluster_claims",
        sa.Column(
            "claim_id", sa.String(600), sa.ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column(
            "cluster_id", sa.String(32), sa.ForeignKey("clusters.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("origin_source", sa.Text, comment="first-hand origin (SCHEMA.md); none for denials"),
        sa.Column("origin_kind", sa.String(32)),
        sa.Column("origin_vague", sa.Boolean, nullable=False),
        sa.Column("denier", sa.Text, comment="who denies, for denials"),
    )
    op.create_index("ix_cluster_claims_cluster_id", "cluster_claims", ["cluster_id"])
    op.create_table(
        "cluster_origins",
        sa.Column(
            "cluster_id",
            sa.String(32),
            sa.ForeignKey("clusters.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("first_seen", sa.Date),
    )
    op.create_table(
        "citations",
        sa.Column(
            "claim_id", sa.String(600), sa.ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("position", sa.Integer, primary_key=True, comment="the chain link that names the outlet"),
        sa.Column(
            "outlet", sa.String(512), nullable=False, comment="the cited outlet, by its gazetteer name"
        ),
        sa.Column(
            "cited_article_id",
            sa.String(512),
            sa.ForeignKey("articles.id", ondelete="SET NULL"),
            comment="the cited report, when the store holds it",
        ),
    )
    op.create_index("ix_citations_outlet", "citations", ["outlet"])
    op.create_index("ix_citations_cited_article_id", "citations", ["cited_article_id"])


def downgrade() -> None:
    op.drop_table("citations")
    op.drop_table("cluster_origins")
    op.drop_table("cluster_claims")
    op.drop_table("clusters")
    with op.batch_alter_table("claim_sources") as batch:
        batch.drop_index("ix_claim_sources_source_id")
        batch.drop_constraint("fk_claim_sources_source_id", type_="foreignkey")
        batch.drop_column("source_id")
    op.drop_table("actors")
    op.drop_table("sources")
