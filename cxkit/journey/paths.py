r"""Stage paths: how journeys really walk the stages (loops, skipped stages, early ends).

A journey's **path** is its sequence of stages with consecutive repeats merged (``consideration,
consideration, decision`` is the path ``consideration > decision``): the variants of the event log
(:func:`cxkit.journey.variants`, van der Aalst 2016, section 2.2) with the stage as the activity,
merged. :func:`stage_paths` counts the journeys per path and flags the three patterns module 02
teaches: a path that **loops back** (goes to an earlier stage), one that **buys** (reaches the
purchase stage) and one that **skips the basket** (buys with no decision stage, as a store or phone
order does). :func:`path_patterns` gives the three shares per group of journeys with their
intervals, and :func:`draw_path_patterns` draws them.

References
----------
van der Aalst, W. M. P. (2016). *Process Mining: Data Science in Action* (2nd ed.). Springer.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from typing import Any

from cxkit._checks import require_columns
from cxkit.errors import CXDataError
from cxkit.style import plotting

__all__ = [
    "PATTERNS",
    "SHORT_STAGES",
    "STAGE_ORDER",
    "draw_path_patterns",
    "path_label",
    "path_patterns",
    "stage_paths",
]

#: The course's journey stages, in order.
STAGE_ORDER: tuple[str, ...] = ("awareness", "consideration", "decision", "purchase", "post_purchase")
#: Short names for printing a path.
SHORT_STAGES: dict[str, str] = {
    "awareness": "aware",
    "consideration": "consider",
    "decision": "decide",
    "purchase": "buy",
    "post_purchase": "after",
}
#: The patterns :func:`path_patterns` measures, with the base each share is taken of.
PATTERNS: dict[str, str] = {
    "buys": "journeys",
    "loops back": "journeys",
    "skips the basket (of buyers)": "buyers",
}


def path_label(path: Sequence[str], *, names: Mapping[str, str] | None = None) -> str:
    """Return a path as text, with the short stage names: ``aware > consider > decide``.

    Examples
    --------
    >>> path_label(("awareness", "consideration", "decision"))
    'aware > consider > decide'
    >>> path_label(("awareness", "signup"))
    'aware > signup'
    """
    short = SHORT_STAGES if names is None else names
    return " > ".join(short.get(str(s), str(s)) for s in path)


def stage_paths(
    events: Any,
    *,
    case: str = "case_id",
    stage: str = "stage",
    timestamp: str = "timestamp",
    stages: Sequence[str] = STAGE_ORDER,
    basket: str = "decision",
    purchase: str = "purchase",
) -> Any:
    r"""Count the journeys per path of stages, and flag loops, purchases and skipped baskets.

    Parameters
    ----------
    events : pandas.DataFrame
        The event log, one row per event, with ``case``, ``stage`` and ``timestamp``.
    case, stage, timestamp : str
        Column names of the journey, its stage and the time of each event.
    stages : sequence of str, default :data:`STAGE_ORDER`
        The stages in their order; a path **loops back** when a stage follows a later one.
    basket, purchase : str, default "decision", "purchase"
        The stage that holds the basket and the stage of the payment.

    Returns
    -------
    pandas.DataFrame
        One row per path, most common first (ties by path): ``path`` (the text of
        :func:`path_label`), ``journeys``, ``share`` (percent of all journeys), ``loops_back``,
        ``buys``, ``skips_basket`` (buys without the basket stage) and ``stages`` (the path as a
        tuple).

    Raises
    ------
    CXDataError
        A column is missing, or a stage of the log is not in ``stages`` (named with its row).

    Notes
    -----
    With :math:`\sigma_c` the stages of journey :math:`c` in time order and :math:`m(\sigma)` the
    sequence with consecutive repeats merged, the path count is :math:`\#\{c : m(\sigma_c) = p\}`
    (the variants of van der Aalst 2016, section 2.2, merged). A path :math:`p` loops back when
    :math:`r(p_{i+1}) < r(p_i)` for some :math:`i`, with :math:`r` the rank of a stage in ``stages``.

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({"case_id": [1, 1, 1, 2, 2, 3, 3],
    ...     "stage": ["consideration", "decision", "consideration", "consideration", "purchase",
    ...               "consideration", "decision"],
    ...     "timestamp": pd.to_datetime(["2024-01-01"] * 7) + pd.to_timedelta(range(7), "h")})
    >>> stage_paths(log)[["path", "journeys", "loops_back", "buys", "skips_basket"]]
                               path  journeys  loops_back   buys  skips_basket
    0                consider > buy         1       False   True          True
    1             consider > decide         1       False  False         False
    2  consider > decide > consider         1        True  False         False
    """
    import pandas as pd

    from cxkit.journey.analytics import variants

    require_columns(events, [case, stage, timestamp], "event log")
    rank = {str(s): k for k, s in enumerate(stages)}
    values = events[stage].astype(str)
    unknown = ~values.isin(list(rank))
    if unknown.any():
        pos = int(unknown.to_numpy().argmax())
        raise CXDataError(
            "a stage of the event log is not among the stages given",
            column=stage,
            row=pos,
            value=values.iloc[pos],
            expected=f"one of {list(rank)}",
        )
    v = variants(events.assign(**{stage: values}), case=case, activity=stage, timestamp=timestamp)
    merged = [tuple(s for s, _ in itertools.groupby(t)) for t in v["variant"]]
    counts = pd.Series(v["count"].to_numpy(), index=pd.MultiIndex.from_tuples([(p,) for p in merged]))
    per_path = counts.groupby(level=0, sort=False).sum()
    total = int(v["count"].sum())
    rows = []
    for path, n in per_path.items():
        buys = purchase in path
        rows.append(
            {
                "path": path_label(path),
                "journeys": int(n),
                "share": 100 * int(n) / total,
                "loops_back": any(rank[b] < rank[a] for a, b in itertools.pairwise(path)),
                "buys": buys,
                "skips_basket": buys and basket not in path,
                "stages": path,
            }
        )
    out = pd.DataFrame(rows)
    out = out.sort_values(["journeys", "path"], ascending=[False, True], kind="stable")
    return out.reset_index(drop=True)


def path_patterns(
    events: Any,
    *,
    by: str = "segment",
    case: str = "case_id",
    stage: str = "stage",
    timestamp: str = "timestamp",
    stages: Sequence[str] = STAGE_ORDER,
    basket: str = "decision",
    purchase: str = "purchase",
    confidence: float = 0.95,
    method: str = "wilson",
    min_n: int = 30,
) -> Any:
    r"""Give, per group of journeys, the share that buys, loops back and (of buyers) skips the basket.

    Parameters
    ----------
    events : pandas.DataFrame
        The event log with a column ``by`` that is constant within a journey (e.g. the segment).
    by : str, default "segment"
        The column that groups the journeys.
    case, stage, timestamp, stages, basket, purchase
        As :func:`stage_paths`.
    confidence, method, min_n
        As :func:`cxkit.stats.rate_table` (Wilson 1927 by default).

    Returns
    -------
    pandas.DataFrame
        Indexed by (``by``, ``pattern``), the patterns of :data:`PATTERNS` for each group in order
        of first appearance; columns :data:`cxkit.stats.RATE_COLUMNS` (``value`` in percent, ``n``
        the journeys, or the buying journeys for the basket) then ``base`` ("journeys" or "buyers").

    Raises
    ------
    CXDataError
        A column is missing, or a stage is unknown (as :func:`stage_paths`).

    Notes
    -----
    Each share is :math:`100\,x/n` with a proportion's interval (:func:`cxkit.stats.rate_table`);
    journeys are taken as independent units.

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({"case_id": [1, 1, 2, 2, 3],
    ...     "stage": ["consideration", "purchase", "decision", "purchase", "consideration"],
    ...     "timestamp": pd.to_datetime(["2024-01-01"] * 5) + pd.to_timedelta(range(5), "h"),
    ...     "segment": ["B2B", "B2B", "B2C", "B2C", "B2C"]})
    >>> path_patterns(log, min_n=1)[["value", "n", "count"]].round(1)  # doctest: +NORMALIZE_WHITESPACE
                                          value  n  count
    segment pattern
    B2B     buys                          100.0  1      1
            loops back                      0.0  1      0
            skips the basket (of buyers)  100.0  1      1
    B2C     buys                           50.0  2      1
            loops back                      0.0  2      0
            skips the basket (of buyers)    0.0  1      0
    """
    import pandas as pd

    from cxkit.stats import rate_table

    require_columns(events, [by], "event log")
    counts, bases, index, base_names = [], [], [], []
    for group, log in events.groupby(by, sort=False, observed=True):
        t = stage_paths(
            log, case=case, stage=stage, timestamp=timestamp, stages=stages, basket=basket, purchase=purchase
        )
        n = int(t["journeys"].sum())
        buyers = int(t.loc[t["buys"], "journeys"].sum())
        x = {
            "buys": buyers,
            "loops back": int(t.loc[t["loops_back"], "journeys"].sum()),
            "skips the basket (of buyers)": int(t.loc[t["skips_basket"], "journeys"].sum()),
        }
        for pattern, base in PATTERNS.items():
            counts.append(x[pattern])
            bases.append(n if base == "journeys" else buyers)
            index.append((group, pattern))
            base_names.append(base)
    idx = pd.MultiIndex.from_tuples(index, names=[by, "pattern"])
    out = rate_table(counts, bases, index=idx, confidence=confidence, method=method, min_n=min_n)
    out["base"] = base_names
    return out


@plotting
def draw_path_patterns(
    patterns: Any,
    *,
    groups: Sequence[str] = ("B2C", "B2B"),
    ax: Any = None,
    title: str | None = None,
) -> Any:
    """Draw the patterns of :func:`path_patterns` as grouped bars with their intervals.

    One bar per pattern and group, the groups told apart by colour (:data:`cxkit.style.SEGMENT_COLORS`
    where the group is a segment) and by hatching; whiskers are the intervals; each bar is labelled
    with its percentage.

    Parameters
    ----------
    patterns : pandas.DataFrame
        The result of :func:`path_patterns`.
    groups : sequence of str, default ("B2C", "B2B")
        The groups to draw, in order (each must be in the table).
    ax : matplotlib.axes.Axes, optional
        Where to draw; default a new 11 × 5 inch figure.
    title : str, optional
        Default "Journey patterns by group".

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    CXDataError
        A column is missing, or a group is not in the table.

    Examples
    --------
    >>> import pandas as pd
    >>> idx = pd.MultiIndex.from_product([["B2C", "B2B"], list(PATTERNS)], names=["segment", "pattern"])
    >>> t = pd.DataFrame({"value": [40, 10, 20, 60, 10, 35.0], "low": [38, 9, 18, 57, 8, 32.0],
    ...                   "high": [42, 11, 22, 63, 12, 38.0]}, index=idx)
    >>> fig = draw_path_patterns(t)
    >>> [round(b.get_height()) for b in fig.axes[0].patches]
    [40, 10, 20, 60, 10, 35]
    """
    import numpy as np

    from cxkit import style

    require_columns(patterns, ["value", "low", "high"], "path patterns table")
    present = list(dict.fromkeys(patterns.index.get_level_values(0)))
    for g in groups:
        if g not in present:
            raise CXDataError(
                "a group to draw is not in the patterns table",
                column=str(patterns.index.names[0]),
                value=g,
                expected=f"one of {present}",
            )
    fig, ax, own = style.figure_for(ax, 5.0)
    labels = list(PATTERNS)
    ax.grid(axis="x", visible=False)
    x = np.arange(len(labels))
    width = 0.76 / len(groups)
    hatches = ["", "//", "..", "xx"]
    fallback = list(style.PALETTE.values())
    for k, group in enumerate(groups):
        d = patterns.loc[group].reindex(labels)
        pos = x + (k - (len(groups) - 1) / 2) * width
        colour = style.SEGMENT_COLORS.get(group, fallback[k % len(fallback)])
        value = d["value"].to_numpy(dtype=float)
        err = [value - d["low"].to_numpy(dtype=float), d["high"].to_numpy(dtype=float) - value]
        ax.bar(
            pos,
            value,
            width=width * 0.95,
            color=colour,
            hatch=hatches[k % len(hatches)],
            edgecolor="white",
            label=str(group),
            yerr=err,
            capsize=5,
            error_kw={"ecolor": "black", "elinewidth": 1.2},
        )
        for xi, v, top in zip(pos, value, d["high"].to_numpy(dtype=float), strict=True):
            if np.isfinite(v):
                ax.text(xi, top + 1.2, f"{v:.0f}%", ha="center", va="bottom", fontsize=style.MIN_FONT_PT)
    ax.set_xticks(x, labels)
    top = float(np.nanmax(patterns["high"].to_numpy(dtype=float))) if len(patterns) else 100.0
    ax.set_ylim(0, min(100.0, top + 15))
    ax.set_ylabel("% of journeys (of buyers: last group)")
    ax.set_xlabel("Pattern (whiskers: 95% interval)")
    ax.set_title(title or "Journey patterns by group")
    ax.legend(title=str(patterns.index.names[0]), loc="upper right")
    if own:
        fig.tight_layout()
    return fig
