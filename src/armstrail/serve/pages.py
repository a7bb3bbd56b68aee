"""The server-rendered pages of ``armstrail serve``: every claim traced to its sentence, its article
and its sources, and every page linked to the others. Templates autoescape everything; graphs come
from ``svg`` with their labels escaped; links to articles' own URLs are rendered only for http(s)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import Engine, func, select

from armstrail import messages
from armstrail.errors import StoreError
from armstrail.legal import RegimeCheck, claim_period, load_regimes
from armstrail.legal.assess import STATUSES as REGIME_STATUSES
from armstrail.model import CLAIM_TYPES, ITEM_CATEGORIES, SOURCE_KINDS, STANCES, STATUSES
from armstrail.serve.app import html_response
from armstrail.serve.params import optional_day, page_number
from armstrail.serve.svg import Band, Mark, Node, Partner, chain_svg, network_svg, timeline_svg
from armstrail.store.browse import (
    SORTS,
    ArticleFilters,
    ClaimFilters,
    Page,
    article_record,
    search_articles,
    search_claims,
    store_counts,
)
from armstrail.store.query import StoredClaim, claim_from_row, stored_claims
from armstrail.store.regimes import regimes_listing
from armstrail.store.schema import (
    actors,
    articles,
    citations,
    claims,
    cluster_claims,
)
from armstrail.store.show import view_claim
from armstrail.store.stories import story_count, story_records

router = APIRouter()
PAGE_SIZE = 50
PAGE_SIZES = (25, 50, 100, 200)  # the claims explorer's choices (the API takes up to 500)
REGIME_PAGE_SIZE = 100
COUNT_LIMIT = 1_000  # the explorer counts matches this far unless asked to count them all
SAFE_SCHEMES = ("http", "https")


# --- helpers shared by the templates -------------------------------------------------------------


def claim_href(claim_id: str) -> str:
    """Claim ids hold '#': quoted whole so the fragment stays part of the path."""
    return "/claims/" + quote(claim_id, safe="")


def article_href(article_id: str) -> str:
    return "/articles/" + quote(article_id, safe="")


def actor_href(code: str | None) -> str | None:
    return "/actors/" + quote(code, safe="") if code else None


def story_href(cluster_id: str) -> str:
    return "/stories/" + quote(cluster_id, safe="")


def safe_url(url: str | None) -> str | None:
    """The URL if it may be a link (http or https); a ``javascript:`` or other scheme is shown as
    text only, never as an href."""
    if not url:
        return None
    return url if urlsplit(url.strip()).scheme.lower() in SAFE_SCHEMES else None


def _engine(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def _page(request: Request, template: str, **context: Any) -> HTMLResponse:
    helpers = {
        "claim_href": claim_href,
        "article_href": article_href,
        "actor_href": actor_href,
        "story_href": story_href,
        "safe_url": safe_url,
    }
    return html_response(request, template, {**helpers, **context})


def _missing(message: str) -> HTTPException:
    return HTTPException(status_code=404, detail=message)


# --- overview ------------------------------------------------------------------------------------


NEWEST_SHOWN = 10
CONTRADICTIONS_SHOWN = 50  # the latest contested stories; /stories lists them all
STORIES_PER_PAGE = 100
ACTOR_CLAIMS_SHOWN = 100  # the latest of an actor's claims; the explorer pages through them all


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def overview(request: Request) -> HTMLResponse:
    engine = _engine(request)
    return _page(
        request,
        "index.html",
        counts=store_counts(engine),
        newest=story_records(engine, newest=NEWEST_SHOWN),
        contradictions=story_records(engine, contradictions=True, newest=CONTRADICTIONS_SHOWN),
    )


# --- claims explorer -----------------------------------------------------------------------------


def _filters(params: dict[str, str]) -> ClaimFilters:
    values: dict[str, Any] = {name: (params.get(name) or None) for name in ClaimFilters.names()}
    values["since"], values["until"] = optional_day(params.get("since")), optional_day(params.get("until"))
    return ClaimFilters(**values)


def _query(filters: ClaimFilters, sort: str, **extra: Any) -> str:
    """The listing's query string: the active filters, the sort and any extras (page, format)."""
    params = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in filters.active().items()}
    if sort != "article":
        params["sort"] = sort
    return urlencode({**params, **extra})


