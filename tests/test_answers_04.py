"""Exercise 04's expected answers (cxkit/course/answers_04.py) and module 04's numbers, in plain pandas.

Each registered answer is recomputed from the committed CSV files with pandas only (no cxkit loader,
no cxkit.journey function); the facilitator notes' numbers are checked here too. The hints are
checked: the last one names a section of module 04 that exists.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pandas as pd
import pytest

from cxkit.course import answers

pytestmark = pytest.mark.course

ROOT = Path(__file__).resolve().parents[1]
DATASETS = ROOT / "datasets"
SHOPPING = ["consideration", "decision", "purchase"]
SUPPORT = ["support_phone", "support_chat", "support_email", "support_social"]


@pytest.fixture(scope="module")
def events() -> pd.DataFrame:
    e = pd.read_csv(DATASETS / "events.csv", parse_dates=["timestamp"])
    customers = pd.read_csv(DATASETS / "customers.csv")
    seg = customers.set_index("customer_id")["segment"]
    return e.assign(segment=e["customer_id"].map(seg).fillna("prospect"))


@pytest.fixture(scope="module")
def surveys() -> pd.DataFrame:
    return pd.read_csv(DATASETS / "surveys.csv")


def close(qid: str, value: float, tol: float = 1e-9) -> None:
    got = answers.expected(qid)
    assert math.isclose(got, value, abs_tol=tol), (qid, got, value)


def _switch_share(e: pd.DataFrame) -> float:
    k = e.groupby("case_id")["channel"].nunique()
    return 100 * (k >= 2).mean()


def test_q1_b2b_switching_while_shopping(events: pd.DataFrame) -> None:
    shop = events[events["stage"].isin(SHOPPING)]
    close("04.q1", _switch_share(shop[shop["segment"] == "B2B"]))
    close("04.q6", _switch_share(shop))
    assert _switch_share(shop[shop["segment"] == "B2B"]) > _switch_share(shop[shop["segment"] == "B2C"])


def test_q2_b2b_web_to_phone(events: pd.DataFrame) -> None:
    shop = events[events["stage"].isin(SHOPPING) & (events["segment"] == "B2B")]
    shop = shop.sort_values(["case_id", "timestamp"], kind="stable")
    prev_case = shop["case_id"].shift()
    prev_channel = shop["channel"].shift()
    hit = (shop["case_id"] == prev_case) & (prev_channel == "web") & (shop["channel"] == "phone")
    journeys = shop.loc[hit, "case_id"].nunique()
    assert answers.expected("04.q2") == journeys
    n_b2b = shop["case_id"].nunique()
    assert 0.17 < journeys / n_b2b < 0.21  # the notes: "about one in five" of 979 B2B journeys
    assert n_b2b == 979


def test_q3_support_share_of_detractors(surveys: pd.DataFrame) -> None:
    det = surveys[surveys["nps"] <= 6]
    close("04.q3", 100 * det["touchpoint"].isin(SUPPORT).mean())


def _plain_priorities(s: pd.DataFrame) -> pd.DataFrame:
    """Compute performance (% CSAT 4-5), impact (NPS gap) and the medians' quadrant in pandas."""

    def nps(x: pd.Series) -> float:
        return 100 * ((x >= 9).mean() - (x <= 6).mean())

    rows = {}
    for tp, g in s.dropna(subset=["csat"]).groupby("touchpoint"):
        both = g.dropna(subset=["nps"])
        good = both["csat"] >= 4
        impact = (
            nps(both.loc[good, "nps"]) - nps(both.loc[~good, "nps"]) if good.any() and (~good).any() else None
        )
        rows[tp] = {
            "performance": 100 * (g["csat"] >= 4).mean(),
            "impact": impact,
            "small": len(g) < 30 or len(both) < 30,
        }
    t = pd.DataFrame(rows).T
    t["impact"] = t["impact"].astype(float)
    rated = t[~t["small"].astype(bool) & t["impact"].notna()]
    p_cut, i_cut = rated["performance"].median(), rated["impact"].median()
    t["concentrate"] = (t["impact"] >= i_cut) & (t["performance"] < p_cut)
    return t


def test_q4_q5_consumers_priorities(surveys: pd.DataFrame) -> None:
    answered = surveys[surveys["responded"]]
    t = _plain_priorities(answered[answered["segment"] == "B2C"])
    assert sorted(answers.expected("04.q4")) == sorted(t.index[t["concentrate"]])
    close("04.q5", t.loc["returns", "impact"], tol=1e-9)


def test_q7_invoice_invitations_and_billing_tickets(surveys: pd.DataFrame) -> None:
    assert answers.expected("04.q7") == (surveys["touchpoint"] == "invoice").sum() == 52
    tickets = pd.read_csv(DATASETS / "tickets.csv")
    assert (tickets["category"] == "billing").sum() == 671  # the quiz and the notes quote it
    assert (tickets["channel"] == "social").sum() == 241


def test_notes_numbers(surveys: pd.DataFrame) -> None:
    """The facilitator notes quote these: support by e-mail is 'Concentrate here' except for B2B."""
    answered = surveys[surveys["responded"]]
    for seg, expected in ((None, True), ("B2C", True), ("B2B", False)):
        part = answered if seg is None else answered[answered["segment"] == seg]
        assert _plain_priorities(part).loc["support_email", "concentrate"] == expected, seg
    everyone = _plain_priorities(answered)
    assert round(everyone.loc["support_phone", "performance"], 1) == 38.1
    assert round(everyone.loc["delivery", "performance"]) == 66
    social = answered[answered["touchpoint"] == "support_social"]["nps"].dropna()
    assert round(100 * (social <= 6).mean()) == 38


def test_last_hint_names_a_section_of_module_04() -> None:
    nb = json.loads((ROOT / "modules" / "04-touchpoints-and-channels.ipynb").read_text(encoding="utf-8"))
    headings = re.findall(r"^#{2,3} (.+)$", "\n".join("".join(c["source"]) for c in nb["cells"]), re.M)
    for qid in [f"04.q{k}" for k in range(1, 8)]:
        last = answers.get(qid).hints[-1]
        section = re.search(r"section '(.+?)'(?:\.| \()", last).group(1)
        assert section in headings, (qid, section)
