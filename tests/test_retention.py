"""cxkit.retention: rates (hand-worked), cohort tables (hand-worked), the sBG model (the paper)."""

from __future__ import annotations

import matplotlib
import numpy as np
import pandas as pd
import pytest

from cxkit.errors import CXConfigError, CXDataError, CXNotFittedError
from cxkit.retention import (
    ShiftedBetaGeometric,
    churn_rate,
    cohort_table,
    plot_cohort_table,
    repeat_purchase_rate,
    retention_rate,
)

matplotlib.use("Agg")


def test_lazy_exports():
    import cxkit.retention as ret

    assert {"retention_rate", "cohort_table", "ShiftedBetaGeometric"} <= set(dir(ret))
    with pytest.raises(AttributeError):
        ret.nope  # noqa: B018


# -- rates --------------------------------------------------------------------------------------


def test_retention_and_churn_hand_worked():
    # 500 at the start, 80 new, 470 at the end: 470 - 80 = 390 of the 500 stayed (78 %), 110 left.
    r = retention_rate(500, 470, 80)
    c = churn_rate(500, 470, 80)
    assert r.value == pytest.approx(78.0)
    assert c.value == pytest.approx(22.0)
    assert r.counts == {"retained": 390, "lost": 110}
    assert r.n == 500
    assert r.unit == "%"
    assert r.low < 78 < r.high
    # Wilson, as cxkit.stats computes it: 95 % interval for 390/500.
    z = 1.959963984540054
    p, n = 0.78, 500
    centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
    half = z / (1 + z**2 / n) * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2))
    assert r.low == pytest.approx(100 * (centre - half))
    assert c.low == pytest.approx(100 - r.high)


def test_retention_edges():
    assert retention_rate(10, 10, 0).value == 100.0
    assert retention_rate(10, 5, 5).value == 0.0
    assert churn_rate(1, 0, 0).value == 100.0


@pytest.mark.parametrize(
    ("S", "E", "N", "match"),
    [
        (0, 5, 5, "no customers at the start"),
        (10, 5, 6, "more new customers"),
        (10, 30, 5, "E - N"),
        (-1, 5, 0, "S"),
        (10.5, 5, 0, "S"),
        ("10", 5, 0, "S"),
    ],
)
def test_retention_bad_inputs(S, E, N, match):
    with pytest.raises(CXDataError, match=match):
        retention_rate(S, E, N)
    with pytest.raises(CXDataError, match=match):
        churn_rate(S, E, N)


def test_retention_bad_confidence():
    with pytest.raises(CXConfigError, match="confidence"):
        retention_rate(10, 5, 0, confidence=95)


ORDERS = pd.DataFrame(
    {
        "customer_id": ["a", "a", "a", "b", "b", "c", "d", "d"],
        "timestamp": [
            "2024-01-05",
            "2024-01-05 18:00",  # same day: one purchase
            "2024-03-01",
            "2024-01-20",
            "2024-02-02",
            "2024-02-14",
            "2024-02-20",
            "2024-02-21",
        ],
        "value": [10, 5, 20, 30, 40, 50, 60, 70],
    }
)


def test_repeat_purchase_rate_hand_worked():
    # a: 2 days, b: 2 days, c: 1, d: 2 days -> 3 of 4.
    r = repeat_purchase_rate(ORDERS)
    assert r.value == pytest.approx(75.0)
    assert r.counts == {"repeat": 3, "one_time": 1}
    # Up to 2024-02-01, only a (one day) and b (one day): 0 of 2.
    assert repeat_purchase_rate(ORDERS, end="2024-02-01").value == 0.0


