r"""Which fix first: an impact/effort table of candidate fixes, computed from the survey data.

A *candidate fix* targets one touchpoint; its problem group is the customers who had a bad
experience there (CSAT 1-3 of 5, the same line as :func:`cxkit.journey.touchpoints.touchpoint_performance`).
Its **impact** is the size of that group × the recommendation gap between good and bad experiences
there (with the interval of :func:`cxkit.metrics.compare_nps`) × what a customer is worth; its
**effort** is the team's own estimate (``fixes.yaml``: a declared input). :func:`fix_priorities`
builds the table and :func:`plot_fix_priorities` draws the impact/effort matrix.

>>> load_fixes()["effort"].gt(0).all()
np.True_
"""

from __future__ import annotations

import math
import numbers
from pathlib import Path
from typing import Any

import numpy as np

from cxkit.errors import CXConfigError, CXDataError
from cxkit.style import plotting

__all__ = [
    "FIXES_PATH",
    "FIX_COLUMNS",
    "FIX_QUADRANTS",
    "fix_priorities",
    "fix_priorities_alt",
    "load_fixes",
    "plot_fix_priorities",
]

#: The course's candidate fixes for Larkspur & Co. (module 10).
FIXES_PATH = Path(__file__).with_name("fixes.yaml")

#: The fields of a candidate fix.
FIX_COLUMNS: tuple[str, ...] = ("id", "fix", "touchpoint", "owner", "effort")

#: The four quadrants of the impact/effort matrix, keyed by (high impact, high effort).
FIX_QUADRANTS: dict[tuple[bool, bool], str] = {
    (True, False): "Quick wins",
    (True, True): "Major projects",
    (False, False): "Fill-ins",
    (False, True): "Thankless tasks",
}


def load_fixes(*, path: str | Path | None = None) -> Any:
    """Read and check a YAML file of candidate fixes (default: the course's ``fixes.yaml``).

    The file holds ``unit`` (the unit of effort, e.g. ``person-weeks``) and ``fixes``: a list of
    mappings with the fields :data:`FIX_COLUMNS` (``effort`` a positive number).

    Returns
    -------
    pandas.DataFrame
        One row per fix, the columns :data:`FIX_COLUMNS` and ``unit``.

    Raises
    ------
    CXFileNotFoundError
        The file does not exist.
    CXDataError
        A missing section or field, an effort that is not a positive number, an id used twice.

    Examples
    --------
    >>> f = load_fixes()
    >>> f.loc[0, ["id", "touchpoint", "unit"]].tolist()
    ['late-parcel-notice', 'delivery', 'person-weeks']
    """
    import pandas as pd
    import yaml

    from cxkit.errors import CXFileNotFoundError

    p = FIXES_PATH if path is None else Path(path)
    if not p.is_file():
        raise CXFileNotFoundError(f"No file of candidate fixes at {p}.")
    raw = yaml.safe_load(p.read_text(encoding="utf-8"))
    if not isinstance(raw, dict) or not isinstance(raw.get("fixes"), list) or not raw.get("unit"):
        raise CXDataError("missing sections", dataset=p.name, expected="the sections unit and fixes (a list)")
    for k, row in enumerate(raw["fixes"]):
        if not isinstance(row, dict) or sorted(row) != sorted(FIX_COLUMNS):
            raise CXDataError("wrong fields", dataset=p.name, row=k, expected=", ".join(FIX_COLUMNS))
    table = pd.DataFrame(raw["fixes"], columns=list(FIX_COLUMNS))
    table["unit"] = str(raw["unit"])
    return _check_fixes(table, p.name)


