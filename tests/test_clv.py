"""cxkit.clv: the simple formula, the RFM summary, and the models pinned to the published CDNOW fits."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cxkit.clv import (
    BetaGeo,
    GammaGamma,
    ModifiedBetaGeo,
    ParetoNBD,
    cohort_value,
    load_cdnow,
    rfm_summary,
    sample_bgnbd,
    sample_gamma_gamma,
    sample_pareto_nbd,
    simple_clv,
)
from cxkit.errors import CXConfigError, CXConvergenceError, CXDataError, CXNotFittedError


@pytest.fixture(scope="module")
def cdnow() -> pd.DataFrame:
    """Return the calibration summary computed from the CDNOW transactions."""
    # The published summary counts CDNOW's 0-dollar orders (free CDs) as purchases.
    return rfm_summary(
        load_cdnow(), calibration_end="1997-09-30", observation_end="1998-06-30", count_zero_value=True
    )


@pytest.fixture(scope="module")
def bg(cdnow) -> BetaGeo:
    return BetaGeo().fit(cdnow["frequency"], cdnow["recency"], cdnow["T"])


@pytest.fixture(scope="module")
def pnbd(cdnow) -> ParetoNBD:
    return ParetoNBD().fit(cdnow["frequency"], cdnow["recency"], cdnow["T"])


def _rounded(params: dict[str, float], digits: int) -> dict[str, float]:
    return {k: round(v, digits) for k, v in params.items()}


# -- simple CLV -----------------------------------------------------------------------------------


def test_simple_clv_hand_worked():
    # 40 € x 5 orders x 25 % margin = 50 € a year.
    assert simple_clv(40, 5, lifespan=4, margin=0.25, discount_rate=0) == pytest.approx(200.0)
    # Discounted at 10 %: 50/1.1 + 50/1.21 + 50/1.331 + 50/1.4641 = 158.49.
    assert simple_clv(40, 5, lifespan=4, margin=0.25, discount_rate=0.1) == pytest.approx(
        sum(50 / 1.1**t for t in range(1, 5))
    )
    # Retention 75 %, no discount: 50 x 1/(1 - 0.75) = 200 (an expected life of 4 years).
    assert simple_clv(40, 5, retention=0.75, margin=0.25, discount_rate=0) == pytest.approx(200.0)
    # Retention 75 %, discount 10 %: 50 / (1 + 0.1 - 0.75) = 142.857; the series summed by hand.
    series = sum(50 * 0.75 ** (t - 1) / 1.1**t for t in range(1, 400))
    assert simple_clv(40, 5, retention=0.75, margin=0.25, discount_rate=0.1) == pytest.approx(series)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"margin": 0.3, "discount_rate": 0.1}, CXConfigError, "exactly one"),
        (
            {"lifespan": 3, "retention": 0.8, "margin": 0.3, "discount_rate": 0.1},
            CXConfigError,
            "exactly one",
        ),
        ({"retention": 1.0, "margin": 0.3, "discount_rate": 0.0}, CXDataError, "retention too high"),
        ({"retention": 1.2, "margin": 0.3, "discount_rate": 0.5}, CXDataError, "retention"),
        ({"lifespan": 3, "margin": 1.3, "discount_rate": 0.1}, CXDataError, "margin"),
        ({"lifespan": -3, "margin": 0.3, "discount_rate": 0.1}, CXDataError, "lifespan"),
        ({"lifespan": 3, "margin": 0.3, "discount_rate": -1}, CXDataError, "discount_rate"),
        ({"lifespan": 3, "margin": "30%", "discount_rate": 0.1}, CXDataError, "margin"),
    ],
)
def test_simple_clv_bad_inputs(kwargs, error, match):
    with pytest.raises(error, match=match):
        simple_clv(50, 4, **kwargs)
    with pytest.raises(CXDataError, match="avg_order_value"):
        simple_clv(-5, 4, lifespan=2, margin=0.3, discount_rate=0.1)


def test_cohort_value_hand_worked():
    orders = pd.DataFrame(
        {
            "customer_id": ["a", "a", "b", "c"],
            "timestamp": ["2024-01-03", "2024-03-10", "2024-01-20", "2024-02-02"],
            "value": [10.0, 30.0, 20.0, 5.0],
        }
    )
    v = cohort_value(orders)
    # Cohort 2024-01 (a, b): month 0: (10 + 20)/2 = 15; month 1: still 15; month 2: (10 + 20 + 30)/2.
    assert v.loc["2024-01", [0, 1, 2]].tolist() == [15.0, 15.0, 30.0]
    assert v.loc["2024-02", [0, 1]].tolist() == [5.0, 5.0]
    assert np.isnan(v.loc["2024-02", 2])
    with pytest.raises(CXDataError, match="value"):
        cohort_value(orders.assign(value=["x", 1, 2, 3]))


# -- RFM summary ----------------------------------------------------------------------------------


def test_rfm_summary_hand_worked():
    tx = pd.DataFrame(
        {
            "customer_id": ["a", "a", "a", "a", "b", "c"],
            "timestamp": ["2024-01-01", "2024-01-08", "2024-01-08", "2024-01-29", "2024-01-15", "2024-02-20"],
            "value": [10.0, 4.0, 6.0, 20.0, 8.0, 3.0],
        }
    )
    s = rfm_summary(tx, calibration_end="2024-01-29", observation_end="2024-02-26")
    # a: first 01-01; repeat days 01-08 (4 + 6 merged) and 01-29 -> x = 2, t_x = 4 weeks, T = 4.
    assert s.loc["a"].to_dict() == {
        "frequency": 2,
        "recency": 4.0,
        "T": 4.0,
        "monetary_value": 15.0,
        "frequency_holdout": 0,
        "monetary_value_holdout": 0.0,
        "duration_holdout": 4.0,
        "n_refunds": 0,
        "n_zero_value": 0,
        "observation_end": pd.Timestamp("2024-02-26"),
    }
    assert s.loc["b", ["frequency", "recency", "T"]].tolist() == [0, 0.0, 2.0]
    assert "c" not in s.index  # first bought after the calibration period
    d = rfm_summary(tx, freq="D")
    assert d.loc["a", "recency"] == 28.0
    assert d.loc["c", "T"] == 0.0


def test_rfm_summary_matches_the_published_cdnow_summary(cdnow):
    published = load_cdnow(kind="summary")
    assert len(cdnow) == 2357
    assert (cdnow["frequency"] == published["frequency"]).all()
    np.testing.assert_allclose(cdnow["recency"], published["recency"], atol=0.005 + 1e-9)
    np.testing.assert_allclose(cdnow["T"], published["T"], atol=0.005 + 1e-9)
    assert (cdnow["frequency"] > 0).sum() == 946  # the repeat buyers of the Gamma-Gamma note
    assert (cdnow["duration_holdout"] == 39).all()


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"freq": "fortnight"}, CXConfigError, "freq"),
        ({"value": "price"}, CXDataError, "price"),
        ({"calibration_end": "2024-03-01", "observation_end": "2024-02-01"}, CXConfigError, "after"),
        ({"calibration_end": "2020-01-01"}, CXDataError, "no customer"),
    ],
)
def test_rfm_summary_bad_inputs(kwargs, error, match):
    tx = pd.DataFrame(
        {"customer_id": ["a", "a"], "timestamp": ["2024-01-01", "2024-02-01"], "value": [1.0, 2.0]}
    )
    with pytest.raises(error, match=match):
        rfm_summary(tx, **kwargs)
    with pytest.raises(CXDataError, match="not a number"):
        rfm_summary(tx.assign(value=["1", "lots"]))


# -- the published CDNOW fits ---------------------------------------------------------------------


def test_bgnbd_pinned_to_fader_hardie_lee_2005(bg):
    assert _rounded(bg.params_, 3) == {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
    assert round(bg.log_likelihood_, 1) == -9582.4
    assert bg.n_customers_ == 2357


def test_bgnbd_on_the_published_summary_file():
    s = load_cdnow(kind="summary")
    model = BetaGeo().fit(s["frequency"], s["recency"], s["T"])
    assert _rounded(model.params_, 3) == {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
    assert round(model.log_likelihood_, 1) == -9582.4


def test_pareto_nbd_pinned_to_fader_hardie_lee_2005(pnbd):
    assert _rounded(pnbd.params_, 3) == {"r": 0.553, "alpha": 10.578, "s": 0.606, "beta": 11.669}
    assert round(pnbd.log_likelihood_, 1) == -9595.0


def test_gamma_gamma_pinned_to_fader_hardie_2013(cdnow):
    repeat = cdnow[cdnow["frequency"] > 0]
    gg = GammaGamma().fit(repeat["frequency"], repeat["monetary_value"])
    assert _rounded(gg.params_, 2) == {"p": 6.25, "q": 3.74, "v": 15.44}
    # Equation (5): a weighted mean of the population mean p v/(q - 1) and the customer's own mean.
    p, q, v = gg.params_.tolist()
    e = gg.conditional_expected_average_value(np.array([1, 10]), np.array([20.0, 20.0]))
    assert e == pytest.approx([p * (v + 20) / (p + q - 1), p * (v + 200) / (10 * p + q - 1)])
    assert gg.conditional_expected_average_value(0, 0.0) == pytest.approx(p * v / (q - 1))


def test_standard_errors_from_the_hessian(bg):
    se = bg.standard_errors_
    assert list(se.index) == ["r", "alpha", "a", "b"]
    # Check against a plain central-difference Hessian of the log-likelihood in (r, alpha, a, b).
    data, w = bg._data
    theta = bg.params_.to_numpy()
    f = lambda th: float(w @ bg._loglik(th, *data))  # noqa: E731
    h = np.zeros((4, 4))
    eps = 1e-4 * theta
    for i in range(4):
        for j in range(4):
            ei, ej = np.eye(4)[i] * eps[i], np.eye(4)[j] * eps[j]
            h[i, j] = (f(theta + ei + ej) - f(theta + ei - ej) - f(theta - ei + ej) + f(theta - ei - ej)) / (
                4 * eps[i] * eps[j]
            )
    expected = np.sqrt(np.diag(np.linalg.inv(-h)))
    assert se.tolist() == pytest.approx(expected, rel=1e-3)
    table = bg.summary()
    assert table["se"].tolist() == se.tolist()
    assert (table["low"] < table["value"]).all()
    assert (table["value"] < table["high"]).all()


def test_bgnbd_gradient_is_the_derivative_of_the_likelihood(bg):
    data, _ = bg._data
    theta = np.array([0.3, 5.0, 0.9, 2.0])
    g = bg._grad(theta, *data)
    for k in range(4):
        step = np.eye(4)[k] * 1e-6
        numeric = (bg._loglik(theta + step, *data) - bg._loglik(theta - step, *data)) / 2e-6
        np.testing.assert_allclose(g[:, k], numeric, rtol=1e-5, atol=1e-6)


def test_identical_customers_are_weighted_once(cdnow):
    # Duplicating every customer doubles the log-likelihood and leaves the estimates unchanged.
    doubled = pd.concat([cdnow, cdnow])
    model = BetaGeo().fit(doubled["frequency"], doubled["recency"], doubled["T"])
    assert model.n_customers_ == 2 * 2357
    assert round(model.log_likelihood_, 1) == round(2 * -9582.43, 1)
    assert len(model._data[1]) == len(np.unique(cdnow[["frequency", "recency", "T"]].to_numpy(), axis=0))


# -- predictions follow the papers' equations -----------------------------------------------------


def test_bgnbd_predictions(bg, cdnow):
    r, alpha, a, b = bg.params_.tolist()
    # BG/NBD: no repeat purchase, no chance to drop out
    assert bg.conditional_probability_alive(0, 0, 30) == 1.0
    # A customer with x = 2, t_x = 30.43, T = 38.86 (customer 1): equation (A.2).
    pa = 1 / (1 + a / (b + 1) * ((alpha + 38.86) / (alpha + 30.43)) ** (r + 2))
    assert bg.conditional_probability_alive(2, 30.43, 38.86) == pytest.approx(pa)
    # Expected purchases of a new customer: E[X(t)] is the sum over customers of a large base.
    sim = sample_bgnbd(r, alpha, a, b, 39.0, n=200_000, seed=3)
    assert sim["frequency"].mean() == pytest.approx(bg.expected_purchases(39.0), rel=0.02)
    # Holdout (weeks 40-78): 1,882 actual repeat purchases; the model expects 1,653 (12 % fewer, as
    # in FHL 2005's tracking plot, where the model runs below the actual curve in 1998).
    pred = bg.conditional_expected_purchases(39, cdnow["frequency"], cdnow["recency"], cdnow["T"])
    assert isinstance(pred, pd.Series)
    assert pred.index.equals(cdnow.index)
    assert cdnow["frequency_holdout"].sum() == 1882
    assert round(pred.sum()) == 1653
    # By calibration frequency, more past purchases -> more expected, as observed.
    by_x = pred.groupby(cdnow["frequency"].clip(upper=7)).mean()
    assert by_x.is_monotonic_increasing


def test_pareto_nbd_likelihood_equals_the_integral_over_customers():
    # The Pareto/NBD likelihood of one customer is the individual likelihood averaged over
    # lambda ~ Gamma(r, alpha) and mu ~ Gamma(s, beta): computed here by Gauss-Legendre quadrature on
    # the two distributions' quantiles, including alpha == beta and alpha within 5e-9 of beta, where
    # the original formula divides by alpha - beta.
    from scipy.special import roots_legendre
    from scipy.stats import gamma

    u, w = roots_legendre(400)
    u, w = (u + 1) / 2, w / 2
    model = ParetoNBD()
    for params in (
        [0.8, 4.0, 1.2, 6.0],
        [0.8, 5.0, 1.2, 5.0],
        [0.8, 5.0, 1.2, 5.0 + 5e-9],
        [1.5, 7.0, 0.7, 3.0],
    ):
        r, alpha, s, beta = params
        lam = gamma.ppf(u, r, scale=1 / alpha)[:, None]
        mu = gamma.ppf(u, s, scale=1 / beta)[None, :]
        for x, tx, T in ((0, 0.0, 10.0), (3, 6.0, 10.0), (2, 10.0, 10.0)):
            individual = lam**x * np.exp(-(lam + mu) * T) + lam**x * mu / (lam + mu) * (
                np.exp(-(lam + mu) * tx) - np.exp(-(lam + mu) * T)
            )
            expected = w @ individual @ w
            got = np.exp(model._loglik(np.array(params), np.array([x]), np.array([tx]), np.array([T])))[0]
            assert got == pytest.approx(expected, rel=1e-7), (params, x, tx, T)


def test_pareto_nbd_near_equal_alpha_beta_is_continuous():
    x, tx, T = np.array([0, 1, 4, 7]), np.array([0.0, 2.0, 20.0, 30.0]), np.array([39.0, 39.0, 39.0, 39.0])
    at = ParetoNBD()._loglik(np.array([0.5, 10.0, 0.6, 10.0]), x, tx, T)
    for eps in (1e-12, 1e-8, 1e-4):
        for sign in (1, -1):
            near = ParetoNBD()._loglik(np.array([0.5, 10.0, 0.6, 10.0 + sign * eps]), x, tx, T)
            assert np.all(np.isfinite(near))
            np.testing.assert_allclose(near, at, atol=10 * eps)


def test_pareto_nbd_predictions(pnbd, cdnow):
    r, alpha, s, beta = pnbd.params_.tolist()
    t = 39.0
    assert pnbd.expected_purchases(t) == pytest.approx(
        r * beta / (alpha * (s - 1)) * (1 - (beta / (beta + t)) ** (s - 1))
    )
    pa = pnbd.conditional_probability_alive(cdnow["frequency"], cdnow["recency"], cdnow["T"])
    assert ((pa > 0) & (pa <= 1)).all()
    # More repeat purchases long ago -> lower P(alive) than the same purchases recently.
    assert pnbd.conditional_probability_alive(5, 5.0, 38.0) < pnbd.conditional_probability_alive(
        5, 37.0, 38.0
    )
    pred = pnbd.conditional_expected_purchases(39, cdnow["frequency"], cdnow["recency"], cdnow["T"])
    assert pred.sum() == pytest.approx(cdnow["frequency_holdout"].sum(), rel=0.15)
    sim = sample_pareto_nbd(r, alpha, s, beta, 39.0, n=200_000, seed=5)
    assert sim["frequency"].mean() == pytest.approx(pnbd.expected_purchases(39.0), rel=0.02)


def test_clv_combines_the_models(bg, cdnow):
    repeat = cdnow[cdnow["frequency"] > 0]
    gg = GammaGamma().fit(repeat["frequency"], repeat["monetary_value"])
    args = (cdnow["frequency"], cdnow["recency"], cdnow["T"], cdnow["monetary_value"])
    clv = gg.clv(bg, *args, periods=12, discount_rate=0.01)
    # By hand for one customer: the discounted monthly increments of E[Y] times E[M].
    i = cdnow.index[0]
    row = cdnow.loc[i]
    cum = [
        bg.conditional_expected_purchases(k * 52 / 12, row["frequency"], row["recency"], row["T"])
        for k in range(13)
    ]
    value = gg.conditional_expected_average_value(row["frequency"], row["monetary_value"])
    assert clv[i] == pytest.approx(value * sum((cum[k] - cum[k - 1]) / 1.01**k for k in range(1, 13)))
    assert (gg.clv(bg, *args, discount_rate=0.05) < clv).all()
    assert gg.clv(bg, *args, margin=0.3).to_numpy() == pytest.approx(0.3 * clv.to_numpy())
    for bad in ({"periods": 0}, {"discount_rate": -2}, {"margin": 2}, {"period_length": 0}):
        with pytest.raises(CXConfigError):
            gg.clv(bg, *args, **bad)
    with pytest.raises(CXConfigError, match="purchase_model"):
        gg.clv(gg, *args)


# -- synthetic bases recover their parameters -----------------------------------------------------


def test_bgnbd_recovers_parameters_from_a_synthetic_base():
    rng = np.random.default_rng(11)
    truth = {"r": 0.5, "alpha": 6.0, "a": 1.2, "b": 3.5}
    T = rng.integers(140, 420, size=10_000) / 7  # whole days, in weeks
    sim = sample_bgnbd(*truth.values(), T, resolution=1 / 7, seed=rng)
    model = BetaGeo().fit(sim["frequency"], sim["recency"], sim["T"])
    se = model.standard_errors_
    for k, v in truth.items():
        assert abs(model.params_[k] - v) < 4 * se[k], (k, model.params_[k], v, se[k])


# -- BG/NBD with one drop-out probability for all (issue 25 item 4) ------------------------------


def _beta_limit(r: float, alpha: float, p: float, k: float = 1e8) -> BetaGeo:
    """Return a BG/NBD whose Beta(a, b) is concentrated at p (a + b = k): the common model's limit."""
    model = BetaGeo()
    model.params_ = pd.Series(
        [r, alpha, p * k, (1 - p) * k], index=pd.Index(["r", "alpha", "a", "b"], name="parameter")
    )
    return model


