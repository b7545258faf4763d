"""Exercise 11's expected answers (cxkit/course/answers_11.py) agree with plain pandas.

The exercise runs the capstone for the Office Manager (segment B2B); every value is recomputed here
without cxkit's metric functions (the NPS as % promoters minus % detractors, the point estimate of
the gap as a difference of two such NPS).
"""

from __future__ import annotations

import pandas as pd
import pytest

from cxkit.course import answers
from cxkit.data import load

pytestmark = pytest.mark.course

#: The Office Manager's touchpoints (datasets/journeys/office-manager.yaml)
OFFICE = {"newsletter", "website", "sales_call", "phone_order", "delivery", "invoice", "support_phone"}


def plain_nps(scores: pd.Series) -> float:
    s = scores.dropna()
    return 100 * ((s >= 9).mean() - (s <= 6).mean())


@pytest.fixture(scope="module")
def b2b():
    surveys = load("surveys")
    return surveys[surveys["segment"] == "B2B"]


def test_the_map_lists_the_touchpoints_used_here():
    from cxkit._paths import repo_root
    from cxkit.journey.model import load_journey

    journey = load_journey(repo_root() / "datasets/journeys/office-manager.yaml")
    assert set(journey.touchpoint_stages()) == OFFICE


def test_q1_q2_worst_moment_of_truth(b2b):
    a = b2b[b2b["nps"].notna() & b2b["touchpoint"].isin(OFFICE)]
    n = a.groupby("touchpoint", observed=True)["nps"].size()
    scores = a.groupby("touchpoint", observed=True)["nps"].apply(plain_nps)[n >= 30].sort_values()
    assert answers.expected("11.q1") == scores.index[0]
    assert answers.expected("11.q2") == pytest.approx(scores.iloc[0])


def test_q3_gap(b2b):
    a = b2b[b2b["nps"].notna() & b2b["touchpoint"].isin(OFFICE)]
    worst = answers.expected("11.q1")
    gap = plain_nps(a.loc[a["touchpoint"] != worst, "nps"]) - plain_nps(
        a.loc[a["touchpoint"] == worst, "nps"]
    )
    assert answers.expected("11.q3") == pytest.approx(gap)


def _badly(t):
    return t["reopened"].astype(bool) | ~t["first_contact_resolution"].astype(bool) | t["resolved_at"].isna()


def test_q4_q5_customers_and_value(b2b):
    """Plain pandas: B2B phone tickets handled badly in 2025, module 08's effect, a year's margin."""
    customers = load("customers")
    ids = set(customers.loc[customers["segment"] == "B2B", "customer_id"])
    orders = load("orders")
    orders = orders[orders["customer_id"].isin(ids)]
    tickets = load("tickets")
    tickets = tickets[tickets["customer_id"].isin(ids)]
    bad_2025 = _badly(tickets) & (tickets["channel"] == "phone") & (tickets["opened_at"].dt.year == 2025)
    affected = tickets.loc[bad_2025, "customer_id"].nunique()
    assert answers.expected("11.q4") == affected
    # the effect: each customer's first resolved ticket, followed 180 days (resolved by 2025-07-05)
    end = pd.Timestamp("2026-01-01")
    first = (
        tickets.dropna(subset=["resolved_at"])
        .sort_values("opened_at", kind="stable")
        .groupby("customer_id")
        .head(1)
    )
    first = first[first["resolved_at"] <= end - pd.Timedelta(days=180)].copy()
    pairs = first[["customer_id", "resolved_at"]].merge(
        orders[["customer_id", "timestamp"]], on="customer_id"
    )
    nxt = pairs[pairs["timestamp"] > pairs["resolved_at"]].groupby("customer_id")["timestamp"].min()
    again = first["customer_id"].map(nxt)
    first["back"] = again.notna() & (again <= first["resolved_at"] + pd.Timedelta(days=180))
    first["bad"] = _badly(first)
    effect = first.loc[first["bad"], "back"].mean() - first.loc[~first["bad"], "back"].mean()
    # the margin: returning customers handled well, followed a year; orders without 20% VAT at 30%, 10% a year
    keep = first[first["back"] & ~first["bad"] & (first["resolved_at"] <= end - pd.Timedelta(days=365))]
    j = keep[["customer_id", "resolved_at"]].merge(
        orders[["customer_id", "timestamp", "value"]], on="customer_id"
    )
    days = (j["timestamp"] - j["resolved_at"]) / pd.Timedelta(days=1)
    j = j[(days > 0) & (days <= 365)]
    pv = j["value"] / 1.2 * 0.3 * 1.1 ** (-days[j.index] / 365)
    margin = pv.groupby(j["customer_id"]).sum().reindex(keep["customer_id"], fill_value=0.0).mean()
    assert answers.expected("11.q5") == pytest.approx(affected * 0.5 * -effect * margin)


def test_q7_busy_parent_worst_nps():
    surveys = load("surveys")
    chat = surveys[(surveys["segment"] == "B2C") & (surveys["touchpoint"] == "support_chat")]
    assert answers.expected("11.q7") == pytest.approx(plain_nps(chat["nps"]))
