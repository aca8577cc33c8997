"""The benchmark's stages. Each runs in a child process of its own, so its peak memory is its own.

A stage is a function ``config -> figures`` registered in :data:`STAGES`. The
parent (``bench/__main__.py``) runs one as::

    python -m bench.stages STAGE CONFIG.json RESULT.json

``CONFIG.json`` holds the run's settings (``work``: the scratch folder shared
by the stages, sizes, seeds); ``RESULT.json`` receives the stage's figures
plus ``peak_rss_mb`` (the stage process) and ``children_peak_rss_mb`` (the
largest process it started and waited for: extraction workers, Chromium).
Stages print nothing that matters; timings are measured with
``time.perf_counter`` around the library calls a user's command makes.
"""

from __future__ import annotations

import cProfile
import importlib.util
import json
import math
import os
import pstats
import re
import resource
import shutil
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from policykg.graph.embedded import BUFFER_POOL_ENV

ROOT = Path(__file__).resolve().parent.parent
QUERY_PARAMS_FILE = Path(__file__).with_name("query_params.json")
SCAN_CYPHER = "MATCH ()-[r]->() RETURN count(*) AS n"
# Loads and bulk imports are timed this many times, each into a fresh store, and the median
# kept: one run of several seconds on a shared machine varies by a tenth either way.
IMPORT_RUNS = 3
Config = dict[str, Any]
Figures = dict[str, Any]
STAGES: dict[str, Callable[[Config], Figures]] = {}


def stage(name: str) -> Callable[[Callable[[Config], Figures]], Callable[[Config], Figures]]:
    """Register a stage under ``name``."""

    def register(function: Callable[[Config], Figures]) -> Callable[[Config], Figures]:
        STAGES[name] = function
        return function

    return register


# ----- helpers --------------------------------------------------------------------------------


def percentile(values: Iterable[float], share: float) -> float:
    """The nearest-rank percentile (``share`` in 0…1) of some values.

    Example:
        >>> percentile([5, 1, 4, 2, 3], 0.5), percentile(range(1, 101), 0.95), percentile([7], 0.95)
        (3, 95, 7)
    """
    ordered = sorted(values)
    if not ordered:
        raise ValueError("no values")
    return ordered[max(math.ceil(share * len(ordered)) - 1, 0)]


def per_second(amount: float, seconds: float) -> float:
    """``amount / seconds``, rounded; 0 when nothing was timed.

    Example:
        >>> per_second(1000, 0.5), per_second(10, 0)
        (2000.0, 0.0)
    """
    return round(amount / seconds, 1) if seconds > 0 else 0.0


