"""RSS and Atom feeds: one article per item, with the item's full content when the feed carries it,
else its summary (flagged ``summary_only``, since claims read from a teaser are partial).

Security. Feeds come from anywhere, so parsing must neither read local files nor reach the network:

* the bytes go to feedparser as a stream, never as a string (a string is taken as a file name or a
  URL and opened);
* a feed that declares XML entities (``<!ENTITY``, anywhere in the document, in any case, checked on
  the bytes both as read and as feedparser re-encodes them to UTF-8) is refused outright. External
  entities could read local files and nested ones expand exponentially ("billion laughs"); real news
  feeds never declare entities, so refusing costs nothing and does not depend on parser internals;
* what remains is defence in depth: feedparser's SAX parser runs with external general entities off
  (so an external DTD is never loaded), and its lenient fallback only substitutes literal entities.
"""

from __future__ import annotations

import hashlib
import io
import re
import xml.sax
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

import feedparser
from feedparser.encodings import convert_to_utf8

from armstrail import messages
from armstrail.analyse.gazetteer import Gazetteer, load_gazetteer
from armstrail.errors import InputError
from armstrail.model import Article, Problem
from armstrail.read.decode import check_size
from armstrail.read.markup import fragment_text
from armstrail.read.registry import register
from armstrail.settings import Settings

FEED_SUFFIXES = (".rss", ".atom", ".xml")
SLUG_LENGTH = 48
HASH_LENGTH = 8
_ENTITY_DECLARATION = re.compile(rb"<!\s*ENTITY", re.IGNORECASE)
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_TITLE_SEPARATORS = re.compile(r"\s+[-–—|·:]\s+|:\s+")
_PAGE_SUFFIX = re.compile(r"\.(s?html?|php|aspx?|jsp|xml|json)$", re.IGNORECASE)


@dataclass
class _Feed:
    """What every item of one feed shares."""

    title: str | None
    link: str | None
    warnings: list[str] = field(default_factory=list)


@register("feed", FEED_SUFFIXES)
def read_feed(data: bytes, origin: str, settings: Settings) -> Iterator[Article | Problem]:
    """One article per item (origins ``<origin>#item<n>``); an item without text is a Problem of its
    own, and its neighbours go on."""
    parsed = parse_feed(data, origin)
    feed = _feed_info(parsed)
    gaz = load_gazetteer()
    for n, entry in enumerate(parsed.entries, 1):
        item_origin = f"{origin}#item{n}"
        try:
            yield entry_to_article(entry, item_origin, feed, gaz, settings)
        except InputError as error:
            yield Problem(error.source, error.reason)


def parse_feed(data: bytes, origin: str) -> Any:
    """feedparser's result for ``data``; ``InputError`` when it declares entities, is not a feed or
    has no items."""
    if not data.strip():
        raise InputError(origin, messages.EMPTY_FILE)
    if declares_entities(data):
        raise InputError(origin, messages.FEED_ENTITIES)
    try:
        parsed = feedparser.parse(io.BytesIO(data), resolve_relative_uris=False, sanitize_html=True)
    except Exception as error:  # feedparser's own failure on hostile bytes: the feed is unreadable
        raise InputError(origin, messages.FEED_BROKEN.format(error=describe_error(error))) from None
    if not parsed.entries:
        if parsed.bozo:
            raise InputError(
                origin, messages.FEED_BROKEN.format(error=describe_error(parsed.get("bozo_exception")))
            )
        if not parsed.version:
            raise InputError(origin, messages.FEED_NOT_A_FEED)
        raise InputError(origin, messages.FEED_NO_ITEMS)
    return parsed


def declares_entities(data: bytes) -> bool:
    """True when ``data`` declares an XML entity, in its own bytes or once re-encoded as UTF-8 the
    way feedparser will (which catches UTF-16 and other encodings)."""
    if _ENTITY_DECLARATION.search(data):
        return True
    try:
        converted = convert_to_utf8({}, data, feedparser.FeedParserDict())
    except Exception:  # then parsing fails the same way, and the feed is refused as broken
        return False
    return isinstance(converted, bytes) and _ENTITY_DECLARATION.search(converted) is not None


def describe_error(error: object) -> str:
    """An XML error as "line L, column C: message" (SAX prints "<unknown>:L:C: message")."""
    if isinstance(error, xml.sax.SAXParseException):
        return messages.XML_ERROR_AT.format(
            line=error.getLineNumber(), column=error.getColumnNumber(), message=error.getMessage()
        )
    return str(error) or type(error).__name__


