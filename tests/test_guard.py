"""The read-only guard against the real engine: no read touches a file, an extension or the graph.

The attacks are the ones reported in issue 17 (a comment the old guard ended too
early hid ``LOAD FROM`` and ``COPY … TO`` inside what it took for a string), run
through the CLI; the property test mixes comments, quotes and escapes around
file and graph writes and runs everything the guard lets through on a
throw-away LadybugDB store, with no other defence, to check nothing happened.
"""

from __future__ import annotations

from pathlib import Path

import ladybug
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from policykg.cli import app
from policykg.errors import QueryError
from policykg.graph.engines import open_store
from policykg.graph.guard import refused_plan, refused_write, tokenize

runner = CliRunner()
SECRET = "s3cr3t-marker"


@pytest.fixture(scope="module")
def db(one_document_db):
    return one_document_db


@pytest.fixture()
def secret(tmp_path):
    path = tmp_path / "secret.csv"
    path.write_text(f"{SECRET}:x:0\n{SECRET}:y:1\n", encoding="utf-8")
    return path


def stats(db):
    with open_store(db, read_only=True) as store:
        return store.stats()


def invoke(*args):
    return runner.invoke(app, [str(arg) for arg in args])


def reading(secret: Path) -> list[str]:
    return [
        f"/***/ ' */ LOAD FROM '{secret}' (file_format='csv', header=false, delim=':') RETURN * LIMIT 3 //'",
        f"/* x **/ ' */ LOAD FROM '{secret}' (header=false, delim=':') RETURN * //'",
        f"UNWIND [1] AS y WITH y WHERE y = 1LOAD FROM '{secret}' (header=false, delim=':') RETURN *",
        f"MATCH (n:Department) /* **/ RETURN n.name AS x LIMIT 1 UNION ALL LOAD FROM '{secret}' (header=false, delim=':') RETURN column0 AS x",
    ]


def writing(target: Path) -> list[str]:
    return [
        f"/***/ ' */ COPY (RETURN 'x' AS x) TO '{target}' //'",
        f"/***/ \" */ COPY (RETURN 1 AS x) TO '{target}' //\"",
        f"/* `**/ ` */ COPY (MATCH (n:Place) RETURN n.name) TO '{target}' // `",
    ]


@pytest.mark.parametrize("index", range(4))
def test_cypher_cannot_read_a_file(db, secret, index):
    result = invoke("cypher", reading(secret)[index], "--db", db, "--format", "json")
    assert result.exit_code == 1
    assert SECRET not in result.output
    assert "refused" in result.stderr and len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("index", range(3))
def test_cypher_cannot_write_a_file(db, tmp_path, index):
    target = tmp_path / "out.csv"
    result = invoke("cypher", writing(target)[index], "--db", db)
    assert result.exit_code == 1
    assert not target.exists()
    assert "refused" in result.stderr


@pytest.mark.parametrize("index", range(2))
def test_export_subgraph_query_cannot_read_or_write_a_file(db, secret, tmp_path, index):
    target = tmp_path / "out.csv"
    for cypher in (reading(secret)[index], writing(target)[index]):
        result = invoke("export", "--format", "json", "-o", tmp_path / "g.json", "--cypher", cypher, "--db", db)
        assert result.exit_code == 1, result.output
        assert SECRET not in result.output
        assert not target.exists()
        assert not (tmp_path / "g.json").exists()


def test_reads_that_look_like_attacks_still_run(db):
    before = stats(db)
    for cypher in [
        "MATCH (n:Department) /* a **/ LOAD FROM 'x' */ RETURN count(n) AS n",
        "MATCH (n:Department) WHERE n.name <> '*/ COPY (RETURN 1) TO \\'x\\' //' RETURN count(n) AS n",
        "MATCH (n:Department) RETURN count(n) AS `load` // COPY",
    ]:
        result = invoke("cypher", cypher, "--db", db, "--format", "json")
        assert result.exit_code == 0, result.output
    assert stats(db) == before


@pytest.mark.parametrize(
    "cypher",
    [
        "LOAD FROM '{secret}' (header=false, delim=':') RETURN *",
        "COPY (RETURN 1 AS x) TO '{target}'",
        "CALL threads = 1",
        "INSTALL json",
    ],
)
def test_the_engine_plan_refuses_what_the_guard_would_miss(db, secret, tmp_path, monkeypatch, cypher):
    """The second wall: with the token guard switched off, EXPLAIN's plan still refuses."""
    target = tmp_path / "out.csv"
    monkeypatch.setattr("policykg.graph.dialect.Dialect.refused_write", lambda self, text: None)
    with open_store(db, read_only=True) as store, pytest.raises(QueryError, match="refused"):
        store.run(cypher.format(secret=secret, target=target))
    assert not target.exists()


