"""Customer journeys: journey maps, personas and blueprints as data, and analytics on event logs.

Import from the submodules: ``cxkit.journey.model`` (personas, journey maps, service blueprints as
YAML), ``cxkit.journey.draw`` (their figures), ``cxkit.journey.analytics`` (funnels, variants,
flows and timing on an event log), ``cxkit.journey.touchpoints`` (touchpoint priorities and
channel switching) and ``cxkit.journey.lifecycle`` (every contact of a customer's lifecycle).
The lifecycle functions and their figure are also available here, loaded on first use:

>>> from cxkit.journey import draw_lifecycle, lifecycle_contacts, lifecycle_volume
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cxkit._lazy import lazy_exports

if TYPE_CHECKING:  # pragma: no cover
    from cxkit.journey.draw import draw_lifecycle, lifecycle_alt_text
    from cxkit.journey.lifecycle import customer_reach, good_then_poor, lifecycle_contacts, lifecycle_volume

_EXPORTS = {
    "customer_reach": "cxkit.journey.lifecycle",
    "draw_lifecycle": "cxkit.journey.draw",
    "good_then_poor": "cxkit.journey.lifecycle",
    "lifecycle_alt_text": "cxkit.journey.draw",
    "lifecycle_contacts": "cxkit.journey.lifecycle",
    "lifecycle_volume": "cxkit.journey.lifecycle",
}
__all__ = [
    "customer_reach",
    "draw_lifecycle",
    "good_then_poor",
    "lifecycle_alt_text",
    "lifecycle_contacts",
    "lifecycle_volume",
]
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())
