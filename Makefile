# cxkit course: the two commands are `make lab` and `make test`. Everything else is a helper.
#
#   make lab            install (if needed) and open JupyterLab on the repository, at modules/00-start-here.ipynb
#                       PORT=8899 to change the port; HEADLESS=1 to open no browser (the default
#                       when there is no display); IP=0.0.0.0 to serve other machines; SHOW_ALL=1
#                       to list the engineering files (cxkit/, tests/, tools/...) in the file browser too
#   make test           install (if needed), then every check in separately named steps:
#                       lint typecheck unit integration browser notebooks compat backends
#                       (each is also a target of its own, e.g. `make unit`), three at a time
#                       (TEST_STEPS, TEST_JOBS below); each step's output is printed whole under its
#                       name and time, a failure names its step, and the steps' times end the output
#   make quick          maintainers' inner loop (under a minute on 2 cores): the library's unit tests and
#                       doctests in parallel, without browser, integration, notebook, environment,
#                       course-content (`course` marker) or slow (`slow` marker) tests; `make unit` runs them all
#   make dashboard      install (if needed) and serve the CX dashboard (dashboards/cx-dashboard.ipynb)
#                       through Voila, code hidden; PORT, HEADLESS and IP as for `make lab`
#   make hub            JupyterHub for a workshop on one machine: each learner logs in with a name and the
#                       workshop password and gets their own server and my-work/ (in .venv-hub; Ctrl+C stops it;
#                       PASSWORD=..., IP=0.0.0.0 for the room's network, HUB_PORT=8000; workshops/README.md)
#   make exercises      regenerate exercises/ from solutions/
#   make slides         one offline slide deck per module: build/slides/NN-slug.slides.html (reveal.js); each
#                       module is run for its figures (about 30 s each, kept in build/slides/.executed/)
#   make data           regenerate datasets/ with the documented seed
#   make handouts       the printable workshop handouts, A4 and US Letter PDFs, into handouts/
#   make bench          run the benchmarks in bench/
#   make bench-pm4py    the journey analytics against pm4py, in its own environment (.venv-bench-pm4py)
#   make bench-lifetimes  the BG/NBD fit against lifetimes, in its own environment
#   make spark          the cross-backend tests on a local Spark (in .venv-spark; needs Java);
#                       the same as `make backends`, a step of `make test`
#   make lite           build the course as a static JupyterLite site in _output/ (in .venv-lite;
#                       OFFLINE=1: Pyodide served by the site itself, for tests, not for publishing)
#   make lock           re-resolve pyproject.toml into requirements.lock, requirements-lite.lock
#                       and environment.yml (UPGRADE=1 for the newest versions)
#   make clean          remove the local environments and caches

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8888
IP ?= 127.0.0.1
HEADLESS ?= $(if $(DISPLAY),,1)
# JupyterLab refuses to run as root (as in most containers) without --allow-root.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
PIP_INSTALL := -m pip install --quiet --disable-pip-version-check
# uv installs the locks: the same packages and sha256 checks as pip, in seconds rather than
# minutes. It is pinned in requirements.lock (test group) and bootstrapped into .venv by pip.
UV := UV_LINK_MODE=copy $(abspath $(BIN))/uv
UV_PIN = $(shell grep -m1 '^uv==' requirements.lock | cut -d' ' -f1)
# The install is redone only when the lock or the package metadata change.
INSTALL_HASH := $(shell cat requirements.lock pyproject.toml config/overrides.json tests/browser/package-lock.json 2>/dev/null | sha256sum | cut -c1-16)
STAMP := $(VENV)/.installed-$(INSTALL_HASH)
PYTEST := $(BIN)/python -m pytest
# A cell may take 10 minutes (the slowest take under 40 s on a loaded 2-core machine): a kernel that
# dies mid-cell then fails its notebook within 10 minutes instead of nbval's default 2,000 s wait.
NBVAL := --nbval-lax --nbval-cell-timeout=600 --nbval-sanitize-with tests/nbval_sanitize.cfg -p no:randomly

.PHONY: install install-lite lab test lint typecheck unit integration browser notebooks compat \
	backends quick hub exercises slides data handouts bench bench-pm4py bench-lifetimes spark lite lock clean \
	dashboard

