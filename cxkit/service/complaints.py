r"""Complaints and service recovery: which tickets are complaints, and how they were handled."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cxkit.errors import CXConfigError
from cxkit.service._tickets import _by_list, _flag, _frame
from cxkit.service.timings import first_response_time, resolution_time
from cxkit.stats.rates import check_rate_options, interval_columns

if TYPE_CHECKING:  # pragma: no cover
    from cxkit.service.calendar import BusinessCalendar

__all__ = ["COMPLAINT_RULE", "ComplaintRule", "is_complaint", "service_recovery"]


@dataclass(frozen=True, kw_only=True)
class ComplaintRule:
    """Which tickets count as complaints, as data: a category in ``categories``, or reopened.

    The course's tickets carry no complaint flag and no text, so the rule is stated and can be
    changed: ``ComplaintRule(categories=("delivery", "billing"))``.
    """

    categories: tuple[str, ...] = ("delivery",)
    reopened: bool = True
    why: str = (
        "A delivery ticket is almost always about a parcel that came late or not at all (a broken "
        "promise), and a reopened ticket means the customer came back because the first answer did "
        "not solve the problem: both express dissatisfaction and expect a fix, which is what a "
        "complaint is. Billing, account, product, returns and technical contacts may be questions "
        "or requests; without their text we cannot tell, so the rule leaves them out and undercounts."
    )


#: The course's complaint rule (see :class:`ComplaintRule` for why).
COMPLAINT_RULE = ComplaintRule()


def is_complaint(
    tickets: Any,
    *,
    rule: ComplaintRule = COMPLAINT_RULE,
    category: str = "category",
    reopened: str = "reopened",
) -> Any:
    """Mark each ticket as a complaint (True) or not, by ``rule``: a boolean Series named ``complaint``.

    >>> import pandas as pd
    >>> t = pd.DataFrame({"category": ["delivery", "billing", "billing"], "reopened": [False, False, True]})
    >>> is_complaint(t).tolist()
    [True, False, True]
    """
    df = _frame(tickets)
    if not isinstance(rule, ComplaintRule):
        raise CXConfigError(f"rule must be a ComplaintRule; got {type(rule).__name__}.")
    _by_list(df, category)
    hit = df[category].astype("string").isin(list(rule.categories)).to_numpy(dtype=bool)
    if rule.reopened:
        hit = hit | _flag(df, reopened).to_numpy()
    import pandas as pd

    return pd.Series(hit, index=df.index, name="complaint")


def service_recovery(
    tickets: Any,
    *,
    by: Any = None,
    rule: ComplaintRule = COMPLAINT_RULE,
    unit: str = "hours",
    calendar: BusinessCalendar | None = None,
    confidence: float = 0.95,
    method: str = "wilson",
    min_n: int = 30,
) -> Any:
    r"""Compare complaints with other tickets: how fast they were handled and how satisfied afterwards.

    Tickets are split by :func:`is_complaint` (and ``by``); for each part: how many, how fast they
    were acknowledged (first response: median and 90th percentile, never answered counted), how
    fast resolved (median, still open counted), and post-ticket CSAT (percent answering 4 or 5 of
    5, with the interval of :func:`cxkit.metrics.breakdown`, Wilson's by default; blank scores
    counted in ``n_blank``). The table is a rate table of that CSAT, with the timings after it.

    Parameters
    ----------
    tickets : DataFrame
        Needs ``category``, ``reopened``, ``opened_at``, ``first_response_at``, ``resolved_at`` and
        ``csat`` (1-5, blank if not answered).
    by : str or list of str, optional
        Further grouping (e.g. ``"channel"``).
    rule : ComplaintRule, default COMPLAINT_RULE
    unit : {"minutes", "hours", "days"}, default "hours"
    calendar : BusinessCalendar, optional
    confidence : float, default 0.95
        Level of the CSAT interval.
    method : {"wilson", "wald"}, default "wilson"
        Interval method of the CSAT share (as in :func:`cxkit.metrics.csat`).
    min_n : int, default 30
        Groups with fewer CSAT answers are flagged ``too_small``.

    Returns
    -------
    DataFrame
        Indexed by ``complaint`` (True/False) and the ``by`` columns. First the rate table of the
        post-ticket CSAT (:data:`cxkit.stats.RATE_COLUMNS`): ``value`` (percent satisfied), ``n``
        (tickets with a CSAT answer), ``low``, ``high``, ``moe``, ``too_small``, ``method``,
        ``confidence``, ``count`` (satisfied answers); then ``n_blank`` (tickets without a CSAT
        answer), ``tickets``, ``ack_median``, ``ack_p90``, ``n_no_response``, ``resolve_median``,
        ``resolve_p90``, ``n_open`` and ``unit``.

    Examples
    --------
    >>> from cxkit.data import load
    >>> sr = service_recovery(load("tickets"))
    >>> bool(sr.loc[True, "value"] < sr.loc[False, "value"])
    True
    """
    import numpy as np
    import pandas as pd

    from cxkit.metrics import breakdown

    confidence, m, min_n = check_rate_options(confidence=confidence, method=method, min_n=min_n)
    df = _frame(tickets)
    cols = _by_list(df, by)
    work = df.copy()
    work["complaint"] = is_complaint(df, rule=rule)
    keys = ["complaint", *cols]
    ack = first_response_time(work, by=keys, unit=unit, calendar=calendar)
    res = resolution_time(work, by=keys, unit=unit, calendar=calendar)
    sat = breakdown(work, "csat", keys, confidence=confidence, method=m.name, min_n=min_n).reindex(ack.index)
    n = sat["n"].fillna(0).astype(np.int64)
    out = pd.DataFrame(
        interval_columns(
            sat["value"], n, sat["low"], sat["high"], method=m.name, confidence=confidence, min_n=min_n
        ),
        index=ack.index,
    )
    out["count"] = sat["satisfied"].fillna(0).astype(np.int64)
    out["n_blank"] = sat["n_blank"].fillna(0).astype(np.int64)
    out["tickets"] = ack["n"]
    out["ack_median"] = ack["median"]
    out["ack_p90"] = ack["p90"]
    out["n_no_response"] = ack["n_no_response"]
    out["resolve_median"] = res["median"]
    out["resolve_p90"] = res["p90"]
    out["n_open"] = res["n_open"]
    out["unit"] = unit
    return out
