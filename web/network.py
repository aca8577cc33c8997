"""The network a graph view draws: which nodes, and one edge per pair. One implementation for every view.

The workbench's graph pages (``policykg serve``) and the static file of
``policykg viz`` both choose their nodes here and aggregate their facts here;
``policykg/web/layout.py`` then places the nodes and ``policykg/web/drawing.py``
styles them for vis-network.

* :func:`ego_network`: the nodes within ``depth`` steps of some centres (the
  centres are the view's focus); past ``max_nodes`` the farthest, least
  connected are left out.
* :func:`network_between`: some given nodes (what a query returned).
* :func:`most_connected_network`: the ``max_nodes`` best connected nodes of
  the whole graph.

Every view draws the facts among its nodes, aggregated per (head, tail) pair:
the pair's relationship types, roles, documents and evidence sentences. Targets
are folded into the entity they aim at (its ``targets`` count) rather than
drawn; documents and mentions are left out, and paths do not run through them.

The facts come from a :class:`FactSource`: the store, through portable Cypher
(:class:`~policykg.web.workbench.Workbench`), or a networkx graph
(:class:`policykg.web.viz.GraphFacts`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol

# Labels that are never drawn as nodes: a Target is counted on its subject, a Document names the evidence.
FOLDED_LABELS: frozenset[str] = frozenset({"Target", "Document"})
# Strongest first: an edge takes the colour of its strongest role.
ROLE_STRENGTH: tuple[str, ...] = ("lead", "host", "responsible", "cohost", "coordinate", "support")
ROLE_NAMES_ZH: dict[str, str] = {
    "lead": "牵头", "host": "承办", "responsible": "负责", "cohost": "协办", "coordinate": "衔接协调", "support": "配合",
}  # fmt: skip
NO_START = 1 << 40


class FactSource(Protocol):
    """Where a view reads its facts: the store (``Workbench``) or a networkx graph (``GraphFacts``).

    A fact row is a mapping with ``head``, ``tail`` (node ids), ``head_label``,
    ``tail_label``, ``rel`` (the relationship type), ``role``, ``doc``, ``year``,
    ``evidence`` and ``start``. Mentions (``MENTIONED_IN``) are never facts.
    """

    def facts(self, ids: Sequence[str], *, among: bool) -> Iterable[Mapping[str, Any]]:
        """The facts with both ends in ``ids`` (``among``), or with at least one end in them."""
        ...

    def entities(self, ids: Sequence[str]) -> Mapping[str, Mapping[str, Any]]:
        """``name``, ``label`` and ``aliases`` of each of ``ids``."""
        ...

    def target_counts(self, ids: Sequence[str]) -> Mapping[str, int]:
        """How many Targets aim at each of ``ids`` (``TARGETS``)."""
        ...

    def degrees(self) -> Mapping[str, int]:
        """Every entity that a view may draw, with how many others it shares a fact with."""
        ...

    def document_info(self) -> Mapping[str, Mapping[str, Any]]:
        """Each document's ``title``, ``year`` and ``doc_number``, by the name a fact's ``doc`` gives."""
        ...


def strongest_role(roles: Iterable[str | None]) -> str | None:
    """The strongest of some roles (``ROLE_STRENGTH``); unknown roles rank last.

    Example:
        >>> strongest_role(["support", "responsible", None])
        'responsible'
        >>> strongest_role([]) is None
        True
    """
    known = [role for role in roles if role]
    if not known:
        return None
    return min(known, key=lambda role: ROLE_STRENGTH.index(role) if role in ROLE_STRENGTH else len(ROLE_STRENGTH))


def role_sort_key(role: str | None) -> int:
    """Rank of a role, strongest first (for sorting).

    Example:
        >>> sorted(["support", "lead", "responsible"], key=role_sort_key)
        ['lead', 'responsible', 'support']
    """
    return ROLE_STRENGTH.index(role) if role in ROLE_STRENGTH else len(ROLE_STRENGTH)


def new_edge() -> dict[str, Any]:
    """An empty aggregate of the facts of one pair."""
    return {"types": Counter(), "roles": Counter(), "documents": set(), "evidence": []}


def add_to_edge(edge: dict[str, Any], rel_type: str, row: Mapping[str, Any], key: str | None = None) -> None:
    """Count one fact into the edge that aggregates its pair: type, role, document and evidence."""
    edge["types"][rel_type] += 1
    if rel_type == "RESPONSIBLE_FOR":  # a responsibility the text gives no role is "responsible"
        edge["roles"][row.get("role") or "responsible"] += 1
    if row.get("doc"):
        edge["documents"].add(row["doc"])
    evidence = {"rel": rel_type, "role": row.get("role"), "doc": row.get("doc"), "year": row.get("year"),
                "evidence": row.get("evidence"), "start": row.get("start")}  # fmt: skip
    if key is not None:
        evidence["key"] = key
    edge["evidence"].append(evidence)


def fact_key(row: Mapping[str, Any]) -> str:
    """The kind of a fact: its type, and for a responsibility its role.

    Example:
        >>> fact_key({"rel": "RESPONSIBLE_FOR", "role": None}), fact_key({"rel": "LOCATED_IN"})
        ('RESPONSIBLE_FOR:responsible', 'LOCATED_IN')
    """
    if row["rel"] == "RESPONSIBLE_FOR":
        return f"RESPONSIBLE_FOR:{row.get('role') or 'responsible'}"
    return str(row["rel"])


def drawn(row: Mapping[str, Any]) -> bool:
    """Whether a fact joins two nodes that a view draws (no Target, no Document)."""
    return row.get("head_label") not in FOLDED_LABELS and row.get("tail_label") not in FOLDED_LABELS


def aggregate(rows: Iterable[Mapping[str, Any]], keep: set[str]) -> dict[tuple[str, str], dict[str, Any]]:
    """The facts among ``keep``, one aggregate per (head, tail) pair; a fact given twice counts once."""
    edges: dict[tuple[str, str], dict[str, Any]] = {}
    seen: set[tuple[Any, ...]] = set()
    for row in rows:
        head, tail = row["head"], row["tail"]
        if head not in keep or tail not in keep or not drawn(row):
            continue
        key = fact_key(row)
        identity = (head, tail, key, row.get("doc"), row.get("start"), row.get("evidence"))
        if identity in seen:
            continue
        seen.add(identity)
        edge = edges.get((head, tail))
        if edge is None:
            edge = edges[(head, tail)] = new_edge()
        add_to_edge(edge, str(row["rel"]), row, key=key)
    return edges


def edge_rows(
    edges: Mapping[tuple[str, str], Mapping[str, Any]], documents: Mapping[str, Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """The aggregated edges as rows, by pair; each one's evidence in document order (year, name, offset)."""

    def order(e: Mapping[str, Any]) -> tuple[Any, ...]:
        year = documents.get(e["doc"] or "", {}).get("year")
        if year is None:
            year = e.get("year")
        return (
            year if year is not None else 9999,
            e["doc"] or "",
            e["start"] if e["start"] is not None else NO_START,
            e["rel"],
            e["role"] or "",
            e["evidence"] or "",
        )

    out = []
    for (head, tail), edge in sorted(edges.items()):
        evidence = sorted(edge["evidence"], key=order)
        out.append(
            {
                "head": head,
                "tail": tail,
                "types": dict(edge["types"]),
                "roles": dict(edge["roles"]),
                "role": strongest_role(edge["roles"]),
                "count": sum(edge["types"].values()),
                "documents": len(edge["documents"]),
                "evidence": [
                    {
                        **e,
                        "title": documents.get(e["doc"] or "", {}).get("title"),
                        "doc_number": documents.get(e["doc"] or "", {}).get("doc_number"),
                    }
                    for e in evidence
                ],
            }
        )
    return out


