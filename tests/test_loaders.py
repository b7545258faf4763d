"""Tests of cxkit.data.loaders: typed loading, validation and its error messages."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cxkit.data import loaders, schema
from cxkit.data.loaders import check_references, data_dir, load, load_all, read_csv, validate
from cxkit.errors import CXConfigError, CXDataError

REPO_DATA = Path(__file__).resolve().parents[1] / "datasets"


# ---------------------------------------------------------------------------------------------
# A tiny, valid, consistent copy of every course table, as CSV text (strings)
# ---------------------------------------------------------------------------------------------
def good_tables() -> dict[str, pd.DataFrame]:
    """Every table as raw strings, exactly as read from a CSV file ('' = blank)."""
    rows = {
        "customers": [
            ["C000001", "2024-01-05", "B2C", "North", "web", "Busy Parent"],
            ["C000002", "2024-02-10", "B2B", "South", "referral", "Office Manager"],
            ["C000003", "2024-03-15", "B2C", "East", "store", "Bargain Hunter"],
        ],
        "orders": [
            ["O0000001", "C000001", "2024-03-01 10:15:00", "59.90", "web", "2", "2024-03-04", "2024-03-04"],
            ["O0000002", "C000002", "2024-03-02 11:00:00", "1200.00", "phone", "40", "2024-03-06", ""],
            ["O0000003", "C000003", "2024-03-03 16:45:30", "12.50", "store", "1", "", ""],
        ],
        "events": [
            [
                "J0000001",
                "C000001",
                "2024-03-01 10:00:00",
                "site_visit",
                "consideration",
                "web",
                "website",
                "desktop",
                "spring",
            ],
            [
                "J0000001",
                "C000001",
                "2024-03-01 10:15:00",
                "payment_completed",
                "purchase",
                "web",
                "checkout",
                "desktop",
                "",
            ],
            [
                "J0000002",
                "",
                "2024-03-02 09:00:00",
                "ad_seen",
                "awareness",
                "social",
                "social_ad",
                "mobile",
                "",
            ],
            [
                "J0000003",
                "C000003",
                "2024-03-03 16:45:30",
                "store_purchase",
                "purchase",
                "store",
                "store_till",
                "",
                "",
            ],
        ],
        "surveys": [
            [
                "S0000001",
                "C000001",
                "B2C",
                "delivery",
                "web",
                "O0000001",
                "",
                "2024-03-05 09:00:00",
                "True",
                "2024-03-05 12:00:00",
                "9",
                "5",
                "6",
                "Quick delivery, thanks",
            ],
            [
                "S0000002",
                "C000002",
                "B2B",
                "support_phone",
                "phone",
                "",
                "T000001",
                "2024-03-07 09:00:00",
                "False",
                "",
                "",
                "",
                "",
                "",
            ],
            [
                "S0000003",
                "C000003",
                "B2C",
                "store_till",
                "store",
                "O0000003",
                "",
                "2024-03-04 09:00:00",
                "True",
                "2024-03-04 18:30:00",
                "3",
                "2",
                "3",
                "Long queue\nat the till",
            ],
        ],
        "tickets": [
            [
                "T000001",
                "C000002",
                "phone",
                "delivery",
                "2024-03-06 14:00:00",
                "2024-03-06 14:05:00",
                "2024-03-06 15:00:00",
                "False",
                "True",
                "4",
                "A001",
            ],
            [
                "T000002",
                "C000001",
                "chat",
                "billing",
                "2024-03-08 10:00:00",
                "",
                "",
                "False",
                "False",
                "",
                "A002",
            ],
        ],
        "touchpoints": [
            [tp, stage, ch, owner, str(rev), phase]
            for tp, (stage, ch, owner, rev, phase) in schema.TOUCHPOINTS.items()
        ],
        "conversations": [
            [
                "V0000001",
                "",
                "",
                "social",
                "x",
                "True",
                "2024-03-05 20:00:00",
                "Does Larkspur deliver to the islands?",
            ],
            [
                "V0000002",
                "C000002",
                "T000001",
                "phone",
                "",
                "False",
                "2024-03-06 14:20:00",
                "Customer called about a late parcel, happy with the outcome.",
            ],
        ],
    }
    return {
        name: pd.DataFrame(r, columns=schema.TABLES[name].column_names, dtype="str")
        for name, r in rows.items()
    }


@pytest.fixture
def tables() -> dict[str, pd.DataFrame]:
    return good_tables()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Return a data folder with every good table written as CSV."""
    out = tmp_path / "datasets"
    out.mkdir()
    for name, df in good_tables().items():
        df.to_csv(out / schema.TABLES[name].filename, index=False)
    return out


def bad(tables: dict[str, pd.DataFrame], name: str, row: int, column: str, value: str) -> pd.DataFrame:
    df = tables[name].copy()
    df.loc[row, column] = value
    return df


def raises(df: pd.DataFrame, name: str, *parts: str, source: str | None = None) -> str:
    """Validate `df`, expect a CXDataError, check every part is in the message, return it."""
    with pytest.raises(CXDataError) as info:
        validate(df, name, source=source)
    msg = str(info.value)
    for part in parts:
        assert part in msg, f"{part!r} not in message: {msg}"
    return msg


