r"""Interval methods as a registry: name -> function, with its label, coverage note and reference.

Every metric declares the *estimator* its counts feed (``"trinomial"`` for the NPS,
``"proportion"`` for CSAT and response rates, ``"mean"`` for CES) and the interval methods it
allows; the methods live here, once, with the words used to print them (:data:`LABELS`). Results,
tables and the NPS simulator all take their labels from :func:`method_label`.

The functions work on arrays (one value per group) and return ``(low, high, se)`` on the
estimator's own scale (a proportion from 0 to 1, an NPS from −1 to 1, a mean on the survey scale);
the metric turns them into points or percent and clips them to its range.

>>> from cxkit.stats import interval_method, methods_for
>>> methods_for("trinomial")
('wald', 'adjusted_wald', 'bootstrap')
>>> m = interval_method("trinomial", "adjusted_wald")
>>> m.label, m.hint
('adjusted Wald', 'small samples')
>>> low, high, se = m.function(P=4, A=3, D=3, confidence=0.95)
>>> round(float(low), 4), round(float(high), 4)
(-0.3606, 0.5145)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import KW_ONLY, dataclass
from statistics import NormalDist
from typing import Any

import numpy as np

from cxkit.errors import CXConfigError

__all__ = [
    "HINTS",
    "INTERVALS",
    "LABELS",
    "IntervalMethod",
    "interval_method",
    "method_label",
    "methods_for",
    "t_quantile",
    "two_sided_p",
    "z_quantile",
]

#: The words every result, table and widget prints for an interval method (defined only here).
LABELS: dict[str, str] = {
    "wald": "Wald",
    "adjusted_wald": "adjusted Wald",
    "bootstrap": "percentile bootstrap",
    "wilson": "Wilson",
    "t": "Student t",
    "newcombe": "Newcombe hybrid score",
}
#: When each method is the one to use, in two or three words (the widget's menu shows it).
HINTS: dict[str, str] = {
    "wald": "large samples",
    "adjusted_wald": "small samples",
    "bootstrap": "resampling",
    "wilson": "any sample size",
    "t": "rating-scale means",
    "newcombe": "any group sizes",
}


@dataclass(frozen=True)
class IntervalMethod:
    """One interval method for one estimator.

    Attributes
    ----------
    name : str
        The value users pass as ``method=`` (``"wald"``).
    estimator : str
        ``"trinomial"``, ``"proportion"``, ``"mean"``, ``"trinomial_difference"`` or
        ``"proportion_difference"``.
    function : callable
        Computes ``(low, high, se)`` from the estimator's counts (see the module docstring).
    coverage : str
        What is known about its coverage, in one or two sentences.
    reference : str
        The source of the method and of the coverage note.
    clustered : bool
        Whether it accepts a cluster-robust variance (``cluster=`` option of the metrics).
    """

    name: str
    estimator: str
    function: Callable[..., Any]
    coverage: str
    reference: str
    _: KW_ONLY
    clustered: bool = False

    @property
    def label(self) -> str:
        """The printed name, from :data:`LABELS`."""
        return LABELS[self.name]

    @property
    def hint(self) -> str:
        """When to use it, from :data:`HINTS`."""
        return HINTS[self.name]


#: The registry: ``(estimator, name) -> IntervalMethod``, in the order methods are offered.
INTERVALS: dict[tuple[str, str], IntervalMethod] = {}


def _register(
    estimator: str, name: str, *, coverage: str, reference: str, clustered: bool = False
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def decorate(function: Callable[..., Any]) -> Callable[..., Any]:
        INTERVALS[(estimator, name)] = IntervalMethod(
            name, estimator, function, coverage, reference, clustered=clustered
        )
        return function

    return decorate


def methods_for(estimator: str) -> tuple[str, ...]:
    """Return the method names registered for ``estimator``, the default first."""
    return tuple(name for (est, name) in INTERVALS if est == estimator)


def interval_method(estimator: str, name: Any, *, what: str | None = None) -> IntervalMethod:
    """Return the registered method; raise :class:`CXConfigError` listing the valid names if unknown.

    >>> interval_method("proportion", "exact")  # doctest: +NORMALIZE_WHITESPACE
    Traceback (most recent call last):
    ...
    cxkit.errors.CXConfigError: Unknown proportion interval method 'exact'. The valid choices are: 'wilson',
    'wald'.
    """
    method = INTERVALS.get((estimator, name)) if isinstance(name, str) else None
    if method is None:
        choices = ", ".join(repr(m) for m in methods_for(estimator))
        raise CXConfigError(
            f"Unknown {what or estimator.replace('_', ' ')} interval method {name!r}. "
            f"The valid choices are: {choices}."
        )
    return method


def method_label(name: str, *, cluster: str | None = None, n_clusters: int | None = None) -> str:
    """Return the method as printed, with the clustering when there is one.

    >>> method_label("wald", cluster="customer_id", n_clusters=1664)
    'Wald, clustered by customer_id (1,664 customers)'
    """
    label = LABELS.get(name, name)
    if cluster is None:
        return label
    what = "customers" if "customer" in cluster else "clusters"
    count = f" ({n_clusters:,} {what})" if n_clusters is not None else ""
    return f"{label}, clustered by {cluster}{count}"


def z_quantile(confidence: float) -> float:
    r"""Return the standard normal quantile :math:`z_{1-\alpha/2}` for a two-sided ``confidence`` level."""
    return NormalDist().inv_cdf(0.5 + confidence / 2)


def t_quantile(confidence: float, df: Any) -> Any:
    r"""Student's *t* quantile :math:`t_{1-\alpha/2,\,df}` (arrays of ``df`` allowed)."""
    from scipy import stats

    return stats.t.ppf(0.5 + confidence / 2, df)


