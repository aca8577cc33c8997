"""vis-network data for a graph view: positions from the layout, styles per label and role, evidence per edge.

One drawing for every page that shows a view: the workbench's graph pages
(``policykg serve``) and the file ``policykg viz`` writes. :func:`drawing`
takes a network from ``policykg/web/network.py``, places it
(``policykg/web/layout.py``) and returns what ``policykg/web/static/graph.js``
draws: nodes at fixed positions (the focus larger, with a heavy border), one
edge per pair coloured by its strongest role (dashed for the supporting roles,
wider the more facts it carries), and each edge's evidence with the documents it
comes from, for the side panel.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from policykg import vocabulary

from .layout import (
    CLUSTER_SEED,
    DOT_SIZE,
    FOCUS_DOT_SIZE,
    FOCUS_FONT_PX,
    FONT_PX,
    LABEL_INSIDE_SHAPES,
    MAX_LABEL_PX,
    layout_network,
    node_shape,
    node_text,
)
from .network import ROLE_NAMES_ZH, ROLE_STRENGTH

# Chinese labels need a CJK face; canvas text falls back along this list.
FONT_FACES = ('"Noto Sans CJK SC"', '"Source Han Sans SC"', '"PingFang SC"', '"Microsoft YaHei"', "sans-serif")
FONT_CSS = ", ".join(FONT_FACES)
# Evidence sentences an edge carries to the page; the panel says how many more there are.
MAX_EVIDENCE = 30
# Past this many edges a view is drawn without arrows and dashes (each costs about as much as the rest of a redraw).
BIG_VIEW_EDGES = 3000


@dataclass(frozen=True)
class LabelStyle:
    """How the nodes of one label look: a vis-network shape and its colours."""

    shape: str
    background: str
    border: str
    font_colour: str = "#222222"


LABEL_STYLES: dict[str, LabelStyle] = {
    label: LabelStyle(node_shape(label), background, border)
    for label, background, border in (
        ("Department", "#d5e4f5", "#4e79a7"),
        ("Industry", "#fddcb5", "#f28e2b"),
        ("Platform", "#59a14f", "#3b7a34"),
        ("Enterprise", "#e15759", "#a83537"),
        ("Place", "#76b7b2", "#4a8c87"),
        ("Event", "#edc948", "#b89a1e"),
        ("Target", "#b07aa1", "#7f5474"),
    )
}
OTHER_LABEL_STYLE = LabelStyle("dot", "#bab0ac", "#79706e")
ROLE_COLOURS: dict[str, str] = {
    "lead": "#c0392b", "host": "#e67e22", "responsible": "#2e86c1", "cohost": "#8e44ad",
    "coordinate": "#16a085", "support": "#7f8c8d",
}  # fmt: skip
OTHER_FACT_COLOUR = "#b8b8b8"  # LOCATED_IN, TARGETS, PART_OF
DASHED_ROLES = frozenset(vocabulary.SUPPORTING_ROLES)


def label_rank(label: str) -> tuple[int, str]:
    """Where a label comes in legends: the order of :data:`LABEL_STYLES`, others after."""
    names = list(LABEL_STYLES)
    return (names.index(label) if label in names else len(names), label)


def _role_order(role: str) -> tuple[int, str]:
    return (ROLE_STRENGTH.index(role) if role in ROLE_STRENGTH else len(ROLE_STRENGTH), role)


def fact_kinds(edge: Mapping[str, Any]) -> list[tuple[str, int]]:
    """The kinds of fact an edge carries, with how many: each role of a responsibility, the other types by name.

    Example:
        >>> fact_kinds({"types": {"RESPONSIBLE_FOR": 3, "PART_OF": 1}, "roles": {"support": 1, "lead": 2}})
        [('lead', 2), ('support', 1), ('PART_OF', 1)]
    """
    kinds = [(role, count) for role, count in sorted(edge["roles"].items(), key=lambda item: _role_order(item[0]))]
    return kinds + [(rel, count) for rel, count in sorted(edge["types"].items()) if rel != "RESPONSIBLE_FOR"]


def kind_order(kind: str) -> tuple[int, str]:
    """Where a kind of fact comes in legends: the roles strongest first, then the other types."""
    return _role_order(kind) if kind in ROLE_STRENGTH else (len(ROLE_STRENGTH) + 1, kind)


def kind_name(kind: str) -> str:
    """How a legend names a kind of fact.

    Example:
        >>> kind_name("lead"), kind_name("LOCATED_IN")
        ('牵头 lead', 'LOCATED_IN')
    """
    return f"{ROLE_NAMES_ZH[kind]} {kind}" if kind in ROLE_NAMES_ZH else kind


def label_groups() -> dict[str, dict[str, Any]]:
    """vis-network node groups, one per label: shape, colours, label colour (the focus overrides its own)."""
    groups = {}
    for label, style in [*LABEL_STYLES.items(), ("Entity", OTHER_LABEL_STYLE)]:
        group: dict[str, Any] = {
            "shape": style.shape,
            "color": {
                "background": style.background,
                "border": style.border,
                "highlight": {"background": style.background, "border": "#000000"},
                "hover": {"background": style.background, "border": "#000000"},
            },
            "borderWidth": 1,
            "font": {"size": FONT_PX, "color": style.font_colour},
        }
        if style.shape not in LABEL_INSIDE_SHAPES:
            group["size"] = DOT_SIZE
        groups[label] = group
    return groups


def drawing(
    network: Mapping[str, Any],
    focus: str | None = None,
    *,
    url_of: Callable[[str, str], str] | None = None,
    seed: int = CLUSTER_SEED,
) -> dict[str, Any]:
    """What ``graph.js`` draws for a network: positions computed here, styles per label and role.

    The data is compact, as a view of 2,000 nodes has tens of thousands of edges: nodes and
    edges carry only what vis-network draws (nodes numbered, styled by their label's group);
    each edge's facts are in ``links`` (same index): how many of each kind (a role, or a
    relationship type; ``kinds`` names them), in how many documents, and its evidence as
    ``[sentence, document, kind, year]``, indices into ``sentences``, ``documents`` and ``kinds``.
    A big view (more than :data:`BIG_VIEW_EDGES` edges) is drawn with thin, faint edges and
    without arrows or dashes, which take most of the time of each redraw.

    Args:
        network: ``nodes`` and ``edges`` as ``policykg/web/network.py`` gives them.
        focus: the centre of an ego network (drawn at the middle, larger); ``None`` lays the
            view out by communities (``policykg/web/layout.py``).
        url_of: the page of a node, from its id and name (the workbench); none in a static file.
        seed: the seed of the community detection that lays out a view with no focus.

    Returns:
        ``nodes`` (``key`` is the entity's id), ``edges``, ``links``, ``kinds``, ``sentences``,
        ``documents``, ``groups``, ``note``, ``focus`` (the focus's number) and ``big``.
    """
    nodes = network["nodes"]
    if focus is not None:
        for node in nodes:
            if node["id"] == focus:
                node["focus"] = True
    positions = layout_network(nodes, network["edges"], focus, seed=seed) if nodes else {}
    number = {node["id"]: index for index, node in enumerate(nodes)}
    big = len(network["edges"]) > BIG_VIEW_EDGES
    vis_nodes = []
    for node in nodes:
        style = LABEL_STYLES.get(node["label"], OTHER_LABEL_STYLE)
        emphasised = bool(node.get("focus"))
        x, y = positions.get(node["id"], (0.0, 0.0))
        details = [f"{node['label']} · {node['name']}"]
        if node.get("aliases"):
            details.append("Also written " + "、".join(node["aliases"]))
        details.append(
            f"{node.get('degree', 0)} connections drawn"
            + (f" · {node['targets']} targets" if node.get("targets") else "")
        )
        item: dict[str, Any] = {
            "id": number[node["id"]],
            "key": node["id"],
            "name": node["name"],
            "names": [node["name"], *node.get("aliases", [])],
            "label": node_text(node),
            "title": "\n".join(details),
            "group": node["label"] if node["label"] in LABEL_STYLES else "Entity",
            "x": x,
            "y": y,
        }
        if focus is not None:  # an ego network: the page first shows the focus and its nearest ring
            item["distance"] = node.get("distance", 1)
        if emphasised:
            item.update(focus=True, borderWidth=4, font={"size": FOCUS_FONT_PX},
                        color={"background": style.background, "border": "#111111"})  # fmt: skip
            if style.shape not in LABEL_INSIDE_SHAPES:
                item["size"] = FOCUS_DOT_SIZE
        if url_of is not None:
            item["url"] = url_of(node["id"], node["name"])
        vis_nodes.append(item)
    kinds: dict[str, int] = {}
    sentences: dict[str, int] = {}
    documents: dict[str, int] = {}
    document_rows: list[dict[str, Any]] = []
    vis_edges = []
    links = []
    for index, edge in enumerate(network["edges"]):
        role = edge.get("role")
        colour = ROLE_COLOURS.get(role or "", "#9aa5b1") if "RESPONSIBLE_FOR" in edge["types"] else OTHER_FACT_COLOUR
        width = min(1 + edge["count"], 8) if not big else min(1 + edge["count"] // 4, 3)
        vis_edge: dict[str, Any] = {"id": index, "from": number[edge["head"]], "to": number[edge["tail"]],
                                    "color": colour, "width": width}  # fmt: skip
        if role in DASHED_ROLES and not big:
            vis_edge["dashes"] = True
        vis_edges.append(vis_edge)
        evidence = []
        for e in edge["evidence"][:MAX_EVIDENCE]:
            doc = e.get("doc")
            if doc and doc not in documents:
                documents[doc] = len(document_rows)
                document_rows.append({"name": doc, "title": e.get("title"), "doc_number": e.get("doc_number")})
            sentence = e.get("evidence") or ""
            kind = (e.get("role") or "responsible") if e["rel"] == "RESPONSIBLE_FOR" else e["rel"]
            evidence.append(
                [
                    sentences.setdefault(sentence, len(sentences)),
                    documents[doc] if doc else None,
                    kinds.setdefault(kind, len(kinds)),
                    e.get("year"),
                ]
            )
        counts = [[kinds.setdefault(kind, len(kinds)), count] for kind, count in fact_kinds(edge)]
        links.append({"counts": counts, "documents": edge["documents"], "evidence": evidence,
                      "more": max(len(edge["evidence"]) - MAX_EVIDENCE, 0)})  # fmt: skip
    kind_list = list(kinds)
    return {
        "nodes": vis_nodes,
        "edges": vis_edges,
        "links": links,
        "kinds": kind_list,
        "kindNames": {kind: kind_name(kind) for kind in kind_list},
        "sentences": list(sentences),
        "documents": document_rows,
        "groups": label_groups(),
        "note": network.get("note", ""),
        "focus": number.get(focus) if focus is not None else None,
        "fontFace": FONT_CSS,
        "maxLabelPx": MAX_LABEL_PX,
        "big": big,
    }


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


def legend(data: Mapping[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """What a view's legend lists: its labels (shape, colour, count) and its kinds of fact (colour, count)."""
    counts: dict[str, int] = {}
    for node in data["nodes"]:
        counts[node["group"]] = counts.get(node["group"], 0) + 1
    labels = []
    for label in sorted(counts, key=label_rank):
        style = LABEL_STYLES.get(label, OTHER_LABEL_STYLE)
        labels.append({"name": label, "count": counts[label],
                       "swatch": shape_swatch(style.shape, style.background, style.border)})  # fmt: skip
    edge_counts: dict[str, int] = {}
    for link in data["links"]:
        for kind, _ in link["counts"]:
            edge_counts[data["kinds"][kind]] = edge_counts.get(data["kinds"][kind], 0) + 1
    relations = [
        {
            "key": kind,
            "text": kind_name(kind),
            "count": edge_counts[kind],
            "colour": ROLE_COLOURS.get(kind, OTHER_FACT_COLOUR),
            "dashed": kind in DASHED_ROLES and not data.get("big"),
        }
        for kind in sorted(edge_counts, key=kind_order)
    ]
    return {"labels": labels, "relations": relations}


__all__ = [
    "FONT_CSS",
    "LABEL_STYLES",
    "BIG_VIEW_EDGES",
    "MAX_EVIDENCE",
    "ROLE_COLOURS",
    "LabelStyle",
    "drawing",
    "legend",
    "fact_kinds",
    "kind_name",
    "label_groups",
    "shape_swatch",
]
