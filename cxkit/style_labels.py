"""Place text labels next to the points of a scatter plot, so that no label covers another.

Shared by every cxkit figure that names its points (the touchpoint priority matrix of
:func:`cxkit.journey.touchpoint_matrix`, the fix-priority chart of :mod:`cxkit.service`).
Written by hand: matplotlib has no label placement of its own and the course installs no extra
package for it.
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["place_labels"]


def _overlaps(box: Any, others: list[Any], pad: float = 2.0) -> bool:
    return any(
        box.x0 < o.x1 + pad and box.x1 + pad > o.x0 and box.y0 < o.y1 + pad and box.y1 + pad > o.y0
        for o in others
    )


def place_labels(ax: Any, xs: Any, ys: Any, names: list[str], fontsize: float) -> list[Any]:
    """Put each name next to its point where it overlaps no other label, point or the axes edge.

    Each label is measured once; then a greedy search over 24 offsets around its point (nearest
    first, at 10, 22 and 36 pixels in the eight directions) takes the first place that is free of
    the points and of the labels placed before it, top to bottom. A label that could not stay next
    to its point gets a thin leader line back to it; one with no free place at all goes to the
    right of its point.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Axes already laid out (their size and position are final: labels are placed in pixels).
    xs, ys : array-like
        The points, in data coordinates.
    names : list of str
        One label per point.
    fontsize : float
        Size of the labels in points.

    Returns
    -------
    list of matplotlib.text.Annotation
        One per point, in the order placed (top to bottom).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> texts = place_labels(ax, [1, 1.01], [1, 1.01], ["first", "second"], 12)
    >>> a, b = (t.get_window_extent() for t in texts)
    >>> bool(a.overlaps(b))
    False
    >>> plt.close(fig)
    """
    from matplotlib.transforms import Bbox

    fig = ax.figure
    if not hasattr(fig.canvas, "get_renderer"):  # a bare Figure(): give it an Agg canvas to measure
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        FigureCanvasAgg(fig)
    renderer = fig.canvas.get_renderer()
    axes_box = ax.get_window_extent(renderer)
    points = ax.transData.transform(np.column_stack([xs, ys]))
    r = 8.0  # marker half-width in pixels (marker area 110 pt^2 at 100 dpi), with a margin
    taken = [Bbox.from_extents(px - r, py - r, px + r, py + r) for px, py in points]
    offsets = []
    for dist in (10, 22, 36):
        for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (-1, 1), (1, -1), (-1, -1)):
            offsets.append((dx * dist, dy * dist, dx, dy))
    ha_of = {1: "left", -1: "right", 0: "center"}
    va_of = {1: "bottom", -1: "top", 0: "center"}
    scale = fig.dpi / 72.0
    texts = []
    for i in np.argsort(-points[:, 1], kind="stable"):  # top to bottom
        probe = ax.text(0, 0, names[i], fontsize=fontsize)
        ext = probe.get_window_extent(renderer)
        probe.remove()
        w, h = ext.width + 4, ext.height + 2
        px, py = points[i]
        choice = None
        for ox, oy, dx, dy in offsets:
            x0 = px + ox - (w if dx < 0 else w / 2 if dx == 0 else 0)
            y0 = py + oy - (h if dy < 0 else h / 2 if dy == 0 else 0)
            box = Bbox.from_extents(x0, y0, x0 + w, y0 + h)
            inside = (
                box.x0 >= axes_box.x0
                and box.x1 <= axes_box.x1
                and box.y0 >= axes_box.y0
                and box.y1 <= axes_box.y1
            )
            if inside and not _overlaps(box, taken):
                choice = (ox, oy, dx, dy, box)
                break
        if choice is None:  # no free place: right of the point, drawn anyway
            choice = (10, 0, 1, 0, Bbox.from_extents(px + 10, py - h / 2, px + 10 + w, py + h / 2))
        ox, oy, dx, dy, box = choice
        t = ax.annotate(
            names[i],
            (xs[i], ys[i]),
            xytext=(ox / scale, oy / scale),
            textcoords="offset points",
            ha=ha_of[dx],
            va=va_of[dy],
            fontsize=fontsize,
            zorder=5,
            bbox=dict(boxstyle="square,pad=0.1", fc="white", ec="none", alpha=0.8),
            # A label moved away from its point gets a thin leader line back to it.
            arrowprops=(
                dict(arrowstyle="-", color="#555555", lw=0.8, shrinkA=0, shrinkB=5)
                if max(abs(ox), abs(oy)) > 10
                else None
            ),
        )
        taken.append(box)
        texts.append(t)
    return texts
