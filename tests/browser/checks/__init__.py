"""Per-module browser checks: ``mNN.py`` defines ``check(page)`` and ``MUST_SHOW``.

tests/browser/test_modules.py runs every module in JupyterLab, saves its screenshots, then calls
the module's ``check(page)`` (if it has a ``checks/mNN.py``) to drive its widgets. One file per
module, so that adding a module does not touch the others' checks.
"""
