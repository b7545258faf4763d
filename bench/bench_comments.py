"""How long a learner waits in module 09: building the comment explorer, and one menu change.

Target: each update under 200 ms (the course's rule). Building computes VADER sentiment and the
themes of every text once (7,061 texts of the course data). Prints a Markdown row for
bench/README.md.
"""

from __future__ import annotations

import statistics
import time


def main() -> None:
    from cxkit.widgets import CommentExplorer

    start = time.perf_counter()
    ex = CommentExplorer.from_course_data()
    ex.widget()
    build = time.perf_counter() - start
    menus = ex.menus
    steps = [
        ("theme", "late_delivery"),
        ("sentiment", "negative"),
        ("channel", "social"),
        ("score", "detractors (0-6)"),
        ("channel", "any"),
        ("theme", "app_problem"),
        ("sentiment", "any"),
        ("score", "any"),
        ("theme", "any"),
    ]
    times = []
    for _ in range(5):
        for key, value in steps:
            t = time.perf_counter()
            menus[key].value = value
            times.append((time.perf_counter() - t) * 1000)
    print(
        f"| comment explorer (`bench_comments.py`) | {len(ex.table):,} texts, one menu change | "
        f"{statistics.median(times):.0f} ms median, {max(times):.0f} ms slowest of {len(times)}; "
        f"building it (sentiment and themes of every text) {build:.1f} s | | < 200 ms per update | "
        f"{time.strftime('%Y-%m-%d')} |"
    )


if __name__ == "__main__":
    main()
