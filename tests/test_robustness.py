"""Robustness end to end: odd and broken inputs through ``policykg build``, ``query`` and ``cypher``.

Every test starts from a store that already holds the sample corpus (built by
``policykg build``) and checks three things: the input at fault gets one clear
line on stderr naming it, every other document of the batch is loaded, and
nothing already in the store is lost. The loaders' own unit and property tests
(``tests/test_loaders*.py``) cover the same inputs one function at a time;
these go through the command line, extraction and the embedded store.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from fixtures_loaders.builders import gov_page, make_docx, make_pdf
from policykg.cli import app
from policykg.graph import schema
from policykg.graph.engines import open_store
from policykg.graph.rows import prepare_record
from policykg.models import Entity

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "corpus"
DEV_DOCS = sorted((ROOT / "tests" / "data" / "dev" / "docs").glob("*.txt"))
# What a provincial site wraps around an article (tests/fixtures_loaders/builders.py, gov_page).
SITE_CHROME = ("移动版", "当前位置", "首页", "分享到", "扫一扫", "打印本页", "关闭窗口", "版权所有", "ICP备",
               "不应出现的脚本文字")  # fmt: skip

runner = CliRunner()


def invoke(*args: object):
    return runner.invoke(app, [str(arg) for arg in args])


def build(db: Path, *paths: Path, quiet: bool = True):
    return invoke("build", *paths, "--db", db, *(["--quiet"] if quiet else []))


def facts_by_document(db: Path) -> dict[str, int]:
    """Relationships per document (mentions included) in a store."""
    with open_store(db, read_only=True) as store:
        rows = store.run("MATCH ()-[r]->() RETURN r.doc AS doc, count(r) AS n")
    return {row["doc"]: row["n"] for row in rows}


def facts_of(db: Path, doc: str) -> set[tuple]:
    """One document's facts as (type, head id, tail id, role, start, evidence)."""
    cypher = (
        "MATCH (a)-[r]->(b) WHERE r.doc = $doc AND type(r) <> 'MENTIONED_IN' "
        "RETURN type(r) AS rel, a.id AS head, b.id AS tail, r.role AS role, r.start AS start, r.evidence AS evidence"
    )
    with open_store(db, read_only=True) as store:
        rows = store.run(store.dialect.translate(cypher), {"doc": doc})
    return {(r["rel"], r["head"], r["tail"], r.get("role"), r["start"], r["evidence"]) for r in rows}


def same_content(facts: set[tuple]) -> set[tuple]:
    """Facts with Target ids blanked: a Target belongs to its document, and its id hashes the document's name."""
    return {tuple("Target" if str(part).startswith("Target:") else part for part in fact) for fact in facts}


def documents(db: Path) -> set[str]:
    with open_store(db, read_only=True) as store:
        return {row["name"] for row in store.run("MATCH (d:Document) RETURN d.name AS name")}


def one_error_line(result, path: Path, phrase: str) -> str:
    """The run failed with exactly one stderr line, naming ``path`` and saying ``phrase``."""
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"{path}: "), lines[0]
    assert phrase in lines[0], lines[0]
    assert "Traceback" not in result.output
    return lines[0]


@dataclass
class Baseline:
    """A store holding the sample corpus, and what each of its documents holds."""

    db: Path
    facts: dict[str, int]


@pytest.fixture(scope="module")
def baseline(tmp_path_factory) -> Baseline:
    db = tmp_path_factory.mktemp("baseline") / "graph.lbug"
    result = build(db, CORPUS)
    assert result.exit_code == 0, result.output
    return Baseline(db, facts_by_document(db))


@pytest.fixture
def db(baseline, tmp_path) -> Path:
    """A copy of the baseline store for one test."""
    copy = tmp_path / "graph.lbug"
    for source in baseline.db.parent.glob(baseline.db.name + "*"):
        shutil.copy(source, tmp_path / source.name)
    return copy


@pytest.fixture
def good_document(tmp_path) -> Path:
    """A document that is not in the baseline, to go in the same batch as a bad one."""
    folder = tmp_path / "good"
    folder.mkdir()
    return Path(shutil.copy(DEV_DOCS[0], folder / DEV_DOCS[0].name))


def assert_nothing_lost(db: Path, baseline: Baseline) -> None:
    now = facts_by_document(db)
    assert {doc: now.get(doc) for doc in baseline.facts} == baseline.facts
    with open_store(db, read_only=True) as store:
        check = store.check()
    assert check.consistent, check.problems()


# ----- files that cannot be read ------------------------------------------------------------------


