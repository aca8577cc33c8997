"""``policykg extract`` and ``policykg setup``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TransferSpeedColumn

from policykg.errors import NOT_UTF8_NAME, LoadError, PolicyKGError, is_printable, printable
from policykg.outputs import OutputError, atomic_path, check_output

from .app import QuietOption, app, say, show_progress, stderr


def _progress(quiet: bool) -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        console=stderr,
        disable=not show_progress(quiet),
        transient=True,
    )


def report_failures(failures: list[tuple[Path, PolicyKGError]], total: int, quiet: bool) -> None:
    """One line per failed file, then a summary line."""
    for path, error in failures:
        message = printable(str(error))
        if not message.startswith(printable(path)):
            message = f"{printable(path)}: {message}"
        say(message)
    if not quiet or failures:
        say(f"{total - len(failures)} of {total} documents extracted, {len(failures)} failed.")


@app.command("extract")
def extract_command(
    paths: Annotated[list[Path], typer.Argument(help="Documents or folders of documents (.txt, .html, .docx, .pdf).")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write the records (JSON lines).")],
    workers: Annotated[int, typer.Option("--workers", "-w", help="Processes to use (0: one per core).")] = 1,
    quiet: QuietOption = False,
) -> None:
    """Extract one ONTOLOGY record per document into a JSON-lines file."""
    from ..loaders.pipeline import expand_paths, extract_documents

    failures: list[tuple[Path, PolicyKGError]] = []
    total = 0
    try:
        inputs = [*paths, *(path for path in expand_paths(paths) if isinstance(path, Path))]
        check_output(output, inputs=inputs)
        with atomic_path(output) as partial, partial.open("w", encoding="utf-8") as out, _progress(quiet) as progress:
            task = progress.add_task("extracting", total=None)

            def on_progress(done: int, count: int) -> None:
                progress.update(task, completed=done, total=count)

            for outcome in extract_documents(paths, workers=workers, on_progress=on_progress):
                total += 1
                if not is_printable(outcome.path):  # its name cannot be written into the record
                    failures.append((outcome.path, LoadError(printable(outcome.path), NOT_UTF8_NAME)))
                    continue
                if outcome.record is None:
                    failures.append((outcome.path, outcome.error or LoadError(outcome.path, "no record extracted")))
                    continue
                out.write(json.dumps(outcome.record.model_dump(mode="json"), ensure_ascii=False) + "\n")
    except OutputError as err:
        say(str(err))
        raise typer.Exit(1) from err
    report_failures(failures, total, quiet)
    if failures or total == 0:
        raise typer.Exit(1)


@app.command("setup")
def setup_command(quiet: QuietOption = False) -> None:
    """Fetch the word-segmentation model (spacy-pkuseg 'default') into the cache, once."""
    from ..loaders.extract.segment import ensure_model, model_dir, model_is_installed

    if model_is_installed():
        if not quiet:
            say(f"Segmentation model ready in {model_dir()}")
        return
    progress = Progress(
        TextColumn("downloading model"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        console=stderr,
        disable=not show_progress(quiet),
    )
    try:
        with progress:
            task = progress.add_task("model", total=None)
            folder = ensure_model(lambda done, total: progress.update(task, completed=done, total=total or None))
    except PolicyKGError as err:
        say(str(err))
        raise typer.Exit(1) from err
    if not quiet:
        say(f"Segmentation model ready in {folder}")
