"""Every canned query on a synthetic graph of about 50,000 relationships, with the default buffer pool.

The graph comes from the benchmark's generator (``bench/graph.py``) and is
imported with ``COPY FROM``; each query must finish inside the embedded store's
default 512 MB pool and answer sensibly. Speed is measured by ``python -m bench``,
never asserted here.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from policykg.errors import NameNotFound
from policykg.graph import schema
from policykg.graph.engines import open_store
from policykg.graph.queries import bind_params, get_query, list_queries, resolved_bindings, run_query

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # bench/ is a folder of the repository, not an installed package

import bench.bulk as bulk  # noqa: E402
import bench.graph as graph  # noqa: E402

pytestmark = pytest.mark.slow  # builds a 1M-relationship store

PARAMS = json.loads((ROOT / "bench" / "query_params.json").read_text(encoding="utf-8"))
RELATIONSHIPS = 50_000


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("scale")
    tables = bulk.write_csv_tables(graph.synthetic_graph(RELATIONSHIPS, 7), folder / "csv")
    bulk.copy_into_new_store(tables, folder / "graph.lbug")
    bulk.derive_properties(folder / "graph.lbug")
    with open_store(folder / "graph.lbug", read_only=True) as opened:
        yield opened


def params_of(name: str) -> dict:
    return PARAMS.get(name, {})


@pytest.mark.parametrize("name", [query.name for query in list_queries()])
def test_every_canned_query_finishes_within_the_default_pool(store, name):
    rows = run_query(store, name, params_of(name))
    assert isinstance(rows, list)
    # The generator may give every industry a lead, and it places no department.
    if name not in ("industries-without-lead", "departments-in-place"):
        assert rows, name


def test_co_responsibility_pairs_are_ranked_and_counted(store):
    rows = run_query(store, "co-responsibility", {"top": 10})
    assert len(rows) == 10
    assert [row["shared"] for row in rows] == sorted((row["shared"] for row in rows), reverse=True)
    for row in rows:
        assert row["department"] != row["other"] and row["shared"] == len(set(row["industries"]))


def test_co_responsibility_two_passes_agree_with_the_plain_self_join(store):
    # The plain pairing of every department with every other, on the industries of the top pairs only.
    top = run_query(store, "co-responsibility", {"top": 5})
    for row in top:
        shared = store.run(
            "MATCH (a:Department {name: $a})-[:RESPONSIBLE_FOR]->(i:Industry) "
            "MATCH (b:Department {name: $b})-[:RESPONSIBLE_FOR]->(i) RETURN count(DISTINCT i) AS n",
            {"a": row["department"], "b": row["other"]},
        )[0]["n"]
        assert shared == row["shared"]


def test_industry_lists_are_cut_to_top_and_count_every_department(store):
    full = {row["industry"]: row for row in run_query(store, "industry-lead-support", {"top": 100_000})}
    cut = run_query(store, "industry-lead-support", {"top": 2})
    assert [row["industry"] for row in cut] == list(full)
    for row in cut:
        whole = full[row["industry"]]
        for column in ("leading", "responsible", "supporting"):
            assert row[column] == whole[column][:2]
        assert (
            row["departments"]
            == whole["departments"]
            >= max(len(whole[c]) for c in ("leading", "responsible", "supporting"))
        )
    solar = full["光伏"]["leading"]
    documents = store.run(
        "MATCH (d:Department)-[r:RESPONSIBLE_FOR]->(:Industry {name: '光伏'}) WHERE r.role IN ['lead', 'host'] "
        "RETURN d.name AS name, count(DISTINCT r.doc) AS n"
    )
    cited = {row["name"]: row["n"] for row in documents}
    assert solar == sorted(cited, key=lambda name: (-cited[name], name))[: schema.ROLLUP_LIST_LIMIT]


def test_department_portfolio_and_enterprises_answer_for_the_named_entities(store):
    portfolio = run_query(store, "department-portfolio", {"department": "江西省工信委"})
    assert {row["department"] for row in portfolio} == {"江西省工业和信息化委员会"}
    assert {row["kind"] for row in portfolio} <= {"Industry", "Platform", "Enterprise", "Event"}
    enterprises = run_query(store, "enterprises-by-industry", {"industry": "光伏"})
    assert all("光伏" in row["industries"] for row in enterprises)
    assert len({row["enterprise"] for row in enterprises}) == len(enterprises)


def test_shortest_connection_between_resolved_names(store):
    params = params_of("shortest-connection")
    [row] = run_query(store, "shortest-connection", params)
    assert 1 <= row["hops"] <= 4
    assert len(row["path"]) == row["hops"] + 1 and len(row["relationships"]) == row["hops"]
    assert row["path"][0] == row["source"] and row["path"][-1] == row["target"]
    assert row["target"] == params["to"]  # an exact name beats every other fit
    with pytest.raises(NameNotFound):  # an unknown name is said, not answered with no rows
        run_query(store, "shortest-connection", {"from": params["from"], "to": "no such entity"})


@pytest.mark.parametrize(
    ("name", "top"),
    [("industry-owners", 7), ("industry-owners-by-document", 5), ("events", 3), ("targets", 4),
     ("department-portfolio", 6), ("enterprises-by-industry", 2)],
)  # fmt: skip
def test_large_listings_honour_top_and_keep_their_order(store, name, top):
    everything = run_query(store, name, params_of(name))
    assert len(everything) > top
    assert run_query(store, name, {**params_of(name), "top": top}) == everything[:top]


def test_places_followed_step_by_step_match_the_variable_length_pattern(store):
    # The canned queries follow LOCATED_IN one step at a time; the plain variable-length pattern is the reference.
    for row in run_query(store, "enterprises-by-industry", {**params_of("enterprises-by-industry"), "top": 20}):
        reference = store.run(
            "MATCH (e:Enterprise {name: $name})-[:LOCATED_IN*1..3]->(p:Place) RETURN DISTINCT p.name AS name",
            {"name": row["enterprise"]},
        )
        assert sorted(row["places"]) == sorted(r["name"] for r in reference)
    platforms = run_query(store, "platforms-in-place", params_of("platforms-in-place"))
    reference = store.run(
        "MATCH (c:Place {name: $place}) MATCH (p:Platform)-[:LOCATED_IN*1..3]->(c) RETURN DISTINCT p.name AS name",
        {"place": params_of("platforms-in-place")["place"]},
    )
    assert sorted(row["platform"] for row in platforms) == sorted(r["name"] for r in reference)


# department-portfolio as a path to the department, the reference for its $department_units filter.
PORTFOLIO_BY_PATHS = """MATCH (unit:Department)-[r:RESPONSIBLE_FOR]->(x:Enterprise|Event|Industry|Platform)
WHERE unit.id = $department_id
   OR EXISTS { MATCH (unit)-[:PART_OF]->(:Department {id: $department_id}) }
   OR EXISTS { MATCH (unit)-[:PART_OF]->(:Department)-[:PART_OF]->(:Department {id: $department_id}) }
   OR EXISTS { MATCH (unit)-[:PART_OF]->(:Department)-[:PART_OF]->(:Department)-[:PART_OF]->(:Department {id: $department_id}) }
