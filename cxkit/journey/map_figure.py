"""Draw a journey map as a print-ready figure, and write its alt text.

Stages are columns, lanes are rows, and the emotion curves run through the feeling lane: the as-is
curve a solid line with circles, the to-be curve a dashed line with squares; moments of truth are
stars, pain points crosses, opportunities up-triangles, and each channel has its own marker
(filled when the touchpoint is online, hollow when offline; :data:`CHANNEL_STYLE`).

The artists carry ids (``gid``) that tests and tools can find: ``lane-label`` (one per lane),
``emotion-as-is`` and ``emotion-to-be`` (the curves), ``moment-of-truth`` (the star markers),
``touchpoint`` (one marker per touchpoint).

>>> from cxkit._paths import repo_root
>>> from cxkit.journey.model import load_journey
>>> journey = load_journey(repo_root() / "datasets/journeys/busy-parent.yaml")
>>> fig = draw_journey_map(journey)
>>> len([t for t in fig.axes[0].texts if t.get_gid() == "lane-label"])
7
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from cxkit.journey.layout import (
    AS_IS,
    BAND,
    CHANNEL_STYLE,
    CHAR_W,
    JOURNEY_LANES,
    LINE_H,
    STAR,
    TO_BE,
    Lane,
    canvas,
    choose_fontsize,
    chosen_lanes,
    draw_cell,
    label_width,
    lines_in,
    marker,
    nice,
    rect,
    wrap,
    wrap_label,
)
from cxkit.style import plotting

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from cxkit.journey.model import JourneyMap

__all__ = ["draw_journey_map", "journey_alt_text"]


def _journey_lanes(journey: JourneyMap, lanes: Sequence[str], measures: Any) -> list[Lane]:
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
            elif key == "expecting":
                cells.append([(e, "bullet") for e in stage.expectations])
            elif key == "to_be":
                cells.append([(s, "opp") for s in stage.steps_to_be])
            elif key == "kpis":
                cells.append([(_kpi_text(k), "kpi") for k in stage.kpis])
            elif key == "measured":
                cells.append(_measured_cell(measures, stage.name))
            else:
                cells.append([])
        out.append(Lane(key, JOURNEY_LANES[key], cells, fixed_lines=6.5 if key == "feeling" else 0))
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


@plotting
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
        Which lanes, in order, from :data:`JOURNEY_LANES`: ``expecting`` (the stage's
        expectations), ``doing``, ``touchpoints``, ``thinking``, ``feeling``,
        ``moments_of_truth``, ``pain_points``, ``opportunities``, ``invisible_steps``, ``to_be``
        (the redesigned steps of the future state), ``kpis``, ``measured``. Default: ``doing``
        to ``opportunities``, plus ``measured`` when ``measures`` is given.
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

    Warns
    -----
    CXDataWarning
        A map that cannot be read: columns under 10 characters wide (too many stages), stage
        names wider than their column (a 500-character name), or content that runs off the page
        even at ``min_fontsize``; the message suggests ``lanes=``, shorter names, fewer stages per
        map or a larger ``figsize``.

    Notes
    -----
    The feeling lane plots each stage's emotion (-2 very negative to +2 very positive) at the
    column's centre: the as-is curve solid with circles, the to-be curve (where any stage has
    one) dashed with squares, and a star on the as-is curve at every stage with a moment of truth.
    """
    chosen = chosen_lanes(lanes, measures)
    fig, ax, width, height = canvas(ax, fig, figsize)
    n = len(journey.stages)
    lane_objs = _journey_lanes(journey, chosen, measures)
    header_lines = 3.8  # title, goal, stage names
    footer = 1.5 if "touchpoints" in chosen else 0.0  # the channel key
    fs = choose_fontsize(lane_objs, width, height, n, fontsize, min_fontsize, header_lines + footer)
    line_h = LINE_H * fs
    label_w = label_width(fs, width)
    col_w = (width - label_w) / n
    chars = int((col_w - 0.8 * fs) / (CHAR_W * fs))
    pad = 0.4 * fs
    _warn_illegible(journey, lane_objs, fs, min_fontsize, width, height, header_lines + footer, chars)

    heading = title or f"{journey.name} · persona: {journey.persona.name} ({journey.persona.segment})"
    ax.text(pad, pad, heading, fontsize=fs * 1.25, fontweight="bold", va="top", ha="left", gid="title")
    goal = f"Goal: {journey.goal}"
    ax.text(
        pad,
        pad + 1.45 * line_h,
        wrap(goal, int(width / (CHAR_W * fs)) - 4)[0],
        fontsize=fs,
        va="top",
        ha="left",
        gid="goal",
    )
    y = pad + header_lines * line_h - 1.1 * line_h
    for j, stage in enumerate(journey.stages):
        x0 = label_w + j * col_w
        ax.add_patch(rect(x0 + 2, y - 0.15 * fs, col_w - 4, 1.25 * line_h, "#333333"))
        ax.text(
            x0 + col_w / 2,
            y + 0.45 * line_h,
            nice(stage.name),
            fontsize=fs,
            fontweight="bold",
            color="white",
            ha="center",
            va="center",
            gid="stage",
        )
    y += 1.35 * line_h

    # lane heights: share the page's spare height out, so the map fills the page
    needs = [lane.fixed_lines or max([lines_in(c, chars) for c in lane.cells] + [1.0]) for lane in lane_objs]
    spare = max(0.0, (height - y - pad) / line_h - footer - sum(n_ + 0.6 for n_ in needs))
    extra = spare / max(len(needs), 1)
    for i, (lane, need) in enumerate(zip(lane_objs, needs, strict=True)):
        h = (need + 0.6 + extra) * line_h
        if i % 2 == 0:
            ax.add_patch(rect(0, y, width, h, BAND, zorder=0))
        ax.text(
            pad,
            y + 0.3 * fs,
            wrap_label(lane.title),
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
                draw_cell(ax, cell, label_w + j * col_w + 0.4 * fs, y + 0.3 * fs, chars, fs, lane.key)
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


#: Narrower columns (in characters of text) make a map that cannot be read: words broken in pieces.
MIN_COLUMN_CHARS = 10


def _warn_illegible(
    journey: JourneyMap,
    lanes: list[Lane],
    fs: float,
    min_fontsize: float,
    width: float,
    height: float,
    extra_lines: float,
    chars: int,
) -> None:
    """Warn, saying what to change, when the map cannot be read.

    That is: columns too narrow for words, stage names wider than their column, or content that
    overflows the page even at ``min_fontsize``.
    """
    import warnings

    from cxkit.errors import CXDataWarning
    from cxkit.journey.layout import fit

    n = len(journey.stages)
    problems = []
    if chars < MIN_COLUMN_CHARS:
        problems.append(
            f"with {n} stages each column holds only {max(chars, 0)} characters a line at "
            f"{fs:g} pt, so words are broken in pieces"
        )
    long = [s.name for s in journey.stages if len(nice(s.name)) > max(chars, MIN_COLUMN_CHARS)]
    if long:
        problems.append(
            f"{len(long)} stage name(s) do not fit their column (the first, {long[0][:40]!r}..., has "
            f"{len(long[0])} characters for a column of {max(chars, 0)})"
        )
    if fs <= min_fontsize:
        need = (fit(lanes, fs, width, label_width(fs, width), n) + extra_lines) * LINE_H * fs + fs
        if need > height:
            problems.append(
                f"the content needs {need / height:.1f} pages' height even at the smallest font "
                f"({min_fontsize:g} pt) and runs off the page"
            )
    if problems:
        warnings.warn(
            "draw_journey_map: this map cannot be read: "
            + "; ".join(problems)
            + ". Show fewer lanes with lanes=[...], shorten the stage names and texts (a few words "
            "each), split the journey into several maps of at most about 10 stages, or give a "
            "larger figsize=.",
            CXDataWarning,
            stacklevel=3,
        )


def _channel_key(ax: Any, journey: JourneyMap, x: float, y: float, fs: float) -> None:
    """One line under the map: the marker of each channel used, and what filled and (€) mean."""
    used = [c for c in CHANNEL_STYLE if any(t.channel == c for s in journey.stages for t in s.touchpoints)]
    ax.text(x, y, "Channels:", fontsize=fs * 0.9, fontweight="bold", va="top", gid="key")
    x += 6.0 * fs
    for channel in used:
        marker(ax, x + 0.5 * fs, y + 0.55 * fs, f"tp:{channel}:1", fs * 0.9)
        ax.text(x + 1.2 * fs, y, channel, fontsize=fs * 0.9, va="top", gid="key")
        x += (len(channel) * CHAR_W + 2.4) * fs * 0.9
    ax.text(
        x + fs,
        y,
        "filled = online, hollow = offline; (€) = revenue touchpoint",
        fontsize=fs * 0.9,
        va="top",
        gid="key",
    )


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
        color=AS_IS,
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
            color=TO_BE,
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
            color=STAR,
            markersize=fs * 1.5,
            zorder=5,
            gid="moment-of-truth",
        )
    # key, in the lane label's column under the title
    key_y = y + 2.2 * LINE_H * fs
    entries = [("-", "o", AS_IS, "as-is", AS_IS)]
    if to_be:
        entries.append(("--", "s", TO_BE, "to-be", "white"))
    if stars:
        entries.append(("none", "*", STAR, "moment of truth", STAR))
    _emotion_key(ax, entries, key_y, fs)


def _emotion_key(ax: Any, entries: list[tuple[str, str, str, str, str]], key_y: float, fs: float) -> None:
    """Write the feeling lane's key (line style, marker, name per curve) in the lane label's column."""
    for i, (ls, mk, colour, text, face) in enumerate(entries):
        yy = key_y + i * LINE_H * fs * 0.95
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
    names = [nice(s.name).lower() for s in journey.stages]
    text = (
        f"Journey map of {journey.persona.name} ({journey.name}) in {len(names)} stages, "
        f"{names[0]} to {names[-1]}; the emotion curve is lowest at {nice(low.name).lower()} "
        f"({low.emotion:+g} on -2..+2)"
    )
    mot = [nice(s.name).lower() for s in journey.stages if s.moments_of_truth]
    if mot:
        text += "; moments of truth at " + ", ".join(mot)
    return text + "."
