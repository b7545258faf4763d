r"""The layouts of the tools learners export from: survey, ticket and web-analytics CSV files.

:func:`cxkit.data.import_csv` reads a tool's export as it comes when given ``source=`` (or
``source="auto"``, which recognises the tool from the header). This module knows each layout as
the tool documents it, and turns the file into a plain table with one header line, the course's
column names where the tool has a counterpart, and a report (``notes``) of every choice made:

============== ========= =================================================================
``source``     ``kind``  what the preset reads
============== ========= =================================================================
qualtrics      surveys   three header rows (ids; question texts; ``{"ImportId": ...}``
                         JSON, with the time zone); ``Status`` (previews, tests and spam
                         dropped and reported); ``Finished``/``Progress``; ``ResponseId``;
                         ``RecordedDate``; ``ExternalReference``; ``Q..._NPS_GROUP``
surveymonkey   surveys   two header rows (question texts; ``Response`` /
                         ``Open-Ended Response`` / option labels); ``Respondent ID``; US
                         dates with AM/PM; ``Custom Data`` columns
google_forms   surveys   ``Timestamp`` (``M/D/YYYY H:MM:SS``) and question-text headers;
                         no response id (the file's line stands for it)
typeform       surveys   ``#`` (the response token), questions, ``Start Date (UTC)``,
                         ``Submit Date (UTC)``, ``Network ID``
zendesk        tickets   ``Id``, ``Requester id``, ``Via``, ``Ticket type``, ``Created at``,
                         ``Solved at``, ``First reply time in minutes``, ``Reopens``,
                         ``Replies``, ``Satisfaction Score``, ``Assignee``
freshdesk      tickets   ``Ticket ID``, ``Contact ID``, ``Source``, ``Type``, ``Created
                         time``, ``Initial response time``, ``Resolved time``, ``Agent
                         interactions``, ``Survey results``, ``Agent``
ga4            events    the BigQuery export flattened to CSV: ``event_name``,
                         ``event_timestamp`` (microseconds since 1970 UTC),
                         ``user_pseudo_id``, ``user_id``, ``ga_session_id``,
                         ``device.category``, ``platform``, the campaign
============== ========= =================================================================

Where each layout is documented:

- Qualtrics, "Understanding Your Dataset":
  https://www.qualtrics.com/support/survey-platform/data-and-analysis-module/data/download-data/understanding-your-dataset/
- SurveyMonkey, "Exporting Individual Responses" (the "All individual responses" CSV):
  https://help.surveymonkey.com/en/surveymonkey/analyze/exporting-individual-responses/
- Google Forms, "View and manage form responses" (responses in Sheets, downloaded as CSV):
  https://support.google.com/docs/answer/139706
- Typeform, "Download your responses":
  https://www.typeform.com/help/a/download-your-responses-360029615911/
- Zendesk, "Exporting data to a JSON, CSV, or XML file":
  https://support.zendesk.com/hc/en-us/articles/4408886165402
- Freshdesk, "Exporting tickets" (Tickets list, Export, CSV):
  https://support.freshdesk.com/support/solutions/articles/50000000144
- GA4, "BigQuery Export schema": https://support.google.com/analytics/answer/7029846

``tests/fixtures/exports/README.md`` says which part of each fixture follows which page, and which
pages could be checked when the presets were written (Qualtrics, Zendesk, GA4) and which not yet
(SurveyMonkey, Google Forms, Typeform, Freshdesk: check against a fresh export).
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from cxkit.data.parse import TEXT_DTYPE, parse_datetime
from cxkit.errors import CXConfigError, CXDataError

__all__ = [
    "PRESETS",
    "Layout",
    "Prepared",
    "Preset",
    "decode",
    "detect",
    "find_by_wording",
    "header_rows_present",
    "labelled_scale",
    "pii_columns",
    "record_lines",
    "split_header",
    "surveymonkey_names",
]


# --- reading the bytes ---------------------------------------------------------------------------
def decode(data: bytes, encoding: str | None, source: str) -> tuple[str, str]:
    """Return the file's text and the encoding it was read with (a byte-order mark decides first).

    UTF-8 with or without a byte-order mark; UTF-16 (Qualtrics' and Excel's "Unicode text") when
    the file starts with its byte-order mark; otherwise, when the bytes are not UTF-8,
    Windows-1252 (what Excel saves as "CSV" on Windows), which the report names.
    """
    if encoding is not None:
        try:
            return data.decode(encoding), encoding
        except LookupError:
            raise CXConfigError(
                f"encoding={encoding!r} is not an encoding Python knows; e.g. 'utf-8', 'utf-16', 'cp1252'."
            ) from None
        except UnicodeDecodeError as err:
            raise CXDataError(
                f"the file cannot be read as {encoding} (byte {err.start} cannot be read); "
                "leave encoding= out to let cxkit find it",
                dataset=source,
            ) from None
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:  # 5 bytes Windows-1252 leaves undefined: Latin-1 reads every byte
        return data.decode("latin-1"), "latin-1"


@dataclass
class Layout:
    """A file split into its header rows and its body, as read before any preset's work."""

    names: list[str]  # the column names: the first header row (SurveyMonkey: both rows joined)
    rows: list[list[str]]  # every header row, as written
    body: str  # the data lines, verbatim
    header_lines: int  # lines of the file the header rows take (quoted newlines count)
    sep: str
    text_row: int = 0  # the header row holding the question texts (Qualtrics: the second)
    line_offset: int = 0  # lines of the file before this text (a chunk of a large file, engine="duckdb")

    def text_of(self, name: str) -> str:
        """Return the question text of a column (its name, unless a header row holds the texts)."""
        if name not in self.names:
            return name
        i, row = self.names.index(name), self.rows[self.text_row] if self.text_row < len(self.rows) else []
        if self.text_row and i < len(row) and row[i].strip():
            return " ".join(row[i].split())
        return name


