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
events with the *same* timestamp keep the order of their rows in the input (a stable sort). This
is also how pm4py breaks ties (``pm4py.format_dataframe`` sorts by case and time, stably), so the
counts of both agree exactly (``bench/test_pm4py_agreement.py`` checks it).

**Durations** are measured between instants in UTC: a zone-aware log crossing a daylight-saving
change gives 3,600 s for an hour of real time, never 7,200 or 0. Zone-less timestamps are taken as
they are (the course data are in local time).

**Speed.** Cases and activities become integer codes (``pandas.factorize``, no string sorting),
the events are put in order by one stable ``numpy.lexsort`` on (case code, time), and everything
else is vectorised shifts and counts on the sorted codes: no Python loop over cases. Variants are
found on the codes (a prefix tree built one position at a time over all cases at once); Python
tuples of activity names are built only for the distinct variants.

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
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from cxkit.data.parse import DATETIME_FORMAT, parse_when
from cxkit.errors import CXConfigError, CXDataError, CXDataWarning
from cxkit.journey import _narwhals as _on_frame
from cxkit.journey._narwhals import route as _route
from cxkit.stats.checks import check_confidence

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

__all__ = [
    "END",
    "directly_follows",
    "draw_flow",
    "end_activities",
    "flows",
    "funnel",
    "link_scores",
    "stage_durations",
    "stage_times",
    "start_activities",
    "variants",
]

#: The target of a flow's last link when a journey ends before the last step shown.
END = "(end)"

_NS = 1_000_000_000


# --------------------------------------------------------------------------------------------
# Preparing a log: checks, codes and the one stable sort
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Log:
    """An event log in sorted order (by case, then time, ties in input order), as integer codes."""

    order: np.ndarray  # positions of the input rows, in sorted order
    case: np.ndarray  # case code of each sorted event (0..n_cases-1)
    cases: pd.Index  # case labels, indexed by code
    act: np.ndarray  # activity code of each sorted event
    activities: pd.Index  # activity labels, indexed by code
    ns: np.ndarray  # int64 nanoseconds (UTC for zone-aware logs) of each sorted event
    starts: np.ndarray  # position (in sorted order) of each case's first event, by case code
    lengths: np.ndarray  # number of events of each case, by case code

    @property
    def n_cases(self) -> int:
        return len(self.cases)

    @property
    def first(self) -> np.ndarray:
        """Activity code of each case's first event, by case code."""
        return self.act[self.starts]

    @property
    def last(self) -> np.ndarray:
        """Activity code of each case's last event, by case code."""
        return self.act[self.starts + self.lengths - 1]


def _row_label(log: pd.DataFrame, pos: int) -> str:
    label = log.index[pos]
    return f"{pos}" if label == pos else f"{pos} (index {label!r})"


def _check_log(log: Any, columns: Sequence[str]) -> pd.DataFrame:
    if not isinstance(log, pd.DataFrame):
        raise CXDataError(
            "an event log must be a pandas DataFrame",
            value=type(log).__name__,
            expected="a DataFrame with one row per event",
        )
    missing = [c for c in columns if c not in log.columns]
    if missing:
        raise CXDataError(
            "missing column",
            dataset="event log",
            column=missing[0],
            expected=f"the columns {', '.join(map(repr, columns))} "
            f"(found {', '.join(map(repr, map(str, log.columns)))}); "
            "pass the names with case=, activity=, timestamp=",
        )
    if len(log) == 0:
        raise CXDataError("the event log is empty", dataset="event log", expected="at least one event")
    return log


def _codes(log: pd.DataFrame, column: str, what: str) -> tuple[np.ndarray, pd.Index]:
    """Integer codes of a column (order of first appearance; no string sorting) and their labels."""
    values = log[column]
    if isinstance(values.dtype, pd.CategoricalDtype):
        codes = values.cat.codes.to_numpy()
        labels = pd.Index(values.cat.categories)
        blank = codes < 0
    else:
        codes, labels = pd.factorize(values, use_na_sentinel=True)
        blank = codes < 0
    # A label of spaces only is blank too: checked on the distinct labels, not on every row.
    labels = pd.Index(labels)
    if pd.api.types.is_string_dtype(labels.dtype) and labels.dtype != object:
        empty = pd.Series(labels).str.strip().eq("").to_numpy(dtype=bool, na_value=False)
    elif labels.dtype == object:
        empty = np.array([isinstance(v, str) and not v.strip() for v in labels], dtype=bool)
    else:
        empty = np.zeros(len(labels), dtype=bool)
    if empty.any():
        blank = blank | empty[np.maximum(codes, 0)] & (codes >= 0)
    if blank.any():
        pos = int(np.flatnonzero(blank)[0])
        raise CXDataError(
            f"an event with no {what}",
            dataset="event log",
            column=column,
            row=_row_label(log, pos),
            expected=f"a {what} on every event (drop or fill the {int(blank.sum())} blank row(s) first)",
        )
    # int32 codes (half the memory of int64) unless there are more than 2**31 distinct values.
    return codes.astype(np.int32 if len(labels) < 2**31 else np.int64, copy=False), pd.Index(labels)


