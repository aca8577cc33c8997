"""Views as a person sees them: each page opened in headless Chromium with its network switched off.

Chromium is driven over the DevTools protocol (``--remote-debugging-port``, a
websocket per page). The checks: the vis network exists and holds every node of
the view at the positions the page was written with (no physics), the focus of an
ego network is drawn larger at the centre, no two labels overlap as Chromium draws
them, nothing but ``file:``/``data:`` URLs was requested, a click on a link shows
its evidence, the search box and the filters work, and a screenshot is not a
blank page. Skipped, with the reason, when Chromium or websocket-client is missing
(``scripts/install-browser.sh`` installs Chromium and the CJK font).
"""

from __future__ import annotations

import base64
import io
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from policykg.web.layout import boxes_overlap, node_box
from policykg.web.viz import render_view, write_view

pytestmark = pytest.mark.browser

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
    "--remote-debugging-port=0",
)
# Generous waits for a shared, busy machine; they bound a hang, they do not measure speed.
START_WAIT_S = 60
PAGE_WAIT_S = 120
LOCAL_SCHEMES = ("file:", "data:", "about:", "blob:")


def find_chromium() -> str | None:
    """The Chromium executable: ``$POLICYKG_CHROMIUM``, else the first known name on PATH."""
    if os.environ.get("POLICYKG_CHROMIUM"):
        return os.environ["POLICYKG_CHROMIUM"]
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


@dataclass
class PageReport:
    """What one page load showed: the requests it made, its errors, and a screenshot."""

    requests: list[str] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)


class HeadlessChromium:
    """A headless Chromium with one page, driven over the DevTools protocol."""

    def __init__(self, executable: str, *, width: int = 1400, height: int = 900, scale: float = 1):
        self.executable = executable
        self.width = width
        self.height = height
        self.scale = scale
        self._profile = tempfile.TemporaryDirectory(prefix="policykg-chromium-", ignore_cleanup_errors=True)
        self._process: subprocess.Popen[bytes] | None = None
        self._socket: Any = None
        self._next_id = 0
        self._events: list[dict[str, Any]] = []

    # -- lifecycle

    def start(self) -> HeadlessChromium:
        import websocket  # websocket-client, in the dev extra

        profile = Path(self._profile.name)
        log = open(profile / "chromium.log", "wb")  # noqa: SIM115 - closed with the process
        self._log = log
        self._process = subprocess.Popen(
            [
                self.executable,
                *CHROMIUM_FLAGS,
                f"--user-data-dir={profile}",
                f"--window-size={self.width},{self.height}",
                "about:blank",
            ],
            stdout=log,
            stderr=log,
            # Its own process group, so that closing ends the renderer and helper processes too.
            start_new_session=True,
        )
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + START_WAIT_S
        while not (port_file.exists() and port_file.read_text().strip()):
            if self._process.poll() is not None or time.monotonic() > deadline:
                self.close()
                raise RuntimeError(f"Chromium did not start; see {profile / 'chromium.log'}")
            time.sleep(0.1)
        port = int(port_file.read_text().split()[0])
        page_url = self._page_target(port, deadline)
        self._socket = websocket.create_connection(page_url, timeout=PAGE_WAIT_S, suppress_origin=True)
        self.send(
            "Emulation.setDeviceMetricsOverride",
            width=self.width,
            height=self.height,
            deviceScaleFactor=self.scale,
            mobile=False,
        )
        return self

    @staticmethod
    def _page_target(port: int, deadline: float) -> str:
        while True:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as response:
                targets = json.load(response)
            pages = [t["webSocketDebuggerUrl"] for t in targets if t.get("type") == "page"]
            if pages:
                return pages[0]
            if time.monotonic() > deadline:
                raise RuntimeError("Chromium opened no page")
            time.sleep(0.1)

    def close(self) -> None:
        if self._socket is not None:
            self._socket.close()
            self._socket = None
        if self._process is not None:
            self._signal_group(signal.SIGTERM)
            try:
                self._process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self._signal_group(signal.SIGKILL)
                self._process.wait()
            self._process = None
            self._log.close()
        self._profile.cleanup()

    def _signal_group(self, signum: int) -> None:
        try:
            os.killpg(self._process.pid, signum)
        except ProcessLookupError:
            pass

    # -- protocol

    def send(self, method: str, **params: Any) -> dict[str, Any]:
        """Call a DevTools method and return its result, keeping the events that arrive meanwhile."""
        self._next_id += 1
        call_id = self._next_id
        self._socket.send(json.dumps({"id": call_id, "method": method, "params": params}))
        while True:
            message = json.loads(self._socket.recv())
            if message.get("id") == call_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            if "method" in message:
                self._events.append(message)

    def wait_for_event(self, method: str, timeout: float = PAGE_WAIT_S) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            for event in self._events:
                if event["method"] == method:
                    return event
            if time.monotonic() > deadline:
                raise TimeoutError(f"no {method} within {timeout} s")
            self._socket.settimeout(max(0.1, deadline - time.monotonic()))
            message = json.loads(self._socket.recv())
            if "method" in message:
                self._events.append(message)

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (awaited when it is a promise)."""
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_until(self, expression: str, timeout: float = PAGE_WAIT_S) -> None:
        deadline = time.monotonic() + timeout
        while not self.evaluate(expression):
            if time.monotonic() > deadline:
                raise TimeoutError(f"{expression} still false after {timeout} s")
            time.sleep(0.2)

    # -- pages

    def open(self, path: Path, *, offline: bool = True) -> PageReport:
        """Load a local file (the network switched off unless ``offline`` is false), wait until the view is
        drawn, and report what happened."""
        self._events.clear()
        for domain in ("Network", "Page", "Runtime"):
            self.send(f"{domain}.enable")
        self.send("Network.emulateNetworkConditions", offline=offline, latency=0, downloadThroughput=-1,
                  uploadThroughput=-1)  # fmt: skip
        self.send("Page.navigate", url=path.resolve().as_uri())
        self.wait_for_event("Page.loadEventFired")
        self.wait_until("document.body && document.body.getAttribute('data-drawn') === 'true'")
        report = PageReport()
        for event in self._events:
            params = event.get("params", {})
            if event["method"] == "Network.requestWillBeSent":
                report.requests.append(params["request"]["url"])
            elif event["method"] == "Runtime.exceptionThrown":
                report.exceptions.append(json.dumps(params.get("exceptionDetails", {}), ensure_ascii=False))
            elif event["method"] == "Runtime.consoleAPICalled" and params.get("type") == "error":
                report.console_errors.append(json.dumps(params.get("args", []), ensure_ascii=False))
        return report

    def click(self, x: float, y: float) -> None:
        """A left click at (x, y) in the page's CSS pixels, as a mouse makes it."""
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1)

    def screenshot(self) -> bytes:
        return base64.b64decode(self.send("Page.captureScreenshot", format="png")["data"])


