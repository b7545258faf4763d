r"""Touchpoints and channels: which to fix first, where the company measures, how customers switch.

* :func:`touchpoint_performance`: one row per touchpoint with its **performance** (CSAT or CES,
  with a cluster-robust interval from :func:`cxkit.metrics.breakdown`), its **impact** (how much
  the willingness to recommend differs between customers who had a good and a bad experience
  there, with the interval of :func:`cxkit.metrics.compare_nps`) and its quadrant of Martilla &
  James's importance–performance analysis.
* :func:`touchpoint_matrix`: that table drawn as the impact-against-performance matrix.
* :func:`measurement_gap`: the revenue-touchpoint pitfall in numbers: where the company sends its
  surveys against where customers are unhappy and contact support.
* :func:`channel_switching` and :func:`channel_handoffs`: multichannel against omnichannel,
  measured as the share of journeys that use more than one channel (Wilson interval) and the most
  common hand-offs from one channel to the next.

>>> import pandas as pd
>>> from cxkit.journey.touchpoints import channel_switching
>>> events = pd.DataFrame({"case_id": ["J1", "J1", "J2", "J2", "J3"],
...                        "channel": ["app", "store", "web", "web", "web"]})
>>> channel_switching(events)[["journeys", "switching", "share"]]  # doctest: +NORMALIZE_WHITESPACE
     journeys  switching     share
all         3          1  0.333333
"""

from __future__ import annotations

import numbers
import warnings
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from cxkit._checks import require_columns as _require_columns
from cxkit.errors import CXConfigError, CXDataError, CXDataWarning
from cxkit.journey.quadrants import GOOD_MIN as _GOOD_MIN
from cxkit.journey.quadrants import METRIC_LABELS as _LABELS
from cxkit.journey.quadrants import check_cuts as _check_cuts
from cxkit.stats.checks import check_choice, check_confidence, check_min_n
from cxkit.style import place_labels as _place_labels

__all__ = [
    "CATALOGUE_COLUMNS",
    "QUADRANTS",
    "TICKET_TOUCHPOINTS",
    "channel_handoffs",
    "channel_switching",
    "measurement_gap",
    "touchpoint_matrix",
    "touchpoint_performance",
]

#: The columns a touchpoint catalogue needs (``cxkit.data.load("touchpoints")``).
CATALOGUE_COLUMNS: tuple[str, ...] = ("touchpoint", "stage", "channel", "owner", "revenue", "phase")

#: Martilla & James's (1977) quadrant names, keyed by (high impact, high performance).
QUADRANTS: dict[tuple[bool, bool], str] = {
    (True, False): "Concentrate here",
    (True, True): "Keep up the good work",
    (False, False): "Low priority",
    (False, True): "Possible overkill",
}


#: Which touchpoint a support ticket's category is about (categories not listed, such as
#: ``product``, ``account`` and ``technical``, are not about one touchpoint and are not counted).
TICKET_TOUCHPOINTS: dict[str, str] = {"delivery": "delivery", "returns": "returns", "billing": "invoice"}


# --------------------------------------------------------------------------------------------
# checks shared by the functions
# --------------------------------------------------------------------------------------------


def _check_catalogue(touchpoints: Any) -> Any:
    _require_columns(touchpoints, CATALOGUE_COLUMNS, "touchpoint catalogue")
    names = touchpoints["touchpoint"].astype(str)
    dup = names.duplicated()
    if dup.any():
        pos = int(np.argmax(dup.to_numpy()))
        raise CXDataError(
            "touchpoint listed twice in the catalogue",
            dataset="touchpoints",
            column="touchpoint",
            row=touchpoints.index[pos],
            value=names.iloc[pos],
            expected="each touchpoint once",
        )
    return touchpoints.assign(touchpoint=names).set_index("touchpoint")[list(CATALOGUE_COLUMNS[1:])]


def _check_known(df: Any, column: str, known: Any, dataset: str) -> None:
    """Raise naming the first row whose touchpoint is not in the catalogue."""
    values = df[column]
    bad = values.notna().to_numpy() & ~values.astype(str).isin(list(known)).to_numpy()
    if bad.any():
        pos = int(np.argmax(bad))
        raise CXDataError(
            "unknown touchpoint (not in the touchpoint catalogue)",
            dataset=dataset,
            column=column,
            row=df.index[pos],
            value=str(values.iloc[pos]),
            expected="one of: " + ", ".join(str(k) for k in known),
        )


def _check_scores(df: Any, column: str, lo: int, hi: int) -> Any:
    """Return the scores of ``column`` as floats (NaN for blanks), checked to lie on ``lo..hi``."""
    import pandas as pd

    raw = df[column]
    num = pd.to_numeric(raw, errors="coerce")
    bad = (raw.notna() & num.isna()) | (num.notna() & ((num < lo) | (num > hi) | (num % 1 != 0)))
    if bad.any():
        pos = int(np.argmax(bad.to_numpy()))
        raise CXDataError(
            "score off the scale",
            dataset="surveys",
            column=column,
            row=df.index[pos],
            value=raw.iloc[pos],
            expected=f"a whole number from {lo} to {hi}, or a blank",
        )
    return num.astype(float)


