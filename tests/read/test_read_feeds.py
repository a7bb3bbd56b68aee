"""RSS and Atom feeds: one article per item, full content or a flagged summary, outlets, and the
XML attacks a hostile feed can carry (external entities, entity expansion)."""

from __future__ import annotations

import io
import time
from datetime import date
from pathlib import Path

import feedparser
import pytest
from local_server import LocalServer
from read_helpers import only_problem, read_all, write

from armstrail import messages
from armstrail.errors import InputError
from armstrail.model import Article, Problem
from armstrail.read import format_for
from armstrail.read.feeds import outlet_for_url, read_feed, stable_id
from armstrail.settings import Settings

SECRET = "ARMSTRAIL-SECRET-MARKER-7f3a"

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Reuters: World News</title>
  <link>https://www.reuters.com/world/</link>
  <item>
    <title>UK sends &lt;b&gt;Storm Shadow&lt;/b&gt; missiles to Ukraine</title>
    <link>https://www.reuters.com/world/europe/uk-sends-storm-shadow-2023-05-11/</link>
    <guid isPermaLink="false">reuters-123</guid>
    <pubDate>Thu, 11 May 2023 14:30:00 GMT</pubDate>
    <dc:creator>Jane Doe</dc:creator>
    <description>Teaser only.</description>
    <content:encoded><![CDATA[<p>Britain has sent Storm Shadow cruise missiles to Ukraine,
      the defence secretary said.</p><script>document.write("EVIL-SCRIPT")</script>
      <p>Second paragraph.</p>]]></content:encoded>
  </item>
  <item>
    <title>Second item</title>
    <link>https://www.reuters.com/world/second/</link>
    <description>&lt;p&gt;Only the summary of the second item.&lt;/p&gt;</description>
  </item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>A blog about arms</title>
  <link href="https://blog.example.net/"/>
  <id>urn:feed:1</id>
  <updated>2024-02-02T10:00:00Z</updated>
  <entry>
    <title type="html">Germany &amp;amp; Leopard tanks</title>
    <link href="https://www.bbc.co.uk/news/world-europe-1234"/>
    <id>urn:entry:1</id>
    <updated>2024-02-01T09:00:00Z</updated>
    <author><name>John Smith</name></author>
    <summary>Short.</summary>
    <content type="html">&lt;p&gt;Germany will deliver Leopard 2 tanks.&lt;/p&gt;
      &lt;style&gt;p{}&lt;/style&gt;</content>
  </entry>
  <entry>
    <title>Plain text content</title>
    <link href="https://news.bbc.co.uk/2/hi/5678.stm"/>
    <id>urn:entry:2</id>
    <published>2024-01-31T09:00:00Z</published>
    <content type="text">Tanks &lt;are&gt; coming.</content>
  </entry>
