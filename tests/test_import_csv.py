"""Tests of cxkit.data.import_csv: a learner's own export, mapped, validated and reported on."""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest

from cxkit.data import import_csv, load
from cxkit.data.importing import ImportResult
from cxkit.errors import CXConfigError, CXDataError, CXDataWarning, CXFileNotFoundError

SURVEY_HEADER = "Response ID,Customer,Seg,Touchpoint,Channel,Sent,Answered,Answered at,Recommend,Sat,Ease"
#: their name -> the course's name, for SURVEY_HEADER
SURVEY_MAP = {
    "Response ID": "survey_id",
    "Customer": "customer_id",
    "Seg": "segment",
    "Touchpoint": "touchpoint",
    "Channel": "channel",
    "Sent": "sent_at",
    "Answered": "responded",
    "Answered at": "response_date",
    "Recommend": "nps",
    "Sat": "csat",
    "Ease": "ces",
}
GOOD = [
    "S0000001,C000001,B2C,delivery,web,2024-03-01 10:00:00,True,2024-03-02 09:00:00,9,5,6",
    "S0000002,C000002,B2B,checkout,web,2024-03-01 11:00:00,False,,,,",
    "S0000003,C000003,B2C,store_till,store,2024-03-02 12:00:00,True,2024-03-02 13:00:00,3,2,2",
]


def write(tmp_path: Path, lines: list[str], name: str = "export.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding=encoding)
    return path


def quiet_import(*args, **kw) -> ImportResult:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CXDataWarning)
        return import_csv(*args, **kw)


# --- mapping ------------------------------------------------------------------------------------
def test_mapping_gives_the_course_columns_and_types(tmp_path):
    path = write(tmp_path, [SURVEY_HEADER, *GOOD])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nothing dropped: no warning
        result = import_csv(path, kind="surveys", columns=SURVEY_MAP)
    df = result.data
    course = load("surveys")
    assert list(df.columns) == list(course.columns)
    assert (df.dtypes == course.dtypes).all()
    assert df["nps"].tolist()[:1] == [9]
    assert df["nps"].isna().tolist() == [False, True, False]
    assert df["response_date"].iloc[0] == pd.Timestamp("2024-03-02 09:00:00")
    # nullable course columns the export lacks are added blank, and the report says so
    assert df["comment"].isna().all()
    assert df["order_id"].isna().all()
    assert set(result.filled) == {"order_id", "ticket_id", "comment"}
    assert result.n_read == 3
    assert result.n_kept == 3
    assert len(result.dropped) == 0
    assert result.reasons().empty


def test_an_unknown_course_column_in_the_mapping_is_a_config_error(tmp_path):
    path = write(tmp_path, [SURVEY_HEADER, *GOOD])
    with pytest.raises(CXConfigError, match=r"'score'.*surveys.*nps"):
        import_csv(path, kind="surveys", columns={**SURVEY_MAP, "Recommend": "score"})


def test_two_columns_mapped_to_one_course_column_is_a_config_error(tmp_path):
    path = write(tmp_path, [SURVEY_HEADER, *GOOD])
    with pytest.raises(CXConfigError, match=r"'nps'.*'Recommend'.*'Sat'"):
        import_csv(path, kind="surveys", columns={**SURVEY_MAP, "Sat": "nps"})


def test_unknown_kind_is_a_config_error(tmp_path):
    path = write(tmp_path, [SURVEY_HEADER, *GOOD])
    with pytest.raises(CXConfigError, match="surveys"):
        import_csv(path, kind="survey", columns=SURVEY_MAP)


def test_a_mapped_column_missing_from_the_file_names_both_names(tmp_path):
    path = write(tmp_path, [SURVEY_HEADER.replace("Recommend", "Recommendation"), *GOOD])
    with pytest.raises(CXDataError) as err:
        import_csv(path, kind="surveys", columns=SURVEY_MAP)
    msg = str(err.value)
    assert "export.csv" in msg
    assert "'Recommend'" in msg
    assert "'nps'" in msg
    assert "Recommendation" in msg  # the columns the file has (and the likely one)


