"""Draw funnels: the two ways of counting a stage side by side, and a step's conversion by group."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from cxkit._checks import require_columns
from cxkit.errors import CXDataError
from cxkit.style import plotting

__all__ = ["draw_funnel", "draw_funnel_by"]


@plotting
def draw_funnel(
    in_order: Any,
    *,
    any_point: Any = None,
    ax: Any = None,
    title: str | None = None,
) -> Any:
    """Draw the journeys reaching each stage, in order (and at any point), with each step's drop-off.

    Parameters
    ----------
    in_order : pandas.DataFrame
        :func:`cxkit.journey.funnel` with ``ordered=True`` (one row per stage: ``cases``,
        ``drop_off_pct``).
    any_point : pandas.DataFrame, optional
        The same funnel with ``ordered=False``, drawn as lighter bars beside it.
    ax : matplotlib.axes.Axes, optional
        Where to draw; default a new 11 × 5 inch figure.
    title : str, optional
        Default "Journeys reaching each stage".

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    CXDataError
        A missing column, or the two funnels have different stages.

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"cases": [100, 60, 20], "drop_off_pct": [0.0, 40.0, 66.7]},
    ...                  index=pd.Index(["consideration", "decision", "purchase"], name="stage"))
    >>> fig = draw_funnel(f)
    >>> [t.get_text() for t in fig.axes[0].texts]
    ['-40%', '-67%']
    """
    import numpy as np

    from cxkit import style

    require_columns(in_order, ["cases", "drop_off_pct"], "funnel table")
    if any_point is not None:
        require_columns(any_point, ["cases"], "funnel table (any point)")
        if list(any_point.index) != list(in_order.index):
            raise CXDataError(
                "the two funnels have different stages",
                column="stage",
                value=list(any_point.index),
                expected=f"the stages of the ordered funnel, {list(in_order.index)}",
            )
    fig, ax, own = style.figure_for(ax, 5.0)
    x = np.arange(len(in_order))
    shift = 0.2 if any_point is not None else 0.0
    width = 0.4 if any_point is not None else 0.6
    if any_point is not None:
        ax.bar(x - shift, any_point["cases"], width=width, label="reached at any point",
               color=style.PALETTE["sky_blue"], edgecolor="black")  # fmt: skip
    ax.bar(x + shift, in_order["cases"], width=width, label="reached in order",
           color=style.PALETTE["blue"], edgecolor="black", hatch="//")  # fmt: skip
    cases = in_order["cases"].to_numpy(dtype=float)
    for i, drop in enumerate(in_order["drop_off_pct"].to_numpy(dtype=float)):
        if i and np.isfinite(drop):
            ax.annotate(f"-{drop:.0f}%", (i + shift, cases[i]), ha="center", va="bottom", xytext=(0, 4),
                        textcoords="offset points", fontsize=style.MIN_FONT_PT + 1)  # fmt: skip
    ax.set_xticks(x, [str(s).replace("_", "-") for s in in_order.index])
    ax.set_xlabel("Journey stage")
    ax.set_ylabel("Journeys reaching the stage")
    ax.set_title(title or "Journeys reaching each stage")
    ax.legend(loc="upper right")
    if own:
        fig.tight_layout()
    return fig


@plotting
def draw_funnel_by(
    funnels: Any,
    *,
    groups: Sequence[str] | None = None,
    ax: Any = None,
    title: str | None = None,
) -> Any:
    """Draw each step's conversion from the previous stage, one bar per group, with its interval.

    Parameters
    ----------
    funnels : pandas.DataFrame
        :func:`cxkit.journey.funnel` with ``by=...`` (indexed by group and stage; ``value``,
        ``low``, ``high``, ``step``).
    groups : sequence of str, optional
        The groups to draw, in order; default every group of the table.
    ax : matplotlib.axes.Axes, optional
        Where to draw; default a new 11 × 5 inch figure.
    title : str, optional
        Default "Conversion from the previous stage, by group".

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    CXDataError
        A missing column, or a group that is not in the table.

    Examples
    --------
    >>> import pandas as pd
    >>> idx = pd.MultiIndex.from_product([["B2C", "B2B"], ["decision", "purchase"]],
    ...                                  names=["segment", "stage"])
    >>> f = pd.DataFrame({"value": [100.0, 46.0, 100.0, 66.0], "low": [100.0, 44.0, 100.0, 62.0],
    ...                   "high": [100.0, 48.0, 100.0, 69.0], "step": [1, 2, 1, 2]}, index=idx)
    >>> fig = draw_funnel_by(f)
    >>> [round(b.get_height()) for b in fig.axes[0].patches]
    [46, 66]
    """
    import numpy as np

    from cxkit import style

    require_columns(funnels, ["value", "low", "high", "step"], "funnel table by group")
    present = list(dict.fromkeys(funnels.index.get_level_values(0)))
    chosen = list(groups) if groups is not None else present
    for g in chosen:
        if g not in present:
            raise CXDataError(
                "a group to draw is not in the funnel table",
                column=str(funnels.index.names[0]),
                value=g,
                expected=f"one of {present}",
            )
    fig, ax, own = style.figure_for(ax, 5.0)
    first = funnels.loc[chosen[0]]
    steps = [s for s, k in zip(first.index, first["step"], strict=True) if k > 1]
    x = np.arange(len(steps))
    width = 0.8 / len(chosen)
    fallback = list(style.PALETTE.values())
    hatches = ["", "//", "..", "xx"]
    for k, g in enumerate(chosen):
        d = funnels.loc[g].reindex(steps)
        value = d["value"].to_numpy(dtype=float)
        err = [value - d["low"].to_numpy(dtype=float), d["high"].to_numpy(dtype=float) - value]
        colour = style.SEGMENT_COLORS.get(g, fallback[k % len(fallback)])
        ax.bar(x + (k - (len(chosen) - 1) / 2) * width, value, width=width * 0.95, color=colour, label=str(g),
               yerr=err, capsize=5, edgecolor="black", hatch=hatches[k % len(hatches)])  # fmt: skip
    ax.set_xticks(x, [f"to {str(s).replace('_', '-')}" for s in steps])
    ax.set_ylim(0, 105)
    ax.set_xlabel("Step of the ordered funnel")
    ax.set_ylabel("Conversion from the previous stage (%)")
    ax.set_title(title or "Conversion from the previous stage, by group")
    ax.legend(title=str(funnels.index.names[0]), loc="lower left")
    if own:
        fig.tight_layout()
    return fig
