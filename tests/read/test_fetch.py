"""Fetching URLs, against a real HTTP server on 127.0.0.1: pages, feeds and JSON to articles; every
failure (status, size, redirects, time, address) a Problem for its URL; private addresses refused
before any request unless allowed. The address checks are also tested on literal IPs (no traffic)."""

from __future__ import annotations

import dataclasses
import gzip
import json
import shutil
import ssl
import subprocess
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from local_server import LocalServer
from test_read_feeds import RSS

from armstrail import messages
from armstrail.errors import InputError
from armstrail.model import Article, Problem
from armstrail.read import read_paths
from armstrail.read.fetch import address_refusal, check_hop, fetch_articles
from armstrail.settings import Settings

LOCAL = dataclasses.replace(Settings(), allow_private=True, fetch_timeout=5.0)
PAGE = """<!DOCTYPE html><html><head><title>UK sends missiles</title></head><body>
<nav>Home | World | Business</nav>
<article><h1>UK sends missiles to Ukraine</h1>
<p>Britain has sent Storm Shadow cruise missiles to Ukraine, the defence secretary told parliament on
Thursday, confirming reports that the long-range weapons had been delivered.</p>
<p>The missiles have a range of more than 250 km, officials said, and were supplied after months of
requests from Kyiv for weapons able to strike deep behind the front line.</p>
<p>France later said it would also send its version of the missile, known as SCALP.</p>
</article><footer>Copyright</footer></body></html>"""


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with LocalServer() as running:
        yield running


def fetch_all(*urls: str, settings: Settings = LOCAL) -> list[Article | Problem]:
    return list(fetch_articles(urls, settings))


def one_problem(results: list[Article | Problem]) -> Problem:
    assert len(results) == 1 and isinstance(results[0], Problem), results
    return results[0]


# --- content --------------------------------------------------------------------------------------


def test_html_page_is_one_article(server: LocalServer) -> None:
    url = server.add("/world/uk-sends-missiles.html", PAGE)
    results = fetch_all(url)
    assert len(results) == 1 and isinstance(results[0], Article), results
    article = results[0]
    assert "Storm Shadow cruise missiles" in article.text
    assert article.origin == url and article.url == url
    assert article.id.startswith("uk-sends-missiles-")


def test_feed_url_gives_its_items(server: LocalServer) -> None:
    url = server.add("/feed", RSS, "application/rss+xml; charset=utf-8")
    first, second = fetch_all(url)
    assert isinstance(first, Article) and isinstance(second, Article)
    assert first.origin == f"{url}#item1" and second.origin == f"{url}#item2"
    assert first.outlet == "Reuters" and second.summary_only


def test_json_url_gives_its_records(server: LocalServer) -> None:
    one = server.add("/api/one", json.dumps({"text": "Body one", "title": "T"}), "application/json")
    many = server.add("/api/many", json.dumps([{"id": "a", "text": "A"}, {"text": ""}]), "application/json")
    [article] = fetch_all(one)
    assert isinstance(article, Article) and article.text == "Body one" and article.origin == one
    assert article.id.startswith("one-")
    first, second = fetch_all(many)
    assert isinstance(first, Article) and first.id == "a" and first.origin == f"{many}#item1"
    assert isinstance(second, Problem) and second.origin == f"{many}#item2"


def test_unsupported_content_type_is_a_problem(server: LocalServer) -> None:
    url = server.add("/x.png", b"\x89PNG....", "image/png")
    assert one_problem(fetch_all(url)).reason == messages.FETCH_CONTENT_TYPE.format(
        url=url, content_type="'image/png'"
    )
    bare = server.add("/bare", b"data", None)
    assert messages.FETCH_NO_CONTENT_TYPE in one_problem(fetch_all(bare)).reason


def test_gzip_body_is_inflated(server: LocalServer) -> None:
    body = gzip.compress(json.dumps({"text": "Zipped body"}).encode())
    url = server.add("/z", body, "application/json", headers={"Content-Encoding": "gzip"})
    [article] = fetch_all(url)
    assert isinstance(article, Article) and article.text == "Zipped body"


