#!/bin/sh
# Create .venv-bench-pm4py/ (at the course root) with pm4py 2.7 from bench/requirements-pm4py.txt,
# for bench/bench_journey.py and bench/test_pm4py_agreement.py. pm4py is AGPL-3.0 and heavy
# (about 390 MB with its dependencies): it lives only here, never in .venv or in pyproject.toml.
# cxkit is not installed into it: run with PYTHONPATH=<course root> so the checkout's cxkit is used
# with the pandas and numpy that pm4py brings.
#
#   sh bench/setup_pm4py.sh            # then:
#   PYTHONPATH=$PWD .venv-bench-pm4py/bin/python -m pytest -q bench/test_pm4py_agreement.py
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
VENV="$ROOT/.venv-bench-pm4py"
PYTHON=${PYTHON:-python3}
if [ ! -x "$VENV/bin/python" ]; then
    "$PYTHON" -m venv "$VENV"
fi
printf '*\n' > "$VENV/.gitignore"
"$VENV/bin/python" -m pip install --quiet --upgrade pip
"$VENV/bin/python" -m pip install --quiet -r "$ROOT/bench/requirements-pm4py.txt" pytest
"$VENV/bin/python" -c "import pm4py, pandas, numpy; print('pm4py', pm4py.__version__, 'pandas', pandas.__version__, 'numpy', numpy.__version__)"