# ---------------------------------------------------------------------------------------------
# Good data
# ---------------------------------------------------------------------------------------------
EXPECTED_DTYPE = {
    "id": loaders.TEXT_DTYPE,
    "text": loaders.TEXT_DTYPE,
    "float": np.dtype("float64"),
    "bool": pd.BooleanDtype(),
    "date": np.dtype("datetime64[us]"),
    "datetime": np.dtype("datetime64[us]"),
}


def expected_dtype(col: schema.Column):
    if col.kind == "category":
        return pd.CategoricalDtype(list(col.allowed), ordered=col.ordered)
    if col.kind == "int":
        return pd.Int64Dtype() if col.nullable else np.dtype("int64")
    return EXPECTED_DTYPE[col.kind]


def assert_schema_dtypes(df: pd.DataFrame, name: str) -> None:
    tbl = schema.TABLES[name]
    assert list(df.columns[: len(tbl.columns)]) == tbl.column_names
    for col in tbl.columns:
        assert df[col.name].dtype == expected_dtype(col), (name, col.name, df[col.name].dtype)


@pytest.mark.parametrize("name", list(schema.TABLES))
def test_good_frame_gets_documented_dtypes(tables, name):
    out = validate(tables[name], name)
    assert_schema_dtypes(out, name)
    assert len(out) == len(tables[name])


def test_values_are_converted_correctly(tables):
    s = validate(tables["surveys"], "surveys")
    assert s["nps"].tolist() == [9, pd.NA, 3]
    assert s["responded"].tolist() == [True, False, True]
    assert s.loc[0, "sent_at"] == pd.Timestamp("2024-03-05 09:00:00")
    assert pd.isna(s.loc[1, "response_date"])
    assert pd.isna(s.loc[1, "order_id"])
    assert pd.isna(s.loc[1, "comment"])
    assert s.loc[2, "comment"] == "Long queue\nat the till"
    o = validate(tables["orders"], "orders")
    assert o["value"].tolist() == [59.9, 1200.0, 12.5]
    assert o["items"].dtype == "int64"
    assert o["items"].sum() == 43
    assert o["promised_date"].isna().tolist() == [False, False, True]
    e = validate(tables["events"], "events")
    assert e["stage"].cat.ordered
    assert e["stage"].min() == "awareness"
    assert pd.isna(e.loc[3, "device"])


def test_input_frame_is_not_mutated(tables):
    raw = tables["surveys"]
    before = raw.copy()
    out = validate(raw, "surveys")
    pd.testing.assert_frame_equal(raw, before)
    out.loc[0, "comment"] = "changed"
    pd.testing.assert_frame_equal(raw, before)


def test_already_typed_frame_validates_to_the_same(tables):
    typed = validate(tables["orders"], "orders")
    again = validate(typed, "orders")
    pd.testing.assert_frame_equal(typed, again)


def test_learner_frame_with_python_objects_and_own_index():
    df = pd.DataFrame(
        {
            "touchpoint": ["website", "basket"],
            "stage": ["consideration", "decision"],
            "channel": ["web", "web"],
            "owner": ["E-commerce", "E-commerce"],
            "revenue": [False, True],
            "phase": ["before", "during"],
            "note": [1, 2],
        },
        index=["a", "b"],
    )
    out = validate(df, "touchpoints")
    assert list(out.index) == ["a", "b"]
    assert out["revenue"].dtype == "boolean"
    assert out["note"].tolist() == [1, 2]
    df.loc["b", "stage"] = "checkout"
    raises(df, "touchpoints", "row 1 (index label 'b')", "'checkout'")


def test_bool_spellings_are_accepted(tables):
    df = tables["tickets"].copy()
    df["reopened"] = ["true", "0"]
    df["first_contact_resolution"] = ["1", "FALSE"]
    out = validate(df, "tickets")
    assert out["reopened"].tolist() == [True, False]
    assert out["first_contact_resolution"].tolist() == [True, False]


def test_extra_columns_are_kept_after_the_schema_columns(tables):
    df = tables["customers"].assign(note=["a", "", "c"])
    out = validate(df, "customers")
    assert list(out.columns) == [*schema.TABLES["customers"].column_names, "note"]
    assert out["note"].tolist() == ["a", "", "c"]


