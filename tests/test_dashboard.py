"""Tests of the CX dashboard: the plain core (filters -> every panel's numbers), the view, the HTML report.

Each panel is checked against the library's own function called directly on the data filtered
here, independently of the dashboard's filter code.
"""

from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser

import pandas as pd
import pytest

import cxkit
from cxkit.dashboard import Dashboard
from cxkit.dashboard.core import FUNNEL_STAGES, SLA_TARGETS, TOP_DRIVERS, customer_value
from cxkit.dashboard.render import score_text, trend_figure
from cxkit.data import load
from cxkit.errors import CXConfigError, CXDataError
from cxkit.journey.analytics import funnel
from cxkit.metrics import ces, compare_nps, csat, nps, response_rate, trend
from cxkit.service import sla_attainment
from cxkit.voc import close_the_loop, drivers, load_taxonomy, sentiment, themes


@pytest.fixture(scope="module")
def dash() -> Dashboard:
    return Dashboard()


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    return {name: load(name) for name in ("surveys", "events", "tickets", "customers", "orders")}


def _answers(tables, period=None, segment=None) -> pd.DataFrame:
    """Return the answered surveys of a period ('YYYY' or 'YYYY-Qn') and segment, filtered here."""
    s = tables["surveys"]
    a = s[s["responded"].fillna(False).astype(bool)]
    if period is not None:
        p = pd.Period(period.replace("-", ""), freq="Q" if "Q" in period else "Y")
        a = a[(a["response_date"] >= p.start_time) & (a["response_date"] < (p + 1).start_time)]
    if segment is not None:
        a = a[a["segment"] == segment]
    return a


def _seg_of(tables) -> pd.Series:
    return tables["customers"].set_index("customer_id")["segment"]


# -- filters -----------------------------------------------------------------------------------


def test_choices_and_defaults(dash):
    assert (dash.period, dash.segment) == ("all", "all")
    assert dash.segments == ["all", "B2B", "B2C"]
    assert dash.periods[:3] == ["all", "2024", "2025"]
    assert dash.periods[3:] == [f"{y}-Q{q}" for y in (2024, 2025) for q in (1, 2, 3, 4)]


@pytest.mark.parametrize(
    ("kw", "match"),
    [
        ({"period": "2023"}, r"Unknown period '2023'.*'all', '2024', '2025', '2024-Q1'"),
        ({"period": "2025Q1"}, r"Unknown period '2025Q1'.*'2025-Q1'"),
        ({"segment": "b2b"}, r"Unknown segment 'b2b'.*'all', 'B2B', 'B2C'"),
        ({"segment": None, "period": 2023}, r"Unknown period '2023'"),
        ({"period": ["2025"]}, r"Unknown period \['2025'\]"),
    ],
)
def test_bad_filter_values_name_value_and_choices(dash, kw, match):
    before = (dash.period, dash.segment, dash.scores["nps"])
    with pytest.raises(CXConfigError, match=match):
        dash.set(**kw)
    assert (dash.period, dash.segment, dash.scores["nps"]) == before  # nothing changed


def test_bad_filter_at_construction(tables):
    with pytest.raises(CXConfigError, match="segment 'B2G'"):
        cxkit.dashboard(tables, segment="B2G")


def test_year_as_int_and_chainable(dash):
    assert dash.set(period=2025) is dash
    assert dash.period == "2025"
    dash.set(period="all", segment="all")


def test_bad_data():
    with pytest.raises(CXDataError, match=r"mapping of table name.*found 'list'"):
        Dashboard([1, 2])  # type: ignore[arg-type]
    with pytest.raises(CXDataError, match="a table is missing: found 'tickets'"):
        Dashboard({"surveys": load("surveys"), "events": load("events"), "customers": load("customers")})
    t = {n: load(n) for n in ("surveys", "events", "tickets", "customers")}
    t["tickets"] = t["tickets"].drop(columns="opened_at")
    with pytest.raises(CXDataError, match="tickets, column 'opened_at': missing column"):
        Dashboard(t)
    t["tickets"] = "tickets.csv"
    with pytest.raises(CXDataError, match="tickets: a table is not a pandas DataFrame: found 'str'"):
        Dashboard(t)


# -- the panels against the library, per filter --------------------------------------------------

FILTERS = [("all", "all"), ("2025", "B2B"), ("2024-Q4", "B2C"), ("2025-Q2", "all")]


