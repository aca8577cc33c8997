"""The HTML views: offline, complete, deterministic; neighbourhoods, size limit, and the ``viz`` command."""

from __future__ import annotations

import json
import re
from pathlib import Path

import networkx as nx
import pytest
from conftest import shared_store

from policykg.errors import NameNotFound
from policykg.graph.viz import (
    LABEL_STYLES,
    View,
    ViewError,
    build_view,
    find_nodes,
    most_connected,
    neighbourhood,
    notebook_frame,
    render_view,
    select_view,
    write_view,
)

REMOTE_REFERENCE = re.compile(r"""(?:src|href|action)\s*=\s*["']?\s*(?:https?:)?//""", re.IGNORECASE)
CSS_REMOTE_URL = re.compile(r"""url\(\s*["']?\s*(?:https?:)?//|@import""", re.IGNORECASE)
GRAPH_DATA = re.compile(r'<script id="graph-data" type="application/json">(.*?)</script>', re.DOTALL)


def page_data(page: str) -> dict:
    """The nodes, edges and options a page draws."""
    match = GRAPH_DATA.search(page)
    assert match, "the page holds no graph data"
    return json.loads(match.group(1))


def policy_graph(*, reverse: bool = False) -> nx.MultiDiGraph:
    """Two documents, every label, parallel evidence for one responsibility; optionally built backwards."""
    nodes = [
        ("Document:a.txt", {"label": "Document", "name": "a.txt", "title": "产业推进意见", "year": 2014}),
        ("Document:b.txt", {"label": "Document", "name": "b.txt", "title": "园区建设方案", "year": 2020}),
        (
            "Department:省工信委",
            {"label": "Department", "name": "省工业和信息化委员会", "aliases": ["省工信委", "江西省工信委"]},
        ),
        ("Department:电子信息处", {"label": "Department", "name": "电子信息处", "aliases": []}),
        ("Department:市政府", {"label": "Department", "name": "市人民政府", "aliases": ["市政府"]}),
        ("Industry:光伏", {"label": "Industry", "name": "光伏", "aliases": ["光伏产业"]}),
        ("Industry:稀土", {"label": "Industry", "name": "稀土新材料", "aliases": []}),
        ("Platform:园区", {"label": "Platform", "name": "示范园区", "aliases": []}),
        ("Enterprise:晶能", {"label": "Enterprise", "name": "晶能光伏有限公司", "aliases": ["晶能"]}),
        ("Place:赣州市", {"label": "Place", "name": "赣州市", "aliases": []}),
        ("Event:推进会", {"label": "Event", "name": "合作推进会", "aliases": []}),
        (
            "Target:t1",
            {
                "label": "Target",
                "name": "光伏 收入 1000 亿元",
                "metric": "收入",
                "value": 1000.0,
                "unit": "亿元",
                "year": 2014,
            },
        ),
    ]
    edges = [
        (
            "Department:省工信委",
            "Industry:光伏",
            {
                "type": "RESPONSIBLE_FOR",
                "role": "lead",
                "evidence": "省工信委牵头推进光伏。",
                "doc": "a.txt",
                "year": 2014,
            },
        ),
        (
            "Department:省工信委",
            "Industry:光伏",
            {
                "type": "RESPONSIBLE_FOR",
                "role": "lead",
                "evidence": "光伏由省工信委负责。",
                "doc": "b.txt",
                "year": 2020,
            },
        ),
        (
            "Department:电子信息处",
            "Industry:光伏",
            {
                "type": "RESPONSIBLE_FOR",
                "role": "support",
                "evidence": "电子信息处配合。",
                "doc": "a.txt",
                "year": 2014,
            },
        ),
        (
            "Department:电子信息处",
            "Department:省工信委",
            {"type": "PART_OF", "evidence": "省工信委电子信息处", "doc": "a.txt", "year": 2014},
        ),
        (
            "Department:市政府",
            "Platform:园区",
            {
                "type": "RESPONSIBLE_FOR",
                "role": "responsible",
                "evidence": "市政府负责园区。",
                "doc": "b.txt",
                "year": 2020,
            },
        ),
        (
            "Department:市政府",
            "Event:推进会",
            {"type": "RESPONSIBLE_FOR", "role": "host", "evidence": "市政府承办推进会。", "doc": "a.txt", "year": 2014},
        ),
        (
            "Platform:园区",
            "Place:赣州市",
            {"type": "LOCATED_IN", "evidence": "园区位于赣州市。", "doc": "b.txt", "year": 2020},
        ),
        (
            "Enterprise:晶能",
            "Place:赣州市",
            {"type": "LOCATED_IN", "evidence": "晶能落户赣州市。", "doc": "b.txt", "year": 2020},
        ),
        (
            "Event:推进会",
            "Industry:光伏",
            {"type": "TARGETS", "evidence": "推进会推介光伏。", "doc": "a.txt", "year": 2014},
        ),
        (
            "Target:t1",
            "Industry:光伏",
            {"type": "TARGETS", "evidence": "光伏收入达到1000亿元。", "doc": "a.txt", "year": 2014},
        ),
        (
            "Department:省工信委",
            "Industry:稀土",
            {
                "type": "RESPONSIBLE_FOR",
                "role": "responsible",
                "evidence": "稀土由省工信委负责。",
                "doc": "a.txt",
                "year": 2014,
            },
        ),
    ]
    for key, attrs in nodes:
        if attrs["label"] != "Document":
            edges.append((key, "Document:a.txt", {"type": "MENTIONED_IN", "doc": "a.txt"}))
    if reverse:
        nodes.reverse()
        edges.reverse()
    graph = nx.MultiDiGraph()
    graph.add_nodes_from(nodes)
    for head, tail, attrs in edges:
        graph.add_edge(head, tail, **attrs)
    return graph


