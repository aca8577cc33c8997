"""The graph store: loading, replacement, pruning, crash safety, the read-only guard, stats and search.

Every test taking ``store`` or ``store_factory`` (tests/conftest.py) runs on the
embedded store in ``tmp_path`` and again on Neo4j (those runs empty that database).
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from policykg.errors import QueryError, SchemaError, StoreError
from policykg.graph import schema
from policykg.graph.dialect import EMBEDDED, NEO4J
from policykg.graph.embedded import EmbeddedStore
from policykg.graph.engines import open_store
from policykg.graph.neo4j_store import Neo4jSettings, Neo4jStore
from policykg.graph.store import GraphStore
from policykg.models import Entity, Fact, Record, Target


def doc_a(**overrides) -> Record:
    data = dict(
        doc="a.txt",
        title="甲文件",
        year=2014,
        content_hash="a1",
        entities=[
            Entity(type="Department", name="江西省工业和信息化委员会", aliases=["省工信委"]),
            Entity(type="Industry", name="光伏", aliases=["光伏产业"]),
            Entity(type="Enterprise", name="赛维公司"),
            Entity(type="Place", name="新余市"),
        ],
        facts=[
            Fact(rel="RESPONSIBLE_FOR", head="省工信委", tail="光伏产业", role="lead", evidence="省工信委牵头发展光伏产业"),
            Fact(rel="RESPONSIBLE_FOR", head="省工信委", tail="赛维公司", role="responsible", evidence="支持赛维公司"),
            Fact(rel="LOCATED_IN", head="赛维公司", tail="新余市", evidence="位于新余市的赛维公司"),
        ],
        targets=[
            Target(subject="光伏", metric="主营业务收入", value=1000, unit="亿元", year=2015,
                   responsible=["省工信委"], evidence="光伏主营业务收入1000亿元"),
        ],
    )  # fmt: skip
    data.update(overrides)
    return Record(**data)


def doc_b(**overrides) -> Record:
    data = dict(
        doc="b.txt",
        title="乙文件",
        year=2016,
        content_hash="b1",
        entities=[
            Entity(type="Department", name="江西省工业和信息化委员会", aliases=["江西省工信委"]),
            Entity(type="Department", name="江西省商务厅", aliases=["省商务厅"]),
            Entity(type="Industry", name="光伏", aliases=["光伏行业"]),
        ],
        facts=[
            Fact(rel="RESPONSIBLE_FOR", head="江西省工信委", tail="光伏行业", role="lead", evidence="江西省工信委负责光伏行业"),
            Fact(rel="RESPONSIBLE_FOR", head="省商务厅", tail="光伏", role="support", evidence="省商务厅配合"),
        ],
    )  # fmt: skip
    data.update(overrides)
    return Record(**data)


def documents(store: GraphStore) -> list[str]:
    return [row["name"] for row in store.run("MATCH (d:Document) RETURN d.name AS name ORDER BY name")]


def relationships_of(store: GraphStore, doc: str) -> int:
    return sum(
        store.run(f"MATCH ()-[r:{rel_type}]->() WHERE r.doc = $doc RETURN count(r) AS n", {"doc": doc})[0]["n"]
        for rel_type in schema.RELATIONSHIP_TYPES
    )


def node(store: GraphStore, node_id: str) -> dict | None:
    rows = store.run("MATCH (n) WHERE n.id = $id RETURN n", {"id": node_id})
    return rows[0]["n"] if rows else None


# ----- loading --------------------------------------------------------------------------------


def test_stats_of_an_empty_store_list_every_label_and_type(store):
    stats = store.stats()
    assert stats == {
        "nodes": {label: 0 for label in schema.NODE_LABELS},
        "relationships": {rel_type: 0 for rel_type in schema.RELATIONSHIP_TYPES},
    }


def test_gold_records_load_and_check(store, gold_records):
    report = store.load_records(gold_records)
    assert report.loaded == [record.doc for record in gold_records]
    assert not (report.failed or report.unchanged or report.replaced)
    stats = store.stats()
    assert list(stats["nodes"]) == list(schema.NODE_LABELS)
    assert list(stats["relationships"]) == list(schema.RELATIONSHIP_TYPES)
    assert stats["nodes"]["Document"] == len(gold_records)
    assert stats["relationships"]["MENTIONED_IN"] == report.relationships["MENTIONED_IN"]
    for rel_type in schema.FACT_TYPES:
        assert stats["relationships"][rel_type] == report.relationships[rel_type]
    check = store.check()
    assert check.consistent, check.problems()
    assert check.documents == len(gold_records)
    # Some gold facts were annotated without evidence; the check says so instead of passing them.
    assert check.missing_evidence and not check.ok


def test_reloading_the_same_records_changes_nothing(store, gold_records):
    store.load_records(gold_records)
    before = store.stats()
    report = store.load_records(gold_records)
    assert report.unchanged == [record.doc for record in gold_records]
    assert not (report.loaded or report.replaced) and report.nodes == {}
    assert store.stats() == before
    ids = [row["id"] for row in store.run("MATCH (n) RETURN n.id AS id")]
    assert len(ids) == len(set(ids))


def test_rewriting_the_same_documents_is_idempotent(store, gold_records):
    store.load_records(gold_records)
    before = store.stats()
    rehashed = [record.model_copy(update={"content_hash": "changed"}) for record in gold_records]
    report = store.load_records(rehashed)
    assert report.replaced == [record.doc for record in gold_records]
    assert store.stats() == before
    rel_ids = [row["id"] for row in store.run("MATCH ()-[r]->() RETURN r.id AS id")]
    assert len(rel_ids) == len(set(rel_ids))
    assert store.check().consistent


def test_shared_nodes_are_one_node_with_the_union_of_aliases(store):
    store.load_records([doc_a(), doc_b()])
    commission = node(store, "Department:江西省工业和信息化委员会")
    assert sorted(commission["aliases"]) == ["江西省工信委", "省工信委"]
    assert store.stats()["nodes"]["Department"] == 2
    owners = store.run(
        "MATCH (d:Department)-[r:RESPONSIBLE_FOR]->(i:Industry {name: $name}) RETURN r.doc AS doc, d.name AS department ORDER BY doc, department",
        {"name": "光伏"},
    )
    assert [(row["doc"], row["department"]) for row in owners] == [
        ("a.txt", "江西省工业和信息化委员会"),
        ("b.txt", "江西省商务厅"),
        ("b.txt", "江西省工业和信息化委员会"),
    ]


def test_a_changed_document_replaces_exactly_its_own_facts(store):
    store.load_records([doc_a(), doc_b()])
    b_before = relationships_of(store, "b.txt")
    changed = doc_a(
        content_hash="a2",
        entities=[Entity(type="Department", name="江西省工业和信息化委员会"), Entity(type="Industry", name="光伏")],
        facts=[
            Fact(rel="RESPONSIBLE_FOR", head="江西省工业和信息化委员会", tail="光伏", role="support", evidence="配合")
        ],
        targets=[],
    )
    report = store.load_records([changed, doc_b()])
    assert report.replaced == ["a.txt"] and report.unchanged == ["b.txt"]
    assert relationships_of(store, "b.txt") == b_before
    # one fact and two mentions; the body's division and China (derived, graph/places.py) and their mentions
    assert relationships_of(store, "a.txt") == 1 + 2 + 2 + 2
    # Nodes only the old version mentioned are gone; shared ones survive with the names still in use.
    assert node(store, "Enterprise:赛维公司") is None
    assert node(store, "Place:新余市") is None
    assert store.stats()["nodes"]["Target"] == 0
    assert node(store, "Department:江西省工业和信息化委员会")["aliases"] == ["江西省工信委"]
    assert node(store, "Industry:光伏")["aliases"] == ["光伏行业"]
    roles = store.run(
        "MATCH (:Department)-[r:RESPONSIBLE_FOR]->(:Industry) WHERE r.doc = $doc RETURN r.role AS role",
        {"doc": "a.txt"},
    )
    assert roles == [{"role": "support"}]
    assert store.check().consistent


def test_prune_removes_documents_no_longer_present(store):
    store.load_records([doc_a(), doc_b()])
    report = store.load_records([doc_a()], prune_missing=["a.txt"])
    assert report.pruned == ["b.txt"] and report.unchanged == ["a.txt"]
    assert documents(store) == ["a.txt"]
    assert relationships_of(store, "b.txt") == 0
    assert node(store, "Department:江西省商务厅") is None
    assert node(store, "Industry:光伏")["aliases"] == ["光伏产业"]
    assert store.check().consistent
    assert store.load_records([], prune_missing=None).pruned == []


def department_counts(store: GraphStore, name: str) -> dict:
    columns = [name for name, _ in schema.ROLLUP_PROPERTIES["Department"] if name not in ("industries", "part_of")]
    found = store.run(
        "MATCH (d:Department {name: $name}) RETURN " + ", ".join(f"d.{column} AS {column}" for column in columns),
        {"name": name},
    )
    return found[0]


def test_department_counts_follow_every_load_replacement_and_prune(store):
    bureau = "江西省工业和信息化委员会"
    store.load_records([doc_a(), doc_b()])
    assert department_counts(store, bureau) == {
        "industry_count": 1, "platform_count": 0, "enterprise_count": 1, "event_count": 0,
        "target_count": 1, "responsibility_count": 3, "document_count": 2,
    }  # fmt: skip
    assert department_counts(store, "江西省商务厅")["industry_count"] == 1
    assert store.run("MATCH (d:Department {name: $name}) RETURN d.industries AS i", {"name": bureau}) == [
        {"i": ["光伏"]}
    ]
    solar = store.run(
        "MATCH (i:Industry {name: '光伏'}) RETURN i.department_count AS n, i.lead_departments AS lead, "
        "i.responsible_departments AS responsible, i.supporting_departments AS support"
    )
    assert solar == [{"n": 2, "lead": [bureau], "responsible": [], "support": ["江西省商务厅"]}]
    changed = doc_a(
        content_hash="a2",
        entities=[Entity(type="Department", name="江西省工业和信息化委员会"), Entity(type="Platform", name="新余光伏产业基地"),
                  Entity(type="Industry", name="光伏")],
        facts=[Fact(rel="RESPONSIBLE_FOR", head="江西省工业和信息化委员会", tail="新余光伏产业基地", role="lead", evidence="建设基地")],
        targets=[],
    )  # fmt: skip
    store.load_records([changed, doc_b()])
    assert department_counts(store, bureau) == {
        "industry_count": 1, "platform_count": 1, "enterprise_count": 0, "event_count": 0,
        "target_count": 0, "responsibility_count": 2, "document_count": 2,
    }  # fmt: skip
    store.load_records([changed], prune_missing=["a.txt"])
    assert department_counts(store, bureau)["industry_count"] == 0
    assert department_counts(store, bureau)["document_count"] == 1
    assert store.check().consistent


def test_a_division_knows_its_parents_until_no_document_says_so(store):
    division = Entity(type="Department", name="江西省工业和信息化委员会电子信息处", aliases=["电子信息处"])
    part_of = Fact(rel="PART_OF", head="电子信息处", tail="江西省工业和信息化委员会", evidence="省工信委电子信息处")
    with_parent = doc_b(entities=[*doc_b().entities, division], facts=[*doc_b().facts, part_of])
    store.load_records([with_parent])
    parents = "MATCH (d:Department {name: '江西省工业和信息化委员会电子信息处'}) RETURN d.part_of AS p"
    assert store.run(parents) == [{"p": ["江西省工业和信息化委员会"]}]
    store.load_records([with_parent.model_copy(update={"content_hash": "b2", "facts": doc_b().facts})])
    assert store.run(parents) == [{"p": []}]
    assert store.check().consistent


def test_check_notices_stale_department_counts_and_a_refresh_recounts_them(store):
    store.load_records([doc_a(), doc_b()])
    store.run("MATCH (d:Department {name: '江西省商务厅'}) SET d.industry_count = 7", write=True)
    check = store.check()
    assert check.stale_counts == {"industry_count": 1}
    assert not check.consistent
    assert "1 nodes with a stale industry_count" in "; ".join(check.problems())
    assert store.refresh_rollups() == 4  # two departments, one industry and one enterprise
    assert store.check().consistent


def named_industries(store: GraphStore) -> dict[str, list[str]]:
    rows = store.run("MATCH (e:Enterprise) RETURN e.name AS name, e.named_industries AS named")
    return {row["name"]: row["named"] for row in rows}


def test_an_enterprise_knows_the_industries_its_names_carry(store):
    firm = Entity(type="Enterprise", name="赛维光伏科技有限公司", aliases=["赛维LDK"])
    store.load_records([doc_a(entities=[*doc_a().entities, firm])])
    assert named_industries(store) == {"赛维公司": [], "赛维光伏科技有限公司": ["光伏"]}
    # A later document brings an industry the enterprise's alias carries, without naming the enterprise.
    later = doc_b(entities=[*doc_b().entities, Entity(type="Industry", name="LDK", aliases=[])],
                  facts=[*doc_b().facts, Fact(rel="RESPONSIBLE_FOR", head="省商务厅", tail="LDK", role="support",
                                              evidence="省商务厅配合LDK")])  # fmt: skip
    store.load_records([later])
    assert named_industries(store)["赛维光伏科技有限公司"] == ["LDK", "光伏"]
    assert store.check().consistent
    # And it goes again when the document that brought it is pruned.
    store.load_records([], prune_missing=["a.txt"])
    assert named_industries(store)["赛维光伏科技有限公司"] == ["光伏"]
    store.run("MATCH (e:Enterprise) SET e.named_industries = ['稀土']", write=True)
    assert store.check().stale_counts == {"named_industries": 2}


def test_an_enterprise_knows_the_places_it_lies_in_up_the_hierarchy(store):
    store.load_records([doc_a()])  # 赛维公司 lies in 新余市
    located = "MATCH (e:Enterprise {name: '赛维公司'}) RETURN e.located_in AS places"
    # 新余市 rolls up to its province and the country (derived from the gazetteer, graph/places.py)
    assert store.run(located) == [{"places": ["中国", "新余市", "江西省"]}]
    # A later document places 新余市 in 江西省 without naming the enterprise.
    province = doc_b(entities=[*doc_b().entities, Entity(type="Place", name="新余市"), Entity(type="Place", name="江西省")],
                     facts=[*doc_b().facts, Fact(rel="LOCATED_IN", head="新余市", tail="江西省", evidence="江西省新余市")])  # fmt: skip
    store.load_records([province])
    assert store.run(located) == [{"places": ["中国", "新余市", "江西省"]}]
    assert store.check().consistent
    store.load_records([], prune_missing=["a.txt"])
    assert store.run(located) == [{"places": ["中国", "新余市", "江西省"]}]


def test_an_embedded_load_leaves_no_log_behind_and_checkpointing_on(tmp_path):
    path = tmp_path / "graph.lbug"
    with open_store(path) as store:
        store.load_records([doc_a(), doc_b()], bulk=True)
        assert not [
            p for p in tmp_path.iterdir() if p.name != path.name and p.stat().st_size
        ]  # no write-ahead log left
        assert store.run("CALL current_setting('auto_checkpoint') RETURN *") == [{"auto_checkpoint": "True"}]
        with pytest.raises(SchemaError):
            store.load_records([doc_a(facts=[Fact(rel="RESPONSIBLE_FOR", head="无此单位", tail="光伏", evidence="x")])])
        assert store.run("CALL current_setting('auto_checkpoint') RETURN *") == [{"auto_checkpoint": "True"}]


def firm_owner_record() -> Record:
    """A company listed among the responsible units, as ONTOLOGY.md's Bodies convention reads it."""
    return doc_a(
        entities=[*doc_a().entities, Entity(type="Enterprise", name="江西某某电信分公司")],
        facts=[
            *doc_a().facts,
            Fact(
                rel="RESPONSIBLE_FOR",
                head="江西某某电信分公司",
                tail="光伏",
                role="support",
                evidence="某某电信分公司配合",
            ),
        ],
    )


