"""The same survey tables on every backend: DuckDB, polars (eager and lazy) and PySpark vs pandas.

``breakdown`` on a pandas DataFrame runs the course's pandas path; on any other frame it runs
the one narwhals implementation (cxkit.metrics._narwhals). Each test computes the pandas answer
and checks that every backend returns the same pandas DataFrame: same index, columns, dtypes and
values.

PySpark runs only where it is installed (``.venv-spark``, made by tools/spark_env.sh; ``make
backends``, a step of ``make test``); elsewhere its cases skip, except with ``CXKIT_REQUIRE_SPARK=1``
(CI), where a missing PySpark or Java fails. Every Spark query costs seconds (a job on the JVM),
so Spark runs the cases of :data:`ON_SPARK` only, on small logs: one case per trap of the narwhals
path and per kind of result; DuckDB and polars run every case.
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

duckdb = pytest.importorskip("duckdb")  # a runtime dependency of cxkit
try:  # a test dependency: its cases skip without it, the others still run
    import polars as pl
except ImportError:  # pragma: no cover
    pl = None

REQUIRE_SPARK = os.environ.get("CXKIT_REQUIRE_SPARK") == "1"
HAVE_SPARK = importlib.util.find_spec("pyspark") is not None and (
    shutil.which("java") is not None or bool(os.environ.get("JAVA_HOME"))
)

BACKENDS = ["duckdb", "polars", "polars_lazy", "pyspark"]
LAZY = {"duckdb", "polars_lazy", "pyspark"}

#: The cases Spark runs (each Spark query takes seconds): every kind of result once (survey
#: tables, directly-follows, variants, funnel) and one case per trap of the narwhals path: the
#: total order inside windows (tie_break, then activity name, as on pandas), the exact variant
#: encoding over several int64 chunks, durations from date parts across time zones and years,
#: blank values and bad scores refused with a cxkit error. Each can fail on Spark alone.
ON_SPARK = {
    "test_course_surveys_every_backend[pyspark-nps]",
    "test_hand_worked_nps[pyspark]",
    "test_out_of_range_score_names_column_and_row[pyspark]",
    "test_course_events_every_backend[pyspark-directly_follows]",
    "test_course_events_every_backend[pyspark-variants]",
    "test_ties_follow_tie_break[pyspark-variants]",
    "test_ties_without_tie_break_go_by_activity_name_as_on_pandas[pyspark]",
    "test_blank_tie_break_refused_on_every_engine[pyspark]",
    "test_variants_exact_encoding[pyspark-2-90]",
    "test_durations_time_zones_and_long_gaps[pyspark]",
    "test_blank_case_activity_timestamp_refused[pyspark-timestamp]",
    "test_funnel_course_events_every_backend[pyspark-kwargs2]",
    "test_funnel_hand_worked_with_blank_group_and_ties[pyspark]",
    "test_stage_durations_hand_worked[pyspark]",
    "test_stage_times_hand_worked[pyspark]",
}
#: Spark's share of the course events: the first cases (a few thousand events), enough for
#: every pair, variant and funnel step to be compared, at a fraction of the time.
SPARK_CASES = 300


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

    # One session for the whole test run, tuned for tiny data on one core: one partition per
    # shuffle, no adaptive re-planning (it adds planning work and nothing to gain on a few
    # thousand rows), pandas frames sent through Arrow, a JVM that starts fast (C1 compiler only,
    # serial garbage collector), no web UI and no progress bars.
    session = (
        SparkSession.builder.master("local[1]")
        .appName("cxkit-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "1")
        .config("spark.default.parallelism", "1")
        .config("spark.sql.adaptive.enabled", "false")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.driver.extraJavaOptions", "-XX:+UseSerialGC -XX:TieredStopAtLevel=1")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(params=BACKENDS)
def backend(request):
    """Return ``(name, convert)``: convert turns a pandas DataFrame into that backend's frame."""
    name = request.param
    if name.startswith("polars") and pl is None:
        pytest.skip("polars is not installed")
    if name == "pyspark":
        if request.node.name not in ON_SPARK:
            pytest.skip("run on DuckDB and polars; Spark runs the cases of ON_SPARK")
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


