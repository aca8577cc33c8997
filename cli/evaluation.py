"""``policykg evaluate``: score extraction records against gold records."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from policykg.errors import PolicyKGError

from ..loaders.quality.evaluate import EVIDENCE_ROW, HEADLINE_ROW, EvaluationReport, evaluate
from .app import app, say, stdout


@app.command("evaluate")
def evaluate_command(
    gold: Annotated[Path, typer.Argument(help="Gold records: a folder of .json files, or a JSON/JSONL file.")],
    records: Annotated[
        Path,
        typer.Argument(help="System records: a JSONL file (as `policykg extract` writes), a JSON file or a folder."),
    ],
    docs: Annotated[
        Path | None,
        typer.Option(
            "--docs",
            help="Folder of the document texts, to check that evidence is verbatim (default: the file in each record's `path` field).",
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help='Print {"rows": ..., "docs": ..., "missing": [...]} as JSON.')
    ] = False,
) -> None:
    """Precision, recall and F1 of extraction records against gold records.

    Rows per entity label, per relationship type (RESPONSIBLE_FOR split by tail
    label), targets, the pooled fact:ALL and entity:ALL, and the share of facts
    whose evidence is verbatim, as ONTOLOGY.md "Scoring" defines them. Records
    pair with gold records by the file name in their "doc" field.
    """
    if docs is not None and not docs.is_dir():
        say(f"{docs}: not a folder; --docs takes the folder that holds the documents")
        raise typer.Exit(1)
    try:
        report = evaluate(gold, records, docs)
    except PolicyKGError as err:
        say(str(err))
        raise typer.Exit(1) from err
    if as_json:
        typer.echo(report.to_json())
        return
    print_report(report)


def print_report(report: EvaluationReport) -> None:
    """The report as a table on stdout, with the headline per document and what was not scored."""
    table = Table(header_style="bold")
    table.add_column("measure")
    for column in ("P", "R", "F1", "sys", "gold"):
        table.add_column(column, justify="right")
    for name, score in report.rows.items():
        if name == EVIDENCE_ROW:
            # Evidence has no recall: P is the verbatim share, sys the facts checked, gold the verbatim ones.
            table.add_row(name, f"{score.p:.3f}", "", "", str(score.sys), str(score.gold))
        else:
            style = "bold" if name == HEADLINE_ROW else None
            table.add_row(
                name,
                f"{score.p:.3f}",
                f"{score.r:.3f}",
                f"{score.f1:.3f}",
                str(score.sys),
                str(score.gold),
                style=style,
            )
    stdout.print(table)
    if EVIDENCE_ROW in report.rows:
        stdout.print(
            f"{EVIDENCE_ROW}: P = share of scored facts with verbatim evidence (gold = how many)", highlight=False
        )
    else:
        stdout.print("evidence not checked: no document texts found (use --docs DIR)", highlight=False)
    headline = {doc: scores[HEADLINE_ROW] for doc, scores in report.per_doc.items() if HEADLINE_ROW in scores}
    if headline:
        per_doc = Table(header_style="bold")
        per_doc.add_column("document")
        per_doc.add_column(f"{HEADLINE_ROW} F1", justify="right")
        for doc, f1 in headline.items():
            per_doc.add_row(escape(doc), f"{f1:.3f}")
        stdout.print(per_doc)
    if report.missing:
        stdout.print(f"no system record for: {escape(', '.join(report.missing))}", highlight=False)
    if report.ignored:
        stdout.print(f"not scored (no gold record): {escape(', '.join(report.ignored))}", highlight=False)
