"""Interactive views of the graph: one self-contained, offline HTML page per view.

The page is the workbench's graph view (``policykg serve``) as a file: the same
choice of nodes and the same aggregation (``policykg/web/network.py``), the same
layout computed before drawing (``policykg/web/layout.py``), the same styles
(``policykg/web/drawing.py``) and the same script (``policykg/web/static/graph.js``).
An ego network is drawn around its focus, emphasised; a view with no centre (the
whole graph, what a query returns) by communities. There is one edge per pair,
carrying its roles and how many facts say so; a click on it lists its evidence
sentences and their documents in the side panel. Targets are counted on the
entity they aim at (◎n). No label overlaps another, and positions are fixed:
there is no physics to settle.

vis-network 9.1.2 (Apache-2.0 or MIT), its script and style sheet shipped in
``policykg/web/static/``, is inlined with everything else: the page refers to no
http(s) resource at all and opens on a machine with no network.

A view comes from a store (:func:`build_view`: as ``policykg viz`` draws it) or
from a networkx graph as :func:`policykg.graph.analytics.to_networkx` builds it
(:func:`draw_view`, :class:`GraphFacts`).
"""

from __future__ import annotations

import html
import json
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx
from jinja2 import ChoiceLoader, Environment, FunctionLoader, PackageLoader, select_autoescape

from policykg.errors import PolicyKGError
from policykg.names import name_key
from policykg.outputs import OutputError, atomic_path, check_output

from ..graph.queries import run_query
from ..graph.resolve import resolve_name
from .drawing import FONT_CSS, LABEL_STYLES, OTHER_LABEL_STYLE, LabelStyle, drawing, legend, shape_swatch
from .network import FOLDED_LABELS, ego_network, most_connected_network, network_between

if TYPE_CHECKING:
    from ..graph.store import GraphStore

DEFAULT_MAX_NODES = 2000
DEFAULT_SEED = 7
VIS_NETWORK_VERSION = "9.1.2"
VIS_NETWORK_FILES = ("vis-network.min.js", "vis-network.css")
_PAGE_TEMPLATE = "viz_page.html"

FOCUS_LABELS: dict[str, str] = {"department": "Department", "industry": "Industry", "place": "Place"}
NARROW_HINT = "Narrow the view (a department, industry, place or query) or allow more nodes (--max-nodes)."


class ViewError(PolicyKGError):
    """A view could not be built (no such node, or a bad argument)."""


# ---------------------------------------------------------------- pure helpers


def as_name_list(value: Any) -> list[str]:
    """Read an ``aliases`` attribute (a list, a JSON list, a ``|``-joined or plain string) as names.

    Example:
        >>> as_name_list(["省工信委", "", "省工信委"])
        ['省工信委']
        >>> as_name_list('["a", "b"]')
        ['a', 'b']
        >>> as_name_list(None)
        []
    """
    if value is None:
        return []
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            try:
                value = json.loads(text)
            except json.JSONDecodeError:
                value = [text]
        else:
            value = text.split("|")
    names: list[str] = []
    for item in value:
        item = str(item).strip()
        if item and item not in names:
            names.append(item)
    return names


def json_for_script(value: Any) -> str:
    """JSON that is inert inside a ``<script>`` element: ``<``, ``>`` and ``&`` as ``\\u`` escapes.

    Document text may hold anything, ``</script>`` or ``<!--`` included; escaped, it cannot
    end the element or switch the parser's state (Jinja's ``tojson`` does the same).

    Example:
        >>> json_for_script({"a": "</script>"})
        '{"a": "\\\\u003c/script\\\\u003e"}'
        >>> json.loads(json_for_script({"a": "</script>"}))
        {'a': '</script>'}
    """
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def node_label(attrs: Mapping[str, Any]) -> str:
    """The label (``Department``, ``Industry``, …) of a node's attributes."""
    label = attrs.get("label")
    if isinstance(label, (list, tuple)):
        label = label[0] if label else None
    return str(label) if label else "Entity"