def _nanoseconds(log: pd.DataFrame, column: str) -> np.ndarray:
    """Timestamps as int64 nanoseconds; zone-aware ones in UTC. Blank or unparseable: an error."""
    raw = log[column]
    if isinstance(raw.dtype, pd.DatetimeTZDtype):
        values = raw.dt.tz_convert("UTC").dt.tz_localize(None)
    elif pd.api.types.is_datetime64_dtype(raw.dtype):
        values = raw
    else:
        blank = np.array(raw.isna().to_numpy(dtype=bool))
        if raw.dtype == object or pd.api.types.is_string_dtype(raw.dtype):
            text = raw.astype("string").str.strip()
            blank = blank | text.eq("").to_numpy(dtype=bool, na_value=False)
            # ISO 8601 with a "T" (2024-03-31T01:30:00+01:00) reads like the course's format.
            text = text.str.replace(r"^(\d{4}-\d\d-\d\d)T", r"\1 ", regex=True)
            parsed, problems = parse_when(raw, text, blank, DATETIME_FORMAT, "a timestamp")
        else:
            parsed, problems = raw, [("is not a timestamp", np.ones(len(raw), dtype=bool))]
        for problem, rows in problems:
            if rows.any():
                pos = int(np.flatnonzero(rows)[0])
                raise CXDataError(
                    problem,
                    dataset="event log",
                    column=column,
                    row=_row_label(log, pos),
                    value=str(raw.iloc[pos]),
                    expected="a timestamp such as 2024-03-05 09:00:00 (or with a zone, +01:00, on every row)",
                )
        values = parsed
        if isinstance(values.dtype, pd.DatetimeTZDtype):
            values = values.dt.tz_convert("UTC").dt.tz_localize(None)
    missing = values.isna().to_numpy(dtype=bool)
    if missing.any():
        pos = int(np.flatnonzero(missing)[0])
        raise CXDataError(
            "an event with no timestamp",
            dataset="event log",
            column=column,
            row=_row_label(log, pos),
            expected=f"a timestamp on every event ({int(missing.sum())} blank; cxkit never drops them)",
        )
    return values.dt.as_unit("ns").to_numpy().view(np.int64)


def _prepare(log: Any, *, case: str, activity: str, timestamp: str, extra: Sequence[str] = ()) -> _Log:
    log = _check_log(log, [case, activity, timestamp, *extra])
    case_codes, cases = _codes(log, case, "case")
    act_codes, activities = _codes(log, activity, "activity")
    ns = _nanoseconds(log, timestamp)
    if _grouped_and_sorted(case_codes, ns):  # rows already by case and time (as most exports)
        order = np.arange(len(ns))
        case_sorted, act_sorted, ns_sorted = case_codes, act_codes, ns
    else:
        order = np.lexsort((ns, case_codes))  # stable: ties keep their input order
        case_sorted, act_sorted, ns_sorted = case_codes[order], act_codes[order], ns[order]
    n = len(order)
    new = np.empty(n, dtype=bool)
    new[0] = True
    np.not_equal(case_sorted[1:], case_sorted[:-1], out=new[1:])
    start_pos = np.flatnonzero(new)
    starts = np.empty(len(cases), dtype=np.int64)
    # Categorical case columns may have unused categories: keep only the cases that occur.
    present = case_sorted[start_pos]
    if len(present) != len(cases):
        remap = np.full(len(cases), -1, dtype=np.int64)
        remap[present] = np.arange(len(present))
        cases = cases[present]
        case_sorted = remap[case_sorted]
        starts = np.empty(len(cases), dtype=np.int64)
        present = np.arange(len(present))
    starts[present] = start_pos
    lengths = np.diff(np.append(start_pos, n))
    lengths_by_case = np.empty(len(cases), dtype=np.int64)
    lengths_by_case[present] = lengths
    return _Log(
        order=order,
        case=case_sorted,
        cases=cases,
        act=act_sorted,
        activities=activities,
        ns=ns_sorted,
        starts=starts,
        lengths=lengths_by_case,
    )


def _grouped_and_sorted(case_codes: np.ndarray, ns: np.ndarray) -> bool:
    """Return True when the rows are already grouped by case and in time order within each case.

    Codes number the cases by first appearance, so a log grouped by case has non-decreasing
    codes. The stable sort would then return the rows as they are; skipping it changes nothing.
    """
    step = np.diff(case_codes)
    if (step < 0).any():
        return False
    return not ((step == 0) & (np.diff(ns) < 0)).any()


def _grouped_median(keys: np.ndarray, values: np.ndarray, n_keys: int) -> np.ndarray:
    """Median of ``values`` per integer key (NaN for a key with no value), with one sort."""
    out = np.full(n_keys, np.nan)
    if len(keys) == 0:
        return out
    # A stable sort of small integer keys is a radix sort in numpy; then one median per key
    # (a loop over the distinct keys, a few hundred at most, never over cases).
    small = keys.astype(np.uint16) if n_keys <= 1 << 16 else keys
    order = np.argsort(small, kind="stable")
    v = values[order]
    counts = np.bincount(keys, minlength=n_keys)
    ends = np.cumsum(counts)
    for key in np.flatnonzero(counts):
        out[key] = np.median(v[ends[key] - counts[key] : ends[key]])
    return out


def _count_series(codes: np.ndarray, labels: pd.Index, name: str) -> pd.Series:
    counts = np.bincount(codes, minlength=len(labels))
    keep = np.flatnonzero(counts)
    out = pd.Series(counts[keep], index=pd.Index(labels[keep], name=name), name="count")
    frame = out.rename_axis(name).reset_index()
    frame["_label"] = frame[name].astype(str)
    frame = frame.sort_values(["count", "_label"], ascending=[False, True], kind="stable")
    return pd.Series(
        frame["count"].to_numpy(), index=pd.Index(frame[name].to_numpy(), name=name), name="count"
    )


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
        On pandas, tied events follow it, then their row order; a DuckDB, polars or Spark frame
        (see :mod:`cxkit.journey._narwhals`) has no row order and uses it, then the activity.

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
    ties in input order), the directly-follows count of the pair :math:`(a, b)` is

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
    frame, log = _route(log, tie_break)
    if frame is not None:
        return _on_frame.directly_follows(
            frame, case=case, activity=activity, timestamp=timestamp, tie_break=tie_break
        )
    lg = _prepare(log, case=case, activity=activity, timestamp=timestamp)
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


