"""Printable handouts for workshops, built from the course's models and data so they never drift.

Each handout of :data:`HANDOUTS` is a blank form or canvas, or a *filled example* of one built from
Larkspur & Co.'s data: the journey map, persona and blueprint of ``datasets/journeys/`` (drawn by
:mod:`cxkit.journey.draw`), the touchpoint catalogue with the performance and impact that
:func:`cxkit.journey.touchpoints.touchpoint_performance` measures, the self-assessment of module
06's example team scored by :func:`cxkit.service.self_assessment`, and the NPS, CSAT and CES of the
course surveys computed by :mod:`cxkit.metrics`. The blank forms take their fields from the same
declarations: the persona's fields from :class:`cxkit.journey.model.Persona`, the lanes and lines
from :mod:`cxkit.journey.draw`, the statements and answer scale from ``questionnaire.yaml``, the
formulas from the metric functions' docstrings.

Every page is vector (text and lines, no raster image), sized A4 (595 x 842 pt) or US Letter
(612 x 792 pt), and prints in black and white: nothing is told by colour alone (lines are solid,
dashed or dotted; markers differ in shape; fills are light greys).

``cxkit handouts --out handouts/`` (or ``make handouts``) writes ``<id>-a4.pdf`` and
``<id>-letter.pdf`` for every handout.

>>> sorted(HANDOUTS)[:3]
['blueprint-canvas', 'blueprint-example', 'formula-card']
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

__all__ = ["HANDOUTS", "Handout", "build_handout", "build_handouts", "formula_card_values"]


@dataclass(frozen=True)
class Handout:
    """One handout: its id (the file name), title, what it is for, and its builder."""

    id: str
    title: str
    description: str
    landscape: bool
    build: Callable[[tuple[float, float]], bytes]


# ---------------------------------------------------------------------------------------------
# The course's models and data, read once
# ---------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _journey() -> Any:
    from cxkit._paths import repo_root
    from cxkit.journey.model import load_journey

    return load_journey(repo_root() / "datasets" / "journeys" / "busy-parent.yaml")


@lru_cache(maxsize=1)
def _blueprint() -> Any:
    from cxkit._paths import repo_root
    from cxkit.journey.model import load_blueprint

    return load_blueprint(repo_root() / "datasets" / "journeys" / "delivery-promise-blueprint.yaml")


@lru_cache(maxsize=1)
def _touchpoints() -> Any:
    from cxkit import data
    from cxkit.journey.touchpoints import touchpoint_performance

    return touchpoint_performance(data.load("surveys"), data.load("touchpoints"))


@lru_cache(maxsize=1)
def formula_card_values() -> dict[str, Any]:
    """Return the NPS, CSAT and CES of the answered course surveys, as cxkit computes them.

    The filled formula card shows these numbers (and ``tests/test_handouts.py`` checks the PDF
    against them): ``MetricResult`` objects of :func:`cxkit.metrics.nps`, :func:`~cxkit.metrics.csat`
    and :func:`~cxkit.metrics.ces` on every answer of ``surveys.csv``.

    >>> v = formula_card_values()
    >>> counts = v["nps"].counts
    >>> counts["promoters"] + counts["passives"] + counts["detractors"] == v["nps"].n
    True
    """
    from cxkit import data
    from cxkit.metrics import ces, csat, nps

    s = data.load("surveys")
    return {
        "nps": nps(s["nps"], dropna=True),
        "csat": csat(s["csat"], dropna=True),
        "ces": ces(s["ces"], dropna=True),
    }


@lru_cache(maxsize=1)
def _assessment() -> tuple[Any, Any]:
    from cxkit.service import example_answers, self_assessment

    answers = example_answers(round="March")
    return answers, self_assessment(answers)


# ---------------------------------------------------------------------------------------------
# reportlab pages: forms and tables
# ---------------------------------------------------------------------------------------------


def _styles() -> dict[str, Any]:
    from reportlab.lib.styles import ParagraphStyle  # type: ignore[import-untyped]

    from cxkit.instructor._output import register_font

    regular, bold = register_font()
    body = ParagraphStyle("body", fontName=regular, fontSize=10, leading=13)
    return {
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=8.5, leading=10.5),
        "h1": ParagraphStyle("h1", parent=body, fontName=bold, fontSize=17, leading=21, spaceAfter=4),
        "h2": ParagraphStyle("h2", parent=body, fontName=bold, fontSize=11.5, leading=14, spaceBefore=6),
        "label": ParagraphStyle("label", parent=body, fontName=bold, fontSize=10, leading=12),
        "fill": ParagraphStyle("fill", parent=body, fontName="DejaVuSans-Oblique", fontSize=10, leading=13),
    }


def _esc(text: str) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _doc(size: tuple[float, float], title: str, story: list[Any]) -> bytes:
    from reportlab.platypus import SimpleDocTemplate  # type: ignore[import-untyped]

    buf = io.BytesIO()
    margin = 36
    doc = SimpleDocTemplate(
        buf,
        pagesize=size,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin,
        title=title,
        author="cxkit",
        invariant=1,
    )
    doc.build(story)
    return buf.getvalue()


def _grid_style(extra: list[Any] | None = None) -> Any:
    from reportlab.lib import colors  # type: ignore[import-untyped]
    from reportlab.platypus import TableStyle

    return TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.85, 0.85, 0.85)),
            ("LINEBELOW", (0, 0), (-1, 0), 1.4, colors.black),
            *(extra or []),
        ]
    )


def _header(title: str, subtitle: str, st: dict[str, Any]) -> list[Any]:
    from reportlab.platypus import Paragraph

    return [Paragraph(_esc(title), st["h1"]), Paragraph(_esc(subtitle), st["small"])]


_PERSONA_LISTS = ("goals", "needs", "motivations", "frustrations")


def _persona_sheet(size: tuple[float, float], persona: Any = None) -> bytes:
    """Build the persona sheet: the fields of cxkit.journey.model.Persona, blank or filled."""
    from dataclasses import fields

    from reportlab.platypus import Paragraph, Spacer, Table

    from cxkit.journey.model import CHANNELS, SEGMENTS, Persona

    st = _styles()
    docs = {f.name: f.metadata.get("doc", "") for f in fields(Persona)}
    width = size[0] - 72
    title = "Persona sheet" + (f" (example): {persona.name}" if persona else "")
    sub = (
        "Filled from datasets/journeys/busy-parent.yaml (the course's Busy Parent persona)."
        if persona
        else "A persona stands for a group of real customers: write what research shows, "
        "not a stereotype. No photo."
    )
    story = _header(title, sub, st)
    story.append(Spacer(1, 6))
    # blank list boxes as tall as the page allows (one page on A4 and on US Letter)
    list_lines = 10 + int((size[1] - 780) / 30)

    def value(name: str) -> str:
        return "" if persona is None else str(getattr(persona, name) or "")

    def box(name: str, label: str, lines: int, text: str) -> Any:
        cell = Paragraph(_esc(text), st["fill"]) if text else Spacer(1, lines * 15)
        t = Table(
            [
                [
                    Paragraph(
                        f"{_esc(label)} <font size=8>({_esc(docs[name].rstrip('.'))})</font>", st["label"]
                    )
                ],
                [cell],
            ],
            colWidths=[width],
        )
        t.setStyle(_grid_style())
        return t

    segment = "   ".join(
        ("☒" if persona is not None and persona.segment == s else "☐") + f" {s}" for s in SEGMENTS
    )
    head = Table(
        [
            [Paragraph("Name", st["label"]), Paragraph("Segment", st["label"])],
            [
                Paragraph(_esc(value("name")), st["fill"]) if persona else Spacer(1, 18),
                Paragraph(segment, st["body"]),
            ],
        ],
        colWidths=[width * 0.62, width * 0.38],
    )
    head.setStyle(_grid_style())
    story += [head, Spacer(1, 5)]
    story += [box("description", "Description", 5, value("description")), Spacer(1, 5)]
    story += [box("quote", "Quote, in their own words", 3, value("quote")), Spacer(1, 5)]
    cells = []
    for name in _PERSONA_LISTS:
        items = [] if persona is None else getattr(persona, name)
        body = (
            Paragraph("<br/>".join("• " + _esc(x) for x in items), st["fill"])
            if items
            else Spacer(1, list_lines * 15)
        )
        cells.append(
            [
                Paragraph(
                    f"{name.capitalize()} <font size=8>({_esc(docs[name].rstrip('.'))})</font>", st["label"]
                ),
                body,
            ]
        )
    grid = Table(
        [
            [cells[0][0], cells[1][0]],
            [cells[0][1], cells[1][1]],
            [cells[2][0], cells[3][0]],
            [cells[2][1], cells[3][1]],
        ],
        colWidths=[width / 2, width / 2],
    )
    from reportlab.lib import colors

    grid.setStyle(
        _grid_style(
            [
                ("BACKGROUND", (0, 2), (-1, 2), colors.Color(0.85, 0.85, 0.85)),
                ("LINEBELOW", (0, 2), (-1, 2), 1.4, colors.black),
            ]
        )
    )
    story += [grid, Spacer(1, 5)]
    used = set() if persona is None else set(persona.channels)
    chan = "    ".join(("☒" if c in used else "☐") + f" {c}" for c in CHANNELS)
    t = Table([[Paragraph("Channels used", st["label"])], [Paragraph(chan, st["body"])]], colWidths=[width])
    t.setStyle(_grid_style())
    story.append(t)
    return _doc(size, title, story)


def _inventory(size: tuple[float, float], filled: bool) -> bytes:
    """Build the touchpoint inventory: one row per touchpoint, its stage, channel, owner, phase..."""
    from reportlab.platypus import Paragraph, Spacer, Table

    st = _styles()
    width = size[0] - 72
    cols = [
        "Touchpoint",
        "Stage",
        "Channel",
        "Owner",
        "Phase",
        "Revenue?",
        "Performance",
        "Impact",
        "Priority",
    ]
    rel = [1.5, 1.15, 0.75, 1.25, 0.75, 0.8, 1.15, 0.85, 1.6]
    widths = [width * r / sum(rel) for r in rel]
    rows: list[list[Any]] = [[Paragraph(f"<b>{c}</b>", st["small"]) for c in cols]]
    if filled:
        from cxkit import data

        measured = _touchpoints()
        for _, tp in data.load("touchpoints").iterrows():
            name = tp["touchpoint"]
            cells = [
                name,
                tp["stage"],
                tp["channel"],
                tp["owner"],
                tp["phase"],
                "yes" if bool(tp["revenue"]) else "no",
            ]
            if name in measured.index:
                r = measured.loc[name]
                flag = " (small n)" if bool(r["too_small"]) else ""
                cells += [
                    f"{r['performance']:.1f}% (n {int(r['n'])})",
                    f"{r['impact']:.1f}",
                    f"{r['quadrant']}{flag}",
                ]
            else:
                cells += ["not measured", "", "no surveys here"]
            rows.append([Paragraph(_esc(str(c)), st["small"]) for c in cells])
        sub = (
            "Larkspur & Co.'s touchpoint catalogue (datasets/touchpoints.csv). Performance: CSAT, "
            "% satisfied; impact: NPS of customers satisfied there minus NPS of the others (points); "
            "priority: the quadrant of cxkit.journey.touchpoints.touchpoint_performance (median cut "
            "lines). 'Small n': under 30 answers; "
            "'not measured': no survey is sent there (a measurement gap)."
        )
    else:
        rows += [[""] * len(cols) for _ in range(_BLANK_ROWS)]
        sub = (
            "List every point where customers meet you, before, during and after the purchase, including the "
            "forgotten ones (invoices, returns, newsletters). Performance: how good it is today (e.g. CSAT); "
            "impact: how much a bad experience there costs (e.g. NPS points); priority: high impact and low "
            "performance first."
        )
    title = "Touchpoint inventory" + (" (example: Larkspur & Co.)" if filled else "")
    story = _header(title, sub, st)
    heights = None if filled else [None] + [26] * _BLANK_ROWS
    t = Table(rows, colWidths=widths, rowHeights=heights, repeatRows=1)
    t.setStyle(_grid_style())
    story += [Spacer(1, 6), t]
    return _doc(size, title, story)


_BLANK_ROWS = 17


def _self_assessment(size: tuple[float, float], filled: bool) -> bytes:
    """Build the service-excellence self-assessment: questionnaire.yaml's statements, 1-5 boxes, scoring."""
    from reportlab.lib import colors
    from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table

    from cxkit.service import framework, load_questionnaire

    st = _styles()
    q = load_questionnaire()
    fw = framework()
    names = {p.id: p.name for p in fw.principles}
    width = size[0] - 72
    points = list(range(q.scale_min, q.scale_max + 1))
    answers: Any = None
    result: Any = None
    own: Any = None
    if filled:
        from cxkit.service import self_assessment

        answers, result = _assessment()
        own = self_assessment(answers.iloc[[0]])
    title = "Service-excellence self-assessment" + (" (example: the support team, March)" if filled else "")
    scale = ", ".join(f"{k} = {lab}" for k, lab in zip(points, q.labels, strict=True))
    sub = f"Tick one box per statement ({scale}). Answer for your team as it works today, not as it should."
    if filled:
        sub = (
            f"Module 06's example support team ({len(answers)} agents, March). Ticked: agent 1's answers. "
            "The table at the end scores the whole team with cxkit.service.self_assessment."
        )
    story = _header(title, sub, st)
    story.append(Spacer(1, 6))
    head = [Paragraph("<b>Statement</b>", st["small"])] + [
        Paragraph(f"<b>{k}</b><br/><font size=6>{_esc(lab)}</font>", st["small"])
        for k, lab in zip(points, q.labels, strict=True)
    ]
    box_w = 46
    rows: list[list[Any]] = [head]
    shade: list[Any] = [("TOPPADDING", (0, 1), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 1), (-1, -1), 2.5)]
    for principle in q.principles:
        rows.append(
            [Paragraph(f"<b>{_esc(names.get(principle, principle))}</b>", st["small"])] + [""] * len(points)
        )
        shade.append(("BACKGROUND", (0, len(rows) - 1), (-1, len(rows) - 1), colors.Color(0.92, 0.92, 0.92)))
        shade.append(("SPAN", (0, len(rows) - 1), (-1, len(rows) - 1)))
        for item in q.items:
            if item.principle != principle:
                continue
            mine = None if answers is None else int(answers.iloc[0][item.id])
            rows.append(
                [Paragraph(_esc(item.text), st["small"])]
                + [Paragraph("☒" if mine == k else "☐", st["body"]) for k in points]
            )
    t = Table(rows, colWidths=[width - box_w * len(points)] + [box_w] * len(points), repeatRows=1)
    t.setStyle(_grid_style([*shade, ("ALIGN", (1, 1), (-1, -1), "CENTER")]))
    story.append(t)
    story.append(Spacer(1, 8))
    score_rows: list[list[Any]] = [
        [
            Paragraph(f"<b>{c}</b>", st["small"])
            for c in ("Principle", "Your score (mean of its statements)", "Team score", "95% interval")
        ]
    ]
    for pid in [*q.principles, "overall"]:
        name = "Overall (mean of the principles)" if pid == "overall" else names.get(pid, pid)
        if result is not None:
            r = result.loc[pid]
            own_score = float(own.loc[pid, "score"])
            cells = [f"{own_score:.2f}", f"{r['score']:.2f}", f"{r['low']:.2f} to {r['high']:.2f}"]
        else:
            cells = ["", "", ""]
        score_rows.append([Paragraph(_esc(name), st["small"])] + [Paragraph(c, st["small"]) for c in cells])
    s = Table(score_rows, colWidths=[width * 0.4, width * 0.22, width * 0.16, width * 0.22])
    s.setStyle(_grid_style())
    story.append(
        KeepTogether(
            [
                Paragraph("Scoring", st["h2"]),
                Paragraph(
                    "A principle's score is the mean of its statements; the overall score the mean of the "
                    "principles. "
                    "The team's score is the mean over its members, with a Student t interval "
                    "(cxkit.service.self_assessment). Collect the room's answers into one chart: see "
                    "workshops/README.md.",
                    st["small"],
                ),
                Spacer(1, 4),
                s,
            ]
        )
    )
    return _doc(size, title, story)


