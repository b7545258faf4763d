"""Draw a journey map, a service blueprint and a persona as print-ready figures.

Each function returns the matplotlib figure, takes an existing ``ax`` (or ``fig``) to draw into,
and lays its text out in points, so the figure reads the same on A4 landscape (11.69 x 8.27 in)
and on a 1280x720 projector: text is wrapped to the column width and, when the content does not
fit the page, the font shrinks (never below ``min_fontsize``). Colours come from
:mod:`cxkit.style` (Okabe-Ito, colour-blind safe) and every colour is doubled by a marker or a line
style, so the figures print in black and white: the as-is emotion curve is a solid line with
circles, the to-be curve a dashed line with squares, moments of truth are stars, pain points
crosses, opportunities up-triangles, and each channel has its own marker (filled when the
touchpoint is online, hollow when offline).

The artists carry ids (``gid``) that tests and tools can find: ``lane-label`` (one per lane),
``emotion-as-is`` and ``emotion-to-be`` (the curves), ``moment-of-truth`` (the star markers),
``touchpoint`` (one marker per touchpoint), ``fail-point`` and ``wait-point`` (blueprint badges),
``line-of-interaction``, ``line-of-visibility``, ``line-of-internal-interaction``.

Give the figure alt text that states what it shows: :func:`journey_alt_text`,
:func:`blueprint_alt_text` and :func:`persona_alt_text` write one from the data.

>>> from cxkit._paths import repo_root
>>> from cxkit.journey.model import load_journey
>>> journey = load_journey(repo_root() / "datasets/journeys/busy-parent.yaml")
>>> fig = draw_journey_map(journey)
>>> len([t for t in fig.axes[0].texts if t.get_gid() == "lane-label"])
7
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cxkit.errors import CXConfigError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from cxkit.journey.model import JourneyMap, Persona, ServiceBlueprint

__all__ = [
    "CHANNEL_STYLE",
    "JOURNEY_LANES",
    "blueprint_alt_text",
    "draw_blueprint",
    "draw_journey_map",
    "draw_lifecycle",
    "draw_persona",
    "journey_alt_text",
    "journey_to_html",
    "lifecycle_alt_text",
    "persona_alt_text",
]

#: channel -> (colour, marker). Colours from cxkit.style.PALETTE; markers make them distinct in grey.
CHANNEL_STYLE: dict[str, tuple[str, str]] = {
    "web": ("#0072B2", "o"),
    "app": ("#E69F00", "s"),
    "store": ("#009E73", "D"),
    "phone": ("#D55E00", "^"),
    "chat": ("#CC79A7", "v"),
    "email": ("#56B4E9", "P"),
    "social": ("#000000", "h"),
}
#: The lanes draw_journey_map can show, in order, with their titles.
JOURNEY_LANES: dict[str, str] = {
    "doing": "Doing",
    "touchpoints": "Touchpoints",
    "thinking": "Thinking",
    "feeling": "Feeling",
    "moments_of_truth": "Moments of truth",
    "pain_points": "Pain points",
    "opportunities": "Opportunities",
    "invisible_steps": "Unseen by the company",
    "kpis": "KPIs",
    "measured": "Measured",
}
_DEFAULT_LANES = (
    "doing",
    "touchpoints",
    "thinking",
    "feeling",
    "moments_of_truth",
    "pain_points",
    "opportunities",
)
_AS_IS = "#0072B2"
_TO_BE = "#E69F00"
_PAIN = "#D55E00"
_OPP = "#009E73"
_STAR = "#000000"
_BAND = "#F2F2F2"
_LINE_H = 1.25  # line height in font sizes
_CHAR_W = 0.56  # average character width in font sizes (DejaVu Sans)


# ---------------------------------------------------------------------------------------------
# Layout in points: one axes whose data units are points, so sizes are exact
# ---------------------------------------------------------------------------------------------


def _canvas(ax: Any, fig: Any, figsize: tuple[float, float]) -> tuple[Any, Any, float, float]:
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


def _wrap(text: str, chars: int) -> list[str]:
    return textwrap.wrap(str(text), width=max(chars, 8), break_long_words=True) or [""]


@dataclass
class _Lane:
    key: str
    title: str
    cells: list[list[tuple[str, str]]]  # per column: (text, marker kind)
    fixed_lines: float = 0.0
    heights: list[float] = field(default_factory=list)


def _prefix_width(kind: str) -> float:
    return 0.0 if kind in ("", "quote") else 1.3  # in font sizes


def _lines_in(cell: list[tuple[str, str]], chars: int) -> float:
    lines = 0.0
    for text, kind in cell:
        indent = int(_prefix_width(kind) / _CHAR_W)
        lines += len(_wrap(text, chars - indent)) + 0.35
    return lines


def _fit(lanes: list[_Lane], fs: float, width: float, label_w: float, n: int) -> float:
    col_w = (width - label_w) / n
    chars = int((col_w - 0.8 * fs) / (_CHAR_W * fs))
    total = 0.0
    for lane in lanes:
        need = lane.fixed_lines or max([_lines_in(c, chars) for c in lane.cells] + [1.0])
        total += need + 0.6
    return total


def _choose_fontsize(
    lanes: list[_Lane],
    width: float,
    height: float,
    n: int,
    fontsize: float,
    min_fontsize: float,
    header_lines: float,
) -> float:
    fs = fontsize
    while fs > min_fontsize:
        label_w = _label_width(fs, width)
        need = (_fit(lanes, fs, width, label_w, n) + header_lines) * _LINE_H * fs + fs
        if need <= height:
            return fs
        fs = max(min_fontsize, fs - 0.5)
    return fs


def _label_width(fs: float, width: float) -> float:
    # "Opportunities" (13 bold characters) fits on one line
    return min(max(13.5 * fs * 0.62 + 0.8 * fs, 0.1 * width), 0.2 * width)


def _wrap_label(text: str) -> str:
    return "\n".join(textwrap.wrap(text, width=14, break_long_words=False))


def _marker(ax: Any, x: float, y: float, kind: str, fs: float, gid: str | None = None) -> None:
    size = fs * 0.75
    style: dict[str, Any] = {
        "moment": {"marker": "*", "color": _STAR, "markersize": size * 1.3},
        "pain": {"marker": "X", "color": _PAIN, "markersize": size},
        "opp": {"marker": "^", "color": _OPP, "markersize": size},
        "bullet": {"marker": "o", "color": "#555555", "markersize": size * 0.45},
        "invisible": {
            "marker": "o",
            "color": "#555555",
            "markersize": size * 0.8,
            "markerfacecolor": "white",
        },
        "kpi": {"marker": "s", "color": "#555555", "markersize": size * 0.7},
        "small": {"marker": "o", "color": _PAIN, "markersize": size * 0.8, "markerfacecolor": "white"},
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


def _draw_cell(
    ax: Any, cell: list[tuple[str, str]], x: float, y: float, chars: int, fs: float, lane: str
) -> None:
    line_h = _LINE_H * fs
    for text, kind in cell:
        indent = _prefix_width(kind)
        lines = _wrap(text, chars - int(indent / _CHAR_W))
        gid = {"moment": "moment-of-truth-text"}.get(kind)
        if kind.startswith("tp:"):
            gid = "touchpoint"
        _marker(ax, x + 0.5 * fs, y + 0.62 * fs, kind, fs, gid=gid)
        style = "italic" if kind == "quote" else "normal"
        ax.text(
            x + indent * fs,
            y,
            "\n".join(lines),
            fontsize=fs,
            va="top",
            ha="left",
            linespacing=_LINE_H * 0.96,
            fontstyle=style,
            gid=f"cell-{lane}",
        )
        y += (len(lines) + 0.35) * line_h


def _nice(name: str) -> str:
    return name.replace("_", " ").capitalize() if name.islower() else name


# ---------------------------------------------------------------------------------------------
# The journey map
# ---------------------------------------------------------------------------------------------


def _journey_lanes(journey: JourneyMap, lanes: Sequence[str], measures: Any) -> list[_Lane]:
    out = []
    for key in lanes:
        cells: list[list[tuple[str, str]]] = []
        for stage in journey.stages:
            if key == "doing":
                cells.append([(s, "bullet") for s in stage.steps])
            elif key == "touchpoints":
                cells.append(
                    [
                        (t.name + (" (€)" if t.revenue else ""), f"tp:{t.channel}:{int(t.online)}")
                        for t in stage.touchpoints
                    ]
                )
            elif key == "thinking":
                cells.append([(f"“{t}”", "quote") for t in stage.thoughts])
            elif key == "moments_of_truth":
                cells.append([(m, "moment") for m in stage.moments_of_truth])
            elif key == "pain_points":
                cells.append([(p, "pain") for p in stage.pain_points])
            elif key == "opportunities":
                cells.append([(o, "opp") for o in stage.opportunities])
            elif key == "invisible_steps":
                cells.append([(s, "invisible") for s in stage.invisible_steps])
            elif key == "kpis":
                cells.append([(_kpi_text(k), "kpi") for k in stage.kpis])
            elif key == "measured":
                cells.append(_measured_cell(measures, stage.name))
            else:
                cells.append([])
        out.append(_Lane(key, JOURNEY_LANES[key], cells, fixed_lines=6.5 if key == "feeling" else 0))
    return out


def _kpi_text(kpi: Any) -> str:
    unit = f" {kpi.unit}" if kpi.unit and kpi.unit != "%" else (kpi.unit or "")
    parts = [kpi.name]
    if kpi.target is not None:
        parts.append(f"target {kpi.target:g}{unit}")
    if kpi.measured is not None:
        parts.append(f"now {kpi.measured:g}{unit}")
    return ": ".join(parts[:1]) + (" (" + ", ".join(parts[1:]) + ")" if parts[1:] else "")


def _measured_cell(measures: Any, stage: str) -> list[tuple[str, str]]:
    if measures is None:
        return []
    rows = measures[measures["stage"] == stage]
    return [(str(r.label), "small" if bool(r.too_small) else "kpi") for r in rows.itertuples()]


def draw_journey_map(
    journey: JourneyMap,
    *,
    ax: Any = None,
    fig: Any = None,
    lanes: Sequence[str] | None = None,
    measures: pd.DataFrame | None = None,
    figsize: tuple[float, float] = (11.69, 8.27),
    fontsize: float = 12.0,
    min_fontsize: float = 8.0,
    title: str | None = None,
) -> Any:
    """Draw a journey map: stages as columns, lanes as rows, the emotion curves in the middle.

    Parameters
    ----------
    journey : JourneyMap
        The map.
    ax : matplotlib Axes, optional
        Draw into this axes (its box is used as the page); by default a new figure.
    fig : matplotlib Figure, optional
        Draw on this figure (one axes filling it).
    lanes : list of str, optional
        Which lanes, in order, from :data:`JOURNEY_LANES`: ``doing``, ``touchpoints``,
        ``thinking``, ``feeling``, ``moments_of_truth``, ``pain_points``, ``opportunities``,
        ``invisible_steps``, ``kpis``, ``measured``. Default: the first seven, plus ``measured``
        when ``measures`` is given.
    measures : DataFrame, optional
        The table of :func:`cxkit.journey.fill.fill_from_data` (columns ``stage``, ``label``,
        ``too_small``): shown in the ``measured`` lane, values from small groups with a hollow
        vermillion circle.
    figsize : (float, float), default A4 landscape
        Size of a new figure in inches; ``(12.8, 7.2)`` is a 1280x720 slide at 100 dpi.
    fontsize, min_fontsize : float, default 12 and 8
        The text size, shrunk (to ``min_fontsize`` at most) until the content fits the page.
    title : str, optional
        Default: the map's name and the persona.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    CXConfigError
        An unknown lane.

    Notes
    -----
    The feeling lane plots each stage's emotion (-2 very negative to +2 very positive) at the
    column's centre: the as-is curve solid with circles, the to-be curve (where any stage has
    one) dashed with squares, and a star on the as-is curve at every stage with a moment of truth.
    """
    chosen = list(lanes) if lanes is not None else list(_DEFAULT_LANES)
    if lanes is None and measures is not None:
        chosen.append("measured")
    unknown = [k for k in chosen if k not in JOURNEY_LANES]
    if unknown:
        raise CXConfigError(
            f"lanes contains {unknown[0]!r}, which is not a lane; choose from "
            + ", ".join(JOURNEY_LANES)
            + "."
        )
    fig, ax, width, height = _canvas(ax, fig, figsize)
    n = len(journey.stages)
    lane_objs = _journey_lanes(journey, chosen, measures)
    header_lines = 3.8  # title, goal, stage names
    footer = 1.5 if "touchpoints" in chosen else 0.0  # the channel key
    fs = _choose_fontsize(lane_objs, width, height, n, fontsize, min_fontsize, header_lines + footer)
    line_h = _LINE_H * fs
    label_w = _label_width(fs, width)
    col_w = (width - label_w) / n
    chars = int((col_w - 0.8 * fs) / (_CHAR_W * fs))
    pad = 0.4 * fs

    heading = title or f"{journey.name} · persona: {journey.persona.name} ({journey.persona.segment})"
    ax.text(pad, pad, heading, fontsize=fs * 1.25, fontweight="bold", va="top", ha="left", gid="title")
    goal = f"Goal: {journey.goal}"
    ax.text(
        pad,
        pad + 1.45 * line_h,
        _wrap(goal, int(width / (_CHAR_W * fs)) - 4)[0],
        fontsize=fs,
        va="top",
        ha="left",
        gid="goal",
    )
    y = pad + header_lines * line_h - 1.1 * line_h
    for j, stage in enumerate(journey.stages):
        x0 = label_w + j * col_w
        ax.add_patch(_rect(x0 + 2, y - 0.15 * fs, col_w - 4, 1.25 * line_h, "#333333"))
        ax.text(
            x0 + col_w / 2,
            y + 0.45 * line_h,
            _nice(stage.name),
            fontsize=fs,
            fontweight="bold",
            color="white",
            ha="center",
            va="center",
            gid="stage",
        )
    y += 1.35 * line_h

    # lane heights: share the page's spare height out, so the map fills the page
    needs = [lane.fixed_lines or max([_lines_in(c, chars) for c in lane.cells] + [1.0]) for lane in lane_objs]
    spare = max(0.0, (height - y - pad) / line_h - footer - sum(n_ + 0.6 for n_ in needs))
    extra = spare / max(len(needs), 1)
    for i, (lane, need) in enumerate(zip(lane_objs, needs, strict=True)):
        h = (need + 0.6 + extra) * line_h
        if i % 2 == 0:
            ax.add_patch(_rect(0, y, width, h, _BAND, zorder=0))
        ax.text(
            pad,
            y + 0.3 * fs,
            _wrap_label(lane.title),
            fontsize=fs,
            fontweight="bold",
            va="top",
            ha="left",
            gid="lane-label",
        )
        if lane.key == "feeling":
            _draw_emotions(ax, journey, label_w, col_w, y, h, fs)
        else:
            for j, cell in enumerate(lane.cells):
                _draw_cell(ax, cell, label_w + j * col_w + 0.4 * fs, y + 0.3 * fs, chars, fs, lane.key)
        y += h
    for j in range(1, n):
        x = label_w + j * col_w
        ax.plot(
            [x, x], [pad + header_lines * line_h - 1.1 * line_h, y], color="#BBBBBB", linewidth=0.8, zorder=1
        )
    top = pad + 2.7 * line_h
    ax.plot([label_w, label_w], [top, y], color="#888888", linewidth=1.0, zorder=1)
    if footer:
        _channel_key(ax, journey, pad, y + 0.4 * line_h, fs)
    return fig


def _channel_key(ax: Any, journey: JourneyMap, x: float, y: float, fs: float) -> None:
    """One line under the map: the marker of each channel used, and what filled and (€) mean."""
    used = [c for c in CHANNEL_STYLE if any(t.channel == c for s in journey.stages for t in s.touchpoints)]
    ax.text(x, y, "Channels:", fontsize=fs * 0.9, fontweight="bold", va="top", gid="key")
    x += 6.0 * fs
    for channel in used:
        _marker(ax, x + 0.5 * fs, y + 0.55 * fs, f"tp:{channel}:1", fs * 0.9)
        ax.text(x + 1.2 * fs, y, channel, fontsize=fs * 0.9, va="top", gid="key")
        x += (len(channel) * _CHAR_W + 2.4) * fs * 0.9
    ax.text(
        x + fs,
        y,
        "filled = online, hollow = offline; (€) = revenue touchpoint",
        fontsize=fs * 0.9,
        va="top",
        gid="key",
    )


def _rect(x: float, y: float, w: float, h: float, colour: str, zorder: float = 1) -> Any:
    from matplotlib.patches import Rectangle

    return Rectangle((x, y), w, h, facecolor=colour, edgecolor="none", zorder=zorder)


def _draw_emotions(
    ax: Any, journey: JourneyMap, label_w: float, col_w: float, y: float, h: float, fs: float
) -> None:
    top, bottom = y + 0.9 * fs, y + h - 0.9 * fs

    def ypos(e: float) -> float:
        return top + (2 - e) / 4 * (bottom - top)

    xs = [label_w + (j + 0.5) * col_w for j in range(len(journey.stages))]
    right = label_w + len(journey.stages) * col_w
    for level, style in ((2, ":"), (0, "-"), (-2, ":")):
        ax.plot(
            [label_w, right], [ypos(level)] * 2, color="#999999", linewidth=0.8, linestyle=style, zorder=1
        )
        ax.text(
            label_w + 0.3 * fs,
            ypos(level),
            f"{level:+d}" if level else "0",
            fontsize=fs * 0.9,
            ha="left",
            va="center",
            gid="emotion-scale",
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 1},
            zorder=2,
        )
    as_is = [s.emotion for s in journey.stages]
    ax.plot(
        xs,
        [ypos(e) for e in as_is],
        color=_AS_IS,
        linestyle="-",
        marker="o",
        linewidth=2.5,
        markersize=fs * 0.6,
        zorder=4,
        gid="emotion-as-is",
        label="as-is",
    )
    to_be = [
        (x, s.emotion_to_be) for x, s in zip(xs, journey.stages, strict=True) if s.emotion_to_be is not None
    ]
    if to_be:
        ax.plot(
            [x for x, _ in to_be],
            [ypos(e) for _, e in to_be],
            color=_TO_BE,
            linestyle="--",
            marker="s",
            linewidth=2.5,
            markersize=fs * 1.0,
            zorder=3,
            markerfacecolor="white",
            markeredgewidth=2,
            gid="emotion-to-be",
            label="to-be",
        )
    stars = [(x, s.emotion) for x, s in zip(xs, journey.stages, strict=True) if s.moments_of_truth]
    if stars:
        ax.plot(
            [x for x, _ in stars],
            [ypos(e) for _, e in stars],
            linestyle="none",
            marker="*",
            color=_STAR,
            markersize=fs * 1.5,
            zorder=5,
            gid="moment-of-truth",
        )
    # key, in the lane label's column under the title
    key_y = y + 2.2 * _LINE_H * fs
    entries = [("-", "o", _AS_IS, "as-is", _AS_IS)]
    if to_be:
        entries.append(("--", "s", _TO_BE, "to-be", "white"))
    if stars:
        entries.append(("none", "*", _STAR, "moment of truth", _STAR))
    for i, (ls, mk, colour, text, face) in enumerate(entries):
        yy = key_y + i * _LINE_H * fs * 0.95
        x0 = 0.4 * fs
        if ls != "none":
            ax.plot(
                [x0, x0 + 1.8 * fs],
                [yy, yy],
                linestyle=ls,
                color=colour,
                linewidth=2,
                clip_on=False,
                zorder=4,
            )
        ax.plot(
            [x0 + 0.9 * fs],
            [yy],
            marker=mk,
            color=colour,
            markerfacecolor=face,
            markersize=fs * (0.9 if mk == "*" else 0.6),
            linestyle="none",
            clip_on=False,
            zorder=5,
        )
        label = "moment of\ntruth" if text == "moment of truth" else text
        ax.text(
            x0 + 2.2 * fs,
            yy - 0.45 * fs,
            label,
            fontsize=fs * 0.85,
            va="top",
            ha="left",
            gid="key",
            linespacing=1.0,
        )


def journey_alt_text(journey: JourneyMap) -> str:
    """Write alt text for :func:`draw_journey_map`: stages, the lowest point, moments of truth.

    >>> from cxkit.journey.model import JourneyMap, Persona, Stage
    >>> j = JourneyMap(name="Lamp", persona=Persona(name="Ann", segment="B2C", description="d"),
    ...                scenario="s", goal="g", stages=[Stage(name="purchase", emotion=1),
    ...                Stage(name="post_purchase", emotion=-2)])
    >>> journey_alt_text(j)  # doctest: +NORMALIZE_WHITESPACE
    'Journey map of Ann (Lamp) in 2 stages, purchase to post purchase; the emotion curve is
    lowest at post purchase (-2 on -2..+2).'
    """
    low = min(journey.stages, key=lambda s: s.emotion)
    names = [_nice(s.name).lower() for s in journey.stages]
    text = (
        f"Journey map of {journey.persona.name} ({journey.name}) in {len(names)} stages, "
        f"{names[0]} to {names[-1]}; the emotion curve is lowest at {_nice(low.name).lower()} "
        f"({low.emotion:+g} on -2..+2)"
    )
    mot = [_nice(s.name).lower() for s in journey.stages if s.moments_of_truth]
    if mot:
        text += "; moments of truth at " + ", ".join(mot)
    return text + "."


# ---------------------------------------------------------------------------------------------
# The service blueprint
# ---------------------------------------------------------------------------------------------

_BP_TITLES = {
    "physical_evidence": "Physical evidence",
    "customer_actions": "Customer actions",
    "frontstage": "Frontstage",
    "backstage": "Backstage",
    "support": "Support processes",
}
_BP_LINES = {
    "customer_actions": ("Line of interaction", "-", "line-of-interaction"),
    "frontstage": ("Line of visibility", "--", "line-of-visibility"),
    "backstage": ("Line of internal interaction", ":", "line-of-internal-interaction"),
}


def draw_blueprint(
    blueprint: ServiceBlueprint,
    *,
    ax: Any = None,
    fig: Any = None,
    figsize: tuple[float, float] = (11.69, 8.27),
    fontsize: float = 12.0,
    min_fontsize: float = 8.0,
    title: str | None = None,
) -> Any:
    """Draw a service blueprint: customer actions as columns, the five lanes and three lines.

    Parameters
    ----------
    blueprint : ServiceBlueprint
        The blueprint.
    ax, fig : optional
        Draw into this axes or on this figure; by default a new figure.
    figsize : (float, float), default A4 landscape
        Size of a new figure in inches.
    fontsize, min_fontsize : float
        The text size, shrunk (to ``min_fontsize`` at most) until the content fits.
    title : str, optional
        Default: the blueprint's name.

    Returns
    -------
    matplotlib.figure.Figure

    Notes
    -----
    Lanes top to bottom (Bitner, Ostrom & Morgan 2008): physical evidence, customer actions,
    frontstage, backstage, support processes, separated by the line of interaction (solid), the
    line of visibility (dashed) and the line of internal interaction (dotted). Customer actions are
    joined by arrows. Fail points are vermillion circles marked ``F1``, ``F2``...; wait points
    hollow squares marked ``W1``...; both sit in a row of their own at the top of their item, above
    its text (so they never cover it), and are listed under the lanes with
    their time standards (Shostack 1984).
    """
    from cxkit.journey.model import LANES

    fig, ax, width, height = _canvas(ax, fig, figsize)
    n = len(blueprint.actions)
    cells = {lane: [[(t, "") for t in a.lane(lane)] for a in blueprint.actions] for lane in LANES}
    lanes = [_Lane(lane, _BP_TITLES[lane], cells[lane]) for lane in LANES]
    points = [("F", i + 1, p) for i, p in enumerate(blueprint.fail_points)] + [
        ("W", i + 1, p) for i, p in enumerate(blueprint.wait_points)
    ]
    footer = _Lane("points", "", [[(_point_text(k, i, p), "") for k, i, p in points]])
    # the items carrying a fail/wait point get a row of their own for the badges, above the text
    marked: dict[tuple[str, str], list[tuple[str, int]]] = {}
    for k, i, p in points:
        marked.setdefault((p.lane, p.action), []).append((k, i))
    names = [a.name for a in blueprint.actions]

    def lane_lines(lane: _Lane, chars: int) -> float:
        return max(
            [
                _lines_in(c, chars) + (_BADGE_ROW if c and (lane.key, name) in marked else 0.0)
                for c, name in zip(lane.cells, names, strict=True)
            ]
            + [1.0]
        )

    def need_lines(fs: float) -> float:
        # exactly the heights drawn below: title and step links, lanes, the list of points
        col_w = (width - _label_width(fs, width)) / n
        chars = _box_chars(col_w, fs)
        chars_full = int((width - 0.8 * fs) / (_CHAR_W * fs))
        lanes_h = sum(
            lane_lines(lane, chars) + (1.0 if lane.key in _BP_LINES else 0.0) + 0.6 for lane in lanes
        )
        foot = _lines_in(footer.cells[0], chars_full) if points else 0.0
        return 4.6 + lanes_h + 0.4 + foot

    fs = fontsize
    while need_lines(fs) * _LINE_H * fs + 0.8 * fs > height and fs > min_fontsize:
        fs = max(min_fontsize, fs - 0.5)
    line_h = _LINE_H * fs
    label_w = _label_width(fs, width)
    col_w = (width - label_w) / n
    chars = _box_chars(col_w, fs)
    pad = 0.4 * fs
    ax.text(
        pad,
        pad,
        title or f"Service blueprint: {blueprint.name}",
        fontsize=fs * 1.25,
        fontweight="bold",
        va="top",
        ha="left",
        gid="title",
    )
    y = pad + 1.6 * line_h
    for j, action in enumerate(blueprint.actions):
        x0 = label_w + j * col_w
        step = f"{_nice(action.step.stage)} > {action.step.step}"
        shown = _wrap(step, int(chars / 0.85))
        if len(shown) > 3:  # the full step is in the YAML; say the label is cut
            shown = [*shown[:2], shown[2] + " …"]
        ax.text(
            x0 + 0.4 * fs,
            y,
            "\n".join(shown),
            fontsize=fs * 0.85,
            va="top",
            ha="left",
            color="#444444",
            fontstyle="italic",
            gid="step-link",
        )
    y += 3.0 * line_h
    chars_full = int((width - 2 * pad) / (_CHAR_W * fs))
    needs = [lane_lines(lane, chars) + (1.0 if lane.key in _BP_LINES else 0) for lane in lanes]
    foot = _lines_in(footer.cells[0], chars_full) if points else 0
    spare = max(0.0, (height - y - pad) / line_h - sum(x + 0.6 for x in needs) - foot - 0.5)
    extra = spare / len(needs)
    boxes: dict[tuple[str, str], tuple[float, float, float]] = {}
    badge_at: dict[tuple[str, str], tuple[float, float]] = {}  # right end and centre of the row
    for i, (lane, need) in enumerate(zip(lanes, needs, strict=True)):
        h = (need + 0.6 + extra) * line_h
        if i % 2 == 0:
            ax.add_patch(_rect(0, y, width, h, _BAND, zorder=0))
        ax.text(
            pad,
            y + 0.3 * fs,
            _wrap_label(lane.title),
            fontsize=fs,
            fontweight="bold",
            va="top",
            ha="left",
            gid="lane-label",
        )
        for j, (cell, action) in enumerate(zip(lane.cells, blueprint.actions, strict=True)):
            x0 = label_w + j * col_w + 0.6 * fs
            yy = y + 0.3 * fs
            for n, (text, _) in enumerate(cell):
                lines = _wrap(text, chars)
                row = _BADGE_ROW * line_h if n == 0 and (lane.key, action.name) in marked else 0.0
                box_h = len(lines) * line_h + 0.2 * fs + row
                face = "#DCEBF7" if lane.key == "customer_actions" else "white"
                ax.add_patch(_box(x0 - 0.3 * fs, yy - 0.15 * fs, col_w - 0.9 * fs, box_h, face))
                if row:
                    badge_at[(lane.key, action.name)] = (x0 - 1.2 * fs + col_w, yy + 0.75 * fs)
                ax.text(
                    x0,
                    yy + row,
                    "\n".join(lines),
                    fontsize=fs,
                    va="top",
                    ha="left",
                    linespacing=_LINE_H * 0.96,
                    gid=f"cell-{lane.key}",
                    zorder=3,
                )
                yy += box_h + 0.35 * line_h - 0.2 * fs
            boxes[(lane.key, action.name)] = (x0, y + 0.3 * fs, min(yy, y + h))
        if lane.key in _BP_LINES:
            name, style, gid = _BP_LINES[lane.key]
            ax.plot(
                [label_w, width],
                [y + h, y + h],
                color="#000000",
                linestyle=style,
                linewidth=1.8,
                gid=gid,
                zorder=2,
            )
            ax.text(
                width - pad,
                y + h - 0.15 * fs,
                name,
                fontsize=fs * 0.85,
                ha="right",
                va="bottom",
                fontstyle="italic",
                gid="line-label",
                zorder=3,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1},
            )
        y += h
    # arrows between customer actions
    ca = [boxes[("customer_actions", a.name)] for a in blueprint.actions]
    for j in range(n - 1):
        x_from = label_w + (j + 1) * col_w - 0.35 * fs
        yy = ca[j][1] + 0.6 * fs
        ax.annotate(
            "",
            xy=(x_from + 0.7 * fs, yy),
            xytext=(x_from - 0.3 * fs, yy),
            arrowprops={"arrowstyle": "-|>", "color": "#000000", "lw": 1.5},
            zorder=4,
        )
    for kind, i, p in points:
        # in the badge row of the item's first box, side by side from its right end
        right, by = badge_at.get((p.lane, p.action), (width - pad, y))
        bx = right - 1.0 * fs - 1.9 * fs * marked.get((p.lane, p.action), []).index((kind, i))
        if kind == "F":
            ax.plot(
                [bx],
                [by],
                marker="o",
                markersize=fs * 1.6,
                color=_PAIN,
                linestyle="none",
                zorder=6,
                gid="fail-point",
            )
            ax.text(
                bx,
                by,
                f"F{i}",
                color="white",
                fontsize=fs * 0.75,
                fontweight="bold",
                ha="center",
                va="center",
                zorder=7,
                gid="badge",
            )
        else:
            ax.plot(
                [bx],
                [by],
                marker="s",
                markersize=fs * 1.5,
                color="#000000",
                markerfacecolor="white",
                markeredgewidth=1.8,
                linestyle="none",
                zorder=6,
                gid="wait-point",
            )
            ax.text(
                bx,
                by,
                f"W{i}",
                color="#000000",
                fontsize=fs * 0.75,
                fontweight="bold",
                ha="center",
                va="center",
                zorder=7,
                gid="badge",
            )
    y += 0.4 * line_h
    for kind, i, p in points:
        lines = _wrap(_point_text(kind, i, p), chars_full)
        ax.text(pad, y, "\n".join(lines), fontsize=fs, va="top", ha="left", gid="point-text")
        y += (len(lines) + 0.35) * line_h
    return fig


_BADGE_ROW = 1.35  # lines above the text of an item carrying fail/wait badges (a 1.6 fs circle)


def _box_chars(col_w: float, fs: float) -> int:
    # characters per line of a blueprint box: wider characters than the average, a margin
    return int((col_w - 1.8 * fs) / (0.6 * fs))


def _point_text(kind: str, i: int, point: Any) -> str:
    what = "Fail point" if kind == "F" else "Wait point"
    text = f"{kind}{i} {what}: {point.description}"
    if point.time_standard:
        text += f" Time standard: {point.time_standard}."
    if getattr(point, "recovery", ""):
        text += f" Recovery: {point.recovery}."
    return text


def _box(x: float, y: float, w: float, h: float, face: str) -> Any:
    from matplotlib.patches import FancyBboxPatch

    return FancyBboxPatch(
        (x, y),
        w,
        h,
        boxstyle="round,pad=0,rounding_size=3",
        facecolor=face,
        edgecolor="#666666",
        linewidth=0.8,
        zorder=2,
    )


def blueprint_alt_text(blueprint: ServiceBlueprint) -> str:
    """Write alt text for :func:`draw_blueprint`.

    >>> from cxkit._paths import repo_root
    >>> from cxkit.journey.model import load_blueprint
    >>> bp = load_blueprint(repo_root() / "datasets/journeys/delivery-promise-blueprint.yaml")
    >>> blueprint_alt_text(bp)[:60]
    'Service blueprint of the delivery promise: 5 customer action'
    """
    fails = "; ".join(
        f"fail point {p.description.rstrip('.')} (standard: {p.time_standard or 'none'})"
        for p in blueprint.fail_points
    )
    name = blueprint.name[0].lower() + blueprint.name[1:]
    return (
        f"Service blueprint of {name}: {len(blueprint.actions)} customer actions, "
        f"each with its physical evidence, frontstage, backstage and support lanes"
        + (f"; {fails}" if fails else "")
        + "."
    )


# ---------------------------------------------------------------------------------------------
# The persona
# ---------------------------------------------------------------------------------------------


def draw_persona(
    persona: Persona,
    *,
    ax: Any = None,
    fig: Any = None,
    figsize: tuple[float, float] = (11.69, 8.27),
    fontsize: float = 20.0,
    min_fontsize: float = 8.0,
) -> Any:
    """Draw a persona card: name, segment, quote, description, goals, needs, motivations...

    The card shows the name, segment, quote and description, then goals, needs, motivations,
    frustrations and the channels used. There is no photograph: a persona is a summary of
    research, and a stock face adds assumptions about age, gender and ethnicity that the data do
    not support.

    Parameters
    ----------
    persona : Persona
    ax, fig : optional
        Draw into this axes or on this figure; by default a new figure.
    figsize : (float, float), default A4 landscape
    fontsize, min_fontsize : float, default 20 and 8
        The largest text size, shrunk (to ``min_fontsize`` at most) until the card fits: a
        persona card is a poster, so its text is as large as the page allows.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax, width, height = _canvas(ax, fig, figsize)
    sections = [
        ("Goals", persona.goals, "bullet"),
        ("Needs", persona.needs, "bullet"),
        ("Motivations", persona.motivations, "opp"),
        ("Frustrations", persona.frustrations, "pain"),
    ]
    fs = fontsize
    while True:
        line_h = _LINE_H * fs
        col_w = (width - 0.8 * fs) / 2
        chars = int((col_w - 1.2 * fs) / (_CHAR_W * fs))
        full = int((width - 0.8 * fs) / (_CHAR_W * fs))
        head = (
            2.6
            + len(_wrap(persona.quote, int(full / 1.1))) * 1.1
            + len(_wrap(persona.description, full))
            + 1.0
        )
        rows = [
            max(_lines_in([(t, k) for t in a], chars), _lines_in([(t, k2) for t in b], chars))
            for (_, a, k), (_, b, k2) in (sections[0:2], sections[2:4])
        ]
        need = (head + sum(r + 1.6 for r in rows) + 2.5) * line_h
        if need <= height or fs <= min_fontsize:
            break
        fs = max(min_fontsize, fs - 0.5)
    pad = 0.4 * fs
    y = pad
    ax.text(pad, y, persona.name, fontsize=fs * 1.6, fontweight="bold", va="top", gid="title")
    ax.text(width - pad, y, f"Segment: {persona.segment}", fontsize=fs, va="top", ha="right", gid="segment")
    y += 2.0 * line_h
    if persona.quote:
        lines = _wrap(f"“{persona.quote}”", int(full / 1.1))
        ax.text(pad, y, "\n".join(lines), fontsize=fs * 1.1, fontstyle="italic", va="top", gid="quote")
        y += len(lines) * 1.1 * line_h + 0.4 * line_h
    lines = _wrap(persona.description, full)
    ax.text(pad, y, "\n".join(lines), fontsize=fs, va="top", gid="description")
    y += (len(lines) + 0.8) * line_h
    for pair in (sections[0:2], sections[2:4]):
        row_h = 0.0
        for col, (name, items, kind) in enumerate(pair):
            x = pad + col * col_w
            ax.add_patch(_rect(x - 0.2 * fs, y - 0.1 * fs, col_w - 0.4 * fs, 1.3 * line_h, "#333333"))
            ax.text(
                x + 0.2 * fs,
                y + 0.55 * line_h,
                name,
                fontsize=fs,
                fontweight="bold",
                color="white",
                va="center",
                gid="section",
            )
            cell = [(t, kind) for t in items] or [("(none recorded)", "")]
            _draw_cell(ax, cell, x, y + 1.5 * line_h, chars, fs, name.lower())
            row_h = max(row_h, _lines_in(cell, chars))
        y += (row_h + 1.8) * line_h
    ax.text(pad, y, "Channels used:", fontsize=fs, fontweight="bold", va="top", gid="section")
    x = pad + 15 * fs * 0.62 + fs
    for channel in persona.channels:
        _marker(ax, x + 0.5 * fs, y + 0.62 * fs, f"tp:{channel}:1", fs, gid="channel")
        ax.text(x + 1.3 * fs, y, channel, fontsize=fs, va="top", gid="channel-name")
        x += (len(channel) + 4) * _CHAR_W * fs
    return fig