def test_plans_of_reads_are_reads(db):
    with open_store(db, read_only=True) as store:
        plan = store._read(lambda tx: tx("EXPLAIN MATCH (a)-[r]->(b) RETURN a.id, count(r) ORDER BY a.id LIMIT 3", {}))
    assert refused_plan("\n".join(str(v) for row in plan for v in row.values())) is None


# ----- the lexer agrees with the engine -------------------------------------------------------------

LEXEMES = ["/*", "*/", "**/", "/***/", "*", "/", "//", "\n", "\r", "'", '"', "`", "\\", "\\'", '\\"', "\\\\",
           "\\u0041", "\\q", " ", "a", "1"]  # fmt: skip


@pytest.fixture(scope="module")
def engine():
    return ladybug.Connection(ladybug.Database(buffer_pool_size=64 * 1024 * 1024))


@given(st.lists(st.sampled_from(LEXEMES), max_size=8))
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_a_string_token_is_a_string_to_the_engine(engine, pieces):
    """Whatever the guard reads as one string literal, the engine accepts as one, and the other way round."""
    body = "".join(pieces)
    connection = engine
    for quote in ("'", '"'):
        literal = quote + body + quote
        tokens = tokenize(literal)
        guard_says_string = len(tokens) == 1 and tokens[0].kind == "string"
        try:  # the literal must end where the guard says: the columns after it are read as code
            columns = connection.execute(f"RETURN {literal} AS x, 1 AS y").get_column_names()
            engine_says_string = columns == ["x", "y"]
        except RuntimeError:
            engine_says_string = False
        assert guard_says_string == engine_says_string, literal


# ----- the property: nothing the engine would run as a file or graph write gets through ---------------

PIECES = ["/*", "*/", "**/", "/***/", "*", "//", "\n", "\r\n", "\r", "'", '"', "`", "\\", "\\'", '\\"', "\\\\",
          "\\u0041", " ", "RETURN 1 AS x", "MATCH (t:T)", "WITH 1 AS y", "1", ";", "UNION ALL"]  # fmt: skip


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sandbox")
    (folder / "secret.csv").write_text(f"{SECRET}\n", encoding="utf-8")
    database = ladybug.Database(str(folder / "sandbox.lbug"), buffer_pool_size=64 * 1024 * 1024)
    connection = ladybug.Connection(database)
    connection.execute("CREATE NODE TABLE T(id STRING PRIMARY KEY)")
    return folder, connection


def payloads(folder: Path) -> list[str]:
    return [
        f"COPY (RETURN 'x' AS x) TO '{folder / 'out.csv'}'",
        f"LOAD FROM '{folder / 'secret.csv'}' (header=false) RETURN *",
        "CREATE (:T {id: 'w'})",
        "MERGE (:T {id: 'w'})",
        f"EXPORT DATABASE '{folder / 'exported'}'",
        f"COPY T FROM '{folder / 'secret.csv'}' (header=false)",
    ]


@given(
    before=st.lists(st.sampled_from(PIECES), max_size=8),
    payload=st.integers(min_value=0, max_value=5),
    after=st.lists(st.sampled_from(PIECES), max_size=6),
)
@example(before=["/***/", " ", "'", " ", "*/", " "], payload=0, after=[" ", "//", "'"])
@example(before=["/***/", " ", "'", " ", "*/", " "], payload=1, after=[" ", "//", "'"])
@example(before=["/***/", " ", '"', " ", "*/", " "], payload=2, after=[" ", "//", '"'])
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_nothing_the_guard_accepts_writes_or_reads_files(sandbox, before, payload, after):
    folder, connection = sandbox
    cypher = "".join(before) + payloads(folder)[payload] + "".join(after)
    if refused_write(cypher) is not None:
        return
    # Accepted: run it with no other defence (read-write database, no read-only transaction).
    try:
        result = connection.execute(cypher)
        results = result if isinstance(result, list) else [result]
        rows = [row for each in results for row in each.get_all()]
    except RuntimeError:
        rows = []
    assert SECRET not in repr(rows), cypher
    assert not (folder / "out.csv").exists(), cypher
    assert not (folder / "exported").exists(), cypher
    assert connection.execute("MATCH (t:T) RETURN count(t)").get_all() == [[0]], cypher
