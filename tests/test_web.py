"""The analyst workbench (``policykg serve``) as an analyst uses it.

HTTP tests run the Starlette app in-process (``TestClient``) on the embedded
store loaded with the sample corpus's records, and the same pages on a Neo4j
server (marker ``neo4j``; ``make neo4j`` starts one) must answer alike; a live uvicorn server on
loopback takes a bounded load of concurrent requests; headless Chromium
(driven as in ``tests/test_browser.py``, no network) follows search → department
→ industry → evidence, counts the matrix's cells, is refused a write in the
Cypher console, draws the ego network, and saves the README's two screenshots
into ``docs/img/``.
"""

from __future__ import annotations

import re
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote, unquote

import pytest
from conftest import NEO4J_SKIP, StoreFactory, neo4j_configured
from starlette.testclient import TestClient
from typer.testing import CliRunner

from policykg.graph.engines import open_store
from policykg.web.app import create_app, entity_url
from policykg.web.layout import boxes_overlap, label_width, node_box, radial_layout

COMMISSION = "江西省工业和信息化委员会"  # 省工信委, 江西省工信委
DOCS_IMG = Path(__file__).resolve().parent.parent / "docs" / "img"
HAN = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def store_path(gold_records, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("web") / "corpus.lbug"
    with open_store(path) as store:
        store.load_records(gold_records)
    return path


@pytest.fixture(scope="module")
def store(store_path):
    with open_store(store_path, read_only=True) as opened:
        yield opened


@pytest.fixture(scope="module")
def client(store) -> TestClient:
    return TestClient(create_app(store), base_url="http://127.0.0.1", raise_server_exceptions=False)


def owned_pairs(store) -> set[tuple[str, str]]:
    rows = store.run("MATCH (d:Department)-[:RESPONSIBLE_FOR]->(i:Industry) RETURN d.id AS d, i.id AS i")
    return {(row["d"], row["i"]) for row in rows}


def links(html: str, css_class: str) -> list[str]:
    """The hrefs of the anchors of a class, unescaped."""
    return [href.replace("&amp;", "&") for href in re.findall(rf'<a class="{css_class}" href="([^"]+)"', html)]


# ------------------------------------------------------------------------ HTTP


def test_search_department_industry_evidence(client):
    page = client.get("/search", params={"q": "工信委"})
    assert page.status_code == 200
    first = links(page.text, "hit-name")[0]
    assert unquote(first) == f"/department/{COMMISSION}"
    department = client.get(first)
    assert department.status_code == 200 and f'<h1 id="entity-name">{COMMISSION}</h1>' in department.text
    assert (
        "稀土新材料" in department.text and "Co-owners" in department.text and "省工信委电子信息处" in department.text
    )
    industry_link = next(href for href in links(department.text, "owned-link") if unquote(href) == "/industry/光伏")
    industry = client.get(industry_link)
    assert industry.status_code == 200 and "Owners, by role" in industry.text and COMMISSION in industry.text
    evidence_link = next(href for href in links(industry.text, "evidence-link") if COMMISSION in unquote(href))
    evidence = client.get(evidence_link)
    assert evidence.status_code == 200
    sentences = re.findall(r'<blockquote class="evidence">([^<]+)</blockquote>', evidence.text)
    assert sentences and all("光伏" in s for s in sentences)
    assert "江西省工信委2011年战略性新兴产业推介活动工作方案" in evidence.text and "2011" in evidence.text
    assert "无文号" in evidence.text  # the sample documents carry no 文号; the page says so rather than leaving a gap


def test_an_alias_in_the_address_leads_to_the_canonical_page(client):
    moved = client.get(entity_url("Department", "省工信委"), follow_redirects=False)
    assert moved.status_code == 307 and unquote(moved.headers["location"]) == f"/department/{COMMISSION}"


def test_matrix_has_one_cell_per_department_industry_pair(client, store):
    page = client.get("/matrix")
    assert page.status_code == 200
    expected = len(owned_pairs(store))
    assert expected == 148  # the bundled corpus's gold records
    assert page.text.count('class="cell filled') == expected
    assert f'<span id="cell-count">{expected}</span>' in page.text
    # Filters narrow it; folding divisions into their department merges cells.
    narrowed = client.get("/matrix", params={"from": 2014, "to": 2015, "role": "responsible"})
    assert 0 < narrowed.text.count('class="cell filled') < expected
    folded = client.get("/matrix", params={"fold": "1"})
    assert 0 < folded.text.count('class="cell filled') < expected
    assert client.get("/matrix", params={"province": "江西省"}).text.count('class="cell filled') == expected
    evidence = [
        href.replace("&amp;", "&")
        for href in re.findall(r'<td class="cell filled[^"]*"[^>]*><a href="([^"]+)"', page.text)
    ]
    assert len(evidence) == expected
    answer = client.get(evidence[0])
    assert answer.status_code == 200 and "<blockquote" in answer.text


def test_other_labels_and_documents_list_their_facts_in_document_order(client):
    platform = client.get(entity_url("Platform", "新余光伏国家新型工业化产业示范基地"))
    assert platform.status_code == 200 and "LOCATED_IN" in platform.text and "新余市" in platform.text
    document = client.get(entity_url("Document", "003_909b1875fc27441b.txt"))
    assert document.status_code == 200 and "江西省工信委2011年战略性新兴产业推介活动工作方案" in document.text
    for label, name in (("Place", "赣州市"), ("Event", "光伏产业合作推进会")):
        assert client.get(entity_url(label, name)).status_code == 200


def test_canned_queries_run_as_forms_and_download(client):
    listing = client.get("/queries")
    assert listing.status_code == 200 and 'action="/queries/industry-owners"' in listing.text
    page = client.get("/queries/industry-owners", params={"industry": "光伏"})
    assert page.status_code == 200 and COMMISSION in page.text
    as_csv = client.get("/queries/industry-owners", params={"industry": "光伏", "format": "csv"})
    assert (
        as_csv.headers["content-type"].startswith("text/csv") and "attachment" in as_csv.headers["content-disposition"]
    )
    assert as_csv.text.splitlines()[0].startswith("industry,department")
    as_json = client.get("/queries/industry-owners", params={"industry": "光伏", "format": "json"})
    assert {row["industry"] for row in as_json.json()} == {"光伏"}


def test_console_reads_and_refuses_a_write(client, store):
    before = store.stats()
    ok = client.get("/cypher", params={"q": "MATCH (d:Department) RETURN d.name AS name ORDER BY name LIMIT 3"})
    assert ok.status_code == 200 and 'id="rows"' in ok.text
    for statement in (
        "MATCH (n) DETACH DELETE n",
        "CREATE (:Industry {id: 'x', name: 'x'})",
        "COPY Industry FROM '/etc/passwd'",
    ):
        refused = client.get("/cypher", params={"q": statement})
        assert refused.status_code == 400
        assert "refused" in refused.text and 'id="error"' in refused.text
    assert store.stats() == before
    graph = client.get(
        "/cypher",
        params={
            "q": "MATCH (d:Department)-[:RESPONSIBLE_FOR]->(i:Industry {name: '光伏'}) RETURN d, i",
            "view": "graph",
        },
    )
    assert graph.status_code == 200 and 'id="graph-data"' in graph.text


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("/matrix?from=abc", "from must be a whole number"),
        ("/matrix?from=2016&to=2011", "the year range is empty"),
        ("/matrix?role=boss", "role must be one of"),
        ("/matrix?label=Target", "label must be one of"),
        ("/matrix?province=火星省", "province must be one of"),
        ("/graph/industry/光伏?depth=7", "depth must be between 1 and 2"),
        ("/queries/alias-search?text=工信委&top=many", "is not a valid int"),
        ("/queries/industry-owners?run=1", "needs parameter industry"),
        ("/queries/industry-owners?industry=光伏&colour=red", "takes no parameter colour"),
        ("/evidence?department=江西省工业和信息化委员会", "evidence needs department"),
        ("/cypher?q=MATC", "Parser exception"),
    ],
)
def test_bad_parameters_give_400_with_a_readable_message(client, url, says):
    page = client.get(url)
    assert page.status_code == 400
    assert says in page.text.replace("&#39;", "'")
    assert "Traceback" not in page.text


