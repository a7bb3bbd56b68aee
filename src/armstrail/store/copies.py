"""Copies in the store: an article whose text is already stored under another id (exactly, or
nearly: a syndicated wire story with another headline or sign-off) is not stored again. It becomes
an *appearance* of the stored article (its own id, URL, outlet, date), so that it neither adds
claims nor counts as another origin. Near copies are found through the LSH bands of
``link.copies`` kept in ``article_bands``: one indexed query per article, whatever the store's size."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, delete, insert, or_, select

from armstrail.link.copies import Signature, band_keys, signature
from armstrail.model import Article
from armstrail.store.schema import appearances, article_bands, article_signatures, articles

CHUNK = 500


@dataclass(frozen=True)
class Copy:
    """``article`` is a copy of the stored article ``of``, with this similarity (1.0: identical)."""

    article: Article
    of: str
    similarity: float
    digest: str


@dataclass
class CopyFinder:
    """Finds the stored original of an article, if any; also remembers the articles of the batch
    being written, so two copies in one batch are caught too."""

    threshold: float
    batch_digests: dict[str, str] = field(default_factory=dict)  # content hash -> article id
    batch_bands: dict[tuple[int, int], list[str]] = field(default_factory=dict)
    batch_signatures: dict[str, Signature] = field(default_factory=dict)

    def find(
        self, connection: Connection, article: Article, digest: str, sig: Signature | None
    ) -> tuple[str, float] | None:
        """(original id, similarity) when ``article`` copies a stored (or batch) article."""
        exact = self.batch_digests.get(digest)
        if exact is None:
            exact = connection.execute(
                select(articles.c.id)
                .where(articles.c.content_hash == digest, articles.c.id != article.id)
                .order_by(articles.c.id)
                .limit(1)
            ).scalar_one_or_none()
        if exact is not None and exact != article.id:
            return exact, 1.0
        if sig is None:
            return None
        best: tuple[str, float] | None = None
        for candidate, other in self._candidates(connection, article.id, sig).items():
            similarity = sig.similarity(other)
            if similarity >= self.threshold and (
                best is None or (similarity, best[0]) > (best[1], candidate)
            ):
                best = (candidate, similarity)
        return best

    def _candidates(self, connection: Connection, article_id: str, sig: Signature) -> dict[str, Signature]:
        keys = band_keys(sig, self.threshold)
        found: dict[str, Signature] = {}
        for key in keys:
            for other in self.batch_bands.get(key, []):
                if other != article_id:
                    found[other] = self.batch_signatures[other]
        params: dict[str, Any] = {"b_self": article_id}
        for n, (band, value) in enumerate(keys):
            params[f"b_band{n}"] = band
            params[f"b_key{n}"] = value
        stored = connection.execute(_candidates_query(len(keys)), params)
        for other, data in stored:
            found.setdefault(other, Signature.from_bytes(data))
        return found

    def remember(self, article_id: str, digest: str, sig: Signature | None) -> None:
        self.batch_digests.setdefault(digest, article_id)
        if sig is not None:
            self.batch_signatures[article_id] = sig
            for key in band_keys(sig, self.threshold):
                self.batch_bands.setdefault(key, []).append(article_id)


@cache
def _candidates_query(count: int) -> Any:
    """The stored signatures that share one of ``count`` bands with an article, built once per
    band count and run with bound parameters (building it per article cost more than running it)."""
    band, key = article_bands.c.band, article_bands.c.key
    pairs = [(band == bindparam(f"b_band{n}")) & (key == bindparam(f"b_key{n}")) for n in range(count)]
    condition = or_(*pairs)
    return (
        select(article_signatures.c.article_id, article_signatures.c.minhash)
        .join(article_bands, article_bands.c.article_id == article_signatures.c.article_id)
        .where(condition, article_signatures.c.article_id != bindparam("b_self"))
        .distinct()
    )


def signature_rows(
    article_id: str, sig: Signature | None, threshold: float
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The rows that file an article for near-copy lookups (none for a text too short)."""
    if sig is None:
        return [], []
    bands = [{"article_id": article_id, "band": band, "key": key} for band, key in band_keys(sig, threshold)]
    return [{"article_id": article_id, "minhash": sig.to_bytes()}], bands


def appearance_row(copy: Copy) -> dict[str, Any]:
    article = copy.article
    return {
        "copy_id": article.id,
        "article_id": copy.of,
        "url": article.url,
        "outlet": article.outlet,
        "published": article.published,
        "title": article.title,
        "origin": article.origin,
        "content_hash": copy.digest,
        "similarity": round(copy.similarity, 4),
        "text": None if copy.similarity == 1.0 else article.text,
        "seen_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def known_copy(connection: Connection, article_id: str, digest: str) -> bool:
    """Whether this id was already stored as an appearance with this text (a re-run)."""
    stored = connection.execute(
        select(appearances.c.content_hash).where(appearances.c.copy_id == article_id)
    ).scalar_one_or_none()
    return stored == digest


def forget(connection: Connection, article_ids: Iterable[str]) -> None:
    """Drop the lookup rows and appearance records of articles about to be rewritten."""
    ids = list(article_ids)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        connection.execute(delete(article_bands).where(article_bands.c.article_id.in_(chunk)))
        connection.execute(delete(article_signatures).where(article_signatures.c.article_id.in_(chunk)))
        connection.execute(delete(appearances).where(appearances.c.copy_id.in_(chunk)))


def backfill_signatures(engine: Engine, threshold: float) -> int:
    """File every stored article that has no signature yet (a store from before revision 0003)."""
    count = 0
    with engine.begin() as connection:
        query = select(articles.c.id, articles.c.text).where(
            articles.c.id.not_in(select(article_signatures.c.article_id))
        )
        for article_id, text in connection.execute(query).all():
            rows, bands = signature_rows(article_id, signature(text), threshold)
            if rows:
                connection.execute(insert(article_signatures), rows)
                connection.execute(insert(article_bands), bands)
                count += 1
    return count
