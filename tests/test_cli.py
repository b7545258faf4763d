"""The ``cxkit`` command where a user meets it: ``lint-notebooks`` and ``exercises start``.

Each test runs on a copy of the course's notebooks in a temporary folder (the working directory,
where ``cxkit`` looks for the course first), so nothing in the repository is touched.
(``cxkit data validate`` is tested in tests/test_loaders.py.)
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_markdown_cell, new_output

from cxkit import cli
from cxkit._paths import repo_root

pytestmark = pytest.mark.course

REPO = repo_root()
CLEAN = "All notebooks meet the course standards."


@pytest.fixture
def course(tmp_path: Path, monkeypatch) -> Path:
    """Return a copy of the course's notebooks and quiz banks, every output cleared (a clean course).

    The data folder is linked, not copied (notebooks name its files).
    """
    for folder in ("modules", "solutions", "exercises", "dashboards"):
        shutil.copytree(REPO / folder, tmp_path / folder, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    (tmp_path / "datasets").symlink_to(REPO / "datasets", target_is_directory=True)
    for path in [*(tmp_path / "modules").glob("*.ipynb"), *(tmp_path / "solutions").glob("*.ipynb")]:
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                cell.outputs, cell.execution_count = [], None
        nb.metadata.pop("widgets", None)
        nbformat.write(nb, path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _spoil(course: Path) -> None:
    """Two mistakes in module 07: a widget's text fallback and a link to a module not yet written."""
    path = course / "modules" / "07-cx-metrics.ipynb"
    nb = nbformat.read(path, as_version=4)
    code = next(i for i, c in enumerate(nb.cells) if c.cell_type == "code")
    nb.cells[code].outputs = [
        new_output(
            "execute_result", {"text/plain": "VBox(children=(IntSlider(value=3),))"}, execution_count=1
        )
    ]
    nb.cells.append(new_markdown_cell("Next: [Module 08](08-retention.ipynb)."))
    nbformat.write(nb, path)


# -- cxkit lint-notebooks -----------------------------------------------------------------------------


def test_lint_notebooks_on_a_clean_course(course: Path, capsys):
    assert cli.main(["lint-notebooks"]) == 0
    out = capsys.readouterr()
    assert out.out.strip() == CLEAN
    assert out.err == ""


def test_lint_notebooks_reports_each_problem_and_fails(course: Path, capsys):
    _spoil(course)
    assert cli.main(["lint-notebooks"]) == 1
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[-1] == "2 problem(s) found."
    problems = lines[:-1]
    assert len(problems) == 2
    assert all(p.startswith("modules/07-cx-metrics.ipynb: cell ") for p in problems)
    assert any("committed widget output ('VBox(children=(IntSlider(value=3),))')" in p for p in problems)
    assert any("'08-retention.ipynb', but modules/08-retention.ipynb does not exist" in p for p in problems)


def test_lint_notebooks_as_a_command(course: Path):
    """The real entry point, in its own process: exit status 1 and the messages on stdout."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-m", "cxkit.cli", "lint-notebooks"]
    ok = subprocess.run(command, cwd=course, env=env, capture_output=True, text=True, timeout=120)
    assert (ok.returncode, ok.stdout.strip()) == (0, CLEAN), ok.stderr
    _spoil(course)
    bad = subprocess.run(command, cwd=course, env=env, capture_output=True, text=True, timeout=120)
    assert bad.returncode == 1
    assert "2 problem(s) found." in bad.stdout
    assert "Traceback" not in bad.stderr


def test_lint_notebooks_outside_a_course(tmp_path: Path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("cxkit._paths._PACKAGE_CHECKOUT", tmp_path)
    assert cli.main(["lint-notebooks"]) == 2
    assert "Cannot find the course folder" in capsys.readouterr().err


# -- cxkit exercises start ----------------------------------------------------------------------------


def test_exercises_start_copies_then_refuses_then_backs_up(course: Path, capsys):
    assert cli.main(["exercises", "start", "7"]) == 0
    copy = course / "my-work" / "07-cx-metrics.ipynb"
    assert copy.read_bytes() == (course / "exercises" / "07-cx-metrics.ipynb").read_bytes()
    assert "Your working copy is my-work/07-cx-metrics.ipynb." in capsys.readouterr().out

    copy.write_text('{"my": "work"}', encoding="utf-8")
    assert cli.main(["exercises", "start", "07"]) == 2  # the learner's work is never overwritten
    out = capsys.readouterr()
    assert out.out == ""
    assert "--force" in out.err
    assert "Traceback" not in out.err
    assert copy.read_text(encoding="utf-8") == '{"my": "work"}'

    assert cli.main(["exercises", "start", "07", "--force"]) == 0
    printed = capsys.readouterr().out
    saved = re.search(
        r"Your previous copy is saved as (my-work/07-cx-metrics\.backup-\d{8}-\d{6}\.ipynb)\.", printed
    )
    assert saved, printed
    assert (course / saved.group(1)).read_text(encoding="utf-8") == '{"my": "work"}'
    assert copy.read_bytes() == (course / "exercises" / "07-cx-metrics.ipynb").read_bytes()


def test_exercises_start_unknown_number_lists_the_exercises(course: Path, capsys):
    assert cli.main(["exercises", "start", "42"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("cxkit: There is no exercise '42'.")
    assert "07-cx-metrics" in err
    assert not (course / "my-work").exists()
