"""Benchmark: the journey analytics through DuckDB on a Parquet log far larger than memory allows pandas.

Writes (or reuses) the course generator's Parquet output at a large scale (``cxkit data generate
--format parquet --scale 1000``: about 44 million events), then, in this process, opens the events
file with ``duckdb.read_parquet`` on a connection with ``SET memory_limit`` and computes
``directly_follows``, ``variants`` and ``funnel(..., ordered=False)`` on the stages. Reports the
time of each call, the peak resident memory of the process (sampled every 50 ms with psutil), and
the rows of each result. Prints a Markdown row for bench/README.md.

Usage: ``python bench/bench_duckdb_large.py FOLDER [memory_limit]`` where FOLDER holds
``events.parquet`` (default limit ``2GB``; DuckDB spills to a temporary folder beyond it).
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import threading
import time

STAGES = ["awareness", "consideration", "decision", "purchase", "post_purchase"]


def _peak_rss(stop: threading.Event, out: list[int]) -> None:
    import psutil

    me = psutil.Process()
    peak = 0
    while not stop.is_set():
        peak = max(peak, me.memory_info().rss)
        stop.wait(0.05)
    out.append(peak)


def main(folder: str, limit: str = "2GB") -> None:
    import duckdb

    from cxkit.journey import directly_follows, funnel, variants

    stop, peak = threading.Event(), []
    sampler = threading.Thread(target=_peak_rss, args=(stop, peak))
    sampler.start()
    con = duckdb.connect()
    con.sql("SET enable_progress_bar = false")
    con.sql(f"SET memory_limit = '{limit}'")
    con.sql(f"SET temp_directory = '{tempfile.mkdtemp(prefix='cxkit-duckdb-')}'")
    path = f"{folder}/events.parquet"
    n = con.sql(f"SELECT count(*) FROM '{path}'").fetchall()[0][0]
    log = con.read_parquet(path)
    times, rows = {}, {}
    for name, call in {
        "directly_follows": lambda: directly_follows(log),
        "variants": lambda: variants(log),
        "funnel": lambda: funnel(log, stages=STAGES, activity="stage", ordered=False),
    }.items():
        start = time.perf_counter()
        result = call()
        times[name] = time.perf_counter() - start
        rows[name] = len(result)
        print(f"{name}: {times[name]:.1f} s, {len(result)} rows", file=sys.stderr, flush=True)
    stop.set()
    sampler.join()
    cells = "; ".join(f"{k} {v:.1f} s ({rows[k]} rows)" for k, v in times.items())
    print(
        f"| DuckDB on Parquet (`bench_duckdb_large.py`), `SET memory_limit = '{limit}'` | {n:,} events |"
        f" {cells} | {peak[0] / 2**30:.2f} GB (process RSS) | completes under the limit |"
        f" {dt.date.today().isoformat()} |"
    )


if __name__ == "__main__":
    main(*sys.argv[1:3])
