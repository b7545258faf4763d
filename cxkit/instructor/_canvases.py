"""The handouts drawn with matplotlib as vector PDF: the journey-map and blueprint canvases and examples."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cxkit.instructor._sources import _blueprint, _journey


def _pdf_of(fig: Any) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="pdf", metadata={"CreationDate": None, "Creator": "cxkit", "Producer": "cxkit"})
    return buf.getvalue()


def _figure(size: tuple[float, float], landscape: bool = True) -> Any:
    from matplotlib.figure import Figure

    w, h = size
    if landscape:
        w, h = max(w, h), min(w, h)
    return Figure(figsize=(w / 72, h / 72))


def _rc() -> Any:
    import matplotlib as mpl

    # Type 3 fonts (matplotlib's default): vector glyphs, text extractable by pypdf, and three times
    # faster to write than embedded TrueType (no font subsetting).
    return mpl.rc_context({"pdf.fonttype": 3, "font.family": "DejaVu Sans", "hatch.linewidth": 0.5})


def _drawn(size: tuple[float, float], draw: Callable[[Any], Any]) -> bytes:
    with _rc():
        fig = _figure(size)
        margin = 0.035
        ax = fig.add_axes((margin, margin, 1 - 2 * margin, 1 - 2 * margin))
        draw(ax)
        return _pdf_of(fig)


@dataclass(frozen=True)
class _Page:
    """The geometry of a blank canvas: font size, line height, padding, label column, step columns."""

    ax: Any
    width: float
    height: float
    fs: float
    line_h: float
    pad: float
    label_w: float
    n: int

    @property
    def col_w(self) -> float:
        return (self.width - self.label_w) / self.n

    def columns(self, y0: float, y1: float, zorder: float | None = None) -> None:
        """Draw the step columns' vertical lines from ``y0`` to ``y1``."""
        kw = {} if zorder is None else {"zorder": zorder}
        for j in range(self.n + 1):
            x = self.label_w + j * self.col_w
            self.ax.plot([x, x], [y0, y1], color="#888888", lw=0.8, **kw)


def _page(ax: Any, n: int, extra_label: float = 0.0) -> _Page:
    from cxkit.journey import layout as d

    _, ax, width, height = d.canvas(ax, None, (11.69, 8.27))
    fs = 10.0
    label_w = d.label_width(fs, width) + extra_label * fs
    return _Page(ax, width, height, fs, d.LINE_H * fs, 0.4 * fs, label_w, n)


def _lane_label(p: _Page, y: float, text: str) -> None:
    from cxkit.journey import layout as d

    p.ax.text(
        p.pad,
        y + 0.3 * p.fs,
        d.wrap_label(text),
        fontsize=p.fs,
        fontweight="bold",
        va="top",
        gid="lane-label",
    )


def _write_in(p: _Page, x: float, x_end: float, label: str) -> None:
    """Write a bold ``label`` at ``x`` and a write-in line from just after its last letter to ``x_end``.

    The label is measured (not guessed from its length), so the line never runs under it; the label
    and the line carry the gids ``write-in-label-<label>`` and ``write-in-line-<label>`` (for tests).
    """
    text = p.ax.text(
        x,
        p.pad + 0.3 * p.fs,
        label,
        fontsize=p.fs,
        va="top",
        fontweight="bold",
        gid=f"write-in-label-{label}",
    )
    fig = p.ax.figure
    renderer = fig.canvas.get_renderer() if hasattr(fig.canvas, "get_renderer") else fig._get_renderer()
    box = text.get_window_extent(renderer).transformed(p.ax.transData.inverted())
    start = max(box.x0, box.x1) + 0.6 * p.fs
    p.ax.plot([start, x_end], [p.pad + 1.35 * p.fs] * 2, color="black", lw=0.6, gid=f"write-in-line-{label}")


def _journey_canvas(ax: Any) -> None:
    """Draw a blank journey map: the course's five stages, the journey lanes, an emotion scale."""
    from cxkit.data.schema import STAGES

    p = _page(ax, len(STAGES))
    fs, pad, width = p.fs, p.pad, p.width
    p.ax.text(pad, pad, "Journey map", fontsize=fs * 1.5, fontweight="bold", va="top", gid="title")
    for k, field in enumerate(("Persona", "Scenario", "Goal")):
        x = width * (0.2 + 0.27 * k)
        _write_in(p, x, x + 0.26 * width, f"{field}:")
    y = pad + 2.6 * p.line_h
    _stage_headers(p, y, STAGES)
    yy = _journey_lanes(p, y + 1.35 * p.line_h)
    p.ax.plot([0, width], [yy, yy], color="#888888", lw=0.6)
    p.columns(y, yy)
    _journey_key(p, yy + 0.9 * p.line_h)


