# Two commands on a fresh machine: `make demo` and `make test` (and `make bench`).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test test-async test-oldest lint typecheck unit coverage-table bench clean

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

test: lint typecheck unit test-async

# The async clients, each on a stack of its own: every aiobotocore release pins
# botocore to a narrow range and aioboto3 pins one aiobotocore, so neither shares
# the sync suite's venv (which keeps testing the newest botocore). One stack has
# the newest aiobotocore, the other the newest aioboto3 with the aiobotocore it pins;
# test-oldest adds the lower bound.
ASYNC_TESTS := $(wildcard tests/test_async_*.py)

.venv-aiobotocore/.installed: pyproject.toml
	$(PYTHON) -m venv .venv-aiobotocore
	.venv-aiobotocore/bin/python -m pip install --quiet -e '.[async]' "pytest>=7"
	touch $@

.venv-aioboto3/.installed: pyproject.toml
	$(PYTHON) -m venv .venv-aioboto3
	.venv-aioboto3/bin/python -m pip install --quiet -e '.[async]' aioboto3 "pytest>=7"
	touch $@

test-async: .venv-aiobotocore/.installed .venv-aioboto3/.installed
	.venv-aiobotocore/bin/python -m pytest -q -p no:cacheprovider $(ASYNC_TESTS)
	.venv-aioboto3/bin/python -m pytest -q -p no:cacheprovider $(ASYNC_TESTS)

# The oldest supported stack: Python 3.9 with the first botocore/boto3 that carry
# every served operation, the oldest moto the [moto] extra allows, and awscli
# 1.34.4, the AWS CLI release that pins exactly botocore 1.35.4; first without
# aiobotocore (its tests skip), then with aiobotocore 2.14.0, the first whose
# botocore pin admits 1.35.4. Skipped (with a message) where python3.9 is absent.
# Strict outputs are on, as in every run: the values those models predate are
# waived by the rules of docs/fidelity.md, and nothing else.
OLDEST_PYTHON ?= $(shell for p in python3.9 $(wildcard $(HOME)/.pyenv/versions/3.9*/bin/python); \
	do $$p -c '' 2>/dev/null && echo $$p && break; done)
OLDEST_VENV := .venv-oldest
# The lower bound of the [moto] extra in pyproject.toml.
OLDEST_MOTO := 5.0.6
OLDEST_ASYNC_VENV := .venv-oldest-async
test-oldest:
	@if [ -z "$(OLDEST_PYTHON)" ]; then echo "test-oldest: no Python 3.9 found, skipped"; exit 0; fi; \
	set -e; \
	[ -x $(OLDEST_VENV)/bin/python ] || $(OLDEST_PYTHON) -m venv $(OLDEST_VENV); \
	$(OLDEST_VENV)/bin/python -m pip install --quiet "botocore==1.35.4" "boto3==1.35.4" "pytest>=7" \
		"hypothesis>=6" "moto[s3,events,sqs]==$(OLDEST_MOTO)" "awscli==1.34.4" "requests>=2.26" "responses>=0.23"; \
	$(OLDEST_VENV)/bin/python -m pip install --quiet --no-deps -e .; \
	$(OLDEST_VENV)/bin/python -m pytest -q -p no:cacheprovider; \
	[ -x $(OLDEST_ASYNC_VENV)/bin/python ] || $(OLDEST_PYTHON) -m venv $(OLDEST_ASYNC_VENV); \
	$(OLDEST_ASYNC_VENV)/bin/python -m pip install --quiet "botocore==1.35.4" "boto3==1.35.4" \
		"aiobotocore==2.14.0" "pytest>=7" "hypothesis>=6"; \
	$(OLDEST_ASYNC_VENV)/bin/python -m pip install --quiet --no-deps -e .; \
	$(OLDEST_ASYNC_VENV)/bin/python -m pytest -q -p no:cacheprovider $(ASYNC_TESTS)

# The benchmarks of docs/performance.md (~10 minutes on 2 cores): side by side with
# the replay floor and moto, the scale sweep up to $(BENCH_LARGEST) jobs (plotted to
# docs/performance.png), memory per job, import and start-up costs, and the server
# under a burst of connections and steady load beside moto's server.
# A smoke run: `make bench BENCH_ARGS=--quick`.
BENCH_LARGEST ?= 100000
BENCH_ARGS ?=
bench: $(VENV)/.bench-installed
	BENCH_LARGEST=$(BENCH_LARGEST) $(BIN)/python -m benchmarks $(BENCH_ARGS)

coverage-table: $(VENV)/.demo-installed
	$(BIN)/python -m bedrock_jobs_mock coverage > docs/coverage.md

clean:
	rm -rf $(VENV) $(OLDEST_VENV) $(OLDEST_ASYNC_VENV) .venv-aiobotocore .venv-aioboto3 .mypy_cache .ruff_cache .pytest_cache
