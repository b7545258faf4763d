"""How long module 06's widgets take: an SLA-explorer slider move, a self-assessment answer and chart.

Target: a widget update under 200 ms (the course's rule). Prints Markdown rows for bench/README.md.
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
    import pandas as pd

    from cxkit.service import load_questionnaire
    from cxkit.widgets import SelfAssessmentForm, SLAExplorer

    ex = SLAExplorer()
    sliders = ex.sliders
    sla = _median_ms(lambda i: setattr(sliders["email"], "value", 240 + 15 * (i % 5)))
    n = len(ex._tickets)
    print(
        f"| SLA explorer slider move (`bench_service.py`) | {n:,} tickets, 4 channels | {sla:.0f} ms "
        f"(median; `sla_attainment` and the HTML bars) | | < 200 ms | {time.strftime('%Y-%m-%d')} |"
    )

    ids = load_questionnaire().item_ids
    form = SelfAssessmentForm(team=pd.DataFrame({i: [4, 3, 5, 2, 4, 3] for i in ids}))
    form.widget()
    buttons = form.buttons
    answer = _median_ms(lambda i: setattr(buttons["cc1"], "value", 1 + i % 5))
    for item in ids:
        buttons[item].value = 4

    def add(_i: int) -> None:
        form.set(**dict.fromkeys(ids, 4)).add_rater()

    chart = _median_ms(add, repeats=10)
    print(
        f"| Self-assessment form (`bench_service.py`) | 14 statements, 6-16 raters | {answer:.1f} ms per "
        f"answer; {chart:.0f} ms to add a rater and redraw the chart (median) | | < 200 ms | "
        f"{time.strftime('%Y-%m-%d')} |"
    )


if __name__ == "__main__":
    main()
