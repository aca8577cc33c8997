"""``policykg viz``: write an interactive, offline HTML view of the graph or a part of it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from policykg.errors import PolicyKGError

from ..graph.engines import open_store
from ..graph.queries import parse_param_pairs
from ..web.viz import DEFAULT_MAX_NODES, build_view
from .app import DbOption, Neo4jOption, QuietOption, app, say


@app.command("viz")
def viz_command(
    output: Annotated[Path, typer.Option("--output", "-o", help="The HTML file to write.")],
    department: Annotated[
        str | None, typer.Option("--department", help="Draw this department's neighbourhood (its name or any alias).")
    ] = None,
    industry: Annotated[
        str | None, typer.Option("--industry", help="Draw this industry's neighbourhood (its name or any alias).")
    ] = None,
    place: Annotated[
        str | None, typer.Option("--place", help="Draw this place's neighbourhood (its name or any alias).")
    ] = None,
    query: Annotated[
        str | None,
        typer.Option("--query", help="Draw the nodes a canned query returns (`policykg queries` lists them)."),
    ] = None,
    param: Annotated[
        list[str] | None,
        typer.Option(
            "--param",
            "-p",
            help="A parameter of the canned query as key=value, repeat for more, e.g. -p industry=光伏.",
        ),
    ] = None,
    depth: Annotated[int, typer.Option("--depth", help="How many steps a neighbourhood reaches.")] = 1,
    max_nodes: Annotated[
        int,
        typer.Option(
            "--max-nodes",
            help="Past this many nodes, draw only the nearest and most connected (the page says so).",
        ),
    ] = DEFAULT_MAX_NODES,
    title: Annotated[
        str | None, typer.Option("--title", help="The page title.", show_default="a description of the view")
    ] = None,
    province: Annotated[
        str | None,
        typer.Option(
            "--province", help="Resolve names within this province (e.g. 安徽) where a name fits bodies of several."
        ),
    ] = None,
    db: DbOption = None,
    neo4j: Neo4jOption = False,
    quiet: QuietOption = False,
) -> None:
    """Write an interactive view of the graph as one self-contained HTML file.

    It is the workbench's graph view (policykg serve). Without a centre it draws
    the whole graph, by communities; with --department, --industry or --place
    the neighbourhood of that node (--depth steps) around it; with --query the
    nodes a canned query returns. One link per pair carries its roles and
    count: click it for its evidence sentences and documents. Positions are
    fixed before drawing and labels never overlap. The file needs no network:
    open it in any browser. Search a node by any alias, filter by label and
    by kind of fact.
    """
    centres = [
        flag
        for flag, value in (
            ("--department", department),
            ("--industry", industry),
            ("--place", place),
            ("--query", query),
        )
        if value
    ]
    problem = None
    if len(centres) > 1:
        problem = f"choose one of {', '.join(centres)}"
    elif param and not query:
        problem = "-p/--param sets a canned query's parameters; add --query NAME"
    elif depth < 0:
        problem = f"--depth must be 0 or more, not {depth}"
    elif max_nodes < 1:
        problem = f"--max-nodes must be at least 1, not {max_nodes}"
    elif output.is_dir():
        problem = f"{output} is a folder; give -o a file name such as {output / 'view.html'}"
    if problem:
        say(problem)
        raise typer.Exit(2)
    try:
        params = parse_param_pairs(param or [])
        with open_store(db, neo4j=neo4j, read_only=True) as store:
            view = build_view(
                store,
                department=department,
                industry=industry,
                place=place,
                query=query,
                params=params,
                depth=depth,
                max_nodes=max_nodes,
                title=title,
                province=province,
            )
        path = view.write(output)
    except PolicyKGError as err:
        say(str(err))
        raise typer.Exit(1) from err
    if not quiet:
        summary = view.summary
        say(f"wrote {path}: {summary.nodes} nodes, {summary.edges} edges")
        if summary.note:
            say(summary.note)
