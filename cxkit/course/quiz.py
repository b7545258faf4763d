"""Knowledge-check quizzes from YAML question banks: ``quiz.show("00", n=2)``.

Question banks
--------------
A module's bank is ``modules/quizzes/NN-slug.yaml``: a YAML list of questions (or a mapping
with an optional ``title`` and the list under ``questions``). Each question has:

``id``           short unique name within the bank (``where-exercises``)
``type``         ``single`` (one correct option), ``multiple`` (one or more) or ``numeric``
``kind``         what the item asks: ``transfer`` (apply an idea to a new situation), ``concept``
                 (explain an idea) or ``figure`` (recall a number of the course company); the
                 course's banks hold at least a third of transfer items and at most one figure
``prompt``       the question (Markdown-ish: ```code``` is shown as code)
``options``      choice types: a list of ``{text, correct: true/false, feedback}``; ``feedback``
                 (optional) is shown when the learner picks that option; a wrong option may name
                 the ``misconception`` it stands for (the facilitator notes explain each one)
``answer``       numeric: a number, or the id of a registered exercise question in quotes
                 (``"00.q1"``) so the answer is computed from the course data
``tolerance``    numeric, optional: accepted absolute distance from the answer (default: the
                 registered question's tolerance; else half a unit of the last of ``decimals``;
                 else 0)
``decimals``     numeric, optional: how many decimals the prompt asks for (``1`` for "one
                 decimal"). An answer that is the right value rounded to fewer decimals (87 for
                 86.8) is told so ("rounded") instead of plainly wrong. Without ``decimals``, the
                 precision asked for is read from the tolerance (0.05 means one decimal).
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
    q.verdict("journey-log")                # "correct", "rounded" (numeric), "wrong" or None
    q.score()                               # (correct, total)
    q.feedback("journey-log")               # verdict, feedback of the chosen options, explanation

:func:`show` wraps it in an ipywidgets form: radio buttons, check boxes (every option's whole
text, wrapped) or a number box per question, Submit, a score and the explanations, and "Start
again". Every run of the cell starts blank: a retake is a fresh attempt. The answers last
submitted are kept in a module-level store keyed by bank and question; when the same questions
are drawn again, "Restore my earlier answers" (or ``show(..., restore=True)``) brings them back,
without verdicts until the next Submit.

Workshops: ``show("07", group=True)`` is the room's form (learners or the room answer and
submit; nothing is marked), and the instructor runs ``reveal("07")`` in a later cell to show the
answers and explanations, on the form and below the reveal cell. A group run can draw ``n``
questions; the reveal covers exactly those.

The room: with a shared folder (the environment variable ``CXKIT_ROOM``, which the workshop hub
sets, or ``room=``), each learner's Submit also sends their answers there
(:mod:`cxkit.course.room`: one file per learner, the last submission counts, earlier ones kept),
and ``reveal("07")`` first shows the room's answer distribution per question, then the answers;
``room_totals("07")`` shows the distribution alone (no right answers, nobody's name).
"""

from __future__ import annotations

import html
import math
import random
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import KW_ONLY, dataclass, field
from pathlib import Path
from typing import Any

from cxkit.course._markdown import markdown_inline
from cxkit.errors import CXConfigError
from cxkit.widgets.base import FORM_CLASS, SELECTED_CSS

__all__ = [
    "TYPES",
    "Option",
    "Quiz",
    "QuizQuestion",
    "bank_path",
    "load_bank",
    "reveal",
    "room_totals",
    "show",
    "validate_all",
]

#: The question types of a bank.
TYPES: tuple[str, ...] = ("single", "multiple", "numeric")
#: What an item asks of the learner (``kind:`` in a bank): apply the idea to a new situation,
#: explain a concept, or recall a figure of the course company (at most one per bank).
KINDS: tuple[str, ...] = ("transfer", "concept", "figure")
_FIELDS = {"id", "type", "kind", "prompt", "options", "answer", "tolerance", "decimals", "explanation"}
#: Largest ``decimals`` a bank may ask for.
MAX_DECIMALS = 10
_OPTION_FIELDS = {"text", "correct", "feedback", "misconception"}

# The answers last submitted, for "Restore my earlier answers": (bank key, question id) -> answer.
_STORE: dict[tuple[str, str], Any] = {}
# The group forms showing in this kernel, by bank key, for reveal(): the newest last.
_GROUP_FORMS: dict[str, list[Any]] = {}
_MAX_GROUP_FORMS = 5


