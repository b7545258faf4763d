"""The second half of the modules in a real browser (see ``test_modules.py``, which runs the first).

A file of its own so that ``--dist loadfile`` gives these modules to the other worker.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_modules import SECOND_HALF, check_module

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("module", SECOND_HALF, ids=lambda m: Path(m).stem)
def test_module_runs_with_figures_and_widgets(lab, page, module):
    check_module(lab, page, module)
