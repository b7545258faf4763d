"""Customer journeys: journey maps, personas and blueprints as data, and analytics on event logs.

Every public name of the package is available here, loaded on first use (``import cxkit.journey``
stays instant):

* the journey as data (:mod:`cxkit.journey.model`): :func:`load_journey`, :class:`JourneyMap`,
  :class:`Persona`, :func:`load_blueprint`, :class:`ServiceBlueprint`, ...;
* its figures: :func:`draw_journey_map`, :func:`draw_blueprint`, :func:`draw_persona`,
  :func:`draw_lifecycle`, :func:`journey_to_html` and their alt text; :func:`to_mermaid`; for a
  projector, :func:`journey_map_screens` and :func:`blueprint_screens` (16:9, text at least 12 pt);
* analytics on an event log: :func:`directly_follows`, :func:`variants`, :func:`funnel`,
  :func:`stage_durations`, :func:`flows` and :func:`draw_flow`, :func:`link_scores`, the funnel
  figures :func:`draw_funnel` and :func:`draw_funnel_by`; stage paths
  (:func:`stage_paths`, :func:`path_patterns`, :func:`draw_path_patterns`);
* touchpoints and channels: :func:`touchpoint_performance`, :func:`touchpoint_matrix`,
  :func:`measurement_gap`, :func:`measurement_groups`, :func:`draw_measurement_gap`,
  :func:`draw_touchpoint_map`, :func:`channel_switching`, :func:`channel_handoffs`;
* the lifecycle: :func:`lifecycle_contacts`, :func:`customer_reach`, :func:`lifecycle_volume`,
  :func:`good_then_poor`; and :func:`fill_from_data` (a map's measured lane).

>>> from cxkit.journey import funnel, draw_journey_map, load_journey
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cxkit._lazy import lazy_exports

if TYPE_CHECKING:  # pragma: no cover
    from cxkit.journey.analytics import (
        PreparedLog,
        directly_follows,
        end_activities,
        funnel,
        prepare,
        start_activities,
        variants,
    )
    from cxkit.journey.blueprint_figure import blueprint_alt_text, draw_blueprint
    from cxkit.journey.channels import channel_handoffs, channel_switching
    from cxkit.journey.export import blueprint_to_mermaid, emotion_to_score, escape, to_mermaid
    from cxkit.journey.fill import fill_from_data
    from cxkit.journey.flow import END, draw_flow, flows
    from cxkit.journey.funnel_figure import draw_funnel, draw_funnel_by
    from cxkit.journey.layout import CHANNEL_STYLE, JOURNEY_LANES
    from cxkit.journey.lifecycle import (
        CONTACT_COLUMNS,
        ORDER_TOUCHPOINTS,
        customer_reach,
        good_then_poor,
        lifecycle_contacts,
        lifecycle_volume,
    )
    from cxkit.journey.lifecycle_figure import draw_lifecycle, lifecycle_alt_text
    from cxkit.journey.map_figure import draw_journey_map, journey_alt_text
    from cxkit.journey.map_html import journey_to_html
    from cxkit.journey.matrix import touchpoint_matrix
    from cxkit.journey.measurement import GAP_GROUPS, gap_group, measurement_gap, measurement_groups
    from cxkit.journey.measurement_figure import draw_measurement_gap, measurement_gap_alt_text
    from cxkit.journey.model import (
        DATASETS,
        EMOTION_RANGE,
        KPI,
        LANES,
        LINES,
        METRICS,
        BlueprintAction,
        DataQuery,
        Evidence,
        FailPoint,
        Insight,
        JourneyMap,
        Metric,
        Opportunity,
        Persona,
        ServiceBlueprint,
        Solution,
        Stage,
        StepRef,
        Touchpoint,
        WaitPoint,
        json_schema,
        load_blueprint,
        load_journey,
        save_blueprint,
        save_journey,
        schema_path,
        to_yaml,
    )
    from cxkit.journey.moments import link_scores
    from cxkit.journey.paths import (
        PATTERNS,
        SHORT_STAGES,
        STAGE_ORDER,
        draw_path_patterns,
        path_label,
        path_patterns,
        stage_paths,
    )
    from cxkit.journey.persona_figure import draw_persona, persona_alt_text
    from cxkit.journey.quadrants import GOOD_MIN, METRIC_LABELS
    from cxkit.journey.screens import blueprint_screens, journey_map_screens
    from cxkit.journey.timing import stage_durations, stage_times
    from cxkit.journey.touchpoint_map import draw_touchpoint_map
    from cxkit.journey.touchpoints import (
        CATALOGUE_COLUMNS,
        QUADRANTS,
        TICKET_TOUCHPOINTS,
        touchpoint_performance,
    )

_EXPORTS = {
    "BlueprintAction": "cxkit.journey.model",
    "CATALOGUE_COLUMNS": "cxkit.journey.touchpoints",
    "CHANNEL_STYLE": "cxkit.journey.layout",
    "CONTACT_COLUMNS": "cxkit.journey.lifecycle",
    "DATASETS": "cxkit.journey.model",
    "DataQuery": "cxkit.journey.model",
    "EMOTION_RANGE": "cxkit.journey.model",
    "END": "cxkit.journey.flow",
    "Evidence": "cxkit.journey.model",
    "FailPoint": "cxkit.journey.model",
    "GAP_GROUPS": "cxkit.journey.measurement",
    "GOOD_MIN": "cxkit.journey.quadrants",
    "Insight": "cxkit.journey.model",
    "JOURNEY_LANES": "cxkit.journey.layout",
    "JourneyMap": "cxkit.journey.model",
    "KPI": "cxkit.journey.model",
    "LANES": "cxkit.journey.model",
    "LINES": "cxkit.journey.model",
    "METRICS": "cxkit.journey.model",
    "METRIC_LABELS": "cxkit.journey.quadrants",
    "Metric": "cxkit.journey.model",
    "ORDER_TOUCHPOINTS": "cxkit.journey.lifecycle",
    "Opportunity": "cxkit.journey.model",
    "PATTERNS": "cxkit.journey.paths",
    "Persona": "cxkit.journey.model",
    "PreparedLog": "cxkit.journey.analytics",
    "QUADRANTS": "cxkit.journey.touchpoints",
    "SHORT_STAGES": "cxkit.journey.paths",
    "STAGE_ORDER": "cxkit.journey.paths",
    "ServiceBlueprint": "cxkit.journey.model",
    "Solution": "cxkit.journey.model",
    "Stage": "cxkit.journey.model",
    "StepRef": "cxkit.journey.model",
    "TICKET_TOUCHPOINTS": "cxkit.journey.touchpoints",
    "Touchpoint": "cxkit.journey.model",
    "WaitPoint": "cxkit.journey.model",
    "blueprint_alt_text": "cxkit.journey.blueprint_figure",
    "blueprint_screens": "cxkit.journey.screens",
    "blueprint_to_mermaid": "cxkit.journey.export",
    "channel_handoffs": "cxkit.journey.channels",
    "channel_switching": "cxkit.journey.channels",
    "customer_reach": "cxkit.journey.lifecycle",
    "directly_follows": "cxkit.journey.analytics",
    "draw_blueprint": "cxkit.journey.blueprint_figure",
    "draw_flow": "cxkit.journey.flow",
    "draw_funnel": "cxkit.journey.funnel_figure",
    "draw_funnel_by": "cxkit.journey.funnel_figure",
    "draw_journey_map": "cxkit.journey.map_figure",
    "journey_map_screens": "cxkit.journey.screens",
    "draw_lifecycle": "cxkit.journey.lifecycle_figure",
    "draw_measurement_gap": "cxkit.journey.measurement_figure",
    "draw_path_patterns": "cxkit.journey.paths",
    "draw_persona": "cxkit.journey.persona_figure",
    "draw_touchpoint_map": "cxkit.journey.touchpoint_map",
    "emotion_to_score": "cxkit.journey.export",
    "end_activities": "cxkit.journey.analytics",
    "escape": "cxkit.journey.export",
    "fill_from_data": "cxkit.journey.fill",
    "flows": "cxkit.journey.flow",
    "funnel": "cxkit.journey.analytics",
    "gap_group": "cxkit.journey.measurement",
    "good_then_poor": "cxkit.journey.lifecycle",
    "journey_alt_text": "cxkit.journey.map_figure",
    "journey_to_html": "cxkit.journey.map_html",
    "json_schema": "cxkit.journey.model",
    "lifecycle_alt_text": "cxkit.journey.lifecycle_figure",
    "lifecycle_contacts": "cxkit.journey.lifecycle",
    "lifecycle_volume": "cxkit.journey.lifecycle",
    "link_scores": "cxkit.journey.moments",
    "load_blueprint": "cxkit.journey.model",
    "load_journey": "cxkit.journey.model",
    "measurement_gap": "cxkit.journey.measurement",
    "measurement_gap_alt_text": "cxkit.journey.measurement_figure",
    "measurement_groups": "cxkit.journey.measurement",
    "path_label": "cxkit.journey.paths",
    "path_patterns": "cxkit.journey.paths",
    "persona_alt_text": "cxkit.journey.persona_figure",
    "prepare": "cxkit.journey.analytics",
    "save_blueprint": "cxkit.journey.model",
    "save_journey": "cxkit.journey.model",
    "schema_path": "cxkit.journey.model",
    "stage_durations": "cxkit.journey.timing",
    "stage_paths": "cxkit.journey.paths",
    "stage_times": "cxkit.journey.timing",
    "start_activities": "cxkit.journey.analytics",
    "to_mermaid": "cxkit.journey.export",
    "to_yaml": "cxkit.journey.model",
    "touchpoint_matrix": "cxkit.journey.matrix",
    "touchpoint_performance": "cxkit.journey.touchpoints",
    "variants": "cxkit.journey.analytics",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())
