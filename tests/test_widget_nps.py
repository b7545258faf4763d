"""Tests of the NPS simulator: the plain-Python core, and the widget driven through its controls."""

from __future__ import annotations

import pytest

from cxkit.errors import CXConfigError, CXDataError
from cxkit.metrics import nps_from_counts
from cxkit.style import SCORE_COLORS
from cxkit.widgets import NPSSimulator


def test_lazy_export():
    import cxkit.widgets as widgets

    assert widgets.NPSSimulator is NPSSimulator
    assert "NPSSimulator" in dir(widgets)
    with pytest.raises(AttributeError):
        widgets.Nope  # noqa: B018


# -- core ---------------------------------------------------------------------------------------


def test_core_result_matches_metrics():
    sim = NPSSimulator(promoters=291, passives=476, detractors=395)
    assert sim.result == nps_from_counts(291, 476, 395)
    assert sim.n == 1162
    assert round(sim.result.moe, 1) == 4.4
    sim.set(method="adjusted_wald")
    assert sim.result == nps_from_counts(291, 476, 395, method="adjusted_wald")


def test_core_set_is_chainable_and_validates():
    sim = NPSSimulator()
    assert sim.set(promoters=10, passives=0, detractors=0) is sim
    assert sim.result.value == 100
    assert sim.shares == {"promoters": 100.0, "passives": 0.0, "detractors": 0.0}
    with pytest.raises(CXDataError, match="promoters"):
        sim.set(promoters=-1)
    with pytest.raises(CXDataError, match="detractors"):
        sim.set(detractors=2.5)
    with pytest.raises(CXConfigError, match="'wald', 'adjusted_wald', 'bootstrap'"):
        sim.set(method="exact")
    with pytest.raises(CXConfigError):
        sim.set(confidence=1.5)
    assert sim.counts == {"promoters": 10, "passives": 0, "detractors": 0}  # failed sets change nothing


def test_core_zero_answers():
    sim = NPSSimulator(0, 0, 0)
    assert sim.result is None
    assert "No answers" in sim.readout_text()
    assert sim.bar_html()  # still draws (an empty bar)


def test_core_shares_and_margin_curve():
    sim = NPSSimulator().set_shares(400, promoters=45, detractors=15)
    assert sim.counts == {"promoters": 180, "passives": 160, "detractors": 60}
    ns, moe = sim.margin_curve([100, 400, 1600])
    assert moe[0] == pytest.approx(2 * moe[1]) and moe[1] == pytest.approx(2 * moe[2])  # 1/sqrt(n)
    assert moe[1] == pytest.approx(sim.result.moe)
    assert "quadrupling n halves it" in sim.margin_alt()


def test_bar_is_labelled_and_colour_blind_safe():
    html = NPSSimulator(50, 30, 20).bar_html()
    for label in ("Promoters (9-10): 50 (50%)", "Passives (7-8): 30 (30%)", "Detractors (0-6): 20 (20%)"):
        assert label in html
    for color in SCORE_COLORS.values():
        assert color in html
    assert 'role="img"' in html and "aria-label" in html


def test_margin_figure_has_axes_labels():
    fig = NPSSimulator(50, 30, 20).margin_figure()
    ax = fig.axes[0]
    assert "Margin of error" in ax.get_ylabel() and "n" in ax.get_xlabel()
    assert ax.get_title()


# -- widget -------------------------------------------------------------------------------------


def test_widget_sliders_drive_readout():
    sim = NPSSimulator(promoters=30, passives=40, detractors=30)
    tabs = sim.widget()
    assert sim.widget() is tabs  # built once
    assert tabs.get_title(1) == "How n changes the margin"
    assert "NPS = 0.0 points" in sim.readout.value
    before = sim.readout.value
    sim.sliders["promoters"].value = 70
    assert sim.promoters == 70
    assert sim.result.value == pytest.approx(100 * 40 / 140)
    assert sim.readout.value != before
    assert "NPS = 28.6 points" in sim.readout.value
    sim.sliders["detractors"].value = 140
    assert "NPS = -28.0 points" in sim.readout.value
    assert "Detractors (0-6): 140" in sim._ui["bar"].value


def test_widget_method_menu_changes_interval():
    sim = NPSSimulator(promoters=4, passives=3, detractors=3)
    sim.widget()
    assert "-41.5 to 61.5 (Wald)" in sim.readout.value
    sim.method_menu.value = "adjusted_wald"
    assert sim.method == "adjusted_wald"
    assert "-36.1 to 51.4 (adjusted Wald)" in sim.readout.value
    sim.method_menu.value = "bootstrap"
    assert "(bootstrap)" in sim.readout.value


def test_core_set_moves_the_sliders():
    sim = NPSSimulator()
    sim.widget()
    sim.set(promoters=5000)  # beyond the slider's range: the range grows
    assert sim.sliders["promoters"].value == 5000
    assert sim.sliders["promoters"].max >= 5000
    sim.set(method="adjusted_wald")
    assert sim.method_menu.value == "adjusted_wald"


def test_margin_tab_draws_chart_with_alt_text_only_when_shown():
    sim = NPSSimulator(50, 30, 20)
    tabs = sim.widget()
    assert sim._ui["chart"].value == ""  # not drawn while hidden
    tabs.selected_index = 1
    chart = sim._ui["chart"].value
    assert "<img" in chart and 'alt="Line chart: the NPS margin of error' in chart
    sim.sliders["promoters"].value = 200  # visible: redrawn live
    assert sim._ui["chart"].value != chart


def test_update_time_is_reported(capsys):
    sim = NPSSimulator(291, 476, 395)
    sim.widget()
    seconds = {}
    for method in ("wald", "adjusted_wald", "bootstrap"):
        sim.set(method=method)
        seconds[method] = sim.update_seconds()
    sim.set(method="wald")
    sim.tabs.selected_index = 1  # the chart tab showing: each move also re-draws the PNG chart
    seconds["wald + margin chart"] = sim.update_seconds(repeats=10)
    with capsys.disabled():
        print("\nNPS simulator update (median of 10-20 slider moves): "
              + ", ".join(f"{k} {v * 1000:.1f} ms" for k, v in seconds.items()))
