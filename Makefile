# ServiceLoop — `make run` serves the app with demo data; `make test` runs the whole suite.
# Both set themselves up on a fresh machine: a Python >= 3.12, .venv, locked dependencies,
# compiled translations and migrations.

.DEFAULT_GOAL := help
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# The local server runs with DEBUG off so that it behaves (and fails) as production does;
# `make run DEBUG=true` shows Django's debug pages instead.
DEBUG ?= false
LOCAL_ENV = DEBUG=$(DEBUG) HTTPS=false STATIC_MANIFEST=false \
	ALLOWED_HOSTS=$(HOST),localhost,127.0.0.1 SECRET_KEY="$$(cat .local-secret-key)"

.PHONY: help setup run demo test test-fast lint lock bench messages system-deps clean

help:
	@echo "make run    set up, load demo data and serve http://$(HOST):$(PORT)"
	@echo "make test   set up and run the whole suite (browser tests included)"
	@echo "make lint   ruff, migrations check, translation completeness"
	@echo "make demo   load demo data (idempotent; RESET=1 rebuilds it)"
	@echo "make bench  print the benchmark numbers"
	@echo "make lock   recompile the lock files from pyproject.toml"

$(PY):
	@PY_BIN="$$(scripts/find-python)" || exit 1; \
	echo "Creating $(VENV) with $$PY_BIN"; \
	"$$PY_BIN" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): $(PY) requirements-dev.lock pyproject.toml
	$(PY) -m pip install --quiet -r requirements-dev.lock
	@touch $(STAMP)

.local-secret-key:
	@umask 077 && $$(scripts/find-python) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@

# Compiled catalogues are build output, not source: made from the .po files on every set-up.
messages: $(STAMP)
	@scripts/ensure-system-deps run
	@DEBUG=true $(PY) manage.py compilemessages --ignore=.venv -v 0

setup: $(STAMP) .local-secret-key messages

run: setup
	@$(LOCAL_ENV) $(PY) manage.py migrate --no-input -v 0
	@$(LOCAL_ENV) $(PY) manage.py seed_demo
	@$(LOCAL_ENV) $(PY) manage.py schedule_sla_sweep
	@$(LOCAL_ENV) $(PY) manage.py schedule_recommendations
	@$(LOCAL_ENV) $(PY) manage.py schedule_survey_reminders
	@echo "ServiceLoop: open http://$(HOST):$(PORT)/ and sign in with a login above."
	@# The task worker (SLA warnings and escalations) runs next to the web server and stops with it.
	@$(LOCAL_ENV) $(PY) manage.py db_worker --interval 5 --no-startup-delay & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(LOCAL_ENV) $(PY) manage.py runserver $(HOST):$(PORT)

demo: setup
	@$(LOCAL_ENV) $(PY) manage.py migrate --no-input -v 0
	@$(LOCAL_ENV) $(PY) manage.py seed_demo $(if $(RESET),--reset,)

system-deps:
	@scripts/ensure-system-deps test

# axe-core (the accessibility checks of the browser suite) comes from the npm registry,
# pinned by tests/browser/package-lock.json; `npm ci` installs exactly that.
AXE := tests/browser/node_modules/axe-core/axe.min.js
$(AXE): tests/browser/package.json tests/browser/package-lock.json
	@command -v npm >/dev/null || scripts/ensure-system-deps test
	@if command -v npm >/dev/null; then \
		npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error && touch $@; \
	elif [ -n "$$CI" ]; then echo "CI: npm is missing, axe-core cannot be installed" >&2; exit 1; \
	else echo "*** NO NPM: the accessibility checks will be SKIPPED ***" >&2; fi

test: system-deps setup $(AXE)
	@$(PY) -m pytest $(PYTEST_ARGS)

# Everything but the browser journeys, for a quick loop while coding.
test-fast: setup
	@$(PY) -m pytest -m "not browser" $(PYTEST_ARGS)

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DEBUG=true $(VENV)/bin/mypy
	DEBUG=true $(PY) manage.py makemigrations --check --dry-run
	scripts/check-translations

lock: $(PY)
	$(PY) -m pip install --quiet uv
	$(VENV)/bin/uv pip compile pyproject.toml --universal --python-version 3.12 -o requirements.lock
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --universal --python-version 3.12 -o requirements-dev.lock

bench: setup
	@for b in bench/bench_*.py; do $(PY) $$b || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache staticfiles tests/browser/node_modules