# ---------------------------------------------------------------------------------------------
# matplotlib pages: canvases and the formula card (vector PDF)
# ---------------------------------------------------------------------------------------------


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


def _journey_canvas(ax: Any) -> None:
    """Draw a blank journey map: the course's five stages, the journey lanes, an emotion scale."""
    from cxkit.data.schema import STAGES
    from cxkit.journey import draw as d

    _, ax, width, height = d._canvas(ax, None, (11.69, 8.27))
    fs = 10.0
    line_h = d._LINE_H * fs
    pad = 0.4 * fs
    label_w = d._label_width(fs, width)
    n = len(STAGES)
    col_w = (width - label_w) / n
    ax.text(pad, pad, "Journey map", fontsize=fs * 1.5, fontweight="bold", va="top", gid="title")
    for k, field in enumerate(("Persona", "Scenario", "Goal")):
        x = width * (0.2 + 0.27 * k)
        ax.text(x, pad + 0.3 * fs, f"{field}:", fontsize=fs, va="top", fontweight="bold")
        ax.plot([x + 4.2 * fs, x + 0.26 * width], [pad + 1.35 * fs] * 2, color="black", lw=0.6)
    y = pad + 2.6 * line_h
    for j, stage in enumerate(STAGES):
        x0 = label_w + j * col_w
        ax.add_patch(d._rect(x0 + 2, y - 0.15 * fs, col_w - 4, 1.25 * line_h, "#333333"))
        ax.text(
            x0 + col_w / 2,
            y + 0.45 * line_h,
            d._nice(stage),
            fontsize=fs,
            fontweight="bold",
            color="white",
            ha="center",
            va="center",
            gid="stage",
        )
    top = y + 1.35 * line_h
    lanes = list(d._DEFAULT_LANES)
    weights = {"feeling": 2.2, "doing": 1.4, "touchpoints": 1.2}
    key_h = 2.2 * line_h
    unit = (height - top - pad - key_h) / sum(weights.get(k, 1.0) for k in lanes)
    yy = top
    for i, key in enumerate(lanes):
        h = unit * weights.get(key, 1.0)
        if i % 2 == 0:
            ax.add_patch(d._rect(0, yy, width, h, d._BAND, zorder=0))
        ax.text(
            pad,
            yy + 0.3 * fs,
            d._wrap_label(d.JOURNEY_LANES[key]),
            fontsize=fs,
            fontweight="bold",
            va="top",
            gid="lane-label",
        )
        if key == "feeling":
            for level in (-2, -1, 0, 1, 2):
                ly = yy + h * (0.5 - level * 0.2)
                ax.plot(
                    [label_w, width],
                    [ly, ly],
                    color="black",
                    lw=0.9 if level == 0 else 0.4,
                    linestyle="-" if level == 0 else ":",
                    zorder=1,
                )
                ax.text(
                    label_w - 0.4 * fs,
                    ly,
                    f"{level:+d}" if level else "0",
                    fontsize=fs * 0.85,
                    ha="right",
                    va="center",
                )
            ax.text(pad, yy + h - 0.3 * fs, "(-2 very bad\nto +2 very good)", fontsize=fs * 0.75, va="bottom")
        ax.plot([0, width], [yy, yy], color="#888888", lw=0.6)
        yy += h
    ax.plot([0, width], [yy, yy], color="#888888", lw=0.6)
    for j in range(n + 1):
        x = label_w + j * col_w
        ax.plot([x, x], [y, yy], color="#888888", lw=0.8)
    # the key: the same marks as the drawn maps of cxkit.journey.draw
    ky = yy + 0.9 * line_h
    x = pad
    ax.text(x, ky, "Marks:", fontsize=fs * 0.9, fontweight="bold", va="center")
    x += 5 * fs
    for kind, label in (("moment", "moment of truth"), ("pain", "pain point"), ("opp", "opportunity")):
        d._marker(ax, x, ky, kind, fs * 1.2)
        ax.text(x + fs, ky, label, fontsize=fs * 0.9, va="center")
        x += (len(label) + 5) * d._CHAR_W * fs
    ax.plot([x, x + 2.5 * fs], [ky, ky], color="black", lw=1.6, marker="o", markersize=4)
    ax.text(x + 3 * fs, ky, "feeling today (as-is)", fontsize=fs * 0.9, va="center")
    x += 17 * fs
    ax.plot([x, x + 2.5 * fs], [ky, ky], color="black", lw=1.6, linestyle="--", marker="s", markersize=4)
    ax.text(x + 3 * fs, ky, "feeling to aim for (to-be)", fontsize=fs * 0.9, va="center")