@dataclass(frozen=True)
class Option:
    """One option of a choice question."""

    text: str
    correct: bool
    feedback: str = ""
    #: For a wrong option: the misconception it stands for, named in the module's facilitator notes.
    misconception: str = ""


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
    decimals: int | None = None
    kind: str = ""

    def expected_number(self) -> float:
        """Return the numeric answer; computed from the data when ``answer`` names a registered question."""
        if isinstance(self.answer, str):
            from cxkit.course import answers

            return float(answers.expected(self.answer))
        return float(self.answer)  # type: ignore[arg-type]

    def numeric_tolerance(self) -> float:
        """Return the accepted absolute distance from the numeric answer."""
        if self.tolerance is not None:
            return self.tolerance
        if isinstance(self.answer, str):
            from cxkit.course import answers

            q = answers.get(self.answer)
            if q.rel_tol == 0:
                return q.abs_tol  # no need to compute the answer from the data
            return max(q.abs_tol, q.rel_tol * abs(self.expected_number()))
        if self.decimals is not None:
            return 0.5 * 10.0 ** (-self.decimals)
        return 0.0

    def required_decimals(self) -> int | None:
        """Return how many decimals the question asks for, or ``None``.

        That is ``decimals`` if set, else it is read from the tolerance (the fewest decimals whose
        rounding stays within it: 0.05 -> 1), else ``None``.
        """
        if self.decimals is not None:
            return self.decimals
        tol = self.numeric_tolerance()
        if tol <= 0:
            return None
        return next((d for d in range(MAX_DECIMALS + 1) if 0.5 * 10.0 ** (-d) <= tol * (1 + 1e-9)), None)

    def correct_indices(self) -> set[int]:
        """Return the indices of the correct options (empty for a numeric question)."""
        return {i for i, o in enumerate(self.options) if o.correct}


# ---------------------------------------------------------------------------------------------
# Loading and validating banks
# ---------------------------------------------------------------------------------------------


