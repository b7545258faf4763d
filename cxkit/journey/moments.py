"""Survey scores by touchpoint: the one each answer is about, else the last one tracked before it."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from cxkit.errors import CXConfigError, CXDataError, CXDataWarning
from cxkit.journey._eventlog import _NS, _check_log, _nanoseconds

__all__ = ["link_scores"]


def _instants(df: pd.DataFrame, column: str, dataset: str) -> tuple[np.ndarray, bool]:
    """Return int64 nanoseconds (UTC if zoned) of a column without blanks, and whether it had a zone."""
    raw = df[column]
    zoned = isinstance(raw.dtype, pd.DatetimeTZDtype)
    if not zoned and not pd.api.types.is_datetime64_dtype(raw.dtype):
        parsed = _nanoseconds(df, column)  # raises with the row for text that cannot be read
        return parsed, False
    try:
        return _nanoseconds(df, column), zoned
    except CXDataError as err:
        raise CXDataError(
            err.problem, dataset=dataset, column=column, row=err.row, expected=err.expected
        ) from None


def link_scores(
    log: pd.DataFrame,
    surveys: pd.DataFrame,
    *,
    metric: str = "nps",
    customer: str = "customer_id",
    touchpoint: str = "touchpoint",
    timestamp: str = "timestamp",
    answered_at: str = "response_date",
    about: str | None = "touchpoint",
    within: pd.Timedelta | str | None = "14D",
    confidence: float = 0.95,
    method: str | None = None,
    min_n: int = 30,
) -> pd.DataFrame:
    r"""Attribute each survey answer to a touchpoint, and score the answers touchpoint by touchpoint.

    An answer that names the touchpoint it is about (a transactional survey: the column ``about``
    of ``surveys``) is attributed to that touchpoint: the survey says what it asks about, and no
    guess is needed. Only an answer without one (a relationship survey, a blank) is attributed to
    the touchpoint its customer **last met** in the event log before answering, within ``within``.
    That second attribution is weak: it says which tracked step came last, not what the answer is
    about (in the course data, the last tracked step is the survey's own touchpoint for only about
    one answer in five). A **moment of truth** (Carlzon 1987) is found by its leverage on the
    outcome that matters and confirmed by research; low scores here are questions for that
    research, not a ranking.

    The window ``within`` is the analyst's choice and must be reported with the result. The default,
    14 days, is the time within which transactional answers arrive: in the course data an answer
    comes a median of 37 hours after the order, delivery or ticket it is about, and 98% of them
    within 14 days (none later than 19 days), so an event further back is unlikely to be the one the
    customer is answering about. Read the ``median_gap_h`` column: when the gaps run to days, try a
    shorter window and say how much the table changes.

    Parameters
    ----------
    log : pandas.DataFrame
        An event log with a customer, a touchpoint and a timestamp per event (events with a blank
        customer, such as prospects', are ignored).
    surveys : pandas.DataFrame
        Survey invitations, e.g. ``cxkit.data.load("surveys")``; only the answered ones (a score
        and an answer time) are used.
    metric : {"nps", "csat", "ces"}, default "nps"
        The score to summarise (the column of the same name in ``surveys``).
    customer, touchpoint, timestamp : str
        Column names in the log (``customer`` names the customer column of both tables).
    answered_at : str, default "response_date"
        The time of each answer in ``surveys``.
    about : str or None, default "touchpoint"
        The column of ``surveys`` naming the touchpoint each answer is about; an answer with a value
        there is attributed to it directly (no event needed). ``None``: ignore it and attribute every
        answer to the last tracked event (to see what that attribution would say, or for surveys
        without such a column).
    within : timedelta or str, default "14D"
        Only link an answer without its own touchpoint to an event at most this long before it
        (``None``: no limit). Such an answer with no event of its customer in that window is left
        out. State it with the result (see above).
    confidence, method, min_n :
        As in :func:`cxkit.metrics.breakdown` (intervals, and the ``too_small`` flag).

    Returns
    -------
    pandas.DataFrame
        One row per touchpoint, **worst score first**: ``touchpoint`` (the one each answer was
        attributed to) and the columns of :func:`cxkit.metrics.breakdown` (``value``, ``n`` answers,
        ``low``, ``high``, ``moe``, ``too_small``, ...), plus ``n_about`` (answers attributed by their
        own touchpoint) and ``n_last_event`` (by the last tracked event), ``median_gap_h``, the median
        hours from the last tracked event to the answer (blank when no answer of the row was
        attributed that way), and ``linked_share``, the share of all answers (in percent) that
        were attributed (an answer with a score but no answer time counts as not attributed, with
        a :class:`~cxkit.errors.CXDataWarning`).

    Raises
    ------
    cxkit.errors.CXDataError
        A missing column in either table (``about`` included, unless ``about=None``), an unreadable
        timestamp, one table with time zones and the other without, no answer attributed at all.
    cxkit.errors.CXConfigError
        A bad ``metric``, ``method``, ``within``, ``confidence`` or ``min_n``.

    Notes
    -----
    Answer :math:`i` of customer :math:`u` at time :math:`a_i` is attributed to its own touchpoint
    when it has one; otherwise to the touchpoint of the event
    :math:`e^* = \arg\max_e \{t_e : u_e = u,\ a_i - w \le t_e \le a_i\}` (an as-of join:
    ``pandas.merge_asof``, backward), and the metric is computed per attributed touchpoint
    exactly as :func:`cxkit.metrics.breakdown` does (for the NPS :math:`100(P-D)/n` with its
    Wald interval; Reichheld 2003). Touchpoints preceding the worst scores are where to look
    first; a low score after a touchpoint is an association, not proof that the touchpoint
    caused it (Richardson 2010 on moments of truth in journey maps).

    References
    ----------
    Carlzon, J. (1987). *Moments of Truth*. Cambridge, MA: Ballinger.
    Reichheld, F. F. (2003). The one number you need to grow. *Harvard Business Review*, 81(12).
    Richardson, A. (2010). Using customer journey maps to improve customer experience. *Harvard
    Business Review* (online).

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({"customer_id": ["c1", "c1", "c2"], "touchpoint": ["web", "delivery", "web"],
    ...                     "timestamp": pd.to_datetime(["2024-01-01", "2024-01-05", "2024-01-02"])})
    >>> surveys = pd.DataFrame({"customer_id": ["c1", "c2", "c2"], "nps": pd.array([2, 10, 9], dtype="Int64"),
    ...                         "response_date": pd.to_datetime(["2024-01-06", "2024-01-03", "2024-01-04"])})
    >>> link_scores(log, surveys, about=None, min_n=1)[["touchpoint", "value", "n"]]
      touchpoint  value  n
    0   delivery -100.0  1
    1        web  100.0  2

    With the survey's own touchpoint (the default), c2's second answer is about the app:

    >>> surveys["touchpoint"] = [None, None, "app"]
    >>> link_scores(log, surveys, min_n=1)[["touchpoint", "value", "n", "n_about", "n_last_event"]]
      touchpoint  value  n  n_about  n_last_event
    0   delivery -100.0  1        0             1
    1        app  100.0  1        1             0
    2        web  100.0  1        0             1
    """
    from cxkit.metrics import breakdown
    from cxkit.stats.checks import check_choice

    metric = check_choice(metric, ["nps", "csat", "ces"], "metric")
    _check_log(log, [customer, touchpoint, timestamp])
    if not isinstance(surveys, pd.DataFrame):
        raise CXDataError("surveys must be a pandas DataFrame", value=type(surveys).__name__)
    missing = [c for c in (customer, answered_at, metric) if c not in surveys.columns]
    if missing:
        raise CXDataError(
            "missing column",
            dataset="surveys",
            column=missing[0],
            expected=f"the columns {customer!r}, {answered_at!r} and {metric!r}",
        )
    if about is not None and about not in surveys.columns:
        raise CXDataError(
            "missing column",
            dataset="surveys",
            column=about,
            expected=f"the touchpoint each answer is about (about={about!r}), or about=None to "
            "attribute every answer to the last tracked event",
        )
    if within is not None:
        try:
            window = pd.Timedelta(within)
        except (TypeError, ValueError):
            raise CXConfigError(
                f"within={within!r}: give a time span such as '30D' or '12h', or None"
            ) from None
        if pd.isna(window) or window <= pd.Timedelta(0):
            raise CXConfigError(f"within={within!r}: give a positive time span such as '30D', or None")
    events = log.loc[log[customer].notna(), [customer, touchpoint, timestamp]]
    scored = surveys[metric].notna().to_numpy(dtype=bool)
    undated = scored & surveys[answered_at].isna().to_numpy(dtype=bool)
    if undated.any():  # counted in linked_share's denominator: they are answers that were not linked
        pos = int(np.flatnonzero(undated)[0])
        warnings.warn(
            f"link_scores: {int(undated.sum())} answer(s) with a {metric} score but no {answered_at!r} "
            f"cannot be linked to a touchpoint and are left out (first: row {pos}, index "
            f"{surveys.index[pos]!r}); linked_share counts them as not linked.",
            CXDataWarning,
            stacklevel=2,
        )
    answered = surveys.loc[scored & ~undated]
    if len(answered) == 0:
        raise CXDataError(
            "no answered surveys",
            dataset="surveys",
            expected="surveys with a score and an answer time",
        )
    # 1. Answers that say which touchpoint they are about: attributed to it, no event needed.
    own = (
        np.zeros(len(answered), dtype=bool) if about is None else answered[about].notna().to_numpy(dtype=bool)
    )
    direct = pd.DataFrame(
        {
            "touchpoint": answered[about].to_numpy()[own] if about is not None else [],
            "_row": np.flatnonzero(own),
            "_gap_h": np.nan,
            "_by_event": False,
        }
    )
    # 2. The others: the last event of the same customer within the window (an as-of join).
    rest = answered.iloc[np.flatnonzero(~own)]
    by_event = direct.iloc[0:0]
    if len(rest) and len(events):
        t_ev, zoned_ev = _instants(events, timestamp, "event log")
        t_sv, zoned_sv = _instants(rest, answered_at, "surveys")
        if zoned_ev != zoned_sv:
            with_zone, without = (timestamp, answered_at) if zoned_ev else (answered_at, timestamp)
            raise CXDataError(
                "one table has time zones and the other not, so which event came first is unknown",
                column=f"{with_zone} / {without}",
                expected="both columns with a time zone or both without",
            )
        left = pd.DataFrame(
            {"_t": t_sv, "_cust": rest[customer].astype(str).to_numpy(), "_row": np.flatnonzero(~own)}
        ).sort_values("_t", kind="stable")
        right = pd.DataFrame(
            {
                "_t": t_ev,
                "_cust": events[customer].astype(str).to_numpy(),
                "touchpoint": events[touchpoint].to_numpy(),
                "_t_event": t_ev,
            }
        ).sort_values("_t", kind="stable")
        tol = None if within is None else int(pd.Timedelta(within).value)
        linked = pd.merge_asof(left, right, on="_t", by="_cust", direction="backward", tolerance=tol)
        linked = linked[linked["touchpoint"].notna()]
        by_event = pd.DataFrame(
            {
                "touchpoint": linked["touchpoint"].to_numpy(),
                "_row": linked["_row"].to_numpy(),
                "_gap_h": (linked["_t"].to_numpy() - linked["_t_event"].to_numpy()) / (3600 * _NS),
                "_by_event": True,
            }
        )
    attributed = pd.concat([direct, by_event], ignore_index=True).sort_values("_row", kind="stable")
    if len(attributed) == 0:
        raise CXDataError(
            "no answer could be attributed: none names its touchpoint and none follows an event of "
            "the same customer",
            dataset="event log" if len(events) == 0 else "surveys",
            column=customer,
            expected="customers who appear in both tables, with events before their answers"
            + ("" if within is None else f" and at most {within} before (try a longer within=)")
            + ("" if about is None else f", or answers with a {about!r}"),
        )
    scores = answered[metric].iloc[attributed["_row"].to_numpy()].reset_index(drop=True)
    names = attributed["touchpoint"].astype(str).to_numpy()
    table_in = pd.DataFrame({"touchpoint": names, metric: scores})
    table = breakdown(table_in, metric, by="touchpoint", confidence=confidence, method=method, min_n=min_n)
    flags = pd.Series(attributed["_by_event"].to_numpy(dtype=bool))
    table["n_about"] = (~flags).groupby(names).sum().reindex(table.index).to_numpy()
    table["n_last_event"] = flags.groupby(names).sum().reindex(table.index).to_numpy()
    gaps = pd.Series(attributed["_gap_h"].to_numpy(dtype=float)).groupby(names).median()
    table["median_gap_h"] = gaps.reindex(table.index).to_numpy()
    table["linked_share"] = 100 * len(attributed) / int(scored.sum())
    out = table.reset_index()
    # Every metric is "higher is better" (CES: agreement that the task was easy), so worst first.
    out = out.sort_values(["value", "touchpoint"], kind="stable")
    return out.reset_index(drop=True)
