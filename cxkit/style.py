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
import html
import io
from typing import Any

__all__ = ["PALETTE", "CYCLE", "SCORE_COLORS", "SEGMENT_COLORS", "use", "show", "figure_html"]

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
CYCLE: list[str] = [PALETTE[c] for c in ("blue", "orange", "green", "vermillion", "purple", "sky_blue", "yellow")]

#: NPS groups: detractors vermillion, passives grey-ish sky blue, promoters blue-green.
SCORE_COLORS: dict[str, str] = {
    "detractor": PALETTE["vermillion"],
    "passive": "#999999",
    "promoter": PALETTE["green"],
}

SEGMENT_COLORS: dict[str, str] = {"B2C": PALETTE["blue"], "B2B": PALETTE["orange"]}

_RC: dict[str, Any] = {
    "figure.figsize": (7.0, 4.0),
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "axes.titlesize": 13,
    "axes.titleweight": "bold",
    "axes.labelsize": 11,
    "xtick.labelsize": 10,
    "ytick.labelsize": 10,
    "legend.fontsize": 10,
    "legend.frameon": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "lines.linewidth": 2.0,
    "lines.markersize": 6,
}


def use() -> None:
    """Apply the course style to matplotlib (palette, sizes, no top/right spines)."""
    import matplotlib as mpl
    from cycler import cycler

    mpl.rcParams.update(_RC)
    mpl.rcParams["axes.prop_cycle"] = cycler(color=CYCLE)


def figure_html(fig: Any, alt: str, *, caption: str | None = None) -> str:
    """The figure as an HTML ``<figure>`` with an embedded PNG and its alt text.

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
        raise CXConfigError("Every course figure needs alt text: pass alt='what the figure shows and its message'.")
    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight")
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    alt_attr = html.escape(alt.strip(), quote=True)
    cap = f"<figcaption>{html.escape(caption)}</figcaption>" if caption else ""
    return f'<figure><img src="data:image/png;base64,{data}" alt="{alt_attr}" style="max-width:100%">{cap}</figure>'


def show(fig: Any, alt: str, *, caption: str | None = None) -> None:
    """Display a figure in the notebook with alt text, then close it.

    Use it instead of ``plt.show()``: the image is shown as HTML with an ``alt`` attribute (read
    by screen readers) and the alt text is also the plain-text output.
    """
    import matplotlib.pyplot as plt
    from IPython.display import display

    bundle = {"text/html": figure_html(fig, alt, caption=caption), "text/plain": f"[Figure: {alt.strip()}]"}
    plt.close(fig)
    display(bundle, raw=True)
