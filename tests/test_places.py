"""Places roll up (graph/places.py): divisions to province and country, bodies to their division,
derived links marked as such; "platforms in 江西省" and "departments of 安徽" on both engines."""

from __future__ import annotations

import pytest
from conftest import shared_store

from policykg.errors import NameNotFound
from policykg.graph.places import jurisdiction_of, parents_of
from policykg.graph.queries import run_cypher, run_query
from policykg.models import Record

ANHUI = Record.model_validate(
    {
        "doc": "anhui-plan.txt",
        "title": "安徽省数字经济发展方案",
        "year": 2021,
        "entities": [
            {"type": "Department", "name": "安徽省发展和改革委员会", "aliases": ["省发改委"]},
            {"type": "Department", "name": "合肥市经济和信息化局", "aliases": ["市经信局"]},
            {"type": "Industry", "name": "集成电路"},
            {"type": "Platform", "name": "合肥经济技术开发区", "aliases": ["合肥经开区"]},
            {"type": "Place", "name": "合肥市", "aliases": ["合肥"]},
        ],
        "facts": [
            {
                "rel": "RESPONSIBLE_FOR",
                "head": "省发改委",
                "tail": "集成电路",
                "role": "lead",
                "evidence": "省发改委牵头发展集成电路",
            },
            {
                "rel": "RESPONSIBLE_FOR",
                "head": "市经信局",
                "tail": "合肥经开区",
                "role": "responsible",
                "evidence": "市经信局负责合肥经开区",
            },
            {"rel": "LOCATED_IN", "head": "合肥经开区", "tail": "合肥", "evidence": "合肥经开区位于合肥"},
        ],
    }
)


@pytest.fixture(scope="module")
def two_provinces(engine, gold_records, tmp_path_factory):
    loaded = shared_store(engine, tmp_path_factory, "places", lambda store: store.load_records([*gold_records, ANHUI]))
    yield loaded
    loaded.close()


def test_the_gazetteer_gives_parents_and_jurisdictions() -> None:
    assert parents_of("南康区") == ["赣州市", "江西省", "中国"]
    assert jurisdiction_of("江西省工业和信息化委员会") == "江西省"
    assert jurisdiction_of("合肥市经济和信息化局") == "合肥市"


def test_a_district_whose_name_another_shares_rolls_up_within_its_own_city() -> None:
    assert parents_of("沈阳市和平区") == ["沈阳市", "辽宁省", "中国"]
    assert parents_of("天津市和平区") == ["天津市", "中国"]
    assert jurisdiction_of("沈阳市和平区人民政府") == "沈阳市和平区"


def test_platforms_in_a_province(two_provinces) -> None:
    store = two_provinces.get()
    placed = {
        row["name"]
        for row in run_cypher(store, "MATCH (p:Platform)-[:LOCATED_IN]->(:Place) RETURN DISTINCT p.name AS name")
    }
    for name in ("江西省", "江西"):
        jiangxi = {row["platform"] for row in run_query(store, "platforms-in-place", {"place": name})}
        # every platform placed in a division of Jiangxi; 赣南 is a region, not a division of the gazetteer
        assert jiangxi == placed - {"合肥经济技术开发区", "赣南承接产业转移示范区"}, name
        assert len(jiangxi) >= 20
    anhui = {row["platform"] for row in run_query(store, "platforms-in-place", {"place": "安徽省"})}
    assert anhui == {"合肥经济技术开发区"}
    country = {row["platform"] for row in run_query(store, "platforms-in-place", {"place": "中国"})}
    assert country == placed - {"赣南承接产业转移示范区"}


def test_departments_of_a_province(two_provinces) -> None:
    store = two_provinces.get()
    anhui = {row["department"] for row in run_query(store, "departments-in-place", {"place": "安徽"})}
    assert anhui == {"安徽省发展和改革委员会", "合肥市经济和信息化局"}
    jiangxi = {row["department"] for row in run_query(store, "departments-in-place", {"place": "江西"})}
    assert "江西省工业和信息化委员会" in jiangxi and not jiangxi & anhui
    hefei = {row["department"] for row in run_query(store, "departments-in-place", {"place": "合肥"})}
    assert hefei == {"合肥市经济和信息化局"}


def test_derived_links_are_marked_and_the_stated_ones_are_not(two_provinces) -> None:
    store = two_provinces.get()
    rows = run_cypher(
        store,
        "MATCH (a)-[r:LOCATED_IN]->(b:Place) RETURN a.name AS a, b.name AS b, r.derived AS derived, r.evidence AS evidence",
    )
    links = {(row["a"], row["b"]): row for row in rows}
    assert links[("合肥市", "安徽省")]["derived"] is True and not links[("合肥市", "安徽省")]["evidence"]
    assert links[("安徽省", "中国")]["derived"] is True
    assert links[("合肥经济技术开发区", "合肥市")]["derived"] is False
    assert store.check().consistent


SHENYANG = Record.model_validate(
    {
        "doc": "shenyang-plan.txt",
        "title": "沈阳市数字经济发展要点",
        "year": 2020,
        "entities": [
            {"type": "Department", "name": "沈阳市和平区政府", "aliases": ["和平区政府"]},
            {"type": "Platform", "name": "和平区动漫产业园"},
            {"type": "Place", "name": "沈阳市和平区", "aliases": ["和平区"]},
        ],
        "facts": [
            {
                "rel": "LOCATED_IN",
                "head": "和平区动漫产业园",
                "tail": "沈阳市和平区",
                "evidence": "推动和平区动漫产业园建设",
            },
        ],
    }
)


@pytest.fixture(scope="module")
def shared_district_name(engine, tmp_path_factory):
    loaded = shared_store(engine, tmp_path_factory, "homonyms", lambda store: store.load_records([SHENYANG]))
    yield loaded
    loaded.close()


def test_a_district_named_with_its_city_rolls_up_there_on_both_engines(shared_district_name) -> None:
    store = shared_district_name.get()
    liaoning = {row["platform"] for row in run_query(store, "platforms-in-place", {"place": "辽宁省"})}
    assert liaoning == {"和平区动漫产业园"}
    with pytest.raises(NameNotFound):  # no 天津市 node: 和平区 rolled up only within 沈阳市
        run_query(store, "platforms-in-place", {"place": "天津市"})
    bodies = {row["department"] for row in run_query(store, "departments-in-place", {"place": "沈阳市"})}
    assert bodies == {"沈阳市和平区政府"}
