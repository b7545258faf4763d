"""Tables: a metric per group (:func:`breakdown`) or per period (:func:`trend`).

Both run the engine of :func:`~cxkit.metrics.nps`, :func:`~cxkit.metrics.csat` and
:func:`~cxkit.metrics.ces` over every group at once, so a group's row has exactly the value,
interval and n that the single-score function gives for that group's answers.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from cxkit._checks import as_list, expected_scores, require_columns, validate_scores
from cxkit._frames import narwhals_frame
from cxkit.errors import CXConfigError, CXDataError, CXDataWarning
from cxkit.metrics._engine import check_method, estimate, metric_options, to_table
from cxkit.metrics.registry import METRIC_REGISTRY, Metric
from cxkit.stats.checks import check_choice, check_confidence, check_min_n
from cxkit.stats.cluster import grouped_cluster_variance
from cxkit.stats.intervals import IntervalMethod

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["breakdown", "trend"]


def _columns_ok(df: Any, keys: list[str]) -> bool:
    require_columns(df, keys, "survey table")
    return True


def grouped_estimate(
    df: pd.DataFrame,
    keys: list[Any],
    key_names: list[str],
    metric: Metric,
    values: np.ndarray,
    keep: np.ndarray | None,
    *,
    options: dict[str, Any],
    confidence: float,
    method: IntervalMethod,
    cluster: str | None = None,
    n_boot: int = 10_000,
    seed: Any = None,
) -> tuple[dict[str, Any], Any, np.ndarray]:
    """Sum per group in one ``groupby(...).sum()`` over integer columns, then run the shared engine.

    ``values`` are the answered rows' scores, ``keep`` the mask of answered rows (``None``: all).
    Returns ``(estimate, group index, blank scores per group)``.
    """
    import pandas as pd

    answered = np.ones(len(df), dtype=bool) if keep is None else keep
    full = np.zeros(len(df), dtype=np.int8)
    full[answered] = values
    # Small integer columns (0/1 flags, scores up to 10, squares up to 100) keep memory low; the
    # group sums come back as int64.
    cols: dict[str, Any] = {"n": answered.astype(np.int8), "_blank": (~answered).astype(np.int8)}
    for name, col in metric.indicators(full, options).items():
        cols[name] = np.where(answered, col, 0).astype(np.int8)
    frame = pd.DataFrame(cols, index=df.index)
    for key in keys:  # a Grouper bins a column of the frame it groups
        if isinstance(key, pd.Grouper) and key.key is not None:
            frame[key.key] = df[key.key]
    grouped = frame.groupby(keys, observed=True, sort=True, dropna=True).sum()
    n_no_group = int(answered.sum() - grouped["n"].sum())
    if n_no_group:
        warnings.warn(
            f"{n_no_group:,} answer{'s' if n_no_group != 1 else ''} with a blank "
            f"{', '.join(repr(k) for k in key_names)} {'were' if n_no_group != 1 else 'was'} left "
            "out of the table (no group to put it in); fill the blanks to count them.",
            CXDataWarning,
            stacklevel=4,
        )
    sums = {k: grouped[k].to_numpy(dtype=np.int64) for k in grouped.columns if k != "_blank"}
    var = G = None
    if cluster is not None:
        var, G = _cluster_variance(
            df, frame, keys, metric, full, answered, cluster=cluster, options=options, n_groups=len(grouped)
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
    return est, grouped.index, grouped["_blank"].to_numpy(dtype=np.int64)


def _cluster_variance(
    df: pd.DataFrame,
    frame: pd.DataFrame,
    keys: list[Any],
    metric: Metric,
    full: np.ndarray,
    answered: np.ndarray,
    *,
    cluster: str,
    options: dict[str, Any],
    n_groups: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Each group's cluster-robust variance and number of clusters (:mod:`cxkit.stats.cluster`)."""
    import pandas as pd

    ids = df[cluster]
    if ids.isna().any():
        pos = int(np.argmax(ids.isna().to_numpy()))
        raise CXDataError(
            "blank cluster id",
            column=cluster,
            row=df.index[pos],
            value=None,
            expected="a customer (cluster) id on every row",
        )
    # Each answered row's group (numbered as the groupby orders them) and cluster, then the
    # same cluster-robust variance as a single score uses.
    group_of_row = (
        frame.groupby(keys, observed=True, sort=True, dropna=True)
        .ngroup()
        .to_numpy(dtype=float, na_value=np.nan)
    )
    rows = answered & ~np.isnan(group_of_row)
    cluster_codes, _ = pd.factorize(ids.to_numpy(dtype=object)[rows])
    return grouped_cluster_variance(
        metric.score(full, options)[rows].astype(float),
        group_of_row[rows].astype(np.int64),
        cluster_codes,
        n_groups,
    )


