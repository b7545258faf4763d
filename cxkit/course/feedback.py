"""Feedback on exercise answers: ``cxkit.check("00.q1", answer)``.

>>> import cxkit
>>> from cxkit.data import load
>>> n_customers = len(load("customers"))
>>> cxkit.check("00.q1", n_customers)
✔ 00.q1 correct: well done.

:func:`check` compares a learner's answer with the expected value that the question registry
(:mod:`cxkit.course.answers`) computes from the course data, and returns a :class:`CheckResult` whose
verdict is one of

``correct``     within the question's tolerance;
``close``       a typical slip: rounded too much, a fraction given for a percentage (or the other
                way round), off by a factor of 100, the wrong sign, a near-miss in spelling, part
                of a set; the message says what to fix;
``wrong``       a typical mistake the question lists (``mistakes=`` of
                :func:`~cxkit.course.answers.question`) is named and explained; otherwise a hint
                tied to the concept (successive wrong answers get the next hint);
``unanswered``  the placeholder ``...`` (or ``None``) is still there: a friendly reminder.

A learner never sees a traceback for an answer. In *strict mode* (the environment variable
``CXKIT_STRICT=1``, read at each call), any verdict other than ``correct`` raises
:class:`~cxkit.errors.CXAnswerError`: the notebook tests run ``solutions/`` in strict mode, which
proves that every expected value matches the worked solution.
"""

from __future__ import annotations

import html
import math
import os
from dataclasses import dataclass
from typing import Any

from cxkit.course import answers
from cxkit.course._markdown import markdown_inline
from cxkit.errors import CXAnswerError

__all__ = ["VERDICTS", "ArtefactResult", "CheckResult", "check", "strict_mode"]

#: The verdicts, best first.
VERDICTS: tuple[str, ...] = ("correct", "close", "wrong", "unanswered")

# Icon, word and colour for each verdict. The colours are Okabe-Ito (colour-blind safe) and are
# never the only signal: each verdict has its own symbol and its own word.
_LOOK: dict[str, tuple[str, str, str]] = {
    "correct": ("✔", "Correct", "#009E73"),
    "close": ("≈", "Close", "#E69F00"),
    "wrong": ("✘", "Not yet", "#D55E00"),
    "unanswered": ("✎", "Not answered yet", "#555555"),
}

# How many wrong answers each question has had in this session (to step through its hints).
_ATTEMPTS: dict[str, int] = {}


def strict_mode() -> bool:
    """Whether strict mode is on (``CXKIT_STRICT`` set to ``1``, ``true`` or ``yes``)."""
    return os.environ.get("CXKIT_STRICT", "").strip().lower() in ("1", "true", "yes", "on")


@dataclass(frozen=True)
class CheckResult:
    """The verdict on one answer, displayed as a coloured line with an icon in a notebook.

    Attributes
    ----------
    question_id : str
    verdict : str
        One of :data:`VERDICTS`.
    message : str
        What to do next, in plain words. It never reveals the expected value.
    """

    question_id: str
    verdict: str
    message: str

    @property
    def correct(self) -> bool:
        """``True`` when the verdict is ``correct``."""
        return self.verdict == "correct"

    def __repr__(self) -> str:
        """Return the feedback as one line: verdict icon, question id, verdict and message."""
        icon, word, _ = _LOOK[self.verdict]
        return f"{icon} {self.question_id} {word.lower()}: {self.message}"

    __str__ = __repr__

    def _repr_html_(self) -> str:
        icon, word, colour = _LOOK[self.verdict]
        return (
            f'<div role="status" style="border-left:6px solid {colour};padding:4px 10px;margin:4px 0">'
            f'<span aria-hidden="true" style="color:{colour};font-size:1.3em;font-weight:bold">{icon}</span> '
            f"<strong>{html.escape(word)}</strong> <code>{html.escape(self.question_id)}</code>: "
            f"{markdown_inline(self.message)}</div>"
        )


@dataclass(frozen=True)
class ArtefactResult(CheckResult):
    """The verdict on an artefact (a persona, a map, a reply...), with its rubric assessment.

    Attributes
    ----------
    assessment : cxkit.course.rubric.Assessment or None
        The rubric's levels, criterion by criterion (``None`` when the artefact could not be read).
    report : str
        What the checker measured (counts, agreement), in one line.
    """

    assessment: Any = None
    report: str = ""

    def __repr__(self) -> str:
        """Return the verdict line, what the checker measured, then the rubric criterion by criterion."""
        parts = [super().__repr__()]
        if self.report:
            parts.append(self.report)
        if self.assessment is not None:
            parts.append(str(self.assessment))
        return "\n".join(parts)

    __str__ = __repr__

    def _repr_html_(self) -> str:
        report = f"<p>{html.escape(self.report)}</p>" if self.report else ""
        table = self.assessment._repr_html_() if self.assessment is not None else ""
        return super()._repr_html_() + report + table


