r"""One shape for every table of estimates with an interval, and the one builder of rate tables.

Every public cxkit function that returns a table of estimates with their intervals (a breakdown
of NPS, CSAT or CES, a response rate, first-contact resolution, SLA attainment, channel switching,
a funnel's conversions, repeat purchase, ...) returns a pandas DataFrame that starts with the
columns of :data:`INTERVAL_COLUMNS`, in this order:

``value``
    the estimate, in percent for a share (0-100), in points for an NPS, on the survey scale for
    a mean;
``n``
    the number of units the estimate is computed on (answers, tickets, journeys, customers);
``low``, ``high``
    the interval, on the scale of ``value``;
``moe``
    the margin of error, half the interval's width: :math:`(\mathrm{high}-\mathrm{low})/2`;
``too_small``
    ``n < min_n``: too few units to read the estimate on its own;
``method``
    the interval method's name (``"wilson"``, ``"wald"``, ...: :func:`cxkit.stats.methods_for`);
``confidence``
    the confidence level of the interval (0.95 for 95 %).

A *rate* table (a share of units with a property) adds ``count``, the units with it, right after
these columns; a function's own columns (``journeys``, ``mean_channels``, ...) come after that.
Every such function takes ``confidence=``, ``method=`` and ``min_n=`` as keywords, checked here.

>>> t = rate_table([3, 0], [4, 2], index=["phone", "email"], min_n=3)
>>> t[["value", "n", "count", "low", "high", "too_small", "method"]].round(1)
       value  n  count   low  high  too_small  method
phone   75.0  4      3  30.1  95.4      False  wilson
email    0.0  2      0   0.0  65.8       True  wilson
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from cxkit.stats.checks import check_confidence, check_min_n
from cxkit.stats.intervals import IntervalMethod, interval_method

__all__ = ["INTERVAL_COLUMNS", "RATE_COLUMNS", "check_rate_options", "interval_columns", "rate_table"]

#: The columns every table of estimates with an interval starts with, in this order.
INTERVAL_COLUMNS: tuple[str, ...] = ("value", "n", "low", "high", "moe", "too_small", "method", "confidence")

#: The columns every rate table starts with: :data:`INTERVAL_COLUMNS`, then the numerator.
RATE_COLUMNS: tuple[str, ...] = (*INTERVAL_COLUMNS, "count")


def check_rate_options(
    *, confidence: Any = 0.95, method: Any = "wilson", min_n: Any = 30, estimator: str = "proportion"
) -> tuple[float, IntervalMethod, int]:
    """Check the three options every rate function takes; return them checked.

    Raises :class:`~cxkit.errors.CXConfigError` naming the option, the value and the valid
    choices (the interval methods come from :mod:`cxkit.stats.intervals`' registry).

    >>> confidence, method, min_n = check_rate_options(confidence=0.9, method="wald", min_n=10)
    >>> confidence, method.name, min_n
    (0.9, 'wald', 10)
    >>> check_rate_options(method="exact")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    cxkit.errors.CXConfigError: Unknown proportion interval method 'exact'. The valid choices are: ...
    """
    return (
        check_confidence(confidence),
        interval_method(estimator, method),
        check_min_n(min_n),
    )


def interval_columns(
    value: Any,
    n: Any,
    low: Any,
    high: Any,
    *,
    method: str,
    confidence: float,
    min_n: int,
) -> dict[str, Any]:
    """Build the :data:`INTERVAL_COLUMNS` of a table as a dict of arrays (one value per group).

    Used by :func:`rate_table` and by the metric engine's tables, so the two cannot drift apart.
    """
    n = np.asarray(n, dtype=np.int64)
    low = np.asarray(low, dtype=float)
    high = np.asarray(high, dtype=float)
    return {
        "value": np.asarray(value, dtype=float),
        "n": n,
        "low": low,
        "high": high,
        "moe": (high - low) / 2,
        "too_small": n < min_n,
        "method": np.full(len(n), method, dtype=object),
        "confidence": np.full(len(n), float(confidence)),
    }


def rate_table(
    count: Any,
    n: Any,
    *,
    index: Sequence[Any] | Any = None,
    confidence: Any = 0.95,
    method: Any = "wilson",
    min_n: Any = 30,
    var: Any = None,
) -> Any:
    r"""Build a table of shares with their intervals, in the one shape of :data:`RATE_COLUMNS`.

    For each group with :math:`x` units having the property out of :math:`n`,
    :math:`\mathrm{value} = 100\,x/n` percent, with the interval of the chosen method for a
    proportion (Wilson by default: Wilson 1927; Brown, Cai & DasGupta 2001), in percent.
    A group with :math:`n = 0` has no value and no interval (NaN) and is ``too_small``.

    Parameters
    ----------
    count, n : array-like of shape (k,)
        Units with the property and all units, per group (whole numbers, ``0 <= count <= n``).
    index : array-like or pandas.Index, optional
        The groups' labels (default ``0 .. k-1``).
    confidence : float, default 0.95
    method : str, default "wilson"
        A method of the ``"proportion"`` estimator (:func:`cxkit.stats.methods_for`).
    min_n : int, default 30
        Groups with fewer units are flagged ``too_small``.
    var : array-like, optional
        A cluster-robust variance of each proportion (:mod:`cxkit.stats.cluster`), for methods
        that take one.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`RATE_COLUMNS`.

    References
    ----------
    Wilson, E. B. (1927). Probable inference, the law of succession, and statistical inference.
    *JASA*, 22(158), 209-212. Brown, L. D., Cai, T. T. & DasGupta, A. (2001). Interval estimation
    for a binomial proportion. *Statistical Science*, 16(2), 101-133.

    Examples
    --------
    >>> rate_table([1], [4], method="wald", confidence=0.9)[["value", "low", "high"]].round(2)
       value    low   high
    0   25.0 -10.61  60.61
    """
    import pandas as pd

    confidence, m, min_n = check_rate_options(confidence=confidence, method=method, min_n=min_n)
    count = np.asarray(count, dtype=float)
    n = np.asarray(n, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        low, high, _se = m.function(count, n, confidence=confidence, var=var)
        value = np.where(n > 0, 100 * count / n, np.nan)
    empty = n <= 0
    low = np.where(empty, np.nan, 100 * np.asarray(low, dtype=float))
    high = np.where(empty, np.nan, 100 * np.asarray(high, dtype=float))
    cols = interval_columns(value, n, low, high, method=m.name, confidence=confidence, min_n=min_n)
    cols["count"] = count.astype(np.int64)
    return pd.DataFrame(cols, index=index)