def persona_alt_text(persona: Persona) -> str:
    """Write alt text for :func:`draw_persona`.

    >>> from cxkit.journey.model import Persona
    >>> persona_alt_text(Persona(name="Ann", segment="B2C", description="d", goals=["x"]))
    'Persona card of Ann (B2C): 1 goals, 0 needs, 0 motivations and 0 frustrations; channels: none.'
    """
    return (
        f"Persona card of {persona.name} ({persona.segment}): {len(persona.goals)} goals, "
        f"{len(persona.needs)} needs, {len(persona.motivations)} motivations and "
        f"{len(persona.frustrations)} frustrations; channels: "
        f"{', '.join(persona.channels) or 'none'}."
    )


# ---------------------------------------------------------------------------------------------
# The journey map as HTML (the builder's live view: real text, redrawn in a millisecond)
# ---------------------------------------------------------------------------------------------

#: Unicode shapes for the HTML view, matching CHANNEL_STYLE's markers.
_HTML_MARKERS = {"o": "●", "s": "■", "D": "◆", "^": "▲", "v": "▼", "P": "✚", "h": "⬢"}
_HTML_ITEMS = {
    "bullet": ("•", "#555555"),
    "moment": ("★", _STAR),
    "pain": ("✖", _PAIN),
    "opp": ("▲", _OPP),
    "invisible": ("○", "#555555"),
    "kpi": ("■", "#555555"),
    "small": ("○", _PAIN),
}


