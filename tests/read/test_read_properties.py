"""Property tests: whatever comes in, readers yield Articles and Problems and raise nothing."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from armstrail.model import Article, Problem
from armstrail.read import formats, read_paths
from armstrail.read.text import format_header, split_header
from armstrail.settings import Settings

SMALL = Settings(max_bytes=2000, max_file_bytes=4000)
EXAMPLES = 200

# Bytes that are often almost-valid input, and bytes that are anything.
_json_like = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(["id", "text", "title", "url", "outlet", "published", "x"]), inner, max_size=6
        )
    ),
    max_leaves=12,
)
any_bytes = st.one_of(
    st.binary(max_size=600),
    st.text(max_size=300).map(lambda s: s.encode("utf-8", "surrogatepass")),
    _json_like.map(lambda v: repr(v).replace("'", '"').replace("None", "null").encode()),
)
line_text = st.text(st.characters(blacklist_categories=["Cs", "Cc"]), min_size=1, max_size=40)


def _check(results: list[Article | Problem]) -> None:
    assert results, "every input gives at least one Article or Problem"
    for result in results:
        assert isinstance(result, Article | Problem)
        if isinstance(result, Problem):
            assert result.origin and result.reason
        else:
            assert result.text.strip()


@settings(max_examples=EXAMPLES, deadline=None)
@given(data=any_bytes)
def test_every_format_is_total_on_arbitrary_bytes(data: bytes) -> None:
    for fmt in formats():
        _check(list(fmt.read(data, f"input{fmt.suffixes[0]}", SMALL)))


@settings(max_examples=EXAMPLES, deadline=None)
@given(text=st.text(max_size=400))
def test_every_format_is_total_on_arbitrary_text(text: str) -> None:
    data = text.encode("utf-8", "surrogatepass")
    for fmt in formats():
        _check(list(fmt.read(data, f"input{fmt.suffixes[0]}", SMALL)))


@settings(max_examples=EXAMPLES, deadline=None)
@given(data=any_bytes, suffix=st.sampled_from([".json", ".jsonl", ".ndjson", ".txt", ".bin", ""]))
def test_read_paths_is_total_on_a_file(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / f"input{suffix}"
        path.write_bytes(data)
        _check(list(read_paths([path, directory], SMALL)))


@settings(max_examples=EXAMPLES, deadline=None)
@given(
    title=line_text,
    outlet=line_text,
    url=line_text,
    published=st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
    text=st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"), max_size=200),
)
def test_text_header_round_trips(title: str, outlet: str, url: str, published: date, text: str) -> None:
    fields = {
        "title": title.strip(),
        "outlet": outlet.strip(),
        "published": published.isoformat(),
        "url": url.strip(),
    }
    assume(all(fields.values()) and text.strip())
    content = format_header(fields) + text
    assert split_header(content) == (fields, text)
    for fmt in formats():
        if fmt.name != "text":
            continue
        results = list(fmt.read(content.encode(), "dir/story.txt", Settings()))
        if isinstance(results[0], Problem):  # e.g. a text of control characters reads as binary
            assert results[0].reason == "binary file, not text"
            continue
        (article,) = results
        assert isinstance(article, Article)
        assert (article.id, article.title, article.outlet, article.url, article.published) == (
            "story",
            fields["title"],
            fields["outlet"],
            fields["url"],
            published,
        )
        assert article.text == text.rstrip("\r\n")
