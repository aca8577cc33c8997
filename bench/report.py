"""The machine a run used, the headline ratios, and the Markdown table of a benchmark run."""

from __future__ import annotations

import os
import platform
from importlib import metadata
from pathlib import Path
from typing import Any

from bench.stages import IMPORT_RUNS
from policykg.graph.embedded import BUFFER_POOL_ENV, DEFAULT_BUFFER_POOL_MB

GOALS: dict[str, tuple[str, float]] = {
    # ratio: (direction, bound)
    "extract_vs_segment": (">=", 1.0),
    "load_vs_bulk": (">=", 0.5),
    "query_vs_scan_max": ("<=", 5.0),
    "extract_scaling": ("<=", 1.5),
    "neo4j_load_vs_import": (">=", 0.3),
    "neo4j_query_vs_scan_max": ("<=", 5.0),
}


# The time until a 2,000-node view is interactive in headless Chromium, s.
VIEW_GOAL_S = 3.0
# The page policykg viz wrote before its view was the workbench's: physics that had to settle. Its last
# full benchmark run (bench/RESULTS.md, the same corpus and seed); the code that drew it is gone.
PHYSICS_VIEW_REFERENCE: dict[str, Any] = {"seconds": 18.2, "nodes": 2000, "edges": 56847, "date": "2026-12-06"}


def view_goal(seconds: float | None) -> str:
    """Whether a view met the time-to-interactive goal.

    Example:
        >>> view_goal(2.1), view_goal(3.5), view_goal(None)
        ('met', '**missed**', 'not measured')
    """
    if seconds is None:
        return "not measured"
    return "met" if seconds <= VIEW_GOAL_S else "**missed**"


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_gb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return None


def machine_info() -> dict[str, Any]:
    """CPU model, cores, memory, Python and engine versions, and how busy the machine was at the start."""
    try:
        ladybug_version = metadata.version("ladybug")
    except metadata.PackageNotFoundError:
        ladybug_version = None
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "memory_gb": _memory_gb(),
        "python": platform.python_version(),
        "ladybug": ladybug_version,
        "system": f"{platform.system()} {platform.release()}",
        "load_average": [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None,
        "buffer_pool_mb": int(os.environ.get(BUFFER_POOL_ENV) or DEFAULT_BUFFER_POOL_MB),
    }


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    """``numerator / denominator`` to three places, or None when either is missing or zero.

    Example:
        >>> ratio(3, 4), ratio(None, 4), ratio(1, 0)
        (0.75, None, None)
    """
    if not numerator or not denominator:
        return None
    return round(numerator / denominator, 3)


def goal_met(name: str, value: float | None) -> bool | None:
    """Whether a headline ratio meets its goal (None when it was not measured).

    Example:
        >>> goal_met("load_vs_bulk", 0.6), goal_met("query_vs_scan_max", 7.5), goal_met("extract_vs_segment", None)
        (True, False, None)
    """
    if value is None:
        return None
    direction, bound = GOALS[name]
    return value >= bound if direction == ">=" else value <= bound


def headline(stages: dict[str, dict[str, Any]]) -> dict[str, float | None]:
    """The top-level ratios from the stages' figures."""
    segment = stages.get("segment", {}).get("chars_per_s")
    two = stages.get("extract-2", {}).get("chars_per_s")
    load = stages.get("load", {}).get("relationships_per_s")
    bulk = stages.get("bulk", {}).get("relationships_per_s")
    return {
        "extract_vs_segment": ratio(two, segment),
        "load_vs_bulk": ratio(load, bulk),
        "query_vs_scan_max": stages.get("queries", {}).get("vs_scan_max"),
        "extract_scaling": stages.get("scaling", {}).get("smallest_vs_largest"),
        "neo4j_load_vs_import": ratio(
            stages.get("neo4j-load", {}).get("load_relationships_per_s"),
            stages.get("neo4j-load", {}).get("import_relationships_per_s"),
        ),
        "neo4j_query_vs_scan_max": stages.get("neo4j-queries", {}).get("vs_scan_max"),
    }