@pytest.mark.parametrize(("period", "segment"), FILTERS)
def test_scores_and_trends_match_metrics(dash, tables, period, segment):
    dash.set(period=period, segment=segment)
    a = _answers(tables, None if period == "all" else period, None if segment == "all" else segment)
    assert dash.counts["answers"] == len(a)
    for metric, fn in (("nps", nps), ("csat", csat), ("ces", ces)):
        rows = a[a[metric].notna()]
        # Clustered by customer, as module 07 teaches.
        expected = fn(rows[metric], cluster=rows["customer_id"])
        got = dash.scores[metric]
        assert got is not None
        assert (got.value, got.n, got.n_clusters) == (expected.value, expected.n, expected.n_clusters)
        assert (got.low, got.high) == pytest.approx((expected.low, expected.high), abs=1e-9)
        cols = ["value", "n", "low", "high", "too_small"]
        pd.testing.assert_frame_equal(
            dash.trends[metric][cols], trend(rows, metric, cluster="customer_id")[cols], check_freq=False
        )


@pytest.mark.parametrize(("period", "segment"), FILTERS)
def test_funnel_matches_journey_analytics(dash, tables, period, segment):
    dash.set(period=period, segment=segment)
    ev = tables["events"]
    start = ev.groupby("case_id")["timestamp"].min()
    cases = start.index
    if period != "all":
        p = pd.Period(period.replace("-", ""), freq="Q" if "Q" in period else "Y")
        cases = start[(start >= p.start_time) & (start < (p + 1).start_time)].index
    if segment != "all":
        seg = ev.drop_duplicates("case_id").set_index("case_id")["customer_id"].map(_seg_of(tables))
        cases = cases[(seg.reindex(cases) == segment).to_numpy()]
    sub = ev[ev["case_id"].isin(cases)]
    expected = funnel(sub, stages=list(FUNNEL_STAGES), activity="stage")
    pd.testing.assert_frame_equal(dash.funnel, expected)
    assert dash.counts["journeys"] == len(cases)


@pytest.mark.parametrize(("period", "segment"), FILTERS)
def test_sla_matches_service(dash, tables, period, segment):
    dash.set(period=period, segment=segment)
    t = tables["tickets"]
    if period != "all":
        p = pd.Period(period.replace("-", ""), freq="Q" if "Q" in period else "Y")
        t = t[(t["opened_at"] >= p.start_time) & (t["opened_at"] < (p + 1).start_time)]
    if segment != "all":
        t = t[t["customer_id"].map(_seg_of(tables)) == segment]
    targets = {c: SLA_TARGETS[c] for c in sorted(t["channel"].unique())}
    pd.testing.assert_frame_equal(dash.sla, sla_attainment(t, targets, by="channel"))
    pd.testing.assert_frame_equal(dash.sla_overall, sla_attainment(t, targets, by=None))
    assert dash.counts["tickets"] == len(t)


@pytest.mark.parametrize(("period", "segment"), [("all", "all"), ("2025", "B2C")])
def test_drivers_and_queue_match_voc(dash, tables, period, segment):
    dash.set(period=period, segment=segment)
    a = _answers(tables, None if period == "all" else period, None if segment == "all" else segment)
    rows = a[a["comment"].notna() & a["nps"].notna()].reset_index(drop=True)
    names = list(load_taxonomy())
    tagged = pd.concat([rows, themes(rows["comment"])[names]], axis=1)
    present = [n for n in names if tagged[n].any()]
    table = drivers(tagged, "nps", present, cluster="customer_id")
    # Shown: at least 30 comments, the whole interval below 0 (the theme lowers the score) and clear
    # after Holm's correction over the themes tested (p_adjusted < 0.05), as module 09 reads them.
    clear = (table["high"] < 0) & (table["p_adjusted"] < 0.05)
    expected = table[(table["n_with"] >= 30) & clear].head(TOP_DRIVERS)
    got = dash.drivers
    assert len(got) == len(expected) >= 1
    assert (got["n_with"] >= 30).all()
    assert (got["high"] < 0).all()
    assert (got["p_adjusted"] < 0.05).all()
    cols = ["theme", "n_with", "n_without", "score_with", "score_without", "difference", "low", "high"]
    pd.testing.assert_frame_equal(got[cols].reset_index(drop=True), expected[cols].reset_index(drop=True))
    # Each shown driver's quotes have its theme and come lowest NPS first.
    for theme, quotes in dash.verbatims.items():
        assert 1 <= len(quotes) <= 2
        assert [q["nps"] for q in quotes] == sorted(q["nps"] for q in quotes)
        assert all(themes(pd.Series([q["comment"]]))[theme].iloc[0] for q in quotes)

    fb = a.copy()
    fb["compound"] = float("nan")
    has = fb["comment"].notna()
    fb.loc[has, "compound"] = sentiment(fb.loc[has, "comment"])["compound"].to_numpy()
    t = tables["tickets"]
    fb["open_ticket"] = fb["customer_id"].isin(set(t.loc[t["resolved_at"].isna(), "customer_id"]))
    value = customer_value(tables["orders"], _seg_of(tables), as_of=pd.Timestamp("2025-12-31"))
    fb["value"] = fb["customer_id"].map(value)
    expected_q = close_the_loop(
        fb, open="open_ticket", value="value", high_value_min=dash.high_value_min, days=14
    )
    keep = ["priority", "customer_id", "segment", "nps", "value", "high_value", "reasons", "respond_by"]
    pd.testing.assert_frame_equal(
        dash.queue[keep].reset_index(drop=True), expected_q[keep].reset_index(drop=True), check_dtype=False
    )


