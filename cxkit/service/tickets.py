r"""Support responsiveness on a ticket table: response and resolution times, SLAs, FCR, reopens, backlog.

Every function takes the course's ``tickets`` table (``cxkit.data.load("tickets")``) or a
learner's table with the same columns, and ``by=`` a column or a list of columns (default: none,
one row labelled ``"all"``). Nothing is dropped silently: tickets never answered, tickets still
open and blank scores are counted in their own columns.

Times are elapsed clock time (``first_response_at - opened_at``), or working time when a
:class:`BusinessCalendar` is given. Time-zone-aware columns give true elapsed time across a
daylight-saving change; a calendar counts opening hours on the local wall clock.

>>> import pandas as pd
>>> from cxkit.service import first_response_time, sla_attainment
>>> t = pd.DataFrame({
...     "ticket_id": ["T1", "T2", "T3", "T4"],
...     "channel": ["chat", "chat", "email", "email"],
...     "opened_at": pd.to_datetime(["2025-03-03 09:00"] * 4),
...     "first_response_at": pd.to_datetime(
...         ["2025-03-03 09:05", "2025-03-03 09:20", "2025-03-03 13:00", None]),
...     "resolved_at": pd.to_datetime(["2025-03-03 10:00", None, "2025-03-04 09:00", None]),
... })
>>> cols = ["n", "n_measured", "n_no_response", "median"]
>>> first_response_time(t, by="channel")[cols]  # doctest: +NORMALIZE_WHITESPACE
         n  n_measured  n_no_response    median
channel
chat     2           2              0  0.208333
email    2           1              1  4.000000
>>> targets = {"chat": pd.Timedelta("10min"), "email": pd.Timedelta("4h")}
>>> sla_attainment(t, targets)[["n", "met", "rate", "n_no_response"]]  # doctest: +NORMALIZE_WHITESPACE
         n  met  rate  n_no_response
channel
chat     2    1  50.0              0
email    2    1  50.0              1
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from cxkit.errors import CXConfigError, CXDataError
from cxkit.service.targets import check_targets as _check_targets
from cxkit.stats.checks import check_choice, check_confidence

__all__ = [
    "COMPLAINT_RULE",
    "UNITS",
    "BusinessCalendar",
    "ComplaintRule",
    "backlog",
    "csat_by_target",
    "fcr_rate",
    "first_response_time",
    "is_complaint",
    "reopen_rate",
    "resolution_time",
    "service_recovery",
    "sla_attainment",
    "sla_met",
]

#: The units a time can be reported in, with their length.
UNITS: dict[str, str] = {"minutes": "1min", "hours": "1h", "days": "1D"}
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_ALL = "all"


# ---------------------------------------------------------------------------------------------
# Checking the table
# ---------------------------------------------------------------------------------------------


def _by_list(df: Any, by: Any) -> list[str]:
    from cxkit._checks import as_list as _as_list

    if by is not None and not isinstance(by, str | list | tuple):
        raise CXConfigError(f"by must be None, a column name or a list of column names; got {by!r}.")
    cols = _as_list(by)
    for c in cols:
        if c not in df.columns:
            raise CXDataError(
                "no such column to group by",
                dataset="tickets",
                column=c,
                expected="one of: " + ", ".join(str(x) for x in df.columns),
            )
        blank = df[c].isna().to_numpy()
        if blank.any():
            pos = int(blank.argmax())
            raise CXDataError(
                "blank group value",
                dataset="tickets",
                column=c,
                row=f"{pos} ({_ticket_name(df, pos)})",
                expected="a value in every row (fill or drop the blanks first)",
            )
    return cols


_TICKET_COL = "ticket_id"


def _ticket_name(df: Any, pos: int) -> str:
    if _TICKET_COL in df.columns:
        return f"ticket {df[_TICKET_COL].iloc[pos]}"
    return f"index {df.index[pos]!r}"


def _times(df: Any, column: str, *, required: bool) -> Any:
    """Return the column as datetimes (converted from text if needed); blanks are NaT unless ``required``."""
    import pandas as pd

    s = df[column]
    if not (isinstance(s.dtype, pd.DatetimeTZDtype) or pd.api.types.is_datetime64_dtype(s.dtype)):
        try:
            s = pd.to_datetime(s, format="mixed")
        except (ValueError, TypeError) as exc:
            bad = next(
                (i for i, v in enumerate(s) if _bad_time(v)),
                0,
            )
            raise CXDataError(
                "not a date and time",
                dataset="tickets",
                column=column,
                row=f"{bad} ({_ticket_name(df, bad)})",
                value=s.iloc[bad],
                expected="a timestamp such as 2025-03-03 09:00:00",
            ) from exc
    if required:
        blank = s.isna().to_numpy()
        if blank.any():
            pos = int(blank.argmax())
            raise CXDataError(
                "missing timestamp",
                dataset="tickets",
                column=column,
                row=f"{pos} ({_ticket_name(df, pos)})",
                expected="the time every ticket was opened",
            )
    return s


def _bad_time(v: Any) -> bool:
    import pandas as pd

    try:
        pd.to_datetime(v)
    except (ValueError, TypeError):
        return True
    return False


def _elapsed(df: Any, start: str, end: str, calendar: BusinessCalendar | None) -> Any:
    """``end - start`` per ticket as a timedelta Series (NaT where ``end`` is blank), checked."""
    import numpy as np

    from cxkit._checks import require_columns as _require_columns

    _require_columns(df, [start, end], "ticket table")
    s = _times(df, start, required=True)
    e = _times(df, end, required=False)
    s_tz, e_tz = getattr(s.dt, "tz", None), getattr(e.dt, "tz", None)
    if (s_tz is None) != (e_tz is None) and e.notna().any():
        raise CXDataError(
            "one column has a time zone and the other has none",
            dataset="tickets",
            column=end,
            value=f"{start} zone {s_tz}, {end} zone {e_tz}",
            expected="both columns with a zone, or both without",
        )
    before = (e < s).to_numpy()
    if before.any():
        pos = int(np.argmax(before))
        raise CXDataError(
            f"{end} is before {start}",
            dataset="tickets",
            column=end,
            row=f"{pos} ({_ticket_name(df, pos)})",
            value=f"{e.iloc[pos]} < {s.iloc[pos]}",
            expected=f"a time on or after the ticket's {start}",
        )
    if calendar is not None:
        return calendar.duration(s, e)
    return e - s


def _check_unit(unit: Any) -> str:
    return check_choice(unit, tuple(UNITS), "unit")


def _frame(df: Any) -> Any:
    from cxkit._checks import require_columns as _require_columns

    _require_columns(df, [], "ticket table")
    return df


def _group_keys(df: Any, cols: list[str]) -> Any:
    """Return the grouping keys: the columns, or one constant key ``"all"``."""
    import pandas as pd

    if cols:
        return [df[c] for c in cols]
    return pd.Series(_ALL, index=df.index, name=None)


def _time_summary(elapsed: Any, df: Any, cols: list[str], unit: str, missing: str) -> Any:
    import pandas as pd

    x = elapsed / pd.Timedelta(UNITS[unit])
    keys = _group_keys(df, cols)
    g = x.groupby(keys, observed=True, sort=True)
    out = pd.DataFrame(
        {
            "n": g.size(),
            "n_measured": g.count(),
            "median": g.median(),
            "p90": g.quantile(0.9),
            "mean": g.mean(),
        }
    )
    out.insert(2, missing, out["n"] - out["n_measured"])
    out["unit"] = unit
    return out


_TIME_NOTES = r"""
    Support times are skewed: most tickets are answered quickly and a few wait for days. The mean
    is pulled up by that long tail, so one forgotten ticket moves it a lot; the **median** (half
    the tickets are faster) describes the typical customer and the **90th percentile** (nine in
    ten are faster) describes the slow tail that customers remember and that service-level targets
    are about. The mean is reported too, because staffing uses totals. The percentile is numpy's
    default (linear interpolation between order statistics, Hyndman & Fan's type 7).
"""


def first_response_time(
    tickets: Any,
    by: Any = None,
    *,
    opened: str = "opened_at",
    first_response: str = "first_response_at",
    unit: str = "hours",
    calendar: BusinessCalendar | None = None,
) -> Any:
    r"""Time to first response per group: median, 90th percentile, mean, and the tickets never answered.

    For ticket :math:`i` the first-response time is :math:`r_i = \text{first\_response}_i - \text{opened}_i`
    (working time if ``calendar`` is given). Per group: :math:`n` tickets, of which ``n_measured``
    have an :math:`r_i` and ``n_no_response`` have none (never answered: counted, not dropped);
    ``median``, ``p90`` (the 0.9 quantile) and ``mean`` of the measured :math:`r_i` in ``unit``.

    Parameters
    ----------
    tickets : DataFrame
        One row per ticket, e.g. ``cxkit.data.load("tickets")``.
    by : str or list of str, optional
        Column(s) to group by; default one row, ``"all"``.
    opened, first_response : str
        The timestamp columns.
    unit : {"minutes", "hours", "days"}, default "hours"
    calendar : BusinessCalendar, optional
        Count only opening hours (see :class:`BusinessCalendar`).

    Returns
    -------
    DataFrame
        Columns ``n``, ``n_measured``, ``n_no_response``, ``median``, ``p90``, ``mean``, ``unit``.

    Raises
    ------
    CXDataError
        A missing column, a blank opening time, a text that is not a time, a first response before
        the ticket was opened (naming the ticket), a blank ``by`` value.
    CXConfigError
        An unknown ``unit`` or a bad ``by``.

    Notes
    -----
    -----%s

    References
    ----------
    Hyndman, R. J. & Fan, Y. (1996). Sample quantiles in statistical packages. *The American
    Statistician*, 50(4), 361-365.

    Examples
    --------
    See the module's example; on the course data:

    >>> from cxkit.data import load
    >>> frt = first_response_time(load("tickets"), by="channel", unit="minutes")
    >>> frt.loc["chat", "median"] < frt.loc["email", "median"]
    np.True_
    """
    df = _frame(tickets)
    unit = _check_unit(unit)
    cols = _by_list(df, by)
    elapsed = _elapsed(df, opened, first_response, calendar)
    return _time_summary(elapsed, df, cols, unit, "n_no_response")


first_response_time.__doc__ = (first_response_time.__doc__ or "") % _TIME_NOTES


def resolution_time(
    tickets: Any,
    by: Any = None,
    *,
    opened: str = "opened_at",
    resolved: str = "resolved_at",
    unit: str = "hours",
    calendar: BusinessCalendar | None = None,
) -> Any:
    r"""Time to resolution per group: median, 90th percentile, mean, and the tickets still open.

    For ticket :math:`i`, :math:`d_i = \text{resolved}_i - \text{opened}_i` (working time with a
    ``calendar``). Per group: ``n`` tickets, ``n_measured`` resolved, ``n_open`` not yet resolved
    (counted, never dropped: their time is unknown, only known to be longer than their age), and
    ``median``, ``p90``, ``mean`` of the resolved ones in ``unit``. Because open tickets are the
    slow ones, the statistics of resolved tickets understate the true times when ``n_open`` is large.

    Parameters
    ----------
    tickets : DataFrame
    by : str or list of str, optional
    opened, resolved : str
        The timestamp columns.
    unit : {"minutes", "hours", "days"}, default "hours"
    calendar : BusinessCalendar, optional

    Returns
    -------
    DataFrame
        Columns ``n``, ``n_measured``, ``n_open``, ``median``, ``p90``, ``mean``, ``unit``.

    Raises
    ------
    CXDataError
        As :func:`first_response_time`; a resolution before the opening names the ticket.
    CXConfigError
        An unknown ``unit`` or a bad ``by``.

    Notes
    -----
    -----%s

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"ticket_id": ["T1", "T2", "T3"],
    ...                   "opened_at": pd.to_datetime(["2025-01-01 09:00"] * 3),
    ...                   "resolved_at": pd.to_datetime(["2025-01-01 10:00", "2025-01-02 09:00", None])})
    >>> resolution_time(t)[["n", "n_measured", "n_open", "median", "mean"]]  # doctest: +NORMALIZE_WHITESPACE
         n  n_measured  n_open  median  mean
    all  3           2       1    12.5  12.5
    """
    df = _frame(tickets)
    unit = _check_unit(unit)
    cols = _by_list(df, by)
    elapsed = _elapsed(df, opened, resolved, calendar)
    return _time_summary(elapsed, df, cols, unit, "n_open")


resolution_time.__doc__ = (resolution_time.__doc__ or "") % _TIME_NOTES


# ---------------------------------------------------------------------------------------------
# Service-level targets
# ---------------------------------------------------------------------------------------------

_ON = {"first_response": "first_response_at", "resolution": "resolved_at"}


def sla_met(
    tickets: Any,
    targets: Mapping[str, Any],
    *,
    on: str = "first_response",
    channel: str = "channel",
    opened: str = "opened_at",
    calendar: BusinessCalendar | None = None,
) -> Any:
    r"""Whether each ticket met its channel's target: a boolean Series, one value per ticket.

    Ticket :math:`i` of channel :math:`c` meets the target :math:`T_c` when its time
    :math:`r_i \le T_c` (a tie counts as met); a ticket never answered (``on="first_response"``)
    or not yet resolved (``on="resolution"``) counts as missed.

    Parameters and errors are those of :func:`sla_attainment`.

    >>> import pandas as pd
    >>> t = pd.DataFrame({"channel": ["chat"] * 3,
    ...                   "opened_at": pd.to_datetime(["2025-01-01 09:00"] * 3),
    ...                   "first_response_at": pd.to_datetime(
    ...                       ["2025-01-01 09:05", "2025-01-01 09:06", None])})
    >>> sla_met(t, {"chat": "5min"}).tolist()
    [True, False, False]
    """
    import numpy as np
    import pandas as pd

    df = _frame(tickets)
    on = check_choice(on, tuple(_ON), "on")
    target = _check_targets(targets)
    if channel not in df.columns:
        _by_list(df, channel)
    chan = df[channel].astype("string")
    missing = sorted(set(chan.dropna().unique()) - set(target))
    if missing:
        raise CXConfigError(
            f"No target for the channel(s) {', '.join(repr(m) for m in missing)}. Give a target for "
            f"every channel in the table; the targets given are for: {', '.join(sorted(target))}."
        )
    _by_list(df, channel)
    elapsed = _elapsed(df, opened, _ON[on], calendar)
    limit = chan.map(target).astype("timedelta64[ns]")
    met = (elapsed.notna() & (elapsed <= limit)).to_numpy(dtype=bool)
    return pd.Series(np.asarray(met, dtype=bool), index=df.index, name="met")


def _rate_table(hits: Any, df: Any, cols: list[str], confidence: float, count_name: str) -> Any:
    import pandas as pd

    from cxkit.stats.intervals import interval_method

    keys = _group_keys(df, cols)
    g = pd.Series(hits.to_numpy(dtype=float), index=df.index).groupby(keys, observed=True, sort=True)
    out = pd.DataFrame({"n": g.size(), count_name: g.sum().astype(int)})
    low, high, _se = interval_method("proportion", "wilson").function(
        out[count_name].to_numpy(), out["n"].to_numpy(), confidence=confidence
    )
    out["rate"] = 100 * out[count_name] / out["n"]
    out["low"] = 100 * low
    out["high"] = 100 * high
    return out


def sla_attainment(
    tickets: Any,
    targets: Mapping[str, Any],
    *,
    on: str = "first_response",
    by: Any = "channel",
    channel: str = "channel",
    opened: str = "opened_at",
    calendar: BusinessCalendar | None = None,
    confidence: float = 0.95,
) -> Any:
    r"""Share of tickets that met their channel's service-level target, per group, with a Wilson interval.

    With :math:`m_g` tickets of group :math:`g` meeting their target (see :func:`sla_met`: a tie
    counts as met, a ticket never answered as missed) out of :math:`n_g`, the attainment is
    :math:`100\,m_g/n_g` percent, with the Wilson score interval of
    :func:`cxkit.stats.intervals.proportion_wilson`.

    Parameters
    ----------
    tickets : DataFrame
        One row per ticket.
    targets : dict
        Channel -> target time (``pd.Timedelta``, ``datetime.timedelta`` or text such as ``"4h"``),
        for every channel in the table.
    on : {"first_response", "resolution"}, default "first_response"
        Which time the target is about.
    by : str or list of str or None, default "channel"
        How to group the result (``None``: one row).
    channel : str, default "channel"
        The column whose value picks each ticket's target.
    opened : str, default "opened_at"
    calendar : BusinessCalendar, optional
        Measure the times in opening hours.
    confidence : float, default 0.95

    Returns
    -------
    DataFrame
        Indexed by the ``by`` groups; columns ``n``, ``met``, ``rate`` (percent, 0-100), ``low``,
        ``high`` (Wilson interval, percent) and ``n_no_response`` (tickets with no first response,
        or still open for ``on="resolution"``; all counted as missed).

    Raises
    ------
    CXConfigError
        ``targets`` not a dict of positive times, a channel of the table without a target, an
        unknown ``on``, a bad ``confidence``.
    CXDataError
        As :func:`first_response_time` (a response before the opening names the ticket).

    Notes
    -----
    An open ticket counts as missed even if it is younger than its target on the day the data were
    taken; at the end of a period, recent tickets therefore lower the rate slightly.

    References
    ----------
    Wilson, E. B. (1927). Probable inference, the law of succession, and statistical inference.
    *Journal of the American Statistical Association*, 22(158), 209-212.

    Examples
    --------
    See the module's example. A tie at the boundary meets the target:

    >>> import pandas as pd
    >>> t = pd.DataFrame({"channel": ["phone", "phone"],
    ...                   "opened_at": pd.to_datetime(["2025-01-01 09:00:00"] * 2),
    ...                   "first_response_at": pd.to_datetime(
    ...                       ["2025-01-01 09:10:00", "2025-01-01 09:10:01"])})
    >>> r = sla_attainment(t, {"phone": pd.Timedelta("10min")})
    >>> r[["n", "met", "rate"]]  # doctest: +NORMALIZE_WHITESPACE
             n  met  rate
    channel
    phone    2    1  50.0
    """
    confidence = check_confidence(confidence)
    df = _frame(tickets)
    met = sla_met(df, targets, on=on, channel=channel, opened=opened, calendar=calendar)
    cols = _by_list(df, by)
    out = _rate_table(met, df, cols, confidence, "met")
    blank = _times(df, _ON[on], required=False).isna()
    out["n_no_response"] = blank.groupby(_group_keys(df, cols), observed=True, sort=True).sum().astype(int)
    return out[["n", "met", "rate", "low", "high", "n_no_response"]]


def _flag(df: Any, column: str) -> Any:
    """Return a True/False column, checked (a blank or another value names the ticket)."""
    import numpy as np

    if column not in df.columns:
        _by_list(df, column)
    s = df[column]
    vals = s.to_numpy(dtype=object)
    ok = np.array([v is True or v is False or isinstance(v, np.bool_) for v in vals], dtype=bool)
    if not ok.all():
        pos = int(np.argmin(ok))
        raise CXDataError(
            "not True or False",
            dataset="tickets",
            column=column,
            row=f"{pos} ({_ticket_name(df, pos)})",
            value=vals[pos] if vals[pos] is not None and vals[pos] == vals[pos] else "a blank",
            expected="True or False in every row",
        )
    return s.astype(bool)


def fcr_rate(
    tickets: Any, by: Any = None, *, column: str = "first_contact_resolution", confidence: float = 0.95
) -> Any:
    r"""First-contact resolution: the share of tickets solved in the first contact, with a Wilson interval.

    :math:`\mathrm{FCR}_g = 100\,f_g/n_g`, with :math:`f_g` the tickets of group :math:`g` marked
    resolved at first contact (never true for a reopened ticket in the course data) and :math:`n_g`
    all its tickets, open ones included (an open ticket was not solved at first contact).

    Parameters
    ----------
    tickets : DataFrame
    by : str or list of str, optional
    column : str, default "first_contact_resolution"
        A True/False column.
    confidence : float, default 0.95

    Returns
    -------
    DataFrame
        Columns ``n``, ``fcr``, ``rate`` (percent), ``low``, ``high`` (Wilson interval).

    Raises
    ------
    CXDataError
        A missing column, or a value other than True/False (naming the ticket).

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"first_contact_resolution": [True, True, False, True]})
    >>> fcr_rate(t)[["n", "fcr", "rate"]]  # doctest: +NORMALIZE_WHITESPACE
         n  fcr  rate
    all  4    3  75.0
    """
    confidence = check_confidence(confidence)
    df = _frame(tickets)
    cols = _by_list(df, by)
    return _rate_table(_flag(df, column), df, cols, confidence, "fcr")[["n", "fcr", "rate", "low", "high"]]


def reopen_rate(tickets: Any, by: Any = None, *, column: str = "reopened", confidence: float = 0.95) -> Any:
    r"""Reopen rate: the share of tickets the customer had to reopen, with a Wilson interval.

    :math:`100\,o_g/n_g` with :math:`o_g` the reopened tickets of group :math:`g` and :math:`n_g`
    all its tickets. A high reopen rate means tickets were closed before the problem was solved.

    Parameters
    ----------
    tickets : DataFrame
    by : str or list of str, optional
    column : str, default "reopened"
        A True/False column.
    confidence : float, default 0.95

    Returns
    -------
    DataFrame
        Columns ``n``, ``reopened``, ``rate`` (percent), ``low``, ``high``.

    Raises
    ------
    CXDataError
        A missing column, or a value other than True/False (naming the ticket).

    Examples
    --------
    >>> import pandas as pd
    >>> r = reopen_rate(pd.DataFrame({"reopened": [False, True, False, False]}))
    >>> r[["n", "reopened", "rate"]]  # doctest: +NORMALIZE_WHITESPACE
         n  reopened  rate
    all  4         1  25.0
    """
    confidence = check_confidence(confidence)
    df = _frame(tickets)
    cols = _by_list(df, by)
    return _rate_table(_flag(df, column), df, cols, confidence, "reopened")[
        ["n", "reopened", "rate", "low", "high"]
    ]


def backlog(
    tickets: Any, freq: str = "W", *, opened: str = "opened_at", resolved: str = "resolved_at"
) -> Any:
    r"""Open tickets at the end of each period (the backlog), with the tickets opened and resolved in it.

    At the end :math:`e_k` of period :math:`k`,
    :math:`\text{open}_k = \#\{i: \text{opened}_i \le e_k\} - \#\{i: \text{resolved}_i \le e_k\}`:
    every ticket opened by then and not yet resolved (a ticket never resolved stays open).

    Parameters
    ----------
    tickets : DataFrame
    freq : str, default "W"
        A pandas period frequency: ``"D"``, ``"W"`` (weeks ending on Sunday), ``"M"``, ``"Q"``.
    opened, resolved : str

    Returns
    -------
    DataFrame
        Indexed by period (``PeriodIndex``) from the first opening to the last event; columns
        ``period_end`` (timestamp), ``opened``, ``resolved``, ``open_at_end``.

    Raises
    ------
    CXConfigError
        An unknown ``freq``.
    CXDataError
        As :func:`resolution_time`.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"opened_at": pd.to_datetime(["2025-01-06", "2025-01-07", "2025-01-14"]),
    ...                   "resolved_at": pd.to_datetime(["2025-01-08", None, "2025-01-20"])})
    >>> backlog(t, "W")[["opened", "resolved", "open_at_end"]]  # doctest: +NORMALIZE_WHITESPACE
                           opened  resolved  open_at_end
    2025-01-06/2025-01-12       2         1            1
    2025-01-13/2025-01-19       1         0            2
    2025-01-20/2025-01-26       0         1            1
    """
    import numpy as np
    import pandas as pd

    df = _frame(tickets)
    if not isinstance(freq, str):
        raise CXConfigError(f"freq must be a pandas period frequency such as 'D', 'W', 'M'; got {freq!r}.")
    _elapsed(df, opened, resolved, None)  # the checks: a resolution before its opening is an error
    o = _times(df, opened, required=True)
    r = _times(df, resolved, required=False)
    if getattr(o.dt, "tz", None) is not None:  # bucket by the local (wall-clock) day
        o = o.dt.tz_localize(None)
        r = r.dt.tz_localize(None)
    last = max(o.max(), r.max()) if r.notna().any() else o.max()
    try:
        periods = pd.period_range(o.min(), last, freq=freq)
    except (ValueError, TypeError) as exc:
        raise CXConfigError(
            f"freq must be a pandas period frequency such as 'D', 'W', 'M', 'Q'; got {freq!r}."
        ) from exc
    ends = periods.end_time.to_numpy()
    ov = np.sort(o.to_numpy(dtype="datetime64[ns]"))
    rv = np.sort(r.dropna().to_numpy(dtype="datetime64[ns]"))
    n_open = np.searchsorted(ov, ends, side="right")
    n_res = np.searchsorted(rv, ends, side="right")
    out = pd.DataFrame(
        {
            "period_end": periods.end_time,
            "opened": np.diff(np.concatenate([[0], n_open])),
            "resolved": np.diff(np.concatenate([[0], n_res])),
            "open_at_end": n_open - n_res,
        },
        index=periods,
    )
    return out


# ---------------------------------------------------------------------------------------------
# Opening hours
# ---------------------------------------------------------------------------------------------


def _clock(value: Any, name: str) -> int:
    """``"08:30"`` -> nanoseconds after midnight."""
    import pandas as pd

    try:
        t = pd.Timedelta(f"{value}:00") if isinstance(value, str) and value.count(":") == 1 else None
    except ValueError:
        t = None
    if t is None or not pd.Timedelta(0) <= t <= pd.Timedelta("24h"):
        raise CXConfigError(f"{name} must be a time of day such as '08:00'; got {value!r}.")
    return int(t.value)


@dataclass(frozen=True)
class BusinessCalendar:
    r"""Opening hours and holidays, to measure response and resolution times in working time.

    Parameters
    ----------
    opens, closes : str, default "08:00" and "18:00"
        Opening hours of every working day, on the local wall clock.
    weekdays : str, default "Mon Tue Wed Thu Fri"
        The working days (three-letter English names).
    holidays : sequence of dates, default ()
        Closed days (e.g. ``["2025-12-25", "2025-12-26"]``).

    Notes
    -----
    Working time between :math:`s` and :math:`e` is computed for all tickets at once:

    .. math::

        w(s, e) = L\cdot B(d_s, d_e) - u(s) + u(e), \qquad
        u(t) = \begin{cases}\min(\max(t - d_t - o, 0), L) & d_t \text{ a working day}\\
        0 & \text{otherwise}\end{cases}

    with :math:`d_t` the day of :math:`t`, :math:`o` the opening time, :math:`L` the length of a
    working day, :math:`B(d_s, d_e)` the working days in :math:`[d_s, d_e)` (``numpy.busday_count``)
    and :math:`u(t)` the working time already spent on :math:`t`'s day. A ticket opened at night is
    counted from the next opening. Hours are read on the wall clock, so a day that changes to or
    from summer time still opens 08:00-18:00 (the change happens at night).

    Examples
    --------
    Opened on Friday 17:00, answered on Monday 09:30: one hour on Friday, 1.5 on Monday.

    >>> import pandas as pd
    >>> cal = BusinessCalendar()
    >>> cal.duration(pd.Series(pd.to_datetime(["2025-03-07 17:00"])),
    ...              pd.Series(pd.to_datetime(["2025-03-10 09:30"]))).tolist()
    [Timedelta('0 days 02:30:00')]
    """

    opens: str = "08:00"
    closes: str = "18:00"
    weekdays: str = "Mon Tue Wed Thu Fri"
    holidays: Sequence[Any] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        """Check the settings and keep them in the form numpy.busday_count takes."""
        import numpy as np

        o, c = _clock(self.opens, "opens"), _clock(self.closes, "closes")
        if o >= c:
            raise CXConfigError(f"opens must be before closes; got {self.opens!r} and {self.closes!r}.")
        days = self.weekdays.split() if isinstance(self.weekdays, str) else None
        if not days or any(d not in _WEEKDAYS for d in days):
            raise CXConfigError(
                f"weekdays must name working days from {' '.join(_WEEKDAYS)}, e.g. 'Mon Tue Wed Thu Fri'; "
                f"got {self.weekdays!r}."
            )
        try:
            hol = np.array(sorted(str(h)[:10] for h in self.holidays), dtype="datetime64[D]")
        except (ValueError, TypeError) as exc:
            raise CXConfigError(
                f"holidays must be dates such as '2025-12-25'; got {self.holidays!r}."
            ) from exc
        object.__setattr__(self, "_o", o)
        object.__setattr__(self, "_len", c - o)
        object.__setattr__(self, "_mask", " ".join(days))
        object.__setattr__(self, "_hol", hol)

    def _used(self, t: Any, day: Any) -> Any:
        import numpy as np

        since = (t - day).astype("int64") - self._o  # type: ignore[attr-defined]
        used = np.clip(since, 0, self._len)  # type: ignore[attr-defined]
        working = np.is_busday(day, weekmask=self._mask, holidays=self._hol)  # type: ignore[attr-defined]
        return np.where(working, used, 0)

    def duration(self, start: Any, end: Any) -> Any:
        """Working time from ``start`` to ``end`` (Series of timestamps), NaT where either is blank."""
        import numpy as np
        import pandas as pd

        s, e = pd.Series(start), pd.Series(end)
        if len(s) != len(e):
            raise CXDataError(
                "start and end have different lengths",
                value=f"{len(s)} and {len(e)}",
                expected="one end per start",
            )
        e = e.set_axis(s.index)
        if getattr(s.dt, "tz", None) is not None:
            s = s.dt.tz_localize(None)
        if getattr(e.dt, "tz", None) is not None:
            e = e.dt.tz_localize(None)
        blank = (s.isna() | e.isna()).to_numpy()
        sv = s.to_numpy(dtype="datetime64[ns]")
        ev = e.to_numpy(dtype="datetime64[ns]")
        sv = np.where(blank, sv[~blank][0] if (~blank).any() else np.datetime64("2000-01-01", "ns"), sv)
        ev = np.where(blank, sv, ev)
        sd, ed = sv.astype("datetime64[D]"), ev.astype("datetime64[D]")
        full = np.busday_count(sd, ed, weekmask=self._mask, holidays=self._hol)  # type: ignore[attr-defined]
        ns = full * self._len - self._used(sv, sd) + self._used(ev, ed)  # type: ignore[attr-defined]
        out = pd.to_timedelta(ns, unit="ns")
        return pd.Series(out, index=s.index).mask(blank)


# ---------------------------------------------------------------------------------------------
# Complaints and service recovery
# ---------------------------------------------------------------------------------------------


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


def csat_by_target(
    tickets: Any,
    targets: Mapping[str, Any],
    *,
    by: str = "channel",
    on: str = "first_response",
    calendar: BusinessCalendar | None = None,
    confidence: float = 0.95,
) -> Any:
    r"""Post-ticket CSAT of tickets that met their target minus those that did not, per group.

    Tickets are split by :func:`sla_met`; in each group :math:`g` the difference
    :math:`\mathrm{CSAT}_{g,\text{met}} - \mathrm{CSAT}_{g,\text{missed}}` (percent answering 4 or 5
    of 5, blank scores left out and counted) comes from :func:`cxkit.metrics.compare_csat`, with
    Newcombe's hybrid score interval and the two-proportion *z*-test. It is an association: tickets
    that wait longer may also be harder, and harder problems leave customers less satisfied.

    Parameters
    ----------
    tickets : DataFrame
        Needs the columns of :func:`sla_attainment` and ``csat`` (1-5, blank if not answered).
    targets : dict
        Channel -> target time, as in :func:`sla_attainment`.
    by : str, default "channel"
    on : {"first_response", "resolution"}, default "first_response"
    calendar : BusinessCalendar, optional
    confidence : float, default 0.95

    Returns
    -------
    DataFrame
        One row per group; columns ``csat_met``, ``csat_missed``, ``difference`` (percentage
        points), ``low``, ``high``, ``p_value``, ``n_met``, ``n_missed`` (tickets with a CSAT answer)
        and ``n_blank`` (tickets without one).

    Raises
    ------
    CXDataError, CXConfigError
        As :func:`sla_attainment` and :func:`cxkit.metrics.compare_csat`.

    Examples
    --------
    >>> import pandas as pd
    >>> from cxkit.data import load
    >>> targets = {"phone": "10min", "chat": "5min", "email": "24h", "social": "4h"}
    >>> gap = csat_by_target(load("tickets"), targets)
    >>> bool(gap.loc["phone", "low"] > 0)
    True
    """
    import pandas as pd

    from cxkit.metrics import compare_csat

    confidence = check_confidence(confidence)
    df = _frame(tickets)
    met = sla_met(df, targets, on=on, calendar=calendar).to_numpy()
    cols = _by_list(df, by)
    if "csat" not in df.columns:
        _by_list(df, "csat")
    rows = {}
    key = df[cols[0]] if cols else pd.Series(_ALL, index=df.index)
    for g in key.drop_duplicates().sort_values():  # a categorical column keeps its own order
        sel = (key == g).to_numpy()
        a, b = df.loc[sel & met, "csat"], df.loc[sel & ~met, "csat"]
        c = compare_csat(a, b, confidence=confidence, min_n=0, dropna=True, names=("met", "missed"))
        rows[g] = {
            "csat_met": c.value_a,
            "csat_missed": c.value_b,
            "difference": c.value,
            "low": c.low,
            "high": c.high,
            "p_value": c.p_value,
            "n_met": c.n_a,
            "n_missed": c.n_b,
            "n_blank": int(df.loc[sel, "csat"].isna().sum()),
        }
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = cols[0] if cols else None
    return out
