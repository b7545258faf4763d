"""The course's one figure style: a colour-blind-safe palette and a way to show figures with alt text.

The palette is Okabe & Ito's eight colours (Okabe, M. & Ito, K. (2008) *Color Universal Design
(CUD): how to make figures and presentations that are friendly to colorblind people*,
https://jfly.uni-koeln.de/color/), chosen so that the colours stay distinct for readers with
protanopia, deuteranopia and tritanopia. Figures also never rely on colour alone: bars carry
labels and lines carry markers.

>>> from cxkit import style
>>> style.PALETTE["blue"]
'#0072B2'
>>> style.SCORE_COLORS["detractor"]
'#D55E00'

Use :func:`use` once per notebook, then :func:`show` instead of ``plt.show()`` so that every
figure carries alt text for screen-reader users::

    style.use()
    fig, ax = plt.subplots()
    ...
    style.show(fig, alt="Bar chart: NPS by channel; the app is lowest at -12.")
"""

from __future__ import annotations

import base64
import contextlib
import functools
import html
import io
from collections.abc import Callable, Iterator
from typing import Any, ParamSpec, TypeVar, cast

_P = ParamSpec("_P")
_R = TypeVar("_R")

__all__ = [
    "CYCLE",
    "FIGURE_WIDTH_IN",
    "MIN_FONT_PT",
    "PALETTE",
    "SCORE_COLORS",
    "SEGMENT_COLORS",
    "context",
    "figure_html",
    "place_labels",
    "plotting",
    "rc",
    "show",
    "use",
]

#: Okabe–Ito colours by name (black is used for text and reference lines).
PALETTE: dict[str, str] = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "black": "#000000",
}

#: The order in which series take colours (yellow last: it is weak on white).
CYCLE: list[str] = [
    PALETTE[c] for c in ("blue", "orange", "green", "vermillion", "purple", "sky_blue", "yellow")
]

#: NPS groups: detractors vermillion, passives grey-ish sky blue, promoters blue-green.
SCORE_COLORS: dict[str, str] = {
    "detractor": PALETTE["vermillion"],
    "passive": "#999999",
    "promoter": PALETTE["green"],
}

SEGMENT_COLORS: dict[str, str] = {"B2C": PALETTE["blue"], "B2B": PALETTE["orange"]}

#: The smallest text size in a course figure, in points: readable on a projector at 1280x720.
MIN_FONT_PT: float = 12.0

#: Default figure width in inches. At 100 dpi the image is 1,100 pixels wide, about the width of a
#: notebook cell at 1280x720; :func:`show` then scales it to the cell's full width.
FIGURE_WIDTH_IN: float = 11.0

_RC: dict[str, Any] = {
    "figure.figsize": (FIGURE_WIDTH_IN, 5.0),
    "figure.dpi": 100,
    "savefig.dpi": 100,
    # The axes fill the figure (tight layout when drawn), so the saved image has no wide empty
    # margins to crop away. Tight rather than constrained: code that calls fig.tight_layout()
    # itself (the NPS simulator does) then keeps working without a layout-change warning.
    "figure.autolayout": True,
    "font.size": 14,
    "axes.titlesize": 16,
    "axes.titleweight": "bold",
    "axes.labelsize": 14,
    "xtick.labelsize": 13,
    "ytick.labelsize": 13,
    "legend.fontsize": 13,
    "legend.title_fontsize": 13,
    "figure.titlesize": 16,
    "legend.frameon": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "lines.linewidth": 2.5,
    "lines.markersize": 8,
}


def use() -> None:
    """Apply the course style to matplotlib: palette, sizes for a projector, no top/right spines.

    Figures are :data:`FIGURE_WIDTH_IN` inches wide at 100 dpi and every text size is at least
    :data:`MIN_FONT_PT` points (14 for labels, 16 for titles), so a figure shown at the width of a
    notebook cell stays readable from the back of a room at 1280x720.
    """
    import matplotlib as mpl

    mpl.rcParams.update(cast(Any, rc()))  # matplotlib types the keys as literals


def rc() -> dict[str, Any]:
    """Return the course style's matplotlib settings as a new dict (applied by use and context)."""
    from cycler import cycler

    return {**_RC, "axes.prop_cycle": cycler(color=CYCLE)}


