"""The scores: Net Promoter Score, customer satisfaction (CSAT) and customer effort (CES).

Each function checks its scores and options, then hands them to the one engine every metric
shares (:mod:`cxkit.metrics._engine`), declared in :mod:`cxkit.metrics.registry`. This module also
holds the NPS planning helpers :func:`nps_margin` and :func:`nps_sample_size`.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np

from cxkit._checks import validate_scores
from cxkit.errors import CXConfigError, CXDataError, CXDataWarning
from cxkit.metrics._engine import check_method, estimate_rows, metric_options, to_result
from cxkit.metrics.registry import METRIC_REGISTRY
from cxkit.stats.checks import check_confidence, check_count, check_min_n, check_shares
from cxkit.stats.intervals import interval_method, z_quantile
from cxkit.stats.results import MetricResult

__all__ = ["ces", "csat", "nps", "nps_from_counts", "nps_margin", "nps_sample_size"]


def _cluster_ids(cluster: Any, n_rows: int, scores: Any = None) -> tuple[np.ndarray, str]:
    """Return the cluster ids of a Series/array input as an object array of length ``n_rows``, and a name.

    When both the scores and the ids are Series, their indexes must be the same (the ids are
    matched to the scores row by row): ids from a re-sorted or filtered copy of the table would
    otherwise be paired with the wrong answers without a word.
    """
    import pandas as pd

    if (
        isinstance(cluster, pd.Series)
        and isinstance(scores, pd.Series)
        and len(cluster) == len(scores)
        and not cluster.index.equals(scores.index)
    ):
        raise CXDataError(
            "the cluster ids come from other rows than the scores (their indexes differ)",
            column=str(cluster.name or "cluster"),
            expected=(
                "the ids of the same rows, in the same order: e.g. nps(df['nps'], cluster=df['customer_id']) "
                "with both columns taken from the same table after the same filtering and sorting"
            ),
        )

    if isinstance(cluster, str):
        raise CXConfigError(
            f"cluster={cluster!r} names a column, but scores alone have no columns: pass the ids "
            f"themselves, e.g. nps(df['nps'], cluster=df[{cluster!r}]), "
            f"or use breakdown(df, 'nps', by=..., cluster={cluster!r})."
        )
    name = getattr(cluster, "name", None)
    ids = (
        cluster.to_numpy(dtype=object)
        if isinstance(cluster, pd.Series)
        else np.asarray(list(cluster), dtype=object)
    )
    if ids.ndim != 1 or len(ids) != n_rows:
        raise CXDataError(
            "the cluster ids are not aligned with the scores",
            column="cluster",
            value=f"{len(ids):,} ids for {n_rows:,} scores",
            expected="one cluster id (e.g. customer_id) per score, in the same order",
        )
    blank = pd.isna(ids)
    if blank.any():
        pos = int(np.argmax(blank))
        raise CXDataError(
            "blank cluster id",
            column=str(name or "cluster"),
            row=pos,
            value=None,
            expected="a customer (cluster) id on every answer",
        )
    return ids, str(name) if name is not None else "cluster"


def _single(
    name: str,
    scores: Any,
    *,
    options: dict[str, Any],
    confidence: Any,
    method: Any,
    cluster: Any,
    min_n: Any,
    dropna: bool,
    scale_check: bool,
    n_boot: int = 10_000,
    seed: Any = None,
) -> MetricResult:
    """One score: validate, then the table engine over a single group (so it equals ``breakdown``)."""
    metric = METRIC_REGISTRY[name]
    confidence = check_confidence(confidence)
    min_n = check_min_n(min_n)
    options = metric_options(name, **options)
    m = check_method(metric, method, cluster=cluster is not None)
    lo, hi = metric.scale(options)
    values, n_dropped, keep = validate_scores(
        scores, lo=lo, hi=hi, metric=name, dropna=dropna, scale_check=scale_check, return_keep=True
    )
    groups = np.zeros(len(values), dtype=np.int64)
    codes = totals = label = None
    if cluster is not None:
        import pandas as pd

        n_rows = len(values) + n_dropped
        ids, label = _cluster_ids(cluster, n_rows, scores)
        if keep is not None:
            ids = ids[keep]
        codes, uniques = pd.factorize(ids)
        y = metric.score(values, options)
        totals = {
            "ids": np.asarray(uniques, dtype=object),
            "sum": np.bincount(codes, weights=y),
            "count": np.bincount(codes).astype(float),
        }
    est = estimate_rows(
        metric,
        values,
        groups,
        1,
        options=options,
        confidence=confidence,
        method=m,
        clusters=codes,
        n_boot=n_boot,
        seed=seed,
    )
    return to_result(
        metric,
        est,
        0,
        options=options,
        confidence=confidence,
        method=m,
        min_n=min_n,
        n_dropped=n_dropped,
        cluster=label,
        cluster_totals=totals,
    )


def nps(
    scores: Any,
    *,
    detractor_max: int = 6,
    promoter_min: int = 9,
    confidence: float = 0.95,
    method: str = "wald",
    cluster: Any = None,
    min_n: int = 30,
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
    detractor_max, promoter_min : int, default 6 and 9
        Answers up to ``detractor_max`` are detractors, from ``promoter_min`` promoters (the NPS's
        own cut-offs; change them only to reproduce another definition).
    confidence : float, default 0.95
        Confidence level of the interval.
    method : {"wald", "adjusted_wald", "bootstrap", "score"}, default "wald"
        Interval method; see Notes for when each is right.
    cluster : array-like, optional
        The customer (cluster) of each score, aligned with ``scores`` (e.g.
        ``answered["customer_id"]``), when customers answer more than once: the interval then uses
        the cluster-robust variance (see Notes; ``method="wald"`` only).
    min_n : int, default 30
        Below this many answers the result says so (``too_small``, and in its printed line).
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
        An unknown ``method``, ``confidence`` not between 0 and 1, a bad ``detractor_max``,
        ``promoter_min``, ``min_n`` or ``seed``, or ``cluster=`` with a method other than Wald.

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
    and for extreme scores, and would collapse to zero width when every answer is in one
    category (all promoters): such a group gets the adjusted Wald interval instead. The
    *adjusted Wald* interval kept close to nominal coverage from small samples (n of about 10
    to 20 upwards) across the range of true scores, at no extra cost: prefer it for small
    groups (a team, a store, a month) and near ±100. The *percentile bootstrap* (resampling the
    three counts from a multinomial distribution, ``n_boot`` times) makes no normal
    approximation but also under-covers at small n and is degenerate when a group is empty
    (e.g. no detractors observed); use it to teach resampling or as a check. Rocks' *score*
    interval (``"score"``) inverts the score test with the variance at the restricted estimate
    (:func:`cxkit.stats.intervals.trinomial_score`), found by iteration: close to nominal
    coverage at every n and score. :func:`nps_interval_coverage` computes the coverage of each.
    Ends are truncated to the possible range, −100 to 100.

    **Customers who answer several times.** The Wald variance assumes independent answers. When
    customers answer several surveys their answers are alike, and the textbook interval is too
    narrow. With ``cluster=`` the NPS is treated as the mean of per-answer scores
    :math:`y_i \in \{+100, 0, -100\}` and its variance is the cluster-robust (sandwich) one,

    .. math::

        \widehat{\mathrm{Var}} = \frac{G}{G-1}\,\frac{\sum_g \big(\sum_{i \in g}(y_i - \bar y)\big)^2}{n^2}

    over the :math:`G` customers (Cameron & Miller 2015). On the course data it gives a standard
    error of 1.57 points for the overall NPS against Wald's 1.40, close to a customer-level
    bootstrap (1.57).

    **Which scale.** The NPS needs the 0–10 question. With 30 or more scores, two patterns are
    refused as probably another scale: *no 0 at all, but at least ten 1s and some 10s* (a 1–10
    question, whose bottom answer 1 takes the place of 0) and *nothing above 7 and no 0* (a 1–5
    or 1–7 question). A real 0–10 sample that uses its bottom end has 0s; a happy group with a
    stray 1 and no 0 passes. Below 30 scores the same patterns (with three or more 1s for the
    1–10 one) give a :class:`~cxkit.errors.CXDataWarning` instead: 20 answers that never go
    above 5 are probably a CSAT column. Pass ``scale_check=False`` if the question truly was 0–10.

    References
    ----------
    Reichheld, F. F. (2003). The one number you need to grow. *Harvard Business Review*,
    81(12), 46–54.

    Rocks, B. (2016). Interval estimation for the "Net Promoter Score". *The American
    Statistician*, 70(4), 365–372. https://doi.org/10.1080/00031305.2016.1158124

    Cameron, A. C. & Miller, D. L. (2015). A practitioner's guide to cluster-robust inference.
    *Journal of Human Resources*, 50(2), 317–372.

    Examples
    --------
    Ten answers, worked by hand: 4 promoters (9, 9, 10, 10), 3 passives (7, 8, 8) and 3
    detractors (0, 3, 6), so NPS = 100 × (4 − 3) / 10 = 10 points. With p̂ = 0.4 and
    d̂ = 0.3, Var = (0.7 − 0.1²) / 10 = 0.069, SE = 0.2627 and the 95% margin is
    1.96 × 0.2627 × 100 = 51.48 points:

    >>> from cxkit.metrics import nps
    >>> r = nps([0, 3, 6, 7, 8, 8, 9, 9, 10, 10])
    >>> r
    NPS = 10.00 points (n = 10, below min_n = 30; 95% CI -41.48 to 61.48, Wald)
    >>> round(r.moe, 2)
    51.48
    >>> r.counts
    {'promoters': 4, 'passives': 3, 'detractors': 3}

    Ten answers are far too few for a Wald interval; the adjusted Wald interval is the one to
    quote (p̃ = 4.75/13, d̃ = 3.75/13):

    >>> nps([0, 3, 6, 7, 8, 8, 9, 9, 10, 10], method="adjusted_wald")
    NPS = 10.00 points (n = 10, below min_n = 30; 95% CI -36.06 to 51.45, adjusted Wald)

    A blank raises unless you say to drop it:

    >>> import pandas as pd
    >>> answers = pd.Series([10, 9, None, 3], dtype="Int64", name="nps")
    >>> nps(answers)  # doctest: +NORMALIZE_WHITESPACE
    Traceback (most recent call last):
    ...
    cxkit.errors.CXDataError: column 'nps', row 2: blank score (a customer who did not answer); pass
    dropna=True to leave blanks out; expected a whole number from 0 to 10.
    >>> nps(answers, dropna=True).n
    3
    """
    return _single(
        "nps",
        scores,
        options=dict(detractor_max=detractor_max, promoter_min=promoter_min),
        confidence=confidence,
        method=method,
        cluster=cluster,
        min_n=min_n,
        dropna=dropna,
        scale_check=scale_check,
        n_boot=n_boot,
        seed=seed,
    )


