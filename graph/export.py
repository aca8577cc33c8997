"""Write the graph out for other tools: GraphML and GEXF for Gephi, JSON lines, neo4j-admin CSV.

Every writer takes the ``networkx.MultiDiGraph`` that
:func:`policykg.graph.analytics.to_networkx` builds (node attribute ``label``,
edge attribute ``type``), so an export of a query's subgraph works the same as
an export of the whole store.

- ``graphml`` / ``gexf``: one file. Neither format has list values, so lists
  (``aliases``) are written as JSON text (``["省工信委", "江西省工信委"]``).
- ``json``: JSON lines, one object per node (``"kind": "node"``) then one per
  relationship (``"kind": "relationship"``), lists kept as lists.
- ``csv``: a folder laid out for ``neo4j-admin database import full``: one node
  file per label (``id:ID``, ``:LABEL``, typed columns such as ``year:int``,
  ``aliases:string[]``) and one relationship file per type (``:START_ID``,
  ``:END_ID``, ``:TYPE``), with the import command written next to them.
"""

from __future__ import annotations

import csv
import json
import shlex
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

from policykg.errors import PolicyKGError
from policykg.outputs import atomic_path, check_output

if TYPE_CHECKING:
    from .store import GraphStore

EXPORT_FORMATS: tuple[str, ...] = ("graphml", "gexf", "json", "csv")
# neo4j-admin's default array delimiter.
ARRAY_DELIMITER = ";"
IMPORT_COMMAND_FILE = "neo4j-admin-import.sh"


class ExportError(PolicyKGError):
    """The graph could not be written in the requested format or place."""


# --------------------------------------------------------------------------- values


def flat_value(value: Any) -> str | int | float | bool:
    """A value GraphML and GEXF can hold: lists and maps become JSON text.

    Example:
        >>> flat_value(["省工信委", "江西省工信委"])
        '["省工信委", "江西省工信委"]'
        >>> flat_value(2014), flat_value("光伏")
        (2014, '光伏')
    """
    if isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple, set, frozenset, Mapping)):
        return json.dumps(list(value) if not isinstance(value, Mapping) else dict(value), ensure_ascii=False)
    return str(value)


def flat_graph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of ``graph`` whose attribute values are all scalars (see :func:`flat_value`).

    Nulls are dropped; an edge's key is kept as its ``id``.
    """
    flat = nx.MultiDiGraph()
    for node, data in graph.nodes(data=True):
        flat.add_node(node, **{key: flat_value(value) for key, value in data.items() if value is not None})
    for source, target, key, data in graph.edges(keys=True, data=True):
        attributes = {name: flat_value(value) for name, value in data.items() if value is not None}
        attributes.setdefault("id", str(key))
        flat.add_edge(source, target, key=key, **attributes)
    return flat


def neo4j_type(values: Iterable[Any]) -> str:
    """The neo4j-admin header type for a column holding ``values`` (nulls ignored).

    Example:
        >>> neo4j_type([2014, None, 2015]), neo4j_type([1000.0, 8]), neo4j_type([["a"], []])
        ('int', 'double', 'string[]')
        >>> neo4j_type(["光伏", 3]), neo4j_type([True]), neo4j_type([None])
        ('string', 'boolean', 'string')
    """
    present = [value for value in values if value is not None]
    if not present:
        return "string"
    if all(isinstance(value, bool) for value in present):
        return "boolean"
    if all(isinstance(value, int) and not isinstance(value, bool) for value in present):
        return "int"
    if all(isinstance(value, (int, float)) and not isinstance(value, bool) for value in present):
        return "double"
    if all(isinstance(value, (list, tuple)) for value in present):
        items = [item for value in present for item in value]
        inner = neo4j_type(items) if items else "string"
        return f"{inner}[]"
    return "string"


def csv_cell(value: Any) -> str:
    """One value as neo4j-admin reads it: arrays joined with ``;``, null empty.

    Example:
        >>> csv_cell(["省工信委", "江西省工信委"]), csv_cell(None), csv_cell(1000.0), csv_cell(True)
        ('省工信委;江西省工信委', '', '1000.0', 'true')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ARRAY_DELIMITER.join(csv_cell(item) for item in value)
    if isinstance(value, Mapping):
        return json.dumps(dict(value), ensure_ascii=False)
    return str(value)