def journey_to_html(
    journey: JourneyMap,
    *,
    lanes: Sequence[str] | None = None,
    measures: pd.DataFrame | None = None,
    curve_height: int = 70,
) -> str:
    """Write a journey map as an HTML table with the emotion curves in an inline SVG.

    The same lanes, markers and line styles as :func:`draw_journey_map`, as real text (a screen
    reader reads it, the browser wraps it), built in about a millisecond: the journey-map builder
    redraws its view with it on every change.

    Parameters
    ----------
    journey : JourneyMap
    lanes : list of str, optional
        As in :func:`draw_journey_map`.
    measures : DataFrame, optional
        As in :func:`draw_journey_map`.
    curve_height : int, default 70
        Height of the feeling lane, in units of the SVG whose width is 100 per stage (it scales
        with the page).

    Returns
    -------
    str
        A ``<figure>`` with a ``<table>`` (one column per stage, one row per lane; the feeling
        row holds an ``<svg role="img">`` with ``polyline`` elements with class ``as-is`` and
        ``to-be`` and a ``star`` per moment of truth) and a caption with the alt text.

    Examples
    --------
    >>> from cxkit._paths import repo_root
    >>> from cxkit.journey.model import load_journey
    >>> page = journey_to_html(load_journey(repo_root() / "datasets/journeys/busy-parent.yaml"))
    >>> page.count('<th scope="row"'), page.count('class="as-is"'), page.count('class="star"')
    (7, 1, 3)
    """
    import html as h

    chosen = list(lanes) if lanes is not None else list(_DEFAULT_LANES)
    if lanes is None and measures is not None:
        chosen.append("measured")
    unknown = [k for k in chosen if k not in JOURNEY_LANES]
    if unknown:
        raise CXConfigError(
            f"lanes contains {unknown[0]!r}, which is not a lane; choose from "
            + ", ".join(JOURNEY_LANES)
            + "."
        )
    n = len(journey.stages)
    cell = "padding:4px 6px;vertical-align:top;border-left:1px solid #ccc;text-align:left"
    rows = [
        '<figure style="margin:0"><table style="border-collapse:collapse;width:100%;'
        'table-layout:fixed;font-size:14px;line-height:1.3">',
        '<colgroup><col style="width:9em">' + "<col>" * n + "</colgroup>",
        "<thead><tr><th></th>"
        + "".join(
            f'<th scope="col" style="background:#333;color:#fff;padding:4px">{h.escape(_nice(s.name))}</th>'
            for s in journey.stages
        )
        + "</tr></thead><tbody>",
    ]
    for i, lane in enumerate(_journey_lanes(journey, chosen, measures)):
        band = "background:#f2f2f2;" if i % 2 == 0 else ""
        head = f'<th scope="row" style="{band}text-align:left;padding:4px;vertical-align:top">'
        if lane.key == "feeling":
            rows.append(
                f'<tr style="{band}">{head}Feeling<br><span style="font-weight:normal;'
                f'font-size:12px"><span style="color:{_AS_IS}">━●</span> as-is<br>'
                f'<span style="color:{_TO_BE}">╍□</span> to-be<br>★ moment of truth</span></th>'
                f'<td colspan="{n}" style="padding:0">{_emotion_svg(journey, curve_height)}</td></tr>'
            )
            continue
        tds = []
        for items in lane.cells:
            parts = []
            for text, kind in items:
                if kind.startswith("tp:"):
                    _, channel, online = kind.split(":")
                    colour, mk = CHANNEL_STYLE[channel]
                    sym = _HTML_MARKERS[mk] if online == "1" else "○"
                    mark = f'<span style="color:{colour}" title="{channel}">{sym}</span> '
                elif kind in _HTML_ITEMS:
                    sym, colour = _HTML_ITEMS[kind]
                    mark = f'<span style="color:{colour}">{sym}</span> '
                else:
                    mark = ""
                style = "font-style:italic;" if kind == "quote" else ""
                parts.append(f'<div style="{style}margin-bottom:3px">{mark}{h.escape(text)}</div>')
            tds.append(f'<td style="{cell}">{"".join(parts)}</td>')
        rows.append(f'<tr style="{band}">{head}{h.escape(lane.title)}</th>{"".join(tds)}</tr>')
    rows.append("</tbody></table>")
    rows.append(f'<figcaption style="font-size:13px">{h.escape(journey_alt_text(journey))}</figcaption>')
    rows.append("</figure>")
    return "".join(rows)


