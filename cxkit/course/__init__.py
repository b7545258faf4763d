"""The course machinery: exercise feedback, quizzes, exercises and the notebook standards.

Nothing here is CX analysis; it is what turns the analysis into a course.

==============================  ==================================================================
``cxkit.course.feedback``       ``check(question_id, answer)``: a verdict in plain words
                                (also ``cxkit.check``)
``cxkit.course.answers``        the question registry: ``@question`` computes each expected value
                                from the data; each module adds ``answers_NN.py`` beside it
``cxkit.course.quiz``           knowledge checks from YAML banks (also ``from cxkit import quiz``)
``cxkit.course.tasks``          each exercise's tasks and their kind (``tasks("03")``), from
                                ``solutions/tasks.yaml``; the transfer cases (``case(...)``)
``cxkit.course.rubric``         rubrics for open work, the self/peer-assessment form, the
                                gradebook CSV (learner, task, kind, score, max)
``cxkit.course.artefacts``      checkers of the artefact tasks (a persona, a map, a blueprint, a
                                reply...) that ``cxkit.check`` calls, and their templates
``cxkit.course.room``           the room exchange: a shared folder where group-quiz answers land
                                for the instructor's ``quiz.reveal`` (``CXKIT_ROOM``)
``cxkit.course.exercises``      ``exercises/`` built from ``solutions/``; a learner's copy in
                                ``my-work/`` (``cxkit exercises build|start``)
``cxkit.course.lint``           the notebook standards (``cxkit lint-notebooks``)
``cxkit.course.coverage``       where each curriculum concept and CCXP domain is taught
                                (``modules/coverage.yaml``, the README's coverage table)
==============================  ==================================================================

The sub-modules and the names below load on first use, so ``import cxkit.course`` is instant.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cxkit._lazy import lazy_exports

if TYPE_CHECKING:  # pragma: no cover
    from cxkit.course import (
        answers,
        artefacts,
        coverage,
        exercises,
        feedback,
        lint,
        quiz,
        room,
        rubric,
        tasks,
    )
    from cxkit.course.answers import question
    from cxkit.course.exercises import build_all, start
    from cxkit.course.feedback import CheckResult, check
    from cxkit.course.lint import lint_all
    from cxkit.course.quiz import Quiz

_EXPORTS = {
    "answers": "cxkit.course:answers",
    "artefacts": "cxkit.course:artefacts",
    "rubric": "cxkit.course:rubric",
    "tasks": "cxkit.course:tasks",
    "coverage": "cxkit.course:coverage",
    "exercises": "cxkit.course:exercises",
    "feedback": "cxkit.course:feedback",
    "lint": "cxkit.course:lint",
    "quiz": "cxkit.course:quiz",
    "room": "cxkit.course:room",
    "question": "cxkit.course.answers",
    "build_all": "cxkit.course.exercises",
    "start": "cxkit.course.exercises",
    "check": "cxkit.course.feedback",
    "CheckResult": "cxkit.course.feedback",
    "lint_all": "cxkit.course.lint",
    "Quiz": "cxkit.course.quiz",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())
