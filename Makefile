# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test test-oldest lint typecheck unit coverage-table clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.demo-installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.test-installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
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
# every served operation. Skipped (with a message) where python3.9 is absent. Strict
# outputs are off: those models predate values the service answers today (DISTILLATION,
# custom-model ARNs whose base model carries a suffix).
OLDEST_PYTHON ?= $(shell for p in python3.9 $(wildcard $(HOME)/.pyenv/versions/3.9*/bin/python); \
	do $$p -c '' 2>/dev/null && echo $$p && break; done)
OLDEST_VENV := .venv-oldest
test-oldest:
	@if [ -z "$(OLDEST_PYTHON)" ]; then echo "test-oldest: no Python 3.9 found, skipped"; exit 0; fi; \
	set -e; \
	[ -x $(OLDEST_VENV)/bin/python ] || $(OLDEST_PYTHON) -m venv $(OLDEST_VENV); \
	$(OLDEST_VENV)/bin/python -m pip install --quiet "botocore==1.35.4" "boto3==1.35.4" "pytest>=7" "hypothesis>=6"; \
	$(OLDEST_VENV)/bin/python -m pip install --quiet --no-deps -e .; \
	BEDROCK_JOBS_MOCK_STRICT_OUTPUTS=0 $(OLDEST_VENV)/bin/python -m pytest -q -p no:cacheprovider

coverage-table: $(VENV)/.demo-installed
	$(BIN)/python -m bedrock_jobs_mock coverage > docs/coverage.md

clean:
	rm -rf $(VENV) $(OLDEST_VENV) .mypy_cache .ruff_cache .pytest_cache
