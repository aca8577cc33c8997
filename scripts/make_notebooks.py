"""Write the analyst notebooks in ``notebooks/`` from the cells below, without outputs.

The notebooks are committed clean (no outputs, no execution counts) and run in
the tests (``tests/test_notebooks.py``); edit the cells here and run
``python scripts/make_notebooks.py`` rather than saving a notebook from Jupyter,
so the diff stays readable.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"

# Every notebook starts here: it may be opened from the repository root or from notebooks/.
FIND_ROOT = """\
from pathlib import Path

ROOT = next(folder for folder in [Path.cwd(), *Path.cwd().parents] if (folder / "pyproject.toml").is_file())
CORPUS = ROOT / "data" / "corpus"
sorted(path.name for path in CORPUS.glob("*.txt"))"""

# The embedded store lives in a temporary folder, so running a notebook leaves nothing behind.
BUILD_EMBEDDED = """\
import tempfile

from policykg.graph.build import build_graph
from policykg.graph.engines import open_store

workdir = tempfile.TemporaryDirectory(prefix="policykg-notebook-")
store = open_store(Path(workdir.name) / "corpus.lbug")
report = build_graph([CORPUS], store)
print("loaded:", ", ".join(report.load.loaded) or "none", "| failed:", report.failed_files or "none")"""

SHOW_TABLE = '''\
import pandas as pd

pd.set_option("display.max_colwidth", 80)


def table(rows):
    """Query rows as a DataFrame (an empty one says so)."""
    return pd.DataFrame(rows) if rows else pd.DataFrame({"result": ["no rows"]})'''

CLOSE = """\
store.close()
workdir.cleanup()"""


def quickstart() -> nbformat.NotebookNode:
    return _notebook(
        [
            new_markdown_cell(
                "# Quickstart: from documents to answers\n\n"
                "This notebook extracts the bundled sample corpus (`data/corpus`), loads the records into the "
                "embedded store (a LadybugDB file in a temporary folder), and asks the canned analyst questions "
                "of `queries/`. The same steps on the command line:\n\n"
                "```\npolicykg build data/corpus --db corpus.lbug\npolicykg query industry-owners -p industry=光伏 --db corpus.lbug\n```"
            ),
            new_code_cell(FIND_ROOT),
            new_markdown_cell(
                "## Build the graph\n\n`build_graph` extracts every document, loads one transaction per document, and checks the store."
            ),
            new_code_cell(BUILD_EMBEDDED),
            new_code_cell(SHOW_TABLE),
            new_markdown_cell("What the store now holds, per node label and per relationship type:"),
            new_code_cell(
                "stats = store.stats()\n"
                'pd.concat({kind: pd.Series(counts, name="count") for kind, counts in stats.items()}).to_frame()'
            ),
            new_markdown_cell(
                "## The canned questions\n\nEach `queries/*.cypher` file is one analyst question with declared parameters."
            ),
            new_code_cell(
                "from policykg.graph.queries import list_queries, query_table_rows, run_query\n\n"
                'table(query_table_rows(list_queries()))[["name", "question", "params"]]'
            ),
            new_markdown_cell(
                "Which departments are broadest — responsible for the most industries, platforms, firms and events?"
            ),
            new_code_cell('table(run_query(store, "department-breadth", {"top": 10}))'),
            new_markdown_cell(
                "Who is responsible for the photovoltaic industry, in what role, on what evidence? Any alias or fragment of the name works."
            ),
            new_code_cell('table(run_query(store, "industry-owners", {"industry": "光伏"}))'),
            new_markdown_cell("The stated numeric goals about it:"),
            new_code_cell('table(run_query(store, "targets", {"subject": "光伏"}))'),
            new_markdown_cell("Industries that no department leads:"),
            new_code_cell('table(run_query(store, "industries-without-lead"))'),
            new_code_cell(CLOSE),
        ]
    )


def explore() -> nbformat.NotebookNode:
    return _notebook(
        [
            new_markdown_cell(
                "# Explore: neighbourhoods and networks\n\n"
                "Interactive views of one department's and one industry's neighbourhood (the same pages "
                "`policykg viz` writes: self-contained, no network needed), then networkx analytics over "
                "the whole graph."
            ),
            new_code_cell(FIND_ROOT),
            new_code_cell(BUILD_EMBEDDED),
            new_markdown_cell(
                "The graph as networkx sees it: nodes keyed by id with `label`, `name`, `aliases`; edges with "
                "`type`, `role`, `evidence`, `doc`, `year`."
            ),
            new_code_cell(
                "from policykg.graph.analytics import department_centrality, to_networkx\n\n"
                "graph = to_networkx(store)\n"
                "graph.number_of_nodes(), graph.number_of_edges()"
            ),
            new_markdown_cell(
                "## Who is central\n\nDegree and betweenness of each department in the department → responsibility network:"
            ),
            new_code_cell(
                "import pandas as pd\n\ncentrality = pd.DataFrame(department_centrality(graph))\ncentrality.head(10)"
            ),
            new_code_cell(
                "import matplotlib.pyplot as plt\n\n"
                "# Chinese names need a CJK font; matplotlib takes the first one installed.\n"
                'plt.rcParams["font.sans-serif"] = ["Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", "SimHei", "DejaVu Sans"]\n'
                'plt.rcParams["axes.unicode_minus"] = False\n\n'
                "top = centrality.head(10).iloc[::-1]\n"
                "fig, ax = plt.subplots(figsize=(8, 4.5))\n"
                'ax.barh(top["department"], top["responsibilities"], color="#4e79a7")\n'
                'ax.set_xlabel("objects the department is responsible for")\n'
                'ax.set_title("The ten broadest departments")\n'
                "fig.tight_layout()\n"
                "plt.show()"
            ),
            new_markdown_cell(
                "## A department's neighbourhood\n\n"
                "The most central department, with everything one step away. Hover an edge for its evidence "
                "sentence and document, search by any alias, filter by label or role."
            ),
            new_code_cell(
                "from IPython.display import HTML, display\n\n"
                "from policykg.web.viz import build_view, notebook_frame\n\n"
                'department = centrality["department"].iloc[0]\n'
                "view = build_view(store, department=department, depth=1)\n"
                "print(view.title, view.summary)\n"
                "display(HTML(notebook_frame(view.html, height=560)))"
            ),
            new_markdown_cell(
                "## An industry's neighbourhood\n\nThe industry the most departments are responsible for, two steps out:"
            ),
            new_code_cell(
                "from collections import Counter\n\n"
                "owners = Counter(\n"
                '    graph.nodes[target]["name"]\n'
                "    for source, target, data in graph.edges(data=True)\n"
                '    if data["type"] == "RESPONSIBLE_FOR" and graph.nodes[target]["label"] == "Industry"\n'
                ")\n"
                "industry, count = sorted(owners.items(), key=lambda item: (-item[1], item[0]))[0]\n"
                "view = build_view(store, industry=industry, depth=2)\n"
                "print(view.title, view.summary)\n"
                "display(HTML(notebook_frame(view.html, height=560)))"
            ),
            new_markdown_cell(
                "## Groups that work together\n\n"
                "Departments and industries split into communities (Louvain, seeded, so the split is the same every run):"
            ),
            new_code_cell(
                "from policykg.graph.analytics import department_industry_communities\n\n"
                "pd.DataFrame(department_industry_communities(graph)).head(10)"
            ),
            new_code_cell(CLOSE),
        ]
    )


def cypher() -> nbformat.NotebookNode:
    return _notebook(
        [
            new_markdown_cell(
                "# Ad-hoc Cypher, on either store\n\n"
                "By default this notebook builds the bundled corpus into the embedded store in a temporary "
                "folder. With `NEO4J_URI` set (and `NEO4J_USER`, `NEO4J_PASSWORD`, `NEO4J_DATABASE` as needed) it "
                "talks to that Neo4j server instead, and loads the corpus there only when the database is empty. "
                "The queries below are the same on both: values always go in as `$parameters`."
            ),
            new_code_cell(FIND_ROOT),
            new_code_cell(
                "import os\nimport tempfile\n\n"
                "from policykg.graph.build import build_graph\nfrom policykg.graph.engines import open_store\n\n"
                'USE_NEO4J = bool(os.environ.get("NEO4J_URI"))\n'
                "workdir = None\n"
                "if USE_NEO4J:\n"
                "    store = open_store(neo4j=True)\n"
                "else:\n"
                '    workdir = tempfile.TemporaryDirectory(prefix="policykg-notebook-")\n'
                '    store = open_store(Path(workdir.name) / "corpus.lbug")\n'
                'if not any(store.stats()["nodes"].values()):\n'
                "    report = build_graph([CORPUS], store)\n"
                '    print("loaded:", ", ".join(report.load.loaded) or "none")\n'
                'print("store:", "Neo4j at " + os.environ["NEO4J_URI"] if USE_NEO4J else "embedded")'
            ),
            new_code_cell(SHOW_TABLE),
            new_markdown_cell(
                "## Read queries\n\n`run_cypher` runs any read-only Cypher; the store translates the few constructs the two engines spell differently."
            ),
            new_code_cell(
                "from policykg.graph.queries import run_cypher\n\n"
                'table(run_cypher(store, """\n'
                "    MATCH (d:Department)-[r:RESPONSIBLE_FOR]->(i:Industry)\n"
                "    RETURN d.name AS department, count(DISTINCT i) AS industries, collect(DISTINCT r.role) AS roles\n"
                "    ORDER BY industries DESC, department\n"
                "    LIMIT 10\n"
                '"""))'
            ),
            new_markdown_cell(
                "With a parameter: the departments responsible for industries whose name contains a text."
            ),
            new_code_cell(
                'table(run_cypher(store, """\n'
                "    MATCH (d:Department)-[r:RESPONSIBLE_FOR]->(i:Industry)\n"
                "    WHERE i.name CONTAINS $text\n"
                "    RETURN i.name AS industry, d.name AS department, r.role AS role, r.doc AS document\n"
                "    ORDER BY industry, department\n"
                '""", {"text": "光伏"}))'
            ),
            new_markdown_cell("Where the platforms are:"),
            new_code_cell(
                'table(run_cypher(store, """\n'
                "    MATCH (p:Platform)-[:LOCATED_IN]->(place:Place)\n"
                "    RETURN place.name AS place, count(p) AS platforms\n"
                "    ORDER BY platforms DESC, place\n"
                "    LIMIT 10\n"
                '"""))'
            ),
            new_markdown_cell(
                "## Draw a query's result\n\nThe nodes a query returns, and the edges between them, as an interactive view:"
            ),
            new_code_cell(
                "from IPython.display import HTML, display\n\n"
                "from policykg.graph.analytics import to_networkx\n"
                "from policykg.web.viz import draw_view, notebook_frame\n\n"
                'part = to_networkx(store, """\n'
                "    MATCH (d:Department)-[:RESPONSIBLE_FOR]->(i:Industry)\n"
                "    WHERE i.name CONTAINS $text\n"
                "    RETURN d, i\n"
                '""", {"text": "光伏"})\n'
                'view = draw_view(part, title="Departments responsible for 光伏 industries")\n'
                "print(view.summary)\n"
                "display(HTML(notebook_frame(view.html, height=480)))"
            ),
            new_markdown_cell("## Writes are refused unless asked for\n\nAd-hoc Cypher is read-only by default:"),
            new_code_cell(
                "from policykg.errors import QueryError\n\n"
                "try:\n"
                '    run_cypher(store, "CREATE (:Industry {id: $id, name: $name})", {"id": "Industry:test", "name": "test"})\n'
                "except QueryError as err:\n"
                '    print("refused:", err)'
            ),
            new_code_cell("store.close()\nif workdir is not None:\n    workdir.cleanup()"),
        ]
    )


def _notebook(cells: list[nbformat.NotebookNode]) -> nbformat.NotebookNode:
    notebook = new_notebook(cells=cells)
    notebook.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    # Stable cell ids keep regenerated notebooks byte-identical.
    for index, cell in enumerate(notebook.cells):
        cell["id"] = f"cell-{index:02d}"
    return notebook


NOTEBOOK_BUILDERS = {
    "01-quickstart.ipynb": quickstart,
    "02-explore.ipynb": explore,
    "03-cypher.ipynb": cypher,
}


def main() -> int:
    NOTEBOOKS.mkdir(exist_ok=True)
    for name, build in NOTEBOOK_BUILDERS.items():
        notebook = build()
        nbformat.validate(notebook)
        (NOTEBOOKS / name).write_text(nbformat.writes(notebook) + "\n", encoding="utf-8")
        print(f"wrote notebooks/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
