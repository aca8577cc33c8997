# Set-up, demo and tests. Everything installs into .venv; the segmentation model goes to
# ~/.cache/policykg (or $POLICYKG_HOME), outside the repository.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
DB     ?= policykg.lbug

.PHONY: install setup demo test browser bench neo4j neo4j-stop clean

$(BIN)/policykg: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

install: $(BIN)/policykg

# Fetches the spacy-pkuseg model once (about 50 MB download, 183 MB unpacked).
setup: install
	$(BIN)/policykg setup

# Build the graph from the bundled corpus on the embedded store and print who owns each industry.
demo: setup
	$(BIN)/policykg build data/corpus --db $(DB)
	$(BIN)/policykg query industry-lead-support --db $(DB)
	@echo
	@echo "policykg is installed in $(VENV). To type 'policykg ...' as the README does, put it on PATH:"
	@echo "    source $(VENV)/bin/activate      # or: export PATH=\"$$PWD/$(BIN):\$$PATH\""

# Headless Chromium and a CJK font for the browser tests (Debian; needs root or sudo).
browser:
	bash scripts/install-browser.sh

# Lint, format and type checks first (ruff and pyright, configured in pyproject.toml), then the whole suite.
test: setup browser
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pyright
	$(BIN)/python -m pytest -q -m ""

bench: setup
	$(BIN)/python -m bench

# A local Neo4j Community server (Maven Central, no Docker) on 127.0.0.1 and a free port; prints the
# NEO4J_* variables to export (also in .neo4j/env: `source .neo4j/env`). See scripts/neo4j/neo4j.sh.
neo4j:
	@bash scripts/neo4j/neo4j.sh start

neo4j-stop:
	@bash scripts/neo4j/neo4j.sh stop

clean:
	rm -rf $(DB) $(DB).wal .pytest_cache
