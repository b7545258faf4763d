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

__all__ = ["measurement_gap"]


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
