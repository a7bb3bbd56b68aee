"""Web pages: the article's text and metadata, outlets from the gazetteer, furniture dropped, and
pages that are broken, empty, mis-encoded, deeply nested or too long."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import pytest
from read_helpers import only_article, only_problem, read_all, write

from armstrail import messages
from armstrail.errors import InputError
from armstrail.read import format_for
from armstrail.read.html import MAX_TAGS, article_from_html, bound_markup, decode_page
from armstrail.settings import Settings

LEAD = "Iran has supplied hundreds of drones to Russia, the Pentagon said on Monday."
SECOND = "The shipments began in August and continued through the autumn, officials said."
THIRD = "Moscow denied receiving any Iranian weapons, calling the reports a fabrication."


def page(
    body: str,
    *,
    title: str = "Iran sends drones to Russia | Reuters",
    head: str = "",
) -> str:
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>{head}</head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/tech">Tech</a></li></ul></nav>
<main><article>{body}</article></main>
<footer><p>© 2024 Example Media. All rights reserved.</p><a href="/about">About</a></footer>
</body></html>"""


ARTICLE = f"<p>{LEAD}</p><p>{SECOND}</p><p>{THIRD}</p>"
META = """
<meta property="og:site_name" content="Reuters">
<meta name="author" content="Jane Roe">
<link rel="canonical" href="https://www.reuters.com/world/iran-drones-russia-2023-01-09/">
<meta property="article:published_time" content="2023-01-09T10:30:00Z">
"""


def test_metadata_of_a_news_page(tmp_path: Path) -> None:
    article = only_article(read_all(write(tmp_path, "iran-drones.html", page(ARTICLE, head=META))))
    assert article.id == "iran-drones"
    assert article.title == "Iran sends drones to Russia"  # without the site's name
    assert article.outlet == "Reuters"
    assert article.author == "Jane Roe"
    assert article.published == date(2023, 1, 9)
    assert article.url == "https://www.reuters.com/world/iran-drones-russia-2023-01-09/"
    assert article.origin.endswith("iran-drones.html")
    assert article.warnings == []


def test_text_is_paragraphs_separated_by_blank_lines(tmp_path: Path) -> None:
    article = only_article(read_all(write(tmp_path, "a.htm", page(ARTICLE, head=META))))
    # the headline opens the text, as the extractor expects of an article with a title
    assert article.text == "\n\n".join(["Iran sends drones to Russia", LEAD, SECOND, THIRD])


def test_headline_is_not_repeated_when_the_page_has_it(tmp_path: Path) -> None:
    body = f"<h1>Iran sends drones to Russia</h1>{ARTICLE}"
    article = only_article(read_all(write(tmp_path, "a.html", page(body, head=META))))
    assert article.text.count("Iran sends drones to Russia") == 1
    assert article.text.startswith("Iran sends drones to Russia\n\n" + LEAD)


def test_a_title_that_is_only_the_site_name_is_no_title(tmp_path: Path) -> None:
    article = only_article(read_all(write(tmp_path, "a.html", page(ARTICLE, title="Reuters", head=META))))
    assert article.title is None
    assert article.text.startswith(LEAD)


def test_site_name_alias_is_the_gazetteer_outlet(tmp_path: Path) -> None:
    head = '<meta property="og:site_name" content="ap news">'
    article = only_article(read_all(write(tmp_path, "a.html", page(ARTICLE, title="Drones", head=head))))
    assert article.outlet == "Associated Press"


@pytest.mark.parametrize(
    "url",
    ["https://apnews.com/article/x", "https://www.apnews.com/article/x", "https://video.apnews.com/x"],
)
def test_outlet_from_the_canonical_domain(tmp_path: Path, url: str) -> None:
    head = f'<link rel="canonical" href="{url}">'
    article = only_article(read_all(write(tmp_path, "a.html", page(ARTICLE, title="Drones", head=head))))
    assert article.outlet == "Associated Press"
    assert article.url == url