# ------------------------------------------------------------------ the page


def test_page_is_self_contained_and_offline() -> None:
    page = render_view(policy_graph(), title="全图")
    assert REMOTE_REFERENCE.search(page) is None
    assert CSS_REMOTE_URL.search(page) is None
    assert "<link" not in page
    assert "jsdelivr" not in page and "cdnjs" not in page and "bootstrap.min" not in page
    assert "vis-network" in page and "new vis.Network(" in page  # the library is inlined, and used
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page


def test_write_view_writes_utf8(tmp_path: Path) -> None:
    path = write_view(render_view(policy_graph(), title="光伏"), tmp_path / "sub" / "view.html")
    text = path.read_bytes().decode("utf-8")  # fails on any other encoding of the Chinese names
    assert "省工业和信息化委员会" in text


def test_documents_and_mentions_are_left_out_but_name_the_evidence() -> None:
    data = page_data(render_view(policy_graph(), title="t"))
    kinds = {node["kind"] for node in data["nodes"]}
    assert "Document" not in kinds
    assert kinds == {"Department", "Industry", "Platform", "Enterprise", "Place", "Event", "Target"}
    assert all(edge["rel"] != "MENTIONED_IN" for edge in data["edges"])
    lead = [edge for edge in data["edges"] if edge["relation"] == "RESPONSIBLE_FOR · lead"]
    assert len(lead) == 1, "parallel edges of one relationship and role are drawn once"
    title = lead[0]["title"]
    assert "省工信委牵头推进光伏。" in title and "— 产业推进意见 (2014)" in title
    assert "光伏由省工信委负责。" in title and "— 园区建设方案 (2020)" in title
    assert lead[0]["label"] == "RESPONSIBLE_FOR · lead"
    assert {edge["label"] for edge in data["edges"] if edge["rel"] == "LOCATED_IN"} == {"LOCATED_IN"}


