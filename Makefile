# factcheck: `make run` starts the workbench with demo data, `make test` runs every check.

VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/factcheck
CHROMIUM ?= /usr/bin/chromium

.PHONY: run setup demo test lint test-sqlite test-postgres browser clean bench

# The job worker runs beside the development server and stops with it.
run: demo
	@$(PY) manage.py db_worker --queue-name '*' --no-reload & worker=$$!; \
		trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(PY) manage.py runserver $(HOST)

setup: $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@python=$$(scripts/find-python) && echo "Using $$python" && "$$python" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

demo: setup
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_demo
	$(PY) manage.py import_claimreviews fixtures/claimreviews_demo.json

lint: setup
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	DEBUG=0 SECRET_KEY=check-deploy-only-$$(date +%s)-not-a-real-key-0123456789abcdef ALLOWED_HOSTS=factcheck.example EMAIL_HOST=mail.factcheck.example \
		$(PY) manage.py check --deploy --fail-level WARNING

browser:
	@if [ ! -x $(CHROMIUM) ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
		else \
			echo "The browser tests need Chromium at $(CHROMIUM): run 'sudo apt-get install chromium'."; exit 1; \
		fi; \
	fi

test-sqlite: setup browser
	env -u DATABASE_URL $(PY) -m pytest

test-postgres: setup browser
	DATABASE_URL=$(TEST_DATABASE_URL) $(PY) -m pytest

test: lint test-sqlite test-postgres

# The benchmark database is created, migrated and filled with BENCH_CLAIMS claims the first time.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/fc_scale
BENCH_CLAIMS ?= 1000000
bench: setup
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) scale/bench/run.py --claims $(BENCH_CLAIMS)

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache .ruff_cache
