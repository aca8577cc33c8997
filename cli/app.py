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
