"""Rocks' (2016) iterative score interval of the NPS, and the coverage table of the NPS methods."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import optimize, stats

from cxkit.errors import CXConfigError
from cxkit.metrics import breakdown, nps, nps_from_counts, nps_interval_coverage
from cxkit.stats.intervals import restricted_detractor_share, trinomial_score

Z = 1.959963984540054


def _score_interval_by_root_finding(P: int, A: int, D: int) -> tuple[float, float]:
    """Compute independently: the restricted MLE by numerical maximisation, the ends by brentq."""
    n = P + A + D
    est = (P - D) / n

    def variance(delta: float) -> float:
        lo, hi = max(0.0, -delta), (1 - delta) / 2

        def minus_loglik(d: float) -> float:
            terms = [(P, d + delta), (A, 1 - 2 * d - delta), (D, d)]
            return -sum(k * math.log(max(x, 1e-300)) for k, x in terms if k)

        d = optimize.minimize_scalar(
            minus_loglik, bounds=(lo, hi), method="bounded", options={"xatol": 1e-13}
        ).x
        p = d + delta
        return (p + d - (p - d) ** 2) / n

    def g(delta: float) -> float:
        return (est - delta) ** 2 - Z**2 * variance(delta)

    low = -1.0 if est == -1 else optimize.brentq(g, -1 + 1e-12, est, xtol=1e-13)
    high = 1.0 if est == 1 else optimize.brentq(g, est, 1 - 1e-12, xtol=1e-13)
    return low, high


@pytest.mark.parametrize(
    "counts", [(4, 3, 3), (291, 476, 395), (1, 8, 1), (0, 2, 8), (7, 2, 1), (30, 50, 20)]
)
def test_score_interval_agrees_with_independent_root_finding(counts):
    low, high, _ = trinomial_score(*counts, confidence=0.95)
    assert (float(low), float(high)) == pytest.approx(_score_interval_by_root_finding(*counts), abs=1e-6)


def test_score_interval_by_hand_for_all_promoters():
    # With A = D = 0 the restricted estimate is p = (1 + delta)/2, d = (1 - delta)/2, so
    # V = (1 - delta^2)/n and (1 - delta)^2 = z^2 (1 - delta^2)/n gives the lower end
    # delta = (n - z^2)/(n + z^2): for n = 10, (10 - 3.8415)/(10 + 3.8415) = 0.44493.
    low, high, _ = trinomial_score(10, 0, 0, confidence=0.95)
    assert float(low) == pytest.approx((10 - Z**2) / (10 + Z**2), abs=1e-12)
    assert float(high) == 1.0
    r = nps([10] * 10, method="score", scale_check=False)
    assert (r.low, r.high) == pytest.approx((100 * (10 - Z**2) / (10 + Z**2), 100.0))


def test_restricted_estimate_solves_the_likelihood_equation():
    P, A, D, delta = 12.0, 5.0, 9.0, 0.2
    d = float(restricted_detractor_share(P, A, D, delta))
    # derivative of P log(d + delta) + A log(1 - 2d - delta) + D log d is zero at the maximum
    assert P / (d + delta) - 2 * A / (1 - 2 * d - delta) + D / d == pytest.approx(0, abs=1e-9)


def test_score_interval_is_registered_and_vectorised():
    r = nps_from_counts(291, 476, 395, method="score")
    assert r.method == "score"
    assert "iterative score" in repr(r)
    low, _high, _ = trinomial_score([4, 291], [3, 476], [3, 395], confidence=0.95)
    assert float(low[0]) == pytest.approx(float(trinomial_score(4, 3, 3, confidence=0.95)[0]))
    table = breakdown(
        __import__("pandas").DataFrame({"nps": [10, 9, 0, 7, 10, 3], "g": list("aabbbb")}),
        "nps",
        "g",
        method="score",
    )
    assert (table["high"] > table["low"]).all()
    with pytest.raises(CXConfigError, match="cluster"):
        nps([10, 0, 7], method="score", cluster=["a", "b", "c"], scale_check=False)


def test_score_interval_sits_inside_the_nps_range_and_holds_the_estimate():
    rng = np.random.default_rng(0)
    P, A, D = rng.multinomial(15, [0.5, 0.3, 0.2], size=500).T
    low, high, _ = trinomial_score(P, A, D, confidence=0.95)
    est = (P - D) / 15
    assert (low >= -1).all()
    assert (high <= 1).all()
    assert (low <= est).all()
    assert (est <= high).all()
    assert (high - low > 0).all()


def test_coverage_is_exact_enumeration():
    # n = 1, true shares (0.5, 0.2): three outcomes. Wald at n = 1 is all in one category, so
    # each outcome gets the adjusted Wald interval; coverage = sum of the outcome probabilities
    # whose interval holds 0.3.
    t = nps_interval_coverage(n=[1], shares=[(0.5, 0.2)], methods=["wald"])
    from cxkit.stats.intervals import trinomial_wald

    probs = {(1, 0, 0): 0.5, (0, 1, 0): 0.3, (0, 0, 1): 0.2}
    expected = 0.0
    for (P, A, D), pr in probs.items():
        lo, hi, _ = trinomial_wald(P, A, D, confidence=0.95)
        expected += pr * (max(lo, -1) <= 0.3 <= min(hi, 1))
    assert t["coverage"].iloc[0] == pytest.approx(expected)
    assert t["how"].iloc[0] == "exact"
    assert t["mc_se"].iloc[0] == 0


def test_coverage_table_pins_the_known_behaviour():
    t = nps_interval_coverage(
        n=[10, 100], shares=[(0.5, 0.2)], methods=["wald", "adjusted_wald", "score"]
    ).set_index(["n", "method"])["coverage"]
    # Wald under-covers at n = 10 (Rocks 2016); every method is near 0.95 at n = 100.
    assert round(t[(10, "wald")], 3) == 0.896
    assert round(t[(10, "adjusted_wald")], 3) == 0.962
    assert round(t[(10, "score")], 3) == 0.947
    assert all(abs(t[(100, m)] - 0.95) < 0.01 for m in ("wald", "adjusted_wald", "score"))
    # The probabilities of all outcomes add up to 1 (a check of the enumeration).
    from cxkit.metrics.coverage import _log_pmf

    P, D = np.meshgrid(np.arange(11), np.arange(11), indexing="ij")
    keep = P + D <= 10
    P, D = P[keep].astype(float), D[keep].astype(float)
    assert np.exp(_log_pmf(P, 10 - P - D, D, 0.5, 0.3, 0.2)).sum() == pytest.approx(1)
    assert stats.multinomial.pmf([5, 3, 2], 10, [0.5, 0.3, 0.2]) == pytest.approx(
        math.exp(_log_pmf(np.array(5.0), np.array(3.0), np.array(2.0), 0.5, 0.3, 0.2))
    )


def test_bootstrap_coverage_is_seeded():
    a = nps_interval_coverage(
        n=[20], shares=[(0.4, 0.3)], methods=["bootstrap"], n_sim=50, n_boot=100, seed=3
    )
    b = nps_interval_coverage(
        n=[20], shares=[(0.4, 0.3)], methods=["bootstrap"], n_sim=50, n_boot=100, seed=3
    )
    assert a.equals(b)
    assert a["how"].iloc[0] == "simulated"
    assert a["mc_se"].iloc[0] > 0


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"n": []}, "sample sizes"),
        ({"n": [0]}, "n must be a whole number"),
        ({"n": [5000]}, "n must be a whole number"),
        ({"shares": [(0.8, 0.5)]}, "shares"),
        ({"shares": "0.5"}, "shares"),
        ({"methods": ["exact"]}, "Unknown NPS interval method"),
        ({"methods": "wald"}, "methods must be a list"),
        ({"n_boot": 5}, "n_boot"),
    ],
)
def test_coverage_bad_options(kwargs, match):
    with pytest.raises(CXConfigError, match=match):
        nps_interval_coverage(**kwargs)