def table_settings(
    metric_name: Any,
    *,
    score_column: Any,
    options: dict[str, Any],
    confidence: Any,
    method: Any,
    cluster: Any,
    min_n: Any,
) -> tuple[str, Metric, float, int, dict[str, Any], IntervalMethod, Any]:
    """Check a table's settings (shared with the narwhals path, :mod:`cxkit.metrics._narwhals`).

    Returns ``(name, metric, confidence, min_n, options, method, score_column)``.
    """
    # Every declared metric read from a score column (not the response rate, see response_rates).
    choices = tuple(k for k in METRIC_REGISTRY if k != "response_rate")
    name = check_choice(metric_name, choices, "metric")
    metric = METRIC_REGISTRY[name]
    confidence = check_confidence(confidence)
    min_n = check_min_n(min_n)
    options = metric_options(name, **options)
    m = check_method(metric, method, cluster=cluster is not None)
    score_column = score_column or name
    if cluster is not None and not isinstance(cluster, str):
        raise CXConfigError(
            f"cluster= in a table names a column of the table, e.g. cluster='customer_id'; "
            f"got {type(cluster).__name__}."
        )
    return name, metric, confidence, min_n, options, m, score_column


def _table(
    df: pd.DataFrame,
    metric_name: Any,
    keys: list[Any],
    key_names: list[str],
    *,
    score_column: Any,
    options: dict[str, Any],
    confidence: Any,
    method: Any,
    cluster: Any,
    min_n: Any,
    scale_check: bool,
    n_boot: int,
    seed: Any,
) -> pd.DataFrame:
    """Run the shared body of :func:`breakdown` and :func:`trend`."""
    name, metric, confidence, min_n, options, m, score_column = table_settings(
        metric_name,
        score_column=score_column,
        options=options,
        confidence=confidence,
        method=method,
        cluster=cluster,
        min_n=min_n,
    )
    require_columns(df, [score_column, *([cluster] if cluster is not None else [])], "survey table")
    lo, hi = metric.scale(options)
    values, _n_dropped, keep = validate_scores(
        df[score_column],
        lo=lo,
        hi=hi,
        metric=name,
        dropna=True,
        scale_check=scale_check,
        allow_empty=True,
        return_keep=True,
    )
    if len(values) == 0:
        raise CXDataError(
            "no responses to compute a score from (every score is blank)",
            column=score_column,
            expected=f"at least one {expected_scores(lo, hi)[2:]}",
        )
    est, index, n_blank = grouped_estimate(
        df,
        keys,
        key_names,
        metric,
        values,
        keep,
        options=options,
        confidence=confidence,
        method=m,
        cluster=cluster,
        n_boot=n_boot,
        seed=seed,
    )
    return to_table(
        metric, est, index, options=options, confidence=confidence, method=m, min_n=min_n, n_blank=n_blank
    )


