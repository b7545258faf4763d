r"""From transactions to the (frequency, recency, T, monetary value) summary the models use.

The convention of the customer-base literature (Fader, Hardie & Lee 2005; lifetimes'
``summary_data_from_transaction_data``): purchases on the same day are one purchase (their values
added); the first purchase starts the customer's clock and is not counted;

- ``frequency`` :math:`x`: the number of *repeat* purchases (days with a purchase after the first);
- ``recency`` :math:`t_x`: time from the first purchase to the last (0 if no repeat purchase);
- ``T``: time from the first purchase to the end of the (calibration) period;
- ``monetary_value``: the mean value of the repeat purchases (0 if none).

Times are in the unit ``freq``: days divided by 1 (``"D"``), 7 (``"W"``) or 365.25/12 (``"M"``),
so a customer first seen on 1997-01-01 has T = 272/7 = 38.86 weeks at 1997-09-30. (lifetimes'
``freq="W"`` instead counts whole calendar weeks; its ``freq="D", freq_multiplier=7`` matches.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from cxkit.data.parse import read_date
from cxkit.errors import CXConfigError, CXDataError
from cxkit.retention.orders import order_days
from cxkit.stats.checks import check_choice

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["rfm_summary"]

UNIT_DAYS = {"D": 1.0, "W": 7.0, "M": 365.25 / 12}


def rfm_summary(
    transactions: pd.DataFrame,
    *,
    customer: str = "customer_id",
    timestamp: str = "timestamp",
    value: str | None = "value",
    date_format: str | None = None,
    dayfirst: bool | None = None,
    freq: str = "W",
    calibration_end: Any = None,
    observation_end: Any = None,
) -> pd.DataFrame:
    r"""Summarise each customer's transactions as frequency, recency, T and monetary value.

    Parameters
    ----------
    transactions : pandas.DataFrame
        One row per transaction.
    customer, timestamp, value : str
        The columns holding the customer, the transaction time and its value (``value=None``
        leaves ``monetary_value`` out).
    date_format, dayfirst : optional
        How a text ``timestamp`` column is written, as :func:`cxkit.data.read_dates` reads it:
        one way for the whole column, found from its values or given (``date_format="%d/%m/%Y"``,
        or ``dayfirst=True``: 05/02/2024 is 5 February); a column whose dates read both day-first
        and month-first (every day up to 12) is an error naming its first such value. Text dates
        given as arguments (``calibration_end=``, ``observation_end=``) are read the same way.
    freq : {"W", "D", "M"}
        The time unit of recency and T: weeks (7 days), days, or months (365.25/12 days).
    calibration_end : date-like, optional
        End of the calibration period (inclusive). When given, only customers whose first purchase
        is on or before it are kept, the summary is computed on the calibration period, and the
        columns ``frequency_holdout`` (purchase days after it, up to ``observation_end``),
        ``monetary_value_holdout`` and ``duration_holdout`` are added.
    observation_end : date-like, optional
        End of the observation (inclusive); by default the last transaction's day.

    Returns
    -------
    pandas.DataFrame
        Indexed by customer, sorted: ``frequency``, ``recency``, ``T``, ``monetary_value`` (and the
        holdout columns).

    Raises
    ------
    CXDataError
        A missing column, a blank customer or date, a date that cannot be read, a value that is not
        a number, or no transaction in the period.
    CXConfigError
        An unknown ``freq``, or ``calibration_end`` after ``observation_end``.

    Notes
    -----
    With :math:`d_0 < d_1 < \dots < d_x` a customer's purchase days up to the end :math:`e` of the
    period and :math:`u` the length of the unit in days:

    .. math::

        x, \qquad t_x = \frac{d_x - d_0}{u}, \qquad T = \frac{e - d_0}{u}, \qquad
        m_x = \frac{1}{x}\sum_{j=1}^{x} v(d_j)

    References
    ----------
    Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your customers" the easy way.
    *Marketing Science*, 24(2), 275-284.

    Examples
    --------
    >>> import pandas as pd
    >>> tx = pd.DataFrame({"customer_id": ["a", "a", "a", "a", "b"],
    ...     "timestamp": ["2024-01-01", "2024-01-08", "2024-01-08", "2024-01-22", "2024-01-15"],
    ...     "value": [10.0, 5.0, 5.0, 20.0, 8.0]})
    >>> rfm_summary(tx, observation_end="2024-01-29")  # doctest: +NORMALIZE_WHITESPACE
                 frequency  recency    T  monetary_value
    customer_id
    a                    2      3.0  4.0            15.0
    b                    0      0.0  2.0             0.0
    """
    import pandas as pd

    check_choice(freq, tuple(UNIT_DAYS), "freq")
    unit = UNIT_DAYS[freq]
    dates: dict[str, Any] = {"date_format": date_format, "dayfirst": dayfirst}
    days = order_days(transactions, customer, timestamp, None, **dates)
    observation_end = read_date(observation_end, "observation_end", **dates)
    calibration_end = read_date(calibration_end, "calibration_end", **dates)
    if value is not None:
        if value not in transactions.columns:
            raise CXDataError(
                "missing column",
                dataset="transactions",
                column=value,
                expected="the column of transaction values (or value=None)",
            )
        vals = pd.to_numeric(transactions[value], errors="coerce")
        bad = vals.isna().to_numpy()
        if bad.any():
            pos = int(np.argmax(bad))
            raise CXDataError(
                "not a number",
                dataset="transactions",
                column=value,
                row=transactions.index[pos],
                value=transactions[value].iloc[pos],
                expected="a transaction value such as 12.50",
            )
        days["value"] = vals.to_numpy()
    else:
        days["value"] = 0.0
    obs_end = days["day"].max() if observation_end is None else pd.Timestamp(observation_end).normalize()
    days = days[days["day"] <= obs_end]
    cal_end = obs_end if calibration_end is None else pd.Timestamp(calibration_end).normalize()
    if cal_end > obs_end:
        raise CXConfigError(
            f"calibration_end ({cal_end.date()}) is after observation_end ({obs_end.date()})."
        )
    per_day = days.groupby([customer, "day"], sort=True)["value"].sum().reset_index()
    first = per_day.groupby(customer)["day"].transform("min")
    per_day = per_day[first <= cal_end]
    first = first[first <= cal_end]
    if per_day.empty:
        raise CXDataError(
            "no customer with a first purchase in the period",
            dataset="transactions",
            column=timestamp,
            expected=f"a transaction on or before {cal_end.date()}",
        )
    cal = per_day[per_day["day"] <= cal_end]
    cal_first = first[per_day["day"] <= cal_end]
    repeat = cal[cal["day"] > cal_first]
    g = cal.groupby(customer)
    out = pd.DataFrame(index=g.size().index)
    d0 = g["day"].min()
    out["frequency"] = (g.size() - 1).astype("int64")
    out["recency"] = (g["day"].max() - d0).dt.days / unit
    out["T"] = (cal_end - d0).dt.days / unit
    if value is not None:
        out["monetary_value"] = repeat.groupby(customer)["value"].mean().reindex(out.index).fillna(0.0)
    if calibration_end is not None:
        hold = per_day[per_day["day"] > cal_end].groupby(customer)
        out["frequency_holdout"] = hold.size().reindex(out.index).fillna(0).astype("int64")
        if value is not None:
            out["monetary_value_holdout"] = hold["value"].mean().reindex(out.index).fillna(0.0)
        out["duration_holdout"] = (obs_end - cal_end).days / unit
    out.index.name = customer
    return out
