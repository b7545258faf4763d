#!/usr/bin/env bash
# Create (or bring up to date) .venv-spark, the environment of the cross-backend tests on PySpark:
# PySpark and py4j from tests/spark/requirements.txt (each checked against its sha256) and cxkit
# itself (editable), layered on the course's own environment: a .pth file adds .venv's
# site-packages after its own, so every other package is exactly the one requirements.lock put
# in .venv (the same versions, not installed twice: about 60 s and 1.4 GB saved). Run `make
# install` first (`make backends` does). The cross-backend tests run there:
#   .venv-spark/bin/python -m pytest -q tests/test_backends.py
# PySpark needs Java: on Debian/Ubuntu `apt-get install -y default-jre-headless`.
# Usage: bash tools/spark_env.sh   (PYTHON=python3.12, SPARK_VENV=path and COURSE_VENV=path to change them)
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
VENV=${SPARK_VENV:-.venv-spark}
COURSE_VENV=${COURSE_VENV:-.venv}
PIP=(-m pip install --quiet --disable-pip-version-check)
STAMP="$VENV/.installed-$(cat requirements.lock tests/spark/requirements.txt pyproject.toml tools/spark_env.sh | sha256sum | cut -c1-16)"
if [ -e "$STAMP" ]; then
  exit 0
fi
test -x "$VENV/bin/python" || "$PYTHON" -m venv "$VENV"
"$VENV/bin/python" "${PIP[@]}" --upgrade pip
if [ ! -x "$COURSE_VENV/bin/python" ]; then
  echo "error: $COURSE_VENV is missing: run make install first" >&2
  exit 1
fi
# PySpark's own dependencies (pandas, numpy, pyarrow) come from the course environment.
"$VENV/bin/python" "${PIP[@]}" --require-hashes --no-deps -r tests/spark/requirements.txt
"$VENV/bin/python" "${PIP[@]}" --no-deps -e .
OWN=$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
BASE=$("$COURSE_VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
if [ "$("$VENV/bin/python" -c 'import sys; print(sys.version_info[:2])')" != \
     "$("$COURSE_VENV/bin/python" -c 'import sys; print(sys.version_info[:2])')" ]; then
  echo "error: $VENV and $COURSE_VENV must use the same Python version" >&2
  exit 1
fi
# addsitedir (not a bare path) so that .venv's own .pth files are read too.
echo "import site; site.addsitedir('$BASE')" > "$OWN/zz_course_venv.pth"
if ! command -v java >/dev/null; then
  echo "warning: no java on PATH; PySpark needs one: apt-get install -y default-jre-headless" >&2
fi
rm -f "$VENV"/.installed-*
touch "$STAMP"