def display_name(key: Hashable, attrs: Mapping[str, Any]) -> str:
    """The name a node is drawn with: its canonical name, or a description of a nameless target.

    Example:
        >>> display_name("t1", {"label": "Target", "metric": "收入", "value": 1000, "unit": "亿元", "year": 2014})
        '收入 1000 亿元 (2014)'
        >>> display_name("x", {})
        'x'
    """
    name = attrs.get("name")
    if name:
        return str(name)
    if attrs.get("metric") is not None or attrs.get("value") is not None:
        parts = [str(attrs[k]) for k in ("subject", "metric", "value", "unit") if attrs.get(k) not in (None, "")]
        text = " ".join(parts)
        return f"{text} ({attrs['year']})" if attrs.get("year") else text
    return str(attrs.get("title") or attrs.get("id") or key)


def document_index(graph: nx.MultiDiGraph) -> dict[str, dict[str, Any]]:
    """Title, year and 文号 of the graph's Document nodes, under every key an edge's ``doc`` may use."""
    index: dict[str, dict[str, Any]] = {}
    for key, attrs in graph.nodes(data=True):
        if node_label(attrs) != "Document":
            continue
        year = attrs.get("year")
        info = {
            "title": str(attrs.get("title") or attrs.get("name") or attrs.get("doc") or key),
            "year": int(year) if isinstance(year, (int, float)) else None,
            "doc_number": attrs.get("doc_number"),
        }
        for ref in (key, attrs.get("id"), attrs.get("doc"), attrs.get("name"), attrs.get("path")):
            if ref not in (None, ""):
                index.setdefault(str(ref), info)
    return index


def find_nodes(graph: nx.MultiDiGraph, name: str, *, label: str | None = None) -> list[Hashable]:
    """Nodes whose name or alias equals ``name`` (folded), optionally of one label only.

    Example:
        >>> g = nx.MultiDiGraph()
        >>> g.add_node("d1", label="Department", name="江西省工业和信息化委员会", aliases=["省工信委"])
        >>> find_nodes(g, "省工信委", label="Department")
        ['d1']
        >>> find_nodes(g, "省工信委", label="Industry")
        []
    """
    wanted = name_key(name)
    found = []
    for key, attrs in graph.nodes(data=True):
        if label is not None and node_label(attrs) != label:
            continue
        names = [str(attrs.get("name") or "")] + as_name_list(attrs.get("aliases"))
        if any(name_key(n) == wanted for n in names if n):
            found.append(key)
    return sorted(found, key=str)


# ------------------------------------------------------------- facts of a networkx graph


def _evidence_items(attrs: Mapping[str, Any]) -> list[tuple[Any, Any]]:
    """An edge's evidence sentences and their documents (an edge may hold lists of both)."""
    evidence = attrs.get("evidence")
    doc = attrs.get("doc")
    if isinstance(evidence, (list, tuple)):
        docs = doc if isinstance(doc, (list, tuple)) and len(doc) == len(evidence) else [doc] * len(evidence)
        return [(str(e), d) for e, d in zip(evidence, docs, strict=True) if e] or [(None, None)]
    return [(evidence if evidence not in ("", None) else None, doc)]


