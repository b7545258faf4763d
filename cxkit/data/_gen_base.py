"""The data generator's calendar, constants and vectorised helpers, and its CSV writer.

Times are whole seconds since 1970-01-01 (``int64``) inside the generator; see :mod:`cxkit.data.generator`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv

from cxkit.data.schema import (
    CHANNELS,
    EVENTS,
    TABLES,
    TOUCHPOINTS,
)

#: The fictional company.
COMPANY = "Larkspur & Co."
#: Customers at ``scale=1``; every table grows linearly with the scale.
BASE_CUSTOMERS = 4000
#: The largest scale the identifier formats allow (C###### customers, T###### tickets).
MAX_SCALE = 200
#: The month app 5.0 shipped and broke saved baskets (planted finding 5).
APP_RELEASE_MONTH = "2025-03"

# The planted effects: the company's truth that the course's analyses recover (datasets/README.md,
# "What drives whether customers come back"). tests/test_planted_effects.py checks that the course
# data recover them within their intervals.
#: Standard deviation of each customer's own mood (the random effect on every survey score).
MOOD_SD = 0.55
#: Effect 2: a customer's mean lifetime is multiplied by exp(beta * mood): happier customers stay
#: longer, consumers much more than business buyers (whose purchases follow their needs).
MOOD_LIFE_BETA = {"B2C": 1.2, "B2B": 0.2}
#: Effect 1: after a parcel arrives late, the customer leaves at once with this probability ...
LATE_LEAVE = {"B2C": 0.25, "B2B": 0.10}
#: ... and one who stays pauses: every later purchase comes this many days later on average.
LATE_PAUSE_DAYS = 30.0
#: Effect 3: after a support ticket, the customer leaves with this probability, by how the
#: ticket was handled ("badly": reopened, not resolved at first contact, or never resolved).
TICKET_LEAVE = {"well": 0.05, "badly": 0.30}

DAY = 86_400
HOUR = 3_600
MINUTE = 60
MONTH_DAYS = 30.44
START = int(np.datetime64("2024-01-01T00:00:00", "s").astype(np.int64))
END = int(np.datetime64("2026-01-01T00:00:00", "s").astype(np.int64))  # exclusive
N_DAYS = (END - START) // DAY
APP_BUG_START = int(np.datetime64("2025-03-01T00:00:00", "s").astype(np.int64))
APP_BUG_END = int(np.datetime64("2025-06-01T00:00:00", "s").astype(np.int64))

#: Relative order intensity per calendar month (November/December peak, summer dip).
SEASON = np.array([0.72, 0.68, 0.78, 0.80, 0.76, 0.60, 0.55, 0.60, 0.80, 0.85, 1.00, 1.00])

#: Marketing campaigns: name, first day, last day (inclusive).
CAMPAIGNS: tuple[tuple[str, str, str], ...] = (
    ("new_year_2024", "2024-01-01", "2024-01-14"),
    ("spring_sale_2024", "2024-03-15", "2024-04-14"),
    ("summer_clearance_2024", "2024-07-01", "2024-07-31"),
    ("back_to_office_2024", "2024-09-01", "2024-09-21"),
    ("black_friday_2024", "2024-11-22", "2024-12-02"),
    ("christmas_2024", "2024-12-03", "2024-12-24"),
    ("new_year_2025", "2025-01-01", "2025-01-14"),
    ("app5_launch_2025", "2025-03-01", "2025-03-31"),
    ("spring_sale_2025", "2025-04-01", "2025-04-30"),
    ("summer_clearance_2025", "2025-07-01", "2025-07-31"),
    ("back_to_office_2025", "2025-09-01", "2025-09-21"),
    ("black_friday_2025", "2025-11-21", "2025-12-01"),
    ("christmas_2025", "2025-12-02", "2025-12-24"),
)

_TP = list(TOUCHPOINTS)
_TP_IDX = {t: i for i, t in enumerate(_TP)}
_TP_CHANNEL = np.array([CHANNELS.index(TOUCHPOINTS[t][1]) for t in _TP], dtype=np.int64)
_EV = list(EVENTS)
_EV_IDX = {e: i for i, e in enumerate(_EV)}
_EV_STAGE = np.array([EVENTS[e] for e in _EV], dtype=object)
_MAX_IDS = {
    "customers": 999_999,
    "orders": 9_999_999,
    "events": 9_999_999,
    "surveys": 9_999_999,
    "tickets": 999_999,
    "conversations": 9_999_999,
}


# ---------------------------------------------------------------------------------------------
# Small vectorised helpers
# ---------------------------------------------------------------------------------------------
def _month_index(sec: np.ndarray) -> np.ndarray:
    """Months since 1970-01 of each timestamp (seconds)."""
    return sec.astype("datetime64[s]").astype("datetime64[M]").astype(np.int64)


def _month_of_year(sec: np.ndarray) -> np.ndarray:
    """Calendar month 0..11 of each timestamp (seconds)."""
    return _month_index(sec) % 12


def _ids(prefix: str, n: int, width: int) -> Any:
    """Make identifiers ``prefix`` + zero-padded 1..n as a pyarrow string array."""
    num = pc.cast(pa.array(np.arange(1, n + 1, dtype=np.int64)), pa.string())
    return pc.binary_join_element_wise(prefix, pc.utf8_lpad(num, width=width, padding="0"), "")


def _fmt_time(sec: np.ndarray, mask: np.ndarray | None = None) -> pa.Array:
    """Format seconds as ``YYYY-MM-DD HH:MM:SS``; entries where ``mask`` is True become blanks."""
    arr = pa.array(np.asarray(sec, dtype=np.int64).astype("datetime64[s]"), mask=mask)
    return pc.cast(arr, pa.string())


def _fmt_date(sec: np.ndarray, mask: np.ndarray | None = None) -> pa.Array:
    """Format seconds as ``YYYY-MM-DD``; entries where ``mask`` is True become blanks."""
    arr = pa.array((np.asarray(sec, dtype=np.int64) // DAY).astype("datetime64[D]"), mask=mask)
    return pc.cast(arr, pa.string())


def _fmt_money(x: np.ndarray) -> pa.Array:
    """Two-decimal text of positive amounts, exact (no binary rounding surprises)."""
    cents = np.round(np.asarray(x, dtype=np.float64) * 100).astype(np.int64)
    whole = pc.cast(pa.array(cents // 100), pa.string())
    frac = pc.utf8_lpad(pc.cast(pa.array(cents % 100), pa.string()), width=2, padding="0")
    return pc.binary_join_element_wise(whole, frac, ".")


def _fmt_int(x: np.ndarray, mask: np.ndarray | None = None) -> pa.Array:
    return pc.cast(pa.array(np.asarray(x, dtype=np.int64), mask=mask), pa.string())


def _fmt_bool(x: np.ndarray) -> pa.Array:
    return pa.array(np.where(np.asarray(x, dtype=bool), "True", "False"))


def _take(
    values: tuple[str, ...] | list[str] | np.ndarray, codes: np.ndarray, mask: np.ndarray | None = None
) -> pa.Array:
    """Text of category ``codes`` (indices into ``values``); masked entries become blanks."""
    dictionary = pa.array(list(values), type=pa.string())
    idx = pa.array(np.asarray(codes, dtype=np.int32), mask=mask)
    return pc.take(dictionary, idx)


def _choice(rng: np.random.Generator, p: list[float] | np.ndarray, size: int) -> np.ndarray:
    """Vectorised categorical draw: indices into ``p``."""
    cp = np.cumsum(np.asarray(p, dtype=np.float64))
    cp /= cp[-1]
    return np.searchsorted(cp, rng.random(size), side="right").astype(np.int64)


def _quote(col: pa.Array) -> pa.Array:
    """Quote text fields that contain a comma, a quote or a line break (RFC 4180, like pandas)."""
    needs = pc.match_substring_regex(col, '[",\\n\\r]')
    q, empty = pa.scalar('"', col.type), pa.scalar("", col.type)
    quoted = pc.binary_join_element_wise(q, pc.replace_substring(col, '"', '""'), q, empty)
    return pc.if_else(needs, quoted, col)


def _write(columns: dict[str, pa.Array], name: str, path: Path, append: bool = False) -> Path:
    """Write text columns as CSV in the schema's column order, fast and deterministically.

    Every column is already text (blanks are nulls). Tables without free text go through
    pyarrow's CSV writer unquoted; the surveys' comments are quoted where needed (RFC 4180, as
    pandas would) and their rows joined into lines, so identical inputs give identical bytes.
    With ``append`` the rows are added to an existing file, without a header (for chunked writes).
    """
    expected = TABLES[name].column_names
    if list(columns) != expected:  # pragma: no cover - a programming error in this module
        raise AssertionError(f"{name}: columns {list(columns)} differ from the schema {expected}")
    cols = [c.combine_chunks() if isinstance(c, pa.ChunkedArray) else c for c in columns.values()]
    cols = [c if c.type == pa.string() else pc.cast(c, pa.string()) for c in cols]
    if name not in ("surveys", "conversations"):
        with open(path, "ab" if append else "wb") as fh:
            if not append:
                fh.write((",".join(expected) + "\n").encode())
            pcsv.write_csv(
                pa.table(cols, names=expected),
                fh,
                pcsv.WriteOptions(include_header=False, quoting_style="none"),
            )
        return path
    cols[-1] = _quote(cols[-1])
    lines = pc.binary_join_element_wise(*cols, ",", null_handling="replace", null_replacement="")
    lines = pc.binary_join_element_wise(lines, "\n", "")
    with open(path, "ab" if append else "wb") as fh:
        if not append:
            fh.write((",".join(expected) + "\n").encode())
        if len(lines):
            offsets = np.frombuffer(lines.buffers()[1], dtype=np.int32)[
                lines.offset : lines.offset + len(lines) + 1
            ]
            fh.write(memoryview(lines.buffers()[2])[offsets[0] : offsets[-1]])
    return path


def _fill(text: pd.Series, placeholder: str, values: np.ndarray) -> pd.Series:
    """Replace ``placeholder`` in each text by the matching value (vectorised split and join)."""
    parts = text.str.split(placeholder, n=1, expand=True, regex=False)
    if parts.shape[1] == 1:
        return text
    has = parts[1].notna().to_numpy()
    vals = pd.Series(values.astype(np.int64).astype(str), index=text.index, dtype=object)
    return pd.Series(
        np.where(has, parts[0] + vals + parts[1].fillna(""), text), index=text.index, dtype=object
    )
