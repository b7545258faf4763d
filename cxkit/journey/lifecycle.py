r"""The customer lifecycle: every recorded contact of every customer, in one table.

Customer experience is the sum of everything a customer meets, not one survey or one journey. The
course data keep those contacts in four tables; this module puts them together:

* :func:`lifecycle_contacts`: one row per contact with its touchpoint, stage and channel, from the
  event log and (optionally) the orders, support tickets and survey invitations;
* :func:`customer_reach`: per customer, how many contacts, distinct touchpoints, channels and
  stages they met over their whole lifecycle;
* :func:`lifecycle_volume`: per touchpoint, in its stage, how many contacts and customers it had
  (what :func:`cxkit.journey.draw_lifecycle` draws);
* :func:`good_then_poor`: the customers who gave a good score at one touchpoint and a poor one at a
  later touchpoint (a good experience, but not a good experience journey).

>>> import pandas as pd
>>> catalogue = pd.DataFrame({"touchpoint": ["website", "checkout", "support_chat"],
...     "stage": ["consideration", "purchase", "post_purchase"], "channel": ["web", "web", "chat"]})
>>> events = pd.DataFrame({"customer_id": ["C1", "C1", None],
...     "timestamp": pd.to_datetime(["2024-01-01", "2024-01-02", "2024-01-03"]),
...     "touchpoint": ["website", "checkout", "website"]})
>>> tickets = pd.DataFrame({"customer_id": ["C1"], "channel": ["chat"],
...     "opened_at": pd.to_datetime(["2024-01-09"])})
>>> contacts = lifecycle_contacts(events, catalogue, tickets=tickets)
>>> contacts[["customer_id", "touchpoint", "source"]]  # doctest: +NORMALIZE_WHITESPACE
  customer_id    touchpoint  source
0          C1       website   events
1          C1      checkout   events
2         NaN       website   events
3          C1  support_chat  tickets
>>> customer_reach(contacts).loc["C1", ["contacts", "touchpoints", "channels", "stages"]].tolist()
[3, 3, 2, 3]
"""

from __future__ import annotations

from typing import Any

from cxkit._checks import require_columns
from cxkit.errors import CXDataError

__all__ = [
    "CONTACT_COLUMNS",
    "ORDER_TOUCHPOINTS",
    "customer_reach",
    "good_then_poor",
    "lifecycle_contacts",
    "lifecycle_volume",
]

#: The columns of :func:`lifecycle_contacts`' table, in order.
CONTACT_COLUMNS: tuple[str, ...] = ("customer_id", "timestamp", "touchpoint", "stage", "channel", "source")

#: An order's channel -> the touchpoint where it was paid (a delivered order also meets ``delivery``).
ORDER_TOUCHPOINTS: dict[str, str] = {
    "web": "checkout",
    "app": "app_checkout",
    "store": "store_till",
    "phone": "phone_order",
}

_STAGE_ORDER = ("awareness", "consideration", "decision", "purchase", "post_purchase")


def _part(df: Any, name: str, customer: str, when: str, touchpoints: Any) -> Any:
    import pandas as pd

    from cxkit.data.parse import read_dates

    require_columns(df, [customer, when], name)
    return pd.DataFrame(
        {
            "customer_id": df[customer].astype(object).where(df[customer].notna(), None).to_numpy(),
            "timestamp": read_dates(df[when], dataset=name, column=when).to_numpy(),
            "touchpoint": pd.Series(touchpoints).astype(object).to_numpy(),
            "source": name,
        }
    )


