r"""Import a learner's own CSV export as a course table: map its columns, validate, report the drops.

A company's survey tool, ticketing system or web analytics exports CSV files whose columns have
their own names (``Response ID``, ``How likely ... (0-10)``), whose dates are written the local
way (``05/03/2024 14:30``) and which hold a few bad rows (a blank line saved by a spreadsheet, a
score of 11, a duplicated id). :func:`import_csv` turns such a file into the frame the rest of the
course uses:

1. it reads every field as text (the reader of :func:`cxkit.data.read_csv`: UTF-8, with or
   without a byte-order mark; ``sep`` and ``decimal`` as there);
2. it renames the export's columns to the course's (``columns={"their name": "our name"}``);
   course columns the export lacks are added blank when the schema allows blanks, or filled
   with a constant from ``defaults=``; any other missing column is an error;
3. it translates the export's words into the course's (``values={"channel": {"Web": "web"}}``)
   and rewrites dates given in ``date_format`` the course's way (``YYYY-MM-DD HH:MM:SS``);
4. it validates with the course's own validator (:func:`cxkit.data.validate`, the same rules,
   ranges, categories, identifiers and rules across columns as the course data) and, instead of
   stopping at the first bad row, **drops it, records why, and validates again** until the rest
   is clean;
5. it returns an :class:`ImportResult`: the typed frame, and a table of every dropped row (its
   line in the file, the column by both names, the value, the reason and what was expected),
   and warns (:class:`~cxkit.errors.CXDataWarning`) with the counts per reason. Nothing is
   dropped silently.

What is supported
-----------------
- every course table (``kind``): ``surveys``, ``events``, ``tickets``, ``orders``,
  ``customers``, ``touchpoints``, ``conversations``;
- UTF-8 files, with or without a byte-order mark (Excel's "CSV UTF-8"); other encodings are an
  error that says how to save the file again;
- any one-character separator (``sep=";"``) and a decimal comma (``decimal=","``), as
  :func:`cxkit.data.read_csv`;
- dates written any way :func:`datetime.datetime.strptime` reads (``date_format="%d/%m/%Y %H:%M"``
  for every date and timestamp column, or a dict per course column); values already written the
  course's way are read too. Time zones are not read from ``date_format`` (write timestamps
  without a zone, or convert the frame yourself and use :func:`cxkit.data.validate`);
- empty lines are skipped and counted (``empty_lines``); a line of empty fields (``,,,,``) is a
  *blank row*, dropped and reported.

Unrecoverable problems raise :class:`~cxkit.errors.CXDataError`: a missing file or column, a file
that is not UTF-8 CSV, and more bad rows than ``max_dropped`` allows (usually a column mapped to
the wrong course column or dates written another way: the error names the first bad row, its line,
the column by both names, the value and what was expected).

>>> from cxkit.data import data_dir, import_csv
>>> result = import_csv(data_dir() / "tickets.csv", kind="tickets")
>>> result.n_kept, len(result.dropped)
(3783, 0)
"""

from __future__ import annotations

import csv
import re
import warnings
from collections.abc import Mapping
from dataclasses import KW_ONLY, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from cxkit.data import loaders, schema
from cxkit.errors import CXConfigError, CXDataError, CXDataWarning, CXFileNotFoundError

__all__ = ["DROPPED_COLUMNS", "ImportResult", "import_csv"]

#: The columns of :attr:`ImportResult.dropped`.
DROPPED_COLUMNS = ["line", "column", "their_column", "value", "reason", "problem", "expected"]

#: The reasons a row is dropped, from the first words of the validator's problem.
_REASONS: tuple[tuple[str, str], ...] = (
    ("the value is blank", "blank value"),
    ("cannot be read", "unreadable value"),
    ("a number where", "unreadable value"),
    ("a timestamp with", "unreadable value"),
    ("a timestamp without", "unreadable value"),
    ("a number out of range", "out of range"),
    ("the date is", "date out of range"),
    ("not an allowed value", "not an allowed value"),
    ("the value has spaces", "not an allowed value"),
    ("not a valid identifier", "invalid identifier"),
    ("the identifier has spaces", "invalid identifier"),
    ("duplicated", "duplicate key"),
    ("before column", "breaks a rule"),
    ("has a value although", "breaks a rule"),
    ("cannot be compared", "breaks a rule"),
)
_CHUNK = 2000  # rows validated together when many are bad, before the whole file is checked again
_WHOLE_TRIES = 8  # bad rows found by validating the whole file before switching to chunks
_ISO = {"date": "%Y-%m-%d", "datetime": "%Y-%m-%d %H:%M:%S"}