def _check_fixes(fixes: Any, dataset: str = "fixes") -> Any:
    """Check a table of candidate fixes and return a clean copy (effort as float)."""
    import pandas as pd

    from cxkit._checks import require_columns

    require_columns(fixes, FIX_COLUMNS, "table of candidate fixes")
    if len(fixes) == 0:
        raise CXDataError("no candidate fixes", dataset=dataset, expected="at least one row")
    out = fixes.reset_index(drop=True).copy()
    for k, v in enumerate(out["effort"]):
        ok = isinstance(v, numbers.Real) and not isinstance(v, bool) and math.isfinite(v) and float(v) > 0
        if not ok:
            raise CXDataError(
                "effort is not a positive number",
                dataset=dataset,
                column="effort",
                row=f"{k} ({out.loc[k, 'id']})",
                value=v,
                expected="a positive number (the team's estimate, e.g. in person-weeks)",
            )
    ids = out["id"].astype(str)
    dup = ids.duplicated()
    if dup.any():
        k = int(np.argmax(dup.to_numpy()))
        raise CXDataError(
            "fix id used twice", dataset=dataset, column="id", row=k, value=ids[k], expected="unique ids"
        )
    out["id"] = ids
    out["effort"] = pd.to_numeric(out["effort"]).astype(float)
    if "unit" not in out:
        out["unit"] = "effort units"
    return out


