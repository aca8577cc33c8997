"""Positions for an ego network, computed before drawing: the browser draws once, with no physics to settle.

The focus sits at the centre; the nodes one step away on the first ring, two
steps away on the second, and so on. Along a ring, nodes are grouped by label
(then by weight, then name), and each takes an arc as wide as its label, so
that no two labels of a ring overlap; a ring's radius grows until the labels
fit, and a ring of many nodes is split into several concentric rings. A node of
the second ring sits near the first-ring node it hangs from. The result depends
on the input only (no randomness): the same graph gives the same picture.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

# Label order around a ring (the schema's entity labels).
LABEL_ORDER: tuple[str, ...] = ("Department", "Industry", "Platform", "Enterprise", "Event", "Place")
FONT_PX = 14
GAP_PX = 18
RING_GAP_PX = 130
FIRST_RING_PX = 200
# At most this many nodes on one circle; more are spread over several concentric circles.
MAX_PER_CIRCLE = 48


def label_width(text: str, font_px: int = FONT_PX) -> float:
    """The drawn width of a label: a CJK character is about one em, a Latin one about half.

    Example:
        >>> label_width("光伏"), label_width("ab")
        (28.0, 14.0)
    """
    return float(sum(font_px if ord(char) > 0x2E80 else font_px / 2 for char in text))


def _circle(
    nodes: Sequence[Mapping[str, Any]], radius: float, offset: float
) -> tuple[dict[str, tuple[float, float]], float]:
    """Place nodes along one circle, each on an arc as wide as its label; grow the radius until they fit."""
    widths = [label_width(str(node["name"])) + GAP_PX for node in nodes]
    radius = max(radius, sum(widths) / (2 * math.pi))
    total = sum(widths)
    positions: dict[str, tuple[float, float]] = {}
    angle = offset
    for node, width in zip(nodes, widths, strict=True):
        share = 2 * math.pi * width / total
        middle = angle + share / 2
        positions[node["id"]] = (round(radius * math.cos(middle), 1), round(radius * math.sin(middle), 1))
        angle += share
    return positions, radius


def radial_layout(
    nodes: Sequence[Mapping[str, Any]], edges: Sequence[Mapping[str, Any]], focus: str
) -> dict[str, tuple[float, float]]:
    """x, y (pixels) of every node: the focus at the centre, rings by ``distance``.

    Args:
        nodes: dicts with ``id``, ``name``, ``label``, ``distance`` (steps from the focus), ``degree``.
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
    by_distance: dict[int, list[Mapping[str, Any]]] = defaultdict(list)
    for node in nodes:
        if node["id"] != focus:
            by_distance[int(node["distance"])].append(node)
    neighbours: dict[str, set[str]] = defaultdict(set)
    for edge in edges:
        neighbours[edge["head"]].add(edge["tail"])
        neighbours[edge["tail"]].add(edge["head"])
    positions: dict[str, tuple[float, float]] = {focus: (0.0, 0.0)}
    angles: dict[str, float] = {focus: 0.0}
    radius = float(FIRST_RING_PX)
    for distance in sorted(by_distance):
        ring = by_distance[distance]

        def parent_angle(node: Mapping[str, Any]) -> float:
            placed = [angles[other] for other in neighbours[node["id"]] if other in angles and other != focus]
            return min(placed) if placed else 0.0

        def label_rank(node: Mapping[str, Any]) -> int:
            label = node.get("label")
            return LABEL_ORDER.index(label) if label in LABEL_ORDER else len(LABEL_ORDER)

        if distance == 1:
            ring.sort(key=lambda n: (label_rank(n), -int(n.get("degree") or 0), str(n["name"]), n["id"]))
        else:
            ring.sort(key=lambda n: (parent_angle(n), label_rank(n), str(n["name"]), n["id"]))
        circles = [ring[start : start + MAX_PER_CIRCLE] for start in range(0, len(ring), MAX_PER_CIRCLE)]
        if len(circles) > 1:  # interleave, so that neighbours in the order alternate between circles
            circles = [ring[index :: len(circles)] for index in range(len(circles))]
        for index, circle in enumerate(circles):
            offset = -math.pi / 2 + (index * math.pi / max(len(circle), 1))
            placed, used = _circle(circle, radius, offset)
            positions.update(placed)
            for node_id, (x, y) in placed.items():
                angles[node_id] = math.atan2(y, x) % (2 * math.pi)
            widest = max(label_width(str(node["name"])) for node in circle)
            radius = used + max(RING_GAP_PX, min(widest, 260) * 0.6)
    return positions
