"""How long the CX dashboard takes: building it, and one filter change through its Dropdowns.

Target: each filter update under 500 ms on the course data (issues 17 and 26). A change recomputes
every panel with the library (clustered scores, their change from the previous period, the response
rate, trends, p-chart alerts, funnel, drivers and their verbatims, SLAs, the follow-up queue twice:
its last 14 days and the whole period's count) and redraws the view (the trend PNG, one draw per
save, the HTML panels and the CSV export's link); the themes and sentiment of the comments, each
customer's CLV, the segments of tickets and journeys and each journey's start are computed once,
when the dashboard is built, and each (segment, owner)'s monthly trends and touchpoint charts the
first time they are asked for.
Prints a Markdown row for bench/README.md.
"""

from __future__ import annotations

import os
import time


def main() -> None:
    import warnings

    warnings.simplefilter("ignore")
    from cxkit.dashboard import Dashboard
    from cxkit.data import load

    for name in ("surveys", "events", "tickets", "customers", "orders"):
        load(name)  # the CSV parse is cached: time the dashboard, not the reading
    t0, c0 = time.perf_counter(), time.process_time()
    d = Dashboard()
    d.widget()
    build, build_cpu = time.perf_counter() - t0, time.process_time() - c0
    d.update_seconds(repeats=1)  # warm-up: the figure and the first draw
    r = d.update_seconds(repeats=3)
    again = d.update_seconds(repeats=2, cached=True)
    load_avg = os.getloadavg()[0]
    print(
        "| CX dashboard filter change (`bench_dashboard.py`) | course data: "
        f"{d.counts['answers']:,} answers, "
        f"{d.counts['journeys']:,} journeys, {d.counts['tickets']:,} tickets; one Dropdown change "
        f"(8 changes x 3, the owner filter among them) | {r['median'] * 1000:.0f} ms median, "
        f"{r['max'] * 1000:.0f} ms slowest "
        f"({r['cpu_median'] * 1000:.0f} ms of CPU, median) for a selection not seen before; "
        f"{again['median'] * 1000:.1f} ms back to one already seen; building it {build:.1f} s "
        f"({build_cpu:.1f} s "
        f"of CPU); load average {load_avg:.1f} on {os.cpu_count()} cores | | < 500 ms per change | "
        f"{time.strftime('%Y-%m-%d')} |"
    )


if __name__ == "__main__":
    main()