@dataclass(eq=False)
class ImportResult:
    """What :func:`import_csv` read: the course frame and the report of what was dropped and why.

    Attributes
    ----------
    data : pandas.DataFrame
        The rows kept, typed as ``cxkit.data.load(kind)`` (the course's columns in the course's
        order, then the export's unmapped columns as text), indexed 0, 1, 2, ...
    dropped : pandas.DataFrame
        One row per dropped row of the file, in file order, with the columns
        :data:`DROPPED_COLUMNS`: ``line`` (1-based line of the file, the header is line 1),
        ``column`` (the course's name), ``their_column`` (the export's), ``value`` (as written),
        ``reason`` (short: ``"out of range"``, ``"duplicate key"``, ``"blank row"``, ...),
        ``problem`` (the validator's words) and ``expected``.
    filled : list of str
        Course columns the export lacked, added blank or from ``defaults``.
    n_read : int
        Data rows read (empty lines not counted).
    empty_lines : int
        Empty lines skipped.
    source : str
        The file's name.
    kind : str
        The course table.
    mapping : dict of str to str
        The column mapping used (the export's names to the course's).
    """

    data: pd.DataFrame
    dropped: pd.DataFrame
    filled: list[str]
    n_read: int
    empty_lines: int
    source: str
    kind: str
    _: KW_ONLY
    mapping: dict[str, str] = field(default_factory=dict)

    @property
    def n_kept(self) -> int:
        """Rows kept."""
        return len(self.data)

    def reasons(self) -> pd.Series:
        """Return the number of dropped rows per reason (a Series named ``rows``, by reason)."""
        counts = self.dropped["reason"].value_counts().sort_index()
        counts.name = "rows"
        counts.index.name = "reason"
        return counts.astype("int64")

    def __str__(self) -> str:
        """Summarise the import: rows read and kept, the drops per reason with their lines."""
        lines = [f"{self.source} as {self.kind}: {self.n_read:,} rows read, {self.n_kept:,} kept"]
        if self.empty_lines:
            lines.append(f"  {self.empty_lines} empty lines skipped")
        for reason, n in self.reasons().items():
            at = self.dropped.loc[self.dropped["reason"] == reason, "line"].tolist()
            shown = ", ".join(str(x) for x in at[:8]) + (", ..." if len(at) > 8 else "")
            lines.append(f"  dropped {n} {reason} (line{'s' if n > 1 else ''} {shown})")
        if self.filled:
            lines.append("  added (not in the export): " + ", ".join(self.filled))
        return "\n".join(lines)

    __repr__ = __str__


