"""Printable handouts for workshops, built from the course's models and data so they never drift.

Each handout of :data:`HANDOUTS` is a blank form or canvas, or a *filled example* of one built from
Larkspur & Co.'s data: the journey map, persona and blueprint of ``datasets/journeys/`` (drawn by
:func:`cxkit.journey.draw_journey_map`), the touchpoint catalogue with the performance and impact that
:func:`cxkit.journey.touchpoints.touchpoint_performance` measures, the self-assessment of module
06's example team scored by :func:`cxkit.service.self_assessment`, and the NPS, CSAT and CES of the
course surveys computed by :mod:`cxkit.metrics`. The blank forms take their fields from the same
declarations: the persona's fields from :class:`cxkit.journey.model.Persona`, the lanes and lines
from :mod:`cxkit.journey.layout`, the statements and answer scale from ``questionnaire.yaml``, the
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

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cxkit.instructor._canvases import (
    _blueprint_canvas,
    _blueprint_example,
    _drawn,
    _journey_canvas,
    _journey_example,
)
from cxkit.instructor._forms import _inventory, _persona_sheet, _self_assessment
from cxkit.instructor._formula_card import _formula_card
from cxkit.instructor._sources import _journey, formula_card_values

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
            "the Busy Parent's journey, drawn by cxkit.journey.draw_journey_map",
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
            "the delivery promise, drawn by cxkit.journey.draw_blueprint",
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
    *,
    out: str | Path = "handouts",
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
