"""End to end in a real headless Chromium (Debian's package, driven by Playwright): an analyst's
walk through the evidence base, and a corpus of hostile articles that must render inert on every
page that shows them. The app runs under uvicorn on 127.0.0.1 only.

Screenshots go to a temporary folder, or to docs/screenshots/ with ARMSTRAIL_SCREENSHOTS=1 (the
README shows those)."""

from __future__ import annotations

import os
import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import uvicorn
from sqlalchemy import Engine, select

from armstrail.serve import create_app
from armstrail.store import ingest_paths, open_store, stored_claims
from armstrail.store.schema import articles

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = Path(__file__).parent / "hostile"
CHROMIUM = (
    os.environ.get("ARMSTRAIL_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
)


def _browser_or_skip() -> str:
    if CHROMIUM:
        return CHROMIUM
    if os.environ.get("CI"):
        pytest.fail("CI runs the browser tests, but chromium is not installed (.ci/run installs it)")
    pytest.skip("no chromium: apt-get install chromium")


@dataclass
class Site:
    url: str
    engine: Engine


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The app on a free loopback port, over a store of the samples and the hostile corpus."""
    _browser_or_skip()
    db = tmp_path_factory.mktemp("site") / "site.db"
    engine = open_store(db)
    ingest_paths([ROOT / "samples", HOSTILE], engine)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(create_app(engine), host="127.0.0.1", port=port, log_level="error")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "the server did not start"
    yield Site(f"http://127.0.0.1:{port}", engine)
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    executable = _browser_or_skip()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield launched
        launched.close()


def _shots(tmp_path: Path) -> Path:
    if os.environ.get("ARMSTRAIL_SCREENSHOTS"):
        folder = ROOT / "docs" / "screenshots"
        folder.mkdir(parents=True, exist_ok=True)
        return folder
    return tmp_path


def test_an_analyst_walks_from_overview_to_a_claim_and_its_story(
    site: Site, browser: Any, tmp_path: Path
) -> None:
    shots = _shots(tmp_path)
    url = site.url
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto(url + "/")
    assert page.title().endswith("armstrail")
    page.screenshot(path=str(shots / "overview.png"), full_page=True)

    page.goto(url + "/claims")
    page.fill("input[name=agent]", "IRN")
    page.fill("input[name=recipient]", "RUS")
    page.locator("form.filters button, form.filters input[type=submit]").first.click()
    page.wait_for_load_state()
    assert "agent=IRN" in page.url
    rows = page.locator("table tbody tr")
    assert rows.count() > 0
    assert all("IRN" in rows.nth(n).inner_text() for n in range(rows.count()))
    page.screenshot(path=str(shots / "claims.png"), full_page=True)

    page.locator("table tbody tr a[href^='/claims/']").first.click()
    page.wait_for_load_state()
    assert page.locator("mark").count() >= 1, "the evidence is highlighted"
    graph = page.locator("svg")
    assert graph.count() >= 1, "the attribution chain is drawn"
    assert graph.first.bounding_box() is not None
    page.screenshot(path=str(shots / "claim.png"), full_page=True)

    story = page.locator("a[href^='/stories/']").first
    story.click()
    page.wait_for_load_state()
    assert re.search(r"/stories/c-[0-9a-f]+", page.url)
    assert page.locator("svg").count() >= 1, "the timeline is drawn"
    page.screenshot(path=str(shots / "story.png"), full_page=True)
    assert errors == []
    page.close()


def test_regimes_are_badged_and_drawn_on_their_own_pages(site: Site, browser: Any, tmp_path: Path) -> None:
    """From a claim's badge to its regime's page: the window drawn behind the claims, each claim
    linked; the story of the claim shows the same badge."""
    shots = _shots(tmp_path)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    regime = "unscr-1718-1874-dprk"
    page.goto(site.url + f"/claims?regime={regime}&regime_status=in-force")
    rows = page.locator("table tbody tr")
    assert rows.count() > 0
    assert all("PRK" in rows.nth(n).inner_text() for n in range(rows.count()))
    rows.first.locator("a[href^='/claims/']").first.click()
    page.wait_for_load_state()
    badge = page.locator(f"a.regime-in-force[href='/regimes/{regime}']")
    assert badge.count() == 1 and "in force" in badge.inner_text()
    assert "violat" not in page.content().lower()
    page.locator("a[href^='/stories/']").first.click()
    page.wait_for_load_state()
    assert page.locator(f"a.regime[href='/regimes/{regime}']").count() >= 1
    page.goto(site.url + "/regimes")
    assert page.locator("table.regimes tbody tr").count() >= 9
    page.screenshot(path=str(shots / "regimes.png"), full_page=True)
    page.locator(f"a[href='/regimes/{regime}']").first.click()
    page.wait_for_load_state()
    assert page.locator("svg rect.window").count() >= 1, "the window is drawn"
    dots = page.locator("svg a circle")
    assert dots.count() == page.locator("table.claims tbody tr").count() > 0
    page.screenshot(path=str(shots / "regime.png"), full_page=True)
    assert errors == []
    page.close()


def _hostile_pages(site: Site) -> list[str]:
    ids = [s.id for s in stored_claims(site.engine) if s.article_id.startswith("hostile")]
    hostile_articles = sorted({i.rsplit("#", 1)[0] for i in ids} | {"hostile-script", "hostile-attr"})
    paths = [
        "/",
        "/claims",
        "/claims?q=alert",
        "/stories",
        "/articles",
        "/actors/IRN",
        "/actors/RUS",
        "/regimes",
    ]
    paths += [f"/claims/{quote(i, safe='')}" for i in ids]
    paths += [f"/articles/{quote(a, safe='')}" for a in hostile_articles]
    return paths


def test_hostile_articles_run_no_script_anywhere(site: Site, browser: Any) -> None:
    """Every page that shows the hostile articles: no dialog opens, no console message or error
    comes from a payload, and no javascript: link is rendered."""
    with site.engine.connect() as connection:
        stored = [i for i in connection.execute(select(articles.c.id)).scalars() if i.startswith("hostile")]
    assert len(stored) == 3, stored
    page = browser.new_page()
    fired: list[str] = []
    page.on("dialog", lambda dialog: (fired.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    page.on(
        "console", lambda message: fired.append(f"console: {message.text}") if "xss" in message.text else None
    )
    page.on("pageerror", lambda error: fired.append(f"error: {error}"))
    paths = _hostile_pages(site)
    for path in paths:
        response = page.goto(site.url + path)
        assert response is not None and response.status == 200, path
        page.wait_for_timeout(50)
        hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))")
        assert not [h for h in hrefs if h.strip().lower().startswith("javascript:")], path
    assert len(paths) >= 10
    assert fired == []
    page.close()
