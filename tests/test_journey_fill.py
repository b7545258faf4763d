"""Tests of cxkit.journey.fill: the values are those of cxkit.metrics and the funnel, small groups flagged."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
import pytest

from cxkit.data import load
from cxkit.errors import CXConfigError
from cxkit.journey import draw_journey_map, funnel
from cxkit.journey.fill import COLUMNS, fill_from_data
from cxkit.journey.model import load_journey
from cxkit.metrics import ces, nps

JOURNEYS = Path(__file__).resolve().parent.parent / "datasets" / "journeys"


@pytest.fixture(scope="module")
def data():
    return {name: load(name) for name in ("surveys", "tickets", "events", "customers")}


@pytest.fixture(scope="module")
def office():
    return load_journey(JOURNEYS / "office-manager.yaml")


def test_scores_are_metrics_on_the_touchpoint_clustered_by_customer(data, office):
    table = fill_from_data(office, data=data, segment="B2B")
    assert list(table.columns) == COLUMNS
    s = data["surveys"]
    rows = s[(s["touchpoint"] == "support_phone") & (s["segment"] == "B2B") & s["nps"].notna()]
    expected = nps(rows["nps"], cluster=rows["customer_id"])
    got = table[(table["touchpoint"] == "support_phone") & (table["measure"] == "NPS")].iloc[0]
    assert got["value"] == pytest.approx(expected.value)
    assert (got["low"], got["high"]) == pytest.approx((expected.low, expected.high))
    assert got["n"] == expected.n
    assert got["stage"] == "post_purchase"
    assert f"n={expected.n}" in got["label"]


def test_small_groups_are_flagged_not_hidden(data, office):
    table = fill_from_data(office, data=data, segment="B2B", min_n=30)
    small = table[table["too_small"]]
    assert set(small["touchpoint"]) >= {"sales_call", "invoice"}
    assert (small["n"] < 30).all()
    assert small["label"].str.endswith("(small n)").all()
    assert (
        not table.loc[~table["too_small"] & (table["measure"] == "NPS"), "label"].str.contains("small").any()
    )
    # with min_n=1 nothing is small
    assert not fill_from_data(office, data=data, segment="B2B", min_n=1)["too_small"].any()


def test_ticket_volume_per_support_touchpoint(data, office):
    table = fill_from_data(office, data=data, segment="B2B", drop_off=False)
    b2b = data["customers"].loc[data["customers"]["segment"] == "B2B", "customer_id"]
    t = data["tickets"]
    expected = int(((t["channel"] == "phone") & t["customer_id"].isin(b2b)).sum())
    row = table[table["measure"] == "tickets"].iloc[0]
    assert (row["touchpoint"], row["n"]) == ("support_phone", expected)
    assert pd.isna(row["low"])
    assert "drop-off" not in set(table["measure"])


def test_drop_off_is_the_funnel_over_the_maps_stages(data, office):
    table = fill_from_data(office, data=data, segment="B2B")
    drops = table[table["measure"] == "drop-off"]
    e = data["events"]
    b2b = data["customers"].loc[data["customers"]["segment"] == "B2B", "customer_id"]
    f = funnel(e[e["customer_id"].isin(b2b)], stages=office.stage_names, activity="stage")
    assert drops["stage"].tolist() == office.stage_names[1:]
    assert drops["value"].tolist() == pytest.approx(f["drop_off_pct"].iloc[1:].tolist())
    assert drops["n"].tolist() == f["cases"].iloc[:-1].tolist()
    assert (drops["low"] <= drops["value"]).all()
    assert (drops["value"] <= drops["high"]).all()


def test_ces_and_order_and_errors(data):
    journey = load_journey(JOURNEYS / "busy-parent.yaml")
    table = fill_from_data(journey, data=data, metric="ces", tickets=False, drop_off=False)
    s = data["surveys"]
    rows = s[(s["touchpoint"] == "app_checkout") & s["ces"].notna()]
    got = table[table["touchpoint"] == "app_checkout"].iloc[0]
    assert got["measure"] == "CES"
    assert got["value"] == pytest.approx(ces(rows["ces"], cluster=rows["customer_id"]).value)
    assert set(table["touchpoint"]) <= {t for s_ in journey.stages for t in (x.name for x in s_.touchpoints)}
    order = {s_: i for i, s_ in enumerate(journey.stage_names)}
    assert table["stage"].map(order).is_monotonic_increasing
    with pytest.raises(CXConfigError, match="metric='sus'"):
        fill_from_data(journey, data=data, metric="sus")
    with pytest.raises(CXConfigError, match="segment='B2G'"):
        fill_from_data(journey, data=data, segment="B2G")


def test_drawn_map_shows_the_filled_values(data, office):
    table = fill_from_data(office, data=data, segment="B2B")
    fig = draw_journey_map(office, measures=table)
    texts = [t for t in fig.axes[0].texts]
    labels = [t.get_text().replace("\n", " ") for t in texts if t.get_gid() == "lane-label"]
    assert labels[-1] == "Measured"
    shown = " ".join(t.get_text().replace("\n", " ") for t in texts if t.get_gid() == "cell-measured")
    for label in table["label"]:
        assert " ".join(label.split()) in shown
    plt.close(fig)