def goals_met(ratios: dict[str, float | None], stages: dict[str, dict[str, Any]]) -> dict[str, bool | None]:
    """Each ratio against its goal; a canned query that failed or was stopped misses its engine's query goal."""
    met = {name: goal_met(name, value) for name, value in ratios.items()}
    for stage, name in (("queries", "query_vs_scan_max"), ("neo4j-queries", "neo4j_query_vs_scan_max")):
        if stages.get(stage, {}).get("failed"):
            met[name] = False
    return met


def _number(value: Any, digits: int = 0) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return f"{value:,.{digits}f}"
    return str(value)


def _mb(figures: dict[str, Any]) -> str:
    own, children = figures.get("peak_rss_mb"), figures.get("children_peak_rss_mb")
    if own is None:
        return "–"
    return f"{own:,.0f}" + (f" (workers {children:,.0f})" if children and children > 1 else "")


def _neo4j_mb(figures: dict[str, Any]) -> str:
    """The stage's own peak memory, its largest child's (the admin tool's JVM) and the server's at the end."""
    own, children = figures.get("peak_rss_mb"), figures.get("children_peak_rss_mb")
    return f"{_number(own)} (admin tool {_number(children)}, server {_number(figures.get('server_memory_mb'))})"


def _goal(name: str, value: float | None, met: bool | None, note: str = "") -> str:
    direction, bound = GOALS[name]
    verdict = "not measured" if met is None else ("met" if met else "**missed**")
    return f"| `{name}` | {_number(value, 2)} | {direction} {bound} | {verdict}{note} |"


def _ms(seconds: float | None) -> str:
    return _number(seconds * 1000 if seconds is not None else None, 1)


def query_table(queries: dict[str, Any], memory: bool = True) -> list[str]:
    """The lines of a table of canned queries: rows, runs, p50, p95, ratio to the scan, or the failure.

    ``memory`` adds the peak memory of each query's process (the embedded
    engine runs in it; on a server it is only the client).
    """
    lines = [
        "| query | rows | runs | p50 ms | p95 ms | p50 ÷ scan |" + (" peak memory MB |" if memory else ""),
        "|---|---:|---:|---:|---:|---:|" + ("---:|" if memory else ""),
    ]
    for name, figures in (queries.get("queries") or {}).items():
        if "p50_s" in figures:
            lines.append(
                f"| {name} | {_number(figures['rows'])} | {figures['runs']} | {_ms(figures['p50_s'])} | "
                f"{_ms(figures['p95_s'])} | {_number(figures['vs_scan'], 1)} |"
                + (f" {_mb(figures)} |" if memory else "")
            )
        else:
            failure = f"failed: {figures.get('error', '?')}"
            retry = figures.get("retry")
            if retry and "p50_s" in retry:
                failure += (f"; with a {_number(retry['buffer_pool_mb'])} MB pool: p50 {_ms(retry['p50_s'])} ms, "
                            f"{_number(retry['vs_scan'], 1)} × scan, {_number(retry['rows'])} rows")  # fmt: skip
            elif retry:
                failure += f"; with a {_number(retry['buffer_pool_mb'])} MB pool too"
            lines.append(f"| {name} | – | – | – | – | {failure} |" + (" |" if memory else ""))
    return lines


