"""Checks shared by every package: columns of a table, scores on a scale, and how rows are named.

A module meant for sharing (a package never imports another package's private names): the metrics,
journey, service, voice-of-the-customer and widget code check their inputs with these, and the data
loaders name rows in their messages with :class:`Rows`. A row is named by its 0-based position, plus
the line of the file it came from or, when the table's index is not the default 0, 1, 2, ..., its
index label: ``row 17 (index label 'S-0042')``.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np
import pandas as pd

from cxkit.errors import CXDataError
from cxkit.stats.results import Comparison, MetricResult

__all__ = [
    "SCALE_CHECK_MIN_N",
    "Rows",
    "as_list",
    "expected_scores",
    "require_columns",
    "scale_check_counts",
    "shown",
    "shown_number",
    "validate_scores",
]


class Rows:
    """Names rows in messages: 0-based position, plus the file line or the index label."""

    def __init__(self, index: pd.Index, source: str, line_of: Callable[[int], int | None] | None):
        self.index = index
        self.source = source
        self.line_of = line_of
        self.default_index = isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1

    def __call__(self, pos: int) -> str:
        pos = int(pos)
        if self.line_of is not None:
            line = self.line_of(pos)
            if line is not None:
                return f"{pos} (line {line} of {self.source})"
        if not self.default_index:
            return f"{pos} (index label {shown(self.index[pos])!r})"
        return str(pos)


def shown(value: object) -> object:
    """Return a value as it should follow 'found' (numpy scalars as plain Python, timestamps as text)."""
    if isinstance(value, pd.Timestamp):
        return str(value)
    if isinstance(value, np.generic):
        return value.item()
    return value


def expected_scores(lo: int, hi: int) -> str:
    """Return what a score on the scale ``lo`` to ``hi`` should be, for error messages."""
    return f"a whole number from {lo} to {hi}"


def validate_scores(
    scores: Any,
    *,
    lo: int,
    hi: int,
    metric: str,
    dropna: bool = False,
    scale_check: bool = True,
    allow_empty: bool = False,
    return_keep: bool = False,
) -> Any:
    """Check scores and return them as an int64 array (blanks dropped when ``dropna``).

    Returns ``(values, n_dropped)``, or ``(values, n_dropped, keep)`` with ``return_keep`` (the
    boolean mask of the answered rows, ``None`` when nothing was blank). Raises
    :class:`CXDataError` naming the column (the Series name, or ``"scores"``), the first offending
    row (index label, or position) and value.
    """
    if isinstance(scores, pd.DataFrame):
        raise CXDataError(
            "a whole table was given where one column of scores is needed",
            column=None,
            expected="one column, e.g. df['nps'] (or breakdown(df, 'nps', by=...) for a table)",
        )
    if isinstance(scores, MetricResult | Comparison):
        raise CXDataError(
            f"a {type(scores).__name__} was given where the scores themselves are needed",
            expected="a list, array or column of scores",
        )
    if isinstance(scores, str | bytes) or np.isscalar(scores):
        raise CXDataError(
            "a single value was given where a list of scores is needed",
            column="scores",
            value=scores,
            expected="a list, array or column of scores, e.g. [9, 10, 6]",
        )
    if isinstance(scores, pd.Series):
        s = scores
        name = "scores" if s.name is None else str(s.name)
    else:
        if not isinstance(scores, np.ndarray):
            scores = list(scores) if isinstance(scores, Iterable) else scores
        arr = np.asarray(scores, dtype=object) if isinstance(scores, list) else np.asarray(scores)
        if arr.ndim != 1:
            raise CXDataError(
                f"scores must be one-dimensional; got an array of shape {arr.shape}",
                column="scores",
                expected="a list, array or column of scores",
            )
        s = pd.Series(arr, copy=False)
        name = "scores"
    rows = Rows(s.index, name, None)  # position, and the index label where it differs
    expected = expected_scores(lo, hi)

    def fail(problem: str, pos: int, value: Any, expect: str = expected) -> None:
        raise CXDataError(problem, column=name, row=rows(pos), value=value, expected=expect)

    dtype = s.dtype
    if pd.api.types.is_bool_dtype(dtype):
        if len(s):
            fail("True/False values are not scores", 0, s.iloc[0])
        values = np.empty(0)
    elif pd.api.types.is_numeric_dtype(dtype) and not isinstance(dtype, pd.CategoricalDtype):
        values = s.to_numpy(dtype=float, na_value=np.nan)
    else:  # object, string or categorical: check each element's type
        raw = s.to_numpy(dtype=object)
        values = np.empty(len(raw), dtype=float)
        for i, v in enumerate(raw):
            if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)) or v is pd.NaT:
                values[i] = np.nan
            elif isinstance(v, bool | np.bool_):
                fail("True/False values are not scores", i, v)
            elif isinstance(v, numbers.Real):
                values[i] = float(v)
            else:
                hint = (
                    " (text, not a number: convert the column with pd.to_numeric)"
                    if isinstance(v, str)
                    else ""
                )
                fail(f"not a number{hint}", i, v)
    missing = np.isnan(values)
    n_missing = int(missing.sum())
    if n_missing and not dropna:
        pos = int(np.argmax(missing))
        raise CXDataError(
            "blank score (a customer who did not answer); pass dropna=True to leave blanks out",
            column=name,
            row=rows(pos),
            value=None,
            expected=expected,
        )
    if n_missing:
        keep = ~missing
        values = values[keep]
        positions = np.flatnonzero(keep)
    else:
        positions = None
    bad = (values < lo) | (values > hi)
    if bad.any():
        i = int(np.argmax(bad))
        fail("score out of range", i if positions is None else int(positions[i]), shown_number(values[i]))
    frac = values != np.floor(values)
    if frac.any():
        i = int(np.argmax(frac))
        fail("not a whole number", i if positions is None else int(positions[i]), shown_number(values[i]))
    if len(values) == 0 and not allow_empty:
        raise CXDataError(
            "no responses to compute a score from (0 answers"
            + (", after dropping blanks)" if n_missing else ")"),
            column=name,
            expected=f"at least one {expected[2:]}",
        )
    ints = values.astype(np.int64)
    if scale_check:
        _scale_check(ints, lo=lo, hi=hi, metric=metric, name=name)
    if return_keep:
        return ints, n_missing, (~missing if n_missing else None)
    return ints, n_missing


def shown_number(x: float) -> Any:
    """Return a score as a message shows it: ``9`` for 9.0, ``9.5`` for 9.5."""
    return int(x) if float(x).is_integer() else float(x)


#: Smallest number of answers for the wrong-scale check to speak.
SCALE_CHECK_MIN_N = 30


#: A 1–10 question is suspected only when its bottom answer (1) is used at least this often and
#: 0 never is: a happy 0–10 group can have a stray 1 and no 0 by chance.
SCALE_CHECK_MIN_ONES = 10
#: Below 30 answers, a 1-10 question is suspected (a warning) from this many 1s and no 0.
SCALE_CHECK_MIN_ONES_SMALL = 3


def _scale_check(values: np.ndarray, *, lo: int, hi: int, metric: str, name: str) -> None:
    """Refuse n >= 30 answers that look like another scale; warn below 30 (see ``nps`` Notes)."""
    if len(values) == 0:
        return
    scale_check_counts(
        len(values),
        int(values.min()),
        int(values.max()),
        int((values == 1).sum()),
        lo=lo,
        hi=hi,
        metric=metric,
        name=name,
        stacklevel=6,
    )


def scale_check_counts(
    n: int, vmin: int, vmax: int, ones: int, *, lo: int, hi: int, metric: str, name: str, stacklevel: int
) -> None:
    """Run :func:`_scale_check` from the answers' count, lowest, highest and number of 1s."""
    small = n < SCALE_CHECK_MIN_N
    hint = "; if the scale really is {lo} to {hi}, pass scale_check=False"
    problem = None
    if lo == 0 and hi == 10:  # NPS
        if (
            vmin == 1
            and vmax == 10
            and ones >= (SCALE_CHECK_MIN_ONES_SMALL if small else SCALE_CHECK_MIN_ONES)
        ):
            problem = (
                f"these {n:,} scores look like a 1-to-10 scale (no 0 at all, but {ones} 1s and some 10s), "
                "and the NPS needs the 0-to-10 question: re-code or re-ask"
            )
        elif vmin >= 1 and vmax <= 7:
            top = 5 if vmax <= 5 else 7
            problem = (
                f"these {n:,} scores look like a 1-to-{top} scale (nothing above {vmax}, no 0), "
                "not the 0-to-10 recommend question"
            )
        expected = "scores from 0 to 10"
    elif hi == 7 and lo == 1:  # CES
        if vmin == 1 and vmax == 5 and not small:
            problem = (
                f"these {n:,} scores look like a 1-to-5 scale (1s and 5s but no 6 or 7); pass "
                "scale=5 if the effort question had five points, or check you passed the CES column"
            )
        elif vmax <= 5 and small and n >= 5:
            problem = (
                f"these {n:,} scores never go above {vmax} on a 1-to-7 scale; is this a 1-to-5 question "
                "(pass scale=5) or the CSAT column"
            )
        expected = "scores from 1 to 7"
    if problem is None:
        return
    problem += hint.format(lo=lo, hi=hi)
    if small:
        import warnings

        from cxkit.errors import CXDataWarning

        warnings.warn(
            f"column {name!r}: {problem}. With fewer than {SCALE_CHECK_MIN_N} answers this is a warning, "
            f"not an error: check the column (scores from {vmin} to {vmax}).",
            CXDataWarning,
            stacklevel=stacklevel,
        )
        return
    raise CXDataError(problem, column=name, value=f"scores from {vmin} to {vmax}", expected=expected)


