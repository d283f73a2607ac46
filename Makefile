# qikan — every target does its work each time it is asked (.PHONY).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.qikan-installed
ISSUES := $(wildcard content/issues/*.txt content/issues/*.md)

.PHONY: install test lint outline bench clean

# The virtual environment is rebuilt when the pinned requirements change.
$(STAMP): requirements.txt requirements-test.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt -r requirements-test.txt
	touch $(STAMP)

install: $(STAMP)

lint: install
	$(BIN)/ruff check builder tests benchmarks

test: install lint
	$(BIN)/python -m pytest -q -m "not slow"

outline: install
	$(BIN)/python -m builder outline $(ISSUES)

bench: install
	$(BIN)/python benchmarks/parse_speed.py

clean:
	rm -rf site .cache
