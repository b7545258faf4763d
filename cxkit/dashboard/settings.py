"""The dashboard's settings: the tables it reads, its scores, funnel stages, SLA targets and sizes.

Shared by the dashboard's model (:mod:`cxkit.dashboard.core`) and its view
(:mod:`cxkit.dashboard.render`), which import this module and not each other's.
"""

from __future__ import annotations

__all__ = ["ALL", "FUNNEL_STAGES", "METRICS", "QUEUE_ROWS", "SLA_TARGETS", "TABLES", "TOP_DRIVERS"]

#: The tables the dashboard reads, and the columns it needs from each.
TABLES: dict[str, tuple[str, ...]] = {
    "surveys": ("customer_id", "segment", "responded", "response_date", "nps", "csat", "ces", "comment"),
    "events": ("case_id", "customer_id", "timestamp", "stage"),
    "tickets": ("customer_id", "channel", "opened_at", "first_response_at", "resolved_at"),
    "customers": ("customer_id", "segment"),
}
#: The three scores, in the order they are shown.
METRICS: tuple[str, ...] = ("nps", "csat", "ces")
#: The journey funnel's stages (values of ``events.stage``), in order.
FUNNEL_STAGES: tuple[str, ...] = ("awareness", "consideration", "decision", "purchase")
#: First-response targets per support channel: the SLA explorer's (module 06) starting targets.
SLA_TARGETS: dict[str, str] = {"phone": "10min", "chat": "5min", "email": "24h", "social": "4h"}
#: How many drivers (themes with the lowest NPS) and follow-up rows the dashboard shows.
TOP_DRIVERS = 5
QUEUE_ROWS = 10
#: The segment filter's "everyone" choice, and the period filter's "everything" choice.
ALL = "all"