def test_small_selection_shows_no_dishonest_driver(dash):
    # 2024-Q1, B2B: a handful of comments. Before, the panel listed themes whose writers score
    # higher (+20, +33), "- to - (few)" for one comment and -115.0 to -98.7 for two.
    dash.set(period="2024-Q1", segment="B2B")
    assert dash.drivers_tested is not None
    assert (dash.drivers_tested["n_with"] < 30).all()
    assert dash.drivers is not None
    assert len(dash.drivers) == 0
    from cxkit.dashboard.render import drivers as drivers_panel

    text = drivers_panel(dash)
    assert "No theme with 30 comments or more" in text
    assert "(few)" not in text
    assert "– to –" not in text


def test_scores_are_module_07s_clustered_interval(dash):
    # Module 07: "clustered by customer (1,923 customers)  23.8  3.07  20.74  26.87".
    dash.set(period="all", segment="all")
    r = dash.scores["nps"]
    assert (round(r.value, 1), round(r.low, 2), round(r.high, 2), r.n_clusters) == (23.8, 20.74, 26.87, 1923)


def test_targets_come_from_governance_and_the_cards_say_where_the_score_is(dash):
    assert dash.targets == {"nps": 30.0, "csat": 80.0, "ces": 5.5}
    from cxkit.dashboard.render import scores as cards

    dash.set(period="all", segment="all")
    html = cards(dash)
    # NPS 20.7 to 26.9 lies wholly below +30; CSAT 61.4 to 65.2 below 80%.
    assert "Below target +30" in html
    assert "Below target 80%" in html
    dash.set(period="2025", segment="B2B", owner="all")
    r = dash.scores["nps"]
    verdict = "Below" if r.high < 30 else "Above" if r.low > 30 else "inside the interval"
    assert verdict in re.search(r'data-cxd-target="nps">([^<]*)<', cards(dash)).group(1)


def test_change_from_previous_period_is_compare_nps_clustered(dash, tables):
    dash.set(period="2025-Q4", segment="all")
    assert dash.previous_period == "2025-Q3"
    now, before = _answers(tables, "2025-Q4"), _answers(tables, "2025-Q3")
    now, before = now[now["nps"].notna()], before[before["nps"].notna()]
    expected = compare_nps(now["nps"], before["nps"], cluster=(now["customer_id"], before["customer_id"]))
    got = dash.changes["nps"]
    assert got.cluster is not None
    assert got.shared_clusters == expected.shared_clusters > 0
    assert (got.value, got.low, got.high) == pytest.approx((expected.value, expected.low, expected.high))
    dash.set(period="all")
    assert dash.previous_period is None
    assert dash.changes == {"nps": None, "csat": None, "ces": None}
    dash.set(period="2024")
    assert dash.previous_period is None  # no 2023 in the data


def test_response_rate_is_the_invitations_sent_in_the_period(dash, tables):
    dash.set(period="2025-Q1", segment="B2C")
    s = tables["surveys"]
    sent = s[(s["sent_at"] >= "2025-01-01") & (s["sent_at"] < "2025-04-01") & (s["segment"] == "B2C")]
    expected = response_rate(sent)
    assert (dash.response_rate.value, dash.response_rate.n) == (expected.value, expected.n)