def test_missing_required_course_column_is_an_error_naming_it(tmp_path):
    header = SURVEY_HEADER.replace(",Seg", "")
    lines = [header] + [",".join(g.split(",")[:2] + g.split(",")[3:]) for g in GOOD]
    path = write(tmp_path, lines)
    mapping = {k: v for k, v in SURVEY_MAP.items() if k != "Seg"}
    with pytest.raises(CXDataError, match=r"export.csv.*'segment'.*columns=\{"):
        import_csv(path, kind="surveys", columns=mapping, course_rules=True)
    # a learner's own export may lack the segment: it is left blank and reported
    result = import_csv(path, kind="surveys", columns=mapping)
    assert result.data["segment"].isna().all()
    assert "segment" in result.filled


def test_defaults_fill_a_required_column_the_export_lacks(tmp_path):
    header = SURVEY_HEADER.replace(",Seg", "")
    lines = [header] + [",".join(g.split(",")[:2] + g.split(",")[3:]) for g in GOOD]
    path = write(tmp_path, lines)
    mapping = {k: v for k, v in SURVEY_MAP.items() if k != "Seg"}
    result = import_csv(path, kind="surveys", columns=mapping, defaults={"segment": "B2C"})
    assert result.data["segment"].astype(str).tolist() == ["B2C"] * 3
    assert "segment" in result.filled


def test_missing_file(tmp_path):
    with pytest.raises(CXFileNotFoundError, match=r"nope\.csv"):
        import_csv(tmp_path / "nope.csv", kind="surveys", columns=SURVEY_MAP)


# --- bad rows: dropped and reported -----------------------------------------------------------
BAD = [
    "S0000004,C000004,B2C,delivery,web,2024-03-03 10:00:00,True,2024-03-03 11:00:00,11,5,6",  # line 5
    "S0000005,C000005,B2C,delivery,fax,2024-03-03 10:00:00,True,2024-03-03 11:00:00,8,4,6",  # line 6
    ",,,,,,,,,,",  # line 7: a blank row
    "S0000001,C000006,B2C,delivery,web,2024-03-03 10:00:00,True,2024-03-03 11:00:00,8,4,6",  # line 8
    "S0000007,C000007,B2C,delivery,web,2024-03-03 10:00:00,False,,7,,",  # line 9: rule
]


def test_bad_rows_are_dropped_and_reported_with_their_lines(tmp_path):
    path = write(tmp_path, [SURVEY_HEADER, *GOOD, *BAD])
    with pytest.warns(CXDataWarning, match=r"dropped 5 of 8 rows of export.csv") as rec:
        result = import_csv(path, kind="surveys", columns=SURVEY_MAP, max_dropped=0.6, course_rules=True)
    message = str(rec[0].message)
    assert "result.dropped" in message
    assert result.data["survey_id"].tolist() == ["S0000001", "S0000002", "S0000003"]
    d = result.dropped.set_index("line")
    assert list(result.dropped.columns) == [
        "line",
        "column",
        "their_column",
        "value",
        "reason",
        "problem",
        "expected",
    ]
    assert sorted(d.index) == [5, 6, 7, 8, 9]
    assert d.loc[5, "reason"] == "out of range"
    assert d.loc[5, "their_column"] == "Recommend"
    assert d.loc[5, "column"] == "nps"
    assert d.loc[5, "value"] == "11"
    assert d.loc[6, "reason"] == "not an allowed value"
    assert d.loc[6, "value"] == "fax"
    assert d.loc[7, "reason"] == "blank row"
    assert d.loc[8, "reason"] == "duplicate key"
    assert "line 2" in d.loc[8, "problem"]
    assert d.loc[9, "reason"] == "breaks a rule"
    assert d.loc[9, "column"] == "nps"
    counts = result.reasons()
    assert counts.to_dict() == {
        "blank row": 1,
        "breaks a rule": 1,
        "duplicate key": 1,
        "not an allowed value": 1,
        "out of range": 1,
    }
    assert result.n_read == 8
    assert result.n_kept == 3


