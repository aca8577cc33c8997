"""One vocabulary of roles (policykg/vocabulary.py): the README's table, the queries' definitions,
and lead-related queries that agree with each other (tests/conftest.py: both engines)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from policykg import vocabulary
from policykg.cli import app
from policykg.graph.queries import list_queries, run_query
from policykg.graph.rows import prepare_record
from policykg.models import ROLES

ROOT = Path(__file__).resolve().parent.parent
REAL_DOCS = [ROOT / "tests" / "data" / "real" / part / "docs" for part in ("dev", "dev2", "holdout")]


@pytest.fixture(scope="module")
def record_sets(gold_records):
    """The sample corpus (its gold records) and the real test documents (as extracted, about 15 s)."""
    from policykg.loaders.pipeline import extract_documents

    real = [outcome.record for outcome in extract_documents(REAL_DOCS, workers=0) if outcome.record is not None]
    assert len(real) == 29
    for record in real:
        prepare_record(record)  # every real record loads
    return {"sample corpus": gold_records, "real documents": real}


def test_every_role_is_in_exactly_one_group() -> None:
    grouped = [role for roles in vocabulary.ROLE_GROUPS.values() for role in roles]
    assert sorted(grouped) == sorted(ROLES) == sorted(set(grouped))
    assert vocabulary.LEADING_ROLES == ("lead",)  # hosting an event is not leading an industry


def test_the_readme_roles_table_is_the_vocabulary() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert vocabulary.roles_table() in readme


def test_queries_lists_each_definition_on_one_line() -> None:
    result = CliRunner().invoke(app, ["queries", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert {row["name"] for row in rows} == {q.name for q in list_queries()}
    for row in rows:
        assert row["definition"] and "\n" not in row["definition"], row["name"]
        assert "{" not in row["definition"], row["name"]
    by_name = {row["name"]: row["definition"] for row in rows}
    assert vocabulary.describe_group("leading") in by_name["industry-lead-support"]
    assert vocabulary.describe_group("leading") in by_name["industries-without-lead"]


def test_no_query_spells_a_role_out() -> None:
    for query in list_queries():
        for role in ROLES:
            assert f"'{role}'" not in query.cypher, (query.name, role)


@pytest.mark.slow
@pytest.mark.parametrize("record_set", ["sample corpus", "real documents"])
def test_lead_related_queries_agree(store_factory, record_sets, record_set: str) -> None:
    store = store_factory()
    store.load_records(record_sets[record_set])
    leads = {row["industry"]: set(row["leading"]) for row in run_query(store, "industry-lead-support", {"top": 50})}
    without = {row["industry"] for row in run_query(store, "industries-without-lead")}
    led = {industry for industry, names in leads.items() if names}
    assert led, "the set names no lead at all; the test would prove nothing"
    assert not led & without, sorted(led & without)
    assert set(leads) <= led | without
    for industry in sorted(led)[:15]:  # the lead departments are those industry-owners shows with a leading role
        owners = run_query(store, "industry-owners", {"industry": industry})
        by_role = {row["department"] for row in owners if row["role"] in vocabulary.LEADING_ROLES}
        assert by_role == leads[industry], industry
