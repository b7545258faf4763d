r"""Proactive service in numbers: how many contacts a notice sent ahead of time would pre-empt.

A parcel that misses its promised date sends customers to support ("where is my order?"). If the
company told them first (a message on the promised day, or as soon as the carrier reports a delay),
many of those contacts would not happen. :func:`proactive_notice` links each support ticket about
the topic to the customer's late order and counts them.

>>> import pandas as pd
>>> orders = pd.DataFrame({"order_id": ["O1", "O2"], "customer_id": ["C1", "C2"],
...     "promised_date": pd.to_datetime(["2025-03-01", "2025-03-01"]),
...     "delivered_date": pd.to_datetime(["2025-03-04", "2025-03-01"])})
>>> tickets = pd.DataFrame({"ticket_id": ["T1"], "customer_id": ["C1"], "category": ["delivery"],
...     "opened_at": pd.to_datetime(["2025-03-02 10:00"])})
>>> proactive_notice(orders, tickets).loc["all", ["n", "count", "contacts_preempted"]].tolist()
[1, 1, 1]
"""

from __future__ import annotations

from typing import Any

import numpy as np

from cxkit.errors import CXDataError
from cxkit.stats.checks import check_whole
from cxkit.stats.rates import check_rate_options, rate_table

__all__ = ["proactive_notice"]


def proactive_notice(
    orders: Any,
    tickets: Any,
    *,
    category: str = "delivery",
    window_days: int = 3,
    confidence: float = 0.95,
    method: str = "wilson",
    min_n: int = 30,
) -> Any:
    r"""Count the support contacts that a notice about a late parcel, sent in time, would pre-empt.

    An order is **late** when it was delivered after its promised date, or not delivered at all and
    promised before the last day of the data (``as_of``: the last order's date). A ticket of
    ``category`` is **linked** to the customer's most recent late order whose promised date is on
    or before the day the ticket was opened, when it was opened no later than ``window_days`` after
    the delivery (for a parcel never delivered: any time up to ``as_of``). Those tickets are the
    contacts a notice sent by the promised date could have pre-empted: the customer would have
    known before asking. The share of late orders that led to a contact has an interval (Wilson's
    by default, ``cxkit.stats.intervals.proportion_wilson``), in the one rate table of
    :func:`cxkit.stats.rate_table`:

    .. math::

        \hat p = \frac{\text{late orders with a linked contact}}{\text{late orders}} .

    Parameters
    ----------
    orders : pandas.DataFrame
        ``cxkit.data.load("orders")``: ``order_id``, ``customer_id``, ``promised_date``,
        ``delivered_date`` (orders without a promised date, store purchases, are left out).
    tickets : pandas.DataFrame
        ``cxkit.data.load("tickets")``: ``ticket_id``, ``customer_id``, ``category``, ``opened_at``.
    category : str, default "delivery"
        The ticket category a late parcel causes.
    window_days : int, default 3
        How many days after the delivery a contact still counts as caused by the delay.
    confidence : float, default 0.95
        Level of the interval.
    method : str, default "wilson"
        Interval method for a proportion (:func:`cxkit.stats.methods_for` ``("proportion")``).
    min_n : int, default 30
        Fewer late orders than this flags the rate ``too_small``.

    Returns
    -------
    pandas.DataFrame
        One row, ``all``. First the rate table of the contact rate (late orders contacted / late
        orders; :data:`cxkit.stats.RATE_COLUMNS`): ``value`` (percent), ``n`` (late orders),
        ``low``, ``high``, ``moe``, ``too_small``, ``method``, ``confidence``, ``count`` (late
        orders with a linked contact); then ``orders_with_promise``, ``late_share`` (late orders
        / orders with a promise, a fraction), ``category_contacts`` (tickets of the category),
        ``contacts_preempted`` (linked tickets) and ``preempted_share`` (of the category's
        contacts, a fraction).

    Raises
    ------
    CXDataError
        A missing column, dates that are not dates, no order with a promised date.
    CXConfigError
        A bad ``window_days`` or ``confidence``.

    Notes
    -----
    The count is an upper bound: some customers would still call after a notice (to change the
    address, to complain). A pilot measures the real share; this sizes the opportunity. Linking by
    customer and date is needed because the course's tickets do not carry the order id.

    References
    ----------
    Wilson, E. B. (1927). Probable inference, the law of succession, and statistical inference.
    *Journal of the American Statistical Association*, 22(158), 209-212.
    """
    import pandas as pd

    check_rate_options(confidence=confidence, method=method, min_n=min_n)
    window_days = check_whole(window_days, "window_days", 0, 365)
    _check_tables(orders, tickets)
    promised = orders[orders["promised_date"].notna()]
    if promised.empty:
        raise CXDataError(
            "no order with a promised date",
            dataset="orders",
            column="promised_date",
            expected="at least one online, app or phone order",
        )
    as_of = promised["promised_date"].max() if "timestamp" not in orders else orders["timestamp"].max()
    as_of = pd.Timestamp(as_of).normalize()
    delivered = promised["delivered_date"]
    late_mask = (delivered > promised["promised_date"]) | (
        delivered.isna() & (promised["promised_date"] < as_of)
    )
    late = promised[late_mask].copy()
    # a contact counts until window_days after the delivery; a parcel never delivered, to the data's end
    late["until"] = late["delivered_date"].fillna(as_of) + pd.Timedelta(days=window_days + 1)
    topic = tickets[tickets["category"].astype(str) == category]
    linked = _link(topic, late) if len(late) and len(topic) else pd.DataFrame()
    n_late = len(late)
    contacted = int(linked["order_id"].nunique()) if len(linked) else 0
    n_topic = len(topic)
    out = rate_table(
        [contacted], [n_late], index=pd.Index(["all"]), confidence=confidence, method=method, min_n=min_n
    )
    out["orders_with_promise"] = len(promised)
    out["late_share"] = n_late / len(promised)
    out["category_contacts"] = n_topic
    out["contacts_preempted"] = len(linked)
    out["preempted_share"] = len(linked) / n_topic if n_topic else np.nan
    return out


def _check_tables(orders: Any, tickets: Any) -> None:
    """Check the columns proactive_notice reads, and that its dates are dates."""
    import pandas as pd

    from cxkit._checks import require_columns

    require_columns(orders, ("order_id", "customer_id", "promised_date", "delivered_date"), "order table")
    require_columns(tickets, ("ticket_id", "customer_id", "category", "opened_at"), "ticket table")
    for df, col, name in (
        (orders, "promised_date", "orders"),
        (orders, "delivered_date", "orders"),
        (tickets, "opened_at", "tickets"),
    ):
        if not pd.api.types.is_datetime64_any_dtype(df[col]):
            raise CXDataError(
                "not a date column",
                dataset=name,
                column=col,
                value=str(df[col].dtype),
                expected="datetimes (load the table with cxkit.data.load)",
            )


def _link(topic: Any, late: Any) -> Any:
    """Link each ticket to its customer's latest late order promised by then, within its window."""
    import pandas as pd

    left = topic[["ticket_id", "customer_id", "opened_at"]].copy()
    left["customer_id"] = left["customer_id"].astype(str)
    right = late[["order_id", "customer_id", "promised_date", "until"]].copy()
    right["customer_id"] = right["customer_id"].astype(str)
    m = pd.merge_asof(
        left.sort_values("opened_at"),
        right.sort_values("promised_date"),
        left_on="opened_at",
        right_on="promised_date",
        by="customer_id",
        direction="backward",
    )
    return m[m["order_id"].notna() & (m["opened_at"] < m["until"])]
