"""Run the steps of ``make test`` a few at a time; say which step failed and how long each took.

    python tools/run_steps.py [--jobs 3] [--log-dir build/test-logs] [--make make] STEP [STEP ...]

The steps start in the order given, ``--jobs`` of them at a time: when one ends, the next in the
list starts. On 2 cores one step alone leaves a core idle much of the time (a single-process step,
a browser waiting for a page, the last file of a pytest run); the steps beside it fill it. Give the
longest steps first, so that the last to end are short ones.

Each step is ``make STEP`` with its output written to ``LOG_DIR/STEP.log``, printed whole, as one
block, when the step ends, under a line that names the step, says whether it passed and how long it
took. When a step fails no further step starts; the steps already running finish. At the end a
table gives every step's result and time, and the exit status is 1 with the failed steps named
(or 0 when every step passed). Ctrl+C (or SIGTERM) stops every running step.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Step:
    name: str
    status: str = "not run"  # "running", "passed", "FAILED (exit N)"
    seconds: float | None = None


def _say(lock: threading.Lock, start: float, text: str) -> None:
    with lock:
        print(f"[{time.monotonic() - start:5.0f} s] {text}", flush=True)


def run_steps(names: list[str], log_dir: Path, make: str = "make", jobs: int = 3) -> int:
    """Run ``make NAME`` for each name, ``jobs`` at a time in the given order; 0 if every step passed."""
    log_dir.mkdir(parents=True, exist_ok=True)
    steps = [Step(name) for name in names]
    queue = list(steps)
    lock = threading.Lock()
    failed = threading.Event()
    running: dict[str, subprocess.Popen] = {}
    start = time.monotonic()

    def worker() -> None:
        while True:
            with lock:
                if failed.is_set() or not queue:
                    return
                step = queue.pop(0)
                step.status = "running"
            log = log_dir / f"{step.name}.log"
            _say(lock, start, f"{step.name}: started (output in {log})")
            began = time.monotonic()
            with log.open("w") as out:
                # Its own process group, so that stopping make test stops everything the step started.
                process = subprocess.Popen(
                    [make, step.name], stdout=out, stderr=subprocess.STDOUT, start_new_session=True
                )
                with lock:
                    running[step.name] = process
                code = process.wait()
                with lock:
                    running.pop(step.name, None)
            step.seconds = time.monotonic() - began
            step.status = "passed" if code == 0 else f"FAILED (exit {code})"
            if code != 0:
                failed.set()
            with lock:
                bar = "=" * 20
                print(f"{bar} {step.name}: {step.status} in {step.seconds:.0f} s {bar}", flush=True)
                print(log.read_text(errors="replace"), end="", flush=True)
                print(f"{bar} end of {step.name} ({step.status}) {bar}", flush=True)

    def stop(signum, _frame) -> None:
        with lock:
            for process in running.values():
                try:
                    os.killpg(process.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        raise SystemExit(128 + signum)

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    threads = [threading.Thread(target=worker, daemon=True) for _ in range(min(jobs, len(steps)))]
    for thread in threads:
        thread.start()
    try:
        for thread in threads:
            while thread.is_alive():  # a timed join, so that signals reach the handler
                thread.join(timeout=0.5)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)

    total = time.monotonic() - start
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"\nmake test: the steps, {jobs} at a time (load average now {load})")
    for step in steps:
        took = f"{step.seconds:6.0f} s" if step.seconds is not None else "       "
        print(f"  {step.name:<12} {took}  {step.status}")
    print(f"  {'all':<12} {total:6.0f} s")
    bad = [s for s in steps if s.status.startswith("FAILED")]
    if bad:
        names = ", ".join(f"{s.name} ({log_dir / (s.name + '.log')})" for s in bad)
        skipped = [s.name for s in steps if s.status == "not run"]
        print(f"make test FAILED in step {names}" + (f"; not run: {', '.join(skipped)}" if skipped else ""))
        return 1
    print("make test: every step passed")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("steps", nargs="+", help="make targets, the longest first")
    parser.add_argument("--jobs", type=int, default=3, help="steps running at a time (default: 3)")
    parser.add_argument("--log-dir", type=Path, default=Path("build/test-logs"))
    parser.add_argument("--make", default="make", help="the make program (default: make)")
    args = parser.parse_args(argv)
    if len(set(args.steps)) != len(args.steps):
        parser.error(f"each step once: {args.steps}")
    if args.jobs < 1:
        parser.error(f"--jobs must be 1 or more, not {args.jobs}")
    return run_steps(args.steps, args.log_dir, args.make, args.jobs)


if __name__ == "__main__":
    sys.exit(main())
