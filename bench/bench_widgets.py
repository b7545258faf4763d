"""How long a learner waits: an NPS-simulator slider move, and loading the course data.

Target: a widget update under 200 ms (the course's rule); ``load_all`` cold under 2 s.
Prints Markdown rows for bench/README.md, with the CPU time of each update beside its wall time
and the load average: on the shared 2-core machine the wall time is mostly the other jobs'.
"""

from __future__ import annotations

import os
import statistics
import time


def _median_ms(fn, repeats: int = 25) -> tuple[float, float]:
    """Return the median wall and CPU milliseconds of ``fn(i)`` over ``repeats`` calls."""
    wall, cpu = [], []
    for i in range(repeats):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn(i)
        cpu.append((time.process_time() - start_cpu) * 1000)
        wall.append((time.perf_counter() - start) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def main() -> None:
    from cxkit.widgets import NPSSimulator

    sim = NPSSimulator(promoters=291, passives=476, detractors=395)
    sliders = sim.sliders
    score, score_cpu = _median_ms(lambda i: setattr(sliders["promoters"], "value", 291 + i % 7))
    sim.tabs.selected_index = 1  # the margin chart redraws only while its tab is shown
    chart, chart_cpu = _median_ms(lambda i: setattr(sliders["promoters"], "value", 300 + i % 7), repeats=15)
    print(
        f"| NPS simulator slider move (`bench_widgets.py`) | one update | {score:.1f} ms score tab "
        f"({score_cpu:.1f} ms CPU); {chart:.0f} ms with the margin chart ({chart_cpu:.0f} ms CPU) (median; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores) | | < 200 ms | "
        f"{time.strftime('%Y-%m-%d')} |"
    )

    from cxkit.data import load_all

    start = time.perf_counter()
    load_all()
    cold = time.perf_counter() - start
    start = time.perf_counter()
    load_all()
    cached = time.perf_counter() - start
    print(
        f"| `load_all()` (`bench_widgets.py`) | the six course tables | {cold:.2f} s cold; "
        f"{cached * 1000:.0f} ms cached | | < 2 s | {time.strftime('%Y-%m-%d')} |"
    )


if __name__ == "__main__":
    main()
