"""How long a learner waits: one change of the journey explorer's segment menu on the course data.

Target: a widget update under 200 ms (the course's rule). The funnel tab redraws HTML bars; the
flow tab also redraws the flow diagram (a PNG). Prints Markdown rows for bench/README.md, with the
machine's load average (the 2-core container is shared, so a busy machine reads slower).
"""

from __future__ import annotations

import os
import statistics
import time


def main() -> None:
    from cxkit.widgets import JourneyExplorer

    start = time.perf_counter()
    explorer = JourneyExplorer()
    explorer.widget()
    build = time.perf_counter() - start
    funnel = explorer.update_seconds(repeats=15) * 1000
    flow = explorer.update_seconds(repeats=9, flow_tab=True) * 1000
    load = os.getloadavg()[0]
    # Calibration on a busy machine: the NPS simulator's chart update, 113 ms on an idle one
    # (bench/README.md), measured in the same run.
    from cxkit.widgets import NPSSimulator

    sim = NPSSimulator(promoters=291, passives=476, detractors=395)
    sim.tabs.selected_index = 1
    sliders = sim.sliders
    times = []
    for i in range(9):
        t0 = time.perf_counter()
        sliders["promoters"].value = 300 + i % 7
        times.append(time.perf_counter() - t0)
    nps_chart = statistics.median(times) * 1000
    print(
        f"| journey explorer segment change (`bench_journey_explorer.py`) | course events (42,479 rows, "
        f"6,412 journeys) | {funnel:.0f} ms funnel tab; {flow:.0f} ms flow tab (median; load average "
        f"{load:.1f} on 2 cores; in the same run the NPS simulator's chart, 113 ms idle, took "
        f"{nps_chart:.0f} ms); {build:.1f} s to build | | < 200 ms | {time.strftime('%Y-%m-%d')} |"
    )


if __name__ == "__main__":
    main()