@pytest.mark.slow  # its cases together take more than 3 s (quiet 2 cores)
@pytest.mark.parametrize("metric", ["nps", "csat", "ces"])
def test_course_surveys_every_backend(backend, surveys, metric):
    name, convert = backend
    if name == "pyspark":
        surveys = surveys.iloc[: 10 * SPARK_CASES]  # Spark: a share, with repeat customers
    frame = convert(surveys)
    combinations = [
        (by, cluster) for by in ("segment", ["segment", "touchpoint"]) for cluster in (None, "customer_id")
    ]
    for by, cluster in combinations[-1:] if name == "pyspark" else combinations:  # Spark: the hardest
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


@pytest.mark.slow  # its cases together take more than 3 s (make quick leaves it out)
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
        breakdown(frame, "nps", by="segment", score="score")
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
    if pl is None:
        pytest.skip("polars is not installed")
    frame = pl.from_pandas(surveys[["touchpoint", "nps"]])
    got = breakdown(frame, "nps", by="touchpoint")
    assert list(got.index) == sorted(got.index)
    expected = breakdown(surveys.assign(touchpoint=surveys["touchpoint"].astype(str)), "nps", by="touchpoint")
    assert_same(expected, got)
    assert np.all(got.index == expected.index)


# --- journey analytics on every backend -----------------------------------------------------

JOURNEY = ["directly_follows", "start_activities", "end_activities", "variants"]


def assert_same_journey(expected, got) -> None:
    """Compare a journey result (Series or DataFrame) with the pandas path's, labels as text."""
    if isinstance(expected, pd.Series):
        assert type(got) is pd.Series
        assert got.name == expected.name
        assert got.index.name == expected.index.name
        assert [str(x) for x in got.index] == [str(x) for x in expected.index]
        assert got.tolist() == expected.tolist()
        return
    assert type(got) is pd.DataFrame
    assert list(got.columns) == list(expected.columns)
    for col in expected.columns:
        e, g = expected[col], got[col]
        if pd.api.types.is_float_dtype(e.dtype):
            np.testing.assert_allclose(g.to_numpy(float), e.to_numpy(float), rtol=1e-9)
        elif col == "variant":
            assert [tuple(map(str, v)) for v in g] == [tuple(map(str, v)) for v in e]
        else:
            assert [str(x) for x in g] == [str(x) for x in e], col


@pytest.fixture(scope="module")
def events() -> pd.DataFrame:
    from cxkit.data import load

    return load("events")[["case_id", "event", "stage", "channel", "timestamp"]]


def _spark_share(events: pd.DataFrame) -> pd.DataFrame:
    """Return the events of the first SPARK_CASES cases (whole cases, in the log's row order)."""
    first = events["case_id"].drop_duplicates().iloc[:SPARK_CASES]
    return events[events["case_id"].isin(first)].reset_index(drop=True)


@pytest.mark.slow  # its cases together take more than 3 s (quiet 2 cores)
@pytest.mark.parametrize("function", JOURNEY)
def test_course_events_every_backend(backend, events, function):
    from cxkit.journey import analytics

    name, convert = backend
    log = _spark_share(events) if name == "pyspark" else events
    frame = convert(log)
    fn = getattr(analytics, function)
    for activity in ("event",) if name == "pyspark" else ("event", "stage"):
        assert_same_journey(fn(log, activity=activity), fn(frame, activity=activity))


def _tied_log() -> pd.DataFrame:
    """Two cases whose events share timestamps; ``seq`` gives the true order (not the row order)."""
    t = pd.to_datetime(
        [
            *["2024-01-01 10:00"] * 3,
            "2024-01-01 10:07",
            *["2024-01-02 09:00"] * 2,
            "2024-01-02 09:30",
        ]
    )
    return pd.DataFrame(
        {
            "case_id": ["a"] * 4 + ["b"] * 3,
            "event": ["pay", "view", "basket", "done", "view", "basket", "pay"],
            "seq": [3, 1, 2, 4, 1, 2, 3],
            "timestamp": t,
        }
    )


