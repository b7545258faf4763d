"""Expected answers of exercise 10 (solutions/10-managing-and-improving-cx.ipynb) and of module 10's quiz.

Each function computes its expected value from the course data (and the package data of
:mod:`cxkit.service`: the candidate fixes, the maturity questionnaire and its example team, the
ownership table). Questions ``10.q1`` to ``10.q6`` are the exercise's: each asks for something
module 10 did not compute; the ``mistakes`` compute the typical wrong answers the way the mistake
does, and the last hint names the module section that shows the method. ``10.q7`` to ``10.q9`` are
values module 10 shows; its quiz asks for them.
"""

from __future__ import annotations

from typing import Any

from cxkit.course.answers import _load, question

_MODULE = "Module 10 shows the method in its section"

#: The value of a customer the exercise uses (euros), a round figure instead of the module's CLV.
VALUE = 500.0


def _fixes(value: float = VALUE) -> Any:
    from cxkit.service import fix_priorities

    return fix_priorities(_load("surveys"), _load("touchpoints"), value_per_customer=value)


def _not_good_answers(touchpoint: str) -> int:
    from cxkit.journey import touchpoint_performance

    perf = touchpoint_performance(_load("surveys"), _load("touchpoints"))
    return int(perf.loc[touchpoint, "n_not_good"])


# Task 1: the affected group ----------------------------------------------------------------------


@question(
    "10.q1",
    kind="count",
    prompt="Customers with a bad experience (CSAT 1-3) at support by phone",
    hints=(
        "The affected group counts customers, not answers: a customer who answered twice counts once.",
        "Run service.fix_priorities and read the affected column of the fix on support_phone.",
        f"{_MODULE} 'The impact/effort table'.",
    ),
    mistakes={
        "That counts answers, not customers: a customer who answered twice is one affected customer.": (
            lambda: _not_good_answers("support_phone")
        ),
    },
)
def _affected_phone() -> int:
    t = _fixes()
    return int(t.loc[t["touchpoint"] == "support_phone", "affected"].iloc[0])


# Task 2: the impact of one fix at another customer value ---------------------------------------------


@question(
    "10.q2",
    kind="number",
    abs_tol=1.0,
    prompt="Impact in euros of the returns-label fix at 500 euros a customer",
    hints=(
        "Impact = affected customers × NPS gap / 100 × value per customer.",
        "Pass value_per_customer=500 to service.fix_priorities and read the impact of returns-label.",
        f"{_MODULE} 'The impact/effort table'.",
    ),
    mistakes={
        "You multiplied the bad answers, not the affected customers, by the gap and the value.": (
            lambda: _not_good_answers("returns") * float(_fixes().loc["returns-label", "gap"]) / 100 * VALUE
        ),
        "That is the impact at the module's CLV; the task sets the value of a customer to 500 euros.": (
            lambda: float(_fixes(_module_clv()).loc["returns-label", "impact"])
        ),
    },
)
def _impact_returns() -> float:
    return float(_fixes().loc["returns-label", "impact"])


def _module_clv() -> float:
    from cxkit.clv import simple_clv

    orders = _load("orders")
    year = orders["timestamp"].dt.year
    b24 = set(orders.loc[year == 2024, "customer_id"])
    b25 = set(orders.loc[year == 2025, "customer_id"])
    kept = len(b24 & b25) / len(b24)
    per_year = float(orders[year == 2025].groupby("customer_id").size().mean())
    return simple_clv(float(orders["value"].mean()), per_year, retention=kept, margin=0.3, discount_rate=0.1)


# Task 3: the best return on effort among the major projects -------------------------------------------


@question(
    "10.q3",
    kind="choice",
    prompt="Major project with the largest impact per person-week",
    hints=(
        "Keep the fixes whose quadrant is 'Major projects', then compare impact divided by effort.",
        "The column impact_per_effort of service.fix_priorities already holds the ratio.",
        f"{_MODULE} 'The impact/effort table'.",
    ),
    mistakes={
        "That is the major project with the lowest impact per person-week; the task asks for the largest.": (
            lambda: _major()["impact_per_effort"].idxmin()
        ),
    },
)
def _best_major() -> str:
    return str(_major()["impact_per_effort"].idxmax())


def _major() -> Any:
    t = _fixes()
    return t[t["quadrant"] == "Major projects"]


# Task 4: the maturity dimension the raters agree least on ---------------------------------------------


