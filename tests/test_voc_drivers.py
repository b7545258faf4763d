"""cxkit.voc's drivers: the adjusted-Wald difference, the multiple-comparison control and the joint model.

statsmodels (test dependency group only) is the independent oracle of Holm / Benjamini-Hochberg
(``multipletests``) and of the sandwich variances (``OLS``/``WLS`` with ``cov_type="HC1"`` and
``"cluster"``).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from cxkit.errors import CXConfigError, CXDataError
from cxkit.voc import adjust_p_values, driver_model, drivers

HAND = pd.DataFrame(
    {
        "nps": [0, 2, 9, 10, 10, 9, 7, 10],
        "late": [True, True, False, False, False, False, True, False],
        "staff": [False, False, True, True, False, False, False, True],
    }
)


def test_adjusted_wald_difference_by_hand() -> None:
    out = drivers(HAND, "nps", ["late", "staff"], min_n=2).set_index("theme")
    z = stats.norm.ppf(0.975)
    # late: 0 promoters, 2 detractors of 3 -> (0.75/6, 2.75/6); others 5 promoters of 5 -> (5.75/8, 0.75/8)
    p1, d1, p0, d0 = 0.75 / 6, 2.75 / 6, 5.75 / 8, 0.75 / 8
    centre = (p1 - d1) - (p0 - d0)
    se = math.sqrt(((p1 + d1) - (p1 - d1) ** 2) / 6 + ((p0 + d0) - (p0 - d0) ** 2) / 8)
    late = out.loc["late"]
    assert late["difference"] == pytest.approx(-166.67)  # the observed difference is unchanged
    assert late["low"] == pytest.approx(100 * (centre - z * se), abs=0.01)
    assert late["high"] == pytest.approx(100 * (centre + z * se), abs=0.01)
    assert late["p_value"] == pytest.approx(2 * stats.norm.sf(abs(centre / se)))
    assert late["method"] == "adjusted_wald"
    # staff's group is all promoters: Wald's own variance is 0, the adjusted one is not
    staff = out.loc["staff"]
    assert (staff["low"], staff["high"]) == (pytest.approx(-30.64, abs=0.01), pytest.approx(130.64, abs=0.01))


def test_a_unanimous_theme_gets_an_interval_of_non_zero_width_even_clustered() -> None:
    rng = np.random.default_rng(3)
    n = 200
    theme = np.zeros(n, dtype=bool)
    theme[:12] = True
    score = np.where(theme, 0, rng.integers(0, 11, size=n))  # every answer with the theme: detractor
    df = pd.DataFrame({"nps": score, "t": theme, "other": ~theme, "cid": [f"C{i // 2}" for i in range(n)]})
    df.loc[df.index[:6], "nps"] = 0
    df.loc[0:1, "t"] = True
    wald = drivers(df.assign(nps=np.where(df["t"], 0, df["nps"]).astype(int)), "nps", ["t"], method="wald")
    adj = drivers(df.assign(nps=np.where(df["t"], 0, df["nps"]).astype(int)), "nps", ["t"], cluster="cid")
    # A Wald interval that took the all-detractor group as certain would be as wide as the others'
    # own interval only; the adjusted one (clustered) is clearly wider, and since compare_nps gives
    # a unanimous group the adjusted variance too, so is the plain Wald one
    from cxkit.metrics import nps

    data = df.assign(nps=np.where(df["t"], 0, df["nps"]).astype(int))
    others = nps(data.loc[~data["t"], "nps"])
    assert adj["high"].iloc[0] - adj["low"].iloc[0] > others.high - others.low + 5
    assert wald["high"].iloc[0] - wald["low"].iloc[0] > others.high - others.low + 5
    one = drivers(
        pd.DataFrame({"nps": [0, 0, 10, 10, 9], "t": [True, True, False, False, False]}), "nps", ["t"]
    )
    assert one["high"].iloc[0] - one["low"].iloc[0] > 50  # wald: 0 (both groups unanimous)
    w1 = drivers(
        pd.DataFrame({"nps": [0, 0, 10, 10, 9], "t": [True, True, False, False, False]}),
        "nps",
        ["t"],
        method="wald",
    )
    # compare_nps (method="wald") no longer gives unanimous groups a zero-width interval either
    assert w1["high"].iloc[0] - w1["low"].iloc[0] > 50


def test_a_unanimous_theme_clustered_by_customers_who_answer_once_keeps_its_width() -> None:
    # Every answer from its own customer: the cluster-robust variance is the independent one times
    # G / (G - 1), so the clustered interval must be (almost) the unclustered one. compare_nps adds
    # the unanimous group's adjusted variance to its clustered variance; a design effect taken
    # against the unadjusted Wald variance (0 for that group) counted it twice and made the
    # interval of the 12 all-detractor answers several times too wide.
    rng = np.random.default_rng(5)
    n = 400
    theme = np.arange(n) < 12
    score = np.where(theme, 0, rng.integers(0, 11, size=n))
    df = pd.DataFrame({"nps": score, "t": theme, "cid": np.arange(n)})
    plain = drivers(df, "nps", ["t"]).iloc[0]
    clustered = drivers(df, "nps", ["t"], cluster="cid").iloc[0]
    ratio = ((clustered["high"] - clustered["low"]) / (plain["high"] - plain["low"])) ** 2
    assert ratio == pytest.approx(1, abs=0.02)


def test_clustered_adjusted_wald_uses_the_design_effect_of_the_difference() -> None:
    rng = np.random.default_rng(7)
    n = 300
    cid = rng.integers(0, 60, size=n)
    t = rng.random(n) < 0.3
    score = np.clip(np.round(7 + rng.normal(0, 2, size=n) - 2 * t + (cid % 5 - 2)), 0, 10).astype(int)
    df = pd.DataFrame({"nps": score, "t": t, "cid": cid})
    wald = drivers(df, "nps", ["t"], method="wald").iloc[0]
    wald_cl = drivers(df, "nps", ["t"], method="wald", cluster="cid").iloc[0]
    adj = drivers(df, "nps", ["t"]).iloc[0]
    adj_cl = drivers(df, "nps", ["t"], cluster="cid").iloc[0]
    deff = ((wald_cl["high"] - wald_cl["low"]) / (wald["high"] - wald["low"])) ** 2
    ratio = ((adj_cl["high"] - adj_cl["low"]) / (adj["high"] - adj["low"])) ** 2
    assert ratio == pytest.approx(deff, rel=1e-3)
    assert deff != pytest.approx(1, abs=0.01)


@pytest.mark.parametrize(("adjust", "sm"), [("holm", "holm"), ("bh", "fdr_bh")])
def test_adjust_p_values_agrees_with_statsmodels(adjust: str, sm: str) -> None:
    multipletests = pytest.importorskip("statsmodels.stats.multitest").multipletests
    rng = np.random.default_rng(1)
    for _ in range(20):
        p = rng.random(13) ** 3
        p[rng.integers(0, 13)] = p[0]  # ties
        expected = multipletests(p, method=sm)[1]
        np.testing.assert_allclose(adjust_p_values(p, adjust=adjust), expected, atol=1e-12)
    # by hand: sorted 0.01, 0.02, 0.04 -> 3 x 0.01, 2 x 0.02, max(0.04, 0.04)
    np.testing.assert_allclose(adjust_p_values([0.04, 0.01, 0.02]), [0.04, 0.03, 0.04])
    np.testing.assert_allclose(adjust_p_values([0.04, 0.01, 0.02], adjust="none"), [0.04, 0.01, 0.02])
    with pytest.raises(CXConfigError, match="adjust"):
        adjust_p_values([0.1], adjust="bonferroni")


def test_drivers_adjust_over_the_tested_themes_only() -> None:
    df = HAND.assign(never=False)
    out = drivers(df, "nps", ["late", "staff", "never"], min_n=2).set_index("theme")
    tested = out.loc[["late", "staff"], "p_value"].to_numpy()
    np.testing.assert_allclose(out.loc[["late", "staff"], "p_adjusted"], adjust_p_values(tested))
    assert np.isnan(out.loc["never", "p_adjusted"])
    assert set(out["adjustment"]) == {"holm, 2 themes"}
    assert (
        drivers(df, "nps", ["late"], adjust="none")["p_adjusted"] == drivers(df, "nps", ["late"])["p_value"]
    ).all()
    with pytest.raises(CXConfigError, match="adjust"):
        drivers(HAND, "nps", ["late"], adjust="bonferroni")
    with pytest.raises(CXConfigError, match="method"):
        drivers(HAND, "nps", ["late"], method="wilson")
    with pytest.raises(CXConfigError, match="method"):
        drivers(HAND, "nps", ["late"], metric="mean", method="wald")


# ---------------------------------------------------------------------------------------------
# driver_model
# ---------------------------------------------------------------------------------------------
def _answers(seed: int = 0, n: int = 400) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    cid = rng.integers(0, 120, size=n)
    late = rng.random(n) < 0.25
    phone = (rng.random(n) < 0.15) | (late & (rng.random(n) < 0.5))
    staff = rng.random(n) < 0.2
    base = 8 + (cid % 3 - 1) - 4 * late - 0.5 * phone + 1.5 * staff
    score = np.clip(np.round(base + rng.normal(0, 1.8, size=n)), 0, 10).astype(int)
    w = np.where(score <= 6, 1 / 0.72, 1 / 0.48)
    return pd.DataFrame({"nps": score, "late": late, "phone": phone, "staff": staff, "cid": cid, "w": w})


@pytest.mark.parametrize("outcome", ["nps", "detractor"])
@pytest.mark.parametrize("clustered", [False, True])
@pytest.mark.parametrize("weighted", [False, True])
def test_driver_model_agrees_with_statsmodels(outcome: str, clustered: bool, weighted: bool) -> None:
    sm = pytest.importorskip("statsmodels.api")
    df = _answers()
    names = ["late", "phone", "staff"]
    out = driver_model(
        df,
        "nps",
        names,
        outcome=outcome,
        cluster="cid" if clustered else None,
        weights="w" if weighted else None,
    )
    s = df["nps"]
    y = 100.0 * ((s >= 9).astype(float) - (s <= 6)) if outcome == "nps" else 100.0 * (s <= 6)
    x = sm.add_constant(df[names].astype(float))
    model = sm.WLS(y, x, weights=df["w"]) if weighted else sm.OLS(y, x)
    fit = (
        model.fit(cov_type="cluster", cov_kwds={"groups": df["cid"]})
        if clustered
        else model.fit(cov_type="HC1")
    )
    order = [*names, "const"]
    np.testing.assert_allclose(out["value"], fit.params[order], rtol=1e-9)
    np.testing.assert_allclose(out["se"], fit.bse[order], rtol=1e-9)
    ci = fit.conf_int()
    np.testing.assert_allclose(out["low"], ci.loc[order, 0], rtol=1e-9)
    np.testing.assert_allclose(out["high"], ci.loc[order, 1], rtol=1e-9)
    np.testing.assert_allclose(out["p_value"], fit.pvalues[order], rtol=1e-6, atol=1e-15)
    assert list(out.index) == [*names, "(baseline)"]
    assert out["n"].tolist() == [int(df[t].sum()) for t in names] + [int((~df[names].any(axis=1)).sum())]


def test_driver_model_splits_the_effect_of_themes_that_come_together() -> None:
    df = pd.DataFrame(
        {
            "nps": [0, 0, 0, 0, 10, 8, 10, 10, 10, 10],
            "late": [True] * 4 + [False] * 6,
            "phone": [True, True, True, False, True] + [False] * 5,
        }
    )
    one = drivers(df, "nps", ["late", "phone"], min_n=1).set_index("theme")["difference"]
    together = driver_model(df, "nps", ["late", "phone"], min_n=1)
    assert one["phone"] == -100.0
    assert together.loc["phone", "low"] < 0 < together.loc["phone", "high"]
    assert together.loc["late", "high"] < -150
    assert together["moe"].tolist() == pytest.approx(((together["high"] - together["low"]) / 2).tolist())
    assert not together.loc["phone", "too_small"]
    assert driver_model(df, "nps", ["late", "phone"], min_n=5).loc["phone", "too_small"]  # 4 answers


@pytest.mark.parametrize(
    ("change", "error", "words"),
    [
        ({"themes": []}, CXConfigError, "non-empty"),
        ({"themes": ["nope"]}, CXDataError, "nope"),
        ({"outcome": "promoter"}, CXConfigError, "outcome"),
        ({"adjust": "sidak"}, CXConfigError, "adjust"),
        ({"confidence": 2}, CXConfigError, "confidence"),
    ],
)
def test_driver_model_bad_options(change, error, words) -> None:
    kwargs = {"themes": ["late", "phone"], **change}
    with pytest.raises(error, match=words):
        driver_model(_answers(), "nps", **kwargs)


def test_driver_model_bad_data() -> None:
    df = _answers()
    with pytest.raises(CXDataError, match="in every answer or in none"):
        driver_model(df.assign(never=False), "nps", ["late", "never"])
    with pytest.raises(CXDataError, match="always come together"):
        driver_model(df.assign(twin=df["late"]), "nps", ["late", "twin"])
    with pytest.raises(CXDataError, match="positive"):
        driver_model(df.assign(w=np.where(df.index == 5, -1.0, 1.0)), "nps", ["late"], weights="w")
    with pytest.raises(CXDataError, match="True/False"):
        driver_model(df.assign(late=df["late"].astype(int)), "nps", ["late"])
    with pytest.raises(CXDataError, match="coefficients"):
        driver_model(df.head(2), "nps", ["late", "phone"])
    with pytest.raises(CXDataError, match="nps"):
        driver_model(df.assign(nps=df["nps"] + 20), "nps", ["late"])


def test_a_theme_from_a_single_customer_still_gets_an_interval() -> None:
    rng = np.random.default_rng(0)
    df = pd.DataFrame(
        {
            "nps": rng.integers(0, 11, 60),
            "u": [True, True] + [False] * 58,
            "cid": [f"C{i // 2}" for i in range(60)],
        }
    )
    df.loc[0:1, "nps"] = 0
    row = drivers(df, "nps", ["u"], cluster="cid", min_n=5).iloc[0]
    plain = drivers(df.drop(columns="cid"), "nps", ["u"], min_n=5).iloc[0]
    assert row["too_small"]
    # the two answers come from one customer: no design effect to estimate, so it is taken as 1
    assert (row["low"], row["high"], row["p_value"]) == pytest.approx(
        (plain["low"], plain["high"], plain["p_value"])
    )
    assert row["high"] - row["low"] > 50