def distinct_colours(png: bytes) -> int:
    """How many different colours a PNG holds."""
    from PIL import Image  # Pillow comes with matplotlib, in the dev extra

    with Image.open(io.BytesIO(png)) as image:
        colours = image.convert("RGB").getcolors(maxcolors=1 << 24)
    return len(colours or [])


# ------------------------------------------------------------------ fixtures


@pytest.fixture(scope="module")
def browser() -> Iterator[HeadlessChromium]:
    executable = find_chromium()
    if executable is None:
        pytest.skip("Chromium is not installed (run scripts/install-browser.sh, or set POLICYKG_CHROMIUM)")
    pytest.importorskip("websocket", reason="websocket-client is not installed (pip install -e '.[dev]')")
    pytest.importorskip("PIL", reason="Pillow is not installed (pip install -e '.[dev]')")
    chromium = HeadlessChromium(executable).start()
    try:
        yield chromium
    finally:
        chromium.close()


def policy_graph() -> nx.MultiDiGraph:
    """A small graph of every label and relationship, with Chinese names and aliases."""
    g = nx.MultiDiGraph()
    g.add_node("doc1", label="Document", name="d1.txt", title="产业推进工作意见", year=2014)
    entities = [
        ("dept", "Department", "省工业和信息化委员会", ["省工信委"]),
        ("div", "Department", "省工信委电子信息处", ["电子信息处"]),
        ("city", "Department", "市人民政府", ["市政府"]),
        ("pv", "Industry", "光伏", ["光伏产业"]),
        ("re", "Industry", "稀土新材料", []),
        ("park", "Platform", "示范园区", ["示范区"]),
        ("firm", "Enterprise", "晶能光伏有限公司", ["晶能"]),
        ("place", "Place", "赣州市", []),
        ("fair", "Event", "光伏产业合作推进会", ["推进会"]),
        ("goal", "Target", "光伏 主营业务收入 1000 亿元", []),
    ]
    for key, label, name, aliases in entities:
        g.add_node(key, label=label, name=name, aliases=aliases)
        g.add_edge(key, "doc1", type="MENTIONED_IN")
    edges = [
        ("dept", "pv", "RESPONSIBLE_FOR", "lead"),
        ("div", "pv", "RESPONSIBLE_FOR", "responsible"),
        ("city", "re", "RESPONSIBLE_FOR", "support"),
        ("dept", "fair", "RESPONSIBLE_FOR", "host"),
        ("city", "fair", "RESPONSIBLE_FOR", "cohost"),
        ("div", "dept", "PART_OF", None),
        ("park", "place", "LOCATED_IN", None),
        ("firm", "place", "LOCATED_IN", None),
        ("fair", "pv", "TARGETS", None),
        ("goal", "pv", "TARGETS", None),
        ("dept", "firm", "RESPONSIBLE_FOR", "coordinate"),
        ("city", "park", "RESPONSIBLE_FOR", "responsible"),
    ]
    for head, tail, rel, role in edges:
        g.add_edge(head, tail, type=rel, role=role, evidence=f"{head}与{tail}的证据句。", doc="d1.txt", year=2014)
    return g


