# The two commands a newcomer runs: `make up` and `make test` (see README.md).
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.boekstuk-installed

.PHONY: up test lint lint-only deps system-deps clean

up: deps
	$(VENV)/bin/boekstuk up

test: deps
	$(MAKE) --no-print-directory lint-only
	$(PY) -m pytest

lint: deps
	$(MAKE) --no-print-directory lint-only

# ruff (lint + format check) and mypy; `make test` runs it before the tests
lint-only:
	$(PY) -m ruff check src tests bench
	$(PY) -m ruff format --check src tests bench
	$(PY) -m mypy

deps: system-deps $(STAMP)

system-deps:
	@scripts/system-deps.sh

$(STAMP): pyproject.toml scripts/python-deps.sh scripts/ocr-constraints.txt
	scripts/python-deps.sh $(VENV)
	@touch $@

clean:
	rm -rf $(VENV) var artifacts .pytest_cache .mypy_cache .ruff_cache
