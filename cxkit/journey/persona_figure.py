"""Draw a persona card as a print-ready figure, and write its alt text.

>>> from cxkit.journey.model import Persona
>>> fig = draw_persona(Persona(name="Ann", segment="B2C", description="Buys lamps.", goals=["light"]))
>>> [t.get_text() for t in fig.axes[0].texts if t.get_gid() == "title"]
['Ann']
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cxkit.journey.layout import CHAR_W, LINE_H, canvas, draw_cell, lines_in, marker, rect, wrap
from cxkit.style import plotting

if TYPE_CHECKING:  # pragma: no cover
    from cxkit.journey.model import Persona

__all__ = ["draw_persona", "persona_alt_text"]


@plotting
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
    fig, ax, width, height = canvas(ax, fig, figsize)
    sections = [
        ("Goals", persona.goals, "bullet"),
        ("Needs", persona.needs, "bullet"),
        ("Motivations", persona.motivations, "opp"),
        ("Frustrations", persona.frustrations, "pain"),
    ]
    fs = fontsize
    while True:
        line_h = LINE_H * fs
        col_w = (width - 0.8 * fs) / 2
        chars = int((col_w - 1.2 * fs) / (CHAR_W * fs))
        full = int((width - 0.8 * fs) / (CHAR_W * fs))
        head = (
            2.6 + len(wrap(persona.quote, int(full / 1.1))) * 1.1 + len(wrap(persona.description, full)) + 1.0
        )
        rows = [
            max(lines_in([(t, k) for t in a], chars), lines_in([(t, k2) for t in b], chars))
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
        lines = wrap(f"“{persona.quote}”", int(full / 1.1))
        ax.text(pad, y, "\n".join(lines), fontsize=fs * 1.1, fontstyle="italic", va="top", gid="quote")
        y += len(lines) * 1.1 * line_h + 0.4 * line_h
    lines = wrap(persona.description, full)
    ax.text(pad, y, "\n".join(lines), fontsize=fs, va="top", gid="description")
    y += (len(lines) + 0.8) * line_h
    for pair in (sections[0:2], sections[2:4]):
        row_h = 0.0
        for col, (name, items, kind) in enumerate(pair):
            x = pad + col * col_w
            ax.add_patch(rect(x - 0.2 * fs, y - 0.1 * fs, col_w - 0.4 * fs, 1.3 * line_h, "#333333"))
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
            draw_cell(ax, cell, x, y + 1.5 * line_h, chars, fs, name.lower())
            row_h = max(row_h, lines_in(cell, chars))
        y += (row_h + 1.8) * line_h
    ax.text(pad, y, "Channels used:", fontsize=fs, fontweight="bold", va="top", gid="section")
    x = pad + 15 * fs * 0.62 + fs
    for channel in persona.channels:
        marker(ax, x + 0.5 * fs, y + 0.62 * fs, f"tp:{channel}:1", fs, gid="channel")
        ax.text(x + 1.3 * fs, y, channel, fontsize=fs, va="top", gid="channel-name")
        x += (len(channel) + 4) * CHAR_W * fs
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
