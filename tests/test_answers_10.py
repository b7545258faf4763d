"""Exercise 10's expected answers, recomputed independently with plain pandas (no cxkit.service)."""

from __future__ import annotations

import pandas as pd
import pytest
import yaml
from reference import nps_reference

from cxkit._paths import data_dir
from cxkit.course.answers import REGISTRY, _load_module_files

pytestmark = pytest.mark.course

_load_module_files()

S = pd.read_csv(data_dir() / "surveys.csv", parse_dates=["sent_at", "response_date"])
ORD = pd.read_csv(data_dir() / "orders.csv", parse_dates=["timestamp", "promised_date", "delivered_date"])
T = pd.read_csv(data_dir() / "tickets.csv", parse_dates=["opened_at", "first_response_at", "resolved_at"])
SERVICE = __import__("pathlib").Path(__import__("cxkit.service", fromlist=["x"]).__file__).parent


def _expected(qid):
    return REGISTRY[qid].expected()


def _gap_and_affected(touchpoint):
    s = S[(S["touchpoint"] == touchpoint) & S["csat"].notna() & S["nps"].notna()]
    good = s["csat"] >= 4
    gap = nps_reference(s.loc[good, "nps"]) - nps_reference(s.loc[~good, "nps"])
    bad = S[(S["touchpoint"] == touchpoint) & (S["csat"] <= 3)]
    return gap, bad["customer_id"].nunique()


def test_q1_affected_customers_not_answers():
    _, affected = _gap_and_affected("support_phone")
    assert _expected("10.q1") == affected
    bad = (S["touchpoint"] == "support_phone") & (S["csat"] <= 3)
    assert affected < bad.sum()  # some customers answered twice
    bad_answers = (bad & S["nps"].notna()).sum()  # the mistake counts the answers with both scores
    assert (affected, bad_answers) == (113, 111)  # the mistake differs from the answer


def test_q2_impact_by_hand():
    gap, affected = _gap_and_affected("returns")
    assert _expected("10.q2") == pytest.approx(affected * gap / 100 * 500)


def test_q3_best_major_project():
    fixes = yaml.safe_load((SERVICE / "fixes.yaml").read_text())["fixes"]
    rows = []
    for f in fixes:
        gap, affected = _gap_and_affected(f["touchpoint"])
        rows.append({"id": f["id"], "effort": f["effort"], "impact": affected * gap / 100 * 500})
    t = pd.DataFrame(rows).set_index("id")
    # the cut lines: medians over the fixes (every course fix has at least 30 answers)
    high_impact = t["impact"] >= t["impact"].median()
    high_effort = t["effort"] >= t["effort"].median()
    major = t[high_impact & high_effort]
    assert _expected("10.q3") == (major["impact"] / major["effort"]).idxmax()


def test_q4_widest_interval():
    from scipy import stats

    team = pd.DataFrame(yaml.safe_load((SERVICE / "maturity_example.yaml").read_text())["January"])
    dims = {"strategy": "st", "customer_understanding": "cu", "design": "de", "measurement": "me"}
    dims |= {"governance": "go", "culture": "cl"}
    width = {}
    for d, p in dims.items():
        r = team[[f"{p}1", f"{p}2"]].mean(axis=1)
        width[d] = 2 * stats.t.ppf(0.975, len(r) - 1) * r.std(ddof=1) / len(r) ** 0.5
    assert _expected("10.q4") == max(width, key=width.get)


def test_q5_share_of_tickets_30_days():
    late = ORD[ORD["promised_date"].notna()]
    as_of = ORD["timestamp"].max().normalize()
    undelivered = late["delivered_date"].isna() & (late["promised_date"] < as_of)
    late = late[(late["delivered_date"] > late["promised_date"]) | undelivered]
    d = T[T["category"] == "delivery"]
    linked = 0
    for _, t in d.iterrows():
        mine = late[(late["customer_id"] == t["customer_id"]) & (late["promised_date"] <= t["opened_at"])]
        if mine.empty:
            continue
        o = mine.sort_values("promised_date").iloc[-1]
        until = (o["delivered_date"] if pd.notna(o["delivered_date"]) else as_of) + pd.Timedelta(days=31)
        linked += bool(t["opened_at"] < until)
    assert _expected("10.q5") == pytest.approx(100 * linked / len(d))


def test_q6_and_quiz_values():
    own = yaml.safe_load((SERVICE / "governance.yaml").read_text())["touchpoints"]
    assert _expected("10.q6") == sum(r["metric"] == "CSAT" for r in own)
    _, affected = _gap_and_affected("delivery")
    assert _expected("10.q9") == affected
    team = pd.DataFrame(yaml.safe_load((SERVICE / "maturity_example.yaml").read_text())["January"])
    assert _expected("10.q8") == pytest.approx(team.mean(axis=1).mean())  # 2 items per dimension
    assert 0 < _expected("10.q7") <= (T["category"] == "delivery").sum()