def test_unknown_site_name_is_kept_as_given(tmp_path: Path) -> None:
    head = (
        '<meta property="og:site_name" content="Harbour Town Gazette">'
        '<link rel="canonical" href="https://harbour-gazette.example/story">'
    )
    article = only_article(read_all(write(tmp_path, "a.html", page(ARTICLE, title="Drones", head=head))))
    assert article.outlet == "Harbour Town Gazette"


def test_boilerplate_lines_are_removed(tmp_path: Path) -> None:
    caption = "Iranian-made Shahed drones on display in Tehran."
    body = (
        f"<p>{LEAD}</p><p>{caption}</p><p>(AFP/Getty Images)</p><p>Share this article on Facebook</p>"
        f"<p>{SECOND}</p><p>Photo: Reuters</p><p>{caption}</p><p>Image credit: EPA</p>"
        f"<p>Follow us on Twitter and Telegram</p><p>{THIRD}</p>"
    )
    article = only_article(read_all(write(tmp_path, "a.html", page(body, title="Reuters", head=META))))
    assert article.text == "\n\n".join([LEAD, caption, SECOND, THIRD])


def test_page_without_an_article_is_a_problem(tmp_path: Path) -> None:
    markup = """<html><head><title>Home</title></head><body>
    <nav><a href="/">Home</a> <a href="/world">World</a></nav>
    <footer><a href="/about">About</a></footer></body></html>"""
    problem = only_problem(read_all(write(tmp_path, "nav.html", markup)))
    assert problem.reason == messages.HTML_NO_ARTICLE
    assert problem.origin.endswith("nav.html")


@pytest.mark.parametrize("content", [b"", b"  \n ", b"\x00\x01\x02binary\x00" * 50])
def test_empty_and_binary_pages_are_problems(tmp_path: Path, content: bytes) -> None:
    problem = only_problem(read_all(write(tmp_path, "a.html", content)))
    assert problem.reason in (messages.EMPTY_FILE, messages.BINARY_FILE)


def test_truncated_page_still_gives_its_text(tmp_path: Path) -> None:
    markup = page(ARTICLE, head=META)
    cut = markup[: markup.index(THIRD) + 20] + "</p><div class="
    article = only_article(read_all(write(tmp_path, "cut.html", cut)))
    assert LEAD in article.text and SECOND in article.text


def test_cp1252_page_without_a_declaration(tmp_path: Path) -> None:
    body = "<p>Kyiv’s café owners said the drones – dozens of them – came at night over the city.</p>"
    markup = page(body, title="Drones").replace('<meta charset="utf-8">', "")
    article = only_article(read_all(write(tmp_path, "a.html", markup.encode("cp1252"))))
    assert "Kyiv’s café owners said the drones – dozens" in article.text
    assert article.warnings == [messages.HTML_NOT_UTF8.format(count=5)]


def test_utf8_with_some_cp1252_bytes(tmp_path: Path) -> None:
    data = page("<p>Officials in Kyiv said the drones \x00 came at night.</p>", title="Drones").encode()
    data = data.replace(b"\x00", "café ‘quoted’".encode("cp1252")).replace(b"Kyiv", "Kyïv".encode())
    article = only_article(read_all(write(tmp_path, "a.html", data)))
    assert "Officials in Kyïv said the drones café ‘quoted’ came at night." in article.text
    assert len(article.warnings) == 1 and "Windows-1252" in article.warnings[0]


def test_declared_charset_is_used_when_the_bytes_are_not_utf8() -> None:
    markup = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=koi8-r"></head>'
    data = (markup + "<body><p>Москва</p></body></html>").encode("koi8_r")
    decoded = decode_page(data, "a.html")
    assert "Москва" in decoded.text and decoded.warnings == []


def test_a_wrong_latin1_declaration_on_utf8_bytes_is_ignored() -> None:
    data = '<html><head><meta charset="iso-8859-1"></head><body><p>Kyïv – café</p></body></html>'
    decoded = decode_page(data.encode(), "a.html")
    assert "Kyïv – café" in decoded.text and decoded.warnings == []


