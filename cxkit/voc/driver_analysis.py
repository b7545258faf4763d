"""Which themes move the score: the score with a theme against the score without it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from cxkit.errors import CXConfigError, CXDataError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["ADJUSTMENTS", "drivers"]

_COLUMNS = [
    "theme",
    "n_with",
    "n_without",
    "score_with",
    "score_without",
    "difference",
    "low",
    "high",
    "p_value",
    "p_adjusted",
    "adjustment",
    "method",
    "too_small",
]
#: The multiple-comparison adjustments of :func:`drivers` (``adjust=``).
ADJUSTMENTS = ("holm", "bh", "none")


def drivers(
    df: pd.DataFrame,
    score: str,
    themes: Sequence[str],
    *,
    metric: str = "nps",
    confidence: float = 0.95,
    method: str | None = None,
    cluster: str | None = None,
    min_n: int = 30,
    adjust: str = "holm",
) -> pd.DataFrame:
    r"""Rank themes by how much the score differs between the texts that have them and the rest.

    For each theme, the answers are split into those whose text has the theme (``with``) and the
    others (``without``), and the score of the two groups is compared:
    ``difference = score_with - score_without``. The most negative difference comes first: the
    themes that come with the lowest scores. Each theme is one test, so the p-values are adjusted
    for the number of themes tested (``adjust``).

    Parameters
    ----------
    df : pandas.DataFrame
        One row per answer: the score column and one bool column per theme (e.g. survey answers
        joined with :func:`cxkit.voc.themes` of their comments). Rows with a blank score are
        left out.
    score : str
        The score column: 0–10 answers for ``metric="nps"``, any numbers for ``"mean"``.
    themes : sequence of str
        The theme columns (bool).
    metric : {"nps", "mean"}, default "nps"
        ``"nps"``: the difference of the two groups' NPS, in points. ``"mean"``: the difference
        of the mean scores with Welch's *t* interval and test
        (``scipy.stats.ttest_ind(equal_var=False)``).
    confidence : float, default 0.95
        Confidence level of the intervals (each theme's own; see Notes).
    method : {"adjusted_wald", "wald"}, optional
        The interval and test of an NPS difference (``metric="nps"``; default ``"adjusted_wald"``):
        ``"wald"`` is :func:`cxkit.metrics.compare_nps`; ``"adjusted_wald"`` adds 3/4 promoter
        and 3/4 detractor to each group first (see Notes), so a group whose answers are all
        detractors or all promoters still gets an interval of non-zero width. ``metric="mean"``
        takes only ``"welch"`` (its default).
    cluster : str, optional
        The customer column, when a customer answers several times (``metric="nps"`` only): the
        cluster-robust variance of :func:`cxkit.metrics.compare_nps`.
    min_n : int, default 30
        Smaller groups are flagged ``too_small`` (their interval is wide; read with care).
    adjust : {"holm", "bh", "none"}, default "holm"
        The multiple-comparison control of ``p_adjusted``, over the themes that could be tested:
        Holm's step-down (themes with ``p_adjusted`` below 0.05 hold a chance of at most 5 % that
        any of them is a false driver), Benjamini and Hochberg's false discovery rate
        (``scipy.stats.false_discovery_control``), or none.

    Returns
    -------
    pandas.DataFrame
        One row per theme, sorted by ``difference`` (lowest first; themes that never or always
        occur come last with missing values): ``theme``, ``n_with``, ``n_without``,
        ``score_with``, ``score_without``, ``difference``, ``low``, ``high``, ``p_value``,
        ``p_adjusted``, ``adjustment`` (e.g. ``"holm, 13 themes"``), ``method`` and
        ``too_small``.

    Raises
    ------
    CXDataError
        A missing column, a theme column that is not True/False, invalid scores (as
        :func:`cxkit.metrics.nps`), or no answered rows.
    CXConfigError
        An unknown ``metric``, ``method`` or ``adjust``, an empty ``themes``, ``cluster`` with
        ``metric="mean"``, a bad ``confidence`` or ``min_n``.

    Notes
    -----
    With a theme in :math:`n_1` answers and not in :math:`n_0`, for NPS the Wald difference
    (Rocks 2016, section 5) is

    .. math::

        \Delta = 100\big[(\hat p_1 - \hat d_1) - (\hat p_0 - \hat d_0)\big], \quad
        \mathrm{SE} = 100\sqrt{\tfrac{\hat p_1 + \hat d_1 - (\hat p_1 - \hat d_1)^2}{n_1}
                     + \tfrac{\hat p_0 + \hat d_0 - (\hat p_0 - \hat d_0)^2}{n_0}},

    and the interval :math:`\Delta \pm z\,\mathrm{SE}`. The **adjusted Wald** difference uses
    in both the centre and SE each group's shares after adding 3/4 to its promoters and
    detractors and 3 to its answers, :math:`\tilde p = (P + 3/4)/(n + 3)`,
    :math:`\tilde d = (D + 3/4)/(n + 3)`, :math:`\tilde n = n + 3`: Rocks' (2016) adjusted Wald
    for one NPS, applied to each group as Agresti & Caffo (2000) do for a difference of two
    proportions. With ``cluster``, its variance is multiplied by the design effect of the
    difference, :math:`\mathrm{deff} = \mathrm{SE}^2_{\text{cluster}}/\mathrm{SE}^2`
    (Kish 1965; 1 when both groups are unanimous, or when a group's answers all come from one
    customer, whose cluster-robust variance is undefined), the cluster-robust over the independent
    Wald variance (the clustered one without the adjusted variance that
    :func:`cxkit.metrics.compare_nps` adds for a unanimous group, so it is not counted twice), as
    the clustered Wilson interval uses an effective sample size (Korn &
    Graubard 1998). The p-value is that of :math:`z = \tilde\Delta/\mathrm{SE}`. The table's
    ``difference`` stays the observed one; the adjusted interval is centred on
    :math:`\tilde\Delta`, pulled towards zero for small groups.

    For means (Welch 1947) :math:`\Delta = \bar y_1 - \bar y_0`,
    :math:`\mathrm{SE} = \sqrt{s_1^2/n_1 + s_0^2/n_0}` with Welch–Satterthwaite degrees of
    freedom.

    **Many themes, many tests.** Testing 13 themes at 5 % each finds a "driver" by chance far
    more often than 5 % of the time. Holm's (1979) step-down sorts the :math:`m` p-values,
    :math:`p_{(1)} \le \dots \le p_{(m)}`, and reports
    :math:`\tilde p_{(i)} = \max_{j \le i} \min\{1, (m - j + 1)\,p_{(j)}\}`; a theme is a
    driver at level :math:`\alpha` when :math:`\tilde p < \alpha`, which keeps the chance of
    *any* false driver at most :math:`\alpha`. Benjamini & Hochberg (1995) control the
    expected share of false drivers among those found instead. The intervals are each theme's
    own (not simultaneous).

    A difference is an association, not a cause: customers who mention a late parcel may differ
    in other ways, and one text can carry several themes (each theme is compared with all other
    answers): :func:`driver_model` weighs the themes together.

    References
    ----------
    Agresti, A. & Caffo, B. (2000). Simple and effective confidence intervals for proportions
    and differences of proportions result from adding two successes and two failures. *The
    American Statistician*, 54(4), 280–288.

    Benjamini, Y. & Hochberg, Y. (1995). Controlling the false discovery rate: a practical and
    powerful approach to multiple testing. *Journal of the Royal Statistical Society B*, 57(1),
    289–300.

    Holm, S. (1979). A simple sequentially rejective multiple test procedure. *Scandinavian
    Journal of Statistics*, 6(2), 65–70.

    Kish, L. (1965). *Survey Sampling*. Wiley (the design effect).

    Korn, E. L. & Graubard, B. I. (1998). Confidence intervals for proportions with small
    expected number of positive counts estimated from survey data. *Survey Methodology*, 24(2),
    193–201.

    Rocks, B. (2016). Interval estimation for the "Net Promoter Score". *The American
    Statistician*, 70(4), 365–372.

    Welch, B. L. (1947). The generalization of "Student's" problem when several different
    population variances are involved. *Biometrika*, 34(1–2), 28–35.

    Examples
    --------
    >>> import pandas as pd
    >>> from cxkit.voc import drivers
    >>> df = pd.DataFrame({
    ...     "nps": [0, 2, 9, 10, 10, 9, 7, 10],
    ...     "late": [True, True, False, False, False, False, True, False],
    ...     "staff": [False, False, True, True, False, False, False, True],
    ... })
    >>> out = drivers(df, "nps", ["late", "staff"], min_n=2)
    >>> out[["theme", "n_with", "score_with", "score_without", "difference", "low", "high"]]
       theme  n_with  score_with  score_without  difference     low    high
    0   late       3      -66.67          100.0     -166.67 -166.89  -24.78
    1  staff       3      100.00            0.0      100.00  -30.64  130.64
    >>> out[["p_value", "p_adjusted", "adjustment", "method"]].round(4)
       p_value  p_adjusted      adjustment         method
    0   0.0082      0.0164  holm, 2 themes  adjusted_wald
    1   0.2243      0.2243  holm, 2 themes  adjusted_wald
    """
    import numpy as np
    import pandas as pd

    from cxkit._checks import require_columns, validate_scores
    from cxkit.stats.checks import check_choice, check_confidence, check_min_n
    from cxkit.voc.loop import _numbers

    metric = check_choice(metric, ("nps", "mean"), "metric")
    confidence = check_confidence(confidence)
    if method is None:
        method = "adjusted_wald" if metric == "nps" else "welch"
    method = check_choice(
        method, ("adjusted_wald", "wald") if metric == "nps" else ("welch",), f"method for metric={metric!r}"
    )
    min_n = check_min_n(min_n)
    adjust = check_choice(adjust, ADJUSTMENTS, "adjust")
    if isinstance(themes, str) or not isinstance(themes, Sequence) or len(themes) == 0:
        raise CXConfigError("themes must be a non-empty list of theme columns, e.g. ['late_delivery'].")
    if cluster is not None and metric != "nps":
        raise CXConfigError("cluster= is for metric='nps' (compare_nps); the Welch test has no clusters.")
    require_columns(df, [score, *themes, *([cluster] if cluster else [])], "table")
    answered = df[df[score].notna()]
    if len(answered) == 0:
        raise CXDataError("no answered rows", column=score, expected="at least one score")
    if metric == "nps":
        validate_scores(answered[score], lo=0, hi=10, metric="nps", dropna=False, scale_check=False)
    else:
        _numbers(answered, score, "numeric scores")
    y = answered[score].to_numpy(dtype=float)
    rows = []
    for theme in themes:
        has = _theme_flags(answered, theme)
        n1, n0 = int(has.sum()), int((~has).sum())
        row: dict[str, Any] = {"theme": theme, "n_with": n1, "n_without": n0}
        if n1 == 0 or n0 == 0:
            row.update(dict.fromkeys(_COLUMNS[3:9], np.nan))
        elif metric == "nps":
            ids = None
            if cluster is not None:
                ids = (answered[cluster][has].to_numpy(), answered[cluster][~has].to_numpy())
            row.update(_nps_difference(y, has, ids, confidence=confidence, min_n=min_n, method=method))
        else:
            row.update(_mean_difference(y[has], y[~has], confidence=confidence))
        row["method"] = method
        row["too_small"] = min(n1, n0) < min_n
        rows.append(row)
    out = pd.DataFrame(rows, columns=_COLUMNS)
    tested = out["p_value"].notna().to_numpy()
    out["p_adjusted"] = np.nan
    out.loc[tested, "p_adjusted"] = adjust_p_values(out.loc[tested, "p_value"].to_numpy(float), adjust=adjust)
    out["adjustment"] = adjust if adjust == "none" else f"{adjust}, {int(tested.sum())} themes"
    for name in ("score_with", "score_without", "difference", "low", "high"):
        out[name] = out[name].astype(float).round(2)
    out = out.sort_values("difference", na_position="last", kind="stable").reset_index(drop=True)
    return out


def adjust_p_values(p: Any, *, adjust: str = "holm") -> Any:
    r"""Adjust p-values for testing several hypotheses at once: Holm's step-down or Benjamini–Hochberg.

    Parameters
    ----------
    p : array-like of float
        The p-values, one per test (no missing values).
    adjust : {"holm", "bh", "none"}, default "holm"
        Holm (1979) controls the chance of any false rejection; ``"bh"`` (Benjamini & Hochberg
        1995, ``scipy.stats.false_discovery_control``) the expected share of false rejections.

    Returns
    -------
    numpy.ndarray
        The adjusted p-values, in the order given.

    Notes
    -----
    Holm: with :math:`m` p-values sorted :math:`p_{(1)} \le \dots \le p_{(m)}`,
    :math:`	ilde p_{(i)} = \max_{j \le i} \min\{1, (m - j + 1)\,p_{(j)}\}` (Holm 1979).

    References
    ----------
    Holm, S. (1979). A simple sequentially rejective multiple test procedure. *Scandinavian
    Journal of Statistics*, 6(2), 65–70.

    Benjamini, Y. & Hochberg, Y. (1995). Controlling the false discovery rate. *Journal of the
    Royal Statistical Society B*, 57(1), 289–300.

    Examples
    --------
    Three tests: sorted 0.01, 0.02, 0.04 become 3 × 0.01, 2 × 0.02, 1 × 0.04:

    >>> adjust_p_values([0.04, 0.01, 0.02]).round(3).tolist()
    [0.04, 0.03, 0.04]
    >>> adjust_p_values([0.04, 0.01, 0.02], adjust="bh").round(3).tolist()
    [0.04, 0.03, 0.03]
    """
    import numpy as np
    from scipy import stats

    from cxkit.stats.checks import check_choice

    adjust = check_choice(adjust, ADJUSTMENTS, "adjust")
    p = np.asarray(p, dtype=float)
    if p.size == 0 or adjust == "none":
        return p.copy()
    if adjust == "bh":
        return np.asarray(stats.false_discovery_control(p, method="bh"))
    m = p.size
    order = np.argsort(p, kind="stable")
    stepped = np.minimum(1.0, (m - np.arange(m)) * p[order])
    out = np.empty(m)
    out[order] = np.maximum.accumulate(stepped)
    return out


def _theme_flags(answered: pd.DataFrame, theme: str) -> Any:
    """Return a theme column as a bool array, or raise naming it."""
    import pandas as pd

    col = answered[theme]
    if not (pd.api.types.is_bool_dtype(col) and not col.isna().any()):
        raise CXDataError(
            "not a True/False theme column",
            column=theme,
            value=str(col.dtype),
            expected="bool values (themes() gives them), without blanks",
        )
    return col.to_numpy(dtype=bool)


def _nps_difference(
    y: Any, has: Any, ids: Any, *, confidence: float, min_n: int, method: str
) -> dict[str, Any]:
    """Compare the NPS with the theme and without it (:func:`cxkit.metrics.compare_nps`; adjusted Wald)."""
    import math

    from cxkit.metrics import compare_nps
    from cxkit.stats.intervals import two_sided_p, z_quantile

    c = compare_nps(
        y[has].astype(int),
        y[~has].astype(int),
        confidence=confidence,
        cluster=ids,
        min_n=min_n,
        scale_check=False,
    )
    row = {"score_with": c.value_a, "score_without": c.value_b, "difference": c.value}
    if method == "wald":
        return {**row, "low": c.low, "high": c.high, "p_value": c.p_value}

    def shares(scores: Any, add: float) -> tuple[float, float]:
        n = len(scores) + 4 * add
        p, d = ((scores >= 9).sum() + add) / n, ((scores <= 6).sum() + add) / n
        return p - d, ((p + d) - (p - d) ** 2) / n

    def unanimous_extra(scores: Any) -> float:
        # compare_nps adds a unanimous group's adjusted Wald variance to its clustered variance (so
        # its own interval is never of zero width); the design effect must leave it out, or the
        # adjusted variance below would count it twice
        from cxkit.stats.intervals import trinomial_variance

        counts = (
            int((scores >= 9).sum()),
            int(((scores > 6) & (scores < 9)).sum()),
            int((scores <= 6).sum()),
        )
        return trinomial_variance(*counts) if max(counts) == len(scores) else 0.0

    _, v1 = shares(y[has], 0.0)
    _, v0 = shares(y[~has], 0.0)
    a1, w1 = shares(y[has], 0.75)
    a0, w0 = shares(y[~has], 0.75)
    wald_var = v1 + v0
    clustered_var = (c.se / 100) ** 2 - unanimous_extra(y[has]) - unanimous_extra(y[~has])
    deff = clustered_var / wald_var if ids is not None and wald_var > 0 else 1.0
    if not math.isfinite(deff):  # a group from one customer: no cluster-robust variance to take
        deff = 1.0
    se = math.sqrt((w1 + w0) * deff)
    centre = a1 - a0
    z = z_quantile(confidence)
    return {
        **row,
        "low": 100 * (centre - z * se),
        "high": 100 * (centre + z * se),
        "p_value": two_sided_p(centre / se),
    }


def _mean_difference(a: Any, b: Any, *, confidence: float) -> dict[str, Any]:
    """Compare the mean with the theme and without it, with Welch's interval and test (two answers each)."""
    import numpy as np
    from scipy import stats

    row = {"score_with": a.mean(), "score_without": b.mean(), "difference": a.mean() - b.mean()}
    if len(a) < 2 or len(b) < 2:
        return {**row, "low": np.nan, "high": np.nan, "p_value": np.nan}
    t = stats.ttest_ind(a, b, equal_var=False)
    ci = t.confidence_interval(confidence)
    return {**row, "low": ci.low, "high": ci.high, "p_value": t.pvalue}


