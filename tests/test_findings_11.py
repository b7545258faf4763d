"""The numbers module 11's prose and facilitator notes quote, recomputed from the data.

The capstone notebook runs on a learner's own data too, so its prose cannot carry ``assert`` lines;
these tests recompute, mostly with plain pandas, what it says about the course data.
"""

from __future__ import annotations

import pandas as pd
import pytest

from cxkit.course import answers
from cxkit.data import load

pytestmark = pytest.mark.course


def plain_nps(scores: pd.Series) -> float:
    s = scores.dropna()
    return 100 * ((s >= 9).mean() - (s <= 6).mean())


@pytest.fixture(scope="module")
def b2c():
    surveys, customers = load("surveys"), load("customers")
    ids = set(customers.loc[customers["segment"] == "B2C", "customer_id"])
    return surveys[surveys["segment"] == "B2C"], ids


MAP_TOUCHPOINTS = {"newsletter", "app_browse", "product_page", "app_checkout", "delivery", "support_chat"}


def test_busy_parent_worst_moment_is_the_support_chat(b2c):
    surveys, _ = b2c
    answered = surveys[surveys["nps"].notna() & surveys["touchpoint"].isin(MAP_TOUCHPOINTS)]
    n = answered.groupby("touchpoint", observed=True)["nps"].size()
    by_tp = answered.groupby("touchpoint", observed=True)["nps"].apply(plain_nps)[n >= 30].sort_values()
    assert by_tp.index[0] == "support_chat"
    assert round(by_tp.iloc[0]) == 22  # "its NPS is about +22"
    assert by_tp.index[1] == "app_checkout"
    assert int(n["support_chat"]) == 189


def test_gap_to_the_rest_of_the_journey_and_its_interval():
    from cxkit.course.answers_11 import _project

    project = _project("busy-parent.yaml")
    assert round(project["gap"]) == 15  # "some 15 points below the rest of the journey"
    assert answers.expected("11.q6") == pytest.approx(project["gap"])
    # "its interval stays above zero" and "its own interval still overlaps the app checkout's"
    from cxkit._paths import repo_root
    from cxkit.journey.fill import fill_from_data
    from cxkit.journey.model import load_journey
    from cxkit.metrics import compare_nps

    filled = fill_from_data(load_journey(repo_root() / "datasets/journeys/busy-parent.yaml"), segment="B2C")
    nps_rows = filled[filled["measure"] == "NPS"].set_index("touchpoint")
    assert nps_rows.loc["support_chat", "high"] >= nps_rows.loc["app_checkout", "low"]
    surveys = load("surveys")
    a = surveys[(surveys["segment"] == "B2C") & surveys["nps"].notna()]
    chat = a[a["touchpoint"] == "support_chat"]
    rest = a[a["touchpoint"].isin(MAP_TOUCHPOINTS - {"support_chat"})]
    gap = compare_nps(rest["nps"], chat["nps"], cluster=(rest["customer_id"], chat["customer_id"]))
    assert gap.low > 0
    assert (round(gap.value, 1), round(gap.low, 1), round(gap.high, 1)) == (14.8, 3.7, 25.8)


def test_first_contact_resolution_splits_the_chat(b2c):
    surveys, _ = b2c
    tickets = load("tickets").set_index("ticket_id")
    chat = surveys[(surveys["touchpoint"] == "support_chat") & surveys["nps"].notna()]
    fcr = chat["ticket_id"].map(tickets["first_contact_resolution"])
    resolved, not_resolved = chat[fcr == True], chat[fcr == False]  # noqa: E712
    assert plain_nps(resolved["nps"]) > 25  # "a clearly positive NPS"
    assert -20 < plain_nps(not_resolved["nps"]) < 0  # "about −8", no longer "strongly negative"
    # "a difference of about 41 points, with an interval (about 18 to 64) well clear of zero"
    from cxkit.metrics import compare_nps

    split = compare_nps(
        resolved["nps"], not_resolved["nps"], cluster=(resolved["customer_id"], not_resolved["customer_id"])
    )
    assert (round(split.value), round(split.low), round(split.high)) == (41, 18, 64)


