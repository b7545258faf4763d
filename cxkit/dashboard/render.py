"""Draw the dashboard: HTML panels (shared by the ipywidgets view and the static report) and figures.

Figures are drawn with the course style (:mod:`cxkit.style`: Okabe-Ito colours, projector sizes)
and embedded as PNG with alt text by :func:`cxkit.style.figure_html`, so the report is one file
that loads nothing from anywhere.
"""

from __future__ import annotations

import html
import math
from typing import Any, Protocol

from cxkit import style
from cxkit.dashboard.settings import (
    ALERT_MIN_N,
    DRIVER_MIN_N,
    HIGH_VALUE_SHARE,
    METRICS,
    QUEUE_DAYS,
    QUEUE_ROWS,
)


class Dashboard(Protocol):
    """What the view reads from a dashboard: :class:`cxkit.dashboard.core.Dashboard` has all of it.

    The view does not import the dashboard's model (the model imports the view to draw itself).
    """

    period: str
    segment: str
    owner: str
    periods: list[str]
    segments: list[str]
    owners: list[str]
    targets: dict[str, float]
    tickets_as_of: Any
    as_of: Any
    value_as_of: Any
    high_value_min: float | None
    _figures: dict[str, Any]
    _syncing: bool

    @property
    def scores(self) -> dict[str, Any]: ...  # noqa: D102
    @property
    def changes(self) -> dict[str, Any]: ...  # noqa: D102
    @property
    def previous_period(self) -> str | None: ...  # noqa: D102
    @property
    def response_rate(self) -> Any: ...  # noqa: D102
    @property
    def alerts(self) -> Any: ...  # noqa: D102
    @property
    def alerts_judged(self) -> int: ...  # noqa: D102
    @property
    def alerts_months(self) -> Any: ...  # noqa: D102
    @property
    def drivers_tested(self) -> Any: ...  # noqa: D102
    @property
    def verbatims(self) -> dict[str, list[dict[str, Any]]]: ...  # noqa: D102
    @property
    def queue_since(self) -> Any: ...  # noqa: D102
    @property
    def queue_period_total(self) -> int: ...  # noqa: D102
    @property
    def trends(self) -> dict[str, Any]: ...  # noqa: D102
    @property
    def funnel(self) -> Any: ...  # noqa: D102
    @property
    def drivers(self) -> Any: ...  # noqa: D102
    @property
    def sla(self) -> Any: ...  # noqa: D102
    @property
    def sla_overall(self) -> Any: ...  # noqa: D102
    @property
    def sla_targets(self) -> dict[str, str]: ...  # noqa: D102
    @property
    def queue(self) -> Any: ...  # noqa: D102
    @property
    def counts(self) -> dict[str, int]: ...  # noqa: D102
    def set(  # noqa: D102
        self, *, period: str | None = None, segment: str | None = None, owner: str | None = None
    ) -> Any: ...
    def export(self) -> Any: ...  # noqa: D102


#: The panels, in the order they are laid out.
PANELS: tuple[str, ...] = ("header", "scores", "trend", "alerts", "funnel", "drivers", "sla", "queue")
_LABEL = {"nps": "NPS", "csat": "CSAT", "ces": "CES"}
_UNIT = {"nps": "points", "csat": "% satisfied (4-5 of 5)", "ces": "mean, 1-7 (7 = very easy)"}
_TARGET_TEXT = {"nps": "{:+.0f}", "csat": "{:.0f}%", "ces": "{:.1f} of 7"}
_DECIMALS = {"nps": 1, "csat": 1, "ces": 2}

