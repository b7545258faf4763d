"""The pinned environment is one environment: requirements.lock, environment.yml and pyproject agree."""

from __future__ import annotations

import sys
from pathlib import Path

import lockfiles  # tools/, on the path via tests/conftest.py
import pytest

ROOT = Path(__file__).resolve().parent.parent


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


def test_every_direct_dependency_is_pinned():
    lock = lockfiles.read_pins(ROOT / "requirements.lock")
    for name in lockfiles.direct_dependencies():
        assert name in lock, f"{name} from requirements.in is not pinned in requirements.lock"


def test_pyproject_dependencies_are_in_the_lock():
    import tomllib

    lock = lockfiles.read_pins(ROOT / "requirements.lock")
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    for dep in deps:
        name = lockfiles.canonical(dep.split(">")[0].split("=")[0].split("<")[0])
        assert name in lock, f"cxkit depends on {name}, which requirements.lock does not pin"


def test_environment_pins_python_and_uses_conda_forge():
    import yaml

    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert env["channels"] == ["conda-forge"]
    assert "python=3.11" in env["dependencies"]


@pytest.mark.parametrize("major,minor", [(3, 11)])
def test_running_python_is_supported(major, minor):
    assert sys.version_info >= (major, minor)


def test_installed_versions_match_the_lock():
    """The environment the tests run in is the locked one (catches a stale `.venv`)."""
    from importlib.metadata import version

    lock = lockfiles.read_pins(ROOT / "requirements.lock")
    for name in ("pandas", "numpy", "scipy", "ipywidgets", "jupyterlab", "nbval", "pyarrow"):
        assert version(name) == lock[name], f"{name}: installed {version(name)}, locked {lock[name]}"
