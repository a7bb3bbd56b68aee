"""read -> extract -> store, idempotent and atomic per batch.

An article is stored once per (id, content): a re-run skips what is already there before any NLP
runs, so finishing an interrupted ingest costs only the rest. Each batch of articles is written in
one transaction, so a crash or kill leaves whole articles or none."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, delete, insert, select
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from armstrail import messages
from armstrail.analyse.gazetteer import Gazetteer, load_gazetteer
from armstrail.extract.claims import EXTRACTOR_VERSION
from armstrail.model import Article, Problem
from armstrail.pipeline import Extraction, extract_articles
from armstrail.read import read_paths
from armstrail.settings import Settings
from armstrail.store.entities import record_actors, source_ids
from armstrail.store.linking import StoredClusterIndex, file_article, refresh_clusters, unfile_articles
from armstrail.store.schema import articles, claim_sources, claims

BATCH_SIZE = 32


@dataclass
class IngestTally:
    stored: int = 0
    claims: int = 0
    unchanged: int = 0
    skipped: int = 0
    failed: int = 0
    problems: list[Problem] = field(default_factory=list)

    def summary(self) -> str:
        return messages.INGEST_SUMMARY.format(
            stored=self.stored,
            claims=self.claims,
            unchanged=self.unchanged,
            skipped=self.skipped,
            failed=self.failed,
        )


def content_hash(article: Article) -> str:
    return hashlib.sha256(article.text.encode("utf-8", "surrogatepass")).hexdigest()


def _stored(connection: Connection, article_id: str) -> tuple[str, str] | None:
    row = connection.execute(
        select(articles.c.content_hash, articles.c.extractor).where(articles.c.id == article_id)
    ).first()
    return None if row is None else (row[0], row[1])


def _needs_extraction(stored: tuple[str, str] | None, digest: str, reextract: bool) -> bool:
    if stored is None or stored[0] != digest:
        return True
    return reextract and stored[1] != EXTRACTOR_VERSION


def _pending(
    items: Iterable[Article | Problem], engine: Engine, reextract: bool, tally: IngestTally
) -> Iterator[Article | Problem]:
    """Drop articles the store already holds as they are (and repeats within this run)."""
    seen: set[tuple[str, str]] = set()
    with engine.connect() as connection:
        for item in items:
            if isinstance(item, Article):
                digest = content_hash(item)
                if (item.id, digest) in seen or not _needs_extraction(
                    _stored(connection, item.id), digest, reextract
                ):
                    tally.unchanged += 1
                    continue
                seen.add((item.id, digest))
                connection.rollback()  # end the read transaction so it never pins an old snapshot
            yield item


def _rows(
    extraction: Extraction, now: str
) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    article = extraction.article
    article_row = {
        "id": article.id,
        "url": article.url,
        "outlet": article.outlet,
        "published": article.published,
        "title": article.title,
        "text": article.text,
        "content_hash": content_hash(article),
        "extractor": EXTRACTOR_VERSION,
        "origin": article.origin,
        "ingested_at": now,
    }
    claim_rows: list[dict[str, Any]] = []
    source_rows: list[dict[str, Any]] = []
    for n, claim in enumerate(extraction.claims):
        claim_id = f"{article.id}#{n}"
        claim_rows.append(
            {
                "id": claim_id,
                "article_id": article.id,
                "n": n,
                "type": claim.type,
                "agent": claim.agent,
                "recipient": claim.recipient,
                "item": claim.item,
                "item_category": claim.item_category,
                "quantity": claim.quantity,
                "when": claim.when,
                "status": claim.status,
                "stance": claim.stance,
                "evidence": claim.evidence,
                "start": claim.start,
                "end": claim.end,
                "extractor": claim.extractor or EXTRACTOR_VERSION,
            }
        )
        source_rows.extend(
            {"claim_id": claim_id, "position": i, "name": s.name, "kind": s.kind}
            for i, s in enumerate(claim.sources)
        )
    return article_row, claim_rows, source_rows


def write_batch(engine: Engine, batch: list[Extraction], gaz: Gazetteer | None = None) -> None:
    """Replace these articles and their claims in one transaction, and file the claims into the
    story clusters in the same transaction (a kill leaves neither half done)."""
    gaz = gaz or load_gazetteer()
    now = datetime.now(UTC).isoformat(timespec="seconds")
    ids = [e.article.id for e in batch]
    article_rows: list[dict[str, Any]] = []
    claim_rows: list[dict[str, Any]] = []
    source_rows: list[dict[str, Any]] = []
    for extraction in batch:
        a, c, s = _rows(extraction, now)
        article_rows.append(a)
        claim_rows.extend(c)
        source_rows.extend(s)
    with engine.begin() as connection:
        stale = unfile_articles(connection, ids)
        old_claims = select(claims.c.id).where(claims.c.article_id.in_(ids))
        connection.execute(delete(claim_sources).where(claim_sources.c.claim_id.in_(old_claims)))
        connection.execute(delete(claims).where(claims.c.article_id.in_(ids)))
        connection.execute(delete(articles).where(articles.c.id.in_(ids)))
        connection.execute(insert(articles), article_rows)
        if claim_rows:
            connection.execute(insert(claims), claim_rows)
        if source_rows:
            entity = source_ids(connection, gaz, ((r["name"], r["kind"]) for r in source_rows))
            for row in source_rows:
                row["source_id"] = entity[(row["name"], row["kind"])]
            connection.execute(insert(claim_sources), source_rows)
        touched = set(stale)
        index = StoredClusterIndex(gaz, connection=connection)
        for extraction in batch:
            numbered = [(f"{extraction.article.id}#{n}", c) for n, c in enumerate(extraction.claims)]
            touched |= file_article(connection, gaz, extraction.article, numbered, index)
        refresh_clusters(connection, gaz, touched)
        record_actors(
            connection, gaz, (code for row in claim_rows for code in (row["agent"], row["recipient"]))
        )


def _ingest(
    items: Iterable[Article | Problem],
    engine: Engine,
    settings: Settings,
    reextract: bool,
    batch_size: int,
    tally: IngestTally,
) -> Iterator[Extraction | Problem]:
    batch: list[Extraction] = []
    for result in extract_articles(_pending(items, engine, reextract, tally), settings):
        if isinstance(result, Problem):
            tally.problems.append(result)
            if result.level == "skipped":
                tally.skipped += 1
            else:
                tally.failed += 1
            yield result
            continue
        batch.append(result)
        if len(batch) >= batch_size:
            yield from _flush(engine, batch, tally)
            batch = []
    yield from _flush(engine, batch, tally)


def _flush(engine: Engine, batch: list[Extraction], tally: IngestTally) -> Iterator[Extraction | Problem]:
    if not batch:
        return
    # A later duplicate id in one batch replaces the earlier one, as a later run would.
    unique = list({e.article.id: e for e in batch}.values())
    try:
        write_batch(engine, unique)
    except SQLAlchemyError:
        # One article the database refuses must not sink the others: store them one by one.
        for extraction in unique:
            yield from _flush_one(engine, extraction, tally)
        return
    tally.stored += len(unique)
    tally.claims += sum(len(e.claims) for e in unique)
    yield from unique


def _flush_one(engine: Engine, extraction: Extraction, tally: IngestTally) -> Iterator[Extraction | Problem]:
    try:
        write_batch(engine, [extraction])
    except SQLAlchemyError as error:
        article = extraction.article
        reason = str(error.orig) if isinstance(error, DBAPIError) and error.orig else type(error).__name__
        problem = Problem(article.origin or article.id, messages.STORE_WRITE_FAILED.format(reason=reason))
        tally.failed += 1
        tally.problems.append(problem)
        yield problem
        return
    tally.stored += 1
    tally.claims += len(extraction.claims)
    yield extraction


def ingest_articles(
    items: Iterable[Article | Problem],
    engine: Engine,
    settings: Settings | None = None,
    reextract: bool = False,
    batch_size: int = BATCH_SIZE,
    on_result: Callable[[Extraction | Problem], None] | None = None,
) -> IngestTally:
    """Store a stream of articles (problems pass through to the tally and ``on_result``)."""
    tally = IngestTally()
    for result in _ingest(items, engine, settings or Settings(), reextract, batch_size, tally):
        if on_result is not None:
            on_result(result)
    return tally


def ingest_paths(
    paths: Iterable[str | Path],
    engine: Engine,
    settings: Settings | None = None,
    reextract: bool = False,
    batch_size: int = BATCH_SIZE,
    on_result: Callable[[Extraction | Problem], None] | None = None,
) -> IngestTally:
    """Read ``paths`` into the store; the tally says what was stored, kept, skipped or failed.
    ``on_result`` sees each result once it is stored (or failed), for progress and reports."""
    settings = settings or Settings()
    return ingest_articles(read_paths(paths, settings), engine, settings, reextract, batch_size, on_result)
