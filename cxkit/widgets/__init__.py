"""Interactive widgets for the course notebooks (ipywidgets is imported only when one is built).

>>> from cxkit.widgets import NPSSimulator
>>> NPSSimulator(promoters=45, passives=40, detractors=15).result.value
30.0
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cxkit._lazy import lazy_exports

if TYPE_CHECKING:  # pragma: no cover
    from cxkit.widgets.clv_explorer import CLVExplorer
    from cxkit.widgets.comment_explorer import CommentExplorer
    from cxkit.widgets.factor_sorter import FactorSorter
    from cxkit.widgets.journey_builder import JourneyBuilder
    from cxkit.widgets.journey_explorer import JourneyExplorer
    from cxkit.widgets.nps_simulator import NPSSimulator
    from cxkit.widgets.self_assessment import SelfAssessmentForm
    from cxkit.widgets.sla_explorer import SLAExplorer
    from cxkit.widgets.touchpoint_priority import TouchpointPriority

_EXPORTS = {
    "CLVExplorer": "cxkit.widgets.clv_explorer",
    "CommentExplorer": "cxkit.widgets.comment_explorer",
    "FactorSorter": "cxkit.widgets.factor_sorter",
    "JourneyBuilder": "cxkit.widgets.journey_builder",
    "JourneyExplorer": "cxkit.widgets.journey_explorer",
    "NPSSimulator": "cxkit.widgets.nps_simulator",
    "SelfAssessmentForm": "cxkit.widgets.self_assessment",
    "SLAExplorer": "cxkit.widgets.sla_explorer",
    "TouchpointPriority": "cxkit.widgets.touchpoint_priority",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())
