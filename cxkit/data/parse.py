"""Reading the values of a column: numbers, booleans, dates and timestamps, with the problems found.

Shared by the data loaders (:mod:`cxkit.data.loaders`) and by the journey analytics, which parse an
event log's text timestamps by the same rules. Every parser takes ``(raw, text or None, blank)`` and
returns ``(typed values, [(problem, bad mask), ...])``; the problems are reported in the order of
their first row.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "DATETIME_FORMAT",
    "DATE_FORMAT",
    "PARSERS",
    "TEXT_DTYPE",
    "Problems",
    "first_true",
    "format_example",
    "merge_problems",
    "parse_bool",
    "parse_date",
    "parse_dates",
    "parse_datetime",
    "parse_number",
    "parse_when",
    "read_date",
    "read_dates",
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


# --- dates written a learner's way: one format for the whole column, never guessed row by row -------
#: How a date may be written in a learner's file; every value of a column must fit the same one.
_ISO_DATES = ("%Y-%m-%d", "%Y/%m/%d")
_DAY_FIRST = ("%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y", "%d/%m/%y", "%d.%m.%y")
_MONTH_FIRST = ("%m/%d/%Y", "%m-%d-%Y", "%m.%d.%Y", "%m/%d/%y")
_NAMED_MONTH = ("%d %b %Y", "%d %B %Y", "%d-%b-%Y", "%b %d %Y", "%b %d, %Y", "%B %d %Y", "%B %d, %Y")
_TIMES = (
    "",
    " %H:%M",
    " %H:%M:%S",
    " %H:%M:%S.%f",
    "T%H:%M",
    "T%H:%M:%S",
    "T%H:%M:%S.%f",
    " %I:%M %p",
    " %I:%M:%S %p",
)
_SAMPLE = 50  # distinct values a candidate format is first tried on


def _formats(dayfirst: bool | None) -> list[tuple[str, bool | None]]:
    """Return the candidate formats (format, day-first?) for ``dayfirst`` (None: both orders)."""
    dates: list[tuple[str, bool | None]] = [(d, None) for d in (*_ISO_DATES, *_NAMED_MONTH)]
    if dayfirst is not False:
        dates += [(d, True) for d in _DAY_FIRST]
    if dayfirst is not True:
        dates += [(d, False) for d in _MONTH_FIRST]
    return [(d + t, first) for d, first in dates for t in _TIMES]


def format_example(fmt: str) -> str:
    """``fmt`` in words a learner recognises: the format and 5 March 2024 14:30 written with it.

    >>> format_example("%d/%m/%Y")
    "%d/%m/%Y (like '05/03/2024')"
    """
    return f"{fmt} (like {pd.Timestamp('2024-03-05 14:30:00').strftime(fmt)!r})"


def parse_dates(
    raw: pd.Series,
    text: pd.Series | None,
    blank: np.ndarray,
    *,
    date_format: str | None = None,
    dayfirst: bool | None = None,
    what: str = "a date",
) -> tuple[pd.Series, Problems]:
    """Read dates or timestamps written one way for the whole column, in microseconds.

    The course's way (``2024-03-05`` or ``2024-03-05 09:00:00``, read by :func:`parse_when`) is
    tried first, then ISO 8601 (``2024-03-05T09:00``, year first: never ambiguous). Otherwise
    ``date_format`` (a :func:`datetime.datetime.strptime` format) is the one format of the
    column; without it, the column's format is found among the usual ways of
    writing a date (ISO, day-first ``05/03/2024``, month-first ``03/05/2024``, ``5 Mar 2024``, with
    or without a time) as the one that reads **every** value: never row by row, so ``03/04/2025``
    and ``13/04/2025`` in one column are both day-first (3 and 13 April). ``dayfirst=True`` or
    ``False`` keeps only the day-first or month-first ways.

    The problems: a value no format of the column reads; a column that reads day-first and
    month-first with different dates (only values up to 12 on both sides, like ``03/04/2025``:
    the first such value is reported, with the way out, ``dayfirst=``); a column whose values need
    both orders (``13/04/2025`` and ``04/13/2025``).
    """
    values, problems = parse_when(raw, text, blank, DATETIME_FORMAT, what)
    typed = pd.api.types.is_datetime64_any_dtype(raw.dtype) or not problems
    if typed or (raw.dtype == object and _parse_datetime_objects(raw, blank) is not None):
        return values, problems
    if text is None and not pd.api.types.is_string_dtype(raw.dtype) and raw.dtype != object:
        return values, problems  # numbers (Excel day numbers): parse_when says what to do
    src = (text if text is not None else raw.astype(TEXT_DTYPE)).str.strip().mask(blank)
    codes, uniques = pd.factorize(src, use_na_sentinel=True)
    uniq = pd.Series(uniques.astype(object), dtype=object)
    if date_format is not None:
        parsed = pd.to_datetime(uniq, format=date_format, errors="coerce")
        return _spread(parsed, codes), _unread(parsed, codes, what, f"written {format_example(date_format)}")
    try:  # ISO 8601 (year first) is never ambiguous, with or without seconds or a "T"
        iso = pd.to_datetime(uniq, format="ISO8601", errors="coerce")
    except ValueError:  # several zones: parse_when's rules say what to do
        iso = None
    if iso is not None and iso.notna().all():
        return _spread(iso, codes), []
    sample = uniq.iloc[:_SAMPLE]
    fits: list[tuple[str, bool | None, pd.Series]] = []
    best: tuple[int, str, bool | None, pd.Series] | None = None
    for fmt, first in _formats(dayfirst):
        if pd.to_datetime(sample, format=fmt, errors="coerce").isna().all():
            continue
        parsed = pd.to_datetime(uniq, format=fmt, errors="coerce")
        n = int(parsed.notna().sum())
        if n == len(uniq):
            fits.append((fmt, first, parsed))
        elif best is None or n > best[0]:
            best = (n, fmt, first, parsed)
    if fits:
        fmt, first, parsed = fits[0]
        for other_fmt, _, other in fits[1:]:
            differ = (other != parsed).to_numpy(dtype=bool)
            if differ.any():  # 03/04/2025 is 3 April day-first and 4 March month-first
                rows = np.isin(codes, np.flatnonzero(differ))
                example = uniq.iloc[int(np.flatnonzero(differ)[0])]
                day, month = (fmt, other_fmt) if first else (other_fmt, fmt)
                return _spread(parsed, codes).mask(rows), [
                    (
                        f"ambiguous: every date of the column reads both day-first ({day}: "
                        f"{pd.to_datetime(example, format=day):%d %B %Y}) and month-first ({month}: "
                        f"{pd.to_datetime(example, format=month):%d %B %Y}). Say which with dayfirst=True "
                        f"or dayfirst=False (or date_format={day!r})",
                        rows,
                    )
                ]
        return _spread(parsed, codes), []
    if best is None or best[0] <= int(values.notna().sum()):
        return values, problems  # nothing reads more of it than the course's way: say that way's problem
    _, fmt, first, parsed = best
    how = f"written {format_example(fmt)}, the way the column's other dates are written"
    unread = parsed.isna().to_numpy(dtype=bool)
    if first is not None:  # 04/13/2025 in a day-first column: the other order reads it
        other = pd.to_datetime(uniq.where(unread), format=_swap_order(fmt), errors="coerce")
        swapped = other.notna().to_numpy(dtype=bool)
        order = ("day-first", "month-first") if first else ("month-first", "day-first")
        mixed = (
            f"written {order[1]} in a column written {order[0]} ({format_example(fmt)}): one column "
            f"cannot mix both orders. Correct the value, or convert each part of the file with its own "
            f"date_format=",
            np.isin(codes, np.flatnonzero(swapped)),
        )
        rest = unread & ~swapped
        return _spread(parsed, codes), merge_problems(
            [mixed, (f"cannot be read as {what} {how}", np.isin(codes, np.flatnonzero(rest)))]
        )
    return _spread(parsed, codes), [
        (f"cannot be read as {what} {how}", np.isin(codes, np.flatnonzero(unread)))
    ]


def _swap_order(fmt: str) -> str:
    """Return the same format with the day and the month swapped."""
    return fmt.replace("%d", "\0").replace("%m", "%d").replace("\0", "%m")


def _spread(parsed: pd.Series, codes: np.ndarray) -> pd.Series:
    """Put the parsed distinct values back on the rows (blanks: NaT), in microseconds."""
    values = parsed.to_numpy()
    out = pd.Series(values[np.maximum(codes, 0)]).where(codes >= 0)
    return _microseconds(pd.Series(pd.to_datetime(out)))


def _unread(parsed: pd.Series, codes: np.ndarray, what: str, how: str) -> Problems:
    unread = np.flatnonzero(parsed.isna().to_numpy(dtype=bool))
    return [(f"cannot be read as {what} {how}", np.isin(codes, unread))] if len(unread) else []


def read_date(value: Any, name: str, *, date_format: str | None = None, dayfirst: bool | None = None) -> Any:
    """Return a date given as an argument (``end=``, ``since=``) as a ``pandas.Timestamp``; None stays None.

    Text is read by :func:`read_dates`' rules with the column's ``date_format``/``dayfirst``:
    ``"05/02/2024"`` alone reads both day-first and month-first, so it is an error without
    ``dayfirst=`` (pandas would read it as 2 May); ``"2024-02-05"`` is always clear.

    >>> read_date("2024-02-05", "end")
    Timestamp('2024-02-05 00:00:00')
    >>> read_date("05/02/2024", "end", dayfirst=True)
    Timestamp('2024-02-05 00:00:00')
    """
    from cxkit.errors import CXConfigError, CXDataError

    if value is None:
        return None
    if isinstance(value, str):
        try:
            parsed = read_dates(pd.Series([value]), date_format=date_format, dayfirst=dayfirst)
        except CXDataError as exc:
            raise CXConfigError(f"{name}={value!r} is not a date cxkit can read for sure: {exc}") from None
        if parsed.isna().iloc[0]:
            raise CXConfigError(f"{name} must be a date such as '2024-03-31'; got {value!r}.")
        return pd.Timestamp(parsed.iloc[0])
    try:
        return pd.Timestamp(value)
    except (ValueError, TypeError) as exc:
        raise CXConfigError(f"{name} must be a date such as '2024-03-31'; got {value!r}.") from exc


def read_dates(
    values: Any,
    *,
    date_format: str | None = None,
    dayfirst: bool | None = None,
    dataset: str | None = None,
    column: str | None = None,
    row: Callable[[int], Any] | None = None,
) -> pd.Series:
    """Return a column of dates or timestamps written one way (text, or datetimes already) as datetimes.

    The one reader of text dates for every package (tickets, orders, transactions, event logs):
    :func:`parse_dates`' rules, raising instead of returning the problems. Blanks stay blank
    (``NaT``); whether a blank is allowed is the caller's rule.

    Parameters
    ----------
    values : pandas.Series
        The column.
    date_format : str, optional
        How the column writes its dates, as :func:`datetime.datetime.strptime` reads them
        (``"%d/%m/%Y %H:%M"``). By default the column's one format is found from its values.
    dayfirst : bool, optional
        ``True`` for day-first dates (``05/03/2024`` is 5 March), ``False`` for month-first (3 May).
        Needed only when every date of the column reads both ways; not with ``date_format``.
    dataset, column : str, optional
        Named in the error.
    row : callable, optional
        Names the row at a position in the error (default: the position and the index label).

    Returns
    -------
    pandas.Series
        ``datetime64`` (with the column's zone if it has one), on the same index.

    Raises
    ------
    CXDataError
        A value that cannot be read the column's way, or dates that read both day-first and
        month-first with different dates (the first such value is named).
    CXConfigError
        ``date_format`` that is not a text, ``dayfirst`` that is not True, False or None, or both.

    Examples
    --------
    >>> import pandas as pd
    >>> read_dates(pd.Series(["03/04/2025", "13/04/2025"])).dt.strftime("%d %B").tolist()
    ['03 April', '13 April']
    >>> read_dates(pd.Series(["03/04/2025", "05/06/2025"]), column="opened_at")
    ... # doctest: +NORMALIZE_WHITESPACE
    Traceback (most recent call last):
    ...
    cxkit.errors.CXDataError: column 'opened_at', row 0: ambiguous: every date of the column reads
    both day-first (%d/%m/%Y: 03 April 2025) and month-first (%m/%d/%Y: 04 March 2025). Say which
    with dayfirst=True or dayfirst=False (or date_format='%d/%m/%Y'): found '03/04/2025'; expected
    every date of the column written one way (the course's 2024-03-05 09:00:00, or another: say which
    with date_format= if it is not found).
    >>> read_dates(pd.Series(["03/04/2025", "05/06/2025"]), dayfirst=True).dt.strftime("%d %B").tolist()
    ['03 April', '05 June']
    """
    from cxkit.errors import CXConfigError, CXDataError

    if date_format is not None and not isinstance(date_format, str):
        raise CXConfigError(
            f"date_format must be a format such as '%d/%m/%Y %H:%M'; got {type(date_format).__name__}."
        )
    if dayfirst is not None and not isinstance(dayfirst, bool | np.bool_):
        raise CXConfigError(f"dayfirst must be True, False or None; got {dayfirst!r}.")
    if date_format is not None and dayfirst is not None:
        raise CXConfigError("give date_format= or dayfirst=, not both: the format already says the order.")
    raw = values if isinstance(values, pd.Series) else pd.Series(values)
    blank = raw.isna().to_numpy(dtype=bool)
    text = None
    if raw.dtype == object or pd.api.types.is_string_dtype(raw.dtype):
        if _parse_datetime_objects(raw, blank) is None:
            text = raw.astype(TEXT_DTYPE).str.strip()
            blank = blank | text.eq("").to_numpy(dtype=bool, na_value=False)
    parsed, problems = parse_dates(
        raw, text, blank, date_format=None if date_format is None else str(date_format), dayfirst=dayfirst
    )
    for problem, rows in problems:
        pos = first_true(rows)
        if pos is None:
            continue
        if row is not None:
            where = row(pos)
        else:
            label = raw.index[pos]
            where = pos if label == pos else f"{pos} (index {label!r})"
        raise CXDataError(
            problem,
            dataset=dataset,
            column=column,
            row=where,
            value=raw.iloc[pos] if not isinstance(raw.iloc[pos], float) else str(raw.iloc[pos]),
            expected=(
                f"dates written {format_example(date_format)}, as date_format says"
                if date_format is not None
                else "every date of the column written one way (the course's 2024-03-05 09:00:00, or "
                "another: say which with date_format= if it is not found)"
            ),
        )
    parsed.index = raw.index
    return parsed
