r"""CX metrics with their uncertainty: NPS, CSAT, CES, response rate, comparisons and breakdowns.

Every estimate comes back with a confidence interval, because a score from a sample is never
exact. A single score is a :class:`MetricResult`; a comparison of two groups is a
:class:`Comparison`; a score per group or per month is a :class:`pandas.DataFrame` with one row
per group and the columns ``value, n, low, high, moe, too_small``.

>>> from cxkit import metrics
>>> metrics.nps_from_counts(promoters=291, passives=476, detractors=395)
NPS = -8.95 points (n = 1,162; 95% CI -13.34 to -4.56, Wald)

Scores are checked before anything is computed: a score off the scale, a word where a number
should be, a fraction or a blank raises a :class:`~cxkit.errors.CXDataError` that names the
column, the first offending row and value, and the allowed range. An unknown metric or method
raises a :class:`~cxkit.errors.CXConfigError` listing the valid choices.

Functions
---------
nps, nps_from_counts
    Net Promoter Score with a Wald, adjusted-Wald or bootstrap interval.
csat
    Percent satisfied (top-two box) with a Wilson or Wald interval.
ces
    Mean Customer Effort Score with a Student *t* interval.
response_rate
    Share of invitations answered, with a Wilson interval.
compare_nps, compare_csat
    Difference between two independent groups: interval, p-value, plain-words reading.
breakdown, trend
    A metric per group, or per period, as a table.
follow_up_queue
    The detractors and dissatisfied customers to call back, in priority order.
"""

from __future__ import annotations

import html
import math
import numbers
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from statistics import NormalDist
from typing import TYPE_CHECKING, Any

import numpy as np

from cxkit.errors import CXConfigError, CXDataError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "MetricResult",
    "Comparison",
    "nps",
    "nps_from_counts",
    "csat",
    "ces",
    "response_rate",
    "compare_nps",
    "compare_csat",
    "breakdown",
    "trend",
    "follow_up_queue",
    "NPS_METHODS",
    "CSAT_METHODS",
    "METRICS",
]

#: Interval methods for the NPS.
NPS_METHODS: tuple[str, ...] = ("wald", "adjusted_wald", "bootstrap")
#: Interval methods for a proportion (CSAT, response rate).
CSAT_METHODS: tuple[str, ...] = ("wilson", "wald")
#: Interval methods for a difference of two proportions (:func:`compare_csat`).
COMPARE_CSAT_METHODS: tuple[str, ...] = ("newcombe", "wald")
#: Metrics :func:`breakdown` and :func:`trend` know.
METRICS: tuple[str, ...] = ("nps", "csat", "ces")

_METHOD_LABELS = {
    "wald": "Wald",
    "adjusted_wald": "adjusted Wald",
    "bootstrap": "percentile bootstrap",
    "wilson": "Wilson",
    "t": "Student t",
    "newcombe": "Newcombe hybrid score",
}

#: The scale of each metric's score column: (lowest, highest).
_SCALES = {"nps": (0, 10), "csat": (1, 5), "ces": (1, 7)}

# ---------------------------------------------------------------------------------------------
# Result objects
# ---------------------------------------------------------------------------------------------


def _fmt_num(x: float, decimals: int) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "n/a"
    text = f"{x:,.{decimals}f}"
    return "0." + "0" * decimals if text in ("-0", "-0." + "0" * decimals) else text


def _fmt_conf(confidence: float) -> str:
    return f"{confidence * 100:g}%"


@dataclass(frozen=True, repr=False)
class MetricResult:
    """One CX metric estimated from a sample, with its confidence interval.

    Parameters
    ----------
    metric : str
        The metric's name as printed: ``"NPS"``, ``"CSAT"``, ``"CES"``, ``"Response rate"``.
    value : float
        The estimate: NPS in points (−100 to 100), CSAT and response rate in percent (0–100),
        CES as a mean on the survey scale.
    n : int
        The number of answers (or invitations, for a response rate) behind the estimate.
    low, high : float
        The confidence interval's ends, in the same unit as ``value``.
    confidence : float
        The confidence level, e.g. 0.95.
    method : str
        The interval method (``"wald"``, ``"adjusted_wald"``, ``"bootstrap"``, ``"wilson"``, ``"t"``).
    unit : str
        ``"points"``, ``"%"`` or ``""`` (a mean on the survey scale).
    counts : dict
        The counts behind the estimate (NPS: promoters, passives, detractors; CSAT: satisfied,
        not satisfied; response rate: responses, non-responses).
    shares : dict
        The same counts as percentages of ``n``.
    mean : float or None
        The mean score (CSAT and CES).
    agree : float or None
        CES only: the percentage who agree the company made it easy (the top three of seven).
    n_dropped : int
        Blank answers dropped before computing (``dropna=True``).

    Notes
    -----
    ``moe`` (the margin of error) is the interval's half-width, ``(high - low) / 2``. For the
    symmetric Wald and *t* intervals it is the familiar "± moe". The Wilson, adjusted-Wald and
    bootstrap intervals are *not* centred on the estimate (they lean towards the middle of the
    scale, which is why they cover better near 0% or 100%), so for them ``moe`` is a summary of
    the interval's width, not a distance to add and subtract: report ``low`` and ``high``.
    """

    metric: str
    value: float
    n: int
    low: float
    high: float
    confidence: float
    method: str
    unit: str = "points"
    counts: dict[str, int] = field(default_factory=dict)
    shares: dict[str, float] = field(default_factory=dict)
    mean: float | None = None
    agree: float | None = None
    n_dropped: int = 0

    __hash__ = None  # type: ignore[assignment]  # dict fields: results are not hashable

    @property
    def moe(self) -> float:
        """The margin of error: half the interval's width, ``(high - low) / 2``."""
        return (self.high - self.low) / 2

    @property
    def _decimals(self) -> int:
        return 1 if self.unit == "%" else 2

    def _headline(self) -> str:
        d = self._decimals
        if self.unit == "%":
            what = " satisfied" if self.metric == "CSAT" else ""
            return f"{self.metric} = {_fmt_num(self.value, d)}%{what}"
        if self.unit == "points":
            return f"{self.metric} = {_fmt_num(self.value, d)} points"
        return f"{self.metric} = {_fmt_num(self.value, d)}"

    def _detail(self) -> str:
        d = self._decimals
        method = _METHOD_LABELS.get(self.method, self.method)
        return (
            f"n = {self.n:,}; {_fmt_conf(self.confidence)} CI {_fmt_num(self.low, d)} to "
            f"{_fmt_num(self.high, d)}, {method}"
        )

    def __repr__(self) -> str:
        return f"{self._headline()} ({self._detail()})"

    __str__ = __repr__

    def _repr_html_(self) -> str:
        rows = ""
        if self.counts:
            cells = "".join(
                f"<td>{html.escape(k)}: {v:,} ({self.shares.get(k, float('nan')):.1f}%)</td>"
                for k, v in self.counts.items()
            )
            rows = f"<table><tr>{cells}</tr></table>"
        return (
            f'<div class="cxkit-metric"><strong>{html.escape(self._headline())}</strong> '
            f"<span>({html.escape(self._detail())})</span>{rows}</div>"
        )

    def to_dict(self) -> dict[str, Any]:
        """The result as a plain dictionary (one row of a table), including ``moe``."""
        out = {
            "metric": self.metric,
            "value": self.value,
            "n": self.n,
            "low": self.low,
            "high": self.high,
            "moe": self.moe,
            "confidence": self.confidence,
            "method": self.method,
        }
        out.update(self.counts)
        if self.mean is not None:
            out["mean"] = self.mean
        if self.agree is not None:
            out["agree"] = self.agree
        return out


@dataclass(frozen=True, repr=False)
class Comparison:
    """The difference between a metric in two independent groups, ``a - b``.

    Parameters
    ----------
    metric : str
        ``"NPS"`` or ``"CSAT"``.
    value : float
        The difference ``a - b`` (NPS points, or percentage points of satisfied customers).
    low, high : float
        The confidence interval of the difference.
    p_value : float
        Two-sided p-value of the test that the two groups have the same score.
    n_a, n_b : int
        The number of answers in each group.
    value_a, value_b : float
        Each group's own score.
    confidence : float
        The confidence level.
    method : str
        The interval method.
    names : tuple of str
        The two groups' names, used in :attr:`interpretation`.

    Notes
    -----
    ``moe`` is the interval's half-width. A difference is called "statistically clear" when the
    p-value is below ``1 - confidence`` (0.05 at 95%): then the interval excludes 0 too (exactly
    for the Wald methods; almost always for Newcombe's interval, which is not built from the
    same test).
    """

    metric: str
    value: float
    low: float
    high: float
    p_value: float
    n_a: int
    n_b: int
    value_a: float
    value_b: float
    confidence: float
    method: str
    names: tuple[str, str] = ("A", "B")

    @property
    def moe(self) -> float:
        """The margin of error of the difference: half the interval's width."""
        return (self.high - self.low) / 2

    @property
    def significant(self) -> bool:
        """Whether ``p_value < 1 - confidence``."""
        return bool(self.p_value < 1 - self.confidence)

    @property
    def _unit(self) -> str:
        return "points" if self.metric == "NPS" else "percentage points"

    @property
    def interpretation(self) -> str:
        """The comparison in plain words.

        Example: ``"B2B is 17.3 points below B2C; the difference is statistically clear
        (p < 0.001)."``
        """
        a, b = self.names
        p = "p < 0.001" if self.p_value < 0.001 else f"p = {self.p_value:.3f}"
        size = abs(self.value)
        if size < 0.05:
            head = f"{a} and {b} have the same {self.metric} (difference 0.0 {self._unit})"
        else:
            where = "above" if self.value > 0 else "below"
            head = f"{a} is {size:.1f} {self._unit} {where} {b}"
        if self.significant:
            tail = f"the difference is statistically clear ({p})"
        else:
            tail = f"the difference could be chance ({p})"
        return f"{head}; {tail}."

    def __repr__(self) -> str:
        a, b = self.names
        method = _METHOD_LABELS.get(self.method, self.method)
        return (
            f"{self.metric} difference {a} - {b} = {_fmt_num(self.value, 2)} {self._unit} "
            f"({_fmt_conf(self.confidence)} CI {_fmt_num(self.low, 2)} to {_fmt_num(self.high, 2)}, "
            f"{method}; {_fmt_p(self.p_value)}; n = {self.n_a:,} vs {self.n_b:,})"
        )

    __str__ = __repr__

    def _repr_html_(self) -> str:
        return (
            f'<div class="cxkit-comparison"><strong>{html.escape(self.interpretation)}</strong><br>'
            f"<span>{html.escape(repr(self))}</span></div>"
        )


