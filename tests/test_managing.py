"""Module 10's governance table (who owns what) and proactive-service count, worked by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from cxkit.errors import CXConfigError, CXDataError, CXFileNotFoundError
from cxkit.service import load_ownership, ownership_check, proactive_notice
from cxkit.stats.intervals import proportion_wilson

# ------------------------------------------------------------------ governance


@pytest.mark.course
def test_every_course_touchpoint_has_an_owner():
    from cxkit.data import load

    c = ownership_check(load_ownership(), load("touchpoints"), surveys=load("surveys"), events=load("events"))
    assert len(c) == 24
    assert c["has_owner"].all()
    assert c["owner_agrees"].all()  # the responsible team is the catalogue's owner


def test_gaps_are_found():
    cat = pd.DataFrame({"touchpoint": ["delivery", "kiosk"], "owner": ["Logistics", "Stores"]})
    surveys = pd.DataFrame({"touchpoint": ["delivery", "chatbot", None]})
    c = ownership_check(load_ownership(), cat, surveys=surveys)
    assert list(c.index) == ["delivery", "kiosk", "chatbot"]
    assert c["has_owner"].tolist() == [True, False, False]
    assert c["in_catalogue"].tolist() == [True, True, False]
    own = load_ownership().copy()
    own.loc["delivery", "responsible"] = "Stores"  # disagrees with the catalogue
    own.loc["delivery", "accountable"] = " "  # a blank name is no owner
    c2 = ownership_check(own, cat)
    assert not c2.loc["delivery", "owner_agrees"]
    assert not c2.loc["delivery", "has_owner"]


def test_metrics_have_owners():
    m = load_ownership(kind="metrics")
    assert {"NPS", "CSAT", "CES"} <= set(m.index)
    assert m["accountable"].notna().all()


def test_ownership_bad_inputs(tmp_path):
    with pytest.raises(CXConfigError, match="kind"):
        load_ownership(kind="teams")
    with pytest.raises(CXFileNotFoundError):
        load_ownership(path=tmp_path / "none.yaml")
    p = tmp_path / "g.yaml"
    p.write_text(
        "roles: {Logistics: Head}\nmetrics: []\ntouchpoints:\n"
        "  - {touchpoint: delivery, responsible: Nobody, consulted: x, informed: y,"
        " metric: CSAT, target: t}\n"
    )
    with pytest.raises(CXDataError, match="no accountable person") as e:
        load_ownership(path=p)
    assert "Nobody" in str(e.value)
    p.write_text("roles: {}\ntouchpoints: []\n")
    with pytest.raises(CXDataError, match="missing sections"):
        load_ownership(path=p)
    with pytest.raises(CXDataError, match="no such column"):
        ownership_check(load_ownership(), pd.DataFrame({"touchpoint": ["a"]}))
    with pytest.raises(CXConfigError, match="ownership"):
        ownership_check({"delivery": "x"}, pd.DataFrame({"touchpoint": ["a"], "owner": ["b"]}))


# ------------------------------------------------------------------ proactive service


def _orders():
    # O1 late (promised 1 Mar, delivered 4 Mar), O2 on time, O3 late (3 Mar -> 5 Mar),
    # O4 never delivered, promised 2 Mar (before the data end, 10 Mar): late too.
    return pd.DataFrame(
        {
            "order_id": ["O1", "O2", "O3", "O4", "O5"],
            "customer_id": ["C1", "C2", "C3", "C4", "C5"],
            "timestamp": pd.to_datetime(
                ["2025-02-25", "2025-02-25", "2025-02-27", "2025-02-26", "2025-03-10"]
            ),
            "promised_date": pd.to_datetime(["2025-03-01", "2025-03-01", "2025-03-03", "2025-03-02", None]),
            "delivered_date": pd.to_datetime(["2025-03-04", "2025-03-01", "2025-03-05", None, None]),
        }
    )


def _tickets():
    # T1: C1 asks on 2 Mar, after the promise and before delivery: pre-empted.
    # T2: C1 again on 6 Mar, 2 days after delivery (window 3): pre-empted (same order).
    # T3: C2 asks about an on-time parcel: not linked.  T4: C3 asks 28 Feb, before the promise: no.
    # T5: C3 on 20 Mar, 15 days after delivery: outside the window.  T6: C4 (lost parcel) on 9 Mar: yes.
    # T7: C1 about billing: another category.
    return pd.DataFrame(
        {
            "ticket_id": ["T1", "T2", "T3", "T4", "T5", "T6", "T7"],
            "customer_id": ["C1", "C1", "C2", "C3", "C3", "C4", "C1"],
            "category": ["delivery"] * 6 + ["billing"],
            "opened_at": pd.to_datetime(
                [
                    "2025-03-02 09:00",
                    "2025-03-06 18:00",
                    "2025-03-02 10:00",
                    "2025-02-28 10:00",
                    "2025-03-20 10:00",
                    "2025-03-09 10:00",
                    "2025-03-02 11:00",
                ]
            ),
        }
    )


def test_proactive_by_hand():
    r = proactive_notice(_orders(), _tickets()).loc["all"]
    assert r["orders_with_promise"] == 4
    assert r["n"] == 3  # O1, O3, O4
    assert r["category_contacts"] == 6
    assert r["contacts_preempted"] == 3  # T1, T2, T6
    assert r["preempted_share"] == pytest.approx(3 / 6)
    assert r["count"] == 2  # O1 and O4
    assert r["value"] == pytest.approx(100 * 2 / 3)
    lo, hi, _ = proportion_wilson([2], [3], confidence=0.95)
    assert r["low"] == pytest.approx(100 * lo[0])
    assert r["high"] == pytest.approx(100 * hi[0])
    assert r["method"] == "wilson"
    assert r["too_small"]  # 3 late orders, fewer than min_n=30


def test_window_edges():
    # window 0: T2 (2 days after delivery) no longer counts; T1 and T6 still do
    assert proactive_notice(_orders(), _tickets(), window_days=0).loc["all", "contacts_preempted"] == 2
    # a wide window brings T5 in (15 days after O3's delivery)
    assert proactive_notice(_orders(), _tickets(), window_days=20).loc["all", "contacts_preempted"] == 4
    none = proactive_notice(_orders(), _tickets(), category="account").loc["all"]
    assert none["contacts_preempted"] == 0
    assert pd.isna(none["preempted_share"])


def test_proactive_on_course_data():
    from cxkit.data import load

    r = proactive_notice(load("orders"), load("tickets")).loc["all"]
    assert 0 < r["contacts_preempted"] <= r["category_contacts"]
    assert r["low"] < r["value"] < r["high"]


@pytest.mark.parametrize("window", [-1, 1.5, "3", True])
def test_proactive_bad_window(window):
    with pytest.raises(CXConfigError, match="window_days"):
        proactive_notice(_orders(), _tickets(), window_days=window)


def test_proactive_bad_tables():
    with pytest.raises(CXDataError, match="no such column"):
        proactive_notice(_orders().drop(columns="promised_date"), _tickets())
    with pytest.raises(CXDataError, match="not a date column"):
        proactive_notice(_orders().assign(promised_date="2025-03-01"), _tickets())
    with pytest.raises(CXDataError, match="no order with a promised date"):
        proactive_notice(_orders().assign(promised_date=pd.NaT), _tickets())
    with pytest.raises(CXConfigError, match="confidence"):
        proactive_notice(_orders(), _tickets(), confidence=95)
