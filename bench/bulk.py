"""The engine's own bulk import: graph rows → CSV files in the layout of the schema → ``COPY FROM``.

This is the yardstick the load path is measured against, and the fastest way to
build the large synthetic graph the queries run on. Files follow
``graph/schema.py`` column for column: one file per node label (``id`` first),
one per relationship type and endpoint pair (``from``, ``to``, then the
relationship's columns). Strings are quoted, lists written in LadybugDB's
``[a,b]`` form (so an alias holding a comma or bracket would not survive the
trip; the register and the generators make none), and a missing value is an
empty unquoted cell.

``COPY FROM`` cannot take the file name as a ``$parameter`` (the engine scans
only data frames and Arrow tables from parameters), so the path of a file this module wrote
itself goes into the statement, quoted.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ladybug

from policykg.graph import schema
from policykg.graph.dialect import EMBEDDED
from policykg.graph.rows import document_id, merge_aliases, prepare_record, search_text
from policykg.models import Record

Row = dict[str, Any]
RelationshipKey = tuple[str, str, str]  # (type, head label, tail label)


@dataclass
class GraphRows:
    """Every node and relationship of a graph, as rows of the schema's columns.

    Attributes:
        nodes: node rows by label, one per id.
        relationships: relationship rows by (type, head label, tail label), each
            with ``head`` and ``tail`` ids.
    """

    nodes: dict[str, list[Row]] = field(default_factory=dict)
    relationships: dict[RelationshipKey, list[Row]] = field(default_factory=dict)

    def node_count(self) -> int:
        return sum(len(rows) for rows in self.nodes.values())

    def relationship_count(self) -> int:
        return sum(len(rows) for rows in self.relationships.values())

    def counts(self) -> dict[str, dict[str, int]]:
        """Counts in the shape of ``GraphStore.stats()``."""
        nodes = {label: len(self.nodes.get(label, ())) for label in schema.NODE_LABELS}
        relationships = dict.fromkeys(schema.RELATIONSHIP_TYPES, 0)
        for (rel_type, _, _), rows in self.relationships.items():
            relationships[rel_type] += len(rows)
        return {"nodes": nodes, "relationships": relationships}


def rows_from_records(records: Iterable[Record]) -> GraphRows:
    """What ``GraphStore.load_records`` makes of ``records``, as one set of rows.

    Shared entities become one node whose aliases are the union of the names
    every document used (in document order), as the store computes them.
    """
    graph = GraphRows()
    shared: dict[str, Row] = {}
    seen_aliases: dict[str, list[list[str]]] = {}
    for record in records:
        rows = prepare_record(record)
        graph.nodes.setdefault(schema.DOCUMENT_LABEL, []).append(rows.document)
        for label, node_rows in rows.nodes.items():
            for row in node_rows:
                if label == "Target":
                    graph.nodes.setdefault(label, []).append(row)
                    continue
                if row["id"] not in shared:
                    shared[row["id"]] = dict(row)
                    graph.nodes.setdefault(label, []).append(shared[row["id"]])
                seen_aliases.setdefault(row["id"], []).append(row["aliases"])
        for label, mention_rows in rows.mentions.items():
            graph.relationships.setdefault((schema.MENTIONED_IN, label, schema.DOCUMENT_LABEL), []).extend(mention_rows)
        for key, rel_rows in rows.relationships.items():
            graph.relationships.setdefault(key, []).extend(rel_rows)
    for node_id, row in shared.items():
        row["aliases"] = merge_aliases(row["name"], seen_aliases[node_id])
        row["search"] = search_text(row["name"], row["aliases"])
    return graph


def csv_cell(value: Any) -> str:
    """One value as a CSV cell that ``COPY FROM`` reads back as the same value.

    Strings are always quoted, so that an empty string stays an empty string;
    an unquoted empty cell is a missing value.

    Example:
        >>> csv_cell(None), csv_cell(""), csv_cell('a"b'), csv_cell(2014), csv_cell(1000.0)
        ('', '""', '"a""b"', '2014', '1000.0')
        >>> csv_cell(["省工信委", "江西省工信委"])
        '"[省工信委,江西省工信委]"'
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list | tuple):
        value = "[" + ",".join(str(item) for item in value) + "]"
    return '"' + str(value).replace('"', '""') + '"'


@dataclass
class CsvTable:
    """A CSV file written for one node label or one relationship endpoint pair."""

    path: Path
    table: str
    rows: int
    head: str | None = None  # relationship files: the endpoint labels
    tail: str | None = None
    multiline: bool = False  # a quoted value spans lines: the engine must read the file serially