def test_a_company_listed_among_responsible_units_owns_its_share(store):
    store.load_records([firm_owner_record()])
    rows = store.run(
        "MATCH (e:Enterprise)-[r:RESPONSIBLE_FOR]->(i:Industry) RETURN e.name AS firm, i.name AS industry, r.role AS role"
    )
    assert rows == [{"firm": "江西某某电信分公司", "industry": "光伏", "role": "support"}]
    assert store.check().consistent


def test_a_store_from_before_firms_could_own_work_gains_the_relationship_pairs(tmp_path, monkeypatch):
    path = tmp_path / "old.lbug"
    departments_only = (("Department",), schema.RELATIONSHIP_ENDPOINTS["RESPONSIBLE_FOR"][1])
    with monkeypatch.context() as patch:
        patch.setitem(schema.RELATIONSHIP_ENDPOINTS, "RESPONSIBLE_FOR", departments_only)
        with open_store(path) as store:
            store.load_records([doc_b()])
    with open_store(path) as store:
        store.load_records([firm_owner_record()])
        assert store.run("MATCH (:Enterprise)-[r:RESPONSIBLE_FOR]->() RETURN count(r) AS n") == [{"n": 1}]


def test_a_store_from_before_the_derived_properties_is_upgraded_when_opened_for_writing(tmp_path):
    path = tmp_path / "old.lbug"
    with open_store(path) as store:
        store.load_records([doc_a()])
        for column, _ in schema.ROLLUP_PROPERTIES["Department"]:
            store.run(f"ALTER TABLE Department DROP {column}", write=True)
    with pytest.raises(StoreError, match="earlier version of policykg.*open it once for writing"):
        with open_store(path, read_only=True) as reader:
            reader.stats()
    with open_store(path) as store:
        assert store.check().consistent  # the columns are back, and computed
        assert department_counts(store, "江西省工业和信息化委员会")["document_count"] == 1
        store.load_records([doc_a(), doc_b()])
        assert department_counts(store, "江西省工业和信息化委员会")["document_count"] == 2
        assert store.check().consistent