def _blueprint_canvas(ax: Any) -> None:
    """Draw a blank service blueprint: the five lanes and the three lines of cxkit.journey.draw."""
    from cxkit.journey import draw as d
    from cxkit.journey.model import LANES

    _, ax, width, height = d._canvas(ax, None, (11.69, 8.27))
    fs = 10.0
    line_h = d._LINE_H * fs
    pad = 0.4 * fs
    label_w = d._label_width(fs, width) + 2 * fs
    n = 5
    col_w = (width - label_w) / n
    ax.text(pad, pad, "Service blueprint", fontsize=fs * 1.5, fontweight="bold", va="top", gid="title")
    ax.text(width * 0.3, pad + 0.3 * fs, "Service:", fontsize=fs, va="top", fontweight="bold")
    ax.plot([width * 0.3 + 5 * fs, width * 0.75], [pad + 1.35 * fs] * 2, color="black", lw=0.6)
    y = pad + 2.6 * line_h
    ax.text(pad, y, "Journey step", fontsize=fs, fontweight="bold", va="top")
    for j in range(n):
        ax.plot(
            [label_w + j * col_w + fs, label_w + (j + 1) * col_w - fs],
            [y + 1.8 * line_h] * 2,
            color="black",
            lw=0.5,
        )
    top = y + 2.4 * line_h
    key_h = 3.2 * line_h
    h = (height - top - pad - key_h) / len(LANES)
    yy = top
    for i, lane in enumerate(LANES):
        if i % 2 == 0:
            ax.add_patch(d._rect(0, yy, width, h, d._BAND, zorder=0))
        ax.text(
            pad,
            yy + 0.3 * fs,
            d._wrap_label(d._BP_TITLES[lane]),
            fontsize=fs,
            fontweight="bold",
            va="top",
            gid="lane-label",
        )
        if lane == "customer_actions":
            for j in range(n - 1):
                xa = label_w + (j + 1) * col_w
                ax.annotate(
                    "",
                    xy=(xa + 1.2 * fs, yy + h / 2),
                    xytext=(xa - 1.2 * fs, yy + h / 2),
                    arrowprops={"arrowstyle": "-|>", "color": "black", "lw": 1.6, "mutation_scale": 22},
                )
        if lane in d._BP_LINES:
            name, style, gid = d._BP_LINES[lane]
            ax.plot(
                [0, width], [yy + h, yy + h], color="black", linestyle=style, linewidth=1.8, gid=gid, zorder=2
            )
            ax.text(
                width - pad,
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
    for j in range(n + 1):
        x = label_w + j * col_w
        ax.plot([x, x], [y, yy], color="#888888", lw=0.8, zorder=1)
    ky = yy + 0.9 * line_h
    ax.text(pad, ky, "Mark:", fontsize=fs * 0.9, fontweight="bold", va="center")
    x = pad + 5 * fs
    ax.plot([x], [ky], marker="o", markersize=fs * 1.4, color=d._PAIN, linestyle="none")
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
        ky + 1.3 * line_h,
        "Lines: "
        + "; ".join(
            f"{name} ({ {'-': 'solid', '--': 'dashed', ':': 'dotted'}[style] })"
            for name, style, _ in d._BP_LINES.values()
        )
        + ".",
        fontsize=fs * 0.85,
        va="center",
    )


