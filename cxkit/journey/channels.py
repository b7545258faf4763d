r"""Channels: how many journeys switch channel (omnichannel behaviour) and where they hand off.

>>> import pandas as pd
>>> events = pd.DataFrame({"case_id": ["J1", "J1", "J2", "J2", "J3"],
...                        "channel": ["app", "store", "web", "web", "web"]})
>>> channel_switching(events, min_n=1)[["value", "n", "count", "low", "high"]].round(1)
     value  n  count  low  high
all   33.3  3      1  6.1  79.2
"""

from __future__ import annotations

import numbers
import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np

from cxkit._checks import require_columns
from cxkit.errors import CXConfigError, CXDataError, CXDataWarning
from cxkit.stats.rates import check_rate_options, rate_table

__all__ = ["channel_handoffs", "channel_switching"]


def _journey_events(events: Any, case: str, channel: str, stage: str, stages: Any, extra: list[str]) -> Any:
    cols = [case, channel, *extra, *([stage] if stages is not None else [])]
    require_columns(events, cols, "event log")
    for col in (case, channel):
        blank = events[col].isna().to_numpy()
        if blank.any():
            pos = int(np.argmax(blank))
            raise CXDataError(
                "blank value",
                dataset="events",
                column=col,
                row=events.index[pos],
                value=None,
                expected=f"a {col} on every event",
            )
    if stages is None:
        return events
    chosen = [stages] if isinstance(stages, str) else list(stages)
    known = set(events[stage].dropna().astype(str))
    unknown = [s for s in chosen if s not in known]
    if unknown or not chosen:
        raise CXConfigError(
            f"stages must name stages found in the column {stage!r}; got {stages!r}. "
            f"The stages in the data are: {', '.join(sorted(known))}."
        )
    return events[events[stage].astype(str).isin(chosen)]


def channel_switching(
    events: Any,
    *,
    by: str | None = None,
    case: str = "case_id",
    channel: str = "channel",
    stage: str = "stage",
    stages: Sequence[str] | None = None,
    confidence: float = 0.95,
    method: str = "wilson",
    min_n: int = 30,
) -> Any:
    r"""Share of journeys that use more than one channel: omnichannel behaviour, measured.

    A company is *multichannel* when it offers several channels; its customers behave
    *omnichannel* when one journey moves between them (browse in the app, buy in a store). For
    each group, with :math:`J` journeys of which :math:`S` use two channels or more,

    .. math::

        \text{value} = 100\,S / J \ \text{percent},

    with the Wilson score interval by default (each journey counts once, journeys taken as
    independent).

    Parameters
    ----------
    events : pandas.DataFrame
        The event log: one row per event with ``case`` and ``channel`` (``cxkit.data.load("events")``).
    by : str, optional
        A column of ``events`` to split by (e.g. ``"segment"`` after joining the customers). A
        journey belongs to the group of its first event; journeys whose group is blank are left
        out with a :class:`~cxkit.errors.CXDataWarning`.
    case, channel, stage : str
        Column names.
    stages : list of str, optional
        Count only events of these stages (e.g. ``["consideration", "decision", "purchase"]``
        for the shopping part, leaving out ads and after-sale e-mails).
    confidence : float, default 0.95
        Confidence level of the interval.
    method : str, default "wilson"
        A ``"proportion"`` interval method of :func:`cxkit.stats.methods_for`.
    min_n : int, default 30
        Groups with fewer journeys are flagged ``too_small``.

    Returns
    -------
    pandas.DataFrame
        A rate table (:data:`cxkit.stats.RATE_COLUMNS`), one row per group (the single row
        ``"all"`` without ``by``): ``value`` (percent of journeys switching channel), ``n``
        (journeys), ``low``, ``high``, ``moe``, ``too_small``, ``method``, ``confidence``,
        ``count`` (journeys with two channels or more); then ``journeys`` and ``switching`` (the
        same counts, by name) and ``mean_channels`` (channels per journey).

    Raises
    ------
    CXDataError
        A missing column or a blank case id or channel.
    CXConfigError
        An unknown stage, a bad ``confidence``, ``method`` or ``min_n``.

    References
    ----------
    Verhoef, P. C., Kannan, P. K. & Inman, J. J. (2015). From multi-channel retailing to
    omni-channel retailing. *Journal of Retailing*, 91(2), 174–181.

    Examples
    --------
    >>> import pandas as pd
    >>> events = pd.DataFrame({"case_id": ["J1", "J1", "J2", "J3", "J3"],
    ...     "channel": ["app", "store", "web", "web", "web"], "segment": ["B2C"] * 5})
    >>> t = channel_switching(events, by="segment", min_n=1)
    >>> t[["journeys", "switching", "mean_channels"]]  # doctest: +NORMALIZE_WHITESPACE
             journeys  switching  mean_channels
    segment
    B2C             3          1       1.333333
    """
    import pandas as pd

    check_rate_options(confidence=confidence, method=method, min_n=min_n)
    ev = _journey_events(events, case, channel, stage, stages, [by] if by is not None else [])
    per = ev.groupby(case, sort=True)[channel].nunique()
    if by is None:
        group = pd.Series("all", index=per.index)
    else:
        group = ev.groupby(case, sort=True)[by].first().reindex(per.index)
        blank = group.isna()
        if blank.any():
            warnings.warn(
                f"{int(blank.sum()):,} journeys with a blank {by!r} were left out of the table "
                "(no group to put them in); fill the blanks (e.g. 'prospect') to count them.",
                CXDataWarning,
                stacklevel=2,
            )
            per, group = per[~blank], group[~blank]
    frame = pd.DataFrame({"g": group.astype(str).to_numpy(), "k": per.to_numpy()})
    agg = frame.groupby("g", sort=True).agg(
        journeys=("k", "size"), switching=("k", lambda k: int((k >= 2).sum())), mean_channels=("k", "mean")
    )
    out = rate_table(
        agg["switching"].to_numpy(),
        agg["journeys"].to_numpy(),
        index=pd.Index(agg.index.to_numpy(), name=by),
        confidence=confidence,
        method=method,
        min_n=min_n,
    )
    out["journeys"] = agg["journeys"].to_numpy(dtype=np.int64)
    out["switching"] = agg["switching"].to_numpy(dtype=np.int64)
    out["mean_channels"] = agg["mean_channels"].to_numpy(dtype=float)
    return out


