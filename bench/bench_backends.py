"""Benchmark: the same journey and survey functions on pandas, DuckDB, polars, PySpark, and pm4py.

The course generator writes the event log and the survey table of each scale once, as Parquet
(``generate(..., format="parquet")``, the code of ``cxkit data generate --format parquet``), into
``<data>/cxkit-bench-s<scale>/`` (reused by later runs; default ``<data>`` is the system's temporary
folder). Scale 24 is about 1,000,000 events; scale 100 about 4,400,000. Each engine then runs in
a fresh process, started with the Python of the environment that has it, reading the Parquet
files itself:

* pandas (``.venv``): ``pd.read_parquet`` (timed as "load"), then cxkit's numpy path;
* DuckDB (``.venv``): ``duckdb.read_parquet`` (lazy: reading is part of each call);
* polars (``.venv``): ``pl.scan_parquet`` (a LazyFrame);
* PySpark (``.venv-spark``, made by ``bash tools/spark_env.sh``; Java on the PATH):
  ``spark.read.parquet`` with ``master("local[2]")``; "load" is the session start and the read;
* pm4py 2.7 (``.venv-bench-pm4py``, made by ``sh bench/setup_pm4py.sh``): ``pd.read_parquet`` of
  the case, event and timestamp columns and ``pm4py.format_dataframe`` (timed as "load"), then
  ``discover_dfg`` with ``discover_performance_dfg`` (the directly-follows counts and their mean
  and median durations), ``get_start_activities`` with ``get_end_activities``, ``get_variants``.
  pm4py has no survey breakdown and no funnel.

The cxkit engines run ``breakdown(surveys, "nps", by="touchpoint", cluster="customer_id")``,
``directly_follows(events)``, ``variants(events)``,
``funnel(events, stages=<the 5 stages>, activity="stage")`` and ``start_activities`` with
``end_activities``. Each function's time is one call after ``--warmup`` calls (default 1: Spark
and DuckDB compile and cache on the first call), wall clock (``time.perf_counter``). The peak
memory is the largest resident set of the engine's process and all its children (the JVM for
Spark), sampled every 50 ms by this driver with psutil, from the start of the process to its end.
The 1-minute load average is sampled at the same time (the machine may be shared). Every result
is compared with the pandas path's on the same files: counts exactly, means, medians and
intervals to 1e-9 relative. An engine whose environment is missing, or that fails or times out,
is reported as "not run (why)", never left out. Prints one Markdown table (engines as rows,
functions as columns; its lines start with a space so that ``bench/run.py`` leaves it out), then
one summary row per scale in the six columns of bench/README.md's main table.

Usage::

    python bench/bench_backends.py [scale ...] [--engines pandas,duckdb,polars,pyspark,pm4py]
        [--warmup 1] [--timeout SECONDS] [--data DIR]

``python bench/bench_backends.py`` alone is scale 24 on every engine; ``CXKIT_BENCH_SPARK=0``
leaves Spark out (reported as not run). Run the driver with ``.venv``'s Python and
``PYTHONPATH=$PWD``; it needs psutil and cxkit's data generator.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import pickle
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
STAGES = ["awareness", "consideration", "decision", "purchase", "post_purchase"]
ENGINES = ("pandas", "duckdb", "polars", "pyspark", "pm4py")
FUNCTIONS = ("breakdown", "directly_follows", "variants", "funnel", "start_end")
#: The environment (folder at the course root) whose Python runs each engine, and what it needs.
ENVIRONMENTS = {
    "pandas": (".venv", ["pandas", "pyarrow"], "the course environment"),
    "duckdb": (".venv", ["duckdb"], "the course environment"),
    "polars": (".venv", ["polars"], "the course environment"),
    "pyspark": (".venv-spark", ["pyspark"], "bash tools/spark_env.sh"),
    "pm4py": (".venv-bench-pm4py", ["pm4py", "pyarrow"], "sh bench/setup_pm4py.sh"),
}
VERSIONS = {
    "pandas": ["pandas", "numpy", "pyarrow", "narwhals"],
    "duckdb": ["duckdb", "narwhals"],
    "polars": ["polars", "narwhals"],
    "pyspark": ["pyspark", "narwhals", "pandas"],
    "pm4py": ["pm4py", "pandas", "numpy"],
}


# --------------------------------------------------------------------------------------------
# The child: one engine in its own process
# --------------------------------------------------------------------------------------------


def _versions(engine: str) -> dict[str, str]:
    from importlib.metadata import version

    out = {name: version(name) for name in VERSIONS[engine]}
    if engine == "pyspark":
        java = subprocess.run(["java", "-version"], capture_output=True, text=True)
        out["java"] = (java.stderr or java.stdout).splitlines()[0] if java.returncode == 0 else "?"
    return out


def _frames(engine: str, data: Path) -> tuple[Any, Any, dict[str, float]]:
    """Return ``(events, surveys, load seconds)`` as the engine's own frames."""
    events, surveys = str(data / "events.parquet"), str(data / "surveys.parquet")
    start = time.perf_counter()
    load: dict[str, float] = {}
    if engine == "pandas":
        import pandas as pd

        ev, sv = pd.read_parquet(events), pd.read_parquet(surveys)
    elif engine == "duckdb":
        import duckdb

        ev, sv = duckdb.read_parquet(events), duckdb.read_parquet(surveys)
    elif engine == "polars":
        import polars as pl

        ev, sv = pl.scan_parquet(events), pl.scan_parquet(surveys)
    else:
        from pyspark.sql import SparkSession

        spark = (
            SparkSession.builder.master("local[2]")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.shuffle.partitions", "4")
            .config("spark.driver.memory", "2g")
            .getOrCreate()
        )
        spark.sparkContext.setLogLevel("ERROR")
        load["session"] = time.perf_counter() - start
        ev, sv = spark.read.parquet(events), spark.read.parquet(surveys)
    load["total"] = time.perf_counter() - start
    return ev, sv, load