def check(question_id: str, answer: Any) -> CheckResult:
    """Check an answer to an exercise question.

    Parameters
    ----------
    question_id : str
        The question, e.g. ``"00.q1"`` (the exercise notebook gives it), or an artefact, e.g.
        ``"03.persona"`` (:mod:`cxkit.course.artefacts`).
    answer : object
        Your answer: a number, a text, or a collection, depending on the question; for an
        artefact, the path of your file in ``my-work/`` (or the text of a reply). The
        placeholder ``...`` means "not answered yet".

    Returns
    -------
    CheckResult
        The verdict and what to do next; it displays itself in the notebook. For an artefact, an
        :class:`ArtefactResult` with its rubric, criterion by criterion.

    Raises
    ------
    CXConfigError
        If there is no question with that id (the message lists the valid ids).
    CXAnswerError
        In strict mode (``CXKIT_STRICT=1``) when the verdict is not ``correct``.
    """
    from cxkit.course import artefacts, rubric

    if question_id in artefacts.ARTEFACTS:
        found = artefacts.check_artefact(question_id, answer)
        result: CheckResult = ArtefactResult(
            question_id, found.verdict, found.message, assessment=found.assessment, report=found.report
        )
        if strict_mode() and not result.correct:
            raise CXAnswerError(f"{result!r}")
        return result
    q = answers.get(question_id)
    if answer is ... or answer is None:
        result = CheckResult(
            q.id,
            "unanswered",
            "replace the ... placeholder with your answer, then run this cell again.",
        )
    else:
        verdict, message = _judge(q, answer)
        if verdict == "wrong":
            message = _with_hint(q, message)
        elif verdict == "correct":
            message = message or "well done."
        result = CheckResult(q.id, verdict, message)
    if result.verdict != "unanswered":
        rubric.record_check(q.id, result.correct)
    if strict_mode() and not result.correct:
        raise CXAnswerError(f"{result.question_id} ({result.verdict}): {result.message}")
    return result


# ---------------------------------------------------------------------------------------------
# Judging
# ---------------------------------------------------------------------------------------------


def _with_hint(q: answers.Question, message: str) -> str:
    n = _ATTEMPTS.get(q.id, 0)
    _ATTEMPTS[q.id] = n + 1
    if q.hints:
        hint = q.hints[min(n, len(q.hints) - 1)]
        return f"{message} Hint: {hint}"
    return message


def _judge(q: answers.Question, answer: Any) -> tuple[str, str]:
    if q.kind in ("count", "number", "percent"):
        verdict, message = _judge_number(q, answer)
    elif q.kind in ("choice", "text"):
        verdict, message = _judge_choice(q, answer)
    else:
        verdict, message = _judge_set(q, answer)
    if verdict != "correct" and q.mistakes:
        diagnosis = _known_mistake(q, answer)
        if diagnosis is not None:
            return "wrong", diagnosis
    return verdict, message


def _known_mistake(q: answers.Question, answer: Any) -> str | None:
    """Return the message of the first listed mistake the answer matches, or ``None``.

    A mistake that computes the expected value itself (the data leave no room for it) is
    skipped, so a right answer is never called a mistake.
    """
    numeric = q.kind in ("count", "number", "percent")
    if numeric:
        a, _ = _as_number(answer)
        if a is None or not math.isfinite(a):
            return None
        e = float(q.expected())
    for message, wrong in q.mistake_values():
        if numeric:
            try:
                w = float(_scalar(wrong))
            except (TypeError, ValueError):
                continue
            if a is not None and _close_to(a, w, q) and not _close_to(w, e, q):
                return message
        elif q.kind in ("choice", "text"):
            if (
                isinstance(_scalar(answer), str)
                and _norm_text(_scalar(answer)) == _norm_text(wrong)
                and _norm_text(wrong) != _norm_text(q.expected())
            ):
                return message
        else:
            given, w_set = _as_set(answer), _as_set(wrong)
            if given is not None and given == w_set and w_set != _as_set(q.expected()):
                return message
    return None


def _scalar(answer: Any) -> Any:
    """Unwrap a one-value pandas/numpy object; leave anything else as it is."""
    size = getattr(answer, "size", None)
    if size == 1 and hasattr(answer, "shape") and len(getattr(answer, "shape", ())) > 0:
        try:
            return answer.to_numpy().ravel()[0] if hasattr(answer, "to_numpy") else answer.ravel()[0]
        except Exception:  # pragma: no cover - exotic objects
            return answer
    if hasattr(answer, "item") and getattr(answer, "shape", None) == ():
        return answer.item()
    return answer


