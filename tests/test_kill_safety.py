"""A build killed with SIGKILL at any point leaves a store the next command reads or names a fix for,
and the next build makes exactly the store a clean build makes.

Each case runs ``policykg build`` in a child process that kills itself (SIGKILL) at one point of the
build: before the load, inside the first write transaction, after it commits, before the final
checkpoint, during the checkpoint (killed by another process a few milliseconds in), before and after
the built store is renamed into place. The store is new or already holds documents (some of which
the killed build replaces). Extraction is replaced in the child by the records extracted once here,
and the bulk path (``COPY``) is taken from 4 new documents rather than 32, so each build takes a
second; the load, the engine and the files are the real ones.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from policykg.graph import schema
from policykg.graph.embedded import EmbeddedStore

pytestmark = pytest.mark.slow

DOCUMENTS = 12
ALREADY_LOADED = 4  # documents in the non-empty store before the killed build
CHANGED = 2  # of those, documents the killed build replaces

# The child: ``policykg build`` with extraction replaced by records from $RECORDS, killing itself at $KILL_AT.
RUNNER = r"""
import json, os, signal, subprocess, sys
from pathlib import Path

from policykg.cli import main
from policykg.graph.embedded import EmbeddedStore
from policykg.graph import build as build_module
from policykg.graph import write as write_module
from policykg.graph.store import GraphStore
from policykg.loaders import pipeline
from policykg.models import Record

point = os.environ.get("KILL_AT", "")
store_path = os.path.abspath(os.environ["STORE"])


def die():
    os.kill(os.getpid(), signal.SIGKILL)


def extract_documents(paths, *, workers=1, on_progress=None):
    for line in Path(os.environ["RECORDS"]).read_text(encoding="utf-8").splitlines():
        record = Record.model_validate(json.loads(line))
        yield pipeline.ExtractionOutcome(Path(record.path or record.doc), record)


build_module.extract_documents = extract_documents  # what policykg build calls
write_module.BULK_MIN_DOCUMENTS = 4  # new documents go by the bulk path (COPY) as in a large build

if point == "before-load":
    load_records = GraphStore.load_records
    GraphStore.load_records = lambda self, *a, **k: die()
if point in ("in-transaction", "after-commit"):
    transaction = EmbeddedStore._transaction

    def killing_transaction(self, begin, work):
        if begin != "BEGIN TRANSACTION":
            return transaction(self, begin, work)
        if point == "in-transaction":
            return transaction(self, begin, lambda tx: (work(tx), die()))
        value = transaction(self, begin, work)
        die()

    EmbeddedStore._transaction = killing_transaction
if point in ("before-checkpoint", "during-checkpoint"):
    connect = EmbeddedStore._connect

    class Connection:
        def __init__(self, connection):
            self.connection = connection

        def execute(self, statement, *args):
            if statement == "CHECKPOINT":
                if point == "before-checkpoint":
                    die()
                subprocess.Popen(["sh", "-c", f"sleep 0.01; kill -9 {os.getpid()}"])
            return self.connection.execute(statement, *args)

        def __getattr__(self, name):
            return getattr(self.connection, name)

    def connect_killing(self):
        connection = connect(self)
        if not isinstance(connection, Connection):
            self._connection = connection = Connection(connection)
        return connection

    EmbeddedStore._connect = connect_killing
if point in ("before-rename", "after-rename"):
    replace = os.replace

    def killing_replace(source, target):
        if os.path.abspath(target) == store_path:
            if point == "before-rename":
                die()
            replace(source, target)
            die()
        replace(source, target)

    os.replace = killing_replace

if os.environ.get("IN_PLACE"):  # what builds did before they were staged: load into the store itself
    records = [Record.model_validate(json.loads(line)) for line in Path(os.environ["RECORDS"]).read_text(encoding="utf-8").splitlines()]
    with EmbeddedStore(store_path) as store:
        store.load_records(records)
    sys.exit(0)
