"""HTML fragments to plain text (feed item content, summaries): paragraphs kept as paragraphs,
scripts, styles and markup dropped, entities decoded. Whole pages go through trafilatura instead
(``read.html``), which also finds the article in the page."""

from __future__ import annotations

import html
import re

from lxml import etree
from lxml import html as lxml_html

BLOCKS = frozenset(
    {
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "tr",
        "section",
        "article",
        "header",
        "footer",
        "figure",
        "figcaption",
        "pre",
        "table",
        "hr",
        "dd",
        "dt",
    }
)
DROPPED = frozenset({"script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math"})
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
_BLANKS = re.compile(r"\n\s*\n+")


def fragment_text(markup: str) -> str:
    """The text of an HTML fragment, one paragraph per block element; "" for no text. Never raises
    on bad markup: what lxml cannot parse is read as text with its tags stripped."""
    if "<" not in markup:
        return _tidy(html.unescape(markup))
    try:
        root = lxml_html.fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, ValueError):
        return _tidy(html.unescape(re.sub(r"<[^>]*>", " ", markup)))
    parts: list[str] = []
    _walk(root, parts)
    return _tidy("".join(parts))


def _walk(element: etree._Element, parts: list[str]) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag.lower() in DROPPED:
        if element.tail:
            parts.append(element.tail)
        return
    block = tag.lower() in BLOCKS
    if block:
        parts.append("\n\n")
    if element.text and isinstance(element.tag, str):
        parts.append(element.text)
    for child in element:
        _walk(child, parts)
    if block:
        parts.append("\n\n")
    if element.tail:
        parts.append(element.tail)


def _tidy(text: str) -> str:
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip()
