"""The numbers module 03's facilitator notes quote, recomputed from the data (they fail if the data move)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cxkit.data import load
from cxkit.journey.export import to_mermaid
from cxkit.journey.fill import fill_from_data
from cxkit.journey.model import load_journey
from cxkit.metrics import nps

pytestmark = pytest.mark.course

ROOT = Path(__file__).resolve().parent.parent
JOURNEYS = ROOT / "datasets" / "journeys"


@pytest.fixture(scope="module")
def office_filled():
    return fill_from_data(load_journey(JOURNEYS / "office-manager.yaml"), segment="B2B")


def test_delivery_nps_of_consumers_late_and_on_time():
    surveys, orders = load("surveys"), load("orders")
    rows = surveys[
        (surveys["touchpoint"] == "delivery") & (surveys["segment"] == "B2C") & surveys["nps"].notna()
    ]
    overall = nps(rows["nps"], cluster=rows["customer_id"])
    assert round(overall.value) == 37
    assert round(overall.moe, 1) == pytest.approx(4.7, abs=0.1)
    assert 1000 < overall.n < 1100
    merged = rows.merge(orders[["order_id", "promised_date", "delivered_date"]], on="order_id")
    late = merged["delivered_date"] > merged["promised_date"]
    late_nps = nps(merged.loc[late, "nps"], cluster=merged.loc[late, "customer_id"])
    on_time = nps(merged.loc[~late, "nps"], cluster=merged.loc[~late, "customer_id"])
    assert round(late_nps.value) == -78
    assert 110 < late_nps.n < 140
    assert round(on_time.value) == 53
    assert late_nps.high < on_time.low


def test_office_manager_numbers(office_filled):
    t = office_filled.set_index(["touchpoint", "measure"])
    phone = t.loc[("support_phone", "NPS")]
    assert (round(phone["value"]), int(phone["n"])) == (-61, 41)
    assert (round(phone["low"]), round(phone["high"])) == (-79, -43)
    assert int(t.loc[("support_phone", "tickets"), "n"]) == 387
    small = {tp: int(r["n"]) for (tp, m), r in t.iterrows() if m == "NPS" and r["too_small"]}
    assert small == {"newsletter": 2, "website": 9, "sales_call": 7, "phone_order": 24, "invoice": 4}
    drops = office_filled[office_filled["measure"] == "drop-off"].set_index("stage")
    assert round(drops.loc["purchase", "value"]) == 33
    assert (round(drops.loc["purchase", "low"]), round(drops.loc["purchase", "high"])) == (30, 36)
    assert round(drops.loc["consideration", "value"]) == 4


def test_module_03_mermaid_cell_is_the_export():
    nb = json.loads((ROOT / "modules" / "03-journey-mapping.ipynb").read_text(encoding="utf-8"))
    cells = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"]
    (cell,) = [c for c in cells if "```mermaid" in c]
    block = cell.split("```mermaid\n", 1)[1].split("\n```", 1)[0]
    assert block == to_mermaid(load_journey(JOURNEYS / "office-manager.yaml"))
