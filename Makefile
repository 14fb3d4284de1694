# Two commands for a newcomer: `make run` and `make test`. Both create the virtual
# environment on first use, so a fresh clone needs nothing but python3 (3.11+) and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run console test lint catalogs bytecode catalogs-update emulator check clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

catalogs: $(STAMP)
	$(BIN)/pybabel compile --domain messages --directory locales --statistics

# Our modules compiled ahead, as `pip install` does for the Docker image: where
# PYTHONDONTWRITEBYTECODE is set, every start would compile them again.
bytecode: $(STAMP)
	$(BIN)/python -m compileall -q bot handlers locales

run: catalogs bytecode
	$(BIN)/jumys run

console: catalogs
	$(BIN)/jumys console

# The end-to-end tests' Bot API emulator (node 20 + npm), installed from its lock file when
# missing or when the lock file changes; without npm, `make test` fails saying so.
EMULATOR := tests/e2e/emulator
$(EMULATOR)/node_modules/.package-lock.json: $(EMULATOR)/package-lock.json
	@command -v npm >/dev/null || { echo "make: npm (node 20) is required by the end-to-end tests in $(EMULATOR)" >&2; exit 1; }
	npm ci --prefix $(EMULATOR) --no-audit --no-fund

emulator: $(EMULATOR)/node_modules/.package-lock.json

test: catalogs emulator
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

check: test lint

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache

# Re-extract texts from the code and merge them into the kk and ru catalogues (then translate).
catalogs-update: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _ -k __ -k lazy_gettext -k ngettext:1,2 \
		--project jumys-bot --version 0.1.0 --no-location --sort-output -o locales/messages.pot .
	$(BIN)/pybabel update --domain messages --input-file locales/messages.pot \
		--output-dir locales --no-fuzzy-matching --ignore-obsolete