def _journey_example(ax: Any) -> None:
    from cxkit.journey.draw import draw_journey_map

    draw_journey_map(_journey(), ax=ax, fontsize=9.0, min_fontsize=6.0)


def _blueprint_example(ax: Any) -> None:
    from cxkit.journey.draw import draw_blueprint

    draw_blueprint(_blueprint(), ax=ax, fontsize=9.0, min_fontsize=6.0)


def _plain(text: str) -> str:
    """Drop reStructuredText emphasis and literals (``*t*``, ````x````) from docstring prose."""
    text = re.sub(r"``([^`]+)``", r"\1", text)
    return re.sub(r"(?<![\w$])\*([^*\s][^*]*)\*(?!\w)", r"\1", text)


def _docstring_parts(func: Any) -> tuple[str, list[str]]:
    """Return a metric function's definition paragraph (mathtext) and its ``.. math::`` blocks."""
    import inspect

    doc = (inspect.getdoc(func) or "").split("\nParameters\n")[0]
    body = doc.split("\n\n")
    paragraph = " ".join(body[1].split())
    paragraph = _plain(re.sub(r":math:`([^`]+)`", r"$\1$", paragraph))
    maths = []
    for m in re.finditer(r"\.\. math::\n\n((?:    .*\n?|\n)+)", doc):
        maths.append(" ".join(m.group(1).split()))
    return paragraph, maths


