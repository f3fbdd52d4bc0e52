# Pasar Koperasi. The two set-up commands are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PORT

.PHONY: run test bench lint format migrations clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	@touch $@

$(VENV)/.dev-installed: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install -q -e '.[dev]'
	@touch $@

## Create .venv, install, migrate the SQLite database, seed demo data once, serve.
run: $(VENV)/.installed
	$(BIN)/market migrate
	$(BIN)/market demo
	@echo "Open http://127.0.0.1:$(PORT)"
	$(BIN)/market serve --port $(PORT)

## Install the dev dependencies, check the package directions, run the whole suite in parallel:
## TEST_WORKERS pytest-xdist workers (default: the CPUs, at least 2, at most 4), each with its own
## PostgreSQL database derived from MARKET_TEST_POSTGRES_URL; a test file stays on one worker.
## `make test TEST_WORKERS=0` runs it in one process.
TEST_WORKERS ?= $(shell n=$$(nproc 2>/dev/null || echo 2); [ $$n -lt 2 ] && n=2; [ $$n -gt 4 ] && n=4; echo $$n)

## Style and types: ruff's checks, ruff's formatting and mypy over the packages (a pre-commit hook
## runs the same: `pre-commit install`).
lint: $(VENV)/.dev-installed
	$(BIN)/ruff check market catalog orders payments ppob shu rat network onboarding loans retail oversight syariah web demo tests
	$(BIN)/ruff format --check market catalog orders payments ppob shu rat network onboarding loans retail oversight syariah web demo tests
	$(BIN)/mypy

## Rewrite the code in the project's format (what `make lint` checks).
format: $(VENV)/.dev-installed
	$(BIN)/ruff check --fix market catalog orders payments ppob shu rat network onboarding loans retail oversight syariah web demo tests
	$(BIN)/ruff format market catalog orders payments ppob shu rat network onboarding loans retail oversight syariah web demo tests

test: lint
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile

## Print the benchmark figures (not part of `make test`).
bench: $(VENV)/.dev-installed
	@for f in tests/bench/bench_*.py; do $(BIN)/python -m tests.bench.$$(basename $$f .py) || exit 1; done

## Write a new migration after changing models (Tortoise's built-in migrations).
migrations: $(VENV)/.installed
	$(BIN)/tortoise -c market.tortoise_cli.TORTOISE_ORM makemigrations

clean:
	rm -rf $(VENV) var .pytest_cache .hypothesis
