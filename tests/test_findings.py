"""The planted findings of the course data (datasets/README.md, "Planted findings") hold.

Each test reads the committed CSV files with plain pandas (not the cxkit loaders) and checks the
effect with a clear margin and a significance test, so a learner's analysis will find it too.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from reference import nps_reference
from scipy import stats

pytestmark = pytest.mark.course

DATASETS = Path(__file__).resolve().parents[1] / "datasets"
STAGES = ["awareness", "consideration", "decision", "purchase", "post_purchase"]


@pytest.fixture(scope="module")
def data() -> dict[str, pd.DataFrame]:
    read = {
        "customers": dict(parse_dates=["signup_date"]),
        "orders": dict(parse_dates=["timestamp", "promised_date", "delivered_date"]),
        "events": dict(parse_dates=["timestamp"]),
        "surveys": dict(parse_dates=["sent_at", "response_date"]),
        "tickets": dict(parse_dates=["opened_at", "first_response_at", "resolved_at"]),
    }
    return {name: pd.read_csv(DATASETS / f"{name}.csv", **kw) for name, kw in read.items()}


def test_1_late_deliveries_drive_detractors(data: dict[str, pd.DataFrame]) -> None:
    delivery = data["surveys"][data["surveys"]["touchpoint"] == "delivery"]  # only they reflect the arrival
    s = delivery.dropna(subset=["order_id", "nps"]).merge(data["orders"], on="order_id")
    s = s[s["delivered_date"].notna()]
    late = s["delivered_date"] > s["promised_date"]
    detractor = s["nps"] <= 6
    share_late, share_on_time = detractor[late].mean(), detractor[~late].mean()
    assert late.sum() >= 150
    assert share_late > 3 * share_on_time, (share_late, share_on_time)
    table = pd.crosstab(late, detractor)
    assert stats.chi2_contingency(table).pvalue < 1e-10


def test_2_long_phone_holds_hurt_ces(data: dict[str, pd.DataFrame]) -> None:
    phone = data["tickets"][data["tickets"]["channel"] == "phone"]
    s = data["surveys"].dropna(subset=["ticket_id", "ces"]).merge(phone, on="ticket_id")
    hold = (s["first_response_at"] - s["opened_at"]).dt.total_seconds() / 60
    assert hold.max() > 40
    assert hold.min() < 2
    long, short = s.loc[hold > 10, "ces"], s.loc[hold <= 10, "ces"]
    assert len(long) >= 50
    assert len(short) >= 100
    assert short.mean() - long.mean() > 0.8, (short.mean(), long.mean())
    assert stats.mannwhitneyu(short, long, alternative="greater").pvalue < 1e-6
    by_band = s.groupby(pd.cut(hold, [0, 5, 10, 20, 1000]), observed=True)["ces"].mean()
    assert by_band.is_monotonic_decreasing, by_band
    assert stats.spearmanr(hold, s["ces"]).statistic < -0.3


def test_3_decision_to_purchase_loses_the_most(data: dict[str, pd.DataFrame]) -> None:
    e = data["events"]
    cases = e["case_id"].nunique()
    reached_any = e.groupby("stage")["case_id"].nunique().reindex(STAGES) / cases
    deepest = e["stage"].map({s: i for i, s in enumerate(STAGES)}).groupby(e["case_id"]).max()
    reached_deepest = pd.Series([(deepest >= i).mean() for i in range(5)], index=STAGES)
    for reached in (reached_any, reached_deepest):  # both common funnel definitions agree
        step = 1 - reached.iloc[1:].to_numpy() / reached.iloc[:-1].to_numpy()
        worst = int(np.argmax(step))
        assert STAGES[worst + 1] == "purchase", step
        others = np.delete(step, worst)
        assert step[worst] > 0.4, step
        assert step[worst] > 1.8 * others.max(), step


def test_4_b2b_scores_lower_and_answer_less(data: dict[str, pd.DataFrame]) -> None:
    s = data["surveys"]
    rate = s.groupby("segment")["responded"].mean()
    assert rate["B2C"] > 0.25, rate
    assert rate["B2B"] < 0.15, rate
    assert rate["B2C"] > 2 * rate["B2B"], rate
    scores = s.groupby("segment")["nps"].apply(nps_reference)
    assert scores["B2C"] - scores["B2B"] > 15, scores
    b2b, b2c = s.loc[s["segment"] == "B2B", "nps"].dropna(), s.loc[s["segment"] == "B2C", "nps"].dropna()
    assert len(b2b) >= 200
    assert stats.mannwhitneyu(b2c, b2b, alternative="greater").pvalue < 1e-6


def cohort_activity(customers: pd.DataFrame, orders: pd.DataFrame, k: int) -> pd.DataFrame:
    """Share of each monthly signup cohort that orders in the k-th month after signing up."""
    c = customers.assign(cohort=customers["signup_date"].dt.to_period("M"))
    o = orders.merge(c[["customer_id", "cohort"]], on="customer_id")
    month = o["timestamp"].dt.to_period("M")
    o = o[(month - o["cohort"]).map(lambda d: d.n) == k]
    active = o.groupby(["cohort"])["customer_id"].nunique()
    size = c.groupby("cohort").size()
    return pd.DataFrame({"size": size, "retained": (active.reindex(size.index).fillna(0) / size)})


def test_5_app_cohort_of_march_2025_retains_worse(data: dict[str, pd.DataFrame]) -> None:
    c, o = data["customers"], data["orders"]
    app = c[c["acquisition_channel"] == "app"]
    table = cohort_activity(app, o, 3)
    march = pd.Period("2025-03", "M")
    neighbours = [march + d for d in (-3, -2, -1, 1, 2, 3)]
    affected = table.loc[march]
    around = table.loc[neighbours]
    pooled = (around["retained"] * around["size"]).sum() / around["size"].sum()
    assert affected["size"] > 80  # the launch campaign brought many app sign-ups
    assert affected["retained"] < 0.08, (affected, pooled)
    assert pooled > 0.18, (affected, pooled)
    assert affected["retained"] < pooled / 3
    hits = round(affected["retained"] * affected["size"])
    assert stats.binomtest(int(hits), int(affected["size"]), pooled, alternative="less").pvalue < 1e-6
    # the dip shows in the all-customer cohort table too
    everyone = cohort_activity(c, o, 3)
    assert everyone.loc[march, "retained"] < everyone.loc[neighbours, "retained"].min()


PROBLEM_WORDS = re.compile(r"\b(?:late|wait\w*|hold|crash\w*|damaged|never arrived|bug)\b", re.IGNORECASE)


def test_6_comment_themes_explain_low_scores(data: dict[str, pd.DataFrame]) -> None:
    s = data["surveys"].dropna(subset=["comment", "nps"])
    mentions = s["comment"].str.contains(PROBLEM_WORDS)
    detractors, promoters = mentions[s["nps"] <= 6], mentions[s["nps"] >= 9]
    assert len(detractors) >= 300
    assert len(promoters) >= 300
    assert detractors.mean() > 0.35, (detractors.mean(), promoters.mean())
    assert promoters.mean() < 0.02, (detractors.mean(), promoters.mean())
    # comments fit the score: late-delivery comments come with low scores
    late = s["comment"].str.contains(r"\blate\b", case=False)
    assert s.loc[late, "nps"].mean() < s.loc[~late, "nps"].mean() - 2
