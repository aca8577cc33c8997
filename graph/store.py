"""One store interface over two engines: the embedded LadybugDB file and a Neo4j server.

The rest of the project talks to :class:`GraphStore` only, obtained from
:func:`~policykg.graph.engines.open_store`::

    from policykg.graph.engines import open_store

    with open_store("policykg.lbug") as store:
        report = store.load_records(records)
        rows = store.run("MATCH (d:Department)-[r:RESPONSIBLE_FOR]->(i:Industry) RETURN d.name AS d, i.name AS i")

Writing is the algorithm of ``graph/write.py`` (:class:`~policykg.graph.write.RecordWriter`);
checks are in ``graph/check.py``, alias-search ranking in ``graph/search.py``; each engine's
module holds only what differs.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Iterable, Mapping
from typing import Any

from policykg.errors import QueryError
from policykg.names import fold_name

from . import schema, statements
from .check import CheckReport, check_store
from .dialect import Dialect
from .search import SEARCH_CANDIDATES, best_hits
from .statements import Runner
from .write import LoadReport, Progress, RecordWriter

__all__ = ["GraphStore", "LoadReport", "Progress"]


class GraphStore(RecordWriter):
    """The graph, whichever engine holds it. Use as a context manager.

    Attributes:
        backend: ``"embedded"`` or ``"neo4j"``.
        dialect: the engine's Cypher differences (``graph/dialect.py``).
    """

    backend: str
    dialect: Dialect

    # ----- what a backend provides ------------------------------------------------------

    # Transactions (_read, _write), the load's frame (_loading) and row inserts: graph/write.py.

    @abstractmethod
    def close(self) -> None:
        """Release the connection; the store can be opened again later."""

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # ----- queries ------------------------------------------------------------------------

    def run(self, cypher: str, params: Mapping[str, Any] | None = None, *, write: bool = False) -> list[dict[str, Any]]:
        """Run one Cypher statement; rows come back as dicts of plain Python values.

        Args:
            cypher: the statement, with every value as a ``$parameter``.
            params: the parameter values.
            write: allow the statement to change the graph. Without it the
                statement is refused before execution if it contains a writing
                clause, and runs in a read-only transaction.

        Returns:
            One dict per row (column name → value; nodes and relationships as
            dicts of their properties, paths as ``{"nodes": [...], "relationships": [...]}``).

        Raises:
            QueryError: a refused write, or the engine's own error message.
        """
        if not write:
            reason = self.dialect.refused_write(cypher)
            if reason is not None:
                raise QueryError(
                    f"refused to run a write as a read query: {reason}; pass write=True to change the graph"
                )
            return self._read(lambda tx: self._run_read(tx, cypher, params))
        return self._write(lambda tx: tx(cypher, params))

    def _run_read(self, tx: Runner, cypher: str, params: Mapping[str, Any] | None) -> list[dict[str, Any]]:
        """Run a statement the guard passed as a read; a backend may check it once more with the engine."""
        return tx(cypher, params)

    def search(self, text: str, *, labels: Iterable[str] | None = None, limit: int = 10) -> list[dict[str, Any]]:
        """Entities whose name or any alias contains ``text`` (工信委 finds 江西省工业和信息化委员会).

        Args:
            text: part of a name.
            labels: labels to search (default: every shared entity label).
            limit: at most this many rows.

        Returns:
            Rows with ``id``, ``label``, ``name``, ``aliases``, best first.
        """
        if not fold_name(text):
            return []
        wanted = list(labels) if labels is not None else list(schema.SEARCHABLE_LABELS)
        params = {**self.dialect.search_parameters(text), "labels": wanted, "limit": SEARCH_CANDIDATES}
        candidates = self._read(lambda tx: tx(self.dialect.alias_search(text), params))
        return best_hits(text, candidates, limit)

    def stats(self) -> dict[str, dict[str, int]]:
        """Counts of every label and relationship type (0 for those absent)."""

        def count(tx: Runner) -> dict[str, dict[str, int]]:
            nodes = {label: int(tx(statements.count_nodes(label), None)[0]["n"]) for label in schema.NODE_LABELS}
            relationships = {
                rel_type: int(tx(statements.count_relationships(rel_type), None)[0]["n"])
                for rel_type in schema.RELATIONSHIP_TYPES
            }
            return {"nodes": nodes, "relationships": relationships}

        return self._read(count)

    def check(self) -> CheckReport:
        """Compare the store with what its documents' records produced; see :class:`CheckReport`."""
        return self._read(lambda tx: check_store(tx, self.dialect))


NEO4J_ENV = ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE")
