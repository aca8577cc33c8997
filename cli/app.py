"""The Typer application and the options every command shares.

Command modules register themselves on ``app``; each command parses and
validates its arguments, then calls one library function.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from ..graph.engines import DEFAULT_DB_ENV, DEFAULT_DB_PATH

app = typer.Typer(
    name="policykg",
    help="Build and query a knowledge graph of Chinese provincial policy documents.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# Results go to stdout; progress, summaries and errors to stderr, so pipes stay clean.
stdout = Console(soft_wrap=True)
stderr = Console(stderr=True, soft_wrap=True)

DbOption = Annotated[
    Path | None,
    typer.Option("--db", help="Embedded store file.", show_default=f"${DEFAULT_DB_ENV} or ./{DEFAULT_DB_PATH}"),
]
Neo4jOption = Annotated[
    bool,
    typer.Option(
        "--neo4j", help="Use the Neo4j server named by NEO4J_URI (with NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE)."
    ),
]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bars or summaries.")]


def show_progress(quiet: bool) -> bool:
    """Progress bars only for a person at a terminal."""
    return not quiet and sys.stderr.isatty()


def say(message: str) -> None:
    """One line to stderr, printed as written (no markup: names and paths may hold brackets)."""
    stderr.print(message, markup=False, highlight=False)


def one_line(message: str) -> str:
    """An error message on one line: the engine's first line carries the point, the rest echoes the query.

    Example:
        >>> one_line('Parser exception: Invalid input <MATC>\\n"MATC (n)"\\n ^')
        'Parser exception: Invalid input <MATC>'
    """
    lines = [line.strip() for line in str(message).splitlines() if line.strip()]
    return lines[0] if lines else "the command failed"


def fail(message: str) -> typer.Exit:
    """Print an error as one line to stderr; return the exit to raise (``raise fail(str(err)) from err``)."""
    say(one_line(message))
    return typer.Exit(1)


ONE_STORE = "choose one store: --db PATH or --neo4j, not both"


def check_store_options(db: Path | None, neo4j: bool) -> None:
    """Refuse ``--db`` together with ``--neo4j`` before anything is opened."""
    if db is not None and neo4j:
        raise fail(ONE_STORE)
