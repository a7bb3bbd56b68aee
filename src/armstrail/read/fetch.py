"""Articles from URLs: HTML pages, RSS/Atom feeds and JSON records, fetched over http(s).

Every URL is its own unit: any failure (refused address, HTTP error, timeout, oversized body,
unreadable content) is a Problem for that URL and the batch goes on.

Security. A URL names a server, and a server can name another one (a redirect), so each hop is
checked before anything is sent to it:

* only http and https;
* the host is resolved once (``socket.getaddrinfo``) and EVERY address it resolves to must be public
  (not loopback, private, link-local, multicast, reserved, unspecified or otherwise non-global; an
  IPv4 address embedded in IPv6, mapped or 6to4, is checked too), unless ``Settings.allow_private``;
* the connection then goes to one of exactly the addresses checked (the request is pinned to the
  address, with the original Host header and TLS server name), so a DNS answer that changes between
  check and connection ("DNS rebinding") cannot reach a private address;
* redirects are followed by hand, at most ``Settings.max_redirects`` of them, each hop checked again;
* the body is streamed and never kept beyond ``Settings.max_fetch_bytes`` + 1 bytes, compressed or
  not (gzip is inflated here with a bound, so a compression bomb costs nothing); a Content-Length
  over the limit is refused before reading; the whole fetch has a deadline of
  ``Settings.fetch_timeout``, so a server that drips bytes cannot hold the batch;
* proxies and credentials from the environment are ignored (``trust_env=False``), so the address
  checked is the address connected to.

httpx is imported when a URL is fetched, not when armstrail starts.
"""

from __future__ import annotations

import codecs
import ipaddress
import socket
import ssl
import time
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import TYPE_CHECKING

from armstrail import messages
from armstrail.analyse.gazetteer import load_gazetteer
from armstrail.errors import InputError
from armstrail.model import Article, Problem
from armstrail.read.decode import decode
from armstrail.read.feeds import outlet_for_url, read_feed, stable_id
from armstrail.read.records import parse_json, record_or_problem
from armstrail.read.registry import guarded
from armstrail.settings import Settings

if TYPE_CHECKING:
    import httpx

URL_PREFIXES = ("http://", "https://")
SCHEMES = frozenset({"http", "https"})
DEFAULT_PORTS = {"http": 80, "https": 443}
REDIRECTS = frozenset({301, 302, 303, 307, 308})
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/x-rss+xml",
        "application/x-atom+xml",
        "text/xml",
        "application/xml",
    }
)
JSON_TYPES = frozenset({"application/json"})
ACCEPT = (
    "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
    "application/xml;q=0.9,text/xml;q=0.9,application/json;q=0.8"
)
COMPRESSED = frozenset({"gzip", "x-gzip", "deflate"})
_ZLIB_AUTO = 32 + zlib.MAX_WBITS  # gzip or zlib header, whichever the stream has


@dataclass(frozen=True)
class Fetched:
    """A successful response: the URL it finally came from, its media type and charset, its body."""

    url: str
    content_type: str
    charset: str | None
    body: bytes


def fetch_articles(urls: Iterable[str], settings: Settings) -> Iterator[Article | Problem]:
    """The articles of each URL (one for a page or a record, one per item for a feed or a list), or a
    Problem whose origin is the URL."""
    for url in urls:
        yield from guarded("url", url, partial(_articles_of, url, settings))


def fetch(url: str, settings: Settings) -> Fetched:
    """GET ``url``, following redirects by hand and checking every hop; ``InputError`` on failure."""
    import httpx

    deadline = time.monotonic() + settings.fetch_timeout
    current = _parse_url(url, url)
    headers = {"User-Agent": settings.user_agent, "Accept": ACCEPT, "Accept-Encoding": "gzip, deflate"}
    with httpx.Client(
        verify=_tls_context(), trust_env=False, follow_redirects=False, headers=headers
    ) as client:
        for hop in range(settings.max_redirects + 1):
            addresses = check_hop(current, settings, origin=url)
            response = _send(client, current, addresses, url, settings, deadline)
            try:
                if response.status_code in REDIRECTS:
                    location = response.headers.get("location")
                    if not location:
                        raise InputError(
                            url, messages.FETCH_NO_LOCATION.format(url=current, status=response.status_code)
                        )
                    if hop == settings.max_redirects:
                        break
                    current = _parse_url(location, url, base=current)
                    continue
                if not 200 <= response.status_code < 300:
                    raise InputError(
                        url,
                        messages.FETCH_STATUS.format(
                            url=current, status=response.status_code, phrase=response.reason_phrase
                        ),
                    )
                media_type, charset = _content_type(response.headers.get("content-type", ""))
                body = read_body(response, url, settings, deadline)
                return Fetched(str(current), media_type, charset, body)
            except httpx.TimeoutException:
                raise InputError(url, _timeout(url, settings)) from None
            except httpx.HTTPError as error:
                raise InputError(url, messages.FETCH_FAILED.format(url=url, error=_describe(error))) from None
            finally:
                response.close()
    raise InputError(url, messages.FETCH_TOO_MANY_REDIRECTS.format(url=url, limit=settings.max_redirects))


