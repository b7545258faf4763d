"""Benchmark the course-data generator at a large scale.

Runs ``cxkit.data.generate`` in a fresh Python process (so the peak memory is the
generator's own), into a temporary folder, and prints one Markdown row for ``bench/README.md``::

    python bench/bench_generate.py             # scale 100 (the target: >= 1,000,000 events,
                                               # < 30 s, < 2 GB peak memory)
    python bench/bench_generate.py --scale 10

The child process reports its wall time (``time.perf_counter``) and peak resident memory
(``resource.getrusage(RUSAGE_SELF).ru_maxrss``, KiB on Linux).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
import tempfile

CHILD = """
import json, resource, sys, time
from pathlib import Path
from cxkit.data import generate
scale, out = float(sys.argv[1]), Path(sys.argv[2])
t0 = time.perf_counter()
paths = generate(seed=2024, scale=scale, out=out)
seconds = time.perf_counter() - t0
with open(paths["events"], "rb") as fh:
    events = sum(1 for _ in fh) - 1
size = sum(p.stat().st_size for name, p in paths.items() if name != "surveys_messy_export")
peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": seconds, "events": events, "bytes": size, "peak_kib": peak_kib}))
"""

TARGET_EVENTS = 1_000_000
TARGET_SECONDS = 30.0
TARGET_PEAK_GB = 2.0


def run(scale: float) -> dict[str, float]:
    """Generate at ``scale`` in a child process and return its measurements."""
    with tempfile.TemporaryDirectory(prefix="cxkit-bench-") as tmp:
        proc = subprocess.run(
            [sys.executable, "-c", CHILD, str(scale), tmp], check=True, capture_output=True, text=True
        )
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=100.0, help="generator scale (default 100)")
    args = parser.parse_args(argv)
    r = run(args.scale)
    peak_gb = r["peak_kib"] * 1024 / 1e9
    ok = r["events"] >= TARGET_EVENTS and r["seconds"] < TARGET_SECONDS and peak_gb < TARGET_PEAK_GB
    size = f"scale {args.scale:g}: {r['events']:,} events, {r['bytes'] / 1e6:,.0f} MB of CSV"
    target = f">= {TARGET_EVENTS:,} events, < {TARGET_SECONDS:g} s, < {TARGET_PEAK_GB:g} GB"
    print(f"| generate | {size} | {r['seconds']:.1f} s | {peak_gb:.2f} GB | {target} | {dt.date.today()} |")
    if args.scale == 100 and not ok:
        print("target missed", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