def _common(r: float, alpha: float, p: float) -> BetaGeo:
    model = BetaGeo(dropout="common")
    model.params_ = pd.Series([r, alpha, p], index=pd.Index(["r", "alpha", "p"], name="parameter"))
    return model


def test_common_dropout_is_the_limit_of_the_beta_model():
    x, tx, T = np.array([0.0, 1, 3, 10]), np.array([0.0, 5, 20, 30]), np.array([30.0, 30, 30, 40])
    common, limit = _common(1.6, 7.0, 0.05), _beta_limit(1.6, 7.0, 0.05)
    np.testing.assert_allclose(
        common._loglik(common._p(), x, tx, T), limit._loglik(limit._p(), x, tx, T), rtol=1e-6
    )
    np.testing.assert_allclose(
        common.conditional_probability_alive(x, tx, T),
        limit.conditional_probability_alive(x, tx, T),
        rtol=1e-6,
    )
    np.testing.assert_allclose(
        common.conditional_expected_purchases(26, x, tx, T),
        limit.conditional_expected_purchases(26, x, tx, T),
        rtol=1e-6,
    )
    assert common.expected_purchases(26) == pytest.approx(limit.expected_purchases(26), rel=1e-6)
    # By hand: a new customer's E[X(t)] = (1 - (alpha / (alpha + p t))^r) / p
    assert common.expected_purchases(26) == pytest.approx((1 - (7.0 / (7.0 + 0.05 * 26)) ** 1.6) / 0.05)
    # By hand: x = 1, t_x = 5, T = 30: P(alive) = 1 / (1 + p / (1 - p) * (37 / 12) ** 2.6)
    assert common.conditional_probability_alive(1, 5.0, 30.0) == pytest.approx(
        1 / (1 + 0.05 / 0.95 * (37 / 12) ** 2.6)
    )


