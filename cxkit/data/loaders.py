"""Load the course data sets typed and validated, and check a learner's own data the same way.

>>> from cxkit.data import load
>>> surveys = load("surveys")
>>> surveys["nps"].dtype
Int64Dtype()

Every table is checked against its schema (:mod:`cxkit.data.schema`) and converted to these
types:

==========  ====================================================================================
kind        dtype of the loaded column
==========  ====================================================================================
id, text    ``str``: pandas' default string dtype (``pd.StringDtype(na_value=np.nan)``), the
            same dtype ``pd.read_csv`` gives a learner, so merges and ``.str`` filters just work;
            a blank is ``NaN``
category    ``pd.CategoricalDtype(allowed, ordered=...)`` with the schema's allowed values
int         ``int64``, or ``Int64`` (blanks are ``<NA>``) when the column may be blank
float       ``float64`` (blanks are ``NaN``)
bool        ``boolean`` (blanks are ``<NA>``); ``True``/``False``, ``true``/``false``, ``1``/``0``
date        ``datetime64[us]``, written ``YYYY-MM-DD`` (blanks are ``NaT``)
datetime    ``datetime64[us]``, written ``YYYY-MM-DD HH:MM:SS`` (a bare ``YYYY-MM-DD`` means
            midnight, as ``DataFrame.to_csv`` writes it); blanks are ``NaT``
==========  ====================================================================================

Time zones
----------
The course data are in local time without a zone, but a learner's data may carry one. cxkit
**keeps the zone**: a ``datetime64[ns, Europe/Paris]`` column comes back as
``datetime64[us, Europe/Paris]``, the same instants. Text with an offset
(``2024-03-05 09:00:00+01:00``) and Python timestamps of several zones in one column have no
single zone to keep, so they are converted to UTC (``datetime64[us, UTC]``). A column mixing
timestamps with a zone and without one is an error, as is a rule comparing such columns (a zoned
``sent_at`` with a zone-less ``response_date``): which instant a zone-less time means is unknown.
Date ranges are checked on the local (wall-clock) time of each value.

A *blank* is an empty field, a field of spaces only, or a missing value (``NaN``, ``None``,
``<NA>``). Nothing else counts as missing: ``"NA"`` or ``"nan"`` in a number column is an error.
Columns that are already typed (a learner's DataFrame) are accepted as they are when they hold
valid values; ``datetime64`` columns are converted to microseconds unless that would lose
nanoseconds (see *Time zones* for zone-aware ones). Columns that
are not in the schema are kept, unchanged, after the schema's columns (from a CSV file they are
text).

How errors name rows
--------------------
Every problem is a :class:`~cxkit.errors.CXDataError` naming the file (or table), the column, the
*first* offending row and its value, and what was expected. ``row N`` is the 0-based position of
the data row, the number ``df.iloc[N]`` takes. For a CSV file the message adds the line of the
file as a text editor shows it, counting the header as line 1 (so usually ``line N + 2``; a quoted
value spanning lines moves later rows down): ``row 17 (line 19 of surveys.csv)``. For a DataFrame
whose index is not ``0, 1, 2, ...`` it adds the index label: ``row 3 (index label 'x')``.

The checks run in this order, and the first one that fails raises: missing columns; blanks in a
column that must have a value; values that cannot be read (``"nine"`` in a number column, ``7.5``
in a whole-number column, ``"31/02/2025"`` as a date, ``"yes"`` as a boolean); numbers out of
range, and dates outside their plausible range (the schema's ``date_range``, 2000-01-01 to
2100-01-01; a date in 1970 gets a hint about Excel day numbers); values not among a category's
allowed values (with a suggestion); identifiers not matching their pattern, and duplicated keys;
rules across columns (the schema's ``rules``: a response before its invitation, scores on an
invitation that was not answered, a ticket answered or resolved before it was opened, a delivery
before its order), naming both columns and both values; an empty table. Identifiers and
categories with spaces around them are errors ("has spaces around it"); numbers, dates and
booleans may have spaces around them.
Links between tables (foreign keys) are checked by :func:`check_references`, which
:func:`load_all` calls.
"""

from __future__ import annotations

import csv
import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from cxkit import _paths
from cxkit._checks import Rows, shown
from cxkit.data import schema
from cxkit.data.parse import PARSERS, TEXT_DTYPE, first_true, parse_number
from cxkit.data.schema import Column, Table
from cxkit.errors import CXConfigError, CXDataError, CXFileNotFoundError

__all__ = ["check_references", "data_dir", "load", "load_all", "read_csv", "validate"]


# (resolved path) -> ((mtime_ns, size), validated frame)
_CACHE: dict[Path, tuple[tuple[int, int], pd.DataFrame]] = {}


# ---------------------------------------------------------------------------------------------
# Where the data live
# ---------------------------------------------------------------------------------------------
def data_dir() -> Path:
    """Return the folder holding the course data sets (see :func:`cxkit._paths.data_dir`).

    Examples
    --------
    >>> from cxkit.data import data_dir
    >>> (data_dir() / "surveys.csv").name
    'surveys.csv'
    """
    return _paths.data_dir()


