"""Exports of a store filled from the samples (``db``, conftest.py): each format read back and
checked against the store. The ftm and prov formats have their own modules."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from armstrail.cli import cli
from armstrail.export import REGISTER_COLUMNS
from armstrail.store import open_store, stored_claims

Export = Callable[[str], str]  # the export_text fixture


def test_jsonl_holds_every_stored_claim_with_provenance(db: str, export_text: Export) -> None:
    rows = [json.loads(line) for line in export_text("jsonl").splitlines()]
    assert [r["id"] for r in rows] == [s.id for s in stored_claims(open_store(db))]
    assert all(r["evidence_end"] > r["evidence_start"] and r["extractor"] for r in rows)


def test_clusters_json_matches_the_stories_command(db: str, export_text: Export) -> None:
    exported = json.loads(export_text("clusters-json"))
    stories = CliRunner().invoke(cli, ["stories", "--db", db, "--json"])
    assert exported == json.loads(stories.output)
    assert exported["clusters"] and {"origins", "independent_sources", "deniers"} <= set(
        exported["clusters"][0]
    )


def test_csv_register_has_one_row_per_transfer_or_deal_story(export_text: Export) -> None:
    text = export_text("csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    clusters = json.loads(export_text("clusters-json"))["clusters"]
    assert tuple(rows[0].keys()) == REGISTER_COLUMNS
    assert len(rows) == sum(c["type"] in ("TRANSFER", "AGREE") for c in clusters)
    denied = [r for r in rows if r["deniers"]]
    assert denied and all(r["independent_sources"].isdigit() for r in rows)


def test_export_to_an_unwritable_place_says_so(db: str, tmp_path: Path) -> None:
    run = CliRunner().invoke(
        cli, ["export", "--db", db, "--format", "csv", "--out", str(tmp_path / "no" / "x.csv")]
    )
    assert run.exit_code == 1 and "cannot write" in run.output and "Traceback" not in run.output