WITH x, unit.name AS via, collect(DISTINCT r.role) AS roles, collect(DISTINCT r.doc) AS documents, count(*) AS mentions
WITH labels(x)[0] AS kind, x.name AS name, via, roles, documents, mentions
ORDER BY kind, name, via
LIMIT $top
MATCH (d:Department {id: $department_id})
RETURN d.name AS department, kind, name, via, roles, documents, mentions
ORDER BY kind, name, via"""


@pytest.mark.parametrize(
    "department, top",
    [("江西省工信委", 1000), ("江西省工信委", 7), ("江西省工业和信息化委员会", 50), ("赣州市政府", 1000)],
)
def test_a_department_with_its_divisions_answers_as_the_paths_to_it_do(store, department, top):
    query = get_query("department-portfolio")
    reference = []
    for binding in resolved_bindings(store, query, bind_params(query, {"department": department, "top": top})):
        assert binding["department_id"] in binding["department_units"]
        reference += store.run(store.dialect.translate(PORTFOLIO_BY_PATHS), binding)
    found = run_query(store, "department-portfolio", {"department": department, "top": top})
    assert len(found) > 0
    assert [unordered(row) for row in found] == [unordered(row) for row in reference]


def unordered(row: dict) -> dict:
    """A row with its collected lists sorted: collect() promises no order."""
    return {key: sorted(value) if isinstance(value, list) else value for key, value in row.items()}
