"""The ingest progress display: what it counts and what it shows, drawn from a live tally."""

from __future__ import annotations

import io
import time
from pathlib import Path

from rich.console import Console
from rich.progress import Progress

from armstrail.model import Article, Problem
from armstrail.progress import _Live, count_inputs
from armstrail.store.ingest import IngestTally, input_of


def test_inputs_are_counted_as_the_readers_would_read_them(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    for name in ("a.json", "b.jsonl", "sub/c.html", "sub/d.warc.gz", "e.zip", "notes.docx", ".hidden.json"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert count_inputs([str(tmp_path), "-", "https://example.org/x", "missing.json"]) == 5 + 3


def test_origins_name_their_input() -> None:
    assert input_of("dir/a.jsonl#L3") == "dir/a.jsonl"
    assert input_of("dir/b.zip!inner/c.json") == "dir/b.zip"
    assert input_of("dir/x.warc.gz#record4") == "dir/x.warc.gz"
    assert input_of("https://example.org/page#frag") == "https://example.org/page#frag"


def test_the_display_shows_inputs_rate_time_left_and_outcomes() -> None:
    tally = IngestTally()
    for n in range(4):
        tally.note_read(Article(id=f"a{n}", text="x", origin=f"in/f{n // 2}.jsonl#L{n}"))
    tally.note_read(Problem("in/bad.json", "invalid JSON"))
    tally.stored, tally.duplicates, tally.unchanged, tally.failed = 2, 1, 1, 1
    column = _Live(tally, started=time.monotonic() - 10, total=10)
    console = Console(file=io.StringIO(), width=200)
    with Progress(console=console) as progress:
        task_id = progress.add_task("ingest", total=10)
        task = progress.tasks[task_id]
        shown = column.render(task).plain
    assert shown.startswith("2/10 inputs, 5 articles (")
    assert "left" in shown and "?" not in shown.split("left")[0]
    assert "stored 2, copies 1, unchanged 1, skipped 0, failed 1" in shown
