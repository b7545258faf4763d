"""Exercise 07's expected answers (cxkit/course/answers_07.py) agree with plain pandas.

The registered answers are computed with cxkit.metrics; here each is recomputed from the committed
CSV files with pandas, numpy and scipy only (no cxkit loader, no cxkit metric). The hints are
checked too: they diagnose without showing code, every listed mistake is recognised by
``cxkit.check``, and the last hint names a section of module 07 that exists.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.stats import norm

from cxkit.course import answers

pytestmark = pytest.mark.course

ROOT = Path(__file__).resolve().parents[1]
DATASETS = ROOT / "datasets"
EXERCISE = [*(f"07.q{k}" for k in range(1, 7)), "07.q21", "07.q22"]
QUIZ_VALUES = ["07.q7", "07.q8", "07.q9"]


@pytest.fixture(scope="module")
def surveys() -> pd.DataFrame:
    return pd.read_csv(DATASETS / "surveys.csv", parse_dates=["sent_at", "response_date"])


@pytest.fixture(scope="module")
def answered(surveys: pd.DataFrame) -> pd.DataFrame:
    return surveys[surveys["responded"]]


def plain_nps(scores: pd.Series) -> float:
    s = scores.dropna()
    return 100 * ((s >= 9).mean() - (s <= 6).mean())


def close(qid: str, value: float, tol: float = 1e-9) -> None:
    got = answers.expected(qid)
    assert math.isclose(got, value, abs_tol=tol), (qid, got, value)


# -- the exercise's answers ----------------------------------------------------------------------------


def test_q1_ces_of_the_b2b_phone_channel(answered: pd.DataFrame) -> None:
    b2b = answered[answered["segment"] == "B2B"]
    close("07.q1", b2b.loc[b2b["channel"] == "phone", "ces"].dropna().mean())
    by_channel = b2b.groupby("channel")["ces"].agg(["mean", "count"])
    enough = by_channel[by_channel["count"] >= 30]
    assert enough["mean"].idxmin() == "phone"  # the solution's text says phone takes the most effort


def test_q2_q3_b2b_phone_response_rate_with_wilson_interval(surveys: pd.DataFrame) -> None:
    rows = surveys[(surveys["segment"] == "B2B") & (surveys["channel"] == "phone")]
    n, k = len(rows), int(rows["responded"].sum())
    p, z = k / n, norm.ppf(0.975)
    centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
    half = z / (1 + z**2 / n) * math.sqrt(p * (1 - p) / n + z**2 / (4 * n**2))  # Wilson (1927)
    close("07.q2", 100 * p)
    close("07.q3", 100 * (centre - half), tol=1e-6)


def test_q4_fourth_quarter_change(answered: pd.DataFrame) -> None:
    quarter = answered["response_date"].dt.to_period("Q")
    q4_2025 = plain_nps(answered.loc[quarter == pd.Period("2025Q4"), "nps"])
    q4_2024 = plain_nps(answered.loc[quarter == pd.Period("2024Q4"), "nps"])
    close("07.q4", q4_2025 - q4_2024)


def _plain_week_queue(answered: pd.DataFrame) -> pd.DataFrame:
    """Build the two-week queue by the rule module 07 prints, written out with pandas."""
    first_day = answered["response_date"].max().normalize() - pd.Timedelta(days=13)
    week = answered[answered["response_date"] >= first_day].copy()
    detractor = week["nps"] <= 6
    dissatisfied = week["csat"] <= 2
    week = week[detractor | dissatisfied].copy()
    nps_sev = (week["nps"] / 10).where(week["nps"] <= 6)
    csat_sev = ((week["csat"] - 1) / 4).where(week["csat"] <= 2)
    week["severity"] = pd.concat([nps_sev, csat_sev], axis=1).min(axis=1)  # worst flagged score, 0 to 1
    week["both"] = ((week["nps"] <= 6) & (week["csat"] <= 2)).astype(int)
    week["b2c"] = (week["segment"] == "B2C").astype(int)
    week["pos"] = np.arange(len(week))
    ordered = week.sort_values(
        ["severity", "both", "b2c", "response_date", "pos"], ascending=[True, False, True, False, True]
    )
    latest = ordered.sort_values("response_date", ascending=False).drop_duplicates("customer_id").index
    return ordered[ordered.index.isin(latest)]


def test_q5_q6_two_week_queue_of_business_customers(answered: pd.DataFrame) -> None:
    queue = _plain_week_queue(answered[answered["segment"] == "B2B"])
    assert answers.expected("07.q5") == len(queue) == queue["customer_id"].nunique()
    assert answers.expected("07.q6") == queue["customer_id"].iloc[0]
    assert len(queue) >= 5  # a list worth calling, not an empty exercise
    everyone = _plain_week_queue(answered)
    assert len(everyone) > len(queue)  # the B2B filter is a step the module did not show: it matters


# -- the values module 07's quiz asks for --------------------------------------------------------------


def test_q7_overall_nps(answered: pd.DataFrame) -> None:
    close("07.q7", plain_nps(answered["nps"]))


def test_q8_b2b_minus_b2c(answered: pd.DataFrame) -> None:
    by = answered.groupby("segment")["nps"].apply(plain_nps)
    close("07.q8", by["B2B"] - by["B2C"])
    assert by["B2B"] < by["B2C"]


def test_q9_late_delivery_detractors(answered: pd.DataFrame) -> None:
    orders = pd.read_csv(DATASETS / "orders.csv", parse_dates=["promised_date", "delivered_date"])
    delivery = answered[answered["touchpoint"] == "delivery"]
    d = delivery.dropna(subset=["nps"]).merge(orders, on="order_id")
    d = d[d["delivered_date"].notna()]
    late = d[d["delivered_date"] > d["promised_date"]]
    close("07.q9", 100 * (late["nps"] <= 6).mean())
    assert len(late) >= 150


def test_q21_q22_the_survey_plan_by_hand() -> None:
    # m = 6 answers per account, ICC 0.12: deff = 1 + 5 x 0.12 = 1.6 (Kish 1965, section 5.4).
    assert answers.expected("07.q21") == pytest.approx(1.6)
    # p = 0.40, d = 0.25: variance = 10000 x (0.65 - 0.15^2) = 6275; margin 5 points at 95 %:
    # 1.959964^2 x 6275 / 25 = 964.2 independent answers, x 1.6 = 1542.7, rounded up.
    assert 1.959964**2 * 6275 / 25 * 1.6 == pytest.approx(1542.7, abs=0.05)
    assert answers.expected("07.q22") == 1543


def test_every_07_question_is_pinned() -> None:
    assert [q for q in answers.ids() if q.startswith("07.")] == sorted(EXERCISE + QUIZ_VALUES)


# -- hints that teach ------------------------------------------------------------------------------------


def _module_07_headings() -> list[str]:
    nb = json.loads((ROOT / "modules" / "07-cx-metrics.ipynb").read_text(encoding="utf-8"))
    heads = []
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            heads += [m.group(1) for m in re.finditer(r"^#{2,3} (.+)$", "".join(cell["source"]), re.M)]
    return heads


# Code a hint must not show: a call nps(...), an index df[...], a keyword dropna=True, a comparison ==,
# an attribute such as .value or .loc.
CODE = re.compile(r"\w\(|\w\[|\w=|==|\b\w+\.(value|moe|low|high|shares|mean|loc|iloc|sum)\b")


@pytest.mark.parametrize("qid", EXERCISE)
def test_hints_show_no_code_and_end_at_a_module_section(qid: str) -> None:
    q = answers.get(qid)
    assert len(q.hints) >= 2
    for hint in q.hints:
        assert not CODE.search(hint), f"{qid}: a hint shows code: {hint!r}"
    sections = re.findall(r"'([^']+)'", q.hints[-1])
    assert "Module 07" in q.hints[-1], q.hints[-1]
    assert sections, q.hints[-1]
    headings = _module_07_headings()
    for section in sections:
        assert section in headings, (
            f"{qid}: the last hint names {section!r}, which is not a heading of module 07"
        )


@pytest.mark.parametrize("qid", EXERCISE)
def test_typical_mistakes_are_recognised(qid: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each listed mistake, answered as a learner would, gets its own diagnosis (not a generic 'wrong')."""
    import cxkit

    monkeypatch.delenv("CXKIT_STRICT", raising=False)
    q = answers.get(qid)
    assert q.mistakes, f"{qid} lists no typical mistakes"
    for message, wrong in q.mistake_values():
        result = cxkit.check(qid, wrong)
        assert result.verdict == "wrong", (qid, message, result)
        assert message in result.message, (qid, message, result)
    assert cxkit.check(qid, q.expected()).correct


