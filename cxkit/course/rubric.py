"""Rubrics for open work: criteria and levels as data, self- and peer-assessment, a gradebook export.

A rubric (``cxkit/course/rubrics/<name>.yaml``) lists *criteria*; each criterion has *levels*,
from 0 up, each with a descriptor (what work at that level looks like) and feedback (what to do
next to reach the level above). Feedback teaches the move, never the answer: it says what a good
persona, map or reply *does*, and asks a question the learner can answer from the data; it never
quotes a model answer (a test compares every feedback with the solutions' model answers).

>>> from cxkit.course.rubric import load_rubric
>>> r = load_rubric("complaint-reply")
>>> [c.id for c in r.criteria]
['acknowledge', 'own', 'explain', 'fix', 'follow-up']
>>> r.max_score
10
>>> a = r.assess({"acknowledge": 2, "own": 2, "explain": 1, "fix": 2, "follow-up": 0})
>>> a.score, a.max_score
(7, 10)
>>> a.missing()
['explain', 'follow-up']

Three ways to score a task, all recorded in the kernel's :data:`RESULTS` for the gradebook:

- :func:`cxkit.check` on a number or transfer task records whether each check was correct;
- :func:`cxkit.check` on an artefact (``cxkit.check("03.persona", "my-work/lead.yaml")``) scores
  the criteria it can read from the file with the artefact's rubric;
- :class:`RubricForm`, a self- or peer-assessment widget, records the levels a person chose.

:func:`export_gradebook` writes every task of the course (scored or not) to a CSV with the columns
``learner, task, kind, score, max`` that a gradebook or an LMS imports (Moodle's and Canvas's
CSV grade import read one row per learner and item); a task not yet scored has an empty score.
"""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from cxkit._paths import read_yaml, write_learner_file
from cxkit.errors import CXConfigError, CXDataError
from cxkit.widgets.base import WidgetView, control

__all__ = [
    "COLUMNS",
    "RESULTS",
    "Assessment",
    "Criterion",
    "Level",
    "Rubric",
    "RubricForm",
    "export_gradebook",
    "gradebook",
    "load_rubric",
    "record",
    "rubric_names",
]

#: The gradebook's columns, in order.
COLUMNS: tuple[str, ...] = ("learner", "task", "kind", "score", "max")

_FOLDER = Path(__file__).with_name("rubrics")


@dataclass(frozen=True)
class Level:
    """One level of a criterion: its score, what work at that level looks like, what to do next."""

    score: int
    descriptor: str
    feedback: str


@dataclass(frozen=True)
class Criterion:
    """One criterion of a rubric: an id, a name, a question the assessor asks, and its levels."""

    id: str
    name: str
    question: str
    levels: tuple[Level, ...]

    @property
    def max_score(self) -> int:
        """The top level's score."""
        return max(level.score for level in self.levels)

    def level(self, score: int) -> Level:
        """Return the level with ``score``.

        Raises
        ------
        CXDataError
            No level has that score; the message names the criterion and the valid scores.
        """
        for level in self.levels:
            if level.score == score:
                return level
        raise CXDataError(
            f"Criterion {self.id!r} has no level {score!r}; its levels are "
            f"{', '.join(str(lv.score) for lv in self.levels)}."
        )


@dataclass(frozen=True)
class Rubric:
    """A rubric: a name, a title, what it assesses, and its criteria."""

    name: str
    title: str
    criteria: tuple[Criterion, ...]
    about: str = ""

    @property
    def max_score(self) -> int:
        """The sum of the criteria's top scores."""
        return sum(c.max_score for c in self.criteria)

    def criterion(self, criterion_id: str) -> Criterion:
        """Return the criterion ``criterion_id``.

        Raises
        ------
        CXDataError
            No such criterion (the message lists them).
        """
        for c in self.criteria:
            if c.id == criterion_id:
                return c
        raise CXDataError(
            f"The rubric {self.name!r} has no criterion {criterion_id!r}; its criteria are "
            f"{', '.join(c.id for c in self.criteria)}."
        )

    def assess(self, levels: Mapping[str, int], *, notes: Mapping[str, str] | None = None) -> Assessment:
        """Return the assessment for the chosen level of every criterion.

        Parameters
        ----------
        levels : mapping
            Criterion id -> the chosen level's score; every criterion must be given.
        notes : mapping, optional
            Criterion id -> what a checker found (shown before the criterion's feedback).

        Raises
        ------
        CXDataError
            A criterion missing or unknown, or a score that is not one of its levels.
        """
        unknown = set(levels) - {c.id for c in self.criteria}
        if unknown:
            self.criterion(sorted(unknown)[0])  # raises, naming the criteria
        missing = [c.id for c in self.criteria if c.id not in levels]
        if missing:
            raise CXDataError(
                f"The assessment with rubric {self.name!r} gives no level for {', '.join(missing)}; "
                "choose a level for every criterion."
            )
        chosen = {c.id: c.level(int(levels[c.id])) for c in self.criteria}
        return Assessment(self, chosen, dict(notes or {}))


