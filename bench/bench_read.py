"""Reading web pages and web archives (issue 4): throughput of read + clean for HTML files and for a
WARC of the same pages, the share of a whole ingest that reading takes, and memory while reading a
1 GB WARC (mostly large non-HTML records, which must be skipped without being held).

The pages are the dev corpus texts wrapped in realistic page furniture (navigation, ads, share
bars, footers), replicated with new ids. Each phase runs in its own child process."""

from __future__ import annotations

import argparse
import html
import io
import json
import multiprocessing
import os
import resource
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

NAV = "".join(f'<li><a href="/section/{n}">Section {n}</a></li>' for n in range(40))
FOOTER = "".join(f'<a href="/about/{n}">About page {n}</a> ' for n in range(30))


def page(record: dict[str, Any], n: int) -> bytes:
    """A news page around one article text."""
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in record["text"].split("\n") if p.strip())
    title = html.escape(record.get("title") or record["id"])
    outlet = html.escape(record.get("outlet") or "Example News")
    published = record.get("published") or ""
    return (
        f"<!doctype html><html><head><title>{title}</title>"
        f'<meta property="og:site_name" content="{outlet}">'
        f'<meta property="article:published_time" content="{published}">'
        f'<link rel="canonical" href="https://news.example.com/{n}/{record["id"]}"></head><body>'
        f"<header><nav><ul>{NAV}</ul></nav></header>"
        f'<div class="ad">Advertisement</div><div class="cookie">We use cookies. Accept</div>'
        f"<main><article><h1>{title}</h1>{paragraphs}"
        f'<div class="share">Share this article on Facebook Twitter Email</div></article>'
        f"<aside><h2>Related stories</h2><ul>{NAV[:800]}</ul></aside></main>"
        f"<footer>{FOOTER} © 2024 {outlet}</footer></body></html>"
    ).encode()


def corpus(gold: Path, count: int) -> Iterator[tuple[str, bytes]]:
    records = [json.loads(p.read_text("utf-8")) for p in sorted(gold.glob("*.json"))]
    for n in range(count):
        record = records[n % len(records)]
        yield f"{record['id']}-{n}", page(record, n)


def write_html(folder: Path, gold: Path, count: int) -> int:
    size = 0
    for name, data in corpus(gold, count):
        (folder / f"{name}.html").write_bytes(data)
        size += len(data)
    return size


def write_warc(path: Path, gold: Path, count: int, filler_mb: int = 0) -> int:
    """A WARC (gzipped for ``.gz``) of ``count`` page responses; with ``filler_mb``, also 1 MB
    incompressible binary responses spread between them (what a crawl holds besides pages)."""
    noise = os.urandom(1024 * 1024)
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=path.suffix == ".gz")
        pages = list(corpus(gold, count))
        every = max(1, count // filler_mb) if filler_mb else 0
        written = 0
        for n, (name, data) in enumerate(pages):
            _response(writer, f"https://news.example.com/{name}", "text/html; charset=utf-8", data)
            if every and n % every == 0:
                for _ in range(max(1, filler_mb // count)):
                    if written < filler_mb:
                        blob = bytes([n % 251]) + noise[1:]
                        _response(writer, f"https://cdn.example.com/{name}-{written}.bin", "image/jpeg", blob)
                        written += 1
        while written < filler_mb:
            _response(writer, f"https://cdn.example.com/tail-{written}.bin", "image/jpeg", noise)
            written += 1
    return path.stat().st_size


def _response(writer: WARCWriter, url: str, content_type: str, data: bytes) -> None:
    headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
    record = writer.create_warc_record(url, "response", payload=io.BytesIO(data), http_headers=headers)
    writer.write_record(record)


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _read(paths: list[str], sample_every: int = 0, rounds: int = 1) -> dict[str, Any]:
    from armstrail.model import Article
    from armstrail.read import read_paths

    started = time.perf_counter()
    articles = problems = 0
    samples: list[float] = []
    for n, item in enumerate(item for _ in range(rounds) for item in read_paths(paths)):
        if isinstance(item, Article):
            articles += 1
        else:
            problems += 1
        if sample_every and n % sample_every == 0:
            samples.append(round(_rss_mb(), 1))
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "seconds": round(seconds, 2),
        "articles": articles,
        "problems": problems,
        "rss_mb": samples,
        "peak_rss_mb": round(peak, 1),
    }


def _ingest(paths: list[str], folder: str, rounds: int) -> dict[str, Any]:
    """Ingest the same pages ``rounds`` times, each into a fresh store (a second round into one
    store would find them all stored, or copies, and skip the analysis)."""
    from armstrail.store import ingest_paths, open_store

    stored = copies = 0
    elapsed = 0.0
    for n in range(rounds):
        engine = open_store(Path(folder) / f"store-{n}.db")
        started = time.perf_counter()
        tally = ingest_paths(paths, engine)
        elapsed += time.perf_counter() - started
        stored, copies = stored + tally.stored, copies + tally.duplicates
        engine.dispose()
    return {"seconds": round(elapsed, 2), "stored": stored, "copies": copies}


def _child(function: Any, *args: Any) -> dict[str, Any]:
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        result: dict[str, Any] = pool.apply(function, args)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--gold", type=Path, required=True, help="the dev corpus folder")
    parser.add_argument("--pages", type=int, default=400, help="pages per throughput phase")
    parser.add_argument(
        "--rounds", type=int, default=10, help="rounds of the unique pages for the ingest share"
    )
    parser.add_argument("--warc-gb", type=float, default=1.0, help="size of the large WARC (GB)")
    args = parser.parse_args(argv)
    report: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        pages = root / "pages"
        pages.mkdir()
        html_bytes = write_html(pages, args.gold, args.pages)
        warc = root / "pages.warc.gz"
        write_warc(warc, args.gold, args.pages)
        read_html = _child(_read, [str(pages)])
        read_warc = _child(_read, [str(warc)])
        unique = root / "unique"
        unique.mkdir()
        write_html(unique, args.gold, len(list(args.gold.glob("*.json"))))
        read_unique = _child(_read, [str(unique)], 0, args.rounds)
        ingest = _child(_ingest, [str(unique)], scratch, args.rounds)
        mb = html_bytes / 1e6
        report["html"] = {
            **read_html,
            "mb": round(mb, 1),
            "mb_per_s": round(mb / read_html["seconds"], 2),
            "articles_per_s": round(read_html["articles"] / read_html["seconds"], 1),
        }
        report["warc"] = {
            **read_warc,
            "mb_uncompressed": round(mb, 1),
            "mb_compressed": round(warc.stat().st_size / 1e6, 1),
            "mb_per_s": round(mb / read_warc["seconds"], 2),
            "articles_per_s": round(read_warc["articles"] / read_warc["seconds"], 1),
        }
        report["ingest_html"] = {**ingest, "reading_seconds": read_unique["seconds"]}
        report["reading_share_of_ingest"] = round(read_unique["seconds"] / ingest["seconds"], 3)
        big = root / "big.warc"
        filler = int(args.warc_gb * 1024)
        write_warc(big, args.gold, 200, filler_mb=filler)
        big_read = _child(_read, [str(big)], 20)
        report["big_warc"] = {
            **big_read,
            "records_mb_uncompressed": filler + round(mb * 200 / args.pages),
            "file_mb": round(big.stat().st_size / 1e6, 1),
        }
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
