"""Expected answers of exercise 02 (solutions/02-the-customer-journey.ipynb) and of module 02's quiz.

Each function computes its expected value from the course data, the journey numbers with
:mod:`cxkit.journey.analytics`; ``tests/test_answers_02.py`` recomputes every one with plain
pandas. Questions ``02.q1`` to ``02.q4`` are the exercise's (each asks for something module 02 did
not compute); ``02.q5`` and ``02.q6`` are values module 02 computes, asked by its quiz
(``modules/quizzes/02-the-customer-journey.yaml``). The last hint names the section of module 02
that shows the method.
"""

from __future__ import annotations

import itertools

from cxkit.course.answers import _load, question

_MODULE = "Module 02 shows the method in its section"
STAGES = ("awareness", "consideration", "decision", "purchase", "post_purchase")
_RANK = {s: k for k, s in enumerate(STAGES)}


def _events():
    events = _load("events")
    segments = _load("customers").set_index("customer_id")["segment"].astype(str)
    return events.assign(segment=events["customer_id"].map(segments).fillna("prospect"))


def _paths(log, *, merge: bool = True):
    """Journeys per stage path (consecutive repeats merged), from cxkit.journey.analytics.variants."""
    from cxkit.journey import variants

    v = variants(log, activity="stage")
    keys = [tuple(s for s, _ in itertools.groupby(t)) if merge else tuple(t) for t in v["variant"]]
    return v.assign(path=keys).groupby("path", sort=False)["count"].sum()


def _loop_share(log) -> float:
    p = _paths(log)
    loops = [any(_RANK[b] < _RANK[a] for a, b in itertools.pairwise(k)) for k in p.index]
    return 100 * float(p[loops].sum() / p.sum())


def _segment(name: str):
    e = _events()
    return e[e["segment"] == name]


def _ends_at_basket(log) -> float:
    p = _paths(log)
    hit = [k[-1] == "decision" for k in p.index]
    return 100 * float(p[hit].sum() / p.sum())


@question(
    "02.q1",
    kind="percent",
    abs_tol=0.05,
    prompt="Share of the prospects' journeys that end at the basket (last stage: decision) (%)",
    hints=(
        "Prospects are the journeys with no customer_id. A journey ends at the basket when the last "
        "stage of its path is decision.",
        "Count journeys, and divide by the prospects' journeys only.",
        f"{_MODULE} 'Journeys are not linear'.",
    ),
    mistakes={
        "That is the share of every journey; keep the prospects only.": lambda: _ends_at_basket(_events()),
        "That is the consumers' (B2C) share; keep the journeys without a customer.": lambda: _ends_at_basket(
            _segment("B2C")
        ),
    },
)
def _prospect_basket_ends() -> float:
    return _ends_at_basket(_segment("prospect"))


@question(
    "02.q2",
    kind="count",
    prompt="Number of different stage paths of the business customers' (B2B) journeys",
    hints=(
        "A path is the sequence of stages with consecutive repeats merged: decision, decision, "
        "purchase is the path decision, purchase.",
        "Keep the B2B journeys before counting.",
        f"{_MODULE} 'Journeys are not linear' (stage_paths).",
    ),
    mistakes={
        "That counts the exact stage sequences, repeats included (the variants); merge consecutive "
        "repeats first.": lambda: len(_paths(_segment("B2B"), merge=False)),
        "That counts the paths of every journey; keep the B2B journeys only.": lambda: len(_paths(_events())),
    },
)
def _b2b_paths() -> int:
    return len(_paths(_segment("B2B")))


def _orders_per_customer():
    customers = _load("customers")
    return _load("orders").groupby("customer_id").size().reindex(customers["customer_id"], fill_value=0)


@question(
    "02.q3",
    kind="percent",
    abs_tol=0.05,
    prompt="Share of business customers (B2B) who ordered twice or more (%)",
    hints=(
        "Repeat purchase is measured on customers: count each customer's orders, including the "
        "customers with none.",
        "Keep the B2B customers of the customers table; divide by all of them.",
        f"{_MODULE} 'The nine-stage experience journey'.",
    ),
    mistakes={
        "That divides by the customers who ordered at least once; customers with no order count "
        "too.": lambda: (
            100
            * float(
                _orders_per_customer()[_load("customers").set_index("customer_id")["segment"] == "B2B"]
                .loc[lambda s: s > 0]
                .ge(2)
                .mean()
            )
        ),
        "That is every customer; keep the business customers (B2B).": lambda: (
            100 * float(_orders_per_customer().ge(2).mean())
        ),
    },
)
def _b2b_repeat() -> float:
    per = _orders_per_customer()
    b2b = _load("customers").set_index("customer_id")["segment"] == "B2B"
    return 100 * float(per[b2b.reindex(per.index).to_numpy()].ge(2).mean())


@question(
    "02.q4",
    kind="percent",
    abs_tol=0.05,
    prompt="Share of business customers (B2B) who came through a referral (%)",
    hints=(
        "Word of mouth shows in acquisition_channel == 'referral' of the customers table.",
        "Divide by the B2B customers only.",
        f"{_MODULE} 'The nine-stage experience journey'.",
    ),
    mistakes={
        "That is every customer; keep the business customers (B2B).": lambda: (
            100 * float((_load("customers")["acquisition_channel"] == "referral").mean())
        ),
    },
)
def _b2b_referral() -> float:
    c = _load("customers")
    b2b = c[c["segment"] == "B2B"]
    return 100 * float((b2b["acquisition_channel"] == "referral").mean())


@question(
    "02.q5",
    kind="percent",
    abs_tol=0.5,
    prompt="Share of tracked journeys that reach the purchase stage (%)",
    hints=(f"{_MODULE} 'The buyer's journey in five stages'.",),
)
def _reach_purchase() -> float:
    from cxkit.journey import funnel

    e = _load("events")
    f = funnel(e, stages=list(STAGES), activity="stage", ordered=False)
    return 100 * float(f.loc["purchase", "cases"] / e["case_id"].nunique())


@question(
    "02.q6",
    kind="percent",
    abs_tol=0.5,
    prompt="Share of all tracked journeys that loop back to an earlier stage (%)",
    hints=(f"{_MODULE} 'Journeys are not linear'.",),
)
def _all_loops() -> float:
    return _loop_share(_events())


# Task 6 (transfer): the conversion idea applied to another shop's funnel (cxkit/course/cases.yaml).


def _bike(stage: str) -> float:
    from cxkit.course.tasks import case

    return float(case("02.bike-shop")["reached"][stage])


@question(
    "02.q21",
    kind="percent",
    abs_tol=0.05,
    prompt="The bike shop: the share (%) of the journeys that reached decision and went on to purchase",
    hints=(
        "A stage's conversion compares it with the stage just before it, not with the top of the funnel.",
        "Divide the journeys that reached purchase by those that reached decision, times 100.",
        f"{_MODULE} 'The buyer's journey in five stages'.",
    ),
    mistakes={
        "That is the share of all journeys that bought (from awareness); the question asks from decision.": (
            lambda: 100 * _bike("purchase") / _bike("awareness")
        ),
        "That is from consideration; the question asks for those that reached decision.": (
            lambda: 100 * _bike("purchase") / _bike("consideration")
        ),
        "That is the drop-off (those who did not go on); the question asks for the conversion.": (
            lambda: 100 - 100 * _bike("purchase") / _bike("decision")
        ),
    },
)
def _bike_conversion() -> float:
    return 100 * _bike("purchase") / _bike("decision")