@dataclass(frozen=True)
class Assessment:
    """The levels chosen for each criterion of a rubric, and the feedback that goes with them."""

    rubric: Rubric
    levels: dict[str, Level]
    notes: dict[str, str] = field(default_factory=dict)

    @property
    def score(self) -> int:
        """The sum of the chosen levels' scores."""
        return sum(level.score for level in self.levels.values())

    @property
    def max_score(self) -> int:
        """The rubric's maximum."""
        return self.rubric.max_score

    @property
    def complete(self) -> bool:
        """Every criterion at its top level."""
        return not self.missing()

    def missing(self) -> list[str]:
        """Return the criteria below their top level, in the rubric's order."""
        return [c.id for c in self.rubric.criteria if self.levels[c.id].score < c.max_score]

    def feedback(self) -> list[tuple[str, str]]:
        """``(criterion name, feedback)`` for each criterion below its top level, in order."""
        out = []
        for c in self.rubric.criteria:
            level = self.levels[c.id]
            if level.score < c.max_score:
                note = self.notes.get(c.id, "")
                out.append((c.name, f"{note} {level.feedback}".strip()))
        return out

    def __str__(self) -> str:
        """Return the score and the feedback per criterion, one line each."""
        lines = [f"{self.rubric.title}: {self.score} of {self.max_score}."]
        for c in self.rubric.criteria:
            level = self.levels[c.id]
            mark = "✔" if level.score == c.max_score else "✎"
            lines.append(f"{mark} {c.name} ({level.score}/{c.max_score}): {level.descriptor}")
        for name, text in self.feedback():
            lines.append(f"  Next for {name.lower()}: {text}")
        return "\n".join(lines)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        rows = []
        for c in self.rubric.criteria:
            level = self.levels[c.id]
            top = level.score == c.max_score
            mark = "✔" if top else "✎"
            advice = (
                ""
                if top
                else f"<br><i>Next:</i> {html.escape(self.notes.get(c.id, '') + ' ' + level.feedback)}"
            )
            rows.append(
                f"<tr><td>{mark} <b>{html.escape(c.name)}</b></td><td>{level.score}/{c.max_score}</td>"
                f"<td>{html.escape(level.descriptor)}{advice}</td></tr>"
            )
        return (
            f'<div role="status"><b>{html.escape(self.rubric.title)}</b>: {self.score} of {self.max_score}'
            f'<table style="text-align:left">{"".join(rows)}</table></div>'
        )


def rubric_names() -> list[str]:
    """Return the rubrics shipped with cxkit (``cxkit/course/rubrics/*.yaml``)."""
    return sorted(p.stem for p in _FOLDER.glob("*.yaml"))


def _text(raw: Any, key: str, where: str) -> str:
    value = raw.get(key) if isinstance(raw, dict) else None
    if not isinstance(value, str) or not value.strip():
        raise CXConfigError(f"{where}: the field {key!r} is missing or empty.")
    return " ".join(value.split())


@cache
def load_rubric(name: str) -> Rubric:
    """Return the rubric ``name`` (``cxkit/course/rubrics/<name>.yaml``), checked.

    Raises
    ------
    CXConfigError
        No such rubric (the message lists them), or a criterion without levels, levels that do not
        run 0, 1, 2... in order, or an empty descriptor or feedback (the message names them).
    """
    path = _FOLDER / f"{name}.yaml"
    if not path.is_file():
        raise CXConfigError(f"There is no rubric {name!r}. The rubrics are: {', '.join(rubric_names())}.")
    raw = read_yaml(path, expected="a rubric")
    where = f"rubric {path.name}"
    criteria = []
    for i, rc in enumerate(raw.get("criteria") or [] if isinstance(raw, dict) else []):
        cwhere = f"{where}, criterion {i + 1}"
        levels = []
        for j, rl in enumerate(rc.get("levels") or []):
            lwhere = f"{cwhere}, level {j + 1}"
            if rl.get("score") != j:
                raise CXConfigError(f"{lwhere}: score {rl.get('score')!r}; levels run 0, 1, 2... in order.")
            levels.append(Level(j, _text(rl, "descriptor", lwhere), _text(rl, "feedback", lwhere)))
        if len(levels) < 2:
            raise CXConfigError(f"{cwhere}: a criterion needs at least two levels (0 and 1).")
        criteria.append(
            Criterion(
                _text(rc, "id", cwhere),
                _text(rc, "name", cwhere),
                _text(rc, "question", cwhere),
                tuple(levels),
            )
        )
    if not criteria:
        raise CXConfigError(f"{where}: no criteria.")
    return Rubric(
        name=name,
        title=_text(raw, "title", where),
        criteria=tuple(criteria),
        about=str(raw.get("about", "")).strip(),
    )


