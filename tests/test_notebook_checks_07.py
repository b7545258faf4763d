"""Issue 32's rule in module 07: no teaching cell asserts; the quoted numbers sit in hidden check cells."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
HEAD = "# Checks: the numbers the text quotes (collapsed; the course's tests use them too)"
META = {"jupyter": {"source_hidden": True}, "tags": ["remove-cell"]}

pytestmark = pytest.mark.course


def _code_cells(name: str) -> list:
    nb = nbformat.read(ROOT / "modules" / name, as_version=4)
    return [c for c in nb.cells if c.cell_type == "code"]


def test_module_07_teaching_cells_never_assert():
    cells = _code_cells("07-cx-metrics.ipynb")
    teaching = [c for c in cells if not c.source.startswith(HEAD)]
    assert not [c.source[:60] for c in teaching if "assert" in c.source]
    checks = [c for c in cells if c.source.startswith(HEAD)]
    assert len(checks) >= 17
    for c in checks:
        assert c.metadata.get("jupyter") == META["jupyter"]
        assert c.metadata.get("tags") == META["tags"]


def test_module_10_assessment_checks_are_hidden():
    cells = _code_cells("10-managing-and-improving-cx.ipynb")
    i = next(k for k, c in enumerate(cells) if "compare_assessments(june, march, paired=True" in c.source)
    check = cells[i + 1]
    assert check.source.startswith(HEAD)
    assert check.metadata.get("tags") == ["remove-cell"]
    assert "assert" not in cells[i].source
