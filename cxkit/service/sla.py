r"""Service-level targets: each ticket met its target or not, the attainment per group, CSAT by target.

>>> import pandas as pd
>>> from cxkit.service import sla_attainment
>>> t = pd.DataFrame({
...     "channel": ["chat", "chat", "email", "email"],
...     "opened_at": pd.to_datetime(["2025-03-03 09:00"] * 4),
...     "first_response_at": pd.to_datetime(
...         ["2025-03-03 09:05", "2025-03-03 09:20", "2025-03-03 13:00", None]),
... })
>>> targets = {"chat": pd.Timedelta("10min"), "email": pd.Timedelta("4h")}
>>> sla_attainment(t, targets)[["n", "count", "value", "n_no_response"]]  # doctest: +NORMALIZE_WHITESPACE
         n  count  value  n_no_response
channel
chat     2      1   50.0              0
email    2      1   50.0              1
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from cxkit.errors import CXConfigError
from cxkit.service._tickets import _ALL, _by_list, _elapsed, _frame, _group_keys, _rates, _times
from cxkit.service.targets import check_targets
from cxkit.stats.checks import check_choice
from cxkit.stats.rates import check_rate_options, interval_columns

if TYPE_CHECKING:  # pragma: no cover
    from cxkit.service.calendar import BusinessCalendar

__all__ = ["csat_by_target", "sla_attainment", "sla_met"]

_ON = {"first_response": "first_response_at", "resolution": "resolved_at"}


def sla_met(
    tickets: Any,
    targets: Mapping[str, Any],
    *,
    on: str = "first_response",
    channel: str = "channel",
    opened: str = "opened_at",
    date_format: str | None = None,
    dayfirst: bool | None = None,
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
    target = check_targets(targets)
    if channel not in df.columns:
        _by_list(df, channel)
    chan = df[channel].astype("string")
    present = set(chan.dropna().unique())
    missing = sorted(present - set(target))
    if missing:
        unused = sorted(set(target) - present)
        raise CXConfigError(
            f"No target for the channel(s) {', '.join(repr(m) for m in missing)}. Give a target for "
            f"every channel in the table; the targets given are for: {', '.join(sorted(target))}"
            + (
                f" (of which {', '.join(map(repr, unused))} is no channel of the table: misspelt?)."
                if unused
                else "."
            )
        )
    _by_list(df, channel)
    elapsed = _elapsed(df, opened, _ON[on], calendar, date_format=date_format, dayfirst=dayfirst)
    limit = chan.map(target).astype("timedelta64[ns]")
    met = (elapsed.notna() & (elapsed <= limit)).to_numpy(dtype=bool)
    return pd.Series(np.asarray(met, dtype=bool), index=df.index, name="met")


def sla_attainment(
    tickets: Any,
    targets: Mapping[str, Any],
    *,
    on: str = "first_response",
    by: Any = "channel",
    channel: str = "channel",
    opened: str = "opened_at",
    date_format: str | None = None,
    dayfirst: bool | None = None,
    calendar: BusinessCalendar | None = None,
    confidence: float = 0.95,
    method: str = "wilson",
    min_n: int = 30,
) -> Any:
    r"""Share of tickets that met their channel's service-level target, per group, with its interval.

    With :math:`m_g` tickets of group :math:`g` meeting their target (see :func:`sla_met`: a tie
    counts as met, a ticket never answered as missed) out of :math:`n_g`, the attainment is
    :math:`100\,m_g/n_g` percent, with the interval of ``method`` (default Wilson's score interval,
    :func:`cxkit.stats.intervals.proportion_wilson`), as built by :func:`cxkit.stats.rate_table`.

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
    date_format, dayfirst : optional
        How text times are written, as :func:`cxkit.data.read_dates` reads them: one way for the
        whole column, found from its values or given (``dayfirst=True``: 05/03/2025 is 5 March);
        a column that reads both day-first and month-first is an error naming its first such value.
    calendar : BusinessCalendar, optional
        Measure the times in opening hours.
    confidence : float, default 0.95
        Level of the interval.
    method : str, default "wilson"
        Interval method for a proportion (:func:`cxkit.stats.methods_for` ``("proportion")``).
    min_n : int, default 30
        Groups with fewer tickets are flagged ``too_small``.

    Returns
    -------
    DataFrame
        Indexed by the ``by`` groups; the rate table (:data:`cxkit.stats.RATE_COLUMNS`: ``value``
        in percent, ``n`` tickets, ``low``, ``high``, ``moe``, ``too_small``, ``method``,
        ``confidence``, ``count`` = tickets that met their target), then ``n_no_response``
        (tickets with no first response, or still open for ``on="resolution"``; all counted as
        missed).

    Raises
    ------
    CXConfigError
        ``targets`` not a dict of positive times, a channel of the table without a target, an
        unknown ``on``, a bad ``confidence``, ``method`` or ``min_n``.
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
    >>> r[["n", "count", "value"]]  # doctest: +NORMALIZE_WHITESPACE
             n  count  value
    channel
    phone    2      1   50.0
    """
    check_rate_options(confidence=confidence, method=method, min_n=min_n)
    df = _frame(tickets)
    met = sla_met(
        df,
        targets,
        on=on,
        channel=channel,
        opened=opened,
        date_format=date_format,
        dayfirst=dayfirst,
        calendar=calendar,
    )
    cols = _by_list(df, by)
    out = _rates(met, df, cols, confidence=confidence, method=method, min_n=min_n)
    blank = _times(df, _ON[on], required=False, date_format=date_format, dayfirst=dayfirst).isna()
    out["n_no_response"] = blank.groupby(_group_keys(df, cols), observed=True, sort=True).sum().astype(int)
    return out


def csat_by_target(
    tickets: Any,
    targets: Mapping[str, Any],
    *,
    by: str = "channel",
    on: str = "first_response",
    csat: str = "csat",
    date_format: str | None = None,
    dayfirst: bool | None = None,
    calendar: BusinessCalendar | None = None,
    confidence: float = 0.95,
    method: str = "newcombe",
    min_n: int = 30,
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
    csat : str, default "csat"
        The column of post-ticket CSAT answers (1-5, blank if not answered).
    date_format, dayfirst : optional
        How text times are written, as :func:`cxkit.data.read_dates` reads them: one way for the
        whole column, found from its values or given (``dayfirst=True``: 05/03/2025 is 5 March);
        a column that reads both day-first and month-first is an error naming its first such value.
    calendar : BusinessCalendar, optional
    confidence : float, default 0.95
        Level of the interval.
    method : {"newcombe", "wald"}, default "newcombe"
        Interval method for the difference (:func:`cxkit.metrics.compare_csat`).
    min_n : int, default 30
        Groups with fewer CSAT answers (met and missed together) are flagged ``too_small``; check
        ``n_met`` and ``n_missed`` too, since a comparison needs both groups.

    Returns
    -------
    DataFrame
        One row per group; the columns of :data:`cxkit.stats.INTERVAL_COLUMNS`: ``value`` (the
        difference met - missed, in percentage points), ``n`` (tickets with a CSAT answer),
        ``low``, ``high``, ``moe``, ``too_small``, ``method``, ``confidence``; then ``csat_met``,
        ``csat_missed`` (percent satisfied), ``p_value``, ``n_met``, ``n_missed`` and ``n_blank``
        (tickets without a CSAT answer).

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

    confidence, m, min_n = check_rate_options(
        confidence=confidence, method=method, min_n=min_n, estimator="proportion_difference"
    )
    df = _frame(tickets)
    met = sla_met(
        df, targets, on=on, date_format=date_format, dayfirst=dayfirst, calendar=calendar
    ).to_numpy()
    cols = _by_list(df, by)
    if csat not in df.columns:
        _by_list(df, csat)
    rows = {}
    key = df[cols[0]] if cols else pd.Series(_ALL, index=df.index)
    for g in key.drop_duplicates().sort_values():  # a categorical column keeps its own order
        sel = (key == g).to_numpy()
        a, b = df.loc[sel & met, csat], df.loc[sel & ~met, csat]
        c = compare_csat(
            a, b, confidence=confidence, method=m.name, min_n=0, dropna=True, names=("met", "missed")
        )
        rows[g] = {
            "value": c.value,
            "n": c.n_a + c.n_b,
            "low": c.low,
            "high": c.high,
            "csat_met": c.value_a,
            "csat_missed": c.value_b,
            "p_value": c.p_value,
            "n_met": c.n_a,
            "n_missed": c.n_b,
            "n_blank": int(df.loc[sel, csat].isna().sum()),
        }
    raw = pd.DataFrame.from_dict(rows, orient="index")
    head = interval_columns(
        raw["value"], raw["n"], raw["low"], raw["high"], method=m.name, confidence=confidence, min_n=min_n
    )
    out = pd.DataFrame(head, index=raw.index).join(raw.drop(columns=["value", "n", "low", "high"]))
    out.index.name = cols[0] if cols else None
    return out