# ---------------------------------------------------------------------------------------------
# Checking arguments and scores
# ---------------------------------------------------------------------------------------------


def _check_choice(value: Any, choices: Sequence[str], what: str) -> str:
    if not isinstance(value, str) or value not in choices:
        raise CXConfigError(
            f"Unknown {what} {value!r}. The valid choices are: {', '.join(repr(c) for c in choices)}."
        )
    return value


def _check_confidence(confidence: Any) -> float:
    if isinstance(confidence, bool) or not isinstance(confidence, numbers.Real) or not 0 < confidence < 1:
        raise CXConfigError(
            f"confidence must be a number between 0 and 1 (e.g. 0.95 for 95%); got {confidence!r}."
        )
    return float(confidence)


def _z(confidence: float) -> float:
    return NormalDist().inv_cdf(0.5 + confidence / 2)


def _expected(lo: int, hi: int) -> str:
    return f"a whole number from {lo} to {hi}"


def _validate_scores(
    scores: Any,
    *,
    lo: int,
    hi: int,
    metric: str,
    dropna: bool = False,
    scale_check: bool = True,
    allow_empty: bool = False,
) -> tuple[np.ndarray, int]:
    """Check scores and return them as an int64 array (blanks dropped when ``dropna``).

    Returns ``(values, n_dropped)``. Raises :class:`CXDataError` naming the column (the Series
    name, or ``"scores"``), the first offending row (index label, or position) and value.
    """
    import pandas as pd

    if isinstance(scores, pd.DataFrame):
        raise CXDataError(
            "a whole table was given where one column of scores is needed",
            column=None,
            expected="one column, e.g. df['nps']",
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
    labels = s.index
    expected = _expected(lo, hi)

    def fail(problem: str, pos: int, value: Any, expect: str = expected) -> None:
        raise CXDataError(problem, column=name, row=labels[pos], value=value, expected=expect)

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
                hint = " (text, not a number: convert the column with pd.to_numeric)" if isinstance(v, str) else ""
                fail(f"not a number{hint}", i, v)
    missing = np.isnan(values)
    n_missing = int(missing.sum())
    if n_missing and not dropna:
        pos = int(np.argmax(missing))
        raise CXDataError(
            "blank score (a customer who did not answer); pass dropna=True to leave blanks out",
            column=name,
            row=labels[pos],
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
        fail("score out of range", i if positions is None else int(positions[i]), _shown(values[i]))
    frac = values != np.floor(values)
    if frac.any():
        i = int(np.argmax(frac))
        fail("not a whole number", i if positions is None else int(positions[i]), _shown(values[i]))
    if len(values) == 0 and not allow_empty:
        raise CXDataError(
            "no responses to compute a score from (0 answers" + (", after dropping blanks)" if n_missing else ")"),
            column=name,
            expected=f"at least one {expected[2:]}",
        )
    ints = values.astype(np.int64)
    if scale_check:
        _scale_check(ints, lo=lo, hi=hi, metric=metric, name=name)
    return ints, n_missing


def _shown(x: float) -> Any:
    return int(x) if float(x).is_integer() else float(x)


#: Smallest number of answers for the wrong-scale check to speak.
SCALE_CHECK_MIN_N = 30
#: A 1–10 question is suspected only when its bottom answer (1) is used at least this often and
#: 0 never is: a happy 0–10 group can have a stray 1 and no 0 by chance.
SCALE_CHECK_MIN_ONES = 10


def _scale_check(values: np.ndarray, *, lo: int, hi: int, metric: str, name: str) -> None:
    """Raise when n >= 30 answers look like they come from another scale (see ``nps`` Notes)."""
    n = len(values)
    if n < SCALE_CHECK_MIN_N:
        return
    vmin, vmax = int(values.min()), int(values.max())
    hint = "; if the scale really is {lo} to {hi}, pass scale_check=False"
    if lo == 0 and hi == 10:  # NPS
        if vmin == 1 and vmax == 10 and int((values == 1).sum()) >= SCALE_CHECK_MIN_ONES:
            raise CXDataError(
                f"these {n:,} scores look like a 1-to-10 scale (no 0 at all, but many 1s and some 10s), and the "
                "NPS needs the 0-to-10 question: re-code or re-ask" + hint.format(lo=lo, hi=hi),
                column=name,
                value=f"scores from {vmin} to {vmax}",
                expected="scores from 0 to 10",
            )
        if vmin >= 1 and vmax <= 7:
            raise CXDataError(
                f"these {n:,} scores look like a 1-to-5 or 1-to-7 scale (nothing above {vmax}, no 0), "
                "not the 0-to-10 recommend question" + hint.format(lo=lo, hi=hi),
                column=name,
                value=f"scores from {vmin} to {vmax}",
                expected="scores from 0 to 10",
            )
    elif hi == 7 and lo == 1:  # CES
        if vmin == 1 and vmax == 5:
            raise CXDataError(
                f"these {n:,} scores look like a 1-to-5 scale (1s and 5s but no 6 or 7); pass "
                "scale=5 if the effort question had five points, or check you passed the CES column"
                + hint.format(lo=lo, hi=hi),
                column=name,
                value=f"scores from {vmin} to {vmax}",
                expected="scores from 1 to 7",
            )


# ---------------------------------------------------------------------------------------------
# NPS
# ---------------------------------------------------------------------------------------------


def _nps_interval(
    promoters: np.ndarray | int,
    passives: np.ndarray | int,
    detractors: np.ndarray | int,
    *,
    confidence: float,
    method: str,
    n_boot: int = 10_000,
    seed: Any = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """NPS and its interval from counts (arrays allowed for wald/adjusted_wald), in points."""
    P = np.asarray(promoters, dtype=float)
    A = np.asarray(passives, dtype=float)
    D = np.asarray(detractors, dtype=float)
    n = P + A + D
    with np.errstate(invalid="ignore", divide="ignore"):
        value = 100 * (P - D) / n
        if method == "bootstrap":
            rng = np.random.default_rng(seed)
            alpha = 1 - confidence
            lows, highs = [], []
            for p_, a_, d_ in zip(np.atleast_1d(P), np.atleast_1d(A), np.atleast_1d(D), strict=True):
                m = int(p_ + a_ + d_)
                draws = rng.multinomial(m, [p_ / m, a_ / m, d_ / m], size=n_boot)
                boot = 100 * (draws[:, 0] - draws[:, 2]) / m
                lo_, hi_ = np.quantile(boot, [alpha / 2, 1 - alpha / 2])
                lows.append(lo_)
                highs.append(hi_)
            low = np.asarray(lows).reshape(P.shape)
            high = np.asarray(highs).reshape(P.shape)
        else:
            if method == "adjusted_wald":
                P, D, n = P + 0.75, D + 0.75, n + 3
            p, d = P / n, D / n
            centre = p - d
            se = np.sqrt(np.maximum((p + d) - (p - d) ** 2, 0.0) / n)
            z = _z(confidence)
            low = 100 * (centre - z * se)
            high = 100 * (centre + z * se)
    low = np.clip(np.minimum(low, value), -100, 100)
    high = np.clip(np.maximum(high, value), -100, 100)
    return value, low, high


def _nps_result(
    promoters: int,
    passives: int,
    detractors: int,
    *,
    confidence: float,
    method: str,
    n_boot: int,
    seed: Any,
    n_dropped: int = 0,
) -> MetricResult:
    n = promoters + passives + detractors
    value, low, high = _nps_interval(
        promoters, passives, detractors, confidence=confidence, method=method, n_boot=n_boot, seed=seed
    )
    counts = {"promoters": promoters, "passives": passives, "detractors": detractors}
    return MetricResult(
        metric="NPS",
        value=float(value),
        n=n,
        low=float(low),
        high=float(high),
        confidence=confidence,
        method=method,
        unit="points",
        counts=counts,
        shares={k: 100 * v / n for k, v in counts.items()},
        n_dropped=n_dropped,
    )


def _check_boot(n_boot: Any) -> int:
    if isinstance(n_boot, bool) or not isinstance(n_boot, numbers.Integral) or n_boot < 100:
        raise CXConfigError(f"n_boot must be a whole number of at least 100 (e.g. 10_000); got {n_boot!r}.")
    return int(n_boot)


def nps(
    scores: Any,
    confidence: float = 0.95,
    method: str = "wald",
    *,
    dropna: bool = False,
    scale_check: bool = True,
    n_boot: int = 10_000,
    seed: Any = None,
) -> MetricResult:
    r"""Net Promoter Score of 0-to-10 "how likely are you to recommend us?" answers, with an interval.

    Promoters answer 9 or 10, passives 7 or 8, detractors 0 to 6. With :math:`P` promoters,
    :math:`D` detractors and :math:`n` answers, the score in points and its Wald interval are

    .. math::

        \mathrm{NPS} = 100\,\frac{P - D}{n}, \qquad
        \hat p = \frac{P}{n},\; \hat d = \frac{D}{n}, \qquad
        \widehat{\mathrm{Var}}(\hat p - \hat d) = \frac{(\hat p + \hat d) - (\hat p - \hat d)^2}{n},

    .. math::

        \mathrm{NPS} \pm 100\, z_{1-\alpha/2} \sqrt{\widehat{\mathrm{Var}}(\hat p - \hat d)}.

    The variance is that of the mean of a trinomial variable scored +1 (promoter), 0 (passive)
    and −1 (detractor). The adjusted Wald interval applies the same formula after adding
    :math:`\tfrac34` to the promoters, :math:`\tfrac34` to the detractors and 3 to :math:`n`
    (so :math:`1\tfrac12` to the passives): :math:`\tilde p = (P + \tfrac34)/(n + 3)`,
    :math:`\tilde d = (D + \tfrac34)/(n + 3)`, variance with :math:`n + 3`, centred on
    :math:`100(\tilde p - \tilde d)`.

    Parameters
    ----------
    scores : array-like of shape (n,)
        Whole numbers from 0 to 10: a list, NumPy array or pandas Series (nullable ``Int64``
        with ``<NA>`` too).
    confidence : float, default 0.95
        Confidence level of the interval.
    method : {"wald", "adjusted_wald", "bootstrap"}, default "wald"
        Interval method; see Notes for when each is right.
    dropna : bool, default False
        Leave blank answers (``NaN``/``<NA>``: customers who did not answer) out. By default a
        blank raises, so that a blank is never silently counted or lost.
    scale_check : bool, default True
        Raise when 30 or more scores look like another scale (see Notes).
    n_boot : int, default 10_000
        Bootstrap resamples (``method="bootstrap"`` only).
    seed : int or numpy.random.Generator, optional
        Seed of the bootstrap, for a reproducible interval.

    Returns
    -------
    MetricResult
        ``value`` in points (−100 to 100), ``low``/``high``, ``moe``, ``n`` and the ``counts``
        and ``shares`` (percent) of promoters, passives and detractors.

    Raises
    ------
    CXDataError
        A score outside 0–10 (e.g. 11), not a number (``"nine"``), not whole (7.5), blank
        (unless ``dropna=True``), no scores at all, or scores that look like a 1–10 or a
        1–5/1–7 scale. The message names the column, the first offending row and value.
    CXConfigError
        An unknown ``method``, or ``confidence`` not between 0 and 1.

    See Also
    --------
    nps_from_counts : the same from the three counts.
    compare_nps : the difference between two groups.
    breakdown : the NPS per group of a survey table.

    Notes
    -----
    **Which interval.** Rocks (2016) compared interval methods for the NPS by simulation over
    many trinomial distributions. The *Wald* interval is the textbook one and is fine for the
    large samples of a company-wide tracker (a few hundred answers or more, scores not extreme),
    but it under-covers (a "95%" interval misses more than 5% of the time) for small samples
    and for extreme scores, and collapses to zero width when every answer is a promoter. The
    *adjusted Wald* interval kept close to nominal coverage from small samples (n of about 10
    to 20 upwards) across the range of true scores, at no extra cost: prefer it for small
    groups (a team, a store, a month) and near ±100. The *percentile bootstrap* (resampling the
    three counts from a multinomial distribution, ``n_boot`` times) makes no normal
    approximation but also under-covers at small n and is degenerate when a group is empty
    (e.g. no detractors observed); use it to teach resampling or as a check. Ends are truncated
    to the possible range, −100 to 100.

    **Which scale.** The NPS needs the 0–10 question. With 30 or more scores, two patterns are
    refused as probably another scale: *no 0 at all, but at least ten 1s and some 10s* (a 1–10
    question, whose bottom answer 1 takes the place of 0) and *nothing above 7 and no 0* (a 1–5
    or 1–7 question). A real 0–10 sample that uses its bottom end has 0s; a happy group with a
    stray 1 and no 0 passes. Pass ``scale_check=False`` if the question truly was 0–10.

    References
    ----------
    Reichheld, F. F. (2003). The one number you need to grow. *Harvard Business Review*,
    81(12), 46–54.

    Rocks, B. (2016). Interval estimation for the "Net Promoter Score". *The American
    Statistician*, 70(4), 365–372. https://doi.org/10.1080/00031305.2016.1158124

    Examples
    --------
    Ten answers, worked by hand: 4 promoters (9, 9, 10, 10), 3 passives (7, 8, 8) and 3
    detractors (0, 3, 6), so NPS = 100 × (4 − 3) / 10 = 10 points. With p̂ = 0.4 and
    d̂ = 0.3, Var = (0.7 − 0.1²) / 10 = 0.069, SE = 0.2627 and the 95% margin is
    1.96 × 0.2627 × 100 = 51.48 points:

    >>> from cxkit.metrics import nps
    >>> r = nps([0, 3, 6, 7, 8, 8, 9, 9, 10, 10])
    >>> r
    NPS = 10.00 points (n = 10; 95% CI -41.48 to 61.48, Wald)
    >>> round(r.moe, 2)
    51.48
    >>> r.counts
    {'promoters': 4, 'passives': 3, 'detractors': 3}

    Ten answers are far too few for a Wald interval; the adjusted Wald interval is the one to
    quote (p̃ = 4.75/13, d̃ = 3.75/13):

    >>> nps([0, 3, 6, 7, 8, 8, 9, 9, 10, 10], method="adjusted_wald")
    NPS = 10.00 points (n = 10; 95% CI -36.06 to 51.45, adjusted Wald)

    A blank raises unless you say to drop it:

    >>> import pandas as pd
    >>> answers = pd.Series([10, 9, None, 3], dtype="Int64", name="nps")
    >>> nps(answers)
    Traceback (most recent call last):
    ...
    cxkit.errors.CXDataError: column 'nps', row 2: blank score (a customer who did not answer); pass dropna=True to leave blanks out; expected a whole number from 0 to 10.
    >>> nps(answers, dropna=True).n
    3
    """
    confidence = _check_confidence(confidence)
    method = _check_choice(method, NPS_METHODS, "NPS interval method")
    if method == "bootstrap":
        n_boot = _check_boot(n_boot)
    values, n_dropped = _validate_scores(scores, lo=0, hi=10, metric="nps", dropna=dropna, scale_check=scale_check)
    P = int((values >= 9).sum())
    D = int((values <= 6).sum())
    A = len(values) - P - D
    return _nps_result(P, A, D, confidence=confidence, method=method, n_boot=n_boot, seed=seed,
                       n_dropped=n_dropped)


def _check_count(value: Any, name: str) -> int:
    if (
        isinstance(value, bool)
        or not isinstance(value, numbers.Real)
        or (isinstance(value, float) and not value.is_integer())
        or value < 0
    ):
        raise CXDataError(f"{name} must be a count", column=name, value=value, expected="a whole number of 0 or more")
    return int(value)


def nps_from_counts(
    promoters: int,
    passives: int,
    detractors: int,
    confidence: float = 0.95,
    method: str = "wald",
    *,
    n_boot: int = 10_000,
    seed: Any = None,
) -> MetricResult:
    r"""Net Promoter Score from the numbers of promoters, passives and detractors.

    .. math::

        \mathrm{NPS} = 100\,\frac{P - D}{P + A + D}

    with the same intervals as :func:`nps` (Wald, adjusted Wald, bootstrap; see its Notes).

    Parameters
    ----------
    promoters, passives, detractors : int
        The counts (answers 9–10, 7–8 and 0–6).
    confidence : float, default 0.95
        Confidence level of the interval.
    method : {"wald", "adjusted_wald", "bootstrap"}, default "wald"
        Interval method.
    n_boot : int, default 10_000
        Bootstrap resamples (``method="bootstrap"`` only).
    seed : int or numpy.random.Generator, optional
        Seed of the bootstrap.

    Returns
    -------
    MetricResult
        The same result :func:`nps` returns for scores with these counts.

    Raises
    ------
    CXDataError
        A count that is negative or not whole, or all three counts 0.
    CXConfigError
        An unknown ``method``, or ``confidence`` not between 0 and 1.

    Notes
    -----
    Rocks (2016) recommends the adjusted Wald interval for small samples; see :func:`nps`.

    References
    ----------
    Rocks, B. (2016). Interval estimation for the "Net Promoter Score". *The American
    Statistician*, 70(4), 365–372. https://doi.org/10.1080/00031305.2016.1158124

    Examples
    --------
    291 promoters, 476 passives and 395 detractors: NPS = 100 × (291 − 395) / 1,162 = −8.95
    points; p̂ = 0.2504, d̂ = 0.3399, Var = (0.5904 − 0.0895²) / 1,162 = 0.000501, so the 95%
    margin is 1.96 × 0.02239 × 100 = 4.39 points:

    >>> from cxkit.metrics import nps_from_counts
    >>> r = nps_from_counts(291, 476, 395)
    >>> r
    NPS = -8.95 points (n = 1,162; 95% CI -13.34 to -4.56, Wald)
    >>> round(r.moe, 2)
    4.39
    """
    confidence = _check_confidence(confidence)
    method = _check_choice(method, NPS_METHODS, "NPS interval method")
    if method == "bootstrap":
        n_boot = _check_boot(n_boot)
    P = _check_count(promoters, "promoters")
    A = _check_count(passives, "passives")
    D = _check_count(detractors, "detractors")
    if P + A + D == 0:
        raise CXDataError("no responses to compute a score from (all three counts are 0)",
                          expected="at least one answer")
    return _nps_result(P, A, D, confidence=confidence, method=method, n_boot=n_boot, seed=seed)


# ---------------------------------------------------------------------------------------------
# Proportions: Wilson and Wald
# ---------------------------------------------------------------------------------------------


def _prop_interval(x: Any, n: Any, confidence: float, method: str) -> tuple[np.ndarray, np.ndarray]:
    """Interval for a proportion x/n on the 0–1 scale (arrays allowed)."""
    x = np.asarray(x, dtype=float)
    n = np.asarray(n, dtype=float)
    z = _z(confidence)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = x / n
        if method == "wilson":
            denom = 1 + z**2 / n
            centre = (p + z**2 / (2 * n)) / denom
            half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / denom
        else:
            centre = p
            half = z * np.sqrt(p * (1 - p) / n)
        low = np.clip(centre - half, 0, 1)
        high = np.clip(centre + half, 0, 1)
        # Guard rounding at the ends: the interval always contains the estimate.
        low = np.minimum(low, p)
        high = np.maximum(high, p)
    return low, high


def _satisfied_set(scale: int, satisfied: Sequence[int] | None) -> tuple[int, ...]:
    if satisfied is None:
        return (scale - 1, scale)
    try:
        chosen = tuple(int(s) for s in satisfied)
    except (TypeError, ValueError):
        raise CXConfigError(f"satisfied must be a list of scores, e.g. (4, 5); got {satisfied!r}.") from None
    if not chosen or any(s < 1 or s > scale for s in chosen):
        raise CXConfigError(f"satisfied must list scores from 1 to {scale}, e.g. ({scale - 1}, {scale}); "
                            f"got {satisfied!r}.")
    return chosen


def _check_scale(scale: Any, allowed: Sequence[int], what: str) -> int:
    if isinstance(scale, bool) or scale not in allowed:
        raise CXConfigError(f"Unknown {what} scale {scale!r}. The valid choices are: "
                            f"{', '.join(str(a) for a in allowed)} (points, from 1).")
    return int(scale)


def csat(
    scores: Any,
    scale: int = 5,
    satisfied: Sequence[int] | None = None,
    confidence: float = 0.95,
    method: str = "wilson",
    *,
    dropna: bool = False,
) -> MetricResult:
    r"""Customer satisfaction: the percentage of satisfied answers (top-two box), with an interval.

    With :math:`x` satisfied answers (4 or 5 on the 1–5 scale) out of :math:`n`,
    :math:`\hat p = x/n` and the Wilson score interval is

    .. math::

        \frac{\hat p + \dfrac{z^2}{2n}}{1 + \dfrac{z^2}{n}}
        \;\pm\;
        \frac{z}{1 + \dfrac{z^2}{n}}\sqrt{\frac{\hat p(1-\hat p)}{n} + \frac{z^2}{4n^2}},
        \qquad z = z_{1-\alpha/2},

    reported ×100 in percent. The Wald interval is :math:`\hat p \pm z\sqrt{\hat p(1-\hat p)/n}`.

    Parameters
    ----------
    scores : array-like of shape (n,)
        Whole numbers from 1 to ``scale`` (list, array or Series, nullable ``Int64`` too).
    scale : {5, 7, 10}, default 5
        The number of answer points, from 1.
    satisfied : sequence of int, optional
        The answers that count as satisfied; default the top two, ``(4, 5)`` on a 5-point scale.
    confidence : float, default 0.95
        Confidence level of the interval.
    method : {"wilson", "wald"}, default "wilson"
        Interval method; see Notes.
    dropna : bool, default False
        Leave blank answers out (by default a blank raises).

    Returns
    -------
    MetricResult
        ``value`` in percent satisfied, ``low``/``high`` (within 0–100), ``moe``, ``n``,
        ``counts`` (satisfied, not satisfied), and ``mean`` (the mean score).

    Raises
    ------
    CXDataError
        A score off the scale, not a number, not whole, blank (unless ``dropna=True``), or no
        scores at all.
    CXConfigError
        An unknown ``method`` or ``scale``, a bad ``satisfied`` or ``confidence``.

    Notes
    -----
    Brown, Cai & DasGupta (2001) showed that the Wald interval for a proportion has erratic
    and often poor coverage, not only for small n or proportions near 0% or 100% — a
    "95%" Wald interval can cover far less than 95% even with n in the hundreds — and
    recommend the Wilson interval for n up to about 40 and Wilson (or Agresti–Coull) above.
    Wilson's interval is never empty, never leaves 0–100%, and is not centred on
    :math:`\hat p` but pulled towards 50%, so ``moe`` is its half-width (see
    :class:`MetricResult`). The Wald interval is offered because textbooks teach it.

    References
    ----------
    Wilson, E. B. (1927). Probable inference, the law of succession, and statistical
    inference. *Journal of the American Statistical Association*, 22(158), 209–212.

    Brown, L. D., Cai, T. T. & DasGupta, A. (2001). Interval estimation for a binomial
    proportion. *Statistical Science*, 16(2), 101–133.

    Examples
    --------
    Ten answers with 8 of them 4 or 5: p̂ = 0.8, z = 1.96, so the Wilson centre is
    (0.8 + 0.192) / 1.384 = 0.7168 and the half-width 1.96 × √(0.016 + 0.0096) / 1.384 = 0.2266:

    >>> from cxkit.metrics import csat
    >>> r = csat([5, 5, 4, 4, 4, 5, 4, 3, 2, 5])
    >>> r
    CSAT = 80.0% satisfied (n = 10; 95% CI 49.0 to 94.3, Wilson)
    >>> r.mean
    4.1
    """
    confidence = _check_confidence(confidence)
    method = _check_choice(method, CSAT_METHODS, "CSAT interval method")
    scale = _check_scale(scale, (5, 7, 10), "CSAT")
    chosen = _satisfied_set(scale, satisfied)
    values, n_dropped = _validate_scores(scores, lo=1, hi=scale, metric="csat", dropna=dropna, scale_check=False)
    n = len(values)
    x = int(np.isin(values, chosen).sum())
    return _proportion_result("CSAT", x, n, ("satisfied", "not satisfied"), confidence, method,
                              mean=float(values.mean()), n_dropped=n_dropped)


# ---------------------------------------------------------------------------------------------
# CES
# ---------------------------------------------------------------------------------------------


def _t_quantile(confidence: float, df: Any) -> Any:
    from scipy import stats

    return stats.t.ppf(0.5 + confidence / 2, df)


def ces(
    scores: Any,
    scale: int = 7,
    confidence: float = 0.95,
    *,
    dropna: bool = False,
    scale_check: bool = True,
) -> MetricResult:
    r"""Customer Effort Score: the mean answer to "the company made it easy", with a *t* interval.

    With answers :math:`x_1, \dots, x_n` on a 1–7 agreement scale (7 = strongly agree that it
    was easy), mean :math:`\bar x` and standard deviation :math:`s`,

    .. math::

        \bar x \pm t_{1-\alpha/2,\,n-1}\,\frac{s}{\sqrt n}.

    The result also carries ``agree``, the percentage who agree (5, 6 or 7 on the 7-point
    scale; 4 or 5 on a 5-point scale: every answer above the middle).

    Parameters
    ----------
    scores : array-like of shape (n,)
        Whole numbers from 1 to ``scale`` (list, array or Series, nullable ``Int64`` too).
    scale : {7, 5}, default 7
        The number of answer points, from 1 (CES 2.0 uses 7).
    confidence : float, default 0.95
        Confidence level of the interval.
    dropna : bool, default False
        Leave blank answers out (by default a blank raises).
    scale_check : bool, default True
        With ``scale=7``, refuse 30 or more answers that span exactly 1 to 5 (probably a 1–5
        CSAT column passed by mistake); pass ``False`` if that is really what was answered.

    Returns
    -------
    MetricResult
        ``value`` and ``mean``: the mean score; ``low``/``high``; ``agree`` in percent;
        ``counts`` (agree, neutral or disagree).

    Raises
    ------
    CXDataError
        A score off the scale, not a number, not whole, blank (unless ``dropna=True``), no
        scores at all, or a probable 1–5 scale.
    CXConfigError
        An unknown ``scale`` or a bad ``confidence``.

    Notes
    -----
    The *t* interval assumes the mean is roughly normal; with a bounded 7-point scale that holds
    well from a few dozen answers, and the interval is a fair guide from about 10. With a single
    answer there is no spread to estimate: ``low`` and ``high`` are NaN. Sauro & Lewis (2016)
    recommend the *t* interval for rating-scale means at any sample size.

    References
    ----------
    Dixon, M., Freeman, K. & Toman, N. (2010). Stop trying to delight your customers. *Harvard
    Business Review*, 88(7/8), 116–122.

    Student (1908). The probable error of a mean. *Biometrika*, 6(1), 1–25.

    Sauro, J. & Lewis, J. R. (2016). *Quantifying the User Experience: Practical Statistics for
    User Research* (2nd ed.), chapter 3. Morgan Kaufmann.

    Examples
    --------
    Five answers 7, 6, 5, 4, 3: mean 5, s = √2.5 = 1.581, t(0.975, 4) = 2.776, so the
    margin is 2.776 × 1.581 / √5 = 1.96; three of five (60%) agree:

    >>> from cxkit.metrics import ces
    >>> r = ces([7, 6, 5, 4, 3])
    >>> r
    CES = 5.00 (n = 5; 95% CI 3.04 to 6.96, Student t)
    >>> r.agree
    60.0
    """
    confidence = _check_confidence(confidence)
    scale = _check_scale(scale, (5, 7), "CES")
    values, n_dropped = _validate_scores(scores, lo=1, hi=scale, metric="ces", dropna=dropna,
                                         scale_check=scale_check)
    return _ces_result(values, scale=scale, confidence=confidence, n_dropped=n_dropped)


def _ces_result(values: np.ndarray, *, scale: int, confidence: float, n_dropped: int = 0) -> MetricResult:
    n = len(values)
    mean = float(values.mean())
    if n >= 2:
        s = float(values.std(ddof=1))
        half = float(_t_quantile(confidence, n - 1)) * s / math.sqrt(n)
        low, high = mean - half, mean + half
    else:
        low = high = float("nan")
    middle = (scale + 1) / 2
    agree = int((values > middle).sum())
    neutral = int((values == middle).sum())
    counts = {"agree": agree, "neutral": neutral, "disagree": n - agree - neutral}
    return MetricResult(
        metric="CES",
        value=mean,
        n=n,
        low=low,
        high=high,
        confidence=confidence,
        method="t",
        unit="",
        counts=counts,
        shares={k: 100 * v / n for k, v in counts.items()},
        mean=mean,
        agree=100 * agree / n,
        n_dropped=n_dropped,
    )


# ---------------------------------------------------------------------------------------------
# Comparisons of two groups
# ---------------------------------------------------------------------------------------------


def _fmt_p(p: float) -> str:
    """A p-value as a reader should see it: never "p = 0"."""
    return "p < 0.001" if p < 0.001 else f"p = {p:.3g}"


def _two_sided_p(z: float) -> float:
    # cdf(-|z|) rather than 1 - cdf(|z|): no cancellation to 0 for large |z|.
    return 2 * NormalDist().cdf(-abs(z))


def _counts_of(group: Any, metric: str, **kw: Any) -> MetricResult:
    if isinstance(group, MetricResult):
        if group.metric != metric.upper():
            raise CXConfigError(f"compare_{metric} needs {metric.upper()} results or scores; got a "
                                f"{group.metric} result.")
        return group
    return nps(group, **kw) if metric == "nps" else csat(group, **kw)


def _names(names: Sequence[str] | None, a: Any, b: Any) -> tuple[str, str]:
    if names is not None:
        if isinstance(names, str) or len(names) != 2:
            raise CXConfigError(f"names must be two labels, e.g. ('B2B', 'B2C'); got {names!r}.")
        return str(names[0]), str(names[1])
    na = getattr(a, "name", None)
    nb = getattr(b, "name", None)
    if isinstance(na, str) and isinstance(nb, str) and na != nb:
        return na, nb
    return "A", "B"


def compare_nps(
    a: Any,
    b: Any,
    confidence: float = 0.95,
    *,
    names: Sequence[str] | None = None,
    dropna: bool = False,
    scale_check: bool = True,
) -> Comparison:
    r"""Difference between the NPS of two independent groups, ``a - b``, with interval and p-value.

    With each group's NPS on the proportion scale :math:`\hat\delta_i = \hat p_i - \hat d_i`,

    .. math::

        \hat\Delta = \hat\delta_a - \hat\delta_b, \qquad
        \mathrm{SE} = \sqrt{\frac{(\hat p_a + \hat d_a) - \hat\delta_a^2}{n_a}
                          + \frac{(\hat p_b + \hat d_b) - \hat\delta_b^2}{n_b}},

    .. math::

        100\,(\hat\Delta \pm z_{1-\alpha/2}\,\mathrm{SE}), \qquad
        z = \hat\Delta / \mathrm{SE}, \quad p = 2\,(1 - \Phi(|z|)).

    Parameters
    ----------
    a, b : array-like of scores, or MetricResult
        The two groups' 0–10 answers (or their :func:`nps` results). The groups must be
        different customers (independent samples).
    confidence : float, default 0.95
        Confidence level of the interval.
    names : (str, str), optional
        The groups' names for the :attr:`Comparison.interpretation`; default the Series names
        when they differ, else ``("A", "B")``.
    dropna : bool, default False
        Leave blank answers out.
    scale_check : bool, default True
        The wrong-scale check of :func:`nps`, applied to each group.

    Returns
    -------
    Comparison
        ``value`` (difference in points), ``low``, ``high``, ``p_value``, ``n_a``, ``n_b``,
        ``value_a``, ``value_b`` and ``interpretation``.

    Raises
    ------
    CXDataError
        Bad scores in either group (see :func:`nps`).
    CXConfigError
        A bad ``confidence`` or ``names``.

    Notes
    -----
    A Wald interval and *z*-test for the difference of two independent trinomial means
    (Rocks 2016, section 5). The variances add because the groups are independent: do not use
    it for the same customers asked twice. It is accurate when each group has a few dozen
    answers or more; with smaller groups read the p-value as a rough guide. When both groups
    are unanimous (SE = 0) the p-value is 1 if the scores are equal and 0 otherwise.

    References
    ----------
    Rocks, B. (2016). Interval estimation for the "Net Promoter Score". *The American
    Statistician*, 70(4), 365–372. https://doi.org/10.1080/00031305.2016.1158124

    Examples
    --------
    >>> from cxkit.metrics import compare_nps, nps_from_counts
    >>> b2b = nps_from_counts(120, 200, 280)
    >>> b2c = nps_from_counts(300, 400, 300)
    >>> c = compare_nps(b2b, b2c, names=("B2B", "B2C"))
    >>> c
    NPS difference B2B - B2C = -26.67 points (95% CI -34.49 to -18.84, Wald; p < 0.001; n = 600 vs 1,000)
    >>> c.interpretation
    'B2B is 26.7 points below B2C; the difference is statistically clear (p < 0.001).'
    """
    confidence = _check_confidence(confidence)
    label = _names(names, a, b)
    ra = _counts_of(a, "nps", dropna=dropna, scale_check=scale_check)
    rb = _counts_of(b, "nps", dropna=dropna, scale_check=scale_check)

    def parts(r: MetricResult) -> tuple[float, float]:
        n = r.n
        p, d = r.counts["promoters"] / n, r.counts["detractors"] / n
        return p - d, max((p + d) - (p - d) ** 2, 0.0) / n

    da, va = parts(ra)
    db, vb = parts(rb)
    diff = da - db
    se = math.sqrt(va + vb)
    z = _z(confidence)
    if se > 0:
        p_value = _two_sided_p(diff / se)
    else:
        p_value = 1.0 if diff == 0 else 0.0
    return Comparison(
        metric="NPS",
        value=100 * diff,
        low=100 * (diff - z * se),
        high=100 * (diff + z * se),
        p_value=p_value,
        n_a=ra.n,
        n_b=rb.n,
        value_a=ra.value,
        value_b=rb.value,
        confidence=confidence,
        method="wald",
        names=label,
    )


def compare_csat(
    a: Any,
    b: Any,
    confidence: float = 0.95,
    method: str = "newcombe",
    *,
    names: Sequence[str] | None = None,
    scale: int = 5,
    satisfied: Sequence[int] | None = None,
    dropna: bool = False,
) -> Comparison:
    r"""Difference in percent satisfied between two independent groups, ``a - b``.

    With :math:`\hat p_a = x_a/n_a` and :math:`\hat p_b = x_b/n_b` and their Wilson intervals
    :math:`(l_a, u_a)`, :math:`(l_b, u_b)` (see :func:`csat`), Newcombe's hybrid score interval
    ("method 10") for :math:`\hat p_a - \hat p_b` is

    .. math::

        \Big(\hat p_a - \hat p_b - \sqrt{(\hat p_a - l_a)^2 + (u_b - \hat p_b)^2},\;
             \hat p_a - \hat p_b + \sqrt{(u_a - \hat p_a)^2 + (\hat p_b - l_b)^2}\Big),

    and the p-value is the two-proportion *z*-test with pooled variance,

    .. math::

        \bar p = \frac{x_a + x_b}{n_a + n_b}, \qquad
        z = \frac{\hat p_a - \hat p_b}{\sqrt{\bar p(1-\bar p)(1/n_a + 1/n_b)}},
        \qquad p = 2\,(1 - \Phi(|z|)).

    Parameters
    ----------
    a, b : array-like of scores, or MetricResult
        The two groups' CSAT answers (or their :func:`csat` results).
    confidence : float, default 0.95
        Confidence level of the interval.
    method : {"newcombe", "wald"}, default "newcombe"
        Interval method: Newcombe's hybrid score interval, or the Wald interval
        :math:`\hat p_a - \hat p_b \pm z\sqrt{\hat p_a(1-\hat p_a)/n_a + \hat p_b(1-\hat p_b)/n_b}`.
    names : (str, str), optional
        The groups' names for the interpretation.
    scale, satisfied : optional
        As in :func:`csat` (used when scores are given).
    dropna : bool, default False
        Leave blank answers out.

    Returns
    -------
    Comparison
        ``value`` in percentage points, ``low``, ``high``, ``p_value``, ``n_a``, ``n_b`` and
        ``interpretation``.

    Raises
    ------
    CXDataError
        Bad scores in either group (see :func:`csat`).
    CXConfigError
        An unknown ``method``, a bad ``confidence`` or ``names``.

    Notes
    -----
    Newcombe (1998) compared eleven intervals for a difference of independent proportions; the
    Wald interval had the worst coverage, especially with small groups or shares near 0% or
    100%, while the hybrid score interval kept close to nominal coverage, never overshoots
    −100 to 100, and is simple. It is the default. The pooled *z*-test is the standard test of
    equal proportions (equivalent to the chi-squared test of the 2 × 2 table); because the
    interval and the test are built differently they can, rarely and only near the threshold,
    disagree about whether 0 is plausible.

    References
    ----------
    Newcombe, R. G. (1998). Interval estimation for the difference between independent
    proportions: comparison of eleven methods. *Statistics in Medicine*, 17(8), 873–890.

    Wilson, E. B. (1927). Probable inference, the law of succession, and statistical
    inference. *Journal of the American Statistical Association*, 22(158), 209–212.

    Examples
    --------
    Newcombe's (1998) first example, 56/70 against 48/80: a difference of 0.80 − 0.60 = 20
    percentage points, with the published 95% interval 0.0524 to 0.3339:

    >>> from cxkit.metrics import compare_csat
    >>> a = [5] * 56 + [1] * 14
    >>> b = [5] * 48 + [1] * 32
    >>> c = compare_csat(a, b)
    >>> round(c.low / 100, 4), round(c.high / 100, 4)
    (0.0524, 0.3339)
    >>> c.interpretation
    'A is 20.0 percentage points above B; the difference is statistically clear (p = 0.008).'
    """
    confidence = _check_confidence(confidence)
    method = _check_choice(method, COMPARE_CSAT_METHODS, "CSAT comparison method")
    label = _names(names, a, b)
    kw = {"scale": scale, "satisfied": satisfied, "dropna": dropna}
    ra = _counts_of(a, "csat", **kw)
    rb = _counts_of(b, "csat", **kw)
    xa, na = ra.counts["satisfied"], ra.n
    xb, nb = rb.counts["satisfied"], rb.n
    pa, pb = xa / na, xb / nb
    diff = pa - pb
    z = _z(confidence)
    if method == "newcombe":
        (la, ua), (lb, ub) = (_prop_interval(xa, na, confidence, "wilson"),
                              _prop_interval(xb, nb, confidence, "wilson"))
        low = diff - math.sqrt((pa - float(la)) ** 2 + (float(ub) - pb) ** 2)
        high = diff + math.sqrt((float(ua) - pa) ** 2 + (pb - float(lb)) ** 2)
    else:
        se = math.sqrt(pa * (1 - pa) / na + pb * (1 - pb) / nb)
        low, high = max(diff - z * se, -1.0), min(diff + z * se, 1.0)
    pooled = (xa + xb) / (na + nb)
    se0 = math.sqrt(pooled * (1 - pooled) * (1 / na + 1 / nb))
    p_value = _two_sided_p(diff / se0) if se0 > 0 else (1.0 if diff == 0 else 0.0)
    return Comparison(
        metric="CSAT",
        value=100 * diff,
        low=100 * low,
        high=100 * high,
        p_value=p_value,
        n_a=na,
        n_b=nb,
        value_a=ra.value,
        value_b=rb.value,
        confidence=confidence,
        method=method,
        names=label,
    )


# ---------------------------------------------------------------------------------------------
# Tables: breakdown, trend, response rate
# ---------------------------------------------------------------------------------------------


def _require_columns(df: Any, columns: Iterable[str], what: str = "table") -> None:
    import pandas as pd

    if not isinstance(df, pd.DataFrame):
        raise CXDataError(f"a pandas DataFrame (a {what}) is needed", value=type(df).__name__,
                          expected="a DataFrame such as cxkit.data.load('surveys')")
    for c in columns:
        if c not in df.columns:
            raise CXDataError(
                "no such column in the table",
                column=c,
                expected="one of: " + ", ".join(str(x) for x in df.columns),
            )


def _as_list(by: Any) -> list[str]:
    if by is None:
        return []
    if isinstance(by, str):
        return [by]
    return list(by)


def _group_frame(
    df: pd.DataFrame,
    metric: str,
    keys: list[Any],
    score_column: str,
    *,
    confidence: float,
    min_n: int,
    method: str | None,
    scale_check: bool,
    extra_columns: dict[str, Any] | None = None,
) -> pd.DataFrame:
    """The shared engine of :func:`breakdown` and :func:`trend`: vectorised counts per group."""
    import pandas as pd

    lo, hi = _SCALES[metric]
    s = df[score_column]
    values, n_dropped = _validate_scores(s, lo=lo, hi=hi, metric=metric, dropna=True,
                                         scale_check=scale_check, allow_empty=True)
    if len(values) == 0:
        raise CXDataError("no responses to compute a score from (every score is blank)", column=score_column,
                          expected=f"at least one {_expected(lo, hi)[2:]}")
    # The scores of answered rows, scattered back to full length (blank rows contribute 0).
    answered = s.notna().to_numpy()
    full = np.zeros(len(s), dtype=np.int64)
    full[answered] = values
    ans = answered.astype(np.int64)
    if metric == "nps":
        cols = {"n": ans, "promoters": (full >= 9) & answered, "detractors": (full <= 6) & answered}
    elif metric == "csat":
        cols = {"n": ans, "satisfied": (full >= 4) & answered}
    else:
        cols = {"n": ans, "total": full, "total_sq": full * full, "agree": (full > 4) & answered}
    counts_in = pd.DataFrame({k: np.asarray(v, dtype=np.int64) for k, v in cols.items()}, index=df.index)
    for name, column in (extra_columns or {}).items():  # e.g. the date column a Grouper bins
        counts_in[name] = column
    grouped = counts_in.groupby(keys, observed=True, sort=True, dropna=True).sum()
    grouped = grouped[grouped["n"] > 0]  # groups (or periods) without a single answer
    n = grouped["n"].to_numpy(dtype=float)
    out = pd.DataFrame(index=grouped.index)
    if metric == "nps":
        meth = method or "wald"
        P = grouped["promoters"].to_numpy()
        D = grouped["detractors"].to_numpy()
        A = grouped["n"].to_numpy() - P - D
        value, low, high = _nps_interval(P, A, D, confidence=confidence, method=meth, seed=0)
        extra = {"promoters": P, "passives": A, "detractors": D}
    elif metric == "csat":
        meth = method or "wilson"
        x = grouped["satisfied"].to_numpy()
        with np.errstate(invalid="ignore", divide="ignore"):
            value = 100 * x / n
            lo_, hi_ = _prop_interval(x, n, confidence, meth)
        low, high = 100 * lo_, 100 * hi_
        extra = {"satisfied": x}
    else:
        meth = "t"
        total = grouped["total"].to_numpy(dtype=float)
        sq = grouped["total_sq"].to_numpy(dtype=float)
        with np.errstate(invalid="ignore", divide="ignore"):
            value = total / n
            var = np.maximum(sq - n * value**2, 0.0) / (n - 1)
            tq = _t_quantile(confidence, np.maximum(n - 1, 1))
            half = np.where(n >= 2, tq * np.sqrt(var / n), np.nan)
        low, high = value - half, value + half
        extra = {"agree": 100 * grouped["agree"].to_numpy() / n}
    out["value"] = value
    out["n"] = grouped["n"].to_numpy()
    out["low"] = low
    out["high"] = high
    out["moe"] = (np.asarray(high) - np.asarray(low)) / 2
    out["too_small"] = out["n"].to_numpy() < min_n
    for k, v in extra.items():
        out[k] = v
    n_blank_group = int(len(values) - out["n"].sum())
    out.attrs.update({
        "metric": metric,
        "score_column": score_column,
        "method": meth,
        "confidence": confidence,
        "min_n": min_n,
        "n_dropped": n_dropped,
        "n_blank_group": n_blank_group,
        "dropped": f"{n_dropped:,} rows with a blank {score_column!r} (not answered) were left out"
        + (f"; {n_blank_group:,} answers with a blank group too" if n_blank_group else ""),
    })
    return out


def _check_min_n(min_n: Any) -> int:
    if isinstance(min_n, bool) or not isinstance(min_n, numbers.Integral) or min_n < 0:
        raise CXConfigError(f"min_n must be a whole number of 0 or more (e.g. 30); got {min_n!r}.")
    return int(min_n)


def breakdown(
    df: pd.DataFrame,
    metric: str,
    by: str | Sequence[str],
    min_n: int = 30,
    score_column: str | None = None,
    confidence: float = 0.95,
    *,
    method: str | None = None,
    scale_check: bool = True,
) -> pd.DataFrame:
    r"""A CX metric per group of a survey table, each with its confidence interval.

    For every group :math:`g` the counts are taken in one vectorised pass and the metric's own
    formula applied: for the NPS, :math:`100(P_g - D_g)/n_g` with the Wald interval of
    :func:`nps`; for CSAT, :math:`100\,x_g/n_g` with the Wilson interval of :func:`csat`; for
    CES, the mean :math:`\bar x_g \pm t_{1-\alpha/2,\,n_g-1}\, s_g/\sqrt{n_g}` of :func:`ces`:

    .. math::

        \mathrm{NPS}_g = 100\,\frac{P_g - D_g}{n_g}, \qquad
        \mathrm{CSAT}_g = 100\,\frac{x_g}{n_g}, \qquad
        \mathrm{CES}_g = \frac{1}{n_g}\sum_{i \in g} x_i .

    Parameters
    ----------
    df : pandas.DataFrame
        One row per survey invitation, e.g. ``cxkit.data.load("surveys")``.
    metric : {"nps", "csat", "ces"}
        The metric (CSAT on the 1–5 scale, satisfied = 4 or 5; CES on the 1–7 scale).
    by : str or list of str
        The column(s) to group by.
    min_n : int, default 30
        Groups with fewer answers are flagged ``too_small``: their interval is wide and their
        ranking unreliable. They are kept, not hidden.
    score_column : str, optional
        The column of scores; default the metric's name (``"nps"``, ``"csat"``, ``"ces"``).
    confidence : float, default 0.95
        Confidence level of the intervals.
    method : str, optional
        Interval method: for the NPS ``"wald"`` (default), ``"adjusted_wald"`` or ``"bootstrap"``
        (seed 0); for CSAT ``"wilson"`` (default) or ``"wald"``. CES always uses *t*.
    scale_check : bool, default True
        Apply the wrong-scale check of :func:`nps` / :func:`ces` to the whole column.

    Returns
    -------
    pandas.DataFrame
        Indexed by the groups (a MultiIndex for several columns), in the groups' order (the
        categories' order for a categorical column; sorted otherwise), with the columns
        ``value, n, low, high, moe, too_small`` followed by the counts (NPS: ``promoters,
        passives, detractors``; CSAT: ``satisfied``; CES: ``agree`` in percent). Only groups with
        at least one answer appear. ``df.attrs`` of the result records ``n_dropped``, the number
        of rows left out because the score was blank (not answered), ``n_blank_group``, answers
        left out because a grouping value was blank, and ``dropped``, a sentence saying so.

    Raises
    ------
    CXDataError
        A missing column, or an invalid score anywhere in the column (the message names the row).
    CXConfigError
        An unknown ``metric`` or ``method``, a bad ``min_n`` or ``confidence``.

    Notes
    -----
    Blank scores are the invitations nobody answered; they are dropped here (and counted in
    ``attrs``), unlike in :func:`nps`, where a blank raises. Rows whose group is blank are left
    out too. The work is one ``groupby(...).sum()`` over integer indicator columns and array
    arithmetic over the groups: a million rows take a few tens of milliseconds. See
    :func:`nps`, :func:`csat` and :func:`ces` for the intervals' references and coverage.

    Examples
    --------
    >>> import pandas as pd
    >>> from cxkit.metrics import breakdown
    >>> df = pd.DataFrame({
    ...     "segment": pd.Categorical(["B2C"] * 5 + ["B2B"] * 5, categories=["B2C", "B2B"]),
    ...     "nps": pd.array([10, 9, 9, 7, 3, 9, 6, 5, 2, None], dtype="Int64"),
    ... })
    >>> table = breakdown(df, "nps", by="segment", min_n=5)
    >>> table[["value", "n", "too_small"]]  # doctest: +NORMALIZE_WHITESPACE
             value  n  too_small
    segment
    B2C       40.0  5      False
    B2B      -50.0  4       True
    >>> table.attrs["n_dropped"]
    1
    """
    import pandas as pd  # noqa: F401  (keeps the import cost inside the call)

    metric = _check_choice(metric, METRICS, "metric")
    confidence = _check_confidence(confidence)
    min_n = _check_min_n(min_n)
    method = _check_method_for(metric, method)
    keys = _as_list(by)
    if not keys:
        raise CXConfigError("by must name at least one column to group by, e.g. by='touchpoint'.")
    score_column = score_column or metric
    _require_columns(df, [*keys, score_column], "survey table")
    return _group_frame(df, metric, [df[k] for k in keys], score_column, confidence=confidence,
                        min_n=min_n, method=method, scale_check=scale_check)


def _check_method_for(metric: str, method: str | None) -> str | None:
    if method is None:
        return None
    if metric == "nps":
        return _check_choice(method, NPS_METHODS, "NPS interval method")
    if metric == "csat":
        return _check_choice(method, CSAT_METHODS, "CSAT interval method")
    return _check_choice(method, ("t",), "CES interval method")


def trend(
    df: pd.DataFrame,
    metric: str,
    freq: str = "MS",
    date_column: str = "response_date",
    *,
    by: str | Sequence[str] | None = None,
    min_n: int = 30,
    score_column: str | None = None,
    confidence: float = 0.95,
    method: str | None = None,
    scale_check: bool = True,
) -> pd.DataFrame:
    r"""A CX metric per period (month by default), each with its confidence interval.

    The periods are the bins of :class:`pandas.Grouper` with frequency ``freq``; in each the
    metric and interval are computed exactly as in :func:`breakdown`:

    .. math::

        \mathrm{NPS}_t = 100\,\frac{P_t - D_t}{n_t} \;\pm\; 100\,z_{1-\alpha/2}
        \sqrt{\frac{(\hat p_t + \hat d_t) - (\hat p_t - \hat d_t)^2}{n_t}} .

    Parameters
    ----------
    df : pandas.DataFrame
        One row per survey invitation.
    metric : {"nps", "csat", "ces"}
        The metric.
    freq : str, default "MS"
        The period: ``"MS"`` month (labelled by its first day), ``"W"`` week, ``"QS"`` quarter,
        ``"D"`` day (any pandas offset alias).
    date_column : str, default "response_date"
        The datetime column that places an answer in a period.
    by : str or list of str, optional
        Further columns to split each period by (e.g. ``"segment"``).
    min_n, score_column, confidence, method, scale_check
        As in :func:`breakdown`.

    Returns
    -------
    pandas.DataFrame
        Indexed by period start (and ``by`` groups), with the columns of :func:`breakdown`.
        Periods without any answer are left out (check ``n`` for gaps).

    Raises
    ------
    CXDataError
        A missing column, a date column that is not datetime, or an invalid score.
    CXConfigError
        An unknown ``metric``, ``method`` or ``freq``.

    Notes
    -----
    A month-to-month change inside both months' intervals is usually noise; use
    :func:`compare_nps` on the two months' answers to test it.

    Examples
    --------
    >>> import pandas as pd
    >>> from cxkit.metrics import trend
    >>> df = pd.DataFrame({
    ...     "response_date": pd.to_datetime(["2024-01-05", "2024-01-20", "2024-02-03", "2024-02-10"]),
    ...     "nps": [10, 6, 9, 9],
    ... })
    >>> trend(df, "nps", min_n=1)[["value", "n"]]  # doctest: +NORMALIZE_WHITESPACE
                   value  n
    response_date
    2024-01-01       0.0  2
    2024-02-01     100.0  2
    """
    import pandas as pd

    metric = _check_choice(metric, METRICS, "metric")
    confidence = _check_confidence(confidence)
    min_n = _check_min_n(min_n)
    method = _check_method_for(metric, method)
    score_column = score_column or metric
    keys = _as_list(by)
    _require_columns(df, [date_column, score_column, *keys], "survey table")
    if not pd.api.types.is_datetime64_any_dtype(df[date_column]):
        raise CXDataError(
            "not a date-time column",
            column=date_column,
            value=str(df[date_column].dtype),
            expected="datetimes: convert with pd.to_datetime(df[column]) or load with cxkit.data.load",
        )
    try:
        grouper = pd.Grouper(key=date_column, freq=freq)
        _ = pd.tseries.frequencies.to_offset(freq)
    except (ValueError, TypeError):
        raise CXConfigError(f"Unknown freq {freq!r}. Use a pandas offset alias such as 'MS' (month), "
                            "'W' (week), 'QS' (quarter) or 'D' (day).") from None
    keys_ = [grouper, *[df[k] for k in keys]]
    return _group_frame(df, metric, keys_, score_column, confidence=confidence, min_n=min_n, method=method,
                        scale_check=scale_check, extra_columns={date_column: df[date_column]})


def response_rate(
    df: pd.DataFrame | None = None,
    by: str | Sequence[str] | None = None,
    responded_column: str = "responded",
    confidence: float = 0.95,
    *,
    responses: int | None = None,
    invitations: int | None = None,
    method: str = "wilson",
    min_n: int = 30,
) -> MetricResult | pd.DataFrame:
    r"""The share of survey invitations that were answered, with a Wilson interval.

    .. math::

        \hat r = \frac{\text{responses}}{\text{invitations}}, \qquad
        \frac{\hat r + \dfrac{z^2}{2n}}{1 + \dfrac{z^2}{n}}
        \pm \frac{z}{1 + \dfrac{z^2}{n}}\sqrt{\frac{\hat r(1-\hat r)}{n} + \frac{z^2}{4n^2}}.

    Parameters
    ----------
    df : pandas.DataFrame, optional
        One row per invitation with a True/False ``responded_column``.
    by : str or list of str, optional
        Group by these columns; ``None`` gives the overall rate.
    responded_column : str, default "responded"
        The True/False column: did the customer answer?
    confidence : float, default 0.95
        Confidence level.
    responses, invitations : int, optional
        Give the two counts instead of a table.
    method : {"wilson", "wald"}, default "wilson"
        Interval method (see :func:`csat`).
    min_n : int, default 30
        With ``by``: groups with fewer invitations are flagged ``too_small``.

    Returns
    -------
    MetricResult or pandas.DataFrame
        The overall rate in percent (``by=None``), or a table per group with the columns
        ``value, n, low, high, moe, too_small, responses`` (``n`` = invitations).

    Raises
    ------
    CXDataError
        A missing column, a blank or non-True/False value in ``responded_column``, no
        invitations, or responses greater than invitations.
    CXConfigError
        Neither a table nor the two counts given; unknown ``method``.

    Notes
    -----
    The Wilson interval keeps good coverage for the low rates typical of surveys (5–30%) where
    the Wald interval under-covers (Brown, Cai & DasGupta 2001). A response rate also says who
    is *missing*: if unhappy customers answer less, every score is biased upwards, and no
    interval shows that.

    References
    ----------
    Wilson, E. B. (1927). Probable inference, the law of succession, and statistical
    inference. *Journal of the American Statistical Association*, 22(158), 209–212.

    Brown, L. D., Cai, T. T. & DasGupta, A. (2001). Interval estimation for a binomial
    proportion. *Statistical Science*, 16(2), 101–133.

    Examples
    --------
    >>> from cxkit.metrics import response_rate
    >>> response_rate(responses=30, invitations=200)
    Response rate = 15.0% (n = 200; 95% CI 10.7 to 20.6, Wilson)
    """
    import pandas as pd

    confidence = _check_confidence(confidence)
    method = _check_choice(method, CSAT_METHODS, "response-rate interval method")
    if df is None:
        if responses is None or invitations is None:
            raise CXConfigError("response_rate needs a table (df=...) or both counts "
                                "(responses=..., invitations=...).")
        x = _check_count(responses, "responses")
        n = _check_count(invitations, "invitations")
        if n == 0:
            raise CXDataError("no invitations to compute a rate from", column="invitations", value=0,
                              expected="at least 1")
        if x > n:
            raise CXDataError("more responses than invitations", column="responses", value=x,
                              expected=f"at most {n} (the invitations)")
        return _rate_result(x, n, confidence, method)
    _require_columns(df, [responded_column, *_as_list(by)], "survey table")
    col = df[responded_column]
    if col.isna().any():
        pos = int(np.argmax(col.isna().to_numpy()))
        raise CXDataError("blank value", column=responded_column, row=df.index[pos], value=None,
                          expected="True or False")
    if not pd.api.types.is_bool_dtype(col):
        ok = col.isin([True, False, 0, 1]).to_numpy()
        if not ok.all():
            pos = int(np.argmax(~ok))
            raise CXDataError("not True/False", column=responded_column, row=df.index[pos],
                              value=col.iloc[pos], expected="True or False")
    answered = col.to_numpy().astype(np.int64)
    keys = _as_list(by)
    if not keys:
        if len(answered) == 0:
            raise CXDataError("no invitations to compute a rate from (the table is empty)",
                              column=responded_column, expected="at least one row")
        return _rate_result(int(answered.sum()), len(answered), confidence, method)
    min_n = _check_min_n(min_n)
    g = pd.DataFrame({"n": np.ones(len(answered), dtype=np.int64), "responses": answered}, index=df.index)
    grouped = g.groupby([df[k] for k in keys], observed=True, sort=True).sum()
    n = grouped["n"].to_numpy()
    x = grouped["responses"].to_numpy()
    low, high = _prop_interval(x, n, confidence, method)
    out = pd.DataFrame(index=grouped.index)
    out["value"] = 100 * x / n
    out["n"] = n
    out["low"] = 100 * low
    out["high"] = 100 * high
    out["moe"] = (out["high"] - out["low"]) / 2
    out["too_small"] = n < min_n
    out["responses"] = x
    out.attrs.update({"metric": "response_rate", "method": method, "confidence": confidence, "min_n": min_n})
    return out


def _proportion_result(metric: str, x: int, n: int, labels: tuple[str, str], confidence: float, method: str,
                       **extra: Any) -> MetricResult:
    """A percentage x/n with its interval, as a MetricResult (shared by CSAT and response rates)."""
    low, high = _prop_interval(x, n, confidence, method)
    counts = {labels[0]: x, labels[1]: n - x}
    return MetricResult(
        metric=metric,
        value=100 * x / n,
        n=n,
        low=float(100 * low),
        high=float(100 * high),
        confidence=confidence,
        method=method,
        unit="%",
        counts=counts,
        shares={k: 100 * v / n for k, v in counts.items()},
        **extra,
    )


def _rate_result(x: int, n: int, confidence: float, method: str) -> MetricResult:
    return _proportion_result("Response rate", x, n, ("responses", "non-responses"), confidence, method)


# ---------------------------------------------------------------------------------------------
# Closing the loop
# ---------------------------------------------------------------------------------------------


def follow_up_queue(
    df: pd.DataFrame,
    *,
    nps_column: str | None = "nps",
    csat_column: str | None = "csat",
    detractor_max: int = 6,
    dissatisfied_max: int = 2,
    segment_column: str | None = "segment",
    segment_order: Sequence[str] = ("B2B", "B2C"),
    date_column: str | None = "response_date",
) -> pd.DataFrame:
    r"""The customers to call back: detractors and dissatisfied answers, in priority order.

    A row joins the queue when its NPS answer is a detractor (``nps <= 6``) or its CSAT answer
    is dissatisfied (``csat <= 2``). Rows are then ordered by this rule, each key breaking the
    ties of the one before:

    1. **Worst answer first**, on a common 0-to-1 *severity* scale (the lower of the row's
       two scores, each rescaled so the scale's bottom is 0 and top is 1):

       .. math::

           \text{severity} = \min\!\left(\frac{\text{nps}}{10},\; \frac{\text{csat} - 1}{4}\right)

       so an NPS of 0 and a CSAT of 1 (both the bottom of their scale) come first.
    2. **Both flags before one**: a customer who is a detractor *and* dissatisfied.
    3. **Segment order**, B2B before B2C by default: a business account carries more revenue at
       risk per customer, so its call has the larger expected value.
    4. **Most recent answer first**: the sooner the callback after the answer, the better the
       chance of recovering the customer (and the fresher their memory of what went wrong).
    5. The table's own row order.

    Parameters
    ----------
    df : pandas.DataFrame
        Survey answers, e.g. ``cxkit.data.load("surveys")``; blank scores are ignored.
    nps_column, csat_column : str or None
        The score columns (0–10 and 1–5); ``None`` (or a column the table lacks) skips that
        flag. At least one must be present.
    detractor_max : int, default 6
        NPS answers up to this are detractors.
    dissatisfied_max : int, default 2
        CSAT answers up to this are dissatisfied.
    segment_column : str or None, default "segment"
        Column for rule 3; skipped when ``None`` or absent.
    segment_order : sequence of str, default ("B2B", "B2C")
        Segments in calling order; segments not listed come after.
    date_column : str or None, default "response_date"
        Column for rule 4; skipped when ``None`` or absent.

    Returns
    -------
    pandas.DataFrame
        The queued rows (all the table's columns, original index kept), sorted by priority, with
        two new columns: ``priority`` (1 = call first) and ``reason`` (e.g. ``"detractor (NPS 2)
        and dissatisfied (CSAT 1)"``).

    Raises
    ------
    CXDataError
        Neither score column is present, or a score is invalid (off the scale, not a number).

    Notes
    -----
    The thresholds are the NPS's own (Reichheld 2003) and the usual bottom-two box for a 1–5
    CSAT. "Closing the loop" quickly with detractors is the core of the NPS operating model
    (Reichheld & Markey 2011, *The Ultimate Question 2.0*, Harvard Business Review Press).

    Examples
    --------
    >>> import pandas as pd
    >>> from cxkit.metrics import follow_up_queue
    >>> df = pd.DataFrame({
    ...     "customer_id": ["C1", "C2", "C3", "C4", "C5"],
    ...     "segment": ["B2C", "B2B", "B2C", "B2B", "B2C"],
    ...     "nps": pd.array([3, 3, 9, None, 0], dtype="Int64"),
    ...     "csat": pd.array([4, 4, 1, 2, None], dtype="Int64"),
    ... })
    >>> follow_up_queue(df, date_column=None)[["customer_id", "priority", "reason"]]
      customer_id  priority                 reason
    2          C3         1  dissatisfied (CSAT 1)
    4          C5         2      detractor (NPS 0)
    3          C4         3  dissatisfied (CSAT 2)
    1          C2         4      detractor (NPS 3)
    0          C1         5      detractor (NPS 3)

    C3 and C5 are both at the bottom of a scale (severity 0) and tie on every key down to the
    table order; CSAT 2 (severity 0.25) comes before NPS 3 (0.3); C2 (B2B) before C1 (B2C).
    """
    import pandas as pd

    _require_columns(df, [], "survey table")
    use_nps = nps_column is not None and nps_column in df.columns
    use_csat = csat_column is not None and csat_column in df.columns
    if not (use_nps or use_csat):
        raise CXDataError("no score column to find unhappy customers in", column=nps_column or csat_column,
                          expected=f"a column {nps_column!r} (0-10) or {csat_column!r} (1-5); the table has: "
                          + ", ".join(str(c) for c in df.columns))
    n = len(df)
    severity = np.full(n, np.inf)
    flags = np.zeros(n, dtype=np.int64)
    reasons = [np.full(n, "", dtype=object), np.full(n, "", dtype=object)]
    for j, (use, column, lo, hi, cut, label, short) in enumerate((
        (use_nps, nps_column, 0, 10, detractor_max, "detractor", "NPS"),
        (use_csat, csat_column, 1, 5, dissatisfied_max, "dissatisfied", "CSAT"),
    )):
        if not use:
            continue
        s = df[column]
        _validate_scores(s, lo=lo, hi=hi, metric=short.lower(), dropna=True, scale_check=False, allow_empty=True)
        v = s.to_numpy(dtype=float, na_value=np.nan)
        hit = ~np.isnan(v) & (v <= cut)
        flags += hit
        sev = (v - lo) / (hi - lo)
        severity = np.where(hit, np.fmin(severity, sev), severity)
        reasons[j][hit] = [f"{label} ({short} {int(x)})" for x in v[hit]]
    reason = np.where((reasons[0] != "") & (reasons[1] != ""), reasons[0] + " and " + reasons[1],
                      reasons[0] + reasons[1])
    idx = np.flatnonzero(flags > 0)
    keys = pd.DataFrame({"severity": severity[idx], "flags": -flags[idx], "pos": idx})
    sort_cols = ["severity", "flags"]
    if segment_column is not None and segment_column in df.columns:
        rank = {seg: i for i, seg in enumerate(segment_order)}
        segs = df[segment_column].to_numpy(dtype=object)[idx]
        keys["segment_rank"] = [rank.get(x, len(rank)) for x in segs]
        sort_cols.append("segment_rank")
    if date_column is not None and date_column in df.columns:
        keys["recency"] = df[date_column].to_numpy()[idx]
        sort_cols.append("recency")
    sort_cols.append("pos")
    ascending = [c != "recency" for c in sort_cols]
    pos = keys.sort_values(sort_cols, ascending=ascending, na_position="last", kind="stable")["pos"].to_numpy()
    out = df.iloc[pos].copy()
    out["priority"] = np.arange(1, len(out) + 1)
    out["reason"] = reason[pos]
    return out
