"""The course data: load it typed and validated, check your own exports, or generate it anew.

>>> from cxkit.data import load
>>> surveys = load("surveys")          # doctest: +SKIP

``load(name)`` and ``load_all()`` read the CSV files in the course's ``datasets/`` folder;
``validate(df, name)`` and ``read_csv(path, name)`` apply the same checks to a learner's own
data; ``generate(...)`` writes the fictional company's data sets (see ``datasets/README.md``).
The table schemas live in :mod:`cxkit.data.schema`.
"""

from __future__ import annotations

from cxkit.data.schema import TABLES

__all__ = ["TABLES", "load", "load_all", "validate", "read_csv", "check_references", "data_dir", "generate"]


def __getattr__(name: str):
    # pandas is imported only when a loader or the generator is first used.
    if name in ("load", "load_all", "validate", "read_csv", "check_references", "data_dir"):
        from cxkit.data import loaders

        return getattr(loaders, name)
    if name == "generate":
        from cxkit.data.generate import generate

        return generate
    raise AttributeError(f"module 'cxkit.data' has no attribute {name!r}")