def fix_priorities(
    surveys: Any,
    touchpoints: Any,
    *,
    fixes: Any = None,
    value_per_customer: float,
    cuts: str | tuple[float, float] = "median",
    confidence: float = 0.95,
    cluster: str | None = "customer_id",
    min_n: int = 30,
) -> Any:
    r"""Size each candidate fix: impact (with its interval) against effort, and its quadrant.

    For a fix at touchpoint :math:`t`, with :math:`n_t` the customers who gave a not-good CSAT
    answer there (1-3 of 5: the affected group), :math:`g_t` the touchpoint's impact of
    :func:`cxkit.journey.touchpoints.touchpoint_performance` (NPS of good minus NPS of not-good
    experiences, in points) and :math:`v` the value of one customer:

    .. math::

        \mathrm{impact}_t = n_t \times \frac{g_t}{100} \times v .

    :math:`g_t/100` is the gap in the *net* share of promoters (promoters minus detractors); so
    :math:`n_t g_t/100` is how many net promoters the company would gain if the affected customers
    came to recommend it like those who had a good experience, and each is valued at :math:`v`
    (Reichheld & Markey's economics of promoters and detractors). The interval of the impact is the
    interval of the gap, :math:`[g_{low}, g_{high}]` from :func:`cxkit.metrics.compare_nps`,
    scaled by the same factor :math:`n_t v/100`: a linear map of an interval is exact, with
    :math:`n_t` counted and :math:`v` taken as given (their own uncertainty is not included).

    The **quadrant** compares each fix with cut lines (default: the medians of impact and effort
    over the fixes whose impact is not ``too_small``; ``"mean"``, or a pair ``(impact, effort)``):
    high impact (at or above the cut) and low effort (below it) are *Quick wins*; high and high
    *Major projects*; low and low *Fill-ins*; low impact and high effort *Thankless tasks*.
    ``impact_per_effort`` orders fixes within a quadrant.

    Parameters
    ----------
    surveys : pandas.DataFrame
        ``cxkit.data.load("surveys")`` or the same columns (``touchpoint``, ``csat``, ``nps``, the
        ``cluster`` column).
    touchpoints : pandas.DataFrame
        The touchpoint catalogue (``cxkit.data.load("touchpoints")``).
    fixes : pandas.DataFrame or path, optional
        Candidate fixes with the columns :data:`FIX_COLUMNS` (see :func:`load_fixes`); a path to
        a YAML file; default the course's ``fixes.yaml``.
    value_per_customer : float
        What one customer is worth (e.g. a CLV from :func:`cxkit.clv.simple_clv`, in euros).
    cuts : "median", "mean" or (float, float), default "median"
        Where the quadrant lines are: (impact, effort).
    confidence : float, default 0.95
        Confidence level of the gap's interval.
    cluster : str or None, default "customer_id"
        Column of customer ids for cluster-robust intervals; ``None`` treats answers as independent.
    min_n : int, default 30
        A touchpoint with fewer answers is flagged ``too_small`` (see ``touchpoint_performance``).

    Returns
    -------
    pandas.DataFrame
        Indexed by fix id, sorted by impact (largest first): ``fix, touchpoint, owner, effort,
        unit, affected`` (customers with a not-good answer), ``gap, gap_low, gap_high`` (NPS
        points), ``value_per_customer, impact, impact_low, impact_high`` (the unit of the value),
        ``impact_per_effort, too_small, impact_cut, effort_cut, quadrant``. A fix whose touchpoint
        has no impact (no good or no bad answer) keeps blank impacts and no quadrant.

    Raises
    ------
    CXConfigError
        A ``value_per_customer`` that is not a positive number; a bad ``cuts``, ``confidence`` or
        ``min_n``.
    CXDataError
        A missing column; a fix whose touchpoint is not in the catalogue; an effort that is not a
        positive number; bad scores (see ``touchpoint_performance``).

    Notes
    -----
    The gap is an association on the same answers, not a measured effect of the fix: read the
    impact as an upper bound of what the fix could be worth if it removed the bad experiences,
    useful for ranking, not as a forecast. The effort is an estimate by the people who would do
    the work.

    References
    ----------
    Reichheld, F. F. & Markey, R. (2011). *The Ultimate Question 2.0*, chapter 2 ("The economics of
    promoters and detractors"). Harvard Business Review Press.

    Martilla, J. A. & James, J. C. (1977). Importance-performance analysis. *Journal of
    Marketing*, 41(1), 77-79.

    Examples
    --------
    Touchpoint ``a``: good answers NPS +100, not good -100, so a gap of 200 points; one customer had
    a bad experience; at 50 euros a customer the impact is 1 × 200/100 × 50 = 100.

    >>> import pandas as pd
    >>> catalogue = pd.DataFrame({"touchpoint": ["a"], "stage": ["purchase"], "channel": ["web"],
    ...     "owner": ["E-commerce"], "revenue": [True], "phase": ["during"]})
    >>> surveys = pd.DataFrame({"touchpoint": ["a"] * 4, "customer_id": list("pqrs"),
    ...     "csat": [5, 5, 4, 2], "nps": [10, 9, 9, 3]})
    >>> fixes = pd.DataFrame({"id": ["f1"], "fix": ["Fix a"], "touchpoint": ["a"],
    ...     "owner": ["E-commerce"], "effort": [2]})
    >>> t = fix_priorities(surveys, catalogue, fixes=fixes, value_per_customer=50, cluster=None, min_n=2)
    >>> int(t.loc["f1", "affected"]), float(t.loc["f1", "gap"]), float(t.loc["f1", "impact"])
    (1, 200.0, 100.0)
    """
    import pandas as pd

    from cxkit.journey.quadrants import GOOD_MIN, check_cuts
    from cxkit.journey.touchpoints import touchpoint_performance

    _check_value_per_customer(value_per_customer)
    check_cuts(cuts)
    if fixes is None or isinstance(fixes, str | Path):
        table = load_fixes(path=fixes)
    else:
        table = _check_fixes(fixes)
    perf = touchpoint_performance(
        surveys,
        touchpoints,
        metric="csat",
        cuts="median",
        confidence=confidence,
        cluster=cluster,
        min_n=min_n,
    )
    _check_fix_touchpoints(table, touchpoints)
    # the affected group: distinct customers with a not-good answer (the same line as the impact)
    csat = pd.to_numeric(surveys["csat"], errors="coerce")
    bad = surveys[csat.notna() & (csat < GOOD_MIN["csat"])]
    who = bad[cluster] if cluster is not None else pd.Series(np.arange(len(bad)), index=bad.index)
    affected = who.groupby(bad["touchpoint"].astype(str).to_numpy()).nunique()
    v = float(value_per_customer)
    out = table.set_index("id")[["fix", "touchpoint", "owner", "effort", "unit"]].copy()
    tps = out["touchpoint"].astype(str)
    out["affected"] = tps.map(affected).fillna(0).astype(np.int64)
    for mine, theirs in (("gap", "impact"), ("gap_low", "impact_low"), ("gap_high", "impact_high")):
        out[mine] = tps.map(perf[theirs]).astype(float)
    out["value_per_customer"] = v
    factor = out["affected"] * v / 100.0
    out["impact"] = factor * out["gap"]
    out["impact_low"] = factor * out["gap_low"]
    out["impact_high"] = factor * out["gap_high"]
    out["impact_per_effort"] = out["impact"] / out["effort"]
    out["too_small"] = tps.map(perf["too_small"]).fillna(True).astype(bool)
    i_cut, e_cut = _cut_values(out, cuts)
    out["impact_cut"] = i_cut
    out["effort_cut"] = e_cut
    quad = [
        FIX_QUADRANTS[(bool(i >= i_cut), bool(e >= e_cut))] if np.isfinite(i) and np.isfinite(i_cut) else None
        for i, e in zip(out["impact"], out["effort"], strict=True)
    ]
    out["quadrant"] = pd.Series(quad, index=out.index, dtype="string")
    out.index.name = "id"
    return out.sort_values("impact", ascending=False, na_position="last", kind="stable")


