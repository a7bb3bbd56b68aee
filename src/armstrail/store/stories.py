"""Story clusters over everything in the store: the stored articles and claims are filed, oldest
first, into a ``ClusterIndex`` (the same linking the ``link`` command does on files)."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import Engine, select

from armstrail.analyse.gazetteer import load_gazetteer
from armstrail.link import ClusterIndex
from armstrail.model import Article, Claim
from armstrail.store.query import stored_claims
from armstrail.store.schema import articles


def link_store(engine: Engine) -> ClusterIndex:
    """Clusters of every stored claim. Computed at query time: clusters are not stored yet."""
    by_article: dict[str, list[Claim]] = defaultdict(list)
    for stored in stored_claims(engine):
        by_article[stored.article_id].append(stored.claim)
    index = ClusterIndex(load_gazetteer())
    query = select(
        articles.c.id, articles.c.outlet, articles.c.published, articles.c.title, articles.c.url
    ).order_by(articles.c.published, articles.c.id)
    with engine.connect() as connection:
        rows = connection.execute(query).mappings().all()
    for row in rows:
        article = Article(
            id=row["id"],
            text="",
            url=row["url"],
            outlet=row["outlet"],
            published=row["published"],
            title=row["title"],
        )
        index.add(article, by_article.get(row["id"], []))
    return index