def lifecycle_contacts(
    events: Any,
    touchpoints: Any,
    *,
    orders: Any = None,
    tickets: Any = None,
    surveys: Any = None,
    customer: str = "customer_id",
    timestamp: str = "timestamp",
) -> Any:
    """Put every recorded contact between customers and the company into one table.

    Each source gives contacts as follows (the rules are the course's reading of the data, stated
    here so a learner can check them):

    * ``events``: one contact per event, at its touchpoint (prospects' events keep a blank
      customer);
    * ``orders``: the order's payment touchpoint (:data:`ORDER_TOUCHPOINTS`, by ``channel``) at its
      ``timestamp``, and a ``delivery`` contact on ``delivered_date`` when the parcel arrived;
    * ``tickets``: ``support_<channel>`` at ``opened_at``;
    * ``surveys``: the invitation's ``touchpoint`` at ``sent_at`` (the survey asks about a contact
      the customer had there).

    A tracked journey's checkout is also an order, so a customer's purchase may appear twice (once
    from ``events``, once from ``orders``): count *distinct* touchpoints per customer
    (:func:`customer_reach`), or use one source at a time for volumes.

    Parameters
    ----------
    events : pandas.DataFrame
        The event log, with the customer, timestamp and ``touchpoint`` columns.
    touchpoints : pandas.DataFrame
        The touchpoint catalogue (``touchpoint``, ``stage``, ``channel``): gives each contact its
        stage and channel.
    orders, tickets, surveys : pandas.DataFrame, optional
        The course tables of the same names, added when given.
    customer : str, default "customer_id"
        The customer column of every table.
    timestamp : str, default "timestamp"
        The time column of ``events`` and ``orders``.

    Returns
    -------
    pandas.DataFrame
        One row per contact, columns :data:`CONTACT_COLUMNS` (``source`` names the table), sorted by
        source (events, orders, tickets, surveys) then by the source's row order; a fresh
        ``RangeIndex``.

    Raises
    ------
    CXDataError
        If a column is missing, or a contact's touchpoint is not in the catalogue (naming the
        source table, the row and the value).

    Examples
    --------
    >>> import pandas as pd
    >>> catalogue = pd.DataFrame({"touchpoint": ["checkout", "delivery"],
    ...     "stage": ["purchase", "post_purchase"], "channel": ["web", "web"]})
    >>> events = pd.DataFrame(columns=["customer_id", "timestamp", "touchpoint"])
    >>> orders = pd.DataFrame({"customer_id": ["C1"], "channel": ["web"],
    ...     "timestamp": pd.to_datetime(["2024-05-01 10:00"]),
    ...     "delivered_date": pd.to_datetime(["2024-05-03"])})
    >>> lifecycle_contacts(events, catalogue, orders=orders)[["touchpoint", "stage", "source"]]
      touchpoint          stage  source
    0   checkout       purchase  orders
    1   delivery  post_purchase  orders
    """
    import pandas as pd

    require_columns(touchpoints, ["touchpoint", "stage", "channel"], "touchpoint catalogue")
    require_columns(events, ["touchpoint"], "event log")
    parts = [_part(events, "events", customer, timestamp, events["touchpoint"])]
    if orders is not None:
        require_columns(orders, ["channel", "delivered_date"], "orders table")
        channel = orders["channel"].astype(str)
        unknown = ~channel.isin(list(ORDER_TOUCHPOINTS))
        if unknown.any():
            row = unknown.to_numpy().argmax()
            raise CXDataError(
                "an order channel with no payment touchpoint",
                dataset="orders",
                column="channel",
                row=orders.index[row],
                value=channel.iloc[row],
                expected="one of " + ", ".join(ORDER_TOUCHPOINTS),
            )
        parts.append(_part(orders, "orders", customer, timestamp, channel.map(ORDER_TOUCHPOINTS)))
        delivered = orders[orders["delivered_date"].notna()]
        parts.append(_part(delivered, "orders", customer, "delivered_date", ["delivery"] * len(delivered)))
    if tickets is not None:
        require_columns(tickets, ["channel"], "tickets table")
        parts.append(
            _part(tickets, "tickets", customer, "opened_at", "support_" + tickets["channel"].astype(str))
        )
    if surveys is not None:
        require_columns(surveys, ["touchpoint"], "surveys table")
        parts.append(_part(surveys, "surveys", customer, "sent_at", surveys["touchpoint"]))
    contacts = pd.concat(parts, ignore_index=True)
    catalogue = touchpoints.assign(touchpoint=touchpoints["touchpoint"].astype(str)).set_index("touchpoint")
    names = contacts["touchpoint"].astype(str)
    missing = ~names.isin(catalogue.index)
    if missing.any():
        row = int(missing.to_numpy().argmax())
        raise CXDataError(
            "a contact's touchpoint is not in the touchpoint catalogue",
            dataset=str(contacts["source"].iloc[row]),
            column="touchpoint",
            row=row,
            value=names.iloc[row],
            expected="a touchpoint of the catalogue: " + ", ".join(catalogue.index),
        )
    contacts["touchpoint"] = names.to_numpy()
    contacts["stage"] = names.map(catalogue["stage"].astype(str)).to_numpy()
    contacts["channel"] = names.map(catalogue["channel"].astype(str)).to_numpy()
    return contacts[list(CONTACT_COLUMNS)]


