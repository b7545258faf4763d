r"""Journey analytics on an event log: the paths customers take and where they get stuck.

Directly-follows counts, start and end activities, variants, stage funnels, time between stages,
flows and the touchpoints behind the worst scores.

An **event log** has one row per event, with at least a case (one journey), an activity (what
happened) and a timestamp; the course log is ``cxkit.data.load("events")`` (columns ``case_id``,
``event``, ``stage``, ``channel``, ``touchpoint``, ``timestamp``, ...). Every function takes the
column names as keyword arguments (``case="case_id"``, ``activity="event"``,
``timestamp="timestamp"``), so ``activity="stage"`` or ``activity="channel"`` analyses the same
journeys at another level of detail.

**Order of events.** Rows may come in any order. Within a case, events are ordered by timestamp;
events with the *same* timestamp are ordered by the ``tie_break`` column when one is given (a
sequence number), then by activity name (text order). The rule is the same on every engine
(pandas, polars, DuckDB, Spark: a database has no row order), so the row order never changes a
result. pm4py keeps tied events in row order instead; given the rows sorted by activity name, it
counts exactly as cxkit (``bench/test_pm4py_agreement.py`` checks it).

**Durations** are measured between instants in UTC: a zone-aware log crossing a daylight-saving
change gives 3,600 s for an hour of real time, never 7,200 or 0. Zone-less timestamps are taken as
they are (the course data are in local time).

**Speed.** Cases and activities become integer codes (``pandas.factorize``, no string sorting),
the events are put in order by case, time, tie-break and name rank (one ``numpy.argsort`` of the
keys packed into an int64, the order of ``numpy.lexsort``; rows already in order are not sorted),
and everything else is vectorised shifts and counts on the sorted codes: no Python loop over
cases. Variants are found on the codes (a prefix tree built one position at a time over all cases
at once); Python tuples of activity names are built only for the distinct variants. Calling
several functions on one log? :func:`prepare` it once: each function then skips its own checks,
codes and sort (on a large log in shuffled row order, most of its time).

Bad input raises :class:`cxkit.errors.CXDataError` naming the column and the first offending row:
a missing column, an empty log, a blank case or activity, a missing or unparseable timestamp (pm4py
drops such rows silently), a column mixing timestamps with and without a time zone.

>>> import pandas as pd
>>> from cxkit.journey.analytics import directly_follows, variants
>>> log = pd.DataFrame({
...     "case_id": ["a", "a", "a", "b", "b"],
...     "event": ["visit", "basket", "buy", "visit", "basket"],
...     "timestamp": pd.to_datetime(["2024-01-01 10:00", "2024-01-01 10:05", "2024-01-01 10:20",
...                                  "2024-01-02 09:00", "2024-01-02 09:15"]),
... })
>>> directly_follows(log)[["source", "target", "count", "mean_s"]]
   source  target  count  mean_s
0   visit  basket      2   600.0
1  basket     buy      1   900.0
>>> variants(log)["count"].tolist()
[1, 1]
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from cxkit.errors import CXConfigError, CXDataWarning
from cxkit.journey import _narwhals as _on_frame
from cxkit.journey._eventlog import (
    _NS,
    PreparedLog,
    _by_list,
    _case_groups,
    _check_stages,
    _columns,
    _count_series,
    _grouped_median,
    _Log,
    _pandas_log,
    _prepare,
    _sort_by_count,
    _stage_positions,
)
from cxkit.journey._narwhals import route as _route
from cxkit.stats.rates import check_rate_options, rate_table

__all__ = [
    "PreparedLog",
    "directly_follows",
    "end_activities",
    "funnel",
    "prepare",
    "start_activities",
    "variants",
]


# --------------------------------------------------------------------------------------------
# A log prepared once
# --------------------------------------------------------------------------------------------


def prepare(
    log: Any,
    *,
    case: str = "case_id",
    activity: str = "event",
    timestamp: str = "timestamp",
    tie_break: str | None = None,
) -> PreparedLog:
    r"""Check an event log and put its events in order once, for every journey function to reuse.

    Every journey function (:func:`directly_follows`, :func:`start_activities`,
    :func:`end_activities`, :func:`variants`, :func:`funnel`,
    :func:`~cxkit.journey.timing.stage_times`, :func:`~cxkit.journey.timing.stage_durations`,
    :func:`~cxkit.journey.flow.flows`) accepts the result in place of the frame and then skips
    its own checks, coding and sort: on a large log in shuffled row order the sort is most of
    each call's time, so calling four functions on one prepared log costs one sort, not four.

    Parameters
    ----------
    log : pandas.DataFrame, or a DuckDB, polars or PySpark frame
        An event log, one row per event, in any row order.
    case, activity, timestamp : str
        Column names of the case (journey), the activity and the time of each event.
    tie_break : str, optional
        A column that orders events of a case with the same timestamp (a sequence number).
        **Ties**: events of a case with the same timestamp are ordered by ``tie_break`` when
        given, then by activity name (text order); the same on pandas, polars, DuckDB and Spark,
        and the row order never matters. A blank ``tie_break`` value is refused.

    Returns
    -------
    PreparedLog
        An immutable object: the column names it was prepared with (``case``, ``activity``,
        ``timestamp``, ``tie_break``), ``engine``, ``n_events`` and ``n_cases`` (``None`` on a
        lazy engine). Pass it to the functions with no column keywords, or with the same ones; a
        different column is an error (prepare again for it). It holds a snapshot of the log
        (pandas' copy-on-write: free until the original changes), so **changing the frame
        afterwards changes neither the prepared log nor its results**: prepare the changed frame
        again. Any other column of the frame (a ``by=`` column of :func:`funnel`) is read from
        the snapshot. On DuckDB, polars and PySpark the checks run once and each function still
        runs its own query on the engine (the engine orders the events inside its windows).

    Raises
    ------
    cxkit.errors.CXDataError
        As :func:`directly_follows`: a missing column, an empty log, a blank case, activity or
        tie-break value, a missing or unparseable timestamp.

    Notes
    -----
    The preparation is the one every function does on its own (module docstring, "Speed"):
    integer codes of cases and activities (``pandas.factorize``), the events in order by case,
    time, ``tie_break`` and activity name, and where each case starts and how long it is. The
    results are identical to the functions' on the frame itself, in any row order.

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({"case_id": [2, 1, 1, 2], "event": ["buy", "view", "buy", "view"],
    ...                     "timestamp": pd.to_datetime(["2024-01-02 10:05", "2024-01-01 10:00",
    ...                                                  "2024-01-01 10:03", "2024-01-02 10:00"])})
    >>> prepared = prepare(log)
    >>> prepared
    PreparedLog(4 events, 2 cases, engine='pandas', case='case_id', activity='event', timestamp='timestamp')
    >>> directly_follows(prepared)[["source", "target", "count", "mean_s"]]
      source target  count  mean_s
    0   view    buy      2   240.0
    >>> start_activities(prepared).to_dict(), variants(prepared)["count"].tolist()
    ({'view': 2}, [2])
    """
    frame, log = _route(log)
    if frame is not None:
        _on_frame.check(
            frame, case=case, activity=activity, timestamp=timestamp, tie_break=tie_break, stacklevel=3
        )
        return PreparedLog(case, activity, timestamp, tie_break, frame, None)
    if isinstance(log, PreparedLog):
        log.check_columns(case=case, activity=activity, timestamp=timestamp, tie_break=tie_break)
        return log
    lg = _prepare(log, case=case, activity=activity, timestamp=timestamp, tie_break=tie_break)
    if isinstance(log, pd.DataFrame):  # a snapshot: later changes to the learner's frame stay out
        log = log.copy(deep=False)  # pandas >= 3: copy-on-write, the data are copied only if changed
    return PreparedLog(case, activity, timestamp, tie_break, log, lg)


# --------------------------------------------------------------------------------------------
# Directly-follows, start and end activities, variants
# --------------------------------------------------------------------------------------------


def directly_follows(
    log: pd.DataFrame,
    *,
    case: str = "case_id",
    activity: str = "event",
    timestamp: str = "timestamp",
    tie_break: str | None = None,
) -> pd.DataFrame:
    r"""Count how often each activity is directly followed by another in the same case, and how long it takes.

    Parameters
    ----------
    log : pandas.DataFrame, or a DuckDB, polars or PySpark frame
        An event log, one row per event, in any row order.
    case, activity, timestamp : str
        Column names of the case (journey), the activity and the time of each event.
    tie_break : str, optional
        A column that orders events of a case with the same timestamp (a sequence number).
        **Ties**: events of a case with the same timestamp are ordered by ``tie_break`` when
        given, then by activity name (text order); the same on pandas, polars, DuckDB and Spark,
        and the row order never matters. A blank ``tie_break`` value is refused.

    Returns
    -------
    pandas.DataFrame
        One row per pair that occurs: ``source``, ``target``, ``count`` (number of times ``target``
        directly follows ``source`` in a case), ``mean_s`` and ``median_s`` (the time between the
        two events, in seconds). Sorted by count (largest first), then source and target.

    Raises
    ------
    cxkit.errors.CXDataError
        A missing column, an empty log, a blank case or activity, a missing or unparseable
        timestamp, timestamps with and without a time zone in one column.

    Notes
    -----
    With the events of each case :math:`c` in order :math:`e_{c,1}, \dots, e_{c,n_c}` (by time,
    ties by ``tie_break`` then activity name), the directly-follows count of the pair :math:`(a, b)` is

    .. math::

        |a > b| = \sum_c \#\{\, i < n_c : \mathrm{act}(e_{c,i}) = a,\ \mathrm{act}(e_{c,i+1}) = b \,\},

    and its durations are :math:`t(e_{c,i+1}) - t(e_{c,i})` over the same pairs. A loop
    (``a`` followed by ``a``) is a pair like any other. This is the directly-follows relation
    of process mining (van der Aalst 2016, section 6.2; pm4py's ``discover_dfg`` and
    ``discover_performance_dfg``).

    References
    ----------
    van der Aalst, W. M. P. (2016). *Process Mining: Data Science in Action* (2nd ed.). Springer.

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({"case_id": [1, 1, 1, 2, 2],
    ...                     "event": ["view", "view", "buy", "view", "buy"],
    ...                     "timestamp": pd.to_datetime(["2024-01-01 10:00", "2024-01-01 10:01",
    ...                         "2024-01-01 10:05", "2024-01-01 11:00", "2024-01-01 11:02"])})
    >>> directly_follows(log)
      source target  count  mean_s  median_s
    0   view    buy      2   180.0     180.0
    1   view   view      1    60.0      60.0
    """
    case, activity, timestamp, tie_break = _columns(log, case, activity, timestamp, tie_break)
    frame, log = _route(log)
    if frame is not None:
        return _on_frame.directly_follows(
            frame, case=case, activity=activity, timestamp=timestamp, tie_break=tie_break
        )
    log, lg = _pandas_log(log, case=case, activity=activity, timestamp=timestamp, tie_break=tie_break)
    same = lg.case[1:] == lg.case[:-1]
    k = len(lg.activities)
    pair = (lg.act[:-1].astype(np.int64) * k + lg.act[1:])[same]
    dur = ((lg.ns[1:] - lg.ns[:-1])[same]).astype(np.float64) / _NS
    counts = np.bincount(pair, minlength=k * k)
    sums = np.bincount(pair, weights=dur, minlength=k * k)
    medians = _grouped_median(pair, dur, k * k)
    keep = np.flatnonzero(counts)
    out = pd.DataFrame(
        {
            "source": lg.activities[keep // k].to_numpy(),
            "target": lg.activities[keep % k].to_numpy(),
            "count": counts[keep].astype(np.int64),
            "mean_s": sums[keep] / counts[keep],
            "median_s": medians[keep],
        }
    )
    return _sort_by_count(out, ["source", "target"])


def start_activities(
    log: pd.DataFrame,
    *,
    case: str = "case_id",
    activity: str = "event",
    timestamp: str = "timestamp",
    tie_break: str | None = None,
) -> pd.Series:
    r"""Count the cases that start with each activity.

    Parameters
    ----------
    log : pandas.DataFrame, or a DuckDB, polars or PySpark frame
        An event log, one row per event, in any row order.
    case, activity, timestamp : str
        Column names of the case, the activity and the time of each event.
    tie_break : str, optional
        A column that orders events of a case with the same timestamp (a sequence number).
        **Ties**: events of a case with the same timestamp are ordered by ``tie_break`` when
        given, then by activity name (text order); the same on pandas, polars, DuckDB and Spark,
        and the row order never matters. A blank ``tie_break`` value is refused.

    Returns
    -------
    pandas.Series
        Named ``count``, indexed by activity (the index is named after the activity column): the
        number of cases whose first event (earliest time; on a tie, the first row) is that
        activity. Sorted by count (largest first), then activity. Sums to the number of cases.

    Raises
    ------
    cxkit.errors.CXDataError
        As :func:`directly_follows`.

    Notes
    -----
    :math:`\mathrm{start}(a) = \#\{c : \mathrm{act}(e_{c,1}) = a\}` (van der Aalst 2016;
    pm4py's ``get_start_activities``).

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({"case_id": [1, 1, 2, 3], "event": ["ad", "visit", "visit", "ad"],
    ...                     "timestamp": pd.to_datetime(["2024-01-02", "2024-01-03", "2024-01-01",
    ...                                                  "2024-01-01"])})
    >>> start_activities(log)
    event
    ad       2
    visit    1
    Name: count, dtype: int64
    """
    case, activity, timestamp, tie_break = _columns(log, case, activity, timestamp, tie_break)
    frame, log = _route(log)
    if frame is not None:
        return _on_frame.start_activities(
            frame, case=case, activity=activity, timestamp=timestamp, tie_break=tie_break
        )
    log, lg = _pandas_log(log, case=case, activity=activity, timestamp=timestamp, tie_break=tie_break)
    return _count_series(lg.first, lg.activities, activity)


def end_activities(
    log: pd.DataFrame,
    *,
    case: str = "case_id",
    activity: str = "event",
    timestamp: str = "timestamp",
    tie_break: str | None = None,
) -> pd.Series:
    r"""Count the cases that end with each activity.

    Parameters
    ----------
    log : pandas.DataFrame, or a DuckDB, polars or PySpark frame
        An event log, one row per event, in any row order.
    case, activity, timestamp : str
        Column names of the case, the activity and the time of each event.
    tie_break : str, optional
        A column that orders events of a case with the same timestamp (a sequence number).
        **Ties**: events of a case with the same timestamp are ordered by ``tie_break`` when
        given, then by activity name (text order); the same on pandas, polars, DuckDB and Spark,
        and the row order never matters. A blank ``tie_break`` value is refused.

    Returns
    -------
    pandas.Series
        Named ``count``, indexed by activity: the number of cases whose last event (latest time;
        on a tie, the last row) is that activity, sorted by count, then activity.

    Raises
    ------
    cxkit.errors.CXDataError
        As :func:`directly_follows`.

    Notes
    -----
    :math:`\mathrm{end}(a) = \#\{c : \mathrm{act}(e_{c,n_c}) = a\}` (van der Aalst 2016;
    pm4py's ``get_end_activities``).

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({"case_id": [1, 1, 2, 3], "event": ["ad", "visit", "visit", "ad"],
    ...                     "timestamp": pd.to_datetime(["2024-01-02", "2024-01-03", "2024-01-01",
    ...                                                  "2024-01-01"])})
    >>> end_activities(log)
    event
    visit    2
    ad       1
    Name: count, dtype: int64
    """
    case, activity, timestamp, tie_break = _columns(log, case, activity, timestamp, tie_break)
    frame, log = _route(log)
    if frame is not None:
        return _on_frame.end_activities(
            frame, case=case, activity=activity, timestamp=timestamp, tie_break=tie_break
        )
    log, lg = _pandas_log(log, case=case, activity=activity, timestamp=timestamp, tie_break=tie_break)
    return _count_series(lg.last, lg.activities, activity)


def _variant_ids(lg: _Log) -> np.ndarray:
    """Give each case the id of its sequence of activity codes (equal ids = equal sequences).

    A prefix tree is built one position at a time over all cases at once: the node of a case
    after ``j + 1`` events is numbered by the pair (its node after ``j`` events, its activity
    ``j + 1``). The loop runs over positions (the longest case's length), never over cases.
    Node numbers are unique per position (an offset), so equal numbers mean equal prefixes.
    """
    k = len(lg.activities) + 1
    longest_first = np.argsort(-lg.lengths, kind="stable")
    starts = lg.starts[longest_first]
    alive_at = np.searchsorted(-lg.lengths[longest_first], -np.arange(int(lg.lengths.max())), side="left")
    node = np.zeros(lg.n_cases, dtype=np.int64)  # by position in longest_first
    offset = 0
    for j, m in enumerate(alive_at.tolist()):  # the cases longer than j are the first m
        key = node[:m] * k + lg.act[starts[:m] + j]
        inv, uniq = pd.factorize(key)  # a hash table: no sort (np.unique's sort took twice as long)
        node[:m] = inv + offset + 1
        offset += len(uniq)
    out = np.empty_like(node)
    out[longest_first] = node
    node = out
    return node


def variants(
    log: pd.DataFrame,
    *,
    case: str = "case_id",
    activity: str = "event",
    timestamp: str = "timestamp",
    tie_break: str | None = None,
) -> pd.DataFrame:
    r"""Count the cases that follow each distinct sequence of activities (each *variant*).

    Parameters
    ----------
    log : pandas.DataFrame, or a DuckDB, polars or PySpark frame
        An event log, one row per event, in any row order.
    case, activity, timestamp : str
        Column names of the case, the activity and the time of each event.
    tie_break : str, optional
        A column that orders events of a case with the same timestamp (a sequence number).
        **Ties**: events of a case with the same timestamp are ordered by ``tie_break`` when
        given, then by activity name (text order); the same on pandas, polars, DuckDB and Spark,
        and the row order never matters. A blank ``tie_break`` value is refused.

    Returns
    -------
    pandas.DataFrame
        ``variant`` (a tuple of activities, in order), ``count`` (cases) and ``share`` (count over
        the number of cases, from 0 to 1). Sorted by count (largest first), ties by variant.

    Raises
    ------
    cxkit.errors.CXDataError
        As :func:`directly_follows`.

    Notes
    -----
    The variant of case :math:`c` is the tuple :math:`\sigma_c = (\mathrm{act}(e_{c,1}), \dots,
    \mathrm{act}(e_{c,n_c}))`; :math:`\mathrm{count}(\sigma) = \#\{c : \sigma_c = \sigma\}` and
    :math:`\mathrm{share}(\sigma) = \mathrm{count}(\sigma) / \#\mathrm{cases}` (van der Aalst
    2016, section 2.2; pm4py's ``get_variants``). Repeated activities and loops are kept (a case
    ``view, view, buy`` is not the variant ``view, buy``).

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({"case_id": [1, 1, 2, 2, 3, 3, 3],
    ...                     "event": ["view", "buy", "view", "buy", "view", "view", "buy"],
    ...                     "timestamp": pd.to_datetime(["2024-01-01"] * 7) + pd.to_timedelta(range(7), "h")})
    >>> variants(log)
                 variant  count     share
    0        (view, buy)      2  0.666667
    1  (view, view, buy)      1  0.333333
    """
    case, activity, timestamp, tie_break = _columns(log, case, activity, timestamp, tie_break)
    frame, log = _route(log)
    if frame is not None:
        return _on_frame.variants(
            frame, case=case, activity=activity, timestamp=timestamp, tie_break=tie_break
        )
    log, lg = _pandas_log(log, case=case, activity=activity, timestamp=timestamp, tie_break=tie_break)
    codes, _ = pd.factorize(_variant_ids(lg))  # numbered in order of first appearance
    counts = np.bincount(codes)
    seen = np.maximum.accumulate(codes)
    first_case = np.flatnonzero(np.concatenate(([True], codes[1:] > seen[:-1])))
    labels = lg.activities.to_numpy()
    seqs = [tuple(labels[lg.act[lg.starts[c] : lg.starts[c] + lg.lengths[c]]].tolist()) for c in first_case]
    out = pd.DataFrame({"variant": seqs, "count": counts.astype(np.int64), "share": counts / lg.n_cases})
    key = [tuple(map(str, s)) for s in seqs]
    order = sorted(range(len(seqs)), key=lambda i: (-int(counts[i]), key[i]))
    return out.iloc[order].reset_index(drop=True)


# --------------------------------------------------------------------------------------------


def funnel(
    log: pd.DataFrame,
    *,
    stages: Sequence[Any],
    by: str | Sequence[str] | None = None,
    ordered: bool = True,
    case: str = "case_id",
    activity: str = "event",
    timestamp: str = "timestamp",
    confidence: float = 0.95,
    method: str = "wilson",
    min_n: int = 30,
    tie_break: str | None = None,
) -> pd.DataFrame:
    r"""Count the cases reaching each stage of a funnel, with conversion, drop-off and intervals.

    Parameters
    ----------
    log : pandas.DataFrame, or a DuckDB, polars or PySpark frame
        An event log, one row per event, in any row order.
    stages : list
        The funnel's stages in order: values of the ``activity`` column (with
        ``activity="stage"``: ``["awareness", "consideration", "decision", "purchase"]``).
    by : str or list of str, optional
        Column(s) to split the funnel by (segment, channel). A case belongs to the group of its
        **first event** (for a column that can change within a journey, such as ``channel``, that
        is the channel the journey started in). Cases with a blank group are left out, with a
        :class:`~cxkit.errors.CXDataWarning`.
    ordered : bool, default True
        ``True``: a case reaches stage :math:`k` with an event of that stage *after* the event
        where it reached stage :math:`k-1` (a closed, ordered funnel: each stage's cases are
        among the previous stage's, so the counts never rise). ``False``: a case counts at stage
        :math:`k` when it has an event of that stage at any point (journeys that skip a stage,
        such as store purchases without a basket, still count at the later stages); the
        conversions are then ratios of counts of different sets of cases, not proportions, so
        their intervals are left blank (NaN). The result's ``ordered`` column says which was used.
    case, activity, timestamp : str
        Column names.
    confidence : float, default 0.95
        Confidence level of the intervals.
    method : str, default "wilson"
        Interval of the conversion rates: a ``"proportion"`` method of
        :func:`cxkit.stats.methods_for` (``"wilson"``, ``"wald"``, ...).
    min_n : int, default 30
        A conversion whose base (the previous stage's cases; the first stage's for
        ``from_start_``) has fewer cases is flagged ``too_small``.
    tie_break : str, optional
        A column that orders events of a case with the same timestamp (a sequence number).
        **Ties**: events of a case with the same timestamp are ordered by ``tie_break`` when
        given, then by activity name (text order); the same on pandas, polars, DuckDB and Spark,
        and the row order never matters. A blank ``tie_break`` value is refused.

    Returns
    -------
    pandas.DataFrame
        A rate table (:data:`cxkit.stats.RATE_COLUMNS`), one row per stage, indexed by
        ``stage`` (by the ``by`` columns then ``stage`` with ``by``). The rate columns are the
        **conversion from the previous stage**: ``value`` (percent; 100 at step 1), ``n`` (the
        previous stage's cases, the base), ``low``, ``high``, ``moe``, ``too_small``,
        ``method``, ``confidence`` and ``count`` (the cases reaching the stage). Then the
        funnel's own columns: ``step`` (1 to K), ``cases`` (the cases reaching the stage, as
        ``count``), the **conversion from the start** (the first stage's cases) in the same
        columns prefixed ``from_start_`` (``from_start_value``, ``from_start_n``,
        ``from_start_low``, ``from_start_high``, ``from_start_moe``, ``from_start_too_small``),
        ``drop_off`` (cases lost since the previous stage), ``drop_off_pct`` (100 minus
        ``value``) and ``ordered``.

    Raises
    ------
    cxkit.errors.CXDataError
        As :func:`directly_follows`; a missing ``by`` column.
    cxkit.errors.CXConfigError
        Stages not given as a list, listed twice, or not values of the activity column; a bad
        ``confidence``, ``method`` or ``min_n``.

    Notes
    -----
    With :math:`n_k` the cases reaching stage :math:`k`:
    conversion from the previous stage :math:`100\,n_k / n_{k-1}`, from the first
    :math:`100\,n_k / n_1`, drop-off :math:`n_{k-1} - n_k`. Each conversion is a proportion of
    cases, with the Wilson score interval by default (Wilson 1927; Brown, Cai & DasGupta 2001),
    the same function as ``cxkit.metrics.csat``. An ordered funnel with greedy matching (each
    stage matched at its first occurrence after the previous one) is the "closed funnel" of web
    analytics (Kaushik 2009, ch. 5).

    References
    ----------
    Wilson, E. B. (1927). Probable inference, the law of succession, and statistical inference.
    JASA, 22(158), 209-212. Kaushik, A. (2009). *Web Analytics 2.0*. Sybex.

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({"case_id": [1, 1, 1, 2, 2, 3, 4],
    ...                     "stage": ["see", "try", "buy", "see", "try", "see", "try"],
    ...                     "timestamp": pd.to_datetime(["2024-01-01"] * 7) + pd.to_timedelta(range(7), "h")})
    >>> funnel(log, stages=["see", "try", "buy"], activity="stage", min_n=3)[
    ...     ["cases", "value", "low", "high", "too_small", "from_start_value", "drop_off"]].round(1)
    ... # doctest: +NORMALIZE_WHITESPACE
           cases  value   low   high  too_small  from_start_value  drop_off
    stage
    see        3  100.0  43.9  100.0      False             100.0         0
    try        2   66.7  20.8   93.9      False              66.7         1
    buy        1   50.0   9.5   90.5       True              33.3         1
    """
    options = check_rate_options(confidence=confidence, method=method, min_n=min_n)
    case, activity, timestamp, tie_break = _columns(log, case, activity, timestamp, tie_break)
    frame, log = _route(log)
    if frame is not None:  # the engine counts; the rates are computed here, on its counts
        small = _on_frame.funnel_log(
            frame,
            stages=stages,
            by=by,
            ordered=ordered,
            case=case,
            activity=activity,
            timestamp=timestamp,
            tie_break=tie_break,
        )
        return funnel(
            small,
            stages=stages,
            by=by,
            ordered=ordered,
            case=case,
            activity=activity,
            timestamp=timestamp,
            confidence=confidence,
            method=method,
            min_n=min_n,
        )
    by_cols = _by_list(by)
    log, lg = _pandas_log(
        log, case=case, activity=activity, timestamp=timestamp, extra=by_cols, tie_break=tie_break
    )
    stages = _check_stages(stages, lg.activities, activity)
    if not isinstance(ordered, bool):
        raise CXConfigError(
            f"ordered={ordered!r}: give True (stages in the given order) or False (any order)"
        )
    reached = _stage_positions(lg, stages, ordered) >= 0  # (stages, cases)
    counts, keys = _funnel_counts(log, lg, reached, by_cols)
    return _funnel_table(counts, keys, by_cols, stages, ordered, *options)


def _funnel_counts(
    log: pd.DataFrame, lg: _Log, reached: np.ndarray, by_cols: list[str]
) -> tuple[np.ndarray, list[tuple[Any, ...]]]:
    """Return the cases reaching each stage per group, shape (groups, stages), and the groups' keys."""
    if not by_cols:
        return reached.sum(axis=1)[None, :].astype(np.int64), [()]
    groups = _case_groups(log, lg, by_cols)
    blank = groups.isna().any(axis=1).to_numpy()
    if blank.any():
        warnings.warn(
            f"{int(blank.sum())} case(s) with a blank {' or '.join(map(repr, by_cols))} left out of the "
            "funnel (fill them, e.g. with 'prospect', to keep them)",
            CXDataWarning,
            stacklevel=3,
        )
    keep = ~blank
    codes = np.full(len(groups), -1, dtype=np.int64)
    kept, uniques = pd.MultiIndex.from_frame(groups[keep]).factorize(sort=True)
    codes[keep] = kept
    counts = np.stack(
        [np.bincount(codes[keep], weights=r[keep], minlength=len(uniques)) for r in reached], axis=1
    )
    return counts.astype(np.int64), list(uniques)


def _funnel_table(
    n: np.ndarray,
    keys: list[tuple[Any, ...]],
    by_cols: list[str],
    stages: list[Any],
    ordered: bool,
    confidence: float,
    method: Any,
    min_n: int,
) -> pd.DataFrame:
    """Lay the counts out as the funnel's rate table (see :func:`funnel`'s Returns)."""
    k = len(stages)
    prev = np.concatenate([n[:, :1], n[:, :-1]], axis=1).ravel()
    first = np.repeat(n[:, 0], k)
    cases = n.ravel()
    stage_col = np.tile(np.array(stages, dtype=object), len(keys))
    if by_cols:
        levels = [np.repeat(np.array([key[i] for key in keys], dtype=object), k) for i in range(len(by_cols))]
        index: pd.Index = pd.MultiIndex.from_arrays([*levels, stage_col], names=[*by_cols, "stage"])
    else:
        index = pd.Index(stage_col, name="stage")
    options = dict(index=index, confidence=confidence, method=method.name, min_n=min_n)
    out = rate_table(cases, prev, **options)
    start = rate_table(cases, first, **options)
    if not ordered:  # ratios of counts of different sets of cases: not proportions, no interval
        for t in (out, start):
            t[["low", "high", "moe"]] = np.nan
    out["step"] = np.tile(np.arange(1, k + 1), len(keys))
    out["cases"] = cases
    for col in ("value", "n", "low", "high", "moe", "too_small"):
        out[f"from_start_{col}"] = start[col].to_numpy()
    out["drop_off"] = (prev - cases).astype(np.int64)
    out["drop_off_pct"] = 100 - out["value"]
    out["ordered"] = ordered
    return out
