# The two commands a new user needs: `make audit` and `make test` (`make help` lists the rest).
# Both create .venv and install the package on first use; a fresh machine needs only python3
# with pip and venv.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Exact versions (and hashes) of every package, test tools included: what `make` installs and
# what the records name. pyproject.toml keeps the ranges; `make lock` re-resolves within them.
LOCK   := requirements.lock
UV     := uv==0.13.9
# `make audit` runs every params file under params/ as one batch; records whose inputs, params,
# notebooks, code and package versions are unchanged are skipped (AUDIT_FLAGS=--force re-runs).
AUDIT_FLAGS ?=
NBVAL := --nbval --nbval-current-env --nbval-sanitize-with nbval-sanitize.cfg -p no:cacheprovider
# Python caches byte-code (in __pycache__/ folders beside the code; git ignores them), also where
# the shell sets PYTHONDONTWRITEBYTECODE: otherwise every process of a run (kernel servers, the
# CLI that tests start, pytest and its workers) compiles the package, and pytest rewrites every
# test module again. The caches are where Python looks by default (pip's byte-code of the
# installed packages included), so that `ita-audit` started outside make finds them too.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: help install bytecode lock audit test test-fast test-slow lint clean-venv

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 12

install: bytecode  ## create .venv: the locked packages, then this package without dependencies

# This package is installed editable, which pip does not compile: make compiles it, so that the
# first `ita-audit` started outside make does not compile it in each of its processes.
bytecode: $(STAMP)
	@$(BIN)/python -m compileall -q ita_audit

$(STAMP): pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r $(LOCK)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $(STAMP)

lock: $(STAMP)  ## re-resolve requirements.lock within pyproject's ranges; regenerate environment.yml
	$(BIN)/python -m pip install --quiet --disable-pip-version-check $(UV)
	$(BIN)/uv pip compile --quiet --upgrade pyproject.toml --extra test --universal --python-version 3.10 --generate-hashes -o $(LOCK)
	$(BIN)/python tools/sync_environment.py
	@echo "now: make install, make audit AUDIT_FLAGS=--force, review the records' diff, commit both"

audit: bytecode  ## audit every params file under params/ (AUDIT_FLAGS=--force re-runs all)
	$(BIN)/ita-audit batch params $(AUDIT_FLAGS)

test: bytecode  ## everything CI runs: every test, then nbval on every committed record
	$(BIN)/python -m pytest tests
	$(BIN)/python -m pytest $(NBVAL) audits

test-fast: bytecode  ## the inner loop: the tests not marked slow, on 2 processes (under a minute)
	$(BIN)/python -m pytest -q -n 2 -m "not slow" -p no:cacheprovider -p no:nbval tests

test-slow: bytecode  ## only the slow tests (notebooks, batches, Dask, Chromium, big samples)
	$(BIN)/python -m pytest -m slow tests

lint: $(STAMP)  ## ruff on the package, the tests and the benchmarks; no import cycles
	$(BIN)/ruff check ita_audit tests benchmarks tools
	@out=$$($(BIN)/python ../shared/tools/import_layers.py) && [ -z "$$out" ] || { echo "$$out"; exit 1; }

clean-venv:  ## remove .venv
	rm -rf $(VENV)
