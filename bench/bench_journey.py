"""Benchmark journey analytics: cxkit against pm4py 2.7 on the same event log, in one run.

Times the directly-follows counts with their durations (mean and median), the start and end
activities and the variants, once with ``cxkit.journey.analytics`` and once with pm4py, each in a
fresh child process (so each peak memory is its own: ``ru_maxrss`` of the child, KiB on Linux;
a third child only reads the CSV, the floor both peaks share), then checks that **every count
agrees exactly** (and every duration to 1e-9 relative) and prints one Markdown row for
``bench/README.md``::

    sh bench/setup_pm4py.sh                      # once: .venv-bench-pm4py/ with pm4py 2.7
    PYTHONPATH=$PWD .venv/bin/cxkit data generate --scale 23 --out /tmp/bench-events-23
    PYTHONPATH=$PWD .venv/bin/python bench/bench_journey.py --events /tmp/bench-events-23/events.csv

Without ``--events`` the log is generated at ``--scale`` (default 23: about 1,000,000 events; 100
gives the full 4.4 million) into a temporary folder. Both children read the same CSV with
``pandas.read_csv`` (case, event, timestamp); the timed part starts after reading. cxkit's part
includes turning the case and event columns into categoricals (``pandas.factorize``, no string
sorting), which its four functions then share; pm4py is given
``pm4py.format_dataframe`` output (its start and end activities are only right on a log sorted by
case and time), and the time of ``format_dataframe`` is counted as pm4py's. Without the pm4py
environment only cxkit is timed and the row says so.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import pickle
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PM4PY_PYTHON = ROOT / ".venv-bench-pm4py" / "bin" / "python"

READ = """
import pandas as pd
log = pd.read_csv(sys.argv[1], usecols=["case_id", "event", "timestamp"], parse_dates=["timestamp"],
                  dtype={"case_id": "str", "event": "str"})
"""

CXKIT = (
    """
import pickle, resource, sys, time
"""
    + READ
    + """
from cxkit.journey import analytics as ja
t0 = time.perf_counter()
# Categorical codes once (pandas.factorize: order of appearance, no string sorting), then reused.
for c in ("case_id", "event"):  # one column at a time, so the text column is freed as we go
    log[c] = pd.Categorical.from_codes(*pd.factorize(log[c]))
dfg = ja.directly_follows(log)
start = ja.start_activities(log)
end = ja.end_activities(log)
var = ja.variants(log)
seconds = time.perf_counter() - t0
out = {
    "seconds": seconds,
    "peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    "events": len(log),
    "cases": int(start.sum()),
    "dfg": {(s, t): int(c) for s, t, c in zip(dfg["source"], dfg["target"], dfg["count"])},
    "mean": {(s, t): float(m) for s, t, m in zip(dfg["source"], dfg["target"], dfg["mean_s"])},
    "median": {(s, t): float(m) for s, t, m in zip(dfg["source"], dfg["target"], dfg["median_s"])},
    "start": {k: int(v) for k, v in start.items()},
    "end": {k: int(v) for k, v in end.items()},
    "variants": {tuple(v): int(c) for v, c in zip(var["variant"], var["count"])},
}
with open(sys.argv[2], "wb") as fh:
    pickle.dump(out, fh)
"""
)

PM4PY = (
    """
import contextlib, io, pickle, resource, sys, time
with contextlib.redirect_stdout(io.StringIO()):  # pm4py prints a licence banner on import
    import pm4py
"""
    + READ
    + """
t0 = time.perf_counter()
df = pm4py.format_dataframe(log, case_id="case_id", activity_key="event", timestamp_key="timestamp")
dfg, start, end = pm4py.discover_dfg(df)
perf, _, _ = pm4py.discover_performance_dfg(df)
var = pm4py.get_variants(df)
seconds = time.perf_counter() - t0
out = {
    "seconds": seconds,
    "peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    "events": len(log),
    "cases": int(sum(start.values())),
    "dfg": {tuple(k): int(v) for k, v in dfg.items()},
    "mean": {tuple(k): float(v["mean"]) for k, v in perf.items()},
    "median": {tuple(k): float(v["median"]) for k, v in perf.items()},
    "start": {k: int(v) for k, v in start.items()},
    "end": {k: int(v) for k, v in end.items()},
    "variants": {tuple(k): int(v if isinstance(v, int) else len(v)) for k, v in var.items()},
}
with open(sys.argv[2], "wb") as fh:
    pickle.dump(out, fh)
"""
)

BASELINE = (
    """
import pickle, resource, sys
"""
    + READ
    + """
