"""Set-up for the doctests of cxkit: ``pytest --doctest-modules cxkit``, run from the course folder.

This file sits at the top of the course folder, outside the package (so it is not in the wheel),
and only acts on doctest items, so the unit tests (``tests/conftest.py``) and the notebook runs
are unchanged.

* Every doctest has ``pd`` (pandas) and ``np`` (NumPy) in its namespace, as pandas' own do.
* The doctests of :mod:`cxkit.data` and :mod:`cxkit._paths` run in a fresh temporary folder, with
  ``CXKIT_DATA`` unset, so the course folder is found the way a learner's installed package finds
  it. The folder holds two learner exports the loaders' examples read, made from the course data:
  ``my_export.csv``, the first 20 answered survey invitations with an NPS of 11 in row 17; and
  ``semicolons.csv``, the first 5 orders saved as a spreadsheet set to a European language saves
  them (``;`` between values, ``41,94`` for 41.94).
"""

from __future__ import annotations

from pathlib import Path

import pytest

_IN_FOLDER = ("cxkit/data/", "cxkit/_paths.py")


@pytest.fixture(autouse=True)
def _doctest_setup(request: pytest.FixtureRequest) -> None:
    if getattr(request.node, "dtest", None) is None:  # not a doctest
        return
    import numpy as np
    import pandas as pd

    namespace = request.getfixturevalue("doctest_namespace")
    namespace.update(pd=pd, np=np)
    where = Path(str(request.node.path)).as_posix()
    if not any(part in where for part in _IN_FOLDER):
        return
    monkeypatch = request.getfixturevalue("monkeypatch")
    folder = request.getfixturevalue("tmp_path")
    monkeypatch.delenv("CXKIT_DATA", raising=False)
    monkeypatch.chdir(folder)

    from cxkit.data import load

    answers = load("surveys").query("responded").head(20).reset_index(drop=True)
    answers["nps"] = answers["nps"].astype("object")
    answers.loc[17, "nps"] = 11
    answers.to_csv(folder / "my_export.csv", index=False)
    load("orders").head(5).to_csv(folder / "semicolons.csv", sep=";", decimal=",", index=False)


#: Doctests over about 3 s (they read the whole course data), marked slow so that `make quick` leaves
#: them out; `make unit` runs every doctest. Named as pytest names them: the module for its docstring.
SLOW_DOCTESTS = frozenset({"cxkit.widgets.comment_explorer"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if getattr(item, "dtest", None) is not None and item.name in SLOW_DOCTESTS:
            item.add_marker(pytest.mark.slow)
