"""The README's Neo4j section as written, both engines alike on the bundled corpus, and docker-compose.yml.

The README's commands run as processes (the ``policykg`` of this environment) against the
server that ``NEO4J_URI`` names (``make neo4j``; .ci/run starts one); the embedded store is
built from the same corpus by the same command with ``--db``. Every canned query, with the
parameters of its ``example:`` line, must give the same rows on both.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import NEO4J_SKIP, StoreFactory, neo4j_configured, shared_store

from policykg.graph.queries import list_queries, parse_param_pairs, run_query

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
POLICYKG = Path(sys.executable).with_name("policykg")


def readme_block(heading: str, first_line: str) -> list[str]:
    """The lines of the first ```bash block under ``heading`` that starts with ``first_line``."""
    section = README.read_text(encoding="utf-8").split(f"\n{heading}\n", 1)[1].split("\n## ", 1)[0]
    for block in re.findall(r"```bash\n(.*?)```", section, re.DOTALL):
        lines = [line.split("  #", 1)[0].strip() for line in block.splitlines() if line.strip()]
        if lines and lines[0] == first_line:
            return lines
    raise AssertionError(f"README.md: no bash block starting with {first_line!r} under {heading!r}")


def readme_neo4j_commands() -> list[str]:
    """The ``policykg`` commands of the README's local-server block (make and source set the server up)."""
    lines = readme_block("## Neo4j", "make neo4j")
    assert lines[1] == "source .neo4j/env" and lines[-1] == "make neo4j-stop", lines
    commands = lines[2:-1]
    assert commands and all(line.startswith("policykg ") and line.endswith(" --neo4j") for line in commands), commands
    return commands


def readme_example_questions() -> list[str]:
    """The commands of the README's table of example questions."""
    section = README.read_text(encoding="utf-8").split("### Example questions", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"\|\s*`(policykg query [^`]+)`\s*\|", section)
    assert len(commands) >= 5, section
    return commands


def run(command: list[str]) -> subprocess.CompletedProcess[str]:
    finished = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert finished.returncode == 0, f"{shlex.join(command)}\n{finished.stderr}"
    return finished


def policykg(line: str, *extra: str) -> subprocess.CompletedProcess[str]:
    """Run a README line (``policykg ...``) with this environment's policykg."""
    words = shlex.split(line)
    assert words[0] == "policykg"
    return run([str(POLICYKG), *words[1:], *extra])


def on_the_embedded_store(line: str, db: Path) -> str:
    """The same command against the embedded store file ``db``."""
    return line.replace(" --neo4j", f" --db {shlex.quote(str(db))}")


def comparable(rows: list[dict]) -> list[str]:
    """Rows as text, in their order; lists inside sorted (``collect`` gathers in no fixed order), paths kept."""

    def plain(key: str, value):
        if isinstance(value, list) and key != "path":
            return sorted(json.dumps(item, ensure_ascii=False, sort_keys=True) for item in value)
        return value

    return [json.dumps({k: plain(k, v) for k, v in row.items()}, ensure_ascii=False, sort_keys=True) for row in rows]


def example_params(example: str) -> dict:
    """The ``-p key=value`` pairs of a canned query's ``example:`` line."""
    words = shlex.split(example)
    return parse_param_pairs([words[i + 1] for i, word in enumerate(words) if word in ("-p", "--param")])


# ----- the README's commands on a server -------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The bundled corpus built by the README's command on Neo4j, and by the same command with ``--db``."""
    if not neo4j_configured():
        pytest.skip(NEO4J_SKIP)
    [build] = [line for line in readme_neo4j_commands() if line.startswith("policykg build ")]
    folder = tmp_path_factory.mktemp("readme")
    db = folder / "graph.lbug"
    policykg(on_the_embedded_store(build, db))
    server = shared_store("neo4j", tmp_path_factory, "readme", lambda store: policykg(build))
    embedded = StoreFactory("embedded", folder, "readme")("graph", read_only=True)
    yield server, embedded, db
    server.close()
    embedded.close()


@pytest.mark.neo4j
def test_the_readme_commands_answer_alike_on_both_engines(built):
    server, _, db = built
    server.get()  # the README's build, on Neo4j
    for line in [*readme_neo4j_commands(), *(f"{q} --neo4j" for q in readme_example_questions())]:
        if line.startswith("policykg build "):
            continue
        on_neo4j = policykg(line, "--format", "json")
        embedded = policykg(on_the_embedded_store(line, db), "--format", "json")
        rows = json.loads(on_neo4j.stdout)
        assert comparable(rows) == comparable(json.loads(embedded.stdout)), line
        assert rows or "without-lead" in line, f"{line} found nothing"


@pytest.mark.neo4j
def test_every_canned_query_gives_the_same_rows_on_both_engines(built):
    server, embedded, _ = built
    assert server.get().stats() == embedded.stats()
    for query in list_queries():
        params = example_params(query.example)
        on_neo4j = run_query(server.get(), query.name, params)
        assert comparable(on_neo4j) == comparable(run_query(embedded, query.name, params)), query.name


@pytest.mark.neo4j
def test_the_built_graph_checks_and_its_derived_properties_agree(built):
    server, embedded, _ = built
    assert server.get().check().ok
    for label, columns in [("Department", "d.industry_count, d.document_count, d.industries, d.part_of"),
                           ("Industry", "d.department_count, d.lead_departments, d.supporting_departments"),
                           ("Enterprise", "d.named_industries, d.located_in")]:  # fmt: skip
        cypher = f"MATCH (d:{label}) RETURN d.id AS id, {columns} ORDER BY id"  # derived lists have a fixed order
        assert comparable(server.get().run(cypher)) == comparable(embedded.run(cypher)), label


# ----- docker-compose.yml -----------------------------------------------------------------------


def pinned_neo4j_version() -> str:
    pom = (ROOT / "scripts" / "neo4j" / "pom.xml").read_text(encoding="utf-8")
    return re.search(r"<neo4j\.version>([^<]+)</neo4j\.version>", pom).group(1)


def test_docker_compose_runs_the_tested_neo4j_release():
    compose = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    images = re.findall(r"^\s*image:\s*(\S+)", compose, re.MULTILINE)
    assert images == [f"neo4j:{pinned_neo4j_version()}-community"]


def test_docker_compose_config_is_valid(tmp_path):
    docker = shutil.which("docker")
    if docker is None or subprocess.run([docker, "compose", "version"], capture_output=True).returncode != 0:
        pytest.skip(
            "needs the docker client with the compose plugin (it validates docker-compose.yml without a daemon)"
        )
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "NEO4J_PASSWORD": "a-long-test-password"}
    finished = subprocess.run([docker, "compose", "-f", str(ROOT / "docker-compose.yml"), "config", "--format", "json"],
                              capture_output=True, text=True, env=env, timeout=60)  # fmt: skip
    assert finished.returncode == 0, finished.stderr
    service = json.loads(finished.stdout)["services"]["neo4j"]
    assert service["image"] == f"neo4j:{pinned_neo4j_version()}-community"
    assert all(port.get("host_ip") == "127.0.0.1" for port in service["ports"])
