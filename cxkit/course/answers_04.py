"""Expected answers of exercise 04 (solutions/04-touchpoints-and-channels.ipynb) and of module 04's quiz.

Each function computes its expected value from the course data with
:mod:`cxkit.journey.touchpoints`; ``tests/test_answers_04.py`` recomputes every one with plain
pandas. Questions ``04.q1`` to ``04.q5`` are the exercise's (each asks for something module 04 did
not compute); ``04.q6`` and ``04.q7`` are values module 04 computes, asked by its quiz
(``modules/quizzes/04-touchpoints-and-channels.yaml``). The hints diagnose, the ``mistakes``
recognise the typical wrong answers, and the last hint names the section of module 04 that shows
the method.
"""

from __future__ import annotations

from cxkit.course.answers import _load, question

_MODULE = "Module 04 shows the method in its section"
SHOPPING = ("consideration", "decision", "purchase")
SUPPORT = ("support_phone", "support_chat", "support_email", "support_social")


def _events_with_segment():
    events = _load("events")
    segments = _load("customers").set_index("customer_id")["segment"].astype(str)
    return events.assign(segment=events["customer_id"].map(segments).fillna("prospect"))


def _switching(rows=None, stages=SHOPPING):
    from cxkit.journey import channel_switching

    events = _events_with_segment() if rows is None else rows
    return channel_switching(events, by="segment", stages=list(stages) if stages else None)


def _b2b_events():
    events = _events_with_segment()
    return events[events["segment"] == "B2B"]


def _all_shopping_share() -> float:
    from cxkit.journey import channel_switching

    return float(channel_switching(_load("events"), stages=list(SHOPPING)).loc["all", "value"])


@question(
    "04.q1",
    kind="percent",
    abs_tol=0.05,
    prompt="Share of business customers' journeys that switch channel while shopping (%)",
    hints=(
        "Two filters: the journeys of business customers (join the customers on customer_id), and "
        "only the shopping stages (consideration, decision, purchase).",
        "A journey switches when its events use two channels or more; the answer is a percentage of "
        "the B2B journeys that have shopping events.",
        f"{_MODULE} 'Multichannel, cross-channel and omnichannel'.",
    ),
    mistakes={
        "That counts the whole journey (adverts and e-mails too); keep the shopping stages only.": lambda: (
            float(_switching(stages=None).loc["B2B", "value"])
        ),
        "That is every journey while shopping; keep the business customers (B2B) only.": _all_shopping_share,
        "That is the consumers' (B2C) share; the question asks for business customers.": lambda: float(
            _switching().loc["B2C", "value"]
        ),
    },
)
def _b2b_switching_share() -> float:
    return float(_switching().loc["B2B", "value"])


def _handoff_journeys(rows, stages=SHOPPING) -> int:
    from cxkit.journey import channel_handoffs

    h = channel_handoffs(rows, stages=list(stages) if stages else None, top=None)
    sel = h[(h["from_channel"] == "web") & (h["to_channel"] == "phone")]
    return int(sel["journeys"].iloc[0]) if len(sel) else 0


@question(
    "04.q2",
    kind="count",
    prompt="Number of business customers' journeys with a web -> phone hand-off while shopping",
    hints=(
        "Count journeys, not hand-offs: a journey that goes from web to phone twice counts once.",
        "Keep the B2B journeys and the shopping stages before looking for hand-offs.",
        f"{_MODULE} 'Multichannel, cross-channel and omnichannel' (channel_handoffs).",
    ),
    mistakes={
        "That counts the journeys of every segment; keep the business customers (B2B) only.": lambda: (
            _handoff_journeys(_load("events"))
        ),
    },
)
def _b2b_web_phone() -> int:
    return _handoff_journeys(_b2b_events())


def _gap():
    from cxkit.journey import measurement_gap

    return measurement_gap(_load("surveys"), _load("touchpoints"), tickets=_load("tickets"))


