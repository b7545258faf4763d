"""cxkit.service.priorities: a fix's value from behaviour data, the impact/effort table and its matrix.

Every expected number is worked out by hand in the comments.
"""

from __future__ import annotations

import inspect
import math

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest

from cxkit.clv import DISCOUNT_RATE
from cxkit.errors import CXConfigError, CXDataError, CXFileNotFoundError
from cxkit.service import (
    FIX_QUADRANTS,
    fix_priorities,
    fix_priorities_alt,
    fix_value,
    load_fixes,
    plot_fix_priorities,
)

d = pd.to_datetime
F = 1.1 ** (-100 / 365)  # the discount factor of an order 100 days after the start, at 10% a year


def _orders():
    # First orders on 2024-01-01: a and b delivered late (2024-01-09 against 2024-01-03), c and d on
    # time. a orders again on 2024-03-01 (52 days later: back within 180 days), b never: 1 in 2 late
    # customers came back. c and d order again on 2024-04-10, 100 days after their start: 2 in 2.
    # Effect: 50% - 100% = -50 points. c's and d's second orders, 120 and 240 euros with 20% VAT,
    # bring 100 x 0.3 = 30 and 200 x 0.3 = 60 euros of margin, discounted by F: mean 45 F.
    # In the year before 2025-03-01, only a's second parcel (2024-03-09, promised 2024-03-03) was late:
    # 1 customer affected.
    return pd.DataFrame(
        {
            "customer_id": ["a", "b", "c", "d", "a", "c", "d"],
            "timestamp": d(["2024-01-01"] * 4 + ["2024-03-01", "2024-04-10", "2024-04-10"]),
            "value": [60.0, 60.0, 60.0, 60.0, 60.0, 120.0, 240.0],
            "promised_date": d(["2024-01-03"] * 4 + ["2024-03-03", "2024-04-12", "2024-04-12"]),
            "delivered_date": d(
                [
                    "2024-01-09",
                    "2024-01-09",
                    "2024-01-01",
                    "2024-01-01",
                    "2024-03-09",
                    "2024-04-12",
                    "2024-04-12",
                ]
            ),
            "channel": "web",
        }
    )


def _customers(ids="abcd", segment="B2C"):
    return pd.DataFrame({"customer_id": list(ids), "segment": segment})


def _tickets():
    # e, f, g, h: first tickets resolved on 2024-01-05. e and f handled badly (e reopened, f not
    # resolved at first contact), g and h well. Of the late pair only... see _ticket_orders.
    # In the year before 2025-03-01: e's second ticket (email, badly) and g's second (chat, badly).
    return pd.DataFrame(
        {
            "ticket_id": ["T1", "T2", "T3", "T4", "T5", "T6"],
            "customer_id": ["e", "f", "g", "h", "e", "g"],
            "channel": ["email", "email", "chat", "chat", "email", "chat"],
            "category": ["billing"] * 6,
            "opened_at": d(["2024-01-04"] * 4 + ["2024-06-01", "2024-06-01"]),
            "resolved_at": d(["2024-01-05"] * 4 + ["2024-06-02", "2024-06-02"]),
            "reopened": [True, False, False, False, True, True],
            "first_contact_resolution": [False, False, True, True, False, False],
            "csat": pd.array([1, None, 5, None, 2, None], dtype="Int64"),
        }
    )


def _ticket_orders():
    # Everyone's first order on 2024-01-01; after their first ticket (2024-01-05), f and g, h order
    # again: handled badly 1 in 2 (f), well 2 in 2 (g on day 100, h on day 100). g and h spend 120
    # and 240 euros: margin mean 45, discounted 100 days: 45 F.
    return pd.DataFrame(
        {
            "customer_id": ["e", "f", "g", "h", "f", "g", "h"],
            "timestamp": d(["2024-01-01"] * 4 + ["2024-02-01", "2024-04-14", "2024-04-14"]),
            "value": [60.0, 60.0, 60.0, 60.0, 60.0, 120.0, 240.0],
            "promised_date": pd.NaT,
            "delivered_date": pd.NaT,
        }
    )


