"""``articles.screened``: why the cascade (analyse/screen.py) ruled an article out before the full
parse. Such an article is stored as analysed with no claims; the reason says it was not parsed, so
a reader can tell "read and found nothing" from "ruled out unread".

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("screened", sa.Text, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("screened")
