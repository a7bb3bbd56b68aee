"""Ingest throughput: read -> extract -> store into a fresh SQLite file, against extract only, on the
same replicated articles (bench_extract's corpus), each phase in its own child process.

Target (issue 3): ingest words/s >= 0.9 x extract-only words/s, measured in one run."""

from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench_extract import _rss_mb, _words, load_base, replicated, run_phase

TARGET_RATIO = 0.9


def run_ingest(gold: str, count: int) -> dict[str, Any]:
    from armstrail.analyse.gazetteer import load_gazetteer
    from armstrail.analyse.nlp import load_pipeline
    from armstrail.settings import Settings
    from armstrail.store import ingest_articles, open_store

    settings = Settings()
    base, _problems = load_base(Path(gold))
    load_pipeline(settings.model)
    load_gazetteer()
    with tempfile.TemporaryDirectory() as folder:
        engine = open_store(Path(folder) / "bench.db")
        words = 0

        def stream() -> Any:
            nonlocal words
            for article in replicated(base, count):
                words += _words(article.text)
                yield article

        started = time.perf_counter()
        tally = ingest_articles(stream(), engine, settings)
        seconds = time.perf_counter() - started
        size = (Path(folder) / "bench.db").stat().st_size
    return {
        "phase": "ingest",
        "articles": tally.stored,
        "words": words,
        "claims": tally.claims,
        "seconds": round(seconds, 3),
        "words_per_s": round(words / seconds, 1),
        "articles_per_s": round(tally.stored / seconds, 2),
        "db_mb": round(size / 1e6, 1),
        "peak_rss_mb": round(_rss_mb(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss), 1),
    }


def _child(phase: str, gold: str, count: int, queue: Any) -> None:
    queue.put(run_ingest(gold, count) if phase == "ingest" else run_phase(phase, gold, count))


def in_child(phase: str, gold: str, count: int) -> dict[str, Any]:
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    process = ctx.Process(target=_child, args=(phase, gold, count, queue))
    process.start()
    result: dict[str, Any] = queue.get()
    process.join()
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--gold", required=True, type=Path, help="directory of dev articles (JSON)")
    parser.add_argument("--articles", type=int, default=1000, help="articles per phase (default 1000)")
    args = parser.parse_args(argv)
    gold = str(args.gold.resolve())
    extract = in_child("extract", gold, args.articles)
    ingest = in_child("ingest", gold, args.articles)
    ratio = ingest["words_per_s"] / extract["words_per_s"]
    report = {"extract": extract, "ingest": ingest, "ratio": round(ratio, 3), "target_ratio": TARGET_RATIO}
    print(json.dumps(report, indent=2))
    print(
        f"ingest vs extract-only: {ratio:.2f}x (target >= {TARGET_RATIO}); "
        f"{ingest['articles']} articles, {ingest['claims']} claims, store {ingest['db_mb']} MB",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
