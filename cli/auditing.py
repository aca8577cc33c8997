"""``policykg audit``: what extraction left on the table, without gold records."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from policykg.errors import PolicyKGError

from .app import QuietOption, app, say, stdout
from .extraction import _progress, report_failures


@app.command("audit")
def audit_command(
    paths: Annotated[list[Path], typer.Argument(help="Documents or folders of documents.")],
    records: Annotated[
        Path | None,
        typer.Option(
            "--records",
            "-r",
            help="Records of those documents (JSON lines, as `policykg extract` writes); default: extract them now.",
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the totals, shares, top misses and per-document counts as JSON.")
    ] = False,
    misses: Annotated[
        int, typer.Option("--misses", min=0, help="How many of the most frequent misses of each kind to list.")
    ] = 15,
    workers: Annotated[int, typer.Option("--workers", "-w", help="Processes for extraction (0: one per core).")] = 1,
    quiet: QuietOption = False,
) -> None:
    """Gold-free report of what extraction missed: listed units not recognised as bodies or with
    no fact in their task, sector-list items not recognised as Industry, entity names carrying a
    field label or a cut bracket — per document and in total, most frequent misses first.

    Example: policykg audit data/corpus --records out/records.jsonl
    """
    from ..loaders.pipeline import expand_paths, extract_documents
    from ..loaders.quality.audit import audit_records
    from ..loaders.quality.evaluate import load_records_file
    from ..loaders.read.documents import read_document

    failures: list[tuple[Path, PolicyKGError]] = []
    texts: list[tuple[str, str]] = []
    for path in expand_paths(paths):
        if isinstance(path, PolicyKGError):
            failures.append((Path(path.path), path))
            continue
        try:
            texts.append((path.name, read_document(path).text))
        except PolicyKGError as err:
            failures.append((path, err))
    if records is not None:
        try:
            found = load_records_file(records)
        except PolicyKGError as err:
            say(str(err))
            raise typer.Exit(1) from err
    else:
        found = []
        with _progress(quiet) as progress:
            task = progress.add_task("extracting", total=None)
            readable = [Path(p) for p in paths]
            for outcome in extract_documents(
                readable, workers=workers, on_progress=lambda done, n: progress.update(task, completed=done, total=n)
            ):
                if outcome.record is not None:
                    found.append(outcome.record)
    report = audit_records(texts, found)
    if failures:
        report_failures(failures, len(texts) + len(failures), quiet)
    if as_json:
        typer.echo(report.to_json(misses))
    else:
        print_audit(report, misses)
    if failures or not texts:
        raise typer.Exit(1)


def print_audit(report, misses: int) -> None:
    """Totals, shares and the most frequent misses, then the documents with the most misses."""
    totals, ratios = report.totals, report.ratios
    table = Table(header_style="bold")
    for column in ("check", "found", "recognised", "share"):
        table.add_column(column, justify="left" if column == "check" else "right")

    def row(name: str, found: str, recognised: str, share: float | None) -> None:
        table.add_row(name, str(totals[found]), str(totals[recognised]), "" if share is None else f"{share:.3f}")

    row("units listed → recognised as bodies", "units_listed", "units_recognised", ratios["units_recognised"])
    row("units listed → with a fact in their task", "units_listed", "units_tied", ratios["units_with_fact"])
    row(
        "sector-list items → recognised as Industry",
        "sector_items",
        "sectors_recognised",
        ratios["sector_items_recognised"],
    )
    table.add_row("entity names with a field label or cut bracket", str(totals["dirty_names"]), "", "")
    stdout.print(f"{len(report.documents)} documents audited", highlight=False)
    stdout.print(table)
    labels = {
        "unit": "units not recognised",
        "unit-no-fact": "units with no fact in their task",
        "sector": "sector items not recognised",
        "dirty-name": "names with a label or cut bracket",
    }
    for kind, label in labels.items():
        top = report.top_misses(kind, misses)
        if top and misses:
            stdout.print(
                f"most frequent {label}: " + "、".join(f"{escape(text)}×{n}" for text, n in top), highlight=False
            )
    if report.unmatched:
        stdout.print(f"no record for: {escape(', '.join(report.unmatched))}", highlight=False)