def split_header(text: str, sep: str, header_rows: int, source: str) -> Layout:
    """Split `text` into its first `header_rows` CSV records and the remaining lines, verbatim."""
    lines = re.split(r"(?<=\n)", text)
    reader = csv.reader(iter(lines), delimiter=sep)
    rows: list[list[str]] = []
    try:
        while len(rows) < header_rows:
            record = next(reader)
            if record:
                rows.append(record)
    except StopIteration:
        raise CXDataError(
            f"the file has fewer than the {header_rows} header rows this tool writes", dataset=source
        ) from None
    except csv.Error as err:
        raise CXDataError(f"the header cannot be read as CSV ({err})", dataset=source) from None
    consumed = reader.line_num
    body = "".join(lines[consumed:])
    names = [" ".join(n.split()) if "\n" in n or "\r" in n else n for n in rows[0]]  # one header line
    return Layout(names=names, rows=rows, body=body, header_lines=consumed, sep=sep)


def record_lines(layout: Layout) -> list[int]:
    """Return the line of the file where each data row starts (empty lines skipped, as the reader does)."""
    reader = csv.reader(iter(re.split(r"(?<=\n)", layout.body)), delimiter=layout.sep)
    starts, end = [], 0
    for record in reader:
        start, end = end + 1, reader.line_num
        if record:
            starts.append(layout.line_offset + layout.header_lines + start)
    return starts


def header_rows_present(preset: Preset, rows: list[list[str]]) -> int:
    """Return how many of the preset's header rows `rows` (read as if all were there) really are header.

    Qualtrics' second row has ``Response ID`` under ``ResponseId`` and its third ``{"ImportId": ...}``
    cells; SurveyMonkey's second row has no respondent id. A row that is not what the tool writes there
    is the first data row (someone deleted the header rows by hand), so it is not skipped.
    """
    first = rows[0]

    def cell(row: list[str], name: str) -> str:
        return row[first.index(name)].strip() if name in first and first.index(name) < len(row) else ""

    if preset.name == "qualtrics":
        if len(rows) < 2 or cell(rows[1], "ResponseId") not in ("Response ID", "ResponseId", ""):
            return 1
        if len(rows) < 3 or not any('"ImportId"' in c for c in rows[2]):
            return 2
        return 3
    if preset.name == "surveymonkey":
        return 2 if len(rows) > 1 and not cell(rows[1], "Respondent ID") else 1
    return preset.header_rows


def header_line(names: list[str], sep: str) -> str:
    """One CSV header line for `names` (quoted where needed)."""
    import io

    out = io.StringIO()
    csv.writer(out, delimiter=sep, lineterminator="\n").writerow(names)
    return out.getvalue()


