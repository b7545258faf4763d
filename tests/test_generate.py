"""The generator of the course data: deterministic, schema-conformant, scalable, with clear errors.

The schema checks here use plain pandas on purpose (not the cxkit loaders), so they test the
generator against :mod:`cxkit.data.schema` independently.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from cxkit.data import generate
from cxkit.data.schema import TABLES, TOUCHPOINTS
from cxkit.errors import CXConfigError

ROOT = Path(__file__).resolve().parents[1]
DATASETS = ROOT / "datasets"
FILES = [f"{name}.csv" for name in TABLES] + ["raw/surveys_messy_export.csv"]
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
DATETIME = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}")


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> dict[str, pd.DataFrame]:
    """Return a small data set (scale 0.05), read as text exactly as written."""
    out = tmp_path_factory.mktemp("small")
    generate(seed=7, scale=0.05, out=out)
    return {name: _read(out / f"{name}.csv") for name in TABLES}


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def check_table(name: str, df: pd.DataFrame, tables: dict[str, pd.DataFrame]) -> None:
    """Assert that a table read as text follows its schema: columns, values, keys, references."""
    schema = TABLES[name]
    assert list(df.columns) == schema.column_names, name
    assert len(df) > 0, name
    for col in schema.columns:
        values = df[col.name]
        blank = values == ""
        if not col.nullable:
            assert not blank.any(), f"{name}.{col.name} has blanks at rows {list(df.index[blank][:5])}"
        v = values[~blank]
        where = f"{name}.{col.name}"
        if col.kind == "id" and col.pattern:
            bad = ~v.str.fullmatch(col.pattern)
            assert not bad.any(), f"{where}: {v[bad].head().tolist()}"
        elif col.kind == "category":
            bad = ~v.isin(col.allowed)
            assert not bad.any(), f"{where}: {v[bad].unique()[:5]}"
        elif col.kind in ("int", "float"):
            pattern = r"-?\d+" if col.kind == "int" else r"-?\d+\.\d{2}"
            assert v.str.fullmatch(pattern).all(), where
            num = v.astype(float)
            if col.min is not None:
                assert (num >= col.min).all(), where
            if col.max is not None:
                assert (num <= col.max).all(), where
        elif col.kind == "bool":
            assert v.isin(["True", "False"]).all(), where
        elif col.kind in ("date", "datetime"):
            assert v.str.fullmatch((DATE if col.kind == "date" else DATETIME).pattern).all(), where
            when = pd.to_datetime(v, format="%Y-%m-%d" if col.kind == "date" else "%Y-%m-%d %H:%M:%S")
            earliest, before = col.date_range
            assert ((when >= earliest) & (when < before)).all(), f"{where}: outside {earliest} .. {before}"
        if col.unique:
            assert not v.duplicated().any(), f"{where} is not unique"
        if col.references:
            table, column = col.references.split(".")
            missing = ~v.isin(tables[table][column])
            assert not missing.any(), f"{where}: {v[missing].head().tolist()} not in {col.references}"


@pytest.mark.course
@pytest.mark.slow
def test_committed_data_are_reproduced_byte_for_byte(tmp_path: Path) -> None:
    paths = generate(seed=2024, scale=1, out=tmp_path)
    assert {p.relative_to(tmp_path).as_posix() for p in paths.values()} == set(FILES)
    for name in FILES:
        committed = DATASETS / name
        assert committed.exists(), f"{committed} is missing: run `make data`"
        assert (tmp_path / name).read_bytes() == committed.read_bytes(), (
            f"{name} differs from the committed file: run `make data` and commit the result"
        )


@pytest.mark.parametrize("name", list(TABLES))
def test_small_tables_follow_the_schema(small: dict[str, pd.DataFrame], name: str) -> None:
    check_table(name, small[name], small)


@pytest.mark.course
@pytest.mark.parametrize("name", list(TABLES))
def test_committed_tables_follow_the_schema(name: str) -> None:
    tables = {n: _read(DATASETS / f"{n}.csv") for n in TABLES}
    check_table(name, tables[name], tables)


@pytest.mark.parametrize("name", [n for n in TABLES if TABLES[n].rules])
def test_small_tables_keep_the_schema_rules_across_columns(small: dict[str, pd.DataFrame], name: str) -> None:
    """The rules of the schema (a response after its invitation, ...) hold for another seed too."""
    from cxkit.data import validate

    assert len(validate(small[name], name)) == len(small[name])  # a broken rule raises, naming the row


def test_consistency_rules(small: dict[str, pd.DataFrame]) -> None:
    customers, orders, events = small["customers"], small["orders"], small["events"]
    surveys, tickets, tps = small["surveys"], small["tickets"], small["touchpoints"]
    # touchpoints: exactly the catalogue
    assert tps["touchpoint"].tolist() == list(TOUCHPOINTS)
    assert [tuple(r[1:]) for r in tps.itertuples(index=False)] == [
        (s, c, o, str(r), p) for s, c, o, r, p in TOUCHPOINTS.values()
    ]
    # customers: persona fits segment
    b2b = customers["persona"].isin(["Office Manager", "Procurement Lead"])
    assert (b2b == (customers["segment"] == "B2B")).all()
    # orders: store purchases have no delivery dates; deliveries come after the order
    store = orders["channel"] == "store"
    assert (orders.loc[store, ["promised_date", "delivered_date"]] == "").all().all()
    assert (orders.loc[~store, "promised_date"] != "").all()
    delivered = orders["delivered_date"] != ""
    assert (orders.loc[delivered, "delivered_date"] > orders.loc[delivered, "timestamp"].str[:10]).all()
    # events: stage and channel agree with the catalogue; offline channels have no device
    from cxkit.data.schema import EVENTS

    assert (events["event"].map(EVENTS) == events["stage"]).all()
    assert (events["touchpoint"].map({k: v[1] for k, v in TOUCHPOINTS.items()}) == events["channel"]).all()
    assert (events.loc[events["channel"].isin(["store", "phone"]), "device"] == "").all()
    assert (events["customer_id"] == "").any(), "some journeys should be prospects'"
    ts = pd.to_datetime(events["timestamp"])
    assert ts.groupby(events["case_id"]).apply(lambda s: s.is_monotonic_increasing).all()
    # surveys: answered rows only have dates and scores; segment matches the customer
    answered = surveys["responded"] == "True"
    assert (surveys.loc[~answered, ["response_date", "nps", "csat", "ces", "comment"]] == "").all().all()
    assert (surveys.loc[answered, "response_date"] > surveys.loc[answered, "sent_at"]).all()
    seg = surveys["customer_id"].map(customers.set_index("customer_id")["segment"])
    assert (seg == surveys["segment"]).all()
    assert (surveys["touchpoint"].map({k: v[1] for k, v in TOUCHPOINTS.items()}) == surveys["channel"]).all()
    # tickets: reopened tickets were never resolved at first contact; times in order
    assert not ((tickets["reopened"] == "True") & (tickets["first_contact_resolution"] == "True")).any()
    first = tickets["first_response_at"] != ""
    assert (tickets.loc[first, "first_response_at"] >= tickets.loc[first, "opened_at"]).all()


def test_different_seeds_give_different_data(tmp_path: Path) -> None:
    a = generate(seed=1, scale=0.02, out=tmp_path / "a")
    b = generate(seed=2, scale=0.02, out=tmp_path / "b")
    c = generate(seed=1, scale=0.02, out=tmp_path / "c")
    assert a["events"].read_bytes() != b["events"].read_bytes()
    assert a["orders"].read_bytes() != b["orders"].read_bytes()
    for name in a:
        assert a[name].read_bytes() == c[name].read_bytes(), name


def test_scale_grows_rows_linearly(tmp_path: Path, small: dict[str, pd.DataFrame]) -> None:
    big = generate(seed=7, scale=0.2, out=tmp_path)
    assert len(_read(big["customers"])) == 800
    assert len(small["customers"]) == 200
    for name in ("orders", "events", "surveys", "tickets"):
        ratio = len(_read(big[name])) / len(small[name])
        assert 3.0 < ratio < 5.0, (name, ratio)


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"scale": 0}, "greater than 0"),
        ({"scale": -1}, "greater than 0"),
        ({"scale": float("nan")}, "positive number"),
        ({"scale": "big"}, "positive number"),
        ({"seed": -5}, "positive whole number"),
        ({"seed": 1.5}, "whole number"),
        ({"scale": 10_000}, "at most"),
    ],
)
def test_bad_arguments_raise_a_clear_error(tmp_path: Path, kwargs: dict, words: str) -> None:
    with pytest.raises(CXConfigError, match=words):
        generate(out=tmp_path, **kwargs)
    assert not (tmp_path / "customers.csv").exists()


def test_cli_generates(tmp_path: Path) -> None:
    from cxkit.cli import main

    assert (
        main(["data", "generate", "--seed", "3", "--scale", "0.01", "--out", str(tmp_path), "--quiet"]) == 0
    )
    assert (tmp_path / "events.csv").exists()
    assert main(["data", "generate", "--scale", "-1", "--out", str(tmp_path)]) == 2


def test_progress_bar_goes_to_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    generate(seed=3, scale=0.01, out=tmp_path, progress=True)
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "Larkspur" in captured.err