def test_utf16_page_with_a_byte_order_mark(tmp_path: Path) -> None:
    data = "\ufeff" + page(ARTICLE, title="Drones")
    article = only_article(read_all(write(tmp_path, "a.html", data.encode("utf-16-le"))))
    assert LEAD in article.text


def test_deeply_nested_page_is_a_clear_problem(tmp_path: Path) -> None:
    depth = 100_000
    markup = "<html><body>" + "<div>" * depth + f"<p>{LEAD}</p>" + "</div>" * depth + "</body></html>"
    started = time.monotonic()
    problem = only_problem(read_all(write(tmp_path, "deep.html", markup)))
    assert "nested too deeply" in problem.reason
    assert time.monotonic() - started < 30


def test_text_before_deep_nesting_is_kept_with_a_warning(tmp_path: Path) -> None:
    markup = (
        f"<html><body><article><p>{LEAD}</p><p>{SECOND}</p><p>{THIRD}</p></article>"
        + "<div>" * 1000
        + "</body></html>"
    )
    article = only_article(read_all(write(tmp_path, "deep.html", markup)))
    assert LEAD in article.text
    assert any("nested too deeply" in w for w in article.warnings)


def test_text_over_the_size_limit_is_a_problem(tmp_path: Path) -> None:
    body = "".join(f"<p>{LEAD} Paragraph {n}.</p>" for n in range(60))
    problem = only_problem(read_all(write(tmp_path, "a.html", page(body)), settings=Settings(max_bytes=2000)))
    assert "over the 2000-byte limit" in problem.reason


def test_long_markup_is_cut_with_a_warning(tmp_path: Path) -> None:
    menu = '<li><a href="/world/page">World news and more</a></li>\n' * 400
    markup = f"<html><body><article><p>{LEAD}</p><p>{SECOND}</p></article><ul>{menu}</ul></body></html>"
    article = only_article(read_all(write(tmp_path, "a.html", markup), settings=Settings(max_bytes=4000)))
    assert article.text.startswith(LEAD)
    assert any("only its first" in w for w in article.warnings)


def test_bound_markup_drops_scripts_before_cutting() -> None:
    script = "<script>" + "x" * 500 + "</script>"
    markup = (
        f'<head><script type="application/ld+json">{{}}</script>{script}<!-- {"c" * 500} --></head><p>A</p>'
    )
    bounded, cut = bound_markup(markup, 200)
    assert not cut
    assert bounded == '<head><script type="application/ld+json">{}</script></head><p>A</p>'


def test_bound_markup_cuts_at_a_tag() -> None:
    assert bound_markup("<p>" + "a" * 50 + "<p>" + "b" * 50, 80) == ("<p>" + "a" * 50, True)
    assert bound_markup("<b>" * 10, 1000, tags=4) == ("<b>" * 4, True)
    assert bound_markup("<b>" * 4, 1000, tags=4) == ("<b>" * 4, False)
    assert MAX_TAGS >= 50_000  # a long news page has some 20,000 tags


def test_article_from_html_for_other_readers() -> None:
    markup = page(ARTICLE, title="Drones for Moscow")
    article = article_from_html(
        markup,
        "archive.warc#record2",
        Settings(),
        "drones-1234",
        url="https://www.bbc.co.uk/news/drones",
        published=date(2023, 1, 1),
    )
    assert (article.id, article.origin, article.url) == (
        "drones-1234",
        "archive.warc#record2",
        "https://www.bbc.co.uk/news/drones",
    )
    assert article.published == date(2023, 1, 1)  # the page states no date of its own
    assert article.outlet == "BBC"
    assert article.text.startswith("Drones for Moscow\n\n" + LEAD)


def test_article_from_html_raises_for_no_article() -> None:
    with pytest.raises(InputError) as raised:
        article_from_html("<html><body><nav><a href='/'>Home</a></nav></body></html>", "x", Settings(), "x")
    assert raised.value.reason == messages.HTML_NO_ARTICLE


def test_html_suffixes_are_registered() -> None:
    for name in ("a.html", "b.HTM", "c.htm"):
        found = format_for(name)
        assert found is not None and found.name == "html"