def channel_handoffs(
    events: Any,
    *,
    case: str = "case_id",
    channel: str = "channel",
    timestamp: str = "timestamp",
    stage: str = "stage",
    stages: Sequence[str] | None = None,
    top: int | None = 10,
) -> Any:
    r"""Count the most common hand-offs from one channel to another within a journey.

    Events are put in time order within each journey; a hand-off ``a → b`` is a pair of
    consecutive events whose channel changes from ``a`` to ``b``. For each pair,
    ``journeys`` counts the journeys with at least one such hand-off and ``share`` divides by
    all journeys (after ``stages``), so "12 % of journeys go from the app to a store".

    Parameters
    ----------
    events : pandas.DataFrame
        The event log with ``case``, ``channel`` and ``timestamp``.
    case, channel, timestamp, stage : str
        Column names.
    stages : list of str, optional
        Keep only events of these stages before looking for hand-offs.
    top : int or None, default 10
        Keep the ``top`` most common hand-offs (``None``: all).

    Returns
    -------
    pandas.DataFrame
        Columns ``from_channel, to_channel, journeys, share, handoffs`` (every occurrence,
        counting repeats within a journey), most common first (ties by name).

    Raises
    ------
    CXDataError
        A missing column or a blank case id or channel.
    CXConfigError
        An unknown stage or a bad ``top``.

    Examples
    --------
    >>> import pandas as pd
    >>> events = pd.DataFrame({"case_id": ["J1", "J1", "J2", "J2", "J2"],
    ...     "channel": ["app", "store", "app", "store", "app"],
    ...     "timestamp": pd.to_datetime(["2025-01-01 10:00", "2025-01-02 11:00",
    ...         "2025-01-01 09:00", "2025-01-01 12:00", "2025-01-03 08:00"])})
    >>> channel_handoffs(events)  # doctest: +NORMALIZE_WHITESPACE
      from_channel to_channel  journeys  share  handoffs
    0          app      store         2    1.0         2
    1        store        app         1    0.5         1
    """
    import pandas as pd

    if top is not None and (isinstance(top, bool) or not isinstance(top, numbers.Integral) or top < 1):
        raise CXConfigError(f"top must be a whole number of 1 or more, or None; got {top!r}.")
    ev = _journey_events(events, case, channel, stage, stages, [timestamp])
    ev = ev.sort_values([case, timestamp], kind="stable")
    cases = ev[case].to_numpy()
    chans = ev[channel].astype(str).to_numpy()
    n_journeys = len(pd.unique(cases))
    same = cases[1:] == cases[:-1]
    change = same & (chans[1:] != chans[:-1])
    pairs = pd.DataFrame(
        {"case": cases[1:][change], "from_channel": chans[:-1][change], "to_channel": chans[1:][change]}
    )
    if pairs.empty:
        return pd.DataFrame(
            {
                "from_channel": pd.Series([], dtype=object),
                "to_channel": pd.Series([], dtype=object),
                "journeys": pd.Series([], dtype=np.int64),
                "share": pd.Series([], dtype=float),
                "handoffs": pd.Series([], dtype=np.int64),
            }
        )
    grouped = pairs.groupby(["from_channel", "to_channel"], sort=True)
    out = pd.DataFrame({"journeys": grouped["case"].nunique(), "handoffs": grouped.size()}).reset_index()
    out["share"] = out["journeys"] / n_journeys
    out = out.sort_values(["journeys", "from_channel", "to_channel"], ascending=[False, True, True])
    out = out[["from_channel", "to_channel", "journeys", "share", "handoffs"]]
    if top is not None:
        out = out.head(int(top))
    return out.reset_index(drop=True)