def _check_value_per_customer(value_per_customer: Any) -> None:
    if (
        not isinstance(value_per_customer, numbers.Real)
        or isinstance(value_per_customer, bool)
        or not math.isfinite(value_per_customer)
        or value_per_customer <= 0
    ):
        raise CXConfigError(
            f"value_per_customer must be a positive number (what one customer is worth, e.g. a CLV "
            f"in euros); got {value_per_customer!r}."
        )


def _check_fix_touchpoints(table: Any, touchpoints: Any) -> None:
    """Raise naming the first fix whose touchpoint is not in the catalogue."""
    known = set(touchpoints["touchpoint"].astype(str))
    for k, tp in enumerate(table["touchpoint"].astype(str)):
        if tp not in known:
            raise CXDataError(
                "the fix's touchpoint is not in the touchpoint catalogue",
                dataset="fixes",
                column="touchpoint",
                row=f"{k} ({table.loc[k, 'id']})",
                value=tp,
                expected="one of: " + ", ".join(sorted(known)),
            )


def _cut_values(out: Any, cuts: Any) -> tuple[float, float]:
    """Return the impact and effort cuts: given, or the median (mean) over the rated fixes."""
    if not isinstance(cuts, str):
        return float(cuts[0]), float(cuts[1])
    rated = out[out["impact"].notna() & ~out["too_small"]]
    if rated.empty:
        rated = out[out["impact"].notna()]
    agg = np.nanmedian if cuts == "median" else np.nanmean
    i_cut = float(agg(rated["impact"])) if len(rated) else np.nan
    e_cut = float(agg(rated["effort"])) if len(rated) else np.nan
    return i_cut, e_cut