def _page_size(value: str | None) -> int:
    size = page_number(value, PAGE_SIZE)
    return size if size in PAGE_SIZES else PAGE_SIZE


@router.get("/claims", response_class=HTMLResponse, include_in_schema=False)
def claims_page(request: Request) -> HTMLResponse:
    params = dict(request.query_params)
    filters = _filters(params)
    sort = params.get("sort", "article") if params.get("sort") in SORTS else "article"
    size = _page_size(params.get("size"))
    keep: dict[str, Any] = {"size": size} if size != PAGE_SIZE else {}
    if params.get("count") == "all":
        keep["count"] = "all"
    found = search_claims(
        _engine(request),
        filters,
        page_number(params.get("page")),
        size,
        sort,
        count_limit=None if keep.get("count") else COUNT_LIMIT,
    )
    pages = {
        "prev": _query(filters, sort, **keep, page=found.page - 1) if found.page > 1 else None,
        "next": _query(filters, sort, **keep, page=found.page + 1) if found.has_next else None,
        "count_all": _query(filters, sort, **{**keep, "count": "all", "page": found.page}),
    }
    return _page(
        request,
        "claims.html",
        found=found,
        form=params,
        pages=pages,
        downloads={fmt: _query(filters, sort, format=fmt) for fmt in ("csv", "json", "jsonl")},
        sizes=PAGE_SIZES,
        size=size,
        choices={
            "type": CLAIM_TYPES,
            "category": ITEM_CATEGORIES,
            "status": STATUSES,
            "stance": STANCES,
            "source_kind": (*SOURCE_KINDS, "own-voice"),
            "regime_status": REGIME_STATUSES,
            "sort": tuple(SORTS),
        },
        regime_ids=[r.id for r in load_regimes().regimes],
    )


# --- one claim -----------------------------------------------------------------------------------


def _chain_nodes(engine: Engine, stored: StoredClaim) -> list[Node]:
    """Article -> outlet -> cited outlets -> original source; a cited outlet whose report is stored
    links to that report."""
    query = select(citations.c.position, citations.c.cited_article_id).where(
        citations.c.claim_id == stored.id
    )
    with engine.connect() as connection:
        cited: dict[int, str | None] = {row[0]: row[1] for row in connection.execute(query)}
        title = connection.execute(
            select(articles.c.title).where(articles.c.id == stored.article_id)
        ).scalar_one_or_none()
    nodes = [Node(title or stored.article_id, "article", article_href(stored.article_id))]
    chain = list(stored.claim.sources)
    if not chain or chain[0].name != stored.outlet:
        nodes.append(Node(stored.outlet or "unknown outlet", "outlet"))
    for position, source in enumerate(chain):
        report = cited.get(position)
        nodes.append(Node(source.name, source.kind, article_href(report) if report else None))
    return nodes


def _denials(engine: Engine, cluster_id: str) -> list[StoredClaim]:
    return [c for c in _cluster_claims(engine, cluster_id) if c.claim.stance == "denies"]


@router.get("/claims/{claim_id:path}", response_class=HTMLResponse, include_in_schema=False)
def claim_page(request: Request, claim_id: str) -> HTMLResponse:
    engine = _engine(request)
    try:
        view = view_claim(engine, claim_id)
    except StoreError as error:
        raise _missing(str(error)) from None
    cluster = view.cluster
    return _page(
        request,
        "claim.html",
        view=view,
        stored=view.stored,
        claim=view.stored.claim,
        chain=chain_svg(_chain_nodes(engine, view.stored)),
        regimes=view.stored.regimes(),
        cluster=cluster,
        denials=_denials(engine, cluster["id"]) if cluster else [],
    )


# --- stories -------------------------------------------------------------------------------------


