"""An event log prepared for the journey analytics: checked, coded as integers and put in order.

Shared by :mod:`cxkit.journey.analytics`, :mod:`cxkit.journey.timing`, :mod:`cxkit.journey.flow`,
:mod:`cxkit.journey.moments` and the narwhals path (``cxkit.journey._narwhals``).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from cxkit.data.parse import DATETIME_FORMAT, parse_when
from cxkit.errors import CXConfigError, CXDataError, CXDataWarning

_NS = 1_000_000_000


# --------------------------------------------------------------------------------------------
# Preparing a log: checks, codes and the one sort (case, time, tie_break, activity name)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Log:
    """An event log in sorted order (by case, time, tie_break, activity name), as integer codes."""

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
    _check_labels(log, column, what, codes, labels)
    # int32 codes (half the memory of int64) unless there are more than 2**31 distinct values.
    return codes.astype(np.int32 if len(labels) < 2**31 else np.int64, copy=False), pd.Index(labels)


def _check_labels(log: pd.DataFrame, column: str, what: str, codes: np.ndarray, labels: pd.Index) -> None:
    """Refuse labels that each engine would count differently: mixed types, or spaces around a label.

    On pandas the id ``1`` and the text ``"1"`` are two cases, while DuckDB and polars (one type
    per column) make them one; ``" visit"`` and ``"visit"`` are two activities on every engine
    although a person reads one. Both are errors naming the first row, so no engine guesses.
    """
    if labels.dtype == object:
        kinds = np.array([isinstance(v, str) for v in labels], dtype=bool)
        if kinds.any() and not kinds.all():
            first_kind = kinds[codes[0]] if codes[0] >= 0 else kinds[0]
            other = np.flatnonzero(kinds != first_kind)[0]
            pos = int(np.flatnonzero(codes == other)[0])
            raise CXDataError(
                f"{what}s of mixed types: {labels[codes[0]]!r} ({'a text' if first_kind else 'a number'}) "
                f"and {labels[other]!r} ({'a number' if first_kind else 'a text'}); pandas would count "
                "1 and '1' apart and DuckDB or polars together",
                dataset="event log",
                column=column,
                row=_row_label(log, pos),
                value=labels[other],
                expected=f"one type for every {what} (convert with df[{column!r}].astype(str))",
            )
    textual = pd.api.types.is_string_dtype(labels.dtype) and labels.dtype != object
    if labels.dtype == object:  # mixed types were refused above: all text or none
        textual = bool(len(labels)) and isinstance(labels[0], str)
    if len(labels) and textual:
        # Vectorised (``.str`` gives NaN for a label that is not text): a Python function per
        # label took 0.3 s on the 500,000 case labels of a 3.4 M-event log.
        text = pd.Series(labels, dtype=object) if labels.dtype == object else pd.Series(labels)
        stripped = text.str.strip()
        is_text = stripped.notna().to_numpy(dtype=bool)
        padded = np.zeros(len(labels), dtype=bool)
        padded[is_text] = (text[is_text] != stripped[is_text]).to_numpy(dtype=bool)
        if padded.any():
            seen = pd.Index(stripped[~padded].dropna())
            clash = padded & stripped.isin(seen).to_numpy(dtype=bool)
            if not clash.any():  # two padded labels that meet once stripped
                dup = stripped[padded].duplicated(keep=False).to_numpy(dtype=bool)
                clash = np.zeros(len(padded), dtype=bool)
                clash[np.flatnonzero(padded)[dup]] = True
            if clash.any():
                label = int(np.flatnonzero(clash)[0])
                pos = int(np.flatnonzero(codes == label)[0])
                raise CXDataError(
                    f"the {what} {labels[label]!r} has spaces around it, so it would count apart from "
                    f"{stripped.iloc[label]!r}",
                    dataset="event log",
                    column=column,
                    row=_row_label(log, pos),
                    value=labels[label],
                    expected=f"labels without spaces around them: df[{column!r}].str.strip()",
                )


def _warn_duplicate_events(
    log: pd.DataFrame,
    order: np.ndarray,
    case: np.ndarray,
    act: np.ndarray,
    ns: np.ndarray,
    stacklevel: int = 4,
) -> None:
    """Warn about events that repeat another exactly (same case, activity and time), in sorted order.

    A double export makes a loop of 0 seconds (``basket -> basket``); they are kept (a log can
    record a real double click), but every engine says so.
    """
    if len(ns) < 2:
        return
    same = (case[1:] == case[:-1]) & (act[1:] == act[:-1]) & (ns[1:] == ns[:-1])
    if same.any():
        pos = int(order[int(np.flatnonzero(same)[0]) + 1])
        warnings.warn(
            f"{int(same.sum())} event(s) repeat another of the same case with the same activity and "
            f"time (first: row {_row_label(log, pos)}); each makes a loop of 0 seconds. If they are "
            "a double export, drop them with log.drop_duplicates().",
            CXDataWarning,
            stacklevel=stacklevel,
        )


#: The range of a pandas nanosecond timestamp (1677-09-21 to 2262-04-11).
_NS_RANGE = (pd.Timestamp.min, pd.Timestamp.max)


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
    lo, hi = _NS_RANGE
    if values.min() < lo or values.max() > hi:  # two reductions; the rows only when needed
        outside = ((values < lo) | (values > hi)).to_numpy(dtype=bool)
        pos = int(np.flatnonzero(outside)[0])
        raise CXDataError(
            OUT_OF_RANGE,
            dataset="event log",
            column=column,
            row=_row_label(log, pos),
            value=str(values.iloc[pos]),
            expected=OUT_OF_RANGE_EXPECTED,
        )
    return values.dt.as_unit("ns").to_numpy().view(np.int64)


#: One message for a timestamp no engine may compute with: the same on pandas, polars and DuckDB.
OUT_OF_RANGE = "a timestamp outside the years 1678 to 2261"
OUT_OF_RANGE_EXPECTED = (
    "a date of the journey (a typo such as 2924 for 2024?); pandas cannot hold it in nanoseconds, "
    "so every engine refuses it"
)


#: The one rule for events of a case with the same timestamp, stated in every function's docstring.
TIE_RULE = (
    "Events of a case with the same timestamp are ordered by the ``tie_break`` column when one is "
    "given, then by activity name (text order), on every engine: the row order never matters."
)


def _sort_key_ranks(log: pd.DataFrame, column: str, what: str) -> np.ndarray:
    """Return each row's rank in the sorted distinct values of ``column`` (equal values, equal rank).

    A blank value is refused, naming the row: a tie cannot be broken by a missing value.
    """
    values = log[column]
    blank = values.isna().to_numpy(dtype=bool)
    if blank.any():
        pos = int(np.flatnonzero(blank)[0])
        raise CXDataError(
            f"an event with no {what}",
            dataset="event log",
            column=column,
            row=_row_label(log, pos),
            expected=f"a {what} on every event (it orders events of a case with the same timestamp)",
        )
    try:
        codes, _ = pd.factorize(values, sort=True)
    except TypeError:  # values of mixed types: ordered as text
        codes, _ = pd.factorize(values.astype(str), sort=True)
    return np.asarray(codes, dtype=np.int64)


def _name_ranks(activities: pd.Index) -> np.ndarray:
    """Return the rank of each activity label in name order (by activity code)."""
    labels = pd.Index(activities)
    try:
        order = labels.argsort(kind="stable")
    except TypeError:  # labels of mixed types: ordered as text
        order = pd.Index(labels.astype(str)).argsort(kind="stable")
    ranks = np.empty(len(labels), dtype=np.int64)
    ranks[order] = np.arange(len(labels))
    return ranks


def _prepare(
    log: Any,
    *,
    case: str,
    activity: str,
    timestamp: str,
    extra: Sequence[str] = (),
    tie_break: str | None = None,
    stacklevel: int = 3,
) -> _Log:
    """Check a log and put its events in order: by case, time, then ``tie_break``, then activity name.

    ``stacklevel`` places the warning about repeated events as :func:`warnings.warn` counts from
    here: 3 (the default) is the caller of the function that called this one.
    """
    log = _check_log(log, [case, activity, timestamp, *([tie_break] if tie_break else []), *extra])
    case_codes, cases = _codes(log, case, "case")
    act_codes, activities = _codes(log, activity, "activity")
    ns = _nanoseconds(log, timestamp)
    # Keys for tied times, most important first: the caller's tie_break, then the activity's name.
    tie_keys = [_sort_key_ranks(log, tie_break, "tie-break value")] if tie_break else []
    tie_keys.append(_name_ranks(activities)[act_codes])
    if _grouped_and_sorted(case_codes, ns, tie_keys):  # rows already in order (as most exports)
        order = np.arange(len(ns))
        case_sorted, act_sorted, ns_sorted = case_codes, act_codes, ns
    else:
        order = _sort_order(case_codes, ns, tie_keys)
        case_sorted, act_sorted, ns_sorted = case_codes[order], act_codes[order], ns[order]
    _warn_duplicate_events(log, order, case_sorted, act_sorted, ns_sorted, stacklevel=stacklevel + 1)
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


def _sort_order(case_codes: np.ndarray, ns: np.ndarray, tie_keys: Sequence[np.ndarray]) -> np.ndarray:
    """Return the stable order of the rows by case, time, then the tie keys (most important first).

    The same order as ``numpy.lexsort((*reversed(tie_keys), ns, case_codes))``, found faster by
    packing the keys into one int64 when they fit: the tie keys' ranks, the time since the
    earliest event (in whole seconds, milliseconds or microseconds when every time is one) and
    the case code. One unstable sort of that key (numpy's vectorised quicksort) then puts the
    rows in order, and only the rows with equal keys (repeated events) are put back in row
    order. On 3.4 M shuffled events: 0.7 s, against 2.9 s for lexsort. When the case does not
    fit (a log spanning years in nanoseconds), two stable sorts (time and ties packed, then
    case) take about 1.7 s; when even that overflows, lexsort.
    """
    rank = np.zeros(len(ns), dtype=np.int64)
    n_ranks = 1
    for key in tie_keys:
        size = int(key.max()) + 1 if len(key) else 1
        if n_ranks > (2**62) // size:
            return np.lexsort((*reversed(tie_keys), ns, case_codes))
        rank = rank * size + key
        n_ranks *= size
    low = int(ns.min())
    span = int(ns.max()) - low + 1
    if span > 2**63 - 1:
        return np.lexsort((*reversed(tie_keys), ns, case_codes))
    rel = ns - low
    for unit in (10**9, 10**6, 10**3):  # a coarser clock: a smaller key, more often with the case
        if span > unit and not (rel % unit).any():
            rel //= unit
            span = (span - 1) // unit + 1
            break
    n_cases = int(case_codes.max()) + 1
    if span > (2**63 - 1) // n_ranks:
        return np.lexsort((*reversed(tie_keys), ns, case_codes))
    if n_cases > (2**63 - 1) // (span * n_ranks):  # the case does not fit: two stable sorts
        order = np.argsort(rel * n_ranks + rank, kind="stable")
        return order[np.argsort(case_codes[order], kind="stable")]
    packed = (case_codes.astype(np.int64) * span + rel) * n_ranks + rank
    order = np.argsort(packed)
    ordered = packed[order]
    equal = ordered[1:] == ordered[:-1]
    if equal.any():  # repeated events: back in row order, as a stable sort leaves them
        member = np.zeros(len(order), dtype=bool)
        member[1:] |= equal
        member[:-1] |= equal
        pos = np.flatnonzero(member)
        rows = order[pos]
        order[pos] = rows[np.lexsort((rows, ordered[pos]))]
    return order


def _grouped_and_sorted(case_codes: np.ndarray, ns: np.ndarray, tie_keys: Sequence[np.ndarray]) -> bool:
    """Return True when the rows are already in order: grouped by case, by time, ties by the keys.

    Codes number the cases by first appearance, so a log grouped by case has non-decreasing
    codes. The sort would then return the rows as they are; skipping it changes nothing.
    """
    step = np.diff(case_codes)
    if (step < 0).any():
        return False
    d_ns = np.diff(ns)
    same = step == 0
    if (same & (d_ns < 0)).any():
        return False
    tied = same & (d_ns == 0)
    for key in tie_keys:
        if not tied.any():
            return True
        d_key = np.diff(key)
        if (tied & (d_key < 0)).any():
            return False
        tied = tied & (d_key == 0)
    return True


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


def _sort_by_count(out: pd.DataFrame, names: list[str], count: str = "count") -> pd.DataFrame:
    keys = {f"_{n}": out[n].astype(str) for n in names}
    tmp = out.assign(**keys)
    tmp = tmp.sort_values([count, *keys], ascending=[False] + [True] * len(keys), kind="stable")
    return tmp.drop(columns=list(keys)).reset_index(drop=True)


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
# A log prepared once and reused by every function
# --------------------------------------------------------------------------------------------

#: The column keywords' defaults, the same in every journey function.
DEFAULT_COLUMNS = {"case": "case_id", "activity": "event", "timestamp": "timestamp", "tie_break": None}


@dataclass(frozen=True, eq=False)
class PreparedLog:
    """An event log checked, coded and put in order once; see :func:`cxkit.journey.analytics.prepare`.

    Immutable: it holds a snapshot of the log as it was when prepared (a pandas log is copied
    lazily, copy-on-write, so the copy costs nothing until the learner changes the original).
    Changing the original frame afterwards changes neither this object nor its results; prepare
    the changed frame again to analyse it.
    """

    case: str
    activity: str
    timestamp: str
    tie_break: str | None
    frame: Any  # the pandas snapshot, or the checked narwhals frame
    lg: _Log | None  # the ordered codes (pandas path); None on the narwhals path

    @property
    def engine(self) -> str:
        """``"pandas"``, or the engine behind the frame (``"duckdb"``, ``"polars"``, ``"pyspark"``)."""
        if self.lg is not None:
            return "pandas"
        return str(self.frame.implementation).split(".")[-1].lower()

    @property
    def n_events(self) -> int | None:
        """The number of events (``None`` on a lazy engine, where counting would run a query)."""
        return len(self.lg.order) if self.lg is not None else None

    @property
    def n_cases(self) -> int | None:
        """The number of cases (``None`` on a lazy engine)."""
        return self.lg.n_cases if self.lg is not None else None

    def __repr__(self) -> str:
        size = f"{self.n_events:,} events, {self.n_cases:,} cases, " if self.lg is not None else ""
        tie = f", tie_break={self.tie_break!r}" if self.tie_break else ""
        return (
            f"PreparedLog({size}engine={self.engine!r}, case={self.case!r}, activity={self.activity!r}, "
            f"timestamp={self.timestamp!r}{tie})"
        )

    def check_columns(self, **given: Any) -> None:
        """Refuse column keywords that differ from the ones the log was prepared with.

        A keyword left at its default (or given the prepared value) is fine: the prepared one is
        used. Another value would need another preparation, so it is an error rather than a
        silent second sort.
        """
        for name, value in given.items():
            prepared = getattr(self, name)
            if value != prepared and value != DEFAULT_COLUMNS[name]:
                raise CXConfigError(
                    f"{name}={value!r}, but the log was prepared with {name}={prepared!r}: leave "
                    f"{name}= out, or prepare the frame again with cxkit.journey.prepare(log, "
                    f"{name}={value!r}, ...)"
                )

    def check_extra(self, extra: Sequence[str], names: Sequence[str]) -> None:
        """Refuse ``by`` columns the prepared frame does not have (the message of a missing column)."""
        missing = [c for c in extra if c not in names]
        if missing:
            raise CXDataError(
                "missing column",
                dataset="event log",
                column=missing[0],
                expected=f"the columns {', '.join(map(repr, extra))} "
                f"(found {', '.join(map(repr, map(str, names)))})",
            )


def _pandas_log(
    log: Any,
    *,
    case: str,
    activity: str,
    timestamp: str,
    tie_break: str | None,
    extra: Sequence[str] = (),
) -> tuple[pd.DataFrame, _Log]:
    """Return ``(frame, ordered log)``: from a :class:`PreparedLog` as it is, else prepared now."""
    if isinstance(log, PreparedLog):
        log.check_columns(case=case, activity=activity, timestamp=timestamp, tie_break=tie_break)
        if log.lg is None:  # a function with no engine path given a log prepared on an engine
            raise CXDataError(
                "an event log must be a pandas DataFrame",
                value=f"a log prepared on {log.engine}",
                expected="a DataFrame with one row per event (prepare the pandas frame, or convert the "
                "engine's frame with .to_pandas())",
            )
        log.check_extra(extra, list(log.frame.columns))
        return log.frame, log.lg
    lg = _prepare(
        log, case=case, activity=activity, timestamp=timestamp, extra=extra, tie_break=tie_break, stacklevel=4
    )
    return log, lg


def _columns(
    log: Any, case: str, activity: str, timestamp: str, tie_break: str | None
) -> tuple[str, str, str, str | None]:
    """Return the column keywords to use: a :class:`PreparedLog`'s own (checked against the given)."""
    if isinstance(log, PreparedLog):
        log.check_columns(case=case, activity=activity, timestamp=timestamp, tie_break=tie_break)
        return log.case, log.activity, log.timestamp, log.tie_break
    return case, activity, timestamp, tie_break
