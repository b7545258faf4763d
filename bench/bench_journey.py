"""Benchmark journey analytics: cxkit against pm4py 2.7 and a minimal numpy floor, rows sorted and shuffled.

The work is the directly-follows counts with their durations (mean and median), the start and
end activities and the variants. Each tool runs in a fresh child process per row order, and each
child times apart (``time.perf_counter``):

* **import**: ``import pandas`` and the tool (cxkit's journey analytics; pm4py, whose import
  alone takes seconds);
* **read**: ``pandas.read_csv`` of the case, event and timestamp columns (the same call in every
  child), then, for the shuffled order, the rows put in a random order with a fixed seed (not
  timed: every child gets the same rows in the same order);
* **convert**: pm4py's ``format_dataframe`` (which sorts the log by case and time); cxkit needs no
  conversion (0);
* **work** (wall and CPU time, ``time.process_time``: on a shared machine the CPU time is the
  steadier measure): cxkit: ``prepare`` once, then ``directly_follows``, ``start_activities``,
  ``end_activities`` and ``variants`` on the prepared log; also, for comparison, the four on the
  frame without ``prepare`` (each sorts again), timed apart. pm4py: the directly-follows graph
  computed **once** with ``measure="both"`` (counts and performance; ``discover_dfg`` plus
  ``discover_performance_dfg`` would compute it twice), start and end activities and variants.
  The numpy floor: ``pandas.factorize`` of the case and event columns, ``numpy.lexsort`` by case
  and time, and the directly-follows counts and mean durations by ``numpy.bincount``: the least
  any tool must do for the first function.

Every result is checked: cxkit and pm4py agree exactly on every count (durations to 1e-9
relative), cxkit's shuffled rows give its sorted rows' results, and the floor's counts are
cxkit's. Peak memory is each child's ``ru_maxrss``. Numbers only (the targets are in
``bench/README.md``); prints Markdown rows with the load average::

    sh bench/setup_pm4py.sh                      # once: .venv-bench-pm4py/ with pm4py 2.7
    PYTHONPATH=$PWD .venv/bin/cxkit data generate --scale 131 --out /tmp/bench-events-131
    PYTHONPATH=$PWD .venv/bin/python bench/bench_journey.py --events /tmp/bench-events-131/events.csv

Without ``--events`` the log is generated at ``--scale`` (default 23) into a temporary folder.
Without the pm4py environment only cxkit and the floor run and the rows say so. Neither tool
calls BLAS (sorts, hashing and counts); the children inherit the environment's thread settings
(printed with the rows).
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
SEED = 30

# Each child: sys.argv = [-c, events.csv, out.pickle, order]. IMPORT is the tool's own import.
HEAD = """
import pickle, resource, sys, time
t0 = time.perf_counter()
import numpy as np
import pandas as pd
{imports}
t_import = time.perf_counter() - t0
t0 = time.perf_counter()
log = pd.read_csv(sys.argv[1], usecols=["case_id", "event", "timestamp"], parse_dates=["timestamp"],
                  dtype={{"case_id": "str", "event": "str"}})
t_read = time.perf_counter() - t0
if sys.argv[3] == "shuffled":
    log = log.iloc[np.random.default_rng({seed}).permutation(len(log))].reset_index(drop=True)
"""

FOOT = """
out.update(t_import=t_import, t_read=t_read, peak_kib=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
           events=len(log))
with open(sys.argv[2], "wb") as fh:
    pickle.dump(out, fh)
"""

CXKIT = (
    HEAD.format(imports="from cxkit.journey import analytics as ja", seed=SEED)
    + """
t0, c0 = time.perf_counter(), time.process_time()
prepared = ja.prepare(log)
t_prepare = time.perf_counter() - t0
dfg = ja.directly_follows(prepared)
start = ja.start_activities(prepared)
end = ja.end_activities(prepared)
var = ja.variants(prepared)
t_work, c_work = time.perf_counter() - t0, time.process_time() - c0
del prepared
t0 = time.perf_counter()
for fn in (ja.directly_follows, ja.start_activities, ja.end_activities, ja.variants):
    fn(log)
t_unprepared = time.perf_counter() - t0
out = {
    "t_convert": 0.0,
    "t_work": t_work,
    "c_work": c_work,
    "t_prepare": t_prepare,
    "t_unprepared": t_unprepared,
    "cases": int(start.sum()),
    "dfg": {(s, t): int(c) for s, t, c in zip(dfg["source"], dfg["target"], dfg["count"])},
    "mean": {(s, t): float(m) for s, t, m in zip(dfg["source"], dfg["target"], dfg["mean_s"])},
    "median": {(s, t): float(m) for s, t, m in zip(dfg["source"], dfg["target"], dfg["median_s"])},
    "start": {k: int(v) for k, v in start.items()},
    "end": {k: int(v) for k, v in end.items()},
    "variants": {tuple(v): int(c) for v, c in zip(var["variant"], var["count"])},
}
"""
    + FOOT
)

PM4PY = (
    HEAD.format(
        imports="""import contextlib, io