# ---------------------------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------------------------
def load(name: str, *, data_dir: Path | str | None = None) -> pd.DataFrame:
    """Load one course data set, typed and validated.

    The parsed table is cached (keyed by the file's path, modification time and size), so
    running a notebook cell again is instant; each call returns its own copy, so changing the
    result never changes what the next ``load`` returns.

    Parameters
    ----------
    name : str
        The data set: ``"customers"``, ``"orders"``, ``"events"``, ``"surveys"``, ``"tickets"``,
        ``"touchpoints"`` or ``"conversations"``.
    data_dir : path, optional
        The folder holding the CSV files; by default :func:`data_dir` finds it.

    Returns
    -------
    pandas.DataFrame
        The table, with the dtypes described in this module's documentation.

    Raises
    ------
    CXConfigError
        If there is no data set called `name` (the message lists them) or its file is missing.
    CXDataError
        If the file does not match the schema (the message names the column, row and value).

    Examples
    --------
    >>> from cxkit.data import load
    >>> surveys = load("surveys")
    >>> print(round(surveys["nps"].mean(), 2))
    7.79
    """
    tbl = schema.table(name)
    folder = Path(data_dir) if data_dir is not None else _find_data_dir()
    path = (folder / tbl.filename).resolve()
    try:
        st = path.stat()
    except OSError:
        raise CXConfigError(
            f"There is no file {tbl.filename} in the data folder {folder}. Regenerate the course data with "
            f"`make data` (or `cxkit data generate`), or point {_paths.DATA_ENV} at the folder that has it."
        ) from None
    stamp = (st.st_mtime_ns, st.st_size)
    hit = _CACHE.get(path)
    if hit is not None and hit[0] == stamp:
        return hit[1].copy()
    df = read_csv(path, name)
    _CACHE[path] = (stamp, df)
    return df.copy()


_find_data_dir = data_dir  # `load` has a parameter called data_dir


def load_all(*, data_dir: Path | str | None = None) -> dict[str, pd.DataFrame]:
    """Load every course data set and check the links between them.

    Parameters
    ----------
    data_dir : path, optional
        The folder holding the CSV files; by default :func:`data_dir` finds it.

    Returns
    -------
    dict of str to pandas.DataFrame
        The tables by name, in the order of :data:`cxkit.data.schema.TABLES`.

    Raises
    ------
    CXConfigError, CXDataError
        As :func:`load`; and a CXDataError if a value refers to a row of another table that
        does not exist (see :func:`check_references`).

    Examples
    --------
    >>> from cxkit.data import load_all
    >>> data = load_all()
    >>> sorted(data)
    ['conversations', 'customers', 'events', 'orders', 'surveys', 'tickets', 'touchpoints']
    """
    folder = Path(data_dir) if data_dir is not None else _find_data_dir()
    tables = {name: load(name, data_dir=folder) for name in schema.TABLES}
    check_references(tables)
    return tables


