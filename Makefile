# factcheck: `make run` starts the workbench with demo data, `make test` runs every check.

VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/factcheck
CHROMIUM ?= /usr/bin/chromium

.PHONY: run setup demo test lint lock lock-upgrade test-sqlite test-postgres coverage-report browser clean bench \
	bench-wrk bench-pgbouncer bench-locust

# The job worker runs beside the development server and stops with it.
run: demo
	@$(PY) manage.py db_worker --queue-name '*' --no-reload & worker=$$!; \
		trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(PY) manage.py runserver $(HOST)

setup: $(VENV)/.installed

# Installs exactly the lock: every package pinned and checked against its hash (pip itself too).
# --no-deps: the lock already lists every dependency, so the venv's own older pip resolves
# nothing (it cannot match an extra such as lxml[html_clean] to the pinned lxml); pip check
# then confirms the lock is whole.
$(VENV)/.installed: requirements.txt requirements-dev.txt
	@python=$$(scripts/find-python) && echo "Using $$python" && "$$python" -m venv $(VENV)
	$(PY) -m pip install --quiet --no-deps --require-hashes -r requirements-dev.txt
	$(PY) -m pip check
	touch $@

# requirements.txt and requirements-dev.txt are generated from the .in files: add a dependency
# there, then run `make lock` (pins already there are kept); `make lock-upgrade` moves every pin.
lock: setup
	PY=$(PY) scripts/lock

lock-upgrade: setup
	PY=$(PY) scripts/lock --upgrade

demo: setup
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_demo
	$(PY) manage.py import_claimreviews fixtures/claimreviews_demo.json

# The pre-commit hooks (.pre-commit-config.yaml: ruff, mypy, the lock check, whitespace), run on
# every file as CI runs them; then the checks that need Django's settings.
lint: setup
	VENV=$(VENV) $(PY) -m pre_commit run --all-files --show-diff-on-failure
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

# Each suite runs under coverage and leaves its own .coverage.* file; coverage-report combines them.
# Each keeps its own pytest cache, so the two can run at once.
COVERAGE := $(PY) -m coverage
test-sqlite: setup browser
	env -u DATABASE_URL $(COVERAGE) run -m pytest -o cache_dir=.pytest_cache/sqlite

test-postgres: setup browser
	DATABASE_URL=$(TEST_DATABASE_URL) $(COVERAGE) run -m pytest -o cache_dir=.pytest_cache/postgres

# Line and branch coverage of the product apps from both runs; fails below fail_under (pyproject.toml).
coverage-report: setup
	$(COVERAGE) combine --quiet
	$(PY) scripts/coverage-summary
	$(COVERAGE) report

# The two suites run side by side (scripts/side-by-side: each one's log printed whole when it ends,
# both exit codes count); nothing they use collides: separate test databases, ports the system
# picks, temporary MEDIA_ROOTs, a browser each. `make test-sqlite test-postgres` runs them in turn.
test: lint browser
	rm -f .coverage .coverage.*
	scripts/side-by-side "$(MAKE) --no-print-directory test-sqlite" "$(MAKE) --no-print-directory test-postgres"
	$(MAKE) --no-print-directory coverage-report

# Each size's benchmark database (fc_scale_100000, fc_scale_1000000) is created, migrated and
# filled with that many claims the first time; growth.md compares the sizes page by page.
# BENCH_CLAIMS=1000000 measures one size, in fc_scale itself.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/fc_scale
BENCH_CLAIMS ?= 100000,1000000
bench: setup
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) scale/bench/run.py --claims $(BENCH_CLAIMS)

# Requests per second with wrk (installed if missing), gunicorn with production settings and an
# editor's session; WRK_ARGS=--demo recreates WRK_DATABASE with the demo data first.
WRK_DATABASE ?= fc_bench_wrk
WRK_ARGS ?= --demo
bench-wrk: setup
	$(PY) scale/bench/wrk.py --database $(WRK_DATABASE) $(WRK_ARGS)

# The same pages direct and through pgbouncer in transaction mode, side by side.
bench-pgbouncer: setup
	$(PY) scale/bench/wrk.py --database $(WRK_DATABASE) $(WRK_ARGS) --pgbouncer

# The desk's mix under locust (scale/bench/locustfile.py); LOCUST_ARGS=--open-loop for the open loop.
LOCUST_DATABASE ?= fc_bench_locust
LOCUST_ARGS ?= --demo
bench-locust: setup
	$(PY) scale/bench/locust_run.py --database $(LOCUST_DATABASE) $(LOCUST_ARGS)

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache .ruff_cache .mypy_cache .coverage .coverage.*
