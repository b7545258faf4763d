"""The tasks of each exercise and their kind: ``cxkit.course.tasks("03")``.

One source of truth, ``solutions/tasks.yaml``, says what *kind* of work each task of an exercise
is and how it is scored; the task's words stay in its solution notebook (the heading
``## Task N: title``), which :func:`tasks` reads for the title. Instructors see the mix of a
module at a glance; the tests check that every exercise 01-11 asks for at least one artefact or
transfer task, and that nothing a task expects is already on screen in its module (unless the
task is a ``reading-check``).

The kinds
---------
``number``         a value computed with the module's method on a slice the module did not show;
                   checked by :func:`cxkit.check` against the question registry
``transfer``       the module's idea applied to a new situation (a new case, a new method step);
                   checked like a number, or by reading a pattern and choosing
``artefact``       a piece of CX work saved in ``my-work/`` (a persona, a map, a blueprint, an
                   inventory, a reply, a case); checked by :mod:`cxkit.course.artefacts` and scored
                   with a rubric (:mod:`cxkit.course.rubric`)
``written``        an argued answer in the notebook, self- or peer-assessed with a rubric
``reading-check``  the learner re-does what the module showed, to check they can read it; its
                   answer may be on screen in the module

Each entry of ``solutions/tasks.yaml``::

    "03":
      - kind: number            # task 1 (entries are in the order of the notebook's tasks)
        checks: ["03.q1"]       # the cxkit.check ids the task calls
      - kind: artefact
        checks: ["03.persona"]
        rubric: persona         # cxkit/course/rubrics/persona.yaml

A task's score: for a checked task, the number of its checks answered correctly (out of
``len(checks)``); for a rubric task, the rubric's total (out of the rubric's maximum).

>>> from cxkit.course.tasks import tasks
>>> [t.kind for t in tasks("00")]
['number', 'number', 'number', 'written']
>>> tasks("00")[0].title, tasks("00")[0].max_score
('how many customers?', 1)
"""

from __future__ import annotations

import re
import sys
import types
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cxkit._paths import read_yaml, repo_root
from cxkit.errors import CXConfigError

__all__ = ["KINDS", "Task", "case", "load_table", "task", "tasks"]

#: The kinds of task, in the order an instructor reads a module's mix.
KINDS: tuple[str, ...] = ("number", "transfer", "artefact", "written", "reading-check")

_HEADING = re.compile(r"^##\s+Task\s+(\d+):\s*(.+?)\s*$", re.MULTILINE)
_FIELDS = {"kind", "checks", "rubric"}


@dataclass(frozen=True)
class Task:
    """One task of an exercise.

    Attributes
    ----------
    module : str
        ``"03"``.
    number : int
        The task's number in the notebook (``## Task 2: ...``).
    title : str
        The heading's words after ``Task N:``.
    kind : str
        One of :data:`KINDS`.
    checks : tuple of str
        The ids the task passes to :func:`cxkit.check` (questions or artefacts).
    rubric : str or None
        The rubric scoring the task (``cxkit/course/rubrics/<rubric>.yaml``).
    """

    module: str
    number: int
    title: str
    kind: str
    checks: tuple[str, ...] = ()
    rubric: str | None = None

    @property
    def id(self) -> str:
        """``"03.t2"``: module and task number."""
        return f"{self.module}.t{self.number}"

    @property
    def max_score(self) -> int:
        """The most the task can score: its rubric's maximum, else one point per check."""
        if self.rubric:
            return _rubric_max(self.rubric)
        return len(self.checks)


def _rubric_max(name: str) -> int:
    """Return a rubric's maximum: the sum of its criteria's top levels (levels run 0, 1, 2...).

    Read from ``cxkit/course/rubrics/<name>.yaml`` directly (:mod:`cxkit.course.rubric` checks the
    file and imports this module for the gradebook, so importing it here would be a cycle).
    """
    path = Path(__file__).with_name("rubrics") / f"{name}.yaml"
    if not path.is_file():
        raise CXConfigError(f"There is no rubric {name!r} (cxkit/course/rubrics/{name}.yaml).")
    raw = read_yaml(path, expected="a rubric")
    return sum(len(c.get("levels") or []) - 1 for c in raw.get("criteria") or [])


def _table_path(root: str | Path | None) -> Path:
    return repo_root(root) / "solutions" / "tasks.yaml"