def test_progress_is_reported_per_document(store):
    seen = []
    store.load_records([doc_a(), doc_b()], progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 2), (2, 2)]


# ----- crash safety ---------------------------------------------------------------------------


def test_a_load_killed_half_way_keeps_whole_documents(store, monkeypatch):
    write_document = GraphStore._write_document

    def write_then_die(self, tx, rows, replacing):
        write_document(self, tx, rows, replacing)  # everything written, not yet committed
        if rows.doc == "b.txt":
            raise RuntimeError("killed")

    monkeypatch.setattr(GraphStore, "_write_document", write_then_die)
    with pytest.raises(RuntimeError, match="killed"):
        store.load_records([doc_a(), doc_b()])
    monkeypatch.undo()

    assert documents(store) == ["a.txt"]
    assert relationships_of(store, "b.txt") == 0
    assert node(store, "Department:江西省商务厅") is None
    assert node(store, "Department:江西省工业和信息化委员会")["aliases"] == ["省工信委"]
    assert store.check().consistent

    report = store.load_records([doc_a(), doc_b()])
    assert report.unchanged == ["a.txt"] and report.loaded == ["b.txt"]
    assert store.check().consistent


def test_a_replacement_killed_half_way_keeps_the_old_version(store, monkeypatch):
    store.load_records([doc_a()])
    before = store.stats()

    def die(self, tx, rows, replacing):
        self._withdraw_document(tx, rows.doc)
        raise RuntimeError("killed")

    monkeypatch.setattr(GraphStore, "_write_document", die)
    with pytest.raises(RuntimeError):
        store.load_records([doc_a(content_hash="a2")])
    monkeypatch.undo()
    assert store.stats() == before
    assert store.load_records([doc_a(content_hash="a2")]).replaced == ["a.txt"]