def _fixes(**kw):
    row = {
        "id": "notice",
        "fix": "Warn about late parcels",
        "touchpoint": "delivery",
        "owner": "Logistics",
        "effort": 2.0,
        "problem": "late_delivery",
        "removes": 1.0,
    }
    row.update(kw)
    return pd.DataFrame([row])


# ------------------------------------------------------------------ one fix, by hand


def test_value_of_one_fix_by_hand():
    t = fix_value(
        _orders(), None, _customers(), problem="late_delivery", removes=0.5, as_of="2025-03-01", min_n=1
    )
    row = t.loc["total"]
    assert row["affected"] == 1
    assert row["effect"] == pytest.approx(-50.0)
    assert row["margin_per_return"] == pytest.approx(45 * F)
    # value = 1 customer x 0.5 removed x 0.5 fewer returns x 45 F euros
    assert row["value"] == pytest.approx(1 * 0.5 * 0.5 * 45 * F)
    # The effect's interval is Newcombe's (module 08's), from the Wilson intervals of 1/2 and 2/2.
    z = 1.959963984540054

    def wilson(x, n):
        p = x / n
        centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
        half = z * math.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / (1 + z**2 / n)
        return centre - half, centre + half

    (la, ua), (lb, ub) = wilson(1, 2), wilson(2, 2)
    e_low = -0.5 - math.sqrt((0.5 - la) ** 2 + (ub - 1.0) ** 2)
    e_high = -0.5 + math.sqrt((ua - 0.5) ** 2 + (1.0 - lb) ** 2)
    assert row["effect_low"] == pytest.approx(100 * e_low)
    assert row["effect_high"] == pytest.approx(100 * e_high)
    # MOVER on V = k a b, k = 1 x 0.5, a = 0.5 fewer returns, b = 45 F: the effect's term has the
    # limits k b (-e_high, -e_low); the margin's k a (b -+ z se), se = sd(30 F, 60 F) / sqrt(2) = 15 F.
    k, a, b, se = 0.5, 0.5, 45 * F, 15 * F
    v = k * a * b
    low = v - math.sqrt((v - k * b * -e_high) ** 2 + (v - k * a * (b - z * se)) ** 2)
    high = v + math.sqrt((k * b * -e_low - v) ** 2 + (k * a * (b + z * se) - v) ** 2)
    assert row["low"] == pytest.approx(low)
    assert row["high"] == pytest.approx(high)
    assert row["method"] == "mover"
    assert row["confidence"] == 0.95
    assert list(t.columns[:8]) == ["value", "n", "low", "high", "moe", "too_small", "method", "confidence"]
    assert row["n"] == 4  # the starts compared: a, b late; c, d on time


def test_the_course_discount_rate_is_the_default():
    kw = dict(problem="late_delivery", removes=1.0, as_of="2025-03-01", min_n=1)
    a = fix_value(_orders(), None, _customers(), **kw)
    b = fix_value(_orders(), None, _customers(), discount_rate=DISCOUNT_RATE, **kw)
    c = fix_value(_orders(), None, _customers(), discount_rate=0.0, **kw)
    assert DISCOUNT_RATE == 0.10
    assert a.loc["total", "value"] == b.loc["total", "value"]
    assert c.loc["total", "margin_per_return"] == pytest.approx(45.0)  # undiscounted


def test_margin_is_without_vat_and_at_the_margin():
    kw = dict(problem="late_delivery", removes=1.0, as_of="2025-03-01", min_n=1, discount_rate=0.0)
    t = fix_value(_orders(), None, _customers(), vat=0.0, margin=0.5, **kw)
    assert t.loc["total", "margin_per_return"] == pytest.approx((120 + 240) / 2 * 0.5)


def test_tickets_handled_badly_narrowed_by_a_rule():
    # effect: f came back (1 of e, f), g and h both: 50% - 100% = -50 points; margin 45 F.
    # affected in the last year: e (email, reopened) and g (chat, reopened): 2; by email only: 1.
    kw = dict(problem="ticket_handled_badly", removes=1.0, as_of="2025-03-01", min_n=1)
    everyone = fix_value(_ticket_orders(), _tickets(), _customers("efgh"), **kw)
    email = fix_value(_ticket_orders(), _tickets(), _customers("efgh"), where={"channel": "email"}, **kw)
    assert everyone.loc["total", "affected"] == 2
    assert email.loc["total", "affected"] == 1
    assert email.loc["total", "effect"] == pytest.approx(-50.0)
    assert email.loc["total", "value"] == pytest.approx(0.5 * 45 * F)
    assert everyone.loc["total", "value"] == pytest.approx(2 * email.loc["total", "value"])


