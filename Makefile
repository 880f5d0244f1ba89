# Stackscope developer commands. `make demo` and `make test` are the README's two commands.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
# The newest Python >= 3.12 on this machine (pyenv shims honour .python-version).
PYTHON ?= $(shell for p in python3.13 python3.12 python3; do \
	  command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo $$p; break; }; \
	done)
PYTEST_ARGS ?= -n auto

.PHONY: install demo test test-timing lint format browser-deps migrations-check lock production-smoke \
	approve-report-images

$(VENV)/.installed: pyproject.toml constraints.txt
	@test -n "$(PYTHON)" || { echo "Python 3.12 or newer is required." >&2; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e ".[dev]"
	@touch $@

install: $(VENV)/.installed

browser-deps:
	@scripts/ensure-browser-deps

demo: install
	@scripts/demo

test: install browser-deps
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# Generous wall-clock guards against pathological slowdowns, apart from the default run
# (targets are measured by benchmarks/, see docs/performance.md).
test-timing: install
	$(VENV)/bin/pytest -n 0 -m timing

# Re-render the report's visual regression images after an intended change to its look
# (docs/report.md, "Visual regression suite"); ONLY=ar-Letter,fa limits it to some variants.
approve-report-images: install browser-deps
	$(PY) -m tests.report.visual.approve $(if $(ONLY),--only $(ONLY))

# Re-resolve every dependency in a fresh venv and write the versions CI and users install.
lock:
	@rm -rf var/lock-venv && $(PYTHON) -m venv var/lock-venv
	var/lock-venv/bin/pip install --quiet ".[dev,bench]"
	@{ echo "# Exact versions that make install, CI and production install (make lock rewrites it)."; \
	  var/lock-venv/bin/pip freeze --exclude-editable | grep -iv '^stackscope'; } > constraints.txt
	@rm -rf var/lock-venv

# The README's production steps, as written, in a fresh venv against PostgreSQL.
production-smoke:
	@scripts/production-smoke

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrations-check: install
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run