def test_cohort_table_hand_worked():
    counts = cohort_table(ORDERS, values="count")
    # Cohort 2024-01: a, b (2 customers). Month 0: both; month 1 (Feb): b; month 2 (Mar): a.
    # Cohort 2024-02: c, d. Month 0: both; month 1 (Mar): none. Month 2 would be April: unseen.
    assert list(counts.index) == ["2024-01", "2024-02"]
    assert list(counts.columns) == ["customers", 0, 1, 2]
    assert counts.loc["2024-01"].tolist() == [2, 2, 1, 1]
    assert counts.loc["2024-02", [0, 1]].tolist() == [2, 0]
    assert np.isnan(counts.loc["2024-02", 2])
    rates = cohort_table(ORDERS)
    assert rates.loc["2024-01", [0, 1, 2]].tolist() == [100.0, 50.0, 50.0]
    assert rates.loc["2024-02", 1] == 0.0
    # An end date leaves later orders out and blanks the unobserved months.
    cut = cohort_table(ORDERS, values="count", end="2024-02-28")
    assert list(cut.columns) == ["customers", 0, 1]
    assert cut.loc["2024-01", 1] == 1
    assert np.isnan(cut.loc["2024-02", 1])
    assert list(cohort_table(ORDERS, max_months=1).columns) == ["customers", 0, 1]


@pytest.mark.parametrize(
    ("orders", "kwargs", "match"),
    [
        (ORDERS.drop(columns="timestamp"), {}, "timestamp"),
        (ORDERS, {"customer": "client"}, "client"),
        (
            ORDERS.assign(timestamp=["2024-01-05", "soon", *ORDERS["timestamp"][2:]]),
            {},
            "cannot be read as a date",
        ),
        (ORDERS.assign(customer_id=[None, *ORDERS["customer_id"][1:]]), {}, "blank customer"),
        (ORDERS, {"end": "2023-01-01"}, "no orders"),
        ([1, 2], {}, "DataFrame"),
    ],
)
def test_cohort_table_bad_inputs(orders, kwargs, match):
    with pytest.raises(CXDataError, match=match):
        cohort_table(orders, **kwargs)


def test_cohort_table_bad_values_option():
    with pytest.raises(CXConfigError, match="'rate', 'count'"):
        cohort_table(ORDERS, values="share")


def test_cohort_heat_map_draws_the_table():
    import matplotlib.pyplot as plt

    from cxkit import style

    table = cohort_table(ORDERS)
    fig = plot_cohort_table(table)
    ax = fig.axes[0]
    assert ax.get_xlabel() == "Months since first order"
    assert "% of the cohort" in ax.get_title()
    texts = [t.get_text() for t in ax.texts]
    assert texts.count("100") == 2
    assert "50" in texts
    assert len(texts) == 5  # the unobserved cell stays blank
    assert [t.get_text() for t in ax.get_yticklabels()] == ["2024-01 (n=2)", "2024-02 (n=2)"]
    assert all(t.get_fontsize() >= style.MIN_FONT_PT for t in ax.texts)
    plt.close(fig)
    with pytest.raises(CXDataError, match="cohort table"):
        plot_cohort_table(pd.DataFrame({"x": [1]}))


# -- shifted-beta-geometric ---------------------------------------------------------------------

REGULAR = [1000, 631, 468, 382, 326, 289, 262, 241]
HIGH_END = [1000, 869, 743, 653, 593, 551, 517, 491]


@pytest.mark.parametrize(("survivors", "alpha", "beta"), [(REGULAR, 0.704, 1.182), (HIGH_END, 0.668, 3.806)])
def test_sbg_pinned_to_fader_hardie_2007(survivors, alpha, beta):
    model = ShiftedBetaGeometric().fit(survivors)
    assert model is not None
    assert list(model.params_.index) == ["alpha", "beta"]
    assert round(model.params_["alpha"], 3) == alpha
    assert round(model.params_["beta"], 3) == beta
    assert model.n_customers_ == 1000
    se = model.standard_errors_
    assert 0 < se["alpha"] < alpha
    assert 0 < se["beta"] < beta