CSS = """
.cxd { font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; color: #111;
       font-size: 15px; line-height: 1.4; max-width: 1200px; }
.cxd h1 { font-size: 1.6em; margin: 0.2em 0; }
.cxd h2 { font-size: 1.25em; margin: 0.6em 0 0.3em; }
.cxd .cxd-sub { color: #333; margin: 0 0 0.4em; }
.cxd .cxd-cards { display: flex; flex-wrap: wrap; gap: 12px; }
.cxd .cxd-card { box-sizing: border-box; min-width: 0; flex: 1 1 220px;
                 border: 2px solid #0072B2; border-radius: 8px; padding: 8px 12px; }
.cxd .cxd-card .cxd-name { font-weight: bold; font-size: 1.05em; }
.cxd .cxd-card .cxd-value { font-size: 2em; font-weight: bold; }
.cxd .cxd-card .cxd-ci { font-size: 0.95em; }
.cxd .cxd-warn { color: #8a3b00; }
.cxd table { border-collapse: collapse; font-size: 0.95em; margin-bottom: 0.4em; }
.cxd th, .cxd td { border-bottom: 1px solid #bbb; padding: 3px 8px; text-align: left; vertical-align: top;
                   line-height: 1.3; }
.cxd td.num, .cxd th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.cxd th.num { white-space: normal; }
.cxd p.cxd-note { font-size: 0.9em; color: #333; margin: 0.2em 0; line-height: 1.4; }
.cxd caption { line-height: 1.4; }
.cxd figure img { width: 100%; height: auto; }
.cxd .cxd-top { display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 16px; }
.cxd .cxd-top h1 { margin: 0; }
.cxd details.cxd-how { font-size: 0.9em; margin: 0 0 0.3em; }
.cxd details.cxd-how summary { cursor: pointer; color: #0059a0; }
.cxd .cxd-card .cxd-line { font-size: 0.88em; line-height: 1.3; }
.cxd .cxd-card.cxd-small { flex: 0 1 190px; border-color: #777; }
.cxd .cxd-ok { color: #00603d; }
.cxd tr.cxd-quote td { border-bottom: 1px solid #ddd; color: #333; font-style: italic; font-size: 0.92em;
                       padding-left: 24px; }
.cxd .cxd-overdue { color: #a30000; font-weight: bold; }
.cxd a.cxd-csv { font-size: 0.9em; }
"""

#: The "how to read this" fold: what each panel shows (closed at first, so the numbers come first).
HOW_TO_READ = (
    (
        "Scores",
        "NPS, CSAT and CES of the survey answers, each with its 95% confidence interval, "
        "clustered by customer (a customer who answers several times counts as one source of "
        "variation, module 07). A difference smaller than the interval may be noise.",
    ),
    (
        "Targets",
        "from governance.yaml (module 10): NPS +30, CSAT 80% satisfied, CES 5.5 of 7. "
        "A score is below (or above) target only when its whole interval is.",
    ),
    (
        "Change",
        "against the period before (the previous quarter or year), with the interval of "
        "the difference; 'clear' when the interval leaves out 0.",
    ),
    ("Trend", "each score per month; hollow points are months with fewer than 30 answers."),
    (
        "Alerts",
        "a touchpoint's monthly share of detractors outside its three-sigma p-chart limits "
        "(Montgomery 2019): a reason to look, not a proof.",
    ),
    (
        "Drivers",
        "comment themes with at least 30 comments whose writers' NPS is clearly lower; "
        "an association, not a cause; with the comments behind them.",
    ),
    (
        "Follow-up queue",
        "customers to call back from the last 14 days of the period, with the "
        "contact to reply on, the team that owns it and whether the respond-by time has passed.",
    ),
    (
        "Owner",
        "keeps the survey answers of the touchpoints a team owns (governance.yaml); the journey "
        "funnel and the ticket SLAs follow the period and segment only.",
    ),
    ("Export", "'Download CSV' saves the numbers shown here, for the filters chosen."),
)


def _fmt(x: Any, decimals: int = 1) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    return f"{x:,.{decimals}f}"


def score_text(result: Any, metric: str) -> str:
    """Return the number a score card shows (``"18.6"``): the same text in the view and report."""
    return "–" if result is None else _fmt(result.value, _DECIMALS[metric])


def _cell(i: int, cell: str | tuple[str, str], headers: list[tuple[str, bool]]) -> str:
    text, cls = (cell, "") if isinstance(cell, str) else cell
    classes = " ".join(c for c in ("num" if headers[i][1] else "", cls) if c)
    return f"<td{f' class={chr(34)}{classes}{chr(34)}' if classes else ''}>{html.escape(text)}</td>"


