"""Expected answers of exercise 06 (solutions/06-service-excellence.ipynb) and of module 06's quiz.

Each function computes its expected value from the course data (or the example team of
``cxkit/service/example_teams.yaml``) with :mod:`cxkit.service`. Questions ``06.q1`` to ``06.q7``
are the exercise's (``06.q3`` to ``06.q7`` are reading checks of values the module shows); the
``mistakes`` compute the typical wrong answers the way the mistake does, and the last hint names
the module section that shows the method. ``06.q8`` and ``06.q9`` are values module 06 computes;
its quiz asks for them.
"""

from __future__ import annotations

from cxkit.course.answers import _load, question

_MODULE = "Module 06 shows the method in its section"


def _tickets():
    return _load("tickets")


def _weekday_calendar():
    from cxkit.service import BusinessCalendar

    return BusinessCalendar(opens="08:00", closes="18:00", weekdays="Mon Tue Wed Thu Fri")


# Task 1: e-mail first response in working hours -------------------------------------------------


@question(
    "06.q1",
    kind="number",
    abs_tol=0.05,
    prompt="Median first-response time of e-mail tickets in working hours (Mon-Fri 08:00-18:00), in hours",
    hints=(
        "Count only opening hours: a ticket sent on Friday evening and answered on Monday at 09:00 "
        "waited one working hour.",
        "Keep the e-mail tickets (or group by channel) and give first_response_time a BusinessCalendar "
        "with the opening hours of the task; read the median, not the mean.",
        f"{_MODULE} 'Clock time or working time?'.",
    ),
    mistakes={
        "That is the clock-time median: give first_response_time a BusinessCalendar so that nights and "
        "weekends do not count.": lambda: _frt("median", calendar=None),
        "That is the mean working time; the question asks for the median (half the tickets are faster).": (
            lambda: _frt("mean")
        ),
        "That is the 90th percentile; the question asks for the median.": lambda: _frt("p90"),
    },
)
def _email_working_median() -> float:
    return _frt("median")


def _frt(column: str, calendar: object = "default") -> float:
    from cxkit.service import first_response_time

    cal = _weekday_calendar() if calendar == "default" else calendar
    table = first_response_time(_tickets(), by="channel", unit="hours", calendar=cal)  # type: ignore[arg-type]
    return float(table.loc["email", column])


# Task 2: a 2-hour social target ---------------------------------------------------------------


def _social_targets():
    import pandas as pd

    return {
        "phone": pd.Timedelta("10min"),
        "chat": pd.Timedelta("5min"),
        "email": pd.Timedelta("24h"),
        "social": pd.Timedelta("2h"),
    }


@question(
    "06.q2",
    kind="percent",
    abs_tol=0.05,
    prompt="Share of social-media tickets answered within 2 hours (clock time), in percent",
    hints=(
        "Every social ticket counts in the denominator, including those never answered (they missed the "
        "target).",
        "sla_attainment with a target for every channel (social 2 hours) gives the rate per channel.",
        f"{_MODULE} 'Service-level targets'.",
    ),
    mistakes={
        "You left out the social tickets that were never answered; they count as missed.": lambda: (
            _social_rate(answered_only=True)
        ),
        "That is the share answered within 4 hours, the module's target; the task asks for 2 hours.": (
            lambda: _social_rate(hours=4)
        ),
    },
)
def _social_2h() -> float:
    return _social_rate()


def _social_rate(*, answered_only: bool = False, hours: float = 2) -> float:
    import pandas as pd

    from cxkit.service import sla_attainment

    targets = {**_social_targets(), "social": pd.Timedelta(hours=hours)}
    r = sla_attainment(_tickets(), targets).loc["social"]
    if answered_only:
        return float(100 * r["count"] / (r["n"] - r["n_no_response"]))
    return float(r["value"])


# Task 3: reopen rate of technical tickets ---------------------------------------------------


@question(
    "06.q3",
    kind="percent",
    abs_tol=0.05,
    prompt="Reopen rate of technical tickets, in percent",
    hints=(
        "The reopen rate of a category is its reopened tickets divided by all its tickets.",
        "reopen_rate(tickets, by='category') gives it for every category.",
        f"{_MODULE} 'First-contact resolution and reopened tickets'.",
    ),
    mistakes={
        "That is the share of all reopened tickets that are technical; divide by the technical tickets "
        "instead.": lambda: _technical_share_of_reopened(),
        "That is the technical tickets' share not resolved at first contact.": lambda: (
            100 - _fcr("category", "technical")
        ),
    },
)
def _technical_reopen() -> float:
    from cxkit.service import reopen_rate

    return float(reopen_rate(_tickets(), by="category").loc["technical", "value"])


def _technical_share_of_reopened() -> float:
    t = _tickets()
    reopened = t[t["reopened"].astype(bool)]
    return float(100 * (reopened["category"] == "technical").mean())


def _fcr(by: str, group: str) -> float:
    from cxkit.service import fcr_rate

    return float(fcr_rate(_tickets(), by=by).loc[group, "value"])


# Task 4: complaints -------------------------------------------------------------------------


