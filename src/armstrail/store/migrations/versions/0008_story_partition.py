"""``clusters.undated``: how many of a story's reports give no date at all. Stories are now what
the partition of a proposition's reports makes of them, whatever order the reports came in
(docs/independence.md); an undated report is placed by the names it shares with a story, so a
proposition with one is re-read whole when a report of it is filed. The partial index finds those
few propositions without reading the others. The store is relinked after this revision
(``store.db.upgrade``): the rule that links it changed.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("clusters") as batch:
        batch.add_column(sa.Column("undated", sa.Integer, nullable=False, server_default="0"))
    op.create_index(
        "ix_clusters_undated",
        "clusters",
        ["type", "agent", "recipient", "item_category"],
        sqlite_where=sa.text("undated > 0"),
        postgresql_where=sa.text("undated > 0"),
    )


def downgrade() -> None:
    op.drop_index("ix_clusters_undated", table_name="clusters")
    with op.batch_alter_table("clusters") as batch:
        batch.drop_column("undated")
