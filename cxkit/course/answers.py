"""The question registry: what every exercise question expects, computed from the course data.

:func:`cxkit.check` looks questions up here. A question is registered with the
:func:`question` decorator on a function that *computes* the expected value from the data with
cxkit (never a hard-coded number), so when the data are regenerated the expected values follow::

    @question("00.q1", kind="count", hints=["A data frame has one row per customer: count its rows."])
    def _n_customers():
        return len(_load("customers"))

Question ids are ``"NN.qK"``: the module number, then the question within the module.

Kinds and what :func:`cxkit.check` accepts (tolerances are ``abs_tol``/``rel_tol``, as in
:func:`math.isclose`):

``count``    a whole number; exact by default
``number``   any real number, within the tolerance
``percent``  a percentage (``23.4`` for 23.4 %); a fraction (``0.234``) is reported as "close"
``choice``   a text value (a category, a name); compared ignoring case and surrounding spaces;
             ``choices`` optionally lists (or computes) the valid values (``text`` is a synonym)
``set``      a collection whose order does not matter (a list, set, pandas Series or Index)

Hints that diagnose
-------------------
``hints`` are shown one after another on successive wrong answers, gentlest first; they never
show the solution code, and **the last hint points to the module section that shows the
method** (``"Module 07, section 'NPS and its margin', computes it step by step."``).

``mistakes`` recognise the typical wrong answers of a question. Each entry maps a message to a
zero-argument function that computes that *wrong* value from the data the way the mistake does
(detractors counted as 0-5 instead of 0-6, the wrong filter, ...)::

    @question("07.q1", kind="number", abs_tol=0.05, hints=(...),
              mistakes={"You counted 0-5 as detractors; a detractor scored 0 to 6.":
                        lambda: nps(_answered()["nps"], detractor_max=5, dropna=True).value})

When an answer matches a mistake (within the question's tolerance; equal labels for ``choice``,
equal sets for ``set``), :func:`cxkit.check` answers "wrong" with that message, never the
expected value. The generic slips (a fraction for points, the sign, a factor of 100, too much
rounding) are recognised for every question without being listed.

Where questions live
--------------------
Module 00's questions are in this file. Each later module adds its questions in its own file
``cxkit/course/answers_NN.py`` (``from cxkit.course.answers import question, _load``), which the registry
imports automatically the first time a question is looked up. One file per module keeps the
modules independent and avoids edit conflicts.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from cxkit.data.schema import ACQUISITION_CHANNELS
from cxkit.errors import CXConfigError

__all__ = ["KINDS", "REGISTRY", "Question", "expected", "get", "ids", "question"]

#: The kinds of answer a question can expect.
KINDS: tuple[str, ...] = ("count", "number", "percent", "choice", "text", "set")


@dataclass(frozen=True)
class Question:
    """One registered exercise question.

    Parameters
    ----------
    id : str
        ``"NN.qK"``, e.g. ``"00.q1"``.
    compute : callable
        Takes no argument and returns the expected value, computed from the course data.
    kind : str
        One of :data:`KINDS`.
    abs_tol, rel_tol : float
        Accepted distance from the expected value (numeric kinds).
    hints : tuple of str
        Hints tied to the concept, shown one after another on successive wrong answers.
    prompt : str
        The question in a few words (used in messages and documentation).
    choices : sequence of str or callable, optional
        For ``choice`` questions: the valid values (or a function computing them from the data).
    mistakes : tuple of (str, callable)
        Typical wrong answers: ``(message, compute_wrong_value)`` pairs, in the order given (see
        "Hints that diagnose" in the module docstring).
    """

    id: str
    compute: Callable[[], Any]
    kind: str = "number"
    abs_tol: float = 0.0
    rel_tol: float = 0.0
    hints: tuple[str, ...] = ()
    prompt: str = ""
    choices: Sequence[str] | Callable[[], Sequence[str]] | None = None
    mistakes: tuple[tuple[str, Callable[[], Any]], ...] = ()

    def expected(self) -> Any:
        """Compute the expected value from the data (nothing is cached: the data decide)."""
        return self.compute()

    def valid_choices(self) -> list[str] | None:
        """Return the valid values of a ``choice`` question, or ``None`` if any text is possible."""
        if self.choices is None:
            return None
        values = self.choices() if callable(self.choices) else self.choices
        return [str(v) for v in values]

    def mistake_values(self) -> list[tuple[str, Any]]:
        """``(message, wrong value)`` for each listed mistake, computed now from the data.

        Raises
        ------
        CXConfigError
            If a mistake's function fails; the message names the question and the mistake.
        """
        values = []
        for message, compute in self.mistakes:
            try:
                values.append((message, compute()))
            except Exception as err:  # a broken mistake is the question author's bug
                raise CXConfigError(
                    f"Question {self.id!r}: the mistake {message!r} could not be computed "
                    f"({type(err).__name__}: {err}); fix its function in the answers file."
                ) from err
        return values


#: Every registered question by id (use :func:`get`, which also loads the per-module files).
REGISTRY: dict[str, Question] = {}
_loaded_modules: bool = False


def question(
    qid: str,
    *,
    kind: str = "number",
    abs_tol: float = 0.0,
    rel_tol: float = 0.0,
    hints: Sequence[str] = (),
    prompt: str = "",
    choices: Sequence[str] | Callable[[], Sequence[str]] | None = None,
    mistakes: Mapping[str, Callable[[], Any]] | None = None,
) -> Callable[[Callable[[], Any]], Callable[[], Any]]:
    """Register the decorated function as the expected-value computation of question ``qid``.

    Parameters are those of :class:`Question`, except ``mistakes``: a mapping from the message
    shown to the learner to a zero-argument function computing the typical wrong value from the
    data (see "Hints that diagnose" in the module docstring). The decorated function is returned
    unchanged.

    Raises
    ------
    CXConfigError
        If ``qid`` is already registered, ``kind`` is unknown, a tolerance is negative, or a
        mistake is not a non-empty message with a zero-argument function.
    """
    if kind not in KINDS:
        raise CXConfigError(f"Question {qid!r}: unknown kind {kind!r}; use one of {', '.join(KINDS)}.")
    if abs_tol < 0 or rel_tol < 0:
        raise CXConfigError(f"Question {qid!r}: tolerances must be zero or positive.")
    if mistakes is not None and not isinstance(mistakes, Mapping):
        raise CXConfigError(
            f"Question {qid!r}: mistakes must be a mapping {{message: function computing the wrong value}}; "
            f"got {type(mistakes).__name__}."
        )
    pairs = tuple((mistakes or {}).items())
    for message, compute in pairs:
        if not isinstance(message, str) or not message.strip() or not callable(compute):
            raise CXConfigError(
                f"Question {qid!r}: each mistake maps a message (non-empty text) to a function with no "
                f"argument that computes the wrong value; got {message!r}: {compute!r}."
            )

    def register(func: Callable[[], Any]) -> Callable[[], Any]:
        if qid in REGISTRY and REGISTRY[qid].compute is not func:
            raise CXConfigError(f"Question {qid!r} is registered twice; give each question its own id.")
        REGISTRY[qid] = Question(
            id=qid,
            compute=func,
            kind=kind,
            abs_tol=float(abs_tol),
            rel_tol=float(rel_tol),
            hints=tuple(hints),
            prompt=prompt,
            choices=choices,
            mistakes=pairs,
        )
        return func

    return register


def _load_module_files() -> None:
    """Import every ``cxkit/course/answers_NN.py`` once, so their questions register themselves."""
    global _loaded_modules
    if _loaded_modules:
        return
    _loaded_modules = True
    import cxkit.course

    for info in sorted(pkgutil.iter_modules(cxkit.course.__path__), key=lambda m: m.name):
        if info.name.startswith("answers_"):
            importlib.import_module(f"cxkit.course.{info.name}")


def ids() -> list[str]:
    """All registered question ids, sorted."""
    _load_module_files()
    return sorted(REGISTRY)


def get(qid: str) -> Question:
    """Return the question ``qid``.

    Raises
    ------
    CXConfigError
        If no question has that id; the message lists the valid ids.
    """
    _load_module_files()
    try:
        return REGISTRY[qid]
    except (KeyError, TypeError):
        raise CXConfigError(
            f"There is no exercise question {qid!r}. Check the id in your cxkit.check(...) call; "
            f"the questions are: {', '.join(sorted(REGISTRY)) or '(none registered)'}."
        ) from None


def expected(qid: str) -> Any:
    """Return the expected answer of question ``qid``, computed now from the course data."""
    return get(qid).expected()


def _load(name: str) -> Any:
    """Load a course table (looked up at call time, so tests can substitute the data)."""
    import cxkit.data

    return cxkit.data.load(name)


# ---------------------------------------------------------------------------------------------
# Module 00: start here (solutions/00-start-here.ipynb)
# ---------------------------------------------------------------------------------------------


@question(
    "00.q1",
    kind="count",
    prompt="How many customers does the company have?",
    hints=(
        "The customers table has one row per customer: count its rows.",
        "len(customers) or customers.shape[0] gives the number of rows of a data frame.",
    ),
)
def _n_customers() -> int:
    return len(_load("customers"))


@question(
    "00.q2",
    kind="percent",
    abs_tol=0.05,
    prompt="What share of the customers are business (B2B) customers, in percent?",
    hints=(
        (
            "The segment column says B2C (consumer) or B2B (business). "
            "Count the B2B rows and divide by all rows."
        ),
        (
            "(customers['segment'] == 'B2B').mean() is a fraction between 0 and 1; "
            "multiply by 100 for a percentage."
        ),
    ),
)
def _pct_b2b() -> float:
    customers = _load("customers")
    return float((customers["segment"] == "B2B").mean() * 100)


@question(
    "00.q3",
    kind="choice",
    prompt="Through which acquisition channel did the most customers first come?",
    choices=ACQUISITION_CHANNELS,
    hints=(
        "The acquisition_channel column records how each customer first came; count customers per channel.",
        "customers['acquisition_channel'].value_counts() sorts channels from most to fewest customers; "
        "take the first label (.idxmax()).",
    ),
)
def _top_acquisition_channel() -> str:
    counts = _load("customers")["acquisition_channel"].value_counts()
    return str(counts.idxmax())
