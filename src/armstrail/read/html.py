"""Web pages to articles: trafilatura finds the article in the page (and its title, date, author,
site name and canonical URL); what it leaves of the page's furniture is dropped by
``clean.boilerplate``.

The page is decoded and parsed here, not by trafilatura, so that a bad page gets a clear reason:
the encoding is read from a byte-order mark, else the bytes are taken as UTF-8 when they are valid
UTF-8 (whatever the page declares: a page that says "iso-8859-1" and is UTF-8 is common, the reverse
is not), else as the declared charset, else as UTF-8 with each invalid byte read as Windows-1252.
lxml's HTML parser stops at 256 levels of nesting, which also keeps trafilatura's recursion safe.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import trafilatura
from lxml import etree
from lxml import html as lxml_html

from armstrail import messages
from armstrail.analyse.gazetteer import load_gazetteer
from armstrail.clean.boilerplate import strip_boilerplate
from armstrail.errors import InputError
from armstrail.model import Article, Problem
from armstrail.read.decode import BOM, SNIFF_BYTES, Decoded, check_size, looks_binary
from armstrail.read.feeds import outlet_for_url, outlet_named
from armstrail.read.records import parse_date
from armstrail.read.registry import register
from armstrail.settings import Settings

HTML_SUFFIXES = (".html", ".htm")
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
# Markup read at most, as a multiple of Settings.max_bytes: a page is longer than its text, and
# trafilatura's time grows faster than linearly with it (some 4 s for 4 MB of dense paragraphs, 36 s
# for 10 MB), so a 50 MB page must be cut before it is parsed.
MARKUP_FACTOR = 2
# Tags read at most: trafilatura takes some 30 to 80 µs a tag (more when they nest), so a page of
# endless menus or nested divisions is cut here and read in under 10 s; a long news page has some
# 20,000 tags.
MAX_TAGS = 100_000

_CHARSET = re.compile(rb"""<meta\b[^<>]{0,500}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.I)
_XML_ENCODING = re.compile(rb"""\s*<\?xml\b[^<>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9_.:-]{1,40})""", re.I)
_TITLE_SEPARATOR = re.compile(r"(\s+[|–—•·:~-]\s+)")
# Where a page keeps its navigation, and the controls whose short text is navigation anywhere.
_NAVIGATION = ("nav", "footer", "aside", "menu", "header")
_CONTROL_TAGS = ("a", "button", "label", "option")
_CONTROL_WORDS = 12
_NAVIGATION_LINE_WORDS = 60  # a longer line is prose, whatever its words
_WORD = re.compile(r"\w+(?:['’.-]\w+)*")
_ESCAPED = re.compile("[\udc80-\udcff]")
_SURROGATES = re.compile("[\ud800-\udfff]")
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_DROPPED_BLOCKS = re.compile(r"<!--|<(script|style)\b([^<>]{0,2000})>", re.I)
# Bytes that are not UTF-8 read as Windows-1252 (its five unused bytes as U+FFFD).
_CP1252 = {0xDC00 + b: bytes([b]).decode("cp1252", errors="replace") for b in range(0x80, 0x100)}
# What browsers do with these declarations (WHATWG Encoding): Latin-1 and ASCII mean Windows-1252,
# and a UTF-16 declaration without a byte-order mark is a mistake for UTF-8.
_AS_CP1252 = frozenset({"latin-1", "iso8859-1", "ascii", "cp1252"})


@register("html", HTML_SUFFIXES)
def read_html(data: bytes, origin: str, settings: Settings) -> Iterator[Article | Problem]:
    """One article per page; its id is the file name's stem."""
    yield article_from_html(data, origin, settings, Path(origin).stem)