def two_sided_p(z: float) -> float:
    r"""Two-sided p-value :math:`2\,\Phi(-|z|)` of a *z* statistic (no cancellation for large ``|z|``)."""
    return 2 * NormalDist().cdf(-abs(z))


# ---------------------------------------------------------------------------------------------
# The NPS: a mean of trinomial scores +1 / 0 / -1
# ---------------------------------------------------------------------------------------------

_ROCKS = (
    'Rocks, B. (2016). Interval estimation for the "Net Promoter Score". The American '
    "Statistician, 70(4), 365-372. https://doi.org/10.1080/00031305.2016.1158124"
)


def _trinomial_wald_core(P: Any, D: Any, n: Any, confidence: float, var: Any = None) -> tuple[Any, Any, Any]:
    with np.errstate(invalid="ignore", divide="ignore"):
        p, d = P / n, D / n
        centre = p - d
        if var is None:
            var = np.maximum((p + d) - (p - d) ** 2, 0.0) / n
        se = np.sqrt(var)
        z = z_quantile(confidence)
        return centre - z * se, centre + z * se, se


@_register(
    "trinomial",
    "wald",
    clustered=True,
    reference=_ROCKS,
    coverage="Fine for a few hundred answers with scores not near +-100; under-covers for small "
    "samples and extreme scores, and has zero width when every answer is a promoter (Rocks 2016).",
)
def trinomial_wald(
    P: Any, A: Any, D: Any, *, confidence: float, var: Any = None, **_: Any
) -> tuple[Any, Any, Any]:
    r"""Compute the Wald interval of the NPS.

    The interval is :math:`(\hat p - \hat d) \pm z\sqrt{((\hat p + \hat d) - (\hat p - \hat d)^2)/n}`.
    ``var`` replaces the variance (a cluster-robust one, see :func:`cxkit.stats.cluster_variance`).
    """
    P, A, D = (np.asarray(v, dtype=float) for v in (P, A, D))
    return _trinomial_wald_core(P, D, P + A + D, confidence, var)


@_register(
    "trinomial",
    "adjusted_wald",
    reference=_ROCKS,
    coverage="Close to nominal coverage from n of about 10-20 across the range of true scores "
    "(Rocks 2016): prefer it for small groups and scores near +-100.",
)
def trinomial_adjusted_wald(P: Any, A: Any, D: Any, *, confidence: float, **_: Any) -> tuple[Any, Any, Any]:
    r"""Compute the adjusted Wald interval: Wald's formula with 3/4 added to P and D, 3 to n (Rocks 2016)."""
    P, A, D = (np.asarray(v, dtype=float) for v in (P, A, D))
    return _trinomial_wald_core(P + 0.75, D + 0.75, P + A + D + 3, confidence)