def require_columns(df: Any, columns: Iterable[str], what: str = "table") -> None:
    """Check that ``df`` is a DataFrame with ``columns``; raise :class:`CXDataError` if not."""
    if isinstance(df, pd.Series):
        name = "the column" if df.name is None else f"the column {df.name!r}"
        raise CXDataError(
            f"a table (DataFrame) was expected and a Series ({name}) was given",
            value="a pandas Series",
            expected=(
                "the whole table, e.g. breakdown(surveys, 'nps', by='segment'); to turn one column "
                "into a table use series.to_frame(), or pass the table and name the column "
                "(score=...)"
            ),
        )
    if not isinstance(df, pd.DataFrame):
        raise CXDataError(
            f"a table (DataFrame) was expected (a {what})",
            value=type(df).__name__,
            expected="a DataFrame such as cxkit.data.load('surveys')",
        )
    for c in columns:
        if c not in df.columns:
            raise CXDataError(
                "no such column in the table",
                column=c,
                expected="one of: " + ", ".join(str(x) for x in df.columns),
            )


def as_list(by: Any) -> list[str]:
    """Column names as a list: ``None`` -> ``[]``, ``"segment"`` -> ``["segment"]``."""
    if by is None:
        return []
    if isinstance(by, str):
        return [by]
    return list(by)
