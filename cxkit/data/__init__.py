"""The course data: load it typed and validated, check your own exports, or generate it anew.

>>> from cxkit.data import load
>>> surveys = load("surveys")
>>> surveys.shape[1] > 10
True

``load(name)`` and ``load_all()`` read the CSV files in the course's ``datasets/`` folder;
``validate(df, name)`` and ``read_csv(path, name)`` apply the same checks to a learner's own
data; ``generate(...)`` writes the fictional company's data sets (see ``datasets/README.md``);
``import_csv(path, kind=..., columns={...})`` reads a learner's own export with its own column
names, drops and reports the bad rows, and returns the frame the course uses;
``read_dates(column, dayfirst=True)`` reads a column of text dates written one way (never guessed
row by row), as every package of cxkit does;
``import_csv(path, source="qualtrics")`` (``"surveymonkey"``, ``"google_forms"``, ``"typeform"``,
``"zendesk"``, ``"freshdesk"``, ``"ga4"``, ``"auto"``) reads a tool's export in the tool's own
layout (:mod:`cxkit.data.exports`).
The table schemas live in :mod:`cxkit.data.schema`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cxkit._lazy import lazy_exports

if TYPE_CHECKING:  # pragma: no cover
    from cxkit.data.generator import generate
    from cxkit.data.importing import ImportResult, import_csv
    from cxkit.data.loaders import check_references, data_dir, load, load_all, read_csv, validate
    from cxkit.data.parse import read_dates
    from cxkit.data.schema import TABLES

_EXPORTS = {
    "generate": "cxkit.data.generator",
    "import_csv": "cxkit.data.importing",
    "ImportResult": "cxkit.data.importing",
    "check_references": "cxkit.data.loaders",
    "data_dir": "cxkit.data.loaders",
    "load": "cxkit.data.loaders",
    "load_all": "cxkit.data.loaders",
    "read_csv": "cxkit.data.loaders",
    "read_dates": "cxkit.data.parse",
    "validate": "cxkit.data.loaders",
    "TABLES": "cxkit.data.schema",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())
