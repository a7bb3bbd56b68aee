"""Full-text search of the evidence sentences (revision 0004), on SQLite (FTS5 kept in step by
triggers) and PostgreSQL (a GIN index on the English tsvector): words match whole words or their
starts, user input is never query syntax, and the index follows every write."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine, delete, inspect, select, text, update

from armstrail.analyse.gazetteer import Gazetteer
from armstrail.model import Article, Claim
from armstrail.pipeline import Extraction
from armstrail.store import open_store
from armstrail.store.browse import ClaimFilters, evidence_matches, search_claims
from armstrail.store.db import downgrade, upgrade
from armstrail.store.ingest import write_batch
from armstrail.store.schema import articles, claims

SENTENCES = {
    "a": "Iran has supplied Russia with Shahed-136 drones, officials said.",
    "b": "Germany will send Leopard 2 tanks to Ukraine, the chancellor announced.",
    "c": 'The ministry denied "any" drone deliveries: 100% false, it said.',
}


def extraction(article_id: str, evidence: str) -> Extraction:
    claim = Claim(
        type="TRANSFER",
        agent="IRN",
        recipient="RUS",
        item="Shahed-136",
        item_category="uav",
        quantity=None,
        when=None,
        status="occurred",
        stance="asserts",
        sources=(),
        evidence=evidence,
        start=0,
        end=len(evidence),
        extractor="test",
    )
    article = Article(id=article_id, text=evidence, outlet="Wire", published=date(2024, 1, 1))
    return Extraction(article, [claim])


def found(engine: Engine, q: str) -> set[str]:
    page = search_claims(engine, ClaimFilters(q=q), page_size=500)
    assert page.total == len(page.items)
    return {s.article_id for s in page.items}


@pytest.fixture
def engine(db: str, gaz: Gazetteer) -> Engine:
    store = open_store(db)
    write_batch(store, [extraction(key, sentence) for key, sentence in SENTENCES.items()], gaz)
    return store


def test_words_match_whole_words_or_their_starts(engine: Engine) -> None:
    assert found(engine, "drone") == {"a", "c"}  # "drones" too: a start (SQLite), a stem (PostgreSQL)
    stems = engine.dialect.name == "postgresql"  # "drones" is "drone" to PostgreSQL, a longer word to FTS5
    assert found(engine, "drones") == ({"a", "c"} if stems else {"a"})
    assert found(engine, "DRONES iran") == {"a"}  # every word, any case
    assert found(engine, "shahed-136") == {"a"}
    assert found(engine, "tanks Ukraine") == {"b"}
    assert found(engine, "ran") == set()  # not a substring inside a word ("Iran")
    assert found(engine, "submarine") == set()


@pytest.mark.parametrize(
    "q",
    [
        '"',
        '"any',
        "drone*",
        "NEAR(drone iran)",
        "drone AND OR NOT",
        "-drone",
        "evidence:drone",
        "100%",
        "^:(",
    ],
)
def test_user_input_is_never_query_syntax(engine: Engine, q: str) -> None:
    found(engine, q)  # no syntax error, whatever the words


def test_the_index_follows_every_write(engine: Engine, gaz: Gazetteer) -> None:
    write_batch(engine, [extraction("a", "Iran has supplied Russia with ballistic missiles.")], gaz)
    assert found(engine, "shahed") == set() and found(engine, "missiles") == {"a"}
    with engine.begin() as connection:
        connection.execute(
            update(claims).where(claims.c.article_id == "b").values(evidence="Submarines too.")
        )
        connection.execute(delete(articles).where(articles.c.id == "c"))  # its claims go by cascade
    assert found(engine, "tanks") == set() and found(engine, "submarines") == {"b"}
    assert found(engine, "drone") == set()


def test_other_dialects_match_substrings(engine: Engine) -> None:
    condition = evidence_matches("RAN", "")  # the portable fallback, used by no supported backend
    with engine.connect() as connection:
        ids = set(connection.execute(select(claims.c.article_id).where(condition)).scalars())
    assert ids == {"a"}


def test_the_index_exists_and_is_dropped_by_a_downgrade(engine: Engine) -> None:
    sqlite = engine.dialect.name == "sqlite"
    if sqlite:
        assert "claims_fts" in inspect(engine).get_table_names()
    else:
        assert "ix_claims_evidence_search" in {i["name"] for i in inspect(engine).get_indexes("claims")}
        with engine.connect() as connection:
            connection.execute(text("SET enable_seqscan = off"))
            plan = connection.execute(
                text(
                    "EXPLAIN SELECT id FROM claims WHERE to_tsvector('english', evidence) "
                    "@@ plainto_tsquery('english', 'drone')"
                )
            ).scalars()
            assert "ix_claims_evidence_search" in "\n".join(plan)
    downgrade(engine, "0003")
    if sqlite:
        assert "claims_fts" not in inspect(engine).get_table_names()
    else:
        assert "ix_claims_evidence_search" not in {i["name"] for i in inspect(engine).get_indexes("claims")}
    upgrade(engine)  # existing claims are indexed by the upgrade
    assert found(engine, "drone") == {"a", "c"}
