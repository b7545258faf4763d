r"""The revenue-touchpoint pitfall in numbers: where the company surveys against where customers suffer."""

from __future__ import annotations

import numbers
from collections.abc import Mapping
from typing import Any

import numpy as np

from cxkit._checks import require_columns
from cxkit.errors import CXConfigError
from cxkit.journey.touchpoints import TICKET_TOUCHPOINTS, _check_catalogue, _check_known, _check_scores
from cxkit.stats.checks import check_confidence, check_min_n

__all__ = ["GAP_GROUPS", "gap_group", "measurement_gap", "measurement_groups"]


def measurement_gap(
    surveys: Any,
    touchpoints: Any,
    *,
    tickets: Any = None,
    touchpoint: str = "touchpoint",
    responded: str = "responded",
    nps: str = "nps",
    csat: str = "csat",
    category: str = "category",
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
    touchpoint, responded, nps, csat : str
        Column names in ``surveys``.
    category : str, default "category"
        The column of ``tickets`` holding each ticket's category.
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
    require_columns(surveys, [touchpoint, responded, nps, csat], "survey table")
    _check_known(surveys, touchpoint, catalogue.index, "surveys")
    rec = _check_scores(surveys, nps, 0, 10)
    sat = _check_scores(surveys, csat, 1, 5)
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
        require_columns(tickets, [category], "ticket table")
        counts = tickets[category].astype(str).map(mapping).value_counts()
        out["tickets"] = counts.reindex(catalogue.index, fill_value=0).to_numpy(dtype=np.int64)
        inv = out["invitations"].to_numpy(dtype=float)
        with np.errstate(invalid="ignore", divide="ignore"):
            out["tickets_per_100_invitations"] = np.where(inv > 0, 100 * out["tickets"] / inv, np.nan)
    out.index.name = "touchpoint"
    return out


#: The four groups the revenue-touchpoint pitfall talks about, in the order they are shown.
GAP_GROUPS: tuple[str, ...] = (
    "revenue (basket, checkout, till, phone order)",
    "delivery",
    "service, billing and returns",
    "before the sale, confirmations, reviews",
)
#: The touchpoints of the service, billing and returns group besides the ``support_*`` ones.
_SERVICE = ("invoice", "returns")


def gap_group(touchpoint: str, *, revenue: bool) -> str:
    """Return the group of :data:`GAP_GROUPS` a touchpoint belongs to.

    Revenue touchpoints (the catalogue's ``revenue`` flag) first; then ``delivery`` on its own
    (the most surveyed touchpoint); then the support touchpoints (``support_*``), the invoice and
    returns; everything else (before the sale, confirmations, review requests) last.

    Examples
    --------
    >>> gap_group("checkout", revenue=True)
    'revenue (basket, checkout, till, phone order)'
    >>> gap_group("invoice", revenue=False), gap_group("newsletter", revenue=False)
    ('service, billing and returns', 'before the sale, confirmations, reviews')
    """
    if revenue:
        return GAP_GROUPS[0]
    if touchpoint == "delivery":
        return GAP_GROUPS[1]
    if touchpoint.startswith("support") or touchpoint in _SERVICE:
        return GAP_GROUPS[2]
    return GAP_GROUPS[3]


def measurement_groups(gap: Any, *, groups: Mapping[str, str] | None = None) -> Any:
    r"""Sum the measurement gap over groups of touchpoints.

    .. math::

        \%\ \text{of invitations}_g = 100\,\frac{\sum_{t \in g} I_t}{\sum_t I_t}, \qquad
        \%\ \text{of detractors}_g = 100\,\frac{\sum_{t \in g} D_t}{\sum_t D_t}, \qquad
        \text{detractor rate}_g = 100\,\frac{\sum_{t \in g} D_t}{\sum_{t \in g} A_t},

    with :math:`I, A, D` the invitations, answers and detractors of :func:`measurement_gap`.

    Parameters
    ----------
    gap : pandas.DataFrame
        The result of :func:`measurement_gap` (with or without ``tickets``).
    groups : mapping, optional
        Touchpoint → group name; default :func:`gap_group` for every touchpoint. A touchpoint left
        out of the mapping is an error.

    Returns
    -------
    pandas.DataFrame
        One row per group (the groups of :data:`GAP_GROUPS` in that order when the default is used,
        else in order of first appearance): ``invitations, answered, detractors`` (and ``tickets``
        when ``gap`` has them), ``% of invitations``, ``% of detractors``, ``detractor rate %``.

    Raises
    ------
    CXDataError
        A column of :func:`measurement_gap`'s table is missing, or a touchpoint has no group.

    Examples
    --------
    >>> import pandas as pd
    >>> gap = pd.DataFrame({"revenue": [True, False, False], "invitations": [6, 3, 1],
    ...     "answered": [4, 2, 1], "detractors": [1, 2, 1]},
    ...     index=pd.Index(["checkout", "support_chat", "invoice"], name="touchpoint"))
    >>> table = measurement_groups(gap)
    >>> table["% of invitations"].tolist(), table["% of detractors"].tolist()
    ([60.0, 40.0], [25.0, 75.0])
    >>> table["detractor rate %"].tolist()
    [25.0, 100.0]
    """
    from cxkit.errors import CXDataError

    require_columns(gap, ["revenue", "invitations", "answered", "detractors"], "measurement gap table")
    names = [str(t) for t in gap.index]
    if groups is None:
        labels = [gap_group(t, revenue=bool(r)) for t, r in zip(names, gap["revenue"], strict=True)]
    else:
        missing = [t for t in names if t not in groups]
        if missing:
            raise CXDataError(
                "a touchpoint has no group",
                column="touchpoint",
                row=names.index(missing[0]),
                value=missing[0],
                expected="every touchpoint of the gap table named in groups",
            )
        labels = [str(groups[t]) for t in names]
    sums = ["invitations", "answered", "detractors"] + (["tickets"] if "tickets" in gap else [])
    out = gap[sums].groupby(_index(labels, "group"), sort=False).sum()
    if groups is None:
        out = out.reindex([g for g in GAP_GROUPS if g in out.index])
    with np.errstate(invalid="ignore", divide="ignore"):
        out["% of invitations"] = 100 * out["invitations"] / out["invitations"].sum()
        out["% of detractors"] = 100 * out["detractors"] / out["detractors"].sum()
        out["detractor rate %"] = 100 * out["detractors"] / out["answered"].where(out["answered"] > 0)
    return out


def _index(labels: list[str], name: str) -> Any:
    import pandas as pd

    return pd.Index(labels, name=name)
