# Two commands: `make run` serves a working mock exam, `make test` runs the whole suite.
# Both set everything up first (virtualenv, pinned dependencies, database) and are idempotent.

PYTHON ?= python3
HOST ?= 127.0.0.1
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help setup db run serve test bench bench-capacity bench-instructions lint format lock

help:
	@echo "make run    set up and serve the app on http://$(HOST):$(PORT)"
	@echo "make test   set up and run the whole test suite"
	@echo "make serve  production: collectstatic, migrate, gunicorn (needs SECRET_KEY, ALLOWED_HOSTS)"
	@echo "make bench  benchmarks against gunicorn on SQLite and PostgreSQL (see benchmarks/)"
	@echo "make bench-capacity  1,000 candidates on PostgreSQL (1 and 2 app servers), 100 on SQLite"
	@echo "make bench-instructions  instructions per exam request under valgrind (comparable between commits)"
	@echo "make lint   ruff check"
	@echo "make lock   re-pin requirements.lock from pyproject.toml"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found " + sys.version.split()[0] + "). Run: make PYTHON=python3.12 ...")'
	$(PYTHON) -m venv $(VENV)

$(STAMP): requirements.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	@touch $(STAMP)

setup: $(STAMP)

db: setup
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py import_questions questions/bank

run: db
	@echo ""
	@echo "  Open http://$(HOST):$(PORT)/ and create an account to take a mock exam."
	@echo "  Staff account for the question bank (admin at /admin/):"
	@echo "      $(BIN)/python manage.py createsuperuser"
	@echo "  Password-reset emails are printed in this terminal. Stop with Ctrl+C."
	@echo ""
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

serve: setup
	@test -n "$$SECRET_KEY" || { echo "Set SECRET_KEY (and ALLOWED_HOSTS, DATABASE_URL); see README, Production."; exit 2; }
	DEBUG=0 $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	DEBUG=0 $(BIN)/python manage.py migrate --noinput
	DEBUG=0 $(BIN)/python manage.py import_questions questions/bank
	DEBUG=0 GUNICORN_BIND=$${GUNICORN_BIND:-$(HOST):$(PORT)} $(BIN)/gunicorn config.wsgi -c config/gunicorn.conf.py

test: setup
	$(BIN)/python -m pytest

bench: setup
	$(BIN)/python benchmarks/run.py

bench-capacity: setup
	$(BIN)/python benchmarks/capacity.py

bench-instructions: setup
	$(BIN)/python benchmarks/instructions.py

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

lock: $(BIN)/python
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --extra dev --strip-extras --no-emit-index-url \
		--no-emit-find-links --output-file requirements.lock pyproject.toml