def _table_on_frame(
    frame: Any,
    metric_name: Any,
    keys: list[str],
    *,
    score_column: Any,
    options: dict[str, Any],
    confidence: Any,
    method: Any,
    cluster: Any,
    min_n: Any,
    scale_check: bool,
    n_boot: int,
    seed: Any,
) -> pd.DataFrame:
    """Run :func:`breakdown` on a DuckDB, polars, PySpark... frame (see :mod:`cxkit.metrics._narwhals`)."""
    from cxkit.metrics._narwhals import table_on_frame

    _name, metric, confidence, min_n, options, m, score_column = table_settings(
        metric_name,
        score_column=score_column,
        options=options,
        confidence=confidence,
        method=method,
        cluster=cluster,
        min_n=min_n,
    )
    result: pd.DataFrame = table_on_frame(
        frame,
        metric,
        keys,
        score_column=score_column,
        options=options,
        confidence=confidence,
        method=m,
        cluster=cluster,
        min_n=min_n,
        scale_check=scale_check,
        n_boot=n_boot,
        seed=seed,
    )
    return result


def breakdown(
    df: pd.DataFrame,
    metric: str,
    by: str | Sequence[str],
    *,
    score: str | None = None,
    scale: int | None = None,
    satisfied: Sequence[int] | None = None,
    detractor_max: int = 6,
    promoter_min: int = 9,
    confidence: float = 0.95,
    method: str | None = None,
    cluster: str | None = None,
    min_n: int = 30,
    scale_check: bool = True,
    n_boot: int = 10_000,
    seed: Any = None,
) -> pd.DataFrame:
    r"""Compute a CX metric per group of a survey table, each with its confidence interval.

    For every group :math:`g` the counts are taken in one vectorised pass and the metric's own
    formula applied: for the NPS, :math:`100(P_g - D_g)/n_g` with the Wald interval of
    :func:`nps`; for CSAT, :math:`100\,x_g/n_g` with the Wilson interval of :func:`csat`; for
    CES, the mean :math:`\bar x_g \pm t_{1-\alpha/2,\,n_g-1}\, s_g/\sqrt{n_g}` of :func:`ces`:

    .. math::

        \mathrm{NPS}_g = 100\,\frac{P_g - D_g}{n_g}, \qquad
        \mathrm{CSAT}_g = 100\,\frac{x_g}{n_g}, \qquad
        \mathrm{CES}_g = \frac{1}{n_g}\sum_{i \in g} x_i .

    Parameters
    ----------
    df : pandas.DataFrame
        One row per survey invitation, e.g. ``cxkit.data.load("surveys")``.
    metric : {"nps", "csat", "ces"}
        The metric.
    by : str or list of str
        The column(s) to group by.
    score : str, optional
        The column of scores; default the metric's name (``"nps"``, ``"csat"``, ``"ces"``).
    scale, satisfied : optional
        The CSAT scale (5, 7, 10; default 5) and satisfied answers (default the top two), or the
        CES scale (5 or 7; default 7), as in :func:`csat` and :func:`ces`.
    detractor_max, promoter_min : int, default 6 and 9
        The NPS cut-offs, as in :func:`nps`.
    confidence : float, default 0.95
        Confidence level of the intervals.
    method : str, optional
        Interval method: for the NPS ``"wald"`` (default), ``"adjusted_wald"`` or ``"bootstrap"``;
        for CSAT ``"wilson"`` (default) or ``"wald"``; for CES ``"t"``.
    cluster : str, optional
        A column of customer ids (``"customer_id"``): cluster-robust intervals per group (see
        :func:`nps`), and a column ``n_clusters``.
    min_n : int, default 30
        Groups with fewer answers are flagged ``too_small``: their interval is wide and their
        ranking unreliable. They are kept, not hidden.
    scale_check : bool, default True
        Apply the wrong-scale check of :func:`nps` / :func:`ces` to the whole column.
    n_boot, seed : optional
        Bootstrap resamples and seed (``method="bootstrap"``).

    Returns
    -------
    pandas.DataFrame
        Indexed by the groups (a MultiIndex for several columns), in the groups' order (the
        categories' order for a categorical column; sorted otherwise), with the columns
        of :data:`cxkit.stats.INTERVAL_COLUMNS` (``value, n, low, high, moe, too_small, method,
        confidence``), then ``clipped, n_blank`` and the counts (NPS:
        ``promoters, passives, detractors``; CSAT: ``satisfied``; CES: ``agree`` in percent) and,
        with ``cluster``, ``n_clusters``. ``too_small`` is ``n < min_n``; ``clipped`` says the
        interval was cut at the scale's ends; ``n_blank`` counts the group's rows whose score is
        blank (not answered). Only groups with at least one answer appear. Answers whose group is
        blank are left out with a :class:`~cxkit.errors.CXDataWarning` saying how many.

    Raises
    ------
    CXDataError
        A missing column, or an invalid score anywhere in the column (the message names the row).
    CXConfigError
        An unknown ``metric`` or ``method``, a bad ``min_n`` or ``confidence``.

    Notes
    -----
    Blank scores are the invitations nobody answered; they are dropped here (and counted in
    ``n_blank``), unlike in :func:`nps`, where a blank raises. Each row is computed by the same
    engine as :func:`nps` / :func:`csat` / :func:`ces`, so it equals that function on the group's
    answers. Rows whose group is blank are left
    out too. The work is one ``groupby(...).sum()`` over integer indicator columns and array
    arithmetic over the groups: a million rows take a few tens of milliseconds. See
    :func:`nps`, :func:`csat` and :func:`ces` for the intervals' references and coverage.

    Examples
    --------
    >>> import pandas as pd
    >>> from cxkit.metrics import breakdown
    >>> df = pd.DataFrame({
    ...     "segment": pd.Categorical(["B2C"] * 5 + ["B2B"] * 5, categories=["B2C", "B2B"]),
    ...     "nps": pd.array([10, 9, 9, 7, 3, 9, 6, 5, 2, None], dtype="Int64"),
    ... })
    >>> table = breakdown(df, "nps", by="segment", min_n=5)
    >>> table[["value", "n", "too_small"]]  # doctest: +NORMALIZE_WHITESPACE
             value  n  too_small
    segment
    B2C       40.0  5      False
    B2B      -50.0  4       True
    >>> int(table.loc["B2B", "n_blank"])
    1
    """
    keys = as_list(by)
    frame = narwhals_frame(df)
    if frame is not None:  # DuckDB, polars, PySpark...: the one narwhals implementation
        if not keys:
            raise CXConfigError("by must name at least one column to group by, e.g. by='touchpoint'.")
        return _table_on_frame(
            frame,
            metric,
            keys,
            score_column=score,
            options=dict(
                scale=scale, satisfied=satisfied, detractor_max=detractor_max, promoter_min=promoter_min
            ),
            confidence=confidence,
            method=method,
            cluster=cluster,
            min_n=min_n,
            scale_check=scale_check,
            n_boot=n_boot,
            seed=seed,
        )
    require_columns(df, [], "survey table")
    if not keys:
        raise CXConfigError("by must name at least one column to group by, e.g. by='touchpoint'.")
    return _table(
        df,
        metric,
        [df[k] for k in keys] if _columns_ok(df, keys) else [],
        keys,
        score_column=score,
        options=dict(
            scale=scale, satisfied=satisfied, detractor_max=detractor_max, promoter_min=promoter_min
        ),
        confidence=confidence,
        method=method,
        cluster=cluster,
        min_n=min_n,
        scale_check=scale_check,
        n_boot=n_boot,
        seed=seed,
    )


