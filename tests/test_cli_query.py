"""The query commands in-process: queries, query, cypher, analyze, export, on both engines (tests/conftest.py)."""

from __future__ import annotations

import csv
import io
import json

import networkx as nx
import pytest
from typer.testing import CliRunner

from policykg.cli import app

runner = CliRunner()
COMMANDS = ("queries", "query", "cypher", "analyze", "export")
COMMISSION = "江西省工业和信息化委员会"


@pytest.fixture(scope="module")
def db(sample_corpus):
    """The sample corpus; ``*db.args`` reaches it from a command (``--db PATH`` or ``--neo4j``)."""
    return sample_corpus


def stats(db):
    return db.get().stats()


def invoke(*args):
    return runner.invoke(app, [str(arg) for arg in args])


def assert_one_line_error(result, *fragments):
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in lines[0]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_text(command):
    result = invoke(command, "--help")
    assert result.exit_code == 0
    registered = {info.name: info for info in app.registered_commands}
    assert (registered[command].callback.__doc__ or "").strip()
    assert "--format" in result.stdout or command in ("analyze",)


def test_queries_lists_every_canned_query(db):
    result = invoke("queries", "--format", "json")
    assert result.exit_code == 0
    listing = json.loads(result.stdout)
    assert len(listing) >= 12
    owners = next(row for row in listing if row["name"] == "industry-owners")
    assert owners["params"].startswith("industry (") and owners["example"].startswith("policykg query industry-owners")
    table = invoke("queries")
    assert table.exit_code == 0 and "shortest-connection" in table.stdout


def test_query_prints_json_csv_and_table(db):
    as_json = invoke("query", "industry-owners", "-p", "industry=光伏", *db.args, "--format", "json")
    assert as_json.exit_code == 0, as_json.output
    rows = json.loads(as_json.stdout)
    assert COMMISSION in {row["department"] for row in rows}
    assert "光伏" in as_json.stdout  # ensure_ascii=False
    as_csv = invoke("query", "industry-owners", "-p", "industry=光伏", *db.args, "--format", "csv")
    parsed = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert [row["department"] for row in parsed] == [row["department"] for row in rows]
    assert list(parsed[0]) == ["industry", "department", "part_of", "role", "year", "document", "evidence"]
    table = invoke("query", "industry-owners", "-p", "industry=光伏", *db.args)
    assert table.exit_code == 0 and "江西省财政厅" in table.stdout


def test_query_accepts_any_alias_of_a_department(db):
    outputs = {
        name: invoke("query", "department-portfolio", "-p", f"department={name}", *db.args, "-f", "json").stdout
        for name in ("工信委", "省工信委", COMMISSION)
    }
    assert len(set(outputs.values())) == 1
    assert {row["department"] for row in json.loads(outputs["工信委"])} == {COMMISSION}


def test_query_with_typed_parameter_and_no_rows(db):
    result = invoke("query", "department-breadth", "-p", "top=2", *db.args, "-f", "json")
    assert len(json.loads(result.stdout)) == 2
    unknown = invoke("query", "industry-owners", "-p", "industry=无此产业", *db.args)
    assert unknown.exit_code == 1 and unknown.stdout == "" and "no Industry named 无此产业; nearest" in unknown.stderr
    empty = invoke("query", "enterprises-by-industry", "-p", "industry=光伏", "-p", "place=北京", *db.args)
    assert empty.exit_code == 0 and empty.stdout == "" and "(no rows)" in empty.stderr


def test_query_errors_say_what_to_do(db, tmp_path):
    assert_one_line_error(invoke("query", "industry-owner", *db.args), "no canned query named", "industry-owners")
    assert_one_line_error(invoke("query", "industry-owners", *db.args), "needs parameter industry", "-p industry=")
    assert_one_line_error(invoke("query", "industry-owners", "-p", "industry", *db.args), "key=value")
    assert_one_line_error(invoke("query", "department-breadth", "-p", "top=many", *db.args), "not a valid int")
    assert_one_line_error(invoke("query", "events", "--db", tmp_path / "x.lbug", "--neo4j"), "not both")
    assert_one_line_error(invoke("query", "events", "--db", tmp_path / "missing.lbug"), "no graph here yet")


@pytest.mark.parametrize("attempt", ["' OR 1=1 //", "}) DETACH DELETE n //"])
def test_an_injection_attempt_in_a_parameter_matches_nothing(db, attempt):
    before = stats(db)
    result = invoke("query", "industry-owners", "-p", f"industry={attempt}", *db.args, "-f", "json")
    assert result.exit_code == 1 and result.stdout == "" and "no Industry named" in result.stderr
    result = invoke(
        "cypher",
        "MATCH (n) WHERE n.name = $name RETURN n.name AS name",
        "-p",
        f"name={attempt}",
        *db.args,
        "-f",
        "json",
    )
    assert result.exit_code == 0 and json.loads(result.stdout) == []
    assert stats(db) == before


