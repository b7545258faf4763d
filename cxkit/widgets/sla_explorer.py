"""The SLA explorer: choose a first-response target per channel and watch the attainment change.

A plain-Python core (:class:`SLAExplorer`: ``set(...)``, :attr:`~SLAExplorer.table`, the readout
and the bars as HTML) that works and is tested without a notebook, and a :meth:`SLAExplorer.widget`
with one slider per channel. Every number comes from :func:`cxkit.service.sla_attainment` (a tie
counts as met, a ticket never answered as missed, the Wilson interval); the explorer only keeps a
slim copy of the tickets so that an update takes a few tens of milliseconds.

>>> from cxkit.widgets import SLAExplorer
>>> ex = SLAExplorer()
>>> ex.targets["email"]
Timedelta('1 days 00:00:00')
>>> round(float(ex.set(email="4h").table.loc["email", "value"]), 1) < 90
True
"""

from __future__ import annotations

import html
from typing import Any

from cxkit import style
from cxkit.service.targets import check_targets, format_target
from cxkit.widgets.base import WidgetView, control, readout_html

__all__ = ["CHANNEL_RANGES", "DEFAULT_TARGETS", "SLAExplorer"]

#: The starting targets: phone and chat answered in minutes, social in hours, e-mail within a day.
DEFAULT_TARGETS: dict[str, str] = {"phone": "10min", "chat": "5min", "email": "24h", "social": "4h"}
#: Each slider's range in minutes (min, max, step): wide enough for every target the course asks for.
CHANNEL_RANGES: dict[str, tuple[int, int, int]] = {
    "phone": (1, 60, 1),
    "chat": (1, 60, 1),
    "email": (15, 72 * 60, 15),
    "social": (15, 48 * 60, 15),
}