def test_segments_are_priced_apart_and_added():
    # Two copies of the company, one consumer and one business; the business copy spends twice as
    # much. Each segment's value is computed alone; the total adds them.
    o = _orders()
    b = o.assign(customer_id=o["customer_id"] + "2", value=o["value"] * 2)
    cust = pd.concat([_customers(), _customers(["a2", "b2", "c2", "d2"], "B2B")])
    t = fix_value(
        pd.concat([o, b]), None, cust, problem="late_delivery", removes=1.0, as_of="2025-03-01", min_n=1
    )
    assert t.loc["B2C", "value"] == pytest.approx(0.5 * 45 * F)
    assert t.loc["B2B", "value"] == pytest.approx(0.5 * 90 * F)
    assert t.loc["total", "value"] == pytest.approx(t.loc["B2C", "value"] + t.loc["B2B", "value"])
    assert t.loc["total", "affected"] == 2
    # independent segments: the distances to each limit add in quadrature (MOVER for a sum)
    seg = t.loc[["B2C", "B2B"]]
    total = t.loc["total"]
    below, above = seg["value"] - seg["low"], seg["high"] - seg["value"]
    assert total["value"] - total["low"] == pytest.approx(math.sqrt((below**2).sum()))
    assert total["high"] - total["value"] == pytest.approx(math.sqrt((above**2).sum()))


# ------------------------------------------------------------------ edge cases


def test_no_affected_customers_is_worth_nothing_exactly():
    # no late parcel in the year before 2026-06-01
    t = fix_value(
        _orders(), None, _customers(), problem="late_delivery", removes=1.0, as_of="2026-06-01", min_n=1
    )
    row = t.loc["total"]
    assert row["affected"] == 0
    assert (row["value"], row["low"], row["high"]) == (0.0, 0.0, 0.0)
    assert not row["crosses_zero"]


def test_an_effect_interval_crossing_zero_gives_a_value_interval_crossing_zero():
    # Add two late customers who come back: late 3 of 4 against on time 2 of 2, effect -25 points;
    # Newcombe's interval, from Wilson's 3/4 (30 to 95%) and 2/2 (34 to 100%), runs from about -70
    # to +32 points: it crosses zero.
    o = _orders()
    extra = pd.DataFrame(
        {
            "customer_id": ["x", "y", "x", "y"],
            "timestamp": d(["2024-01-01", "2024-01-01", "2024-02-01", "2024-02-01"]),
            "value": 60.0,
            "promised_date": d(["2024-01-03"] * 2 + ["2024-02-03"] * 2),
            "delivered_date": d(["2024-01-09"] * 2 + ["2024-02-03"] * 2),
            "channel": "web",
        }
    )
    t = fix_value(
        pd.concat([o, extra]),
        None,
        _customers("abcdxy"),
        problem="late_delivery",
        removes=1.0,
        as_of="2025-03-01",
        min_n=1,
    )
    row = t.loc["total"]
    assert row["effect_low"] < 0 < row["effect_high"]
    assert row["low"] < 0 < row["high"]
    assert row["crosses_zero"]
    # ten copies of the base company: the same -50 points, 10 of 20 against 20 of 20: Newcombe's
    # interval from about -70 to -28 points
    copies = pd.concat(
        [_orders().assign(customer_id=lambda o, k=k: o["customer_id"] + str(k)) for k in range(10)]
    )
    ids = [c + str(k) for k in range(10) for c in "abcd"]
    clear = fix_value(
        copies, None, _customers(ids), problem="late_delivery", removes=1.0, as_of="2025-03-01", min_n=1
    )
    assert clear.loc["total", "effect_high"] < 0
    assert not clear.loc["total", "crosses_zero"]