def trend(
    df: pd.DataFrame,
    metric: str,
    *,
    freq: str = "MS",
    answered_at: str = "response_date",
    by: str | Sequence[str] | None = None,
    score: str | None = None,
    scale: int | None = None,
    satisfied: Sequence[int] | None = None,
    detractor_max: int = 6,
    promoter_min: int = 9,
    confidence: float = 0.95,
    method: str | None = None,
    cluster: str | None = None,
    min_n: int = 30,
    scale_check: bool = True,
    n_boot: int = 10_000,
    seed: Any = None,
) -> pd.DataFrame:
    r"""Compute a CX metric per period (month by default), each with its confidence interval.

    The periods are the bins of :class:`pandas.Grouper` with frequency ``freq``; in each the
    metric and interval are computed exactly as in :func:`breakdown`:

    .. math::

        \mathrm{NPS}_t = 100\,\frac{P_t - D_t}{n_t} \;\pm\; 100\,z_{1-\alpha/2}
        \sqrt{\frac{(\hat p_t + \hat d_t) - (\hat p_t - \hat d_t)^2}{n_t}} .

    Parameters
    ----------
    df : pandas.DataFrame
        One row per survey invitation.
    metric : {"nps", "csat", "ces"}
        The metric.
    freq : str, default "MS"
        The period: ``"MS"`` month (labelled by its first day), ``"W"`` week, ``"QS"`` quarter,
        ``"D"`` day (any pandas offset alias).
    answered_at : str, default "response_date"
        The datetime column that places an answer in a period.
    by : str or list of str, optional
        Further columns to split each period by (e.g. ``"segment"``).
    score, scale, satisfied, detractor_max, promoter_min, confidence, method
        As in :func:`breakdown`.
    cluster, min_n, scale_check, n_boot, seed
        As in :func:`breakdown`.

    Returns
    -------
    pandas.DataFrame
        Indexed by period start (and ``by`` groups), with the columns of :func:`breakdown`.
        Periods without any answer are left out (check ``n`` for gaps).

    Raises
    ------
    CXDataError
        A missing column, a date column that is not datetime, or an invalid score.
    CXConfigError
        An unknown ``metric``, ``method`` or ``freq``.

    Notes
    -----
    A month-to-month change inside both months' intervals is usually noise; use
    :func:`compare_nps` on the two months' answers to test it.

    Examples
    --------
    >>> import pandas as pd
    >>> from cxkit.metrics import trend
    >>> df = pd.DataFrame({
    ...     "response_date": pd.to_datetime(["2024-01-05", "2024-01-20", "2024-02-03", "2024-02-10"]),
    ...     "nps": [10, 6, 9, 9],
    ... })
    >>> trend(df, "nps", min_n=1)[["value", "n"]]  # doctest: +NORMALIZE_WHITESPACE
                   value  n
    response_date
    2024-01-01       0.0  2
    2024-02-01     100.0  2
    """
    import pandas as pd

    require_columns(df, [answered_at, *as_list(by)], "survey table")
    if not pd.api.types.is_datetime64_any_dtype(df[answered_at]):
        raise CXDataError(
            "not a date-time column",
            column=answered_at,
            value=str(df[answered_at].dtype),
            expected="datetimes: load with cxkit.data.load or convert with cxkit.data.read_dates(df[column]) "
            "(one way of writing dates for the whole column)",
        )
    try:
        pd.tseries.frequencies.to_offset(freq)
        grouper = pd.Grouper(key=answered_at, freq=freq)
    except (ValueError, TypeError):
        raise CXConfigError(
            f"Unknown freq {freq!r}. Use a pandas offset alias such as 'MS' (month), "
            "'W' (week), 'QS' (quarter) or 'D' (day)."
        ) from None
    keys = as_list(by)
    return _table(
        df,
        metric,
        [grouper, *[df[k] for k in keys]],
        [answered_at, *keys],
        score_column=score,
        options=dict(
            scale=scale, satisfied=satisfied, detractor_max=detractor_max, promoter_min=promoter_min
        ),
        confidence=confidence,
        method=method,
        cluster=cluster,
        min_n=min_n,
        scale_check=scale_check,
        n_boot=n_boot,
        seed=seed,
    )