def test_nodes_show_name_aliases_colour_and_shape() -> None:
    data = page_data(render_view(policy_graph(), title="t"))
    by_name = {node["label"]: node for node in data["nodes"]}
    department = by_name["省工业和信息化委员会"]
    assert "Aliases: 省工信委, 江西省工信委" in department["title"]
    assert department["names"] == ["省工业和信息化委员会", "省工信委", "江西省工信委"]
    assert department["shape"] == LABEL_STYLES["Department"].shape
    assert department["color"]["background"] == LABEL_STYLES["Department"].background
    shapes = {node["kind"]: node["shape"] for node in data["nodes"]}
    assert len(set(shapes.values())) == len(shapes), "each label has its own shape"
    assert "Metric: 收入" in by_name["光伏 收入 1000 亿元"]["title"]


def test_legend_and_filters_list_what_is_drawn() -> None:
    page = render_view(policy_graph(), title="t")
    for label in ("Department", "Industry", "Platform", "Enterprise", "Place", "Event", "Target"):
        assert f'data-filter="label" value="{label}"' in page
    assert 'data-filter="label" value="Document"' not in page
    for relation in (
        "RESPONSIBLE_FOR · lead",
        "RESPONSIBLE_FOR · support",
        "RESPONSIBLE_FOR · host",
        "LOCATED_IN",
        "TARGETS",
        "PART_OF",
    ):
        assert f'data-filter="relation" value="{relation}"' in page
    assert 'id="search"' in page


def test_layout_is_seeded_stabilised_and_frozen() -> None:
    page = render_view(policy_graph(), title="t", seed=11)
    options = page_data(page)["options"]
    assert options["layout"]["randomSeed"] == 11
    assert options["physics"]["stabilization"]["enabled"] is True
    assert 'network.once("stabilizationIterationsDone", freeze)' in page
    assert "network.setOptions({physics: false})" in page


def test_same_graph_gives_the_same_page_whatever_the_insertion_order() -> None:
    assert render_view(policy_graph(), title="t") == render_view(policy_graph(reverse=True), title="t")
    assert render_view(policy_graph(), title="t", seed=1) != render_view(policy_graph(), title="t", seed=2)


def test_text_from_documents_cannot_break_the_page() -> None:
    graph = nx.MultiDiGraph()
    graph.add_node("a", label="Industry", name="</script><script>alert(1)</script>", aliases=[])
    graph.add_node("b", label="Department", name="<b>部门</b>", aliases=['"引号"'])
    graph.add_edge("b", "a", type="RESPONSIBLE_FOR", role="lead", evidence="</script>", doc="x", year=2020)
    page = render_view(graph, title="<i>标题</i>")
    assert "<script>alert(1)" not in page
    assert "<i>标题</i>" not in page and "&lt;i&gt;标题&lt;/i&gt;" in page
    names = {node["label"] for node in page_data(page)["nodes"]}
    assert names == {"</script><script>alert(1)</script>", "<b>部门</b>"}


def test_empty_graph_renders_a_page_that_says_so() -> None:
    page = render_view(nx.MultiDiGraph(), title="空")
    assert page_data(page)["nodes"] == []
    assert "No nodes to show." in page


# ------------------------------------------------------------- size limit


def star_graph() -> nx.MultiDiGraph:
    """Three departments of 4, 3 and 2 industries, plus a lone pair; the tie between the two degree-1 groups is by name."""
    graph = nx.MultiDiGraph()
    spokes = {"甲": 4, "乙": 3, "丙": 2}
    for department, count in spokes.items():
        graph.add_node(department, label="Department", name=department, aliases=[])
        for i in range(count):
            industry = f"{department}产业{i}"
            graph.add_node(industry, label="Industry", name=industry, aliases=[])
            graph.add_edge(
                department, industry, type="RESPONSIBLE_FOR", role="responsible", evidence="", doc="d", year=2020
            )
    return graph


def test_most_connected_keeps_hubs_with_a_stable_tie_break() -> None:
    graph = star_graph()
    kept = most_connected(graph, 5)
    # Degrees 4, 3, 2 first, then two of the nine degree-1 industries, in name order.
    assert {"甲", "乙", "丙"} <= set(kept.nodes)
    assert len(kept) == 5
    again = most_connected(nx.MultiDiGraph(graph.reverse()), 5)
    assert set(again.nodes) == set(kept.nodes)
    assert most_connected(graph, 100) is graph
    with pytest.raises(ViewError):
        most_connected(graph, 0)


