"""How long a learner waits in the factor sorter (module 01): a menu change, a check, a switch of sorting.

Target: each update under 200 ms (the course's rule). Prints a Markdown row for bench/README.md.
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
    start = time.perf_counter()
    import ipywidgets  # noqa: F401  (imported once per session; timed apart from the build)

    from cxkit.widgets import FactorSorter

    imported = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    sorter = FactorSorter()
    sorter.widget()
    build = (time.perf_counter() - start) * 1000
    bins = [b.id for b in sorter.bins]
    menu = sorter.menus["delivery"]
    change = _median_ms(lambda i: setattr(menu, "value", bins[i % len(bins)]))
    check = _median_ms(lambda i: sorter.check())
    switch = _median_ms(lambda i: sorter.set_sorting(("stage", "part")[i % 2]), repeats=10)
    print(
        f"| factor sorter (`bench_factor_sorter.py`) | 11 factors, 2 sortings | menu change {change:.1f} ms; "
        f"check {check:.1f} ms; switch of sorting (swaps the ready rows) {switch:.1f} ms (median); "
        f"building it {build:.0f} ms (both sortings' rows), "
        f"after importing ipywidgets {imported:.0f} ms | | < 200 ms | {time.strftime('%Y-%m-%d')} |"
    )


if __name__ == "__main__":
    main()
