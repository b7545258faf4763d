"""The CX dashboard's plain-Python core: the filters, and every panel's numbers from the library.

:class:`Dashboard` holds two filters, ``period`` and ``segment``, and computes each panel by
calling the library's own functions on the filtered tables (nothing is re-implemented here):

========================  ==================================================================
panel                     computed by
========================  ==================================================================
``scores``                :func:`cxkit.metrics.nps`, :func:`~cxkit.metrics.csat`,
                          :func:`~cxkit.metrics.ces` (each with its confidence interval)
``trends``                :func:`cxkit.metrics.trend` (one row per month)
``funnel``                :func:`cxkit.journey.analytics.funnel` on the journeys' stages
``drivers``               :func:`cxkit.voc.drivers` on the comments' :func:`~cxkit.voc.themes`
``sla``                   :func:`cxkit.service.sla_attainment` (first response, per channel)
``queue``                 :func:`cxkit.voc.close_the_loop` (detractors, negative comments,
                          open tickets; one row per customer)
========================  ==================================================================

What does not depend on the filters is computed once, when the dashboard is built: the themes
and VADER sentiment of every comment, each ticket's and journey's segment, each journey's start,
and each segment's monthly trends (a period's trend is its months of them: every period is whole
months, and a month's value and interval depend on that month's answers only).
The view (:meth:`Dashboard.widget`) and the static report (:meth:`Dashboard.to_html`) draw the
same HTML from :mod:`cxkit.dashboard.render`.

>>> from cxkit.dashboard import Dashboard
>>> d = Dashboard(segment="B2B")
>>> d.scores["nps"].n < Dashboard().scores["nps"].n
True
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cxkit.dashboard import render
from cxkit.dashboard.settings import (
    ALERT_MIN_N,
    ALL,
    CLV_SETTINGS,
    DRIVER_MIN_N,
    FUNNEL_STAGES,
    HIGH_VALUE_SHARE,
    METRICS,
    OPTIONAL_TABLES,
    QUEUE_DAYS,
    QUEUE_ROWS,
    SLA_TARGETS,
    TABLES,
    TOP_DRIVERS,
    VERBATIMS,
)
from cxkit.errors import CXDataError
from cxkit.widgets.base import WidgetView

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from cxkit.stats.results import Comparison, MetricResult

__all__ = ["FUNNEL_STAGES", "METRICS", "QUEUE_ROWS", "SLA_TARGETS", "TOP_DRIVERS", "Dashboard", "dashboard"]


@dataclass(frozen=True)
class _Window:
    """One choice of the period filter: its label and the half-open interval [start, end)."""

    label: str
    start: Any
    end: Any


def dashboard(
    data: Mapping[str, Any] | None = None, /, *, period: str = ALL, segment: str = ALL, owner: str = ALL
) -> Dashboard:
    """Build the CX dashboard: scores, trends, funnel, drivers, SLAs and follow-up queue, filterable.

    Displaying the result in a notebook (as the last line of a cell) shows the ipywidgets view;
    ``.set(period=..., segment=...)`` changes the filters from code; ``.to_html(path)`` writes the
    static report for e-mail.

    Parameters
    ----------
    data : mapping of str to pandas.DataFrame, optional
        The tables ``surveys``, ``events``, ``tickets`` and ``customers`` with the course's
        columns (more tables are ignored), e.g. ``cxkit.data.load_all()`` or your own exports
        read with ``cxkit.data.read_csv``. Default: the course data.
    period : str, default "all"
        ``"all"``, a year (``"2025"``) or a quarter (``"2025-Q1"``) of the survey answers; the
        choices are :attr:`Dashboard.periods`.
    segment : str, default "all"
        ``"all"`` or a customer segment (``"B2B"``, ``"B2C"``); the choices are
        :attr:`Dashboard.segments`.
    owner : str, default "all"
        ``"all"`` or a team responsible for touchpoints in ``governance.yaml`` (module 10's view
        per owner: ``"Logistics"``, ``"Customer Service"``, ...): the survey answers and
        invitations of its touchpoints. The choices are :attr:`Dashboard.owners`.

    Returns
    -------
    Dashboard

    Raises
    ------
    CXDataError
        ``data`` is not a mapping of tables, or a table or column is missing.
    CXConfigError
        A ``period`` or ``segment`` that is not one of the choices (the message lists them).

    Examples
    --------
    >>> import cxkit
    >>> d = cxkit.dashboard(period="2025", segment="B2C")
    >>> d.period, d.segment
    ('2025', 'B2C')
    """
    return Dashboard(data, period=period, segment=segment, owner=owner)


#: The scales of the scores the dashboard reads (the course's: CSAT 1-5, CES 1-7).
_SCALES = {"nps": (0, 10), "csat": (1, 5), "ces": (1, 7)}


def _check_scores(surveys: Any) -> None:
    """Check the survey scores on the learner's table, naming its row and survey id.

    The panels work on filtered copies renumbered from 0; an error found there would name a row
    of that copy ("row 3"), not the learner's. Checked here first, a bad score names the row of
    the table the learner passed, its index label and its ``survey_id``.
    """
    from cxkit._checks import validate_scores

    for metric, (lo, hi) in _SCALES.items():
        try:
            validate_scores(surveys[metric], lo=lo, hi=hi, metric=metric, dropna=True, scale_check=False)
        except CXDataError as err:
            pos = int(str(err.row).split()[0]) if err.row is not None else None
            if pos is None or "survey_id" not in surveys.columns:
                raise
            raise CXDataError(
                err.problem,
                dataset="surveys",
                column=metric,
                row=f"{err.row} (survey {surveys['survey_id'].iloc[pos]})",
                value=err.value,
                expected=err.expected,
            ) from None


def _tables(data: Any) -> dict[str, Any]:
    """Check ``data`` and return the four tables (loading the course's when ``data`` is None)."""
    if data is None:
        from cxkit.data import load

        return {name: load(name) for name in (*TABLES, *OPTIONAL_TABLES)}
    if not isinstance(data, Mapping):
        raise CXDataError(
            "the dashboard's data must be a mapping of table name to DataFrame",
            dataset="dashboard",
            value=type(data).__name__,
            expected="a dict such as cxkit.data.load_all() with the tables " + ", ".join(TABLES),
        )
    import pandas as pd

    out = {}
    for name, columns in TABLES.items():
        if name not in data:
            raise CXDataError(
                "a table is missing",
                dataset="dashboard",
                value=name,
                expected="the tables "
                + ", ".join(TABLES)
                + f" (found: {', '.join(map(str, data)) or 'none'})",
            )
        df = data[name]
        if not isinstance(df, pd.DataFrame):
            raise CXDataError(
                "a table is not a pandas DataFrame",
                dataset=name,
                value=type(df).__name__,
                expected="a pandas DataFrame (read it with cxkit.data.load or cxkit.data.read_csv)",
            )
        missing = [c for c in columns if c not in df.columns]
        if missing:
            raise CXDataError(
                "missing column",
                dataset=name,
                column=missing[0],
                expected="the columns " + ", ".join(columns),
            )
        out[name] = df
    for name, columns in OPTIONAL_TABLES.items():
        df = data.get(name)
        if isinstance(df, pd.DataFrame) and all(c in df.columns for c in columns):
            out[name] = df
    return out


def _trend_of(answers: pd.DataFrame, metric: str) -> pd.DataFrame | None:
    """Return :func:`cxkit.metrics.trend` per month of the answers that have ``metric`` (or None).

    Each month's interval is clustered by customer (``customer_code``), as module 07 teaches.
    """
    from cxkit.metrics import trend

    rows = answers.loc[
        answers[metric].notna().to_numpy(dtype=bool), ["response_date", "customer_code", metric]
    ]
    return trend(rows, metric, freq="MS", cluster="customer_code") if len(rows) else None


def customer_value(orders: pd.DataFrame, segments: pd.Series, *, as_of: Any = None) -> pd.Series:
    """Return each customer's predicted 12-month margin (EUR), as module 08 computes it.

    Order values without VAT (:data:`~cxkit.dashboard.settings.CLV_SETTINGS`' ``vat``, 20% for the
    course data); one BG/NBD (:class:`cxkit.clv.BetaGeo`) per segment on its customers' orders up to
    ``as_of`` (a pooled model's errors cancel in the total while it over-predicts one segment and
    under-predicts the other: module 08), with one common drop-out probability (``dropout="common"``)
    where that fits as well (the smaller AIC, Akaike 1974; always where the Beta fit has no maximum: the
    course's business customers); one Gamma-Gamma spend model (:class:`cxkit.clv.GammaGamma`) per
    segment fitted on its repeat buyers; the CLV of :meth:`cxkit.clv.GammaGamma.clv` with module 08's
    settings (12 periods, 30% margin, 10% a year). A segment with fewer than two repeat buyers, or whose
    purchase model cannot be fitted either way, gets no value (NaN).

    Parameters
    ----------
    orders : pandas.DataFrame
        ``customer_id``, ``timestamp`` and ``value`` (including VAT, as the course's orders).
    segments : pandas.Series
        Each customer's segment, indexed by customer id.
    as_of : date, optional
        The end of the data the models see; default the day of the latest order (the course's:
        2025-12-31, module 08's ``AS_OF``).

    Returns
    -------
    pandas.Series
        ``clv_12m`` indexed by customer id (the customers with an order).
    """
    import pandas as pd

    from cxkit.clv import BetaGeo, GammaGamma, rfm_summary
    from cxkit.errors import CXConvergenceError

    if as_of is None:
        as_of = pd.Timestamp(orders["timestamp"].max()).normalize()
    net = orders.assign(value=orders["value"] / (1 + CLV_SETTINGS["vat"]))
    summary = rfm_summary(net, calibration_end=as_of)
    seg = segments.reindex(summary.index).astype("string")
    out = pd.Series(float("nan"), index=summary.index, name="clv_12m")
    for name in seg.dropna().unique():
        rows = summary[(seg == name).fillna(False).to_numpy(dtype=bool)]
        rep = rows[rows["frequency"] > 0]
        if len(rep) < 2:
            continue
        history = rows["frequency"], rows["recency"], rows["T"]
        fits = []
        for dropout in ("beta", "common"):
            try:
                fits.append(BetaGeo(dropout=dropout).fit(*history))
            except CXConvergenceError:  # the Beta fit has no maximum where drop-out hardly varies
                continue
        if not fits:
            continue
        # The smaller AIC (Akaike 1974), 2 k - 2 log L: the common drop-out unless the Beta's extra
        # parameter buys more than one unit of log-likelihood.
        bg = min(fits, key=lambda m: 2 * len(m.params_) - 2 * m.log_likelihood_)
        gg = GammaGamma().fit(rep["frequency"], rep["monetary_value"])
        out.loc[rows.index] = gg.clv(
            bg,
            *history,
            rows["monetary_value"],
            periods=int(CLV_SETTINGS["periods"]),
            margin=CLV_SETTINGS["margin"],
            discount_rate=CLV_SETTINGS["discount_rate"],
        )
    return out


def previous_window(label: str, windows: Mapping[str, Any]) -> str | None:
    """Return the label of the period just before ``label`` (a year's year, a quarter's quarter).

    None for ``"all"`` and for the first period of the data.

    >>> previous_window("2025-Q1", {"2024-Q4": 1, "2025-Q1": 2})
    '2024-Q4'
    >>> previous_window("2025", {"2024": 1, "2025": 2}), previous_window("2024", {"2024": 1})
    ('2024', None)
    """
    if label == ALL:
        return None
    if "-Q" in label:
        year, q = int(label[:4]), int(label[-1])
        prev = f"{year - 1}-Q4" if q == 1 else f"{year}-Q{q - 1}"
    else:
        prev = str(int(label) - 1)
    return prev if prev in windows else None


def latest_per_customer(df: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Return each customer's latest feedback row (by ``response_date``): the contact to call back on.

    >>> import pandas as pd
    >>> df = pd.DataFrame({"customer_id": ["C1", "C1", "C2"], "touchpoint": ["a", "b", "c"],
    ...                    "response_date": pd.to_datetime(["2025-01-02", "2025-01-05", "2025-01-01"])})
    >>> latest_per_customer(df, ["touchpoint"])["touchpoint"].to_dict()
    {'C1': 'b', 'C2': 'c'}
    """
    order = df.sort_values(["customer_id", "response_date"], kind="stable")
    return order.drop_duplicates("customer_id", keep="last").set_index("customer_id")[columns]


def _score(answers: pd.DataFrame, metric: str) -> MetricResult | None:
    """Return the metric of the answers that have it, clustered by customer (None without answers)."""
    from cxkit import metrics

    rows = answers.loc[answers[metric].notna().to_numpy(dtype=bool), [metric, "customer_code"]]
    if not len(rows):
        return None
    result: MetricResult = getattr(metrics, metric)(
        rows[metric], cluster=rows["customer_code"].rename("customer_id")
    )
    return result


def _change(
    now: pd.DataFrame, before: pd.DataFrame, metric: str, *, names: tuple[str, str]
) -> Comparison | None:
    """Return the metric's change from ``before`` to ``now`` by cxkit.metrics' ``compare_<metric>``.

    Clustered by customer (a customer who answered in both periods is in both groups) when the
    comparison takes ``cluster=``: :func:`cxkit.metrics.compare_nps` does; ``compare_csat`` and
    ``compare_ces`` do once they take it (then this uses it). None when there is no such
    function or a period has no answer.
    """
    import inspect

    from cxkit import metrics

    compare = getattr(metrics, f"compare_{metric}", None)
    a = now.loc[now[metric].notna().to_numpy(dtype=bool), [metric, "customer_code"]]
    b = before.loc[before[metric].notna().to_numpy(dtype=bool), [metric, "customer_code"]]
    if compare is None or not len(a) or not len(b):
        return None
    kw: dict[str, Any] = {"names": names}
    if "cluster" in inspect.signature(compare).parameters:
        kw["cluster"] = (a["customer_code"].rename("customer_id"), b["customer_code"].rename("customer_id"))
    result: Comparison = compare(a[metric], b[metric], **kw)
    return result


def _touchpoint_charts(answers: pd.DataFrame) -> pd.DataFrame | None:
    """Return each touchpoint's monthly p-chart of the detractor share (:func:`cxkit.stats.p_chart`).

    One row per touchpoint and month with NPS answers: ``touchpoint``, ``owner``, ``month`` and the
    chart's columns; the center line is the touchpoint's share over all its months.
    """
    import pandas as pd

    from cxkit.stats import p_chart

    rows = answers.loc[
        answers["nps"].notna().to_numpy(dtype=bool), ["touchpoint", "owner", "response_date", "nps"]
    ]
    if not len(rows):
        return None
    rows = rows.assign(
        touchpoint=rows["touchpoint"].astype(str),
        month=rows["response_date"].dt.to_period("M").dt.start_time,
        detractor=(rows["nps"] <= 6).astype(int),
    )
    per = rows.groupby(["touchpoint", "owner", "month"], sort=True).agg(
        count=("detractor", "sum"), n=("detractor", "size")
    )
    charts = []
    for (tp, owner), months in per.groupby(level=["touchpoint", "owner"], sort=True):
        chart = p_chart(months["count"].to_numpy(), months["n"].to_numpy(), min_n=ALERT_MIN_N)
        chart.insert(0, "month", months.index.get_level_values("month"))
        chart.insert(0, "owner", owner)
        chart.insert(0, "touchpoint", tp)
        charts.append(chart)
    return pd.concat(charts, ignore_index=True)


class Dashboard(WidgetView):
    """The CX dashboard: scores with intervals, trends, funnel, drivers, SLAs and follow-up queue.

    NPS, CSAT and CES with their intervals and monthly trend, the journey funnel, the top drivers of
    low NPS, ticket SLAs and the follow-up queue, for the period and segment you choose.

    Parameters
    ----------
    data, period, segment
        As in :func:`dashboard`.

    Attributes
    ----------
    periods : list of str
        The period filter's choices: ``"all"``, each year, each quarter of the survey answers.
    segments : list of str
        The segment filter's choices: ``"all"`` and the segments of the customers.
    tickets_as_of : pandas.Timestamp or None
        The end of the ticket data (its latest opening, first response or resolution): a ticket
        with no ``resolved_at`` is open at this time. None when there are no tickets.

    Notes
    -----
    The filters select, for each table, the rows of the period and the segment:

    - survey answers (``responded``) by ``response_date`` and ``segment``;
    - journeys whose **first** event falls in the period, of customers in the segment (a
      prospect's journey has no segment: it counts only under ``"all"``);
    - tickets by ``opened_at`` and their customer's segment.

    The follow-up queue lists the customers who answered in the period and segment; its "open
    ticket" reason is a ticket of the customer still open at the end of the data
    (:attr:`tickets_as_of`; ``resolved_at`` blank), whatever the period and whenever the ticket was
    opened: a ticket open now needs a call now, and an old one most of all. The panel says so.

    Examples
    --------
    >>> d = Dashboard()
    >>> d.set(period="2025-Q2").period
    '2025-Q2'
    >>> list(d.funnel.index)
    ['awareness', 'consideration', 'decision', 'purchase']
    """

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        /,
        *,
        period: str = ALL,
        segment: str = ALL,
        owner: str = ALL,
    ) -> None:
        import pandas as pd

        from cxkit.service import load_ownership, metric_targets
        from cxkit.voc import load_taxonomy, sentiment, themes

        t = _tables(data)
        surveys, events, tickets, customers = t["surveys"], t["events"], t["tickets"], t["customers"]
        seg_of = customers.drop_duplicates("customer_id").set_index("customer_id")["segment"].astype("string")

        _check_scores(surveys)  # on the learner's own rows, before any filtering renumbers them
        # Who owns each touchpoint (governance.yaml, module 10) and the metrics' targets.
        owner_of = load_ownership()["responsible"].astype(str).to_dict()
        targets = metric_targets()
        self.targets: dict[str, float] = {m: targets[m.upper()] for m in METRICS if m.upper() in targets}
        # Every invitation (the response rates), with its touchpoint's owner.
        invited = surveys[["customer_id", "segment", "touchpoint", "sent_at", "responded"]].copy()
        invited["segment"] = invited["segment"].astype("string")
        invited["owner"] = invited["touchpoint"].astype("string").map(owner_of).fillna("unassigned")
        invited["responded"] = invited["responded"].astype("boolean").fillna(False).astype(bool)
        self._invited = invited
        # Survey answers, with every comment's themes and sentiment (done once: they do not
        # depend on the filters and are the slow part).
        responded = invited["responded"].to_numpy(dtype=bool)
        keep = [*TABLES["surveys"], *(["survey_id"] if "survey_id" in surveys.columns else [])]
        answered = surveys.loc[responded, keep].reset_index(drop=True)
        answered["segment"] = answered["segment"].astype("string")
        answered["owner"] = answered["touchpoint"].astype("string").map(owner_of).fillna("unassigned")
        self.themes: list[str] = list(load_taxonomy())
        has_text = answered["comment"].notna().to_numpy()
        tagged = themes(answered.loc[has_text, "comment"])[self.themes]
        for name in self.themes:
            answered[name] = False
            answered.loc[has_text, name] = tagged[name].to_numpy()
        answered["compound"] = float("nan")
        if has_text.any():
            answered.loc[has_text, "compound"] = sentiment(answered.loc[has_text, "comment"])[
                "compound"
            ].to_numpy()
        open_customers = set(tickets.loc[tickets["resolved_at"].isna(), "customer_id"].dropna())
        answered["open_ticket"] = answered["customer_id"].isin(open_customers)
        # "Open" is as of the end of the ticket data: its latest time of any kind.
        stamps = tickets[["opened_at", "first_response_at", "resolved_at"]].max()
        self.tickets_as_of: pd.Timestamp | None = None if stamps.isna().all() else pd.Timestamp(stamps.max())
        # The customer as a whole number: the cluster of every interval (same clusters as
        # customer_id; whole numbers are matched far faster than strings).
        answered["customer_code"] = pd.factorize(answered["customer_id"])[0]
        # Each customer's predicted value (module 08's CLV), when the orders are given.
        self.value_as_of: pd.Timestamp | None = None
        answered["value"] = float("nan")
        self.high_value_min: float | None = None
        if "orders" in t and len(t["orders"]):
            orders = t["orders"]
            self.value_as_of = pd.Timestamp(orders["timestamp"].max()).normalize()
            clv = customer_value(orders, seg_of, as_of=self.value_as_of)
            answered["value"] = answered["customer_id"].map(clv).astype(float)
            # High value: the top 20% of the answering customers' value (module 08's rule).
            per_customer = answered.drop_duplicates("customer_id")["value"].dropna()
            if len(per_customer):
                self.high_value_min = float(per_customer.quantile(1 - HIGH_VALUE_SHARE))
        self._answered = answered
        # "Now": the end of the data (the latest answer or ticket time); a respond-by date before
        # it is overdue.
        latest = [answered["response_date"].max(), self.tickets_as_of]
        known = [pd.Timestamp(x) for x in latest if x is not None and not pd.isna(x)]
        self.as_of: pd.Timestamp | None = max(known) if known else None

        # Journeys: each event carries its journey's start and its customer's segment.
        ev = events[list(TABLES["events"])].copy()
        ev["case_start"] = ev.groupby("case_id", sort=False)["timestamp"].transform("min")
        ev["segment"] = ev["customer_id"].map(seg_of)
        self._events = ev

        tk = tickets[list(TABLES["tickets"])].copy()
        tk["segment"] = tk["customer_id"].map(seg_of)
        self._tickets = tk
        self._sla_targets = {
            c: SLA_TARGETS.get(c, "24h") for c in sorted(tk["channel"].dropna().astype(str).unique())
        }

        # The filters' choices.
        dates = answered["response_date"].dropna()
        windows = [_Window(ALL, None, None)]
        if len(dates):
            for year in range(dates.min().year, dates.max().year + 1):
                windows.append(_Window(str(year), pd.Timestamp(year, 1, 1), pd.Timestamp(year + 1, 1, 1)))
            for q in pd.period_range(dates.min(), dates.max(), freq="Q"):
                start = q.start_time.normalize()
                windows.append(_Window(f"{q.year}-Q{q.quarter}", start, (q + 1).start_time.normalize()))
        self._windows = {w.label: w for w in windows}
        self.periods: list[str] = list(self._windows)
        segs = sorted({*seg_of.dropna().unique(), *answered["segment"].dropna().unique()})
        self.segments: list[str] = [ALL, *map(str, segs)]
        self.owners: list[str] = [ALL, *sorted(answered["owner"].dropna().unique())]

        # Each (segment, owner)'s monthly trends and touchpoint charts, when first asked for: a
        # period's trend is its months of these (a month's value and interval depend only on that
        # month's answers, and every period is whole months).
        self._trend_by_group: dict[tuple[str, str], dict[str, pd.DataFrame | None]] = {}
        self._charts_by_group: dict[tuple[str, str], pd.DataFrame | None] = {}

        self.period = ALL
        self.segment = ALL
        self.owner = ALL
        self._panels: dict[str, Any] = {}
        self._figures: dict[str, Any] = {}  # matplotlib figures, built once and re-drawn
        self._memo: dict[tuple[str, ...], dict[str, Any]] = {}  # the numbers of each selection seen
        self._html_memo: dict[tuple[str, ...], dict[str, str]] = {}  # and its panels' HTML
        self.set(period=period, segment=segment, owner=owner)

    # -- the filters --------------------------------------------------------------------------

    def set(
        self, *, period: str | None = None, segment: str | None = None, owner: str | None = None
    ) -> Dashboard:
        """Change the filters and recompute every panel; chainable.

        Parameters
        ----------
        period : str, optional
            One of :attr:`periods` (``"all"``, ``"2025"``, ``"2025-Q1"``); a whole number year
            such as ``2025`` is read as ``"2025"``.
        segment : str, optional
            One of :attr:`segments`.
        owner : str, optional
            One of :attr:`owners`: the team responsible for the touchpoints (``governance.yaml``).

        Raises
        ------
        CXConfigError
            A value that is not one of the choices (the message names it and lists them).
        """
        from cxkit.stats.checks import check_choice

        if period is not None:
            if isinstance(period, int) and not isinstance(period, bool):
                period = str(period)
            period = check_choice(period, self.periods, "period")
        if segment is not None:
            segment = check_choice(segment, self.segments, "segment")
        if owner is not None:
            owner = check_choice(owner, self.owners, "owner")
        # Checked all before any is set: a bad value changes nothing.
        self.period = self.period if period is None else period
        self.segment = self.segment if segment is None else segment
        self.owner = self.owner if owner is None else owner
        self._compute()
        self._sync_widgets()
        return self

    @property
    def key(self) -> tuple[str, str, str]:
        """The current selection: ``(period, segment, owner)``."""
        return (self.period, self.segment, self.owner)

    def filtered(self, name: str, *, period: str | None = None) -> pd.DataFrame:
        """Return the rows of table ``name`` the current filters select.

        Parameters
        ----------
        name : {"answers", "invitations", "events", "tickets"}
            The survey answers (with their themes, ``compound`` sentiment, ``open_ticket``,
            ``owner`` and ``value``), every survey invitation (by ``sent_at``), the journeys'
            events (with ``case_start`` and ``segment``), or the tickets (with the customer's
            ``segment``). The owner filter applies to the answers and invitations only.
        period : str, optional
            Another period than the current one (the comparison's previous period).
        """
        from cxkit.stats.checks import check_choice

        check_choice(name, ["answers", "invitations", "events", "tickets"], "table")
        df, date, seg = {
            "answers": (self._answered, "response_date", "segment"),
            "invitations": (self._invited, "sent_at", "segment"),
            "events": (self._events, "case_start", "segment"),
            "tickets": (self._tickets, "opened_at", "segment"),
        }[name]
        mask = None
        w = self._windows[self.period if period is None else period]
        if w.start is not None:
            d = df[date]
            mask = (d >= w.start) & (d < w.end)
        if self.segment != ALL:
            m = (df[seg] == self.segment).fillna(False)
            mask = m if mask is None else mask & m
        if self.owner != ALL and name in ("answers", "invitations"):
            m = df["owner"] == self.owner
            mask = m if mask is None else mask & m
        if mask is None:
            return df
        return df[mask.to_numpy(dtype=bool)]

    # -- the panels ---------------------------------------------------------------------------

    def _group_rows(self) -> pd.DataFrame:
        """Return the answers of the current segment and owner, every period."""
        a = self._answered
        mask = None
        if self.segment != ALL:
            mask = (a["segment"] == self.segment).fillna(False)
        if self.owner != ALL:
            m = a["owner"] == self.owner
            mask = m if mask is None else mask & m
        return a if mask is None else a[mask.to_numpy(dtype=bool)]

    def _compute(self) -> None:
        hit = self._memo.get(self.key)
        if hit is not None:  # a selection seen before: its numbers are already known
            self._panels = hit
            return
        from cxkit.journey.analytics import funnel
        from cxkit.metrics import response_rate
        from cxkit.service import sla_attainment

        answers = self.filtered("answers")
        scores: dict[str, MetricResult | None] = {}
        trends: dict[str, pd.DataFrame | None] = {}
        for m in METRICS:
            scores[m] = _score(answers, m)
            trends[m] = self._trend_in_period(m)
        prev = previous_window(self.period, self._windows)
        changes: dict[str, Comparison | None] = dict.fromkeys(METRICS)
        if prev is not None:
            before = self.filtered("answers", period=prev)
            for m in METRICS:
                changes[m] = _change(answers, before, m, names=(self.period, prev))
        invited = self.filtered("invitations")
        rate = response_rate(invited) if len(invited) else None

        events = self.filtered("events")
        fun = funnel(events, stages=list(FUNNEL_STAGES), activity="stage") if len(events) else None
        drv, all_drivers, verbatims = self._drivers(answers)
        tickets = self.filtered("tickets")
        sla = sla_attainment(tickets, self._sla_targets, by="channel") if len(tickets) else None
        sla_all = sla_attainment(tickets, self._sla_targets, by=None) if len(tickets) else None

        self._panels = {
            "scores": scores,
            "trends": trends,
            "changes": changes,
            "previous": prev,
            "response_rate": rate,
            **self._alerts(),
            "funnel": fun,
            "drivers": drv,
            "drivers_tested": all_drivers,
            "verbatims": verbatims,
            "sla": sla,
            "sla_all": sla_all,
            **self._queue(answers),
            "counts": {
                "answers": len(answers),
                "invitations": len(invited),
                "journeys": int(events["case_id"].nunique()),
                "tickets": len(tickets),
            },
        }
        self._memo[self.key] = self._panels

    def _drivers(self, answers: pd.DataFrame) -> tuple[Any, Any, dict[str, list[dict[str, Any]]]]:
        """Return the drivers shown, every theme tested, and the comments quoted for each shown.

        :func:`cxkit.voc.drivers` (clustered by customer) on the commented answers; shown are the
        themes with at least :data:`DRIVER_MIN_N` comments whose whole interval lies below 0
        (their writers' NPS is lower) and that stay clear after Holm's correction for the themes
        tested (``p_adjusted`` below 0.05, as module 09 reads them), the lowest first, at most
        :data:`TOP_DRIVERS`.
        """
        from cxkit.voc import drivers

        has_score = (answers["comment"].notna() & answers["nps"].notna()).to_numpy(dtype=bool)
        scored = answers.loc[has_score, ["nps", "customer_code", *self.themes]]
        present = [t for t in self.themes if bool(scored[t].any())] if len(scored) else []
        if len(scored) < 2 or not present:
            return None, None, {}
        table = drivers(scored, "nps", present, cluster="customer_code", min_n=DRIVER_MIN_N)
        clear = (table["high"] < 0) & (table["p_adjusted"] < 0.05)  # lower, and clear after Holm
        shown = table[(table["n_with"] >= DRIVER_MIN_N) & clear].head(TOP_DRIVERS)
        quotes: dict[str, list[dict[str, Any]]] = {}
        for theme in shown["theme"]:
            rows = answers[answers[theme].to_numpy(dtype=bool) & answers["nps"].notna().to_numpy(dtype=bool)]
            rows = rows.sort_values(["nps", "compound", "response_date"], ascending=[True, True, False])
            quotes[theme] = [
                {"nps": int(r.nps), "date": r.response_date, "comment": str(r.comment)}
                for r in rows.head(VERBATIMS).itertuples()
            ]
        return shown.reset_index(drop=True), table, quotes

    def _queue(self, answers: pd.DataFrame) -> dict[str, Any]:
        """Return the follow-up queue of the last :data:`QUEUE_DAYS` days, with contact, owner, overdue.

        :func:`cxkit.voc.close_the_loop` on the selected answers with ``days=QUEUE_DAYS`` (counted
        back from the latest answer of the selection), each customer's value and the high-value
        threshold of module 08; then each customer's latest answer in the window gives the contact
        (touchpoint, channel, survey) and its owner, and ``overdue`` is a respond-by before
        :attr:`as_of`.
        """
        from cxkit.voc import close_the_loop

        keep = ["customer_id", "segment", "nps", "compound", "open_ticket", "response_date", "value"]
        feedback = answers.loc[answers["customer_id"].notna().to_numpy(dtype=bool), keep]
        if not len(feedback):
            return {"queue": None, "queue_since": None, "queue_period_total": 0}
        kw: dict[str, Any] = {"open": "open_ticket", "value": "value", "high_value_min": self.high_value_min}
        if self.high_value_min is None:
            kw = {"open": "open_ticket"}
        queue = close_the_loop(feedback, days=QUEUE_DAYS, **kw)
        whole = close_the_loop(feedback, **kw)
        import pandas as pd

        since = feedback["response_date"].max() - pd.Timedelta(days=QUEUE_DAYS)
        contact_cols = ["touchpoint", "channel", "owner", *(["survey_id"] if "survey_id" in answers else [])]
        recent = answers[(answers["response_date"] >= since).to_numpy(dtype=bool)]
        contact = latest_per_customer(recent, contact_cols)
        queue = queue.join(contact, on="customer_id")
        queue["overdue"] = (queue["respond_by"] < self.as_of) if self.as_of is not None else False
        return {"queue": queue, "queue_since": since, "queue_period_total": len(whole)}

    def _alerts(self) -> dict[str, Any]:
        """Return the touchpoint-months of the period outside their p-chart limits (detractor share).

        For the current segment and owner, each touchpoint's monthly share of detractors is charted
        with :func:`cxkit.stats.p_chart` (center: the touchpoint's share over all the months of the
        data; months with fewer than :data:`ALERT_MIN_N` NPS answers are not judged). The alerts are
        the months of the selected period above or below their limits; for ``"all"``, the months
        of the last quarter of the data. Latest first.
        """
        group = (self.segment, self.owner)
        if group not in self._charts_by_group:
            self._charts_by_group[group] = _touchpoint_charts(self._group_rows())
        charts = self._charts_by_group[group]
        if charts is None:
            return {"alerts": None, "alerts_judged": 0, "alerts_months": None}
        import pandas as pd

        w = self._windows[self.period]
        if w.start is None:
            end = charts["month"].max()
            start = end - pd.offsets.MonthBegin(2)
            in_period = charts["month"] >= start
        else:
            in_period = (charts["month"] >= w.start) & (charts["month"] < w.end)
        looked = charts[in_period.to_numpy(dtype=bool)]
        out = looked[(looked["signal"] != "").to_numpy(dtype=bool)]
        months = (looked["month"].min(), looked["month"].max()) if len(looked) else None
        return {
            "alerts": out.sort_values(["month", "value"], ascending=[False, False]).reset_index(drop=True),
            "alerts_judged": int((~looked["too_small"]).sum()),
            "alerts_months": months,
        }

    def _trend_in_period(self, metric: str) -> pd.DataFrame | None:
        """Return the selection's monthly trend of ``metric``: the group's months in the period."""
        group = (self.segment, self.owner)
        if group not in self._trend_by_group:
            rows = self._group_rows()
            self._trend_by_group[group] = {m: _trend_of(rows, m) for m in METRICS}
        t = self._trend_by_group[group][metric]
        w = self._windows[self.period]
        if t is None or w.start is None:
            return t
        month = t.index
        t = t[((month >= w.start) & (month < w.end))]
        if not len(t):
            return None
        # The months of the period carry the frequency trend() gives them when computed alone
        # (monthly when no month is missing in between): a segment with a month without answers
        # outside the period has no frequency over its whole span, and slicing keeps that.
        import pandas as pd

        months = t.index
        regular = bool((months[1:] == months[:-1] + pd.offsets.MonthBegin(1)).all())
        t.index = pd.DatetimeIndex(months, freq="MS" if regular else None)
        return t

    @property
    def scores(self) -> dict[str, MetricResult | None]:
        """NPS, CSAT and CES of the selected answers, clustered by customer (``None``: no answer)."""
        return dict(self._panels["scores"])

    @property
    def changes(self) -> dict[str, Comparison | None]:
        """Each score's change from :attr:`previous_period` (a :class:`~cxkit.stats.Comparison`), or None."""
        return dict(self._panels["changes"])

    @property
    def previous_period(self) -> str | None:
        """The period the changes compare with (the year or quarter before), or None."""
        return self._panels["previous"]

    @property
    def response_rate(self) -> MetricResult | None:
        """The share of the selection's invitations (by ``sent_at``) that were answered."""
        return self._panels["response_rate"]

    @property
    def alerts(self) -> pd.DataFrame | None:
        """Touchpoint-months of the period whose detractor share crosses its control limit."""
        return self._panels["alerts"]

    @property
    def alerts_judged(self) -> int:
        """How many touchpoint-months of the period had enough answers to be judged (the looks taken)."""
        return int(self._panels["alerts_judged"])

    @property
    def alerts_months(self) -> tuple[Any, Any] | None:
        """The first and last month the alerts look at (the period's, or the last quarter's for "all")."""
        return self._panels["alerts_months"]

    @property
    def trends(self) -> dict[str, pd.DataFrame | None]:
        """Each metric per month (:func:`cxkit.metrics.trend`), ``None`` where there is no answer."""
        return dict(self._panels["trends"])

    @property
    def funnel(self) -> pd.DataFrame | None:
        """The journey funnel of the selected journeys (:func:`cxkit.journey.analytics.funnel`)."""
        return self._panels["funnel"]

    @property
    def drivers(self) -> pd.DataFrame | None:
        """The themes whose writers give a clearly lower NPS, with enough comments (at most 5)."""
        return self._panels["drivers"]

    @property
    def drivers_tested(self) -> pd.DataFrame | None:
        """Every theme of the selection's comments (:func:`cxkit.voc.drivers`), the shown and the rest."""
        return self._panels["drivers_tested"]

    @property
    def verbatims(self) -> dict[str, list[dict[str, Any]]]:
        """For each shown driver, the comments quoted: the lowest NPS first, then the most negative."""
        return dict(self._panels["verbatims"])

    @property
    def sla(self) -> pd.DataFrame | None:
        """First-response SLA attainment per channel (:func:`cxkit.service.sla_attainment`)."""
        return self._panels["sla"]

    @property
    def sla_overall(self) -> pd.DataFrame | None:
        """First-response SLA attainment of all the selected tickets (one row)."""
        return self._panels["sla_all"]

    @property
    def sla_targets(self) -> dict[str, str]:
        """The first-response target of each channel (:data:`SLA_TARGETS`)."""
        return dict(self._sla_targets)

    @property
    def queue(self) -> pd.DataFrame | None:
        """The follow-up queue of the selection's last 14 days (:func:`cxkit.voc.close_the_loop`).

        With the contact to call back on (the customer's latest answer in the window:
        ``touchpoint``, ``channel``, ``survey_id``), its ``owner`` and ``overdue`` (``respond_by``
        before :attr:`as_of`).
        """
        return self._panels["queue"]

    @property
    def queue_since(self) -> pd.Timestamp | None:
        """The start of the queue's window: the selection's latest answer minus :data:`QUEUE_DAYS` days."""
        return self._panels["queue_since"]

    @property
    def queue_period_total(self) -> int:
        """How many customers the queue of the whole selected period would hold (not only its last days)."""
        return int(self._panels["queue_period_total"])

    @property
    def counts(self) -> dict[str, int]:
        """How many survey answers, journeys and tickets the filters select."""
        return dict(self._panels["counts"])

    # -- HTML: the view's panels and the static report ----------------------------------------

    def panels_html(self) -> dict[str, str]:
        """Return each panel as an HTML fragment (figures as embedded PNG with alt text)."""
        key = self.key
        if key not in self._html_memo:
            self._html_memo[key] = render.panels(self)
        return dict(self._html_memo[key])

    def html(self) -> str:
        """Return the whole dashboard as one self-contained HTML page (no external file or URL)."""
        return render.page(self)

    def to_html(self, path: str | Path) -> Path:
        """Write the static report (one self-contained HTML file, figures embedded) and return its path.

        Parameters
        ----------
        path : str or path
            The file to write (its folder must exist). An existing file with other content is
            first copied to ``<name>.backup-YYYYmmdd-HHMMSS.html`` beside it (the copy's name is
            printed): an earlier report is never lost.

        Raises
        ------
        CXConfigError
            The folder does not exist or cannot be written, or ``path`` is a folder.
        """
        from cxkit._paths import write_learner_file

        p, copy = write_learner_file(path, self.html(), what="dashboard report")
        if copy is not None:
            print(f"Saved {p.name}; the previous report is kept as {copy.name}.")
        return p

    def export(self) -> pd.DataFrame:
        """Return what the dashboard shows for the current filters as one table (the CSV export).

        One row per number shown: ``panel``, ``item`` (the score, theme, channel, stage, touchpoint
        or customer), ``measure``, ``value``, ``low``, ``high``, ``n`` and ``note``, with the
        filters in ``period``, ``segment`` and ``owner``. The queue's rows are the ones shown (the
        first :data:`QUEUE_ROWS`).
        """
        import pandas as pd

        rows: list[dict[str, Any]] = []

        def add(
            panel: str,
            item: Any,
            measure: str,
            value: Any,
            low: Any = None,
            high: Any = None,
            n: Any = None,
            note: str = "",
        ) -> None:
            rows.append(
                {
                    "panel": panel,
                    "item": str(item),
                    "measure": measure,
                    "value": value,
                    "low": low,
                    "high": high,
                    "n": n,
                    "note": note,
                }
            )

        for m, r in self.scores.items():
            if r is not None:
                add("scores", m.upper(), "score", r.value, r.low, r.high, r.n, r.method_label)
            if m in self.targets:
                add("scores", m.upper(), "target (governance.yaml)", self.targets[m])
            c = self.changes.get(m)
            if c is not None:
                add(
                    "scores",
                    m.upper(),
                    f"change from {self.previous_period}",
                    c.value,
                    c.low,
                    c.high,
                    c.n_a,
                    "clustered by customer" if c.cluster else "not clustered",
                )
        rr = self.response_rate
        if rr is not None:
            add("scores", "survey invitations", "response rate (%)", rr.value, rr.low, rr.high, rr.n)
        alerts = self.alerts
        if alerts is not None:
            for a in alerts.itertuples():
                add(
                    "alerts",
                    a.touchpoint,
                    f"detractor share (%) {a.month:%Y-%m}",
                    a.value,
                    a.lcl,
                    a.ucl,
                    a.n,
                    f"{a.signal} the control limits; owner {a.owner}",
                )
        dr = self.drivers
        if dr is not None:
            for d in dr.itertuples():
                add(
                    "drivers",
                    d.theme,
                    "NPS difference (with - without)",
                    d.difference,
                    d.low,
                    d.high,
                    d.n_with,
                )
        f = self.funnel
        if f is not None:
            for st in f.itertuples():
                add(
                    "funnel",
                    st.Index,
                    "conversion from previous stage (%)",
                    st.value,
                    st.low,
                    st.high,
                    st.cases,
                )
        sla = self.sla
        if sla is not None:
            for ch, r in sla.iterrows():
                add(
                    "sla",
                    ch,
                    f"first response within {self._sla_targets.get(str(ch), '')} (%)",
                    r["value"],
                    r["low"],
                    r["high"],
                    r["n"],
                )
        q = self.queue
        if q is not None:
            for r in q.head(QUEUE_ROWS).itertuples():
                add(
                    "queue",
                    r.customer_id,
                    "priority",
                    r.priority,
                    n=None,
                    note=f"{r.reasons}; respond by {r.respond_by:%Y-%m-%d %H:%M}"
                    + ("; OVERDUE" if r.overdue else "")
                    + f"; owner {r.owner}; contact {r.touchpoint} ({r.channel})",
                )
        out = pd.DataFrame(rows, columns=["panel", "item", "measure", "value", "low", "high", "n", "note"])
        out.insert(0, "owner", self.owner)
        out.insert(0, "segment", self.segment)
        out.insert(0, "period", self.period)
        return out

    def to_csv(self, path: str | Path) -> Path:
        """Write :meth:`export` (what is shown, for the current filters) as a CSV file; return its path.

        An existing file with other content is first copied to ``<name>.backup-YYYYmmdd-HHMMSS.csv``
        (the copy's name is printed).

        Raises
        ------
        CXConfigError
            The folder does not exist or cannot be written, or ``path`` is a folder.
        """
        from cxkit._paths import write_learner_file

        p, copy = write_learner_file(path, self.export().to_csv(index=False), what="dashboard export")
        if copy is not None:
            print(f"Saved {p.name}; the previous export is kept as {copy.name}.")
        return p

    def __repr__(self) -> str:
        """Return the dashboard's filters."""
        return f"Dashboard(period={self.period!r}, segment={self.segment!r}, owner={self.owner!r})"

    # -- the ipywidgets view ------------------------------------------------------------------

    def _ipython_display_(self) -> None:
        """Show the first screen as plain HTML at once, then the interactive view that replaces it.

        A notebook's HTML output shows as soon as the page arrives (in Voila, from a preheated
        kernel); the ipywidgets view needs the browser's widget manager and the kernel's messages
        first (seconds). The plain copy (title, score cards, trend) is hidden by CSS as soon as the
        view is drawn.
        """
        from IPython.display import HTML, display

        display(HTML(render.first_screen(self)))
        self.display()

    def _build(self) -> dict[str, Any]:
        """Build the ipywidgets view: two filters above the panels."""
        return render.build_widget(self)

    @property
    def controls(self) -> dict[str, Any]:
        """The filter Dropdowns ``{"period", "segment", "owner"}`` (building the view if needed)."""
        return {k: self._control(k) for k in ("period", "segment", "owner")}

    def _push(self, ui: dict[str, Any]) -> None:
        ui["period"].value = self.period
        ui["segment"].value = self.segment
        ui["owner"].value = self.owner

    def _refresh(self) -> None:
        if self._ui is None:
            return
        for key, html in self.panels_html().items():
            self._ui["panels"][key].value = html

    def update_seconds(self, *, repeats: int = 3, cached: bool = False) -> dict[str, float]:
        """Time filter changes made through the view's Dropdowns (recompute and redraw): seconds.

        Each step changes one Dropdown, as a manager does: period to 2025, segment to B2B, period
        to 2024-Q4, segment to B2C, then both back to all. Returns the median and the slowest wall
        time, and the median CPU time of the process (``time.process_time``: what the machine's
        other work does not inflate). ``cached=False`` forgets the selections seen before each
        change (the cost of a first visit); ``True`` times returns to a selection already seen.
        For reporting in ``bench/``, not for asserting.
        """
        import statistics
        import time

        controls = self.controls
        start = self.key
        steps = [
            ("period", "2025"),
            ("segment", "B2B"),
            ("period", "2024-Q4"),
            ("segment", "B2C"),
            ("owner", "Logistics"),
            ("period", "all"),
            ("segment", "all"),
            ("owner", "all"),
        ]
        wall, cpu = [], []
        for _ in range(repeats):
            for name, value in steps:
                if not cached:
                    self._memo.clear()
                    self._html_memo.clear()
                t0, c0 = time.perf_counter(), time.process_time()
                controls[name].value = value
                wall.append(time.perf_counter() - t0)
                cpu.append(time.process_time() - c0)
        self.set(period=start[0], segment=start[1], owner=start[2])
        return {"median": statistics.median(wall), "max": max(wall), "cpu_median": statistics.median(cpu)}