@pytest.mark.parametrize("function", JOURNEY)
def test_ties_follow_tie_break(backend, function):
    """With tie_break='seq', a tie is put in seq order on every backend, as on pandas."""
    from cxkit.journey import analytics

    name, convert = backend
    log = _tied_log()
    fn = getattr(analytics, function)
    expected = fn(log, tie_break="seq")
    for _ in range(1 if name == "pyspark" else 3):  # the same answer on every run
        assert_same_journey(expected, fn(convert(log), tie_break="seq"))
    if function == "variants":
        assert expected["variant"].tolist() == [
            ("view", "basket", "pay"),
            ("view", "basket", "pay", "done"),
        ]


@pytest.mark.parametrize("tie_break", [None, "seq"])
def test_prepared_log_same_as_frame(backend, tie_break):
    """A log prepared on an engine (checks run once) gives what the frame gives, the tie rule included.

    Both equal the pandas answer, with the tie_break column or by activity name without it.
    """
    from cxkit.journey import analytics, funnel, prepare, stage_durations

    name, convert = backend
    log = _tied_log().assign(segment=["x"] * 4 + ["y"] * 3)
    if tie_break is None:
        log = log.drop(columns="seq")
    frame = convert(log)
    prepared = prepare(frame, tie_break=tie_break)
    assert prepared.engine == ("polars" if name.startswith("polars") else name)
    for function in JOURNEY:
        fn = getattr(analytics, function)
        expected = fn(log, tie_break=tie_break)
        assert_same_journey(expected, fn(frame, tie_break=tie_break))
        assert_same_journey(expected, fn(prepared))
    kw = dict(stages=["view", "basket", "pay"], by="segment", min_n=1)
    pd.testing.assert_frame_equal(funnel(prepared, **kw), funnel(log, tie_break=tie_break, **kw))
    kw = dict(stages=["view", "basket", "pay"], by="segment")
    pd.testing.assert_frame_equal(
        stage_durations(prepared, **kw), stage_durations(log, tie_break=tie_break, **kw), rtol=1e-12
    )
    with pytest.raises(CXConfigError, match="prepared with activity='event'"):
        analytics.variants(prepared, activity="stage")


def test_ties_without_tie_break_go_by_activity_name_as_on_pandas(backend):
    """The one tie rule (issue 23): without tie_break, tied events go by activity name on every engine.

    The same answer as pandas, whatever the pandas rows' order, on every run, with no warning.
    """
    import warnings

    from cxkit.journey import analytics, funnel, stage_durations

    name, convert = backend
    log = _tied_log().drop(columns="seq")
    frame = convert(log)
    with warnings.catch_warnings():
        warnings.simplefilter("error", CXDataWarning)
        first = analytics.directly_follows(frame)
        # a: basket, pay, view (names), then done at 10:07; b: basket, view, then pay
        assert set(zip(first["source"], first["target"], strict=True)) == {
            ("basket", "pay"),
            ("pay", "view"),
            ("view", "done"),
            ("basket", "view"),
            ("view", "pay"),
        }
        for rows in (log, log.iloc[::-1], log.sample(frac=1, random_state=2)):
            assert_same_journey(analytics.directly_follows(rows), first)
        for function in JOURNEY if name != "pyspark" else ["variants"]:
            fn = getattr(analytics, function)
            assert_same_journey(fn(log.iloc[::-1]), fn(frame))
        stages = dict(stages=["basket", "pay", "view"], activity="event")
        expected = funnel(log.iloc[::-1], **stages)
        pd.testing.assert_frame_equal(funnel(frame, **stages), expected, check_dtype=False)
        assert expected["cases"].tolist() == [2, 2, 1]  # a: basket, pay, view; b: basket, view, pay
        pd.testing.assert_frame_equal(
            stage_durations(frame, **stages), stage_durations(log.iloc[::-1], **stages), check_dtype=False
        )
        for _ in range(1 if name == "pyspark" else 3):
            assert_same_journey(first, analytics.directly_follows(frame))
    with pytest.raises(CXDataError, match="'seqq'"):
        analytics.directly_follows(frame, tie_break="seqq")
    with pytest.raises(CXDataError, match="'seqq'"):
        analytics.directly_follows(log, tie_break="seqq")