def entry_to_article(entry: Any, origin: str, feed: _Feed, gaz: Gazetteer, settings: Settings) -> Article:
    """The article of one feed item; ``InputError`` when it has neither content nor a summary."""
    notes = list(feed.warnings)
    text = _content_text(entry)
    summary_only = False
    if not text:
        text = _detail_text(entry.get("summary_detail"), entry.get("summary"))
        summary_only = bool(text)
        if summary_only:
            notes.append(messages.FEED_SUMMARY_ONLY)
    if not text:
        raise InputError(origin, messages.FEED_ITEM_NO_TEXT)
    check_size(text, origin, settings.max_bytes)
    link = _string(entry.get("link"))
    title = _one_line(_detail_text(entry.get("title_detail"), entry.get("title")))
    key = _string(entry.get("id")) or link or f"{title}\n{text}"
    return Article(
        id=stable_id(key, link or _string(entry.get("id")) or title),
        text=text,
        url=link,
        outlet=feed_outlet(feed.title, link, feed.link, gaz),
        published=_published(entry),
        title=title,
        origin=origin,
        warnings=notes,
        author=_author(entry),
        summary_only=summary_only,
    )


def feed_outlet(
    feed_title: str | None, link: str | None, feed_link: str | None, gaz: Gazetteer
) -> str | None:
    """The outlet: the feed's title when it names a known outlet, else the known outlet of the item's
    or the feed's web domain, else the feed's title as it is."""
    named = outlet_named(feed_title, gaz)
    if named:
        return named
    for url in (link, feed_link):
        found = outlet_for_url(url, gaz)
        if found:
            return found
    return feed_title


def outlet_named(title: str | None, gaz: Gazetteer) -> str | None:
    """The known outlet that ``title`` names, whole or as one part of "Reuters: World News"."""
    if not title:
        return None
    names = gaz.outlet_aliases
    for candidate in [title, *_TITLE_SEPARATORS.split(title)]:
        found = names.get(candidate.strip().casefold())
        if found:
            return found
    return None


def outlet_for_url(url: str | None, gaz: Gazetteer) -> str | None:
    """The known outlet of ``url``'s host or of a parent domain ("www." and subdomains dropped)."""
    if not url:
        return None
    try:
        host = (urlsplit(url).hostname or "").rstrip(".")
    except ValueError:
        return None
    labels = host.removeprefix("www.").split(".")
    for start in range(len(labels) - 1):
        found = gaz.outlet_domains.get(".".join(labels[start:]))
        if found:
            return found
    return None


def stable_id(key: str, hint: str | None = None) -> str:
    """An id that is the same every time the same item or page is read: a readable slug (from
    ``hint``, a URL or a title) and a short hash of ``key``, so that two items never share one."""
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:HASH_LENGTH]
    slug = _slug(hint or key)
    return f"{slug}-{digest}" if slug else digest


def _slug(hint: str) -> str:
    if "://" in hint:
        try:
            path = urlsplit(hint).path
        except ValueError:
            path = ""
        segments = [s for s in path.split("/") if s]
        hint = _PAGE_SUFFIX.sub("", segments[-1]) if segments else _host(hint)
    slug = _NOT_SLUG.sub("-", hint.lower()).strip("-")
    if len(slug) > SLUG_LENGTH:
        slug = slug[:SLUG_LENGTH].rsplit("-", 1)[0] or slug[:SLUG_LENGTH]
    return slug


def _host(url: str) -> str:
    try:
        return urlsplit(url).hostname or ""
    except ValueError:
        return ""


@lru_cache(maxsize=2)
def _feed_info(parsed: Any) -> _Feed:
    meta = parsed.feed
    warnings = []
    if parsed.bozo:
        warnings.append(messages.FEED_LENIENT.format(error=describe_error(parsed.get("bozo_exception"))))
    title = _one_line(_detail_text(meta.get("title_detail"), meta.get("title")))
    return _Feed(title=title, link=_string(meta.get("link")), warnings=warnings)


def _content_text(entry: Any) -> str:
    """The item's full content (all content elements, in order, without repeats), as plain text."""
    parts: list[str] = []
    contents = entry.get("content")
    for content in contents if isinstance(contents, list) else []:
        if isinstance(content, dict):
            text = _detail_text(content, content.get("value"))
            if text and text not in parts:
                parts.append(text)
    return "\n\n".join(parts)


def _detail_text(detail: object, value: object) -> str:
    """Plain text of a feed text construct: HTML (the usual case) through ``fragment_text``."""
    if not isinstance(value, str):
        return ""
    kind = detail.get("type") if isinstance(detail, dict) else None
    if isinstance(kind, str) and kind == "text/plain":
        return value.strip()
    return fragment_text(value)


def _one_line(text: str) -> str | None:
    return " ".join(text.split()) or None


def _string(value: object) -> str | None:
    return (value.strip() or None) if isinstance(value, str) else None


def _author(entry: Any) -> str | None:
    detail = entry.get("author_detail")
    name = detail.get("name") if isinstance(detail, dict) else None
    return _one_line(name if isinstance(name, str) else _string(entry.get("author")) or "")


def _published(entry: Any) -> date | None:
    for key in ("published_parsed", "updated_parsed"):
        value = dict.get(entry, key)  # not entry.get: feedparser maps a missing key to another, noisily
        if value is None:
            continue
        try:
            return date(value.tm_year, value.tm_mon, value.tm_mday)
        except (AttributeError, TypeError, ValueError, OverflowError):
            continue
    return None