def _emotion_svg(journey: JourneyMap, height: int) -> str:
    """Draw the feeling lane: -2..+2 scale, as-is (solid, circles), to-be (dashed, squares), stars."""
    n = len(journey.stages)
    width = 100 * n
    top, bottom = 8.0, height - 8.0

    def y(e: float) -> float:
        return round(top + (2 - e) / 4 * (bottom - top), 1)

    xs = [100 * j + 50 for j in range(n)]
    out = [
        f'<svg role="img" aria-label="{journey_alt_text(journey)}" viewBox="0 0 {width} {height}" '
        f'style="width:100%;height:auto;display:block">'
    ]
    for level, dash in ((2, "2,3"), (0, ""), (-2, "2,3")):
        out.append(
            f'<line x1="0" x2="{width}" y1="{y(level)}" y2="{y(level)}" stroke="#999" '
            f'stroke-width="1" vector-effect="non-scaling-stroke" stroke-dasharray="{dash}"/>'
        )
    out += [
        f'<text x="3" y="{y(level) + 3}" font-size="9" fill="#333">{label}</text>'
        for level, label in ((2, "+2"), (0, "0"), (-2, "-2"))
    ]
    as_is = " ".join(f"{x},{y(s.emotion)}" for x, s in zip(xs, journey.stages, strict=True))
    pts = [
        (x, s.emotion_to_be) for x, s in zip(xs, journey.stages, strict=True) if s.emotion_to_be is not None
    ]
    if pts:
        to_be = " ".join(f"{x},{y(e)}" for x, e in pts)
        out.append(
            f'<polyline class="to-be" points="{to_be}" fill="none" stroke="{_TO_BE}" '
            'stroke-width="3" stroke-dasharray="8,5" vector-effect="non-scaling-stroke"/>'
        )
        out += [
            f'<rect class="to-be-point" x="{x - 4}" y="{y(e) - 4}" width="8" height="8" '
            f'fill="white" stroke="{_TO_BE}" stroke-width="2" '
            'vector-effect="non-scaling-stroke"/>'
            for x, e in pts
        ]
    out.append(
        f'<polyline class="as-is" points="{as_is}" fill="none" stroke="{_AS_IS}" '
        'stroke-width="3" vector-effect="non-scaling-stroke"/>'
    )
    out += [
        f'<circle class="as-is-point" cx="{x}" cy="{y(s.emotion)}" r="3.5" fill="{_AS_IS}"/>'
        for x, s in zip(xs, journey.stages, strict=True)
    ]
    out += [
        f'<text class="star" x="{x}" y="{y(s.emotion) + 5}" text-anchor="middle" '
        f'font-size="16" fill="{_STAR}">★</text>'
        for x, s in zip(xs, journey.stages, strict=True)
        if s.moments_of_truth
    ]
    out.append("</svg>")
    return "".join(out)


