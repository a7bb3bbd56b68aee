"""The JSON API of `armstrail serve` (/api/v1): the same filters and pages as the web pages
(``store.browse``), so a listing never reads more than one page of rows, and one guarded write,
POST /articles, for stores served with --allow-ingest and a token."""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import json
from collections.abc import Iterator
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse
from pydantic import BaseModel
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool

from armstrail import messages
from armstrail.legal import load_regimes
from armstrail.legal.assess import Status as RegimeStatus
from armstrail.model import Problem
from armstrail.read.records import record_or_problem
from armstrail.serve.params import IsoDay
from armstrail.settings import Settings
from armstrail.store.browse import (
    MAX_PAGE,
    MAX_PAGE_SIZE,
    SORTS,
    ArticleFilters,
    ClaimFilters,
    Page,
    actor_record,
    article_record,
    claim_clusters,
    cluster_members,
    iter_claims,
    search_actors,
    search_articles,
    search_claims,
    search_clusters,
)
from armstrail.store.ingest import ingest_articles
from armstrail.store.query import StoredClaim, stored_claim, stored_claims
from armstrail.store.regimes import regimes_listing
from armstrail.store.show import claim_citations
from armstrail.store.stories import cluster_of_claim, story_records


class ErrorBody(BaseModel):
    """Every error the API answers, whatever its status."""

    error: str
    status: int


ERRORS: dict[int | str, dict[str, Any]] = {
    422: {"model": ErrorBody, "description": "a parameter is not valid"},
    503: {"model": ErrorBody, "description": "the database is unavailable, or the query ran too long"},
}
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": ErrorBody, "description": "no such record"}}

router = APIRouter(prefix="/api/v1", tags=["api"], responses=ERRORS)

PageNumber = Query(ge=1, le=MAX_PAGE, description=f"1 is the first page (at most {MAX_PAGE:,})")
PageSize = Query(ge=1, le=MAX_PAGE_SIZE, description=f"items per page (1..{MAX_PAGE_SIZE})")
Sort = Query(description="one of: " + ", ".join(SORTS), json_schema_extra={"enum": list(SORTS)})
CSV_COLUMNS = (
    "id",
    "article",
    "outlet",
    "published",
    "cluster",
    "type",
    "agent",
    "recipient",
    "item",
    "item_category",
    "quantity",
    "when",
    "status",
    "stance",
    "sources",
    "source_kinds",
    "evidence",
    "evidence_start",
    "evidence_end",
    "extractor",
    "regimes",
)
# A cell starting with one of these is a formula to a spreadsheet: quoted, it stays text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _engine(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def _page_json(page: Page[Any], items: list[Any]) -> dict[str, Any]:
    return {
        "items": items,
        "total": page.total,
        "page": page.page,
        "page_size": page.page_size,
        "pages": page.pages,
    }


def claim_filters(
    agent: str | None = None,
    recipient: str | None = None,
    type: str | None = None,
    item: str | None = None,
    category: str | None = None,
    status: str | None = None,
    stance: str | None = None,
    source_kind: Annotated[
        str | None, Query(description='a chain link of this kind; "own-voice": none')
    ] = None,
    since: Annotated[
        IsoDay | None, Query(description="the article's publication date, inclusive (YYYY-MM-DD)")
    ] = None,
    until: Annotated[IsoDay | None, Query(description="inclusive (YYYY-MM-DD)")] = None,
    outlet: str | None = None,
    q: Annotated[str | None, Query(description="words that must all appear in the evidence")] = None,
    actor: Annotated[str | None, Query(description="agent or recipient")] = None,
    regime: Annotated[
        str | None,
        Query(
            description="claims that may fall under this regime (ids: /api/v1/regimes)",
            json_schema_extra={"enum": load_regimes().ids()},
        ),
    ] = None,
    regime_status: Annotated[
        RegimeStatus | None, Query(description="the regime's status on the claim's date")
    ] = None,
) -> ClaimFilters:
    """The claim filters as query parameters (shared with the web pages' ``ClaimFilters``)."""
    unknown = load_regimes().unknown(regime)
    if unknown:
        raise HTTPException(422, detail=unknown)
    return ClaimFilters(
        agent,
        recipient,
        type,
        item,
        category,
        status,
        stance,
        source_kind,
        since,
        until,
        outlet,
        q,
        actor,
        regime,
        regime_status,
    )