def test_fully_empty_lines_are_counted_not_dropped_silently(tmp_path):
    path = write(tmp_path, [SURVEY_HEADER, GOOD[0], "", GOOD[1], "", "", GOOD[2]])
    result = import_csv(path, kind="surveys", columns=SURVEY_MAP)
    assert len(result.data) == 3
    assert result.empty_lines == 3
    assert "3 empty lines" in str(result)


def test_on_bad_raise_names_file_line_both_columns_value_and_expected(tmp_path):
    path = write(tmp_path, [SURVEY_HEADER, *GOOD, BAD[0]])
    with pytest.raises(CXDataError) as err:
        import_csv(path, kind="surveys", columns=SURVEY_MAP, on_bad="raise")
    msg = str(err.value)
    assert "export.csv" in msg
    assert "line 5" in msg
    assert "'Recommend'" in msg
    assert "'nps'" in msg
    assert "'11'" in msg
    assert "from 0 to 10" in msg


def test_too_many_bad_rows_is_unrecoverable(tmp_path):
    # every date in the wrong format: a mapping/format problem, not a few bad rows
    lines = [SURVEY_HEADER] + [g.replace("2024-03-0", "0").replace(" 1", "/03/2024 1") for g in GOOD]
    path = write(tmp_path, lines)
    with pytest.raises(CXDataError) as err:
        import_csv(path, kind="surveys", columns=SURVEY_MAP)
    msg = str(err.value)
    assert "'Sent'" in msg
    assert "'sent_at'" in msg
    assert "line 2" in msg
    assert "date_format" in msg  # says how to read it


def test_bad_option_values(tmp_path):
    path = write(tmp_path, [SURVEY_HEADER, *GOOD])
    with pytest.raises(CXConfigError, match="on_bad"):
        import_csv(path, kind="surveys", columns=SURVEY_MAP, on_bad="skip")
    with pytest.raises(CXConfigError, match="max_dropped"):
        import_csv(path, kind="surveys", columns=SURVEY_MAP, max_dropped=2)
    with pytest.raises(CXConfigError, match="date_format"):
        import_csv(path, kind="surveys", columns=SURVEY_MAP, date_format={"nps": "%d/%m/%Y"})


# --- per kind -----------------------------------------------------------------------------------
def test_events_with_day_first_dates_and_a_bad_stage(tmp_path):
    lines = [
        "Journey;Cust;When;What;Step;Via;TP;Device;Campaign",
        "J0000001;C000001;01/03/2024 10:00:00;site_visit;consideration;web;website;desktop;",
        "J0000001;C000001;01/03/2024 10:05:00;added_to_basket;decision;web;basket;desktop;",
        "J0000001;C000001;31/02/2024 10:06:00;checkout_started;purchase;web;checkout;desktop;",
        "J0000002;;02/03/2024 09:00:00;ad_seen;Awareness;social;social_ad;mobile;spring",
    ]
    path = write(tmp_path, lines)
    mapping = dict(
        zip(
            lines[0].split(";"),
            ["case_id", "customer_id", "timestamp", "event", "stage", "channel", "touchpoint", "device"],
            strict=False,
        )
    )
    result = quiet_import(
        path,
        kind="events",
        columns=mapping,
        sep=";",
        date_format="%d/%m/%Y %H:%M:%S",
        max_dropped=0.5,
        course_rules=True,
    )
    assert result.data["timestamp"].tolist() == [
        pd.Timestamp("2024-03-01 10:00:00"),
        pd.Timestamp("2024-03-01 10:05:00"),
    ]
    d = result.dropped.set_index("line")
    assert d.loc[4, "reason"] == "unreadable value"
    assert d.loc[4, "value"] == "31/02/2024 10:06:00"
    assert "%d/%m/%Y %H:%M:%S" in d.loc[4, "expected"]
    assert d.loc[5, "reason"] == "not an allowed value"
    assert "awareness" in d.loc[5, "problem"]
    assert "campaign" in result.filled  # 'Campaign' was not mapped: it is kept as an extra column
    assert "Campaign" in result.data.columns


