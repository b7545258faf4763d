"""import_csv(path, source=...) on exports laid out as each tool writes them (tests/fixtures/exports).

Every fixture is small and hand-made from the tool's documentation (see the folder's README), with
the tool's own mess: previews and tests, partial responses, duplicates, blank answers, a comment
with a newline and a comma. Every test checks that nothing is dropped silently:
``len(data) + len(dropped) == n_read``.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest

from cxkit.data import import_csv
from cxkit.data.exports import PRESETS
from cxkit.data.importing import ImportResult
from cxkit.errors import CXConfigError, CXDataError, CXDataWarning

FIXTURES = Path(__file__).parent / "fixtures" / "exports"
FILES = {
    "qualtrics": "qualtrics_nps.csv",
    "surveymonkey": "surveymonkey_all_responses.csv",
    "google_forms": "google_forms_responses.csv",
    "typeform": "typeform_responses.csv",
    "zendesk": "zendesk_tickets.csv",
    "freshdesk": "freshdesk_tickets.csv",
    "ga4": "ga4_events_flat.csv",
}


def imported(name: str, **kw) -> ImportResult:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CXDataWarning)
        result = import_csv(FIXTURES / name, **kw)
    assert len(result.data) + len(result.dropped) == result.n_read  # nothing dropped silently
    return result


def dropped_at(result: ImportResult) -> dict[int, str]:
    return dict(zip(result.dropped["line"].tolist(), result.dropped["reason"].tolist(), strict=True))


# --- the fixtures are what the tools write -----------------------------------------------------------
def test_the_fixtures_are_written_as_the_tools_write_them():
    raw = {name: (FIXTURES / f).read_bytes() for name, f in FILES.items()}
    assert raw["qualtrics"].startswith(b"\xef\xbb\xbfStartDate,EndDate,Status,")  # UTF-8 with BOM
    assert b"\r\n" in raw["qualtrics"]
    assert raw["zendesk"].startswith(b"\xef\xbb\xbf")
    tsv = (FIXTURES / "qualtrics_nps.tsv").read_bytes()
    assert tsv.startswith(b"\xff\xfe")  # UTF-16, little-endian, with its byte-order mark
    assert "\t" in tsv.decode("utf-16").splitlines()[0]
    assert b'{""ImportId"":""startDate"",""timeZone"":""America/Denver""}' in raw["qualtrics"]
    readme = (FIXTURES / "README.md").read_text(encoding="utf-8")
    for name, f in FILES.items():
        assert f in readme, f
        assert PRESETS[name].doc in readme, name


# --- Qualtrics ---------------------------------------------------------------------------------------
def test_qualtrics_three_header_rows_status_and_time_zone():
    result = imported("qualtrics_nps.csv", source="qualtrics")
    assert result.tool == "qualtrics"
    assert result.n_read == 8
    # the header takes lines 1-3; the second response's comment spans lines 5-6
    assert dropped_at(result) == {4: "survey preview", 8: "spam", 9: "duplicate key", 13: "survey test"}
    d = result.data
    assert d["survey_id"].tolist() == [
        "R_1dG4hJkL8mN2pQ5",
        "R_3sT6uV9wX2yZ5aB",
        "R_7cD1eF4gH7iJ0kL",
        "R_5mN8oP1qR4sT7uV",
    ]
    # ExternalReference where given, else the response's own id
    assert d["customer_id"].tolist() == ["CUST-0042", "R_3sT6uV9wX2yZ5aB", "CUST-0107", "R_5mN8oP1qR4sT7uV"]
    assert d["response_date"].tolist()[0] == pd.Timestamp("2024-03-05 09:15:02")  # RecordedDate
    assert result.time_zone == "America/Denver"
    assert d["nps"].tolist()[:3] == [9, 3, 10]  # Q1, the question with Q1_NPS_GROUP
    assert d["nps"].isna().tolist() == [False, False, False, True]
    assert d["csat"].tolist()[0] == 4
    assert d["csat"].tolist()[2:] == [5, 2]
    assert d["comment"].iloc[0].startswith("Delivery was quick, and")
    assert "\n" in d["comment"].iloc[0]
    assert d["responded"].all()
    assert d["sent_at"].isna().all()
    assert "Finished" in d.columns
    assert d["Finished"].tolist()[1] == "False"
    notes = "\n".join(result.notes)
    assert "America/Denver" in notes
    assert "1 partial responses" in notes
    assert "'Very satisfied' = 5" in notes
    assert "respondents only" in notes
    assert set(result.pii_dropped) == {
        "IPAddress",
        "RecipientLastName",
        "RecipientFirstName",
        "RecipientEmail",
        "LocationLatitude",
        "LocationLongitude",
    }
    assert not set(result.pii_dropped) & set(d.columns)


def test_qualtrics_tsv_in_utf16_gives_the_same_table():
    csv_result = imported("qualtrics_nps.csv", source="qualtrics")
    tsv_result = imported("qualtrics_nps.tsv", source="qualtrics")
    assert tsv_result.encoding == "utf-16"
    assert any("tabs" in n for n in tsv_result.notes)
    pd.testing.assert_frame_equal(csv_result.data, tsv_result.data)
    pd.testing.assert_frame_equal(csv_result.dropped, tsv_result.dropped)


def test_qualtrics_numeric_values_export(tmp_path):
    """With "Use numeric values", Status is 0 (IP Address), 1 (Preview), 2 (Test), 8 (Spam)."""
    text = (FIXTURES / FILES["qualtrics"]).read_text(encoding="utf-8-sig")
    codes = {",IP Address,": ",0,", ",Survey Preview,": ",1,", ",Survey Test,": ",2,", ",Spam,": ",8,"}
    for word, code in codes.items():
        text = text.replace(word, code)
    path = tmp_path / "numeric.csv"
    path.write_text(text, encoding="utf-8-sig")
    result = imported(str(path), source="qualtrics")
    assert dropped_at(result) == {4: "survey preview", 8: "spam", 9: "duplicate key", 13: "survey test"}
    assert result.dropped["value"].tolist()[0] == "1"


def test_keep_pii_keeps_the_personal_columns():
    result = imported("qualtrics_nps.csv", source="qualtrics", keep_pii=True)
    assert result.pii_dropped == []
    assert result.data["RecipientEmail"].tolist()[0] == "ada.okafor@example.com"


def test_the_learners_mapping_overrides_the_preset(tmp_path):
    result = imported(
        "qualtrics_nps.csv",
        source="qualtrics",
        columns={"DistributionChannel": "channel", "Q3": "comment"},
        defaults={"segment": "B2C"},
    )
    assert result.data["channel"].astype(str).tolist() == ["email", "anonymous", "email", "anonymous"]
    assert result.data["segment"].astype(str).tolist() == ["B2C"] * 4
    assert any("channel: the file's own values" in n for n in result.notes)


# --- SurveyMonkey ------------------------------------------------------------------------------------
def test_surveymonkey_two_header_rows_us_dates_and_worded_endpoints():
    result = imported("surveymonkey_all_responses.csv", source="surveymonkey")
    assert result.n_read == 6
    assert dropped_at(result) == {8: "duplicate key"}  # the same Respondent ID twice
    d = result.data
    assert d["survey_id"].tolist()[0] == "114229388392"
    # "03/05/2024 02:16:40 PM" is 5 March, 14:16:40
    assert d["response_date"].tolist()[:3] == [
        pd.Timestamp("2024-03-05 14:16:40"),
        pd.Timestamp("2024-03-05 21:03:02"),
        pd.Timestamp("2024-03-06 08:31:00"),
    ]
    assert d["nps"].tolist() == [10, 6, 0, 8, 9]  # "10 - Extremely likely", "0 - Not at all likely"
    assert d["csat"].tolist()[:3] == [5, 3, 1]
    assert d["customer_id"].tolist()[:3] == ["CUST-0042", "CUST-0107", "114229455310"]
    # the multi-column question: the option labels of the second header row name its columns
    assert "Which channels did you use before you ordered? (select all that apply) - App" in d.columns
    assert d["comment"].iloc[2] == "The parcel came two days late,\nand nobody answered my e-mail."


# --- Google Forms ------------------------------------------------------------------------------------
def test_google_forms_timestamp_and_question_headers():
    result = imported("google_forms_responses.csv", source="google_forms")
    d = result.data
    assert result.n_read == 5
    assert len(result.dropped) == 0
    assert d["survey_id"].tolist() == ["line 2", "line 3", "line 4", "line 6", "line 8"]
    assert d["response_date"].iloc[0] == pd.Timestamp("2024-03-05 09:14:02")
    assert d["nps"].tolist() == [9, 7, 2, 2, 10]
    assert d["csat"].tolist()[:4] == [5, 4, 1, 1]
    assert result.pii_dropped == ["Email address"]
    assert any("found by its wording" in n and "recommend" in n for n in result.notes)


def test_a_day_first_spreadsheet_locale_is_given_with_date_format(tmp_path):
    text = (FIXTURES / "google_forms_responses.csv").read_text(encoding="utf-8")
    path = tmp_path / "form_uk.csv"
    path.write_text(text.replace("3/5/2024 9:14:02", "13/3/2024 9:14:02"), encoding="utf-8")
    with pytest.raises(CXDataError, match="13/3/2024"):  # the preset's US dates: 13/3 is no date
        import_csv(path, source="google_forms", on_bad="raise")
    result = imported(str(path), source="google_forms", date_format="%d/%m/%Y %H:%M:%S")
    assert result.data["response_date"].iloc[0] == pd.Timestamp("2024-03-13 09:14:02")
    assert result.data["response_date"].iloc[1] == pd.Timestamp("2024-05-03 17:40:31")


# --- Typeform ----------------------------------------------------------------------------------------
def test_typeform_token_hidden_field_and_utc_dates():
    result = imported("typeform_responses.csv", source="typeform")
    d = result.data
    assert result.n_read == 4
    assert len(result.dropped) == 0
    assert d["survey_id"].iloc[0] == "k2b9xq1v7d8m3n0plr6t4w5y2z8a1c3e"
    assert d["customer_id"].tolist() == [
        "CUST-0042",
        "CUST-0107",
        "z1x2c3v4b5n6m7l8k9j0h1g2f3d4s5a6",
        "CUST-0311",
    ]
    assert d["nps"].tolist() == [10, 4, 0, 8]
    assert d["ces"].tolist() == [7, 2, 1, 5]
    assert result.time_zone == "UTC"
    assert d["comment"].iloc[3] == 'My order was fine, the "tracking" page was not, though.'


# --- Zendesk and Freshdesk ---------------------------------------------------------------------------
def test_zendesk_ticket_export():
    result = imported("zendesk_tickets.csv", source="zendesk")
    assert result.kind == "tickets"
    assert result.n_read == 5
    assert dropped_at(result) == {5: "breaks a rule"}  # solved before it was created
    assert result.dropped["their_column"].tolist() == ["Solved at"]
    d = result.data.set_index("ticket_id")
    assert d.loc["10231", "first_response_at"] == pd.Timestamp("2024-03-05 09:26:44")  # + 14 minutes
    assert d.loc["10232", "first_response_at"] == pd.Timestamp("2024-03-05 14:35:00")  # + 185 minutes
    assert pd.isna(d.loc["10233", "first_response_at"])
    assert d["reopened"].tolist() == [False, True, False, False]
    assert d["first_contact_resolution"].tolist() == [True, False, False, False]
    assert d["satisfied"].tolist() == ["True", "False", "", ""]
    assert d["csat"].isna().all()
    assert d["channel"].astype(str).tolist() == ["Web form", "Mail", "Chat", "Mail"]
    assert pd.isna(d.loc["10233", "category"])
    assert pd.isna(d.loc["10233", "agent"])
    assert set(result.pii_dropped) == {"Requester", "Requester email", "Requester domain"}


def test_a_derived_column_reports_an_unreadable_source_value(tmp_path):
    """Zendesk's reply count written as text: the row is dropped and named, not left blank silently."""
    text = (FIXTURES / FILES["zendesk"]).read_text(encoding="utf-8-sig")
    path = tmp_path / "zendesk.csv"
    path.write_text(text.replace(",Good,1,1,0,1,14,", ",Good,1,1,0,one,14,"), encoding="utf-8-sig")
    with pytest.raises(CXDataError, match=r"line 2 of zendesk.csv.*found 'one'; expected True or False"):
        import_csv(path, source="zendesk")  # two bad rows of five: more than 5%
    result = imported(str(path), source="zendesk", max_dropped=0.5)
    bad = result.dropped.set_index("line").loc[2]
    assert bad["column"] == "first_contact_resolution"
    assert bad["their_column"] == "Replies, Reopens"
    assert bad["value"] == "one"
    assert bad["expected"] == "True or False"


