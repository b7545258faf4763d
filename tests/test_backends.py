"""The same survey tables on every backend: DuckDB, polars (eager and lazy) and PySpark vs pandas.

``breakdown`` on a pandas DataFrame runs the course's pandas path; on any other frame it runs
the one narwhals implementation (cxkit.metrics._narwhals). Each test computes the pandas answer
and checks that every backend returns the same pandas DataFrame: same index, columns, dtypes and
values.

PySpark runs only where it is installed (``.venv-spark``, made by tools/spark_env.sh); elsewhere
its cases skip, except with ``CXKIT_REQUIRE_SPARK=1`` (CI), where a missing PySpark or Java fails.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import warnings

import numpy as np
import pandas as pd
import pytest

from cxkit.errors import CXConfigError, CXDataError, CXDataWarning
from cxkit.metrics import breakdown

duckdb = pytest.importorskip("duckdb")
pl = pytest.importorskip("polars")

REQUIRE_SPARK = os.environ.get("CXKIT_REQUIRE_SPARK") == "1"
HAVE_SPARK = importlib.util.find_spec("pyspark") is not None and (
    shutil.which("java") is not None or bool(os.environ.get("JAVA_HOME"))
)

BACKENDS = ["duckdb", "polars", "polars_lazy", "pyspark"]
LAZY = {"duckdb", "polars_lazy", "pyspark"}


def test_spark_present_when_required():
    """CI sets CXKIT_REQUIRE_SPARK=1: then PySpark and Java must be there, not silently skipped."""
    if not REQUIRE_SPARK:
        pytest.skip("CXKIT_REQUIRE_SPARK is not set")
    assert importlib.util.find_spec("pyspark") is not None, (
        "pyspark is not installed: run the tests in .venv-spark (bash tools/spark_env.sh)"
    )
    assert shutil.which("java") or os.environ.get("JAVA_HOME"), (
        "no Java runtime: apt-get install -y default-jre-headless"
    )


@pytest.fixture(scope="session")
def spark():
    if not HAVE_SPARK:
        if REQUIRE_SPARK:
            pytest.fail("CXKIT_REQUIRE_SPARK=1 but pyspark or Java is missing")
        pytest.skip("pyspark or Java not installed (run in .venv-spark: bash tools/spark_env.sh)")
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[1]")
        .appName("cxkit-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    yield session
    session.stop()


@pytest.fixture(params=BACKENDS)
def backend(request):
    """Return ``(name, convert)``: convert turns a pandas DataFrame into that backend's frame."""
    name = request.param
    if name == "pyspark":
        session = request.getfixturevalue("spark")
        return name, lambda df: session.createDataFrame(_plain(df))
    if name == "duckdb":
        con = duckdb.connect()
        return name, lambda df: con.from_df(df)
    if name == "polars":
        return name, _polars
    return name, lambda df: _polars(df).lazy()


def _polars(df: pd.DataFrame):
    """Return a polars DataFrame whose categorical columns are Enums (their order kept)."""
    frame = pl.from_pandas(df)
    cats = [c for c in df.columns if isinstance(df[c].dtype, pd.CategoricalDtype)]
    return frame.with_columns([pl.col(c).cast(pl.Enum([str(x) for x in df[c].cat.categories])) for c in cats])


def _plain(df: pd.DataFrame) -> pd.DataFrame:
    """Return the table as Spark stores it: categorical columns become text (Spark has no category order)."""
    out = df.copy()
    for c in out.columns:
        if isinstance(out[c].dtype, pd.CategoricalDtype):
            out[c] = out[c].astype(object).where(out[c].notna(), None)
    return out


def reference(name: str, df: pd.DataFrame, *args, **kwargs) -> pd.DataFrame:
    """Run the pandas path on the same data as the backend holds (Spark: categories as text)."""
    return breakdown(_plain(df) if name == "pyspark" else df, *args, **kwargs)


def _labels(index: pd.Index) -> list:
    return [tuple(str(x) for x in t) if isinstance(t, tuple) else str(t) for t in index]


def assert_same(expected: pd.DataFrame, got: pd.DataFrame) -> None:
    assert type(got) is pd.DataFrame
    assert list(got.columns) == list(expected.columns)
    assert list(got.index.names) == list(expected.index.names)
    assert _labels(got.index) == _labels(expected.index)
    pd.testing.assert_frame_equal(
        got.reset_index(drop=True), expected.reset_index(drop=True), check_exact=False, rtol=1e-12
    )


@pytest.fixture(scope="module")
def surveys() -> pd.DataFrame:
    from cxkit.data import load

    cols = ["customer_id", "segment", "touchpoint", "channel", "nps", "csat", "ces"]
    return load("surveys")[cols]


