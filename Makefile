# ZI Tracker: `make run` serves the app with the seed decree and demo users; `make test` runs the tests.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test e2e bench check lint messages clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@PYTHON=$(PYTHON) scripts/check_system.sh
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

run: $(VENV)/.installed
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py seed_demo
	DEBUG=1 $(PY) manage.py lke_link_seed
	DEBUG=1 $(PY) manage.py seed_demo_activity
	DEBUG=1 $(PY) manage.py seed_demo_monev
	DEBUG=1 $(PY) manage.py dashboard_warm
	@echo ""
	@echo "ZI Tracker is running at http://$(HOST):$(PORT)/  (Ctrl+C to stop)"
	@echo ""
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

# The suite runs on every core (pytest-xdist: one database per worker); TEST_WORKERS=0 runs it in one process.
TEST_WORKERS ?= auto
test: $(VENV)/.installed
	$(PY) -m pytest -n $(TEST_WORKERS)

e2e: $(VENV)/.installed
	$(PY) -m pytest e2e

bench: $(VENV)/.installed
	@for b in bench/bench_*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

# ruff's rules are in ruff.toml (pyflakes, pycodestyle, isort, bugbear, pyupgrade); the code is ruff-formatted.
lint: $(VENV)/.installed
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

check: $(VENV)/.installed
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

# Re-extract the source strings; translate in locale/id/LC_MESSAGES/django.po, then compile.
messages: $(VENV)/.installed
	$(PY) manage.py makemessages -l id --ignore=.venv --ignore=e2e --ignore=bench
	$(PY) manage.py compilemessages -l id --ignore=.venv

clean:
	rm -rf $(VENV) staticfiles