def test_queue_is_the_last_14_days_with_contact_owner_and_overdue(dash, tables):
    from cxkit.service import load_ownership

    dash.set(period="all", segment="all")
    q = dash.queue
    # The whole period's queue held 582 customers back to February 2024; the default window is
    # the last 14 days of the selection.
    assert dash.queue_period_total > 500 > len(q) > 0
    assert dash.queue_since == tables["surveys"]["response_date"].max() - pd.Timedelta(days=14)
    assert (q["last_contact"] >= dash.queue_since).all()
    owners = load_ownership()["responsible"]
    assert (q["owner"] == q["touchpoint"].map(owners)).all()
    assert q["channel"].notna().all()
    assert q["survey_id"].str.startswith("S").all()
    assert (q["overdue"] == (q["respond_by"] < dash.as_of)).all()
    assert q["overdue"].any()
    assert not q["overdue"].all()
    # Value is filled in (module 08's CLV), so "high value" triggers.
    assert q["value"].notna().mean() > 0.9
    assert q["high_value"].any()
    from cxkit.dashboard.render import queue as queue_panel

    assert "overdue" in queue_panel(dash)


def test_customer_value_is_module_08s_clv(tables):
    # Module 08: AS_OF = "2025-12-31", values without their 20% VAT, one BG/NBD per segment (the
    # business customers' with one common drop-out probability: their Beta fit has no maximum), a
    # Gamma-Gamma per segment, 12 periods, 30% margin, 10% a year.
    from cxkit.clv import GammaGamma, fit_by_segment, rfm_summary

    orders, seg = tables["orders"], _seg_of(tables)
    net = orders.assign(value=orders["value"] / 1.2)
    summary = rfm_summary(net, calibration_end="2025-12-31")
    summary["segment"] = seg.reindex(summary.index).astype(str)
    models = fit_by_segment(summary, dropout={"B2B": "common"})
    got = customer_value(orders, seg)
    means = {}
    for name in ("B2C", "B2B"):
        rows = summary[summary["segment"] == name]
        rep = rows[rows["frequency"] > 0]
        gg = GammaGamma().fit(rep["frequency"], rep["monetary_value"])
        expected = gg.clv(
            models[name],
            rows["frequency"],
            rows["recency"],
            rows["T"],
            rows["monetary_value"],
            periods=12,
            margin=0.3,
            discount_rate=1.10 ** (1 / 12) - 1,
        )
        assert got.reindex(rows.index).to_numpy() == pytest.approx(pd.Series(expected).to_numpy())
        means[name] = got.reindex(rows.index).mean()
    # the means module 08 quotes (28.2 and 444.6 EUR of margin)
    assert (round(means["B2C"], 1), round(means["B2B"], 1)) == (28.2, 444.6)


def test_owner_view_keeps_the_owners_touchpoints(dash, tables):
    from cxkit.service import load_ownership

    assert "Logistics" in dash.owners
    assert dash.owners[0] == "all"
    dash.set(period="2025", segment="all", owner="Logistics")
    owners = load_ownership()["responsible"]
    a = _answers(tables, "2025")
    a = a[a["touchpoint"].astype(str).map(owners) == "Logistics"]
    assert dash.counts["answers"] == len(a)
    assert dash.scores["nps"].value == nps(a["nps"], dropna=True).value
    assert "touchpoints of Logistics" in dash.html()
    dash.set(owner="all")
    with pytest.raises(CXConfigError, match="owner 'Logistic'"):
        dash.set(owner="Logistic")


def test_export_is_what_is_shown(dash, tmp_path):
    dash.set(period="2025-Q4", segment="all", owner="all")
    path = dash.to_csv(tmp_path / "shown.csv")
    table = pd.read_csv(path)
    row = table[(table["panel"] == "scores") & (table["item"] == "NPS") & (table["measure"] == "score")]
    assert row["value"].iloc[0] == pytest.approx(dash.scores["nps"].value)
    assert (table["period"] == "2025-Q4").all()
    shown_queue = table[table["panel"] == "queue"]["item"].tolist()
    assert shown_queue == dash.queue["customer_id"].head(10).tolist()
    assert set(table["panel"]) >= {"scores", "drivers", "funnel", "sla", "queue"}
    assert 'download="cx-dashboard-2025-Q4-all-all.csv" href="data:text/csv;base64,' in dash.html()