def read_csv(path: Path | str, name: str, *, sep: str = ",", decimal: str = ".") -> pd.DataFrame:
    r"""Read any CSV file (for example a learner's own export) as course table `name`, and validate it.

    Every field is first read as text, so that cxkit (not pandas) decides what is blank and can
    report the exact line of a bad value; then the columns are converted as :func:`validate` does.

    Parameters
    ----------
    path : path
        The CSV file (UTF-8, with a header line).
    name : str
        The course table the file should match, e.g. ``"surveys"``.
    sep : str, default ","
        The character between values. Spreadsheets set to a language that writes ``12,50``
        export with ``sep=";"``; ``sep="\t"`` reads a tab-separated file.
    decimal : {".", ","}, default "."
        The decimal mark of the numbers. With ``decimal=","`` a number written ``12,50`` is read
        as 12.5, and a number containing a ``.`` is an error rather than a guess (``1.200`` could
        be 1.2 or twelve hundred).

    Returns
    -------
    pandas.DataFrame
        The typed table.

    Raises
    ------
    CXConfigError
        If there is no table called `name`, or `sep`/`decimal` are not single characters
        (`decimal` must be ``"."`` or ``","`` and differ from `sep`).
    CXFileNotFoundError
        If there is no such file (a :class:`FileNotFoundError` too).
    CXDataError
        If the file cannot be read as CSV or does not match the schema; the message names the
        file, the column, the row and its line in the file, the value and what was expected. A
        file that seems to use another separator or a decimal comma says which `sep` or
        `decimal` reads it.

    Examples
    --------
    A learner's export whose row 17 holds an NPS of 11:

    >>> from cxkit.data import read_csv
    >>> mine = read_csv("my_export.csv", "surveys")  # doctest: +NORMALIZE_WHITESPACE
    Traceback (most recent call last):
    ...
    cxkit.errors.CXDataError: my_export.csv, column 'nps', row 17 (line 19 of my_export.csv): a number out of
    range: found '11'; expected a whole number from 0 to 10.

    Orders saved by a spreadsheet set to a European language: ``;`` between values and a decimal
    comma (``86,84``):

    >>> read_csv("semicolons.csv", "orders")  # doctest: +ELLIPSIS +NORMALIZE_WHITESPACE
    Traceback (most recent call last):
    ...
    cxkit.errors.CXDataError: semicolons.csv: the values seem to be separated by ';': the header is read as
    one column, 'order_id;customer_id;...'. Read the file with read_csv('semicolons.csv', 'orders', sep=';'),
    adding decimal=',' if its numbers are written like 12,50.
    >>> read_csv("semicolons.csv", "orders", sep=";")  # doctest: +NORMALIZE_WHITESPACE
    Traceback (most recent call last):
    ...
    cxkit.errors.CXDataError: semicolons.csv, column 'value', row 0 (line 2 of semicolons.csv): cannot be read
    as a number: it has a comma. If the comma is the decimal mark (12,50 for 12.5), read the file with
    read_csv('semicolons.csv', 'orders', sep=';', decimal=','); if it separates thousands, remove it: found
    '86,84'; expected a number of at least 0.01.
    >>> orders = read_csv("semicolons.csv", "orders", sep=";", decimal=",")
    >>> orders["value"].head(3).tolist()
    [86.84, 72.01, 35.46]
    """
    tbl = schema.table(name)
    for what, char in (("sep", sep), ("decimal", decimal)):
        if not isinstance(char, str) or len(char) != 1 or char in '"\r\n':
            raise CXConfigError(
                f"{what} must be one character, e.g. {what}={',' if what == 'sep' else '.'!r}; got {char!r}."
            )
    if decimal not in (".", ","):
        raise CXConfigError(f"decimal must be '.' or ','; got {decimal!r}.")
    if decimal == sep:
        raise CXConfigError(
            f"sep and decimal cannot both be {sep!r}: a file with decimal=',' separates its "
            "values with ';' (sep=';')."
        )
    path = Path(path)
    if not path.is_file():
        what = "is a folder, not a file" if path.is_dir() else "does not exist"
        raise CXFileNotFoundError(
            f"{path} {what} (the current folder is {Path.cwd()}). Give the path of the CSV file to read."
        )
    source = path.name

    def reread(**options: str) -> str:
        given = _options(**{"sep": sep, "decimal": decimal, **options})
        return f"read_csv({source!r}, {name!r}{given})"

    _check_header(path, source, sep, tbl, reread)
    raw = _read_text_csv(path, source, sep)
    extras = [c for c in raw.columns if c not in tbl.column_names]
    for c in extras:  # from a file, extra columns are text; blanks are missing, as in the schema columns
        if isinstance(raw[c], pd.Series):
            raw[c] = raw[c].mask(raw[c].str.strip() == "")

    def line_of(pos: int) -> int | None:
        return _line_of(path, pos, sep)

    return _validate(raw, tbl, source, line_of, decimal=decimal, reread=reread)


_READ_DEFAULTS = {"sep": ",", "decimal": "."}


def _check_header(path: Path, source: str, sep: str, tbl: Table, reread: Callable[..., str]) -> None:
    """Look at the header line first: another separator, or a name twice, is said before parsing.

    Parsing first would report a symptom instead (a comma inside a comment of a ';' file reads as a
    line with too many values; pandas renames a second ``nps`` to ``nps.1``).
    """
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            header = next(csv.reader(fh, delimiter=sep), [])
    except (UnicodeDecodeError, csv.Error):
        return  # the parser reports these with their details
    missing = [c for c in tbl.column_names if c not in header]
    if len(header) == 1 and missing:
        raise CXDataError(_missing_message(missing, header, tbl, reread), dataset=source)
    dup = sorted({c for c in header if header.count(c) > 1})
    if dup:
        raise CXDataError(
            f"the column {dup[0]!r} appears more than once in the header; keep only one",
            dataset=source,
            column=dup[0],
        )


def _options(**options: str) -> str:
    """``, sep=';', decimal=','``: the reading options that differ from the defaults."""
    return "".join(f", {k}={v!r}" for k, v in options.items() if v != _READ_DEFAULTS[k])


def _pandas_reread(**options: str) -> str:
    """How to read the file again with pandas, for data given to :func:`validate`."""
    return f"pd.read_csv(path{_options(**options)})"


def _read_text_csv(path: Path, source: str, sep: str = ",") -> pd.DataFrame:
    """Read every field of a CSV file as text ('' for an empty field), never guessing types."""
    try:
        return _read_arrow(path, sep)
    except Exception:  # anything unusual: pandas' C parser gives the precise error, or copes
        pass
    try:
        return pd.read_csv(
            path, sep=sep, dtype=str, keep_default_na=False, na_filter=False, encoding="utf-8-sig"
        )
    except pd.errors.EmptyDataError:
        raise CXDataError(
            "the file is empty: it has no header line with the column names", dataset=source
        ) from None
    except UnicodeDecodeError as err:
        raise CXDataError(
            f"the file is not UTF-8 text (byte {err.start} cannot be read); save it again as 'CSV UTF-8'",
            dataset=source,
        ) from None
    except pd.errors.ParserError as err:
        found = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(err))
        if found:
            want, line, saw = found.groups()
            raise CXDataError(
                f"line {line} has {saw} values but the header has {want} columns (a "
                f"{_SEP_NAMES.get(sep, repr(sep))} inside a value must be in double quotes)",
                dataset=source,
            ) from None
        raise CXDataError(f"the file cannot be read as CSV ({err})", dataset=source) from None