def _sort_by_count(out: pd.DataFrame, names: list[str], count: str = "count") -> pd.DataFrame:
    keys = {f"_{n}": out[n].astype(str) for n in names}
    tmp = out.assign(**keys)
    tmp = tmp.sort_values([count, *keys], ascending=[False] + [True] * len(keys), kind="stable")
    return tmp.drop(columns=list(keys)).reset_index(drop=True)


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
        On pandas, tied events follow it, then their row order; a DuckDB, polars or Spark frame
        (see :mod:`cxkit.journey._narwhals`) has no row order and uses it, then the activity.

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
    frame, log = _route(log, tie_break)
    if frame is not None:
        return _on_frame.start_activities(
            frame, case=case, activity=activity, timestamp=timestamp, tie_break=tie_break
        )
    lg = _prepare(log, case=case, activity=activity, timestamp=timestamp)
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
        On pandas, tied events follow it, then their row order; a DuckDB, polars or Spark frame
        (see :mod:`cxkit.journey._narwhals`) has no row order and uses it, then the activity.

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
    frame, log = _route(log, tie_break)
    if frame is not None:
        return _on_frame.end_activities(
            frame, case=case, activity=activity, timestamp=timestamp, tie_break=tie_break
        )
    lg = _prepare(log, case=case, activity=activity, timestamp=timestamp)
    return _count_series(lg.last, lg.activities, activity)


def _variant_ids(lg: _Log) -> np.ndarray:
    """Give each case the id of its sequence of activity codes (equal ids = equal sequences).

    A prefix tree is built one position at a time over all cases at once: the node of a case
    after ``j + 1`` events is numbered by the pair (its node after ``j`` events, its activity
    ``j + 1``). The loop runs over positions (the longest case's length), never over cases.
    """
    k = len(lg.activities) + 1
    node = np.zeros(lg.n_cases, dtype=np.int64)
    alive = np.arange(lg.n_cases)
    offset = 0
    j = 0
    while len(alive):
        alive = alive[lg.lengths[alive] > j]
        if not len(alive):
            break
        key = node[alive] * k + lg.act[lg.starts[alive] + j]
        uniq, inv = np.unique(key, return_inverse=True)
        node[alive] = inv.ravel() + offset + 1
        offset += len(uniq)
        j += 1
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
        On pandas, tied events follow it, then their row order; a DuckDB, polars or Spark frame
        (see :mod:`cxkit.journey._narwhals`) has no row order and uses it, then the activity.

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
    frame, log = _route(log, tie_break)
    if frame is not None:
        return _on_frame.variants(
            frame, case=case, activity=activity, timestamp=timestamp, tie_break=tie_break
        )
    lg = _prepare(log, case=case, activity=activity, timestamp=timestamp)
    node = _variant_ids(lg)
    _, first_case, counts = np.unique(node, return_index=True, return_counts=True)
    labels = lg.activities.to_numpy()
    seqs = [tuple(labels[lg.act[lg.starts[c] : lg.starts[c] + lg.lengths[c]]].tolist()) for c in first_case]
    out = pd.DataFrame({"variant": seqs, "count": counts.astype(np.int64), "share": counts / lg.n_cases})
    key = [tuple(map(str, s)) for s in seqs]
    order = sorted(range(len(seqs)), key=lambda i: (-int(counts[i]), key[i]))
    return out.iloc[order].reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# Funnels and time between stages
# --------------------------------------------------------------------------------------------


def _stage_positions(lg: _Log, stages: Sequence[Any], ordered: bool) -> np.ndarray:
    """Position (in sorted order) of the event where each case reaches each stage; -1 if never.

    Ordered: stage ``k`` is reached at the first event of stage ``k`` after the event where stage
    ``k - 1`` was reached. Any order: at the first event of stage ``k`` anywhere in the case.
    """
    n = lg.n_cases
    pos = np.full((len(stages), n), -1, dtype=np.int64)
    index = {label: code for code, label in enumerate(lg.activities)}
    prev = np.full(n, -1, dtype=np.int64)
    reached = np.ones(n, dtype=bool)
    everywhere = np.arange(len(lg.act))
    for k, stage in enumerate(stages):
        code = index.get(stage)
        here = np.full(n, -1, dtype=np.int64)
        if code is not None:
            events = everywhere[lg.act == code]
            cases = lg.case[events]
            if ordered:
                ok = events > prev[cases]
                events, cases = events[ok], cases[ok]
            # events are in sorted order, so the first of each case is its earliest
            first_cases, idx = np.unique(cases, return_index=True)
            here[first_cases] = events[idx]
        if ordered:
            reached &= here >= 0
            here[~reached] = -1
        pos[k] = here
        prev = np.where(reached, here, np.iinfo(np.int64).max)
    return pos


def _check_stages(stages: Any, activities: Sequence[Any], activity: str) -> list[Any]:
    """Return the stages as a list; refuse a non-list, a repeated stage or one not in ``activities``."""
    if isinstance(stages, str) or not isinstance(stages, Sequence) or len(stages) < 1:
        raise CXConfigError(
            f"stages={stages!r}: give the stages of the funnel as a list, in order "
            f"(e.g. stages=['awareness', 'consideration', 'decision', 'purchase'])"
        )
    stages = list(stages)
    if len(set(stages)) != len(stages):
        raise CXConfigError(f"stages={stages!r}: a stage is listed twice")
    known = set(activities)
    unknown = [s for s in stages if s not in known]
    if unknown:
        raise CXConfigError(
            f"stages: {unknown[0]!r} is not a value of the column {activity!r}; "
            f"its values are {', '.join(map(repr, map(str, activities)))}"
        )
    return stages