# The learner's environment (and the tests'): exactly the packages of requirements.lock, each
# checked against its sha256, then cxkit itself (editable). Packages an older lock installed
# and this one does not list are removed.
install: $(STAMP)

$(STAMP):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "cxkit needs Python 3.11 or newer; found " + sys.version.split()[0])'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python $(PIP_INSTALL) --upgrade pip
	$(BIN)/python $(PIP_INSTALL) "$(UV_PIN)"
	$(UV) pip install --quiet --python $(BIN)/python --require-hashes -r requirements.lock
	@extra="$$($(BIN)/python tools/lockfiles.py extraneous requirements.lock)"; \
	if [ -n "$$extra" ]; then echo "removing packages requirements.lock does not list: $$extra"; \
		$(BIN)/python -m pip uninstall --quiet --yes $$extra; fi
	$(BIN)/python $(PIP_INSTALL) --no-deps -e .
	mkdir -p $(VENV)/share/jupyter/lab/settings
	cp config/overrides.json $(VENV)/share/jupyter/lab/settings/overrides.json
	@# axe-core for the accessibility test of the rendered start page (npm registry).
	if command -v npm >/dev/null; then npm ci --prefix tests/browser --no-audit --no-fund --silent; fi
	@rm -f $(VENV)/.installed-*
	@touch $@

# The JupyterLite build's own environment (jupyterlite-core, the Pyodide kernel, the widget
# renderer): kept out of .venv, where the Lite kernel extension would break JupyterLab's pages.
LITE_VENV ?= .venv-lite
LITE_PYTHON := $(abspath $(LITE_VENV))/bin/python
LITE_HASH := $(shell cat requirements-lite.lock 2>/dev/null | sha256sum | cut -c1-16)
LITE_STAMP := $(LITE_VENV)/.installed-$(LITE_HASH)

install-lite: $(LITE_STAMP)

$(LITE_STAMP): | $(STAMP)
	@test -x $(LITE_VENV)/bin/python || $(PYTHON) -m venv $(LITE_VENV)
	$(LITE_VENV)/bin/python $(PIP_INSTALL) --upgrade pip
	$(UV) pip install --quiet --python $(LITE_PYTHON) --require-hashes -r requirements-lite.lock
	@extra="$$($(LITE_VENV)/bin/python tools/lockfiles.py extraneous requirements-lite.lock)"; \
	if [ -n "$$extra" ]; then $(LITE_VENV)/bin/python -m pip uninstall --quiet --yes $$extra; fi
	@rm -f $(LITE_VENV)/.installed-*
	@touch $@

# The server's root is the repository (modules/, exercises/, my-work/, datasets/ in the file
# browser); the address it prints and opens is the start page, not the Launcher.
# It reads config/jupyter_server_config.json: the file browser lists the course and hides the
# engineering files (the library, tests, tools, build output); SHOW_ALL=1 lists everything.
# With JUPYTER_TOKEN set, Jupyter prints the address with "token=..." in place of the token:
# tools/lab_address.py writes the token back, so the printed address can be clicked.
START_PAGE := modules/00-start-here.ipynb
LAB_CONFIG = $(if $(SHOW_ALL),,JUPYTER_CONFIG_PATH="$(CURDIR)/config$${JUPYTER_CONFIG_PATH:+:$$JUPYTER_CONFIG_PATH}")
# The server's exit status, not the filter's, is the target's (bash's pipefail where there is bash).
LAB_BASH := $(shell command -v bash 2>/dev/null)
lab: SHELL := $(or $(LAB_BASH),/bin/sh)
lab: .SHELLFLAGS := $(if $(LAB_BASH),-o pipefail -c,-c)
lab: install
	$(LAB_CONFIG) PYTHONUNBUFFERED=1 $(BIN)/jupyter lab --ServerApp.root_dir=. \
		--LabApp.default_url=/lab/tree/$(START_PAGE) --port=$(PORT) --ip=$(IP) --LabApp.news_url=None \
		$(if $(HEADLESS),--no-browser,) $(ROOT_FLAG) 2>&1 | $(BIN)/python -u tools/lab_address.py

