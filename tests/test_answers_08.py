"""The expected answers of exercise 08, recomputed independently with plain pandas."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from cxkit.course.answers import expected

pytestmark = pytest.mark.course

DATASETS = Path(__file__).resolve().parents[1] / "datasets"


@pytest.fixture(scope="module")
def b2b_orders() -> pd.DataFrame:
    orders = pd.read_csv(DATASETS / "orders.csv", parse_dates=["timestamp"])
    customers = pd.read_csv(DATASETS / "customers.csv")
    return orders[orders["customer_id"].isin(customers.loc[customers["segment"] == "B2B", "customer_id"])]


def test_q1_b2b_repeat_purchase_rate(b2b_orders):
    days = b2b_orders.assign(day=b2b_orders["timestamp"].dt.date).groupby("customer_id")["day"].nunique()
    assert expected("08.q1") == pytest.approx(100 * (days >= 2).mean())


def test_q2_march_2025_cohort_month_2():
    orders = pd.read_csv(DATASETS / "orders.csv", parse_dates=["timestamp"])
    first = orders.groupby("customer_id")["timestamp"].transform("min").dt.to_period("M")
    cohort = orders[first == pd.Period("2025-03", "M")]
    may = cohort[cohort["timestamp"].dt.to_period("M") == pd.Period("2025-05", "M")]["customer_id"].nunique()
    assert expected("08.q2") == pytest.approx(100 * may / cohort["customer_id"].nunique())


def test_q3_b2b_simple_clv(b2b_orders):
    # Without VAT (values / 1.2) and with the AOV over 2025's orders, so AOV x F is the spend per
    # 2025 buyer: module 08's conventions.
    o24 = b2b_orders[b2b_orders["timestamp"].dt.year == 2024]
    o25 = b2b_orders[b2b_orders["timestamp"].dt.year == 2025]
    r = o24["customer_id"].drop_duplicates().isin(o25["customer_id"]).mean()
    spend = o25.groupby("customer_id")["value"].sum().mean() / 1.2
    v = spend * 0.3
    assert expected("08.q3") == pytest.approx(v / (1 + 0.1 - r))


def test_q4_pooled_model_under_predicts_b2b(b2b_orders):
    # Exercise 08's worked answer says so: the model fitted on all customers expects fewer B2B
    # holdout purchases than the 1,754 purchase days that happened (fit per segment instead).
    first = b2b_orders.groupby("customer_id")["timestamp"].transform("min")
    cut = pd.Timestamp("2025-07-01")
    hold = b2b_orders[(first < cut) & (b2b_orders["timestamp"] >= cut)]
    actual = hold.assign(day=hold["timestamp"].dt.date).groupby("customer_id")["day"].nunique().sum()
    assert actual == 1754
    assert round(expected("08.q4")) == 1268


def test_business_case_numbers_in_the_module_notes_and_readme():
    """Every number the business case states in prose is what cxkit computes on the course data."""
    import json
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from test_planted_effects import _cases

    from cxkit.data import load

    root = Path(__file__).resolve().parents[1]
    nb = json.loads((root / "modules" / "08-cx-metrics-ii.ipynb").read_text(encoding="utf-8"))
    md = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    md = " ".join(md.split())
    notes = " ".join(
        (root / "workshops" / "notes" / "08-cx-metrics-ii.md").read_text(encoding="utf-8").split()
    )
    c = _cases(load("orders"), load("customers"), load("surveys"), load("tickets"))

    def f(x: float) -> str:
        return f"{x:.1f}".replace("-", "−")

    nps, ticket, late = c["nps"], c["ticket"], c["late"]
    for text in (md, notes):
        assert f"**{-nps.loc['B2C', 'value']:.1f} points** less likely" in text or (
            f"{-nps.loc['B2C', 'value']:.1f} points" in text
        )
        assert f"{f(nps.loc['B2C', 'low'])} to {f(nps.loc['B2C', 'high'])}" in text
        assert (
            f"{f(nps.loc['B2B', 'value'])}, from {f(nps.loc['B2B', 'low'])} to {nps.loc['B2B', 'high']:.1f}"
            in text
        )
        assert f(nps.loc["crude (pooled)", "value"]) in text
        mh = nps.loc["Mantel-Haenszel"]
        assert f"{f(mh['value'])}, from {f(mh['low'])} to {f(mh['high'])}" in text
        mh = ticket.loc["Mantel-Haenszel"]
        assert f"{-mh['value']:.1f} points" in text
        assert f"{f(mh['low'])} to {f(mh['high'])}" in text
    # The late parcel: about 23 points in the summary; the notes quote the table.
    mh = late.loc["Mantel-Haenszel"]
    assert round(-mh["value"]) == 23  # "about 23 fewer customers in 100" (module summary)
    assert f"{f(mh['value'])} points (95% CI {f(mh['low'])} to {f(mh['high'])})" in notes
