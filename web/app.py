"""The analyst workbench over HTTP: a Starlette app, Jinja2 pages, assets served from the package.

:func:`create_app` takes an open, read-only store and returns the ASGI app
that ``policykg serve`` runs with uvicorn. Every page has a stable URL built
from names, not ids (``/department/江西省工业和信息化委员会``,
``/matrix?province=江西省&from=2014``), so an analyst can share it.

Requests are parsed and checked here; the data comes from
:class:`~policykg.web.workbench.Workbench`. A bad parameter gives a 400 page
that says what to write instead, an unknown entity a 404 page with near names,
anything unexpected a 500 page with no traceback (the traceback goes to the
server's log). With ``token`` set (a non-loopback host), every request must
carry it once as ``?token=``; the page then keeps it in a cookie.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Mapping, Sequence
from importlib import resources
from typing import Any
from urllib.parse import quote, urlencode

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from policykg.errors import PolicyKGError, QueryError
from policykg.models import ROLES
from policykg.names import label_of_id

from ..graph.queries import bind_params, get_query, list_queries, run_cypher, run_query
from ..graph.results import cell_text, column_names, rows_to_csv, rows_to_json
from ..graph.store import GraphStore
from .drawing import FONT_CSS, LABEL_STYLES, ROLE_COLOURS, drawing, legend
from .viz import json_for_script
from .workbench import (
    MATRIX_LABELS,
    PAGE_LABELS,
    ROLE_NAMES_ZH,
    ROLE_STRENGTH,
    MatrixFilter,
    Workbench,
    WorkbenchError,
)

log = logging.getLogger("policykg.web")

TOKEN_COOKIE = "policykg_token"
CONSOLE_EXAMPLE = "MATCH (d:Department)-[r:RESPONSIBLE_FOR]->(i:Industry) RETURN d.name AS department, r.role AS role, i.name AS industry LIMIT 25"
MAX_CONSOLE_ROWS = 1000
MAX_CONSOLE_GRAPH_NODES = 200
MAX_DEPTH = 2


# ----------------------------------------------------------------------------- URLs and templates


def entity_url(label: str, name: str) -> str:
    """The page of an entity: its label in lower case, then its name.

    Example:
        >>> entity_url("Department", "江西省工业和信息化委员会")
        '/department/%E6%B1%9F%E8%A5%BF%E7%9C%81%E5%B7%A5%E4%B8%9A%E5%92%8C%E4%BF%A1%E6%81%AF%E5%8C%96%E5%A7%94%E5%91%98%E4%BC%9A'
        >>> entity_url("Document", "a b.txt")
        '/document/a%20b.txt'
    """
    return f"/{label.lower()}/{quote(str(name), safe='')}"


def node_url(node_id: str, name: str | None = None) -> str:
    """The page of an entity given its id (``Industry:光伏``)."""
    label, _, key = str(node_id).partition(":")
    return entity_url(label, name or key)


def with_query(path: str, **params: Any) -> str:
    """A path with the given (non-empty) query parameters.

    Example:
        >>> with_query("/matrix", province="江西省", role=None, to=2015)
        '/matrix?province=%E6%B1%9F%E8%A5%BF%E7%9C%81&to=2015'
    """
    kept = {key.rstrip("_"): value for key, value in params.items() if value not in (None, "", False)}
    return f"{path}?{urlencode(kept)}" if kept else path


def _environment() -> Environment:
    environment = Environment(
        loader=PackageLoader("policykg.web", "templates"), autoescape=select_autoescape(default=True)
    )
    environment.globals.update(
        entity_url=entity_url,
        node_url=node_url,
        with_query=with_query,
        label_of=label_of_id,
        role_names=ROLE_NAMES_ZH,
        role_colours=ROLE_COLOURS,
        roles=ROLE_STRENGTH,
        label_styles=LABEL_STYLES,
        font_css=FONT_CSS,
        cell_text=cell_text,
        graph_legend=legend,
    )
    environment.filters["json_script"] = lambda value: Markup(json_for_script(value))  # inert in <script>
    return environment


TEMPLATES = _environment()


def page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    """Render a template of ``policykg/web/templates`` as a page."""
    html = TEMPLATES.get_template(template).render(request=request, path=request.url.path, **context)
    return HTMLResponse(html, status_code=status)


# ----------------------------------------------------------------------------- parameters


def int_param(request: Request, name: str, *, low: int, high: int, default: int | None = None) -> int | None:
    """An integer query parameter within [low, high]; empty gives ``default``.

    Raises:
        WorkbenchError: 400 naming the parameter and the values it takes.
    """
    raw = request.query_params.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise WorkbenchError(f"{name} must be a whole number between {low} and {high}, not {raw!r}") from None
    if not low <= value <= high:
        raise WorkbenchError(f"{name} must be between {low} and {high}, not {value}")
    return value


def choice_param(request: Request, name: str, choices: Sequence[str], default: str | None = None) -> str | None:
    """A query parameter that must be one of ``choices``; empty gives ``default``.

    Raises:
        WorkbenchError: 400 listing the choices.
    """
    raw = request.query_params.get(name, "").strip()
    if not raw:
        return default
    if raw not in choices:
        raise WorkbenchError(f"{name} must be one of {', '.join(choices)}, not {raw!r}")
    return raw


def matrix_filter(request: Request, workbench: Workbench) -> MatrixFilter:
    """The matrix's filters from the URL (``label``, ``province``, ``from``, ``to``, ``role``, ``fold``)."""
    year_from = int_param(request, "from", low=1949, high=2100)
    year_to = int_param(request, "to", low=1949, high=2100)
    if year_from is not None and year_to is not None and year_from > year_to:
        raise WorkbenchError(f"the year range is empty: from={year_from} is after to={year_to}")
    province = request.query_params.get("province", "").strip() or None
    if province is not None and province not in workbench.provinces():
        known = ", ".join(workbench.provinces()) or "none in this graph"
        raise WorkbenchError(f"province must be one of the provinces in the graph ({known}), not {province!r}")
    return MatrixFilter(
        label=choice_param(request, "label", MATRIX_LABELS, "Industry") or "Industry",
        province=province,
        year_from=year_from,
        year_to=year_to,
        role=choice_param(request, "role", ROLES),
        fold_divisions=choice_param(request, "fold", ("0", "1"), "0") == "1",
    )