# --- what the presets return -----------------------------------------------------------------
@dataclass
class Prepared:
    """A preset's work on the raw table: course columns named, derived, reported."""

    frame: pd.DataFrame
    columns: dict[str, str] = field(default_factory=dict)  # their name -> course name
    words: dict[str, dict[str, str]] = field(default_factory=dict)  # course column -> their word -> ours
    defaults: dict[str, Any] = field(default_factory=dict)
    date_format: str | dict[str, str] | None = None
    derived: dict[str, str] = field(default_factory=dict)  # course column added -> the export's column(s)
    drops: list[tuple[int, str, str, str, str]] = field(
        default_factory=list
    )  # pos, reason, column, value, expected
    notes: list[str] = field(default_factory=list)
    time_zone: str | None = None


@dataclass(frozen=True)
class Preset:
    """One tool's export layout (see the module's table)."""

    name: str
    tool: str
    kind: str
    doc: str
    header_rows: int
    prepare: Callable[[pd.DataFrame, Layout], Prepared]
    detect: Callable[[list[str]], bool]
    evidence: tuple[str, ...]


def _first(frame: pd.DataFrame, *names: str) -> str | None:
    """Return the first of `names` that is a column of `frame` (case and spaces ignored)."""
    canon = {re.sub(r"[\s_.]+", "", str(c)).lower(): str(c) for c in frame.columns}
    for n in names:
        found = canon.get(re.sub(r"[\s_.]+", "", n).lower())
        if found is not None:
            return found
    return None


def _blank(s: pd.Series) -> np.ndarray:
    return (s.isna() | (s.astype(TEXT_DTYPE).str.strip() == "")).to_numpy(dtype=bool)


def _text(values: Any, index: pd.Index) -> pd.Series:
    return pd.Series(values, index=index, dtype=TEXT_DTYPE).fillna("")


# --- surveys ----------------------------------------------------------------------------------
#: Qualtrics' ``Status`` (the "Response Type" column): the value written with choice text or as
#: a number, and what it means. Previews, tests and spam are not real respondents.
QUALTRICS_STATUS: dict[str, str] = {
    "0": "IP Address",
    "1": "Survey Preview",
    "2": "Survey Test",
    "4": "Imported",
    "8": "Spam",
    "9": "Survey Preview Spam",
    "12": "Imported Spam",
    "16": "Offline",
    "17": "Offline Survey Preview",
}
_QUALTRICS_DROP = {
    "Survey Preview": "survey preview",
    "Survey Test": "survey test",
    "Spam": "spam",
    "Survey Preview Spam": "survey preview",
    "Imported Spam": "spam",
    "Offline Survey Preview": "survey preview",
}


def _qualtrics(raw: pd.DataFrame, layout: Layout) -> Prepared:
    """Qualtrics: ``ResponseId``, ``RecordedDate``, ``Status``, ``Finished``, ``ExternalReference``.

    Layout: Qualtrics, "Understanding Your Dataset",
    https://www.qualtrics.com/support/survey-platform/data-and-analysis-module/data/download-data/understanding-your-dataset/
    """
    prep = Prepared(frame=raw)
    zones = set()
    if len(layout.rows) > 2:  # the third row: {"ImportId":"startDate","timeZone":"America/Denver"}
        for cell in layout.rows[2]:
            try:
                meta = json.loads(cell)
            except ValueError:
                continue
            if isinstance(meta, dict) and meta.get("timeZone"):
                zones.add(str(meta["timeZone"]))
    if len(zones) == 1:
        prep.time_zone = zones.pop()
        prep.notes.append(
            f"dates are in the time zone {prep.time_zone} (the ImportId row of the header); "
            "they are kept as that zone's wall-clock time"
        )
    status = _first(raw, "Status")
    if status is not None:
        words = raw[status].astype(TEXT_DTYPE).str.strip().replace(QUALTRICS_STATUS)
        for pos in np.flatnonzero(words.isin(list(_QUALTRICS_DROP)).to_numpy(dtype=bool)):
            word = words.iloc[pos]
            prep.drops.append(
                (
                    int(pos),
                    _QUALTRICS_DROP[word],
                    status,
                    str(raw[status].iloc[pos]),
                    "a real response (Status 'IP Address', 'Imported' or 'Offline')",
                )
            )
    finished = _first(raw, "Finished")
    if finished is not None:
        partial = raw[finished].astype(TEXT_DTYPE).str.strip().str.lower().isin(["false", "0"])
        if partial.any():
            prep.notes.append(
                f"{int(partial.sum())} partial responses (Finished = False) kept: the questions they "
                "did not reach are blank"
            )
    rid = _first(raw, "ResponseId", "ResponseID", "Response ID")
    if rid is not None:
        prep.columns[rid] = "survey_id"
    when = _first(raw, "RecordedDate", "Recorded Date", "EndDate")
    if when is not None:
        prep.columns[when] = "response_date"
        prep.date_format = {"response_date": "%Y-%m-%d %H:%M:%S"}
    _customer(raw, prep, _first(raw, "ExternalReference", "ExternalDataReference"), rid)
    nps_group = [c for c in raw.columns if str(c).endswith("_NPS_GROUP")]
    if nps_group:
        question = str(nps_group[0])[: -len("_NPS_GROUP")]
        if question in raw.columns:
            prep.columns[question] = "nps"
            prep.notes.append(
                f"nps: the column {question!r} ({layout.text_of(question)!r}), the question Qualtrics "
                f"scores as NPS (it writes {nps_group[0]!r})"
            )
    return prep