@question(
    "04.q3",
    kind="percent",
    abs_tol=0.05,
    prompt="Share of all detractors produced by the four support touchpoints (%)",
    hints=(
        "The detractor share of a touchpoint is its detractors divided by the detractors of every "
        "touchpoint; add the four support touchpoints' shares.",
        "Not the invitation share (where the company measures) and not the detractor rate (a "
        "share of the touchpoint's own answers).",
        f"{_MODULE} 'The revenue-touchpoint pitfall' (measurement_gap).",
    ),
    mistakes={
        "That is the support touchpoints' share of the survey invitations, where the company "
        "measures; the question asks where customers suffer (detractors).": lambda: (
            100 * float(_gap().loc[list(SUPPORT), "invitation_share"].sum())
        ),
        "That is the detractor rate of the support answers (detractors per answer); the question asks "
        "for their share of all detractors.": lambda: (
            100
            * float(
                _gap().loc[list(SUPPORT), "detractors"].sum() / _gap().loc[list(SUPPORT), "answered"].sum()
            )
        ),
    },
)
def _support_detractor_share() -> float:
    return 100 * float(_gap().loc[list(SUPPORT), "detractor_share"].sum())


def _b2c_priorities(metric: str = "csat"):
    from cxkit.journey import touchpoint_performance

    surveys = _load("surveys")
    return touchpoint_performance(surveys[surveys["segment"] == "B2C"], _load("touchpoints"), metric=metric)


def _concentrate(table) -> list[str]:
    return sorted(table.index[table["quadrant"] == "Concentrate here"])


@question(
    "04.q4",
    kind="set",
    prompt="Touchpoints in 'Concentrate here' for consumers (B2C), by CSAT",
    hints=(
        "Keep the surveys of consumers (segment B2C) before computing the table: the cut lines are "
        "the medians of the consumers' touchpoints.",
        "'Concentrate here' is high impact and low performance.",
        f"{_MODULE} 'Prioritising touchpoints: impact and performance'.",
    ),
    mistakes={
        "That is the list for all customers; keep the consumers (B2C) only.": lambda: _concentrate(
            __import__("cxkit.journey.touchpoints", fromlist=["x"]).touchpoint_performance(
                _load("surveys"), _load("touchpoints")
            )
        ),
        "That list uses CES as the performance; the question asks for CSAT.": lambda: _concentrate(
            _b2c_priorities("ces")
        ),
    },
)
def _b2c_concentrate() -> list[str]:
    return _concentrate(_b2c_priorities())


@question(
    "04.q5",
    kind="number",
    abs_tol=0.05,
    prompt="Impact of the returns touchpoint for consumers (B2C), in NPS points",
    hints=(
        "The impact is the NPS of the satisfied answers (CSAT 4-5) minus the NPS of the others, at "
        "that touchpoint; it is a difference of two NPS, so it can exceed 100.",
        "Keep the consumers (segment B2C) first.",
        f"{_MODULE} 'Prioritising touchpoints: impact and performance'.",
    ),
    mistakes={
        "That is the NPS of the satisfied answers alone; subtract the NPS of the others.": lambda: float(
            _b2c_priorities().loc["returns", "nps_good"]
        ),
        "That is the returns' CSAT (its performance), not its impact.": lambda: float(
            _b2c_priorities().loc["returns", "performance"]
        ),
    },
)
def _b2c_returns_impact() -> float:
    return float(_b2c_priorities().loc["returns", "impact"])


@question(
    "04.q6",
    kind="percent",
    abs_tol=0.5,
    prompt="Share of all journeys that switch channel while shopping (%)",
    hints=(f"{_MODULE} 'Multichannel, cross-channel and omnichannel'.",),
)
def _shopping_share() -> float:
    return _all_shopping_share()


@question(
    "04.q7",
    kind="count",
    prompt="Number of survey invitations about the invoice touchpoint",
    hints=(f"{_MODULE} 'The revenue-touchpoint pitfall'.",),
)
def _invoice_invitations() -> int:
    return int(_gap().loc["invoice", "invitations"])
