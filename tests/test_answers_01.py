"""Exercise 01's expected answers (cxkit/course/answers_01.py) and module 01's numbers, recomputed.

Each registered answer is recomputed from the committed CSV files with plain pandas (no cxkit
loader, no cxkit.journey function) or from the sorter's YAML file with plain PyYAML; the numbers
module 01 and its facilitator notes quote are checked too, and the last hint of each question
names a section of module 01 that exists.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pandas as pd
import pytest
import yaml

from cxkit.course import answers

pytestmark = pytest.mark.course

ROOT = Path(__file__).resolve().parents[1]
DATASETS = ROOT / "datasets"
PAY = {"web": "checkout", "app": "app_checkout", "store": "store_till", "phone": "phone_order"}


@pytest.fixture(scope="module")
def contacts() -> pd.DataFrame:
    """Every contact of every known customer, with its stage: plain pandas on the CSV files."""
    e = pd.read_csv(DATASETS / "events.csv", usecols=["customer_id", "touchpoint"])
    o = pd.read_csv(DATASETS / "orders.csv", usecols=["customer_id", "channel", "delivered_date"])
    t = pd.read_csv(DATASETS / "tickets.csv", usecols=["customer_id", "channel"])
    s = pd.read_csv(DATASETS / "surveys.csv", usecols=["customer_id", "touchpoint"])
    rows = pd.concat(
        [
            e.dropna(subset=["customer_id"]),
            o.assign(touchpoint=o["channel"].map(PAY))[["customer_id", "touchpoint"]],
            o[o["delivered_date"].notna()].assign(touchpoint="delivery")[["customer_id", "touchpoint"]],
            t.assign(touchpoint="support_" + t["channel"])[["customer_id", "touchpoint"]],
            s,
        ]
    )
    stage = pd.read_csv(DATASETS / "touchpoints.csv").set_index("touchpoint")["stage"]
    return rows.assign(stage=rows["touchpoint"].map(stage))


@pytest.fixture(scope="module")
def factors() -> list[dict]:
    text = (ROOT / "cxkit" / "widgets" / "cx_factors.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)["factors"]


def close(qid: str, value: float, tol: float = 1e-9) -> None:
    got = answers.expected(qid)
    assert math.isclose(got, value, abs_tol=tol), (qid, got, value)


def test_q1_b2b_customers_meeting_all_five_stages(contacts: pd.DataFrame) -> None:
    stages = contacts.groupby("customer_id")["stage"].nunique()
    segment = pd.read_csv(DATASETS / "customers.csv").set_index("customer_id")["segment"]
    b2b = stages[stages.index.map(segment) == "B2B"]
    close("01.q1", 100 * (b2b == 5).mean())
    assert round(100 * (b2b == 5).mean()) == 53  # the notes quote both
    assert round(100 * (stages == 5).mean()) == 40


def test_q2_promoters_who_became_detractors_at_support() -> None:
    s = pd.read_csv(DATASETS / "surveys.csv", parse_dates=["response_date"])
    s = s[s["responded"] & s["nps"].notna()].sort_values(["customer_id", "response_date"], kind="stable")
    stage = pd.read_csv(DATASETS / "touchpoints.csv").set_index("touchpoint")["stage"]
    after_paying = set(stage[stage == "post_purchase"].index)
    n = after = total = 0
    for _, c in s.groupby("customer_id"):
        promoters = c[c["nps"] >= 9]
        if promoters.empty:
            continue
        later = c[(c["response_date"] > promoters["response_date"].iloc[0]) & (c["nps"] <= 6)]
        if later.empty:
            continue
        worst = later.sort_values(["nps", "response_date"], kind="stable").iloc[0]
        n += str(worst["touchpoint"]).startswith("support_")
        after += str(worst["touchpoint"]) in after_paying
        total += 1
    assert answers.expected("01.q2") == n
    assert total == 112  # module 01 quotes it
    assert after > total / 2  # the solution's model answer: most poor scores came after the payment


def test_q3_q4_sort_the_airline_not_the_sorter(factors: list[dict]) -> None:
    from cxkit.course.tasks import case

    airline = case("01.airline")
    parts = [set(airline[b]) for b in ("ux", "crm", "service", "other")]
    assert set().union(*parts) == set(airline["factors"])
    assert sum(map(len, parts)) == len(airline["factors"])
    assert set(answers.expected("01.q3")) == {"seat_map", "wallet_pass"}
    assert set(answers.expected("01.q4")) == {"status_upgrade", "birthday_offer"}
    # the factor sorter's "Show the answers" reveals Larkspur's factors, none of the airline's
    assert not set(airline["factors"]) & {f["id"] for f in factors}


def test_q5_q6_and_the_module_numbers(contacts: pd.DataFrame) -> None:
    per = contacts.groupby("customer_id")
    n = per.ngroups
    met_delivery = contacts.loc[contacts["touchpoint"] == "delivery", "customer_id"].nunique()
    close("01.q5", 100 * met_delivery / n)
    close("01.q6", per["touchpoint"].nunique().median())
    # module 01 and its notes quote these
    assert n == 3955
    assert round(100 * met_delivery / n) == 91
    assert per["touchpoint"].nunique().median() == 6
    # teams per customer (module 01, 'Managing CX from the customer's standpoint')
    owner = pd.read_csv(DATASETS / "touchpoints.csv").set_index("touchpoint")["owner"]
    teams = contacts.assign(owner=contacts["touchpoint"].map(owner)).groupby("customer_id")["owner"].nunique()
    assert owner.nunique() == 6
    assert teams.median() == 3
    assert round(100 * (teams >= 3).mean()) == 80


def test_every_last_hint_names_a_section_of_module_01() -> None:
    nb = json.loads((ROOT / "modules" / "01-what-customer-experience-is.ipynb").read_text(encoding="utf-8"))
    headings = {
        h.strip()
        for c in nb["cells"]
        if c["cell_type"] == "markdown"
        for h in re.findall(r"^#{2,3} (.+)$", "".join(c["source"]), re.M)
    }
    for qid in [q for q in answers.ids() if q.startswith("01.")]:
        last = answers.get(qid).hints[-1]
        named = re.search(r"'(.+?)'(?:[\s.,]|$)", last)
        assert named, (qid, last)
        assert named.group(1) in headings, (qid, named.group(1), sorted(headings))
