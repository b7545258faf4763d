"""Expected answers of exercise 01 (solutions/01-what-customer-experience-is.ipynb) and of module 01's quiz.

Each function computes its expected value from the course data with
:mod:`cxkit.journey.lifecycle`, or from the sorter's data file (``cxkit/widgets/cx_factors.yaml``);
``tests/test_answers_01.py`` recomputes every one with plain pandas or plain YAML. Questions
``01.q1`` to ``01.q4`` are the exercise's (each asks for something module 01 did not compute);
``01.q5`` and ``01.q6`` are values module 01 computes, asked by its quiz
(``modules/quizzes/01-what-customer-experience-is.yaml``). The last hint names the section of
module 01 that shows the method.
"""

from __future__ import annotations

from functools import lru_cache

from cxkit.course.answers import _load, question

_MODULE = "Module 01 shows the method in its section"
SUPPORT = ("support_phone", "support_chat", "support_email", "support_social")


@lru_cache(maxsize=1)
def _contacts():
    from cxkit.journey import lifecycle_contacts

    return lifecycle_contacts(
        _load("events"),
        _load("touchpoints"),
        orders=_load("orders"),
        tickets=_load("tickets"),
        surveys=_load("surveys"),
    )


def _reach(segment: str | None = None):
    from cxkit.journey import customer_reach

    reach = customer_reach(_contacts())
    if segment is None:
        return reach
    seg = _load("customers").set_index("customer_id")["segment"].astype(str)
    return reach[reach.index.map(seg) == segment]


def _all_stages(segment: str | None, at_least: int = 5) -> float:
    return 100 * float((_reach(segment)["stages"] >= at_least).mean())


@question(
    "01.q1",
    kind="percent",
    abs_tol=0.05,
    prompt="Share of business customers (B2B) who met all five lifecycle stages (%)",
    hints=(
        "Count, per customer, the distinct stages of all their contacts (events, orders, tickets and "
        "surveys together); a customer met all five when that count is 5.",
        "Keep the B2B customers who had at least one contact, and divide by them.",
        f"{_MODULE} 'CX is the sum of every contact' (customer_reach).",
    ),
    mistakes={
        "That is every customer; keep the business customers (B2B).": lambda: _all_stages(None),
        "That counts customers with four stages or more; all five means exactly five.": lambda: _all_stages(
            "B2B", at_least=4
        ),
    },
)
def _b2b_all_stages() -> float:
    return _all_stages("B2B")


def _good_then_poor(poor: tuple[str, ...] | None = None, good: tuple[str, ...] | None = None) -> int:
    from cxkit.journey import good_then_poor

    g = good_then_poor(_load("surveys"))
    if poor is not None:
        g = g[g["poor_touchpoint"].isin(poor)]
    if good is not None:
        g = g[g["good_touchpoint"].isin(good)]
    return len(g)


@question(
    "01.q2",
    kind="count",
    prompt="Customers who were promoters at one touchpoint and later detractors at a support touchpoint",
    hints=(
        "A customer counts when their first promoter answer (9-10) is followed, later, by a detractor "
        "answer (0-6); the touchpoint to look at is that of the lowest later answer.",
        "The support touchpoints are support_phone, support_chat, support_email and support_social.",
        f"{_MODULE} 'A good experience is not a good journey' (good_then_poor).",
    ),
    mistakes={
        "That counts every promoter who later became a detractor; keep those whose poor answer was at "
        "a support touchpoint.": lambda: _good_then_poor(),
        "That counts the poor answers at delivery; the question asks about support.": lambda: _good_then_poor(
            poor=("delivery",)
        ),
    },
)
def _good_then_poor_support() -> int:
    return _good_then_poor(poor=SUPPORT)


def _airline(*bins: str) -> list[str]:
    """Return the factors of the airline case (``cxkit/course/cases.yaml``) in the given parts of CX."""
    from cxkit.course.tasks import case

    c = case("01.airline")
    return [f for b in bins for f in c[b]]


# Tasks 3 and 4 transfer module 01's sorting to another company: the factor sorter's "Show the
# answers" reveals Larkspur's factors, so the exercise sorts an airline's instead.


@question(
    "01.q3",
    kind="set",
    prompt="The airline's factors that belong to UX (their ids)",
    choices=lambda: list(_airline("ux", "crm", "service", "other")),
    hints=(
        "UX is the part of CX about using the product, the website or the app: how easy and reliable "
        "it is to use.",
        "A person helping a passenger is customer service; a system remembering the passenger is CRM.",
        f"{_MODULE} 'CX, UX, customer service and CRM'.",
    ),
    mistakes={
        "You put customer service in UX; service is people helping, UX is using the product, site or app.": (
            lambda: _airline("ux", "service")
        ),
        "You put CRM in UX: an offer that knows the passenger comes from the records that remember them, "
        "not from how easy the app is to use.": lambda: _airline("ux", "crm"),
    },
)
def _ux_factors() -> list[str]:
    return _airline("ux")


@question(
    "01.q4",
    kind="set",
    prompt="The airline's factors that are CRM (their ids)",
    choices=lambda: list(_airline("ux", "crm", "service", "other")),
    hints=(
        "CRM is the records and systems that remember each customer and tailor what they get.",
        "Ask of each factor: would it be the same for a passenger the airline had never seen before?",
        f"{_MODULE} 'CX, UX, customer service and CRM'.",
    ),
    mistakes={
        "You included the people who help (customer service); CRM is what the airline's systems "
        "remember and tailor.": lambda: _airline("crm", "service"),
    },
)
def _crm_factors() -> list[str]:
    return _airline("crm")


@question(
    "01.q5",
    kind="percent",
    abs_tol=0.5,
    prompt="Share of customers with a contact who met the delivery touchpoint (%)",
    hints=(f"{_MODULE} 'The company's touchpoints over the lifecycle'.",),
)
def _met_delivery() -> float:
    from cxkit.journey import lifecycle_volume

    v = lifecycle_volume(_contacts()).set_index("touchpoint")
    return 100 * float(v.loc["delivery", "customers"] / len(_reach()))


@question(
    "01.q6",
    kind="number",
    abs_tol=0.5,
    prompt="Median number of distinct touchpoints a customer met over the two years",
    hints=(f"{_MODULE} 'CX is the sum of every contact'.",),
)
def _median_touchpoints() -> float:
    return float(_reach()["touchpoints"].median())
