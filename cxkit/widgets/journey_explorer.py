"""The funnel and flow explorer: pick a segment, a channel and a date range, watch the journeys.

A plain-Python core (:meth:`JourneyExplorer.set`, :attr:`JourneyExplorer.funnel_table`,
:attr:`JourneyExplorer.flow_table`, :meth:`JourneyExplorer.summary_text`) works and is tested
without a notebook; :meth:`JourneyExplorer.widget` builds the ipywidgets controls on top of it:

* three controls: the customer **segment** (B2C, B2B, or prospects who never signed up), the
  **channel** a journey started in, and the **months** in which journeys started (a range slider);
* tab "Funnel": the stage funnel of :func:`cxkit.journey.analytics.funnel` as labelled HTML bars
  (cases, % of the first stage, % of the previous stage) and a sentence naming the step that
  loses the most journeys;
* tab "Flow": the flow diagram of :func:`cxkit.journey.flow.draw_flow` for the same
  journeys, redrawn only while its tab is shown.

Every number comes from :mod:`cxkit.journey.analytics`; the widget only filters the journeys.

>>> from cxkit.widgets import JourneyExplorer
>>> ex = JourneyExplorer()
>>> ex.set(segment="B2B").n_cases > 0
True
>>> ex.funnel_table.index.tolist()
['awareness', 'consideration', 'decision', 'purchase', 'post_purchase']
"""

from __future__ import annotations

import html
from typing import Any

import numpy as np
import pandas as pd

from cxkit import style
from cxkit.errors import CXConfigError
from cxkit.widgets.base import WidgetView, control

__all__ = ["ALL", "PROSPECT", "STAGES", "JourneyExplorer"]

#: The course's five journey stages, in order.
STAGES = ("awareness", "consideration", "decision", "purchase", "post_purchase")
#: The menus' first choice: no filter.
ALL = "All"
#: The segment of journeys with no customer (prospects who never signed up).
PROSPECT = "prospect"
#: Tab titles (JupyterLab cuts tab titles longer than about 16 characters).
TAB_TITLES = ("Funnel", "Flow")