def check_hop(url: str | httpx.URL, settings: Settings, origin: str | None = None) -> list[str]:
    """The addresses that ``url``'s host resolves to, all of them allowed; ``InputError`` (with
    ``origin``, the URL the user named, as its source) for another scheme, a host that does not
    resolve, or any address that is not public while ``settings.allow_private`` is off."""
    import httpx

    origin = origin if origin is not None else str(url)
    parsed = url if isinstance(url, httpx.URL) else _parse_url(url, origin)
    shown = str(parsed)
    if parsed.scheme not in SCHEMES:
        raise InputError(origin, messages.FETCH_SCHEME.format(url=shown))
    host = parsed.raw_host.decode("ascii", "replace")
    port = parsed.port or DEFAULT_PORTS[parsed.scheme]
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise InputError(origin, messages.FETCH_DNS.format(url=shown, host=host, error=error)) from None
    addresses = list(dict.fromkeys(str(info[4][0]).split("%", 1)[0] for info in infos))
    if not addresses:
        raise InputError(origin, messages.FETCH_DNS.format(url=shown, host=host, error="no address"))
    if not settings.allow_private:
        for address in addresses:
            kind = address_refusal(address)
            if kind is not None:
                template = messages.FETCH_ADDRESS_REFUSED if host != address else messages.FETCH_IP_REFUSED
                raise InputError(origin, template.format(url=shown, host=host, address=address, kind=kind))
    return addresses


def address_refusal(address: str) -> str | None:
    """Why ``address`` may not be fetched (the kind of address, for the message), or None when it is
    a public one. An IPv4 address inside an IPv6 one is judged as itself: alone when mapped, and
    as well as the IPv6 address in a 6to4 one."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return messages.ADDRESS_NOT_GLOBAL
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:  # a connection to it goes to the IPv4 address itself
            return _kind(ip.ipv4_mapped)
        if ip.sixtofour is not None:
            return _kind(ip.sixtofour) or _kind(ip)
    return _kind(ip)


def _kind(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    if ip.is_unspecified:
        return messages.ADDRESS_UNSPECIFIED
    if ip.is_loopback:
        return messages.ADDRESS_LOOPBACK
    if ip.is_link_local:
        return messages.ADDRESS_LINK_LOCAL
    if ip.is_multicast:
        return messages.ADDRESS_MULTICAST
    if ip.is_reserved:
        return messages.ADDRESS_RESERVED
    if ip.is_private:
        return messages.ADDRESS_PRIVATE
    if not ip.is_global:
        return messages.ADDRESS_NOT_GLOBAL
    return None


def pinned_request(client: httpx.Client, url: httpx.URL, address: str, timeout: float) -> httpx.Request:
    """A GET of ``url`` sent to ``address`` (one the check allowed), with the Host header and the TLS
    server name of ``url``'s host, so that no second DNS lookup can change where it goes."""
    extensions = {"sni_hostname": url.raw_host.decode("ascii")} if url.scheme == "https" else {}
    return client.build_request(
        "GET",
        url.copy_with(host=address),
        headers={"Host": url.netloc.decode("ascii")},
        timeout=timeout,
        extensions=extensions,
    )


def read_body(response: httpx.Response, url: str, settings: Settings, deadline: float) -> bytes:
    """The response body, inflated, never more than ``max_fetch_bytes`` + 1 bytes of it kept."""
    limit = settings.max_fetch_bytes
    declared = response.headers.get("content-length", "").strip()
    if declared.isdigit() and int(declared) > limit:
        raise InputError(url, messages.FETCH_TOO_LARGE.format(url=url, size=int(declared), limit=limit))
    encoding = response.headers.get("content-encoding", "").strip().lower()
    if encoding not in COMPRESSED and encoding not in ("", "identity"):
        raise InputError(
            url, messages.FETCH_CONTENT_ENCODING.format(url=url, encoding=messages.quote(encoding))
        )
    inflater = zlib.decompressobj(_ZLIB_AUTO) if encoding in COMPRESSED else None
    chunks: list[bytes] = []
    raw_size = size = 0
    for raw in response.iter_raw():
        if time.monotonic() > deadline:
            raise InputError(url, _timeout(url, settings))
        raw_size += len(raw)
        piece = raw if inflater is None else _inflate(inflater, raw, limit + 1 - size, url)
        size += len(piece)
        if raw_size > limit or size > limit:
            raise InputError(url, messages.FETCH_TOO_LARGE_STREAMED.format(url=url, limit=limit))
        chunks.append(piece)
    return b"".join(chunks)


