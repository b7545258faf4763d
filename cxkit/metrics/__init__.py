r"""CX metrics with their uncertainty: NPS, CSAT, CES, response rate, comparisons and tables.

Every estimate comes back with a confidence interval, because a score from a sample is never
exact. A single score is a :class:`MetricResult`; a comparison of two groups is a
:class:`Comparison`; a score per group or per period is a :class:`pandas.DataFrame` with one row
per group, starting with the columns of :data:`cxkit.stats.INTERVAL_COLUMNS` (``value, n, low,
high, moe, too_small, method, confidence``; ``count`` after them for the response rate), then
``clipped, n_blank``, the metric's counts and ``n_clusters`` with ``cluster=``.

>>> from cxkit import metrics
>>> metrics.nps_from_counts(promoters=291, passives=476, detractors=395)
NPS = -8.95 points (n = 1,162; 95% CI -13.34 to -4.56, Wald)

Scores are checked before anything is computed: a score off the scale, a word where a number
should be, a fraction or a blank raises a :class:`~cxkit.errors.CXDataError` that names the
column, the first offending row and value, and the allowed range. An unknown metric or method,
or a bad option, raises a :class:`~cxkit.errors.CXConfigError` naming the argument, the value and
what is expected.

The package, by idea
--------------------
:mod:`~cxkit.metrics.scores` (``nps``, ``nps_from_counts``, ``csat``, ``ces``, ``nps_margin``,
``nps_sample_size``), :mod:`~cxkit.metrics.comparisons` (``compare_nps``, ``compare_csat``, ``compare_ces``),
:mod:`~cxkit.metrics.coverage` (``nps_interval_coverage``), :mod:`~cxkit.metrics.control`
(``control_limits``),
:mod:`~cxkit.metrics.tables` (``breakdown``, ``trend``), :mod:`~cxkit.metrics.survey`
(``response_rate``, ``response_rates``); each metric is declared once in
:mod:`~cxkit.metrics.registry` and computed by one engine; interval methods, result types and the
cluster-robust variance live in :mod:`cxkit.stats`. ``follow_up_queue`` lives in
:mod:`cxkit.voc` (which builds on the metrics, not under them).

One order of arguments
----------------------
The data come first (and, for tables, the required ``metric`` and ``by``); every option after them
is keyword-only, always in this order:

1. columns: ``freq``, ``answered_at``, ``by`` (:func:`trend`), ``score``, the counts
   ``responses``, ``invitations`` and ``responded`` (:func:`response_rate`);
2. the scale: ``scale``, ``satisfied`` (CSAT), ``detractor_max``, ``promoter_min`` (NPS);
3. ``confidence``; 4. ``method``; 5. ``cluster``; 6. ``min_n``; 7. ``dropna``;
8. ``scale_check``; 9. ``n_boot``, ``seed``; 10. ``names`` (comparisons).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cxkit._lazy import lazy_exports

if TYPE_CHECKING:  # pragma: no cover
    from cxkit.metrics.comparisons import compare_ces, compare_csat, compare_nps
    from cxkit.metrics.control import control_limits
    from cxkit.metrics.coverage import nps_interval_coverage
    from cxkit.metrics.registry import COMPARE_CSAT_METHODS, CSAT_METHODS, METRICS, NPS_METHODS
    from cxkit.metrics.scores import ces, csat, nps, nps_from_counts, nps_margin, nps_sample_size
    from cxkit.metrics.survey import response_rate, response_rates
    from cxkit.metrics.tables import breakdown, trend
    from cxkit.stats.results import Comparison, MetricResult

_EXPORTS = {
    "compare_ces": "cxkit.metrics.comparisons",
    "compare_csat": "cxkit.metrics.comparisons",
    "compare_nps": "cxkit.metrics.comparisons",
    "control_limits": "cxkit.metrics.control",
    "COMPARE_CSAT_METHODS": "cxkit.metrics.registry",
    "CSAT_METHODS": "cxkit.metrics.registry",
    "METRICS": "cxkit.metrics.registry",
    "NPS_METHODS": "cxkit.metrics.registry",
    "ces": "cxkit.metrics.scores",
    "csat": "cxkit.metrics.scores",
    "nps": "cxkit.metrics.scores",
    "nps_from_counts": "cxkit.metrics.scores",
    "nps_margin": "cxkit.metrics.scores",
    "nps_sample_size": "cxkit.metrics.scores",
    "nps_interval_coverage": "cxkit.metrics.coverage",
    "response_rate": "cxkit.metrics.survey",
    "response_rates": "cxkit.metrics.survey",
    "breakdown": "cxkit.metrics.tables",
    "trend": "cxkit.metrics.tables",
    "Comparison": "cxkit.stats.results",
    "MetricResult": "cxkit.stats.results",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())