def test_a_killed_process_leaves_the_embedded_file_consistent(tmp_path):
    path = tmp_path / "graph.lbug"
    script = textwrap.dedent(
        f"""
        import os, sys
        sys.path.insert(0, {os.path.dirname(__file__)!r})
        from test_store import doc_a, doc_b
        from policykg.graph.store import GraphStore
        from policykg.graph.engines import open_store

        write_document = GraphStore._write_document

        def write_then_exit(self, tx, rows, replacing):
            write_document(self, tx, rows, replacing)
            if rows.doc == "b.txt":
                os._exit(9)  # no rollback, no close: as if the process were killed

        GraphStore._write_document = write_then_exit
        open_store({str(path)!r}).load_records([doc_a(), doc_b()])
        """
    )
    finished = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert finished.returncode == 9, finished.stderr
    with open_store(path) as store:
        assert documents(store) == ["a.txt"]
        assert store.check().consistent
        assert store.load_records([doc_a(), doc_b()]).loaded == ["b.txt"]
        assert store.check().consistent


# ----- the contract ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "bad",
    [
        {"doc": "c.txt", "entities": [{"type": "Ministry", "name": "某部"}]},
        {"doc": "c.txt", "entities": [{"type": "Department", "name": ""}]},
        {
            "doc": "c.txt",
            "entities": [{"type": "Department", "name": "省工信委"}],
            "facts": [{"rel": "RESPONSIBLE_FOR", "head": "省工信委", "tail": "无此产业", "evidence": "x"}],
        },
    ],
    ids=["unknown-label", "missing-name", "unknown-entity"],
)
def test_a_record_breaking_the_contract_is_rejected_before_any_write(store, bad):
    store.load_records([doc_a()])
    before = store.stats()
    with pytest.raises(SchemaError, match="c.txt"):
        store.load_records([doc_b(), bad])  # the good record is not written either
    assert store.stats() == before
    assert documents(store) == ["a.txt"]


