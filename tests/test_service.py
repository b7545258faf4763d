"""cxkit.service tickets: every ticket metric pinned on a hand-made table, the edges and the bad inputs."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from cxkit.errors import CXConfigError, CXDataError
from cxkit.service import (
    COMPLAINT_RULE,
    BusinessCalendar,
    ComplaintRule,
    backlog,
    fcr_rate,
    first_response_time,
    is_complaint,
    reopen_rate,
    resolution_time,
    service_recovery,
    sla_attainment,
    sla_met,
)
from cxkit.stats import RATE_COLUMNS

TS = pd.Timestamp


def _hand() -> pd.DataFrame:
    """Six tickets on Monday 2025-03-03 (opened 09:00), worked out by hand below.

    T1 chat  answered  5 min (tie with a 5-min target), resolved after 1 h
    T2 chat  answered 20 min, still open
    T3 email answered  2 h, resolved after 24 h, reopened
    T4 email never answered, still open
    T5 phone answered 10 min (tie with a 10-min target), resolved after 30 min, first contact
    T6 phone answered 10 min 1 s (one second late), resolved after 3 h
    """
    o = TS("2025-03-03 09:00")
    return pd.DataFrame(
        {
            "ticket_id": ["T1", "T2", "T3", "T4", "T5", "T6"],
            "channel": ["chat", "chat", "email", "email", "phone", "phone"],
            "category": ["delivery", "billing", "billing", "account", "product", "delivery"],
            "opened_at": [o] * 6,
            "first_response_at": [
                o + pd.Timedelta("5min"),
                o + pd.Timedelta("20min"),
                o + pd.Timedelta("2h"),
                pd.NaT,
                o + pd.Timedelta("10min"),
                o + pd.Timedelta("10min 1s"),
            ],
            "resolved_at": [
                o + pd.Timedelta("1h"),
                pd.NaT,
                o + pd.Timedelta("24h"),
                pd.NaT,
                o + pd.Timedelta("30min"),
                o + pd.Timedelta("3h"),
            ],
            "reopened": [False, False, True, False, False, False],
            "first_contact_resolution": [True, False, False, False, True, False],
            "csat": pd.array([5, pd.NA, 2, pd.NA, 4, 3], dtype="Int64"),
        }
    )


TARGETS = {"chat": pd.Timedelta("5min"), "email": pd.Timedelta("4h"), "phone": pd.Timedelta("10min")}


# -- first response and resolution times ------------------------------------------------------


def test_first_response_time_one_row_counts_the_never_answered():
    r = first_response_time(_hand(), unit="minutes")
    assert list(r.index) == ["all"]
    row = r.loc["all"]
    # measured: 5, 20, 120, 10, 10 + 1/60 minutes; T4 never answered
    times = [5, 20, 120, 10, 10 + 1 / 60]
    assert (row["n"], row["n_measured"], row["n_no_response"]) == (6, 5, 1)
    assert row["median"] == pytest.approx(10 + 1 / 60)
    assert row["mean"] == pytest.approx(sum(times) / 5)
    assert row["p90"] == pytest.approx(np.percentile(times, 90))  # 20 + 0.6 * 100 = 80
    assert row["p90"] == pytest.approx(80.0)
    assert row["unit"] == "minutes"


def test_first_response_time_by_channel_and_by_two_columns():
    r = first_response_time(_hand(), by="channel", unit="minutes")
    assert list(r.index) == ["chat", "email", "phone"]
    assert r.loc["chat", "median"] == pytest.approx(12.5)
    assert r.loc["email", ["n", "n_measured", "n_no_response"]].tolist() == [2, 1, 1]
    assert r.loc["email", "median"] == pytest.approx(120)
    two = first_response_time(_hand(), by=["channel", "category"], unit="hours")
    assert two.loc[("email", "account"), "n_no_response"] == 1
    assert math.isnan(two.loc[("email", "account"), "median"])
    assert two["n"].sum() == 6


def test_resolution_time_counts_open_tickets():
    r = resolution_time(_hand(), by="channel")
    assert r.loc["chat", ["n", "n_measured", "n_open"]].tolist() == [2, 1, 1]
    assert r.loc["email", "median"] == pytest.approx(24.0)
    assert r.loc["phone", "median"] == pytest.approx((0.5 + 3) / 2)
    assert r["n_open"].sum() == 2
    assert resolution_time(_hand(), unit="days").loc["all", "median"] == pytest.approx(
        2 / 24
    )  # (1 h + 3 h) / 2


def test_a_resolution_before_opening_names_the_ticket():
    t = _hand()
    t.loc[2, "resolved_at"] = TS("2025-03-03 08:59")
    with pytest.raises(CXDataError, match="T3") as e:
        resolution_time(t)
    assert "resolved_at is before opened_at" in str(e.value)
    with pytest.raises(CXDataError, match="T3"):
        backlog(t)


def test_a_first_response_before_opening_names_the_ticket():
    t = _hand()
    t.loc[4, "first_response_at"] = TS("2025-03-02 09:00")
    for fn in (first_response_time, lambda x: sla_attainment(x, TARGETS)):
        with pytest.raises(CXDataError, match="T5"):
            fn(t)


def test_a_missing_opening_time_names_the_ticket():
    t = _hand()
    t.loc[1, "opened_at"] = pd.NaT
    with pytest.raises(CXDataError, match=r"T2") as e:
        first_response_time(t)
    assert "T2" in str(e.value)
    assert "opened_at" in str(e.value)


def test_text_timestamps_are_read_and_bad_text_names_the_ticket():
    t = _hand()
    t["first_response_at"] = t["first_response_at"].astype(str).replace("NaT", "")
    assert first_response_time(t, unit="minutes").loc["all", "n_no_response"] == 1
    t.loc[3, "first_response_at"] = "tomorrow-ish"
    with pytest.raises(CXDataError, match="T4"):
        first_response_time(t)


def test_daylight_saving_change_in_zoned_columns_gives_true_elapsed_time():
    # Paris clocks jump from 02:00 to 03:00 on 2024-03-31: 01:30 -> 03:30 on the wall clock is 1 hour.
    t = pd.DataFrame(
        {
            "ticket_id": ["T1"],
            "opened_at": pd.to_datetime(["2024-03-31 01:30"]).tz_localize("Europe/Paris"),
            "first_response_at": pd.to_datetime(["2024-03-31 03:30"]).tz_localize("Europe/Paris"),
        }
    )
    assert first_response_time(t).loc["all", "median"] == pytest.approx(1.0)
    t2 = t.assign(first_response_at=pd.to_datetime(["2024-03-31 03:30"]))
    with pytest.raises(CXDataError, match="time zone"):
        first_response_time(t2)


def test_bad_options_and_tables():
    with pytest.raises(CXConfigError, match="unit"):
        first_response_time(_hand(), unit="weeks")
    with pytest.raises(CXDataError, match="no such column"):
        first_response_time(_hand(), by="team")
    with pytest.raises(CXConfigError, match="by must be"):
        first_response_time(_hand(), by=3)
    with pytest.raises(CXDataError, match="DataFrame"):
        first_response_time(_hand()["opened_at"])
    with pytest.raises(CXDataError, match="first_response_at"):
        first_response_time(_hand().drop(columns="first_response_at"))
    t = _hand()
    t.loc[0, "channel"] = None
    with pytest.raises(CXDataError, match=r"row 0 \(ticket T1\): blank group value"):
        first_response_time(t, by="channel")


# -- service levels ---------------------------------------------------------------------------


def test_sla_met_tie_is_met_and_never_answered_is_missed():
    met = sla_met(_hand(), TARGETS)
    # T1 tie (5 min) met; T2 20 min > 5 missed; T3 2 h <= 4 h met; T4 never answered missed;
    # T5 tie (10 min) met; T6 one second over missed.
    assert met.tolist() == [True, False, True, False, True, False]


def test_sla_attainment_by_channel_with_wilson_interval():
    r = sla_attainment(_hand(), TARGETS)
    assert list(r.columns) == [*RATE_COLUMNS, "n_no_response"]
    assert r["method"].tolist() == ["wilson"] * 3
    assert r["n"].tolist() == [2, 2, 2]
    assert r["count"].tolist() == [1, 1, 1]
    assert r["value"].tolist() == [50.0, 50.0, 50.0]
    assert r["n_no_response"].tolist() == [0, 1, 0]
    # Wilson for 1 of 2 at 95%: centre 0.5, half-width z*sqrt(0.25/2 + z^2/16)/(1 + z^2/2)
    z = 1.959963984540054
    half = z * math.sqrt(0.25 / 2 + z**2 / 16) / (1 + z**2 / 2)
    assert r.loc["chat", "low"] == pytest.approx(100 * (0.5 - half))
    assert r.loc["chat", "high"] == pytest.approx(100 * (0.5 + half))
    one = sla_attainment(_hand(), TARGETS, by=None)
    assert one.loc["all", ["n", "count", "n_no_response"]].tolist() == [6, 3, 1]


def test_sla_attainment_on_resolution_and_text_targets():
    targets = {"chat": "1h", "email": "1D", "phone": "30min"}
    r = sla_attainment(_hand(), targets, on="resolution", by=None)
    # T1 1 h <= 1 h met (tie); T2 open; T3 24 h <= 1 day met (tie); T4 open; T5 tie met; T6 3 h missed
    assert r.loc["all", ["n", "count", "n_no_response"]].tolist() == [6, 3, 2]


def test_sla_attainment_bad_targets():
    with pytest.raises(CXConfigError, match="'phone'"):
        sla_attainment(_hand(), {"chat": "5min", "email": "4h"})
    with pytest.raises(CXConfigError, match="positive time"):
        sla_attainment(_hand(), {**TARGETS, "chat": pd.Timedelta("-5min")})
    with pytest.raises(CXConfigError, match="positive time"):
        sla_attainment(_hand(), {**TARGETS, "chat": 5})
    with pytest.raises(CXConfigError, match="positive time"):
        sla_attainment(_hand(), {**TARGETS, "chat": "soon"})
    with pytest.raises(CXConfigError, match="dict"):
        sla_attainment(_hand(), [("chat", "5min")])
    with pytest.raises(CXConfigError, match="on"):
        sla_attainment(_hand(), TARGETS, on="reply")
    with pytest.raises(CXConfigError, match="confidence"):
        sla_attainment(_hand(), TARGETS, confidence=95)


# -- rates and backlog ------------------------------------------------------------------------


def test_fcr_and_reopen_rates():
    f = fcr_rate(_hand(), by="channel")
    assert list(f.columns) == list(RATE_COLUMNS)
    assert f["count"].tolist() == [1, 0, 1]
    assert f["value"].tolist() == [50.0, 0.0, 50.0]
    assert f.loc["email", "low"] == 0.0
    assert f.loc["email", "high"] > 0
    r = reopen_rate(_hand())
    assert r.loc["all", ["n", "count"]].tolist() == [6, 1]
    assert r.loc["all", "value"] == pytest.approx(100 / 6)
    assert r.loc["all", "low"] < 100 / 6 < r.loc["all", "high"]


def test_rates_reject_blank_or_odd_flags():
    t = _hand()
    t["reopened"] = t["reopened"].astype(object)
    t.loc[3, "reopened"] = None
    with pytest.raises(CXDataError, match="T4"):
        reopen_rate(t)
    t = _hand()
    t["first_contact_resolution"] = ["yes", "no", "no", "no", "yes", "no"]
    with pytest.raises(CXDataError, match=r"not True or False"):
        fcr_rate(t)


def test_backlog_counts_open_tickets_at_each_period_end():
    t = pd.DataFrame(
        {
            "opened_at": pd.to_datetime(
                ["2025-01-06 10:00", "2025-01-07 00:00", "2025-01-12 23:00", "2025-01-14 00:00"]
            ),
            "resolved_at": pd.to_datetime(["2025-01-08 00:00", None, "2025-01-13 08:00", "2025-01-20 00:00"]),
        }
    )
    b = backlog(t, freq="W")
    # week 1 (6-12 Jan): 3 opened, 1 resolved -> 2 open; week 2: 1 opened, 1 resolved -> 2; week 3: -1 -> 1
    assert b["opened"].tolist() == [3, 1, 0]
    assert b["resolved"].tolist() == [1, 1, 1]
    assert b["open_at_end"].tolist() == [2, 2, 1]
    assert b["period_end"].iloc[0].date().isoformat() == "2025-01-12"
    with pytest.raises(CXConfigError, match="freq"):
        backlog(t, freq="fortnight")
    with pytest.raises(CXConfigError, match="freq"):
        backlog(t, freq=7)


# -- opening hours ----------------------------------------------------------------------------


def _dur(cal, start, end):
    return cal.duration(pd.Series(pd.to_datetime(start)), pd.Series(pd.to_datetime(end))).tolist()


def test_business_calendar_hand_cases():
    cal = BusinessCalendar(opens="08:00", closes="18:00", holidays=["2025-03-10"])
    h = pd.Timedelta
    got = _dur(
        cal,
        [
            "2025-03-03 09:00",
            "2025-03-03 07:00",
            "2025-03-03 17:00",
            "2025-03-07 17:00",
            "2025-03-08 10:00",
            "2025-03-03 20:00",
        ],
        [
            "2025-03-03 10:30",
            "2025-03-03 09:00",
            "2025-03-04 09:00",
            "2025-03-11 09:00",
            "2025-03-08 12:00",
            "2025-03-04 08:30",
        ],
    )
    assert got == [
        h("1h30min"),  # same day
        h("1h"),  # opened before opening: counted from 08:00
        h("2h"),  # 1 h Monday evening + 1 h Tuesday morning
        h("2h"),  # Fri 17-18, weekend and Monday holiday closed, Tue 08-09
        h(0),  # all on a Saturday
        h("30min"),  # opened after closing: counted from the next opening
    ]


def test_business_calendar_in_metrics_and_blank_ends():
    t = _hand()
    t["opened_at"] = TS("2025-03-07 17:00")  # a Friday
    t["first_response_at"] = [
        TS("2025-03-10 08:05"),
        TS("2025-03-07 17:20"),
        pd.NaT,
        pd.NaT,
        TS("2025-03-07 17:10"),
        TS("2025-03-08 11:00"),
    ]
    r = first_response_time(t, by="channel", unit="minutes", calendar=BusinessCalendar())
    assert r.loc["chat", "median"] == pytest.approx((65 + 20) / 2)
    assert r.loc["phone", "median"] == pytest.approx((10 + 60) / 2)  # Saturday answer = 60 working minutes
    assert r.loc["email", "n_no_response"] == 2
    met = sla_met(t, {"chat": "65min", "email": "1h", "phone": "10min"}, calendar=BusinessCalendar())
    assert met.tolist() == [True, True, False, False, True, False]


def test_business_calendar_bad_settings():
    with pytest.raises(CXConfigError, match="before closes"):
        BusinessCalendar(opens="18:00", closes="08:00")
    with pytest.raises(CXConfigError, match="time of day"):
        BusinessCalendar(opens="8am")
    with pytest.raises(CXConfigError, match="weekdays"):
        BusinessCalendar(weekdays="Monday")
    with pytest.raises(CXConfigError, match="holidays"):
        BusinessCalendar(holidays=["Christmas"])


# -- complaints -------------------------------------------------------------------------------


def test_complaint_rule_is_data_and_marks_delivery_or_reopened():
    assert COMPLAINT_RULE.categories == ("delivery",)
    assert COMPLAINT_RULE.reopened
    assert "late" in COMPLAINT_RULE.why
    assert is_complaint(_hand()).tolist() == [True, False, True, False, False, True]
    assert is_complaint(_hand(), rule=ComplaintRule(categories=("billing",), reopened=False)).tolist() == [
        False,
        True,
        True,
        False,
        False,
        False,
    ]
    with pytest.raises(CXConfigError, match="ComplaintRule"):
        is_complaint(_hand(), rule={"categories": ["delivery"]})


def test_service_recovery_on_the_hand_table():
    r = service_recovery(_hand(), unit="minutes")
    c, o = r.loc[True], r.loc[False]
    # complaints: T1 (5 min, resolved 60, csat 5), T3 (120, 1440, csat 2), T6 (10m1s, 180, csat 3)
    assert c["tickets"] == 3
    assert o["tickets"] == 3
    assert c["ack_median"] == pytest.approx(10 + 1 / 60)
    assert c["resolve_median"] == pytest.approx(180)
    assert c["n"] == 3
    assert c["count"] == 1
    assert c["value"] == pytest.approx(100 / 3)
    # others: T2 (20 min, open, blank), T4 (never, open, blank), T5 (10, 30, csat 4)
    assert o["n_no_response"] == 1
    assert o["n_open"] == 2
    assert o["n"] == 1
    assert o["n_blank"] == 2
    assert o["value"] == 100.0


@pytest.mark.course
def test_on_the_course_data_complaints_are_less_satisfied():
    from cxkit.data import load

    t = load("tickets")
    sr = service_recovery(t)
    assert sr["tickets"].sum() == len(t)
    assert sr.loc[True, "high"] < sr.loc[False, "low"]


def test_business_calendar_on_zoned_times_counts_the_wall_clock_across_dst():
    # Paris changes to summer time on Sunday 2024-03-31. Opened Friday 29 March 17:00, answered
    # Tuesday 2 April 09:00 (Easter Monday is not a holiday here): 1 h + 10 h + 1 h = 12 working hours.
    zone = "Europe/Paris"
    t = pd.DataFrame(
        {
            "ticket_id": ["T1"],
            "opened_at": pd.to_datetime(["2024-03-29 17:00"]).tz_localize(zone),
            "first_response_at": pd.to_datetime(["2024-04-02 09:00"]).tz_localize(zone),
        }
    )
    assert first_response_time(t, calendar=BusinessCalendar()).loc["all", "median"] == pytest.approx(12.0)
    assert first_response_time(t).loc["all", "median"] == pytest.approx(4 * 24 - 8 - 1)  # clock: 87 h
    holiday = BusinessCalendar(holidays=["2024-04-01"])
    assert first_response_time(t, calendar=holiday).loc["all", "median"] == pytest.approx(2.0)