# ---------------------------------------------------------------------------------------------
# One case per kind of bad input: the message names the table, column, row, value and expectation
# ---------------------------------------------------------------------------------------------
BAD_VALUES = [
    # (table, row, column, bad value, further parts of the message)
    pytest.param("customers", 1, "segment", "", ("blank", "''"), id="blank-in-required-column"),
    pytest.param(
        "surveys", 2, "nps", "nine", ("'nine'", "whole number from 0 to 10"), id="non-numeric-score"
    ),
    pytest.param("surveys", 0, "csat", "7.5", ("'7.5'", "not a whole number"), id="fraction-in-int-column"),
    pytest.param("surveys", 2, "nps", "11", ("11", "out of range", "from 0 to 10"), id="nps-out-of-range"),
    pytest.param("tickets", 0, "csat", "0", ("'0'", "from 1 to 5"), id="csat-out-of-range"),
    pytest.param("orders", 1, "value", "-5", ("'-5'", "at least 0.01"), id="negative-value"),
    *(
        pytest.param("customers", 2, "signup_date", v, (repr(v), "YYYY-MM-DD"), id=f"bad-date-{v}")
        for v in ("31/02/2025", "2025-13-01", "2025-02-30", "2024-01-05 10:00:00")
    ),
    *(
        pytest.param("orders", 1, "timestamp", v, (repr(v), "YYYY-MM-DD HH:MM:SS"), id=f"bad-datetime-{v}")
        for v in ("2024-03-05T09:00", "05/03/2024 09:00:00", "2024-03-05 25:00:00")
    ),
    pytest.param("surveys", 1, "responded", "yes", ("'yes'", "True or False"), id="bad-boolean"),
    pytest.param(
        "customers",
        2,
        "segment",
        "b2c",
        ("'b2c'", "did you mean 'B2C'?", "'B2B'"),
        id="unknown-category-with-suggestion",
    ),
    pytest.param(
        "customers", 0, "region", " North", ("' North'", "spaces around it"), id="category-with-spaces"
    ),
    pytest.param("orders", 2, "order_id", "O12", ("'O12'", "like 'O0000001'"), id="bad-id-pattern"),
    pytest.param(
        "orders", 1, "customer_id", "C000002 ", ("'C000002 '", "spaces around it"), id="id-with-spaces"
    ),
    pytest.param(
        "customers", 2, "customer_id", "C000001", ("row 0", "'C000001'", "duplicated"), id="duplicated-id"
    ),
    pytest.param(
        "customers",
        2,
        "signup_date",
        "1999-12-31",
        ("'1999-12-31'", "before 2000-01-01"),
        id="date-too-early",
    ),
    pytest.param(
        "orders", 0, "timestamp", "2100-01-01 00:00:00", ("on or after 2100-01-01",), id="timestamp-too-late"
    ),
]


@pytest.mark.parametrize(("name", "row", "column", "value", "parts"), BAD_VALUES)
def test_bad_value_is_reported(tables, name, row, column, value, parts):
    err = raises(
        bad(tables, name, row, column, value), name, f"{name}, column '{column}', row {row}:", *parts
    )
    assert "Traceback" not in err


def test_missing_column(tables):
    df = tables["surveys"].drop(columns="nps").rename(columns={"csat": "CSAT"})
    msg = raises(
        df,
        "surveys",
        "surveys.csv",
        '"nps"',
        '"csat"',
        "did you mean",
        "The table contains these columns",
        "survey_id",
        source="surveys.csv",
    )
    assert "CSAT" in msg


def test_datetime_accepts_bare_date_as_midnight(tables):
    df = bad(tables, "orders", 1, "timestamp", "2024-03-02")
    assert validate(df, "orders").loc[1, "timestamp"] == pd.Timestamp("2024-03-02 00:00:00")


def test_unknown_category_without_suggestion(tables):
    df = bad(tables, "events", 0, "channel", "pigeon post")
    msg = raises(df, "events", "events", "'channel'", "row 0", "'pigeon post'", "'social'")
    assert "did you mean" not in msg


def test_empty_table(tables):
    df = tables["tickets"].iloc[:0]
    raises(df, "tickets", "tickets", "the table is empty")


def test_unknown_table_name(tables, folder):
    with pytest.raises(CXConfigError, match="customers, orders"):
        validate(tables["customers"], "clients")
    with pytest.raises(CXConfigError, match="There is no course data set called 'clients'"):
        load("clients", data_dir=folder)


def test_broken_foreign_key(tables):
    typed = {name: validate(df, name) for name, df in tables.items()}
    check_references(typed)  # the good tables are consistent
    typed["orders"].loc[2, "customer_id"] = "C000099"
    with pytest.raises(CXDataError) as info:
        check_references(typed)
    msg = str(info.value)
    for part in ("orders", "'customer_id'", "row 2", "'C000099'", "customers"):
        assert part in msg, msg


def test_first_problem_is_reported(tables):
    df = tables["surveys"].copy()
    df.loc[2, "nps"] = "11"  # out of range comes after an unreadable value ...
    df.loc[1, "csat"] = "x"  # ... even though it is in an earlier row
    raises(df, "surveys", "'csat'", "row 1", "'x'")


def test_no_raw_pandas_error_for_odd_input(tables):
    df = tables["orders"].copy()
    df["items"] = ["inf", "1e30", "2"]
    raises(df, "orders", "'items'", "row 0", "'inf'")
    df["items"] = ["1e30", "1", "2"]
    raises(df, "orders", "'items'", "row 0", "out of range")
    df["value"] = ["NA", "1", "2"]
    df["items"] = ["1", "1", "2"]
    raises(df, "orders", "'value'", "row 0", "'NA'")


def test_typed_datetimes_get_microseconds(tables):
    typed = validate(tables["orders"], "orders")
    ns = typed.assign(timestamp=typed["timestamp"].astype("datetime64[ns]"))
    assert validate(ns, "orders")["timestamp"].dtype == "datetime64[us]"


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(
    column=st.sampled_from(schema.TABLES["surveys"].column_names),
    row=st.integers(0, 2),
    value=st.one_of(
        st.text(max_size=12),
        st.sampled_from(["1e400", "-0", " 7 ", "NaN", "2024-02-29", "9" * 30, "True ", "\n", "nan"]),
    ),
)
def test_any_text_gives_a_cxdataerror_or_a_typed_frame(column, row, value):
    df = good_tables()["surveys"]
    df.loc[row, column] = value
    err = None
    try:
        out = validate(df, "surveys")
    except CXDataError as caught:
        err = caught
    if err is None:
        assert_schema_dtypes(out, "surveys")
    else:
        # the column changed, or one a rule links to it (a response before its invitation)
        linked = {column} | {
            r.column for r in schema.TABLES["surveys"].rules if column in (r.column, r.other)
        }
        assert err.column in linked
        assert str(row) in str(err.row)


