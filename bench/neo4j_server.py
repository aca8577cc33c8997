"""A throw-away local Neo4j for the benchmark's Neo4j stages, and ``neo4j-admin`` imports into it.

The server is the one ``make neo4j`` runs (``scripts/neo4j/neo4j.sh``: Neo4j
Community from Maven Central, the launcher of ``scripts/neo4j/``), started with
its own folder under the benchmark's scratch folder and stopped at the end of
the stage. ``neo4j-admin database import full`` is the admin tool of the same
Maven classpath (``org.neo4j.cli.AdminTool``), run with the command line that
``policykg export --format csv`` writes beside its files
(``neo4j-admin-import.sh``), into the database the server then serves.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from policykg.graph.export import IMPORT_COMMAND_FILE
from policykg.graph.neo4j_store import Neo4jSettings

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "neo4j" / "neo4j.sh"
ADMIN_TOOL = "org.neo4j.cli.AdminTool"
# Heap of the admin tool's JVM (the import keeps most of its data off the heap).
ADMIN_HEAP = "1g"


class Neo4jUnavailable(RuntimeError):
    """Java or Maven is missing, or the launcher cannot be built: the Neo4j stages are skipped."""


def missing_tools() -> str | None:
    """Why the Neo4j stages cannot run here (None when Java and Maven, or a built launcher, are present).

    Example:
        >>> missing_tools() is None or missing_tools().startswith("skipped")
        True
    """
    built = (SCRIPT.parent / "target" / "classpath.txt").exists()
    if shutil.which(os.environ.get("JAVA", "java")) is None:
        return "skipped: needs Java 17 or 21 (and Maven, once) to run Neo4j; see docs/neo4j.md"
    if not built and shutil.which("mvn") is None:
        return "skipped: needs Maven (mvn) to fetch Neo4j from Maven Central; see docs/neo4j.md"
    return None


def classpath() -> str:
    """The launcher's Java classpath (Neo4j and its admin tool), building the launcher if needed."""
    finished = subprocess.run(["bash", str(SCRIPT), "classpath"], capture_output=True, text=True, check=False)
    if finished.returncode != 0:
        raise Neo4jUnavailable(f"scripts/neo4j/neo4j.sh classpath failed: {finished.stderr.strip()[-400:]}")
    return finished.stdout.strip()


def import_seconds(log: str) -> float | None:
    """The time the admin tool reports for the import itself (``IMPORT DONE in 1m 2s 679ms``).

    Example:
        >>> import_seconds("...\\nIMPORT DONE in 1m 3s 679ms. \\nImported:"), import_seconds("nothing")
        (63.679, None)
    """
    found = re.search(r"IMPORT DONE in ((?:\d+\s*(?:ms|h|m|s)\s*)+)", log)
    if not found:
        return None
    scale = {"h": 3600.0, "m": 60.0, "s": 1.0, "ms": 0.001}
    return round(
        sum(int(amount) * scale[unit] for amount, unit in re.findall(r"(\d+)\s*(ms|h|m|s)", found.group(1))), 3
    )


def imported_counts(log: str) -> tuple[int | None, int | None]:
    """Nodes and relationships the admin tool says it imported.

    Example:
        >>> imported_counts("Imported:\\n  2 nodes\\n  1 relationships\\n  5 properties")
        (2, 1)
    """
    nodes = re.search(r"^\s*(\d+) nodes\s*$", log, re.MULTILINE)
    relationships = re.search(r"^\s*(\d+) relationships\s*$", log, re.MULTILINE)
    return (int(nodes.group(1)) if nodes else None, int(relationships.group(1)) if relationships else None)


def import_command(csv_folder: Path) -> list[str]:
    """The arguments of the ``neo4j-admin`` command the CSV export wrote, without ``neo4j-admin`` itself.

    Example:
        >>> import tempfile
        >>> folder = Path(tempfile.mkdtemp())
        >>> _ = (folder / IMPORT_COMMAND_FILE).write_text("neo4j-admin database import full neo4j \\\\\\n  --nodes=a.csv\\n")
        >>> import_command(folder)
        ['database', 'import', 'full', 'neo4j', '--nodes=a.csv']
    """
    text = (csv_folder / IMPORT_COMMAND_FILE).read_text(encoding="utf-8")
    words = shlex.split(text.replace("\\\n", " "))  # the shell's line continuations
    if not words or words[0] != "neo4j-admin":
        raise ValueError(f"{csv_folder / IMPORT_COMMAND_FILE} does not hold a neo4j-admin command")
    return words[1:]


