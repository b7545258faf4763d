r"""Journey analytics on any frame narwhals reads: DuckDB, polars (eager or lazy), PySpark.

:func:`cxkit.journey.analytics.directly_follows`, :func:`~cxkit.journey.analytics.start_activities`,
:func:`~cxkit.journey.analytics.end_activities`, :func:`~cxkit.journey.analytics.variants` and
:func:`~cxkit.journey.analytics.funnel`, :func:`~cxkit.journey.analytics.stage_durations` and
:func:`~cxkit.journey.analytics.stage_times` send a frame that is not pandas here. The frame's engine
puts each case's events in order with window functions (``shift().over(case, order_by=...)``),
counts, and returns a small table (one row per pair of activities, per activity or per variant) that is
collected and shaped exactly like the pandas result.

Each trap met on the way is handled, and tested in ``tests/test_backends.py``:

* **A total order.** A database has no row order: events of a case with the same timestamp come
  back in any order, and a graph built on them changes from run to run. Events are ordered by
  timestamp, then by the caller's ``tie_break`` column (a sequence number), then by activity
  name, so the result is the same on every run and every engine, and the same as on pandas,
  which follows the same rule (``cxkit.journey._eventlog.TIE_RULE``).
* **Variants without lists.** narwhals has no ordered list aggregation, so each case's sequence
  is encoded exactly in integers: activity codes :math:`1..K` are the digits, in base
  :math:`K+1`, of int64 numbers of :math:`d` digits each, the largest :math:`d` with
  :math:`(K+1)^d \le 2^{63}`; a case of length :math:`n` is the tuple
  :math:`(n, c_0, \dots, c_{\lceil n/d \rceil - 1})` with
  :math:`c_j = \sum_{i=0}^{d-1} \mathrm{code}(e_{jd+i})\,(K+1)^i`. Equal tuples mean equal
  sequences (base-:math:`(K+1)` digits are unique and 0 never is a code).
* **Durations from date parts.** ``dt.total_seconds``, ``dt.timestamp`` and integer casts of a
  timestamp are not available on every engine; the epoch microseconds are built from the year,
  day of the year, hour, minute, second and microsecond, each cast to Int64 first (polars gives
  small integer types that overflow silently), after converting a zone-aware column to UTC:
  :math:`\mathrm{days} = 365(y - 1970) + L(y - 1) - L(1969) + (\mathrm{yday} - 1)` with
  :math:`L(x) = \lfloor x/4 \rfloor - \lfloor x/100 \rfloor + \lfloor x/400 \rfloor` leap days.
* **Counting positions** uses ``cum_sum`` of a column of ones, never ``cum_count().over(...)``,
  which gives wrong counts on pandas when its column is also a partition or order column.
* **128-bit sums.** DuckDB sums and running sums are HUGEINT (Python decimals once collected);
  they are cast to Int64 in the query or after collecting.
* **64-bit sums.** polars sums Int64 columns in Int64 and wraps around past :math:`2^{63}`
  without a word: durations are summed as whole seconds and leftover microseconds, apart.
* **Blank values.** A row with a missing case, activity or timestamp is refused with a
  :class:`~cxkit.errors.CXDataError` (naming the row on an eager frame, the number of such rows on
  a lazy one), as on pandas; so is an empty log. The timestamp must already be a datetime column
  (the pandas path also parses text).

>>> import duckdb
>>> from cxkit.journey.analytics import directly_follows
>>> log = duckdb.sql(
...     "SELECT * FROM (VALUES ('a', 'visit', TIMESTAMP '2024-01-01 10:00'), "
...     "('a', 'buy', TIMESTAMP '2024-01-01 10:05'), ('b', 'visit', TIMESTAMP '2024-01-02 09:00'), "
...     "('b', 'buy', TIMESTAMP '2024-01-02 09:15')) AS t(case_id, event, timestamp)"
... )
>>> directly_follows(log)
  source target  count  mean_s  median_s
0  visit    buy      2   600.0     600.0
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np

from cxkit._frames import (
    backend_name,
    collect,
    column_names,
    first_row,
    is_lazy,
    narwhals_frame,
    restore_order,
)
from cxkit.errors import CXConfigError, CXDataError, CXDataWarning
from cxkit.journey._eventlog import (
    _NS_RANGE,
    OUT_OF_RANGE,
    OUT_OF_RANGE_EXPECTED,
    PreparedLog,
    _by_list,
    _check_stages,
    _check_steps,
    _count_series,
    _quantile_names,
    _sort_by_count,
)

__all__ = [
    "directly_follows",
    "end_activities",
    "funnel_log",
    "route",
    "stage_durations",
    "stage_times",
    "start_activities",
    "variants",
]

# Internal column names (prefixed so that they never clash with a learner's columns).
_C, _A, _US, _ONE, _POS, _NEXT_A, _PREV_A, _NEXT_US = (
    "__cx_case",
    "__cx_act",
    "__cx_us",
    "__cx_one",
    "__cx_pos",
    "__cx_next_act",
    "__cx_prev_act",
    "__cx_next_us",
)
_US_PER_S = 1_000_000
#: Names of UTC: a zone-aware column already in UTC needs no conversion.
_UTC = ("UTC", "Etc/UTC", "Etc/UCT", "UCT", "Etc/Universal", "Universal", "Etc/Zulu", "Zulu")


def route(log: Any) -> tuple[Any, Any]:
    """Return ``(narwhals frame, None)`` for a non-pandas frame, else ``(None, log)``.

    A :class:`~cxkit.journey._eventlog.PreparedLog` goes the way of the frame it was prepared on
    (whole, so that :func:`prepare` reuses its checks).
    """
    if isinstance(log, PreparedLog):
        return (log, None) if log.lg is None else (None, log)
    frame = narwhals_frame(log)
    if frame is not None:
        return frame, None
    return None, log


def _native(frame: Any) -> Any:
    """Return the narwhals frame of a :class:`~cxkit.journey._eventlog.PreparedLog`, or the frame."""
    return frame.frame if isinstance(frame, PreparedLog) else frame


def _nw() -> Any:
    import narwhals.stable.v2 as nw

    return nw


def _leap_days(year: Any) -> Any:
    return year // 4 - year // 100 + year // 400


def epoch_microseconds(column: str, dtype: Any) -> Any:
    """Return a narwhals expression: microseconds since 1970-01-01 (UTC) of a datetime column.

    Built from date parts (see the module docstring), so it runs on every narwhals backend.
    """
    nw = _nw()
    t = nw.col(column)
    if getattr(dtype, "time_zone", None) not in (None, *_UTC):
        t = t.dt.convert_time_zone("UTC")
    y = t.dt.year().cast(nw.Int64)
    yday = t.dt.ordinal_day().cast(nw.Int64)
    days = (y - 1970) * 365 + _leap_days(y - 1) - _leap_days(1969) + (yday - 1)
    hour, minute = t.dt.hour().cast(nw.Int64), t.dt.minute().cast(nw.Int64)
    second, micro = t.dt.second().cast(nw.Int64), t.dt.microsecond().cast(nw.Int64)
    return (((days * 24 + hour) * 60 + minute) * 60 + second) * _US_PER_S + micro


def _blank_error(frame: Any, expr: Any, column: str, what: str, n: int) -> CXDataError:
    row = first_row(frame, expr)
    note = (
        ""
        if row is not None or not is_lazy(frame)
        else f"; {n:,} such row(s) (a lazy table has no row order)"
    )
    return CXDataError(
        f"an event with no {what}",
        dataset="event log",
        column=column,
        row=row,
        expected=f"a {what} on every event (drop or fill the blank row(s) first{note})",
    )


def prepare(
    frame: Any,
    *,
    case: str,
    activity: str,
    timestamp: str,
    tie_break: str | None,
    extra: Sequence[str] = (),
) -> tuple[Any, list[str]]:
    """Check an event log and return ``(lazy frame, order)``.

    The lazy frame has the columns ``_C`` (case), ``_A`` (activity), ``_US`` (epoch microseconds),
    ``_ONE`` (ones), the ``tie_break`` and ``extra`` columns; ``order`` is the total order of the
    events inside a case. A :class:`~cxkit.journey._eventlog.PreparedLog` was checked (and warned
    about) when prepared: only the lazy selection is built again.
    """
    if isinstance(frame, PreparedLog):
        frame.check_columns(case=case, activity=activity, timestamp=timestamp, tie_break=tie_break)
        frame.check_extra(extra, column_names(frame.frame))
        p = frame
        return _lazy_log(
            p.frame,
            case=p.case,
            activity=p.activity,
            timestamp=p.timestamp,
            tie_break=p.tie_break,
            extra=extra,
        )
    check(frame, case=case, activity=activity, timestamp=timestamp, tie_break=tie_break, extra=extra)
    return _lazy_log(
        frame, case=case, activity=activity, timestamp=timestamp, tie_break=tie_break, extra=extra
    )


def check(
    frame: Any,
    *,
    case: str,
    activity: str,
    timestamp: str,
    tie_break: str | None,
    extra: Sequence[str] = (),
    stacklevel: int = 5,
) -> None:
    """Check an event log on its engine (columns, blanks, time range, labels); warn of repeated events."""
    nw = _nw()
    names = column_names(frame)
    needed = [case, activity, timestamp, *([tie_break] if tie_break else []), *extra]
    missing = [c for c in needed if c not in names]
    if missing:
        raise CXDataError(
            "missing column",
            dataset="event log",
            column=missing[0],
            expected=f"the columns {', '.join(map(repr, needed))} "
            f"(found {', '.join(map(repr, map(str, names)))}); "
            "pass the names with case=, activity=, timestamp=",
        )
    schema = frame.collect_schema()
    if not isinstance(schema[timestamp], nw.Datetime):
        raise CXDataError(
            "not a timestamp column",
            dataset="event log",
            column=timestamp,
            value=str(schema[timestamp]),
            expected="a datetime column (convert text first, e.g. with strptime or CAST AS TIMESTAMP)",
        )
    zone = getattr(schema[timestamp], "time_zone", None)
    if zone not in (None, *_UTC) and backend_name(frame) == "duckdb":
        # DuckDB keeps one zone per connection and narwhals cannot convert it to UTC.
        raise CXConfigError(
            f"the DuckDB connection shows time-zone-aware timestamps in {zone}, where an hour "
            "can repeat or vanish; durations need UTC: run con.sql(\"SET TimeZone = 'UTC'\") "
            "on the connection first"
        )
    checks = [nw.len().alias("n")]
    blank_exprs = {}
    checked = [(case, "case"), (activity, "activity"), (timestamp, "timestamp")]
    if tie_break:  # a missing tie-break value would be ordered differently by each engine
        checked.append((tie_break, "tie-break value"))
    for col, what in checked:
        expr = nw.col(col).is_null()
        if schema[col] == nw.String and col != tie_break:
            expr = expr | (nw.col(col).str.strip_chars() == "")
        blank_exprs[col] = (expr, what)
        checks.append(expr.cast(nw.Int64).sum().alias(col))
    counts = collect(frame.select(*checks))
    if int(counts["n"].iloc[0]) == 0:
        raise CXDataError("the event log is empty", dataset="event log", expected="at least one event")
    for col, (expr, what) in blank_exprs.items():
        n_blank = int(counts[col].fillna(0).iloc[0])
        if n_blank:
            raise _blank_error(frame, expr, col, what, n_blank)
    _same_rules_as_pandas(frame, schema, activity=activity, timestamp=timestamp)
    n_events = int(counts["n"].iloc[0])
    lf, _ = _lazy_log(frame, case=case, activity=activity, timestamp=timestamp, tie_break=tie_break)
    n_distinct = int(collect(lf.select(_C, _A, _US).unique().select(nw.len().alias("n")))["n"].iloc[0])
    if n_distinct < n_events:  # the pandas path's warning (_warn_duplicate_events), counted here
        warnings.warn(
            f"{n_events - n_distinct} event(s) repeat another of the same case with the same activity "
            "and time; each makes a loop of 0 seconds. If they are a double export, drop them with "
            ".unique() (polars) or SELECT DISTINCT (DuckDB).",
            CXDataWarning,
            stacklevel=stacklevel,
        )


def _lazy_log(
    frame: Any,
    *,
    case: str,
    activity: str,
    timestamp: str,
    tie_break: str | None,
    extra: Sequence[str] = (),
) -> tuple[Any, list[str]]:
    """Return ``(lazy frame, order)`` of :func:`prepare` for a checked log (no query runs)."""
    nw = _nw()
    schema = frame.collect_schema()
    lazy = frame.lazy() if not is_lazy(frame) else frame
    keep = [
        c for c in dict.fromkeys([*([tie_break] if tie_break else []), *extra]) if c not in (case, activity)
    ]
    lf = lazy.select(
        nw.col(case).alias(_C),
        nw.col(activity).alias(_A),
        epoch_microseconds(timestamp, schema[timestamp]).alias(_US),
        nw.lit(1, nw.Int64).alias(_ONE),
        *[nw.col(c) for c in keep if c != timestamp],
        *([nw.col(timestamp)] if timestamp in keep else []),
    )
    order = [_US, *([tie_break] if tie_break else []), _A]  # TIE_RULE: tie_break, then name
    return lf, order


def _same_rules_as_pandas(frame: Any, schema: Any, *, activity: str, timestamp: str) -> None:
    """Refuse what the pandas path refuses, so the engines agree or refuse together.

    A timestamp pandas cannot hold (after 2262) and an activity with spaces around it that would
    count apart from the same label without them (``" visit"``, ``"visit"``).
    """
    nw = _nw()
    lo, hi = (int(t.value) // 1000 for t in _NS_RANGE)
    us = epoch_microseconds(timestamp, schema[timestamp])
    outside = (us < lo) | (us > hi)
    n_out = int(collect(frame.select(outside.cast(nw.Int64).sum().alias("n")))["n"].fillna(0).iloc[0])
    if n_out:
        raise CXDataError(
            OUT_OF_RANGE,
            dataset="event log",
            column=timestamp,
            row=first_row(frame, outside),
            expected=OUT_OF_RANGE_EXPECTED,
        )
    if schema[activity] != nw.String:
        return
    labels = [
        v for v in _labels(collect(frame.select(nw.col(activity)).unique())[activity]) if isinstance(v, str)
    ]
    plain = {v for v in labels if v == v.strip()}
    padded = [v for v in labels if v != v.strip()]
    clash = [v for v in padded if v.strip() in plain or sum(p.strip() == v.strip() for p in padded) > 1]
    if clash:
        label = sorted(clash)[0]
        raise CXDataError(
            f"the activity {label!r} has spaces around it, so it would count apart from {label.strip()!r}",
            dataset="event log",
            column=activity,
            row=first_row(frame, nw.col(activity) == label),
            value=label,
            expected=f"labels without spaces around them: df[{activity!r}].str.strip()",
        )


def _with_neighbours(lf: Any, order: list[str]) -> Any:
    nw = _nw()
    return lf.with_columns(
        nw.col(_A).shift(-1).over(_C, order_by=order).alias(_NEXT_A),
        nw.col(_A).shift(1).over(_C, order_by=order).alias(_PREV_A),
        nw.col(_US).shift(-1).over(_C, order_by=order).alias(_NEXT_US),
    )


def _sum_parts(d: Any, name: str) -> list[Any]:
    """Return aggregations that sum microsecond durations ``d`` without overflowing int64.

    A sum of int64 microseconds overflows past 2**63 us (292,000 years in total: two million
    steps of a century each, or a hundred million of a month), and polars then wraps around
    silently (a negative mean). The whole seconds and the remaining microseconds are summed
    apart (each stays below 2**63 for any real log) and put together by :func:`_summed`.
    """
    return [(d // _US_PER_S).sum().alias(f"{name}_s"), (d % _US_PER_S).sum().alias(f"{name}_us")]


def _summed(t: Any, name: str) -> np.ndarray:
    """Return the sums of :func:`_sum_parts`, in seconds, from a collected table."""
    import pandas as pd

    # DuckDB's sums are 128-bit integers (Python decimals once collected): cast here.
    seconds, micro = (
        pd.to_numeric(t[f"{name}_{u}"].astype(object)).to_numpy(dtype=float) for u in ("s", "us")
    )
    return seconds + micro / _US_PER_S


def _labels(values: Any) -> np.ndarray:
    """Return collected activity labels as a numpy array of Python objects (as on the pandas path)."""
    return np.asarray(values.to_numpy(dtype=object), dtype=object)


def directly_follows(
    frame: Any, *, case: str, activity: str, timestamp: str, tie_break: str | None = None
) -> Any:
    """Compute :func:`cxkit.journey.analytics.directly_follows` on a narwhals frame."""
    import pandas as pd

    nw = _nw()
    lf, order = prepare(frame, case=case, activity=activity, timestamp=timestamp, tie_break=tie_break)
    pairs = (
        _with_neighbours(lf, order)
        .filter(~nw.col(_NEXT_A).is_null())
        .with_columns((nw.col(_NEXT_US) - nw.col(_US)).alias("d"))
        .group_by(_A, _NEXT_A)
        .agg(
            nw.len().alias("count"),
            *_sum_parts(nw.col("d"), "sum"),
            nw.col("d").median().alias("median_us"),
        )
    )
    t = collect(pairs)
    count = pd.to_numeric(t["count"]).to_numpy(dtype=np.int64)
    sum_s = _summed(t, "sum")
    out = pd.DataFrame(
        {
            "source": _labels(t[_A]),
            "target": _labels(t[_NEXT_A]),
            "count": count,
            "mean_s": sum_s / count,
            "median_s": pd.to_numeric(t["median_us"]).to_numpy(dtype=float) / _US_PER_S,
        }
    )
    return _sort_by_count(out, ["source", "target"])


def _ends(frame: Any, first: bool, **kw: Any) -> Any:
    import pandas as pd

    nw = _nw()
    lf, order = prepare(frame, **kw)
    side = _PREV_A if first else _NEXT_A
    t = collect(
        _with_neighbours(lf, order).filter(nw.col(side).is_null()).group_by(_A).agg(nw.len().alias("n"))
    )
    labels = pd.Index(_labels(t[_A]))
    codes = np.repeat(np.arange(len(t)), pd.to_numeric(t["n"]).to_numpy(dtype=np.int64))
    return _count_series(codes, labels, kw["activity"])


def start_activities(
    frame: Any, *, case: str, activity: str, timestamp: str, tie_break: str | None = None
) -> Any:
    """Compute :func:`cxkit.journey.analytics.start_activities` on a narwhals frame."""
    return _ends(frame, True, case=case, activity=activity, timestamp=timestamp, tie_break=tie_break)


def end_activities(
    frame: Any, *, case: str, activity: str, timestamp: str, tie_break: str | None = None
) -> Any:
    """Compute :func:`cxkit.journey.analytics.end_activities` on a narwhals frame."""
    return _ends(frame, False, case=case, activity=activity, timestamp=timestamp, tie_break=tie_break)


def digits_per_chunk(k: int) -> int:
    """Return the most base-(k+1) digits an int64 holds: the largest d with (k+1)**d <= 2**63.

    >>> digits_per_chunk(1), digits_per_chunk(9), digits_per_chunk(255)
    (63, 18, 7)
    """
    base, d = k + 1, 0
    while base ** (d + 1) <= 2**63:
        d += 1
    return d


def decode_variant(length: int, chunks: Sequence[int], k: int) -> list[int]:
    """Return the activity codes (1..k) of a case from its length and int64 chunks.

    >>> decode_variant(3, [1 + 2 * 3 + 1 * 9], 2)  # codes 1, 2, 1 in base 3
    [1, 2, 1]
    """
    d = digits_per_chunk(k)
    codes: list[int] = []
    for value in chunks:
        value = int(value)
        for _ in range(d):
            codes.append(value % (k + 1))
            value //= k + 1
    return codes[:length]


def _positions(lf: Any, order: list[str]) -> Any:
    """Add each event's 0-based position in its case (a running sum of ones, not cum_count)."""
    nw = _nw()
    return lf.with_columns((nw.col(_ONE).cum_sum().over(_C, order_by=order).cast(nw.Int64) - 1).alias(_POS))


