"""The regimes of stored claims, on SQLite and PostgreSQL: written with the claims, the same as the
engine computes from each stored claim, gone with their claims, and recomputed from the stored claims
(no re-extraction) when the regimes file's version changes."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from sqlalchemy import Engine, delete, func, select, update

from armstrail.legal import load_regimes
from armstrail.store import ingest_paths, open_store, stored_claims
from armstrail.store.regimes import VERSION_KEY, regimes_listing, sync_regimes
from armstrail.store.schema import claim_regimes, store_meta

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def _rows(engine: Engine) -> set[tuple[str, str, str]]:
    with engine.connect() as connection:
        return {tuple(row) for row in connection.execute(select(claim_regimes))}  # type: ignore[misc]


def _expected(engine: Engine) -> set[tuple[str, str, str]]:
    return {(s.id, r.id, r.status) for s in stored_claims(engine) for r in s.regimes()}


def test_ingest_stores_what_the_engine_says_of_each_claim(db: str) -> None:
    engine = open_store(db)
    ingest_paths([SAMPLES], engine)
    rows = _rows(engine)
    assert rows == _expected(engine)
    statuses = Counter(status for _c, _r, status in rows)
    assert statuses["in-force"] > 0 and statuses["not-in-force"] > 0


def test_the_filter_returns_the_claims_of_a_regime_and_status(db: str) -> None:
    engine = open_store(db)
    ingest_paths([SAMPLES], engine)
    every = stored_claims(engine)
    wanted = {
        s.id for s in every for r in s.regimes() if r.id == "unscr-2231-annex-b-4" and r.status == "in-force"
    }
    assert wanted
    found = stored_claims(engine, regime="unscr-2231-annex-b-4", regime_status="in-force")
    assert {s.id for s in found} == wanted
    any_contested = {s.id for s in every if any(r.status == "contested" for r in s.regimes())}
    assert {s.id for s in stored_claims(engine, regime_status="contested")} == any_contested


def test_counts_per_regime_match_the_rows(db: str) -> None:
    engine = open_store(db)
    ingest_paths([SAMPLES], engine)
    listing = {r["id"]: r for r in regimes_listing(engine)}
    assert set(listing) == {r.id for r in load_regimes().regimes}
    per_regime = Counter(regime for _c, regime, _s in _rows(engine))
    for regime_id, record in listing.items():
        assert (
            record["claims"]["total"] == per_regime[regime_id] == sum(record["claims"]["by_status"].values())
        )
        assert regimes_listing(engine, only=regime_id) == [record]  # a regime's page counts it alone


def test_a_new_regimes_version_recomputes_from_the_stored_claims(db: str) -> None:
    engine = open_store(db)
    ingest_paths([SAMPLES], engine)
    before = _rows(engine)
    with engine.begin() as connection:  # as if made with an older file: rows lost, version old
        connection.execute(delete(claim_regimes))
        connection.execute(
            update(store_meta).where(store_meta.c.key == VERSION_KEY).values(value="2000-01-01")
        )
    assert sync_regimes(engine, load_regimes())  # another version: recomputed
    assert _rows(engine) == before
    assert not sync_regimes(engine)  # the version is current: nothing to do
    with engine.begin() as connection:
        connection.execute(update(store_meta).where(store_meta.c.key == VERSION_KEY).values(value="old"))
        connection.execute(delete(claim_regimes))
    reopened = open_store(db)  # opening the store brings the regimes up to date
    assert _rows(reopened) == before


def test_a_re_extracted_article_leaves_no_regime_rows_behind(db: str, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    path = folder / "a1.json"
    path.write_text(
        '{"id": "a1", "published": "2022-11-02", '
        '"text": "Iran delivered Shahed-136 drones to Russia in October 2022, officials said."}',
        "utf-8",
    )
    engine = open_store(db)
    ingest_paths([folder], engine)
    assert ("a1#0", "unscr-2231-annex-b-4", "in-force") in _rows(engine)
    path.write_text(
        '{"id": "a1", "published": "2023-01-25", "text": "Germany delivered tanks to Ukraine."}', "utf-8"
    )
    ingest_paths([folder], engine)
    assert _rows(engine) == set()
    with engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(claim_regimes)).scalar_one() == 0
