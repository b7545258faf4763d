"""Write a journey map as HTML: the journey-map builder's live view (real text, redrawn in a millisecond)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from cxkit.journey.layout import AS_IS, CHANNEL_STYLE, OPP, PAIN, STAR, TO_BE, chosen_lanes, nice
from cxkit.journey.map_figure import _journey_lanes, journey_alt_text

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from cxkit.journey.model import JourneyMap

__all__ = ["journey_to_html"]

#: Unicode shapes for the HTML view, matching CHANNEL_STYLE's markers.
_HTML_MARKERS = {"o": "●", "s": "■", "D": "◆", "^": "▲", "v": "▼", "P": "✚", "h": "⬢", "X": "✖"}
_HTML_ITEMS = {
    "bullet": ("•", "#555555"),
    "moment": ("★", STAR),
    "pain": ("✖", PAIN),
    "opp": ("▲", OPP),
    "invisible": ("○", "#555555"),
    "kpi": ("■", "#555555"),
    "small": ("○", PAIN),
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

    chosen = chosen_lanes(lanes, measures)
    n = len(journey.stages)
    cell = "padding:4px 6px;vertical-align:top;border-left:1px solid #ccc;text-align:left"
    rows = [
        '<figure style="margin:0"><table style="border-collapse:collapse;width:100%;'
        'table-layout:fixed;font-size:14px;line-height:1.3">',
        '<colgroup><col style="width:9em">' + "<col>" * n + "</colgroup>",
        "<thead><tr><th></th>"
        + "".join(
            f'<th scope="col" style="background:#333;color:#fff;padding:4px">{h.escape(nice(s.name))}</th>'
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
                f'font-size:12px"><span style="color:{AS_IS}">━●</span> as-is<br>'
                f'<span style="color:{TO_BE}">╍□</span> to-be<br>★ moment of truth</span></th>'
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
            f'<polyline class="to-be" points="{to_be}" fill="none" stroke="{TO_BE}" '
            'stroke-width="3" stroke-dasharray="8,5" vector-effect="non-scaling-stroke"/>'
        )
        out += [
            f'<rect class="to-be-point" x="{x - 4}" y="{y(e) - 4}" width="8" height="8" '
            f'fill="white" stroke="{TO_BE}" stroke-width="2" '
            'vector-effect="non-scaling-stroke"/>'
            for x, e in pts
        ]
    out.append(
        f'<polyline class="as-is" points="{as_is}" fill="none" stroke="{AS_IS}" '
        'stroke-width="3" vector-effect="non-scaling-stroke"/>'
    )
    out += [
        f'<circle class="as-is-point" cx="{x}" cy="{y(s.emotion)}" r="3.5" fill="{AS_IS}"/>'
        for x, s in zip(xs, journey.stages, strict=True)
    ]
    out += [
        f'<text class="star" x="{x}" y="{y(s.emotion) + 5}" text-anchor="middle" '
        f'font-size="16" fill="{STAR}">★</text>'
        for x, s in zip(xs, journey.stages, strict=True)
        if s.moments_of_truth
    ]
    out.append("</svg>")
    return "".join(out)