# --------------------------------------------------------------------------- writers


def write_graphml(graph: nx.MultiDiGraph, path: Path) -> list[Path]:
    """GraphML for Gephi, yEd or ``networkx.read_graphml``; lists as JSON text."""
    nx.write_graphml(flat_graph(graph), path, edge_id_from_attribute="id")
    return [path]


def write_gexf(graph: nx.MultiDiGraph, path: Path) -> list[Path]:
    """GEXF for Gephi; lists as JSON text, node ``label`` attribute kept as ``kind``.

    GEXF reserves ``label`` for a node's display text, so the display text is
    the node's name and the node label goes to the ``kind`` attribute.
    """
    flat = flat_graph(graph)
    for node, data in flat.nodes(data=True):
        data["kind"] = data.pop("label", "")
        data["label"] = str(data.get("name") or data.get("metric") or node)
    for _, _, data in flat.edges(data=True):
        # GEXF also reserves an edge's "label" and "id"; the type stays under "type".
        data["label"] = str(data.get("type", ""))
    nx.write_gexf(flat, path)
    return [path]


def write_json_lines(graph: nx.MultiDiGraph, path: Path) -> list[Path]:
    """JSON lines: every node, then every relationship, one object per line, lists kept."""
    with path.open("w", encoding="utf-8") as out:
        for node, data in sorted(graph.nodes(data=True), key=lambda item: item[0]):
            record = {"kind": "node", "id": node, **{k: v for k, v in data.items() if k != "id"}}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        for source, target, key, data in sorted(graph.edges(keys=True, data=True), key=lambda item: str(item[2])):
            record = {"kind": "relationship", "id": str(key), "source": source, "target": target}
            record.update({k: v for k, v in data.items() if k != "id"})
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return [path]


def write_neo4j_csv(graph: nx.MultiDiGraph, folder: Path) -> list[Path]:
    """CSV files for ``neo4j-admin database import full``, plus the command that imports them.

    Node files ``nodes_<Label>.csv`` have ``id:ID`` and ``:LABEL`` columns;
    relationship files ``relationships_<TYPE>.csv`` have ``:START_ID``,
    ``:END_ID`` and ``:TYPE``. Other columns carry their type in the header
    (``year:int``, ``value:double``, ``aliases:string[]``).
    """
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    node_files: list[Path] = []
    relationship_files: list[Path] = []

    by_label: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for node, data in graph.nodes(data=True):
        by_label.setdefault(str(data.get("label") or "Node"), []).append((node, data))
    for label, members in sorted(by_label.items()):
        members.sort(key=lambda item: item[0])
        columns = _columns(data for _, data in members) - {"id", "label"}
        header, order = _typed_header(sorted(columns), [data for _, data in members])
        path = folder / f"nodes_{label}.csv"
        with atomic_path(path) as partial, partial.open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(["id:ID", ":LABEL", *header])
            for node, data in members:
                writer.writerow([node, label, *(csv_cell(data.get(column)) for column in order)])
        node_files.append(path)

    by_type: dict[str, list[tuple[str, str, str, dict[str, Any]]]] = {}
    for source, target, key, data in graph.edges(keys=True, data=True):
        by_type.setdefault(str(data.get("type") or "RELATED_TO"), []).append((source, target, str(key), data))
    for rel_type, members in sorted(by_type.items()):
        members.sort(key=lambda item: item[2])
        columns = _columns(data for *_, data in members) - {"type"}
        header, order = _typed_header(sorted(columns), [data for *_, data in members])
        path = folder / f"relationships_{rel_type}.csv"
        with atomic_path(path) as partial, partial.open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow([":START_ID", ":END_ID", ":TYPE", *header])
            for source, target, _, data in members:
                writer.writerow([source, target, rel_type, *(csv_cell(data.get(column)) for column in order)])
        relationship_files.append(path)

    command = folder / IMPORT_COMMAND_FILE
    with atomic_path(command) as partial:
        partial.write_text(neo4j_import_command(node_files, relationship_files) + "\n", encoding="utf-8")
    written.extend(node_files + relationship_files + [command])
    return written


