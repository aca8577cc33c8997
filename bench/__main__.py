"""``python -m bench [--quick] [--json OUT.json]``: benchmarks of extraction, loading, queries and views.

Every stage runs in a child process of its own (``bench/stages.py``), one after
another, so that each stage's peak memory is its own and no stage slows
another. Figures are printed, never asserted. The run writes a JSON file of
every figure (with the top-level ratios ``extract_vs_segment``,
``load_vs_bulk``, ``query_vs_scan_max``, ``neo4j_load_vs_import`` and
``neo4j_query_vs_scan_max``) and the Markdown table of the
README's Performance section: ``bench/RESULTS.md`` for a full run,
``bench/out/RESULTS-quick.md`` for ``--quick`` (``RESULTS-partial.md`` for ``--only``).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.neo4j_server import stop_servers_under
from bench.report import goal_met, goals_met, headline, machine_info, markdown_report
from bench.stages import run_stage
from policykg.graph.embedded import BUFFER_POOL_ENV

BENCH_DIR = Path(__file__).resolve().parent
OUT_DIR = BENCH_DIR / "out"

FULL: dict[str, Any] = {
    "documents": 2000,  # about 10 MB of text
    "graph_relationships": 1_000_000,
    "view_nodes": 2000,
    "runs": 20,  # timed runs per query at most …
    "min_runs": 3,  # … at least …
    "budget_s": 20,  # … and no more once this long has passed
    "query_timeout_s": 600,
    "retry_buffer_pool_mb": 4096,  # a query that fails with the default pool runs once more with this one
    "stage_timeout_s": 3600,
    "profile_documents": 200,
    "scaling_chars": [10_000, 100_000, 1_000_000],
    "neo4j_heap": "2g",  # the Neo4j stages' throw-away servers
    "neo4j_pagecache": "1g",
}
QUICK: dict[str, Any] = {
    "documents": 40,
    "graph_relationships": 50_000,
    "view_nodes": 300,
    "runs": 5,
    "min_runs": 3,
    "budget_s": 2,
    "query_timeout_s": 60,
    "retry_buffer_pool_mb": 2048,
    "stage_timeout_s": 300,
    "profile_documents": 20,
    "scaling_chars": [10_000, 100_000],
    "neo4j_heap": "1g",
    "neo4j_pagecache": "512m",
}

# Stage, and the stages whose output it reads.
ORDER: list[tuple[str, tuple[str, ...]]] = [
    ("corpus", ()),
    ("segment", ("corpus",)),
    ("extract-1", ("corpus",)),
    ("extract-2", ("corpus",)),
    ("load", ("extract-1",)),
    ("bulk", ("extract-1",)),
    ("neo4j-load", ("load",)),
    ("graph", ()),
    ("queries", ("graph",)),
    ("neo4j-queries", ("graph",)),
    ("viz", ("load",)),
    ("scaling", ("corpus",)),
    ("real", ()),
]
# Real documents to audit when --real-docs is not given: the collection beside the checkout, if any.
REAL_DOCS = BENCH_DIR.parent.parent / "shared" / "real" / "docs"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a small version of every stage (under two minutes)")
    parser.add_argument(
        "--json", type=Path, help="where to write every figure (default bench/out/results[-quick].json)"
    )
    parser.add_argument("--markdown", type=Path,
                        help="where to write the table (default bench/RESULTS.md; bench/out/RESULTS-quick.md or RESULTS-partial.md for --quick or --only)")  # fmt: skip
    parser.add_argument("--documents", type=int, help="documents in the synthetic corpus")
    parser.add_argument("--relationships", type=int, help="relationships in the synthetic query graph")
    parser.add_argument("--seed", type=int, default=7, help="seed of the corpus and the graph")
    parser.add_argument(
        "--real-docs",
        type=Path,
        default=REAL_DOCS if REAL_DOCS.is_dir() else None,
        help="a folder of real documents to extract and audit (default: ../shared/real/docs when present)",
    )
    parser.add_argument("--only", nargs="+", choices=[name for name, _ in ORDER],
                        help="run only these stages (and what they read)")  # fmt: skip
    parser.add_argument("--keep", action="store_true",
                        help="keep the scratch folder (corpus, stores, logs) and print where it is")  # fmt: skip
    return parser.parse_args(argv)


def selected_stages(only: list[str] | None) -> list[str]:
    """The stages to run: all, or those named with every stage they read from.

    Example:
        >>> selected_stages(["load"])
        ['corpus', 'extract-1', 'load']
    """
    if not only:
        return [name for name, _ in ORDER]
    needs = dict(ORDER)
    wanted: set[str] = set()
    pending = list(only)
    while pending:
        name = pending.pop()
        if name not in wanted:
            wanted.add(name)
            pending.extend(needs[name])
    return [name for name, _ in ORDER if name in wanted]


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run(args: argparse.Namespace) -> dict[str, Any]:
    config = dict(QUICK if args.quick else FULL)
    if args.documents:
        config["documents"] = args.documents
    if args.relationships:
        config["graph_relationships"] = args.relationships
    config["seed"] = args.seed
    config["real_docs"] = str(args.real_docs) if args.real_docs else None
    work = Path(tempfile.mkdtemp(prefix="policykg-bench-"))
    config["work"] = str(work)
    started = datetime.now(UTC)
    machine = machine_info()
    began = time.perf_counter()
    stages: dict[str, dict[str, Any]] = {}
    ratios: dict[str, float | None] = {}
    needs = dict(ORDER)
    try:
        for name in selected_stages(args.only):
            missing = [need for need in needs[name] if "error" in stages.get(need, {"error": ""})]
            if missing:
                stages[name] = {"error": f"skipped: {', '.join(missing)} did not finish"}
                say(f"{name:>10}  skipped ({', '.join(missing)} did not finish)")
                continue
            say(f"{name:>10}  …")
            # Exporting the 1M-relationship graph for Neo4j reads it whole: the larger pool the
            # query stage retries with, rather than the default 512 MB.
            env = {BUFFER_POOL_ENV: str(config["retry_buffer_pool_mb"])} if name == "neo4j-queries" else None
            stages[name] = run_stage(name, config, timeout=config["stage_timeout_s"], env=env)
            outcome = stages[name].get("error") or f"{stages[name].get('wall_s', 0):.1f} s"
            say(f"{name:>10}  {outcome}")
        ratios = headline(stages)
        if goal_met("extract_vs_segment", ratios["extract_vs_segment"]) is False:
            say("   profile  … (extraction is slower than bare segmentation)")
            stages["profile-extract"] = run_stage("profile-extract", config, timeout=config["stage_timeout_s"])
        if goal_met("load_vs_bulk", ratios["load_vs_bulk"]) is False:
            say("   profile  … (the load path is slower than half the bulk import)")
            stages["profile-load"] = run_stage("profile-load", config, timeout=config["stage_timeout_s"])
    finally:
        for folder in stop_servers_under(work):  # a Neo4j stage stopped by its time limit leaves its server
            say(f"stopped the Neo4j server left in {folder}")
        if args.keep:
            say(f"scratch folder kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    config.pop("work")
    return {
        **ratios,
        "goals_met": goals_met(ratios, stages),
        "ratios": ratios,
        "quick": args.quick,
        "started": started.isoformat(timespec="seconds"),
        "seconds": round(time.perf_counter() - began, 1),
        "machine": machine,
        "config": config,
        "stages": stages,
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    results = run(args)
    # Only a full run of every stage replaces the committed table; a quick or partial run writes beside it.
    partial = "-quick" if args.quick else "-partial" if args.only else ""
    json_path = args.json or OUT_DIR / f"results{partial}.json"
    markdown_path = args.markdown or (OUT_DIR / f"RESULTS{partial}.md" if partial else BENCH_DIR / "RESULTS.md")
    for path in (json_path, markdown_path):
        path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    markdown = markdown_report(results)
    markdown_path.write_text(markdown, encoding="utf-8")
    print(markdown)
    say(f"wrote {json_path} and {markdown_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
