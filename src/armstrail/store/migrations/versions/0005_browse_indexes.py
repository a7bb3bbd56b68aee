"""Indexes for browsing a large store newest first (``armstrail serve``): articles by publication
date, story clusters by their latest report, contested stories likewise. Without them every
"newest" listing sorted the whole table. Statistics are gathered afterwards so the SQLite planner
walks these indexes instead of scanning claims (it cannot know which side of a join is smaller).

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# SQLite sorts NULL lowest, so DESC already puts undated rows last; PostgreSQL must be told.
INDEXES = {
    "ix_articles_published": ("articles", "published DESC{nulls}, id"),
    "ix_clusters_last_seen": ("clusters", "last_seen DESC{nulls}, seq DESC"),
    "ix_clusters_contradiction": ("clusters", "contradiction, last_seen DESC{nulls}, seq DESC"),
}


def upgrade() -> None:
    nulls = "" if op.get_bind().dialect.name == "sqlite" else " NULLS LAST"
    for name, (table, columns) in INDEXES.items():
        op.execute(f"CREATE INDEX {name} ON {table} ({columns.format(nulls=nulls)})")
    op.execute("ANALYZE")


def downgrade() -> None:
    for name in INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")
