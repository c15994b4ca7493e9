# Two commands from a fresh clone: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: install run test index lint bench clean

# torch comes first and pinned: 2.13.0 is the local CPU wheel; an unpinned torch would pull GBs of CUDA.
$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install torch==2.13.0
	$(PY) -m pip install -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

index: install
	$(PY) -m assistant index

run: install
	$(PY) -m assistant index
	$(PY) app.py

test: install
	$(PY) -m pytest

lint: install
	$(PY) -m ruff check assistant tests app.py benchmarks eval

# Benchmarks and the scale study (several minutes); writes benchmarks/RESULTS.md. Not part of `make test`.
bench: install
	$(PY) -m benchmarks.run

clean:
	rm -rf $(VENV) index/current index/.building-* .pytest_cache
