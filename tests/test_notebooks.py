"""The analyst notebooks: committed without outputs, up to date with their generator, and running top to bottom."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat", reason="nbformat is not installed (pip install -e '.[dev]')")

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
NOTEBOOK_NAMES = ("01-quickstart.ipynb", "02-explore.ipynb", "03-cypher.ipynb")
# Bounds a hung kernel; a cell normally takes seconds.
CELL_TIMEOUT_S = 600


def load_generator():
    spec = importlib.util.spec_from_file_location("make_notebooks", ROOT / "scripts" / "make_notebooks.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_notebooks"] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", NOTEBOOK_NAMES)
def test_notebook_is_committed_without_outputs(name: str) -> None:
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    nbformat.validate(notebook)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{name}: a cell has outputs; regenerate with scripts/make_notebooks.py"
            assert cell.execution_count is None


@pytest.mark.parametrize("name", NOTEBOOK_NAMES)
def test_notebook_matches_its_generator(name: str) -> None:
    generator = load_generator()
    expected = nbformat.writes(generator.NOTEBOOK_BUILDERS[name]()) + "\n"
    assert (NOTEBOOKS / name).read_text(encoding="utf-8") == expected, (
        f"{name} differs from scripts/make_notebooks.py; edit the generator and run it"
    )


def execute(name: str, cwd: Path) -> nbformat.NotebookNode:
    """Run a notebook in a fresh kernel of this interpreter, from ``cwd``."""
    from nbclient import NotebookClient

    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    # "python3" resolves to the interpreter running the tests (jupyter_client swaps in sys.executable).
    client = NotebookClient(
        notebook, timeout=CELL_TIMEOUT_S, kernel_name="python3", resources={"metadata": {"path": str(cwd)}}
    )
    client.execute()
    return notebook


def outputs_text(notebook: nbformat.NotebookNode) -> str:
    parts = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            parts.append(str(output.get("text", "")))
            for value in output.get("data", {}).values():
                parts.append(str(value))
    return "\n".join(parts)


@pytest.fixture(scope="module")
def embedded_only(monkeypatch_module: pytest.MonkeyPatch) -> None:
    """The notebooks run on the embedded store here, whatever the environment says."""
    monkeypatch_module.delenv("NEO4J_URI", raising=False)


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


@pytest.mark.slow
@pytest.mark.usefixtures("embedded_only")
def test_quickstart_runs_from_the_repository_root() -> None:
    notebook = execute("01-quickstart.ipynb", ROOT)
    text = outputs_text(notebook)
    assert "loaded: 000_856dea704c3a152c.txt" in text
    assert "industry-owners" in text, "the canned queries are listed"
    assert "<table" in text, "results show as tables"


@pytest.mark.slow
@pytest.mark.usefixtures("embedded_only")
def test_explore_runs_from_the_notebooks_folder() -> None:
    notebook = execute("02-explore.ipynb", NOTEBOOKS)
    text = outputs_text(notebook)
    assert text.count("<iframe srcdoc=") == 2, "a department's and an industry's view"
    assert "image/png" in {
        key for cell in notebook.cells for out in cell.get("outputs", []) for key in out.get("data", {})
    }


@pytest.mark.slow
@pytest.mark.usefixtures("embedded_only")
def test_cypher_runs_on_the_embedded_store() -> None:
    notebook = execute("03-cypher.ipynb", NOTEBOOKS)
    text = outputs_text(notebook)
    assert "store: embedded" in text
    assert "refused: refused to run a write" in text
    assert "<iframe srcdoc=" in text
