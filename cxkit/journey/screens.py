"""Journey maps and blueprints made for a projector: 16:9 figures, every text at least 12 pt.

An A4 map is taller than a 1280x720 screen: projected whole, its lane text is about 9 px and the
emotion curve can split across two screens. :func:`journey_map_screens` and
:func:`blueprint_screens` draw the same content as :func:`~cxkit.journey.draw_journey_map` and
:func:`~cxkit.journey.draw_blueprint` on 12.8 x 7.2 inch figures (1280x720 at 100 dpi) at a fixed
size, with the smallest text (keys, curve labels and badges) at 12 pt or more, and split
the content across as many screens as it needs: a map by lanes (a lane is never cut, so the
feeling lane and its curve stay on one screen, with every stage), a blueprint by its customer
actions (each screen keeps all five lanes and the three lines, with the fail and wait points of
its actions).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

from cxkit.errors import CXDataWarning

__all__ = [
    "SCREEN",
    "SCREEN_BLUEPRINT_FONTSIZE",
    "SCREEN_FONTSIZE",
    "blueprint_screens",
    "journey_map_screens",
]

#: A 1280x720 screen at 100 dpi, in inches.
SCREEN = (12.8, 7.2)
#: Body text on a screen map: its smallest derived text (keys, 85%) is then 12.3 pt.
SCREEN_FONTSIZE = 14.5
#: Body text on a screen blueprint: its fail and wait badges (75%) are then 12 pt.
SCREEN_BLUEPRINT_FONTSIZE = 16.0


def _fits(draw: Any) -> tuple[Any, bool]:
    """Draw; return the figure and whether it fits: no "runs off the page" warning, no text outside."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", CXDataWarning)
        fig = draw()
    warned = any(
        "runs off the page" in str(w.message) for w in caught if issubclass(w.category, CXDataWarning)
    )
    return fig, not warned and not _text_outside(fig)


def _text_outside(fig: Any) -> bool:
    """Whether any text of ``fig`` reaches outside the figure (a lane cut off at the bottom)."""
    renderer = fig.canvas.get_renderer()
    box = fig.bbox
    for ax in fig.axes:
        for text in ax.texts:
            if not text.get_text().strip():
                continue
            ext = text.get_window_extent(renderer)
            if ext.y0 < box.y0 - 1 or ext.x1 > box.x1 + 1 or ext.x0 < box.x0 - 1:
                return True
    return False


def journey_map_screens(
    journey: Any,
    *,
    lanes: Sequence[str] | None = None,
    measures: Any = None,
    fontsize: float = SCREEN_FONTSIZE,
) -> list[Any]:
    """Draw a journey map as 16:9 screens at a readable size, its lanes split across them as needed.

    Parameters
    ----------
    journey : JourneyMap
    lanes, measures :
        As for :func:`~cxkit.journey.draw_journey_map` (default lanes: ``doing`` to
        ``opportunities``, plus ``measured`` with ``measures``).
    fontsize : float, default 14.5
        The body text in points (never shrunk); the smallest text is 85% of it.

    Returns
    -------
    list of matplotlib.figure.Figure
        One figure per screen, titled "(screen k of n)" when there is more than one; the lanes in
        their order, each whole on one screen.

    Examples
    --------
    >>> from cxkit.journey import load_journey
    >>> from cxkit._paths import repo_root
    >>> parent = load_journey(repo_root() / "datasets" / "journeys" / "busy-parent.yaml")
    >>> figs = journey_map_screens(parent)
    >>> [f.get_size_inches().round(1).tolist() for f in figs][:1], len(figs) >= 2
    ([[12.8, 7.2]], True)
    """
    from cxkit.journey.layout import chosen_lanes
    from cxkit.journey.map_figure import draw_journey_map

    order = list(chosen_lanes(lanes, measures))
    base = journey.name if getattr(journey, "name", None) else "Journey map"

    def draw(group: list[str], title: str | None = None) -> Any:
        return draw_journey_map(
            journey,
            lanes=group,
            measures=measures,
            figsize=SCREEN,
            fontsize=fontsize,
            min_fontsize=fontsize,
            title=title,
        )

    groups: list[list[str]] = []
    start = 0
    while start < len(order):
        end = start + 1
        while end < len(order):
            fig, ok = _fits(lambda group=order[start : end + 1]: draw(group))
            _close(fig)
            if not ok:
                break
            end += 1
        groups.append(order[start:end])
        start = end
    figs = []
    for k, group in enumerate(groups, start=1):
        title = None if len(groups) == 1 else f"{base} (screen {k} of {len(groups)})"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", CXDataWarning)  # a single lane too tall is drawn as it is
            figs.append(draw(group, title))
    return figs


def blueprint_screens(blueprint: Any, *, fontsize: float = SCREEN_BLUEPRINT_FONTSIZE) -> list[Any]:
    """Draw a service blueprint as 16:9 screens at a readable size, its actions split across them.

    Each screen shows consecutive customer actions with all five lanes, the three lines and the
    fail and wait points of those actions; "(screen k of n)" in the title when there are several.

    Returns
    -------
    list of matplotlib.figure.Figure

    Examples
    --------
    >>> from cxkit.journey import load_blueprint
    >>> from cxkit._paths import repo_root
    >>> bp = load_blueprint(repo_root() / "datasets" / "journeys" / "delivery-promise-blueprint.yaml")
    >>> figs = blueprint_screens(bp)
    >>> figs[0].get_size_inches().round(1).tolist(), len(figs) >= 1
    ([12.8, 7.2], True)
    """
    from cxkit.journey.blueprint_figure import draw_blueprint

    actions = list(blueprint.actions)

    def part(chunk: list[Any]) -> Any:
        names = {a.name for a in chunk}
        return blueprint.model_copy(
            update={
                "actions": chunk,
                "fail_points": [p for p in blueprint.fail_points if p.action in names],
                "wait_points": [p for p in blueprint.wait_points if p.action in names],
            }
        )

    def draw(chunk: list[Any], title: str | None = None) -> Any:
        return draw_blueprint(
            part(chunk), figsize=SCREEN, fontsize=fontsize, min_fontsize=fontsize, title=title
        )

    per = len(actions)
    while per > 1:
        fig, ok = _fits(lambda chunk=actions[:per]: draw(chunk))
        _close(fig)
        if ok and all(_fits_close(draw, actions[i : i + per]) for i in range(per, len(actions), per)):
            break
        per -= 1
    chunks = [actions[i : i + per] for i in range(0, len(actions), per)]
    base = blueprint.name
    figs = []
    for k, chunk in enumerate(chunks, start=1):
        title = None if len(chunks) == 1 else f"{base} (screen {k} of {len(chunks)})"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", CXDataWarning)
            figs.append(draw(chunk, title))
    return figs


def _fits_close(draw: Any, chunk: list[Any]) -> bool:
    fig, ok = _fits(lambda: draw(chunk))
    _close(fig)
    return ok


def _close(fig: Any) -> None:
    import matplotlib.pyplot as plt

    plt.close(fig)