def _as_number(answer: Any) -> tuple[float | None, str]:
    """Return the answer as a float, or ``None`` and the reason it is not a number."""
    answer = _scalar(answer)
    if isinstance(answer, bool):
        return None, "this question wants a number, not True/False."
    if isinstance(answer, str):
        try:
            float(answer.strip().rstrip("%"))
        except ValueError:
            return None, f"this question wants a number; you gave the text {answer!r}."
        return None, "you gave the number as text (in quotes); remove the quotes so it is a number."
    shape = getattr(answer, "shape", None)
    if shape is not None and len(shape) > 0:
        kind = "table" if len(shape) > 1 else "column"
        return None, (
            f"you gave a {kind} of {getattr(answer, 'size', '?')} values; the question wants a single number "
            "(for example len(...), .sum(), .mean() or .iloc[0])."
        )
    try:
        value = float(answer)
    except OverflowError:
        return None, "your answer is far too large to be right: check the calculation."
    except (TypeError, ValueError):
        return None, f"this question wants a number; you gave a {type(answer).__name__}."
    if math.isnan(value):
        return None, "your answer is NaN (not a number): check for missing values in the data you used."
    return value, ""


def _close_to(a: float, e: float, q: answers.Question) -> bool:
    tol = max(q.abs_tol, q.rel_tol * abs(e))
    return abs(a - e) <= tol + 1e-9 * max(1.0, abs(e))


def _decimals(a: float) -> int:
    text = repr(float(a))
    if "e" in text or "E" in text:
        return 6
    return len(text.split(".")[1].rstrip("0")) if "." in text else 0


def _judge_number(q: answers.Question, answer: Any) -> tuple[str, str]:
    a, why = _as_number(answer)
    if a is None:
        return "wrong", why
    if not math.isfinite(a):
        return "wrong", f"{a} is not a finite number; check for a division by zero."
    e = float(q.expected())
    if _close_to(a, e, q):
        if q.kind == "count" and a != round(a):
            return "close", "a count is a whole number; give it without decimals."
        return "correct", ""
    if q.kind == "count" and a != round(a):
        return "wrong", "a count is a whole number, and this one is not the right count."
    if e != 0 and _close_to(a * 100, e, q):
        if q.kind == "percent":
            return (
                "close",
                "you gave a fraction (between 0 and 1); the question wants a percentage: multiply by 100.",
            )
        return "close", "your answer is off by a factor of 100: did you divide by 100 once too often?"
    if e != 0 and _close_to(a / 100, e, q):
        if q.kind == "percent":
            return "close", "your answer is 100 times too large: it looks multiplied by 100 twice."
        return "close", (
            "your answer is 100 times too large: the question wants a fraction (between 0 and 1), "
            "not a percentage; divide by 100."
        )
    if e != 0 and _close_to(-a, e, q):
        return "close", "the size is right but the sign is wrong: check the order of the subtraction."
    if q.kind != "count":
        step = 10.0 ** (-_decimals(a))
        if abs(a - e) <= step / 2 + 1e-9 * max(1.0, abs(e)):
            return (
                "close",
                "you rounded more than the question allows: keep more decimals (round only at the end).",
            )
    return "wrong", "that is not the expected value."


def _norm_text(value: Any) -> str:
    return " ".join(str(value).split()).casefold()


def _judge_choice(q: answers.Question, answer: Any) -> tuple[str, str]:
    answer = _scalar(answer)
    if not isinstance(answer, str):
        shape = getattr(answer, "shape", None)
        if shape is not None and len(shape) > 0:
            return "wrong", "you gave several values; the question wants a single label (a text)."
        if isinstance(answer, (int, float)):
            return "wrong", "the question wants a label (a text, such as a category), not a number."
    e = str(q.expected())
    given = _norm_text(answer)
    if given == _norm_text(e):
        return "correct", ""
    squash = "".join(ch for ch in given if ch.isalnum())
    if squash and squash == "".join(ch for ch in _norm_text(e) if ch.isalnum()):
        return "close", "right idea, but write the label exactly as it appears in the data (spaces, _ and -)."
    choices = q.valid_choices()
    if choices is not None and given not in {_norm_text(c) for c in choices}:
        return "wrong", f"{str(answer)!r} is not one of the possible values: {', '.join(choices)}."
    return "wrong", "that is not the expected value."


def _as_set(value: Any) -> set[str] | None:
    if isinstance(value, (str, bytes)) or not hasattr(value, "__iter__"):
        return None
    if isinstance(value, dict):
        value = value.keys()
    return {_norm_text(_scalar(v)) for v in value}


def _judge_set(q: answers.Question, answer: Any) -> tuple[str, str]:
    given = _as_set(answer)
    if given is None:
        return "wrong", "the question wants a collection of values (a list, a set or a pandas column)."
    want = _as_set(q.expected()) or set()
    if given == want:
        return "correct", ""
    missing, extra = len(want - given), len(given - want)
    if given < want:
        return "close", f"all {len(given)} of yours are right, but {missing} value(s) are missing."
    if given > want:
        return "close", f"it contains every expected value, plus {extra} that should not be there."
    return "wrong", f"{missing} expected value(s) are missing and {extra} should not be there."
