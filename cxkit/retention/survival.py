r"""Time to the next order, with censoring: Kaplan-Meier curves and the log-rank test.

"Did the customer come back?" is a question about *time*: a customer who had a late parcel in
November 2025 has had six weeks to order again by the end of the data, one from March 2024 almost
two years. Counting "came back ever" gives the two unequal chances. Survival analysis compares
them fairly: each customer is followed from a start (a delivery, a survey answer, a ticket's
resolution) until their next order (the *event*) or the end of the data (*censored*: we only know
they had not ordered yet).

The Kaplan-Meier estimator (Kaplan & Meier 1958) of the probability of *not yet* having ordered
again by day :math:`t` is

.. math::

    \hat S(t) = \prod_{t_i \le t} \left(1 - \frac{d_i}{n_i}\right),

over the days :math:`t_i` on which :math:`d_i` customers ordered again out of :math:`n_i` still
followed (at risk; a customer censored on day :math:`t_i` is still at risk that day). The share
who came back by day :math:`t` is :math:`1 - \hat S(t)`. Its interval is the log-log interval of
Kalbfleisch & Prentice (2002, eq. 1.10), built on Greenwood's (1926) variance; both are computed by
:func:`scipy.stats.ecdf`. Two groups' curves are compared with the log-rank test (Mantel 1966;
Peto & Peto 1972), :func:`scipy.stats.logrank`.

>>> import pandas as pd
>>> km = kaplan_meier([2, 3, 3, 5, 8], [True, True, False, True, False], at=[2, 3, 5])
>>> km[["value", "n", "at_risk", "returned"]].round(1)  # doctest: +NORMALIZE_WHITESPACE
     value  n  at_risk  returned
day
2     20.0  5        5         1
3     40.0  5        4         2
5     70.0  5        2         3
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats as sps

from cxkit import style
from cxkit._checks import require_columns, shown
from cxkit.errors import CXDataError
from cxkit.stats.checks import check_confidence, check_min_n
from cxkit.stats.rates import interval_columns
from cxkit.stats.stratified import stratified_difference

__all__ = [
    "LogRankResult",
    "compare_return",
    "kaplan_meier",
    "logrank_test",
    "plot_return_curves",
    "time_to_next_order",
]

#: The ``method`` column of a Kaplan-Meier table: the log-log interval on Greenwood's variance.
KM_METHOD = "kaplan_meier_loglog"


def _timestamps(values: pd.Series, column: str, what: str) -> pd.Series:
    """Return ``values`` as timestamps, or raise naming the column and the first bad row."""
    if pd.api.types.is_datetime64_any_dtype(values):
        out = values
    else:
        raise CXDataError(
            f"{what} must be dates or timestamps",
            column=column,
            value=str(values.dtype),
            expected="a datetime column (cxkit.data.load reads the course's dates as datetimes; "
            "for your own text dates use cxkit.data.read_csv or pd.to_datetime with a format)",
        )
    blank = out.isna().to_numpy()
    if blank.any():
        pos = int(np.flatnonzero(blank)[0])
        raise CXDataError(
            f"{what} is blank", column=column, row=shown(out.index[pos]), value=None, expected="a date"
        )
    return out


def time_to_next_order(
    starts: pd.DataFrame,
    orders: pd.DataFrame,
    /,
    *,
    start: str = "start",
    customer: str = "customer_id",
    timestamp: str = "timestamp",
    as_of: Any = None,
) -> pd.DataFrame:
    """Follow each start (a delivery, an answer, a ticket) to the customer's next order, or censor it.

    For every row of ``starts``, the days from its ``start`` time to the same customer's first
    order strictly after it (``returned`` is True), or, when there is none by ``as_of``, the days
    to ``as_of`` (``returned`` is False: censored, the customer had not ordered again *yet*).

    Parameters
    ----------
    starts : DataFrame
        One row per start, with the customer and the start time; other columns (a group, a
        segment) are kept.
    orders : DataFrame
        The orders (``cxkit.data.load("orders")``), with the customer and the order time.
    start, customer, timestamp : str
        The columns of the start time (in ``starts``), of the customer (both tables) and of the
        order time (in ``orders``).
    as_of : date-like, optional
        The end of follow-up: the last moment the orders table covers (for the course data,
        ``"2026-01-01"``: they run to the end of 2025-12-31). Default: the latest order or start
        time. Starts after it are an error (they cannot be followed).

    Returns
    -------
    DataFrame
        ``starts`` with three more columns: ``days`` (float, days followed), ``returned`` (bool)
        and ``days_to_end`` (the days from the start to ``as_of``: how long the customer *could*
        be followed, whatever they did; :func:`compare_return` selects on it).

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": ["a", "a", "b"],
    ...                        "timestamp": pd.to_datetime(["2025-01-01", "2025-01-11", "2025-01-02"])})
    >>> starts = pd.DataFrame({"customer_id": ["a", "b"],
    ...                        "start": pd.to_datetime(["2025-01-01", "2025-01-02"])})
    >>> time_to_next_order(starts, orders, as_of="2025-01-31")
      customer_id      start  days  returned  days_to_end
    0           a 2025-01-01  10.0      True         30.0
    1           b 2025-01-02  29.0     False         29.0
    """
    require_columns(starts, [customer, start], "table of starts")
    require_columns(orders, [customer, timestamp], "table of orders")
    when = _timestamps(starts[start], start, "the start time")
    bought = _timestamps(orders[timestamp], timestamp, "the order time")
    end = max(bought.max(), when.max()) if as_of is None else pd.Timestamp(as_of)
    late = (when > end).to_numpy()
    if late.any():
        pos = int(np.flatnonzero(late)[0])
        raise CXDataError(
            "a start is after the end of follow-up",
            column=start,
            row=shown(starts.index[pos]),
            value=shown(when.iloc[pos]),
            expected=f"a time on or before as_of = {end}",
        )
    # The first order after each start: sort the orders by customer and time, then search.
    o = pd.DataFrame({"c": orders[customer].to_numpy(), "t": bought.to_numpy()}).sort_values(["c", "t"])
    t_all = o["t"].to_numpy()
    codes, uniques = pd.factorize(o["c"], sort=True)
    first = np.searchsorted(codes, np.arange(len(uniques)), side="left")
    last = np.searchsorted(codes, np.arange(len(uniques)), side="right")
    pos_c = uniques.get_indexer(starts[customer].to_numpy())
    w = when.to_numpy()
    nxt = np.full(len(starts), np.datetime64("NaT"), dtype="datetime64[ns]")
    for_known = np.flatnonzero(pos_c >= 0)
    for i in for_known:  # one binary search per start, within its customer's orders
        lo, hi = first[pos_c[i]], last[pos_c[i]]
        j = lo + np.searchsorted(t_all[lo:hi], w[i], side="right")
        if j < hi:
            nxt[i] = t_all[j]
    returned = ~np.isnat(nxt) & (nxt <= np.datetime64(end))
    stop = np.where(returned, nxt, np.datetime64(end))
    out = starts.copy()
    out["days"] = (stop - w.astype("datetime64[ns]")) / np.timedelta64(1, "D")
    out["returned"] = returned
    out["days_to_end"] = (np.datetime64(end) - w.astype("datetime64[ns]")) / np.timedelta64(1, "D")
    return out


def _durations(durations: Any, returned: Any) -> tuple[np.ndarray, np.ndarray]:
    d = np.asarray(durations, dtype=float)
    r = np.asarray(returned)
    if d.shape != r.shape or d.ndim != 1:
        raise CXDataError(
            "durations and returned must be two columns of the same length",
            value=f"{d.shape} and {r.shape}",
            expected="one duration and one True/False per customer",
        )
    bad = ~np.isfinite(d) | (d < 0)
    if bad.any():
        pos = int(np.flatnonzero(bad)[0])
        raise CXDataError(
            "a duration is negative or missing",
            column="durations",
            row=pos,
            value=shown(d[pos]),
            expected="days followed, 0 or more",
        )
    if r.dtype != bool:
        ok = pd.Series(r).isin([True, False]).to_numpy()
        if not ok.all():
            pos = int(np.flatnonzero(~ok)[0])
            raise CXDataError(
                "returned must be True or False",
                column="returned",
                row=pos,
                value=shown(r[pos]),
                expected="True (ordered again) or False (censored)",
            )
        r = r.astype(bool)
    return d, r


def _km_one(d: np.ndarray, r: np.ndarray, at: np.ndarray, confidence: float) -> dict[str, np.ndarray]:
    """Kaplan-Meier at ``at`` for one group: % returned, its interval, at risk and returned counts."""
    if r.any():
        data = sps.CensoredData(uncensored=d[r], right=d[~r])
        res = sps.ecdf(data)
        surv = res.sf.evaluate(at)
        with np.errstate(divide="ignore", invalid="ignore"), warnings.catch_warnings():
            # scipy warns that the log-log interval is undefined where S is 0 or 1: handled below.
            warnings.simplefilter("ignore", RuntimeWarning)
            ci = res.sf.confidence_interval(confidence_level=confidence, method="log-log")
            s_low, s_high = ci.low.evaluate(at), ci.high.evaluate(at)
        # Before the first event S = 1 exactly: no uncertainty to report.
        s_low = np.where(surv >= 1, 1.0, s_low)
        s_high = np.where(surv >= 1, 1.0, s_high)
    else:  # nobody returned: S = 1 throughout, and no interval can be built from Greenwood's variance
        surv = np.ones(len(at))
        s_low = s_high = np.ones(len(at))
    return {
        "value": 100 * (1 - surv),
        "low": 100 * (1 - s_high),
        "high": 100 * (1 - s_low),
        "at_risk": np.array([(d >= t).sum() for t in at], dtype=np.int64),
        "returned": np.array([(r & (d <= t)).sum() for t in at], dtype=np.int64),
    }


def kaplan_meier(
    durations: Any,
    returned: Any,
    /,
    *,
    groups: Any = None,
    at: Sequence[float] | np.ndarray = (30, 90, 180, 365),
    confidence: Any = 0.95,
    min_n: Any = 30,
) -> pd.DataFrame:
    r"""Estimate the share who ordered again by each day of ``at`` (Kaplan-Meier), with its interval.

    Parameters
    ----------
    durations : array-like
        Days followed (``time_to_next_order(...)["days"]``).
    returned : array-like of bool
        True where the customer ordered again (the event), False where censored.
    groups : array-like, optional
        A group label per customer (late / on time, promoter / detractor); one curve each.
    at : sequence of float, default (30, 90, 180, 365)
        The days at which to read the curves.
    confidence : float, default 0.95
    min_n : int, default 30
        Groups with fewer customers at the start are flagged ``too_small``.

    Returns
    -------
    DataFrame
        Indexed by ``day`` (and ``group`` first, with ``groups``), starting with
        :data:`cxkit.stats.INTERVAL_COLUMNS`: ``value`` = :math:`100\,(1-\hat S(t))`, the percent
        who had ordered again by day :math:`t`; ``n`` the customers followed from day 0; the
        log-log interval (method ``"kaplan_meier_loglog"``); then ``at_risk`` (still followed on
        day :math:`t`) and ``returned`` (ordered again by day :math:`t`). The estimate is read
        only while customers are at risk: a day after the last one followed is NaN.

    Raises
    ------
    CXDataError
        A negative or missing duration, a ``returned`` that is not True/False, or lengths that differ.
    """
    d, r = _durations(durations, returned)
    confidence = check_confidence(confidence)
    min_n = check_min_n(min_n)
    days = np.asarray(at, dtype=float)
    if days.ndim != 1 or len(days) == 0 or (days < 0).any() or not np.isfinite(days).all():
        raise CXDataError(
            "at must be days to read the curves at", column="at", value=list(at), expected="days, 0 or more"
        )
    labels = np.zeros(len(d), dtype=np.int64) if groups is None else np.asarray(groups)
    if len(labels) != len(d):
        raise CXDataError(
            "groups must have one label per duration",
            column="groups",
            value=len(labels),
            expected=str(len(d)),
        )
    frames = []
    for g in pd.unique(pd.Series(labels)) if groups is not None else [0]:
        sel = labels == g
        cols = _km_one(d[sel], r[sel], days, confidence)
        beyond = days > d[sel].max()
        for k in ("value", "low", "high"):
            cols[k] = np.where(beyond, np.nan, cols[k])
        n = np.full(len(days), int(sel.sum()))
        table = pd.DataFrame(
            {
                **interval_columns(
                    cols["value"],
                    n,
                    cols["low"],
                    cols["high"],
                    method=KM_METHOD,
                    confidence=confidence,
                    min_n=min_n,
                ),
                "at_risk": cols["at_risk"],
                "returned": cols["returned"],
            },
            index=pd.Index(days if not np.all(days == days.round()) else days.astype(int), name="day"),
        )
        if groups is not None:
            table = pd.concat({g: table}, names=["group"])
        frames.append(table)
    return pd.concat(frames) if len(frames) > 1 else frames[0]


@dataclass(frozen=True)
class LogRankResult:
    """The log-rank test of two groups' time to the next order.

    ``statistic`` is the standardised difference of observed and expected events in the first
    group (negative: it returned more slowly); ``pvalue`` the two-sided p-value.
    """

    groups: tuple[Any, Any]
    statistic: float
    pvalue: float
    n: tuple[int, int]

    def __repr__(self) -> str:
        """Say the groups, their sizes, the statistic and the p-value in one line."""
        p = "p < 0.001" if self.pvalue < 0.001 else f"p = {self.pvalue:.3g}"
        return (
            f"Log-rank test, {self.groups[0]!s} (n = {self.n[0]:,}) against {self.groups[1]!s} "
            f"(n = {self.n[1]:,}): z = {self.statistic:.2f}, {p}"
        )


def logrank_test(
    durations: Any, returned: Any, groups: Any, /, *, order: Sequence[Any] | None = None
) -> LogRankResult:
    """Test whether two groups return at the same pace (log-rank: Mantel 1966; Peto & Peto 1972).

    Under the null hypothesis the groups have the same survival curve; the test compares, day by
    day, the returns observed in the first group with those expected from the customers at risk
    in both (:func:`scipy.stats.logrank`, two-sided).

    Parameters
    ----------
    durations, returned : array-like
        As for :func:`kaplan_meier`.
    groups : array-like
        A label per customer; exactly two distinct labels.
    order : sequence of two labels, optional
        Which group is first (the sign of the statistic); default: the order of first appearance.
    """
    d, r = _durations(durations, returned)
    labels = np.asarray(groups)
    names = list(pd.unique(pd.Series(labels))) if order is None else list(order)
    if len(names) != 2 or not all((labels == g).any() for g in names):
        raise CXDataError(
            "the log-rank test compares exactly two groups",
            column="groups",
            value=sorted(map(str, pd.unique(pd.Series(labels)))),
            expected="two labels, each with at least one customer",
        )
    samples = []
    for g in names:
        sel = labels == g
        samples.append(sps.CensoredData(uncensored=d[sel & r], right=d[sel & ~r]))
    res = sps.logrank(samples[0], samples[1])
    return LogRankResult(
        groups=(names[0], names[1]),
        statistic=float(res.statistic),
        pvalue=float(res.pvalue),
        n=(int((labels == names[0]).sum()), int((labels == names[1]).sum())),
    )


def compare_return(
    followed: pd.DataFrame,
    /,
    *,
    group: str,
    a: Any,
    b: Any,
    within: float = 180,
    strata: str | None = "segment",
    confidence: Any = 0.95,
    min_n: Any = 30,
) -> pd.DataFrame:
    """Compare the share of two groups who ordered again within ``within`` days, stratum by stratum.

    Only starts that *could* be followed for the whole window count (``days_to_end >= within``):
    a start too close to the end of the data is left out whatever the customer did (keeping those
    who happened to return quickly would inflate the share), so every customer compared had the
    same time to come back. The difference (``a`` minus ``b``, in points) is given per stratum, pooled
    crudely and by Mantel-Haenszel (:func:`cxkit.stats.stratified_difference`).

    Parameters
    ----------
    followed : DataFrame
        The output of :func:`time_to_next_order` (``days``, ``returned``, ``days_to_end``), with
        the group and stratum columns.
    group : str
        The column holding the two groups; ``a`` and ``b`` are its two labels compared.
    within : float, default 180
        The window, in days.
    strata : str or None, default "segment"
        The column of the strata (None: one stratum).

    Examples
    --------
    The last two "y" starts came less than 100 days before the end of the data: both are left
    out of the 100-day comparison, the one who returned on day 20 as well.

    >>> f = pd.DataFrame({"days": [10, 200, 50, 300, 20, 5],
    ...                   "returned": [True, False, True, False, True, False],
    ...                   "days_to_end": [400, 200, 500, 300, 60, 5],
    ...                   "g": ["x", "x", "y", "y", "y", "y"]})
    >>> t = compare_return(f, group="g", a="x", b="y", within=100, strata=None)
    >>> t[["value", "n", "rate_a", "rate_b"]].round(1)  # doctest: +NORMALIZE_WHITESPACE
                     value  n  rate_a  rate_b
    all                0.0  4    50.0    50.0
    crude (pooled)     0.0  4    50.0    50.0
    Mantel-Haenszel    0.0  4     NaN     NaN
    """
    cols = ["days", "returned", "days_to_end", group] + ([strata] if strata else [])
    require_columns(followed, cols, "table from time_to_next_order")
    d, r = _durations(followed["days"], followed["returned"])
    if not (np.isfinite(within) and within > 0):
        raise CXDataError(
            "within must be a number of days", column="within", value=within, expected="more than 0"
        )
    full = followed["days_to_end"].to_numpy(dtype=float) >= within
    back = r & (d <= within)
    labels = followed[group].to_numpy()
    for g in (a, b):
        if not (labels == g).any():
            raise CXDataError(
                "no such group",
                column=group,
                value=g,
                expected="one of: " + ", ".join(map(str, pd.unique(labels))),
            )
    layers = followed[strata].astype(str).to_numpy() if strata else np.full(len(d), "all")
    names = list(pd.unique(pd.Series(layers[full])))
    counts = {
        g: (
            [int((back & full & (labels == g) & (layers == s)).sum()) for s in names],
            [int((full & (labels == g) & (layers == s)).sum()) for s in names],
        )
        for g in (a, b)
    }
    return stratified_difference(
        counts[a][0],
        counts[a][1],
        counts[b][0],
        counts[b][1],
        strata=names,
        confidence=confidence,
        min_n=min_n,
    )


@style.plotting
def plot_return_curves(
    followed: pd.DataFrame,
    /,
    *,
    group: str,
    days: int = 365,
    confidence: Any = 0.95,
    ax: Any = None,
    title: str | None = None,
) -> Any:
    """Draw each group's Kaplan-Meier curve of the share who ordered again, with its interval band.

    Parameters
    ----------
    followed : DataFrame
        The output of :func:`time_to_next_order`, with the ``group`` column.
    group : str
        One curve per value of this column (line styles and markers differ as well as colours,
        so the figure reads without colour).
    days : int, default 365
        The last day drawn.
    confidence : float, default 0.95
        The level of the shaded log-log interval.
    ax : matplotlib Axes, optional
        Where to draw; a new course-style figure by default.
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> f = pd.DataFrame({"days": [2, 3, 3, 5, 8, 4], "returned": [True, True, False, True, False, True],
    ...                   "g": ["a", "a", "a", "b", "b", "b"]})
    >>> fig = plot_return_curves(f, group="g", days=10)
    >>> fig.axes[0].get_ylabel()
    'Ordered again (%)'
    """
    require_columns(followed, ["days", "returned", group], "table from time_to_next_order")
    grid = np.arange(0, int(days) + 1)
    km = kaplan_meier(
        followed["days"], followed["returned"], groups=followed[group], at=grid, confidence=confidence
    )
    fig, ax, _ = style.figure_for(ax, 4.8, width=10)
    colours = [style.PALETTE[c] for c in ("blue", "vermillion", "green", "orange", "purple")]
    lines = ["-", "--", "-.", ":", (0, (5, 1))]
    for i, (g, t) in enumerate(km.groupby(level="group", sort=False)):
        t = t.droplevel("group")
        c = colours[i % len(colours)]
        n = int(t["n"].iloc[0])
        ax.step(
            t.index,
            t["value"],
            where="post",
            color=c,
            linestyle=lines[i % len(lines)],
            linewidth=2.2,
            label=f"{g} (n = {n:,})",
        )
        ax.fill_between(t.index, t["low"], t["high"], step="post", color=c, alpha=0.18, linewidth=0)
    ax.set_xlim(0, int(days))
    ax.set_ylim(0, 100)
    ax.set_xlabel("Days since the start (delivery, answer or ticket)")
    ax.set_ylabel("Ordered again (%)")
    ax.set_title(
        title or f"Share who ordered again, by {group} (Kaplan-Meier, {round(100 * float(confidence))}% band)"
    )
    ax.legend(loc="lower right")
    return fig


def compare_margin(
    starts: pd.DataFrame,
    orders: pd.DataFrame,
    /,
    *,
    group: str,
    a: Any,
    b: Any,
    within: float = 365,
    as_of: Any,
    margin: float = 0.30,
    vat: float = 0.20,
    strata: str | None = "segment",
    start: str = "start",
    customer: str = "customer_id",
    timestamp: str = "timestamp",
    value: str = "value",
    confidence: Any = 0.95,
    n_boot: int = 2000,
    seed: int = 0,
    min_n: Any = 30,
) -> pd.DataFrame:
    r"""Compare the margin two groups brought in the ``within`` days after their start, stratum by stratum.

    For each start at least ``within`` days before ``as_of``, the margin of the customer's orders
    strictly after the start and up to ``within`` days later: order values without VAT times the
    margin, :math:`\sum \mathrm{value} / (1 + \mathrm{vat}) \times \mathrm{margin}` (realised, not
    predicted). Per stratum, the mean of group ``a`` minus the mean of group ``b``; then the strata's
    differences averaged with the weights of group ``a``'s mix (the difference *for the customers
    of group a*, e.g. those who had a late parcel). The intervals are bootstrap percentile
    intervals (Efron & Tibshirani 1993), resampling customers within each group and stratum.

    Parameters
    ----------
    starts : DataFrame
        One row per customer (a customer with several starts would count several times: keep one,
        e.g. the first), with the customer, the start time, the group and the stratum.
    orders : DataFrame
        The orders, with the customer, the time and the value (including VAT).
    within : float, default 365
        The window, in days.
    as_of : date-like
        The end of the data; starts later than ``as_of - within`` are left out, whatever the
        customer did.
    margin, vat : float
        The gross margin on sales without VAT, and the VAT rate included in ``value``.

    Returns
    -------
    DataFrame
        One row per stratum and a last row ``"weighted (mix of a)"``;
        :data:`cxkit.stats.INTERVAL_COLUMNS` first (``value`` in the unit of the order values,
        a minus b; ``n`` both groups' starts; method ``"bootstrap"``), then ``mean_a``,
        ``mean_b`` and ``weight`` (the stratum's share of group a).
    """
    require_columns(starts, [customer, start, group] + ([strata] if strata else []), "table of starts")
    require_columns(orders, [customer, timestamp, value], "table of orders")
    confidence = check_confidence(confidence)
    min_n = check_min_n(min_n)
    for name, x in (("margin", margin), ("vat", vat)):
        if not (isinstance(x, int | float) and np.isfinite(x) and 0 <= x < (1 if name == "margin" else 2)):
            raise CXDataError(
                f"{name} must be a share", column=name, value=x, expected="a number such as 0.3"
            )
    end = pd.Timestamp(as_of)
    when = _timestamps(starts[start], start, "the start time")
    keep = (when <= end - pd.Timedelta(days=within)).to_numpy()
    s = starts.loc[keep, [customer, group] + ([strata] if strata else [])].copy()
    s["_t0"] = when[keep].to_numpy()
    s["_row"] = np.arange(len(s))
    bought = _timestamps(orders[timestamp], timestamp, "the order time")
    o = pd.DataFrame(
        {customer: orders[customer].to_numpy(), "_t": bought.to_numpy(), "_v": orders[value].to_numpy()}
    )
    j = s[[customer, "_t0", "_row"]].merge(o, on=customer)
    j = j[(j["_t"] > j["_t0"]) & (j["_t"] <= j["_t0"] + pd.Timedelta(days=within))]
    spent = j.groupby("_row")["_v"].sum().reindex(s["_row"], fill_value=0.0).to_numpy()
    s["_m"] = spent / (1 + vat) * margin
    layers = s[strata].astype(str).to_numpy() if strata else np.full(len(s), "all")
    labels = s[group].to_numpy()
    names = [x for x in pd.unique(pd.Series(layers)) if ((layers == x) & (labels == a)).any()]
    rng = np.random.default_rng(seed)
    cells = {(x, g): s["_m"].to_numpy()[(layers == x) & (labels == g)] for x in names for g in (a, b)}
    for (x, _g), v in cells.items():
        if len(v) == 0:
            raise CXDataError(
                "a stratum has no start in one group",
                column=strata or group,
                value=x,
                expected=f"starts of both {a!r} and {b!r} in every stratum",
            )
    weights = np.array([len(cells[(x, a)]) for x in names], dtype=float)
    weights /= weights.sum()
    boot = {}
    for key, v in cells.items():
        idx = rng.integers(0, len(v), size=(n_boot, len(v)))
        boot[key] = v[idx].mean(axis=1)
    diffs = {x: boot[(x, a)] - boot[(x, b)] for x in names}
    diffs["weighted (mix of a)"] = sum(w * diffs[x] for w, x in zip(weights, names, strict=True))
    lo_q, hi_q = (1 - confidence) / 2, 1 - (1 - confidence) / 2
    rows = [*names, "weighted (mix of a)"]
    est = {x: cells[(x, a)].mean() - cells[(x, b)].mean() for x in names}
    est["weighted (mix of a)"] = float(sum(w * est[x] for w, x in zip(weights, names, strict=True)))
    n = [len(cells[(x, a)]) + len(cells[(x, b)]) for x in names]
    n.append(sum(n))
    small = [min(len(cells[(x, a)]), len(cells[(x, b)])) < min_n for x in names]
    small.append(any(small))
    cols = interval_columns(
        [est[x] for x in rows],
        n,
        [np.quantile(diffs[x], lo_q) for x in rows],
        [np.quantile(diffs[x], hi_q) for x in rows],
        method="bootstrap",
        confidence=confidence,
        min_n=min_n,
    )
    cols["too_small"] = np.asarray(small)
    return pd.DataFrame(
        {
            **cols,
            "mean_a": [cells[(x, a)].mean() for x in names] + [np.nan],
            "mean_b": [cells[(x, b)].mean() for x in names] + [np.nan],
            "weight": [*weights, 1.0],
        },
        index=rows,
    )