def _plain(name: str, result: Any) -> Any:
    """Turn a result into plain Python (dicts of tuples), comparable across environments."""
    if name == "breakdown":
        cols = ["n", "value", "low", "high", "promoters", "passives", "detractors", "n_clusters"]
        return {str(k): tuple(float(row[c]) for c in cols) for k, row in result.iterrows()}
    if name == "directly_follows":
        cols = [result[c] for c in ("source", "target", "count", "mean_s", "median_s")]
        rows = zip(*cols, strict=True)
        return {(str(s), str(t)): (int(c), float(m), float(md)) for s, t, c, m, md in rows}
    if name == "variants":
        return {tuple(map(str, v)): int(c) for v, c in zip(result["variant"], result["count"], strict=True)}
    if name == "funnel":
        cols = ["cases", "value", "low", "high", "from_start_value"]
        return {str(row["stage"]): tuple(float(row[c]) for c in cols) for _, row in result.iterrows()}
    start, end = result
    return {
        "start": {str(k): int(v) for k, v in start.items()},
        "end": {str(k): int(v) for k, v in end.items()},
    }


def _cxkit_calls(engine: str, data: Path) -> tuple[dict[str, Any], dict[str, float]]:
    from cxkit.journey import directly_follows, end_activities, funnel, start_activities, variants
    from cxkit.metrics import breakdown

    ev, sv, load = _frames(engine, data)
    calls = {
        "breakdown": lambda: breakdown(sv, "nps", by="touchpoint", cluster="customer_id"),
        "directly_follows": lambda: directly_follows(ev),
        "variants": lambda: variants(ev),
        "funnel": lambda: funnel(ev, stages=STAGES, activity="stage"),
        "start_end": lambda: (start_activities(ev), end_activities(ev)),
    }
    return calls, load