def nps_from_counts(
    promoters: int,
    passives: int,
    detractors: int,
    *,
    confidence: float = 0.95,
    method: str = "wald",
    min_n: int = 30,
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
    method : {"wald", "adjusted_wald", "bootstrap", "score"}, default "wald"
        Interval method.
    min_n : int, default 30
        Below this many answers the result says so.
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
    confidence = check_confidence(confidence)
    min_n = check_min_n(min_n)
    metric = METRIC_REGISTRY["nps"]
    m = check_method(metric, method, cluster=False)
    P = check_count(promoters, "promoters")
    A = check_count(passives, "passives")
    D = check_count(detractors, "detractors")
    if P + A + D == 0:
        raise CXDataError(
            "no responses to compute a score from (all three counts are 0)", expected="at least one answer"
        )
    # Three representative scores (10, 8, 0) weighted by the counts: the same engine as nps().
    values = np.array([10, 8, 0], dtype=np.int64)
    options = metric_options("nps")
    est = estimate_rows(
        metric,
        values,
        np.zeros(3, dtype=np.int64),
        1,
        options=options,
        confidence=confidence,
        method=m,
        n_boot=n_boot,
        seed=seed,
        weights=np.array([P, A, D]),
    )
    return to_result(metric, est, 0, options=options, confidence=confidence, method=m, min_n=min_n)


def csat(
    scores: Any,
    *,
    scale: int = 5,
    satisfied: Sequence[int] | None = None,
    confidence: float = 0.95,
    method: str = "wilson",
    cluster: Any = None,
    min_n: int = 30,
    dropna: bool = False,
) -> MetricResult:
    r"""Compute customer satisfaction: the percentage of satisfied answers (top-two box), with an interval.

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
    cluster : array-like, optional
        The customer of each score, when customers answer several times: the cluster-robust
        variance (see :func:`nps`); Wilson then uses the effective sample size
        :math:`\hat p(1-\hat p)/\widehat{\mathrm{Var}}` (Korn & Graubard 1998).
    min_n : int, default 30
        Below this many answers the result says so.
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
    CSAT = 80.0% satisfied (n = 10, below min_n = 30; 95% CI 49.0 to 94.3, Wilson)
    >>> r.mean
    4.1
    """
    return _single(
        "csat",
        scores,
        options=dict(scale=scale, satisfied=satisfied),
        confidence=confidence,
        method=method,
        cluster=cluster,
        min_n=min_n,
        dropna=dropna,
        scale_check=False,
    )


def ces(
    scores: Any,
    *,
    scale: int = 7,
    confidence: float = 0.95,
    method: str = "t",
    cluster: Any = None,
    min_n: int = 30,
    dropna: bool = False,
    scale_check: bool = True,
) -> MetricResult:
    r"""Compute the Customer Effort Score: the mean answer to "the company made it easy", with a *t* interval.

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
    method : {"t"}, default "t"
        Interval method (Student *t*).
    cluster : array-like, optional
        The customer of each score: the cluster-robust variance of :func:`nps`, with
        :math:`G - 1` degrees of freedom.
    min_n : int, default 30
        Below this many answers the result says so.
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
    answer there is no spread to estimate: ``low`` and ``high`` are NaN. For very few answers the
    *t* interval can run past the ends of the scale (n = 2 with answers 1 and 7 gives −4.85 to
    7.85 on a 1–7 scale); the interval is then **clipped to the scale** (1 to ``scale``), and
    ``clipped`` is True and the printed result says so. Sauro & Lewis (2016)
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
    CES = 5.00 (n = 5, below min_n = 30; 95% CI 3.04 to 6.96, Student t)
    >>> r.agree
    60.0
    """
    return _single(
        "ces",
        scores,
        options=dict(scale=scale),
        confidence=confidence,
        method=method,
        cluster=cluster,
        min_n=min_n,
        dropna=dropna,
        scale_check=scale_check,
    )


def nps_margin(
    n: Any,
    *,
    promoters: float,
    detractors: float,
    confidence: float = 0.95,
    method: str = "wald",
) -> Any:
    r"""Margin of error of an NPS (half the interval's width, in points) for ``n`` answers.

    With promoter share :math:`p` and detractor share :math:`d`,

    .. math::

        \mathrm{MOE}(n) = 100\, z_{1-\alpha/2}\sqrt{\frac{(p + d) - (p - d)^2}{n}}

    (the Wald interval of :func:`nps`). With ``method="adjusted_wald"`` the same formula after adding
    :math:`\tfrac34` to the promoters and detractors and 3 to :math:`n`:
    :math:`\tilde p = (pn + \tfrac34)/(n + 3)`, :math:`\tilde d = (dn + \tfrac34)/(n + 3)` and
    :math:`n + 3` in the denominator (Rocks 2016).

    Parameters
    ----------
    n : int or array-like of int
        Number of answers (an array gives the margin at each, e.g. for a chart).
    promoters, detractors : float
        Shares from 0 to 1.
    confidence : float, default 0.95
        Confidence level.
    method : {"wald", "adjusted_wald"}, default "wald"
        The interval whose half-width is wanted (the bootstrap has no formula; use "wald", which it
        approaches).

    Returns
    -------
    float or numpy.ndarray
        The margin in NPS points (NaN for n = 0).

    Raises
    ------
    CXConfigError
        Shares outside 0-1 or adding up to more than 1, an unknown method, a bad confidence.
    CXDataError
        A negative or fractional ``n``.

    References
    ----------
    Rocks, B. (2016). Interval estimation for the "Net Promoter Score". *The American
    Statistician*, 70(4), 365–372. https://doi.org/10.1080/00031305.2016.1158124

    Examples
    --------
    25% promoters and 34% detractors, 1,162 answers: Var = (0.59 − 0.09²) / 1,162, so the margin is
    1.96 × 0.02238 × 100 = 4.39 points; four times the answers halve it:

    >>> from cxkit.metrics import nps_margin
    >>> round(nps_margin(1162, promoters=291 / 1162, detractors=395 / 1162), 2)
    4.39
    >>> round(nps_margin(4648, promoters=291 / 1162, detractors=395 / 1162), 2)
    2.19
    """
    confidence = check_confidence(confidence)
    if method not in ("wald", "adjusted_wald"):
        interval_method("trinomial", method, what="NPS")  # an unknown name: lists the choices
        raise CXConfigError(f"nps_margin has a formula for method='wald' or 'adjusted_wald', not {method!r}.")
    p, d = check_shares(promoters, detractors)
    scalar = np.isscalar(n)
    ns = np.atleast_1d(np.asarray(n, dtype=float))
    if ns.ndim != 1 or np.any(ns < 0) or np.any(ns != np.floor(ns)):
        raise CXDataError("n must be a count", column="n", value=n, expected="whole numbers of 0 or more")
    P, D, m = p * ns, d * ns, ns
    if method == "adjusted_wald":
        P, D, m = P + 0.75, D + 0.75, ns + 3
    with np.errstate(invalid="ignore", divide="ignore"):
        pp, dd = P / m, D / m
        moe = 100 * z_quantile(confidence) * np.sqrt(np.maximum(pp + dd - (pp - dd) ** 2, 0.0) / m)
        moe = np.where(ns > 0, moe, np.nan)
    return float(moe[0]) if scalar else moe


def nps_sample_size(
    margin: float,
    *,
    promoters: float,
    detractors: float,
    confidence: float = 0.95,
    power: float | None = None,
    groups: int = 1,
) -> int:
    r"""Answers needed for an NPS margin of ±``margin`` points, or to detect a change of ``margin``.

    With :math:`V = (p + d) - (p - d)^2` (the variance of one answer's +1/0/−1 score) and
    :math:`m` the margin as a proportion (``margin / 100``):

    .. math::

        n = k\, V \left(\frac{z_{1-\alpha/2} + z_{\text{power}}}{m}\right)^2,

    rounded up, where :math:`k` = ``groups`` (1 for one score; 2 for the difference of two
    independent samples of equal size, whose variances add) and :math:`z_{\text{power}} = 0` when
    ``power`` is None (a margin of ±m), else the normal quantile of ``power`` (e.g. 0.8416 for 80%:
    the sample that detects a true difference of m with that probability in a two-sided test).

    Parameters
    ----------
    margin : float
        In NPS points (e.g. 2).
    promoters, detractors : float
        Expected shares, 0 to 1 (e.g. from the current NPS result).
    confidence : float, default 0.95
        Confidence level (the test's level is ``1 - confidence``).
    power : float, optional
        Wanted power (0 to 1) to detect a true change of ``margin`` points.
    groups : {1, 2}, default 1
        1: one NPS; 2: a change between two independent samples (the n is per sample).

    Returns
    -------
    int
        Answers needed (per sample when ``groups=2``).

    Raises
    ------
    CXConfigError
        A margin that is not positive, bad shares, power or confidence, groups not 1 or 2.

    References
    ----------
    Chow, S.-C., Shao, J. & Wang, H. (2008). *Sample Size Calculations in Clinical Research*
    (2nd ed.), section 4.2 (two-sample test of means). Chapman & Hall/CRC.

    Examples
    --------
    25% promoters and 34% detractors (V = 0.59 − 0.09² = 0.582): ±2 points on one NPS needs
    0.582 × (1.96 / 0.02)² = 5,589 answers (rounded up); on a month-to-month change twice that per month:

    >>> from cxkit.metrics import nps_sample_size
    >>> nps_sample_size(2, promoters=0.25, detractors=0.34)
    5589
    >>> nps_sample_size(2, promoters=0.25, detractors=0.34, groups=2)
    11177
    >>> nps_sample_size(2, promoters=0.25, detractors=0.34, groups=2, power=0.8)
    22837
    """
    import numbers
    from statistics import NormalDist

    confidence = check_confidence(confidence)
    if isinstance(margin, bool) or not isinstance(margin, numbers.Real) or not 0 < margin <= 200:
        raise CXConfigError(f"margin must be a positive number of NPS points (e.g. 2); got {margin!r}.")
    if margin < 1:
        warnings.warn(
            f"margin={margin!r} is read as NPS points (±{margin} points on the -100 to 100 scale). "
            f"For a margin of ±{100 * margin:g} points write margin={100 * margin:g}.",
            CXDataWarning,
            stacklevel=2,
        )
    if groups not in (1, 2) or isinstance(groups, bool):
        raise CXConfigError(
            f"groups must be 1 (one NPS) or 2 (a change between two samples); got {groups!r}."
        )
    zp = 0.0
    if power is not None:
        if isinstance(power, bool) or not isinstance(power, numbers.Real) or not 0 < power < 1:
            raise CXConfigError(f"power must be a number between 0 and 1 (e.g. 0.8); got {power!r}.")
        zp = NormalDist().inv_cdf(float(power))
    p, d = check_shares(promoters, detractors)
    var = (p + d) - (p - d) ** 2
    n = groups * var * ((z_quantile(confidence) + zp) / (margin / 100)) ** 2
    return max(1, math.ceil(n - 1e-9))