def article_from_html(
    markup: bytes | str,
    origin: str,
    settings: Settings,
    default_id: str,
    url: str | None = None,
    published: date | None = None,
) -> Article:
    """The article of one web page. ``url`` is where the page was read from (it wins over the page's
    canonical URL); ``published`` is used when the page states no date of its own. Raises
    ``InputError`` when the page holds no article text or the text is over ``settings.max_bytes``.

    When the page has a headline the text opens with it, as the extractor expects of an article with
    a title (its first line is then read as the headline, not as the lead paragraph)."""
    decoded = decode_page(markup, origin) if isinstance(markup, bytes) else Decoded(markup)
    text, cut = bound_markup(_clean_characters(decoded.text), MARKUP_FACTOR * settings.max_bytes)
    warnings = list(decoded.warnings)
    if cut:
        warnings.append(messages.HTML_CUT.format(size=len(decoded.text), limit=len(text), tags=MAX_TAGS))
    tree, limit_error = _parse(text, origin)
    document = _extract(tree, origin, url)
    paragraphs = _paragraphs(document, tree)
    if not paragraphs:
        if limit_error is not None:
            raise InputError(origin, messages.HTML_TOO_DEEP.format(error=limit_error))
        raise InputError(origin, messages.HTML_NO_ARTICLE)
    if limit_error is not None:
        warnings.append(messages.HTML_PARSER_LIMIT.format(error=limit_error))
    canonical = _field(document, "url")
    site = _field(document, "sitename")
    outlet = _outlet(site, (canonical, url))
    title = _title(_field(document, "title"), tree, {site, outlet, _field(document, "hostname")})
    if title is not None and not _starts_with_headline(document, paragraphs, title):
        paragraphs.insert(0, title)
    body = "\n\n".join(paragraphs)
    check_size(body, origin, settings.max_bytes)
    page_date = _field(document, "date")
    return Article(
        id=default_id,
        text=body,
        url=url or canonical,
        outlet=outlet,
        published=(parse_date(page_date) if page_date else None) or published,
        title=title,
        origin=origin,
        warnings=warnings,
        author=_field(document, "author"),
    )


