"""Interactive views of the graph: one self-contained, offline HTML page per view.

The page is drawn by vis-network through pyvis: :func:`to_pyvis` turns a
networkx graph (as :func:`policykg.graph.analytics.to_networkx` builds it) into
a pyvis ``Network``; :func:`render_view` renders that network with the
project's own page template. pyvis's templates link bootstrap and vis-network
from CDNs even in ``in_line`` mode, so the page template here inlines
vis-network's script and style sheet (the copies pyvis ships) and refers to no
http(s) resource at all: the file opens on a machine with no network.

What the page offers: colour and shape per label with a legend, edge labels by
relationship and role, hover text with the evidence sentence and its document,
a search box that finds a node by any alias, filters by label and by
relationship/role, and a layout that is seeded, stabilised, then frozen.
"""

from __future__ import annotations

import html
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx
from jinja2 import Environment, select_autoescape
from pyvis.network import Network

from policykg import vocabulary
from policykg.errors import PolicyKGError
from policykg.outputs import OutputError, atomic_path, check_output

from .analytics import referenced_node_ids, to_networkx
from .queries import run_query
from .resolve import resolve_name

if TYPE_CHECKING:
    from .store import GraphStore

DEFAULT_MAX_NODES = 2000
DEFAULT_SEED = 7

# The default view is about entities; provenance shows in the edges' hover text instead.
VIEW_EXCLUDED_LABELS: tuple[str, ...] = ("Document",)
VIEW_EXCLUDED_TYPES: tuple[str, ...] = ("MENTIONED_IN",)

VIS_NETWORK_VERSION = "9.1.2"
# pyvis ships vis-network twice; either copy will do.
_VIS_ASSET_DIRS = (f"templates/lib/vis-{VIS_NETWORK_VERSION}", f"lib/vis-{VIS_NETWORK_VERSION}")
_PAGE_TEMPLATE = "viz_page.html"

# Chinese labels need a CJK face; canvas text falls back along this list.
FONT_FACES = ('"Noto Sans CJK SC"', '"Source Han Sans SC"', '"PingFang SC"', '"Microsoft YaHei"', "sans-serif")
FONT_CSS = ", ".join(FONT_FACES)

# Evidence sentences listed in one edge's hover text before "and N more".
MAX_EVIDENCE_IN_TOOLTIP = 6


@dataclass(frozen=True)
class LabelStyle:
    """How the nodes of one label look: a vis-network shape and its colours."""

    shape: str
    background: str
    border: str
    font_colour: str = "#222222"


LABEL_STYLES: dict[str, LabelStyle] = {
    "Department": LabelStyle("box", "#d5e4f5", "#4e79a7"),
    "Industry": LabelStyle("ellipse", "#fddcb5", "#f28e2b"),
    "Platform": LabelStyle("hexagon", "#59a14f", "#3b7a34"),
    "Enterprise": LabelStyle("diamond", "#e15759", "#a83537"),
    "Place": LabelStyle("triangle", "#76b7b2", "#4a8c87"),
    "Event": LabelStyle("star", "#edc948", "#b89a1e"),
    "Target": LabelStyle("square", "#b07aa1", "#7f5474"),
    "Document": LabelStyle("dot", "#d9d9d9", "#8c8c8c"),
}
OTHER_LABEL_STYLE = LabelStyle("dot", "#bab0ac", "#79706e")
# Shapes that draw their label inside; the others carry it underneath.
_LABEL_INSIDE_SHAPES = frozenset({"box", "ellipse", "circle", "database", "text"})

RELATIONSHIP_COLOURS: dict[str, str] = {
    "RESPONSIBLE_FOR": "#4e79a7",
    "LOCATED_IN": "#59a1a0",
    "TARGETS": "#b07aa1",
    "PART_OF": "#9c755f",
}
OTHER_RELATIONSHIP_COLOUR = "#8c8c8c"
# Weaker roles are drawn dashed, the leading one heavier.
# The groups come from the vocabulary (policykg/vocabulary.py), as in every query.
DASHED_ROLES = frozenset(vocabulary.SUPPORTING_ROLES)
ROLE_WIDTHS = {
    role: 3.0 if role in vocabulary.LEADING_ROLES else 2.0 for role in vocabulary.ROLES if role not in DASHED_ROLES
}
ROLE_ORDER = vocabulary.ROLES