def drawn_count(graph: nx.MultiDiGraph) -> int:
    """The nodes a view of the graph draws: Documents are left out and Targets counted on their subject."""
    return sum(1 for _, attrs in graph.nodes(data=True) if attrs.get("label") not in ("Document", "Target"))


@pytest.fixture(scope="module")
def small_page(tmp_path_factory: pytest.TempPathFactory) -> tuple[nx.MultiDiGraph, Path]:
    graph = policy_graph()
    path = write_view(render_view(graph, title="光伏 neighbourhood"), tmp_path_factory.mktemp("view") / "view.html")
    return graph, path


# Every node drawn first (vis-network places a label when it draws it; a node never on screen has a stale box).
DRAWN_BOXES = """(window.policykgGraph.network.fit({animation: false}), window.policykgGraph.network.redraw(),
  JSON.stringify(window.policykgGraph.data.nodes.map(function (n) {
    var g = window.policykgGraph, b = g.network.getBoundingBox(n.id), p = g.network.getPosition(n.id);
    return {key: n.key, name: n.name, label: n.label, group: n.group, focus: !!n.focus, x: p.x, y: p.y,
            box: [b.left, b.top, b.right, b.bottom]};
})))"""


def drawn_boxes(browser: HeadlessChromium) -> list[dict]:
    """Every node as Chromium drew it: its position and the box of its shape and label."""
    return json.loads(browser.evaluate(DRAWN_BOXES))


# --------------------------------------------------------------------- tests


def test_page_renders_every_node_offline(browser: HeadlessChromium, small_page: tuple[nx.MultiDiGraph, Path]) -> None:
    graph, path = small_page
    report = browser.open(path, offline=True)
    assert report.exceptions == []
    assert report.console_errors == []
    remote = [url for url in report.requests if not url.startswith(LOCAL_SCHEMES)]
    assert remote == [], f"the page asked the network for {remote}"
    assert any(url.startswith("file:") for url in report.requests)
    assert browser.evaluate("window.policykgGraph.network instanceof vis.Network") is True
    assert browser.evaluate("window.policykgGraph.network.body.data.nodes.length") == drawn_count(graph) == 9
    assert browser.evaluate("Object.keys(window.policykgGraph.network.getPositions()).length") == drawn_count(graph)
    # Positions are the page's own, drawn once: no physics moved a node.
    assert browser.evaluate("window.policykgGraph.network.physics.physicsEnabled") is False
    moved = browser.evaluate(
        """window.policykgGraph.data.nodes.filter(function (n) {
            var p = window.policykgGraph.network.getPosition(n.id);
            return Math.abs(p.x - n.x) >= 1 || Math.abs(p.y - n.y) >= 1;  // getPosition drops the fraction
        }).length"""
    )
    assert moved == 0


