"""The touchpoint priority matrix: choose the metric and the segment, watch the quadrants move.

A plain-Python core (:meth:`TouchpointPriority.set`, :attr:`TouchpointPriority.table`,
:attr:`TouchpointPriority.quadrant_counts`, :meth:`TouchpointPriority.readout_text`) that works
and is tested without a notebook, and a :meth:`TouchpointPriority.widget` with two menus (the
performance metric, CSAT or CES; the customer segment), a readout naming the touchpoints to
concentrate on, and the matrix of :func:`cxkit.journey.matrix.touchpoint_matrix` with alt
text. Every number comes from :func:`cxkit.journey.touchpoints.touchpoint_performance`; each
(metric, segment) table and picture is computed once and kept, so going back to a choice is
instant.

>>> from cxkit.data import load
>>> from cxkit.widgets import TouchpointPriority
>>> tp = TouchpointPriority(load("surveys"), load("touchpoints"))
>>> tp.set(segment="B2B").segment
'B2B'
>>> sorted(tp.quadrant_counts)
['Concentrate here', 'Keep up the good work', 'Low priority', 'Possible overkill']
"""

from __future__ import annotations

import html
from typing import Any

from cxkit import style
from cxkit._checks import require_columns
from cxkit.errors import CXConfigError
from cxkit.journey.quadrants import GOOD_MIN, METRIC_LABELS
from cxkit.journey.touchpoints import QUADRANTS, touchpoint_performance
from cxkit.stats.checks import check_choice, check_min_n
from cxkit.widgets.base import WidgetView, control, readout_html

__all__ = ["ALL_SEGMENTS", "METRIC_NAMES", "TouchpointPriority"]

#: The segment menu's entry for every customer.
ALL_SEGMENTS = "All customers"
#: The metric menu: label shown -> metric name.
METRIC_NAMES: dict[str, str] = {METRIC_LABELS[m]: m for m in GOOD_MIN}
_MENU_WIDTH = "340px"