def test_common_dropout_gradient_is_the_derivative_of_the_likelihood():
    x, tx, T = np.array([0.0, 1, 3, 10]), np.array([0.0, 5, 20, 30]), np.array([30.0, 30, 30, 40])
    model = _common(1.0, 1.0, 0.5)
    theta = np.array([1.6, 7.0, 0.05])
    g = model._grad(theta, x, tx, T)
    for k in range(3):
        step = np.eye(3)[k] * 1e-7
        numeric = (model._loglik(theta + step, x, tx, T) - model._loglik(theta - step, x, tx, T)) / 2e-7
        np.testing.assert_allclose(g[:, k], numeric, rtol=1e-5, atol=1e-6)


def test_a_common_dropout_makes_the_default_fit_say_so_and_the_common_fit_recovers_it():
    rng = np.random.default_rng(5)
    T = rng.integers(140, 420, size=3_000) / 7
    # Every customer drops out with probability 0.05 after a purchase (Beta(a, b) is a point).
    sim = sample_bgnbd(1.5, 7.0, 0.05 * 1e9, 0.95 * 1e9, T, resolution=1 / 7, seed=rng)
    with pytest.raises(CXConvergenceError, match='dropout="common"') as info:
        BetaGeo().fit(sim["frequency"], sim["recency"], sim["T"])
    assert "a and b ran off to infinity together" in str(info.value)
    model = BetaGeo(dropout="common").fit(sim["frequency"], sim["recency"], sim["T"])
    assert model.params_.index.tolist() == ["r", "alpha", "p"]
    se = model.standard_errors_
    for k, v in {"r": 1.5, "alpha": 7.0, "p": 0.05}.items():
        assert abs(model.params_[k] - v) < 4 * se[k], (k, model.params_[k], v, se[k])
    assert model.summary().index.tolist() == ["r", "alpha", "p"]