# --- the course's surveys ---------------------------------------------------------------------


@pytest.mark.parametrize("metric", ["nps", "csat", "ces"])
def test_course_surveys_every_backend(backend, surveys, metric):
    name, convert = backend
    frame = convert(surveys)
    for by in ("segment", ["segment", "touchpoint"]):
        for cluster in (None, "customer_id"):
            expected = reference(name, surveys, metric, by=by, cluster=cluster)
            got = breakdown(frame, metric, by=by, cluster=cluster)
            assert_same(expected, got)
            if cluster:
                assert (got["n_clusters"] < got["n"]).any()  # customers answer more than once


def test_course_surveys_options(backend, surveys):
    """Scale options, another confidence, the adjusted Wald and a seeded bootstrap agree too."""
    name, convert = backend
    frame = convert(surveys)
    for metric, kwargs in [
        ("nps", dict(detractor_max=5, promoter_min=8, confidence=0.9)),
        ("nps", dict(method="adjusted_wald")),
        ("nps", dict(method="bootstrap", n_boot=500, seed=7)),
        ("csat", dict(satisfied=[5], method="wald")),
        ("ces", dict(min_n=100)),
    ]:
        expected = reference(name, surveys, metric, by="channel", **kwargs)
        assert_same(expected, breakdown(frame, metric, by="channel", **kwargs))


# --- small hand-made tables ------------------------------------------------------------------


def _hand() -> pd.DataFrame:
    """Two segments, three customers each, blank scores, and one answer with a blank segment."""
    return pd.DataFrame(
        {
            "segment": ["A", "A", "A", "A", "B", "B", "B", "B", None],
            "region": ["n", "s", "n", "s", "n", "n", "s", "s", "n"],
            "customer": ["c1", "c1", "c2", "c3", "c4", "c4", "c5", "c6", "c7"],
            "nps": pd.array([10, 9, None, 3, 6, 10, None, 0, 9], dtype="Int64"),
            "csat": pd.array([5, 4, 2, None, 1, 5, 5, None, 3], dtype="Int64"),
            "ces": pd.array([7, 6, 1, 4, None, 2, 5, 3, 6], dtype="Int64"),
        }
    )


def test_hand_worked_nps(backend):
    """A: 10, 9, 3 -> (2 - 1)/3 = 33.3; B: 6, 10, 0 -> (1 - 2)/3 = -33.3; blanks counted."""
    name, convert = backend
    df = _hand()
    with pytest.warns(CXDataWarning, match="1 answer with a blank 'segment'"):
        got = breakdown(convert(df), "nps", by="segment", min_n=1)
    assert got["value"].round(4).tolist() == [33.3333, -33.3333]
    assert got["n"].tolist() == [3, 3]
    assert got["n_blank"].tolist() == [1, 1]
    assert got["promoters"].tolist() == [2, 1]
    with pytest.warns(CXDataWarning):
        assert_same(reference(name, df, "nps", by="segment", min_n=1), got)


@pytest.mark.parametrize("metric", ["nps", "csat", "ces"])
def test_hand_tables_by_two_columns_and_clusters(backend, metric):
    name, convert = backend
    df = _hand()
    frame = convert(df)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CXDataWarning)  # the blank segment, and small groups
        for by in ("segment", ["segment", "region"], "region"):
            for cluster in (None, "customer"):
                expected = reference(name, df, metric, by=by, cluster=cluster, min_n=2)
                assert_same(expected, breakdown(frame, metric, by=by, cluster=cluster, min_n=2))


def test_cluster_variance_by_hand(backend):
    """Count the clusters of a group from the collected (group, cluster, score) counts.

    CES per region: region n holds c1 (7), c2 (1), c4 (2) and c7 (6), so G = 4 there, although
    c1 and c4 also answer in other rows.
    """
    name, convert = backend
    df = _hand()
    got = breakdown(convert(df), "ces", by="region", cluster="customer", min_n=1)
    assert got.loc["n", "n_clusters"] == 4
    assert_same(reference(name, df, "ces", by="region", cluster="customer", min_n=1), got)


# --- bad input: the same typed errors, naming the column ------------------------------------


def test_missing_column(backend):
    _, convert = backend
    frame = convert(_hand())
    with pytest.raises(CXDataError, match="'segmnt'"):
        breakdown(frame, "nps", by="segmnt")
    with pytest.raises(CXDataError, match="'score'"):
        breakdown(frame, "nps", by="segment", score_column="score")
    with pytest.raises(CXDataError, match="'cust'"):
        breakdown(frame, "nps", by="segment", cluster="cust")
    with pytest.raises(CXConfigError):
        breakdown(frame, "nps", by=[])
    with pytest.raises(CXConfigError):
        breakdown(frame, "nps_x", by="segment")