@contextlib.contextmanager
def context() -> Iterator[None]:
    """Draw in the course style inside a ``with`` block, leaving the session's settings as they were.

    A thin layer over :func:`matplotlib.rc_context`: on leaving the block every ``rcParams`` value
    is what it was before, whatever the block changed. Every cxkit plotting function draws inside
    it (through :func:`plotting`); only :func:`use` changes the session's settings.

    >>> import matplotlib as mpl
    >>> before = mpl.rcParams["font.size"]
    >>> with context():
    ...     mpl.rcParams["font.size"]
    14.0
    >>> mpl.rcParams["font.size"] == before
    True
    """
    import matplotlib as mpl

    with mpl.rc_context(cast(Any, rc())):
        yield


def plotting(function: Callable[_P, _R]) -> Callable[_P, _R]:
    """Make a plotting function draw inside :func:`context` (a decorator).

    The figure is made and its texts are laid out in the course style; the caller's matplotlib
    settings are the same after the call as before it.
    """

    @functools.wraps(function)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        with context():
            return function(*args, **kwargs)

    return wrapper


def figure_for(ax: Any, height: float, *, width: float | None = None) -> tuple[Any, Any, bool]:
    """Return ``(fig, ax, own)``: a new course-size figure when ``ax`` is None, else ``ax``'s figure.

    ``own`` says whether the figure was made here (the caller then lays it out); the plotting
    functions that draw either on their own figure or on a caller's axes share this preamble.

    >>> fig, ax, own = figure_for(None, 4.0)
    >>> own, float(fig.get_figheight())
    (True, 4.0)
    >>> figure_for(ax, 9.0)[2]
    False
    """
    import matplotlib.pyplot as plt

    if ax is None:
        fig, ax = plt.subplots(figsize=(FIGURE_WIDTH_IN if width is None else width, height))
        return fig, ax, True
    return ax.figure, ax, False


def figure_html(fig: Any, alt: str, *, caption: str | None = None) -> str:
    """Return the figure as an HTML ``<figure>`` with an embedded PNG and its alt text.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    alt : str
        What the figure shows, for a reader who cannot see it: the kind of chart, what it
        compares, and its main message. Required and non-empty.
    caption : str, optional
        A visible caption under the figure.
    """
    from cxkit.errors import CXConfigError

    if not isinstance(alt, str) or not alt.strip():
        raise CXConfigError(
            "Every course figure needs alt text: pass alt='what the figure shows and its message'."
        )
    data = base64.b64encode(_png_bytes(fig)).decode("ascii")
    alt_attr = html.escape(alt.strip(), quote=True)
    cap = f"<figcaption>{html.escape(caption)}</figcaption>" if caption else ""
    return (
        f'<figure style="margin:0"><img src="data:image/png;base64,{data}" alt="{alt_attr}" '
        f'style="width:100%;max-width:100%;height:auto">{cap}</figure>'
    )


def _png_bytes(fig: Any) -> bytes:
    """Encode the figure as a compact PNG: 256 colours (a chart needs no more), so notebooks stay small."""
    from PIL import Image

    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight")
    image = Image.open(io.BytesIO(buf.getvalue())).convert("RGB")
    small = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    out = io.BytesIO()
    small.save(out, format="PNG", optimize=True)
    return out.getvalue()


def show(fig: Any, alt: str, *, caption: str | None = None) -> None:
    """Display a figure in the notebook with alt text, then close it.

    Use it instead of ``plt.show()``: the image is shown as HTML with an ``alt`` attribute (read
    by screen readers), scaled to the full width of the notebook cell, and the alt text is also the
    plain-text output.

    Raises
    ------
    CXConfigError
        If ``alt`` is missing or blank (the figure is closed first, so it does not linger).
    """
    import matplotlib.pyplot as plt
    from IPython.display import display

    try:
        page = figure_html(fig, alt, caption=caption)
    finally:
        plt.close(fig)
    bundle = {"text/html": page, "text/plain": f"[Figure: {alt.strip()}]"}
    display(bundle, raw=True)


def _overlaps(box: Any, others: list[Any], pad: float = 2.0) -> bool:
    return any(
        box.x0 < o.x1 + pad and box.x1 + pad > o.x0 and box.y0 < o.y1 + pad and box.y1 + pad > o.y0
        for o in others
    )


def place_labels(ax: Any, xs: Any, ys: Any, names: list[str], fontsize: float) -> list[Any]:
    """Put each name next to its point where it overlaps no other label, point or the axes edge.

    Each label is measured once; then a greedy search over 24 offsets around its point (nearest
    first) takes the first place that is free of the points and of the labels placed before it.
    Written by hand: matplotlib has no label placement of its own and the course installs no
    extra package for it.
    """
    import numpy as np
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