# ----- the read-only guard --------------------------------------------------------------------

WRITES = [
    "CREATE (n:Place {id: 'Place:x', name: 'x'})",
    "MERGE (n:Place {id: 'Place:x'})",
    "MATCH (n:Department) SET n.name = 'x'",
    "MATCH (n:Department) DELETE n",
    "match (n) detach delete n",
    "MATCH (n:Department) REMOVE n.name",
    "DROP TABLE Place",
    "ALTER TABLE Place ADD extra STRING",
    "COPY Place FROM 'places.csv'",
    "LOAD CSV FROM 'file:///places.csv' AS row RETURN row",
    "LOAD FROM 'places.csv' RETURN *",
    "INSTALL fts",
    "LOAD EXTENSION fts",
    "CALL threads = 1",
    "CALL create_fts_index('Department', 'names', ['name'])",
    "FOREACH (x IN [1] | CREATE (:Place {id: 'p'}))",
    "MATCH (n) RETURN count(n); MATCH (n) DETACH DELETE n",
    "COMMIT",
    "UNWIND [1] AS x CALL { WITH x CREATE (:Place {id: 'p'}) } IN TRANSACTIONS RETURN x",
]


@pytest.mark.parametrize("cypher", WRITES)
def test_reads_refuse_every_writing_clause(store, cypher):
    store.load_records([doc_a()])
    before = store.stats()
    with pytest.raises(QueryError):
        store.run(cypher)
    assert store.stats() == before