def _claims_json(engine: Engine, found: list[StoredClaim]) -> list[dict[str, Any]]:
    clusters = claim_clusters(engine, [s.id for s in found])
    return [{**s.to_json(), "cluster": clusters.get(s.id)} for s in found]


TEXT: dict[str, Any] = {"schema": {"type": "string"}}


@router.get(
    "/claims",
    summary="Claims matching the filters, one page (JSON or CSV)",
    responses={200: {"content": {"application/json": {}, "text/csv": TEXT}}},
)
def list_claims(
    request: Request,
    filters: Annotated[ClaimFilters, Depends(claim_filters)],
    sort: Annotated[str, Sort] = "article",
    page: Annotated[int, PageNumber] = 1,
    page_size: Annotated[int, PageSize] = 50,
    format: Literal["json", "csv"] = "json",
) -> Any:
    if sort not in SORTS:
        raise HTTPException(422, detail=messages.API_BAD_SORT.format(sorts=", ".join(SORTS)))
    engine = _engine(request)
    found = search_claims(engine, filters, page, page_size, sort)
    items = _claims_json(engine, found.items)
    if format == "csv":
        return Response(
            _csv(items),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="armstrail-claims-{page}.csv"'},
        )
    return _page_json(found, items)


def _csv(items: list[dict[str, Any]], header: bool = True) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore", lineterminator="\n")
    if header:
        writer.writeheader()
    for item in items:
        writer.writerow({column: _cell(item.get(column)) for column in CSV_COLUMNS})
    return out.getvalue()


EXPORT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "jsonl": "application/x-ndjson",
}


@router.get(
    "/export/claims",
    summary="Every claim matching the filters, streamed as one download (CSV, JSON or JSON Lines)",
    responses={
        200: {
            "content": {
                "text/csv": TEXT,
                "application/json": {"schema": {"type": "array", "items": {"type": "object"}}},
                "application/x-ndjson": TEXT,
            }
        }
    },
)
def export_claims(
    request: Request,
    filters: Annotated[ClaimFilters, Depends(claim_filters)],
    sort: Annotated[str, Sort] = "article",
    format: Literal["csv", "json", "jsonl"] = "csv",
) -> StreamingResponse:
    if sort not in SORTS:
        raise HTTPException(422, detail=messages.API_BAD_SORT.format(sorts=", ".join(SORTS)))
    batches = (
        [{**stored.to_json(), "cluster": cluster} for stored, cluster in batch]
        for batch in iter_claims(_engine(request), filters, sort)
    )
    return StreamingResponse(
        _serialised(batches, format),
        media_type=EXPORT_TYPES[format],
        headers={"Content-Disposition": f'attachment; filename="armstrail-claims.{format}"'},
    )


def _serialised(batches: Iterator[list[dict[str, Any]]], format: str) -> Iterator[str]:
    """The batches as one document, written as they come (CSV with its header even when empty;
    JSON as a single array)."""
    if format == "csv":
        yield _csv([])
        yield from (_csv(batch, header=False) for batch in batches)
        return
    if format == "jsonl":
        yield from ("".join(json.dumps(item) + "\n" for item in batch) for batch in batches)
        return
    yield "["
    first = True
    for batch in batches:
        for item in batch:
            yield ("\n" if first else ",\n") + json.dumps(item)
            first = False
    yield "\n]\n"


def _cell(value: Any) -> Any:
    if isinstance(value, list) and value and isinstance(value[0], dict):  # regimes: "id (status)"
        value = [f"{v.get('id')} ({v.get('status')})" for v in value]
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