def test_gzip_bomb_is_stopped_at_the_limit(server: LocalServer) -> None:
    bomb = gzip.compress(b"\0" * (50 * 1024 * 1024))  # 50 MB inflated, ~50 kB sent
    url = server.add("/bomb", bomb, "application/json", headers={"Content-Encoding": "gzip"})
    settings = dataclasses.replace(LOCAL, max_fetch_bytes=100_000)
    problem = one_problem(fetch_all(url, settings=settings))
    assert problem.reason == messages.FETCH_TOO_LARGE_STREAMED.format(url=url, limit=100_000)


def test_unknown_content_encoding_is_a_problem(server: LocalServer) -> None:
    url = server.add("/br", b"....", "application/json", headers={"Content-Encoding": "br"})
    assert "unsupported content encoding 'br'" in one_problem(fetch_all(url)).reason


def test_request_headers_and_redirects(server: LocalServer) -> None:
    target = server.add("/final/story.json", json.dumps({"text": "Moved here"}), "application/json")
    server.add("/old", b"", None, status=301, headers={"Location": "/final/story.json"})
    [article] = fetch_all(server.url("/old"))
    assert isinstance(article, Article) and article.text == "Moved here"
    assert article.origin == server.url("/old")  # the URL the user named
    assert article.id.startswith("story-")  # from the final URL
    assert [seen.path for seen in server.seen] == ["/old", "/final/story.json"]
    assert server.seen[0].headers["user-agent"] == LOCAL.user_agent
    assert target.endswith(server.seen[1].path)


def test_host_name_is_kept_while_the_connection_is_pinned(server: LocalServer) -> None:
    server.add("/a", json.dumps({"text": "By name"}), "application/json")
    [article] = fetch_all(server.url("/a", host="localhost"))
    assert isinstance(article, Article) and article.text == "By name"
    assert server.seen[-1].headers["host"] == f"localhost:{server.port}"


# --- failures -------------------------------------------------------------------------------------


def test_http_error_is_a_problem_and_the_batch_goes_on(server: LocalServer) -> None:
    good = server.add("/good", json.dumps({"text": "Fine"}), "application/json")
    missing = server.url("/missing")
    results = fetch_all(missing, good)
    assert results[0] == Problem(
        missing, messages.FETCH_STATUS.format(url=missing, status=404, phrase="Not Found")
    )
    assert isinstance(results[1], Article)


def test_declared_length_over_the_cap_is_refused_unread(server: LocalServer) -> None:
    url = server.add("/big", b"x" * 5000, "application/json")
    settings = dataclasses.replace(LOCAL, max_fetch_bytes=1000)
    problem = one_problem(fetch_all(url, settings=settings))
    assert problem.reason == messages.FETCH_TOO_LARGE.format(url=url, size=5000, limit=1000)