@pytest.mark.parametrize("cypher", WRITES)
def test_the_guard_refuses_before_execution(cypher):
    assert EMBEDDED.refused_write(cypher)


@pytest.mark.parametrize(
    ("cypher", "params"),
    [
        ("MATCH (n:Department) WHERE n.name <> 'CREATE (x) SET y DELETE z' RETURN count(n) AS n", {}),
        ('MATCH (n:Department) WHERE n.name <> "MERGE INTO" RETURN count(n) AS n', {}),
        ("MATCH (n:Department) // DETACH DELETE n\nRETURN count(n) AS n", {}),
        ("MATCH (n:Department) /* DROP TABLE Department */ RETURN count(n) AS n", {}),
        ("MATCH (n:Department) WHERE n.name <> $set RETURN count(n) AS n", {"set": "x"}),
        ("MATCH (n:Department) RETURN count(n) AS `delete`", {}),
    ],
)
def test_reads_may_contain_writing_words_in_strings_comments_and_names(store, cypher, params):
    store.load_records([doc_a()])
    (row,) = store.run(cypher, params)
    assert list(row.values()) == [1]


def test_writes_run_when_asked(store):
    store.load_records([doc_a()])
    store.run("MATCH (n:Place {id: $id}) SET n.name = $name", {"id": "Place:新余市", "name": "新余"}, write=True)
    assert node(store, "Place:新余市")["name"] == "新余"


def test_engine_errors_carry_the_engine_message(store):
    with pytest.raises(QueryError, match="MATC"):
        store.run("MATC (n) RETURN n")


@pytest.mark.parametrize("payload", ["x' OR 1=1 //", "'}) MATCH (n) DETACH DELETE n //", '" OR "" = "'])
def test_parameters_are_never_formatted_into_cypher(store, payload):
    store.load_records([doc_a()])
    before = store.stats()
    assert store.run("MATCH (n:Department) WHERE n.name = $name RETURN n.id AS id", {"name": payload}) == []
    store.run("MATCH (n:Department) WHERE n.name = $name SET n.name = $name", {"name": payload}, write=True)
    assert store.stats() == before


def test_names_that_look_like_cypher_are_stored_as_written(store):
    hostile = "x'}) MATCH (n) DETACH DELETE n //"
    record = doc_b(entities=[*doc_b().entities, Entity(type="Enterprise", name=hostile)])
    store.load_records([record])
    assert node(store, f"Enterprise:{hostile.replace(' ', '')}")["name"] == hostile
    assert store.check().consistent


# ----- queries across engines -----------------------------------------------------------------


def test_alias_search_finds_the_full_name(store, gold_records):
    store.load_records(gold_records)
    hits = store.search("工信委")
    assert hits[0]["name"] == "江西省工业和信息化委员会"
    assert hits[0]["label"] == "Department" and "省工信委" in hits[0]["aliases"]
    assert all(hit["label"] == "Industry" for hit in store.search("光伏", labels=["Industry"]))
    assert store.search("  ") == []
    assert len(store.search("省", limit=3)) == 3


# doc a and doc b: one stated LOCATED_IN; the derived ones (each body to its division, the
# divisions up to China) and the mentions of the divisions they reach.
LOCATED_AB, MENTIONED_AB = 7, 12


def test_portable_queries_translate(store):
    store.load_records([doc_a(), doc_b()])
    types = store.run(store.dialect.translate("MATCH ()-[r]->() RETURN type(r) AS t, count(*) AS n ORDER BY t"))
    assert {row["t"]: row["n"] for row in types} == {
        "LOCATED_IN": LOCATED_AB,
        "MENTIONED_IN": MENTIONED_AB,
        "RESPONSIBLE_FOR": 5,
        "TARGETS": 1,
    }
    path = store.run(
        store.dialect.translate(
            "MATCH p = shortestPath((a:Enterprise {id: $a})-[*..4]-(b:Department {id: $b})) "
            "RETURN length(p) AS hops, [n IN nodes(p) | n.name] AS names"
        ),
        {"a": "Enterprise:赛维公司", "b": "Department:江西省商务厅"},
    )
    assert path[0]["hops"] == 3
    ends = store.run(
        store.dialect.translate("MATCH ()-[r:RESPONSIBLE_FOR]->() WHERE r.end IS NULL RETURN count(r) AS n")
    )
    assert ends[0]["n"] == 5


