"""The one engine behind every metric: per-group sums, the metric's formula, its interval.

:func:`estimate` takes validated scores with a group code per answer (all 0 for a single
score) and returns one array per output column; :func:`to_result` turns one group into a
:class:`~cxkit.stats.MetricResult`, :func:`to_table` all groups into a DataFrame. ``nps(x)`` and
``breakdown`` over one group therefore run the same code and give the same numbers.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from typing import Any

import numpy as np

from cxkit.errors import CXConfigError
from cxkit.metrics.registry import METRIC_REGISTRY, Metric
from cxkit.stats.checks import check_n_boot, check_seed, check_whole
from cxkit.stats.cluster import grouped_cluster_variance
from cxkit.stats.intervals import IntervalMethod, interval_method
from cxkit.stats.rates import INTERVAL_COLUMNS, interval_columns
from cxkit.stats.results import MetricResult

_SCALES_ALLOWED = {"csat": (5, 7, 10), "ces": (5, 7)}


def check_scale(scale: Any, metric: str) -> int:
    """Return the number of answer points for CSAT (5, 7, 10) or CES (5, 7)."""
    allowed = _SCALES_ALLOWED[metric]
    if isinstance(scale, bool) or scale not in allowed:
        raise CXConfigError(
            f"Unknown {metric.upper()} scale {scale!r}. The valid choices are: "
            f"{', '.join(str(a) for a in allowed)} (points, from 1)."
        )
    return int(scale)


def satisfied_set(scale: int, satisfied: Any) -> tuple[int, ...]:
    """Return the CSAT answers that count as satisfied (default the top two of the scale)."""
    if satisfied is None:
        return (scale - 1, scale)
    example = f"e.g. ({scale - 1}, {scale})"
    if isinstance(satisfied, str | bytes) or not isinstance(
        satisfied, Sequence | np.ndarray | set | frozenset
    ):
        raise CXConfigError(
            f"satisfied must be a list of whole scores, {example}; got {satisfied!r}"
            + (" (text: each character would be read as a score)" if isinstance(satisfied, str) else "")
            + "."
        )
    chosen = tuple(satisfied)
    if (
        not chosen
        or any(isinstance(s, bool) or not isinstance(s, numbers.Integral) for s in chosen)
        or any(not 1 <= s <= scale for s in chosen)
    ):
        raise CXConfigError(
            f"satisfied must list whole scores from 1 to {scale}, {example}; got {satisfied!r}."
        )
    return tuple(int(s) for s in chosen)


def metric_options(
    metric: str, *, scale: Any = None, satisfied: Any = None, detractor_max: Any = 6, promoter_min: Any = 9
) -> dict[str, Any]:
    """Check the scale options of ``metric`` and return them as the dict its declaration reads.

    An option that does not belong to the metric (``scale=7`` for NPS, ``detractor_max=3`` for
    CSAT) is an error, not silently ignored: it means the caller thinks of another metric.
    """
    given = {
        "scale": scale is not None,
        "satisfied": satisfied is not None,
        "detractor_max": not (isinstance(detractor_max, int) and detractor_max == 6),
        "promoter_min": not (isinstance(promoter_min, int) and promoter_min == 9),
    }
    belongs = {"nps": ("detractor_max", "promoter_min"), "csat": ("scale", "satisfied"), "ces": ("scale",)}
    stray = [name for name, set_ in given.items() if set_ and name not in belongs.get(metric, ())]
    if stray:
        takes = ", ".join(belongs.get(metric, ())) or "no scale options"
        raise CXConfigError(
            f"{', '.join(stray)} does not apply to {metric.upper()}: {metric} takes {takes}. "
            "Check the metric name, or leave the option out."
        )
    if metric == "nps":
        d = check_whole(
            detractor_max,
            "detractor_max",
            0,
            8,
            "9 and 10 are promoters: a larger value would count promoters as detractors",
        )
        p = check_whole(promoter_min, "promoter_min", d + 1, 10, "promoters must score above the detractors")
        return {"detractor_max": d, "promoter_min": p}
    if metric == "csat":
        s = check_scale(5 if scale is None else scale, "csat")
        return {"scale": s, "satisfied": satisfied_set(s, satisfied)}
    if metric == "ces":
        return {"scale": check_scale(7 if scale is None else scale, "ces")}
    return {}


def check_method(metric: Metric, method: Any, cluster: bool) -> IntervalMethod:
    """Return the interval method (default the metric's), refusing one that cannot take clusters."""
    m = interval_method(
        metric.estimator, metric.default_method if method is None else method, what=metric.title
    )
    if cluster and not m.clustered:
        ok = [x for x in metric.methods if interval_method(metric.estimator, x).clustered]
        raise CXConfigError(
            f"cluster= needs an interval method with a cluster-robust variance; {m.name!r} has "
            f"none. Use method={ok[0]!r}"
            + (f" (or {', '.join(repr(x) for x in ok[1:])})" if len(ok) > 1 else "")
            + "."
        )
    return m


def group_sums(
    metric: Metric,
    values: np.ndarray,
    groups: np.ndarray,
    n_groups: int,
    *,
    options: dict[str, Any],
    weights: np.ndarray | None = None,
) -> dict[str, np.ndarray]:
    """Sum the metric's indicator columns per group (``n`` = answers), with ``np.bincount``.

    ``weights`` (whole numbers) count each value that many times (:func:`nps_from_counts`).
    """
    w = None if weights is None else np.asarray(weights, dtype=float)
    sums: dict[str, np.ndarray] = {
        "n": np.bincount(groups, weights=w, minlength=n_groups).round().astype(np.int64)
    }
    for name, col in metric.indicators(values, options).items():
        col = np.asarray(col, dtype=float) if w is None else np.asarray(col, dtype=float) * w
        sums[name] = np.bincount(groups, weights=col, minlength=n_groups).round().astype(np.int64)
    return sums


def estimate(
    metric: Metric,
    sums: dict[str, np.ndarray],
    *,
    options: dict[str, Any],
    confidence: float,
    method: IntervalMethod,
    cluster_var: np.ndarray | None = None,
    n_clusters: np.ndarray | None = None,
    n_boot: int = 10_000,
    seed: Any = None,
) -> dict[str, Any]:
    """Per-group value, interval (clipped to the metric's range), se and sums, from the group sums.

    ``cluster_var`` (on the estimator's scale) and ``n_clusters`` come from
    :func:`cxkit.stats.cluster.grouped_cluster_variance` (tables call it too).
    """
    value = metric.value(sums)
    kwargs: dict[str, Any] = {"confidence": confidence}
    out: dict[str, Any] = {}
    if cluster_var is not None:
        kwargs.update(var=cluster_var, df=np.asarray(n_clusters) - 1)
        out["n_clusters"] = np.asarray(n_clusters, dtype=np.int64)
    if method.name == "bootstrap":
        kwargs.update(n_boot=check_n_boot(n_boot), seed=check_seed(seed))
    lo, hi = metric.bounds(options)
    if metric.estimator == "mean":  # answers all alike get a score interval, not a point
        kwargs.update(bounds=(lo, hi))
    low, high, se = method.function(**metric.interval_args(sums), **kwargs)
    f = metric.factor
    low, high, se = (np.asarray(x, dtype=float) * f for x in (low, high, se))
    eps = 1e-9 * max(abs(lo), abs(hi))
    with np.errstate(invalid="ignore"):
        clipped = (low < lo - eps) | (high > hi + eps)
        low = np.clip(np.minimum(low, value), lo, hi)  # the interval always holds the estimate
        high = np.clip(np.maximum(high, value), lo, hi)
    out.update(value=value, low=low, high=high, se=se, clipped=clipped, n=sums["n"], _sums=sums)
    return out


def estimate_rows(
    metric: Metric,
    values: np.ndarray,
    groups: np.ndarray,
    n_groups: int,
    *,
    options: dict[str, Any],
    confidence: float,
    method: IntervalMethod,
    clusters: np.ndarray | None = None,
    n_boot: int = 10_000,
    seed: Any = None,
    weights: np.ndarray | None = None,
) -> dict[str, Any]:
    """:func:`estimate` from per-answer values and group codes (the single-score path)."""
    sums = group_sums(metric, values, groups, n_groups, options=options, weights=weights)
    var = G = None
    if clusters is not None:
        var, G = grouped_cluster_variance(metric.score(values, options), groups, clusters, n_groups)
    return estimate(
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


def to_result(
    metric: Metric,
    est: dict[str, Any],
    i: int,
    *,
    options: dict[str, Any],
    confidence: float,
    method: IntervalMethod,
    min_n: int,
    n_dropped: int = 0,
    cluster: str | None = None,
    cluster_totals: Any = None,
) -> MetricResult:
    """Group ``i`` of an :func:`estimate` as a :class:`MetricResult`."""
    sums = {k: v[i] for k, v in est["_sums"].items()}
    n = int(sums["n"])
    counts = {k: int(v) for k, v in metric.counts(sums, options).items()}
    extra: dict[str, Any] = {}
    if metric.name == "csat":
        extra["mean"] = float(sums["total"] / n)
    if metric.name == "ces":
        extra["mean"] = float(est["value"][i])
        extra["agree"] = 100 * counts["agree"] / n
    return MetricResult(
        metric=metric.title,
        value=float(est["value"][i]),
        n=n,
        low=float(est["low"][i]),
        high=float(est["high"][i]),
        confidence=confidence,
        method=method.name,
        unit=metric.unit,
        counts=counts,
        shares={k: 100 * v / n for k, v in counts.items()},
        n_dropped=n_dropped,
        se=float(est["se"][i]),
        min_n=min_n,
        clipped=bool(est["clipped"][i]),
        cluster=cluster,
        n_clusters=int(est["n_clusters"][i]) if "n_clusters" in est else None,
        cluster_totals=cluster_totals,
        **extra,
    )


#: The columns every metric table starts with: cxkit.stats.INTERVAL_COLUMNS (``count`` after them
#: for a rate, the response rate), then these two.
TABLE_COLUMNS = (*INTERVAL_COLUMNS, "clipped", "n_blank")


def to_table(
    metric: Metric,
    est: dict[str, Any],
    index: Any,
    *,
    options: dict[str, Any],
    confidence: float,
    method: IntervalMethod,
    min_n: int,
    n_blank: np.ndarray,
) -> Any:
    """All groups of an :func:`estimate` as a DataFrame (groups without answers left out).

    The columns: :data:`cxkit.stats.INTERVAL_COLUMNS` (built by
    :func:`cxkit.stats.rates.interval_columns`, as every rate table), ``count`` for a rate, then
    ``clipped``, ``n_blank``, the metric's own columns and, with clusters, ``n_clusters``.
    """
    import pandas as pd

    n = est["n"]
    keep = n > 0
    cols: dict[str, Any] = interval_columns(
        est["value"], n, est["low"], est["high"], method=method.name, confidence=confidence, min_n=min_n
    )
    extra = dict(metric.table_columns(est["_sums"], options))
    if "count" in extra:  # a rate: the units with the property come right after the interval
        cols["count"] = np.asarray(extra.pop("count"), dtype=np.int64)
    cols["clipped"] = est["clipped"].astype(bool)
    cols["n_blank"] = np.asarray(n_blank, dtype=np.int64)
    cols.update(extra)
    if "n_clusters" in est:
        cols["n_clusters"] = est["n_clusters"]
    frame = pd.DataFrame({k: np.asarray(v)[keep] for k, v in cols.items()}, index=index[keep])
    return frame


def registry_metric(name: str) -> Metric:
    """Return the declared metric ``name``."""
    return METRIC_REGISTRY[name]
