#!/usr/bin/env bash
# Create (or bring up to date) .venv-hub, the environment of `make hub` (JupyterHub for a workshop on one
# machine): JupyterHub and jupyterhub-idle-culler from config/hub/requirements.txt (each checked against
# its sha256, --no-deps), layered on the course's own environment like .venv-spark (tools/spark_env.sh):
# a .pth file adds .venv's site-packages after its own, so JupyterLab, the kernel and every course
# package are exactly the ones requirements.lock put in .venv. configurable-http-proxy (JupyterHub's
# proxy, from npm) goes into config/hub/node_modules from config/hub/package-lock.json (`npm ci`).
# Run `make install` first (`make hub` does).
# Usage: bash tools/hub_env.sh   (PYTHON=python3.12, HUB_VENV=path and COURSE_VENV=path to change them)
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
VENV=${HUB_VENV:-.venv-hub}
COURSE_VENV=${COURSE_VENV:-.venv}
PIP=(-m pip install --quiet --disable-pip-version-check)
STAMP="$VENV/.installed-$(cat requirements.lock config/hub/requirements.txt config/hub/package-lock.json \
  config/overrides.json tools/hub_env.sh | sha256sum | cut -c1-16)"
if [ -e "$STAMP" ] && [ -x config/hub/node_modules/.bin/configurable-http-proxy ]; then
  exit 0
fi
if [ ! -x "$COURSE_VENV/bin/python" ]; then
  echo "error: $COURSE_VENV is missing: run make install first" >&2
  exit 1
fi
if ! command -v npm >/dev/null; then
  echo "error: make hub needs Node.js and npm (JupyterHub's proxy, configurable-http-proxy, is a Node" \
    "program): on Debian/Ubuntu apt-get install -y nodejs npm" >&2
  exit 1
fi
test -x "$VENV/bin/python" || "$PYTHON" -m venv "$VENV"
"$VENV/bin/python" "${PIP[@]}" --upgrade pip
"$VENV/bin/python" "${PIP[@]}" --require-hashes --no-deps -r config/hub/requirements.txt
OWN=$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
BASE=$("$COURSE_VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
if [ "$("$VENV/bin/python" -c 'import sys; print(sys.version_info[:2])')" != \
     "$("$COURSE_VENV/bin/python" -c 'import sys; print(sys.version_info[:2])')" ]; then
  echo "error: $VENV and $COURSE_VENV must use the same Python version" >&2
  exit 1
fi
# addsitedir (not a bare path) so that .venv's own .pth files are read too.
echo "import site; site.addsitedir('$(cd "$(dirname "$BASE")" && pwd)/$(basename "$BASE")')" > "$OWN/zz_course_venv.pth"
# The course's JupyterLab settings (as `make install` puts them in .venv).
mkdir -p "$VENV/share/jupyter/lab/settings"
cp config/overrides.json "$VENV/share/jupyter/lab/settings/overrides.json"
npm ci --prefix config/hub --no-audit --no-fund --silent
"$VENV/bin/python" -c 'import jupyterhub, jupyterhub_idle_culler, jupyterlab, ipykernel, cxkit' 
rm -f "$VENV"/.installed-*
touch "$STAMP"
