# Campaign — every target sets itself up; nothing needs installing by hand first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

export FLASK_APP := campaign

.PHONY: install run test system-deps lint security audit check-install bench lock schema clean

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements.lock
	touch $(STAMP)

install: $(STAMP)

## run: set up, migrate, load the seed campaign, serve with gunicorn and the scheduler on
## http://127.0.0.1:5000, or HOST/PORT given here (make run PORT=8080), in the environment or .env
run: $(STAMP)
	./scripts/run.sh

## system-deps: Debian packages the tests need (PostgreSQL server, Chromium, poppler)
system-deps:
	@./scripts/system-deps.sh

## test: set up everything and run the whole suite on SQLite and PostgreSQL, in as many
## processes as there are cores (pytest-xdist; each has its own PostgreSQL cluster and browser)
## (lint, security and check-install wait mostly on the network and disk: they run side by side)
test: $(STAMP) system-deps
	@$(MAKE) --no-print-directory -j 3 --output-sync=target lint security check-install
	$(BIN)/pytest -n auto

## security: bandit on the code; every locked package against PyPI's vulnerability data
## (pip-audit, see scripts/audit_lock.py): fails on a known vulnerability only; a package that
## cannot be audited, or no network, is a warning
security: $(STAMP)
	$(BIN)/bandit -q -c pyproject.toml -r campaign
	$(BIN)/python scripts/audit_lock.py requirements.lock

## audit: the strict audit, for a release: also fails on a package that cannot be audited (1)
## and when PyPI cannot be reached (2)
audit: $(STAMP)
	$(BIN)/python scripts/audit_lock.py --strict requirements.lock

## lint: ruff; deptry (every third-party import in campaign/ is a declared direct dependency);
## mypy over campaign/ with a ratchet (scripts/mypy_ratchet.py): no file may have more type errors
## than mypy-baseline.json records; when a file has fewer, run
## `.venv/bin/python scripts/mypy_ratchet.py --update` and commit the lowered baseline
lint: $(STAMP)
	$(BIN)/ruff check campaign tests bench scripts
	$(BIN)/deptry .
	$(BIN)/python scripts/mypy_ratchet.py

## check-install: install the package without extras (its [project].dependencies at the lock's
## versions) in a fresh venv, migrate a throwaway SQLite database and answer a request
check-install:
	PYTHON=$(PYTHON) ./scripts/check_install.sh

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
