"""Fuzzing the raw (unwrapped) HTML and WARC readers: whatever the bytes, they yield Articles and
Problems or raise ``InputError``, never anything else (the registry's catch-all is for bugs)."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator

from hypothesis import given, settings
from hypothesis import strategies as st
from test_read_warc import PAGES, Record, build_warc

from armstrail.errors import InputError
from armstrail.model import Article, Problem
from armstrail.read.html import article_from_html, read_html
from armstrail.read.warc import read_warc
from armstrail.settings import Settings

SMALL = Settings(max_bytes=3000, max_file_bytes=20_000, max_fetch_bytes=5000)

_PIECES = [
    "<html>",
    "</html>",
    "<head>",
    "<body>",
    "<article>",
    "</article>",
    "<p>",
    "</p>",
    "<div>",
    "</div>",
    "<nav>",
    "<footer>",
    "<h1>",
    "<title>",
    "</title>",
    "<script>",
    "</script>",
    "<style>",
    "<!--",
    "-->",
    "<![CDATA[",
    "<?xml version='1.0' encoding='",
    "'?>",
    '<meta charset="',
    '<meta property="og:site_name" content="',
    '<meta property="article:published_time" content="',
    '<link rel="canonical" href="',
    '">',
    "<a href='",
    "</a>",
    "<br>",
    "<table><tr><td>",
    "<ul><li>",
    "&amp;",
    "&#x",
    "&#",
    ";",
    "<",
    ">",
    "/",
    '"',
    "\x00",
    "\ufeff",
    "\ud800",
    "é",
    "’",
    "utf-16",
    "koi8-r",
    "x-unknown",
    "2023-01-09",
    "https://www.reuters.com/x",
    "Reuters",
    "Share this article",
    "Photo: AFP",
    "Iran has supplied drones to Russia, the Pentagon said on Monday.",
    " ",
    "\n",
]
html_ish = st.lists(st.sampled_from(_PIECES) | st.text(max_size=8), max_size=60).map("".join)
encodings = st.sampled_from(["utf-8", "utf-16", "cp1252", "latin-1", "koi8_r"])


def _encode(text: str, encoding: str) -> bytes:
    return text.encode(encoding, errors="replace")


def _only_input_errors(read: Callable[[], Iterator[Article | Problem]]) -> None:
    try:
        for result in read():
            assert isinstance(result, Article | Problem)
            if isinstance(result, Article):
                assert result.text.strip()
    except InputError as error:
        assert error.reason


@settings(max_examples=100, deadline=None)
@given(data=st.binary(max_size=2000))
def test_html_reader_on_arbitrary_bytes(data: bytes) -> None:
    _only_input_errors(lambda: read_html(data, "fuzz.html", SMALL))


@settings(max_examples=100, deadline=None)
@given(text=html_ish, encoding=encodings)
def test_html_reader_on_html_ish_bytes(text: str, encoding: str) -> None:
    _only_input_errors(lambda: read_html(_encode(text, encoding), "fuzz.html", SMALL))


@settings(max_examples=100, deadline=None)
@given(text=html_ish, url=st.none() | st.text(max_size=30))
def test_article_from_html_on_html_ish_text(text: str, url: str | None) -> None:
    def read() -> Iterator[Article | Problem]:
        yield article_from_html(text, "fuzz.html", SMALL, "fuzz", url=url)

    _only_input_errors(read)


_VALID = {
    compress: build_warc(
        [*PAGES[:2], Record("https://example.org/i.png", b"\x89PNG" + bytes(40), content_type="image/png")],
        compress=compress,
    )
    for compress in (False, True)
}


@st.composite
def mutated_warc(draw: st.DrawFn) -> bytes:
    """A valid WARC (plain or gzipped) with some bytes flipped, inserted, deleted, or the end cut."""
    data = bytearray(_VALID[draw(st.booleans())])
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["flip", "insert", "delete", "cut"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if kind == "flip" and data:
            data[at] ^= draw(st.integers(1, 255))
        elif kind == "insert":
            data[at:at] = draw(
                st.binary(min_size=1, max_size=20) | st.sampled_from([b"\r\n", b"WARC/1.0\r\n"])
            )
        elif kind == "delete":
            del data[at : at + draw(st.integers(1, 40))]
        else:
            del data[at:]
    return bytes(data)


@settings(max_examples=100, deadline=None)
@given(data=mutated_warc())
def test_warc_reader_on_mutated_archives(data: bytes) -> None:
    _only_input_errors(lambda: read_warc(io.BytesIO(data), "fuzz.warc", SMALL))


@settings(max_examples=100, deadline=None)
@given(data=st.binary(max_size=2000))
def test_warc_reader_on_arbitrary_bytes(data: bytes) -> None:
    _only_input_errors(lambda: read_warc(io.BytesIO(data), "fuzz.warc", SMALL))


@settings(max_examples=100, deadline=None)
@given(
    text=html_ish,
    content_type=st.sampled_from(["text/html", "text/html; charset=koi8-r", "text/html; charset=x"]),
)
def test_warc_reader_on_archived_html_ish_pages(text: str, content_type: str) -> None:
    data = build_warc(
        [Record("https://example.org/p", text.encode("utf-8", "replace"), content_type=content_type)],
        compress=False,
    )
    _only_input_errors(lambda: read_warc(io.BytesIO(data), "fuzz.warc", SMALL))