def test_freshdesk_ticket_export():
    result = imported("freshdesk_tickets.csv", source="freshdesk")
    assert result.n_read == 5
    assert dropped_at(result) == {6: "duplicate key"}
    d = result.data.set_index("ticket_id")
    assert d.loc["1042", "first_response_at"] == pd.Timestamp("2024-03-05 14:35:00")
    assert d["first_contact_resolution"].tolist() == [True, False, False, True]
    assert d["reopened"].isna().all()
    assert d["customer_id"].tolist() == ["77000412345", "77000412399", "77000412400", "77000412345"]
    assert d["channel"].astype(str).tolist() == ["Email", "Phone", "Chat", "Portal"]
    assert set(result.pii_dropped) == {"Full name", "Email"}


# --- GA4 -----------------------------------------------------------------------------------------------
def test_ga4_bigquery_export_flattened():
    result = imported("ga4_events_flat.csv", source="ga4")
    assert result.kind == "events"
    assert result.n_read == 13
    assert len(result.dropped) == 0
    d = result.data
    # 1709629964123456 microseconds after 1970-01-01 UTC
    assert d["timestamp"].iloc[0] == pd.Timestamp("2024-03-05 09:12:44")
    assert d["case_id"].nunique() == 3  # three sessions, two of the same user
    assert d["case_id"].iloc[0] == "1197452001.1709629964.1709629964"
    assert d["channel"].astype(str).tolist()[6:8] == ["web", "app"]
    assert d["stage"].astype(str).tolist()[:7] == [
        "consideration",
        "consideration",
        "consideration",
        "decision",
        "decision",
        "purchase",
        "purchase",
    ]
    assert pd.isna(d["stage"].iloc[10])  # user_engagement: not a recommended e-commerce event
    assert d["customer_id"].notna().sum() == 4
    assert d["device"].astype(str).tolist()[-1] == "desktop"


