"""Reading the values of a column: numbers, booleans, dates and timestamps, with the problems found.

Shared by the data loaders (:mod:`cxkit.data.loaders`) and by the journey analytics, which parse an
event log's text timestamps by the same rules. Every parser takes ``(raw, text or None, blank)`` and
returns ``(typed values, [(problem, bad mask), ...])``; the problems are reported in the order of
their first row.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable

import numpy as np
import pandas as pd

__all__ = [
    "DATETIME_FORMAT",
    "DATE_FORMAT",
    "PARSERS",
    "TEXT_DTYPE",
    "Problems",
    "first_true",
    "merge_problems",
    "parse_bool",
    "parse_date",
    "parse_datetime",
    "parse_number",
    "parse_when",
]

#: The dtype of id and text columns: pandas' default string dtype (``"str"``, NaN for missing).
TEXT_DTYPE = pd.StringDtype(na_value=np.nan)

#: How the course's files write a date and a timestamp.
DATE_FORMAT = "%Y-%m-%d"
DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S"
_TRUE = ("true", "1")
_FALSE = ("false", "0")


def first_true(mask: np.ndarray) -> int | None:
    """Position of the first True in a boolean array, or None."""
    if not mask.any():
        return None
    return int(mask.argmax())


# --- parsers: (raw, text or None, blank) -> (typed values, [(problem, bad mask), ...]) ---------
Problems = list[tuple[str, np.ndarray]]


def parse_number(
    raw: pd.Series,
    text: pd.Series | None,
    blank: np.ndarray,
    *,
    whole: bool,
    decimal: str = ".",
    reread: Callable[..., str] = lambda **_: "",
) -> tuple[pd.Series, Problems]:
    """Read numbers (``whole``: whole numbers; ``decimal=","``: a decimal comma) and their problems."""
    problems: Problems = []
    if (
        text is None
        and not pd.api.types.is_bool_dtype(raw.dtype)
        and pd.api.types.is_numeric_dtype(raw.dtype)
    ):
        num = raw.astype("float64") if not pd.api.types.is_integer_dtype(raw.dtype) else raw
        unreadable = np.zeros(len(raw), dtype=bool)
    else:
        src = (text if text is not None else raw.astype(TEXT_DTYPE)).str.strip().mask(blank)
        if decimal == ",":  # 12,50 is 12.5; a '.' may be a thousands separator: never guess
            point = src.str.contains(".", regex=False).to_numpy(dtype=bool, na_value=False)
            problems.append(
                (
                    "cannot be read as a number: it has a '.', but the decimal mark of this file is "
                    "',' (write 1200,50, without a thousands separator)",
                    point,
                )
            )
            src = src.str.replace(",", ".", regex=False).mask(point)
        num = pd.to_numeric(src, errors="coerce")
        unreadable = num.isna().to_numpy(dtype=bool) & ~blank
        if decimal == "." and unreadable.any():  # 12,50: say how to read a decimal comma
            comma = unreadable & src.str.fullmatch(r"[+-]?\d*,\d+").to_numpy(dtype=bool, na_value=False)
            problems.append(
                (
                    f"cannot be read as a number: it has a comma. If the comma is the decimal mark "
                    f"(12,50 for 12.5), read the file with {reread(decimal=',')}; if it separates "
                    f"thousands, remove it",
                    comma,
                )
            )
            unreadable &= ~comma
        if decimal == ",":
            unreadable &= ~point
    v = num.to_numpy(dtype="float64", na_value=np.nan)
    with np.errstate(invalid="ignore"):
        infinite = np.isinf(v)
        fraction = np.isfinite(v) & (v != np.floor(v)) if whole else np.zeros(len(v), dtype=bool)
    problems.append(("cannot be read as a number", unreadable | infinite))
    if whole:
        problems.append(("not a whole number", fraction))
    if pd.api.types.is_integer_dtype(num.dtype):
        values = num
    else:
        values = pd.Series(v, dtype="float64")
    return values, merge_problems(problems)


def merge_problems(problems: Problems) -> Problems:
    """Keep the problems but report whichever one occurs first in the column."""
    firsts = [(pos, p, m) for p, m in problems if (pos := first_true(m)) is not None]
    return [(p, m) for _, p, m in sorted(firsts, key=lambda f: f[0])]


def parse_bool(raw: pd.Series, text: pd.Series | None, blank: np.ndarray) -> tuple[pd.Series, Problems]:
    """Read True/False (``true``/``false``, ``1``/``0``, any case) as pandas' nullable boolean."""
    if pd.api.types.is_bool_dtype(raw.dtype):
        return raw.astype("boolean"), []
    if text is None and pd.api.types.is_numeric_dtype(raw.dtype):
        v = raw.to_numpy(dtype="float64", na_value=np.nan)
        is_true, is_false = v == 1, v == 0
    else:
        low = (text if text is not None else raw.astype(TEXT_DTYPE)).str.strip().str.lower()
        is_true = low.isin(_TRUE).to_numpy(dtype=bool)
        is_false = low.isin(_FALSE).to_numpy(dtype=bool)
    bad = ~(is_true | is_false) & ~blank
    values = pd.Series(pd.array(is_true, dtype="boolean")).mask(blank)
    return values, [("cannot be read as True or False", bad)]


