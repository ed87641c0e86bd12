# The two commands a new user needs: `make audit` and `make test`.
# Both create .venv and install the package on first use; a fresh machine
# needs only python3 with pip and venv.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# `make audit` runs every params file under params/ as one batch; records whose inputs, params,
# notebooks, code and package versions are unchanged are skipped (AUDIT_FLAGS=--force re-runs).
AUDIT_FLAGS ?=

.PHONY: audit test install clean-venv

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $(STAMP)

audit: $(STAMP)
	$(BIN)/ita-audit batch params $(AUDIT_FLAGS)

test: $(STAMP)
	$(BIN)/python -m pytest tests
	$(BIN)/python -m pytest --nbval --nbval-current-env --nbval-sanitize-with nbval-sanitize.cfg -p no:cacheprovider audits

clean-venv:
	rm -rf $(VENV)
