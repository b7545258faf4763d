r"""Retention, churn and repeat-purchase rates, each with its interval (Wilson by default).

.. math::

    \text{retention rate} = \frac{E - N}{S}, \qquad \text{churn rate} = \frac{S - (E - N)}{S}
    = 1 - \text{retention rate},

where, over one period, :math:`S` is the number of customers at the start, :math:`E` the number
at the end and :math:`N` the number of new customers acquired during the period (so
:math:`E - N` is the number of the starting customers who are still customers at the end).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from cxkit.errors import CXDataError
from cxkit.stats.checks import check_count, check_min_n
from cxkit.stats.rates import check_rate_options, rate_table
from cxkit.stats.results import MetricResult

__all__ = ["churn_rate", "repeat_purchase_rate", "retention_rate"]


def _rate(
    metric: str, x: int, n: int, labels: tuple[str, str], *, confidence: Any, method: Any, min_n: Any
) -> MetricResult:
    """Return ``x / n`` in percent with its interval, as one row of :func:`cxkit.stats.rate_table`."""
    row = rate_table([x], [n], confidence=confidence, method=method, min_n=min_n).iloc[0]
    se = float(np.sqrt((x / n) * (1 - x / n) / n)) if n else float("nan")
    return MetricResult(
        metric=metric,
        value=float(row["value"]),
        n=n,
        low=float(row["low"]),
        high=float(row["high"]),
        confidence=float(row["confidence"]),
        method=str(row["method"]),
        unit="%",
        counts={labels[0]: x, labels[1]: n - x},
        shares={labels[0]: 100.0 * x / n, labels[1]: 100.0 * (n - x) / n},
        se=100.0 * se,
        min_n=check_min_n(min_n),
    )


def _retained(S: Any, E: Any, N: Any) -> tuple[int, int]:
    S, E, N = check_count(S, "S"), check_count(E, "E"), check_count(N, "N")
    if S == 0:
        raise CXDataError(
            "no customers at the start of the period", column="S", value=S, expected="at least 1"
        )
    if N > E:
        raise CXDataError(
            "more new customers than customers at the end",
            column="N",
            value=N,
            expected=f"at most E = {E} (the new customers are among those at the end)",
        )
    if E - N > S:
        raise CXDataError(
            "more starting customers kept (E - N) than there were at the start",
            column="E",
            value=E,
            expected=f"E - N at most S = {S}; did N leave out some new customers?",
        )
    return E - N, S


def retention_rate(
    S: Any, E: Any, N: Any, *, confidence: float = 0.95, method: str = "wilson", min_n: int = 30
) -> MetricResult:
    r"""Compute the share of the period's starting customers still customers at its end.

    Parameters
    ----------
    S : int
        Customers at the start of the period.
    E : int
        Customers at the end of the period (the kept ones plus the new ones).
    N : int
        New customers acquired during the period.
    confidence : float, default 0.95
        Level of the interval.
    method : str, default "wilson"
        The interval method for a proportion (:func:`cxkit.stats.methods_for`).
    min_n : int, default 30
        Fewer customers than this flag the result ``too_small``.

    Returns
    -------
    MetricResult
        ``value`` in percent, ``n = S``, counts ``retained`` and ``lost``.

    Raises
    ------
    CXDataError
        If S, E or N is not a whole number of 0 or more, S is 0, N > E, or E - N > S.

    Notes
    -----
    .. math:: \text{retention rate} = \frac{E - N}{S}

    The new customers are taken out of the end count, so the rate measures only the customers
    the period started with. The interval is Wilson's, treating the S customers as independent.

    References
    ----------
    Gupta, S., Hanssens, D., Hardie, B. et al. (2006). Modeling customer lifetime value. *Journal
    of Service Research*, 9(2), 139-155.

    Examples
    --------
    200 customers at the start, 40 new ones, 210 at the end: 170 of the 200 stayed.

    >>> retention_rate(S=200, E=210, N=40).value
    85.0
    """
    check_rate_options(confidence=confidence, method=method, min_n=min_n)
    kept, S = _retained(S, E, N)
    return _rate(
        "Retention rate", kept, S, ("retained", "lost"), confidence=confidence, method=method, min_n=min_n
    )


def churn_rate(
    S: Any, E: Any, N: Any, *, confidence: float = 0.95, method: str = "wilson", min_n: int = 30
) -> MetricResult:
    r"""Compute the share of the period's starting customers lost by its end (1 - retention).

    Parameters
    ----------
    S, E, N : int
        Customers at the start, at the end, and new during the period (see :func:`retention_rate`).
    confidence : float, default 0.95
        Level of the interval.
    method : str, default "wilson"
        The interval method for a proportion (:func:`cxkit.stats.methods_for`).
    min_n : int, default 30
        Fewer customers than this flag the result ``too_small``.

    Returns
    -------
    MetricResult
        ``value`` in percent, ``n = S``, counts ``lost`` and ``retained``.

    Raises
    ------
    CXDataError
        As :func:`retention_rate`.

    Notes
    -----
    .. math:: \text{churn rate} = \frac{S - (E - N)}{S} = 1 - \frac{E - N}{S}

    Examples
    --------
    >>> churn_rate(S=200, E=210, N=40).value
    15.0
    """
    check_rate_options(confidence=confidence, method=method, min_n=min_n)
    kept, S = _retained(S, E, N)
    return _rate(
        "Churn rate", S - kept, S, ("lost", "retained"), confidence=confidence, method=method, min_n=min_n
    )


def repeat_purchase_rate(
    orders: Any,
    *,
    customer: str = "customer_id",
    timestamp: str = "timestamp",
    date_format: str | None = None,
    dayfirst: bool | None = None,
    end: Any = None,
    confidence: float = 0.95,
    method: str = "wilson",
    min_n: int = 30,
) -> MetricResult:
    r"""Compute the share of customers who bought again after their first purchase.

    Parameters
    ----------
    orders : pandas.DataFrame
        One row per order.
    customer, timestamp : str
        The columns holding the customer and the order time.
    date_format, dayfirst : optional
        How a text ``timestamp`` column is written, as :func:`cxkit.data.read_dates` reads it:
        one way for the whole column, found from its values or given (``date_format="%d/%m/%Y"``,
        or ``dayfirst=True``: 05/02/2024 is 5 February); a column whose dates read both day-first
        and month-first (every day up to 12) is an error naming its first such value. Text dates
        given as arguments (``end=``) are read the same way.
    end : date-like, optional
        Count only orders up to this moment (inclusive); by default every order.
    confidence : float, default 0.95
        Level of the interval.
    method : str, default "wilson"
        The interval method for a proportion (:func:`cxkit.stats.methods_for`).
    min_n : int, default 30
        Fewer customers than this flag the result ``too_small``.

    Returns
    -------
    MetricResult
        ``value`` in percent, ``n`` = customers with at least one order, counts ``repeat`` and
        ``one_time``.

    Raises
    ------
    CXDataError
        If a column is missing, a timestamp is blank or not a date, or no order is left.

    Notes
    -----
    .. math::

        \text{repeat-purchase rate} = \frac{\#\{\text{customers with} \ge 2
        \text{ purchases on different days}\}}{\#\{\text{customers with} \ge 1 \text{ purchase}\}}

    Orders on the same day count as one purchase (the convention of the customer-base literature,
    as in :func:`cxkit.clv.rfm_summary`).

    Examples
    --------
    >>> import pandas as pd
    >>> orders = pd.DataFrame({"customer_id": ["a", "a", "b", "c", "c"],
    ...     "timestamp": ["2024-01-01", "2024-02-01", "2024-01-05", "2024-01-07", "2024-01-07"]})
    >>> round(repeat_purchase_rate(orders).value, 2)
    33.33
    """
    from cxkit.retention.orders import order_days

    check_rate_options(confidence=confidence, method=method, min_n=min_n)
    days = order_days(orders, customer, timestamp, end, date_format=date_format, dayfirst=dayfirst)
    per_customer = days.groupby(customer, sort=False)["day"].nunique()
    repeat = int((per_customer >= 2).sum())
    labels = ("repeat", "one_time")
    n = int(per_customer.size)
    return _rate("Repeat-purchase rate", repeat, n, labels, confidence=confidence, method=method, min_n=min_n)