def import_csv(
    path: Path | str,
    *,
    kind: str = "surveys",
    columns: Mapping[str, str] | None = None,
    values: Mapping[str, Mapping[str, str]] | None = None,
    defaults: Mapping[str, Any] | None = None,
    sep: str = ",",
    decimal: str = ".",
    date_format: str | Mapping[str, str] | None = None,
    on_bad: str = "drop",
    max_dropped: float = 0.05,
) -> ImportResult:
    r"""Read a learner's own CSV export as course table `kind`, dropping and reporting bad rows.

    Parameters
    ----------
    path : path
        The CSV file (UTF-8, with a header line).
    kind : str, default "surveys"
        The course table the export holds: ``"surveys"``, ``"events"``, ``"tickets"``,
        ``"orders"``, ``"customers"``, ``"touchpoints"`` or ``"conversations"``.
    columns : mapping of str to str, optional
        The export's column names to the course's: ``{"Response ID": "survey_id"}``. Columns
        already named the course's way need no entry; unmapped columns are kept as text after the
        course's.
    values : mapping of str to mapping, optional
        The export's words for the course's, per course column:
        ``{"channel": {"Web": "web", "Live chat": "chat"}}``. Values not listed are kept as
        written (and dropped if the course does not allow them).
    defaults : mapping of str to value, optional
        A constant for a course column the export lacks, e.g. ``{"segment": "B2C"}`` for a
        consumer-only export; it is validated like any value.
    sep : str, default ","
        The character between values (``";"`` for a spreadsheet set to a European language).
    decimal : {".", ","}, default "."
        The decimal mark of the numbers (see :func:`cxkit.data.read_csv`).
    date_format : str or mapping of str to str, optional
        How the export writes its dates, as :func:`datetime.datetime.strptime` reads them:
        ``"%d/%m/%Y %H:%M"`` for every date and timestamp column, or a mapping per course
        column. By default the course's ``YYYY-MM-DD HH:MM:SS`` (``YYYY-MM-DD`` for dates).
    on_bad : {"drop", "raise"}, default "drop"
        Drop a bad row and report it, or raise at the first one.
    max_dropped : float, default 0.05
        The largest share of the rows that may be dropped (0 to 1); more raises, since a file
        with so many bad rows was probably not read as meant.

    Returns
    -------
    ImportResult
        ``.data`` the typed frame (as ``cxkit.data.load(kind)``), ``.dropped`` one row per
        dropped row (line, column by both names, value, reason, problem, expected),
        ``.reasons()`` the counts per reason, ``.filled`` the columns added, ``.empty_lines``.

    Raises
    ------
    CXConfigError
        An unknown `kind`, a mapping to a column that is not the course's (or two columns mapped
        to one), `values` or `defaults` for a column the course's table does not have, a
        `date_format` for a column that holds no dates, a bad `on_bad`,
        `max_dropped`, `sep` or `decimal`.
    CXFileNotFoundError
        If there is no such file.
    CXDataError
        If the file cannot be read as UTF-8 CSV, a mapped column is not in the file, a required
        course column is missing, or with ``on_bad="raise"`` at the first bad row, or when more
        than `max_dropped` of the rows are bad: the message names the file, the row and its line,
        the column by the export's name and the course's, the value and what was expected.

    Warns
    -----
    CXDataWarning
        When rows were dropped: how many, of how many, per reason (the details are in
        ``.dropped``).

    Notes
    -----
    Validation is :func:`cxkit.data.validate`'s, unchanged: the validator stops at the first
    problem, so a bad row is dropped and the rest validated again: the whole file for the first
    eight bad rows, then chunks of 2,000 rows, then the whole file once more (so duplicated keys
    across chunks are found). With :math:`b` bad rows the cost is about :math:`b` validations of
    a chunk; an export with a few bad rows in a hundred thousand imports in seconds. A duplicated
    key keeps its first row and drops the later ones.

    Examples
    --------
    A ticket export with its own column names, day-first dates and one ticket satisfied at 6 on
    a 1-to-5 scale:

    >>> import tempfile, warnings
    >>> from pathlib import Path
    >>> from cxkit.data import import_csv
    >>> export = Path(tempfile.mkdtemp()) / "helpdesk.csv"
    >>> _ = export.write_text(
    ...     "Ticket,Client,Via,Topic,Opened,First reply,Closed,Reopened,FCR,Rating,Agent\n"
    ...     "T000001,C000001,phone,delivery,05/03/2024 09:00,05/03/2024 09:04,05/03/2024 09:30,"
    ...     "False,True,4,A001\n"
    ...     "T000002,C000002,chat,billing,05/03/2024 10:00,05/03/2024 10:01,05/03/2024 10:20,"
    ...     "False,True,6,A002\n", encoding="utf-8")
    >>> names = ["ticket_id", "customer_id", "channel", "category", "opened_at",
    ...          "first_response_at", "resolved_at", "reopened", "first_contact_resolution",
    ...          "csat", "agent"]
    >>> header = export.read_text().splitlines()[0].split(",")
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     result = import_csv(export, kind="tickets", columns=dict(zip(header, names)),
    ...                         date_format="%d/%m/%Y %H:%M", max_dropped=0.5)
    >>> print(caught[0].message)  # doctest: +NORMALIZE_WHITESPACE
    import_csv dropped 1 of 2 rows of helpdesk.csv: 1 out of range. See result.dropped for each
    row's line, column, value and reason.
    >>> result.data[["ticket_id", "opened_at", "csat"]]
      ticket_id           opened_at  csat
    0   T000001 2024-03-05 09:00:00     4
    >>> print(result)
    helpdesk.csv as tickets: 2 rows read, 1 kept
      dropped 1 out of range (line 3)
    >>> result.dropped.loc[0, ["column", "their_column", "value", "reason"]].tolist()
    ['csat', 'Rating', '6', 'out of range']
    """
    tbl = schema.table(kind)
    mapping = _check_mapping(columns, tbl)
    formats = _check_formats(date_format, tbl)
    if on_bad not in ("drop", "raise"):
        raise CXConfigError(f"on_bad={on_bad!r}: choose 'drop' (drop and report bad rows) or 'raise'.")
    if isinstance(max_dropped, bool) or not isinstance(max_dropped, int | float) or not 0 <= max_dropped <= 1:
        raise CXConfigError(f"max_dropped={max_dropped!r} must be a share from 0 to 1, e.g. 0.05 for 5%.")
    _check_read_options(sep, decimal)
    path = Path(path)
    if not path.is_file():
        what = "is a folder, not a file" if path.is_dir() else "does not exist"
        raise CXFileNotFoundError(
            f"{path} {what} (the current folder is {Path.cwd()}). Give the path of the CSV export to import."
        )
    source = path.name
    raw = loaders._read_text_csv(path, source, sep)
    renamed = _renamed(raw, mapping, tbl, source)  # 1. the mapped columns must be in the file
    renamed, filled = _filled(renamed, raw, mapping, defaults, tbl, source)  # 2. the columns it lacks
    _translate(renamed, values, tbl)  # 3. the export's words for the course's values
    _rewrite_dates(renamed, formats, tbl)  # 4. dates written another way
    drops = _Drops(path, sep, tbl, formats, mapping, [str(c) for c in raw.columns], on_bad, max_dropped)
    data = drops.clean(raw, renamed, decimal=decimal)  # 5. blank rows, 6. bad rows
    dropped = pd.DataFrame(drops.rows, columns=[*DROPPED_COLUMNS, "pos"]).sort_values("pos", kind="stable")
    dropped = dropped[DROPPED_COLUMNS].reset_index(drop=True).astype({"line": "Int64"})
    out = ImportResult(
        data=data,
        dropped=dropped,
        filled=filled,
        n_read=len(renamed),
        empty_lines=_empty_lines(path, sep),
        source=source,
        kind=kind,
        mapping=dict(mapping),
    )
    if len(dropped):
        counts = ", ".join(f"{k} {r}" for r, k in out.reasons().items())
        warnings.warn(
            f"import_csv dropped {len(dropped)} of {len(renamed)} rows of {source}: {counts}. "
            "See result.dropped for each row's line, column, value and reason.",
            CXDataWarning,
            stacklevel=2,
        )
    return out


