"""The NPS simulator: move the numbers of promoters, passives and detractors, watch the score.

The class has a plain-Python core (counts, method, :attr:`NPSSimulator.result`) that works and
is tested without a notebook, and a :meth:`NPSSimulator.widget` that builds the ipywidgets
controls on top of it:

* tab "Score": three sliders (promoters, passives, detractors), an interval-method menu, a
  readout (NPS, interval, margin of error) and a stacked bar of the three groups drawn in HTML
  and CSS — each group labelled in words and numbers, not by colour alone, in the course's
  colour-blind-safe :data:`cxkit.style.SCORE_COLORS`;
* tab "Margin vs n": the margin of error (from :func:`cxkit.metrics.nps_margin`) against the
  number of answers for the current shares, a matplotlib line chart with alt text and a log axis
  labelled 10, 100, 1,000, redrawn only while the tab is shown ("nothing to draw" at n = 0).

The sliders go up to 10,000 (module 07 multiplies 291/476/395 by four), and every value goes
through the checks of :func:`cxkit.metrics.nps_from_counts`.

>>> from cxkit.widgets import NPSSimulator
>>> sim = NPSSimulator(promoters=291, passives=476, detractors=395)
>>> sim.result
NPS = -8.95 points (n = 1,162; 95% CI -13.34 to -4.56, Wald)
>>> round(sim.set(promoters=500).result.value, 2)
7.66
>>> tabs = sim.widget()                # the ipywidgets Tab (shown when it ends a cell)
>>> [tabs.get_title(i) for i in range(2)]
['Score', 'Margin vs n']
"""

from __future__ import annotations

import html
from typing import Any

from cxkit import style
from cxkit.metrics.registry import NPS_METHODS
from cxkit.metrics.scores import nps_from_counts, nps_margin
from cxkit.stats.checks import check_confidence, check_count, check_shares
from cxkit.stats.intervals import interval_method
from cxkit.stats.results import MetricResult
from cxkit.widgets.base import WidgetView, control, readout_html

__all__ = ["NPSSimulator"]

_GROUPS = (
    ("detractors", "detractor", "Detractors (0-6)"),
    ("passives", "passive", "Passives (7-8)"),
    ("promoters", "promoter", "Promoters (9-10)"),
)
#: The menu's labels, from the one place interval labels live (cxkit.stats.intervals).
_METHOD_NAMES = {
    m: f"{interval_method('trinomial', m).label[0].upper()}{interval_method('trinomial', m).label[1:]}"
    f" ({interval_method('trinomial', m).hint})"
    for m in NPS_METHODS
}
#: Tab titles. JupyterLab gives each tab 144 px (``--jp-widgets-horizontal-tab-width``) and cuts
#: longer titles with an ellipsis, so they are kept to at most 16 characters.
TAB_TITLES = ("Score", "Margin vs n")
#: The sliders' default upper end: module 07 asks for four times 291/476/395 (up to 1,904).
DEFAULT_MAX_COUNT = 10_000
#: Bootstrap resamples inside the widget: enough for a stable picture, fast enough to be live.
WIDGET_N_BOOT = 2_000


#: The method menu's width: 130 px of description plus the longest label ("Adjusted Wald (small
#: samples)", 29 characters at about 8 px) and the arrow, so no label is cut.
DROPDOWN_WIDTH = "460px"


def _plain_log_ticks(axis: Any) -> None:
    """Label a log axis 10, 100, 1,000 (not 10¹, 10², 10³), with no labels on minor ticks."""
    from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

    axis.set_major_locator(LogLocator(base=10))
    axis.set_major_formatter(FuncFormatter(lambda x, _pos: f"{x:,.0f}"))
    axis.set_minor_formatter(NullFormatter())


def _text_color(background: str) -> str:
    """Black or white text, whichever contrasts more with a ``#RRGGBB`` background."""
    r, g, b = (int(background[i : i + 2], 16) / 255 for i in (1, 3, 5))

    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    lum = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
    return "#000000" if lum > 0.179 else "#FFFFFF"


