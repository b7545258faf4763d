"""How long a learner waits: an NPS-simulator slider move, and loading the course data.

Target: a widget update under 200 ms (the course's rule); ``load_all`` cold under 2 s.
Prints Markdown rows for bench/README.md.
"""

from __future__ import annotations

import statistics
import time


def _median_ms(fn, repeats: int = 25) -> float:
    times = []
    for i in range(repeats):
        start = time.perf_counter()
        fn(i)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    from cxkit.widgets import NPSSimulator

    sim = NPSSimulator(promoters=291, passives=476, detractors=395)
    sliders = sim.sliders
    score = _median_ms(lambda i: setattr(sliders["promoters"], "value", 291 + i % 7))
    sim.tabs.selected_index = 1  # the margin chart redraws only while its tab is shown
    chart = _median_ms(lambda i: setattr(sliders["promoters"], "value", 300 + i % 7), repeats=10)
    print(
        f"| NPS simulator slider move (`bench_widgets.py`) | one update | {score:.1f} ms score tab; "
        f"{chart:.0f} ms with the margin chart (median) | | < 200 ms | {time.strftime('%Y-%m-%d')} |"
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
