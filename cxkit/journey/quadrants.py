"""The importance-performance matrix's terms, shared by the journey, service and widget code.

Which answers count as a good experience for each performance metric, how the metrics are labelled
on the matrix's axis, and the check of the cuts between its quadrants.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from typing import Any

from cxkit.errors import CXConfigError
from cxkit.stats.checks import check_choice

__all__ = ["GOOD_MIN", "METRIC_LABELS", "check_cuts"]

#: Metrics a touchpoint's performance can be measured with, and the answers that count as a good
#: experience for the impact: CSAT 4-5 of 5 (satisfied, the top two boxes), CES 5-7 of 7 (agrees
#: that the company made it easy).
GOOD_MIN: dict[str, int] = {"csat": 4, "ces": 5}
#: The matrix's performance axis label for each metric.
METRIC_LABELS: dict[str, str] = {"csat": "CSAT (% satisfied)", "ces": "CES (mean, 1-7)"}


def check_cuts(cuts: Any) -> None:
    """Check the matrix's ``cuts=``: ``"median"``, ``"mean"`` or a pair of numbers (performance, impact)."""
    if isinstance(cuts, str):
        check_choice(cuts, ("median", "mean"), "cuts")
        return
    if (
        not isinstance(cuts, Sequence)
        or len(cuts) != 2
        or not all(isinstance(c, numbers.Real) and not isinstance(c, bool) for c in cuts)
    ):
        raise CXConfigError(
            f"cuts must be 'median', 'mean' or a pair of numbers (performance, impact); got {cuts!r}."
        )
