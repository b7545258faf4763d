r"""The simple customer-lifetime-value formula, and a cohort view of the value actually realised.

Per period (say a year) a customer brings :math:`v = \text{AOV} \times F \times \text{margin}`
(average order value times orders per period times the profit share). With a fixed lifespan of
:math:`L` periods, or a retention rate :math:`r` per period, and a discount rate :math:`d`, the
value of the margins received at the end of each period, discounted to today, is

.. math::

    \text{CLV} = \sum_{t=1}^{L}\frac{v}{(1+d)^t} = v\,\frac{1-(1+d)^{-L}}{d}
    \qquad\text{or}\qquad
    \text{CLV} = \sum_{t=1}^{\infty}\frac{v\,r^{t-1}}{(1+d)^t} = \frac{v}{1+d-r}.
"""

from __future__ import annotations

import numbers
from typing import TYPE_CHECKING, Any

import numpy as np

from cxkit.data.parse import read_date
from cxkit.errors import CXConfigError, CXDataError
from cxkit.retention.cohorts import cohort_table
from cxkit.retention.orders import days_of, order_days, order_times

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["DISCOUNT_RATE", "cohort_value", "simple_clv"]

#: The course's one discount rate: 10% a year (Larkspur's finance team's figure, an assumption to
#: state with every result). Module 08's simple CLV and module 10's value of a fix both use it.
DISCOUNT_RATE: float = 0.10


def _number(
    value: Any, name: str, lo: float, hi: float, *, lo_open: bool = False, hi_open: bool = False
) -> float:
    ok = isinstance(value, numbers.Real) and not isinstance(value, bool) and np.isfinite(float(value))
    if ok:
        v = float(value)
        ok = (v > lo if lo_open else v >= lo) and (v < hi if hi_open else v <= hi)
    if not ok:
        lo_s = f"{'greater than' if lo_open else 'at least'} {lo:g}"
        hi_s = "" if hi == np.inf else f" and {'below' if hi_open else 'at most'} {hi:g}"
        raise CXDataError(f"{name} out of range", column=name, value=value, expected=f"a number {lo_s}{hi_s}")
    return float(value)


def simple_clv(
    avg_order_value: float,
    purchase_frequency: float,
    *,
    lifespan: float | None = None,
    retention: float | None = None,
    margin: float,
    discount_rate: float,
) -> float:
    r"""Compute the textbook customer lifetime value from averages.

    Parameters
    ----------
    avg_order_value : float
        Average value of an order (e.g. euros).
    purchase_frequency : float
        Orders per customer per period (e.g. per year).
    lifespan : float, optional
        Periods a customer stays (no churn before). Give this or ``retention``.
    retention : float, optional
        Share of customers kept from one period to the next (0 to 1, below 1 + discount_rate).
    margin : float
        Share of the value that is profit (0 to 1).
    discount_rate : float
        Discount rate per period (0.1 for 10 %).

    Returns
    -------
    float
        The discounted margin a new customer brings over their life, in the unit of the order value.

    Raises
    ------
    CXConfigError
        If both or neither of ``lifespan`` and ``retention`` is given.
    CXDataError
        A value out of range (a negative order value, a margin above 1, retention of 1 with no
        discounting, which would be worth an infinite amount).

    Notes
    -----
    With :math:`v = \text{AOV} \times F \times m` the margin per period, paid at the end of each:

    .. math::

        \text{CLV} = v\,\frac{1 - (1+d)^{-L}}{d}\ (\text{or } vL \text{ if } d = 0),
        \qquad \text{CLV} = \frac{v}{1 + d - r}.

    With retention the expected lifetime is :math:`1/(1-r)` periods (the geometric distribution):
    :math:`r = 0.8` is five periods.

    References
    ----------
    Gupta, S. & Lehmann, D. R. (2003). Customers as assets. *Journal of Interactive Marketing*,
    17(1), 9-24. Fader, P. S. & Hardie, B. G. S. (2012). Reconciling and clarifying CLV formulas.
    http://brucehardie.com/notes/024/

    Examples
    --------
    50 € per order, 4 orders a year, 30 % margin: 60 € a year.

    >>> simple_clv(50, 4, lifespan=3, margin=0.3, discount_rate=0.0)
    180.0
    >>> round(simple_clv(50, 4, retention=0.8, margin=0.3, discount_rate=0.1), 2)
    200.0
    """
    if (lifespan is None) == (retention is None):
        raise CXConfigError(
            "Give exactly one of lifespan= (periods a customer stays) or retention= (share kept each "
            f"period); got lifespan={lifespan!r}, retention={retention!r}."
        )
    aov = _number(avg_order_value, "avg_order_value", 0, np.inf)
    f = _number(purchase_frequency, "purchase_frequency", 0, np.inf)
    m = _number(margin, "margin", 0, 1)
    d = _number(discount_rate, "discount_rate", -1, np.inf, lo_open=True)
    v = aov * f * m
    if lifespan is not None:
        length = _number(lifespan, "lifespan", 0, np.inf)
        return v * length if d == 0 else v * (1 - (1 + d) ** -length) / d
    r = _number(retention, "retention", 0, 1)
    if r >= 1 + d:
        raise CXDataError(
            "retention too high for the discount rate",
            column="retention",
            value=r,
            expected=f"below 1 + discount_rate = {1 + d:g} (otherwise the value is infinite)",
        )
    return v / (1 + d - r)


