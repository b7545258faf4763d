"""Draw a touchpoint map: every touchpoint of a catalogue placed by journey stage and channel.

A touchpoint map is the skeleton of a journey map (Kalbach 2016, ch. 1): the stages across, the
channels down, each touchpoint in its cell, so that one sees where the company is present, in which
channels, and which cells are empty. Revenue touchpoints are marked with a square and set in bold;
offline channels are shaded rows.

References
----------
Kalbach, J. (2016). *Mapping Experiences: A Complete Guide to Creating Value through Journeys,
Blueprints, and Diagrams*. Sebastopol, CA: O'Reilly.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from cxkit.errors import CXDataError
from cxkit.journey.touchpoints import _check_catalogue
from cxkit.style import plotting

__all__ = ["CHANNELS", "OFFLINE_CHANNELS", "STAGES", "draw_touchpoint_map"]

#: The journey stages of the course's catalogue, in order (the map's columns).
STAGES: tuple[str, ...] = ("awareness", "consideration", "decision", "purchase", "post_purchase")
#: The course's channels in the map's order: on a screen first, then in person or by voice.
CHANNELS: tuple[str, ...] = ("web", "app", "email", "social", "chat", "store", "phone", "carrier")
#: The channels met in person or by voice (the map's shaded rows; ``carrier``: the parcel at the door).
OFFLINE_CHANNELS: tuple[str, ...] = ("store", "phone", "carrier")


@plotting
def draw_touchpoint_map(
    touchpoints: Any,
    *,
    stages: Sequence[str] = STAGES,
    channels: Sequence[str] | None = None,
    offline: Sequence[str] = OFFLINE_CHANNELS,
    ax: Any = None,
    title: str | None = None,
    fontsize: float = 12.0,
) -> Any:
    """Draw the touchpoint map: stages as columns, channels as rows, each touchpoint in its cell.

    Parameters
    ----------
    touchpoints : pandas.DataFrame
        The touchpoint catalogue (``cxkit.data.load("touchpoints")``): ``touchpoint, stage,
        channel, owner, revenue, phase``.
    stages : sequence of str, default :data:`STAGES`
        The columns, in order. Every stage of the catalogue must be among them.
    channels : sequence of str, optional
        The rows, in order; default the catalogue's channels in the order of :data:`CHANNELS`
        (others after them, online before offline).
    offline : sequence of str, default ("store", "phone")
        Channels drawn as shaded rows and labelled "(offline)".
    ax : matplotlib.axes.Axes, optional
        Where to draw; default a new 11 × 7 inch figure.
    title : str, optional
        Default "Touchpoint map (■ = revenue touchpoint)".
    fontsize : float, default 12
        Size of the touchpoint names (at least :data:`cxkit.style.MIN_FONT_PT`).

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    CXDataError
        A column of the catalogue is missing, a touchpoint is listed twice, or a touchpoint's stage
        or channel is not among ``stages`` or ``channels`` (the error names the touchpoint, its row
        and the value).

    Examples
    --------
    >>> import pandas as pd
    >>> catalogue = pd.DataFrame({"touchpoint": ["checkout", "store_till", "invoice"],
    ...     "stage": ["purchase", "purchase", "post_purchase"], "channel": ["web", "store", "email"],
    ...     "owner": ["E-commerce", "Stores", "Finance"], "revenue": [True, True, False],
    ...     "phase": ["during", "during", "after"]})
    >>> fig = draw_touchpoint_map(catalogue)
    >>> sorted(t.get_text() for t in fig.axes[0].texts)
    ['invoice', '■ checkout', '■ store_till']
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
    ['web', 'email', 'store (offline)']
    """
    from cxkit import style

    catalogue = _check_catalogue(touchpoints)
    stages = [str(s) for s in stages]
    offline_set = {str(c) for c in offline}
    met = [str(c) for c in dict.fromkeys(catalogue["channel"].astype(str))]
    if channels is None:
        known = [c for c in CHANNELS if c in met] + [c for c in met if c not in CHANNELS]
        rows = [c for c in known if c not in offline_set] + [c for c in known if c in offline_set]
    else:
        rows = [str(c) for c in channels]
    for column, known in (("stage", stages), ("channel", rows)):
        values = catalogue[column].astype(str)
        bad = ~values.isin(known)
        if bad.any():
            name = str(catalogue.index[bad.to_numpy()][0])
            raise CXDataError(
                f"the touchpoint's {column} is not one of the map's {column}s",
                column=column,
                row=int(bad.to_numpy().argmax()),
                value=f"{name}: {values[bad].iloc[0]}",
                expected=f"one of {known}",
            )
    fontsize = max(float(fontsize), style.MIN_FONT_PT)
    fig, ax, own = style.figure_for(ax, 7.0)
    ax.set_xlim(-0.5, len(stages) - 0.5)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.grid(False)
    for i in range(len(stages) + 1):
        ax.axvline(i - 0.5, color="#CCCCCC", lw=1)
    for j in range(len(rows) + 1):
        ax.axhline(j - 0.5, color="#CCCCCC", lw=1)
    for j, channel in enumerate(rows):
        if channel in offline_set:
            ax.axhspan(j - 0.5, j + 0.5, color="#F2F2F2", zorder=0)
    frame = catalogue.reset_index()
    for (stage, channel), cell in frame.groupby([frame["stage"].astype(str), frame["channel"].astype(str)]):
        x, y = stages.index(stage), rows.index(channel)
        for k, row in enumerate(cell.itertuples()):
            dy = (k - (len(cell) - 1) / 2) * 0.22
            revenue = bool(row.revenue)
            label = ("■ " if revenue else "") + str(row.touchpoint)
            weight = "bold" if revenue else "normal"
            ax.text(x, y + dy, label, ha="center", va="center", fontsize=fontsize, fontweight=weight)
    ax.set_xticks(range(len(stages)), [s.replace("_", "-") for s in stages])
    ax.set_yticks(range(len(rows)), [f"{c} (offline)" if c in offline_set else c for c in rows])
    ax.xaxis.tick_top()
    ax.tick_params(length=0)
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    ax.set_title(title or "Touchpoint map (■ = revenue touchpoint)", pad=34)
    if own:
        fig.tight_layout()
    return fig