def surveymonkey_names(layout: Layout) -> list[str]:
    """Join SurveyMonkey's two header rows: the question, then the option of a multi-column one."""
    first, second = layout.rows[0], layout.rows[1] if len(layout.rows) > 1 else []
    names: list[str] = []
    question = ""
    for i, cell in enumerate(first):
        if cell.strip():
            question = " ".join(cell.split())
        option = " ".join(second[i].split()) if i < len(second) else ""
        if option in ("", "Response", "Open-Ended Response") or not question:
            name = question if cell.strip() else f"{question} - {option or i}"
        else:
            name = f"{question} - {option}" if not cell.strip() or option else question
        names.append(name)
    seen: dict[str, int] = {}
    for i, n in enumerate(names):  # a question with several options of the same label
        if n in seen:
            seen[n] += 1
            names[i] = f"{n} ({seen[n]})"
        else:
            seen[n] = 1
    return names


def _surveymonkey(raw: pd.DataFrame, layout: Layout) -> Prepared:
    """SurveyMonkey: ``Respondent ID``, ``End Date`` written ``MM/DD/YYYY hh:mm:ss AM``.

    Layout: SurveyMonkey, "Exporting Individual Responses",
    https://help.surveymonkey.com/en/surveymonkey/analyze/exporting-individual-responses/
    """
    prep = Prepared(frame=raw)
    rid = _first(raw, "Respondent ID")
    if rid is not None:
        prep.columns[rid] = "survey_id"
    _customer(raw, prep, _first(raw, "customer_id", "Custom Data 1", "Custom Data"), rid)
    when = _first(raw, "End Date", "Start Date")
    if when is not None:
        prep.columns[when] = "response_date"
        prep.date_format = {"response_date": "%m/%d/%Y %I:%M:%S %p"}
    return prep


def _google_forms(raw: pd.DataFrame, layout: Layout) -> Prepared:
    """Google Forms: ``Timestamp`` (``M/D/YYYY H:MM:SS``, the spreadsheet's locale); no response id.

    Layout: Google, "View and manage form responses", https://support.google.com/docs/answer/139706
    """
    prep = Prepared(frame=raw)
    when = _first(raw, "Timestamp")
    if when is not None:
        prep.columns[when] = "response_date"
        prep.date_format = {"response_date": "%m/%d/%Y %H:%M:%S"}
    ids = _text([f"line {n}" for n in record_lines(layout)], raw.index)
    raw["survey_id"] = ids
    raw["customer_id"] = ids
    prep.derived.update({"survey_id": "(the line)", "customer_id": "(the line)"})
    prep.notes.append(
        "survey_id and customer_id: Google Forms writes no response id, so each response is named "
        "by its line in the file ('line 2', ...)"
    )
    return prep


def _typeform(raw: pd.DataFrame, layout: Layout) -> Prepared:
    """Typeform: ``#`` (the response token), ``Submit Date (UTC)``, ``Response Type``.

    Layout: Typeform, "Download your responses",
    https://www.typeform.com/help/a/download-your-responses-360029615911/
    """
    prep = Prepared(frame=raw)
    rid = _first(raw, "#", "Response ID", "Token")
    if rid is not None:
        prep.columns[rid] = "survey_id"
    _customer(raw, prep, _first(raw, "customer_id", "customer", "email"), rid)
    when = _first(raw, "Submit Date (UTC)", "Submitted At")
    if when is not None:
        prep.columns[when] = "response_date"
        prep.date_format = {"response_date": "%Y-%m-%d %H:%M:%S"}
        prep.time_zone = "UTC"
        prep.notes.append("dates are in UTC (Typeform writes 'Submit Date (UTC)')")
    kind = _first(raw, "Response Type")
    if kind is not None:
        partial = raw[kind].astype(TEXT_DTYPE).str.strip().str.lower() == "partial"
        if partial.any():
            prep.notes.append(f"{int(partial.sum())} partial responses (Response Type = partial) kept")
    return prep