# --- auto ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("tool", sorted(FILES))
def test_auto_detects_each_tool_and_says_so(tool):
    result = imported(FILES[tool], source="auto")
    assert result.tool == tool
    assert any(f"detected {PRESETS[tool].tool}" in n for n in result.notes)
    preset = imported(FILES[tool], source=tool)
    pd.testing.assert_frame_equal(result.data, preset.data)


def test_auto_on_a_plain_csv_says_it_found_no_tool(tmp_path):
    path = tmp_path / "plain.csv"
    path.write_text("survey_id,response_date,nps\nA-1,2024-03-05 10:00:00,9\n", encoding="utf-8")
    result = imported(str(path), source="auto")
    assert result.tool == ""
    assert any("not one of a known tool" in n for n in result.notes)
    assert result.data["nps"].tolist() == [9]


def test_auto_reads_the_course_file_as_the_course_frame():
    from cxkit.data import data_dir, load

    result = imported(str(data_dir() / "tickets.csv"), source="auto", kind="tickets")
    assert result.tool == ""
    pd.testing.assert_frame_equal(result.data, load("tickets"))


# --- options ------------------------------------------------------------------------------------------
def test_bad_source_and_kind(tmp_path):
    with pytest.raises(CXConfigError, match="qualtrics"):
        import_csv(FIXTURES / FILES["qualtrics"], source="qualtrix")
    with pytest.raises(CXConfigError, match="tickets"):
        import_csv(FIXTURES / FILES["zendesk"], source="zendesk", kind="surveys")
    with pytest.raises(CXConfigError, match="encoding"):
        import_csv(FIXTURES / FILES["qualtrics"], source="qualtrics", encoding="klingon")