def _stage_headers(p: _Page, y: float, stages: Any) -> None:
    """Draw the dark header box of each stage column."""
    from cxkit.journey import layout as d

    for j, stage in enumerate(stages):
        x0 = p.label_w + j * p.col_w
        p.ax.add_patch(d.rect(x0 + 2, y - 0.15 * p.fs, p.col_w - 4, 1.25 * p.line_h, "#333333"))
        p.ax.text(
            x0 + p.col_w / 2,
            y + 0.45 * p.line_h,
            d.nice(stage),
            fontsize=p.fs,
            fontweight="bold",
            color="white",
            ha="center",
            va="center",
            gid="stage",
        )


def _journey_lanes(p: _Page, top: float) -> float:
    """Draw the journey lanes (banded, the feeling lane with its -2..+2 scale); return their bottom."""
    from cxkit.journey import layout as d

    lanes = list(d.DEFAULT_LANES)
    weights = {"feeling": 2.2, "doing": 1.4, "touchpoints": 1.2}
    key_h = 2.2 * p.line_h
    unit = (p.height - top - p.pad - key_h) / sum(weights.get(k, 1.0) for k in lanes)
    yy = top
    for i, key in enumerate(lanes):
        h = unit * weights.get(key, 1.0)
        if i % 2 == 0:
            p.ax.add_patch(d.rect(0, yy, p.width, h, d.BAND, zorder=0))
        _lane_label(p, yy, d.JOURNEY_LANES[key])
        if key == "feeling":
            _emotion_scale(p, yy, h)
        p.ax.plot([0, p.width], [yy, yy], color="#888888", lw=0.6)
        yy += h
    return yy


def _emotion_scale(p: _Page, yy: float, h: float) -> None:
    """Draw the feeling lane's levels -2..+2 (0 solid, the others dotted) and their legend."""
    fs = p.fs
    for level in (-2, -1, 0, 1, 2):
        ly = yy + h * (0.5 - level * 0.2)
        p.ax.plot(
            [p.label_w, p.width],
            [ly, ly],
            color="black",
            lw=0.9 if level == 0 else 0.4,
            linestyle="-" if level == 0 else ":",
            zorder=1,
        )
        p.ax.text(
            p.label_w - 0.4 * fs,
            ly,
            f"{level:+d}" if level else "0",
            fontsize=fs * 0.85,
            ha="right",
            va="center",
        )
    p.ax.text(p.pad, yy + h - 0.3 * fs, "(-2 very bad\nto +2 very good)", fontsize=fs * 0.75, va="bottom")


def _journey_key(p: _Page, ky: float) -> None:
    """Draw the key: the same marks as the maps cxkit.journey.draw_journey_map draws."""
    from cxkit.journey import layout as d

    ax, fs = p.ax, p.fs
    x = p.pad
    ax.text(x, ky, "Marks:", fontsize=fs * 0.9, fontweight="bold", va="center")
    x += 5 * fs
    for kind, label in (("moment", "moment of truth"), ("pain", "pain point"), ("opp", "opportunity")):
        d.marker(ax, x, ky, kind, fs * 1.2)
        ax.text(x + fs, ky, label, fontsize=fs * 0.9, va="center")
        x += (len(label) + 5) * d.CHAR_W * fs
    ax.plot([x, x + 2.5 * fs], [ky, ky], color="black", lw=1.6, marker="o", markersize=4)
    ax.text(x + 3 * fs, ky, "feeling today (as-is)", fontsize=fs * 0.9, va="center")
    x += 17 * fs
    ax.plot([x, x + 2.5 * fs], [ky, ky], color="black", lw=1.6, linestyle="--", marker="s", markersize=4)
    ax.text(x + 3 * fs, ky, "feeling to aim for (to-be)", fontsize=fs * 0.9, va="center")


