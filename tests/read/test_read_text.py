"""Plain-text articles and their optional header."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from read_helpers import only_article, read_all, write

from armstrail.read.text import format_header, split_header


def test_header_fields_and_text(tmp_path: Path) -> None:
    content = (
        "Title: Drones for Moscow\nOUTLET: Example News\npublished: 2024-01-09\n"
        "Url: https://example.org/x\n\nFirst paragraph.\n\n  Indented second.\n"
    )
    path = write(tmp_path, "story-1.txt", content)
    article = only_article(read_all(path))
    assert (article.id, article.title, article.outlet, article.published, article.url) == (
        "story-1",
        "Drones for Moscow",
        "Example News",
        date(2024, 1, 9),
        "https://example.org/x",
    )
    assert article.text == "First paragraph.\n\n  Indented second."


def test_without_header_the_whole_file_is_the_text(tmp_path: Path) -> None:
    content = "Officials said on Monday\nthat the shipment  arrived.\n\nMore text."
    article = only_article(read_all(write(tmp_path, "a.txt", content)))
    assert article.text == content
    assert article.title is None


def test_unknown_key_means_no_header(tmp_path: Path) -> None:
    content = "Title: Something\nNote: this is part of the text\n\nBody."
    article = only_article(read_all(write(tmp_path, "a.txt", content)))
    assert article.text == content
    assert article.title is None


def test_header_without_blank_line_is_text(tmp_path: Path) -> None:
    content = "Title: Only a line that looks like a header"
    article = only_article(read_all(write(tmp_path, "a.txt", content)))
    assert article.text == content


def test_crlf_header(tmp_path: Path) -> None:
    article = only_article(read_all(write(tmp_path, "a.txt", "Title: T\r\n\r\nBody\r\nmore\r\n")))
    assert article.title == "T"
    assert article.text == "Body\r\nmore"


def test_bad_published_in_header_is_a_warning(tmp_path: Path) -> None:
    article = only_article(read_all(write(tmp_path, "a.txt", "Published: soon\n\nBody")))
    assert article.published is None
    assert len(article.warnings) == 1 and "'soon'" in article.warnings[0]


def test_split_header_keeps_text_exactly() -> None:
    assert split_header("Title: a\n\n\n  body  \n") == ({"title": "a"}, "\n  body  \n")
    assert split_header("\nTitle: a\n\nbody") == ({}, "\nTitle: a\n\nbody")


def test_format_header_round_trips() -> None:
    fields = {"title": "T", "outlet": "O", "published": "2024-01-01", "url": "https://x/y?a=b:c"}
    assert split_header(format_header(fields) + "text") == (fields, "text")
