"""The cascade's first stage (analyse/screen.py) on every annotated set: the gold claims it would
lose stay under the issue's 1 % floor (none today), and it does rule out a share of the texts with
no transfer. Then the same through `extract` and `ingest`, with and without `--no-cascade`."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from armstrail import messages
from armstrail.analyse.gazetteer import Gazetteer
from armstrail.analyse.screen import screen
from armstrail.cli import cli
from armstrail.model import Article
from armstrail.read import read_paths
from armstrail.store import open_store
from armstrail.store.browse import article_record

ROOT = Path(__file__).resolve().parents[2]
PROJECT_SETS = ["heldout", "blind", "fresh", "fresh2", "firstread"]
SHARED_SETS = ["dev", "train"]
MAX_LOST = 0.01  # the floor: claims lost through the cascade, per annotated set
MIN_RULED_OUT = 0.4  # texts with no transfer (tests/negatives) the cascade rules out, at least


def _lost_and_total(folder: Path, nlp: Any, gaz: Gazetteer) -> tuple[int, int, int]:
    """Gold claims in texts the screen rules out, gold claims, texts ruled out."""
    lost = total = out = 0
    for path in sorted(folder.glob("*.json")):
        record = json.loads(path.read_text("utf-8"))
        claims = len(record.get("claims", []))
        total += claims
        if screen(nlp.make_doc(record["text"]), gaz) is not None:
            lost += claims
            out += 1
    return lost, total, out


@pytest.mark.parametrize("name", PROJECT_SETS)
def test_the_cascade_loses_no_claim_of_a_project_set(name: str, nlp: Any, gaz: Gazetteer) -> None:
    lost, total, _out = _lost_and_total(ROOT / "tests" / name, nlp, gaz)
    assert total > 50
    assert lost / total <= MAX_LOST, f"{name}: {lost} of {total} gold claims in ruled-out texts"


@pytest.mark.parametrize("name", SHARED_SETS)
def test_the_cascade_loses_no_claim_of_the_shared_corpora(
    name: str, nlp: Any, gaz: Gazetteer, shared_corpus: Callable[..., Path]
) -> None:
    lost, total, _out = _lost_and_total(shared_corpus(name), nlp, gaz)
    assert total > 50
    assert lost / total <= MAX_LOST, f"{name}: {lost} of {total} gold claims in ruled-out texts"


def test_the_cascade_rules_out_texts_with_no_transfer(nlp: Any, gaz: Gazetteer) -> None:
    texts = [item.text for item in read_paths([ROOT / "tests" / "negatives"]) if isinstance(item, Article)]
    ruled_out = sum(screen(nlp.make_doc(text), gaz) is not None for text in texts)
    assert len(texts) == 64
    assert ruled_out / len(texts) >= MIN_RULED_OUT


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("The central bank raised interest rates by half a point on Tuesday.", messages.SCREENED_NO_ITEM),
        ("Drones and missiles were on display at the trade fair.", messages.SCREENED_NO_PARTY),
        ("Iran has supplied drones to Russia, officials said.", None),
        ("The Houthis fired a missile at a ship.", None),
        ("Rwanda does not arm the M23, the government said.", None),  # a verb that supplies weapons
    ],
)
def test_screen_says_why(text: str, reason: str | None, nlp: Any, gaz: Gazetteer) -> None:
    assert screen(nlp.make_doc(text), gaz) == reason


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "arms.txt").write_text("Iran has supplied Shahed drones to Russia, US officials said.", "utf-8")
    (folder / "rates.txt").write_text("The central bank raised interest rates by half a point.", "utf-8")
    return folder


def test_extract_says_what_was_ruled_out_unless_told_not_to(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    for flags, screened in (([], messages.SCREENED_NO_ITEM), (["--no-cascade"], None)):
        run = CliRunner().invoke(cli, ["extract", str(folder), "--out", "-", "--quiet", *flags])
        assert run.exit_code == 0, run.output
        records = {r["id"]: r for r in map(json.loads, run.output.splitlines())}
        assert records["rates"].get("screened") == screened and records["rates"]["claims"] == []
        assert "screened" not in records["arms"] and records["arms"]["claims"]


def test_ingest_keeps_the_ruled_out_article_and_why(tmp_path: Path) -> None:
    db = str(tmp_path / "store.db")
    run = CliRunner().invoke(cli, ["ingest", str(_folder(tmp_path)), "--db", db, "--quiet"])
    assert run.exit_code == 0, run.output
    record = article_record(open_store(db), "rates")
    assert record is not None and record["screened"] == messages.SCREENED_NO_ITEM and record["analysed"]
    arms = article_record(open_store(db), "arms")
    assert arms is not None and arms["screened"] is None and arms["claims"] > 0
