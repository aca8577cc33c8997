"""The benchmark's parts at toy size: the corpus generator, the synthetic graph, the bulk import, a stage in a child process.

The benchmark itself (``python -m bench``) is not run here; these tests check
that what it measures is what it claims to measure.
"""

from __future__ import annotations

import doctest
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # bench/ is a folder of the repository, not an installed package

import bench.bulk  # noqa: E402
import bench.corpus  # noqa: E402
import bench.neo4j_server  # noqa: E402
import bench.report  # noqa: E402
import bench.stages  # noqa: E402
from bench.__main__ import QUICK, selected_stages  # noqa: E402
from bench.bulk import copy_into_new_store, derive_properties, rows_from_records, write_csv_tables  # noqa: E402
from bench.corpus import CorpusGenerator, write_corpus  # noqa: E402
from bench.graph import synthetic_graph  # noqa: E402
from bench.report import goals_met, headline, markdown_report  # noqa: E402
from bench.stages import STAGES, query_params, run_stage  # noqa: E402
from policykg.errors import NameNotFound
from policykg.graph.engines import open_store  # noqa: E402
from policykg.graph.queries import list_queries, run_query  # noqa: E402


@pytest.mark.parametrize("module", [bench.bulk, bench.corpus, bench.neo4j_server, bench.report, bench.stages],
                         ids=lambda m: m.__name__)  # fmt: skip
def test_doctests(module):
    failures, _ = doctest.testmod(module)
    assert failures == 0


# ----- the corpus ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def generator() -> CorpusGenerator:
    return CorpusGenerator(seed=7)


@pytest.fixture(scope="module")
def sample(generator) -> list[str]:
    return [document.text for document in generator.documents(30)]


def test_documents_depend_only_on_seed_and_index(generator):
    again = CorpusGenerator(seed=7)
    assert [d.text for d in generator.documents(3)] == [again.document(i).text for i in range(3)]
    assert generator.document(5) == again.document(5)
    assert CorpusGenerator(seed=8).document(0).text != generator.document(0).text


def test_documents_use_the_layouts_of_real_documents(sample):
    text = "\n".join(sample)
    for layout in (
        "责任单位：",
        "牵头，",
        "配合）",
        "牵头单位：",
        "配合单位：",
        "按职责分工负责）",
        "承办",
        "协办",
        "衔接协调",
    ):
        assert layout in text, layout
    assert re.search(r"^序号\t项目名称\t建设地点\t责任单位$", text, re.M)
    assert re.search(r"^\d+\t[^\t]+有限公司年产[^\t]+\t[^\t]+\t[^\t]+政府$", text, re.M)
    assert re.search(r"到20\d\d年，全省.+达到\d+亿元", text)
    assert "{" not in text and "}" not in text
    # Several provinces, their register bodies filled in.
    assert len({m.group(1) for m in re.finditer(r"^\s*(\S{2,3}省)", text, re.M)}) >= 3


def test_corpus_size_is_about_five_kilobytes_a_document(tmp_path):
    summary = write_corpus(tmp_path / "corpus", 20, seed=3)
    files = sorted((tmp_path / "corpus").glob("*.txt"))
    assert summary.documents == len(files) == 20
    assert summary.bytes == sum(f.stat().st_size for f in files)
    assert summary.chars == sum(len(f.read_text(encoding="utf-8")) for f in files)
    assert 3_000 < summary.bytes / 20 < 8_000  # 2,000 documents ≈ 10 MB


def test_the_extractor_finds_every_role_in_generated_documents(generator):
    from policykg.loaders.extract.extractor import Extractor

    extractor = Extractor()
    roles = set()
    for index in range(12):
        document = generator.document(index)
        record = extractor(document.text, doc=document.name)
        roles |= {fact.role for fact in record.facts if fact.rel == "RESPONSIBLE_FOR"}
        assert record.targets, document.name
    assert {"lead", "support", "responsible", "host", "cohost", "coordinate"} <= roles


# ----- the synthetic graph and the bulk import ----------------------------------------------------