def test_bad_dropout_setting():
    with pytest.raises(CXConfigError, match="dropout"):
        BetaGeo(dropout="gamma").fit(*GOOD.values())
    with pytest.raises(CXConfigError, match="initial_params"):
        BetaGeo(dropout="common", initial_params=(1, 2, 0.5, 1)).fit(*GOOD.values())


@pytest.mark.course
def test_per_segment_fits_remove_the_pooled_bias_on_the_course_data():
    """Module 08: the pooled BG/NBD over-predicts B2C and under-predicts B2B; per-segment fits do not."""
    from cxkit.clv import fit_by_segment, holdout_check
    from cxkit.data import load

    orders, customers = load("orders"), load("customers")
    summary = rfm_summary(orders, calibration_end="2025-06-30", observation_end="2025-12-31")
    summary["segment"] = customers.set_index("customer_id")["segment"].reindex(summary.index)
    b2b = summary[summary["segment"] == "B2B"]
    with pytest.raises(CXConvergenceError, match='dropout="common"'):
        BetaGeo().fit(b2b["frequency"], b2b["recency"], b2b["T"])
    pooled_model = BetaGeo().fit(summary["frequency"], summary["recency"], summary["T"])
    pooled = holdout_check(summary, pooled_model)["ratio"]
    own = holdout_check(summary, fit_by_segment(summary, dropout={"B2B": "common"}))["ratio"]
    assert pooled["B2C"] > 1.15
    assert pooled["B2B"] < 0.80
    assert abs(pooled["all"] - 1) < 0.02
    assert abs(own["B2C"] - 1) < 0.10
    assert abs(own["B2B"] - 1) < 0.10
    assert abs(own["B2C"] - 1) < abs(pooled["B2C"] - 1)
    assert abs(own["B2B"] - 1) < abs(pooled["B2B"] - 1)


