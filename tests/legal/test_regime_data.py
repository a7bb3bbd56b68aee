"""The regimes data file: complete, well formed, and refused clearly when it is not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from armstrail.errors import DataFileError
from armstrail.legal import load_regimes

REQUIRED = {
    "unscr-2231-annex-b-4",
    "unscr-2231-annex-b-6b",
    "unscr-iran-snapback-2025",
    "unscr-1718-1874-dprk",
    "unscr-2216-houthis",
    "eu-2014-512-russia",
    "unscr-1970-libya",
    "unscr-2428-south-sudan",
    "unscr-2127-car",
}
DATA = Path(__file__).resolve().parents[2] / "src" / "armstrail" / "data" / "regimes.json"


def test_the_regimes_the_issue_names_are_all_there_with_their_sources() -> None:
    book = load_regimes()
    assert {r.id for r in book.regimes} >= REQUIRED
    for regime in book.regimes:
        assert regime.citations and all(
            c["symbol"] and c["url"].startswith("https://") for c in regime.citations
        )
        assert regime.instrument and regime.provision and regime.summary and regime.checked


def test_windows_as_the_issue_gives_them() -> None:
    book = load_regimes()
    spans = {r.id: tuple(d.isoformat() if d else None for d in r.span()) for r in book.regimes}
    assert spans["unscr-2231-annex-b-4"] == ("2016-01-16", "2023-10-18")
    assert spans["unscr-2231-annex-b-6b"] == ("2016-01-16", "2020-10-18")
    assert spans["unscr-iran-snapback-2025"] == ("2025-09-28", None)
    assert spans["unscr-1718-1874-dprk"] == ("2006-10-14", None)
    assert spans["unscr-2216-houthis"] == ("2015-04-14", None)
    assert spans["eu-2014-512-russia"] == ("2014-08-01", None)
    assert spans["unscr-1970-libya"] == ("2011-02-26", None)
    assert spans["unscr-2428-south-sudan"] == ("2018-07-13", None)
    assert spans["unscr-2127-car"] == ("2013-12-05", None)
    snapback = book.get("unscr-iran-snapback-2025")
    assert snapback is not None and snapback.disputed_by == ("IRN", "RUS", "CHN")


def test_a_regimes_json_names_its_renewal_when_it_has_one() -> None:
    record = load_regimes().get("unscr-2428-south-sudan")
    assert record is not None and record.to_json()["renewal"]["last_end"] == "2026-05-31"


@pytest.mark.parametrize(
    ("mutate", "reason"),
    [
        (lambda doc: doc.update(regimes="none"), "no list of regimes"),
        (lambda doc: doc["regimes"][0]["rules"][0].update(categories=["lasers"]), "malformed regime"),
        (lambda doc: doc["regimes"][0]["windows"][0].update(start="2016-02-30"), "malformed regime"),
        (lambda doc: doc["regimes"][1].update(id=doc["regimes"][0]["id"]), "twice"),
        (lambda doc: doc["regimes"][0].pop("citations"), "malformed regime"),
    ],
)
def test_a_broken_file_is_refused_by_name(tmp_path: Path, mutate: object, reason: str) -> None:
    doc = json.loads(DATA.read_text("utf-8"))
    mutate(doc)  # type: ignore[operator]
    path = tmp_path / "regimes.json"
    path.write_text(json.dumps(doc), "utf-8")
    with pytest.raises(DataFileError, match=reason):
        load_regimes(path)


def test_a_missing_or_garbled_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="does not exist"):
        load_regimes(tmp_path / "absent.json")
    garbled = tmp_path / "garbled.json"
    garbled.write_text("{not json", "utf-8")
    with pytest.raises(DataFileError, match="cannot be read"):
        load_regimes(garbled)


def test_an_unknown_regime_is_named_with_the_known_ones() -> None:
    book = load_regimes()
    assert book.unknown(None) is None and book.unknown("unscr-1970-libya") is None
    said = book.unknown("unscr-0000")
    assert said is not None and "unscr-0000" in said and "unscr-1970-libya" in said
