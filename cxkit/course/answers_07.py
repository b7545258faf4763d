"""Expected answers of exercise 07 (solutions/07-cx-metrics.ipynb) and of module 07's quiz.

Each function computes its expected value from the course data with :mod:`cxkit.metrics`;
``tests/test_answers_07.py`` recomputes every one independently with plain pandas.

Questions ``07.q1`` to ``07.q6`` are the exercise's: each asks for something module 07 did not
compute. Their hints diagnose instead of showing code, the ``mistakes`` recognise the typical wrong
answers (each computed from the data the way the mistake does it), and the last hint names the
section of module 07 that shows the method. Questions ``07.q7`` to ``07.q9`` are values module 07
computes; its quiz (``modules/quizzes/07-cx-metrics.yaml``) asks for them.
"""

from __future__ import annotations

from cxkit.course.answers import _load, question

_MODULE = "Module 07 shows the method in its section"


def _answered():
    surveys = _load("surveys")
    return surveys[surveys["responded"].astype(bool)]


# ---------------------------------------------------------------------------------------------
# Task 1: CES by channel for business customers
# ---------------------------------------------------------------------------------------------


def _b2b_answered():
    answered = _answered()
    return answered[answered["segment"] == "B2B"]


def _ces_channel_table(column: str = "channel", *, rows=None):
    from cxkit.metrics import breakdown

    return breakdown(_b2b_answered() if rows is None else rows, "ces", column, cluster="customer_id")


@question(
    "07.q1",
    kind="number",
    abs_tol=0.005,
    prompt="CES (mean answer, 1-7) of the answered B2B surveys in the phone channel",
    hints=(
        "The CES is a mean on the 1-7 scale, so the answer lies between 1 and 7; the share who agree "
        "is a different number.",
        "Two filters: business customers (segment B2B) first, then the phone channel (how the customer "
        "reached Larkspur, which holds phone orders as well as support calls).",
        f"{_MODULE} 'Breakdowns: where is the score made?' (a score per group of any column).",
    ),
    mistakes={
        (
            "That is the share who agree (answers 5-7), a percentage; the CES is the mean answer on 1-7."
        ): lambda: _ces_channel_table().loc["phone", "agree"],
        "That is the CES of the support_phone touchpoint; the question asks for the phone channel, which "
        "also holds phone orders.": lambda: _ces_channel_table("touchpoint").loc["support_phone", "value"],
        "That is the CES of every B2B channel together; keep the phone channel only.": lambda: (
            _b2b_answered()["ces"].dropna().mean()
        ),
        "That is the phone channel of both segments; keep the business customers (B2B) only.": lambda: (
            _ces_channel_table(rows=_answered()).loc["phone", "value"]
        ),
        "That is the B2B phone channel's CSAT (% satisfied), not its CES: use the ces column.": lambda: (
            _csat_phone_channel()
        ),
    },
)
def _ces_phone_channel() -> float:
    return float(_ces_channel_table().loc["phone", "value"])


def _csat_phone_channel() -> float:
    from cxkit.metrics import csat

    b2b = _b2b_answered()
    return float(csat(b2b.loc[b2b["channel"] == "phone", "csat"], dropna=True).value)


# ---------------------------------------------------------------------------------------------
# Task 2: response rates of B2B invitations by channel
# ---------------------------------------------------------------------------------------------


def _b2b_rates(method: str = "wilson"):
    from cxkit.metrics import response_rates

    surveys = _load("surveys")
    return response_rates(surveys[surveys["segment"] == "B2B"], "channel", method=method)


def _rate(rows) -> float:
    return float(rows["responded"].astype(bool).mean() * 100)