# ---------------------------------------------------------------------------------------------
# The company's touchpoints over the customer lifecycle
# ---------------------------------------------------------------------------------------------

_LIFECYCLE_MEASURES = {"customers": "customers", "contacts": "contacts"}


def _lifecycle_table(volume: Any, measure: str) -> Any:
    from cxkit._checks import require_columns as _require_columns
    from cxkit.stats.checks import check_choice

    measure = check_choice(measure, tuple(_LIFECYCLE_MEASURES), "measure")
    _require_columns(volume, ["stage", "touchpoint", "channel", measure], "lifecycle volume table")
    if len(volume) == 0:
        from cxkit.errors import CXDataError

        raise CXDataError(
            "the lifecycle volume table is empty", expected="cxkit.journey.lifecycle.lifecycle_volume(...)"
        )
    return volume


def draw_lifecycle(
    volume: pd.DataFrame,
    *,
    measure: str = "customers",
    total: int | None = None,
    title: str | None = None,
    ax: Any = None,
    figsize: tuple[float, float] = (12.8, 7.2),
) -> Any:
    """Draw the company's touchpoints over the customer lifecycle: stages as columns, bars by volume.

    Each stage is a column; in it, each touchpoint of that stage is a row with its name, its
    channel's marker (:data:`CHANNEL_STYLE`: colour *and* shape, so the figure reads in grey and
    for colour-blind readers) and a bar whose length is the touchpoint's volume on one scale shared
    by the whole figure, with the number written at its end (so no reader has to judge lengths).
    The column header gives the stage and its number of touchpoints; a key of the channels used
    sits under the columns.

    Parameters
    ----------
    volume : pandas.DataFrame
        :func:`cxkit.journey.lifecycle.lifecycle_volume`'s table: ``stage``, ``touchpoint``,
        ``channel`` and the measure column, in the order to draw (stages left to right, rows top
        to bottom).
    measure : {"customers", "contacts"}, default "customers"
        The bar length: distinct customers who met the touchpoint, or all contacts.
    total : int, optional
        The number of customers (or contacts) the bars are a share of; when given, each number is
        followed by its percentage of ``total``.
    title : str, optional
        Default: "Where Larkspur's customers meet the company, stage by stage"-like text built
        from the measure.
    ax : matplotlib Axes, optional
        Draw into this axes (its area is used as a canvas); by default a new figure of ``figsize``.
    figsize : (float, float), default (12.8, 7.2)
        Inches; at 100 dpi, 1280 x 720 pixels.

    Returns
    -------
    matplotlib.figure.Figure
        Artists carry ids: ``stage`` (one header text per stage), ``touchpoint-label`` (one text
        per touchpoint), ``volume`` (one bar per touchpoint, a Rectangle whose width is
        proportional to the measure), ``volume-label`` (the numbers), ``channel`` (one marker per
        touchpoint) and ``channel-key`` (the key's markers).

    Raises
    ------
    CXConfigError
        If ``measure`` is not one of the choices.
    CXDataError
        If a column is missing or the table is empty.

    Examples
    --------
    >>> import pandas as pd
    >>> volume = pd.DataFrame({"stage": ["awareness", "purchase", "purchase"],
    ...     "touchpoint": ["social_ad", "checkout", "store_till"],
    ...     "channel": ["social", "web", "store"], "customers": [40, 90, 30]})
    >>> fig = draw_lifecycle(volume, total=100)
    >>> [t.get_text() for t in fig.axes[0].texts if t.get_gid() == "volume-label"]
    ['40 (40%)', '90 (90%)', '30 (30%)']
    """
    from matplotlib.lines import Line2D
    from matplotlib.patches import Rectangle

    table = _lifecycle_table(volume, measure)
    stages = list(dict.fromkeys(table["stage"].astype(str)))
    rank = table["stage"].astype(str).map({s: i for i, s in enumerate(stages)})
    table = table.assign(_rank=rank, _neg=-table[measure]).sort_values(["_rank", "_neg"], kind="stable")
    fig, ax, width, height = _canvas(ax, None, figsize)
    fs = 13.0
    pad = 0.8 * fs
    title = title or (
        "Where customers meet the company, stage by stage"
        if measure == "customers"
        else "How often customers meet each touchpoint, stage by stage"
    )
    ax.text(pad, pad, title, fontsize=fs * 1.25, fontweight="bold", va="top", gid="title")
    unit = "customers who met it" if measure == "customers" else "contacts"
    ax.text(
        pad,
        pad + 1.9 * fs,
        f"Bar and number: {unit}" + (f" (and % of {total:,})" if total else "") + "; marker: channel",
        fontsize=fs * 0.95,
        va="top",
        color="#333333",
        gid="subtitle",
    )
    top = pad + 4.2 * fs
    key_h = 2.6 * fs
    col_w = (width - 2 * pad) / len(stages)
    biggest = float(table[measure].max()) or 1.0
    rows = max(int((table["stage"].astype(str) == s).sum()) for s in stages)
    row_h = (height - top - 2.4 * fs - key_h) / rows
    bar_h = min(0.38 * row_h, 0.9 * fs)
    widest = max(len(f"{int(v):,}") for v in table[measure]) + (6 if total else 0)
    bar_max = col_w - 1.7 * fs - (widest + 1) * _CHAR_W * 0.95 * fs - 0.9 * fs
    for j, stage in enumerate(stages):
        x0 = pad + j * col_w
        part = table[table["stage"].astype(str) == stage]
        ax.add_patch(_rect(x0 + 2, top, col_w - 4, 2.0 * fs, "#333333"))
        ax.text(
            x0 + col_w / 2,
            top + 1.0 * fs,
            f"{_nice(stage)} ({len(part)})",
            fontsize=fs,
            color="white",
            fontweight="bold",
            ha="center",
            va="center",
            gid="stage",
        )
        if j % 2 == 0:
            ax.add_patch(_rect(x0 + 2, top + 2.0 * fs, col_w - 4, rows * row_h, _BAND, zorder=0))
        for i, (_, r) in enumerate(part.iterrows()):
            y = top + 2.4 * fs + i * row_h
            colour, mk = CHANNEL_STYLE.get(str(r["channel"]), ("#555555", "o"))
            ax.add_line(
                Line2D(
                    [x0 + 0.9 * fs],
                    [y + 0.55 * fs],
                    marker=mk,
                    color=colour,
                    markersize=fs * 0.7,
                    linestyle="none",
                    gid="channel",
                )
            )
            ax.text(
                x0 + 1.7 * fs,
                y,
                _nice(str(r["touchpoint"])),
                fontsize=fs,
                va="top",
                gid="touchpoint-label",
            )
            value = float(r[measure])
            bar_w = bar_max * value / biggest
            bar = Rectangle((x0 + 1.7 * fs, y + 1.35 * fs), bar_w, bar_h, facecolor=colour, edgecolor="none")
            bar.set_gid("volume")
            ax.add_patch(bar)
            label = f"{int(value):,}" + (f" ({100 * value / total:.0f}%)" if total else "")
            ax.text(
                x0 + 1.7 * fs + bar_w + 0.3 * fs,
                y + 1.35 * fs + bar_h / 2,
                label,
                fontsize=fs * 0.95,
                va="center",
                gid="volume-label",
            )
    # the key of the channels, under the columns
    y = height - 0.5 * key_h
    x = pad
    ax.text(x, y, "Channel:", fontsize=fs, va="center", fontweight="bold", gid="channel-key-title")
    x += 6.0 * fs
    for channel in dict.fromkeys(table["channel"].astype(str)):
        colour, mk = CHANNEL_STYLE.get(channel, ("#555555", "o"))
        ax.add_line(
            Line2D(
                [x], [y], marker=mk, color=colour, markersize=fs * 0.7, linestyle="none", gid="channel-key"
            )
        )
        ax.text(x + 0.8 * fs, y, channel, fontsize=fs, va="center", gid="channel-key-label")
        x += (len(channel) + 1.5) * _CHAR_W * fs + 2.4 * fs
    return fig