# ---------------------------------------------------------------------------------------------
# CSV files
# ---------------------------------------------------------------------------------------------
def test_read_csv_reports_row_and_line(tmp_path, tables):
    df = bad(tables, "surveys", 2, "nps", "11")
    df.loc[0, "comment"] = "first line\nsecond line"  # row 0 takes lines 2-3 of the file, row 1 line 4
    path = tmp_path / "my_export.csv"
    df.to_csv(path, index=False)
    with pytest.raises(CXDataError) as info:
        read_csv(path, "surveys")
    msg = str(info.value)
    assert msg.startswith("my_export.csv, column 'nps', row 2 (line 5 of my_export.csv)"), msg
    assert "found '11'" in msg
    assert "from 0 to 10" in msg
    assert info.value.column == "nps"
    assert info.value.value == "11"


def test_read_csv_good_file_matches_validate(tmp_path, tables):
    path = tmp_path / "s.csv"
    tables["surveys"].to_csv(path, index=False)
    pd.testing.assert_frame_equal(read_csv(path, "surveys"), validate(tables["surveys"], "surveys"))


def test_read_csv_without_pyarrow_gives_the_same(tmp_path, tables, monkeypatch):
    path = tmp_path / "s.csv"
    tables["surveys"].to_csv(path, index=False)
    fast = read_csv(path, "surveys")

    def no_arrow(path):
        raise ImportError("no pyarrow")

    monkeypatch.setattr(loaders, "_read_arrow", no_arrow)
    pd.testing.assert_frame_equal(read_csv(path, "surveys"), fast)