# --------------------------------------------------------------------------------------------
# performance and impact
# --------------------------------------------------------------------------------------------


def touchpoint_performance(
    surveys: Any,
    touchpoints: Any,
    *,
    metric: str = "csat",
    touchpoint: str = "touchpoint",
    nps_column: str = "nps",
    cuts: str | tuple[float, float] = "median",
    confidence: float = 0.95,
    cluster: str | None = "customer_id",
    min_n: int = 30,
) -> Any:
    r"""Measure every touchpoint's performance and impact, and place it in the priority matrix.

    **Performance** is the touchpoint's score: CSAT (% satisfied) or CES (mean, 1–7), with the
    interval of :func:`cxkit.metrics.breakdown`, clustered by customer (a customer who answers
    several times counts as one cluster, as in module 07).

    **Impact** is a derived importance (Martilla & James 1977 asked customers for importance;
    deriving it from the answers is the usual alternative, Matzler et al. 2004): the difference
    in Net Promoter Score between the customers who had a good experience at the touchpoint and
    those who did not, among the answers that give both scores:

    .. math::

        \mathrm{impact}_t = \mathrm{NPS}(\text{good at } t) - \mathrm{NPS}(\text{not good at } t),

    where *good* is CSAT 4–5 (satisfied) or CES 5–7 (agrees the company made it easy). A
    touchpoint where a bad experience costs many recommendation points matters more. The
    interval is that of :func:`cxkit.metrics.compare_nps` (Wald for the difference of two NPS,
    cluster-robust by customer with ``cluster``).

    The **quadrant** compares each touchpoint with cut lines (by default the medians of
    performance and impact over the touchpoints that are not too small; ``cuts="mean"`` for the
    means, or a pair of numbers ``(performance, impact)``). A value equal to a cut line counts
    as high. High impact and low performance: *Concentrate here*; high and high: *Keep up the
    good work*; low and low: *Low priority*; low impact and high performance: *Possible
    overkill*.

    Parameters
    ----------
    surveys : pandas.DataFrame
        One row per survey invitation (``cxkit.data.load("surveys")``): the columns
        ``touchpoint``, the metric's column, ``nps_column`` and ``cluster``. Blank scores are
        left out.
    touchpoints : pandas.DataFrame
        The touchpoint catalogue (``cxkit.data.load("touchpoints")``) with the columns
        :data:`CATALOGUE_COLUMNS`.
    metric : {"csat", "ces"}, default "csat"
        The performance score (on the course scales: CSAT 1–5, CES 1–7).
    touchpoint, nps_column : str
        Column names in ``surveys``.
    cuts : "median", "mean" or (float, float), default "median"
        Where the quadrants' lines are.
    confidence : float, default 0.95
        Confidence level of both intervals.
    cluster : str or None, default "customer_id"
        Column of customer ids for cluster-robust intervals; ``None`` treats answers as
        independent.
    min_n : int, default 30
        A touchpoint with fewer answers of the metric, or fewer than ``min_n`` answers with both
        scores, is flagged ``too_small``: kept and placed in a quadrant, but left out of the cut
        lines (read its position as a rough guide).

    Returns
    -------
    pandas.DataFrame
        Indexed by touchpoint (only those with at least one answer of the metric), with the
        catalogue's ``stage, channel, owner, revenue, phase``, then ``metric``, ``performance,
        performance_low, performance_high, n`` (answers of the metric), ``n_good, n_not_good,
        nps_good, nps_not_good, impact, impact_low, impact_high`` (the answers giving both
        scores; ``impact`` is blank when one side has no answer), ``too_small``,
        ``performance_cut, impact_cut`` and ``quadrant`` (blank when impact is blank).

    Raises
    ------
    CXConfigError
        An unknown ``metric`` or ``cuts``, a bad ``confidence`` or ``min_n``.
    CXDataError
        A missing column, a survey about a touchpoint that is not in the catalogue, a score off
        its scale, no answers at all.

    Notes
    -----
    The impact is an association measured on the same answers, not a causal effect: a customer
    in a bad mood may score both questions low. It ranks touchpoints by how strongly their
    experience goes with the willingness to recommend, which is what a priority matrix needs.

    References
    ----------
    Martilla, J. A. & James, J. C. (1977). Importance-performance analysis. *Journal of
    Marketing*, 41(1), 77–79. https://doi.org/10.1177/002224297704100112

    Matzler, K., Bailom, F., Hinterhuber, H. H., Renzl, B. & Pichler, J. (2004). The asymmetric
    relationship between attribute-level performance and overall customer satisfaction: a
    reconsideration of the importance–performance analysis. *Industrial Marketing Management*,
    33(4), 271–277. https://doi.org/10.1016/S0019-8501(03)00055-5

    Examples
    --------
    >>> import pandas as pd
    >>> catalogue = pd.DataFrame({"touchpoint": ["a", "b"], "stage": ["purchase"] * 2,
    ...     "channel": ["web", "store"], "owner": ["E-commerce", "Stores"],
    ...     "revenue": [True, False], "phase": ["during", "after"]})
    >>> surveys = pd.DataFrame({"touchpoint": ["a"] * 4 + ["b"] * 4,
    ...     "customer_id": list("pqrstuvw"),
    ...     "csat": [5, 5, 4, 2, 5, 2, 2, 1], "nps": [10, 9, 9, 3, 8, 2, 5, 0]})
    >>> t = touchpoint_performance(surveys, catalogue, cluster=None, min_n=2)
    >>> t[["performance", "nps_good", "nps_not_good", "impact", "quadrant"]]
    ... # doctest: +NORMALIZE_WHITESPACE
                performance  nps_good  nps_not_good  impact               quadrant
    touchpoint
    a                  75.0     100.0        -100.0   200.0  Keep up the good work
    b                  25.0       0.0        -100.0   100.0           Low priority
    """
    import pandas as pd

    from cxkit.metrics import breakdown, compare_nps

    metric = check_choice(metric, tuple(_GOOD_MIN), "metric")
    confidence = check_confidence(confidence)
    min_n = check_min_n(min_n)
    _check_cuts(cuts)
    catalogue = _check_catalogue(touchpoints)
    columns = [touchpoint, metric, nps_column, *([cluster] if cluster is not None else [])]
    _require_columns(surveys, columns, "survey table")
    _check_known(surveys, touchpoint, catalogue.index, "surveys")
    lo, hi = (1, 5) if metric == "csat" else (1, 7)
    score = _check_scores(surveys, metric, lo, hi)
    rec = _check_scores(surveys, nps_column, 0, 10)
    if score.notna().sum() == 0:
        raise CXDataError(
            "no answers to compute a performance from (every score is blank)",
            dataset="surveys",
            column=metric,
            expected=f"at least one whole number from {lo} to {hi}",
        )
    frame = pd.DataFrame(
        {
            "touchpoint": surveys[touchpoint].astype(str).to_numpy(),
            "score": score.to_numpy(),
            "rec": rec.to_numpy(),
            "cid": (surveys[cluster].to_numpy() if cluster is not None else np.arange(len(surveys))),
        },
        index=surveys.index,
    )
    answered = frame[frame["score"].notna()]
    perf = breakdown(
        answered.assign(**{metric: answered["score"].astype("Int64")}),
        metric,
        by="touchpoint",
        confidence=confidence,
        cluster="cid" if cluster is not None else None,
        min_n=0,
    )
    both = answered[answered["rec"].notna()]
    good = (both["score"] >= _GOOD_MIN[metric]).to_numpy()
    rec_all = both["rec"].to_numpy(dtype=np.int64)
    cid_all = both["cid"].to_numpy()
    where = {str(k): v for k, v in both.groupby("touchpoint", sort=False).indices.items()}
    rows = []
    for name in perf.index.astype(str):
        idx = where.get(name, np.array([], dtype=np.int64))
        gi, bi = idx[good[idx]], idx[~good[idx]]
        row: dict[str, Any] = {"n_good": len(gi), "n_not_good": len(bi)}
        if len(gi) and len(bi):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", CXDataWarning)
                c = compare_nps(
                    rec_all[gi],
                    rec_all[bi],
                    confidence=confidence,
                    cluster=(cid_all[gi], cid_all[bi]) if cluster is not None else None,
                    scale_check=False,
                )
            row.update(
                nps_good=c.value_a,
                nps_not_good=c.value_b,
                impact=c.value,
                impact_low=c.low,
                impact_high=c.high,
            )
        else:
            row.update(
                nps_good=_nps_points(rec_all[gi]) if len(gi) else np.nan,
                nps_not_good=_nps_points(rec_all[bi]) if len(bi) else np.nan,
                impact=np.nan,
                impact_low=np.nan,
                impact_high=np.nan,
            )
        rows.append(row)
    imp = pd.DataFrame(rows, index=perf.index)
    out = catalogue.loc[perf.index.astype(str)].copy()
    out.index = pd.Index(perf.index.astype(str), name="touchpoint")
    out["metric"] = metric
    out["performance"] = perf["value"].to_numpy()
    out["performance_low"] = perf["low"].to_numpy()
    out["performance_high"] = perf["high"].to_numpy()
    out["n"] = perf["n"].to_numpy()
    for col in ("n_good", "n_not_good"):
        out[col] = imp[col].to_numpy().astype(np.int64)
    for col in ("nps_good", "nps_not_good", "impact", "impact_low", "impact_high"):
        out[col] = imp[col].to_numpy(dtype=float)
    out["too_small"] = (out["n"] < min_n) | ((out["n_good"] + out["n_not_good"]) < min_n)
    return _with_quadrants(out, cuts)


