"""networkx analytics and the export formats, on hand-made graphs and on the sample corpus."""

from __future__ import annotations

import csv
import doctest
import json

import networkx as nx
import pytest

import policykg.cli.output
import policykg.graph.analytics
import policykg.graph.export
import policykg.graph.queries
from policykg.errors import PolicyKGError, QueryError
from policykg.graph.analytics import (
    analyze,
    analyze_graph,
    co_responsibility_network,
    co_responsibility_pairs,
    department_centrality,
    department_industry_communities,
    label_counts,
    responsibility_network,
    to_networkx,
)
from policykg.graph.export import EXPORT_FORMATS, ExportError, export_graph, export_store

COMMISSION = "Department:江西省工业和信息化委员会"


@pytest.fixture
def store(sample_corpus):
    """The sample corpus on the engine under test (both engines: tests/conftest.py)."""
    return sample_corpus.get()


@pytest.fixture(scope="module")
def graph(sample_corpus):
    return to_networkx(sample_corpus.get())


def small_graph() -> nx.MultiDiGraph:
    """Two departments sharing two industries, a third with one of its own, and a division."""
    g = nx.MultiDiGraph()
    for node, label in [("D:a", "Department"), ("D:b", "Department"), ("D:c", "Department"), ("D:a1", "Department"),
                        ("I:x", "Industry"), ("I:y", "Industry"), ("I:z", "Industry"), ("P:p", "Platform"),
                        ("L:city", "Place")]:  # fmt: skip
        g.add_node(node, label=label, name=node[2:])
    for head, tail, role in [("D:a", "I:x", "lead"), ("D:a", "I:y", "responsible"), ("D:b", "I:x", "support"),
                             ("D:b", "I:y", "support"), ("D:c", "I:z", "lead"), ("D:a1", "P:p", "responsible")]:  # fmt: skip
        g.add_edge(head, tail, type="RESPONSIBLE_FOR", role=role)
    g.add_edge("D:a1", "D:a", type="PART_OF")
    g.add_edge("P:p", "L:city", type="LOCATED_IN")
    return g


@pytest.mark.parametrize(
    "module", [policykg.graph.analytics, policykg.graph.export, policykg.graph.queries, policykg.cli.output]
)
def test_docstring_examples(module):
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0


# --------------------------------------------------------------------------- pure functions


def test_responsibility_network_keeps_departments_and_what_they_own():
    net = responsibility_network(small_graph())
    assert set(net) == {"D:a", "D:b", "D:c", "D:a1", "I:x", "I:y", "I:z", "P:p"}  # the place is not owned
    assert not net.has_edge("D:a1", "D:a")  # PART_OF is not responsibility
    assert net.edges["D:b", "I:x"]["roles"] == ["support"]


def test_centrality_orders_departments_by_reach():
    rows = department_centrality(small_graph())
    assert [row["department"] for row in rows][:2] == ["a", "b"]
    assert {row["department"] for row in rows} == {"a", "b", "c", "a1"}
    isolated = next(row for row in rows if row["department"] == "c")
    assert isolated["betweenness"] == 0.0 and isolated["responsibilities"] == 1
    assert department_centrality(nx.MultiDiGraph()) == []


def test_co_responsibility_counts_shared_industries_only():
    co = co_responsibility_network(small_graph())
    assert list(co.edges(data="weight")) == [("D:a", "D:b", 2)]
    assert co_responsibility_pairs(small_graph()) == [
        {"department": "a", "other": "b", "shared": 2, "industries": ["x", "y"]}
    ]


def test_communities_are_seeded_and_cover_each_node_once():
    g = small_graph()
    first = department_industry_communities(g)
    assert first == department_industry_communities(g)
    members = [name for row in first for name in row["departments"] + row["industries"]]
    assert len(members) == len(set(members))
    assert {"departments": ["c"], "industries": ["z"]}.items() <= next(
        r for r in first if "c" in r["departments"]
    ).items()
    assert department_industry_communities(nx.MultiDiGraph()) == []


def test_analyze_graph_cuts_each_view_to_top():
    views = analyze_graph(small_graph(), top=1)
    assert set(views) == {"centrality", "co_responsibility", "communities"}
    assert all(len(rows) == 1 for rows in views.values())
    assert len(analyze_graph(small_graph(), top=0)["centrality"]) == 4


# --------------------------------------------------------------------------- the store as a graph


def test_to_networkx_copies_every_node_and_relationship_with_its_properties(store, graph):
    counts = store.stats()
    assert graph.number_of_nodes() == sum(counts["nodes"].values())
    assert graph.number_of_edges() == sum(counts["relationships"].values())
    assert label_counts(graph) == {label: n for label, n in sorted(counts["nodes"].items()) if n}
    pv = graph.nodes["Industry:光伏"]
    assert pv["label"] == "Industry" and pv["name"] == "光伏" and "光伏产业" in pv["aliases"]
    owners = [data for _, _, data in graph.in_edges("Industry:光伏", data=True) if data["type"] == "RESPONSIBLE_FOR"]
    assert any(data["role"] == "host" and data["doc"].startswith("003_") and data["year"] == 2011 for data in owners)
    assert all(data["evidence"] is not None and "id" in data for data in owners)
    meeting = graph.nodes["Event:光伏产业合作推进会"]
    assert meeting["date"] == "2011-11"


def test_to_networkx_of_a_query_keeps_the_nodes_it_returns(store):
    sub = to_networkx(
        store,
        "MATCH (d:Department)-[r:RESPONSIBLE_FOR]->(i:Industry) WHERE i.name = $name RETURN d, r",
        {"name": "光伏"},
    )
    assert "Industry:光伏" in sub and COMMISSION in sub  # the industry comes in through r
    assert "Place:以色列" not in sub
    assert all(data["label"] in ("Department", "Industry") for _, data in sub.nodes(data=True))
    assert (
        to_networkx(store, "MATCH (n:Industry) WHERE n.name = $name RETURN n", {"name": "无此产业"}).number_of_nodes()
        == 0
    )
    with pytest.raises(QueryError):
        to_networkx(store, "MATCH (n) DETACH DELETE n")


