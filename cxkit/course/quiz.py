"""Knowledge-check quizzes from YAML question banks: ``quiz.show("00", n=2)``.

Question banks
--------------
A module's bank is ``modules/quizzes/NN-slug.yaml``: a YAML list of questions (or a mapping
with an optional ``title`` and the list under ``questions``). Each question has:

``id``           short unique name within the bank (``where-exercises``)
``type``         ``single`` (one correct option), ``multiple`` (one or more) or ``numeric``
``prompt``       the question (Markdown-ish: ```code``` is shown as code)
``options``      choice types: a list of ``{text, correct: true/false, feedback}``; ``feedback``
                 (optional) is shown when the learner picks that option
``answer``       numeric: a number, or the id of a registered exercise question in quotes
                 (``"00.q1"``) so the answer is computed from the course data
``tolerance``    numeric, optional: accepted absolute distance from the answer (default 0, or
                 the registered question's tolerance)
``explanation``  why the answer is right, shown after submitting

Example::

    - id: journey-log
      type: single
      prompt: Which table holds the journey event log?
      options:
        - {text: events, correct: true, feedback: "Yes: one row per event, grouped into journeys."}
        - {text: orders, correct: false, feedback: "Orders are purchases, not every step."}
      explanation: The events table records every step of every journey (case_id).
    - id: n-customers
      type: numeric
      prompt: How many customers does the company have?
      answer: "00.q1"
      explanation: One row per customer in customers.csv.

A bank is validated when it is loaded: the ids are unique, the required fields are present, a
``single`` question has exactly one correct option and a ``multiple`` one at least one; any
problem raises :class:`~cxkit.errors.CXConfigError` naming the file, the question and the fix.

Using a quiz
------------
The plain-Python core, :class:`Quiz`, is what tests drive::

    q = Quiz.from_yaml("00", n=2, seed=1)   # a module number or a path; n: a random subset
    q.answer("journey-log", "events")       # option text or index; a list for multiple; a number
    q.score()                               # (correct, total)
    q.feedback("journey-log")               # verdict, feedback of the chosen options, explanation

:func:`show` wraps it in an ipywidgets form (radio buttons, check boxes or a number box per
question, a Submit button, a score and the explanations). Answers are kept in a module-level
store keyed by bank and question, so re-running the cell restores them. ``group=True`` is for
workshops: learners submit, and the explanations stay hidden until the instructor presses
"Reveal answers".
"""

from __future__ import annotations

import html
import math
import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cxkit.errors import CXConfigError

__all__ = ["Option", "QuizQuestion", "Quiz", "load_bank", "bank_path", "validate_all", "show", "TYPES"]

#: The question types of a bank.
TYPES: tuple[str, ...] = ("single", "multiple", "numeric")
_FIELDS = {"id", "type", "prompt", "options", "answer", "tolerance", "explanation"}
_OPTION_FIELDS = {"text", "correct", "feedback"}

# Answers survive re-running a cell: (bank key, question id) -> the answer given.
_STORE: dict[tuple[str, str], Any] = {}


@dataclass(frozen=True)
class Option:
    """One option of a choice question."""

    text: str
    correct: bool
    feedback: str = ""


@dataclass(frozen=True)
class QuizQuestion:
    """One question of a bank (see the module docstring for the fields)."""

    id: str
    type: str
    prompt: str
    explanation: str
    options: tuple[Option, ...] = ()
    answer: float | str | None = None
    tolerance: float | None = None

    def expected_number(self) -> float:
        """The numeric answer; computed from the data when ``answer`` names a registered question."""
        if isinstance(self.answer, str):
            from cxkit.course import answers

            return float(answers.expected(self.answer))
        return float(self.answer)  # type: ignore[arg-type]

    def numeric_tolerance(self) -> float:
        """The accepted absolute distance from the numeric answer."""
        if self.tolerance is not None:
            return self.tolerance
        if isinstance(self.answer, str):
            from cxkit.course import answers

            q = answers.get(self.answer)
            return max(q.abs_tol, q.rel_tol * abs(self.expected_number()))
        return 0.0

    def correct_indices(self) -> set[int]:
        return {i for i, o in enumerate(self.options) if o.correct}


