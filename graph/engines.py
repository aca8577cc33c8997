"""The two engines behind :class:`~policykg.graph.store.GraphStore`, and how to open one.

The embedded LadybugDB file is the default; a Neo4j server is chosen explicitly and
configured from the environment. Callers ask for a store here and use only the interface.
"""

from __future__ import annotations

import os
from pathlib import Path

from policykg.errors import StoreError

from .store import GraphStore

DEFAULT_DB_ENV = "POLICYKG_DB"
DEFAULT_DB_PATH = "policykg.lbug"


def default_db_path() -> Path:
    """The embedded store's path: ``$POLICYKG_DB`` or ``policykg.lbug`` in the working directory."""
    return Path(os.environ.get(DEFAULT_DB_ENV) or DEFAULT_DB_PATH)


def open_store(db: str | Path | None = None, *, neo4j: bool = False, read_only: bool = False) -> GraphStore:
    """Open the graph: the embedded file by default, or the Neo4j server from the environment.

    No connection is made here; the store connects on first use.

    Args:
        db: path of the embedded store (default ``$POLICYKG_DB`` or ``./policykg.lbug``).
        neo4j: use Neo4j, configured by ``NEO4J_URI``, ``NEO4J_USER``,
            ``NEO4J_PASSWORD`` and ``NEO4J_DATABASE``.
        read_only: open for reading only (the embedded file may then be read
            while another process writes it).

    Raises:
        StoreError: ``neo4j`` together with ``db``, or Neo4j without ``NEO4J_URI``.
    """
    if neo4j:
        if db is not None:
            raise StoreError("choose one store: --db PATH (embedded) or --neo4j, not both")

        from .neo4j_store import Neo4jStore  # imported on demand: the driver costs start-up time

        return Neo4jStore.from_env(os.environ, read_only=read_only)
    if db is None:
        db = default_db_path()
    from .embedded import EmbeddedStore

    return EmbeddedStore(Path(db), read_only=read_only)
