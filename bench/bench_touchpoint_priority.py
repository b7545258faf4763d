"""How long a learner waits with the touchpoint priority widget (module 04).

Measures, on the course data: ``touchpoint_performance`` for all surveys (one table), building the
widget (every metric x segment table and matrix computed once), and one menu change afterwards
(median). Target: a menu change under 200 ms. Prints Markdown rows for bench/README.md.
"""

from __future__ import annotations

import statistics
import time


def main() -> None:
    from cxkit.data import load
    from cxkit.journey import touchpoint_matrix, touchpoint_performance
    from cxkit.widgets import TouchpointPriority

    surveys, touchpoints = load("surveys"), load("touchpoints")
    touchpoint_performance(surveys, touchpoints)  # warm the imports
    times = []
    for _ in range(5):
        start = time.perf_counter()
        table = touchpoint_performance(surveys, touchpoints)
        times.append(time.perf_counter() - start)
    table_ms = statistics.median(times) * 1000
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    draw = []
    for _ in range(3):
        start = time.perf_counter()
        fig = touchpoint_matrix(table)
        fig.canvas.draw()
        draw.append(time.perf_counter() - start)
        plt.close(fig)
    draw_ms = statistics.median(draw) * 1000
    widget = TouchpointPriority(surveys, touchpoints)
    start = time.perf_counter()
    widget.widget()
    build = time.perf_counter() - start
    change_ms = widget.update_seconds(repeats=20) * 1000
    day = time.strftime("%Y-%m-%d")
    print(
        f"| touchpoint priority widget (`bench_touchpoint_priority.py`) | course data: 16,773 surveys, "
        f"2 metrics x 3 segments | menu change {change_ms:.1f} ms (median of 20); building the widget "
        f"{build:.1f} s (6 tables and matrices); one `touchpoint_performance` {table_ms:.0f} ms, "
        f"one `touchpoint_matrix` drawn {draw_ms:.0f} ms | | < 200 ms per change | {day} |"
    )


if __name__ == "__main__":
    main()
