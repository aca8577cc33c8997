"""``policykg doctor`` notices a damaged store, and a damaged store is never blamed on another process.

The damaged files are opened in child processes: the engine may crash on them.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from policykg.graph.embedded import EmbeddedStore

BLOCK = 64 * 1024

# Prints the rows of a canned query and of every node, or exits non-zero.
DUMP = """
import json, sys
from policykg.graph.embedded import EmbeddedStore
with EmbeddedStore(sys.argv[1], read_only=True) as store:
    rows = store.run("MATCH (n) RETURN n ORDER BY n.id") + store.run(
        "MATCH (a)-[r]->(b) RETURN a.id AS a, b.id AS b, r.id AS r, r.evidence AS e ORDER BY r")
print(json.dumps(rows, sort_keys=True, ensure_ascii=False, default=str))
"""


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, timeout=300)


def _policykg(*args: str) -> subprocess.CompletedProcess:
    return _run("-c", "from policykg.cli import main; main()", *args)


@pytest.fixture(scope="module")
def sound_store(tmp_path_factory, gold_records) -> Path:
    db = tmp_path_factory.mktemp("doctor") / "graph.lbug"
    with EmbeddedStore(db) as store:
        store.load_records(gold_records)
    return db


def test_doctor_passes_a_sound_store(sound_store):
    result = _policykg("doctor", "--db", str(sound_store))
    assert result.returncode == 0, result.stderr
    assert "ok: 3 documents" in result.stdout


@pytest.mark.parametrize("block", [1, 10, 40, 60, 80, 96])
def test_a_zeroed_block_is_reported_by_doctor_or_changed_nothing(sound_store, tmp_path, block):
    db = tmp_path / "graph.lbug"
    shutil.copyfile(sound_store, db)
    if db.stat().st_size < (block + 1) * BLOCK:
        pytest.skip("the store is smaller than this block")
    with db.open("r+b") as file:
        file.seek(block * BLOCK)
        file.write(bytes(BLOCK))
    doctor = _policykg("doctor", "--db", str(db))
    if doctor.returncode == 0:  # the block held nothing the graph uses: every answer is the same
        assert _run("-c", DUMP, str(db)).stdout == _run("-c", DUMP, str(sound_store)).stdout
        return
    assert doctor.returncode == 1, doctor.stderr
    last = doctor.stderr.strip().splitlines()[-1]
    assert "damaged" in last and "rebuild it into a fresh file: `policykg build PATH --db" in last, doctor.stderr
    assert "another process" not in doctor.stderr


@pytest.mark.slow
@pytest.mark.parametrize("offset", [0, 16, 24])
def test_a_damaged_header_is_called_damage_with_the_way_to_rebuild(sound_store, tmp_path, offset):
    db = tmp_path / "graph.lbug"
    shutil.copyfile(sound_store, db)
    with db.open("r+b") as file:
        file.seek(offset)
        file.write(b"\xff" * 8)
    for command in (["stats"], ["doctor"], ["query", "industry-owners", "-p", "industry=光伏"]):
        result = _policykg(*command, "--db", str(db))
        assert result.returncode == 1, result.stderr
        assert result.stderr.count("\n") == 1, result.stderr
        assert "the store is damaged" in result.stderr and "rebuild it into a fresh file" in result.stderr
        assert "another process" not in result.stderr and "checkpointing" not in result.stderr.split("(")[0]


def test_a_store_another_process_writes_is_still_called_busy(sound_store, tmp_path):
    db = tmp_path / "graph.lbug"
    shutil.copyfile(sound_store, db)
    with EmbeddedStore(db) as writer:
        writer.stats()  # holds the write lock
        result = _policykg("cypher", "--write", "MATCH (n) RETURN count(*)", "--db", str(db))
    assert result.returncode == 1
    assert "another process" in result.stderr and "damaged" not in result.stderr


def test_doctor_output_names_each_problem(sound_store, tmp_path):
    db = tmp_path / "graph.lbug"
    shutil.copyfile(sound_store, db)
    with EmbeddedStore(db) as store:  # a relationship lost without its document knowing
        store.run("MATCH ()-[r:RESPONSIBLE_FOR]->() WITH r LIMIT 1 DELETE r", write=True)
    result = _policykg("doctor", "--db", str(db))
    assert result.returncode == 1
    assert "relationships in the store, record has" in result.stderr
    assert json.dumps("damaged")[1:-1] in result.stderr.splitlines()[-1]