@question(
    "07.q2",
    kind="percent",
    abs_tol=0.05,
    prompt="Response rate of the B2B invitations in the phone channel, in percent",
    hints=(
        "A response rate is answered invitations divided by all invitations: start from every "
        "invitation (surveys), not from the answered ones.",
        "Two filters at once: business customers (segment B2B) and the phone channel.",
        f"{_MODULE} 'Who answers? Response rates and non-response bias'.",
    ),
    mistakes={
        "That is the response rate of all B2B invitations; keep the phone channel only.": lambda: _rate(
            _load("surveys").query("segment == 'B2B'")
        ),
        (
            "That is the response rate of all phone invitations, consumers included; keep the B2B ones only."
        ): lambda: _rate(_load("surveys").query("channel == 'phone'")),
        "You divided by all B2B invitations; divide by the B2B invitations in the phone channel.": lambda: (
            100
            * _load("surveys").query("segment == 'B2B' and channel == 'phone'")["responded"].sum()
            / (_load("surveys")["segment"] == "B2B").sum()
        ),
        (
            "Every answered invitation was answered: start from "
            "all invitations (surveys), not the answered ones."
        ): lambda: 100.0,
    },
)
def _b2b_phone_rate() -> float:
    return float(_b2b_rates().loc["phone", "value"])


@question(
    "07.q3",
    kind="percent",
    abs_tol=0.05,
    prompt="Lower end of the 95% Wilson interval of that response rate, in percent",
    hints=(
        "The interval's lower end is below the rate itself; give it in percent.",
        "Use the Wilson interval for a proportion (the default of response_rates), not rate ± 1.96 SE.",
        f"{_MODULE} 'Who answers? Response rates and non-response bias' (the Wilson interval is in "
        "'Small samples and the other scores').",
    ),
    mistakes={
        "That is the upper end of the interval; the question asks for the lower end.": lambda: (
            _b2b_rates().loc["phone", "high"]
        ),
        "That is the Wald interval (rate - 1.96 SE); use the Wilson interval.": lambda: _b2b_rates(
            method="wald"
        ).loc["phone", "low"],
        "That is the margin of error (half the interval's width), not its lower end.": lambda: (
            _b2b_rates().loc["phone", "moe"]
        ),
    },
)
def _b2b_phone_low() -> float:
    return float(_b2b_rates().loc["phone", "low"])


# ---------------------------------------------------------------------------------------------
# Task 3: the NPS quarter by quarter
# ---------------------------------------------------------------------------------------------


def _quarterly(**options):
    from cxkit.metrics import trend

    return trend(_answered(), "nps", freq="QS", **options)["value"]


def _q4_change(**options) -> float:
    q = _quarterly(**options)
    return float(q.loc["2025-10-01"] - q.loc["2024-10-01"])


@question(
    "07.q4",
    kind="number",
    abs_tol=0.05,
    prompt="NPS of Q4 2025 minus NPS of Q4 2024 (quarters of the response date), in points",
    hints=(
        "Quarters start in January, April, July and October; date each answer by when it was given "
        "(response_date), and compute the NPS of each quarter.",
        "The change is the later quarter minus the earlier one, in NPS points (not percent).",
        f"{_MODULE} 'Trends over time' (a score per period with trend).",
    ),
    mistakes={
        "You counted 0-5 as detractors; a detractor scored 0 to 6.": lambda: _q4_change(detractor_max=5),
        (
            "That is a relative change in percent of the Q4 2024 "
            "score; an NPS change is a difference in points."
        ): lambda: 100 * _q4_change() / _quarterly().loc["2024-10-01"],
        (
            "That compares Q4 2025 with Q3 2025; the question compares it with Q4 2024, a year earlier."
        ): lambda: float(_quarterly().loc["2025-10-01"] - _quarterly().loc["2025-07-01"]),
        (
            "That is Q4 2024 minus Q4 2025: the sign is wrong. "
            "Subtract the earlier quarter from the later one."
        ): lambda: -_q4_change(),
    },
)
def _nps_q4_change() -> float:
    return _q4_change()


# ---------------------------------------------------------------------------------------------
# Task 4: the callback list of business customers for two weeks
# ---------------------------------------------------------------------------------------------


def _queue(*, b2b_only: bool = True, **options):
    from cxkit.voc import follow_up_queue

    return follow_up_queue(_b2b_answered() if b2b_only else _answered(), **options)


