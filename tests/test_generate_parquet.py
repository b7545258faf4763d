"""``generate(format="parquet")``: typed Parquet files, written block by block in bounded memory.

Up to ``BLOCK_SCALE`` a Parquet run holds exactly the rows of the CSV run with the same seed
(the CSV is written whole, the Parquet in row groups); above it, blocks of customers follow each
other with their own random streams and identifiers numbered on.
"""

from __future__ import annotations

import importlib

import pyarrow as pa
import pyarrow.csv as pcsv
import pyarrow.parquet as pq
import pytest

from cxkit.errors import CXConfigError

gen = importlib.import_module("cxkit.data.generator")

TABLES = ["customers", "orders", "tickets", "events", "surveys", "touchpoints", "conversations"]


def _csv_as(path, schema: pa.Schema) -> pa.Table:
    """Read a generated CSV with the Parquet file's column types (blanks as nulls)."""
    opts = pcsv.ConvertOptions(
        column_types=schema,
        strings_can_be_null=True,
        true_values=["True"],
        false_values=["False"],
        timestamp_parsers=["%Y-%m-%d %H:%M:%S", "%Y-%m-%d"],
    )
    return pcsv.read_csv(path, convert_options=opts)


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    root = tmp_path_factory.mktemp("gen")
    csv = gen.generate(seed=7, scale=0.1, out=root / "csv")
    parquet = gen.generate(seed=7, scale=0.1, out=root / "parquet", format="parquet")
    return csv, parquet


def test_parquet_rows_equal_csv_rows(small):
    """Every table, every row and value: the Parquet run equals the CSV run (one block)."""
    csv, parquet = small
    assert sorted(parquet) == sorted(TABLES)  # no messy export in Parquet
    for name in TABLES:
        table = pq.read_table(parquet[name])
        assert table.column_names == gen.TABLES[name].column_names
        expected = _csv_as(csv[name], table.schema)
        assert table.num_rows == expected.num_rows > 0, name
        assert table.equals(expected), name


def test_parquet_types(small):
    _, parquet = small
    schema = pq.read_schema(parquet["events"])
    assert pa.types.is_timestamp(schema.field("timestamp").type)
    assert schema.field("timestamp").type.tz is None
    surveys = pq.read_schema(parquet["surveys"])
    assert surveys.field("nps").type == pa.int64()
    assert surveys.field("responded").type == pa.bool_()
    assert pa.types.is_date(pq.read_schema(parquet["customers"]).field("signup_date").type)


def test_blocks_number_on_and_block_zero_is_the_small_run(tmp_path, monkeypatch):
    """Two blocks (160 and 240 customers) number on, and block 0 is a run at its scale.

    Identifiers run on across blocks, references hold, and the first block's rows are the rows
    of a run at the block's scale (the same seed's own streams).
    """
    monkeypatch.setattr(gen, "BLOCK_SCALE", 0.04)
    assert gen._block_sizes(0.1) == [160, 240]
    paths = gen.generate(seed=7, scale=0.1, out=tmp_path / "blocks", format="parquet")
    customers = pq.read_table(paths["customers"]).to_pandas()
    assert customers["customer_id"].tolist() == [f"C{i:06d}" for i in range(1, 401)]
    orders = pq.read_table(paths["orders"]).to_pandas()
    assert orders["order_id"].is_unique
    assert orders["order_id"].iloc[-1] == f"O{len(orders):07d}"
    assert orders["customer_id"].isin(customers["customer_id"]).all()
    assert orders["customer_id"].isin(customers["customer_id"].iloc[160:]).any()  # later blocks too
    events = pq.read_table(paths["events"]).to_pandas()
    cases = events["case_id"].drop_duplicates()  # numbered on (a rare empty journey skips one)
    assert cases.is_monotonic_increasing
    assert events.groupby("case_id")["customer_id"].nunique().max() == 1  # no case spans blocks
    surveys = pq.read_table(paths["surveys"]).to_pandas()
    assert surveys["survey_id"].is_unique
    assert surveys["customer_id"].isin(customers["customer_id"]).all()
    one = gen.generate(seed=7, scale=0.04, out=tmp_path / "one", format="parquet")
    for name in ("customers", "orders", "events", "surveys"):
        first = pq.read_table(one[name])
        assert pq.read_table(paths[name]).slice(0, first.num_rows).equals(first), name
    again = gen.generate(seed=7, scale=0.1, out=tmp_path / "again", format="parquet")
    for name in TABLES:  # the same seed gives the same rows
        assert pq.read_table(again[name]).equals(pq.read_table(paths[name])), name


def test_identifier_widths_grow_above_max_scale():
    assert gen._Ids(1).width == gen._ID_WIDTHS
    wide = gen._Ids(1000)  # 4,000,000 customers need 7 digits
    assert wide.width["C"] == 7
    assert wide.width["S"] == 8
    assert not wide.too_many("C", 4_000_000)
    assert gen._Ids(200).too_many("C", 1_000_000)


def test_bad_format_and_scales():
    with pytest.raises(CXConfigError, match="format must be 'csv' or 'parquet'"):
        gen.generate(scale=0.01, out="never-written", format="xlsx")
    with pytest.raises(CXConfigError, match="at most 200"):
        gen.generate(scale=1000, out="never-written")  # CSV keeps its identifier limit
    with pytest.raises(CXConfigError, match="with Parquet"):
        gen.generate(scale=10**6, out="never-written", format="parquet")
