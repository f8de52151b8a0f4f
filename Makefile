# Every target installs what it needs first, so a fresh clone only needs `make run` or `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
# The npm tools of the browser tests (Lighthouse), installed wherever npm is.
NODE_STAMP := node_modules/.installed-stamp
STATIC_MANIFEST := staticfiles/staticfiles.json
DEV_ENV := DJANGO_DEBUG=1
TEST_ENV := DJANGO_SECRET_KEY=test-only-secret-key DJANGO_DEBUG=0 DJANGO_SECURE_SSL_REDIRECT=0
# The benchmark's own database (PostgreSQL: BENCH_DATABASE_URL=postgres://...) and catalogue size.
BENCH_DATABASE_URL ?= sqlite:///$(CURDIR)/bench.sqlite3
BENCH_COUNT ?= 10000
BENCH_ENV := DJANGO_SETTINGS_MODULE=careers.settings DJANGO_SECRET_KEY=bench-only-secret-key DJANGO_DEBUG=0 DJANGO_SECURE_SSL_REDIRECT=0 \
	DJANGO_ALLOWED_HOSTS=127.0.0.1 DJANGO_SITE_URL=http://127.0.0.1 DATABASE_URL=$(BENCH_DATABASE_URL) \
	DJANGO_STATIC_ROOT=$(CURDIR)/.bench-static

.PHONY: install run test lighthouse test-fast lint format check check-deploy bench seed backup clean

install: $(STAMP) $(STATIC_MANIFEST) $(if $(shell command -v npm),$(NODE_STAMP))

# Pages served with debug off (gunicorn, or a check of the site as visitors see it) read
# the collected, hashed static files; collected again whenever a static file changes.
$(STATIC_MANIFEST): $(STAMP) $(shell find static -type f)
	$(TEST_ENV) $(PY) manage.py collectstatic --noinput -v0

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e ".[dev]"
	touch $(STAMP)

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

run: install
	$(DEV_ENV) $(PY) manage.py migrate --noinput
	$(DEV_ENV) $(PY) manage.py load_seed_roles
	$(DEV_ENV) $(PY) manage.py runserver 127.0.0.1:8000

test: install
	$(TEST_ENV) $(PY) -m pytest $(PYTEST_ARGS)

# The Lighthouse scores of every public page type (also part of `make test`).
lighthouse: install
	$(TEST_ENV) $(PY) -m pytest tests/browser/test_lighthouse.py $(PYTEST_ARGS)

# Everything but the tests driving Chromium or running the production stack's programs, spread
# over one process per core (pytest-xdist, a test database each); property-based tests try
# fewer examples (tests/conftest.py). TEST_FAST_WORKERS=0 runs them in this process.
TEST_FAST_WORKERS ?= auto
test-fast: install
	$(TEST_ENV) HYPOTHESIS_PROFILE=fast $(PY) -m pytest -m "not browser and not deploy" \
		-n $(TEST_FAST_WORKERS) $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check: install
	$(TEST_ENV) $(PY) manage.py check --fail-level WARNING
	$(TEST_ENV) $(PY) manage.py makemigrations --check --dry-run

# The production checks (HSTS, secure cookies, SSL redirect...) with debug off and real hosts.
check-deploy: install
	DJANGO_SECRET_KEY=$$($(PY) -c "import secrets; print(secrets.token_urlsafe(50))") \
	DJANGO_ALLOWED_HOSTS=fiches-metiers.example.fr DJANGO_SITE_URL=https://fiches-metiers.example.fr \
	REDIS_URL=redis://cache:6379/0 \
	$(PY) manage.py check --deploy --fail-level WARNING

# A synthetic catalogue served by gunicorn on loopback, measured by wrk (BENCH_ARGS="--rounds 5").
bench: install
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(BENCH_ENV) $(PY) manage.py migrate --noinput -v0
	$(BENCH_ENV) $(PY) manage.py collectstatic --noinput -v0
	$(BENCH_ENV) $(PY) -m bench catalogue --count $(BENCH_COUNT) --replace
	$(BENCH_ENV) $(PY) -m bench run $(BENCH_ARGS)

seed: install
	$(DEV_ENV) $(PY) manage.py load_seed_roles --force

# One dated archive of the database and the uploads (BACKUP_ARGS="--keep 14" prunes older ones).
backup: install
	$(PY) manage.py backup $(BACKUP_ARGS)

clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache .bench-static bench.sqlite3