sys.argv = ["policykg", *sys.argv[1:]]
main()
"""

KILL_POINTS = ["before-load", "in-transaction", "after-commit", "before-checkpoint", "during-checkpoint",
               "before-rename", "after-rename"]  # fmt: skip


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict:
    """Records of a small synthetic corpus: all of it (two documents changed) and the head of it, as loaded before."""
    from bench.corpus import write_corpus
    from policykg.loaders.pipeline import extract_documents

    root = tmp_path_factory.mktemp("kill")
    write_corpus(root / "docs", DOCUMENTS)
    records = [outcome.record for outcome in extract_documents([root / "docs"])]
    assert all(records) and len(records) == DOCUMENTS
    before = [json.dumps(record.model_dump(mode="json"), ensure_ascii=False) for record in records[:ALREADY_LOADED]]
    changed = [record.model_copy(update={"title": f"{record.title or ''}（修订）"}) if i < CHANGED else record
               for i, record in enumerate(records)]  # fmt: skip
    after = [json.dumps(record.model_dump(mode="json"), ensure_ascii=False) for record in changed]
    (root / "before.jsonl").write_text("\n".join(before) + "\n", encoding="utf-8")
    (root / "after.jsonl").write_text("\n".join(after) + "\n", encoding="utf-8")
    (root / "runner.py").write_text(RUNNER, encoding="utf-8")
    paths = {"root": root, "docs": root / "docs", "before": root / "before.jsonl", "after": root / "after.jsonl",
             "runner": root / "runner.py"}  # fmt: skip
    paths["non-empty"] = root / "non-empty.lbug"
    assert _build(paths, paths["non-empty"], "before").returncode == 0
    paths["clean"] = root / "clean.lbug"
    assert _build(paths, paths["clean"], "after").returncode == 0
    paths["clean-dump"] = dump(paths["clean"])
    return paths


def _build(
    paths: dict, db: Path, records: str, kill_at: str = "", *, in_place: bool = False
) -> subprocess.CompletedProcess:
    env = {**os.environ, "RECORDS": str(paths[records]), "STORE": str(db), "KILL_AT": kill_at,
           "IN_PLACE": "1" if in_place else ""}  # fmt: skip
    return subprocess.run([sys.executable, str(paths["runner"]), "build", str(paths["docs"]), "--db", str(db), "-q"],
                          env=env, capture_output=True, text=True, timeout=300)  # fmt: skip


def _policykg(*args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-c", "from policykg.cli import main; main()", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=300)


def dump(db: Path) -> dict[str, list]:
    """Every node and relationship with every property, in a stable order."""
    with EmbeddedStore(db, read_only=True) as store:
        content: dict[str, list] = {}
        for label in schema.NODE_LABELS:
            rows = store.run(f"MATCH (n:{label}) RETURN n")
            content[label] = sorted(
                json.dumps(row["n"], sort_keys=True, ensure_ascii=False, default=str) for row in rows
            )
        for rel_type in schema.RELATIONSHIP_TYPES:
            rows = store.run(f"MATCH (a)-[r:{rel_type}]->(b) RETURN a.id AS a, b.id AS b, r")
            content[rel_type] = sorted(json.dumps(row, sort_keys=True, ensure_ascii=False, default=str) for row in rows)
    return content


@pytest.mark.parametrize("start", ["empty", "non-empty"])
@pytest.mark.parametrize("kill_at", KILL_POINTS)
def test_a_killed_build_leaves_a_store_the_next_build_makes_whole(corpus, tmp_path, start, kill_at):
    db = tmp_path / "graph.lbug"
    if start == "non-empty":
        shutil.copyfile(corpus["non-empty"], db)
    killed = _build(corpus, db, "after", kill_at)
    assert killed.returncode == -9, killed.stderr

    stats = _policykg("stats", "--db", str(db), "--json")
    if start == "empty" and not db.exists():
        assert stats.returncode == 1 and stats.stderr.count("\n") == 1 and "policykg build" in stats.stderr
    else:
        assert stats.returncode == 0, stats.stderr  # the store as it was, or as the build made it
        assert json.loads(stats.stdout)["nodes"]["Document"] in (
            ALREADY_LOADED if start == "non-empty" else 0,
            DOCUMENTS,
        )

    rebuilt = _build(corpus, db, "after")
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert dump(db) == corpus["clean-dump"]


def test_a_log_the_engine_crashes_on_is_named_in_one_line_and_set_aside_by_the_next_build(corpus, tmp_path):
    """A load killed before its checkpoint, written in place (as builds did before), leaves such a log."""
    db = tmp_path / "graph.lbug"
    shutil.copyfile(corpus["non-empty"], db)
    assert _build(corpus, db, "after", "before-checkpoint", in_place=True).returncode == -9
    for command in (
        ["stats"],
        ["cypher", "MATCH (n) RETURN count(*)"],
        ["query", "industry-owners", "-p", "industry=光伏"],
    ):
        result = _policykg(*command, "--db", str(db))
        assert result.returncode == 1, result.stderr
        assert (
            result.stderr.count("\n") == 1 and "graph.lbug.wal" in result.stderr and "policykg build" in result.stderr
        )
    rebuilt = _build(corpus, db, "after")
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "set it aside as graph.lbug.wal.broken" in rebuilt.stderr
    assert dump(db) == corpus["clean-dump"]


def test_documents_a_replayed_log_lost_rows_of_are_loaded_again_or_a_fresh_build_is_advised(corpus, tmp_path):
    """A bulk load killed after its commit, written in place: the replay keeps the fingerprints and loses rows."""
    db = tmp_path / "graph.lbug"
    shutil.copyfile(corpus["non-empty"], db)
    assert _build(corpus, db, "after", "after-commit", in_place=True).returncode == -9
    rebuilt = _build(corpus, db, "after")
    if rebuilt.returncode != 0:  # the engine's replay left rows the documents' own deletes do not reach
        last = rebuilt.stderr.splitlines()[-1]
        assert "does not hold what its documents' records say; rebuild it into a fresh file" in last, rebuilt.stderr
        fresh = tmp_path / "graph-rebuilt.lbug"
        assert f"--db {fresh}`" in last
        assert _build(corpus, fresh, "after").returncode == 0
        db = fresh
    assert dump(db) == corpus["clean-dump"]
