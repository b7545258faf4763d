"""Customer journeys: journey maps, personas and blueprints as data, and analytics on event logs.

Import from the submodules: ``cxkit.journey.model`` (personas, journey maps, service blueprints as
YAML), ``cxkit.journey.draw`` (their figures), ``cxkit.journey.analytics`` (funnels, variants,
flows and timing on an event log) and ``cxkit.journey.touchpoints`` (touchpoint priorities and
channel switching).
"""