class NPSSimulator(WidgetView):
    """An interactive Net Promoter Score: counts in, score and interval out.

    Parameters
    ----------
    promoters, passives, detractors : int, default 30, 40, 30
        The starting counts.
    method : {"wald", "adjusted_wald", "bootstrap"}, default "wald"
        The interval method (see :func:`cxkit.metrics.nps`).
    confidence : float, default 0.95
        The confidence level.
    max_count : int, default 10_000
        The sliders' upper end (a count set above it raises the slider's end).

    Attributes
    ----------
    promoters, passives, detractors : int
        The current counts.
    method : str
        The current interval method.

    Examples
    --------
    >>> sim = NPSSimulator(promoters=4, passives=3, detractors=3)
    >>> sim.result
    NPS = 10.00 points (n = 10, below min_n = 30; 95% CI -41.48 to 61.48, Wald)
    >>> sim.set(method="adjusted_wald").result
    NPS = 10.00 points (n = 10, below min_n = 30; 95% CI -36.06 to 51.45, adjusted Wald)
    >>> sim.readout_text()
    'NPS = 10.0 points. 95% interval -36.1 to 51.4 (adjusted Wald); margin of error ± 43.8 points; n = 10.'
    """

    def __init__(
        self,
        *,
        promoters: int = 30,
        passives: int = 40,
        detractors: int = 30,
        method: str = "wald",
        confidence: float = 0.95,
        max_count: int = DEFAULT_MAX_COUNT,
    ) -> None:
        self.promoters = 0
        self.passives = 0
        self.detractors = 0
        self.method = "wald"
        self.confidence = 0.95
        self.max_count = check_count(max_count, "max_count")
        self.set(
            promoters=promoters,
            passives=passives,
            detractors=detractors,
            method=method,
            confidence=confidence,
        )

    # -- the plain-Python core ------------------------------------------------------------------

    def set(
        self,
        *,
        promoters: int | None = None,
        passives: int | None = None,
        detractors: int | None = None,
        method: str | None = None,
        confidence: float | None = None,
    ) -> NPSSimulator:
        """Change any of the counts, the method or the confidence; returns ``self`` (chainable).

        The values go through the same checks as :func:`cxkit.metrics.nps_from_counts`, so a bad
        value raises the same error there and here.

        Raises
        ------
        CXDataError
            A count that is negative or not a whole number.
        CXConfigError
            An unknown method, or a confidence not between 0 and 1.
        """
        new = {}
        for name, value in (("promoters", promoters), ("passives", passives), ("detractors", detractors)):
            if value is not None:
                new[name] = check_count(value, name)
        if method is not None:
            interval_method("trinomial", method, what="NPS")
        if confidence is not None:
            confidence = check_confidence(confidence)
        for name, value in new.items():
            setattr(self, name, value)
        if method is not None:
            self.method = method
        if confidence is not None:
            self.confidence = float(confidence)
        self._sync_widgets()
        return self

    def set_shares(self, n: int, promoters: float, detractors: float) -> NPSSimulator:
        """Set the counts from a sample size and the promoter and detractor shares (0 to 1).

        The shares are checked as :func:`~cxkit.metrics.nps_margin` checks them (fractions, not
        percentages: 0.45 for 45 %), and ``n`` as a count.

        >>> NPSSimulator().set_shares(200, promoters=0.45, detractors=0.15).counts
        {'promoters': 90, 'passives': 80, 'detractors': 30}
        """
        n = check_count(n, "n")
        promoters, detractors = check_shares(promoters, detractors)
        P = round(n * promoters)
        D = min(round(n * detractors), n - P)
        return self.set(promoters=P, passives=n - P - D, detractors=D)

    @property
    def n(self) -> int:
        """The number of answers."""
        return self.promoters + self.passives + self.detractors

    @property
    def counts(self) -> dict[str, int]:
        """The three counts."""
        return {"promoters": self.promoters, "passives": self.passives, "detractors": self.detractors}

    @property
    def shares(self) -> dict[str, float]:
        """The three groups as percentages of n (all 0 when n is 0)."""
        n = self.n
        return {k: (100 * v / n if n else 0.0) for k, v in self.counts.items()}

    @property
    def result(self) -> MetricResult | None:
        """The NPS and its interval for the current counts (``None`` when there are no answers)."""
        if self.n == 0:
            return None
        return nps_from_counts(
            self.promoters,
            self.passives,
            self.detractors,
            confidence=self.confidence,
            method=self.method,
            n_boot=WIDGET_N_BOOT,
            seed=0,
        )

    def readout_text(self) -> str:
        """Return the result in one plain sentence (what the widget's readout shows)."""
        r = self.result
        if r is None:
            return "No answers yet: move a slider above 0."
        method = r.method_label
        return (
            f"NPS = {r.value:.1f} points. {self.confidence * 100:g}% interval {r.low:.1f} to {r.high:.1f} "
            f"({method}); margin of error ± {r.moe:.1f} points; n = {r.n:,}."
        )

    def margin_curve(self, ns: Any = None, /) -> tuple[list[int], list[float]]:
        """Return the margin of error (points) at each sample size for the current shares.

        Computed by :func:`cxkit.metrics.nps_margin` with the Wald formula, or the adjusted-Wald
        one when that is the method (the bootstrap is drawn with the Wald formula, which it
        approaches). ``ns`` defaults to 10 to 10,000.

        >>> ns, moe = NPSSimulator(promoters=30, passives=40, detractors=30).margin_curve([100, 400])
        >>> [round(m, 1) for m in moe]
        [15.2, 7.6]
        """
        import numpy as np

        if ns is None:
            ns = np.unique(np.round(np.geomspace(10, 10_000, 60)).astype(int))
        s = self.shares
        method = "adjusted_wald" if self.method == "adjusted_wald" else "wald"
        moe = nps_margin(
            np.asarray(ns, dtype=int),
            promoters=s["promoters"] / 100,
            detractors=s["detractors"] / 100,
            confidence=self.confidence,
            method=method,
        )
        return [int(x) for x in np.asarray(ns)], [float(x) for x in moe]

    def bar_html(self) -> str:
        """Return the three groups as a stacked horizontal bar in HTML/CSS, each part labelled in words."""
        s = self.shares
        c = self.counts
        parts = []
        for key, color_key, label in _GROUPS:
            share = s[key]
            color = style.SCORE_COLORS[color_key]
            text = f"{label}: {c[key]:,} ({share:.0f}%)"
            inner = html.escape(f"{label.split(' ')[0]} {share:.0f}%") if share >= 12 else ""
            parts.append(
                f'<div title="{html.escape(text)}" style="width:{share:.3f}%;background:{color};'
                f"color:{_text_color(color)};overflow:hidden;white-space:nowrap;text-align:center;"
                f'font-size:12px;line-height:28px">{inner}</div>'
            )
        legend = " · ".join(
            f'<span><span style="display:inline-block;width:10px;height:10px;background:'
            f'{style.SCORE_COLORS[ck]}"></span> {html.escape(label)}: {c[k]:,} ({s[k]:.0f}%)</span>'
            for k, ck, label in _GROUPS
        )
        summary = ", ".join(f"{label} {s[k]:.0f}%" for k, _, label in _GROUPS)
        return (
            f'<div role="img" aria-label="Stacked bar of the answers: {html.escape(summary)}">'
            f'<div style="display:flex;width:100%;max-width:640px;height:28px;border:1px solid #444">'
            f'{"".join(parts)}</div><div style="font-size:12px;margin-top:4px">{legend}</div></div>'
        )

    def margin_alt(self) -> str:
        """Alt text of the margin-of-error chart."""
        ns, moe = self.margin_curve()
        s = self.shares
        cur = self.result
        now = f" At the current n = {self.n:,} it is {cur.moe:.1f} points." if cur is not None else ""
        return (
            f"Line chart: the NPS margin of error falls from {moe[0]:.0f} points at n = {ns[0]:,} to "
            f"{moe[-1]:.1f} points at n = {ns[-1]:,}, for {s['promoters']:.0f}% promoters and "
            f"{s['detractors']:.0f}% detractors; quadrupling n halves it.{now}"
        )

    def margin_figure(self) -> Any:
        """Return the margin-of-error chart as a matplotlib Figure (not shown; see :meth:`widget`).

        In a notebook: ``style.show(sim.margin_figure(), alt=sim.margin_alt())``.
        """
        from matplotlib.figure import Figure

        fig = Figure(figsize=(6.5, 3.4), dpi=80)
        ax = fig.add_subplot()
        ax.plot([], [], color=style.PALETTE["blue"], marker="o", markersize=3, linewidth=2)
        ax.plot([], [], marker="D", color=style.PALETTE["vermillion"], linestyle="none", markersize=8)
        ax.set_xscale("log")
        ax.set_xlim(8, 12_000)
        _plain_log_ticks(ax.xaxis)
        ax.set_xlabel("Number of answers, n (log scale)")
        ax.set_ylabel("Margin of error (NPS points)")
        ax.set_title("How n changes the margin of error")
        ax.grid(True, alpha=0.3)
        ax.spines[["top", "right"]].set_visible(False)
        self._draw_margin(fig)
        fig.tight_layout()
        # The layout is fixed from here: with no layout engine left on the figure (tight_layout
        # leaves a placeholder), savefig draws once instead of a text-measuring pass first and
        # then the picture (half the time of each slider move).
        fig.set_layout_engine(None)
        return fig

    def _draw_margin(self, fig: Any) -> None:
        """Put the current curve and point into a figure made by :meth:`margin_figure`."""
        ax = fig.axes[0]
        curve, point = ax.lines[:2]
        ns, moe = self.margin_curve()
        curve.set_data(ns, moe)
        curve.set_label(f"{_METHOD_NAMES[self.method].split(' (')[0]} margin, current shares")
        cur = self.result
        if cur is not None:
            point.set_data([self.n], [cur.moe])
            point.set_label(f"now: n = {self.n:,}, margin {cur.moe:.1f}")
        else:
            point.set_data([], [])
            point.set_label("_now")
        top = max([m for m in moe if m == m] + [cur.moe if cur is not None else 0, 1.0])
        ax.set_ylim(0, top * 1.08)
        ax.legend(frameon=False, loc="upper right")

    def _chart_html(self) -> str:
        """Return the chart as an ``<img>`` with alt text; the figure is built once and only re-drawn."""
        import base64
        import io

        if self.n == 0:
            return (
                '<p role="status">Nothing to draw: all three counts are 0, so there are no shares to '
                "compute a margin of error from. Move a slider on the Score tab above 0.</p>"
            )
        ui = self._ui if self._ui is not None else {}
        fig = ui.get("figure")
        if fig is None:
            fig = self.margin_figure()
            ui["figure"] = fig
        else:
            self._draw_margin(fig)
        buf = io.BytesIO()
        fig.savefig(buf, format="png")  # fixed layout: no bbox_inches="tight" re-draw, about twice as fast
        data = base64.b64encode(buf.getvalue()).decode("ascii")
        alt = html.escape(self.margin_alt(), quote=True)
        return f'<figure><img src="data:image/png;base64,{data}" alt="{alt}" style="max-width:100%"></figure>'

    def __repr__(self) -> str:
        """Return the simulator's current counts and interval method."""
        c = self.counts
        return (
            f"NPSSimulator(promoters={c['promoters']}, passives={c['passives']}, "
            f"detractors={c['detractors']}, method={self.method!r})"
        )

    # -- the widget -----------------------------------------------------------------------------

    _ROOT = "tabs"
    sliders = control("sliders", "The three IntSliders (building the widget if needed).")
    method_menu = control("method", "The interval-method Dropdown.")
    readout = control("readout", "The readout HTML widget.")

    @property
    def tabs(self) -> Any:
        """The Tab holding both views."""
        return self.widget()

    def _build(self) -> dict[str, Any]:
        """Build the ipywidgets interface: a Tab with the score and the margin chart."""
        import ipywidgets as w

        sliders = {}
        for key, color_key, label in reversed(_GROUPS):
            sliders[key] = w.IntSlider(
                value=getattr(self, key),
                min=0,
                max=max(self.max_count, getattr(self, key)),
                step=1,
                description=label,
                continuous_update=True,
                style={"description_width": "130px", "handle_color": style.SCORE_COLORS[color_key]},
                layout=w.Layout(width="520px"),
            )
        method = w.Dropdown(
            options=[(_METHOD_NAMES[m], m) for m in NPS_METHODS],
            value=self.method,
            description="Interval",
            style={"description_width": "130px"},
            layout=w.Layout(width=DROPDOWN_WIDTH),
        )
        readout = w.HTML()
        bar = w.HTML()
        chart = w.HTML()
        score_tab = w.VBox([*sliders.values(), method, readout, bar])
        tabs = w.Tab(children=[score_tab, w.VBox([chart])])
        tabs.set_title(0, TAB_TITLES[0])
        tabs.set_title(1, TAB_TITLES[1])
        self._on_change(sliders.values(), lambda: self.set(**{k: s.value for k, s in sliders.items()}))
        self._on_change([method], lambda: self.set(method=method.value))
        tabs.observe(lambda change: self._refresh_chart(), names="selected_index")
        return {
            "sliders": sliders,
            "method": method,
            "readout": readout,
            "bar": bar,
            "chart": chart,
            "tabs": tabs,
            "chart_stale": True,
        }

    def _push(self, ui: dict[str, Any]) -> None:
        for key, slider in ui["sliders"].items():
            value = getattr(self, key)
            if value > slider.max:
                slider.max = value
            slider.value = value
        ui["method"].value = self.method

    def _refresh(self) -> None:
        """Redraw the readout and the bar (fast); the chart only if its tab is showing."""
        ui = self._ui
        if ui is None:
            return
        r = self.result
        headline = "No answers yet" if r is None else f"NPS = {r.value:.1f} points"
        ui["readout"].value = readout_html([self.readout_text()], headline=headline)
        ui["bar"].value = self.bar_html()
        ui["chart_stale"] = True
        if ui["tabs"].selected_index == 1:
            self._refresh_chart()

    def _refresh_chart(self) -> None:
        ui = self._ui
        if ui is None or not ui["chart_stale"] or ui["tabs"].selected_index != 1:
            return
        ui["chart"].value = self._chart_html()
        ui["chart_stale"] = False

    def update_seconds(self, *, repeats: int = 20) -> float:
        """Median seconds of one slider update of the score tab (for reporting, not asserting)."""
        slider = self.sliders["promoters"]
        start_value = slider.value
        seconds = self._median_seconds(lambda i: setattr(slider, "value", start_value + (i % 2) + 1), repeats)
        slider.value = start_value
        return seconds