_SEP_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "'|'"}


def _read_arrow(path: Path, sep: str = ",") -> pd.DataFrame:
    """Fast path: pyarrow's CSV reader, all columns as text. Raises on anything unusual."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    with open(path, encoding="utf-8-sig", newline="") as fh:
        header = next(csv.reader(fh, delimiter=sep))
    if len(set(header)) != len(header):
        raise ValueError("duplicate column names")  # the C parser renames them
    table = pacsv.read_csv(
        path,
        parse_options=pacsv.ParseOptions(delimiter=sep, newlines_in_values=True),
        convert_options=pacsv.ConvertOptions(
            column_types={c: pa.string() for c in header},
            null_values=[],
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
        ),
    )
    if table.column_names != header:
        raise ValueError("header mismatch")
    df = table.to_pandas(types_mapper={pa.string(): TEXT_DTYPE, pa.large_string(): TEXT_DTYPE}.get)
    return df


def _line_of(path: Path, pos: int, sep: str = ",") -> int | None:
    """Return the 1-based line of the file where data row `pos` (0-based) starts. Runs only on errors."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh, delimiter=sep)
            next(reader)  # the header
            end = reader.line_num
            i = 0
            for record in reader:
                start, end = end + 1, reader.line_num
                if not record:  # blank lines are skipped by the parser too
                    continue
                if i == pos:
                    return start
                i += 1
    except (OSError, UnicodeDecodeError, csv.Error, StopIteration):
        return None
    return None


# ---------------------------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------------------------
def validate(df: pd.DataFrame, name: str, *, source: str | None = None) -> pd.DataFrame:
    """Check a DataFrame against course table `name` and return a new, typed copy.

    The input may hold raw text (as read from a CSV file) or already-typed columns. It is never
    changed. See the module documentation for the dtypes, the order of the checks and how rows
    are named in error messages.

    Parameters
    ----------
    df : pandas.DataFrame
        The data to check.
    name : str
        The course table it should match, e.g. ``"surveys"``.
    source : str, optional
        What to call the data in error messages (a file name); by default `name`.

    Returns
    -------
    pandas.DataFrame
        A new frame with the schema's columns, in schema order and typed, followed by any extra
        columns unchanged; the index is kept.

    Raises
    ------
    CXConfigError
        If there is no table called `name`.
    CXDataError
        If `df` is not a DataFrame (a Series is one column, not a table: ``series.to_frame()``
        makes it one); or at the first problem found, naming the table, column, row, value and
        what was expected.

    Notes
    -----
    Time-zone-aware timestamps **keep their zone** (``datetime64[us, Europe/Paris]``); text with
    offsets and timestamps of several zones in one column are converted to UTC; zone-less and
    zoned timestamps mixed in one column, or compared by a rule, are an error. Dates must fall in
    the schema's ``date_range`` (2000-01-01 to before 2100-01-01), checked on local time; a date in
    1970 gets a hint about Excel day numbers. The schema's ``rules`` across columns are checked last
    (see :class:`cxkit.data.schema.Rule`).

    Examples
    --------
    >>> import pandas as pd
    >>> from cxkit.data import load, validate
    >>> raw = pd.DataFrame({"touchpoint": ["website"], "stage": ["consideration"], "channel": ["web"],
    ...                     "owner": ["E-commerce"], "revenue": ["False"], "phase": ["before"]})
    >>> validate(raw, "touchpoints").dtypes["revenue"]
    BooleanDtype
    >>> raw.loc[0, "stage"] = "Consideration"
    >>> validate(raw, "touchpoints")  # doctest: +NORMALIZE_WHITESPACE
    Traceback (most recent call last):
    ...
    cxkit.errors.CXDataError: touchpoints, column 'stage', row 0: not an allowed value (did you mean
    'consideration'?): found 'Consideration'; expected one of 'awareness', 'consideration', 'decision',
    'purchase', 'post_purchase'.

    A zone is kept; a rule across columns names both columns, the row and both values:

    >>> tickets = load("tickets").head(3)
    >>> for column in ["opened_at", "first_response_at", "resolved_at"]:
    ...     tickets[column] = tickets[column].dt.tz_localize("Europe/Paris")
    >>> validate(tickets, "tickets")["opened_at"].dtype
    datetime64[us, Europe/Paris]
    >>> tickets = load("tickets").head(3)
    >>> tickets.loc[2, "resolved_at"] = pd.Timestamp("2024-01-01 09:00")
    >>> validate(tickets, "tickets")  # doctest: +NORMALIZE_WHITESPACE
    Traceback (most recent call last):
    ...
    cxkit.errors.CXDataError: tickets, column 'resolved_at', row 2: before column 'opened_at' of the same row,
    which is '2024-01-13 23:18:31' (a ticket cannot be resolved before it was opened): found '2024-01-01
    09:00:00'; expected a resolved_at on or after the opened_at, or a blank.
    """
    if isinstance(df, pd.Series):
        column = f" (the column {df.name!r})" if df.name is not None else ""
        raise CXDataError(
            f"validate() needs a table (a pandas DataFrame) with the columns of {name!r}, but it was given "
            f"a Series, one column{column}. Pass the whole table, e.g. validate(df, {name!r}) rather than "
            f"validate(df[...], {name!r}); a single column becomes a table with series.to_frame()",
            dataset=source or name,
        )
    if not isinstance(df, pd.DataFrame):
        raise CXDataError(
            f"validate() needs a table (a pandas DataFrame), but it was given a {type(df).__name__}. "
            "Make one with pd.DataFrame(...) or read a file with cxkit.data.read_csv(path, name)",
            dataset=source or name,
        )
    return _validate(df, schema.table(name), source, None, reread=_pandas_reread)


