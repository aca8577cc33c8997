"""The embedded store: a LadybugDB file (the maintained fork of Kùzu), no server needed.

The database is one file (plus a ``.wal`` while it is written). A second
process may open it read-only while a writer holds it, which is how ``policykg
stats`` and the query commands read a graph that ``policykg build`` is writing.

Reads run inside ``BEGIN TRANSACTION READ ONLY`` after the guard
(``graph/guard.py``) has refused writing clauses and the engine's own plan of
the statement has been checked to be made of reading operators only: the
engine's read-only mode still runs ``COPY … TO`` and ``LOAD FROM``, so the
transaction alone is no wall against files. Writes run inside
``BEGIN TRANSACTION`` / ``COMMIT``. LadybugDB
rolls a transaction back by itself when a statement in it fails.

Bulk loading (``GraphStore._write_new_documents``) inserts new nodes and
relationships with ``COPY <table> FROM $rows``, the rows handed over as an
Arrow table typed from the schema: no files, no quoting, lists stay lists, and
a column null in every row keeps its type. LadybugDB runs
``COPY`` inside the open write transaction and rolls it back with the rest,
so a batch of documents is still all-or-nothing (also when the process is
killed: nothing uncommitted survives in the ``.wal``). Two engine facts shape
the code: a ``COPY`` that meets a primary key already in the table brings the
whole process down rather than raising, so only ids the batch has checked to
be absent are copied; and a data frame of Python objects is read about a third
slower than Arrow columns.

Why ``COPY`` and not only larger ``UNWIND`` batches: on 2,000 synthetic
documents (326,000 relationships, bulk batches of 1,000 documents) the engine
spent 13.8 s in ``UNWIND $rows ... CREATE`` statements of 1,000 rows and 2.7 s
in ``COPY FROM`` data frames (the whole load 33 s against 16 s; the
per-document path takes minutes). For a table with fewer than
``COPY_MIN_ROWS`` new rows in a batch the fixed cost of building a table
outweighs the gain and ``UNWIND`` is used.

A load turns the engine's automatic checkpoints off and checkpoints once at
its end (:meth:`EmbeddedStore._loading`). ``policykg build`` loads into a copy
of the file renamed into place (``graph/recovery.py``), because the engine's
replay of a killed load's log is not to be trusted; a store with a log is
probed in a child process before it is opened here.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from operator import itemgetter
from pathlib import Path
from typing import Any, TypeVar

import ladybug

from policykg.errors import QueryError, StoreError

from . import schema
from .dialect import EMBEDDED, EmbeddedDialect
from .guard import refused_plan, tokenize
from .recovery import damaged_log_message, describe_open_error, probe
from .rows import Row
from .statements import Runner
from .store import GraphStore

T = TypeVar("T")

# LadybugDB reserves most of the machine's memory for its buffer pool by default;
# a policy corpus needs far less, and several stores may be open at once.
BUFFER_POOL_ENV = "POLICYKG_BUFFER_POOL_MB"
DEFAULT_BUFFER_POOL_MB = 512

# Fewer new rows than this for one table in a bulk batch go by UNWIND ... CREATE instead of COPY.
COPY_MIN_ROWS = 64


def arrow_type(kind: str) -> Any:
    """The Arrow type of an engine column type (a column null in every row still arrives typed).

    Example:
        >>> str(arrow_type("STRING[]"))
        'list<item: string>'
    """
    import pyarrow

    types = {"STRING": pyarrow.string(), "INT64": pyarrow.int64(), "DOUBLE": pyarrow.float64(), "BOOLEAN": pyarrow.bool_(),
             "STRING[]": pyarrow.list_(pyarrow.string())}  # fmt: skip
    if kind not in types:
        raise StoreError(f"no Arrow type for the column type {kind!r}")
    return types[kind]


def rows_table(rows: Sequence[Row], columns: Sequence[tuple[str, str]], keys: Sequence[str] | None = None) -> Any:
    """Rows as a typed Arrow table, one column per schema column, for ``COPY FROM``.

    The engine reads Arrow columns natively (about a third faster than a data
    frame of Python objects).

    Args:
        rows: one dict per node or relationship.
        columns: (name, engine type) of each column, in the table's order.
        keys: the row key each column is read from (default: the column names).

    Example:
        >>> table = rows_table([{"id": "Place:南昌市", "aliases": ["洪城"], "year": None}],
        ...                    [("id", "STRING"), ("aliases", "STRING[]"), ("year", "INT64")])
        >>> table.to_pylist()
        [{'id': 'Place:南昌市', 'aliases': ['洪城'], 'year': None}]
        >>> str(table.schema.field("year").type)
        'int64'
    """
    import pyarrow

    names = [name for name, _ in columns]
    keys = list(names if keys is None else keys)
    try:  # rows from graph/rows.py carry every column: take them all at once
        values = list(zip(*map(itemgetter(*keys), rows), strict=True)) if len(keys) > 1 and rows else None
    except KeyError:
        values = None
    if values is None:
        values = [[row.get(key) for row in rows] for key in keys]
    return pyarrow.table(
        {
            name: pyarrow.array(list(column), type=arrow_type(kind))
            for (name, kind), column in zip(columns, values, strict=True)
        }
    )


def plain(value: Any) -> Any:
    """Turn an engine value into plain Python: nodes and relationships become dicts of properties.

    Example:
        >>> plain({"_ID": {"offset": 0, "table": 0}, "_LABEL": "Place", "id": "Place:赣州市", "name": "赣州市"})
        {'id': 'Place:赣州市', 'name': '赣州市'}
        >>> plain({"_NODES": [], "_RELS": []})
        {'nodes': [], 'relationships': []}
    """
    if isinstance(value, dict):
        if "_NODES" in value and "_RELS" in value:
            return {"nodes": [plain(n) for n in value["_NODES"]], "relationships": [plain(r) for r in value["_RELS"]]}
        if "_ID" in value and "_LABEL" in value:
            return {key: plain(item) for key, item in value.items() if not key.startswith("_")}
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


class EmbeddedStore(GraphStore):
    """A graph in a LadybugDB file.

    Args:
        path: the database file; created (with the schema) on first use unless read-only.
        read_only: open the file for reading only; it must already exist.
    """

    backend = "embedded"
    dialect: EmbeddedDialect = EMBEDDED
    bulk_by_default = True

    def __init__(self, path: str | Path, *, read_only: bool = False):
        self.path = Path(path)
        self.read_only = read_only
        self._database: ladybug.Database | None = None
        self._connection: ladybug.Connection | None = None

    def __repr__(self) -> str:
        mode = "read-only" if self.read_only else "read-write"
        return f"EmbeddedStore({str(self.path)!r}, {mode})"

    def _connect(self) -> ladybug.Connection:
        if self._connection is not None:
            return self._connection
        if self.read_only and not self.path.exists():
            raise StoreError(f"{self.path}: no graph here yet; run `policykg build PATH --db {self.path}` first")
        if self.path.is_dir():
            raise StoreError(
                f"{self.path}: is a folder; --db names the database file, e.g. {self.path / 'policykg.lbug'}"
            )
        self.path.parent.mkdir(parents=True, exist_ok=True)
        pool_mb = int(os.environ.get(BUFFER_POOL_ENV) or DEFAULT_BUFFER_POOL_MB)
        problem = probe(self.path)  # a log the engine would crash on, replaying it in this process
        if problem is not None:
            raise StoreError(damaged_log_message(self.path, problem))
        try:
            database = ladybug.Database(
                str(self.path), read_only=self.read_only, buffer_pool_size=pool_mb * 1024 * 1024
            )
            connection = ladybug.Connection(database)
            if not self.read_only:
                for statement in self.dialect.schema_statements():
                    connection.execute(statement)
            missing = self._missing_rollup_columns(connection)
        except Exception as err:  # the engine raises RuntimeError for everything
            raise StoreError(describe_open_error(self.path, err)) from err
        if missing and self.read_only:
            connection.close()
            database.close()
            labels = sorted({statement.split()[2] for statement in missing})  # ALTER TABLE <label> ADD ...
            raise StoreError(
                f"{self.path}: made by an earlier version of policykg (its {', '.join(labels)} nodes lack derived "
                f"properties); open it once for writing to add them, e.g. `policykg build PATH --db {self.path}`"
            )
        for statement in missing:
            connection.execute(statement)
        self._database, self._connection = database, connection
        if not self.read_only:
            self.refresh_rollups(stale_only=True)  # left by a load that was killed, or by an older version
        return connection

    def _missing_rollup_columns(self, connection: ladybug.Connection) -> list[str]:
        """DDL for the derived columns a store made by an earlier version lacks (computed once they are added)."""
        statements = []
        for label in schema.ROLLUP_PROPERTIES:
            try:
                result = connection.execute(self.dialect.table_columns(label))
            except RuntimeError:  # no such table: an empty file opened read-only
                continue
            present = [row[0] for row in _last_result(result).get_all()]
            statements += self.dialect.add_rollup_columns(label, present)
        return statements

    def _execute(self, cypher: str, params: Mapping[str, Any] | None) -> list[dict[str, Any]]:
        connection = self._connect()
        try:
            result = _last_result(connection.execute(cypher, dict(params or {})))
            columns = result.get_column_names()
            # One call for all rows; only nested values (nodes, lists, maps) need converting.
            return [
                dict(
                    zip(
                        columns,
                        [plain(value) if isinstance(value, (dict, list)) else value for value in row],
                        strict=True,
                    )
                )
                for row in result.get_all()
            ]
        except Exception as err:
            raise QueryError(str(err).strip()) from err

    def _transaction(self, begin: str, work: Callable[[Runner], T]) -> T:
        connection = self._connect()
        connection.execute(begin)
        try:
            value = work(self._execute)
        except BaseException:
            try:
                connection.execute("ROLLBACK")
            except Exception:  # the engine already rolled back after a failed statement
                pass
            raise
        try:
            connection.execute("COMMIT")
        except Exception as err:
            raise StoreError(f"{self.path}: could not commit ({err}); the document was not written") from err
        return value

    def _run_read(self, tx: Runner, cypher: str, params: Mapping[str, Any] | None) -> list[dict[str, Any]]:
        """Run a read only if the engine's own plan for it (``EXPLAIN``) is made of reading operators.

        The guard's tokens already refuse files, extensions and writes; this is
        the engine's word on the same text, so a form the guard misses is still
        refused (the engine's read-only mode lets ``COPY … TO`` and ``LOAD FROM`` run).
        """
        explained, start = cypher, 0
        for token in tokenize(cypher):
            if token.kind not in ("space", "comment"):
                if token.text.upper() in ("EXPLAIN", "PROFILE"):  # plan the statement itself
                    explained = cypher[:start] + cypher[start + len(token.text) :]
                break
            start += len(token.text)
        plan = tx("EXPLAIN " + explained, params)
        reason = refused_plan("\n".join(str(value) for row in plan for value in row.values()))
        if reason is not None:
            raise QueryError(f"refused to run a write as a read query: {reason}; pass write=True to change the graph")
        return tx(cypher, params)

    def _read(self, work: Callable[[Runner], T]) -> T:
        return self._transaction("BEGIN TRANSACTION READ ONLY", work)

    def _write(self, work: Callable[[Runner], T]) -> T:
        if self.read_only:
            raise StoreError(f"{self.path}: opened read-only; open the store without read_only to change it")
        return self._transaction("BEGIN TRANSACTION", work)

    @contextmanager
    def _loading(self) -> Iterator[None]:
        """Checkpoint once, when the load ends, instead of at every commit that outgrows the log.

        The engine folds its write-ahead log into the database file whenever a
        commit leaves the log past a threshold; during a load of many batches
        that rewrites the growing tables again and again (about a third of a
        large load). Committed transactions stay durable in the log meanwhile:
        a process killed before the checkpoint is replayed when the file is
        next opened.
        """
        if self.read_only:  # the load will be refused at its first write
            yield
            return
        connection = self._connect()
        connection.execute(self.dialect.auto_checkpoint(False))
        try:
            yield
        finally:
            connection.execute(self.dialect.auto_checkpoint(True))
        try:
            connection.execute("CHECKPOINT")
        except Exception as err:
            raise StoreError(
                f"{self.path}: the load was committed, but folding it into the file failed ({err})"
            ) from err

    def _insert_nodes(self, tx: Runner, label: str, rows: Sequence[Row], *, derived: bool = False) -> None:
        if len(rows) < COPY_MIN_ROWS:
            super()._insert_nodes(tx, label, rows, derived=derived)
            return
        columns = schema.table_properties(label) if derived else schema.NODE_PROPERTIES[label]
        tx(self.dialect.copy_nodes(label, derived=derived), {"rows": rows_table(rows, columns)})

    def _insert_relationships(self, tx: Runner, rel_type: str, head: str, tail: str, rows: Sequence[Row]) -> None:
        if len(rows) < COPY_MIN_ROWS:
            super()._insert_relationships(tx, rel_type, head, tail, rows)
            return
        columns = schema.RELATIONSHIP_PROPERTIES[rel_type]
        keys = ("head", "tail", *(name for name, _ in columns))
        table = rows_table(rows, (("from", "STRING"), ("to", "STRING"), *columns), keys)
        tx(self.dialect.copy_relationships(rel_type, head, tail), {"rows": table})

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
        if self._database is not None:
            self._database.close()
        self._connection = self._database = None


def _last_result(result: Any) -> Any:
    """The result of the last statement: the engine answers several statements with a list."""
    return result[-1] if isinstance(result, list) else result