@pytest.fixture(scope="module")
def small_graph(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("graph")
    rows = synthetic_graph(4_000, seed=1)
    copy_into_new_store(write_csv_tables(rows, folder / "csv"), folder / "graph.lbug")
    derive_properties(folder / "graph.lbug")
    return folder / "graph.lbug"


def test_the_synthetic_graph_has_the_requested_size_and_every_type():
    rows = synthetic_graph(3_000, seed=2)
    counts = rows.counts()
    assert 3_000 <= rows.relationship_count() < 3_600
    assert all(counts["relationships"].values()), counts
    assert all(n > 0 for label, n in counts["nodes"].items()), counts
    ids = {row["id"] for node_rows in rows.nodes.values() for row in node_rows}
    assert len(ids) == rows.node_count()
    assert all(r["head"] in ids and r["tail"] in ids for rel_rows in rows.relationships.values() for r in rel_rows)


def test_the_synthetic_graph_is_a_consistent_store(small_graph):
    with open_store(small_graph, read_only=True) as store:
        assert store.check().ok
        assert sum(store.stats()["relationships"].values()) >= 4_000


def test_every_canned_query_runs_with_the_benchmark_parameters(small_graph):
    params = query_params()
    assert set(params) <= {query.name for query in list_queries()}
    found = {}
    with open_store(small_graph, read_only=True) as store:
        for query in list_queries():
            try:
                found[query.name] = len(run_query(store, query.name, params.get(query.name, {})))
            except NameNotFound:  # a place of the full-size graph that this small one lacks
                found[query.name] = None
    for name in ("industry-owners", "pair-evidence", "department-portfolio", "targets", "alias-search"):
        assert found[name] > 0, name


def test_bulk_import_of_records_matches_the_load_path(tmp_path, gold_records):
    with open_store(tmp_path / "load.lbug") as store:
        store.load_records(gold_records)
        loaded = store.stats()
    tables = write_csv_tables(rows_from_records(gold_records), tmp_path / "csv")
    report = copy_into_new_store(tables, tmp_path / "bulk.lbug")
    derive_properties(tmp_path / "bulk.lbug")
    with open_store(tmp_path / "bulk.lbug", read_only=True) as store:
        assert store.stats() == loaded
        assert store.check().consistent
        evidence = store.run("MATCH ()-[r:RESPONSIBLE_FOR]->() RETURN r.evidence AS e ORDER BY e")
    with open_store(tmp_path / "load.lbug", read_only=True) as store:
        assert store.run("MATCH ()-[r:RESPONSIBLE_FOR]->() RETURN r.evidence AS e ORDER BY e") == evidence
    assert report.relationships == sum(loaded["relationships"].values())


# ----- stages and the report ----------------------------------------------------------------------


def test_a_stage_runs_in_a_child_process_and_reports_its_memory(tmp_path):
    config = {**QUICK, "work": str(tmp_path), "documents": 3, "seed": 7}
    figures = run_stage("corpus", config, timeout=120)
    assert figures["documents"] == 3 and figures["bytes"] > 0
    assert figures["peak_rss_mb"] > 10
    failed = run_stage("load", config, timeout=120)  # no records yet: an error line, not an exception
    assert "records.jsonl" in failed["error"]


def test_the_query_stage_times_a_query_beside_the_scan(small_graph):
    config = {**QUICK, "work": str(small_graph.parent), "query": "industry-owners", "params": {"industry": "光伏"}}
    figures = STAGES["query"](config)
    assert figures["runs"] >= QUICK["min_runs"]
    assert figures["p50_s"] <= figures["p95_s"]
    assert figures["rows"] > 0 and figures["vs_scan"] > 0
    refused = STAGES["query"]({**config, "params": {}})
    assert "needs parameter industry" in refused["error"]


def test_the_load_profile_names_the_functions_that_take_the_time(tmp_path, gold_records):
    bench.stages.write_records(gold_records, tmp_path / "records.jsonl")
    figures = STAGES["profile-load"]({"work": str(tmp_path)})
    assert figures["documents"] == len(gold_records)
    functions = [row["function"] for row in figures["top_functions"]]
    assert functions and all(row["own_s"] >= 0 for row in figures["top_functions"])


def test_stages_pull_in_what_they_read():
    assert selected_stages(["queries"]) == ["graph", "queries"]
    assert selected_stages(["bulk", "viz"]) == ["corpus", "extract-1", "load", "bulk", "viz"]
    assert selected_stages(["neo4j-load"]) == ["corpus", "extract-1", "load", "neo4j-load"]
    assert selected_stages(["neo4j-queries"]) == ["graph", "neo4j-queries"]


def test_the_report_states_goals_and_failures():
    stages = {
        "segment": {"chars_per_s": 20_000.0, "peak_rss_mb": 800.0},
        "extract-2": {"chars_per_s": 50_000.0},
        "load": {"relationships_per_s": 4_000.0, "slowest_statements": [
            {"statement": "UNWIND $rows AS row MERGE (n:· {id: row.id})", "calls": 3, "seconds": 1.0, "share": 0.5}]},
        "bulk": {"relationships_per_s": 40_000.0},
        "queries": {"vs_scan_max": 3.0, "scan_p50_s": 0.01, "failed": {"co-responsibility": "buffer pool full"},
                    "queries": {"events": {"rows": 3, "runs": 5, "p50_s": 0.02, "p95_s": 0.03, "vs_scan": 2.0},
                                "co-responsibility": {"error": "buffer pool full", "retry": {
                                    "buffer_pool_mb": 4096, "rows": 25, "p50_s": 2.0, "vs_scan": 200.0}}}},
        "viz": {"error": "Chromium did not start"},
    }  # fmt: skip
    ratios = headline(stages)
    assert ratios == {"extract_vs_segment": 2.5, "load_vs_bulk": 0.1, "query_vs_scan_max": 3.0, "extract_scaling": None,
                      "neo4j_load_vs_import": None, "neo4j_query_vs_scan_max": None}  # fmt: skip
    met = goals_met(ratios, stages)
    assert met == {"extract_vs_segment": True, "load_vs_bulk": False, "query_vs_scan_max": False, "extract_scaling": None,
                   "neo4j_load_vs_import": None, "neo4j_query_vs_scan_max": None}  # fmt: skip
    results = {"stages": stages, "ratios": ratios, "goals_met": met, "quick": True, "started": "2026-01-01T00:00:00",
               "seconds": 60, "config": {"seed": 7}, "machine": bench.report.machine_info()}  # fmt: skip
    text = markdown_report(results)
    assert "| `load_vs_bulk` | 0.10 | >= 0.5 | **missed** |" in text
    assert (
        "| co-responsibility | – | – | – | – | failed: buffer pool full; with a 4,096 MB pool: p50 2,000.0 ms" in text
    )
    assert "viz: Chromium did not start" in text
    assert f"{results['machine']['cores']} cores" in text


NEO4J_STAGES = {
    "neo4j-load": {"load_relationships_per_s": 6_000.0, "import_relationships_per_s": 30_000.0,
                   "import_relationships_per_s_wall": 12_000.0, "export_csv_seconds": 4.2, "import_matches_embedded": True,
                   "load_matches_embedded": True, "heap": "2g", "pagecache": "1g", "peak_rss_mb": 900.0,
                   "server_memory_mb": 1500.0},
    "neo4j-queries": {"vs_scan_max": 12.5, "scan_p50_s": 0.004, "full_scan_p50_s": 0.35, "relationships": 50_005,
                      "heap": "2g", "pagecache": "1g", "import_seconds": 9.5, "import_wall_seconds": 14.0,
                      "schema_seconds": 3.0, "import_matches_embedded": True, "export_csv_seconds": 3.9,
                      "failed": {"shortest-connection": "stopped after 600 s"},
                      "queries": {"events": {"rows": 3, "runs": 5, "p50_s": 0.05, "p95_s": 0.08, "vs_scan": 12.5},
                                  "shortest-connection": {"error": "stopped after 600 s"}}},
}  # fmt: skip


def test_the_report_has_the_neo4j_ratios_and_rows():
    stages = {**NEO4J_STAGES, "queries": {"vs_scan_max": 3.0, "failed": {}, "queries": {}}}
    ratios = headline(stages)
    assert ratios["neo4j_load_vs_import"] == 0.2 and ratios["neo4j_query_vs_scan_max"] == 12.5
    met = goals_met(ratios, stages)
    assert met["neo4j_load_vs_import"] is False and met["neo4j_query_vs_scan_max"] is False
    assert met["query_vs_scan_max"] is True  # a Neo4j failure does not count against the embedded store
    results = {"stages": stages, "ratios": ratios, "goals_met": met, "quick": True, "started": "2026-01-01T00:00:00",
               "seconds": 60, "config": {"seed": 7}, "machine": bench.report.machine_info()}  # fmt: skip
    text = markdown_report(results)
    assert "| `neo4j_load_vs_import` | 0.20 | >= 0.3 | **missed** |" in text
    assert (
        "| `neo4j_query_vs_scan_max` | 12.50 | <= 5.0 | **missed** (1 of the queries failed: shortest-connection) |"
        in text
    )
    assert (
        "| neo4j-load | Neo4j, load path (`load_records`), relationships/s (median of 3 runs) | 6,000 | 900 (admin tool –, server 1,500) |"
        in text
    )
    assert (
        "import full` of the CSV export, relationships/s (median of 3 runs; the import's own time) | 30,000 |" in text
    )
    assert "| neo4j-load | same counts as the embedded store (import / load path) | yes / yes |" in text
    assert (
        "| neo4j-queries | `neo4j-admin database import full`, s (the import's own time / whole command) | 9.5 / 14.0 |"
        in text
    )
    assert "| neo4j-queries | a scan reading every relationship (`WHERE r.id IS NOT NULL`), p50 ms | 350.0 |" in text
    neo4j_table = text.split("The same queries on Neo4j")[1]
    assert "50,005 relationships; heap 2g, page cache 1g" in neo4j_table and "p50 4.0 ms" in neo4j_table
    assert "| events | 3 | 5 | 50.0 | 80.0 | 12.5 |\n" in neo4j_table
    assert "| shortest-connection | – | – | – | – | failed: stopped after 600 s |\n" in neo4j_table


def test_the_report_says_why_the_neo4j_stages_were_skipped():
    note = "skipped: needs Java 17 or 21 (and Maven, once) to run Neo4j; see docs/neo4j.md"
    stages = {"neo4j-load": {"skipped": note}, "neo4j-queries": {"skipped": note}}
    ratios = headline(stages)
    met = goals_met(ratios, stages)
    assert met["neo4j_load_vs_import"] is None and met["neo4j_query_vs_scan_max"] is None
    results = {"stages": stages, "ratios": ratios, "goals_met": met, "quick": True, "started": "2026-01-01T00:00:00",
               "seconds": 60, "config": {"seed": 7}, "machine": bench.report.machine_info()}  # fmt: skip
    text = markdown_report(results)
    assert f"| `neo4j_load_vs_import` | – | >= 0.3 | not measured ({note}) |" in text
    assert f"| neo4j-load | Neo4j load path and `neo4j-admin` import | {note} | |" in text
    assert f"| neo4j-queries | the synthetic graph on Neo4j | {note} | |" in text
    assert "The same queries on Neo4j" not in text


@pytest.mark.parametrize("name", ["neo4j-load", "neo4j-queries"])
def test_the_neo4j_stages_skip_without_java(tmp_path, monkeypatch, name):
    monkeypatch.setenv("PATH", str(tmp_path))  # neither java nor mvn
    monkeypatch.delenv("JAVA", raising=False)
    monkeypatch.setattr(bench.neo4j_server, "SCRIPT", tmp_path / "neo4j.sh")  # no launcher built either
    figures = STAGES[name]({"work": str(tmp_path)})
    assert figures == {"skipped": "skipped: needs Java 17 or 21 (and Maven, once) to run Neo4j; see docs/neo4j.md"}


def test_the_admin_import_runs_the_command_the_csv_export_writes(tmp_path, gold_records):
    from policykg.graph.export import export_store

    db = tmp_path / "corpus.lbug"
    with open_store(db) as store:
        store.load_records(gold_records)
        export_store(store, "csv", tmp_path / "csv")
    arguments = bench.neo4j_server.import_command(tmp_path / "csv")
    assert arguments[:4] == ["database", "import", "full", "neo4j"]
    files = {
        argument.split("=", 1)[1] for argument in arguments if argument.startswith(("--nodes=", "--relationships="))
    }
    assert files == {path.name for path in (tmp_path / "csv").glob("*.csv")}
    assert all("\n" not in argument for argument in arguments)


def test_the_report_shows_scaling_and_the_real_documents_audit():
    stages = {
        "scaling": {"chars_per_s": {"10000": 150_000.0, "1000000": 120_000.0}, "smallest_vs_largest": 1.25},
        "real": {"folder": "docs", "documents": 176, "failed": 0, "chars_per_s": 90_000.0, "units_recognised": 0.981,
                 "units_with_fact": 0.583, "sector_items_recognised": 0.54, "dirty_names": 0},
    }  # fmt: skip
    ratios = headline(stages)
    assert ratios["extract_scaling"] == 1.25 and goals_met(ratios, stages)["extract_scaling"] is True
    results = {"stages": stages, "ratios": ratios, "goals_met": goals_met(ratios, stages), "quick": True,
               "started": "2026-01-01T00:00:00", "seconds": 1, "config": {"seed": 7}, "machine": bench.report.machine_info()}  # fmt: skip
    text = markdown_report(results)
    assert "| scaling | extractor on one text of 1,000,000 characters, chars/s | 120,000 |" in text
    assert "| real | audit: listed units recognised as bodies | 0.981 |" in text
    skipped = {**results, "stages": {"real": {"skipped": "no folder of real documents (none given)"}}}
    assert "| real | audit of real documents | no folder of real documents (none given) | |" in markdown_report(skipped)


# ----- the view ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def loaded_corpus(tmp_path_factory, gold_records) -> Path:
    """A scratch folder as the load stage leaves it: ``load.lbug`` holding the bundled corpus's records."""
    folder = tmp_path_factory.mktemp("bench-view")
    with open_store(folder / "load.lbug") as store:
        store.load_records(gold_records)
    return folder


def test_the_view_stage_writes_the_view_and_times_it_in_chromium(loaded_corpus):
    figures = STAGES["viz"]({"work": str(loaded_corpus), "view_nodes": 60})
    assert figures["nodes"] == 60 and figures["edges"] > 0 and figures["html_bytes"] > 100_000
    page = (loaded_corpus / "view.html").read_text(encoding="utf-8")
    assert "Showing the 60 most connected of" in page
    if "skipped" in figures:  # no Chromium here: the stage says so, and what it built stands
        assert "Chromium" in figures["skipped"]
        return
    assert figures["runs"] == bench.stages.VIEW_RUNS == len(figures["interactive_all_s"])
    assert figures["nodes_drawn"] == 60 and figures["physics"] is False
    assert 0 < figures["drawn_s"] <= figures["interactive_s"] and figures["redraw_ms"] > 0
    assert figures["browser_memory_mb"] > 0


def test_the_view_stage_says_when_chromium_is_missing(loaded_corpus, monkeypatch):
    class NoBrowser:
        @staticmethod
        def find_chromium():
            return None

    monkeypatch.setattr(bench.stages, "load_browser_driver", lambda: NoBrowser)
    figures = STAGES["viz"]({"work": str(loaded_corpus), "view_nodes": 20})
    assert figures["skipped"].startswith("Chromium is not installed") and figures["nodes"] == 20


def view_report(viz: dict) -> str:
    results = {"stages": {"viz": viz}, "ratios": headline({}), "goals_met": goals_met(headline({}), {}),
               "quick": True, "started": "2026-01-01T00:00:00", "seconds": 1, "config": {"seed": 7},
               "machine": bench.report.machine_info()}  # fmt: skip
    return markdown_report(results)


def test_the_report_shows_the_view_beside_the_physics_view_it_replaced():
    viz = {"nodes": 2000, "edges": 45018, "html_bytes": 11_000_000, "build_s": 6.1, "runs": 3, "drawn_s": 1.71,
           "interactive_s": 1.98, "redraw_ms": 150.2, "browser_memory_mb": 900.0, "peak_rss_mb": 800.0}  # fmt: skip
    text = view_report(viz)
    assert (
        "| viz | whole-graph view of the loaded corpus (`policykg viz`): nodes / links drawn | 2,000 / 45,018 |" in text
    )
    assert (
        "load to interactive (drawn, and a click on a node answered), s (median of 3, network off; goal <= 3: met) | 1.98 |"
        in text
    )
    assert "| viz | one redraw of the whole view (a pan, a zoom, a click), ms | 150 |" in text
    assert "load to settled layout, s (recorded 2026-12-06, no longer built) | 18.2 |" in text
    assert "goal <= 3: **missed**) | 3.40 |" in view_report({**viz, "interactive_s": 3.4})
    skipped = view_report(
        {"nodes": 300, "edges": 900, "skipped": "Chromium is not installed (scripts/install-browser.sh)"}
    )
    assert "| viz | headless Chromium | Chromium is not installed (scripts/install-browser.sh) | |" in skipped
