"""The legal regimes each claim may fall under (``claim_regimes``), kept for filtering and counting,
and ``store_meta`` recording which version of data/regimes.json they were computed with: when the
file changes, the store recomputes them from the stored claims (no re-extraction).

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "claim_regimes",
        sa.Column(
            "claim_id", sa.String(600), sa.ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("regime_id", sa.String(64), primary_key=True),
        sa.Column("status", sa.String(16), nullable=False),
    )
    op.create_index("ix_claim_regimes_regime", "claim_regimes", ["regime_id", "status"])
    op.create_table(
        "store_meta",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("store_meta")
    op.drop_index("ix_claim_regimes_regime", table_name="claim_regimes")
    op.drop_table("claim_regimes")