def neo4j_import_command(
    node_files: Iterable[Path], relationship_files: Iterable[Path], database: str = "neo4j"
) -> str:
    """The ``neo4j-admin`` command line that imports the CSV files (run it with the server stopped).

    Example:
        >>> print(neo4j_import_command([Path("nodes_Industry.csv")], [Path("relationships_TARGETS.csv")]))
        neo4j-admin database import full neo4j --overwrite-destination --multiline-fields=true \\
          --nodes=nodes_Industry.csv \\
          --relationships=relationships_TARGETS.csv
    """
    parts = [
        f"neo4j-admin database import full {shlex.quote(database)} --overwrite-destination --multiline-fields=true"
    ]
    parts += [f"--nodes={shlex.quote(path.name)}" for path in node_files]
    parts += [f"--relationships={shlex.quote(path.name)}" for path in relationship_files]
    return " \\\n  ".join(parts)


def _columns(rows: Iterable[Mapping[str, Any]]) -> set[str]:
    columns: set[str] = set()
    for row in rows:
        columns.update(key for key, value in row.items() if value is not None)
    return columns


def _typed_header(columns: list[str], rows: list[Mapping[str, Any]]) -> tuple[list[str], list[str]]:
    header = []
    for column in columns:
        kind = neo4j_type(row.get(column) for row in rows)
        header.append(column if kind == "string" else f"{column}:{kind}")
    return header, columns


WRITERS = {
    "graphml": write_graphml,
    "gexf": write_gexf,
    "json": write_json_lines,
    "csv": write_neo4j_csv,
}


def export_graph(graph: nx.MultiDiGraph, output_format: str, path: str | Path) -> list[Path]:
    """Write ``graph`` in ``output_format`` to ``path`` (a folder for ``csv``).

    Args:
        graph: as :func:`policykg.graph.analytics.to_networkx` returns it.
        output_format: one of :data:`EXPORT_FORMATS`.
        path: the file to write; for ``csv``, the folder to fill.

    Returns:
        The files written.

    Raises:
        ExportError: for an unknown format, or a path that cannot be written.
    """
    if output_format not in WRITERS:
        raise ExportError(f"unknown export format {output_format!r}; use one of {', '.join(EXPORT_FORMATS)}")
    target = Path(path)
    if output_format == "csv":
        if target.exists() and not target.is_dir():
            raise ExportError(f"{target}: is a file; the csv export writes a folder of files, give a folder path")
    else:
        if target.is_dir():
            raise ExportError(
                f"{target}: is a folder; give the {output_format} file to write, e.g. {target / ('graph.' + output_format)}"
            )
        check_output(target)
    try:
        if output_format == "csv":
            return WRITERS[output_format](graph, target)
        with atomic_path(target) as partial:
            WRITERS[output_format](graph, partial)
        return [target]
    except OSError as err:
        raise ExportError(f"{target}: cannot write the {output_format} export ({err.strerror or err})") from err


def export_store(
    store: GraphStore,
    output_format: str,
    path: str | Path,
    cypher: str | None = None,
    params: Mapping[str, Any] | None = None,
) -> list[Path]:
    """Export the whole store, or the subgraph a query returns, in ``output_format``.

    Args:
        store: an open store.
        output_format: one of :data:`EXPORT_FORMATS`.
        path: the file (a folder for ``csv``).
        cypher: optional read-only query choosing the subgraph (see
            :func:`policykg.graph.analytics.to_networkx`).
        params: the query's parameters.

    Returns:
        The files written.

    Raises:
        ExportError: unknown format or unwritable path (checked before the store is read).
        QueryError: the query fails.
    """
    if output_format not in WRITERS:
        raise ExportError(f"unknown export format {output_format!r}; use one of {', '.join(EXPORT_FORMATS)}")
    from .analytics import to_networkx

    if output_format != "csv":
        stored = getattr(store, "path", None)  # the embedded store's file must not be overwritten
        check_output(path, stores=[stored] if isinstance(stored, Path) else [])
    return export_graph(to_networkx(store, cypher, params), output_format, path)