def _table(headers: list[tuple[str, bool]], rows: list[list[Any]], caption: str) -> str:
    """Return an HTML table; each header is (text, numeric?); numeric columns are right-aligned.

    A cell is its text, or (text, CSS class).
    """
    head = "".join(
        f'<th scope="col"{" class=num" if num else ""}>{html.escape(h)}</th>' for h, num in headers
    )
    body = "".join(
        "<tr>" + "".join(_cell(i, cell, headers) for i, cell in enumerate(row)) + "</tr>" for row in rows
    )
    return (
        f"<table><caption class='cxd-sub' style='text-align:left'>{html.escape(caption)}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def _selection(d: Dashboard) -> str:
    period = "all periods" if d.period == "all" else d.period
    segment = "all segments" if d.segment == "all" else f"{d.segment} customers"
    owner = "" if getattr(d, "owner", "all") == "all" else f", touchpoints of {d.owner}"
    return f"{period}, {segment}{owner}"


def csv_link(d: Dashboard) -> str:
    """Return the "Download CSV" link: the export of what is shown, embedded (no server needed)."""
    import base64

    data = base64.b64encode(d.export().to_csv(index=False).encode("utf-8")).decode("ascii")
    name = f"cx-dashboard-{d.period}-{d.segment}-{d.owner}.csv".replace(" ", "-")
    return (
        f'<a class="cxd-csv" data-cxd="csv" download="{html.escape(name, quote=True)}" '
        f'href="data:text/csv;base64,{data}">Download CSV of what is shown</a>'
    )


def how_to_read() -> str:
    """Return the "how to read this" fold, closed: a line on screen until opened."""
    items = "".join(f"<li><b>{html.escape(k)}</b>: {html.escape(v)}</li>" for k, v in HOW_TO_READ)
    return (
        '<details class="cxd-how" data-cxd="how"><summary>How to read this</summary>'
        f'<ul style="margin:0.2em 0">{items}</ul></details>'
    )


def header(d: Dashboard) -> str:
    """Return the title, the selection line (what is shown, how many rows), the export and the fold."""
    c = d.counts
    return (
        '<div class="cxd-top"><h1>Customer experience dashboard</h1>'
        f"{csv_link(d)}</div>"
        '<p class="cxd-sub" aria-live="polite" data-cxd="selection" style="margin:0">'
        f"Showing <b>{html.escape(_selection(d))}</b>: {c['answers']:,} survey answers, "
        f"{c['journeys']:,} tracked journeys, {c['tickets']:,} support tickets.</p>" + how_to_read()
    )


def _signed(x: float, decimals: int) -> str:
    return f"{x:+,.{decimals}f}".replace("-", "−")


def target_line(d: Dashboard, metric: str, r: Any) -> str:
    """Return the card's target line: below, above, or not clearly either (the interval decides)."""
    if metric not in d.targets:
        return ""
    goal = d.targets[metric]
    text = _TARGET_TEXT[metric].format(goal)
    if r is None:
        return f'<div class="cxd-line">Target {html.escape(text)}</div>'
    if r.high < goal:
        verdict, cls = f"Below target {text}", "cxd-warn"
    elif r.low > goal:
        verdict, cls = f"Above target {text}", "cxd-ok"
    else:
        verdict, cls = f"Target {text} inside the interval: not clearly met or missed", ""
    return f'<div class="cxd-line {cls}" data-cxd-target="{metric}">{html.escape(verdict)}</div>'


def change_line(d: Dashboard, metric: str) -> str:
    """Return the card's change line: the difference from the previous period and its interval."""
    prev = d.previous_period
    if prev is None:
        return ""
    c = d.changes.get(metric)
    dec = _DECIMALS[metric]
    if c is None:
        return f'<div class="cxd-line">vs {html.escape(prev)}: no comparison available</div>'
    unit = {"nps": " points", "csat": " pp", "ces": ""}[metric]
    clear = c.low > 0 or c.high < 0
    how = "clustered" if c.cluster else "not clustered"
    text = f"vs {prev}: {_signed(c.value, dec)}{unit} ({_fmt(c.low, dec)} to {_fmt(c.high, dec)}, {how})" + (
        "; clear" if clear else "; may be noise"
    )
    return f'<div class="cxd-line" data-cxd-change="{metric}">{html.escape(text)}</div>'


def scores(d: Dashboard) -> str:
    """Return the score cards (value, clustered interval, n, target, change) and the response rate."""
    cards = []
    for m, r in d.scores.items():
        if r is None:
            ci = "no answers in this selection"
        else:
            who = f" ({r.n_clusters:,} customers)" if getattr(r, "n_clusters", None) else ""
            ci = (
                f"{r.confidence:.0%} CI {_fmt(r.low, _DECIMALS[m])} to {_fmt(r.high, _DECIMALS[m])}"
                f" · n = {r.n:,}{who}"
            )
        warn = (
            f'<div class="cxd-warn cxd-line">Fewer than {r.min_n} answers: read with care.</div>'
            if r is not None and r.too_small
            else ""
        )
        cards.append(
            f'<div class="cxd-card" data-cxd="{m}"><div class="cxd-name">{_LABEL[m]} '
            f'<span style="font-weight:normal">({html.escape(_UNIT[m])})</span></div>'
            f'<div class="cxd-value" data-cxd-value="{m}">{score_text(r, m)}</div>'
            f'<div class="cxd-line">{html.escape(ci)}</div>'
            f"{target_line(d, m, r)}{change_line(d, m)}{warn}</div>"
        )
    rr = d.response_rate
    if rr is not None:
        cards.append(
            '<div class="cxd-card cxd-small" data-cxd="response"><div class="cxd-name">Response rate</div>'
            f'<div class="cxd-value" data-cxd-value="response">{rr.value:.1f}%</div>'
            f'<div class="cxd-line">95% CI {rr.low:.1f} to {rr.high:.1f}</div>'
            f'<div class="cxd-line">of {rr.n:,} survey invitations sent in the selection</div></div>'
        )
    return '<div class="cxd-cards">' + "".join(cards) + "</div>"


def _month(ts: Any) -> str:
    return f"{ts:%b %Y}"


def _month_labels(months: list[Any]) -> tuple[list[int], list[str]]:
    """Positions and labels of the x ticks: at most five months, each labelled 'Jan 2025'."""
    n = len(months)
    step = max(1, math.ceil(n / 5))
    pos = list(range(0, n, step))
    return pos, [f"{months[i]:%b}\n{months[i]:%Y}" for i in pos]


def trend_figure(d: Dashboard, *, fig: Any = None) -> tuple[Any, str] | None:
    """Draw the monthly trend of the three scores with their intervals; return (figure, alt text).

    The figure is built once (three axes, fixed layout, one band and two lines each) and only its
    data are replaced on a filter change: pass the previous one as ``fig``. Months are placed at
    0, 1, 2, ... and labelled with their names, which is much faster than a date axis.
    """
    import matplotlib as mpl
    import numpy as np
    from matplotlib.figure import Figure

    trends = d.trends
    months = sorted({ts for t in trends.values() if t is not None for ts in t.index.get_level_values(0)})
    if not months:
        return None
    where = {m: i for i, m in enumerate(months)}
    colors = [style.PALETTE["blue"], style.PALETTE["orange"], style.PALETTE["green"]]
    with style.context():
        if fig is None:
            # A fixed layout and no layout engine at all (set_layout_engine("none") after creation
            # leaves a placeholder engine, and savefig then draws the figure twice): one draw a save.
            mpl.rcParams["figure.autolayout"] = False
            fig = Figure(figsize=(style.FIGURE_WIDTH_IN, 3.0))
            fig.subplots(1, len(METRICS))
            fig.subplots_adjust(left=0.07, right=0.99, bottom=0.23, top=0.88, wspace=0.33)
            for ax, m, color in zip(fig.axes, METRICS, colors, strict=True):
                # The title's place fixed where matplotlib puts it (nothing above the axes):
                # no search for it through the tick labels' extents on every draw.
                ax.set_title(f"{_LABEL[m]} per month", y=1.0)
                ax.set_ylabel(_UNIT[m].split(" (")[0].split(",")[0])
                ax.plot([], [], color=color, marker="o", markersize=5)
                ax.plot(
                    [],
                    [],
                    linestyle="none",
                    marker="o",
                    markersize=7,
                    markerfacecolor="white",
                    markeredgecolor=color,
                )
                ax.text(0.5, 0.5, "", transform=ax.transAxes, ha="center", va="center")
                if m in d.targets:  # the governance target, dashed (named in the panel heading)
                    ax.axhline(d.targets[m], color="#444444", linestyle="--", linewidth=1.2)
        findings = []
        pos, labels = _month_labels(months)
        for ax, m, color in zip(fig.axes, METRICS, colors, strict=True):
            line, hollow = ax.lines[:2]
            note = ax.texts[0]
            for coll in list(ax.collections):
                coll.remove()
            ax.set_xticks(pos, labels)
            ax.set_xlim(-0.5, len(months) - 0.5)
            t = trends[m]
            if t is None or not len(t):
                line.set_data([], [])
                hollow.set_data([], [])
                note.set_text("no answers")
                continue
            note.set_text("")
            x = np.array([where[ts] for ts in t.index.get_level_values(0)], dtype=float)
            v, lo_, hi_ = (t[c].to_numpy(float) for c in ("value", "low", "high"))
            ax.fill_between(x, lo_, hi_, color=color, alpha=0.2, linewidth=0)
            line.set_data(x, v)
            small = t["too_small"].to_numpy(dtype=bool)
            hollow.set_data(x[small], v[small])
            # The y range fits the months with enough answers (a month of 6 answers has an interval
            # so wide it would flatten the others); their hollow points still show.
            big = ~small if (~small).any() else np.ones_like(small)
            goal = [d.targets[m]] if m in d.targets else []
            bottom = float(min(np.nanmin(lo_[big]), np.nanmin(v), *goal))
            top = float(max(np.nanmax(hi_[big]), np.nanmax(v), *goal))
            pad = (top - bottom) * 0.08 or 1.0
            ax.set_ylim(bottom - pad, top + pad)
            lo = t.index.get_level_values(0)[int(np.nanargmin(v))]
            hi = t.index.get_level_values(0)[int(np.nanargmax(v))]
            dec = _DECIMALS[m]
            findings.append(
                f"{_LABEL[m]} lowest in {_month(lo)} ({np.nanmin(v):.{dec}f}), "
                f"highest in {_month(hi)} ({np.nanmax(v):.{dec}f})"
            )
        alt = (
            f"Line charts of NPS, CSAT and CES per month, {_month(months[0])} to {_month(months[-1])}, "
            "with shaded 95% intervals clustered by customer and the targets dashed (hollow points: months "
            "with fewer than 30 answers): " + "; ".join(findings) + "."
        )
    return fig, alt


def _png_html(fig: Any, alt: str) -> str:
    """Return the figure as an embedded PNG with alt text (fixed layout: no tight-bbox re-draw)."""
    import base64
    import io

    import matplotlib as mpl

    with style.context():
        # savefig puts a figure without a layout engine back to ``rcParams["figure.autolayout"]``
        # when it is done: keep that off, or the trend's fixed layout turns tight after one save.
        mpl.rcParams["figure.autolayout"] = False
        buf = io.BytesIO()
        # Fast zlib level: the PNG is a little larger, and encoding it takes a fraction of the time.
        fig.savefig(buf, format="png", pil_kwargs={"compress_level": 1})
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    return (
        f'<figure style="margin:0"><img src="data:image/png;base64,{data}" '
        f'alt="{html.escape(alt, quote=True)}" style="width:100%;max-width:100%;height:auto"></figure>'
    )


def funnel_alt(d: Dashboard) -> str:
    """Return the funnel's finding in words (the bars' accessible name)."""
    f = d.funnel
    assert f is not None
    steps = f.iloc[1:]
    worst = steps.loc[steps["drop_off_pct"].idxmax()] if len(steps) else None
    first, last = f.iloc[0], f.iloc[-1]
    return (
        f"Bar chart: journey funnel; {first['cases']:,} journeys reach {first.name} and "
        f"{last['cases']:,} ({last['from_start_value']:.1f}%) reach {last.name}"
        + (
            f"; the biggest loss is before {worst.name} ({worst['drop_off_pct']:.1f}% of the "
            "previous stage's journeys drop off)."
            if worst is not None
            else "."
        )
    )


def funnel_bars(d: Dashboard) -> str:
    """Return the funnel as HTML bars, one per stage, labelled with its journeys and share of the first."""
    f = d.funnel
    assert f is not None
    top = float(f["cases"].max()) or 1.0
    rows = []
    for r in f.itertuples():
        width = 100 * float(r.cases) / top
        rows.append(
            '<div style="display:flex;align-items:center;gap:8px;margin:3px 0">'
            f'<div style="flex:0 0 120px">{html.escape(str(r.Index).capitalize())}</div>'
            '<div style="flex:1 1 auto;display:flex;align-items:center;gap:6px">'
            f'<div style="width:{width * 0.7:.1f}%;height:22px;background:{style.PALETTE["blue"]}"></div>'
            f"<span>{r.cases:,} ({r.from_start_value:.0f}%)</span></div></div>"
        )
    return (
        f'<div role="img" aria-label="{html.escape(funnel_alt(d), quote=True)}">' + "".join(rows) + "</div>"
    )


def trend(d: Dashboard) -> str:
    """Return the trend panel: the monthly figure of the three scores."""
    drawn = trend_figure(d, fig=d._figures.get("trend"))
    if drawn is None:
        return "<h2>Trend</h2><p>No answers in this selection.</p>"
    d._figures["trend"] = drawn[0]
    return (
        '<h2>Trend <span style="font-weight:normal;font-size:0.75em">(per month; dashed line: the '
        "target; shaded: 95% interval)</span></h2>" + _png_html(*drawn)
    )


def funnel(d: Dashboard) -> str:
    """Return the funnel panel: the bars and the conversion table with its intervals."""
    f = d.funnel
    if f is None or not len(f):
        return "<h2>Journey funnel</h2><p>No tracked journeys start in this selection.</p>"
    rows = [
        [
            str(r.Index).capitalize(),
            f"{r.cases:,}",
            f"{r.value:.1f}%",
            f"{r.low:.1f} to {r.high:.1f}",
        ]
        for r in f.itertuples()
    ]
    table = _table(
        [("Stage", False), ("Journeys", True), ("From previous", True), ("95% CI", True)],
        rows,
        "Conversion from the previous stage (ordered funnel, Wilson interval).",
    )
    return "<h2>Journey funnel</h2>" + funnel_bars(d) + table


def alerts(d: Dashboard) -> str:
    """Return the alerts panel: touchpoint-months whose detractor share crosses its control limit."""
    a = d.alerts
    months = d.alerts_months
    span = (
        ""
        if months is None
        else (f"{months[0]:%b %Y}" if months[0] == months[1] else f"{months[0]:%b %Y} to {months[1]:%b %Y}")
    )
    rule = (
        f"Each touchpoint's monthly share of detractors against its three-sigma p-chart limits "
        f"(center: its share over all months; months with fewer than {ALERT_MIN_N} NPS answers not "
        f"judged; Montgomery 2019, section 7.2.1). {d.alerts_judged} touchpoint-months judged"
        + (f" in {span}" if span else "")
        + ": about 0.3% of them cross a limit by chance alone."
    )
    if a is None or not len(a):
        return (
            "<h2>Alerts</h2>"
            '<p data-cxd="alerts">No touchpoint crossed its control limits'
            f"{' in ' + span if span else ''}.</p>"
            f'<p class="cxd-note">{html.escape(rule)}</p>'
        )
    rows = [
        [
            str(r.touchpoint).replace("_", " "),
            str(r.owner),
            f"{r.month:%b %Y}",
            f"{r.value:.0f}%",
            f"{r.lcl:.0f} to {r.ucl:.0f}%",
            f"{r.n:,}",
            "worse (above the upper limit)" if r.signal == "above" else "better (below the lower limit)",
        ]
        for r in a.itertuples()
    ]
    table = _table(
        [
            ("Touchpoint", False),
            ("Owner", False),
            ("Month", False),
            ("Detractors", True),
            ("Control limits", True),
            ("Answers", True),
            ("Signal", False),
        ],
        rows,
        rule,
    )
    return '<h2>Alerts</h2><div data-cxd="alerts">' + table + "</div>"


def drivers(d: Dashboard) -> str:
    """Return the drivers panel: themes that clearly come with a lower NPS, and their comments."""
    dr = d.drivers
    tested = d.drivers_tested
    k = 0 if tested is None else len(tested)
    rule = (
        f"Themes with at least {DRIVER_MIN_N} comments whose writers' NPS is lower than the other "
        "commenters' with the whole 95% interval below 0 (clustered by customer); "
        f"{k} themes tested one at a time, and a theme is shown only if it stays clear after Holm's "
        f"correction for the {k} tests (as module 09 reads them). An association, not a cause."
    )
    if dr is None or not len(dr):
        return (
            "<h2>Top drivers of low NPS</h2>"
            f"<p data-cxd='drivers'>No theme with {DRIVER_MIN_N} comments or more comes with a clearly "
            "lower NPS in this selection.</p>"
            f'<p class="cxd-note">{html.escape(rule)}</p>'
        )
    head = "".join(
        f'<th scope="col"{" class=num" if num else ""}>{html.escape(h)}</th>'
        for h, num in (
            ("Theme", False),
            ("Comments", True),
            ("NPS with", True),
            ("NPS without", True),
            ("Difference (95% CI)", True),
        )
    )
    body = []
    quotes = d.verbatims
    for r in dr.itertuples():
        cells = [
            str(r.theme).replace("_", " "),
            f"{r.n_with:,}",
            _fmt(r.score_with),
            _fmt(r.score_without),
            f"{_fmt(r.difference)} ({_fmt(r.low)} to {_fmt(r.high)})",
        ]
        body.append(
            "<tr>"
            + "".join(f"<td{' class=num' if i else ''}>{html.escape(c)}</td>" for i, c in enumerate(cells))
            + "</tr>"
        )
        for q in quotes.get(r.theme, []):
            text = q["comment"] if len(q["comment"]) <= 140 else q["comment"][:137] + "..."
            body.append(
                f'<tr class="cxd-quote" data-cxd-quote="{html.escape(str(r.theme), quote=True)}">'
                f'<td colspan="5">"{html.escape(text)}" (NPS {q["nps"]}, {q["date"]:%Y-%m-%d})</td></tr>'
            )
    table = (
        f"<table><caption class='cxd-sub' style='text-align:left'>{html.escape(rule)}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )
    return "<h2>Top drivers of low NPS</h2><div data-cxd='drivers'>" + table + "</div>"


def sla(d: Dashboard) -> str:
    """Return the SLA panel: first-response attainment per channel and overall."""
    s = d.sla
    if s is None or not len(s):
        return "<h2>Ticket SLAs</h2><p>No tickets opened in this selection.</p>"
    import pandas as pd

    from cxkit.service.targets import format_target

    targets = d.sla_targets
    rows = [
        [
            str(ch),
            format_target(pd.Timedelta(targets[str(ch)])),
            f"{int(r['n']):,}",
            f"{r['value']:.1f}%",
            f"{r['low']:.1f} to {r['high']:.1f}",
        ]
        for ch, r in s.iterrows()
    ]
    o = d.sla_overall
    if o is not None and len(o):
        r = o.iloc[0]
        rows.append(
            [
                "all channels",
                "",
                f"{int(r['n']):,}",
                f"{r['value']:.1f}%",
                f"{r['low']:.1f} to {r['high']:.1f}",
            ]
        )
    table = _table(
        [
            ("Channel", False),
            ("First response within", False),
            ("Tickets", True),
            ("Met", True),
            ("95% CI", True),
        ],
        rows,
        "Share of tickets answered within the channel's target (never answered counts as missed).",
    )
    return "<h2>Ticket SLAs</h2>" + table


def _value_note(d: Dashboard) -> str:
    if d.high_value_min is None:
        return "No orders given: no customer value."
    return (
        f"Value: predicted 12-month margin (module 08's CLV as of {d.value_as_of:%Y-%m-%d}); high value "
        f"from {d.high_value_min:,.0f} EUR, the top {HIGH_VALUE_SHARE:.0%} of the customers who answered."
    )


def queue(d: Dashboard) -> str:
    """Return the follow-up panel: the first customers to call back, with contact, owner and overdue flag."""
    q = d.queue
    if q is None or not len(q):
        return (
            "<h2>Follow-up queue</h2><p>Nobody to call back in this selection.</p>"
            f'<p class="cxd-note">{html.escape(_open_note(d))}</p>'
        )
    rows = []
    for _, r in q.head(QUEUE_ROWS).iterrows():
        contact = str(r.get("touchpoint", "")).replace("_", " ") + f" ({r.get('channel', '')})"
        if "survey_id" in r and isinstance(r["survey_id"], str):
            contact += f", survey {r['survey_id']}"
        due = f"{r['respond_by']:%Y-%m-%d %H:%M}"
        rows.append(
            [
                str(int(r["priority"])),
                str(r["customer_id"]),
                str(r.get("segment", "")),
                str(r["reasons"]),
                "–" if r["value"] != r["value"] else f"{r['value']:,.0f}",
                contact,
                str(r.get("owner", "")),
                (due + " overdue", "cxd-overdue") if bool(r["overdue"]) else due,
            ]
        )
    headers = [
        ("#", True),
        ("Customer", False),
        ("Segment", False),
        ("Why", False),
        ("Value (EUR)", True),
        ("Contact (latest answer)", False),
        ("Owner", False),
        ("Respond by", False),
    ]
    overdue = int(q["overdue"].sum())
    as_of = (
        ""
        if d.as_of is None
        else f" Overdue: respond-by before {d.as_of:%Y-%m-%d %H:%M}, the end of the data."
    )
    caption = (
        (f"The first {QUEUE_ROWS} of {len(q):,}" if len(q) > QUEUE_ROWS else f"The {len(q):,}")
        + f" customers to call back from the last {QUEUE_DAYS} days "
        f"of the selection (since {d.queue_since:%Y-%m-%d}; {d.queue_period_total:,} in the whole period), "
        f"in calling order; {overdue:,} overdue.{as_of} {_value_note(d)} {_open_note(d)}"
    )
    table = _table(headers, rows, caption)
    return "<h2>Follow-up queue</h2><div data-cxd='queue'>" + table + "</div>"


def _open_note(d: Dashboard) -> str:
    """Say what "open ticket" means in the queue: open now, whatever the period."""
    when = "" if d.tickets_as_of is None else f" on {d.tickets_as_of:%Y-%m-%d}"
    return (
        f"Open ticket: still unresolved{when}, the end of the ticket data, whatever the period "
        "chosen (a ticket open now needs a call now, whenever it was opened)."
    )


def panels(d: Dashboard) -> dict[str, str]:
    """Return every panel's HTML, keyed by :data:`PANELS`."""
    draw = {
        "header": header,
        "scores": scores,
        "trend": trend,
        "alerts": alerts,
        "funnel": funnel,
        "drivers": drivers,
        "sla": sla,
        "queue": queue,
    }
    return {k: draw[k](d) for k in PANELS}


def page(d: Dashboard) -> str:
    """Return the static report: one HTML document, its style inline and its figures embedded."""
    p = panels(d)
    body = (
        p["header"]
        + p["scores"]
        + p["trend"]
        + p["alerts"]
        + p["drivers"]
        + p["queue"]
        + '<div class="cxd-cards"><div style="flex:1 1 480px">'
        + p["funnel"]
        + "</div>"
        + '<div style="flex:1 1 480px">'
        + p["sla"]
        + "</div></div>"
        + '<p class="cxd-note">Made with cxkit. Intervals are 95% confidence intervals.</p>'
    )
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        f"<title>Customer experience dashboard: {html.escape(_selection(d))}</title>"
        f"<style>{CSS}</style></head><body><main class='cxd'>{body}</main></body></html>\n"
    )


def first_screen(d: Dashboard, panels_html: dict[str, str] | None = None) -> str:
    """Return the first screen (title, cards, trend) as plain HTML, hidden once the widget view is drawn.

    Its ``data-cxd`` attributes are renamed ``data-cxd-first`` so that it is never mistaken for
    the view's live panels.
    """
    p = d.panels_html() if panels_html is None else panels_html  # type: ignore[attr-defined]
    body = (p["header"] + p["scores"] + p["trend"]).replace("data-cxd", "data-cxd-first")
    hide = "body:has(.widget-vbox.cxd) .cxd-first { display: none; }"
    return f"<style>{CSS}{hide}</style><div class='cxd cxd-first'>{body}</div>"


def build_widget(d: Dashboard) -> dict[str, Any]:
    """Build the ipywidgets view: the two filter Dropdowns above one HTML widget per panel."""
    import ipywidgets as w

    period = w.Dropdown(
        options=[("All periods" if p == "all" else p, p) for p in d.periods],
        value=d.period,
        description="Period",
        style={"description_width": "70px"},
        layout=w.Layout(width="260px"),
    )
    segment = w.Dropdown(
        options=[("All segments" if s == "all" else s, s) for s in d.segments],
        value=d.segment,
        description="Segment",
        style={"description_width": "70px"},
        layout=w.Layout(width="260px"),
    )
    owner = w.Dropdown(
        options=[("All owners" if s == "all" else s, s) for s in d.owners],
        value=d.owner,
        description="Owner",
        style={"description_width": "70px"},
        layout=w.Layout(width="300px"),
    )
    # width "auto", not "100%": a widget has a 2 px margin on each side, so at 100% it is 4 px
    # wider than its box, whose overflow clips the right edge (the CES card's border at 1280 px).
    out = {k: w.HTML(layout=w.Layout(width="auto")) for k in PANELS}
    style_tag = w.HTML(f"<style>{CSS}</style>")

    def column(*keys: str) -> Any:
        return w.VBox([out[k] for k in keys], layout=w.Layout(flex="1 1 480px", min_width="0"))

    lower = w.HBox(
        [column("funnel"), column("sla")],
        layout=w.Layout(flex_flow="row wrap", width="100%", grid_gap="16px"),
    )
    body = w.VBox(
        [
            out["header"],
            w.HBox([period, segment, owner]),
            out["scores"],
            out["trend"],
            out["alerts"],
            out["drivers"],
            out["queue"],
            lower,
        ],
        layout=w.Layout(width="100%", max_width="1200px"),
    )
    body.add_class("cxd")
    box = w.VBox([style_tag, body], layout=w.Layout(width="100%"))

    def on_change(change: dict) -> None:
        if d._syncing:
            return
        d.set(period=period.value, segment=segment.value, owner=owner.value)

    for control in (period, segment, owner):
        control.observe(on_change, names="value")
    return {"box": box, "period": period, "segment": segment, "owner": owner, "panels": out}
