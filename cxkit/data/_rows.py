"""How error messages name a row and show a value (shared by the data loaders and the metric checks).

A row is named by its 0-based position, plus the line of the file it came from or, when the
table's index is not the default 0, 1, 2, ..., its index label: ``row 17 (index label 'S-0042')``.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd


class _Rows:
    """Names rows in messages: 0-based position, plus the file line or the index label."""

    def __init__(self, index: pd.Index, source: str, line_of: Callable[[int], int | None] | None):
        self.index = index
        self.source = source
        self.line_of = line_of
        self.default_index = isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1

    def __call__(self, pos: int) -> str:
        pos = int(pos)
        if self.line_of is not None:
            line = self.line_of(pos)
            if line is not None:
                return f"{pos} (line {line} of {self.source})"
        if not self.default_index:
            return f"{pos} (index label {_shown(self.index[pos])!r})"
        return str(pos)


def _shown(value: object) -> object:
    """Return a value as it should follow 'found' (numpy scalars as plain Python, timestamps as text)."""
    if isinstance(value, pd.Timestamp):
        return str(value)
    if isinstance(value, np.generic):
        return value.item()
    return value
