"""The conversations table: consistent with the tickets, and the complaints peak when they should.

Read from the committed CSV files with plain pandas (not the cxkit loaders), like test_findings.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from cxkit.errors import CXDataError

pytestmark = pytest.mark.course

DATASETS = Path(__file__).resolve().parents[1] / "datasets"


@pytest.fixture(scope="module")
def data() -> dict[str, pd.DataFrame]:
    conv = pd.read_csv(DATASETS / "conversations.csv", dtype=str, keep_default_na=False)
    tickets = pd.read_csv(DATASETS / "tickets.csv", dtype=str, keep_default_na=False)
    customers = pd.read_csv(DATASETS / "customers.csv", dtype=str, keep_default_na=False)
    return {"conversations": conv, "tickets": tickets, "customers": customers}


def _with_ticket(data: dict[str, pd.DataFrame]) -> pd.DataFrame:
    conv = data["conversations"]
    linked = conv[conv["ticket_id"] != ""]
    return linked.merge(data["tickets"], on="ticket_id", suffixes=("", "_ticket"))


def test_one_conversation_per_ticket_in_its_channel(data: dict[str, pd.DataFrame]) -> None:
    conv = data["conversations"]
    linked = conv[conv["ticket_id"] != ""]
    assert not linked["ticket_id"].duplicated().any()
    assert set(linked["ticket_id"]) == set(data["tickets"]["ticket_id"])
    m = _with_ticket(data)
    assert (m["channel"] == m["channel_ticket"]).all()
    assert (m["customer_id"] == m["customer_id_ticket"]).all()
    assert (m["public"] == "False").all()


def test_timestamps_are_not_before_the_ticket_was_opened(data: dict[str, pd.DataFrame]) -> None:
    m = _with_ticket(data)
    assert (pd.to_datetime(m["timestamp"]) >= pd.to_datetime(m["opened_at"])).all()
    assert (pd.to_datetime(data["conversations"]["timestamp"]) < "2026-01-01").all()


def test_posts_platforms_and_non_customers(data: dict[str, pd.DataFrame]) -> None:
    conv = data["conversations"]
    public = conv["public"] == "True"
    assert (conv.loc[public, "ticket_id"] == "").all()
    assert (conv.loc[public, "channel"] == "social").all()
    assert ((conv["platform"] != "") == (conv["channel"] == "social")).all()
    anonymous = conv["customer_id"] == ""
    assert anonymous.sum() >= 300
    assert (conv.loc[anonymous, "public"] == "True").all()
    assert conv["conversation_id"].is_monotonic_increasing
    assert pd.to_datetime(conv["timestamp"]).is_monotonic_increasing


def test_texts_follow_the_ticket(data: dict[str, pd.DataFrame]) -> None:
    m = _with_ticket(data)
    phone = m[m["channel"] == "phone"]
    assert phone["text"].str.startswith("Customer called about").all()
    chat = m[m["channel"] == "chat"]
    assert chat["text"].str.startswith("Customer: ").all()
    assert chat["text"].str.contains(" Agent: ").all()
    reopened = m[(m["reopened"] == "True") & m["channel"].isin(["phone", "chat"])]
    assert reopened["text"].str.contains("second|already contacted|Repeat contact", case=False).all()
    # the closing tone follows the ticket's satisfaction
    rated = chat[chat["csat"] != ""]
    last_word = rated["text"].str.split("Customer: ").str[-1]  # the customer's closing line
    happy = last_word.str.contains("thank|appreciate|sorted", case=False)
    share = happy.groupby(rated["csat"].astype(int) >= 4).mean()
    assert share[True] > 0.9
    assert share[False] < 0.1


def test_delivery_complaints_peak_in_winter_and_in_the_north(data: dict[str, pd.DataFrame]) -> None:
    conv = data["conversations"]
    posts = conv[(conv["public"] == "True") & (conv["customer_id"] != "")]
    pattern = r"days late|Still waiting|touring the country|late delivery"
    late = posts["text"].str.contains(pattern, case=False)
    month = pd.to_datetime(posts["timestamp"]).dt.month
    winter = month.isin([11, 12])
    per_month_winter = late[winter].sum() / 4  # two months in each of two years
    per_month_rest = late[~winter].sum() / 20
    assert per_month_winter > 2.5 * per_month_rest
    region = posts["customer_id"].map(data["customers"].set_index("customer_id")["region"])
    per_customer = late.groupby(region).sum() / data["customers"]["region"].value_counts()
    assert per_customer.idxmax() == "North"


def test_app_complaints_peak_after_the_release(data: dict[str, pd.DataFrame]) -> None:
    conv = data["conversations"]
    app = conv["text"].str.contains(r"\bapp\b", case=False) & (conv["public"] == "True")
    when = pd.to_datetime(conv["timestamp"]).dt.to_period("M").astype(str)
    bug = when.isin(["2025-03", "2025-04", "2025-05"])
    assert app[bug].sum() / 3 > 4 * (app[~bug].sum() / 21)


def test_some_texts_are_in_other_languages_or_sarcastic(data: dict[str, pd.DataFrame]) -> None:
    text = data["conversations"]["text"]
    foreign = text.str.contains(r"commande|Bestellung|pedido|pakket|Bonjour|Hallo|Hola", case=False)
    assert 20 <= foreign.sum() <= 150
    assert text.str.contains("Brilliant", case=False).sum() >= 10
    assert text.str.contains("is sick").sum() >= 1


def test_load_all_rejects_a_conversation_before_its_ticket() -> None:
    from cxkit.data import load_all
    from cxkit.data.loaders import check_references

    tables = load_all()
    conv = tables["conversations"]
    row = conv.index[conv["ticket_id"].notna()][3]
    conv.loc[row, "timestamp"] = conv.loc[row, "timestamp"] - pd.Timedelta(days=400)
    with pytest.raises(CXDataError, match=r"conversations, column 'timestamp', row 10: before its ticket"):
        check_references(tables)
    tables["conversations"] = conv.assign(timestamp=conv["timestamp"].astype(str))
    with pytest.raises(CXDataError, match="not a date-time column"):
        check_references(tables)
