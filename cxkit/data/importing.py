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
(3048, 0)
"""

from __future__ import annotations

import csv
import re
import sys
import tempfile
import warnings
from collections.abc import Mapping
from dataclasses import KW_ONLY, dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from cxkit.data import _chunked, exports, loaders, schema
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
    tool : str
        The tool whose layout was read (``"qualtrics"``, ...; ``""`` for a plain CSV file).
    notes : list of str
        Every choice the import made that the file did not state: the tool detected, the
        encoding, the time zone, the question found by its wording, the words read as numbers,
        the learner's own categories, the columns derived or left blank.
    pii_dropped : list of str
        The columns of personal data (e-mail, names, IP address, location) left out.
    encoding : str
        The encoding the file was read with.
    time_zone : str or None
        The time zone of the file's timestamps when the export says it (they are kept as that
        zone's wall-clock time; GA4's and Typeform's are UTC).
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
    tool: str = ""
    notes: list[str] = field(default_factory=list)
    pii_dropped: list[str] = field(default_factory=list)
    encoding: str = "utf-8"
    time_zone: str | None = None

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
        tool = f" ({exports.PRESETS[self.tool].tool} export)" if self.tool else ""
        lines = [f"{self.source}{tool} as {self.kind}: {self.n_read:,} rows read, {self.n_kept:,} kept"]
        if self.empty_lines:
            lines.append(f"  {self.empty_lines} empty lines skipped")
        for reason, n in self.reasons().items():
            at = self.dropped.loc[self.dropped["reason"] == reason, "line"].tolist()
            shown = ", ".join(str(x) for x in at[:8]) + (", ..." if len(at) > 8 else "")
            lines.append(f"  dropped {n} {reason} (line{'s' if n > 1 else ''} {shown})")
        if self.filled:
            lines.append("  added (not in the export): " + ", ".join(self.filled))
        if self.pii_dropped:
            lines.append("  personal data left out (keep_pii=True keeps it): " + ", ".join(self.pii_dropped))
        lines.extend(f"  note: {note}" for note in self.notes)
        return "\n".join(lines)

    __repr__ = __str__


def import_csv(
    path: Path | str,
    *,
    kind: str | None = None,
    source: str | None = None,
    columns: Mapping[str, str] | None = None,
    values: Mapping[str, Mapping[str, str]] | None = None,
    defaults: Mapping[str, Any] | None = None,
    sep: str | None = None,
    decimal: str | None = None,
    date_format: str | Mapping[str, str] | None = None,
    encoding: str | None = None,
    keep_pii: bool = False,
    course_rules: bool = False,
    on_bad: str = "drop",
    max_dropped: float = 0.05,
    engine: str = "pandas",
    connection: Any = None,
    chunk_rows: int = 200_000,
) -> ImportResult:
    r"""Read a learner's own CSV export as course table `kind`, dropping and reporting bad rows.

    Parameters
    ----------
    path : path
        The CSV file, as the tool wrote it.
    kind : str, optional
        The course table the export holds: ``"surveys"``, ``"events"``, ``"tickets"``,
        ``"orders"``, ``"customers"``, ``"touchpoints"`` or ``"conversations"``. By default the
        table of the `source` tool (surveys for a survey tool, tickets for Zendesk and
        Freshdesk, events for GA4), else ``"surveys"``.
    source : str, optional
        The tool that wrote the file, read in its own layout (:mod:`cxkit.data.exports`):
        ``"qualtrics"``, ``"surveymonkey"``, ``"google_forms"``, ``"typeform"``,
        ``"zendesk"``, ``"freshdesk"``, ``"ga4"`` (the BigQuery export flattened to CSV), or
        ``"auto"`` (the tool is recognised from the header, and the report says which). Its
        extra header rows are skipped (their lines still count in the report), its columns
        mapped, its dates read, its test responses dropped and reported. `columns`, `values`,
        `defaults` and `date_format` override the preset.
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
    sep : str, optional
        The character between values. By default it is found from the header line: the one of
        ``,``, ``;``, tab and ``|`` that splits it into the most columns (``;`` is what a
        spreadsheet set to a European language writes), and ``.notes`` says which when it is
        not ``,``. Give it when the header is a single column.
    decimal : {".", ","}, optional
        The decimal mark of the numbers (see :func:`cxkit.data.read_csv`). By default ``.``,
        except in a file not separated by commas whose numbers are written with a decimal comma
        (``4,5``) and never with a point (``4.5``): then ``,``, and ``.notes`` says so. A file
        with both is read with ``.`` (the rows whose numbers cannot be read are reported).
    date_format : str or mapping of str to str, optional
        How the export writes its dates, as :func:`datetime.datetime.strptime` reads them:
        ``"%d/%m/%Y %H:%M"`` for every date and timestamp column, or a mapping per course
        column. By default the preset's, else the course's ``YYYY-MM-DD HH:MM:SS``
        (``YYYY-MM-DD`` for dates). A format with ``%z`` gives UTC times.
    encoding : str, optional
        The file's encoding. By default a byte-order mark decides (UTF-8 or UTF-16), else UTF-8,
        else Windows-1252 (Excel's "CSV" on Windows); the report names it.
    keep_pii : bool, default False
        Keep the columns of personal data (e-mail, names, IP address, location). By default
        they are left out and listed in ``.pii_dropped``: a notebook with real customers' data
        in it is too easily shared.
    course_rules : bool, default False
        Hold the file to the course data's own identifiers and vocabularies (``S\\d{7}`` survey
        ids, the course's channels and touchpoints). By default a learner's identifiers are any
        text without spaces around it (unique where they are keys), and the touchpoints,
        channels, segments, ticket categories and event names are the file's own, reported
        in ``.notes`` rather than rejected; a column those exports often lack (a survey's
        segment or touchpoint, a ticket's category or agent) may be blank.
    on_bad : {"drop", "raise"}, default "drop"
        Drop a bad row and report it, or raise at the first one.
    max_dropped : float, default 0.05
        The largest share of the rows that may be dropped (0 to 1); more raises, since a file
        with so many bad rows was probably not read as meant. A single bad row never raises (in
        a file of a dozen answers it is more than 5%); rows the tool itself marks as not real
        (previews, tests, spam) and blank rows do not count.
    engine : {"pandas", "duckdb"}, default "pandas"
        ``"duckdb"`` for a file larger than memory: it is read ``chunk_rows`` records at a time,
        each chunk imported exactly as with pandas (the same preset, mapping and validator) and
        appended to a DuckDB table named after `kind` (replaced if it exists), which spills to
        disk past DuckDB's memory limit. ``.data`` is then a DuckDB relation on that table, which
        ``breakdown`` and the journey functions accept as they accept a frame; a key repeated in
        two chunks is dropped and reported as within one. Needs ``on_bad="drop"``.
    connection : duckdb.DuckDBPyConnection, optional
        With ``engine="duckdb"``: the connection to hold the table (for example one with a
        database file, ``duckdb.connect("big.duckdb")``); by default a new in-memory one.
    chunk_rows : int, default 200000
        With ``engine="duckdb"``: the records imported at a time (memory holds one chunk).

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
        `date_format` for a column that holds no dates, an unknown `source` or one whose table is
        not `kind`, an unknown `encoding`, a bad `on_bad`,
        `max_dropped`, `sep` or `decimal`.
    CXFileNotFoundError
        If there is no such file.
    CXDataError
        If the file cannot be read as UTF-8 CSV, a mapped column is not in the file, a required
        course column is missing, or with ``on_bad="raise"`` at the first bad row, or when more
        than `max_dropped` of the rows are bad: the message names the file, the row and its line,
        the column by the export's name and the course's, the value and what was expected.

    A survey export of respondents only (no ``sent_at`` and no ``responded``) imports too:
    ``responded`` is True in every row and ``sent_at`` blank, so a response rate says it cannot
    be computed. When no column is mapped to ``nps`` (``csat``, ``ces``), the question is found
    by its wording ("How likely ... recommend"), and answers written as words ("10 - Extremely
    likely", "Very satisfied") are read as the scale's numbers; ``.notes`` shows every such choice.

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

    A Qualtrics export as Qualtrics writes it (three header rows; a survey preview dropped):

    >>> qualtrics = Path(tempfile.mkdtemp()) / "qualtrics.csv"
    >>> _ = qualtrics.write_text(
    ...     'StartDate,EndDate,Status,Progress,Finished,RecordedDate,ResponseId,ExternalReference,'
    ...     'Q1,Q1_NPS_GROUP\n'
    ...     'Start Date,End Date,Response Type,Progress,Finished,Recorded Date,Response ID,External Data '
    ...     'Reference,How likely are you to recommend us to a friend?,How likely ... - Group\n'
    ...     '"{""ImportId"":""startDate"",""timeZone"":""Europe/Paris""}","{""ImportId"":""endDate"",'
    ...     '""timeZone"":""Europe/Paris""}","{""ImportId"":""status""}","{""ImportId"":""progress""}",'
    ...     '"{""ImportId"":""finished""}","{""ImportId"":""recordedDate"",""timeZone"":""Europe/Paris""}",'
    ...     '"{""ImportId"":""_recordId""}","{""ImportId"":""externalDataReference""}",'
    ...     '"{""ImportId"":""QID1""}","{""ImportId"":""QID1_NPS_GROUP""}"\n'
    ...     '2024-03-05 09:00:01,2024-03-05 09:01:12,IP Address,100,True,2024-03-05 09:01:13,'
    ...     'R_1a2B3c4D5e6F7g8,,9,Promoter\n'
    ...     '2024-03-05 10:00:00,2024-03-05 10:00:30,Survey Preview,100,True,2024-03-05 10:00:31,'
    ...     'R_9z8Y7x6W5v4U3t2,,0,Detractor\n', encoding="utf-8-sig")
    >>> with warnings.catch_warnings(record=True):
    ...     warnings.simplefilter("always")
    ...     result = import_csv(qualtrics, source="qualtrics")
    >>> result.data[["survey_id", "response_date", "nps", "responded"]]
               survey_id       response_date  nps  responded
    0  R_1a2B3c4D5e6F7g8 2024-03-05 09:01:13    9       True
    >>> result.dropped[["line", "column", "value", "reason"]]
       line column           value          reason
    0     5         Survey Preview  survey preview
    """
    if source is not None and source not in (*exports.PRESETS, "auto"):
        raise CXConfigError(
            f"source={source!r} is not a tool cxkit knows; choose one of "
            + ", ".join(repr(p) for p in (*exports.PRESETS, "auto"))
            + ", or leave it out for a plain CSV file."
        )
    if kind is not None:
        schema.table(kind)  # an unknown kind is a CXConfigError naming the tables
    if on_bad not in ("drop", "raise"):
        raise CXConfigError(f"on_bad={on_bad!r}: choose 'drop' (drop and report bad rows) or 'raise'.")
    if isinstance(max_dropped, bool) or not isinstance(max_dropped, int | float) or not 0 <= max_dropped <= 1:
        raise CXConfigError(f"max_dropped={max_dropped!r} must be a share from 0 to 1, e.g. 0.05 for 5%.")
    if sep is not None or decimal is not None:
        _check_read_options(sep or ("," if decimal != "," else ";"), decimal or ".")
    path = Path(path)
    if not path.is_file():
        what = "is a folder, not a file" if path.is_dir() else "does not exist"
        raise CXFileNotFoundError(
            f"{path} {what} (the current folder is {Path.cwd()}). Give the path of the CSV export to import."
        )
    name = path.name
    if engine not in ("pandas", "duckdb"):
        raise CXConfigError(f"engine={engine!r}: choose 'pandas' or 'duckdb' (a file larger than memory).")
    if engine == "duckdb":
        options = dict(
            kind=kind, source=source, columns=columns, values=values, defaults=defaults, sep=sep,
            decimal=decimal, date_format=date_format, encoding=encoding, keep_pii=keep_pii,
            course_rules=course_rules, on_bad=on_bad, max_dropped=max_dropped,
        )  # fmt: skip
        here = sys.modules[__name__]
        return _chunked.import_chunked(
            path, options=options, chunk_rows=chunk_rows, connection=connection, importing=here
        )
    with tempfile.TemporaryDirectory() as folder:
        read = _Read.of(
            path, Path(folder) / "export.csv", encoding=encoding, sep=sep, decimal=decimal, source=source
        )
        return _import(
            read,
            kind=kind,
            columns=columns,
            values=values,
            defaults=defaults,
            decimal=read.decimal,
            date_format=date_format,
            keep_pii=keep_pii,
            course_rules=course_rules,
            on_bad=on_bad,
            max_dropped=max_dropped,
            name=name,
        )


#: Course columns a learner's export often lacks or leaves blank: blank is allowed (and reported)
#: unless ``course_rules=True``.
_LEARNER_OPTIONAL: dict[str, tuple[str, ...]] = {
    "surveys": ("segment", "touchpoint", "channel"),
    "tickets": ("customer_id", "channel", "category", "agent", "reopened", "first_contact_resolution"),
    "events": ("stage", "channel", "touchpoint"),
}
#: Reasons a row is dropped that say nothing of how the file was read (not counted in max_dropped).
_ANY_ID = r"(?s)\S(?:.*\S)?"  # a learner's identifier: any text, no spaces around it
_NOT_BAD = frozenset({"blank row", "survey preview", "survey test", "spam"})


@dataclass
class _Read:
    """The export decoded and rewritten as one-header-line UTF-8 CSV (``path``), and what was found."""

    path: Path
    original: Path
    sep: str
    decimal: str
    layout: exports.Layout
    preset: exports.Preset | None
    encoding: str
    notes: list[str]

    @property
    def offset(self) -> int:
        """Lines of the original file before the rewritten file's first data line, less one."""
        return self.layout.header_lines - 1

    @classmethod
    def of(
        cls,
        original: Path,
        path: Path,
        *,
        encoding: str | None,
        sep: str | None,
        decimal: str | None,
        source: str | None,
        line_offset: int = 0,
    ) -> _Read:
        name = original.name
        text, used = exports.decode(original.read_bytes(), encoding, name)
        notes: list[str] = []
        if used not in ("utf-8", "utf-8-sig"):
            notes.append(f"read as {used} (the file is not UTF-8)")
        text = text.replace("\r\n", "\n")
        if sep is None:
            sep = _detect_sep(text.split("\n", 1)[0])
            if sep != ",":
                notes.append(f"the values are separated by {_SEP_NAMES[sep]} (found from the header line)")
        preset = exports.PRESETS.get(source or "")
        if source == "auto":
            header = exports.split_header(text, sep, 1, name).names
            preset = exports.detect(header, name)
            if preset is None:
                notes.append(
                    "source='auto': the header is not one of a known tool's; read as a plain CSV file"
                )
            else:
                notes.append(
                    f"source='auto' detected {preset.tool} (its header has {', '.join(preset.evidence)}): "
                    f"read as source={preset.name!r}"
                )
        layout = exports.split_header(text, sep, preset.header_rows if preset else 1, name)
        layout.line_offset = line_offset
        if preset is not None and preset.header_rows > 1:  # a header row deleted by hand is not data lost
            rows = exports.header_rows_present(preset, layout.rows)
            if rows < preset.header_rows:
                layout = exports.split_header(text, sep, rows, name)
                layout.line_offset = line_offset
                notes.append(
                    f"the header has {rows} of the {preset.header_rows} rows {preset.tool} writes (the "
                    "others were deleted?): the rows after it are read as data"
                )
        if preset is not None and preset.name == "surveymonkey":
            layout.names = exports.surveymonkey_names(layout)
        if preset is not None and preset.name == "qualtrics":
            layout.text_row = 1
        if decimal is None:
            decimal = _detect_decimal(layout.body, sep)
            if decimal == ",":
                notes.append("the numbers are written with a decimal comma (4,5): read with decimal=','")
        _check_read_options(sep, decimal)
        path.write_text(exports.header_line(layout.names, sep) + layout.body, encoding="utf-8")
        return cls(path, original, sep, decimal, layout, preset, used, notes)


#: The separators ``sep=None`` chooses from, in the order that breaks a tie, and their names.
_SEP_NAMES = {",": "commas", ";": "semicolons", "\t": "tabs (a tab-separated export)", "|": "vertical bars"}
_COMMA_NUMBER = re.compile(r"[+-]?\d+,\d+")
_POINT_NUMBER = re.compile(r"[+-]?\d+\.\d+")
_DECIMAL_LINES = 5_000  # lines of the body looked at to find the decimal mark


def _detect_sep(header: str) -> str:
    """Find the separator that splits the header line into the most fields (ties: first in ``_SEP_NAMES``).

    >>> _detect_sep('id;"Score; 0-10";date'), _detect_sep("id,score"), _detect_sep("id")
    (';', ',', ',')
    """
    counts = {sep: len(next(csv.reader([header], delimiter=sep), [])) for sep in _SEP_NAMES}
    return max(counts, key=lambda sep: counts[sep])  # max keeps the first of equal counts


def _detect_decimal(body: str, sep: str) -> str:
    r"""Find the decimal mark: ``","`` when the body's numbers have a decimal comma and none a point.

    A comma-separated file cannot hold an unquoted decimal comma, so it is read with ``"."``.

    >>> _detect_decimal("1;4,5;x\n2;3,25;y\n", ";"), _detect_decimal("1;4,5\n2;4.5\n", ";")
    (',', '.')
    """
    if sep == ",":
        return "."
    comma = point = False
    lines = body.split("\n", _DECIMAL_LINES)[:_DECIMAL_LINES]
    for row in csv.reader(lines, delimiter=sep):
        for value in row:
            value = value.strip()
            comma = comma or _COMMA_NUMBER.fullmatch(value) is not None
            point = point or _POINT_NUMBER.fullmatch(value) is not None
        if point:
            return "."
    return "," if comma else "."


def _import(
    read: _Read,
    *,
    kind: str | None,
    columns: Mapping[str, str] | None,
    values: Mapping[str, Mapping[str, str]] | None,
    defaults: Mapping[str, Any] | None,
    decimal: str,
    date_format: str | Mapping[str, str] | None,
    keep_pii: bool,
    course_rules: bool,
    on_bad: str,
    max_dropped: float,
    name: str,
    allow_empty: bool = False,
) -> ImportResult:
    preset, source, sep = read.preset, name, read.sep
    if preset is not None:
        if kind is not None and kind != preset.kind:
            raise CXConfigError(
                f"kind={kind!r} but a {preset.tool} export holds {preset.kind}; leave kind out "
                f"or give kind={preset.kind!r}."
            )
        kind = preset.kind
    kind = kind or "surveys"
    tbl = schema.table(kind)
    _check_mapping(columns, tbl)
    raw = loaders._read_text_csv(read.path, source, sep)
    prep = preset.prepare(raw, read.layout) if preset is not None else exports.Prepared(frame=raw)
    raw = prep.frame
    notes = [*read.notes, *prep.notes]
    mapping = dict(prep.columns)
    for their, ours in (columns or {}).items():  # the learner's mapping wins over the preset's
        mapping = {t: o for t, o in mapping.items() if o != ours and t != their}
        mapping[str(their)] = str(ours)
        if ours in prep.derived and ours in raw.columns:
            raw = raw.drop(columns=ours)
            prep.derived.pop(ours)
    merged_values = {c: dict(w) for c, w in prep.words.items()}
    for c, words in (values or {}).items():
        merged_values[c] = (
            {**merged_values.get(c, {}), **dict(words)} if isinstance(words, Mapping) else words
        )
    merged_defaults = {**prep.defaults, **dict(defaults or {})}
    if kind == "surveys":
        _survey_answers(raw, mapping, merged_values, merged_defaults, read.layout, notes, prep.derived)
    pii = (
        []
        if keep_pii
        else exports.pii_columns(
            [str(c) for c in raw.columns if c not in mapping and c not in tbl.column_names], set()
        )
    )
    if pii:
        raw = raw.drop(columns=pii)
    optional = set() if course_rules else set(_LEARNER_OPTIONAL.get(kind, ()))
    if kind == "surveys" and "responded" in prep.derived:
        optional.add("sent_at")
    tbl = _with_optional(tbl, optional)
    mapping = _check_mapping(mapping, tbl)
    formats = _check_formats(date_format if date_format is not None else prep.date_format, tbl)
    renamed = _renamed(raw, mapping, tbl, source)  # 1. the mapped columns must be in the file
    renamed, filled = _filled(renamed, raw, mapping, merged_defaults, tbl, source)  # 2. the columns it lacks
    _translate(renamed, merged_values, tbl)  # 3. the export's words for the course's values
    _rewrite_dates(renamed, formats, tbl)  # 4. dates written another way
    if not course_rules:
        tbl = _learner_vocabulary(tbl, renamed, notes)
    labels = {**{ours: their for their, ours in mapping.items()}, **prep.derived}
    drops = _Drops(read.path, sep, tbl, formats, labels, [str(c) for c in raw.columns], on_bad, max_dropped)
    drops.offset, drops.source = read.offset, source
    data = drops.clean(raw, renamed, decimal=decimal, before=prep.drops, allow_empty=allow_empty)  # 5., 6.
    if data is None:  # a chunk of a large file (engine="duckdb") whose rows were all dropped
        data = renamed.iloc[:0]
    dropped = pd.DataFrame(drops.rows, columns=[*DROPPED_COLUMNS, "pos"]).sort_values("pos", kind="stable")
    dropped = dropped[DROPPED_COLUMNS].reset_index(drop=True).astype({"line": "Int64"})
    out = ImportResult(
        data=data,
        dropped=dropped,
        filled=[f for f in filled if f not in prep.derived],
        n_read=len(renamed),
        empty_lines=_empty_lines(read.path, sep),
        source=source,
        kind=kind,
        mapping=dict(mapping),
        tool=preset.name if preset is not None else "",
        notes=notes,
        pii_dropped=pii,
        encoding=read.encoding,
        time_zone=prep.time_zone,
    )
    if len(dropped):
        counts = ", ".join(f"{k} {r}" for r, k in out.reasons().items())
        warnings.warn(
            f"import_csv dropped {len(dropped)} of {len(renamed)} rows of {source}: {counts}. "
            "See result.dropped for each row's line, column, value and reason.",
            CXDataWarning,
            stacklevel=3,
        )
    return out


def _survey_answers(
    raw: pd.DataFrame,
    mapping: dict[str, str],
    values: dict[str, Any],
    defaults: dict[str, Any],
    layout: exports.Layout,
    notes: list[str],
    derived: dict[str, str],
) -> None:
    """Find the NPS, CSAT, CES and comment by wording, read worded answers, fill a respondents-only file."""
    mapped = set(mapping.values())
    texts = {
        str(c): (layout.text_of(str(c)) if str(c) in layout.names else str(c))
        for c in raw.columns
        if c not in mapping and str(c) not in schema.table("surveys").column_names
    }
    for col in ("nps", "csat", "ces", "comment"):
        if col in mapped or col in raw.columns or col in defaults:
            continue
        found = exports.find_by_wording(texts, col)
        if found:
            mapping[found[0]] = col
            texts.pop(found[0])
            also = f"; also worded so: {', '.join(map(repr, found[1:]))}" if len(found) > 1 else ""
            notes.append(
                f"{col}: the question {layout.text_of(found[0]) if found[0] in layout.names else found[0]!r} "
                f"(column {found[0]!r}), found by its wording; map another with "
                f"columns={{...: {col!r}}}{also}"
            )
    theirs = {ours: their for their, ours in mapping.items()}
    for col in ("nps", "csat", "ces"):
        their = theirs.get(col, col if col in raw.columns else None)
        if their is None or their not in raw.columns:
            continue
        words = exports.labelled_scale(raw[their], col)
        given = values.get(col, {}) if isinstance(values.get(col), Mapping) else {}
        words = {w: n for w, n in words.items() if w not in given}
        if words:
            values[col] = {**words, **given}
            shown = ", ".join(f"{w!r} = {n}" for w, n in sorted(words.items(), key=lambda x: int(x[1])))
            notes.append(f"{col}: answers written as words read as numbers: {shown}")
    present = set(mapping.values()) | {str(c) for c in raw.columns} | set(defaults)
    if "sent_at" not in present and "responded" not in present:
        raw["responded"] = pd.Series(["True"] * len(raw), index=raw.index, dtype=loaders.TEXT_DTYPE)
        derived["responded"] = "(respondents only)"
        notes.append(
            "respondents only: the export has no invitations (no sent_at, no responded), so every row "
            "is an answer (responded = True, sent_at blank) and a response rate cannot be computed"
        )
    if "customer_id" not in present and "survey_id" in present:
        their = theirs.get("survey_id", "survey_id")
        raw["customer_id"] = raw[their]
        derived["customer_id"] = their
        notes.append(f"customer_id: not in the export; each response ({their}) counts as its own customer")


def _with_optional(tbl: schema.Table, optional: set[str]) -> schema.Table:
    """Return the table with the `optional` columns allowed blank."""
    if not optional:
        return tbl
    cols = tuple(replace(c, nullable=True) if c.name in optional else c for c in tbl.columns)
    return replace(tbl, columns=cols)


def _learner_vocabulary(tbl: schema.Table, renamed: pd.DataFrame, notes: list[str]) -> schema.Table:
    """Return the table a learner's export is held to: any identifier, the file's own categories."""
    cols = []
    for c in tbl.columns:
        if c.kind == "id" and c.pattern:  # any text without spaces around it, like the file's first
            first = renamed[c.name].astype(loaders.TEXT_DTYPE).str.strip() if c.name in renamed else None
            shown = next((v for v in first if isinstance(v, str) and v), None) if first is not None else None
            c = replace(c, pattern=_ANY_ID, example=shown)
        elif c.kind == "category" and c.name in renamed.columns:
            text = renamed[c.name].astype(loaders.TEXT_DTYPE)
            found = [v for v in pd.unique(text.dropna()) if str(v).strip() and v not in c.allowed]
            if found:
                counts = text.value_counts()
                shown = ", ".join(f"{v!r} ({int(counts[v])})" for v in sorted(found)[:12])
                more = f" and {len(found) - 12} more" if len(found) > 12 else ""
                notes.append(f"{c.name}: the file's own values, not the course's: {shown}{more}")
                c = replace(c, allowed=(*c.allowed, *sorted(found)), ordered=False)
        cols.append(c)
    return replace(tbl, columns=tuple(cols))


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
        parsed = pd.to_datetime(stripped.mask(stripped == ""), format=fmt, errors="coerce", utc="%z" in fmt)
        if isinstance(parsed.dtype, pd.DatetimeTZDtype):  # a format with %z: UTC wall-clock times
            parsed = parsed.dt.tz_localize(None)
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
        labels: dict[str, str],
        header: list[str],
        on_bad: str,
        max_dropped: float,
    ) -> None:
        self.path, self.sep, self.tbl, self.formats = path, sep, tbl, formats
        self.theirs = dict(labels)  # course column -> the export's column(s) it comes from
        self.offset, self.source = 0, path.name
        self.header, self.on_bad, self.max_dropped = header, on_bad, max_dropped
        self.rows: list[dict[str, Any]] = []
        self.n = 0
        self.keep = np.ones(0, dtype=bool)
        self.line = cache(self._line)

    def _line(self, pos: int) -> int | None:
        line = loaders._line_of(self.path, pos, self.sep)
        return None if line is None else line + self.offset

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
        bad = sum(d["reason"] not in _NOT_BAD for d in self.rows)  # blank rows say nothing of the reading
        if self.on_bad == "raise" or bad > max(self.max_dropped * self.n, 1):  # one bad row never stops it
            _raise_bad(self.rows, self.on_bad, self.max_dropped, self.n, self.source, self.tbl, self.formats)

    def add_known(self, pos: int, reason: str, column: str, value: str, expected: str) -> None:
        """Record row ``pos`` as dropped for a reason the tool wrote (a survey preview, a test, spam)."""
        problem = f"{column} says {value!r}: not a real response"
        self.rows.append(
            dict(
                column="", their_column=column, value=value, reason=reason, problem=problem, expected=expected
            )
            | {"pos": pos, "line": self.line(pos)}
        )

    def clean(
        self,
        raw: pd.DataFrame,
        renamed: pd.DataFrame,
        *,
        decimal: str,
        before: list[tuple[int, str, str, str, str]] = (),  # type: ignore[assignment]
        allow_empty: bool = False,
    ) -> Any:
        """Drop the rows the tool marks as not real (`before`), the blank rows, then the bad ones.

        Returns the kept rows; when every row was dropped, raises (or returns None with ``allow_empty``).
        """
        n = self.n = len(renamed)
        self.keep = np.ones(n, dtype=bool)
        for at, reason, column, value, expected in before:
            self.add_known(at, reason, column, value, expected)
            self.keep[at] = False
        # 5. blank rows
        is_blank = np.ones(n, dtype=bool)
        for c in raw.columns:
            s = raw[c].astype(loaders.TEXT_DTYPE)
            is_blank &= (s.isna() | (s.str.strip() == "")).to_numpy(dtype=bool)
        is_blank &= self.keep
        for pos in np.flatnonzero(is_blank):
            self.add(int(pos), None, np.arange(n))
        self.keep &= ~is_blank
        # 6. validate, drop the bad row, validate again: the whole file while bad rows are few; past
        #    _WHOLE_TRIES, chunk by chunk (each retry then costs a chunk), then the whole once more
        everything = np.arange(n)
        result = self._validated(renamed, everything, decimal, _WHOLE_TRIES)
        if result is None and self.keep.any():
            for start in range(0, n, _CHUNK):
                self._validated(renamed, everything[start : start + _CHUNK], decimal)
            result = self._validated(renamed, everything, decimal)
        if result is None or not self.keep.any():
            if allow_empty:
                return None
            raise CXDataError(
                "every row was dropped, so nothing is left to analyse",
                dataset=self.source,
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
                return loaders._validate(frame, self.tbl, self.source, None, decimal=decimal)
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
    first = min((d for d in drops if d["reason"] not in _NOT_BAD), key=lambda d: d["pos"], default=drops[-1])
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