def test_touchpoint_alerts_follow_the_p_chart():
    from cxkit.dashboard.core import _touchpoint_charts

    # One touchpoint, four months of 20 answers with 1, 1, 1 and 9 detractors: the p-chart's
    # hand-worked example (tests/test_control_limits.py); the fourth month is above its limit.
    months = pd.to_datetime(["2025-01-15", "2025-02-15", "2025-03-15", "2025-04-15"])
    rows = []
    for month, bad in zip(months, [1, 1, 1, 9], strict=True):
        rows += [{"touchpoint": "delivery", "owner": "Logistics", "response_date": month, "nps": 3}] * bad
        rows += [{"touchpoint": "delivery", "owner": "Logistics", "response_date": month, "nps": 9}] * (
            20 - bad
        )
    rows += [{"touchpoint": "website", "owner": "E-commerce", "response_date": months[0], "nps": 0}] * 3
    charts = _touchpoint_charts(pd.DataFrame(rows))
    delivery = charts[charts["touchpoint"] == "delivery"]
    assert delivery["signal"].tolist() == ["", "", "", "above"]
    assert delivery["ucl"].iloc[0] == pytest.approx(38.9531, abs=1e-4)
    # 3 answers (fewer than 10) are not judged, though all are detractors.
    assert charts[charts["touchpoint"] == "website"]["signal"].tolist() == [""]


def test_first_screen_copy_is_never_taken_for_the_live_view(dash):
    from cxkit.dashboard.render import first_screen

    dash.set(period="all", segment="all", owner="all")
    html = first_screen(dash)
    assert "cxd-first" in html
    assert "data-cxd=" not in html
    assert "data-cxd-value" not in html
    assert html.count("<h1>") == 1
    assert "How to read this" in html
    assert 'data-cxd-first-value="nps">23.8<' in html


def test_open_tickets_are_open_now_whatever_the_period_and_the_panel_says_so(dash, tables):
    t = tables["tickets"]
    end = t[["opened_at", "first_response_at", "resolved_at"]].max().max()
    assert dash.tickets_as_of == end
    # A customer who answered in a quarter's queue window (its last 14 days) with a ticket opened
    # before the quarter and never resolved: the ticket is open now, so the queue of that quarter
    # gives the reason "open ticket".
    who = []
    for period in [p for p in dash.periods if "-Q" in p]:
        dash.set(period=period, segment="all")
        start = pd.Period(period.replace("-", ""), freq="Q").start_time
        old_open = t[t["resolved_at"].isna() & (t["opened_at"] < start)]
        answered = _answers(tables, period)
        answered = answered[answered["response_date"] >= dash.queue_since]
        who = sorted(set(old_open["customer_id"]) & set(answered["customer_id"]))
        if who:
            break
    assert who, "the course data has such a customer"
    row = dash.queue[dash.queue["customer_id"] == who[0]]
    assert "open ticket" in row["reasons"].iloc[0]
    from cxkit.dashboard.render import queue

    caption = re.search(r"<caption[^>]*>(.*?)</caption>", queue(dash)).group(1)
    n = len(dash.queue)
    first = f"The first 10 of {n:,}" if n > 10 else f"The {n:,}"
    assert caption.startswith(f"{first} customers to call back from the last 14 days of the selection")
    assert (
        f"Open ticket: still unresolved on {end:%Y-%m-%d}, the end of the ticket data, whatever the period"
        in caption
    )
    assert "whatever the period chosen" in dash.html()


def test_empty_selection_gives_no_numbers_not_an_error(tables):
    t = dict(tables)
    s = t["surveys"]
    # Only B2C answers in 2024: the B2B segment of 2024 has no answer.
    t["surveys"] = s[~((s["segment"] == "B2B") & (s["response_date"].dt.year == 2024))]
    d = Dashboard(t, period="2024", segment="B2B")
    assert d.counts["answers"] == 0
    assert d.scores == {"nps": None, "csat": None, "ces": None}
    assert d.response_rate is None or d.response_rate.n > 0
    assert (d.drivers, d.queue) == (None, None)
    page = d.html()
    assert "no answers in this selection" in page
    assert d.funnel is not None  # the journeys and tickets of 2024's B2B customers are still there


# -- the HTML report ---------------------------------------------------------------------------


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.srcs: list[str] = []
        self.alts: list[str] = []
        self.text: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        a = dict(attrs)
        for key in ("src", "href"):
            if a.get(key):
                self.srcs.append(a[key])
        if tag == "img":
            self.alts.append(a.get("alt") or "")

    def handle_data(self, data):
        self.text.append(data)