def test_sbg_survival_and_retention_follow_the_formulas():
    model = ShiftedBetaGeometric().fit(REGULAR)
    a, b = model.params_["alpha"], model.params_["beta"]
    # S(1) = b / (a + b); S(2) = S(1) * (b + 1) / (a + b + 1).
    s = model.survival([0, 1, 2])
    assert s == pytest.approx([1.0, b / (a + b), b / (a + b) * (b + 1) / (a + b + 1)])
    assert model.retention_rate(1) == pytest.approx(b / (a + b))
    r = model.retention_rate([1, 2, 3, 4])
    assert np.all(np.diff(r) > 0)  # retention rises as the likely churners leave first
    assert model.survival(7) == pytest.approx(0.241, abs=0.01)  # close to the 241 observed


@pytest.mark.parametrize(
    ("survivors", "match"),
    [
        ([1000], "fewer than two"),
        ([1000, 1100], "went up"),
        ([1000, -5], "not a count"),
        ([1000, 500.5], "not a count"),
        ([0, 0], "empty cohort"),
        ([100, 100, 100], "nobody churned"),
        ([1000, None], "blank"),
    ],
)
def test_sbg_bad_inputs(survivors, match):
    with pytest.raises(CXDataError, match=match):
        ShiftedBetaGeometric().fit(survivors)


def test_sbg_not_fitted_and_bad_periods():
    with pytest.raises(CXNotFittedError, match="fit"):
        ShiftedBetaGeometric().survival(1)
    model = ShiftedBetaGeometric().fit(REGULAR)
    with pytest.raises(CXDataError, match="period"):
        model.retention_rate(0)
    with pytest.raises(CXDataError, match="period"):
        model.survival(1.5)


def test_plot_cohort_table_leaves_rcparams_alone():
    import matplotlib.pyplot as plt

    before = dict(matplotlib.rcParams)
    fig, ax = plt.subplots()
    out = plot_cohort_table(cohort_table(ORDERS), ax=ax)
    after = dict(matplotlib.rcParams)
    changed = {k for k in before if before[k] != after[k] and before[k] is not after[k]}
    assert not changed, sorted(changed)
    assert out is fig
    plt.close(fig)


def test_cohort_table_takes_keyword_only_options():
    import inspect

    for p in list(inspect.signature(cohort_table).parameters.values())[1:]:
        assert p.kind is inspect.Parameter.KEYWORD_ONLY, p.name
    renamed = ORDERS.rename(columns={"customer_id": "who", "timestamp": "when"})
    pd.testing.assert_frame_equal(
        cohort_table(renamed, customer="who", timestamp="when"), cohort_table(ORDERS)
    )


def test_cohort_rates_by_hand_with_wilson_intervals_and_too_small_flags():
    from cxkit.retention import cohort_rates

    orders = pd.DataFrame(
        {
            "customer_id": ["a", "a", "b", "c", "d", "d"],
            "timestamp": ["2024-01-03", "2024-02-10", "2024-01-20", "2024-01-25", "2024-02-02", "2024-03-01"],
        }
    )
    table = cohort_rates(orders, min_n=3)
    # cohort 2024-01 (a, b, c): month 1, one of three (a); month 2, none; cohort 2024-02 (d): month 1, d
    assert table.index.tolist() == [("2024-01", 1), ("2024-01", 2), ("2024-02", 1)]
    row = table.loc[("2024-01", 1)]
    z = 1.959963984540054
    p, n = 1 / 3, 3
    centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
    half = z / (1 + z**2 / n) * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2))
    assert row["value"] == pytest.approx(100 / 3)
    assert row["low"] == pytest.approx(100 * (centre - half))
    assert row["high"] == pytest.approx(100 * (centre + half))
    assert (row["n"], row["count"], row["too_small"]) == (3, 1, False)
    assert table.loc[("2024-02", 1), "too_small"]  # a cohort of one customer
    assert table.loc[("2024-01", 2), "value"] == 0
    # the same numbers as cohort_table's cells
    wide = cohort_table(orders)
    assert table.loc[("2024-01", 1), "value"] == pytest.approx(wide.loc["2024-01", 1])
    assert list(table.columns[:8]) == [
        "value",
        "n",
        "low",
        "high",
        "moe",
        "too_small",
        "method",
        "confidence",
    ]
    with pytest.raises(CXConfigError, match="method"):
        cohort_rates(orders, method="nope")
