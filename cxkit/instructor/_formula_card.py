"""The NPS, CSAT and CES formula card (matplotlib, vector PDF): formulas from the metrics' docstrings."""

from __future__ import annotations

import re
from typing import Any

from cxkit.instructor._canvases import _figure, _pdf_of, _rc
from cxkit.instructor._sources import formula_card_values


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
    (r"\;", r"\ "),
    (r"\,", r"\ "),
]


def _mathtext(tex: str) -> str:
    for a, b in _MATHTEXT:
        tex = tex.replace(a, b)
    tex = re.sub(r"\\sqrt\s+(\w)", r"\\sqrt{\1}", tex)
    return "$" + tex.strip().rstrip(",.").strip() + "$"


def _summary(func: Any) -> str:
    """Return a metric's one-line definition in the room's words (no "Compute ..." docstring voice)."""
    text = _plain(" ".join((func.__doc__ or "").split("\n\n")[0].split()))
    text = re.sub(r"^Compute (the )?", "", text)
    return text[:1].upper() + text[1:]


def _formula_card(size: tuple[float, float], filled: bool) -> bytes:
    """Build the NPS, CSAT and CES card: definitions and formulas from cxkit.metrics' docstrings.

    The card is laid out once at 10 pt, then again with every size scaled so that it fills the page
    (from the title to the footnote), between 9 and 14 pt of body text.
    """
    with _rc():
        fig = _figure(size, landscape=False)
        w_pt, h_pt = fig.get_size_inches() * 72
        ax = fig.add_axes((0, 0, 1, 1))
        values = formula_card_values() if filled else None
        bottom = h_pt - 60.0
        end = _draw_card(ax, w_pt, h_pt, 10.0, values)
        fs = min(14.0, max(9.0, 10.0 * (bottom - 40.0) / (end - 40.0)))
        for _ in range(4):  # wrapping changes with the size: settle on a size that fits
            ax.clear()
            end = _draw_card(ax, w_pt, h_pt, fs, values)
            if end <= bottom or fs <= 9.0:
                break
            fs = max(9.0, fs * 0.96)
        return _pdf_of(fig)


def _draw_card(ax: Any, w_pt: float, h_pt: float, fs: float, values: dict[str, Any] | None) -> float:
    """Draw the card with body text of ``fs`` points; return where its content ends (points from the top)."""
    import textwrap

    from cxkit.metrics import ces, csat, nps

    ax.set_xlim(0, w_pt)
    ax.set_ylim(h_pt, 0)
    ax.set_axis_off()
    k = fs / 10.0
    x0 = 40.0
    y = 40.0
    ax.text(x0, y, "NPS, CSAT and CES: the formulas", fontsize=17 * k, fontweight="bold", va="top")
    y += 26 * k
    if values is not None:
        ax.text(x0, y, "Worked on Larkspur & Co.'s surveys", fontsize=11 * k, va="top")
        y += 20 * k
    chars = int((w_pt - 2 * x0) / (0.52 * fs))
    for key, func, name in (
        ("nps", nps, "Net Promoter Score (NPS)"),
        ("csat", csat, "Customer satisfaction (CSAT)"),
        ("ces", ces, "Customer Effort Score (CES)"),
    ):
        ax.add_patch(_band(x0 - 6, y - 4 * k, w_pt - 2 * x0 + 12, 20 * k))
        ax.text(x0, y, name, fontsize=12.5 * k, fontweight="bold", va="top")
        y += 24 * k
        for line in textwrap.wrap(_summary(func), chars):
            ax.text(x0, y, line, fontsize=fs, va="top", fontstyle="italic")
            y += fs * 1.35
        paragraph, maths = _docstring_parts(func)
        for line in _wrap_math(paragraph, chars):
            ax.text(x0, y, line, fontsize=fs, va="top")
            y += fs * 1.6
        for tex in maths:
            for piece in re.split(r"\\qquad|\\\\", tex):
                if piece.strip():
                    y += fs * 0.4
                    ax.text(x0 + 20, y, _mathtext(piece), fontsize=fs * 1.45, va="top")
                    y += fs * 3.4
        if values is not None:
            y = _worked(ax, key, values[key], x0, y, fs, chars)
        else:
            blanks = {
                "nps": "Your data:  P = ______   D = ______   n = ______   NPS = ______ points",
                "csat": "Your data:  x = ______   n = ______   CSAT = ______ %",
                "ces": "Your data:  mean = ______   s = ______   n = ______   CES = ______",
            }
            ax.text(x0 + 10, y + 4 * k, blanks[key], fontsize=fs * 1.1, va="top")
            y += fs * 2.6
        y += 14 * k
    foot = (
        "z is the normal quantile (1.96 for a 95% interval); t the Student quantile with n − 1 degrees of "
        "freedom. Module 07 computes all three on the course data."
    )
    ax.text(
        x0,
        h_pt - 30,
        "\n".join(textwrap.wrap(foot, int((w_pt - 2 * x0) / (0.52 * 8.5)))),
        fontsize=8.5,
        va="bottom",
    )
    return y


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