def test_to_html_is_one_self_contained_file_with_the_numbers(dash, tmp_path):
    dash.set(period="2025", segment="B2B")
    path = dash.to_html(tmp_path / "report.html")
    page = path.read_text(encoding="utf-8")
    parser = _Page()
    parser.feed(page)
    parser.close()
    assert parser.tags[:2] == ["html", "head"]
    assert parser.srcs
    assert all(s.startswith(("data:image/png;base64,", "data:text/csv;base64,")) for s in parser.srcs)
    assert not re.search(r"https?://", page)
    # One figure, the trend, with the alt text its renderer wrote (other panels are HTML tables).
    assert parser.alts == [trend_figure(dash)[1]]
    text = " ".join(parser.text)
    assert "2025, B2B customers" in text
    for m in ("nps", "csat", "ces"):
        assert score_text(dash.scores[m], m) in text
    r = dash.sla_overall.iloc[0]
    assert f"{r['value']:.1f}%" in text
    assert str(dash.queue.iloc[0]["customer_id"]) in text
    if len(dash.drivers):
        assert dash.drivers.iloc[0]["theme"].replace("_", " ") in text
    else:
        assert "No theme with 30 comments or more" in text


def test_to_html_bad_path(dash, tmp_path):
    with pytest.raises(CXConfigError, match="does not exist"):
        dash.to_html(tmp_path / "nope" / "r.html")
    with pytest.raises(CXConfigError, match="it is a folder"):
        dash.to_html(tmp_path)


def test_trend_alt_text_states_the_finding(dash):
    from cxkit.dashboard.render import trend_figure

    dash.set(period="all", segment="all")
    fig, alt = trend_figure(dash)
    low = dash.trends["nps"]["value"].idxmin()
    assert f"NPS lowest in {low:%b %Y}" in alt
    titles = [ax.get_title() for ax in fig.axes]
    assert titles == ["NPS per month", "CSAT per month", "CES per month"]
    # The governance target is drawn on each (the third line: value, hollow points, target).
    assert [ax.lines[2].get_ydata()[0] for ax in fig.axes] == [30.0, 80.0, 5.5]
    assert [len(ax.lines[0].get_xdata()) for ax in fig.axes] == [
        len(dash.trends[m]) for m in ("nps", "csat", "ces")
    ]


def test_trend_keeps_its_fixed_layout_across_filter_changes(dash):
    # The trend figure is reused; saving it must not give it a layout engine (which would
    # re-place the axes by tight layout and draw the figure twice per save).
    from cxkit.dashboard import render

    dash.set(period="all", segment="all")
    render.trend(dash)
    fig = dash._figures["trend"]
    first = [ax.get_position().bounds for ax in fig.axes]
    for period, segment in (("2025", "B2B"), ("2024-Q1", "B2C"), ("all", "all")):
        dash.set(period=period, segment=segment)
        render.trend(dash)
        assert dash._figures["trend"] is fig
        assert fig.get_layout_engine() is None
        assert [ax.get_position().bounds for ax in fig.axes] == first
    assert first[0][0] == pytest.approx(0.07)  # subplots_adjust(left=0.07): the fixed layout


# -- the view ----------------------------------------------------------------------------------


@pytest.mark.slow
def test_widget_follows_the_core_both_ways(tables):
    d = cxkit.dashboard(tables)
    controls = d.controls
    assert controls["period"].value == "all"
    controls["segment"].value = "B2B"  # as a manager would
    assert d.segment == "B2B"
    html = d._ui["panels"]["scores"].value
    assert f'data-cxd-value="nps">{score_text(d.scores["nps"], "nps")}<' in html
    assert d.scores["nps"].value == nps(_answers(tables, segment="B2B")["nps"], dropna=True).value
    d.set(period="2024")  # from code: the control follows
    assert controls["period"].value == "2024"
    assert "2024, B2B customers" in d._ui["panels"]["header"].value


def test_callable_package_and_lazy_import():
    import cxkit.dashboard.render  # (binds the package name; must stay callable)

    assert callable(cxkit.dashboard)
    assert "dashboard" in dir(cxkit)
    code = "import sys, cxkit; assert 'ipywidgets' not in sys.modules and 'matplotlib' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)