out = {"peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}
with open(sys.argv[2], "wb") as fh:
    pickle.dump(out, fh)
"""
)

TARGET_SPEEDUP = 4.0
TARGET_MEMORY_RATIO = 0.5


def run(python: Path | str, code: str, events: Path, env: dict[str, str]) -> dict:
    """Run ``code`` in a child ``python`` on ``events`` and return what it measured."""
    with tempfile.TemporaryDirectory(prefix="cxkit-bench-journey-") as tmp:
        out = Path(tmp) / "out.pickle"
        subprocess.run([str(python), "-c", code, str(events), str(out)], check=True, env=env)
        with open(out, "rb") as fh:
            return pickle.load(fh)


def best(old: dict | None, new: dict) -> dict:
    """Keep the faster run's results, with the larger of the two peaks (a shared machine is noisy)."""
    if old is None:
        return new
    problems = disagreements(old, new)
    assert not problems, f"two runs of the same code disagree: {problems}"
    keep = dict(new if new["seconds"] < old["seconds"] else old)
    keep["peak_kib"] = max(old["peak_kib"], new["peak_kib"])
    return keep


def disagreements(a: dict, b: dict) -> list[str]:
    """Every difference between the two results' counts (exact) and durations (1e-9 relative)."""
    problems = []
    for key in ("events", "cases", "dfg", "start", "end", "variants"):
        if a[key] != b[key]:
            if isinstance(a[key], dict):
                diff = set(a[key].items()) ^ set(b[key].items())
                problems.append(f"{key}: {len(diff)} entries differ, e.g. {sorted(diff, key=str)[:2]}")
            else:
                problems.append(f"{key}: {a[key]} != {b[key]}")
    for key in ("mean", "median"):
        if a[key].keys() != b[key].keys():
            problems.append(f"{key}: different pairs")
            continue
        worst = max(abs(a[key][k] - b[key][k]) / max(1.0, abs(b[key][k])) for k in a[key])
        if worst > 1e-9:
            problems.append(f"{key} durations differ by up to {worst:.3g} (relative)")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=Path, help="an events.csv (default: generate one)")
    parser.add_argument("--scale", type=float, default=23.0, help="generator scale (default 23)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each library; the best time is kept")
    args = parser.parse_args(argv)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryDirectory(prefix="cxkit-bench-events-") as tmp:
        events = args.events
        if events is None:
            from cxkit.data import generate

            events = generate(seed=2024, scale=args.scale, out=Path(tmp))["events"]
        base = run(sys.executable, BASELINE, events, env)
        cx = pm = None
        for _ in range(args.repeat):  # alternate the two; keep the best time, the largest peak
            cx = best(cx, run(sys.executable, CXKIT, events, env))
            if PM4PY_PYTHON.exists():
                pm = best(pm, run(PM4PY_PYTHON, PM4PY, events, env))
    assert cx is not None
    today = dt.date.today().isoformat()
    size = f"{cx['events']:,} events, {cx['cases']:,} journeys" + (
        f" (best of {args.repeat} runs)" if args.repeat > 1 else ""
    )
    cx_mem = cx["peak_kib"] * 1024 / 1e9
    base_mem = base["peak_kib"] * 1024 / 1e9
    if pm is None:
        print(
            f"| journey analytics (`bench_journey.py`): cxkit only (no .venv-bench-pm4py: run "
            f"bench/setup_pm4py.sh) | {size} | {cx['seconds']:.2f} s | {cx_mem:.2f} GB | "
            f">= {TARGET_SPEEDUP:g}x faster than pm4py | {today} |"
        )
        return 0
    problems = disagreements(cx, pm)
    pm_mem = pm["peak_kib"] * 1024 / 1e9
    speedup = pm["seconds"] / cx["seconds"]
    ratio = cx_mem / pm_mem
    ok = not problems and speedup >= TARGET_SPEEDUP and ratio <= TARGET_MEMORY_RATIO
    agree = (
        f"all {len(cx['dfg'])} directly-follows pairs, {len(cx['variants']):,} variants and the start/end "
        "counts agree exactly"
        if not problems
        else "DISAGREE: " + "; ".join(problems)
    )
    print(
        f"| journey analytics (`bench_journey.py`): directly-follows counts with mean and median "
        f"durations, start/end activities, variants; cxkit vs pm4py 2.7 ({agree}) | {size} | "
        f"cxkit {cx['seconds']:.2f} s, pm4py {pm['seconds']:.2f} s ({speedup:.1f}x) | cxkit "
        f"{cx_mem:.2f} GB, pm4py {pm_mem:.2f} GB ({100 * ratio:.0f}%; reading the CSV alone: "
        f"{base_mem:.2f} GB) | >= {TARGET_SPEEDUP:g}x faster, "
        f"<= {100 * TARGET_MEMORY_RATIO:.0f}% of the memory{'' if ok else ' (MISSED)'} | {today} |"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