def _inflate(inflater: zlib._Decompress, data: bytes, room: int, url: str) -> bytes:
    """Inflate ``data`` into at most ``room`` bytes (room >= 1); more output than that is cut, and the
    caller sees the body is over the limit."""
    if inflater.eof:
        return b""  # trailing bytes after the compressed stream are ignored
    try:
        return inflater.decompress(data, room)
    except zlib.error as error:
        raise InputError(url, messages.FETCH_BAD_ENCODING.format(url=url, error=error)) from None


def _articles_of(url: str, settings: Settings) -> Iterator[Article | Problem]:
    fetched = fetch(url, settings)
    if fetched.content_type in HTML_TYPES:
        yield _html_article(fetched, url, settings)
    elif fetched.content_type in FEED_TYPES:
        yield from read_feed(fetched.body, url, settings)
    elif fetched.content_type in JSON_TYPES:
        yield from _json_records(fetched, url, settings)
    else:
        shown = (
            messages.quote(fetched.content_type) if fetched.content_type else messages.FETCH_NO_CONTENT_TYPE
        )
        raise InputError(url, messages.FETCH_CONTENT_TYPE.format(url=url, content_type=shown))


def _html_article(fetched: Fetched, url: str, settings: Settings) -> Article:
    from armstrail.read.html import article_from_html

    markup: bytes | str = fetched.body
    if fetched.charset is not None:
        markup = fetched.body.decode(fetched.charset, errors="replace")
    article = article_from_html(
        markup, origin=url, settings=settings, default_id=stable_id(fetched.url, fetched.url), url=fetched.url
    )
    if article.outlet is None:
        article.outlet = outlet_for_url(fetched.url, load_gazetteer())
    return article


def _json_records(fetched: Fetched, url: str, settings: Settings) -> Iterator[Article | Problem]:
    """Records as a .json file holds them (one, or a list); ids default to the URL's slug and hash."""
    decoded = decode(fetched.body, url)
    value = parse_json(decoded.text, url)
    base = stable_id(fetched.url, fetched.url)
    if not isinstance(value, list):
        yield record_or_problem(value, url, base, decoded.warnings, settings)
        return
    if not value:
        raise InputError(url, messages.EMPTY_LIST)
    for n, item in enumerate(value, 1):
        yield record_or_problem(item, f"{url}#item{n}", f"{base}-{n}", decoded.warnings, settings)


def _send(
    client: httpx.Client,
    url: httpx.URL,
    addresses: list[str],
    origin: str,
    settings: Settings,
    deadline: float,
) -> httpx.Response:
    """Send the request to the first of ``addresses`` that accepts a connection."""
    import httpx

    failure: Exception | None = None
    for address in addresses:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            break
        try:
            return client.send(pinned_request(client, url, address, remaining), stream=True)
        except httpx.TimeoutException:
            raise InputError(origin, _timeout(origin, settings)) from None
        except httpx.ConnectError as error:  # nothing was sent: try the host's next address
            failure = error
        except httpx.HTTPError as error:
            raise InputError(
                origin, messages.FETCH_FAILED.format(url=origin, error=_describe(error))
            ) from None
    if failure is None:
        raise InputError(origin, _timeout(origin, settings))
    if _is_tls(failure):
        raise InputError(origin, messages.FETCH_TLS.format(url=origin, error=_describe(failure)))
    raise InputError(origin, messages.FETCH_FAILED.format(url=origin, error=_describe(failure)))


def _parse_url(raw: str, origin: str, base: httpx.URL | None = None) -> httpx.URL:
    import httpx

    try:
        url = base.join(raw) if base is not None else httpx.URL(raw)
    except (httpx.InvalidURL, ValueError, TypeError) as error:
        raise InputError(origin, messages.FETCH_BAD_URL.format(url=raw, error=error)) from None
    if url.scheme not in SCHEMES:
        raise InputError(origin, messages.FETCH_SCHEME.format(url=raw))
    if not url.raw_host:
        raise InputError(origin, messages.FETCH_BAD_URL.format(url=raw, error=messages.FETCH_NO_HOST))
    return url


def _content_type(header: str) -> tuple[str, str | None]:
    """The media type (lower case) and a charset Python knows, from a Content-Type header."""
    media_type, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            candidate = value.strip().strip("\"'")
            try:
                charset = codecs.lookup(candidate).name
            except LookupError:
                charset = None
    return media_type.strip().lower(), charset


@lru_cache(maxsize=1)
def _tls_context() -> ssl.SSLContext:
    """Certificates verified against certifi's roots; built once, since loading them takes a while."""
    import httpx

    return httpx.create_ssl_context(trust_env=False)


def _timeout(url: str, settings: Settings) -> str:
    return messages.FETCH_TIMEOUT.format(url=url, seconds=settings.fetch_timeout)


def _is_tls(error: BaseException) -> bool:
    """True when an ``ssl.SSLError`` is somewhere in the chain of causes (httpx wraps it)."""
    seen: BaseException | None = error
    for _ in range(10):
        if seen is None:
            return False
        if isinstance(seen, ssl.SSLError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _describe(error: BaseException) -> str:
    return str(error) or type(error).__name__