def _check_quantiles(quantiles: Any) -> list[float]:
    """Return the quantiles as floats; refuse one that is not a number strictly between 0 and 1."""
    qs: list[float] = []
    for q in [quantiles] if isinstance(quantiles, (str, bytes, float, int)) else list(quantiles):
        if isinstance(q, bool) or not isinstance(q, (int, float)) or not 0 < q < 1:
            raise CXConfigError(f"quantiles: {q!r} is not a number strictly between 0 and 1")
        qs.append(float(q))
    return qs


def _quantile_names(qs: Sequence[float]) -> list[str]:
    """Return the result columns of the quantiles: ``q25_s`` for 0.25, ``q2.5_s`` for 0.025."""
    return [
        f"q{round(100 * q):g}_s" if abs(100 * q - round(100 * q)) < 1e-9 else f"q{100 * q:g}_s" for q in qs
    ]


def _check_steps(stages: list[Any]) -> None:
    if len(stages) < 2:
        raise CXConfigError(f"stages={stages!r}: give at least two stages to time the steps between them")


def _case_groups(log: pd.DataFrame, lg: _Log, by: list[str]) -> pd.DataFrame:
    """Return the value of each ``by`` column at each case's first event, by case code."""
    first_rows = lg.order[lg.starts]
    return log[by].iloc[first_rows].reset_index(drop=True)