def _week_customers() -> int:
    import pandas as pd

    b2b = _b2b_answered()
    start = b2b["response_date"].max().normalize() - pd.Timedelta(days=13)  # the latest day and 13 before
    return int(b2b.loc[b2b["response_date"] >= start, "customer_id"].nunique())


@question(
    "07.q5",
    kind="count",
    prompt="Business (B2B) customers in the follow-up queue of the last 14 days (one row per customer)",
    hints=(
        "The window is the 14 days up to the latest answer in the data, not two calendar weeks.",
        "One row per customer: a customer with two low answers in the two weeks is called once.",
        (
            "The queue holds the detractors (NPS 0-6) and the dissatisfied "
            "(CSAT 1-2) among the business customers, not everyone who answered."
        ),
        f"{_MODULE} 'Closing the loop: following up low scorers'.",
    ),
    mistakes={
        "That is the module's queue of every segment; keep the business customers (B2B) only.": lambda: len(
            _queue(b2b_only=False, days=14, customer="customer_id")
        ),
        "That is a one-week queue; the account managers' list covers the 14 days up to the latest "
        "answer.": lambda: len(_queue(days=7, customer="customer_id")),
        "That counts every B2B customer who answered in the two weeks; keep the unhappy ones (detractors "
        "and dissatisfied).": _week_customers,
        "That is every B2B customer with a low answer in two years; keep the last 14 days.": lambda: len(
            _queue(customer="customer_id")
        ),
    },
)
def _n_to_call() -> int:
    return len(_queue(days=14, customer="customer_id"))


def _latest_low_customer() -> str:
    q = _queue(days=14, customer="customer_id")
    return str(q.sort_values("response_date")["customer_id"].iloc[-1])


@question(
    "07.q6",
    kind="choice",
    prompt="customer_id of the first business customer to call in the two-week queue",
    hints=(
        "The first row of the queue is the first call: the queue is already in its order.",
        "The order is not 'most recent first' alone: severity comes before the date.",
        f"{_MODULE} 'Closing the loop: following up low scorers', which prints the ordering rule.",
    ),
    mistakes={
        (
            "That is the customer with the most recent low answer; the queue orders by severity first."
        ): _latest_low_customer,
    },
)
def _first_to_call() -> str:
    return str(_queue(days=14, customer="customer_id")["customer_id"].iloc[0])


# ---------------------------------------------------------------------------------------------
# Values module 07 computes, asked in its quiz
# ---------------------------------------------------------------------------------------------


@question(
    "07.q7",
    kind="number",
    abs_tol=0.05,
    prompt="Overall NPS of the answered surveys, in points",
    hints=(
        "NPS = % promoters (9-10) minus % detractors (0-6), among the answers with an NPS.",
        f"{_MODULE} 'Net Promoter Score'.",
    ),
    mistakes={
        "You counted 0-5 as detractors; a detractor scored 0 to 6.": lambda: _nps(
            _answered()["nps"], detractor_max=5
        ),
    },
)
def _overall_nps() -> float:
    return _nps(_answered()["nps"])


def _nps(scores, **options) -> float:
    from cxkit.metrics import nps

    return float(nps(scores, dropna=True, **options).value)


@question(
    "07.q8",
    kind="number",
    abs_tol=0.05,
    prompt="NPS of B2B minus NPS of B2C (answered surveys), in points",
    hints=(
        "Compute the NPS of each segment separately, then subtract: B2B minus B2C.",
        f"{_MODULE} 'Comparing two groups properly'.",
    ),
)
def _b2b_minus_b2c() -> float:
    answered = _answered()
    return _nps(answered.loc[answered["segment"] == "B2B", "nps"]) - _nps(
        answered.loc[answered["segment"] == "B2C", "nps"]
    )