def test_blank_tie_break_refused_on_every_engine(backend):
    from cxkit.journey import directly_follows

    _, convert = backend
    log = _tied_log()
    log["seq"] = log["seq"].astype(float)
    log.loc[1, "seq"] = np.nan
    for frame in (log, convert(log)):
        with pytest.raises(CXDataError, match="no tie-break value") as err:
            directly_follows(frame, tie_break="seq")
        assert err.value.column == "seq"


def _random_log(n_cases: int, n_acts: int, max_len: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    lengths = rng.integers(1, max_len + 1, n_cases)
    case = np.repeat([f"c{i:04d}" for i in range(n_cases)], lengths)
    acts = np.array([f"a{i:03d}" for i in range(n_acts)])
    seconds = rng.integers(1, 10**4, len(case)).cumsum()  # strictly increasing: no ties
    ts = pd.Timestamp("2023-12-30 23:00:00.250") + pd.to_timedelta(seconds, "s")
    return pd.DataFrame({"case_id": case, "event": acts[rng.integers(0, n_acts, len(case))], "timestamp": ts})


@pytest.mark.slow  # its cases together take more than 3 s (quiet 2 cores)
@pytest.mark.parametrize(
    ("n_acts", "max_len"),
    [(1, 150), (2, 90), (300, 25), (2000, 12)],  # 63, 39, 7 and 5 digits per int64
)
def test_variants_exact_encoding(backend, n_acts, max_len):
    """Variants of long cases over many activities (several int64 chunks each) match pandas."""
    from cxkit.journey import variants

    _, convert = backend
    log = _random_log(60, n_acts, max_len, seed=n_acts)
    assert_same_journey(variants(log), variants(convert(log)))


def test_encoding_helpers():
    from cxkit.journey._narwhals import decode_variant, digits_per_chunk

    for k in (1, 2, 9, 300, 2000):
        d = digits_per_chunk(k)
        assert (k + 1) ** d <= 2**63 < (k + 1) ** (d + 1)
        codes = [(i * 7) % k + 1 for i in range(2 * d + 3)]
        chunks = [
            sum(c * (k + 1) ** i for i, c in enumerate(codes[j : j + d])) for j in range(0, len(codes), d)
        ]
        assert decode_variant(len(codes), chunks, k) == codes


def test_durations_time_zones_and_long_gaps(backend):
    """Durations are UTC seconds from date parts: a DST change, years apart, microseconds."""
    from cxkit.journey import directly_follows

    _, convert = backend
    local = pd.to_datetime(
        ["2024-03-31 01:30:00", "2024-03-31 03:30:00", "2024-10-27 02:30:00.000250", "2031-01-01 00:00:00"],
        format="ISO8601",
    ).tz_localize("Europe/Paris", ambiguous=[True, True, False, True])
    log = pd.DataFrame({"case_id": ["x"] * 4, "event": ["a", "b", "c", "d"], "timestamp": local})
    got = directly_follows(convert(log))
    expected = directly_follows(log)
    assert_same_journey(expected, got)
    ab = got.set_index(["source", "target"])["mean_s"]
    assert ab[("a", "b")] == 3600.0  # one hour of real time across the spring change
    assert ab[("c", "d")] > 6 * 365 * 86400  # no overflow of small integer date parts


@pytest.mark.filterwarnings("ignore:Found complex group-by")
def test_narwhals_path_on_pandas_avoids_cum_count_pitfall():
    """The narwhals implementation run on a pandas frame (where cum_count().over() miscounts)."""
    import narwhals.stable.v2 as nw

    from cxkit.journey import _narwhals as on_frame
    from cxkit.journey import directly_follows, variants

    log = _random_log(40, 4, 9, seed=3)
    frame = nw.from_native(log)
    kw = dict(case="case_id", activity="event", timestamp="timestamp")
    assert_same_journey(variants(log), on_frame.variants(frame, **kw))
    assert_same_journey(directly_follows(log), on_frame.directly_follows(frame, **kw))


def test_duckdb_sums_are_cast(events):
    """DuckDB sums durations as 128-bit integers: the result is float seconds, as on pandas."""
    from cxkit.journey import directly_follows

    got = directly_follows(duckdb.from_df(events))
    assert got["mean_s"].dtype == np.float64
    assert got["count"].dtype == np.int64


@pytest.mark.parametrize("column", ["case_id", "event", "timestamp"])
def test_blank_case_activity_timestamp_refused(backend, column):
    from cxkit.journey import directly_follows, variants

    name, convert = backend
    log = _tied_log().drop(columns="seq")
    log[column] = log[column].astype(object)
    log.loc[2, column] = None
    what = {"case_id": "case", "event": "activity", "timestamp": "timestamp"}[column]
    if column == "timestamp":
        log["timestamp"] = pd.to_datetime(log["timestamp"])
    for fn in (directly_follows, variants):
        with pytest.raises(CXDataError, match=f"no {what}") as err:
            fn(convert(log))
        assert err.value.column == column
        assert err.value.row == (None if name in LAZY else 2)
    if column != "timestamp":
        log[column] = log[column].fillna("  ")  # an empty text is blank too
        with pytest.raises(CXDataError, match=f"no {what}"):
            directly_follows(convert(log))


def test_bad_logs_refused(backend):
    from cxkit.journey import start_activities

    _, convert = backend
    log = _tied_log()
    with pytest.raises(CXDataError, match="missing column") as err:
        start_activities(convert(log), activity="evnt")
    assert err.value.column == "evnt"
    with pytest.raises(CXDataError, match="not a timestamp column"):
        start_activities(convert(log.assign(timestamp=log["timestamp"].astype(str))))
    import narwhals.stable.v2 as nw

    empty = nw.to_native(nw.from_native(convert(log)).head(0))  # Spark cannot infer an empty schema
    with pytest.raises(CXDataError, match="empty"):
        start_activities(empty)


def test_duckdb_connection_zone_must_be_utc():
    """DuckDB shows zone-aware times in the connection's zone: durations there need UTC."""
    from cxkit.journey import directly_follows

    con = duckdb.connect()
    con.sql("SET TimeZone = 'Europe/Paris'")
    log = con.sql(
        "SELECT * FROM (VALUES ('x', 'a', TIMESTAMPTZ '2024-03-31 00:30:00+00'), "
        "('x', 'b', TIMESTAMPTZ '2024-03-31 01:30:00+00')) AS t(case_id, event, timestamp)"
    )
    with pytest.raises(CXConfigError, match="SET TimeZone"):
        directly_follows(log)
    con.sql("SET TimeZone = 'UTC'")
    assert directly_follows(log)["mean_s"].tolist() == [3600.0]


STAGES = ["awareness", "consideration", "decision", "purchase", "post_purchase"]


@pytest.mark.slow  # its cases together take more than 3 s (make quick leaves it out)
@pytest.mark.parametrize(
    "kwargs",
    [
        dict(activity="stage", stages=STAGES),
        dict(activity="stage", stages=STAGES, by="channel"),
        dict(activity="stage", stages=STAGES, by="channel", ordered=False, confidence=0.9),
        dict(activity="stage", stages=["purchase", "awareness"], method="wald"),
        dict(activity="stage", stages=STAGES, ordered=False),  # no window at all on this path
    ],
)
def test_funnel_course_events_every_backend(backend, events, kwargs):
    from cxkit.journey import funnel

    name, convert = backend
    log = _plain(_spark_share(events)) if name == "pyspark" else events
    expected = funnel(log, **kwargs)
    got = funnel(convert(log), **kwargs)
    pd.testing.assert_frame_equal(
        got, expected, check_dtype=False, check_categorical=False, check_exact=False, rtol=1e-12
    )


def test_funnel_hand_worked_with_blank_group_and_ties(backend):
    """Cases a, b reach see -> try -> buy in seq order; c only sees; d has no group (warned)."""
    from cxkit.journey import funnel

    _, convert = backend
    t = pd.Timestamp("2024-05-01 12:00")
    log = pd.DataFrame(
        {
            "case_id": ["a", "a", "a", "b", "b", "b", "c", "d", "d"],
            "event": ["buy", "see", "try", "see", "try", "buy", "see", "see", "try"],
            "seq": [3, 1, 2, 1, 2, 3, 1, 1, 2],
            "timestamp": [t] * 3 + [t, t + pd.Timedelta("1h"), t + pd.Timedelta("2h"), t, t, t],
            "segment": ["B2C"] * 6 + ["B2B", None, None],
        }
    )
    kw = dict(stages=["see", "try", "buy"], by="segment", tie_break="seq")
    with pytest.warns(CXDataWarning, match="1 case"):
        expected = funnel(log, **kw)
    with pytest.warns(CXDataWarning, match="1 case"):
        got = funnel(convert(log), **kw)
    assert got.loc["B2C", "cases"].tolist() == [2, 2, 2]
    assert got.loc["B2B", "cases"].tolist() == [1, 0, 0]
    pd.testing.assert_frame_equal(got, expected, check_dtype=False, check_categorical=False)
    with pytest.raises(CXConfigError, match="'pay'"):
        funnel(convert(log), stages=["see", "pay"], tie_break="seq")


@pytest.mark.slow  # its cases together take more than 3 s (make quick leaves it out)
@pytest.mark.parametrize(
    "kwargs",
    [
        dict(activity="stage", stages=STAGES),
        dict(activity="stage", stages=STAGES, by="channel", quantiles=(0.1, 0.5, 0.95)),
        dict(activity="stage", stages=["purchase", "awareness"], quantiles=[0.025]),  # few or no cases
    ],
)
def test_stage_durations_course_events_every_backend(backend, events, kwargs):
    from cxkit.journey import stage_durations

    _, convert = backend
    expected = stage_durations(events, **kwargs)
    got = stage_durations(convert(events), **kwargs)
    pd.testing.assert_frame_equal(got, expected, check_dtype=False, check_exact=False, rtol=1e-12)


def _durations_log() -> pd.DataFrame:
    """Cases a, b, e (B2C) make see -> try -> buy; c (B2B) only sees; d has no segment.

    a's three events share one time (``seq`` orders them); e tries once *before* seeing, which
    does not count: its step see -> try ends at the first try after the see (2 h).
    """
    t = pd.Timestamp("2024-05-01 12:00")
    h = pd.Timedelta("1h")
    rows = [
        ("a", "buy", 3, t, "B2C"),
        ("a", "see", 1, t, "B2C"),
        ("a", "try", 2, t, "B2C"),
        ("b", "see", 1, t, "B2C"),
        ("b", "try", 2, t + h, "B2C"),
        ("b", "buy", 3, t + 2 * h, "B2C"),
        ("c", "see", 1, t, "B2B"),
        ("d", "see", 1, t, None),
        ("d", "try", 2, t, None),
        ("e", "try", 1, t - h, "B2C"),
        ("e", "see", 2, t, "B2C"),
        ("e", "try", 3, t + 2 * h, "B2C"),
        ("e", "try", 4, t + 5 * h, "B2C"),
        ("e", "buy", 5, t + 6 * h, "B2C"),
    ]
    return pd.DataFrame(rows, columns=["case_id", "event", "seq", "timestamp", "segment"])


def test_stage_durations_hand_worked(backend):
    """B2C steps by hand: see -> try 0, 1 h, 2 h; try -> buy 0, 1 h, 4 h. Quantiles: Hyndman-Fan 7."""
    from cxkit.journey import stage_durations

    _, convert = backend
    kw = dict(stages=["see", "try", "buy"], by="segment", tie_break="seq", quantiles=(0.25, 0.9))
    with pytest.warns(CXDataWarning, match="1 case"):
        got = stage_durations(convert(_durations_log()), **kw)
    nan = np.nan
    by_hand = pd.DataFrame(
        [
            ("B2B", "see", "try", 0, nan, nan, nan, nan),
            ("B2B", "try", "buy", 0, nan, nan, nan, nan),
            # [0, 3600, 7200]: q25 at rank 0.5 -> 1800; q90 at rank 1.8 -> 3600 + 0.8 * 3600
            ("B2C", "see", "try", 3, 3600.0, 3600.0, 1800.0, 6480.0),
            # [0, 3600, 14400]: mean 6000; q90 at rank 1.8 -> 3600 + 0.8 * 10800
            ("B2C", "try", "buy", 3, 6000.0, 3600.0, 1800.0, 12240.0),
        ],
        columns=["segment", "from_stage", "to_stage", "cases", "mean_s", "median_s", "q25_s", "q90_s"],
    )
    pd.testing.assert_frame_equal(got, by_hand, check_dtype=False)
    with pytest.warns(CXDataWarning, match="1 case"):
        expected = stage_durations(_durations_log(), **kw)
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)


