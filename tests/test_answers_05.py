"""Exercise 05's expected answers (cxkit/course/answers_05.py) agree with plain pandas.

The registered answers are computed with cxkit.journey.analytics; here each is recomputed from the
committed CSV files with pandas and plain Python (a loop over journeys: slow, obvious, independent).
The hints are checked too: no code, and the last one names a section of module 05 that exists.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cxkit.course import answers

pytestmark = pytest.mark.course

ROOT = Path(__file__).resolve().parents[1]
DATASETS = ROOT / "datasets"
STAGES = ["awareness", "consideration", "decision", "purchase", "post_purchase"]
QUESTIONS = [f"05.q{k}" for k in range(1, 7)]


@pytest.fixture(scope="module")
def events() -> pd.DataFrame:
    e = pd.read_csv(DATASETS / "events.csv", parse_dates=["timestamp"])
    c = pd.read_csv(DATASETS / "customers.csv")
    e["segment"] = e["customer_id"].map(c.set_index("customer_id")["segment"])
    return e.sort_values(["case_id", "timestamp"], kind="stable")


def _journeys(e: pd.DataFrame, column: str) -> dict[str, list]:
    return {case: list(g[column]) for case, g in e.groupby("case_id", sort=False)}


def _reach(seq: list[str]) -> list[int | None]:
    """Positions where a journey reaches each stage in order (greedy), None once it does not."""
    out: list[int | None] = []
    prev = -1
    for stage in STAGES:
        pos = next((i for i in range(prev + 1, len(seq)) if seq[i] == stage), None)
        out.append(pos)
        if pos is None:
            out += [None] * (len(STAGES) - len(out))
            break
        prev = pos
    return out


def test_q1_b2b_stage_variants(events: pd.DataFrame) -> None:
    paths = _journeys(events[events["segment"] == "B2B"], "stage")
    assert answers.expected("05.q1") == len({tuple(p) for p in paths.values()})


def test_q2_store_decision_to_purchase(events: pd.DataFrame) -> None:
    first_channel = events.groupby("case_id", sort=False)["channel"].first()
    store = events[events["case_id"].map(first_channel) == "store"]
    reached = [_reach(p) for p in _journeys(store, "stage").values()]
    decision = sum(r[2] is not None for r in reached)
    purchase = sum(r[3] is not None for r in reached)
    assert math.isclose(answers.expected("05.q2"), 100 * purchase / decision, abs_tol=1e-9)


def test_q3_b2c_median_minutes(events: pd.DataFrame) -> None:
    b2c = events[events["segment"] == "B2C"]
    gaps = []
    for _, g in b2c.groupby("case_id", sort=False):
        r = _reach(list(g["stage"]))
        if r[3] is not None:
            t = list(g["timestamp"])
            gaps.append((t[r[3]] - t[r[2]]).total_seconds() / 60)
    assert math.isclose(answers.expected("05.q3"), float(np.median(gaps)), abs_tol=1e-9)


def test_q4_touchpoint_before_the_lowest_csat(events: pd.DataFrame) -> None:
    surveys = pd.read_csv(DATASETS / "surveys.csv", parse_dates=["response_date"])
    answered = surveys.dropna(subset=["csat", "response_date"]).sort_values("response_date")
    known = events.dropna(subset=["customer_id"]).sort_values("timestamp")
    linked = pd.merge_asof(
        answered[["customer_id", "response_date", "csat"]],
        known[["customer_id", "timestamp", "touchpoint"]],
        left_on="response_date",
        right_on="timestamp",
        by="customer_id",
        tolerance=pd.Timedelta("30D"),
    ).dropna(subset=["touchpoint"])
    per = linked.groupby("touchpoint")["csat"].agg(n="size", score=lambda s: 100 * (s >= 4).mean())
    per = per[per["n"] >= 30].sort_values(["score"])
    assert answers.expected("05.q4") == per.index[0]


def test_q5_any_point_loss(events: pd.DataFrame) -> None:
    cases = events.groupby("stage")["case_id"].nunique()
    assert math.isclose(
        answers.expected("05.q5"), 100 * (1 - cases["purchase"] / cases["decision"]), abs_tol=1e-9
    )


def test_q6_event_variants(events: pd.DataFrame) -> None:
    paths = _journeys(events, "event")
    assert answers.expected("05.q6") == len({tuple(p) for p in paths.values()})


def _headings() -> list[str]:
    nb = json.loads((ROOT / "modules" / "05-journey-analytics.ipynb").read_text(encoding="utf-8"))
    text = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    return re.findall(r"^#{2,3} (.+)$", text, re.M)


CODE = re.compile(r"\w+\(.*\)|\[['\"]|==|=True|=False")


@pytest.mark.parametrize("qid", QUESTIONS)
def test_hints_show_no_code_and_end_at_a_module_section(qid: str) -> None:
    q = answers.get(qid)
    assert len(q.hints) >= 2
    for hint in q.hints:
        assert not CODE.search(hint), f"{qid}: a hint shows code: {hint!r}"
    assert "Module 05" in q.hints[-1]
    sections = re.findall(r"'([^']+)'", q.hints[-1])
    assert sections
    headings = _headings()
    for section in sections:
        assert section in headings, f"{qid}: {section!r} is not a heading of module 05"


@pytest.mark.parametrize("qid", QUESTIONS[:4])
def test_exercise_questions_list_mistakes(qid: str) -> None:
    assert answers.get(qid).mistakes
