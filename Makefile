# Two entry points for a newcomer: `make run` and `make test`. Both create .venv when missing.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: run test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

## make run: set up, then ingest -> build -> check -> export the bundled samples, into their own
## warehouse (data/samples-warehouse.duckdb), never the default one that holds a user's corpus
run: $(VENV)/.installed
	$(BIN)/ogi --warehouse data/samples-warehouse.duckdb run

## make test: set up, then run the test suite and the linter
test: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

bench: $(VENV)/.installed
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf data/warehouse*.duckdb* data/warehouse data/samples-warehouse.duckdb* data/samples-warehouse target logs
