"""Days with an order, per customer: the checked input of the cohort tables, repeat rates and RFM."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from cxkit.errors import CXDataError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["order_days"]


def order_days(orders: Any, customer: str, timestamp: str, end: Any) -> pd.DataFrame:
    """Return one row per (customer, day with an order), after checking the columns."""
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
    ts = orders[timestamp]
    if not pd.api.types.is_datetime64_any_dtype(ts):
        parsed = pd.to_datetime(ts, errors="coerce")
        bad = parsed.isna().to_numpy()
        if bad.any():  # pandas infers one format from the first value; allow a mix of formats
            parsed = pd.to_datetime(ts, errors="coerce", format="mixed")
            bad = parsed.isna().to_numpy()
        if bad.any():
            pos = int(np.argmax(bad))
            raise CXDataError(
                "not a date",
                dataset="orders",
                column=timestamp,
                row=orders.index[pos],
                value=ts.iloc[pos],
                expected="a date such as 2024-03-05",
            )
        ts = parsed
    elif ts.isna().any():
        pos = int(np.argmax(ts.isna().to_numpy()))
        raise CXDataError(
            "blank date",
            dataset="orders",
            column=timestamp,
            row=orders.index[pos],
            expected="a date on every order",
        )
    days = pd.DataFrame({customer: orders[customer].to_numpy(), "day": ts.dt.normalize().to_numpy()})
    if end is not None:
        days = days[days["day"] <= pd.Timestamp(end)]
    if days.empty:
        raise CXDataError(
            "no orders",
            dataset="orders",
            column=timestamp,
            expected="at least one order" + ("" if end is None else f" on or before {end}"),
        )
    return days
