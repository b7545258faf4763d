"""Survey scores linked to the last tracked touchpoint each customer met before answering."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from cxkit.errors import CXConfigError, CXDataError, CXDataWarning
from cxkit.journey._eventlog import _NS, _check_log, _nanoseconds

__all__ = ["link_scores"]


def _instants(df: pd.DataFrame, column: str, dataset: str) -> tuple[np.ndarray, bool]:
    """Return int64 nanoseconds (UTC if zoned) of a column without blanks, and whether it had a zone."""
    raw = df[column]
    zoned = isinstance(raw.dtype, pd.DatetimeTZDtype)
    if not zoned and not pd.api.types.is_datetime64_dtype(raw.dtype):
        parsed = _nanoseconds(df, column)  # raises with the row for text that cannot be read
        return parsed, False
    try:
        return _nanoseconds(df, column), zoned
    except CXDataError as err:
        raise CXDataError(
            err.problem, dataset=dataset, column=column, row=err.row, expected=err.expected
        ) from None


def link_scores(
    log: pd.DataFrame,
    surveys: pd.DataFrame,
    *,
    metric: str = "nps",
    customer: str = "customer_id",
    touchpoint: str = "touchpoint",
    timestamp: str = "timestamp",
    answered_at: str = "response_date",
    within: pd.Timedelta | str | None = "30D",
    confidence: float = 0.95,
    method: str | None = None,
    min_n: int = 30,
) -> pd.DataFrame:
    r"""Attach each survey answer to the touchpoint its customer last met before answering, and score them.

    This is an attribution, and a weak one: it says which tracked step came last, not what the
    answer is about. When the survey names its own touchpoint (a transactional survey), that is the
    direct attribution and should be used first; a **moment of truth** (Carlzon 1987) is found by its
    leverage on the outcome that matters and confirmed by research, and the low scores here are
    questions for that research, not a ranking.

    The window ``within`` is the analyst's choice and must be reported with the result: 30 days by
    default, long enough for an invitation sent after a delivery to reach back to the order's
    journey, short enough that the step is plausibly still in the customer's mind. Read the
    ``median_gap_h`` column: when the gaps run to days or weeks, try a shorter window and say how
    much the table changes.

    Parameters
    ----------
    log : pandas.DataFrame
        An event log with a customer, a touchpoint and a timestamp per event (events with a blank
        customer, such as prospects', are ignored).
    surveys : pandas.DataFrame
        Survey invitations, e.g. ``cxkit.data.load("surveys")``; only the answered ones (a score
        and an answer time) are used.
    metric : {"nps", "csat", "ces"}, default "nps"
        The score to summarise (the column of the same name in ``surveys``).
    customer, touchpoint, timestamp : str
        Column names in the log (``customer`` names the customer column of both tables).
    answered_at : str, default "response_date"
        The time of each answer in ``surveys``.
    within : timedelta or str, default "30D"
        Only link an answer to an event at most this long before it (``None``: no limit). An
        answer with no event of its customer in that window is left out. State it with the
        result (see above).
    confidence, method, min_n :
        As in :func:`cxkit.metrics.breakdown` (intervals, and the ``too_small`` flag).

    Returns
    -------
    pandas.DataFrame
        One row per touchpoint, **worst score first**: ``last_touchpoint`` and the columns of
        :func:`cxkit.metrics.breakdown` (``value``, ``n`` answers, ``low``, ``high``, ``moe``,
        ``too_small``, ...), plus ``median_gap_h``, the median hours from the touchpoint to the
        answer, and ``linked_share``, the share of all answers (in percent) that could be linked
        (an answer with a score but no answer time counts as not linked, with a
        :class:`~cxkit.errors.CXDataWarning`).

    Raises
    ------
    cxkit.errors.CXDataError
        A missing column in either table, an unreadable timestamp, one table with time zones and
        the other without, no answer linked to any event.
    cxkit.errors.CXConfigError
        A bad ``metric``, ``method``, ``within``, ``confidence`` or ``min_n``.

    Notes
    -----
    Answer :math:`i` of customer :math:`u` at time :math:`a_i` is linked to the event
    :math:`e^* = \arg\max_e \{t_e : u_e = u,\ a_i - w \le t_e \le a_i\}` (an as-of join:
    ``pandas.merge_asof``, backward), and the metric is computed per touchpoint of :math:`e^*`
    exactly as :func:`cxkit.metrics.breakdown` does (for the NPS :math:`100(P-D)/n` with its
    Wald interval; Reichheld 2003). Touchpoints preceding the worst scores are where to look
    first; a low score after a touchpoint is an association, not proof that the touchpoint
    caused it (Richardson 2010 on moments of truth in journey maps).

    References
    ----------
    Carlzon, J. (1987). *Moments of Truth*. Cambridge, MA: Ballinger.
    Reichheld, F. F. (2003). The one number you need to grow. *Harvard Business Review*, 81(12).
    Richardson, A. (2010). Using customer journey maps to improve customer experience. *Harvard
    Business Review* (online).

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({"customer_id": ["c1", "c1", "c2"], "touchpoint": ["web", "delivery", "web"],
    ...                     "timestamp": pd.to_datetime(["2024-01-01", "2024-01-05", "2024-01-02"])})
    >>> surveys = pd.DataFrame({"customer_id": ["c1", "c2", "c2"], "nps": pd.array([2, 10, 9], dtype="Int64"),
    ...                         "response_date": pd.to_datetime(["2024-01-06", "2024-01-03", "2024-01-04"])})
    >>> link_scores(log, surveys, min_n=1)[["last_touchpoint", "value", "n"]]
      last_touchpoint  value  n
    0        delivery -100.0  1
    1             web  100.0  2
    """
    from cxkit.metrics import breakdown
    from cxkit.stats.checks import check_choice

    metric = check_choice(metric, ["nps", "csat", "ces"], "metric")
    _check_log(log, [customer, touchpoint, timestamp])
    if not isinstance(surveys, pd.DataFrame):
        raise CXDataError("surveys must be a pandas DataFrame", value=type(surveys).__name__)
    missing = [c for c in (customer, answered_at, metric) if c not in surveys.columns]
    if missing:
        raise CXDataError(
            "missing column",
            dataset="surveys",
            column=missing[0],
            expected=f"the columns {customer!r}, {answered_at!r} and {metric!r}",
        )
    if within is not None:
        try:
            window = pd.Timedelta(within)
        except (TypeError, ValueError):
            raise CXConfigError(
                f"within={within!r}: give a time span such as '30D' or '12h', or None"
            ) from None
        if pd.isna(window) or window <= pd.Timedelta(0):
            raise CXConfigError(f"within={within!r}: give a positive time span such as '30D', or None")
    events = log.loc[log[customer].notna(), [customer, touchpoint, timestamp]]
    scored = surveys[metric].notna().to_numpy(dtype=bool)
    undated = scored & surveys[answered_at].isna().to_numpy(dtype=bool)
    if undated.any():  # counted in linked_share's denominator: they are answers that were not linked
        pos = int(np.flatnonzero(undated)[0])
        warnings.warn(
            f"link_scores: {int(undated.sum())} answer(s) with a {metric} score but no {answered_at!r} "
            f"cannot be linked to a touchpoint and are left out (first: row {pos}, index "
            f"{surveys.index[pos]!r}); linked_share counts them as not linked.",
            CXDataWarning,
            stacklevel=2,
        )
    answered = surveys.loc[scored & ~undated]
    if len(events) == 0 or len(answered) == 0:
        raise CXDataError(
            "no events with a customer" if len(events) == 0 else "no answered surveys",
            dataset="event log" if len(events) == 0 else "surveys",
            expected="events of known customers and surveys with a score and an answer time",
        )
    t_ev, zoned_ev = _instants(events, timestamp, "event log")
    t_sv, zoned_sv = _instants(answered, answered_at, "surveys")
    if zoned_ev != zoned_sv:
        with_zone, without = (timestamp, answered_at) if zoned_ev else (answered_at, timestamp)
        raise CXDataError(
            "one table has time zones and the other not, so which event came first is unknown",
            column=f"{with_zone} / {without}",
            expected="both columns with a time zone or both without",
        )
    left = pd.DataFrame(
        {"_t": t_sv, "_cust": answered[customer].astype(str).to_numpy(), "_row": np.arange(len(answered))}
    ).sort_values("_t", kind="stable")
    right = pd.DataFrame(
        {
            "_t": t_ev,
            "_cust": events[customer].astype(str).to_numpy(),
            "last_touchpoint": events[touchpoint].to_numpy(),
            "_t_event": t_ev,
        }
    ).sort_values("_t", kind="stable")
    tol = None if within is None else int(pd.Timedelta(within).value)
    linked = pd.merge_asof(left, right, on="_t", by="_cust", direction="backward", tolerance=tol)
    linked = linked[linked["last_touchpoint"].notna()].sort_values("_row")
    if len(linked) == 0:
        raise CXDataError(
            "no answer could be linked to an earlier event of the same customer",
            dataset="surveys",
            column=customer,
            expected="customers who appear in both tables, with events before their answers"
            + ("" if within is None else f" and at most {within} before (try a longer within=)"),
        )
    scores = answered[metric].iloc[linked["_row"].to_numpy()].reset_index(drop=True)
    table_in = pd.DataFrame(
        {"last_touchpoint": linked["last_touchpoint"].astype(str).to_numpy(), metric: scores}
    )
    gap_h = (linked["_t"].to_numpy() - linked["_t_event"].to_numpy()) / (3600 * _NS)
    table = breakdown(
        table_in, metric, by="last_touchpoint", confidence=confidence, method=method, min_n=min_n
    )
    gaps = pd.Series(gap_h).groupby(table_in["last_touchpoint"].to_numpy()).median()
    table["median_gap_h"] = gaps.reindex(table.index).to_numpy()
    table["linked_share"] = 100 * len(linked) / int(scored.sum())
    out = table.reset_index()
    # Every metric is "higher is better" (CES: agreement that the task was easy), so worst first.
    out = out.sort_values(["value", "last_touchpoint"], kind="stable")
    return out.reset_index(drop=True)
