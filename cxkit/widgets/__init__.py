"""Interactive widgets for the course notebooks (ipywidgets is imported only when one is built).

>>> from cxkit.widgets import NPSSimulator
>>> NPSSimulator(promoters=45, passives=40, detractors=15).result.value
30.0
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from cxkit.widgets.nps_simulator import NPSSimulator

__all__ = ["NPSSimulator"]


def __getattr__(name: str):
    # Lazy: `import cxkit.widgets` stays cheap; the simulator module loads on first use.
    if name == "NPSSimulator":
        from cxkit.widgets.nps_simulator import NPSSimulator

        return NPSSimulator
    raise AttributeError(f"module 'cxkit.widgets' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