def driver_model(
    df: pd.DataFrame,
    score: str,
    themes: Sequence[str],
    *,
    weights: str | None = None,
    outcome: str = "nps",
    confidence: float = 0.95,
    cluster: str | None = None,
    min_n: int = 30,
    adjust: str = "holm",
) -> pd.DataFrame:
    r"""Weigh the themes together: a linear model of each answer's NPS points (or detractor) on all themes.

    :func:`drivers` compares each theme with all other answers, one at a time, so a theme that
    often comes *with* another takes some of the other's effect. This model puts every theme in
    one regression, so each coefficient is the difference a theme makes **holding the other
    themes fixed**, in the unit of the one-at-a-time table.

    Parameters
    ----------
    df : pandas.DataFrame
        One row per answer: the score column and one bool column per theme. Rows with a blank
        score are left out.
    score : str
        The 0–10 answers.
    themes : sequence of str
        The theme columns (bool); each must be present in some answers and absent in others.
    weights : str, optional
        A column of positive weights, e.g. one over each answer's chance of having a comment:
        the model is then fitted by weighted least squares (see Notes).
    outcome : {"nps", "detractor"}, default "nps"
        ``"nps"``: each answer's NPS points (+100 promoter, 0 passive, −100 detractor), so a
        coefficient is a difference in NPS points. ``"detractor"``: 100 for a detractor (0–6),
        else 0, so a coefficient is a difference in percentage points of detractors.
    confidence : float, default 0.95
        Confidence level of the intervals.
    cluster : str, optional
        The customer column when customers answer several times: cluster-robust standard errors.
    min_n : int, default 30
        A theme in fewer answers is flagged ``too_small``.
    adjust : {"holm", "bh", "none"}, default "holm"
        The multiple-comparison control of ``p_adjusted`` over the themes (:func:`adjust_p_values`).

    Returns
    -------
    pandas.DataFrame
        One row per theme, then ``"(baseline)"`` (the intercept: an answer with none of the
        themes), index ``theme``: the columns of :data:`cxkit.stats.INTERVAL_COLUMNS` (``value``
        the coefficient in points, ``n`` the answers with the theme, for the baseline those with
        none of the themes, which pin it down; ``low``, ``high``, ``moe``,
        ``too_small``, ``method``, ``confidence``), then ``se``, ``p_value``, ``p_adjusted``
        (``NaN`` for the baseline) and ``adjustment``.

    Raises
    ------
    CXDataError
        A missing column, a theme column that is not True/False or that is in every answer or in
        none, invalid scores, fewer answers than coefficients, a weight that is not positive.
    CXConfigError
        An unknown ``outcome`` or ``adjust``, an empty ``themes``, a bad ``confidence`` or
        ``min_n``.

    Notes
    -----
    With :math:`y_i` the answer's points and :math:`x_i = (1, t_{i1}, \dots, t_{iK})` its theme
    indicators, the least-squares fit :math:`\hat\beta = (X^\top W X)^{-1} X^\top W y`
    (:math:`W` the weights; all 1 without ``weights``) has the sandwich variance

    .. math::

        \widehat{\mathrm{Var}}(\hat\beta) = c\,(X^\top W X)^{-1}
        \Big(\sum_{g} s_g s_g^\top\Big)(X^\top W X)^{-1}, \qquad
        s_g = \sum_{i \in g} w_i\,\hat e_i\,x_i,

    over the clusters :math:`g` (each answer its own cluster without ``cluster``), with
    :math:`c = \frac{G}{G-1}\cdot\frac{N-1}{N-K-1}` (CR1, Cameron & Miller 2015, section II.C;
    HC1 of MacKinnon & White 1985 when every answer is its own cluster). The interval is
    :math:`\hat\beta_k \pm z\,\mathrm{SE}_k` and the p-value that of :math:`z = \hat\beta_k /
    \mathrm{SE}_k`. The variance allows for the outcome's unequal spread (a 0/1 or −1/0/+1
    outcome cannot have a constant one), so a linear model of a share is valid for
    differences (Angrist & Pischke 2009, section 3.1.3). Why not a logistic regression of
    detractor? When a theme's answers are all detractors (or none are), its maximum-likelihood
    coefficient is infinite (separation, Albert & Anderson 1984) and no finite interval exists.

    **Weights for who comments.** When the chance of leaving a comment depends on the score
    (detractors comment more often), the commenters are not a fair sample of the answers:
    weighting each comment by one over its group's commenting rate (Horvitz & Thompson 1952)
    gives back the mix of all the answers, if the chance depends on nothing else.

    The model is an association: a theme is what customers chose to write about.

    References
    ----------
    Albert, A. & Anderson, J. A. (1984). On the existence of maximum likelihood estimates in
    logistic regression models. *Biometrika*, 71(1), 1–10.

    Angrist, J. D. & Pischke, J.-S. (2009). *Mostly Harmless Econometrics*. Princeton
    University Press.

    Cameron, A. C. & Miller, D. L. (2015). A practitioner's guide to cluster-robust inference.
    *Journal of Human Resources*, 50(2), 317–372.

    Horvitz, D. G. & Thompson, D. J. (1952). A generalization of sampling without replacement
    from a finite universe. *JASA*, 47(260), 663–685.

    MacKinnon, J. G. & White, H. (1985). Some heteroskedasticity-consistent covariance matrix
    estimators with improved finite sample properties. *Journal of Econometrics*, 29(3),
    305–325.

    Examples
    --------
    Customers on hold about a late parcel: one at a time, "phone" takes the late parcels'
    effect (−100 points); together, it is about nothing once "late" is held fixed:

    >>> import pandas as pd
    >>> from cxkit.voc import driver_model, drivers
    >>> df = pd.DataFrame({
    ...     "nps": [0, 0, 0, 0, 10, 8, 10, 10, 10, 10],
    ...     "late": [True] * 4 + [False] * 6,
    ...     "phone": [True, True, True, False, True] + [False] * 5,
    ... })
    >>> drivers(df, "nps", ["late", "phone"], min_n=1)[["theme", "difference"]]
       theme  difference
    0   late     -183.33
    1  phone     -100.00
    >>> together = driver_model(df, "nps", ["late", "phone"], min_n=1)
    >>> together[["value", "n", "low", "high"]].round(1).reset_index()
            theme  value  n    low   high
    0        late -189.5  4 -215.2 -163.8
    1       phone   10.5  4  -15.2   36.2
    2  (baseline)   81.6  5   42.9  120.3
    """
    import numpy as np
    import pandas as pd

    from cxkit._checks import require_columns, validate_scores
    from cxkit.stats.checks import check_choice, check_confidence, check_min_n
    from cxkit.stats.intervals import two_sided_p, z_quantile
    from cxkit.stats.rates import INTERVAL_COLUMNS

    outcome = check_choice(outcome, ("nps", "detractor"), "outcome")
    confidence = check_confidence(confidence)
    min_n = check_min_n(min_n)
    adjust = check_choice(adjust, ADJUSTMENTS, "adjust")
    if isinstance(themes, str) or not isinstance(themes, Sequence) or len(themes) == 0:
        raise CXConfigError("themes must be a non-empty list of theme columns, e.g. ['late_delivery'].")
    require_columns(
        df, [score, *themes, *([cluster] if cluster else []), *([weights] if weights else [])], "table"
    )
    answered = df[df[score].notna()]
    k = len(themes) + 1
    if len(answered) <= k:
        raise CXDataError(
            f"only {len(answered)} answered rows for {k} coefficients",
            column=score,
            expected="more answers than themes + 1",
        )
    validate_scores(answered[score], lo=0, hi=10, metric="nps", dropna=False, scale_check=False)
    s = answered[score].to_numpy(dtype=float)
    if outcome == "nps":
        y = 100.0 * ((s >= 9).astype(float) - (s <= 6).astype(float))
    else:
        y = 100.0 * (s <= 6)
    x = np.ones((len(answered), k))
    for j, theme in enumerate(themes, start=1):
        has = _theme_flags(answered, theme)
        if has.all() or not has.any():
            raise CXDataError(
                "a theme in every answer or in none has no effect to estimate",
                column=theme,
                value=f"{int(has.sum())} of {len(has)} answers",
                expected="a theme present in some answers and absent in others (leave it out)",
            )
        x[:, j] = has
    w = np.ones(len(answered))
    if weights is not None:
        w = answered[weights].to_numpy(dtype=float)
        bad = np.flatnonzero(~(w > 0) | ~np.isfinite(w))
        if bad.size:
            i = int(bad[0])
            raise CXDataError(
                "a weight that is not a positive number",
                column=weights,
                row=f"{i} (label {answered.index[i]!r})",
                value=answered[weights].iloc[i],
                expected="positive weights",
            )
    xtwx = x.T @ (w[:, None] * x)
    if np.linalg.matrix_rank(xtwx) < k:
        raise CXDataError(
            "some themes always come together, so their effects cannot be told apart",
            column=", ".join(themes),
            expected="themes that occur apart at least sometimes (merge the ones that never do)",
        )
    bread = np.linalg.inv(xtwx)
    beta = bread @ (x.T @ (w * y))
    resid = y - x @ beta
    score_rows = (w * resid)[:, None] * x
    n_obs = len(answered)
    if cluster is not None:
        codes, uniques = pd.factorize(answered[cluster].to_numpy(dtype=object))
        g = len(uniques)
        sums = np.zeros((g, k))
        np.add.at(sums, codes, score_rows)
    else:
        g, sums = n_obs, score_rows
    c = g / (g - 1) * (n_obs - 1) / (n_obs - k) if g > 1 else np.nan
    cov = c * bread @ (sums.T @ sums) @ bread
    se = np.sqrt(np.diag(cov))
    z = z_quantile(confidence)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = np.array([two_sided_p(b / e) if e > 0 else np.nan for b, e in zip(beta, se, strict=True)])
    counts = [int(v) for v in x[:, 1:].sum(axis=0)] + [int((x[:, 1:].sum(axis=1) == 0).sum())]
    what = "HC1" if cluster is None else f"cluster-robust by {cluster}"
    out = pd.DataFrame(
        {
            "value": beta[[*range(1, k), 0]],
            "n": counts,
            "low": (beta - z * se)[[*range(1, k), 0]],
            "high": (beta + z * se)[[*range(1, k), 0]],
        },
        index=pd.Index([*themes, "(baseline)"], name="theme"),
    )
    out["moe"] = (out["high"] - out["low"]) / 2
    out["too_small"] = out["n"] < min_n
    out["method"] = f"{'weighted ' if weights else ''}least squares, {what}"
    out["confidence"] = confidence
    out["se"] = se[[*range(1, k), 0]]
    out["p_value"] = p[[*range(1, k), 0]]
    out["p_adjusted"] = np.nan
    out.iloc[: k - 1, out.columns.get_loc("p_adjusted")] = adjust_p_values(p[1:], adjust=adjust)
    out["adjustment"] = adjust if adjust == "none" else f"{adjust}, {k - 1} themes"
    return out[[*INTERVAL_COLUMNS, "se", "p_value", "p_adjusted", "adjustment"]]
