"""The environments say what they are: pyproject.toml, the hashed locks and environment.yml agree.

A learner's environment (environment.yml, Binder) holds the course runtime only; the tests'
tools, the JupyterLite build and data generation are groups of their own (tools/lockfiles.py).
"""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
import tomllib
from importlib.metadata import PackageNotFoundError, distribution, distributions, packages_distributions
from pathlib import Path

import lockfiles  # tools/, on the path via tests/conftest.py
import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())


def _env_names(path: Path = lockfiles.ENV) -> set[str]:
    return {name for name, _, _ in lockfiles.read_requirements(path)}


def test_lock_and_environment_yml_agree():
    assert lockfiles.problems() == []


def test_disagreement_is_detected(tmp_path, monkeypatch):
    env = (ROOT / "environment.yml").read_text()
    pandas_line = next(line for line in env.splitlines() if "- pandas==" in line)
    broken = tmp_path / "environment.yml"
    broken.write_text(env.replace(pandas_line, pandas_line.split("==")[0] + "==2.2.3"))
    monkeypatch.setattr(lockfiles, "ENV", broken)
    found = lockfiles.problems()
    assert any("pandas" in p and "2.2.3" in p for p in found), found


def test_environment_yml_has_no_test_or_build_tool():
    """Binder installs what a learner runs, not pytest, playwright, mypy, jupyterlite or pyarrow."""
    tools = lockfiles.tool_names() - lockfiles.runtime_closure()
    expected = {"pytest", "playwright", "mypy", "jupyterlite-core", "jupyterlite-pyodide-kernel", "pyarrow"}
    assert expected <= tools
    assert not tools & _env_names()


@pytest.mark.parametrize("line", ["pytest==9.2.0", "jupyterlite-pyodide-kernel==0.8.6", "polars==1.33.1"])
def test_a_tool_or_unused_package_in_environment_yml_is_detected(tmp_path, monkeypatch, line):
    broken = tmp_path / "environment.yml"
    broken.write_text((ROOT / "environment.yml").read_text() + f"      - {line}\n")
    monkeypatch.setattr(lockfiles, "ENV", broken)
    name = line.split("==")[0]
    assert any(p.startswith(name) and "environment.yml" in p for p in lockfiles.problems())


def test_environment_yml_is_the_runtime_and_all_of_it():
    """Every package the runtime needs (per requirements.lock's dependency notes) and no other."""
    closure = lockfiles.runtime_closure()
    assert {"pandas", "jupyterlab", "ipykernel", "nbformat", "jupyterlab-widgets"} <= closure
    assert _env_names() == closure


def test_runtime_closure_agrees_with_the_installed_packages_metadata():
    """The closure read from uv's notes equals the one computed from the packages' own metadata."""
    marker_env = default_environment()
    seen: set[str] = set()
    done: set[tuple[str, frozenset[str]]] = set()
    todo = [Requirement(r) for r in lockfiles.runtime_requirements()]
    while todo:
        req = todo.pop()
        if req.marker and not req.marker.evaluate({**marker_env, "extra": ""}):
            continue
        name, extras = lockfiles.canonical(req.name), frozenset(req.extras)
        if (name, extras) in done:
            continue
        done.add((name, extras))
        seen.add(name)
        for dep in distribution(name).requires or []:
            dep_req = Requirement(dep)
            if dep_req.marker is None or any(
                dep_req.marker.evaluate({**marker_env, "extra": e}) for e in ("", *extras)
            ):
                dep_req.marker = None
                todo.append(dep_req)
    on_this_platform = {
        name
        for name, _, marker in lockfiles.read_requirements(lockfiles.ENV)
        if not marker or Requirement(f"x ; {marker}").marker.evaluate(marker_env)
    }
    assert seen == on_this_platform


def test_every_pyproject_requirement_is_pinned():
    lock = lockfiles.read_pins(ROOT / "requirements.lock")
    wanted = lockfiles.runtime_requirements() + lockfiles.group_requirements("data", "test", "bench")
    for req in wanted:
        name = lockfiles.requirement_name(req)
        assert name in lock, f"{req} (pyproject.toml) is not pinned in requirements.lock"
    lite = lockfiles.read_pins(ROOT / "requirements-lite.lock")
    for req in lockfiles.group_requirements("lite"):
        assert lockfiles.requirement_name(req) in lite, f"{req} is not pinned in requirements-lite.lock"


def test_locks_are_hashed_and_installed_with_require_hashes():
    for lock in ("requirements.lock", "requirements-lite.lock"):
        assert lockfiles.unhashed_lines(ROOT / lock) == []
        assert f"--require-hashes -r {lock}" in (ROOT / "Makefile").read_text()


def test_an_unhashed_pin_is_detected(tmp_path):
    lock = tmp_path / "requirements.lock"
    lock.write_text("pandas==3.1.1 \\\n    --hash=sha256:abc\nnumpy==2.4.6\n    # via pandas\n")
    assert lockfiles.unhashed_lines(lock) == ["numpy==2.4.6"]


def test_the_lite_build_is_not_in_the_learners_lock():
    assert not {n for n in lockfiles.read_pins(ROOT / "requirements.lock") if n.startswith("jupyterlite")}
    lite = set(lockfiles.read_pins(ROOT / "requirements-lite.lock"))
    assert {"jupyterlite-core", "jupyterlite-pyodide-kernel"} <= lite


