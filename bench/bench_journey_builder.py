"""How long a learner waits in the journey-map builder (module 03): a feeling slider, an added item.

Target: each update under 200 ms. The live view is the HTML table of
``cxkit.journey.journey_to_html`` (the matplotlib figure for print takes a few hundred ms:
too slow to redraw on every change). Also times that figure, for the record.
Prints Markdown rows for bench/README.md.
"""

from __future__ import annotations

import statistics
import time


def main() -> None:
    from cxkit._paths import repo_root
    from cxkit.widgets import JourneyBuilder

    builder = JourneyBuilder.from_file(repo_root() / "datasets/journeys/busy-parent.yaml")
    ui = builder.controls  # builds the widget and draws once
    ui["stage"].value = "decision"
    times = []
    for i in range(25):
        start = time.perf_counter()
        ui["emotion"].value = [-1.5, 1.5][i % 2]
        times.append((time.perf_counter() - start) * 1000)
    slider = statistics.median(times)
    times = []
    for i in range(10):
        ui["text"].value = f"Step number {i}"
        start = time.perf_counter()
        ui["add"].click()
        times.append((time.perf_counter() - start) * 1000)
    add = statistics.median(times)
    start = time.perf_counter()
    builder.png()
    png = (time.perf_counter() - start) * 1000
    print(
        f"| journey-map builder (`bench_journey_builder.py`) | Busy Parent map, 5 stages | "
        f"{slider:.1f} ms feeling slider; {add:.1f} ms add a step (median, HTML view); "
        f"{png:.0f} ms the printable matplotlib PNG | | < 200 ms | {time.strftime('%Y-%m-%d')} |"
    )


if __name__ == "__main__":
    main()
