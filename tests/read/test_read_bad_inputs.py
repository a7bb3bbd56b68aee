"""One test per kind of bad input: each becomes a Problem (or a warning) with a clear reason."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from read_helpers import only_article, only_problem, read_all, write

from armstrail import messages
from armstrail.model import Article, Problem
from armstrail.settings import Settings


def test_empty_file(tmp_path: Path) -> None:
    path = write(tmp_path, "a.json", b"")
    assert only_problem(read_all(path)) == Problem(str(path), "empty file")


def test_whitespace_only_file_is_empty(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", " \n\t\r\n")
    assert only_problem(read_all(path)).reason == messages.EMPTY_FILE


def test_binary_file(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", bytes(range(256)) * 4)
    assert only_problem(read_all(path)) == Problem(str(path), "binary file, not text")


def test_binary_file_of_control_characters_without_nul(tmp_path: Path) -> None:
    path = write(tmp_path, "a.json", b"\x01\x02\x03\x04 {}" * 50)
    assert only_problem(read_all(path)).reason == messages.BINARY_FILE


def test_invalid_utf8_is_decoded_with_a_warning(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", b"Caf" + b"\xe9 and na\xefve \xff text")
    article = only_article(read_all(path))
    assert article.text == "Caf\ufffd and na\ufffdve \ufffd text"
    assert article.warnings == [messages.NOT_UTF8.format(count=3)]
    assert "3 bytes replaced" in article.warnings[0]


def test_utf8_bom_is_stripped(tmp_path: Path) -> None:
    path = write(tmp_path, "a.json", b"\xef\xbb\xbf" + json.dumps({"text": "Body"}).encode())
    article = only_article(read_all(path))
    assert article.text == "Body"
    assert article.warnings == []


def test_json_without_text(tmp_path: Path) -> None:
    path = write(tmp_path, "a.json", json.dumps({"id": "x", "title": "Only a title"}))
    problem = only_problem(read_all(path))
    assert problem == Problem(str(path), messages.NO_TEXT_MISSING)
    assert '"text"' in problem.reason


def test_json_text_not_a_string(tmp_path: Path) -> None:
    path = write(tmp_path, "a.json", json.dumps({"text": ["a", "b"]}))
    assert only_problem(read_all(path)).reason == 'no article text: "text" is a list, not a string'


def test_json_blank_text(tmp_path: Path) -> None:
    path = write(tmp_path, "a.json", json.dumps({"text": "  \n "}))
    assert only_problem(read_all(path)).reason == messages.NO_TEXT_BLANK


def test_text_over_the_size_limit(tmp_path: Path) -> None:
    big = write(tmp_path, "big.txt", "é" * 60)  # 120 bytes of UTF-8 in 60 characters
    small = write(tmp_path, "small.txt", "short text")
    results = read_all(big, small, settings=Settings(max_bytes=100))
    problem, article = results
    assert isinstance(problem, Problem) and problem.origin == str(big)
    assert "120 bytes" in problem.reason and "100-byte limit" in problem.reason
    assert "--max-bytes" in problem.reason and "ARMSTRAIL_MAX_BYTES" in problem.reason
    assert isinstance(article, Article) and article.text == "short text"


def test_text_over_the_size_limit_in_jsonl_costs_only_that_record(tmp_path: Path) -> None:
    lines = [json.dumps({"text": "x" * 200}), json.dumps({"text": "fits"})]
    path = write(tmp_path, "a.jsonl", "\n".join(lines))
    problem, article = read_all(path, settings=Settings(max_bytes=100))
    assert isinstance(problem, Problem) and problem.origin == f"{path}#L1"
    assert isinstance(article, Article) and article.text == "fits"


def test_file_over_the_file_limit_is_not_read(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", "x" * 500)
    problem = only_problem(read_all(path, settings=Settings(max_file_bytes=100)))
    assert problem.reason == messages.FILE_TOO_LARGE.format(size=500, limit=100)


def test_missing_path(tmp_path: Path) -> None:
    path = tmp_path / "nowhere" / "a.json"
    assert only_problem(read_all(path)) == Problem(str(path), "no such file or directory")


def test_unknown_suffix_named_explicitly(tmp_path: Path) -> None:
    path = write(tmp_path, "a.docx", "text")
    problem = only_problem(read_all(path))
    assert problem.origin == str(path)
    assert problem.reason.startswith("unknown file type .docx")
    assert ".json" in problem.reason and ".jsonl" in problem.reason and ".txt" in problem.reason


def test_no_suffix_named_explicitly(tmp_path: Path) -> None:
    path = write(tmp_path, "README", "text")
    assert "(no suffix)" in only_problem(read_all(path)).reason


def test_invalid_json_names_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, "a.json", '{\n  "text": "x",\n  "title": oops\n}')
    problem = only_problem(read_all(path))
    assert problem.origin == str(path)
    assert problem.reason == "invalid JSON at line 3, column 12: Expecting value"


def test_non_object_json(tmp_path: Path) -> None:
    path = write(tmp_path, "a.json", '"just a string"')
    assert only_problem(read_all(path)).reason == "a record must be a JSON object, not a string"


def test_empty_json_list(tmp_path: Path) -> None:
    path = write(tmp_path, "a.json", "[]")
    assert only_problem(read_all(path)).reason == messages.EMPTY_LIST


def test_deeply_nested_json(tmp_path: Path) -> None:
    path = write(tmp_path, "a.json", "[" * 100_000 + "]" * 100_000)
    assert only_problem(read_all(path)).reason == messages.JSON_TOO_DEEP


def test_jsonl_bad_second_line_does_not_stop_the_others(tmp_path: Path) -> None:
    lines = [json.dumps({"text": "first"}), '{"text": "unterminated', json.dumps({"text": "third"})]
    path = write(tmp_path, "a.jsonl", "\n".join(lines) + "\n")
    first, problem, third = read_all(path)
    assert isinstance(first, Article) and first.text == "first" and first.origin == f"{path}#L1"
    assert isinstance(problem, Problem) and problem.origin == f"{path}#L2"
    assert problem.reason.startswith("invalid JSON at column 10: Unterminated string")
    assert isinstance(third, Article) and third.text == "third" and third.id == "a-3"


def test_jsonl_line_with_invalid_utf8_warns_on_that_article_only(tmp_path: Path) -> None:
    data = b'{"text": "ok"}\n{"text": "bad \xff byte"}\n'
    first, second = read_all(write(tmp_path, "a.jsonl", data))
    assert isinstance(first, Article) and first.warnings == []
    assert isinstance(second, Article) and second.warnings == [messages.NOT_UTF8.format(count=1)]


def test_text_file_with_only_a_header(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", "Title: Nothing else\n\n\n")
    assert only_problem(read_all(path)).reason == messages.NO_TEXT_FILE


def test_reader_exception_becomes_a_problem(tmp_path: Path) -> None:
    from armstrail.read import registry

    def explode(data: bytes, origin: str, settings: Settings) -> Iterator[Article | Problem]:
        yield Problem(origin, "about to fail")
        raise RuntimeError("boom")

    registry.register("exploding-test-format", (".explode",))(explode)
    try:
        path = write(tmp_path, "a.explode", "anything")
        first, problem = read_all(path)
        assert first == Problem(str(path), "about to fail")
        assert problem == Problem(str(path), "the exploding-test-format reader failed: RuntimeError: boom")
    finally:
        registry._FORMATS.pop("exploding-test-format")
