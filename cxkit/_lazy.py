"""Lazy exports for cxkit's packages: names load on first use and show in ``dir()``.

``import cxkit`` must stay instant (pandas, scipy, matplotlib and ipywidgets load only inside the
modules that need them), yet ``cxkit.check`` and ``cxkit.data.load`` should read naturally and
tab-complete in Jupyter. :func:`lazy_exports` builds a package's ``__getattr__`` (PEP 562) and
``__dir__`` from one table: exported name -> the module that defines it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def lazy_exports(
    package: str, exports: Mapping[str, str], namespace: dict[str, Any]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """Return ``(__getattr__, __dir__)`` for ``package`` that import each name from its module.

    Parameters
    ----------
    package : str
        The package's ``__name__`` (used in the error message).
    exports : mapping of str to str
        Exported name -> dotted path of the module that defines it (``"cxkit.course.feedback"``).
        When the module path ends in ``:attr``, the attribute ``attr`` is returned instead of the
        exported name (for a name that differs from the one in its module).
    namespace : dict
        The package's ``globals()``: a loaded name is cached there, so it loads only once.

    Examples
    --------
    >>> getattr_, dir_ = lazy_exports("demo", {"sqrt": "math"}, {})
    >>> getattr_("sqrt")(9.0)
    3.0
    >>> "sqrt" in dir_()
    True
    """

    def __getattr__(name: str) -> Any:
        target = exports.get(name)
        if target is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        module_name, _, attr = target.partition(":")
        value = getattr(importlib.import_module(module_name), attr or name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted({*namespace, *exports})

    return __getattr__, __dir__
