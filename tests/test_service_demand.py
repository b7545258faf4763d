"""Failure demand, the contact rate and the support figures (module 06), on hand-made tickets.

Every expected number is worked out by hand in the comments.
"""

from __future__ import annotations

import matplotlib as mpl
import pandas as pd
import pytest

mpl.use("Agg")

from cxkit.errors import CXConfigError, CXDataError
from cxkit.service import (
    FAILURE_RULE,
    FailureRule,
    contact_rate,
    failure_demand,
    plot_backlog,
    plot_csat_by_target,
    plot_response_times,
)


def _tickets() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "customer_id": ["a", "a", "b", "c", "c", "d"],
            "channel": ["phone", "phone", "chat", "email", "email", "phone"],
            "category": ["delivery", "product", "account", "billing", "product", "technical"],
            "reopened": [False, True, False, False, False, False],
            "segment": ["B2C", "B2C", "B2B", "B2C", "B2C", "B2B"],
        }
    )


def test_failure_demand_by_hand() -> None:
    t = failure_demand(_tickets())
    # delivery, product-but-reopened, billing, technical: 4 of 6
    assert t.loc["all", "count"] == 4
    assert t.loc["all", "value"] == pytest.approx(400 / 6)
    by = failure_demand(_tickets(), by="channel", min_n=1)
    # phone: delivery, reopened product, technical = 3 of 3; chat 0 of 1; email billing 1 of 2
    assert by["value"].to_dict() == {"chat": 0.0, "email": 50.0, "phone": 100.0}


def test_the_rule_decides() -> None:
    only_delivery = FailureRule(categories=("delivery",), reopened=False)
    assert failure_demand(_tickets(), rule=only_delivery).loc["all", "count"] == 1
    assert "delivery" in FAILURE_RULE.categories
    with pytest.raises(CXConfigError, match="FailureRule"):
        failure_demand(_tickets(), rule=FailureRule(categories=(), reopened=False))


def test_a_bad_reopened_value_names_the_ticket() -> None:
    bad = _tickets().assign(reopened=[False, "yes", False, False, False, False])
    with pytest.raises(CXDataError, match="reopened"):
        failure_demand(bad)


def test_contact_rate_by_hand() -> None:
    orders = pd.DataFrame(
        {"customer_id": list("aabbcd"), "segment": ["B2C", "B2C", "B2B", "B2B", "B2C", "B2B"]}
    )
    overall = contact_rate(_tickets(), orders)
    assert overall.loc["all"].tolist() == [6, 6, 100.0]
    by = contact_rate(_tickets(), orders, by="segment")
    # B2B: 2 tickets, 3 orders; B2C: 4 tickets, 3 orders
    assert by["per_100_orders"].round(6).to_dict() == {"B2B": round(200 / 3, 6), "B2C": round(400 / 3, 6)}
    with pytest.raises(CXDataError, match="segment"):
        contact_rate(_tickets().drop(columns="segment"), orders, by="segment")


def test_the_response_time_figure() -> None:
    times = pd.DataFrame({"median": [2.0, 300.0], "p90": [8.0, 900.0]}, index=["chat", "email"])
    fig = plot_response_times(times)
    ax = fig.axes[0]
    assert [round(b.get_width()) for b in ax.patches] == [2, 300, 8, 900]
    assert ax.get_xscale() == "log"
    assert "300 min" in [t.get_text() for t in ax.texts]
    with pytest.raises(CXDataError, match="p90"):
        plot_response_times(times.drop(columns="p90"))


def test_the_csat_by_target_figure() -> None:
    link = pd.DataFrame(
        {"value": [27.0, 3.0], "low": [15.0, -10.0], "high": [39.0, 16.0]}, index=["phone", "chat"]
    )
    fig = plot_csat_by_target(link)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert texts == ["+27 points (95% interval +15 to +39)", "+3 points (95% interval -10 to +16)"]


def test_the_backlog_figure() -> None:
    weekly = pd.DataFrame(
        {
            "period_end": pd.to_datetime(["2024-01-07", "2024-01-14", "2024-01-21"]),
            "opened": [4, 9, 5],
            "resolved": [3, 7, 6],
            "open_at_end": [1, 3, 2],
        }
    )
    fig = plot_backlog(weekly)
    ax = fig.axes[0]
    open_line, opened_line = ax.get_lines()
    assert list(open_line.get_ydata()) == [1, 3, 2]  # solid, markers: open at the week's end
    assert list(opened_line.get_ydata()) == [4, 9, 5]  # dashed: opened in the week
    assert opened_line.get_linestyle() == "--"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "open at the end of the week",
        "opened in the week",
    ]
    assert ax.get_ylabel() == "Tickets"
    with pytest.raises(CXDataError, match="open_at_end"):
        plot_backlog(weekly.drop(columns="open_at_end"))