def filter_query(filters: MatrixFilter) -> dict[str, Any]:
    """The URL parameters that give ``filters`` (for links that keep them)."""
    return {
        "label": filters.label if filters.label != "Industry" else None,
        "province": filters.province,
        "from_": filters.year_from,
        "to": filters.year_to,
        "role": filters.role,
        "fold": "1" if filters.fold_divisions else None,
    }


# ----------------------------------------------------------------------------- pages


def workbench_of(request: Request) -> Workbench:
    return request.app.state.workbench


async def home(request: Request) -> Response:
    workbench = workbench_of(request)
    with workbench.lock:
        stats = workbench.store.stats()
    return page(
        request,
        "home.html",
        title="policykg",
        stats=stats,
        documents=workbench.documents(),
        backend=workbench.store.backend,
    )


async def search(request: Request) -> Response:
    text = request.query_params.get("q", "").strip()
    if len(text) > 200:
        raise WorkbenchError("a search text is at most 200 characters")
    hits = workbench_of(request).search(text) if text else []
    return page(request, "search.html", title=f"Search {text}" if text else "Search", q=text, hits=hits)


async def entity_page(request: Request) -> Response:
    label = PAGE_LABELS[request.url.path.split("/")[1]]
    name = request.path_params["name"]
    workbench = workbench_of(request)
    try:
        node = workbench.entity(label, name)
    except WorkbenchError as err:
        if err.suggestions and err.suggestions[0].get("canonical"):  # an alias: the page lives under the canonical name
            return RedirectResponse(entity_url(label, err.suggestions[0]["name"]), status_code=307)
        raise
    context: dict[str, Any] = {"node": node, "label": label, "title": node["name"]}
    if label == "Department":
        context["department"] = workbench.department(node)
        context["graph_url"] = entity_url("graph/" + label, node["name"])
        return page(request, "department.html", **context)
    if label == "Industry":
        context["industry"] = workbench.industry(node)
        return page(request, "industry.html", **context)
    context["facts"] = workbench.facts_of(node["id"])
    context["targets"] = workbench.targets_of(node["id"])
    context["documents"] = workbench.documents()
    return page(request, "entity.html", **context)


async def document_page(request: Request) -> Response:
    name = request.path_params["name"]
    document = workbench_of(request).document(name)
    return page(request, "document.html", title=document["info"].get("title") or name, document=document, name=name)


async def matrix_page(request: Request) -> Response:
    workbench = workbench_of(request)
    filters = matrix_filter(request, workbench)
    matrix = workbench.matrix(filters)
    return page(
        request,
        "matrix.html",
        title="Ownership matrix",
        matrix=matrix,
        filters=filters,
        link_params=filter_query(filters),
        provinces=workbench.provinces(),
        labels=MATRIX_LABELS,
        all_roles=ROLES,
    )


async def evidence_page(request: Request) -> Response:
    workbench = workbench_of(request)
    filters = matrix_filter(request, workbench)
    department = request.query_params.get("department", "").strip()
    target = request.query_params.get("target", "").strip()
    if not department or not target:
        raise WorkbenchError("evidence needs department=NAME and target=NAME (a cell of the matrix links here)")
    evidence = workbench.evidence(department, target, filters)
    return page(request, "evidence.html", title=f"{department} → {target}", evidence=evidence, filters=filters,
                link_params=filter_query(filters))  # fmt: skip