def test_unknown_entities_give_404_with_suggestions(client):
    page = client.get(entity_url("Industry", "光伏芯片量子"))
    assert page.status_code == 404
    assert "Did you mean" in page.text and 'href="/industry/%E5%85%89%E4%BC%8F"' in page.text
    assert client.get("/department/没有这个部门").status_code == 404
    assert client.get("/queries/nope").status_code == 404
    assert client.get("/no/such/page").status_code == 404
    assert client.get("/document/none.txt").status_code == 404


def test_no_traceback_reaches_the_browser(store, monkeypatch):
    app = create_app(store)

    def broken(*args, **kwargs):
        raise RuntimeError("boom: secret internals")

    monkeypatch.setattr(app.state.workbench, "matrix", broken)
    page = TestClient(app, raise_server_exceptions=False).get("/matrix")
    assert page.status_code == 500
    assert "Traceback" not in page.text and "secret internals" not in page.text and "could not answer" in page.text


def test_search_shows_the_province_when_two_bodies_share_an_alias(store, gold_records, tmp_path):
    from policykg.models import Entity, Record

    gansu = Record(doc="gansu.txt", title="甘肃省工业和信息化委员会工作方案", year=2016,
                   entities=[Entity(type="Department", name="甘肃省工业和信息化委员会", aliases=["省工信委"])])  # fmt: skip
    path = tmp_path / "two.lbug"
    with open_store(path) as writer:
        writer.load_records([*gold_records, gansu])
    with open_store(path, read_only=True) as reader:
        page = TestClient(create_app(reader), base_url="http://127.0.0.1").get("/search", params={"q": "省工信委"})
    hits = re.findall(
        r'<a class="hit-name" href="[^"]+">([^<]+)</a>\s*(?:<span class="province"[^>]*>([^<]+)</span>)?', page.text
    )
    provinces = dict(hits)
    assert provinces[COMMISSION] == "江西省" and provinces["甘肃省工业和信息化委员会"] == "甘肃省"


