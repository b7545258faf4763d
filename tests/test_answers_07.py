"""Exercise 07's expected answers (cxkit/course/answers_07.py) agree with an independent plain-pandas computation.

The registered answers are computed with cxkit.metrics; here each is recomputed from the committed
CSV files with pandas and numpy only (no cxkit loader, no cxkit metric).
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cxkit.course import answers

DATASETS = Path(__file__).resolve().parents[1] / "datasets"


@pytest.fixture(scope="module")
def answered() -> pd.DataFrame:
    surveys = pd.read_csv(DATASETS / "surveys.csv", parse_dates=["sent_at", "response_date"])
    return surveys[surveys["responded"]]


def plain_nps(scores: pd.Series) -> float:
    s = scores.dropna()
    return 100 * ((s >= 9).mean() - (s <= 6).mean())


def close(qid: str, value: float) -> None:
    got = answers.expected(qid)
    assert math.isclose(got, value, abs_tol=1e-9), (qid, got, value)


def test_q1_overall_nps(answered: pd.DataFrame) -> None:
    close("07.q1", plain_nps(answered["nps"]))


def test_q2_margin_of_error(answered: pd.DataFrame) -> None:
    s = answered["nps"].dropna()
    p, d, n = (s >= 9).mean(), (s <= 6).mean(), len(s)
    z = 1.959963984540054  # 97.5% quantile of the standard normal
    moe = 100 * z * np.sqrt(((p + d) - (p - d) ** 2) / n)
    close("07.q2", moe)
    assert 0 < moe < 5


def test_q3_b2b_minus_b2c(answered: pd.DataFrame) -> None:
    by = answered.groupby("segment")["nps"].apply(plain_nps)
    close("07.q3", by["B2B"] - by["B2C"])
    assert by["B2B"] < by["B2C"]


def test_q4_late_delivery_detractors(answered: pd.DataFrame) -> None:
    orders = pd.read_csv(DATASETS / "orders.csv", parse_dates=["promised_date", "delivered_date"])
    delivery = answered[answered["touchpoint"] == "delivery"]
    d = delivery.dropna(subset=["nps"]).merge(orders, on="order_id")
    d = d[d["delivered_date"].notna()]
    late = d[d["delivered_date"] > d["promised_date"]]
    close("07.q4", 100 * (late["nps"] <= 6).mean())
    assert len(late) >= 150


def test_q5_csat_support_phone(answered: pd.DataFrame) -> None:
    s = answered.loc[answered["touchpoint"] == "support_phone", "csat"].dropna()
    close("07.q5", 100 * (s >= 4).mean())


def test_every_07_question_is_pinned() -> None:
    assert [q for q in answers.ids() if q.startswith("07.")] == [f"07.q{k}" for k in range(1, 6)]
