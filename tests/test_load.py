"""Record → rows: ids, name resolution, targets, deduplication, and contract violations."""

from __future__ import annotations

import pytest

from policykg.errors import SchemaError
from policykg.graph import schema
from policykg.graph.rows import DocumentRows, prepare_record, target_id
from policykg.models import Entity, Fact, Record, Target
from policykg.names import entity_id


def record(**overrides) -> Record:
    base = dict(
        doc="a.txt",
        title="测试文件",
        year=2020,
        content_hash="h1",
        entities=[
            Entity(type="Department", name="江西省工业和信息化委员会", aliases=["省工信委", "江西省工信委"]),
            Entity(type="Department", name="省工信委电子信息处", aliases=["电子信息处"]),
            Entity(type="Department", name="南昌市", aliases=["南昌市政府"]),
            Entity(type="Place", name="南昌市"),
            Entity(type="Industry", name="光伏", aliases=["光伏产业"]),
            Entity(type="Event", name="光伏推进会", attributes={"date": "2011-11"}),
        ],
        facts=[
            Fact(rel="RESPONSIBLE_FOR", head="省工信委", tail="光伏产业", role="lead", evidence="省工信委牵头", start=3, end=9),
            Fact(rel="PART_OF", head="电子信息处", tail="省工信委", evidence="省工信委电子信息处"),
            Fact(rel="LOCATED_IN", head="光伏推进会", tail="南昌市", evidence="在南昌市举办"),
            Fact(rel="RESPONSIBLE_FOR", head="南昌市", tail="光伏推进会", role="host", evidence="南昌市承办"),
        ],
        targets=[
            Target(subject="光伏", metric="主营业务收入", value=1000, unit="亿元", year=2014,
                   responsible=["省工信委", "南昌市政府"], evidence="光伏主营业务收入达到1000亿元"),
            Target(subject="光伏推进会", metric="会议规模", value=250, unit="人"),
        ],
    )  # fmt: skip
    base.update(overrides)
    return Record(**base)


def relationships(rows: DocumentRows, rel_type: str) -> list[dict]:
    return [row for (kind, _, _), group in rows.relationships.items() if kind == rel_type for row in group]


def test_ids_are_label_and_canonical_name():
    rows = prepare_record(record())
    departments = {row["id"] for row in rows.nodes["Department"]}
    assert "Department:江西省工业和信息化委员会" in departments
    assert rows.document["id"] == "Document:a.txt"
    assert entity_id("Platform", " 南昌 VR 科创城 ") == "Platform:南昌VR科创城"


def test_rows_are_deterministic():
    first, second = prepare_record(record()), prepare_record(record())
    assert first.fingerprint == second.fingerprint
    assert first.relationships == second.relationships
    changed = prepare_record(record(content_hash="h2"))
    assert changed.fingerprint != first.fingerprint


def test_names_resolve_to_the_label_the_relationship_allows():
    rows = prepare_record(record())
    (located,) = [row for row in relationships(rows, "LOCATED_IN") if not row.get("derived")]
    assert located["tail"] == "Place:南昌市"
    hosts = [row for row in relationships(rows, "RESPONSIBLE_FOR") if row["role"] == "host"]
    assert [row["head"] for row in hosts] == ["Department:南昌市"]


def test_fact_rows_carry_provenance():
    rows = prepare_record(record())
    lead = next(row for row in relationships(rows, "RESPONSIBLE_FOR") if row["role"] == "lead")
    assert lead["head"] == "Department:江西省工业和信息化委员会"
    assert lead["tail"] == "Industry:光伏"
    assert (lead["doc"], lead["evidence"], lead["start"], lead["end"], lead["year"]) == (
        "a.txt",
        "省工信委牵头",
        3,
        9,
        2020,
    )
    assert set(lead) == {"head", "tail", *schema.relationship_columns("RESPONSIBLE_FOR")}


