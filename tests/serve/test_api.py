"""The JSON API of `armstrail serve` (/api/v1), on SQLite and PostgreSQL: every route and filter
checked against the store read directly, pages, sorting, CSV, errors as JSON, and the one write
(POST /articles) refused unless ingest is allowed, the token is right and the request same-site."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote

import psycopg
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from armstrail.serve import ServeOptions, create_app
from armstrail.store import open_store, stored_claims
from armstrail.store.query import StoredClaim
from armstrail.store.schema import citations, cluster_claims
from armstrail.store.stories import cluster_of_claim, story_records

ROOT = Path(__file__).resolve().parents[2]
API = "/api/v1"
TOKEN = "s3cret-token"


@pytest.fixture(scope="module")
def client(engine: Engine) -> TestClient:
    return TestClient(create_app(engine), raise_server_exceptions=False)


@pytest.fixture(scope="module")
def everything(engine: Engine) -> list[StoredClaim]:
    return stored_claims(engine)


def get(client: TestClient, path: str, **params: Any) -> Any:
    response = client.get(API + path, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def all_items(client: TestClient, path: str, **params: Any) -> list[dict[str, Any]]:
    return list(get(client, path, page_size=500, **params)["items"])


# --- claims ---------------------------------------------------------------------------------------


def _expected(everything: list[StoredClaim], name: str, value: str) -> set[str]:
    def keep(s: StoredClaim) -> bool:
        c = s.claim
        kinds = [source.kind for source in c.sources]
        match name:
            case "agent" | "recipient" | "type" | "status" | "stance":
                return bool(getattr(c, name) == value)
            case "actor":
                return value in (c.agent, c.recipient)
            case "category":
                return c.item_category == value
            case "item":
                return value.lower() in c.item.lower()
            case "source_kind":
                return not kinds if value == "own-voice" else value in kinds
            case "since":
                return s.published is not None and s.published >= date.fromisoformat(value)
            case "until":
                return s.published is not None and s.published <= date.fromisoformat(value)
            case "outlet":
                return s.outlet == value
            case "q":  # whole words, or their starts (full-text search)
                return all(re.search(r"\b" + re.escape(w), c.evidence, re.I) for w in value.split())
        raise AssertionError(name)

    return {s.id for s in everything if keep(s)}


FILTERS = [
    ("agent", "IRN"),
    ("recipient", "UKR"),
    ("type", "TRANSFER"),
    ("item", "shahed"),
    ("category", "uav"),
    ("status", "planned"),
    ("stance", "denies"),
    ("source_kind", "official-named"),
    ("source_kind", "own-voice"),
    ("since", "2023-05-12"),
    ("until", "2022-11-21"),
    ("outlet", "Example Newswire"),
    ("q", "DRONES tehran"),
    ("actor", "RUS"),
]


@pytest.mark.parametrize(("name", "value"), FILTERS)
def test_each_claim_filter_keeps_what_the_store_says(
    client: TestClient, everything: list[StoredClaim], name: str, value: str
) -> None:
    expected = _expected(everything, name, value)
    assert 0 < len(expected) < len(everything)  # the filter is tested on something it narrows
    page = get(client, "/claims", page_size=500, **{name: value})
    assert page["total"] == len(expected)
    assert {item["id"] for item in page["items"]} == expected


def test_claim_filters_combine(client: TestClient, everything: list[StoredClaim]) -> None:
    both = _expected(everything, "agent", "IRN") & _expected(everything, "stance", "admits")
    page = get(client, "/claims", agent="IRN", stance="admits")
    assert page["total"] == len(both) > 0 and {i["id"] for i in page["items"]} == both


def test_claims_come_with_their_cluster(client: TestClient, engine: Engine) -> None:
    with engine.connect() as connection:
        filed = dict(connection.execute(select(cluster_claims.c.claim_id, cluster_claims.c.cluster_id)).all())
    items = all_items(client, "/claims")
    assert {i["id"]: i["cluster"] for i in items} == {i["id"]: filed.get(i["id"]) for i in items}
    assert len({i["cluster"] for i in items}) > 1


def test_claims_page_by_page(client: TestClient, everything: list[StoredClaim]) -> None:
    total = len(everything)
    first = get(client, "/claims", page_size=7)
    assert (first["total"], first["page"], first["page_size"]) == (total, 1, 7)
    assert first["pages"] == -(-total // 7) and len(first["items"]) == 7
    seen: list[str] = []
    for number in range(1, first["pages"] + 1):
        seen += [i["id"] for i in get(client, "/claims", page_size=7, page=number)["items"]]
    last = get(client, "/claims", page_size=7, page=first["pages"])
    assert len(last["items"]) == total - 7 * (first["pages"] - 1)
    assert seen == [s.id for s in everything]  # default order: article, then evidence order
    assert get(client, "/claims", page_size=7, page=first["pages"] + 1)["items"] == []
    assert get(client, "/claims")["page_size"] == 50


def test_claims_sorted(client: TestClient) -> None:
    newest = [i["published"] for i in all_items(client, "/claims", sort="-date")]
    assert newest == sorted(newest, reverse=True)
    oldest = [i["published"] for i in all_items(client, "/claims", sort="date")]
    assert oldest == sorted(oldest)
    stances = [i["stance"] for i in all_items(client, "/claims", sort="stance")]
    assert stances == sorted(stances)


def test_claims_as_csv(client: TestClient) -> None:
    response = client.get(f"{API}/claims", params={"format": "csv", "agent": "IRN", "page_size": 5})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert 'filename="armstrail-claims-1.csv"' in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    as_json = get(client, "/claims", agent="IRN", page_size=5)["items"]
    assert [r["id"] for r in rows] == [i["id"] for i in as_json] and len(rows) == 5
    assert rows[0]["agent"] == "IRN" and rows[0]["sources"] == "; ".join(as_json[0]["sources"])


@pytest.mark.parametrize(
    "params",
    [{}, {"agent": "RUS"}, {"stance": "asserts", "sort": "-date"}, {"q": "drones"}, {"agent": "NOWHERE"}],
)
def test_the_whole_listing_downloads_in_every_format(client: TestClient, params: dict[str, str]) -> None:
    listed = all_items(client, "/claims", **params)  # the samples fit one page of 500

    def export(fmt: str) -> Any:
        response = client.get(f"{API}/export/claims", params={**params, "format": fmt})
        assert response.status_code == 200, response.text
        assert f'filename="armstrail-claims.{fmt}"' in response.headers["content-disposition"]
        return response

    rows = list(csv.DictReader(io.StringIO(export("csv").text)))
    assert [r["id"] for r in rows] == [c["id"] for c in listed]
    assert export("json").json() == listed  # same records, cluster included, same order
    lines = export("jsonl").text.splitlines()
    assert [json.loads(line) for line in lines] == listed


def test_a_download_streams_in_batches(engine: Engine, everything: list[StoredClaim]) -> None:
    from armstrail.store.browse import ClaimFilters, iter_claims

    batches = list(iter_claims(engine, ClaimFilters(), batch=7))
    assert {len(b) for b in batches[:-1]} == {7} and 1 <= len(batches[-1]) <= 7
    streamed = [stored for batch in batches for stored, _cluster in batch]
    assert [s.id for s in streamed] == [s.id for s in everything]  # stored order: article, then n
    assert [s.claim.sources for s in streamed] == [s.claim.sources for s in everything]
    clusters = {claim: cluster for batch in batches for (stored, cluster) in batch for claim in [stored.id]}
    assert clusters == {s.id: (cluster_of_claim(engine, s.id) or {}).get("id") for s in everything}


def test_a_download_with_a_bad_sort_is_refused(client: TestClient) -> None:
    response = client.get(f"{API}/export/claims", params={"sort": "nonsense"})
    assert response.status_code == 422 and "sort" in response.json()["error"]


def test_one_claim_with_everything_behind_it(client: TestClient, engine: Engine) -> None:
    with engine.connect() as connection:
        claim_id, outlet, cited = connection.execute(
            select(citations.c.claim_id, citations.c.outlet, citations.c.cited_article_id).limit(1)
        ).one()
    found = get(client, "/claims/" + quote(claim_id, safe=""))
    assert found["id"] == claim_id and {"outlet": outlet, "cited_article_id": cited} in found["citations"]
    assert found["article"]["id"] == claim_id.rsplit("#", 1)[0] and found["article"]["url"]
    assert [link["name"] for link in found["chain"]] == found["sources"]
    assert found["story"] == cluster_of_claim(engine, claim_id)
    assert found["cluster"] == (found["story"]["id"] if found["story"] else None)


def test_missing_things_are_json_404s(client: TestClient) -> None:
    for path in (
        "/claims/" + quote("no-such-article#3", safe=""),
        "/clusters/c-000000000000",
        "/articles/no-such-article",
        "/actors/XXX",
    ):
        response = client.get(API + path)
        assert response.status_code == 404 and response.headers["content-type"] == "application/json"
        body = response.json()
        assert body["status"] == 404 and "No " in body["error"] and "Traceback" not in response.text


@pytest.mark.parametrize(
    "params",
    [
        {"since": "2023-13-01"},
        {"until": "yesterday"},
        {"page_size": 0},
        {"page_size": 501},
        {"page": 0},
        {"sort": "evidence"},
        {"format": "xml"},
    ],
)
def test_bad_parameters_are_422(client: TestClient, params: dict[str, Any]) -> None:
    response = client.get(f"{API}/claims", params=params)
    assert response.status_code == 422 and response.json()["status"] == 422
    assert "Traceback" not in response.text


# --- clusters -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "filters"),
    [
        ({}, {}),
        ({"agent": "IRN"}, {"agent": "IRN"}),
        ({"recipient": "UKR"}, {"recipient": "UKR"}),
        ({"type": "TRANSFER"}, {"type_": "TRANSFER"}),
        ({"contradiction": "true"}, {"contradictions": True}),
    ],
)
def test_clusters_are_the_story_records(
    client: TestClient, engine: Engine, params: dict[str, str], filters: dict[str, Any]
) -> None:
    expected = story_records(engine, **filters)
    page = get(client, "/clusters", page_size=500, **params)
    assert page["total"] == len(expected) > 0 and page["items"] == expected


def test_clusters_page_by_page(client: TestClient, engine: Engine) -> None:
    expected = story_records(engine)
    pages = get(client, "/clusters", page_size=10)["pages"]
    assert pages == -(-len(expected) // 10)
    got = [r for n in range(1, pages + 1) for r in get(client, "/clusters", page_size=10, page=n)["items"]]
    assert got == expected


def test_one_cluster_with_its_claims(client: TestClient, engine: Engine) -> None:
    record = max(story_records(engine), key=lambda r: len(r["articles"]))
    found = get(client, f"/clusters/{record['id']}")
    with engine.connect() as connection:
        members = set(
            connection.execute(
                select(cluster_claims.c.claim_id).where(cluster_claims.c.cluster_id == record["id"])
            ).scalars()
        )
    assert {k: v for k, v in found.items() if k != "claims"} == record
    assert {c["id"] for c in found["claims"]} == members
    assert {c["article"] for c in found["claims"]} == set(record["articles"])
    assert all(c["stance"] and c["outlet"] and c["published"] for c in found["claims"])


# --- articles -------------------------------------------------------------------------------------


def test_articles_with_their_counts(client: TestClient, everything: list[StoredClaim]) -> None:
    articles = all_items(client, "/articles")
    per_article: dict[str, int] = {}
    for s in everything:
        per_article[s.article_id] = per_article.get(s.article_id, 0) + 1
    assert {a["id"]: a["claims"] for a in articles} == per_article
    assert all(a["appearances"] == 0 and a["analysed"] and a["language"] == "en" for a in articles)
    days = [a["published"] for a in articles]
    assert days == sorted(days, reverse=True)
    page = get(client, "/articles", page_size=3, page=4)
    assert (page["total"], page["pages"], len(page["items"])) == (len(per_article), 4, len(per_article) - 9)


@pytest.mark.parametrize(
    ("params", "count"),
    [
        ({"outlet": "Example Newswire"}, 1),
        ({"since": "2023-09-22"}, 4),
        ({"until": "2022-11-21"}, 3),
        ({"since": "2023-01-01", "until": "2023-12-31"}, 4),
        ({"language": "en"}, 10),
        ({"language": "fr"}, 0),
        ({"analysed": "true"}, 10),
        ({"analysed": "false"}, 0),
    ],
)
def test_article_filters(client: TestClient, params: dict[str, str], count: int) -> None:
    page = get(client, "/articles", **params)
    assert page["total"] == len(page["items"]) == count
    for item in page["items"]:
        published = item["published"]
        assert params.get("since", "0") <= published <= params.get("until", "9")
        assert item["outlet"] == params.get("outlet", item["outlet"])


def test_one_article(client: TestClient, everything: list[StoredClaim]) -> None:
    article_id = "example-newswire-20221120-iran-drones"
    found = get(client, f"/articles/{article_id}")
    assert found["id"] == article_id and found["outlet"] == "Example Newswire" and found["url"]
    own = [s for s in everything if s.article_id == article_id]
    assert [c["id"] for c in found["claims"]] == [s.id for s in own]
    assert all(
        found["text"][c["evidence_start"] : c["evidence_end"]] == c["evidence"] for c in found["claims"]
    )
    assert found["appearances"] == []


# --- actors ---------------------------------------------------------------------------------------


def test_actors_with_their_counts(client: TestClient, everything: list[StoredClaim]) -> None:
    actors = all_items(client, "/actors")
    codes = {s.claim.agent for s in everything} | {s.claim.recipient for s in everything}
    assert {a["code"] for a in actors} == codes - {None}
    for actor in actors:
        assert actor["as_agent"] == sum(s.claim.agent == actor["code"] for s in everything)
        assert actor["as_recipient"] == sum(s.claim.recipient == actor["code"] for s in everything)
    assert [a["code"] for a in actors] == sorted(a["code"] for a in actors)
    organisations = get(client, "/actors", kind="organisation")
    assert organisations["total"] == sum(a["kind"] == "organisation" for a in actors) > 0
    two = get(client, "/actors", page_size=2, page=2)
    assert [a["code"] for a in two["items"]] == [a["code"] for a in actors[2:4]]


def test_one_actor_with_its_edges(client: TestClient, everything: list[StoredClaim]) -> None:
    found = get(client, "/actors/IRN")
    assert (found["code"], found["name"], found["kind"]) == ("IRN", "Iran", "state")
    edges = {(e["agent"], e["recipient"], e["type"]): e["claims"] for e in found["edges"]}
    expected: dict[tuple[Any, ...], int] = {}
    for s in everything:
        if "IRN" in (s.claim.agent, s.claim.recipient):
            key = (s.claim.agent, s.claim.recipient, s.claim.type)
            expected[key] = expected.get(key, 0) + 1
    assert edges == expected
    as_agent = found["claims"]["as_agent"]
    assert as_agent["total"] == found["as_agent"] and all(c["agent"] == "IRN" for c in as_agent["items"])
    assert found["claims"]["as_recipient"]["total"] == found["as_recipient"]
    spaced = get(client, "/actors/" + quote("European Union"))
    assert spaced["kind"] == "organisation" and spaced["as_agent"] == 2


def test_openapi_lists_every_route(client: TestClient) -> None:
    schema = get(client, "/openapi.json")
    paths = schema["paths"]
    for path in ("/claims", "/clusters", "/articles", "/actors"):
        assert "get" in paths[API + path]
    assert "post" in paths[API + "/articles"]
    for path in ("/claims/{claim_id}", "/clusters/{cluster_id}", "/articles/{article_id}", "/actors/{code}"):
        assert "get" in paths[API + path]
    claims = {p["name"] for p in paths[API + "/claims"]["get"]["parameters"]}
    assert claims >= {"agent", "q", "since", "until", "sort", "page", "page_size", "format", "source_kind"}


# --- the one write --------------------------------------------------------------------------------

RECORD = {
    "id": "posted-1",
    "text": (
        "Iran has supplied Russia with Shahed-136 drones, US officials said on Tuesday. The drones "
        "were delivered by ship across the Caspian Sea, the officials told reporters in Washington."
    ),
    "url": "https://example.org/posted-1",
    "outlet": "Example Newswire",
    "published": "2022-10-18",
    "title": "Iran supplied drones, officials say",
}


def writer(db: str, **options: Any) -> TestClient:
    settings = ServeOptions(**{"allow_ingest": True, "token": TOKEN, **options})
    return TestClient(create_app(open_store(db), settings), raise_server_exceptions=False)


def post(client: TestClient, body: Any = None, token: str | None = TOKEN, **headers: str) -> Any:
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    content = body if isinstance(body, bytes) else json.dumps(RECORD if body is None else body).encode()
    return client.post(f"{API}/articles", content=content, headers=headers)


def test_posting_an_article_stores_it(db: str) -> None:
    client = writer(db)
    response = post(client, Origin="http://testserver", **{"Sec-Fetch-Site": "same-origin"})
    assert response.status_code == 201, response.text
    answer = response.json()
    assert answer["id"] == "posted-1" and answer["stored"] is True and answer["copy_of"] is None
    found = client.get(f"{API}/articles/posted-1").json()
    assert found["title"] == RECORD["title"] and len(found["claims"]) == answer["claims"] > 0
    assert (
        client.get(f"{API}/claims", params={"outlet": "Example Newswire"}).json()["total"] == answer["claims"]
    )
    again = post(client).json()
    assert again["stored"] is False and again["claims"] == 0
    copy = post(client, {**RECORD, "id": "posted-copy", "outlet": "Copy Desk"}).json()
    assert copy == {"id": "posted-copy", "stored": False, "claims": 0, "copy_of": "posted-1"}
    appearances = client.get(f"{API}/articles/posted-1").json()["appearances"]
    assert [a["id"] for a in appearances] == ["posted-copy"] and appearances[0]["outlet"] == "Copy Desk"
    unnamed = post(client, {"text": RECORD["text"].replace("Tuesday", "Monday")}).json()
    assert unnamed["id"].startswith("api-")


def test_posting_is_refused_when_read_only(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    for client in (writer(db, allow_ingest=False), TestClient(create_app(open_store(db)))):
        response = post(client)
        assert response.status_code == 403 and "read-only" in response.json()["error"]
    assert writer(db).get(f"{API}/articles").json()["total"] == 0


def test_posting_needs_the_token(tmp_path: Path) -> None:
    client = writer(str(tmp_path / "s.db"))
    for token in (None, "wrong", "", TOKEN + "x"):
        response = post(client, token=token)
        assert response.status_code == 401 and "token" in response.json()["error"]
    basic = client.post(f"{API}/articles", content=b"{}", headers={"Authorization": f"Basic {TOKEN}"})
    assert basic.status_code == 401
    assert writer(str(tmp_path / "t.db"), token=None).post(f"{API}/articles").status_code == 401
    assert client.get(f"{API}/articles").json()["total"] == 0


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://evil.example"},
        {"Origin": "http://testserver:8080"},
        {"Origin": "null"},
        {"Sec-Fetch-Site": "cross-site"},
    ],
)
def test_cross_site_posts_are_refused(tmp_path: Path, headers: dict[str, str]) -> None:
    client = writer(str(tmp_path / "s.db"))
    response = post(client, **headers)
    assert response.status_code == 403 and "Cross-site" in response.json()["error"]


def test_too_large_or_malformed_bodies(tmp_path: Path) -> None:
    client = writer(str(tmp_path / "s.db"), max_body_bytes=200)
    big = json.dumps({**RECORD, "text": "word " * 100}).encode()
    assert post(client, big).status_code == 413
    chunks = client.post(  # no Content-Length: the body itself is measured
        f"{API}/articles",
        content=iter([big[:150], big[150:]]),
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    assert chunks.status_code == 413 and "at most 200 bytes" in chunks.json()["error"]
    assert post(client, b"{not json").status_code == 422
    assert post(client, b'"a string"').status_code == 422
    missing = post(client, {"id": "x", "title": "no text"})
    assert missing.status_code == 422 and missing.json()["status"] == 422
    assert client.get(f"{API}/articles").json()["total"] == 0


# --- legal regimes ----------------------------------------------------------------------------------


def test_every_claim_carries_its_regimes(client: TestClient, everything: list[StoredClaim]) -> None:
    items = {item["id"]: item for item in all_items(client, "/claims")}
    for stored in everything:
        assert items[stored.id]["regimes"] == [r.to_json() for r in stored.regimes()]
    one = next(s for s in everything if s.regimes())
    assert get(client, f"/claims/{quote(one.id, safe='')}")["regimes"] == [r.to_json() for r in one.regimes()]


@pytest.mark.parametrize("status", ["in-force", "not-in-force", None])
def test_claims_filtered_by_regime(
    client: TestClient, everything: list[StoredClaim], status: str | None
) -> None:
    regime = "unscr-2231-annex-b-4"
    expected = {
        s.id for s in everything for r in s.regimes() if r.id == regime and status in (None, r.status)
    }
    params = {"regime": regime, **({"regime_status": status} if status else {})}
    assert {item["id"] for item in all_items(client, "/claims", **params)} == expected
    assert expected or status == "not-in-force"


def test_bad_regime_parameters_are_422(client: TestClient) -> None:
    for params in ({"regime": "unscr-9999"}, {"regime_status": "maybe"}):
        response = client.get(API + "/claims", params=params)
        assert response.status_code == 422, params
    assert client.get(API + "/regimes/unscr-9999").status_code == 404


def test_the_regimes_routes(client: TestClient, everything: list[StoredClaim]) -> None:
    listing = get(client, "/regimes")
    assert {"unscr-2231-annex-b-4", "unscr-iran-snapback-2025", "unscr-2127-car"} <= {
        r["id"] for r in listing
    }
    dprk = get(client, "/regimes/unscr-1718-1874-dprk", page_size=500)
    concerned = {s.id for s in everything if any(r.id == "unscr-1718-1874-dprk" for r in s.regimes())}
    assert dprk["claims"]["total"] == len(concerned) == dprk["claims_page"]["total"]
    assert {c["id"] for c in dprk["claims_page"]["items"]} == concerned
    assert dprk["start"] == "2006-10-14" and dprk["end"] is None


def test_csv_names_each_regime_and_status(client: TestClient) -> None:
    response = client.get(API + "/claims", params={"regime": "unscr-1718-1874-dprk", "format": "csv"})
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert rows and all("unscr-1718-1874-dprk (" in row["regimes"] for row in rows)


def test_posting_to_a_store_that_cannot_be_written_is_a_503_that_says_so(
    store_location: Any, tmp_path: Path
) -> None:
    """A read-only PostgreSQL database (as a standby serves one) behind an ingest-enabled server."""
    with store_location("postgresql", tmp_path) as url:
        open_store(url).dispose()
        name = url.rsplit("/", 1)[1]
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f'ALTER DATABASE "{name}" SET default_transaction_read_only = on')
        response = post(writer(url))
        assert response.status_code == 503, response.text
        assert "cannot take this write" in response.json()["error"] and name not in response.text