def test_token_is_required_when_given(store):
    client = TestClient(create_app(store, token="s3cret-token"), base_url="http://127.0.0.1")
    assert client.get("/").status_code == 401
    assert client.get("/", params={"token": "wrong"}).status_code == 401
    first = client.get("/", params={"token": "s3cret-token"})
    assert first.status_code == 200 and "policykg_token" in first.headers.get("set-cookie", "")
    assert client.get("/matrix").status_code == 200  # the cookie carries it from now on
    assert (
        TestClient(create_app(store, token="t"), base_url="http://127.0.0.1")
        .get("/", headers={"Authorization": "Bearer t"})
        .status_code
        == 200
    )


def test_a_loopback_server_refuses_other_host_names(store):
    client = TestClient(create_app(store, allowed_hosts=["127.0.0.1", "localhost"]), base_url="http://127.0.0.1")
    assert client.get("/").status_code == 200
    assert client.get("/", headers={"host": "attacker.example"}).status_code == 400


def test_serve_opens_read_only_and_asks_a_token_beyond_loopback(store_path, monkeypatch):
    import uvicorn

    from policykg.cli import app

    started = {}
    monkeypatch.setattr(uvicorn, "run", lambda application, **options: started.update(app=application, **options))
    result = CliRunner().invoke(app, ["serve", "--db", str(store_path), "--host", "0.0.0.0", "--port", "8123"])
    assert result.exit_code == 0, result.output
    token = re.search(r"\?token=([\w-]+)", result.output).group(1)
    assert started["host"] == "0.0.0.0" and started["port"] == 8123
    assert started["app"].state.workbench.store.read_only is True
    result = CliRunner().invoke(app, ["serve", "--db", str(store_path)])
    assert result.exit_code == 0 and "?token=" not in result.output and started["host"] == "127.0.0.1"
    assert token
    missing = CliRunner().invoke(app, ["serve", "--db", str(store_path.parent / "absent.lbug")])
    assert missing.exit_code == 1 and "no graph here yet" in missing.output


