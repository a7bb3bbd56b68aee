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
from sqlalchemy.exc import DBAPIError, OperationalError, SQLAlchemyError

from armstrail import messages
from armstrail.analyse.gazetteer import Gazetteer, load_gazetteer
from armstrail.errors import StoreError
from armstrail.extract.learned.extractor import extractor_version
from armstrail.legal import load_regimes
from armstrail.link.copies import Signature, signature
from armstrail.model import Article, Problem
from armstrail.pipeline import Extraction, extract_articles
from armstrail.read import read_paths
from armstrail.settings import Settings
from armstrail.store.copies import Copy, CopyFinder, appearance_row, forget, known_copy, signature_rows
from armstrail.store.db import ensure_writable, reachable, refresh_statistics, store_name
from armstrail.store.entities import record_actors, source_ids
from armstrail.store.linking import (
    StoredClusterIndex,
    file_article,
    refresh_clusters,
    settle_clusters,
    unfile_articles,
)
from armstrail.store.regimes import regime_rows
from armstrail.store.schema import (
    appearances,
    article_bands,
    article_signatures,
    articles,
    claim_regimes,
    claim_sources,
    claims,
)

BATCH_SIZE = 32


@dataclass
class IngestTally:
    stored: int = 0
    claims: int = 0
    foreign: int = 0  # stored, not analysed: not English
    duplicates: int = 0  # copies of stored articles, kept as their appearances
    unchanged: int = 0
    skipped: int = 0
    failed: int = 0
    problems: list[Problem] = field(default_factory=list)
    copy_of: dict[str, str] = field(default_factory=dict)  # copy's id -> stored original (ids only)
    read: int = 0  # articles and problems read so far
    files: set[str] = field(default_factory=set)  # inputs (files, URLs) met so far

    def note_read(self, item: Article | Problem) -> None:
        self.read += 1
        origin = item.origin if isinstance(item, Problem) else (item.origin or item.id)
        self.files.add(input_of(origin))

    def summary(self) -> str:
        return messages.INGEST_SUMMARY.format(
            stored=self.stored,
            claims=self.claims,
            foreign=self.foreign,
            duplicates=self.duplicates,
            unchanged=self.unchanged,
            skipped=self.skipped,
            failed=self.failed,
        )


def input_of(origin: str) -> str:
    """The file or URL an origin comes from ("a.jsonl#L3" -> "a.jsonl", "b.zip!c.json" -> "b.zip")."""
    if "://" in origin:
        return origin
    return origin.split("!", 1)[0].split("#", 1)[0]


def content_hash(article: Article) -> str:
    return hashlib.sha256(article.text.encode("utf-8", "surrogatepass")).hexdigest()


def _stored(connection: Connection, article_id: str) -> tuple[str, str] | None:
    row = connection.execute(
        select(articles.c.content_hash, articles.c.extractor).where(articles.c.id == article_id)
    ).first()
    return None if row is None else (row[0], row[1])


def _needs_extraction(stored: tuple[str, str] | None, digest: str, reextract: bool, version: str) -> bool:
    if stored is None or stored[0] != digest:
        return True
    return reextract and stored[1] != version


def _pending(
    items: Iterable[Article | Problem],
    engine: Engine,
    settings: Settings,
    reextract: bool,
    resume: bool,
    tally: IngestTally,
) -> Iterator[Article | Problem]:
    """Drop what needs no analysis before any NLP runs: articles the store holds as they are (and
    repeats within this run), with ``resume`` any id already stored, and copies of stored
    articles, which are recorded as their appearances at once."""
    seen: set[tuple[str, str]] = set()
    finder = CopyFinder(settings.near_duplicate_threshold)
    with engine.connect() as connection:
        for item in items:
            tally.note_read(item)
            if isinstance(item, Article):
                digest = content_hash(item)
                stored = _stored(connection, item.id)
                if (
                    (item.id, digest) in seen
                    or not _needs_extraction(stored, digest, reextract, extractor_version(settings.extractor))
                    or known_copy(connection, item.id, digest)
                    or (resume and (stored is not None or _is_appearance(connection, item.id)))
                ):
                    tally.unchanged += 1
                    connection.rollback()
                    continue
                seen.add((item.id, digest))
                original = (
                    None
                    if stored is not None
                    else finder.find(connection, item, digest, signature(item.text))
                )
                connection.rollback()  # end the read transaction so it never pins an old snapshot
                if original is not None:
                    copy = Copy(item, original[0], original[1], digest)
                    with engine.begin() as writer:  # a changed copy replaces its record
                        writer.execute(delete(appearances).where(appearances.c.copy_id == item.id))
                        writer.execute(insert(appearances), [appearance_row(copy)])
                    tally.duplicates += 1
                    tally.copy_of[item.id] = copy.of
                    continue
            yield item