_MATHTEXT = [
    (r"\dfrac", r"\frac"),
    (r"\widehat", r"\hat"),
    (r"\;", r"\ "),
    (r"\,", r"\ "),
]


def _mathtext(tex: str) -> str:
    for a, b in _MATHTEXT:
        tex = tex.replace(a, b)
    tex = re.sub(r"\\sqrt\s+(\w)", r"\\sqrt{\1}", tex)
    return "$" + tex.strip().rstrip(",.").strip() + "$"


def _formula_card(size: tuple[float, float], filled: bool) -> bytes:
    """Build the NPS, CSAT and CES card: definitions and formulas from cxkit.metrics' docstrings."""
    import textwrap

    from cxkit.metrics import ces, csat, nps

    with _rc():
        fig = _figure(size, landscape=False)
        w_pt, h_pt = fig.get_size_inches() * 72
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_xlim(0, w_pt)
        ax.set_ylim(h_pt, 0)
        ax.set_axis_off()
        fs = 10.0
        x0 = 40.0
        y = 40.0
        ax.text(x0, y, "NPS, CSAT and CES: the formulas", fontsize=17, fontweight="bold", va="top")
        y += 26
        if filled:
            ax.text(x0, y, "Worked on Larkspur & Co.'s surveys with cxkit.metrics", fontsize=11, va="top")
            y += 20
        chars = int((w_pt - 2 * x0) / (0.52 * fs))
        values = formula_card_values() if filled else None
        for key, func, name in (
            ("nps", nps, "Net Promoter Score (NPS)"),
            ("csat", csat, "Customer satisfaction (CSAT)"),
            ("ces", ces, "Customer Effort Score (CES)"),
        ):
            ax.add_patch(_band(x0 - 6, y - 4, w_pt - 2 * x0 + 12, 20))
            ax.text(x0, y, name, fontsize=12.5, fontweight="bold", va="top")
            y += 24
            summary = _plain(" ".join((func.__doc__ or "").split("\n\n")[0].split()))
            for line in textwrap.wrap(summary, chars):
                ax.text(x0, y, line, fontsize=fs, va="top", fontstyle="italic")
                y += fs * 1.35
            paragraph, maths = _docstring_parts(func)
            for line in _wrap_math(paragraph, chars):
                ax.text(x0, y, line, fontsize=fs, va="top")
                y += fs * 1.6
            for tex in maths:
                for piece in re.split(r"\\qquad|\\\\", tex):
                    if piece.strip():
                        ax.text(x0 + 20, y, _mathtext(piece), fontsize=fs * 1.45, va="top")
                        y += fs * 3.6
            if values is not None:
                y = _worked(ax, key, values[key], x0, y, fs, chars)
            else:
                blanks = {
                    "nps": "Your data:  P = ______   D = ______   n = ______   NPS = ______ points",
                    "csat": "Your data:  x = ______   n = ______   CSAT = ______ %",
                    "ces": "Your data:  mean = ______   s = ______   n = ______   CES = ______",
                }
                ax.text(x0 + 10, y + 4, blanks[key], fontsize=fs * 1.1, va="top")
                y += fs * 2.6
            y += 10
        foot = (
            "Formulas and definitions: the docstrings of cxkit.metrics.nps, csat and ces. z is the normal "
            "quantile (1.96 for 95%); t the Student quantile with n − 1 degrees of freedom."
        )
        ax.text(x0, h_pt - 30, "\n".join(textwrap.wrap(foot, int(chars * 1.3))), fontsize=7.5, va="bottom")
        return _pdf_of(fig)