def test_cypher_reads_with_parameters(db):
    result = invoke("cypher", "MATCH (i:Industry) WHERE i.name = $name RETURN i.name AS name, i.aliases AS aliases",
                    "-p", "name=光伏", *db.args, "-f", "json")  # fmt: skip
    assert result.exit_code == 0, result.output
    [row] = json.loads(result.stdout)
    assert row["name"] == "光伏" and "光伏产业" in row["aliases"]
    typed = invoke("cypher", "RETURN $n + 1 AS n", "-p", "n:int=41", *db.args, "-f", "csv")
    assert typed.stdout.splitlines() == ["n", "42"]


WRITES = [
    "CREATE (:Place {id: 'Place:x', name: 'x', aliases: [], search: 'x'})",
    "MERGE (:Place {id: 'Place:x'})",
    "MATCH (n:Industry) SET n.name = 'x'",
    "MATCH (:Industry)-[r:TARGETS]-() DELETE r",
    "MATCH (n:Industry) DETACH DELETE n",
    "MATCH (n:Industry) REMOVE n.name",
    "LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row",
    "CALL create_fts_index('Industry', 'names', ['name'])",
]
# LadybugDB's own writing procedure, and the Neo4j one that stands for it on Neo4j.
NEO4J_FORMS = {"CALL create_fts_index('Industry', 'names', ['name'])": "CALL db.createLabel('Forbidden')"}


@pytest.mark.parametrize("statement", WRITES)
def test_cypher_is_read_only_by_default(db, statement):
    if db.factory.neo4j:
        statement = NEO4J_FORMS.get(statement, statement)
    before = stats(db)
    assert_one_line_error(invoke("cypher", statement, *db.args), "refused", "--write")
    assert stats(db) == before


def test_cypher_write_changes_the_graph(gold_records, store_factory):
    with store_factory("writable") as store:
        store.load_records(gold_records[:1])
        places = store.stats()["nodes"]["Place"]
    result = invoke("cypher", "CREATE (:Place {id: $id, name: $name, aliases: [], search: $name})",
                    "-p", "id=Place:测试市", "-p", "name=测试市", "--write", *store_factory.args("writable"))  # fmt: skip
    assert result.exit_code == 0, result.output
    with store_factory("writable", read_only=True) as store:
        assert store.stats()["nodes"]["Place"] == places + 1


def test_cypher_syntax_error_shows_the_engine_message_on_one_line(db):
    if not db.factory.neo4j:
        assert_one_line_error(invoke("cypher", "MATC (n) RETURN n", *db.args), "Parser exception")
        assert_one_line_error(invoke("cypher", "MATCH (n:Nowhere) RETURN n", *db.args), "Nowhere")
        return
    assert_one_line_error(invoke("cypher", "MATC (n) RETURN n", *db.args), "Invalid input 'MATC'")
    unknown = invoke("cypher", "MATCH (n:Nowhere) RETURN n", *db.args)  # Neo4j: a label nobody wrote matches nothing
    assert unknown.exit_code == 0 and "(no rows)" in unknown.stderr


def test_analyze_prints_each_view(db):
    table = invoke("analyze", "--top", "3", *db.args)
    assert table.exit_code == 0, table.output
    for title in ("department centrality", "departments sharing industries", "communities"):
        assert title in table.stdout
    as_json = json.loads(invoke("analyze", "--top", "2", "--json", *db.args).stdout)
    assert set(as_json) == {"centrality", "co_responsibility", "communities"}
    assert len(as_json["centrality"]) == 2 and as_json["centrality"][0]["department"] == "省工信委综合处"


@pytest.mark.parametrize(
    "fmt, name", [("graphml", "g.graphml"), ("gexf", "g.gexf"), ("json", "g.jsonl"), ("csv", "csv")]
)
def test_export_writes_each_format(db, tmp_path, fmt, name):
    result = invoke("export", "--format", fmt, "-o", tmp_path / name, *db.args)
    assert result.exit_code == 0, result.output
    assert f"wrote {tmp_path / name}" in result.stderr
    assert (tmp_path / name).exists()
    if fmt == "graphml":
        back = nx.read_graphml(tmp_path / name, force_multigraph=True)
        assert back.number_of_nodes() == sum(stats(db)["nodes"].values())


def test_export_of_a_query_subgraph_and_its_errors(db, tmp_path):
    result = invoke("export", "-o", tmp_path / "pv.graphml", "--cypher", "MATCH (i:Industry) WHERE i.name = $n RETURN i",
                    "-p", "n=光伏", *db.args, "--quiet")  # fmt: skip
    assert result.exit_code == 0 and result.stderr == ""
    assert list(nx.read_graphml(tmp_path / "pv.graphml").nodes) == ["Industry:光伏"]
    assert_one_line_error(invoke("export", "-o", tmp_path, *db.args), "is a folder")
    bad = invoke("export", "-o", tmp_path / "g.dot", "--format", "dot", *db.args)
    assert bad.exit_code != 0 and "Traceback" not in bad.output


def test_an_integer_parameter_out_of_range_is_one_line(db):
    result = invoke("query", "department-breadth", "-p", "top=99999999999999999999", "--db", db)
    assert_one_line_error(result, "top=99999999999999999999", "out of range")
