"""Set-up for the doctests of cxkit: ``pytest --doctest-modules cxkit``, run from the course folder.

This file sits at the top of the course folder, outside the package (so it is not in the wheel),
and acts on doctest items and, when asked, on notebooks run by nbval; the unit tests
(``tests/conftest.py``) are unchanged.

* Every doctest has ``pd`` (pandas) and ``np`` (NumPy) in its namespace, as pandas' own do.
* The doctests of :mod:`cxkit.data` and :mod:`cxkit._paths` run in a fresh temporary folder, with
  ``CXKIT_DATA`` unset, so the course folder is found the way a learner's installed package finds
  it. The folder holds two learner exports the loaders' examples read, made from the course data:
  ``my_export.csv``, the first 20 answered survey invitations with an NPS of 11 in row 17; and
  ``semicolons.csv``, the first 5 orders saved as a spreadsheet set to a European language saves
  them (``;`` between values, ``41,94`` for 41.94).

Notebooks (``make notebooks``: nbval, one pytest run for modules, solutions and exercises): with
``--strict-notebooks=modules,solutions`` each notebook's kernel starts with ``CXKIT_STRICT=1`` when
the notebook is in one of those folders (a wrong expected value in a solution fails the test) and
``CXKIT_STRICT=0`` elsewhere (exercises, as a learner gets them: unanswered questions must not
raise). Without the option a notebook's kernel gets the environment as it is.
"""

from __future__ import annotations

import os
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


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--strict-notebooks",
        default=None,
        metavar="FOLDERS",
        help="comma-separated folders (from the course folder) whose notebooks run with CXKIT_STRICT=1; "
        "every other notebook runs with CXKIT_STRICT=0",
    )


def notebook_strictness(path: Path, root: Path, strict_folders: str) -> str:
    """Return ``"1"`` when ``path`` lies in one of ``strict_folders`` (comma-separated, from ``root``).

    Else ``"0"`` (a notebook outside ``root`` too).
    """
    folders = [Path(root).resolve() / f.strip() for f in strict_folders.split(",") if f.strip()]
    return "1" if any(Path(path).resolve().is_relative_to(folder) for folder in folders) else "0"


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Before nbval starts a notebook's kernel (at its first cell's set-up), set CXKIT_STRICT for it."""
    strict_folders = item.config.getoption("--strict-notebooks")
    if strict_folders is None or item.path.suffix != ".ipynb":
        return
    os.environ["CXKIT_STRICT"] = notebook_strictness(item.path, item.config.rootpath, strict_folders)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if getattr(item, "dtest", None) is not None and item.name in SLOW_DOCTESTS:
            item.add_marker(pytest.mark.slow)