def _pm4py_calls(data: Path) -> tuple[dict[str, Any], dict[str, float]]:
    import contextlib
    import io

    import pandas as pd

    with contextlib.redirect_stdout(io.StringIO()):  # pm4py prints a licence banner on import
        import pm4py

    start = time.perf_counter()
    log = pd.read_parquet(data / "events.parquet", columns=["case_id", "event", "timestamp"])
    df = pm4py.format_dataframe(log, case_id="case_id", activity_key="event", timestamp_key="timestamp")
    del log
    load = {"total": time.perf_counter() - start}

    def dfg() -> pd.DataFrame:
        counts, _, _ = pm4py.discover_dfg(df)
        perf, _, _ = pm4py.discover_performance_dfg(df)
        pairs = list(counts)
        return pd.DataFrame(
            {
                "source": [p[0] for p in pairs],
                "target": [p[1] for p in pairs],
                "count": [counts[p] for p in pairs],
                "mean_s": [perf[p]["mean"] for p in pairs],
                "median_s": [perf[p]["median"] for p in pairs],
            }
        )

    def var() -> pd.DataFrame:
        found = pm4py.get_variants(df)
        return pd.DataFrame(
            {"variant": list(found), "count": [v if isinstance(v, int) else len(v) for v in found.values()]}
        )

    calls = {
        "directly_follows": dfg,
        "variants": var,
        "start_end": lambda: (pm4py.get_start_activities(df), pm4py.get_end_activities(df)),
    }
    return calls, load


def child(engine: str, data: str, out: str, warmup: str) -> None:
    """Run every function on one engine; pickle the times, load and results (plain Python) to ``out``."""
    calls, load = _pm4py_calls(Path(data)) if engine == "pm4py" else _cxkit_calls(engine, Path(data))
    times, results = {}, {}
    for name, call in calls.items():
        for _ in range(int(warmup)):
            call()
        start = time.perf_counter()
        result = call()
        times[name] = time.perf_counter() - start
        results[name] = _plain(name, result)
    with open(out, "wb") as f:
        pickle.dump({"load": load, "times": times, "results": results, "versions": _versions(engine)}, f)


# --------------------------------------------------------------------------------------------
# The driver
# --------------------------------------------------------------------------------------------


def _watch(pid: int, stop: threading.Event, out: dict[str, float]) -> None:
    """Sample the RSS of ``pid`` and its children, and the load average, until ``stop``."""
    import psutil

    peak, loads = 0, []
    try:
        proc = psutil.Process(pid)
    except psutil.Error:
        stop.set()
    while not stop.is_set():
        try:
            procs = [proc, *proc.children(recursive=True)]
            rss = 0
            for p in procs:
                try:
                    rss += p.memory_info().rss
                except psutil.Error:
                    pass
            peak = max(peak, rss)
        except psutil.Error:
            pass
        loads.append(os.getloadavg()[0])
        stop.wait(0.05)
    out.update(peak=peak, load_min=min(loads, default=0.0), load_max=max(loads, default=0.0))


def dataset(scale: float, root: Path) -> Path:
    """Return the folder of the Parquet files of ``scale`` (seed 2024), generated once into ``root``."""
    folder = root / f"cxkit-bench-s{scale:g}"
    done = folder / ".complete"
    if not done.exists():
        from cxkit.data import generate

        start = time.perf_counter()
        generate(seed=2024, scale=scale, out=folder, format="parquet", progress=False)
        done.write_text(f"generated in {time.perf_counter() - start:.1f} s\n")
    return folder


def _missing(engine: str) -> tuple[str | None, str]:
    """``(None, python)`` when the engine can run, else ``(why not, python)``."""
    venv, modules, how = ENVIRONMENTS[engine]
    if engine == "pyspark" and os.environ.get("CXKIT_BENCH_SPARK") == "0":
        return "CXKIT_BENCH_SPARK=0", ""
    python = ROOT / venv / "bin" / "python"
    if not python.exists():
        return f"no {venv}: create it with `{how}`", ""
    check = "import importlib.util as u, sys; sys.exit(any(u.find_spec(m) is None for m in sys.argv[1:]))"
    if subprocess.run([str(python), "-c", check, *modules]).returncode:
        return f"{venv} lacks one of {', '.join(modules)}: `{how}`", ""
    if engine == "pyspark":
        try:
            subprocess.run(["java", "-version"], capture_output=True, check=True)
        except (OSError, subprocess.CalledProcessError):
            return "no Java runtime on the PATH (apt-get install default-jre-headless)", ""
    return None, str(python)