async def queries_page(request: Request) -> Response:
    return page(request, "queries.html", title="Canned queries", queries=list_queries())


async def query_page(request: Request) -> Response:
    name = request.path_params["name"]
    try:
        query = get_query(name)
    except QueryError as err:
        raise WorkbenchError(str(err), status=404) from err
    given = {
        param.name: request.query_params[param.name]
        for param in query.params
        if request.query_params.get(param.name, "") != ""
    }
    unknown = sorted(set(request.query_params) - {param.name for param in query.params} - {"format", "run"})
    if unknown:
        raise WorkbenchError(f"query {name} takes no parameter {', '.join(unknown)}")
    output = choice_param(request, "format", ("html", "csv", "json"), "html")
    wanted = bool(given) or "run" in request.query_params or not query.params or output != "html"
    rows: list[dict[str, Any]] | None = None
    if wanted:
        bind_params(query, given)  # a missing or mistyped parameter is a 400, before the store is asked
        workbench = workbench_of(request)
        with workbench.lock:
            rows = run_query(workbench.store, name, given)
    if rows is not None and output == "csv":
        return download(rows_to_csv(rows), f"{name}.csv", "text/csv; charset=utf-8")
    if rows is not None and output == "json":
        return download(rows_to_json(rows), f"{name}.json", "application/json; charset=utf-8")
    return page(request, "query.html", title=name, query=query, given=given, rows=rows,
                columns=column_names(rows) if rows else [], download_params=given)  # fmt: skip


