"""The store on SQLite: migrations, idempotent ingest, re-extraction, bad input, round trips."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, func, inspect, select, text, update

from armstrail.cli import cli
from armstrail.extract.learned.extractor import HYBRID_VERSION as EXTRACTOR_VERSION
from armstrail.model import CLAIM_TYPES, SOURCE_KINDS, STANCES, STATUSES, Article, Claim, Source
from armstrail.pipeline import Extraction, extract_text
from armstrail.store import ingest_paths, open_store, store_url, stored_claims
from armstrail.store.db import refresh_statistics
from armstrail.store.ingest import IngestOptions, write_batch
from armstrail.store.schema import articles, metadata

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
SUPPLY = "Iran has supplied hundreds of drones to Russia, the Pentagon said on Monday."


def _write_article(folder: Path, article_id: str, text: str) -> Path:
    path = folder / f"{article_id}.json"
    record = {"id": article_id, "url": None, "outlet": "Reuters", "published": "2023-05-01", "text": text}
    path.write_text(json.dumps(record), encoding="utf-8")
    return path


def _count(engine: Engine, table: str) -> int:
    with engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(metadata.tables[table])).scalar_one())


def test_store_url_reads_paths_and_urls() -> None:
    assert store_url("x/armstrail.db") == "sqlite:///x/armstrail.db"
    assert store_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert store_url("sqlite:///a.db") == "sqlite:///a.db"


def test_migrations_build_the_schema_the_code_queries(tmp_path: Path, db: str) -> None:
    engine = open_store(db)
    inspector = inspect(engine)
    for table in metadata.sorted_tables:
        migrated = {c["name"] for c in inspector.get_columns(table.name)}
        assert migrated == {c.name for c in table.columns}, table.name
        declared = {i.name for i in table.indexes}
        assert declared <= {i["name"] for i in inspector.get_indexes(table.name)}, table.name
    open_store(db)  # a second open finds nothing to migrate


def test_sqlite_store_is_in_wal_mode(tmp_path: Path) -> None:
    open_store(tmp_path / "a.db")
    with sqlite3.connect(tmp_path / "a.db") as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_ingest_twice_stores_each_article_once(tmp_path: Path, db: str) -> None:
    engine = open_store(db)
    first = ingest_paths([SAMPLES], engine)
    assert first.stored == 10 and first.failed == 0 and first.claims > 10
    claims_after_first = _count(engine, "claims")
    second = ingest_paths([SAMPLES], engine)
    assert (second.stored, second.unchanged) == (0, 10)
    assert _count(engine, "articles") == 10
    assert _count(engine, "claims") == claims_after_first == first.claims


def test_changed_text_replaces_the_article_and_its_claims(tmp_path: Path, db: str) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    _write_article(folder, "a1", SUPPLY)
    engine = open_store(db)
    ingest_paths([folder], engine)
    before = stored_claims(engine, article_id="a1")
    assert [s.claim.agent for s in before] == ["IRN"]
    _write_article(folder, "a1", "Germany delivered tanks to Ukraine, the ministry said.")
    tally = ingest_paths([folder], engine)
    assert tally.stored == 1
    after = stored_claims(engine, article_id="a1")
    assert [(s.claim.agent, s.claim.recipient) for s in after] == [("DEU", "UKR")]
    assert _count(engine, "articles") == 1


def test_older_extractor_is_redone_only_with_reextract(tmp_path: Path, db: str) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    _write_article(folder, "a1", SUPPLY)
    engine = open_store(db)
    ingest_paths([folder], engine)
    with engine.begin() as connection:
        connection.execute(update(articles).values(extractor="armstrail-rules/0.0.1"))
    assert ingest_paths([folder], engine).unchanged == 1
    again = ingest_paths([folder], engine, options=IngestOptions(reextract=True))
    assert again.stored == 1
    with engine.connect() as connection:
        assert connection.execute(articles.select()).mappings().one()["extractor"] == EXTRACTOR_VERSION


def test_a_bad_file_is_named_and_the_rest_is_stored(tmp_path: Path, db: str) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    _write_article(folder, "good", SUPPLY)
    (folder / "broken.json").write_text('{"id": "x", "text": ', encoding="utf-8")
    engine = open_store(db)
    tally = ingest_paths([folder], engine)
    assert tally.stored == 1 and tally.failed == 1
    assert "broken.json" in tally.problems[0].origin
    assert [s.article_id for s in stored_claims(engine)] == ["good"]


def test_the_store_keeps_provenance(tmp_path: Path, db: str) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    text = "Officials were worried. " + SUPPLY
    _write_article(folder, "p1", text)
    engine = open_store(db)
    ingest_paths([folder], engine)
    [stored] = stored_claims(engine)
    assert (stored.id, stored.article_id, stored.published) == ("p1#0", "p1", date(2023, 5, 1))
    claim = stored.claim
    assert text[claim.start : claim.end] == claim.evidence == SUPPLY
    assert claim.extractor == EXTRACTOR_VERSION
    assert [s.name for s in claim.sources] == ["US Department of Defense"]
    assert [claim] == extract_text(text, published="2023-05-01", outlet="Reuters", article_id="p1")


_text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40)
_optional = st.none() | _text
_claims = st.builds(
    Claim,
    type=st.sampled_from(CLAIM_TYPES),
    agent=_optional,
    recipient=_optional,
    item=_text,
    item_category=_text,
    quantity=_optional,
    when=_optional,
    status=st.sampled_from(STATUSES),
    stance=st.sampled_from(STANCES),
    sources=st.lists(st.builds(Source, name=_text, kind=st.sampled_from(SOURCE_KINDS)), max_size=4).map(
        tuple
    ),
    evidence=_text,
    start=st.integers(0, 10**6),
    end=st.integers(0, 10**6),
    extractor=st.just(EXTRACTOR_VERSION),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    article_id=st.text(
        st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1, max_size=30
    ),
    text=_text,
    published=st.none() | st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1)),
    claims=st.lists(_claims, max_size=5),
)
def test_claims_round_trip_through_the_store(
    db: str, article_id: str, text: str, published: date | None, claims: list[Claim]
) -> None:
    engine = open_store(db)
    # each example's text is its own: a text stored under another id would be kept as a copy of it
    article = Article(id=article_id, text=f"{article_id}\n{text}", published=published, outlet="Reuters")
    try:
        write_batch(engine, [Extraction(article, claims)])
        write_batch(engine, [Extraction(article, claims)])  # a rewrite replaces, never duplicates
        back = stored_claims(engine, article_id=article_id)
    finally:
        engine.dispose()  # one engine per example: close its connections now, not at collection
    assert [s.claim for s in back] == claims
    assert [s.id for s in back] == [f"{article_id}#{n}" for n in range(len(claims))]


def test_cli_ingest_then_stories_reports_sources_and_denials(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    run = CliRunner().invoke(cli, ["ingest", str(SAMPLES), "--db", db])
    assert run.exit_code == 0, run.output
    assert "10 article(s) stored" in run.output
    report = CliRunner().invoke(cli, ["stories", "--db", db])
    assert report.exit_code == 0, report.output
    assert "independent:" in report.output and "denied by: IRN" in report.output
    assert "CONTRADICTED" in report.output


def test_cli_names_a_store_it_cannot_open(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    run = CliRunner().invoke(cli, ["ingest", str(SAMPLES), "--db", str(blocker / "x.db"), "--quiet"])
    assert run.exit_code == 1
    assert "cannot open the store" in run.output and "Traceback" not in run.output


def test_read_commands_do_not_create_a_missing_store(tmp_path: Path) -> None:
    missing = tmp_path / "typo.db"
    for command in (["stories"], ["claims"], ["timeline"], ["show", "a#0"], ["relink"]):
        run = CliRunner().invoke(cli, [*command, "--db", str(missing)])
        assert run.exit_code == 1 and "no store at" in run.output, (command, run.output)
    run = CliRunner().invoke(cli, ["export", "--format", "jsonl", "--out", "-", "--db", str(missing)])
    assert run.exit_code == 1 and "no store at" in run.output
    assert not missing.exists()


def test_cli_stories_filters_and_relink(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    assert CliRunner().invoke(cli, ["ingest", str(SAMPLES), "--db", db, "--quiet"]).exit_code == 0
    every = json.loads(CliRunner().invoke(cli, ["stories", "--db", db, "--json"]).output)["clusters"]
    run = CliRunner().invoke(cli, ["stories", "--db", db, "--json", "--agent", "IRN", "--type", "transfer"])
    chosen = json.loads(run.output)["clusters"]
    assert chosen and chosen == [c for c in every if c["agent"] == "IRN" and c["type"] == "TRANSFER"]
    run = CliRunner().invoke(cli, ["stories", "--db", db, "--json", "--contradictions"])
    assert json.loads(run.output)["clusters"] == [c for c in every if c["contradiction"]]
    run = CliRunner().invoke(cli, ["relink", "--db", db])
    relinked = json.loads(CliRunner().invoke(cli, ["stories", "--db", db, "--json"]).output)["clusters"]
    assert run.exit_code == 0 and f"relinked the store: {len(relinked)} story clusters" in run.output
    articles = {a for c in every for a in c["articles"]}
    assert {a for c in relinked for a in c["articles"]} == articles


def test_cli_claims_filters_the_store(tmp_path: Path) -> None:
    db = str(tmp_path / "q.db")
    assert CliRunner().invoke(cli, ["ingest", str(SAMPLES), "--db", db, "--quiet"]).exit_code == 0
    engine = open_store(db)
    every = stored_claims(engine)
    run = CliRunner().invoke(cli, ["claims", "--db", db, "--agent", "IRN", "--type", "transfer", "--json"])
    assert run.exit_code == 0, run.output
    rows = [json.loads(line) for line in run.output.splitlines()]
    expected = [s.id for s in every if s.claim.agent == "IRN" and s.claim.type == "TRANSFER"]
    assert [r["id"] for r in rows] == expected and expected
    denials = CliRunner().invoke(cli, ["claims", "--db", db, "--stance", "denies"])
    assert denials.exit_code == 0 and "stance=denies" in denials.output
    assert f"{sum(s.claim.stance == 'denies' for s in every)} claim(s)" in denials.output
    later = stored_claims(engine, since="2024")
    assert later and all((s.seen() or "") >= "2024" for s in later)
    assert len(later) < len(every)


def test_an_article_the_database_refuses_is_named_and_the_batch_is_kept(tmp_path: Path, db: str) -> None:
    """PostgreSQL text cannot hold NUL characters; SQLite can. Either way nothing else is lost."""
    folder = tmp_path / "in"
    folder.mkdir()
    _write_article(folder, "fine", SUPPLY)
    _write_article(folder, "nul", SUPPLY.replace("Monday", "Mon\x00day"))
    engine = open_store(db)
    tally = ingest_paths([folder], engine)
    stored = {s.article_id for s in stored_claims(engine)}
    assert "fine" in stored
    if "nul" in stored:
        assert tally.stored == 2 and tally.failed == 0
    else:
        assert tally.stored == 1 and tally.failed == 1
        assert "nul.json" in tally.problems[0].origin and "not stored" in tally.problems[0].reason


def test_cli_show_gives_context_chain_and_cluster(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    assert CliRunner().invoke(cli, ["ingest", str(SAMPLES), "--db", db, "--quiet"]).exit_code == 0
    engine = open_store(db)
    denial = next(s for s in stored_claims(engine) if s.claim.stance == "denies")
    run = CliRunner().invoke(cli, ["show", denial.id, "--db", db])
    assert run.exit_code == 0, run.output
    assert f">>>{' '.join(denial.claim.evidence.split())}<<<" in " ".join(run.output.split())
    assert "story cluster c-" in run.output and "denied by" in run.output
    missing = CliRunner().invoke(cli, ["show", "nope#0", "--db", db])
    assert missing.exit_code == 1 and "no claim nope#0" in missing.output


def test_cli_timeline_orders_claims_by_date(tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    assert CliRunner().invoke(cli, ["ingest", str(SAMPLES), "--db", db, "--quiet"]).exit_code == 0
    run = CliRunner().invoke(cli, ["timeline", "--agent", "IRN", "--recipient", "RUS", "--db", db])
    assert run.exit_code == 0, run.output
    lines = run.output.splitlines()[:-1]
    expected = stored_claims(open_store(db), agent="IRN", recipient="RUS")
    assert len(lines) == len(expected) > 0
    dates = [line.split()[0] for line in lines]
    assert dates == sorted(dates)
    assert all("IRN -> RUS" in line for line in lines)


def test_sqlite_planner_statistics_follow_the_store(tmp_path: Path) -> None:
    """SQLite plans joins from ANALYZE statistics: an ingest run gathers them once the claims have
    doubled since the last time (PostgreSQL's autovacuum does this itself)."""
    engine = open_store(tmp_path / "a.db")
    assert not refresh_statistics(engine)  # nothing stored: nothing to learn
    ingest_paths([SAMPLES], engine)
    with engine.connect() as connection:
        stat = connection.execute(
            text("SELECT stat FROM sqlite_stat1 WHERE idx = 'ix_claims_article_id'")
        ).scalar_one()
        claims = connection.execute(text("SELECT count(*) FROM claims")).scalar_one()
    assert int(stat.split()[0]) == claims > 0
    assert not refresh_statistics(engine)  # up to date: not gathered again