def _blueprint_canvas(ax: Any) -> None:
    """Draw a blank service blueprint: the five lanes and the three lines of cxkit.journey.draw_blueprint."""
    p = _page(ax, 5, extra_label=2)
    fs, pad, width = p.fs, p.pad, p.width
    p.ax.text(pad, pad, "Service blueprint", fontsize=fs * 1.5, fontweight="bold", va="top", gid="title")
    _write_in(p, width * 0.3, width * 0.75, "Service:")
    y = pad + 2.6 * p.line_h
    p.ax.text(pad, y, "Journey step", fontsize=fs, fontweight="bold", va="top")
    for j in range(p.n):
        p.ax.plot(
            [p.label_w + j * p.col_w + fs, p.label_w + (j + 1) * p.col_w - fs],
            [y + 1.8 * p.line_h] * 2,
            color="black",
            lw=0.5,
        )
    yy = _blueprint_lanes(p, y + 2.4 * p.line_h)
    p.columns(y, yy, zorder=1)
    _blueprint_key(p, yy + 0.9 * p.line_h)


def _blueprint_lanes(p: _Page, top: float) -> float:
    """Draw the blueprint's lanes, the arrows between steps and the three lines; return their bottom."""
    from cxkit.journey import layout as d
    from cxkit.journey.model import LANES

    fs = p.fs
    key_h = 3.2 * p.line_h
    h = (p.height - top - p.pad - key_h) / len(LANES)
    yy = top
    for i, lane in enumerate(LANES):
        if i % 2 == 0:
            p.ax.add_patch(d.rect(0, yy, p.width, h, d.BAND, zorder=0))
        _lane_label(p, yy, d.BP_TITLES[lane])
        if lane == "customer_actions":
            for j in range(p.n - 1):
                xa = p.label_w + (j + 1) * p.col_w
                p.ax.annotate(
                    "",
                    xy=(xa + 1.2 * fs, yy + h / 2),
                    xytext=(xa - 1.2 * fs, yy + h / 2),
                    arrowprops={"arrowstyle": "-|>", "color": "black", "lw": 1.6, "mutation_scale": 22},
                )
        if lane in d.BP_LINES:
            name, style, gid = d.BP_LINES[lane]
            p.ax.plot(
                [0, p.width],
                [yy + h, yy + h],
                color="black",
                linestyle=style,
                linewidth=1.8,
                gid=gid,
                zorder=2,
            )
            p.ax.text(
                p.width - p.pad,
                yy + h - 0.2 * fs,
                name,
                fontsize=fs * 0.85,
                ha="right",
                va="bottom",
                fontstyle="italic",
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1},
                zorder=3,
            )
        yy += h
    return yy


def _blueprint_key(p: _Page, ky: float) -> None:
    """Draw the key: the fail and wait point marks and the three lines' styles."""
    from cxkit.journey import layout as d

    ax, fs, pad = p.ax, p.fs, p.pad
    ax.text(pad, ky, "Mark:", fontsize=fs * 0.9, fontweight="bold", va="center")
    x = pad + 5 * fs
    ax.plot([x], [ky], marker="o", markersize=fs * 1.4, color=d.PAIN, linestyle="none")
    ax.text(x, ky, "F", color="white", fontsize=fs * 0.7, fontweight="bold", ha="center", va="center")
    ax.text(
        x + 1.2 * fs,
        ky,
        "fail point (write its time standard and the recovery)",
        fontsize=fs * 0.9,
        va="center",
    )
    x += 33 * fs
    ax.plot(
        [x],
        [ky],
        marker="s",
        markersize=fs * 1.3,
        color="black",
        markerfacecolor="white",
        markeredgewidth=1.6,
        linestyle="none",
    )
    ax.text(x, ky, "W", fontsize=fs * 0.7, fontweight="bold", ha="center", va="center")
    ax.text(
        x + 1.2 * fs, ky, "wait point (write the longest acceptable wait)", fontsize=fs * 0.9, va="center"
    )
    ax.text(
        pad,
        ky + 1.3 * p.line_h,
        "Lines: "
        + "; ".join(
            f"{name} ({ {'-': 'solid', '--': 'dashed', ':': 'dotted'}[style] })"
            for name, style, _ in d.BP_LINES.values()
        )
        + ".",
        fontsize=fs * 0.85,
        va="center",
    )


def _journey_example(ax: Any) -> None:
    from cxkit.journey import draw_journey_map

    draw_journey_map(_journey(), ax=ax, fontsize=9.0, min_fontsize=6.0)


def _blueprint_example(ax: Any) -> None:
    from cxkit.journey import draw_blueprint

    draw_blueprint(_blueprint(), ax=ax, fontsize=9.0, min_fontsize=6.0)