def _nps_points(scores: Any) -> float:
    """NPS in points of a few answers (the same formula as cxkit.metrics.nps, via its engine)."""
    from cxkit.metrics import nps

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CXDataWarning)
        return float(nps(np.asarray(scores, dtype=int), scale_check=False).value)


def _with_quadrants(table: Any, cuts: Any) -> Any:
    """Add ``performance_cut``, ``impact_cut`` and ``quadrant`` to a performance table."""
    import pandas as pd

    rated = table[~table["too_small"] & table["impact"].notna()]
    if isinstance(cuts, str):
        if rated.empty:  # nothing large enough: cut on every rated touchpoint instead
            rated = table[table["impact"].notna()]
        agg = np.nanmedian if cuts == "median" else np.nanmean
        p_cut = float(agg(rated["performance"])) if len(rated) else np.nan
        i_cut = float(agg(rated["impact"])) if len(rated) else np.nan
    else:
        p_cut, i_cut = float(cuts[0]), float(cuts[1])
    out = table.copy()
    out["performance_cut"] = p_cut
    out["impact_cut"] = i_cut
    quad = [
        QUADRANTS[(bool(i >= i_cut), bool(p >= p_cut))] if np.isfinite(i) and np.isfinite(p) else None
        for p, i in zip(out["performance"], out["impact"], strict=True)
    ]
    out["quadrant"] = pd.Series(quad, index=out.index, dtype="string")
    return out