@_register(
    "trinomial",
    "bootstrap",
    reference=_ROCKS + " Efron, B. & Tibshirani, R. J. (1993). An "
    "Introduction to the Bootstrap. Chapman & Hall.",
    coverage="No normal approximation, but under-covers at small n and is degenerate when a group "
    "is empty (e.g. no detractors observed); use it to teach resampling or as a check.",
)
def trinomial_bootstrap(
    P: Any, A: Any, D: Any, *, confidence: float, n_boot: int = 10_000, seed: Any = None, **_: Any
) -> tuple[Any, Any, Any]:
    """Percentile bootstrap: ``n_boot`` multinomial resamples of the three counts, per group."""
    P, A, D = (np.atleast_1d(np.asarray(v, dtype=float)) for v in (P, A, D))
    rng = np.random.default_rng(seed)
    alpha = 1 - confidence
    low, high, se = (np.full(P.shape, np.nan) for _ in range(3))
    for i, (p_, a_, d_) in enumerate(zip(P, A, D, strict=True)):
        m = int(p_ + a_ + d_)
        if m == 0:
            continue
        draws = rng.multinomial(m, [p_ / m, a_ / m, d_ / m], size=n_boot)
        boot = (draws[:, 0] - draws[:, 2]) / m
        low[i], high[i] = np.quantile(boot, [alpha / 2, 1 - alpha / 2])
        se[i] = boot.std(ddof=1)
    return low, high, se


# ---------------------------------------------------------------------------------------------
# A proportion: CSAT, response rate
# ---------------------------------------------------------------------------------------------

_BROWN = (
    "Brown, L. D., Cai, T. T. & DasGupta, A. (2001). Interval estimation for a binomial proportion. "
    "Statistical Science, 16(2), 101-133."
)


@_register(
    "proportion",
    "wilson",
    clustered=True,
    reference="Wilson, E. B. (1927). Probable inference, the law of succession, and statistical "
    "inference. JASA, 22(158), 209-212. " + _BROWN + " Korn, E. L. & Graubard, B. I. (1998). Confidence "
    "intervals for proportions with small expected number of positive counts estimated from survey "
    "data. Survey Methodology, 24(2), 193-201 (the effective sample size under clustering).",
    coverage="Close to nominal at every n and never leaves 0-100% (Brown, Cai & DasGupta 2001).",
)
def proportion_wilson(
    x: Any, n: Any, *, confidence: float, var: Any = None, **_: Any
) -> tuple[Any, Any, Any]:
    r"""Compute the Wilson score interval of a proportion.

    The interval is
    :math:`\frac{\hat p + z^2/2n}{1 + z^2/n} \pm \frac{z}{1 + z^2/n}\sqrt{\hat p(1-\hat p)/n + z^2/4n^2}`.
    With a cluster-robust ``var``, the formula uses the effective sample size
    :math:`n_{\mathrm{eff}} = \hat p(1-\hat p)/\mathrm{var}` (Korn & Graubard 1998).
    """
    x = np.asarray(x, dtype=float)
    n = np.asarray(n, dtype=float)
    z = z_quantile(confidence)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = x / n
        se = np.sqrt(p * (1 - p) / n)
        if var is not None:
            se = np.sqrt(var)
            n = np.where(var > 0, p * (1 - p) / var, n)
        denom = 1 + z**2 / n
        centre = (p + z**2 / (2 * n)) / denom
        half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / denom
        # Mathematically within 0-1 and around p; guard the last bit of rounding.
        low = np.clip(np.minimum(centre - half, p), 0.0, 1.0)
        high = np.clip(np.maximum(centre + half, p), 0.0, 1.0)
    return low, high, se


