r"""Touchpoints: which to fix first, from each touchpoint's performance and its impact on recommendation.

:func:`touchpoint_performance` gives one row per touchpoint with its **performance** (CSAT or
CES, with a cluster-robust interval from :func:`cxkit.metrics.breakdown`), its **impact** (how
much the willingness to recommend differs between customers who had a good and a bad experience
there, with the interval of :func:`cxkit.metrics.compare_nps`) and its quadrant of Martilla &
James's importance–performance analysis. The same package draws it
(:func:`cxkit.journey.matrix.touchpoint_matrix`), sets it against where the company surveys
(:func:`cxkit.journey.measurement.measurement_gap`) and measures channel switching
(:mod:`cxkit.journey.channels`).
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from cxkit._checks import require_columns
from cxkit.errors import CXDataError, CXDataWarning
from cxkit.journey.quadrants import GOOD_MIN, check_cuts
from cxkit.stats.checks import check_choice, check_confidence, check_min_n

__all__ = [
    "CATALOGUE_COLUMNS",
    "QUADRANTS",
    "TICKET_TOUCHPOINTS",
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
    require_columns(touchpoints, CATALOGUE_COLUMNS, "touchpoint catalogue")
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
    nps: str = "nps",
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
        ``touchpoint``, the metric's column, ``nps`` and ``cluster``. Blank scores are
        left out.
    touchpoints : pandas.DataFrame
        The touchpoint catalogue (``cxkit.data.load("touchpoints")``) with the columns
        :data:`CATALOGUE_COLUMNS`.
    metric : {"csat", "ces"}, default "csat"
        The performance score (on the course scales: CSAT 1–5, CES 1–7).
    touchpoint, nps : str
        Column names in ``surveys``: the touchpoint and the recommend score (0-10).
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

    metric = check_choice(metric, tuple(GOOD_MIN), "metric")
    confidence = check_confidence(confidence)
    min_n = check_min_n(min_n)
    check_cuts(cuts)
    catalogue = _check_catalogue(touchpoints)
    columns = [touchpoint, metric, nps, *([cluster] if cluster is not None else [])]
    require_columns(surveys, columns, "survey table")
    _check_known(surveys, touchpoint, catalogue.index, "surveys")
    lo, hi = (1, 5) if metric == "csat" else (1, 7)
    score = _check_scores(surveys, metric, lo, hi)
    rec = _check_scores(surveys, nps, 0, 10)
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
    good = (both["score"] >= GOOD_MIN[metric]).to_numpy()
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