@dataclass(frozen=True)
class AdminImport:
    """One ``neo4j-admin database import full``: the command's wall time and the tool's own figures."""

    wall_seconds: float
    seconds: float | None  # what the tool reports for the import itself, without the JVM's start
    nodes: int | None
    relationships: int | None


@dataclass
class LocalNeo4j:
    """A Neo4j server of its own in ``folder`` (the database in ``folder/dbms``), for one stage.

    Args:
        folder: where the server keeps its database, configuration, log and pid.
        heap: the JVM heap (``NEO4J_HEAP``).
        pagecache: the page cache (``NEO4J_PAGECACHE``).
        tx_timeout: the server stops transactions running longer than this (``120s``), if set.
    """

    folder: Path
    heap: str = "1g"
    pagecache: str = "512m"
    tx_timeout: str | None = None

    def _script(self, *args: str) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "POLICYKG_NEO4J_DIR": str(self.folder), "NEO4J_HEAP": self.heap,
               "NEO4J_PAGECACHE": self.pagecache, "POLICYKG_NEO4J_TX_TIMEOUT": self.tx_timeout or ""}  # fmt: skip
        return subprocess.run(["bash", str(SCRIPT), *args], env=env, capture_output=True, text=True, check=False)

    def import_csv(self, csv_folder: Path, classpath_: str) -> AdminImport:
        """Run the export's ``neo4j-admin`` command into this server's database (the server must be stopped)."""
        home = self.folder / "dbms"
        conf = self.folder / "admin-conf"
        home.mkdir(parents=True, exist_ok=True)
        conf.mkdir(parents=True, exist_ok=True)
        (conf / "neo4j.conf").touch()
        java = os.environ.get("JAVA", "java")
        command = [java, f"-Xmx{ADMIN_HEAP}", "-cp", classpath_, ADMIN_TOOL, *import_command(csv_folder)]
        env = {**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(conf)}
        began = time.perf_counter()
        finished = subprocess.run(command, cwd=csv_folder, env=env, capture_output=True, text=True, check=False)
        wall = time.perf_counter() - began
        log = finished.stdout + finished.stderr
        (self.folder / "admin-import.log").write_text(log, encoding="utf-8")
        if finished.returncode != 0 or "IMPORT DONE" not in log:
            tail = " | ".join(line.strip() for line in log.splitlines()[-5:] if line.strip())
            raise RuntimeError(f"neo4j-admin database import failed (exit {finished.returncode}): {tail}")
        nodes, relationships = imported_counts(log)
        return AdminImport(round(wall, 2), import_seconds(log), nodes, relationships)

    def start(self) -> Neo4jSettings:
        """Start the server on the database in ``folder/dbms`` and return how to reach it."""
        finished = self._script("start")
        if finished.returncode != 0:
            raise RuntimeError(f"Neo4j did not start: {finished.stderr.strip()[-600:]}")
        values = dict(re.findall(r"^export (NEO4J_\w+)=(.*)$", finished.stdout, re.MULTILINE))
        return Neo4jSettings.from_env(values)

    def stop(self) -> None:
        """Stop the server (a clean shutdown); nothing happens when it does not run."""
        self._script("stop")

    def memory_mb(self) -> float | None:
        """Resident memory of the running server, in MB (Linux ``/proc``)."""
        try:
            pid = (self.folder / "pid").read_text().strip()
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return round(int(line.split()[1]) / 1024, 1)
        except (OSError, ValueError):
            return None
        return None


def stop_servers_under(work: Path) -> list[Path]:
    """Stop every benchmark server still running from a folder under ``work`` (a stage that was killed).

    Returns:
        The folders whose server was asked to stop.
    """
    stopped = []
    for pid_file in sorted(work.glob("neo4j-*/pid")):
        LocalNeo4j(pid_file.parent).stop()
        stopped.append(pid_file.parent)
    return stopped


def settings_env(settings: Neo4jSettings) -> dict[str, Any]:
    """The ``NEO4J_*`` variables that reach ``settings`` (for a child process; never written to a file)."""
    return {"NEO4J_URI": settings.uri, "NEO4J_USER": settings.user, "NEO4J_PASSWORD": settings.password or ""}