class JourneyExplorer(WidgetView):
    """Explore the stage funnel and the flows of the course journeys by segment, channel and month.

    Parameters
    ----------
    events : pandas.DataFrame, optional
        The event log (default ``cxkit.data.load("events")``), with ``case_id``, ``customer_id``,
        ``timestamp``, ``stage`` and ``channel``.
    customers : pandas.DataFrame, optional
        ``customer_id`` and ``segment`` (default ``cxkit.data.load("customers")``). Journeys
        without a customer are in the segment :data:`PROSPECT`.
    ordered : bool, default True
        Passed to :func:`cxkit.journey.analytics.funnel`.
    steps : int, default 5
        Steps shown by the flow diagram.

    Attributes
    ----------
    segment, channel : str
        The current filters (:data:`ALL` for none). ``channel`` is the channel of a journey's
        first event.
    start, end : pandas.Period
        The first and last month (inclusive) in which the journeys shown started.

    Examples
    --------
    >>> ex = JourneyExplorer()
    >>> ex.set(channel="store", start="2025-01", end="2025-06").channel
    'store'
    >>> ex.summary_text().startswith("Of ")
    True
    """

    def __init__(
        self,
        events: pd.DataFrame | None = None,
        customers: pd.DataFrame | None = None,
        /,
        *,
        ordered: bool = True,
        steps: int = 5,
    ) -> None:
        from cxkit.data import load

        events = load("events") if events is None else events
        customers = load("customers") if customers is None else customers
        self.ordered = ordered
        self.steps = steps
        self._events = events[["case_id", "customer_id", "timestamp", "stage", "channel"]].reset_index(
            drop=True
        )
        seg = events["customer_id"].map(customers.set_index("customer_id")["segment"].astype(str))
        seg = seg.where(events["customer_id"].notna(), PROSPECT).fillna(PROSPECT)
        codes, _ = pd.factorize(self._events["case_id"])
        self._case_of_event = codes
        # Integer case codes and a categorical stage: the analytics then factorize in no time.
        self._events["case_id"] = codes
        self._events["stage"] = self._events["stage"].astype("category")
        first = (
            pd.DataFrame(
                {"code": codes, "t": self._events["timestamp"].to_numpy(), "row": np.arange(len(codes))}
            )
            .sort_values(["code", "t", "row"], kind="stable")
            .drop_duplicates("code")
            .sort_values("code")["row"]
            .to_numpy()
        )
        case_segment = seg.to_numpy(dtype=object)[first]
        case_channel = self._events["channel"].astype(str).to_numpy(dtype=object)[first]
        stamps = self._events["timestamp"].iloc[first]
        # Filters compare small integers (codes, months as year * 12 + month), never objects.
        self._case_month = (stamps.dt.year * 12 + stamps.dt.month - 1).to_numpy()
        self.months: list[pd.Period] = [
            pd.Period(year=m // 12, month=m % 12 + 1, freq="M") for m in sorted(set(self._case_month))
        ]
        self.segments: list[str] = [ALL, *sorted(set(case_segment) - {PROSPECT}), PROSPECT]
        self.channels: list[str] = [ALL, *sorted(set(case_channel))]
        self._case_segment = pd.Categorical(case_segment, categories=self.segments).codes
        self._case_channel = pd.Categorical(case_channel, categories=self.channels).codes
        self.segment = ALL
        self.channel = ALL
        self.start = self.months[0]
        self.end = self.months[-1]
        self._cache: dict[str, Any] = {}

    # -- the plain-Python core ------------------------------------------------------------------

    def set(
        self,
        *,
        segment: str | None = None,
        channel: str | None = None,
        start: Any = None,
        end: Any = None,
    ) -> JourneyExplorer:
        """Change any filter; returns ``self`` (chainable).

        Parameters
        ----------
        segment : str, optional
            One of :attr:`segments` (``"All"``, ``"B2B"``, ``"B2C"``, ``"prospect"``).
        channel : str, optional
            One of :attr:`channels` (``"All"`` or a channel).
        start, end : str or pandas.Period, optional
            Months such as ``"2025-03"``, within :attr:`months`; ``start`` not after ``end``.

        Raises
        ------
        CXConfigError
            A value that is not one of the choices, or a start after the end.
        """
        from cxkit.stats.checks import check_choice

        if segment is not None:
            segment = check_choice(segment, self.segments, "segment")
        if channel is not None:
            channel = check_choice(channel, self.channels, "channel")
        new_start = self._month(start, "start") if start is not None else self.start
        new_end = self._month(end, "end") if end is not None else self.end
        if new_start > new_end:
            raise CXConfigError(
                f"start {new_start} is after end {new_end}: pick a start month on or before the end"
            )
        self.segment = segment if segment is not None else self.segment
        self.channel = channel if channel is not None else self.channel
        self.start, self.end = new_start, new_end
        self._cache = {}
        self._sync_widgets()
        return self

    def _month(self, value: Any, name: str) -> pd.Period:
        try:
            month = pd.Period(value, freq="M")
        except (TypeError, ValueError):
            month = None
        if month is None or month not in self.months:
            raise CXConfigError(
                f"{name}={value!r} is not a month of the data; give a month from {self.months[0]} to "
                f"{self.months[-1]}, such as '{self.months[0]}'"
            )
        return month

    @property
    def case_mask(self) -> np.ndarray:
        """Which journeys (by case code) pass the filters."""
        if "mask" not in self._cache:
            lo, hi = (p.year * 12 + p.month - 1 for p in (self.start, self.end))
            mask = (self._case_month >= lo) & (self._case_month <= hi)
            if self.segment != ALL:
                mask &= self._case_segment == self.segments.index(self.segment)
            if self.channel != ALL:
                mask &= self._case_channel == self.channels.index(self.channel)
            self._cache["mask"] = mask
        return self._cache["mask"]

    @property
    def n_cases(self) -> int:
        """The number of journeys shown."""
        return int(self.case_mask.sum())

    @property
    def log(self) -> pd.DataFrame:
        """The events of the journeys shown."""
        if "log" not in self._cache:
            keep = self.case_mask[self._case_of_event]
            self._cache["log"] = self._events[keep]
        return self._cache["log"]

    @property
    def _prepared(self) -> Any:
        """The events shown, checked and ordered once for the funnel and the flows (``None`` if none)."""
        if "prepared" not in self._cache:
            from cxkit.journey import prepare

            log = self.log  # the stage column is categorical: every stage is known, even at 0 cases
            self._cache["prepared"] = prepare(log, activity="stage") if len(log) else None
        return self._cache["prepared"]

    @property
    def funnel_table(self) -> pd.DataFrame | None:
        """The stage funnel of the journeys shown (``None`` when no journey matches)."""
        if "funnel" not in self._cache:
            from cxkit.journey import funnel

            prepared = self._prepared
            self._cache["funnel"] = (
                funnel(prepared, stages=list(STAGES), ordered=self.ordered) if prepared is not None else None
            )
        return self._cache["funnel"]

    @property
    def flow_table(self) -> pd.DataFrame | None:
        """The stage flows of the journeys shown (``None`` when no journey matches)."""
        if "flow" not in self._cache:
            from cxkit.journey import flows

            prepared = self._prepared
            self._cache["flow"] = flows(prepared, steps=self.steps) if prepared is not None else None
        return self._cache["flow"]

    def filters_text(self) -> str:
        """Return the current filters in words."""
        who = {ALL: "all journeys", PROSPECT: "prospects' journeys"}.get(
            self.segment, f"{self.segment} journeys"
        )
        where = "" if self.channel == ALL else f" starting in the {self.channel} channel"
        return f"{who}{where}, started {self.start.strftime('%b %Y')} to {self.end.strftime('%b %Y')}"

    def summary_text(self) -> str:
        """Return the funnel in one or two plain sentences, naming the step that loses the most."""
        table = self.funnel_table
        if table is None or self.n_cases == 0:
            return f"No journeys match ({self.filters_text()}): widen the filters."
        first = table.iloc[0]
        text = (
            f"Of {self.n_cases:,} journeys ({self.filters_text()}), "
            f"{int(first['cases']):,} reach {first.name}"
        )
        steps = table.iloc[1:]
        steps = steps[steps["drop_off_pct"].notna()]  # a step after a stage nobody reached: no rate
        if len(steps):
            last = table.iloc[-1]
            worst = steps.loc[steps["drop_off_pct"].idxmax()]
            prev = table.index[int(worst["step"]) - 2]
            text += (
                f" and {int(last['cases']):,} ({last['from_start_value']:.1f}%) reach {last.name}. "
                f"The biggest loss is {prev} → {worst.name}: {worst['drop_off_pct']:.1f}% of the "
                f"journeys that reached {prev} go no further"
            )
        return text + "."

    def funnel_html(self) -> str:
        """Return the funnel as HTML bars, each labelled in words and numbers (not by colour alone)."""
        table = self.funnel_table
        if table is None or self.n_cases == 0:
            return f'<p role="status">{html.escape(self.summary_text())}</p>'
        top = max(int(table["cases"].max()), 1)
        rows = []
        for r in table.itertuples():
            width = 100 * r.cases / top
            prev = "" if r.step == 1 else f"; {r.value:.1f}% of the previous stage"
            label = f"{r.Index}: {r.cases:,} ({r.from_start_value:.1f}% of the first stage{prev})"
            color = style.CYCLE[(r.step - 1) % len(style.CYCLE)]
            rows.append(
                '<div style="margin:4px 0">'
                f'<div style="font-size:14px">{html.escape(label)}</div>'
                f'<div style="background:{color};height:16px;width:{width:.1f}%;min-width:2px"></div></div>'
            )
        return '<div role="figure" aria-label="Funnel" style="max-width:900px">' + "".join(rows) + "</div>"

    def flow_alt(self) -> str:
        """Return the alt text of the flow figure."""
        flow = self.flow_table
        if flow is None:
            return "No journeys to draw."
        step1 = flow[flow["step"] == 1]
        ends = int(flow.loc[flow["target"] == "(end)", "cases"].sum())
        return (
            f"Flow diagram of {self.filters_text()}: {int(step1['cases'].sum()):,} journeys over their "
            f"first {self.steps} stage steps; {ends:,} of them end within those steps (grey bands)."
        )

    def flow_figure(self) -> Any:
        """Return the flow diagram of the journeys shown as a matplotlib Figure (``None`` if none)."""
        from matplotlib.figure import Figure

        from cxkit.journey import draw_flow

        flow = self.flow_table
        if flow is None:
            return None
        fig = Figure(figsize=(style.FIGURE_WIDTH_IN, 5.6), dpi=64)
        fig.set_layout_engine("none")  # fixed axes: no layout pass at each redraw
        ax = fig.add_axes((0.02, 0.02, 0.96, 0.88))
        # Labels only on nodes with 4% of the journeys or more: text is most of the drawing time.
        draw_flow(
            flow, order=list(STAGES), title=f"Stage flows: {self.filters_text()}", min_label=0.04, ax=ax
        )
        return fig

    def _flow_html(self) -> str:
        import base64
        import io

        fig = self.flow_figure()
        if fig is None:
            return f'<p role="status">{html.escape(self.summary_text())}</p>'
        buf = io.BytesIO()
        fig.savefig(buf, format="png")
        data = base64.b64encode(buf.getvalue()).decode("ascii")
        alt = html.escape(self.flow_alt(), quote=True)
        style_attr = "width:100%;max-width:100%"
        return f'<figure><img src="data:image/png;base64,{data}" alt="{alt}" style="{style_attr}"></figure>'

    def __repr__(self) -> str:
        """Return the explorer's filters."""
        return (
            f"JourneyExplorer(segment={self.segment!r}, channel={self.channel!r}, "
            f"start='{self.start}', end='{self.end}')"
        )

    # -- the widget -----------------------------------------------------------------------------

    def _build(self) -> dict[str, Any]:
        """Build the ipywidgets interface: the controls above a Funnel/Flow Tab."""
        import ipywidgets as w

        wide = {"description_width": "90px"}
        segment = w.Dropdown(
            options=self.segments,
            value=self.segment,
            description="Segment",
            style=wide,
            layout=w.Layout(width="300px"),
        )
        channel = w.Dropdown(
            options=self.channels,
            value=self.channel,
            description="Channel",
            style=wide,
            layout=w.Layout(width="300px"),
        )
        months = w.SelectionRangeSlider(
            options=[(m.strftime("%b %Y"), m) for m in self.months],
            index=(self.months.index(self.start), self.months.index(self.end)),
            description="Started",
            style=wide,
            continuous_update=False,
            layout=w.Layout(width="640px"),
        )
        summary = w.HTML()
        bars = w.HTML()
        chart = w.HTML()
        tabs = w.Tab(children=[w.VBox([bars]), w.VBox([chart])])
        for i, title in enumerate(TAB_TITLES):
            tabs.set_title(i, title)
        box = w.VBox([w.HBox([segment, channel]), months, summary, tabs])

        def on_change() -> None:
            start, end = months.value
            self.set(segment=segment.value, channel=channel.value, start=start, end=end)

        self._on_change([segment, channel, months], on_change)
        tabs.observe(lambda change: self._refresh_chart(), names="selected_index")
        return {
            "segment": segment,
            "channel": channel,
            "months": months,
            "summary": summary,
            "bars": bars,
            "chart": chart,
            "tabs": tabs,
            "box": box,
            "chart_stale": True,
        }

    @property
    def controls(self) -> dict[str, Any]:
        """The segment and channel Dropdowns and the months' SelectionRangeSlider."""
        return {k: self._control(k) for k in ("segment", "channel", "months")}

    tabs = control("tabs", "The Tab holding the funnel and the flow.")

    def _push(self, ui: dict[str, Any]) -> None:
        ui["segment"].value = self.segment
        ui["channel"].value = self.channel
        ui["months"].value = (self.start, self.end)

    def _refresh(self) -> None:
        ui = self._ui
        if ui is None:
            return
        ui[
            "summary"
        ].value = f'<p aria-live="polite" style="font-size:15px">{html.escape(self.summary_text())}</p>'
        ui["bars"].value = self.funnel_html()
        ui["chart_stale"] = True
        if ui["tabs"].selected_index == 1:
            self._refresh_chart()

    def _refresh_chart(self) -> None:
        ui = self._ui
        if ui is None or not ui["chart_stale"] or ui["tabs"].selected_index != 1:
            return
        ui["chart"].value = self._flow_html()
        ui["chart_stale"] = False

    def update_seconds(self, *, repeats: int = 10, flow_tab: bool = False) -> float:
        """Median seconds of one segment change (funnel tab, or flow tab when ``flow_tab``)."""
        menu = self.controls["segment"]
        self.tabs.selected_index = 1 if flow_tab else 0
        choices = list(self.segments)
        seconds = self._median_seconds(
            lambda i: setattr(menu, "value", choices[(i + 1) % len(choices)]), repeats
        )
        menu.value = ALL
        self.tabs.selected_index = 0
        return seconds
