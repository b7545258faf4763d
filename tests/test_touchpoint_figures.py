"""The touchpoint map, the measurement gap by group and its figure (module 04), on hand-made tables.

Every expected number is worked out by hand in the comments.
"""

from __future__ import annotations

import matplotlib as mpl
import pandas as pd
import pytest

mpl.use("Agg")

from cxkit.errors import CXDataError
from cxkit.journey import (
    GAP_GROUPS,
    draw_measurement_gap,
    draw_touchpoint_map,
    gap_group,
    measurement_gap_alt_text,
    measurement_groups,
)


def _catalogue() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "touchpoint": ["social_ad", "checkout", "store_till", "delivery", "invoice"],
            "stage": ["awareness", "purchase", "purchase", "post_purchase", "post_purchase"],
            "channel": ["social", "web", "store", "courier", "email"],
            "owner": ["Marketing", "E-commerce", "Stores", "Logistics", "Finance"],
            "revenue": [False, True, True, False, False],
            "phase": ["before", "during", "during", "after", "after"],
        }
    )


def test_the_map_puts_each_touchpoint_in_its_stage_and_channel() -> None:
    fig = draw_touchpoint_map(_catalogue())
    ax = fig.axes[0]
    rows = [t.get_text() for t in ax.get_yticklabels()]
    # the course's order first (web, email, social), then a channel it does not know, offline last
    assert rows == ["web", "email", "social", "courier", "store (offline)"]
    where = {t.get_text(): (round(t.get_position()[0]), round(t.get_position()[1])) for t in ax.texts}
    assert where["■ checkout"] == (3, 0)  # purchase is the 4th stage, web the 1st row
    assert where["invoice"] == (4, 1)
    assert where["■ store_till"] == (3, 4)
    # the offline row is shaded: one span, over the store row (4 - 0.5 to 4 + 0.5)
    spans = [p for p in ax.patches if p.get_facecolor()[:3] != (1.0, 1.0, 1.0)]
    assert len(spans) == 1


def test_the_map_names_a_touchpoint_whose_stage_it_does_not_know() -> None:
    bad = _catalogue()
    bad.loc[4, "stage"] = "billing"
    with pytest.raises(CXDataError, match="invoice: billing"):
        draw_touchpoint_map(bad)


def test_the_map_needs_a_catalogue() -> None:
    with pytest.raises(CXDataError, match="revenue"):
        draw_touchpoint_map(_catalogue().drop(columns="revenue"))


def _gap() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "revenue": [True, False, False, False, False],
            "invitations": [20, 50, 10, 15, 5],
            "answered": [10, 20, 4, 5, 1],
            "detractors": [1, 5, 2, 2, 0],
            "tickets": [0, 30, 0, 10, 0],
        },
        index=pd.Index(["checkout", "delivery", "support_chat", "invoice", "newsletter"], name="touchpoint"),
    )


def test_the_groups_sum_the_gap_by_hand() -> None:
    table = measurement_groups(_gap())
    assert table.index.tolist() == list(GAP_GROUPS)
    # invitations 20, 50, 25 (10 + 15), 5 of 100; detractors 1, 5, 4, 0 of 10
    assert table["% of invitations"].tolist() == [20.0, 50.0, 25.0, 5.0]
    assert table["% of detractors"].tolist() == [10.0, 50.0, 40.0, 0.0]
    # detractor rate: 1/10, 5/20, 4/9, 0/1
    assert table["detractor rate %"].round(6).tolist() == [10.0, 25.0, round(400 / 9, 6), 0.0]
    assert table["tickets"].tolist() == [0, 30, 10, 0]


def test_the_groups_can_be_given() -> None:
    groups = {
        "checkout": "pay",
        "delivery": "after",
        "support_chat": "after",
        "invoice": "after",
        "newsletter": "pay",
    }
    table = measurement_groups(_gap(), groups=groups)
    assert table.index.tolist() == ["pay", "after"]
    assert table["invitations"].tolist() == [25, 75]


def test_a_touchpoint_without_a_group_is_named() -> None:
    with pytest.raises(CXDataError, match="newsletter"):
        measurement_groups(
            _gap(), groups={"checkout": "pay", "delivery": "x", "support_chat": "x", "invoice": "x"}
        )


def test_the_default_groups() -> None:
    assert gap_group("phone_order", revenue=True) == GAP_GROUPS[0]
    assert gap_group("delivery", revenue=False) == GAP_GROUPS[1]
    assert gap_group("support_social", revenue=False) == GAP_GROUPS[2]
    assert gap_group("returns", revenue=False) == GAP_GROUPS[2]
    assert gap_group("review_request", revenue=False) == GAP_GROUPS[3]


def test_the_gap_figure_draws_both_shares_per_group() -> None:
    table = measurement_groups(_gap())
    fig = draw_measurement_gap(table)
    widths = [round(p.get_width()) for p in fig.axes[0].patches]
    assert widths == [20, 50, 25, 5, 10, 50, 40, 0]
    text = measurement_gap_alt_text(table)
    assert "delivery gets 50% of invitations and produces 50% of detractors" in text
