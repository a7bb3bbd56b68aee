"""The server-rendered pages of `armstrail serve`, on SQLite and PostgreSQL: every route answers with
its names, counts and links; the claims explorer filters, sorts and pages; the graphs are
well-formed SVG; the evidence is marked in its text; and nothing an article says (outlet, title,
URL, text, source names) can run as script in a page or a graph."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from armstrail.model import Article, Claim, Source
from armstrail.pipeline import Extraction
from armstrail.serve import create_app
from armstrail.serve.app import CONTENT_SECURITY_POLICY
from armstrail.serve.pages import marked_segments, safe_url
from armstrail.serve.svg import Mark, Node, Partner, chain_svg, network_svg, timeline_svg
from armstrail.store import ingest_paths, open_store
from armstrail.store.ingest import write_batch
from armstrail.store.schema import clusters

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
EVIL_OUTLET = "<script>alert(1)</script>"
EVIL_TITLE = '" onmouseover="x'
EVIL_URL = "javascript:alert(document.cookie)"
EVIL_ORG = '"><script>alert(2)</script>'
HOSTILE_TEXT = (
    "Opening line <b>bold</b>. "
    "Iran sent Shahed-136 drones to Russia, <script>alert(3)</script> officials said. "
    "Tehran denies it. Tail."
)
SENTENCE = "Iran sent Shahed-136 drones to Russia, <script>alert(3)</script> officials said."
DENIAL = "Tehran denies it."


def _claim(evidence: str, start: int, stance: str = "asserts", recipient: str = "RUS") -> Claim:
    return Claim(
        type="TRANSFER",
        agent="IRN",
        recipient=recipient,
        item="Shahed-136",
        item_category="uav",
        quantity=None,
        when=None,
        status="occurred",
        stance=stance,
        sources=(Source(EVIL_OUTLET, "media"), Source(EVIL_TITLE, "government-anonymous")),
        evidence=evidence,
        start=start,
        end=start + len(evidence),
        extractor="test",
    )


def _hostile() -> list[Extraction]:
    """Articles whose every field is an attack; two overlapping claims and a denial."""
    start = HOSTILE_TEXT.index(SENTENCE)
    first = Article(
        id="evil-1",
        text=HOSTILE_TEXT,
        url=EVIL_URL,
        outlet=EVIL_OUTLET,
        published=date(2022, 11, 20),
        title=EVIL_TITLE,
    )
    claims = [
        _claim(SENTENCE, start),
        _claim(SENTENCE[:20], start, recipient=EVIL_ORG),  # overlaps the first: one mark
        _claim(DENIAL, HOSTILE_TEXT.index(DENIAL), stance="denies"),
    ]
    second = Article(
        id="evil-2",
        text="Another text. Iran sent drones to Russia, " + EVIL_TITLE,
        url="https://example.org/a?b=1&c=2",
        outlet=EVIL_OUTLET,
        published=date(2022, 11, 25),
        title=EVIL_OUTLET,
    )
    evidence = second.text[len("Another text. ") :]
    copy = replace(second, id="evil-2-copy", url=EVIL_URL, title=EVIL_TITLE)  # an appearance of it
    stated = Extraction(second, [_claim(evidence, 14)])
    return [Extraction(first, claims), stated, Extraction(copy, []), *_citing()]


def _citing() -> list[Extraction]:
    """A Reuters report and an AFP one citing it: the chain links to the stored report."""
    text = "Iran sent Shahed-136 drones to Russia, Reuters reported, citing US officials."
    chain = (Source("Reuters", "media"), Source("US officials", "government-anonymous"))
    scoop = Article(id="reuters-scoop", text=text, outlet="Reuters", published=date(2022, 11, 18))
    other = "Moscow received Iranian drones. " + text  # not a copy of the scoop: its own article
    afp = Article(id="afp-cites-reuters", text=other, outlet="AFP", published=date(2022, 11, 19))
    own = replace(_claim(text, 0), sources=(Source("US officials", "government-anonymous"),))
    cites = replace(_claim(text, other.index(text)), sources=chain)
    return [Extraction(scoop, [own]), Extraction(afp, [cites])]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def client(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, store_location: Any
) -> Iterator[TestClient]:
    """One store per backend for the whole module: the samples (the NLP takes seconds) plus the
    hostile articles."""
    with store_location(request.param, tmp_path_factory.mktemp("pages")) as location:
        engine = open_store(location)
        ingest_paths([SAMPLES], engine)
        write_batch(engine, _hostile())
        yield TestClient(create_app(engine), raise_server_exceptions=False)
        engine.dispose()


def _get(client: TestClient, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, (path, response.text[:500])
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    _no_inline_code(response.text)
    return str(response.text)


def _no_inline_code(page: str) -> None:
    """What the CSP would block anyway must not be in the markup at all."""
    assert "<script" not in page.lower() and "<style" not in page.lower()
    assert not re.search(r"\sstyle=", page)
    assert not re.search(r"\son[a-z]+\s*=\s*[\"']", page)  # escaped text shows =&#34; instead
    assert not re.search(r"href=\"\s*javascript:", page, re.IGNORECASE)


def _links(page: str, prefix: str) -> list[str]:
    return re.findall(rf'href="({re.escape(prefix)}[^"]*)"', page)


def _svgs(page: str) -> list[ET.Element]:
    found = re.findall(r"<svg\b.*?</svg>", page, re.DOTALL)
    assert found, "no graph on the page"
    return [ET.fromstring(svg) for svg in found]


def _claim_url(claim_id: str) -> str:
    return "/claims/" + quote(claim_id, safe="")


# --- overview ------------------------------------------------------------------------------------


def test_overview_counts_and_links(client: TestClient) -> None:
    page = _get(client, "/")
    for label in ("articles", "claims", "stories", "sources", "contradictions"):
        assert re.search(rf'<span class="n">\d+</span> {label}', page)
    assert re.search(r'<span class="n">14</span> articles', page)  # 10 samples + 4 of ours
    assert _links(page, "/stories/") and "Contradictions waiting" in page
    assert "denied by &#34; onmouseover=&#34;x" in page  # the hostile denial: a contradiction


# --- claims explorer -----------------------------------------------------------------------------


def _rows(page: str) -> list[str]:
    return re.findall(r'<td><a href="(/claims/[^"]+)">', page)


def test_the_explorer_lists_claims_with_their_links(client: TestClient) -> None:
    page = _get(client, "/claims")
    assert re.search(r"\d+ claim\(s\), page 1 of 2", page)
    assert _claim_url("evil-1#0") in page and "/articles/evil-1" in page
    assert '<a href="/actors/IRN">IRN</a>' in page
    for fmt in ("csv", "json", "jsonl"):  # downloads of the whole listing, not of this page
        assert f'href="/api/v1/export/claims?format={fmt}"' in page


@pytest.mark.parametrize(
    ("query", "expected", "absent"),
    [
        ("agent=IRN", "evil-1%230", "atacms"),
        ("actor=UKR", "atacms", "evil-1"),
        ("recipient=UKR", "atacms", "evil-1"),
        ("type=TRANSFER", "evil-1", None),
        ("item=shahed", "evil-1", "atacms"),
        ("category=uav", "evil-1", "atacms"),
        ("status=occurred", "evil-1", None),
        ("stance=denies", "evil-1%232", "evil-1%230"),
        ("source_kind=government-anonymous", "evil-1%230", None),
        ("source_kind=own-voice", None, "evil-1"),
        ("since=2022-11-21", "evil-2", "evil-1%23"),
        ("until=2022-11-21", "evil-1", "evil-2"),
        ("outlet=" + quote(EVIL_OUTLET), "evil-1", "atacms"),
        ("q=tehran+DENIES", "evil-1%232", "evil-1%230"),
        ("sort=-date&size=200", "evil-1", None),  # newest first: the 2022 claims come last
    ],
)
def test_every_filter_narrows_the_listing(
    client: TestClient, query: str, expected: str | None, absent: str | None
) -> None:
    page = _get(client, f"/claims?{query}")
    rows = _rows(page)
    if expected:
        assert any(expected in row for row in rows), (query, rows)
    if absent:
        assert not any(absent in row for row in rows), (query, rows)
    key = query.split("=")[0]
    assert f"/api/v1/export/claims?{key}=" in page  # the download links keep the filter


def test_the_form_keeps_what_was_asked(client: TestClient) -> None:
    page = _get(client, "/claims?agent=IRN&stance=denies&since=2020-01-01&sort=type")
    assert 'name="agent" value="IRN"' in page
    assert '<option value="denies" selected>' in page and '<option value="type" selected>' in page
    assert 'name="since" value="2020-01-01"' in page
    page = _get(client, "/claims?since=not-a-date&page=x")  # ignored, not a 500
    assert "claim(s)" in page


def test_pagination_keeps_the_filters(client: TestClient) -> None:
    first = _get(client, "/claims?sort=date")
    assert "page 1 of 2" in first and len(_rows(first)) == 50
    assert 'href="/claims?sort=date&amp;page=2"' in first and "previous page" not in first
    second = _get(client, "/claims?sort=date&page=2")
    assert 'href="/claims?sort=date&amp;page=1"' in second and "next page" not in second
    assert not set(_rows(first)) & set(_rows(second))
    dated = _get(client, "/claims?since=2000-01-01&page=1")  # every sample is dated
    assert 'href="/claims?since=2000-01-01&amp;page=2"' in dated
    filtered = _get(client, "/claims?category=uav&stance=asserts&page=1")
    assert "page 1 of 1" in filtered and "page=2" not in filtered
    assert 'href="/api/v1/export/claims?category=uav&amp;stance=asserts&amp;format=csv"' in filtered


def test_the_reader_chooses_how_many_claims_a_page_shows(client: TestClient) -> None:
    small = _get(client, "/claims?size=25&sort=date")
    assert len(_rows(small)) == 25 and "page 1 of " in small
    assert 'href="/claims?sort=date&amp;size=25&amp;page=2"' in small  # the size is kept
    assert '<option value="25" selected>' in small
    whole = _get(client, "/claims?size=200")
    assert "page 1 of 1" in whole and "next page" not in whole
    odd = _get(client, "/claims?size=7")  # not one of the choices: the default
    assert len(_rows(odd)) == 50


def test_a_broad_listing_is_counted_only_so_far(client: TestClient, monkeypatch: Any) -> None:
    from armstrail.serve import pages

    monkeypatch.setattr(pages, "COUNT_LIMIT", 20)
    page = _get(client, "/claims?size=25")
    assert "More than 20 claims, page 1" in page
    assert 'href="/claims?size=25&amp;page=2"' in page  # more rows than counted: still a next page
    counted = _get(client, "/claims?size=25&count=all")
    assert re.search(r"\d+ claim\(s\), page 1 of \d", counted)
    assert 'href="/claims?size=25&amp;count=all&amp;page=2"' in counted  # still counting them all
    last = _get(client, "/claims?size=25&page=50")
    assert "No claim matches" in last and "next page" not in last


# --- one claim -----------------------------------------------------------------------------------


def test_a_claim_page_marks_the_evidence_and_draws_its_chain(client: TestClient) -> None:
    page = _get(client, _claim_url("evil-1#0"))
    assert "<mark>Iran sent Shahed-136 drones to Russia, &lt;script&gt;alert(3)" in page
    assert "Opening line &lt;b&gt;bold&lt;/b&gt;. <mark>" in page  # the context before it
    (chain,) = _svgs(page)
    labels = [t.text for t in chain.iter("{http://www.w3.org/2000/svg}text")]
    assert EVIL_OUTLET in labels and "government-anonymous" in labels and "article" in labels
    assert '<a href="/articles/evil-1">' in page and '<a href="/actors/RUS">' in page
    assert re.search(r'<a href="/stories/[^"]+">', page)
    assert "independent source(s)" in page and "contradicted: denied by &#34;" in page
    assert '<a href="/articles/evil-2">evil-2</a>' in page  # another article stating it
    assert _claim_url("evil-1#2") in page  # who denies it


def test_a_cited_report_that_is_stored_is_linked_from_the_chain(client: TestClient) -> None:
    page = _get(client, _claim_url("afp-cites-reuters#0"))
    assert 'its report is stored as <a href="/articles/reuters-scoop">' in page
    (chain,) = _svgs(page)
    links = [a.get("href") for a in chain.iter("{http://www.w3.org/2000/svg}a")]
    assert links == ["/articles/afp-cites-reuters", "/articles/reuters-scoop"]


# --- stories -------------------------------------------------------------------------------------


def _story_of(client: TestClient, claim_id: str) -> str:
    page = _get(client, _claim_url(claim_id))
    return _links(page, "/stories/")[0]


def test_the_stories_list_links_every_story(client: TestClient) -> None:
    page = _get(client, "/stories")
    assert len(_links(page, "/stories/")) >= 5 and "contradicted" in page


def test_a_story_page_has_its_timeline_origins_and_contradiction(client: TestClient) -> None:
    page = _get(client, _story_of(client, "evil-1#0"))
    (timeline,) = _svgs(page)
    circles = list(timeline.iter("{http://www.w3.org/2000/svg}circle"))
    assert len(circles) >= 2 and circles[0].get("class") == "scoop"
    assert "Origins and re-reports" in page and '<span class="tag">scoop</span>' in page
    assert "asserts:" in page and "denies: 1" in page
    assert "Contradictions side by side" in page
    asserting, denying = page.split("<h3>Denying")
    assert _claim_url("evil-1#0") in asserting and _claim_url("evil-1#2") in denying
    assert "Tehran denies it." in denying
    # the denial's own voice is shown as the story counts it, escaped like every stored name
    assert 'title="who denies, as the story counts it">&#34; onmouseover=&#34;x</span>' in denying


def test_every_sample_story_renders(client: TestClient) -> None:
    for url in _links(_get(client, "/stories"), "/stories/"):
        _svgs(_get(client, url))


# --- actors --------------------------------------------------------------------------------------


def test_an_actor_page_draws_its_network_and_timeline(client: TestClient) -> None:
    page = _get(client, "/actors/IRN")
    assert "<h1>Iran" in page
    network, timeline = _svgs(page)
    dots = [d for d in timeline.iter("{http://www.w3.org/2000/svg}circle")]
    assert dots and all("IRN" in (d.findtext("{http://www.w3.org/2000/svg}title") or "") for d in dots)
    edges = [e for e in network.iter("{http://www.w3.org/2000/svg}line") if e.get("marker-end")]
    assert edges
    assert '<a href="/actors/RUS">' in page and _claim_url("evil-1#0") in page
    labels = " ".join(t.text or "" for t in network.iter("{http://www.w3.org/2000/svg}text"))
    assert "TRANSFER" in labels and "Russia" in labels
    assert "Timeline of its claims" in page


def test_an_actor_page_shows_its_latest_claims_and_links_to_all(client: TestClient, monkeypatch: Any) -> None:
    from armstrail.serve import pages

    everything = _rows(_get(client, "/claims?actor=IRN&size=200"))
    monkeypatch.setattr(pages, "ACTOR_CLAIMS_SHOWN", 2)
    page = _get(client, "/actors/IRN")
    assert f"The latest 2; all {len(everything)} in the" in page and 'href="/claims?actor=IRN"' in page
    assert len(_rows(page)) == 2 and set(_rows(page)) <= set(everything)


def test_an_organisation_with_a_hostile_name_has_a_safe_page(client: TestClient) -> None:
    page = _get(client, "/actors/" + quote(EVIL_ORG, safe=""))
    assert "&#34;&gt;&lt;script&gt;alert(2)" in page
    for svg in _svgs(page):
        assert EVIL_ORG in ET.tostring(svg, "unicode").replace("&gt;", ">").replace("&lt;", "<").replace(
            "&quot;", '"'
        )


# --- articles ------------------------------------------------------------------------------------


def test_the_articles_list_links_every_article(client: TestClient) -> None:
    page = _get(client, "/articles")
    links = _links(page, "/articles/")
    assert len(links) == 14 and "/articles/evil-1" in links
    for url in links:
        _get(client, url)


def test_an_article_page_marks_each_claims_evidence(client: TestClient) -> None:
    page = _get(client, "/articles/evil-1")
    assert page.count("<mark>") == 2  # the overlapping claims #0 and #1 make one mark
    sentence = "Iran sent Shahed-136 drones to Russia, &lt;script&gt;alert(3)&lt;/script&gt; officials said."
    assert f"<mark>{sentence}</mark>" in page
    assert (
        f'href="{_claim_url("evil-1#0")}">[1]</a>' in page
        and f'href="{_claim_url("evil-1#1")}">[2]</a>' in page
    )
    assert "<mark>Tehran denies it.</mark>" in page
    assert "3 claim(s)" in page


def test_article_urls_are_links_only_for_the_web(client: TestClient) -> None:
    evil = _get(client, "/articles/evil-1")
    assert EVIL_URL in evil and "not linked" in evil and f'href="{EVIL_URL}' not in evil
    good = _get(client, "/articles/evil-2")
    assert '<a href="https://example.org/a?b=1&amp;c=2" rel="noopener noreferrer">' in good
    assert "Also appeared as" in good and "evil-2-copy" in good  # the copy's URL: text only
    assert f'<span class="unsafe-url">{EVIL_URL}</span>' in good


def test_a_sample_article_lists_language_and_analysis(client: TestClient) -> None:
    page = _get(client, "/articles/example-newswire-20221120-iran-drones")
    assert "<th>Language</th><td>en</td>" in page and "<th>Analysed</th><td>yes" in page
    assert "<mark>" in page


# --- errors --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "says"),
    [
        ("/claims/" + quote("no-such#9", safe=""), "no claim no-such#9"),
        ("/stories/c-000000000000", "No story c-000000000000"),
        ("/actors/ZZZ", "No actor ZZZ"),
        ("/articles/no-such-article", "No article no-such-article"),
    ],
)
def test_missing_things_are_helpful_404s(client: TestClient, path: str, says: str) -> None:
    response = client.get(path)
    assert response.status_code == 404 and says in response.text
    assert "Traceback" not in response.text and 'href="/"' in response.text
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY


# --- escaping everywhere -------------------------------------------------------------------------


def test_nothing_hostile_survives_on_any_page(client: TestClient) -> None:
    """Every page that shows the hostile articles shows their fields as text."""
    story = _story_of(client, "evil-1#0")
    pages = [
        "/",
        "/claims",
        "/claims?agent=IRN",
        _claim_url("evil-1#0"),
        _claim_url("evil-1#1"),
        _claim_url("evil-2#0"),
        "/stories",
        story,
        "/actors/IRN",
        "/actors/RUS",
        "/articles",
        "/articles/evil-1",
        "/articles/evil-2",
    ]
    seen_outlet = seen_title = 0
    for path in pages:
        page = _get(client, path)  # no <script>, no on*=, no javascript: href
        assert EVIL_TITLE not in page and 'onmouseover="x' not in page
        seen_outlet += "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        seen_title += "&#34; onmouseover=&#34;x" in page
        for svg in re.findall(r"<svg\b.*?</svg>", page, re.DOTALL):
            ET.fromstring(svg)  # escaped labels keep it well-formed
    assert seen_outlet >= 8 and seen_title >= 3


def test_the_svg_builders_escape_every_label() -> None:
    chain = chain_svg([Node(EVIL_OUTLET, EVIL_TITLE, "/articles/" + quote(EVIL_TITLE, safe=""))])
    timeline = timeline_svg([Mark(date(2024, 1, 1), EVIL_OUTLET, "/x?a=1&b=2", scoop=True)])
    network = network_svg(EVIL_TITLE, [Partner(EVIL_OUTLET, None, 2, 1, (EVIL_TITLE,))])
    for svg in (chain, timeline, network):
        assert "<script" not in svg and 'onmouseover="' not in svg
        root = ET.fromstring(str(svg))
        texts = " ".join(t.text or "" for t in root.iter())
        assert EVIL_OUTLET in texts or EVIL_TITLE in texts
    assert 'href="/x?a=1&amp;b=2"' in timeline


def test_safe_url_and_marks_unit() -> None:
    assert safe_url("https://a.example/x") == "https://a.example/x"
    for bad in (EVIL_URL, " JavaScript:alert(1)", "data:text/html,x", "vbscript:x", ""):
        assert safe_url(bad) is None
    segments = marked_segments("abcdefghij", [(2, 5, "a#0"), (4, 7, "a#1"), (8, 20, "a#2")])
    assert [(s.text, s.claim_ids) for s in segments] == [
        ("ab", ()),
        ("cdefg", ("a#0", "a#1")),
        ("h", ()),
        ("ij", ("a#2",)),
    ]


def test_the_contradiction_is_stored(client: TestClient) -> None:
    engine = client.app.state.engine  # type: ignore[attr-defined]
    with engine.connect() as connection:
        assert connection.execute(select(clusters.c.id).where(clusters.c.contradiction.is_(True))).first()