_NAME_NOISE = re.compile(r"[\s\"'“”‘’「」『』《》]")


class ViewError(PolicyKGError):
    """A view could not be built (no such node, or a bad argument)."""


@dataclass(frozen=True)
class DocumentInfo:
    """What an edge's hover text says about the document its evidence comes from."""

    title: str
    year: int | None = None


# ---------------------------------------------------------------- pure helpers


def fold_name(name: str) -> str:
    """Fold a name for comparison: no white space or quotes, ASCII brackets, lower case.

    Example:
        >>> fold_name(" 江西省 工信委（电子信息处）")
        '江西省工信委(电子信息处)'
        >>> fold_name("“VR”产业") == fold_name("vr产业")
        True
    """
    return _NAME_NOISE.sub("", name).replace("（", "(").replace("）", ")").lower()


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


def relation_key(rel_type: str, role: str | None) -> str:
    """The filter key of an edge: its relationship type, with its role when it has one.

    Example:
        >>> relation_key("RESPONSIBLE_FOR", "lead")
        'RESPONSIBLE_FOR · lead'
        >>> relation_key("LOCATED_IN", None)
        'LOCATED_IN'
    """
    return f"{rel_type} · {role}" if role else rel_type


def shape_swatch(shape: str, fill: str, stroke: str, size: int = 16) -> str:
    """A small inline SVG of a vis-network node shape, for the legend.

    Example:
        >>> shape_swatch("dot", "#fff", "#000").startswith("<svg")
        True
    """
    s = size
    half = s / 2
    if shape in ("box", "square"):
        inset = 1 if shape == "box" else 2
        body = f'<rect x="{inset}" y="{3 if shape == "box" else inset}" width="{s - 2 * inset}" height="{s - 6 if shape == "box" else s - 2 * inset}" rx="{3 if shape == "box" else 0}"/>'
    elif shape == "ellipse":
        body = f'<ellipse cx="{half}" cy="{half}" rx="{half - 1}" ry="{half - 4}"/>'
    elif shape in ("triangle", "diamond", "hexagon", "star"):
        body = f'<polygon points="{_polygon_points(shape, half)}"/>'
    else:
        body = f'<circle cx="{half}" cy="{half}" r="{half - 2}"/>'
    return (
        f'<svg width="{s}" height="{s}" viewBox="0 0 {s} {s}" aria-hidden="true">'
        f'<g fill="{html.escape(fill)}" stroke="{html.escape(stroke)}" stroke-width="1.5">{body}</g></svg>'
    )


def _polygon_points(shape: str, half: float) -> str:
    r = half - 1.5
    if shape == "triangle":
        angles = [-90, 30, 150]
        radii = [r] * 3
    elif shape == "diamond":
        angles = [-90, 0, 90, 180]
        radii = [r] * 4
    elif shape == "hexagon":
        angles = [0, 60, 120, 180, 240, 300]
        radii = [r] * 6
    else:  # star
        angles = [-90 + 36 * i for i in range(10)]
        radii = [r if i % 2 == 0 else r * 0.45 for i in range(10)]
    points = (
        (half + radius * math.cos(math.radians(a)), half + radius * math.sin(math.radians(a)))
        for a, radius in zip(angles, radii, strict=True)
    )
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in points)


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


# ------------------------------------------------------------- graph shaping


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


def document_index(graph: nx.MultiDiGraph) -> dict[str, DocumentInfo]:
    """Titles and years of the graph's Document nodes, under every key an edge's ``doc`` may use."""
    index: dict[str, DocumentInfo] = {}
    for key, attrs in graph.nodes(data=True):
        if node_label(attrs) != "Document":
            continue
        title = str(attrs.get("title") or attrs.get("name") or attrs.get("doc") or key)
        year = attrs.get("year")
        info = DocumentInfo(title=title, year=int(year) if isinstance(year, (int, float)) else None)
        for ref in (key, attrs.get("id"), attrs.get("doc"), attrs.get("name"), attrs.get("path")):
            if ref not in (None, ""):
                index.setdefault(str(ref), info)
    return index


