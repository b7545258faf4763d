"""Figures of the support measures: response times, CSAT within and beyond the target, the backlog."""

from __future__ import annotations

from typing import Any

from cxkit._checks import require_columns
from cxkit.style import plotting

__all__ = ["plot_backlog", "plot_csat_by_target", "plot_response_times"]


def _minutes(m: float) -> str:
    return f"{m:,.0f} min" if m >= 10 else f"{m:.1f} min"


@plotting
def plot_response_times(times: Any, *, ax: Any = None, title: str | None = None) -> Any:
    """Draw the median and the 90th percentile of a time per group, on a log scale.

    Parameters
    ----------
    times : pandas.DataFrame
        The result of :func:`cxkit.service.first_response_time` or ``resolution_time`` in
        minutes (columns ``median`` and ``p90``, one row per group).
    ax : matplotlib.axes.Axes, optional
        Where to draw; default a new 11 × 4.8 inch figure.
    title : str, optional
        Default "First response time by channel".

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    CXDataError
        A missing column.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"median": [2.0, 300.0], "p90": [8.0, 900.0]}, index=["chat", "email"])
    >>> fig = plot_response_times(t)
    >>> [round(b.get_width()) for b in fig.axes[0].patches]
    [2, 300, 8, 900]
    """
    import numpy as np

    from cxkit import style

    require_columns(times, ["median", "p90"], "response time table")
    fig, ax, own = style.figure_for(ax, 4.8)
    ax.grid(axis="y", visible=False)
    y = np.arange(len(times))
    med = times["median"].to_numpy(dtype=float)
    p90 = times["p90"].to_numpy(dtype=float)
    ax.barh(y + 0.2, med, height=0.4, color=style.PALETTE["blue"], label="median")
    ax.barh(
        y - 0.2,
        p90,
        height=0.4,
        color=style.PALETTE["orange"],
        hatch="//",
        edgecolor="white",
        label="90th percentile",
    )
    for yi, m, p in zip(y, med, p90, strict=True):
        if np.isfinite(m):
            ax.text(m * 1.1, yi + 0.2, _minutes(m), va="center", fontsize=style.MIN_FONT_PT)
        if np.isfinite(p):
            ax.text(p * 1.1, yi - 0.2, _minutes(p), va="center", fontsize=style.MIN_FONT_PT)
    ax.set_xscale("log")
    top = float(np.nanmax(p90)) if np.isfinite(p90).any() else 10.0
    low = float(np.nanmin(med[med > 0])) if (med > 0).any() else 1.0
    ax.set_xlim(min(0.8, low / 2), top * 6)
    ax.minorticks_off()
    ax.set_yticks(y, [str(i) for i in times.index])
    ax.invert_yaxis()
    ax.set_xlabel("Minutes (log scale)")
    ax.set_title(title or "First response time by channel")
    ax.legend(loc="upper right")
    if own:
        fig.tight_layout()
    return fig


@plotting
def plot_csat_by_target(link: Any, *, ax: Any = None, title: str | None = None) -> Any:
    """Draw, per group, the CSAT difference within target minus later, with its interval.

    Parameters
    ----------
    link : pandas.DataFrame
        The result of :func:`cxkit.service.csat_by_target` (``value``, ``low``, ``high`` in
        percentage points, one row per channel).
    ax : matplotlib.axes.Axes, optional
        Where to draw; default a new 11 × 4.6 inch figure.
    title : str, optional
        Default "CSAT within the target minus CSAT later".

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    CXDataError
        A missing column.

    Examples
    --------
    >>> import pandas as pd
    >>> link = pd.DataFrame({"value": [27.0, 3.0], "low": [15.0, -10.0], "high": [39.0, 16.0]},
    ...                     index=["phone", "chat"])
    >>> fig = plot_csat_by_target(link)
    >>> [t.get_text() for t in fig.axes[0].texts]
    ['+27 points (95% interval +15 to +39)', '+3 points (95% interval -10 to +16)']
    """
    import numpy as np

    from cxkit import style

    require_columns(link, ["value", "low", "high"], "CSAT by target table")
    fig, ax, own = style.figure_for(ax, 4.6)
    ax.grid(axis="y", visible=False)
    y = np.arange(len(link))
    value = link["value"].to_numpy(dtype=float)
    low = link["low"].to_numpy(dtype=float)
    high = link["high"].to_numpy(dtype=float)
    ax.errorbar(
        value,
        y,
        xerr=[value - low, high - value],
        fmt="o",
        color=style.PALETTE["blue"],
        capsize=5,
        markersize=9,
    )
    ax.axvline(0, color="black", linewidth=1)
    for yi, d, lo, hi in zip(y, value, low, high, strict=True):
        ax.text(
            hi + 1.5,
            yi,
            f"{d:+.0f} points (95% interval {lo:+.0f} to {hi:+.0f})",
            va="center",
            fontsize=style.MIN_FONT_PT,
        )
    span = float(np.nanmax(high) - np.nanmin(low)) if len(link) else 10.0
    ax.set_xlim(min(float(np.nanmin(low)), 0.0) - 0.1 * span, float(np.nanmax(high)) + 0.9 * span)
    ax.set_yticks(y, [str(i) for i in link.index])
    ax.invert_yaxis()
    ax.set_xlabel("CSAT within target minus CSAT later (percentage points)")
    ax.set_title(title or "CSAT within the target minus CSAT later")
    if own:
        fig.tight_layout()
    return fig


@plotting
def plot_backlog(weekly: Any, *, ax: Any = None, title: str | None = None) -> Any:
    """Draw the tickets open at the end of each period against those opened in it.

    A healthy backlog rises in a peak and falls after it; a line of open tickets that only climbs
    while new tickets rise and fall means tickets are being forgotten.

    Parameters
    ----------
    weekly : pandas.DataFrame
        The result of :func:`cxkit.service.backlog` (columns ``period_end``, ``opened`` and
        ``open_at_end``, one row per period).
    ax : matplotlib.axes.Axes, optional
        Where to draw; default a new 11 × 4.6 inch figure.
    title : str, optional
        Default "Tickets open at the end of each period, and opened in it".

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    CXDataError
        A missing column.

    Examples
    --------
    >>> import pandas as pd
    >>> w = pd.DataFrame({"period_end": pd.to_datetime(["2024-01-07", "2024-01-14"]),
    ...                   "opened": [4, 9], "open_at_end": [1, 3]})
    >>> fig = plot_backlog(w)
    >>> [line.get_ydata().tolist() for line in fig.axes[0].get_lines()]
    [[1, 3], [4, 9]]
    """
    from cxkit import style

    require_columns(weekly, ["period_end", "opened", "open_at_end"], "backlog table")
    fig, ax, own = style.figure_for(ax, 4.6)
    ax.plot(
        weekly["period_end"],
        weekly["open_at_end"],
        color=style.PALETTE["blue"],
        marker="o",
        markersize=3,
        label="open at the end of the week",
    )
    ax.plot(
        weekly["period_end"],
        weekly["opened"],
        color=style.PALETTE["orange"],
        linestyle="--",
        label="opened in the week",
    )
    ax.set_ylabel("Tickets")
    ax.set_xlabel("Week")
    ax.set_title(title or "Tickets open at the end of each period, and opened in it")
    ax.legend(loc="upper left")
    if own:
        fig.tight_layout()
    return fig
