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

#: The share of the problem the capstone's fix removes (module 11's SHARE_REMOVED).
SHARE_REMOVED = 0.5


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
    from cxkit.service import fix_value

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
    # step 6: the fix removes half of the tickets handled badly on the worst touchpoint's channel
    linked = at["ticket_id"].map(mine["tickets"].set_index("ticket_id")["channel"]).dropna()
    channel = str(linked.mode().iloc[0])
    end = _load("orders")["timestamp"].max().normalize() + pd.Timedelta(days=1)
    kw = dict(problem="ticket_handled_badly", where={"channel": channel}, as_of=end, segment=None)
    priced = fix_value(mine["orders"], mine["tickets"], None, removes=SHARE_REMOVED, **kw).loc["total"]
    every = fix_value(mine["orders"], mine["tickets"], None, removes=SHARE_REMOVED, **{**kw, "where": None})
    t = mine["tickets"]
    badly = (
        t["reopened"].fillna(False) | ~t["first_contact_resolution"].fillna(True) | t["resolved_at"].isna()
    )
    year = (t["opened_at"] >= end - pd.Timedelta(days=365)) & (t["opened_at"] < end)
    return {
        "worst": str(worst["touchpoint"]),
        "worst_nps": float(worst["value"]),
        "gap": float(gap.value),
        "channel": channel,
        "per_year": int(priced["affected"]),
        "tickets_per_year": int((badly & year & (t["channel"] == channel)).sum()),
        "effect": float(priced["effect"]),
        "margin": float(priced["margin_per_return"]),
        "value": float(priced["value"]),
        "low": float(priced["low"]),
        "high": float(priced["high"]),
        "value_every_channel": float(every.loc["total", "value"]),
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
    kind="count",
    prompt="Business customers a year whose ticket on the worst touchpoint's channel was handled badly",
    hints=(
        "Count customers, not tickets: one customer can have several tickets handled badly.",
        "The fix_value table's affected column counts them: the last year of the data, the channel of the "
        "tickets the worst touchpoint's answers follow.",
        f"{_MODULE} 'Step 6: size the fix'.",
    ),
    mistakes={
        "That counts tickets, not customers: one customer can have several tickets handled badly.": lambda: (
            _office()["tickets_per_year"]
        ),
    },
)
def _customers_office() -> int:
    return int(_office()["per_year"])


@question(
    "11.q5",
    kind="number",
    rel_tol=0.01,
    prompt="Value a year (euros) of a fix removing half of those tickets' problem, for the Office Manager",
    hints=(
        "value = customers a year x share removed x (fewer who order again within 180 days) x the margin a "
        "returning customer brings.",
        "Use fix_value on the B2B orders and tickets with problem='ticket_handled_badly', the channel in "
        "where= and removes=0.5; read the total row.",
        f"{_MODULE} 'Step 6: size the fix'.",
    ),
    mistakes={
        "That removes the whole problem; the fix removes half of it (removes=0.5).": lambda: (
            _office()["value"] * 2
        ),
        "That prices the tickets of every channel; keep the worst touchpoint's channel (where=).": lambda: (
            _office()["value_every_channel"]
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