def _customer(raw: pd.DataFrame, prep: Prepared, reference: str | None, response: str | None) -> None:
    """customer_id: the export's reference to the customer where given, else the response's own id."""
    if response is None:
        return
    if reference is None:
        raw["customer_id"] = raw[response]
        prep.derived["customer_id"] = response
        prep.notes.append(f"customer_id: the {response} (each response counts as its own customer)")
        return
    known = ~_blank(raw[reference])
    ids = raw[reference].where(known, raw[response])
    if reference in ("customer_id",):
        raw[reference] = ids
    else:
        raw["customer_id"] = ids
        prep.derived["customer_id"] = reference
    if not known.all():
        prep.notes.append(
            f"customer_id: {reference} where given ({int(known.sum())} of {len(raw)} rows), else the "
            f"{response} (an anonymous respondent counts as one customer)"
        )


# --- tickets ----------------------------------------------------------------------------------
def _minutes_after(raw: pd.DataFrame, start: str, minutes: str) -> pd.Series:
    """``start`` plus ``minutes`` as ``YYYY-MM-DD HH:MM:SS`` text ('' where either is missing).

    ``start`` is read by the course's own reader (:func:`cxkit.data.parse.parse_datetime`); its bad
    values are reported by the validation of the column it is mapped to.
    """
    text = raw[start].astype(TEXT_DTYPE)
    t0, _ = parse_datetime(text, text, _blank(text))
    if isinstance(t0.dtype, pd.DatetimeTZDtype):
        t0 = t0.dt.tz_convert("UTC").dt.tz_localize(None)
    m = pd.to_numeric(raw[minutes].astype(TEXT_DTYPE).str.strip(), errors="coerce")
    when = t0 + pd.to_timedelta(m, unit="min")
    return _text(when.dt.strftime("%Y-%m-%d %H:%M:%S"), raw.index)


def _number(raw: pd.DataFrame, name: str) -> pd.Series:
    return pd.to_numeric(raw[name].astype(TEXT_DTYPE).str.strip(), errors="coerce")


def _unreadable_kept(out: pd.Series, raw: pd.DataFrame, *names: str) -> pd.Series:
    """`out`, with the export's own text where a source column holds something that is not a number.

    A derived value is never left blank silently: the validator then reports the row (its line, the
    export's column, the value and what was expected), as it does for any other column.
    """
    for name in names:
        text = raw[name].astype(TEXT_DTYPE).str.strip()
        bad = pd.Series(~_blank(raw[name]), index=raw.index) & pd.to_numeric(text, errors="coerce").isna()
        out = out.where(~bad, text)
    return out


def _bool_text(mask: pd.Series, known: pd.Series) -> pd.Series:
    out = np.where(known.to_numpy(dtype=bool), np.where(mask.to_numpy(dtype=bool), "True", "False"), "")
    return _text(out, mask.index)


