"""Views as a person sees them: each page opened in headless Chromium with no network.

Chromium is driven over the DevTools protocol (``--remote-debugging-port``, a
websocket per page). The checks: the vis network exists and holds every node of
the graph, the layout settles and freezes, nothing but ``file:``/``data:`` URLs
was requested, the search box and the filters work, and a screenshot is not a
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

from policykg.graph.viz import render_view, write_view

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

    def open(self, path: Path) -> PageReport:
        """Load a local file, wait until the view's layout is frozen, and report what happened."""
        self._events.clear()
        for domain in ("Network", "Page", "Runtime"):
            self.send(f"{domain}.enable")
        self.send("Page.navigate", url=path.resolve().as_uri())
        self.wait_for_event("Page.loadEventFired")
        self.wait_until("document.body && document.body.getAttribute('data-stabilized') === 'true'")
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


def entity_count(graph: nx.MultiDiGraph) -> int:
    return sum(1 for _, attrs in graph.nodes(data=True) if attrs.get("label") != "Document")


@pytest.fixture(scope="module")
def small_page(tmp_path_factory: pytest.TempPathFactory) -> tuple[nx.MultiDiGraph, Path]:
    graph = policy_graph()
    path = write_view(render_view(graph, title="光伏 neighbourhood"), tmp_path_factory.mktemp("view") / "view.html")
    return graph, path


# --------------------------------------------------------------------- tests


def test_page_renders_every_node_offline(browser: HeadlessChromium, small_page: tuple[nx.MultiDiGraph, Path]) -> None:
    graph, path = small_page
    report = browser.open(path)
    assert report.exceptions == []
    assert report.console_errors == []
    remote = [url for url in report.requests if not url.startswith(LOCAL_SCHEMES)]
    assert remote == [], f"the page asked the network for {remote}"
    assert any(url.startswith("file:") for url in report.requests)
    assert browser.evaluate("window.policykgView.network instanceof vis.Network") is True
    assert browser.evaluate("window.policykgView.network.body.data.nodes.length") == entity_count(graph)
    assert browser.evaluate("Object.keys(window.policykgView.network.getPositions()).length") == entity_count(graph)
    # The layout is frozen once it has settled.
    assert browser.evaluate("window.policykgView.network.physics.physicsEnabled") is False


def test_screenshot_is_not_blank(browser: HeadlessChromium, small_page: tuple[nx.MultiDiGraph, Path]) -> None:
    browser.open(small_page[1])
    png = browser.screenshot()
    assert png.startswith(b"\x89PNG")
    # A blank or single-colour page has a handful of colours; drawn nodes, labels and edges have hundreds.
    assert distinct_colours(png) > 200


def test_same_graph_gives_same_picture(browser: HeadlessChromium, small_page: tuple[nx.MultiDiGraph, Path]) -> None:
    positions = "JSON.stringify(window.policykgView.network.getPositions())"
    browser.open(small_page[1])
    first = json.loads(browser.evaluate(positions))
    browser.open(small_page[1])
    second = json.loads(browser.evaluate(positions))
    assert first == second


def test_search_finds_a_node_by_alias(browser: HeadlessChromium, small_page: tuple[nx.MultiDiGraph, Path]) -> None:
    browser.open(small_page[1])
    found = browser.evaluate(
        """(function () {
            var input = document.getElementById('search');
            input.value = '省工信委';
            document.getElementById('search-form').requestSubmit();
            var selected = window.policykgView.network.getSelectedNodes();
            return selected.map(function (id) { return window.policykgView.nodes.get(id).label; });
        })()"""
    )
    assert found == ["省工业和信息化委员会"]
    assert (
        browser.evaluate("document.getElementById('search-status').textContent") == "省工业和信息化委员会 (Department)"
    )
    assert browser.evaluate("window.policykgView.focusNode('没有这个名字')") is None


def test_filters_hide_labels_and_roles(browser: HeadlessChromium, small_page: tuple[nx.MultiDiGraph, Path]) -> None:
    browser.open(small_page[1])
    hidden = browser.evaluate(
        """(function () {
            document.querySelector('input[data-filter=label][value=Department]').click();
            document.querySelector('input[data-filter=relation][value="TARGETS"]').click();
            var view = window.policykgView;
            return {
                nodes: view.nodes.get({filter: function (n) { return n.hidden; }}).map(function (n) { return n.kind; }),
                edges: view.edges.get({filter: function (e) { return e.hidden; }}).map(function (e) { return e.relation; })
            };
        })()"""
    )
    assert sorted(hidden["nodes"]) == ["Department"] * 3
    assert hidden["edges"] == ["TARGETS", "TARGETS"]
    browser.evaluate("document.getElementById('show-all').click()")
    assert browser.evaluate("window.policykgView.nodes.get({filter: function (n) { return n.hidden; }}).length") == 0


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
    assert browser.evaluate("window.policykgView.network.body.data.nodes.length") == 40
    note = browser.evaluate("document.getElementById('note').textContent")
    assert "40 most connected of 65 nodes" in note


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
    from policykg.graph.viz import build_view
    from policykg.models import Entity, Fact, Record

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
    stored = sum(n for label, n in counts.items() if label != "Document")
    assert stored == 6  # and 江西省, 中国: 赣州市 rolls up (graph/places.py)
    report = browser.open(view.write(tmp_path / "store.html"))
    assert [url for url in report.requests if not url.startswith(LOCAL_SCHEMES)] == []
    assert browser.evaluate("window.policykgView.network.body.data.nodes.length") == stored


def test_install_script_parses_and_names_both_packages() -> None:
    script = Path(__file__).resolve().parent.parent / "scripts" / "install-browser.sh"
    subprocess.run(["sh", "-n", str(script)], check=True)
    assert os.access(script, os.X_OK), "scripts/install-browser.sh must be executable"
    text = script.read_text(encoding="utf-8")
    assert "apt-get install -y --no-install-recommends chromium fonts-noto-cjk" in text