def run_engine(engine: str, data: Path, warmup: int, timeout: float | None) -> dict[str, Any]:
    """Run one engine in a fresh process; return its measurements, or ``{"error": why}``."""
    why, python = _missing(engine)
    if why:
        return {"error": why}
    with tempfile.TemporaryDirectory(prefix="cxkit-bench-backends-") as tmp:
        out = Path(tmp) / "out.pickle"
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        cmd = [python, __file__, "--child", engine, str(data), str(out), str(warmup)]
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        stop, seen = threading.Event(), {}
        watcher = threading.Thread(target=_watch, args=(proc.pid, stop, seen))
        watcher.start()
        try:
            _, stderr = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            stop.set()
            watcher.join()
            return {"error": f"stopped after the {timeout:g} s time-out", **seen}
        finally:
            stop.set()
            watcher.join()
        wall = time.perf_counter() - start
        if proc.returncode:
            lines = [ln for ln in stderr.strip().splitlines() if ln.strip()]
            return {"error": f"failed: {' / '.join(lines[-2:])[-300:]}", **seen}
        with open(out, "rb") as f:
            return {**pickle.load(f), **seen, "wall": wall}


def _close(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    import math

    return len(a) == len(b) and all(
        (math.isnan(x) and math.isnan(y)) or math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-9)
        for x, y in zip(a, b, strict=True)
    )


def differences(name: str, base: Any, other: Any) -> str:
    """How ``other`` differs from the pandas path's ``base`` result ("" when they agree)."""
    if name == "start_end":
        bad = [side for side in ("start", "end") if base[side] != other[side]]
        return "; ".join(f"{side} activities differ" for side in bad)
    if name == "variants":
        if base == other:
            return ""
        diff = set(base.items()) ^ set(other.items())
        return f"{len(diff)} variant counts differ ({len(base)} vs {len(other)} variants)"
    if base.keys() != other.keys():
        return f"different keys: {sorted(set(base) ^ set(other), key=str)[:3]}"
    if name == "directly_follows":
        counts = [k for k in base if base[k][0] != other[k][0]]
        if counts:
            return f"{len(counts)} of {len(base)} pair counts differ"
        means = [k for k in base if not _close(base[k][1:], other[k][1:])]
        return f"{len(means)} pairs' durations differ" if means else ""
    bad = [k for k in base if not _close(base[k], other[k])]
    return (
        f"{len(bad)} of {len(base)} rows differ, e.g. {bad[0]}: {base[bad[0]]} vs {other[bad[0]]}"
        if bad
        else ""
    )


def _fmt(seconds: float) -> str:
    return f"{seconds:.2f} s" if seconds < 10 else f"{seconds:.1f} s"


def table(runs: dict[tuple[float, str], dict[str, Any]], sizes: dict[float, int]) -> tuple[str, list[str]]:
    """Return the Markdown table (engines as rows, functions as columns) and the disagreements."""
    head = (
        "| engine | events | load | breakdown | directly_follows | variants | funnel | start/end activities "
        "| peak memory | equal to pandas | load average |"
    )
    lines, problems = [head, "|" + " --- |" * 11], []
    for (scale, engine), run in runs.items():
        size = f"{sizes[scale]:,} (scale {scale:g})"
        if "error" in run:
            lines.append(f"| {engine} | {size} | not run ({run['error']}) | | | | | | | | |")
            continue
        load = _fmt(run["load"]["total"])
        if "session" in run["load"]:
            load += f" (session start {_fmt(run['load']['session'])})"
        cells = [_fmt(run["times"][f]) if f in run["times"] else "n/a" for f in FUNCTIONS]
        base = runs.get((scale, "pandas"), {}).get("results")
        if engine == "pandas" or base is None:
            equal = "(the reference)" if engine == "pandas" else "no pandas run to compare"
        else:
            diffs = {f: differences(f, base[f], run["results"][f]) for f in run["results"]}
            bad = {f: d for f, d in diffs.items() if d}
            equal = (
                "yes (" + ", ".join(run["results"]) + ")"
                if not bad
                else "NO: " + "; ".join(f"{f}: {d}" for f, d in bad.items())
            )
            problems += [f"{engine} at scale {scale:g}, {f}: {d}" for f, d in bad.items()]
        peak = f"{run['peak'] / 1e9:.2f} GB"
        loadavg = f"{run['load_min']:.1f}-{run['load_max']:.1f}"
        lines.append(f"| {engine} | {size} | {load} | {' | '.join(cells)} | {peak} | {equal} | {loadavg} |")
    # A space before each line (still a Markdown table): bench/run.py collects the lines that start
    # with "|" into its own six-column table, so it takes only the summary rows of ``summary``.
    return "\n".join(" " + line for line in lines), problems