def decode_page(data: bytes, origin: str, declared: str | None = None) -> Decoded:
    """The text of a page's bytes (see the module's docstring for the order of the rules);
    ``declared`` is a charset named outside the page (an HTTP header), tried before the page's own.
    Raises ``InputError`` for an empty or binary page."""
    for mark, codec in (
        (BOM, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(mark):
            return _decode_as(data[len(mark) :], codec, origin)
    if not data.strip():
        raise InputError(origin, messages.EMPTY_FILE)
    if looks_binary(data):
        raise InputError(origin, messages.BINARY_FILE)
    try:
        return Decoded(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    for name in (declared, _declared_charset(data[:SNIFF_BYTES])):
        charset = _codec(name)
        if charset is not None and charset != "utf-8":
            return _decode_as(data, charset, origin)
    escaped = data.decode("utf-8", errors="surrogateescape")
    count = len(_ESCAPED.findall(escaped))
    return Decoded(escaped.translate(_CP1252), [messages.HTML_NOT_UTF8.format(count=count)])


def bound_markup(markup: str, limit: int, tags: int = MAX_TAGS) -> tuple[str, bool]:
    """``markup`` cut to at most ``limit`` characters and ``tags`` tags, and whether it was cut.
    Over a bound, scripts, styles and comments are dropped first (JSON-LD metadata is kept), so that
    only a page whose visible markup is too long loses text, and it loses its end: the article
    usually comes before the comments, the related stories and the footer."""
    if len(markup) <= limit and markup.count("<") <= tags:
        return markup, False
    markup = _drop_scripts(markup)
    if len(markup) <= limit and markup.count("<") <= tags:
        return markup, False
    cut = markup.rfind("<", limit // 2, limit) if len(markup) > limit else len(markup)
    cut = cut if cut > 0 else limit
    position = -1
    for _ in range(tags + 1):
        position = markup.find("<", position + 1, cut)
        if position == -1:
            break
    else:
        cut = position  # the tag after the last one allowed
    return markup[:cut], True


def _drop_scripts(markup: str) -> str:
    """``markup`` without comments, ``<style>`` and ``<script>`` elements (except JSON-LD), in one
    pass; an element left open runs to the end, as a browser reads it."""
    lower = markup.lower()
    parts: list[str] = []
    position = 0
    while True:
        found = _DROPPED_BLOCKS.search(lower, position)
        if found is None:
            parts.append(markup[position:])
            break
        if found.group(1) == "script" and "ld+json" in found.group(2):
            parts.append(markup[position : found.end()])
            position = found.end()
            continue
        parts.append(markup[position : found.start()])
        if found.group(1) is None:
            end = lower.find("-->", found.end())
            position = end + len("-->")
        else:
            end = lower.find(f"</{found.group(1)}", found.end())
            position = lower.find(">", end) + 1
        if end == -1 or position == 0:
            break
    return "".join(parts)


def _clean_characters(text: str) -> str:
    """Without what cannot be in an HTML tree: control characters (trafilatura drops them too) and
    unpaired surrogates (which cannot be encoded)."""
    return _SURROGATES.sub("\ufffd", _CONTROLS.sub("", text))


def _declared_charset(head: bytes) -> str | None:
    found = _XML_ENCODING.match(head) or _CHARSET.search(head)
    return found.group(1).decode("ascii") if found else None


def _codec(name: str | None) -> str | None:
    """The Python codec for a declared charset, or None when it is unknown or not to be trusted."""
    if not name:
        return None
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    if codec in _AS_CP1252:
        return "cp1252"
    if codec.startswith(("utf-16", "utf-32")):
        return "utf-8"
    return codec


def _decode_as(data: bytes, codec: str, origin: str) -> Decoded:
    try:
        text = data.decode(codec)
        warnings: list[str] = []
    except UnicodeDecodeError:
        text = data.decode(codec, errors="replace")
        count = text.count("\ufffd")
        warnings = [messages.HTML_BAD_CHARSET.format(count=count, charset=codec)]
    if not text.strip():
        raise InputError(origin, messages.EMPTY_FILE)
    return Decoded(text, warnings)


def _parse(markup: str, origin: str) -> tuple[lxml_html.HtmlElement, str | None]:
    """The page's tree, and the parser's reason when it stopped early (a resource limit such as
    nesting depth) so that a page cut short says so."""
    parser = lxml_html.HTMLParser(
        collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True, remove_pis=True
    )
    try:
        tree = lxml_html.document_fromstring(markup.encode("utf-8"), parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as error:
        raise InputError(origin, messages.HTML_UNPARSABLE.format(error=error)) from None
    limit = next((e.message for e in parser.error_log if e.type == etree.ErrorTypes.ERR_RESOURCE_LIMIT), None)
    return tree, limit.split(", use ")[0].strip() if limit else None


def _extract(tree: lxml_html.HtmlElement, origin: str, url: str | None) -> Any:
    """trafilatura's document (text and metadata), or None when it finds no article."""
    try:
        return trafilatura.bare_extraction(
            tree,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            date_extraction_params={
                "original_date": True,
                "extensive_search": False,  # the page's own date, not a date its text mentions
                "max_date": date.today().isoformat(),
            },
        )
    except RecursionError:
        raise InputError(origin, messages.HTML_TOO_DEEP.format(error=RecursionError.__name__)) from None
    except Exception as error:  # a bug of the extractor on one page must cost only that page
        raise InputError(
            origin, messages.HTML_EXTRACTION_FAILED.format(kind=type(error).__name__, error=error)
        ) from None


def _paragraphs(document: Any, tree: lxml_html.HtmlElement) -> list[str]:
    """The article's text as paragraphs: trafilatura puts each block (paragraph, heading, list item,
    table row) on a line of its own. Lines that are the page's navigation are left out: when a page
    has no article, trafilatura falls back on its menus."""
    text = _field(document, "text") or ""
    lines = [" ".join(line.split()) for line in text.split("\n")]
    phrases = _navigation(tree)
    longest = max((len(p) for p in phrases), default=0)
    return strip_boilerplate([line for line in lines if line and not _is_navigation(line, phrases, longest)])


def _navigation(tree: lxml_html.HtmlElement) -> set[tuple[str, ...]]:
    """The words of every piece of text in the page's navigation (menus, footers, asides, a header
    outside the article) and of every short link, button or label, as word tuples."""
    phrases: set[tuple[str, ...]] = set()
    for element in tree.iter(*_NAVIGATION):
        if element.tag == "header" and any(a.tag in ("article", "main") for a in element.iterancestors()):
            continue  # an article's own header holds its headline and byline
        phrases.update(words for piece in element.itertext() if (words := _words(piece)))
    for element in tree.iter(*_CONTROL_TAGS):
        words = _words(element.text_content())
        if words and len(words) <= _CONTROL_WORDS:
            phrases.add(words)
    return phrases


def _is_navigation(line: str, phrases: set[tuple[str, ...]], longest: int) -> bool:
    """True when ``line`` is no words at all, or only pieces of navigation one after another
    ("Home World Politics" from a menu of three links)."""
    words = _words(line)
    if not words:
        return True
    if len(words) > _NAVIGATION_LINE_WORDS or not phrases:
        return False
    reached = [True] + [False] * len(words)
    for start in range(len(words)):
        if reached[start]:
            for end in range(start + 1, min(len(words), start + longest) + 1):
                if words[start:end] in phrases:
                    reached[end] = True
    return reached[-1]


def _words(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(text.lower()))


def _field(document: Any, name: str) -> str | None:
    value = getattr(document, name, None) if document is not None else None
    return value.strip() or None if isinstance(value, str) else None


def _title(found: str | None, tree: lxml_html.HtmlElement, names: set[str | None]) -> str | None:
    """The headline: trafilatura's title without the site's name ("Tanks for Kyiv | Reuters"),
    or the page's ``<title>`` so cleaned when trafilatura's title is only the site's name (it
    takes the other half of "U.S. sends tanks | Reuters" when the headline has a dot). None when
    no headline is left."""
    gaz = load_gazetteer()
    known = {n.lower() for n in names if n}
    site_names = known | {outlet.lower() for n in known if (outlet := outlet_named(n, gaz))}

    def is_site(part: str) -> bool:
        part = part.strip().lower()
        if part in site_names:
            return True
        # an alias of the site's outlet ("AP News" on an Associated Press page), but not a headline
        # that merely ends with one ("Biden approves tanks: AP")
        named = outlet_named(part, gaz) if ": " not in part else None
        return named is not None and named.lower() in site_names

    for candidate in (found, tree.findtext(".//head/title")):
        if not candidate:
            continue
        parts = _TITLE_SEPARATOR.split(" ".join(candidate.split()))
        while parts and is_site(parts[-1]):
            parts = parts[:-2]
        while parts and is_site(parts[0]):
            parts = parts[2:]
        if parts:
            return "".join(parts).strip() or None
    return None


def _starts_with_headline(document: Any, paragraphs: list[str], title: str) -> bool:
    """Whether the text already opens with a headline: the title itself, or a heading."""
    if " ".join(paragraphs[0].split()).lower() == title.lower():
        return True
    body = getattr(document, "body", None)
    first = next(iter(body), None) if body is not None else None
    return first is not None and first.tag == "head"


def _outlet(site: str | None, urls: tuple[str | None, ...]) -> str | None:
    """The gazetteer's outlet that the site name names, else the outlet of a URL's domain, else the
    site name as the page gives it."""
    gaz = load_gazetteer()
    named = outlet_named(site, gaz)
    if named:
        return named
    for url in urls:
        found = outlet_for_url(url, gaz)
        if found:
            return found
    return site