def test_stage_times_hand_worked(backend):
    """The time each case reached each stage; a lazy frame lists cases by their first event."""
    from cxkit.journey import stage_times

    _, convert = backend
    log = _durations_log()
    got = stage_times(convert(log), stages=["see", "try", "buy"], tie_break="seq")
    expected = stage_times(log, stages=["see", "try", "buy"], tie_break="seq")
    t = pd.Timestamp("2024-05-01 12:00")
    assert got.loc["e"].tolist() == [t, t + pd.Timedelta("2h"), t + pd.Timedelta("6h")]
    assert got.loc["c"].isna().tolist() == [False, True, True]
    # e's first event (a try, 1 h before the others) comes first; then a to d, by case
    assert got.index.tolist() == ["e", "a", "b", "c", "d"]
    assert got.index.name == "case_id"
    pd.testing.assert_frame_equal(got, expected.loc[got.index], check_index_type=False)


@pytest.mark.filterwarnings("ignore::cxkit.errors.CXDataWarning")  # tied times: not the point here
def test_stage_durations_bad_input(backend):
    from cxkit.journey import stage_durations, stage_times

    name, convert = backend
    if name == "pyspark":
        pytest.skip("checked on DuckDB and polars")
    frame = convert(_durations_log())
    with pytest.raises(CXConfigError, match="'pay' is not a value of the column 'event'"):
        stage_durations(frame, stages=["see", "pay"])
    with pytest.raises(CXConfigError, match="at least two stages"):
        stage_durations(frame, stages=["see"])
    with pytest.raises(CXConfigError, match="strictly between 0 and 1"):
        stage_durations(frame, stages=["see", "try"], quantiles=[1.5])
    with pytest.raises(CXConfigError, match="listed twice"):
        stage_times(frame, stages=["see", "see"])
    with pytest.raises(CXDataError, match="seq2"):
        stage_times(frame, stages=["see", "try"], tie_break="seq2")
    blank = _durations_log()
    blank.loc[3, "timestamp"] = pd.NaT
    with pytest.raises(CXDataError, match="no timestamp"):
        stage_durations(convert(blank), stages=["see", "try"])


