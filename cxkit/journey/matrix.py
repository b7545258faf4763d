"""Draw the touchpoint priority matrix: impact against performance, the four quadrants named."""

from __future__ import annotations

from typing import Any

import numpy as np

from cxkit._checks import require_columns
from cxkit.errors import CXDataError
from cxkit.journey.quadrants import METRIC_LABELS
from cxkit.journey.touchpoints import QUADRANTS
from cxkit.style import place_labels, plotting

__all__ = ["touchpoint_matrix"]

_MATRIX_COLUMNS = ("performance", "impact", "revenue", "too_small", "performance_cut", "impact_cut", "metric")


@plotting
def touchpoint_matrix(
    table: Any,
    *,
    ax: Any = None,
    title: str | None = None,
    intervals: bool = True,
    fontsize: float = 12.0,
) -> Any:
    """Draw the priority matrix: impact against performance, the four quadrants named.

    Each touchpoint is a point labelled with its name; revenue touchpoints are blue squares and
    the others orange circles (shape and colour both differ, so the two kinds stay apart for
    colour-blind readers and in grey print); touchpoints flagged ``too_small`` are drawn hollow
    and their label ends with their n. The cut lines are dashed and each quadrant carries Martilla
    & James's name in its corner. Labels are placed so that they do not overlap each other or the
    points.

    Parameters
    ----------
    table : pandas.DataFrame
        The result of :func:`touchpoint_performance` (rows without an impact are not drawn).
    ax : matplotlib.axes.Axes, optional
        Where to draw; default a new 11 × 6.2 inch figure (readable at 1280×720 and on A4). The
        labels are placed for the axes' size and position when called: set the layout of your
        own figure (``subplots_adjust``) before, and do not let it change afterwards.
    title : str, optional
        Default "Which touchpoints to fix first".
    intervals : bool, default True
        Draw each point's impact interval as a thin vertical line.
    fontsize : float, default 12
        Size of the touchpoint labels (at least :data:`cxkit.style.MIN_FONT_PT`).

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    CXDataError
        A column of :func:`touchpoint_performance`'s table is missing, or no row has an impact.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"performance": [80.0, 40.0], "impact": [120.0, 90.0],
    ...     "revenue": [True, False], "too_small": [False, True], "performance_cut": 60.0,
    ...     "impact_cut": 100.0, "metric": "csat", "n": [50, 12], "quadrant": ["x", "y"]},
    ...     index=pd.Index(["checkout", "invoice"], name="touchpoint"))
    >>> fig = touchpoint_matrix(t)
    >>> sorted(x.get_text() for x in fig.axes[0].texts if x.get_text().startswith(("ch", "inv")))
    ['checkout', 'invoice (n = 12)']
    """
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    from cxkit import style

    require_columns(table, _MATRIX_COLUMNS, "touchpoint performance table")
    rows = table[table["impact"].notna() & table["performance"].notna()]
    if rows.empty:
        raise CXDataError(
            "no touchpoint has both a performance and an impact to draw",
            column="impact",
            expected="at least one row with an impact (a touchpoint with good and bad answers)",
        )
    fontsize = max(float(fontsize), style.MIN_FONT_PT)
    own = ax is None
    if own:
        fig, ax = plt.subplots(figsize=(style.FIGURE_WIDTH_IN, 6.2))
    else:
        fig = ax.figure
    metric = str(rows["metric"].iloc[0])
    x = rows["performance"].to_numpy(dtype=float)
    y = rows["impact"].to_numpy(dtype=float)
    p_cut = float(rows["performance_cut"].iloc[0])
    i_cut = float(rows["impact_cut"].iloc[0])
    low = rows["impact_low"].to_numpy(dtype=float) if "impact_low" in rows else y
    high = rows["impact_high"].to_numpy(dtype=float) if "impact_high" in rows else y
    # Axis limits: the points (not the long intervals of small groups) with room for labels.
    xs_all = np.append(x, p_cut)
    ys_all = np.append(y, i_cut)
    xr = max(np.ptp(xs_all), 1.0)
    yr = max(np.ptp(ys_all), 1.0)
    ax.set_xlim(xs_all.min() - 0.22 * xr, xs_all.max() + 0.22 * xr)
    ax.set_ylim(ys_all.min() - 0.2 * yr, ys_all.max() + 0.25 * yr)
    revenue = rows["revenue"].astype(bool).to_numpy()
    small = rows["too_small"].astype(bool).to_numpy()
    colours = {True: style.PALETTE["blue"], False: style.PALETTE["orange"]}
    _draw_points(ax, x, y, low, high, revenue, small, colours, intervals=intervals)
    ax.axvline(p_cut, color="black", ls="--", lw=1.2, zorder=1)
    ax.axhline(i_cut, color="black", ls="--", lw=1.2, zorder=1)
    _quadrant_names(ax)
    n = rows["n"].to_numpy() if "n" in rows else np.zeros(len(rows), dtype=int)
    names = [
        f"{name} (n = {int(k)})" if sm and "n" in rows else str(name)
        for name, sm, k in zip(rows.index, small, n, strict=True)
    ]
    ax.set_xlabel(f"Performance: {METRIC_LABELS.get(metric, metric)}")
    ax.set_ylabel("Impact: NPS good minus not good")
    ax.set_title(title or "Which touchpoints to fix first")
    handles = [
        Line2D([], [], ls="", marker="s", ms=10, color=colours[True], label="revenue touchpoint"),
        Line2D([], [], ls="", marker="o", ms=10, color=colours[False], label="other touchpoint"),
        Line2D([], [], ls="", marker="o", ms=10, mfc="white", mec="#555555", mew=2, label="fewer answers"),
    ]
    if not small.any():
        handles = handles[:2]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=3, fontsize=12)
    if own:  # the labels are placed in the final axes: lay out first (a caller's ax is laid out)
        fig.tight_layout()
        fig.set_layout_engine("none")
    place_labels(ax, x, y, names, fontsize)
    return fig