@router.get(
    "/claims/{claim_id:path}",
    summary="One claim with its article, chain, citations and story",
    responses=NOT_FOUND,
)
def get_claim(request: Request, claim_id: str) -> dict[str, Any]:
    engine = _engine(request)
    found = stored_claim(engine, claim_id)
    if found is None:
        raise HTTPException(404, detail=messages.API_NO_CLAIM.format(claim_id=claim_id))
    article = article_record(engine, found.article_id) or {}
    cluster = cluster_of_claim(engine, claim_id)
    return {
        **found.to_json(),
        "cluster": cluster["id"] if cluster else None,
        "article": {key: article.get(key) for key in ("id", "outlet", "published", "url", "title")},
        "chain": [{"name": s.name, "kind": s.kind} for s in found.claim.sources],
        "citations": [
            {"outlet": outlet, "cited_article_id": cited}
            for outlet, cited in claim_citations(engine, claim_id)
        ],
        "story": cluster,
    }


@router.get("/regimes", summary="The legal regimes claims are checked against, with their claim counts")
def list_regimes(request: Request) -> list[dict[str, Any]]:
    return regimes_listing(_engine(request))


@router.get(
    "/regimes/{regime_id}", summary="One regime with a page of the claims it may concern", responses=NOT_FOUND
)
def get_regime(
    request: Request,
    regime_id: str,
    regime_status: Annotated[RegimeStatus | None, Query(description="only claims with this status")] = None,
    page: Annotated[int, PageNumber] = 1,
    page_size: Annotated[int, PageSize] = 50,
) -> dict[str, Any]:
    engine = _engine(request)
    listing = {r["id"]: r for r in regimes_listing(engine, only=regime_id)}
    if regime_id not in listing:
        raise HTTPException(404, detail=messages.API_NO_REGIME.format(regime_id=regime_id))
    found = search_claims(
        engine, ClaimFilters(regime=regime_id, regime_status=regime_status), page, page_size, "date"
    )
    return {**listing[regime_id], "claims_page": _page_json(found, _claims_json(engine, found.items))}


@router.get("/clusters", summary="Story clusters (clusters-json records), oldest first")
def list_clusters(
    request: Request,
    agent: str | None = None,
    recipient: str | None = None,
    type: str | None = None,
    contradiction: Annotated[
        bool, Query(description="only clusters whose claims contradict each other")
    ] = False,
    page: Annotated[int, PageNumber] = 1,
    page_size: Annotated[int, PageSize] = 50,
) -> dict[str, Any]:
    found = search_clusters(_engine(request), agent, recipient, type, contradiction, page, page_size)
    return _page_json(found, found.items)


@router.get("/clusters/{cluster_id}", summary="One story cluster with its claims", responses=NOT_FOUND)
def get_cluster(request: Request, cluster_id: str) -> dict[str, Any]:
    engine = _engine(request)
    records = story_records(engine, cluster_id=cluster_id)
    if not records:
        raise HTTPException(404, detail=messages.API_NO_CLUSTER.format(cluster_id=cluster_id))
    return {**records[0], "claims": cluster_members(engine, cluster_id)}


@router.get("/articles", summary="Stored articles, newest first, with their claim and copy counts")
def list_articles(
    request: Request,
    outlet: str | None = None,
    since: Annotated[IsoDay | None, Query(description="published on or after (YYYY-MM-DD)")] = None,
    until: Annotated[IsoDay | None, Query(description="published on or before (YYYY-MM-DD)")] = None,
    language: str | None = None,
    analysed: bool | None = None,
    page: Annotated[int, PageNumber] = 1,
    page_size: Annotated[int, PageSize] = 50,
) -> dict[str, Any]:
    filters = ArticleFilters(outlet, since, until, language, analysed)
    found = search_articles(_engine(request), filters, page, page_size)
    return _page_json(found, found.items)


@router.get(
    "/articles/{article_id:path}",
    summary="One article: metadata, text, claims, appearances",
    responses=NOT_FOUND,
)
def get_article(request: Request, article_id: str) -> dict[str, Any]:
    engine = _engine(request)
    record = article_record(engine, article_id)
    if record is None:
        raise HTTPException(404, detail=messages.API_NO_ARTICLE.format(article_id=article_id))
    return {**record, "claims": _claims_json(engine, stored_claims(engine, article_id=article_id))}


