"""compare_nps, compare_csat and compare_ces share one path; clustered against statsmodels' OLS."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from cxkit.errors import CXConfigError
from cxkit.metrics import ces, compare_ces, compare_csat, compare_nps, csat
from cxkit.stats import z_quantile


def _clustered_sample(seed: int, *, low: int, high: int, shared: bool):
    """Two groups of answers by customers who answer several times (some in both groups)."""
    rng = np.random.default_rng(seed)
    rows = []
    for c in range(80):
        level = rng.integers(low, high + 1)  # customers differ, and answer alike
        k = rng.integers(1, 5)
        for _ in range(k):
            group = "a" if (c < 40 or (shared and rng.random() < 0.5)) else "b"
            score = int(np.clip(level + rng.integers(-1, 2), low, high))
            rows.append({"customer": f"c{c}", "group": group, "score": score})
    return pd.DataFrame(rows)


def _ols_cluster(y: np.ndarray, in_a: np.ndarray, groups: np.ndarray) -> tuple[float, float]:
    """Compute independently: cluster-robust OLS (statsmodels) of the difference a - b.

    With customers in both groups: OLS of y on a group dummy, clustered; statsmodels scales the
    sandwich by G/(G-1) * (N-1)/(N-K), cxkit by G/(G-1) (Cameron & Miller 2015), so the variance
    is rescaled by (N-K)/(N-1) here. Without shared customers the groups are independent and cxkit
    adds each group's own clustered variance: an intercept-only clustered OLS per group (K = 1, so
    statsmodels' factor is G_g/(G_g-1) exactly), the two variances added.
    """
    sm = pytest.importorskip("statsmodels.api")
    codes = pd.factorize(groups)[0]
    shared = set(codes[in_a]) & set(codes[~in_a])
    if shared:
        X = sm.add_constant(in_a.astype(float))
        fit = sm.OLS(y, X).fit(cov_type="cluster", cov_kwds={"groups": codes})
        n, k = len(y), 2
        return float(fit.params[1]), float(fit.bse[1]) * math.sqrt((n - k) / (n - 1))
    fits = [
        sm.OLS(y[m], np.ones((m.sum(), 1))).fit(cov_type="cluster", cov_kwds={"groups": codes[m]})
        for m in (in_a, ~in_a)
    ]
    return float(fits[0].params[0] - fits[1].params[0]), math.sqrt(fits[0].bse[0] ** 2 + fits[1].bse[0] ** 2)


@pytest.mark.parametrize("shared", [False, True])
def test_clustered_csat_difference_matches_statsmodels(shared):
    df = _clustered_sample(1, low=1, high=5, shared=shared)
    a, b = df[df["group"] == "a"], df[df["group"] == "b"]
    c = compare_csat(a["score"], b["score"], cluster=(a["customer"], b["customer"]))
    y = df["score"].isin([4, 5]).to_numpy(float)
    diff, se = _ols_cluster(y, (df["group"] == "a").to_numpy(), df["customer"].to_numpy())
    assert c.value == pytest.approx(100 * diff)
    assert c.se == pytest.approx(100 * se, rel=1e-9)
    z = z_quantile(0.95)
    assert (c.low, c.high) == pytest.approx((100 * (diff - z * se), 100 * (diff + z * se)))
    assert c.p_value == pytest.approx(2 * stats.norm.sf(abs(diff / se)))
    assert c.method == "wald"
    assert c.cluster == "customer"
    assert (c.shared_clusters > 0) == shared


@pytest.mark.parametrize("shared", [False, True])
def test_clustered_ces_difference_matches_statsmodels(shared):
    df = _clustered_sample(2, low=1, high=7, shared=shared)
    a, b = df[df["group"] == "a"], df[df["group"] == "b"]
    c = compare_ces(a["score"], b["score"], cluster=(a["customer"], b["customer"]))
    diff, se = _ols_cluster(
        df["score"].to_numpy(float), (df["group"] == "a").to_numpy(), df["customer"].to_numpy()
    )
    assert c.value == pytest.approx(diff)
    assert c.se == pytest.approx(se, rel=1e-9)
    t = stats.t.ppf(0.975, c.n_clusters - 1)  # G - 1 degrees of freedom
    assert (c.low, c.high) == pytest.approx((diff - t * se, diff + t * se))


def test_clustered_nps_difference_matches_statsmodels():
    df = _clustered_sample(3, low=0, high=10, shared=True)
    a, b = df[df["group"] == "a"], df[df["group"] == "b"]
    c = compare_nps(a["score"], b["score"], cluster=(a["customer"], b["customer"]))
    y = np.select([df["score"] >= 9, df["score"] <= 6], [1.0, -1.0], 0.0)
    diff, se = _ols_cluster(y, (df["group"] == "a").to_numpy(), df["customer"].to_numpy())
    assert c.value == pytest.approx(100 * diff)
    assert c.se == pytest.approx(100 * se, rel=1e-9)


def test_clustered_results_are_no_longer_ignored_by_compare_csat():
    df = _clustered_sample(4, low=1, high=5, shared=True)
    a, b = df[df["group"] == "a"], df[df["group"] == "b"]
    ra, rb = csat(a["score"], cluster=a["customer"]), csat(b["score"], cluster=b["customer"])
    from_results = compare_csat(ra, rb)
    from_scores = compare_csat(a["score"], b["score"], cluster=(a["customer"], b["customer"]))
    assert from_results.se == pytest.approx(from_scores.se)
    assert from_results.cluster == "customer"
    assert from_results.method == "wald"
    plain = compare_csat(a["score"], b["score"])
    assert plain.method == "newcombe"
    assert plain.cluster is None
    with pytest.raises(CXConfigError, match="only one of the two groups"):
        compare_csat(ra, csat(b["score"]))
    with pytest.raises(CXConfigError, match="no cluster-robust form"):
        compare_csat(a["score"], b["score"], method="newcombe", cluster=(a["customer"], b["customer"]))
    with pytest.raises(CXConfigError, match="two sequences"):
        compare_csat(a["score"], b["score"], cluster="customer")
    with pytest.raises(CXConfigError, match="compare_ces compares two CES results"):
        compare_ces(ra, rb)
    rc = ces(df["score"], cluster=df["customer"], scale=5)
    assert compare_ces(rc, rc).value == 0


def test_ces_unclustered_is_welch():
    a, b = [5, 6, 7, 7, 4], [3, 4, 5, 2]
    c = compare_ces(a, b, min_n=1)
    res = stats.ttest_ind(a, b, equal_var=False)
    ci = res.confidence_interval(0.95)
    assert (c.low, c.high) == pytest.approx((ci.low, ci.high))
    assert c.p_value == pytest.approx(res.pvalue)
    assert "scale points" in repr(c)
    assert "Welch t" in repr(c)
    with pytest.raises(CXConfigError, match="CES comparison interval method"):
        compare_ces(a, b, method="newcombe")


def test_unanimous_groups_never_get_a_zero_width_difference():
    # Both groups all promoters: before, the difference was 0 with the interval 0 to 0.
    c = compare_nps([10] * 12, [10] * 15)
    assert c.high - c.low > 10
    # The adjusted variances by hand: 12 promoters -> P = 12.75, D = 0.75, n = 15.
    va = ((12.75 + 0.75) / 15 - (12 / 15) ** 2) / 15
    vb = ((15.75 + 0.75) / 18 - (15 / 18) ** 2) / 18
    assert c.se == pytest.approx(100 * math.sqrt(va + vb))
    w = compare_csat([5] * 10, [4] * 8, method="wald")
    assert w.high - w.low > 10
    cl = compare_nps([10] * 6, [10] * 6, cluster=(list("aabbcc"), list("ddeeff")))
    assert cl.high - cl.low > 10


def test_compare_ces_of_two_groups_all_alike_is_not_a_point():
    # [1, 1, 1] against [7, 7, 7]: both standard deviations are 0, so Welch's interval would be
    # -6 to -6 with p = 0. Each group's own interval is the Bhatia-Davis score interval (Wilson on
    # the rescaled mean, see mean_t): 1 to 1 + w and 7 - w to 7 with w = 6 z^2 / (3 + z^2) = 3.369.
    # Square-and-add (Newcombe 1998; Zou & Donner 2008): low = -6 - sqrt(0^2 + 0^2) = -6 (the
    # scale's end), high = -6 + sqrt(w^2 + w^2) = -1.236. The p-value is the pooled score test
    # with the largest variance at the pooled mean 4: z = 6 / sqrt(3 * 3 * (1/3 + 1/3)) = 2.449.
    z2 = 1.959964**2
    w = 6 * z2 / (3 + z2)
    c = compare_ces([1, 1, 1], [7, 7, 7], min_n=3)
    assert c.value == -6
    assert c.low == pytest.approx(-6, abs=1e-9)
    assert c.high == pytest.approx(-6 + math.sqrt(2) * w, abs=1e-4)
    assert c.p_value == pytest.approx(2 * stats.norm.sf(6 / math.sqrt(9 * 2 / 3)), abs=1e-6)
    same = compare_ces([4, 4], [4, 4], min_n=2)
    assert same.high > 0 > same.low
    assert same.p_value == 1.0
