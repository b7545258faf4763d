"""Expected answers of exercise 05 (solutions/05-journey-analytics.ipynb) and of module 05's quiz.

Each function computes its expected value from the course data with
:mod:`cxkit.journey.analytics`; ``tests/test_answers_05.py`` recomputes every one with plain pandas.

Questions ``05.q1`` to ``05.q4`` are the exercise's: each asks for something module 05 did not
compute. Their hints diagnose instead of showing code, the ``mistakes`` recognise the typical wrong
answers (each computed from the data the way the mistake does it), and the last hint names the
section of module 05 that shows the method. Questions ``05.q5`` and ``05.q6`` are values module 05
computes; its quiz (``modules/quizzes/05-journey-analytics.yaml``) asks for them.
"""

from __future__ import annotations

from cxkit.course.answers import _load, question

_MODULE = "Module 05 shows the method in its section"
STAGES = ["awareness", "consideration", "decision", "purchase", "post_purchase"]


def _events_with_segment():
    events = _load("events")
    segments = _load("customers").set_index("customer_id")["segment"].astype(str)
    return events.assign(segment=events["customer_id"].map(segments))


def _segment(name: str):
    events = _events_with_segment()
    return events[events["segment"] == name]


# ---------------------------------------------------------------------------------------------
# Task 1: the stage paths of business customers
# ---------------------------------------------------------------------------------------------


def _n_variants(log, activity: str) -> int:
    from cxkit.journey import variants

    return len(variants(log, activity=activity))


@question(
    "05.q1",
    kind="count",
    prompt="Number of distinct stage paths (variants of the stage column) of B2B customers' journeys",
    hints=(
        "A variant is a whole path, one per distinct sequence; count the distinct sequences, not the "
        "journeys.",
        "Keep the journeys of business customers (join customers on customer_id), then count variants "
        "of the stage column, not of the event column.",
        f"{_MODULE} 'Paths and variants'.",
    ),
    mistakes={
        "That counts the stage paths of every journey; keep the B2B customers' journeys only.": lambda: (
            _n_variants(_load("events"), "stage")
        ),
        "That counts the paths of events; the question asks for paths of the stage column.": (
            lambda: _n_variants(_segment("B2B"), "event")
        ),
        "That counts the number of B2B journeys, not their distinct paths.": lambda: _segment("B2B")[
            "case_id"
        ].nunique(),
    },
)
def _b2b_stage_variants() -> int:
    return _n_variants(_segment("B2B"), "stage")


# ---------------------------------------------------------------------------------------------
# Task 2: the basket leak of journeys that started in a store
# ---------------------------------------------------------------------------------------------


def _store_step(ordered: bool = True, column: str = "value") -> float:
    from cxkit.journey import funnel

    table = funnel(_load("events"), stages=STAGES, activity="stage", by="channel", ordered=ordered)
    return float(table.loc[("store", "purchase"), column])


@question(
    "05.q2",
    kind="percent",
    abs_tol=0.05,
    prompt="Ordered funnel of journeys whose first event was in a store: percent of those reaching "
    "decision that go on to purchase",
    hints=(
        "A conversion from the previous stage: journeys reaching purchase (after decision) divided by "
        "journeys reaching decision, in percent.",
        "Split the ordered funnel by channel (a journey counts in the channel of its first event) and "
        "read the store row of the purchase stage.",
        f"{_MODULE} 'The stage funnel' (and 'Comparing segments: B2C and B2B' for a split funnel).",
    ),
    mistakes={
        "That is the any-point funnel; the question asks for the ordered funnel.": lambda: _store_step(
            ordered=False
        ),
        "That is the conversion from the first stage (awareness); the question asks from decision.": (
            lambda: _store_step(column="from_start_value")
        ),
        "That is every journey's decision -> purchase conversion; keep the journeys that started in a "
        "store.": lambda: _all_step(),
    },
)
def _store_decision_to_purchase() -> float:
    return _store_step()


def _all_step() -> float:
    from cxkit.journey import funnel

    table = funnel(_load("events"), stages=STAGES, activity="stage")
    return float(table.loc["purchase", "value"])


# ---------------------------------------------------------------------------------------------
# Task 3: how long consumers take from basket to purchase
# ---------------------------------------------------------------------------------------------


def _to_purchase(log, column: str = "median_s") -> float:
    from cxkit.journey import stage_durations

    table = stage_durations(log, stages=STAGES, activity="stage")
    return float(table.loc[table["to_stage"] == "purchase", column].iloc[0])