def _renamed(raw: pd.DataFrame, mapping: dict[str, str], tbl: schema.Table, source: str) -> pd.DataFrame:
    """Return the export with its mapped columns renamed to the course's; refuse a missing or clashing one."""
    header = [str(c) for c in raw.columns]
    theirs = {ours: theirs for theirs, ours in mapping.items()}  # course name -> export name
    for their, ours in mapping.items():
        if their not in header:
            close = loaders._closest(their, header)
            hint = f" (did you mean {close!r}?)" if close is not None and close != their else ""
            raise CXDataError(
                f"the column {their!r}, mapped to the course column {ours!r}, is not in the file{hint}. "
                f"The file's columns are: {', '.join(header)}",
                dataset=source,
            )
    renamed = raw.rename(columns=mapping)
    clash = [c for c in header if c in tbl.column_names and c not in mapping and c in mapping.values()]
    if clash:
        raise CXDataError(
            f"the column {clash[0]!r} is in the file and another column is mapped to it too "
            f"({theirs[clash[0]]!r}); map only one, or rename the other",
            dataset=source,
        )
    return renamed


def _filled(
    renamed: pd.DataFrame,
    raw: pd.DataFrame,
    mapping: dict[str, str],
    defaults: Mapping[str, Any] | None,
    tbl: schema.Table,
    source: str,
) -> tuple[pd.DataFrame, list[str]]:
    """Add the course columns the export lacks (blank when allowed, else a default), in the schema's order.

    Returns the frame and the names of the columns added; a required column with no default is an error.
    """
    header = [str(c) for c in raw.columns]
    filled: list[str] = []
    defaults = dict(defaults or {})
    for col in tbl.columns:
        if col.name in renamed.columns:
            continue
        if col.name in defaults:
            renamed[col.name] = pd.Series([str(defaults[col.name])] * len(renamed), dtype=loaders.TEXT_DTYPE)
        elif col.nullable:
            renamed[col.name] = pd.Series([""] * len(renamed), dtype=loaders.TEXT_DTYPE)
        else:
            unmapped = [h for h in header if h not in mapping and h not in tbl.column_names]
            close = loaders._closest(col.name, unmapped)
            hint = f'; is it "{close}"?' if close is not None else ""
            raise CXDataError(
                f'the course column "{col.name}" ({col.description.rstrip(".")}) is not in the file '
                f'and has no default: map the export\'s column to it with columns={{"their name": '
                f'"{col.name}"}}{hint} or give defaults={{"{col.name}": ...}}. The file\'s columns are: '
                + ", ".join(header),
                dataset=source,
                column=col.name,
            )
        filled.append(col.name)
    unknown_defaults = [d for d in defaults if d not in tbl.column_names]
    if unknown_defaults:
        raise CXConfigError(
            f"defaults: {unknown_defaults[0]!r} is not a column of {tbl.name}; its columns are: "
            + ", ".join(tbl.column_names)
        )
    order = tbl.column_names + [c for c in renamed.columns if c not in tbl.column_names]
    return renamed[order], filled


