"""Binder readiness: mybinder.org builds from environment.yml + postBuild and opens the start page."""

from __future__ import annotations

import ast
import os
import re
import sys
from importlib.metadata import packages_distributions
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
import lockfiles  # noqa: E402  (tools/, on the path via tests/conftest.py)
from lockfiles import canonical  # noqa: E402

NOTEBOOKS = sorted(
    p for folder in ("modules", "exercises", "solutions") for p in (ROOT / folder).glob("*.ipynb")
)


def _imports(source: str) -> set[str]:
    # IPython magics (%pip, !cmd) are not Python: drop them before parsing.
    code = "\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!")))
    names = set()
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def _environment_pins() -> dict[str, str]:
    return {name: version for name, version, _ in lockfiles.read_requirements(ROOT / "environment.yml")}


def _optional() -> set[str]:
    """Distributions of cxkit's extras beyond the learner's runtime (``data``: pyarrow).

    cxkit imports them only where it works without them: the generator says which extra to
    install, the loaders fall back to pandas (tests/test_environment.py runs both without pyarrow).
    """
    extras = dict(lockfiles.pyproject()["project"]["optional-dependencies"])
    for name in lockfiles.RUNTIME_EXTRAS:
        extras.pop(name)
    return {lockfiles.requirement_name(r) for reqs in extras.values() for r in reqs}


def test_every_notebook_import_is_installed_by_the_environment():
    pins = _environment_pins()
    dists = packages_distributions()
    missing = []
    for nb_path in NOTEBOOKS:
        nb = nbformat.read(nb_path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            for name in _imports(cell.source):
                if name in sys.stdlib_module_names or name == "cxkit":
                    continue
                owners = {canonical(d) for d in dists.get(name, [])}
                if not owners & set(pins):
                    where = nb_path.relative_to(ROOT)
                    missing.append(f"{where} imports {name!r}, which environment.yml does not install")
    assert not missing, "\n".join(missing)


def test_cxkit_own_imports_are_installed_by_the_environment():
    pins = _environment_pins()
    optional = _optional()
    dists = packages_distributions()
    missing = []
    for path in (ROOT / "cxkit").rglob("*.py"):
        for name in _imports(path.read_text()):
            if name in sys.stdlib_module_names or name == "cxkit":
                continue
            owners = {canonical(d) for d in dists.get(name, [name])}
            if not owners & (set(pins) | optional):
                missing.append(
                    f"{path.relative_to(ROOT)} imports {name!r}, which environment.yml does not install"
                )
    assert not missing, "\n".join(missing)


def test_post_build_installs_cxkit_and_is_executable():
    post = ROOT / "postBuild"
    assert os.access(post, os.X_OK)
    text = post.read_text()
    assert "pip install --no-deps -e ." in text
    assert "config/overrides.json" in text
    assert "config/jupyter_server_config.json" in text  # the file browser hides the engineering files
    # A binder/ folder would make Binder ignore the files at the top level.
    assert not (ROOT / "binder").exists()
    assert not (ROOT / ".binder").exists()


def test_readme_badge_opens_the_start_page_in_jupyterlab():
    readme = (ROOT / "README.md").read_text()
    links = re.findall(r"\(https://mybinder\.org/v2/gh/[^)\s]+\)", readme)
    assert links, "README has no Binder badge link"
    for link in links:
        assert re.fullmatch(
            r"\(https://mybinder\.org/v2/gh/[\w.-]+/[\w.-]+/HEAD\?urlpath=lab/tree/"
            r"modules/00-start-here\.ipynb\)",
            link,
        ), link
    assert (ROOT / "modules" / "00-start-here.ipynb").exists()
