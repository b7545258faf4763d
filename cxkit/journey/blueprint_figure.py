"""Draw a service blueprint as a print-ready figure, and write its alt text.

Customer actions are columns; the five lanes (physical evidence, customer actions, frontstage,
backstage, support processes) are rows separated by the line of interaction, the line of
visibility and the line of internal interaction. The artists carry ids (``gid``): ``lane-label``,
``fail-point`` and ``wait-point`` (the badges), ``action-arrow`` (between customer actions),
``line-of-interaction``, ``line-of-visibility``,
``line-of-internal-interaction``.

>>> from cxkit._paths import repo_root
>>> from cxkit.journey.model import load_blueprint
>>> fig = draw_blueprint(load_blueprint(repo_root() / "datasets/journeys/delivery-promise-blueprint.yaml"))
>>> len([t for t in fig.axes[0].texts if t.get_gid() == "lane-label"])
5
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cxkit.journey.layout import (
    BAND,
    BP_LINES,
    BP_TITLES,
    CHAR_W,
    LINE_H,
    PAIN,
    Lane,
    canvas,
    label_width,
    lines_in,
    nice,
    rect,
    wrap,
    wrap_label,
)
from cxkit.style import plotting

if TYPE_CHECKING:  # pragma: no cover
    from cxkit.journey.model import ServiceBlueprint

__all__ = ["blueprint_alt_text", "draw_blueprint"]


@plotting
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

    fig, ax, width, height = canvas(ax, fig, figsize)
    n = len(blueprint.actions)
    cells = {lane: [[(t, "") for t in a.lane(lane)] for a in blueprint.actions] for lane in LANES}
    lanes = [Lane(lane, BP_TITLES[lane], cells[lane]) for lane in LANES]
    points = [("F", i + 1, p) for i, p in enumerate(blueprint.fail_points)] + [
        ("W", i + 1, p) for i, p in enumerate(blueprint.wait_points)
    ]
    footer = Lane("points", "", [[(_point_text(k, i, p), "") for k, i, p in points]])
    # the items carrying a fail/wait point get a row of their own for the badges, above the text
    marked: dict[tuple[str, str], list[tuple[str, int]]] = {}
    for k, i, p in points:
        marked.setdefault((p.lane, p.action), []).append((k, i))
    names = [a.name for a in blueprint.actions]

    def lane_lines(lane: Lane, chars: int) -> float:
        return max(
            [
                lines_in(c, chars) + (_BADGE_ROW if c and (lane.key, name) in marked else 0.0)
                for c, name in zip(lane.cells, names, strict=True)
            ]
            + [1.0]
        )

    def need_lines(fs: float) -> float:
        # exactly the heights drawn below: title and step links, lanes, the list of points
        col_w = (width - label_width(fs, width)) / n
        chars = _box_chars(col_w, fs)
        chars_full = int((width - 0.8 * fs) / (CHAR_W * fs))
        lanes_h = sum(
            lane_lines(lane, chars) + (1.0 if lane.key in BP_LINES else 0.0) + 0.6 for lane in lanes
        )
        foot = lines_in(footer.cells[0], chars_full) if points else 0.0
        return 4.6 + lanes_h + 0.4 + foot

    fs = fontsize
    while need_lines(fs) * LINE_H * fs + 0.8 * fs > height and fs > min_fontsize:
        fs = max(min_fontsize, fs - 0.5)
    line_h = LINE_H * fs
    label_w = label_width(fs, width)
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
    _step_links(ax, blueprint, label_w, col_w, chars, y, fs)
    y += 3.0 * line_h
    chars_full = int((width - 2 * pad) / (CHAR_W * fs))
    needs = [lane_lines(lane, chars) + (1.0 if lane.key in BP_LINES else 0) for lane in lanes]
    foot = lines_in(footer.cells[0], chars_full) if points else 0
    spare = max(0.0, (height - y - pad) / line_h - sum(x + 0.6 for x in needs) - foot - 0.5)
    extra = spare / len(needs)
    boxes: dict[tuple[str, str], tuple[float, float, float]] = {}
    badge_at: dict[tuple[str, str], tuple[float, float]] = {}  # right end and centre of the row
    for i, (lane, need) in enumerate(zip(lanes, needs, strict=True)):
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
        for j, (cell, action) in enumerate(zip(lane.cells, blueprint.actions, strict=True)):
            x0 = label_w + j * col_w + 0.6 * fs
            yy = y + 0.3 * fs
            for n, (text, _) in enumerate(cell):
                lines = wrap(text, chars)
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
                    linespacing=LINE_H * 0.96,
                    gid=f"cell-{lane.key}",
                    zorder=3,
                )
                yy += box_h + 0.35 * line_h - 0.2 * fs
            boxes[(lane.key, action.name)] = (x0, y + 0.3 * fs, min(yy, y + h))
        if lane.key in BP_LINES:
            _lane_line(ax, lane.key, label_w, width, y + h, pad, fs)
        y += h
    _action_arrows(
        ax, [boxes[("customer_actions", a.name)][1] for a in blueprint.actions], label_w, col_w, fs
    )
    for kind, i, p in points:
        # in the badge row of the item's first box, side by side from its right end
        right, by = badge_at.get((p.lane, p.action), (width - pad, y))
        bx = right - 1.0 * fs - 1.9 * fs * marked.get((p.lane, p.action), []).index((kind, i))
        _badge(ax, kind, i, bx, by, fs)
    y += 0.4 * line_h
    for kind, i, p in points:
        lines = wrap(_point_text(kind, i, p), chars_full)
        ax.text(pad, y, "\n".join(lines), fontsize=fs, va="top", ha="left", gid="point-text")
        y += (len(lines) + 0.35) * line_h
    return fig


def _step_links(
    ax: Any, blueprint: ServiceBlueprint, label_w: float, col_w: float, chars: int, y: float, fs: float
) -> None:
    """Write each customer action's journey step over its column (cut to three lines)."""
    for j, action in enumerate(blueprint.actions):
        x0 = label_w + j * col_w
        step = f"{nice(action.step.stage)} > {action.step.step}"
        shown = wrap(step, int(chars / 0.85))
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


