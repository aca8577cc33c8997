"""One name resolver for every command (graph/resolve.py), and output that fits where it goes."""

from __future__ import annotations

import pytest
from conftest import shared_store
from test_places import ANHUI
from typer.testing import CliRunner

from policykg.cli import app
from policykg.models import Record

runner = CliRunner()

JIANGXI_DRC = Record.model_validate(
    {
        "doc": "jiangxi-drc.txt",
        "title": "江西省发改委工作要点",
        "year": 2021,
        "entities": [
            {"type": "Department", "name": "江西省发展和改革委员会", "aliases": ["省发改委"]},
            {"type": "Industry", "name": "航空"},
        ],
        "facts": [
            {
                "rel": "RESPONSIBLE_FOR",
                "head": "省发改委",
                "tail": "航空",
                "role": "lead",
                "evidence": "省发改委牵头发展航空",
            }
        ],
    }
)


@pytest.fixture(scope="module")
def db(engine, gold_records, tmp_path_factory):
    loaded = shared_store(
        engine, tmp_path_factory, "resolve", lambda store: store.load_records([*gold_records, ANHUI, JIANGXI_DRC])
    )
    yield loaded
    loaded.close()


def invoke(db, *args):
    return runner.invoke(app, [*map(str, args), *db.args])


def test_a_fragment_finds_every_industry_containing_it(db) -> None:
    result = invoke(db, "query", "industry-owners", "-p", "industry=电子", "-f", "csv")
    assert result.exit_code == 0, result.output
    industries = {line.split(",")[0] for line in result.stdout.splitlines()[1:]}
    assert {"电子信息", "电子商务", "电子信息制造业"} <= industries


def test_an_unknown_name_exits_non_zero_with_the_nearest(db) -> None:
    result = invoke(db, "query", "industry-owners", "-p", "industry=造船")
    assert result.exit_code == 1
    assert "no Industry named 造船; nearest: " in result.stderr
    assert result.stdout == ""


def test_viz_resolves_names_as_query_does(db, tmp_path) -> None:
    out = tmp_path / "v.html"
    result = invoke(db, "viz", "--department", "工信委", "-o", out)
    assert result.exit_code == 0, result.output
    assert out.exists()
    assert invoke(db, "query", "department-portfolio", "-p", "department=工信委").exit_code == 0
    missing = invoke(db, "viz", "--industry", "造船", "-o", tmp_path / "w.html")
    assert missing.exit_code == 1 and "no Industry named 造船; nearest" in missing.stderr


def test_cypher_and_export_parameters_resolve_a_name(db, tmp_path) -> None:
    result = invoke(
        db, "cypher", "MATCH (d:Department {name: $d}) RETURN d.name AS name", "-p", "d:Department=工信委", "-f", "csv"
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["name", "江西省工业和信息化委员会"]
    bad = invoke(
        db,
        "export",
        "-o",
        tmp_path / "g.graphml",
        "--cypher",
        "MATCH (i:Industry {name: $i}) RETURN i",
        "-p",
        "i:Industry=造船",
    )
    assert bad.exit_code == 1 and "no Industry named 造船" in bad.stderr


def test_an_alias_of_bodies_in_two_jurisdictions_is_refused(db) -> None:
    result = invoke(db, "query", "department-portfolio", "-p", "department=省发改委")
    assert result.exit_code == 1
    message = result.stderr
    assert "安徽省发展和改革委员会 (安徽省)" in message and "江西省发展和改革委员会 (江西省)" in message
    assert "-p department=" in message and "--province" in message
    picked = invoke(db, "query", "department-portfolio", "-p", "department=省发改委", "--province", "安徽", "-f", "csv")
    assert picked.exit_code == 0, picked.output
    assert {line.split(",")[0] for line in picked.stdout.splitlines()[1:]} == {"安徽省发展和改革委员会"}
    full = invoke(db, "query", "department-portfolio", "-p", "department=安徽省发展和改革委员会", "-f", "csv")
    assert full.exit_code == 0 and "集成电路" in full.stdout


def test_piped_tables_are_one_line_per_row(db) -> None:
    csv_rows = invoke(db, "query", "department-portfolio", "-p", "department=工信委", "-f", "csv").stdout.splitlines()
    table = invoke(db, "query", "department-portfolio", "-p", "department=工信委")
    assert table.exit_code == 0
    lines = table.stdout.splitlines()
    assert len(lines) == len(csv_rows) > 20  # a header and one line per row, no boxes
    assert not any(char in table.stdout for char in "┏━┃│└╭")
    assert lines[0].split()[:3] == ["department", "kind", "name"]


@pytest.mark.parametrize("command", ["query", "viz", "cypher", "export"])
def test_help_shows_defaults_and_an_example_of_p(command) -> None:
    result = runner.invoke(app, [command, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "policykg.lbug" in result.output  # the default of --db
    assert "-p industry=光伏" in result.output
    if command == "viz":
        assert "a description of the view" in result.output
