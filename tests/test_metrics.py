"""Tests of cxkit.metrics: published values, hand-worked values, bad input, properties, speed."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cxkit import metrics
from cxkit.errors import CXConfigError, CXDataError, CXDataWarning
from cxkit.metrics import (
    ces,
    compare_csat,
    compare_nps,
    csat,
    follow_up_queue,
    nps,
    nps_from_counts,
    response_rate,
    trend,
)

HAND = [0, 3, 6, 7, 8, 8, 9, 9, 10, 10]  # 4 promoters, 3 passives, 3 detractors


# ---------------------------------------------------------------------------------------------
# Published and hand-worked values
# ---------------------------------------------------------------------------------------------


def test_published_nps_check_1162():
    # 291 promoters, 476 passives, 395 detractors (n = 1,162): NPS -8.95, 95% Wald MOE ~ 4.4.
    r = nps_from_counts(291, 476, 395)
    assert r.n == 1162
    assert round(r.value, 2) == -8.95
    assert round(r.moe, 1) == 4.4
    # The exact figures of the trinomial formula.
    p, d = 291 / 1162, 395 / 1162
    se = math.sqrt(((p + d) - (p - d) ** 2) / 1162)
    assert r.moe == pytest.approx(100 * 1.959963984540054 * se, rel=1e-12)
    assert (round(r.low, 2), round(r.high, 2)) == (-13.34, -4.56)
    assert repr(r) == "NPS = -8.95 points (n = 1,162; 95% CI -13.34 to -4.56, Wald)"


def test_published_check_from_scores_equals_counts():
    scores = [10] * 150 + [9] * 141 + [8] * 300 + [7] * 176 + [6] * 200 + [0] * 195
    assert nps(scores) == nps_from_counts(291, 476, 395)


def test_hand_worked_ten_scores_wald():
    # NPS = 100 (4 - 3) / 10 = 10; Var = (0.7 - 0.01) / 10 = 0.069; MOE = 1.96 * sqrt(0.069) * 100.
    r = nps(HAND)
    assert r.value == pytest.approx(10.0)
    assert r.counts == {"promoters": 4, "passives": 3, "detractors": 3}
    assert r.shares == {"promoters": 40.0, "passives": 30.0, "detractors": 30.0}
    assert r.moe == pytest.approx(100 * 1.959964 * math.sqrt(0.069), abs=1e-3)
    assert round(r.moe, 2) == 51.48
    assert (round(r.low, 2), round(r.high, 2)) == (-41.48, 61.48)


def test_hand_worked_ten_scores_adjusted_wald():
    # p~ = 4.75/13, d~ = 3.75/13, Var = ((p~ + d~) - (p~ - d~)^2) / 13, centred on 100 (p~ - d~).
    r = nps(HAND, method="adjusted_wald")
    p, d = 4.75 / 13, 3.75 / 13
    se = math.sqrt(((p + d) - (p - d) ** 2) / 13)
    assert r.value == pytest.approx(10.0)  # the estimate stays the plain NPS
    assert r.low == pytest.approx(100 * (p - d - 1.959963984540054 * se))
    assert r.high == pytest.approx(100 * (p - d + 1.959963984540054 * se))
    assert (round(r.low, 2), round(r.high, 2)) == (-36.06, 51.45)
    assert "adjusted Wald" in repr(r)


def test_adjusted_wald_is_not_degenerate_when_unanimous():
    wald = nps([10] * 12)
    adj = nps([10] * 12, method="adjusted_wald")
    assert wald.low == wald.high == 100  # Wald collapses: the reason Rocks (2016) rejects it here
    assert adj.high == 100 and adj.low < 90


def test_bootstrap_is_reproducible_and_close_to_wald_for_large_n():
    a = nps_from_counts(291, 476, 395, method="bootstrap", seed=1)
    b = nps_from_counts(291, 476, 395, method="bootstrap", seed=1)
    wald = nps_from_counts(291, 476, 395)
    assert a == b
    assert a.low <= a.value <= a.high
    assert a.moe == pytest.approx(wald.moe, rel=0.05)
    assert "bootstrap" in repr(a)


def test_bootstrap_agrees_with_wald_for_large_n():
    # Speed lives in bench/; here only the large-n agreement of the two intervals.
    boot = nps_from_counts(2910, 4760, 3950, method="bootstrap", n_boot=20_000, seed=0)
    wald = nps_from_counts(2910, 4760, 3950)
    assert boot.low == pytest.approx(wald.low, abs=0.3) and boot.high == pytest.approx(wald.high, abs=0.3)


def test_wilson_published_values_newcombe_1998():
    # Newcombe (1998a, Stat Med 17:857-872) single-proportion examples, Wilson score method.
    # 81/263 -> 0.2553 to 0.3662; 15/148 -> 0.0624 to 0.1605; 0/20 -> 0 to 0.1611; 1/29 -> 0.0061 to 0.1718
    for x, n, lo, hi in [(81, 263, 0.2553, 0.3662), (15, 148, 0.0624, 0.1605), (0, 20, 0.0, 0.1611),
                         (1, 29, 0.0061, 0.1718)]:
        r = csat([5] * x + [1] * (n - x))
        assert round(r.low / 100, 4) == lo
        assert round(r.high / 100, 4) == hi


def test_csat_hand_worked():
    r = csat([5, 5, 4, 4, 4, 5, 4, 3, 2, 5])
    z = 1.959963984540054
    centre = (0.8 + z**2 / 20) / (1 + z**2 / 10)
    half = z * math.sqrt(0.016 + z**2 / 400) / (1 + z**2 / 10)
    assert r.value == 80.0
    assert r.low == pytest.approx(100 * (centre - half))
    assert r.high == pytest.approx(100 * (centre + half))
    assert r.mean == pytest.approx(4.1)
    assert r.counts == {"satisfied": 8, "not satisfied": 2}
    assert repr(r) == "CSAT = 80.0% satisfied (n = 10, below min_n = 30; 95% CI 49.0 to 94.3, Wilson)"


def test_csat_wald_and_custom_satisfied():
    r = csat([5, 5, 4, 4, 4, 5, 4, 3, 2, 5], method="wald")
    half = 100 * 1.959963984540054 * math.sqrt(0.8 * 0.2 / 10)
    assert r.low == pytest.approx(80 - half)
    assert r.high == 100  # 80 + 24.8 is truncated to the possible range
    assert csat([5, 4, 3, 2, 1], satisfied=[5]).value == 20.0
    assert csat([7, 6, 5, 1], scale=7).value == 50.0


def test_ces_matches_scipy_t_interval():
    from scipy import stats

    r = ces([7, 6, 5, 4, 3])
    lo, hi = stats.t.interval(0.95, 4, loc=5, scale=stats.sem([7, 6, 5, 4, 3]))
    assert r.value == r.mean == 5.0
    assert (r.low, r.high) == (pytest.approx(lo), pytest.approx(hi))
    assert round(r.moe, 2) == 1.96  # t(0.975, 4) * sqrt(2.5) / sqrt(5) = 2.776 * 0.7071
    assert r.agree == 60.0
    assert r.counts == {"agree": 3, "neutral": 1, "disagree": 1}


def test_ces_single_answer_has_no_interval():
    r = ces([6])
    assert r.value == 6 and math.isnan(r.low) and math.isnan(r.high)


def test_newcombe_published_values():
    # Newcombe (1998b, Stat Med 17:873-890), Table II, method 10 (hybrid score): seven of its
    # eight worked examples (the 6/7 - 2/7 one is left out: its printed value was not re-checked).
    cases = [
        ((56, 70), (48, 80), 0.0524, 0.3339),
        ((9, 10), (3, 10), 0.1705, 0.8090),
        ((5, 56), (0, 29), -0.0381, 0.1926),
        ((0, 10), (0, 20), -0.1611, 0.2775),
        ((0, 10), (0, 10), -0.2775, 0.2775),
        ((10, 10), (0, 20), 0.6791, 1.0000),
        ((10, 10), (0, 10), 0.6075, 1.0000),
    ]
    for (xa, na), (xb, nb), lo, hi in cases:
        c = compare_csat([5] * xa + [1] * (na - xa), [5] * xb + [1] * (nb - xb))
        assert (round(c.low / 100, 4), round(c.high / 100, 4)) == (lo, hi), (xa, na, xb, nb)


def test_compare_csat_pooled_z_test():
    from scipy import stats

    a = [5] * 56 + [1] * 14
    b = [5] * 48 + [1] * 32
    c = compare_csat(a, b, names=("Store", "Web"))
    chi2, p, _, _ = stats.chi2_contingency([[56, 14], [48, 32]], correction=False)
    assert c.p_value == pytest.approx(p)
    assert c.value == pytest.approx(20.0)
    assert (c.n_a, c.n_b) == (70, 80)
    assert c.interpretation.startswith("Store is 20.0 percentage points above Web")
    w = compare_csat(a, b, method="wald")
    assert w.moe == pytest.approx(100 * 1.959963984540054 * math.sqrt(0.8 * 0.2 / 70 + 0.6 * 0.4 / 80))


def test_compare_nps_formula_and_interpretation():
    b2b = nps_from_counts(120, 200, 280)
    b2c = nps_from_counts(300, 400, 300)
    c = compare_nps(b2b, b2c, names=("B2B", "B2C"))
    var = ((0.2 + 280 / 600) - (0.2 - 280 / 600) ** 2) / 600 + (0.6 - 0.0) / 1000
    z = (0.2 - 280 / 600) / math.sqrt(var)
    assert c.value == pytest.approx(100 * (0.2 - 280 / 600))
    assert c.moe == pytest.approx(100 * 1.959963984540054 * math.sqrt(var))
    assert c.p_value == pytest.approx(math.erfc(abs(z) / math.sqrt(2)))
    assert (c.n_a, c.n_b) == (600, 1000)
    assert c.interpretation == "B2B is 26.7 points below B2C; the difference is statistically clear (p < 0.001)."
    assert c.significant


def test_compare_nps_not_significant_wording_and_series_names():
    a = pd.Series([10, 9, 3, 8, 7, 6], name="store")
    b = pd.Series([10, 2, 3, 8, 9, 6], name="web")
    c = compare_nps(a, b)
    assert c.names == ("store", "web")
    assert "could be chance" in c.interpretation
    assert c.low < 0 < c.high


def test_compare_nps_unanimous_groups():
    same = compare_nps([10] * 5, [9] * 7)
    assert same.p_value == 1.0 and same.value == 0.0
    assert "have the same NPS" in same.interpretation


# ---------------------------------------------------------------------------------------------
# Input types
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "scores",
    [
        HAND,
        tuple(HAND),
        np.array(HAND),
        np.array(HAND, dtype=float),
        pd.Series(HAND),
        pd.Series(HAND, dtype="Int64"),
        pd.array(HAND, dtype="Int64"),
        pd.Series(HAND, dtype=object),
        (s for s in HAND),
    ],
    ids=["list", "tuple", "int-array", "float-array", "series", "Int64", "IntegerArray", "object", "generator"],
)
def test_accepts_many_input_types(scores):
    assert nps(scores).value == pytest.approx(10.0)


def test_nullable_int_with_na_needs_dropna():
    s = pd.Series([10, 9, pd.NA, 0], dtype="Int64", name="nps", index=[11, 12, 13, 14])
    with pytest.raises(CXDataError, match=r"column 'nps', row 13: blank score"):
        nps(s)
    r = nps(s, dropna=True)
    assert r.n == 3 and r.n_dropped == 1
    assert nps([10, float("nan"), 3], dropna=True).n == 2


# ---------------------------------------------------------------------------------------------
# Bad input
# ---------------------------------------------------------------------------------------------


def test_out_of_range_names_column_row_value_and_range():
    s = pd.Series([9, 10, 11, 3], name="nps")
    with pytest.raises(CXDataError) as info:
        nps(s)
    msg = str(info.value)
    assert "column 'nps'" in msg and "row 2" in msg and "found 11" in msg and "0 to 10" in msg
    assert isinstance(info.value, ValueError)
    assert info.value.row == 2 and info.value.value == 11


def test_unnamed_input_is_called_scores_and_uses_position():
    with pytest.raises(CXDataError, match=r"column 'scores', row 1: score out of range: found -1"):
        nps([5, -1])


def test_series_error_uses_index_label():
    s = pd.Series([5, 4, 9], index=["a", "b", "c"], name="csat")
    with pytest.raises(CXDataError, match=r"column 'csat', row c: score out of range: found 9; "
                                          r"expected a whole number from 1 to 5"):
        csat(s)


def test_non_numeric_value():
    with pytest.raises(CXDataError, match=r"row 2: not a number .*found 'nine'"):
        nps([9, 10, "nine"])
    with pytest.raises(CXDataError, match="not a number"):
        nps(pd.Series(["9", "10"]))  # text digits are refused too: convert with pd.to_numeric


def test_non_integer_value():
    with pytest.raises(CXDataError, match=r"row 1: not a whole number: found 7.5"):
        nps([9, 7.5])
    with pytest.raises(CXDataError, match="not a whole number"):
        ces([4.2, 5])


def test_booleans_are_not_scores():
    with pytest.raises(CXDataError, match="True/False"):
        nps([True, False])
    with pytest.raises(CXDataError, match="True/False"):
        nps(np.array([True, False]))


def test_empty_input():
    for empty in ([], np.array([], dtype=int), pd.Series([], dtype="Int64", name="nps")):
        with pytest.raises(CXDataError, match="no responses"):
            nps(empty)
    with pytest.raises(CXDataError, match="after dropping blanks"):
        nps(pd.Series([pd.NA, pd.NA], dtype="Int64"), dropna=True)
    with pytest.raises(CXDataError, match="no responses"):
        nps_from_counts(0, 0, 0)


def test_wrong_shapes_and_scalars():
    with pytest.raises(CXDataError, match="single value"):
        nps(9)
    with pytest.raises(CXDataError, match="whole table"):
        nps(pd.DataFrame({"nps": [9, 10]}))
    with pytest.raises(CXDataError, match="one-dimensional"):
        nps(np.array([[9, 10], [1, 2]]))


def test_one_to_ten_scale_is_detected():
    rng = np.random.default_rng(0)
    one_to_ten = rng.integers(1, 11, size=200)
    one_to_ten[:2] = [1, 10]
    with pytest.raises(CXDataError, match=r"1-to-10 scale.*scale_check=False"):
        nps(one_to_ten)
    assert nps(one_to_ten, scale_check=False).n == 200
    # Fewer than 30 answers: too little evidence, no complaint.
    assert nps([1, 10] * 14).n == 28
    # A real 0-10 sample with at least one 0 passes.
    assert nps(np.r_[one_to_ten, 0]).n == 201
    # A happy 0-10 group with a few stray 1s and no 0 is not mistaken for a 1-10 scale.
    happy = np.r_[[1] * 3, [6] * 20, [8] * 40, [9] * 40, [10] * 60]
    assert nps(happy).n == 163


def test_five_or_seven_point_scale_passed_as_nps_is_detected():
    csat_like = [1, 2, 3, 4, 5] * 10
    with pytest.raises(CXDataError, match="1-to-5 scale"):
        nps(csat_like)
    with pytest.raises(CXDataError, match="1-to-7 scale"):
        nps([1, 2, 3, 4, 5, 6, 7] * 5)


def test_csat_passed_to_ces_is_detected_and_ces_off_scale():
    with pytest.raises(CXDataError, match=r"1-to-5 scale.*scale=5"):
        ces([1, 2, 3, 4, 5] * 10)
    assert ces([1, 2, 3, 4, 5] * 10, scale=5).n == 50
    assert ces([1, 2, 3, 4, 5] * 10, scale_check=False).n == 50
    with pytest.raises(CXDataError, match="found 0"):
        ces([0, 7])
    with pytest.raises(CXDataError, match="found 9"):
        csat([9, 10])  # an NPS column passed to csat


def test_unknown_method_metric_lists_choices():
    with pytest.raises(CXConfigError, match="'wald', 'adjusted_wald', 'bootstrap'"):
        nps(HAND, method="exact")
    with pytest.raises(CXConfigError, match="'wilson', 'wald'"):
        csat([5, 4], method="agresti")
    with pytest.raises(CXConfigError, match="'newcombe', 'wald'"):
        compare_csat([5], [4], method="z")
    df = pd.DataFrame({"g": ["a"], "nps": [9]})
    with pytest.raises(CXConfigError, match="'nps', 'csat', 'ces'"):
        metrics.breakdown(df, "nsp", by="g")
    with pytest.raises(CXConfigError, match="confidence"):
        nps(HAND, confidence=95)
    with pytest.raises(CXConfigError, match="scale"):
        csat([5], scale=4)


def test_bad_counts():
    with pytest.raises(CXDataError, match="promoters"):
        nps_from_counts(-1, 3, 4)
    with pytest.raises(CXDataError, match="passives"):
        nps_from_counts(1, 2.5, 4)


# ---------------------------------------------------------------------------------------------
# Result objects
# ---------------------------------------------------------------------------------------------


def test_result_is_frozen_and_has_html():
    r = nps(HAND)
    with pytest.raises(AttributeError):
        r.value = 3  # type: ignore[misc]
    h = r._repr_html_()
    assert '<span style="white-space: nowrap">NPS = 10.00 points</span>' in h
    assert 'promoters: <span style="white-space: nowrap">4 (40.0%)</span>' in h
    assert r.to_dict()["moe"] == r.moe
    assert "CES = 5.00 (n = 5, below min_n = 30; 95% CI 3.04 to 6.96, Student t)" == repr(ces([7, 6, 5, 4, 3]))
    c = compare_nps(HAND, HAND)
    assert "have the same NPS" in c._repr_html_()


def test_moe_is_half_width_for_asymmetric_wilson():
    r = csat([5] * 9 + [1])
    assert r.moe == pytest.approx((r.high - r.low) / 2)
    assert r.high - r.value < r.value - r.low  # Wilson leans towards 50%


# ---------------------------------------------------------------------------------------------
# Property tests
# ---------------------------------------------------------------------------------------------

nps_scores = st.lists(st.integers(0, 10), min_size=1, max_size=200)
methods = st.sampled_from(["wald", "adjusted_wald"])
# Per-test settings (not a global profile: other test files share the session).
relaxed = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


@relaxed
@given(nps_scores, methods)
def test_property_nps_in_range_and_interval_contains_estimate(scores, method):
    r = nps(scores, method=method, scale_check=False)
    assert -100 <= r.low <= r.value <= r.high <= 100


@relaxed
@given(nps_scores, st.randoms(use_true_random=False))
def test_property_permutation_invariance(scores, rnd):
    shuffled = list(scores)
    rnd.shuffle(shuffled)
    assert nps(scores, scale_check=False) == nps(shuffled, scale_check=False)


@relaxed
@given(nps_scores)
def test_property_counts_form_equals_scores_form(scores):
    a = np.asarray(scores)
    P, D = int((a >= 9).sum()), int((a <= 6).sum())
    assert nps(scores, scale_check=False) == nps_from_counts(P, len(a) - P - D, D)


@relaxed
@given(nps_scores)
def test_property_compare_with_itself_is_zero(scores):
    r = nps(scores, scale_check=False)
    c = compare_nps(r, r)
    assert c.value == 0
    assert c.low <= 0 <= c.high
    assert c.p_value == 1.0


@relaxed
@given(st.lists(st.integers(1, 5), min_size=1, max_size=300), st.sampled_from(["wilson", "wald"]),
       st.floats(0.5, 0.999))
def test_property_csat_interval_within_0_100(scores, method, confidence):
    r = csat(scores, method=method, confidence=confidence)
    assert 0 <= r.low <= r.value <= r.high <= 100


@relaxed
@given(st.integers(0, 60), st.integers(1, 60), st.integers(0, 60), st.integers(1, 60))
def test_property_newcombe_within_bounds_and_contains_difference(xa, na, xb, nb):
    xa, xb = min(xa, na), min(xb, nb)
    c = compare_csat([5] * xa + [1] * (na - xa), [5] * xb + [1] * (nb - xb))
    assert -100 <= c.low <= c.value <= c.high <= 100
    assert 0 <= c.p_value <= 1


# ---------------------------------------------------------------------------------------------
# Tables: breakdown, trend, response rate, follow-up queue
# ---------------------------------------------------------------------------------------------


def _survey(n: int = 2000, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    responded = rng.random(n) < 0.4
    score = rng.integers(0, 11, size=n)
    cs = rng.integers(1, 6, size=n)
    ce = rng.integers(1, 8, size=n)
    return pd.DataFrame({
        "segment": pd.Categorical(rng.choice(["B2C", "B2B"], size=n, p=[0.8, 0.2]), categories=["B2C", "B2B"]),
        "touchpoint": pd.Categorical(rng.choice(["web", "app", "store", "phone"], size=n),
                                     categories=["store", "web", "app", "phone", "chat"]),
        "responded": responded,
        "response_date": pd.Series(pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 120, n), "D"))
        .where(responded),
        "nps": pd.Series(score, dtype="Int64").where(responded, pd.NA),
        "csat": pd.Series(cs, dtype="Int64").where(responded, pd.NA),
        "ces": pd.Series(ce, dtype="Int64").where(responded, pd.NA),
    })


def test_breakdown_matches_per_group_functions():
    df = _survey()
    table = metrics.breakdown(df, "nps", by="touchpoint")
    assert list(table.columns[:6]) == ["value", "n", "low", "high", "moe", "too_small"]
    assert list(table.index) == ["store", "web", "app", "phone"]  # category order, observed only
    for group, row in table.iterrows():
        r = nps(df.loc[df["touchpoint"] == group, "nps"], dropna=True)
        assert row["value"] == pytest.approx(r.value)
        assert (row["low"], row["high"], row["moe"]) == (pytest.approx(r.low), pytest.approx(r.high),
                                                          pytest.approx(r.moe))
        assert row["n"] == r.n
    assert table["n_blank"].sum() == int(df["nps"].isna().sum())
    assert table.attrs == {}  # dropped counts live in columns, not in attrs


@pytest.mark.parametrize("metric,func", [("csat", csat), ("ces", ces)])
def test_breakdown_csat_ces_match(metric, func):
    df = _survey()
    table = metrics.breakdown(df, metric, by="segment")
    assert list(table.index) == ["B2C", "B2B"]
    for group, row in table.iterrows():
        r = func(df.loc[df["segment"] == group, metric], dropna=True)
        assert row["value"] == pytest.approx(r.value)
        assert row["low"] == pytest.approx(r.low) and row["high"] == pytest.approx(r.high)


def test_breakdown_two_columns_min_n_and_score_column():
    df = _survey()
    table = metrics.breakdown(df, "nps", by=["segment", "touchpoint"], min_n=100)
    assert table.index.names == ["segment", "touchpoint"]
    assert (table["too_small"] == (table["n"] < 100)).all()
    assert table["n"].sum() == df["nps"].notna().sum()
    renamed = df.rename(columns={"nps": "recommend"})
    t2 = metrics.breakdown(renamed, "nps", by="segment", score_column="recommend")
    pd.testing.assert_series_equal(t2["value"], metrics.breakdown(df, "nps", by="segment")["value"])
    adj = metrics.breakdown(df, "nps", by="segment", method="adjusted_wald")
    b2b = nps(df.loc[df["segment"] == "B2B", "nps"], dropna=True, method="adjusted_wald")
    assert adj.loc["B2B", "low"] == pytest.approx(b2b.low)


def test_breakdown_bad_input():
    df = _survey(200)
    with pytest.raises(CXDataError, match="column 'nsp'.*no such column"):
        metrics.breakdown(df, "nps", by="segment", score_column="nsp")
    with pytest.raises(CXDataError, match="column 'region'"):
        metrics.breakdown(df, "nps", by="region")
    bad = df.copy()
    bad.loc[5, "nps"] = 11
    bad.loc[5, "responded"] = True
    with pytest.raises(CXDataError, match=r"column 'nps', row 5: score out of range: found 11"):
        metrics.breakdown(bad, "nps", by="segment")
    blank = df.assign(nps=pd.array([pd.NA] * len(df), dtype="Int64"))
    with pytest.raises(CXDataError, match="every score is blank"):
        metrics.breakdown(blank, "nps", by="segment")
    with pytest.raises(CXConfigError, match="'wilson', 'wald'"):
        metrics.breakdown(df, "csat", by="segment", method="adjusted_wald")


def test_trend_monthly():
    df = _survey()
    t = trend(df, "nps")
    assert list(t.index) == list(pd.date_range("2024-01-01", periods=4, freq="MS"))
    assert t.index.name == "response_date"
    jan = df[(df["response_date"] >= "2024-01-01") & (df["response_date"] < "2024-02-01")]
    assert t.iloc[0]["value"] == pytest.approx(nps(jan["nps"], dropna=True).value)
    assert t["n"].sum() == df["nps"].notna().sum()
    by_seg = trend(df, "csat", by="segment")
    assert by_seg.index.nlevels == 2
    weekly = trend(df, "ces", freq="W")
    assert weekly["n"].sum() == df["ces"].notna().sum()


def test_trend_bad_input():
    df = _survey(200)
    with pytest.raises(CXDataError, match="not a date-time column"):
        trend(df.assign(response_date=df["response_date"].astype(str)), "nps")
    with pytest.raises(CXConfigError, match="freq"):
        trend(df, "nps", freq="fortnightly")


def test_response_rate():
    r = response_rate(responses=30, invitations=200)
    assert r.value == 15.0 and 0 <= r.low < 15 < r.high
    assert repr(r) == "Response rate = 15.0% (n = 200; 95% CI 10.7 to 20.6, Wilson)"
    df = _survey()
    overall = response_rate(df)
    assert overall.n == len(df) and overall.value == pytest.approx(100 * df["responded"].mean())
    per = metrics.response_rates(df, "segment")
    assert list(per.index) == ["B2C", "B2B"]
    assert per["n"].sum() == len(df)
    with pytest.raises(CXDataError, match="more responses than invitations"):
        response_rate(responses=3, invitations=2)
    with pytest.raises(CXConfigError, match="needs a table"):
        response_rate()
    with pytest.raises(CXDataError, match="column 'responded'.*not True/False"):
        response_rate(pd.DataFrame({"responded": ["yes", "no"]}))


def test_follow_up_queue_rule():
    df = pd.DataFrame({
        "customer_id": ["C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8"],
        "segment": ["B2C", "B2B", "B2C", "B2C", "B2C", "B2C", "B2B", "B2C"],
        "response_date": pd.to_datetime(["2024-03-01", "2024-03-01", "2024-03-05", "2024-03-02",
                                         "2024-03-03", "2024-03-04", "2024-03-01", "2024-03-09"]),
        "nps": pd.array([4, 4, 4, 0, 10, 9, None, 6], dtype="Int64"),
        "csat": pd.array([5, 5, 5, 5, 1, 3, 2, 2], dtype="Int64"),
    })
    q = follow_up_queue(df)
    # C4 and C5 at the bottom of a scale (severity 0): more recent C5 first. Then C7 and C8
    # (CSAT 2 = 0.25): C8 has two flags (NPS 6 too). Then the NPS 4s (0.4): B2B C2 first,
    # then the B2C ones most recent first (C3 on 5 March, C1 on 1 March). C6 is not queued.
    assert list(q["customer_id"]) == ["C5", "C4", "C8", "C7", "C2", "C3", "C1"]
    assert list(q["priority"]) == list(range(1, 8))
    assert q.loc[7, "reason"] == "detractor (NPS 6) and dissatisfied (CSAT 2)"
    assert q.loc[4, "reason"] == "dissatisfied (CSAT 1)"
    assert set(df.columns) < set(q.columns)


def test_follow_up_queue_without_optional_columns_and_errors():
    q = follow_up_queue(pd.DataFrame({"nps": [9, 2, 5]}))
    assert list(q.index) == [1, 2]
    with pytest.raises(CXDataError, match="no score column"):
        follow_up_queue(pd.DataFrame({"x": [1]}))
    with pytest.raises(CXDataError, match="found 12"):
        follow_up_queue(pd.DataFrame({"nps": [9, 12]}))


def test_breakdown_reports_blank_groups():
    df = pd.DataFrame({"g": ["a", None, "a", "b"], "nps": pd.array([9, 10, None, 3], dtype="Int64")})
    with pytest.warns(CXDataWarning, match="1 answers with a blank 'g' were left out"):
        table = metrics.breakdown(df, "nps", by="g", min_n=1)
    assert list(table["n"]) == [1, 1]
    assert list(table["n_blank"]) == [1, 0]


def test_course_surveys():
    # The course data set: no false wrong-scale alarm, and the tables add up.
    from cxkit.data import load

    surveys = load("surveys")
    for metric in ("nps", "csat", "ces"):
        table = metrics.breakdown(surveys, metric, by="touchpoint")
        assert table["n"].sum() == surveys[metric].notna().sum()
        assert ((table["low"] <= table["value"]) & (table["value"] <= table["high"])).all()
    assert trend(surveys, "nps")["n"].sum() == surveys["nps"].notna().sum()
    assert 0 < response_rate(surveys).value < 100
    q = follow_up_queue(surveys)
    assert (q["priority"].diff().dropna() == 1).all()
