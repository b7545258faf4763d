"""Closing the loop: the queue of unhappy customers to call back."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from cxkit.errors import CXDataError
from cxkit.metrics._validate import _require_columns, _validate_scores

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


def follow_up_queue(
    df: pd.DataFrame,
    *,
    nps_column: str | None = "nps",
    csat_column: str | None = "csat",
    detractor_max: int = 6,
    dissatisfied_max: int = 2,
    segment_column: str | None = "segment",
    segment_order: Sequence[str] = ("B2B", "B2C"),
    date_column: str | None = "response_date",
) -> pd.DataFrame:
    r"""The customers to call back: detractors and dissatisfied answers, in priority order.

    A row joins the queue when its NPS answer is a detractor (``nps <= 6``) or its CSAT answer
    is dissatisfied (``csat <= 2``). Rows are then ordered by this rule, each key breaking the
    ties of the one before:

    1. **Worst answer first**, on a common 0-to-1 *severity* scale (the lower of the row's
       two scores, each rescaled so the scale's bottom is 0 and top is 1):

       .. math::

           \text{severity} = \min\!\left(\frac{\text{nps}}{10},\; \frac{\text{csat} - 1}{4}\right)

       so an NPS of 0 and a CSAT of 1 (both the bottom of their scale) come first.
    2. **Both flags before one**: a customer who is a detractor *and* dissatisfied.
    3. **Segment order**, B2B before B2C by default: a business account carries more revenue at
       risk per customer, so its call has the larger expected value.
    4. **Most recent answer first**: the sooner the callback after the answer, the better the
       chance of recovering the customer (and the fresher their memory of what went wrong).
    5. The table's own row order.

    Parameters
    ----------
    df : pandas.DataFrame
        Survey answers, e.g. ``cxkit.data.load("surveys")``; blank scores are ignored.
    nps_column, csat_column : str or None
        The score columns (0–10 and 1–5); ``None`` (or a column the table lacks) skips that
        flag. At least one must be present.
    detractor_max : int, default 6
        NPS answers up to this are detractors.
    dissatisfied_max : int, default 2
        CSAT answers up to this are dissatisfied.
    segment_column : str or None, default "segment"
        Column for rule 3; skipped when ``None`` or absent.
    segment_order : sequence of str, default ("B2B", "B2C")
        Segments in calling order; segments not listed come after.
    date_column : str or None, default "response_date"
        Column for rule 4; skipped when ``None`` or absent.

    Returns
    -------
    pandas.DataFrame
        The queued rows (all the table's columns, original index kept), sorted by priority, with
        two new columns: ``priority`` (1 = call first) and ``reason`` (e.g. ``"detractor (NPS 2)
        and dissatisfied (CSAT 1)"``).

    Raises
    ------
    CXDataError
        Neither score column is present, or a score is invalid (off the scale, not a number).

    Notes
    -----
    The thresholds are the NPS's own (Reichheld 2003) and the usual bottom-two box for a 1–5
    CSAT. "Closing the loop" quickly with detractors is the core of the NPS operating model
    (Reichheld & Markey 2011, *The Ultimate Question 2.0*, Harvard Business Review Press).

    Examples
    --------
    >>> import pandas as pd
    >>> from cxkit.metrics import follow_up_queue
    >>> df = pd.DataFrame({
    ...     "customer_id": ["C1", "C2", "C3", "C4", "C5"],
    ...     "segment": ["B2C", "B2B", "B2C", "B2B", "B2C"],
    ...     "nps": pd.array([3, 3, 9, None, 0], dtype="Int64"),
    ...     "csat": pd.array([4, 4, 1, 2, None], dtype="Int64"),
    ... })
    >>> follow_up_queue(df, date_column=None)[["customer_id", "priority", "reason"]]
      customer_id  priority                 reason
    2          C3         1  dissatisfied (CSAT 1)
    4          C5         2      detractor (NPS 0)
    3          C4         3  dissatisfied (CSAT 2)
    1          C2         4      detractor (NPS 3)
    0          C1         5      detractor (NPS 3)

    C3 and C5 are both at the bottom of a scale (severity 0) and tie on every key down to the
    table order; CSAT 2 (severity 0.25) comes before NPS 3 (0.3); C2 (B2B) before C1 (B2C).
    """
    import pandas as pd

    _require_columns(df, [], "survey table")
    use_nps = nps_column is not None and nps_column in df.columns
    use_csat = csat_column is not None and csat_column in df.columns
    if not (use_nps or use_csat):
        raise CXDataError("no score column to find unhappy customers in", column=nps_column or csat_column,
                          expected=f"a column {nps_column!r} (0-10) or {csat_column!r} (1-5); the table has: "
                          + ", ".join(str(c) for c in df.columns))
    n = len(df)
    severity = np.full(n, np.inf)
    flags = np.zeros(n, dtype=np.int64)
    reasons = [np.full(n, "", dtype=object), np.full(n, "", dtype=object)]
    for j, (use, column, lo, hi, cut, label, short) in enumerate((
        (use_nps, nps_column, 0, 10, detractor_max, "detractor", "NPS"),
        (use_csat, csat_column, 1, 5, dissatisfied_max, "dissatisfied", "CSAT"),
    )):
        if not use:
            continue
        s = df[column]
        _validate_scores(s, lo=lo, hi=hi, metric=short.lower(), dropna=True, scale_check=False, allow_empty=True)
        v = s.to_numpy(dtype=float, na_value=np.nan)
        hit = ~np.isnan(v) & (v <= cut)
        flags += hit
        sev = (v - lo) / (hi - lo)
        severity = np.where(hit, np.fmin(severity, sev), severity)
        reasons[j][hit] = [f"{label} ({short} {int(x)})" for x in v[hit]]
    reason = np.where((reasons[0] != "") & (reasons[1] != ""), reasons[0] + " and " + reasons[1],
                      reasons[0] + reasons[1])
    idx = np.flatnonzero(flags > 0)
    keys = pd.DataFrame({"severity": severity[idx], "flags": -flags[idx], "pos": idx})
    sort_cols = ["severity", "flags"]
    if segment_column is not None and segment_column in df.columns:
        rank = {seg: i for i, seg in enumerate(segment_order)}
        segs = df[segment_column].to_numpy(dtype=object)[idx]
        keys["segment_rank"] = [rank.get(x, len(rank)) for x in segs]
        sort_cols.append("segment_rank")
    if date_column is not None and date_column in df.columns:
        keys["recency"] = df[date_column].to_numpy()[idx]
        sort_cols.append("recency")
    sort_cols.append("pos")
    ascending = [c != "recency" for c in sort_cols]
    pos = keys.sort_values(sort_cols, ascending=ascending, na_position="last", kind="stable")["pos"].to_numpy()
    out = df.iloc[pos].copy()
    out["priority"] = np.arange(1, len(out) + 1)
    out["reason"] = reason[pos]
    return out
