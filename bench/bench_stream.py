"""A news stream as monitoring desks feed it: most texts hold no arms transfer. Wall time of
`extract` over a mixed stream against bare spaCy `nlp.pipe` in one process over the same texts.

A benchmark, not a test: it prints figures and the targets beside them, and asserts nothing.

The stream cycles through arms news (``--gold``, e.g. the dev corpus) and texts with no claim
(``--other``, e.g. tests/negatives: unrelated news and near misses) so that ``--share`` of it
(default 0.7) are the latter, ``--articles`` texts in all. Phases, each in its own spawned process
and timed from before the pipeline loads (a user pays the loading too):

- bare:               ``nlp.pipe`` over every text, one process;
- one process:        ``extract_articles`` with the cascade, one process;
- N workers:          ``extract_articles`` with the cascade and ``--workers N`` (default 2);
- N workers, no cascade.

    .venv/bin/python bench/bench_stream.py --gold ../shared/corpus/dev --other tests/negatives
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import resource
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bench_extract import run_in_child

TARGET_WALL_RATIO = 0.5  # N workers with the cascade against bare nlp.pipe, wall time (issue 12)


def _articles(folder: Path) -> list[Any]:
    from armstrail.model import Article
    from armstrail.read import read_paths

    return [item for item in read_paths([folder]) if isinstance(item, Article)]


def mixed(arms: list[Any], other: list[Any], share: float, count: int) -> Iterator[Any]:
    """``count`` articles, ``share`` of them from ``other``, spread evenly, each with a new id."""
    taken_other = 0
    for n in range(count):
        if taken_other < round((n + 1) * share):
            article = other[taken_other % len(other)]
            taken_other += 1
        else:
            article = arms[(n - taken_other) % len(arms)]
        yield dataclasses.replace(article, id=f"{article.id}~{n}", warnings=list(article.warnings))


def run_phase(phase: str, args: dict[str, Any]) -> dict[str, Any]:
    from armstrail.analyse.nlp import load_pipeline
    from armstrail.pipeline import Extraction, extract_articles
    from armstrail.settings import Settings

    arms, other = _articles(Path(args["gold"])), _articles(Path(args["other"]))
    stream = list(mixed(arms, other, args["share"], args["articles"]))
    words = sum(len(a.text.split()) for a in stream)
    workers = args["workers"] if phase.startswith("workers") else 1
    settings = dataclasses.replace(Settings(), workers=workers, cascade=phase != "workers-no-cascade")
    started = time.perf_counter()
    claims = screened = 0
    if phase == "bare":
        nlp = load_pipeline(settings.model)
        for _doc in nlp.pipe((a.text for a in stream), batch_size=settings.batch_size):
            pass
    else:
        for result in extract_articles(stream, settings):
            if isinstance(result, Extraction):
                claims += len(result.claims)
                screened += result.screened is not None
    seconds = time.perf_counter() - started
    return {
        "phase": phase,
        "workers": workers,
        "cascade": settings.cascade,
        "articles": len(stream),
        "words": words,
        "seconds": round(seconds, 2),
        "claims": claims,
        "screened": screened,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "worker_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--gold", required=True, type=Path, help="arms news (a directory)")
    parser.add_argument("--other", required=True, type=Path, help="texts with no claim (a directory)")
    parser.add_argument("--share", type=float, default=0.7, help="share of texts with no claim")
    parser.add_argument("--articles", type=int, default=1000, help="texts in the stream")
    parser.add_argument("--workers", type=int, default=2, help="worker processes")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    ns = parser.parse_args(argv)
    args = {
        "gold": str(ns.gold.resolve()),
        "other": str(ns.other.resolve()),
        "share": ns.share,
        "articles": ns.articles,
        "workers": ns.workers,
    }
    phases = {
        name: run_in_child(run_phase, name, args)
        for name in ("bare", "one-process", "workers", "workers-no-cascade")
    }
    bare = phases["bare"]["seconds"]
    report = {
        **args,
        "cpus": os.cpu_count(),
        "phases": phases,
        "wall_ratio": {name: round(p["seconds"] / bare, 3) for name, p in phases.items()},
        "target_wall_ratio": TARGET_WALL_RATIO,
    }
    if ns.json:
        print(json.dumps(report, indent=2))
        return 0
    print(f"{ns.articles} texts, {ns.share:.0%} with no claim; {os.cpu_count()} CPU(s)")
    header = ("phase", "seconds", "x bare", "screened", "claims", "peak MB", "worker MB")
    print(f"{header[0]:<20}" + "".join(f"{h:>10}" for h in header[1:]))
    for name, p in phases.items():
        print(
            f"{name:<20}{p['seconds']:>10.1f}{report['wall_ratio'][name]:>10.2f}{p['screened']:>10}"
            f"{p['claims']:>10}{p['peak_rss_mb']:>10.0f}{p['worker_peak_rss_mb']:>10.0f}"
        )
    print(f"target: {ns.workers} workers with the cascade <= {TARGET_WALL_RATIO}x bare wall time")
    return 0


if __name__ == "__main__":
    sys.exit(main())
