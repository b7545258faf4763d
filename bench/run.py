"""Run every benchmark in bench/ (each `bench_*.py` prints one Markdown table row).

Usage: ``make bench`` or ``python bench/run.py [name ...]``. Copy the rows into the table in
bench/README.md together with the date; targets are stated there, never asserted in unit tests.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(names: list[str]) -> int:
    scripts = sorted(HERE.glob("bench_*.py"))
    if names:
        scripts = [s for s in scripts if any(n in s.stem for n in names)]
    print("| benchmark | size | time | peak memory | target | date |")
    print("| --- | --- | --- | --- | --- | --- |")
    status = 0
    for script in scripts:
        done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True)
        rows = [line for line in done.stdout.splitlines() if line.startswith("|")]
        print(
            "\n".join(rows) if rows else f"| {script.stem} | failed: {done.stderr.strip()[-200:]} | | | | |"
        )
        status |= done.returncode
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