def _wrap_math(paragraph: str, chars: int) -> list[str]:
    """Wrap text that may hold $...$ spans without breaking inside one."""
    tokens = re.findall(r"\$[^$]+\$[^\s]*|\S+", paragraph)
    lines: list[str] = []
    cur: list[str] = []
    n = 0
    for t in tokens:
        length = len(re.sub(r"\\[a-z]+|[{}$_^]", "", t))
        if cur and n + length + 1 > chars:
            lines.append(" ".join(cur))
            cur, n = [], 0
        cur.append(t)
        n += length + 1
    if cur:
        lines.append(" ".join(cur))
    return lines


def _band(x: float, y: float, w: float, h: float) -> Any:
    from matplotlib.patches import Rectangle

    return Rectangle((x, y), w, h, facecolor="#E6E6E6", edgecolor="black", linewidth=0.6)


def _worked(ax: Any, key: str, r: Any, x0: float, y: float, fs: float, chars: int) -> float:
    """Write the worked example of one metric on the course surveys; return the next y."""
    c = r.counts
    if key == "nps":
        lines = [
            f"Larkspur's surveys: n = {r.n:,} answers; P = {c['promoters']:,} promoters, "
            f"{c['passives']:,} passives, D = {c['detractors']:,} detractors.",
            f"NPS = 100 × ({c['promoters']:,} − {c['detractors']:,}) / {r.n:,} = {r.value:.1f} points; "
            f"95% interval ({r.method}) {r.low:.1f} to {r.high:.1f}.",
        ]
    elif key == "csat":
        lines = [
            f"Larkspur's surveys: n = {r.n:,} answers, x = {c['satisfied']:,} satisfied (4 or 5).",
            f"CSAT = 100 × {c['satisfied']:,} / {r.n:,} = {r.value:.1f}%; 95% interval ({r.method}) "
            f"{r.low:.1f}% to {r.high:.1f}%.",
        ]
    else:
        lines = [
            f"Larkspur's surveys: n = {r.n:,} answers on the 1–7 scale; mean = {r.value:.2f}.",
            f"CES = {r.value:.2f}; 95% interval ({r.method}) {r.low:.2f} to {r.high:.2f}; "
            f"{r.agree:.1f}% agree it was easy (5 to 7).",
        ]
    import textwrap

    for line in lines:
        wrapped = textwrap.wrap(line, chars - 8)
        ax.text(
            x0 + 10,
            y,
            "▶ " + "\n   ".join(wrapped),
            fontsize=fs,
            va="top",
            fontweight="bold",
            linespacing=1.3,
        )
        y += fs * 1.35 * len(wrapped) + fs * 0.3
    return y


