"""Claims given with the articles (`--given-claims`, issue 14): taken as SCHEMA.md writes them, their
evidence located in the text, each bad claim reported with its article and number while the rest go
on; `link` and `ingest` use them without extracting anything."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from sqlalchemy import select

from armstrail.cli import cli
from armstrail.extract.given import GIVEN, given_claims
from armstrail.model import Article
from armstrail.store import open_store
from armstrail.store.schema import articles, claims

TEXT = (
    "Iran has sent hundreds of drones to Russia, The Washington Post reported, citing US officials.\n\n"
    "Tehran denied it."
)
GOOD = {
    "type": "TRANSFER",
    "agent": "IRN",
    "recipient": "RUS",
    "item": "uav",
    "item_category": "uav",
    "quantity": "hundreds",
    "when": None,
    "status": "occurred",
    "stance": "asserts",
    "sources": ["The Washington Post", "US officials"],
    "source_kinds": ["media", "government-anonymous"],
    "evidence": TEXT.split("\n")[0],
}
DENIAL = {
    **GOOD,
    "stance": "denies",
    "quantity": None,
    "sources": ["Tehran"],
    "source_kinds": ["government-named"],
    "evidence": "Tehran denied it.",
}


def _article(given: list[Any] | None) -> Article:
    return Article(id="a1", text=TEXT, outlet="Example Wire", given=None if given is None else tuple(given))


def test_a_given_claim_keeps_its_fields_and_finds_its_evidence() -> None:
    found, reasons = given_claims(_article([GOOD, DENIAL]))
    assert reasons == []
    first, second = found
    assert (first.type, first.agent, first.recipient, first.quantity) == (
        "TRANSFER",
        "IRN",
        "RUS",
        "hundreds",
    )
    assert [(s.name, s.kind) for s in first.sources] == [
        ("The Washington Post", "media"),
        ("US officials", "government-anonymous"),
    ]
    assert TEXT[first.start : first.end] == GOOD["evidence"] and first.extractor == GIVEN
    assert second.stance == "denies" and TEXT[second.start : second.end] == "Tehran denied it."


def test_evidence_copied_across_a_line_break_is_found() -> None:
    wrapped = {**DENIAL, "evidence": "Tehran\n denied   it."}
    (found,), reasons = given_claims(_article([wrapped]))
    assert reasons == [] and found.evidence == "Tehran denied it."


def test_each_bad_claim_is_reported_by_article_and_number_and_the_rest_are_kept() -> None:
    bad = [
        {**GOOD, "type": "SMUGGLE"},
        {**GOOD, "item_category": "lasers"},
        {**GOOD, "evidence": "Nobody wrote this sentence."},
        {**GOOD, "sources": ["A", "B"], "source_kinds": ["media"]},
        {**GOOD, "stance": "maybe"},
        "not an object",
        {**GOOD, "agent": 7},
    ]
    found, reasons = given_claims(_article([GOOD, *bad]))
    assert len(found) == 1
    assert [r.split(":")[0] for r in reasons] == ["a1"] * len(bad)
    assert [int(r.split("given claim ")[1].split(" ")[0]) for r in reasons] == list(range(1, len(bad) + 1))
    assert "SMUGGLE" in reasons[0] and "lasers" in reasons[1] and "not in the article" in reasons[2]


def test_a_record_without_a_claims_list_is_said_so() -> None:
    found, reasons = given_claims(_article(None))
    assert found == [] and "no claims list" in reasons[0]


def _record(folder: Path, given: list[Any]) -> Path:
    path = folder / "a1.json"
    record = {"id": "a1", "text": TEXT, "outlet": "Example Wire", "published": "2024-01-05", "claims": given}
    path.write_text(json.dumps(record))
    return path


def test_ingest_stores_the_given_claims_and_reports_the_bad_ones(tmp_path: Path) -> None:
    path = _record(tmp_path, [GOOD, {**GOOD, "type": "SMUGGLE"}, DENIAL])
    db = tmp_path / "given.db"
    run = CliRunner().invoke(cli, ["ingest", str(path), "--db", str(db), "--given-claims", "--quiet"])
    assert run.exit_code == 1, run.output  # a claim was left out: the run says so
    assert "given claim 1 left out: type 'SMUGGLE'" in run.output
    with open_store(db).connect() as connection:
        stored = connection.execute(select(claims.c.stance, claims.c.extractor).order_by(claims.c.n)).all()
        assert stored == [("asserts", GIVEN), ("denies", GIVEN)]
        assert connection.execute(select(articles.c.extractor)).scalar_one() == GIVEN


def test_link_with_given_claims_parses_nothing(tmp_path: Path) -> None:
    """No spaCy pipeline is loaded: the claims are taken as given (checked in a fresh process)."""
    path = _record(tmp_path, [GOOD, DENIAL])
    code = (
        "import sys, json; from click.testing import CliRunner; from armstrail.cli import cli;"
        f"r = CliRunner().invoke(cli, ['link', '--given-claims', {str(path)!r}]);"
        "assert r.exit_code == 0, r.output; c = json.loads(r.output)['clusters'];"
        "print(len(c), c[0]['deniers'], 'spacy' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "1 ['IRN'] False", done.stdout  # one story, Tehran denies as IRN


def test_linking_the_dev_corpus_gold_scores_perfectly(
    shared_corpus: Callable[..., Path], tmp_path: Path
) -> None:
    out = tmp_path / "clusters.json"
    run = CliRunner().invoke(cli, ["link", "--given-claims", str(shared_corpus("dev")), "--out", str(out)])
    assert run.exit_code == 0, run.output
    scored = subprocess.run(
        [
            sys.executable,
            str(shared_corpus("score_clusters.py")),
            str(shared_corpus("dev")),
            str(out),
            "--json",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    figures = json.loads(scored.stdout)
    assert figures["found"] == figures["exact_count"] == figures["inflation"] == 1.0, figures


def test_extract_with_given_claims_writes_them_as_json_lines(tmp_path: Path) -> None:
    path = _record(tmp_path, [GOOD, DENIAL])
    run = CliRunner().invoke(cli, ["extract", str(path), "--out", "-", "--given-claims", "--quiet"])
    assert run.exit_code == 0, run.output
    record = json.loads(run.output.splitlines()[0])
    assert [c["stance"] for c in record["claims"]] == ["asserts", "denies"]
    assert {c["extractor"] for c in record["claims"]} == {GIVEN}