def test_small_groups_are_flagged():
    t = fix_value(_orders(), None, _customers(), problem="late_delivery", removes=1.0, as_of="2025-03-01")
    assert t.loc["total", "too_small"]  # two customers a group, min_n 30


def test_doubling_survey_responses_does_not_change_a_fixs_value():
    """The old impact was n_affected (survey respondents) x NPS gap: it followed survey volume."""
    assert "surveys" not in inspect.signature(fix_priorities).parameters
    kw = dict(problem="ticket_handled_badly", removes=1.0, as_of="2025-03-01", min_n=1)
    once = fix_value(_ticket_orders(), _tickets(), _customers("efgh"), **kw)
    answered = _tickets().assign(csat=pd.array([1, 3, 5, 4, 2, 1], dtype="Int64"))  # twice the answers
    twice = fix_value(_ticket_orders(), answered, _customers("efgh"), **kw)
    pd.testing.assert_frame_equal(once, twice)


def test_removes_scales_the_value():
    kw = dict(problem="late_delivery", as_of="2025-03-01", min_n=1)
    a = fix_value(_orders(), None, _customers(), removes=1.0, **kw)
    b = fix_value(_orders(), None, _customers(), removes=0.25, **kw)
    assert b.loc["total", ["value", "low", "high"]].tolist() == pytest.approx(
        (a.loc["total", ["value", "low", "high"]] * 0.25).tolist()
    )


# ------------------------------------------------------------------ the table of fixes


def test_table_by_hand_and_quadrants():
    f = pd.concat([_fixes(), _fixes(id="carrier", effort=8.0, removes=0.5)], ignore_index=True)
    t = fix_priorities(_orders(), None, _customers(), fixes=f, as_of="2025-03-01", min_n=1)
    assert list(t.index) == ["notice", "carrier"]  # largest value first
    assert t.loc["notice", "value"] == pytest.approx(0.5 * 45 * F)
    assert t.loc["carrier", "value"] == pytest.approx(0.25 * 45 * F)
    assert list(t.columns[:8]) == ["value", "n", "low", "high", "moe", "too_small", "method", "confidence"]
    assert t.loc["notice", "value_per_effort"] == pytest.approx(t.loc["notice", "value"] / 2)
    # median value and median effort (2, 8) = 5: notice high and low effort, carrier low and high
    assert t["effort_cut"].iloc[0] == 5.0
    assert t.loc["notice", "quadrant"] == "Quick wins"
    assert t.loc["carrier", "quadrant"] == "Thankless tasks"
    u = fix_priorities(_orders(), None, _customers(), fixes=f, as_of="2025-03-01", min_n=1, cuts=(0.0, 1.0))
    assert set(u["quadrant"]) == {"Major projects"}


# ------------------------------------------------------------------ bad inputs


def test_bad_options_are_config_errors():
    kw = dict(problem="late_delivery", removes=1.0, as_of="2025-03-01", min_n=1)
    for bad in (
        {"problem": "slow_app"},
        {"removes": 1.5},
        {"removes": True},
        {"margin": -0.1},
        {"vat": "20%"},
        {"discount_rate": 2.0},
        {"within": 0},
        {"horizon": float("nan")},
    ):
        with pytest.raises(CXConfigError):
            fix_value(_orders(), None, _customers(), **{**kw, **bad})


def test_bad_data_name_the_column_and_the_value():
    kw = dict(problem="late_delivery", removes=1.0, as_of="2025-03-01", min_n=1)
    with pytest.raises(CXDataError, match="not in the table of customers") as err:
        fix_value(_orders(), None, _customers("abc"), **kw)
    assert "'d'" in str(err.value)
    with pytest.raises(CXDataError, match="promised_date"):
        fix_value(_orders().drop(columns="promised_date"), None, _customers(), **kw)
    with pytest.raises(CXDataError, match="delivered_date"):
        fix_value(_orders().assign(delivered_date="soon"), None, _customers(), **kw)
    with pytest.raises(CXDataError, match="problem's table does not have") as err:
        fix_value(_orders(), None, _customers(), where={"region": "North"}, **kw)
    assert "region" in str(err.value)
    bad = _tickets().assign(reopened=["yes", False, False, False, True, True])
    with pytest.raises(CXDataError, match="reopened"):
        fix_value(_ticket_orders(), bad, _customers("efgh"), **{**kw, "problem": "ticket_handled_badly"})