@router.get("/actors", summary="Actors named by claims, with their claim counts")
def list_actors(
    request: Request,
    kind: Annotated[str | None, Query(description="state | organisation")] = None,
    page: Annotated[int, PageNumber] = 1,
    page_size: Annotated[int, PageSize] = 50,
) -> dict[str, Any]:
    found = search_actors(_engine(request), kind, page, page_size)
    return _page_json(found, found.items)


@router.get(
    "/actors/{code:path}",
    summary="One actor, its supplier-recipient edges and its claims",
    responses=NOT_FOUND,
)
def get_actor(request: Request, code: str) -> dict[str, Any]:
    engine = _engine(request)
    record = actor_record(engine, code)
    if record is None:
        raise HTTPException(404, detail=messages.API_NO_ACTOR.format(code=code))
    claims = {}
    for role, filters in (
        ("as_agent", ClaimFilters(agent=code)),
        ("as_recipient", ClaimFilters(recipient=code)),
    ):
        found = search_claims(engine, filters)
        claims[role] = _page_json(found, _claims_json(engine, found.items))
    return {**record, "claims": claims}


# --- the one write ----------------------------------------------------------------------------


def _host_port(netloc: str, scheme: str) -> tuple[str, int | None]:
    parts = urlsplit(f"{scheme}://{netloc}")
    try:
        port = parts.port
    except ValueError:
        return netloc.lower(), -1
    return (parts.hostname or "").lower(), port or {"http": 80, "https": 443}.get(scheme)


def _cross_site(request: Request) -> bool:
    """A browser's request from another site (CSRF): its Origin is not this host, or it says so."""
    if request.headers.get("sec-fetch-site", "").lower() == "cross-site":
        return True
    origin = request.headers.get("origin")
    if origin is None:
        return False
    parts = urlsplit(origin)
    if not parts.scheme or not parts.netloc:
        return True  # "null" (a sandboxed page or a file) is another site too
    host = request.headers.get("host", "")
    return _host_port(parts.netloc, parts.scheme) != _host_port(host, request.url.scheme)


def _authorised(request: Request, token: str | None) -> bool:
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if token is None or scheme.lower() != "bearer" or not given:
        return False
    return hmac.compare_digest(given.strip().encode(), token.encode())


async def _body(request: Request, limit: int) -> bytes:
    """The body, read no further than ``limit`` bytes whatever Content-Length claims."""
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > limit):
        raise HTTPException(413, detail=messages.API_TOO_LARGE.format(limit=limit))
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > limit:
            raise HTTPException(413, detail=messages.API_TOO_LARGE.format(limit=limit))
    return bytes(body)


@router.post(
    "/articles",
    status_code=201,
    summary="Store one article record (needs --allow-ingest and the bearer token)",
    responses={401: {}, 403: {}, 413: {}, 422: {}},
)
async def post_article(request: Request) -> JSONResponse:
    options = request.app.state.options
    if not options.allow_ingest:
        raise HTTPException(403, detail=messages.API_READ_ONLY)
    if _cross_site(request):
        raise HTTPException(403, detail=messages.API_CROSS_SITE)
    if not _authorised(request, options.token):
        raise HTTPException(401, detail=messages.API_BAD_TOKEN, headers={"WWW-Authenticate": "Bearer"})
    body = await _body(request, options.max_body_bytes)
    try:
        value = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise HTTPException(422, detail=messages.API_NOT_JSON.format(reason=error)) from None
    default_id = "api-" + hashlib.sha256(body).hexdigest()[:16]
    article = record_or_problem(value, "api", default_id, [], Settings())
    if isinstance(article, Problem):  # the record has no usable text
        raise HTTPException(422, detail=messages.API_NOT_JSON.format(reason=article.reason))
    tally = await run_in_threadpool(ingest_articles, [article], _engine(request))
    if tally.problems:
        raise HTTPException(422, detail=messages.API_NOT_STORED.format(reason=tally.problems[0].reason))
    copy_of = next(iter(tally.copy_of.values()), None)
    return JSONResponse(
        {"id": article.id, "stored": tally.stored > 0, "claims": tally.claims, "copy_of": copy_of},
        status_code=201,
    )