def test_biggest_leak_is_into_purchase(b2c):
    from cxkit.journey.analytics import funnel

    _, ids = b2c
    events = load("events")
    steps = funnel(
        events[events["customer_id"].isin(ids)],
        stages=["awareness", "consideration", "decision", "purchase", "post_purchase"],
        activity="stage",
    )
    assert steps["drop_off_pct"].idxmax() == "purchase"
    assert round(steps["drop_off_pct"].max()) == 53


def test_the_value_of_the_chat_fix():
    """Module 11, step 6: "145 Busy Parents ... roughly 700 euros a year, between about 300 and 1,000"."""
    from cxkit.course.answers_11 import _project

    project = _project("busy-parent.yaml")
    tickets, customers = load("tickets"), load("customers")
    b2c = set(customers.loc[customers["segment"] == "B2C", "customer_id"])
    t = tickets[tickets["customer_id"].isin(b2c)]
    badly = t["reopened"].astype(bool) | ~t["first_contact_resolution"].astype(bool) | t["resolved_at"].isna()
    chat_2025 = badly & (t["channel"] == "chat") & (t["opened_at"].dt.year == 2025)
    assert project["per_year"] == t.loc[chat_2025, "customer_id"].nunique() == 145
    assert round(project["effect"]) == -13
    assert round(project["margin"], -1) == 70
    assert round(project["value"], -2) == 700
    assert (round(project["low"], -2), round(project["high"], -3)) == (300, 1_000)
    assert project["value"] == pytest.approx(145 * 0.5 * -project["effect"] / 100 * project["margin"])


def test_numbers_of_the_facilitator_notes(b2c):
    """workshops/notes/11-capstone.md quotes these."""
    from cxkit.course.answers_11 import _project
    from cxkit.metrics import nps

    parent, office = _project("busy-parent.yaml"), _project("office-manager.yaml")
    assert round(parent["value"], -2) == 700
    assert parent["per_year"] == 145
    assert office["per_year"] == 101
    assert round(office["effect"]) == -25
    assert office["margin"] > 1_000
    assert round(office["value"], -3) == 13_000
    assert (round(office["low"], -3), round(office["high"], -3)) == (7_000, 18_000)
    assert office["value"] > 19 * parent["value"]  # "about twenty times the consumer one"
    assert (round(office["worst_nps"]), round(office["gap"])) == (-61, 67)
    surveys, _ = b2c
    tickets = load("tickets").set_index("ticket_id")
    chat = surveys[(surveys["touchpoint"] == "support_chat") & surveys["nps"].notna()]
    fcr = chat["ticket_id"].map(tickets["first_contact_resolution"])
    resolved, not_resolved = chat.loc[fcr == True, "nps"], chat.loc[fcr == False, "nps"]  # noqa: E712
    assert (round(plain_nps(resolved)), round(plain_nps(not_resolved)), len(not_resolved)) == (33, -8, 50)
    checkout = surveys[(surveys["touchpoint"] == "app_checkout") & surveys["nps"].notna()]
    result = nps(checkout["nps"], cluster=checkout["customer_id"])
    assert (round(result.value), round(result.low), round(result.high)) == (33, 20, 46)


def test_the_chat_sits_in_low_priority_on_the_b2c_matrix(b2c):
    """Module 11: "the support chat is not in Concentrate here but in Low priority"."""
    from cxkit.journey.touchpoints import touchpoint_performance

    surveys, _ = b2c
    table = touchpoint_performance(surveys, load("touchpoints"))
    assert table.loc["support_chat", "quadrant"] == "Low priority"
    assert table.loc["support_email", "quadrant"] == "Concentrate here"
    assert table.loc["support_chat", "impact"] < table.loc["delivery", "impact"]