def _zendesk(raw: pd.DataFrame, layout: Layout) -> Prepared:
    """Zendesk: the ticket CSV export (Admin Center > Account > Tools > Reports > Export).

    Layout: Zendesk, "Exporting data to a JSON, CSV, or XML file",
    https://support.zendesk.com/hc/en-us/articles/4408886165402
    """
    prep = Prepared(frame=raw)
    for theirs, ours in (
        ("Id", "ticket_id"),
        ("Requester id", "customer_id"),
        ("Via", "channel"),
        ("Ticket type", "category"),
        ("Created at", "opened_at"),
        ("Solved at", "resolved_at"),
        ("Assignee", "agent"),
    ):
        found = _first(raw, theirs)
        if found is not None:
            prep.columns[found] = ours
    created, first = _first(raw, "Created at"), _first(raw, "First reply time in minutes")
    if created is not None and first is not None:
        raw["first_response_at"] = _unreadable_kept(_minutes_after(raw, created, first), raw, first)
        prep.derived["first_response_at"] = first
        prep.notes.append("first_response_at: Created at + First reply time in minutes")
    reopens, replies = _first(raw, "Reopens"), _first(raw, "Replies")
    if reopens is not None:
        n = _number(raw, reopens)
        raw["reopened"] = _unreadable_kept(_bool_text(n > 0, n.notna()), raw, reopens)
        prep.derived["reopened"] = reopens
        if replies is not None:
            r = _number(raw, replies)
            solved = ~_blank(raw[_first(raw, "Solved at") or reopens])
            fcr = (r <= 1) & (n == 0) & pd.Series(solved, index=raw.index)
            raw["first_contact_resolution"] = _unreadable_kept(
                _bool_text(fcr, r.notna() & n.notna()), raw, replies, reopens
            )
            prep.derived["first_contact_resolution"] = f"{replies}, {reopens}"
            prep.notes.append(
                "first_contact_resolution: solved with at most one agent reply and never reopened "
                "(Zendesk's one-touch tickets)"
            )
    sat = _first(raw, "Satisfaction Score")
    if sat is not None:
        words = raw[sat].astype(TEXT_DTYPE).str.strip().str.lower()
        rated = words.str.startswith("good") | words.str.startswith("bad")
        raw["satisfied"] = _bool_text(words.str.startswith("good"), rated)
        prep.notes.append(
            "csat left blank: Zendesk rates a ticket Good or Bad, not 1 to 5; the rating is in the "
            "column 'satisfied' (True for Good; blank when Offered or Unoffered)"
        )
    return prep


def _freshdesk(raw: pd.DataFrame, layout: Layout) -> Prepared:
    """Freshdesk: the ticket export (Tickets > Export > CSV).

    Layout: Freshdesk, "Exporting tickets",
    https://support.freshdesk.com/support/solutions/articles/50000000144
    """
    prep = Prepared(frame=raw)
    for theirs, ours in (
        ("Ticket ID", "ticket_id"),
        ("Contact ID", "customer_id"),
        ("Source", "channel"),
        ("Type", "category"),
        ("Created time", "opened_at"),
        ("Initial response time", "first_response_at"),
        ("Resolved time", "resolved_at"),
        ("Agent", "agent"),
    ):
        found = _first(raw, theirs)
        if found is not None:
            prep.columns[found] = ours
    agent_n, resolved = _first(raw, "Agent interactions"), _first(raw, "Resolved time")
    if agent_n is not None and resolved is not None:
        n = _number(raw, agent_n)
        fcr = (n <= 1) & pd.Series(~_blank(raw[resolved]), index=raw.index)
        raw["first_contact_resolution"] = _unreadable_kept(_bool_text(fcr, n.notna()), raw, agent_n)
        prep.derived["first_contact_resolution"] = agent_n
        prep.notes.append("first_contact_resolution: resolved with at most one agent interaction")
    prep.notes.append("reopened left blank: the Freshdesk export does not say whether a ticket was reopened")
    survey = _first(raw, "Survey results", "Survey result")
    if survey is not None:
        prep.notes.append(
            f"csat left blank: Freshdesk's satisfaction survey answers in words ({survey!r} is kept as "
            "it is); map them with values={'csat': {...}} and columns={" + repr(survey) + ": 'csat'} "
            "if your survey has five answers"
        )
    return prep


# --- events -----------------------------------------------------------------------------------
#: Google's recommended e-commerce events (GA4 "Recommended events") and the journey stage each is
#: read as; other events keep a blank stage.
GA4_STAGES: dict[str, str] = {
    "view_promotion": "awareness",
    "select_promotion": "awareness",
    "first_visit": "consideration",
    "session_start": "consideration",
    "page_view": "consideration",
    "screen_view": "consideration",
    "view_item_list": "consideration",
    "select_item": "consideration",
    "view_item": "consideration",
    "search": "consideration",
    "add_to_wishlist": "decision",
    "add_to_cart": "decision",
    "view_cart": "decision",
    "remove_from_cart": "decision",
    "begin_checkout": "purchase",
    "add_shipping_info": "purchase",
    "add_payment_info": "purchase",
    "purchase": "purchase",
    "refund": "post_purchase",
}
_GA4_PLATFORMS = {"WEB": "web", "IOS": "app", "ANDROID": "app"}


