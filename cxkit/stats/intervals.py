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
('wald', 'adjusted_wald', 'bootstrap', 'score')
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
    "proportion_variance",
    "restricted_detractor_share",
    "t_quantile",
    "trinomial_variance",
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
    "score": "iterative score",
    "welch": "Welch t",
}
#: When each method is the one to use, in two or three words (the widget's menu shows it).
HINTS: dict[str, str] = {
    "wald": "large samples",
    "adjusted_wald": "small samples",
    "bootstrap": "resampling",
    "wilson": "any sample size",
    "t": "rating-scale means",
    "newcombe": "any group sizes",
    "score": "any n, any score",
    "welch": "two independent means",
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


def _single_category(P: Any, A: Any, D: Any) -> Any:
    """Where every answer of a group is in one category (all promoters, passives or detractors)."""
    n = P + A + D
    return (n > 0) & ((P == n) | (A == n) | (D == n))


def _adjusted_where(
    mask: Any, P: Any, A: Any, D: Any, confidence: float, low: Any, high: Any
) -> tuple[Any, Any]:
    """Replace the interval by the adjusted Wald one where ``mask`` (a single-category group)."""
    if not np.any(mask):
        return low, high
    al, ah, _ = _trinomial_wald_core(P + 0.75, D + 0.75, P + A + D + 3, confidence)
    return np.where(mask, al, low), np.where(mask, ah, high)


@_register(
    "trinomial",
    "wald",
    clustered=True,
    reference=_ROCKS,
    coverage="Fine for a few hundred answers with scores not near +-100; under-covers for small "
    "samples and extreme scores (Rocks 2016). Its width would be zero when every answer is in one "
    "category, so such a group gets the adjusted Wald interval.",
)
def trinomial_wald(
    P: Any, A: Any, D: Any, *, confidence: float, var: Any = None, **_: Any
) -> tuple[Any, Any, Any]:
    r"""Compute the Wald interval of the NPS.

    The interval is :math:`(\hat p - \hat d) \pm z\sqrt{((\hat p + \hat d) - (\hat p - \hat d)^2)/n}`.
    ``var`` replaces the variance (a cluster-robust one, see :func:`cxkit.stats.cluster_variance`).
    A group whose answers are all in one category (an NPS of +100, 0 with only passives, or
    −100) has an estimated variance of 0, and Wald's interval would be the single point; it gets
    the adjusted Wald interval of :func:`trinomial_adjusted_wald` instead (Rocks 2016), so no
    interval claims certainty from a sample.

    >>> low, high, _ = trinomial_wald(10, 0, 0, confidence=0.95)  # ten promoters
    >>> round(float(low), 3), round(float(high), 3)
    (0.475, 1.063)
    """
    P, A, D = (np.asarray(v, dtype=float) for v in (P, A, D))
    low, high, se = _trinomial_wald_core(P, D, P + A + D, confidence, var)
    low, high = _adjusted_where(_single_category(P, A, D), P, A, D, confidence, low, high)
    return low, high, se


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
    "is empty (e.g. no detractors observed; a group all in one category gets the adjusted Wald "
    "interval); use it to teach resampling or as a check.",
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
    # Every resample of a one-category group is the group itself: use the adjusted Wald interval.
    low, high = _adjusted_where(_single_category(P, A, D), P, A, D, confidence, low, high)
    return low, high, se


def restricted_detractor_share(P: Any, A: Any, D: Any, delta: Any) -> Any:
    r"""Return the maximum-likelihood detractor share when the NPS (−1 to 1) is fixed at ``delta``.

    Maximising :math:`P\log(d + \Delta) + A\log(1 - 2d - \Delta) + D\log d` over :math:`d`
    sets its derivative to zero, a quadratic :math:`2n\,d^2 - B\,d - D\Delta(1-\Delta) = 0` with
    :math:`B = P + D - \Delta(2n - P + D)`, whose root in the allowed range is

    .. math::

        \tilde d(\Delta) = \frac{B + \sqrt{B^2 + 8nD\Delta(1-\Delta)}}{4n}.

    It is the restricted estimate of Tango's (1998) score interval for paired proportions, whose
    likelihood has the same form (discordant pairs in the role of promoters and detractors).
    """
    P, A, D, delta = (np.asarray(v, dtype=float) for v in (P, A, D, delta))
    n = P + A + D
    with np.errstate(invalid="ignore", divide="ignore"):
        B = P + D - delta * (2 * n - P + D)
        root = np.sqrt(np.maximum(B**2 + 8 * n * D * delta * (1 - delta), 0.0))
        return (B + root) / (4 * n)


@_register(
    "trinomial",
    "score",
    reference=_ROCKS + " Tango, T. (1998). Equivalence test and confidence interval for the "
    "difference in proportions for the paired-sample design. Statistics in Medicine, 17(8), 891-908.",
    coverage="Close to nominal coverage at every n from about 10, at scores near +-100 too, and never "
    "of zero width or outside -100 to 100 (Rocks 2016); found by iteration (bisection).",
)
def trinomial_score(P: Any, A: Any, D: Any, *, confidence: float, **_: Any) -> tuple[Any, Any, Any]:
    r"""Compute the iterative score interval of the NPS (Rocks 2016): the NPS values a score test keeps.

    With :math:`\hat\Delta = (P - D)/n` and, for a candidate NPS :math:`\Delta`, the restricted
    detractor share :math:`\tilde d(\Delta)` (:func:`restricted_detractor_share`), the variance of
    :math:`\hat\Delta` under :math:`\Delta` is
    :math:`V(\Delta) = \big(2\tilde d + \Delta - \Delta^2\big)/n` (promoters
    :math:`\tilde d + \Delta`, so :math:`p + d - (p - d)^2`), and the interval is

    .. math::

        \Big\{\Delta \in [-1, 1] : \frac{(\hat\Delta - \Delta)^2}{V(\Delta)} \le z_{1-\alpha/2}^2\Big\},

    whose two ends are found by bisection (50 halvings, vectorised over the groups) on
    :math:`[-1, \hat\Delta]` and :math:`[\hat\Delta, 1]`: at :math:`\Delta = \pm 1` the variance
    is 0, so the bracket always holds a root, and a group all in one category still gets a
    proper interval. The returned ``se`` is the Wald one, :math:`\sqrt{V(\hat\Delta)}`.

    This is Tango's (1998) score interval for a difference of paired proportions, which Rocks
    (2016) adapts to the NPS (promoters and detractors in the place of the two kinds of discordant
    pair) and finds, with the adjusted Wald, to have the best coverage; his R package ``NPS``
    computes it by the same bisection.

    >>> low, high, _ = trinomial_score(4, 3, 3, confidence=0.95)
    >>> round(float(low), 4), round(float(high), 4)
    (-0.3879, 0.5402)
    """
    shape = np.broadcast(*(np.asarray(v) for v in (P, A, D))).shape
    P, A, D = (np.atleast_1d(np.asarray(v, dtype=float)) for v in (P, A, D))
    P, A, D = (np.array(v) for v in np.broadcast_arrays(P, A, D))
    n = P + A + D
    z2 = z_quantile(confidence) ** 2
    with np.errstate(invalid="ignore", divide="ignore"):
        est = (P - D) / n

        pd_sum, two_n_less, eight_nd = P + D, 2 * n - P + D, 8 * n * D

        def outside(delta: Any) -> Any:  # True where delta lies outside the interval
            # 2 d~ + delta - delta^2 with d~ of restricted_detractor_share, inlined for speed
            b = pd_sum - delta * two_n_less
            d2 = (b + np.sqrt(np.maximum(b * b + eight_nd * delta * (1 - delta), 0.0))) / (2 * n)
            return (est - delta) ** 2 > z2 * np.maximum(d2 + delta - delta * delta, 0.0) / n

        ends = []
        for far in (-1.0, 1.0):
            out_end, in_end = np.full(P.shape, far), est.copy()  # outside, inside
            for _step in range(50):  # 2 / 2**50: far below the 0.01 points an NPS is printed to
                mid = (out_end + in_end) / 2
                o = outside(mid)
                out_end, in_end = np.where(o, mid, out_end), np.where(o, in_end, mid)
            ends.append(np.where(est == far, far, in_end))
        low, high = ends
        se = np.sqrt(np.maximum((P + D) / n - est**2, 0.0) / n)
        low, high = np.where(n > 0, low, np.nan), np.where(n > 0, high, np.nan)
    return low.reshape(shape), high.reshape(shape), se.reshape(shape)


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
    "2001); offered because textbooks teach it. At 0% or 100% its width would be zero, so there "
    "it gives the Wilson interval.",
)
def proportion_wald(x: Any, n: Any, *, confidence: float, var: Any = None, **_: Any) -> tuple[Any, Any, Any]:
    r"""Wald interval :math:`\hat p \pm z\sqrt{\hat p(1-\hat p)/n}` (or :math:`\pm z\sqrt{\mathrm{var}}`).

    At :math:`x = 0` or :math:`x = n` the estimated variance is 0 and the interval would be a
    single point; there the Wilson (score) interval of :func:`proportion_wilson` is returned
    (Brown, Cai & DasGupta 2001 recommend it), so a share of 0% or 100% never looks certain.

    >>> low, high, _ = proportion_wald(10, 10, confidence=0.95)
    >>> round(float(low), 4), round(float(high), 4)
    (0.7225, 1.0)
    """
    x = np.asarray(x, dtype=float)
    n = np.asarray(n, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = x / n
        se = np.sqrt(p * (1 - p) / n) if var is None else np.sqrt(var)
    z = z_quantile(confidence)
    low, high = p - z * se, p + z * se
    edge = (n > 0) & ((x == 0) | (x == n))
    if np.any(edge):
        wl, wh, _ = proportion_wilson(x, n, confidence=confidence)
        low, high = np.where(edge, wl, low), np.where(edge, wh, high)
    return low, high, se


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
    n: Any,
    total: Any,
    total_sq: Any,
    *,
    confidence: float,
    var: Any = None,
    df: Any = None,
    bounds: Any = None,
    **_: Any,
) -> tuple[Any, Any, Any]:
    r"""Student *t* interval :math:`\bar x \pm t_{1-\alpha/2,\,n-1}\, s/\sqrt n` from the sums of x and x².

    With a cluster-robust ``var`` (and ``df`` = clusters − 1) the margin is :math:`t_{df}\sqrt{\mathrm{var}}`.

    A group whose answers are all alike (two answers of 1, say) has :math:`s = 0`, and the *t*
    interval would be the single point, as if a few answers proved the mean. Given the scale's
    ``bounds`` :math:`(a, b)`, such a group gets the score interval built on the largest variance a
    mean :math:`\mu` of answers in :math:`[a, b]` can have, :math:`(b - \mu)(\mu - a)` (Bhatia &
    Davis 2000): the :math:`\mu` with :math:`|\bar x - \mu| \le z\sqrt{(b - \mu)(\mu - a)/m}`, which
    is Wilson's (1927) interval of the rescaled mean :math:`(\bar x - a)/(b - a)` with :math:`m`
    answers (:math:`m` = ``df`` + 1: the answers, or with ``var`` the clusters). Without
    ``bounds`` the interval stays as it is.

    References: Bhatia, R. & Davis, C. (2000). A better bound on the variance. *The American
    Mathematical Monthly*, 107(4), 353–357. Wilson, E. B. (1927). Probable inference, the law of
    succession, and statistical inference. *JASA*, 22(158), 209–212.

    >>> low, high, _ = mean_t(2, 2, 2, confidence=0.95, bounds=(1, 7))  # two answers of 1
    >>> round(float(low), 3), round(float(high), 3)
    (1.0, 4.946)
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
        low, high = mean - tq * se, mean + tq * se
        if bounds is not None:
            a, b = (float(v) for v in bounds)
            alike = (np.asarray(df) >= 1) & (np.asarray(var) <= 0)
            if np.any(alike):
                bl, bh = bounded_mean_score(
                    mean, np.asarray(df, dtype=float) + 1, (a, b), confidence=confidence
                )
                low, high = np.where(alike, bl, low), np.where(alike, bh, high)
    return low, high, se


def bounded_mean_score(mean: Any, m: Any, bounds: Any, *, confidence: float) -> tuple[Any, Any]:
    r"""Score interval of a mean of ``m`` answers that all lie in ``bounds`` = :math:`(a, b)`.

    The :math:`\mu` with :math:`|\bar x - \mu| \le z\sqrt{(b - \mu)(\mu - a)/m}`: the largest
    variance answers in :math:`[a, b]` with mean :math:`\mu` can have is :math:`(b - \mu)(\mu - a)`
    (Bhatia & Davis 2000), so this is Wilson's (1927) interval of :math:`(\bar x - a)/(b - a)`,
    mapped back. Used where the answers are all alike and the *t* interval would be a point.

    >>> low, high = bounded_mean_score(1.0, 2, (1, 7), confidence=0.95)
    >>> round(float(low), 3), round(float(high), 3)
    (1.0, 4.946)
    """
    a, b = (float(v) for v in bounds)
    m = np.asarray(m, dtype=float)
    wl, wh, _ = proportion_wilson((np.asarray(mean, dtype=float) - a) / (b - a) * m, m, confidence=confidence)
    return a + (b - a) * np.asarray(wl), a + (b - a) * np.asarray(wh)


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
    "mean_difference",
    "welch",
    clustered=True,
    reference='Welch, B. L. (1947). The generalization of "Student\'s" problem when several different '
    "population variances are involved. Biometrika, 34(1/2), 28-35. Cameron, A. C. & Miller, D. L. "
    "(2015). A practitioner's guide to cluster-robust inference. Journal of Human Resources, 50(2), "
    "317-372 (with clusters: t with G - 1 degrees of freedom).",
    coverage="Close to nominal for rating-scale means of two groups of about 10 answers or more; "
    "with clusters it needs a few dozen customers.",
)
def mean_difference_welch(
    diff: float, se: float, *, confidence: float, df: float, **_: Any
) -> tuple[float, float, float]:
    r"""*t* interval of a difference of two means: :math:`\hat\Delta \pm t_{1-\alpha/2,\,df}\,\mathrm{SE}`.

    ``df`` is Welch's :math:`\frac{(v_a + v_b)^2}{v_a^2/(n_a-1) + v_b^2/(n_b-1)}` for independent
    answers, or :math:`G - 1` with a cluster-robust SE (Cameron & Miller 2015, section VI).
    """
    t = float(t_quantile(confidence, df))
    return diff - t * se, diff + t * se, se


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
    clustered=True,
    reference="Newcombe (1998), method 1. Agresti, A. & Caffo, B. (2000). Simple and effective "
    "confidence intervals for proportions and differences of proportions result from adding two "
    "successes and two failures. The American Statistician, 54(4), 280-288.",
    coverage="The worst coverage of Newcombe's eleven methods for small groups or shares near 0/100% "
    "(a group at 0% or 100% gets Agresti & Caffo's variance); the one that takes clusters.",
)
def proportion_difference_wald(
    xa: int, na: int, xb: int, nb: int, *, confidence: float, se: Any = None, **_: Any
) -> tuple[float, float, float]:
    r"""Compute the Wald interval of the difference of two proportions.

    The interval is
    :math:`\hat p_a - \hat p_b \pm z\sqrt{\hat p_a(1-\hat p_a)/n_a + \hat p_b(1-\hat p_b)/n_b}`;
    ``se`` replaces the standard error (a cluster-robust one, :func:`cxkit.metrics.compare_csat`).
    A group at 0% or 100% has a variance of 0; it enters with Agresti & Caffo's (2000) adjusted
    share :math:`(x+1)/(n+2)` and :math:`n+2` instead, so two unanimous groups never get an interval
    of zero width.
    """
    import math

    pa, pb = xa / na, xb / nb
    if se is None:
        se = math.sqrt(proportion_variance(xa, na) + proportion_variance(xb, nb))
    z = z_quantile(confidence)
    return max(pa - pb - z * se, -1.0), min(pa - pb + z * se, 1.0), se


def proportion_variance(x: float, n: float) -> float:
    r"""Variance of a share :math:`x/n`: :math:`\hat p(1-\hat p)/n`, or at 0% and 100% Agresti & Caffo's.

    At :math:`x = 0` or :math:`x = n` the plain formula gives 0, which would claim the share is
    known exactly; there :math:`\tilde p = (x+1)/(n+2)` and :math:`\tilde p(1-\tilde p)/(n+2)`
    (Agresti & Caffo 2000) is used.

    >>> proportion_variance(5, 10), round(proportion_variance(10, 10), 5)
    (0.025, 0.00637)
    """
    if 0 < x < n:
        p = x / n
        return p * (1 - p) / n
    p = (x + 1) / (n + 2)
    return p * (1 - p) / (n + 2)


def trinomial_variance(P: float, A: float, D: float) -> float:
    r"""Variance of an NPS (−1 to 1 scale): :math:`((p + d) - (p - d)^2)/n`, adjusted for one category.

    A group all in one category (all promoters, all passives or all detractors) would have a
    variance of 0; it gets the adjusted Wald variance instead, with ¾ added to P and D and 3 to n
    (Rocks 2016).

    >>> trinomial_variance(5, 0, 5), round(trinomial_variance(10, 0, 0), 5)
    (0.1, 0.02253)
    """
    n = P + A + D
    if P == n or A == n or D == n:
        P, D, n = P + 0.75, D + 0.75, n + 3
    p, d = P / n, D / n
    return max((p + d) - (p - d) ** 2, 0.0) / n
