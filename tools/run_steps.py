"""Run the steps of ``make test`` in lanes that run at the same time; say which step failed.

    python tools/run_steps.py [--log-dir build/test-logs] [--make make] LANE [LANE ...]

A LANE is a quoted, space-separated list of make targets run one after the other
(``"unit notebooks"``); the lanes run side by side. On 2 cores the steps of ``make test`` leave a
core idle much of the time (a single-process step, a browser waiting for a page, a pytest run's
last file): two or three lanes fill it.

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
    lane: int
    status: str = "not run"  # "running", "passed", "FAILED (exit N)"
    seconds: float | None = None


def _say(lock: threading.Lock, start: float, text: str) -> None:
    with lock:
        print(f"[{time.monotonic() - start:5.0f} s] {text}", flush=True)


def run_lanes(lanes: list[list[str]], log_dir: Path, make: str = "make") -> int:
    """Run each lane's steps in order, the lanes at the same time; return 0 if every step passed."""
    log_dir.mkdir(parents=True, exist_ok=True)
    steps = [Step(name, i) for i, lane in enumerate(lanes) for name in lane]
    lock = threading.Lock()
    failed = threading.Event()
    running: dict[str, subprocess.Popen] = {}
    start = time.monotonic()

    def lane_worker(lane_steps: list[Step]) -> None:
        for step in lane_steps:
            if failed.is_set():
                return
            log = log_dir / f"{step.name}.log"
            _say(lock, start, f"{step.name}: started (lane {step.lane + 1}; output in {log})")
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
    threads = [
        threading.Thread(target=lane_worker, args=([s for s in steps if s.lane == i],), daemon=True)
        for i in range(len(lanes))
    ]
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
    print(f"\nmake test: the steps (lanes run side by side; load average now {load})")
    for step in steps:
        took = f"{step.seconds:6.0f} s" if step.seconds is not None else "       "
        print(f"  lane {step.lane + 1}  {step.name:<12} {took}  {step.status}")
    print(f"  all lanes    {total:6.0f} s")
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
    parser.add_argument("lanes", nargs="+", help='make targets of one lane, e.g. "unit notebooks"')
    parser.add_argument("--log-dir", type=Path, default=Path("build/test-logs"))
    parser.add_argument("--make", default="make", help="the make program (default: make)")
    args = parser.parse_args(argv)
    lanes = [lane.split() for lane in args.lanes]
    names = [name for lane in lanes for name in lane]
    if not names or len(set(names)) != len(names):
        parser.error(f"each step once, in one lane: {args.lanes}")
    return run_lanes(lanes, args.log_dir, args.make)


if __name__ == "__main__":
    sys.exit(main())