def _cluster_claims(engine: Engine, cluster_id: str) -> list[StoredClaim]:
    """The claims of a story with their articles, oldest article first (chains not needed here)."""
    query = (
        select(claims, articles.c.outlet, articles.c.published)
        .join(cluster_claims, cluster_claims.c.claim_id == claims.c.id)
        .join(articles, articles.c.id == claims.c.article_id)
        .where(cluster_claims.c.cluster_id == cluster_id)
    )
    with engine.connect() as connection:
        rows = list(connection.execute(query).mappings())
    found = [
        StoredClaim(r["id"], r["article_id"], r["outlet"], r["published"], claim_from_row(r)) for r in rows
    ]
    found.sort(key=lambda s: (s.published is None, s.published or date.min, s.id))
    return found


@dataclass
class Report:
    """One article of a story: what it said and whether it brought an origin nobody had cited."""

    article_id: str
    outlet: str | None
    published: date | None
    claims: list[StoredClaim] = field(default_factory=list)
    new_origins: list[str] = field(default_factory=list)
    repeated: list[str] = field(default_factory=list)


def _reports(engine: Engine, cluster_id: str) -> list[Report]:
    """Articles in date order; an origin counts as new in the first article that gives it."""
    query = (
        select(claims.c.id, claims.c.article_id, cluster_claims.c.origin_source)
        .join(cluster_claims, cluster_claims.c.claim_id == claims.c.id)
        .where(cluster_claims.c.cluster_id == cluster_id)
    )
    with engine.connect() as connection:
        origin_of = {cid: origin for cid, _a, origin in connection.execute(query)}
    reports: dict[str, Report] = {}
    for stored in _cluster_claims(engine, cluster_id):
        report = reports.setdefault(
            stored.article_id, Report(stored.article_id, stored.outlet, stored.published)
        )
        report.claims.append(stored)
    seen: set[str] = set()
    for report in reports.values():
        for origin in dict.fromkeys(origin_of.get(c.id) for c in report.claims):
            if origin is None:
                continue
            (report.repeated if origin in seen else report.new_origins).append(origin)
            seen.add(origin)
    return list(reports.values())


def _deniers(engine: Engine, cluster_id: str) -> dict[str, str]:
    """Who each denial of a story is from, as the story counts it (a state's ISO3 or a name)."""
    query = select(cluster_claims.c.claim_id, cluster_claims.c.denier).where(
        cluster_claims.c.cluster_id == cluster_id, cluster_claims.c.denier.is_not(None)
    )
    with engine.connect() as connection:
        return {claim_id: denier for claim_id, denier in connection.execute(query)}


def _timeline(reports: list[Report]) -> list[Mark]:
    dated = [r for r in reports if r.published]
    return [
        Mark(r.published, f"{r.outlet or r.article_id}", article_href(r.article_id), scoop=n == 0)
        for n, r in enumerate(dated)
        if r.published
    ]