with contextlib.redirect_stdout(io.StringIO()):  # pm4py prints a licence banner on import
    import pm4py
    from pm4py.algo.discovery.dfg.adapters.pandas import df_statistics""",
        seed=SEED,
    )
    + """
t0 = time.perf_counter()
df = pm4py.format_dataframe(log, case_id="case_id", activity_key="event", timestamp_key="timestamp")
t_convert = time.perf_counter() - t0
t0, c0 = time.perf_counter(), time.process_time()
# The graph once, with counts and every performance statistic (mean and median among them).
dfg, perf = df_statistics.get_dfg_graph(
    df, measure="both", activity_key="concept:name", case_id_glue="case:concept:name",
    timestamp_key="time:timestamp", perf_aggregation_key="all",
)
start = pm4py.get_start_activities(df)
end = pm4py.get_end_activities(df)
var = pm4py.get_variants(df)
t_work, c_work = time.perf_counter() - t0, time.process_time() - c0
out = {
    "t_convert": t_convert,
    "t_work": t_work,
    "c_work": c_work,
    "cases": int(sum(start.values())),
    "dfg": {tuple(k): int(v) for k, v in dfg.items()},
    "mean": {tuple(k): float(v["mean"]) for k, v in perf.items()},
    "median": {tuple(k): float(v["median"]) for k, v in perf.items()},
    "start": {k: int(v) for k, v in start.items()},
    "end": {k: int(v) for k, v in end.items()},
    "variants": {tuple(k): int(v if isinstance(v, int) else len(v)) for k, v in var.items()},
}
"""
    + FOOT
)

FLOOR = (
    HEAD.format(imports="", seed=SEED)
    + """