def _activity_codes(lf: Any) -> tuple[list[Any], dict[Any, int]]:
    """Return the distinct activities (sorted as text) and their codes 1..K."""
    t = collect(lf.select(_A).unique())
    acts = sorted(_labels(t[_A]).tolist(), key=str)
    return acts, {a: i + 1 for i, a in enumerate(acts)}


def variants(frame: Any, *, case: str, activity: str, timestamp: str, tie_break: str | None = None) -> Any:
    """Compute :func:`cxkit.journey.analytics.variants` on a narwhals frame (exact int64 encoding)."""
    import pandas as pd

    nw = _nw()
    lf, order = prepare(frame, case=case, activity=activity, timestamp=timestamp, tie_break=tie_break)
    acts, code = _activity_codes(lf)
    k = len(acts)
    d = digits_per_chunk(k)
    lf = _positions(lf, order)
    max_len = int(pd.to_numeric(collect(lf.select(nw.col(_POS).max()))[_POS]).iloc[0]) + 1
    n_chunks = -(-max_len // d)
    place = nw.col(_POS) % d
    weight = place.replace_strict({i: (k + 1) ** i for i in range(d)}, default=0, return_dtype=nw.Int64)
    digit = nw.col(_A).replace_strict(code, default=0, return_dtype=nw.Int64) * weight
    chunk = nw.col(_POS) // d
    names = [f"__cx_v{j}" for j in range(n_chunks)]
    per_case = lf.group_by(_C).agg(
        nw.len().cast(nw.Int64).alias("n"),
        *[nw.when(chunk == j).then(digit).otherwise(0).sum().alias(v) for j, v in enumerate(names)],
    )
    per_case = per_case.with_columns(*[nw.col(v).cast(nw.Int64) for v in names])  # HUGEINT sums
    t = collect(per_case.group_by("n", *names).agg(nw.len().alias("count")))
    counts = pd.to_numeric(t["count"]).to_numpy(dtype=np.int64)
    lengths = pd.to_numeric(t["n"]).to_numpy(dtype=np.int64)
    chunks = np.column_stack([pd.to_numeric(t[v]).to_numpy(dtype=np.int64) for v in names])
    seqs = [
        tuple(acts[c - 1] for c in decode_variant(int(n), row.tolist(), k))
        for n, row in zip(lengths, chunks, strict=True)
    ]
    n_cases = int(counts.sum())
    out = pd.DataFrame({"variant": seqs, "count": counts, "share": counts / n_cases})
    key = [tuple(map(str, s)) for s in seqs]
    ranked = sorted(range(len(seqs)), key=lambda i: (-int(counts[i]), key[i]))
    return out.iloc[ranked].reset_index(drop=True)


def _reach_columns(lf: Any, stages: Sequence[Any], *, ordered: bool, times: bool = False) -> Any:
    """Add to every event where its case reaches each stage: ``__cx_s{j}`` (and ``__cx_t{j}``).

    ``__cx_s{j}`` is the position (``_positions``) of the event where the case reaches stage
    ``j``: ordered, the first event of the stage after the one where it reached stage ``j - 1``;
    any order, the stage's first event; null if it never does. Each stage is one minimum over the
    case's events (``min(when(...).then(position)).over(case)``), computed on the same rows as
    the previous stage's: the engine reads the log once and adds one window per stage. (A join
    per stage, each on the previous stage's table, made DuckDB recompute the positions and read
    the file 1 + 2 + ... + K times: 16 window operators for five stages.) With ``times``,
    ``__cx_t{j}`` is that event's epoch microseconds: positions follow the time order, so the
    earliest time of the matching events is the time of the first of them.
    """
    nw = _nw()
    for j, stage in enumerate(stages):
        hit = nw.col(_A) == stage
        if ordered and j > 0:
            hit = hit & (nw.col(_POS) > nw.col(f"__cx_s{j - 1}"))
        first = [nw.when(hit).then(nw.col(_POS)).min().over(_C).alias(f"__cx_s{j}")]
        if times:
            first.append(nw.when(hit).then(nw.col(_US)).min().over(_C).alias(f"__cx_t{j}"))
        lf = lf.with_columns(*first)
    return lf


def _reach_times(frame: Any, *, stages: Any, by_cols: list[str], **kw: Any) -> tuple[Any, list[Any]]:
    """Check the log and the stages; return ``(lazy per-case table, stages)``.

    The per-case table has ``_C``, the ``by`` columns (at the case's first event), ``__cx_first``
    (the first event's epoch microseconds) and ``__cx_t{j}`` for each stage of the ordered
    funnel (null where the case never reached it).
    """
    nw = _nw()
    lf, order = prepare(frame, extra=by_cols, **kw)
    acts, _ = _activity_codes(lf)
    stages = _check_stages(stages, acts, kw["activity"])
    lf = _reach_columns(_positions(lf, order), stages, ordered=True, times=True)
    times = [f"__cx_t{j}" for j in range(len(stages))]
    cases = lf.filter(nw.col(_POS) == 0).select(_C, *by_cols, nw.col(_US).alias("__cx_first"), *times)
    return cases, stages


def stage_times(
    frame: Any, *, stages: Any, case: str, activity: str, timestamp: str, tie_break: str | None
) -> Any:
    """Compute :func:`cxkit.journey.analytics.stage_times` on a narwhals frame (one row per case)."""
    import pandas as pd

    cases, stages = _reach_times(
        frame,
        stages=stages,
        by_cols=[],
        case=case,
        activity=activity,
        timestamp=timestamp,
        tie_break=tie_break,
    )
    t = collect(cases)
    t = t.sort_values(["__cx_first", _C], kind="stable", ignore_index=True)
    out = {}
    for j, stage in enumerate(stages):
        us = pd.to_numeric(t[f"__cx_t{j}"]).to_numpy(dtype=float)  # exact: |us| < 2**53 until 2255
        out[stage] = pd.to_datetime(us, unit="us").as_unit("ns")
    return pd.DataFrame(out, index=pd.Index(_labels(t[_C]), name=case))


def stage_durations(
    frame: Any,
    *,
    stages: Any,
    by: str | Sequence[str] | None,
    case: str,
    activity: str,
    timestamp: str,
    quantiles: Sequence[float],
    tie_break: str | None,
) -> Any:
    """Compute :func:`cxkit.journey.analytics.stage_durations` on a narwhals frame.

    One query: the per-case times of the ordered funnel, then per group the count, sum, median
    and quantiles of each step's durations (null where the case did not make the step, and
    aggregates skip nulls) and the number of cases; only that table (groups x statistics) is
    collected. Groups are sorted and blank groups left out with a warning, as on pandas.
    """
    import pandas as pd

    nw = _nw()
    by_cols = _by_list(by)
    cases, stages = _reach_times(
        frame,
        stages=stages,
        by_cols=by_cols,
        case=case,
        activity=activity,
        timestamp=timestamp,
        tie_break=tie_break,
    )
    _check_steps(stages)
    stats = [nw.len().alias("__cx_cases")]
    for k in range(1, len(stages)):
        d = nw.col(f"__cx_t{k}") - nw.col(f"__cx_t{k - 1}")
        stats += [
            d.count().alias(f"n{k}"),
            *_sum_parts(d, f"sum{k}"),
            d.median().alias(f"median{k}"),
            *[d.quantile(q, interpolation="linear").alias(f"q{k}_{i}") for i, q in enumerate(quantiles)],
        ]
    if by_cols:
        t = restore_order(
            collect(cases.group_by(*by_cols, drop_null_keys=False).agg(*stats)), _native(frame), by_cols
        )
        blank = t[by_cols].isna().any(axis=1).to_numpy()
        if blank.any():
            n_blank = int(pd.to_numeric(t.loc[blank, "__cx_cases"]).sum())
            warnings.warn(
                f"{n_blank} case(s) with a blank {' or '.join(map(repr, by_cols))} left out "
                "(fill them, e.g. with 'prospect', to keep them)",
                CXDataWarning,
                stacklevel=3,
            )
        t = t[~blank]
        codes, _ = pd.MultiIndex.from_frame(t[by_cols]).factorize(sort=True)  # as the pandas path
        t = t.iloc[np.argsort(codes, kind="stable")].reset_index(drop=True)
    else:
        t = collect(cases.select(*stats))

    def numbers(column: str, scale: float = 1.0) -> np.ndarray:
        # Counts may come back as Python objects or nullable integers: plain floats here.
        return pd.to_numeric(t[column].astype(object)).to_numpy(dtype=float) / scale

    per_step = {
        k: (
            np.nan_to_num(numbers(f"n{k}")).astype(np.int64),
            _summed(t, f"sum{k}"),
            [
                numbers(f"median{k}", _US_PER_S),
                *[numbers(f"q{k}_{i}", _US_PER_S) for i in range(len(quantiles))],
            ],
        )
        for k in range(1, len(stages))
    }
    rows: list[tuple[Any, ...]] = []
    for r in range(len(t)):
        key = tuple(t[c].iloc[r] for c in by_cols)
        for k, (n, total, found) in per_step.items():
            made = int(n[r])
            spread = [f[r] for f in found] if made else [np.nan] * len(found)
            rows.append((*key, stages[k - 1], stages[k], made, total[r] / made if made else np.nan, *spread))
    return pd.DataFrame(
        rows,
        columns=[
            *by_cols,
            "from_stage",
            "to_stage",
            "cases",
            "mean_s",
            "median_s",
            *_quantile_names(quantiles),
        ],
    )


def funnel_log(
    frame: Any,
    *,
    stages: Any,
    by: str | Sequence[str] | None,
    ordered: bool,
    case: str,
    activity: str,
    timestamp: str,
    tie_break: str | None = None,
) -> Any:
    """Return a minimal pandas log on which :func:`cxkit.journey.analytics.funnel` counts as on the frame.

    The engine finds, stage after stage, the position where each case reaches it (ordered: the
    first event of the stage after the one where it reached the previous stage; any order: the
    stage's first event) with one ``min`` over the case's events per stage (one ``min`` per case
    and a join, with no window at all, for a funnel in any order without groups), and counts the
    cases per group and pattern of stages reached. Only those counts are collected. They are
    written out as a minimal pandas event log (one case per counted case, holding only its reached stages, in
    order), which :func:`~cxkit.journey.analytics.funnel` then counts on pandas, so conversions,
    drop-offs, intervals, group order, warnings and errors all come from the one pandas
    implementation. The local side holds a few bytes per case (no event data).
    """
    import pandas as pd

    nw = _nw()
    by_cols = _by_list(by)
    lf, order = prepare(
        frame, case=case, activity=activity, timestamp=timestamp, tie_break=tie_break, extra=by_cols
    )
    acts, _ = _activity_codes(lf)
    wanted = list(stages) if isinstance(stages, Sequence) and not isinstance(stages, str) else []
    known = [s for s in dict.fromkeys(wanted) if s in set(acts)]
    stage_cols = [f"__cx_s{j}" for j in range(len(known))]
    if ordered is True or by_cols:
        lf = _reach_columns(_positions(lf, order), known, ordered=ordered is True)
        cases = lf.filter(nw.col(_POS) == 0).select(_C, *by_cols, *stage_cols)  # groups: at the first event
    else:  # any order, no groups: no window is needed (less memory and time on a large log)
        cases = lf.select(_C).unique()
        for j, stage in enumerate(known):
            hits = lf.filter(nw.col(_A) == stage).group_by(_C).agg(nw.col(_ONE).min().alias(stage_cols[j]))
            cases = cases.join(hits, on=_C, how="left")
    flags = [f"__cx_r{j}" for j in range(len(known))]
    cases = cases.with_columns(
        *[(~nw.col(f"__cx_s{j}").is_null()).cast(nw.Int64).alias(f) for j, f in enumerate(flags)]
    )
    counted = cases.group_by(*by_cols, *flags, drop_null_keys=False).agg(nw.len().alias("__cx_n"))
    t = restore_order(collect(counted), _native(frame), by_cols) if by_cols else collect(counted)
    # The minimal log: per counted case, its reached stages in order (or one non-stage event).
    n = pd.to_numeric(t["__cx_n"]).to_numpy(dtype=np.int64)
    reached = (
        np.column_stack([pd.to_numeric(t[f]).to_numpy(dtype=np.int64) for f in flags]).astype(bool)
        if flags
        else np.zeros((len(t), 0), dtype=bool)
    )
    filler = next((a for a in acts if a not in set(known)), "(none)")
    categories = list(dict.fromkeys([*acts, filler]))
    codes_of = {a: i for i, a in enumerate(categories)}
    per_record = [
        [codes_of[s] for s, r in zip(known, row, strict=True) if r] or [codes_of[filler]] for row in reached
    ]
    length = np.array([len(x) for x in per_record], dtype=np.int64)
    rec_of_case = np.repeat(np.arange(len(t)), n)
    events_per_case = length[rec_of_case]
    case_of_event = np.repeat(np.arange(len(rec_of_case)), events_per_case)
    starts = np.concatenate(([0], np.cumsum(events_per_case)[:-1]))
    within = np.arange(len(case_of_event)) - np.repeat(starts, events_per_case)
    width = int(length.max()) if len(length) else 1
    table = np.zeros((len(t), width), dtype=np.int64)
    for r, seq in enumerate(per_record):
        table[r, : len(seq)] = seq
    rec_of_event = rec_of_case[case_of_event]
    small = pd.DataFrame(
        {
            case: case_of_event,
            activity: pd.Categorical.from_codes(table[rec_of_event, within], categories=categories),
            timestamp: pd.Timestamp("2000-01-01") + pd.to_timedelta(within, unit="s"),
        }
    )
    for c in by_cols:
        small[c] = (
            t[c].to_numpy()[rec_of_event]
            if not isinstance(t[c].dtype, pd.CategoricalDtype)
            else (pd.Categorical.from_codes(t[c].cat.codes.to_numpy()[rec_of_event], dtype=t[c].dtype))
        )
    return small
