"""cxkit: the helper library of the customer-experience course.

Import what you need from its packages (``cxkit.data``, ``cxkit.metrics``, ``cxkit.style``, ...).
``import cxkit`` itself is kept fast: heavy libraries (matplotlib, scipy, ipywidgets) load only
inside the modules that use them.
"""

from __future__ import annotations

from cxkit._lazy import lazy_exports

__version__ = "0.1.0"

# `cxkit.check(...)` and `from cxkit import quiz` read naturally in a notebook; both live in the
# course machinery (cxkit/course/).
# `cxkit.dashboard(...)` builds the CX dashboard: the package cxkit/dashboard/ is callable, so the
# name stays the package (and `import cxkit.dashboard.render` works) whichever is imported first.
_EXPORTS = {
    "check": "cxkit.course.feedback",
    "quiz": "cxkit.course:quiz",
    "dashboard": "cxkit.dashboard:_package",
}
__all__ = ["__version__", *_EXPORTS]
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())