def _is_text_like(s: pd.Series) -> bool:
    return not (
        pd.api.types.is_numeric_dtype(s.dtype)
        or pd.api.types.is_bool_dtype(s.dtype)
        or pd.api.types.is_datetime64_any_dtype(s.dtype)
    ) or isinstance(s.dtype, pd.CategoricalDtype)


def _validate(
    df: pd.DataFrame,
    tbl: Table,
    source: str | None,
    line_of: Callable[[int], int | None] | None,
    *,
    decimal: str = ".",
    reread: Callable[..., str] = _pandas_reread,
) -> pd.DataFrame:
    ds = source or tbl.name
    present = [str(c) for c in df.columns]

    # 1. missing columns (and duplicated column names, which make a column ambiguous)
    dup = sorted({c for c in present if present.count(c) > 1 and c in tbl.column_names})
    if dup:
        raise CXDataError(
            f"the column {dup[0]!r} appears more than once in the header; keep only one",
            dataset=ds,
            column=dup[0],
        )
    missing = [c for c in tbl.column_names if c not in present]
    if missing:
        raise CXDataError(_missing_message(missing, present, tbl, reread), dataset=ds)

    check = _Check(
        ds, Rows(df.index, ds, line_of), {c.name: df[c.name].reset_index(drop=True) for c in tbl.columns}
    )
    check.text_views(tbl)
    # 2. blanks in columns that must have a value
    for col in tbl.columns:
        if not col.nullable:
            check.no_blank(col)
    # 3. values that cannot be read; 4. numbers and dates out of range; 5. categories;
    # 6. identifiers: pattern, then duplicated keys (check.typed holds the converted columns)
    for col in tbl.columns:
        check.parse(col, decimal=decimal, reread=reread)
    for col in tbl.columns:
        check.in_range(col)
    for col in tbl.columns:
        if col.kind == "category":
            check.category(col)
    for col in tbl.columns:
        if col.kind in ("id", "text"):
            check.identifier(col)
    typed = check.typed

    # 7. rules across columns
    for rule in tbl.rules:
        _check_rule(rule, tbl, typed, check.blank, ds, check.rows)

    # 8. empty table
    if len(df) == 0:
        raise CXDataError("the table is empty", dataset=ds, expected=f"at least one row of {tbl.name}")

    result = pd.DataFrame({c.name: typed[c.name] for c in tbl.columns})
    result.index = df.index
    for i, c in enumerate(df.columns):  # extra columns, unchanged, after the schema's
        if str(c) not in tbl.column_names:
            result.insert(len(result.columns), c, df.iloc[:, i].array, allow_duplicates=True)
    return result


