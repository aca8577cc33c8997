"""The HTML views: offline, complete, deterministic; the workbench's view as a file, and the ``viz`` command.

The page of ``policykg viz`` draws what the workbench's graph page draws (one choice of nodes, one
aggregation, one layout, one script): ego networks with the focus emphasised, one edge per pair
carrying its roles, count and evidence, Targets counted on their subject, positions fixed before
drawing, labels that never overlap (the layout's geometry is checked here; ``tests/test_browser.py``
checks it as Chromium draws it).
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import networkx as nx
import pytest
from conftest import shared_store

from policykg.errors import NameNotFound
from policykg.web.layout import (
    FIRST_RING_PX,
    boxes_overlap,
    cluster_layout,
    label_width,
    node_box,
    radial_layout,
)
from policykg.web.network import ego_network, most_connected_network
from policykg.web.viz import (
    LABEL_STYLES,
    GraphFacts,
    View,
    ViewError,
    build_view,
    draw_network,
    draw_view,
    find_nodes,
    notebook_frame,
    render_view,
    select_view,
    write_view,
)

REMOTE_REFERENCE = re.compile(r"""(?:src|href|action)\s*=\s*["']?\s*(?:https?:)?//""", re.IGNORECASE)
CSS_REMOTE_URL = re.compile(r"""url\(\s*["']?\s*(?:https?:)?//|@import""", re.IGNORECASE)
GRAPH_DATA = re.compile(r'<script id="graph-data" type="application/json">(.*?)</script>', re.DOTALL)


def page_data(page: str) -> dict:
    """The nodes, edges and links a page draws."""
    match = GRAPH_DATA.search(page)
    assert match, "the page holds no graph data"
    return json.loads(match.group(1))


def names(data: dict) -> set[str]:
    return {node["name"] for node in data["nodes"]}


def links_by_pair(data: dict) -> dict[tuple[str, str], dict]:
    """Each edge as (head name, tail name) → its kinds of fact with counts, documents and evidence, decoded."""
    name = {node["id"]: node["name"] for node in data["nodes"]}
    found = {}
    for edge in data["edges"]:
        link = data["links"][edge["id"]]
        pair = (name[edge["from"]], name[edge["to"]])
        assert pair not in found, f"two edges for {pair}"
        found[pair] = {
            "kinds": {data["kinds"][kind]: count for kind, count in link["counts"]},
            "documents": link["documents"],
            "evidence": [
                {
                    "sentence": data["sentences"][sentence],
                    "title": data["documents"][doc]["title"] if doc is not None else None,
                    "kind": data["kinds"][kind],
                    "year": year,
                }
                for sentence, doc, kind, year in link["evidence"]
            ],
            "edge": edge,
        }
    return found


def assert_no_overlap(nodes: list[dict], positions: dict) -> None:
    """No two nodes' boxes (shape and label, as the page draws them) overlap."""
    rects = [node_box(node).at(*positions[node["id"]]) for node in nodes]
    for index, rect in enumerate(rects):
        for other in range(index + 1, len(rects)):
            assert not boxes_overlap(rect, rects[other]), (nodes[index]["name"], nodes[other]["name"])


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
    for cdn in ("jsdelivr", "cdnjs", "unpkg", "bootstrap.min", "googleapis"):
        assert cdn not in page
    assert "@version 9.1.2" in page and "new vis.Network(" in page  # the library is inlined, and used
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page


def test_write_view_writes_utf8(tmp_path: Path) -> None:
    path = write_view(render_view(policy_graph(), title="光伏"), tmp_path / "sub" / "view.html")
    text = path.read_bytes().decode("utf-8")  # fails on any other encoding of the Chinese names
    assert "省工业和信息化委员会" in text


def test_one_edge_per_pair_with_its_roles_count_and_evidence() -> None:
    data = page_data(render_view(policy_graph(), title="t"))
    pairs = links_by_pair(data)
    lead = pairs[("省工业和信息化委员会", "光伏")]
    assert lead["kinds"] == {"lead": 2} and lead["documents"] == 2
    assert [(e["sentence"], e["title"], e["year"]) for e in lead["evidence"]] == [
        ("省工信委牵头推进光伏。", "产业推进意见", 2014),
        ("光伏由省工信委负责。", "园区建设方案", 2020),
    ]
    assert lead["edge"]["width"] == 3 and lead["edge"]["color"] == "#c0392b"  # two facts; the lead's colour
    support = pairs[("电子信息处", "光伏")]
    assert support["kinds"] == {"support": 1} and support["edge"].get("dashes") is True
    assert pairs[("电子信息处", "省工业和信息化委员会")]["kinds"] == {"PART_OF": 1}
    assert len(data["edges"]) == len(pairs) == 9  # eleven facts, two of one pair, one of a Target