def _draw_points(
    ax: Any,
    x: np.ndarray,
    y: np.ndarray,
    low: np.ndarray,
    high: np.ndarray,
    revenue: np.ndarray,
    small: np.ndarray,
    colours: dict[bool, str],
    *,
    intervals: bool,
) -> None:
    """Draw each touchpoint: its impact interval (a thin line) and its point (revenue: a square)."""
    markers = {True: "s", False: "o"}
    if intervals:
        y0, y1 = ax.get_ylim()
        for xi, lo_i, hi_i, rv in zip(x, low, high, revenue, strict=True):
            if np.isfinite(lo_i) and np.isfinite(hi_i):
                ax.plot(
                    [xi, xi],
                    [max(lo_i, y0), min(hi_i, y1)],
                    color=colours[bool(rv)],
                    alpha=0.35,
                    lw=1.5,
                    zorder=2,
                )
    for rv in (True, False):
        for sm in (False, True):
            sel = (revenue == rv) & (small == sm)
            if sel.any():
                ax.scatter(
                    x[sel],
                    y[sel],
                    s=110,
                    marker=markers[rv],
                    facecolors="white" if sm else colours[rv],
                    edgecolors=colours[rv],
                    linewidths=2,
                    zorder=4,
                )


def _quadrant_names(ax: Any) -> None:
    """Write Martilla & James's name of each quadrant in its corner."""
    corner = dict(fontsize=13, fontweight="bold", color="#555555", zorder=3, transform=ax.transAxes)
    ax.text(0.01, 0.98, QUADRANTS[(True, False)], ha="left", va="top", **corner)
    ax.text(0.99, 0.98, QUADRANTS[(True, True)], ha="right", va="top", **corner)
    ax.text(0.01, 0.02, QUADRANTS[(False, False)], ha="left", va="bottom", **corner)
    ax.text(0.99, 0.02, QUADRANTS[(False, True)], ha="right", va="bottom", **corner)
