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
    count_zero_value: bool = False,
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
        End of the observation (inclusive); by default the last purchase's day. Transactions after
        it are left out with a :class:`~cxkit.errors.CXDataWarning`. Without it, a last purchase
        more than a year after the one before it, and further than the rest of the data span (one
        row typed 2042 for 2024), is an error: it would set every customer's T.
    count_zero_value : bool, default False
        Count a zero-value order (a free sample, a fully discounted order) as a purchase. By
        default it is not one, like a refund (a negative value), which never is; both are
        reported per customer in ``n_zero_value`` and ``n_refunds``.

    Returns
    -------
    pandas.DataFrame
        Indexed by customer, sorted: ``frequency``, ``recency``, ``T``, ``monetary_value`` (and the
        holdout columns), then with ``value``: ``n_refunds`` and ``n_zero_value`` (the customer's
        rows with a negative and a zero value, not counted as purchases), and last
        ``observation_end`` (the day the summary runs to, the same on every row, so the
        result says which end it used).

    Warns
    -----
    CXDataWarning
        Exact duplicate rows (every column equal: counted once, never summed; keep an order id
        column if they are separate orders), customers with only refunds or zero-value orders (left
        out: they never purchased), transactions after ``observation_end`` (left out).

    Raises
    ------
    CXDataError
        A missing column, a blank customer or date, a date that cannot be read, a value that is not
        a number, or no transaction in the period.
        A last transaction far after the rest while ``observation_end`` is not given.
    CXConfigError
        An unknown ``freq``, ``calibration_end`` after ``observation_end``, a text date argument
        that cannot be read for sure, or ``count_zero_value`` not True or False.

    Notes
    -----
    With :math:`d_0 < d_1 < \dots < d_x` a customer's purchase days up to the end :math:`e` of the
    period and :math:`u` the length of the unit in days:

    .. math::

        x, \qquad t_x = \frac{d_x - d_0}{u}, \qquad T = \frac{e - d_0}{u}, \qquad
        m_x = \frac{1}{x}\sum_{j=1}^{x} v(d_j)

    Refunds are not purchases and do not lower ``monetary_value``: the models of spend (Gamma-Gamma)
    describe what a customer pays per purchase, and a refund is not a purchase of negative value;
    net the refunds yourself when you need revenue after returns.

    References
    ----------
    Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your customers" the easy way.
    *Marketing Science*, 24(2), 275-284.

    Examples
    --------
    >>> import pandas as pd
    >>> tx = pd.DataFrame({"customer_id": ["a", "a", "a", "a", "b"],
    ...     "timestamp": ["2024-01-01", "2024-01-08", "2024-01-08", "2024-01-22", "2024-01-15"],
    ...     "value": [10.0, 4.0, 6.0, 20.0, 8.0]})
    >>> s = rfm_summary(tx, observation_end="2024-01-29")
    >>> s[["frequency", "recency", "T", "monetary_value"]]  # doctest: +NORMALIZE_WHITESPACE
                 frequency  recency    T  monetary_value
    customer_id
    a                    2      3.0  4.0            15.0
    b                    0      0.0  2.0             0.0
    >>> s.columns[4:].tolist()
    ['n_refunds', 'n_zero_value', 'observation_end']

    A refund is not a repeat purchase, and the same row twice is one transaction:

    >>> tx = pd.DataFrame({"customer_id": ["a", "a", "a", "a"],
    ...     "timestamp": ["2024-01-01", "2024-01-08", "2024-01-15", "2024-01-15"],
    ...     "value": [10.0, -10.0, 20.0, 20.0]})
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     s = rfm_summary(tx)
    >>> s.loc["a", "frequency"], s.loc["a", "monetary_value"], s.loc["a", "n_refunds"]
    (np.int64(1), np.float64(20.0), np.int64(1))
    >>> str(caught[0].message).split(" (")[0]
    'rfm_summary: 1 transaction(s) repeat an earlier row exactly'
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
    if not isinstance(count_zero_value, bool):
        raise CXConfigError(f"count_zero_value must be True or False; got {count_zero_value!r}.")
    days = _without_duplicates(transactions, days, customer)
    counts = None
    if value is not None:  # refunds and zero-value orders are reported, not counted as purchases
        refund = (days["value"] < 0).to_numpy()
        zero = (days["value"] == 0).to_numpy()
        counts = (
            pd.DataFrame({"n_refunds": refund, "n_zero_value": zero, customer: days[customer].to_numpy()})
            .groupby(customer)[["n_refunds", "n_zero_value"]]
            .sum()
        )
        days = days[~refund & (~zero | count_zero_value)]
        _warn_no_purchase(counts.index.difference(days[customer].unique()), customer)
    if observation_end is None:
        obs_end = _last_day(transactions, days, customer, timestamp)
    else:
        obs_end = pd.Timestamp(observation_end).normalize()
        _warn_after(transactions, days, obs_end, timestamp)
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
    if counts is not None:
        out = out.join(counts.astype("int64"), how="left")
    out["observation_end"] = obs_end
    out.index.name = customer
    return out