@pytest.mark.parametrize(
    ("field", "value", "match"),
    [
        ("effort", 0, "effort"),
        ("effort", "3", "effort"),
        ("removes", 1.2, "removes"),
        ("problem", "slow_app", "unknown problem"),
        ("where", "email", "where is not a rule"),
    ],
)
def test_bad_fixes_name_the_fix(field, value, match):
    with pytest.raises(CXDataError, match=match) as err:
        fix_priorities(_orders(), None, _customers(), fixes=_fixes(**{field: value}), as_of="2025-03-01")
    assert "notice" in str(err.value)


def test_duplicate_ids_and_missing_fields():
    f = pd.concat([_fixes(), _fixes()], ignore_index=True)
    with pytest.raises(CXDataError, match="fix id used twice"):
        fix_priorities(_orders(), None, _customers(), fixes=f, as_of="2025-03-01")
    with pytest.raises(CXDataError, match="removes"):
        fix_priorities(
            _orders(), None, _customers(), fixes=_fixes().drop(columns="removes"), as_of="2025-03-01"
        )


def test_load_fixes_and_bad_files(tmp_path):
    f = load_fixes()
    assert len(f) == 8
    assert f["id"].is_unique
    assert (f["effort"] > 0).all()
    assert f["removes"].between(0, 1).all()
    assert set(f["problem"]) == {"late_delivery", "ticket_handled_badly"}
    assert f["assumption"].notna().all()  # every share removed has its reason written down
    assert f.loc[f["id"] == "email-same-day", "where"].iloc[0] == {"channel": "email"}
    with pytest.raises(CXFileNotFoundError):
        load_fixes(path=tmp_path / "none.yaml")
    p = tmp_path / "f.yaml"
    p.write_text("fixes: []\n")
    with pytest.raises(CXDataError, match="missing sections"):
        load_fixes(path=p)
    p.write_text("unit: days\nfixes:\n  - {id: a, fix: b}\n")
    with pytest.raises(CXDataError, match="wrong fields"):
        load_fixes(path=p)


# ------------------------------------------------------------------ on the course data


@pytest.mark.course
def test_course_fixes_on_course_data():
    from cxkit.data import load
    from cxkit.retention import compare_return, time_to_next_order

    orders, tickets, customers = load("orders"), load("tickets"), load("customers")
    t = fix_priorities(orders, tickets, customers)
    assert (t["low"] <= t["value"]).all()
    assert (t["value"] <= t["high"]).all()
    assert not t["crosses_zero"].any()
    assert t.loc["late-parcel-notice", "quadrant"] == "Quick wins"
    # the effect is module 08's: compare_return on each customer's first delivery, per segment
    v = fix_value(orders, tickets, customers, problem="late_delivery", removes=1.0)
    first = orders.sort_values("timestamp").groupby("customer_id").head(1).dropna(subset=["delivered_date"])
    starts = pd.DataFrame(
        {
            "customer_id": first["customer_id"],
            "start": first["delivered_date"],
            "delivery": np.where(first["delivered_date"] > first["promised_date"], "late", "on time"),
        }
    )
    followed = time_to_next_order(starts, orders, as_of="2026-01-01")
    followed["segment"] = (
        followed["customer_id"].map(customers.set_index("customer_id")["segment"]).astype(str)
    )
    ref = compare_return(followed, group="delivery", a="late", b="on time", within=180)
    for s in ("B2C", "B2B"):
        assert v.loc[s, "effect"] == pytest.approx(ref.loc[s, "value"])
        # ... with module 08's interval too (Newcombe's, not a Wald interval that reaches zero for
        # the business customers' 38 late first parcels where module 08's does not)
        assert v.loc[s, "effect_low"] == pytest.approx(ref.loc[s, "low"])
        assert v.loc[s, "effect_high"] == pytest.approx(ref.loc[s, "high"])
        assert (v.loc[s, "low"] > 0) == (ref.loc[s, "high"] < 0)  # the value's interval agrees
    # affected: the customers with a late parcel in 2025
    late = orders[
        (orders["delivered_date"] > orders["promised_date"]) & (orders["delivered_date"].dt.year == 2025)
    ]
    assert v.loc["total", "affected"] == late["customer_id"].nunique()
    # survey volume plays no part: the table is the same whatever the surveys hold
    assert "surveys" not in inspect.signature(fix_value).parameters