def _maturity() -> Any:
    from cxkit.service import example_answers, maturity_questionnaire, self_assessment

    q = maturity_questionnaire()
    return self_assessment(example_answers(round="January", questionnaire=q), questionnaire=q).drop(
        index="overall"
    )


@question(
    "10.q4",
    kind="choice",
    prompt="Maturity dimension with the widest 95% interval in the steering group's answers",
    hints=(
        "The width of an interval is high minus low; a wide one means the raters disagree.",
        "Score the example team with service.self_assessment on the maturity questionnaire and "
        "compare high - low per dimension (leave out the overall row).",
        f"{_MODULE} 'Evaluate: how mature is our CX practice?'.",
    ),
    mistakes={
        "That is the dimension with the lowest score, not the widest interval.": lambda: _maturity()[
            "score"
        ].idxmin(),
        "That is the dimension with the narrowest interval; the task asks for the widest.": (
            lambda: (_maturity()["high"] - _maturity()["low"]).idxmin()
        ),
    },
)
def _widest_dimension() -> str:
    m = _maturity()
    return str((m["high"] - m["low"]).idxmax())


# Task 5: a longer window for the proactive notice -----------------------------------------------------


def _notice(window_days: int, column: str) -> float:
    from cxkit.service import proactive_notice

    table = proactive_notice(_load("orders"), _load("tickets"), window_days=window_days)
    share = float(table.loc["all", column])
    return share if column == "value" else 100 * share  # the rate's value is in percent already


@question(
    "10.q5",
    kind="percent",
    abs_tol=0.05,
    prompt="Share of delivery tickets that followed a late parcel, with a 30-day window (%)",
    hints=(
        "A ticket follows a late parcel when it is opened after the promised date and up to the "
        "window after delivery; the share is of all delivery tickets.",
        "Call service.proactive_notice with window_days=30 and read preempted_share (a fraction: "
        "give a percentage).",
        f"{_MODULE} 'Proactive service'.",
    ),
    mistakes={
        "That uses the module's 3-day window; the task counts contacts up to 30 days after delivery.": (
            lambda: _notice(3, "preempted_share")
        ),
        "That is the share of late parcels that led to a contact; the task asks for the share of "
        "delivery tickets that followed a late parcel.": lambda: _notice(30, "value"),
    },
)
def _preempted_share_30() -> float:
    return _notice(30, "preempted_share")


# Task 6: the ownership table --------------------------------------------------------------------------


@question(
    "10.q6",
    kind="count",
    prompt="Touchpoints measured by CSAT in Larkspur's ownership table",
    hints=(
        "Each touchpoint of the ownership table names the metric it is measured by.",
        "Count the rows of service.load_ownership() whose metric is 'CSAT'.",
        f"{_MODULE} 'Manage: governance'.",
    ),
    mistakes={
        "That counts the rows whose metric is not CSAT.": lambda: int((_owners()["metric"] != "CSAT").sum()),
    },
)
def _csat_touchpoints() -> int:
    return int((_owners()["metric"] == "CSAT").sum())


def _owners() -> Any:
    from cxkit.service import load_ownership

    return load_ownership()


# Values module 10 shows (asked in its quiz) -----------------------------------------------------------


@question(
    "10.q7",
    kind="count",
    abs_tol=0,
    prompt="Delivery tickets that followed a late parcel (3-day window)",
    hints=("Module 10, section 'Proactive service', prints it.",),
)
def _preempted() -> int:
    from cxkit.service import proactive_notice

    return int(proactive_notice(_load("orders"), _load("tickets")).loc["all", "contacts_preempted"])


@question(
    "10.q8",
    kind="number",
    abs_tol=0.05,
    prompt="The steering group's overall CX maturity score (1-5)",
    hints=("Module 10, section 'Evaluate: how mature is our CX practice?', shows it.",),
)
def _overall_maturity() -> float:
    from cxkit.service import example_answers, maturity_questionnaire, self_assessment

    q = maturity_questionnaire()
    return float(
        self_assessment(example_answers(round="January", questionnaire=q), questionnaire=q).loc[
            "overall", "score"
        ]
    )


@question(
    "10.q9",
    kind="count",
    prompt="Customers with a bad experience at delivery (the late-parcel notice's affected group)",
    hints=("Module 10, section 'The impact/effort table', shows it in the affected column.",),
)
def _affected_delivery() -> int:
    return int(_fixes().loc["late-parcel-notice", "affected"])