def _translate(
    renamed: pd.DataFrame, values: Mapping[str, Mapping[str, str]] | None, tbl: schema.Table
) -> None:
    """Replace the export's words by the course's (``values={"channel": {"Web": "web"}}``), in place."""
    for name, words in (values or {}).items():
        if name not in tbl.column_names:
            raise CXConfigError(
                f"values: {name!r} is not a column of {tbl.name}; its columns are: "
                + ", ".join(tbl.column_names)
            )
        if not isinstance(words, Mapping):
            raise CXConfigError(
                f'values[{name!r}] must map the export\'s words to the course\'s, e.g. {{"Web": "web"}}.'
            )
        text = renamed[name]
        renamed[name] = text.replace(dict(words))


def _rewrite_dates(renamed: pd.DataFrame, formats: dict[str, str], tbl: schema.Table) -> None:
    """Rewrite the dates that parse with the export's format as ISO, in place; the others stay (reported)."""
    for name, fmt in formats.items():
        text = renamed[name]
        stripped = text.str.strip()
        parsed = pd.to_datetime(stripped.mask(stripped == ""), format=fmt, errors="coerce")
        ok = parsed.notna()
        renamed[name] = text.where(~ok, parsed.dt.strftime(_ISO[tbl.column(name).kind]))


class _Drops:
    """The rows dropped so far (``rows``), with the line and reason of each, and the rows kept."""

    def __init__(
        self,
        path: Path,
        sep: str,
        tbl: schema.Table,
        formats: dict[str, str],
        mapping: dict[str, str],
        header: list[str],
        on_bad: str,
        max_dropped: float,
    ) -> None:
        self.path, self.sep, self.tbl, self.formats = path, sep, tbl, formats
        self.theirs = {ours: theirs for theirs, ours in mapping.items()}
        self.header, self.on_bad, self.max_dropped = header, on_bad, max_dropped
        self.rows: list[dict[str, Any]] = []
        self.n = 0
        self.keep = np.ones(0, dtype=bool)
        self.line = cache(self._line)

    def _line(self, pos: int) -> int | None:
        return loaders._line_of(self.path, pos, self.sep)

    def their_name(self, ours: str) -> str:
        return self.theirs.get(ours, ours if ours in self.header else "")

    def add(self, pos: int, err: CXDataError | None, sub_lines: np.ndarray) -> None:
        """Record row ``pos`` as dropped (``err`` None: blank); raise past the limit or if on_bad="raise"."""
        if err is None:
            drop: dict[str, Any] = dict(
                column="", their_column="", value="", reason="blank row", problem="every field is blank"
            )
            drop["expected"] = "a row with values"
        else:
            problem = re.sub(
                r"row (\d+) has it too",
                lambda m: f"line {self.line(int(sub_lines[int(m.group(1))]))} has it too",
                err.problem,
            )
            expected = err.expected or ""
            if err.column in self.formats and problem.startswith("cannot be read"):
                expected = _format_expected(self.formats[err.column], self.tbl.column(err.column).kind)
            value = "" if err.value is None else str(err.value)
            drop = dict(
                column=err.column or "",
                their_column=self.their_name(err.column or ""),
                value=value,
                reason=_reason(problem),
                problem=problem,
                expected=expected,
            )
        drop["pos"] = pos
        drop["line"] = self.line(pos)
        self.rows.append(drop)
        bad = sum(d["reason"] != "blank row" for d in self.rows)  # blank rows say nothing of the reading
        if self.on_bad == "raise" or bad > self.max_dropped * self.n:
            _raise_bad(
                self.rows, self.on_bad, self.max_dropped, self.n, self.path.name, self.tbl, self.formats
            )

    def clean(self, raw: pd.DataFrame, renamed: pd.DataFrame, *, decimal: str) -> pd.DataFrame:
        """Drop the blank rows, then the bad ones; return the validated rows that are left."""
        n = self.n = len(renamed)
        # 5. blank rows
        is_blank = np.ones(n, dtype=bool)
        for c in raw.columns:
            s = raw[c]
            is_blank &= (s.isna() | (s.str.strip() == "")).to_numpy(dtype=bool)
        for pos in np.flatnonzero(is_blank):
            self.add(int(pos), None, np.arange(n))
        self.keep = ~is_blank
        # 6. validate, drop the bad row, validate again: the whole file while bad rows are few; past
        #    _WHOLE_TRIES, chunk by chunk (each retry then costs a chunk), then the whole once more
        everything = np.arange(n)
        result = self._validated(renamed, everything, decimal, _WHOLE_TRIES)
        if result is None and self.keep.any():
            for start in range(0, n, _CHUNK):
                self._validated(renamed, everything[start : start + _CHUNK], decimal)
            result = self._validated(renamed, everything, decimal)
        if result is None or not self.keep.any():
            raise CXDataError(
                "every row was dropped, so nothing is left to analyse",
                dataset=self.path.name,
                expected=f"rows of {self.tbl.name}",
            )
        return result.reset_index(drop=True)

    def _validated(
        self, renamed: pd.DataFrame, positions: np.ndarray, decimal: str, tries: int | None = None
    ) -> pd.DataFrame | None:
        """Validate the kept rows of ``positions``, dropping each bad row, until they pass or tries end."""
        keep = self.keep
        while True:
            sub = positions[keep[positions]]
            if not len(sub):
                return None
            frame = renamed.iloc[sub].reset_index(drop=True)
            try:
                return loaders._validate(frame, self.tbl, self.path.name, None, decimal=decimal)
            except CXDataError as err:
                at = _position(err)
                if at is None:  # not a row's problem (an empty table, a column): unrecoverable
                    raise
                self.add(int(sub[at]), err, sub)
                keep[sub[at]] = False
            if tries is not None:
                tries -= 1
                if tries <= 0:
                    return None


