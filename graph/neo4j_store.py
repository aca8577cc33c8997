"""The Neo4j store, through the official ``neo4j`` driver (py2neo is end-of-life).

Configured from the environment: ``NEO4J_URI`` (``bolt://``, ``neo4j://``,
``neo4j+s://`` ...; routing URIs reach a cluster or Aura), ``NEO4J_USER``
(default ``neo4j``), ``NEO4J_PASSWORD`` and ``NEO4J_DATABASE`` (default: the
server's default database). Reads go through ``session.execute_read`` and are
routed to readers; writes go through ``session.execute_write``, which the driver
retries on transient errors, so each unit of work is written to be re-run (a
document is withdrawn and written again inside one transaction).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from policykg.errors import QueryError, StoreError

from .dialect import NEO4J, Neo4jDialect, tokenize
from .statements import Runner
from .store import GraphStore

T = TypeVar("T")

DEFAULT_USER = "neo4j"
# The server's answer to a write in a read transaction.
ACCESS_MODE_ERROR = "Neo.ClientError.Statement.AccessMode"
# How long the first write waits for new indexes to come online.
INDEX_WAIT_SECONDS = 300


@dataclass(frozen=True)
class Neo4jSettings:
    """Where and how to connect.

    Attributes:
        uri: the server or cluster address.
        user: the user name.
        password: the password (never shown by ``repr``).
        database: the database name, or ``None`` for the server's default.
    """

    uri: str
    user: str = DEFAULT_USER
    password: str | None = None
    database: str | None = None

    def __repr__(self) -> str:
        return f"Neo4jSettings(uri={self.uri!r}, user={self.user!r}, database={self.database!r})"

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Neo4jSettings:
        """Read ``NEO4J_URI``, ``NEO4J_USER``, ``NEO4J_PASSWORD``, ``NEO4J_DATABASE``.

        Example:
            >>> Neo4jSettings.from_env({"NEO4J_URI": "neo4j+s://x.databases.neo4j.io", "NEO4J_PASSWORD": "pw"})
            Neo4jSettings(uri='neo4j+s://x.databases.neo4j.io', user='neo4j', database=None)

        Raises:
            StoreError: ``NEO4J_URI`` is not set, or is not a Neo4j URI.
        """
        uri = (env.get("NEO4J_URI") or "").strip()
        if not uri:
            raise StoreError(
                "--neo4j needs NEO4J_URI (e.g. bolt://localhost:7687) and NEO4J_PASSWORD in the environment; "
                "see docs/neo4j.md"
            )
        scheme = uri.split("://", 1)[0].lower()
        if scheme not in ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc"):
            raise StoreError(f"NEO4J_URI {uri!r} is not a Neo4j address; use bolt://host:7687 or neo4j+s://host")
        return cls(
            uri=uri,
            user=(env.get("NEO4J_USER") or DEFAULT_USER).strip(),
            password=env.get("NEO4J_PASSWORD"),
            database=(env.get("NEO4J_DATABASE") or "").strip() or None,
        )


def plain(value: Any) -> Any:
    """Turn a driver value into plain Python: nodes and relationships become dicts of properties."""
    from neo4j.graph import Node, Path, Relationship

    if isinstance(value, Node | Relationship):
        return {key: plain(item) for key, item in dict(value).items()}
    if isinstance(value, Path):
        return {"nodes": [plain(n) for n in value.nodes], "relationships": [plain(r) for r in value.relationships]}
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if hasattr(value, "to_native"):  # neo4j.time values
        return value.to_native()
    return value


def in_transactions(cypher: str) -> bool:
    """Whether a statement batches its own transactions (``CALL { ... } IN TRANSACTIONS``).

    Example:
        >>> in_transactions("MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 1000 ROWS")
        True
        >>> in_transactions("RETURN 'IN TRANSACTIONS' AS text")
        False
    """
    words = [t.text.upper() for t in tokenize(cypher) if t.kind == "word"]
    return any(a == "IN" and b == "TRANSACTIONS" for a, b in zip(words, words[1:]))


class Neo4jStore(GraphStore):
    """A graph on a Neo4j 5 server or cluster.

    Args:
        settings: connection settings; nothing connects until first use.
        read_only: refuse writes (reads are read transactions either way).
    """

    backend = "neo4j"
    dialect: Neo4jDialect = NEO4J
    # Many new documents per transaction: 8.5 times the relationships/s of one transaction per document
    # (64,300 relationships of 300 documents on a local 5.26 server: 6,870/s against 812/s).
    bulk_by_default = True

    def __init__(self, settings: Neo4jSettings, *, read_only: bool = False):
        self.settings = settings
        self.read_only = read_only
        self._driver: Any = None
        self._schema_ready = False

    @classmethod
    def from_env(cls, env: Mapping[str, str], *, read_only: bool = False) -> Neo4jStore:
        """A store configured by the ``NEO4J_*`` variables of ``env``."""
        return cls(Neo4jSettings.from_env(env), read_only=read_only)

    def __repr__(self) -> str:
        return f"Neo4jStore({self.settings.uri!r}, database={self.settings.database!r})"

    def _connect(self) -> Any:
        if self._driver is None:
            import neo4j

            auth = (self.settings.user, self.settings.password) if self.settings.password is not None else None
            try:
                driver = neo4j.GraphDatabase.driver(self.settings.uri, auth=auth)
                driver.verify_connectivity()
            except Exception as err:
                raise StoreError(
                    f"cannot reach Neo4j at {self.settings.uri} ({err}); is the server up "
                    "(docker compose up -d) and are NEO4J_USER/NEO4J_PASSWORD right?"
                ) from err
            self._driver = driver
        return self._driver

    def _session(self) -> Any:
        kwargs = {"database": self.settings.database} if self.settings.database else {}
        return self._connect().session(**kwargs)

    @staticmethod
    def _runner(tx: Any) -> Runner:
        def run(cypher: str, params: Mapping[str, Any] | None) -> list[dict[str, Any]]:
            import neo4j.exceptions

            try:
                result = tx.run(cypher, dict(params or {}))
                return [{key: plain(value) for key, value in record.items()} for record in result]
            except neo4j.exceptions.Neo4jError as err:
                if err.is_retryable():  # let execute_read/execute_write retry it
                    raise
                if err.code == ACCESS_MODE_ERROR:  # a writing procedure the guard let through to a read transaction
                    raise QueryError(
                        f"refused to run a write as a read-only query: the server refused it ({err.message}); "
                        "allow writes with --write (write=True)"
                    ) from err
                raise QueryError(err.message or str(err)) from err

        return run

    def _ensure_schema(self) -> None:
        """Create constraints and indexes once per store (each statement is IF NOT EXISTS)."""
        if self._schema_ready:
            return
        import neo4j.exceptions

        try:
            with self._session() as session:
                for statement in self.dialect.schema_statements():
                    session.run(statement).consume()
                # A new index fills in the background; the alias search must not miss what the first load writes.
                session.run(self.dialect.AWAIT_INDEXES, {"seconds": INDEX_WAIT_SECONDS}).consume()
        except neo4j.exceptions.Neo4jError as err:
            raise StoreError(f"could not create the graph schema on Neo4j ({err.message or err})") from err
        self._schema_ready = True
        self.refresh_rollups(stale_only=True)  # left by a load that was killed, or by an older version

    def _transaction(self, mode: str, work: Callable[[Runner], T]) -> T:
        import neo4j.exceptions

        try:
            with self._session() as session:
                execute = session.execute_read if mode == "read" else session.execute_write
                return execute(lambda tx: work(self._runner(tx)))
        except (neo4j.exceptions.DriverError, neo4j.exceptions.Neo4jError) as err:
            # QueryError passes through; what arrives here outlived the driver's retries.
            raise StoreError(f"Neo4j at {self.settings.uri} failed ({err}); try again, or check the server") from err

    def run(self, cypher: str, params: Mapping[str, Any] | None = None, *, write: bool = False) -> list[dict[str, Any]]:
        """As :meth:`GraphStore.run`; a write with ``CALL { ... } IN TRANSACTIONS`` runs as an auto-commit query.

        Neo4j runs such a statement only outside an explicit transaction (it
        commits its own batches), so it cannot be retried as a whole either.
        """
        if not (write and in_transactions(cypher)):
            return super().run(cypher, params, write=write)
        if self.read_only:
            raise StoreError("this Neo4j store was opened read-only; open it without read_only to change it")
        self._ensure_schema()
        import neo4j.exceptions

        try:
            with self._session() as session:
                result = session.run(cypher, dict(params or {}))
                return [{key: plain(value) for key, value in record.items()} for record in result]
        except neo4j.exceptions.Neo4jError as err:
            raise QueryError(err.message or str(err)) from err
        except neo4j.exceptions.DriverError as err:
            raise StoreError(f"Neo4j at {self.settings.uri} failed ({err}); try again, or check the server") from err

    def _read(self, work: Callable[[Runner], T]) -> T:
        return self._transaction("read", work)

    def _write(self, work: Callable[[Runner], T]) -> T:
        if self.read_only:
            raise StoreError("this Neo4j store was opened read-only; open it without read_only to change it")
        self._ensure_schema()
        return self._transaction("write", work)

    def close(self) -> None:
        if self._driver is not None:
            self._driver.close()
            self._driver = None