def test_targets_become_nodes_with_their_links():
    rows = prepare_record(record())
    targets = {row["metric"]: row for row in rows.nodes["Target"]}
    income = targets["主营业务收入"]
    assert income["id"] == target_id("a.txt", "主营业务收入", 1000, "亿元", 2014, "光伏")
    assert (income["value"], income["unit"], income["year"], income["doc"]) == (1000.0, "亿元", 2014, "a.txt")
    assert {(row["head"], row["tail"]) for row in relationships(rows, "TARGETS")} == {(income["id"], "Industry:光伏")}
    responsible = {row["head"] for row in relationships(rows, "RESPONSIBLE_FOR") if row["tail"] == income["id"]}
    assert responsible == {"Department:江西省工业和信息化委员会", "Department:南昌市"}
    # An Event is not a TARGETS tail: the subject stays on the node, and the year defaults to the document's.
    assert targets["会议规模"]["subject"] == "光伏推进会"
    assert targets["会议规模"]["year"] == 2020


def test_every_node_is_mentioned_with_the_names_this_document_used():
    rows = prepare_record(record())
    mentioned = {row["head"]: row for group in rows.mentions.values() for row in group}
    assert set(mentioned) == {row["id"] for group in rows.nodes.values() for row in group}
    assert mentioned["Department:江西省工业和信息化委员会"]["aliases"] == ["省工信委", "江西省工信委"]
    assert rows.document["entity_count"] == len(mentioned)
    assert rows.document["relationship_count"] == sum(len(group) for group in rows.relationships.values())


def test_duplicates_collapse():
    entities = [
        Entity(type="Industry", name="光伏", aliases=["光伏产业"]),
        Entity(type="Industry", name="光伏", aliases=["光伏行业"]),
        Entity(type="Department", name="省工信委"),
    ]
    facts = [Fact(rel="RESPONSIBLE_FOR", head="省工信委", tail="光伏", evidence="x")] * 2
    rows = prepare_record(record(entities=entities, facts=facts, targets=[]))
    (industry,) = rows.nodes["Industry"]
    assert industry["aliases"] == ["光伏产业", "光伏行业"]
    assert "光伏行业" in industry["search"].split("\n")
    assert len(relationships(rows, "RESPONSIBLE_FOR")) == 1


def test_event_date_comes_from_attributes():
    rows = prepare_record(record())
    (event,) = rows.nodes["Event"]
    assert event["date"] == "2011-11"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"entities": [{"type": "Ministry", "name": "某部"}]}, "entities[0]"),
        ({"entities": [{"type": "Department", "name": "  "}]}, "entities[0]"),
        ({"facts": [{"rel": "RESPONSIBLE_FOR", "head": "省工信委", "tail": "无此产业", "evidence": "x"}]}, "无此产业"),
        (
            {"facts": [{"rel": "RESPONSIBLE_FOR", "head": "光伏", "tail": "光伏", "evidence": "x"}]},
            "is labelled Industry",
        ),
        ({"facts": [{"rel": "OWNS", "head": "省工信委", "tail": "光伏"}]}, "facts[0]"),
        ({"targets": [{"metric": "产值", "value": 1, "unit": "亿元", "responsible": ["无此单位"]}]}, "无此单位"),
    ],
)
def test_contract_violations_name_the_doc_and_the_item(change, expected):
    data = record().model_dump()
    data.update(change)
    with pytest.raises(SchemaError) as caught:
        prepare_record(data)
    message = str(caught.value)
    assert message.startswith("a.txt: ")
    assert expected in message


def test_constructed_records_are_validated_again():
    bad = Record.model_construct(
        doc="b.txt", entities=[Entity.model_construct(type="Ministry", name="某部", aliases=[])]
    )
    with pytest.raises(SchemaError, match="b.txt"):
        prepare_record(bad)


def test_gold_records_prepare(gold_records):
    for gold in gold_records:
        rows = prepare_record(gold)
        assert rows.document["name"] == gold.doc
        assert rows.relationship_counts()["MENTIONED_IN"] == rows.document["entity_count"]


def test_the_fingerprint_ignores_the_order_of_entities_and_aliases():
    original = record()
    shuffled = record(
        entities=[
            entity.model_copy(update={"aliases": list(reversed(entity.aliases))})
            for entity in reversed(original.entities)
        ]
    )
    assert prepare_record(shuffled).fingerprint == prepare_record(original).fingerprint
    fewer = record(entities=original.entities[:-1], facts=original.facts[:-2])
    assert prepare_record(fewer).fingerprint != prepare_record(original).fingerprint
