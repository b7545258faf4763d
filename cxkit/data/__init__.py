"""The course data: load it typed and validated, check your own exports, or generate it anew.

>>> from cxkit.data import load
>>> surveys = load("surveys")
>>> surveys.shape[1] > 10
True

``load(name)`` and ``load_all()`` read the CSV files in the course's ``datasets/`` folder;
``validate(df, name)`` and ``read_csv(path, name)`` apply the same checks to a learner's own
data; ``generate(...)`` writes the fictional company's data sets (see ``datasets/README.md``);
``import_csv(path, kind=..., columns={...})`` reads a learner's own export with its own column
names, drops and reports the bad rows, and returns the frame the course uses.
The table schemas live in :mod:`cxkit.data.schema`.
"""

from __future__ import annotations

from cxkit._lazy import lazy_exports
from cxkit.data.schema import TABLES

# pandas is imported only when a loader or the generator is first used.
_LOADERS = "cxkit.data.loaders"
_EXPORTS = {
    "load": _LOADERS,
    "load_all": _LOADERS,
    "validate": _LOADERS,
    "read_csv": _LOADERS,
    "check_references": _LOADERS,
    "data_dir": _LOADERS,
    "generate": "cxkit.data.generate",
    "import_csv": "cxkit.data.importing",
    "ImportResult": "cxkit.data.importing",
}
__all__ = ["TABLES", *_EXPORTS]
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())
