"""An independent oracle for the cluster-robust variance: statsmodels' OLS with ``cov_type="cluster"``.

cxkit treats a metric as the mean of a per-answer score y_i (NPS: +1/0/-1, CSAT: 1 satisfied or 0,
CES: the score) and estimates the variance of that mean with the sandwich estimator (Cameron &
Miller 2015) times **G/(G-1) only** (G clusters); it has no (N-1)/(N-K) factor.

The mean of y is the intercept of an OLS regression of y on a column of ones (K = 1 parameter).
statsmodels' cluster covariance with ``use_correction=True`` multiplies the sandwich by
G/(G-1) * (N-1)/(N-K); with K = 1 the second factor is (N-1)/(N-1) = 1, so it is exactly cxkit's
G/(G-1). ``df_correction=True`` makes statsmodels' *t* intervals use G-1 degrees of freedom, which
is what cxkit's clustered CES (*t*) interval uses; the NPS and CSAT Wald intervals use the normal
quantile, i.e. statsmodels with ``use_t=False``.

statsmodels is in the test dependency group only: cxkit never imports it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cxkit.metrics import breakdown, ces, csat, nps
from cxkit.stats import cluster_variance
from cxkit.stats.cluster import grouped_cluster_variance

TOL = 1e-12


def _clustered_answers(seed: int, n_clusters: int = 40) -> pd.DataFrame:
    """Answers from customers who answer 1 to 8 times, alike within a customer (unequal sizes)."""
    rng = np.random.default_rng(seed)
    sizes = rng.integers(1, 9, size=n_clusters)
    customer = np.repeat([f"C{i:03d}" for i in range(n_clusters)], sizes)
    mood = np.repeat(rng.normal(0, 2.5, size=n_clusters), sizes)
    n = len(customer)
    nps_score = np.clip(np.round(7.5 + mood + rng.normal(0, 1.5, size=n)), 0, 10).astype(int)
    csat_score = np.clip(np.round(3.8 + mood / 2 + rng.normal(0, 0.8, size=n)), 1, 5).astype(int)
    ces_score = np.clip(np.round(5 + mood / 2 + rng.normal(0, 1, size=n)), 1, 7).astype(int)
    order = rng.permutation(n)  # answers of a customer need not be adjacent
    return pd.DataFrame(
        {
            "customer_id": customer[order],
            "nps": nps_score[order],
            "csat": csat_score[order],
            "ces": ces_score[order],
            "segment": rng.choice(["B2B", "B2C", "Trade"], size=n)[order],
        }
    ).reset_index(drop=True)


def _ols_cluster(y, groups, *, use_t: bool, use_correction: bool = True):
    """Fit the intercept-only OLS with statsmodels' cluster-robust covariance."""
    # Imported here, not at collection: statsmodels takes seconds to import in every pytest worker.
    OLS = pytest.importorskip("statsmodels.regression.linear_model").OLS
    codes = pd.factorize(np.asarray(groups, dtype=object))[0]
    X = np.ones((len(y), 1))
    return OLS(np.asarray(y, dtype=float), X).fit(
        cov_type="cluster",
        cov_kwds={"groups": codes, "use_correction": use_correction, "df_correction": True},
        use_t=use_t,
    )


def _nps_y(scores) -> np.ndarray:
    s = np.asarray(scores)
    return np.where(s >= 9, 1.0, np.where(s <= 6, -1.0, 0.0))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_cluster_variance_is_statsmodels_cluster_covariance(seed):
    df = _clustered_answers(seed)
    y = _nps_y(df["nps"])
    fit = _ols_cluster(y, df["customer_id"], use_t=False)
    G = df["customer_id"].nunique()
    ours = cluster_variance(y, df["customer_id"])
    assert ours == pytest.approx(fit.cov_params()[0, 0], rel=TOL, abs=0)
    # The correction matters: without it statsmodels' variance is G/(G-1) smaller, so the test
    # above would fail if cxkit dropped (or doubled) its factor.
    bare = _ols_cluster(y, df["customer_id"], use_t=False, use_correction=False)
    assert ours == pytest.approx(bare.cov_params()[0, 0] * G / (G - 1), rel=TOL, abs=0)
    assert ours != pytest.approx(bare.cov_params()[0, 0], rel=1e-6)


