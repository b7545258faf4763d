# cxkit course: the two commands are `make lab` and `make test`. Everything else is a helper.
#
#   make lab            install (if needed) and open JupyterLab on the repository, at modules/00-start-here.ipynb
#                       PORT=8899 to change the port; HEADLESS=1 to open no browser (the default
#                       when there is no display); IP=0.0.0.0 to serve other machines
#   make test           install (if needed), lint, run every test and every notebook
#   make exercises      regenerate exercises/ from solutions/
#   make data           regenerate datasets/ with the documented seed
#   make bench          run the benchmarks in bench/
#   make lite           build the course as a static JupyterLite site in _output/ (OFFLINE=1: no CDN)
#   make lock           re-resolve requirements.in into requirements.lock and environment.yml
#   make clean          remove the local environment and caches

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8888
IP ?= 127.0.0.1
HEADLESS ?= $(if $(DISPLAY),,1)
# JupyterLab refuses to run as root (as in most containers) without --allow-root.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
# The install is redone only when the lock or the package metadata change.
INSTALL_HASH := $(shell cat requirements.lock pyproject.toml config/overrides.json tests/browser/package-lock.json 2>/dev/null | sha256sum | cut -c1-16)
STAMP := $(VENV)/.installed-$(INSTALL_HASH)
PYTEST := $(BIN)/python -m pytest
NBVAL := --nbval-lax --nbval-sanitize-with tests/nbval_sanitize.cfg -p no:randomly

.PHONY: install lab test lint unit notebooks compat exercises data bench lite lock clean

install: $(STAMP)

$(STAMP):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "cxkit needs Python 3.11 or newer; found " + sys.version.split()[0])'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	mkdir -p $(VENV)/share/jupyter/lab/settings
	cp config/overrides.json $(VENV)/share/jupyter/lab/settings/overrides.json
	@# axe-core for the accessibility test of the rendered start page (npm registry).
	if command -v npm >/dev/null; then npm ci --prefix tests/browser --no-audit --no-fund --silent; fi
	@rm -f $(VENV)/.installed-*
	@touch $@

# The server's root is the repository (modules/, exercises/, my-work/, datasets/ in the file
# browser); the address it prints and opens is the start page, not the Launcher.
START_PAGE := modules/00-start-here.ipynb
lab: install
	$(BIN)/jupyter lab --ServerApp.root_dir=. --LabApp.default_url=/lab/tree/$(START_PAGE) \
		--port=$(PORT) --ip=$(IP) --LabApp.news_url=None $(if $(HEADLESS),--no-browser,) $(ROOT_FLAG)

lint: install
	$(BIN)/ruff check cxkit tests bench tools

unit: install
	$(PYTEST) -n 2 --dist loadfile tests
	$(PYTEST) -q -p no:cacheprovider --doctest-modules cxkit

# Modules and solutions run in strict mode: a wrong expected value in a solution fails the test.
# Exercises run as a learner would get them: unanswered questions must not raise.
STRICT_NOTEBOOKS := $(wildcard modules/*.ipynb solutions/*.ipynb)
EXERCISE_NOTEBOOKS := $(wildcard exercises/*.ipynb)
notebooks: install
	$(if $(STRICT_NOTEBOOKS),CXKIT_STRICT=1 $(PYTEST) -n 2 --dist loadfile $(NBVAL) $(STRICT_NOTEBOOKS))
	$(if $(EXERCISE_NOTEBOOKS),CXKIT_STRICT=0 $(PYTEST) -n 2 --dist loadfile $(NBVAL) $(EXERCISE_NOTEBOOKS))

# JupyterLite's Pyodide ships pandas 3.0: the library's tests also run against pandas 3.0.0
# (every other package at its locked version) in a second environment.
COMPAT_VENV := .venv-pandas30
COMPAT_STAMP := $(COMPAT_VENV)/.installed-$(INSTALL_HASH)
COMPAT_TESTS := tests/test_metrics.py tests/test_loaders.py tests/test_check.py tests/test_quiz.py \
	tests/test_answers_07.py tests/test_findings.py tests/test_widget_nps.py

$(COMPAT_STAMP):
	@test -x $(COMPAT_VENV)/bin/python || $(PYTHON) -m venv $(COMPAT_VENV)
	mkdir -p build
	grep -v '^pandas==' requirements.lock > build/constraints-pandas30.txt
	$(COMPAT_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -c build/constraints-pandas30.txt \
		pandas==3.0.0 numpy scipy matplotlib ipywidgets pyyaml tqdm pyarrow pytest hypothesis nbformat
	$(COMPAT_VENV)/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@rm -f $(COMPAT_VENV)/.installed-*
	@touch $@

compat: $(COMPAT_STAMP)
	$(COMPAT_VENV)/bin/python -c 'import pandas; assert pandas.__version__ == "3.0.0", pandas.__version__'
	$(COMPAT_VENV)/bin/python -m pytest -q -p no:cacheprovider $(COMPAT_TESTS)

test: lint unit notebooks compat

exercises: install
	$(BIN)/cxkit exercises build

data: install
	$(BIN)/cxkit data generate --seed 2024 --scale 1 --out datasets

# OFFLINE=1: a site that loads Pyodide and its pure-Python packages from itself (npm and PyPI
# registries at build time, cached in build/) instead of Pyodide's CDN; for tests, not for publishing.
LITE_PYTHON ?= $(BIN)/python
lite: install
	$(LITE_PYTHON) tools/build_lite.py --output _output $(if $(OFFLINE),--offline,)

bench: install
	$(BIN)/python bench/run.py

lock:
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --upgrade pip
	.lock-venv/bin/python -m pip install --quiet -r requirements.in
	.lock-venv/bin/python tools/lockfiles.py write --freeze "$$(.lock-venv/bin/python -m pip freeze --exclude-editable)"
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) $(COMPAT_VENV) .pytest_cache .ruff_cache build _output *.egg-info