# ------------------------------------------------------------------ the figure


def _table():
    # values 200 and 100, efforts 2 and 8: medians 150 and 5
    return pd.DataFrame(
        {
            "value": [200.0, 100.0],
            "low": [150.0, 60.0],
            "high": [250.0, 140.0],
            "too_small": False,
            "effort": [2.0, 8.0],
            "unit": "effort units",
            "impact_cut": 150.0,
            "effort_cut": 5.0,
            "quadrant": ["Quick wins", "Thankless tasks"],
        },
        index=pd.Index(["f0", "f1"], name="id"),
    )


def test_figure_draws_every_fix_with_whiskers_and_quadrants():
    t = _table()
    fig = plot_fix_priorities(t)
    ax = fig.axes[0]
    texts = {x.get_text() for x in ax.texts}
    assert set(FIX_QUADRANTS.values()) <= texts
    assert {"f0", "f1"} <= texts
    from matplotlib.collections import PathCollection

    xy = np.vstack([c.get_offsets() for c in ax.collections if isinstance(c, PathCollection)])
    assert sorted(map(tuple, xy.tolist())) == [(2.0, 200.0), (8.0, 100.0)]
    assert ax.get_xlabel() == "Effort (effort units, the team's estimate)"
    assert ax.get_ylabel() == "Impact (euros a year)"
    # the whiskers: one vertical segment per fix, from low to high
    segs = [s for c in ax.collections for s in getattr(c, "get_segments", lambda: [])()]
    spans = sorted((float(s[0][1]), float(s[1][1])) for s in segs if len(s) == 2 and s[0][0] == s[1][0])
    assert spans == [(60.0, 140.0), (150.0, 250.0)]
    # the cut lines
    lines = [ln.get_xdata()[0] for ln in ax.lines if ln.get_linestyle() == "--"]
    assert 5.0 in lines


def _cut_labels(ax) -> list[str]:
    return [x.get_text() for x in ax.texts if "effort" in x.get_text() or "impact" in x.get_text()]


def test_figure_names_the_cut_lines_median_by_default():
    t = _table()  # impacts 200 and 100, efforts 2 and 8: medians 150 and 5
    ax = plot_fix_priorities(t).axes[0]
    assert sorted(_cut_labels(ax)) == ["median effort: 5 effort units", "median impact: 150 euros"]
    for text in ax.texts:
        assert text.get_fontsize() >= 12


def test_figure_names_cut_lines_that_are_not_medians_as_cuts():
    t = pd.DataFrame(
        {
            "effort": [1.0, 5.0, 9.0],
            "value": [200_000.0, 9_000.0, 3_000.0],
            "impact_cut": 9_000.0,  # the median of the values
            "effort_cut": 6.0,  # neither the median (5) nor the mean (5) of the efforts
            "unit": "days",
        },
        index=pd.Index(["x", "y", "z"], name="id"),
    )
    ax = plot_fix_priorities(t).axes[0]
    assert sorted(_cut_labels(ax)) == ["effort cut: 6 days", "median impact: 9 thousand euros"]
    ax = plot_fix_priorities(
        t.assign(effort_cut=t["effort"].mean() + 0.5, impact_cut=t["value"].mean())
    ).axes[0]
    assert sorted(_cut_labels(ax)) == ["effort cut: 5.5 days", "mean impact: 70.7 thousand euros"]