def test_the_named_mistakes_of_the_brief_are_covered() -> None:
    """Detractors as 0-5, the wrong filter, the wrong sign (a fraction for points is a generic slip).

    Counting answers instead of customers is no listed mistake of 07.q5: no business customer has two
    low answers in the last two weeks, so both counts are the same number and ``check`` cannot tell them
    apart (the hint still teaches one row per customer).
    """
    messages = " ".join(m for qid in EXERCISE for m, _ in answers.get(qid).mistakes).lower()
    for phrase in ("0-5 as detractors", "keep the phone channel only", "sign is wrong", "keep the business"):
        assert phrase in messages, phrase


def test_a_fraction_for_a_percentage_is_diagnosed(monkeypatch: pytest.MonkeyPatch) -> None:
    import cxkit

    monkeypatch.delenv("CXKIT_STRICT", raising=False)
    result = cxkit.check("07.q2", answers.expected("07.q2") / 100)
    assert result.verdict == "close"
    assert "fraction" in result.message


# -- the exercise as learners get it -------------------------------------------------------------------


def test_exercise_has_one_clear_placeholder_per_answer() -> None:
    """Every code cell of exercise 07 holds at most one placeholder, and every question is checked."""
    nb = json.loads((ROOT / "exercises" / "07-cx-metrics.ipynb").read_text(encoding="utf-8"))
    checked = []
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        src = "".join(cell["source"])
        placeholders = re.findall(r"^(\w+) = \.\.\.  # your answer here$", src, re.M)
        assert len(placeholders) <= 1, f"a cell with several placeholders: {placeholders}"
        for qid, name in re.findall(r'cxkit\.check\("(07\.q\d+)", (\w+)\)', src):
            assert placeholders == [name], f"{qid}: the cell should have one placeholder, {name}"
            checked.append(qid)
    assert checked == EXERCISE
