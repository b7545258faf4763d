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


def test_q4_q5_customers_and_value(b2b):
    worst = answers.expected("11.q1")
    invited = b2b[b2b["touchpoint"] == worst]
    customers = invited["customer_id"].nunique()
    sent = load("surveys")["sent_at"]
    years = (sent.max() - sent.min()).total_seconds() / (365.25 * 86400)
    assert answers.expected("11.q4") == pytest.approx(customers / years)
    orders = load("orders")
    spend = orders.loc[orders["customer_id"].isin(invited["customer_id"]), "value"].sum()
    value = customers / years * answers.expected("11.q3") / 100 * (spend / customers / years)
    assert answers.expected("11.q5") == pytest.approx(value)


def test_q7_busy_parent_worst_nps():
    surveys = load("surveys")
    chat = surveys[(surveys["segment"] == "B2C") & (surveys["touchpoint"] == "support_chat")]
    assert answers.expected("11.q7") == pytest.approx(plain_nps(chat["nps"]))