def network_of(
    source: FactSource,
    ids: Iterable[str],
    *,
    distance: Mapping[str, int] | None = None,
    centres: Iterable[str] = (),
    note: str = "",
    total: int | None = None,
) -> dict[str, Any]:
    """The network on ``ids``: their facts among them aggregated per pair, Targets counted on their subject.

    Returns:
        ``nodes`` (``id``, ``name``, ``label``, ``aliases``, ``distance``, ``degree``: neighbours drawn,
        ``targets``, ``focus``), ``edges`` (see :func:`edge_rows`), ``note`` (what was left out) and
        ``total`` (how many nodes the view had before any was left out).
    """
    wanted = sorted(set(ids))
    entities = source.entities(wanted)
    keep = {
        node_id for node_id in wanted if node_id in entities and entities[node_id].get("label") not in FOLDED_LABELS
    }
    edges = aggregate(source.facts(sorted(keep), among=True), keep)
    targets = source.target_counts(sorted(keep))
    neighbours: dict[str, set[str]] = {node_id: set() for node_id in keep}
    for head, tail in edges:
        if head != tail:
            neighbours[head].add(tail)
            neighbours[tail].add(head)
    focus = set(centres)
    nodes = []
    for node_id in sorted(keep):
        info = entities[node_id]
        nodes.append(
            {
                "id": node_id,
                "name": str(info.get("name") or node_id.split(":", 1)[-1]),
                "label": info.get("label") or node_id.split(":", 1)[0],
                "aliases": [alias for alias in info.get("aliases") or [] if alias != info.get("name")],
                "distance": (distance or {}).get(node_id, 0 if node_id in focus else 1),
                "degree": len(neighbours[node_id]),
                "targets": int(targets.get(node_id, 0)),
                "focus": node_id in focus,
            }
        )
    return {"nodes": nodes, "edges": edge_rows(edges, source.document_info()), "note": note,
            "total": len(nodes) if total is None else total}  # fmt: skip