# The CX dashboard for people without Jupyter: Voila runs the notebook and shows only its outputs
# (--strip_sources=True, Voila's default, said here so that nobody turns the code on by accident).
# Voila has no --allow-root: unlike JupyterLab it runs as root (in a container) as it is.
# --preheat_kernel: Voila runs the notebook in a waiting kernel before anyone asks (--pool_size=1
# keeps one ready), and the template cxkit (dashboards/voila/templates/cxkit, found through
# JUPYTER_PATH) shows the dashboard's first screen as the page arrives instead of a spinner
# (issue 32: not 12 s of blank spinner).
DASHBOARD := dashboards/cx-dashboard.ipynb
dashboard: install
	@echo "Serving the CX dashboard at http://$(IP):$(PORT)/ (Ctrl+C to stop)"
	JUPYTER_PATH="$(CURDIR)/dashboards$${JUPYTER_PATH:+:$$JUPYTER_PATH}" $(BIN)/voila $(DASHBOARD) \
		--template=cxkit --strip_sources=True --port=$(PORT) --Voila.ip=$(IP) \
		--preheat_kernel=True --pool_size=1 $(if $(HEADLESS),--no-browser,)

# The steps of `make test`, each named so that a failure says which kind of test failed.
LINTED := cxkit tests bench tools conftest.py
lint: install
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)
	@# The layers of README.md ("Architecture") and no private module across packages: .importlinter.
	$(BIN)/lint-imports

typecheck: install
	$(BIN)/python -m mypy cxkit

# Tests that build the Lite site or start `make lab` (integration) and those that drive a
# browser run in their own steps; the Lite build's Python is passed as CXKIT_LITE_PYTHON.
INTEGRATION_TESTS := tests/test_lite.py tests/test_make_lab.py tests/test_hub.py
# The PySpark cases belong to the `backends` step (in .venv-spark): .ci/run's CXKIT_REQUIRE_SPARK=1
# applies there, not here, where pyspark is not installed and its cases skip.
# cxkit's doctests and CONTRIBUTING.md's examples run in the same two workers (one pytest start, not two).
unit: install
	CXKIT_REQUIRE_SPARK=0 $(PYTEST) -n 2 --dist loadfile --doctest-modules --doctest-glob=CONTRIBUTING.md \
		tests cxkit CONTRIBUTING.md --ignore=tests/browser $(addprefix --ignore=,$(INTEGRATION_TESTS))

# The inner loop: what `make unit` runs minus the `course` and `slow` markers (pyproject.toml) and the
# checks of the environments (not of the library), with the doctests of cxkit in the same two workers
# (--dist load balances single tests, not files).
# Files whose every test is marked course or slow (module-level pytestmark; test_quick_skips_only_marked_files
# checks it) are not even collected: importing them (papermill, nbformat, pypdf...) costs seconds per worker.
QUICK_SKIP := $(wildcard tests/test_answers_*.py tests/test_findings*.py) tests/test_capstone.py \
	tests/test_slides.py tests/test_cli.py tests/test_coverage.py tests/test_facilitator_notes.py \
	tests/test_glossary.py tests/test_data_dictionary.py tests/test_agendas.py tests/test_conversations_data.py \
	tests/test_handouts.py
QUICK_IGNORE := tests/browser $(INTEGRATION_TESTS) tests/test_environment.py tests/test_binder.py $(QUICK_SKIP)
# nbval (notebooks only) is not loaded: its import of nbformat and jsonschema costs 2 s before the workers start.
quick: install
	CXKIT_REQUIRE_SPARK=0 $(PYTEST) -q -p no:cacheprovider -p no:nbval -n 2 -m "not slow and not course" \
		--doctest-modules cxkit tests $(addprefix --ignore=,$(QUICK_IGNORE))

integration: install install-lite
	CXKIT_LITE_PYTHON=$(LITE_PYTHON) $(PYTEST) -n 2 --dist loadfile $(INTEGRATION_TESTS)

browser: install install-lite
	CXKIT_LITE_PYTHON=$(LITE_PYTHON) $(PYTEST) -n 2 --dist loadfile tests/browser