# --- a learner's own ids and words; respondents only ------------------------------------------------
def test_a_qualtrics_file_with_its_extra_rows_deleted_by_hand_imports(tmp_path):
    """The issue's case: R_... ids are not the course's S0000001, and there are no invitations."""
    lines = (FIXTURES / FILES["qualtrics"]).read_text(encoding="utf-8-sig").split("\n")
    path = tmp_path / "by_hand.csv"
    path.write_text("\n".join([lines[0], *lines[3:]]), encoding="utf-8")
    result = imported(
        str(path),
        columns={"ResponseId": "survey_id", "RecordedDate": "response_date", "Q1": "nps"},
        max_dropped=0.5,
    )
    assert result.data["survey_id"].iloc[0] == "R_2xPv7QmT9kLw3Ab"  # the preview: no preset, kept
    assert result.data["responded"].all()
    with pytest.raises(CXDataError, match="identifier"):
        import_csv(
            path,
            columns={"ResponseId": "survey_id", "RecordedDate": "response_date"},
            defaults={"segment": "B2C", "touchpoint": "delivery", "channel": "web"},
            course_rules=True,
        )


@pytest.mark.parametrize(
    ("tool", "deleted"), [("qualtrics", [1, 2]), ("qualtrics", [2]), ("surveymonkey", [1])]
)
def test_header_rows_deleted_by_hand_are_not_a_data_row_lost(tool, deleted, tmp_path):
    """With source=, a header row someone deleted does not make the first answer vanish."""
    encoding = "utf-8-sig" if tool == "qualtrics" else "utf-8"
    whole = imported(FILES[tool], source=tool)
    lines = (FIXTURES / FILES[tool]).read_text(encoding=encoding).split("\n")
    path = tmp_path / FILES[tool]
    path.write_text("\n".join(line for i, line in enumerate(lines) if i not in deleted), encoding="utf-8")
    result = imported(str(path), source=tool)
    assert result.n_read == whole.n_read  # every answer read, none taken for a header row
    assert any("deleted" in n for n in result.notes)
    if 1 not in deleted:  # the question texts are still there: the same table
        pd.testing.assert_frame_equal(result.data, whole.data)


def test_response_rate_of_a_respondents_only_export_says_it_cannot_be_computed():
    from cxkit.metrics import nps, response_rate

    surveys = imported(FILES["typeform"], source="typeform").data
    with pytest.raises(CXDataError, match="invitations") as err:
        response_rate(surveys)
    assert "responses=" in str(err.value)
    assert nps(surveys["nps"]).value == pytest.approx(
        -25.0
    )  # (1 promoter - 2 detractors) / 4: the rest works