def _ga4(raw: pd.DataFrame, layout: Layout) -> Prepared:
    """GA4's BigQuery export, flattened to CSV (one row per event).

    Layout: Google, "[GA4] BigQuery Export schema", https://support.google.com/analytics/answer/7029846;
    the stages of the recommended events: https://support.google.com/analytics/answer/9267735
    """
    prep = Prepared(frame=raw)
    name, stamp, user = (_first(raw, c) for c in ("event_name", "event_timestamp", "user_pseudo_id"))
    if name is None or stamp is None or user is None:
        missing = [
            c
            for c, f in zip(
                ("event_name", "event_timestamp", "user_pseudo_id"), (name, stamp, user), strict=True
            )
            if f is None
        ]
        raise CXDataError(
            f"the GA4 export has no column {missing[0]!r}; the BigQuery export names it so "
            "(flatten the table keeping the column names)",
            column=missing[0],
        )
    micro = _number(raw, stamp)
    when = pd.to_datetime(micro, unit="us", errors="coerce")
    raw["timestamp"] = _text(when.dt.strftime("%Y-%m-%d %H:%M:%S"), raw.index).where(
        micro.notna(), raw[stamp]
    )
    prep.derived["timestamp"] = stamp
    prep.time_zone = "UTC"
    prep.notes.append("timestamp: event_timestamp (microseconds since 1970-01-01 UTC), in UTC")
    session = _first(raw, "ga_session_id", "event_params.ga_session_id", "session_id")
    if session is not None:
        known = ~_blank(raw[session])
        raw["case_id"] = (raw[user].astype(TEXT_DTYPE) + "." + raw[session].astype(TEXT_DTYPE)).where(
            known, raw[user]
        )
        prep.derived["case_id"] = f"{user}, {session}"
        prep.notes.append("case_id: user_pseudo_id.ga_session_id (one journey per session)")
    else:
        prep.columns[user] = "case_id"
        prep.notes.append("case_id: user_pseudo_id (no session id in the file: one journey per user)")
    prep.columns[name] = "event"
    stages = raw[name].astype(TEXT_DTYPE).str.strip().map(GA4_STAGES)
    raw["stage"] = _text(stages, raw.index)
    prep.derived["stage"] = name
    used = sorted({e for e in raw[name].astype(TEXT_DTYPE).str.strip() if e in GA4_STAGES})
    prep.notes.append(
        "stage from Google's recommended events: "
        + ", ".join(f"{e} -> {GA4_STAGES[e]}" for e in used)
        + "; other events have no stage"
    )
    uid = _first(raw, "user_id")
    if uid is not None:
        prep.columns[uid] = "customer_id"
    platform = _first(raw, "platform")
    if platform is not None:
        prep.columns[platform] = "channel"
        prep.words["channel"] = dict(_GA4_PLATFORMS)
    device = _first(raw, "device.category", "device_category")
    if device is not None:
        prep.columns[device] = "device"
    campaign = _first(raw, "traffic_source.name", "collected_traffic_source.manual_campaign_name", "campaign")
    if campaign is not None:
        prep.columns[campaign] = "campaign"
    page = _first(raw, "page_title", "event_params.page_title")
    if page is not None:
        prep.columns[page] = "touchpoint"
    return prep


def _has(*names: str) -> Callable[[list[str]], bool]:
    def check(header: list[str]) -> bool:
        return all(n in header for n in names)

    return check


PRESETS: dict[str, Preset] = {
    p.name: p
    for p in (
        Preset(
            "qualtrics",
            "Qualtrics",
            "surveys",
            "https://www.qualtrics.com/support/survey-platform/data-and-analysis-module/data/download-data/understanding-your-dataset/",
            3,
            _qualtrics,
            _has("ResponseId", "RecordedDate"),
            ("ResponseId", "RecordedDate"),
        ),
        Preset(
            "surveymonkey",
            "SurveyMonkey",
            "surveys",
            "https://help.surveymonkey.com/en/surveymonkey/analyze/exporting-individual-responses/",
            2,
            _surveymonkey,
            _has("Respondent ID", "Collector ID"),
            ("Respondent ID", "Collector ID"),
        ),
        Preset(
            "google_forms",
            "Google Forms",
            "surveys",
            "https://support.google.com/docs/answer/139706",
            1,
            _google_forms,
            lambda h: bool(h) and h[0] == "Timestamp",
            ("Timestamp",),
        ),
        Preset(
            "typeform",
            "Typeform",
            "surveys",
            "https://www.typeform.com/help/a/download-your-responses-360029615911/",
            1,
            _typeform,
            lambda h: bool(h) and h[0] == "#" and "Submit Date (UTC)" in h,
            ("#", "Submit Date (UTC)"),
        ),
        Preset(
            "zendesk",
            "Zendesk",
            "tickets",
            "https://support.zendesk.com/hc/en-us/articles/4408886165402",
            1,
            _zendesk,
            _has("Id", "Via", "Created at"),
            ("Id", "Via", "Created at"),
        ),
        Preset(
            "freshdesk",
            "Freshdesk",
            "tickets",
            "https://support.freshdesk.com/support/solutions/articles/50000000144",
            1,
            _freshdesk,
            _has("Ticket ID", "Created time"),
            ("Ticket ID", "Created time"),
        ),
        Preset(
            "ga4",
            "GA4 BigQuery",
            "events",
            "https://support.google.com/analytics/answer/7029846",
            1,
            _ga4,
            _has("event_name", "event_timestamp", "user_pseudo_id"),
            ("event_name", "event_timestamp", "user_pseudo_id"),
        ),
    )
}


