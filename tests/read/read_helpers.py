"""Helpers for the READ tests: real files in a temporary directory, and result checks."""

from __future__ import annotations

from pathlib import Path

from armstrail.model import Article, Problem
from armstrail.read import read_paths
from armstrail.settings import Settings


def write(root: Path, name: str, content: str | bytes) -> Path:
    """Write ``content`` (text as UTF-8, or raw bytes) to ``root/name`` and return the path."""
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def read_all(*paths: str | Path, settings: Settings | None = None) -> list[Article | Problem]:
    return list(read_paths(paths, settings))


def only_article(results: list[Article | Problem]) -> Article:
    assert len(results) == 1, results
    assert isinstance(results[0], Article), results[0]
    return results[0]


def only_problem(results: list[Article | Problem]) -> Problem:
    assert len(results) == 1, results
    assert isinstance(results[0], Problem), results[0]
    return results[0]
