"""store: the evidence base. One schema (``schema.py``) for SQLite and PostgreSQL, created and
upgraded only by Alembic migrations (``migrations/``); ``ingest`` writes extractions into it."""

from armstrail.store.db import bound_queries, is_query_timeout, open_store, store_url
from armstrail.store.ingest import IngestTally, ingest_articles, ingest_paths
from armstrail.store.query import StoredClaim, stored_claims

__all__ = [
    "IngestTally",
    "StoredClaim",
    "bound_queries",
    "ingest_articles",
    "ingest_paths",
    "is_query_timeout",
    "open_store",
    "store_url",
    "stored_claims",
]