@question(
    "07.q9",
    kind="percent",
    abs_tol=0.05,
    prompt="Percent of answered delivery surveys after a late delivery that are detractors",
    hints=(
        "Only the surveys about the delivery touchpoint can reflect the parcel's arrival; a delivery is "
        "late when it was delivered after the promised date.",
        f"{_MODULE} 'What drives detractors? Late deliveries'.",
    ),
)
def _late_detractor_pct() -> float:
    from cxkit.metrics import nps

    orders = _load("orders")[["order_id", "promised_date", "delivered_date"]]
    answered = _answered()
    d = answered[answered["touchpoint"] == "delivery"].merge(orders, on="order_id")
    d = d[d["delivered_date"].notna() & d["nps"].notna()]
    late = d.loc[d["delivered_date"] > d["promised_date"], "nps"]
    return float(nps(late).shares["detractors"])


# Task 6 (transfer): planning a clustered survey (cxkit/course/cases.yaml, "07.survey-plan").


def _plan() -> dict:
    from cxkit.course.tasks import case

    return case("07.survey-plan")


def _design_effect(plan: dict) -> float:
    """Kish's design effect of cluster sampling: 1 + (m - 1) * rho.

    m is the mean number of answers per cluster (account) and rho the intraclass correlation
    (Kish, L. 1965, *Survey Sampling*, Wiley, section 5.4: deff = 1 + (b - 1) roh).
    """
    return 1 + (plan["answers_per_account"] - 1) * plan["icc"]


def _answers_needed(plan: dict, deff: float) -> int:
    """Answers for an NPS margin of +-E points: ceil(z^2 * var / E^2 * deff).

    The variance of one answer's score (+100 promoter, 0 passive, -100 detractor) is
    100^2 * ((p + d) - (p - d)^2) for promoter share p and detractor share d; the sample size of a
    mean for margin E is z^2 var / E^2 (Cochran, W. G. 1977, *Sampling Techniques*, 3rd ed., Wiley,
    eq. 4.3), multiplied by the design effect for clustered answers (Kish 1965, section 5.4).
    """
    import math

    from scipy.stats import norm

    p, d = plan["promoters"], plan["detractors"]
    variance = 100**2 * ((p + d) - (p - d) ** 2)
    z = norm.ppf(0.5 + plan["confidence"] / 2)
    return math.ceil(z**2 * variance / plan["margin_points"] ** 2 * deff)


@question(
    "07.q21",
    kind="number",
    abs_tol=0.005,
    prompt="The survey plan's design effect, from the answers per account and the intraclass correlation",
    hints=(
        "The design effect of clustered answers is 1 + (m - 1) x ICC, with m the answers per cluster.",
        "m is the answers per account (not the number of accounts); the ICC is the pilot's.",
        f"{_MODULE} 'Customers answer more than once' (the design effect).",
    ),
    mistakes={
        "You used m instead of m - 1: one answer per account would then still cost a design effect.": (
            lambda: 1 + _plan()["answers_per_account"] * _plan()["icc"]
        ),
        "That is m x ICC without the 1: the design effect of independent answers is 1, not 0.": (
            lambda: (_plan()["answers_per_account"] - 1) * _plan()["icc"]
        ),
    },
)
def _plan_deff() -> float:
    return _design_effect(_plan())


@question(
    "07.q22",
    kind="count",
    abs_tol=1,
    prompt="Answers needed for the plan's NPS margin, allowing for the design effect",
    hints=(
        "One answer's score is +100, 0 or -100: its variance is 100^2 x ((p + d) - (p - d)^2).",
        "n = z^2 x variance / margin^2 for independent answers; then multiply by the design effect and "
        "round up.",
        f"{_MODULE} 'Why a two-point move is often noise' (answers needed for a margin).",
    ),
    mistakes={
        "That is the sample size for independent answers: multiply by the design effect.": (
            lambda: _answers_needed(_plan(), 1.0)
        ),
        "You divided by the design effect; clustered answers are worth fewer independent ones, "
        "so you need more.": (lambda: _answers_needed(_plan(), 1 / _design_effect(_plan()))),
    },
)
def _plan_answers() -> int:
    plan = _plan()
    return _answers_needed(plan, _design_effect(plan))