def test_tickets_with_a_rule_broken_and_a_bad_agent(tmp_path):
    header = "id,cust,via,about,opened,answered,closed,reopened,fcr,sat,agent"
    good = (
        "T000001,C000001,phone,delivery,2024-03-01 10:00:00,2024-03-01 10:05:00,"
        "2024-03-01 11:00:00,False,True,4,A001"
    )
    lines = [
        header,
        good,
        good.replace("T000001", "T000002").replace("11:00:00", "09:00:00"),  # resolved before opened
        good.replace("T000001", "T000003").replace("A001", "Bob"),
        good.replace("T000001", "T000004").replace(",4,", ",6,"),
        good.replace("T000001", "T000005"),
    ]
    path = write(tmp_path, lines)
    mapping = dict(zip(header.split(","), load("tickets").columns, strict=True))
    result = quiet_import(path, kind="tickets", columns=mapping, max_dropped=0.7, course_rules=True)
    assert result.data["ticket_id"].tolist() == ["T000001", "T000005"]
    reasons = result.dropped.set_index("line")["reason"].to_dict()
    assert reasons == {3: "breaks a rule", 4: "invalid identifier", 5: "out of range"}
    assert result.dropped.set_index("line").loc[3, "their_column"] == "closed"


def test_orders_with_decimal_commas(tmp_path):
    lines = [
        "Order;Customer;Placed;Amount;Where;Qty;Promised;Delivered",
        "O0000001;C000001;01/03/2024 10:00:00;86,84;web;2;04/03/2024;04/03/2024",
        "O0000002;C000002;01/03/2024 11:00:00;12,5;store;1;;",
        "O0000003;C000003;01/03/2024 12:00:00;1.200,00;web;1;04/03/2024;",
    ]
    path = write(tmp_path, lines)
    mapping = dict(zip(lines[0].split(";"), load("orders").columns, strict=True))
    result = quiet_import(
        path,
        kind="orders",
        columns=mapping,
        sep=";",
        decimal=",",
        date_format={
            "timestamp": "%d/%m/%Y %H:%M:%S",
            "promised_date": "%d/%m/%Y",
            "delivered_date": "%d/%m/%Y",
        },
        max_dropped=0.5,
    )
    assert result.data["value"].tolist() == [86.84, 12.5]
    assert result.data["delivered_date"].iloc[0] == pd.Timestamp("2024-03-04")
    assert result.dropped["reason"].tolist() == ["unreadable value"]
    assert result.dropped["line"].tolist() == [4]


def test_semicolons_and_decimal_commas_are_found_without_being_told(tmp_path):
    """A European spreadsheet's export: ';' between values and '4,5' for numbers, no options given."""
    lines = [
        "Order;Customer;Placed;Amount;Where;Qty;Promised;Delivered",
        "O0000001;C000001;01/03/2024 10:00:00;86,84;web;2;04/03/2024;04/03/2024",
        "O0000002;C000002;01/03/2024 11:00:00;12,5;store;1;;",
    ]
    path = write(tmp_path, lines)
    mapping = dict(zip(lines[0].split(";"), load("orders").columns, strict=True))
    formats = {"timestamp": "%d/%m/%Y %H:%M:%S", "promised_date": "%d/%m/%Y", "delivered_date": "%d/%m/%Y"}
    result = quiet_import(path, kind="orders", columns=mapping, date_format=formats)
    assert result.data["value"].tolist() == [86.84, 12.5]
    assert any("semicolons" in note for note in result.notes)
    assert any("decimal comma" in note for note in result.notes)
    assert len(result.data) + len(result.dropped) == 2
    told = quiet_import(path, kind="orders", columns=mapping, date_format=formats, sep=";", decimal=",")
    pd.testing.assert_frame_equal(result.data, told.data)


def test_a_point_anywhere_keeps_the_decimal_point(tmp_path):
    """';' with '4.5' numbers (and one '12,5'): read with '.', and the odd row is reported, not misread."""
    lines = [
        "Order;Customer;Placed;Amount;Where;Qty;Promised;Delivered",
        "O0000001;C000001;2024-03-01 10:00:00;86.84;web;2;2024-03-04;2024-03-04",
        "O0000002;C000002;2024-03-01 11:00:00;12,5;store;1;;",
        "O0000003;C000003;2024-03-01 12:00:00;3.5;store;1;;",
    ]
    path = write(tmp_path, lines)
    mapping = dict(zip(lines[0].split(";"), load("orders").columns, strict=True))
    result = quiet_import(path, kind="orders", columns=mapping, max_dropped=0.5)
    assert result.data["value"].tolist() == [86.84, 3.5]
    assert result.dropped["line"].tolist() == [3]
    assert not any("decimal comma" in note for note in result.notes)


