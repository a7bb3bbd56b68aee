"""The application factory: one engine, read-only unless ingest is allowed with a token, strict
security headers on every response, and errors that explain without a traceback."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from armstrail import __version__, messages
from armstrail.errors import StoreError
from armstrail.serve.guard import guard_sqlite
from armstrail.settings import Settings
from armstrail.store.db import bound_queries, is_query_timeout, open_store

HERE = Path(__file__).parent
log = logging.getLogger("armstrail.serve")
API_PREFIX = "/api/v1"
# No inline script anywhere: scripts and styles come from /static only.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


@dataclass(frozen=True)
class ServeOptions:
    allow_ingest: bool = False  # POST /api/v1/articles accepted (with the token)
    token: str | None = None  # required with allow_ingest
    max_body_bytes: int = 2 * 1024 * 1024
    page_size: int = 50
    query_timeout: float = field(default_factory=lambda: Settings().query_timeout)  # 0: unbounded


def templates() -> Jinja2Templates:
    """Jinja2 with autoescaping on for every template (the default for .html files)."""
    return Jinja2Templates(directory=str(HERE / "templates"))


def create_app(engine: Engine, options: ServeOptions | None = None) -> FastAPI:
    app = FastAPI(
        title="armstrail",
        version=__version__,
        description="Sourced claims about international arms transfers, with their attribution chains.",
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=None,
        redoc_url=None,
    )
    app.state.engine = engine
    app.state.options = options = options or ServeOptions()
    app.state.templates = templates()
    bound_queries(engine, options.query_timeout)  # 0: unbounded
    guard_sqlite(engine, options.query_timeout)  # a removed, replaced or locked file: 503, then back
    app.add_middleware(RefuseNul)
    app.add_middleware(RequestLimits)
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _bad_request)
    app.add_exception_handler(OperationalError, _database_error)
    app.add_exception_handler(StoreError, _store_error)
    app.add_exception_handler(Exception, _server_error)
    _include_routers(app)
    schema = app.openapi
    app.openapi = lambda: _declare_no_nul(schema())  # type: ignore[method-assign]
    return app


NO_NUL = "^[^\\x00]*$"


def _declare_no_nul(schema: dict[str, Any]) -> dict[str, Any]:
    """Say in the OpenAPI schema what ``RefuseNul`` enforces: no string parameter holds a NUL."""
    for operation in (op for path in schema.get("paths", {}).values() for op in path.values()):
        for parameter in operation.get("parameters", []):
            declared = parameter.get("schema", {})
            for option in [declared, *declared.get("anyOf", [])]:
                if option.get("type") == "string" and "enum" not in option and "format" not in option:
                    option.setdefault("pattern", NO_NUL)
    return schema


WORKER_ENV = "ARMSTRAIL_SERVE"  # how `serve --workers N` hands the store and options to each worker


def worker_environment(db: str, options: ServeOptions) -> dict[str, str]:
    """The environment a worker process builds its app from (the token travels as
    ARMSTRAIL_TOKEN, as when it is given to the command by environment)."""
    settings = {key: value for key, value in asdict(options).items() if key != "token"}
    environment = {WORKER_ENV: json.dumps({"db": db, **settings})}
    if options.token:
        environment["ARMSTRAIL_TOKEN"] = options.token
    return environment


def app_from_environment() -> FastAPI:
    """The app of one worker of ``serve --workers N``: each process opens the store itself, since
    connections cannot cross processes."""
    settings = json.loads(os.environ[WORKER_ENV])
    engine = open_store(settings.pop("db"), create=False)
    return create_app(engine, ServeOptions(**settings, token=os.environ.get("ARMSTRAIL_TOKEN")))


def _include_routers(app: FastAPI) -> None:
    """Routers register themselves here; each module is optional while the UI grows."""
    import importlib

    app.state.routers = []

    for name in ("armstrail.serve.api", "armstrail.serve.pages"):
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name != name:
                raise
            continue
        app.include_router(module.router)
        app.state.routers.append(module.router)  # their routes, for a 405's Allow


MAX_URL_BYTES = 8 * 1024  # path and query: the longest filter set and search fit many times over
MAX_HEADER_BYTES = 32 * 1024  # all request headers together


class RequestLimits:
    """Refuses a request line or headers past the limits above (414 / 431) before any route runs:
    no page needs more, and a parser that takes them would hand every route their cost."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            url = len(scope.get("raw_path", b"")) + len(scope.get("query_string", b""))
            headers = sum(len(name) + len(value) for name, value in scope.get("headers", []))
            status = 414 if url > MAX_URL_BYTES else 431 if headers > MAX_HEADER_BYTES else 0
            if status:
                limit = MAX_URL_BYTES if status == 414 else MAX_HEADER_BYTES
                message = messages.WEB_TOO_LONG.format(
                    part="address" if status == 414 else "headers", limit=limit
                )
                await error_response(Request(scope, receive), status, message)(scope, receive, send)
                return
        await self.app(scope, receive, send)