def _write_rows(path: Path, header: list[str], rows: Iterable[list[str]]) -> tuple[int, bool]:
    """Write encoded cells (:func:`csv_cell`) as CSV lines; say whether a value spans lines."""
    count = 0
    multiline = False
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(",".join(header) + "\n")
        for row in rows:
            line = ",".join(row)
            multiline = multiline or "\n" in line or "\r" in line
            handle.write(line + "\n")
            count += 1
    return count, multiline


def write_csv_tables(graph: GraphRows, folder: Path) -> list[CsvTable]:
    """Write the graph as CSV files in ``folder``, nodes first.

    Returns:
        The files in the order they must be copied (node tables before the
        relationships that point at them).
    """
    folder.mkdir(parents=True, exist_ok=True)
    tables: list[CsvTable] = []
    for label in schema.NODE_LABELS:
        rows = graph.nodes.get(label)
        if not rows:
            continue
        columns = schema.node_columns(label)
        path = folder / f"{label}.csv"
        count, multiline = _write_rows(path, list(columns), ([csv_cell(row.get(c)) for c in columns] for row in rows))
        tables.append(CsvTable(path, label, count, multiline=multiline))
    for (rel_type, head, tail), rows in sorted(graph.relationships.items()):
        if not rows:
            continue
        columns = schema.relationship_columns(rel_type)
        path = folder / f"{rel_type}-{head}-{tail}.csv"
        body = (
            [csv_cell(row["head"]), csv_cell(row["tail"]), *(csv_cell(row.get(c)) for c in columns)] for row in rows
        )
        count, multiline = _write_rows(path, ["from", "to", *columns], body)
        tables.append(CsvTable(path, rel_type, count, head=head, tail=tail, multiline=multiline))
    return tables


def copy_statement(table: CsvTable) -> str:
    """The ``COPY FROM`` statement for one file.

    Example:
        >>> copy_statement(CsvTable(Path("/tmp/x/PART_OF-Department-Department.csv"), "PART_OF", 3,
        ...                         head="Department", tail="Department"))
        "COPY PART_OF FROM '/tmp/x/PART_OF-Department-Department.csv' (from='Department', to='Department', header=true)"
    """
    options = ["header=true"]
    if table.head is not None:
        options = [f"from='{table.head}'", f"to='{table.tail}'", *options]
    if table.multiline:
        options.append("parallel=false")
    path = str(table.path).replace("\\", "\\\\").replace("'", "\\'")
    target = table.table
    if table.head is None and table.table in schema.ROLLUP_PROPERTIES:  # derived columns stay null until recounted
        target += f"({', '.join(schema.node_columns(table.table))})"
    return f"COPY {target} FROM '{path}' ({', '.join(options)})"


@dataclass
class CopyReport:
    """How long the engine took to import each file, and in all."""

    seconds: float
    nodes: int
    relationships: int
    per_table: dict[str, float]


def copy_into_new_store(tables: list[CsvTable], db: Path, buffer_pool_mb: int = 1024) -> CopyReport:
    """Create a fresh embedded store with the project's schema and ``COPY`` the files into it.

    Only the ``COPY`` statements are timed (the schema DDL is not).
    """
    database = ladybug.Database(str(db), buffer_pool_size=buffer_pool_mb * 1024 * 1024)
    connection = ladybug.Connection(database)
    try:
        for statement in EMBEDDED.schema_statements():
            connection.execute(statement)
        per_table: dict[str, float] = {}
        start = time.perf_counter()
        for table in tables:
            began = time.perf_counter()
            connection.execute(copy_statement(table))
            per_table[table.path.stem] = time.perf_counter() - began
        seconds = time.perf_counter() - start
    finally:
        connection.close()
        database.close()
    nodes = sum(t.rows for t in tables if t.head is None)
    relationships = sum(t.rows for t in tables if t.head is not None)
    return CopyReport(seconds, nodes, relationships, per_table)


def derive_properties(db: Path) -> float:
    """Compute the derived properties of a store filled by ``COPY`` (a load computes them itself).

    Returns:
        The seconds it took.
    """
    from policykg.graph.engines import open_store

    began = time.perf_counter()
    with open_store(db) as store:
        store.refresh_rollups()
    return time.perf_counter() - began


def mention_row(node_id: str, doc: str, aliases: list[str], rel_id: str) -> Row:
    """A MENTIONED_IN row (entity → its document)."""
    return {"head": node_id, "tail": document_id(doc), "id": rel_id, "doc": doc, "aliases": aliases}


def same_counts(a: Mapping[str, Mapping[str, int]], b: Mapping[str, Mapping[str, int]]) -> bool:
    """Whether two ``stats()``-shaped count tables agree."""
    return {k: dict(v) for k, v in a.items()} == {k: dict(v) for k, v in b.items()}