def entity_view(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The graph without Document nodes and MENTIONED_IN edges (what the default view draws)."""
    keep = [n for n, attrs in graph.nodes(data=True) if node_label(attrs) not in VIEW_EXCLUDED_LABELS]
    view = nx.MultiDiGraph()
    view.graph.update(graph.graph)
    view.add_nodes_from((n, graph.nodes[n]) for n in keep)
    kept = set(keep)
    view.add_edges_from(
        (u, v, k, attrs)
        for u, v, k, attrs in graph.edges(keys=True, data=True)
        if u in kept and v in kept and attrs.get("type") not in VIEW_EXCLUDED_TYPES
    )
    return view


def _node_order(graph: nx.MultiDiGraph, key: Hashable) -> tuple[str, str, str]:
    attrs = graph.nodes[key]
    return (node_label(attrs), display_name(key, attrs), str(key))


def most_connected(graph: nx.MultiDiGraph, max_nodes: int) -> nx.MultiDiGraph:
    """The subgraph on the ``max_nodes`` nodes of highest degree (ties by label, name, key).

    Example:
        >>> g = nx.MultiDiGraph()
        >>> g.add_edges_from([("hub", "a"), ("hub", "b"), ("hub", "c"), ("x", "y")])
        [0, 0, 0, 0]
        >>> sorted(most_connected(g, 3).nodes)
        ['a', 'b', 'hub']
    """
    if max_nodes < 1:
        raise ViewError(f"max_nodes must be at least 1, not {max_nodes}")
    if graph.number_of_nodes() <= max_nodes:
        return graph
    ranked = sorted(graph.nodes, key=lambda n: (-graph.degree(n), *_node_order(graph, n)))
    return graph.subgraph(ranked[:max_nodes]).copy()


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
    wanted = fold_name(name)
    found = []
    for key, attrs in graph.nodes(data=True):
        if label is not None and node_label(attrs) != label:
            continue
        names = [str(attrs.get("name") or "")] + as_name_list(attrs.get("aliases"))
        if any(fold_name(n) == wanted for n in names if n):
            found.append(key)
    return sorted(found, key=lambda n: _node_order(graph, n))


def neighbourhood(graph: nx.MultiDiGraph, centres: Iterable[Hashable], *, depth: int = 1) -> nx.MultiDiGraph:
    """The nodes within ``depth`` steps of ``centres`` (edges taken either way), with their edges.

    Paths do not run through Document nodes (every entity of a document would be one step
    away), but the Document nodes of the kept entities stay in, for the edges' hover text.

    Example:
        >>> g = nx.MultiDiGraph()
        >>> g.add_edges_from([("a", "b"), ("c", "b"), ("c", "d")])
        [0, 0, 0]
        >>> sorted(neighbourhood(g, ["a"], depth=2).nodes)
        ['a', 'b', 'c']
    """
    if depth < 0:
        raise ViewError(f"depth must be 0 or more, not {depth}")
    entities = entity_view(graph)
    undirected = nx.Graph(entities)
    kept: set[Hashable] = set()
    for centre in centres:
        if centre in undirected:
            kept.update(nx.single_source_shortest_path_length(undirected, centre, cutoff=depth))
    documents = {
        other
        for node in kept
        for other in nx.all_neighbors(graph, node)
        if node_label(graph.nodes[other]) in VIEW_EXCLUDED_LABELS
    }
    return graph.subgraph(kept | documents).copy()


# ------------------------------------------------------------------ the page


@dataclass(frozen=True)
class ViewSummary:
    """What a rendered view holds, and how much of the input it left out."""

    nodes: int
    edges: int
    input_nodes: int
    note: str | None


def to_pyvis(
    graph: nx.MultiDiGraph,
    *,
    max_nodes: int = DEFAULT_MAX_NODES,
    seed: int = DEFAULT_SEED,
) -> tuple[Network, ViewSummary]:
    """Build the pyvis network of a graph's default view.

    Document nodes and MENTIONED_IN edges are left out (their titles and years go into the
    edges' hover text); past ``max_nodes`` only the most connected nodes are kept. Parallel
    edges of one relationship and role are drawn once, with all their evidence.

    Args:
        graph: a graph with node attributes ``label``, ``name``, ``aliases`` and edge
            attributes ``type``, ``role``, ``evidence``, ``doc``, ``year``.
        max_nodes: the most nodes to draw.
        seed: the layout's random seed; the same graph and seed give the same picture.

    Returns:
        The network (its ``options`` a plain dict) and a summary of what it holds.
    """
    documents = document_index(graph)
    entities = entity_view(graph)
    input_nodes = entities.number_of_nodes()
    shown = most_connected(entities, max_nodes)
    note = None
    if shown.number_of_nodes() < input_nodes:
        note = (
            f"Showing the {shown.number_of_nodes():,} most connected of {input_nodes:,} nodes. "
            "Narrow the view (a department, industry, place or query) or allow more nodes (--max-nodes)."
        )

    order = sorted(shown.nodes, key=lambda n: _node_order(shown, n))
    ids = {key: index for index, key in enumerate(order)}
    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line")
    for key in order:
        attrs = shown.nodes[key]
        net.add_node(ids[key], **_node_options(key, attrs, shown.degree(key)))

    names = [display_name(key, shown.nodes[key]) for key in order]
    merged = _merge_parallel_edges(shown, ids, documents)
    pair_counts: Counter[tuple[int, int]] = Counter()
    for index, ((source, target, rel_type, role), evidence) in enumerate(merged):
        pair = (min(source, target), max(source, target))
        nth = pair_counts[pair]
        pair_counts[pair] += 1
        heading = f"{names[source]} → {names[target]}"
        net.add_edge(source, target, **_edge_options(index, rel_type, role, evidence, heading, nth))
    net.options = view_options(seed=seed, node_count=len(order))
    return net, ViewSummary(nodes=len(order), edges=len(merged), input_nodes=input_nodes, note=note)


def _node_options(key: Hashable, attrs: Mapping[str, Any], degree: int) -> dict[str, Any]:
    label = node_label(attrs)
    style = LABEL_STYLES.get(label, OTHER_LABEL_STYLE)
    name = display_name(key, attrs)
    aliases = [a for a in as_name_list(attrs.get("aliases")) if a != name]
    lines = [f"{name}  ({label})"]
    if aliases:
        lines.append("Aliases: " + ", ".join(aliases))
    for field in ("metric", "value", "unit", "year"):
        if label == "Target" and attrs.get(field) not in (None, ""):
            value = attrs[field]
            # 1000.0 reads better as 1000.
            shown_value = int(value) if isinstance(value, float) and value.is_integer() else value
            lines.append(f"{field.capitalize()}: {shown_value}")
    lines.append(f"Connections: {degree}")
    options: dict[str, Any] = {
        "label": name,
        "title": "\n".join(lines),
        "shape": style.shape,
        "color": {
            "background": style.background,
            "border": style.border,
            "highlight": {"background": style.background, "border": "#000000"},
            "hover": {"background": style.background, "border": "#000000"},
        },
        "font": {"color": style.font_colour},
        "kind": label,
        "names": [name, *aliases],
        "key": str(key),
        "widthConstraint": {"maximum": 180},
    }
    if style.shape not in _LABEL_INSIDE_SHAPES:
        # Hubs are drawn larger; the square root keeps a 100-edge node from swamping the page.
        options["size"] = round(10 + 4 * math.sqrt(degree), 1)
    return options


def _merge_parallel_edges(
    graph: nx.MultiDiGraph, ids: Mapping[Hashable, int], documents: Mapping[str, DocumentInfo]
) -> list[tuple[tuple[int, int, str, str | None], list[tuple[str, str, int | None]]]]:
    grouped: dict[tuple[int, int, str, str | None], set[tuple[str, str, int | None]]] = defaultdict(set)
    for u, v, attrs in graph.edges(data=True):
        rel_type = str(attrs.get("type") or "RELATED_TO")
        role = attrs.get("role") or None
        evidence_set = grouped[(ids[u], ids[v], rel_type, role)]
        for evidence, doc in _evidence_items(attrs):
            info = documents.get(str(doc)) if doc not in (None, "") else None
            title = info.title if info else (str(doc) if doc not in (None, "") else "")
            year = attrs.get("year")
            if year in (None, "") and info is not None:
                year = info.year
            evidence_set.add((evidence, title, int(year) if isinstance(year, (int, float)) else None))
    return [
        (edge_key, sorted(items, key=lambda item: (item[2] or 0, item[1], item[0])))
        for edge_key, items in sorted(grouped.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2], kv[0][3] or ""))
    ]


def _evidence_items(attrs: Mapping[str, Any]) -> list[tuple[str, Any]]:
    evidence = attrs.get("evidence")
    doc = attrs.get("doc")
    if isinstance(evidence, (list, tuple)):
        docs = doc if isinstance(doc, (list, tuple)) and len(doc) == len(evidence) else [doc] * len(evidence)
        return [(str(e), d) for e, d in zip(evidence, docs, strict=True) if e]
    if evidence or doc:
        return [(str(evidence or ""), doc)]
    return []


def _edge_options(
    index: int,
    rel_type: str,
    role: str | None,
    evidence: Sequence[tuple[str, str, int | None]],
    heading: str,
    nth_in_pair: int,
) -> dict[str, Any]:
    label = relation_key(rel_type, role)
    lines = [label, heading]
    for sentence, title, year in evidence[:MAX_EVIDENCE_IN_TOOLTIP]:
        lines.append("")
        if sentence:
            lines.append(f"“{sentence}”")
        source = f"{title} ({year})" if year else title
        if source:
            lines.append(f"— {source}")
    if len(evidence) > MAX_EVIDENCE_IN_TOOLTIP:
        lines.append(f"\n… and {len(evidence) - MAX_EVIDENCE_IN_TOOLTIP} more")
    colour = RELATIONSHIP_COLOURS.get(rel_type, OTHER_RELATIONSHIP_COLOUR)
    options: dict[str, Any] = {
        "id": index,
        "label": label,
        "title": "\n".join(lines),
        "color": {"color": colour, "highlight": "#000000", "hover": colour},
        "width": ROLE_WIDTHS.get(role or "", 1.5),
        "dashes": role in DASHED_ROLES,
        "relation": label,
        "rel": rel_type,
        "role": role,
    }
    if nth_in_pair:
        # Bend the second and later edges between one pair so that their labels do not overlap.
        options["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": 0.2 * nth_in_pair}
    return options


def view_options(*, seed: int, node_count: int) -> dict[str, Any]:
    """vis-network options: seeded layout, physics that stabilises (the page then freezes it)."""
    font = FONT_CSS
    return {
        "layout": {"randomSeed": seed, "improvedLayout": node_count <= 150},
        "physics": {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {
                "gravitationalConstant": -50,
                "centralGravity": 0.02,
                "springLength": 80,
                "springConstant": 0.07,
                "avoidOverlap": 1,
            },
            "stabilization": {"enabled": True, "iterations": 600, "updateInterval": 25, "fit": True},
        },
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": node_count > 500},
        "nodes": {"font": {"face": font, "size": 16}, "borderWidth": 1.5},
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "font": {"face": font, "size": 10, "align": "middle", "color": "#444444", "strokeWidth": 3},
            "smooth": {"enabled": True, "type": "continuous", "roundness": 0.5},
        },
    }


def vis_network_assets() -> tuple[str, str]:
    """vis-network's script and style sheet, as pyvis ships them.

    Raises:
        ViewError: when the installed pyvis has no copy of vis-network.
    """
    package = resources.files("pyvis")
    for folder in _VIS_ASSET_DIRS:
        script = package / folder / "vis-network.min.js"
        sheet = package / folder / "vis-network.css"
        if script.is_file() and sheet.is_file():
            return script.read_text(encoding="utf-8"), sheet.read_text(encoding="utf-8")
    raise ViewError(
        f"pyvis ships no vis-network {VIS_NETWORK_VERSION} (looked in {', '.join(_VIS_ASSET_DIRS)}); "
        "reinstall it with `pip install --force-reinstall 'pyvis==0.3.2'`"
    )


@cache
def _page_template():
    source = resources.files("policykg.graph").joinpath(_PAGE_TEMPLATE).read_text(encoding="utf-8")
    environment = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    return environment.from_string(source)


def render_network(net: Network, summary: ViewSummary, *, title: str) -> str:
    """Render a pyvis network from :func:`to_pyvis` as one self-contained HTML page."""
    vis_js, vis_css = vis_network_assets()
    nodes, edges, _heading, _height, _width, options = net.get_network_data()
    label_counts = Counter(node["kind"] for node in nodes)
    labels = [
        {"name": label, "count": label_counts[label], "swatch": _label_swatch(label)}
        for label in sorted(label_counts, key=_label_rank)
    ]
    relation_counts = Counter(edge["relation"] for edge in edges)
    relations = [
        {
            "key": key,
            "text": key,
            "count": relation_counts[key],
            "colour": RELATIONSHIP_COLOURS.get(rel, OTHER_RELATIONSHIP_COLOUR),
            "dashed": role in DASHED_ROLES,
        }
        for key, rel, role in sorted(
            {(edge["relation"], edge["rel"], edge["role"]) for edge in edges},
            key=lambda item: _relation_rank(item[1], item[2]),
        )
    ]
    data = {"nodes": nodes, "edges": edges, "options": json.loads(options)}
    return _page_template().render(
        title=title,
        vis_js=vis_js,
        vis_css=vis_css,
        font_css=FONT_CSS,
        node_count=summary.nodes,
        edge_count=summary.edges,
        note=summary.note,
        labels=labels,
        relations=relations,
        data_json=json_for_script(data),
    )


def _label_swatch(label: str) -> str:
    style = LABEL_STYLES.get(label, OTHER_LABEL_STYLE)
    return shape_swatch(style.shape, style.background, style.border)


def _label_rank(label: str) -> tuple[int, str]:
    names = list(LABEL_STYLES)
    return (names.index(label) if label in names else len(names), label)


def _relation_rank(rel_type: str, role: str | None) -> tuple[int, int, str, str]:
    types = list(RELATIONSHIP_COLOURS)
    type_rank = types.index(rel_type) if rel_type in types else len(types)
    role_rank = ROLE_ORDER.index(role) if role in ROLE_ORDER else len(ROLE_ORDER)
    return (type_rank, role_rank, rel_type, role or "")


def render_view(
    graph: nx.MultiDiGraph,
    *,
    title: str,
    max_nodes: int = DEFAULT_MAX_NODES,
    seed: int = DEFAULT_SEED,
) -> str:
    """Render a graph as one self-contained, offline HTML page.

    Args:
        graph: a graph as :func:`policykg.graph.analytics.to_networkx` builds it.
        title: the page's heading and title.
        max_nodes: past this many nodes only the most connected are drawn, and the page
            says so.
        seed: the layout's random seed.

    Returns:
        The HTML text; write it with :func:`write_view`.

    Example:
        >>> g = nx.MultiDiGraph()
        >>> g.add_node(1, label="Department", name="省工信委", aliases=[])
        >>> g.add_node(2, label="Industry", name="光伏", aliases=["光伏产业"])
        >>> _ = g.add_edge(1, 2, type="RESPONSIBLE_FOR", role="lead", evidence="…", doc="d.txt", year=2014)
        >>> page = render_view(g, title="光伏")
        >>> "RESPONSIBLE_FOR · lead" in page and "https://" not in page.split("<script>", 1)[0]
        True
    """
    return draw_view(graph, title=title, max_nodes=max_nodes, seed=seed).html


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


def draw_view(
    graph: nx.MultiDiGraph,
    *,
    title: str,
    max_nodes: int = DEFAULT_MAX_NODES,
    seed: int = DEFAULT_SEED,
) -> View:
    """Like :func:`render_view`, keeping the title and the summary with the page."""
    net, summary = to_pyvis(graph, max_nodes=max_nodes, seed=seed)
    return View(html=render_network(net, summary, title=title), title=title, summary=summary)


def write_view(html_text: str, path: str | Path) -> Path:
    """Write a rendered view as UTF-8 (pyvis's own ``write_html`` leaves the encoding to the locale).

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


# ------------------------------------------------------------- from a store

FOCUS_LABELS: dict[str, str] = {"department": "Department", "industry": "Industry", "place": "Place"}


def select_view(
    graph: nx.MultiDiGraph,
    *,
    department: str | None = None,
    industry: str | None = None,
    place: str | None = None,
    depth: int = 1,
) -> tuple[nx.MultiDiGraph, str]:
    """The whole graph, or the neighbourhood of one department, industry or place, with a title.

    Names are matched against each node's name and aliases.

    Args:
        graph: the whole graph.
        department, industry, place: at most one, the name of the view's centre.
        depth: how many steps from the centre the neighbourhood reaches.

    Returns:
        The graph to draw and the page title.

    Raises:
        ViewError: for more than one centre, or a name no node of that label carries
            (the message suggests names that contain it).

    Example:
        >>> g = nx.MultiDiGraph()
        >>> g.add_node("a", label="Industry", name="光伏", aliases=["光伏产业"])
        >>> g.add_node("b", label="Department", name="省工信委", aliases=[])
        >>> _ = g.add_edge("b", "a", type="RESPONSIBLE_FOR", role="lead")
        >>> view, title = select_view(g, industry="光伏产业")
        >>> sorted(view.nodes), title
        (['a', 'b'], 'Industry 光伏: neighbourhood, depth 1')
    """
    given = {
        option: name for option, name in (("department", department), ("industry", industry), ("place", place)) if name
    }
    if len(given) > 1:
        raise ViewError(f"choose one centre for the view, not {' and '.join('--' + option for option in given)}")
    if not given:
        return graph, "Policy graph"
    option, name = next(iter(given.items()))
    label = FOCUS_LABELS[option]
    centres = find_nodes(graph, name, label=label)
    if not centres:
        raise ViewError(_not_found_message(graph, name, label))
    shown = display_name(centres[0], graph.nodes[centres[0]])
    return neighbourhood(graph, centres, depth=depth), f"{label} {shown}: neighbourhood, depth {depth}"


def _not_found_message(graph: nx.MultiDiGraph, name: str, label: str) -> str:
    wanted = fold_name(name)
    near = sorted(
        {
            display_name(key, attrs)
            for key, attrs in graph.nodes(data=True)
            if node_label(attrs) == label
            and any(
                wanted in fold_name(n) or (fold_name(n) and fold_name(n) in wanted)
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


def select_query_view(store: GraphStore, graph: nx.MultiDiGraph, name: str, params: Mapping[str, Any] | None, *,
                      province: str | None = None) -> nx.MultiDiGraph:  # fmt: skip
    """The part of ``graph`` that a canned query's rows name, with the edges between those nodes.

    A row names a node by its id, or, as the canned queries return names, by a cell equal to
    the node's canonical name. Documents stay in so that the edges' hover text can name them.

    Raises:
        QueryError: unknown query, bad parameters, or a failing query.
        ViewError: when the query returns nothing to draw.
    """
    rows = run_query(store, name, params or {}, province=province)
    if not rows:
        raise ViewError(
            f"query {name} returned no rows, so there is nothing to draw; check its parameters (policykg queries)"
        )
    keep = referenced_node_ids(rows, graph) | nodes_named_in(rows, graph)
    if not keep:
        raise ViewError(f"the rows of query {name} name no node of the graph; draw a query that returns names or ids")
    documents = {key for key, attrs in graph.nodes(data=True) if node_label(attrs) in VIEW_EXCLUDED_LABELS}
    return graph.subgraph(keep | documents).copy()


def nodes_named_in(rows: Iterable[Mapping[str, Any]], graph: nx.MultiDiGraph) -> set[Hashable]:
    """Entity nodes whose canonical name is a cell (or an item of a list cell) of the rows.

    Example:
        >>> g = nx.MultiDiGraph()
        >>> g.add_node("Industry:光伏", label="Industry", name="光伏")
        >>> g.add_node("Document:a.txt", label="Document", name="a.txt")
        >>> sorted(nodes_named_in([{"industry": "光伏", "doc": "a.txt", "also": ["光伏"]}], g))
        ['Industry:光伏']
    """
    by_name: dict[str, set[Hashable]] = defaultdict(set)
    for key, attrs in graph.nodes(data=True):
        if node_label(attrs) not in VIEW_EXCLUDED_LABELS and attrs.get("name"):
            by_name[str(attrs["name"])].add(key)
    found: set[Hashable] = set()
    for row in rows:
        for cell in row.values():
            for value in cell if isinstance(cell, (list, tuple)) else [cell]:
                if isinstance(value, str):
                    found |= by_name.get(value, set())
    return found


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

    Args:
        store: an open store (embedded or Neo4j).
        department, industry, place: the centre of a neighbourhood view, by name or alias.
        query: a canned query (``policykg queries``); the view shows the nodes its rows refer to.
        params: the canned query's parameters.
        depth: how far a neighbourhood reaches.
        max_nodes: past this many nodes only the most connected are drawn.
        seed: the layout's random seed.
        title: the page title (a description of the view by default).
        province: resolve names within this province (graph/resolve.py).

    Returns:
        The view; ``view.write(path)`` saves it, and Jupyter shows it inline.

    Raises:
        ViewError: for conflicting options or an unknown name.
        QueryError: for a failing query.
    """
    if query and (department or industry or place):
        raise ViewError("--query draws what the query returns; leave out --department, --industry and --place")
    graph = to_networkx(store)
    if query:
        view = select_query_view(store, graph, query, params, province=province)
        default_title = f"Query {query}" + "".join(f", {key}={value}" for key, value in sorted((params or {}).items()))
    else:
        given = {
            option: name
            for option, name in (("department", department), ("industry", industry), ("place", place))
            if name
        }
        if len(given) == 1:  # the name resolves as in every command (graph/resolve.py)
            option, name = next(iter(given.items()))
            label = FOCUS_LABELS[option]
            centres = sorted(resolve_name(store, name, (label,), province=province, option=f"--{option}"))
            centres = [node_id for node_id in centres if node_id in graph]
            shown = ", ".join(display_name(key, graph.nodes[key]) for key in centres[:3]) + (
                " …" if len(centres) > 3 else ""
            )
            view, default_title = (
                neighbourhood(graph, centres, depth=depth),
                f"{label} {shown}: neighbourhood, depth {depth}",
            )
        else:
            view, default_title = select_view(graph, department=department, industry=industry, place=place, depth=depth)
    return draw_view(view, title=title or default_title, max_nodes=max_nodes, seed=seed)


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
    "LABEL_STYLES",
    "DocumentInfo",
    "LabelStyle",
    "ViewError",
    "View",
    "ViewSummary",
    "FOCUS_LABELS",
    "as_name_list",
    "build_view",
    "display_name",
    "draw_view",
    "document_index",
    "entity_view",
    "find_nodes",
    "fold_name",
    "json_for_script",
    "most_connected",
    "neighbourhood",
    "nodes_named_in",
    "notebook_frame",
    "render_network",
    "render_view",
    "select_query_view",
    "select_view",
    "to_pyvis",
    "view_options",
    "vis_network_assets",
    "write_view",
]
