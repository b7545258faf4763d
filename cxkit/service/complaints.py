r"""Complaints and service recovery: which tickets are complaints, and how they were handled."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cxkit.errors import CXConfigError
from cxkit.service._tickets import _by_list, _flag, _frame
from cxkit.service.timings import first_response_time, resolution_time
from cxkit.stats.checks import check_confidence

if TYPE_CHECKING:  # pragma: no cover
    from cxkit.service.calendar import BusinessCalendar

__all__ = ["COMPLAINT_RULE", "ComplaintRule", "is_complaint", "service_recovery"]


@dataclass(frozen=True)
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
    by: Any = None,
    *,
    rule: ComplaintRule = COMPLAINT_RULE,
    unit: str = "hours",
    calendar: BusinessCalendar | None = None,
    confidence: float = 0.95,
) -> Any:
    r"""Compare complaints with other tickets: how fast they were handled and how satisfied afterwards.

    Tickets are split by :func:`is_complaint` (and ``by``); for each part: how many, how fast they
    were acknowledged (first response: median and 90th percentile, never answered counted), how
    fast resolved (median, still open counted), and post-ticket CSAT (percent answering 4 or 5 of
    5, with the Wilson interval of :func:`cxkit.metrics.breakdown`; blank scores counted in
    ``csat_blank``).

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

    Returns
    -------
    DataFrame
        Indexed by ``complaint`` (True/False) and the ``by`` columns; columns ``n``,
        ``ack_median``, ``ack_p90``, ``n_no_response``, ``resolve_median``, ``resolve_p90``,
        ``n_open``, ``csat``, ``csat_low``, ``csat_high``, ``csat_n``, ``csat_blank``, ``unit``.

    Examples
    --------
    >>> from cxkit.data import load
    >>> sr = service_recovery(load("tickets"))
    >>> bool(sr.loc[True, "csat"] < sr.loc[False, "csat"])
    True
    """
    from cxkit.metrics import breakdown

    confidence = check_confidence(confidence)
    df = _frame(tickets)
    cols = _by_list(df, by)
    work = df.copy()
    work["complaint"] = is_complaint(df, rule=rule)
    keys = ["complaint", *cols]
    ack = first_response_time(work, keys, unit=unit, calendar=calendar)
    res = resolution_time(work, keys, unit=unit, calendar=calendar)
    sat = breakdown(work, "csat", keys, confidence=confidence, min_n=0)
    out = ack[["n"]].copy()
    out["ack_median"] = ack["median"]
    out["ack_p90"] = ack["p90"]
    out["n_no_response"] = ack["n_no_response"]
    out["resolve_median"] = res["median"]
    out["resolve_p90"] = res["p90"]
    out["n_open"] = res["n_open"]
    sat = sat.reindex(out.index)
    out["csat"] = sat["value"]
    out["csat_low"] = sat["low"]
    out["csat_high"] = sat["high"]
    out["csat_n"] = sat["n"].fillna(0).astype(int)
    out["csat_blank"] = sat["n_blank"].fillna(0).astype(int)
    out["unit"] = unit
    return out