t0, c0 = time.perf_counter(), time.process_time()
case, _ = pd.factorize(log["case_id"])
act, labels = pd.factorize(log["event"])
ns = log["timestamp"].to_numpy().view(np.int64)
order = np.lexsort((ns, case))
case, act, ns = case[order], act[order], ns[order]
same = case[1:] == case[:-1]
k = len(labels)
pair = (act[:-1].astype(np.int64) * k + act[1:])[same]
counts = np.bincount(pair, minlength=k * k)
sums = np.bincount(pair, weights=(ns[1:] - ns[:-1])[same].astype(np.float64), minlength=k * k)
t_work, c_work = time.perf_counter() - t0, time.process_time() - c0
keep = np.flatnonzero(counts)
labels = labels.to_numpy()
out = {"t_convert": 0.0, "t_work": t_work, "c_work": c_work,
       "dfg": {(labels[i // k], labels[i % k]): int(counts[i]) for i in keep}}
"""
    + FOOT
)


def run(python: Path | str, code: str, events: Path, order: str, env: dict[str, str]) -> dict:
    """Run ``code`` in a child ``python`` on ``events`` in the given row order; return what it measured."""
    with tempfile.TemporaryDirectory(prefix="cxkit-bench-journey-") as tmp:
        out = Path(tmp) / "out.pickle"
        subprocess.run([str(python), "-c", code, str(events), str(out), order], check=True, env=env)
        with open(out, "rb") as fh:
            return pickle.load(fh)


def best(old: dict | None, new: dict) -> dict:
    """Keep the faster run's results, with the larger of the two peaks (a shared machine is noisy)."""
    if old is None:
        return new
    problems = disagreements(old, new)
    assert not problems, f"two runs of the same code disagree: {problems}"
    keep = dict(new if new["t_work"] < old["t_work"] else old)
    keep["peak_kib"] = max(old["peak_kib"], new["peak_kib"])
    return keep


def disagreements(a: dict, b: dict) -> list[str]:
    """Every difference between two results' counts (exact) and durations (1e-9 relative)."""
    problems = []
    for key in ("events", "cases", "dfg", "start", "end", "variants"):
        if key not in a or key not in b:
            continue
        if a[key] != b[key]:
            if isinstance(a[key], dict):
                diff = set(a[key].items()) ^ set(b[key].items())
                problems.append(f"{key}: {len(diff)} entries differ, e.g. {sorted(diff, key=str)[:2]}")
            else:
                problems.append(f"{key}: {a[key]} != {b[key]}")
    for key in ("mean", "median"):
        if key not in a or key not in b:
            continue
        if a[key].keys() != b[key].keys():
            problems.append(f"{key}: different pairs")
            continue
        worst = max(abs(a[key][k] - b[key][k]) / max(1.0, abs(b[key][k])) for k in a[key])
        if worst > 1e-9:
            problems.append(f"{key} durations differ by up to {worst:.3g} (relative)")
    return problems


def _s(x: float) -> str:
    return f"{x:.2f} s"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=Path, help="an events.csv (default: generate one)")
    parser.add_argument("--scale", type=float, default=23.0, help="generator scale (default 23)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each tool; the best work time is kept")
    parser.add_argument("--orders", default="sorted,shuffled", help="row orders (default: sorted,shuffled)")
    parser.add_argument("--no-pm4py", action="store_true", help="time cxkit and the floor only")
    args = parser.parse_args(argv)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    threads = ", ".join(
        f"{v}={os.environ.get(v, 'unset')}"
        for v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
    )
    use_pm4py = PM4PY_PYTHON.exists() and not args.no_pm4py
    status = 0
    with tempfile.TemporaryDirectory(prefix="cxkit-bench-events-") as tmp:
        events = args.events
        if events is None:
            from cxkit.data import generate

            events = generate(seed=2024, scale=args.scale, out=Path(tmp))["events"]
        results: dict[str, dict[str, dict]] = {}
        loads: list[float] = []
        for order in args.orders.split(","):
            cx = pm = fl = None
            for _ in range(args.repeat):  # alternate the tools; keep the best work time, the largest peak
                loads.append(os.getloadavg()[0])
                cx = best(cx, run(sys.executable, CXKIT, events, order, env))
                fl = best(fl, run(sys.executable, FLOOR, events, order, env))
                if use_pm4py:
                    pm = best(pm, run(PM4PY_PYTHON, PM4PY, events, order, env))
                loads.append(os.getloadavg()[0])
            results[order] = {"cxkit": cx, "floor": fl, **({"pm4py": pm} if pm else {})}
    today = dt.date.today().isoformat()
    orders = list(results)
    ref = results[orders[0]]["cxkit"]
    size = f"{ref['events']:,} events, {ref['cases']:,} journeys"
    print(
        f"\n{size}; best of {args.repeat}; load average (1 min) {min(loads):.1f} to {max(loads):.1f} on "
        f"{os.cpu_count()} cores; {threads}; {today}\n"
    )
    print(
        "| rows | tool | import | read | convert | work (wall; CPU) | work / floor | pm4py / cxkit: work "
        "(with convert; with convert and read) | peak memory | results |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for order in orders:
        r = results[order]
        cx, fl, pm = r["cxkit"], r["floor"], r.get("pm4py")
        checks = []
        if order != orders[0]:
            problems = disagreements(results[orders[0]]["cxkit"], cx)
            checks.append(
                f"= cxkit {orders[0]}" if not problems else "DIFFERS from sorted: " + "; ".join(problems)
            )
        problems = disagreements(cx, fl)
        checks.append("DFG counts = floor's" if not problems else "floor DIFFERS: " + "; ".join(problems))
        if pm is not None:
            problems = disagreements(cx, pm)
            checks.append(
                f"= pm4py (all {len(cx['dfg'])} pairs, {len(cx['variants']):,} variants, start/end)"
                if not problems
                else "pm4py DIFFERS: " + "; ".join(problems)
            )
        status |= any("DIFFERS" in c for c in checks)
        for name, t in (("cxkit", cx), ("numpy floor", fl), ("pm4py 2.7", pm)):
            if t is None:
                continue
            ratio = ""
            if name == "pm4py 2.7":
                w = t["t_work"] / cx["t_work"]
                wc = (t["t_work"] + t["t_convert"]) / (cx["t_work"] + cx["t_convert"])
                wcr = (t["t_work"] + t["t_convert"] + t["t_read"]) / (
                    cx["t_work"] + cx["t_convert"] + cx["t_read"]
                )
                ratio = (
                    f"{w:.1f}x ({wc:.1f}x; {wcr:.1f}x); CPU of the work: {t['c_work'] / cx['c_work']:.1f}x"
                )
            work = f"{_s(t['t_work'])} (CPU {_s(t['c_work'])})"
            if name == "cxkit":
                work += (
                    f" (prepare {_s(t['t_prepare'])}; the four on the frame, each sorting again: "
                    f"{_s(t['t_unprepared'])})"
                )
            print(
                f"| {order} | {name} | {_s(t['t_import'])} | {_s(t['t_read'])} | {_s(t['t_convert'])} | "
                f"{work} | "
                f"{t['t_work'] / fl['t_work']:.2f} (CPU {t['c_work'] / fl['c_work']:.2f}) | {ratio} | "
                f"{t['peak_kib'] * 1024 / 1e9:.2f} GB | "
                f"{'; '.join(checks) if name == 'cxkit' else ''} |"
            )
    return status


if __name__ == "__main__":
    sys.exit(main())
