"""``import_csv(..., engine="duckdb")``: a file larger than memory, imported chunk by chunk into DuckDB.

The file is read as a stream of lines and cut, between records, into chunks of ``chunk_rows``
records, each written after the file's own header lines to a small temporary file. Each chunk goes
through the same import as a whole file read with pandas (the same preset, mapping, words, dates
and validator: there is no second, SQL version of the course's rules), and its kept rows are
appended to a DuckDB table, with the line of the file each came from. What a chunk cannot see is
checked once at the end, in SQL: a key repeated in two chunks (the later row is dropped and
reported, as the pandas path does within a chunk), and the share of bad rows against
``max_dropped``. Memory holds one chunk at a time; DuckDB spills the table to disk past its memory
limit (Raasveldt & Mühleisen 2019).

Records are cut only where no quoted field is open: an RFC 4180 field's quotes come in pairs (a
quote inside is written twice), so a line with an odd number of quotes opens or closes one.
"""

from __future__ import annotations

import codecs
import tempfile
import warnings
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pandas as pd

from cxkit.data import schema
from cxkit.errors import CXConfigError, CXDataError, CXDataWarning

#: Records per chunk by default: about 100-300 MB of pandas frame for a wide survey export.
CHUNK_ROWS = 200_000
_SNIFF_RECORDS = 200  # records read to find the tool, the header rows, the separator and decimal mark


def _encoding_of(path: Path, encoding: str | None) -> str:
    """Find the encoding: a byte-order mark's, else UTF-8 if it reads, else cp1252."""
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise CXConfigError(
                f"encoding={encoding!r} is not an encoding Python knows; e.g. 'utf-8', 'utf-16', 'cp1252'."
            ) from None
        return encoding
    with open(path, "rb") as fh:
        head = fh.read(4)
        if head.startswith(b"\xef\xbb\xbf"):
            return "utf-8-sig"
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            return "utf-16"
        fh.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            for block in iter(lambda: fh.read(1 << 20), b""):
                decoder.decode(block)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252"
    return "utf-8"


def _records(path: Path, encoding: str) -> Iterator[tuple[int, str]]:
    """Yield ``(first line, text)`` of each record of the file, its lines verbatim (quoted newlines kept)."""
    with open(path, encoding=encoding, newline="") as fh:
        start, inside = 1, False
        parts: list[str] = []
        for number, line in enumerate(fh, start=1):
            if not parts:
                start = number
            parts.append(line)
            inside ^= line.count('"') % 2 == 1
            if not inside:
                yield start, "".join(parts)
                parts = []
        if parts:
            yield start, "".join(parts)


