"""Benchmark: ``import_csv`` of a large survey export with pandas against ``engine="duckdb"``.

Writes (or reuses) a survey export of N rows in a plain layout (the course's surveys, repeated with
new survey ids, columns renamed as a tool would name them, one bad score in every 10,000 rows),
then imports it in a fresh process per engine and reports the time, the peak resident memory of
that process (psutil, sampled every 50 ms), the rows kept and dropped. Prints Markdown rows for
bench/README.md.

Usage: ``python bench/bench_import_duckdb.py [rows] [chunk_rows]`` (default 1,000,000 and 200,000).
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

COLUMNS = {
    "Response ID": "survey_id", "Customer": "customer_id", "Segment": "segment", "Touchpoint": "touchpoint",
    "Channel": "channel", "Order": "order_id", "Ticket": "ticket_id", "Sent": "sent_at",
    "Responded": "responded", "Answered": "response_date", "Recommend (0-10)": "nps",
    "Satisfaction (1-5)": "csat", "Effort (1-7)": "ces", "Comment": "comment",
}  # fmt: skip


def write_export(rows: int, path: Path) -> None:
    import pandas as pd

    from cxkit.data import data_dir

    course = pd.read_csv(data_dir() / "surveys.csv", dtype=str, keep_default_na=False)
    reps = -(-rows // len(course))
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(",".join(f'"{c}"' for c in COLUMNS) + "\n")
        for r in range(reps):
            part = course.copy()
            part["survey_id"] = [f"R{r:04d}-{i:06d}" for i in range(len(part))]
            bad = part.index % 10_000 == 17
            part.loc[bad & (part["nps"] != ""), "nps"] = "11"
            left = rows - r * len(course)
            part.iloc[: min(left, len(part))].to_csv(fh, header=False, index=False)


def _peak_rss(stop: threading.Event, out: list[int]) -> None:
    import psutil

    me = psutil.Process()
    peak = 0
    while not stop.is_set():
        peak = max(peak, me.memory_info().rss)
        stop.wait(0.05)
    out.append(peak)


def run_one(path: str, engine: str, chunk_rows: int) -> None:
    """In this process: import the file and print one line of results."""
    import warnings

    from cxkit.data import import_csv

    stop, peak = threading.Event(), []
    sampler = threading.Thread(target=_peak_rss, args=(stop, peak))
    sampler.start()
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = import_csv(path, kind="surveys", columns=COLUMNS, engine=engine, chunk_rows=chunk_rows)
    kept = result.n_kept
    seconds = time.perf_counter() - start
    stop.set()
    sampler.join()
    print(f"{engine}\t{seconds:.1f}\t{peak[0] / 2**30:.2f}\t{kept}\t{len(result.dropped)}")


def main(rows: int = 1_000_000, chunk_rows: int = 200_000) -> None:
    import os

    folder = Path(tempfile.gettempdir()) / "cxkit-bench-import"
    folder.mkdir(exist_ok=True)
    path = folder / f"surveys-{rows}.csv"
    if not path.exists():
        write_export(rows, path)
    size = path.stat().st_size / 2**20
    results = {}
    for engine in ("pandas", "duckdb"):
        out = subprocess.run(
            [sys.executable, __file__, "--one", str(path), engine, str(chunk_rows)],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        results[engine] = out.stdout.strip().split("\t")
    load = os.getloadavg()[0]
    pandas, duck = results["pandas"], results["duckdb"]
    print(
        f'| import_csv, pandas against engine="duckdb" (`bench_import_duckdb.py {rows} {chunk_rows}`) '
        f"| {rows:,} survey rows, {size:.0f} MB of CSV, one bad score in 10,000 "
        f"| pandas {pandas[1]} s, DuckDB {duck[1]} s ({chunk_rows:,}-row chunks); kept {pandas[3]} / "
        f"{duck[3]}, dropped {pandas[4]} / {duck[4]} (load average {load:.1f}) "
        f"| pandas {pandas[2]} GB, DuckDB {duck[2]} GB (peak RSS) | DuckDB's peak bounded by one chunk "
        f"| {dt.date.today()} |"
    )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:
        run_one(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else:
        main(*(int(a) for a in sys.argv[1:3]))