@router.get("/stories", response_class=HTMLResponse, include_in_schema=False)
def stories_page(request: Request) -> HTMLResponse:
    engine = _engine(request)
    page = page_number(request.query_params.get("page"))
    shown = story_records(engine, newest=STORIES_PER_PAGE, skip=(page - 1) * STORIES_PER_PAGE)
    total = story_count(engine)
    pages = max(1, -(-total // STORIES_PER_PAGE))
    return _page(request, "stories.html", stories=shown, total=total, page=page, pages=pages)


@router.get("/stories/{cluster_id}", response_class=HTMLResponse, include_in_schema=False)
def story_page(request: Request, cluster_id: str) -> HTMLResponse:
    engine = _engine(request)
    found = story_records(engine, cluster_id=cluster_id)
    if not found:
        raise _missing(messages.WEB_NO_SUCH_STORY.format(cluster_id=cluster_id))
    reports = _reports(engine, cluster_id)
    members = [c for r in reports for c in r.claims]
    return _page(
        request,
        "story.html",
        story=found[0],
        reports=reports,
        undated=[r for r in reports if r.published is None],
        timeline=timeline_svg(_timeline(reports)),
        asserting=[c for c in members if c.claim.stance != "denies"],
        denying=[c for c in members if c.claim.stance == "denies"],
        denier_of=_deniers(engine, cluster_id),
        regimes=_story_regimes(members),
    )


def _story_regimes(members: list[StoredClaim]) -> list[RegimeCheck]:
    """Each regime and status the story's claims meet, once (claims of one story can be dated on
    both sides of a window's edge)."""
    seen: dict[tuple[str, str], RegimeCheck] = {}
    for stored in members:
        for check in stored.regimes():
            seen.setdefault((check.id, check.status), check)
    order = {r.id: n for n, r in enumerate(load_regimes().regimes)}
    return sorted(seen.values(), key=lambda c: (order.get(c.id, 0), REGIME_STATUSES.index(c.status)))


# --- legal regimes -------------------------------------------------------------------------------


@router.get("/regimes", response_class=HTMLResponse, include_in_schema=False)
def regimes_page(request: Request) -> HTMLResponse:
    return _page(
        request, "regimes.html", regimes=regimes_listing(_engine(request)), version=load_regimes().version
    )


@router.get("/regimes/{regime_id}", response_class=HTMLResponse, include_in_schema=False)
def regime_page(request: Request, regime_id: str) -> HTMLResponse:
    engine = _engine(request)
    listing = {r["id"]: r for r in regimes_listing(engine, only=regime_id)}
    regime = load_regimes().get(regime_id)
    if regime is None or regime_id not in listing:
        raise _missing(messages.WEB_NO_SUCH_REGIME.format(regime_id=regime_id))
    page_no = page_number(request.query_params.get("page"))
    found = search_claims(engine, ClaimFilters(regime=regime_id), page_no, REGIME_PAGE_SIZE, "date")
    checks = [(c, r) for c in found.items for r in c.regimes() if r.id == regime_id]
    marks = [
        Mark(day, f"{c.id}: {check.status}", claim_href(c.id))
        for c, check in checks
        if (day := _claim_day(c)) is not None
    ]
    bands = tuple(
        Band(w.start, w.end, f"{w.by}: {w.start.isoformat()} to {w.end.isoformat() if w.end else 'open'}")
        for w in dict.fromkeys(w for rule in regime.rules for w in rule.windows or regime.windows)
    )
    page = Page(checks, found.total, found.page, found.page_size, found.exact, found.more)
    return _page(
        request,
        "regime.html",
        regime=listing[regime_id],
        found=page,
        timeline=timeline_svg(marks, f"claims under {regime_id}", bands=bands),
    )


def _claim_day(stored: StoredClaim) -> date | None:
    """Where a claim sits on a timeline: the start of its period, else its article's date."""
    period, _basis = claim_period(stored.claim.when, stored.published)
    if period is None:
        return None
    return period.start if period.start != date.min else period.end


# --- actors --------------------------------------------------------------------------------------


def _partners(engine: Engine, code: str, names: dict[str, str]) -> list[Partner]:
    """The actor's claims counted by the other party and direction, in SQL (an actor of a large
    store has thousands of claims)."""
    supplies: Counter[str] = Counter()
    receives: Counter[str] = Counter()
    types: dict[str, set[str]] = defaultdict(set)
    query = (
        select(claims.c.agent, claims.c.recipient, claims.c.type, func.count())
        .where((claims.c.agent == code) | (claims.c.recipient == code))
        .group_by(claims.c.agent, claims.c.recipient, claims.c.type)
    )
    with engine.connect() as connection:
        for agent, recipient, type_, count in connection.execute(query):
            if agent == code and recipient and recipient != code:
                receives[recipient] += count
                types[recipient].add(type_)
            elif recipient == code and agent and agent != code:
                supplies[agent] += count
                types[agent].add(type_)
    return [
        Partner(names.get(p, p), actor_href(p), supplies[p], receives[p], tuple(sorted(types[p])))
        for p in sorted(types)
    ]


def _latest_claims(engine: Engine, code: str) -> tuple[list[StoredClaim], int]:
    """The actor's latest claims (as agent or recipient), oldest of them first, and how many it has."""
    found = search_claims(engine, ClaimFilters(actor=code), page_size=ACTOR_CLAIMS_SHOWN, sort="-date")
    ordered = sorted(found.items, key=lambda s: (s.seen() is None, s.seen() or "", s.id))
    return ordered, found.total


def _actor_names(engine: Engine) -> dict[str, str]:
    with engine.connect() as connection:
        return {code: name for code, name in connection.execute(select(actors.c.code, actors.c.name))}


@router.get("/actors/{code:path}", response_class=HTMLResponse, include_in_schema=False)
def actor_page(request: Request, code: str) -> HTMLResponse:
    engine = _engine(request)
    names = _actor_names(engine)
    ordered, total = _latest_claims(engine, code)
    if code not in names and not total:
        raise _missing(messages.WEB_NO_SUCH_ACTOR.format(code=code))
    partners = _partners(engine, code, names)
    return _page(
        request,
        "actor.html",
        code=code,
        name=names.get(code, code),
        names=names,
        claims=ordered,
        claims_total=total,
        partners=partners,
        network=network_svg(names.get(code, code), partners),
        timeline=timeline_svg(_claim_marks(ordered), title="its claims over time"),
    )


def _claim_marks(found: list[StoredClaim]) -> list[Mark]:
    """One dot per dated claim (its article's date), linked to the claim."""
    return [
        Mark(
            s.published,
            f"{s.claim.type} {s.claim.agent or '?'} -> {s.claim.recipient or '?'}: "
            f"{s.claim.item} ({s.outlet or 'unknown outlet'})",
            claim_href(s.id),
        )
        for s in found
        if s.published
    ]


# --- articles ------------------------------------------------------------------------------------


@router.get("/articles", response_class=HTMLResponse, include_in_schema=False)
def articles_page(request: Request) -> HTMLResponse:
    page = page_number(request.query_params.get("page"))
    found = search_articles(_engine(request), ArticleFilters(), page, PAGE_SIZE)
    return _page(request, "articles.html", rows=found.items, total=found.total, page=page, pages=found.pages)


@dataclass(frozen=True)
class Segment:
    """A run of article text: plain, or evidence of the listed claims (to be marked)."""

    text: str
    claim_ids: tuple[str, ...] = ()


def marked_segments(text: str, spans: list[tuple[int, int, str]]) -> list[Segment]:
    """The text cut at the evidence spans; overlapping spans are merged and marked as their union."""
    merged: list[tuple[int, int, list[str]]] = []
    for start, end, claim_id in sorted(spans):
        start, end = max(0, start), min(len(text), end)
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            last = merged[-1]
            merged[-1] = (last[0], max(last[1], end), [*last[2], claim_id])
        else:
            merged.append((start, end, [claim_id]))
    segments: list[Segment] = []
    cursor = 0
    for start, end, ids in merged:
        if start > cursor:
            segments.append(Segment(text[cursor:start]))
        segments.append(Segment(text[start:end], tuple(ids)))
        cursor = end
    if cursor < len(text):
        segments.append(Segment(text[cursor:]))
    return segments


@router.get("/articles/{article_id:path}", response_class=HTMLResponse, include_in_schema=False)
def article_page(request: Request, article_id: str) -> HTMLResponse:
    engine = _engine(request)
    record = article_record(engine, article_id)  # with the first of its copies and their total
    if record is None:
        raise _missing(messages.WEB_NO_SUCH_ARTICLE.format(article_id=article_id))
    found = stored_claims(engine, article_id=article_id)
    spans = [(s.claim.start, s.claim.end, s.id) for s in found]
    return _page(
        request,
        "article.html",
        article=record,
        appearances=record["appearances"],
        appearances_total=record["appearances_total"],
        claims=found,
        segments=marked_segments(record["text"], spans),
        numbers={s.id: n + 1 for n, s in enumerate(found)},
    )