def test_documents_are_left_out_and_targets_counted_on_their_subject() -> None:
    data = page_data(render_view(policy_graph(), title="t"))
    groups = {node["group"] for node in data["nodes"]}
    assert groups == {"Department", "Industry", "Platform", "Enterprise", "Place", "Event"}
    pv = next(node for node in data["nodes"] if node["name"] == "光伏")
    assert pv["label"] == "光伏 ◎1" and "1 targets" in pv["title"]
    assert "光伏 收入 1000 亿元" not in names(data)
    assert all("MENTIONED_IN" not in kinds for kinds in data["kinds"])


def test_nodes_show_name_aliases_colour_and_shape() -> None:
    data = page_data(render_view(policy_graph(), title="t"))
    by_name = {node["name"]: node for node in data["nodes"]}
    department = by_name["省工业和信息化委员会"]
    assert "Also written 省工信委、江西省工信委" in department["title"]
    assert department["names"] == ["省工业和信息化委员会", "省工信委", "江西省工信委"]
    assert department["group"] == "Department" and department["key"] == "Department:省工信委"
    assert data["groups"]["Department"]["shape"] == LABEL_STYLES["Department"].shape == "box"
    assert data["groups"]["Department"]["color"]["background"] == LABEL_STYLES["Department"].background
    shapes = {label: group["shape"] for label, group in data["groups"].items() if label != "Entity"}
    assert len(set(shapes.values())) == len(shapes), "each label has its own shape"


def test_legend_and_filters_list_what_is_drawn() -> None:
    page = render_view(policy_graph(), title="t")
    for label in ("Department", "Industry", "Platform", "Enterprise", "Place", "Event"):
        assert f'data-filter="label" value="{label}"' in page
    assert 'data-filter="label" value="Document"' not in page and 'value="Target"' not in page
    for kind in ("lead", "support", "host", "responsible", "LOCATED_IN", "TARGETS", "PART_OF"):
        assert f'data-filter="relation" value="{kind}"' in page
    assert "牵头 lead" in page and 'id="search"' in page


def test_positions_are_computed_before_drawing_and_physics_is_off() -> None:
    page = render_view(policy_graph(), title="t")
    data = page_data(page)
    assert all(isinstance(node["x"], (int, float)) and isinstance(node["y"], (int, float)) for node in data["nodes"])
    assert len({(node["x"], node["y"]) for node in data["nodes"]}) == len(data["nodes"])
    script = page.rsplit("<script>", 1)[1]  # the page's own script (graph.js), after vis-network's
    assert "physics: { enabled: false }" in script and "stabiliz" not in script


def test_same_graph_gives_the_same_page_whatever_the_insertion_order() -> None:
    assert render_view(policy_graph(), title="t") == render_view(policy_graph(reverse=True), title="t")


def test_text_from_documents_cannot_break_the_page() -> None:
    graph = nx.MultiDiGraph()
    graph.add_node("a", label="Industry", name="</script><script>alert(1)</script>", aliases=[])
    graph.add_node("b", label="Department", name="<b>部门</b>", aliases=['"引号"'])
    graph.add_edge("b", "a", type="RESPONSIBLE_FOR", role="lead", evidence="</script>", doc="x", year=2020)
    page = render_view(graph, title="<i>标题</i>")
    assert "<script>alert(1)" not in page
    assert "<i>标题</i>" not in page and "&lt;i&gt;标题&lt;/i&gt;" in page
    data = page_data(page)
    assert names(data) == {"</script><script>alert(1)</script>", "<b>部门</b>"}
    assert data["sentences"] == ["</script>"]


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
    kept = most_connected_network(GraphFacts(graph), 5)
    ids = {node["id"] for node in kept["nodes"]}
    # Degrees 4, 3, 2 first, then two of the nine degree-1 industries, in id order.
    assert {"甲", "乙", "丙"} <= ids and len(ids) == 5
    again = most_connected_network(GraphFacts(nx.MultiDiGraph(graph.reverse())), 5)
    assert {node["id"] for node in again["nodes"]} == ids
    assert kept["note"] == "the 5 most connected of 12 nodes" and kept["total"] == 12
    with pytest.raises(ViewError):
        draw_view(graph, title="t", max_nodes=0)


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


