"""Exercise 02's expected answers (cxkit/course/answers_02.py) and module 02's numbers, in plain pandas.

Each registered answer is recomputed from the committed CSV files with pandas only (no cxkit
loader, no cxkit.journey function); numbers quoted by the facilitator notes are checked too, and the
last hint of each question names a section of module 02 that exists.
"""

from __future__ import annotations

import itertools
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
RANK = {"awareness": 0, "consideration": 1, "decision": 2, "purchase": 3, "post_purchase": 4}


@pytest.fixture(scope="module")
def customers() -> pd.DataFrame:
    return pd.read_csv(DATASETS / "customers.csv")


@pytest.fixture(scope="module")
def paths(customers: pd.DataFrame) -> pd.DataFrame:
    """One row per journey: its segment and its stage path (time order, repeats merged)."""
    e = pd.read_csv(DATASETS / "events.csv", parse_dates=["timestamp"])
    e["segment"] = e["customer_id"].map(customers.set_index("customer_id")["segment"]).fillna("prospect")
    e = e.sort_values(["case_id", "timestamp"], kind="stable")
    keep = e["stage"] != e.groupby("case_id")["stage"].shift()
    merged = e[keep].groupby("case_id").agg(path=("stage", tuple), segment=("segment", "first"))
    merged["loops"] = [any(RANK[b] < RANK[a] for a, b in itertools.pairwise(p)) for p in merged["path"]]
    return merged


def close(qid: str, value: float, tol: float = 1e-9) -> None:
    got = answers.expected(qid)
    assert math.isclose(got, value, abs_tol=tol), (qid, got, value)


def test_q1_prospects_end_at_the_basket(paths: pd.DataFrame) -> None:
    p = paths[paths["segment"] == "prospect"]
    close("02.q1", 100 * (p["path"].str[-1] == "decision").mean())


def test_q2_b2b_paths(paths: pd.DataFrame) -> None:
    assert answers.expected("02.q2") == paths.loc[paths["segment"] == "B2B", "path"].nunique()


def test_q3_q4_b2b_repeat_and_referral(customers: pd.DataFrame) -> None:
    orders = pd.read_csv(DATASETS / "orders.csv")
    per = orders.groupby("customer_id").size().reindex(customers["customer_id"], fill_value=0)
    b2b = customers["segment"].eq("B2B").to_numpy()
    close("02.q3", 100 * (per[b2b] >= 2).mean())
    close("02.q4", 100 * (customers.loc[b2b, "acquisition_channel"] == "referral").mean())
    assert round(100 * (per >= 2).mean()) == 69  # module 02 and the notes quote it


def test_q5_q6_reach_and_loops(paths: pd.DataFrame) -> None:
    close("02.q5", 100 * paths["path"].map(lambda p: "purchase" in p).mean())
    close("02.q6", 100 * paths["loops"].mean())


def test_notes_numbers(paths: pd.DataFrame) -> None:
    by = paths.groupby("segment")
    buys = by["path"].apply(lambda s: s.map(lambda p: "purchase" in p).mean())
    assert round(100 * buys["B2B"]) == 65
    assert round(100 * buys["B2C"]) == 43
    loops = by["loops"].mean()
    assert round(100 * loops["B2B"], 1) == 10.4
    assert round(100 * loops["B2C"], 1) == 10.3
    top = by["path"].agg(lambda s: s.value_counts().index[0])
    assert top["B2B"][-1] == "post_purchase"
    assert top["B2C"][-1] == "decision"
    assert top["prospect"][-1] == "decision"


def test_last_hint_names_a_section_of_module_02() -> None:
    nb = json.loads((ROOT / "modules" / "02-the-customer-journey.ipynb").read_text(encoding="utf-8"))
    headings = re.findall(r"^#{2,3} (.+)$", "\n".join("".join(c["source"]) for c in nb["cells"]), re.M)
    for qid in [f"02.q{k}" for k in range(1, 7)]:
        section = re.search(r"section '(.+?)'(?:\.| \()", answers.get(qid).hints[-1]).group(1)
        assert section in headings, (qid, section)