@dataclass
class _Check:
    """The checks of one table's columns, each raising CXDataError at the first bad row.

    ``raw`` holds each schema column as read, ``text`` its text view (None for a typed numeric,
    boolean or datetime column), ``blank`` where it is blank, and ``typed`` the converted columns.
    """

    ds: str
    rows: Rows
    raw: dict[str, pd.Series]
    text: dict[str, pd.Series | None] = field(default_factory=dict)
    blank: dict[str, np.ndarray] = field(default_factory=dict)
    typed: dict[str, pd.Series] = field(default_factory=dict)

    def fail(
        self, problem: str, col: Column, pos: int, value: object, expected: str | None = None
    ) -> CXDataError:
        return CXDataError(
            problem,
            dataset=self.ds,
            column=col.name,
            row=self.rows(pos),
            value=value,
            expected=col.expected() if expected is None else expected,
        )

    def text_views(self, tbl: Table) -> None:
        for col in tbl.columns:
            s = self.raw[col.name]
            if _is_text_like(s):
                t = s.astype(TEXT_DTYPE)
                self.text[col.name] = t
                self.blank[col.name] = (t.isna() | (t.str.strip() == "")).to_numpy(dtype=bool)
            else:
                self.text[col.name] = None
                self.blank[col.name] = s.isna().to_numpy(dtype=bool)

    def no_blank(self, col: Column) -> None:
        pos = first_true(self.blank[col.name])
        if pos is not None:
            v = self.raw[col.name].iloc[pos]
            raise self.fail(
                "the value is blank (missing), but every row needs one",
                col,
                pos,
                v if isinstance(v, str) else None,
            )

    def parse(self, col: Column, *, decimal: str, reread: Callable[..., str]) -> None:
        raw, text, blank = self.raw[col.name], self.text[col.name], self.blank[col.name]
        if col.kind in ("int", "float"):
            values, problems = parse_number(
                raw, text, blank, whole=col.kind == "int", decimal=decimal, reread=reread
            )
        elif col.kind in PARSERS:
            values, problems = PARSERS[col.kind](raw, text, blank)
        else:
            return
        for problem, mask in problems:
            pos = first_true(mask)
            if pos is not None:
                raise self.fail(problem, col, pos, shown(raw.iloc[pos]))
        self.typed[col.name] = values

    def in_range(self, col: Column) -> None:
        if col.kind in ("date", "datetime"):
            _check_date_range(self.typed[col.name], self.raw[col.name], col, self.ds, self.rows)
        if col.kind not in ("int", "float"):
            return
        v = self.typed[col.name].to_numpy(dtype="float64", na_value=np.nan)
        with np.errstate(invalid="ignore"):
            out = np.zeros(len(v), dtype=bool)
            if col.min is not None:
                out |= v < col.min
            if col.max is not None:
                out |= v > col.max
            if col.kind == "int":
                out |= np.abs(v) >= 2.0**63
        pos = first_true(out)
        if pos is not None:
            raise self.fail("a number out of range", col, pos, shown(self.raw[col.name].iloc[pos]))
        if col.kind == "int":
            self.typed[col.name] = self.typed[col.name].astype("Int64" if col.nullable else "int64")

    def _words(self, col: Column) -> pd.Series:
        t = self.text[col.name]
        return self.raw[col.name].astype(TEXT_DTYPE) if t is None else t  # numbers where words are expected

    def category(self, col: Column) -> None:
        t = self._words(col)
        ok = t.isin(col.allowed).to_numpy(dtype=bool) | self.blank[col.name]
        pos = first_true(~ok)
        if pos is not None:
            value = t.iloc[pos]
            raise self.fail(_category_problem(value, col.allowed), col, pos, value)
        self.typed[col.name] = pd.Series(
            pd.Categorical(t.mask(self.blank[col.name]), categories=list(col.allowed), ordered=col.ordered)
        )

    def identifier(self, col: Column) -> None:
        blank = self.blank[col.name]
        t = self._words(col).mask(blank)
        if col.kind == "id":
            if col.pattern:
                ok = t.str.fullmatch(col.pattern).to_numpy(dtype=bool, na_value=False) | blank
                pos = first_true(~ok)
                if pos is not None:
                    value = t.iloc[pos]
                    stripped_ok = re.fullmatch(col.pattern, value.strip()) is not None
                    problem = (
                        "the identifier has spaces around it"
                        if stripped_ok and value != value.strip()
                        else "not a valid identifier"
                    )
                    raise self.fail(problem, col, pos, value)
            else:
                stripped = t.str.strip()
                pos = first_true((stripped != t).to_numpy(dtype=bool, na_value=False))
                if pos is not None:
                    raise self.fail("the identifier has spaces around it", col, pos, t.iloc[pos])
            if col.unique:
                dups = t.duplicated(keep="first").to_numpy(dtype=bool) & ~blank
                pos = first_true(dups)
                if pos is not None:
                    value = t.iloc[pos]
                    earlier = first_true((t == value).to_numpy(dtype=bool, na_value=False))
                    first = self.rows(pos if earlier is None else earlier)
                    raise self.fail(
                        f"duplicated {col.name}: row {first} has it too",
                        col,
                        pos,
                        value,
                        expected=f"a different {col.name} in every row",
                    )
        self.typed[col.name] = t


# --- dates in range, rules across columns -----------------------------------------------------
_EXCEL_LAST_DAY = 2958465  # 9999-12-31, Excel's last date


def _wall_time(values: pd.Series) -> pd.Series:
    """Return the local (wall-clock) time of each value, without its zone."""
    return values.dt.tz_localize(None) if isinstance(values.dtype, pd.DatetimeTZDtype) else values


def _check_date_range(values: pd.Series, raw: pd.Series, col: schema.Column, ds: str, rows: Rows) -> None:
    """Raise at the first date outside the column's plausible range, with a hint for 1970 dates."""
    earliest, before = col.date_range
    wall = _wall_time(values)
    early = (wall < pd.Timestamp(earliest)).to_numpy(dtype=bool, na_value=False)
    late = (wall >= pd.Timestamp(before)).to_numpy(dtype=bool, na_value=False)
    pos = first_true(early | late)
    if pos is None:
        return
    stamp = wall.iloc[pos]
    if early[pos]:
        problem = f"the date is before {earliest}, too early to be right"
    else:
        problem = f"the date is on or after {before}, too late to be right"
    expected = col.expected()
    if stamp.year == 1970:
        expected += ". " + _excel_hint(stamp)
    raise CXDataError(
        problem, dataset=ds, column=col.name, row=rows(pos), value=shown(raw.iloc[pos]), expected=expected
    )