</feed>
"""


def _articles(results: list[Article | Problem]) -> list[Article]:
    assert all(isinstance(r, Article) for r in results), results
    return [r for r in results if isinstance(r, Article)]


def test_feed_suffixes_are_registered() -> None:
    for name in ("a.rss", "a.atom", "a.xml", "A.RSS"):
        fmt = format_for(name)
        assert fmt is not None and fmt.name == "feed"


def test_rss_items_with_full_content(tmp_path: Path) -> None:
    path = write(tmp_path, "reuters.rss", RSS)
    first, second = _articles(read_all(path))
    assert first.text == (
        "Britain has sent Storm Shadow cruise missiles to Ukraine,\nthe defence secretary said."
        "\n\nSecond paragraph."
    )
    assert "EVIL-SCRIPT" not in first.text and "document.write" not in first.text
    assert first.title == "UK sends Storm Shadow missiles to Ukraine"
    assert first.url == "https://www.reuters.com/world/europe/uk-sends-storm-shadow-2023-05-11/"
    assert first.published == date(2023, 5, 11)
    assert first.author == "Jane Doe"
    assert first.outlet == "Reuters"  # "Reuters: World News" names a known outlet
    assert first.origin == f"{path}#item1"
    assert first.summary_only is False and first.warnings == []
    assert first.id.startswith("uk-sends-storm-shadow-2023-05-11-")
    assert second.origin == f"{path}#item2"
    assert second.id != first.id


def test_summary_only_items_are_flagged(tmp_path: Path) -> None:
    second = _articles(read_all(write(tmp_path, "reuters.rss", RSS)))[1]
    assert second.text == "Only the summary of the second item."
    assert second.summary_only is True
    assert second.warnings == [messages.FEED_SUMMARY_ONLY]


def test_atom_entries_with_content(tmp_path: Path) -> None:
    path = write(tmp_path, "blog.atom", ATOM)
    first, second = _articles(read_all(path))
    assert first.text == "Germany will deliver Leopard 2 tanks."
    assert first.title == "Germany & Leopard tanks"
    assert first.author == "John Smith"
    assert first.published == date(2024, 2, 1)  # from <updated> when there is no <published>
    assert first.summary_only is False
    assert second.text == "Tanks <are> coming."  # plain text content is kept as written
    assert second.published == date(2024, 1, 31)


def test_outlet_from_the_item_domain_when_the_title_names_none(tmp_path: Path) -> None:
    first, second = _articles(read_all(write(tmp_path, "blog.atom", ATOM)))
    assert first.outlet == "BBC"  # www.bbc.co.uk
    assert second.outlet == "BBC"  # news.bbc.co.uk: a parent domain is known


def test_outlet_falls_back_to_the_feed_link_then_the_feed_title(tmp_path: Path) -> None:
    from armstrail.analyse.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    assert outlet_for_url("https://WWW.Reuters.com./x", gaz) == "Reuters"
    assert outlet_for_url("https://unknown.example.net/x", gaz) is None
    assert outlet_for_url("not a url", gaz) is None
    feed = RSS.replace("Reuters: World News", "Some Newsletter").replace(
        "https://www.reuters.com/world/europe/uk-sends-storm-shadow-2023-05-11/", "https://example.net/a"
    )
    first = _articles(read_all(write(tmp_path, "a.rss", feed)))[0]
    assert first.outlet == "Reuters"  # from the feed's own link
    unknown = feed.replace("https://www.reuters.com/world/", "https://example.net/")
    first = _articles(read_all(write(tmp_path, "b.rss", unknown)))[0]
    assert first.outlet == "Some Newsletter"


def test_ids_are_stable_and_distinct(tmp_path: Path) -> None:
    path = write(tmp_path, "reuters.rss", RSS)
    ids = [a.id for a in _articles(read_all(path))]
    assert ids == [a.id for a in _articles(read_all(path))]
    assert len(set(ids)) == 2
    assert stable_id("https://x.example/a/b-c.html", "https://x.example/a/b-c.html").startswith("b-c-")
    assert stable_id("k", "") == stable_id("k")


def test_item_without_text_is_a_problem_and_the_others_are_kept(tmp_path: Path) -> None:
    feed = RSS.replace(
        "<item>\n    <title>Second item</title>",
        "<item><title>Empty</title><link>https://x.example/e</link></item>\n  <item>\n"
        "    <title>Second item</title>",
    )
    path = write(tmp_path, "a.rss", feed)
    results = read_all(path)
    assert [type(r).__name__ for r in results] == ["Article", "Problem", "Article"]
    assert results[1] == Problem(f"{path}#item2", messages.FEED_ITEM_NO_TEXT)
    assert isinstance(results[2], Article) and results[2].origin == f"{path}#item3"


def test_broken_xml_is_a_problem_that_names_the_error(tmp_path: Path) -> None:
    path = write(tmp_path, "broken.rss", '<?xml version="1.0"?>\n<rss><channel><title>T</titl>\n<<<')
    problem = only_problem(read_all(path))
    assert problem.origin == str(path)
    assert problem.reason.startswith("not a feed: the XML is broken (line 2, column")
    assert "mismatched tag" in problem.reason


def test_xml_that_is_not_a_feed_and_a_feed_without_items(tmp_path: Path) -> None:
    assert only_problem(read_all(write(tmp_path, "a.xml", "<catalog><book/></catalog>"))).reason == (
        messages.FEED_NOT_A_FEED
    )
    empty = '<rss version="2.0"><channel><title>T</title></channel></rss>'
    assert only_problem(read_all(write(tmp_path, "b.rss", empty))).reason == messages.FEED_NO_ITEMS
    assert only_problem(read_all(write(tmp_path, "c.rss", "  \n"))).reason == messages.EMPTY_FILE


def test_leniently_read_feed_carries_a_warning(tmp_path: Path) -> None:
    feed = RSS.replace("<title>Second item</title>", "<title>Second&nbsp;item</title>")  # not XML
    first, second = _articles(read_all(write(tmp_path, "a.rss", feed)))
    assert second.title == "Second item"
    assert len(first.warnings) == 1
    assert first.warnings[0].startswith("the feed is not well-formed XML")


def test_item_over_the_text_limit_is_a_problem(tmp_path: Path) -> None:
    big = RSS.replace("Second paragraph.", "x" * 5000)
    results = read_all(write(tmp_path, "a.rss", big), settings=Settings(max_bytes=1000))
    assert isinstance(results[0], Problem) and "over the 1000-byte limit" in results[0].reason
    assert isinstance(results[1], Article)


# --- hostile XML -----------------------------------------------------------------------------------


def _external_entity_feed(target: str) -> str:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE rss [
<!ENTITY secret SYSTEM "{target}">
]>
<rss version="2.0"><channel><title>T</title>
<item><title>Leak &secret;</title><description>before &secret; after</description></item>
</channel></rss>
"""