class RefuseNul:
    """Answers 422 to a request whose path or query holds a NUL character, before any route: no
    database takes one in text (PostgreSQL refuses it, SQLite's full-text syntax ends the string
    there), and no identifier or filter value can contain one."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and _holds_nul(scope):
            request = Request(scope, receive)
            response = error_response(request, 422, messages.WEB_NUL)
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


def _holds_nul(scope: Scope) -> bool:
    query = scope.get("query_string", b"").decode("latin-1")
    values = [value for pair in parse_qsl(query, keep_blank_values=True) for value in pair]
    return "\x00" in scope.get("path", "") or any("\x00" in value for value in values)


class SecurityHeaders:
    """Adds ``SECURITY_HEADERS`` to every response a header does not already set (plain ASGI: the
    response is passed through, not buffered)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    if name not in headers:
                        headers[name] = value
            await send(message)

        await self.app(scope, receive, with_headers)


def wants_json(request: Request) -> bool:
    return request.url.path.startswith(API_PREFIX)


def error_response(
    request: Request, status: int, message: str, headers: Mapping[str, str] | None = None
) -> Response:
    if wants_json(request):
        return JSONResponse({"error": message, "status": status}, status_code=status, headers=headers)
    page = request.app.state.templates.TemplateResponse(
        request, "error.html", {"status": status, "message": message}, status_code=status, headers=headers
    )
    return page  # type: ignore[no-any-return]


async def _http_error(request: Request, error: Any) -> Response:
    status = int(getattr(error, "status_code", 500))
    detail = getattr(error, "detail", None)
    message = (
        detail
        if isinstance(detail, str) and status != 500
        else messages.WEB_ERROR.get(status, messages.WEB_SERVER_ERROR)
    )
    if status == 404 and detail in (None, "Not Found"):
        message = messages.WEB_NOT_FOUND
    # The exception's headers stay (WWW-Authenticate on a 401); a 405's Allow names every method
    # the path takes, not only those of the first route that matched it.
    headers = dict(getattr(error, "headers", None) or {})
    if status == 405:
        headers["Allow"] = ", ".join(_allowed_methods(request))
    return error_response(request, status, message, headers or None)


def _allowed_methods(request: Request) -> list[str]:
    methods: set[str] = set()
    routes = [*request.app.router.routes, *(r for router in request.app.state.routers for r in router.routes)]
    for route in routes:
        match, _ = route.matches({**request.scope, "method": "GET"})
        if match != Match.NONE:
            methods |= getattr(route, "methods", None) or set()
    return sorted(methods)


async def _bad_request(request: Request, error: Any) -> Response:
    return error_response(request, 422, messages.WEB_BAD_REQUEST)


async def _database_error(request: Request, error: Exception) -> Response:
    if is_query_timeout(error):
        seconds = request.app.state.options.query_timeout
        log.warning("query stopped after %g s: %s", seconds, request.url)
        return error_response(request, 503, messages.WEB_QUERY_TIMEOUT.format(seconds=f"{seconds:g}"))
    # Locked, removed, unreachable: the store, not the request, is at fault, and may come back.
    log.error("database error on %s", request.url, exc_info=error)
    return error_response(request, 503, messages.WEB_STORE_UNAVAILABLE)


async def _store_error(request: Request, error: Exception) -> Response:
    """The store cannot serve this request (read-only for a POST, gone mid-request): say so, and
    log the details (they name the database, which is not the client's business)."""
    log.warning("store error on %s: %s", request.url, error)
    return error_response(request, 503, messages.WEB_STORE_CANNOT_WRITE)


async def _server_error(request: Request, error: Exception) -> Response:
    return error_response(request, 500, messages.WEB_SERVER_ERROR)


def html_response(
    request: Request, template: str, context: dict[str, Any], status: int = 200
) -> HTMLResponse:
    """A page rendered from ``template`` (autoescaped) with the shared context."""
    page = request.app.state.templates.TemplateResponse(request, template, context, status_code=status)
    return page  # type: ignore[no-any-return]