def test_past_max_nodes_the_page_keeps_the_most_connected_and_says_so() -> None:
    graph = star_graph()
    page = render_view(graph, title="t", max_nodes=4)
    data = page_data(page)
    assert len(data["nodes"]) == 4
    assert "Showing the 4 most connected of 12 nodes." in page
    assert 'id="note"' not in render_view(graph, title="t")


# ------------------------------------------------------------- neighbourhoods


def test_find_nodes_by_any_alias_with_folding() -> None:
    graph = policy_graph()
    assert find_nodes(graph, "江西省工信委") == ["Department:省工信委"]
    assert find_nodes(graph, " 光伏 产业", label="Industry") == ["Industry:光伏"]
    assert find_nodes(graph, "光伏产业", label="Department") == []


def test_neighbourhood_depth_and_documents_do_not_bridge() -> None:
    graph = policy_graph()
    one = neighbourhood(graph, ["Industry:稀土"], depth=1)
    entities = {n for n in one if graph.nodes[n]["label"] != "Document"}
    # Every entity is MENTIONED_IN document a.txt; that must not pull them all in.
    assert entities == {"Industry:稀土", "Department:省工信委"}
    assert "Document:a.txt" in one, "documents of kept entities stay for the hover text"
    two = neighbourhood(graph, ["Industry:稀土"], depth=2)
    assert {"Industry:光伏", "Department:电子信息处"} <= set(two)
    assert set(neighbourhood(graph, ["Industry:稀土"], depth=0)) - {"Document:a.txt"} == {"Industry:稀土"}


def test_select_view_by_department_industry_or_place() -> None:
    graph = policy_graph()
    view, title = select_view(graph, department="省工信委", depth=1)
    assert title == "Department 省工业和信息化委员会: neighbourhood, depth 1"
    assert "Industry:光伏" in view and "Place:赣州市" not in view
    view, _ = select_view(graph, place="赣州市")
    assert {"Platform:园区", "Enterprise:晶能"} <= set(view)
    whole, title = select_view(graph)
    assert whole is graph and title == "Policy graph"


def test_select_view_errors_say_what_to_do() -> None:
    graph = policy_graph()
    with pytest.raises(ViewError, match="did you mean 光伏"):
        select_view(graph, industry="光")
    with pytest.raises(ViewError, match="no Industry named '不存在'"):
        select_view(graph, industry="不存在")
    with pytest.raises(ViewError, match="one centre"):
        select_view(graph, industry="光伏", place="赣州市")


def test_notebook_frame_embeds_the_page_in_srcdoc() -> None:
    page = render_view(policy_graph(), title="t")
    frame = notebook_frame(page, height=420)
    assert frame.startswith('<div class="policykg-view"><iframe srcdoc=') and "height: 420px" in frame
    assert "<script" not in frame, "the page is escaped inside the attribute"


# --------------------------------------------------------------- from a store


def sample_records() -> list:
    from policykg.models import Entity, Fact, Record

    return [
        Record(
            doc="a.txt",
            title="产业推进意见",
            year=2014,
            entities=[
                Entity(type="Department", name="省工业和信息化委员会", aliases=["省工信委"]),
                Entity(type="Department", name="市人民政府", aliases=["市政府"]),
                Entity(type="Industry", name="光伏", aliases=["光伏产业"]),
                Entity(type="Platform", name="示范园区"),
                Entity(type="Place", name="赣州市"),
            ],
            facts=[
                Fact(
                    rel="RESPONSIBLE_FOR", head="省工信委", tail="光伏", role="lead", evidence="省工信委牵头推进光伏。"
                ),
                Fact(
                    rel="RESPONSIBLE_FOR",
                    head="市政府",
                    tail="示范园区",
                    role="responsible",
                    evidence="市政府负责园区。",
                ),
                Fact(rel="LOCATED_IN", head="示范园区", tail="赣州市", evidence="园区位于赣州市。"),
            ],
        )
    ]