def cohort_value(
    orders: pd.DataFrame,
    *,
    customer: str = "customer_id",
    timestamp: str = "timestamp",
    value: str = "value",
    date_format: str | None = None,
    dayfirst: bool | None = None,
    end: Any = None,
    max_months: int | None = None,
) -> pd.DataFrame:
    r"""Cumulative realised value per customer of each monthly acquisition cohort.

    Parameters
    ----------
    orders : pandas.DataFrame
        One row per order.
    customer, timestamp, value : str
        The columns holding the customer, the order time and its value.
    date_format, dayfirst : optional
        How a text ``timestamp`` column is written, as :func:`cxkit.data.read_dates` reads it:
        one way for the whole column, found from its values or given (``date_format="%d/%m/%Y"``,
        or ``dayfirst=True``: 05/02/2024 is 5 February); a column whose dates read both day-first
        and month-first (every day up to 12) is an error naming its first such value. Text dates
        given as arguments (``end=``) are read the same way.
    end : date-like, optional
        End of the observation (default: the last order).
    max_months : int, optional
        Keep months 0 to ``max_months`` only.

    Returns
    -------
    pandas.DataFrame
        Laid out like :func:`cxkit.retention.cohort_table`: index ``cohort``, a column
        ``customers``, then for each month :math:`k` since the first order the cumulative value per
        customer of the cohort up to the end of month :math:`k` (blank once past ``end``).

    Raises
    ------
    CXDataError
        A missing column, a blank, or a value that is not a number.

    Notes
    -----
    .. math:: V_{c,k} = \frac{1}{|c|}\sum_{i \in c}\ \sum_{\text{orders } o \text{ of } i
              \text{ in months } c..c+k} v_o

    Examples
    --------
    >>> import pandas as pd
    >>> orders = pd.DataFrame({"customer_id": ["a", "a", "b"], "value": [10.0, 30.0, 20.0],
    ...     "timestamp": ["2024-01-03", "2024-02-10", "2024-01-20"]})
    >>> cohort_value(orders)  # doctest: +NORMALIZE_WHITESPACE
             customers     0     1
    cohort
    2024-01          2  15.0  30.0
    """
    import pandas as pd

    dates: dict[str, Any] = {"date_format": date_format, "dayfirst": dayfirst}
    days = order_days(orders, customer, timestamp, end, **dates)
    end = read_date(end, "end", **dates)
    if value not in orders.columns:
        raise CXDataError("missing column", dataset="orders", column=value, expected="the order values")
    vals = pd.to_numeric(orders[value], errors="coerce")
    if vals.isna().any():
        pos = int(np.argmax(vals.isna().to_numpy()))
        raise CXDataError(
            "not a number",
            dataset="orders",
            column=value,
            row=orders.index[pos],
            value=orders[value].iloc[pos],
            expected="an order value",
        )
    frame = pd.DataFrame(
        {
            customer: orders[customer].to_numpy(),
            "day": days_of(order_times(orders, timestamp, **dates)),
            "value": vals.to_numpy(),
        }
    )
    if end is not None:
        frame = frame[frame["day"] <= end]
    counts = cohort_table(
        days.rename(columns={"day": timestamp}),
        customer=customer,
        timestamp=timestamp,
        values="count",
        end=end,
        max_months=max_months,
    )
    month = frame["day"].dt.year * 12 + frame["day"].dt.month - 1
    first = month.groupby(frame[customer]).transform("min")
    k = month - first
    labels = first.map(lambda m: f"{m // 12:04d}-{m % 12 + 1:02d}")
    sums = frame.assign(cohort=labels.to_numpy(), k=k.to_numpy()).pivot_table(
        index="cohort", columns="k", values="value", aggfunc="sum", fill_value=0.0
    )
    sums = sums.reindex(index=counts.index, columns=counts.columns[1:], fill_value=0.0)
    cum = sums.cumsum(axis=1).div(counts["customers"], axis=0)
    cum = cum.where(counts.drop(columns="customers").notna())
    return pd.concat([counts[["customers"]], cum], axis=1)