def parse_when(
    raw: pd.Series, text: pd.Series | None, blank: np.ndarray, fmt: str, what: str
) -> tuple[pd.Series, Problems]:
    """Read dates or timestamps written as ``fmt`` (``what`` names them in messages), in microseconds.

    With :data:`DATETIME_FORMAT`, a bare date means midnight and timestamps with an offset become UTC
    (a column may not mix both kinds); Excel day numbers are reported with how to convert them.
    """
    if pd.api.types.is_datetime64_any_dtype(raw.dtype):  # typed already, with or without a zone
        return _microseconds(raw), []
    if raw.dtype == object:
        objects = _parse_datetime_objects(raw, blank)
        if objects is not None:
            return objects
    src = (text if text is not None else raw.astype(TEXT_DTYPE)).str.strip().mask(blank)
    values = pd.to_datetime(src, format=fmt, errors="coerce")
    failed = values.isna().to_numpy(dtype=bool) & ~blank
    mixed: Problems = []
    if fmt == DATETIME_FORMAT and failed.any():  # a bare date means midnight (DataFrame.to_csv writes that)
        dates = pd.to_datetime(src.where(failed), format=DATE_FORMAT, errors="coerce")
        values = values.fillna(dates)
        failed = values.isna().to_numpy(dtype=bool) & ~blank
    if fmt == DATETIME_FORMAT and failed.any():  # with an offset, 2024-03-05 09:00:00+01:00: UTC
        zoned = pd.to_datetime(src.where(failed), format=DATETIME_FORMAT + "%z", errors="coerce", utc=True)
        has_zone = zoned.notna().to_numpy(dtype=bool)
        if has_zone.any():
            plain = ~failed & ~blank
            if plain.any():  # report the rows whose kind differs from the column's first value
                mixed = _mixed_zones(has_zone, plain, "(like +01:00)")
            else:
                values = zoned
            failed &= ~has_zone
    excel = np.zeros(len(src), dtype=bool)
    if failed.any():
        excel = failed & src.str.fullmatch(r"\d{3,7}(\.\d+)?").to_numpy(dtype=bool, na_value=False)
    problems = [
        (f"cannot be read as {what}", failed & ~excel),
        (
            f"a number where {what} was expected. It looks like an Excel day number (Excel counts days from "
            "1899-12-30): format the column as a date in the spreadsheet before saving it, or convert the "
            'numbers with pd.to_datetime(numbers, unit="D", origin="1899-12-30")',
            excel,
        ),
        *mixed,
    ]
    return _microseconds(values), merge_problems(problems)


def _mixed_zones(zoned: np.ndarray, plain: np.ndarray, how: str) -> Problems:
    """Return the problem of a column mixing timestamps with a zone and without: the rows unlike its first."""
    first_zoned, first_plain = first_true(zoned), first_true(plain)
    if first_zoned is not None and (first_plain is None or first_zoned < first_plain):
        problem, rows = "a timestamp without a time zone, in a column whose first timestamp has one", plain
    else:
        problem, rows = "a timestamp with a time zone, in a column whose first timestamp has none", zoned
    return [
        (
            problem
            + " (a time without a zone is not a definite instant). Give every timestamp of the column "
            f"a zone {how}, or none",
            rows,
        )
    ]


def _microseconds(values: pd.Series) -> pd.Series:
    """`values` (datetime64, with or without a zone) in microseconds, unless that drops nanoseconds."""
    if values.dt.unit == "us":
        return values
    as_us = values.dt.as_unit("us")
    present = values.notna().to_numpy(dtype=bool)
    if (as_us == values).to_numpy(dtype=bool)[present].all():
        return as_us
    return values


def _parse_datetime_objects(raw: pd.Series, blank: np.ndarray) -> tuple[pd.Series, Problems] | None:
    """Return a column of Python or pandas timestamps (object dtype); None if it holds anything else.

    One zone is kept; several zones are converted to UTC; zone-less and zoned values mixed are an error.
    """
    values = raw.to_numpy(dtype=object)
    present = values[~blank]
    if not len(present) or not all(isinstance(v, _dt.date) for v in present):
        return None
    aware = np.array([getattr(v, "tzinfo", None) is not None for v in values]) & ~blank
    naive = ~aware & ~blank
    if aware.any() and naive.any():
        return (
            pd.Series(pd.NaT, index=raw.index, dtype="datetime64[us]"),
            _mixed_zones(aware, naive, "(pd.to_datetime(column, utc=True) gives every one UTC)"),
        )
    src = raw.where(~blank)
    try:
        parsed = pd.to_datetime(src)
    except (ValueError, TypeError):  # several zones: UTC is the one zone that holds them all
        parsed = pd.to_datetime(src, utc=True)
    return _microseconds(parsed), []


def parse_date(raw, text, blank):
    """Read dates written as :data:`DATE_FORMAT`."""
    return parse_when(raw, text, blank, DATE_FORMAT, "a date")


def parse_datetime(raw, text, blank):
    """Read timestamps written as :data:`DATETIME_FORMAT` (or a bare date, or with an offset)."""
    return parse_when(raw, text, blank, DATETIME_FORMAT, "a timestamp")


PARSERS: dict[str, Callable] = {
    "bool": parse_bool,
    "date": parse_date,
    "datetime": parse_datetime,
}
