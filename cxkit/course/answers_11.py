"""Expected answers of exercise 11 (solutions/11-capstone.ipynb) and of module 11's quiz.

Each function computes its expected value from the course data with cxkit, the way the capstone
does (:func:`_project`); ``tests/test_answers_11.py`` recomputes every one independently with
plain pandas.

Questions ``11.q1`` to ``11.q5`` are the exercise's: the capstone run for the business persona,
the Office Manager (``datasets/journeys/office-manager.yaml``, segment B2B), which module 11 did
not compute. ``11.q6`` and ``11.q7`` are values module 11 computes for the Busy Parent; its quiz
(``modules/quizzes/11-capstone.yaml``) asks for them.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from cxkit.course.answers import _load, question

_MODULE = "Module 11 shows the method in its section"
_OFFICE = "office-manager.yaml"
_PARENT = "busy-parent.yaml"


@cache
def _project(file: str, *, all_surveys: bool = False, rest_everything: bool = False) -> dict[str, Any]:
    """Run the capstone's steps 3, 4 and 6 on the course data for the journey map `file`.

    ``all_surveys`` and ``rest_everything`` reproduce two typical mistakes: forgetting the
    segment filter, and comparing with every other answer instead of the rest of the journey.
    """
    import pandas as pd

    from cxkit._paths import repo_root
    from cxkit.journey import fill_from_data
    from cxkit.journey.model import load_journey
    from cxkit.metrics import compare_nps

    journey = load_journey(repo_root() / "datasets" / "journeys" / file)
    segment = journey.persona.segment
    surveys, customers = _load("surveys"), _load("customers")
    ids = customers.loc[customers["segment"] == segment, "customer_id"]
    mine = {"surveys": surveys if all_surveys else surveys[surveys["segment"] == segment]}
    for name in ("events", "tickets", "orders"):
        table = _load(name)
        mine[name] = table[table["customer_id"].isin(ids)]
    filled = fill_from_data(journey, data=mine, segment=None)
    scores = filled[(filled["measure"] == "NPS") & ~filled["too_small"]].sort_values("value")
    worst = scores.iloc[0]
    answered = mine["surveys"][mine["surveys"]["nps"].notna()]
    at = answered[answered["touchpoint"] == worst["touchpoint"]]
    others = answered[answered["touchpoint"] != worst["touchpoint"]]
    if not rest_everything:
        others = others[others["touchpoint"].isin(set(journey.touchpoint_stages()))]
    gap = compare_nps(others["nps"], at["nps"], cluster=(others["customer_id"], at["customer_id"]))
    invited = mine["surveys"][mine["surveys"]["touchpoint"] == worst["touchpoint"]]
    n_customers = invited["customer_id"].nunique()
    years = (surveys["sent_at"].max() - surveys["sent_at"].min()) / pd.Timedelta(days=365.25)
    orders = mine["orders"]
    spend = orders.loc[orders["customer_id"].isin(invited["customer_id"]), "value"].sum()
    value_each = spend / n_customers / years
    return {
        "worst": str(worst["touchpoint"]),
        "worst_nps": float(worst["value"]),
        "gap": float(gap.value),
        "customers": n_customers,
        "answers": len(at),
        "invitations": len(invited),
        "years": float(years),
        "per_year": n_customers / years,
        "value_each": float(value_each),
        "value": n_customers / years * gap.value / 100 * value_each,
        "runner_up": str(scores.iloc[1]["touchpoint"]),
    }


def _office(**kw: bool) -> dict[str, Any]:
    return _project(_OFFICE, **kw)


@question(
    "11.q1",
    kind="choice",
    prompt="The Office Manager's worst moment of truth (touchpoint name)",
    hints=(
        "Measure the Office Manager's map with the business customers' data only (segment B2B), "
        "then rank the touchpoints' NPS.",
        "Leave out the touchpoints flagged too_small (fewer than 30 answers): their scores cannot be ranked.",
        f"{_MODULE} 'Step 4: the worst moment of truth'.",
    ),
    mistakes={
        "That is the second lowest NPS; take the lowest among the touchpoints with enough answers.": lambda: (
            _office()["runner_up"]
        ),
    },
)
def _worst_office() -> str:
    return _office()["worst"]


@question(
    "11.q2",
    kind="number",
    abs_tol=0.5,
    prompt="NPS of the Office Manager's worst moment of truth (B2B answers)",
    hints=(
        "An NPS lies between -100 and +100 points; the worst touchpoint of this map is well below zero.",
        "Use the B2B answers only: both segments together give another score.",
        f"{_MODULE} 'Step 3: measure every step' (fill_from_data).",
    ),
    mistakes={
        "That NPS uses the answers of both segments; keep the business customers (B2B) only.": lambda: (
            _office(all_surveys=True)["worst_nps"]
        ),
    },
)
def _worst_nps_office() -> float:
    return _office()["worst_nps"]


@question(
    "11.q3",
    kind="number",
    abs_tol=0.5,
    prompt="Gap in NPS points between the rest of the Office Manager's journey and its worst moment of truth",
    hints=(
        "The gap is the rest of the journey's NPS minus the worst touchpoint's, a positive number of points.",
        "The rest of the journey is the answers about the map's other touchpoints, not every other answer.",
        f"{_MODULE} 'Step 4: the worst moment of truth' (compare_nps).",
    ),
    mistakes={
        "That compares with every other B2B answer; compare with the other touchpoints on the map only.": (
            lambda: _office(rest_everything=True)["gap"]
        ),
    },
)
def _gap_office() -> float:
    return _office()["gap"]


@question(
    "11.q4",
    kind="number",
    abs_tol=1.0,
    prompt="Customers a year who meet the Office Manager's worst moment of truth",
    hints=(
        "Count customers, not invitations or answers: one customer can be surveyed several times.",
        "The data cover about two years: divide by the years between the first and last invitation.",
        f"{_MODULE} 'Step 6: size the fix'.",
    ),
    mistakes={
        "That is the count over the whole period; divide by the years the data cover.": lambda: _office()[
            "customers"
        ],
        "That counts invitations a year; count distinct customers.": lambda: (
            _office()["invitations"] / _office()["years"]
        ),
        "That counts answers a year; count the distinct customers invited.": lambda: (
            _office()["answers"] / _office()["years"]
        ),
    },
)
def _customers_office() -> float:
    return _office()["per_year"]


@question(
    "11.q5",
    kind="number",
    rel_tol=0.01,
    prompt="Value a year (euros) of closing the Office Manager's gap, a net promoter valued at its "
    "customers' yearly spend",
    hints=(
        "value = customers a year x gap / 100 x the value of one net promoter.",
        "A net promoter is valued at the yearly spend of the customers who met the touchpoint: their orders' "
        "total, divided by the customers and by the years.",
        f"{_MODULE} 'Step 6: size the fix'.",
    ),
    mistakes={
        "You did not divide the gap by 100: an NPS gap in points is a share of customers x 100.": lambda: (
            _office()["value"] * 100
        ),
    },
)
def _value_office() -> float:
    return float(_office()["value"])


@question(
    "11.q6",
    kind="number",
    abs_tol=0.05,
    prompt="Gap in NPS points between the rest of the Busy Parent's journey and its worst moment of truth",
)
def _gap_parent() -> float:
    return _project(_PARENT)["gap"]


@question(
    "11.q7",
    kind="number",
    abs_tol=0.5,
    prompt="NPS of the Busy Parent's worst moment of truth (B2C answers)",
)
def _worst_nps_parent() -> float:
    return _project(_PARENT)["worst_nps"]