def test_nodes_and_relationships_come_back_as_property_dicts(store):
    store.load_records([doc_a()])
    (row,) = store.run(
        "MATCH (e:Enterprise)-[r:LOCATED_IN]->(p:Place) RETURN e, r, p.name AS place",
    )
    assert row["e"]["id"] == "Enterprise:赛维公司" and row["e"]["aliases"] == []
    assert row["r"]["evidence"] == "位于新余市的赛维公司" and row["r"]["doc"] == "a.txt"
    assert not any(key.startswith("_") for key in (*row["e"], *row["r"]))
    assert row["place"] == "新余市"


def test_check_notices_a_tampered_store(store):
    store.load_records([doc_a()])
    store.run("MATCH ()-[r:LOCATED_IN]->() WHERE NOT r.derived DELETE r", write=True)
    check = store.check()
    assert not check.consistent
    assert any(line.startswith("a.txt: 7 relationships in the store, record has 8") for line in check.mismatches)


# ----- embedded specifics ---------------------------------------------------------------------


def test_a_second_process_reads_while_the_writer_holds_the_file(tmp_path):
    path = tmp_path / "graph.lbug"
    with open_store(path) as writer:
        writer.load_records([doc_a()])
        script = (
            "from policykg.graph.engines import open_store\n"
            f"with open_store({str(path)!r}, read_only=True) as s: print(s.stats()['nodes']['Document'])"
        )
        finished = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
        assert finished.stdout.strip() == "1", finished.stderr


def test_read_only_stores_refuse_writes(store_factory):
    with store_factory() as writer:
        writer.load_records([doc_a()])
    with store_factory(read_only=True) as reader:
        assert reader.stats()["nodes"]["Document"] == 1
        with pytest.raises(StoreError, match="read-only"):
            reader.run("MATCH (n:Place) SET n.name = 'x'", write=True)
        with pytest.raises(StoreError, match="read-only"):
            reader.load_records([doc_b()])


def test_a_missing_file_is_not_created_by_a_reader(tmp_path):
    with pytest.raises(StoreError, match="policykg build"):
        open_store(tmp_path / "none.lbug", read_only=True).stats()
    assert not (tmp_path / "none.lbug").exists()


def test_open_store_connects_lazily(tmp_path, monkeypatch):
    store = open_store(tmp_path / "lazy.lbug")
    assert isinstance(store, EmbeddedStore) and store.backend == "embedded" and store.dialect is EMBEDDED
    assert not (tmp_path / "lazy.lbug").exists()
    monkeypatch.setenv("POLICYKG_DB", str(tmp_path / "env.lbug"))
    assert open_store().path == tmp_path / "env.lbug"


# ----- Neo4j without a server -----------------------------------------------------------------


def test_neo4j_settings_come_from_the_environment():
    settings = Neo4jSettings.from_env(
        {
            "NEO4J_URI": "neo4j+s://abc.databases.neo4j.io",
            "NEO4J_USER": "u",
            "NEO4J_PASSWORD": "secret",
            "NEO4J_DATABASE": "kg",
        }
    )
    assert (settings.uri, settings.user, settings.password, settings.database) == (
        "neo4j+s://abc.databases.neo4j.io", "u", "secret", "kg",
    )  # fmt: skip
    assert "secret" not in repr(settings)
    with pytest.raises(StoreError, match="NEO4J_URI"):
        Neo4jSettings.from_env({})
    with pytest.raises(StoreError, match="not a Neo4j address"):
        Neo4jSettings.from_env({"NEO4J_URI": "http://localhost:7474"})


def test_open_store_for_neo4j_makes_no_connection(monkeypatch, tmp_path):
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:1")
    monkeypatch.setenv("NEO4J_PASSWORD", "pw")
    store = open_store(neo4j=True)
    assert isinstance(store, Neo4jStore) and store.dialect is NEO4J and store.backend == "neo4j"
    with pytest.raises(StoreError, match="cannot reach Neo4j"):
        store.stats()
    with pytest.raises(StoreError, match="not both"):
        open_store(tmp_path / "x.lbug", neo4j=True)
    monkeypatch.delenv("NEO4J_URI")
    with pytest.raises(StoreError, match="NEO4J_URI"):
        open_store(neo4j=True)


