"""Closing the loop: one follow-up queue per customer from scores, sentiment, value and open tickets."""

from __future__ import annotations

import numbers
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from cxkit.errors import CXConfigError, CXDataError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["CLOSE_THE_LOOP_RULE", "close_the_loop"]

#: The ordering rule of :func:`close_the_loop`, in words (each line breaks the ties of the one before).
CLOSE_THE_LOOP_RULE = "\n".join(
    (
        "1. More reasons first (detractor, negative sentiment, open ticket, high value).",
        "2. High-value customers before the others.",
        "3. Lowest NPS first, then most negative sentiment.",
        "4. Segment order (B2B before B2C by default).",
        "5. Earliest response deadline first (the customer who has waited longest).",
        "6. Customer id.",
    )
)


def _hours(value: Any, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not 0 < float(value) <= 24 * 90:
        raise CXConfigError(
            f"{what} must be a number of hours above 0 and at most 2160 (90 days); got {value!r}."
        )
    return float(value)


def _numbers(df: pd.DataFrame, column: str, expected: str) -> Any:
    """Return a numeric column as a float array (blanks as nan), or raise naming the column."""
    import numpy as np
    import pandas as pd

    s = df[column]
    if not pd.api.types.is_numeric_dtype(s) or pd.api.types.is_bool_dtype(s):
        raise CXDataError("not numbers", column=column, value=str(s.dtype), expected=expected)
    return s.to_numpy(dtype=float, na_value=np.nan)


def close_the_loop(
    df: pd.DataFrame,
    *,
    customer: str = "customer_id",
    nps: str | None = "nps",
    sentiment: str | None = "compound",
    value: str | None = None,
    open: str | None = None,
    answered_at: str = "response_date",
    segment: str | None = "segment",
    segment_order: Sequence[str] = ("B2B", "B2C"),
    detractor_max: int = 6,
    negative_max: float = -0.05,
    high_value_min: float | None = None,
    respond_within: float | Mapping[str, float] | None = None,
    days: int | None = None,
    since: Any = None,
) -> pd.DataFrame:
    """Build the follow-up queue: one row per customer to contact, who first, why and by when.

    A customer joins the queue when, within the window, they gave a detractor score, wrote
    something negative or have an open ticket. Being high value is not a reason to call on its
    own (a happy big customer needs no rescue) but moves an unhappy one up the queue. The
    simpler survey-only queue, one row per answer with the NPS and CSAT flags, is
    :func:`cxkit.voc.follow_up_queue` (module 07); this one adds text sentiment, value, open
    tickets and a response deadline, and always gives one row per customer.

    Parameters
    ----------
    df : pandas.DataFrame
        One row per piece of feedback (a survey answer, a conversation), e.g. survey answers
        with the :func:`cxkit.voc.sentiment` of their comments joined on.
    customer : str, default "customer_id"
        Who gave the feedback; rows with a blank customer are left out (they cannot be called).
    nps : str or None, default "nps"
        0–10 scores; ``None`` skips the detractor reason. The default name absent skips it with a
        :class:`~cxkit.errors.CXDataWarning`, and is an error when a column of nearly that name is
        there (``NPS``: pass ``nps="NPS"``), so a rule never stops running unnoticed.
    sentiment : str or None, default "compound"
        VADER compound scores (−1 to 1); ``None`` skips it (the default name absent: as ``nps``).
    value : str, optional
        The customer's value (e.g. their revenue in the last year), for the high-value reason.
    open : str, optional
        True/False: the customer has an open support ticket.
    answered_at : str, default "response_date"
        When the feedback was given (datetimes): the window and the response deadline.
    segment : str or None, default "segment"
        Segment (rule 4 and the deadline per segment); skipped when ``None`` or absent.
    segment_order : sequence of str, default ("B2B", "B2C")
        Segments in calling order.
    detractor_max : int, default 6
        NPS answers up to this are detractors.
    negative_max : float, default -0.05
        Compound scores up to this are negative (VADER's authors' threshold).
    high_value_min : float, optional
        Value from which a customer is high value; default the 90th percentile of the customers'
        values in the window.
    respond_within : hours, or dict of segment to hours, optional
        The response target: each customer's ``respond_by`` is their latest feedback plus this.
        Default ``{"B2B": 24, "B2C": 48}`` (48 for other segments, and when there are no segments).
        A dict of your own needs the segment column, and each of its keys must be a segment of
        it (a misspelt ``"B2X"`` is an error, not a target silently unused).
    days : int, optional
        Only feedback from the last ``days`` days (counted back from the latest in the table).
    since : str or datetime, optional
        Only feedback on or after this date (instead of ``days``).

    Returns
    -------
    pandas.DataFrame
        One row per customer to contact, in calling order: ``priority`` (1 = first), the customer
        column, ``segment`` (if any), ``answers`` (rows of feedback in the window), ``nps``
        (lowest), ``compound`` (lowest), ``value``, ``open_ticket`` (a reason too), the reason flags
        ``detractor``, ``negative_sentiment``, ``high_value``, ``n_reasons``,
        ``reasons`` (in words), ``last_contact`` and ``respond_by``.

    Raises
    ------
    CXDataError
        A missing column, invalid scores, sentiment outside −1..1, a negative or non-numeric
        value, a non-True/False open column, dates that are not datetimes, no reason column, or
        a default column absent beside one of nearly its name (``NPS``).
    CXConfigError
        Bad thresholds, ``respond_within`` (or a key of it that is no segment), ``days`` or
        ``since`` (as :func:`cxkit.voc.follow_up_queue`).

    Warns
    -----
    CXDataWarning
        A reason skipped because its default column is absent; feedback with a score or a
        sentiment but no ``answered_at`` (left out: it cannot get a deadline), naming the first.

    Notes
    -----
    The order is :data:`CLOSE_THE_LOOP_RULE`. Following up quickly with unhappy customers is the
    core of the NPS operating model (Reichheld & Markey 2011); with a business customer one
    call can protect many orders and several users, which is why the default target for B2B is
    shorter and B2B comes first among equals.

    Examples
    --------
    >>> import pandas as pd
    >>> from cxkit.voc import close_the_loop
    >>> df = pd.DataFrame({
    ...     "customer_id": ["C1", "C2", "C3", "C4", "C2"],
    ...     "segment": ["B2C", "B2B", "B2C", "B2C", "B2B"],
    ...     "nps": [3, 9, 10, 6, 8],
    ...     "compound": [-0.6, -0.4, 0.8, 0.2, 0.1],
    ...     "response_date": pd.to_datetime(["2025-05-01", "2025-05-02", "2025-05-02",
    ...                                      "2025-05-03", "2025-05-04"]),
    ... })
    >>> q = close_the_loop(df)
    >>> print(q[["priority", "customer_id", "reasons", "respond_by"]].to_string(index=False))
     priority customer_id                                       reasons respond_by
            1          C1 detractor (NPS 3), negative sentiment (-0.60) 2025-05-03
            2          C4                             detractor (NPS 6) 2025-05-05
            3          C2                    negative sentiment (-0.40) 2025-05-05

    C1 has two reasons. C4 and C2 have one each; C4's NPS (6) is lower than C2's lowest (8).
    C3, a promoter with a positive comment, is not in the queue. C2, a business customer, must
    hear back within 24 hours of their latest answer (4 May), C4 within 48 hours.
    """
    from cxkit._checks import require_columns
    from cxkit.stats.checks import check_whole
    from cxkit.voc.follow_up import _window

    cols = {
        "customer": customer,
        "nps": nps,
        "sentiment": sentiment,
        "value": value,
        "open": open,
        "answered_at": answered_at,
        "segment": segment,
    }
    require_columns(df, [customer, answered_at], "feedback table")
    detractor_max = check_whole(
        detractor_max, "detractor_max", 0, 8, "9 and 10 are promoters: a larger value would count them"
    )
    _check_negative_max(negative_max)
    targets, default_hours = _targets(respond_within)
    use = _columns_used(df, cols)
    _check_target_segments(df, respond_within, cols, use)
    df = _window(df, answered_at, days, since)
    _warn_undated(df, cols, use)
    df = df[df[customer].notna() & df[answered_at].notna()]
    per = _per_customer(_read_feedback(df, cols, use), use)
    per = _flag_reasons(
        per, cols, high_value_min=high_value_min, detractor_max=detractor_max, negative_max=negative_max
    )
    return _in_calling_order(
        per, cols, use, targets=targets, default_hours=default_hours, segment_order=segment_order
    )


def _check_negative_max(negative_max: Any) -> None:
    if (
        isinstance(negative_max, bool)
        or not isinstance(negative_max, numbers.Real)
        or not -1 <= float(negative_max) < 0
    ):
        raise CXConfigError(
            f"negative_max must be a number from -1 to below 0 (e.g. -0.05); got {negative_max!r}."
        )


def _targets(respond_within: Any) -> tuple[dict[str, float], float]:
    """Return the response target per segment (hours) and the default target."""
    if respond_within is None:
        respond_within = {"B2B": 24.0, "B2C": 48.0}
    if isinstance(respond_within, Mapping):
        targets = {str(k): _hours(v, f"respond_within[{k!r}]") for k, v in respond_within.items()}
        return targets, targets.get("B2C", 48.0)
    return {}, _hours(respond_within, "respond_within")


def _norm(name: Any) -> str:
    return "".join(ch for ch in str(name).lower() if ch.isalnum())


def _columns_used(df: pd.DataFrame, cols: dict[str, Any]) -> dict[str, bool]:
    """Check the named columns; return which optional ones (nps, sentiment, segment) are used.

    A default column that is absent while a column of nearly the same name is there (``NPS``,
    ``Segment``) is an error: the rule would be skipped although the learner has the data. An
    absent default NPS or sentiment column with no such neighbour skips its reason with a
    :class:`~cxkit.errors.CXDataWarning` (``nps=None`` / ``sentiment=None`` skip it quietly).
    """
    import warnings

    import pandas as pd

    from cxkit._checks import require_columns
    from cxkit.errors import CXDataWarning

    defaults = {"nps": "nps", "sentiment": "compound", "segment": "segment", "value": None, "open": None}
    skipped = []
    for role, default in defaults.items():
        given = cols[role]
        if given is not None and given != default:
            require_columns(df, [given], "feedback table")
        elif given is not None and given not in df.columns:
            near = [c for c in df.columns if _norm(c) == _norm(default)]
            if near:
                raise CXDataError(
                    f"no column {default!r}, but a column {near[0]!r}",
                    dataset="feedback table",
                    column=default,
                    expected=f"{role}={near[0]!r} to use it (or {role}=None to leave its rule out)",
                )
            if role != "segment":
                skipped.append((role, default))
    use = {
        "nps": cols["nps"] is not None and cols["nps"] in df.columns,
        "sent": cols["sentiment"] is not None and cols["sentiment"] in df.columns,
        "seg": cols["segment"] is not None and cols["segment"] in df.columns,
    }
    if not (use["nps"] or use["sent"] or cols["open"] is not None):
        raise CXDataError(
            "no column to find customers to contact in",
            expected="an NPS column, a sentiment column or an open-ticket column; the table has: "
            + ", ".join(str(c) for c in df.columns),
        )
    date = cols["answered_at"]
    if not pd.api.types.is_datetime64_any_dtype(df[date]):
        raise CXDataError(
            "not a date-time column",
            column=date,
            value=str(df[date].dtype),
            expected="datetimes: convert with cxkit.data.read_dates(df[column]) "
            "(one way of writing dates for the whole column)",
        )
    for role, default in skipped:
        reason = "detractor" if role == "nps" else "negative-sentiment"
        warnings.warn(
            f"close_the_loop: the feedback table has no column {default!r}, so the {reason} "
            f"reason is not applied and nobody joins the queue for it. Name your column with "
            f"{role}='...', or pass {role}=None to leave the reason out on purpose.",
            CXDataWarning,
            stacklevel=3,
        )
    return use


def _check_target_segments(
    df: pd.DataFrame, respond_within: Any, cols: dict[str, Any], use: dict[str, bool]
) -> None:
    """Refuse a per-segment target that no row can use: no segment column, or a segment not in it."""
    if not isinstance(respond_within, Mapping):
        return
    if not use["seg"]:
        raise CXConfigError(
            f"respond_within gives a target per segment ({', '.join(map(repr, respond_within))}) but "
            f"the table has no segment column {cols['segment']!r}: name it with segment=..., or give "
            "one number of hours for everyone."
        )
    present = {str(s) for s in df[cols["segment"]].dropna().unique()}
    unknown = [k for k in respond_within if str(k) not in present]
    if unknown:
        raise CXConfigError(
            f"respond_within has a target for {unknown[0]!r}, which is no segment of the column "
            f"{cols['segment']!r} (misspelt?); its segments are: {', '.join(sorted(present))}."
        )


def _warn_undated(df: pd.DataFrame, cols: dict[str, Any], use: dict[str, bool]) -> None:
    """Warn about feedback with a score or sentiment but no time (it cannot get a deadline: left out)."""
    import warnings

    import numpy as np

    from cxkit.errors import CXDataWarning

    has_signal = np.zeros(len(df), dtype=bool)
    for role, key in (("nps", "nps"), ("sentiment", "sent")):
        if use[key]:
            has_signal |= df[cols[role]].notna().to_numpy(dtype=bool)
    undated = has_signal & df[cols["answered_at"]].isna().to_numpy(dtype=bool)
    if undated.any():
        pos = int(np.flatnonzero(undated)[0])
        warnings.warn(
            f"close_the_loop: {int(undated.sum())} piece(s) of feedback with a score or a sentiment but "
            f"no {cols['answered_at']!r} are left out of the queue (first: row {pos}, index "
            f"{df.index[pos]!r}, customer {df[cols['customer']].iloc[pos]!r}); fill their dates to "
            "include them.",
            CXDataWarning,
            stacklevel=3,
        )


def _read_feedback(df: pd.DataFrame, cols: dict[str, Any], use: dict[str, bool]) -> pd.DataFrame:
    """One row per piece of feedback with checked ``nps``, ``compound``, ``value``, ``open_ticket``."""
    import numpy as np
    import pandas as pd

    from cxkit._checks import validate_scores

    n = len(df)
    nps = np.full(n, np.nan)
    if use["nps"]:
        validate_scores(
            df[cols["nps"]], lo=0, hi=10, metric="nps", dropna=True, scale_check=False, allow_empty=True
        )
        nps = df[cols["nps"]].to_numpy(dtype=float, na_value=np.nan)
    comp = _sentiment(df, cols["sentiment"]) if use["sent"] else np.full(n, np.nan)
    value = _values(df, cols["value"]) if cols["value"] is not None else np.full(n, np.nan)
    is_open = _open(df, cols["open"]) if cols["open"] is not None else np.zeros(n, dtype=bool)
    return pd.DataFrame(
        {
            "customer": df[cols["customer"]].to_numpy(),
            "nps": nps,
            "compound": comp,
            "value": value,
            "open_ticket": is_open,
            "last_contact": df[cols["answered_at"]].to_numpy(),
            "segment": df[cols["segment"]].astype(object).to_numpy() if use["seg"] else None,
        }
    )


def _sentiment(df: pd.DataFrame, column: str) -> Any:
    import numpy as np

    comp = _numbers(df, column, "compound scores from -1 to 1")
    bad = np.flatnonzero(~np.isnan(comp) & ((comp < -1) | (comp > 1)))
    if len(bad):
        raise CXDataError(
            "sentiment outside -1..1",
            column=column,
            row=int(bad[0]),
            value=float(comp[bad[0]]),
            expected="VADER compound scores from -1 to 1",
        )
    return comp


def _values(df: pd.DataFrame, column: str) -> Any:
    import numpy as np

    value = _numbers(df, column, "customer values (e.g. revenue)")
    if (value < 0).any():
        pos = int(np.flatnonzero(value < 0)[0])
        raise CXDataError(
            "negative value",
            column=column,
            row=pos,
            value=float(value[pos]),
            expected="values of 0 or more",
        )
    return value


def _open(df: pd.DataFrame, column: str) -> Any:
    import pandas as pd

    o = df[column]
    if not pd.api.types.is_bool_dtype(o) or o.isna().any():
        raise CXDataError(
            "not a True/False column",
            column=column,
            value=str(o.dtype),
            expected="True or False for every row",
        )
    return o.to_numpy(dtype=bool)


def _per_customer(work: pd.DataFrame, use: dict[str, bool]) -> pd.DataFrame:
    """Collapse the feedback to one row per customer: lowest scores, highest value, latest contact."""
    import pandas as pd

    g = work.groupby("customer", sort=True)
    per = pd.DataFrame(
        {
            "answers": g.size(),
            "nps": g["nps"].min(),
            "compound": g["compound"].min(),
            "value": g["value"].max(),
            "open_ticket": g["open_ticket"].any(),
            "last_contact": g["last_contact"].max(),
        }
    )
    if use["seg"]:
        latest = work.sort_values("last_contact", kind="stable").groupby("customer")["segment"].last()
        per["segment"] = latest
    return per


def _flag_reasons(
    per: pd.DataFrame, cols: dict[str, Any], *, high_value_min: Any, detractor_max: int, negative_max: float
) -> pd.DataFrame:
    """Flag each customer's reasons, keep those with a reason to call, and say the reasons in words."""
    import numpy as np

    if cols["value"] is not None:
        cut = float(np.nanquantile(per["value"], 0.9)) if high_value_min is None else high_value_min
        if isinstance(cut, bool) or not isinstance(cut, numbers.Real):
            raise CXConfigError(f"high_value_min must be a number; got {high_value_min!r}.")
        per["high_value"] = per["value"].fillna(-np.inf).to_numpy() >= cut
    else:
        per["high_value"] = False
    per["detractor"] = per["nps"].fillna(99).to_numpy() <= detractor_max
    per["negative_sentiment"] = per["compound"].fillna(9).to_numpy() <= negative_max
    trigger = per["detractor"] | per["negative_sentiment"] | per["open_ticket"]
    per = per[trigger.to_numpy()].copy()
    per["n_reasons"] = (
        per[["detractor", "negative_sentiment", "open_ticket", "high_value"]].sum(axis=1).astype(int)
    )
    per["reasons"] = [_words(r) for r in per.itertuples()]
    return per


def _words(r: Any) -> str:
    out = []
    if r.detractor:
        out.append(f"detractor (NPS {int(r.nps)})")
    if r.negative_sentiment:
        out.append(f"negative sentiment ({r.compound:.2f})")
    if r.open_ticket:
        out.append("open ticket")
    if r.high_value:
        out.append(f"high value ({r.value:,.0f})")
    return ", ".join(out)


def _in_calling_order(
    per: pd.DataFrame,
    cols: dict[str, Any],
    use: dict[str, bool],
    *,
    targets: dict[str, float],
    default_hours: float,
    segment_order: Sequence[str],
) -> pd.DataFrame:
    """Add each customer's deadline and sort by :data:`CLOSE_THE_LOOP_RULE`; number the rows."""
    import numpy as np
    import pandas as pd

    customer = cols["customer"]
    if use["seg"]:
        hours = per["segment"].map(lambda s: targets.get(str(s), default_hours) if targets else default_hours)
        rank = {s: i for i, s in enumerate(segment_order)}
        per["_seg"] = per["segment"].map(lambda s: rank.get(s, len(rank)))
    else:
        hours = pd.Series(default_hours, index=per.index)
        per["_seg"] = 0
    per["respond_by"] = per["last_contact"] + pd.to_timedelta(hours.astype(float), unit="h")
    per = per.rename_axis(customer).reset_index()
    per["_hv"] = ~per["high_value"]
    per = per.sort_values(
        ["n_reasons", "_hv", "nps", "compound", "_seg", "respond_by", customer],
        ascending=[False, True, True, True, True, True, True],
        na_position="last",
        kind="stable",
    ).reset_index(drop=True)
    per["priority"] = np.arange(1, len(per) + 1)
    columns = [
        "priority",
        customer,
        *(["segment"] if use["seg"] else []),
        "answers",
        "nps",
        "compound",
        "value",
        "open_ticket",
        "detractor",
        "negative_sentiment",
        "high_value",
        "n_reasons",
        "reasons",
        "last_contact",
        "respond_by",
    ]
    return per[columns]
