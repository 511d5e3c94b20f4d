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
	@echo "==> Creating the virtual environment $(VENV)"
	@$(PYTHON) -m venv $(VENV)

# Reinstall only when the project's dependencies change. scripts/step.py shows progress (a line
# per step, a sign of life every few seconds) and keeps each step's full output in
# var/log/setup.log.
STEP := $(PYTHON) scripts/step.py
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	@$(STEP) "1/11" "Updating pip in $(VENV)" -- $(BIN)/python -m pip install --upgrade pip setuptools wheel
	@$(STEP) "2/11" "Installing the shop and its dependencies (about 2 minutes the first time)" -- \
		$(BIN)/python -m pip install --progress-bar off -e '.[dev]'
	@touch $@

install: $(VENV)/.installed

setup: install
	@$(STEP) "3/11" "Creating the database" -- $(BIN)/python manage.py migrate --noinput
	@$(STEP) "4/11" "Collecting static files" -- $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	@$(STEP) "5/11" "Seeding the demo shop ($(SIZE))" -- $(BIN)/python manage.py seed_demo --size $(SIZE)
	@$(STEP) "6/11" "Training the assistant" -- $(BIN)/python manage.py train_assistant
	@$(STEP) "7/11" "Training the review sentiment model" -- $(BIN)/python manage.py train_sentiment
	@$(STEP) "8/11" "Scoring review sentiment" -- $(BIN)/python manage.py score_review_sentiment
	@$(STEP) "9/11" "Building recommendations, then shoppers browsing the pages and asking support" -- sh -c \
		"$(BIN)/python manage.py rebuild_recommendations && $(BIN)/python manage.py demo_browse && $(BIN)/python manage.py demo_support"
	@$(STEP) "10/11" "Forecasting demand, scoring order risk, segmenting customers" -- sh -c \
		"$(BIN)/python manage.py forecast_refresh && $(BIN)/python manage.py score_order_risk && $(BIN)/python manage.py segments_refresh"

# The embedded default: one gunicorn process (the local-memory cache stays coherent) with threads.
# serve_demo prints the address and the logins as the last lines, once the server answers.
demo: setup
	@echo "==> [11/11] Starting the shop"
	@DJANGO_SETTINGS_MODULE=config.settings.base $(BIN)/python manage.py serve_demo --port $(PORT) --threads 8

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
	$(BIN)/python manage.py train_assistant --if-stale
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