def summary(
    runs: dict[tuple[float, str], dict[str, Any]], sizes: dict[float, int], problems: list[str]
) -> str:
    """Return one row per scale for the six-column table of bench/README.md (and bench/run.py)."""
    today = dt.date.today().isoformat()
    rows = []
    for scale, n in sizes.items():
        done = {e: r for (s, e), r in runs.items() if s == scale and "error" not in r}
        skipped = [e for (s, e), r in runs.items() if s == scale and "error" in r]
        times = ", ".join(f"{e} {_fmt(sum(r['times'].values()))}" for e, r in done.items())
        peaks = ", ".join(f"{e} {r['peak'] / 1e9:.2f} GB" for e, r in done.items())
        bad = [p for p in problems if f"at scale {scale:g}," in p]
        equal = "results equal to pandas on every engine run" if not bad else f"{len(bad)} DISAGREE"
        rows.append(
            "| backends (`bench_backends.py`): the sum of each engine's timed calls (five; pm4py's three), "
            "see its table | "
            f"{n:,} events (scale {scale:g}), Parquet | {times}"
            + (f"; not run: {', '.join(skipped)}" if skipped else "")
            + f"; {equal} | {peaks} | equal counts | {today} |"
        )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scales", nargs="*", type=float, default=[24.0], help="generator scales (default 24)")
    parser.add_argument("--engines", default=",".join(ENGINES), help="comma-separated (default: all five)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed calls before each timed one")
    parser.add_argument("--timeout", type=float, default=None, help="seconds given to each engine")
    parser.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()), help="where the Parquet go")
    args = parser.parse_args(argv)
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    unknown = sorted(set(engines) - set(ENGINES))
    if unknown:
        parser.error(f"unknown engine(s) {unknown}; choose among {', '.join(ENGINES)}")
    if "pandas" not in engines:
        engines.insert(0, "pandas")  # the reference every other engine is compared with
    engines.sort(key=ENGINES.index)
    import duckdb

    runs, sizes, versions = {}, {}, {}
    for scale in args.scales:
        data = dataset(scale, args.data)
        sizes[scale] = duckdb.sql(f"SELECT count(*) FROM '{data / 'events.parquet'}'").fetchall()[0][0]
        for engine in engines:
            print(f"scale {scale:g}: {engine} ...", file=sys.stderr, flush=True)
            run = runs[scale, engine] = run_engine(engine, data, args.warmup, args.timeout)
            versions.setdefault(engine, run.get("versions"))
            progress = run.get("error") or {k: round(v, 2) for k, v in run["times"].items()}
            print(f"  {progress}; peak {run.get('peak', 0) / 1e9:.2f} GB", file=sys.stderr, flush=True)
    text, problems = table(runs, sizes)
    print(text)
    print()
    print(summary(runs, sizes, problems))
    print()
    print(f"{dt.date.today().isoformat()}; warm-up calls before each timed call: {args.warmup}")
    for engine, found in versions.items():
        if found:
            venv = ENVIRONMENTS[engine][0]
            print(f"- {engine} ({venv}): " + ", ".join(f"{k} {v}" for k, v in found.items()))
    for p in problems:
        print(f"DISAGREE: {p}")
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(*sys.argv[2:6])
    else:
        sys.exit(main())
