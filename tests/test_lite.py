"""The JupyterLite build: a static site with the course, its data, cxkit and the widget renderer.

The in-browser run itself needs Pyodide from its CDN, which this machine cannot reach, so these
tests check the build and its contents; tests/test_pandas30.py checks cxkit under pandas 3.0.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("lite") / "_output"
    import build_lite  # tools/, on the path via tests/conftest.py

    return build_lite.build(out)


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
    assert "cxkit/__init__.py" in names and "cxkit/data/schema.py" in names
    assert not [n for n in names if n.endswith((".so", ".pyd"))]
    index = json.loads((site / "pypi" / "all.json").read_text())
    assert "cxkit" in index
    config = json.loads((site / "jupyter-lite.json").read_text())["jupyter-config-data"]
    assert config["defaultKernelName"] == "python"


def test_widget_renderer_is_bundled(site):
    config = json.loads((site / "jupyter-lite.json").read_text())["jupyter-config-data"]
    names = {ext["name"] for ext in config["federated_extensions"]}
    assert "@jupyter-widgets/jupyterlab-manager" in names
    assert "@jupyterlite/pyodide-kernel-extension" in names
