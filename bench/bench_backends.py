"""Benchmark: the same survey and journey functions on pandas, DuckDB (Parquet), polars and PySpark.

The course generator writes about 1,000,000 events (``scale=24``) and their survey table as CSV;
DuckDB's ``COPY ... TO ... (FORMAT parquet)`` turns both into Parquet files. Each backend then
runs, in a fresh process, ``breakdown(surveys, "nps", by="touchpoint", cluster="customer_id")``,
``directly_follows(events)``, ``variants(events)`` and
``funnel(events, stages=..., activity="stage")``, reading the Parquet files itself:

* pandas: ``pd.read_parquet`` (the load is timed apart), then the numpy path;
* DuckDB: ``duckdb.read_parquet`` (lazy: reading is part of each call);
* polars: ``pl.scan_parquet`` (a LazyFrame);
* PySpark: ``spark.read.parquet`` with ``master("local[2]")``, only where pyspark is installed
  (``.venv-spark``, see tools/spark_env.sh: the script re-runs that part with its Python).

Times are one call each after a warm-up call (wall clock, ``time.perf_counter``); the peak memory
is the largest resident set of the process and all its children (the JVM for Spark), sampled
every 50 ms with psutil. The results of every backend are compared with pandas' (the counts must
be equal). Prints Markdown rows for bench/README.md.

Usage: ``python bench/bench_backends.py [scale]`` (``CXKIT_BENCH_SPARK=0`` leaves Spark out). Run it
with a Python that has duckdb and polars (``.venv``, or ``.venv-spark``, which also has pyspark).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import pickle
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STAGES = ["awareness", "consideration", "decision", "purchase", "post_purchase"]


def _peak_rss(stop: threading.Event, out: list[int]) -> None:
    import psutil

    me = psutil.Process()
    peak = 0
    while not stop.is_set():
        try:
            procs = [me, *me.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in procs if p.is_running()))
        except psutil.Error:
            pass
        stop.wait(0.05)
    out.append(peak)


def _frames(backend: str, events: str, surveys: str):
    """Return ``(events, surveys, load seconds)`` as the backend's own frames."""
    start = time.perf_counter()
    if backend == "pandas":
        import pandas as pd

        ev, sv = pd.read_parquet(events), pd.read_parquet(surveys)
    elif backend == "duckdb":
        import duckdb

        ev, sv = duckdb.read_parquet(events), duckdb.read_parquet(surveys)
    elif backend == "polars":
        import polars as pl

        ev, sv = pl.scan_parquet(events), pl.scan_parquet(surveys)
    else:
        from pyspark.sql import SparkSession

        spark = (
            SparkSession.builder.master("local[2]")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.shuffle.partitions", "4")
            .getOrCreate()
        )
        ev, sv = spark.read.parquet(events), spark.read.parquet(surveys)
    return ev, sv, time.perf_counter() - start


def child(backend: str, events: str, surveys: str, out: str) -> None:
    """Run the four calls on one backend; write times, peak memory and results to ``out``."""
    from cxkit.journey.analytics import directly_follows, funnel, variants
    from cxkit.metrics import breakdown

    stop, peak = threading.Event(), []
    sampler = threading.Thread(target=_peak_rss, args=(stop, peak))
    sampler.start()
    ev, sv, load_s = _frames(backend, events, surveys)
    calls = {
        "breakdown": lambda: breakdown(sv, "nps", by="touchpoint", cluster="customer_id"),
        "directly_follows": lambda: directly_follows(ev),
        "variants": lambda: variants(ev),
        "funnel": lambda: funnel(ev, stages=STAGES, activity="stage"),
    }
    times, results = {}, {}
    for name, call in calls.items():
        call()  # warm-up (Spark and DuckDB compile and cache on the first call)
        start = time.perf_counter()
        results[name] = call()
        times[name] = time.perf_counter() - start
    stop.set()
    sampler.join()
    with open(out, "wb") as f:
        pickle.dump({"load": load_s, "times": times, "peak": peak[0], "results": results}, f)


def _same(a, b, name: str) -> bool:
    import numpy as np

    if name == "breakdown":
        return bool((a["n"].to_numpy() == b["n"].to_numpy()).all() and np.allclose(a["value"], b["value"]))
    if name == "variants":
        return [tuple(map(str, v)) for v in a["variant"]] == [tuple(map(str, v)) for v in b["variant"]] and a[
            "count"
        ].tolist() == b["count"].tolist()
    if name == "funnel":
        return a["cases"].tolist() == b["cases"].tolist()
    return a["count"].tolist() == b["count"].tolist() and np.allclose(a["mean_s"], b["mean_s"])


def main(scale: float = 24) -> None:
    import duckdb

    from cxkit.data.generate import generate

    tmp = Path(tempfile.mkdtemp(prefix="cxkit-bench-backends-"))
    generate(seed=2024, scale=scale, out=tmp, progress=False)
    con = duckdb.connect()
    paths = {}
    for table in ("events", "surveys"):
        paths[table] = str(tmp / f"{table}.parquet")
        con.sql(
            f"COPY (SELECT * FROM read_csv('{tmp / (table + '.csv')}')) TO '{paths[table]}' (FORMAT parquet)"
        )
    n_events = con.sql(f"SELECT count(*) FROM '{paths['events']}'").fetchall()[0][0]
    spark_python = ROOT / ".venv-spark" / "bin" / "python"
    runs = {}
    for backend in ("pandas", "duckdb", "polars", "pyspark"):
        python = sys.executable
        if backend == "pyspark":
            if not spark_python.exists() or os.environ.get("CXKIT_BENCH_SPARK") == "0":
                continue
            python = str(spark_python)
        out = str(tmp / f"{backend}.pkl")
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        done = subprocess.run(
            [python, __file__, "--child", backend, paths["events"], paths["surveys"], out],
            env=env,
            capture_output=True,
            text=True,
        )
        if done.returncode:
            print(f"| {backend} | failed: {done.stderr.strip()[-300:]} | | | | |")
            continue
        with open(out, "rb") as f:
            runs[backend] = pickle.load(f)
    base = runs["pandas"]["results"]
    today = dt.date.today().isoformat()
    for backend, run in runs.items():
        t = run["times"]
        equal = all(_same(base[k], run["results"][k], k) for k in base)
        cells = ", ".join(f"{k} {v:.2f} s" for k, v in t.items())
        print(
            f"| backends (`bench_backends.py`): {backend} | {n_events:,} events (scale {scale}), Parquet |"
            f" load {run['load']:.2f} s; {cells}; results equal to pandas: {'yes' if equal else 'NO'} |"
            f" {run['peak'] / 2**30:.2f} GB | | {today} |"
        )
    print(json.dumps({b: r["times"] for b, r in runs.items()}), file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(*sys.argv[2:6])
    else:
        main(float(sys.argv[1]) if len(sys.argv) > 1 else 24)