def test_screenshot_is_not_blank(browser: HeadlessChromium, small_page: tuple[nx.MultiDiGraph, Path]) -> None:
    browser.open(small_page[1], offline=True)
    png = browser.screenshot()
    assert png.startswith(b"\x89PNG")
    # A blank or single-colour page has a handful of colours; drawn nodes, labels and edges have hundreds.
    assert distinct_colours(png) > 200


def test_same_graph_gives_same_picture(browser: HeadlessChromium, small_page: tuple[nx.MultiDiGraph, Path]) -> None:
    positions = "JSON.stringify(window.policykgGraph.network.getPositions())"
    browser.open(small_page[1])
    first = json.loads(browser.evaluate(positions))
    browser.open(small_page[1])
    second = json.loads(browser.evaluate(positions))
    assert first == second


def test_clicking_a_link_shows_its_evidence(
    browser: HeadlessChromium, small_page: tuple[nx.MultiDiGraph, Path]
) -> None:
    browser.open(small_page[1])
    # The middle of a link that no other link or node covers there, in the page's coordinates.
    target = browser.evaluate(
        """(function () {
            var g = window.policykgGraph, rect = document.getElementById("graph").getBoundingClientRect();
            var found = null;
            g.data.edges.forEach(function (e) {
                if (found) { return; }
                var a = g.network.getPosition(e.from), b = g.network.getPosition(e.to);
                var dom = g.network.canvasToDOM({x: (a.x + b.x) / 2, y: (a.y + b.y) / 2});
                if (g.network.getNodeAt(dom) === undefined && g.network.getEdgeAt(dom) === e.id) {
                    found = {id: e.id, x: rect.left + dom.x, y: rect.top + dom.y};
                }
            });
            return found;
        })()"""
    )
    assert target is not None, "every link's middle is covered"
    browser.click(target["x"], target["y"])
    browser.wait_until("document.querySelectorAll('#panel blockquote.evidence').length > 0", timeout=30)
    shown = browser.evaluate(
        "Array.from(document.querySelectorAll('#panel blockquote')).map(function (q) { return q.textContent; })"
    )
    expected = [item["evidence"] for item in browser.evaluate(f"window.policykgGraph.evidenceOf({target['id']})")]
    assert shown == expected and all("的证据句" in sentence for sentence in shown)
    assert "产业推进工作意见" in browser.evaluate("document.getElementById('panel').textContent")


def test_search_finds_a_node_by_alias(browser: HeadlessChromium, small_page: tuple[nx.MultiDiGraph, Path]) -> None:
    browser.open(small_page[1])
    found = browser.evaluate(
        """(function () {
            var input = document.getElementById('search');
            input.value = '省工信委';
            document.getElementById('search-form').requestSubmit();
            var selected = window.policykgGraph.network.getSelectedNodes();
            return selected.map(function (id) { return window.policykgGraph.nodes.get(id).name; });
        })()"""
    )
    assert found == ["省工业和信息化委员会"]
    assert (
        browser.evaluate("document.getElementById('search-status').textContent") == "省工业和信息化委员会 (Department)"
    )
    assert browser.evaluate("window.policykgGraph.focusNode('没有这个名字')") is None


def test_filters_hide_labels_and_kinds_of_fact(
    browser: HeadlessChromium, small_page: tuple[nx.MultiDiGraph, Path]
) -> None:
    browser.open(small_page[1])
    hidden = browser.evaluate(
        """(function () {
            document.querySelector('input[data-filter=label][value=Department]').click();
            document.querySelector('input[data-filter=relation][value="LOCATED_IN"]').click();
            var view = window.policykgGraph;
            return {
                nodes: view.nodes.get({filter: function (n) { return n.hidden; }}).map(function (n) { return n.group; }),
                edges: view.edges.get({filter: function (e) { return e.hidden; }}).map(function (e) { return e.id; })
            };
        })()"""
    )
    assert sorted(hidden["nodes"]) == ["Department"] * 3
    kinds = browser.evaluate(
        "JSON.stringify(window.policykgGraph.data.links.map(function (l) { return l.counts.map(function (c) "
        "{ return window.policykgGraph.data.kinds[c[0]]; }); }))"
    )
    located = [index for index, names in enumerate(json.loads(kinds)) if names == ["LOCATED_IN"]]
    assert sorted(hidden["edges"]) == located and len(located) == 2
    browser.evaluate("document.getElementById('show-all').click()")
    assert browser.evaluate("window.policykgGraph.nodes.get({filter: function (n) { return n.hidden; }}).length") == 0


