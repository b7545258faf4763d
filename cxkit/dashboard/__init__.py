"""The CX dashboard: one filterable view of the scores, trends, funnel, drivers, SLAs and follow-ups.

``cxkit.dashboard(...)`` builds it (in a notebook, show it as a cell's last line); the notebook
``dashboards/cx-dashboard.ipynb`` is what ``make dashboard`` serves through Voila, and
``Dashboard.to_html(path)`` writes the static report for e-mail.

>>> import cxkit
>>> d = cxkit.dashboard(segment="B2B")
>>> d.segment
'B2B'
"""

from __future__ import annotations

import sys
import types
from typing import TYPE_CHECKING, Any

from cxkit._lazy import lazy_exports

if TYPE_CHECKING:  # pragma: no cover
    from cxkit.dashboard.core import Dashboard, dashboard

_EXPORTS = {
    "Dashboard": "cxkit.dashboard.core",
    "dashboard": "cxkit.dashboard.core",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())


class _CallableModule(types.ModuleType):
    """The package, callable: ``cxkit.dashboard(...)`` builds a :class:`Dashboard`.

    Importing a submodule (``from cxkit.dashboard import Dashboard``) binds ``cxkit.dashboard`` to
    the package, so the package itself must be the function's stand-in.
    """

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        from cxkit.dashboard.core import dashboard

        return dashboard(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