def test_read_csv_bad_files(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(CXDataError, match=r"empty\.csv: the file is empty"):
        read_csv(empty, "customers")
    header_only = tmp_path / "header.csv"
    header_only.write_text(",".join(schema.TABLES["customers"].column_names) + "\n")
    with pytest.raises(CXDataError, match=r"header\.csv: the table is empty"):
        read_csv(header_only, "customers")
    ragged = tmp_path / "ragged.csv"
    ragged.write_text(
        "touchpoint,stage,channel,owner,revenue,phase\n"
        "website,consideration,web,E-commerce,False,before\n"
        "basket,decision,web,E-commerce,True,during,extra\n"
    )
    with pytest.raises(CXDataError, match="line 3 has 7 values"):
        read_csv(ragged, "touchpoints")
    semicolons = tmp_path / "semi.csv"
    semicolons.write_text("touchpoint;stage\nwebsite;consideration\n")
    with pytest.raises(CXDataError, match="separated by ';'"):
        read_csv(semicolons, "touchpoints")
    latin = tmp_path / "latin.csv"
    latin.write_bytes("touchpoint,stage\ncaf\xe9,x\n".encode("latin-1"))
    with pytest.raises(CXDataError, match="not UTF-8"):
        read_csv(latin, "touchpoints")
    with pytest.raises(FileNotFoundError):
        read_csv(tmp_path / "nope.csv", "touchpoints")


# ---------------------------------------------------------------------------------------------
# data_dir, load, load_all, cache
# ---------------------------------------------------------------------------------------------
def test_data_dir_honours_env(monkeypatch, folder):
    monkeypatch.setenv("CXKIT_DATA", str(folder))
    assert data_dir() == folder.resolve()
    monkeypatch.setenv("CXKIT_DATA", str(folder / "nope"))
    with pytest.raises(CXConfigError, match="CXKIT_DATA"):
        data_dir()


def test_data_dir_walks_up_from_cwd(monkeypatch, folder):
    monkeypatch.delenv("CXKIT_DATA", raising=False)
    notebooks = folder.parent / "modules" / "deep"
    notebooks.mkdir(parents=True)
    monkeypatch.chdir(notebooks)
    assert data_dir() == folder.resolve()


def test_data_dir_error_says_where_it_looked(monkeypatch, tmp_path):
    monkeypatch.delenv("CXKIT_DATA", raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("cxkit._paths._PACKAGE_CHECKOUT", tmp_path / "a")
    with pytest.raises(CXConfigError) as info:
        data_dir()
    assert str(tmp_path) in str(info.value)
    assert "CXKIT_DATA" in str(info.value)


def test_load_all_from_folder(folder):
    data = load_all(data_dir=folder)
    assert list(data) == list(schema.TABLES)
    for name, df in data.items():
        assert_schema_dtypes(df, name)


def test_load_uses_env_folder(monkeypatch, folder):
    monkeypatch.setenv("CXKIT_DATA", str(folder))
    assert len(load("customers")) == 3


def test_load_missing_file(tmp_path):
    with pytest.raises(CXConfigError, match=r"surveys\.csv"):
        load("surveys", data_dir=tmp_path)


def test_load_reports_file_name(folder):
    path = folder / "surveys.csv"
    bad(good_tables(), "surveys", 1, "ces", "8").to_csv(path, index=False)
    with pytest.raises(CXDataError, match=r"surveys.csv, column 'ces', row 1 \(line 3 of surveys.csv\)"):
        load("surveys", data_dir=folder)


def test_cache_returns_equal_independent_copies(folder):
    loaders._CACHE.clear()
    first = load("surveys", data_dir=folder)
    first.loc[0, "nps"] = 0
    first["extra"] = 1
    second = load("surveys", data_dir=folder)
    third = load("surveys", data_dir=folder)
    assert second.loc[0, "nps"] == 9
    assert "extra" not in second
    pd.testing.assert_frame_equal(second, third)
    assert second is not third


def test_cache_notices_a_changed_file(folder):
    loaders._CACHE.clear()
    assert load("customers", data_dir=folder).loc[0, "region"] == "North"
    path = folder / "customers.csv"
    df = good_tables()["customers"]
    df.loc[0, "region"] = "West"
    df.to_csv(path, index=False)
    assert load("customers", data_dir=folder).loc[0, "region"] == "West"


def test_load_all_checks_references(folder):
    path = folder / "surveys.csv"
    bad(good_tables(), "surveys", 1, "ticket_id", "T000999").to_csv(path, index=False)
    with pytest.raises(CXDataError, match=r"surveys, column 'ticket_id', row 1: .*'T000999'"):
        load_all(data_dir=folder)


# ---------------------------------------------------------------------------------------------
# The committed course data
# ---------------------------------------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.course
def test_committed_data_loads_with_expected_dtypes():
    loaders._CACHE.clear()
    data = load_all(data_dir=REPO_DATA)
    again = load_all(data_dir=REPO_DATA)
    for name, df in data.items():
        assert_schema_dtypes(df, name)
        assert len(df) > 0
        pd.testing.assert_frame_equal(df, again[name])


# ---------------------------------------------------------------------------------------------
# Time zones (issue 10, point 3): kept, never a raw TypeError; naive and aware mixed is an error
# ---------------------------------------------------------------------------------------------
def test_zone_aware_timestamps_keep_their_zone(tables):
    typed = validate(tables["orders"], "orders")
    paris = typed.assign(timestamp=typed["timestamp"].dt.tz_localize("Europe/Paris").dt.as_unit("ns"))
    out = validate(paris, "orders")
    assert out["timestamp"].dtype == pd.DatetimeTZDtype("us", "Europe/Paris")
    assert (out["timestamp"] == paris["timestamp"]).all()  # the same instants
    # a delivery is compared with the order's local day: ordered at 00:30 on 4 March in Tokyo (15:30 UTC
    # on 3 March), a parcel delivered on 3 March came before the order
    tokyo = typed.assign(timestamp=typed["timestamp"].dt.tz_localize("Asia/Tokyo"))
    tokyo.loc[0, "timestamp"] = pd.Timestamp("2024-03-04 00:30", tz="Asia/Tokyo")
    tokyo.loc[0, "delivered_date"] = pd.Timestamp("2024-03-04")
    assert validate(tokyo, "orders").loc[0, "delivered_date"] == pd.Timestamp("2024-03-04")
    tokyo.loc[0, "delivered_date"] = pd.Timestamp("2024-03-03")
    raises(tokyo, "orders", "column 'delivered_date', row 0:", "'2024-03-03'", "'2024-03-04 00:30:00+09:00'")


def test_text_timestamps_with_offsets_become_utc(tables):
    df = tables["orders"].copy()
    df["timestamp"] = ["2024-03-01 10:15:00+01:00", "2024-03-02 11:00:00+00:00", "2024-03-03 16:45:30-05:00"]
    out = validate(df, "orders")
    assert str(out["timestamp"].dtype) == "datetime64[us, UTC]"
    assert out["timestamp"].tolist() == [
        pd.Timestamp("2024-03-01 09:15", tz="UTC"),
        pd.Timestamp("2024-03-02 11:00", tz="UTC"),
        pd.Timestamp("2024-03-03 21:45:30", tz="UTC"),
    ]


def test_timestamps_of_several_zones_become_utc(tables):
    df = tables["orders"].copy()
    df["timestamp"] = pd.Series(
        [
            pd.Timestamp("2024-03-01 10:15", tz="Europe/Paris"),
            pd.Timestamp("2024-03-02 11:00", tz="UTC"),
            pd.Timestamp("2024-03-03 16:45", tz="America/New_York"),
        ],
        dtype=object,
    )
    out = validate(df, "orders")
    assert str(out["timestamp"].dtype) == "datetime64[us, UTC]"
    assert out.loc[0, "timestamp"] == pd.Timestamp("2024-03-01 09:15", tz="UTC")


def test_naive_and_aware_mixed_in_one_column_is_an_error(tables):
    df = tables["orders"].copy()
    df["timestamp"] = pd.Series(
        [
            pd.Timestamp("2024-03-01 10:15"),
            pd.Timestamp("2024-03-02 11:00", tz="UTC"),
            pd.Timestamp("2024-03-03 16:45"),
        ],
        dtype=object,
    )
    raises(
        df,
        "orders",
        "orders, column 'timestamp', row 1:",
        "'2024-03-02 11:00:00+00:00'",
        "with a time zone, in a column whose first timestamp has none",
    )
    text = bad(tables, "orders", 2, "timestamp", "2024-03-03 16:45:30+01:00")
    raises(text, "orders", "column 'timestamp', row 2:", "'2024-03-03 16:45:30+01:00'", "time zone")


def test_rule_between_zoned_and_zone_less_columns_is_an_error(tables):
    typed = validate(tables["surveys"], "surveys")
    df = typed.assign(sent_at=typed["sent_at"].dt.tz_localize("UTC"))
    raises(
        df,
        "surveys",
        "column 'response_date', row 0:",
        "'sent_at' has a time zone",
        "'response_date' has none",
        "tz_localize",
    )


def test_rule_compares_instants_across_zones(tables):
    typed = validate(tables["surveys"], "surveys")
    df = typed.assign(
        sent_at=typed["sent_at"].dt.tz_localize("UTC"),
        response_date=typed["response_date"].dt.tz_localize("UTC"),
    )
    assert len(validate(df, "surveys")) == 3
    # 09:30 in Paris (UTC+1 in March) is 08:30 UTC: before an invitation sent at 09:00 UTC
    df.loc[0, "response_date"] = pd.Timestamp("2024-03-05 09:30", tz="Europe/Paris").tz_convert("UTC")
    df["response_date"] = df["response_date"].dt.tz_convert("Europe/Paris")
    raises(
        df,
        "surveys",
        "column 'response_date', row 0:",
        "'2024-03-05 09:30:00+01:00'",
        "'sent_at'",
        "'2024-03-05 09:00:00+00:00'",
    )


# ---------------------------------------------------------------------------------------------
# Dates in a plausible range; Excel day numbers read as dates (issue 10, point 3)
# ---------------------------------------------------------------------------------------------
def test_excel_day_numbers_read_by_to_datetime_are_caught(tables):
    typed = validate(tables["orders"], "orders")
    excel = pd.Series([45352.43, 45353.46, 45354.7])  # what Excel stores for the three order times
    df = typed.assign(timestamp=pd.to_datetime(excel), note=["a", "b", "c"]).set_index("order_id", drop=False)
    msg = raises(
        df,
        "orders",
        "orders, column 'timestamp', row 0 (index label 'O0000001'):",
        "'1970-01-01 00:00:00.000045352'",
        "before 2000-01-01",
        "Excel day number read as nanoseconds",
        "45352 is 2024-03-01",
        'pd.to_datetime(numbers, unit="D", origin="1899-12-30")',
    )
    assert msg.endswith(".")
    # the advice works: the numbers converted as the message says are valid timestamps of the right days
    fixed = typed.assign(timestamp=pd.to_datetime(excel, unit="D", origin="1899-12-30"))
    assert validate(fixed, "orders")["timestamp"].dt.date.tolist() == typed["timestamp"].dt.date.tolist()


def test_excel_day_numbers_read_as_seconds_are_caught(tables):
    typed = validate(tables["tickets"], "tickets")
    df = typed.assign(opened_at=pd.to_datetime(pd.Series([45357.58, 45359.42]), unit="s"))
    raises(df, "tickets", "column 'opened_at', row 0:", "read as seconds", "45357.6 is 2024-03-06")


def test_excel_day_number_as_text_gets_the_hint(tables):
    df = bad(tables, "customers", 1, "signup_date", "45332")
    raises(
        df,
        "customers",
        "column 'signup_date', row 1:",
        "'45332'",
        "Excel day number",
        'unit="D", origin="1899-12-30"',
    )


def test_date_columns_carry_a_range_in_the_schema():
    for tbl in schema.TABLES.values():
        for col in tbl.columns:
            if col.kind in ("date", "datetime"):
                assert col.date_range == schema.DATE_RANGE, (tbl.name, col.name)
                assert "on or after 2000-01-01 and before 2100-01-01" in col.expected()


# ---------------------------------------------------------------------------------------------
# Rules across columns (issue 10, point 3): data in the schema, both columns and values named
# ---------------------------------------------------------------------------------------------
RULES = [(name, rule) for name, tbl in schema.TABLES.items() for rule in tbl.rules]


def test_the_schema_has_the_rules_of_the_issue():
    described = {(name, rule.kind, rule.column, rule.other) for name, rule in RULES}
    assert {
        ("surveys", "not_before", "response_date", "sent_at"),
        ("tickets", "not_before", "first_response_at", "opened_at"),
        ("tickets", "not_before", "resolved_at", "opened_at"),
        ("orders", "not_before", "delivered_date", "timestamp"),
        *(("surveys", "blank_unless", c, "responded") for c in ("nps", "csat", "ces", "comment")),
    } <= described


def break_rule(tables, name: str, rule: schema.Rule) -> tuple[pd.DataFrame, object]:
    """Make row 0 of `name` break `rule` (and only it); return the frame and the value of `rule.column`."""
    df = tables[name].copy()
    if rule.kind == "not_before":
        earlier = pd.Timestamp(df.loc[0, rule.other]) - pd.Timedelta(days=1)
        value = earlier.strftime(
            "%Y-%m-%d" if schema.TABLES[name].column(rule.column).kind == "date" else "%Y-%m-%d %H:%M:%S"
        )
        df.loc[0, rule.column] = value
        return df, value
    df.loc[0, rule.other] = "False"  # the flag off: every column blanked by it must be blank ...
    for r in schema.TABLES[name].rules:
        if r.kind == "blank_unless" and r.other == rule.other and r.column != rule.column:
            df.loc[0, r.column] = ""
    for r in schema.TABLES[name].rules:  # ... and its value must not break another rule
        if r.kind == "not_before" and r.column == rule.column:
            df.loc[0, rule.column] = df.loc[0, r.other]
    return df, df.loc[0, rule.column]


@pytest.mark.parametrize(("name", "rule"), RULES, ids=[f"{n}-{r.column}-{r.kind}" for n, r in RULES])
def test_each_rule_is_checked(tables, name, rule):
    assert tables[name].loc[0, rule.column] != "", "row 0 of the good table must have a value to break with"
    df, value = break_rule(tables, name, rule)
    other_value = df.loc[0, rule.other]
    with pytest.raises(CXDataError) as info:
        validate(df, name)
    msg = str(info.value)
    assert msg.startswith(f"{name}, column '{rule.column}', row 0:"), msg
    for part in (f"column '{rule.other}'", rule.reason, str(value)):
        assert part in msg, msg
    if rule.kind == "not_before":
        assert repr(other_value) in msg, msg
    else:
        assert "is False" in msg, msg
    assert info.value.column == rule.column


def test_rule_error_names_the_row_label_and_the_file_line(tables, tmp_path):
    df = bad(tables, "tickets", 1, "first_response_at", "2024-03-08 09:59:59")
    raises(
        df.set_index("ticket_id", drop=False),
        "tickets",
        "tickets, column 'first_response_at', row 1 (index label 'T000002'): before column 'opened_at' of "
        "the same row, which is '2024-03-08 10:00:00' (an agent cannot answer a ticket before it was "
        "opened): found '2024-03-08 09:59:59'; expected a first_response_at on or after the opened_at, or "
        "a blank.",
    )
    path = tmp_path / "tickets.csv"
    df.to_csv(path, index=False)
    with pytest.raises(CXDataError, match=r"row 1 \(line 3 of tickets.csv\): before column 'opened_at'"):
        read_csv(path, "tickets")


def test_delivery_the_same_day_as_the_order_passes(tables):
    df = bad(tables, "orders", 0, "delivered_date", "2024-03-01")  # ordered 2024-03-01 10:15
    assert validate(df, "orders").loc[0, "delivered_date"] == pd.Timestamp("2024-03-01")
    df = bad(tables, "orders", 0, "delivered_date", "2024-02-29")
    raises(df, "orders", "column 'delivered_date', row 0:", "'2024-02-29'", "'2024-03-01 10:15:00'")


# ---------------------------------------------------------------------------------------------
# read_csv: sep= and decimal= (issue 10, point 3)
# ---------------------------------------------------------------------------------------------
@pytest.fixture
def european_orders(tmp_path, tables) -> Path:
    """Return the good orders as a spreadsheet set to German or French saves them: ';' and a decimal comma."""
    path = tmp_path / "orders_de.csv"
    df = tables["orders"].copy()
    df["value"] = df["value"].str.replace(".", ",", regex=False)
    df.to_csv(path, sep=";", index=False)
    return path


def test_read_csv_reads_semicolons_and_decimal_commas(european_orders, tables):
    out = read_csv(european_orders, "orders", sep=";", decimal=",")
    pd.testing.assert_frame_equal(out, validate(tables["orders"], "orders"))
    assert out["value"].tolist() == [59.9, 1200.0, 12.5]


def test_read_csv_says_which_options_read_the_file(european_orders):
    with pytest.raises(CXDataError) as info:
        read_csv(european_orders, "orders")
    assert "separated by ';'" in str(info.value)
    assert "read_csv('orders_de.csv', 'orders', sep=';')" in str(info.value)
    assert "decimal=','" in str(info.value)
    with pytest.raises(CXDataError) as info:
        read_csv(european_orders, "orders", sep=";")
    msg = str(info.value)
    assert msg.startswith("orders_de.csv, column 'value', row 0 (line 2 of orders_de.csv):"), msg
    assert "'59,90'" in msg
    assert "read_csv('orders_de.csv', 'orders', sep=';', decimal=',')" in msg


def test_read_csv_tab_separated(tmp_path, tables):
    path = tmp_path / "t.tsv"
    tables["touchpoints"].to_csv(path, sep="\t", index=False)
    with pytest.raises(CXDataError, match=r"separated by '\\t'.*sep='\\t'"):
        read_csv(path, "touchpoints")
    assert len(read_csv(path, "touchpoints", sep="\t")) == len(schema.TOUCHPOINTS)


def test_decimal_comma_never_guesses_a_thousands_point(tmp_path, tables):
    path = tmp_path / "o.csv"
    df = tables["orders"].copy()
    df["value"] = ["59,90", "1.200", "12,50"]  # 1.200 is twelve hundred here, not 1.2
    df.to_csv(path, sep=";", index=False)
    with pytest.raises(
        CXDataError, match=r"column 'value', row 1 .*decimal mark of this file is ','.*found '1\.200'"
    ):
        read_csv(path, "orders", sep=";", decimal=",")


def test_read_csv_without_pyarrow_reads_semicolons_too(european_orders, monkeypatch):
    fast = read_csv(european_orders, "orders", sep=";", decimal=",")

    def no_arrow(path, sep=","):
        raise ImportError("no pyarrow")

    monkeypatch.setattr(loaders, "_read_arrow", no_arrow)
    pd.testing.assert_frame_equal(read_csv(european_orders, "orders", sep=";", decimal=","), fast)


def test_read_csv_options_are_keyword_only_and_checked(european_orders):
    with pytest.raises(TypeError):
        read_csv(european_orders, "orders", ";")  # sep given by position
    for kwargs in ({"sep": ";;"}, {"sep": ""}, {"decimal": "·"}, {"sep": ",", "decimal": ","}):
        with pytest.raises(CXConfigError):
            read_csv(european_orders, "orders", **kwargs)


# ---------------------------------------------------------------------------------------------
# validate() needs a table (issue 10, point 3)
# ---------------------------------------------------------------------------------------------
def test_validate_of_a_series_says_a_table_was_expected(tables):
    with pytest.raises(CXDataError) as info:
        validate(tables["surveys"]["nps"], "surveys")
    msg = str(info.value)
    for part in ("a table (a pandas DataFrame)", "a Series", "'nps'", "series.to_frame()"):
        assert part in msg, msg
    with pytest.raises(CXDataError, match="it was given a list"):
        validate([1, 2], "surveys")


# ---------------------------------------------------------------------------------------------
# The command line: cxkit data validate FILE --as TABLE
# ---------------------------------------------------------------------------------------------
def test_cli_data_validate_good_file(tmp_path, tables, capsys):
    from cxkit.cli import main

    path = tmp_path / "mine.csv"
    tables["surveys"].to_csv(path, index=False)
    assert main(["data", "validate", str(path), "--as", "surveys"]) == 0
    out, err = capsys.readouterr()
    assert out.strip() == f"{path}: 3 rows, valid as 'surveys'."
    assert err == ""


def test_cli_data_validate_bad_file(tmp_path, tables, capsys):
    from cxkit.cli import main

    path = tmp_path / "mine.csv"
    bad(tables, "surveys", 2, "nps", "11").to_csv(path, index=False)
    assert main(["data", "validate", str(path), "--as", "surveys"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(
        "cxkit: mine.csv, column 'nps', row 2 (line 4 of mine.csv): a number out of range: "
        "found '11'; expected a whole number from 0 to 10."
    ), err
    assert "Traceback" not in err


def test_cli_data_validate_unknown_table(tmp_path, tables, capsys):
    from cxkit.cli import main

    path = tmp_path / "mine.csv"
    tables["surveys"].to_csv(path, index=False)
    assert main(["data", "validate", str(path), "--as", "survey"]) == 2
    assert "There is no course data set called 'survey'" in capsys.readouterr().err


def test_cli_data_validate_reads_a_european_export(tmp_path, tables, capsys):
    """A semicolon-separated export with decimal commas fails as it is and validates with the flags."""
    from cxkit.cli import main

    path = tmp_path / "orders.csv"
    orders = tables["orders"].assign(value=lambda t: t["value"].astype(float))  # the fixture holds text
    orders.to_csv(path, index=False, sep=";", decimal=",")
    assert main(["data", "validate", str(path), "--as", "orders"]) == 2
    assert "sep=';'" in capsys.readouterr().err
    code = main(["data", "validate", str(path), "--as", "orders", "--sep", ";", "--decimal", ","])
    assert code == 0, capsys.readouterr().err
    assert capsys.readouterr().out.strip() == f"{path}: {len(tables['orders'])} rows, valid as 'orders'."


@pytest.mark.parametrize("where", ["nope.csv", "."])
def test_cli_data_validate_missing_file_is_a_message(tmp_path, monkeypatch, capsys, where):
    """A missing file or a folder: one line naming it, exit 2, no traceback."""
    from cxkit.cli import main

    monkeypatch.chdir(tmp_path)
    assert main(["data", "validate", where, "--as", "surveys"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"cxkit: {where} "), err
    assert "Traceback" not in err


def test_check_references_refuses_what_is_not_a_dict_of_course_tables(tables):
    """A list raised a raw AttributeError; an unknown table name passed silently."""
    with pytest.raises(CXConfigError, match="dict of tables"):
        check_references([tables["surveys"]])
    with pytest.raises(CXConfigError, match="no course table called 'survey'"):
        check_references({"survey": tables["surveys"]})


def test_row_label_is_shown_plainly(tables):
    """The index label prints as 3, not np.int64(3)."""
    df = validate(tables["surveys"], "surveys")
    twice = pd.concat([df, df.iloc[[1]]])
    twice.iloc[-1, twice.columns.get_loc("nps")] = 11
    with pytest.raises(CXDataError) as info:
        validate(twice, "surveys")
    assert "np.int64" not in str(info.value)
    assert "index label 1" in str(info.value)


def test_read_csv_reads_the_header_first(tmp_path, tables):
    """A ';' file whose comments hold commas, and a name twice, are named as such (not as symptoms)."""
    surveys = tables["surveys"].copy()
    surveys["comment"] = "late, and rude"
    semi = tmp_path / "semi.csv"
    surveys.to_csv(semi, index=False, sep=";")
    with pytest.raises(CXDataError, match=r"separated by ';'.*sep=';'"):
        read_csv(semi, "surveys")
    twice = tmp_path / "twice.csv"
    surveys.insert(1, "nps_again", surveys["nps"])
    surveys.rename(columns={"nps_again": "nps"}).to_csv(twice, index=False)
    with pytest.raises(CXDataError, match="'nps' appears more than once in the header"):
        read_csv(twice, "surveys")