# --------------------------------------------------------------------------------------------
# the matrix figure
# --------------------------------------------------------------------------------------------

_MATRIX_COLUMNS = ("performance", "impact", "revenue", "too_small", "performance_cut", "impact_cut", "metric")


def touchpoint_matrix(
    table: Any,
    *,
    ax: Any = None,
    title: str | None = None,
    intervals: bool = True,
    fontsize: float = 12.0,
) -> Any:
    """Draw the priority matrix: impact against performance, the four quadrants named.

    Each touchpoint is a point labelled with its name; revenue touchpoints are blue squares and
    the others orange circles (shape and colour both differ, so the two kinds stay apart for
    colour-blind readers and in grey print); touchpoints flagged ``too_small`` are drawn hollow
    and their label ends with their n. The cut lines are dashed and each quadrant carries Martilla
    & James's name in its corner. Labels are placed so that they do not overlap each other or the
    points.

    Parameters
    ----------
    table : pandas.DataFrame
        The result of :func:`touchpoint_performance` (rows without an impact are not drawn).
    ax : matplotlib.axes.Axes, optional
        Where to draw; default a new 11 × 6.2 inch figure (readable at 1280×720 and on A4). The
        labels are placed for the axes' size and position when called: set the layout of your
        own figure (``subplots_adjust``) before, and do not let it change afterwards.
    title : str, optional
        Default "Which touchpoints to fix first".
    intervals : bool, default True
        Draw each point's impact interval as a thin vertical line.
    fontsize : float, default 12
        Size of the touchpoint labels (at least :data:`cxkit.style.MIN_FONT_PT`).

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    CXDataError
        A column of :func:`touchpoint_performance`'s table is missing, or no row has an impact.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"performance": [80.0, 40.0], "impact": [120.0, 90.0],
    ...     "revenue": [True, False], "too_small": [False, True], "performance_cut": 60.0,
    ...     "impact_cut": 100.0, "metric": "csat", "n": [50, 12], "quadrant": ["x", "y"]},
    ...     index=pd.Index(["checkout", "invoice"], name="touchpoint"))
    >>> fig = touchpoint_matrix(t)
    >>> sorted(x.get_text() for x in fig.axes[0].texts if x.get_text().startswith(("ch", "inv")))
    ['checkout', 'invoice (n = 12)']
    """
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    from cxkit import style

    _require_columns(table, _MATRIX_COLUMNS, "touchpoint performance table")
    rows = table[table["impact"].notna() & table["performance"].notna()]
    if rows.empty:
        raise CXDataError(
            "no touchpoint has both a performance and an impact to draw",
            column="impact",
            expected="at least one row with an impact (a touchpoint with good and bad answers)",
        )
    fontsize = max(float(fontsize), style.MIN_FONT_PT)
    own = ax is None
    if own:
        style.use()
        fig, ax = plt.subplots(figsize=(style.FIGURE_WIDTH_IN, 6.2))
    else:
        fig = ax.figure
    metric = str(rows["metric"].iloc[0])
    x = rows["performance"].to_numpy(dtype=float)
    y = rows["impact"].to_numpy(dtype=float)
    p_cut = float(rows["performance_cut"].iloc[0])
    i_cut = float(rows["impact_cut"].iloc[0])
    low = rows["impact_low"].to_numpy(dtype=float) if "impact_low" in rows else y
    high = rows["impact_high"].to_numpy(dtype=float) if "impact_high" in rows else y
    # Axis limits: the points (not the long intervals of small groups) with room for labels.
    xs_all = np.append(x, p_cut)
    ys_all = np.append(y, i_cut)
    xr = max(np.ptp(xs_all), 1.0)
    yr = max(np.ptp(ys_all), 1.0)
    ax.set_xlim(xs_all.min() - 0.22 * xr, xs_all.max() + 0.22 * xr)
    ax.set_ylim(ys_all.min() - 0.2 * yr, ys_all.max() + 0.25 * yr)
    revenue = rows["revenue"].astype(bool).to_numpy()
    small = rows["too_small"].astype(bool).to_numpy()
    colours = {True: style.PALETTE["blue"], False: style.PALETTE["orange"]}
    markers = {True: "s", False: "o"}
    if intervals:
        y0, y1 = ax.get_ylim()
        for xi, lo_i, hi_i, rv in zip(x, low, high, revenue, strict=True):
            if np.isfinite(lo_i) and np.isfinite(hi_i):
                ax.plot(
                    [xi, xi],
                    [max(lo_i, y0), min(hi_i, y1)],
                    color=colours[bool(rv)],
                    alpha=0.35,
                    lw=1.5,
                    zorder=2,
                )
    for rv in (True, False):
        for sm in (False, True):
            sel = (revenue == rv) & (small == sm)
            if sel.any():
                ax.scatter(
                    x[sel],
                    y[sel],
                    s=110,
                    marker=markers[rv],
                    facecolors="white" if sm else colours[rv],
                    edgecolors=colours[rv],
                    linewidths=2,
                    zorder=4,
                )
    ax.axvline(p_cut, color="black", ls="--", lw=1.2, zorder=1)
    ax.axhline(i_cut, color="black", ls="--", lw=1.2, zorder=1)
    corner = dict(fontsize=13, fontweight="bold", color="#555555", zorder=3, transform=ax.transAxes)
    ax.text(0.01, 0.98, QUADRANTS[(True, False)], ha="left", va="top", **corner)
    ax.text(0.99, 0.98, QUADRANTS[(True, True)], ha="right", va="top", **corner)
    ax.text(0.01, 0.02, QUADRANTS[(False, False)], ha="left", va="bottom", **corner)
    ax.text(0.99, 0.02, QUADRANTS[(False, True)], ha="right", va="bottom", **corner)
    n = rows["n"].to_numpy() if "n" in rows else np.zeros(len(rows), dtype=int)
    names = [
        f"{name} (n = {int(k)})" if sm and "n" in rows else str(name)
        for name, sm, k in zip(rows.index, small, n, strict=True)
    ]
    ax.set_xlabel(f"Performance: {_LABELS.get(metric, metric)}")
    ax.set_ylabel("Impact: NPS good minus not good")
    ax.set_title(title or "Which touchpoints to fix first")
    handles = [
        Line2D([], [], ls="", marker="s", ms=10, color=colours[True], label="revenue touchpoint"),
        Line2D([], [], ls="", marker="o", ms=10, color=colours[False], label="other touchpoint"),
        Line2D([], [], ls="", marker="o", ms=10, mfc="white", mec="#555555", mew=2, label="fewer answers"),
    ]
    if not small.any():
        handles = handles[:2]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=3, fontsize=12)
    if own:  # the labels are placed in the final axes: lay out first (a caller's ax is laid out)
        fig.tight_layout()
        fig.set_layout_engine("none")
    _place_labels(ax, x, y, names, fontsize)
    return fig


