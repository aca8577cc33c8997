"""The gold-free audit: statements, units, sector items and names, in the library and through the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from policykg.loaders.quality.audit import StatementReader, audit_record, audit_records

ROOT = Path(__file__).resolve().parent.parent
TEXT = (
    "某市数字经济实施方案\n"
    "1.发展集成电路、软件和信息服务业等产业。（市工信局牵头，市财政局配合）\n"
    "2.推进物流、会展等业态发展。\n"
    "责任单位：市商务局、市大数据局\n"
)


def record(facts, entities):
    return {"doc": "a.txt", "entities": entities, "facts": facts}


def test_statements_reach_back_to_their_task():
    statements = StatementReader().statements(TEXT)
    assert [s.units for s in statements] == [["市工信局", "市财政局"], ["市商务局", "市大数据局"]]
    second = statements[1]
    assert TEXT.index("推进物流") >= second.task_start and second.end == TEXT.index("市大数据局") + len("市大数据局")


def test_units_recognised_tied_and_missed():
    start = TEXT.index("集成电路")
    entities = [
        {"type": "Department", "name": "某市工业和信息化局", "aliases": ["市工信局"]},
        {"type": "Department", "name": "某市商务局", "aliases": ["市商务局"]},
        {"type": "Industry", "name": "集成电路", "aliases": []},
        {"type": "Industry", "name": "物流", "aliases": []},
        {"type": "Department", "name": "配合单位：市财政局", "aliases": []},
    ]
    facts = [{"rel": "RESPONSIBLE_FOR", "head": "市工信局", "tail": "集成电路", "start": start, "end": start + 4}]
    audit = audit_record(TEXT, record(facts, entities))
    counts = audit.counts
    assert counts["units_listed"] == 4 and counts["units_recognised"] == 2 and counts["units_tied"] == 1
    assert audit.misses["unit"] == ["市财政局", "市大数据局"]
    assert audit.misses["unit-no-fact"] == ["市商务局"]
    assert counts["sector_items"] == 4 and counts["sectors_recognised"] == 2
    assert sorted(audit.misses["sector"]) == ["会展", "软件和信息服务业"]
    assert counts["dirty_names"] == 1


def test_report_totals_and_unmatched_documents():
    report = audit_records([("a.txt", TEXT), ("b.txt", "无")], [record([], [])])
    assert report.unmatched == ["b.txt"]
    assert report.ratios["units_recognised"] == 0.0
    assert json.loads(report.to_json())["documents"] == 1


@pytest.mark.slow
def test_audit_command_on_the_bundled_corpus(tmp_path):
    folder = ROOT / "data" / "corpus"
    records = tmp_path / "records.jsonl"
    cli = [sys.executable, "-m", "policykg.cli"]
    subprocess.run([*cli, "extract", str(folder), "-o", str(records), "-q"], check=True)
    out = subprocess.run(
        [*cli, "audit", str(folder), "--records", str(records), "--json"], check=True, capture_output=True, text=True
    ).stdout
    report = json.loads(out)
    assert report["documents"] == len(list(folder.iterdir()))
    assert report["ratios"]["units_recognised"] >= 0.9 and report["ratios"]["dirty_names"] == 0
    text = subprocess.run(
        [*cli, "audit", str(folder), "--records", str(records)], check=True, capture_output=True, text=True
    ).stdout
    assert "units listed → recognised as bodies" in text


def test_audit_of_a_missing_records_file_is_one_line(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "policykg.cli",
            "audit",
            str(ROOT / "data" / "corpus"),
            "--records",
            str(tmp_path / "none.jsonl"),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert len(result.stderr.strip().splitlines()) == 1 and "none.jsonl" in result.stderr
