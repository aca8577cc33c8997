"""``policykg build`` and ``policykg stats``, in-process, with extraction replaced by the gold records.

The build and stats tests run on both engines (``store_factory``, tests/conftest.py).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from policykg.cli import app
from policykg.errors import LoadError
from policykg.loaders.pipeline import ExtractionOutcome
from policykg.models import Fact, Record

runner = CliRunner()


@pytest.fixture
def corpus(tmp_path, gold_records, monkeypatch):
    """A folder with one file per gold record plus an unreadable one; extraction returns the gold records."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    by_name = {record.doc: record for record in gold_records}
    # A record that names an entity it does not list breaks the contract.
    by_name["contract.txt"] = Record(doc="contract.txt", facts=[Fact(rel="PART_OF", head="某处", tail="某委")])
    for name in [*by_name, "broken.txt"]:
        (folder / name).write_text("policy text", encoding="utf-8")

    def extract_documents(paths, *, workers=1, on_progress=None):
        files = sorted(f for p in map(Path, paths) for f in (sorted(p.iterdir()) if p.is_dir() else [p]))
        for done, path in enumerate(files, 1):
            if path.name in by_name:
                outcome = ExtractionOutcome(path, record=by_name[path.name])
            else:
                outcome = ExtractionOutcome(path, error=LoadError(path, "not a policy document"))
            if on_progress:
                on_progress(done, len(files))
            yield outcome

    monkeypatch.setattr("policykg.graph.build.extract_documents", extract_documents)
    return folder


@pytest.fixture
def db(store_factory) -> list[str]:
    """``--db PATH`` or ``--neo4j``: an empty store on the engine under test."""
    store_factory().close()  # on Neo4j this empties the database
    return store_factory.args()


def invoke(*args: str):
    return runner.invoke(app, [str(arg) for arg in args])


def test_build_loads_the_good_files_and_reports_the_bad(corpus, db, store_factory, gold_records):
    result = invoke("build", corpus, *db)
    assert result.exit_code == 1
    assert f"{corpus / 'broken.txt'}: not a policy document" in result.stderr
    assert f"{corpus / 'contract.txt'}: facts[0] (PART_OF 某处 → 某委): head '某处' names no entity" in result.stderr
    assert f"documents: {len(gold_records)} loaded, 0 replaced, 0 unchanged, 2 failed" in result.stderr
    assert "nodes: Department " in result.stderr and "relationships: RESPONSIBLE_FOR " in result.stderr
    assert "check: consistent, with warnings" in result.stderr
    assert "Traceback" not in result.output
    with store_factory(read_only=True) as store:
        assert store.stats()["nodes"]["Document"] == len(gold_records)


def test_a_clean_build_succeeds_and_a_rebuild_changes_nothing(corpus, db, gold_records):
    (corpus / "broken.txt").unlink()
    (corpus / "contract.txt").unlink()
    assert invoke("build", corpus, *db).exit_code == 0
    first = json.loads(invoke("stats", *db, "--json").stdout)
    again = invoke("build", corpus, *db)
    assert again.exit_code == 0
    assert f"0 loaded, 0 replaced, {len(gold_records)} unchanged, 0 failed" in again.stderr
    assert json.loads(invoke("stats", *db, "--json").stdout) == first


def test_prune_removes_documents_whose_files_are_gone(corpus, db, gold_records):
    invoke("build", corpus, *db)
    (corpus / gold_records[0].doc).unlink()
    result = invoke("build", corpus, *db, "--prune")
    assert "1 pruned" in result.stderr
    stats = json.loads(invoke("stats", *db, "--json").stdout)
    assert stats["nodes"]["Document"] == len(gold_records) - 1


def test_stats_prints_every_label_and_type(corpus, db, store_factory):
    invoke("build", corpus, *db, "--quiet")
    result = invoke("stats", *db, "--json")
    assert result.exit_code == 0
    with store_factory(read_only=True) as store:
        assert json.loads(result.stdout) == store.stats()
    table = invoke("stats", *db)
    assert "RESPONSIBLE_FOR" in table.stdout and "Document" in table.stdout


def test_quiet_build_prints_only_problems(corpus, tmp_path):
    result = invoke("build", corpus, "--db", tmp_path / "graph.lbug", "--quiet")
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2 and lines[0] == f"{corpus / 'broken.txt'}: not a policy document"
    assert lines[1].startswith(f"{corpus / 'contract.txt'}: facts[0]")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["stats", "--db", "{tmp}/none.lbug"], "no graph here yet"),
        (["stats", "--neo4j"], "NEO4J_URI"),
        (["stats", "--db", "{tmp}/x.lbug", "--neo4j"], "not both"),
        (["build", "{tmp}/missing-folder", "--db", "{tmp}/x.lbug"], "no such file or folder"),
        (["build", "{tmp}", "--neo4j"], "NEO4J_URI"),
    ],
)
def test_expected_errors_are_one_line(corpus, tmp_path, monkeypatch, args, message):
    monkeypatch.delenv("NEO4J_URI", raising=False)
    result = invoke(*[arg.replace("{tmp}", str(tmp_path)) for arg in args])
    assert result.exit_code == 1
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output


@pytest.mark.parametrize("command", ["build", "stats"])
def test_commands_have_help(command):
    result = invoke(command, "--help")
    assert result.exit_code == 0
    assert "--db" in result.stdout and "--neo4j" in result.stdout