def _without_duplicates(transactions: pd.DataFrame, days: pd.DataFrame, customer: str) -> pd.DataFrame:
    """Drop exact duplicate rows (every column equal), with a warning naming the first: never summed."""
    import warnings

    from cxkit.errors import CXDataWarning

    try:
        dup = transactions.duplicated(keep="first").to_numpy()
    except TypeError:  # unhashable cells (lists): nothing is compared
        return days
    if not dup.any():
        return days
    pos = int(np.argmax(dup))
    warnings.warn(
        f"rfm_summary: {int(dup.sum())} transaction(s) repeat an earlier row exactly (every column equal) "
        f"and are counted once (first: row {pos}, index {transactions.index[pos]!r}, customer "
        f"{transactions[customer].iloc[pos]!r}). If they are separate orders, keep an order id column "
        "so they differ.",
        CXDataWarning,
        stacklevel=3,
    )
    return days[~dup[days.index.to_numpy()]]  # days' index is the rows' positions (order_days)


def _warn_no_purchase(customers: Any, customer: str) -> None:
    import warnings

    from cxkit.errors import CXDataWarning

    if len(customers):
        warnings.warn(
            f"rfm_summary: {len(customers)} customer(s) have only refunds or zero-value orders and no "
            f"purchase, so they are not in the summary (first: {customer} {customers[0]!r}).",
            CXDataWarning,
            stacklevel=3,
        )


#: A last transaction further than this after the one before it, and further than the whole span of
#: the others, is taken for a typo (2042 for 2024) rather than the end of the observation.
_FAR = 365


def _last_day(transactions: pd.DataFrame, days: pd.DataFrame, customer: str, timestamp: str) -> Any:
    """Return the default observation end, the last purchase day; an error if it is far after the rest."""
    import pandas as pd

    distinct = np.sort(days["day"].unique())
    last = pd.Timestamp(distinct[-1]) if len(distinct) else None
    if last is None:
        raise CXDataError(
            "no purchase", dataset="transactions", column=timestamp, expected="at least one purchase"
        )
    gap = (last - pd.Timestamp(distinct[-2])).days if len(distinct) > 1 else 0
    span = (pd.Timestamp(distinct[-2]) - pd.Timestamp(distinct[0])).days if len(distinct) > 1 else 0
    if gap > _FAR and gap > span:
        i = int(np.flatnonzero((days["day"] == last).to_numpy())[0])
        pos = int(days.index[i])  # days' index is the rows' positions (order_days)
        raise CXDataError(
            f"the last transaction is {gap} days after the one before it (the rest span {span} days), so "
            "every customer's T would count to it",
            dataset="transactions",
            column=timestamp,
            row=f"{pos} (index {transactions.index[pos]!r}, {customer} {days[customer].iloc[i]!r})",
            value=str(transactions[timestamp].iloc[pos]),
            expected="a date near the others (a typo?), or observation_end=... to say where the "
            "observation ends (later transactions are then left out, with a warning)",
        )
    return last


def _warn_after(transactions: pd.DataFrame, days: pd.DataFrame, end: Any, timestamp: str) -> None:
    import warnings

    from cxkit.errors import CXDataWarning

    after = (days["day"] > end).to_numpy()
    if after.any():
        pos = int(days.index[int(np.argmax(after))])  # days' index is the rows' positions (order_days)
        warnings.warn(
            f"rfm_summary: {int(after.sum())} transaction(s) dated after observation_end "
            f"({end.date()}) are left out (first: row {pos}, index {transactions.index[pos]!r}, "
            f"{timestamp} {transactions[timestamp].iloc[pos]!s}).",
            CXDataWarning,
            stacklevel=3,
        )