def ego_network(source: FactSource, centres: Sequence[str], *, depth: int = 1, max_nodes: int = 250) -> dict[str, Any]:
    """The neighbourhood of some centres: nodes by distance, the facts among them aggregated per pair.

    Paths run through facts only, never through a Target or a Document. Past
    ``max_nodes`` the farthest, least connected nodes are left out, and ``note`` says so.

    Raises:
        ValueError: for a negative ``depth`` or ``max_nodes`` below 1.
    """
    if depth < 0:
        raise ValueError(f"depth must be 0 or more, not {depth}")
    if max_nodes < 1:
        raise ValueError(f"max_nodes must be at least 1, not {max_nodes}")
    distance = {centre: 0 for centre in sorted(set(centres))}
    neighbours: dict[str, set[str]] = {}
    frontier = sorted(distance)
    for step in range(1, depth + 1):
        found: set[str] = set()
        for row in source.facts(frontier, among=False):
            if not drawn(row) or row["head"] == row["tail"]:
                continue
            head, tail = row["head"], row["tail"]
            neighbours.setdefault(head, set()).add(tail)
            neighbours.setdefault(tail, set()).add(head)
            for other in (head, tail):
                if other not in distance:
                    found.add(other)
        for other in sorted(found):
            distance[other] = step
        frontier = sorted(found)
        if not frontier:
            break
    note = ""
    total = len(distance)
    if total > max_nodes:
        degree = {node: len(neighbours.get(node, set()) & distance.keys()) for node in distance}
        kept = sorted(distance, key=lambda n: (distance[n], -degree[n], n))[:max_nodes]
        note = f"the {max_nodes:,} nearest, most connected of {total:,} nodes"
        distance = {node: distance[node] for node in kept}
    return network_of(source, distance, distance=distance, centres=centres, note=note, total=total)


def network_between(source: FactSource, ids: Iterable[str], *, max_nodes: int | None = None) -> dict[str, Any]:
    """The given nodes (Targets and Documents left out) and the facts among them, aggregated per pair.

    Past ``max_nodes`` only the nodes that share facts with the most of the others are kept.
    """
    network = network_of(source, ids)
    if max_nodes is None or len(network["nodes"]) <= max_nodes:
        return network
    ranked = sorted(network["nodes"], key=lambda node: (-node["degree"], node["id"]))[:max_nodes]
    total = len(network["nodes"])
    note = f"the {max_nodes:,} most connected of {total:,} nodes"
    return network_of(source, [node["id"] for node in ranked], note=note, total=total)


def most_connected_network(source: FactSource, max_nodes: int) -> dict[str, Any]:
    """The ``max_nodes`` nodes of the whole graph that share facts with the most others (ties by id).

    Raises:
        ValueError: for ``max_nodes`` below 1.
    """
    if max_nodes < 1:
        raise ValueError(f"max_nodes must be at least 1, not {max_nodes}")
    degrees = source.degrees()
    ranked = sorted(degrees, key=lambda node: (-degrees[node], str(node)))
    note = ""
    total = len(ranked)
    if total > max_nodes:
        note = f"the {max_nodes:,} most connected of {total:,} nodes"
        ranked = ranked[:max_nodes]
    return network_of(source, ranked, note=note, total=total)


def values_in(rows: Iterable[Any], labels: Iterable[str]) -> tuple[set[str], set[str]]:
    """What query rows hold, anywhere in their cells: node ids (a map's ``id``, a ``Label:key`` string of one
    of ``labels``) and the other strings (names, perhaps).

    Example:
        >>> ids, strings = values_in([{"i": "光伏", "d": {"id": "Department:省工信委", "name": "省工信委"}}], ["Department"])
        >>> sorted(ids), sorted(strings)
        (['Department:省工信委'], ['光伏', '省工信委'])
    """
    ids: set[str] = set()
    strings: set[str] = set()

    def collect(value: Any) -> None:
        if isinstance(value, str):
            strings.add(value)
        elif isinstance(value, Mapping):
            if isinstance(value.get("id"), str):
                ids.add(value["id"])
            for key, item in value.items():
                if key != "id":
                    collect(item)
        elif isinstance(value, (list, tuple)):
            for item in value:
                collect(item)

    for row in rows:
        collect(row)
    known = set(labels)
    ids |= {value for value in strings if ":" in value and value.split(":", 1)[0] in known}
    return ids, strings - ids


__all__ = [
    "FOLDED_LABELS",
    "ROLE_NAMES_ZH",
    "ROLE_STRENGTH",
    "FactSource",
    "add_to_edge",
    "aggregate",
    "edge_rows",
    "ego_network",
    "fact_key",
    "most_connected_network",
    "network_between",
    "network_of",
    "role_sort_key",
    "strongest_role",
    "values_in",
]
