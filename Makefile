# Two commands do everything on a fresh machine: `make book` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: book deps data backtest render html test test-fast kernels benchmark export clean

book: html ## set-up, data, every chapter, the HTML
	@echo ""
	@echo "The book is built. Open: $(CURDIR)/_build/html/index.html"

deps: $(STAMP) ## create .venv if missing and install the pinned requirements and the package

$(STAMP): requirements.txt requirements-pyam.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -r requirements-pyam.txt  # why --no-deps: see the file
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

data: deps ## data/raw -> data/processed
	$(BIN)/carbonpeak data

backtest: deps ## rolling-origin backtest -> data/processed/backtest_* (about 8 minutes on 2 cores; committed)
	$(BIN)/carbonpeak backtest

render: data ## every chapter template -> book/ (executed notebooks)
	$(BIN)/carbonpeak book

html: render ## book/ -> _build/html (English) and book/zh/ -> _build/html/zh (Chinese)
	$(BIN)/python -m carbonpeak.charts.editions

test: deps ## unit, data, nbval (strict, no sanitiser), re-render, HTML build, Chromium, bad input
	$(BIN)/python -m pytest --nbval --nbval-current-env tests book

test-fast: deps ## the unit tier: no kernel, no browser, no HTML build (under a minute)
	$(BIN)/python -m pytest -m "not slow" -q tests

KERNELS ?= Haswell SkylakeX Sandybridge
kernels: deps ## every chapter re-rendered under each OpenBLAS kernel, compared with book/ byte for byte (minutes)
	@set -e; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	for k in $(KERNELS); do \
	  OPENBLAS_CORETYPE=$$k CARBONPEAK_CACHE=off $(BIN)/carbonpeak book --out "$$tmp/$$k" > /dev/null 2>&1; \
	  for page in book/*.ipynb; do \
	    cmp -s "$$page" "$$tmp/$$k/$$(basename $$page)" || { echo "$$k: $$page differs"; exit 1; }; \
	  done; \
	  echo "$$k: every page identical to book/"; \
	done

export: deps ## every scenario's results in the IAMC format (CSV, XLSX) into runs/export/
	$(BIN)/carbonpeak export

benchmark: deps ## render, build and Monte Carlo timings against measured floors, page weights (not a test)
	$(BIN)/python benchmarks/model_benchmark.py
	$(BIN)/python benchmarks/render_benchmark.py
	$(BIN)/python benchmarks/page_weight.py

clean:
	rm -rf _build runs
