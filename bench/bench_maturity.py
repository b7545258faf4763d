"""How long module 10's maturity self-assessment form takes: an answer, and adding a rater with its chart.

The form is module 06's SelfAssessmentForm loaded with the maturity questionnaire (12 statements,
6 dimensions). Target: a widget update under 200 ms (the course's rule). Prints a Markdown row for
bench/README.md.
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
    from cxkit.service import example_answers, maturity_questionnaire
    from cxkit.widgets import SelfAssessmentForm

    q = maturity_questionnaire()
    form = SelfAssessmentForm(q, team=example_answers(round="January", questionnaire=q))
    form.widget()
    buttons = form.buttons
    answer = _median_ms(lambda i: setattr(buttons["st1"], "value", 1 + i % 5))
    ids = q.item_ids

    def add(_i: int) -> None:
        form.set(**dict.fromkeys(ids, 3)).add_rater()

    chart = _median_ms(add, repeats=10)
    print(
        f"| Maturity self-assessment form (`bench_maturity.py`) | 12 statements, 6 dimensions, 5-15 raters | "
        f"{answer:.1f} ms per answer; {chart:.0f} ms to add a rater and redraw the HTML chart (median) | | "
        f"< 200 ms | {time.strftime('%Y-%m-%d')} |"
    )


if __name__ == "__main__":
    main()
