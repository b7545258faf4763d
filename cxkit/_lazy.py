"""Lazy exports for cxkit's packages: names load on first use and show in ``dir()``.

``import cxkit`` must stay instant (pandas, scipy, matplotlib and ipywidgets load only inside the
modules that need them), yet ``cxkit.check`` and ``cxkit.data.load`` should read naturally and
tab-complete in Jupyter. :func:`lazy_exports` builds a package's ``__getattr__`` (PEP 562) and
``__dir__`` from one table: exported name -> the module that defines it.

Every package's ``__init__.py`` follows one pattern (``tests/test_exports.py`` checks it)::

    if TYPE_CHECKING:  # for type checkers and editors: exactly the names of _EXPORTS
        from cxkit.pkg.module import name

    _EXPORTS = {"name": "cxkit.pkg.module"}
    __all__ = sorted(_EXPORTS)
    __getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())
"""

from __future__ import annotations

import importlib
import importlib.util
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
        exported name (for a name that differs from the one in its module); when ``attr`` is a
        sub-module of that module (``"cxkit.course:quiz"``), the sub-module is imported and returned.
    namespace : dict
        The package's ``globals()``: a loaded name is cached there, so it loads only once.

    Examples
    --------
    >>> getattr_, dir_ = lazy_exports("demo", {"sqrt": "math"}, {})
    >>> getattr_("sqrt")(9.0)
    3.0
    >>> dir_()  # the exported names (and the module's dunder names): what tab completion offers
    ['sqrt']
    """

    def __getattr__(name: str) -> Any:
        target = exports.get(name)
        if target is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        module_name, _, attr = target.partition(":")
        module = importlib.import_module(module_name)
        submodule = f"{module_name}.{attr}"
        if attr and hasattr(module, "__path__") and importlib.util.find_spec(submodule) is not None:
            value: Any = importlib.import_module(submodule)
        else:
            value = getattr(module, attr or name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        dunder = {n for n in namespace if n.startswith("__") and n.endswith("__")}
        return sorted({*dunder, *exports})

    return __getattr__, __dir__
