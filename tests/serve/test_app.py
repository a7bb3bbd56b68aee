"""The application shell of `armstrail serve`: security headers on every response, errors that
explain without a traceback (HTML for pages, JSON for the API), static assets served locally,
and the command's guards (loopback by default, uploads only with a token)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from sqlalchemy import text

from armstrail.cli import cli
from armstrail.serve import ServeOptions, create_app
from armstrail.serve.app import CONTENT_SECURITY_POLICY
from armstrail.store import open_store


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    return TestClient(create_app(open_store(tmp_path / "empty.db")), raise_server_exceptions=False)


def test_every_response_carries_the_security_headers(client: TestClient) -> None:
    for path in ("/static/style.css", "/no-such-page", "/api/v1/no-such-thing", "/api/v1/openapi.json"):
        response = client.get(path)
        assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
        assert (
            "script-src 'self'" in CONTENT_SECURITY_POLICY and "unsafe-inline" not in CONTENT_SECURITY_POLICY
        )
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"


def test_a_missing_page_is_a_clear_404(client: TestClient) -> None:
    page = client.get("/no-such-page")
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert "does not exist" in page.text and "Traceback" not in page.text
    api = client.get("/api/v1/no-such-thing")
    assert api.status_code == 404 and api.json()["status"] == 404 and "does not exist" in api.json()["error"]


def test_assets_are_served_locally(client: TestClient) -> None:
    css = client.get("/static/style.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")


def test_serve_refuses_uploads_without_a_token_and_a_missing_store(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    open_store(db)
    run = CliRunner(env={"ARMSTRAIL_TOKEN": ""}).invoke(cli, ["serve", "--db", db, "--allow-ingest"])
    assert run.exit_code == 1 and "needs a token" in run.output
    run = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "typo.db")])
    assert run.exit_code == 1 and "no store at" in run.output


def test_a_query_past_the_time_bound_is_a_clear_503(tmp_path: Path) -> None:
    """A real statement stopped by the bound (a counting recursion added as a route of its own, the
    app's handling under test): a page or JSON saying to narrow the query, no traceback."""
    engine = open_store(tmp_path / "store.db")
    app = create_app(engine, ServeOptions(query_timeout=0.05))

    def count_forever() -> None:
        with engine.connect() as connection:
            connection.execute(text(LONG_COUNT)).all()

    app.add_api_route("/slow", count_forever)
    app.add_api_route("/api/v1/slow", count_forever)
    client = TestClient(app, raise_server_exceptions=False)
    page = client.get("/slow")
    assert page.status_code == 503 and page.headers["content-type"].startswith("text/html")
    assert "ran longer than 0.05 s" in page.text and "narrow it" in page.text
    assert "Traceback" not in page.text and "interrupted" not in page.text
    api = client.get("/api/v1/slow")
    assert api.status_code == 503 and api.json()["status"] == 503 and "0.05 s" in api.json()["error"]
    assert client.get("/api/v1/claims").status_code == 200  # the store still answers


def test_serve_declares_its_query_bound() -> None:
    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert "--query-timeout" in result.output and "--workers" in result.output


LONG_COUNT = (
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50000000) "
    "SELECT count(*) FROM n"
)
