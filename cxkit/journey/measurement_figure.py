"""Draw the revenue-touchpoint pitfall: where the company surveys against where customers suffer."""

from __future__ import annotations

from typing import Any

from cxkit._checks import require_columns
from cxkit.style import plotting

__all__ = ["draw_measurement_gap", "measurement_gap_alt_text"]

_COLUMNS = ("% of invitations", "% of detractors")


@plotting
def draw_measurement_gap(groups: Any, *, ax: Any = None, title: str | None = None) -> Any:
    r"""Draw, for each group of touchpoints, its share of survey invitations and of detractors.

    Two horizontal bars per group: solid blue for where the company measures (its share of all
    invitations), hatched vermillion for where customers suffer (its share of all detractors); the
    two differ in colour and in fill, so they stay apart in grey print.

    Parameters
    ----------
    groups : pandas.DataFrame
        The result of :func:`cxkit.journey.measurement_groups` (one row per group, with
        ``% of invitations`` and ``% of detractors``).
    ax : matplotlib.axes.Axes, optional
        Where to draw; default a new 11 × 5.2 inch figure.
    title : str, optional
        Default "Measured where money is taken, suffered in service".

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    CXDataError
        A column of :func:`measurement_groups`'s table is missing.

    Examples
    --------
    >>> import pandas as pd
    >>> groups = pd.DataFrame({"% of invitations": [60.0, 40.0], "% of detractors": [25.0, 75.0]},
    ...     index=pd.Index(["revenue (basket, checkout)", "service"], name="group"))
    >>> fig = draw_measurement_gap(groups)
    >>> [round(bar.get_width()) for bar in fig.axes[0].patches]
    [60, 40, 25, 75]
    """
    import numpy as np

    from cxkit import style

    require_columns(groups, list(_COLUMNS), "measurement groups table")
    fig, ax, own = style.figure_for(ax, 5.2)
    ax.grid(axis="y", visible=False)
    y = np.arange(len(groups))
    inv = groups["% of invitations"].to_numpy(dtype=float)
    det = groups["% of detractors"].to_numpy(dtype=float)
    bars_inv = ax.barh(
        y - 0.2,
        inv,
        height=0.38,
        color=style.PALETTE["blue"],
        label="where the company measures: % of survey invitations",
    )
    bars_det = ax.barh(
        y + 0.2,
        det,
        height=0.38,
        color=style.PALETTE["vermillion"],
        hatch="//",
        edgecolor="white",
        label="where customers suffer: % of detractors",
    )
    for bars in (bars_inv, bars_det):
        ax.bar_label(bars, fmt="%.0f%%", padding=4, fontsize=style.MIN_FONT_PT)
    ax.set_yticks(y, [str(g).replace(" (", "\n(") for g in groups.index])
    ax.invert_yaxis()
    ax.set_xlim(0, max(float(np.nanmax(np.r_[inv, det])), 1.0) * 1.15)
    ax.set_xlabel("% of all survey invitations / of all detractors")
    ax.set_title(title or "Measured where money is taken, suffered in service")
    ax.legend(loc="lower right")
    if own:
        fig.tight_layout()
    return fig


def measurement_gap_alt_text(groups: Any) -> str:
    """Alt text for :func:`draw_measurement_gap`: each group's share of invitations and of detractors.

    Examples
    --------
    >>> import pandas as pd
    >>> groups = pd.DataFrame({"% of invitations": [60.0, 40.0], "% of detractors": [25.0, 75.0]},
    ...     index=["revenue", "service"])
    >>> print(measurement_gap_alt_text(groups))  # doctest: +NORMALIZE_WHITESPACE
    Bar chart, share of survey invitations against share of detractors: revenue gets 60% of
    invitations and produces 25% of detractors; service gets 40% of invitations and produces 75% of
    detractors.
    """
    require_columns(groups, list(_COLUMNS), "measurement groups table")
    parts = [
        f"{g} gets {inv:.0f}% of invitations and produces {det:.0f}% of detractors"
        for g, inv, det in zip(groups.index, groups[_COLUMNS[0]], groups[_COLUMNS[1]], strict=True)
    ]
    return "Bar chart, share of survey invitations against share of detractors: " + "; ".join(parts) + "."
