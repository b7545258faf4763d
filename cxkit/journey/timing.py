"""Time between the stages of a journey: when each case reaches each stage, and how long each step takes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from cxkit.journey import _narwhals as _on_frame
from cxkit.journey._eventlog import (
    _NS,
    _by_list,
    _check_quantiles,
    _check_stages,
    _check_steps,
    _columns,
    _group_codes,
    _pandas_log,
    _quantile_names,
    _stage_positions,
)
from cxkit.journey._narwhals import route as _route

__all__ = ["stage_durations", "stage_times"]


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
        A column that orders events of a case with the same timestamp (a sequence number).
        **Ties**: events of a case with the same timestamp are ordered by ``tie_break`` when
        given, then by activity name (text order); the same on pandas, polars, DuckDB and Spark,
        and the row order never matters. A blank ``tie_break`` value is refused.

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
    case, activity, timestamp, tie_break = _columns(log, case, activity, timestamp, tie_break)
    frame, log = _route(log)
    if frame is not None:
        return _on_frame.stage_times(
            frame, stages=stages, case=case, activity=activity, timestamp=timestamp, tie_break=tie_break
        )
    log, lg = _pandas_log(log, case=case, activity=activity, timestamp=timestamp, tie_break=tie_break)
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
        A column that orders events of a case with the same timestamp (a sequence number).
        **Ties**: events of a case with the same timestamp are ordered by ``tie_break`` when
        given, then by activity name (text order); the same on pandas, polars, DuckDB and Spark,
        and the row order never matters. A blank ``tie_break`` value is refused.

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
    case, activity, timestamp, tie_break = _columns(log, case, activity, timestamp, tie_break)
    frame, log = _route(log)
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
    log, lg = _pandas_log(
        log, case=case, activity=activity, timestamp=timestamp, extra=by_cols, tie_break=tie_break
    )
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
