"""Flows: where journeys go, step by step, and their Sankey-style figure."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from cxkit.errors import CXConfigError, CXDataError
from cxkit.journey._eventlog import _columns, _pandas_log
from cxkit.style import plotting

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

__all__ = ["END", "draw_flow", "flows"]

#: The target of a flow's last link when a journey ends before the last step shown.
END = "(end)"


def flows(
    log: pd.DataFrame,
    *,
    case: str = "case_id",
    activity: str = "event",
    timestamp: str = "timestamp",
    steps: int = 4,
    collapse: bool = True,
    tie_break: str | None = None,
) -> pd.DataFrame:
    r"""Count the journeys moving between values (stages, channels) step by step: a flow diagram's data.

    Parameters
    ----------
    log : pandas.DataFrame
        An event log, one row per event, in any row order.
    case, activity, timestamp : str
        Column names; ``activity`` is the column whose values the flow shows (``"stage"``,
        ``"channel"``).
    steps : int, default 4
        How many steps of each journey to show (2 to 10).
    collapse : bool, default True
        Merge consecutive events with the same value into one step (three product views in a row
        are one "consideration" step). Without it, a repeated value is a step of its own.
    tie_break : str, optional
        A column that orders events of a case with the same timestamp (a sequence number).
        **Ties**: events of a case with the same timestamp are ordered by ``tie_break`` when
        given, then by activity name (text order); the row order never matters.

    Returns
    -------
    pandas.DataFrame
        One row per link: ``step`` (the source's step, 1 to ``steps - 1``), ``source``,
        ``target`` and ``cases``. A journey that ends before step ``steps`` has a last link to
        :data:`END` (``"(end)"``), so drop-off is visible. Sorted by step, then cases (largest
        first), then source and target. The cases leaving each step's nodes add up to the cases
        still in the journey at that step.

    Raises
    ------
    cxkit.errors.CXDataError
        As :func:`directly_follows`.
    cxkit.errors.CXConfigError
        ``steps`` outside 2 to 10.

    Notes
    -----
    With each case's sequence of values :math:`v_{c,1}, v_{c,2}, \dots` (after merging
    consecutive repeats when ``collapse``), the link from :math:`a` at step :math:`j` to
    :math:`b` counts :math:`\#\{c : v_{c,j} = a,\ v_{c,j+1} = b\}`, and to the end
    :math:`\#\{c : v_{c,j} = a,\ n_c = j\}`. This is the layered ("alluvial") flow diagram
    of web analytics path reports (Kaushik 2009, ch. 5); :func:`draw_flow` draws it.

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({"case_id": [1, 1, 1, 2, 2, 3],
    ...                     "channel": ["web", "web", "app", "web", "store", "app"],
    ...                     "timestamp": pd.to_datetime(["2024-01-01"] * 6) + pd.to_timedelta(range(6), "h")})
    >>> flows(log, activity="channel", steps=3)
       step source target  cases
    0     1    app  (end)      1
    1     1    web    app      1
    2     1    web  store      1
    3     2    app  (end)      1
    4     2  store  (end)      1
    """
    from cxkit.stats.checks import check_whole

    steps = check_whole(steps, "steps", 2, 10, "the number of steps a flow diagram shows")
    if not isinstance(collapse, bool):
        raise CXConfigError(f"collapse={collapse!r}: give True or False")
    case, activity, timestamp, tie_break = _columns(log, case, activity, timestamp, tie_break)
    log, lg = _pandas_log(log, case=case, activity=activity, timestamp=timestamp, tie_break=tie_break)
    n = len(lg.act)
    keep = np.ones(n, dtype=bool)
    if collapse:
        keep[1:] = (lg.act[1:] != lg.act[:-1]) | (lg.case[1:] != lg.case[:-1])
    act, cs = lg.act[keep], lg.case[keep]
    m = len(act)
    first = np.ones(m, dtype=bool)
    first[1:] = cs[1:] != cs[:-1]
    start = np.flatnonzero(first)
    rank = np.arange(m) - np.repeat(start, np.diff(np.append(start, m)))
    last = np.ones(m, dtype=bool)
    last[:-1] = first[1:]
    k = len(lg.activities)
    end_code = k
    src = rank < steps - 1
    nxt = np.empty(m, dtype=np.int64)
    nxt[:-1] = act[1:]
    nxt[last] = end_code
    key = (rank[src] * (k + 1) + act[src]) * (k + 1) + nxt[src]
    uniq, counts = np.unique(key, return_counts=True)
    labels = np.append(lg.activities.to_numpy(dtype=object), END)
    out = pd.DataFrame(
        {
            "step": (uniq // ((k + 1) * (k + 1)) + 1).astype(np.int64),
            "source": labels[(uniq // (k + 1)) % (k + 1)],
            "target": labels[uniq % (k + 1)],
            "cases": counts.astype(np.int64),
        }
    )
    tmp = out.assign(_s=out["source"].astype(str), _t=out["target"].astype(str))
    tmp = tmp.sort_values(["step", "cases", "_s", "_t"], ascending=[True, False, True, True], kind="stable")
    return tmp.drop(columns=["_s", "_t"]).reset_index(drop=True)


def _flow_nodes(flow: pd.DataFrame) -> tuple[list[dict[Any, int]], dict[Any, int]]:
    """Return the journeys at each node, per column, and each value's journeys over all columns."""
    n_steps = int(flow["step"].max()) + 1
    # Node sizes: step 1 from the outflows, step j + 1 from the inflows of step j's links.
    nodes: list[dict[Any, int]] = [dict() for _ in range(n_steps)]
    for row in flow.itertuples(index=False):
        j = int(row.step) - 1
        if j == 0:
            nodes[0][row.source] = nodes[0].get(row.source, 0) + int(row.cases)
        nodes[j + 1][row.target] = nodes[j + 1].get(row.target, 0) + int(row.cases)
    sizes: dict[Any, int] = {}
    for col in nodes:
        for v, c in col.items():
            sizes[v] = sizes.get(v, 0) + c
    return nodes, sizes