@plotting
def plot_fix_priorities(
    table: Any,
    *,
    ax: Any = None,
    title: str | None = None,
    intervals: bool = True,
    log: bool | None = None,
    fontsize: float = 12.0,
) -> Any:
    """Draw the impact/effort matrix of :func:`fix_priorities`: one labelled point per fix.

    Effort on the x axis, impact on the y axis (in thousands when the impacts are large), the
    impact interval as a vertical whisker, the cut lines dashed and named along them with their
    value (*median effort: 5 person-weeks*; *mean ...* or *... cut* when the cuts were not the
    medians) and each quadrant named in its corner (*Quick wins* top left). Point labels are placed
    by the touchpoint matrix's own placement (:func:`cxkit.style.place_labels`) so
    that they overlap no point or label; the cut lines' labels then take a free end of their line.

    Parameters
    ----------
    table : pandas.DataFrame
        The result of :func:`fix_priorities` (rows without an impact are not drawn).
    ax : matplotlib.axes.Axes, optional
        Where to draw (lay your figure out first); default a new 11 × 6.2 inch figure.
    title : str, optional
        Default "Which fix first: impact against effort".
    intervals : bool, default True
        Draw each impact's interval.
    log : bool, optional
        Impact on a logarithmic axis; default: when every impact is positive and the largest is
        over ten times the smallest (one big fix would otherwise squash the others at the bottom).
    fontsize : float, default 12
        Size of the point labels (at least :data:`cxkit.style.MIN_FONT_PT`).

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    CXDataError
        A column is missing, or no fix has an impact.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"effort": [2.0, 10.0], "impact": [5000.0, 900.0],
    ...     "impact_low": [4000.0, 500.0], "impact_high": [6000.0, 1300.0], "unit": "person-weeks",
    ...     "impact_cut": 2000.0, "effort_cut": 5.0, "too_small": False},
    ...     index=pd.Index(["notice", "rebuild"], name="id"))
    >>> fig = plot_fix_priorities(t)
    >>> sorted(x.get_text() for x in fig.axes[0].texts)[:2]
    ['Fill-ins', 'Major projects']
    >>> [x.get_text() for x in fig.axes[0].texts if ":" in x.get_text()]
    ['effort cut: 5 person-weeks', 'impact cut: 2,000 euros']
    """
    import matplotlib.pyplot as plt

    from cxkit import style
    from cxkit._checks import require_columns

    require_columns(table, ("effort", "impact", "impact_cut", "effort_cut", "unit"), "fix priority table")
    rows = table[table["impact"].notna()]
    if rows.empty:
        raise CXDataError(
            "no fix has an impact to draw",
            column="impact",
            expected="at least one fix whose touchpoint has good and bad answers",
        )
    fontsize = max(float(fontsize), style.MIN_FONT_PT)
    own = ax is None
    if own:
        fig, ax = plt.subplots(figsize=(style.FIGURE_WIDTH_IN, 6.2))
    else:
        fig = ax.figure
    big = float(np.nanmax(np.abs(rows["impact"]))) >= 10_000
    k = 1000.0 if big else 1.0
    x = rows["effort"].to_numpy(dtype=float)
    y = rows["impact"].to_numpy(dtype=float) / k
    low = rows["impact_low"].to_numpy(dtype=float) / k if "impact_low" in rows else y
    high = rows["impact_high"].to_numpy(dtype=float) / k if "impact_high" in rows else y
    i_cut = float(rows["impact_cut"].iloc[0]) / k
    e_cut = float(rows["effort_cut"].iloc[0])
    ys = np.concatenate([y, low[np.isfinite(low)], high[np.isfinite(high)], [i_cut]])
    if log is None:
        log = bool((ys > 0).all() and ys.max() > 10 * ys.min())
    elif log and not (ys > 0).all():
        raise CXConfigError("log=True needs every impact and interval end above 0; use log=False.")
    _set_limits(ax, np.append(x, e_cut), ys, log=log)
    small = rows["too_small"].astype(bool).to_numpy() if "too_small" in rows else np.zeros(len(rows), bool)
    _draw_fixes(ax, x, y, low, high, small, intervals=intervals)
    ax.axvline(e_cut, color="black", ls="--", lw=1.2, zorder=1)
    ax.axhline(i_cut, color="black", ls="--", lw=1.2, zorder=1)
    _name_quadrants(ax)
    unit = str(rows["unit"].iloc[0])
    _label_axes(ax, unit, big=big, log=log, title=title)
    if own:
        fig.tight_layout()
        fig.set_layout_engine("none")
    style.place_labels(ax, x, y, [str(i) for i in rows.index], fontsize)
    rated = rows[~small] if (~small).any() else rows
    money = "thousand euros" if big else "euros"
    _label_cuts(
        ax,
        f"{_cut_kind(rated['effort'], e_cut, 'effort')}: {e_cut:g} {unit}",
        f"{_cut_kind(rated['impact'] / k, i_cut, 'impact')}: {_short(i_cut)} {money}",
        e_cut,
        i_cut,
        np.column_stack([x, np.where(np.isfinite(low), low, y), np.where(np.isfinite(high), high, y)]),
    )
    return fig