def test_layout_puts_the_focus_at_the_centre_and_keeps_labels_apart():
    ring = [{"id": "f", "name": "光伏", "label": "Industry", "distance": 0, "degree": 40}]
    ring += [
        {"id": f"d{i}", "name": f"某某省某某厅第{i}处", "label": "Department", "distance": 1, "degree": 1}
        for i in range(40)
    ]
    edges = [{"head": f"d{i}", "tail": "f"} for i in range(40)]
    at = radial_layout(ring, edges, "f")
    assert at["f"] == (0.0, 0.0)
    assert at == radial_layout(ring, edges, "f")  # deterministic
    width = label_width("某某省某某厅第10处")
    points = [at[f"d{i}"] for i in range(40)]
    nearest = min(
        ((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5 for n, a in enumerate(points) for b in points[n + 1 :]
    )
    assert nearest > width * 0.4  # neighbours on a ring stay apart …
    rects = [node_box(node, focus=node["id"] == "f").at(*at[node["id"]]) for node in ring]
    assert not any(boxes_overlap(a, b) for n, a in enumerate(rects) for b in rects[n + 1 :])  # … and never touch


def test_an_unknown_address_name_is_resolved_as_every_command_resolves_it(client):
    # A fragment that means one body leads to it (graph/resolve.py: the closest body containing it) …
    moved = client.get(entity_url("Department", "工信委"), follow_redirects=False)
    assert moved.status_code == 307 and unquote(moved.headers["location"]) == f"/department/{COMMISSION}"
    # … one that means several industries lists them, and a name that means none says which are nearest.
    several = client.get(entity_url("Industry", "电子"))
    assert several.status_code == 404 and "电子 fits" in several.text
    assert 'href="/industry/%E7%94%B5%E5%AD%90%E5%95%86%E5%8A%A1"' in several.text  # 电子商务, one of them
    missing = client.get(entity_url("Industry", "造船"))
    assert missing.status_code == 404 and "no Industry named 造船; nearest" in missing.text
    # The evidence page takes any name that means one entity.
    evidence = client.get("/evidence", params={"department": "省工信委", "target": "光伏产业"})
    assert evidence.status_code == 200 and "<blockquote" in evidence.text


# ------------------------------------------------------------------ live server


class LiveServer:
    """The app under uvicorn on a free loopback port, in a thread."""

    def __init__(self, store):
        import uvicorn

        config = uvicorn.Config(create_app(store, allowed_hosts=["127.0.0.1", "localhost"]), host="127.0.0.1", port=0,
                                log_level="warning", access_log=False)  # fmt: skip
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the server did not start")
            time.sleep(0.05)
        port = self.server.servers[0].sockets[0].getsockname()[1]
        self.base = f"http://127.0.0.1:{port}"
        return self

    def __exit__(self, *exc_info) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)


@pytest.fixture(scope="module")
def live(store):
    with LiveServer(store) as server:
        yield server


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode("utf-8")


def test_concurrent_requests_on_loopback(live):
    paths = [
        "/search?q=" + quote("工信委"),
        entity_url("Department", COMMISSION),
        entity_url("Industry", "光伏"),
        "/matrix",
        "/evidence?department=" + quote(COMMISSION) + "&target=" + quote("光伏"),
        "/queries/industry-owners?industry=" + quote("光伏"),
        "/cypher?q=" + quote("MATCH (i:Industry) RETURN count(*) AS n"),
        "/graph/industry/" + quote("光伏") + "?depth=2",
        "/matrix?role=boss",
    ]
    requests = [live.base + paths[n % len(paths)] for n in range(8 * len(paths))]
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(fetch, requests))
    assert time.monotonic() - started < 120
    for url, (status, body) in zip(requests, answers, strict=True):
        assert status == (400 if "role=boss" in url else 200), url
        assert HAN.search(body)


# --------------------------------------------------------------------- browser


