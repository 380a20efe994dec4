# qyzmet: two commands. `make demo` serves the platform; `make test` runs every check.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip --disable-pip-version-check -q
PG_URL ?= postgres://postgres@127.0.0.1:5432/qyzmet_$(shell date +%s)_$$$$

.PHONY: demo oidc-provider test test-postgres lint install install-dev install-assistant translations clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(PIP) install -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(PIP) install -e '.[dev]'
	touch $@ $(VENV)/.installed

$(VENV)/.installed-assistant: pyproject.toml | $(BIN)/python
	$(PIP) install -e '.[assistant]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed        ## install qyzmet into .venv
install-dev: $(VENV)/.installed-dev ## install qyzmet and the test tools into .venv
install-assistant: $(VENV)/.installed-assistant ## add the assistant's model (about 190 MB)

translations: install              ## compile the committed .po files (no GNU gettext needed)
	$(BIN)/qyzmet compiletranslations

demo: install translations         ## prepare the demo (SQLite) and serve on 127.0.0.1:8000
	$(BIN)/qyzmet demo

OIDC_PROVIDER := tests/counterparts/oidc-provider
oidc-provider:                     ## the tests' OpenID provider on 127.0.0.1:9090, for the demo (Node.js, npm)
	cd $(OIDC_PROVIDER) && npm ci --no-audit --no-fund --loglevel=error && node server.js

lint: install-dev                  ## ruff (lint and format) and mypy
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy src

test: lint translations            ## the whole suite on SQLite, plus lint
	$(BIN)/pytest

test-postgres: install-dev translations ## the whole suite on PostgreSQL (fresh database per run)
	DATABASE_URL=$${DATABASE_URL:-$(PG_URL)} $(BIN)/pytest --create-db

clean:
	rm -rf $(VENV) var build src/*.egg-info
