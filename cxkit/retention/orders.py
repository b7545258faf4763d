"""Days with an order, per customer: the checked input of the cohort tables, repeat rates and RFM."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from cxkit.data.parse import read_date, read_dates
from cxkit.errors import CXDataError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["days_of", "order_days", "order_times"]


def order_times(
    orders: Any, timestamp: str, *, date_format: str | None = None, dayfirst: bool | None = None
) -> pd.Series:
    """Return the orders' times as datetimes: text read one way for the whole column (never row by row)."""
    return read_dates(
        orders[timestamp],
        date_format=date_format,
        dayfirst=dayfirst,
        dataset="orders",
        column=timestamp,
        row=lambda pos: orders.index[pos] if orders.index[pos] == pos else f"{pos} ({orders.index[pos]!r})",
    )


def days_of(times: pd.Series) -> np.ndarray:
    """Return the calendar day of each time (its local, wall-clock day when it has a zone)."""
    if getattr(times.dt, "tz", None) is not None:
        times = times.dt.tz_localize(None)
    return times.dt.normalize().to_numpy()


def order_days(
    orders: Any,
    customer: str,
    timestamp: str,
    end: Any,
    *,
    date_format: str | None = None,
    dayfirst: bool | None = None,
) -> pd.DataFrame:
    """Return one row per (customer, day with an order), after checking the columns.

    Text dates are read by :func:`cxkit.data.parse.read_dates` (one way for the whole column,
    ``date_format``/``dayfirst`` when the column does not say; ``end`` is read the same way).
    """
    import pandas as pd

    if not isinstance(orders, pd.DataFrame):
        raise CXDataError(
            "orders must be a table", value=type(orders).__name__, expected="a pandas DataFrame"
        )
    for col in (customer, timestamp):
        if col not in orders.columns:
            raise CXDataError(
                "missing column",
                dataset="orders",
                column=col,
                expected=f"one of the columns {', '.join(map(repr, orders.columns))} "
                f"named with {'customer' if col == customer else 'timestamp'}=",
            )
    if orders[customer].isna().any():
        pos = int(np.argmax(orders[customer].isna().to_numpy()))
        raise CXDataError(
            "blank customer",
            dataset="orders",
            column=customer,
            row=orders.index[pos],
            expected="a customer id on every order",
        )
    ts = order_times(orders, timestamp, date_format=date_format, dayfirst=dayfirst)
    if ts.isna().any():
        pos = int(np.argmax(ts.isna().to_numpy()))
        raise CXDataError(
            "blank date",
            dataset="orders",
            column=timestamp,
            row=orders.index[pos],
            expected="a date on every order",
        )
    days = pd.DataFrame({customer: orders[customer].to_numpy(), "day": days_of(ts)})
    end = read_date(end, "end", date_format=date_format, dayfirst=dayfirst)
    if end is not None:
        days = days[days["day"] <= end]
    if days.empty:
        raise CXDataError(
            "no orders",
            dataset="orders",
            column=timestamp,
            expected="at least one order" + ("" if end is None else f" on or before {end}"),
        )
    return days
