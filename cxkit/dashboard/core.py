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
    ALL,
    FUNNEL_STAGES,
    METRICS,
    QUEUE_ROWS,
    SLA_TARGETS,
    TABLES,
    TOP_DRIVERS,
)
from cxkit.errors import CXDataError
from cxkit.widgets.base import WidgetView

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from cxkit.stats.results import MetricResult

__all__ = ["FUNNEL_STAGES", "METRICS", "QUEUE_ROWS", "SLA_TARGETS", "TOP_DRIVERS", "Dashboard", "dashboard"]


@dataclass(frozen=True)
class _Window:
    """One choice of the period filter: its label and the half-open interval [start, end)."""

    label: str
    start: Any
    end: Any


def dashboard(
    data: Mapping[str, Any] | None = None, /, *, period: str = ALL, segment: str = ALL
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
    return Dashboard(data, period=period, segment=segment)


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

        return {name: load(name) for name in TABLES}
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
    return out


def _trend_of(answers: pd.DataFrame, metric: str) -> pd.DataFrame | None:
    """Return :func:`cxkit.metrics.trend` per month of the answers that have ``metric`` (or None)."""
    from cxkit.metrics import trend

    rows = answers.loc[answers[metric].notna().to_numpy(dtype=bool), ["response_date", metric]]
    return trend(rows, metric, freq="MS") if len(rows) else None


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
        self, data: Mapping[str, Any] | None = None, /, *, period: str = ALL, segment: str = ALL
    ) -> None:
        import pandas as pd

        from cxkit.voc import load_taxonomy, sentiment, themes

        t = _tables(data)
        surveys, events, tickets, customers = t["surveys"], t["events"], t["tickets"], t["customers"]
        seg_of = customers.drop_duplicates("customer_id").set_index("customer_id")["segment"].astype("string")

        _check_scores(surveys)  # on the learner's own rows, before any filtering renumbers them
        # Survey answers, with every comment's themes and sentiment (done once: they do not
        # depend on the filters and are the slow part).
        responded = surveys["responded"].astype("boolean").fillna(False).to_numpy(dtype=bool)
        answered = surveys.loc[responded, list(TABLES["surveys"])].reset_index(drop=True)
        answered["segment"] = answered["segment"].astype("string")
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
        # The customer as a whole number: the cluster of the drivers' intervals (same clusters
        # as customer_id; whole numbers are matched far faster than strings).
        answered["customer_code"] = pd.factorize(answered["customer_id"])[0]
        self._answered = answered

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

        # Each segment's monthly trends, once: a period's trend is its months of these (a month's
        # value and interval depend only on that month's answers, and every period is whole months).
        self._trend_by_segment: dict[str, dict[str, pd.DataFrame | None]] = {}
        for seg in self.segments:
            rows = (
                answered
                if seg == ALL
                else answered[(answered["segment"] == seg).fillna(False).to_numpy(dtype=bool)]
            )
            self._trend_by_segment[seg] = {m: _trend_of(rows, m) for m in METRICS}

        self.period = ALL
        self.segment = ALL
        self._panels: dict[str, Any] = {}
        self._figures: dict[str, Any] = {}  # matplotlib figures, built once and re-drawn
        self._memo: dict[tuple[str, str], dict[str, Any]] = {}  # the numbers of each selection seen
        self._html_memo: dict[tuple[str, str], dict[str, str]] = {}  # and its panels' HTML
        self.set(period=period, segment=segment)

    # -- the filters --------------------------------------------------------------------------

    def set(self, *, period: str | None = None, segment: str | None = None) -> Dashboard:
        """Change the filters and recompute every panel; chainable.

        Parameters
        ----------
        period : str, optional
            One of :attr:`periods` (``"all"``, ``"2025"``, ``"2025-Q1"``); a whole number year
            such as ``2025`` is read as ``"2025"``.
        segment : str, optional
            One of :attr:`segments`.

        Raises
        ------
        CXConfigError
            A value that is not one of the choices (the message names it and lists them).
        """
        from cxkit.stats.checks import check_choice

        if period is not None:
            if isinstance(period, int) and not isinstance(period, bool):
                period = str(period)
            self.period = check_choice(period, self.periods, "period")
        if segment is not None:
            self.segment = check_choice(segment, self.segments, "segment")
        self._compute()
        self._sync_widgets()
        return self

    def filtered(self, name: str) -> pd.DataFrame:
        """Return the rows of table ``name`` the current filters select.

        Parameters
        ----------
        name : {"answers", "events", "tickets"}
            The survey answers (with their themes, ``compound`` sentiment and ``open_ticket``),
            the journeys' events (with ``case_start`` and ``segment``), or the tickets (with the
            customer's ``segment``).
        """
        from cxkit.stats.checks import check_choice

        check_choice(name, ["answers", "events", "tickets"], "table")
        df, date, seg = {
            "answers": (self._answered, "response_date", "segment"),
            "events": (self._events, "case_start", "segment"),
            "tickets": (self._tickets, "opened_at", "segment"),
        }[name]
        mask = None
        w = self._windows[self.period]
        if w.start is not None:
            d = df[date]
            mask = (d >= w.start) & (d < w.end)
        if self.segment != ALL:
            m = df[seg] == self.segment
            m = m.fillna(False)
            mask = m if mask is None else mask & m
        if mask is None:
            return df
        return df[mask.to_numpy(dtype=bool)]

    # -- the panels ---------------------------------------------------------------------------

    def _compute(self) -> None:
        key = (self.period, self.segment)
        hit = self._memo.get(key)
        if hit is not None:  # a selection seen before: its numbers are already known
            self._panels = hit
            return
        from cxkit.journey.analytics import funnel
        from cxkit.metrics import ces, csat, nps
        from cxkit.service import sla_attainment
        from cxkit.voc import close_the_loop, drivers

        # Each function gets only the columns it reads (filtering copies every column it keeps).
        answers = self.filtered("answers")
        scorer: dict[str, Any] = {"nps": nps, "csat": csat, "ces": ces}
        scores: dict[str, MetricResult | None] = {}
        trends: dict[str, pd.DataFrame | None] = {}
        for m in METRICS:
            rows = answers.loc[answers[m].notna().to_numpy(dtype=bool), ["response_date", m]]
            scores[m] = scorer[m](rows[m]) if len(rows) else None
            trends[m] = self._trend_in_period(m)

        events = self.filtered("events")
        fun = funnel(events, stages=list(FUNNEL_STAGES), activity="stage") if len(events) else None

        has_score = (answers["comment"].notna() & answers["nps"].notna()).to_numpy(dtype=bool)
        scored = answers.loc[has_score, ["nps", "customer_code", *self.themes]]
        present = [t for t in self.themes if bool(scored[t].any())] if len(scored) else []
        drv = (
            drivers(scored, "nps", present, cluster="customer_code").head(TOP_DRIVERS)
            if len(scored) >= 2 and present
            else None
        )
        tickets = self.filtered("tickets")
        sla = sla_attainment(tickets, self._sla_targets, by="channel") if len(tickets) else None
        sla_all = sla_attainment(tickets, self._sla_targets, by=None) if len(tickets) else None

        keep = ["customer_id", "segment", "nps", "compound", "open_ticket", "response_date"]
        feedback = answers.loc[answers["customer_id"].notna().to_numpy(dtype=bool), keep]
        queue = close_the_loop(feedback, open="open_ticket") if len(feedback) else None
        self._panels = {
            "scores": scores,
            "trends": trends,
            "funnel": fun,
            "drivers": drv,
            "sla": sla,
            "sla_all": sla_all,
            "queue": queue,
            "counts": {
                "answers": len(answers),
                "journeys": int(events["case_id"].nunique()),
                "tickets": len(tickets),
            },
        }
        self._memo[key] = self._panels

    def _trend_in_period(self, metric: str) -> pd.DataFrame | None:
        """Return the selection's monthly trend of ``metric``: the segment's months in the period."""
        t = self._trend_by_segment[self.segment][metric]
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
        """NPS, CSAT and CES of the selected answers (``None`` where there is no answer)."""
        return dict(self._panels["scores"])

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
        """The :data:`TOP_DRIVERS` themes of the comments with the lowest NPS (:func:`cxkit.voc.drivers`)."""
        return self._panels["drivers"]

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
        """The whole follow-up queue of the selection (:func:`cxkit.voc.close_the_loop`)."""
        return self._panels["queue"]

    @property
    def counts(self) -> dict[str, int]:
        """How many survey answers, journeys and tickets the filters select."""
        return dict(self._panels["counts"])

    # -- HTML: the view's panels and the static report ----------------------------------------

    def panels_html(self) -> dict[str, str]:
        """Return each panel as an HTML fragment (figures as embedded PNG with alt text)."""
        key = (self.period, self.segment)
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

    def __repr__(self) -> str:
        """Return the dashboard's filters."""
        return f"Dashboard(period={self.period!r}, segment={self.segment!r})"

    # -- the ipywidgets view ------------------------------------------------------------------

    def _build(self) -> dict[str, Any]:
        """Build the ipywidgets view: two filters above the panels."""
        return render.build_widget(self)

    @property
    def controls(self) -> dict[str, Any]:
        """The filter Dropdowns ``{"period": ..., "segment": ...}`` (building the view if needed)."""
        return {"period": self._control("period"), "segment": self._control("segment")}

    def _push(self, ui: dict[str, Any]) -> None:
        ui["period"].value = self.period
        ui["segment"].value = self.segment

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
        start = (self.period, self.segment)
        steps = [
            ("period", "2025"),
            ("segment", "B2B"),
            ("period", "2024-Q4"),
            ("segment", "B2C"),
            ("period", "all"),
            ("segment", "all"),
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
        self.set(period=start[0], segment=start[1])
        return {"median": statistics.median(wall), "max": max(wall), "cpu_median": statistics.median(cpu)}