def _flow_bands(
    ax: Any,
    flow: pd.DataFrame,
    place: list[dict[Any, tuple[float, float]]],
    rank: dict[Any, int],
    colors: dict[Any, str],
    col_x: np.ndarray,
    width: float,
) -> None:
    """Draw each link as a band (two cubic Bezier curves) from its source node to its target node."""
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path

    out_used = [{v: 0.0 for v in col} for col in place]
    in_used = [{v: 0.0 for v in col} for col in place]
    links = flow.assign(
        _sr=flow["source"].map(lambda v: rank.get(v, len(rank))),
        _tr=flow["target"].map(lambda v: rank.get(v, len(rank))),
    ).sort_values(["step", "_sr", "_tr"], kind="stable")
    for row in links.itertuples(index=False):
        j = int(row.step) - 1
        band = float(row.cases)
        sb, sh = place[j][row.source]
        tb, th = place[j + 1][row.target]
        y0 = sb + sh - out_used[j][row.source]
        y1 = tb + th - in_used[j + 1][row.target]
        out_used[j][row.source] += band
        in_used[j + 1][row.target] += band
        x0, x1 = col_x[j] + width / 2, col_x[j + 1] - width / 2
        xm = (x0 + x1) / 2
        verts = [
            (x0, y0), (xm, y0), (xm, y1), (x1, y1),
            (x1, y1 - band), (xm, y1 - band), (xm, y0 - band), (x0, y0 - band),
            (x0, y0),
        ]  # fmt: skip
        codes = [Path.MOVETO, *[Path.CURVE4] * 3, Path.LINETO, *[Path.CURVE4] * 3, Path.CLOSEPOLY]
        ax.add_artist(PathPatch(Path(verts, codes), facecolor=colors[row.source], alpha=0.4, lw=0))


