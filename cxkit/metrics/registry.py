r"""Each metric declared once: its scale, how its counts are made, its formula and interval methods.

A :class:`Metric` says everything the shared engine (:mod:`cxkit.metrics._engine`) needs:

* ``scale(options)``: the valid scores ``(lowest, highest)``;
* ``indicators(values, options)``: per-answer columns that are summed per group (counts, totals);
* ``score(values, options)``: each answer's contribution to the mean the metric is (for the
  cluster-robust variance: NPS +1/0/−1, CSAT 1/0, CES the score);
* ``interval_args(sums)``: the arguments of the interval functions of its ``estimator``;
* ``value(sums)``: the formula, and ``factor``, ``bounds`` to put intervals in the value's unit.

So :func:`~cxkit.metrics.nps` is :func:`~cxkit.metrics.breakdown` over one group, and a new metric is
one declaration plus its formula. Example: the share of 9s and 10s ("top-two box" of a 0–10 question)
would be ``Metric("top2", "Top-2", "%", "proportion", ...)`` with ``indicators`` returning
``{"x": values >= 9}``.

>>> from cxkit.metrics.registry import METRIC_REGISTRY
>>> sorted(METRIC_REGISTRY)
['ces', 'csat', 'nps', 'response_rate']
>>> METRIC_REGISTRY["nps"].methods
('wald', 'adjusted_wald', 'bootstrap', 'score')
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from cxkit.stats.intervals import methods_for

__all__ = ["METRIC_REGISTRY", "TABLE_METRICS", "Metric"]

Sums = dict[str, np.ndarray]


@dataclass(frozen=True)
class Metric:
    """The declaration of one metric (see the module docstring)."""

    name: str
    title: str
    unit: str
    estimator: str
    default_method: str
    scale: Callable[[dict[str, Any]], tuple[int, int]]
    indicators: Callable[[np.ndarray, dict[str, Any]], dict[str, np.ndarray]]
    score: Callable[[np.ndarray, dict[str, Any]], np.ndarray]
    interval_args: Callable[[Sums], dict[str, np.ndarray]]
    value: Callable[[Sums], np.ndarray]
    factor: float
    bounds: Callable[[dict[str, Any]], tuple[float, float]]
    table_columns: Callable[[Sums, dict[str, Any]], dict[str, np.ndarray]]
    counts: Callable[[Sums, dict[str, Any]], dict[str, np.ndarray]]

    @property
    def methods(self) -> tuple[str, ...]:
        """The interval methods this metric allows (those registered for its estimator)."""
        return methods_for(self.estimator)


def _div(a: Any, b: Any) -> Any:
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.asarray(a, dtype=float) / np.asarray(b, dtype=float)


# --- NPS: promoters minus detractors ------------------------------------------------------------

NPS = Metric(
    name="nps",
    title="NPS",
    unit="points",
    estimator="trinomial",
    default_method="wald",
    scale=lambda o: (0, 10),
    indicators=lambda v, o: {"promoters": v >= o["promoter_min"], "detractors": v <= o["detractor_max"]},
    score=lambda v, o: (v >= o["promoter_min"]).astype(float) - (v <= o["detractor_max"]),
    interval_args=lambda s: {
        "P": s["promoters"],
        "A": s["n"] - s["promoters"] - s["detractors"],
        "D": s["detractors"],
    },
    value=lambda s: 100 * _div(s["promoters"] - s["detractors"], s["n"]),
    factor=100.0,
    bounds=lambda o: (-100.0, 100.0),
    table_columns=lambda s, o: {
        "promoters": s["promoters"],
        "passives": s["n"] - s["promoters"] - s["detractors"],
        "detractors": s["detractors"],
    },
    counts=lambda s, o: {
        "promoters": s["promoters"],
        "passives": s["n"] - s["promoters"] - s["detractors"],
        "detractors": s["detractors"],
    },
)

# --- CSAT: percent satisfied (top-two box) ------------------------------------------------------

CSAT = Metric(
    name="csat",
    title="CSAT",
    unit="%",
    estimator="proportion",
    default_method="wilson",
    scale=lambda o: (1, o["scale"]),
    indicators=lambda v, o: {"satisfied": np.isin(v, o["satisfied"]), "total": v},
    score=lambda v, o: np.isin(v, o["satisfied"]).astype(float),
    interval_args=lambda s: {"x": s["satisfied"], "n": s["n"]},
    value=lambda s: 100 * _div(s["satisfied"], s["n"]),
    factor=100.0,
    bounds=lambda o: (0.0, 100.0),
    table_columns=lambda s, o: {"satisfied": s["satisfied"]},
    counts=lambda s, o: {"satisfied": s["satisfied"], "not satisfied": s["n"] - s["satisfied"]},
)

# --- CES: mean effort score ---------------------------------------------------------------------


def _middle(o: dict[str, Any]) -> float:
    return (o["scale"] + 1) / 2


CES = Metric(
    name="ces",
    title="CES",
    unit="",
    estimator="mean",
    default_method="t",
    scale=lambda o: (1, o["scale"]),
    indicators=lambda v, o: {
        "total": v,
        "total_sq": v * v,
        "agree": v > _middle(o),
        "neutral": v == _middle(o),
    },
    score=lambda v, o: v.astype(float),
    interval_args=lambda s: {"n": s["n"], "total": s["total"], "total_sq": s["total_sq"]},
    value=lambda s: _div(s["total"], s["n"]),
    factor=1.0,
    bounds=lambda o: (1.0, float(o["scale"])),
    table_columns=lambda s, o: {"agree": 100 * _div(s["agree"], s["n"])},
    counts=lambda s, o: {
        "agree": s["agree"],
        "neutral": s["neutral"],
        "disagree": s["n"] - s["agree"] - s["neutral"],
    },
)

# --- Response rate: share of invitations answered -----------------------------------------------

RESPONSE_RATE = Metric(
    name="response_rate",
    title="Response rate",
    unit="%",
    estimator="proportion",
    default_method="wilson",
    scale=lambda o: (0, 1),
    indicators=lambda v, o: {"responses": v},
    score=lambda v, o: v.astype(float),
    interval_args=lambda s: {"x": s["responses"], "n": s["n"]},
    value=lambda s: 100 * _div(s["responses"], s["n"]),
    factor=100.0,
    bounds=lambda o: (0.0, 100.0),
    table_columns=lambda s, o: {"count": s["responses"]},
    counts=lambda s, o: {"responses": s["responses"], "non-responses": s["n"] - s["responses"]},
)

#: Every declared metric, by name.
METRIC_REGISTRY: dict[str, Metric] = {m.name: m for m in (NPS, CSAT, CES, RESPONSE_RATE)}
#: The metrics :func:`~cxkit.metrics.breakdown` and :func:`~cxkit.metrics.trend` take from a score column.
TABLE_METRICS: tuple[str, ...] = ("nps", "csat", "ces")
#: Interval methods for the NPS (from the registry of :mod:`cxkit.stats.intervals`).
NPS_METHODS: tuple[str, ...] = methods_for("trinomial")
#: Interval methods for a proportion (CSAT, response rate).
CSAT_METHODS: tuple[str, ...] = methods_for("proportion")
#: Interval methods for a difference of two proportions (:func:`~cxkit.metrics.compare_csat`).
COMPARE_CSAT_METHODS: tuple[str, ...] = methods_for("proportion_difference")
#: Metrics :func:`~cxkit.metrics.breakdown` and :func:`~cxkit.metrics.trend` know (kept name).
METRICS: tuple[str, ...] = TABLE_METRICS
