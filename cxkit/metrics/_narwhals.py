""":func:`~cxkit.metrics.breakdown` on any frame narwhals reads: DuckDB, polars, PySpark, ...

The frame's own engine does the one heavy step, a count of the rows per (group, score), or per
(group, customer, score) with ``cluster=``:

.. code-block:: sql

    SELECT segment, nps, COUNT(*) FROM surveys GROUP BY segment, nps

That result is small (at most 11 scores per group) and holds everything the metrics need: it is
collected into pandas and the counts become the weights of the answers in the course's own
engine (:func:`cxkit.metrics._engine.group_sums`, :func:`~cxkit.metrics._engine.estimate`,
:func:`cxkit.stats.cluster.grouped_cluster_variance`), so every formula exists once and a table
computed on DuckDB or Spark equals the pandas one to the last digit.

Counting rows rather than summing scores also side-steps a trap: DuckDB returns sums as 128-bit
decimals; a count is an integer everywhere (and the collected scores are cast to float after
collecting, which also reads DuckDB's ``DECIMAL`` columns).

Checks, as on pandas: a missing column, a text or True/False score column, an out-of-range or
fractional score and a blank cluster id raise :class:`~cxkit.errors.CXDataError` naming the
column. An eager frame (polars DataFrame) also names the first offending row; a lazy one (DuckDB,
Spark, polars LazyFrame) has no row order, so the message gives the value and how many rows have
it instead.

>>> import duckdb
>>> from cxkit.metrics import breakdown
>>> answers = duckdb.sql(
...     "SELECT * FROM (VALUES ('B2C', 10), ('B2C', 9), ('B2C', 3), ('B2B', 6), ('B2B', NULL)) "
...     "AS t(segment, nps)"
... )
>>> table = breakdown(answers, "nps", by="segment", min_n=1)
>>> table[["value", "n", "n_blank"]].round(2)  # doctest: +NORMALIZE_WHITESPACE
         value  n  n_blank
segment
B2B     -100.00  1        1
B2C       33.33  3        0
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from cxkit._checks import expected_scores, scale_check_counts, shown_number
from cxkit._frames import collect, first_row, is_lazy, require_columns, restore_order
from cxkit.errors import CXDataError, CXDataWarning
from cxkit.metrics._engine import estimate, group_sums, to_table
from cxkit.stats.cluster import grouped_cluster_variance

__all__ = ["table_on_frame"]

#: The count column of the collected table.
COUNT = "__cxkit_count"


def _where(frame: Any, expr: Any, n_rows: int) -> tuple[Any, str]:
    """Return ``(row, note)``: the first row where ``expr`` holds, or a note for a lazy frame."""
    row = first_row(frame, expr)
    if row is None and is_lazy(frame):
        return None, f" ({n_rows:,} row{'s' if n_rows != 1 else ''}; a lazy table has no row order)"
    return row, ""


def _check_dtype(frame: Any, column: str) -> None:
    """Refuse a score column of text, True/False or dates, as the pandas path does."""
    import narwhals.stable.v2 as nw

    dtype = frame.collect_schema()[column]
    if dtype.is_numeric():
        return
    not_null = ~nw.col(column).is_null()
    row = first_row(frame, not_null)
    if dtype == nw.Boolean:
        problem, hint = "True/False values are not scores", ""
    else:
        hint = (
            " (text, not a number: cast the column to a number)"
            if dtype in (nw.String, nw.Categorical, nw.Enum)
            else ""
        )
        problem = f"not a number{hint}"
    raise CXDataError(
        problem,
        column=column,
        row=row,
        value=str(dtype),
        expected="a column of whole-number scores",
    )


def table_on_frame(
    frame: Any,
    metric: Any,
    keys: list[str],
    *,
    score_column: str,
    options: dict[str, Any],
    confidence: float,
    method: Any,
    cluster: str | None,
    min_n: int,
    scale_check: bool,
    n_boot: int,
    seed: Any,
) -> Any:
    """Compute :func:`~cxkit.metrics.breakdown` on a narwhals frame (settings already checked).

    Parameters
    ----------
    frame : narwhals.DataFrame or narwhals.LazyFrame
        The survey table.
    metric : cxkit.metrics.registry.Metric
        The declared metric (NPS, CSAT, CES).
    keys : list of str
        The columns to group by.
    score_column, options, confidence, method, cluster, min_n, scale_check, n_boot, seed
        As in :func:`~cxkit.metrics.breakdown` (checked by
        :func:`cxkit.metrics.tables.table_settings`).

    Returns
    -------
    pandas.DataFrame
        The table :func:`~cxkit.metrics.breakdown` returns on pandas, groups sorted.

    Raises
    ------
    CXDataError
        A missing column, a score column that is not numeric, an invalid score, a blank cluster id.

    Notes
    -----
    One ``GROUP BY keys[, cluster], score`` with ``COUNT(*)`` runs on the frame's engine; the
    collected counts weight the answers in :func:`cxkit.metrics._engine.group_sums` and
    :func:`cxkit.stats.cluster.grouped_cluster_variance`, so the formulas are those of
    :func:`~cxkit.metrics.nps`, :func:`~cxkit.metrics.csat` and :func:`~cxkit.metrics.ces`.
    """
    import narwhals.stable.v2 as nw
    import pandas as pd

    name = metric.name
    require_columns(frame, [*keys, score_column, *([cluster] if cluster else [])], "survey table")
    _check_dtype(frame, score_column)
    lo, hi = metric.scale(options)
    by = [*keys, *([cluster] if cluster else []), score_column]
    counted = frame.group_by(by, drop_null_keys=False).agg(nw.len().alias(COUNT))
    # Groups in order: an Enum's categories' order, else sorted values.
    table = restore_order(collect(counted), frame, keys)
    # Cast after collecting: DuckDB DECIMAL scores arrive as Python decimals, counts as int64.
    scores = pd.to_numeric(table[score_column], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    counts = table[COUNT].to_numpy(dtype=np.int64)
    given = ~np.isnan(scores)
    if cluster is not None:
        _check_cluster_ids(frame, table, cluster, counts)
    _check_scores(frame, scores, counts, score_column, lo=lo, hi=hi, metric=name, scale_check=scale_check)

    est, index, n_blank = _estimate_groups(
        table,
        keys,
        metric,
        scores,
        counts,
        given=given,
        cluster=cluster,
        options=options,
        confidence=confidence,
        method=method,
        n_boot=n_boot,
        seed=seed,
    )
    return to_table(
        metric,
        est,
        index,
        options=options,
        confidence=confidence,
        method=method,
        min_n=min_n,
        n_blank=n_blank,
    )


def _check_cluster_ids(frame: Any, table: Any, cluster: str, counts: np.ndarray) -> None:
    """Raise naming the first row whose cluster id is blank."""
    import narwhals.stable.v2 as nw

    no_id = table[cluster].isna().to_numpy()
    if no_id.any():
        row, note = _where(frame, nw.col(cluster).is_null(), int(counts[no_id].sum()))
        raise CXDataError(
            "blank cluster id" + note,
            column=cluster,
            row=row,
            value=None,
            expected="a customer (cluster) id on every row",
        )


def _check_scores(
    frame: Any,
    scores: np.ndarray,
    counts: np.ndarray,
    score_column: str,
    *,
    lo: int,
    hi: int,
    metric: str,
    scale_check: bool,
) -> None:
    """Check the distinct scores (range, whole numbers, at least one) and the scale, as on pandas."""
    import narwhals.stable.v2 as nw

    # The checks of cxkit._checks.validate_scores, on the distinct scores.
    given = ~np.isnan(scores)
    expected = expected_scores(lo, hi)
    for problem, bad in (
        ("score out of range", given & ((scores < lo) | (scores > hi))),
        ("not a whole number", given & (scores != np.floor(scores))),
    ):
        if bad.any():
            values = np.unique(scores[bad])
            col = nw.col(score_column)
            expr = (col < lo) | (col > hi) if problem == "score out of range" else col.round(0) != col
            row = first_row(frame, expr)
            if row is not None:
                shown = frame.select(nw.col(score_column).cast(nw.Float64))[score_column][row]
                raise CXDataError(
                    problem, column=score_column, row=row, value=shown_number(shown), expected=expected
                )
            v = values[0]
            n_v = int(counts[bad & (scores == v)].sum())
            raise CXDataError(
                f"{problem} ({n_v:,} row{'s' if n_v != 1 else ''} with this value; a lazy table "
                "has no row order)",
                column=score_column,
                value=shown_number(v),
                expected=expected,
            )
    if not given.any():
        raise CXDataError(
            "no responses to compute a score from (every score is blank)",
            column=score_column,
            expected=f"at least one {expected[2:]}",
        )
    ints = scores[given].astype(np.int64)
    if scale_check:
        w = counts[given]
        scale_check_counts(
            int(w.sum()),
            int(ints.min()),
            int(ints.max()),
            int(w[ints == 1].sum()),
            lo=lo,
            hi=hi,
            metric=metric,
            name=score_column,
            stacklevel=6,
        )


def _estimate_groups(
    table: Any,
    keys: list[str],
    metric: Any,
    scores: np.ndarray,
    counts: np.ndarray,
    *,
    given: np.ndarray,
    cluster: str | None,
    options: dict[str, Any],
    confidence: float,
    method: Any,
    n_boot: int,
    seed: Any,
) -> tuple[dict[str, Any], Any, np.ndarray]:
    """Run the engine on the counted groups; return the estimate, the groups and their blank scores."""
    import pandas as pd

    # Groups: the answered rows whose keys are all given, numbered in sorted order as on pandas.
    no_group = table[keys].isna().any(axis=1).to_numpy()
    n_no_group = int(counts[given & no_group].sum())
    if n_no_group:
        warnings.warn(
            f"{n_no_group:,} answer{'s' if n_no_group != 1 else ''} with a blank "
            f"{', '.join(repr(k) for k in keys)} {'were' if n_no_group != 1 else 'was'} left "
            "out of the table (no group to put it in); fill the blanks to count them.",
            CXDataWarning,
            stacklevel=5,
        )
    rows = given & ~no_group
    answered = table.loc[rows, keys].reset_index(drop=True)
    grouper = answered.groupby(keys, sort=True, observed=True, dropna=True)
    codes = grouper.ngroup().to_numpy(dtype=np.int64)
    index = grouper.size().index
    n_groups = len(index)
    values, weights = scores[rows].astype(np.int64), counts[rows]
    sums = group_sums(metric, values, codes, n_groups, options=options, weights=weights)
    var = G = None
    if cluster is not None:
        cluster_codes, _ = pd.factorize(table.loc[rows, cluster].to_numpy(dtype=object))
        var, G = grouped_cluster_variance(
            metric.score(values, options).astype(float), codes, cluster_codes, n_groups, weights=weights
        )
    est = estimate(
        metric,
        sums,
        options=options,
        confidence=confidence,
        method=method,
        cluster_var=var,
        n_clusters=G,
        n_boot=n_boot,
        seed=seed,
    )
    # Blank scores per group (the pandas path's n_blank), aligned on the answered groups.
    blanks = table.loc[~given & ~no_group, [*keys, COUNT]]
    n_blank = np.zeros(n_groups, dtype=np.int64)
    if len(blanks):
        per_group = blanks.groupby(keys, observed=True, dropna=True)[COUNT].sum()
        n_blank = per_group.reindex(index, fill_value=0).to_numpy(dtype=np.int64)
    return est, index, n_blank
