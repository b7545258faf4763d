"""The statistics core of cxkit: interval methods, option checks and the result types.

The metrics in :mod:`cxkit.metrics` (and the packages that later modules add) compute their
counts and hand them to the interval methods here; every estimate comes back as a
:class:`MetricResult` and every two-group difference as a :class:`Comparison`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cxkit._lazy import lazy_exports

if TYPE_CHECKING:  # pragma: no cover
    from cxkit.stats.results import Comparison, MetricResult

_EXPORTS = {
    "MetricResult": "cxkit.stats.results",
    "Comparison": "cxkit.stats.results",
}
__all__ = ["MetricResult", "Comparison"]
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())