def load_table(root: str | Path | None = None) -> dict[str, list[dict[str, Any]]]:
    """Return ``solutions/tasks.yaml`` checked: module -> list of task entries.

    Raises
    ------
    CXConfigError
        A module key that is not two digits, an entry with an unknown field or kind, or a check id
        that is not a string; the message names the module and the task.
    """
    path = _table_path(root)
    if not path.is_file():
        raise CXConfigError(f"There is no task table {path}: it lists each exercise's tasks and kinds.")
    raw = read_yaml(path, expected="the task table")
    if not isinstance(raw, dict):
        raise CXConfigError(f"{path.name}: expected a mapping of module numbers ('03') to task lists.")
    table: dict[str, list[dict[str, Any]]] = {}
    for module, entries in raw.items():
        key = str(module)
        if not re.fullmatch(r"\d{2}", key):
            raise CXConfigError(f"{path.name}: module key {module!r} is not two digits such as '03'.")
        if not isinstance(entries, list):
            raise CXConfigError(f"{path.name}, module {key}: expected a list of tasks, got {entries!r}.")
        for n, entry in enumerate(entries, start=1):
            where = f"{path.name}, module {key}, task {n}"
            if not isinstance(entry, dict) or "kind" not in entry:
                raise CXConfigError(f"{where}: expected a mapping with a 'kind', got {entry!r}.")
            unknown = set(entry) - _FIELDS
            if unknown:
                raise CXConfigError(
                    f"{where}: unknown field(s) {', '.join(sorted(unknown))}; "
                    f"the fields are {', '.join(sorted(_FIELDS))}."
                )
            if entry["kind"] not in KINDS:
                raise CXConfigError(f"{where}: kind {entry['kind']!r} is not one of {', '.join(KINDS)}.")
            checks = entry.get("checks", [])
            if not isinstance(checks, list) or not all(isinstance(c, str) for c in checks):
                raise CXConfigError(
                    f"{where}: checks must be a list of ids such as ['03.q1'], got {checks!r}."
                )
            if not checks and not entry.get("rubric") and entry["kind"] != "reading-check":
                raise CXConfigError(
                    f"{where}: a {entry['kind']} task needs checks or a rubric, or it cannot be scored "
                    "(only a reading-check may have neither)."
                )
        table[key] = entries
    return table


def _solution(module: str, root: str | Path | None) -> Path:
    found = sorted((repo_root(root) / "solutions").glob(f"{module}-*.ipynb"))
    if not found:
        raise CXConfigError(f"There is no solution notebook solutions/{module}-*.ipynb.")
    return found[0]


def _headings(module: str, root: str | Path | None) -> list[tuple[int, str]]:
    import nbformat

    nb = nbformat.read(_solution(module, root), as_version=4)
    found: list[tuple[int, str]] = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            found.extend((int(n), title) for n, title in _HEADING.findall(cell.source))
    return found


def tasks(module: str | int, *, root: str | Path | None = None) -> list[Task]:
    """Return the tasks of exercise ``module`` with their kind, checks and rubric.

    Parameters
    ----------
    module : str or int
        ``"03"``, ``"3"`` or ``3``.
    root : path, optional
        The course folder (default: the one found by :func:`cxkit._paths.repo_root`).

    Raises
    ------
    CXConfigError
        No such module in the table, or the table and the notebook's ``## Task N:`` headings
        disagree (a task missing on one side, numbers out of order).
    """
    text = str(module).strip()
    nn = text.zfill(2) if text.isdigit() else text[:2]
    table = load_table(root)
    if nn not in table:
        raise CXConfigError(
            f"The task table has no module {text!r}. Its modules are: {', '.join(sorted(table))}."
        )
    entries = table[nn]
    headings = _headings(nn, root)
    numbers = [n for n, _ in headings]
    if numbers != list(range(1, len(entries) + 1)):
        raise CXConfigError(
            f"solutions/tasks.yaml lists {len(entries)} task(s) for module {nn}, but its solution "
            f"notebook has the task headings {numbers}; expected 'Task 1' to 'Task {len(entries)}' in order."
        )
    return [
        Task(
            module=nn,
            number=n,
            title=title,
            kind=entry["kind"],
            checks=tuple(entry.get("checks", [])),
            rubric=entry.get("rubric"),
        )
        for (n, title), entry in zip(headings, entries, strict=True)
    ]


def task(task_id: str, *, root: str | Path | None = None) -> Task:
    """Return one task by its id, ``"03.t2"``.

    Raises
    ------
    CXConfigError
        The id is not ``NN.tK`` or names no task.
    """
    m = re.fullmatch(r"(\d{2})\.t(\d+)", task_id.strip())
    if not m:
        raise CXConfigError(f"Task id {task_id!r} is not of the form 'NN.tK', such as '03.t2'.")
    found = [t for t in tasks(m.group(1), root=root) if t.number == int(m.group(2))]
    if not found:
        raise CXConfigError(f"Exercise {m.group(1)} has no task {m.group(2)}.")
    return found[0]


def case(name: str) -> dict[str, Any]:
    """Return the new situation of a transfer task (``cxkit/course/cases.yaml``), e.g. ``"07.survey-plan"``.

    The exercise reads its case here and the question registry computes the expected answer from
    the same case, so the two never drift.

    Raises
    ------
    CXConfigError
        No such case (the message lists them).

    >>> case("07.survey-plan")["icc"]
    0.12
    """
    cases = read_yaml(Path(__file__).with_name("cases.yaml"), expected="the transfer cases")
    if name not in cases:
        raise CXConfigError(f"There is no case {name!r}; the cases are {', '.join(sorted(cases))}.")
    return dict(cases[name])


class _CallableModule(types.ModuleType):
    """Make the module callable: ``cxkit.course.tasks("03")`` is :func:`tasks`, as the course documents it."""

    def __call__(self, module: str | int, *, root: str | Path | None = None) -> list[Task]:
        return tasks(module, root=root)


sys.modules[__name__].__class__ = _CallableModule