@plotting
def draw_flow(
    flow: pd.DataFrame,
    *,
    order: Sequence[Any] | None = None,
    title: str | None = None,
    min_label: float = 0.02,
    ax: Any = None,
) -> Figure:
    r"""Draw the output of :func:`flows` as a static flow (Sankey-style) diagram.

    Parameters
    ----------
    flow : pandas.DataFrame
        The table returned by :func:`flows` (``step``, ``source``, ``target``, ``cases``).
    order : list, optional
        The order of the values from top to bottom in every column (e.g. the stages in funnel
        order); values not listed follow by size. :data:`END` is always at the bottom.
    title : str, optional
        The figure's title (default: "Where journeys go, step by step").
    min_label : float, default 0.02
        Nodes with fewer than this share of the journeys get no label (they stay drawn), so tiny
        nodes do not write over each other.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new 11 x 5.6 in figure by default.

    Returns
    -------
    matplotlib.figure.Figure
        Columns of nodes (one per step; bar height proportional to cases, labelled with the
        value and its count) joined by bands whose width is the number of journeys. Each value
        keeps its colour (Okabe-Ito palette) in every column; journeys ending are grey.

    Raises
    ------
    cxkit.errors.CXDataError
        ``flow`` is not a table from :func:`flows`.

    Notes
    -----
    Drawn by hand with matplotlib patches (cubic Bezier bands): ``matplotlib.sankey`` draws a
    single process with in- and out-flows of one node, not columns of nodes joined by bands.

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({"case_id": [1, 1, 2, 2, 3], "stage": ["see", "buy", "see", "see", "see"],
    ...                     "timestamp": pd.to_datetime(["2024-01-01"] * 5) + pd.to_timedelta(range(5), "h")})
    >>> fig = draw_flow(flows(log, activity="stage", steps=2))
    >>> sorted(t.get_text() for t in fig.axes[0].texts if "\n" in t.get_text())
    ['(end)\n2', 'buy\n1', 'see\n3']
    """
    import matplotlib.pyplot as plt
    from matplotlib.patches import Rectangle

    from cxkit import style

    need = ["step", "source", "target", "cases"]
    if not isinstance(flow, pd.DataFrame) or any(c not in flow.columns for c in need) or len(flow) == 0:
        raise CXDataError(
            "not a flow table",
            dataset="flow",
            expected="the non-empty table returned by cxkit.journey.analytics.flows "
            "(step, source, target, cases)",
        )
    nodes, sizes = _flow_nodes(flow)
    n_steps = len(nodes)
    total = sum(nodes[0].values())
    listed = list(order) if order is not None else []
    rest = sorted((v for v in sizes if v not in listed and v != END), key=lambda v: (-sizes[v], str(v)))
    rank = {v: i for i, v in enumerate([*listed, *rest, END])}
    values = [v for v in [*listed, *rest] if v in sizes]
    colors = {v: style.CYCLE[i % len(style.CYCLE)] for i, v in enumerate(values)}
    colors[END] = "#BBBBBB"

    if ax is None:
        fig, ax = plt.subplots(figsize=(style.FIGURE_WIDTH_IN, 5.6), layout="constrained")
    else:
        fig = ax.figure
    gap = 0.02 * total
    width = 0.12
    col_x = np.arange(n_steps, dtype=float)
    tallest = max(sum(col.values()) + gap * (len(col) - 1) for col in nodes)
    place: list[dict[Any, tuple[float, float]]] = []  # per column: value -> (bottom, height)
    for column in nodes:
        y = float(tallest)
        here: dict[Any, tuple[float, float]] = {}
        for v in sorted(column, key=lambda v: rank.get(v, len(rank))):
            size = float(column[v])
            here[v] = (y - size, size)
            y -= size + gap
        place.append(here)
    y_low, y_high = -0.02 * total, tallest + 0.1 * total
    # A two-line label's height in data units, so labels of small neighbouring nodes never overlap.
    axes_pt = ax.get_position().height * fig.get_size_inches()[1] * 72
    label_h = 2 * 12 * 1.35 / axes_pt * (y_high - y_low)
    for j, placed in enumerate(place):
        next_top = np.inf
        for v, (bottom, h) in placed.items():
            # add_artist, not add_patch: the limits are set below, so the data limits add_patch
            # works out from every patch's path (a third of a redraw in the journey explorer)
            # would change nothing.
            ax.add_artist(Rectangle((col_x[j] - width / 2, bottom), width, h, color=colors[v], lw=0))
            if h >= min_label * total:
                y_text = min(bottom + h / 2, next_top - label_h / 2)
                next_top = y_text - label_h / 2
                ax.text(
                    col_x[j] + width / 2 + 0.03,
                    y_text,
                    f"{v}\n{round(h):,}",
                    va="center",
                    ha="left",
                    fontsize=12,
                    bbox={"facecolor": "white", "alpha": 0.85, "edgecolor": "none", "pad": 1.5},
                    zorder=5,
                )
    _flow_bands(ax, flow, place, rank, colors, col_x, width)
    for j in range(n_steps):
        ax.text(col_x[j], tallest + 0.03 * total, f"Step {j + 1}", ha="center", va="bottom", fontsize=13)
    ax.set_xlim(-0.3, n_steps - 1 + 0.75)
    ax.set_ylim(y_low, y_high)
    ax.set_axis_off()
    # y=1.0 is where matplotlib would put the title above an axes with no axis drawn; given, it
    # skips measuring the hidden axes' tick labels to find that place (a tenth of a redraw).
    ax.set_title(title or "Where journeys go, step by step", y=1.0)
    return fig
