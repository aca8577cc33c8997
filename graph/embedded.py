"""The embedded store: a LadybugDB file (the maintained fork of Kùzu), no server needed.

The database is one file (plus a ``.wal`` while it is written). A second
process may open it read-only while a writer holds it, which is how ``policykg
stats`` and the query commands read a graph that ``policykg build`` is writing.

Reads run inside ``BEGIN TRANSACTION READ ONLY`` after the dialect's guard has
refused writing clauses, so a read cannot change the graph even if the guard
missed a form; writes run inside ``BEGIN TRANSACTION`` / ``COMMIT``. LadybugDB
rolls a transaction back by itself when a statement in it fails.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import ladybug

from policykg.errors import QueryError, StoreError
from policykg.graph.dialect import EMBEDDED
from policykg.graph.store import GraphStore, Runner

T = TypeVar("T")

# LadybugDB reserves most of the machine's memory for its buffer pool by default;
# a policy corpus needs far less, and several stores may be open at once.
BUFFER_POOL_ENV = "POLICYKG_BUFFER_POOL_MB"
DEFAULT_BUFFER_POOL_MB = 512


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
    dialect = EMBEDDED

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
            raise StoreError(f"{self.path}: is a folder; --db names the database file, e.g. {self.path / 'policykg.lbug'}")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        pool_mb = int(os.environ.get(BUFFER_POOL_ENV) or DEFAULT_BUFFER_POOL_MB)
        try:
            database = ladybug.Database(str(self.path), read_only=self.read_only, buffer_pool_size=pool_mb * 1024 * 1024)
            connection = ladybug.Connection(database)
            if not self.read_only:
                for statement in self.dialect.schema_statements():
                    connection.execute(statement)
        except Exception as err:  # the engine raises RuntimeError for everything
            raise StoreError(
                f"{self.path}: cannot open the embedded store ({err}); "
                "is another process writing it? Close it, or open this one read-only"
            ) from err
        self._database, self._connection = database, connection
        return connection

    def _execute(self, cypher: str, params: Mapping[str, Any] | None) -> list[dict[str, Any]]:
        connection = self._connect()
        try:
            result = connection.execute(cypher, dict(params or {}))
            if isinstance(result, list):  # several statements: the last one's rows
                result = result[-1]
            columns = result.get_column_names()
            rows = []
            while result.has_next():
                rows.append({column: plain(value) for column, value in zip(columns, result.get_next(), strict=True)})
            return rows
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

    def _read(self, work: Callable[[Runner], T]) -> T:
        return self._transaction("BEGIN TRANSACTION READ ONLY", work)

    def _write(self, work: Callable[[Runner], T]) -> T:
        if self.read_only:
            raise StoreError(f"{self.path}: opened read-only; open the store without read_only to change it")
        return self._transaction("BEGIN TRANSACTION", work)

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
        if self._database is not None:
            self._database.close()
        self._connection = self._database = None