def download(text: str, filename: str, media_type: str) -> Response:
    return Response(text, media_type=media_type, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


async def cypher_page(request: Request) -> Response:
    text = request.query_params.get("q", "")
    output = choice_param(request, "format", ("html", "csv", "json"), "html")
    view = choice_param(request, "view", ("table", "graph"), "table")
    rows: list[dict[str, Any]] | None = None
    error = None
    status = 200
    graph = None
    if text.strip():
        workbench = workbench_of(request)
        try:
            with workbench.lock:
                rows = run_cypher(workbench.store, text, write=False)
        except QueryError as err:  # refused writes and the engine's syntax errors: shown on the page
            error = (
                one_line(str(err))
                .split("; allow writes with", 1)[0]
                .replace("refused to run a write as a read-only query", "refused: the console only reads the graph")
            )
            status = 400
        if rows is not None:
            if output == "csv":
                return download(rows_to_csv(rows), "cypher.csv", "text/csv; charset=utf-8")
            if output == "json":
                return download(rows_to_json(rows), "cypher.json", "application/json; charset=utf-8")
            if view == "graph":
                graph = graph_of_rows(workbench, rows)
    shown = rows[:MAX_CONSOLE_ROWS] if rows is not None else None
    return page(request, "cypher.html", status=status, title="Cypher console", q=text, rows=shown, total=len(rows or []),
                columns=column_names(shown) if shown else [], error=error, example=CONSOLE_EXAMPLE, view=view,
                graph=graph)  # fmt: skip


def one_line(message: str) -> str:
    """The first line of an engine's message (the rest echoes the query).

    Example:
        >>> one_line("Parser exception: bad\\n\\"MATC\\"\\n ^")
        'Parser exception: bad'
    """
    lines = [line.strip() for line in message.splitlines() if line.strip()]
    return lines[0] if lines else "the query failed"


def graph_of_rows(workbench: Workbench, rows: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The entities a console result names (by id, as nodes, or by canonical name), with the facts between them."""
    chosen = sorted(workbench.ids_in_rows(rows))[:MAX_CONSOLE_GRAPH_NODES]
    if not chosen:
        return {
            "nodes": [],
            "edges": [],
            "note": "the result names no entity: return nodes, their ids or their names to see a graph",
        }
    return drawing(workbench.ego_network_between(chosen), None, url_of=node_url)


async def graph_page(request: Request) -> Response:
    kind = request.path_params["kind"]
    if kind not in PAGE_LABELS:
        raise WorkbenchError(f"no graph view for {kind!r}; use one of {', '.join(PAGE_LABELS)}", status=404)
    label = PAGE_LABELS[kind]
    depth = int_param(request, "depth", low=1, high=MAX_DEPTH, default=1) or 1
    workbench = workbench_of(request)
    try:
        node = workbench.entity(label, request.path_params["name"])
    except WorkbenchError as err:
        if err.suggestions and err.suggestions[0].get("canonical"):
            return RedirectResponse(
                with_query(entity_url("graph/" + label, err.suggestions[0]["name"]), depth=depth), status_code=307
            )
        raise
    network = workbench.ego_network(node["id"], depth=depth)
    graph = drawing(network, node["id"], url_of=node_url)
    return page(request, "graph.html", title=f"{node['name']} · neighbourhood", node=node, label=label, depth=depth,
                graph=graph, legend=legend(graph), filters=True, max_depth=MAX_DEPTH)  # fmt: skip


# ----------------------------------------------------------------------------- errors


async def workbench_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, WorkbenchError)
    return page(request, "error.html", status=exc.status, title="Not found" if exc.status == 404 else "Bad request",
                message=str(exc), suggestions=exc.suggestions)  # fmt: skip


async def policykg_error(request: Request, exc: Exception) -> Response:
    # A canned query's bad parameter, a query the engine refused: the message says what to change.
    return page(request, "error.html", status=400, title="Bad request", message=one_line(str(exc)), suggestions=[])


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404:
        message = f"there is no page at {request.url.path}"
    else:
        message = str(exc.detail)
    return page(
        request, "error.html", status=exc.status_code, title=str(exc.status_code), message=message, suggestions=[]
    )


async def server_error(request: Request, exc: Exception) -> Response:
    log.exception("error while serving %s", request.url.path, exc_info=exc)
    try:
        return page(request, "error.html", status=500, title="Server error",
                    message="the server could not answer this page; its log says why", suggestions=[])  # fmt: skip
    except Exception:  # the template itself failed: plain text, still without the traceback
        return PlainTextResponse("the server could not answer this page; its log says why", status_code=500)


# ----------------------------------------------------------------------------- the token


class TokenMiddleware:
    """Lets a request through only with the server's token: ``?token=``, the cookie, or ``Authorization: Bearer``.

    A request carrying the right ``?token=`` sets the cookie, so that the links of
    the page (which do not carry the token) work afterwards.
    """

    def __init__(self, app, token: str):
        self.app = app
        self.token = token

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        header = request.headers.get("authorization", "")
        offered = [
            request.query_params.get("token", ""),
            request.cookies.get(TOKEN_COOKIE, ""),
            header.removeprefix("Bearer ").strip(),
        ]
        if not any(candidate and hmac.compare_digest(candidate, self.token) for candidate in offered):
            response = PlainTextResponse(
                "this workbench needs its token: open the address `policykg serve` printed (it ends in ?token=…)",
                status_code=401,
            )
            await response(scope, receive, send)
            return
        if request.query_params.get("token") and request.cookies.get(TOKEN_COOKIE) != self.token:

            async def send_with_cookie(message):
                if message["type"] == "http.response.start":
                    cookie = f"{TOKEN_COOKIE}={self.token}; Path=/; HttpOnly; SameSite=Strict"
                    message = {**message, "headers": [*message.get("headers", []), (b"set-cookie", cookie.encode())]}
                await send(message)

            await self.app(scope, receive, send_with_cookie)
            return
        await self.app(scope, receive, send)


# ----------------------------------------------------------------------------- the app


def create_app(store: GraphStore, *, token: str | None = None, allowed_hosts: Sequence[str] | None = None) -> Starlette:
    """The workbench app over an open store (opened read-only by the caller; it is not closed here).

    Args:
        store: the graph, embedded or Neo4j, opened with ``read_only=True``.
        token: when set, every request must carry it (see :class:`TokenMiddleware`).
        allowed_hosts: the ``Host`` headers to answer (others get a 400), against
            DNS rebinding of a loopback server; ``None`` answers any.

    Returns:
        The ASGI application.
    """
    routes = [
        Route("/", home),
        Route("/search", search),
        Route("/matrix", matrix_page),
        Route("/evidence", evidence_page),
        Route("/queries", queries_page),
        Route("/queries/{name}", query_page),
        Route("/cypher", cypher_page),
        Route("/graph/{kind}/{name:path}", graph_page),
        Route("/document/{name:path}", document_page),
        *(Route(f"/{segment}/{{name:path}}", entity_page) for segment in PAGE_LABELS),
        Mount("/static", app=StaticFiles(packages=[("policykg.web", "static")]), name="static"),
    ]
    middleware = []
    if allowed_hosts is not None:
        middleware.append(Middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts)))
    if token:
        middleware.append(Middleware(TokenMiddleware, token=token))
    app = Starlette(
        routes=routes,
        middleware=middleware,
        exception_handlers={
            WorkbenchError: workbench_error,
            PolicyKGError: policykg_error,
            HTTPException: http_error,
            Exception: server_error,
        },
    )
    app.state.workbench = Workbench(store)
    return app


def static_files() -> list[str]:
    """The names of the assets the package serves under ``/static``."""
    return sorted(entry.name for entry in resources.files("policykg.web").joinpath("static").iterdir())


__all__ = ["create_app", "drawing", "entity_url", "node_url", "static_files", "with_query"]
