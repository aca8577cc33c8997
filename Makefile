# Set-up, demo and tests. Everything installs into .venv; the segmentation model goes to
# ~/.cache/policykg (or $POLICYKG_HOME), outside the repository.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
DB     ?= policykg.lbug

.PHONY: install setup demo test browser bench clean

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

# Headless Chromium and a CJK font for the browser tests (Debian; needs root or sudo).
browser:
	bash scripts/install-browser.sh

test: setup browser
	$(BIN)/python -m pytest -q

bench: setup
	$(BIN)/python -m bench

clean:
	rm -rf $(DB) $(DB).wal .pytest_cache
