"""The statistics core of cxkit: interval methods, option checks and the result types.

The metrics in :mod:`cxkit.metrics` (and the packages that later modules add) compute their
counts and hand them to the interval methods here; every estimate comes back as a
:class:`MetricResult` and every two-group difference as a :class:`Comparison`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cxkit._lazy import lazy_exports

if TYPE_CHECKING:  # pragma: no cover
    from cxkit.stats.checks import check_confidence, check_seed
    from cxkit.stats.cluster import cluster_variance
    from cxkit.stats.control import p_chart
    from cxkit.stats.intervals import (
        HINTS,
        INTERVALS,
        LABELS,
        IntervalMethod,
        interval_method,
        method_label,
        methods_for,
        z_quantile,
    )
    from cxkit.stats.rates import INTERVAL_COLUMNS, RATE_COLUMNS, check_rate_options, rate_table
    from cxkit.stats.results import Comparison, MetricResult
    from cxkit.stats.stratified import mantel_haenszel_difference, stratified_difference

_EXPORTS = {
    "check_confidence": "cxkit.stats.checks",
    "check_seed": "cxkit.stats.checks",
    "cluster_variance": "cxkit.stats.cluster",
    "p_chart": "cxkit.stats.control",
    "HINTS": "cxkit.stats.intervals",
    "interval_method": "cxkit.stats.intervals",
    "IntervalMethod": "cxkit.stats.intervals",
    "INTERVALS": "cxkit.stats.intervals",
    "LABELS": "cxkit.stats.intervals",
    "method_label": "cxkit.stats.intervals",
    "methods_for": "cxkit.stats.intervals",
    "z_quantile": "cxkit.stats.intervals",
    "check_rate_options": "cxkit.stats.rates",
    "INTERVAL_COLUMNS": "cxkit.stats.rates",
    "RATE_COLUMNS": "cxkit.stats.rates",
    "rate_table": "cxkit.stats.rates",
    "Comparison": "cxkit.stats.results",
    "MetricResult": "cxkit.stats.results",
    "mantel_haenszel_difference": "cxkit.stats.stratified",
    "stratified_difference": "cxkit.stats.stratified",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())