def detect(header: list[str], source: str) -> Preset | None:
    """Return the preset whose columns the header has (None: not a layout cxkit knows)."""
    for preset in PRESETS.values():
        if preset.detect(header):
            return preset
    return None


# --- answers as the tools write them ------------------------------------------------------------
#: How a question is recognised by its wording, per course column (case ignored).
WORDING: dict[str, str] = {
    "nps": r"how likely .*recommend",
    "csat": r"how satisfied|overall satisfaction|satisfied (are|were) you",
    "ces": r"easy|effort",
    "comment": r"anything else|comments?\b|tell us|reason for your score",
}


def find_by_wording(texts: dict[str, str], column: str) -> list[str]:
    """Return the columns whose question text matches course `column`'s wording (in file order)."""
    pattern = re.compile(WORDING[column], re.IGNORECASE)
    return [name for name, text in texts.items() if pattern.search(text) and not name.endswith("_NPS_GROUP")]


#: Labelled answer scales, as the tools write their choices, and the course's number for each.
#: CSAT on five points (Very dissatisfied = 1 ... Very satisfied = 5); CES 2.0 on seven points of
#: agreement (Strongly disagree = 1 ... Strongly agree = 7; Dixon, Freeman & Toman 2010).
SCALES: dict[str, dict[str, int]] = {
    "csat": {
        "very dissatisfied": 1,
        "dissatisfied": 2,
        "neither satisfied nor dissatisfied": 3,
        "neutral": 3,
        "satisfied": 4,
        "very satisfied": 5,
    },
    "ces": {
        "strongly disagree": 1,
        "disagree": 2,
        "somewhat disagree": 3,
        "neither agree nor disagree": 4,
        "somewhat agree": 5,
        "agree": 6,
        "strongly agree": 7,
    },
}
_LEADING_NUMBER = re.compile(r"^\s*(\d{1,2})\s*(?:[-–—:=]|\(|$)")


def labelled_scale(values: pd.Series, column: str) -> dict[str, str]:
    """Return the words of `values` read as numbers: ``"10 - Extremely likely"`` -> ``"10"``.

    Endpoints written with their label (SurveyMonkey's and Typeform's ``"0 - Not at all likely"``)
    keep their number; a five-point satisfaction or seven-point agreement scale written in words
    becomes 1-5 or 1-7 (:data:`SCALES`). Returns the replacements (word -> number as text).
    """
    words = values.astype(TEXT_DTYPE).str.strip()
    present = [w for w in words.dropna().unique() if w]
    out: dict[str, str] = {}
    scale = SCALES.get(column, {})
    for w in present:
        if re.fullmatch(r"\d+", w):
            continue
        m = _LEADING_NUMBER.match(w)
        if m:
            out[w] = m.group(1)
        elif w.lower() in scale:
            out[w] = str(scale[w.lower()])
    if column == "ces" and out and not any("somewhat" in w.lower() for w in out):
        return {}  # a five-point agreement scale is not the course's seven-point CES: not guessed
    return out


# --- personal data ------------------------------------------------------------------------------
_PII = re.compile(
    r"e-?mail|\bname\b|firstname|lastname|recipient(first|last)?name|ip ?address|ipaddress|"
    r"latitude|longitude|location|\bphone\b|requester$|\brequester domain\b|full name|geo|city|postal",
    re.IGNORECASE,
)


def pii_columns(names: list[str], keep: set[str]) -> list[str]:
    """Return the columns that hold personal data by their name (e-mail, names, IP, location)."""
    return [n for n in names if n not in keep and _PII.search(n)]