@pytest.mark.course
def test_course_figure_cut_labels_sit_inside_the_axes_clear_of_points_and_texts():
    from cxkit.data import load

    t = fix_priorities(load("orders"), load("tickets"), load("customers"))
    fig = plot_fix_priorities(t)
    ax = fig.axes[0]
    renderer = fig.canvas.get_renderer()
    labels = [x for x in ax.texts if x.get_text() in _cut_labels(ax)]
    assert [x.get_text().split(":")[0] for x in labels] == ["median effort", "median impact"]
    assert labels[0].get_text() == f"median effort: {t['effort_cut'].iloc[0]:g} person-weeks"
    box = ax.get_window_extent(renderer)
    points = ax.transData.transform(t[["effort", "value"]].to_numpy(dtype=float) / [1, 1000])
    for label in labels:
        ext = label.get_window_extent(renderer)
        assert box.x0 <= ext.x0
        assert ext.x1 <= box.x1
        assert box.y0 <= ext.y0
        assert ext.y1 <= box.y1
        for other in ax.texts:
            if other is not label:
                assert not ext.overlaps(other.get_window_extent(renderer)), (label, other)
        for px, py in points:
            assert not (ext.x0 - 8 < px < ext.x1 + 8 and ext.y0 - 8 < py < ext.y1 + 8), label


def test_figure_log_scale_for_spread_out_impacts():
    t = pd.DataFrame(
        {
            "effort": [1.0, 5.0, 9.0],
            "value": [200_000.0, 9_000.0, 3_000.0],
            "low": [190_000.0, 8_000.0, 2_000.0],
            "high": [210_000.0, 10_000.0, 4_000.0],
            "impact_cut": 9_000.0,
            "effort_cut": 5.0,
            "unit": "days",
            "quadrant": ["Quick wins", "Major projects", "Thankless tasks"],
        },
        index=pd.Index(["x", "y", "z"], name="id"),
    )
    ax = plot_fix_priorities(t).axes[0]
    assert ax.get_yscale() == "log"
    assert ax.get_ylabel() == "Impact (thousand euros a year, log scale)"
    assert plot_fix_priorities(t, log=False).axes[0].get_yscale() == "linear"
    assert "quick wins (high impact, low effort) are x" in fix_priorities_alt(t)


def test_figure_bad_tables():
    t = _table()
    with pytest.raises(CXDataError, match="no fix has an impact"):
        plot_fix_priorities(t.assign(value=np.nan))
    with pytest.raises(CXDataError, match="no such column"):
        plot_fix_priorities(t.drop(columns="effort_cut"))
    with pytest.raises(CXConfigError, match="log=True"):
        plot_fix_priorities(t.assign(low=-5.0), log=True)


def test_plots_leave_the_session_settings_alone():
    """plot_fix_priorities called style.use() and changed the session's rcParams (issue 23)."""
    import matplotlib as mpl

    from cxkit.data import load
    from cxkit.service import example_answers, plot_self_assessment, self_assessment

    t = fix_priorities(load("orders"), load("tickets"), load("customers"))
    r = self_assessment(example_answers(round="March"))
    with mpl.rc_context({"font.size": 7.0, "axes.grid": False}):
        before = {k: str(v) for k, v in mpl.rcParams.items()}
        plot_fix_priorities(t)
        plot_self_assessment(r)
        after = {k: str(v) for k, v in mpl.rcParams.items()}
    assert [k for k in before if before[k] != after[k]] == []


@pytest.mark.course
def test_the_notes_discussion_a_notice_removing_a_tenth():
    """workshops/notes/10: at a tenth the notice becomes a fill-in, the call-back a major project."""
    from cxkit.data import load

    f = load_fixes()
    f.loc[f["id"] == "late-parcel-notice", "removes"] = 0.1
    t = fix_priorities(load("orders"), load("tickets"), load("customers"), fixes=f)
    assert round(t.loc["late-parcel-notice", "value"], -2) == 4_200
    assert round(t["impact_cut"].iloc[0], -2) == 4_900
    assert t.loc["late-parcel-notice", "quadrant"] == "Fill-ins"
    assert t.loc["phone-callback", "quadrant"] == "Major projects"
    assert round(t.loc["peak-second-carrier", "value_per_effort"], -2) == 1_000
    base = fix_priorities(load("orders"), load("tickets"), load("customers"))
    assert round(base.loc["late-parcel-notice", "value_per_effort"], -2) == 2_800