def test_neighbourhood_depth_and_documents_and_targets_do_not_bridge() -> None:
    source = GraphFacts(policy_graph())
    one = ego_network(source, ["Industry:稀土"], depth=1)
    # Every entity is MENTIONED_IN document a.txt; that must not pull them all in.
    assert {node["id"] for node in one["nodes"]} == {"Industry:稀土", "Department:省工信委"}
    two = ego_network(source, ["Industry:稀土"], depth=2)
    ids = {node["id"] for node in two["nodes"]}
    assert {"Industry:光伏", "Department:电子信息处"} <= ids and "Target:t1" not in ids
    distance = {node["id"]: node["distance"] for node in two["nodes"]}
    assert distance["Industry:稀土"] == 0 and distance["Department:省工信委"] == 1 and distance["Industry:光伏"] == 2
    assert [node["id"] for node in ego_network(source, ["Industry:稀土"], depth=0)["nodes"]] == ["Industry:稀土"]
    # The facts among the nodes drawn, not only those along the paths: 电子信息处 → 省工信委 joins two of ring 1.
    around = ego_network(source, ["Industry:光伏"], depth=1)
    assert ("Department:电子信息处", "Department:省工信委") in {(e["head"], e["tail"]) for e in around["edges"]}


def test_past_max_nodes_an_ego_network_keeps_the_nearest() -> None:
    source = GraphFacts(policy_graph())
    network = ego_network(source, ["Industry:光伏"], depth=2, max_nodes=3)
    assert [node["distance"] for node in sorted(network["nodes"], key=lambda n: n["distance"])] == [0, 1, 1]
    assert network["note"].startswith("the 3 nearest, most connected of ")


def test_select_view_by_department_industry_or_place() -> None:
    graph = policy_graph()
    network, title = select_view(graph, department="省工信委", depth=1)
    assert title == "Department 省工业和信息化委员会: neighbourhood, depth 1"
    ids = {node["id"] for node in network["nodes"]}
    assert "Industry:光伏" in ids and "Place:赣州市" not in ids
    network, _ = select_view(graph, place="赣州市")
    assert {"Platform:园区", "Enterprise:晶能"} <= {node["id"] for node in network["nodes"]}
    whole, title = select_view(graph)
    assert len(whole["nodes"]) == 9 and title == "Policy graph"


def test_select_view_errors_say_what_to_do() -> None:
    graph = policy_graph()
    with pytest.raises(ViewError, match="did you mean 光伏"):
        select_view(graph, industry="光")
    with pytest.raises(ViewError, match="no Industry named '不存在'"):
        select_view(graph, industry="不存在")
    with pytest.raises(ViewError, match="one centre"):
        select_view(graph, industry="光伏", place="赣州市")


def test_the_focus_of_an_ego_network_is_drawn_larger_at_the_centre() -> None:
    network, title = select_view(policy_graph(), industry="光伏", depth=2)
    data = page_data(draw_network(network, title=title, focus="Industry:光伏").html)
    focus = data["nodes"][data["focus"]]
    assert focus["key"] == "Industry:光伏" and focus["focus"] is True
    assert (focus["x"], focus["y"]) == (0.0, 0.0)
    assert focus["borderWidth"] == 4 and focus["font"]["size"] == 24 and focus["color"]["border"] == "#111111"
    assert [node["name"] for node in data["nodes"] if node.get("focus")] == ["光伏"]
    ring = {node["name"]: math.dist((node["x"], node["y"]), (0, 0)) for node in data["nodes"]}
    assert ring["省工业和信息化委员会"] < ring["稀土新材料"], "one step away sits nearer than two"


def test_notebook_frame_embeds_the_page_in_srcdoc() -> None:
    page = render_view(policy_graph(), title="t")
    frame = notebook_frame(page, height=420)
    assert frame.startswith('<div class="policykg-view"><iframe srcdoc=') and "height: 420px" in frame
    assert "<script" not in frame, "the page is escaped inside the attribute"


# ------------------------------------------------------------- the layout's geometry


def ring_of(count: int, *, name: str = "某某省某某厅第{}处", label: str = "Department") -> list[dict]:
    return [{"id": f"n{i}", "name": name.format(i), "label": label, "distance": 1, "degree": 1} for i in range(count)]


def test_radial_layout_puts_the_focus_at_the_centre_and_no_labels_overlap() -> None:
    focus = {
        "id": "f",
        "name": "江西省工业和信息化委员会",
        "label": "Department",
        "distance": 0,
        "degree": 90,
        "focus": True,
    }
    nodes = [focus, *ring_of(60)]
    nodes += [
        {"id": f"m{i}", "name": f"产业{i}号新材料", "label": "Industry", "distance": 2, "degree": 1} for i in range(90)
    ]
    edges = [{"head": "f", "tail": f"n{i}"} for i in range(60)] + [
        {"head": f"n{i % 60}", "tail": f"m{i}"} for i in range(90)
    ]
    at = radial_layout(nodes, edges, "f")
    assert at["f"] == (0.0, 0.0) and set(at) == {node["id"] for node in nodes}
    assert at == radial_layout(list(reversed(nodes)), edges, "f")  # deterministic, whatever the order
    assert_no_overlap(nodes, at)
    first = max(math.dist(at[f"n{i}"], (0, 0)) for i in range(60))
    second = min(math.dist(at[f"m{i}"], (0, 0)) for i in range(90))
    assert FIRST_RING_PX <= first < second, "the second ring lies outside the first"


