"""The course machinery: exercise feedback, quizzes, exercises and the notebook standards.

Nothing here is CX analysis; it is what turns the analysis into a course.

==============================  ==================================================================
``cxkit.course.feedback``       ``check(question_id, answer)``: a verdict in plain words
                                (also ``cxkit.check``)
``cxkit.course.answers``        the question registry: ``@question`` computes each expected value
                                from the data; each module adds ``answers_NN.py`` beside it
``cxkit.course.quiz``           knowledge checks from YAML banks (also ``from cxkit import quiz``)
``cxkit.course.exercises``      ``exercises/`` built from ``solutions/``; a learner's copy in
                                ``my-work/`` (``cxkit exercises build|start``)
``cxkit.course.lint``           the notebook standards (``cxkit lint-notebooks``)
``cxkit.course.coverage``       where each curriculum concept and CCXP domain is taught
                                (``modules/coverage.yaml``, the README's coverage table)
==============================  ==================================================================

The sub-modules and the names below load on first use, so ``import cxkit.course`` is instant.
"""

import importlib as _importlib
from typing import Any as _Any

from cxkit._lazy import lazy_exports as _lazy_exports

#: The sub-modules, reachable as attributes (``cxkit.course.quiz``) before they are imported.
SUBMODULES: tuple[str, ...] = ("answers", "coverage", "exercises", "feedback", "lint", "quiz")

_EXPORTS = {
    "check": "cxkit.course.feedback",
    "CheckResult": "cxkit.course.feedback",
    "question": "cxkit.course.answers",
    "Quiz": "cxkit.course.quiz",
    "build_all": "cxkit.course.exercises",
    "start": "cxkit.course.exercises",
    "lint_all": "cxkit.course.lint",
}
__all__ = [*SUBMODULES, *_EXPORTS]
_getattr, _dir = _lazy_exports(__name__, _EXPORTS, globals())


def __getattr__(name: str) -> _Any:
    if name in SUBMODULES:
        return _importlib.import_module(f"{__name__}.{name}")
    return _getattr(name)


def __dir__() -> list[str]:
    return sorted(
        {*_dir(), *SUBMODULES}
        - {name for name in globals() if name.startswith("_") and not name.startswith("__")}
    )
