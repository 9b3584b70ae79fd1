# Two commands do all the set-up on a fresh machine with Python 3.11+ and make:
#   make run    sets up .venv and starts socialtip (local console without Slack credentials)
#   make test   sets up .venv with the dev tools and runs ruff and the test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench lock clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/socialtip run

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: $(STAMP) lint
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python bench/eval_search.py
	$(BIN)/python bench/search_latency.py

lock: $(STAMP)
	$(BIN)/python scripts/lock.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