def import_chunked(
    path: Path, *, options: dict[str, Any], chunk_rows: int, connection: Any, importing: ModuleType
) -> Any:
    """Import ``path`` chunk by chunk into a table of ``connection`` named after the kind.

    ``importing`` is :mod:`cxkit.data.importing`, whose reader and import each chunk goes through
    (passed in, so that this module does not import it back); see :func:`import_csv`.
    """
    import duckdb

    if options["on_bad"] != "drop":
        raise CXConfigError(
            "engine='duckdb' drops and reports bad rows (on_bad='drop'); to stop at the first bad "
            "row, check a sample of the file with engine='pandas' and on_bad='raise'."
        )
    if isinstance(chunk_rows, bool) or not isinstance(chunk_rows, int) or chunk_rows < 1:
        raise CXConfigError(f"chunk_rows={chunk_rows!r} must be a whole number of rows, at least 1.")
    con = connection if connection is not None else duckdb.connect()
    if connection is None:
        con.execute(f"SET temp_directory = '{tempfile.mkdtemp(prefix='cxkit-import-')}'")
    encoding = _encoding_of(path, options["encoding"])
    name = path.name
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        records = _records(path, encoding)
        sniff = [next(records, None) for _ in range(_SNIFF_RECORDS)]
        head = [r for r in sniff if r is not None]
        sample = work / "sample.csv"
        sample.write_text("".join(text for _, text in head), encoding="utf-8")
        read = importing._Read.of(
            sample,
            work / "sample-read.csv",
            encoding="utf-8",
            sep=options["sep"],
            decimal=options["decimal"],
            source=options["source"],
        )
        header_lines = read.layout.header_lines
        header, body_records, seen = "", [], 0
        for start, text in head:
            if seen < header_lines:
                header += text
                seen += text.count("\n") or 1
            else:
                body_records.append((start, text))
        source = read.preset.name if read.preset is not None else None
        kind = options["kind"] or (read.preset.kind if read.preset is not None else "surveys")
        notes = [] if encoding in ("utf-8", "utf-8-sig") else [f"read as {encoding} (the file is not UTF-8)"]
        notes += read.notes
        state = _State(con=con, table=kind, importing=importing)

        def run(chunk: list[tuple[int, str]]) -> None:
            file = work / "chunk.csv"
            file.write_text(header + "".join(text for _, text in chunk), encoding="utf-8")
            again = work / "chunk-read.csv"
            part = importing._Read.of(
                file,
                again,
                encoding="utf-8",
                sep=read.sep,
                decimal=read.decimal,
                source=source,
                line_offset=chunk[0][0] - header_lines - 1,
            )
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", CXDataWarning)
                result = importing._import(
                    part,
                    kind=options["kind"],
                    columns=options["columns"],
                    values=options["values"],
                    defaults=options["defaults"],
                    decimal=read.decimal,
                    date_format=options["date_format"],
                    keep_pii=options["keep_pii"],
                    course_rules=options["course_rules"],
                    on_bad="drop",
                    max_dropped=1.0,
                    name=name,
                    allow_empty=True,
                )
            state.add(result, chunk, header_lines)

        chunk = body_records
        for record in records:
            chunk.append(record)
            if len(chunk) >= chunk_rows:
                run(chunk[:chunk_rows])
                chunk = chunk[chunk_rows:]
        while chunk:
            run(chunk[:chunk_rows])
            chunk = chunk[chunk_rows:]
        if state.first is None:
            raise CXDataError("the file has no data rows", dataset=name, expected="rows after the header")
    return state.finish(name, notes, encoding, options["max_dropped"])