def markdown_report(results: dict[str, Any]) -> str:
    """The Performance section: machine, headline ratios, one table per stage, and the hot spots."""
    stages: dict[str, dict[str, Any]] = results["stages"]
    machine = results["machine"]
    config = results["config"]
    ratios = results["ratios"]
    corpus = stages.get("corpus", {})
    notes = {}
    for stage, name in (("queries", "query_vs_scan_max"), ("neo4j-queries", "neo4j_query_vs_scan_max")):
        failed = stages.get(stage, {}).get("failed") or {}
        if failed:
            notes[name] = f" ({len(failed)} of the queries failed: {', '.join(failed)})"
    for stage in ("neo4j-load", "neo4j-queries"):
        skipped = stages.get(stage, {}).get("skipped")
        if skipped:
            notes[{"neo4j-load": "neo4j_load_vs_import", "neo4j-queries": "neo4j_query_vs_scan_max"}[stage]] = (
                f" ({skipped})"
            )
    lines = [
        "## Performance",
        "",
        f"`python -m bench{' --quick' if results['quick'] else ''}` on {results['started'][:10]}: "
        f"{machine['cpu']}, {machine['cores']} cores, {_number(machine['memory_gb'], 1)} GB memory, "
        f"Python {machine['python']}, LadybugDB {machine['ladybug']}, {machine['system']}; "
        f"load average {', '.join(map(str, machine['load_average'] or []))} at the start (the machine is shared, "
        f"so figures vary from run to run). Whole run {_number(results['seconds'])} s.",
        "",
        f"Corpus: {_number(corpus.get('documents'))} synthetic documents (`bench/corpus.py`, seed {config['seed']}), "
        f"{_number((corpus.get('bytes') or 0) / 1e6, 1)} MB, {_number(corpus.get('chars'))} characters. "
        f"Query graph: {_number(stages.get('graph', {}).get('relationships'))} relationships (`bench/graph.py`).",
        "",
        "| ratio | value | goal | |",
        "|---|---:|---|---|",
        *(_goal(name, ratios.get(name), results["goals_met"].get(name), notes.get(name, "")) for name in GOALS),
        "",
        "| stage | figure | value | peak memory MB |",
        "|---|---|---:|---:|",
    ]

    def row(stage: str, figure: str, value: Any, digits: int = 0, memory: bool = False) -> None:
        lines.append(
            f"| {stage} | {figure} | {_number(value, digits)} | {_mb(stages.get(stage, {})) if memory else ''} |"
        )

    segment, one, two = stages.get("segment", {}), stages.get("extract-1", {}), stages.get("extract-2", {})
    row("segment", "bare spacy-pkuseg, chars/s (1 process, model loaded)", segment.get("chars_per_s"), memory=True)
    row("segment", "model load, s", segment.get("model_load_s"), 1)
    row("extract-1", "extractor, chars/s (1 process, warm)", one.get("chars_per_s"), memory=True)
    row("extract-2", "extractor, chars/s (2 workers, cold start)", two.get("chars_per_s"), memory=True)
    row("extract-2", "records identical to 1 worker", two.get("same_records_as_one_worker"))
    found = " / ".join(_number(one.get(key)) for key in ("facts", "entities", "targets"))
    row("extract-1", "facts / entities / targets", found)
    load, bulk = stages.get("load", {}), stages.get("bulk", {})
    row(
        "load",
        f"load path (`load_records`), relationships/s (median of {IMPORT_RUNS} runs)",
        load.get("relationships_per_s"),
        memory=True,
    )
    row("load", "relationships written", load.get("relationships"))
    row("load", "time in the engine (share)", load.get("engine_share"), 2)
    row("load", "re-load of the unchanged corpus, s", load.get("reload_seconds"), 2)
    row("load", "re-load changed nothing", load.get("reload_unchanged"))
    row(
        "bulk",
        f"`COPY FROM`, relationships/s (median of {IMPORT_RUNS} runs)",
        bulk.get("relationships_per_s"),
        memory=True,
    )
    row("bulk", "`COPY FROM` with writing the CSV files, relationships/s", bulk.get("relationships_per_s_with_csv"))
    row("bulk", "same counts as the load path", bulk.get("counts_match_load"))
    neo4j_load = stages.get("neo4j-load", {})
    if neo4j_load.get("skipped"):
        lines.append(f"| neo4j-load | Neo4j load path and `neo4j-admin` import | {neo4j_load['skipped']} | |")
    elif neo4j_load:
        memory = _neo4j_mb(neo4j_load)
        lines.append(f"| neo4j-load | Neo4j, load path (`load_records`), relationships/s (median of {IMPORT_RUNS} runs) | "
                     f"{_number(neo4j_load.get('load_relationships_per_s'))} | {memory} |")  # fmt: skip
        row("neo4j-load", f"Neo4j, `neo4j-admin database import full` of the CSV export, relationships/s (median of {IMPORT_RUNS} runs; "
            "the import's own time)", neo4j_load.get("import_relationships_per_s"))  # fmt: skip
        row(
            "neo4j-load",
            "the same with the admin tool's start (whole command), relationships/s",
            neo4j_load.get("import_relationships_per_s_wall"),
        )
        row(
            "neo4j-load",
            "`policykg export --format csv` of the loaded corpus, s",
            neo4j_load.get("export_csv_seconds"),
            1,
        )
        both = (neo4j_load.get("import_matches_embedded"), neo4j_load.get("load_matches_embedded"))
        row(
            "neo4j-load",
            "same counts as the embedded store (import / load path)",
            " / ".join(_number(value) for value in both),
        )
        row("neo4j-load", "server heap / page cache", f"{neo4j_load.get('heap')} / {neo4j_load.get('pagecache')}")
    graph = stages.get("graph", {})
    parts = [graph[k] for k in ("generate_seconds", "csv_seconds", "copy_seconds") if k in graph]
    row(
        "graph",
        "synthetic graph by `COPY FROM`, s (generate + CSV + copy)",
        sum(parts) if parts else None,
        1,
        memory=True,
    )
    row("graph", "derived properties of the graph (`refresh_rollups`), s", graph.get("rollup_seconds"), 1)
    neo4j_graph = stages.get("neo4j-queries", {})
    if neo4j_graph.get("skipped"):
        lines.append(f"| neo4j-queries | the synthetic graph on Neo4j | {neo4j_graph['skipped']} | |")
    elif neo4j_graph:
        memory = _neo4j_mb(neo4j_graph)
        lines.append(
            f"| neo4j-queries | synthetic graph into Neo4j: CSV export, s | {_number(neo4j_graph.get('export_csv_seconds'), 1)} | {memory} |"
        )
        row("neo4j-queries", "`neo4j-admin database import full`, s (the import's own time / whole command)",
            f"{_number(neo4j_graph.get('import_seconds'), 1)} / {_number(neo4j_graph.get('import_wall_seconds'), 1)}")  # fmt: skip
        row(
            "neo4j-queries",
            "constraints and full-text index on the imported graph, s",
            neo4j_graph.get("schema_seconds"),
            1,
        )
        row("neo4j-queries", "same counts as the embedded graph", neo4j_graph.get("import_matches_embedded"))
        row(
            "neo4j-queries",
            "a scan reading every relationship (`WHERE r.id IS NOT NULL`), p50 ms",
            _ms(neo4j_graph.get("full_scan_p50_s")),
        )
    scaling = stages.get("scaling", {})
    for size, rate in (scaling.get("chars_per_s") or {}).items():
        row(
            "scaling",
            f"extractor on one text of {int(size):,} characters, chars/s",
            rate,
            memory=size == max(scaling["chars_per_s"], key=int),
        )
    real = stages.get("real", {})
    if real.get("skipped") or real.get("error"):
        lines.append(f"| real | audit of real documents | {real.get('skipped') or real.get('error')} | |")
    elif real:
        row("real", f"real documents extracted ({real.get('folder')}), chars/s", real.get("chars_per_s"), memory=True)
        row("real", "documents / failed", f"{_number(real.get('documents'))} / {_number(real.get('failed'))}")
        row("real", "audit: listed units recognised as bodies", real.get("units_recognised"), 3)
        row("real", "audit: listed units with a fact in their task", real.get("units_with_fact"), 3)
        row("real", "audit: sector-list items recognised as Industry", real.get("sector_items_recognised"), 3)
        row("real", "audit: entity names with a field label or cut bracket", real.get("dirty_names"))
    viz = stages.get("viz", {})
    row("viz", "whole-graph view of the loaded corpus (`policykg viz`): nodes / links drawn",
        f"{_number(viz.get('nodes'))} / {_number(viz.get('edges'))}")  # fmt: skip
    lines.append(f"| viz | view built (Python: store read, layout, page), s | {_number(viz.get('build_s'), 1)} | "
                 f"{_number(viz.get('peak_rss_mb'))} |")  # fmt: skip
    row("viz", "page, MB", viz["html_bytes"] / 1e6 if viz.get("html_bytes") else None, 1)
    if viz.get("skipped"):
        lines.append(f"| viz | headless Chromium | {viz['skipped']} | |")
    elif viz:
        runs = f"median of {_number(viz.get('runs'))}, network off"
        row("viz", f"headless Chromium, load to drawn at fixed positions, s ({runs})", viz.get("drawn_s"), 2)
        verdict = view_goal(viz.get("interactive_s"))
        lines.append(
            f"| viz | headless Chromium, load to interactive (drawn, and a click on a node answered), s ({runs}; "
            f"goal <= {VIEW_GOAL_S:g}: {verdict}) | {_number(viz.get('interactive_s'), 2)} | "
            f"Chromium {_number(viz.get('browser_memory_mb'))} |"
        )
        row("viz", "one redraw of the whole view (a pan, a zoom, a click), ms", viz.get("redraw_ms"), 0)
    reference = PHYSICS_VIEW_REFERENCE
    lines.append(
        f"| viz | before: the physics view (pyvis, forceAtlas2 until settled) of {_number(reference['nodes'])} nodes / "
        f"{_number(reference['edges'])} edges, load to settled layout, s (recorded {reference['date']}, "
        f"no longer built) | {_number(reference['seconds'], 1)} | |"
    )

    queries = stages.get("queries", {})
    lines += [
        "",
        f"Canned queries on the synthetic graph (raw scan `MATCH ()-[r]->() RETURN count(*)`: p50 "
        f"{_ms(queries.get('scan_p50_s'))} ms; "
        f"embedded store with a {_number(machine.get('buffer_pool_mb'))} MB buffer pool, `{BUFFER_POOL_ENV}`):",
        "",
        *query_table(queries),
    ]
    neo4j_graph = stages.get("neo4j-queries", {})
    if neo4j_graph.get("queries"):
        lines += [
            "",
            f"The same queries on Neo4j, the graph imported by `neo4j-admin` "
            f"({_number(neo4j_graph.get('relationships'))} relationships; heap {neo4j_graph.get('heap')}, page cache "
            f"{neo4j_graph.get('pagecache')}; raw `MATCH ()-[r]->() RETURN count(r)`: p50 {_ms(neo4j_graph.get('scan_p50_s'))} ms, "
            "which Neo4j answers from its count store, so it is the round trip of a query rather than a scan; "
            f"server memory {_number(neo4j_graph.get('server_memory_mb'))} MB at the end):",
            "",
            *query_table(neo4j_graph, memory=False),
        ]

    hot = stages.get("load", {}).get("slowest_statements") or []
    if hot and not goal_met("load_vs_bulk", ratios.get("load_vs_bulk")):
        lines += [
            "",
            "Where the load path spends its time (engine time per kind of statement, labels blanked as ·; "
            "share of the whole load, the rest being Python and transactions):",
            "",
        ]
        lines += ["| statement | calls | s | share |", "|---|---:|---:|---:|"]
        for item in hot:
            statement = item["statement"].replace("|", "\\|")
            share = _number(item["share"] * 100, 0)
            lines.append(f"| `{statement}` | {_number(item['calls'])} | {_number(item['seconds'], 1)} | {share}% |")
    for stage, title in (("profile-load", "the load path"), ("profile-extract", "the extractor")):
        profile = stages.get(stage, {}).get("top_functions") or []
        if not profile:
            continue
        lines += ["", f"Where {title} spends its time (cProfile, own time; the profiler slows Python code down):", ""]
        lines += ["| function | calls | own s | cumulative s |", "|---|---:|---:|---:|"]
        for item in profile:
            times = f"{_number(item['own_s'], 2)} | {_number(item['cumulative_s'], 2)}"
            lines.append(f"| `{item['function']}` | {_number(item['calls'])} | {times} |")
    errors = {name: figures["error"] for name, figures in stages.items() if "error" in figures}
    if errors:
        lines += ["", "Stages that failed: " + "; ".join(f"{name}: {error}" for name, error in errors.items())]
    return "\n".join(lines) + "\n"
