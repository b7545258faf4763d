"""Exercise 06's expected answers, recomputed independently with plain pandas (no cxkit.service)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cxkit.course.answers import REGISTRY, _load_module_files

pytestmark = pytest.mark.course

_load_module_files()

T = pd.read_csv(
    __import__("cxkit._paths", fromlist=["data_dir"]).data_dir() / "tickets.csv",
    parse_dates=["opened_at", "first_response_at", "resolved_at"],
)


def _expected(qid):
    return REGISTRY[qid].expected()


def test_q2_social_two_hours_counts_unanswered_as_missed():
    s = T[T["channel"] == "social"]
    wait = s["first_response_at"] - s["opened_at"]
    assert _expected("06.q2") == pytest.approx(100 * (wait <= pd.Timedelta("2h")).sum() / len(s))


def test_q3_technical_reopen_rate():
    tech = T[T["category"] == "technical"]
    assert _expected("06.q3") == pytest.approx(100 * tech["reopened"].mean())


def test_q4_complaints_delivery_or_reopened():
    assert _expected("06.q4") == int(((T["category"] == "delivery") | T["reopened"]).sum())


def test_q5_lowest_fcr_channel():
    assert _expected("06.q5") == T.groupby("channel")["first_contact_resolution"].mean().idxmin()


def test_q8_phone_ten_minutes():
    p = T[T["channel"] == "phone"]
    assert _expected("06.q8") == pytest.approx(
        100 * ((p["first_response_at"] - p["opened_at"]) <= pd.Timedelta("10min")).mean()
    )


def test_q1_working_time_by_hand_for_a_few_tickets():
    # Brute force: count the working minutes (Mon-Fri 08-18) between opening and answer, minute by minute.
    e = T[(T["channel"] == "email") & T["first_response_at"].notna()].head(40)
    from cxkit.service import BusinessCalendar

    got = BusinessCalendar().duration(e["opened_at"], e["first_response_at"]) / pd.Timedelta("1min")
    for (_, row), g in zip(e.iterrows(), got, strict=True):
        minutes = pd.date_range(row["opened_at"].ceil("min"), row["first_response_at"], freq="min")[:-1]
        working = ((minutes.day_of_week < 5) & (minutes.hour >= 8) & (minutes.hour < 18)).sum()
        assert (
            abs(g - working) <= 2.01
        )  # the grid misses up to a minute at each end, (row["ticket_id"], g, working)
    assert np.isfinite(_expected("06.q1"))
