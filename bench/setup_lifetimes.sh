#!/bin/sh
# Create .venv-bench-lifetimes (git-ignored) at the course root with lifetimes 0.11.3 pinned in
# bench/requirements-lifetimes.txt. The course's cxkit is imported from the checkout (PYTHONPATH),
# never installed. Usage: sh bench/setup_lifetimes.sh [python]
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
python=${1:-python3.11}
venv="$root/.venv-bench-lifetimes"
if [ ! -x "$venv/bin/python" ]; then
    "$python" -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --upgrade pip
"$venv/bin/python" -m pip install --quiet -r "$root/bench/requirements-lifetimes.txt"
"$venv/bin/python" -c "import lifetimes, pandas; print('lifetimes', lifetimes.__version__, 'pandas', pandas.__version__)"
