"""JSON and JSON Lines records: fields, ids, dates, lists."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from read_helpers import only_article, read_all, write

from armstrail import messages
from armstrail.model import Article
from armstrail.read.records import parse_date


def test_all_fields_are_read_and_extra_fields_ignored(tmp_path: Path) -> None:
    record = {
        "id": "r1",
        "url": "https://example.org/a",
        "outlet": "Example News",
        "published": "2024-03-01",
        "title": "A title",
        "text": "  Body\n\n  text  ",
        "claims": [{"type": "TRANSFER"}],
        "story": "s1",
    }
    path = write(tmp_path, "a.json", json.dumps(record))
    assert only_article(read_all(path)) == Article(
        id="r1",
        text="  Body\n\n  text  ",
        url="https://example.org/a",
        outlet="Example News",
        published=date(2024, 3, 1),
        title="A title",
        origin=str(path),
        warnings=[],
    )


def test_missing_id_is_the_file_stem(tmp_path: Path) -> None:
    path = write(tmp_path, "report-7.json", json.dumps({"text": "Body"}))
    assert only_article(read_all(path)).id == "report-7"


def test_numeric_id_becomes_a_string(tmp_path: Path) -> None:
    path = write(tmp_path, "a.json", json.dumps({"id": 42, "text": "Body"}))
    assert only_article(read_all(path)).id == "42"


def test_full_iso_datetime_gives_its_date(tmp_path: Path) -> None:
    path = write(tmp_path, "a.json", json.dumps({"text": "Body", "published": "2023-11-05T23:10:00Z"}))
    article = only_article(read_all(path))
    assert article.published == date(2023, 11, 5)
    assert article.warnings == []


def test_published_that_is_not_a_date_is_a_warning(tmp_path: Path) -> None:
    path = write(tmp_path, "a.json", json.dumps({"text": "Body", "published": "last Tuesday"}))
    article = only_article(read_all(path))
    assert article.published is None
    assert article.warnings == [messages.BAD_DATE.format(value="'last Tuesday'")]


def test_null_published_is_no_date_without_warning(tmp_path: Path) -> None:
    path = write(tmp_path, "a.json", json.dumps({"text": "Body", "published": None}))
    article = only_article(read_all(path))
    assert article.published is None and article.warnings == []


def test_non_string_optional_field_is_ignored_with_a_warning(tmp_path: Path) -> None:
    path = write(tmp_path, "a.json", json.dumps({"text": "Body", "outlet": 7}))
    article = only_article(read_all(path))
    assert article.outlet is None
    assert article.warnings == ['ignored "outlet": it is a number, not a string']


def test_top_level_list_gives_one_article_per_record(tmp_path: Path) -> None:
    records = [{"text": "one"}, {"id": "named", "text": "two"}, 3, {"text": "four"}]
    path = write(tmp_path, "batch.json", json.dumps(records))
    one, two, bad, four = read_all(path)
    assert isinstance(one, Article) and one.id == "batch-1" and one.origin == f"{path}#item1"
    assert isinstance(two, Article) and two.id == "named"
    assert not isinstance(bad, Article) and bad.origin == f"{path}#item3"
    assert bad.reason == "a record must be a JSON object, not a number"
    assert isinstance(four, Article) and four.id == "batch-4"


def test_jsonl_ids_origins_and_blank_lines(tmp_path: Path) -> None:
    data = '{"text": "one"}\r\n\n{"id": "b", "text": "two"}\n{"text": "three"}'
    path = write(tmp_path, "feed.ndjson", data)
    results = [r for r in read_all(path) if isinstance(r, Article)]
    assert len(results) == 3
    assert [(r.id, r.origin) for r in results] == [
        ("feed-1", f"{path}#L1"),
        ("b", f"{path}#L3"),
        ("feed-3", f"{path}#L4"),
    ]


def test_jsonl_with_only_blank_lines_is_empty(tmp_path: Path) -> None:
    path = write(tmp_path, "a.jsonl", "\n\n  \n")
    (problem,) = read_all(path)
    assert not isinstance(problem, Article) and problem.reason == messages.EMPTY_FILE


def test_parse_date_forms() -> None:
    assert parse_date("2024-02-29") == date(2024, 2, 29)
    assert parse_date(" 2024-02-29 ") == date(2024, 2, 29)
    assert parse_date("2024-02-29T12:00:00+03:00") == date(2024, 2, 29)
    assert parse_date("2024-02-29 12:00") == date(2024, 2, 29)
    assert parse_date("2023-02-29") is None
    assert parse_date("29/02/2024") is None
    assert parse_date("2024-02-29garbage") is None
    assert parse_date("２０２４-02-29") is None


def test_unpaired_surrogate_escapes_are_replaced_keeping_offsets(tmp_path: Path) -> None:
    path = write(tmp_path, "a.json", '{"text": "ab\\ud800cd", "title": "t\\udc00"}')
    article = only_article(read_all(path))
    assert article.text == "ab\ufffdcd"
    assert article.title == "t\ufffd"
    assert article.warnings == [
        messages.LONE_SURROGATES.format(field="text", count=1),
        messages.LONE_SURROGATES.format(field="title", count=1),
    ]
    article.text.encode("utf-8")
