# The shop's commands. `make demo` and `make test` work from a fresh clone.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
SIZE ?= medium
WEB_CONCURRENCY ?= 2
# Requests are mostly CPU-bound Python, so capacity comes from processes: more threads per
# worker only contend for the GIL and stretch the slowest requests (see benchmarks/load.py).
WEB_THREADS ?= 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: install setup demo test lint typecheck pytest serve worker beat demo-check clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the project's dependencies change.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip setuptools wheel
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

setup: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py seed_demo --size $(SIZE)
	$(BIN)/python manage.py train_assistant
	$(BIN)/python manage.py train_sentiment
	$(BIN)/python manage.py score_review_sentiment
	$(BIN)/python manage.py rebuild_recommendations
	$(BIN)/python manage.py forecast_refresh
	$(BIN)/python manage.py score_order_risk
	$(BIN)/python manage.py segments_refresh

# The embedded default: one gunicorn process (the local-memory cache stays coherent) with threads.
demo: setup
	@echo "Serving the shop on http://127.0.0.1:$(PORT)/ (admin: /admin/)"
	DJANGO_SETTINGS_MODULE=config.settings.base $(BIN)/gunicorn config.wsgi \
		--bind 127.0.0.1:$(PORT) --workers 1 --threads 8 --access-logfile -

test: install lint typecheck pytest

# Style, the layers of the apps (import-linter, see pyproject.toml), and no model change without
# its migration.
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python manage.py makemigrations --check --dry-run --verbosity 0

typecheck: install
	$(BIN)/mypy .

pytest: install
	$(BIN)/pytest

# Production stack: set DATABASE_URL, REDIS_URL, SECRET_KEY and ALLOWED_HOSTS first.
serve: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	DJANGO_SETTINGS_MODULE=$${DJANGO_SETTINGS_MODULE:-config.settings.production} $(BIN)/gunicorn config.wsgi \
		--bind $${BIND:-0.0.0.0:$(PORT)} --workers $(WEB_CONCURRENCY) --threads $(WEB_THREADS) \
		--access-logfile - --graceful-timeout 30

worker: install
	$(BIN)/celery -A config worker --loglevel INFO --concurrency $${CELERY_CONCURRENCY:-2}

beat: install
	$(BIN)/celery -A config beat --loglevel INFO

# Proves the embedded default: seed a small demo into a throw-away SQLite database with no
# Redis, serve it, and request the main pages.
demo-check: install
	env -u DATABASE_URL -u REDIS_URL BIN=$(BIN) bash .ci/demo-check

clean:
	rm -rf $(VENV) var
