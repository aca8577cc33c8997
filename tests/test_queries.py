"""Canned queries on the sample corpus, alias parameters, parameter handling and the read-only guard.

The store is built once per module from the gold records of ``data/corpus``, on
each engine (tests/conftest.py); every expected answer below was checked against
the documents themselves.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from policykg.errors import NameNotFound, QueryError
from policykg.graph.dialect import EMBEDDED, tokenize
from policykg.graph.queries import (
    CannedQuery,
    QueryParam,
    bind_params,
    conditional_params,
    drop_unused_filters,
    get_query,
    list_queries,
    parse_canned_query,
    parse_param_pairs,
    resolved_bindings,
    run_cypher,
    run_query,
)
from policykg.graph.resolve import best_fits, resolve_names
from policykg.graph.schema import NODE_LABELS, SEARCHABLE_LABELS
from policykg.graph.statements import RESOLVE_CYPHER
from policykg.models import ROLES

CORPUS = Path(__file__).resolve().parent.parent / "data" / "corpus"
COMMISSION = "江西省工业和信息化委员会"  # 省工信委
REQUIRED_QUERIES = {
    "industry-owners",
    "department-portfolio",
    "industry-lead-support",
    "industries-without-lead",
    "platforms-in-place",
    "enterprises-by-industry",
    "targets",
    "co-responsibility",
    "department-breadth",
    "industry-owners-by-document",
    "pair-evidence",
    "alias-search",
    "shortest-connection",
}
INJECTIONS = ("' OR 1=1 //", "}) DETACH DELETE n //", '" OR true RETURN 1 //')


@pytest.fixture
def store(sample_corpus):
    """The sample corpus on the engine under test (both engines: tests/conftest.py)."""
    return sample_corpus.get()


def names(rows, column):
    return {row[column] for row in rows}


def document_text(doc: str) -> str:
    return (CORPUS / doc).read_text(encoding="utf-8")


# --------------------------------------------------------------------------- the files


def test_the_required_queries_are_bundled_with_complete_headers():
    queries = list_queries()
    assert len(queries) >= 12
    assert REQUIRED_QUERIES <= {query.name for query in queries}
    for query in queries:
        assert query.question.endswith("?"), query.name
        assert query.example.startswith(f"policykg query {query.name}"), query.name
        for param in query.params:
            assert f"${param.name}" in query.cypher, (query.name, param.name)


def test_canned_queries_carry_no_values_only_parameters():
    # Values come in as $parameters; the only literals are schema words (roles, labels), the words a
    # query answers with (new/continued) and punctuation (the separators of composite sort keys).
    allowed = {"''", "' ('", "')'", "'\\t'", "'~'", "'new'", "'continued'",
               *(f"'{word}'" for word in (*ROLES, *NODE_LABELS))}  # fmt: skip
    for query in list_queries():
        literals = {token.text for token in tokenize(query.cypher) if token.kind == "string"}
        assert literals <= allowed, (query.name, literals - allowed)


def test_header_parser_reads_types_defaults_and_refuses_a_broken_header():
    query = parse_canned_query(
        "// name: demo\n// question: Who?\n// params: who (a name, e.g. 省工信委), top:int=5 (rows)\n"
        "// example: policykg query demo -p who=省工信委\nRETURN $who AS who LIMIT $top",
        expected_name="demo",
    )
    assert [(p.name, p.type, p.default) for p in query.params] == [("who", "str", None), ("top", "int", 5)]
    assert query.params[0].description == "a name, e.g. 省工信委"
    with pytest.raises(QueryError, match="misses example"):
        parse_canned_query("// name: demo\n// question: ?\n// params: none\nRETURN 1")
    with pytest.raises(QueryError, match="names itself"):
        parse_canned_query("// name: other\n// question: ?\n// params: none\n// example: x\nRETURN 1", "demo")


def test_parameters_are_parsed_typed_and_checked():
    assert parse_param_pairs(["industry=光伏", "top:int=3", "expr=a=b"]) == {
        "industry": "光伏",
        "top": 3,
        "expr": "a=b",
    }
    with pytest.raises(QueryError, match="key=value"):
        parse_param_pairs(["industry"])
    with pytest.raises(QueryError, match="not a valid int"):
        parse_param_pairs(["top:int=many"])
    query = CannedQuery(name="q", question="?", cypher="RETURN 1",
                        params=(QueryParam(name="industry"), QueryParam(name="top", type="int", default=25)))  # fmt: skip
    assert bind_params(query, {"industry": "光伏", "top": "3"}) == {"industry": "光伏", "top": 3}
    with pytest.raises(QueryError, match="needs parameter industry"):
        bind_params(query, {})
    with pytest.raises(QueryError, match="takes no parameter colour"):
        bind_params(query, {"industry": "光伏", "colour": "red"})


def test_an_unknown_query_name_lists_the_known_ones():
    with pytest.raises(QueryError) as caught:
        get_query("industry-owner")
    assert "industry-owners" in str(caught.value) and "department-portfolio" in str(caught.value)


def test_list_comprehensions_are_translated_for_the_embedded_store():
    assert (
        EMBEDDED.translate("RETURN [n IN nodes(p) | n.name] AS path")
        == "RETURN list_transform(nodes(p), n -> n.name) AS path"
    )
    assert EMBEDDED.translate("RETURN [r IN relationships(p) | type(r)] AS t") == (
        "RETURN list_transform(relationships(p), r -> label(r)) AS t"
    )
    assert EMBEDDED.translate("RETURN [a IN n.aliases WHERE size(a) > 2] AS a") == (
        "RETURN list_filter(n.aliases, a -> size(a) > 2) AS a"
    )
    assert EMBEDDED.translate("RETURN [a IN n.aliases WHERE size(a) > 2 | toLower(a)] AS a") == (
        "RETURN list_transform(list_filter(n.aliases, a -> size(a) > 2), a -> toLower(a)) AS a"
    )
    # List literals and IN tests are left alone, and so is text inside strings.
    kept = "MATCH (n) WHERE n.role IN ['lead', 'host'] RETURN '[x IN y | z]' AS s"
    assert EMBEDDED.translate(kept) == kept


# --------------------------------------------------------------------------- each canned query


def test_industry_owners_of_photovoltaics(store):
    rows = run_query(store, "industry-owners", {"industry": "光伏"})
    assert names(rows, "industry") == {"光伏"}
    owners = names(rows, "department")
    # 000: 责任单位：省工信委、省财政厅 (光伏应用市场); 省工信委，各设区市政府 (一产一策 for 光伏产业).
    # 003: the 光伏产业合作推进会 is hosted by 新余市 … 景德镇市政府, coordinated by 省工信委新兴产业处.
    assert {COMMISSION, "江西省财政厅", "各设区市政府", "新余市政府", "省工信委新兴产业处"} <= owners
    assert "江西省科学技术厅" not in owners
    division = next(row for row in rows if row["department"] == "省工信委新兴产业处")
    assert division["part_of"] == COMMISSION
    assert {row["role"] for row in rows if row["department"] == "新余市政府"} == {"host"}
    for row in rows:
        assert row["document"].endswith(".txt") and row["year"] in (2011, 2014, 2015)
        if row["evidence"]:
            assert row["evidence"] in document_text(row["document"])


@pytest.mark.parametrize("alias", ["光伏产业", "新余光伏"])
def test_industry_owners_accepts_any_alias(store, alias):
    expected = run_query(store, "industry-owners", {"industry": "光伏"})
    assert run_query(store, "industry-owners", {"industry": alias}) == expected


def test_an_exact_name_beats_an_alias_and_a_fragment_keeps_every_best_fit(store):
    # 电子信息 is an industry's name and another industry's alias: the name wins.
    assert names(run_query(store, "industry-owners", {"industry": "电子信息"}), "industry") == {"电子信息"}
    # 稀土 is an alias of two industries (稀土钨新材料 in 003, 稀土新材料 in 004): both answer.
    assert names(run_query(store, "industry-owners", {"industry": "稀土"}), "industry") == {
        "稀土钨新材料",
        "稀土新材料",
    }


@pytest.mark.parametrize("department", ["工信委", "省工信委", COMMISSION])
def test_department_portfolio_includes_the_divisions(store, department):
    rows = run_query(store, "department-portfolio", {"department": department})
    assert names(rows, "department") == {COMMISSION}
    portfolio = {(row["kind"], row["name"], row["via"]) for row in rows}
    assert ("Industry", "光伏", COMMISSION) in portfolio  # 000: 责任单位：省工信委 …
    assert ("Industry", "家具", "省工信委轻工业处") in portfolio  # 004: 轻工业处 按照各自职责 (南康家具)
    assert ("Platform", "赣州经济技术开发区", "省工信委综合处") in portfolio  # 004: 综合处牵头, 25 个重点平台
    assert ("Event", "手机产业合作推进会", "省工信委电子信息处") in portfolio  # 003: 电子信息处衔接协调


def test_department_aliases_give_identical_portfolios(store):
    results = [
        run_query(store, "department-portfolio", {"department": name}) for name in ("工信委", "省工信委", COMMISSION)
    ]
    assert results[0] == results[1] == results[2]
    # A division asked for by its short name gets only its own work.
    rows = run_query(store, "department-portfolio", {"department": "综合处"})
    assert names(rows, "department") == {"省工信委综合处"} and names(rows, "via") == {"省工信委综合处"}


def test_lead_and_supporting_departments_per_industry(store):
    rows = {row["industry"]: row for row in run_query(store, "industry-lead-support")}
    # 004 (五): 科技处牵头 on the 稀土、钨 technology work; 有色工业处 is responsible for 稀土 within its remit.
    assert "省工信委科技处" in rows["稀土新材料"]["leading"]
    assert "省工信委有色工业处" in rows["稀土新材料"]["responsible"]
    # 003: 新能源汽车 meeting hosted by 宜春市政府, co-hosted by 南昌市政府, coordinated by 装备工业处.
    assert "宜春市政府" in rows["新能源汽车"]["hosting"] and "宜春市政府" not in rows["新能源汽车"]["leading"]
    assert {"南昌市政府", "省工信委装备工业处"} <= set(rows["新能源汽车"]["supporting"])


def test_industries_without_a_lead_department(store):
    rows = {row["industry"]: row for row in run_query(store, "industries-without-lead")}
    assert "光伏" in rows and COMMISSION in rows["光伏"]["responsible_units"]
    assert "lead" not in rows["光伏"]["roles"]
    assert "稀土新材料" not in rows and "钨新材料" not in rows  # 科技处牵头


@pytest.mark.parametrize("place", ["赣州市", "赣州"])
def test_platforms_in_a_city_include_those_of_its_districts(store, place):
    rows = {row["platform"]: row for row in run_query(store, "platforms-in-place", {"place": place})}
    assert {"赣州经济技术开发区", "赣州综合保税区", "龙南经济技术开发区", "南康家具省级产业基地"} <= set(rows)
    assert rows["南康家具省级产业基地"]["located_in"] == ["南康区"]  # 南康区 lies in 赣州市
    assert "稀土新材料" in rows["赣州稀土新材料国家新型工业化产业示范基地"]["industries"]
    assert "新余光伏国家新型工业化产业示范基地" not in rows
    assert "工业" not in rows["赣州稀土新材料国家新型工业化产业示范基地"]["industries"]


def test_enterprises_by_industry_and_place(store):
    phones = names(run_query(store, "enterprises-by-industry", {"industry": "手机"}), "enterprise")
    # 003: the 手机产业合作推进会 invites 摩托罗拉、诺基亚、三星 and 中国电信天翼终端有限公司.
    assert {"摩托罗拉", "诺基亚", "三星", "中国电信天翼终端有限公司"} <= phones
    assert "南方稀土" not in phones
    rare_earth = names(run_query(store, "enterprises-by-industry", {"industry": "稀土"}), "enterprise")
    assert "南方稀土" in rare_earth and "摩托罗拉" not in rare_earth
    everything = run_query(store, "enterprises-by-industry")
    assert len(everything) == len(names(everything, "enterprise")) >= len(phones | rare_earth)
    assert run_query(store, "enterprises-by-industry", {"industry": "手机", "place": "赣州"}) == []


def test_targets_of_an_industry_and_of_a_department(store):
    rows = run_query(store, "targets", {"subject": "光伏"})
    by_deadline = {row["deadline"]: row for row in rows}
    # 000: 力争光伏产业主营业务收入过千亿元 (2014); 004: 新余光伏 among the 千亿产业 by 2020.
    assert set(by_deadline) == {2014, 2020}
    assert all(row["value"] == 1000 and row["unit"] == "亿元" for row in rows)
    assert {COMMISSION, "各设区市政府"} <= set(by_deadline[2014]["responsible"])
    assert "省工信委新兴产业处" in by_deadline[2020]["responsible"]
    commission = run_query(store, "targets", {"subject": "省工信委"})
    metrics = {(row["metric"], row["value"], row["unit"]) for row in commission}
    assert ("新认定省级创新平台", 100, "家") in metrics  # 000: 省工信委、省发改委、省科技厅
    assert ("主营业务收入超500亿工业园区", 10, "个") in metrics  # 004: a division's target (工业园区处牵头)
    assert ("高新技术企业数量", 800, "户") not in metrics  # 省科技厅、省国税局、省地税局 only


def test_co_responsibility_pairs(store):
    rows = run_query(store, "co-responsibility", {"top": 500})
    pairs = {frozenset((row["department"], row["other"])): row for row in rows}
    # 000: 责任单位：省工信委、省商务厅 for 生物医药; 003: 省商务厅 co-hosts the Hong Kong 光伏 meeting.
    shared = pairs[frozenset(("江西省商务厅", COMMISSION))]
    assert {"生物医药", "光伏"} <= set(shared["industries"]) and shared["shared"] == len(shared["industries"])
    assert [row["shared"] for row in rows] == sorted((row["shared"] for row in rows), reverse=True)
    assert len(run_query(store, "co-responsibility", {"top": 3})) == 3


def test_department_breadth(store):
    rows = run_query(store, "department-breadth", {"top": 100})
    by_name = {row["department"]: row for row in rows}
    # 004 (三): 综合处牵头 for the 25 重点平台 (14 产业类 + 8 综合类 + 3 试点示范类).
    assert by_name["省工信委综合处"]["platforms"] == 25
    assert [row["total"] for row in rows] == sorted((row["total"] for row in rows), reverse=True)
    assert len(run_query(store, "department-breadth")) == 25  # the default top


def test_industry_owners_by_document_shows_what_changed(store):
    rows = run_query(store, "industry-owners-by-document", {"industry": "光伏产业"})
    assert [row["year"] for row in rows] == sorted(row["year"] for row in rows)
    assert {row["year"] for row in rows} == {2011, 2014, 2015}
    commission = {row["year"]: row["change"] for row in rows if row["department"] == COMMISSION}
    assert commission == {2011: "new", 2014: "continued"}
    titles = {row["year"]: row["title"] for row in rows}
    assert titles[2014] == "2014年战略性新兴产业推进工作指导意见"
    assert {row["change"] for row in rows if row["year"] == 2011} == {"new"}


def test_evidence_for_one_department_industry_pair(store):
    rows = run_query(store, "pair-evidence", {"department": "省工信委", "industry": "光伏"})
    units = names(rows, "department")
    assert {COMMISSION, "省工信委新兴产业处"} <= units
    assert any("光伏" in row["evidence"] for row in rows if row["document"].startswith("000_"))
    for row in rows:
        assert row["industry"] == "光伏"
        if row["evidence"]:
            assert row["evidence"] in document_text(row["document"])
    assert run_query(store, "pair-evidence", {"department": "省统计局", "industry": "光伏"}) == []


def test_alias_search_ranks_the_closest_name_first(store):
    rows = run_query(store, "alias-search", {"text": "工信委"})
    assert rows[0]["name"] == COMMISSION and rows[0]["label"] == "Department"
    assert "省工信委" in rows[0]["aliases"]
    labels = {row["label"] for row in run_query(store, "alias-search", {"text": "赣州"})}
    assert {"Place", "Platform", "Department"} <= labels
    assert run_query(store, "alias-search", {"text": ""}) == []
    assert len(run_query(store, "alias-search", {"text": "处", "top": 4})) == 4


def test_shortest_connection_between_two_named_entities(store):
    [direct] = run_query(store, "shortest-connection", {"from": "电子信息处", "to": "手机"})
    assert direct["hops"] == 1 and direct["relationships"] == ["RESPONSIBLE_FOR"]
    [chain] = run_query(store, "shortest-connection", {"from": "摩托罗拉", "to": "省工信委"})
    assert chain["path"][0] == "摩托罗拉" and chain["path"][-1] == COMMISSION
    assert chain["hops"] == len(chain["relationships"]) == len(chain["path"]) - 1 <= 4
    assert "MENTIONED_IN" not in chain["relationships"]
    assert run_query(store, "shortest-connection", {"from": "光伏", "to": "光伏"}) == []


def test_events_with_date_place_and_hosts(store):
    rows = {row["event"]: row for row in run_query(store, "events")}
    meeting = rows["光伏产业合作推进会"]
    assert meeting["date"] == "2011-11" and meeting["places"] == ["南昌市"]
    assert {"新余市政府", "上饶市政府", "南昌市政府", "九江市政府", "景德镇市政府"} == set(meeting["hosts"])
    assert "省工信委新兴产业处 (coordinate)" in meeting["other_units"]
    assert meeting["promotes"] == ["光伏"]


# --------------------------------------------------------------------------- safety


@pytest.mark.parametrize("attempt", INJECTIONS)
def test_an_injection_attempt_is_just_a_string_that_matches_nothing(store, attempt):
    before = store.stats()
    for name, param in [("industry-owners", "industry"), ("department-portfolio", "department")]:
        with pytest.raises(NameNotFound):
            run_query(store, name, {param: attempt})
    assert run_query(store, "alias-search", {"text": attempt}) == []
    assert run_cypher(store, "MATCH (n:Industry) WHERE n.name = $name RETURN n.name AS name", {"name": attempt}) == []
    assert store.stats() == before


WRITES = [
    "CREATE (:Place {id: 'Place:x', name: 'x', aliases: [], search: 'x'})",
    "MERGE (:Place {id: 'Place:x'})",
    "MATCH (n:Industry) SET n.name = 'x'",
    "MATCH (n:Industry)-[r:TARGETS]-() DELETE r",
    "MATCH (n:Industry) DETACH DELETE n",
    "MATCH (n:Industry) REMOVE n.name",
    "LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row",
    "COPY Place FROM 'places.csv'",
    "CALL create_fts_index('Industry', 'names', ['name'])",
    "CALL db.createProperty('forbidden')",
    "MATCH (n) RETURN n; MATCH (n) DETACH DELETE n",
]


# LadybugDB's own writing procedure, and the Neo4j one that stands for it on Neo4j.
NEO4J_FORMS = {"CALL create_fts_index('Industry', 'names', ['name'])": "CALL db.createLabel('Forbidden')"}


@pytest.mark.parametrize("statement", WRITES)
def test_ad_hoc_writes_are_refused_without_write(store, statement):
    if store.backend == "neo4j":
        statement = NEO4J_FORMS.get(statement, statement)
    before = store.stats()
    with pytest.raises(QueryError, match="--write"):
        run_cypher(store, statement)
    assert store.stats() == before


def test_writes_run_with_write_and_syntax_errors_carry_the_engine_message(store_factory, gold_records):
    with store_factory("small") as small:
        small.load_records(gold_records[:1])
        places = small.stats()["nodes"]["Place"]
        run_cypher(small, "CREATE (:Place {id: $id, name: $name, aliases: [], search: $name})",
                   {"id": "Place:测试市", "name": "测试市"}, write=True)  # fmt: skip
        assert small.stats()["nodes"]["Place"] == places + 1
        with pytest.raises(
            QueryError, match="Parser exception" if small.backend == "embedded" else "Invalid input 'MATC'"
        ):
            run_cypher(small, "MATC (n) RETURN n")
        with pytest.raises(QueryError, match="empty"):
            run_cypher(small, "   ")


def test_a_resolve_header_names_declared_parameters_and_schema_labels():
    query = parse_canned_query(
        "// name: demo\n// question: Who?\n// params: who (a name), what (a name)\n"
        "// resolve: who (Department), what\n// example: policykg query demo -p who=省工信委 -p what=光伏\n"
        "MATCH (d {id: $who_id}), (x {id: $what_id}) RETURN d.name AS who, x.name AS what",
        expected_name="demo",
    )
    assert [(r.name, r.labels, r.id_param) for r in query.resolve][0] == ("who", ("Department",), "who_id")
    assert "Industry" in query.resolve[1].labels
    with pytest.raises(QueryError, match="must also be declared"):
        parse_canned_query("// name: d\n// question: ?\n// params: who\n// resolve: whom\n// example: x\nRETURN $who")
    with pytest.raises(QueryError, match="cannot resolve"):
        parse_canned_query(
            "// name: d\n// question: ?\n// params: who\n// resolve: who (Target)\n// example: x\nRETURN $who"
        )


def test_names_resolve_to_every_best_fit_and_nothing_for_an_empty_text(store):
    [photovoltaics] = resolve_names(store, "光伏", ["Industry"])
    assert store.run("MATCH (i:Industry {id: $id}) RETURN i.name AS name", {"id": photovoltaics})[0]["name"] == "光伏"
    assert len(resolve_names(store, "稀土", ["Industry"])) == 2
    assert resolve_names(store, "", ["Industry"]) == []
    assert resolve_names(store, "no such entity") == []


@pytest.mark.parametrize(
    "text",
    ["光伏", "稀土", "省工信委", "江西省工信委", "工信委", "江西省工业和信息化委员会", "赣州", "赣州市", "电子信息处",
     "ＶＲ", "vr", "南方稀土", "光伏产业", "no such entity"],
)  # fmt: skip
def test_the_stepwise_resolution_agrees_with_one_search_over_every_name(store, text):
    plain = store.dialect.translate(RESOLVE_CYPHER.format(labels="|".join(SEARCHABLE_LABELS)))
    assert resolve_names(store, text) == best_fits(store.run(plain, {"text": text}))


def test_a_resolved_parameter_also_binds_a_pattern_of_the_names_and_empty_means_any(store):
    query = get_query("enterprises-by-industry")
    [binding] = resolved_bindings(store, query, {"industry": "光伏", "place": "", "top": 10})
    assert binding["industry_id"] == "Industry:光伏" and binding["place_id"] == binding["place_pattern"] == ""
    assert re.fullmatch(binding["industry_pattern"], "新余光伏科技有限公司\n光伏") is not None
    assert re.fullmatch(binding["industry_pattern"], "南方稀土") is None
    with pytest.raises(NameNotFound, match="no Industry named no such industry"):
        resolved_bindings(store, query, {"industry": "no such industry", "place": "", "top": 10})


def test_if_markers_name_a_parameter_that_can_be_empty():
    head = (
        "// name: q\n// question: ?\n// params: place= (a place), top:int=5\n// resolve: place (Place)\n// example: x\n"
    )
    body = "MATCH (p:Platform)\nWHERE $place_id = ''  // if: place\n   OR p.id IN $place_units  // if: place_units\nRETURN p LIMIT $top"
    query = parse_canned_query(head + body)
    assert conditional_params(query.cypher) == ("place", "place_units")
    assert drop_unused_filters(query.cypher, {"place": "赣州", "place_units": []}) == (
        "MATCH (p:Platform)\nWHERE $place_id = ''  // if: place\nRETURN p LIMIT $top"
    )
    with pytest.raises(QueryError, match="'// if: top' needs a parameter top= declared with an empty default"):
        parse_canned_query(head + body.replace("// if: place_units", "// if: top"))


def test_enterprise_industries_are_each_enterprises_own(store_factory):
    """An enterprise whose names carry no industry lists only those aimed at it, whatever row came before
    (the embedded engine answers a comprehension over an empty list with the previous row's result)."""
    from policykg.models import Entity, Fact, Record

    aimed = "手机产业合作推进会"
    record = Record(
        doc="enterprises.txt",
        entities=[
            Entity(type="Industry", name="手机"),
            Entity(type="Industry", name="电信"),
            Entity(type="Event", name=aimed),
            *(Entity(type="Enterprise", name=name) for name in ("中国电信", "摩托罗拉", "诺基亚")),
        ],
        facts=[
            Fact(rel="TARGETS", head=aimed, tail=tail, evidence=f"{aimed}：{tail}")
            for tail in ("手机", "中国电信", "摩托罗拉", "诺基亚")
        ],
    )
    with store_factory() as store:
        store.load_records([record])
        rows = {
            row["enterprise"]: row["industries"]
            for row in run_query(store, "enterprises-by-industry", {"industry": "手机"})
        }
    assert rows == {"中国电信": ["手机", "电信"], "摩托罗拉": ["手机"], "诺基亚": ["手机"]}
