"""Tests of cxkit.journey.lifecycle (every contact of the lifecycle) and its figure, draw_lifecycle.

Hand-worked examples for each rule, the bad inputs, and the course-data numbers module 01 quotes
(recomputed here with plain pandas from the committed CSV files).
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
import pytest

from cxkit.errors import CXConfigError, CXDataError
from cxkit.journey import (
    customer_reach,
    draw_lifecycle,
    good_then_poor,
    lifecycle_alt_text,
    lifecycle_contacts,
    lifecycle_volume,
)

DATASETS = Path(__file__).resolve().parents[1] / "datasets"
CATALOGUE = pd.DataFrame(
    {
        "touchpoint": ["social_ad", "website", "checkout", "store_till", "delivery", "support_chat"],
        "stage": ["awareness", "consideration", "purchase", "purchase", "post_purchase", "post_purchase"],
        "channel": ["social", "web", "web", "store", "web", "chat"],
    }
)


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def _events():
    return pd.DataFrame(
        {
            "customer_id": ["C1", "C1", None, "C2"],
            "timestamp": pd.to_datetime(["2024-01-01", "2024-01-02", "2024-01-03", "2024-01-04"]),
            "touchpoint": ["social_ad", "website", "website", "website"],
        }
    )


def test_contacts_by_hand():
    orders = pd.DataFrame(
        {
            "customer_id": ["C1", "C2"],
            "channel": ["web", "store"],
            "timestamp": pd.to_datetime(["2024-01-05 10:00", "2024-01-06 11:00"]),
            "delivered_date": pd.to_datetime(["2024-01-08", None]),
        }
    )
    tickets = pd.DataFrame(
        {"customer_id": ["C1"], "channel": ["chat"], "opened_at": pd.to_datetime(["2024-01-09"])}
    )
    surveys = pd.DataFrame(
        {"customer_id": ["C1"], "touchpoint": ["delivery"], "sent_at": pd.to_datetime(["2024-01-08 12:00"])}
    )
    c = lifecycle_contacts(_events(), CATALOGUE, orders=orders, tickets=tickets, surveys=surveys)
    assert list(c.columns) == ["customer_id", "timestamp", "touchpoint", "stage", "channel", "source"]
    # 4 events, 2 payments + 1 delivery (the store order has none), 1 ticket, 1 survey
    assert c["source"].tolist() == ["events"] * 4 + ["orders"] * 3 + ["tickets", "surveys"]
    assert c["touchpoint"].tolist()[4:] == ["checkout", "store_till", "delivery", "support_chat", "delivery"]
    assert c.loc[6, "timestamp"] == pd.Timestamp("2024-01-08")
    assert c.loc[7, "stage"] == "post_purchase"
    assert c.loc[7, "channel"] == "chat"
    assert c["customer_id"].isna().sum() == 1  # the prospect's event is kept, without a customer
    reach = customer_reach(c)
    # C1: social_ad, website, checkout, delivery x2, support_chat -> 6 contacts, 5 touchpoints,
    # channels social, web, chat -> 3; stages awareness, consideration, purchase, post_purchase -> 4
    assert reach.loc["C1", ["contacts", "touchpoints", "channels", "stages", "days"]].tolist() == [
        6,
        5,
        3,
        4,
        8,
    ]
    assert reach.loc["C2", ["contacts", "touchpoints", "channels", "stages"]].tolist() == [2, 2, 2, 2]
    assert list(reach.index) == ["C1", "C2"]


def test_volume_orders_stages_and_counts_customers():
    c = lifecycle_contacts(_events(), CATALOGUE)
    v = lifecycle_volume(c)
    assert v["touchpoint"].tolist() == ["social_ad", "website"]
    assert v["contacts"].tolist() == [1, 3]
    assert v["customers"].tolist() == [1, 2]  # the prospect is a contact, not a customer


def test_bad_inputs():
    bad = _events().assign(touchpoint=["social_ad", "websit", "website", "website"])
    with pytest.raises(CXDataError, match="websit"):
        lifecycle_contacts(bad, CATALOGUE)
    with pytest.raises(CXDataError, match="touchpoint"):
        lifecycle_contacts(_events().drop(columns="touchpoint"), CATALOGUE)
    orders = pd.DataFrame(
        {
            "customer_id": ["C1"],
            "channel": ["fax"],
            "timestamp": pd.to_datetime(["2024-01-05"]),
            "delivered_date": [None],
        }
    )
    with pytest.raises(CXDataError, match="fax"):
        lifecycle_contacts(_events(), CATALOGUE, orders=orders)
    with pytest.raises(CXDataError):
        lifecycle_volume(lifecycle_contacts(_events(), CATALOGUE).iloc[:0])
    with pytest.raises(CXDataError):
        customer_reach(pd.Series([1, 2]))


def test_good_then_poor_by_hand():
    s = pd.DataFrame(
        {
            "customer_id": ["A", "A", "A", "B", "B", "C", "C"],
            "touchpoint": [
                "checkout",
                "delivery",
                "support_chat",
                "delivery",
                "checkout",
                "checkout",
                "delivery",
            ],
            "nps": [10, 5, 2, 3, 9, 9, None],
            "response_date": pd.to_datetime(
                ["2024-01-01", "2024-01-02", "2024-01-03", "2024-01-01", "2024-01-02", "2024-01-01", None]
            ),
        }
    )
    g = good_then_poor(s)
    # A: promoter at checkout, then the lowest later detractor score is 2 at support_chat.
    # B: the detractor answer came *before* the promoter one; C: the later answer is blank.
    assert g["customer_id"].tolist() == ["A"]
    assert g.loc[
        0, ["good_touchpoint", "good_score", "poor_touchpoint", "poor_score", "answers"]
    ].tolist() == [
        "checkout",
        10,
        "support_chat",
        2,
        3,
    ]
    assert good_then_poor(s, good_min=10, poor_max=5)["poor_touchpoint"].tolist() == ["support_chat"]
    with pytest.raises(CXDataError, match="poor_max"):
        good_then_poor(s, good_min=6, poor_max=6)


# -- the course data: the numbers module 01 quotes ------------------------------------------------


@pytest.fixture(scope="module")
def course():
    from cxkit.data import load

    tables = {n: load(n) for n in ("events", "touchpoints", "orders", "tickets", "surveys")}
    contacts = lifecycle_contacts(
        tables["events"],
        tables["touchpoints"],
        orders=tables["orders"],
        tickets=tables["tickets"],
        surveys=tables["surveys"],
    )
    return tables, contacts


def test_course_reach_matches_plain_pandas(course):
    _, contacts = course
    reach = customer_reach(contacts)
    # plain pandas from the CSV files: distinct touchpoints per customer over all four tables
    e = pd.read_csv(DATASETS / "events.csv", usecols=["customer_id", "touchpoint"])
    o = pd.read_csv(DATASETS / "orders.csv", usecols=["customer_id", "channel", "delivered_date"])
    t = pd.read_csv(DATASETS / "tickets.csv", usecols=["customer_id", "channel"])
    s = pd.read_csv(DATASETS / "surveys.csv", usecols=["customer_id", "touchpoint"])
    pay = {"web": "checkout", "app": "app_checkout", "store": "store_till", "phone": "phone_order"}
    rows = pd.concat(
        [
            e.dropna(subset=["customer_id"]),
            o.assign(touchpoint=o["channel"].map(pay))[["customer_id", "touchpoint"]],
            o[o["delivered_date"].notna()].assign(touchpoint="delivery")[["customer_id", "touchpoint"]],
            t.assign(touchpoint="support_" + t["channel"])[["customer_id", "touchpoint"]],
            s,
        ]
    )
    per = rows.groupby("customer_id")["touchpoint"].nunique()
    assert per.sort_index().tolist() == reach["touchpoints"].tolist()
    # module 01 quotes: 3,955 customers with a contact; a median of 6 touchpoints and 4 channels
    assert len(reach) == 3955
    assert reach["touchpoints"].median() == 6
    assert reach["channels"].median() == 4  # the carrier at the door is a channel of its own
    assert round(100 * (reach["channels"] >= 3).mean()) == 83


@pytest.mark.course
def test_course_volume_and_the_example_customer(course):
    tables, contacts = course
    v = lifecycle_volume(contacts).set_index("touchpoint")
    assert v["customers"].idxmax() == "delivery"
    assert round(100 * v.loc["delivery", "customers"] / 3955) == 91
    # the example of module 01: the purchase-touchpoint promoter whose later score was lowest
    g = good_then_poor(tables["surveys"])
    buying = g[g["good_touchpoint"].isin(["checkout", "app_checkout", "store_till", "phone_order"])]
    first = buying.sort_values(["poor_score", "poor_at"]).iloc[0]
    assert first["customer_id"] == "C000467"
    assert (first["good_touchpoint"], first["good_score"]) == ("app_checkout", 10)
    assert (first["poor_touchpoint"], first["poor_score"]) == ("delivery", 4)
    assert len(g) == 112
    assert len(buying) == 39
    mine = contacts[contacts["customer_id"] == "C000467"]
    assert len(mine) == 30
    assert mine["touchpoint"].nunique() == 5
    assert mine["channel"].nunique() == 5
    # plain pandas: the customer's two answers and the chat ticket that followed
    s = pd.read_csv(DATASETS / "surveys.csv")
    answers = s[(s["customer_id"] == "C000467") & s["responded"]]
    assert answers[["touchpoint", "nps"]].to_numpy().tolist() == [["app_checkout", 10], ["delivery", 4]]
    t = pd.read_csv(DATASETS / "tickets.csv")
    assert t.loc[t["customer_id"] == "C000467", ["channel", "category"]].to_numpy().tolist() == [
        ["chat", "billing"]
    ]


# -- the figure -----------------------------------------------------------------------------------


def _texts(fig, gid):
    return [t for ax in fig.axes for t in ax.texts if t.get_gid() == gid]


def _volume():
    return pd.DataFrame(
        {
            "stage": ["awareness", "purchase", "purchase", "post_purchase"],
            "touchpoint": ["social_ad", "store_till", "checkout", "support_chat"],
            "channel": ["social", "store", "web", "chat"],
            "customers": [40, 30, 90, 10],
            "contacts": [50, 35, 120, 12],
        }
    )


@pytest.mark.parametrize("size", [(12.8, 7.2), (11.0, 6.2)])
def test_figure_content(size):
    fig = draw_lifecycle(_volume(), total=100, figsize=size)
    assert [t.get_text() for t in _texts(fig, "stage")] == [
        "Awareness (1)",
        "Purchase (2)",
        "Post purchase (1)",
    ]
    # within a stage, the most-met touchpoint comes first
    assert [t.get_text() for t in _texts(fig, "touchpoint-label")] == [
        "Social ad",
        "Checkout",
        "Store till",
        "Support chat",
    ]
    assert [t.get_text() for t in _texts(fig, "volume-label")] == [
        "40 (40%)",
        "90 (90%)",
        "30 (30%)",
        "10 (10%)",
    ]
    bars = [p for ax in fig.axes for p in ax.patches if p.get_gid() == "volume"]
    widths = [b.get_width() for b in bars]
    assert widths[1] / widths[0] == pytest.approx(90 / 40)  # lengths proportional to the measure
    assert widths[1] == max(widths)
    # each channel is a colour *and* a marker shape; the key lists every channel once
    markers = [ln for ax in fig.axes for ln in ax.lines if ln.get_gid() == "channel"]
    assert [m.get_marker() for m in markers] == ["h", "o", "D", "v"]
    assert len({m.get_color() for m in markers}) == 4
    assert [t.get_text() for t in _texts(fig, "channel-key-label")] == ["social", "web", "store", "chat"]
    # readable and inside the figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    for ax in fig.axes:
        for t in ax.texts:
            assert t.get_fontsize() >= 12
            ext = t.get_window_extent(renderer)
            inside = (ext.x0 >= fig.bbox.x0 - 1, ext.x1 <= fig.bbox.x1 + 1, ext.y0 >= fig.bbox.y0 - 1)
            assert all(inside), t.get_text()
            assert ext.y1 <= fig.bbox.y1 + 1, t.get_text()


def test_figure_measure_contacts_and_bad_options():
    fig = draw_lifecycle(_volume(), measure="contacts")
    assert [t.get_text() for t in _texts(fig, "volume-label")] == ["50", "120", "35", "12"]
    with pytest.raises(CXConfigError, match="measure"):
        draw_lifecycle(_volume(), measure="people")
    with pytest.raises(CXDataError):
        draw_lifecycle(_volume().drop(columns="channel"))
    with pytest.raises(CXDataError):
        draw_lifecycle(_volume().iloc[:0])


def test_alt_text_states_the_finding():
    alt = lifecycle_alt_text(_volume(), total=100)
    assert alt == (
        "Chart of 4 touchpoints in 3 stages (awareness 1, purchase 2, post purchase 1), bars by customers "
        "who met each (of 100): the most met is checkout (90, 90%), the least support chat (10, 10%); "
        "4 channels."
    )


def test_course_figure_fits_1280x720(course, tmp_path):
    _, contacts = course
    v = lifecycle_volume(contacts)
    fig = draw_lifecycle(v, total=3965)
    assert len(_texts(fig, "touchpoint-label")) == 24
    fig.savefig(tmp_path / "lifecycle.png", dpi=100)
    from PIL import Image

    assert Image.open(tmp_path / "lifecycle.png").size == (1280, 720)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    for t in fig.axes[0].texts:
        ext = t.get_window_extent(renderer)
        assert ext.x1 <= fig.bbox.x1 + 1, t.get_text()
        assert ext.y0 >= fig.bbox.y0 - 1, t.get_text()
