"""Walking directories, standard input, and the format registry."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

from read_helpers import read_all, write

from armstrail import messages
from armstrail.model import Article, Problem
from armstrail.read import format_for, formats, read_stream
from armstrail.settings import Settings


def test_directories_are_read_recursively_in_sorted_order(tmp_path: Path) -> None:
    write(tmp_path, "b.txt", "bee")
    write(tmp_path, "a/z.json", json.dumps({"text": "a-z"}))
    write(tmp_path, "a/c.txt", "a-c")
    write(tmp_path, "a/deeper/x.jsonl", json.dumps({"text": "a-deeper-x"}))
    write(tmp_path, "C.txt", "capital-c")
    results = read_all(tmp_path)
    assert all(isinstance(r, Article) for r in results)
    assert [r.text for r in results if isinstance(r, Article)] == [
        "capital-c",
        "a-c",
        "a-deeper-x",
        "a-z",
        "bee",
    ]
    assert results[0].origin == str(tmp_path / "C.txt")


def test_unknown_and_hidden_files_in_a_directory_are_skipped(tmp_path: Path) -> None:
    write(tmp_path, "notes.docx", "ignored")
    write(tmp_path, "README", "ignored")
    write(tmp_path, ".hidden.txt", "ignored")
    write(tmp_path, ".git/objects/x.json", json.dumps({"text": "ignored"}))
    write(tmp_path, "real.TXT", "kept")
    results = read_all(tmp_path)
    assert [r.text for r in results if isinstance(r, Article)] == ["kept"]
    assert len(results) == 1


def test_problems_inside_a_directory_do_not_stop_it(tmp_path: Path) -> None:
    write(tmp_path, "1.json", "")
    write(tmp_path, "2.json", "{broken")
    write(tmp_path, "3.json", json.dumps({"text": "fine"}))
    empty, broken, fine = read_all(tmp_path)
    assert isinstance(empty, Problem) and empty.reason == messages.EMPTY_FILE
    assert isinstance(broken, Problem) and broken.origin == str(tmp_path / "2.json")
    assert isinstance(fine, Article) and fine.id == "3"


def test_symlink_loop_is_read_once(tmp_path: Path) -> None:
    write(tmp_path, "d/a.txt", "once")
    (tmp_path / "d" / "loop").symlink_to(tmp_path / "d", target_is_directory=True)
    assert [r.text for r in read_all(tmp_path) if isinstance(r, Article)] == ["once"]


def test_arguments_are_read_in_the_order_given(tmp_path: Path) -> None:
    second = write(tmp_path, "a.txt", "second")
    first = write(tmp_path, "b.txt", "first")
    results = read_all(first, tmp_path / "missing.txt", second)
    assert [type(r).__name__ for r in results] == ["Article", "Problem", "Article"]


def test_read_stream_reads_json_lines() -> None:
    stream = io.BytesIO(b'{"text": "one"}\nnot json\n{"text": "three", "id": "t"}\n')
    one, bad, three = read_stream(stream, Settings())
    assert isinstance(one, Article) and (one.id, one.origin) == ("stdin-1", "<stdin>#L1")
    assert isinstance(bad, Problem) and bad.origin == "<stdin>#L2"
    assert isinstance(three, Article) and three.id == "t"


def test_read_stream_skips_an_overlong_line_without_holding_it() -> None:
    stream = io.BytesIO(b'{"text": "' + b"x" * 1000 + b'"}\n{"text": "after"}\n')
    long_line, after = read_stream(stream, Settings(max_file_bytes=100))
    assert isinstance(long_line, Problem)
    assert long_line.reason == messages.LINE_TOO_LONG.format(limit=100)
    assert isinstance(after, Article) and after.text == "after" and after.origin == "<stdin>#L2"


def test_empty_stream() -> None:
    assert list(read_stream(io.BytesIO(b""), Settings())) == [Problem("<stdin>", messages.EMPTY_INPUT)]


def test_dash_reads_standard_input() -> None:
    script = (
        "from armstrail.read import read_paths\n"
        "for r in read_paths(['-']): print(type(r).__name__, r.origin)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        input=b'{"text": "x"}\n[1]\n',
        capture_output=True,
        check=True,
        timeout=60,
    )
    assert done.stdout.decode().splitlines() == ["Article <stdin>#L1", "Problem <stdin>#L2"]


def test_registry_knows_the_built_in_formats() -> None:
    assert {f.name: f.suffixes for f in formats()}.items() >= {
        "json": (".json",),
        "jsonl": (".jsonl", ".ndjson"),
        "text": (".txt",),
    }.items()
    json_format = format_for("x/y.JSON")
    assert json_format is not None and json_format.name == "json"
    assert format_for("y.ndjson") is not None
    assert format_for("y.docx") is None
    assert format_for("no-suffix") is None
