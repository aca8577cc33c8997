"""Outputs never overwrite an input or a store, and a failed write leaves the old file or none."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from policykg.cli import app
from policykg.graph import export
from policykg.graph.engines import open_store
from policykg.outputs import OutputError, atomic_path, check_output

runner = CliRunner()
TEXT = "江西省人民政府关于加快光伏产业发展的意见\n\n责任单位：省工信委、省发改委\n"


def invoke(*args):
    return runner.invoke(app, [str(arg) for arg in args])


def assert_one_line_error(result, *fragments):
    assert result.exit_code != 0, result.output
    assert "Traceback" not in result.output
    lines = [line for line in result.stderr.strip().splitlines() if "documents extracted" not in line]
    assert len(lines) == 1, result.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


@pytest.fixture(scope="module")
def db(one_document_db):
    return one_document_db


def snapshot(path):
    return path.read_bytes()


def test_extract_refuses_to_write_over_its_input(tmp_path):
    source = tmp_path / "a.txt"
    source.write_text(TEXT, encoding="utf-8")
    result = invoke("extract", source, "-o", source)
    assert_one_line_error(result, str(source), "input")
    assert source.read_text(encoding="utf-8") == TEXT


def test_extract_refuses_to_write_over_a_document_of_an_input_folder(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    result = invoke("extract", tmp_path, "-o", tmp_path / "a.txt")
    assert_one_line_error(result, "a.txt", "input")
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == TEXT


def test_extract_refuses_to_write_over_a_store(db, tmp_path):
    source = tmp_path / "a.txt"
    source.write_text(TEXT, encoding="utf-8")
    before = snapshot(db)
    assert_one_line_error(invoke("extract", source, "-o", db), str(db), "graph store")
    assert snapshot(db) == before


@pytest.mark.parametrize("output_format", ["json", "graphml", "gexf"])
def test_export_refuses_to_write_over_the_store_it_reads(db, output_format):
    before = snapshot(db)
    result = invoke("export", "--format", output_format, "-o", db, "--db", db)
    assert_one_line_error(result, str(db), "graph store")
    assert snapshot(db) == before
    with open_store(db, read_only=True) as store:
        assert store.stats()["nodes"]["Document"] == 1


def test_export_refuses_to_write_over_another_store(db, tmp_path):
    other = tmp_path / "other.lbug"
    other.write_bytes(snapshot(db))
    assert_one_line_error(invoke("export", "--format", "json", "-o", other, "--db", db), str(other), "graph store")
    assert other.read_bytes() == snapshot(db)


def test_a_failed_export_leaves_the_old_file(db, tmp_path, monkeypatch):
    target = tmp_path / "graph.json"
    target.write_text("old\n", encoding="utf-8")

    def half_then_fail(graph, path):
        path.write_text("half", encoding="utf-8")
        raise OSError(28, "No space left on device")

    monkeypatch.setitem(export.WRITERS, "json", half_then_fail)
    result = invoke("export", "--format", "json", "-o", target, "--db", db)
    assert_one_line_error(result, str(target), "No space left on device")
    assert target.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.json"]


def test_a_failed_export_to_a_new_file_leaves_none(db, tmp_path, monkeypatch):
    monkeypatch.setitem(export.WRITERS, "json", lambda graph, path: (_ for _ in ()).throw(OSError(5, "I/O error")))
    assert invoke("export", "--format", "json", "-o", tmp_path / "g.json", "--db", db).exit_code == 1
    assert list(tmp_path.iterdir()) == []


def test_a_failed_extraction_leaves_the_old_records(tmp_path, monkeypatch):
    source = tmp_path / "a.txt"
    source.write_text(TEXT, encoding="utf-8")
    records = tmp_path / "records.jsonl"
    records.write_text("old\n", encoding="utf-8")

    def broken(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("policykg.loaders.pipeline.extract_documents", broken)
    invoke("extract", source, "-o", records)
    assert records.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "records.jsonl"]


def test_atomic_path_keeps_the_old_file_on_error(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(ValueError), atomic_path(target) as partial:
        partial.write_text("new", encoding="utf-8")
        raise ValueError
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_check_output_refuses_the_store_and_its_log(db):
    with pytest.raises(OutputError, match="graph store"):
        check_output(db.with_name(db.name + ".wal"), stores=[db])


def test_extract_to_a_folder_or_an_unwritable_path_is_one_line(tmp_path):
    source = tmp_path / "a.txt"
    source.write_text(TEXT, encoding="utf-8")
    assert_one_line_error(invoke("extract", source, "-o", tmp_path), str(tmp_path), "folder")
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    assert_one_line_error(
        invoke("extract", source, "-o", blocker / "records.jsonl"), "records.jsonl", "cannot be written"
    )