class _State:
    """What the chunks add up to: the DuckDB table, the drops, the counts."""

    def __init__(self, con: Any, table: str, importing: ModuleType) -> None:
        self.con, self.table, self.importing = con, table, importing
        self.first: Any = None  # the first chunk's ImportResult (mapping, kind, tool, notes, ...)
        self.dropped: list[pd.DataFrame] = []
        self.n_read = self.empty_lines = 0
        self.created = False
        self.notes: list[str] = []

    def add(self, result: Any, chunk: list[tuple[int, str]], header_lines: int) -> None:
        first_line = chunk[0][0]
        to_file = first_line - header_lines - 1  # chunk file line -> line of the file

        dropped = result.dropped.copy()
        dropped["line"] = (dropped["line"] + to_file).astype("Int64")
        dropped["problem"] = dropped["problem"].str.replace(  # "duplicated id: line 2 has it too"
            r"line (\d+) has it too", lambda m: f"line {int(m.group(1)) + to_file} has it too", regex=True
        )
        self.dropped.append(dropped)
        self.n_read += result.n_read
        self.empty_lines += result.empty_lines
        self.first = self.first or result
        self.notes += [n for n in result.notes if n not in self.notes]
        data = result.data
        if not len(data):
            return
        gone = set(dropped["line"].dropna().astype(int))
        lines = [s for s, text in chunk if text.strip("\r\n") and s not in gone]
        frame = data.copy()
        for column in frame.columns:  # a chunk's own categories would make a DuckDB ENUM per chunk
            if isinstance(frame[column].dtype, pd.CategoricalDtype):
                frame[column] = frame[column].astype("string")
        frame["_line"] = pd.array(lines, dtype="Int64") if len(lines) == len(frame) else pd.NA
        self.con.register("_cxkit_chunk", frame)
        if not self.created:
            self.con.execute(f'CREATE OR REPLACE TABLE "{self.table}" AS SELECT * FROM _cxkit_chunk')
            self.created = True
        else:
            self.con.execute(f'INSERT INTO "{self.table}" BY NAME SELECT * FROM _cxkit_chunk')
        self.con.unregister("_cxkit_chunk")

    def finish(self, name: str, notes: list[str], encoding: str, max_dropped: float) -> Any:
        importing = self.importing
        first = self.first
        tbl = schema.table(first.kind)
        dropped = pd.concat(self.dropped, ignore_index=True) if self.dropped else first.dropped.iloc[:0]
        if tbl.key is not None and self.created:
            key = tbl.key
            repeats = self.con.execute(
                f'SELECT "{key}", _line, first_line FROM (SELECT "{key}", _line, '
                f'min(_line) OVER (PARTITION BY "{key}") AS first_line, '
                f'row_number() OVER (PARTITION BY "{key}" ORDER BY _line) AS rn FROM "{self.table}") '
                "WHERE rn > 1 ORDER BY _line"
            ).fetchall()
            their = {ours: theirs for theirs, ours in first.mapping.items()}.get(key, key)
            rows = [
                dict(
                    line=line,
                    column=key,
                    their_column=their,
                    value=str(value),
                    reason="duplicate key",
                    problem=f"duplicated {key}: line {at} has it too",
                    expected=f"a different {key} in every row",
                )
                for value, line, at in repeats
            ]
            if rows:
                self.con.execute(
                    f'DELETE FROM "{self.table}" t USING (SELECT "{key}" AS k, min(_line) AS keep '
                    f'FROM "{self.table}" GROUP BY "{key}") f WHERE t."{key}" = f.k AND t._line > f.keep'
                )
                dropped = pd.concat([dropped, pd.DataFrame(rows, columns=dropped.columns)], ignore_index=True)
        dropped = dropped.sort_values("line", kind="stable").reset_index(drop=True).astype({"line": "Int64"})
        bad = int((~dropped["reason"].isin(importing._NOT_BAD)).sum())
        if bad > max(max_dropped * self.n_read, 1):
            first_bad = dropped[~dropped["reason"].isin(importing._NOT_BAD)].iloc[0]
            raise CXDataError(
                f"more than {max_dropped:.0%} of the {self.n_read} rows are bad ({bad}), so the file was "
                "probably not read as meant (a column mapped to the wrong course column, or dates or "
                "numbers written another way?). Fix that, or raise max_dropped. The first bad row: "
                + str(first_bad["problem"]),
                dataset=name,
                column=first_bad["their_column"] or first_bad["column"] or None,
                row=f"line {first_bad['line']} of {name}",
                value=first_bad["value"],
                expected=first_bad["expected"],
            )
        columns = [c for c in self.con.table(self.table).columns if c != "_line"]
        data = self.con.table(self.table).project(", ".join(f'"{c}"' for c in columns))
        out = importing.ImportResult(
            data=data,
            dropped=dropped[list(importing.DROPPED_COLUMNS)],
            filled=first.filled,
            n_read=self.n_read,
            empty_lines=self.empty_lines,
            source=name,
            kind=first.kind,
            mapping=first.mapping,
            tool=first.tool,
            notes=[*notes, *(n for n in self.notes if n not in notes)],
            pii_dropped=first.pii_dropped,
            encoding=encoding,
            time_zone=first.time_zone,
        )
        if len(dropped):
            counts = ", ".join(f"{k} {r}" for r, k in out.reasons().items())
            warnings.warn(
                f"import_csv dropped {len(dropped)} of {self.n_read} rows of {name}: {counts}. "
                "See result.dropped for each row's line, column, value and reason.",
                CXDataWarning,
                stacklevel=4,
            )
        return out


__all__ = ["CHUNK_ROWS", "import_chunked"]
