"""Interactive widgets for the course notebooks (ipywidgets is imported only when one is built).

>>> from cxkit.widgets import NPSSimulator
>>> NPSSimulator(promoters=45, passives=40, detractors=15).result.value
30.0
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cxkit._lazy import lazy_exports

if TYPE_CHECKING:  # pragma: no cover
    from cxkit.widgets.comment_explorer import CommentExplorer
    from cxkit.widgets.nps_simulator import NPSSimulator

_EXPORTS = {
    "CommentExplorer": "cxkit.widgets.comment_explorer",
    "NPSSimulator": "cxkit.widgets.nps_simulator",
}
__all__ = ["CommentExplorer", "NPSSimulator"]
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())
