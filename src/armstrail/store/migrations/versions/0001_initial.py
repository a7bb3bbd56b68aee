"""Articles, claims and their attribution chains.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.String(512), primary_key=True),
        sa.Column("url", sa.Text),
        sa.Column("outlet", sa.String(512)),
        sa.Column("published", sa.Date),
        sa.Column("title", sa.Text),
        sa.Column(
            "text", sa.Text, nullable=False, comment="the analysed text: evidence offsets index into it"
        ),
        sa.Column("content_hash", sa.String(64), nullable=False, comment="sha256 of the article text"),
        sa.Column(
            "extractor", sa.String(128), nullable=False, comment="extractor version that made its claims"
        ),
        sa.Column("origin", sa.Text, comment="file (and line) it was read from"),
        sa.Column("ingested_at", sa.String(32), nullable=False),
    )
    op.create_table(
        "claims",
        sa.Column(
            "id", sa.String(600), primary_key=True, comment="<article id>#<n>: stable per extractor version"
        ),
        sa.Column(
            "article_id", sa.String(512), sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("n", sa.Integer, nullable=False),
        sa.Column("type", sa.String(32), nullable=False),
        sa.Column("agent", sa.String(256)),
        sa.Column("recipient", sa.String(256)),
        sa.Column("item", sa.Text, nullable=False),
        sa.Column("item_category", sa.String(64), nullable=False),
        sa.Column("quantity", sa.String(128)),
        sa.Column("when", sa.String(64)),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("stance", sa.String(32), nullable=False),
        sa.Column("evidence", sa.Text, nullable=False),
        sa.Column("start", sa.Integer, nullable=False, comment="character offset of the evidence sentence"),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("extractor", sa.String(128), nullable=False),
    )
    for column in ("article_id", "type", "agent", "recipient"):
        op.create_index(f"ix_claims_{column}", "claims", [column])
    op.create_table(
        "claim_sources",
        sa.Column(
            "claim_id", sa.String(600), sa.ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column(
            "position", sa.Integer, primary_key=True, comment="0 = the outlet itself, outward to inward"
        ),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("claim_sources")
    op.drop_table("claims")
    op.drop_table("articles")