def test_holdout_check_by_hand_and_bad_inputs():
    from cxkit.clv import fit_by_segment, holdout_check

    s = pd.DataFrame(
        {
            "frequency": [0, 2, 1, 3],
            "recency": [0.0, 5.0, 3.0, 9.0],
            "T": [10.0, 10.0, 8.0, 10.0],
            "frequency_holdout": [0, 1, 0, 2],
            "duration_holdout": 10.0,
            "segment": ["a", "a", "b", "b"],
        }
    )
    model = _common(1.0, 5.0, 0.1)
    table = holdout_check(s, model)
    expected = model.conditional_expected_purchases(10.0, s["frequency"], s["recency"], s["T"])
    assert table.loc["a", "predicted"] == pytest.approx(expected[:2].sum())
    assert table.loc["all", "actual"] == 3
    assert table.loc["b", "customers"] == 2
    assert table.loc["b", "ratio"] == pytest.approx(expected[2:].sum() / 2)
    # a dict of models: each segment predicted by its own model
    other = _common(2.0, 5.0, 0.3)
    by_dict = holdout_check(s, {"a": model, "b": other})
    assert by_dict.loc["a", "predicted"] == pytest.approx(table.loc["a", "predicted"])
    assert by_dict.loc["b", "predicted"] != pytest.approx(table.loc["b", "predicted"])
    with pytest.raises(CXConfigError, match="no model for segment"):
        holdout_check(s, {"a": model})
    with pytest.raises(CXDataError, match="segment"):
        holdout_check(s.drop(columns="segment"), model)
    with pytest.raises(CXDataError, match="without a segment"):
        holdout_check(s.assign(segment=["a", None, "b", "b"]), model)
    with pytest.raises(CXDataError, match="different holdout"):
        holdout_check(s.assign(duration_holdout=[10.0, 10.0, 9.0, 10.0]), model)
    with pytest.raises(CXConfigError, match="not in the 'segment' column"):
        fit_by_segment(s, dropout={"c": "common"})


