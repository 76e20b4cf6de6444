# Set-up and everyday commands. `make demo` and `make test` work on a fresh machine
# (Python 3.11 + pip): each creates .venv and installs what it needs first.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Extras to install for the tests; CI adds serve,llm-cpu,rl,... so the Ray, model and TRL tests run too
# (they skip without them). PIP_EXTRA: more requirements for the same pip call.
EXTRAS ?= test
PIP_EXTRA ?=

.PHONY: demo test bench parity lint clean

# Strict editable installs link each module at install time: reinstall when a package folder
# gains or loses a file (its mtime changes), not only when pyproject.toml does.
PKG_DIRS := $(shell find calculators verifier datasets services clients protos/gen/python -type d -not -name __pycache__ 2>/dev/null)

$(STAMP): pyproject.toml $(PKG_DIRS)
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[$(EXTRAS)]' $(PIP_EXTRA) --config-settings editable_mode=strict
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/clinverify calc --input examples/rows.jsonl --explain
	$(BIN)/clinverify verify --input examples/traces.jsonl --report report.md

test: $(STAMP)
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/pip install -q -e '.[bench]' --config-settings editable_mode=strict
	$(BIN)/python bench/calc_speed.py
	$(BIN)/python bench/medcalc_parity.py
	$(BIN)/python bench/phrasing_styles.py
	$(BIN)/python bench/note_reader.py
	$(BIN)/python bench/own_styles.py

parity: $(STAMP)
	$(BIN)/python bench/medcalc_parity.py --show

lint: $(STAMP)
	$(BIN)/pip install -q ruff
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) build *.egg-info report.md report.html
