"""The scores: Net Promoter Score, customer satisfaction (CSAT) and customer effort (CES)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from cxkit.errors import CXConfigError, CXDataError
from cxkit.metrics._validate import CSAT_METHODS, NPS_METHODS, _validate_scores
from cxkit.stats.checks import _check_boot, _check_choice, _check_confidence, _check_count
from cxkit.stats.intervals import _nps_interval, _prop_interval, _t_quantile
from cxkit.stats.results import MetricResult


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
