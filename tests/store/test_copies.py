"""Copies and languages in the store, on SQLite and PostgreSQL: an exact or near copy under another
id is kept as an appearance of the stored article (no second set of claims, no second origin);
an article not in English is stored, flagged and not analysed; --resume and --errors."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import Engine, select

from armstrail.cli import cli
from armstrail.store import ingest_paths, open_store, stored_claims
from armstrail.store.ingest import IngestOptions
from armstrail.store.schema import appearances, articles
from armstrail.store.stories import story_records

WIRE = (
    "KYIV, Ukraine (AP) — Iran has supplied hundreds of Shahed drones to Russia since August, "
    "Ukrainian officials said on Monday, as Russian forces kept up strikes on power stations across "
    "the country. The drones, launched in waves at night, have hit energy infrastructure in Kyiv, "
    "Odesa and Lviv, according to the Ukrainian air force, which said it had shot down most of them.\n\n"
    "The air force spokesman told reporters that the drones were slow and loud, but that their "
    "numbers stretched the air defences the country had received from its Western partners. He said "
    "Ukraine needed more systems to protect its cities through the winter, when the attacks on the "
    "grid would be felt most by civilians who rely on electric heating in their apartments.\n\n"
    "Tehran has denied sending weapons to Moscow for use in the war, and its foreign ministry said "
    "on Sunday that any transfers dated from before the invasion. Western governments have said the "
    "evidence of continued deliveries is clear, pointing to wreckage recovered in several regions.\n\n"
    "The European Union is preparing new sanctions on Iranian individuals and companies involved in "
    "the drone programme, diplomats said, with a decision expected at a meeting of foreign ministers "
    "later this month in Brussels."
)


def _article(folder: Path, article_id: str, text: str, outlet: str, day: str = "2022-10-17") -> None:
    record = {"id": article_id, "outlet": outlet, "published": day, "text": text}
    (folder / f"{article_id}.json").write_text(json.dumps(record), encoding="utf-8")


def _appearances(engine: Engine) -> list[tuple[str, str, float]]:
    with engine.connect() as connection:
        rows = connection.execute(
            select(appearances.c.copy_id, appearances.c.article_id, appearances.c.similarity).order_by(
                appearances.c.copy_id
            )
        )
        return [(copy, of, similarity) for copy, of, similarity in rows]


def test_syndicated_copies_are_one_article_and_one_origin(tmp_path: Path, db: str) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    _article(folder, "a-ap", WIRE, "Associated Press")
    _article(folder, "b-exact", WIRE, "ABC News")  # the same text under another id
    near = "Iran drones: " + WIRE.replace("on Monday", "on Monday, Oct. 17") + " Copyright 2022 The AP."
    _article(folder, "c-near", near, "Times of Israel")
    engine = open_store(db)
    tally = ingest_paths([folder], engine)
    assert (tally.stored, tally.duplicates, tally.failed) == (1, 2, 0)
    found = _appearances(engine)
    assert [(copy, of) for copy, of, _ in found] == [("b-exact", "a-ap"), ("c-near", "a-ap")]
    assert found[0][2] == 1.0 and 0.9 <= found[1][2] < 1.0
    with engine.connect() as connection:  # a near copy's own words are kept, never dropped
        texts = dict(connection.execute(select(appearances.c.copy_id, appearances.c.text)).all())
    assert texts == {"b-exact": None, "c-near": near}
    assert {s.article_id for s in stored_claims(engine)} == {"a-ap"}
    supply = [r for r in story_records(engine) if r["type"] == "TRANSFER" and r["agent"] == "IRN"]
    assert supply and all(len(r["articles"]) == 1 for r in supply)
    again = ingest_paths([folder], engine)  # a re-run finds every copy already recorded
    assert (again.stored, again.duplicates, again.unchanged) == (0, 0, 3)


def test_copies_within_one_batch_are_caught_at_write_time(tmp_path: Path, db: str) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    _article(folder, "x1", WIRE, "Associated Press")
    _article(folder, "x2", WIRE + " Reporting by staff.", "Yahoo News")
    engine = open_store(db)
    tally = ingest_paths([folder], engine)
    assert (tally.stored, tally.duplicates) == (1, 1)
    assert [copy for copy, _, _ in _appearances(engine)] == ["x2"]


def test_a_different_story_is_not_a_copy(tmp_path: Path, db: str) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    _article(folder, "one", WIRE, "Associated Press")
    other = (
        "North Korea has shipped artillery shells to Russia by rail, the White House said on Tuesday, "
        "citing satellite images of trains crossing the border at Tumangang. Pyongyang denied it."
    )
    _article(folder, "two", other, "Reuters")
    engine = open_store(db)
    assert ingest_paths([folder], engine).stored == 2
    assert _appearances(engine) == []


def test_replacing_an_original_keeps_its_appearances(tmp_path: Path, db: str) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    _article(folder, "a-orig", WIRE, "Associated Press")
    _article(folder, "b-copy", WIRE, "ABC News")
    engine = open_store(db)
    ingest_paths([folder], engine)
    _article(folder, "a-orig", WIRE + " This story has been corrected.", "Associated Press")
    (folder / "b-copy.json").unlink()
    assert ingest_paths([folder], engine).stored == 1
    assert [(copy, of) for copy, of, _ in _appearances(engine)] == [("b-copy", "a-orig")]


def test_a_changed_copy_replaces_its_record(tmp_path: Path, db: str) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    _article(folder, "a-orig", WIRE, "Associated Press")
    _article(folder, "b-copy", WIRE, "ABC News")
    engine = open_store(db)
    ingest_paths([folder], engine)
    _article(folder, "b-copy", WIRE + " Reporting by staff.", "ABC News")
    assert ingest_paths([folder], engine).duplicates == 1
    ((copy, of, similarity),) = _appearances(engine)
    assert (copy, of) == ("b-copy", "a-orig") and similarity < 1.0


def test_an_article_not_in_english_is_stored_unanalysed(tmp_path: Path, db: str) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    german = (
        "Der Iran hat nach Angaben der ukrainischen Regierung Hunderte Drohnen an Russland geliefert. "
        "Die Drohnen wurden in der Nacht auf die Hauptstadt und andere Städte abgefeuert, und die "
        "Regierung in Teheran hat die Lieferungen bestritten, wie die Nachrichtenagentur berichtete."
    )
    _article(folder, "de", german, "Der Spiegel")
    _article(folder, "en", WIRE, "Associated Press")
    engine = open_store(db)
    tally = ingest_paths([folder], engine)
    assert (tally.stored, tally.foreign, tally.skipped) == (2, 1, 0)
    assert "1 not in English, stored unanalysed" in tally.summary()
    with engine.connect() as connection:
        rows = dict(connection.execute(select(articles.c.id, articles.c.language)).all())
        analysed = dict(connection.execute(select(articles.c.id, articles.c.analysed)).all())
    assert rows == {"de": "de", "en": "en"} and analysed == {"de": False, "en": True}
    assert {s.article_id for s in stored_claims(engine)} == {"en"}


def test_resume_skips_stored_ids_even_when_changed(tmp_path: Path, db: str) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    _article(folder, "r1", WIRE, "Associated Press")
    engine = open_store(db)
    ingest_paths([folder], engine)
    _article(folder, "r1", WIRE + " Updated.", "Associated Press")
    resumed = ingest_paths([folder], engine, options=IngestOptions(resume=True))
    assert (resumed.stored, resumed.unchanged) == (0, 1)
    assert ingest_paths([folder], engine).stored == 1  # without --resume the change is taken


def test_cli_errors_file_lists_every_failure(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    _article(folder, "fine", WIRE, "Associated Press")
    (folder / "broken.json").write_text("{not json", encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    errors = tmp_path / "errors.jsonl"
    db = str(tmp_path / "cli.db")
    run = CliRunner().invoke(cli, ["ingest", str(folder), "--db", db, "--errors", str(errors)])
    assert run.exit_code == 1
    records = [json.loads(line) for line in errors.read_text("utf-8").splitlines()]
    assert sorted(Path(r["origin"]).name for r in records) == ["broken.json", "empty.txt"]
    assert all(r["reason"] and r["level"] == "error" for r in records)
    assert "2 failure(s) written to" in run.output and "1 article(s) stored" in run.output


def test_cli_progress_display_counts_what_happened(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(3):
        _article(folder, f"p{n}", WIRE.replace("hundreds", f"{n + 2} hundred"), "Associated Press")
    db = str(tmp_path / "p.db")
    run = CliRunner(env={"ARMSTRAIL_PROGRESS": "1"}).invoke(cli, ["ingest", str(folder), "--db", db])
    assert run.exit_code == 0, run.output
    assert "1 article(s) stored" in run.output and "2 copies of stored articles" in run.output
