"""Fixtures shared by the test modules; each group is marked with the tests that use it."""

# ---- graph store fixtures (tests/test_store.py, tests/test_load.py, tests/test_cli_store.py) ----
import json as _json
from pathlib import Path as _Path

import pytest as _pytest

from policykg.models import Record as _Record

GOLD_DIR = _Path(__file__).resolve().parent / "data" / "gold"
# Keys the gold files carry for scoring that the extraction record does not have.
_GOLD_ONLY_KEYS = ("optional", "unit_evidence", "measure")


def gold_record(path: str | _Path) -> _Record:
    """A gold file as a ``Record``: scoring-only keys dropped, an entity's ``date`` moved into ``attributes``."""
    data = _json.loads(_Path(path).read_text(encoding="utf-8"))
    for entity in data.get("entities", []):
        for key in _GOLD_ONLY_KEYS:
            entity.pop(key, None)
        if "date" in entity:
            entity.setdefault("attributes", {})["date"] = entity.pop("date")
    for item in (*data.get("facts", []), *data.get("targets", [])):
        for key in _GOLD_ONLY_KEYS:
            item.pop(key, None)
    return _Record.model_validate(data)


@_pytest.fixture(scope="session")
def gold_records() -> list[_Record]:
    """The gold records of the sample corpus (``tests/data/gold/*.json``), in file order."""
    return [gold_record(path) for path in sorted(GOLD_DIR.glob("*.json"))]


# ---- end of graph store fixtures ----


# ---- both engines (every store, load, bulk, query, analytics, export and view suite) ----
#
# Tests that take `store_factory`, or a module fixture built with `shared_store`, run once on the
# embedded store (files in tmp_path) and once on Neo4j (marker `neo4j`). Neo4j Community serves one
# database, shared by every test: whoever needs it empties it first (`NEO4J_URI` must point at a
# throw-away database), and a module's loaded store fills it again when another test emptied it in
# between. Without NEO4J_URI the Neo4j runs skip with the reason; with CI=true a skipped Neo4j test
# fails (`make neo4j` starts a server: .ci/run does).
import os as _os
from collections.abc import Callable as _Callable
from collections.abc import Iterator as _Iterator

from policykg.graph.engines import open_store as _open_store
from policykg.graph.store import GraphStore as _GraphStore

ENGINES = ("embedded", _pytest.param("neo4j", marks=_pytest.mark.neo4j))
NEO4J_SKIP = (
    "needs a Neo4j server: `make neo4j` starts one and prints NEO4J_URI, NEO4J_USER and NEO4J_PASSWORD "
    "to export (these tests empty the database they reach)"
)


def neo4j_configured() -> bool:
    """Whether the environment names a Neo4j server for the tests."""
    return bool(_os.environ.get("NEO4J_URI"))


def empty_neo4j(store: _GraphStore) -> None:
    """Delete every node and relationship of the Neo4j database ``store`` reaches (the schema stays)."""
    store.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS", write=True)


class _Neo4jDatabase:
    """Who filled the one Neo4j database last (an opaque key), so that others know to fill it again."""

    owner: object = None


class StoreFactory:
    """Opens test stores on one engine.

    ``factory(name)`` opens the store ``name``: a file ``tmp_path/<name>.lbug`` on the
    embedded engine; on Neo4j the one database, emptied when ``name`` is not the store
    it last held (so opening the same name again, read-only or not, finds its graph).
    """

    def __init__(self, engine: str, folder, key: object):
        self.engine = engine
        self.folder = folder
        self.key = key

    @property
    def neo4j(self) -> bool:
        return self.engine == "neo4j"

    def __call__(self, name: str = "graph", *, read_only: bool = False) -> _GraphStore:
        if not self.neo4j:
            return _open_store(self.folder / f"{name}.lbug", read_only=read_only)
        owner = (self.key, name)
        if _Neo4jDatabase.owner != owner:
            with _open_store(neo4j=True) as writer:
                empty_neo4j(writer)
            _Neo4jDatabase.owner = owner
        return _open_store(neo4j=True, read_only=read_only)

    def args(self, name: str = "graph") -> list[str]:
        """The command-line options that reach the store ``name`` (open it first on Neo4j)."""
        return ["--neo4j"] if self.neo4j else ["--db", str(self.folder / f"{name}.lbug")]


