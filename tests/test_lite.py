"""The JupyterLite build: a static site with the course, its data, cxkit and the widget renderer.

The build runs as `make lite` runs it: ``tools/build_lite.py`` with the Python named by
``CXKIT_LITE_PYTHON`` (the build tools' environment; default: this Python). These tests check
the published site's files; tests/browser/test_lite_site.py opens an offline build in Chromium.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
LITE_PYTHON = os.environ.get("CXKIT_LITE_PYTHON", sys.executable)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("lite") / "_output"
    built = subprocess.run(
        [LITE_PYTHON, str(ROOT / "tools" / "build_lite.py"), "--output", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert built.returncode == 0, built.stderr[-3000:]
    return out


def _install_cell(site) -> str:
    nb = nbformat.read(site / "files" / "modules" / "00-start-here.ipynb", as_version=4)
    return next(c for c in nb.cells if c.cell_type == "code").source


def test_front_page_keeps_the_site_configuration(site):
    """Every page (lab/, repl/) reads the front page's config block: without it they stay blank."""
    front = (site / "index.html").read_text()
    block = re.search(
        r'<script id="jupyter-config-data" type="application/json"[^>]*>(.*?)</script>', front, re.S
    )
    assert block, "the front page lost its jupyter-config-data block (lab/ and repl/ would be blank)"
    json.loads(block.group(1))
    assert "config-utils.js" not in front  # its own script would send the visitor to an empty lab/


def test_the_published_site_loads_pyodide_from_its_cdn(site):
    assert not (site / "static" / "pyodide").exists()
    config = json.loads((site / "jupyter-lite.json").read_text())["jupyter-config-data"]
    kernel = config.get("litePluginSettings", {}).get("@jupyterlite/pyodide-kernel-extension:kernel", {})
    assert "pyodideUrl" not in kernel
    assert not kernel.get("disablePyPIFallback")


def test_the_install_cell_names_the_packages_that_did_not_load(site):
    """`%pip install` succeeds even when Pyodide could not fetch a package: the cell says which."""
    check = _install_cell(site).replace("%pip install -q cxkit", "")
    blocked = subprocess.run(
        [sys.executable, "-c", f"import sys\nsys.modules['yaml'] = None\n{check}"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert blocked.returncode == 0, blocked.stderr
    assert blocked.stdout.startswith("These packages did not load in the browser: PyYAML (")
    assert "restart the kernel" in blocked.stdout
    assert "make lab" in blocked.stdout
    fine = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, timeout=120)
    assert fine.stdout.strip() == "Ready: cxkit and the packages it needs are installed.", (
        fine.stdout + fine.stderr
    )


def test_front_page_opens_the_start_page(site):
    front = (site / "index.html").read_text()
    assert "lab/index.html?path=modules/00-start-here.ipynb" in front
    assert (site / "lab" / "index.html").exists()


def test_every_course_notebook_and_data_file_is_in_the_site(site):
    for folder in ("modules", "exercises", "solutions"):
        for nb in (ROOT / folder).glob("*.ipynb"):
            assert (site / "files" / folder / nb.name).exists(), f"{folder}/{nb.name} missing from the site"
    for csv in (ROOT / "datasets").rglob("*.csv"):
        rel = csv.relative_to(ROOT)
        assert (site / "files" / rel).exists(), f"{rel} missing from the site"
    for bank in (ROOT / "modules" / "quizzes").glob("*.yaml"):
        assert (site / "files" / "modules" / "quizzes" / bank.name).exists()


def test_notebooks_use_the_lite_kernel_and_install_cxkit_first(site):
    nb = nbformat.read(site / "files" / "modules" / "00-start-here.ipynb", as_version=4)
    assert nb.metadata["kernelspec"]["name"] == "python"
    first_code = next(c for c in nb.cells if c.cell_type == "code")
    assert "%pip install -q cxkit" in first_code.source


def test_cxkit_wheel_is_pure_python_and_indexed(site):
    (wheel,) = (site / "pypi").glob("cxkit-*-py3-none-any.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
    assert "cxkit/__init__.py" in names
    assert "cxkit/data/schema.py" in names
    assert not [n for n in names if n.endswith((".so", ".pyd"))]
    # Every learner's browser downloads the wheel: no slide-deck assets (8 MB, instructors' CLI).
    assert not [n for n in names if "slides_assets/" in n]
    assert wheel.stat().st_size < 1_500_000, f"cxkit's wheel is {wheel.stat().st_size:,} bytes"
    index = json.loads((site / "pypi" / "all.json").read_text())
    assert "cxkit" in index
    config = json.loads((site / "jupyter-lite.json").read_text())["jupyter-config-data"]
    assert config["defaultKernelName"] == "python"


def test_widget_renderer_is_bundled(site):
    config = json.loads((site / "jupyter-lite.json").read_text())["jupyter-config-data"]
    names = {ext["name"] for ext in config["federated_extensions"]}
    assert "@jupyter-widgets/jupyterlab-manager" in names
    assert "@jupyterlite/pyodide-kernel-extension" in names
