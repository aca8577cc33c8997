"""Positions for a graph view, computed before drawing: the browser draws once, with no physics to settle.

Every node is drawn as a box: its shape and its label (a box or an ellipse holds
its label, the other shapes carry it underneath). :func:`node_box` gives the box
the page draws (vis-network's geometry at the page's font sizes), and both
layouts place the boxes so that no two of them overlap:

* :func:`radial_layout`, for an ego network: the focus at the centre, the nodes
  one step away on the first ring, two steps away on the second, and so on.
  Along a ring nodes are grouped by label (then by weight, then name) and each
  takes an arc as wide as its label; a ring of many nodes is spread over several
  concentric circles, and a node of the second ring sits near the first-ring
  node it hangs from. A circle's radius grows until none of its boxes overlaps
  another box.
* :func:`cluster_layout`, for a view with no centre (the whole graph, what a
  query returns): the graph's communities (Louvain, seeded), each laid out
  radially around its best-connected node, packed in rows, largest first.

The result depends on the input only (no randomness): the same graph gives the
same picture, whatever order its nodes and edges come in.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import networkx as nx

# Label order around a ring (the schema's entity labels).
LABEL_ORDER: tuple[str, ...] = ("Department", "Industry", "Platform", "Enterprise", "Event", "Place")
FONT_PX = 14
FOCUS_FONT_PX = 24
# vis-network wraps a label wider than this (the page's ``widthConstraint.maximum``).
MAX_LABEL_PX = 120
LABEL_MARGIN_PX = 5  # vis-network's margin around a label inside its shape
# Shapes that hold their label, and the size (radius) of the shapes that carry it underneath.
LABEL_INSIDE_SHAPES = frozenset({"box", "ellipse"})
DOT_SIZE = 9
FOCUS_DOT_SIZE = 18
GAP_PX = 10  # the least room between two boxes
FIRST_RING_PX = 200
RING_GAP_PX = 60  # the least step from one circle to the next; overlaps push it further
# At most this many nodes on one circle; more are spread over several concentric circles.
MAX_PER_CIRCLE = 48
CLUSTER_GAP_PX = 120  # between two communities' boxes
CLUSTER_SEED = 7


def label_width(text: str, font_px: int = FONT_PX) -> float:
    """The drawn width of a one-line label: a CJK character (or ◎) is one em, any other about 0.6 em.

    Example:
        >>> label_width("光伏"), label_width("ab"), label_width("◎")
        (28.0, 16.8, 14.0)
    """
    return float(sum(font_px if ord(char) > 0x2E80 or char == "◎" else font_px * 0.6 for char in text))


def node_text(node: Mapping[str, Any]) -> str:
    """The text a node is drawn with: its name, and ``◎n`` when n targets aim at it.

    Example:
        >>> node_text({"name": "光伏", "targets": 3}), node_text({"name": "稀土"})
        ('光伏 ◎3', '稀土')
    """
    targets = node.get("targets")
    return f"{node['name']} ◎{targets}" if targets else str(node["name"])


def node_shape(label: str | None) -> str:
    """The vis-network shape of a label's nodes.

    Example:
        >>> node_shape("Department"), node_shape("Industry"), node_shape("Place"), node_shape(None)
        ('box', 'ellipse', 'triangle', 'dot')
    """
    return LABEL_SHAPES.get(label or "", "dot")


LABEL_SHAPES: dict[str, str] = {
    "Department": "box",
    "Industry": "ellipse",
    "Platform": "hexagon",
    "Enterprise": "diamond",
    "Place": "triangle",
    "Event": "star",
    "Target": "square",
}


@dataclass(frozen=True)
class Box:
    """The rectangle a node takes on the page, relative to its position: width, height, and how far below
    the position its middle is (a shape that carries its label underneath is drawn above the middle)."""

    width: float
    height: float
    below: float = 0.0

    def at(self, x: float, y: float) -> tuple[float, float, float, float]:
        """The rectangle (left, top, right, bottom) when the node is at (x, y)."""
        middle = y + self.below
        return (x - self.width / 2, middle - self.height / 2, x + self.width / 2, middle + self.height / 2)


def node_box(node: Mapping[str, Any], *, focus: bool | None = None) -> Box:
    """The box vis-network draws for a node, labels included (measured in Chromium, rounded up).

    A label wider than about :data:`MAX_LABEL_PX` wraps; a CJK line is as high as the font. The box is
    never smaller than what Chromium draws (``tests/test_browser.py`` compares them); it may be taller.

    Args:
        node: ``name``, ``label`` and optionally ``targets`` and ``focus`` (drawn larger).
        focus: overrides the node's own ``focus``.

    Example:
        >>> node_box({"name": "光伏", "label": "Industry"})
        Box(width=42.0, height=28.0, below=0.0)
        >>> node_box({"name": "光伏", "label": "Department"}, focus=True)
        Box(width=70.0, height=46.0, below=0.0)
        >>> node_box({"name": "赣州市", "label": "Place"})
        Box(width=42.0, height=32.0, below=7.0)
    """
    emphasised = bool(node.get("focus")) if focus is None else focus
    font = FOCUS_FONT_PX if emphasised else FONT_PX
    text = node_text(node)
    width = float(math.ceil(label_width(text, font)))
    # vis-network breaks a label at a space once it is wider than the constraint less the margins, and a word
    # anywhere in it, so a line holds at least that less one character, and may run over by less than one.
    room = MAX_LABEL_PX - 2 * LABEL_MARGIN_PX
    lines = 1 if width <= room else math.ceil(width / (room - font)) + text.count(" ")
    text_width = min(width, MAX_LABEL_PX + font)
    text_height = float(lines * font)
    shape = node_shape(node.get("label"))
    if shape == "box":
        return Box(text_width + 22, text_height + 22)
    if shape == "ellipse":
        return Box(text_width + text_height, 2 * text_height)
    size = FOCUS_DOT_SIZE if emphasised else DOT_SIZE
    return Box(max(2 * size, text_width), 2 * size + text_height, text_height / 2)


def boxes_overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float], gap: float = 0) -> bool:
    """Whether two rectangles (left, top, right, bottom) come closer than ``gap``.

    Example:
        >>> boxes_overlap((0, 0, 10, 10), (12, 0, 20, 10)), boxes_overlap((0, 0, 10, 10), (12, 0, 20, 10), gap=5)
        (False, True)
    """
    return a[0] < b[2] + gap and b[0] < a[2] + gap and a[1] < b[3] + gap and b[1] < a[3] + gap


class BoxIndex:
    """Placed rectangles in a grid of cells, to find the ones near a new rectangle quickly."""

    def __init__(self, cell: float = 240.0):
        self.cell = cell
        self.cells: dict[tuple[int, int], list[tuple[float, float, float, float]]] = defaultdict(list)

    def _keys(self, rect: tuple[float, float, float, float]) -> Iterable[tuple[int, int]]:
        c = self.cell
        for i in range(math.floor((rect[0] - GAP_PX) / c), math.floor((rect[2] + GAP_PX) / c) + 1):
            for j in range(math.floor((rect[1] - GAP_PX) / c), math.floor((rect[3] + GAP_PX) / c) + 1):
                yield (i, j)

    def add(self, rect: tuple[float, float, float, float]) -> None:
        for key in self._keys(rect):
            self.cells[key].append(rect)

    def hits(self, rect: tuple[float, float, float, float]) -> bool:
        """Whether ``rect`` comes within :data:`GAP_PX` of a placed rectangle."""
        return any(boxes_overlap(rect, other, GAP_PX) for key in self._keys(rect) for other in self.cells.get(key, ()))


def _label_rank(node: Mapping[str, Any]) -> int:
    label = node.get("label")
    return LABEL_ORDER.index(label) if label in LABEL_ORDER else len(LABEL_ORDER)


def _place_circle(
    circle: Sequence[Mapping[str, Any]], boxes: Mapping[str, Box], radius: float, offset: float, placed: BoxIndex
) -> tuple[dict[str, tuple[float, float]], float]:
    """Place nodes along one circle, each on an arc as wide as its box; grow the radius until no box overlaps."""
    shares = [boxes[node["id"]].width + 2 * GAP_PX for node in circle]
    total = sum(shares)
    radius = max(radius, total / (2 * math.pi))
    while True:
        positions: dict[str, tuple[float, float]] = {}
        own = BoxIndex()
        clear = True
        angle = offset
        for node, share in zip(circle, shares, strict=True):
            width = 2 * math.pi * share / total
            middle = angle + width / 2
            angle += width
            x, y = round(radius * math.cos(middle), 1), round(radius * math.sin(middle), 1)
            rect = boxes[node["id"]].at(x, y)
            if placed.hits(rect) or own.hits(rect):
                clear = False
                break
            own.add(rect)
            positions[node["id"]] = (x, y)
        if clear:
            for node_id, (x, y) in positions.items():
                placed.add(boxes[node_id].at(x, y))
            return positions, radius
        radius += max(GAP_PX * 2, radius * 0.04)


def _radial(
    nodes: Sequence[Mapping[str, Any]], edges: Sequence[Mapping[str, Any]], centre: str, boxes: Mapping[str, Box]
) -> dict[str, tuple[float, float]]:
    by_distance: dict[int, list[Mapping[str, Any]]] = defaultdict(list)
    for node in nodes:
        if node["id"] != centre:
            by_distance[int(node.get("distance") or 0)].append(node)
    neighbours: dict[str, set[str]] = defaultdict(set)
    for edge in edges:
        neighbours[edge["head"]].add(edge["tail"])
        neighbours[edge["tail"]].add(edge["head"])
    positions: dict[str, tuple[float, float]] = {centre: (0.0, 0.0)}
    placed = BoxIndex()
    placed.add(boxes[centre].at(0.0, 0.0))
    angles: dict[str, float] = {}
    radius = float(FIRST_RING_PX)
    for distance in sorted(by_distance):
        ring = by_distance[distance]

        def parent_angle(node: Mapping[str, Any]) -> float:
            placed_angles = [angles[other] for other in neighbours[node["id"]] if other in angles]
            return min(placed_angles) if placed_angles else 0.0

        if not angles:  # the first ring: by label, the best connected first
            ring.sort(key=lambda n: (_label_rank(n), -int(n.get("degree") or 0), str(n["name"]), n["id"]))
        else:
            ring.sort(key=lambda n: (parent_angle(n), _label_rank(n), str(n["name"]), n["id"]))
        count = math.ceil(len(ring) / MAX_PER_CIRCLE)
        # Interleaved, so that neighbours in the order alternate between the circles.
        circles = [ring[index::count] for index in range(count)]
        for index, circle in enumerate(circles):
            offset = -math.pi / 2 + index * math.pi / max(len(circle), 1)
            found, used = _place_circle(circle, boxes, radius, offset, placed)
            positions.update(found)
            for node_id, (x, y) in found.items():
                angles[node_id] = math.atan2(y, x) % (2 * math.pi)
            radius = used + RING_GAP_PX
    return positions


def radial_layout(
    nodes: Sequence[Mapping[str, Any]], edges: Sequence[Mapping[str, Any]], focus: str
) -> dict[str, tuple[float, float]]:
    """x, y (pixels) of every node: the focus at the centre, rings by ``distance``, no two boxes overlapping.

    Args:
        nodes: dicts with ``id``, ``name``, ``label``, ``distance`` (steps from the focus), ``degree``,
            and optionally ``targets`` and ``focus`` (see :func:`node_box`); the focus is drawn emphasised.
        edges: dicts with ``head`` and ``tail`` (to place a node near its parent on the ring before).
        focus: the id of the centre.

    Example:
        >>> ring = [{"id": "a", "name": "省工信委", "label": "Department", "distance": 0, "degree": 2},
        ...         {"id": "b", "name": "光伏", "label": "Industry", "distance": 1, "degree": 1},
        ...         {"id": "c", "name": "稀土", "label": "Industry", "distance": 1, "degree": 1}]
        >>> at = radial_layout(ring, [{"head": "a", "tail": "b"}, {"head": "a", "tail": "c"}], "a")
        >>> at["a"], round(math.dist(at["a"], at["b"])), round(math.dist(at["a"], at["c"]))
        ((0.0, 0.0), 200, 200)
    """
    if not nodes:
        return {}
    boxes = {node["id"]: node_box(node, focus=True if node["id"] == focus else None) for node in nodes}
    return _radial(nodes, edges, focus, boxes)


def communities(
    nodes: Sequence[Mapping[str, Any]], edges: Sequence[Mapping[str, Any]], *, seed: int = CLUSTER_SEED
) -> list[list[str]]:
    """The graph's communities (Louvain, seeded), largest first; ties by their smallest id.

    Example:
        >>> nodes = [{"id": i} for i in "abcdxy"]
        >>> edges = [{"head": h, "tail": t} for h, t in ("ab", "bc", "ca", "cd", "xy")]
        >>> communities(nodes, edges)
        [['a', 'b', 'c', 'd'], ['x', 'y']]
    """
    graph = nx.Graph()
    graph.add_nodes_from(sorted(node["id"] for node in nodes))
    weights: dict[tuple[str, str], int] = defaultdict(int)
    for edge in edges:
        if edge["head"] != edge["tail"]:
            weights[tuple(sorted((edge["head"], edge["tail"])))] += 1
    graph.add_weighted_edges_from((a, b, w) for (a, b), w in sorted(weights.items()))
    found = nx.community.louvain_communities(graph, weight="weight", seed=seed)
    return sorted((sorted(group) for group in found), key=lambda group: (-len(group), group[0]))


def cluster_layout(
    nodes: Sequence[Mapping[str, Any]], edges: Sequence[Mapping[str, Any]], *, seed: int = CLUSTER_SEED
) -> dict[str, tuple[float, float]]:
    """x, y (pixels) of every node of a view with no centre: communities laid out radially, packed in rows.

    Each community is drawn around its best-connected node (rings by steps from
    it within the community); the communities' boxes are packed left to right in
    rows about as wide as the whole is high, largest first, so that no two boxes
    overlap anywhere.

    Args:
        nodes: dicts with ``id``, ``name``, ``label``, ``degree`` (and ``targets``, ``focus``).
        edges: dicts with ``head`` and ``tail``.
        seed: the seed of the community detection.

    Example:
        >>> nodes = [{"id": "d", "name": "省工信委", "label": "Department", "degree": 2},
        ...          {"id": "i", "name": "光伏", "label": "Industry", "degree": 1},
        ...          {"id": "j", "name": "稀土", "label": "Industry", "degree": 1},
        ...          {"id": "p", "name": "赣州市", "label": "Place", "degree": 0}]
        >>> at = cluster_layout(nodes, [{"head": "d", "tail": "i"}, {"head": "d", "tail": "j"}])
        >>> sorted(at) == ["d", "i", "j", "p"], round(math.dist(at["d"], at["i"]))
        (True, 200)
    """
    if not nodes:
        return {}
    by_id = {node["id"]: node for node in nodes}
    boxes = {node_id: node_box(node) for node_id, node in by_id.items()}
    inner: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    groups = communities(nodes, edges, seed=seed)
    group_of = {node_id: index for index, group in enumerate(groups) for node_id in group}
    for edge in edges:
        if group_of.get(edge["head"]) == group_of.get(edge["tail"]) and edge["head"] in group_of:
            inner[edge["head"]].append(edge)
    laid_out: list[tuple[dict[str, tuple[float, float]], tuple[float, float, float, float]]] = []
    for group in groups:
        members = set(group)
        group_edges = [edge for node_id in group for edge in inner[node_id] if edge["tail"] in members]
        local_degree: dict[str, int] = defaultdict(int)
        adjacency: dict[str, set[str]] = defaultdict(set)
        for edge in group_edges:
            adjacency[edge["head"]].add(edge["tail"])
            adjacency[edge["tail"]].add(edge["head"])
        for node_id in group:
            local_degree[node_id] = len(adjacency[node_id] - {node_id})
        hub = min(group, key=lambda n: (-local_degree[n], -int(by_id[n].get("degree") or 0), n))
        steps = _steps_from(hub, adjacency)
        farthest = max(steps.values(), default=0)
        ring_nodes = [
            {**by_id[node_id], "distance": steps.get(node_id, farthest + 1), "degree": local_degree[node_id]}
            for node_id in group
        ]
        positions = _radial(ring_nodes, group_edges, hub, boxes)
        rects = [boxes[node_id].at(*positions[node_id]) for node_id in group]
        bounds = (
            min(r[0] for r in rects),
            min(r[1] for r in rects),
            max(r[2] for r in rects),
            max(r[3] for r in rects),
        )
        laid_out.append((positions, bounds))
    return _pack(laid_out)


def _steps_from(start: str, adjacency: Mapping[str, set[str]]) -> dict[str, int]:
    steps = {start: 0}
    frontier = [start]
    while frontier:
        following = []
        for node_id in frontier:
            for other in sorted(adjacency.get(node_id, ())):
                if other not in steps:
                    steps[other] = steps[node_id] + 1
                    following.append(other)
        frontier = following
    return steps


def _pack(
    laid_out: Sequence[tuple[Mapping[str, tuple[float, float]], tuple[float, float, float, float]]],
) -> dict[str, tuple[float, float]]:
    """Shelf packing: boxes left to right in rows of a width that makes the whole about 4:3."""
    area = sum((b[2] - b[0] + CLUSTER_GAP_PX) * (b[3] - b[1] + CLUSTER_GAP_PX) for _, b in laid_out)
    row_width = max(max(b[2] - b[0] for _, b in laid_out), math.sqrt(area * 4 / 3))
    positions: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for placed, (left, top, right, bottom) in laid_out:
        width, height = right - left, bottom - top
        if x > 0 and x + width > row_width:
            x, y, row_height = 0.0, y + row_height + CLUSTER_GAP_PX, 0.0
        dx, dy = x - left, y - top
        for node_id, (px, py) in placed.items():
            positions[node_id] = (round(px + dx, 1), round(py + dy, 1))
        x += width + CLUSTER_GAP_PX
        row_height = max(row_height, height)
    return positions


def layout_network(
    nodes: Sequence[Mapping[str, Any]],
    edges: Sequence[Mapping[str, Any]],
    focus: str | None,
    *,
    seed: int = CLUSTER_SEED,
) -> dict[str, tuple[float, float]]:
    """The positions of a view: radial around ``focus``, or communities packed in rows when there is none."""
    if focus is not None and any(node["id"] == focus for node in nodes):
        return radial_layout(nodes, edges, focus)
    return cluster_layout(nodes, edges, seed=seed)


__all__ = [
    "Box",
    "FONT_PX",
    "FOCUS_FONT_PX",
    "LABEL_SHAPES",
    "MAX_LABEL_PX",
    "boxes_overlap",
    "cluster_layout",
    "communities",
    "label_width",
    "layout_network",
    "node_box",
    "node_shape",
    "node_text",
    "radial_layout",
]
