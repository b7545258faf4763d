"""The errors cxkit raises.

Every error a learner can meet is a typed ``cxkit`` error whose message says what was wrong
(the file, the column, the first offending row and value) and what was expected, in words a
beginner can act on. They subclass the built-in exception a Python programmer would expect
(``ValueError`` for bad data, ``FileExistsError`` for protected work), so ``except ValueError``
still works.

>>> from cxkit.errors import CXDataError
>>> raise CXDataError("score out of range", dataset="surveys", column="nps", row=17,
...                   value=11, expected="an integer from 0 to 10")  # doctest: +NORMALIZE_WHITESPACE
Traceback (most recent call last):
...
cxkit.errors.CXDataError: surveys, column 'nps', row 17: score out of range: found 11; expected an integer
from 0 to 10.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "CXAnswerError",
    "CXConfigError",
    "CXConvergenceError",
    "CXDataError",
    "CXDataWarning",
    "CXError",
    "CXFileNotFoundError",
    "CXMapError",
    "CXNotFittedError",
    "CXWorkExistsError",
]


class CXError(Exception):
    """Base class of every error cxkit raises on purpose."""


class CXDataError(CXError, ValueError):
    """The data do not have the shape, type or values a cxkit function needs.

    Parameters
    ----------
    problem : str
        What is wrong, in a few words ("score out of range", "missing column").
    dataset : str, optional
        The file or data set name (``"surveys"``, ``"my_export.csv"``).
    column : str, optional
        The offending column.
    row : int or str, optional
        The first offending row (its index label, or its 0-based position).
    value : object, optional
        The first offending value, shown with ``repr``-like quoting for strings.
    expected : str, optional
        What would have been accepted ("an integer from 0 to 10").
    """

    def __init__(
        self,
        problem: str,
        *,
        dataset: str | None = None,
        column: str | None = None,
        row: Any = None,
        value: Any = None,
        expected: str | None = None,
    ) -> None:
        self.problem = problem
        self.dataset = dataset
        self.column = column
        self.row = row
        self.value = value
        self.expected = expected
        super().__init__(self._message())

    _UNSET = object()

    def _message(self) -> str:
        where = []
        if self.dataset is not None:
            where.append(str(self.dataset))
        if self.column is not None:
            where.append(f"column {self.column!r}")
        if self.row is not None:
            where.append(f"row {self.row}")
        text = (", ".join(where) + ": " if where else "") + self.problem
        if self.value is not None:
            shown = repr(self.value) if isinstance(self.value, str) else str(self.value)
            text += f": found {shown}"
        if self.expected:
            text += f"; expected {self.expected}"
        return text + "."


class CXConfigError(CXError, ValueError):
    """An argument or setting is not one cxkit knows (an unknown data set, metric or method).

    The message lists the valid choices.
    """


class CXAnswerError(CXError, AssertionError):
    """A learner's answer is wrong and strict mode (``CXKIT_STRICT=1``) is on."""


class CXWorkExistsError(CXError, FileExistsError):
    """cxkit refused to overwrite a learner's own work."""


class CXFileNotFoundError(CXError, FileNotFoundError):
    """A file cxkit was asked to read does not exist (or is a folder)."""


class CXDataWarning(UserWarning):
    """The data are valid but look suspicious, and the result may not mean what you think.

    Used where an error would be too strict: for example fewer than 30 NPS answers that never go
    above 5 (a 1-to-5 CSAT column passed by mistake?), or answers left out of a table because their
    group is blank. Read the message, check the column, and silence it with
    ``warnings.simplefilter("ignore", CXDataWarning)`` only once you have.
    """


class CXNotFittedError(CXError, AttributeError):
    """A model was used before ``fit``: call ``model.fit(data)`` first (scikit-learn's shape)."""


class CXMapError(CXDataError):
    """A journey map, persona or service blueprint (a YAML file) breaks a rule of the model.

    The message names the file, the path inside it (``stages[3].touchpoints[1].channel``), the
    value found and what was expected, so the line to fix is found without reading the whole file.

    Parameters
    ----------
    problem : str
        What is wrong ("emotion outside -2..+2", "unknown stage").
    source : str, optional
        The YAML file (or ``"<dict>"`` for a map built in Python).
    path : str, optional
        Where in the file: keys joined by dots, list positions in brackets (0-based).
    value : object, optional
        The offending value.
    expected : str, optional
        What would have been accepted.

    Examples
    --------
    >>> raise CXMapError("emotion outside -2..+2", source="busy-parent.yaml",
    ...                  path="stages[3].emotion", value=3,
    ...                  expected="a number from -2 to +2")  # doctest: +NORMALIZE_WHITESPACE
    Traceback (most recent call last):
    ...
    cxkit.errors.CXMapError: busy-parent.yaml, at stages[3].emotion: emotion outside -2..+2: found 3;
    expected a number from -2 to +2.
    """

    def __init__(
        self,
        problem: str,
        *,
        source: str | None = None,
        path: str = "",
        value: Any = None,
        expected: str | None = None,
    ) -> None:
        self.source = source
        self.path = path
        super().__init__(problem, dataset=source, value=value, expected=expected)

    def _message(self) -> str:
        where = [str(self.source)] if self.source else []
        if self.path:
            where.append(f"at {self.path}")
        text = (", ".join(where) + ": " if where else "") + self.problem
        if self.value is not None:
            shown = repr(self.value) if isinstance(self.value, str) else str(self.value)
            text += f": found {shown}"
        if self.expected:
            text += f"; expected {self.expected}"
        return text + "."

    def within(self, prefix: str = "", *, source: str | None = None) -> CXMapError:
        """Return the same error with ``prefix`` put in front of its path (and ``source`` set).

        >>> CXMapError("duplicated name", path="name", value="x").within("stages[1]").path
        'stages[1].name'
        """
        path = ".".join(p for p in (prefix, self.path) if p).replace(".[", "[")
        return CXMapError(
            self.problem,
            source=source if source is not None else self.source,
            path=path,
            value=self.value,
            expected=self.expected,
        )


class CXConvergenceError(CXError, RuntimeError):
    """A model's maximum-likelihood fit did not converge.

    The message names the model and how many units it was fitted on, says what the optimiser
    reported (or that the parameters ran to the edge of their range: the fit found nothing), and
    lists what to try in the model's own terms (other starting values with ``initial_params=``,
    more iterations with ``max_iter=``; the time unit for a purchase model, the spend for
    Gamma-Gamma). Parameters are printed as plain numbers.
    """


class CXAgendaError(CXMapError):
    """A workshop agenda (``workshops/agendas/*.yaml``) breaks a rule.

    A missing field, an unknown module, activity or handout, or timings that do not add up. Like
    :class:`CXMapError`, the message names the file, the path inside it (``days[0].blocks[3].module``),
    the value found and what was expected.
    """
