"""The malformed-input corpus: every file here states what reading it must give, and gets it.

A case states its outcome on a line ``armstrail-expect: {"articles": N, "problems": M, "reason":
"..."}`` in its first or last 4 KiB (an HTML or XML comment, a WARC record, a gzip header's file
name field, a zip archive's comment), or, when the file cannot hold one (an empty file), in a
sidecar ``NAME.expect``. Cases too large to keep in the repository are generated here (GENERATED).
Then the whole corpus is ingested into a store that already holds an article: the batch goes on,
every failure is named, and what was stored before is untouched."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from armstrail.model import Article, Problem
from armstrail.read import read_paths
from armstrail.store import ingest_paths, open_store, stored_claims
from armstrail.store.schema import articles

HERE = Path(__file__).parent
MARK = re.compile(rb"armstrail-expect:\s*(\{[^\n]*?\})")
NOT_CASES = {"README.md", "test_illformed.py", "__init__.py"}
GOOD = "Iran has supplied hundreds of drones to Russia, the Pentagon said on Monday."


def _huge_page(path: Path) -> dict[str, Any]:
    """A 50 MB page: one short article drowned in 50 MB of navigation markup."""
    link = b'<li><a href="/section/world/page">World news and more sections</a></li>\n'
    with path.open("wb") as out:
        out.write(b"<!doctype html><html><head><title>Drones</title></head><body><nav><ul>\n")
        for _ in range(50 * 1024 * 1024 // len(link)):
            out.write(link)
        out.write(b"</ul></nav><article><p>" + GOOD.encode() + b"</p></article></body></html>\n")
    return {"articles": None, "problems": None}  # either outcome, as long as it is one and clear


GENERATED: dict[str, Callable[[Path], dict[str, Any]]] = {"huge-page.html": _huge_page}


def cases() -> list[Path]:
    return sorted(
        p
        for p in HERE.iterdir()
        if p.is_file() and p.name not in NOT_CASES and p.suffix != ".expect" and not p.name.startswith(".")
    )


def expectation(path: Path) -> dict[str, Any]:
    sidecar = path.with_name(path.name + ".expect")
    if sidecar.exists():
        found = MARK.search(sidecar.read_bytes())
    else:
        data = path.read_bytes()
        found = MARK.search(data[:4096]) or MARK.search(data[-4096:])
    assert found, f"{path.name} states no expected outcome (armstrail-expect)"
    expected: dict[str, Any] = json.loads(found.group(1))
    return expected


def _check(path: Path, expected: dict[str, Any]) -> list[Article | Problem]:
    results = list(read_paths([path]))
    found_articles = [r for r in results if isinstance(r, Article)]
    problems = [r for r in results if isinstance(r, Problem)]
    assert results, f"{path.name}: reading gave nothing at all"
    for problem in problems:  # every problem is named by its file, with a reason a person can read
        assert path.name in problem.origin and problem.reason.strip()
        assert "Traceback" not in problem.reason and "reader failed" not in problem.reason
    if expected.get("articles") is not None:
        assert len(found_articles) == expected["articles"], (path.name, results)
    if expected.get("problems") is not None:
        assert len(problems) == expected["problems"], (path.name, results)
    if expected.get("reason"):
        assert problems and expected["reason"] in problems[0].reason, (path.name, problems)
    return results


@pytest.mark.parametrize("path", cases(), ids=lambda p: p.name)
def test_case_meets_its_stated_outcome(path: Path) -> None:
    _check(path, expectation(path))


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_generated_case_gives_one_clear_outcome(name: str, tmp_path: Path) -> None:
    path = tmp_path / name
    expected = GENERATED[name](path)
    _check(path, expected)


def test_the_corpus_never_touches_what_is_stored(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    shutil.copytree(HERE, folder, ignore=shutil.ignore_patterns("*.py", "*.md", "*.expect", "__pycache__"))
    for name in GENERATED:
        (folder / name).unlink(missing_ok=True)
    (tmp_path / "good").mkdir()
    good = {"id": "kept", "outlet": "Reuters", "published": "2023-05-01", "text": GOOD}
    (tmp_path / "good" / "kept.json").write_text(json.dumps(good), encoding="utf-8")
    engine = open_store(tmp_path / "store.db")
    ingest_paths([tmp_path / "good"], engine)
    before = _snapshot(engine)
    tally = ingest_paths([folder], engine)
    expected = [expectation(p) for p in cases()]
    assert tally.failed + tally.skipped == sum(e["problems"] for e in expected)
    assert tally.stored + tally.duplicates == sum(e["articles"] for e in expected)
    named = {Path(p.origin.split("!")[0].split("#")[0]).name for p in tally.problems}
    assert named == {p.name for p, e in zip(cases(), expected, strict=True) if e["problems"]}
    assert _snapshot(engine)["kept"] == before["kept"]


def _snapshot(engine: Any) -> dict[str, tuple[Any, ...]]:
    with engine.connect() as connection:
        rows = {row[0]: tuple(row) for row in connection.execute(select(articles))}
    claims = {s.id: s.claim for s in stored_claims(engine)}
    return {
        key: (*value, sorted((k, repr(v)) for k, v in claims.items() if k.startswith(key)))
        for key, value in rows.items()
    }
