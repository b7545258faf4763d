"""cxkit: the helper library of the customer-experience course.

Import what you need from its packages (``cxkit.data``, ``cxkit.metrics``, ``cxkit.style``, ...).
``import cxkit`` itself is kept fast: heavy libraries (matplotlib, scipy, ipywidgets) load only
inside the modules that use them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cxkit._lazy import lazy_exports

__version__ = "0.1.0"

# `cxkit.check(...)` and `from cxkit import quiz` read naturally in a notebook; both live in the
# course machinery (cxkit/course/). `cxkit.dashboard(...)` builds the CX dashboard: the package
# cxkit/dashboard/ is callable, so the name stays the package (and `import cxkit.dashboard.render`
# works) whichever is imported first.
if TYPE_CHECKING:  # pragma: no cover
    from cxkit import dashboard
    from cxkit.course import quiz
    from cxkit.course.feedback import check

_EXPORTS = {
    "dashboard": "cxkit:dashboard",
    "quiz": "cxkit.course:quiz",
    "check": "cxkit.course.feedback",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())