@question(
    "06.q4",
    kind="count",
    prompt="Number of complaint tickets under the course's rule (delivery tickets or reopened tickets)",
    hints=(
        "A ticket is a complaint when its category is delivery OR it was reopened: count each ticket once.",
        "is_complaint(tickets) marks each ticket with the course's rule; sum the marks.",
        f"{_MODULE} 'Complaints and service recovery'.",
    ),
    mistakes={
        "You counted the delivery tickets only; reopened tickets of other categories are complaints too.": (
            lambda: int((_tickets()["category"] == "delivery").sum())
        ),
        "You counted the reopened tickets only; delivery tickets are complaints too.": lambda: int(
            _tickets()["reopened"].astype(bool).sum()
        ),
        "You counted delivery tickets and reopened tickets separately and added them: a reopened delivery "
        "ticket is one complaint, not two.": lambda: int(
            (_tickets()["category"] == "delivery").sum() + _tickets()["reopened"].astype(bool).sum()
        ),
    },
)
def _n_complaints() -> int:
    from cxkit.service import is_complaint

    return int(is_complaint(_tickets()).sum())


# Task 5: lowest first-contact resolution ----------------------------------------------------


@question(
    "06.q5",
    kind="choice",
    choices=("phone", "chat", "email", "social"),
    prompt="The channel with the lowest first-contact resolution rate",
    hints=(
        "First-contact resolution is the share of tickets solved in the first contact: the lowest rate wins.",
        "fcr_rate(tickets, by='channel') and the smallest value of its value column.",
        f"{_MODULE} 'First-contact resolution and reopened tickets'.",
    ),
    mistakes={
        "That is the channel with the highest reopen rate, a different measure.": lambda: str(
            __import__("cxkit.service", fromlist=["reopen_rate"])
            .reopen_rate(_tickets(), by="channel")["value"]
            .idxmax()
        ),
    },
)
def _lowest_fcr_channel() -> str:
    from cxkit.service import fcr_rate

    return str(fcr_rate(_tickets(), by="channel")["value"].idxmin())


# Task 6: the example team's self-assessment ---------------------------------------------------


@question(
    "06.q6",
    kind="number",
    abs_tol=0.005,
    prompt="The example team's June score on proactive communication (mean on 1-5, two decimals)",
    hints=(
        "Each rater's principle score is the mean of their two answers; the team's score is the mean "
        "over raters, on the 1-5 scale.",
        "self_assessment(example_answers(round='June')) gives every principle's score.",
        f"{_MODULE} 'A team self-assessment'.",
    ),
    mistakes={
        "That is the March score; the task asks for June.": lambda: _team_score("March"),
        "That is the overall June score; the task asks for proactive communication.": lambda: _team_score(
            "June", "overall"
        ),
    },
)
def _june_proactive() -> float:
    return _team_score("June")


def _team_score(round: str, principle: str = "proactive_communication") -> float:
    from cxkit.service import example_answers, self_assessment

    return float(self_assessment(example_answers(round=round)).loc[principle, "score"])


@question(
    "06.q7",
    kind="number",
    abs_tol=0.005,
    prompt="Lower end of the 95% interval of the June - March difference on proactive communication",
    hints=(
        "The difference is June minus March; the same six agents answered both rounds, so compare them "
        "paired (each agent with themselves).",
        "compare_assessments(june, march, paired=True) gives difference, low and high for every principle.",
        f"{_MODULE} 'Did the team improve?'.",
    ),
    mistakes={
        "That is the lower end of March - June; subtract in the order the task gives (June - March).": (
            lambda: _proactive_diff("low", reverse=True)
        ),
        "That is the upper end of the interval.": lambda: _proactive_diff("high"),
        "That is the interval for two independent groups (Welch); the same agents answered twice: "
        "paired=True.": lambda: _proactive_diff("low", paired=False),
    },
)
def _proactive_low() -> float:
    return _proactive_diff("low")


def _proactive_diff(column: str, *, reverse: bool = False, paired: bool = True) -> float:
    from cxkit.service import compare_assessments, example_answers

    a, b = example_answers(round="June"), example_answers(round="March")
    if reverse:
        a, b = b, a
    return float(compare_assessments(a, b, paired=paired).loc["proactive_communication", column])


# Values module 06 computes (asked by its quiz) ---------------------------------------------------


def _module_targets():
    import pandas as pd

    return {
        "phone": pd.Timedelta("10min"),
        "chat": pd.Timedelta("5min"),
        "email": pd.Timedelta("24h"),
        "social": pd.Timedelta("4h"),
    }


@question(
    "06.q8",
    kind="percent",
    abs_tol=0.05,
    prompt="SLA attainment of phone tickets with a 10-minute first-response target, in percent",
    hints=(
        "A phone ticket meets the target when the hold is 10 minutes or less; never answered counts as "
        "missed.",
        f"{_MODULE} 'Service-level targets'.",
    ),
)
def _phone_sla() -> float:
    from cxkit.service import sla_attainment

    return float(sla_attainment(_tickets(), _module_targets()).loc["phone", "value"])


@question(
    "06.q9",
    kind="number",
    abs_tol=0.05,
    prompt="CSAT difference (percentage points) between phone tickets answered within 10 minutes and later",
    hints=(
        "CSAT is the percent answering 4 or 5; compare the phone tickets that met the 10-minute target with "
        "those that did not, among the tickets with a CSAT answer.",
        f"{_MODULE} 'Does a faster answer go with a happier customer?'.",
    ),
)
def _phone_csat_gap() -> float:
    from cxkit.service import csat_by_target

    return float(csat_by_target(_tickets(), _module_targets()).loc["phone", "value"])
