"""The ingest progress display (rich, on stderr): inputs and articles done, rate, time left, and
what became of them: stored, copies, unchanged, skipped, failed. It reads the ingest's live tally,
so the library knows nothing of terminals."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, Progress, ProgressColumn, SpinnerColumn, Task, TextColumn
from rich.text import Text

from armstrail import messages
from armstrail.model import Problem
from armstrail.read.paths import STDIN, walk
from armstrail.store.ingest import IngestTally


def count_inputs(paths: Iterable[str]) -> int:
    """How many files (and URLs, and standard input) ``paths`` name: the progress bar's total."""
    total = 0
    for raw in paths:
        path = Path(raw)
        if raw == STDIN or "://" in raw or not path.is_dir():
            total += 1
            continue
        total += sum(1 for item in walk(path) if not isinstance(item, Problem))
    return total


class _Live(ProgressColumn):
    """One column drawn from the tally each refresh."""

    def __init__(self, tally: IngestTally, started: float, total: int) -> None:
        super().__init__()
        self.tally, self.started, self.total = tally, started, total

    def render(self, task: Task) -> Text:
        t = self.tally
        elapsed = max(time.monotonic() - self.started, 1e-6)
        done = max(len(t.files) - 1, 0)  # the input being read is not done yet
        left = (elapsed / done) * (self.total - done) if done else None
        return Text(
            messages.INGEST_PROGRESS.format(
                files=done,
                total=self.total,
                articles=t.read,
                rate=t.read / elapsed,
                left=_clock(left),
                stored=t.stored,
                duplicates=t.duplicates,
                unchanged=t.unchanged,
                skipped=t.skipped,
                failed=t.failed,
            )
        )


def _clock(seconds: float | None) -> str:
    if seconds is None:
        return "?"
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


@contextmanager
def ingest_progress(enabled: bool, tally: IngestTally, total: int) -> Iterator[Callable[[], None]]:
    """Show the display while the block runs (nothing when not ``enabled``); the block calls what
    it is given after each result, to move the bar."""
    if not enabled:
        yield lambda: None
        return
    columns = (SpinnerColumn(), TextColumn("ingest"), BarColumn(), _Live(tally, time.monotonic(), total))
    with Progress(*columns, console=Console(stderr=True), transient=True, refresh_per_second=4) as progress:
        task = progress.add_task("ingest", total=total or None)
        yield lambda: progress.update(task, completed=max(len(tally.files) - 1, 0))