def _excel_hint(stamp: pd.Timestamp) -> str:
    """Why a date falls in 1970, and how to convert the numbers it most likely came from."""
    ns = stamp.value  # nanoseconds since 1970-01-01, whatever the resolution
    for unit, per in (
        ("nanoseconds", 1),
        ("microseconds", 10**3),
        ("milliseconds", 10**6),
        ("seconds", 10**9),
    ):
        number = ns / per
        if 0 < number <= _EXCEL_LAST_DAY:
            day = pd.Timestamp("1899-12-30") + pd.Timedelta(days=number)
            return (
                f"It looks like an Excel day number read as {unit} since 1970-01-01: Excel counts days "
                f"from 1899-12-30, so {number:g} is {day:%Y-%m-%d}. Convert the original numbers with "
                'pd.to_datetime(numbers, unit="D", origin="1899-12-30")'
            )
    return (
        "A date in 1970 usually means numbers were read as dates (pandas counts a bare number as "
        "nanoseconds since 1970-01-01). If the numbers are Excel day numbers, convert them with "
        'pd.to_datetime(numbers, unit="D", origin="1899-12-30")'
    )


def _when(value: pd.Timestamp, kind: str) -> str:
    return value.strftime("%Y-%m-%d") if kind == "date" else str(value)


def _check_rule(
    rule: schema.Rule,
    tbl: Table,
    typed: dict[str, pd.Series],
    blank: dict[str, np.ndarray],
    ds: str,
    rows: Rows,
) -> None:
    """Raise at the first row breaking `rule`, naming both columns and both values."""
    col, other = tbl.column(rule.column), tbl.column(rule.other)
    a, b = typed[rule.column], typed[rule.other]
    if rule.kind == "blank_unless":
        flag = b.to_numpy(dtype=object, na_value=None)
        pos = first_true((flag != True) & ~blank[rule.column])  # noqa: E712  (False and blank alike)
        if pos is not None:
            state = "False" if flag[pos] is False else "blank"
            raise CXDataError(
                f"has a value although column {rule.other!r} of the same row is {state} ({rule.reason})",
                dataset=ds,
                column=rule.column,
                row=rows(pos),
                value=shown(a.iloc[pos]),
                expected=f"a blank {rule.column}, or {rule.other} True",
            )
        return
    # not_before
    by_day = "date" in (col.kind, other.kind)
    both = (a.notna() & b.notna()).to_numpy(dtype=bool)
    zoned = [isinstance(s.dtype, pd.DatetimeTZDtype) for s in (a, b)]
    if by_day:
        a, b = _wall_time(a).dt.normalize(), _wall_time(b).dt.normalize()
    elif zoned[0] != zoned[1]:
        pos = first_true(both)
        if pos is None:
            return
        with_zone, without = (rule.column, rule.other) if zoned[0] else (rule.other, rule.column)
        raise CXDataError(
            f"cannot be compared with column {rule.other!r} ({rule.reason}): {with_zone!r} has a time zone "
            f"and {without!r} has none, so which instant {without!r} means is unknown. Give both columns a "
            f"zone (df[{without!r}].dt.tz_localize(...)) or neither (df[{with_zone!r}].dt.tz_localize(None))",
            dataset=ds,
            column=rule.column,
            row=rows(pos),
            value=_when(typed[rule.column].iloc[pos], col.kind),
            expected=f"{rule.column} and {rule.other} both with a time zone or both without",
        )
    pos = first_true((a < b).to_numpy(dtype=bool, na_value=False) & both)
    if pos is not None:
        later = _when(typed[rule.other].iloc[pos], other.kind)
        raise CXDataError(
            f"before column {rule.other!r} of the same row, which is {later!r} ({rule.reason})",
            dataset=ds,
            column=rule.column,
            row=rows(pos),
            value=_when(typed[rule.column].iloc[pos], col.kind),
            expected=f"a {rule.column} on or after the {rule.other}"
            + (" (the same day or later)" if by_day else "")
            + ", or a blank",
        )


def _missing_message(
    missing: list[str], present: list[str], tbl: Table, reread: Callable[..., str] = lambda **_: ""
) -> str:
    if len(present) == 1:  # one column whose name holds the others: another separator
        for sep in (";", "\t", "|", ","):
            if sep in present[0]:
                text = (
                    f"the values seem to be separated by {sep!r}: the header is read as one column, "
                    f"{present[0]!r}. Read the file with {reread(sep=sep)}"
                )
                if sep == ";":
                    text += ", adding decimal=',' if its numbers are written like 12,50"
                return text
    hints = []
    unused = [p for p in present if p not in tbl.column_names]
    for m in missing:
        close = _closest(m, unused, cutoff=0.8)
        if close is not None:
            hints.append(f'"{close}" for "{m}"')
            unused.remove(close)  # suggest each present column once
    if len(missing) == 1:
        text = f'the column "{missing[0]}" is not in the table'
    else:
        text = "the columns " + ", ".join(f'"{m}"' for m in missing) + " are not in the table"
    if hints:
        text += " (did you mean " + ", ".join(hints) + "?)"
    shown = ", ".join(present) if present else "(none)"
    text += f". The table contains these columns: {shown}"
    return text


def _closest(value: str, choices: list[str] | tuple[str, ...], cutoff: float = 0.6) -> str | None:
    """Return the choice `value` most likely meant: same apart from case/spaces, or close (difflib)."""
    key = value.strip().lower()
    for c in choices:
        if c.strip().lower() == key:
            return c
    best, best_score = None, cutoff
    for c in choices:  # difflib's ratio is not symmetric: require both directions to be close
        low = c.strip().lower()
        score = min(
            difflib.SequenceMatcher(None, key, low).ratio(), difflib.SequenceMatcher(None, low, key).ratio()
        )
        if score >= best_score:
            best, best_score = c, score + 1e-9  # ties: the first choice wins
    return best


