"""The business case's tools (Kaplan-Meier, log-rank, Mantel-Haenszel) and the planted effects.

The hand-worked examples pin the estimators; the course-data tests check that the three causal
effects the generator plants (``cxkit/data/_gen_base.py``, documented in datasets/README.md) are
recovered: each estimate's interval on the course data covers the same estimate on a five times
larger company generated with another seed (the "truth"), and switching an effect off in the
generator makes its difference vanish.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps

from cxkit.data import generator, load, read_csv
from cxkit.errors import CXDataError
from cxkit.retention import compare_return, kaplan_meier, logrank_test, time_to_next_order
from cxkit.stats import stratified_difference
from cxkit.stats.stratified import mantel_haenszel_difference


# --- Kaplan-Meier, by hand ------------------------------------------------------------------
def test_kaplan_meier_by_hand_with_greenwood_log_log_interval() -> None:
    # 5 customers: returned on days 2, 3, 5; censored on days 3 and 8.
    km = kaplan_meier([2, 3, 3, 5, 8], [True, True, False, True, False], at=[1, 2, 3, 5, 9])
    # S(2) = 4/5, S(3) = 4/5 * 3/4 (the one censored on day 3 is still at risk), S(5) = 0.6 * 1/2
    assert km["value"].tolist()[:4] == pytest.approx([0.0, 20.0, 40.0, 70.0])
    assert math.isnan(km.loc[9, "value"])  # nobody followed past day 8
    assert km["at_risk"].tolist() == [5, 5, 4, 2, 0]
    assert km["returned"].tolist() == [0, 1, 2, 3, 3]
    # Greenwood: Var S(2) = S^2 * 1/(5*4); log-log interval S^exp(+-z*se), se = sqrt(v)/|ln S|/S
    s, v = 0.8, 0.8**2 * (1 / 20)
    se = math.sqrt(v) / (s * abs(math.log(s)))
    z = sps.norm.ppf(0.975)
    low_s, high_s = s ** math.exp(z * se), s ** math.exp(-z * se)
    assert km.loc[2, "low"] == pytest.approx(100 * (1 - high_s))
    assert km.loc[2, "high"] == pytest.approx(100 * (1 - low_s))
    assert km.loc[1, "low"] == km.loc[1, "high"] == 0.0  # before any return: no uncertainty
    assert list(km.columns[:8]) == ["value", "n", "low", "high", "moe", "too_small", "method", "confidence"]


def test_kaplan_meier_groups_and_bad_input() -> None:
    km = kaplan_meier([1, 2, 3, 4], [True, False, True, True], groups=["a", "a", "b", "b"], at=[1, 3])
    assert km.loc[("a", 1), "value"] == pytest.approx(50.0)
    assert math.isnan(km.loc[("a", 3), "value"])  # a's customers were followed 2 days at most
    assert km.loc[("b", 3), "value"] == pytest.approx(50.0)
    with pytest.raises(CXDataError, match=r"negative or missing"):
        kaplan_meier([1, -2], [True, True])
    with pytest.raises(CXDataError, match="True or False"):
        kaplan_meier([1, 2], ["yes", "no"])


def test_logrank_by_hand() -> None:
    # a: events on days 1, 3; b: events on 2, 4, censored on 5. Day by day: (at risk a, b, events)
    d = [1, 3, 2, 4, 5]
    r = [True, True, True, True, False]
    g = ["a", "a", "b", "b", "b"]
    o_minus_e, var = 0.0, 0.0
    for t in (1, 2, 3, 4):
        na = sum(1 for x, gg in zip(d, g, strict=True) if gg == "a" and x >= t)
        nb = sum(1 for x, gg in zip(d, g, strict=True) if gg == "b" and x >= t)
        e = sum(1 for x, rr in zip(d, r, strict=True) if rr and x == t)
        ea = sum(1 for x, rr, gg in zip(d, r, g, strict=True) if rr and x == t and gg == "a")
        n = na + nb
        o_minus_e += ea - e * na / n
        var += e * (na / n) * (nb / n) * (n - e) / max(n - 1, 1)
    res = logrank_test(d, r, g, order=["a", "b"])
    assert res.statistic == pytest.approx(o_minus_e / math.sqrt(var))
    assert res.pvalue == pytest.approx(2 * sps.norm.sf(abs(o_minus_e / math.sqrt(var))))
    with pytest.raises(CXDataError, match="exactly two groups"):
        logrank_test(d, r, ["a", "b", "c", "c", "c"])


def test_time_to_next_order_censors_at_as_of_and_errors() -> None:
    orders = pd.DataFrame(
        {
            "customer_id": ["a", "a", "a", "b"],
            "timestamp": pd.to_datetime(
                ["2025-01-01 00:00", "2025-01-01 10:00", "2025-03-02 00:00", "2025-01-05 00:00"]
            ),
        }
    )
    starts = pd.DataFrame(
        {
            "customer_id": ["a", "b", "c"],
            "start": pd.to_datetime(["2025-01-01 10:00", "2025-01-05 00:00", "2025-01-10 00:00"]),
        }
    )
    f = time_to_next_order(starts, orders, as_of="2025-02-01")
    # a's next order (2 March) is after as_of: censored at 31 days; b never returned; c has no orders
    assert f["returned"].tolist() == [False, False, False]
    assert f["days"].tolist() == pytest.approx([30 + 14 / 24, 27.0, 22.0])
    f = time_to_next_order(starts, orders, as_of="2025-03-31")
    assert f["returned"].tolist() == [True, False, False]
    with pytest.raises(CXDataError, match=r"after the end of follow-up"):
        time_to_next_order(starts, orders, as_of="2025-01-06")
    with pytest.raises(CXDataError, match="column 'start': the start time must be dates"):
        time_to_next_order(starts.assign(start="2025-01-01"), orders)


# --- Mantel-Haenszel, by hand ---------------------------------------------------------------
def test_mantel_haenszel_one_stratum_is_the_wald_difference() -> None:
    est, _low, _high, se = mantel_haenszel_difference([30], [100], [20], [100])
    assert est == pytest.approx(0.1)
    assert se**2 == pytest.approx(0.3 * 0.7 / 100 + 0.2 * 0.8 / 100)


def test_mantel_haenszel_two_strata_by_hand() -> None:
    xa, na, xb, nb = [30, 45], [100, 50], [20, 160], [100, 200]
    w = [100 * 100 / 200, 50 * 200 / 250]
    rd = [0.30 - 0.20, 0.90 - 0.80]
    est = sum(wi * ri for wi, ri in zip(w, rd, strict=True)) / sum(w)  # the MH weights n_a n_b / N
    got, *_ = mantel_haenszel_difference(xa, na, xb, nb)
    assert got == pytest.approx(est) == pytest.approx(0.1)
    t = stratified_difference(xa, na, xb, nb, strata=["B2C", "B2B"])
    assert t.loc["crude (pooled)", "value"] == pytest.approx(100 * (75 / 150 - 180 / 300))  # -10: reversed
    assert t.loc["Mantel-Haenszel", "low"] > 0
    with pytest.raises(CXDataError, match="more units with the property than units"):
        stratified_difference([5], [4], [1], [2], strata=["x"])


# --- The planted effects on the course data -------------------------------------------------
def _cases(orders: pd.DataFrame, customers: pd.DataFrame, surveys: pd.DataFrame, tickets: pd.DataFrame):
    seg = customers.set_index("customer_id")["segment"].astype(str)
    # customers whose first order was delivered (not a store purchase, not lost)
    first = orders.sort_values("timestamp").groupby("customer_id").head(1).dropna(subset=["delivered_date"])
    late = pd.DataFrame(
        {
            "customer_id": first["customer_id"],
            "start": first["delivered_date"],
            "delivery": np.where(first["delivered_date"] > first["promised_date"], "late", "on time"),
        }
    )
    ans = surveys[surveys["responded"] & surveys["nps"].notna()].sort_values("response_date")
    ans = ans.groupby("customer_id").head(1)
    nps = pd.DataFrame(
        {
            "customer_id": ans["customer_id"],
            "start": ans["response_date"],
            "nps_group": np.select([ans["nps"] <= 6, ans["nps"] >= 9], ["detractor", "promoter"], "passive"),
        }
    )
    # each customer's first resolved ticket: one start per customer (independent units)
    tk = tickets.dropna(subset=["resolved_at"]).sort_values("opened_at").groupby("customer_id").head(1)
    handled = pd.DataFrame(
        {
            "customer_id": tk["customer_id"],
            "start": tk["resolved_at"],
            "handling": np.where(
                tk["reopened"] | ~tk["first_contact_resolution"].astype(bool), "badly", "well"
            ),
        }
    )
    out = {}
    for name, starts, group, a, b in (
        ("late", late, "delivery", "late", "on time"),
        ("nps", nps, "nps_group", "detractor", "promoter"),
        ("ticket", handled, "handling", "badly", "well"),
    ):
        f = time_to_next_order(starts, orders, as_of="2026-01-01")
        f["segment"] = f["customer_id"].map(seg)
        out[name] = compare_return(f, group=group, a=a, b=b, within=180)
    return out


@pytest.fixture(scope="module")
def course() -> dict[str, pd.DataFrame]:
    return _cases(load("orders"), load("customers"), load("surveys"), load("tickets"))


def _generated(tmp_path_factory: pytest.TempPathFactory, name: str, **kw) -> dict[str, pd.DataFrame]:
    out = tmp_path_factory.mktemp(name)
    generator.generate(out=out, **kw)
    t = {n: read_csv(out / f"{n}.csv", n) for n in ("orders", "customers", "surveys", "tickets")}
    return _cases(t["orders"], t["customers"], t["surveys"], t["tickets"])


@pytest.fixture(scope="module")
def truth(tmp_path_factory: pytest.TempPathFactory) -> dict[str, pd.DataFrame]:
    return _generated(tmp_path_factory, "truth", seed=7, scale=5)


def test_course_data_show_each_effect(course: dict[str, pd.DataFrame]) -> None:
    """Each effect is clear on the course data (its Mantel-Haenszel interval below zero)."""
    for name in ("late", "nps", "ticket"):
        assert course[name].loc["Mantel-Haenszel", "high"] < 0, name
    # Detractors: a clear gap for consumers, none to speak of for business buyers; pooling the two
    # segments understates the consumers' gap (business buyers are more often detractors and return more).
    nps = course["nps"]
    assert nps.loc["B2C", "high"] < 0 < nps.loc["B2B", "high"]
    assert nps.loc["B2B", "low"] < 0
    assert nps.loc["crude (pooled)", "value"] > nps.loc["Mantel-Haenszel", "value"] > nps.loc["B2C", "value"]


@pytest.mark.slow
def test_course_intervals_cover_the_truth(
    course: dict[str, pd.DataFrame], truth: dict[str, pd.DataFrame]
) -> None:
    for name in ("late", "nps", "ticket"):
        row, true = course[name].loc["Mantel-Haenszel"], truth[name].loc["Mantel-Haenszel", "value"]
        assert row["low"] <= true <= row["high"], (name, true, row[["low", "high"]].tolist())


@pytest.mark.slow
def test_switching_the_effects_off_removes_them(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cxkit.data import _gen_commerce

    monkeypatch.setattr(_gen_commerce, "LATE_LEAVE", {"B2C": 0.0, "B2B": 0.0})
    monkeypatch.setattr(_gen_commerce, "LATE_PAUSE_DAYS", 1e-9)
    monkeypatch.setattr(_gen_commerce, "TICKET_LEAVE", {"well": 0.05, "badly": 0.05})
    off = _generated(tmp_path_factory, "off", seed=7, scale=3)
    for name in ("late", "ticket"):
        mh = off[name].loc["Mantel-Haenszel"]
        assert abs(mh["value"]) < 5, (name, mh["value"])


def test_datasets_readme_states_the_course_values(course: dict[str, pd.DataFrame]) -> None:
    """The table in datasets/README.md ("planted effects") is what compare_return gives."""
    from pathlib import Path

    text = (Path(__file__).resolve().parent.parent / "datasets" / "README.md").read_text(encoding="utf-8")
    rows = {
        "late": "first parcel late",
        "nps": "detractors − promoters",
        "ticket": "first ticket handled badly",
    }

    def fmt(x: float) -> str:
        return f"{x:.1f}".replace("-", "−")

    for name, label in rows.items():
        t = course[name]
        line = next(ln for ln in text.splitlines() if ln.startswith(f"| {label}"))
        cells = [c.strip() for c in line.strip("|").split("|")]
        mh = t.loc["Mantel-Haenszel"]
        assert cells[1:] == [
            fmt(t.loc["B2C", "value"]),
            fmt(t.loc["B2B", "value"]),
            fmt(t.loc["crude (pooled)", "value"]),
            f"{fmt(mh['value'])} ({fmt(mh['low'])} to {fmt(mh['high'])})",
        ], name
    from cxkit.data import _gen_base

    assert _gen_base.LATE_LEAVE == {"B2C": 0.25, "B2B": 0.10}
    assert "probability **25%** (a business customer **10%**)" in text
    assert _gen_base.MOOD_LIFE_BETA == {"B2C": 1.2, "B2B": 0.2}
    assert "β = 1.2 for consumers and 0.2 for business customers" in text
    assert _gen_base.TICKET_LEAVE == {"well": 0.05, "badly": 0.30}
    assert "probability **30%**" in text
    assert "against **5%** after a ticket handled well" in text
    assert _gen_base.LATE_PAUSE_DAYS == 30
    assert "**30 days** later" in text


def test_compare_margin_by_hand() -> None:
    """Margin after each start within the window, without VAT, per stratum and weighted by a's mix."""
    from cxkit.retention import compare_margin

    orders = pd.DataFrame(
        {
            "customer_id": ["a1", "a1", "b1", "b2", "a2", "b3", "b3"],
            "timestamp": pd.to_datetime(
                [
                    "2024-01-05",
                    "2025-06-01",
                    "2024-01-20",
                    "2024-02-01",
                    "2024-01-03",
                    "2024-01-10",
                    "2024-03-01",
                ]
            ),
            "value": [120.0, 999.0, 240.0, 60.0, 360.0, 120.0, 120.0],
        }
    )
    starts = pd.DataFrame(
        {
            "customer_id": ["a1", "b1", "b2", "a2", "b3", "late"],
            "start": pd.to_datetime(
                ["2024-01-01", "2024-01-01", "2024-01-01", "2024-01-01", "2024-01-01", "2025-12-01"]
            ),
            "g": ["a", "b", "b", "a", "b", "a"],
            "segment": ["C", "C", "C", "B", "B", "C"],
        }
    )
    t = compare_margin(
        starts,
        orders,
        group="g",
        a="a",
        b="b",
        within=365,
        as_of="2026-01-01",
        margin=0.5,
        vat=0.2,
        n_boot=200,
    )
    # C: a1 spent 120 in the year (the 999 is later) -> 50; b1 240 -> 100, b2 60 -> 25: mean 62.5
    assert t.loc["C", "mean_a"] == pytest.approx(50.0)
    assert t.loc["C", "mean_b"] == pytest.approx(62.5)
    # B: a2 360 -> 150; b3 240 -> 100
    assert t.loc["B", "value"] == pytest.approx(50.0)
    # group a: one start in each stratum ("late" came too close to the end and is left out)
    assert t.loc["weighted (mix of a)", "value"] == pytest.approx(0.5 * -12.5 + 0.5 * 50.0)
    assert t.loc["weighted (mix of a)", "n"] == 5
    assert list(t.columns[:8]) == ["value", "n", "low", "high", "moe", "too_small", "method", "confidence"]
