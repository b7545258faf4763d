r"""Retention and churn: the rates, acquisition-cohort tables, and the shifted-beta-geometric model.

>>> from cxkit.retention import retention_rate
>>> round(retention_rate(S=200, E=210, N=40).value, 1)
85.0

:mod:`~cxkit.retention.rates` (``retention_rate``, ``churn_rate``, ``repeat_purchase_rate``),
:mod:`~cxkit.retention.cohorts` (``cohort_table``, ``cohort_rates``, ``plot_cohort_table``) and
:mod:`~cxkit.retention.sbg` (``ShiftedBetaGeometric``, for contractual settings such as
subscriptions). Customer lifetime value and the non-contractual purchase models live in
:mod:`cxkit.clv`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cxkit._lazy import lazy_exports

if TYPE_CHECKING:  # pragma: no cover
    from cxkit.retention.cohorts import cohort_rates, cohort_table, plot_cohort_table
    from cxkit.retention.rates import churn_rate, repeat_purchase_rate, retention_rate
    from cxkit.retention.sbg import ShiftedBetaGeometric
    from cxkit.retention.survival import (
        LogRankResult,
        compare_margin,
        compare_return,
        kaplan_meier,
        logrank_test,
        plot_return_curves,
        time_to_next_order,
    )

_EXPORTS = {
    "cohort_rates": "cxkit.retention.cohorts",
    "cohort_table": "cxkit.retention.cohorts",
    "plot_cohort_table": "cxkit.retention.cohorts",
    "churn_rate": "cxkit.retention.rates",
    "repeat_purchase_rate": "cxkit.retention.rates",
    "retention_rate": "cxkit.retention.rates",
    "ShiftedBetaGeometric": "cxkit.retention.sbg",
    "LogRankResult": "cxkit.retention.survival",
    "compare_margin": "cxkit.retention.survival",
    "compare_return": "cxkit.retention.survival",
    "kaplan_meier": "cxkit.retention.survival",
    "logrank_test": "cxkit.retention.survival",
    "plot_return_curves": "cxkit.retention.survival",
    "time_to_next_order": "cxkit.retention.survival",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())