def _half(data: bytes) -> bytes:
    return data[: len(data) // 2]


BAD_FILES = {
    "empty": ("empty.txt", lambda: b"", "empty file"),
    "white-space-only": ("blank.txt", lambda: "\u3000\u3000\n\n".encode(), "empty file (white space only)"),
    "random-bytes": ("noise.txt", lambda: random.Random(7).randbytes(8192), "binary file"),
    "undecodable": ("mixed.txt", lambda: "推进光伏产业发展".encode() + b"\xff\xfe\x80" * 50, "cannot be decoded as text"),
    "truncated-docx": ("cut.docx", lambda: _half(make_docx(["某省工作方案", [["项目", "责任单位"], ["光伏", "省能源局"]]])),
                       "not a readable .docx (truncated or corrupt zip)"),
    "truncated-pdf": ("cut.pdf", lambda: _half(make_pdf([["某省工作要点", "一、总体要求"]])), "not a readable PDF (truncated"),
    "scanned-pdf": ("scan.pdf", lambda: make_pdf([], image_pages=2), "scanned PDF with no text layer; run OCR first"),
}  # fmt: skip


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_a_bad_file_gets_one_line_and_the_rest_of_the_batch_loads(case, db, baseline, good_document, tmp_path):
    name, make, phrase = BAD_FILES[case]
    bad = tmp_path / name
    bad.write_bytes(make())
    result = build(db, bad, good_document)
    one_error_line(result, bad, phrase)
    loaded = documents(db)
    assert good_document.name in loaded and name not in loaded
    assert facts_by_document(db)[good_document.name] > 0
    assert_nothing_lost(db, baseline)


def test_bad_files_inside_a_folder_are_reported_one_by_one(db, baseline, good_document):
    folder = good_document.parent
    for name, make, _ in BAD_FILES.values():
        (folder / name).write_bytes(make())
    result = build(db, folder)
    assert result.exit_code == 1
    said = dict(line.split(": ", 1) for line in result.stderr.strip().splitlines())
    assert set(said) == {str(folder / name) for name, _, _ in BAD_FILES.values()}
    for name, _, phrase in BAD_FILES.values():
        assert phrase in said[str(folder / name)], name
    assert good_document.name in documents(db)
    assert_nothing_lost(db, baseline)


# ----- encodings and web pages --------------------------------------------------------------------


@pytest.mark.parametrize("codec", ["gbk", "gb18030", "utf-8-sig", "utf-16"])
def test_a_document_in_another_encoding_gives_the_same_facts(codec, db, baseline, tmp_path):
    original = sorted(CORPUS.glob("*.txt"))[1]
    text = original.read_text(encoding="utf-8")
    if codec == "gb18030":
        text += "\n䶮"  # a character GBK lacks, after the last fact so that no offset moves
    copy = tmp_path / f"{codec}-{original.name}"
    copy.write_bytes(text.encode(codec))
    result = build(db, copy)
    assert result.exit_code == 0, result.output
    assert same_content(facts_of(db, copy.name)) == same_content(facts_of(db, original.name)) != set()
    assert_nothing_lost(db, baseline)


def test_a_web_page_loads_without_its_site_chrome(db, baseline, tmp_path):
    page = tmp_path / "policy.html"
    page.write_text(gov_page(), encoding="utf-8")
    result = build(db, page)
    assert result.exit_code == 0, result.output
    with open_store(db, read_only=True) as store:
        title = store.run("MATCH (d:Document {name: 'policy.html'}) RETURN d.title AS title")[0]["title"]
        names = [row["name"] for row in store.run(
            "MATCH (n)-[:MENTIONED_IN]->(d:Document {name: 'policy.html'}) RETURN n.name AS name")]  # fmt: skip
    facts = facts_of(db, page.name)
    assert title.startswith("某省人民政府办公厅关于") and names and facts
    for marker in SITE_CHROME:
        assert not any(marker in fact[-1] for fact in facts), marker
        assert not any(marker in name for name in names), marker
    assert_nothing_lost(db, baseline)


# ----- odd content --------------------------------------------------------------------------------

BROKEN_TABLE = """某省关于印发重点产业项目推进方案的通知
　　一、重点项目
序号\t项目名称\t建设地点\t责任单位
1\t某省晶辉光伏有限公司年产10万件组件项目\t某市经济技术开发区\t省能源局
2\t缺少地点和单位的项目
\t\t\t\t\t
4\t某省远航储能有限公司储能电站项目\t某县工业园区\t省发改委\t多出的一列\t又一列
5\t某省鼎盛新材料有限公司项目\t\t
　　二、保障措施
　　加强组织领导，确保项目按期建成。（省发改委牵头，省财政厅配合）
"""


def test_a_table_with_broken_rows_loads_what_its_good_rows_say(db, baseline, tmp_path):
    table = tmp_path / "table.txt"
    table.write_text(BROKEN_TABLE, encoding="utf-8")
    result = build(db, table)
    assert result.exit_code == 0, result.output
    owned = {(head.split(":", 1)[1], tail.split(":", 1)[1]) for rel, head, tail, *_ in facts_of(db, table.name)
             if rel == "RESPONSIBLE_FOR"}  # fmt: skip
    assert any(tail.endswith("光伏有限公司") for _, tail in owned), owned
    assert any(tail.endswith("储能有限公司") for _, tail in owned), owned
    assert_nothing_lost(db, baseline)


def test_a_row_of_empty_cells_does_not_end_the_table(db, baseline, tmp_path):
    table = tmp_path / "table.txt"
    table.write_text(
        BROKEN_TABLE.replace("2\t缺少地点和单位的项目\n", "2\t缺少地点和单位的项目\n3\t\t\t\n"), encoding="utf-8"
    )
    assert build(db, table).exit_code == 0
    tails = {tail for rel, _, tail, *_ in facts_of(db, table.name) if rel == "RESPONSIBLE_FOR"}
    assert any(tail.endswith("储能有限公司") for tail in tails), tails


def test_the_same_document_under_two_names_shares_its_entities(db, baseline, tmp_path):
    folder = tmp_path / "twice"
    folder.mkdir()
    first = Path(shutil.copy(DEV_DOCS[1], folder / "notice.txt"))
    second = Path(shutil.copy(DEV_DOCS[1], folder / "notice (copy).txt"))
    single = tmp_path / "single.lbug"
    assert build(single, first).exit_code == 0
    result = build(db, folder)
    assert result.exit_code == 0, result.output
    assert {first.name, second.name} <= documents(db)
    assert same_content(facts_of(db, first.name)) == same_content(facts_of(db, second.name)) != set()
    # Shared entities are one node each: the copy adds no Department, Industry … node.
    both = tmp_path / "both.lbug"
    build(both, folder)
    with open_store(single, read_only=True) as one, open_store(both, read_only=True) as two:
        once, twice = one.stats(), two.stats()
    for label in schema.SHARED_LABELS:
        assert twice["nodes"][label] == once["nodes"][label], label
    for rel_type in schema.RELATIONSHIP_TYPES:
        assert twice["relationships"][rel_type] == 2 * once["relationships"][rel_type], rel_type
    again = build(db, folder, quiet=False)
    assert "documents: 0 loaded, 0 replaced, 2 unchanged, 0 failed" in again.stderr
    assert_nothing_lost(db, baseline)


def test_a_record_with_an_unknown_label_is_refused_before_any_write(db, baseline, good_document, monkeypatch):
    from policykg.loaders import pipeline

    odd = Path(shutil.copy(DEV_DOCS[2], good_document.parent / "odd.txt"))
    extract_file = pipeline.extract_file

    def extract_with_an_unknown_label(path):
        record = extract_file(path)
        if Path(path).name != odd.name:
            return record
        # As a defective extractor (or a hand-edited record) might: a label the ONTOLOGY does not have.
        ministry = Entity.model_construct(type="Ministry", name="某部", aliases=[], attributes={})
        return record.model_copy(update={"entities": [*record.entities, ministry]})

    monkeypatch.setattr(pipeline, "extract_file", extract_with_an_unknown_label)
    result = build(db, good_document.parent)
    line = one_error_line(result, odd, "entities[")
    assert "type" in line and "Department" in line
    assert odd.name not in documents(db) and good_document.name in documents(db)
    with open_store(db, read_only=True) as store:
        assert not store.run("MATCH (n) WHERE n.name = '某部' RETURN n.id AS id")
        tables = {row["name"] for row in store.run("CALL show_tables() RETURN name")}
    assert "Ministry" not in tables
    assert_nothing_lost(db, baseline)


# ----- large input -------------------------------------------------------------------------------

TAIL_TASK = "\n　　99．推进跨境电商产业发展，培育外贸新业态。\n　　责任单位：省商务厅\n"
# An English annex line: long documents are mostly text like this, and it keeps the test within a minute.
FILLER_LINE = "Annex: the province supports industrial upgrading and innovation in every city and county.\n"

BIG_BUILD = textwrap.dedent(
    """
    import resource, sys
    from policykg.cli import app

    def peak_mb():
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    def build(*args):
        try:
            app(["build", *args, "--quiet"], standalone_mode=False)
        except SystemExit:
            pass

    build(sys.argv[1], "--db", sys.argv[3])
    small = peak_mb()
    build(sys.argv[2], "--db", sys.argv[3])
    print(small, peak_mb())
    """
)


@pytest.mark.slow
def test_a_fifty_megabyte_text_file_streams_through_the_build(db, baseline, tmp_path):
    head = sorted(CORPUS.glob("*.txt"))[0].read_text(encoding="utf-8")
    big = tmp_path / "big.txt"
    block = FILLER_LINE * 4000
    with big.open("w", encoding="utf-8") as out:
        out.write(head)
        while out.tell() < 50 * 1024 * 1024:
            out.write(block)
        out.write(TAIL_TASK)
    assert big.stat().st_size > 50 * 1024 * 1024
    small = Path(shutil.copy(DEV_DOCS[0], tmp_path / "small.txt"))
    # Above the default document size limit, on purpose: the test is about streaming.
    finished = subprocess.run([sys.executable, "-c", BIG_BUILD, str(small), str(big), str(db)],
                              capture_output=True, text=True, timeout=300,
                              env={**os.environ, "POLICYKG_MAX_DOCUMENT_MB": "64"})  # fmt: skip
    assert finished.returncode == 0, finished.stderr
    assert finished.stderr.strip() == ""
    small_peak, big_peak = map(float, finished.stdout.split())
    # Read and extracted a megabyte at a time: the 50 MB file costs far less than itself in memory.
    assert big_peak - small_peak < 100, (small_peak, big_peak)
    with open_store(db, read_only=True) as store:
        chars = store.run("MATCH (d:Document {name: 'big.txt'}) RETURN d.chars AS n")[0]["n"]
    assert chars == len(big.read_text(encoding="utf-8"))
    tail = [fact for fact in facts_of(db, big.name) if fact[0] == "RESPONSIBLE_FOR" and fact[4] > 50_000_000]
    assert ("Department:江西省商务厅", "Industry:跨境电商") in {fact[1:3] for fact in tail}, tail
    with big.open(encoding="utf-8") as handle:
        text = handle.read()
    for _, _, _, _, start, evidence in tail:
        assert text[start : start + len(evidence)] == evidence
    assert_nothing_lost(db, baseline)


# ----- a build killed half-way --------------------------------------------------------------------

# `policykg build` in a process of its own. Each write (one document, or a bulk batch of new
# documents) signs a marker file once its rows are in the open transaction, then waits before
# committing, so that the test can kill the process with a transaction open.
SLOW_BUILD = textwrap.dedent(
    """
    import sys, time
    from policykg.cli import main
    from policykg.graph.store import GraphStore

    marker, pause = sys.argv[1], float(sys.argv[2])

    def slowed(write):
        def write_then_wait(self, tx, *args):
            write(self, tx, *args)
            with open(marker, "a") as signed:
                signed.write("written\\n")
            time.sleep(pause)

        return write_then_wait

    GraphStore._write_document = slowed(GraphStore._write_document)
    GraphStore._write_new_documents = slowed(GraphStore._write_new_documents)
    sys.argv = ["policykg", "build", *sys.argv[3:]]
    main()
    """
)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("copies", "kill_after_writes", "pause"),
    [(1, 3, 0.5), (7, 1, 3.0)],  # 6 documents one transaction each; 42, new in one bulk batch
    ids=["one-by-one", "bulk-batch"],
)
def test_a_build_killed_half_way_leaves_the_store_and_completes_when_run_again(
    copies, kill_after_writes, pause, tmp_path
):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for copy in range(copies):
        for path in [*sorted(CORPUS.glob("*.txt")), *DEV_DOCS]:
            shutil.copy(path, folder / (path.name if copies == 1 else f"{copy}-{path.name}"))
    total = copies * 6
    db, marker = tmp_path / "graph.lbug", tmp_path / "written.txt"
    process = subprocess.Popen([sys.executable, "-c", SLOW_BUILD, str(marker), str(pause), str(folder),
                                "--db", str(db), "--quiet"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)  # fmt: skip
    try:
        deadline = time.monotonic() + 180
        while not marker.exists() or len(marker.read_text().splitlines()) < kill_after_writes:
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "the build wrote nothing within three minutes"
            time.sleep(0.02)
        os.killpg(process.pid, signal.SIGKILL)  # a write is in its open transaction
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    assert process.returncode == -signal.SIGKILL
    # The build wrote into a copy of the store (graph/recovery.py): the store is as it was, here absent.
    assert not db.exists()
    written = 0

    result = build(db, folder, quiet=False)
    assert result.exit_code == 0, result.output
    assert f"documents: {total - written} loaded, 0 replaced, {written} unchanged, 0 failed" in result.stderr
    assert "check: ok" in result.stderr
    clean = tmp_path / "clean.lbug"
    assert build(clean, folder).exit_code == 0
    with open_store(db, read_only=True) as resumed, open_store(clean, read_only=True) as fresh:
        assert resumed.stats() == fresh.stats()
        assert resumed.check().ok


# ----- queries -----------------------------------------------------------------------------------

INJECTIONS = [
    "光伏' OR 1=1 //",
    '光伏"}) MATCH (n) DETACH DELETE n //',
    "') RETURN 1 UNION MATCH (n) RETURN n.name AS industry //",
    "$industry",
    "光伏\\' OR \\'1\\'=\\'1",
]


@pytest.mark.parametrize("attempt", INJECTIONS)
def test_a_cypher_injection_in_a_parameter_is_only_a_string(attempt, db, baseline):
    control = invoke("query", "industry-owners", "-p", "industry=光伏", "--db", db, "--format", "json")
    assert control.exit_code == 0 and json.loads(control.stdout)
    named = invoke("query", "industry-owners", "-p", f"industry={attempt}", "--db", db, "--format", "json")
    assert named.exit_code == 1 and named.stdout == "" and "no Industry named" in named.output  # not found, honestly
    for args in (
        ["query", "alias-search", "-p", f"text={attempt}"],
        ["cypher", "MATCH (i:Industry) WHERE i.name = $name RETURN i.name AS name", "-p", f"name={attempt}"],
    ):
        result = invoke(*args, "--db", db, "--format", "json")
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout) == [], args
    assert_nothing_lost(db, baseline)