def test_big_graph_keeps_most_connected_part_and_says_so(browser: HeadlessChromium, tmp_path: Path) -> None:
    graph = nx.MultiDiGraph()
    for i in range(60):
        graph.add_node(f"i{i}", label="Industry", name=f"产业{i:02d}", aliases=[])
    for d in range(5):
        graph.add_node(f"d{d}", label="Department", name=f"部门{d}", aliases=[])
        for i in range(d * 12, d * 12 + 12):
            graph.add_edge(
                f"d{d}", f"i{i}", type="RESPONSIBLE_FOR", role="responsible", evidence="", doc="x", year=2020
            )
    path = write_view(render_view(graph, title="big", max_nodes=40), tmp_path / "big.html")
    browser.open(path)
    assert browser.evaluate("window.policykgGraph.network.body.data.nodes.length") == 40
    note = browser.evaluate("document.getElementById('note').textContent")
    assert "40 most connected of 65 nodes" in note


def label_soup() -> nx.MultiDiGraph:
    """A department with neighbours of every label and every length of name: short, long, wrapped, Latin, ◎n."""
    base = "江西省工业和信息化委员会电子信息处推进办公室"
    graph = nx.MultiDiGraph()
    graph.add_node("centre", label="Department", name=base[:12], aliases=[])
    labels = ("Department", "Industry", "Platform", "Enterprise", "Place", "Event")
    for index in range(72):
        label = labels[index % len(labels)]
        name = base[: 1 + index % len(base)] + ("" if index % 5 else " 2025") + ("VR" if index % 7 == 0 else "")
        key = f"n{index}"
        graph.add_node(key, label=label, name=f"{name}{index}", aliases=[])
        if label == "Industry" and index % 3 == 0:
            graph.add_node(f"t{index}", label="Target", name=f"目标{index}")
            graph.add_edge(f"t{index}", key, type="TARGETS", evidence="目标句。", doc="d.txt")
        head, tail = ("centre", key) if index < 40 else (f"n{index - 40}", key)
        graph.add_edge(head, tail, type="RESPONSIBLE_FOR", role="lead", evidence="句。", doc="d.txt", year=2020)
    return graph


@pytest.mark.parametrize("centred", [True, False], ids=["ego network", "whole graph"])
def test_drawn_labels_do_not_overlap_and_keep_within_the_layout_boxes(
    browser: HeadlessChromium, tmp_path: Path, centred: bool
) -> None:
    from policykg.web.viz import draw_network, select_view

    graph = label_soup()
    if centred:
        network, title = select_view(graph, department=graph.nodes["centre"]["name"], depth=2)
        view = draw_network(network, title=title, focus="centre")
    else:
        view = draw_network(select_view(graph)[0], title="all")
    browser.open(view.write(tmp_path / "soup.html"))
    nodes = drawn_boxes(browser)
    assert len(nodes) == 73
    for node in nodes:
        name, _, targets = node["label"].partition(" ◎")
        model = node_box({"name": name, "targets": int(targets or 0), "label": node["group"], "focus": node["focus"]})
        left, top, right, bottom = model.at(node["x"], node["y"])
        drawn = node["box"]
        assert (
            left <= drawn[0] + 0.5 and top <= drawn[1] + 0.5 and right >= drawn[2] - 0.5 and bottom >= drawn[3] - 0.5
        ), (
            node["label"],
            drawn,
            (left, top, right, bottom),
        )
    for index, node in enumerate(nodes):
        for other in nodes[index + 1 :]:
            assert not boxes_overlap(node["box"], other["box"]), (node["label"], other["label"])
    if centred:
        centre = next(node for node in nodes if node["key"] == "centre")
        assert centre["focus"] and (centre["x"], centre["y"]) == (0, 0)
        assert (
            browser.evaluate("window.policykgGraph.network.body.nodes[window.policykgGraph.focus].options.font.size")
            == 24
        )


def test_chinese_labels_have_a_font() -> None:
    """Without a CJK font Chromium draws Chinese labels as empty boxes."""
    if find_chromium() is None:
        pytest.skip("Chromium is not installed (run scripts/install-browser.sh)")
    if shutil.which("fc-list") is None:
        pytest.skip("fontconfig's fc-list is not installed")
    fonts = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=True).stdout
    assert fonts.strip(), "no Chinese font: install fonts-noto-cjk (scripts/install-browser.sh)"


