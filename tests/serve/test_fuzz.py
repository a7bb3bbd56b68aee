"""Hostile requests (issue 13): Schemathesis generates requests for every route of /api/v1 from its
own OpenAPI schema and checks each answer (no server error, the status codes, content types and
bodies the schema declares, schema-valid requests accepted, schema-violating ones refused); the HTML
pages get the same hostile parameters by hand. On SQLite and PostgreSQL.

The number of examples per route is bounded and derandomised (``ARMSTRAIL_FUZZ_EXAMPLES``, 25 by
default); `make fuzz` runs many more."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from sqlalchemy import Engine

from armstrail.serve import create_app

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = int(os.environ.get("ARMSTRAIL_FUZZ_EXAMPLES", "25"))


@pytest.fixture(scope="module")
def app(engine: Engine) -> Any:
    return create_app(engine)


def test_every_api_route_answers_as_its_schema_says(app: Any) -> None:
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", app).include(method="GET")
    failures: dict[str, str] = {}
    checked = []
    for result in schema.get_all_operations():
        operation = result.ok()
        checked.append(operation.label)

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            derandomize=True,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case: Any) -> None:
            case.call_and_validate()

        try:
            check()
        except Exception as error:  # every route is tried; all failures are reported together
            failures[operation.label] = str(error)[:2000]
    assert len(checked) >= 11, checked
    assert not failures, "\n\n".join(f"{label}:\n{text}" for label, text in failures.items())


# -- the same hostile values by hand, on the pages and the API ----------------------------------

HUGE = "99999999999999999999"
HOSTILE_VALUES = [
    HUGE,
    "-" + HUGE,
    "-1",
    "0",
    "1e309",
    "NaN",
    "2024-02-30",
    "20240101",
    "0001-01-01",
    "9999-12-31",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "%00",
    "\u202e\u0000x",
    "x" * 5000,
]
PAGES = ["/", "/claims", "/stories", "/articles", "/regimes", "/regimes/unscr-1718-1874-dprk"]
PARAMETERS = ["page", "size", "since", "until", "sort", "type", "stance", "regime", "regime_status", "q"]
API_LISTINGS = ["/api/v1/claims", "/api/v1/clusters", "/api/v1/articles", "/api/v1/actors"]
API_PARAMETERS = ["page", "page_size", "since", "until", "sort", "regime", "regime_status", "analysed"]


@pytest.fixture(scope="module")
def client(app: Any) -> TestClient:
    return TestClient(app, raise_server_exceptions=False)


@pytest.mark.parametrize("path", PAGES)
def test_pages_take_hostile_parameters_without_a_server_error(client: TestClient, path: str) -> None:
    for name in PARAMETERS:
        for value in HOSTILE_VALUES:
            response = client.get(path, params={name: value})
            assert response.status_code in (200, 404, 422), (path, name, value, response.status_code)
            assert "Traceback" not in response.text


@pytest.mark.parametrize("path", API_LISTINGS)
def test_api_listings_refuse_hostile_parameters_as_json(client: TestClient, path: str) -> None:
    for name in API_PARAMETERS:
        for value in HOSTILE_VALUES:
            response = client.get(path, params={name: value})
            assert response.status_code in (200, 422), (path, name, value, response.status_code)
            if response.status_code == 422:
                assert set(response.json()) == {"error", "status"}


def test_a_page_past_the_last_is_empty_or_refused_never_an_error(client: TestClient) -> None:
    assert client.get("/claims", params={"page": HUGE}).status_code == 200
    assert client.get("/stories", params={"page": HUGE}).status_code == 200
    assert client.get("/api/v1/claims", params={"page": HUGE}).status_code == 422
    last = client.get("/api/v1/claims", params={"page": 1_000_000}).json()
    assert last["items"] == [] and last["total"] > 0


def test_a_405_names_every_method_of_its_path(client: TestClient) -> None:
    response = client.request("DELETE", "/api/v1/articles")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, POST"


ITEM_ROUTES = ["/claims/", "/stories/", "/actors/", "/articles/", "/regimes/"]


@pytest.mark.parametrize("prefix", [*ITEM_ROUTES, *("/api/v1" + r for r in ITEM_ROUTES), "/api/v1/clusters/"])
def test_item_routes_take_hostile_ids_without_a_server_error(client: TestClient, prefix: str) -> None:
    for value in [*HOSTILE_VALUES, "..%2F..%2Fetc%2Fpasswd", "a/b/c", "%"]:
        response = client.get(prefix + quote(value, safe="%/"))
        assert response.status_code in (404, 414, 422), (prefix, value, response.status_code)
        assert "Traceback" not in response.text
    assert client.get("/api/v1/regimes").status_code == 200  # and the server still answers
