"""The expected answers of exercise 08, recomputed independently with plain pandas."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from cxkit.course.answers import expected

pytestmark = pytest.mark.course

DATASETS = Path(__file__).resolve().parents[1] / "datasets"


@pytest.fixture(scope="module")
def b2b_orders() -> pd.DataFrame:
    orders = pd.read_csv(DATASETS / "orders.csv", parse_dates=["timestamp"])
    customers = pd.read_csv(DATASETS / "customers.csv")
    return orders[orders["customer_id"].isin(customers.loc[customers["segment"] == "B2B", "customer_id"])]


def test_q1_b2b_repeat_purchase_rate(b2b_orders):
    days = b2b_orders.assign(day=b2b_orders["timestamp"].dt.date).groupby("customer_id")["day"].nunique()
    assert expected("08.q1") == pytest.approx(100 * (days >= 2).mean())


def test_q2_march_2025_cohort_month_2():
    orders = pd.read_csv(DATASETS / "orders.csv", parse_dates=["timestamp"])
    first = orders.groupby("customer_id")["timestamp"].transform("min").dt.to_period("M")
    cohort = orders[first == pd.Period("2025-03", "M")]
    may = cohort[cohort["timestamp"].dt.to_period("M") == pd.Period("2025-05", "M")]["customer_id"].nunique()
    assert expected("08.q2") == pytest.approx(100 * may / cohort["customer_id"].nunique())


def test_q3_b2b_simple_clv(b2b_orders):
    o24 = b2b_orders[b2b_orders["timestamp"].dt.year == 2024]
    o25 = b2b_orders[b2b_orders["timestamp"].dt.year == 2025]
    r = o24["customer_id"].drop_duplicates().isin(o25["customer_id"]).mean()
    v = b2b_orders["value"].mean() * o25.groupby("customer_id").size().mean() * 0.3
    assert expected("08.q3") == pytest.approx(v / (1 + 0.1 - r))


def test_q4_pooled_model_under_predicts_b2b(b2b_orders):
    # Exercise 08's worked answer says so: the model fitted on all customers expects fewer B2B
    # holdout purchases than the 2,958 purchase days that happened (fit per segment instead).
    first = b2b_orders.groupby("customer_id")["timestamp"].transform("min")
    cut = pd.Timestamp("2025-07-01")
    hold = b2b_orders[(first < cut) & (b2b_orders["timestamp"] >= cut)]
    actual = hold.assign(day=hold["timestamp"].dt.date).groupby("customer_id")["day"].nunique().sum()
    assert actual == 2958
    assert round(expected("08.q4")) == 2284
