# Quick start: `make site` builds the portal from seeds/; `make test` runs the whole test suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: setup site build import serve test lint browser bench clean

setup: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# Import seeds/ into content/ (hand edits are kept), then build site/.
site: setup
	$(PY) build.py

import: setup
	$(PY) build.py import

build: setup
	$(PY) build.py build

serve: setup
	$(PY) build.py serve

# Chromium for the real-browser tests (Debian package; Playwright cannot download its own here).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -o DPkg::Lock::Timeout=600 -qq && \
	  $$SUDO apt-get install -y -qq -o DPkg::Lock::Timeout=600 chromium; }

lint: setup
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy

test: setup browser lint
	$(PY) -m pytest -q

bench: setup
	$(PY) bench/run.py $(BENCH_ARGS)

clean:
	rm -rf site .site-* .cache tests/output