def _by_list(by: Any) -> list[str]:
    if by is None:
        return []
    return [by] if isinstance(by, str) else list(by)


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
    method : {"wilson", "wald"}, default "wilson"
        Interval of the conversion rates (from ``cxkit.stats.intervals``).
    tie_break : str, optional
        A column that orders events of a case with the same timestamp, as in
        :func:`directly_follows`.

    Returns
    -------
    pandas.DataFrame
        One row per stage (per group): the ``by`` columns, ``step`` (1 to K), ``stage``,
        ``cases`` (cases reaching it), ``conversion_prev`` (percent of the previous stage's
        cases, 100 at step 1) with ``conversion_prev_low`` / ``_high``, ``conversion_first``
        (percent of the first stage's cases) with ``conversion_first_low`` / ``_high``,
        ``drop_off`` (cases lost since the previous stage), ``drop_off_pct`` (100 minus
        ``conversion_prev``), ``method`` and ``ordered``.

    Raises
    ------
    cxkit.errors.CXDataError
        As :func:`directly_follows`; a missing ``by`` column.
    cxkit.errors.CXConfigError
        Stages not given as a list, listed twice, or not values of the activity column; a bad
        ``confidence`` or ``method``.

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
    >>> funnel(log, stages=["see", "try", "buy"], activity="stage")[
    ...     ["stage", "cases", "conversion_prev", "conversion_first", "drop_off"]]
      stage  cases  conversion_prev  conversion_first  drop_off
    0   see      3       100.000000        100.000000         0
    1   try      2        66.666667         66.666667         1
    2   buy      1        50.000000         33.333333         1
    """
    frame, log = _route(log, tie_break)
    if frame is not None:
        return _on_frame.funnel(
            frame,
            stages=stages,
            by=by,
            ordered=ordered,
            case=case,
            activity=activity,
            timestamp=timestamp,
            confidence=confidence,
            method=method,
            tie_break=tie_break,
        )
    from cxkit.stats.intervals import interval_method

    by_cols = _by_list(by)
    lg = _prepare(log, case=case, activity=activity, timestamp=timestamp, extra=by_cols)
    stages = _check_stages(stages, lg.activities, activity)
    confidence = check_confidence(confidence)
    estimator = interval_method("proportion", method, what="method")
    if not isinstance(ordered, bool):
        raise CXConfigError(
            f"ordered={ordered!r}: give True (stages in the given order) or False (any order)"
        )
    reached = _stage_positions(lg, stages, ordered) >= 0  # (stages, cases)
    groups = _case_groups(log, lg, by_cols) if by_cols else None
    if groups is not None:
        blank = groups.isna().any(axis=1).to_numpy()
        if blank.any():
            warnings.warn(
                f"{int(blank.sum())} case(s) with a blank {' or '.join(map(repr, by_cols))} left out of the "
                "funnel (fill them, e.g. with 'prospect', to keep them)",
                CXDataWarning,
                stacklevel=2,
            )
        keep = ~blank
        codes = np.full(len(groups), -1, dtype=np.int64)
        kept, uniques = pd.MultiIndex.from_frame(groups[keep]).factorize(sort=True)
        codes[keep] = kept
        n_groups = len(uniques)
        counts = np.stack(
            [np.bincount(codes[keep], weights=r[keep], minlength=n_groups) for r in reached], axis=1
        )
        keys: list[tuple[Any, ...]] = list(uniques)
    else:
        counts = reached.sum(axis=1)[None, :].astype(float)
        keys = [()]
    k = len(stages)
    n = counts.astype(np.int64)  # (groups, stages)
    prev = np.concatenate([n[:, :1], n[:, :-1]], axis=1).ravel()
    first = np.repeat(n[:, 0], k)
    cases = n.ravel()
    cols: dict[str, Any] = {
        col: np.repeat(np.array([key[i] for key in keys], dtype=object), k) for i, col in enumerate(by_cols)
    }
    cols["step"] = np.tile(np.arange(1, k + 1), len(keys))
    cols["stage"] = np.tile(np.array(stages, dtype=object), len(keys))
    cols["cases"] = cases
    x = cases.astype(float)
    for name, denom in (("conversion_prev", prev), ("conversion_first", first)):
        m = denom.astype(float)
        with np.errstate(invalid="ignore", divide="ignore"):
            cols[name] = np.where(m > 0, 100 * x / m, np.nan)  # no journeys at the base: no rate
        if ordered:  # the cases at stage k are a subset of those at k - 1: a binomial proportion
            low, high, _ = estimator.function(x, m, confidence=confidence)
            low, high = 100 * np.asarray(low, dtype=float), 100 * np.asarray(high, dtype=float)
        else:
            low = high = np.full(len(x), np.nan)
        cols[f"{name}_low"] = low
        cols[f"{name}_high"] = high
    cols["drop_off"] = (prev - cases).astype(np.int64)
    cols["drop_off_pct"] = 100 - cols["conversion_prev"]
    cols["method"] = estimator.label
    cols["ordered"] = ordered
    return pd.DataFrame(cols)


def stage_times(
    log: pd.DataFrame,
    *,
    stages: Sequence[Any],
    case: str = "case_id",
    activity: str = "event",
    timestamp: str = "timestamp",
    tie_break: str | None = None,
) -> pd.DataFrame:
    """Return when each case reached each stage of an ordered funnel (one row per case).

    Parameters
    ----------
    log : pandas.DataFrame, or a DuckDB, polars or PySpark frame
        An event log, one row per event, in any row order.
    stages : list
        The stages in order (values of the ``activity`` column).
    case, activity, timestamp : str
        Column names.
    tie_break : str, optional
        A column that orders events of a case with the same timestamp, as in
        :func:`directly_follows`.

    Returns
    -------
    pandas.DataFrame
        Indexed by case, one column per stage: the time of the event where the case reached that
        stage, as in :func:`funnel` with ``ordered=True`` (the first event of the stage after the
        previous stage was reached); ``NaT`` if it never did. Zone-aware logs give UTC times.
        Cases come in order of first appearance in a pandas log; a DuckDB, polars or PySpark
        frame has no row order, so its cases come in order of their first event (then of the
        case). The result has one row per case: on a large log, :func:`stage_durations` gives
        the summary without bringing every case into memory.

    Raises
    ------
    cxkit.errors.CXDataError, cxkit.errors.CXConfigError
        As :func:`funnel`.

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({"case_id": [1, 1, 2], "stage": ["see", "buy", "see"],
    ...                     "timestamp": pd.to_datetime(["2024-01-01 10:00", "2024-01-01 12:00",
    ...                                                  "2024-01-02 09:00"])})
    >>> stage_times(log, stages=["see", "buy"], activity="stage")  # doctest: +NORMALIZE_WHITESPACE
                        see                 buy
    case_id
    1       2024-01-01 10:00:00 2024-01-01 12:00:00
    2       2024-01-02 09:00:00                 NaT
    """
    frame, log = _route(log, tie_break)
    if frame is not None:
        return _on_frame.stage_times(
            frame, stages=stages, case=case, activity=activity, timestamp=timestamp, tie_break=tie_break
        )
    lg = _prepare(log, case=case, activity=activity, timestamp=timestamp)
    stages = _check_stages(stages, lg.activities, activity)
    pos = _stage_positions(lg, stages, True)
    out = {}
    for k, stage in enumerate(stages):
        ns = np.where(pos[k] >= 0, lg.ns[np.maximum(pos[k], 0)], np.iinfo(np.int64).min)
        out[stage] = pd.to_datetime(ns.view("datetime64[ns]"))
    return pd.DataFrame(out, index=pd.Index(lg.cases, name=case))


def stage_durations(
    log: pd.DataFrame,
    *,
    stages: Sequence[Any],
    by: str | Sequence[str] | None = None,
    case: str = "case_id",
    activity: str = "event",
    timestamp: str = "timestamp",
    quantiles: Sequence[float] = (0.25, 0.75, 0.9),
    tie_break: str | None = None,
) -> pd.DataFrame:
    r"""Summarise the time customers take from each stage to the next, over the cases that make the step.

    Parameters
    ----------
    log : pandas.DataFrame, or a DuckDB, polars or PySpark frame
        An event log, one row per event, in any row order.
    stages : list
        The stages in order (values of the ``activity`` column).
    by : str or list of str, optional
        Column(s) to split by; a case belongs to the group of its first event (as in
        :func:`funnel`); cases with a blank group are left out with a
        :class:`~cxkit.errors.CXDataWarning`.
    case, activity, timestamp : str
        Column names.
    quantiles : sequence of float, default (0.25, 0.75, 0.9)
        Extra quantiles to report besides the median, each strictly between 0 and 1.
    tie_break : str, optional
        A column that orders events of a case with the same timestamp, as in
        :func:`directly_follows`.

    Returns
    -------
    pandas.DataFrame
        One row per step (per group): the ``by`` columns, ``from_stage``, ``to_stage``, ``cases``
        (cases that made the step), ``mean_s``, ``median_s`` and one column per quantile
        (``q25_s``, ``q75_s``, ``q90_s``), all in seconds. A step no case made has NaN times.

    Raises
    ------
    cxkit.errors.CXDataError, cxkit.errors.CXConfigError
        As :func:`funnel`; a quantile outside (0, 1).

    Notes
    -----
    For the cases reaching stage :math:`k` in an ordered funnel (:func:`funnel`), the duration is
    :math:`d_c = t_c(k) - t_c(k-1)`, the time between the events where the case reached the two
    stages (:func:`stage_times`). Quantiles use linear interpolation between order statistics
    (Hyndman & Fan 1996, definition 7; ``numpy.quantile``'s default). Times are in UTC for a
    zone-aware log.

    On a DuckDB, polars or PySpark frame the engine computes the count, sum, median and
    quantiles of the durations per group and step (DuckDB's ``quantile_cont``, Spark's exact
    ``percentile`` and polars' linear quantile are all definition 7) and only that small table
    is collected; the mean is the sum over the count. The durations are counted there in
    microseconds, so a log with finer timestamps loses its nanoseconds, and the last digits of a
    mean or quantile may differ from the pandas path's by rounding (a relative 1e-12).

    References
    ----------
    Hyndman, R. J. & Fan, Y. (1996). Sample quantiles in statistical packages. *The American
    Statistician*, 50(4), 361-365.

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({"case_id": [1, 1, 2, 2, 3], "stage": ["see", "buy", "see", "buy", "see"],
    ...                     "timestamp": pd.to_datetime(["2024-01-01 10:00", "2024-01-01 11:00",
    ...                         "2024-01-02 09:00", "2024-01-02 12:00", "2024-01-03 08:00"])})
    >>> stage_durations(log, stages=["see", "buy"], activity="stage", quantiles=[0.5])
      from_stage to_stage  cases  mean_s  median_s   q50_s
    0        see      buy      2  7200.0    7200.0  7200.0
    """
    qs = _check_quantiles(quantiles)
    frame, log = _route(log, tie_break)
    if frame is not None:
        return _on_frame.stage_durations(
            frame,
            stages=stages,
            by=by,
            case=case,
            activity=activity,
            timestamp=timestamp,
            quantiles=qs,
            tie_break=tie_break,
        )
    by_cols = _by_list(by)
    lg = _prepare(log, case=case, activity=activity, timestamp=timestamp, extra=by_cols)
    stages = _check_stages(stages, lg.activities, activity)
    _check_steps(stages)
    pos = _stage_positions(lg, stages, True)
    codes, keys = _group_codes(log, lg, by_cols)
    rows = []
    for g, key in enumerate(keys):
        in_group = codes == g
        for k in range(1, len(stages)):
            made = in_group & (pos[k] >= 0)
            d = (lg.ns[pos[k][made]] - lg.ns[pos[k - 1][made]]).astype(np.float64) / _NS
            stats = [d.mean(), np.median(d), *np.quantile(d, qs)] if len(d) else [np.nan] * (2 + len(qs))
            rows.append((*key, stages[k - 1], stages[k], int(made.sum()), *stats))
    return pd.DataFrame(
        rows,
        columns=[*by_cols, "from_stage", "to_stage", "cases", "mean_s", "median_s", *_quantile_names(qs)],
    )


def _group_codes(log: pd.DataFrame, lg: _Log, by_cols: list[str]) -> tuple[np.ndarray, list[tuple[Any, ...]]]:
    """Return each case's group code (-1: blank, left out with a warning) and the groups' keys."""
    if not by_cols:
        return np.zeros(lg.n_cases, dtype=np.int64), [()]
    groups = _case_groups(log, lg, by_cols)
    blank = groups.isna().any(axis=1).to_numpy()
    if blank.any():
        warnings.warn(
            f"{int(blank.sum())} case(s) with a blank {' or '.join(map(repr, by_cols))} left out "
            "(fill them, e.g. with 'prospect', to keep them)",
            CXDataWarning,
            stacklevel=3,
        )
    codes = np.full(len(groups), -1, dtype=np.int64)
    kept, uniques = pd.MultiIndex.from_frame(groups[~blank]).factorize(sort=True)
    codes[~blank] = kept
    return codes, list(uniques)


# --------------------------------------------------------------------------------------------
# Flows (Sankey) and their figure
# --------------------------------------------------------------------------------------------


def flows(
    log: pd.DataFrame,
    *,
    case: str = "case_id",
    activity: str = "event",
    timestamp: str = "timestamp",
    steps: int = 4,
    collapse: bool = True,
) -> pd.DataFrame:
    r"""Count the journeys moving between values (stages, channels) step by step: a flow diagram's data.

    Parameters
    ----------
    log : pandas.DataFrame
        An event log, one row per event, in any row order.
    case, activity, timestamp : str
        Column names; ``activity`` is the column whose values the flow shows (``"stage"``,
        ``"channel"``).
    steps : int, default 4
        How many steps of each journey to show (2 to 10).
    collapse : bool, default True
        Merge consecutive events with the same value into one step (three product views in a row
        are one "consideration" step). Without it, a repeated value is a step of its own.

    Returns
    -------
    pandas.DataFrame
        One row per link: ``step`` (the source's step, 1 to ``steps - 1``), ``source``,
        ``target`` and ``cases``. A journey that ends before step ``steps`` has a last link to
        :data:`END` (``"(end)"``), so drop-off is visible. Sorted by step, then cases (largest
        first), then source and target. The cases leaving each step's nodes add up to the cases
        still in the journey at that step.

    Raises
    ------
    cxkit.errors.CXDataError
        As :func:`directly_follows`.
    cxkit.errors.CXConfigError
        ``steps`` outside 2 to 10.

    Notes
    -----
    With each case's sequence of values :math:`v_{c,1}, v_{c,2}, \dots` (after merging
    consecutive repeats when ``collapse``), the link from :math:`a` at step :math:`j` to
    :math:`b` counts :math:`\#\{c : v_{c,j} = a,\ v_{c,j+1} = b\}`, and to the end
    :math:`\#\{c : v_{c,j} = a,\ n_c = j\}`. This is the layered ("alluvial") flow diagram
    of web analytics path reports (Kaushik 2009, ch. 5); :func:`draw_flow` draws it.

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({"case_id": [1, 1, 1, 2, 2, 3],
    ...                     "channel": ["web", "web", "app", "web", "store", "app"],
    ...                     "timestamp": pd.to_datetime(["2024-01-01"] * 6) + pd.to_timedelta(range(6), "h")})
    >>> flows(log, activity="channel", steps=3)
       step source target  cases
    0     1    app  (end)      1
    1     1    web    app      1
    2     1    web  store      1
    3     2    app  (end)      1
    4     2  store  (end)      1
    """
    from cxkit.stats.checks import check_whole

    steps = check_whole(steps, "steps", 2, 10, "the number of steps a flow diagram shows")
    if not isinstance(collapse, bool):
        raise CXConfigError(f"collapse={collapse!r}: give True or False")
    lg = _prepare(log, case=case, activity=activity, timestamp=timestamp)
    n = len(lg.act)
    keep = np.ones(n, dtype=bool)
    if collapse:
        keep[1:] = (lg.act[1:] != lg.act[:-1]) | (lg.case[1:] != lg.case[:-1])
    act, cs = lg.act[keep], lg.case[keep]
    m = len(act)
    first = np.ones(m, dtype=bool)
    first[1:] = cs[1:] != cs[:-1]
    start = np.flatnonzero(first)
    rank = np.arange(m) - np.repeat(start, np.diff(np.append(start, m)))
    last = np.ones(m, dtype=bool)
    last[:-1] = first[1:]
    k = len(lg.activities)
    end_code = k
    src = rank < steps - 1
    nxt = np.empty(m, dtype=np.int64)
    nxt[:-1] = act[1:]
    nxt[last] = end_code
    key = (rank[src] * (k + 1) + act[src]) * (k + 1) + nxt[src]
    uniq, counts = np.unique(key, return_counts=True)
    labels = np.append(lg.activities.to_numpy(dtype=object), END)
    out = pd.DataFrame(
        {
            "step": (uniq // ((k + 1) * (k + 1)) + 1).astype(np.int64),
            "source": labels[(uniq // (k + 1)) % (k + 1)],
            "target": labels[uniq % (k + 1)],
            "cases": counts.astype(np.int64),
        }
    )
    tmp = out.assign(_s=out["source"].astype(str), _t=out["target"].astype(str))
    tmp = tmp.sort_values(["step", "cases", "_s", "_t"], ascending=[True, False, True, True], kind="stable")
    return tmp.drop(columns=["_s", "_t"]).reset_index(drop=True)


def draw_flow(
    flow: pd.DataFrame,
    *,
    order: Sequence[Any] | None = None,
    title: str | None = None,
    min_label: float = 0.02,
    ax: Any = None,
) -> Figure:
    r"""Draw the output of :func:`flows` as a static flow (Sankey-style) diagram.

    Parameters
    ----------
    flow : pandas.DataFrame
        The table returned by :func:`flows` (``step``, ``source``, ``target``, ``cases``).
    order : list, optional
        The order of the values from top to bottom in every column (e.g. the stages in funnel
        order); values not listed follow by size. :data:`END` is always at the bottom.
    title : str, optional
        The figure's title (default: "Where journeys go, step by step").
    min_label : float, default 0.02
        Nodes with fewer than this share of the journeys get no label (they stay drawn), so tiny
        nodes do not write over each other.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new 11 x 5.6 in figure by default.

    Returns
    -------
    matplotlib.figure.Figure
        Columns of nodes (one per step; bar height proportional to cases, labelled with the
        value and its count) joined by bands whose width is the number of journeys. Each value
        keeps its colour (Okabe-Ito palette) in every column; journeys ending are grey.

    Raises
    ------
    cxkit.errors.CXDataError
        ``flow`` is not a table from :func:`flows`.

    Notes
    -----
    Drawn by hand with matplotlib patches (cubic Bezier bands): ``matplotlib.sankey`` draws a
    single process with in- and out-flows of one node, not columns of nodes joined by bands.

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({"case_id": [1, 1, 2, 2, 3], "stage": ["see", "buy", "see", "see", "see"],
    ...                     "timestamp": pd.to_datetime(["2024-01-01"] * 5) + pd.to_timedelta(range(5), "h")})
    >>> fig = draw_flow(flows(log, activity="stage", steps=2))
    >>> sorted(t.get_text() for t in fig.axes[0].texts if "\n" in t.get_text())
    ['(end)\n2', 'buy\n1', 'see\n3']
    """
    import matplotlib.pyplot as plt
    from matplotlib.patches import PathPatch, Rectangle
    from matplotlib.path import Path

    from cxkit import style

    need = ["step", "source", "target", "cases"]
    if not isinstance(flow, pd.DataFrame) or any(c not in flow.columns for c in need) or len(flow) == 0:
        raise CXDataError(
            "not a flow table",
            dataset="flow",
            expected="the non-empty table returned by cxkit.journey.analytics.flows "
            "(step, source, target, cases)",
        )
    n_steps = int(flow["step"].max()) + 1
    # Node sizes: step 1 from the outflows, step j + 1 from the inflows of step j's links.
    nodes: list[dict[Any, int]] = [dict() for _ in range(n_steps)]
    for row in flow.itertuples(index=False):
        j = int(row.step) - 1
        if j == 0:
            nodes[0][row.source] = nodes[0].get(row.source, 0) + int(row.cases)
        nodes[j + 1][row.target] = nodes[j + 1].get(row.target, 0) + int(row.cases)
    total = sum(nodes[0].values())
    sizes: dict[Any, int] = {}
    for col in nodes:
        for v, c in col.items():
            sizes[v] = sizes.get(v, 0) + c
    listed = list(order) if order is not None else []
    rest = sorted((v for v in sizes if v not in listed and v != END), key=lambda v: (-sizes[v], str(v)))
    rank = {v: i for i, v in enumerate([*listed, *rest, END])}
    values = [v for v in [*listed, *rest] if v in sizes]
    colors = {v: style.CYCLE[i % len(style.CYCLE)] for i, v in enumerate(values)}
    colors[END] = "#BBBBBB"

    if ax is None:
        fig, ax = plt.subplots(figsize=(style.FIGURE_WIDTH_IN, 5.6), layout="constrained")
    else:
        fig = ax.figure
    gap = 0.02 * total
    width = 0.12
    col_x = np.arange(n_steps, dtype=float)
    tallest = max(sum(col.values()) + gap * (len(col) - 1) for col in nodes)
    place: list[dict[Any, tuple[float, float]]] = []  # per column: value -> (bottom, height)
    for column in nodes:
        y = float(tallest)
        here: dict[Any, tuple[float, float]] = {}
        for v in sorted(column, key=lambda v: rank.get(v, len(rank))):
            size = float(column[v])
            here[v] = (y - size, size)
            y -= size + gap
        place.append(here)
    y_low, y_high = -0.02 * total, tallest + 0.1 * total
    # A two-line label's height in data units, so labels of small neighbouring nodes never overlap.
    axes_pt = ax.get_position().height * fig.get_size_inches()[1] * 72
    label_h = 2 * 12 * 1.35 / axes_pt * (y_high - y_low)
    for j, placed in enumerate(place):
        next_top = np.inf
        for v, (bottom, h) in placed.items():
            ax.add_patch(Rectangle((col_x[j] - width / 2, bottom), width, h, color=colors[v], lw=0))
            if h >= min_label * total:
                y_text = min(bottom + h / 2, next_top - label_h / 2)
                next_top = y_text - label_h / 2
                ax.text(
                    col_x[j] + width / 2 + 0.03,
                    y_text,
                    f"{v}\n{round(h):,}",
                    va="center",
                    ha="left",
                    fontsize=12,
                    bbox={"facecolor": "white", "alpha": 0.85, "edgecolor": "none", "pad": 1.5},
                    zorder=5,
                )
    out_used = [{v: 0.0 for v in col} for col in place]
    in_used = [{v: 0.0 for v in col} for col in place]
    links = flow.assign(
        _sr=flow["source"].map(lambda v: rank.get(v, len(rank))),
        _tr=flow["target"].map(lambda v: rank.get(v, len(rank))),
    ).sort_values(["step", "_sr", "_tr"], kind="stable")
    for row in links.itertuples(index=False):
        j = int(row.step) - 1
        band = float(row.cases)
        sb, sh = place[j][row.source]
        tb, th = place[j + 1][row.target]
        y0 = sb + sh - out_used[j][row.source]
        y1 = tb + th - in_used[j + 1][row.target]
        out_used[j][row.source] += band
        in_used[j + 1][row.target] += band
        x0, x1 = col_x[j] + width / 2, col_x[j + 1] - width / 2
        xm = (x0 + x1) / 2
        verts = [
            (x0, y0), (xm, y0), (xm, y1), (x1, y1),
            (x1, y1 - band), (xm, y1 - band), (xm, y0 - band), (x0, y0 - band),
            (x0, y0),
        ]  # fmt: skip
        codes = [Path.MOVETO, *[Path.CURVE4] * 3, Path.LINETO, *[Path.CURVE4] * 3, Path.CLOSEPOLY]
        ax.add_patch(PathPatch(Path(verts, codes), facecolor=colors[row.source], alpha=0.4, lw=0))
    for j in range(n_steps):
        ax.text(col_x[j], tallest + 0.03 * total, f"Step {j + 1}", ha="center", va="bottom", fontsize=13)
    ax.set_xlim(-0.3, n_steps - 1 + 0.75)
    ax.set_ylim(y_low, y_high)
    ax.set_axis_off()
    ax.set_title(title or "Where journeys go, step by step")
    return fig


# --------------------------------------------------------------------------------------------
# Moments of truth: survey scores linked to the last touchpoint before the answer
# --------------------------------------------------------------------------------------------


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

    The touchpoints whose answers score worst are candidate **moments of truth**: the moments
    that make or break the customer's opinion.

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
        answer with no event of its customer in that window is left out.
    confidence, method, min_n :
        As in :func:`cxkit.metrics.breakdown` (intervals, and the ``too_small`` flag).

    Returns
    -------
    pandas.DataFrame
        One row per touchpoint, **worst score first**: ``last_touchpoint`` and the columns of
        :func:`cxkit.metrics.breakdown` (``value``, ``n`` answers, ``low``, ``high``, ``moe``,
        ``too_small``, ...), plus ``median_gap_h``, the median hours from the touchpoint to the
        answer, and ``linked_share``, the share of all answers (in percent) that could be linked.

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
    answered = surveys.loc[surveys[metric].notna() & surveys[answered_at].notna()]
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
    table["linked_share"] = 100 * len(linked) / len(answered)
    out = table.reset_index()
    # Every metric is "higher is better" (CES: agreement that the task was easy), so worst first.
    out = out.sort_values(["value", "last_touchpoint"], kind="stable")
    return out.reset_index(drop=True)