@pytest.mark.slow  # about 6 s under load on 2 shared cores (make quick leaves it out)
def test_pareto_nbd_recovers_parameters_from_a_synthetic_base():
    truth = {"r": 0.6, "alpha": 8.0, "s": 0.8, "beta": 12.0}
    sim = sample_pareto_nbd(
        *truth.values(), np.arange(210, 560)[np.arange(10_000) % 350] / 7, resolution=1 / 7, seed=7
    )
    model = ParetoNBD().fit(sim["frequency"], sim["recency"], sim["T"])
    se = model.standard_errors_
    for k, v in truth.items():
        assert abs(model.params_[k] - v) < 4 * se[k], (k, model.params_[k], v, se[k])


def test_gamma_gamma_recovers_parameters_from_a_synthetic_base():
    truth = {"p": 5.0, "q": 4.0, "v": 20.0}
    x = np.random.default_rng(2).integers(1, 10, size=4_000)
    m = sample_gamma_gamma(*truth.values(), x, seed=3)
    model = GammaGamma().fit(x, m)
    se = model.standard_errors_
    for k, v in truth.items():
        assert abs(model.params_[k] - v) < 4 * se[k], (k, model.params_[k], v, se[k])


# -- bad inputs ------------------------------------------------------------------------------------

GOOD = {"frequency": [0, 2, 1], "recency": [0.0, 5.0, 3.0], "T": [10.0, 10.0, 8.0]}


@pytest.mark.parametrize(
    ("change", "match"),
    [
        ({"recency": [0.0, 12.0, 3.0]}, "recency greater than T"),
        ({"frequency": [0, -2, 1]}, "negative"),
        ({"recency": [0.0, -5.0, 3.0]}, "negative"),
        ({"T": [10.0, -1.0, 8.0]}, "negative"),
        ({"frequency": [0, 2.5, 1]}, "whole number"),
        ({"recency": [1.0, 5.0, 3.0]}, "no repeat purchase"),
        ({"T": [10.0, 10.0]}, "different lengths"),
        ({"frequency": [0, None, 1]}, "blank"),
        ({"frequency": [0, "two", 1]}, "not a number"),
        ({"frequency": [], "recency": [], "T": []}, "no customers"),
    ],
)
@pytest.mark.parametrize("model", [BetaGeo, ModifiedBetaGeo, ParetoNBD])
def test_purchase_models_bad_inputs(model, change, match):
    data = {**GOOD, **change}
    with pytest.raises(CXDataError, match=match):
        model().fit(data["frequency"], data["recency"], data["T"])


def test_a_customer_first_seen_on_the_last_day_adds_nothing(cdnow):
    f, r, t = cdnow["frequency"], cdnow["recency"], cdnow["T"]
    base = BetaGeo().fit(f, r, t)
    more = BetaGeo().fit([*f, 0], [*r, 0.0], [*t, 0.0])
    assert more.log_likelihood_ == pytest.approx(base.log_likelihood_)
    assert more.params_.tolist() == pytest.approx(base.params_.tolist())


def test_bad_input_names_the_row_label():
    s = pd.DataFrame({"frequency": [0, 2], "recency": [0.0, 12.0], "T": [10.0, 10.0]}, index=["C1", "C2"])
    with pytest.raises(CXDataError, match=r"row 1 \(label 'C2'\)"):
        BetaGeo().fit(s["frequency"], s["recency"], s["T"])


@pytest.mark.parametrize(
    ("x", "m", "match"),
    [
        ([0, 2, 3], [10.0, 12.0, 9.0], "one-time buyer"),
        ([1, 2, 3], [10.0, -12.0, 9.0], "not positive"),
        ([1, 2.5, 3], [10.0, 12.0, 9.0], "whole number"),
        ([1, 2], [10.0, 12.0, 9.0], "different lengths"),
    ],
)
def test_gamma_gamma_bad_inputs(x, m, match):
    with pytest.raises(CXDataError, match=match):
        GammaGamma().fit(x, m)


def test_not_fitted_and_bad_settings():
    for method, args in (("conditional_probability_alive", (1, 1.0, 2.0)), ("expected_purchases", (1.0,))):
        with pytest.raises(CXNotFittedError, match="fit"):
            getattr(BetaGeo(), method)(*args)
    with pytest.raises(CXNotFittedError):
        GammaGamma().conditional_expected_average_value(1, 10.0)
    with pytest.raises(CXConfigError, match="initial_params"):
        BetaGeo(initial_params=(1, 2)).fit(*GOOD.values())
    with pytest.raises(CXConfigError, match="max_iter"):
        BetaGeo(max_iter=0).fit(*GOOD.values())


