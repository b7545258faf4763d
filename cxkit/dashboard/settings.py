"""The dashboard's settings: the tables it reads, its scores, funnel stages, SLA targets and sizes.

Shared by the dashboard's model (:mod:`cxkit.dashboard.core`) and its view
(:mod:`cxkit.dashboard.render`), which import this module and not each other's.
"""

from __future__ import annotations

__all__ = [
    "ALERT_MIN_N",
    "ALL",
    "CLV_SETTINGS",
    "DRIVER_MIN_N",
    "FUNNEL_STAGES",
    "HIGH_VALUE_SHARE",
    "METRICS",
    "OPTIONAL_TABLES",
    "QUEUE_DAYS",
    "QUEUE_ROWS",
    "SLA_TARGETS",
    "TABLES",
    "TOP_DRIVERS",
    "VERBATIMS",
]

#: The tables the dashboard reads, and the columns it needs from each.
TABLES: dict[str, tuple[str, ...]] = {
    "surveys": (
        "customer_id",
        "segment",
        "touchpoint",
        "channel",
        "sent_at",
        "responded",
        "response_date",
        "nps",
        "csat",
        "ces",
        "comment",
    ),
    "events": ("case_id", "customer_id", "timestamp", "stage"),
    "tickets": ("customer_id", "channel", "opened_at", "first_response_at", "resolved_at"),
    "customers": ("customer_id", "segment"),
}
#: Tables used when given: the orders give each customer's predicted value (module 08's CLV).
OPTIONAL_TABLES: dict[str, tuple[str, ...]] = {"orders": ("customer_id", "timestamp", "value")}
#: The three scores, in the order they are shown.
METRICS: tuple[str, ...] = ("nps", "csat", "ces")
#: The journey funnel's stages (values of ``events.stage``), in order.
FUNNEL_STAGES: tuple[str, ...] = ("awareness", "consideration", "decision", "purchase")
#: First-response targets per support channel: the SLA explorer's (module 06) starting targets.
SLA_TARGETS: dict[str, str] = {"phone": "10min", "chat": "5min", "email": "24h", "social": "4h"}
#: How many drivers (themes with the lowest NPS) and follow-up rows the dashboard shows.
TOP_DRIVERS = 5
QUEUE_ROWS = 10
#: A driver is shown only with at least this many comments that have the theme.
DRIVER_MIN_N = 30
#: Comments quoted under each driver.
VERBATIMS = 2
#: The follow-up queue holds the feedback of the last QUEUE_DAYS days of the selected period.
QUEUE_DAYS = 14
#: A touchpoint's month is judged against its control limits only with this many NPS answers.
ALERT_MIN_N = 10
#: Module 08's CLV: 12 periods ahead, 30% margin on values without their 20% VAT, 10% a year
#: discount rate (per month).
CLV_SETTINGS: dict[str, float] = {
    "periods": 12,
    "margin": 0.3,
    "vat": 0.20,
    "discount_rate": 1.10 ** (1 / 12) - 1,
}
#: "High value" is the top share of the answering customers' predicted value (module 08: top 20%).
HIGH_VALUE_SHARE = 0.2
#: The segment filter's "everyone" choice, and the period filter's "everything" choice.
ALL = "all"
