"""Full-text search of the evidence sentences (the ``q`` filter of the claims explorer and API):
on SQLite an FTS5 index over claims.evidence kept in step by triggers, on PostgreSQL a GIN index
on its English tsvector. Substring scans of every sentence do not scale to a large store.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# An external-content FTS5 table: it indexes claims.evidence without a second copy of the text.
SQLITE_UP = (
    "CREATE VIRTUAL TABLE claims_fts USING fts5(evidence, content='claims', content_rowid='rowid')",
    "CREATE TRIGGER claims_fts_insert AFTER INSERT ON claims BEGIN "
    "INSERT INTO claims_fts(rowid, evidence) VALUES (new.rowid, new.evidence); END",
    "CREATE TRIGGER claims_fts_delete AFTER DELETE ON claims BEGIN "
    "INSERT INTO claims_fts(claims_fts, rowid, evidence) VALUES ('delete', old.rowid, old.evidence); END",
    "CREATE TRIGGER claims_fts_update AFTER UPDATE ON claims BEGIN "
    "INSERT INTO claims_fts(claims_fts, rowid, evidence) VALUES ('delete', old.rowid, old.evidence); "
    "INSERT INTO claims_fts(rowid, evidence) VALUES (new.rowid, new.evidence); END",
    "INSERT INTO claims_fts(claims_fts) VALUES ('rebuild')",  # the claims already stored
)
SQLITE_DOWN = (
    "DROP TRIGGER IF EXISTS claims_fts_update",
    "DROP TRIGGER IF EXISTS claims_fts_delete",
    "DROP TRIGGER IF EXISTS claims_fts_insert",
    "DROP TABLE IF EXISTS claims_fts",
)
POSTGRES_INDEX = "ix_claims_evidence_search"


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_UP:
            op.execute(statement)
        return
    op.execute(f"CREATE INDEX {POSTGRES_INDEX} ON claims USING gin (to_tsvector('english', evidence))")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_DOWN:
            op.execute(statement)
        return
    op.execute(f"DROP INDEX IF EXISTS {POSTGRES_INDEX}")