def test_non_convergence_is_a_typed_error_with_advice(cdnow):
    with pytest.raises(CXConvergenceError, match="initial_params") as info:
        BetaGeo(max_iter=2).fit(cdnow["frequency"], cdnow["recency"], cdnow["T"])
    assert "BG/NBD" in str(info.value)
    assert "max_iter" in str(info.value)
    assert isinstance(info.value, RuntimeError)


def test_default_start_converges_whatever_the_time_unit(cdnow):
    # Days instead of weeks: the same model, alpha seven times larger.
    model = BetaGeo().fit(cdnow["frequency"], cdnow["recency"] * 7, cdnow["T"] * 7)
    assert model.params_["alpha"] == pytest.approx(7 * 4.4137, rel=1e-3)
    assert model.params_["r"] == pytest.approx(0.2426, rel=1e-3)


def test_repr_and_lazy_exports(bg):
    import cxkit.clv as clv

    assert "BetaGeo(r=0.2426" in repr(bg)
    assert repr(BetaGeo()) == "BetaGeo()"
    assert {"BetaGeo", "rfm_summary", "load_cdnow"} <= set(dir(clv))


# -- scikit-learn's contract (issue 23) -----------------------------------------------------------

MODELS = [
    ("cxkit.clv", "BetaGeo"),
    ("cxkit.clv", "ModifiedBetaGeo"),
    ("cxkit.clv", "BetaGeoBetaBinom"),
    ("cxkit.clv", "ParetoNBD"),
    ("cxkit.clv", "GammaGamma"),
    ("cxkit.retention", "ShiftedBetaGeometric"),
    ("cxkit.voc", "TopicModel"),
]


def _model_class(module: str, name: str):
    import importlib

    return getattr(importlib.import_module(module), name)


@pytest.mark.parametrize(("module", "name"), MODELS)
def test_models_keep_the_scikit_learn_contract(module, name):
    import inspect
    import typing

    from sklearn.base import BaseEstimator, clone

    cls = _model_class(module, name)
    assert issubclass(cls, BaseEstimator)
    model = cls()
    params = model.get_params()
    assert params  # every setting is a parameter, stored under its own name
    copy = clone(model)
    assert copy is not model
    assert copy.get_params() == params
    # __init__ takes keyword-only settings only
    sig = inspect.signature(cls.__init__)
    assert all(p.kind is p.KEYWORD_ONLY for n, p in sig.parameters.items() if n != "self"), sig
    # set_params changes a setting and returns the model
    key = next(iter(params))
    assert model.set_params(**{key: params[key]}) is model
    # fit returns self, typed as Self
    hints = typing.get_type_hints(cls.fit)
    assert hints["return"] is typing.Self, hints["return"]


def test_cloning_a_fitted_model_gives_an_unfitted_one_with_the_same_settings(cdnow):
    from sklearn.base import clone

    model = BetaGeo(max_iter=500).fit(cdnow["frequency"], cdnow["recency"], cdnow["T"])
    copy = clone(model)
    assert copy.get_params()["max_iter"] == 500
    assert not hasattr(copy, "params_")
    with pytest.raises(CXNotFittedError):
        copy.conditional_probability_alive(1, 1.0, 2.0)


def test_params_are_a_labelled_series(bg, pnbd, cdnow):
    from cxkit.retention import ShiftedBetaGeometric

    repeat = cdnow[cdnow["frequency"] > 0]
    gg = GammaGamma().fit(repeat["frequency"], repeat["monetary_value"])
    sbg = ShiftedBetaGeometric().fit([1000, 631, 468, 382, 326, 289, 262, 241])
    for model, names in (
        (bg, ["r", "alpha", "a", "b"]),
        (pnbd, ["r", "alpha", "s", "beta"]),
        (gg, ["p", "q", "v"]),
        (sbg, ["alpha", "beta"]),
    ):
        assert isinstance(model.params_, pd.Series)
        assert list(model.params_.index) == names
        assert model.params_.index.name == "parameter"
        assert isinstance(model.standard_errors_, pd.Series)
        assert list(model.standard_errors_.index) == names


def test_summary_is_an_interval_table(bg):
    from cxkit.stats import INTERVAL_COLUMNS

    table = bg.summary()
    assert list(table.columns) == [*INTERVAL_COLUMNS, "se"]
    assert list(table.index) == ["r", "alpha", "a", "b"]
    assert table.index.name == "parameter"
    assert table["value"].tolist() == bg.params_.tolist()
    assert table["se"].tolist() == bg.standard_errors_.tolist()
    assert (table["n"] == 2357).all()
    assert (table["low"] < table["value"]).all()
    assert (table["value"] < table["high"]).all()
    assert table["moe"].tolist() == pytest.approx(((table["high"] - table["low"]) / 2).tolist())
    assert (table["method"] == "wald-log").all()
    assert (table["confidence"] == 0.95).all()
    assert not table["too_small"].any()
    # the interval is symmetric on the log scale: log(high) - log(value) = z se / value
    assert np.log(table["high"] / table["value"]).tolist() == pytest.approx(
        (1.959964 * table["se"] / table["value"]).tolist(), rel=1e-6
    )
    assert bg.summary(confidence=0.9)["confidence"].eq(0.9).all()