def test_radial_layout_keeps_neighbours_on_a_ring_a_label_apart() -> None:
    ring = [{"id": "f", "name": "光伏", "label": "Industry", "distance": 0, "degree": 40}, *ring_of(40)]
    at = radial_layout(ring, [{"head": f"n{i}", "tail": "f"} for i in range(40)], "f")
    points = [at[f"n{i}"] for i in range(40)]
    nearest = min(math.dist(a, b) for n, a in enumerate(points) for b in points[n + 1 :])
    assert nearest > node_box(ring[1]).height  # boxes never touch, however the ring turns
    assert_no_overlap(ring, at)


def test_cluster_layout_of_two_thousand_nodes_has_no_overlapping_labels() -> None:
    """A whole-graph view at the size the benchmark draws: every box apart, every node placed, in Python."""
    labels = ("Department", "Industry", "Platform", "Enterprise", "Place", "Event")
    nodes = [
        {"id": f"v{i:04d}", "name": f"{'江西省工业和信息化委员会'[: 2 + i % 11]}{i}", "label": labels[i % 6], "degree": 0,
         "targets": i % 3}
        for i in range(2000)
    ]  # fmt: skip
    edges = [{"head": f"v{i:04d}", "tail": f"v{(i * 7 + 13) % 2000:04d}"} for i in range(2000)]
    edges += [{"head": f"v{i:04d}", "tail": f"v{i - i % 50:04d}"} for i in range(2000) if i % 50]
    at = cluster_layout(nodes, edges)
    assert set(at) == {node["id"] for node in nodes}
    rects = sorted((node_box(node).at(*at[node["id"]]) for node in nodes), key=lambda r: r[0])
    for index, rect in enumerate(rects):  # sweep by left edge: only boxes that start before this one ends
        for other in rects[index + 1 :]:
            if other[0] >= rect[2]:
                break
            assert not boxes_overlap(rect, other)
    assert at == cluster_layout(list(reversed(nodes)), list(reversed(edges)))


def test_label_boxes_grow_with_the_label_and_wrap_long_names() -> None:
    short = node_box({"name": "光伏", "label": "Department"})
    long = node_box({"name": "江西省工业和信息化委员会电子信息处", "label": "Department"})
    assert short.width == label_width("光伏") + 22 and long.height > short.height
    assert (
        node_box({"name": "光伏", "label": "Industry", "focus": True}).height
        > node_box({"name": "光伏", "label": "Industry"}).height
    )
    dot = node_box({"name": "赣州市", "label": "Place"})
    assert dot.below > 0, "a shape that carries its label underneath has its box below its middle"


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
    data = page_data(around.html)
    assert names(data) == {"光伏", "省工业和信息化委员会"}
    assert data["nodes"][data["focus"]]["name"] == "光伏"
    (lead,) = links_by_pair(data).values()
    assert lead["evidence"] == [
        {"sentence": "省工信委牵头推进光伏。", "title": "产业推进意见", "kind": "lead", "year": 2014}
    ]
    assert "<iframe srcdoc=" in around._repr_html_()


def test_the_file_draws_what_the_workbench_draws(sample) -> None:
    """One implementation: the graph page of ``policykg serve`` and the file of ``policykg viz`` hold the same view."""
    from starlette.testclient import TestClient

    from policykg.web.app import create_app

    store = sample.get()
    view = build_view(store, department="省工信委", depth=2)
    served = TestClient(create_app(store), base_url="http://127.0.0.1").get(
        "/graph/department/省工业和信息化委员会", params={"depth": 2}
    )
    assert served.status_code == 200
    in_file, on_page = page_data(view.html), page_data(served.text)
    for node in on_page["nodes"]:
        assert node.pop("url").startswith("/")
    assert in_file == on_page
    assert names(in_file) == {"省工业和信息化委员会", "光伏"}


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
    assert names(page_data(page)) == {"省工业和信息化委员会", "光伏"}
    assert "wrote" in result.output and "2 nodes, 1 edges" in result.output


def test_viz_command_draws_a_canned_query(sample, tmp_path: Path) -> None:
    out = tmp_path / "query.html"
    result = invoke("viz", *sample.args, "--query", "industry-owners", "-p", "industry=光伏", "-o", str(out))
    assert result.exit_code == 0, result.output
    drawn = names(page_data(out.read_text(encoding="utf-8")))
    assert {"光伏", "省工业和信息化委员会"} <= drawn and "赣州市" not in drawn


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