# ---------------------------------------------------------------------------------------------
# Loading and validating banks
# ---------------------------------------------------------------------------------------------


def bank_path(module_or_path: str | int | Path, root: str | Path | None = None) -> Path:
    """The bank file: a path as given, or ``modules/quizzes/NN-*.yaml`` for a module number."""
    text = str(module_or_path)
    if isinstance(module_or_path, Path) or text.endswith((".yaml", ".yml")) or "/" in text:
        path = Path(module_or_path)
        if not path.exists():
            raise CXConfigError(f"There is no quiz bank file {text}.")
        return path
    from cxkit._paths import repo_root

    folder = repo_root(root) / "modules" / "quizzes"
    nn = text.split("-", 1)[0].zfill(2) if text.split("-", 1)[0].isdigit() else text
    found = sorted(folder.glob(f"{nn}-*.yaml"))
    if not found:
        banks = ", ".join(p.stem for p in sorted(folder.glob("*.yaml"))) or "(none)"
        raise CXConfigError(f"There is no quiz bank for module {text!r}. The banks are: {banks}.")
    return found[0]


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _parse_question(raw: Any, index: int, name: str) -> QuizQuestion:
    def fail(problem: str) -> CXConfigError:
        qid = raw.get("id") if isinstance(raw, dict) else None
        who = f"question {qid!r}" if qid else f"question number {index + 1}"
        return CXConfigError(f"{name}, {who}: {problem}")

    if not isinstance(raw, dict):
        raise fail("each question must be a mapping with id, type, prompt, ... fields.")
    unknown = set(raw) - _FIELDS
    if unknown:
        raise fail(f"unknown field(s) {', '.join(sorted(unknown))}; the fields are {', '.join(sorted(_FIELDS))}.")
    for key in ("id", "type", "prompt", "explanation"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise fail(f"the field {key!r} is missing or empty; every question needs id, type, prompt, explanation.")
    qtype = raw["type"]
    if qtype not in TYPES:
        raise fail(f"type {qtype!r} is not one of {', '.join(TYPES)}.")
    options: list[Option] = []
    answer: float | str | None = None
    tolerance: float | None = None
    if qtype in ("single", "multiple"):
        if "answer" in raw or "tolerance" in raw:
            raise fail("answer/tolerance are for numeric questions; mark the right options with correct: true.")
        raw_options = raw.get("options")
        if not isinstance(raw_options, list) or len(raw_options) < 2:
            raise fail("a choice question needs a list of at least two options.")
        for j, opt in enumerate(raw_options):
            if not isinstance(opt, dict) or not isinstance(opt.get("text"), str) or not opt["text"].strip():
                raise fail(f"option {j + 1} needs a non-empty text.")
            if set(opt) - _OPTION_FIELDS:
                raise fail(f"option {j + 1} has unknown field(s) {', '.join(sorted(set(opt) - _OPTION_FIELDS))}.")
            if not isinstance(opt.get("correct"), bool):
                raise fail(f"option {j + 1} ({opt['text']!r}) needs correct: true or correct: false.")
            options.append(Option(opt["text"], opt["correct"], str(opt.get("feedback") or "")))
        if len({o.text for o in options}) != len(options):
            raise fail("two options have the same text.")
        n_correct = sum(o.correct for o in options)
        if qtype == "single" and n_correct != 1:
            raise fail(f"a single-choice question needs exactly one option with correct: true; found {n_correct}.")
        if qtype == "multiple" and n_correct < 1:
            raise fail("a multiple-choice question needs at least one option with correct: true; found none.")
    else:
        if "options" in raw:
            raise fail("a numeric question has no options; give answer (and tolerance).")
        answer = raw.get("answer")
        if isinstance(answer, str):
            from cxkit.course import answers

            if answer not in answers.ids():
                raise fail(f"answer {answer!r} is neither a number nor a registered question id ({', '.join(answers.ids())}).")
        elif not _number(answer):
            raise fail("a numeric question needs answer: a number, or a registered question id such as '00.q1'.")
        if "tolerance" in raw:
            tolerance = raw["tolerance"]
            if not _number(tolerance) or tolerance < 0:
                raise fail("tolerance must be a number of zero or more.")
            tolerance = float(tolerance)
    return QuizQuestion(
        id=raw["id"].strip(),
        type=qtype,
        prompt=raw["prompt"].strip(),
        explanation=raw["explanation"].strip(),
        options=tuple(options),
        answer=float(answer) if _number(answer) else answer,
        tolerance=tolerance,
    )


def _shown(path: Path) -> str:
    """The path relative to the course repository (or the working directory) when possible."""
    from cxkit._paths import repo_root

    bases = [Path.cwd()]
    try:
        bases.insert(0, repo_root())
    except CXConfigError:
        pass
    for base in bases:
        try:
            return path.resolve().relative_to(base.resolve()).as_posix()
        except ValueError:
            continue
    return path.as_posix()


def load_bank(path: str | Path) -> tuple[str, list[QuizQuestion]]:
    """Read and validate a bank file; return its title and its questions.

    Raises
    ------
    CXConfigError
        On any problem, naming the file, the question and what to fix.
    """
    import yaml

    path = Path(path)
    name = _shown(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        raise CXConfigError(f"{name}: not valid YAML: {err}") from None
    title = path.stem
    if isinstance(data, dict):
        title = str(data.get("title") or title)
        data = data.get("questions")
    if not isinstance(data, list) or not data:
        raise CXConfigError(f"{name}: a bank is a non-empty list of questions (or a mapping with questions:).")
    questions = [_parse_question(raw, i, name) for i, raw in enumerate(data)]
    seen: set[str] = set()
    for q in questions:
        if q.id in seen:
            raise CXConfigError(f"{name}, question {q.id!r}: the id is used twice; ids must be unique in a bank.")
        seen.add(q.id)
    return title, questions


# ---------------------------------------------------------------------------------------------
# The plain-Python quiz
# ---------------------------------------------------------------------------------------------


@dataclass
class Quiz:
    """A set of questions from a bank, with the learner's answers.

    Use :meth:`from_yaml` to make one. Answers are stored in a module-level store keyed by
    ``(key, question id)``, so a new ``Quiz`` on the same bank sees the answers already given.
    """

    questions: list[QuizQuestion]
    key: str
    title: str = "Knowledge check"
    _by_id: dict[str, QuizQuestion] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._by_id = {q.id: q for q in self.questions}

    @classmethod
    def from_yaml(
        cls,
        source: str | int | Path,
        n: int | None = None,
        seed: int | None = None,
        root: str | Path | None = None,
    ) -> Quiz:
        """Load a bank and keep all its questions, or a random subset of ``n`` (for a retake).

        Parameters
        ----------
        source : str, int or Path
            A module number (``"00"``, ``0``) or a bank file path.
        n : int, optional
            How many questions to draw; ``None`` keeps them all (in bank order).
        seed : int, optional
            Seed of the draw: the same seed gives the same questions. ``None`` draws anew.
        root : path, optional
            The course repository, for module numbers (default: found automatically).
        """
        path = bank_path(source, root)
        title, questions = load_bank(path)
        if n is not None:
            if not 1 <= n <= len(questions):
                raise CXConfigError(f"{_shown(path)}: n must be between 1 and {len(questions)}; got {n}.")
            chosen = set(random.Random(seed).sample(range(len(questions)), n))
            questions = [q for i, q in enumerate(questions) if i in chosen]
        return cls(questions=questions, key=str(path.resolve()), title=title)

    def question(self, qid: str) -> QuizQuestion:
        """The question ``qid`` of this quiz."""
        try:
            return self._by_id[qid]
        except KeyError:
            raise CXConfigError(
                f"This quiz has no question {qid!r}; its questions are {', '.join(self._by_id)}."
            ) from None

    def _normalise(self, q: QuizQuestion, value: Any) -> Any:
        def index_of(v: Any) -> int:
            if isinstance(v, int) and not isinstance(v, bool) and 0 <= v < len(q.options):
                return v
            for i, o in enumerate(q.options):
                if isinstance(v, str) and v.strip() == o.text:
                    return i
            raise CXConfigError(f"Question {q.id!r} has no option {v!r}; the options are "
                                + "; ".join(o.text for o in q.options) + ".")

        if value is None:
            return None
        if q.type == "single":
            return index_of(value)
        if q.type == "multiple":
            values = [value] if isinstance(value, (str, int)) else list(value)
            return tuple(sorted({index_of(v) for v in values}))
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise CXConfigError(f"Question {q.id!r} wants a number; got {value!r}.") from None
        return number

    def answer(self, qid: str, value: Any) -> None:
        """Record an answer: an option text or index (``single``), a list of them (``multiple``),
        a number (``numeric``); ``None`` clears it."""
        q = self.question(qid)
        norm = self._normalise(q, value)
        if norm is None or norm == ():
            _STORE.pop((self.key, qid), None)
        else:
            _STORE[(self.key, qid)] = norm

    def given(self, qid: str) -> Any:
        """The stored answer (option index, tuple of indices, or number), or ``None``."""
        self.question(qid)
        return _STORE.get((self.key, qid))

    def is_correct(self, qid: str) -> bool | None:
        """Whether the stored answer is right; ``None`` if unanswered."""
        q = self.question(qid)
        given = self.given(qid)
        if given is None:
            return None
        if q.type == "single":
            return given in q.correct_indices()
        if q.type == "multiple":
            return set(given) == q.correct_indices()
        return abs(float(given) - q.expected_number()) <= q.numeric_tolerance() + 1e-9

    def score(self) -> tuple[int, int]:
        """``(correct, total)`` over the questions of this quiz."""
        return sum(bool(self.is_correct(q.id)) for q in self.questions), len(self.questions)

    def feedback(self, qid: str) -> str:
        """Plain-text feedback: the verdict, the feedback of the chosen options, the explanation."""
        q = self.question(qid)
        verdict = self.is_correct(qid)
        if verdict is None:
            return "Not answered yet."
        parts = ["Correct." if verdict else "Not quite."]
        given = self.given(qid)
        if q.type in ("single", "multiple"):
            chosen = [given] if q.type == "single" else list(given)
            parts += [q.options[i].feedback for i in chosen if q.options[i].feedback]
            if q.type == "multiple" and not verdict:
                parts.append(f"There are {len(q.correct_indices())} correct option(s).")
        parts.append(q.explanation)
        return " ".join(parts)

    def reset(self) -> None:
        """Forget every answer to this quiz's questions."""
        for q in self.questions:
            _STORE.pop((self.key, q.id), None)


# ---------------------------------------------------------------------------------------------
# The widget
# ---------------------------------------------------------------------------------------------


def _label(text: str) -> str:
    """Option text for a widget label, which shows plain text: Markdown code marks are dropped."""
    return text.replace("`", "")


def _md(text: str) -> str:
    """Escape text for HTML, showing `backticks` as code."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(text))


def _feedback_html(quiz: Quiz, q: QuizQuestion) -> str:
    verdict = quiz.is_correct(q.id)
    icon, colour = {True: ("✔", "#009E73"), False: ("✘", "#D55E00"), None: ("✎", "#555555")}[verdict]
    return (
        f'<div style="border-left:5px solid {colour};padding:2px 8px">'
        f'<span aria-hidden="true" style="color:{colour};font-weight:bold">{icon}</span> '
        f"{_md(quiz.feedback(q.id))}</div>"
    )


def show(
    module_or_path: str | int | Path,
    n: int | None = None,
    group: bool = False,
    seed: int | None = None,
    root: str | Path | None = None,
) -> Any:
    """A quiz form in the notebook: one input per question, Submit, score and explanations.

    Parameters
    ----------
    module_or_path : str, int or Path
        A module number (``"00"``) or a bank file.
    n : int, optional
        Show a random subset of ``n`` questions (see :meth:`Quiz.from_yaml`).
    group : bool
        Workshop mode: answers are recorded on Submit, but the score and explanations stay hidden
        until someone presses "Reveal answers".
    seed : int, optional
        Seed of the random subset.
    root : path, optional
        The course repository, for module numbers.

    Returns
    -------
    ipywidgets.VBox
        The form. For tests and scripting it carries ``quiz`` (the :class:`Quiz`), ``inputs``
        (question id -> input widget), ``submit_button``, ``reveal_button`` (group mode, else
        ``None``), ``score_label`` and ``feedback`` (question id -> HTML widget).
    """
    import ipywidgets as widgets

    quiz = Quiz.from_yaml(module_or_path, n=n, seed=seed, root=root)
    inputs: dict[str, Any] = {}
    touched: set[str] = set()  # numeric boxes start at 0: only a changed box counts as answered
    feedback: dict[str, Any] = {}
    rows: list[Any] = [widgets.HTML(f"<h3>{_md(quiz.title)}</h3>")]
    for number, q in enumerate(quiz.questions, start=1):
        given = quiz.given(q.id)
        prompt = widgets.HTML(f"<p><strong>{number}.</strong> {_md(q.prompt)}</p>")
        if q.type == "single":
            box: Any = widgets.RadioButtons(
                options=[(_label(o.text), i) for i, o in enumerate(q.options)],
                value=given,
                layout=widgets.Layout(width="auto"),
            )
        elif q.type == "multiple":
            chosen = set(given or ())
            box = widgets.VBox(
                [widgets.Checkbox(value=i in chosen, description=_label(o.text), indent=False)
                 for i, o in enumerate(q.options)]
            )
        else:
            box = widgets.FloatText(value=given if given is not None else 0.0, description="Answer:")
            if given is not None:
                touched.add(q.id)
            box.observe(lambda _change, qid=q.id: touched.add(qid), names="value")
        inputs[q.id] = box
        feedback[q.id] = widgets.HTML("")
        rows += [prompt, box, feedback[q.id]]

    submit = widgets.Button(description="Submit", button_style="primary", icon="check")
    score_label = widgets.HTML("")
    reveal = widgets.Button(description="Reveal answers", icon="eye") if group else None
    state = {"revealed": not group}

    def read_inputs() -> None:
        for q in quiz.questions:
            box = inputs[q.id]
            if q.type == "single":
                quiz.answer(q.id, box.value)
            elif q.type == "multiple":
                quiz.answer(q.id, [i for i, cb in enumerate(box.children) if cb.value])
            elif q.id in touched:
                quiz.answer(q.id, box.value)

    def render() -> None:
        answered = sum(quiz.given(q.id) is not None for q in quiz.questions)
        if state["revealed"]:
            correct, total = quiz.score()
            score_label.value = f"<strong>Score: {correct} / {total}</strong>"
            for q in quiz.questions:
                feedback[q.id].value = _feedback_html(quiz, q)
        else:
            score_label.value = (
                f"Answers recorded ({answered} of {len(quiz.questions)}). "
                "Wait for the instructor to reveal the answers."
            )
            for q in quiz.questions:
                feedback[q.id].value = ""

    def on_submit(_button: Any = None) -> None:
        read_inputs()
        render()

    def on_reveal(_button: Any = None) -> None:
        read_inputs()
        state["revealed"] = True
        render()

    submit.on_click(on_submit)
    buttons = [submit]
    if reveal is not None:
        reveal.on_click(on_reveal)
        buttons.append(reveal)
    rows += [widgets.HBox(buttons), score_label]
    form = widgets.VBox(rows)
    form.add_class("cxkit-quiz")
    form.quiz = quiz
    form.inputs = inputs
    form.feedback = feedback
    form.submit_button = submit
    form.reveal_button = reveal
    form.score_label = score_label
    form.is_revealed = lambda: state["revealed"]
    if not group and any(quiz.given(q.id) is not None for q in quiz.questions):
        render()  # a re-run cell shows the restored answers' feedback straight away
    return form


def _iter_banks(root: str | Path | None = None) -> Iterable[Path]:
    from cxkit._paths import repo_root

    return sorted((repo_root(root) / "modules" / "quizzes").glob("*.yaml"))


def validate_all(root: str | Path | None = None) -> Sequence[Path]:
    """Load and validate every bank in ``modules/quizzes/``; return their paths.

    Raises
    ------
    CXConfigError
        At the first invalid bank.
    """
    paths = list(_iter_banks(root))
    for p in paths:
        load_bank(p)
    return paths