def test_commas_win_a_tie_and_a_comma_file_never_gets_a_decimal_comma(tmp_path):
    path = write(tmp_path, [SURVEY_HEADER, *GOOD])
    result = import_csv(path, kind="surveys", columns=SURVEY_MAP)
    assert not any("separated" in note or "decimal" in note for note in result.notes)
    with pytest.raises(CXConfigError, match="sep and decimal cannot both be ','"):
        import_csv(path, kind="surveys", columns=SURVEY_MAP, decimal=",")


# --- encoding -------------------------------------------------------------------------------------
def test_utf8_with_bom(tmp_path):
    path = write(tmp_path, [SURVEY_HEADER, *GOOD], encoding="utf-8-sig")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    result = import_csv(path, kind="surveys", columns=SURVEY_MAP)
    assert len(result.data) == 3


def test_windows_1252_is_detected_and_reported(tmp_path):
    lines = [SURVEY_HEADER + ",Comment", GOOD[0] + ",Très bien – merci", GOOD[1] + ",", GOOD[2] + ",ok"]
    path = tmp_path / "latin.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    result = import_csv(path, kind="surveys", columns={**SURVEY_MAP, "Comment": "comment"})
    assert result.encoding == "cp1252"
    assert result.data["comment"].iloc[0] == "Très bien – merci"
    assert any("cp1252" in note for note in result.notes)
    # a stated encoding that does not fit is an error naming it
    with pytest.raises(CXDataError, match="utf-8"):
        import_csv(path, kind="surveys", columns=SURVEY_MAP, encoding="utf-8")


# --- the course data through import_csv: the same frame -----------------------------------------
def test_the_course_file_imports_to_the_course_frame():
    from cxkit.data import data_dir

    result = import_csv(data_dir() / "tickets.csv", kind="tickets")
    pd.testing.assert_frame_equal(result.data, load("tickets"))
    assert result.n_read == result.n_kept
    assert result.filled == []


def test_values_translate_the_exports_words(tmp_path):
    lines = [SURVEY_HEADER, *(g.replace(",web,", ",Web,").replace(",store,", ",Shop,") for g in GOOD)]
    path = write(tmp_path, lines)
    result = import_csv(
        path, kind="surveys", columns=SURVEY_MAP, values={"channel": {"Web": "web", "Shop": "store"}}
    )
    assert result.data["channel"].astype(str).tolist() == ["web", "web", "store"]
    with pytest.raises(CXConfigError, match="chanel"):
        import_csv(path, kind="surveys", columns=SURVEY_MAP, values={"chanel": {"Web": "web"}})


def test_many_bad_rows_across_chunks_and_a_duplicate_far_apart(tmp_path):
    """More bad rows than the whole-file retries: found chunk by chunk; a duplicate across chunks too."""
    from cxkit.data import data_dir

    lines = (data_dir() / "tickets.csv").read_text(encoding="utf-8").splitlines()
    bad_lines = list(range(100, 3000, 250))  # 12 bad rows (1-based lines), in every chunk
    for line in bad_lines:
        fields = lines[line - 1].split(",")
        fields[9] = "9"  # csat out of range
        lines[line - 1] = ",".join(fields)
    lines.append(lines[1])  # the first ticket again, 3,048 rows later
    path = write(tmp_path, lines, name="tickets_bad.csv")
    result = quiet_import(path, kind="tickets")
    assert result.dropped["line"].tolist() == [*bad_lines, len(lines)]
    assert result.reasons().to_dict() == {"duplicate key": 1, "out of range": 12}
    course = load("tickets")
    expected = course.drop(index=[line - 2 for line in bad_lines]).reset_index(drop=True)
    pd.testing.assert_frame_equal(result.data, expected)
