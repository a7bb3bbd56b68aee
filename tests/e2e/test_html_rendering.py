"""The same articles as JSON records and as web pages give the same claims.

Each dev-corpus article is rendered as a realistic news page (menu, advert, cookie banner, related
stories, share bar, photo credit, footer) around its paragraphs; claims are extracted from both and
compared at the event level. What the HTML reader loses or adds (a dropped first paragraph, joined
paragraphs, furniture read as text) shows up here as a lower F1."""

from __future__ import annotations

import html
import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from armstrail.model import Claim
from armstrail.pipeline import Extraction, extract_paths

BAR = 0.95

EventKey = tuple[str, str | None, str | None, str, str]


def render_page(record: dict[str, Any]) -> str:
    """A news page around ``record``'s text: its paragraphs (split on newlines) in ``<article>``,
    with the metadata a real page carries and the furniture a real page has."""
    esc = html.escape
    title, outlet = record.get("title"), record.get("outlet") or "Example News"
    paragraphs = [p.strip() for p in record["text"].split("\n") if p.strip()]
    published = record.get("published")
    date_meta = (
        f'<meta property="article:published_time" content="{esc(published)}T08:30:00+00:00">'
        if published
        else ""
    )
    headline = f"<h1>{esc(title)}</h1>" if title else ""
    body = "\n".join(f"<p>{esc(p)}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{esc(title) + " | " if title else ""}{esc(outlet)}</title>
<meta property="og:site_name" content="{esc(outlet)}">
<meta name="author" content="Jane Roe">
<link rel="canonical" href="{esc(record.get("url") or "https://news.example.org/story")}">
{date_meta}
<style>body {{ font-family: serif; }}</style>
<script>window.dataLayer = [];</script>
</head>
<body>
<nav class="main-menu"><ul>
<li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/politics">Politics</a></li>
<li><a href="/business">Business</a></li><li><a href="/opinion">Opinion</a></li>
</ul></nav>
<div class="ad ad-banner">Advertisement
<a href="https://ads.example.com/"><img src="/ad.png" alt="ad"></a></div>
<div id="cookie-banner" class="cookie-consent"><p>We use cookies to improve your experience on our site.</p>
<button>Accept all cookies</button> <button>Manage cookies</button></div>
<main>
<article>
{headline}
<div class="byline">By Jane Roe</div>
{body}
<div class="share-bar"><p>Share this article on Facebook</p></div>
<p class="photo-credit">Photo: Reuters</p>
</article>
<aside class="related"><h2>Related stories</h2><ul>
<li><a href="/world/other-story">Markets rally as central banks hold rates</a></li>
<li><a href="/world/another-story">Storm season forecast to be busier than usual</a></li>
</ul></aside>
</main>
<footer><p>© 2024 Example Media Group. All rights reserved.</p>
<a href="/about">About us</a> | <a href="/contact">Contact</a> | <a href="/privacy">Privacy policy</a>
</footer>
</body>
</html>
"""


def _extract(folder: Path) -> dict[str, list[Claim]]:
    claims: dict[str, list[Claim]] = {}
    for result in extract_paths([folder]):
        assert isinstance(result, Extraction), result
        claims[result.article.id] = result.claims
    return claims


def _events(claims: list[Claim]) -> Counter[EventKey]:
    return Counter((c.type, c.agent, c.recipient, c.item_category, c.stance) for c in claims)


def event_f1(reference: dict[str, list[Claim]], candidate: dict[str, list[Claim]]) -> float:
    """Event-level F1 of ``candidate`` against ``reference``, over multisets across all articles."""
    matched = found = expected = 0
    for article_id in reference.keys() | candidate.keys():
        ref, cand = _events(reference.get(article_id, [])), _events(candidate.get(article_id, []))
        matched += sum((ref & cand).values())
        found += sum(cand.values())
        expected += sum(ref.values())
    if matched == 0:
        return 0.0
    precision, recall = matched / found, matched / expected
    return 2 * precision * recall / (precision + recall)


def test_pages_give_the_claims_of_their_records(tmp_path: Path, shared_corpus: Callable[..., Path]) -> None:
    gold = shared_corpus("dev")
    pages = tmp_path / "pages"
    pages.mkdir()
    for path in sorted(gold.glob("*.json")):
        record = json.loads(path.read_text("utf-8"))
        (pages / f"{path.stem}.html").write_text(render_page(record), encoding="utf-8")
    from_json, from_html = _extract(gold), _extract(pages)
    assert from_json.keys() == from_html.keys()
    f1 = event_f1(from_json, from_html)
    print(f"\nevent-level F1, HTML pages against JSON records: {f1:.3f}")
    assert f1 >= BAR