def test_node_count_matches_the_store(browser: HeadlessChromium, tmp_path: Path) -> None:
    from policykg.graph.engines import open_store
    from policykg.models import Entity, Fact, Record
    from policykg.web.viz import build_view

    record = Record(
        doc="b.txt",
        title="园区建设方案",
        year=2020,
        entities=[
            Entity(type="Department", name="市人民政府", aliases=["市政府"]),
            Entity(type="Platform", name="示范园区"),
            Entity(type="Place", name="赣州市"),
            Entity(type="Industry", name="稀土新材料"),
        ],
        facts=[
            Fact(
                rel="RESPONSIBLE_FOR", head="市政府", tail="示范园区", role="responsible", evidence="市政府负责园区。"
            ),
            Fact(rel="RESPONSIBLE_FOR", head="市政府", tail="稀土新材料", role="lead", evidence="市政府牵头稀土。"),
            Fact(rel="LOCATED_IN", head="示范园区", tail="赣州市", evidence="园区位于赣州市。"),
        ],
    )
    with open_store(tmp_path / "graph.lbug") as store:
        store.load_records([record])
        counts = store.stats()["nodes"]
        view = build_view(store)
        ego = build_view(store, department="市政府")
    stored = sum(n for label, n in counts.items() if label != "Document")
    assert stored == 6  # and 江西省, 中国: 赣州市 rolls up (graph/places.py)
    report = browser.open(view.write(tmp_path / "store.html"))
    assert [url for url in report.requests if not url.startswith(LOCAL_SCHEMES)] == []
    assert browser.evaluate("window.policykgGraph.network.body.data.nodes.length") == stored
    browser.open(ego.write(tmp_path / "ego.html"))
    focus = browser.evaluate("window.policykgGraph.nodes.get(window.policykgGraph.focus)")
    assert focus["name"] == "市人民政府" and focus["borderWidth"] == 4
    assert browser.evaluate("window.policykgGraph.network.getPosition(window.policykgGraph.focus)") == {"x": 0, "y": 0}
    assert distinct_colours(browser.screenshot()) > 200


README_VIEW = Path(__file__).resolve().parent.parent / "docs" / "img" / "corpus-view.png"


def test_readme_view_of_the_bundled_corpus(tmp_path: Path, gold_records) -> None:
    """The README's picture: the view its example command writes (``policykg viz --industry 光伏 --depth 2``)."""
    from policykg.graph.engines import open_store
    from policykg.web.viz import build_view

    executable = find_chromium()
    if executable is None:
        pytest.skip("Chromium is not installed (run scripts/install-browser.sh, or set POLICYKG_CHROMIUM)")
    pytest.importorskip("websocket", reason="websocket-client is not installed (pip install -e '.[dev]')")
    with open_store(tmp_path / "corpus.lbug") as store:
        store.load_records(gold_records)
        view = build_view(store, industry="光伏", depth=2)
    path = view.write(tmp_path / "光伏.html")
    chromium = HeadlessChromium(executable, width=1400, height=900).start()
    try:
        report = chromium.open(path, offline=True)
        assert report.exceptions == [] and [u for u in report.requests if not u.startswith(LOCAL_SCHEMES)] == []
        png = chromium.screenshot()  # as the page opens: the focus and the ring around it
        nodes = drawn_boxes(chromium)
        assert len(nodes) == view.summary.nodes > 50
        assert not any(boxes_overlap(a["box"], b["box"]) for n, a in enumerate(nodes) for b in nodes[n + 1 :])
    finally:
        chromium.close()
    assert distinct_colours(png) > 200
    README_VIEW.parent.mkdir(parents=True, exist_ok=True)
    README_VIEW.write_bytes(png)


def test_install_script_parses_and_names_both_packages() -> None:
    script = Path(__file__).resolve().parent.parent / "scripts" / "install-browser.sh"
    subprocess.run(["sh", "-n", str(script)], check=True)
    assert os.access(script, os.X_OK), "scripts/install-browser.sh must be executable"
    text = script.read_text(encoding="utf-8")
    assert "apt-get install -y --no-install-recommends chromium fonts-noto-cjk" in text
