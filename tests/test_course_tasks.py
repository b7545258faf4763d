"""The task table (solutions/tasks.yaml, cxkit/course/tasks.py): kinds, consistency with the notebooks."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from cxkit.course.answers import REGISTRY, _load_module_files
from cxkit.course.artefacts import ARTEFACTS
from cxkit.course.tasks import KINDS, load_table, task, tasks
from cxkit.errors import CXConfigError

pytestmark = pytest.mark.course

MODULES = [f"{n:02d}" for n in range(12)]


def test_every_solution_has_its_tasks_listed_in_order():
    for module in MODULES:
        found = tasks(module)
        assert [t.number for t in found] == list(range(1, len(found) + 1)), module
        assert all(t.kind in KINDS for t in found)


@pytest.mark.parametrize("module", MODULES[1:])
def test_every_exercise_01_11_has_an_artefact_or_transfer_task(module):
    kinds = {t.kind for t in tasks(module)}
    assert kinds & {"artefact", "transfer"}, f"exercise {module} has only {sorted(kinds)}"


def test_every_check_a_task_names_exists_and_is_called_in_its_notebook():
    _load_module_files()
    for module in MODULES:
        nb = Path("solutions").glob(f"{module}-*.ipynb")
        text = "\n".join(c.source for c in nbformat.read(next(nb), 4).cells if c.cell_type == "code")
        for t in tasks(module):
            for check in t.checks:
                assert check in REGISTRY or check in ARTEFACTS, (t.id, check)
                assert f'cxkit.check("{check}"' in text, (t.id, check)


def test_artefact_tasks_have_a_rubric_and_a_checker():
    for module in MODULES:
        for t in tasks(module):
            if t.kind == "artefact":
                assert t.rubric, t.id
                assert any(c in ARTEFACTS for c in t.checks), t.id
                assert t.max_score > 0


def test_tasks_accepts_numbers_and_ids():
    assert tasks(3) == tasks("03") == tasks("3")
    assert task("03.t1").title == tasks("03")[0].title
    assert task("00.t1").max_score == 1


def test_bad_ids_and_tables_are_named(tmp_path):
    with pytest.raises(CXConfigError, match="no module '42'"):
        tasks("42")
    with pytest.raises(CXConfigError, match=r"NN\.tK"):
        task("3.1")
    (tmp_path / "solutions").mkdir()
    (tmp_path / "solutions" / "tasks.yaml").write_text('"01":\n  - {kind: quiz, checks: ["01.q1"]}\n')
    with pytest.raises(CXConfigError, match="kind 'quiz' is not one of"):
        load_table(tmp_path)
    (tmp_path / "solutions" / "tasks.yaml").write_text('"01":\n  - {kind: number}\n')
    with pytest.raises(CXConfigError, match="needs checks or a rubric"):
        load_table(tmp_path)


def test_table_and_notebook_must_agree(tmp_path):
    (tmp_path / "solutions").mkdir()
    (tmp_path / "solutions" / "tasks.yaml").write_text('"01":\n  - {kind: number, checks: ["01.q1"]}\n')
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell("## Task 1: a\n"),
            nbformat.v4.new_markdown_cell("## Task 2: b\n"),
        ]
    )
    nbformat.write(nb, tmp_path / "solutions" / "01-demo.ipynb")
    with pytest.raises(CXConfigError, match="lists 1 task"):
        tasks("01", root=tmp_path)


def test_the_call_the_issue_documents_works():
    """``cxkit.course.tasks("03")``, as written in the course and issue 27 (the module is callable)."""
    import cxkit.course
    from cxkit.course.tasks import tasks as listed

    assert cxkit.course.tasks("03") == listed("03")
    assert any(t.kind == "artefact" for t in cxkit.course.tasks("03"))