@pytest.mark.parametrize("seed", [4, 5])
def test_grouped_cluster_variance_is_statsmodels_per_group(seed):
    df = _clustered_answers(seed, n_clusters=60)
    y = _nps_y(df["nps"])
    groups, labels = pd.factorize(df["segment"])
    clusters = pd.factorize(df["customer_id"])[0]
    var, G = grouped_cluster_variance(y, groups, clusters, len(labels))
    for g, label in enumerate(labels):
        rows = groups == g
        fit = _ols_cluster(y[rows], df.loc[rows, "customer_id"], use_t=False)
        assert G[g] == df.loc[rows, "customer_id"].nunique(), label
        assert var[g] == pytest.approx(fit.cov_params()[0, 0], rel=TOL, abs=0), label


def test_grouped_cluster_variance_weights_are_repeated_rows():
    # Rows counted per (group, cluster, score), as a database returns them, give the variance of
    # the answers themselves: statsmodels on the expanded rows is the oracle.
    df = _clustered_answers(6)
    y = _nps_y(df["nps"])
    counted = (
        pd.DataFrame({"customer_id": df["customer_id"], "y": y}).value_counts().rename("w").reset_index()
    )
    codes = pd.factorize(counted["customer_id"])[0]
    var, G = grouped_cluster_variance(
        counted["y"].to_numpy(), np.zeros(len(counted), dtype=np.int64), codes, 1, weights=counted["w"]
    )
    fit = _ols_cluster(y, df["customer_id"], use_t=False)
    assert G[0] == df["customer_id"].nunique()
    assert var[0] == pytest.approx(fit.cov_params()[0, 0], rel=TOL, abs=0)


@pytest.mark.parametrize("seed", [7, 8])
def test_clustered_nps_interval_is_statsmodels_normal_interval(seed):
    df = _clustered_answers(seed)
    r = nps(df["nps"], cluster=df["customer_id"])
    fit = _ols_cluster(100 * _nps_y(df["nps"]), df["customer_id"], use_t=False)
    low, high = fit.conf_int(alpha=0.05)[0]
    assert r.value == pytest.approx(fit.params[0], rel=TOL)
    assert r.se == pytest.approx(fit.bse[0], rel=TOL)
    assert not r.clipped
    assert (r.low, r.high) == pytest.approx((low, high), rel=TOL, abs=TOL)


@pytest.mark.parametrize("seed", [9, 10])
def test_clustered_csat_wald_interval_is_statsmodels_normal_interval(seed):
    df = _clustered_answers(seed)
    r = csat(df["csat"], cluster=df["customer_id"], method="wald", confidence=0.9)
    y = 100 * (df["csat"] >= 4).astype(float)
    fit = _ols_cluster(y, df["customer_id"], use_t=False)
    low, high = fit.conf_int(alpha=0.10)[0]
    assert r.value == pytest.approx(fit.params[0], rel=TOL)
    assert r.se == pytest.approx(fit.bse[0], rel=TOL)
    assert (r.low, r.high) == pytest.approx((low, high), rel=TOL, abs=TOL)
    # Wilson with clusters keeps the same standard error (its interval uses the effective n).
    assert csat(df["csat"], cluster=df["customer_id"]).se == pytest.approx(fit.bse[0], rel=TOL)


def test_clustered_ces_t_interval_has_g_minus_1_degrees_of_freedom():
    df = _clustered_answers(11, n_clusters=12)  # few clusters: t with G-1 df differs from normal
    r = ces(df["ces"], cluster=df["customer_id"])
    fit = _ols_cluster(df["ces"], df["customer_id"], use_t=True)
    assert fit.df_resid_inference == df["customer_id"].nunique() - 1
    low, high = fit.conf_int(alpha=0.05)[0]
    assert r.se == pytest.approx(fit.bse[0], rel=TOL)
    assert (r.low, r.high) == pytest.approx((low, high), rel=TOL, abs=TOL)


def test_clustered_breakdown_is_statsmodels_per_segment():
    df = _clustered_answers(12, n_clusters=80)
    table = breakdown(df, "nps", "segment", cluster="customer_id", min_n=1)
    for segment, rows in df.groupby("segment"):
        fit = _ols_cluster(100 * _nps_y(rows["nps"]), rows["customer_id"], use_t=False)
        low, high = fit.conf_int(alpha=0.05)[0]
        row = table.loc[segment]
        assert row["value"] == pytest.approx(fit.params[0], rel=TOL), segment
        assert (row["low"], row["high"]) == pytest.approx((low, high), rel=TOL, abs=TOL), segment