@pytest.fixture(scope="module")
def browser():
    from test_browser import HeadlessChromium, find_chromium

    executable = find_chromium()
    if executable is None:
        pytest.skip("Chromium is not installed (run scripts/install-browser.sh, or set POLICYKG_CHROMIUM)")
    pytest.importorskip("websocket", reason="websocket-client is not installed (pip install -e '.[dev]')")
    pytest.importorskip("PIL", reason="Pillow is not installed (pip install -e '.[dev]')")
    chromium = HeadlessChromium(executable).start()
    for domain in ("Network", "Page", "Runtime"):
        chromium.send(f"{domain}.enable")
    try:
        yield chromium
    finally:
        chromium.close()


def visit(browser, url: str | None = None, *, click: str | None = None) -> list[str]:
    """Open ``url`` (or click the element ``click`` selects) and wait for the new page; the URLs it requested."""
    browser._events.clear()
    if url is not None:
        browser.send("Page.navigate", url=url)
    else:
        browser.evaluate(f"document.querySelector({click!r}).click()")
    browser.wait_for_event("Page.loadEventFired")
    browser.wait_until("document.readyState === 'complete'")
    errors = [e for e in browser._events if e["method"] == "Runtime.exceptionThrown"]
    assert errors == [], errors
    return [e["params"]["request"]["url"] for e in browser._events if e["method"] == "Network.requestWillBeSent"]


def only_local(requests: list[str], live) -> None:
    remote = [url for url in requests if not url.startswith((live.base, "data:", "about:", "blob:"))]
    assert remote == [], f"the page asked the network for {remote}"


def shows_chinese(browser) -> bool:
    return bool(HAN.search(browser.evaluate("document.body.innerText")))


@pytest.mark.browser
def test_browser_search_to_evidence(browser, live):
    only_local(visit(browser, live.base + "/search?q=" + quote("工信委")), live)
    assert shows_chinese(browser)
    visit(browser, click="a.hit-name")
    assert browser.evaluate("document.getElementById('entity-name').textContent") == COMMISSION
    visit(browser, click="section.owned[data-label=Industry] a.owned-link[href='/industry/%E5%85%89%E4%BC%8F']")
    assert browser.evaluate("document.getElementById('entity-name').textContent") == "光伏"
    visit(browser, click="a.evidence-link")
    quotes = browser.evaluate(
        "Array.from(document.querySelectorAll('blockquote.evidence')).map(function (q) { return q.textContent; })"
    )
    assert quotes and all("光伏" in text for text in quotes)


@pytest.mark.browser
def test_browser_matrix_and_department_screenshots(browser, live, store):
    from test_browser import distinct_colours

    only_local(visit(browser, live.base + "/matrix"), live)
    assert browser.evaluate("document.querySelectorAll('#matrix td.filled').length") == len(owned_pairs(store))
    assert shows_chinese(browser)
    matrix_png = browser.screenshot()
    assert distinct_colours(matrix_png) > 200
    visit(browser, live.base + entity_url("Department", COMMISSION))
    assert shows_chinese(browser)
    department_png = browser.screenshot()
    assert distinct_colours(department_png) > 200
    DOCS_IMG.mkdir(parents=True, exist_ok=True)
    (DOCS_IMG / "web-matrix.png").write_bytes(matrix_png)
    (DOCS_IMG / "web-department.png").write_bytes(department_png)


@pytest.mark.browser
def test_browser_console_refuses_a_write(browser, live):
    visit(browser, live.base + "/cypher")
    browser.evaluate("document.querySelector('#console textarea').value = 'MATCH (n) DETACH DELETE n'")
    visit(browser, click="#console button")
    assert "DETACH is a writing clause" in browser.evaluate("document.getElementById('error').textContent")


