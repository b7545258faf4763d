"""The journey figures in one place: kept so that ``from cxkit.journey.draw import ...`` works.

Each figure lives in a module of its own: :mod:`cxkit.journey.map_figure` (the journey map),
:mod:`cxkit.journey.blueprint_figure` (the service blueprint), :mod:`cxkit.journey.persona_figure`
(the persona card), :mod:`cxkit.journey.lifecycle_figure` (the touchpoints over the lifecycle) and
:mod:`cxkit.journey.map_html` (the journey map as HTML); the layout they share is in
``cxkit.journey._drawing``. New code imports the names from :mod:`cxkit.journey`.
"""

from __future__ import annotations

from cxkit.journey._drawing import CHANNEL_STYLE, JOURNEY_LANES
from cxkit.journey.blueprint_figure import blueprint_alt_text, draw_blueprint
from cxkit.journey.lifecycle_figure import draw_lifecycle, lifecycle_alt_text
from cxkit.journey.map_figure import draw_journey_map, journey_alt_text
from cxkit.journey.map_html import journey_to_html
from cxkit.journey.persona_figure import draw_persona, persona_alt_text

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

# The layout helpers that cxkit.instructor.handouts draws its blank forms with (private names
# reached across packages, as before this module was split): kept here until handouts imports
# a shared layout module instead.
from cxkit.journey._drawing import _BAND as _BAND
from cxkit.journey._drawing import _CHAR_W as _CHAR_W
from cxkit.journey._drawing import _DEFAULT_LANES as _DEFAULT_LANES
from cxkit.journey._drawing import _LINE_H as _LINE_H
from cxkit.journey._drawing import _PAIN as _PAIN
from cxkit.journey._drawing import _canvas as _canvas
from cxkit.journey._drawing import _label_width as _label_width
from cxkit.journey._drawing import _marker as _marker
from cxkit.journey._drawing import _nice as _nice
from cxkit.journey._drawing import _rect as _rect
from cxkit.journey._drawing import _wrap_label as _wrap_label
from cxkit.journey.blueprint_figure import _BP_LINES as _BP_LINES
from cxkit.journey.blueprint_figure import _BP_TITLES as _BP_TITLES
