"""The journey figures in one place: kept so that ``from cxkit.journey.draw import ...`` works.

Each figure lives in a module of its own: :mod:`cxkit.journey.draw_map` (the journey map),
:mod:`cxkit.journey.draw_blueprint` (the service blueprint), :mod:`cxkit.journey.draw_persona`
(the persona card), :mod:`cxkit.journey.draw_lifecycle` (the touchpoints over the lifecycle) and
:mod:`cxkit.journey.draw_html` (the journey map as HTML); the layout they share is in
``cxkit.journey._drawing``. New code imports the names from :mod:`cxkit.journey`.
"""

from __future__ import annotations

from cxkit.journey._drawing import CHANNEL_STYLE, JOURNEY_LANES
from cxkit.journey.draw_blueprint import blueprint_alt_text, draw_blueprint
from cxkit.journey.draw_html import journey_to_html
from cxkit.journey.draw_lifecycle import draw_lifecycle, lifecycle_alt_text
from cxkit.journey.draw_map import draw_journey_map, journey_alt_text
from cxkit.journey.draw_persona import draw_persona, persona_alt_text

__all__ = [
    "CHANNEL_STYLE",
    "JOURNEY_LANES",
    "blueprint_alt_text",
    "draw_blueprint",
    "draw_journey_map",
    "draw_lifecycle",
    "draw_persona",
    "journey_alt_text",
    "journey_to_html",
    "lifecycle_alt_text",
    "persona_alt_text",
]
