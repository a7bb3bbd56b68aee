"""The library entry points of pipeline.py on the real spaCy model: extract_text, extract_articles,
extract_paths."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from armstrail.model import Article, Claim, Problem
from armstrail.pipeline import Extraction, extract_articles, extract_paths, extract_text
from armstrail.settings import Settings

TANKS = "Germany will send 14 Leopard 2 tanks to Ukraine, the German government said on Wednesday."
DRONES = "Iran has supplied Shahed drones to Russia, according to US officials."
WEATHER = "The weather in Berlin was mild on Wednesday, and the stock markets closed a little higher."
GERMAN = (
    "Die Bundesregierung hat am Mittwoch bekannt gegeben, dass Deutschland vierzehn Kampfpanzer vom "
    "Typ Leopard 2 an die Ukraine liefern wird. Die Entscheidung wurde nach wochenlangen Gesprächen "
    "mit den Verbündeten getroffen, und der Kanzler sagte, dass die Lieferung bald erfolgen soll."
)


def _only(claims: list[Claim]) -> Claim:
    assert len(claims) == 1, [c.to_json() for c in claims]
    return claims[0]


def test_extract_text_finds_a_planned_transfer_with_its_source() -> None:
    claim = _only(extract_text(TANKS, published="2023-01-25"))
    assert (claim.type, claim.agent, claim.recipient) == ("TRANSFER", "DEU", "UKR")
    assert (claim.item, claim.item_category, claim.quantity) == ("Leopard 2", "armoured-vehicle", "14")
    assert claim.status == "planned"
    assert claim.stance == "asserts"
    assert [s.name for s in claim.sources] == ["German government"]
    assert TANKS[claim.start : claim.end] == claim.evidence == TANKS


def test_extract_text_offsets_point_into_a_longer_text() -> None:
    text = f"{WEATHER}\n\n{DRONES}"
    claim = _only(extract_text(text))
    assert (claim.type, claim.agent, claim.recipient, claim.status) == ("TRANSFER", "IRN", "RUS", "occurred")
    assert claim.item_category == "uav"
    assert [s.name for s in claim.sources] == ["US officials"]
    assert claim.start == len(WEATHER) + 2
    assert text[claim.start : claim.end] == claim.evidence == DRONES


def test_extract_text_without_an_arms_claim_is_empty() -> None:
    assert extract_text(WEATHER) == []


def test_extract_text_of_a_non_english_text_is_empty() -> None:
    assert extract_text(GERMAN) == []


def test_extract_articles_keeps_order_and_passes_problems_through() -> None:
    upstream = Problem("feed.jsonl#L3", "invalid JSON at column 1: Expecting value")
    items: list[Article | Problem] = []
    for n in range(7):  # more than two batches of 3, so order must hold across batches
        items.append(Article(id=f"a{n}", text=(TANKS, DRONES, WEATHER)[n % 3], origin=f"feed#{n}"))
        if n == 2:
            items.append(upstream)
        if n == 4:
            items.append(Article(id="de", text=GERMAN, origin="feed#de"))
    results = list(extract_articles(items, Settings(batch_size=3)))

    assert len(results) == len(items)
    order = [r.article.id if isinstance(r, Extraction) else r.origin for r in results]
    assert order == ["a0", "a1", "a2", "feed.jsonl#L3", "a3", "a4", "feed#de", "a5", "a6"]
    assert results[3] is upstream
    skipped = results[6]
    assert isinstance(skipped, Problem) and skipped.level == "skipped" and "German" in skipped.reason
    for result in results:
        if isinstance(result, Extraction):
            assert result.article is next(
                i for i in items if isinstance(i, Article) and i.id == result.article.id
            )
            expected = 0 if result.article.text == WEATHER else 1
            assert len(result.claims) == expected, (result.article.id, result.claims)
            payload = result.to_json()
            assert payload["id"] == result.article.id and len(payload["claims"]) == expected


def test_extract_articles_on_nothing_yields_nothing() -> None:
    assert list(extract_articles([])) == []
    assert list(extract_articles(iter(()))) == []


def test_extract_articles_uses_the_article_date_for_relative_days() -> None:
    text = (
        "Britain has delivered Storm Shadow cruise missiles to Ukraine, Defence Secretary "
        "Ben Wallace told parliament on Thursday."
    )
    (result,) = extract_articles([Article(id="ss", text=text, published=date(2023, 5, 12))])
    assert isinstance(result, Extraction)
    claim = _only(result.claims)
    assert (claim.agent, claim.recipient, claim.item) == ("GBR", "UKR", "Storm Shadow")
    assert claim.when == "2023-05-11"  # the Thursday before Friday 12 May 2023


def test_extract_paths_reads_files_and_reports_bad_ones(tmp_path: Path) -> None:
    (tmp_path / "b.json").write_text(json.dumps({"id": "tanks", "text": TANKS}), encoding="utf-8")
    (tmp_path / "a.json").write_text("{not json", encoding="utf-8")
    missing = tmp_path / "missing.json"
    results = list(extract_paths([tmp_path, missing]))
    assert [type(r) for r in results] == [Problem, Extraction, Problem]
    assert isinstance(results[0], Problem) and results[0].origin == str(tmp_path / "a.json")
    assert "invalid JSON" in results[0].reason
    assert isinstance(results[1], Extraction) and results[1].article.id == "tanks"
    assert _only(results[1].claims).agent == "DEU"
    assert isinstance(results[2], Problem) and results[2].origin == str(missing)
    assert results[2].reason == "no such file or directory"


def test_a_text_longer_than_spacys_default_limit_is_analysed() -> None:
    """The reader's limit (2 MB) is above spaCy's default max_length (1,000,000 characters): such a
    text is analysed, not refused. One long token keeps the parse cheap."""
    from armstrail.model import Article
    from armstrail.pipeline import Extraction, extract_articles

    sentence = "Germany will send 14 Leopard 2 tanks to Ukraine, the German government said."
    text = sentence + "\n\n" + "x" * 1_000_000
    results = list(extract_articles([Article(id="long", text=text)]))
    assert len(results) == 1 and isinstance(results[0], Extraction)
    claims = results[0].claims
    assert any(c.type == "TRANSFER" and c.agent == "DEU" and c.recipient == "UKR" for c in claims)
