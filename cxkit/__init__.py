"""cxkit: the helper library of the customer-experience course.

Import what you need from its modules (``cxkit.data``, ``cxkit.metrics``, ``cxkit.style``, ...).
``import cxkit`` itself is kept fast: heavy libraries (matplotlib, scipy, ipywidgets) load only
inside the modules that use them.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "check"]


def __getattr__(name: str):
    # Lazy re-exports keep `import cxkit` fast while `cxkit.check(...)` reads naturally.
    # (The function lives in cxkit.feedback: a submodule named `check` would shadow it.)
    if name == "check":
        from cxkit.feedback import check

        return check
    raise AttributeError(f"module 'cxkit' has no attribute {name!r}")