def customer_reach(contacts: Any, *, customer: str = "customer_id") -> Any:
    """Count, per customer, the contacts and the distinct touchpoints, channels and stages met.

    Parameters
    ----------
    contacts : pandas.DataFrame
        :func:`lifecycle_contacts`' table (or any table with the customer, ``touchpoint``,
        ``channel``, ``stage`` and ``timestamp`` columns). Rows with a blank customer (prospects)
        are not a customer's: they are left out.
    customer : str, default "customer_id"

    Returns
    -------
    pandas.DataFrame
        Indexed by customer (sorted), columns ``contacts``, ``touchpoints``, ``channels``,
        ``stages`` (counts of distinct values), ``first`` and ``last`` (timestamps) and ``days``
        (whole days from the first to the last contact).

    Raises
    ------
    CXDataError
        If a column is missing.

    Examples
    --------
    >>> import pandas as pd
    >>> contacts = pd.DataFrame({"customer_id": ["C1", "C1", "C2"],
    ...     "touchpoint": ["website", "website", "store_till"], "channel": ["web", "web", "store"],
    ...     "stage": ["consideration"] * 2 + ["purchase"],
    ...     "timestamp": pd.to_datetime(["2024-01-01", "2024-01-11", "2024-02-01"])})
    >>> customer_reach(contacts)[["contacts", "touchpoints", "days"]]  # doctest: +NORMALIZE_WHITESPACE
                 contacts  touchpoints  days
    customer_id
    C1                  2            1    10
    C2                  1            1     0
    """
    require_columns(contacts, [customer, "touchpoint", "channel", "stage", "timestamp"], "contacts table")
    known = contacts[contacts[customer].notna()]
    g = known.groupby(known[customer].astype(str), sort=True)
    reach = g.agg(
        contacts=("touchpoint", "size"),
        touchpoints=("touchpoint", "nunique"),
        channels=("channel", "nunique"),
        stages=("stage", "nunique"),
        first=("timestamp", "min"),
        last=("timestamp", "max"),
    )
    reach["days"] = (reach["last"] - reach["first"]).dt.days.astype("int64")
    reach.index.name = customer
    return reach


def lifecycle_volume(contacts: Any, *, customer: str = "customer_id") -> Any:
    """Count, per touchpoint, the contacts and the distinct customers, in stage order.

    Parameters
    ----------
    contacts : pandas.DataFrame
        :func:`lifecycle_contacts`' table (or one with ``stage``, ``touchpoint``, ``channel`` and
        the customer column).
    customer : str, default "customer_id"

    Returns
    -------
    pandas.DataFrame
        One row per touchpoint, columns ``stage``, ``touchpoint``, ``channel``, ``contacts`` and
        ``customers`` (distinct known customers), ordered by stage (the five course stages first,
        in journey order, then any other stage in order of appearance) and, within a stage, by
        contacts (most first; ties by name).

    Raises
    ------
    CXDataError
        If a column is missing or the table is empty.

    Examples
    --------
    >>> import pandas as pd
    >>> contacts = pd.DataFrame({"customer_id": ["C1", "C2", None, "C1"],
    ...     "touchpoint": ["checkout", "checkout", "website", "website"],
    ...     "channel": ["web"] * 4, "stage": ["purchase", "purchase", "consideration", "consideration"]})
    >>> lifecycle_volume(contacts)  # doctest: +NORMALIZE_WHITESPACE
               stage touchpoint channel  contacts  customers
    0  consideration    website     web         2          1
    1       purchase   checkout     web         2          2
    """
    require_columns(contacts, [customer, "touchpoint", "channel", "stage"], "contacts table")
    if len(contacts) == 0:
        raise CXDataError("the contacts table is empty", expected="at least one contact")
    keys = contacts[["stage", "touchpoint", "channel"]].astype(str)
    grouped = keys.assign(_c=contacts[customer].to_numpy()).groupby(
        ["stage", "touchpoint", "channel"], sort=False
    )
    volume = grouped.agg(contacts=("_c", "size"), customers=("_c", "nunique")).reset_index()
    seen = list(dict.fromkeys(keys["stage"]))
    order = [s for s in _STAGE_ORDER if s in seen] + [s for s in seen if s not in _STAGE_ORDER]
    volume["_rank"] = volume["stage"].map({s: i for i, s in enumerate(order)})
    volume = volume.sort_values(
        ["_rank", "contacts", "touchpoint"], ascending=[True, False, True], kind="stable"
    )
    volume[["contacts", "customers"]] = volume[["contacts", "customers"]].astype("int64")
    return volume.drop(columns="_rank").reset_index(drop=True)