# ---------------------------------------------------------------------------------------------
# The registry
# ---------------------------------------------------------------------------------------------


def _reg(
    id: str, title: str, description: str, landscape: bool, build: Callable[[tuple[float, float]], bytes]
) -> tuple[str, Handout]:
    return id, Handout(id, title, description, landscape, build)


#: Every handout by id: blank forms and canvases, and a filled example of each (``<id>-example``).
HANDOUTS: dict[str, Handout] = dict(
    [
        _reg(
            "journey-map-canvas",
            "Journey-map canvas",
            "blank: the five stages, seven lanes, an emotion scale",
            True,
            lambda s: _drawn(s, _journey_canvas),
        ),
        _reg(
            "journey-map-example",
            "Journey map (example)",
            "the Busy Parent's journey, drawn by cxkit.journey.draw",
            True,
            lambda s: _drawn(s, _journey_example),
        ),
        _reg(
            "persona-sheet",
            "Persona sheet",
            "blank: the fields of a persona, no photograph",
            False,
            lambda s: _persona_sheet(s),
        ),
        _reg(
            "persona-sheet-example",
            "Persona sheet (example)",
            "the Busy Parent persona filled in",
            False,
            lambda s: _persona_sheet(s, _journey().persona),
        ),
        _reg(
            "blueprint-canvas",
            "Service-blueprint canvas",
            "blank: five lanes, three lines, fail and wait points",
            True,
            lambda s: _drawn(s, _blueprint_canvas),
        ),
        _reg(
            "blueprint-example",
            "Service blueprint (example)",
            "the delivery promise, drawn by cxkit.journey.draw",
            True,
            lambda s: _drawn(s, _blueprint_example),
        ),
        _reg(
            "self-assessment",
            "Service-excellence self-assessment",
            "blank: 14 statements on the seven principles, scoring table",
            False,
            lambda s: _self_assessment(s, False),
        ),
        _reg(
            "self-assessment-example",
            "Self-assessment (example)",
            "module 06's example team, scored by cxkit",
            False,
            lambda s: _self_assessment(s, True),
        ),
        _reg(
            "touchpoint-inventory",
            "Touchpoint inventory",
            "blank: one row per touchpoint, with performance and impact",
            True,
            lambda s: _inventory(_landscape(s), False),
        ),
        _reg(
            "touchpoint-inventory-example",
            "Touchpoint inventory (example)",
            "Larkspur's touchpoints with CSAT, impact and priority computed by cxkit",
            True,
            lambda s: _inventory(_landscape(s), True),
        ),
        _reg(
            "formula-card",
            "NPS, CSAT and CES formula card",
            "definitions, formulas and intervals",
            False,
            lambda s: _formula_card(s, False),
        ),
        _reg(
            "formula-card-example",
            "Formula card (worked example)",
            "the three scores of Larkspur's surveys, computed by cxkit",
            False,
            lambda s: _formula_card(s, True),
        ),
    ]
)


