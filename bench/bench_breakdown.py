"""Benchmark: ``cxkit.metrics.breakdown`` on a 1,000,000-row synthetic survey table.

The table has a categorical ``touchpoint`` (20 groups), ``channel`` (7) and ``segment`` (2), and a
nullable ``Int64`` ``nps`` column that is blank for the ~60% who did not answer, as in the course
data, and a ``customer_id`` (about five invitations per customer). We time
``breakdown(df, "nps", by="touchpoint")``, ``by=["segment", "touchpoint"]`` and the cluster-robust
``cluster="customer_id"``, best
of 5 with ``time.perf_counter`` after one warm-up call, and measure the peak memory Python
allocates during one call with :mod:`tracemalloc` (a separate, untimed call: tracing slows code
down). Prints one Markdown row per case for bench/README.md.

Target: well under 1 s per call (the course promises "instant" tables on a laptop).

Usage: ``python bench/bench_breakdown.py``
"""

from __future__ import annotations

import datetime as dt
import time
import tracemalloc

import numpy as np
import pandas as pd

from cxkit.metrics import breakdown

N_ROWS = 1_000_000
REPEATS = 5


def make_table(n: int = N_ROWS, seed: int = 2024) -> pd.DataFrame:
    """Make a synthetic survey table of ``n`` invitations."""
    rng = np.random.default_rng(seed)
    touchpoints = [f"touchpoint_{i:02d}" for i in range(20)]
    channels = ["web", "app", "store", "phone", "chat", "email", "social"]
    answered = rng.random(n) < 0.4
    scores = rng.choice(11, size=n, p=[0.03, 0.02, 0.03, 0.04, 0.05, 0.08, 0.1, 0.15, 0.2, 0.15, 0.15])
    return pd.DataFrame(
        {
            "touchpoint": pd.Categorical.from_codes(rng.integers(0, 20, n), touchpoints),
            "channel": pd.Categorical.from_codes(rng.integers(0, 7, n), channels),
            "segment": pd.Categorical.from_codes((rng.random(n) < 0.2).astype(int), ["B2C", "B2B"]),
            "responded": answered,
            "nps": pd.Series(scores, dtype="Int64").where(answered, pd.NA),
            "customer_id": rng.integers(0, n // 5, n),  # about five invitations per customer
        }
    )


def best_of(func, repeats: int = REPEATS) -> float:
    func()  # warm-up
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def peak_mib(func) -> float:
    tracemalloc.start()
    try:
        func()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 2**20


def main() -> None:
    df = make_table()
    today = dt.date.today().isoformat()
    cases = {
        'breakdown(df, "nps", by="touchpoint")': lambda: breakdown(df, "nps", by="touchpoint"),
        'breakdown(df, "nps", by=["segment", "touchpoint"])': lambda: breakdown(
            df, "nps", by=["segment", "touchpoint"]
        ),
        'breakdown(df, "nps", by="touchpoint", cluster="customer_id")': lambda: breakdown(
            df, "nps", by="touchpoint", cluster="customer_id"
        ),
    }
    for name, func in cases.items():
        seconds = best_of(func)
        mem = peak_mib(func)
        print(
            f"| `{name}` | {N_ROWS:,} rows | {seconds * 1000:.0f} ms (best of {REPEATS}) | "
            f"{mem:.0f} MiB | < 1 s | {today} |"
        )


if __name__ == "__main__":
    main()
