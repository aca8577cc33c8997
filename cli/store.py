"""``policykg build``, ``policykg stats`` and ``policykg doctor``: fill the graph store, count and verify what is in it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from policykg.errors import PolicyKGError

from ..graph.build import BuildReport, build_graph
from ..graph.engines import default_db_path, open_store
from ..graph.store import GraphStore
from .app import DbOption, Neo4jOption, QuietOption, app, check_store_options, fail, say, show_progress, stderr, stdout


@contextmanager
def _progress_bars(enabled: bool) -> Iterator[tuple]:
    """Two bars (extract, load) when a person watches; no-op callbacks otherwise."""
    if not enabled:
        yield None, None
        return
    columns = (TextColumn("{task.description:<8}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=stderr, transient=True) as progress:
        extract_task = progress.add_task("extract", total=None)
        load_task = progress.add_task("load", total=None, start=False)  # its clock starts with loading

        def extracted(done: int, total: int) -> None:
            progress.update(extract_task, completed=done, total=total)

        def loaded(done: int, total: int) -> None:
            progress.start_task(load_task)
            progress.update(load_task, completed=done, total=total)

        yield extracted, loaded


@contextmanager
def _store_to_build(db: Path | None, neo4j: bool, notes: list[str]) -> Iterator[GraphStore]:
    """The store a build writes: Neo4j itself, or a copy of the embedded file renamed into place when complete."""
    if neo4j:
        with open_store(db, neo4j=True) as store:
            yield store
        return
    from ..graph.embedded import EmbeddedStore
    from ..graph.recovery import staged_store

    with staged_store(db if db is not None else default_db_path(), notes) as staging, EmbeddedStore(staging) as store:
        yield store


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{key} {n}" for key, n in counts.items()) or "none"


def _names(docs: list[str], shown: int = 5) -> str:
    return ", ".join(docs[:shown]) + (f" and {len(docs) - shown} more" if len(docs) > shown else "")


def _print_summary(report: BuildReport, stats: dict[str, dict[str, int]]) -> None:
    load = report.load
    failed = len(report.failed_files) + len(load.failed)
    parts = [f"{len(load.loaded)} loaded", f"{len(load.replaced)} replaced", f"{len(load.unchanged)} unchanged"]
    if load.pruned:
        parts.append(f"{len(load.pruned)} pruned")
    parts.append(f"{failed} failed")
    say("documents: " + ", ".join(parts))
    say("nodes: " + _counts(stats["nodes"]))
    say("relationships: " + _counts(stats["relationships"]))
    if report.reloaded:
        say(
            f"reloaded {len(report.reloaded)} documents whose rows in the store did not match their records "
            f"(left by an interrupted write): {_names(report.reloaded)}"
        )
    if report.recounted:
        say(f"recomputed the derived properties of {report.recounted} nodes (they had been changed by hand)")
    check = report.check
    if not check.consistent:
        return  # said by _print_check_failure
    if check.ok:
        say("check: ok (store counts match the records; every relationship has its document and evidence)")
    else:
        say("check: consistent, with warnings: " + "; ".join(check.problems()))


def _print_check_failure(report: BuildReport, db: Path | None, neo4j: bool) -> None:
    check = report.check
    say(f"check: FAILED: {'; '.join(check.problems())}")
    if check.mismatched_documents:  # still after the build loaded them again: the file itself is damaged
        from ..graph.recovery import rebuild_advice

        where = "the Neo4j database" if neo4j else str(db if db is not None else default_db_path())
        advice = "clear it and build again" if neo4j else rebuild_advice(where)
        say(f"{where}: the store does not hold what its documents' records say; {advice}")


@app.command("build")
def build(
    paths: Annotated[list[Path], typer.Argument(help="Policy documents, or folders of them.")],
    db: DbOption = None,
    neo4j: Neo4jOption = False,
    prune: Annotated[
        bool, typer.Option("--prune", help="Remove documents whose files are no longer among PATHS.")
    ] = False,
    workers: Annotated[int, typer.Option("--workers", min=0, help="Extraction processes (0: one per core).")] = 1,
    quiet: QuietOption = False,
) -> None:
    """Extract the documents and load them into the graph store (unchanged documents are skipped)."""
    check_store_options(db, neo4j)
    missing = [path for path in paths if not path.exists()]
    for path in missing:
        say(f"{path}: no such file or folder")
    present = [path for path in paths if path.exists()]
    if not present:
        raise typer.Exit(1)
    notes: list[str] = []
    try:
        with _store_to_build(db, neo4j, notes) as store, _progress_bars(show_progress(quiet)) as (extracted, loaded):
            for note in notes:
                say(note)
            report = build_graph(present, store, prune=prune, workers=workers, on_extracted=extracted, on_loaded=loaded)
            stats = store.stats() if not quiet else {}
    except PolicyKGError as err:
        raise fail(str(err)) from err
    for path, problem in report.failed_files.items():
        say(f"{path}: {problem}")
    for doc, problem in report.load.errors.items():
        say(f"{doc}: {problem}")
    if not quiet:
        _print_summary(report, stats)
    if not report.check.consistent:
        _print_check_failure(report, db, neo4j)
    if missing or not report.ok:
        raise typer.Exit(1)


@app.command("stats")
def stats(
    db: DbOption = None,
    neo4j: Neo4jOption = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the counts as JSON.")] = False,
) -> None:
    """Count the nodes of every label and the relationships of every type in the graph store."""
    check_store_options(db, neo4j)
    try:
        with open_store(db, neo4j=neo4j, read_only=True) as store:
            counts = store.stats()
    except PolicyKGError as err:
        raise fail(str(err)) from err
    if as_json:
        stdout.print(json.dumps(counts, ensure_ascii=False, indent=2), markup=False, highlight=False)
        return
    table = Table("kind", "name", "count")
    for label, n in counts["nodes"].items():
        table.add_row("node", label, str(n))
    for rel_type, n in counts["relationships"].items():
        table.add_row("relationship", rel_type, str(n))
    stdout.print(table)


@app.command("doctor")
def doctor(db: DbOption = None, neo4j: Neo4jOption = False) -> None:
    """Read the whole graph store and check it against its documents' records; say how to recover if it is damaged."""
    from ..graph.recovery import diagnose, rebuild_advice

    check_store_options(db, neo4j)
    where = "the Neo4j database" if neo4j else str(db if db is not None else default_db_path())
    try:
        with open_store(db, neo4j=neo4j, read_only=True) as store:
            documents = store.stats()["nodes"].get("Document", 0)  # a store that does not open says so in one line
            problems, warnings = diagnose(store)
    except PolicyKGError as err:
        raise fail(str(err)) from err
    for warning in warnings:
        say(f"{where}: warning: {warning}")
    if not problems:
        stdout.print(f"{where}: ok: {documents} documents; every relationship and mention matches the records they "
                     "were loaded from", markup=False, highlight=False)  # fmt: skip
        return
    for problem in problems:
        say(f"{where}: {problem}")
    advice = "clear it and build again" if neo4j else rebuild_advice(where)
    say(f"{where}: the store is damaged; {advice}")
    raise typer.Exit(1)