@_register(
    "proportion",
    "wald",
    clustered=True,
    reference=_BROWN,
    coverage="Erratic and often poor coverage even with n in the hundreds (Brown, Cai & DasGupta "
    "2001); offered because textbooks teach it.",
)
def proportion_wald(x: Any, n: Any, *, confidence: float, var: Any = None, **_: Any) -> tuple[Any, Any, Any]:
    r"""Wald interval :math:`\hat p \pm z\sqrt{\hat p(1-\hat p)/n}` (or :math:`\pm z\sqrt{\mathrm{var}}`)."""
    x = np.asarray(x, dtype=float)
    n = np.asarray(n, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = x / n
        se = np.sqrt(p * (1 - p) / n) if var is None else np.sqrt(var)
    z = z_quantile(confidence)
    return p - z * se, p + z * se, se


# ---------------------------------------------------------------------------------------------
# A mean: CES
# ---------------------------------------------------------------------------------------------


@_register(
    "mean",
    "t",
    clustered=True,
    reference="Student (1908). The probable error of a mean. Biometrika, 6(1), 1-25. Sauro, J. & Lewis, "
    "J. R. (2016). Quantifying the User Experience (2nd ed.), chapter 3. Morgan Kaufmann.",
    coverage="Good for rating-scale means from about 10 answers (Sauro & Lewis 2016); for very small "
    "n it can run past the ends of the scale, so the metric clips it.",
)
def mean_t(
    n: Any, total: Any, total_sq: Any, *, confidence: float, var: Any = None, df: Any = None, **_: Any
) -> tuple[Any, Any, Any]:
    r"""Student *t* interval :math:`\bar x \pm t_{1-\alpha/2,\,n-1}\, s/\sqrt n` from the sums of x and x².

    With a cluster-robust ``var`` (and ``df`` = clusters − 1) the margin is :math:`t_{df}\sqrt{\mathrm{var}}`.
    """
    n = np.asarray(n, dtype=float)
    total = np.asarray(total, dtype=float)
    total_sq = np.asarray(total_sq, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = total / n
        if var is None:
            var = np.maximum(total_sq - n * mean**2, 0.0) / (n - 1) / n
            df = n - 1
        se = np.where(np.asarray(df) >= 1, np.sqrt(var), np.nan)
        tq = t_quantile(confidence, np.maximum(df, 1))
    return mean - tq * se, mean + tq * se, se


# ---------------------------------------------------------------------------------------------
# Differences of two groups
# ---------------------------------------------------------------------------------------------


@_register(
    "trinomial_difference",
    "wald",
    clustered=True,
    reference=_ROCKS,
    coverage="Accurate when each group has a few dozen answers or more (Rocks 2016, section 5).",
)
def trinomial_difference_wald(
    diff: float, se: float, *, confidence: float, **_: Any
) -> tuple[float, float, float]:
    r"""Wald interval of a difference of two NPS: :math:`\hat\Delta \pm z\,\mathrm{SE}`."""
    z = z_quantile(confidence)
    return diff - z * se, diff + z * se, se


@_register(
    "proportion_difference",
    "newcombe",
    reference="Newcombe, R. G. (1998). Interval estimation for the difference between independent "
    "proportions: comparison of eleven methods. Statistics in Medicine, 17(8), 873-890.",
    coverage="Close to nominal coverage for small groups and shares near 0% or 100% (Newcombe 1998).",
)
def proportion_difference_newcombe(
    xa: int, na: int, xb: int, nb: int, *, confidence: float, **_: Any
) -> tuple[float, float, float]:
    r"""Newcombe's hybrid score interval ("method 10") from the two Wilson intervals."""
    import math

    pa, pb = xa / na, xb / nb
    diff = pa - pb
    la, ua, _sa = proportion_wilson(xa, na, confidence=confidence)
    lb, ub, _sb = proportion_wilson(xb, nb, confidence=confidence)
    low = diff - math.sqrt((pa - float(la)) ** 2 + (float(ub) - pb) ** 2)
    high = diff + math.sqrt((float(ua) - pa) ** 2 + (pb - float(lb)) ** 2)
    se = math.sqrt(pa * (1 - pa) / na + pb * (1 - pb) / nb)
    return max(low, -1.0), min(high, 1.0), se


@_register(
    "proportion_difference",
    "wald",
    reference="Newcombe (1998), method 1.",
    coverage="The worst coverage of Newcombe's eleven methods for small groups or shares near 0/100%.",
)
def proportion_difference_wald(
    xa: int, na: int, xb: int, nb: int, *, confidence: float, **_: Any
) -> tuple[float, float, float]:
    r"""Compute the Wald interval of the difference of two proportions.

    The interval is
    :math:`\hat p_a - \hat p_b \pm z\sqrt{\hat p_a(1-\hat p_a)/n_a + \hat p_b(1-\hat p_b)/n_b}`.
    """
    import math

    pa, pb = xa / na, xb / nb
    se = math.sqrt(pa * (1 - pa) / na + pb * (1 - pb) / nb)
    z = z_quantile(confidence)
    return max(pa - pb - z * se, -1.0), min(pa - pb + z * se, 1.0), se