WRITES = [
    "MATCH (n) DETACH DELETE n",
    "match (n) /* only reading */ detach delete n",
    "MATCH (d:Department) SET d.name = 'x' RETURN d",
    "CREATE (:Place {id: 'Place:x', name: 'x'})",
    "MERGE (p:Place {id: 'Place:x'}) RETURN p",
    "MATCH (n:Industry) RETURN n.name; MATCH (n) DETACH DELETE n",
    "DROP TABLE Place",
    "COPY Place FROM '/etc/hostname'",
]


@pytest.mark.parametrize("statement", WRITES)
def test_read_only_cypher_refuses_a_write_and_the_graph_is_unchanged(statement, db, baseline):
    with open_store(db, read_only=True) as store:
        before = store.stats()
    result = invoke("cypher", statement, "--db", db)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "refused" in lines[0] and "--write" in lines[0], lines
    assert "Traceback" not in result.output
    with open_store(db, read_only=True) as store:
        assert store.stats() == before
    assert_nothing_lost(db, baseline)


# ----- properties: any text through the extractor -------------------------------------------------
# The loaders' property tests (tests/test_loaders_robustness.py) feed read_document arbitrary bytes;
# these feed the extractor arbitrary text and check what the store relies on.

# Pieces of policy prose that steer the extractor into its branches: unit lists, brackets, tables,
# events, targets, names of bodies, places, industries, parks and firms.
POLICY_PIECES = [
    "责任单位：", "牵头单位：", "配合单位：", "（", "）", "(", ")", "牵头", "配合", "按职责分工负责", "承办", "协办",
    "衔接协调", "由", "、", "，", "。", "；", "：", "\n", "\t", "　　", " ", "1．", "（一）", "二、", "到2025年",
    "达到", "亿元", "户", "%", "1000", "0.5", "省发改委", "省工信委", "省商务厅", "电子信息处", "各设区市政府",
    "江西省", "赣州市", "南康区", "光伏", "化工", "优化工业", "稀土新材料", "产业", "经济技术开发区", "产业园",
    "有限公司", "集团", "推进会", "论坛", "举办", "在", "邀请", "支持", "推动", "序号\t项目名称\t责任单位", "\u3000",
]  # fmt: skip
policy_text = st.lists(st.sampled_from(POLICY_PIECES) | st.text(max_size=3), max_size=120).map("".join)


@cache
def shared_extractor():
    from policykg.loaders.extract.extractor import Extractor

    return Extractor()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=policy_text | st.text(max_size=300))
def test_any_text_gives_a_record_the_store_accepts_with_verbatim_evidence(text):
    record = shared_extractor()(text, doc="any.txt", year=2020)
    prepare_record(record)  # raises SchemaError if the record breaks the contract
    for item in (*record.facts, *record.targets):
        if item.start is not None:
            assert text[item.start : item.end] == item.evidence, item
