"""cxkit.clv (issue 30): BG/BB in discrete time, MBG/NBD, and fits on patterns with weights=."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cxkit.clv import (
    BetaGeo,
    BetaGeoBetaBinom,
    GammaGamma,
    ModifiedBetaGeo,
    ParetoNBD,
    load_cdnow,
    load_donations,
    rfm_summary,
)
from cxkit.errors import CXConfigError, CXDataError, CXNotFittedError


@pytest.fixture(scope="module")
def donations() -> pd.DataFrame:
    return load_donations()


@pytest.fixture(scope="module")
def bb(donations) -> BetaGeoBetaBinom:
    d = donations
    return BetaGeoBetaBinom().fit(d["frequency"], d["recency"], d["n_periods"], weights=d["weights"])


@pytest.fixture(scope="module")
def summary() -> pd.DataFrame:
    return load_cdnow(kind="summary")


@pytest.fixture(scope="module")
def mbg(summary) -> ModifiedBetaGeo:
    return ModifiedBetaGeo().fit(summary["frequency"], summary["recency"], summary["T"])


# -- BG/BB ------------------------------------------------------------------------------------------


def test_donations_are_the_published_cohort(donations):
    assert len(donations) == 22
    assert int(donations["weights"].sum()) == 11_104
    assert set(donations["n_periods"]) == {6}


def test_bgbb_pinned_to_fader_hardie_shang_2010(bb):
    # Fader, Hardie & Shang (2010), Marketing Science 29(6): the 1995 donor cohort.
    assert {k: round(v, 3) for k, v in bb.params_.items()} == {
        "alpha": 1.204,
        "beta": 0.750,
        "gamma": 0.657,
        "delta": 2.783,
    }
    assert round(bb.log_likelihood_, 1) == -33225.6
    assert bb.n_customers_ == 11_104


def _bgbb_individual(p: float, theta: float, x: int, tx: int, n: int) -> float:
    """Return the individual-level likelihood: alive throughout, or out before tx + i + 1."""
    alive = p**x * (1 - p) ** (n - x) * (1 - theta) ** n
    dead = sum(p**x * (1 - p) ** (tx - x + i) * theta * (1 - theta) ** (tx + i) for i in range(n - tx))
    return alive + dead


@pytest.mark.parametrize(("x", "tx", "n"), [(0, 0, 6), (1, 1, 6), (2, 4, 6), (6, 6, 6), (3, 3, 9)])
def test_bgbb_likelihood_is_the_integral_over_customers(x, tx, n):
    # Average the individual likelihood (a polynomial in p and theta) over Beta(alpha, beta) x
    # Beta(gamma, delta) by Gauss-Jacobi quadrature, exact for polynomials of degree < 2 x 20.
    from scipy.special import roots_jacobi

    params = np.array([1.3, 0.8, 1.7, 2.5])
    a, b, g, d = params

    def beta_nodes(shape1, shape2):  # nodes and weights of the Beta(shape1, shape2) expectation
        z, w = roots_jacobi(20, shape2 - 1, shape1 - 1)
        return (1 + z) / 2, w / w.sum()

    ps, wp = beta_nodes(a, b)
    thetas, wt = beta_nodes(g, d)
    expected = sum(
        wp[i] * wt[j] * _bgbb_individual(ps[i], thetas[j], x, tx, n) for i in range(20) for j in range(20)
    )
    got = BetaGeoBetaBinom()._loglik(
        params, np.array([x], float), np.array([tx], float), np.array([n], float)
    )
    assert np.exp(got[0]) == pytest.approx(expected, rel=1e-10)


def test_bgbb_on_rows_equals_bgbb_on_patterns(donations, bb):
    rows = donations.loc[donations.index.repeat(donations["weights"])]
    assert len(rows) == 11_104
    on_rows = BetaGeoBetaBinom().fit(rows["frequency"], rows["recency"], 6)  # one n_periods for all
    np.testing.assert_allclose(on_rows.params_, bb.params_, rtol=1e-9)
    assert on_rows.log_likelihood_ == pytest.approx(bb.log_likelihood_, rel=1e-12)


# lifetimes 0.11.3, BetaGeoBetaBinomFitter().fit(..., weights=..., tol=1e-8) on the same file
# (run in .venv-bench-lifetimes; alpha 1.20352, beta 0.749716, gamma 0.656718, delta 2.78344):
# P(alive) with m_periods_in_future 0 and 1, and conditional expected transactions over 5 more.
LIFETIMES_BGBB = [
    # x, tx, P(alive at n), P(alive at n + 1), E[X(n, n + 5)]
    (0, 0, 0.11621815648476039, 0.10813327510958216, 0.07286333894085113),
    (1, 1, 0.07465530769305298, 0.06946180501686049, 0.08569570763928568),
    (3, 5, 0.8241598526229081, 0.7668260001149803, 1.804702963218531),
    (6, 6, 0.9999999999999888, 0.930433577508695, 3.7525442466077985),
    (2, 6, 0.9999999999996582, 0.930433577508387, 1.6688168468353957),
]


@pytest.mark.parametrize(("x", "tx", "alive0", "alive1", "e5"), LIFETIMES_BGBB)
def test_bgbb_predictions_agree_with_lifetimes(bb, x, tx, alive0, alive1, e5):
    # The small differences are lifetimes' tolerance (its estimates differ in the 5th digit).
    assert bb.conditional_probability_alive(x, tx, 6, periods_ahead=0) == pytest.approx(alive0, rel=2e-5)
    assert bb.conditional_probability_alive(x, tx, 6) == pytest.approx(alive1, rel=2e-5)
    assert bb.conditional_expected_purchases(5, x, tx, 6) == pytest.approx(e5, rel=2e-5)


def test_bgbb_dert_is_the_discounted_sum_of_the_expected_transactions(bb):
    x, tx = np.array([0, 1, 3, 6, 2]), np.array([0, 1, 5, 6, 6])
    d = 0.1
    cum = np.array([bb.conditional_expected_purchases(k, x, tx, 6) for k in range(0, 400)])
    by_period = np.diff(cum, axis=0)  # expected transactions at opportunity n + k, k = 1, 2, ...
    discounted = (by_period / (1 + d) ** np.arange(1, 400)[:, None]).sum(axis=0)
    np.testing.assert_allclose(bb.conditional_dert(x, tx, 6, discount_rate=d), discounted, rtol=1e-8)


def test_bgbb_new_customer_is_the_history_of_nothing(bb):
    n = np.array([1.0, 6.0, 20.0])
    new = bb.expected_purchases(n)
    given_nothing = [bb.conditional_expected_purchases(k, 0, 0, 0) for k in n]
    np.testing.assert_allclose(new, given_nothing, rtol=1e-12)
    # in the first opportunity: alive (prob. delta / (gamma + delta)) and transacting (alpha / (alpha + beta))
    a, b, g, d = bb.params_.tolist()
    assert new[0] == pytest.approx(a / (a + b) * d / (g + d), rel=1e-12)


def test_bgbb_predictions_keep_the_series_index(bb, donations):
    d = donations.set_axis([f"pattern {i}" for i in range(22)])
    alive = bb.conditional_probability_alive(d["frequency"], d["recency"], d["n_periods"])
    assert list(alive.index) == list(d.index)
    assert ((alive > 0) & (alive <= 1)).all()


DISCRETE_GOOD = {"frequency": [0, 2, 1], "recency": [0, 5, 3], "n_periods": [6, 6, 6]}


@pytest.mark.parametrize(
    ("change", "match"),
    [
        ({"frequency": [0, 4, 1], "recency": [0, 3, 3]}, "frequency greater than recency"),
        ({"recency": [0, 7, 3]}, "recency after the last opportunity"),
        ({"recency": [2, 5, 3]}, "no repeat transaction"),
        ({"frequency": [0, 2.5, 1]}, "whole number"),
        ({"n_periods": [6, -6, 6]}, "whole number"),
        ({"n_periods": [6, 6]}, "different lengths"),
        ({"frequency": [0, None, 1]}, "blank"),
        ({"frequency": [], "recency": [], "n_periods": []}, "no customers"),
        ({"frequency": [0, 0, 0], "recency": [0, 0, 0]}, "no customer transacted again"),
    ],
)
def test_bgbb_bad_inputs(change, match):
    data = {**DISCRETE_GOOD, **change}
    with pytest.raises(CXDataError, match=match):
        BetaGeoBetaBinom().fit(data["frequency"], data["recency"], data["n_periods"])


def test_bgbb_bad_settings_and_not_fitted(bb):
    with pytest.raises(CXNotFittedError):
        BetaGeoBetaBinom().conditional_probability_alive(1, 1, 6)
    with pytest.raises(CXConfigError, match="discount_rate"):
        bb.conditional_dert(1, 1, 6, discount_rate=0)
    with pytest.raises(CXConfigError, match="periods_ahead"):
        bb.conditional_probability_alive(1, 1, 6, periods_ahead=1.5)


# -- MBG/NBD ------------------------------------------------------------------------------------------

# lifetimes 0.11.3, ModifiedBetaGeoFitter().fit(frequency, recency, T, tol=1e-8) on
# datasets/cdnow/cdnow_customers_summary.csv (run in .venv-bench-lifetimes, 2026-12-07).
LIFETIMES_MBG = {
    "r": 0.5248379429037678,
    "alpha": 6.182991664581961,
    "a": 0.8913561607447598,
    "b": 1.6139994339512103,
}
LIFETIMES_MBG_PREDICTIONS = [
    # x, tx, T, P(alive), E[Y(39) | x, tx, T]
    (0, 0.0, 38.86, 0.3897163397576048, 0.1539536541529037),
    (2, 30.43, 38.86, 0.7061262519052968, 1.2626707916437312),
    (1, 1.71, 38.86, 0.17081963540415498, 0.1887892588964443),
    (0, 0.0, 30.0, 0.41737700898751184, 0.1995494674750194),
    (5, 35.0, 38.0, 0.8342044564265647, 3.201175560377177),
]


def test_mbgnbd_agrees_with_lifetimes_on_cdnow(mbg):
    for k, v in LIFETIMES_MBG.items():
        assert mbg.params_[k] == pytest.approx(v, rel=1e-5), k
    assert mbg.expected_purchases(39) == pytest.approx(1.1822836998084871, rel=1e-6)


@pytest.mark.parametrize(("x", "tx", "T", "alive", "e39"), LIFETIMES_MBG_PREDICTIONS)
def test_mbgnbd_predictions_agree_with_lifetimes(mbg, x, tx, T, alive, e39):
    assert mbg.conditional_probability_alive(x, tx, T) == pytest.approx(alive, rel=1e-6)
    assert mbg.conditional_expected_purchases(39, x, tx, T) == pytest.approx(e39, rel=1e-6)


def test_mbgnbd_no_repeat_buyer_can_be_dead_where_bgnbd_says_alive(mbg, summary):
    bg = BetaGeo().fit(summary["frequency"], summary["recency"], summary["T"])
    assert bg.conditional_probability_alive(0, 0.0, 30.0) == 1.0
    alive = mbg.conditional_probability_alive(np.zeros(3), np.zeros(3), np.array([1.0, 10.0, 38.0]))
    assert (alive < 1).all()
    assert (np.diff(alive) < 0).all()  # falls with the time since the first purchase


def test_mbgnbd_likelihood_by_hand():
    # x = 0: alive through the drop-out chance at time 0 and no purchase in (0, T], or out at once.
    from scipy.special import betaln

    r, alpha, a, b = 0.5, 6.0, 0.9, 1.6
    T = 20.0
    by_hand = b / (a + b) * (alpha / (alpha + T)) ** r + a / (a + b)
    got = ModifiedBetaGeo()._loglik(np.array([r, alpha, a, b]), np.zeros(1), np.zeros(1), np.array([T]))
    assert np.exp(got[0]) == pytest.approx(by_hand, rel=1e-12)
    # x = 2 at tx = 5: the two branches of the likelihood with B(a, b + 3) and B(a + 1, b + 2)
    from scipy.special import gammaln

    x, tx = 2.0, 5.0
    common = np.exp(gammaln(r + x) - gammaln(r) + r * np.log(alpha))
    by_hand = common * (
        np.exp(betaln(a, b + 3) - betaln(a, b)) / (alpha + T) ** (r + x)
        + np.exp(betaln(a + 1, b + 2) - betaln(a, b)) / (alpha + tx) ** (r + x)
    )
    got = ModifiedBetaGeo()._loglik(np.array([r, alpha, a, b]), np.array([x]), np.array([tx]), np.array([T]))
    assert np.exp(got[0]) == pytest.approx(by_hand, rel=1e-12)


@pytest.mark.parametrize("dropout", ["beta", "common"])
def test_mbgnbd_gradient_is_the_derivative_of_the_likelihood(summary, dropout):
    model = ModifiedBetaGeo(dropout=dropout)
    theta = np.array([0.5, 6.0, 0.9, 1.6]) if dropout == "beta" else np.array([0.5, 6.0, 0.3])
    data = [summary[c].to_numpy(dtype=float) for c in ("frequency", "recency", "T")]
    g = model._grad(theta, *data)
    for k in range(len(theta)):
        step = np.eye(len(theta))[k] * 1e-6
        numeric = (model._loglik(theta + step, *data) - model._loglik(theta - step, *data)) / 2e-6
        np.testing.assert_allclose(g[:, k], numeric, rtol=1e-5, atol=1e-6)


def test_mbgnbd_new_customer_and_common_dropout(mbg, summary):
    # E[X(t)] of a new customer is the expectation given the history (0, 0, 0)
    assert mbg.expected_purchases(39) == pytest.approx(
        mbg.conditional_expected_purchases(39, 0, 0.0, 0.0), rel=1e-10
    )
    common = ModifiedBetaGeo(dropout="common").fit(summary["frequency"], summary["recency"], summary["T"])
    assert common.expected_purchases(39) == pytest.approx(
        common.conditional_expected_purchases(39, 0, 0.0, 0.0), rel=1e-10
    )


# -- fits on patterns: weights= -----------------------------------------------------------------------


def _patterns(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    return frame.groupby(columns, as_index=False).size().rename(columns={"size": "weights"})


@pytest.mark.parametrize("model", [BetaGeo, ModifiedBetaGeo, ParetoNBD, lambda: BetaGeo(dropout="common")])
def test_purchase_models_on_patterns_equal_the_fit_on_rows(model, summary):
    cols = ["frequency", "recency", "T"]
    patterns = _patterns(summary, cols)
    assert len(patterns) < len(summary)
    on_rows = model().fit(summary["frequency"], summary["recency"], summary["T"])
    on_patterns = model().fit(
        patterns["frequency"], patterns["recency"], patterns["T"], weights=patterns["weights"]
    )
    np.testing.assert_allclose(on_patterns.params_, on_rows.params_, rtol=1e-9)
    assert on_patterns.log_likelihood_ == pytest.approx(on_rows.log_likelihood_, rel=1e-12)
    assert on_patterns.n_customers_ == on_rows.n_customers_ == 2357


def test_weights_count_customers_and_zero_weights_drop_rows(summary):
    # every other customer twice, the rest not at all
    w = np.where(np.arange(len(summary)) % 2 == 0, 2.0, 0.0)
    weighted = BetaGeo().fit(summary["frequency"], summary["recency"], summary["T"], weights=w)
    kept = summary.iloc[::2]
    doubled = pd.concat([kept, kept])
    on_rows = BetaGeo().fit(doubled["frequency"], doubled["recency"], doubled["T"])
    np.testing.assert_allclose(weighted.params_, on_rows.params_, rtol=1e-9)
    assert weighted.n_customers_ == len(doubled)


def test_gamma_gamma_on_patterns_equals_the_fit_on_rows():
    s = rfm_summary(load_cdnow(), calibration_end="1997-09-30", count_zero_value=True)
    repeat = s[s["frequency"] > 0]
    patterns = _patterns(repeat, ["frequency", "monetary_value"])
    on_rows = GammaGamma().fit(repeat["frequency"], repeat["monetary_value"])
    on_patterns = GammaGamma().fit(
        patterns["frequency"], patterns["monetary_value"], weights=patterns["weights"]
    )
    np.testing.assert_allclose(on_patterns.params_, on_rows.params_, rtol=1e-7)


@pytest.mark.parametrize(
    ("weights", "match"),
    [
        ([1, -1, 1], "negative weight"),
        ([1, 1], "different lengths"),
        ([0, 0, 0], "all 0|every weight is 0"),
        ([1, None, 1], "blank"),
    ],
)
@pytest.mark.parametrize("model", [BetaGeo, ModifiedBetaGeo, ParetoNBD, BetaGeoBetaBinom])
def test_bad_weights(model, weights, match):
    data = {"frequency": [0, 2, 1], "recency": [0, 5, 3], "T": [10, 10, 8]}
    with pytest.raises(CXDataError, match=match) as info:
        model().fit(data["frequency"], data["recency"], data["T"], weights=weights)
    assert "weights" in str(info.value)


def test_bad_weights_for_gamma_gamma():
    with pytest.raises(CXDataError, match="negative weight"):
        GammaGamma().fit([1, 2, 3], [10.0, 20.0, 30.0], weights=[1, -1, 1])


def test_unique_rows_by_hashing_equals_numpy_unique():
    from cxkit.stats.mle import unique_rows

    rng = np.random.default_rng(3)
    cols = [
        rng.integers(0, 5, 2000).astype(float),
        rng.integers(0, 7, 2000) / 7,
        rng.integers(0, 3, 2000) * 1.5,
    ]
    data, counts = unique_rows(*cols)
    uniq, expected = np.unique(np.column_stack(cols), axis=0, return_counts=True)
    np.testing.assert_array_equal(np.column_stack(data), uniq)
    np.testing.assert_array_equal(counts, expected)
    # too many combinations for one integer key: the sorting fallback gives the same
    wide = [rng.normal(size=20_000).round(4) for _ in range(5)]
    wide = [np.concatenate([c, c[:10]]) for c in wide]  # 10 duplicated rows
    data, counts = unique_rows(*wide, weights=np.arange(20_010) % 3)
    keep = np.arange(20_010) % 3 > 0
    uniq, inverse = np.unique(np.column_stack(wide)[keep], axis=0, return_inverse=True)
    np.testing.assert_array_equal(np.column_stack(data), uniq)
    np.testing.assert_array_equal(counts, np.bincount(inverse.ravel(), weights=(np.arange(20_010) % 3)[keep]))