def _category_problem(value: str, allowed: tuple[str, ...]) -> str:
    if value.strip() in allowed:
        return "the value has spaces around it"
    close = _closest(value, allowed)
    if close is not None:
        return f"not an allowed value (did you mean {close!r}?)"
    return "not an allowed value"


# ---------------------------------------------------------------------------------------------
# Links between tables
# ---------------------------------------------------------------------------------------------
def check_references(tables: dict[str, pd.DataFrame]) -> None:
    """Check that every value referring to another table's key is found there.

    For each column with ``references`` in the schema (e.g. ``surveys.customer_id`` ->
    ``customers.customer_id``), every non-blank value must appear in the referenced column.
    Only pairs of tables both present in `tables` are checked.

    Parameters
    ----------
    tables : dict of str to pandas.DataFrame
        Tables by course name, e.g. the result of :func:`load_all`.

    Raises
    ------
    CXConfigError
        If `tables` is not a dict of DataFrames keyed by course table names.
    CXDataError
        At the first value not found, naming the table, column, row (0-based position), value
        and the table it should be in.

    Examples
    --------
    >>> from cxkit.data import load_all
    >>> from cxkit.data.loaders import check_references
    >>> data = load_all()
    >>> check_references(data)  # the course tables are consistent: nothing to report
    >>> data["customers"] = data["customers"].iloc[1:]  # the first customer goes missing
    >>> check_references(data)  # doctest: +NORMALIZE_WHITESPACE
    Traceback (most recent call last):
    ...
    cxkit.errors.CXDataError: orders, column 'customer_id', row 8: refers to a customer_id that is not in
    customers: found 'C000001'; expected a customer_id that appears in the customers table.
    """
    if not isinstance(tables, dict):
        raise CXConfigError(
            f"check_references takes a dict of tables by name (load_all() gives one); "
            f"got a {type(tables).__name__}."
        )
    for name, df in tables.items():
        tbl = schema.TABLES.get(name)
        if tbl is None:
            raise CXConfigError(
                f"There is no course table called {name!r}. The tables are: {', '.join(schema.TABLES)}."
            )
        if not isinstance(df, pd.DataFrame):
            raise CXConfigError(f"tables[{name!r}] must be a DataFrame; got a {type(df).__name__}.")
        for col in tbl.columns:
            if not col.references:
                continue
            ref_table, ref_col = col.references.split(".")
            if ref_table not in tables:
                continue
            target = tables[ref_table]
            for t, c, d in ((tbl, col.name, df), (schema.TABLES[ref_table], ref_col, target)):
                if c not in d.columns:
                    raise CXDataError(_missing_message([c], [str(x) for x in d.columns], t), dataset=t.name)
            s = df[col.name]
            keys = pd.Index(target[ref_col].dropna().unique())
            found = (keys.get_indexer(s) >= 0) | s.isna().to_numpy(dtype=bool)  # hash lookup, fast for str
            pos = first_true(~found)
            if pos is not None:
                raise CXDataError(
                    f"refers to a {ref_col} that is not in {ref_table}",
                    dataset=name,
                    column=col.name,
                    row=Rows(df.index, name, None)(pos),
                    value=shown(s.iloc[pos]),
                    expected=f"a {ref_col} that appears in the {ref_table} table",
                )
    if "conversations" in tables and "tickets" in tables:
        _check_after_ticket(tables["conversations"], tables["tickets"])


def _check_after_ticket(conv: pd.DataFrame, tickets: pd.DataFrame) -> None:
    """Check that a conversation about a ticket is not earlier than the ticket's ``opened_at``."""
    for name, df, cols in (
        ("conversations", conv, ("ticket_id", "timestamp")),
        ("tickets", tickets, ("ticket_id", "opened_at")),
    ):
        for c in cols:
            if c not in df.columns:
                raise CXDataError(
                    _missing_message([c], [str(x) for x in df.columns], schema.TABLES[name]), dataset=name
                )
        if not pd.api.types.is_datetime64_any_dtype(df[cols[1]]):
            raise CXDataError(
                "not a date-time column",
                dataset=name,
                column=cols[1],
                value=str(df[cols[1]].dtype),
                expected="timestamps (load the table with cxkit.data.load, or convert with "
                "cxkit.data.read_dates)",
            )
    opened = conv["ticket_id"].map(tickets.drop_duplicates("ticket_id").set_index("ticket_id")["opened_at"])
    early = (conv["timestamp"] < opened).to_numpy(dtype=bool, na_value=False)
    pos = first_true(early)
    if pos is not None:
        raise CXDataError(
            f"before its ticket was opened ({shown(opened.iloc[pos])}): "
            "a customer cannot talk about a ticket before opening it",
            dataset="conversations",
            column="timestamp",
            row=Rows(conv.index, "conversations", None)(pos),
            value=shown(conv["timestamp"].iloc[pos]),
            expected="a timestamp on or after the ticket's opened_at",
        )