class TouchpointPriority(WidgetView):
    """Prioritise touchpoints by impact and performance, for a metric and a segment.

    Parameters
    ----------
    surveys : pandas.DataFrame
        The survey table (``cxkit.data.load("surveys")``).
    touchpoints : pandas.DataFrame
        The touchpoint catalogue (``cxkit.data.load("touchpoints")``).
    metric : {"csat", "ces"}, default "csat"
        The performance metric shown first.
    segment : str, default "All customers"
        ``"All customers"`` or a value of the ``by`` column (``"B2C"``, ``"B2B"``).
    by : str, default "segment"
        The column of ``surveys`` the segment menu filters on.
    min_n : int, default 30
        Passed to :func:`~cxkit.journey.touchpoints.touchpoint_performance`.

    Examples
    --------
    >>> import pandas as pd
    >>> catalogue = pd.DataFrame({"touchpoint": ["a", "b"], "stage": ["purchase"] * 2,
    ...     "channel": ["web", "store"], "owner": ["E-commerce", "Stores"],
    ...     "revenue": [True, False], "phase": ["during", "after"]})
    >>> surveys = pd.DataFrame({"touchpoint": ["a"] * 4 + ["b"] * 4,
    ...     "customer_id": list("pqrstuvw"), "segment": ["B2C"] * 8,
    ...     "csat": [5, 5, 4, 2, 5, 2, 2, 1], "nps": [10, 9, 9, 3, 8, 2, 5, 0]})
    >>> w = TouchpointPriority(surveys, catalogue, min_n=2)
    >>> w.table["quadrant"].tolist()
    ['Keep up the good work', 'Low priority']
    """

    def __init__(
        self,
        surveys: Any,
        touchpoints: Any,
        *,
        metric: str = "csat",
        segment: str = ALL_SEGMENTS,
        by: str = "segment",
        min_n: int = 30,
    ) -> None:
        require_columns(surveys, [by], "survey table")
        self._surveys = surveys
        self._touchpoints = touchpoints
        self.segment_by = by
        self.min_n = check_min_n(min_n)
        seen = surveys[by].dropna().astype(str).unique().tolist()
        self.segments: tuple[str, ...] = (ALL_SEGMENTS, *sorted(seen))
        self.metric = "csat"
        self.segment = ALL_SEGMENTS
        self._tables: dict[tuple[str, str], Any] = {}
        self._pictures: dict[tuple[str, str], str] = {}
        self.set(metric=metric, segment=segment)

    # -- the plain-Python core ------------------------------------------------------------------

    def set(self, *, metric: str | None = None, segment: str | None = None) -> TouchpointPriority:
        """Choose the metric and/or the segment; recompute (or reuse) the table; return self."""
        m = self.metric if metric is None else check_choice(metric, tuple(GOOD_MIN), "metric")
        s = self.segment if segment is None else segment
        if s not in self.segments:
            raise CXConfigError(
                f"Unknown segment {s!r}. The valid choices are: {', '.join(repr(x) for x in self.segments)}."
            )
        if (m, s) not in self._tables:
            data = self._surveys
            if s != ALL_SEGMENTS:
                data = data[data[self.segment_by].astype(str) == s]
            self._tables[(m, s)] = touchpoint_performance(data, self._touchpoints, metric=m, min_n=self.min_n)
        self.metric, self.segment = m, s
        self._sync_widgets()
        return self

    @property
    def table(self) -> Any:
        """The current :func:`~cxkit.journey.touchpoints.touchpoint_performance` table."""
        return self._tables[(self.metric, self.segment)]

    @property
    def quadrant_counts(self) -> dict[str, int]:
        """How many touchpoints fall in each quadrant (all four named, zeros included)."""
        counts = self.table["quadrant"].value_counts()
        return {q: int(counts.get(q, 0)) for q in QUADRANTS.values()}

    def in_quadrant(self, quadrant: str) -> list[str]:
        """Return the touchpoints of one quadrant, highest impact first."""
        quadrant = check_choice(quadrant, tuple(QUADRANTS.values()), "quadrant")
        t = self.table
        return t[t["quadrant"] == quadrant].sort_values("impact", ascending=False).index.tolist()

    def title(self) -> str:
        """Return the figure's title: the metric and the segment."""
        who = "all customers" if self.segment == ALL_SEGMENTS else f"{self.segment} customers"
        return f"Which touchpoints to fix first: {self.metric.upper()}, {who}"

    def readout_text(self) -> str:
        """Return what to concentrate on (small groups with their n), the cut lines and the small groups."""
        t = self.table
        first = self.in_quadrant(QUADRANTS[(True, False)])
        unit = "%" if self.metric == "csat" else ""
        small = t.index[t["too_small"]].tolist()
        named = [f"{x} (n = {int(t.loc[x, 'n'])})" if t.loc[x, "too_small"] else x for x in first]
        text = (
            f"Concentrate here ({len(first)}): {', '.join(named) if named else 'none'}. "
            f"Cut lines: performance {t['performance_cut'].iloc[0]:.1f}{unit}, impact "
            f"{t['impact_cut'].iloc[0]:.0f} NPS points (medians)."
        )
        if small:
            text += f" Fewer than {self.min_n} answers (hollow): {', '.join(small)}."
        return text

    def alt_text(self) -> str:
        """Alt text of the matrix: what it shows and its message."""
        c = self.quadrant_counts
        first = self.in_quadrant(QUADRANTS[(True, False)])
        return (
            f"Scatter plot: impact against performance of {int(self.table['impact'].notna().sum())} "
            f"touchpoints ({self.metric.upper()}, {self.segment}); {c['Concentrate here']} in "
            f"'Concentrate here'" + (f", led by {first[0]}" if first else "") + f"; "
            f"{c['Keep up the good work']} in 'Keep up the good work', {c['Low priority']} in "
            f"'Low priority', {c['Possible overkill']} in 'Possible overkill'."
        )

    @style.plotting
    def figure(self) -> Any:
        """Return the current matrix as a matplotlib Figure (not shown; see :meth:`widget`).

        Drawn in the course style inside :func:`cxkit.style.context`: the notebook's matplotlib
        settings are left as they were.
        """
        from matplotlib.figure import Figure

        from cxkit.journey import touchpoint_matrix

        fig = Figure(figsize=(11.0, 6.2), dpi=80)
        # A fixed layout: one draw per picture instead of a tight-layout pass on every draw.
        fig.set_layout_engine("none")
        fig.subplots_adjust(left=0.085, right=0.985, top=0.93, bottom=0.2)
        ax = fig.add_subplot()
        touchpoint_matrix(self.table, ax=ax, title=self.title())
        return fig

    def picture_html(self) -> str:
        """Return the matrix as an ``<img>`` with alt text (made once per metric and segment)."""
        import base64
        import io

        key = (self.metric, self.segment)
        if key not in self._pictures:
            fig = self.figure()
            buf = io.BytesIO()
            with style.context():  # saved in the style it was drawn in
                fig.savefig(buf, format="png")  # fixed layout: no bbox_inches="tight" second draw
            data = base64.b64encode(buf.getvalue()).decode("ascii")
            alt = html.escape(self.alt_text(), quote=True)
            self._pictures[key] = (
                f'<figure style="margin:0"><img src="data:image/png;base64,{data}" alt="{alt}" '
                'style="width:100%;max-width:880px;height:auto"></figure>'
            )
        return self._pictures[key]

    def __repr__(self) -> str:
        """Return the current choice."""
        return f"TouchpointPriority(metric={self.metric!r}, segment={self.segment!r})"

    # -- the widget -----------------------------------------------------------------------------

    metric_menu = control("metric", "The metric Dropdown (building the widget if needed).")
    segment_menu = control("segment", "The segment Dropdown.")
    readout = control("readout", "The readout HTML widget.")
    chart = control("chart", "The HTML widget holding the matrix picture.")

    def _build(self) -> dict[str, Any]:
        """Build the ipywidgets interface: the two menus, the readout and the matrix."""
        import ipywidgets as w

        metric = w.Dropdown(
            options=list(METRIC_NAMES.items()),
            value=self.metric,
            description="Performance",
            style={"description_width": "110px"},
            layout=w.Layout(width=_MENU_WIDTH),
        )
        segment = w.Dropdown(
            options=list(self.segments),
            value=self.segment,
            description="Segment",
            style={"description_width": "110px"},
            layout=w.Layout(width=_MENU_WIDTH),
        )
        readout = w.HTML()
        chart = w.HTML()
        box = w.VBox([w.HBox([metric, segment]), readout, chart])
        box.add_class("cxkit-touchpoint-priority")
        self._on_change([metric, segment], lambda: self.set(metric=metric.value, segment=segment.value))
        self.prepare_all()
        return {"metric": metric, "segment": segment, "readout": readout, "chart": chart, "box": box}

    def _push(self, ui: dict[str, Any]) -> None:
        ui["metric"].value = self.metric
        ui["segment"].value = self.segment

    def _refresh(self) -> None:
        ui = self._ui
        if ui is None:
            return
        ui["readout"].value = readout_html([self.readout_text()])
        ui["chart"].value = self.picture_html()

    def prepare_all(self) -> TouchpointPriority:
        """Compute the table and draw the matrix of every (metric, segment) choice once.

        :meth:`widget` calls it, so that every menu change afterwards only swaps a ready picture
        (a few milliseconds) instead of redrawing (about half a second to two seconds on a busy
        2-core machine).
        """
        current = (self.metric, self.segment)
        syncing, self._syncing = self._syncing, True
        ui, self._ui = self._ui, None  # no widget refresh while preparing
        try:
            for m in GOOD_MIN:
                for seg in self.segments:
                    self.set(metric=m, segment=seg)
                    self.picture_html()
        finally:
            self._ui, self._syncing = ui, syncing
            self.metric, self.segment = current
        return self

    def update_seconds(self, *, repeats: int = 12) -> float:
        """Median seconds of one menu change in the built widget (for reporting, not asserting)."""
        seg_menu, met_menu = self.segment_menu, self.metric_menu
        start = (self.metric, self.segment)

        def change(i: int) -> None:
            menu, options = (seg_menu, self.segments) if i % 2 else (met_menu, tuple(GOOD_MIN))
            menu.value = options[(options.index(menu.value) + 1) % len(options)]

        seconds = self._median_seconds(change, repeats)
        self.set(metric=start[0], segment=start[1])
        return seconds
