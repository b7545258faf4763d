"""Which kind of table a function was given, and the few narwhals helpers every backend shares.

cxkit computes on pandas (the course's data, JupyterLite). A learner's own data may live elsewhere:
a DuckDB relation (an embedded database: one file, larger than memory, no server), a polars
DataFrame or LazyFrame, or a PySpark DataFrame on a cluster. `narwhals <https://narwhals-dev.github.io/narwhals/>`_
gives one API over all of them. The functions that accept such frames (``cxkit.metrics.breakdown``
and the journey analytics of ``cxkit.journey.analytics``) use it to push the heavy work (grouping
millions of rows) to the frame's own engine and collect only a small aggregated table, on which
the same pandas/numpy code as the course's runs.

When to switch from pandas: when the data no longer fit comfortably in memory (a pandas frame
takes several times its CSV's size), or already live in a database or cluster. A Parquet file of
100 million events is queried by DuckDB in seconds from a laptop::

    import duckdb
    from cxkit.metrics import breakdown
    surveys = duckdb.read_parquet("surveys.parquet")   # lazy: nothing is read yet
    breakdown(surveys, "nps", by="segment")             # a pandas DataFrame, as on pandas

and the same call runs on a Spark cluster::

    from pyspark.sql import SparkSession
    spark = SparkSession.builder.remote("sc://spark-host:15002").getOrCreate()
    breakdown(spark.read.parquet("s3://bucket/surveys/"), "nps", by="segment")

>>> import pandas as pd
>>> from cxkit._frames import narwhals_frame
>>> narwhals_frame(pd.DataFrame({"nps": [9]})) is None  # pandas keeps its own (fast) path
True
"""

from __future__ import annotations

from typing import Any

from cxkit.errors import CXDataError

#: Column names cxkit adds to a frame while computing (never a learner's).
ROW = "__cxkit_row"


def narwhals_frame(df: Any) -> Any:
    """Return ``df`` as a narwhals DataFrame or LazyFrame, or ``None`` for pandas and non-frames.

    A pandas DataFrame (or Series) returns ``None``: cxkit's pandas path handles it. So does an
    object narwhals does not know (the caller's own checks then refuse it).
    """
    if type(df).__module__.split(".")[0] == "pandas" or isinstance(df, list | dict | tuple | str):
        return None
    import narwhals.stable.v2 as nw

    frame = nw.from_native(df, pass_through=True)
    if isinstance(frame, nw.DataFrame | nw.LazyFrame):
        return frame
    return None


def backend_name(frame: Any) -> str:
    """Return the engine behind a narwhals frame, e.g. ``"duckdb"``, ``"polars"``, ``"pyspark"``."""
    return str(frame.implementation).split(".")[-1].lower()


def is_lazy(frame: Any) -> bool:
    """Return True for a lazy frame (DuckDB, PySpark, polars LazyFrame): it has no row order."""
    import narwhals.stable.v2 as nw

    return isinstance(frame, nw.LazyFrame)


def column_names(frame: Any) -> list[str]:
    """Return the column names of a narwhals frame (without running a lazy query)."""
    return list(frame.collect_schema().names())


def require_columns(frame: Any, columns: list[Any], what: str = "table") -> None:
    """Refuse a missing column with the :class:`CXDataError` the pandas path raises."""
    names = column_names(frame)
    for c in columns:
        if c not in names:
            raise CXDataError(
                f"no such column in the {what}",
                column=c,
                expected="one of: " + ", ".join(str(x) for x in names),
            )


def first_row(frame: Any, where: Any) -> int | None:
    """Return the 0-based position of the first row where the narwhals expression ``where`` holds.

    ``None`` for a lazy frame (DuckDB, Spark, polars LazyFrame): its rows have no order, so no
    row can be named; the caller's message then shows the value and how many rows have it.
    """
    if is_lazy(frame):
        return None
    hit = frame.with_row_index(ROW).filter(where).select(ROW).head(1)
    rows = hit[ROW].to_list()
    return int(rows[0]) if rows else None


def collect(frame: Any) -> Any:
    """Run a (small, aggregated) narwhals query and return a pandas DataFrame."""
    import narwhals.stable.v2 as nw

    if isinstance(frame, nw.LazyFrame):
        try:
            frame = frame.collect()
        except ImportError:  # DuckDB collects through pyarrow by default: without it, via pandas
            frame = frame.collect(backend="pandas")
    return frame.to_pandas()


def restore_order(table: Any, frame: Any, keys: list[str]) -> Any:
    """Give collected key columns the order the frame declares (in place; returns ``table``).

    An Enum column (DuckDB ENUM, polars Enum) becomes a pandas Categorical with the Enum's
    categories in order, so groups sort as on pandas; any other categorical (a polars
    Categorical, whose order is that of first appearance) becomes its plain values, sorted as text.
    """
    import narwhals.stable.v2 as nw
    import pandas as pd

    schema = frame.collect_schema()
    for k in keys:
        if schema[k] == nw.Enum:
            table[k] = pd.Categorical(table[k].astype(object), categories=list(schema[k].categories))
        elif isinstance(table[k].dtype, pd.CategoricalDtype):
            table[k] = table[k].astype(table[k].cat.categories.dtype)
    return table
