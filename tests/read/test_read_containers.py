"""Compressed files and zip archives: read as what they hold, bounded against bombs, and named
per member when something inside is wrong."""

from __future__ import annotations

import gzip
import io
import json
import zipfile
from dataclasses import replace
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from read_helpers import read_all, write

from armstrail.errors import InputError
from armstrail.model import Article, Problem
from armstrail.read.containers import read_gzip, read_zip
from armstrail.settings import Settings

TEXT = "Iran has supplied drones to Russia, the Pentagon said on Monday."


def record(article_id: str) -> bytes:
    return json.dumps({"id": article_id, "text": TEXT}).encode()


def zipped(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_gzip_is_read_as_the_file_inside(tmp_path: Path) -> None:
    write(tmp_path, "one.json.gz", gzip.compress(json.dumps({"text": TEXT}).encode()))
    lines = record("a1") + b"\n" + record("a2") + b"\n"
    write(tmp_path, "many.jsonl.gz", gzip.compress(lines))
    write(tmp_path, "story.txt.gz", gzip.compress(b"Title: Drones\n\n" + TEXT.encode()))
    results = read_all(tmp_path)
    assert [r.id for r in results if isinstance(r, Article)] == ["a1", "a2", "one", "story"]
    assert all(isinstance(r, Article) and r.text == TEXT for r in results)


def test_zip_members_are_read_by_their_suffix(tmp_path: Path) -> None:
    members = {
        "a/first.json": record("z1"),
        "b.txt": TEXT.encode(),
        "notes.bin": b"\x00\x01",  # no format reads it: skipped, as in a directory
        ".hidden.json": record("hidden"),
        "__MACOSX/x.json": record("mac"),
        "inner.json.gz": gzip.compress(record("z2")),
        "nested.zip": zipped({"deep.json": record("z3")}),
    }
    write(tmp_path, "batch.zip", zipped(members))
    results = read_all(tmp_path / "batch.zip")
    assert [(r.id, r.origin) for r in results if isinstance(r, Article)] == [
        ("z1", f"{tmp_path}/batch.zip!a/first.json"),
        ("b", f"{tmp_path}/batch.zip!b.txt"),
        ("z2", f"{tmp_path}/batch.zip!inner.json.gz!inner.json"),
        ("z3", f"{tmp_path}/batch.zip!nested.zip!deep.json"),
    ]


def test_a_bad_member_is_named_and_the_others_are_read(tmp_path: Path) -> None:
    write(tmp_path, "mixed.zip", zipped({"good.json": record("ok"), "bad.json": b"{not json"}))
    results = read_all(tmp_path / "mixed.zip")
    assert [r.id for r in results if isinstance(r, Article)] == ["ok"]
    (problem,) = [r for r in results if isinstance(r, Problem)]
    assert problem.origin.endswith("mixed.zip!bad.json") and "invalid JSON" in problem.reason


def test_a_gzip_bomb_stops_at_the_limit(tmp_path: Path) -> None:
    small = replace(Settings(), max_file_bytes=1_000_000, max_unpacked_bytes=2_000_000)
    write(tmp_path, "bomb.json.gz", gzip.compress(b" " * 50_000_000))
    write(tmp_path, "bomb.warcish.gz", gzip.compress(b"x" * 10))
    (problem, unknown) = read_all(tmp_path / "bomb.json.gz", tmp_path / "bomb.warcish.gz", settings=small)
    assert isinstance(problem, Problem) and "compression bomb" in problem.reason
    assert isinstance(unknown, Problem) and "unknown file type .warcish" in unknown.reason


def test_a_zip_bomb_stops_at_the_limits(tmp_path: Path) -> None:
    small = replace(Settings(), max_file_bytes=1_000_000, max_unpacked_bytes=2_500_000)
    big = b" " * 900_000
    write(tmp_path, "wide.zip", zipped({f"m{n}.json": big for n in range(5)}))
    write(tmp_path, "tall.zip", zipped({"huge.json": b" " * 5_000_000}))
    results = read_all(tmp_path / "wide.zip", tmp_path / "tall.zip", settings=small)
    reasons = [r.reason for r in results if isinstance(r, Problem)]
    assert any("compression bomb" in reason for reason in reasons)
    assert any("over the 1000000-byte limit" in reason for reason in reasons)
    many = replace(Settings(), max_archive_members=3)
    write(tmp_path, "many.zip", zipped({f"m{n}.json": record(f"m{n}") for n in range(4)}))
    (problem,) = read_all(tmp_path / "many.zip", settings=many)
    assert isinstance(problem, Problem) and "4 members" in problem.reason


def test_archives_nested_too_deep_are_not_read(tmp_path: Path) -> None:
    data = zipped({"x.json": record("bottom")})
    for depth in range(5):
        data = zipped({f"level{depth}.zip": data})
    write(tmp_path, "droste.zip", data)
    results = read_all(tmp_path / "droste.zip")
    assert not any(isinstance(r, Article) for r in results)
    assert any(isinstance(r, Problem) and "nested" in r.reason for r in results)


def test_corrupt_containers_are_problems(tmp_path: Path) -> None:
    write(tmp_path, "cut.json.gz", gzip.compress(record("cut"))[:20])
    write(tmp_path, "fake.zip", b"PK\x03\x04 this is not an archive")
    cut, fake = read_all(tmp_path / "cut.json.gz", tmp_path / "fake.zip")
    assert isinstance(cut, Problem) and "corrupt or truncated" in cut.reason
    assert isinstance(fake, Problem) and "not a readable zip archive" in fake.reason


@settings(max_examples=150, deadline=None)
@given(data=st.binary(max_size=400), cut=st.integers(0, 400))
def test_container_readers_raise_only_input_errors(data: bytes, cut: int) -> None:
    small = replace(Settings(), max_file_bytes=20_000, max_unpacked_bytes=40_000)
    candidates = [data, gzip.compress(data)[:cut], zipped({"a.json": data})[:cut] + data[:cut]]
    for blob in candidates:
        for reader, name in ((read_gzip, "x.json.gz"), (read_zip, "x.zip")):
            try:
                results = list(reader(io.BytesIO(blob), name, small))
            except InputError:
                continue
            assert all(isinstance(r, Article | Problem) for r in results)