def _check_mapping(columns: Mapping[str, str] | None, tbl: schema.Table) -> dict[str, str]:
    if columns is None:
        return {}
    if not isinstance(columns, Mapping):
        raise CXConfigError(
            "columns must be a mapping from the export's column names to the course's, "
            f'e.g. {{"Score": "nps"}}; got a {type(columns).__name__}.'
        )
    by_ours: dict[str, str] = {}
    for their, ours in columns.items():
        if ours not in tbl.column_names:
            close = loaders._closest(str(ours), tbl.column_names)
            hint = f" (did you mean {close!r}?)" if close else ""
            raise CXConfigError(
                f"columns: {their!r} is mapped to {ours!r}, which is not a column of {tbl.name}{hint}. "
                f"The columns of {tbl.name} are: {', '.join(tbl.column_names)}."
            )
        if ours in by_ours:
            raise CXConfigError(
                f"columns: two columns of the export are mapped to {ours!r}: {by_ours[ours]!r} "
                f"and {their!r}; map one only."
            )
        by_ours[ours] = their
    return {str(k): str(v) for k, v in columns.items()}


def _check_formats(date_format: str | Mapping[str, str] | None, tbl: schema.Table) -> dict[str, str]:
    dated = [c.name for c in tbl.columns if c.kind in ("date", "datetime")]
    if date_format is None:
        return {}
    if isinstance(date_format, str):
        return dict.fromkeys(dated, date_format)
    if not isinstance(date_format, Mapping):
        raise CXConfigError(
            f"date_format must be a format such as '%d/%m/%Y %H:%M' or a mapping per column; "
            f"got a {type(date_format).__name__}."
        )
    for name in date_format:
        if name not in dated:
            raise CXConfigError(
                f"date_format: {name!r} is not a date or timestamp column of {tbl.name}; those are: "
                + ", ".join(dated)
                + "."
            )
    return dict(date_format)