class SharedStore:
    """A store loaded once per module (``fill``), filled again on Neo4j when another test took the database.

    ``get()`` gives the open store; ``args`` the command-line options that reach it.
    """

    def __init__(self, factory: StoreFactory, fill: _Callable[[_GraphStore], None]):
        self.factory = factory
        self.fill = fill
        self.opened: _GraphStore | None = None
        self.filled = False

    def _ensure_filled(self) -> None:
        if not self.filled or (self.factory.neo4j and _Neo4jDatabase.owner != (self.factory.key, "shared")):
            self.close()
            self.opened = self.factory("shared")
            self.fill(self.opened)
            self.filled = True

    def get(self) -> _GraphStore:
        self._ensure_filled()
        if self.opened is None:
            self.opened = self.factory("shared")
        return self.opened

    @property
    def args(self) -> list[str]:
        """``--db PATH`` or ``--neo4j`` for a command run in-process; the store is released for it."""
        self._ensure_filled()
        self.close()
        return self.factory.args("shared")

    def close(self) -> None:
        if self.opened is not None:
            self.opened.close()
            self.opened = None


@_pytest.fixture(scope="session", params=ENGINES)
def engine(request) -> str:
    """``"embedded"`` or ``"neo4j"``; the Neo4j run skips without NEO4J_URI."""
    if request.param == "neo4j" and not neo4j_configured():
        _pytest.skip(NEO4J_SKIP)
    return request.param


@_pytest.fixture
def store_factory(engine, tmp_path, request) -> StoreFactory:
    """Opens stores on the engine under test; see :class:`StoreFactory`."""
    return StoreFactory(engine, tmp_path, request.node.nodeid)


@_pytest.fixture
def store(store_factory):
    """An empty store on the engine under test (a module may define its own, loaded, ``store``)."""
    with store_factory() as opened:
        yield opened


@_pytest.fixture
def neo4j_factory(tmp_path, request) -> StoreFactory:
    """Opens stores on Neo4j only, for tests of what only Neo4j has (mark them ``neo4j``)."""
    if not neo4j_configured():
        _pytest.skip(NEO4J_SKIP)
    return StoreFactory("neo4j", tmp_path, request.node.nodeid)


def shared_store(engine: str, tmp_path_factory, key: str, fill: _Callable[[_GraphStore], None]) -> SharedStore:
    """A module's loaded store on ``engine``: call ``.get()`` in each test (see :class:`SharedStore`)."""
    folder = tmp_path_factory.mktemp(key)
    return SharedStore(StoreFactory(engine, folder, f"{key}:{engine}"), fill)


@_pytest.fixture(scope="module")
def sample_corpus(engine, gold_records, tmp_path_factory, request) -> _Iterator[SharedStore]:
    """The sample corpus's gold records, loaded once per module on the engine under test.

    ``.get()`` gives the open store, ``*sample_corpus.args`` reaches it from a command.
    """
    key = request.module.__name__.removeprefix("test_")
    loaded = shared_store(engine, tmp_path_factory, key, lambda store: store.load_records(gold_records))
    yield loaded
    loaded.close()


@_pytest.fixture(scope="module")
def one_document_db(gold_records, tmp_path_factory) -> _Path:
    """An embedded store file holding the first sample document, for tests that open it themselves."""
    path = tmp_path_factory.mktemp("one-document") / "graph.lbug"
    with _open_store(path) as store:
        store.load_records(gold_records[:1])
    return path


@_pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """With CI=true a skipped Neo4j test is a failure: CI runs a server (.ci/run), so a skip hides a gap."""
    outcome = yield
    report = outcome.get_result()
    if report.skipped and _os.environ.get("CI") == "true" and item.get_closest_marker("neo4j") is not None:
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"a Neo4j test skipped in CI (CI=true), where it must run: {reason}"


# ---- end of both engines ----
