# Campaign — every target sets itself up; nothing needs installing by hand first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 5000
HOST   ?= 127.0.0.1
STAMP  := $(VENV)/.installed

export FLASK_APP := campaign

.PHONY: install run test system-deps lint security bench lock schema clean

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements.lock
	touch $(STAMP)

install: $(STAMP)

## run: set up, migrate, load the seed campaign, serve on http://$(HOST):$(PORT) with the scheduler
run: $(STAMP)
	HOST=$(HOST) PORT=$(PORT) ./scripts/run.sh

## system-deps: Debian packages the tests need (PostgreSQL server, Chromium, poppler)
system-deps:
	@./scripts/system-deps.sh

## test: set up everything and run the whole suite on SQLite and PostgreSQL
test: $(STAMP) system-deps security
	$(BIN)/ruff check campaign tests bench
	$(BIN)/pytest

## security: bandit on the code; every locked package against PyPI's vulnerability data
## (pip-audit; fails when PyPI cannot be reached, see scripts/audit_lock.py)
security: $(STAMP)
	$(BIN)/bandit -q -c pyproject.toml -r campaign
	$(BIN)/python scripts/audit_lock.py requirements.lock

lint: $(STAMP)
	$(BIN)/ruff check campaign tests bench

bench: $(STAMP)
	$(BIN)/python -m bench

## lock: re-resolve requirements.lock from pyproject.toml (needs network to PyPI)
lock:
	$(PYTHON) -m pip install --quiet uv
	$(PYTHON) -m uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 -o requirements.lock

schema: $(STAMP)
	$(BIN)/flask bundle-schema docs/bundle.schema.json

clean:
	rm -rf $(VENV) instance/*.db .pytest_cache
