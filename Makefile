# The two commands a new user needs: `make audit` and `make test`.
# Both create .venv and install the package on first use; a fresh machine
# needs only python3 with pip and venv.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PARAMS := params/2566/sso.yaml params/2562/sso.yaml params/2565/msdhs-ops.yaml

.PHONY: audit test install clean-venv

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $(STAMP)

audit: $(STAMP)
	$(BIN)/ita-audit run $(PARAMS)

test: $(STAMP)
	$(BIN)/python -m pytest tests
	$(BIN)/python -m pytest --nbval --nbval-current-env --nbval-sanitize-with nbval-sanitize.cfg -p no:cacheprovider audits

clean-venv:
	rm -rf $(VENV)
