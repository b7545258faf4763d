"""Module 09's answers and the numbers its prose and facilitator notes quote.

The exercise answers (cxkit/course/answers_09.py) are recomputed here with plain pandas and VADER
itself; the quoted numbers (workshops/notes/09-voice-of-the-customer.md) are pinned so a change of
the data or the taxonomy that moves them fails here.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from cxkit.course import answers

pytestmark = pytest.mark.course

DATASETS = Path(__file__).resolve().parents[1] / "datasets"


@pytest.fixture(scope="module")
def data() -> dict[str, pd.DataFrame]:
    return {
        "surveys": pd.read_csv(DATASETS / "surveys.csv", parse_dates=["response_date"]),
        "conversations": pd.read_csv(DATASETS / "conversations.csv", parse_dates=["timestamp"]),
        "customers": pd.read_csv(DATASETS / "customers.csv"),
    }


def _label(compound: float) -> str:
    return "positive" if compound >= 0.05 else "negative" if compound <= -0.05 else "neutral"


def test_phone_negative_share_by_hand(data) -> None:
    from cxkit.voc import check_texts

    vader = SentimentIntensityAnalyzer()
    conv = data["conversations"]
    phone = conv.loc[conv["channel"] == "phone", "text"]
    english = phone[check_texts(phone)["status"] == "ok"]
    labels = [_label(vader.polarity_scores(t)["compound"]) for t in english]
    share = 100 * sum(lab == "negative" for lab in labels) / len(labels)
    assert answers.expected("09.q1") == pytest.approx(share)
    assert round(share, 1) == 25.0  # the facilitator notes


def test_detractor_negative_share_by_hand(data) -> None:
    vader = SentimentIntensityAnalyzer()
    s = data["surveys"]
    det = s[(s["responded"]) & s["comment"].notna() & (s["nps"] <= 6)]
    labels = [_label(vader.polarity_scores(t)["compound"]) for t in det["comment"]]
    share = 100 * sum(lab == "negative" for lab in labels) / len(labels)
    assert answers.expected("09.q4") == pytest.approx(share)
    assert round(share, 1) == 58.4


def test_b2b_answers(data) -> None:
    assert answers.expected("09.q2") == "price_value"
    assert answers.expected("09.q3") == 58


def test_numbers_quoted_in_the_module_and_notes(data) -> None:
    from cxkit.voc import drivers, load_taxonomy, themes

    s, conv, cust = data["surveys"], data["conversations"], data["customers"]
    answered = s[s["responded"]]
    talked = set(conv["customer_id"].dropna())
    silent = talked - set(answered["customer_id"])
    assert (len(talked), len(silent)) == (2235, 844)
    public = conv[conv["public"]].reset_index(drop=True)
    assert (len(public), public["customer_id"].isna().sum()) == (1103, 600)
    tagged = themes(public["text"])
    month = public["timestamp"].dt.to_period("M").astype(str)
    app = tagged["app_problem"]
    assert app[month.isin(["2025-03", "2025-04", "2025-05"])].sum() == 59
    assert app.sum() == 59
    region = public["customer_id"].map(cust.set_index("customer_id")["region"])
    per_1000 = tagged["late_delivery"].groupby(region).sum() / cust["region"].value_counts() * 1000
    assert round(per_1000["North"], 1) == 62.5
    assert per_1000.drop("North").min() > 28.5
    assert per_1000.drop("North").max() < 46.5
    comments = answered[answered["comment"].notna() & answered["nps"].notna()].reset_index(drop=True)
    names = list(load_taxonomy())
    ranking = drivers(
        pd.concat([comments, themes(comments["comment"])[names]], axis=1), "nps", names, cluster="customer_id"
    ).set_index("theme")
    quoted = {
        "unresolved": -120.7,
        "damaged": -116.9,
        "late_delivery": -115.3,
        "lost_parcel": -114.7,
        "checkout_payment": -113.4,
        "app_problem": -98.2,
        "phone_wait": -82.3,
        "fast_delivery": 99.0,
        "staff_help": 92.1,
        "returns_refunds": 89.4,
        "price_value": -12.2,
    }
    for theme, value in quoted.items():
        assert ranking.loc[theme, "difference"] == pytest.approx(value, abs=0.05), theme
    assert ranking.loc["price_value", "n_with"] == 435
    assert ranking.loc["price_value", "high"] < 0  # "small but clear" (the notes)
    assert ranking.loc[["checkout_payment", "returns_refunds"], "n_with"].tolist() == [21, 25]
    # adjusted-Wald interval of the all-detractor checkout theme and Holm's correction (the notes)
    assert ranking.loc["checkout_payment", ["low", "high"]].round(0).tolist() == [-119, -82]
    assert set(ranking.index[ranking["p_adjusted"] >= 0.05]) == {"account_website"}
    from cxkit.course.answers_09 import _b2b_drivers

    b2b = _b2b_drivers().set_index("theme").loc["price_value"]  # the exercise answer (notes)
    assert [round(b2b["low"]), round(b2b["high"]), round(b2b["p_adjusted"], 2)] == [-26, 10, 0.40]


def test_queue_and_flags_quoted_in_the_notes() -> None:
    from cxkit.data import load
    from cxkit.voc import close_the_loop, sentiment

    surveys, orders, tickets = load("surveys"), load("orders"), load("tickets")
    answered = surveys[surveys["responded"]]
    comments = answered[answered["comment"].notna() & answered["nps"].notna()].reset_index(drop=True)
    mood = sentiment(comments["comment"])
    group = pd.cut(comments["nps"], bins=[-1, 6, 8, 10], labels=["d", "a", "p"])
    shares = pd.crosstab(group, mood["label"], normalize="index").mul(100).round(1)
    assert (shares.loc["d", "positive"], shares.loc["p", "positive"]) == (23.6, 97.1)
    assert (sentiment(load("conversations")["text"])["status"] == "not_english").sum() == 49
    last = answered["response_date"].max()
    spend = orders[orders["timestamp"] > last - pd.Timedelta(days=365)].groupby("customer_id")["value"].sum()
    open_ids = set(tickets.loc[tickets["resolved_at"].isna(), "customer_id"])
    recent = comments.assign(
        compound=mood["compound"],
        value=comments["customer_id"].map(spend).fillna(0.0),
        open_ticket=comments["customer_id"].isin(open_ids),
    )
    queue = close_the_loop(recent, value="value", open="open_ticket", days=30)
    assert len(queue) == 60
    assert (queue["segment"] == "B2B").sum() == 15
    assert queue["high_value"].sum() == 11