def test_neo4j_schema_and_writes():
    statements = NEO4J.schema_statements()
    for label in schema.NODE_LABELS:
        assert f"FOR (n:{label}) REQUIRE n.id IS UNIQUE" in " ".join(statements)
    fulltext = next(s for s in statements if "FULLTEXT" in s)
    assert "`fulltext.analyzer`: 'cjk'" in fulltext and "n.search" in fulltext
    merge = NEO4J.merge_nodes("Department")
    assert merge.startswith("UNWIND $rows AS row MERGE (n:Department {id: row.id}) SET n += row {")
    rel = NEO4J.create_relationships("RESPONSIBLE_FOR", "Department", "Industry")
    assert "MATCH (a:Department {id: row.head}) MATCH (b:Industry {id: row.tail}) MERGE" in rel
    assert NEO4J.search_parameters("工信委")["query"] == '"工信委"'
    assert NEO4J.translate("RETURN type(r)") == "RETURN type(r)"


def test_embedded_dialect_forms():
    statements = EMBEDDED.schema_statements()
    responsible = next(s for s in statements if "REL TABLE IF NOT EXISTS RESPONSIBLE_FOR" in s)
    assert "FROM Department TO Target" in responsible and "`end` INT64" in responsible
    assert "MERGE" not in EMBEDDED.create_relationships("PART_OF", "Department", "Department")
    assert "+=" not in EMBEDDED.merge_nodes("Department")
    assert EMBEDDED.translate("MATCH (n) RETURN labels(n)[0], toString(n.year), '.end'") == (
        "MATCH (n) RETURN label(n), string(n.year), '.end'"
    )
    assert EMBEDDED.translate("MATCH p = allShortestPaths((a)-[:PART_OF*2]->(b)) RETURN p") == (
        "MATCH p = (a)-[:PART_OF* ALL SHORTEST 2..2]->(b) RETURN p"
    )


# ----- Neo4j specifics ------------------------------------------------------------------------


def drop_neo4j_schema(store: GraphStore) -> None:
    for row in store.run("SHOW CONSTRAINTS YIELD name RETURN name"):
        store.run(f"DROP CONSTRAINT `{row['name']}`", write=True)
    for row in store.run("SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP' RETURN name"):
        store.run(f"DROP INDEX `{row['name']}`", write=True)


@pytest.mark.neo4j
def test_a_fresh_neo4j_database_gets_its_schema_and_finds_aliases_after_the_first_load(neo4j_factory, gold_records):
    with neo4j_factory() as store:
        drop_neo4j_schema(store)
    with neo4j_factory() as store:  # a new connection creates the schema at its first write
        store.load_records(gold_records)
        assert store.search("工信委")[0]["name"] == "江西省工业和信息化委员会"
        indexes = store.run("SHOW FULLTEXT INDEXES YIELD name, state, options RETURN name, state, options")
        assert [(row["name"], row["state"]) for row in indexes] == [(schema.FULLTEXT_INDEX, "ONLINE")]
        assert indexes[0]["options"]["indexConfig"]["fulltext.analyzer"] == "cjk"
        constraints = store.run("SHOW CONSTRAINTS YIELD labelsOrTypes RETURN labelsOrTypes")
        assert sorted(row["labelsOrTypes"][0] for row in constraints) == sorted(schema.NODE_LABELS)


@pytest.mark.neo4j
def test_neo4j_nodes_lacking_derived_properties_get_them_at_the_next_write(neo4j_factory):
    with neo4j_factory() as store:
        store.load_records([doc_a()])
        removed = ", ".join(f"n.{column}" for column, _ in schema.ROLLUP_PROPERTIES["Department"])
        store.run(f"MATCH (n:Department) REMOVE {removed}", write=True)
    with neo4j_factory() as store:
        assert "industry_count" in store.check().stale_counts
        store.load_records([doc_a(), doc_b()])
        assert department_counts(store, "江西省工业和信息化委员会")["document_count"] == 2
        assert store.check().consistent


@pytest.mark.neo4j
def test_neo4j_database_is_chosen_by_name(neo4j_factory, monkeypatch):
    with neo4j_factory() as store:
        store.load_records([doc_a()])
    monkeypatch.setenv("NEO4J_DATABASE", "neo4j")
    with open_store(neo4j=True, read_only=True) as named:
        assert named.stats()["nodes"]["Document"] == 1
    monkeypatch.setenv("NEO4J_DATABASE", "nosuchdatabase")
    with open_store(neo4j=True, read_only=True) as missing, pytest.raises(StoreError, match="nosuchdatabase"):
        missing.stats()