def _is_appearance(connection: Connection, article_id: str) -> bool:
    found = connection.execute(select(appearances.c.copy_id).where(appearances.c.copy_id == article_id))
    return found.first() is not None


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
        "extractor": extraction.extractor or extractor_version("hybrid"),
        "origin": article.origin,
        "ingested_at": now,
        "language": extraction.language,
        "analysed": extraction.analysed,
        "screened": extraction.screened,
        "author": article.author,
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
                "extractor": claim.extractor or extraction.extractor,
            }
        )
        source_rows.extend(
            {"claim_id": claim_id, "position": i, "name": s.name, "kind": s.kind}
            for i, s in enumerate(claim.sources)
        )
    return article_row, claim_rows, source_rows


def write_batch(
    engine: Engine,
    batch: list[Extraction],
    gaz: Gazetteer | None = None,
    threshold: float | None = None,
) -> list[Copy]:
    """Replace these articles and their claims in one transaction, and file the claims into the
    story clusters in the same transaction (a kill leaves neither half done). An article that
    copies a stored one, or an earlier one of the batch, is kept as an appearance of it instead:
    the copies are returned."""
    gaz = gaz or load_gazetteer()
    book = load_regimes()
    threshold = Settings().near_duplicate_threshold if threshold is None else threshold
    now = datetime.now(UTC).isoformat(timespec="seconds")
    ids = [e.article.id for e in batch]
    with engine.begin() as connection:
        kept = _saved_appearances(connection, ids)
        stale = unfile_articles(connection, ids)
        forget(connection, ids)
        old_claims = select(claims.c.id).where(claims.c.article_id.in_(ids))
        connection.execute(delete(claim_sources).where(claim_sources.c.claim_id.in_(old_claims)))
        connection.execute(delete(claims).where(claims.c.article_id.in_(ids)))
        connection.execute(delete(articles).where(articles.c.id.in_(ids)))
        originals, copies = _split_copies(connection, batch, threshold)
        article_rows: list[dict[str, Any]] = []
        claim_rows: list[dict[str, Any]] = []
        source_rows: list[dict[str, Any]] = []
        signature_rows_: list[dict[str, Any]] = []
        band_rows: list[dict[str, Any]] = []
        for extraction, sig in originals:
            a, c, s = _rows(extraction, now)
            article_rows.append(a)
            claim_rows.extend(c)
            source_rows.extend(s)
            sigs, bands = signature_rows(extraction.article.id, sig, threshold)
            signature_rows_.extend(sigs)
            band_rows.extend(bands)
        if article_rows:
            connection.execute(insert(articles), article_rows)
        if signature_rows_:
            connection.execute(insert(article_signatures), signature_rows_)
            connection.execute(insert(article_bands), band_rows)
        if claim_rows:
            connection.execute(insert(claims), claim_rows)
            regimes = [
                row
                for extraction, _sig in originals
                for row in regime_rows(
                    ((f"{extraction.article.id}#{n}", c) for n, c in enumerate(extraction.claims)),
                    extraction.article.published,
                    book,
                )
            ]
            if regimes:
                connection.execute(insert(claim_regimes), regimes)
        if source_rows:
            entity = source_ids(connection, gaz, ((r["name"], r["kind"]) for r in source_rows))
            for row in source_rows:
                row["source_id"] = entity[(row["name"], row["kind"])]
            connection.execute(insert(claim_sources), source_rows)
        appearance_rows = [appearance_row(copy) for copy in copies]
        moved = {copy.article.id: copy.of for copy in copies}
        appearance_rows.extend(
            {**row, "article_id": moved.get(row["article_id"], row["article_id"])} for row in kept
        )
        if appearance_rows:
            connection.execute(insert(appearances), appearance_rows)
        index = StoredClusterIndex(gaz, connection=connection)
        touched = settle_clusters(connection, gaz, stale, index) if stale else set()
        for extraction, _sig in originals:
            numbered = [(f"{extraction.article.id}#{n}", c) for n, c in enumerate(extraction.claims)]
            touched |= file_article(connection, gaz, extraction.article, numbered, index)
        refresh_clusters(connection, gaz, touched)
        record_actors(
            connection, gaz, (code for row in claim_rows for code in (row["agent"], row["recipient"]))
        )
    return copies


def _split_copies(
    connection: Connection, batch: list[Extraction], threshold: float
) -> tuple[list[tuple[Extraction, Signature | None]], list[Copy]]:
    finder = CopyFinder(threshold)
    originals: list[tuple[Extraction, Signature | None]] = []
    copies: list[Copy] = []
    for extraction in batch:
        article = extraction.article
        digest = content_hash(article)
        sig = signature(article.text)
        found = finder.find(connection, article, digest, sig)
        if found is not None:
            copies.append(Copy(article, found[0], found[1], digest))
            continue
        finder.remember(article.id, digest, sig)
        originals.append((extraction, sig))
    return originals, copies