def _check_read_options(sep: str, decimal: str) -> None:
    """Check ``sep`` and ``decimal`` as :func:`cxkit.data.read_csv` does."""
    for what, char in (("sep", sep), ("decimal", decimal)):
        if not isinstance(char, str) or len(char) != 1 or char in '"\r\n':
            raise CXConfigError(
                f"{what} must be one character, e.g. {what}={',' if what == 'sep' else '.'!r}; got {char!r}."
            )
    if decimal not in (".", ","):
        raise CXConfigError(f"decimal must be '.' or ','; got {decimal!r}.")
    if decimal == sep:
        raise CXConfigError(f"sep and decimal cannot both be {sep!r}: with decimal=',' use sep=';'.")


def _format_expected(fmt: str, kind: str) -> str:
    example = pd.Timestamp("2024-03-05 14:30:00").strftime(fmt)
    what = "a date" if kind == "date" else "a timestamp"
    return f"{what} written {fmt} (like {example!r}), as date_format says"


def _reason(problem: str) -> str:
    for start, reason in _REASONS:
        if problem.startswith(start):
            return reason
    return "other"


def _position(err: CXDataError) -> int | None:
    """Return the 0-based position of the row the validator named (None when it named no row)."""
    if err.row is None:
        return None
    found = re.match(r"\d+", str(err.row))
    return int(found.group()) if found else None


def _raise_bad(
    drops: list[dict[str, Any]],
    on_bad: str,
    max_dropped: float,
    n: int,
    source: str,
    tbl: schema.Table,
    formats: dict[str, str],
) -> None:
    first = min((d for d in drops if d["reason"] != "blank row"), key=lambda d: d["pos"], default=drops[-1])
    if on_bad == "raise":
        first = drops[-1]
        lead = ""
    else:
        lead = (
            f"more than {max_dropped:.0%} of the {n} rows are bad ({len(drops)} found so far), so the file "
            "was probably not read as meant (a column mapped to the wrong course column, or dates or "
            "numbers written another way?). Fix that, or raise max_dropped. The first bad row: "
        )
    ours, their = first["column"], first["their_column"]
    named = f" (the course column {ours!r})" if ours and their and their != ours else ""
    hint = ""
    if ours and first["reason"] == "unreadable value" and tbl.column(ours).kind in ("date", "datetime"):
        if ours not in formats:
            hint = (
                ". If the export writes its dates another way, say how with date_format=, "
                "e.g. '%d/%m/%Y %H:%M'"
            )
    raise CXDataError(
        lead + first["problem"] + named + hint,
        dataset=source,
        column=their or ours or None,
        row=f"{first['pos']} (line {first['line']} of {source})",
        value=first["value"] if first["reason"] != "blank row" else None,
        expected=first["expected"],
    )


def _empty_lines(path: Path, sep: str) -> int:
    """Count the empty lines of the file (the readers skip them)."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            return sum(1 for record in csv.reader(fh, delimiter=sep) if not record)
    except (OSError, UnicodeDecodeError, csv.Error):
        return 0
