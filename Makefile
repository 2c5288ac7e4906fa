# RecensIA — two commands: `make run` and `make test`. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed
export DEBUG ?= 1

.PHONY: run test install migrate reference-data demo-data lint bench clean

$(STAMP): pyproject.toml package.json package-lock.json
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 ou plus récent est requis.")'
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@# axe-core (accessibility checks of the browser tests), pinned in package-lock.json.
	if command -v npm >/dev/null; then npm ci --no-audit --no-fund --loglevel=error; \
	  else echo "npm absent : les contrôles d'accessibilité dans le navigateur échoueront."; fi
	touch $(STAMP)

install: $(STAMP)

migrate: install
	mkdir -p var
	$(BIN)/recensia migrate --noinput

reference-data: migrate
	$(BIN)/recensia load_territories
	$(BIN)/recensia load_reference_lists

demo-data: reference-data
	$(BIN)/recensia load_demo

# The web server and the worker of background jobs (imports), stopped together.
run: demo-data
	@echo "RecensIA : http://127.0.0.1:$(PORT)/ (travaux en arrière-plan : recensia db_worker)"
	$(BIN)/recensia db_worker & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(BIN)/recensia runserver 127.0.0.1:$(PORT)

lint: install
	$(BIN)/ruff check src tests scripts
	$(BIN)/lint-imports
	DEBUG=1 $(BIN)/recensia makemigrations --check --dry-run

test: install lint
	$(BIN)/python scripts/run_tests.py

# Banc d'essai recherche et charge (voir benchmarks/RESULTATS.md). Exemple :
#   make bench BENCH_ARGS="--sizes 10000 --database postgresql"
BENCH_ARGS ?=
bench: install
	DEBUG=0 $(BIN)/python benchmarks/run.py --sizes 10000,100000 --database sqlite $(BENCH_ARGS)
	DEBUG=0 $(BIN)/python benchmarks/footprint_bench.py
	DEBUG=0 $(BIN)/python benchmarks/reference_bench.py
	DEBUG=0 $(BIN)/python benchmarks/export_bench.py --size 100000 --import-rows 1000

clean:
	rm -rf $(VENV) node_modules var/*.sqlite3*