@question(
    "05.q3",
    kind="number",
    abs_tol=0.05,
    prompt="Median time from decision to purchase of B2C customers' journeys, in minutes (one decimal)",
    hints=(
        "The answer is a few minutes: half of the consumers who pay do so within it.",
        "Use the median of the time between the two stages in the ordered funnel, for B2C customers' "
        "journeys only, and convert seconds to minutes.",
        f"{_MODULE} 'Time between stages'.",
    ),
    mistakes={
        "That is the mean; a few very long gaps pull the mean far above the median.": lambda: (
            _to_purchase(_segment("B2C"), "mean_s") / 60
        ),
        "That is in seconds; divide by 60 for minutes.": lambda: _to_purchase(_segment("B2C")),
        "That is the median of every journey; keep the B2C customers' journeys only.": lambda: (
            _to_purchase(_load("events")) / 60
        ),
        "That is the B2B customers' median; the question asks for B2C.": lambda: (
            _to_purchase(_segment("B2B")) / 60
        ),
    },
)
def _b2c_minutes_to_purchase() -> float:
    return _to_purchase(_segment("B2C")) / 60


# ---------------------------------------------------------------------------------------------
# Task 4: the touchpoint before the lowest CSAT
# ---------------------------------------------------------------------------------------------


def _csat_links(min_n: int = 30):
    from cxkit.journey import link_scores

    return link_scores(_load("events"), _load("surveys"), metric="csat", about=None, min_n=min_n)


@question(
    "05.q4",
    kind="choice",
    prompt="Among touchpoints with at least 30 linked CSAT answers, the one customers last met before "
    "the lowest CSAT",
    hints=(
        "The answer is a touchpoint name from the touchpoint column of the events.",
        "Link the CSAT answers (not the NPS) to the last touchpoint before each answer (about=None), "
        "leave out the "
        "touchpoints flagged too_small, and take the lowest score.",
        f"{_MODULE} 'Moments of truth: linking scores to touchpoints'.",
    ),
    mistakes={
        "That touchpoint has fewer than 30 linked answers (too_small): too few to rank.": lambda: str(
            _csat_links().iloc[0]["touchpoint"]
        ),
    },
)
def _lowest_csat_touchpoint() -> str:
    table = _csat_links()
    return str(table.loc[~table["too_small"], "touchpoint"].iloc[0])


# ---------------------------------------------------------------------------------------------
# Values module 05 computes (asked by its quiz)
# ---------------------------------------------------------------------------------------------


@question(
    "05.q5",
    kind="percent",
    abs_tol=0.5,
    prompt="Percent fall in journeys from the decision to the purchase stage (stages at any point)",
    hints=(
        "Drop-off = 100 minus the conversion from the previous stage.",
        "Use the funnel of the stage column counting stages reached at any point, not in order.",
        f"{_MODULE} 'The stage funnel'.",
    ),
)
def _any_point_loss() -> float:
    from cxkit.journey import funnel

    table = funnel(_load("events"), stages=STAGES, activity="stage", ordered=False)
    return float(table.loc["purchase", "drop_off_pct"])


@question(
    "05.q6",
    kind="count",
    prompt="Number of distinct event paths (variants of the event column) in the course journeys",
    hints=(
        "Count distinct sequences of events, one per path, repeats included.",
        f"{_MODULE} 'Paths and variants'.",
    ),
)
def _n_event_variants() -> int:
    return _n_variants(_load("events"), "event")


# Task 5 (transfer): module 05's ordered funnel on another shop's small log (cxkit/course/cases.yaml).

_STAGES = ["awareness", "consideration", "decision", "purchase", "post_purchase"]


def bike_shop_log():
    """Return the bike shop's log of exercise 05's transfer task (case_id, timestamp, stage, channel)."""
    import pandas as pd

    from cxkit.course.tasks import case

    rows = case("05.bike-shop-log")["events"]
    log = pd.DataFrame(rows, columns=["case_id", "timestamp", "stage", "channel"])
    return log.assign(timestamp=pd.to_datetime(log["timestamp"]))


def _bike_funnel(ordered: bool) -> float:
    from cxkit.journey import funnel

    table = funnel(bike_shop_log(), stages=_STAGES[:4], activity="stage", ordered=ordered, min_n=1)
    return float(table.loc["purchase", "value"])


@question(
    "05.q21",
    kind="percent",
    abs_tol=0.05,
    prompt="The bike shop's log: the ordered funnel's conversion (%) from decision to purchase",
    hints=(
        "In the ordered funnel a journey reaches a stage only after the stages before it, in order.",
        "Build the log with bike_shop_log() and call funnel(..., activity='stage'); read the purchase row.",
        f"{_MODULE} 'The stage funnel'.",
    ),
    mistakes={
        "That is the unordered funnel: journey B3 skipped consideration, so the ordered funnel does not "
        "count it at decision.": lambda: _bike_funnel(False),
    },
)
def _bike_log_conversion() -> float:
    return _bike_funnel(True)
