# Legweak: `make run` serves the app with its content; `make test` runs every check.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
CHROMIUM_PATH ?= /usr/bin/chromium

.PHONY: run serve test setup setup-dev lint format content bench bench-teach bench-http bench-load clean

run: setup
	DJANGO_DEBUG=1 $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=1 $(PY) manage.py load_content
	DJANGO_DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

# Production: settings from the environment (docs/deploy.md); SQLite unless DATABASE_URL is set.
serve: setup
	$(PY) manage.py check_serving
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py load_content
	$(VENV)/bin/gunicorn --config legweak_site/gunicorn.conf.py legweak_site.wsgi

test: setup-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DJANGO_SETTINGS_MODULE=legweak_site.test_settings $(PY) manage.py makemigrations --check --dry-run
	@if [ ! -x "$(CHROMIUM_PATH)" ]; then \
	  echo ""; \
	  echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"; \
	  echo "!!! Chromium not found at $(CHROMIUM_PATH): the BROWSER TESTS WILL BE SKIPPED."; \
	  echo "!!! Install it with: apt-get install chromium   (or set CHROMIUM_PATH)"; \
	  echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"; \
	  echo ""; \
	fi
	$(VENV)/bin/pytest

# Stamps record that the requirements were installed, so a second run is quick.
setup: $(VENV)/.installed-runtime
setup-dev: $(VENV)/.installed-dev

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Legweak needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed-runtime: requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed-runtime

lint: setup-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: setup-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

content: setup
	DJANGO_DEBUG=1 $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=1 $(PY) manage.py load_content

bench: setup-dev
	$(PY) bench/run.py

bench-teach: setup-dev
	$(PY) bench/teach.py

bench-http: setup-dev
	$(PY) bench/pages_http.py

# Load and faults (PostgreSQL, nginx and redis-server on this machine; bench/load.py says how).
bench-load: setup-dev
	$(PY) bench/load.py postgres --users 200
	$(PY) bench/load.py sqlite --users 100
	$(PY) bench/load.py two-servers --users 200
	$(PY) bench/load.py restart-db --users 100
	$(PY) bench/load.py stop-redis --users 100

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