def _lane_line(ax: Any, key: str, label_w: float, width: float, y: float, pad: float, fs: float) -> None:
    """Draw the line under a lane (interaction, visibility, internal interaction) with its name."""
    name, style, gid = BP_LINES[key]
    ax.plot([label_w, width], [y, y], color="#000000", linestyle=style, linewidth=1.8, gid=gid, zorder=2)
    ax.text(
        width - pad,
        y - 0.15 * fs,
        name,
        fontsize=fs * 0.85,
        ha="right",
        va="bottom",
        fontstyle="italic",
        gid="line-label",
        zorder=3,
        bbox={"facecolor": "white", "edgecolor": "none", "pad": 1},
    )


def _action_arrows(ax: Any, tops: list[float], label_w: float, col_w: float, fs: float) -> None:
    """Join the customer actions with arrows, at the height of each action's first box."""
    for j in range(len(tops) - 1):
        x_from = label_w + (j + 1) * col_w - 0.35 * fs
        yy = tops[j] + 0.6 * fs
        ax.annotate(
            "",
            xy=(x_from + 0.7 * fs, yy),
            xytext=(x_from - 0.3 * fs, yy),
            arrowprops={"arrowstyle": "-|>", "color": "#000000", "lw": 1.5},
            zorder=4,
            gid="action-arrow",
        )


def _badge(ax: Any, kind: str, i: int, x: float, y: float, fs: float) -> None:
    """Draw a fail point (a vermillion circle ``F1``) or a wait point (a hollow square ``W1``)."""
    if kind == "F":
        marker: dict[str, Any] = {"marker": "o", "markersize": fs * 1.6, "color": PAIN, "gid": "fail-point"}
        colour = "white"
    else:
        marker = {
            "marker": "s",
            "markersize": fs * 1.5,
            "color": "#000000",
            "markerfacecolor": "white",
            "markeredgewidth": 1.8,
            "gid": "wait-point",
        }
        colour = "#000000"
    ax.plot([x], [y], linestyle="none", zorder=6, **marker)
    ax.text(
        x,
        y,
        f"{kind}{i}",
        color=colour,
        fontsize=fs * 0.75,
        fontweight="bold",
        ha="center",
        va="center",
        zorder=7,
        gid="badge",
    )


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
