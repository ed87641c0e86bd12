# The two commands a new user needs: `make audit` and `make test` (`make help` lists the rest).
# Both create .venv and install the package on first use; a fresh machine needs only python3
# with pip and venv.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# `make audit` runs every params file under params/ as one batch; records whose inputs, params,
# notebooks, code and package versions are unchanged are skipped (AUDIT_FLAGS=--force re-runs).
AUDIT_FLAGS ?=
NBVAL := --nbval --nbval-current-env --nbval-sanitize-with nbval-sanitize.cfg -p no:cacheprovider

.PHONY: help install audit test test-fast test-slow lint clean-venv

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 12

install: $(STAMP)  ## create .venv and install the package with its test extras

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $(STAMP)

audit: $(STAMP)  ## audit every params file under params/ (AUDIT_FLAGS=--force re-runs all)
	$(BIN)/ita-audit batch params $(AUDIT_FLAGS)

test: $(STAMP)  ## everything CI runs: every test, then nbval on every committed record
	$(BIN)/python -m pytest tests
	$(BIN)/python -m pytest $(NBVAL) audits

test-fast: $(STAMP)  ## the inner loop: the tests not marked slow, on 2 processes (under a minute)
	$(BIN)/python -m pytest -q -n 2 -m "not slow" -p no:cacheprovider tests

test-slow: $(STAMP)  ## only the slow tests (notebooks, batches, Dask, Chromium, big samples)
	$(BIN)/python -m pytest -m slow tests

lint: $(STAMP)  ## ruff on the package, the tests and the benchmarks; no import cycles
	$(BIN)/ruff check ita_audit tests benchmarks
	@out=$$($(BIN)/python ../shared/tools/import_layers.py) && [ -z "$$out" ] || { echo "$$out"; exit 1; }

clean-venv:  ## remove .venv
	rm -rf $(VENV)
