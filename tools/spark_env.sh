#!/usr/bin/env bash
# Create (or bring up to date) .venv-spark: the course's own packages, exactly as requirements.lock
# pins them (each checked against its sha256), then PySpark from tests/spark/requirements.txt
# (hash-checked too), then cxkit itself (editable). The cross-backend tests run there:
#   .venv-spark/bin/python -m pytest -q tests/test_backends.py
# PySpark needs Java: on Debian/Ubuntu `apt-get install -y default-jre-headless`.
# Usage: bash tools/spark_env.sh   (PYTHON=python3.12 and SPARK_VENV=path to change them)
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
VENV=${SPARK_VENV:-.venv-spark}
PIP=(-m pip install --quiet --disable-pip-version-check)
STAMP="$VENV/.installed-$(cat requirements.lock tests/spark/requirements.txt pyproject.toml | sha256sum | cut -c1-16)"
if [ -e "$STAMP" ]; then
  exit 0
fi
test -x "$VENV/bin/python" || "$PYTHON" -m venv "$VENV"
"$VENV/bin/python" "${PIP[@]}" --upgrade pip
"$VENV/bin/python" "${PIP[@]}" --require-hashes -r requirements.lock
"$VENV/bin/python" "${PIP[@]}" --require-hashes -r tests/spark/requirements.txt
"$VENV/bin/python" "${PIP[@]}" --no-deps -e .
if ! command -v java >/dev/null; then
  echo "warning: no java on PATH; PySpark needs one: apt-get install -y default-jre-headless" >&2
fi
rm -f "$VENV"/.installed-*
touch "$STAMP"
