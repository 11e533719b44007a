# Musharaka: `make run` serves the demo, `make test` runs every test. Both install what they need.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
VENDOR := musharaka/static/vendor
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install assets messages messages-extract lint bench clean pdf-deps

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || $$(scripts/find-python) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

node_modules/.installed: package.json
	@command -v npm >/dev/null || scripts/apt-install nodejs npm
	npm install --no-audit --no-fund --loglevel=error
	@touch $@

$(VENDOR)/.installed: node_modules/.installed scripts/copy-assets
	scripts/copy-assets
	@touch $@

install: $(VENV)/.installed $(VENDOR)/.installed messages pdf-deps

# WeasyPrint (the events' attendance certificates) draws text with Pango; the certificates are set in Amiri and
# Noto Naskh Arabic.
pdf-deps:
	@scripts/apt-install libpango-1.0-0 libpangoft2-1.0-0 fonts-hosny-amiri fonts-noto-core poppler-utils \
	  || echo "warning: Pango or the Arabic fonts could not be installed; certificates cannot be drawn" >&2

assets: $(VENDOR)/.installed

messages: $(VENV)/.installed
	@command -v msgfmt >/dev/null || scripts/apt-install gettext
	@DEBUG=1 $(PY) manage.py compilemessages --ignore '.venv' --ignore 'node_modules' -v 0

# New strings of the Python code and the Jinja2 templates into each app's locale/ar/LC_MESSAGES/django.po
# (msgmerge keeps every existing translation); translate the new entries, then `make messages`.
messages-extract: $(VENV)/.installed
	@command -v xgettext >/dev/null || scripts/apt-install gettext
	DEBUG=1 $(PY) manage.py makemessages -l ar --ignore '.venv' --ignore 'node_modules' --ignore 'bench'

run: install
	mkdir -p var
	DEBUG=1 $(PY) manage.py migrate --no-input
	DEBUG=1 $(PY) manage.py seed_demo --scale 1 --if-empty
	DEBUG=1 $(PY) manage.py ensure_demo_admin
	@# The background worker (notification e-mail, printed in this terminal) runs beside the server and
	@# is stopped with it: Ctrl-C ends runserver, then the trap sends the worker TERM (it finishes its task).
	DEBUG=1 $(PY) manage.py db_worker --no-reload --verbosity 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

test: install
	scripts/run-tests

lint: install
	$(VENV)/bin/ruff check .
	DEBUG=1 $(VENV)/bin/mypy musharaka

# The benchmark harness (issues #4, #9): `make bench` (both databases, about 30 minutes on a fresh clone),
# `make bench BENCH_ARGS="--quick --scale 2"` for a smoke run. See README.md, "Performance".
BENCH_ARGS ?=
bench: $(VENV)/.installed
	$(PY) bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) node_modules $(VENDOR) var
