"""Layout shared by the journey figures: one axes whose data units are points, text wrapped to fit.

The figures of :mod:`cxkit.journey` (the journey map, the service blueprint, the persona card, the
lifecycle chart) lay their text out in points, so a figure reads the same on A4 landscape (11.69 x
8.27 in) and on a 1280x720 projector: text is wrapped to the column width and, when the content
does not fit the page, the font shrinks (never below ``min_fontsize``). Colours come from
:mod:`cxkit.style` (Okabe-Ito, colour-blind safe) and every colour is doubled by a marker or a line
style, so the figures print in black and white.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from cxkit.errors import CXConfigError

__all__ = ["CHANNEL_STYLE", "JOURNEY_LANES"]


#: channel -> (colour, marker). Colours from cxkit.style.PALETTE; markers make them distinct in grey.
CHANNEL_STYLE: dict[str, tuple[str, str]] = {
    "web": ("#0072B2", "o"),
    "app": ("#E69F00", "s"),
    "store": ("#009E73", "D"),
    "phone": ("#D55E00", "^"),
    "chat": ("#CC79A7", "v"),
    "email": ("#56B4E9", "P"),
    "social": ("#000000", "h"),
    "carrier": ("#999999", "X"),
}
#: The lanes draw_journey_map can show, in order, with their titles.
JOURNEY_LANES: dict[str, str] = {
    "expecting": "Expecting",
    "doing": "Doing",
    "touchpoints": "Touchpoints",
    "thinking": "Thinking",
    "feeling": "Feeling",
    "moments_of_truth": "Moments of truth",
    "pain_points": "Pain points",
    "opportunities": "Opportunities",
    "invisible_steps": "Unseen by the company",
    "to_be": "Future state (to-be steps)",
    "kpis": "KPIs",
    "measured": "Measured",
}
DEFAULT_LANES = (
    "doing",
    "touchpoints",
    "thinking",
    "feeling",
    "moments_of_truth",
    "pain_points",
    "opportunities",
)
AS_IS = "#0072B2"
TO_BE = "#E69F00"
PAIN = "#D55E00"
OPP = "#009E73"
STAR = "#000000"
BAND = "#F2F2F2"
LINE_H = 1.25  # line height in font sizes
CHAR_W = 0.56  # average character width in font sizes (DejaVu Sans)


def canvas(ax: Any, fig: Any, figsize: tuple[float, float]) -> tuple[Any, Any, float, float]:
    import matplotlib.pyplot as plt

    if ax is None:
        if fig is None:
            fig = plt.figure(figsize=figsize)
        fig.set_layout_engine("none")
        ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
    fig = ax.figure
    box = ax.get_position()
    w_in, h_in = fig.get_size_inches()
    width, height = box.width * w_in * 72, box.height * h_in * 72
    ax.set_xlim(0, width)
    ax.set_ylim(height, 0)
    ax.set_axis_off()
    return fig, ax, width, height


def wrap(text: str, chars: int) -> list[str]:
    return textwrap.wrap(str(text), width=max(chars, 8), break_long_words=True) or [""]


@dataclass
class Lane:
    key: str
    title: str
    cells: list[list[tuple[str, str]]]  # per column: (text, marker kind)
    fixed_lines: float = 0.0
    heights: list[float] = field(default_factory=list)


def prefix_width(kind: str) -> float:
    return 0.0 if kind in ("", "quote") else 1.3  # in font sizes


def lines_in(cell: list[tuple[str, str]], chars: int) -> float:
    lines = 0.0
    for text, kind in cell:
        indent = int(prefix_width(kind) / CHAR_W)
        lines += len(wrap(text, chars - indent)) + 0.35
    return lines


def fit(lanes: list[Lane], fs: float, width: float, label_w: float, n: int) -> float:
    col_w = (width - label_w) / n
    chars = int((col_w - 0.8 * fs) / (CHAR_W * fs))
    total = 0.0
    for lane in lanes:
        need = lane.fixed_lines or max([lines_in(c, chars) for c in lane.cells] + [1.0])
        total += need + 0.6
    return total


def choose_fontsize(
    lanes: list[Lane],
    width: float,
    height: float,
    n: int,
    fontsize: float,
    min_fontsize: float,
    header_lines: float,
) -> float:
    fs = fontsize
    while fs > min_fontsize:
        label_w = label_width(fs, width)
        need = (fit(lanes, fs, width, label_w, n) + header_lines) * LINE_H * fs + fs
        if need <= height:
            return fs
        fs = max(min_fontsize, fs - 0.5)
    return fs


def label_width(fs: float, width: float) -> float:
    # "Opportunities" (13 bold characters) fits on one line
    return min(max(13.5 * fs * 0.62 + 0.8 * fs, 0.1 * width), 0.2 * width)


def wrap_label(text: str) -> str:
    return "\n".join(textwrap.wrap(text, width=14, break_long_words=False))


def marker(ax: Any, x: float, y: float, kind: str, fs: float, gid: str | None = None) -> None:
    size = fs * 0.75
    style: dict[str, Any] = {
        "moment": {"marker": "*", "color": STAR, "markersize": size * 1.3},
        "pain": {"marker": "X", "color": PAIN, "markersize": size},
        "opp": {"marker": "^", "color": OPP, "markersize": size},
        "bullet": {"marker": "o", "color": "#555555", "markersize": size * 0.45},
        "invisible": {
            "marker": "o",
            "color": "#555555",
            "markersize": size * 0.8,
            "markerfacecolor": "white",
        },
        "kpi": {"marker": "s", "color": "#555555", "markersize": size * 0.7},
        "small": {"marker": "o", "color": PAIN, "markersize": size * 0.8, "markerfacecolor": "white"},
    }.get(kind, {})
    if kind.startswith("tp:"):
        _, channel, online = kind.split(":")
        colour, mk = CHANNEL_STYLE[channel]
        style = {
            "marker": mk,
            "color": colour,
            "markersize": size,
            "markerfacecolor": colour if online == "1" else "white",
            "markeredgewidth": 1.6,
        }
    if style:
        ax.plot([x], [y], linestyle="none", gid=gid, clip_on=False, zorder=4, **style)


def draw_cell(
    ax: Any, cell: list[tuple[str, str]], x: float, y: float, chars: int, fs: float, lane: str
) -> None:
    line_h = LINE_H * fs
    for text, kind in cell:
        indent = prefix_width(kind)
        lines = wrap(text, chars - int(indent / CHAR_W))
        gid = {"moment": "moment-of-truth-text"}.get(kind)
        if kind.startswith("tp:"):
            gid = "touchpoint"
        marker(ax, x + 0.5 * fs, y + 0.62 * fs, kind, fs, gid=gid)
        style = "italic" if kind == "quote" else "normal"
        ax.text(
            x + indent * fs,
            y,
            "\n".join(lines),
            fontsize=fs,
            va="top",
            ha="left",
            linespacing=LINE_H * 0.96,
            fontstyle=style,
            gid=f"cell-{lane}",
        )
        y += (len(lines) + 0.35) * line_h


def nice(name: str) -> str:
    return name.replace("_", " ").capitalize() if name.islower() else name


def rect(x: float, y: float, w: float, h: float, colour: str, zorder: float = 1) -> Any:
    from matplotlib.patches import Rectangle

    return Rectangle((x, y), w, h, facecolor=colour, edgecolor="none", zorder=zorder)


def chosen_lanes(lanes: Sequence[str] | None, measures: Any) -> list[str]:
    """Return the lanes to show: ``lanes`` checked, or the default ones (plus ``measured``)."""
    chosen = list(lanes) if lanes is not None else list(DEFAULT_LANES)
    if lanes is None and measures is not None:
        chosen.append("measured")
    unknown = [k for k in chosen if k not in JOURNEY_LANES]
    if unknown:
        raise CXConfigError(
            f"lanes contains {unknown[0]!r}, which is not a lane; choose from "
            + ", ".join(JOURNEY_LANES)
            + "."
        )
    return chosen


#: The five lanes of a service blueprint, as titled on the figure and the blank canvas.
BP_TITLES = {
    "physical_evidence": "Physical evidence",
    "customer_actions": "Customer actions",
    "frontstage": "Frontstage",
    "backstage": "Backstage",
    "support": "Support processes",
}
#: The three lines of a blueprint: under which lane, the line style, and its SVG id.
BP_LINES = {
    "customer_actions": ("Line of interaction", "-", "line-of-interaction"),
    "frontstage": ("Line of visibility", "--", "line-of-visibility"),
    "backstage": ("Line of internal interaction", ":", "line-of-internal-interaction"),
}