def peak_memory_mb() -> tuple[float, float]:
    """Peak resident memory of this process and of its largest waited-for child, in MB (Linux: KiB units)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return round(own, 1), round(children, 1)


def process_group_memory_mb(group: int) -> float | None:
    """Memory of every process in a process group, in MB (Linux ``/proc``; None elsewhere).

    Used for Chromium, whose browser, renderer and helper processes share a group.
    Each process counts its proportional set size (shared pages divided among
    the processes sharing them), so the sum is what the group really holds.
    ``ru_maxrss`` of a child cannot serve: a forked child starts out counting its
    parent's pages.
    """
    proc = Path("/proc")
    if not proc.is_dir():
        return None
    total_kb = 0
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) != group:  # state, ppid, pgrp
                continue
            for line in (entry / "smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total_kb += int(line.split()[1])
        except (OSError, IndexError, ValueError):  # the process ended meanwhile
            continue
    return round(total_kb / 1024, 1)


def work_dir(config: Config) -> Path:
    return Path(config["work"])


def corpus_files(config: Config) -> list[Path]:
    return sorted((work_dir(config) / "corpus").glob("*.txt"))


def write_records(records: Iterable[Any], path: Path) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(record.model_dump_json() + "\n")


def read_records(path: Path) -> list[Any]:
    from policykg.models import Record

    with path.open(encoding="utf-8") as handle:
        return [Record.model_validate_json(line) for line in handle if line.strip()]


def fresh_path(path: Path) -> Path:
    """Remove a store file (and its write-ahead log) left by an earlier stage run."""
    for leftover in (path, path.with_name(path.name + ".wal")):
        if leftover.is_dir():
            shutil.rmtree(leftover)
        elif leftover.exists():
            leftover.unlink()
    return path


def top_functions(profile: cProfile.Profile, limit: int = 12) -> list[dict[str, Any]]:
    """The functions with the most own time, as rows (function, calls, own_s, cumulative_s)."""
    stats = pstats.Stats(profile)
    rows = []
    for (filename, line, function), (_, calls, own, cumulative, _) in stats.stats.items():  # type: ignore[attr-defined]
        where = Path(filename).name if filename.startswith("/") else filename
        rows.append({"function": f"{where}:{line}({function})", "calls": calls,
                     "own_s": round(own, 3), "cumulative_s": round(cumulative, 3)})  # fmt: skip
    rows.sort(key=lambda row: -row["own_s"])
    return rows[:limit]


# ----- corpus -----------------------------------------------------------------------------------


@stage("corpus")
def corpus_stage(config: Config) -> Figures:
    """Write the synthetic corpus into ``work/corpus``."""
    from bench.corpus import write_corpus

    folder = work_dir(config) / "corpus"
    if folder.exists():
        shutil.rmtree(folder)
    began = time.perf_counter()
    summary = write_corpus(folder, config["documents"], config["seed"])
    return {"documents": summary.documents, "bytes": summary.bytes, "chars": summary.chars,
            "seconds": round(time.perf_counter() - began, 2)}  # fmt: skip


# ----- extraction -------------------------------------------------------------------------------


@stage("segment")
def segment_stage(config: Config) -> Figures:
    """Bare spacy-pkuseg segmentation (with the extractor's user dictionary) of every document's text."""
    from policykg.loaders.extract.lexicon import load_lexicon
    from policykg.loaders.extract.segment import Segmenter
    from policykg.loaders.read.documents import read_document

    texts = [read_document(path).text for path in corpus_files(config)]
    segmenter = Segmenter(load_lexicon().user_words())
    began = time.perf_counter()
    segmenter("模型载入")
    model_load = time.perf_counter() - began
    chars = sum(len(text) for text in texts)
    began = time.perf_counter()
    words = sum(len(segmenter(text)) for text in texts)
    seconds = time.perf_counter() - began
    return {"chars": chars, "words": words, "seconds": round(seconds, 2), "model_load_s": round(model_load, 2),
            "chars_per_s": per_second(chars, seconds)}  # fmt: skip


def _extract(config: Config, workers: int) -> tuple[list[Any], list[str], float]:
    from policykg.loaders.pipeline import extract_documents

    began = time.perf_counter()
    outcomes = list(extract_documents(corpus_files(config), workers=workers))
    seconds = time.perf_counter() - began
    records = [outcome.record for outcome in outcomes if outcome.record is not None]
    failures = [f"{outcome.path.name}: {outcome.error}" for outcome in outcomes if outcome.record is None]
    return records, failures, seconds


def _record_figures(records: list[Any], failures: list[str], seconds: float) -> Figures:
    chars = sum(record.chars or 0 for record in records)
    return {
        "documents": len(records),
        "failed": failures[:5],
        "chars": chars,
        "seconds": round(seconds, 2),
        "chars_per_s": per_second(chars, seconds),
        "entities": sum(len(record.entities) for record in records),
        "facts": sum(len(record.facts) for record in records),
        "targets": sum(len(record.targets) for record in records),
    }


@stage("extract-1")
def extract_one_worker_stage(config: Config) -> Figures:
    """The whole extractor in this process, after one document has loaded the model and lexicon."""
    from policykg.loaders.pipeline import extract_file

    files = corpus_files(config)
    began = time.perf_counter()
    extract_file(files[0])
    warm_up = time.perf_counter() - began
    records, failures, seconds = _extract(config, workers=1)
    write_records(records, work_dir(config) / "records.jsonl")
    return {**_record_figures(records, failures, seconds), "warm_up_s": round(warm_up, 2)}


@stage("extract-2")
def extract_two_workers_stage(config: Config) -> Figures:
    """Two worker processes from a cold start, as ``policykg build --workers 2`` runs them."""
    records, failures, seconds = _extract(config, workers=2)
    earlier = work_dir(config) / "records.jsonl"
    same = None
    if earlier.exists():
        same = [r.model_dump_json() for r in records] == [r.model_dump_json() for r in read_records(earlier)]
    return {**_record_figures(records, failures, seconds), "same_records_as_one_worker": same}


@stage("scaling")
def scaling_stage(config: Config) -> Figures:
    """Extraction speed on one text of growing length (the corpus's documents joined), to show
    that the time per character does not grow with the length of a document."""
    from policykg.loaders.extract.extractor import Extractor, RecordBuilder
    from policykg.loaders.read.documents import read_document

    sizes = config["scaling_chars"]
    pieces, total = [], 0
    for path in corpus_files(config):
        text = read_document(path).text
        pieces.append(text)
        total += len(text)
        if total >= max(sizes):
            break
    joined = "\n".join(pieces)
    while len(joined) < max(sizes):
        joined += "\n" + joined
    extractor = Extractor()
    extractor(joined[:2000], doc="warm-up.txt")
    rates = {}
    for size in sizes:
        began = time.perf_counter()
        extractor.extract_into(RecordBuilder(doc=f"{size}.txt"), joined[:size])
        rates[str(size)] = per_second(size, time.perf_counter() - began)
    smallest, largest = rates[str(min(sizes))], rates[str(max(sizes))]
    return {"chars_per_s": rates, "smallest_vs_largest": round(smallest / largest, 2) if largest else None}


@stage("real")
def real_stage(config: Config) -> Figures:
    """Extraction and the gold-free audit (``policykg audit``) on a folder of real documents."""
    from policykg.loaders.pipeline import extract_documents
    from policykg.loaders.quality.audit import audit_records
    from policykg.loaders.read.documents import find_documents, read_document

    folder = config.get("real_docs")
    if not folder or not Path(folder).is_dir():
        return {"skipped": f"no folder of real documents ({folder or 'none given'}); pass --real-docs DIR"}
    files = find_documents([folder])
    began = time.perf_counter()
    outcomes = list(extract_documents(files))
    seconds = time.perf_counter() - began
    records = [o.record for o in outcomes if o.record is not None]
    report = audit_records([(path.name, read_document(path).text) for path in files], records)
    chars = sum(record.chars or 0 for record in records)
    return {"folder": str(folder), "documents": len(files), "failed": sum(1 for o in outcomes if not o.ok),
            "chars": chars, "chars_per_s": per_second(chars, seconds), "totals": dict(report.totals),
            **report.ratios}  # fmt: skip


@stage("profile-extract")
def profile_extract_stage(config: Config) -> Figures:
    """Where the extractor spends its time (cProfile over the corpus, after a warm-up)."""
    from policykg.loaders.pipeline import extract_file

    files = corpus_files(config)[: config.get("profile_documents", 200)]
    extract_file(files[0])
    profile = cProfile.Profile()
    profile.enable()
    for path in files:
        extract_file(path)
    profile.disable()
    return {"documents": len(files), "top_functions": top_functions(profile)}


# ----- load ---------------------------------------------------------------------------------------


def statement_kind(cypher: str) -> str:
    """A statement with its labels and relationship types blanked, so that the forms of one write group together.

    Example:
        >>> statement_kind("UNWIND $rows AS row MERGE (n:Industry {id: row.id}) SET n.name = row.name")
        'UNWIND $rows AS row MERGE (n:· {id: row.id}) SET n.name = row.name'
        >>> statement_kind("COPY PART_OF FROM $rows (from='Department', to='Department')")
        "COPY · FROM $rows (from='·', to='·')"
    """
    from policykg.graph import schema

    names = "|".join(sorted((*schema.NODE_LABELS, *schema.RELATIONSHIP_TYPES), key=len, reverse=True))
    return re.sub(rf"\b(?:{names})\b", "·", cypher)


class StatementTimer:
    """Wraps an embedded store's statement runner to total the engine time per kind of statement."""

    def __init__(self, store: Any):
        self.seconds: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        run = store._execute

        def timed(cypher: str, params: Any) -> Any:
            began = time.perf_counter()
            try:
                return run(cypher, params)
            finally:
                kind = statement_kind(cypher)
                self.seconds[kind] += time.perf_counter() - began
                self.calls[kind] += 1

        store._execute = timed  # the store's transactions call self._execute for every statement

    def top(self, total: float, limit: int = 8) -> list[dict[str, Any]]:
        ranked = sorted(self.seconds.items(), key=lambda item: -item[1])[:limit]
        return [
            {"statement": cypher if len(cypher) <= 140 else cypher[:137] + "...", "calls": self.calls[cypher],
             "seconds": round(seconds, 2), "share": round(seconds / total, 3) if total else 0.0}
            for cypher, seconds in ranked
        ]  # fmt: skip

    def engine_seconds(self) -> float:
        return sum(self.seconds.values())


@stage("load")
def load_stage(config: Config) -> Figures:
    """``GraphStore.load_records`` (the path ``policykg build`` takes) into a fresh embedded store, then again.

    The fresh load runs ``IMPORT_RUNS`` times, each into a new store; the median run is reported.
    """
    from policykg.graph.engines import open_store

    records = read_records(work_dir(config) / "records.jsonl")
    runs = []
    for _ in range(IMPORT_RUNS):
        path = fresh_path(work_dir(config) / "load.lbug")
        with open_store(path) as store:
            store.stats()  # connects and creates the schema outside the timing
            timer = StatementTimer(store)
            began = time.perf_counter()
            report = store.load_records(records)
            seconds = time.perf_counter() - began
            runs.append((seconds, timer.top(seconds), timer.engine_seconds()))
    seconds, statements, engine = sorted(runs, key=lambda run: run[0])[len(runs) // 2]
    relationships = sum(report.relationships.values())
    nodes = sum(report.nodes.values())
    with open_store(path) as store:  # the last run's store
        stats = store.stats()
        consistent = store.check().consistent
        began = time.perf_counter()
        again = store.load_records(records)
        reload_seconds = time.perf_counter() - began
        unchanged = (
            stats == store.stats() and len(again.unchanged) == len(records) and not again.loaded and not again.replaced
        )
    return {
        "documents": len(report.loaded),
        "failed": len(report.failed),
        "nodes": nodes,
        "relationships": relationships,
        "seconds": round(seconds, 2),
        "runs_seconds": [round(run[0], 2) for run in runs],
        "relationships_per_s": per_second(relationships, seconds),
        "engine_share": round(engine / seconds, 3) if seconds else 0.0,
        "slowest_statements": statements,
        "check_consistent": consistent,
        "reload_seconds": round(reload_seconds, 2),
        "reload_unchanged": unchanged,
        "stats": stats,
    }


@stage("profile-load")
def profile_load_stage(config: Config) -> Figures:
    """Where the load path spends its Python time (cProfile of ``load_records`` into a fresh store)."""
    from policykg.graph.engines import open_store

    records = read_records(work_dir(config) / "records.jsonl")
    with open_store(fresh_path(work_dir(config) / "profile.lbug")) as store:
        store.stats()
        profile = cProfile.Profile()
        profile.enable()
        store.load_records(records)
        profile.disable()
    return {"documents": len(records), "top_functions": top_functions(profile)}


@stage("bulk")
def bulk_stage(config: Config) -> Figures:
    """The same records as CSV files in the schema's layout, imported by the engine's ``COPY FROM``.

    The import runs ``IMPORT_RUNS`` times, each into a new store; the median run is reported.
    """
    from bench.bulk import copy_into_new_store, rows_from_records, write_csv_tables
    from policykg.graph.engines import open_store

    records = read_records(work_dir(config) / "records.jsonl")
    began = time.perf_counter()
    rows = rows_from_records(records)
    tables = write_csv_tables(rows, work_dir(config) / "csv-corpus")
    csv_seconds = time.perf_counter() - began
    runs = []
    for _ in range(IMPORT_RUNS):
        path = fresh_path(work_dir(config) / "bulk.lbug")
        runs.append(copy_into_new_store(tables, path))
    copied = sorted(runs, key=lambda run: run.seconds)[len(runs) // 2]
    with open_store(path, read_only=True) as store:
        stats = store.stats()
    load_path = work_dir(config) / "load.lbug"
    matches = None
    if load_path.exists():
        with open_store(load_path, read_only=True) as store:
            matches = store.stats() == stats
    return {
        "nodes": copied.nodes,
        "relationships": copied.relationships,
        "csv_seconds": round(csv_seconds, 2),
        "copy_seconds": round(copied.seconds, 2),
        "runs_seconds": [round(run.seconds, 2) for run in runs],
        "relationships_per_s": per_second(copied.relationships, copied.seconds),
        "relationships_per_s_with_csv": per_second(copied.relationships, copied.seconds + csv_seconds),
        "counts_match_load": matches,
    }


# ----- queries ------------------------------------------------------------------------------------


def query_params() -> dict[str, dict[str, Any]]:
    """Parameters for the canned queries (``bench/query_params.json``)."""
    data = json.loads(QUERY_PARAMS_FILE.read_text(encoding="utf-8"))
    return {name: params for name, params in data.items() if not name.startswith("_")}


@stage("graph")
def graph_stage(config: Config) -> Figures:
    """Build the synthetic graph by ``COPY FROM`` (the fastest path) into ``work/graph.lbug``."""
    from bench.bulk import copy_into_new_store, derive_properties, write_csv_tables
    from bench.graph import synthetic_graph

    began = time.perf_counter()
    rows = synthetic_graph(config["graph_relationships"], config["seed"])
    generate = time.perf_counter() - began
    counts = rows.counts()
    began = time.perf_counter()
    folder = work_dir(config) / "csv-graph"
    tables = write_csv_tables(rows, folder)
    csv_seconds = time.perf_counter() - began
    del rows
    db = fresh_path(work_dir(config) / "graph.lbug")
    copied = copy_into_new_store(tables, db)
    shutil.rmtree(folder)
    rollup_seconds = derive_properties(db)
    return {"nodes": copied.nodes, "relationships": copied.relationships, "counts": counts,
            "generate_seconds": round(generate, 2), "csv_seconds": round(csv_seconds, 2),
            "copy_seconds": round(copied.seconds, 2), "rollup_seconds": round(rollup_seconds, 2)}  # fmt: skip


def time_against_scan(store: Any, name: str, params: dict[str, Any], config: Config, scan_cypher: str) -> Figures:
    """Time one canned query again and again, each timed run after a raw relationship scan on the same store.

    A warm-up run of each comes first (caches, plans); then up to ``runs`` timed
    runs, at least ``min_runs``, and no more once ``budget_s`` has passed.
    """
    from policykg.errors import PolicyKGError
    from policykg.graph.queries import run_cypher, run_query

    def timed(run: Callable[[], list]) -> tuple[float, int]:
        began = time.perf_counter()
        rows = run()
        return time.perf_counter() - began, len(rows)

    def scan() -> list:
        return run_cypher(store, scan_cypher)

    def query() -> list:
        return run_query(store, name, params)

    query_times: list[float] = []
    scan_times: list[float] = []
    step = "first run"
    try:
        first, rows = timed(query)  # warm-up: caches, plan
        step = "scan after the first run"
        timed(scan)
        deadline = time.perf_counter() + config["budget_s"]
        while len(query_times) < config["runs"] and (
            len(query_times) < config["min_runs"] or time.perf_counter() < deadline
        ):
            step = f"scan before timed run {len(query_times) + 1}"
            scan_times.append(timed(scan)[0])
            step = f"timed run {len(query_times) + 1}"
            query_times.append(timed(query)[0])
    except PolicyKGError as err:
        # The engine may fail a later statement of the connection once a query has filled its buffer pool.
        return {"error": str(err).splitlines()[0], "failed_at": step}
    p50, scan_p50 = percentile(query_times, 0.5), percentile(scan_times, 0.5)
    return {
        "rows": rows,
        "runs": len(query_times),
        "first_s": round(first, 4),
        "p50_s": round(p50, 4),
        "p95_s": round(percentile(query_times, 0.95), 4),
        "scan_p50_s": round(scan_p50, 4),
        "vs_scan": round(p50 / scan_p50, 2) if scan_p50 else None,
    }


@stage("query")
def query_stage(config: Config) -> Figures:
    """One canned query, timed again and again beside the raw relationship scan, on the synthetic graph."""
    from policykg.graph.engines import open_store

    with open_store(work_dir(config) / "graph.lbug", read_only=True) as store:
        return time_against_scan(store, config["query"], config["params"], config, SCAN_CYPHER)


def summarise_queries(results: dict[str, Figures]) -> Figures:
    """The figures of every canned query, the median scan, and the largest ratio to the scan."""
    ratios = {name: r["vs_scan"] for name, r in results.items() if r.get("vs_scan") is not None}
    scans = [r["scan_p50_s"] for r in results.values() if "scan_p50_s" in r]
    failed = {name: r.get("error", "failed") for name, r in results.items() if "p50_s" not in r}
    return {
        "queries": results,
        "scan_p50_s": round(percentile(scans, 0.5), 4) if scans else None,
        "vs_scan_max": max(ratios.values()) if ratios else None,
        "slowest": max(ratios, key=ratios.get) if ratios else None,
        "failed": failed,
    }


@stage("queries")
def queries_stage(config: Config) -> Figures:
    """Every canned query, each in a process of its own with a time limit."""
    from policykg.graph.queries import list_queries

    params = query_params()
    results: dict[str, Figures] = {}
    for canned in list_queries():
        child = {**config, "query": canned.name, "params": params.get(canned.name, {})}
        results[canned.name] = run_stage("query", child, timeout=config["query_timeout_s"])
        if "error" in results[canned.name] and config.get("retry_buffer_pool_mb"):
            # Tell a query that needs more memory from one that cannot finish: once more with a larger pool.
            pool = str(config["retry_buffer_pool_mb"])
            retry = run_stage("query", {**child, "label": f"{canned.name}-{pool}mb"}, timeout=config["query_timeout_s"],
                              env={BUFFER_POOL_ENV: pool})  # fmt: skip
            results[canned.name]["retry"] = {"buffer_pool_mb": int(pool), **retry}
    return summarise_queries(results)


# ----- Neo4j --------------------------------------------------------------------------------------

NEO4J_SCAN_CYPHER = "MATCH ()-[r]->() RETURN count(r) AS n"
# Neo4j answers the scan above from its count store without reading a relationship; this one reads them all.
NEO4J_FULL_SCAN_CYPHER = "MATCH ()-[r]->() WHERE r.id IS NOT NULL RETURN count(r) AS n"
# Empties a benchmark database between timed loads, in batches (a server of 1 GB heap).
NEO4J_WIPE_CYPHER = "MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"


def export_csv(db: Path, folder: Path) -> float:
    """``policykg export --format csv`` of an embedded store into ``folder``; returns the seconds it took."""
    from policykg.graph.engines import open_store
    from policykg.graph.export import export_store

    if folder.exists():
        shutil.rmtree(folder)
    began = time.perf_counter()
    with open_store(db, read_only=True) as store:
        export_store(store, "csv", folder)
    return time.perf_counter() - began


def neo4j_server(config: Config, name: str) -> Any:
    from bench.neo4j_server import LocalNeo4j

    folder = work_dir(config) / f"neo4j-{name}"
    if folder.exists():
        LocalNeo4j(folder).stop()
        shutil.rmtree(folder)
    return LocalNeo4j(folder, heap=config["neo4j_heap"], pagecache=config["neo4j_pagecache"],
                      tx_timeout=f"{config['query_timeout_s']}s")  # fmt: skip


@stage("neo4j-load")
def neo4j_load_stage(config: Config) -> Figures:
    """The load path into Neo4j beside ``neo4j-admin database import full`` of the CSV export of the same graph.

    The embedded store of the ``load`` stage is exported as ``policykg export
    --format csv`` writes it, and the command the export writes beside its files
    imports them (``IMPORT_RUNS`` times, the median run reported) into the
    database of a throw-away server. The server then starts on it; its counts
    are compared with the embedded store's. Then ``load_records`` of the same
    records into that server's database, emptied before each of
    ``IMPORT_RUNS`` runs (constraints and the full-text index made outside the
    timing), the median run reported.
    """
    from bench.neo4j_server import classpath, missing_tools
    from policykg.graph.engines import open_store
    from policykg.graph.neo4j_store import Neo4jStore

    if note := missing_tools():
        return {"skipped": note}
    records = read_records(work_dir(config) / "records.jsonl")
    with open_store(work_dir(config) / "load.lbug", read_only=True) as store:
        embedded_stats = store.stats()
    folder = work_dir(config) / "csv-neo4j-corpus"
    csv_seconds = export_csv(work_dir(config) / "load.lbug", folder)
    java_classpath = classpath()
    server = neo4j_server(config, "corpus")
    imports = [server.import_csv(folder, java_classpath) for _ in range(IMPORT_RUNS)]
    imported = sorted(imports, key=lambda run: run.seconds or run.wall_seconds)[len(imports) // 2]
    figures: Figures = {
        "export_csv_seconds": round(csv_seconds, 2),
        "import_seconds": imported.seconds,
        "import_wall_seconds": imported.wall_seconds,
        "import_runs_seconds": [run.seconds for run in imports],
        "import_nodes": imported.nodes,
        "import_relationships": imported.relationships,
        "import_relationships_per_s": per_second(imported.relationships or 0, imported.seconds or 0),
        "import_relationships_per_s_wall": per_second(imported.relationships or 0, imported.wall_seconds),
        "heap": server.heap,
        "pagecache": server.pagecache,
    }
    began = time.perf_counter()
    settings = server.start()
    figures["server_start_seconds"] = round(time.perf_counter() - began, 1)
    try:
        with Neo4jStore(settings) as store:
            figures["import_matches_embedded"] = store.stats() == embedded_stats
            runs = []
            for _ in range(IMPORT_RUNS):
                store.run(NEO4J_WIPE_CYPHER, write=True)  # also creates the schema, outside the timing
                began = time.perf_counter()
                report = store.load_records(records)
                runs.append(time.perf_counter() - began)
            stats = store.stats()
            figures["load_matches_embedded"] = stats == embedded_stats
            figures["check_consistent"] = store.check().consistent
        figures["server_memory_mb"] = server.memory_mb()
    finally:
        server.stop()
    seconds = sorted(runs)[len(runs) // 2]
    relationships = sum(report.relationships.values())
    return {
        **figures,
        "documents": len(report.loaded),
        "relationships": relationships,
        "load_seconds": round(seconds, 2),
        "load_runs_seconds": [round(run, 2) for run in runs],
        "load_relationships_per_s": per_second(relationships, seconds),
    }


@stage("neo4j-query")
def neo4j_query_stage(config: Config) -> Figures:
    """One canned query on the Neo4j server of ``NEO4J_URI``, timed beside the raw relationship scan there."""
    from policykg.graph.neo4j_store import Neo4jStore

    with Neo4jStore.from_env(os.environ, read_only=True) as store:
        return time_against_scan(store, config["query"], config["params"], config, NEO4J_SCAN_CYPHER)


@stage("neo4j-queries")
def neo4j_queries_stage(config: Config) -> Figures:
    """The synthetic graph in Neo4j by ``neo4j-admin`` import of its CSV export, then every canned query on it.

    The graph stage's embedded store is exported as ``policykg export --format
    csv`` writes it (derived properties included), imported by the command the
    export writes, and served by a throw-away server; its constraints and
    full-text index are made (timed apart). Each query runs in a process of its
    own with a time limit, as on the embedded store; the server also stops a
    transaction that runs longer.
    """
    from bench.neo4j_server import classpath, missing_tools, settings_env
    from policykg.graph.engines import open_store
    from policykg.graph.neo4j_store import Neo4jStore
    from policykg.graph.queries import list_queries

    if note := missing_tools():
        return {"skipped": note}
    with open_store(work_dir(config) / "graph.lbug", read_only=True) as store:
        embedded_stats = store.stats()
    folder = work_dir(config) / "csv-neo4j-graph"
    csv_seconds = export_csv(work_dir(config) / "graph.lbug", folder)
    server = neo4j_server(config, "graph")
    imported = server.import_csv(folder, classpath())
    shutil.rmtree(folder)
    figures: Figures = {
        "export_csv_seconds": round(csv_seconds, 2),
        "import_seconds": imported.seconds,
        "import_wall_seconds": imported.wall_seconds,
        "nodes": imported.nodes,
        "relationships": imported.relationships,
        "heap": server.heap,
        "pagecache": server.pagecache,
    }
    params = query_params()
    results: dict[str, Figures] = {}
    began = time.perf_counter()
    settings = server.start()
    figures["server_start_seconds"] = round(time.perf_counter() - began, 1)
    try:
        with Neo4jStore(settings) as store:
            began = time.perf_counter()
            store.run("RETURN 1 AS one", write=True)  # a write: makes the constraints and the full-text index
            figures["schema_seconds"] = round(time.perf_counter() - began, 1)
            figures["import_matches_embedded"] = store.stats() == embedded_stats
            full_scans = []
            for _ in range(4):  # the first warms the page cache
                began = time.perf_counter()
                store.run(NEO4J_FULL_SCAN_CYPHER)
                full_scans.append(time.perf_counter() - began)
            figures["full_scan_p50_s"] = round(percentile(full_scans[1:], 0.5), 4)
        for canned in list_queries():
            child = {**config, "query": canned.name, "params": params.get(canned.name, {}),
                     "label": f"neo4j-query-{canned.name}"}  # fmt: skip
            results[canned.name] = run_stage("neo4j-query", child, timeout=config["query_timeout_s"],
                                             env=settings_env(settings))  # fmt: skip
        figures["server_memory_mb"] = server.memory_mb()
    finally:
        server.stop()
    return {**figures, **summarise_queries(results)}


# ----- visualisation ------------------------------------------------------------------------------


def load_browser_driver() -> Any:
    """The headless Chromium driver of the browser tests (``tests/test_browser.py``), reused as is."""
    spec = importlib.util.spec_from_file_location("policykg_browser_tests", ROOT / "tests" / "test_browser.py")
    if spec is None or spec.loader is None:
        raise RuntimeError("tests/test_browser.py is missing")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


# Page loads timed per view; the median is reported (the first also warms the file cache).
VIEW_RUNS = 3
# How often the page is asked whether it has drawn, s: small beside the figure it measures.
VIEW_POLL_S = 0.01

# A node to click: the first on screen whose middle no other node covers, in the page's coordinates.
CLICK_TARGET = """(function () {
    var g = window.policykgGraph, rect = g.network.canvas.frame.canvas.getBoundingClientRect();
    for (var i = 0; i < g.data.nodes.length; i++) {
        var node = g.data.nodes[i], dom = g.network.canvasToDOM(g.network.getPosition(node.id));
        var shown = dom.x > 0 && dom.y > 0 && dom.x < rect.width && dom.y < rect.height;
        if (shown && g.network.getNodeAt(dom) === node.id) {
            return {id: node.id, name: node.name, x: rect.left + dom.x, y: rect.top + dom.y};
        }
    }
    return null;
})()"""
VIEW_WAIT_S = 300  # bounds a hang; it measures nothing


def _wait_for(browser: Any, expression: str, began: float) -> float:
    """Ask the page every :data:`VIEW_POLL_S` until ``expression`` holds; the seconds since ``began``."""
    while not browser.evaluate(expression):
        if time.perf_counter() - began > VIEW_WAIT_S:
            raise TimeoutError(f"{expression} still false after {VIEW_WAIT_S} s")
        time.sleep(VIEW_POLL_S)
    return time.perf_counter() - began


def time_view(browser: Any, path: Path) -> Figures:
    """Open a view in headless Chromium (network off) and time it: until drawn, and until a click is answered.

    Drawn: the page has drawn its network once, at the positions it was written with
    (``graph.js`` marks ``data-drawn``). Interactive: a click on a node, sent as soon as the
    page is drawn, has put the node's details in the side panel (which needs the page's
    main thread free). Both from the navigation's start, by the wall clock of this process
    (which asks the page every 10 ms); ``page_drawn_s`` is the page's own clock.
    """
    browser._events.clear()
    for domain in ("Network", "Page", "Runtime"):
        browser.send(f"{domain}.enable")
    browser.send("Network.emulateNetworkConditions", offline=True, latency=0, downloadThroughput=-1,
                 uploadThroughput=-1)  # fmt: skip
    began = time.perf_counter()
    browser.send("Page.navigate", url=path.resolve().as_uri())
    drawn = _wait_for(browser, "!!(document.body && document.body.getAttribute('data-drawn') === 'true')", began)
    target = browser.evaluate(CLICK_TARGET)
    if target is None:
        raise RuntimeError(f"{path}: no node to click")
    browser.click(target["x"], target["y"])
    heading = "document.querySelector('#panel h3')"
    interactive = _wait_for(browser, f"!!{heading} && {heading}.textContent === {json.dumps(target['name'])}", began)
    page = browser.evaluate(
        "(function () { var g = window.policykgGraph, t = performance.now(); g.network.redraw();"
        " return {drawnAt: g.drawnAt, redraw: performance.now() - t, nodes: g.network.body.data.nodes.length,"
        " physics: g.network.physics.physicsEnabled}; })()"
    )
    return {"drawn_s": drawn, "interactive_s": interactive, "page_drawn_s": page["drawnAt"] / 1000,
            "redraw_ms": page["redraw"], "nodes_drawn": page["nodes"], "physics": page["physics"]}  # fmt: skip


@stage("viz")
def viz_stage(config: Config) -> Figures:
    """The whole-graph view of the loaded corpus (``view_nodes`` nodes at most) as ``policykg viz`` writes it,
    and the time until it is interactive in headless Chromium."""
    from policykg.graph.engines import open_store
    from policykg.web.viz import build_view

    with open_store(work_dir(config) / "load.lbug", read_only=True) as store:
        began = time.perf_counter()
        view = build_view(store, max_nodes=config["view_nodes"])
        build = time.perf_counter() - began
    path = view.write(work_dir(config) / "view.html")
    figures: Figures = {"nodes": view.summary.nodes, "edges": view.summary.edges, "html_bytes": path.stat().st_size,
                        "build_s": round(build, 2)}  # fmt: skip
    try:
        driver = load_browser_driver()
    except ImportError as err:
        return {**figures, "skipped": f"the browser driver needs {err.name} (pip install -e '.[dev]')"}
    executable = driver.find_chromium()
    if executable is None:
        return {
            **figures,
            "skipped": "Chromium is not installed (scripts/install-browser.sh, or set POLICYKG_CHROMIUM)",
        }
    browser = driver.HeadlessChromium(executable).start()
    try:
        runs = [time_view(browser, path) for _ in range(VIEW_RUNS)]
        figures["browser_memory_mb"] = process_group_memory_mb(browser._process.pid)  # its own session: group id = pid
    finally:
        browser.close()
    median = sorted(runs, key=lambda run: run["interactive_s"])[len(runs) // 2]
    figures.update(
        runs=len(runs),
        drawn_s=round(median["drawn_s"], 2),
        page_drawn_s=round(median["page_drawn_s"], 2),
        interactive_s=round(median["interactive_s"], 2),
        interactive_all_s=[round(run["interactive_s"], 2) for run in runs],
        redraw_ms=round(median["redraw_ms"], 1),
        nodes_drawn=median["nodes_drawn"],
        physics=median["physics"],
    )
    return figures


# ----- running a stage in a child process ---------------------------------------------------------


def run_stage(name: str, config: Config, *, timeout: float, env: dict[str, str] | None = None) -> Figures:
    """Run a stage in a child process and return its figures (or ``error``).

    The child's output goes to ``work/logs/NAME.log``; a failure returns the
    last line of it. ``env`` adds environment variables for the child.
    """
    work = work_dir(config)
    logs = work / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    label = config.get("label") or (name if name != "query" else f"query-{config['query']}")
    config_path, result_path, log_path = (
        logs / f"{label}.config.json",
        logs / f"{label}.result.json",
        logs / f"{label}.log",
    )
    config_path.write_text(json.dumps(config, ensure_ascii=False), encoding="utf-8")
    result_path.unlink(missing_ok=True)
    began = time.perf_counter()
    with log_path.open("wb") as log:
        try:
            finished = subprocess.run([sys.executable, "-m", "bench.stages", name, str(config_path), str(result_path)],
                                      cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, timeout=timeout,
                                      env={**os.environ, **(env or {})})  # fmt: skip
        except subprocess.TimeoutExpired:
            return {"error": f"stopped after {timeout:.0f} s", "wall_s": round(time.perf_counter() - began, 1)}
    wall = round(time.perf_counter() - began, 1)
    if finished.returncode != 0 or not result_path.exists():
        lines = [line for line in log_path.read_text(encoding="utf-8", errors="replace").splitlines() if line.strip()]
        return {"error": lines[-1] if lines else f"exit status {finished.returncode}", "wall_s": wall}
    return {**json.loads(result_path.read_text(encoding="utf-8")), "wall_s": wall}


def main(argv: list[str]) -> int:
    """Child entry point: ``python -m bench.stages STAGE CONFIG.json RESULT.json``."""
    name, config_path, result_path = argv
    config = json.loads(Path(config_path).read_text(encoding="utf-8"))
    figures = STAGES[name](config)
    own, children = peak_memory_mb()
    figures.update(peak_rss_mb=own, children_peak_rss_mb=children)
    Path(result_path).write_text(json.dumps(figures, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