def _landscape(size: tuple[float, float]) -> tuple[float, float]:
    return max(size), min(size)


def build_handout(id: str, *, paper: str = "a4") -> bytes:
    """Return the PDF of handout ``id`` on ``paper`` (``"a4"`` or ``"letter"``).

    Raises
    ------
    CXConfigError
        An unknown handout or paper.

    Examples
    --------
    >>> from pypdf import PdfReader
    >>> import io
    >>> page = PdfReader(io.BytesIO(build_handout("persona-sheet", paper="letter"))).pages[0]
    >>> round(float(page.mediabox.width)), round(float(page.mediabox.height))
    (612, 792)
    """
    from cxkit.errors import CXConfigError
    from cxkit.instructor._output import PAPER

    if id not in HANDOUTS:
        raise CXConfigError(f"No handout {id!r}; the handouts are: {', '.join(HANDOUTS)}.")
    if paper not in PAPER:
        raise CXConfigError(f"paper must be one of {', '.join(PAPER)}; got {paper!r}.")
    return HANDOUTS[id].build(PAPER[paper])


def build_handouts(
    out: str | Path = "handouts",
    *,
    papers: tuple[str, ...] = ("a4", "letter"),
    only: list[str] | None = None,
) -> list[tuple[Path, Path | None]]:
    """Write ``<id>-<paper>.pdf`` for every handout (or those in ``only``) into ``out``.

    A file the instructor changed since the kit wrote it is copied to
    ``<name>.backup-YYYYmmdd-HHMMSS.pdf`` first. Returns (file, backup or None) pairs.
    """
    from cxkit.instructor._output import write_generated

    folder = Path(out)
    written = []
    for hid in only or list(HANDOUTS):
        for paper in papers:
            pdf = build_handout(hid, paper=paper)
            target = folder / f"{hid}-{paper}.pdf"
            written.append((target, write_generated(target, pdf)))
    return written