def test_analytics_on_the_corpus(store, graph):
    top = department_centrality(graph)[0]
    # 004 (三): 综合处 leads the 25 重点平台, more objects than any other unit.
    assert top["department"] == "省工信委综合处" and top["responsibilities"] >= 25
    pairs = {frozenset((row["department"], row["other"])): row for row in co_responsibility_pairs(graph)}
    # 000: 责任单位：省工信委、省商务厅 for the 生物医药 promotion abroad.
    assert "生物医药" in pairs[frozenset(("江西省商务厅", "江西省工业和信息化委员会"))]["industries"]
    communities = department_industry_communities(graph)
    together = next(row for row in communities if "省工信委有色工业处" in row["departments"])
    assert {"稀土新材料", "钨新材料"} <= set(together["industries"])
    assert analyze(store, top=3) == analyze_graph(graph, top=3)


def test_analyze_says_what_to_do_with_an_empty_store(store_factory):
    with store_factory("empty") as empty, pytest.raises(PolicyKGError, match="load records first"):
        analyze(empty)


# --------------------------------------------------------------------------- export


def test_graphml_round_trip(graph, tmp_path):
    [path] = export_graph(graph, "graphml", tmp_path / "graph.graphml")
    back = nx.read_graphml(path, force_multigraph=True)
    assert back.number_of_nodes() == graph.number_of_nodes()
    assert back.number_of_edges() == graph.number_of_edges()
    node = back.nodes["Industry:光伏"]
    assert node["label"] == "Industry" and json.loads(node["aliases"]) == graph.nodes["Industry:光伏"]["aliases"]
    types = {data["type"] for _, _, data in back.edges(data=True)}
    assert types == {data["type"] for _, _, data in graph.edges(data=True)}


def test_gexf_round_trip(graph, tmp_path):
    [path] = export_graph(graph, "gexf", tmp_path / "graph.gexf")
    back = nx.read_gexf(path)
    assert back.number_of_nodes() == graph.number_of_nodes()
    assert back.number_of_edges() == graph.number_of_edges()
    node = back.nodes["Industry:光伏"]
    assert node["kind"] == "Industry" and node["label"] == "光伏"


def test_json_lines_hold_nodes_then_relationships(graph, tmp_path):
    [path] = export_graph(graph, "json", tmp_path / "graph.jsonl")
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    kinds = [record["kind"] for record in records]
    assert kinds == sorted(kinds, key=lambda kind: kind != "node")
    assert kinds.count("node") == graph.number_of_nodes() and kinds.count("relationship") == graph.number_of_edges()
    pv = next(record for record in records if record["id"] == "Industry:光伏")
    assert pv["aliases"] == graph.nodes["Industry:光伏"]["aliases"]
    rel = next(record for record in records if record["kind"] == "relationship" and record["type"] == "RESPONSIBLE_FOR")
    assert {"source", "target", "role", "doc", "evidence"} <= set(rel)


def test_csv_files_are_laid_out_for_neo4j_admin(graph, tmp_path):
    written = export_graph(graph, "csv", tmp_path / "import")
    folder = tmp_path / "import"
    with (folder / "nodes_Industry.csv").open(encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        rows = list(reader)
    assert header[:2] == ["id:ID", ":LABEL"] and "aliases:string[]" in header
    assert len(rows) == sum(1 for _, data in graph.nodes(data=True) if data["label"] == "Industry")
    pv = dict(zip(header, next(row for row in rows if row[0] == "Industry:光伏"), strict=True))
    assert pv[":LABEL"] == "Industry" and "光伏产业" in pv["aliases:string[]"].split(";")
    with (folder / "nodes_Target.csv").open(encoding="utf-8") as handle:
        target_header = next(csv.reader(handle))
    assert {"value:double", "year:int"} <= set(target_header)
    with (folder / "relationships_RESPONSIBLE_FOR.csv").open(encoding="utf-8") as handle:
        reader = csv.reader(handle)
        rel_header = next(reader)
        rel_rows = list(reader)
    assert rel_header[:3] == [":START_ID", ":END_ID", ":TYPE"] and "year:int" in rel_header
    assert {row[2] for row in rel_rows} == {"RESPONSIBLE_FOR"}
    node_ids = set(graph.nodes)
    assert all(row[0] in node_ids and row[1] in node_ids for row in rel_rows)
    command = (folder / "neo4j-admin-import.sh").read_text(encoding="utf-8")
    for path in written[:-1]:
        assert path.name in command


def test_export_refuses_a_bad_format_or_place(graph, tmp_path):
    assert set(EXPORT_FORMATS) == {"graphml", "gexf", "json", "csv"}
    with pytest.raises(ExportError, match="unknown export format"):
        export_graph(graph, "dot", tmp_path / "graph.dot")
    with pytest.raises(ExportError, match="is a folder"):
        export_graph(graph, "graphml", tmp_path)
    (tmp_path / "file.txt").write_text("x")
    with pytest.raises(ExportError, match="is a file"):
        export_graph(graph, "csv", tmp_path / "file.txt")


def test_export_store_writes_a_query_subgraph(store, tmp_path):
    [path] = export_store(store, "graphml", tmp_path / "pv.graphml",
                          "MATCH (i:Industry) WHERE i.name = $name RETURN i", {"name": "光伏"})  # fmt: skip
    back = nx.read_graphml(path)
    assert list(back.nodes) == ["Industry:光伏"]