def test_learner_environment_has_no_jupyterlite_package():
    """Keep the Lite kernel extension out of the learner's environment.

    JupyterLab logs "Shared module @jupyterlite/services doesn't exist" on every page when the
    Lite kernel extension is installed beside it: the Lite build has its own .venv-lite.
    """
    names = {d.metadata["Name"] or "" for d in distributions()}
    found = sorted(n for n in names if n.lower().startswith("jupyterlite"))
    assert found == [], f"{sys.prefix} has {found}; they belong in .venv-lite (make install removes them)"


def test_cxkit_imports_are_declared_dependencies():
    """Every library cxkit imports is a direct requirement (of cxkit or an extra), not a transitive one."""
    declared = {lockfiles.requirement_name(r) for r in PYPROJECT["project"]["dependencies"]}
    for extra in PYPROJECT["project"]["optional-dependencies"].values():
        declared |= {lockfiles.requirement_name(r) for r in extra}
    owners = packages_distributions()
    missing = []
    for path in sorted((ROOT / "cxkit").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names = [a.name.split(".")[0] for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module.split(".")[0]]
            else:
                continue
            for name in names:
                if name in sys.stdlib_module_names or name == "cxkit":
                    continue
                dists = {lockfiles.canonical(d) for d in owners.get(name, [name])}
                if not dists & declared:
                    missing.append(f"{path.relative_to(ROOT)} imports {name} ({', '.join(sorted(dists))})")
    assert not missing, "not declared in pyproject.toml:\n" + "\n".join(missing)


def test_pyarrow_is_the_data_extra_and_the_runtime_works_without_it():
    """Run without pyarrow, which is optional in the metadata.

    Loading works, and
    the generator (the only module that needs it) says which extra to install.
    """
    runtime = {lockfiles.requirement_name(r) for r in PYPROJECT["project"]["dependencies"]}
    assert "pyarrow" not in runtime
    data = PYPROJECT["project"]["optional-dependencies"]["data"]
    assert "pyarrow" in {lockfiles.requirement_name(r) for r in data}
    script = textwrap.dedent("""
        import sys
        sys.modules["pyarrow"] = None   # as if pyarrow were not installed
        import cxkit.data
        surveys = cxkit.data.load("surveys")
        assert len(surveys) > 100, len(surveys)
        try:
            from cxkit.data import generate
        except ModuleNotFoundError as err:
            assert "cxkit[data]" in str(err), err
            print("ok")
    """)
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "ok", "cxkit.data.generate imported without pyarrow"


def test_environment_pins_python_and_uses_conda_forge():
    import yaml

    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert env["channels"] == ["conda-forge"]
    assert "python=3.11" in env["dependencies"]


def test_one_minimum_python_everywhere():
    """The minimum Python of requires-python is make install's, ruff's, mypy's and environment.yml's."""
    import re

    import yaml

    minimum = PYPROJECT["project"]["requires-python"]
    assert re.fullmatch(r">=3\.\d+", minimum), minimum
    major, minor = (int(x) for x in minimum[2:].split("."))
    makefile = (ROOT / "Makefile").read_text()
    assert f"sys.version_info >= ({major}, {minor})" in makefile
    assert f"cxkit needs Python {major}.{minor} or newer" in makefile
    assert PYPROJECT["tool"]["ruff"]["target-version"] == f"py{major}{minor}"
    assert PYPROJECT["tool"]["mypy"]["python_version"] == f"{major}.{minor}"
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert f"python={major}.{minor}" in env["dependencies"]
    assert sys.version_info >= (major, minor)


def test_installed_versions_match_the_lock():
    """The environment the tests run in is the locked one (catches a stale `.venv`)."""
    lock = lockfiles.read_pins(ROOT / "requirements.lock")
    for name in ("pandas", "numpy", "scipy", "ipywidgets", "jupyterlab", "nbval", "pyarrow", "mypy"):
        try:
            installed = distribution(name).version
        except PackageNotFoundError:
            pytest.fail(f"{name} is locked at {lock[name]} but not installed: run make install")
        assert installed == lock[name], f"{name}: installed {installed}, locked {lock[name]}"


def _quick_skip() -> list[Path]:
    """Return the files of the Makefile's QUICK_SKIP (make quick does not collect them)."""
    import re

    text = (ROOT / "Makefile").read_text().replace("\\\n", " ")
    value = re.search(r"^QUICK_SKIP := (.*)$", text, re.M).group(1)
    files: list[Path] = []
    for token in re.sub(r"\$\(wildcard ([^)]*)\)", r"\1", value).split():
        files += sorted(ROOT.glob(token)) if "*" in token else [ROOT / token]
    return files


def test_quick_skips_only_marked_files():
    """`make quick` leaves out whole files only when every test in them is marked course or slow."""
    files = _quick_skip()
    assert len(files) > 20, files  # the answers and findings files are found by their wildcards
    for path in files:
        tree = ast.parse(path.read_text())
        marks = [
            ast.unparse(node.value)
            for node in tree.body
            if isinstance(node, ast.Assign) and [getattr(t, "id", "") for t in node.targets] == ["pytestmark"]
        ]
        assert marks, f"{path.name} has no module-level pytestmark but make quick skips it"
        assert "mark.course" in marks[0] or "mark.slow" in marks[0], (path.name, marks[0])
