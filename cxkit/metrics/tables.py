"""Tables: a metric per group (:func:`breakdown`) or per period (:func:`trend`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from cxkit.errors import CXConfigError, CXDataError
from cxkit.metrics._validate import (
    _SCALES,
    CSAT_METHODS,
    METRICS,
    NPS_METHODS,
    _as_list,
    _expected,
    _require_columns,
    _validate_scores,
)
from cxkit.stats.checks import _check_choice, _check_confidence, _check_min_n
from cxkit.stats.intervals import _nps_interval, _prop_interval, _t_quantile

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


def _group_frame(
    df: pd.DataFrame,
    metric: str,
    keys: list[Any],
    score_column: str,
    *,
    confidence: float,
    min_n: int,
    method: str | None,
    scale_check: bool,
    extra_columns: dict[str, Any] | None = None,
) -> pd.DataFrame:
    """The shared engine of :func:`breakdown` and :func:`trend`: vectorised counts per group."""
    import pandas as pd

    lo, hi = _SCALES[metric]
    s = df[score_column]
    values, n_dropped = _validate_scores(s, lo=lo, hi=hi, metric=metric, dropna=True,
                                         scale_check=scale_check, allow_empty=True)
    if len(values) == 0:
        raise CXDataError("no responses to compute a score from (every score is blank)", column=score_column,
                          expected=f"at least one {_expected(lo, hi)[2:]}")
    # The scores of answered rows, scattered back to full length (blank rows contribute 0).
    answered = s.notna().to_numpy()
    full = np.zeros(len(s), dtype=np.int64)
    full[answered] = values
    ans = answered.astype(np.int64)
    if metric == "nps":
        cols = {"n": ans, "promoters": (full >= 9) & answered, "detractors": (full <= 6) & answered}
    elif metric == "csat":
        cols = {"n": ans, "satisfied": (full >= 4) & answered}
    else:
        cols = {"n": ans, "total": full, "total_sq": full * full, "agree": (full > 4) & answered}
    counts_in = pd.DataFrame({k: np.asarray(v, dtype=np.int64) for k, v in cols.items()}, index=df.index)
    for name, column in (extra_columns or {}).items():  # e.g. the date column a Grouper bins
        counts_in[name] = column
    grouped = counts_in.groupby(keys, observed=True, sort=True, dropna=True).sum()
    grouped = grouped[grouped["n"] > 0]  # groups (or periods) without a single answer
    n = grouped["n"].to_numpy(dtype=float)
    out = pd.DataFrame(index=grouped.index)
    if metric == "nps":
        meth = method or "wald"
        P = grouped["promoters"].to_numpy()
        D = grouped["detractors"].to_numpy()
        A = grouped["n"].to_numpy() - P - D
        value, low, high = _nps_interval(P, A, D, confidence=confidence, method=meth, seed=0)
        extra = {"promoters": P, "passives": A, "detractors": D}
    elif metric == "csat":
        meth = method or "wilson"
        x = grouped["satisfied"].to_numpy()
        with np.errstate(invalid="ignore", divide="ignore"):
            value = 100 * x / n
            lo_, hi_ = _prop_interval(x, n, confidence, meth)
        low, high = 100 * lo_, 100 * hi_
        extra = {"satisfied": x}
    else:
        meth = "t"
        total = grouped["total"].to_numpy(dtype=float)
        sq = grouped["total_sq"].to_numpy(dtype=float)
        with np.errstate(invalid="ignore", divide="ignore"):
            value = total / n
            var = np.maximum(sq - n * value**2, 0.0) / (n - 1)
            tq = _t_quantile(confidence, np.maximum(n - 1, 1))
            half = np.where(n >= 2, tq * np.sqrt(var / n), np.nan)
        low, high = value - half, value + half
        extra = {"agree": 100 * grouped["agree"].to_numpy() / n}
    out["value"] = value
    out["n"] = grouped["n"].to_numpy()
    out["low"] = low
    out["high"] = high
    out["moe"] = (np.asarray(high) - np.asarray(low)) / 2
    out["too_small"] = out["n"].to_numpy() < min_n
    for k, v in extra.items():
        out[k] = v
    n_blank_group = int(len(values) - out["n"].sum())
    out.attrs.update({
        "metric": metric,
        "score_column": score_column,
        "method": meth,
        "confidence": confidence,
        "min_n": min_n,
        "n_dropped": n_dropped,
        "n_blank_group": n_blank_group,
        "dropped": f"{n_dropped:,} rows with a blank {score_column!r} (not answered) were left out"
        + (f"; {n_blank_group:,} answers with a blank group too" if n_blank_group else ""),
    })
    return out


def breakdown(
    df: pd.DataFrame,
    metric: str,
    by: str | Sequence[str],
    min_n: int = 30,
    score_column: str | None = None,
    confidence: float = 0.95,
    *,
    method: str | None = None,
    scale_check: bool = True,
) -> pd.DataFrame:
    r"""A CX metric per group of a survey table, each with its confidence interval.

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
        The metric (CSAT on the 1–5 scale, satisfied = 4 or 5; CES on the 1–7 scale).
    by : str or list of str
        The column(s) to group by.
    min_n : int, default 30
        Groups with fewer answers are flagged ``too_small``: their interval is wide and their
        ranking unreliable. They are kept, not hidden.
    score_column : str, optional
        The column of scores; default the metric's name (``"nps"``, ``"csat"``, ``"ces"``).
    confidence : float, default 0.95
        Confidence level of the intervals.
    method : str, optional
        Interval method: for the NPS ``"wald"`` (default), ``"adjusted_wald"`` or ``"bootstrap"``
        (seed 0); for CSAT ``"wilson"`` (default) or ``"wald"``. CES always uses *t*.
    scale_check : bool, default True
        Apply the wrong-scale check of :func:`nps` / :func:`ces` to the whole column.

    Returns
    -------
    pandas.DataFrame
        Indexed by the groups (a MultiIndex for several columns), in the groups' order (the
        categories' order for a categorical column; sorted otherwise), with the columns
        ``value, n, low, high, moe, too_small`` followed by the counts (NPS: ``promoters,
        passives, detractors``; CSAT: ``satisfied``; CES: ``agree`` in percent). Only groups with
        at least one answer appear. ``df.attrs`` of the result records ``n_dropped``, the number
        of rows left out because the score was blank (not answered), ``n_blank_group``, answers
        left out because a grouping value was blank, and ``dropped``, a sentence saying so.

    Raises
    ------
    CXDataError
        A missing column, or an invalid score anywhere in the column (the message names the row).
    CXConfigError
        An unknown ``metric`` or ``method``, a bad ``min_n`` or ``confidence``.

    Notes
    -----
    Blank scores are the invitations nobody answered; they are dropped here (and counted in
    ``attrs``), unlike in :func:`nps`, where a blank raises. Rows whose group is blank are left
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
    >>> table.attrs["n_dropped"]
    1
    """
    import pandas as pd  # noqa: F401  (keeps the import cost inside the call)

    metric = _check_choice(metric, METRICS, "metric")
    confidence = _check_confidence(confidence)
    min_n = _check_min_n(min_n)
    method = _check_method_for(metric, method)
    keys = _as_list(by)
    if not keys:
        raise CXConfigError("by must name at least one column to group by, e.g. by='touchpoint'.")
    score_column = score_column or metric
    _require_columns(df, [*keys, score_column], "survey table")
    return _group_frame(df, metric, [df[k] for k in keys], score_column, confidence=confidence,
                        min_n=min_n, method=method, scale_check=scale_check)


def _check_method_for(metric: str, method: str | None) -> str | None:
    if method is None:
        return None
    if metric == "nps":
        return _check_choice(method, NPS_METHODS, "NPS interval method")
    if metric == "csat":
        return _check_choice(method, CSAT_METHODS, "CSAT interval method")
    return _check_choice(method, ("t",), "CES interval method")


def trend(
    df: pd.DataFrame,
    metric: str,
    freq: str = "MS",
    date_column: str = "response_date",
    *,
    by: str | Sequence[str] | None = None,
    min_n: int = 30,
    score_column: str | None = None,
    confidence: float = 0.95,
    method: str | None = None,
    scale_check: bool = True,
) -> pd.DataFrame:
    r"""A CX metric per period (month by default), each with its confidence interval.

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
    date_column : str, default "response_date"
        The datetime column that places an answer in a period.
    by : str or list of str, optional
        Further columns to split each period by (e.g. ``"segment"``).
    min_n, score_column, confidence, method, scale_check
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

    metric = _check_choice(metric, METRICS, "metric")
    confidence = _check_confidence(confidence)
    min_n = _check_min_n(min_n)
    method = _check_method_for(metric, method)
    score_column = score_column or metric
    keys = _as_list(by)
    _require_columns(df, [date_column, score_column, *keys], "survey table")
    if not pd.api.types.is_datetime64_any_dtype(df[date_column]):
        raise CXDataError(
            "not a date-time column",
            column=date_column,
            value=str(df[date_column].dtype),
            expected="datetimes: convert with pd.to_datetime(df[column]) or load with cxkit.data.load",
        )
    try:
        grouper = pd.Grouper(key=date_column, freq=freq)
        _ = pd.tseries.frequencies.to_offset(freq)
    except (ValueError, TypeError):
        raise CXConfigError(f"Unknown freq {freq!r}. Use a pandas offset alias such as 'MS' (month), "
                            "'W' (week), 'QS' (quarter) or 'D' (day).") from None
    keys_ = [grouper, *[df[k] for k in keys]]
    return _group_frame(df, metric, keys_, score_column, confidence=confidence, min_n=min_n, method=method,
                        scale_check=scale_check, extra_columns={date_column: df[date_column]})