def bank_path(module_or_path: str | int | Path, root: str | Path | None = None) -> Path:
    """Return the bank file: a path as given, or ``modules/quizzes/NN-*.yaml`` for a module number."""
    text = str(module_or_path)
    if isinstance(module_or_path, Path) or text.endswith((".yaml", ".yml")) or "/" in text:
        path = Path(text)
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
        raise fail(
            f"unknown field(s) {', '.join(sorted(unknown))}; the fields are {', '.join(sorted(_FIELDS))}."
        )
    for key in ("id", "type", "prompt", "explanation"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise fail(
                f"the field {key!r} is missing or empty; every question needs id, type, prompt, explanation."
            )
    qtype = raw["type"]
    if "kind" in raw and raw["kind"] not in KINDS:
        raise fail(f"kind {raw['kind']!r} is not one of {', '.join(KINDS)}.")
    if qtype not in TYPES:
        raise fail(f"type {qtype!r} is not one of {', '.join(TYPES)}.")
    options: list[Option] = []
    answer: float | str | None = None
    tolerance: float | None = None
    decimals: int | None = None
    if qtype in ("single", "multiple"):
        options = _choice_options(raw, qtype, fail)
    else:
        answer, tolerance, decimals = _numeric_answer(raw, fail)
    return QuizQuestion(
        id=raw["id"].strip(),
        type=qtype,
        prompt=raw["prompt"].strip(),
        explanation=raw["explanation"].strip(),
        options=tuple(options),
        answer=float(answer) if isinstance(answer, (int, float)) and _number(answer) else answer,
        tolerance=tolerance,
        decimals=decimals,
        kind=str(raw.get("kind", "")),
    )


def _choice_options(raw: dict[str, Any], qtype: str, fail: Callable[[str], CXConfigError]) -> list[Option]:
    """Return the options of a single- or multiple-choice question, checked."""
    if "answer" in raw or "tolerance" in raw or "decimals" in raw:
        raise fail(
            "answer/tolerance/decimals are for numeric questions; mark the right options with correct: true."
        )
    raw_options = raw.get("options")
    if not isinstance(raw_options, list) or len(raw_options) < 2:
        raise fail("a choice question needs a list of at least two options.")
    options: list[Option] = []
    for j, opt in enumerate(raw_options):
        if not isinstance(opt, dict) or not isinstance(opt.get("text"), str) or not opt["text"].strip():
            raise fail(f"option {j + 1} needs a non-empty text.")
        if set(opt) - _OPTION_FIELDS:
            raise fail(f"option {j + 1} has unknown field(s) {', '.join(sorted(set(opt) - _OPTION_FIELDS))}.")
        if not isinstance(opt.get("correct"), bool):
            raise fail(f"option {j + 1} ({opt['text']!r}) needs correct: true or correct: false.")
        options.append(
            Option(
                opt["text"],
                opt["correct"],
                str(opt.get("feedback") or ""),
                str(opt.get("misconception") or ""),
            )
        )
    if len({o.text for o in options}) != len(options):
        raise fail("two options have the same text.")
    n_correct = sum(o.correct for o in options)
    if qtype == "single" and n_correct != 1:
        raise fail(
            f"a single-choice question needs exactly one option with correct: true; found {n_correct}."
        )
    if qtype == "multiple" and n_correct < 1:
        raise fail("a multiple-choice question needs at least one option with correct: true; found none.")
    return options


def _numeric_answer(
    raw: dict[str, Any], fail: Callable[[str], CXConfigError]
) -> tuple[Any, float | None, int | None]:
    """Return the answer (a number or a registered question id), tolerance and decimals, checked."""
    if "options" in raw:
        raise fail("a numeric question has no options; give answer (and tolerance).")
    answer = raw.get("answer")
    if isinstance(answer, str):
        from cxkit.course import answers

        if answer not in answers.ids():
            raise fail(
                f"answer {answer!r} is neither a number nor a registered question id "
                f"({', '.join(answers.ids())})."
            )
    elif not _number(answer):
        raise fail("a numeric question needs answer: a number, or a registered question id such as '00.q1'.")
    tolerance = None
    if "tolerance" in raw:
        tolerance = raw["tolerance"]
        if not _number(tolerance) or tolerance < 0:
            raise fail("tolerance must be a number of zero or more.")
        tolerance = float(tolerance)
    decimals = None
    if "decimals" in raw:
        decimals = raw["decimals"]
        if not isinstance(decimals, int) or isinstance(decimals, bool) or not 0 <= decimals <= MAX_DECIMALS:
            raise fail(
                f"decimals must be a whole number from 0 to {MAX_DECIMALS} (how many decimals the "
                f"prompt asks for); got {decimals!r}."
            )
    return answer, tolerance, decimals


def _shown(path: Path) -> str:
    """Return the path relative to the course repository (or the working directory) when possible."""
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
        raise CXConfigError(
            f"{name}: a bank is a non-empty list of questions (or a mapping with questions:)."
        )
    questions = [_parse_question(raw, i, name) for i, raw in enumerate(data)]
    seen: set[str] = set()
    for q in questions:
        if q.id in seen:
            raise CXConfigError(
                f"{name}, question {q.id!r}: the id is used twice; ids must be unique in a bank."
            )
        seen.add(q.id)
    return title, questions


# ---------------------------------------------------------------------------------------------
# The plain-Python quiz
# ---------------------------------------------------------------------------------------------

#: The verdicts of :meth:`Quiz.verdict`, best first (``rounded``: numeric questions only).
VERDICTS: tuple[str, ...] = ("correct", "rounded", "wrong")


def _format_number(value: float, decimals: int | None) -> str:
    if decimals is None:
        return f"{value:,.6g}"
    return f"{value:,.{decimals}f}"


@dataclass
class Quiz:
    """A set of questions from a bank, with the learner's answers to this attempt.

    Use :meth:`from_yaml` to make one. A new ``Quiz`` starts blank (a retake is a fresh attempt).
    Every answer given is also kept in a module-level store keyed by ``(key, question id)``;
    :meth:`restore` brings the stored answers of the drawn questions back, when the learner asks.
    """

    questions: list[QuizQuestion]
    key: str
    _: KW_ONLY
    title: str = "Knowledge check"
    _by_id: dict[str, QuizQuestion] = field(init=False, repr=False)
    _answers: dict[str, Any] = field(init=False, repr=False, default_factory=dict)

    def __post_init__(self) -> None:
        """Index the questions by id."""
        self._by_id = {q.id: q for q in self.questions}

    @classmethod
    def from_yaml(
        cls,
        source: str | int | Path,
        *,
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
            if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= len(questions):
                raise CXConfigError(f"{_shown(path)}: n must be between 1 and {len(questions)}; got {n!r}.")
            chosen = set(random.Random(seed).sample(range(len(questions)), n))
            questions = [q for i, q in enumerate(questions) if i in chosen]
        return cls(questions=questions, key=str(path.resolve()), title=title)

    def question(self, qid: str) -> QuizQuestion:
        """Return the question ``qid`` of this quiz."""
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
            raise CXConfigError(
                f"Question {q.id!r} has no option {v!r}; the options are "
                + "; ".join(o.text for o in q.options)
                + "."
            )

        if value is None:
            return None
        if q.type == "single":
            return index_of(value)
        if q.type == "multiple":
            values = [value] if isinstance(value, (str, int)) else list(value)
            return tuple(sorted({index_of(v) for v in values}))
        if isinstance(value, str):
            value = value.strip().removesuffix("%").strip()
            if not value:
                return None
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise CXConfigError(
                f"Question {q.id!r} wants a number (digits, with a point for decimals: 86.8); got {value!r}."
            ) from None
        if not math.isfinite(number):
            raise CXConfigError(f"Question {q.id!r} wants a finite number; got {value!r}.")
        return number

    def answer(self, qid: str, value: Any) -> None:
        """Record an answer to question ``qid``.

        The answer is an option text or index (``single``), a list of them (``multiple``), or a
        number or a text holding one (``numeric``); ``None`` (or nothing ticked) clears it.
        """
        q = self.question(qid)
        norm = self._normalise(q, value)
        if norm is None or norm == ():
            self._answers.pop(qid, None)
            _STORE.pop((self.key, qid), None)
        else:
            self._answers[qid] = norm
            _STORE[(self.key, qid)] = norm

    def given(self, qid: str) -> Any:
        """Return this attempt's answer (option index, tuple of indices, or number), or ``None``."""
        self.question(qid)
        return self._answers.get(qid)

    def stored(self) -> dict[str, Any]:
        """Return the earlier answers kept for the drawn questions (question id -> answer)."""
        return {q.id: _STORE[(self.key, q.id)] for q in self.questions if (self.key, q.id) in _STORE}

    def restore(self) -> int:
        """Take back the earlier answers to the drawn questions (see :meth:`stored`); return how many."""
        earlier = self.stored()
        self._answers.update(earlier)
        return len(earlier)

    def verdict(self, qid: str) -> str | None:
        """Return ``"correct"``, ``"rounded"``, ``"wrong"``, or ``None`` if unanswered.

        ``"rounded"`` means the right value rounded to fewer decimals than asked.
        """
        q = self.question(qid)
        given = self.given(qid)
        if given is None:
            return None
        if q.type == "single":
            return "correct" if given in q.correct_indices() else "wrong"
        if q.type == "multiple":
            return "correct" if set(given) == q.correct_indices() else "wrong"
        expected = q.expected_number()
        if abs(float(given) - expected) <= q.numeric_tolerance() + 1e-9 * max(1.0, abs(expected)):
            return "correct"
        return "rounded" if self._rounded(q, float(given), expected) is not None else "wrong"

    @staticmethod
    def _rounded(q: QuizQuestion, given: float, expected: float) -> int | None:
        """Return the decimals ``given`` was rounded to, or ``None``.

        Decimals are returned only when ``given`` is ``expected`` rounded to fewer decimals than
        the question asks for.
        """
        from cxkit.course.feedback import _decimals

        wanted = q.required_decimals()
        places = _decimals(given)
        if wanted is None or places >= wanted:
            return None
        step = 10.0 ** (-places)
        return places if abs(given - expected) <= step / 2 * (1 + 1e-9) else None

    def is_correct(self, qid: str) -> bool | None:
        """Whether this attempt's answer is right; ``None`` if unanswered."""
        verdict = self.verdict(qid)
        return None if verdict is None else verdict == "correct"

    def score(self) -> tuple[int, int]:
        """``(correct, total)`` over the questions of this quiz."""
        return sum(self.verdict(q.id) == "correct" for q in self.questions), len(self.questions)

    def feedback(self, qid: str) -> str:
        """Plain-text feedback: the verdict, the feedback of the chosen options, the explanation."""
        q = self.question(qid)
        verdict = self.verdict(qid)
        if verdict is None:
            return "Not answered yet."
        given = self.given(qid)
        if verdict == "rounded":
            places = self._rounded(q, float(given), q.expected_number())
            wanted = q.required_decimals()
            rounded_to = "a whole number" if places == 0 else f"{places} decimal{'s' * (places != 1)}"
            parts = [
                f"Almost: {_format_number(float(given), places)} is the right value rounded to {rounded_to}, "
                f"but the question asks for {wanted} decimal{'s' * (wanted != 1)}: round only at the end."
            ]
        else:
            parts = ["Correct." if verdict == "correct" else "Not quite."]
        if q.type in ("single", "multiple"):
            chosen = [given] if q.type == "single" else list(given)
            parts += [q.options[i].feedback for i in chosen if q.options[i].feedback]
            if q.type == "multiple" and verdict != "correct":
                parts.append(f"There are {len(q.correct_indices())} correct option(s).")
        parts.append(q.explanation)
        return " ".join(parts)

    def answer_text(self, qid: str) -> str:
        """Return the right answer in words: the correct option(s), or the number to the decimals asked."""
        q = self.question(qid)
        if q.type in ("single", "multiple"):
            return "; ".join(o.text for o in q.options if o.correct)
        return _format_number(q.expected_number(), q.required_decimals())

    def reset(self) -> None:
        """Forget every answer to this quiz's questions: this attempt's and the stored ones."""
        for q in self.questions:
            self._answers.pop(q.id, None)
            _STORE.pop((self.key, q.id), None)


# ---------------------------------------------------------------------------------------------
# The widget
# ---------------------------------------------------------------------------------------------

# The form's own style sheet. ipywidgets gives a check box 300 px and cuts its label with "...";
# here every option's text takes the width it needs and wraps, like the prompt above it.
_CSS = """<style>
.cxkit-quiz .widget-checkbox, .cxkit-quiz .widget-radio { width: auto; max-width: 100%; height: auto; }
.cxkit-quiz .widget-checkbox .widget-label-basic, .cxkit-quiz .widget-checkbox .widget-label-basic span,
.cxkit-quiz .widget-radio-box label {
  white-space: normal; overflow: visible; text-overflow: clip; height: auto; line-height: 1.4;
  align-items: flex-start;
}
.cxkit-quiz .widget-checkbox .widget-label-basic input { flex: none; margin-top: 2px; }
.cxkit-quiz .widget-radio-box input { flex: none; margin-top: 0; }
.cxkit-quiz .widget-radio-box { width: auto; }
.cxkit-quiz .widget-radio-box label { margin: 2px 0; }
.cxkit-quiz .widget-html-content { line-height: 1.5; }
</style>"""


def _label(text: str) -> str:
    """Option text for a widget label, which shows plain text: Markdown code marks are dropped."""
    return text.replace("`", "")


_md = markdown_inline

#: How an option's own feedback may start in the banks ("Yes: ...", "Right, ..."): the form says
#: it in one voice instead (see :func:`_option_lines`).
_VOICE = re.compile(r"^\s*(?:yes|right|correct|no|not quite|wrong|careful)\s*[:,.!]\s*", re.I)


def _plain_feedback(text: str) -> str:
    """Return an option's feedback without its own "Yes:"/"Right,"/"No:" opening, capitalised."""
    rest = _VOICE.sub("", text.strip(), count=1)
    return rest[:1].upper() + rest[1:]


def _option_lines(q: QuizQuestion, chosen: set[int]) -> list[str]:
    """Return the feedback of a multi-select question option by option, in one voice (HTML items).

    Each option the learner ticked or should have ticked gets one line: a tick that was right, a
    tick that was not, or a right option left unticked; then the option's own feedback.
    """
    lines = []
    for i, o in enumerate(q.options):
        if i in chosen and o.correct:
            mark, say = "✔", "Right to tick"
        elif i in chosen:
            mark, say = "✘", "Not this one"
        elif o.correct:
            mark, say = "○", "Also right, not ticked"
        else:
            continue
        why = f" {markdown_inline(_plain_feedback(o.feedback))}" if o.feedback else ""
        lines.append(
            f'<li><span aria-hidden="true">{mark}</span> <strong>{say}:</strong> '
            f"<em>{markdown_inline(o.text)}</em>.{why}</li>"
        )
    return lines


_LOOK = {
    "correct": ("✔", "#009E73"),
    "rounded": ("≈", "#E69F00"),
    "wrong": ("✘", "#D55E00"),
    None: ("✎", "#555555"),
}


def _feedback_html(quiz: Quiz, q: QuizQuestion, *, answer_unanswered: bool = False) -> str:
    """Return the verdict of one question as HTML.

    With ``answer_unanswered`` (a group reveal), the answer and explanation of a question nobody
    answered are given too.
    """
    verdict = quiz.verdict(q.id)
    icon, colour = _LOOK[verdict]
    given = quiz.given(q.id)
    if verdict is None and answer_unanswered:
        body = _md(f"Not answered. The answer: {quiz.answer_text(q.id)}. {q.explanation}")
    elif q.type == "multiple" and verdict is not None:
        head = "Correct." if verdict == "correct" else "Not quite."
        items = "".join(_option_lines(q, set(given or ())))
        body = (
            f'<strong>{head}</strong><ul style="margin:2px 0 2px 1.2em;padding:0">{items}</ul>'
            f"{_md(q.explanation)}"
        )
    elif q.type == "single" and verdict is not None:
        head = "Correct." if verdict == "correct" else "Not quite."
        own = q.options[given].feedback if given is not None else ""
        said = f" {_md(_plain_feedback(own))}" if own else ""
        body = f"<strong>{head}</strong>{said} {_md(q.explanation)}"
    else:
        body = _md(quiz.feedback(q.id))
    return (
        f'<div class="cxkit-quiz-feedback" style="border-left:5px solid {colour};padding:2px 8px">'
        f'<span aria-hidden="true" style="color:{colour};font-weight:bold">{icon}</span> '
        f"{body}</div>"
    )


def _room_answers(quiz: Quiz) -> dict[str, Any]:
    """Return this attempt's answers for the room: option texts (the same in every copy), or numbers."""
    out: dict[str, Any] = {}
    for q in quiz.questions:
        given = quiz.given(q.id)
        if given is None:
            continue
        if q.type == "single":
            out[q.id] = q.options[given].text
        elif q.type == "multiple":
            out[q.id] = [q.options[i].text for i in given]
        else:
            out[q.id] = float(given)
    return out


class _Form:
    """The state behind one quiz form: the drawn quiz, its inputs, and what is shown."""

    room: Path | None = None  # the room's folder, for a group form (set by show)

    def __init__(
        self, source: str | int | Path, n: int | None, group: bool, seed: int | None, root: str | Path | None
    ) -> None:
        import ipywidgets as widgets

        self.widgets = widgets
        self.source, self.n, self.group, self.seed, self.root = source, n, group, seed, root
        self.quiz = Quiz.from_yaml(source, n=n, seed=seed, root=root)
        self.revealed = not group
        self.submitted = False
        self.inputs: dict[str, Any] = {}
        self.feedback: dict[str, Any] = {}
        self.problems: dict[str, str] = {}
        self.heading = widgets.HTML()
        self.questions_box = widgets.VBox()
        self.submit = widgets.Button(
            description="Submit",
            button_style="primary",
            icon="check",
            tooltip="Record your answers" + ("" if group else " and see how you did"),
        )
        self.start_again = widgets.Button(
            description="Start again", icon="refresh", tooltip="Clear every answer and start a new attempt"
        )
        self.restore_button = widgets.Button(
            description="Restore my earlier answers", icon="history", layout=widgets.Layout(width="auto")
        )
        self.status = widgets.HTML()
        self.submit.on_click(lambda _b: self.on_submit())
        self.start_again.on_click(lambda _b: self.on_start_again())
        self.restore_button.on_click(lambda _b: self.on_restore())
        self.form = widgets.VBox(
            [
                widgets.HTML(_CSS + SELECTED_CSS),
                self.heading,
                self.questions_box,
                widgets.HBox([self.submit, self.start_again, self.restore_button]),
                self.status,
            ]
        )
        self.form.add_class("cxkit-quiz")
        self.form.add_class(FORM_CLASS)  # the chosen option is seen from the back of the room
        form = self.form
        form.submit_button, form.start_again_button, form.restore_button = (
            self.submit,
            self.start_again,
            self.restore_button,
        )
        form.reveal_button = None  # the reveal is the instructor's: reveal(...) in its own cell
        form.score_label = self.status
        form.is_revealed = lambda: self.revealed and self.submitted
        self._build()

    # -- building ---------------------------------------------------------------------------------

    def _build(self) -> None:
        widgets = self.widgets
        quiz = self.quiz
        mode = " (group)" if self.group else ""
        self.heading.value = f"<h3>{_md(quiz.title)}{mode}</h3>"
        self.inputs, self.feedback, self.problems = {}, {}, {}
        rows: list[Any] = []
        for number, q in enumerate(quiz.questions, start=1):
            prompt = widgets.HTML(f"<p><strong>{number}.</strong> {_md(q.prompt)}</p>")
            if q.type == "single":
                box: Any = widgets.RadioButtons(
                    options=[(_label(o.text), i) for i, o in enumerate(q.options)],
                    value=None,
                    layout=widgets.Layout(width="auto"),
                )
            elif q.type == "multiple":
                box = widgets.VBox(
                    [
                        widgets.Checkbox(
                            value=False,
                            description=_label(o.text),
                            indent=False,
                            layout=widgets.Layout(width="auto"),
                        )
                        for o in q.options
                    ]
                )
            else:
                hint = (
                    "a number"
                    if q.required_decimals() is None
                    else (f"a number, {q.required_decimals()} decimal{'s' * (q.required_decimals() != 1)}")
                )
                box = widgets.Text(value="", placeholder=hint, description="Answer:")
            self.inputs[q.id] = box
            self.feedback[q.id] = widgets.HTML("")
            rows += [prompt, box, self.feedback[q.id]]
        self.questions_box.children = rows
        self.status.value = ""
        self._update_restore()
        # what tests and scripts read from the form (kept current after "Start again")
        form = self.form
        form.quiz, form.inputs, form.feedback = quiz, self.inputs, self.feedback

    def _update_restore(self) -> None:
        earlier = len(self.quiz.stored())
        self.restore_button.description = f"Restore my earlier answers ({earlier})"
        self.restore_button.layout.display = "" if earlier else "none"

    def _fill(self) -> None:
        """Put this attempt's answers into the inputs."""
        for q in self.quiz.questions:
            box, given = self.inputs[q.id], self.quiz.given(q.id)
            if q.type == "single":
                box.value = given
            elif q.type == "multiple":
                for i, cb in enumerate(box.children):
                    cb.value = i in set(given or ())
            else:
                box.value = "" if given is None else f"{given:g}"

    # -- reading and showing -----------------------------------------------------------------------

    def read_inputs(self) -> None:
        self.problems = {}
        for q in self.quiz.questions:
            box = self.inputs[q.id]
            if q.type == "single":
                self.quiz.answer(q.id, box.value)
            elif q.type == "multiple":
                self.quiz.answer(q.id, [i for i, cb in enumerate(box.children) if cb.value])
            else:
                try:
                    self.quiz.answer(q.id, box.value)
                except CXConfigError:
                    self.quiz.answer(q.id, None)
                    self.problems[q.id] = (
                        f"{box.value.strip()!r} is not a number: type digits, with a point "
                        "for decimals (86.8)."
                    )

    def render(self) -> None:
        quiz = self.quiz
        answered = sum(quiz.given(q.id) is not None for q in quiz.questions)
        for q in quiz.questions:
            problem = self.problems.get(q.id)
            if problem:
                self.feedback[q.id].value = (
                    f'<div class="cxkit-quiz-feedback" style="border-left:5px solid '
                    f'#D55E00;padding:2px 8px">{html.escape(problem, quote=False)}</div>'
                )
            elif self.revealed and self.submitted:
                self.feedback[q.id].value = _feedback_html(quiz, q, answer_unanswered=self.group)
            else:
                self.feedback[q.id].value = ""
        if self.revealed and self.submitted:
            correct, total = quiz.score()
            self.status.value = f"<strong>Score: {correct} / {total}</strong>"
        elif self.submitted:
            self.status.value = (
                f"Answers recorded ({answered} of {len(quiz.questions)}). The instructor reveals the answers."
            )
        else:
            self.status.value = ""

    def on_submit(self) -> None:
        self.read_inputs()
        self.submitted = True
        self.render()
        self._update_restore()
        self.restore_button.layout.display = "none"
        if self.room is not None:
            self.send_to_room()

    def send_to_room(self) -> None:
        """Send this attempt's answers to the room (:mod:`cxkit.course.room`); say so under the form."""
        from cxkit.course import room

        quiz = self.quiz
        try:
            sub = room.submit(
                Path(quiz.key).stem,
                _room_answers(quiz),
                questions=[q.id for q in quiz.questions],
                room=self.room,
            )
            n = len(room.submissions(sub.bank, room=self.room))
        except (CXConfigError, OSError) as err:
            self.status.value += f'<p role="alert">Not sent to the room: {html.escape(str(err))}</p>'
            return
        again = f" (your submission {sub.version}: the last one counts)" if sub.version > 1 else ""
        self.status.value += (
            f"<p>Sent to the room as {html.escape(sub.learner)}{again}; {n} in the room so far.</p>"
        )

    def on_start_again(self) -> None:
        """Clear the answers; a random draw (``n`` without ``seed``) draws new questions."""
        self.quiz.reset()
        if self.n is not None and self.seed is None:
            self.quiz = Quiz.from_yaml(self.source, n=self.n, seed=None, root=self.root)
        self.revealed = not self.group
        self.submitted = False
        self._build()

    def on_restore(self) -> None:
        restored = self.quiz.restore()
        self._fill()
        self.restore_button.layout.display = "none"
        self.status.value = (
            "Your earlier answers are back; press Submit to see how they do." if restored else ""
        )

    def reveal(self) -> None:
        self.read_inputs()
        self.submitted = True
        self.revealed = True
        self.render()


def show(
    module_or_path: str | int | Path,
    *,
    n: int | None = None,
    group: bool = False,
    seed: int | None = None,
    restore: bool = False,
    root: str | Path | None = None,
    room: str | Path | None = None,
) -> Any:
    """Show a quiz form in the notebook: one input per question, Submit, score and explanations.

    Every run starts blank (a retake is a fresh attempt); "Start again" clears the form, and
    "Restore my earlier answers" (shown when the store holds answers to the drawn questions)
    brings the last submitted answers back.

    Parameters
    ----------
    module_or_path : str, int or Path
        A module number (``"00"``) or a bank file.
    n : int, optional
        Show a random subset of ``n`` questions (see :meth:`Quiz.from_yaml`); "Start again"
        draws a new subset unless ``seed`` is given.
    group : bool
        Workshop mode: the room's form. Submit records the answers but marks nothing; the
        instructor shows the answers and explanations with :func:`reveal` in a later cell.
    seed : int, optional
        Seed of the random subset.
    restore : bool
        Start with the earlier answers to the drawn questions filled in (no verdicts until
        Submit), as the "Restore my earlier answers" button does.
    root : path, optional
        The course repository, for module numbers.
    room : path, optional
        With ``group``: the room's shared folder (default: the environment variable
        ``CXKIT_ROOM``, which the workshop hub sets). Submit then also sends the answers there
        (:mod:`cxkit.course.room`), for the instructor's :func:`reveal`; a learner submitting
        again replaces their answers, and the earlier ones are kept.

    Returns
    -------
    ipywidgets.VBox
        The form. For tests and scripting it carries ``quiz`` (the current :class:`Quiz`),
        ``inputs`` (question id -> input widget), ``feedback`` (question id -> HTML widget),
        ``submit_button``, ``start_again_button``, ``restore_button``, ``score_label`` and
        ``is_revealed()``; ``reveal_button`` is ``None`` (the reveal is :func:`reveal`).
    """
    state = _Form(module_or_path, n, group, seed, root)
    if group:
        from cxkit.course.room import room_dir

        state.room = room_dir(room)  # a bad folder fails now, not when the room presses Submit
    if restore:
        state.on_restore()
    if group:
        forms = _GROUP_FORMS.setdefault(state.quiz.key, [])
        forms.append(state)
        del forms[:-_MAX_GROUP_FORMS]
    return state.form


def _room_quiz(path: Path, forms: list[Any], subs: Sequence[Any]) -> Quiz:
    """Return the questions of a room's reveal: the newest group form's, else those the room was shown."""
    if forms:
        return forms[-1].quiz
    quiz = Quiz.from_yaml(path)
    shown = {qid for s in subs for qid in (s.questions or s.answers)}
    return Quiz([q for q in quiz.questions if q.id in shown] or quiz.questions, quiz.key, title=quiz.title)


def room_totals(
    module_or_path: str | int | Path, *, root: str | Path | None = None, room: str | Path | None = None
) -> Any:
    """Show the room's answers so far (counts per option, nobody's name), without the right answers.

    For anyone in the room, before the instructor's :func:`reveal` (say, to discuss the split).

    Raises
    ------
    CXConfigError
        No room folder (``CXKIT_ROOM`` or ``room=``), or a bad one (the message names the path).
    """
    import ipywidgets as widgets

    from cxkit.course import room as exchange

    path = bank_path(module_or_path, root)
    folder = exchange.require_room(room)
    subs = exchange.submissions(path.stem, room=folder)
    quiz = _room_quiz(path, _GROUP_FORMS.get(str(path.resolve())) or [], subs)
    return widgets.HTML(exchange.distribution_html(quiz.questions, subs, answers=False))


def reveal(
    module_or_path: str | int | Path, *, root: str | Path | None = None, room: str | Path | None = None
) -> Any:
    """Show the answers of the group quiz on this bank.

    This is the instructor's cell, run after the room has answered ``show(..., group=True)``.

    The group forms of this bank shown in this session mark their answers and show the score
    and explanations; the answers and explanations of the questions drawn are also displayed
    below this cell (for the projector). With a room folder (``CXKIT_ROOM`` or ``room=``), the
    room's answer distribution per question comes first (every learner's last submission,
    :mod:`cxkit.course.room`), the right options marked.

    Parameters
    ----------
    module_or_path : str, int or Path
        The bank, as given to :func:`show`.
    root : path, optional
        The course repository, for module numbers.
    room : path, optional
        The room's shared folder (default: ``CXKIT_ROOM``).

    Returns
    -------
    ipywidgets.HTML
        The room's distribution (with a room) and the answer key of the questions drawn in the
        newest group form (or, without one in this session, of the questions the room was shown).

    Raises
    ------
    CXConfigError
        If no group form of that bank was shown in this session and there is no room folder, or
        the room folder is bad (the message names the path).
    """
    import ipywidgets as widgets

    from cxkit.course import room as exchange

    path = bank_path(module_or_path, root)
    key = str(path.resolve())
    forms = _GROUP_FORMS.get(key) or []
    folder = exchange.room_dir(room)
    if not forms and folder is None:
        raise CXConfigError(
            f"There is no group quiz of {str(module_or_path)!r} to reveal: first run "
            f"quiz.show({str(module_or_path)!r}, group=True) in a cell above, let the room answer and "
            f"press Submit, then run quiz.reveal({str(module_or_path)!r}) (or set {exchange.ROOM_ENV} "
            "to the room's folder to reveal the room's answers)."
        )
    for state in forms:
        state.reveal()
    subs = exchange.submissions(path.stem, room=folder) if folder is not None else []
    quiz = _room_quiz(path, forms, subs)
    distribution = exchange.distribution_html(quiz.questions, subs) if folder is not None else ""
    items = "".join(
        f"<li><p>{_md(q.prompt)}</p><p><strong>Answer:</strong> {_md(quiz.answer_text(q.id))}</p>"
        f"<p>{_md(q.explanation)}</p></li>"
        for q in quiz.questions
    )
    answer_key = f'<div class="cxkit-quiz-answers"><h3>Answers: {_md(quiz.title)}</h3><ol>{items}</ol></div>'
    return widgets.HTML(distribution + answer_key)


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
