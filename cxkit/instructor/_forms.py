"""The handouts drawn with reportlab: the persona sheet, touchpoint inventory and self-assessment."""

from __future__ import annotations

import io
from typing import Any

from cxkit.instructor._sources import _assessment, _touchpoints


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
    from reportlab.platypus import Paragraph, Spacer

    from cxkit.journey.model import Persona

    st = _styles()
    docs = {name: f.description or "" for name, f in Persona.model_fields.items()}
    width = size[0] - 72
    title = "Persona sheet" + (f" (example): {persona.name}" if persona else "")
    sub = (
        "Filled in with the course's Busy Parent persona (the one module 03 maps)."
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

    def box(name: str, label: str, lines: int) -> Any:
        text = value(name)
        cell = Paragraph(_esc(text), st["fill"]) if text else Spacer(1, lines * 15)
        return _boxed([[_field_label(label, docs[name], st)], [cell]], [width])

    story += [_persona_head(persona, width, st), Spacer(1, 5)]
    story += [box("description", "Description", 5), Spacer(1, 5)]
    story += [box("quote", "Quote, in their own words", 3), Spacer(1, 5)]
    story += [_persona_lists(persona, docs, width, list_lines, st), Spacer(1, 5)]
    story.append(_persona_channels(persona, width, st))
    return _doc(size, title, story)


def _field_label(label: str, doc: str, st: dict[str, Any]) -> Any:
    """Return a field's bold label with its documentation in small type."""
    from reportlab.platypus import Paragraph

    return Paragraph(f"{_esc(label)} <font size=8>({_esc(doc.rstrip('.'))})</font>", st["label"])


def _boxed(rows: list[list[Any]], widths: list[float], extra: list[Any] | None = None) -> Any:
    """Return the cells as a table with the handouts' grid (header row shaded)."""
    from reportlab.platypus import Table

    t = Table(rows, colWidths=widths)
    t.setStyle(_grid_style(extra))
    return t


def _ticks(options: Any, chosen: Any) -> list[str]:
    """Return each option with a ticked (☒) or empty (☐) box."""
    return [("☒" if o in chosen else "☐") + f" {o}" for o in options]


def _persona_head(persona: Any, width: float, st: dict[str, Any]) -> Any:
    """Return the name and segment row of the persona sheet."""
    from reportlab.platypus import Paragraph, Spacer

    from cxkit.journey.model import SEGMENTS

    segment = "   ".join(_ticks(SEGMENTS, () if persona is None else (persona.segment,)))
    name = Paragraph(_esc(str(persona.name or "")), st["fill"]) if persona else Spacer(1, 18)
    return _boxed(
        [
            [Paragraph("Name", st["label"]), Paragraph("Segment", st["label"])],
            [name, Paragraph(segment, st["body"])],
        ],
        [width * 0.62, width * 0.38],
    )


def _persona_lists(
    persona: Any, docs: dict[str, str], width: float, list_lines: int, st: dict[str, Any]
) -> Any:
    """Return the two-by-two grid of the persona's lists (goals, needs, motivations, frustrations)."""
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Spacer

    cells = []
    for name in _PERSONA_LISTS:
        items = [] if persona is None else getattr(persona, name)
        body = (
            Paragraph("<br/>".join("• " + _esc(x) for x in items), st["fill"])
            if items
            else Spacer(1, list_lines * 15)
        )
        cells.append([_field_label(name.capitalize(), docs[name], st), body])
    rows = [
        [cells[0][0], cells[1][0]],
        [cells[0][1], cells[1][1]],
        [cells[2][0], cells[3][0]],
        [cells[2][1], cells[3][1]],
    ]
    second_header = [
        ("BACKGROUND", (0, 2), (-1, 2), colors.Color(0.85, 0.85, 0.85)),
        ("LINEBELOW", (0, 2), (-1, 2), 1.4, colors.black),
    ]
    return _boxed(rows, [width / 2, width / 2], second_header)


def _persona_channels(persona: Any, width: float, st: dict[str, Any]) -> Any:
    """Return the channels box: every course channel, ticked where the persona uses it."""
    from reportlab.platypus import Paragraph

    from cxkit.journey.model import CHANNELS

    chan = "    ".join(_ticks(CHANNELS, set() if persona is None else set(persona.channels)))
    return _boxed([[Paragraph("Channels used", st["label"])], [Paragraph(chan, st["body"])]], [width])


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
                str(name).replace("_", " "),
                str(tp["stage"]).replace("_", " "),
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
            "Larkspur & Co.'s touchpoint catalogue (module 04). Performance: CSAT, "
            "% satisfied; impact: NPS of customers satisfied there minus NPS of the others (points); "
            "priority: the quadrant of the performance-impact matrix of module 04 (cut at the medians). "
            "'Small n': under 30 answers; "
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
    from reportlab.platypus import Spacer

    from cxkit.service import framework, load_questionnaire

    st = _styles()
    q = load_questionnaire()
    names = {p.id: p.name for p in framework().principles}
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
            "The table at the end scores the whole team: each principle's mean over the agents, with its "
            "95% interval."
        )
    story = _header(title, sub, st)
    story.append(Spacer(1, 6))
    mine = None if answers is None else answers.iloc[0]
    story.append(_statements(q, names, points, mine, width, st))
    story.append(Spacer(1, 8))
    story.append(_scoring(q, names, result, own, width, st))
    return _doc(size, title, story)


def _statements(q: Any, names: dict[str, str], points: list[int], mine: Any, width: float, st: Any) -> Any:
    """Return the table of statements by principle, a box per answer point (ticked: ``mine``)."""
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Table

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
            ticked = None if mine is None else int(mine[item.id])
            rows.append(
                [Paragraph(_esc(item.text), st["small"])]
                + [Paragraph("☒" if ticked == k else "☐", st["body"]) for k in points]
            )
    t = Table(rows, colWidths=[width - box_w * len(points)] + [box_w] * len(points), repeatRows=1)
    t.setStyle(_grid_style([*shade, ("ALIGN", (1, 1), (-1, -1), "CENTER")]))
    return t


def _scoring(q: Any, names: dict[str, str], result: Any, own: Any, width: float, st: Any) -> Any:
    """Return the scoring section: each principle's own and team score with the team's interval."""
    from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table

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
    return KeepTogether(
        [
            Paragraph("Scoring", st["h2"]),
            Paragraph(
                "A principle's score is the mean of its statements; the overall score the mean of the "
                "principles. "
                "The team's score is the mean over its members, with a Student t interval. "
                "To see the room's answers in one chart, each participant answers the self-assessment "
                "form of module 06 and the facilitator puts the saved answers together (facilitator's "
                "guide, section 7).",
                st["small"],
            ),
            Spacer(1, 4),
            s,
        ]
    )