def test_duration_sums_do_not_overflow(backend):
    """2,000 steps of 230 years: 1.45e19 us in all, past int64 (polars would wrap to a negative mean)."""
    from cxkit.journey import directly_follows, stage_durations

    name, convert = backend
    if name == "pyspark":
        pytest.skip("checked on DuckDB and polars")
    n = 2000
    log = pd.DataFrame(
        {
            "case_id": np.repeat([f"c{i}" for i in range(n)], 2),
            "event": ["see", "try"] * n,
            "timestamp": pd.to_datetime(["1970-01-01", "2200-01-01 00:00:00.5"] * n, format="ISO8601"),
        }
    )
    step = (pd.Timestamp("2200-01-01 00:00:00.5") - pd.Timestamp("1970-01-01")).total_seconds()
    assert n * step * 1e6 > 2**63
    frame = convert(log)
    assert stage_durations(frame, stages=["see", "try"])["mean_s"].tolist() == [step]
    assert directly_follows(frame)["mean_s"].tolist() == [step]


def test_duckdb_without_pyarrow():
    """The pandas-3.0 compatibility environment has no pyarrow: DuckDB results come via pandas.

    Run in a fresh interpreter where ``import pyarrow`` fails from the start (pandas itself
    cannot lose pyarrow once it has used it).
    """
    import subprocess
    import sys
    from pathlib import Path

    script = """
import sys
sys.modules["pyarrow"] = None
import duckdb, pandas as pd
from cxkit.data import load
from cxkit.journey import directly_follows
from cxkit.metrics import breakdown
s = load("surveys")
a = breakdown(s, "csat", by="segment", cluster="customer_id")
b = breakdown(duckdb.from_df(s), "csat", by="segment", cluster="customer_id")
pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True), check_exact=False)
assert list(a.index) == list(b.index)
e = load("events")
pd.testing.assert_frame_equal(directly_follows(e), directly_follows(duckdb.from_df(e)), check_dtype=False)
print("same")
"""
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "PYTHONPATH": str(root)}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=root)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "same"
