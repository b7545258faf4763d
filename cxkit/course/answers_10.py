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


def _fixes() -> Any:
    from cxkit.service import fix_priorities

    return fix_priorities(_load("orders"), _load("tickets"), _load("customers"))


def _badly_handled_phone_tickets() -> int:
    t = _load("tickets")
    badly = (
        t["reopened"].fillna(False) | ~t["first_contact_resolution"].fillna(True) | t["resolved_at"].isna()
    )
    return int((badly & (t["opened_at"].dt.year == 2025) & (t["channel"] == "phone")).sum())


# Task 1: the affected group ----------------------------------------------------------------------


@question(
    "10.q1",
    kind="count",
    prompt="Customers whose phone ticket was handled badly in the last year (the call-back fix's group)",
    hints=(
        "The affected group counts customers, not tickets: a customer with two bad tickets counts once.",
        "Run service.fix_priorities(orders, tickets, customers); read the affected column of phone-callback.",
        f"{_MODULE} 'The impact/effort table'.",
    ),
    mistakes={
        "That counts tickets, not customers: a customer with two tickets handled badly is one customer.": (
            _badly_handled_phone_tickets
        ),
    },
)
def _affected_phone() -> int:
    return int(_fixes().loc["phone-callback", "affected"])


# Task 2: the value of one fix if it removed the whole problem ------------------------------------


@question(
    "10.q2",
    kind="number",
    abs_tol=1.0,
    prompt="Value in euros a year of removing every returns ticket handled badly (removes = 1)",
    hints=(
        "Value = customers affected a year × removes × the effect on coming back (fewer returns) × "
        "the margin a returning customer brings.",
        "Call service.fix_value(orders, tickets, customers, problem='ticket_handled_badly', "
        "where={'category': 'returns'}, removes=1.0) and read the value of the total row.",
        f"{_MODULE} 'The impact/effort table'.",
    ),
    mistakes={
        "That is the value at the share fixes.yaml assumes (half the problem); the task removes all of it.": (
            lambda: float(_fixes().loc["returns-label", "value"])
        ),
        "That is one segment's value; the total row adds the consumers and the business customers.": (
            lambda: float(_returns_all().loc["B2C", "value"])
        ),
    },
)
def _value_returns() -> float:
    return float(_returns_all().loc["total", "value"])


def _returns_all() -> Any:
    from cxkit.service import fix_value

    return fix_value(
        _load("orders"),
        _load("tickets"),
        _load("customers"),
        problem="ticket_handled_badly",
        where={"category": "returns"},
        removes=1.0,
    )


# Task 3: the best return on effort among the major projects -------------------------------------------


@question(
    "10.q3",
    kind="choice",
    prompt="Major project with the largest value per person-week",
    hints=(
        "Keep the fixes whose quadrant is 'Major projects', then compare value divided by effort.",
        "The column value_per_effort of service.fix_priorities already holds the ratio.",
        f"{_MODULE} 'The impact/effort table'.",
    ),
    mistakes={
        "That is the major project with the lowest value per person-week; the task asks for the largest.": (
            lambda: _major()["value_per_effort"].idxmin()
        ),
    },
)
def _best_major() -> str:
    return str(_major()["value_per_effort"].idxmax())


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
    prompt="Customers a year with a late parcel (the late-parcel notice's affected group)",
    hints=("Module 10, section 'The impact/effort table', shows it in the affected column.",),
)
def _affected_delivery() -> int:
    return int(_fixes().loc["late-parcel-notice", "affected"])
