"""Scoring of extraction records (loaders/quality/evaluate.py) and the ``policykg evaluate`` command."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from policykg.errors import LoadError, PolicyKGError, SchemaError
from policykg.loaders.quality.evaluate import (
    EvaluationReport,
    evaluate,
    load_records_file,
    prf,
    score_document,
)
from policykg.names import comparison_key

ROOT = Path(__file__).resolve().parents[1]
GOLD_SETS = {
    "sample": (ROOT / "tests" / "data" / "gold", ROOT / "data" / "corpus"),
    "dev": (ROOT / "tests" / "data" / "dev" / "gold", ROOT / "tests" / "data" / "dev" / "docs"),
}

# --- a small hand-made document and its gold record -------------------------------------

TEXT = (
    "一、扩大对外开放\n"
    "省商务厅负责稳住外贸基本盘，到2025年外贸进出口总额达到500亿美元。\n"
    "省工信厅负责做大光伏产业，2025年光伏主营业务收入达到1000亿元。\n"
    "赣州经济技术开发区位于赣州市，由省工信厅负责推进园区建设。\n"
    "省工信厅电子信息处负责振兴工业，培育2—3个龙头企业。\n"
)
DOC = "plan.txt"


def gold_record() -> dict[str, Any]:
    return {
        "doc": DOC,
        "title": "测试方案",
        "year": 2025,
        "entities": [
            {"type": "Department", "name": "江西省商务厅", "aliases": ["省商务厅"]},
            {"type": "Department", "name": "江西省工业和信息化厅", "aliases": ["省工信厅"]},
            {"type": "Industry", "name": "外贸", "aliases": ["对外贸易"]},
            {"type": "Industry", "name": "光伏", "aliases": ["光伏产业"]},
            {"type": "Platform", "name": "赣州经济技术开发区", "aliases": ["赣州经开区"]},
            {"type": "Place", "name": "赣州市"},
            {"type": "Industry", "name": "工业", "optional": True},
            {"type": "Department", "name": "省工信厅电子信息处", "aliases": ["电子信息处"]},
        ],
        "facts": [
            {
                "rel": "RESPONSIBLE_FOR",
                "head": "省商务厅",
                "tail": "外贸",
                "role": "responsible",
                "evidence": "省商务厅负责稳住外贸基本盘",
            },
            {
                "rel": "RESPONSIBLE_FOR",
                "head": "省工信厅",
                "tail": "光伏",
                "role": "responsible",
                "evidence": "省工信厅负责做大光伏产业",
            },
            {
                "rel": "RESPONSIBLE_FOR",
                "head": "省工信厅",
                "tail": "赣州经开区",
                "role": "responsible",
                "evidence": "由省工信厅负责推进园区建设",
            },
            {
                "rel": "LOCATED_IN",
                "head": "赣州经济技术开发区",
                "tail": "赣州市",
                "evidence": "赣州经济技术开发区位于赣州市",
            },
            {"rel": "PART_OF", "head": "电子信息处", "tail": "省工信厅", "evidence": "省工信厅电子信息处"},
            # about an optional entity: optional
            {
                "rel": "RESPONSIBLE_FOR",
                "head": "电子信息处",
                "tail": "工业",
                "evidence": "省工信厅电子信息处负责振兴工业",
            },
            {
                "rel": "RESPONSIBLE_FOR",
                "head": "省商务厅",
                "tail": "光伏",
                "optional": True,
                "evidence": "省工信厅负责做大光伏产业",
            },
        ],
        "targets": [
            {"subject": "光伏", "metric": "主营业务收入", "value": 1000, "unit": "亿元", "year": 2025},
            {"subject": "外贸", "metric": "进出口总额", "value": 500, "unit": "亿美元", "year": 2025},
            {"metric": "龙头企业数量", "value": 2, "unit": "个", "year": 2025, "optional": True},  # a range
        ],
    }


def system_from_gold(**changes: Any) -> dict[str, Any]:
    """A system record that reproduces the gold record, with some parts replaced."""
    record = copy.deepcopy(gold_record())
    for entity in record["entities"]:
        entity.pop("optional", None)
    for fact in record["facts"]:
        fact.pop("optional", None)
    for target in record["targets"]:
        target.pop("optional", None)
    record.update(changes)
    return record


def fact(head: str, tail: str, rel: str = "RESPONSIBLE_FOR", evidence: str = "") -> dict[str, Any]:
    return {"rel": rel, "head": head, "tail": tail, "evidence": evidence}


def row(report: EvaluationReport, name: str) -> tuple[float, float, float, int, int]:
    score = report.rows[name]
    return score.p, score.r, score.f1, score.sys, score.gold


@pytest.fixture()
def docs_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / DOC).write_text(TEXT, encoding="utf-8")
    return folder


# --- pure helpers ----------------------------------------------------------------------


def test_comparison_key_removes_space_and_quotes_and_folds_brackets() -> None:
    assert comparison_key("  省 工信厅\u3000") == "省工信厅"
    assert comparison_key('「光伏」‘产业’"') == "光伏产业"
    assert comparison_key("开发区（筹）") == comparison_key("开发区(筹)")
    assert comparison_key("") == comparison_key(None) == ""


def test_prf_edge_cases() -> None:
    assert prf(1, 2, 1, 4) == pytest.approx((0.5, 0.25, 1 / 3))
    assert prf(0, 3, 0, 0) == (0.0, 1.0, 0.0)
    assert prf(0, 0, 0, 0) == (1.0, 1.0, 1.0)


# --- gold against itself ------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(GOLD_SETS))
def test_gold_scored_against_itself_is_perfect(name: str) -> None:
    gold_dir, docs = GOLD_SETS[name]
    report = evaluate(gold_dir, gold_dir, docs)
    assert report.missing == [] and report.ignored == []
    assert {"fact:RESPONSIBLE_FOR->Industry", "fact:ALL", "entity:ALL", "evidence"} <= set(report.rows)
    for measure, score in report.rows.items():
        if measure == "evidence":
            assert score.p == 1.0 and score.sys == score.gold > 0
        else:
            assert (score.p, score.r, score.f1) == (1.0, 1.0, 1.0), measure
    assert all(scores == {"fact:RESPONSIBLE_FOR->Industry": 1.0} for scores in report.per_doc.values())


def test_small_gold_against_itself(docs_dir: Path) -> None:
    report = evaluate([gold_record()], [system_from_gold()], docs_dir)
    assert row(report, "entity:ALL") == (1.0, 1.0, 1.0, 7, 7)
    assert row(report, "entity:Department") == (1.0, 1.0, 1.0, 3, 3)
    assert row(report, "fact:ALL") == (1.0, 1.0, 1.0, 5, 5)
    assert row(report, "fact:RESPONSIBLE_FOR->Industry") == (1.0, 1.0, 1.0, 2, 2)
    assert row(report, "fact:RESPONSIBLE_FOR->Platform") == (1.0, 1.0, 1.0, 1, 1)
    assert row(report, "targets") == (1.0, 1.0, 1.0, 2, 2)
    # the two optional facts are not checked; the five scored ones are verbatim
    assert row(report, "evidence") == (1.0, 0.0, 0.0, 5, 5)
    assert list(report.rows)[-2:] == ["fact:ALL", "entity:ALL"]


# --- perturbed systems, hand-computed -----------------------------------------------------------


def test_dropped_facts_lower_recall() -> None:
    system = system_from_gold()
    system["facts"] = [
        f
        for f in system["facts"]
        if (f["head"], f["tail"]) not in {("省工信厅", "光伏"), ("赣州经济技术开发区", "赣州市")}
    ]
    report = evaluate([gold_record()], [system])
    assert row(report, "fact:RESPONSIBLE_FOR->Industry") == (1.0, 0.5, 0.667, 1, 2)
    assert row(report, "fact:LOCATED_IN") == (0.0, 0.0, 0.0, 0, 1)
    assert row(report, "fact:ALL") == (1.0, 0.6, 0.75, 3, 5)
    assert report.per_doc == {DOC: {"fact:RESPONSIBLE_FOR->Industry": pytest.approx(2 / 3)}}


def test_wrong_facts_lower_precision() -> None:
    system = system_from_gold()
    system["facts"] += [
        fact("省商务厅", "赣州经开区"),
        fact("省工信厅", "外贸"),
        fact("光伏", "赣州市", rel="LOCATED_IN"),
        fact("省商务厅", "新能源汽车"),  # names no gold entity
    ]
    report = evaluate([gold_record()], [system])
    assert row(report, "fact:RESPONSIBLE_FOR->Industry") == (0.667, 1.0, 0.8, 3, 2)
    assert row(report, "fact:RESPONSIBLE_FOR->Platform") == (0.5, 1.0, 0.667, 2, 1)
    assert row(report, "fact:LOCATED_IN") == (0.5, 1.0, 0.667, 2, 1)
    assert row(report, "fact:RESPONSIBLE_FOR->?") == (0.0, 1.0, 0.0, 1, 0)
    assert row(report, "fact:ALL") == (0.556, 1.0, 0.714, 9, 5)


def test_duplicate_facts_count_once() -> None:
    system = system_from_gold()
    system["facts"] += [fact(" 省商务厅", "外贸 "), fact("省商务厅", "外贸")]
    report = evaluate([gold_record()], [system])
    assert row(report, "fact:RESPONSIBLE_FOR->Industry") == (1.0, 1.0, 1.0, 2, 2)


def test_facts_may_use_gold_aliases_and_the_records_own_aliases() -> None:
    system = {
        "doc": DOC,
        "entities": [
            {"type": "Department", "name": "省商务厅", "aliases": ["商务厅"]},
            {"type": "Industry", "name": "对外贸易"},
        ],
        "facts": [
            fact("商务厅", "对外贸易"),  # own alias → 江西省商务厅; gold alias → 外贸
            fact("“江西省工业和信息化厅”", "光伏 产业"),  # quotes and space aside, gold names
            fact("工信厅", "光伏"),  # an alias nobody declared: resolves to nothing
        ],
    }
    report = evaluate([gold_record()], [system])
    assert row(report, "fact:RESPONSIBLE_FOR->Industry") == (0.667, 1.0, 0.8, 3, 2)
    assert row(report, "entity:Department") == (1.0, 0.333, 0.5, 1, 3)
    assert row(report, "entity:Industry") == (1.0, 0.5, 0.667, 1, 2)


def test_own_alias_that_names_two_gold_entities_resolves_to_neither() -> None:
    system = {
        "doc": DOC,
        "entities": [{"type": "Department", "name": "工信部门", "aliases": ["省工信厅", "电子信息处"]}],
        "facts": [fact("工信部门", "光伏"), fact("工信部门", "省工信厅", rel="PART_OF")],
    }
    report = evaluate([gold_record()], [system])
    # the entity names gold Departments, so it is right and finds both of them
    assert row(report, "entity:Department") == (1.0, 0.667, 0.8, 1, 3)
    assert row(report, "fact:RESPONSIBLE_FOR->Industry") == (0.0, 0.0, 0.0, 1, 2)
    assert row(report, "fact:PART_OF") == (0.0, 0.0, 0.0, 1, 1)


def test_optional_items_are_neither_rewarded_nor_penalised() -> None:
    system = {
        "doc": DOC,
        "entities": [{"type": "Industry", "name": "工业"}],
        "facts": [
            fact("电子信息处", "工业"),  # gold fact about an optional entity
            fact("省商务厅", "光伏"),  # gold fact marked optional
            fact("省商务厅", "工业"),  # not in gold, but about an optional entity
        ],
        "targets": [{"subject": "龙头企业", "value": 2, "unit": "个", "year": 2025}],
    }
    report = evaluate([gold_record()], [system])
    assert row(report, "entity:Industry") == (0.0, 0.0, 0.0, 0, 2)
    assert row(report, "fact:RESPONSIBLE_FOR->Industry") == (0.0, 0.0, 0.0, 0, 2)
    assert row(report, "fact:ALL") == (0.0, 0.0, 0.0, 0, 5)
    assert row(report, "targets") == (0.0, 0.0, 0.0, 0, 2)


def test_evidence_share_counts_scored_facts_only(docs_dir: Path) -> None:
    system = system_from_gold()
    system["facts"][0]["evidence"] = "省商务厅负责全面扩大进口"  # not in the document
    system["facts"][1]["evidence"] = "省工信厅负责做大“光伏产业”"  # quotes aside, verbatim
    system["facts"][2]["evidence"] = ""
    system["facts"][5]["evidence"] = "编造的句子"  # optional fact: not checked
    report = evaluate([gold_record()], [system], docs_dir)
    assert row(report, "evidence") == (0.6, 0.0, 0.0, 5, 3)


def test_evidence_needs_the_document_text(tmp_path: Path, docs_dir: Path) -> None:
    assert "evidence" not in evaluate([gold_record()], [system_from_gold()]).rows
    assert "evidence" not in evaluate([gold_record()], [system_from_gold()], tmp_path).rows
    with_path = system_from_gold(path=str(docs_dir / DOC))
    assert row(evaluate([gold_record()], [with_path]), "evidence") == (1.0, 0.0, 0.0, 5, 5)


def test_evidence_is_checked_against_the_text_as_the_loaders_read_it(tmp_path: Path) -> None:
    document = tmp_path / "plan.txt"
    document.write_bytes(TEXT.replace("\n", "\r\n").encode("gb18030"))
    system = system_from_gold(path=str(document))
    assert row(evaluate([gold_record()], [system]), "evidence") == (1.0, 0.0, 0.0, 5, 5)


def test_targets_match_on_value_unit_year_and_gold_subject() -> None:
    targets = [
        {"subject": "光伏产业", "metric": "收入", "value": "1000.0", "unit": " 亿元", "year": 2025},  # right
        {"subject": "光伏", "metric": "进出口总额", "value": 500, "unit": "亿美元", "year": 2025},  # wrong subject
        {"subject": "光伏", "metric": "主营业务收入", "value": 1000, "unit": "亿元", "year": 2024},  # wrong year
        {"metric": "数量", "value": 2, "unit": "个", "year": 2025},  # optional gold target: not counted
    ]
    report = evaluate([gold_record()], [system_from_gold(targets=targets)])
    assert row(report, "targets") == (0.333, 0.5, 0.4, 3, 2)


def test_gold_target_without_subject_matches_any_subject() -> None:
    gold = gold_record()
    del gold["targets"][1]["subject"]
    system = system_from_gold(
        targets=[{"subject": "光伏", "metric": "x", "value": 500, "unit": "亿美元", "year": 2025}]
    )
    assert row(evaluate([gold], [system]), "targets") == (1.0, 0.5, 0.667, 1, 2)


def test_entities_match_by_label_and_any_name() -> None:
    system = {
        "doc": DOC,
        "entities": [
            {"type": "Department", "name": "商务厅", "aliases": ["省商务厅"]},  # alias names the gold entity
            {"type": "Industry", "name": "赣州市"},  # the name is a Place in gold
            {"type": "Place", "name": "赣州市"},
            {"type": "Place", "name": "赣州市"},  # duplicate: counted once
            {"type": "Enterprise", "name": "某某集团"},
        ],
    }
    report = evaluate([gold_record()], [system])
    assert row(report, "entity:Department") == (1.0, 0.333, 0.5, 1, 3)
    assert row(report, "entity:Industry") == (0.0, 0.0, 0.0, 1, 2)
    assert row(report, "entity:Place") == (1.0, 1.0, 1.0, 1, 1)
    assert row(report, "entity:Enterprise") == (0.0, 1.0, 0.0, 1, 0)
    assert row(report, "entity:ALL") == (0.5, 0.286, 0.364, 4, 7)


def test_missing_and_unmatched_records_are_listed() -> None:
    other = gold_record() | {"doc": "other.txt"}
    system = system_from_gold(doc="out/plan.txt")
    report = evaluate([gold_record(), other], [system, {"doc": "stray.txt"}])
    assert report.missing == ["other.txt"]
    assert report.ignored == ["stray.txt"]
    # the missing document counts as an empty record
    assert row(report, "fact:ALL") == (1.0, 0.5, 0.667, 5, 10)
    assert report.per_doc["other.txt"] == {"fact:RESPONSIBLE_FOR->Industry": 0.0}
    assert json.loads(report.to_json()) == {
        "rows": {name: score.model_dump() for name, score in report.rows.items()},
        "docs": report.per_doc,
        "missing": ["other.txt"],
    }


def test_score_document_with_empty_system_record() -> None:
    rows = score_document(gold_record(), {})
    assert rows["fact:RESPONSIBLE_FOR->Industry"].model_dump() == {"tp_sys": 0, "n_sys": 0, "tp_gold": 0, "n_gold": 2}
    assert "evidence" not in rows


def test_records_may_be_models() -> None:
    from policykg.models import Record

    record = Record.model_validate(system_from_gold())
    assert row(evaluate([gold_record()], [record]), "fact:ALL") == (1.0, 1.0, 1.0, 5, 5)


@pytest.mark.parametrize(
    ("gold", "system", "error", "message"),
    [
        ([], [], LoadError, "no gold records"),
        ([{"entities": []}], [], SchemaError, 'no "doc"'),
        ([gold_record(), gold_record()], [], SchemaError, "two gold records for plan.txt"),
        ([{"doc": DOC, "entities": [{"type": "Industry"}], "facts": []}], [], SchemaError, "entity 1 lacks name"),
        (
            [{"doc": DOC, "entities": [], "facts": [{"rel": "PART_OF", "head": "a"}]}],
            [],
            SchemaError,
            "fact 1 lacks tail",
        ),
        ([gold_record()], [{"doc": DOC, "facts": "none"}], SchemaError, '"facts" must be a list'),
        ([gold_record()], ["plan.txt"], SchemaError, "not a record"),
    ],
)
def test_bad_records_raise_clear_errors(gold: Any, system: Any, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        evaluate(gold, system)


# --- reading records files ----------------------------------------------------------------------


def test_load_records_file_reads_every_form(tmp_path: Path) -> None:
    records = [{"doc": "a.txt", "facts": []}, {"doc": "b.txt", "facts": []}]
    folder = tmp_path / "dir"
    folder.mkdir()
    for record in records:
        (folder / record["doc"].replace(".txt", ".json")).write_text(json.dumps(record, indent=2), encoding="utf-8")
    (folder / "notes.md").write_text("not a record", encoding="utf-8")
    jsonl = tmp_path / "r.jsonl"
    jsonl.write_text("\n".join(json.dumps(r) for r in records) + "\n\n", encoding="utf-8")
    listing = tmp_path / "list.json"
    listing.write_text(json.dumps(records, indent=1), encoding="utf-8")
    wrapped = tmp_path / "wrapped.json"
    wrapped.write_text(json.dumps({"documents": records}), encoding="utf-8")
    single = tmp_path / "one.json"
    single.write_text("\ufeff" + json.dumps(records[0], indent=2), encoding="utf-8")
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n", encoding="utf-8")
    for path in (folder, jsonl, listing, wrapped):
        assert load_records_file(path) == records
    assert load_records_file(single) == records[:1]
    assert load_records_file(empty) == []


def test_load_records_file_names_the_bad_line(tmp_path: Path) -> None:
    bad = tmp_path / "records.jsonl"
    bad.write_text('{"doc": "a.txt"}\n{"doc": "b.txt"}\n{"doc": "c.txt", \n', encoding="utf-8")
    with pytest.raises(LoadError, match=r"records\.jsonl: line 3: invalid JSON") as caught:
        load_records_file(bad)
    assert isinstance(caught.value, PolicyKGError)
    broken = tmp_path / "gold.json"
    broken.write_text('{\n  "doc": "a.txt",\n  "facts": [,]\n}\n', encoding="utf-8")
    with pytest.raises(LoadError, match=r"gold\.json: line 3: invalid JSON"):
        load_records_file(broken)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'["a.txt"]', "item 1: expected a JSON object"),
        (b'{"doc": "a.txt"}\n[1, 2]\n', "line 2: invalid JSON|line 2: expected a JSON object"),
        (b"\xff\xfe\x00{", "not UTF-8"),
    ],
)
def test_load_records_file_refuses_non_records(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "records.jsonl"
    path.write_bytes(content)
    with pytest.raises(LoadError, match=message):
        load_records_file(path)


def test_load_records_file_missing_path(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="no such file or folder"):
        load_records_file(tmp_path / "nowhere.jsonl")
