"""Asking the graph: ``queries``, ``query``, ``cypher``, ``analyze`` and ``export``.

Every command opens the store read-only (``cypher --write`` excepted), calls
one library function from ``graph/queries.py``, ``graph/analytics.py`` or
``graph/export.py``, and prints rows with ``policykg.cli.output``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from policykg.errors import PolicyKGError

from ..graph.analytics import analyze
from ..graph.engines import open_store
from ..graph.export import EXPORT_FORMATS, export_store
from ..graph.queries import (
    bind_params,
    get_query,
    list_queries,
    parse_param_pairs,
    query_table_rows,
    resolve_param_names,
    run_cypher,
    run_query,
)
from ..graph.results import rows_to_json
from ..graph.store import GraphStore
from .app import DbOption, Neo4jOption, QuietOption, app, check_store_options, fail, say, stderr, stdout
from .output import print_rows

T = TypeVar("T")


class OutputFormat(str, Enum):
    """How result rows are printed."""

    table = "table"
    json = "json"
    csv = "csv"


class ListFormat(str, Enum):
    """How the list of canned queries is printed."""

    table = "table"
    json = "json"


class ExportFormat(str, Enum):
    """What ``policykg export`` writes (``policykg.graph.export.EXPORT_FORMATS``)."""

    graphml = "graphml"
    gexf = "gexf"
    json = "json"
    csv = "csv"


assert {fmt.value for fmt in ExportFormat} == set(EXPORT_FORMATS), "keep ExportFormat in step with EXPORT_FORMATS"

FormatOption = Annotated[
    OutputFormat,
    typer.Option(
        "--format", "-f", help="table for reading, json (a list of row objects) or csv (with a header) for pipes."
    ),
]
ParamOption = Annotated[
    list[str] | None,
    typer.Option(
        "--param",
        "-p",
        help="A parameter as key=value, repeat for more, e.g. -p industry=光伏 -p top:int=5;"
        " types: key:int=5, key:float=0.5, key:bool=true, key:list=a,b, and a label (key:Department=工信委)"
        " to resolve a name as every command does.",
    ),
]
ProvinceOption = Annotated[
    str | None,
    typer.Option(
        "--province", help="Resolve names within this province (e.g. 安徽) where a name fits bodies of several."
    ),
]


def _on_store(db: Path | None, neo4j: bool, work: Callable[[GraphStore], T], *, read_only: bool = True) -> T:
    """Open the store the options name, run ``work`` on it and close it; a failure ends the command in one line.

    Whatever ``work`` does before it touches the store (parsing parameters, resolving a query's
    name) fails the same way, so every command reports its errors alike.
    """
    check_store_options(db, neo4j)
    try:
        with open_store(db, neo4j=neo4j, read_only=read_only) as store:
            return work(store)
    except PolicyKGError as err:
        raise fail(str(err)) from err


def _parsed_params(db: Path | None, neo4j: bool, pairs: list[str] | None) -> dict:
    """The ``-p key=value`` parameters, after the store options are checked (errors in that order)."""
    check_store_options(db, neo4j)
    try:
        return parse_param_pairs(pairs or [])
    except PolicyKGError as err:
        raise fail(str(err)) from err


@app.command("queries")
def queries(
    output_format: Annotated[ListFormat, typer.Option("--format", "-f", help="table or json.")] = ListFormat.table,
) -> None:
    """List the canned queries with their questions, parameters and an example each."""
    try:
        rows = query_table_rows(list_queries())
    except PolicyKGError as err:
        raise fail(str(err)) from err
    print_rows(rows, output_format.value, stdout, title="canned queries (policykg query NAME -p key=value)",
               status=stderr, no_wrap=("name",))  # fmt: skip


@app.command("query")
def query(
    name: Annotated[str, typer.Argument(help="The canned query to run; `policykg queries` lists them.")],
    param: ParamOption = None,
    db: DbOption = None,
    neo4j: Neo4jOption = False,
    output_format: FormatOption = OutputFormat.table,
    province: ProvinceOption = None,
) -> None:
    """Run a canned query with its parameters (any name or alias of an entity works).

    Names resolve as in every command: the exact name or alias, then folded forms, then
    every entity containing the text. An unknown name, or one naming bodies of two
    jurisdictions, exits 1 saying what to type instead.
    """
    params = _parsed_params(db, neo4j, param)
    try:
        bind_params(get_query(name), params)  # a bad name or parameter is reported before the store opens
    except PolicyKGError as err:
        raise fail(str(err)) from err
    rows = _on_store(db, neo4j, lambda store: run_query(store, name, params, province=province))
    print_rows(rows, output_format.value, stdout, title=name, status=stderr)


@app.command("cypher")
def cypher(
    text: Annotated[str, typer.Argument(help="The Cypher query; put values in -p parameters, not in the text.")],
    param: ParamOption = None,
    write: Annotated[
        bool, typer.Option("--write", help="Allow the query to change the graph (it is refused otherwise).")
    ] = False,
    db: DbOption = None,
    neo4j: Neo4jOption = False,
    output_format: FormatOption = OutputFormat.table,
) -> None:
    """Run ad-hoc Cypher against the graph store, read-only unless --write is given."""
    params = _parsed_params(db, neo4j, param)
    rows = _on_store(db, neo4j, lambda store: run_cypher(store, text, params, write=write), read_only=not write)
    print_rows(rows, output_format.value, stdout, status=stderr)


@app.command("analyze")
def analyze_command(
    top: Annotated[int, typer.Option("--top", "-n", min=1, help="How many rows of each view to print.")] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="Print the three views as one JSON object.")] = False,
    db: DbOption = None,
    neo4j: Neo4jOption = False,
) -> None:
    """Department centrality, co-responsibility pairs and department–industry communities (networkx)."""
    views = _on_store(db, neo4j, lambda store: analyze(store, top=top))
    if as_json:
        stdout.file.write(json.dumps({name: json.loads(rows_to_json(rows)) for name, rows in views.items()},
                                     ensure_ascii=False, indent=2) + "\n")  # fmt: skip
        return
    titles = {
        "centrality": "department centrality in the responsibility network",
        "co_responsibility": "departments sharing industries",
        "communities": "communities of departments and industries (Louvain)",
    }
    for name, rows in views.items():
        print_rows(rows, "table", stdout, title=titles[name], status=stderr, caption=True)


@app.command("export")
def export(
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write (a folder for csv).")],
    output_format: Annotated[
        ExportFormat,
        typer.Option("--format", "-f", help="graphml or gexf (Gephi), json (JSON lines), csv (neo4j-admin import)."),
    ] = ExportFormat.graphml,
    query_text: Annotated[
        str | None, typer.Option("--cypher", help="Export only the subgraph this read-only query returns.")
    ] = None,
    param: ParamOption = None,
    db: DbOption = None,
    neo4j: Neo4jOption = False,
    quiet: QuietOption = False,
) -> None:
    """Write the graph (or a query's subgraph) as GraphML, GEXF, JSON lines or neo4j-admin CSV."""
    params = _parsed_params(db, neo4j, param)
    written = _on_store(
        db,
        neo4j,
        lambda store: export_store(store, output_format.value, output, query_text, resolve_param_names(store, params)),
    )
    if not quiet:
        for path in written:
            say(f"wrote {path}")