# ---------------------------------------------------------------------------------------------
# Results and the gradebook
# ---------------------------------------------------------------------------------------------

#: The results recorded in this kernel: task id -> (score, max). Filled by :func:`record`.
RESULTS: dict[str, tuple[float, int]] = {}

#: The correct checks in this kernel: check id -> bool (filled by :func:`cxkit.check`).
CHECKS: dict[str, bool] = {}


def record(task_id: str, score: float, max_score: int) -> None:
    """Record a task's score (the last one recorded wins).

    Raises
    ------
    CXDataError
        A score below 0 or above ``max_score``.
    """
    if not 0 <= score <= max_score:
        raise CXDataError(f"Task {task_id}: score {score!r} is not between 0 and its maximum {max_score}.")
    RESULTS[task_id] = (score, max_score)


def record_check(check_id: str, correct: bool) -> None:
    """Remember whether the last answer to ``check_id`` was correct (called by :func:`cxkit.check`)."""
    CHECKS[check_id] = correct


def gradebook(
    learner: str,
    *,
    modules: Iterable[str] | None = None,
    results: Mapping[str, tuple[float, int]] | None = None,
    checks: Mapping[str, bool] | None = None,
    root: str | Path | None = None,
) -> list[dict[str, Any]]:
    """Return one row per task of the course: ``learner, task, kind, score, max``.

    A rubric task's score is its recorded assessment; a checked task's score is the number of its
    checks answered correctly, or its recorded score; a task neither checked nor recorded has an
    empty score (``None``), which gradebooks read as "not submitted". Reading-checks without checks
    are left out (nothing to grade).

    Parameters
    ----------
    learner : str
        The learner's name or id as the LMS knows them (not empty).
    modules : iterable of str, optional
        The modules to include (default: every module of ``solutions/tasks.yaml``).
    results, checks : mapping, optional
        Default: what this kernel recorded (:data:`RESULTS`, :data:`CHECKS`).

    Raises
    ------
    CXDataError
        An empty learner name.
    """
    from cxkit.course.tasks import load_table, tasks

    if not str(learner).strip():
        raise CXDataError("The gradebook needs the learner's name or id (as the LMS knows them); got ''.")
    results = RESULTS if results is None else results
    checks = CHECKS if checks is None else checks
    rows: list[dict[str, Any]] = []
    for module in modules or sorted(load_table(root)):
        for t in tasks(module, root=root):
            max_score = t.max_score
            if max_score == 0:
                continue
            score: float | None = None
            if t.id in results:
                score = results[t.id][0]
            elif any(c in results for c in t.checks):
                score = sum(results[c][0] for c in t.checks if c in results)
            elif not t.rubric and any(c in checks for c in t.checks):
                score = sum(1 for c in t.checks if checks.get(c))
            rows.append(
                {
                    "learner": str(learner).strip(),
                    "task": t.id,
                    "kind": t.kind,
                    "score": score,
                    "max": max_score,
                }
            )
    return rows


def export_gradebook(
    path: str | Path,
    learner: str,
    *,
    modules: Iterable[str] | None = None,
    results: Mapping[str, tuple[float, int]] | None = None,
    checks: Mapping[str, bool] | None = None,
    root: str | Path | None = None,
) -> Path:
    """Write :func:`gradebook` to a CSV (UTF-8, comma, header ``learner,task,kind,score,max``).

    An existing file with other content is first backed up beside it (never overwritten).
    Returns the path written.
    """
    rows = gradebook(learner, modules=modules, results=results, checks=checks, root=root)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(COLUMNS), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({**row, "score": "" if row["score"] is None else _plain(row["score"])})
    written, _ = write_learner_file(path, buffer.getvalue(), what="gradebook")
    return written


