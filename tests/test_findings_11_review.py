"""Numbers added to module 11's prose and facilitator notes by the review, recomputed from the data.

See tests/test_findings_11.py for the rest of the module's numbers.
"""

from __future__ import annotations

import pytest

from cxkit.data import load
from cxkit.metrics import compare_nps

pytestmark = pytest.mark.course

MAP_TOUCHPOINTS = {"newsletter", "app_browse", "product_page", "app_checkout", "delivery", "support_chat"}


@pytest.fixture(scope="module")
def b2c_surveys():
    surveys = load("surveys")
    return surveys[surveys["segment"] == "B2C"]


def test_chat_versus_checkout_interval_includes_zero(b2c_surveys):
    """'about 13 points below the app checkout, but that interval runs from about -3 to +30'."""
    answered = b2c_surveys[b2c_surveys["nps"].notna()]
    chat = answered[answered["touchpoint"] == "support_chat"]
    checkout = answered[answered["touchpoint"] == "app_checkout"]
    gap = compare_nps(checkout["nps"], chat["nps"], cluster=(checkout["customer_id"], chat["customer_id"]))
    assert round(gap.value) == 13
    assert round(gap.value, 1) == 13.5
    assert (round(gap.low), round(gap.high)) == (-3, 30)
    assert (round(gap.low, 1), round(gap.high, 1)) == (-3.5, 30.4)
    assert gap.low < 0 < gap.high
    assert round(gap.p_value, 2) == 0.12


def test_gap_to_the_journey_survives_a_bonferroni_correction(b2c_surveys):
    """'multiplied by five ... it is still about 0.01'."""
    answered = b2c_surveys[b2c_surveys["nps"].notna()]
    chat = answered[answered["touchpoint"] == "support_chat"]
    rest = answered[answered["touchpoint"].isin(MAP_TOUCHPOINTS - {"support_chat"})]
    gap = compare_nps(rest["nps"], chat["nps"], cluster=(rest["customer_id"], chat["customer_id"]))
    assert round(5 * gap.p_value, 2) == 0.01
    assert 5 * gap.p_value < 0.05


def test_the_customer_count_is_a_lower_bound(b2c_surveys):
    """'641 B2C customers had a chat ticket ... only the 581 who were invited'; '477 of the 699'."""
    customers = load("customers")
    b2c_ids = set(customers.loc[customers["segment"] == "B2C", "customer_id"])
    tickets = load("tickets")
    chat_tickets = tickets[(tickets["channel"] == "chat") & tickets["customer_id"].isin(b2c_ids)]
    invited = b2c_surveys[b2c_surveys["touchpoint"] == "support_chat"]
    assert chat_tickets["customer_id"].nunique() == 641
    assert invited["customer_id"].nunique() == 581
    assert len(invited) == 699
    assert int(invited["nps"].isna().sum()) == 477
