"""Tests of the journey explorer: the plain-Python core, and the widget driven through its controls."""

from __future__ import annotations

import pandas as pd
import pytest

from cxkit.data import load
from cxkit.errors import CXConfigError
from cxkit.journey import flows, funnel
from cxkit.widgets import JourneyExplorer
from cxkit.widgets.journey_explorer import ALL, PROSPECT, STAGES, TAB_TITLES


@pytest.fixture(scope="module")
def data() -> dict[str, pd.DataFrame]:
    return {"events": load("events"), "customers": load("customers")}


@pytest.fixture
def ex(data) -> JourneyExplorer:
    return JourneyExplorer(data["events"], data["customers"])


def _cases(data, *, segment=None, channel=None, start=None, end=None) -> pd.Series:
    """Return the journeys a filter selects, by plain pandas: the reference for the explorer."""
    e = data["events"].sort_values(["case_id", "timestamp"], kind="stable")
    first = e.groupby("case_id").head(1).set_index("case_id")
    seg = first["customer_id"].map(data["customers"].set_index("customer_id")["segment"].astype(str))
    seg = seg.fillna(PROSPECT)
    keep = pd.Series(True, index=first.index)
    if segment:
        keep &= seg == segment
    if channel:
        keep &= first["channel"].astype(str) == channel
    month = first["timestamp"].dt.to_period("M")
    if start:
        keep &= month >= pd.Period(start, "M")
    if end:
        keep &= month <= pd.Period(end, "M")
    return keep[keep].index.to_series()


def test_lazy_export():
    import cxkit.widgets as widgets

    assert widgets.JourneyExplorer is JourneyExplorer
    assert "JourneyExplorer" in dir(widgets)


def test_choices(ex):
    assert ex.segments == [ALL, "B2B", "B2C", PROSPECT]
    assert ex.channels[0] == ALL
    assert {"web", "app", "store"} <= set(ex.channels)
    assert str(ex.months[0]) == "2024-01"
    assert str(ex.months[-1]) == "2025-12"


def test_default_is_the_whole_log(ex, data):
    assert ex.n_cases == data["events"]["case_id"].nunique()
    expected = funnel(data["events"], stages=list(STAGES), activity="stage")
    got = ex.funnel_table
    assert got["cases"].tolist() == expected["cases"].tolist()
    assert "decision → purchase" in ex.summary_text()


@pytest.mark.parametrize(
    "filters",
    [
        {"segment": "B2B"},
        {"segment": PROSPECT},
        {"channel": "store"},
        {"segment": "B2C", "channel": "web", "start": "2025-03", "end": "2025-05"},
    ],
)
def test_filters_match_plain_pandas(ex, data, filters):
    ex.set(**filters)
    cases = _cases(data, **filters)
    assert ex.n_cases == len(cases)
    sub = data["events"][data["events"]["case_id"].isin(cases)]
    expected = funnel(sub, stages=list(STAGES), activity="stage")
    assert ex.funnel_table["cases"].tolist() == expected["cases"].tolist()
    exp_flow = flows(sub, activity="stage", steps=5)
    assert ex.flow_table["cases"].sum() == exp_flow["cases"].sum()


def test_set_validates_and_changes_nothing_on_error(ex):
    ex.set(segment="B2B")
    with pytest.raises(CXConfigError, match="'All', 'B2B', 'B2C', 'prospect'"):
        ex.set(segment="B2b2")
    with pytest.raises(CXConfigError, match="channel"):
        ex.set(channel="fax")
    with pytest.raises(CXConfigError, match="not a month of the data"):
        ex.set(start="2023-01")
    with pytest.raises(CXConfigError, match="not a month of the data"):
        ex.set(end="soon")
    with pytest.raises(CXConfigError, match="after end"):
        ex.set(start="2025-06", end="2025-01")
    assert ex.segment == "B2B"
    assert str(ex.start) == "2024-01"


def test_no_matching_journeys(ex):
    ex.set(segment=PROSPECT, channel="phone", start="2024-01", end="2024-01")
    if ex.n_cases == 0:  # no prospect starts on the phone in one month
        assert "No journeys match" in ex.summary_text()
        assert "widen the filters" in ex.funnel_html()
        assert ex.flow_figure() is None


def test_funnel_html_is_labelled(ex):
    html = ex.set(segment="B2C").funnel_html()
    table = ex.funnel_table
    for r in table.itertuples():
        assert f"{r.Index}: {r.cases:,} ({r.from_start_value:.1f}% of the first stage" in html
    assert 'aria-label="Funnel"' in html


def test_b2b_loses_fewer_at_decision_than_b2c(ex):
    b2c = ex.set(segment="B2C").funnel_table.loc["purchase", "drop_off_pct"]
    b2b = ex.set(segment="B2B").funnel_table.loc["purchase", "drop_off_pct"]
    assert b2b < b2c


def test_flow_figure_and_alt(ex, data):
    import matplotlib.pyplot as plt

    fig = ex.set(segment="B2B").flow_figure()
    ax = fig.axes[0]
    assert ax.get_title() == "Stage flows: B2B journeys, started Jan 2024 to Dec 2025"
    texts = [t.get_text() for t in ax.texts]
    assert "Step 1" in texts
    assert any(t.startswith("awareness\n") for t in texts)
    alt = ex.flow_alt()
    assert alt.startswith("Flow diagram of B2B journeys, started Jan 2024 to Dec 2025: ")
    # The number of journeys it states is the number the filter selects (plain pandas).
    assert f": {len(_cases(data, segment='B2B')):,} journeys over their first 5 stage steps; " in alt
    plt.close(fig)


# -- the widget ---------------------------------------------------------------------------------


def test_widget_controls_drive_the_core(ex):
    box = ex.widget()
    assert ex.widget() is box  # built once
    c = ex.controls
    assert list(c["segment"].options) == ex.segments
    c["segment"].value = "B2B"
    assert ex.segment == "B2B"
    assert "B2B journeys" in ex._ui["summary"].value
    c["channel"].value = "web"
    assert ex.channel == "web"
    c["months"].value = (ex.months[3], ex.months[5])
    assert (str(ex.start), str(ex.end)) == ("2024-04", "2024-06")
    assert "Apr 2024 to Jun 2024" in ex._ui["summary"].value
    assert ex._ui["bars"].value == ex.funnel_html()


def test_core_set_moves_the_controls(ex):
    ex.widget()
    ex.set(segment="B2C", channel="app", start="2025-02", end="2025-04")
    c = ex.controls
    assert c["segment"].value == "B2C"
    assert c["channel"].value == "app"
    assert [str(m) for m in c["months"].value] == ["2025-02", "2025-04"]


def test_flow_tab_draws_only_when_shown(ex):
    ex.widget()
    assert ex._ui["chart"].value == ""  # not drawn while the funnel tab shows
    ex.tabs.selected_index = 1
    first = ex._ui["chart"].value
    assert first.startswith('<figure><img src="data:image/png;base64,')
    assert 'alt="Flow diagram of all journeys' in first
    ex.controls["segment"].value = "B2B"
    assert ex._ui["chart"].value != first
    assert 'alt="Flow diagram of B2B journeys' in ex._ui["chart"].value


def test_tab_titles_are_short(ex):
    tabs = ex.tabs
    assert [tabs.get_title(i) for i in range(2)] == list(TAB_TITLES)
    assert all(len(t) <= 16 for t in TAB_TITLES)


def test_update_time_is_measured(ex):
    assert ex.update_seconds(repeats=2) > 0
