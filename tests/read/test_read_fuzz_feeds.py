"""Fuzzing the feed reader itself (not the registry's total wrapper): whatever the bytes, it yields
Articles and Problems or raises ``InputError``, never anything else."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from test_read_feeds import ATOM, RSS

from armstrail.errors import InputError
from armstrail.model import Article, Problem
from armstrail.read.feeds import read_feed
from armstrail.settings import Settings

SMALL = Settings(max_bytes=4000)
VALID = [RSS.encode("utf-8"), ATOM.encode("utf-8")]
XML_BITS = [
    b"<",
    b">",
    b"</item>",
    b"<item>",
    b"&amp;",
    b"&",
    b"<![CDATA[",
    b"]]>",
    b"<!DOCTYPE x>",
    b'"',
    b"\0",
]


def _run(data: bytes) -> None:
    try:
        results = list(read_feed(data, "fuzz.rss", SMALL))
    except InputError as error:
        assert error.reason
        return
    for result in results:
        assert isinstance(result, Article | Problem)
        if isinstance(result, Article):
            assert result.text.strip() and result.origin.startswith("fuzz.rss#item")


@st.composite
def mutated_feeds(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(VALID)))
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["delete", "insert", "flip", "truncate", "repeat"]))
        if action == "delete":
            del data[at : at + draw(st.integers(1, 40))]
        elif action == "insert":
            data[at:at] = draw(st.sampled_from(XML_BITS) | st.binary(min_size=1, max_size=8))
        elif action == "flip" and at < len(data):
            data[at] = draw(st.integers(0, 255))
        elif action == "truncate":
            del data[at:]
        elif action == "repeat":
            data[at:at] = data[at : at + draw(st.integers(1, 200))]
    return bytes(data)


@settings(max_examples=100, deadline=None)
@given(data=st.binary(max_size=2000))
def test_arbitrary_bytes(data: bytes) -> None:
    _run(data)


@settings(max_examples=100, deadline=None)
@given(data=mutated_feeds())
def test_mutated_valid_feeds(data: bytes) -> None:
    _run(data)