def load_sample(store) -> None:
    report = store.load_records(sample_records())
    assert report.loaded == ["a.txt"]


@pytest.fixture(scope="module")
def sample(engine, tmp_path_factory: pytest.TempPathFactory):
    """The sample record's graph on the engine under test; ``*sample.args`` reaches it from a command."""
    loaded = shared_store(engine, tmp_path_factory, "viz", load_sample)
    yield loaded
    loaded.close()


def test_build_view_from_the_store(sample) -> None:
    store = sample.get()
    whole = build_view(store)
    around = build_view(store, industry="光伏产业", depth=1)
    with pytest.raises(NameNotFound, match="no Department named 省财政厅; nearest"):  # as in every command
        build_view(store, department="省财政厅")
    assert isinstance(whole, View)
    assert whole.summary.nodes == 7 and whole.title == "Policy graph"
    names = {node["label"] for node in page_data(around.html)["nodes"]}
    assert names == {"光伏", "省工业和信息化委员会"}
    lead = page_data(around.html)["edges"][0]
    assert "— 产业推进意见 (2014)" in lead["title"], "the store's Document gives the title"
    assert "<iframe srcdoc=" in around._repr_html_()


def invoke(*args: str):
    from typer.testing import CliRunner

    from policykg.cli import app

    return CliRunner().invoke(app, list(args))


def test_viz_command_writes_the_view(sample, tmp_path: Path) -> None:
    out = tmp_path / "view.html"
    result = invoke("viz", *sample.args, "--department", "省工信委", "-o", str(out))
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "Department 省工业和信息化委员会: neighbourhood, depth 1" in page
    assert {node["label"] for node in page_data(page)["nodes"]} == {"省工业和信息化委员会", "光伏"}
    assert "wrote" in result.output and "2 nodes, 1 edges" in result.output


def test_viz_command_draws_a_canned_query(sample, tmp_path: Path) -> None:
    out = tmp_path / "query.html"
    result = invoke("viz", *sample.args, "--query", "industry-owners", "-p", "industry=光伏", "-o", str(out))
    assert result.exit_code == 0, result.output
    names = {node["label"] for node in page_data(out.read_text(encoding="utf-8"))["nodes"]}
    assert {"光伏", "省工业和信息化委员会"} <= names and "赣州市" not in names


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--industry", "光伏", "--place", "赣州市"), "choose one of --industry, --place"),
        (("-p", "industry=光伏"), "add --query NAME"),
        (("--depth", "-1"), "--depth must be 0 or more"),
        (("--max-nodes", "0"), "--max-nodes must be at least 1"),
    ],
)
def test_viz_command_refuses_bad_options(sample, tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    result = invoke("viz", *sample.args, "-o", str(tmp_path / "x.html"), *args)
    assert result.exit_code == 2
    assert message in result.output
    assert not (tmp_path / "x.html").exists()


def test_viz_command_reports_an_unknown_name_in_one_line(sample, tmp_path: Path) -> None:
    result = invoke("viz", *sample.args, "--industry", "光电", "-o", str(tmp_path / "x.html"))
    assert result.exit_code == 1
    assert "no Industry named 光电; nearest: 光伏" in result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1


def test_viz_command_has_help() -> None:
    result = invoke("viz", "--help")
    assert result.exit_code == 0
    assert "self-contained HTML" in result.output and "--department" in result.output


def test_viz_command_says_when_a_query_has_nothing_to_draw(sample, tmp_path: Path) -> None:
    result = invoke("viz", *sample.args, "--query", "industries-without-lead", "-o", str(tmp_path / "x.html"))
    assert result.exit_code == 1
    assert "returned no rows" in result.output
    assert not (tmp_path / "x.html").exists()