def _plain(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


# ---------------------------------------------------------------------------------------------
# The self- and peer-assessment widget
# ---------------------------------------------------------------------------------------------


class RubricForm(WidgetView):
    """Self- or peer-assessment of one task with a rubric: one row of level buttons per criterion.

    The assessor reads each criterion's question, chooses the level whose descriptor fits the work,
    and presses "Show the feedback": the score and, for each criterion below its top level, what to
    do next. The result is recorded for :func:`export_gradebook`.

    Parameters
    ----------
    rubric : str or Rubric
        The rubric (a name of :func:`rubric_names`).
    task : str, optional
        The task it scores (``"06.t8"``); its result is recorded under this id.
    assessor : {"self", "peer"}
        Who assesses: the wording of the form follows.

    >>> form = RubricForm("complaint-reply", task="06.t8", assessor="peer")
    >>> form.set(acknowledge=2, own=1)
    >>> form.missing
    ['explain', 'fix', 'follow-up']
    """

    def __init__(self, rubric: str | Rubric, *, task: str | None = None, assessor: str = "self") -> None:
        if assessor not in ("self", "peer"):
            raise CXDataError(f"assessor {assessor!r} is not one of 'self', 'peer'.")
        self.rubric = load_rubric(rubric) if isinstance(rubric, str) else rubric
        self.task = task
        self.assessor = assessor
        self.levels: dict[str, int | None] = {c.id: None for c in self.rubric.criteria}

    @property
    def missing(self) -> list[str]:
        """The criteria without a chosen level yet."""
        return [k for k, v in self.levels.items() if v is None]

    def set(self, **levels: int) -> None:
        """Choose levels by criterion id (``form.set(acknowledge=2)``; ids with ``-`` via a dict)."""
        for key, value in levels.items():
            crit = self.rubric.criterion(key.replace("_", "-") if key not in self.levels else key)
            crit.level(value)
            self.levels[crit.id] = value
        self._sync_widgets()

    def assessment(self) -> Assessment:
        """Return the assessment and record it under the task's id.

        Raises
        ------
        CXDataError
            A criterion without a level (the message names it).
        """
        if self.missing:
            raise CXDataError(f"Choose a level for {', '.join(self.missing)} first.")
        result = self.rubric.assess({k: int(v) for k, v in self.levels.items() if v is not None})
        if self.task:
            record(self.task, result.score, result.max_score)
        return result

    def _build(self) -> dict[str, Any]:
        import ipywidgets as w

        who = "your own work" if self.assessor == "self" else "your partner's work"
        buttons = {}
        rows = [
            w.HTML(
                f"<b>{html.escape(self.rubric.title)}</b>: "
                f"for each criterion, choose the level that fits {who}."
            )
        ]
        for c in self.rubric.criteria:
            b = w.ToggleButtons(
                options=[(f"{lv.score}", lv.score) for lv in c.levels],
                value=self.levels[c.id],
                tooltips=[lv.descriptor for lv in c.levels],
                style={"button_width": "44px"},
            )
            buttons[c.id] = b
            described = "<br>".join(f"<b>{lv.score}</b>: {html.escape(lv.descriptor)}" for lv in c.levels)
            rows.append(
                w.HTML(
                    f"<b>{html.escape(c.name)}</b>. {html.escape(c.question)}<br><small>{described}</small>"
                )
            )
            rows.append(b)
        show = w.Button(description="Show the feedback", layout=w.Layout(width="200px"))
        out = w.HTML()
        self._on_each_change(buttons, lambda key, value: self.levels.__setitem__(key, value))

        def on_show(_b: Any) -> None:
            try:
                out.value = self.assessment()._repr_html_()
            except CXDataError as exc:
                out.value = f'<p role="alert">{html.escape(str(exc))}</p>'

        show.on_click(on_show)
        return {"buttons": buttons, "show": show, "out": out, "box": w.VBox([*rows, show, out])}

    buttons = control("buttons", "The level buttons, one per criterion (building the widget if needed).")

    def _push(self, ui: dict[str, Any]) -> None:
        for key, b in ui["buttons"].items():
            b.value = self.levels[key]

    def __repr__(self) -> str:
        """Return the form's rubric and progress."""
        done = len(self.levels) - len(self.missing)
        return f"RubricForm({self.rubric.name!r}, {done} of {len(self.levels)} criteria chosen)"


def words(text: str) -> list[str]:
    """Lower-case words of ``text`` (letters, digits and apostrophes), for comparing texts."""
    return re.findall(r"[a-z0-9']+", text.lower())
