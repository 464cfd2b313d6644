# Two commands on a fresh machine: `make demo` and `make test` (and `make bench`).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test test-oldest lint typecheck unit coverage-table bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.demo-installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.test-installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

$(VENV)/.bench-installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	touch $@

demo: $(VENV)/.demo-installed
	$(BIN)/python -m bedrock_jobs_mock demo

lint: $(VENV)/.test-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.test-installed
	$(BIN)/mypy

unit: $(VENV)/.test-installed
	$(BIN)/python -m pytest -q

test: lint typecheck unit

# The oldest supported stack: Python 3.9 with the first botocore/boto3 that carry
# every served operation. Skipped (with a message) where python3.9 is absent.
OLDEST_PYTHON ?= $(shell for p in python3.9 $(wildcard $(HOME)/.pyenv/versions/3.9*/bin/python); \
	do $$p -c '' 2>/dev/null && echo $$p && break; done)
OLDEST_VENV := .venv-oldest
test-oldest:
	@if [ -z "$(OLDEST_PYTHON)" ]; then echo "test-oldest: no Python 3.9 found, skipped"; exit 0; fi; \
	set -e; \
	[ -x $(OLDEST_VENV)/bin/python ] || $(OLDEST_PYTHON) -m venv $(OLDEST_VENV); \
	$(OLDEST_VENV)/bin/python -m pip install --quiet "botocore==1.35.4" "boto3==1.35.4" "pytest>=7"; \
	$(OLDEST_VENV)/bin/python -m pip install --quiet --no-deps -e .; \
	$(OLDEST_VENV)/bin/python -m pytest -q -p no:cacheprovider

# The benchmarks of docs/performance.md (~10 minutes on 2 cores): side by side with
# the replay floor and moto, the scale sweep up to $(BENCH_LARGEST) jobs (plotted to
# docs/performance.png), memory per job, import and start-up costs.
# A smoke run: `make bench BENCH_ARGS=--quick`.
BENCH_LARGEST ?= 100000
BENCH_ARGS ?=
bench: $(VENV)/.bench-installed
	BENCH_LARGEST=$(BENCH_LARGEST) $(BIN)/python -m benchmarks $(BENCH_ARGS)

coverage-table: $(VENV)/.demo-installed
	$(BIN)/python -m bedrock_jobs_mock coverage > docs/coverage.md

clean:
	rm -rf $(VENV) $(OLDEST_VENV) .mypy_cache .ruff_cache .pytest_cache