# --------------------------------------------------------------------------------------------
# the revenue-touchpoint pitfall
# --------------------------------------------------------------------------------------------


def measurement_gap(
    surveys: Any,
    touchpoints: Any,
    *,
    tickets: Any = None,
    touchpoint: str = "touchpoint",
    responded_column: str = "responded",
    nps_column: str = "nps",
    csat_column: str = "csat",
    category_column: str = "category",
    ticket_touchpoints: Mapping[str, str] | None = None,
    detractor_max: int = 6,
    confidence: float = 0.95,
    min_n: int = 30,
) -> Any:
    r"""Where the company measures against where customers suffer, per touchpoint.

    The revenue-touchpoint pitfall: a company tends to survey and improve the touchpoints that
    take money (basket, checkout, till) and to look less at those where customers are unhappy
    after the sale (billing, returns, support). This table puts both side by side for every
    touchpoint of the catalogue, including those never surveyed:

    .. math::

        \text{invitation share}_t = \frac{I_t}{\sum_u I_u}, \qquad
        \text{detractor rate}_t = \frac{D_t}{A_t}, \qquad
        \text{detractor share}_t = \frac{D_t}{\sum_u D_u},

    with :math:`I_t` the invitations sent about touchpoint :math:`t`, :math:`A_t` the answers to
    the recommend question and :math:`D_t` the detractors (0 to ``detractor_max``) among them.
    The detractor rate has a Wilson interval (:func:`cxkit.stats.intervals.proportion_wilson`;
    answers taken as independent). ``low_csat_rate`` is the share of CSAT answers of 1 or 2.
    With ``tickets``, each ticket is counted at the touchpoint its category is about
    (:data:`TICKET_TOUCHPOINTS`: delivery → delivery, returns → returns, billing → invoice), and
    ``tickets_per_100_invitations`` is :math:`100\,T_t / I_t` (blank when nothing was sent).

    Parameters
    ----------
    surveys : pandas.DataFrame
        One row per invitation, with ``touchpoint``, ``responded``, ``nps`` and ``csat``.
    touchpoints : pandas.DataFrame
        The touchpoint catalogue (:data:`CATALOGUE_COLUMNS`).
    tickets : pandas.DataFrame, optional
        Support tickets with a ``category`` column.
    touchpoint, responded_column, nps_column, csat_column, category_column : str
        Column names.
    ticket_touchpoints : mapping, optional
        Category → touchpoint; default :data:`TICKET_TOUCHPOINTS`. Each touchpoint named must be
        in the catalogue.
    detractor_max : int, default 6
        Highest recommend score counted as a detractor.
    confidence : float, default 0.95
        Confidence level of the detractor rate's interval.
    min_n : int, default 30
        Touchpoints with fewer recommend answers are flagged ``too_small``.

    Returns
    -------
    pandas.DataFrame
        One row per catalogue touchpoint, in catalogue order: ``stage, channel, owner, revenue,
        phase, invitations, invitation_share, answered, detractors, detractor_rate,
        detractor_low, detractor_high, detractor_share, low_csat_rate, too_small`` and, with
        ``tickets``, ``tickets`` and ``tickets_per_100_invitations``. Shares are fractions (0–1).

    Raises
    ------
    CXDataError
        A missing column, a touchpoint not in the catalogue, a score off its scale.
    CXConfigError
        A bad ``confidence``, ``min_n`` or ``detractor_max``, or a ``ticket_touchpoints`` entry
        naming a touchpoint that is not in the catalogue.

    References
    ----------
    Wilson, E. B. (1927). Probable inference, the law of succession, and statistical inference.
    *Journal of the American Statistical Association*, 22(158), 209–212.

    Examples
    --------
    >>> import pandas as pd
    >>> catalogue = pd.DataFrame({"touchpoint": ["checkout", "invoice"],
    ...     "stage": ["purchase", "post_purchase"], "channel": ["web", "email"],
    ...     "owner": ["E-commerce", "Finance"], "revenue": [True, False],
    ...     "phase": ["during", "after"]})
    >>> surveys = pd.DataFrame({"touchpoint": ["checkout"] * 3 + ["invoice"],
    ...     "responded": [True, True, False, True],
    ...     "nps": pd.array([9, 3, None, 2], dtype="Int64"),
    ...     "csat": pd.array([5, 2, None, 1], dtype="Int64")})
    >>> gap = measurement_gap(surveys, catalogue, min_n=1)
    >>> gap[["invitations", "invitation_share", "detractors", "detractor_share"]]
    ... # doctest: +NORMALIZE_WHITESPACE
                invitations  invitation_share  detractors  detractor_share
    touchpoint
    checkout              3              0.75           1              0.5
    invoice               1              0.25           1              0.5
    """
    import pandas as pd

    from cxkit.stats.intervals import proportion_wilson

    confidence = check_confidence(confidence)
    min_n = check_min_n(min_n)
    if (
        isinstance(detractor_max, bool)
        or not isinstance(detractor_max, numbers.Integral)
        or not (0 <= detractor_max < 10)
    ):
        raise CXConfigError(
            f"detractor_max must be a whole number from 0 to 9 (e.g. 6); got {detractor_max!r}."
        )
    catalogue = _check_catalogue(touchpoints)
    _require_columns(surveys, [touchpoint, responded_column, nps_column, csat_column], "survey table")
    _check_known(surveys, touchpoint, catalogue.index, "surveys")
    rec = _check_scores(surveys, nps_column, 0, 10)
    sat = _check_scores(surveys, csat_column, 1, 5)
    tp = surveys[touchpoint].astype(str)
    frame = pd.DataFrame(
        {
            "tp": tp.to_numpy(),
            "inv": 1,
            "ans": rec.notna().to_numpy().astype(int),
            "det": (rec <= detractor_max).to_numpy().astype(int),
            "csat_n": sat.notna().to_numpy().astype(int),
            "low": (sat <= 2).to_numpy().astype(int),
        }
    )
    sums = frame.groupby("tp").sum().reindex(catalogue.index, fill_value=0)
    out = catalogue.copy()
    out["invitations"] = sums["inv"].to_numpy(dtype=np.int64)
    total_inv = out["invitations"].sum()
    out["invitation_share"] = out["invitations"] / total_inv if total_inv else np.nan
    out["answered"] = sums["ans"].to_numpy(dtype=np.int64)
    out["detractors"] = sums["det"].to_numpy(dtype=np.int64)
    ans = out["answered"].to_numpy(dtype=float)
    det = out["detractors"].to_numpy(dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        out["detractor_rate"] = np.where(ans > 0, det / ans, np.nan)
        lo, hi, _ = proportion_wilson(det, ans, confidence=confidence)
        out["detractor_low"] = np.where(ans > 0, lo, np.nan)
        out["detractor_high"] = np.where(ans > 0, hi, np.nan)
        total_det = det.sum()
        out["detractor_share"] = det / total_det if total_det else np.nan
        cn = sums["csat_n"].to_numpy(dtype=float)
        out["low_csat_rate"] = np.where(cn > 0, sums["low"].to_numpy(dtype=float) / cn, np.nan)
    out["too_small"] = out["answered"] < min_n
    if tickets is not None:
        mapping = dict(TICKET_TOUCHPOINTS if ticket_touchpoints is None else ticket_touchpoints)
        for cat, name in mapping.items():
            if name not in catalogue.index:
                raise CXConfigError(
                    f"ticket_touchpoints maps {cat!r} to {name!r}, which is not in the touchpoint "
                    f"catalogue; choose one of: {', '.join(catalogue.index)}."
                )
        _require_columns(tickets, [category_column], "ticket table")
        counts = tickets[category_column].astype(str).map(mapping).value_counts()
        out["tickets"] = counts.reindex(catalogue.index, fill_value=0).to_numpy(dtype=np.int64)
        inv = out["invitations"].to_numpy(dtype=float)
        with np.errstate(invalid="ignore", divide="ignore"):
            out["tickets_per_100_invitations"] = np.where(inv > 0, 100 * out["tickets"] / inv, np.nan)
    out.index.name = "touchpoint"
    return out


# --------------------------------------------------------------------------------------------
# channel switching
# --------------------------------------------------------------------------------------------


def _journey_events(events: Any, case: str, channel: str, stage: str, stages: Any, extra: list[str]) -> Any:
    cols = [case, channel, *extra, *([stage] if stages is not None else [])]
    _require_columns(events, cols, "event log")
    for col in (case, channel):
        blank = events[col].isna().to_numpy()
        if blank.any():
            pos = int(np.argmax(blank))
            raise CXDataError(
                "blank value",
                dataset="events",
                column=col,
                row=events.index[pos],
                value=None,
                expected=f"a {col} on every event",
            )
    if stages is None:
        return events
    chosen = [stages] if isinstance(stages, str) else list(stages)
    known = set(events[stage].dropna().astype(str))
    unknown = [s for s in chosen if s not in known]
    if unknown or not chosen:
        raise CXConfigError(
            f"stages must name stages found in the column {stage!r}; got {stages!r}. "
            f"The stages in the data are: {', '.join(sorted(known))}."
        )
    return events[events[stage].astype(str).isin(chosen)]


def channel_switching(
    events: Any,
    *,
    by: str | None = None,
    case: str = "case_id",
    channel: str = "channel",
    stage: str = "stage",
    stages: Sequence[str] | None = None,
    confidence: float = 0.95,
    min_n: int = 30,
) -> Any:
    r"""Share of journeys that use more than one channel: omnichannel behaviour, measured.

    A company is *multichannel* when it offers several channels; its customers behave
    *omnichannel* when one journey moves between them (browse in the app, buy in a store). For
    each group, with :math:`J` journeys of which :math:`S` use two channels or more,

    .. math::

        \text{share} = S / J,

    with the Wilson score interval (:func:`cxkit.stats.intervals.proportion_wilson`; each journey
    counts once, journeys taken as independent).

    Parameters
    ----------
    events : pandas.DataFrame
        The event log: one row per event with ``case`` and ``channel`` (``cxkit.data.load("events")``).
    by : str, optional
        A column of ``events`` to split by (e.g. ``"segment"`` after joining the customers). A
        journey belongs to the group of its first event; journeys whose group is blank are left
        out with a :class:`~cxkit.errors.CXDataWarning`.
    case, channel, stage : str
        Column names.
    stages : list of str, optional
        Count only events of these stages (e.g. ``["consideration", "decision", "purchase"]``
        for the shopping part, leaving out ads and after-sale e-mails).
    confidence : float, default 0.95
        Confidence level of the interval.
    min_n : int, default 30
        Groups with fewer journeys are flagged ``too_small``.

    Returns
    -------
    pandas.DataFrame
        One row per group (the single row ``"all"`` without ``by``): ``journeys``, ``switching``
        (journeys with two channels or more), ``share``, ``low``, ``high`` (fractions),
        ``mean_channels`` (channels per journey) and ``too_small``.

    Raises
    ------
    CXDataError
        A missing column or a blank case id or channel.
    CXConfigError
        An unknown stage, a bad ``confidence`` or ``min_n``.

    References
    ----------
    Verhoef, P. C., Kannan, P. K. & Inman, J. J. (2015). From multi-channel retailing to
    omni-channel retailing. *Journal of Retailing*, 91(2), 174–181.

    Examples
    --------
    >>> import pandas as pd
    >>> events = pd.DataFrame({"case_id": ["J1", "J1", "J2", "J3", "J3"],
    ...     "channel": ["app", "store", "web", "web", "web"], "segment": ["B2C"] * 5})
    >>> t = channel_switching(events, by="segment", min_n=1)
    >>> t[["journeys", "switching", "mean_channels"]]  # doctest: +NORMALIZE_WHITESPACE
             journeys  switching  mean_channels
    segment
    B2C             3          1       1.333333
    """
    import pandas as pd

    from cxkit.stats.intervals import proportion_wilson

    confidence = check_confidence(confidence)
    min_n = check_min_n(min_n)
    ev = _journey_events(events, case, channel, stage, stages, [by] if by is not None else [])
    per = ev.groupby(case, sort=True)[channel].nunique()
    if by is None:
        group = pd.Series("all", index=per.index)
    else:
        group = ev.groupby(case, sort=True)[by].first().reindex(per.index)
        blank = group.isna()
        if blank.any():
            warnings.warn(
                f"{int(blank.sum()):,} journeys with a blank {by!r} were left out of the table "
                "(no group to put them in); fill the blanks (e.g. 'prospect') to count them.",
                CXDataWarning,
                stacklevel=2,
            )
            per, group = per[~blank], group[~blank]
    frame = pd.DataFrame({"g": group.astype(str).to_numpy(), "k": per.to_numpy()})
    agg = frame.groupby("g", sort=True).agg(
        journeys=("k", "size"), switching=("k", lambda k: int((k >= 2).sum())), mean_channels=("k", "mean")
    )
    j = agg["journeys"].to_numpy(dtype=float)
    s = agg["switching"].to_numpy(dtype=float)
    lo, hi, _ = proportion_wilson(s, j, confidence=confidence)
    out = pd.DataFrame(
        {
            "journeys": agg["journeys"].to_numpy(dtype=np.int64),
            "switching": agg["switching"].to_numpy(dtype=np.int64),
            "share": s / j,
            "low": lo,
            "high": hi,
            "mean_channels": agg["mean_channels"].to_numpy(dtype=float),
            "too_small": j < min_n,
        },
        index=pd.Index(agg.index.to_numpy(), name=by),
    )
    return out


def channel_handoffs(
    events: Any,
    *,
    case: str = "case_id",
    channel: str = "channel",
    timestamp: str = "timestamp",
    stage: str = "stage",
    stages: Sequence[str] | None = None,
    top: int | None = 10,
) -> Any:
    r"""Count the most common hand-offs from one channel to another within a journey.

    Events are put in time order within each journey; a hand-off ``a → b`` is a pair of
    consecutive events whose channel changes from ``a`` to ``b``. For each pair,
    ``journeys`` counts the journeys with at least one such hand-off and ``share`` divides by
    all journeys (after ``stages``), so "12 % of journeys go from the app to a store".

    Parameters
    ----------
    events : pandas.DataFrame
        The event log with ``case``, ``channel`` and ``timestamp``.
    case, channel, timestamp, stage : str
        Column names.
    stages : list of str, optional
        Keep only events of these stages before looking for hand-offs.
    top : int or None, default 10
        Keep the ``top`` most common hand-offs (``None``: all).

    Returns
    -------
    pandas.DataFrame
        Columns ``from_channel, to_channel, journeys, share, handoffs`` (every occurrence,
        counting repeats within a journey), most common first (ties by name).

    Raises
    ------
    CXDataError
        A missing column or a blank case id or channel.
    CXConfigError
        An unknown stage or a bad ``top``.

    Examples
    --------
    >>> import pandas as pd
    >>> events = pd.DataFrame({"case_id": ["J1", "J1", "J2", "J2", "J2"],
    ...     "channel": ["app", "store", "app", "store", "app"],
    ...     "timestamp": pd.to_datetime(["2025-01-01 10:00", "2025-01-02 11:00",
    ...         "2025-01-01 09:00", "2025-01-01 12:00", "2025-01-03 08:00"])})
    >>> channel_handoffs(events)  # doctest: +NORMALIZE_WHITESPACE
      from_channel to_channel  journeys  share  handoffs
    0          app      store         2    1.0         2
    1        store        app         1    0.5         1
    """
    import pandas as pd

    if top is not None and (isinstance(top, bool) or not isinstance(top, numbers.Integral) or top < 1):
        raise CXConfigError(f"top must be a whole number of 1 or more, or None; got {top!r}.")
    ev = _journey_events(events, case, channel, stage, stages, [timestamp])
    ev = ev.sort_values([case, timestamp], kind="stable")
    cases = ev[case].to_numpy()
    chans = ev[channel].astype(str).to_numpy()
    n_journeys = len(pd.unique(cases))
    same = cases[1:] == cases[:-1]
    change = same & (chans[1:] != chans[:-1])
    pairs = pd.DataFrame(
        {"case": cases[1:][change], "from_channel": chans[:-1][change], "to_channel": chans[1:][change]}
    )
    if pairs.empty:
        return pd.DataFrame(
            {
                "from_channel": pd.Series([], dtype=object),
                "to_channel": pd.Series([], dtype=object),
                "journeys": pd.Series([], dtype=np.int64),
                "share": pd.Series([], dtype=float),
                "handoffs": pd.Series([], dtype=np.int64),
            }
        )
    grouped = pairs.groupby(["from_channel", "to_channel"], sort=True)
    out = pd.DataFrame({"journeys": grouped["case"].nunique(), "handoffs": grouped.size()}).reset_index()
    out["share"] = out["journeys"] / n_journeys
    out = out.sort_values(["journeys", "from_channel", "to_channel"], ascending=[False, True, True])
    out = out[["from_channel", "to_channel", "journeys", "share", "handoffs"]]
    if top is not None:
        out = out.head(int(top))
    return out.reset_index(drop=True)
