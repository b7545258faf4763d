"""Closing the loop, the simple case: the queue of unhappy survey answers to call back (module 07).

:func:`cxkit.voc.close_the_loop` (module 09) builds on it, with the same window (``days``,
``since``) and thresholds, and adds text sentiment, customer value, open tickets and a response
deadline, one row per customer.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from cxkit._checks import require_columns, validate_scores
from cxkit.errors import CXConfigError, CXDataError
from cxkit.stats.checks import check_whole

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["FOLLOW_UP_RULE", "follow_up_queue"]

#: The ordering rule of :func:`follow_up_queue`, in words (each line breaks the ties of the one before).
FOLLOW_UP_RULE = "\n".join(
    (
        "1. Worst answer first: the lower of the two scores, each rescaled so its scale runs "
        "from 0 (bottom) to 1 (top).",
        "2. A customer who is both a detractor and dissatisfied before one who is only one of them.",
        "3. Segment order (B2B before B2C by default): a business account puts more revenue at risk.",
        "4. Most recent answer first: a quick call-back recovers more customers.",
        "5. The table's own order.",
    )
)


def _window(df: pd.DataFrame, date_column: str | None, days: Any, since: Any) -> pd.DataFrame:
    """Return the rows in the recent window (``days`` back from the latest answer, or ``since`` a date)."""
    import numbers

    import pandas as pd

    if days is None and since is None:
        return df
    if days is not None and since is not None:
        raise CXConfigError("give days= or since=, not both.")
    if date_column is None or date_column not in df.columns:
        raise CXDataError(
            "a recent window needs the answers' dates",
            column=date_column,
            expected="a date column (answered_at=...) in the table",
        )
    dates = df[date_column]
    if not pd.api.types.is_datetime64_any_dtype(dates):
        raise CXDataError(
            "not a date-time column",
            column=date_column,
            value=str(dates.dtype),
            expected="datetimes: convert with cxkit.data.read_dates(df[column]) "
            "(one way of writing dates for the whole column)",
        )
    if days is not None:
        if isinstance(days, bool) or not isinstance(days, numbers.Integral) or days < 1:
            raise CXConfigError(f"days must be a whole number of 1 or more (e.g. 14); got {days!r}.")
        start = dates.max().normalize() - pd.Timedelta(days=int(days) - 1)
    else:
        from cxkit.data.parse import read_date

        start = read_date(since, "since")
        if start.tzinfo is None and getattr(dates.dt, "tz", None) is not None:
            start = start.tz_localize(dates.dt.tz)
    return df[(dates >= start).to_numpy()]


def follow_up_queue(
    df: pd.DataFrame,
    *,
    nps: str | None = "nps",
    csat: str | None = "csat",
    segment: str | None = "segment",
    answered_at: str | None = "response_date",
    customer: str | None = None,
    segment_order: Sequence[str] = ("B2B", "B2C"),
    detractor_max: int = 6,
    dissatisfied_max: int = 2,
    days: int | None = None,
    since: Any = None,
) -> pd.DataFrame:
    r"""List the customers to call back: detractors and dissatisfied answers, in priority order.

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

    The same rule, in words, is :data:`FOLLOW_UP_RULE` (for a notebook to print).

    Parameters
    ----------
    df : pandas.DataFrame
        Survey answers, e.g. ``cxkit.data.load("surveys")``; blank scores are ignored.
    nps, csat : str or None
        The score columns (0–10 and 1–5); ``None`` (or, for the default names, a column the
        table lacks) skips that flag; a name you give must be in the table. At least one must be
        present.
    segment : str or None, default "segment"
        Column for rule 3; skipped when ``None`` (or absent, for the default name).
    answered_at : str or None, default "response_date"
        Column for rule 4 and for the window; skipped when ``None`` (or absent, for the default
        name).
    customer : str, optional
        One row per customer (e.g. ``"customer_id"``): their latest qualifying answer in the
        window, ordered by the rule, with a column ``flagged_answers`` counting their qualifying
        answers in the window. Default: one row per answer.
    segment_order : sequence of str, default ("B2B", "B2C")
        Segments in calling order; segments not listed come after.
    detractor_max : int, default 6
        NPS answers up to this are detractors.
    dissatisfied_max : int, default 2
        CSAT answers up to this are dissatisfied.
    days : int, optional
        Keep only answers from the last ``days`` days, counted back from the latest answer in the
        table (``days=14``: the latest date and the 13 days before it).
    since : str or datetime, optional
        Keep only answers on or after this date (instead of ``days``).

    Returns
    -------
    pandas.DataFrame
        The queued rows (all the table's columns, original index kept), sorted by priority, with
        two new columns: ``priority`` (1 = call first) and ``reason`` (e.g. ``"detractor (NPS 2)
        and dissatisfied (CSAT 1)"``), and ``flagged_answers`` with ``customer``.

    Raises
    ------
    CXDataError
        Neither score column is present, a score is invalid (off the scale, not a number), or a
        window is asked for without a date column.
    CXConfigError
        ``detractor_max`` not a whole number from 0 to 8, ``dissatisfied_max`` not from 1 to 4,
        ``days`` not a positive whole number, ``since`` not a date, both ``days`` and ``since``.

    See Also
    --------
    cxkit.voc.close_the_loop : one row per customer, with sentiment, value, open tickets and a
        response deadline (module 09).

    Notes
    -----
    The thresholds are the NPS's own (Reichheld 2003) and the usual bottom-two box for a 1–5
    CSAT. "Closing the loop" quickly with detractors is the core of the NPS operating model
    (Reichheld & Markey 2011, *The Ultimate Question 2.0*, Harvard Business Review Press).

    Examples
    --------
    >>> import pandas as pd
    >>> from cxkit.voc import follow_up_queue
    >>> df = pd.DataFrame({
    ...     "customer_id": ["C1", "C2", "C3", "C4", "C5"],
    ...     "segment": ["B2C", "B2B", "B2C", "B2B", "B2C"],
    ...     "nps": pd.array([3, 3, 9, None, 0], dtype="Int64"),
    ...     "csat": pd.array([4, 4, 1, 2, None], dtype="Int64"),
    ... })
    >>> follow_up_queue(df, answered_at=None)[["customer_id", "priority", "reason"]]
      customer_id  priority                 reason
    2          C3         1  dissatisfied (CSAT 1)
    4          C5         2      detractor (NPS 0)
    3          C4         3  dissatisfied (CSAT 2)
    1          C2         4      detractor (NPS 3)
    0          C1         5      detractor (NPS 3)

    C3 and C5 are both at the bottom of a scale (severity 0) and tie on every key down to the
    table order; CSAT 2 (severity 0.25) comes before NPS 3 (0.3); C2 (B2B) before C1 (B2C).
    """
    require_columns(df, [], "survey table")
    detractor_max = check_whole(
        detractor_max,
        "detractor_max",
        0,
        8,
        "9 and 10 are promoters: a larger value would count promoters as detractors",
    )
    dissatisfied_max = check_whole(
        dissatisfied_max,
        "dissatisfied_max",
        1,
        4,
        "5 is the top of the 1-5 scale: it would count satisfied answers",
    )
    # A column the caller named that is not in the table is an error (a typo such as nps="NPS"
    # would otherwise drop every detractor); the default names may be missing (a CSAT-only survey).
    for given, default in (
        (nps, "nps"),
        (csat, "csat"),
        (segment, "segment"),
        (answered_at, "response_date"),
    ):
        if given is not None and given != default:
            require_columns(df, [given], "survey table")
    df = _window(df, answered_at, days, since)
    if customer is not None:
        require_columns(df, [customer], "survey table")
    use_nps = nps is not None and nps in df.columns
    use_csat = csat is not None and csat in df.columns
    if not (use_nps or use_csat):
        raise CXDataError(
            "no score column to find unhappy customers in",
            column=nps or csat,
            expected=f"a column {nps!r} (0-10) or {csat!r} (1-5); the table has: "
            + ", ".join(str(c) for c in df.columns),
        )
    scores = (
        (nps if use_nps else None, 0, 10, detractor_max, "detractor", "NPS"),
        (csat if use_csat else None, 1, 5, dissatisfied_max, "dissatisfied", "CSAT"),
    )
    severity, flags, reason = _flag_answers(df, scores)
    pos = _priority_order(
        df, severity, flags, segment=segment, segment_order=segment_order, answered_at=answered_at
    )
    out = df.iloc[pos].copy()
    out["reason"] = reason[pos]
    if customer is not None:
        out = _latest_per_customer(out, customer, answered_at)
    out["priority"] = np.arange(1, len(out) + 1)
    cols = [c for c in out.columns if c not in ("priority", "reason", "flagged_answers")]
    return out[[*cols, "priority", "reason", *(["flagged_answers"] if customer is not None else [])]]


def _flag_answers(df: pd.DataFrame, scores: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per answer: its severity (0 worst, 1 best), how many flags it raises, and the reason in words.

    ``scores`` lists ``(column or None, lo, hi, cut, label, short)`` for the NPS and the CSAT.
    """
    n = len(df)
    severity = np.full(n, np.inf)
    flags = np.zeros(n, dtype=np.int64)
    reasons = [np.full(n, "", dtype=object), np.full(n, "", dtype=object)]
    for j, (column, lo, hi, cut, label, short) in enumerate(scores):
        if column is None:
            continue
        s = df[column]
        validate_scores(
            s, lo=lo, hi=hi, metric=short.lower(), dropna=True, scale_check=False, allow_empty=True
        )
        v = s.to_numpy(dtype=float, na_value=np.nan)
        hit = ~np.isnan(v) & (v <= cut)
        flags += hit
        sev = (v - lo) / (hi - lo)
        severity = np.where(hit, np.fmin(severity, sev), severity)
        reasons[j][hit] = [f"{label} ({short} {int(x)})" for x in v[hit]]
    reason = np.where(
        (reasons[0] != "") & (reasons[1] != ""), reasons[0] + " and " + reasons[1], reasons[0] + reasons[1]
    )
    return severity, flags, reason


def _latest_per_customer(out: pd.DataFrame, customer: str, answered_at: str | None) -> pd.DataFrame:
    """Keep each customer's latest queued answer (their first one without dates); count their answers."""
    flagged = out.groupby(customer, sort=False, dropna=False)[customer].transform("size")
    out["flagged_answers"] = flagged.to_numpy()
    if answered_at is not None and answered_at in out.columns:
        latest = (
            out.reset_index(drop=True)
            .sort_values(answered_at, ascending=False, kind="stable")
            .drop_duplicates(customer)
            .index
        )
        return out.iloc[np.sort(latest.to_numpy())]
    return out.drop_duplicates(customer)


def _priority_order(
    df: pd.DataFrame,
    severity: np.ndarray,
    flags: np.ndarray,
    *,
    segment: str | None,
    segment_order: Sequence[str],
    answered_at: str | None,
) -> np.ndarray:
    """Return the positions of the flagged answers in calling order (:data:`FOLLOW_UP_RULE`)."""
    import pandas as pd

    idx = np.flatnonzero(flags > 0)
    keys = pd.DataFrame({"severity": severity[idx], "flags": -flags[idx], "pos": idx})
    sort_cols = ["severity", "flags"]
    if segment is not None and segment in df.columns:
        rank = {seg: i for i, seg in enumerate(segment_order)}
        segs = df[segment].to_numpy(dtype=object)[idx]
        keys["segment_rank"] = [rank.get(x, len(rank)) for x in segs]
        sort_cols.append("segment_rank")
    if answered_at is not None and answered_at in df.columns:
        keys["recency"] = df[answered_at].to_numpy()[idx]
        sort_cols.append("recency")
    sort_cols.append("pos")
    ascending = [c != "recency" for c in sort_cols]
    pos = keys.sort_values(sort_cols, ascending=ascending, na_position="last", kind="stable")[
        "pos"
    ].to_numpy()
    return pos