def _set_limits(ax: Any, xs: Any, ys: Any, *, log: bool) -> None:
    """Leave room around the points: the quadrant names sit in the corners, away from every point."""
    xr = max(np.ptp(xs), 1.0)
    ax.set_xlim(max(0.0, xs.min() - 0.15 * xr), xs.max() + 0.25 * xr)
    if log:
        ax.set_yscale("log")
        span = math.log10(ys.max() / ys.min())
        ax.set_ylim(ys.min() / 10 ** (0.18 * span), ys.max() * 10 ** (0.2 * span))
    else:
        yr = max(np.ptp(ys), 1e-9)
        ax.set_ylim(min(0.0, ys.min() - 0.15 * yr), ys.max() + 0.22 * yr)


def _draw_fixes(ax: Any, x: Any, y: Any, low: Any, high: Any, small: Any, *, intervals: bool) -> None:
    """Draw one point per fix (hollow when too small) and its impact interval as a whisker."""
    from cxkit import style

    colour = style.PALETTE["blue"]
    if intervals:
        ok = np.isfinite(low) & np.isfinite(high)
        if ok.any():
            ax.errorbar(
                x[ok],
                y[ok],
                yerr=[y[ok] - low[ok], high[ok] - y[ok]],
                fmt="none",
                ecolor="#555555",
                elinewidth=1.5,
                capsize=4,
                zorder=3,
            )
    ax.scatter(x[~small], y[~small], s=110, color=colour, zorder=4)
    if small.any():
        ax.scatter(x[small], y[small], s=110, facecolors="white", edgecolors=colour, linewidths=2, zorder=4)


def _name_quadrants(ax: Any) -> None:
    corner = dict(fontsize=13, fontweight="bold", color="#555555", zorder=3, transform=ax.transAxes)
    ax.text(0.01, 0.98, FIX_QUADRANTS[(True, False)], ha="left", va="top", **corner)
    ax.text(0.99, 0.98, FIX_QUADRANTS[(True, True)], ha="right", va="top", **corner)
    ax.text(0.01, 0.02, FIX_QUADRANTS[(False, False)], ha="left", va="bottom", **corner)
    ax.text(0.99, 0.02, FIX_QUADRANTS[(False, True)], ha="right", va="bottom", **corner)


def _label_axes(ax: Any, unit: str, *, big: bool, log: bool, title: str | None) -> None:
    ax.set_xlabel(f"Effort ({unit}, the team's estimate)")
    ax.set_ylabel(("Impact (thousand euros" if big else "Impact (euros") + (", log scale)" if log else ")"))
    if log:
        from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

        ax.yaxis.set_major_locator(LogLocator(subs=(1.0, 2.0, 5.0)))
        ax.yaxis.set_minor_formatter(NullFormatter())
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v:g}"))
    ax.set_title(title or "Which fix first: impact against effort (whiskers: 95% interval)")
    ax.grid(True, alpha=0.3)


def _cut_kind(values: Any, cut: float, what: str) -> str:
    """Name a cut line: ``median effort`` or ``mean effort`` when it is one, else ``effort cut``.

    The table keeps only the cut's value, so the name is recovered from the values it was computed
    on (the fixes that are not ``too_small``, as :func:`fix_priorities` computes it).
    """
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v)]
    for name, agg in (("median", np.median), ("mean", np.mean)):
        if len(v) and math.isclose(float(agg(v)), cut, rel_tol=1e-9, abs_tol=1e-12):
            return f"{name} {what}"
    return f"{what} cut"