def test_external_entity_is_refused_and_never_resolved(tmp_path: Path) -> None:
    secret = write(tmp_path, "secret.txt", SECRET)
    path = write(tmp_path, "xxe.rss", _external_entity_feed(secret.as_uri()))
    problem = only_problem(read_all(path))
    assert problem.reason == messages.FEED_ENTITIES
    assert SECRET not in str(problem)


def test_feedparser_itself_never_resolves_external_entities(tmp_path: Path) -> None:
    """Defence in depth: even without armstrail's refusal, the parser underneath leaks nothing."""
    secret = write(tmp_path, "secret.txt", SECRET)
    for target in (secret.as_uri(), "file:///etc/hostname"):
        parsed = feedparser.parse(io.BytesIO(_external_entity_feed(target).encode()))
        assert SECRET not in repr(parsed)


def test_entity_declaration_hidden_by_another_encoding_is_refused(tmp_path: Path) -> None:
    secret = write(tmp_path, "secret.txt", SECRET)
    feed = _external_entity_feed(secret.as_uri()).replace('encoding="utf-8"', 'encoding="utf-16"')
    path = write(tmp_path, "xxe16.rss", feed.encode("utf-16"))
    assert only_problem(read_all(path)).reason == messages.FEED_ENTITIES
    lower = _external_entity_feed(secret.as_uri()).replace("<!ENTITY", "<!entity")
    assert only_problem(read_all(write(tmp_path, "lower.rss", lower))).reason == messages.FEED_ENTITIES


def test_external_dtd_is_never_loaded(tmp_path: Path) -> None:
    """No entity declared in the feed itself, but an external DTD that would declare one: neither
    the file nor the (local) server hosting a DTD is ever read."""
    dtd = write(tmp_path, "evil.dtd", f'<!ENTITY secret "{SECRET}">')
    with LocalServer() as server:
        remote = server.add("/evil.dtd", f'<!ENTITY secret "{SECRET}">', "application/xml-dtd")
        for target in (dtd.as_uri(), remote):
            feed = (
                '<?xml version="1.0"?>\n'
                f'<!DOCTYPE rss SYSTEM "{target}">\n'
                '<rss version="2.0"><channel><title>T</title><item><title>a</title>'
                "<description>before &secret; after</description></item></channel></rss>"
            )
            results = read_all(write(tmp_path, "dtd.rss", feed))
            assert SECRET not in repr(results)
        assert server.seen == []


def _billion_laughs(levels: int = 10) -> str:
    entities = ['<!ENTITY lol0 "lol">']
    entities += [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, levels)]
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE rss [\n'
        + "\n".join(entities)
        + f'\n]>\n<rss version="2.0"><channel><title>&lol{levels - 1};</title><item><title>a</title>'
        f"<description>&lol{levels - 1};</description></item></channel></rss>"
    )


def test_billion_laughs_is_refused_fast(tmp_path: Path) -> None:
    path = write(tmp_path, "lol.rss", _billion_laughs())
    started = time.monotonic()
    problem = only_problem(read_all(path))
    assert time.monotonic() - started < 2
    assert problem.reason == messages.FEED_ENTITIES


def test_feedparser_itself_does_not_expand_billion_laughs() -> None:
    """Defence in depth: the parser underneath stays bounded too (entities dropped or refused)."""
    started = time.monotonic()
    parsed = feedparser.parse(io.BytesIO(_billion_laughs().encode()))
    assert time.monotonic() - started < 2
    assert len(repr(parsed)) < 100_000


def test_raw_reader_raises_only_input_errors() -> None:
    with pytest.raises(InputError):
        list(read_feed(b"<rss", "x.rss", Settings()))
