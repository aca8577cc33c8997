"""The bulk load path: many new documents per transaction, new rows by COPY FROM.

Every test compares the bulk path with the per-document path on the same engine:
both must leave the same nodes and relationships, property for property. On the
embedded store ``copy`` runs the bulk path with every new table copied
(``COPY_MIN_ROWS`` = 1), ``unwind`` with none (batched ``UNWIND ... CREATE``
only), so both insert forms are exercised on small inputs; ``neo4j`` runs it on
Neo4j (batched ``UNWIND ... MERGE``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import NEO4J_SKIP, StoreFactory, neo4j_configured

from policykg.errors import QueryError
from policykg.graph import embedded
from policykg.graph import write as write_module
from policykg.graph.embedded import rows_table
from policykg.graph.engines import open_store
from policykg.graph.store import GraphStore
from policykg.models import Entity, Fact, Record, Target

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "corpus"
DEV_GOLD = Path(__file__).resolve().parent / "data" / "dev" / "gold"


@pytest.fixture(params=["copy", "unwind", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def bulk_factory(request, monkeypatch, tmp_path) -> StoreFactory:
    """Opens stores for the bulk path: embedded with each insert form, or Neo4j (see the module's docstring)."""
    if request.param == "neo4j":
        if not neo4j_configured():
            pytest.skip(NEO4J_SKIP)
        return StoreFactory("neo4j", tmp_path, request.node.nodeid)
    monkeypatch.setattr(embedded, "COPY_MIN_ROWS", 1 if request.param == "copy" else 10**9)
    return StoreFactory("embedded", tmp_path, request.node.nodeid)


@pytest.fixture(scope="module")
def extracted_records() -> list[Record]:
    from policykg.loaders.pipeline import extract_documents

    outcomes = list(extract_documents([CORPUS]))
    assert all(outcome.record is not None for outcome in outcomes), [str(o.error) for o in outcomes]
    return [outcome.record for outcome in outcomes]


@pytest.fixture(scope="module")
def dev_records() -> list[Record]:
    from conftest import gold_record

    return [gold_record(path) for path in sorted(DEV_GOLD.glob("*.json"))]


def many(records: list[Record], copies: int) -> list[Record]:
    """The records again under other document names: more documents, sharing every entity."""
    return [record.model_copy(update={"doc": f"{n}-{record.doc}"}) for n in range(copies) for record in records]


def awkward(doc: str = "x.txt") -> Record:
    """Names and evidence that CSV-style quoting would break: commas, quotes, brackets, new lines."""
    return Record(
        doc=doc,
        title='标题,"引号"',
        year=2020,
        content_hash="x1",
        entities=[
            Entity(type="Department", name="甲,乙委员会", aliases=['"甲委"', "[乙委]", "甲\n委"]),
            Entity(type="Industry", name="光伏", aliases=["光伏,产业", ""]),
            Entity(type="Event", name="推进会", attributes={"date": "2020-01"}),
        ],
        facts=[
            Fact(rel="RESPONSIBLE_FOR", head="甲委", tail="光伏", role="lead", evidence='甲,乙委员会"牵头"\n光伏', start=0, end=9),
            Fact(rel="RESPONSIBLE_FOR", head="甲委", tail="推进会", role="host", evidence=""),
        ],
        targets=[Target(subject="光伏", metric="产值", value=1.5, unit="亿元", responsible=["甲委"], evidence="1.5亿元")],
    )  # fmt: skip


def snapshot(store: GraphStore) -> tuple[list[str], list[str]]:
    """Every node and relationship with all its properties, in a stable order."""
    nodes = sorted(json.dumps(row["n"], ensure_ascii=False, sort_keys=True) for row in store.run("MATCH (n) RETURN n"))
    relationships = sorted(
        json.dumps({**row["r"], "head": row["a"], "tail": row["b"]}, ensure_ascii=False, sort_keys=True)
        for row in store.run("MATCH (a)-[r]->(b) RETURN a.id AS a, r, b.id AS b")
    )
    return nodes, relationships


def load_per_document(factory: StoreFactory, *loads: list[Record]) -> tuple[list[str], list[str]]:
    """The store the per-document path builds from ``loads``, one after the other (store ``one``)."""
    with factory("one") as store:
        for records in loads:
            store.load_records(records, bulk=False)
        assert store.check().consistent
        return snapshot(store)


def documents(store: GraphStore) -> list[str]:
    return [row["name"] for row in store.run("MATCH (d:Document) RETURN d.name AS name ORDER BY name")]


# ----- the same store either way -------------------------------------------------------------


@pytest.mark.parametrize("source", ["gold", "extracted", "awkward"])
def test_bulk_and_per_document_loads_build_the_same_store(source, bulk_factory, request):
    if source == "gold":
        records = [*request.getfixturevalue("gold_records"), *request.getfixturevalue("dev_records")]
    elif source == "extracted":
        records = many(request.getfixturevalue("extracted_records"), 2)
    else:
        records = [awkward("x.txt"), awkward("y.txt").model_copy(update={"content_hash": "y1"})]
    with bulk_factory("bulk") as store:
        report = store.load_records(records, bulk=True)
        assert report.loaded == [record.doc for record in records]
        assert not (report.failed or report.replaced or report.unchanged)
        check = store.check()
        assert check.consistent, check.problems()
        bulk = snapshot(store)
        stats = store.stats()
    assert bulk == load_per_document(bulk_factory, records)
    assert stats["nodes"]["Document"] == len(records)
    assert sum(stats["relationships"].values()) == sum(report.relationships.values())


def test_bulk_keeps_every_awkward_value(bulk_factory):
    with bulk_factory() as store:
        store.load_records([awkward()], bulk=True)
        department = store.run("MATCH (n:Department) RETURN n.name AS name, n.aliases AS aliases")
        assert department == [{"name": "甲,乙委员会", "aliases": ['"甲委"', "[乙委]", "甲\n委"]}]
        facts = store.run("MATCH ()-[r:RESPONSIBLE_FOR]->(:Industry) RETURN r.evidence AS evidence, r.`end` AS e")
        assert facts == [{"evidence": '甲,乙委员会"牵头"\n光伏', "e": 9}]
        host = store.run("MATCH ()-[r:RESPONSIBLE_FOR]->(:Event) RETURN r.evidence AS evidence, r.start AS s")
        assert host == [{"evidence": "", "s": None}]
        assert store.run("MATCH (t:Target) RETURN t.value AS value")[0]["value"] == 1.5


def test_a_bulk_load_then_a_reload_changes_nothing(bulk_factory, gold_records, dev_records):
    records = [*gold_records, *dev_records]
    with bulk_factory() as store:
        store.load_records(records, bulk=True)
        before = snapshot(store)
        again = store.load_records(records, bulk=True)
        assert again.unchanged == [record.doc for record in records]
        assert not (again.loaded or again.replaced) and again.nodes == {}
        assert snapshot(store) == before


def test_new_and_changed_documents_in_one_load(bulk_factory, gold_records, dev_records):
    first = [*gold_records[:2], *dev_records[:1]]
    changed = gold_records[0].model_copy(
        update={
            "content_hash": "changed",
            "facts": gold_records[0].facts[: len(gold_records[0].facts) // 2],
            "targets": [],
        }
    )
    second = [changed, gold_records[1], *gold_records[2:], *dev_records]
    with bulk_factory("bulk") as store:
        store.load_records(first, bulk=True)
        report = store.load_records(second, bulk=True)
        assert report.replaced == [changed.doc]
        assert report.unchanged == [gold_records[1].doc, dev_records[0].doc]
        assert report.loaded == [record.doc for record in [*gold_records[2:], *dev_records[1:]]]
        assert store.check().consistent
        bulk = snapshot(store)
    assert bulk == load_per_document(bulk_factory, first, second)


def test_pruning_alongside_a_bulk_load(store_factory, gold_records, dev_records):
    with store_factory("bulk") as store:
        store.load_records(gold_records, bulk=True)
        report = store.load_records(dev_records, bulk=True, prune_missing=[record.doc for record in dev_records])
        assert report.pruned == sorted(record.doc for record in gold_records)
        assert documents(store) == sorted(record.doc for record in dev_records)
        assert store.check().consistent
        bulk = snapshot(store)
    assert bulk == load_per_document(store_factory, dev_records)


# ----- when the bulk path is taken --------------------------------------------------------------


def spy_on_batches(monkeypatch) -> list[list[str]]:
    batches: list[list[str]] = []
    write_new_documents = GraphStore._write_new_documents

    def spy(self, tx, batch, derived_batches):
        batches.append([rows.doc for rows in batch])
        write_new_documents(self, tx, batch, derived_batches)

    monkeypatch.setattr(GraphStore, "_write_new_documents", spy)
    return batches


def enterprise_record(doc: str, entities: list[Entity], facts: list[Fact]) -> Record:
    return Record(doc=doc, title=doc, year=2020, content_hash=doc, entities=entities, facts=facts)


def test_enterprises_written_by_one_batch_learn_what_a_later_batch_brings(bulk_factory, monkeypatch):
    monkeypatch.setattr(write_module, "BULK_BATCH_DOCUMENTS", 1)
    firm = Entity(type="Enterprise", name="赛维光伏科技有限公司")
    first = enterprise_record(
        "a.txt",
        [firm, Entity(type="Place", name="新余市")],
        [Fact(rel="LOCATED_IN", head=firm.name, tail="新余市", evidence="新余市赛维光伏")],
    )
    # The second batch brings the industry the firm's name carries and the place its city lies in.
    second = enterprise_record("b.txt", [Entity(type="Industry", name="光伏"), Entity(type="Department", name="江西省工业和信息化委员会"),
                                         Entity(type="Place", name="新余市"), Entity(type="Place", name="江西省")],
                               [Fact(rel="RESPONSIBLE_FOR", head="江西省工业和信息化委员会", tail="光伏", role="lead", evidence="发展光伏"),
                                Fact(rel="LOCATED_IN", head="新余市", tail="江西省", evidence="江西省新余市")])  # fmt: skip
    filler = [enterprise_record(f"c{n}.txt", [Entity(type="Enterprise", name=f"第{n}公司")], []) for n in range(3)]
    with bulk_factory() as store:
        report = store.load_records([first, second, *filler], bulk=True)
        assert not report.failed
        derived = store.run("MATCH (e:Enterprise {name: $name}) RETURN e.named_industries AS named, e.located_in AS places",
                            {"name": firm.name})  # fmt: skip
        assert derived == [{"named": ["光伏"], "places": ["中国", "新余市", "江西省"]}]
        assert store.check().consistent


def test_the_embedded_store_goes_bulk_for_many_new_documents(tmp_path, gold_records, dev_records, monkeypatch):
    records = [*gold_records, *dev_records]
    batches = spy_on_batches(monkeypatch)
    monkeypatch.setattr(write_module, "BULK_MIN_DOCUMENTS", len(records))
    monkeypatch.setattr(write_module, "BULK_BATCH_DOCUMENTS", 4)
    seen = []
    with open_store(tmp_path / "graph.lbug") as store:
        assert store.load_records(records[:-1]).loaded == [record.doc for record in records[:-1]]
        assert batches == []  # too few new documents: one transaction each
        store.load_records(records[-1:])
        assert batches == []
    with open_store(tmp_path / "other.lbug") as store:
        store.load_records(records, progress=lambda done, total: seen.append((done, total)))
    assert batches == [[record.doc for record in records[:4]], [record.doc for record in records[4:]]]
    assert seen == [(4, len(records)), (len(records), len(records))]


def test_a_batch_the_engine_refuses_is_written_document_by_document(
    store_factory, gold_records, dev_records, monkeypatch
):
    records = [*gold_records, *dev_records]

    def refuse(self, tx, batch, derived_batches):
        tx(
            "UNWIND $rows AS row CREATE (n:Place {id: row.id, name: row.name})",
            {"rows": [{"id": "Place:x", "name": "x"}]},
        )
        raise QueryError("refused")

    monkeypatch.setattr(GraphStore, "_write_new_documents", refuse)
    with store_factory() as store:
        report = store.load_records(records, bulk=True)
        assert report.loaded == [record.doc for record in records] and not report.failed
        assert store.run("MATCH (n:Place {id: 'Place:x'}) RETURN n") == []  # the refused batch left nothing
        assert store.check().consistent


# ----- crash safety -------------------------------------------------------------------------------


def test_a_crash_in_the_middle_of_a_bulk_batch_leaves_the_store_consistent(bulk_factory, gold_records, dev_records,
                                                                          monkeypatch):  # fmt: skip
    with bulk_factory() as store:
        store.load_records(gold_records[:1], bulk=True)
        before = snapshot(store)
        insert = type(store)._insert_relationships
        calls = []

        def insert_then_die(self, tx, rel_type, head, tail, rows):
            insert(self, tx, rel_type, head, tail, rows)  # nodes and some relationships written, nothing committed
            calls.append(rel_type)
            if len(calls) == 3:
                raise RuntimeError("killed")

        monkeypatch.setattr(type(store), "_insert_relationships", insert_then_die)
        with pytest.raises(RuntimeError, match="killed"):
            store.load_records([*gold_records, *dev_records], bulk=True)
        monkeypatch.undo()
        assert snapshot(store) == before
        assert store.check().consistent

        report = store.load_records([*gold_records, *dev_records], bulk=True)
        assert report.unchanged == [gold_records[0].doc]
        assert report.loaded == [record.doc for record in [*gold_records[1:], *dev_records]]
        assert store.check().consistent
        resumed = snapshot(store)
    assert resumed == load_per_document(bulk_factory, [*gold_records, *dev_records])


@pytest.mark.slow
def test_a_process_killed_during_a_bulk_copy_leaves_the_file_consistent(tmp_path):
    path = tmp_path / "graph.lbug"
    script = textwrap.dedent(
        f"""
        import os, sys
        sys.path.insert(0, {os.path.dirname(__file__)!r})
        from conftest import gold_record
        from pathlib import Path
        from policykg.graph import embedded
        from policykg.graph.embedded import EmbeddedStore
        from policykg.graph.engines import open_store

        embedded.COPY_MIN_ROWS = 1
        insert = EmbeddedStore._insert_relationships

        def insert_then_exit(self, tx, rel_type, head, tail, rows):
            insert(self, tx, rel_type, head, tail, rows)
            if rel_type == "RESPONSIBLE_FOR":
                os._exit(9)  # no rollback, no close: as if the process were killed

        records = [gold_record(p) for p in sorted(Path({str(ROOT / "tests" / "data" / "gold")!r}).glob("*.json"))]
        with open_store({str(path)!r}) as store:
            store.load_records(records[:1], bulk=True)
        EmbeddedStore._insert_relationships = insert_then_exit
        open_store({str(path)!r}).load_records(records, bulk=True)
        """
    )
    finished = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert finished.returncode == 9, finished.stderr
    from conftest import gold_record

    records = [gold_record(p) for p in sorted((ROOT / "tests" / "data" / "gold").glob("*.json"))]
    with open_store(path) as store:
        assert documents(store) == [records[0].doc]
        assert store.check().consistent
        assert store.load_records(records, bulk=True).loaded == [record.doc for record in records[1:]]
        assert store.check().consistent
        resumed = snapshot(store)
    assert resumed == load_per_document(StoreFactory("embedded", tmp_path, "killed"), records)


# ----- helpers ------------------------------------------------------------------------------------


def test_rows_table_keeps_missing_values_lists_and_types():
    rows = [{"id": "a", "aliases": ["x,y"], "year": None}, {"id": "b", "aliases": [], "year": 2020}]
    columns = [("id", "STRING"), ("aliases", "STRING[]"), ("year", "INT64")]
    assert rows_table(rows, columns).to_pylist() == rows
    renamed = rows_table([{"head": "a", "tail": "b", "id": "r"}], [("from", "STRING"), ("to", "STRING"), ("id", "STRING")],
                         ["head", "tail", "id"])  # fmt: skip
    assert renamed.column_names == ["from", "to", "id"] and renamed.to_pylist() == [{"from": "a", "to": "b", "id": "r"}]
    partial = rows_table([{"id": "a"}], [("id", "STRING"), ("value", "DOUBLE")])
    assert partial.to_pylist() == [{"id": "a", "value": None}] and str(partial.schema.field("value").type) == "double"
    empty = rows_table([{"id": "a", "aliases": []}], [("id", "STRING"), ("aliases", "STRING[]")])
    assert str(empty.schema.field("aliases").type) == "list<item: string>"


# ----- rows prepared quickly, as before --------------------------------------------------------


def test_ids_and_fingerprints_are_those_stores_already_hold():
    """Pinned values: a store built before keeps every document unchanged on a re-load."""
    import hashlib

    from policykg.graph.rows import prepare_record

    rows = prepare_record(awkward())
    ids = sorted(
        row["id"] for group in (rows.nodes, rows.mentions, rows.relationships) for g in group.values() for row in g
    )
    assert rows.fingerprint == "2d4729805572fa06"
    assert hashlib.sha256("\n".join(ids).encode()).hexdigest()[:16] == "61bcd2268517dee3"
    assert "RESPONSIBLE_FOR:2c76824d16dcbe2f" in ids


def test_relationship_and_mention_ids_match_their_definitions():
    from policykg.graph.rows import _digest, document_id, prepare_record, relationship_id

    rows = prepare_record(awkward())
    for (rel_type, _, _), group in rows.relationships.items():
        for row in group:
            assert row["id"] == relationship_id(
                rel_type, row["head"], row["tail"], row["doc"], row["start"], row.get("role")
            )
    for group in rows.mentions.values():
        for row in group:
            assert row["tail"] == document_id(row["doc"])
            assert row["id"] == f"MENTIONED_IN:{_digest(row['head'], row['doc'])}"


def test_a_record_and_its_dict_give_the_same_rows():
    from policykg.graph.rows import prepare_record

    record = awkward()
    assert prepare_record(record) == prepare_record(record.model_dump())


@pytest.mark.parametrize(
    ("entity", "fact", "expected"),
    [
        (Entity.model_construct(type="Industry", name=123, aliases=[], attributes={}), None, "x.txt: entities[3].name"),
        (
            None,
            Fact.model_construct(
                rel="RESPONSIBLE_FOR", head="甲委", tail="光伏", role="boss", evidence="", start=None, end=None
            ),
            "unknown role 'boss'",
        ),  # fmt: skip
    ],
)
def test_constructed_records_with_bad_values_are_refused_before_any_write(store_factory, entity, fact, expected):
    from policykg.errors import SchemaError

    good = awkward("a.txt")
    bad = awkward()
    update = {"entities": [*bad.entities, entity]} if entity is not None else {"facts": [*bad.facts, fact]}
    bad = bad.model_copy(update=update)
    with store_factory() as store:
        with pytest.raises(SchemaError, match=expected.replace("[", r"\[").replace("]", r"\]")):
            store.load_records([good, bad])
        assert documents(store) == []


def test_a_load_leaves_the_garbage_collector_as_it_found_it(store_factory):
    import gc

    from policykg.errors import SchemaError

    with store_factory() as store:
        store.load_records([awkward()])
        assert gc.isenabled()
        bad = awkward("b.txt").model_copy(update={"facts": [Fact.model_construct(
            rel="OWNS", head="甲委", tail="光伏", role=None, evidence="", start=None, end=None)]})  # fmt: skip
        with pytest.raises(SchemaError):
            store.load_records([bad])
        assert gc.isenabled()
        gc.disable()
        try:
            store.load_records([awkward("c.txt")])
            assert not gc.isenabled()
        finally:
            gc.enable()
        assert documents(store) == ["c.txt", "x.txt"]