class SLAExplorer(WidgetView):
    """First-response SLA attainment per channel for targets you choose.

    Parameters
    ----------
    tickets : DataFrame, optional
        Default: the course's ``cxkit.data.load("tickets")``.
    targets : dict, optional
        Channel -> target (``pd.Timedelta`` or text such as ``"10min"``); default
        :data:`DEFAULT_TARGETS`; any channel missing takes its default.
    calendar : BusinessCalendar, optional
        Measure in opening hours (see :class:`cxkit.service.BusinessCalendar`).

    Examples
    --------
    >>> ex = SLAExplorer()
    >>> ex.set(phone="5min").targets["phone"]
    Timedelta('0 days 00:05:00')
    >>> ex.readout_text().startswith("All channels:")
    True
    """

    def __init__(
        self, tickets: Any = None, /, *, targets: dict[str, Any] | None = None, calendar: Any = None
    ) -> None:
        import pandas as pd

        if tickets is None:
            from cxkit.data import load

            tickets = load("tickets")
        keep = [c for c in ("ticket_id", "channel", "opened_at", "first_response_at") if c in tickets.columns]
        self._tickets = tickets[keep].copy()
        self._tickets["channel"] = self._tickets["channel"].astype("string") if "channel" in keep else None
        self.channels: list[str] = [c for c in CHANNEL_RANGES if c in set(self._tickets["channel"])] + sorted(
            set(self._tickets["channel"].dropna()) - set(CHANNEL_RANGES)
        )
        self.calendar = calendar
        start = {c: DEFAULT_TARGETS.get(c, "1h") for c in self.channels}
        start.update(targets or {})
        self.targets: dict[str, pd.Timedelta] = check_targets(start)
        self.table = self._compute()

    # -- the plain-Python core ------------------------------------------------------------------

    def _compute(self) -> Any:
        from cxkit.service import sla_attainment

        return sla_attainment(self._tickets, self.targets, by="channel", calendar=self.calendar)

    def set(self, **targets: Any) -> SLAExplorer:
        """Change the targets of some channels (``phone="5min"``, ``email=pd.Timedelta("8h")``); chainable.

        Raises
        ------
        CXConfigError
            An unknown channel, or a target that is not a positive time.
        """
        from cxkit.errors import CXConfigError

        unknown = [c for c in targets if c not in self.channels]
        if unknown:
            raise CXConfigError(
                f"Unknown channel {unknown[0]!r}. The channels are: {', '.join(self.channels)}."
            )
        new = {**self.targets, **check_targets(targets)} if targets else dict(self.targets)
        self.targets = new
        self.table = self._compute()
        self._sync_widgets()
        return self

    def overall(self) -> tuple[int, int]:
        """Return (tickets that met their target, all tickets)."""
        return int(self.table["count"].sum()), int(self.table["n"].sum())

    def readout_text(self) -> str:
        """Return the attainment of every channel in plain sentences (what the readout shows)."""
        return " ".join(self.readout_lines())

    def readout_lines(self) -> list[str]:
        """Return the readout as one sentence for all channels, then one per channel."""
        met, n = self.overall()
        lines = [f"All channels: {met:,} of {n:,} tickets answered within target ({100 * met / n:.1f}%)."]
        for ch in self.channels:
            r = self.table.loc[ch]
            never = f"; {int(r['n_no_response'])} never answered" if r["n_no_response"] else ""
            lines.append(
                f"{ch}: target {format_target(self.targets[ch])}: {r['value']:.1f}% met "
                f"(95% CI {r['low']:.1f} to {r['high']:.1f}; {int(r['count']):,} of {int(r['n']):,}{never})."
            )
        return lines

    def bars_html(self) -> str:
        """Return one labelled horizontal bar per channel (percent met, with the interval), as HTML/CSS."""
        rows = []
        for ch in self.channels:
            r = self.table.loc[ch]
            rate, low, high = float(r["value"]), float(r["low"]), float(r["high"])
            rows.append(
                f'<div style="display:flex;align-items:center;gap:8px;margin:3px 0">'
                f'<div style="width:70px;text-align:right">{html.escape(ch)}</div>'
                f'<div style="position:relative;flex:0 0 420px;height:22px;background:#EEEEEE;'
                f'border:1px solid #444">'
                f'<div style="width:{rate:.2f}%;height:100%;background:{style.PALETTE["blue"]}"></div>'
                f'<div title="95% interval" style="position:absolute;top:8px;left:{low:.2f}%;'
                f"width:{max(high - low, 0.3):.2f}%;height:4px;background:#000;"
                f'box-shadow:0 0 0 1px #FFFFFF"></div></div>'
                f"<div>{rate:.1f}% within {html.escape(format_target(self.targets[ch]))}</div></div>"
            )
        summary = ", ".join(f"{ch} {self.table.loc[ch, 'value']:.0f}%" for ch in self.channels)
        return (
            f'<div role="img" aria-label="Bars of SLA attainment per channel: {html.escape(summary)}">'
            f'<div style="margin-left:78px">Share of tickets answered within the target (bar: 0 to 100%; '
            f"black line: 95% interval)</div>{''.join(rows)}</div>"
        )

    def __repr__(self) -> str:
        """Return the explorer's targets."""
        t = ", ".join(f"{c}={format_target(v)!r}" for c, v in self.targets.items())
        return f"SLAExplorer({t})"

    # -- the widget -----------------------------------------------------------------------------

    sliders = control(
        "sliders", "The IntSliders, one per channel, in minutes (building the widget if needed)."
    )
    readout = control("readout", "The readout HTML widget.")

    def _build(self) -> dict[str, Any]:
        """Build the ipywidgets interface: a slider per channel, readout and bars."""
        import ipywidgets as w

        sliders = {}
        for ch in self.channels:
            lo, hi, step = CHANNEL_RANGES.get(ch, (1, 48 * 60, 1))
            minutes = round(self.targets[ch].total_seconds() / 60)
            sliders[ch] = w.IntSlider(
                value=min(max(minutes, lo), hi),
                min=lo,
                max=hi,
                step=step,
                description=f"{ch} (minutes)",
                continuous_update=True,  # an update takes tens of milliseconds (bench/README.md)
                style={"description_width": "130px"},
                layout=w.Layout(width="560px"),
            )
        readout = w.HTML()
        bars = w.HTML()
        box = w.VBox([w.HTML("<b>First-response target per channel</b>"), *sliders.values(), bars, readout])
        self._on_change(
            sliders.values(), lambda: self.set(**{ch: f"{s.value}min" for ch, s in sliders.items()})
        )
        return {"sliders": sliders, "readout": readout, "bars": bars, "box": box}

    def _push(self, ui: dict[str, Any]) -> None:
        for ch, s in ui["sliders"].items():
            minutes = round(self.targets[ch].total_seconds() / 60)
            s.value = min(max(minutes, s.min), s.max)

    def _refresh(self) -> None:
        ui = self._ui
        if ui is None:
            return
        met, n = self.overall()
        headline = f"SLA attainment: {100 * met / n:.1f}% of {n:,} tickets"
        ui["readout"].value = readout_html(self.readout_lines()[1:], headline=headline, size="1.2em")
        ui["bars"].value = self.bars_html()

    def update_seconds(self, *, repeats: int = 20) -> float:
        """Median seconds of one slider move (for reporting, not asserting)."""
        s = self.sliders[self.channels[0]]
        start = s.value
        seconds = self._median_seconds(
            lambda i: setattr(s, "value", min(start + (i % 2) + 1, s.max)), repeats
        )
        s.value = start
        return seconds
