"""Throughput and memory of armstrail extraction against bare spaCy on the same model.

A benchmark, not a test: it prints figures and the targets beside them, and asserts nothing.

The dev corpus (``--gold DIR``, read with ``armstrail.read.read_paths``; never copied into the repo)
is replicated to ``--articles N`` articles by a generator that yields copies with new ids one at a
time, so the replicated corpus is never held in memory. Each phase runs in its own child process
(multiprocessing, "spawn") so that its peak RSS is its own:

- bare:    ``nlp.pipe(texts, batch_size=settings.batch_size)`` with the pipeline armstrail loads
           (``load_pipeline(settings.model)``), consuming the docs and doing nothing with them;
- extract: ``armstrail.pipeline.extract_articles(articles)`` in one process, consuming every claim;
- workers: the same with ``--workers N`` extraction processes (default 2); its workers' load time is
           inside its clock, as a user pays it, and its peak RSS is the largest worker's.

Model loading is done before the clock starts in the first two phases and reported separately.

    .venv/bin/python bench/bench_extract.py --gold ../shared/corpus/dev [--articles 2000] [--workers 2]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import multiprocessing
import os
import platform
import resource
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

TARGET_RATIO = 0.8
TARGET_PEAK_MB = 400.0
TARGET_WORKERS_SPEEDUP = 1.7  # two workers against one process, no cascade (issue 12)
TARGET_TREE_MB = 1024.0


def _rss_mb(kilobytes: int) -> float:
    # ru_maxrss is in kilobytes on Linux (bytes on macOS)
    return kilobytes / (1024 * 1024) if sys.platform == "darwin" else kilobytes / 1024


def load_base(gold: Path) -> tuple[list[Any], int]:
    """The articles of the gold directory (read the way armstrail reads them) and the problem count."""
    from armstrail.model import Article
    from armstrail.read import read_paths

    articles: list[Article] = []
    problems = 0
    for item in read_paths([gold]):
        if isinstance(item, Article):
            articles.append(item)
        else:
            problems += 1
    return articles, problems


def replicated(base: list[Any], count: int) -> Iterator[Any]:
    """``count`` articles cycling through ``base``, each a copy with a new id, made one at a time."""
    for n in range(count):
        article = base[n % len(base)]
        yield dataclasses.replace(article, id=f"{article.id}~{n}", warnings=list(article.warnings))


def _words(text: str) -> int:
    return len(text.split())


def run_phase(phase: str, gold: str, count: int, workers: int = 1) -> dict[str, Any]:
    """One phase, in the calling process: load, time, and report this process's peak RSS (and its
    worker processes' largest)."""
    from armstrail.analyse.gazetteer import load_gazetteer
    from armstrail.analyse.nlp import load_pipeline
    from armstrail.pipeline import Extraction, extract_articles
    from armstrail.settings import Settings

    # no cascade: these phases measure extraction itself (bench_stream.py measures the cascade)
    settings = dataclasses.replace(Settings(), workers=workers if phase == "workers" else 1, cascade=False)
    base, _problems = load_base(Path(gold))
    if not base:
        raise SystemExit(f"no readable articles in {gold}")
    rss_before_load = _rss_mb(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    started = time.perf_counter()
    nlp = load_pipeline(settings.model) if phase != "workers" else None
    if phase == "extract":
        load_gazetteer()
        from armstrail.clean.language import _identifier

        _identifier()  # the language model, loaded like the pipeline: before the clock
    load_seconds = time.perf_counter() - started
    rss_after_load = _rss_mb(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)

    articles = words = claims = problems = 0
    started = time.perf_counter()
    if phase == "bare":

        def texts() -> Iterator[str]:
            nonlocal articles, words
            for article in replicated(base, count):
                articles += 1
                words += _words(article.text)
                yield article.text

        for _doc in nlp.pipe(texts(), batch_size=settings.batch_size):  # type: ignore[union-attr]
            pass
    else:

        def stream() -> Iterator[Any]:
            nonlocal articles, words
            for article in replicated(base, count):
                articles += 1
                words += _words(article.text)
                yield article

        for result in extract_articles(stream(), settings):
            if isinstance(result, Extraction):
                for _claim in result.claims:
                    claims += 1
            else:
                problems += 1
    seconds = time.perf_counter() - started
    peak = _rss_mb(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    return {
        "phase": phase,
        "articles": articles,
        "words": words,
        "seconds": round(seconds, 3),
        "articles_per_s": round(articles / seconds, 2) if seconds else None,
        "words_per_s": round(words / seconds, 1) if seconds else None,
        "load_seconds": round(load_seconds, 3),
        "claims": claims,
        "problems": problems,
        "rss_before_load_mb": round(rss_before_load, 1),
        "rss_after_load_mb": round(rss_after_load, 1),
        "peak_rss_mb": round(peak, 1),
        "workers": settings.workers,
        "worker_peak_rss_mb": round(_rss_mb(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss), 1),
    }


def _child(target: Callable[..., dict[str, Any]], phase: str, args: tuple[Any, ...], queue: Any) -> None:
    try:
        queue.put(target(phase, *args))
    except BaseException as error:  # report, don't hang the parent
        queue.put({"phase": phase, "error": f"{type(error).__name__}: {error}"})
        raise


def run_in_child(target: Callable[..., dict[str, Any]], phase: str, *args: Any) -> dict[str, Any]:
    """``target(phase, *args)`` in a spawned process of its own, so its peak RSS is its own
    (bench_stream.py runs its phases through this too)."""
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    process = ctx.Process(target=_child, args=(target, phase, args, queue), name=f"bench-{phase}")
    process.start()
    result: dict[str, Any] = queue.get()
    process.join()
    if "error" in result:
        raise SystemExit(f"{phase} phase failed: {result['error']}")
    return result


def in_child(phase: str, gold: str, count: int, workers: int = 1) -> dict[str, Any]:
    return run_in_child(run_phase, phase, gold, count, workers)


def table(report: dict[str, Any]) -> str:
    rows = [("phase", "articles", "words", "seconds", "articles/s", "words/s", "peak RSS MB")]
    for key in ("bare", "extract", "workers"):
        p = report[key]
        rows.append(
            (
                key,
                str(p["articles"]),
                str(p["words"]),
                f"{p['seconds']:.1f}",
                f"{p['articles_per_s']:.1f}",
                f"{p['words_per_s']:.0f}",
                f"{p['peak_rss_mb']:.0f}",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(
            cell.rjust(w) if i else cell.ljust(w) for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        )
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    ratio = report["ratio"]
    peak = report["peak_rss_mb"]
    w = report["workers"]
    lines += [
        "",
        f"ratio extract/bare throughput: {ratio:.2f}   (target >= {TARGET_RATIO})",
        f"{w['workers']} workers / 1 process:      {report['workers_speedup']:.2f}x  "
        f"(target >= {TARGET_WORKERS_SPEEDUP}; workers/bare {report['workers_vs_bare']:.2f}x)",
        f"largest worker peak RSS:       {w['worker_peak_rss_mb']:.0f} MB "
        f"(target <= {TARGET_PEAK_MB:.0f} MB); "
        f"tree about {report['tree_rss_mb']:.0f} MB (target <= {TARGET_TREE_MB:.0f} MB)",
        f"peak RSS, largest phase:       {peak:.0f} MB   (target <= {TARGET_PEAK_MB:.0f} MB)",
        f"model load (not timed above):  bare {report['bare']['load_seconds']:.1f} s, "
        f"extract {report['extract']['load_seconds']:.1f} s (with gazetteer and language model)",
        f"claims: {report['extract']['claims']}, problems: {report['extract']['problems']}; "
        f"base corpus: {report['base_articles']} articles from {report['gold']}",
        f"machine: {report['cpus']} CPU(s), Python {report['python']}, spaCy {report['spacy']}, "
        f"model {report['model']}, batch_size {report['batch_size']}",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--gold", required=True, type=Path, help="directory of dev articles (JSON)")
    parser.add_argument("--articles", type=int, default=2000, help="articles per phase (default 2000)")
    parser.add_argument("--workers", type=int, default=2, help="extraction processes of the workers phase")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    args = parser.parse_args(argv)
    if args.articles < 1:
        parser.error("--articles must be at least 1")
    if not args.gold.is_dir():
        parser.error(f"--gold {args.gold}: not a directory")

    import spacy

    from armstrail.settings import Settings

    settings = Settings()
    base, problems = load_base(args.gold)
    if not base:
        parser.error(f"--gold {args.gold}: no readable articles")
    gold = str(args.gold.resolve())
    started = time.perf_counter()
    bare = in_child("bare", gold, args.articles)
    extract = in_child("extract", gold, args.articles)
    workers = in_child("workers", gold, args.articles, args.workers)
    ratio = extract["words_per_s"] / bare["words_per_s"]
    report = {
        "gold": str(args.gold),
        "base_articles": len(base),
        "base_problems": problems,
        "articles": args.articles,
        "bare": bare,
        "extract": extract,
        "workers": workers,
        "ratio": round(ratio, 3),
        "workers_speedup": round(workers["words_per_s"] / extract["words_per_s"], 3),
        "workers_vs_bare": round(workers["words_per_s"] / bare["words_per_s"], 3),
        # the parent holds no pipeline in this phase: the tree is about its RSS plus each worker's
        "tree_rss_mb": round(workers["peak_rss_mb"] + args.workers * workers["worker_peak_rss_mb"], 1),
        "peak_rss_mb": max(bare["peak_rss_mb"], extract["peak_rss_mb"]),
        "children_peak_rss_mb": round(_rss_mb(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss), 1),
        "parent_peak_rss_mb": round(_rss_mb(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss), 1),
        "targets": {"ratio_min": TARGET_RATIO, "peak_rss_mb_max": TARGET_PEAK_MB},
        "wall_seconds": round(time.perf_counter() - started, 1),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "spacy": spacy.__version__,
        "model": settings.model,
        "batch_size": settings.batch_size,
    }
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(table(report))
        print(f"wall time (both phases, with loading): {report['wall_seconds']:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
