"""Exercise 10's expected answers, recomputed independently with plain pandas (no cxkit.service)."""

from __future__ import annotations

import pandas as pd
import pytest
import yaml

from cxkit._paths import data_dir
from cxkit.course.answers import REGISTRY, _load_module_files

pytestmark = pytest.mark.course

_load_module_files()

ORD = pd.read_csv(data_dir() / "orders.csv", parse_dates=["timestamp", "promised_date", "delivered_date"])
T = pd.read_csv(data_dir() / "tickets.csv", parse_dates=["opened_at", "first_response_at", "resolved_at"])
SERVICE = __import__("pathlib").Path(__import__("cxkit.service", fromlist=["x"]).__file__).parent


def _expected(qid):
    return REGISTRY[qid].expected()


C = pd.read_csv(data_dir() / "customers.csv")
SEG = C.set_index("customer_id")["segment"]
END = pd.Timestamp("2026-01-01")


def _badly(t):
    return t["reopened"].astype(bool) | ~t["first_contact_resolution"].astype(bool) | t["resolved_at"].isna()


def test_q1_affected_customers_not_tickets():
    bad = _badly(T) & (T["channel"] == "phone") & (T["opened_at"].dt.year == 2025)
    affected = T.loc[bad, "customer_id"].nunique()
    assert _expected("10.q1") == affected
    assert affected < bad.sum()  # some customers had two tickets handled badly


def _starts(problem):
    """Return module 08's starts: each customer's first delivered order, or first resolved ticket."""
    if problem == "late_delivery":
        first = ORD.sort_values("timestamp", kind="stable").groupby("customer_id").head(1)
        first = first.dropna(subset=["delivered_date"])
        return pd.DataFrame(
            {
                "customer_id": first["customer_id"],
                "start": first["delivered_date"],
                "bad": first["delivered_date"] > first["promised_date"],
            }
        )
    first = (
        T.dropna(subset=["resolved_at"])
        .sort_values("opened_at", kind="stable")
        .groupby("customer_id")
        .head(1)
    )
    return pd.DataFrame(
        {"customer_id": first["customer_id"], "start": first["resolved_at"], "bad": _badly(first)}
    )


def _value_by_hand(problem, where=None, removes=1.0, within=180, horizon=365, margin=0.3, vat=0.2, rate=0.1):
    """Compute a fix's value a year in plain pandas, per segment (customers x removes x effect x margin)."""
    first = _starts(problem)
    first = first[first["start"] <= END - pd.Timedelta(days=within)].copy()
    pairs = first[["customer_id", "start"]].merge(ORD[["customer_id", "timestamp"]], on="customer_id")
    nxt = pairs[pairs["timestamp"] > pairs["start"]].groupby("customer_id")["timestamp"].min()
    again = first["customer_id"].map(nxt)
    first["back"] = again.notna() & (again <= first["start"] + pd.Timedelta(days=within))
    first["segment"] = first["customer_id"].map(SEG)
    keep = first[first["back"] & ~first["bad"] & (first["start"] <= END - pd.Timedelta(days=horizon))]
    j = keep[["customer_id", "start"]].merge(ORD[["customer_id", "timestamp", "value"]], on="customer_id")
    days = (j["timestamp"] - j["start"]) / pd.Timedelta(days=1)
    j = j[(days > 0) & (days <= horizon)]
    pv = j["value"] / (1 + vat) * margin * (1 + rate) ** (-days[j.index] / 365)
    m = pv.groupby(j["customer_id"]).sum().reindex(keep["customer_id"], fill_value=0.0)
    m_seg = m.groupby(keep["segment"].to_numpy()).mean()
    eff = first.pivot_table(index="segment", columns="bad", values="back", aggfunc="mean")
    effect = eff[True] - eff[False]
    if problem == "late_delivery":
        table, bad, when = ORD, ORD["delivered_date"] > ORD["promised_date"], ORD["delivered_date"]
    else:
        table, bad, when = T, _badly(T), T["opened_at"]
    for col, kept in (where or {}).items():
        bad = bad & (table[col] == kept)
    n = table.loc[bad & (when.dt.year == 2025), "customer_id"].drop_duplicates().map(SEG).value_counts()
    return sum(n[s] * removes * -effect[s] * m_seg[s] for s in n.index)


def test_q2_value_by_hand():
    value = _value_by_hand("ticket_handled_badly", {"category": "returns"})
    assert _expected("10.q2") == pytest.approx(value)


def test_q3_best_major_project():
    fixes = yaml.safe_load((SERVICE / "fixes.yaml").read_text())["fixes"]
    rows = [
        {
            "id": f["id"],
            "effort": f["effort"],
            "value": _value_by_hand(f["problem"], f.get("where"), f["removes"]),
        }
        for f in fixes
    ]
    t = pd.DataFrame(rows).set_index("id")
    # the cut lines: medians over the fixes (no course fix is too small)
    major = t[(t["value"] >= t["value"].median()) & (t["effort"] >= t["effort"].median())]
    assert _expected("10.q3") == (major["value"] / major["effort"]).idxmax()


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
    late = (ORD["delivered_date"] > ORD["promised_date"]) & (ORD["delivered_date"].dt.year == 2025)
    assert _expected("10.q9") == ORD.loc[late, "customer_id"].nunique()
    team = pd.DataFrame(yaml.safe_load((SERVICE / "maturity_example.yaml").read_text())["January"])
    assert _expected("10.q8") == pytest.approx(team.mean(axis=1).mean())  # 2 items per dimension
    assert 0 < _expected("10.q7") <= (T["category"] == "delivery").sum()