@pytest.mark.browser
def test_browser_graph_view_draws_the_ego_network(browser, live):
    from test_browser import distinct_colours

    only_local(visit(browser, live.base + "/graph/industry/" + quote("光伏") + "?depth=2"), live)
    browser.wait_until("document.body.getAttribute('data-drawn') === 'true'", timeout=60)
    drawn = browser.evaluate("window.policykgGraph.network.body.data.nodes.length")
    data = browser.evaluate("JSON.parse(document.getElementById('graph-data').textContent).nodes.length")
    assert drawn == data > 20
    assert browser.evaluate("window.policykgGraph.network.physics.physicsEnabled") is False
    focus = browser.evaluate("window.policykgGraph.nodes.get(window.policykgGraph.focus).name")
    assert focus == "光伏"
    assert browser.evaluate("window.policykgGraph.network.getPosition(window.policykgGraph.focus).x") == 0
    # One edge per pair: no two edges join the same two nodes in the same direction.
    pairs = browser.evaluate("window.policykgGraph.edges.get().map(function (e) { return e.from + '>' + e.to; })")
    assert len(pairs) == len(set(pairs))
    assert distinct_colours(browser.screenshot()) > 200


# ------------------------------------------------------------------ on Neo4j


@pytest.fixture(scope="module")
def neo4j_client(gold_records, tmp_path_factory):
    """The workbench over a Neo4j server holding the sample corpus, opened read-only as ``policykg serve`` opens it."""
    if not neo4j_configured():
        pytest.skip(NEO4J_SKIP)
    factory = StoreFactory("neo4j", tmp_path_factory.mktemp("web-neo4j"), "web:neo4j")
    with factory("corpus") as writer:
        writer.load_records(gold_records)
    with factory("corpus", read_only=True) as reader:
        yield TestClient(create_app(reader), base_url="http://127.0.0.1", raise_server_exceptions=False)


GRAPH_DATA = re.compile(r'<script id="graph-data" type="application/json">(.*?)</script>', re.DOTALL)
SAME_ON_BOTH = [
    "/search?q=" + quote("工信委"),
    entity_url("Department", COMMISSION),
    entity_url("Industry", "光伏"),
    entity_url("Platform", "新余光伏国家新型工业化产业示范基地"),
    "/matrix",
    "/matrix?fold=1&from=2014",
    "/evidence?department=" + quote(COMMISSION) + "&target=" + quote("光伏"),
    "/queries/industry-owners?industry=" + quote("光伏"),
    "/graph/industry/" + quote("光伏") + "?depth=2",
    "/graph/department/" + quote(COMMISSION),
    "/cypher?view=graph&q=" + quote("MATCH (d:Department)-[:RESPONSIBLE_FOR]->(i:Industry {name: '光伏'}) RETURN d, i"),
]


def page_content(html: str) -> str:
    """What a page shows, without the store's name (the home page says which engine it reads)."""
    return re.sub(r"Store: \w+\.", "", html)


@pytest.mark.neo4j
@pytest.mark.parametrize("url", SAME_ON_BOTH)
def test_neo4j_pages_are_the_embedded_stores_pages(neo4j_client, client, url):
    on_neo4j, embedded = neo4j_client.get(url), client.get(url)
    assert on_neo4j.status_code == embedded.status_code == 200, url
    assert HAN.search(on_neo4j.text)
    graph = GRAPH_DATA.search(embedded.text)
    if graph:  # the graph views: the same nodes, links, evidence and positions
        assert GRAPH_DATA.search(on_neo4j.text).group(1) == graph.group(1)
    assert page_content(on_neo4j.text) == page_content(embedded.text)


@pytest.mark.neo4j
def test_neo4j_matrix_resolution_and_the_console_refusing_a_write(neo4j_client, store):
    matrix = neo4j_client.get("/matrix")
    assert matrix.text.count('class="cell filled') == len(owned_pairs(store)) == 148
    moved = neo4j_client.get(entity_url("Department", "工信委"), follow_redirects=False)
    assert moved.status_code == 307 and unquote(moved.headers["location"]) == f"/department/{COMMISSION}"
    assert "no Industry named 造船; nearest" in neo4j_client.get(entity_url("Industry", "造船")).text
    refused = neo4j_client.get("/cypher", params={"q": "MATCH (n) DETACH DELETE n"})
    assert refused.status_code == 400 and "refused" in refused.text
    assert neo4j_client.get("/matrix").text.count('class="cell filled') == 148
