"""The CLV explorer: its plain-Python core and the widget driven through its controls."""

from __future__ import annotations

import pytest

from cxkit.clv import BetaGeo, load_cdnow, simple_clv
from cxkit.errors import CXConfigError, CXDataError
from cxkit.widgets import CLVExplorer


@pytest.fixture(scope="module")
def summary():
    return load_cdnow(kind="summary")


@pytest.fixture(scope="module")
def model(summary):
    return BetaGeo().fit(summary["frequency"], summary["recency"], summary["T"])


def test_core_follows_the_formula():
    ex = CLVExplorer(avg_order_value=80, purchase_frequency=3, retention=0.6, margin=0.3, discount_rate=0.1)
    assert ex.clv == pytest.approx(80 * 3 * 0.3 / (1 + 0.1 - 0.6))
    assert ex.set(retention=0.8, margin=0.5, discount_rate=0.0) is ex
    assert ex.clv == pytest.approx(simple_clv(80, 3, retention=0.8, margin=0.5, discount_rate=0.0))
    assert ex.expected_lifetime == pytest.approx(5.0)
    assert ex.customer_state() is None
    assert "CLV = 600.00" in ex.readout_text()


def test_failed_set_changes_nothing():
    ex = CLVExplorer(retention=0.6)
    with pytest.raises(CXDataError, match="margin"):
        ex.set(retention=0.7, margin=1.5)
    assert (ex.retention, ex.margin) == (0.6, 0.3)
    with pytest.raises(CXConfigError, match="Unknown setting"):
        ex.set(churn=0.2)
    with pytest.raises(CXConfigError, match="customer"):
        ex.set(customer="nobody")


def test_customer_picker_shows_the_model(summary, model):
    ex = CLVExplorer(summary=summary, model=model, customers=[1, 2, 3])
    ex.set(customer=1)
    state = ex.customer_state()
    assert state["p_alive"] == pytest.approx(model.conditional_probability_alive(2, 30.43, 38.86))
    assert state["expected_purchases"] == pytest.approx(
        model.conditional_expected_purchases(52, 2, 30.43, 38.86)
    )
    assert "P(alive) = " in ex.readout_text()


def test_widget_controls_drive_the_core(summary, model):
    ex = CLVExplorer(summary=summary, model=model, customers=[1, 2, 3], retention=0.5)
    ex.sliders["retention"].value = 0.75
    assert ex.retention == 0.75
    assert f"CLV = {ex.clv:,.2f}" in ex.readout.value
    ex.picker.value = 2
    assert ex.customer == 2
    p = model.conditional_probability_alive(*summary.loc[2, ["frequency", "recency", "T"]])
    assert f"P(alive) = {p:.0%}" in ex.readout.value
    ex.set(margin=0.4)  # the core pushes back to the controls
    assert ex.sliders["margin"].value == 0.4
    # The slider ranges cover the values the module asks for (90 % retention, 30 % discount).
    assert ex.sliders["retention"].max >= 0.9
    assert ex.sliders["discount_rate"].max >= 0.3


def test_default_model_is_a_bgnbd_fit(summary):
    ex = CLVExplorer(summary=summary.iloc[:400])
    assert isinstance(ex.model, BetaGeo)
    assert ex.customers == list(summary.index[:50])
