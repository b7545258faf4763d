"""Comparisons of two groups: the NPS, CSAT or CES difference, its interval and p-value.

The three functions share one path (:func:`_two_groups`): each group's result, the cluster ids, and
the variance of the difference (adding for independent groups, cluster-robust with ``cluster=``,
with the covariance of customers in both groups); only the interval and the test differ.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from cxkit.errors import CXConfigError, CXDataError
from cxkit.metrics.scores import ces, csat, nps
from cxkit.stats.checks import check_confidence, check_min_n
from cxkit.stats.intervals import interval_method, proportion_variance, trinomial_variance, two_sided_p
from cxkit.stats.results import Comparison, MetricResult

__all__ = ["compare_ces", "compare_csat", "compare_nps"]

_SCORE: dict[str, Callable[..., MetricResult]] = {"nps": nps, "csat": csat, "ces": ces}
_DEFAULT_SCALE = {"csat": 5, "ces": 7}


def _result_of(group: Any, metric: str, name: str, cluster: Any = None, **kw: Any) -> MetricResult:
    """Return a group's result: given (checked to be the right metric) or computed from its scores.

    A data error in a group's scores names the group (``group 'B2B', column 'scores', ...``), so the
    learner knows which of the two to look at.
    """
    if isinstance(group, MetricResult):
        if group.metric != metric.upper():
            raise CXConfigError(
                f"compare_{metric} compares two {metric.upper()} results (or two lists of "
                f"scores); got a {group.metric} result. Use compare_{group.metric.lower()} for "
                f"{group.metric}, and never mix two metrics in one comparison."
            )
        if cluster is not None:
            raise CXConfigError(
                "cluster ids go with scores, not with a result: compute the result with "
                f"{metric}(scores, cluster=ids) instead."
            )
        scale_options = [k for k in ("satisfied",) if kw.get(k) is not None]
        if kw.get("scale") not in (None, _DEFAULT_SCALE.get(metric)):  # the compare function's default
            scale_options.insert(0, "scale")
        if scale_options:
            raise CXConfigError(
                f"{', '.join(scale_options)} cannot change a result that is already computed: pass the "
                f"scores instead, or compute both results with these options."
            )
        return group
    if cluster is not None:
        kw["cluster"] = cluster
    try:
        return _SCORE[metric](group, **kw)
    except CXDataError as err:
        raise CXDataError(
            err.problem,
            dataset=f"group {name!r}" if err.dataset is None else f"group {name!r} ({err.dataset})",
            column=err.column,
            row=err.row,
            value=err.value,
            expected=err.expected,
        ) from None


def _clustered_difference_variance(
    ra: MetricResult, rb: MetricResult, da: float, db: float
) -> tuple[float, int, int]:
    r"""Variance of :math:`\bar y_a - \bar y_b` from per-cluster sums; returns (var, shared, G).

    Per cluster :math:`c`, :math:`e_{ac} = \sum_{i \in c,\,a}(y_i - \bar y_a)` (0 if the cluster has
    no answer in a). Without shared clusters the two variances add, each
    :math:`\frac{G_a}{G_a-1}\sum_c e_{ac}^2/n_a^2`. With shared clusters the difference is
    linearised per cluster, :math:`u_c = e_{ac}/n_a - e_{bc}/n_b`, and
    :math:`\mathrm{Var} = \frac{G}{G-1}\sum_c u_c^2` over the :math:`G` clusters of both groups,
    which equals :math:`\mathrm{Var}_a + \mathrm{Var}_b - 2\,\mathrm{Cov}` with the covariance
    from the shared clusters (Cameron & Miller 2015).
    """
    import pandas as pd

    ta, tb = ra.cluster_totals, rb.cluster_totals
    ea = pd.Series(ta["sum"] - ta["count"] * da, index=ta["ids"])
    eb = pd.Series(tb["sum"] - tb["count"] * db, index=tb["ids"])
    shared = int(ea.index.isin(eb.index).sum())
    if shared == 0:
        ga, gb = len(ea), len(eb)
        va = ga / (ga - 1) * float((ea**2).sum()) / ra.n**2 if ga > 1 else float("nan")
        vb = gb / (gb - 1) * float((eb**2).sum()) / rb.n**2 if gb > 1 else float("nan")
        return va + vb, 0, ga + gb
    u = (ea / ra.n).sub(eb / rb.n, fill_value=0.0)
    g = len(u)
    return g / (g - 1) * float(np.square(u.to_numpy()).sum()), shared, g


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


def _mean_and_variance(metric: str, r: MetricResult) -> tuple[float, float, bool]:
    """Return a group's mean per-answer score (NPS −1..1, CSAT 0..1, CES), its variance, and if one category.

    The variance is that of independent answers; a group all in one category (a share of 0% or
    100%) gets the adjusted variance of :func:`~cxkit.stats.intervals.trinomial_variance` or
    :func:`~cxkit.stats.intervals.proportion_variance` rather than 0.
    """
    n = r.n
    if metric == "nps":
        P, D = r.counts["promoters"], r.counts["detractors"]
        A = n - P - D
        return (P - D) / n, trinomial_variance(P, A, D), n in (P, A, D)
    if metric == "csat":
        x = r.counts["satisfied"]
        return x / n, proportion_variance(x, n), x in (0, n)
    if r.cluster_totals is not None:  # a clustered CES: its se is the clustered one, not needed here
        return r.value, float("nan"), False
    return r.value, r.se**2, False


def _two_groups(
    metric: str,
    a: Any,
    b: Any,
    *,
    cluster: Any,
    names: Sequence[str] | None,
    **kw: Any,
) -> dict[str, Any]:
    """Compute the shared part of the comparisons: both results, and the variance of their difference.

    Returns a dict with ``ra``, ``rb``, ``label``, ``diff`` (on the per-answer scale), ``var``,
    ``va``, ``vb`` (each group's own variance, independent answers), ``clustered``, ``shared`` and
    ``n_clusters``.
    """
    label = _names(names, a, b)
    if cluster is not None and (
        isinstance(cluster, str) or not isinstance(cluster, Sequence) or len(cluster) != 2
    ):
        raise CXConfigError(
            f"cluster= for compare_{metric} takes two sequences of cluster ids, one aligned with each "
            "group: cluster=(df_a['customer_id'], df_b['customer_id'])."
        )
    ca, cb = (None, None) if cluster is None else cluster
    ra = _result_of(a, metric, label[0], cluster=ca, **kw)
    rb = _result_of(b, metric, label[1], cluster=cb, **kw)
    clustered = (ra.cluster_totals is not None) or (rb.cluster_totals is not None)
    if clustered and (ra.cluster_totals is None or rb.cluster_totals is None):
        raise CXConfigError(
            "only one of the two groups has cluster ids: give both (cluster=(ids_a, ids_b)) or neither."
        )
    da, va, one_a = _mean_and_variance(metric, ra)
    db, vb, one_b = _mean_and_variance(metric, rb)
    shared = 0
    n_clusters = None
    if clustered:
        var, shared, n_clusters = _clustered_difference_variance(ra, rb, da, db)
        # A group all in one category has no spread for the clusters to show: its adjusted
        # variance is added, so the interval never has zero width.
        var += (va if one_a else 0.0) + (vb if one_b else 0.0)
    else:
        var = va + vb
    return {
        "ra": ra,
        "rb": rb,
        "label": label,
        "diff": da - db,
        "var": var,
        "va": va,
        "vb": vb,
        "clustered": clustered,
        "shared": shared,
        "n_clusters": n_clusters,
    }


def _comparison(
    metric: str,
    g: dict[str, Any],
    *,
    low: float,
    high: float,
    se: float,
    p_value: float,
    factor: float,
    confidence: float,
    method: str,
    min_n: int,
) -> Comparison:
    ra, rb = g["ra"], g["rb"]
    return Comparison(
        metric=metric.upper(),
        value=factor * g["diff"],
        low=factor * low,
        high=factor * high,
        p_value=p_value,
        n_a=ra.n,
        n_b=rb.n,
        value_a=ra.value,
        value_b=rb.value,
        confidence=confidence,
        method=method,
        names=g["label"],
        se=factor * se,
        cluster=(ra.cluster or rb.cluster) if g["clustered"] else None,
        n_clusters=g["n_clusters"],
        shared_clusters=g["shared"],
        min_n=min_n,
    )


def compare_nps(
    a: Any,
    b: Any,
    *,
    confidence: float = 0.95,
    cluster: Any = None,
    min_n: int = 30,
    dropna: bool = False,
    scale_check: bool = True,
    names: Sequence[str] | None = None,
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
    cluster : (array-like, array-like), optional
        The customer (cluster) ids of ``a`` and of ``b``, each aligned with its scores, when
        customers answer several times: the cluster-robust variance (see Notes). Or pass two
        results made with ``nps(scores, cluster=ids)``.
    min_n : int, default 30
        A group with fewer answers is named in the printed comparison (``too_small``).
    dropna : bool, default False
        Leave blank answers out.
    scale_check : bool, default True
        The wrong-scale check of :func:`nps`, applied to each group.
    names : (str, str), optional
        The groups' names for the :attr:`Comparison.interpretation`; default the Series names
        when they differ, else ``("A", "B")``.

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
        A bad ``confidence``, ``names`` or ``cluster``; a result of another metric (a CSAT
        result given to ``compare_nps``).

    Notes
    -----
    A Wald interval and *z*-test for the difference of two independent trinomial means
    (Rocks 2016, section 5). Without ``cluster`` the variances add because the answers are
    taken as independent: do not use it without ``cluster`` for customers who answer several
    times.

    **With** ``cluster``: each group's variance is the cluster-robust one of :func:`nps`. When no
    customer is in both groups the two variances add. When some are, the answers of a shared
    customer are correlated across the groups, and the difference is linearised per customer:
    with :math:`e_{ac} = \sum_{i \in c,\,a}(y_i - \bar y_a)` (0 if customer :math:`c` has no
    answer in a) and :math:`u_c = e_{ac}/n_a - e_{bc}/n_b`,

    .. math::

        \widehat{\mathrm{Var}}(\bar y_a - \bar y_b) = \frac{G}{G-1}\sum_{c=1}^{G} u_c^2

    over the :math:`G` customers of both groups, which is
    :math:`\mathrm{Var}_a + \mathrm{Var}_b - 2\,\mathrm{Cov}` with the covariance taken from
    the per-customer sums (Cameron & Miller 2015). ``shared_clusters`` says how many customers
    are in both groups. It is accurate when each group has a few dozen
    answers or more; with smaller groups read the p-value as a rough guide.

    **A group all in one category** (every answer a promoter, say) has an estimated variance of
    0, which would let two such groups claim an exact difference. Its variance is taken from the
    adjusted Wald estimate instead (¾ added to P and D, 3 to n; Rocks 2016), with or without
    ``cluster`` (:func:`cxkit.stats.intervals.trinomial_variance`), so no interval has zero width.

    References
    ----------
    Rocks, B. (2016). Interval estimation for the "Net Promoter Score". *The American
    Statistician*, 70(4), 365–372. https://doi.org/10.1080/00031305.2016.1158124

    Cameron, A. C. & Miller, D. L. (2015). A practitioner's guide to cluster-robust inference.
    *Journal of Human Resources*, 50(2), 317–372.

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
    confidence = check_confidence(confidence)
    min_n = check_min_n(min_n)
    g = _two_groups("nps", a, b, cluster=cluster, names=names, dropna=dropna, scale_check=scale_check)
    diff, var = g["diff"], g["var"]
    se = math.sqrt(var) if var == var else float("nan")
    m = interval_method("trinomial_difference", "wald")
    low, high, _ = m.function(diff, se, confidence=confidence)
    if se > 0:
        p_value = two_sided_p(diff / se)
    else:
        p_value = 1.0 if diff == 0 else 0.0
    return _comparison(
        "nps",
        g,
        low=low,
        high=high,
        se=se,
        p_value=p_value,
        factor=100.0,
        confidence=confidence,
        method="wald",
        min_n=min_n,
    )


def compare_csat(
    a: Any,
    b: Any,
    *,
    scale: int = 5,
    satisfied: Sequence[int] | None = None,
    confidence: float = 0.95,
    method: str | None = None,
    cluster: Any = None,
    min_n: int = 30,
    dropna: bool = False,
    names: Sequence[str] | None = None,
) -> Comparison:
    r"""Difference in percent satisfied between two groups, ``a - b``, with interval and p-value.

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
    method : {"newcombe", "wald"}, optional
        Interval method: Newcombe's hybrid score interval (the default for independent answers),
        or the Wald interval
        :math:`\hat p_a - \hat p_b \pm z\sqrt{\hat p_a(1-\hat p_a)/n_a + \hat p_b(1-\hat p_b)/n_b}`
        (the default, and the only method, with clusters).
    cluster : (array-like, array-like), optional
        The customer (cluster) ids of ``a`` and of ``b``, each aligned with its scores, when
        customers answer several times; or pass two results made with ``csat(scores,
        cluster=ids)``. As in :func:`compare_nps`: the cluster-robust variance of the difference
        (with the covariance of customers in both groups), a Wald interval and a *z*-test.
    min_n : int, default 30
        A group with fewer answers is named in the printed comparison (``too_small``).
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
        An unknown ``method``, a bad ``confidence``, ``names`` or ``cluster``; ``method="newcombe"``
        with clusters (Newcombe's interval has no cluster-robust form here); a result of another
        metric.

    Notes
    -----
    With ``cluster`` the difference of the two shares of satisfied answers (the means of a 1/0
    score) gets the cluster-robust variance of :func:`compare_nps` (its Notes give the formula),
    the interval :math:`\hat\Delta \pm z\,\mathrm{SE}` and :math:`z = \hat\Delta/\mathrm{SE}`.
    A group at 0% or 100% enters with Agresti & Caffo's (2000) adjusted variance, never 0.

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

    Cameron, A. C. & Miller, D. L. (2015). A practitioner's guide to cluster-robust inference.
    *Journal of Human Resources*, 50(2), 317–372.

    Agresti, A. & Caffo, B. (2000). Simple and effective confidence intervals for proportions and
    differences of proportions result from adding two successes and two failures. *The American
    Statistician*, 54(4), 280–288.

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

    Customers who answer several times: the ids of each group's answers, as for the NPS:

    >>> c = compare_csat([5, 5, 4, 1, 2, 5], [1, 2, 5, 1], cluster=(["x", "x", "y", "y", "z", "z"],
    ...                                                              ["u", "u", "v", "w"]))
    >>> c.method_label, round(c.value, 2)
    ('Wald, clustered by cluster (6 clusters)', 41.67)
    """
    confidence = check_confidence(confidence)
    min_n = check_min_n(min_n)
    if method is not None:
        interval_method("proportion_difference", method, what="CSAT comparison")
    g = _two_groups(
        "csat", a, b, cluster=cluster, names=names, scale=scale, satisfied=satisfied, dropna=dropna
    )
    ra, rb, diff = g["ra"], g["rb"], g["diff"]
    xa, na = ra.counts["satisfied"], ra.n
    xb, nb = rb.counts["satisfied"], rb.n
    if g["clustered"]:
        if method not in (None, "wald"):
            raise CXConfigError(
                f"method={method!r} has no cluster-robust form: with cluster= compare_csat uses "
                "method='wald' (leave method out, or pass method='wald')."
            )
        m = interval_method("proportion_difference", "wald")
        se = math.sqrt(g["var"]) if g["var"] == g["var"] else float("nan")
        low, high, _ = m.function(xa, na, xb, nb, confidence=confidence, se=se)
        p_value = two_sided_p(diff / se) if se > 0 else (1.0 if diff == 0 else 0.0)
    else:
        m = interval_method("proportion_difference", method or "newcombe", what="CSAT comparison")
        low, high, se = m.function(xa, na, xb, nb, confidence=confidence)
        pooled = (xa + xb) / (na + nb)
        se0 = math.sqrt(pooled * (1 - pooled) * (1 / na + 1 / nb))
        p_value = two_sided_p(diff / se0) if se0 > 0 else (1.0 if diff == 0 else 0.0)
    return _comparison(
        "csat",
        g,
        low=low,
        high=high,
        se=se,
        p_value=p_value,
        factor=100.0,
        confidence=confidence,
        method=m.name,
        min_n=min_n,
    )


def _alike_ces_difference(g: dict[str, Any], scale: int, confidence: float) -> tuple[float, float, float]:
    r"""Interval and p-value of a CES difference when both groups' answers are all alike.

    Welch's standard error is 0 there, and its interval would be a single point with p = 0.
    Instead each group's own interval (the score interval of :func:`~cxkit.stats.intervals.mean_t`
    for answers all alike) is combined by square-and-add (Newcombe 1998; Zou & Donner 2008):
    :math:`\hat\Delta - \sqrt{(\bar x_a - l_a)^2 + (u_b - \bar x_b)^2}` to
    :math:`\hat\Delta + \sqrt{(u_a - \bar x_a)^2 + (\bar x_b - l_b)^2}`, and the p-value is the
    pooled score test with the largest variance a mean :math:`\mu_0` of answers on 1 to
    ``scale`` can have (Bhatia & Davis 2000), at the pooled mean:
    :math:`z = \hat\Delta / \sqrt{(s - \mu_0)(\mu_0 - 1)(1/m_a + 1/m_b)}` (:math:`m` the answers,
    or with clusters the customers). Zou, G. Y. & Donner, A. (2008). Construction of confidence
    limits about effect measures: a general approach. *Statistics in Medicine*, 27(10), 1693–1702.
    """
    from scipy import stats

    ra, rb = g["ra"], g["rb"]
    diff = g["diff"]
    low = diff - math.hypot(ra.value - ra.low, rb.high - rb.value)
    high = diff + math.hypot(ra.high - ra.value, rb.value - rb.low)
    ma = ra.n_clusters if ra.n_clusters else ra.n
    mb = rb.n_clusters if rb.n_clusters else rb.n
    pooled = (ma * ra.value + mb * rb.value) / (ma + mb)
    var0 = (scale - pooled) * (pooled - 1) * (1 / ma + 1 / mb)
    if diff == 0:
        p_value = 1.0
    elif var0 > 0:
        p_value = float(2 * stats.norm.sf(abs(diff) / math.sqrt(var0)))
    else:
        p_value = float("nan")
    return low, high, p_value


def compare_ces(
    a: Any,
    b: Any,
    *,
    scale: int = 7,
    confidence: float = 0.95,
    method: str = "welch",
    cluster: Any = None,
    min_n: int = 30,
    dropna: bool = False,
    scale_check: bool = True,
    names: Sequence[str] | None = None,
) -> Comparison:
    r"""Difference between the mean CES of two groups, ``a - b``, with a *t* interval and p-value.

    With means :math:`\bar x_a, \bar x_b`, standard deviations :math:`s_a, s_b` and
    :math:`v = s^2/n`, Welch's interval and test (independent answers) are

    .. math::

        \bar x_a - \bar x_b \pm t_{1-\alpha/2,\,\nu}\sqrt{v_a + v_b}, \qquad
        \nu = \frac{(v_a + v_b)^2}{v_a^2/(n_a-1) + v_b^2/(n_b-1)}, \qquad
        t = \frac{\bar x_a - \bar x_b}{\sqrt{v_a + v_b}} .

    With ``cluster`` the variance is the cluster-robust one of :func:`compare_nps` (customers in
    both groups included, through their covariance), with :math:`G - 1` degrees of freedom
    (:math:`G` customers in the two groups; Cameron & Miller 2015).

    Parameters
    ----------
    a, b : array-like of scores, or MetricResult
        The two groups' CES answers (or their :func:`ces` results).
    scale : {7, 5}, default 7
        As in :func:`ces` (used when scores are given).
    confidence : float, default 0.95
        Confidence level of the interval.
    method : {"welch"}, default "welch"
        The interval method (the one there is: Welch's *t*).
    cluster : (array-like, array-like), optional
        The customer (cluster) ids of ``a`` and of ``b``, each aligned with its scores; or pass
        two results made with ``ces(scores, cluster=ids)``.
    min_n : int, default 30
        A group with fewer answers is named in the printed comparison (``too_small``).
    dropna : bool, default False
        Leave blank answers out.
    scale_check : bool, default True
        The wrong-scale check of :func:`ces`, applied to each group.
    names : (str, str), optional
        The groups' names for the interpretation.

    Returns
    -------
    Comparison
        ``value`` in scale points, ``low``, ``high``, ``p_value``, ``n_a``, ``n_b``, ``value_a``,
        ``value_b`` and ``interpretation``.

    Raises
    ------
    CXDataError
        Bad scores in either group (see :func:`ces`).
    CXConfigError
        An unknown ``method``, a bad ``confidence``, ``names`` or ``cluster``; a result of another
        metric.

    Notes
    -----
    Welch's interval does not assume equal variances, so it suits groups of different sizes and
    spreads (Welch 1947). Rating-scale answers are ordinal; their mean is treated as a number, as
    :func:`ces` does. A group of one answer has no variance: the interval is NaN. When every
    answer in both groups is alike (all 1s against all 7s) Welch's standard error is 0: the
    interval then combines the two groups' own score intervals by square-and-add and the p-value
    is a pooled score test (see ``_alike_ces_difference``), never a single point with p = 0.

    References
    ----------
    Welch, B. L. (1947). The generalization of "Student's" problem when several different
    population variances are involved. *Biometrika*, 34(1/2), 28–35.

    Cameron, A. C. & Miller, D. L. (2015). A practitioner's guide to cluster-robust inference.
    *Journal of Human Resources*, 50(2), 317–372.

    Examples
    --------
    Two small groups: means 6 and 4, variances 1 and 1 over 3 answers each, so
    :math:`\mathrm{SE} = \sqrt{1/3 + 1/3} = 0.816`, :math:`\nu = 4` and
    :math:`t_{0.975,4} = 2.776`: 2 ± 2.27.

    >>> from cxkit.metrics import compare_ces
    >>> c = compare_ces([5, 6, 7], [3, 4, 5], min_n=3)
    >>> round(c.value, 2), round(c.low, 2), round(c.high, 2)
    (2.0, -0.27, 4.27)
    >>> c
    CES difference A - B = 2.00 scale points (95% CI -0.27 to 4.27, Welch t; p = 0.0705; n = 3 vs 3)
    """
    from scipy import stats

    confidence = check_confidence(confidence)
    min_n = check_min_n(min_n)
    m = interval_method("mean_difference", method, what="CES comparison")
    g = _two_groups(
        "ces", a, b, cluster=cluster, names=names, scale=scale, dropna=dropna, scale_check=scale_check
    )
    diff, var = g["diff"], g["var"]
    se = math.sqrt(var) if var == var else float("nan")
    if g["clustered"]:
        df = float(g["n_clusters"] - 1)
    else:
        va, vb, na, nb = g["va"], g["vb"], g["ra"].n, g["rb"].n
        with np.errstate(invalid="ignore", divide="ignore"):
            df = (
                float(np.float64(va + vb) ** 2 / (va**2 / (na - 1) + vb**2 / (nb - 1)))
                if min(na, nb) > 1
                else float("nan")
            )
    if se == 0:  # answers all alike in both groups: no spread for Welch to use
        low, high, p_value = _alike_ces_difference(g, scale, confidence)
    elif not se > 0 or not df > 0:  # a group of one answer
        low = high = p_value = float("nan")
    else:
        low, high, _ = m.function(diff, se, confidence=confidence, df=df)
        p_value = float(2 * stats.t.sf(abs(diff / se), df))
    return _comparison(
        "ces",
        g,
        low=low,
        high=high,
        se=se,
        p_value=p_value,
        factor=1.0,
        confidence=confidence,
        method=m.name,
        min_n=min_n,
    )
