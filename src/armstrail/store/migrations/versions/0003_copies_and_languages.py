"""Copies and languages: articles stored but not analysed (not English), their detected language
and author; appearances of one article under other ids (exact and near copies); MinHash signatures
and LSH bands to find near copies.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.add_column(
            sa.Column("language", sa.String(16), comment="detected language code; und when undetermined")
        )
        batch.add_column(
            sa.Column(
                "analysed",
                sa.Boolean,
                nullable=False,
                server_default=sa.true(),
                comment="false: stored, not extracted",
            )
        )
        batch.add_column(sa.Column("author", sa.Text))
    op.create_index("ix_articles_content_hash", "articles", ["content_hash"])
    op.create_table(
        "appearances",
        sa.Column("copy_id", sa.String(512), primary_key=True, comment="the id the copy was read under"),
        sa.Column(
            "article_id", sa.String(512), sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("url", sa.Text),
        sa.Column("outlet", sa.String(512)),
        sa.Column("published", sa.Date),
        sa.Column("title", sa.Text),
        sa.Column("origin", sa.Text),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column(
            "similarity", sa.Float, nullable=False, comment="1.0 for an exact copy; else estimated Jaccard"
        ),
        sa.Column(
            "text", sa.Text, comment="a near copy's own text, kept unanalysed (none for an exact copy)"
        ),
        sa.Column("seen_at", sa.String(32), nullable=False),
    )
    op.create_index("ix_appearances_article_id", "appearances", ["article_id"])
    op.create_table(
        "article_signatures",
        sa.Column(
            "article_id", sa.String(512), sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column(
            "minhash", sa.LargeBinary, nullable=False, comment="MinHash of word 5-grams (link/copies.py)"
        ),
    )
    op.create_table(
        "article_bands",
        sa.Column(
            "article_id", sa.String(512), sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("band", sa.Integer, primary_key=True),
        sa.Column("key", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_article_bands_band_key", "article_bands", ["band", "key"])


def downgrade() -> None:
    op.drop_table("article_bands")
    op.drop_table("article_signatures")
    op.drop_table("appearances")
    op.drop_index("ix_articles_content_hash", "articles")
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("author")
        batch.drop_column("analysed")
        batch.drop_column("language")
