"""The issue's reference claims, end to end: short articles read, extracted by the shipped extractor,
stored, and their regimes read back through `armstrail claims --json`, `--regime` and `regimes`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from armstrail.cli import cli

ARTICLES = {
    "shahed-2022": ("2022-11-02", "Iran delivered Shahed-136 drones to Russia in October 2022."),
    "missiles-2024": ("2024-10-01", "Iran delivered ballistic missiles to Russia in September 2024."),
    "missiles-2025": ("2025-11-03", "Iran delivered ballistic missiles to Russia in October 2025."),
    "dprk-2023": ("2024-01-10", "North Korea delivered artillery shells to Russia in December 2023."),
    "leopards": ("2023-03-28", "Germany delivered Leopard 2 tanks to Ukraine."),
}
# article -> regime -> status expected on its TRANSFER claim
EXPECTED = {
    "shahed-2022": {"unscr-2231-annex-b-4": "in-force"},
    "missiles-2024": {"unscr-2231-annex-b-4": "not-in-force", "unscr-iran-snapback-2025": "not-in-force"},
    "missiles-2025": {"unscr-2231-annex-b-4": "not-in-force", "unscr-iran-snapback-2025": "contested"},
    "dprk-2023": {"unscr-1718-1874-dprk": "in-force"},
}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("regimes")
    for name, (published, text) in ARTICLES.items():
        record = {"id": name, "published": published, "outlet": "Test Wire", "text": text}
        (folder / f"{name}.json").write_text(json.dumps(record), "utf-8")
    path = str(folder / "store.db")
    run = CliRunner().invoke(cli, ["ingest", str(folder), "--db", path, "--quiet"])
    assert run.exit_code == 0, run.output
    return path


def _claims(db: str, *options: str) -> list[dict[str, object]]:
    run = CliRunner().invoke(cli, ["claims", "--db", db, "--json", *options])
    assert run.exit_code == 0, run.output
    return [json.loads(line) for line in run.output.splitlines()]


def test_each_reference_claim_gets_the_issues_status(db: str) -> None:
    by_article = {str(c["article"]): c for c in _claims(db) if c["type"] == "TRANSFER"}
    assert set(by_article) == set(ARTICLES)
    for article, expected in EXPECTED.items():
        got = {r["id"]: r["status"] for r in by_article[article]["regimes"]}  # type: ignore[attr-defined]
        assert {k: got.get(k) for k in expected} == expected, article
        assert all(r["date_basis"] == "when" for r in by_article[article]["regimes"])  # type: ignore[attr-defined]
    tanks = by_article["leopards"]["regimes"]
    assert not [r for r in tanks if r["status"] in ("in-force", "contested")]  # type: ignore[attr-defined]


def test_the_regime_filters_of_the_claims_command(db: str) -> None:
    in_force = _claims(db, "--regime", "unscr-2231-annex-b-4", "--regime-status", "in-force")
    assert {c["article"] for c in in_force} == {"shahed-2022"}
    contested = _claims(db, "--regime-status", "contested")
    assert {c["article"] for c in contested} == {"missiles-2025"}
    run = CliRunner().invoke(cli, ["claims", "--db", db, "--regime", "unscr-0000"])
    assert run.exit_code != 0 and "no regime 'unscr-0000'" in run.output


def test_the_regimes_command_counts_the_stored_claims(db: str) -> None:
    run = CliRunner().invoke(cli, ["regimes", "--db", db, "--json"])
    assert run.exit_code == 0, run.output
    listing = {r["id"]: r for r in json.loads(run.output)}
    assert listing["unscr-1718-1874-dprk"]["claims"]["by_status"]["in-force"] == 1
    assert listing["unscr-iran-snapback-2025"]["claims"]["by_status"]["contested"] == 1
    assert listing["unscr-2231-annex-b-4"]["claims"]["total"] == 3
    text = CliRunner().invoke(cli, ["regimes", "--db", db])
    assert "unscr-iran-snapback-2025" in text.output and "disputed by IRN, RUS, CHN" in text.output


def test_the_readable_listing_says_may_fall_under(db: str) -> None:
    run = CliRunner().invoke(cli, ["claims", "--db", db, "--regime", "unscr-1718-1874-dprk"])
    assert "may fall under unscr-1718-1874-dprk: in-force (when date)" in run.output
    assert "violat" not in run.output.lower()


def test_a_missing_store_is_a_clear_error(tmp_path: Path) -> None:
    run = CliRunner().invoke(cli, ["regimes", "--db", str(tmp_path / "none.db")])
    assert run.exit_code != 0 and "no store at" in run.output


def test_show_lists_the_regimes_with_their_notes(db: str) -> None:
    [claim] = [c for c in _claims(db, "--regime", "unscr-2231-annex-b-4", "--regime-status", "in-force")]
    run = CliRunner().invoke(cli, ["show", str(claim["id"]), "--db", db])
    assert run.exit_code == 0, run.output
    assert "may fall under unscr-2231-annex-b-4" in run.output
    assert "MTCR" in run.output  # a uav is covered only if it meets the MTCR thresholds: the note says so