# Modules and solutions run in strict mode (CXKIT_STRICT=1): a wrong expected value in a solution fails
# the test. Exercises run as a learner would get them (CXKIT_STRICT=0): unanswered questions must not
# raise. One pytest run for all three, so that both workers stay busy to the end: conftest.py gives each
# notebook's kernel CXKIT_STRICT by its folder (--strict-notebooks names the strict folders).
NOTEBOOKS := $(wildcard modules/*.ipynb solutions/*.ipynb exercises/*.ipynb)
notebooks: install
	$(PYTEST) -n 2 --dist loadfile $(NBVAL) --strict-notebooks=modules,solutions $(NOTEBOOKS)

# JupyterLite's Pyodide ships pandas 3.0 and no pyarrow: the library's tests also run against
# pandas 3.0.0 without pyarrow, every other package at its version in requirements.lock (the
# runtime and the test tools they need), in a second environment.
COMPAT_VENV := .venv-pandas30
COMPAT_STAMP := $(COMPAT_VENV)/.installed-$(INSTALL_HASH)
COMPAT_TESTS := tests/test_metrics.py tests/test_loaders.py tests/test_check.py tests/test_quiz.py \
	tests/test_answers_07.py tests/test_findings.py tests/test_widget_nps.py \
	tests/test_journey_analytics.py tests/test_journey_export.py tests/test_journey_fill.py \
	tests/test_touchpoints.py tests/test_service.py tests/test_retention.py tests/test_clv.py tests/test_voc.py \
	tests/test_import_csv.py tests/test_priorities.py tests/test_maturity.py tests/test_managing.py \
	tests/test_journey_lifecycle.py tests/test_dashboard.py

$(COMPAT_STAMP): | $(STAMP)
	@test -x $(COMPAT_VENV)/bin/python || $(PYTHON) -m venv $(COMPAT_VENV)
	mkdir -p build
	$(COMPAT_VENV)/bin/python tools/lockfiles.py constraints requirements.lock --without pandas --without pyarrow \
		> build/constraints-pandas30.txt
	$(UV) pip install --quiet --python $(abspath $(COMPAT_VENV))/bin/python -c build/constraints-pandas30.txt \
		pandas==3.0.0 -e . pytest hypothesis
	@if $(COMPAT_VENV)/bin/python -c 'import pyarrow' 2>/dev/null; then \
		$(COMPAT_VENV)/bin/python -m pip uninstall --quiet --yes pyarrow; fi
	@rm -f $(COMPAT_VENV)/.installed-*
	@touch $@

compat: $(COMPAT_STAMP)
	$(COMPAT_VENV)/bin/python -c 'import pandas; assert pandas.__version__ == "3.0.0", pandas.__version__'
	$(COMPAT_VENV)/bin/python -c 'import importlib.util as u; assert u.find_spec("pyarrow") is None, "pyarrow installed"'
	$(COMPAT_VENV)/bin/python -m pytest -q -p no:cacheprovider $(COMPAT_TESTS)

# The steps run three at a time (tools/run_steps.py), in this order, the next starting when one ends:
# on 2 cores one step alone leaves a core idle much of the time (one process, a browser waiting for a
# page, a pytest run's last file). The longest (browser, unit) start first; lint and typecheck give
# their answer within a minute. Each step's output is printed whole when it ends, under its name and
# time, and kept in build/test-logs/STEP.log; a failure names its step and no further step starts.
# The environments the steps share are installed first.
TEST_STEPS := browser unit lint typecheck notebooks integration compat backends
TEST_JOBS ?= 3
test: install install-lite
	$(BIN)/python tools/run_steps.py --jobs $(TEST_JOBS) --log-dir build/test-logs $(TEST_STEPS)

exercises: install
	$(BIN)/cxkit exercises build

# The workshop hub (issue 29): JupyterHub 6 with the course's JupyterLab, in its own environment
# .venv-hub layered on .venv (tools/hub_env.sh: config/hub/requirements.txt with sha256 checks, and
# configurable-http-proxy from config/hub/package-lock.json), configured by config/hub/jupyterhub_config.py:
# a shared workshop password and a chosen name, one server and one course folder per learner under
# build/hub/users/, the instructor (HUB_ADMIN, default instructor) an admin, idle servers culled, and
# CXKIT_ROOM set for everyone to build/hub/room (the group quizzes' room exchange). Ctrl+C stops the hub
# and every learner's server. PASSWORD= sets the workshop password (else one is made up and printed).
HUB_VENV ?= .venv-hub
HUB_PORT ?= 8000
hub: install
	HUB_VENV=$(HUB_VENV) COURSE_VENV=$(VENV) PYTHON=$(PYTHON) bash tools/hub_env.sh
	HUB_IP=$(IP) HUB_PORT=$(HUB_PORT) COURSE_VENV=$(abspath $(VENV)) $(if $(PASSWORD),HUB_PASSWORD='$(PASSWORD)',) \
		$(HUB_VENV)/bin/jupyterhub -f config/hub/jupyterhub_config.py

# Self-contained decks (reveal.js, notes plugin and MathJax written into each file): nothing is
# loaded from a network when a deck is shown. See workshops/SLIDES.md.
slides: install
	$(BIN)/cxkit slides --all

data: install
	$(BIN)/cxkit data generate --seed 2024 --scale 1 --out datasets

# Built from the course data and cxkit's models (never edited by hand); git-ignored. An edited PDF
# is backed up (NAME.backup-YYYYmmdd-HHMMSS.pdf) before it is replaced.
handouts: install
	$(BIN)/cxkit handouts --out handouts

# OFFLINE=1: a site that loads Pyodide and its pure-Python packages from itself (npm and PyPI
# registries at build time, cached in build/) instead of Pyodide's CDN; for tests, not for publishing.
lite: install-lite
	$(LITE_PYTHON) tools/build_lite.py --output _output $(if $(OFFLINE),--offline,)

bench: install
	$(BIN)/python bench/run.py

# Benchmarks against other tools, each in its own environment (never the learner's): pm4py
# (AGPL-3.0) for the journey analytics. The agreement tests compare every count with pm4py.
bench-pm4py: install
	sh bench/setup_pm4py.sh
	PYTHONPATH=$(CURDIR) .venv-bench-pm4py/bin/python -m pytest -q -p no:cacheprovider bench/test_pm4py_agreement.py
	PYTHONPATH=$(CURDIR) $(BIN)/python bench/bench_journey.py --repeat 3

# The cross-backend tests on a local Spark, in their own environment (.venv-spark: pyspark, pinned
# with hashes in tests/spark/requirements.txt, layered on .venv, whose packages it reads through a
# .pth file; rebuilt only when the lock, the pins or the script change: tools/spark_env.sh keeps a
# stamp like .venv's). PySpark needs Java: .ci/run
# installs Debian's default-jre-headless when there is none. pandas, polars and DuckDB are
# compared in `make unit`; this adds PySpark (one session, tiny data: about a minute of CPU).
# Without Java the Spark cases skip, except under CI (.ci/run sets CXKIT_REQUIRE_SPARK=1), where
# they fail.
SPARK_VENV := .venv-spark
backends: install
	SPARK_VENV=$(SPARK_VENV) COURSE_VENV=$(VENV) PYTHON=$(PYTHON) bash tools/spark_env.sh
	$(SPARK_VENV)/bin/python -m pytest -q -p no:cacheprovider tests/test_backends.py -k "pyspark or required"

spark:
	CXKIT_REQUIRE_SPARK=1 $(MAKE) backends

# ... and lifetimes 0.11.3 for the BG/NBD fit (bench_clv.py runs itself in .venv-bench-lifetimes).
bench-lifetimes: install
	sh bench/setup_lifetimes.sh
	$(BIN)/python bench/bench_clv.py

# uv resolves; it is installed from PyPI in a throw-away venv. tools/lockfiles.py holds the exact
# commands and writes environment.yml from the runtime's resolution.
lock:
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python $(PIP_INSTALL) uv
	.lock-venv/bin/python tools/lockfiles.py compile --uv .lock-venv/bin/uv $(if $(UPGRADE),--upgrade,)
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) $(LITE_VENV) $(COMPAT_VENV) $(SPARK_VENV) $(HUB_VENV) .pytest_cache .ruff_cache .mypy_cache build _output *.egg-info
