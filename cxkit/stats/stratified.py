r"""A difference of two shares within strata, and pooled over them by Mantel-Haenszel.

When a third variable (a segment) is tied both to the groups compared and to the outcome, the
pooled ("crude") difference mixes the groups' difference with the strata's: business customers
are more often detractors *and* come back more often, so pooling them with consumers makes the
detractors look better than they are. The Mantel-Haenszel estimate (Mantel & Haenszel 1959) of the
common risk difference weights each stratum's difference by :math:`w_i = n_{ai} n_{bi} / N_i`
(Greenland & Robins 1985):

.. math::

    \widehat{RD}_{MH} = \frac{\sum_i (x_{ai} n_{bi} - x_{bi} n_{ai}) / N_i}{\sum_i n_{ai} n_{bi} / N_i},

with Sato's (1989) variance, consistent both for a few large strata and for many small ones,

.. math::

    \widehat{\mathrm{Var}} = \frac{\widehat{RD}_{MH} \sum_i P_i + \sum_i Q_i}{\left(\sum_i w_i\right)^2},
    \quad P_i = \frac{n_{ai}^2 x_{bi} - n_{bi}^2 x_{ai} + n_{ai} n_{bi} (n_{bi} - n_{ai})/2}{N_i^2},
    \quad Q_i = \frac{x_{ai}(n_{bi} - x_{bi}) + x_{bi}(n_{ai} - x_{ai})}{2 N_i}

(Rothman, Greenland & Lash 2008, *Modern Epidemiology*, 3rd ed., eq. 15-18 and 15-19). With one
stratum it is the Wald variance of a difference of two proportions. The per-stratum and crude rows
use Newcombe's (1998) interval, as :func:`cxkit.metrics.compare_response_rates` does.

Business customers (mostly in group b here) come back more often; within each segment group a
does 10 points better, yet pooled it looks 10 points worse:

>>> t = stratified_difference([30, 45], [100, 50], [20, 160], [100, 200], strata=["B2C", "B2B"])
>>> t[["value", "n", "low", "high", "method"]].round(1)
                 value    n   low  high           method
B2C               10.0  200  -2.0  21.7         newcombe
B2B               10.0  250  -2.4  18.3         newcombe
crude (pooled)   -10.0  450 -19.6  -0.3         newcombe
Mantel-Haenszel   10.0  450   2.0  18.0  mantel_haenszel
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from cxkit.errors import CXDataError
from cxkit.stats.checks import check_confidence, check_min_n
from cxkit.stats.intervals import proportion_difference_newcombe, z_quantile
from cxkit.stats.rates import interval_columns

__all__ = ["mantel_haenszel_difference", "stratified_difference"]


def _counts(values: Any, name: str) -> np.ndarray:
    a = np.asarray(values)
    if a.ndim != 1 or len(a) == 0:
        raise CXDataError(
            f"{name} must be one count per stratum", column=name, value=a.shape, expected="a list"
        )
    bad = ~np.isfinite(a.astype(float)) | (a.astype(float) < 0) | (a.astype(float) % 1 != 0)
    if bad.any():
        pos = int(np.flatnonzero(bad)[0])
        raise CXDataError(
            "a count is not a whole number", column=name, row=pos, value=a[pos], expected="0 or more"
        )
    return a.astype(np.int64)


def mantel_haenszel_difference(
    xa: Any, na: Any, xb: Any, nb: Any, /, *, confidence: Any = 0.95
) -> tuple[float, float, float, float]:
    """Return the Mantel-Haenszel difference of two shares over strata: (estimate, low, high, se).

    Shares as fractions (0-1). ``xa``/``na`` are group a's events and sizes per stratum, ``xb``/``nb``
    group b's. Strata where either group is empty carry no weight. See the module's formulas.

    >>> est, low, high, se = mantel_haenszel_difference([30], [100], [20], [100])
    >>> round(est, 3), round(se ** 2, 6)  # one stratum: the Wald variance 0.3*0.7/100 + 0.2*0.8/100
    (0.1, 0.0037)
    """
    confidence = check_confidence(confidence)
    xa, na, xb, nb = (np.asarray(v, dtype=float) for v in (xa, na, xb, nb))
    keep = (na > 0) & (nb > 0)
    xa, na, xb, nb = xa[keep], na[keep], xb[keep], nb[keep]
    if not keep.any():
        raise CXDataError(
            "no stratum has customers in both groups",
            value="all strata",
            expected="at least one stratum with both",
        )
    big_n = na + nb
    w = na * nb / big_n
    est = float(((xa * nb - xb * na) / big_n).sum() / w.sum())
    p = (na**2 * xb - nb**2 * xa + na * nb * (nb - na) / 2) / big_n**2
    q = (xa * (nb - xb) + xb * (na - xa)) / (2 * big_n)
    var = (est * p.sum() + q.sum()) / w.sum() ** 2
    se = math.sqrt(max(var, 0.0))
    z = z_quantile(confidence)
    return est, max(est - z * se, -1.0), min(est + z * se, 1.0), se


def stratified_difference(
    xa: Any,
    na: Any,
    xb: Any,
    nb: Any,
    /,
    *,
    strata: Sequence[Any],
    confidence: Any = 0.95,
    min_n: Any = 30,
) -> pd.DataFrame:
    """Compare two shares (a minus b) in each stratum, pooled crudely, and by Mantel-Haenszel.

    Parameters
    ----------
    xa, na : array-like of int
        Group a's units with the property (e.g. came back) and all its units, per stratum.
    xb, nb : array-like of int
        The same for group b.
    strata : sequence
        The strata's labels (e.g. ``["B2C", "B2B"]``).
    confidence : float, default 0.95
    min_n : int, default 30
        Rows where either group has fewer units are flagged ``too_small``.

    Returns
    -------
    DataFrame
        One row per stratum, then ``"crude (pooled)"`` (all strata added up) and
        ``"Mantel-Haenszel"``; :data:`cxkit.stats.INTERVAL_COLUMNS` first (``value`` in points,
        a minus b; ``n`` both groups' units), then ``rate_a`` and ``rate_b`` (percent; NaN for the
        Mantel-Haenszel row, which is not a difference of two shares).
    """
    confidence = check_confidence(confidence)
    min_n = check_min_n(min_n)
    xa, na, xb, nb = (_counts(v, k) for v, k in ((xa, "xa"), (na, "na"), (xb, "xb"), (nb, "nb")))
    labels = list(strata)
    if not len(xa) == len(na) == len(xb) == len(nb) == len(labels):
        raise CXDataError(
            "one count per stratum in each of xa, na, xb, nb and one label in strata",
            column="strata",
            value=[len(xa), len(na), len(xb), len(nb), len(labels)],
            expected="equal lengths",
        )
    for x, n, name in ((xa, na, "xa"), (xb, nb, "xb")):
        over = x > n
        if over.any():
            pos = int(np.flatnonzero(over)[0])
            raise CXDataError(
                "more units with the property than units",
                column=name,
                row=labels[pos],
                value=int(x[pos]),
                expected=f"at most {int(n[pos])}",
            )
    rows = [*zip(xa, na, xb, nb, strict=True), (xa.sum(), na.sum(), xb.sum(), nb.sum())]
    value, low, high, n, small, rate_a, rate_b, method = [], [], [], [], [], [], [], []
    for a, m, b, k in rows:
        if m == 0 or k == 0:
            lo = hi = d = float("nan")
        else:
            lo, hi, _ = proportion_difference_newcombe(int(a), int(m), int(b), int(k), confidence=confidence)
            d = a / m - b / k
        value.append(100 * d)
        low.append(100 * lo)
        high.append(100 * hi)
        n.append(int(m + k))
        small.append(min(m, k) < min_n)
        rate_a.append(100 * a / m if m else float("nan"))
        rate_b.append(100 * b / k if k else float("nan"))
        method.append("newcombe")
    est, lo, hi, _ = mantel_haenszel_difference(xa, na, xb, nb, confidence=confidence)
    value.append(100 * est)
    low.append(100 * lo)
    high.append(100 * hi)
    n.append(int(na.sum() + nb.sum()))
    small.append(min(na.sum(), nb.sum()) < min_n)
    rate_a.append(float("nan"))
    rate_b.append(float("nan"))
    cols = interval_columns(value, n, low, high, method="newcombe", confidence=confidence, min_n=min_n)
    cols["too_small"] = np.asarray(small)
    cols["method"] = np.asarray([*method, "mantel_haenszel"], dtype=object)
    return pd.DataFrame(
        {**cols, "rate_a": rate_a, "rate_b": rate_b}, index=[*labels, "crude (pooled)", "Mantel-Haenszel"]
    )