class GraphFacts:
    """The facts of a networkx graph (as ``to_networkx`` builds it), for ``policykg/web/network.py``.

    Nodes are keyed by any hashable (the store's ids, as ``to_networkx`` keys them); a node's
    ``label`` attribute gives its label. ``MENTIONED_IN`` edges are not facts.
    """

    def __init__(self, graph: nx.MultiDiGraph):
        self.graph = graph
        self.keys = {str(key): key for key in graph.nodes}

    def _label(self, node_id: str) -> str:
        return node_label(self.graph.nodes[self.keys[node_id]])

    def _rows(self, u: Hashable, v: Hashable, attrs: Mapping[str, Any]) -> list[dict[str, Any]]:
        rel = str(attrs.get("type") or "RELATED_TO")
        if rel == "MENTIONED_IN":
            return []
        head, tail = str(u), str(v)
        row = {"head": head, "tail": tail, "head_label": self._label(head), "tail_label": self._label(tail),
               "rel": rel, "role": attrs.get("role") or None, "year": attrs.get("year"), "start": attrs.get("start")}  # fmt: skip
        return [{**row, "evidence": evidence, "doc": doc} for evidence, doc in _evidence_items(attrs)]

    def facts(self, ids: Sequence[str], *, among: bool) -> list[dict[str, Any]]:
        """The facts with both ends in ``ids`` (``among``), or with one end in them."""
        wanted = {node_id for node_id in ids if node_id in self.keys}
        rows: list[dict[str, Any]] = []
        for node_id in sorted(wanted):
            key = self.keys[node_id]
            for u, v, attrs in self.graph.out_edges(key, data=True):
                if not among or str(v) in wanted:
                    rows += self._rows(u, v, attrs)
            if not among:
                for u, v, attrs in self.graph.in_edges(key, data=True):
                    if str(u) not in wanted:
                        rows += self._rows(u, v, attrs)
        return rows

    def entities(self, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """Name, label and aliases of each of ``ids`` that the graph holds."""
        found = {}
        for node_id in ids:
            if node_id in self.keys:
                key = self.keys[node_id]
                attrs = self.graph.nodes[key]
                found[node_id] = {"name": display_name(key, attrs), "label": node_label(attrs),
                                  "aliases": as_name_list(attrs.get("aliases"))}  # fmt: skip
        return found

    def target_counts(self, ids: Sequence[str]) -> dict[str, int]:
        """How many Targets aim at each of ``ids`` (``TARGETS`` from a Target node)."""
        counts: dict[str, int] = {}
        for node_id in ids:
            if node_id in self.keys:
                targets = {
                    u
                    for u, _, attrs in self.graph.in_edges(self.keys[node_id], data=True)
                    if attrs.get("type") == "TARGETS" and node_label(self.graph.nodes[u]) == "Target"
                }
                if targets:
                    counts[node_id] = len(targets)
        return counts

    def degrees(self) -> dict[str, int]:
        """Every node a view draws (no Target, no Document), with how many others it shares a fact with."""
        neighbours: dict[str, set[str]] = {
            str(key): set() for key, attrs in self.graph.nodes(data=True) if node_label(attrs) not in FOLDED_LABELS
        }
        for u, v, attrs in self.graph.edges(data=True):
            head, tail = str(u), str(v)
            if attrs.get("type") != "MENTIONED_IN" and head != tail and head in neighbours and tail in neighbours:
                neighbours[head].add(tail)
                neighbours[tail].add(head)
        return {node_id: len(others) for node_id, others in neighbours.items()}

    def document_info(self) -> dict[str, dict[str, Any]]:
        """Title, year and 文号 of the graph's documents."""
        return document_index(self.graph)


# ------------------------------------------------------------------ the page


@dataclass(frozen=True)
class ViewSummary:
    """What a rendered view holds, and how much of the input it left out."""

    nodes: int
    edges: int
    input_nodes: int
    note: str | None


@dataclass(frozen=True)
class View:
    """A rendered view: the page, its title and what it holds. Shows itself inline in Jupyter."""

    html: str
    title: str
    summary: ViewSummary

    def write(self, path: str | Path) -> Path:
        """Write the page as UTF-8 (see :func:`write_view`)."""
        return write_view(self.html, path)

    def _repr_html_(self) -> str:
        return notebook_frame(self.html)


def vis_network_assets() -> tuple[str, str]:
    """vis-network's script and style sheet, as the package ships them (``policykg/web/static/``).

    Raises:
        ViewError: when the installed package lacks them.
    """
    folder = resources.files("policykg.web").joinpath("static")
    script, sheet = (folder / name for name in VIS_NETWORK_FILES)
    if not (script.is_file() and sheet.is_file()):
        raise ViewError(
            f"the installed policykg lacks vis-network {VIS_NETWORK_VERSION} ({', '.join(VIS_NETWORK_FILES)} in "
            "policykg/web/static); reinstall it with `pip install -e .`"
        )
    return script.read_text(encoding="utf-8"), sheet.read_text(encoding="utf-8")


def _static_text(name: str) -> str:
    return resources.files("policykg.web").joinpath("static", name).read_text(encoding="utf-8")


@cache
def _environment() -> Environment:
    # The page's own template, then the workbench's fragments it includes (the canvas, the legend).
    page = resources.files("policykg.web").joinpath("templates", _PAGE_TEMPLATE).read_text(encoding="utf-8")
    loader = ChoiceLoader(
        [
            FunctionLoader(lambda name: page if name == _PAGE_TEMPLATE else None),
            PackageLoader("policykg.web", "templates"),
        ]
    )
    return Environment(loader=loader, autoescape=select_autoescape(default=True, default_for_string=True))


def render_page(data: Mapping[str, Any], summary: ViewSummary, *, title: str) -> str:
    """One self-contained HTML page drawing ``data`` (as :func:`policykg.web.drawing.drawing` gives it)."""
    vis_js, vis_css = vis_network_assets()
    return (
        _environment()
        .get_template(_PAGE_TEMPLATE)
        .render(
            title=title,
            vis_js=vis_js,
            vis_css=vis_css,
            app_css=_static_text("app.css"),
            graph_js=_static_text("graph.js"),
            font_css=FONT_CSS,
            node_count=summary.nodes,
            edge_count=summary.edges,
            note=summary.note,
            legend=legend(data),
            filters=True,
            data_json=json_for_script(data),
        )
    )


def draw_network(network: Mapping[str, Any], *, title: str, focus: str | None = None, seed: int = DEFAULT_SEED) -> View:
    """The page of a network from ``policykg/web/network.py``: placed, styled, and written out whole."""
    data = drawing(network, focus, seed=seed)
    total = network.get("total", len(network["nodes"]))
    note = f"Showing {network['note']}. {NARROW_HINT}" if network.get("note") else None
    summary = ViewSummary(nodes=len(data["nodes"]), edges=len(data["edges"]), input_nodes=total, note=note)
    return View(html=render_page(data, summary, title=title), title=title, summary=summary)


def draw_view(
    graph: nx.MultiDiGraph,
    *,
    title: str,
    max_nodes: int = DEFAULT_MAX_NODES,
    seed: int = DEFAULT_SEED,
) -> View:
    """The view of a networkx graph: its ``max_nodes`` best connected nodes, laid out by communities.

    Document nodes and ``MENTIONED_IN`` edges are left out (the documents' titles and years
    go with the evidence), Targets are counted on their subject, and the facts of each pair
    are drawn as one edge.

    Args:
        graph: a graph with node attributes ``label``, ``name``, ``aliases`` and edge
            attributes ``type``, ``role``, ``evidence``, ``doc``, ``year``.
        title: the page's heading and title.
        max_nodes: past this many nodes only the best connected are drawn, and the page says so.
        seed: the seed of the community detection that lays the view out.

    Raises:
        ViewError: for ``max_nodes`` below 1.
    """
    if max_nodes < 1:
        raise ViewError(f"max_nodes must be at least 1, not {max_nodes}")
    return draw_network(most_connected_network(GraphFacts(graph), max_nodes), title=title, seed=seed)


def render_view(
    graph: nx.MultiDiGraph,
    *,
    title: str,
    max_nodes: int = DEFAULT_MAX_NODES,
    seed: int = DEFAULT_SEED,
) -> str:
    """Render a networkx graph as one self-contained, offline HTML page (see :func:`draw_view`).

    Example:
        >>> g = nx.MultiDiGraph()
        >>> g.add_node(1, label="Department", name="省工信委", aliases=[])
        >>> g.add_node(2, label="Industry", name="光伏", aliases=["光伏产业"])
        >>> _ = g.add_edge(1, 2, type="RESPONSIBLE_FOR", role="lead", evidence="…", doc="d.txt", year=2014)
        >>> page = render_view(g, title="光伏")
        >>> "牵头 lead" in page and "https://" not in page.split("<script>", 1)[0]
        True
    """
    return draw_view(graph, title=title, max_nodes=max_nodes, seed=seed).html


def write_view(html_text: str, path: str | Path) -> Path:
    """Write a rendered view as UTF-8.

    Raises:
        ViewError: when the file cannot be written.
    """
    target = check_output(path)
    try:
        with atomic_path(target) as partial:
            partial.write_text(html_text, encoding="utf-8")
    except OutputError as err:  # the message names the file and the system's reason
        raise ViewError(str(err)) from err
    return target


# ------------------------------------------------------------- choosing a view


def select_view(
    graph: nx.MultiDiGraph,
    *,
    department: str | None = None,
    industry: str | None = None,
    place: str | None = None,
    depth: int = 1,
    max_nodes: int = DEFAULT_MAX_NODES,
) -> tuple[dict[str, Any], str]:
    """The network of a networkx graph's view: the whole graph, or the neighbourhood of one node, with a title.

    Names are matched against each node's name and aliases (folded).

    Returns:
        The network (``policykg/web/network.py``) and the page title.

    Raises:
        ViewError: for more than one centre, or a name no node of that label carries
            (the message suggests names that contain it).

    Example:
        >>> g = nx.MultiDiGraph()
        >>> g.add_node("a", label="Industry", name="光伏", aliases=["光伏产业"])
        >>> g.add_node("b", label="Department", name="省工信委", aliases=[])
        >>> _ = g.add_edge("b", "a", type="RESPONSIBLE_FOR", role="lead")
        >>> network, title = select_view(g, industry="光伏产业")
        >>> [node["id"] for node in network["nodes"]], title
        (['a', 'b'], 'Industry 光伏: neighbourhood, depth 1')
    """
    given = {
        option: name for option, name in (("department", department), ("industry", industry), ("place", place)) if name
    }
    if len(given) > 1:
        raise ViewError(f"choose one centre for the view, not {' and '.join('--' + option for option in given)}")
    source = GraphFacts(graph)
    if not given:
        return most_connected_network(source, max_nodes), "Policy graph"
    option, name = next(iter(given.items()))
    label = FOCUS_LABELS[option]
    centres = find_nodes(graph, name, label=label)
    if not centres:
        raise ViewError(_not_found_message(graph, name, label))
    shown = display_name(centres[0], graph.nodes[centres[0]])
    network = ego_network(source, [str(c) for c in centres], depth=depth, max_nodes=max_nodes)
    return network, f"{label} {shown}: neighbourhood, depth {depth}"


def _not_found_message(graph: nx.MultiDiGraph, name: str, label: str) -> str:
    wanted = name_key(name)
    near = sorted(
        {
            display_name(key, attrs)
            for key, attrs in graph.nodes(data=True)
            if node_label(attrs) == label
            and any(
                wanted in name_key(n) or (name_key(n) and name_key(n) in wanted)
                for n in [str(attrs.get("name") or ""), *as_name_list(attrs.get("aliases"))]
                if n
            )
        }
    )
    hint = (
        f"; did you mean {', '.join(near[:8])}?"
        if near
        else "; a name must equal the node's name or one of its aliases"
    )
    return f"no {label} named {name!r} in the graph{hint}"


def select_query_view(workbench: Any, name: str, params: Mapping[str, Any] | None, *,
                      province: str | None = None, max_nodes: int = DEFAULT_MAX_NODES) -> dict[str, Any]:  # fmt: skip
    """The network of the nodes a canned query's rows name, by id or by canonical name.

    Raises:
        QueryError: unknown query, bad parameters, or a failing query.
        ViewError: when the query returns nothing to draw.
    """
    with workbench.lock:
        rows = run_query(workbench.store, name, params or {}, province=province)
    if not rows:
        raise ViewError(
            f"query {name} returned no rows, so there is nothing to draw; check its parameters (policykg queries)"
        )
    ids = workbench.ids_in_rows(rows)
    if not ids:
        raise ViewError(f"the rows of query {name} name no node of the graph; draw a query that returns names or ids")
    return network_between(workbench, ids, max_nodes=max_nodes)


def build_view(
    store: GraphStore,
    *,
    department: str | None = None,
    industry: str | None = None,
    place: str | None = None,
    query: str | None = None,
    params: Mapping[str, Any] | None = None,
    depth: int = 1,
    max_nodes: int = DEFAULT_MAX_NODES,
    seed: int = DEFAULT_SEED,
    title: str | None = None,
    province: str | None = None,
) -> View:
    """The view of a store: the whole graph, a neighbourhood, or what a canned query returns.

    The nodes and facts are read as the workbench reads them (``policykg/web/workbench.py``),
    so the file shows what ``policykg serve`` shows for the same entity.

    Args:
        store: an open store (embedded or Neo4j).
        department, industry, place: the centre of a neighbourhood view, by name or alias.
        query: a canned query (``policykg queries``); the view shows the nodes its rows refer to.
        params: the canned query's parameters.
        depth: how far a neighbourhood reaches.
        max_nodes: past this many nodes only the nearest and best connected are drawn.
        seed: the seed of the community detection that lays out a view with no centre.
        title: the page title (a description of the view by default).
        province: resolve names within this province (graph/resolve.py).

    Returns:
        The view; ``view.write(path)`` saves it, and Jupyter shows it inline.

    Raises:
        ViewError: for conflicting options.
        NameNotFound, AmbiguousName: for a name that names nothing, or bodies of several provinces.
        QueryError: for a failing query.
    """
    from .workbench import Workbench

    given = {
        option: name for option, name in (("department", department), ("industry", industry), ("place", place)) if name
    }
    if query and given:
        raise ViewError("--query draws what the query returns; leave out --department, --industry and --place")
    if len(given) > 1:
        raise ViewError(f"choose one centre for the view, not {' and '.join('--' + option for option in given)}")
    if depth < 0:
        raise ViewError(f"depth must be 0 or more, not {depth}")
    if max_nodes < 1:
        raise ViewError(f"max_nodes must be at least 1, not {max_nodes}")
    workbench = Workbench(store)
    focus = None
    if query:
        network = select_query_view(workbench, query, params, province=province, max_nodes=max_nodes)
        default_title = f"Query {query}" + "".join(f", {key}={value}" for key, value in sorted((params or {}).items()))
    elif given:  # the name resolves as in every command (graph/resolve.py)
        option, name = next(iter(given.items()))
        label = FOCUS_LABELS[option]
        centres = sorted(resolve_name(store, name, (label,), province=province, option=f"--{option}"))
        network = ego_network(workbench, centres, depth=depth, max_nodes=max_nodes)
        names = {node["id"]: node["name"] for node in network["nodes"]}
        shown = ", ".join(names.get(c, c) for c in centres[:3]) + (" …" if len(centres) > 3 else "")
        default_title = f"{label} {shown}: neighbourhood, depth {depth}"
        focus = centres[0]
    else:
        network = most_connected_network(workbench, max_nodes)
        default_title = "Policy graph"
    return draw_network(network, title=title or default_title, focus=focus, seed=seed)


def notebook_frame(html_text: str, *, height: int = 600) -> str:
    """An ``<iframe srcdoc>`` holding a rendered view, for ``IPython.display.HTML``.

    The page keeps its own script scope inside the frame, so several views can sit in one
    notebook, and the notebook needs no network to show them. The frame is wrapped in a
    ``<div>`` because IPython warns about HTML that starts with an iframe.

    Example:
        >>> notebook_frame("<p>\\"x\\"</p>", height=300)
        '<div class="policykg-view"><iframe srcdoc="&lt;p&gt;&quot;x&quot;&lt;/p&gt;" style="width: 100%; height: 300px; border: 0" sandbox="allow-scripts"></iframe></div>'
    """
    return (
        f'<div class="policykg-view"><iframe srcdoc="{html.escape(html_text, quote=True)}" '
        f'style="width: 100%; height: {int(height)}px; border: 0" sandbox="allow-scripts"></iframe></div>'
    )


__all__ = [
    "DEFAULT_MAX_NODES",
    "DEFAULT_SEED",
    "FOCUS_LABELS",
    "LABEL_STYLES",
    "OTHER_LABEL_STYLE",
    "GraphFacts",
    "LabelStyle",
    "View",
    "ViewError",
    "ViewSummary",
    "as_name_list",
    "build_view",
    "display_name",
    "document_index",
    "draw_network",
    "draw_view",
    "find_nodes",
    "json_for_script",
    "node_label",
    "notebook_frame",
    "render_page",
    "render_view",
    "select_query_view",
    "select_view",
    "shape_swatch",
    "vis_network_assets",
    "write_view",
]
