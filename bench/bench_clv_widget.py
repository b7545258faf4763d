"""How long a learner waits when moving the CLV explorer's retention slider and picking a customer.

Target: a widget update under 200 ms (the course's rule). Prints a Markdown row for bench/README.md.
"""

from __future__ import annotations

import time


def main() -> None:
    from cxkit.clv import load_cdnow
    from cxkit.widgets import CLVExplorer

    summary = load_cdnow(kind="summary")
    explorer = CLVExplorer(summary=summary, customers=list(summary.index[:50]))
    seconds = explorer.update_seconds(repeats=40)
    print(
        f"| CLV explorer update (`bench_clv_widget.py`): one retention-slider move plus one customer "
        f"pick (BG/NBD on CDNOW) | one update | {seconds * 1000:.1f} ms (median of 40) | | < 200 ms "
        f"| {time.strftime('%Y-%m-%d')} |"
    )


if __name__ == "__main__":
    main()
