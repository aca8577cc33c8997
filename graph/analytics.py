"""networkx analytics over the policy graph: who is central, who works together, which groups form.

:func:`to_networkx` copies the store (or the part a query returns) into a
``networkx.MultiDiGraph``; everything else here is a pure function of that
graph, so it can be tested and reused (notebooks, the visualisation) without a
store. Node attribute ``label`` holds the node label and edge attribute
``type`` the relationship type; every stored property comes along.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from itertools import combinations
from typing import TYPE_CHECKING, Any

import networkx as nx

from policykg.errors import QueryError

if TYPE_CHECKING:
    from .store import GraphStore

# What a department can be responsible for (ONTOLOGY.md, RESPONSIBLE_FOR).
RESPONSIBILITY_LABELS: tuple[str, ...] = ("Industry", "Platform", "Enterprise", "Event")
COMMUNITY_SEED = 7


# --------------------------------------------------------------------------- store → networkx


def to_networkx(
    store: GraphStore,
    cypher: str | None = None,
    params: Mapping[str, Any] | None = None,
) -> nx.MultiDiGraph:
    """Copy the store, or the subgraph a query returns, into a MultiDiGraph.

    Nodes are keyed by their ``id`` property and carry every stored property
    plus ``label``; edges are keyed by the relationship ``id`` and carry every
    property plus ``type``. Properties the store holds as null are left out.

    With ``cypher``, the query's result decides which nodes are kept: every
    node, relationship or path it returns, and every string cell that is a node
    or relationship id (``"Industry:光伏"``). The result is the subgraph of the
    store those nodes induce, so the relationships between them come along.

    Args:
        store: an open :class:`~policykg.graph.store.GraphStore`.
        cypher: a read-only query in portable Cypher (translated for the
            backend); ``None`` exports the whole store.
        params: the query's parameters.

    Returns:
        The graph; empty when the store (or the query result) is empty.

    Raises:
        QueryError: when the query fails or tries to write.

    Example:
        >>> from policykg.graph.engines import open_store  # doctest: +SKIP
        >>> graph = to_networkx(open_store("policykg.lbug"))  # doctest: +SKIP
        >>> graph.nodes["Industry:光伏"]["label"]  # doctest: +SKIP
        'Industry'
    """
    graph = nx.MultiDiGraph()
    for row in store.run(store.dialect.all_nodes()):
        graph.add_node(row["id"], **_node_attributes(row["label"], row["props"]))
    for row in store.run(store.dialect.all_relationships()):
        source, target = row["source"], row["target"]
        attributes = _present(row["props"])
        attributes["type"] = row["type"]
        graph.add_edge(source, target, key=attributes.get("id"), **attributes)
    if cypher is None:
        return graph
    rows = store.run(store.dialect.translate(cypher), dict(params or {}))
    keep = referenced_node_ids(rows, graph)
    return graph.subgraph(keep).copy()


def _node_attributes(label: str, props: Mapping[str, Any] | None) -> dict[str, Any]:
    attributes = _present(props)
    attributes["label"] = label
    return attributes


def _present(props: Mapping[str, Any] | None) -> dict[str, Any]:
    """Properties without nulls or engine-internal keys.

    Example:
        >>> _present({"name": "光伏", "year": None, "_ID": {"offset": 0}})
        {'name': '光伏'}
    """
    return {key: value for key, value in (props or {}).items() if value is not None and not key.startswith("_")}


def referenced_node_ids(rows: Iterable[Mapping[str, Any]], graph: nx.MultiDiGraph) -> set[str]:
    """The nodes of ``graph`` a query result refers to, found anywhere in its cells.

    A cell may hold a node (a map with its ``id``), a relationship (its ``id``
    names an edge of ``graph``; both ends count), a path
    (``{"nodes": [...], "relationships": [...]}``), a list of those, or simply
    an id string.

    Example:
        >>> g = nx.MultiDiGraph()
        >>> g.add_edge("Department:省工信委", "Industry:光伏", key="RESPONSIBLE_FOR:1")
        'RESPONSIBLE_FOR:1'
        >>> g.add_node("Place:南昌市")
        >>> sorted(referenced_node_ids([{"n": {"id": "Place:南昌市", "name": "南昌市"}, "x": "光伏"}], g))
        ['Place:南昌市']
        >>> sorted(referenced_node_ids([{"r": {"id": "RESPONSIBLE_FOR:1", "role": "lead"}}], g))
        ['Department:省工信委', 'Industry:光伏']
    """
    edge_ends = {key: (source, target) for source, target, key in graph.edges(keys=True)}
    found: set[str] = set()

    def visit(value: Any) -> None:
        if isinstance(value, str):
            if value in graph:
                found.add(value)
            elif value in edge_ends:
                found.update(edge_ends[value])
        elif isinstance(value, Mapping):
            for item in value.values():
                visit(item)
        elif isinstance(value, (list, tuple, set, frozenset)):
            for item in value:
                visit(item)

    for row in rows:
        visit(list(row.values()))
    return found


# --------------------------------------------------------------------------- pure analytics


def node_name(graph: nx.Graph, node: str) -> str:
    """A node's display name: its ``name``, else its ``metric``, else its id.

    Example:
        >>> g = nx.Graph(); g.add_node("Industry:光伏", name="光伏"); g.add_node("Target:t1")
        >>> node_name(g, "Industry:光伏"), node_name(g, "Target:t1")
        ('光伏', 'Target:t1')
    """
    data = graph.nodes[node]
    return str(data.get("name") or data.get("metric") or node)


def responsibility_network(graph: nx.MultiDiGraph) -> nx.Graph:
    """Departments and what they are responsible for, as a simple undirected graph.

    An edge joins a Department to an Industry, Platform, Enterprise or Event it
    has at least one RESPONSIBLE_FOR relationship with; ``weight`` counts those
    relationships (one per document and sentence) and ``roles`` lists their roles.

    Example:
        >>> g = nx.MultiDiGraph()
        >>> g.add_node("D:a", label="Department"); g.add_node("I:x", label="Industry")
        >>> g.add_edge("D:a", "I:x", type="RESPONSIBLE_FOR", role="lead")
        0
        >>> g.add_edge("D:a", "I:x", type="RESPONSIBLE_FOR", role="support")
        1
        >>> net = responsibility_network(g)
        >>> net.edges["D:a", "I:x"]["weight"], net.edges["D:a", "I:x"]["roles"]
        (2, ['lead', 'support'])
    """
    network = nx.Graph()
    for node, data in graph.nodes(data=True):
        if data.get("label") == "Department" or data.get("label") in RESPONSIBILITY_LABELS:
            network.add_node(node, **data)
    for source, target, data in graph.edges(data=True):
        if data.get("type") != "RESPONSIBLE_FOR":
            continue
        if (
            graph.nodes[source].get("label") != "Department"
            or graph.nodes[target].get("label") not in RESPONSIBILITY_LABELS
        ):
            continue
        if network.has_edge(source, target):
            edge = network.edges[source, target]
            edge["weight"] += 1
            if data.get("role") and data["role"] not in edge["roles"]:
                edge["roles"] = sorted([*edge["roles"], data["role"]])
        else:
            network.add_edge(source, target, weight=1, roles=[data["role"]] if data.get("role") else [])
    # Departments or objects nobody is responsible for tell nothing about responsibility.
    network.remove_nodes_from([node for node in list(network) if network.degree(node) == 0])
    return network


def department_centrality(graph: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """Degree and betweenness centrality of every department in the responsibility network.

    ``responsibilities`` is the number of distinct objects the department is
    responsible for; ``degree`` is that number normalised by the network size
    (networkx ``degree_centrality``); ``betweenness`` is how often the
    department lies on shortest paths between others — departments that tie
    separate groups of industries together score high.

    Returns:
        One row per department, most central first (degree, then betweenness,
        then name, so the order is stable).

    Example:
        >>> g = nx.MultiDiGraph()
        >>> for n, l in [("D:a", "Department"), ("D:b", "Department"), ("I:x", "Industry"), ("I:y", "Industry")]:
        ...     g.add_node(n, label=l, name=n[2:])
        >>> for d, i in [("D:a", "I:x"), ("D:a", "I:y"), ("D:b", "I:y")]:
        ...     _ = g.add_edge(d, i, type="RESPONSIBLE_FOR")
        >>> [(r["department"], r["responsibilities"], r["betweenness"]) for r in department_centrality(g)]
        [('a', 2, 0.6667), ('b', 1, 0.0)]
    """
    network = responsibility_network(graph)
    if network.number_of_nodes() == 0:
        return []
    degree = nx.degree_centrality(network)
    betweenness = nx.betweenness_centrality(network)
    rows = [
        {
            "department": node_name(network, node),
            "responsibilities": network.degree(node),
            "degree": round(degree[node], 4),
            "betweenness": round(betweenness[node], 4),
        }
        for node, data in network.nodes(data=True)
        if data.get("label") == "Department"
    ]
    rows.sort(key=lambda row: (-row["degree"], -row["betweenness"], row["department"]))
    return rows


def co_responsibility_network(graph: nx.MultiDiGraph) -> nx.Graph:
    """Departments linked by the industries they are both responsible for.

    ``weight`` is the number of shared industries and ``industries`` their
    names, sorted.

    Example:
        >>> g = nx.MultiDiGraph()
        >>> for n, l in [("D:a", "Department"), ("D:b", "Department"), ("I:x", "Industry"), ("I:y", "Industry")]:
        ...     g.add_node(n, label=l, name=n[2:])
        >>> for d, i in [("D:a", "I:x"), ("D:a", "I:y"), ("D:b", "I:y"), ("D:b", "I:x")]:
        ...     _ = g.add_edge(d, i, type="RESPONSIBLE_FOR")
        >>> co = co_responsibility_network(g)
        >>> co.edges["D:a", "D:b"]["weight"], co.edges["D:a", "D:b"]["industries"]
        (2, ['x', 'y'])
    """
    owners: dict[str, set[str]] = {}
    for source, target, data in graph.edges(data=True):
        if (
            data.get("type") == "RESPONSIBLE_FOR"
            and graph.nodes[source].get("label") == "Department"
            and graph.nodes[target].get("label") == "Industry"
        ):
            owners.setdefault(target, set()).add(source)
    network = nx.Graph()
    for industry in sorted(owners):
        for first, second in combinations(sorted(owners[industry]), 2):
            for node in (first, second):
                if node not in network:
                    network.add_node(node, **graph.nodes[node])
            if network.has_edge(first, second):
                network.edges[first, second]["industries"].append(node_name(graph, industry))
            else:
                network.add_edge(first, second, industries=[node_name(graph, industry)])
    for _, _, data in network.edges(data=True):
        data["industries"] = sorted(data["industries"])
        data["weight"] = len(data["industries"])
    return network


def co_responsibility_pairs(graph: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """Pairs of departments with the industries they share, most shared first.

    Example:
        >>> g = nx.MultiDiGraph()
        >>> for n, l in [("D:a", "Department"), ("D:b", "Department"), ("I:x", "Industry")]:
        ...     g.add_node(n, label=l, name=n[2:])
        >>> for d in ("D:a", "D:b"):
        ...     _ = g.add_edge(d, "I:x", type="RESPONSIBLE_FOR")
        >>> co_responsibility_pairs(g)
        [{'department': 'a', 'other': 'b', 'shared': 1, 'industries': ['x']}]
    """
    network = co_responsibility_network(graph)
    rows = []
    for first, second, data in network.edges(data=True):
        names = sorted([node_name(network, first), node_name(network, second)])
        rows.append(
            {"department": names[0], "other": names[1], "shared": data["weight"], "industries": data["industries"]}
        )
    rows.sort(key=lambda row: (-row["shared"], row["department"], row["other"]))
    return rows


def department_industry_communities(graph: nx.MultiDiGraph, seed: int = COMMUNITY_SEED) -> list[dict[str, Any]]:
    """Groups of departments and industries that work on each other (Louvain, seeded).

    The network is the Department–Industry part of the responsibility network,
    weighted by the number of RESPONSIBLE_FOR relationships; Louvain modularity
    with a fixed seed keeps the grouping the same from run to run.

    Returns:
        One row per community of two or more members, largest first:
        ``community`` (1-based rank), ``size``, ``departments`` and
        ``industries`` (names, sorted).

    Example:
        >>> g = nx.MultiDiGraph()
        >>> for n, l in [("D:a", "Department"), ("D:b", "Department"), ("I:x", "Industry"), ("I:y", "Industry")]:
        ...     g.add_node(n, label=l, name=n[2:])
        >>> for d, i in [("D:a", "I:x"), ("D:b", "I:y")]:
        ...     _ = g.add_edge(d, i, type="RESPONSIBLE_FOR")
        >>> [(c["departments"], c["industries"]) for c in department_industry_communities(g)]
        [(['a'], ['x']), (['b'], ['y'])]
    """
    network = responsibility_network(graph)
    network.remove_nodes_from(
        [n for n, data in list(network.nodes(data=True)) if data.get("label") not in ("Department", "Industry")]
    )
    network.remove_nodes_from([node for node in list(network) if network.degree(node) == 0])
    if network.number_of_edges() == 0:
        return []
    groups = nx.community.louvain_communities(network, weight="weight", seed=seed)
    rows = []
    for members in groups:
        if len(members) < 2:
            continue
        departments = sorted(node_name(network, n) for n in members if network.nodes[n].get("label") == "Department")
        industries = sorted(node_name(network, n) for n in members if network.nodes[n].get("label") == "Industry")
        rows.append({"size": len(members), "departments": departments, "industries": industries})
    rows.sort(key=lambda row: (-row["size"], row["departments"], row["industries"]))
    return [{"community": rank, **row} for rank, row in enumerate(rows, start=1)]


def label_counts(graph: nx.MultiDiGraph) -> dict[str, int]:
    """How many nodes of each label, labels sorted.

    Example:
        >>> g = nx.MultiDiGraph(); g.add_node("a", label="Industry"); g.add_node("b", label="Department")
        >>> label_counts(g)
        {'Department': 1, 'Industry': 1}
    """
    counts = Counter(data.get("label", "") for _, data in graph.nodes(data=True))
    return dict(sorted(counts.items()))


def analyze_graph(graph: nx.MultiDiGraph, top: int = 10, seed: int = COMMUNITY_SEED) -> dict[str, list[dict[str, Any]]]:
    """The three views ``policykg analyze`` prints, each cut to its ``top`` rows.

    Args:
        graph: the store as :func:`to_networkx` returns it.
        top: how many rows of each view to keep (0 or less keeps all).
        seed: the community detection seed.

    Returns:
        ``{"centrality": [...], "co_responsibility": [...], "communities": [...]}``.
    """
    views = {
        "centrality": department_centrality(graph),
        "co_responsibility": co_responsibility_pairs(graph),
        "communities": department_industry_communities(graph, seed=seed),
    }
    if top > 0:
        views = {name: rows[:top] for name, rows in views.items()}
    return views


def analyze(store: GraphStore, top: int = 10, seed: int = COMMUNITY_SEED) -> dict[str, list[dict[str, Any]]]:
    """Load the store into networkx and compute :func:`analyze_graph`.

    Raises:
        QueryError: when the store holds no responsibility relationships yet.
    """
    graph = to_networkx(store)
    if not any(data.get("type") == "RESPONSIBLE_FOR" for _, _, data in graph.edges(data=True)):
        raise QueryError("the store holds no RESPONSIBLE_FOR relationships; load records first (policykg load)")
    return analyze_graph(graph, top=top, seed=seed)
