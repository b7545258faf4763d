r"""Ticket timings: time to first response and to resolution per group, and the backlog over time.

Times are elapsed clock time (``first_response_at - opened_at``), or working time when a
:class:`~cxkit.service.BusinessCalendar` is given. Time-zone-aware columns give true elapsed time
across a daylight-saving change; a calendar counts opening hours on the local wall clock. Tickets
never answered and tickets still open are counted in their own columns, never dropped.

>>> import pandas as pd
>>> from cxkit.service import first_response_time
>>> t = pd.DataFrame({
...     "ticket_id": ["T1", "T2", "T3", "T4"],
...     "channel": ["chat", "chat", "email", "email"],
...     "opened_at": pd.to_datetime(["2025-03-03 09:00"] * 4),
...     "first_response_at": pd.to_datetime(
...         ["2025-03-03 09:05", "2025-03-03 09:20", "2025-03-03 13:00", None]),
... })
>>> cols = ["n", "n_measured", "n_no_response", "median"]
>>> first_response_time(t, by="channel")[cols]  # doctest: +NORMALIZE_WHITESPACE
         n  n_measured  n_no_response    median
channel
chat     2           2              0  0.208333
email    2           1              1  4.000000
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cxkit.errors import CXConfigError
from cxkit.service._tickets import UNITS, _by_list, _check_unit, _elapsed, _frame, _group_keys, _times

if TYPE_CHECKING:  # pragma: no cover
    from cxkit.service.calendar import BusinessCalendar

__all__ = ["UNITS", "backlog", "first_response_time", "resolution_time"]


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
    *,
    by: Any = None,
    opened: str = "opened_at",
    first_response: str = "first_response_at",
    date_format: str | None = None,
    dayfirst: bool | None = None,
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
    date_format, dayfirst : optional
        How text times are written, as :func:`cxkit.data.read_dates` reads them: one way for the
        whole column, found from its values or given (``dayfirst=True``: 05/03/2025 is 5 March);
        a column that reads both day-first and month-first is an error naming its first such value.
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
    elapsed = _elapsed(df, opened, first_response, calendar, date_format=date_format, dayfirst=dayfirst)
    return _time_summary(elapsed, df, cols, unit, "n_no_response")


first_response_time.__doc__ = (first_response_time.__doc__ or "") % _TIME_NOTES


def resolution_time(
    tickets: Any,
    *,
    by: Any = None,
    opened: str = "opened_at",
    resolved: str = "resolved_at",
    date_format: str | None = None,
    dayfirst: bool | None = None,
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
    date_format, dayfirst : optional
        How text times are written, as :func:`cxkit.data.read_dates` reads them: one way for the
        whole column, found from its values or given (``dayfirst=True``: 05/03/2025 is 5 March);
        a column that reads both day-first and month-first is an error naming its first such value.
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
    elapsed = _elapsed(df, opened, resolved, calendar, date_format=date_format, dayfirst=dayfirst)
    return _time_summary(elapsed, df, cols, unit, "n_open")


resolution_time.__doc__ = (resolution_time.__doc__ or "") % _TIME_NOTES


def backlog(
    tickets: Any,
    *,
    freq: str = "W",
    opened: str = "opened_at",
    resolved: str = "resolved_at",
    date_format: str | None = None,
    dayfirst: bool | None = None,
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
    date_format, dayfirst : optional
        How text times are written, as :func:`cxkit.data.read_dates` reads them: one way for the
        whole column, found from its values or given (``dayfirst=True``: 05/03/2025 is 5 March);
        a column that reads both day-first and month-first is an error naming its first such value.

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
    >>> backlog(t, freq="W")[["opened", "resolved", "open_at_end"]]  # doctest: +NORMALIZE_WHITESPACE
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
    dates: dict[str, Any] = {"date_format": date_format, "dayfirst": dayfirst}
    _elapsed(df, opened, resolved, None, **dates)  # the checks: a resolution before its opening is an error
    o = _times(df, opened, required=True, **dates)
    r = _times(df, resolved, required=False, **dates)
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
