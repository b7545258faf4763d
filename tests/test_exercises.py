"""exercises/ generated from solutions/, and the learner's working copies (cxkit/course/exercises.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from cxkit.course.exercises import build_all, make_exercise, repo_root, start
from cxkit.errors import CXConfigError, CXWorkExistsError

REPO = repo_root()


def _solution() -> nbformat.NotebookNode:
    nb = new_notebook(
        cells=[
            new_markdown_cell("# Exercise 99\n\nIntro."),
            new_code_cell(
                "import cxkit\ncustomers = [1, 2, 3]\n### BEGIN SOLUTION\nn = len(customers)\n"
                "share, top = 0.5, 'web'\n### END SOLUTION\ncxkit.check('99.q1', n)",
                execution_count=3,
                outputs=[new_output("execute_result", {"text/plain": "3"}, execution_count=3)],
            ),
            new_code_cell("def f(x):\n    ### BEGIN SOLUTION\n    return x * 2\n    ### END SOLUTION"),
            new_code_cell("assert n == 3\n### BEGIN HIDDEN TESTS\nassert share == 0.5\n### END HIDDEN TESTS"),
            new_code_cell("### BEGIN HIDDEN TESTS\nassert top == 'web'\n### END HIDDEN TESTS"),
            new_markdown_cell("Why?\n\n<!-- BEGIN SOLUTION -->\nBecause.\n<!-- END SOLUTION -->\n\nEnd."),
        ]
    )
    for i, cell in enumerate(nb.cells):
        cell.id = f"c{i}"
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


@pytest.fixture
def course(tmp_path: Path) -> Path:
    """Return a tiny course repository with one solution and its generated exercise."""
    (tmp_path / "solutions").mkdir()
    (tmp_path / "exercises").mkdir()
    nbformat.write(_solution(), tmp_path / "solutions" / "99-demo.ipynb")
    build_all(root=tmp_path)
    return tmp_path


def test_solution_block_becomes_a_placeholder_that_runs():
    ex = make_exercise(_solution())
    src = ex.cells[1].source
    assert "len(customers)" not in src
    assert "BEGIN SOLUTION" not in src
    assert "n = ...  # your answer here" in src
    assert "share = ...  # your answer here" in src
    assert "top = ...  # your answer here" in src
    assert src.startswith("import cxkit\ncustomers = [1, 2, 3]\n# YOUR CODE HERE")
    assert src.endswith("cxkit.check('99.q1', n)")
    ns: dict = {}
    exec(compile(src.replace("import cxkit\n", "").replace("cxkit.check", "print"), "ex", "exec"), ns)
    assert ns["n"] is Ellipsis


def test_indented_block_keeps_its_indentation():
    src = make_exercise(_solution()).cells[2].source
    assert "    ...  # your answer here" in src
    compile(src, "ex", "exec")


def test_hidden_tests_removed_and_empty_cells_dropped():
    ex = make_exercise(_solution())
    assert [c.source for c in ex.cells if "assert" in c.source] == ["assert n == 3"]
    assert len(ex.cells) == 5


def test_markdown_solution_replaced():
    md = make_exercise(_solution()).cells[-1].source
    assert md == "Why?\n\n_Write your answer here._\n\nEnd."


def test_outputs_counts_and_widget_state_removed():
    ex = make_exercise(_solution())
    code = [c for c in ex.cells if c.cell_type == "code"]
    assert code
    assert all(c.outputs == [] and c.execution_count is None for c in code)
    assert "widgets" not in ex.metadata
    assert ex.metadata["kernelspec"]["name"] == "python3"
    assert [c.id for c in ex.cells] == ["c0", "c1", "c2", "c3", "c5"]
    nbformat.validate(ex)


@pytest.mark.parametrize(
    "source",
    [
        "### BEGIN SOLUTION\nx = 1",
        "x = 1\n### END SOLUTION",
        "### BEGIN HIDDEN TESTS\nassert True",
        "### BEGIN SOLUTION\n### BEGIN SOLUTION\n### END SOLUTION",
    ],
)
def test_unbalanced_markers_are_reported(source):
    nb = new_notebook(cells=[new_code_cell(source)])
    with pytest.raises(CXConfigError, match=r"demo\.ipynb, cell 1"):
        make_exercise(nb, source_name="demo.ipynb")


def test_unbalanced_markdown_marker_is_reported():
    nb = new_notebook(cells=[new_markdown_cell("<!-- BEGIN SOLUTION -->\nanswer")])
    with pytest.raises(CXConfigError, match="END SOLUTION"):
        make_exercise(nb)


def test_build_all_is_byte_identical_and_check_mode_writes_nothing(course: Path):
    target = course / "exercises" / "99-demo.ipynb"
    first = target.read_bytes()
    assert build_all(root=course) == []  # nothing changed
    assert target.read_bytes() == first
    assert build_all(check=True, root=course) == []
    target.write_text("{}", encoding="utf-8")
    assert build_all(check=True, root=course) == [target]
    assert target.read_text(encoding="utf-8") == "{}"  # check mode wrote nothing
    assert build_all(root=course) == [target]
    assert target.read_bytes() == first
    assert sorted(p.name for p in course.iterdir()) == ["exercises", "solutions"]


def test_generated_exercise_is_valid_and_clean(course: Path):
    text = (course / "exercises" / "99-demo.ipynb").read_text(encoding="utf-8")
    nb = nbformat.reads(text, as_version=4)
    nbformat.validate(nb)
    assert "BEGIN SOLUTION" not in text
    assert "Because." not in text
    assert "widget-state" not in text
    assert nb.metadata["cxkit"]["generated_from"] == "solutions/99-demo.ipynb"


# -- the real repository ------------------------------------------------------------------------


@pytest.mark.course
def test_committed_exercises_are_up_to_date(tmp_path: Path):
    """Regenerate every exercise into a copy of the repository and compare byte for byte."""
    (tmp_path / "solutions").mkdir()
    (tmp_path / "exercises").mkdir()
    for sol in (REPO / "solutions").glob("*.ipynb"):
        (tmp_path / "solutions" / sol.name).write_bytes(sol.read_bytes())
    written = build_all(root=tmp_path)
    assert written, "there are no solutions to build"
    for path in written:
        committed = REPO / "exercises" / path.name
        assert committed.exists(), f"exercises/{path.name} is missing: run `make exercises`"
        assert committed.read_bytes() == path.read_bytes(), (
            f"exercises/{path.name} differs from what solutions/{path.name} generates: run `make exercises`"
        )


def test_every_exercise_has_its_solution_and_vice_versa():
    pattern = re.compile(r"^\d{2}-[\w-]+\.ipynb$")
    solutions = {p.name for p in (REPO / "solutions").glob("*.ipynb") if pattern.match(p.name)}
    exercises = {p.name for p in (REPO / "exercises").glob("*.ipynb") if pattern.match(p.name)}
    assert solutions, "no solutions found"
    assert solutions - exercises == set(), "solutions without an exercise: run `make exercises`"
    assert exercises - solutions == set(), "exercises without a solution: delete them or restore the solution"


def test_solutions_use_markers_and_checks():
    for sol in (REPO / "solutions").glob("*.ipynb"):
        text = sol.read_text(encoding="utf-8")
        assert "BEGIN SOLUTION" in text, f"{sol.name} has no solution block"
        assert "cxkit.check(" in text, f"{sol.name} checks no answer"


# -- working copies -------------------------------------------------------------------------------


def test_start_copies_the_exercise(course: Path):
    copy = start("99", root=course)
    path = copy.path
    assert path == course / "my-work" / "99-demo.ipynb"
    assert copy.backup is None  # nothing to back up the first time
    assert Path(copy) == path  # the result is path-like
    assert path.read_bytes() == (course / "exercises" / "99-demo.ipynb").read_bytes()
    assert start(99, root=course, force=True).path.exists()  # numbers as int work too


def test_start_refuses_to_overwrite_learner_work(course: Path):
    path = start("99", root=course).path
    path.write_text('{"my": "work"}', encoding="utf-8")
    with pytest.raises(CXWorkExistsError) as info:
        start("99", root=course)
    message = str(info.value)
    assert "my-work/99-demo.ipynb" in message
    assert "your own work" in message
    assert "--force" in message
    assert isinstance(info.value, FileExistsError)
    assert path.read_text(encoding="utf-8") == '{"my": "work"}'


def test_start_force_backs_up_first(course: Path):
    path = start("99", root=course).path
    path.write_text('{"edited": 1}', encoding="utf-8")
    made = start("99", root=course, force=True)
    backups = sorted((course / "my-work").glob("99-demo.backup-*.ipynb"))
    assert len(backups) == 1
    assert made.backup == backups[0]  # the return value names the backup it made
    assert re.fullmatch(r"99-demo\.backup-\d{8}-\d{6}\.ipynb", backups[0].name)
    assert backups[0].read_text(encoding="utf-8") == '{"edited": 1}'
    assert path.read_bytes() == (course / "exercises" / "99-demo.ipynb").read_bytes()
    path.write_text('{"edited": 2}', encoding="utf-8")
    start("99", root=course, force=True)  # a second backup in the same second gets its own name
    backups = sorted((course / "my-work").glob("99-demo.backup-*.ipynb"))
    assert sorted(b.read_text(encoding="utf-8") for b in backups) == ['{"edited": 1}', '{"edited": 2}']


def test_start_unknown_number_lists_exercises(course: Path):
    with pytest.raises(CXConfigError, match="99-demo"):
        start("42", root=course)


def test_cli_refusal_is_a_message_not_a_traceback(course: Path, monkeypatch, capsys):
    from cxkit import cli

    monkeypatch.chdir(course)
    monkeypatch.setattr("cxkit.course.exercises.repo_root", lambda root=None: course)
    assert cli.main(["exercises", "start", "99"]) == 0
    assert cli.main(["exercises", "start", "99"]) == 2
    assert "--force" in capsys.readouterr().err
    assert cli.main(["exercises", "build", "--check"]) == 0


def test_exercise_json_is_stable():
    """The committed exercise is sorted, indented JSON ending in a newline (nbformat's layout)."""
    for path in (REPO / "exercises").glob("*.ipynb"):
        text = path.read_text(encoding="utf-8")
        assert text.endswith("}\n")
        assert json.loads(text)["nbformat"] == 4
