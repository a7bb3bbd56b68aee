"""WARC web archives: one article per archived HTML page, other records skipped, damaged and
cut-short archives keep what came before, and a large archive is read in flat memory."""

from __future__ import annotations

import gzip
import io
import tracemalloc
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest
from read_helpers import only_problem, read_all, write
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from armstrail import messages
from armstrail.model import Article, Problem
from armstrail.read import format_for
from armstrail.read.warc import read_warc
from armstrail.settings import Settings

LEAD = "Iran has supplied hundreds of drones to Russia, the Pentagon said on Monday."
SECOND = "The shipments began in August and continued through the autumn, officials said."


def html_page(title: str, lead: str = LEAD, head: str = "") -> bytes:
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title>{head}</head>"
        f"<body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><p>{lead}</p><p>{SECOND}</p></article><footer>© 2024 Example</footer></body></html>"
    ).encode()


@dataclass
class Record:
    uri: str
    payload: bytes
    content_type: str = "text/html; charset=utf-8"
    status: str = "200 OK"
    kind: str = "response"
    date: str = "2023-01-25T10:00:00Z"
    extra_headers: list[tuple[str, str]] = field(default_factory=list)


def build_warc(records: list[Record], *, compress: bool, warcinfo: str = "") -> bytes:
    """A WARC file written by warcio, as a crawler would: a warcinfo record, then ``records``."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=compress)
    writer.write_record(writer.create_warcinfo_record("test.warc", {"software": "tests", "note": warcinfo}))
    for record in records:
        http = None
        if record.kind in ("response", "request"):
            status = record.status if record.kind == "response" else "GET / HTTP/1.1"
            headers = [("Content-Type", record.content_type), *record.extra_headers]
            http = StatusAndHeaders(
                status, headers, protocol="HTTP/1.1", is_http_request=record.kind == "request"
            )
        writer.write_record(
            writer.create_warc_record(
                record.uri,
                record.kind,
                payload=io.BytesIO(record.payload),
                http_headers=http,
                warc_headers_dict={"WARC-Date": record.date},
                warc_content_type=None if http else record.content_type,
            )
        )
    return buffer.getvalue()


PAGES = [
    Record("https://www.reuters.com/world/europe/iran-drones-2023-01-09/", html_page("Drones | Reuters")),
    Record(
        "https://apnews.com/article/tanks-abrams",
        html_page("US tanks", "Biden said the United States will send 31 Abrams tanks to Ukraine."),
        date="2023-01-26T08:00:00Z",
    ),
    Record(
        "https://example.org/story.html",
        html_page("Dated", head='<meta property="article:published_time" content="2022-12-01T09:00:00Z">'),
    ),
]


def _articles(results: list[Article | Problem]) -> list[Article]:
    return [r for r in results if isinstance(r, Article)]


@pytest.mark.parametrize("compress", [False, True], ids=["plain", "gzip"])
def test_every_html_page_is_an_article(tmp_path: Path, compress: bool) -> None:
    name = "crawl.warc.gz" if compress else "crawl.warc"
    path = write(tmp_path, name, build_warc(PAGES, compress=compress))
    results = read_all(path)
    assert all(isinstance(r, Article) for r in results), results
    first, second, third = _articles(results)
    assert [a.origin for a in (first, second, third)] == [f"{path}#record{n}" for n in (2, 3, 4)]
    assert [a.url for a in (first, second, third)] == [p.uri for p in PAGES]
    assert (first.outlet, second.outlet) == ("Reuters", "Associated Press")
    assert first.id.startswith("iran-drones-2023-01-09-") and second.id.startswith("tanks-abrams-")
    assert third.id.startswith("story-")
    assert LEAD in first.text and SECOND in first.text
    assert "Abrams tanks" in second.text
    # the page's own date (in its URL, in its metadata), else the WARC-Date
    assert (first.published, second.published, third.published) == (
        date(2023, 1, 9),
        date(2023, 1, 26),
        date(2022, 12, 1),
    )


def test_ids_are_stable_and_unique(tmp_path: Path) -> None:
    twins = [
        Record("https://example.org/a/story", html_page("A")),
        Record("https://example.org/b/story", html_page("B")),
    ]
    data = build_warc(twins, compress=False)
    ids = [a.id for a in _articles(read_all(write(tmp_path, "a.warc", data)))]
    again = [a.id for a in _articles(read_all(write(tmp_path, "b.warc", data)))]
    assert ids == again and len(set(ids)) == 2


def test_other_records_are_skipped_silently(tmp_path: Path) -> None:
    records = [
        Record("https://example.org/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(200), content_type="image/png"),
        Record("https://example.org/", b"", kind="request"),
        Record("https://example.org/gone", html_page("Gone"), status="404 Not Found"),
        Record("https://example.org/moved", b"", status="301 Moved Permanently"),
        Record("https://example.org/data.json", b'{"text": "x"}', content_type="application/json"),
        Record(
            "https://example.org/meta",
            b"outlinks: x",
            kind="metadata",
            content_type="application/warc-fields",
        ),
        PAGES[0],
        Record("https://example.org/page.xhtml", html_page("X"), content_type="application/xhtml+xml"),
    ]
    results = read_all(write(tmp_path, "mixed.warc.gz", build_warc(records, compress=True)))
    assert [r.origin.rsplit("#", 1)[1] for r in results] == ["record8", "record9"]
    assert all(isinstance(r, Article) for r in results)


def test_archive_without_pages_is_one_notice(tmp_path: Path) -> None:
    records = [Record("https://example.org/logo.png", b"\x89PNG" + bytes(50), content_type="image/png")]
    problem = only_problem(read_all(write(tmp_path, "images.warc", build_warc(records, compress=False))))
    assert problem.level == "skipped"
    assert problem.reason == messages.WARC_NO_PAGES.format(records=2)


@pytest.mark.parametrize("compress", [False, True], ids=["plain", "gzip"])
@pytest.mark.parametrize("keep", [60, 400], ids=["in-payload", "in-header"])
def test_truncated_record_is_a_problem_and_earlier_records_are_kept(
    tmp_path: Path, compress: bool, keep: int
) -> None:
    whole = build_warc(PAGES, compress=compress)
    last = build_warc(PAGES[-1:], compress=compress)
    # cut the last record: it starts after the first two pages; keep ``keep`` bytes of it
    record_start = len(whole) - (len(last) - len(build_warc([], compress=compress)))
    path = write(tmp_path, "cut.warc.gz" if compress else "cut.warc", whole[: record_start + keep])
    results = read_all(path)
    assert [type(r) for r in results] == [Article, Article, Problem], results
    problem = results[-1]
    assert isinstance(problem, Problem) and problem.level == "error"
    assert problem.origin == f"{path}#record4"
    assert "the archive ends inside record 4" in problem.reason


def test_page_over_the_size_limit_is_skipped_with_a_problem(tmp_path: Path) -> None:
    big = html_page("Big", lead=LEAD + " " + "More words here. " * 2000)
    records = [PAGES[0], Record("https://example.org/big", big), PAGES[1]]
    settings = Settings(max_fetch_bytes=10_000)
    results = read_all(write(tmp_path, "a.warc", build_warc(records, compress=False)), settings=settings)
    assert [type(r) for r in results] == [Article, Problem, Article]
    assert results[1].origin.endswith("#record3")
    assert isinstance(results[1], Problem) and "over 10000 bytes" in results[1].reason


def test_page_without_an_article_is_a_problem_of_its_own(tmp_path: Path) -> None:
    empty = b"<html><head><title>Home</title></head><body><nav><a href='/'>Home</a></nav></body></html>"
    records = [PAGES[0], Record("https://example.org/home", empty), PAGES[1]]
    results = read_all(write(tmp_path, "a.warc", build_warc(records, compress=True)))
    assert [type(r) for r in results] == [Article, Problem, Article]
    assert isinstance(results[1], Problem) and results[1].reason == messages.HTML_NO_ARTICLE


def test_http_charset_and_content_encoding(tmp_path: Path) -> None:
    latin = html_page("Café", "Officials at the café in Kyiv said the drones – dozens – came at night.")
    latin = latin.replace(b"<meta charset='utf-8'>", b"")
    records = [
        Record(
            "https://example.org/latin",
            latin.decode().encode("cp1252"),
            content_type="text/html; charset=windows-1252",
        ),
        Record(
            "https://example.org/gzipped",
            gzip.compress(html_page("Zipped")),
            extra_headers=[("Content-Encoding", "gzip")],
        ),
    ]
    latin_article, zipped = _articles(
        read_all(write(tmp_path, "a.warc", build_warc(records, compress=False)))
    )
    assert "café in Kyiv said the drones – dozens –" in latin_article.text
    assert latin_article.warnings == []
    assert LEAD in zipped.text


@pytest.mark.parametrize(
    "content",
    [b'{"text": "a JSON record, not an archive"}', b"\x00\x01\x02\x03" * 64],
    ids=["json", "binary"],
)
def test_not_an_archive_is_a_problem(tmp_path: Path, content: bytes) -> None:
    problem = only_problem(read_all(write(tmp_path, "a.warc", content)))
    assert problem.reason.startswith("not a WARC web archive")


def test_empty_archive_is_a_problem(tmp_path: Path) -> None:
    assert only_problem(read_all(write(tmp_path, "a.warc.gz", b""))).reason == messages.EMPTY_FILE


def test_large_archive_is_read_in_flat_memory(tmp_path: Path) -> None:
    """40 MB of video records around two pages: the reader never holds a record's payload."""
    path = tmp_path / "big.warc.gz"
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        chunk = bytes(range(256)) * 4096  # 1 MB that does not compress away
        for n in range(40):
            http = StatusAndHeaders("200 OK", [("Content-Type", "video/mp4")], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(
                    f"https://example.org/video{n}.mp4",
                    "response",
                    payload=io.BytesIO(chunk),
                    http_headers=http,
                )
            )
            if n in (0, 39):
                http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
                writer.write_record(
                    writer.create_warc_record(
                        f"https://example.org/page{n}",
                        "response",
                        payload=io.BytesIO(html_page("P")),
                        http_headers=http,
                    )
                )
    read_all(write(tmp_path, "warm.warc", build_warc(PAGES[:1], compress=False)))  # loads the gazetteer
    tracemalloc.start()
    try:
        results = read_all(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [type(r) for r in results] == [Article, Article]
    assert peak < 8 * 1024 * 1024, peak


def test_raw_reader_reads_from_a_handle() -> None:
    data = build_warc(PAGES[:1], compress=True)
    (article,) = list(read_warc(io.BytesIO(data), "stream.warc.gz", Settings()))
    assert isinstance(article, Article) and article.origin == "stream.warc.gz#record2"


def test_warc_suffixes_are_registered() -> None:
    for name in ("a.warc", "b.warc.gz", "C.WARC.GZ"):
        found = format_for(name)
        assert found is not None and found.name == "warc" and found.streams
    gz = format_for("a.json.gz")
    assert gz is None or gz.name != "warc"
