"""Draw the company's touchpoints over the customer lifecycle, and write the chart's alt text."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cxkit.journey.layout import BAND, CHANNEL_STYLE, CHAR_W, canvas, nice, rect
from cxkit.style import plotting

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["draw_lifecycle", "lifecycle_alt_text"]

_LIFECYCLE_MEASURES = {"customers": "customers", "contacts": "contacts"}


def _lifecycle_table(volume: Any, measure: str) -> Any:
    from cxkit._checks import require_columns
    from cxkit.stats.checks import check_choice

    measure = check_choice(measure, tuple(_LIFECYCLE_MEASURES), "measure")
    require_columns(volume, ["stage", "touchpoint", "channel", measure], "lifecycle volume table")
    if len(volume) == 0:
        from cxkit.errors import CXDataError

        raise CXDataError(
            "the lifecycle volume table is empty", expected="cxkit.journey.lifecycle.lifecycle_volume(...)"
        )
    return volume


@plotting
def draw_lifecycle(
    volume: pd.DataFrame,
    *,
    measure: str = "customers",
    total: int | None = None,
    title: str | None = None,
    ax: Any = None,
    figsize: tuple[float, float] = (12.8, 7.2),
) -> Any:
    """Draw the company's touchpoints over the customer lifecycle: stages as columns, bars by volume.

    Each stage is a column; in it, each touchpoint of that stage is a row with its name, its
    channel's marker (:data:`CHANNEL_STYLE`: colour *and* shape, so the figure reads in grey and
    for colour-blind readers) and a bar whose length is the touchpoint's volume on one scale shared
    by the whole figure, with the number written at its end (so no reader has to judge lengths).
    The column header gives the stage and its number of touchpoints; a key of the channels used
    sits under the columns.

    Parameters
    ----------
    volume : pandas.DataFrame
        :func:`cxkit.journey.lifecycle.lifecycle_volume`'s table: ``stage``, ``touchpoint``,
        ``channel`` and the measure column, in the order to draw (stages left to right, rows top
        to bottom).
    measure : {"customers", "contacts"}, default "customers"
        The bar length: distinct customers who met the touchpoint, or all contacts.
    total : int, optional
        The number of customers (or contacts) the bars are a share of; when given, each number is
        followed by its percentage of ``total``.
    title : str, optional
        Default: "Where Larkspur's customers meet the company, stage by stage"-like text built
        from the measure.
    ax : matplotlib Axes, optional
        Draw into this axes (its area is used as a canvas); by default a new figure of ``figsize``.
    figsize : (float, float), default (12.8, 7.2)
        Inches; at 100 dpi, 1280 x 720 pixels.

    Returns
    -------
    matplotlib.figure.Figure
        Artists carry ids: ``stage`` (one header text per stage), ``touchpoint-label`` (one text
        per touchpoint), ``volume`` (one bar per touchpoint, a Rectangle whose width is
        proportional to the measure), ``volume-label`` (the numbers), ``channel`` (one marker per
        touchpoint) and ``channel-key`` (the key's markers).

    Raises
    ------
    CXConfigError
        If ``measure`` is not one of the choices.
    CXDataError
        If a column is missing or the table is empty.

    Examples
    --------
    >>> import pandas as pd
    >>> volume = pd.DataFrame({"stage": ["awareness", "purchase", "purchase"],
    ...     "touchpoint": ["social_ad", "checkout", "store_till"],
    ...     "channel": ["social", "web", "store"], "customers": [40, 90, 30]})
    >>> fig = draw_lifecycle(volume, total=100)
    >>> [t.get_text() for t in fig.axes[0].texts if t.get_gid() == "volume-label"]
    ['40 (40%)', '90 (90%)', '30 (30%)']
    """
    table = _lifecycle_table(volume, measure)
    stages = list(dict.fromkeys(table["stage"].astype(str)))
    rank = table["stage"].astype(str).map({s: i for i, s in enumerate(stages)})
    table = table.assign(_rank=rank, _neg=-table[measure]).sort_values(["_rank", "_neg"], kind="stable")
    fig, ax, width, height = canvas(ax, None, figsize)
    fs = 13.0
    pad = 0.8 * fs
    title = title or (
        "Where customers meet the company, stage by stage"
        if measure == "customers"
        else "How often customers meet each touchpoint, stage by stage"
    )
    ax.text(pad, pad, title, fontsize=fs * 1.25, fontweight="bold", va="top", gid="title")
    unit = "customers who met it" if measure == "customers" else "contacts"
    ax.text(
        pad,
        pad + 1.9 * fs,
        f"Bar and number: {unit}" + (f" (and % of {total:,})" if total else "") + "; marker: channel",
        fontsize=fs * 0.95,
        va="top",
        color="#333333",
        gid="subtitle",
    )
    top = pad + 4.2 * fs
    key_h = 2.6 * fs
    col_w = (width - 2 * pad) / len(stages)
    biggest = float(table[measure].max()) or 1.0
    rows = max(int((table["stage"].astype(str) == s).sum()) for s in stages)
    row_h = (height - top - 2.4 * fs - key_h) / rows
    bar_h = min(0.38 * row_h, 0.9 * fs)
    widest = max(len(f"{int(v):,}") for v in table[measure]) + (6 if total else 0)
    bar_max = col_w - 1.7 * fs - (widest + 1) * CHAR_W * 0.95 * fs - 0.9 * fs
    for j, stage in enumerate(stages):
        x0 = pad + j * col_w
        part = table[table["stage"].astype(str) == stage]
        ax.add_patch(rect(x0 + 2, top, col_w - 4, 2.0 * fs, "#333333"))
        ax.text(
            x0 + col_w / 2,
            top + 1.0 * fs,
            f"{nice(stage)} ({len(part)})",
            fontsize=fs,
            color="white",
            fontweight="bold",
            ha="center",
            va="center",
            gid="stage",
        )
        if j % 2 == 0:
            ax.add_patch(rect(x0 + 2, top + 2.0 * fs, col_w - 4, rows * row_h, BAND, zorder=0))
        for i, (_, r) in enumerate(part.iterrows()):
            y = top + 2.4 * fs + i * row_h
            value = float(r[measure])
            label = f"{int(value):,}" + (f" ({100 * value / total:.0f}%)" if total else "")
            _touchpoint_row(ax, r, x0, y, bar_max * value / biggest, bar_h, label, fs)
    _channel_key(ax, dict.fromkeys(table["channel"].astype(str)), pad, height - 0.5 * key_h, fs)
    return fig


def _touchpoint_row(
    ax: Any, r: Any, x0: float, y: float, bar_w: float, bar_h: float, label: str, fs: float
) -> None:
    """Draw one touchpoint of a stage's column: its channel's marker, its name, its bar and number."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Rectangle

    colour, mk = CHANNEL_STYLE.get(str(r["channel"]), ("#555555", "o"))
    ax.add_line(
        Line2D(
            [x0 + 0.9 * fs],
            [y + 0.55 * fs],
            marker=mk,
            color=colour,
            markersize=fs * 0.7,
            linestyle="none",
            gid="channel",
        )
    )
    ax.text(x0 + 1.7 * fs, y, nice(str(r["touchpoint"])), fontsize=fs, va="top", gid="touchpoint-label")
    bar = Rectangle((x0 + 1.7 * fs, y + 1.35 * fs), bar_w, bar_h, facecolor=colour, edgecolor="none")
    bar.set_gid("volume")
    ax.add_patch(bar)
    ax.text(
        x0 + 1.7 * fs + bar_w + 0.3 * fs,
        y + 1.35 * fs + bar_h / 2,
        label,
        fontsize=fs * 0.95,
        va="center",
        gid="volume-label",
    )


def _channel_key(ax: Any, channels: Any, x: float, y: float, fs: float) -> None:
    """Write the key of the channels (marker and name) in one line under the columns."""
    from matplotlib.lines import Line2D

    ax.text(x, y, "Channel:", fontsize=fs, va="center", fontweight="bold", gid="channel-key-title")
    x += 6.0 * fs
    for channel in channels:
        colour, mk = CHANNEL_STYLE.get(channel, ("#555555", "o"))
        ax.add_line(
            Line2D(
                [x], [y], marker=mk, color=colour, markersize=fs * 0.7, linestyle="none", gid="channel-key"
            )
        )
        ax.text(x + 0.8 * fs, y, channel, fontsize=fs, va="center", gid="channel-key-label")
        x += (len(channel) + 1.5) * CHAR_W * fs + 2.4 * fs


def lifecycle_alt_text(volume: pd.DataFrame, *, measure: str = "customers", total: int | None = None) -> str:
    """Write alt text for :func:`draw_lifecycle`: stages, touchpoints, the most and least met.

    >>> import pandas as pd
    >>> volume = pd.DataFrame({"stage": ["awareness", "purchase", "purchase"],
    ...     "touchpoint": ["social_ad", "checkout", "store_till"],
    ...     "channel": ["social", "web", "store"], "customers": [40, 90, 30]})
    >>> lifecycle_alt_text(volume, total=100)  # doctest: +NORMALIZE_WHITESPACE
    'Chart of 3 touchpoints in 2 stages (awareness 1, purchase 2), bars by customers who met each
    (of 100): the most met is checkout (90, 90%), the least store till (30, 30%); 3 channels.'
    """
    table = _lifecycle_table(volume, measure)
    stages = list(dict.fromkeys(table["stage"].astype(str)))
    counts = table["stage"].astype(str).value_counts()
    top = table.loc[table[measure].idxmax()]
    low = table.loc[table[measure].idxmin()]

    def num(r: Any) -> str:
        v = int(r[measure])
        return f"{v:,}, {100 * v / total:.0f}%" if total else f"{v:,}"

    who = "customers who met each" if measure == "customers" else "contacts"
    return (
        f"Chart of {len(table)} touchpoints in {len(stages)} stages ("
        + ", ".join(f"{nice(s).lower()} {counts[s]}" for s in stages)
        + f"), bars by {who}"
        + (f" (of {total:,})" if total else "")
        + f": the most met is {nice(str(top['touchpoint'])).lower()} ({num(top)}), the least "
        f"{nice(str(low['touchpoint'])).lower()} ({num(low)}); "
        f"{table['channel'].nunique()} channels."
    )
