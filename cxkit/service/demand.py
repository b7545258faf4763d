r"""Demand on the service: failure demand (Seddon 2003) and the contact rate.

**Failure demand** is "demand caused by a failure to do something or do something right for the
customer" (Seddon 2003): the call asking where the parcel is, the second call because the first
answer did not hold. **Value demand** is what the service exists for (a question before buying, a
change of address). Which tickets are failure demand is a rule the analyst states, like the
complaint rule: :data:`FAILURE_RULE` counts the categories that report something the company got
wrong (delivery, returns, billing, technical) and every reopened ticket. The **contact rate** is
the number of contacts per 100 orders: a service that needs fewer contacts per order is easier to
deal with (Price & Jaffe 2008).

References
----------
Seddon, J. (2003). *Freedom from Command and Control: A Better Way to Make the Work Work*.
Buckingham: Vanguard Education.
Price, B. & Jaffe, D. (2008). *The Best Service is No Service*. San Francisco: Jossey-Bass.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cxkit.errors import CXConfigError
from cxkit.service._tickets import _by_list, _flag, _frame, _rates
from cxkit.stats.rates import check_rate_options

__all__ = ["FAILURE_RULE", "FailureRule", "contact_rate", "failure_demand"]


@dataclass(frozen=True, kw_only=True)
class FailureRule:
    """Which tickets count as failure demand: their category, or having been reopened.

    Parameters
    ----------
    categories : tuple of str
        Ticket categories that report a failure of the company.
    reopened : bool, default True
        Whether a reopened ticket counts (the first answer did not solve the problem).
    why : str
        The reason for the rule, shown to learners.
    """

    categories: tuple[str, ...]
    reopened: bool = True
    why: str = ""


#: The course's rule: delivery, returns, billing and technical tickets, and every reopened ticket.
FAILURE_RULE = FailureRule(
    categories=("delivery", "returns", "billing", "technical"),
    reopened=True,
    why=(
        "A ticket about a parcel, a return, an invoice or a technical fault reports something the "
        "company did not do, or did not do right; a reopened ticket means the first answer failed. "
        "Product and account questions are counted as value demand, though some of them are failures "
        "too (a confusing product page): change the rule and rerun to see how much it matters."
    ),
)


def failure_demand(
    tickets: Any,
    *,
    by: Any = None,
    category: str = "category",
    reopened: str = "reopened",
    rule: FailureRule = FAILURE_RULE,
    confidence: float = 0.95,
    method: str = "wilson",
    min_n: int = 30,
) -> Any:
    r"""Failure demand: the share of tickets caused by a failure of the company, with its interval.

    :math:`100\,f_g/n_g`, with :math:`f_g` the tickets of group :math:`g` whose category is in
    ``rule.categories`` or (when ``rule.reopened``) that were reopened, and :math:`n_g` all its
    tickets (Seddon 2003).

    Parameters
    ----------
    tickets : DataFrame
    by : str or list of str, optional
        Column(s) to group by; default one row, ``"all"``.
    category, reopened : str
        The ticket's category, and a True/False column for a reopened ticket.
    rule : FailureRule, default :data:`FAILURE_RULE`
    confidence, method, min_n
        As :func:`cxkit.stats.rate_table`.

    Returns
    -------
    DataFrame
        The rate table (:data:`cxkit.stats.RATE_COLUMNS`), ``count`` = failure-demand tickets.

    Raises
    ------
    CXDataError
        A missing column, or a reopened value other than True/False (naming the ticket).
    CXConfigError
        A rule with no category and no reopened tickets, or bad ``confidence``, ``method``, ``min_n``.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"category": ["delivery", "product", "product", "account"],
    ...                   "reopened": [False, True, False, False]})
    >>> failure_demand(t)[["n", "count", "value"]]  # doctest: +NORMALIZE_WHITESPACE
         n  count  value
    all  4      2   50.0
    """
    check_rate_options(confidence=confidence, method=method, min_n=min_n)
    if not isinstance(rule, FailureRule) or (not rule.categories and not rule.reopened):
        raise CXConfigError(
            "rule must be a FailureRule naming at least one category or counting reopened tickets, "
            f"e.g. FailureRule(categories=('delivery',)); got {rule!r}."
        )
    df = _frame(tickets)
    cols = _by_list(df, by)
    _by_list(df, category)
    hits = df[category].astype(str).isin([str(c) for c in rule.categories])
    if rule.reopened:
        hits = hits | _flag(df, reopened)
    return _rates(hits, df, cols, confidence=confidence, method=method, min_n=min_n)


def contact_rate(tickets: Any, orders: Any, *, by: str | None = None) -> Any:
    r"""Contacts per 100 orders, overall or per group of customers.

    :math:`100\,T_g/O_g`, with :math:`T_g` the tickets and :math:`O_g` the orders of the customers
    of group :math:`g` over the same period (Price & Jaffe 2008 call the contacts per order the
    measure a service should drive down). With ``by``, the column must be in both tables (e.g. a
    segment added to each).

    Parameters
    ----------
    tickets, orders : DataFrame
        One row per ticket and one per order, over the same period.
    by : str, optional
        A column of both tables to group by; default one row, ``"all"``.

    Returns
    -------
    DataFrame
        ``tickets``, ``orders`` and ``per_100_orders`` per group.

    Raises
    ------
    CXDataError
        A missing column in either table.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"customer_id": ["a", "b", "b"], "segment": ["B2C", "B2B", "B2B"]})
    >>> o = pd.DataFrame({"customer_id": ["a", "a", "b", "c"], "segment": ["B2C", "B2C", "B2B", "B2C"]})
    >>> contact_rate(t, o, by="segment").round(1)  # doctest: +NORMALIZE_WHITESPACE
             tickets  orders  per_100_orders
    segment
    B2B            2       1           200.0
    B2C            1       3            33.3
    """
    import pandas as pd

    from cxkit._checks import require_columns

    require_columns(tickets, [by] if by else [], "ticket table")
    require_columns(orders, [by] if by else [], "order table")
    if by:
        t = tickets.groupby(by, observed=True).size()
        o = orders.groupby(by, observed=True).size()
    else:
        t = pd.Series([len(tickets)], index=pd.Index(["all"]))
        o = pd.Series([len(orders)], index=pd.Index(["all"]))
    out = pd.DataFrame({"tickets": t, "orders": o}).fillna(0).astype("int64")
    out["per_100_orders"] = 100 * out["tickets"] / out["orders"].where(out["orders"] > 0)
    return out