def _saved_appearances(connection: Connection, ids: list[str]) -> list[dict[str, Any]]:
    """The appearances of articles about to be rewritten, to file again once they are."""
    query = select(appearances).where(appearances.c.article_id.in_(ids), appearances.c.copy_id.not_in(ids))
    return [dict(row) for row in connection.execute(query).mappings()]


@dataclass(frozen=True)
class IngestOptions:
    reextract: bool = False  # re-extract articles stored by an older extractor version
    resume: bool = False  # skip every id already stored, even if its text changed
    batch_size: int = BATCH_SIZE


def _ingest(
    items: Iterable[Article | Problem],
    engine: Engine,
    settings: Settings,
    options: IngestOptions,
    tally: IngestTally,
) -> Iterator[Extraction | Problem]:
    batch: list[Extraction] = []
    pending = _pending(items, engine, settings, options.reextract, options.resume, tally)
    for result in extract_articles(pending, settings, keep_foreign=True):
        if isinstance(result, Problem):
            tally.problems.append(result)
            if result.level == "skipped":
                tally.skipped += 1
            else:
                tally.failed += 1
            yield result
            continue
        batch.append(result)
        if len(batch) >= options.batch_size:
            yield from _flush(engine, batch, settings, tally)
            batch = []
    yield from _flush(engine, batch, settings, tally)


def _flush(
    engine: Engine, batch: list[Extraction], settings: Settings, tally: IngestTally
) -> Iterator[Extraction | Problem]:
    if not batch:
        return
    # A later duplicate id in one batch replaces the earlier one, as a later run would.
    unique = list({e.article.id: e for e in batch}.values())
    try:
        copies = write_batch(engine, unique, threshold=settings.near_duplicate_threshold)
    except SQLAlchemyError as error:
        stop_if_lost(engine, error)
        # One article the database refuses must not sink the others: store them one by one.
        for extraction in unique:
            yield from _flush_one(engine, extraction, settings, tally)
        return
    yield from _count(unique, copies, tally)


def stop_if_lost(engine: Engine, error: SQLAlchemyError) -> None:
    """Raise ``StoreError`` when ``error`` came from a store that went away (a server stopped):
    every later batch would fail the same way. The batch in flight was rolled back, and the same
    ingest run again stores it and the rest."""
    if isinstance(error, OperationalError) and not reachable(engine):
        raise StoreError(messages.STORE_LOST.format(db=store_name(engine), reason=error.orig)) from error


def _flush_one(
    engine: Engine, extraction: Extraction, settings: Settings, tally: IngestTally
) -> Iterator[Extraction | Problem]:
    try:
        copies = write_batch(engine, [extraction], threshold=settings.near_duplicate_threshold)
    except SQLAlchemyError as error:
        stop_if_lost(engine, error)
        article = extraction.article
        reason = str(error.orig) if isinstance(error, DBAPIError) and error.orig else type(error).__name__
        problem = Problem(article.origin or article.id, messages.STORE_WRITE_FAILED.format(reason=reason))
        tally.failed += 1
        tally.problems.append(problem)
        yield problem
        return
    yield from _count([extraction], copies, tally)


def _count(written: list[Extraction], copies: list[Copy], tally: IngestTally) -> Iterator[Extraction]:
    copied = {copy.article.id for copy in copies}
    tally.duplicates += len(copies)
    tally.copy_of.update((copy.article.id, copy.of) for copy in copies)
    for extraction in written:
        if extraction.article.id in copied:
            continue
        tally.stored += 1
        tally.claims += len(extraction.claims)
        tally.foreign += not extraction.analysed
        yield extraction


def ingest_articles(
    items: Iterable[Article | Problem],
    engine: Engine,
    settings: Settings | None = None,
    options: IngestOptions | None = None,
    on_result: Callable[[Extraction | Problem], None] | None = None,
    tally: IngestTally | None = None,
) -> IngestTally:
    """Store a stream of articles (problems pass through to the tally and ``on_result``). Pass a
    ``tally`` to watch the counts while it runs (a progress display)."""
    tally = tally if tally is not None else IngestTally()
    ensure_writable(engine)
    try:
        for result in _ingest(items, engine, settings or Settings(), options or IngestOptions(), tally):
            if on_result is not None:
                on_result(result)
    except OperationalError as error:  # reading what is stored, between batches
        stop_if_lost(engine, error)
        raise
    if tally.stored:
        refresh_statistics(engine)
    return tally


def ingest_paths(
    paths: Iterable[str | Path],
    engine: Engine,
    settings: Settings | None = None,
    options: IngestOptions | None = None,
    on_result: Callable[[Extraction | Problem], None] | None = None,
    tally: IngestTally | None = None,
) -> IngestTally:
    """Read ``paths`` into the store; the tally says what was stored, copied, kept, skipped or
    failed. ``on_result`` sees each result once it is stored (or failed), for progress and reports."""
    settings = settings or Settings()
    return ingest_articles(read_paths(paths, settings), engine, settings, options, on_result, tally)