def good_then_poor(
    surveys: Any,
    *,
    score: str = "nps",
    good_min: float = 9,
    poor_max: float = 6,
    customer: str = "customer_id",
    answered_at: str = "response_date",
) -> Any:
    """Find the customers who scored one touchpoint well and a later touchpoint poorly.

    For each customer, the first answer with ``score >= good_min`` is their good moment; among
    their answers strictly after it, the lowest ``score <= poor_max`` (the earliest if several
    tie) is the poor one that followed. With the defaults (NPS, promoter 9-10, detractor 0-6) these
    are the customers who were promoters at one moment and detractors later.

    Parameters
    ----------
    surveys : pandas.DataFrame
        One row per answer, with the customer, ``touchpoint``, score and time columns; unanswered
        rows (blank score or time) are ignored.
    score : str, default "nps"
    good_min : float, default 9
        The lowest score that counts as a good experience (9: an NPS promoter).
    poor_max : float, default 6
        The highest score that counts as a poor one (6: an NPS detractor).
    customer : str, default "customer_id"
    answered_at : str, default "response_date"
        The column of the time each survey was answered.

    Returns
    -------
    pandas.DataFrame
        One row per such customer (sorted by customer), columns ``customer_id``,
        ``good_touchpoint``, ``good_score``, ``good_at``, ``poor_touchpoint``, ``poor_score``,
        ``poor_at`` and ``answers`` (the customer's answered surveys).

    Raises
    ------
    CXDataError
        If a column is missing, or ``poor_max`` is not below ``good_min``.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"customer_id": ["C1", "C1", "C2", "C2"],
    ...     "touchpoint": ["checkout", "delivery", "delivery", "checkout"], "nps": [10, 3, 2, 9],
    ...     "response_date": pd.to_datetime(["2024-01-01", "2024-01-05", "2024-01-01", "2024-01-05"])})
    >>> good_then_poor(s)[["customer_id", "good_touchpoint", "poor_touchpoint", "poor_score"]]
      customer_id good_touchpoint poor_touchpoint  poor_score
    0          C1        checkout        delivery           3
    """
    import pandas as pd

    require_columns(surveys, [customer, "touchpoint", score, answered_at], "surveys table")
    if not poor_max < good_min:
        raise CXDataError(
            "poor_max must be below good_min",
            value=f"good_min={good_min}, poor_max={poor_max}",
            expected="e.g. good_min=9 and poor_max=6 for NPS promoters and detractors",
        )
    s = surveys[surveys[score].notna() & surveys[answered_at].notna()]
    s = s[[customer, "touchpoint", score, answered_at]].copy()
    s[customer] = s[customer].astype(str)
    s["touchpoint"] = s["touchpoint"].astype(str)
    s = s.sort_values([customer, answered_at], kind="stable")
    answers = s.groupby(customer).size().rename("answers")
    good = s[s[score] >= good_min].groupby(customer, sort=True).head(1)
    good = good.rename(columns={"touchpoint": "good_touchpoint", score: "good_score", answered_at: "good_at"})
    later = s.merge(good[[customer, "good_at"]], on=customer)
    later = later[(later[answered_at] > later["good_at"]) & (later[score] <= poor_max)]
    poor = later.sort_values([customer, score, answered_at], kind="stable").groupby(customer).head(1)
    poor = poor.rename(columns={"touchpoint": "poor_touchpoint", score: "poor_score", answered_at: "poor_at"})
    out = good.merge(poor[[customer, "poor_touchpoint", "poor_score", "poor_at"]], on=customer)
    out = out.merge(answers, left_on=customer, right_index=True)
    out = out.rename(columns={customer: "customer_id"}) if customer != "customer_id" else out
    columns = ["customer_id", "good_touchpoint", "good_score", "good_at", "poor_touchpoint", "poor_score"]
    result = out[[*columns, "poor_at", "answers"]].sort_values("customer_id").reset_index(drop=True)
    for c in ("good_score", "poor_score"):
        if pd.api.types.is_float_dtype(result[c]) and (result[c] % 1 == 0).all():
            result[c] = result[c].astype("int64")
    return result