def lifecycle_alt_text(volume: pd.DataFrame, *, measure: str = "customers", total: int | None = None) -> str:
    """Write alt text for :func:`draw_lifecycle`: stages, touchpoints, the most and least met.

    >>> import pandas as pd
    >>> volume = pd.DataFrame({"stage": ["awareness", "purchase", "purchase"],
    ...     "touchpoint": ["social_ad", "checkout", "store_till"],
    ...     "channel": ["social", "web", "store"], "customers": [40, 90, 30]})
    >>> lifecycle_alt_text(volume, total=100)  # doctest: +NORMALIZE_WHITESPACE
    'Chart of 3 touchpoints in 2 stages (awareness 1, purchase 2), bars by customers who met each
    (of 100): the most met is checkout (90, 90%), the least store till (30, 30%); 3 channels.'
    """
    table = _lifecycle_table(volume, measure)
    stages = list(dict.fromkeys(table["stage"].astype(str)))
    counts = table["stage"].astype(str).value_counts()
    top = table.loc[table[measure].idxmax()]
    low = table.loc[table[measure].idxmin()]

    def num(r: Any) -> str:
        v = int(r[measure])
        return f"{v:,}, {100 * v / total:.0f}%" if total else f"{v:,}"

    who = "customers who met each" if measure == "customers" else "contacts"
    return (
        f"Chart of {len(table)} touchpoints in {len(stages)} stages ("
        + ", ".join(f"{_nice(s).lower()} {counts[s]}" for s in stages)
        + f"), bars by {who}"
        + (f" (of {total:,})" if total else "")
        + f": the most met is {_nice(str(top['touchpoint'])).lower()} ({num(top)}), the least "
        f"{_nice(str(low['touchpoint'])).lower()} ({num(low)}); "
        f"{table['channel'].nunique()} channels."
    )