def test_chunked_body_over_the_cap_is_stopped(server: LocalServer) -> None:
    def endless(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Transfer-Encoding", "chunked")
        handler.end_headers()
        chunk = b"x" * 4096
        for _ in range(10_000):  # 40 MB if nobody hangs up
            if server.stopping.is_set():
                return
            handler.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        handler.wfile.write(b"0\r\n\r\n")

    server.routes["/stream"] = endless
    url = server.url("/stream")
    settings = dataclasses.replace(LOCAL, max_fetch_bytes=10_000)
    started = time.monotonic()
    problem = one_problem(fetch_all(url, settings=settings))
    assert problem.reason == messages.FETCH_TOO_LARGE_STREAMED.format(url=url, limit=10_000)
    assert time.monotonic() - started < 3


def test_redirect_loop_stops_after_max_redirects(server: LocalServer) -> None:
    server.add("/loop", b"", None, status=302, headers={"Location": "/loop"})
    settings = dataclasses.replace(LOCAL, max_redirects=3)
    url = server.url("/loop")
    problem = one_problem(fetch_all(url, settings=settings))
    assert problem.reason == messages.FETCH_TOO_MANY_REDIRECTS.format(url=url, limit=3)
    assert len(server.seen) == 4  # the request and three redirects followed


def test_redirect_without_location_and_to_another_scheme(server: LocalServer) -> None:
    server.add("/nowhere", b"", None, status=302)
    assert "redirected (302) without saying where" in one_problem(fetch_all(server.url("/nowhere"))).reason
    server.add("/ftp", b"", None, status=302, headers={"Location": "ftp://127.0.0.1/x"})
    problem = one_problem(fetch_all(server.url("/ftp")))
    assert problem.reason == messages.FETCH_SCHEME.format(url="ftp://127.0.0.1/x")


def _sleeper(server: LocalServer, before_headers: bool) -> None:
    def slow(handler: BaseHTTPRequestHandler) -> None:
        if before_headers:
            server.stopping.wait(10)
            return
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", "100")
        handler.end_headers()
        for _ in range(100):  # one byte every 0.2 s: each read is quick, the whole is not
            if server.stopping.wait(0.2):
                return
            handler.wfile.write(b" ")
            handler.wfile.flush()

    server.routes["/slow"] = slow


@pytest.mark.parametrize("before_headers", [True, False], ids=["silent", "dripping"])
def test_slow_server_is_a_timeout(server: LocalServer, before_headers: bool) -> None:
    _sleeper(server, before_headers)
    settings = dataclasses.replace(LOCAL, fetch_timeout=0.5)
    url = server.url("/slow")
    started = time.monotonic()
    problem = one_problem(fetch_all(url, settings=settings))
    assert problem.reason == messages.FETCH_TIMEOUT.format(url=url, seconds=0.5)
    assert time.monotonic() - started < 2


def test_connection_refused_and_bad_urls_are_problems() -> None:
    with LocalServer() as closed:
        url = closed.url("/gone")
    assert one_problem(fetch_all(url)).reason.startswith(f"cannot fetch {url}: ")
    for bad in ("http://", "ftp://127.0.0.1/x", "http://[::1"):
        problem = one_problem(fetch_all(bad))
        assert problem.origin == bad and bad in problem.reason


def test_tls_failure_is_a_problem(tmp_path: Path) -> None:
    """A self-signed certificate is not trusted: the secure connection fails, as a Problem."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a test certificate")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        [
            *(
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "1",
                "-subj",
                "/CN=localhost",
            ),
            *("-keyout", str(key), "-out", str(cert)),
        ],
        check=True,
        capture_output=True,
    )
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    httpd.handle_error = lambda request, address: None  # type: ignore[method-assign]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"https://localhost:{httpd.server_address[1]}/"
        problem = one_problem(fetch_all(url))
        assert problem.reason.startswith(f"cannot fetch {url}: the secure connection failed")
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_urls_are_fetched_through_read_paths(server: LocalServer, tmp_path: Path) -> None:
    url = server.add("/r.json", json.dumps({"text": "Via paths"}), "application/json")
    results = list(read_paths([url, "HTTP://127.0.0.1:1/x"], LOCAL))
    assert isinstance(results[0], Article) and results[0].text == "Via paths"
    assert isinstance(results[1], Problem) and results[1].origin == "HTTP://127.0.0.1:1/x"


# --- addresses ------------------------------------------------------------------------------------


def test_loopback_is_refused_without_allow_private_and_nothing_is_sent(server: LocalServer) -> None:
    url = server.add("/secret", json.dumps({"text": "internal"}), "application/json")
    settings = dataclasses.replace(LOCAL, allow_private=False)
    for target in (url, server.url("/secret", host="localhost")):
        problem = one_problem(list(read_paths([target], settings)))
        assert problem.origin == target
        assert "a loopback address" in problem.reason and target in problem.reason
    assert server.seen == []


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", messages.ADDRESS_LOOPBACK),
        ("127.8.9.10", messages.ADDRESS_LOOPBACK),
        ("::1", messages.ADDRESS_LOOPBACK),
        ("10.1.2.3", messages.ADDRESS_PRIVATE),
        ("172.16.0.1", messages.ADDRESS_PRIVATE),
        ("192.168.1.1", messages.ADDRESS_PRIVATE),
        ("fc00::1", messages.ADDRESS_PRIVATE),
        ("fd12:3456::1", messages.ADDRESS_PRIVATE),
        ("169.254.169.254", messages.ADDRESS_LINK_LOCAL),  # cloud metadata
        ("fe80::1", messages.ADDRESS_LINK_LOCAL),
        ("fe80::1%eth0", messages.ADDRESS_LINK_LOCAL),
        ("224.0.0.1", messages.ADDRESS_MULTICAST),
        ("ff02::1", messages.ADDRESS_MULTICAST),
        ("240.0.0.1", messages.ADDRESS_RESERVED),
        ("255.255.255.255", messages.ADDRESS_RESERVED),
        ("0.0.0.0", messages.ADDRESS_UNSPECIFIED),
        ("::", messages.ADDRESS_UNSPECIFIED),
        ("::ffff:127.0.0.1", messages.ADDRESS_LOOPBACK),  # IPv4-mapped IPv6
        ("::ffff:10.0.0.1", messages.ADDRESS_PRIVATE),
        ("::ffff:169.254.169.254", messages.ADDRESS_LINK_LOCAL),
        ("2002:7f00:1::", messages.ADDRESS_LOOPBACK),  # 6to4 around 127.0.0.1
        ("100.64.0.1", messages.ADDRESS_NOT_GLOBAL),  # carrier-grade NAT
        ("not an address", messages.ADDRESS_NOT_GLOBAL),
    ],
)
def test_non_public_addresses_are_refused(address: str, kind: str) -> None:
    assert address_refusal(address) == kind


@pytest.mark.parametrize("address", ["8.8.8.8", "93.184.216.34", "2001:4860:4860::8888", "::ffff:8.8.8.8"])
def test_public_addresses_are_allowed(address: str) -> None:
    assert address_refusal(address) is None


def test_hop_check_on_literal_addresses() -> None:
    """Literal IPs resolve without any lookup, so these send nothing anywhere."""
    strict = Settings()
    assert check_hop("http://8.8.8.8/feed", strict) == ["8.8.8.8"]
    assert check_hop("https://[2001:4860:4860::8888]/", strict) == ["2001:4860:4860::8888"]
    for url in ("http://127.0.0.1:8080/", "http://[::1]/", "http://[::ffff:127.0.0.1]/", "http://10.0.0.5/"):
        with pytest.raises(InputError) as raised:
            check_hop(url, strict)
        assert raised.value.source == url and "refused" in raised.value.reason
    assert check_hop("http://127.0.0.1:8080/", dataclasses.replace(strict, allow_private=True)) == [
        "127.0.0.1"
    ]
    with pytest.raises(InputError, match="only http and https"):
        check_hop("file:///etc/passwd", strict)


def test_redirect_hop_to_a_private_address_is_refused() -> None:
    """A public page redirecting to 127.0.0.1: the hop is checked like the first URL, and the
    Problem keeps the URL the user named as its origin."""
    named = "http://8.8.8.8/story"
    hop = httpx.URL(named).join("http://127.0.0.1:9/admin")
    with pytest.raises(InputError) as raised:
        check_hop(hop, Settings(), origin=named)
    assert raised.value.source == named
    assert raised.value.reason == messages.FETCH_IP_REFUSED.format(
        url="http://127.0.0.1:9/admin", host="127.0.0.1", address="127.0.0.1", kind=messages.ADDRESS_LOOPBACK
    )


def test_problem_after_a_redirect_names_the_hop_that_failed(server: LocalServer) -> None:
    server.add("/moved", b"", None, status=302, headers={"Location": "/missing"})
    problem = one_problem(fetch_all(server.url("/moved")))
    assert problem.origin == server.url("/moved")
    assert problem.reason == messages.FETCH_STATUS.format(
        url=server.url("/missing"), status=404, phrase="Not Found"
    )


def test_legacy_feed_content_type_is_read(server: LocalServer) -> None:
    url = server.add("/legacy.rss", RSS, "application/x-rss+xml")
    assert [type(r) for r in fetch_all(url)] == [Article, Article]


def test_cli_ingests_a_url_only_with_allow_private_on_loopback(server: LocalServer, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from armstrail.cli import cli
    from armstrail.store import open_store, stored_claims

    url = server.add("/world/uk-sends-missiles.html", PAGE)
    db = str(tmp_path / "web.db")
    refused = CliRunner().invoke(cli, ["ingest", url, "--db", db])
    assert refused.exit_code == 1 and not server.seen
    assert url in refused.output and "Traceback" not in refused.output
    taken = CliRunner().invoke(cli, ["ingest", url, "--db", db, "--allow-private"])
    assert taken.exit_code == 0, taken.output
    assert "1 article(s) stored" in taken.output
    assert {s.article_id for s in stored_claims(open_store(db))}, "the page's claims are stored"