def _short(v: float) -> str:
    """Write a number for a label: whole above 100 (``43,210``), else three figures (``43.5``, ``9``)."""
    return f"{v:,.0f}" if abs(v) >= 100 else f"{v:.3g}"


def _label_cuts(ax: Any, effort: str, impact: str, e_cut: float, i_cut: float, whiskers: Any) -> None:
    """Name the two cut lines in text along them, where no point, whisker or text is.

    The effort label sits at the top or bottom of the vertical line, the impact label at the right
    or left end of the horizontal one, each on either side of its line: the first of these places
    inside the axes that overlaps nothing already drawn is taken (the first, if none is free).
    Written by hand for the same reason as the point labels: matplotlib places no labels itself.
    """
    from matplotlib.transforms import Bbox

    from cxkit import style

    renderer = ax.figure.canvas.get_renderer()
    axes_box = ax.get_window_extent(renderer)
    r = 8.0  # marker half-width in pixels, with a margin (as the point labels)
    taken = [t.get_window_extent(renderer) for t in ax.texts]
    for px, lo, hi in whiskers:
        (x0, y0), (x1, y1) = ax.transData.transform([(px, lo), (px, hi)])
        taken.append(Bbox.from_extents(x0 - r, min(y0, y1) - r, x1 + r, max(y0, y1) + r))
    look = dict(
        fontsize=style.MIN_FONT_PT,
        color="black",
        fontstyle="italic",
        zorder=5,
        textcoords="offset points",
        bbox=dict(boxstyle="square,pad=0.15", fc="white", ec="none", alpha=0.85),
    )
    vertical = [  # (xy in (data, axes) coordinates, offset, ha, va)
        ((e_cut, 0.98), (5, 0), "left", "top"),
        ((e_cut, 0.98), (-5, 0), "right", "top"),
        ((e_cut, 0.02), (5, 0), "left", "bottom"),
        ((e_cut, 0.02), (-5, 0), "right", "bottom"),
    ]
    horizontal = [  # (xy in (axes, data) coordinates, offset, ha, va)
        ((0.99, i_cut), (0, 4), "right", "bottom"),
        ((0.99, i_cut), (0, -4), "right", "top"),
        ((0.01, i_cut), (0, 4), "left", "bottom"),
        ((0.01, i_cut), (0, -4), "left", "top"),
    ]
    for text, places, coords in (
        (effort, vertical, ("data", "axes fraction")),
        (impact, horizontal, ("axes fraction", "data")),
    ):
        chosen = None
        for xy, offset, ha, va in places:
            label = ax.annotate(text, xy, xycoords=coords, xytext=offset, ha=ha, va=va, **look)
            ext = label.get_window_extent(renderer)
            inside = (
                axes_box.x0 <= ext.x0
                and ext.x1 <= axes_box.x1
                and axes_box.y0 <= ext.y0
                and ext.y1 <= axes_box.y1
            )
            if inside and not any(ext.overlaps(b) for b in taken):
                chosen = label
                break
            label.remove()
        if chosen is None:
            xy, offset, ha, va = places[0]
            chosen = ax.annotate(text, xy, xycoords=coords, xytext=offset, ha=ha, va=va, **look)
        taken.append(chosen.get_window_extent(renderer))


def fix_priorities_alt(table: Any) -> str:
    """Alt text for :func:`plot_fix_priorities`: how many fixes, and the quick wins by impact."""
    rows = table[table["impact"].notna()]
    quick = rows[rows["quadrant"] == FIX_QUADRANTS[(True, False)]].sort_values("impact", ascending=False)
    names = ", ".join(str(i) for i in quick.index) or "none"
    top = rows["impact"].idxmax()
    return (
        f"Impact/effort matrix of {len(rows)} candidate fixes: quick wins (high impact, low effort) "
        f"are {names}; the largest impact is {top} at {rows.loc[top, 'impact']:,.0f} "
        f"for {rows.loc[top, 'effort']:g} {rows.loc[top, 'unit']}."
    )
