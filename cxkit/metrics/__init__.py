r"""CX metrics with their uncertainty: NPS, CSAT, CES, response rate, comparisons and breakdowns.

Every estimate comes back with a confidence interval, because a score from a sample is never
exact. A single score is a :class:`MetricResult`; a comparison of two groups is a
:class:`Comparison`; a score per group or per month is a :class:`pandas.DataFrame` with one row
per group and the columns ``value, n, low, high, moe, too_small``.

>>> from cxkit import metrics
>>> metrics.nps_from_counts(promoters=291, passives=476, detractors=395)
NPS = -8.95 points (n = 1,162; 95% CI -13.34 to -4.56, Wald)

Scores are checked before anything is computed: a score off the scale, a word where a number
should be, a fraction or a blank raises a :class:`~cxkit.errors.CXDataError` that names the
column, the first offending row and value, and the allowed range. An unknown metric or method
raises a :class:`~cxkit.errors.CXConfigError` listing the valid choices.

Functions
---------
nps, nps_from_counts
    Net Promoter Score with a Wald, adjusted-Wald or bootstrap interval.
csat
    Percent satisfied (top-two box) with a Wilson or Wald interval.
ces
    Mean Customer Effort Score with a Student *t* interval.
response_rate
    Share of invitations answered, with a Wilson interval.
compare_nps, compare_csat
    Difference between two independent groups: interval, p-value, plain-words reading.
breakdown, trend
    A metric per group, or per period, as a table.
follow_up_queue
    The detractors and dissatisfied customers to call back, in priority order.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cxkit._lazy import lazy_exports

if TYPE_CHECKING:  # pragma: no cover
    from cxkit.metrics._validate import COMPARE_CSAT_METHODS, CSAT_METHODS, METRICS, NPS_METHODS
    from cxkit.metrics.comparisons import compare_csat, compare_nps
    from cxkit.metrics.scores import ces, csat, nps, nps_from_counts
    from cxkit.metrics.survey import response_rate
    from cxkit.metrics.tables import breakdown, trend
    from cxkit.stats.results import Comparison, MetricResult
    from cxkit.voc.follow_up import follow_up_queue

_EXPORTS = {
    "MetricResult": "cxkit.stats.results",
    "Comparison": "cxkit.stats.results",
    "nps": "cxkit.metrics.scores",
    "nps_from_counts": "cxkit.metrics.scores",
    "csat": "cxkit.metrics.scores",
    "ces": "cxkit.metrics.scores",
    "response_rate": "cxkit.metrics.survey",
    "compare_nps": "cxkit.metrics.comparisons",
    "compare_csat": "cxkit.metrics.comparisons",
    "breakdown": "cxkit.metrics.tables",
    "trend": "cxkit.metrics.tables",
    # Re-exported: the follow-up queue now lives with the voice-of-the-customer work.
    "follow_up_queue": "cxkit.voc.follow_up",
    "NPS_METHODS": "cxkit.metrics._validate",
    "CSAT_METHODS": "cxkit.metrics._validate",
    "COMPARE_CSAT_METHODS": "cxkit.metrics._validate",
    "METRICS": "cxkit.metrics._validate",
    "_z": "cxkit.stats.intervals",
}
__all__ = [
    "MetricResult",
    "Comparison",
    "nps",
    "nps_from_counts",
    "csat",
    "ces",
    "response_rate",
    "compare_nps",
    "compare_csat",
    "breakdown",
    "trend",
    "follow_up_queue",
    "NPS_METHODS",
    "CSAT_METHODS",
    "COMPARE_CSAT_METHODS",
    "METRICS",
]
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())