@pytest.mark.parametrize("name", ["bg", "pnbd"])
def test_conditional_probability_alive_and_the_deprecated_alias(name, request, cdnow):
    model = request.getfixturevalue(name)
    x, tx, t = cdnow["frequency"], cdnow["recency"], cdnow["T"]
    new = model.conditional_probability_alive(x, tx, t)
    assert new.name == "conditional_probability_alive"
    with pytest.warns(
        FutureWarning, match="probability_alive is deprecated; use conditional_probability_alive"
    ):
        old = model.probability_alive(x, tx, t)
    pd.testing.assert_series_equal(old, new)


def test_rfm_summary_and_load_cdnow_take_keyword_only_options():
    import inspect

    sig = inspect.signature(rfm_summary)
    kinds = {n: p.kind for n, p in sig.parameters.items()}
    assert kinds["transactions"] is inspect.Parameter.POSITIONAL_OR_KEYWORD
    for name, default in (("customer", "customer_id"), ("timestamp", "timestamp"), ("value", "value")):
        assert kinds[name] is inspect.Parameter.KEYWORD_ONLY
        assert sig.parameters[name].default == default
    assert "date" not in kinds
    assert inspect.signature(load_cdnow).parameters["kind"].kind is inspect.Parameter.KEYWORD_ONLY
    for fn in (rfm_summary, load_cdnow, cohort_value):
        for p in inspect.signature(fn).parameters.values():
            if p.default is not inspect.Parameter.empty:
                assert p.kind is inspect.Parameter.KEYWORD_ONLY, (fn.__name__, p.name)
    tx = pd.DataFrame({"cust": ["a", "a"], "when": ["2024-01-01", "2024-01-08"], "eur": [1.0, 2.0]})
    s = rfm_summary(tx, customer="cust", timestamp="when", value="eur")
    assert s.loc["a", "frequency"] == 1
    assert s.loc["a", "monetary_value"] == 2.0


@pytest.mark.slow  # about 6 s under load on 2 shared cores (make quick leaves it out)
def test_clv_and_retention_share_the_mle_machinery_through_stats():
    import subprocess
    import sys

    # retention's model imports no clv module, and neither package imports the other's private names
    code = (
        "import sys; import cxkit.retention.sbg, cxkit.retention.cohorts; "
        "print(sorted(m for m in sys.modules if m.startswith('cxkit.clv')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout
    from cxkit.retention import ShiftedBetaGeometric
    from cxkit.stats.mle import MLEModel

    assert issubclass(BetaGeo, MLEModel)
    assert issubclass(ShiftedBetaGeometric, MLEModel)


def test_clv_and_retention_import_no_private_name_of_another_package():
    import ast
    from pathlib import Path

    import cxkit

    root = Path(cxkit.__file__).parent
    shared = {"cxkit._lazy", "cxkit._paths", "cxkit._checks", "cxkit._frames"}  # meant for sharing
    found = []
    files = [
        *root.glob("clv/*.py"),
        *root.glob("retention/*.py"),
        root / "stats" / "mle.py",
        root / "voc" / "topics.py",
    ]
    for path in files:
        package = ".".join(path.relative_to(root.parent).with_suffix("").parts[:2])
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ImportFrom) or not (node.module or "").startswith("cxkit."):
                continue
            module = node.module or ""
            if module.startswith(package + ".") or module == package or module in shared:
                continue
            private_module = any(part.startswith("_") for part in module.split(".")[1:])
            private_names = [a.name for a in node.names if a.name.startswith("_")]
            if private_module or private_names:
                found.append(
                    f"{path.relative_to(root.parent)}: from {module} import {private_names or '...'}"
                )
    assert not found, found


def test_plot_holdout_and_plot_underserved_draw_what_they_say():
    import matplotlib.pyplot as plt

    from cxkit.clv import plot_holdout, plot_underserved

    sim = sample_bgnbd(0.5, 6.0, 1.2, 3.5, 30.0, n=300, seed=2)
    sim = sim.assign(frequency_holdout=1, duration_holdout=10.0)
    model = _common(0.5, 6.0, 0.2)
    fig = plot_holdout(sim, model, max_frequency=3, title="check")
    ax = fig.axes[0]
    assert ax.get_title() == "check"
    assert [t.get_text() for t in ax.get_xticklabels()][-1] == "3+"
    actual = ax.get_lines()[0].get_ydata()
    assert actual.tolist() == [1.0] * len(actual)  # every customer made one holdout purchase
    with pytest.raises(CXConfigError, match="max_frequency"):
        plot_holdout(sim, model, max_frequency=0)
    view = pd.DataFrame({"clv_12m": [10.0, 50.0, 80.0, 5.0, 90.0], "mean_nps": [9, 3, 8, 2, 5]})
    fig2 = plot_underserved(view, top=0.4, as_of="2025-12-31")
    marked = fig2.axes[0].collections[1].get_offsets()
    assert marked.tolist() == [[5.0, 90.0]]  # the top 40% are 80 and 90; only 90 has NPS <= 6
    assert "as of 2025-12-31" in fig2.axes[0].get_ylabel()
    with pytest.raises(CXConfigError, match="top"):
        plot_underserved(view, top=20)
    plt.close("all")