def test_out_of_range_score_names_column_and_row(backend):
    name, convert = backend
    df = _hand().assign(nps=pd.array([10, 9, None, 3, 6, 11, None, 0, 9], dtype="Int64"))
    with pytest.raises(CXDataError, match="score out of range") as pandas_err:
        breakdown(df, "nps", by="segment")
    assert pandas_err.value.row == "5"
    with pytest.raises(CXDataError, match="score out of range") as err:
        breakdown(convert(df), "nps", by="segment")
    assert err.value.column == "nps"
    assert err.value.value == 11
    if name in LAZY:  # no row order: the value and its count instead
        assert err.value.row is None
        assert "1 row with this value" in str(err.value)
    else:
        assert err.value.row == 5


def test_fraction_score(backend):
    name, convert = backend
    df = _hand().assign(ces=[7, 6, 1, 4, None, 2.5, 5, 3, 6])
    with pytest.raises(CXDataError, match="not a whole number") as err:
        breakdown(convert(df), "ces", by="segment")
    assert err.value.column == "ces"
    assert err.value.value == 2.5
    assert err.value.row == (None if name in LAZY else 5)


def test_text_and_boolean_scores(backend):
    _, convert = backend
    df = _hand().assign(nps=["9"] * 9, csat=[True] * 9)
    with pytest.raises(CXDataError, match="not a number") as err:
        breakdown(convert(df), "nps", by="segment")
    assert err.value.column == "nps"
    with pytest.raises(CXDataError, match="True/False") as err:
        breakdown(convert(df), "csat", by="segment")
    assert err.value.column == "csat"


def test_blank_cluster_id(backend):
    name, convert = backend
    df = _hand()
    df.loc[4, "customer"] = None
    with pytest.raises(CXDataError, match="blank cluster id") as err:
        breakdown(convert(df), "nps", by="region", cluster="customer")
    assert err.value.column == "customer"
    assert err.value.row == (None if name in LAZY else 4)


def test_every_score_blank(backend):
    _, convert = backend
    df = _hand().assign(nps=pd.array([None] * 9, dtype="Int64"))
    with pytest.raises(CXDataError, match="every score is blank") as err:
        breakdown(convert(df), "nps", by="segment")
    assert err.value.column == "nps"


def test_wrong_scale_check(backend):
    """Forty 1-to-10 answers (no 0, many 1s) are refused on every backend, as on pandas."""
    _, convert = backend
    df = pd.DataFrame({"g": ["x"] * 40, "nps": [1] * 12 + [10] * 8 + list(range(1, 11)) * 2})
    with pytest.raises(CXDataError, match="1-to-10"):
        breakdown(df, "nps", by="g")
    with pytest.raises(CXDataError, match="1-to-10") as err:
        breakdown(convert(df), "nps", by="g")
    assert err.value.column == "nps"
    assert_same(
        breakdown(df, "nps", by="g", scale_check=False),
        breakdown(convert(df), "nps", by="g", scale_check=False),
    )


# --- DuckDB's own types -----------------------------------------------------------------------


def test_duckdb_decimal_scores_and_parquet(tmp_path, surveys):
    """DuckDB DECIMAL scores (and its 128-bit sums) are cast after collecting; Parquet works too."""
    con = duckdb.connect()
    con.register("s", surveys)
    rel = con.sql("SELECT segment, touchpoint, customer_id, CAST(nps AS DECIMAL(4, 1)) AS nps FROM s")
    assert "DECIMAL" in str(rel.types[-1])
    assert_same(breakdown(surveys, "nps", by="segment"), breakdown(rel, "nps", by="segment"))
    path = tmp_path / "surveys.parquet"
    con.sql(f"COPY s TO '{path}' (FORMAT parquet)")
    pq = con.read_parquet(str(path))  # Parquet keeps the categories as text: sorted as text
    assert_same(
        breakdown(_plain(surveys), "ces", by=["segment", "touchpoint"], cluster="customer_id"),
        breakdown(pq, "ces", by=["segment", "touchpoint"], cluster="customer_id"),
    )


def test_polars_categorical_sorts_as_text(surveys):
    """A polars Categorical (no fixed order) gives groups sorted as text; an Enum keeps its order."""
    frame = pl.from_pandas(surveys[["touchpoint", "nps"]])
    got = breakdown(frame, "nps", by="touchpoint")
    assert list(got.index) == sorted(got.index)
    expected = breakdown(surveys.assign(touchpoint=surveys["touchpoint"].astype(str)), "nps", by="touchpoint")
    assert_same(expected, got)
    assert np.all(got.index == expected.index)
