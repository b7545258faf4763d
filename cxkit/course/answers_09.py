"""Expected answers of exercise 09 (solutions/09-voice-of-the-customer.ipynb) and of module 09's quiz.

Each function computes its expected value from the course data with :mod:`cxkit.voc`;
``tests/test_answers_09.py`` recomputes them independently with plain pandas and VADER.

Questions ``09.q1`` to ``09.q3`` are the exercise's (things module 09 did not compute); ``09.q4``
is a value module 09 computes, asked by its quiz (``modules/quizzes/09-voice-of-the-customer.yaml``).
"""

from __future__ import annotations

from functools import lru_cache

from cxkit.course.answers import _load, question

_MODULE = "Module 09 shows the method in its section"


@lru_cache(maxsize=1)
def _conversation_mood():
    from cxkit.voc import sentiment

    conv = _load("conversations")
    return conv, sentiment(conv["text"])


def _negative_share(channel: str | None, *, scored_only: bool = True) -> float:
    conv, mood = _conversation_mood()
    keep = conv["channel"] == channel if channel is not None else conv["channel"].notna()
    if scored_only:
        keep &= mood["status"] == "ok"
    return float(100 * (mood.loc[keep, "label"] == "negative").fillna(False).mean())


@question(
    "09.q1",
    kind="percent",
    abs_tol=0.05,
    prompt="Share of the scored phone call summaries that VADER labels negative, in percent",
    hints=(
        "Keep the conversations of the phone channel, score them with sentiment(), and leave out the "
        "texts it did not score (status other than 'ok').",
        "Negative means compound <= -0.05: the label column already says it.",
        f"{_MODULE} 'Sentiment: scoring the mood of a text'.",
    ),
    mistakes={
        "That is the share over every channel; keep the phone call summaries only.": lambda: _negative_share(
            None
        ),
        "That is the chat transcripts' share; the question asks for the phone channel.": lambda: (
            _negative_share("chat")
        ),
        "That is the share of positive labels; count the negative ones.": lambda: float(
            100
            * (
                _conversation_mood()[1].loc[_load("conversations")["channel"] == "phone", "label"]
                == "positive"
            ).mean()
        ),
    },
)
def _phone_negative() -> float:
    return _negative_share("phone")


def _b2b_drivers(*, segment: str | None = "B2B"):
    import pandas as pd

    from cxkit.voc import drivers, load_taxonomy, themes

    surveys = _load("surveys")
    answered = surveys[surveys["responded"].astype(bool)]
    rows = answered[answered["comment"].notna() & answered["nps"].notna()]
    if segment is not None:
        rows = rows[rows["segment"] == segment]
    rows = rows.reset_index(drop=True)
    names = list(load_taxonomy())
    tagged = pd.concat([rows, themes(rows["comment"])[names]], axis=1)
    return drivers(tagged, "nps", names, cluster="customer_id")


@question(
    "09.q2",
    kind="choice",
    prompt="Theme with the most negative NPS difference among the B2B comments, of the themes that are "
    "not too small",
    hints=(
        "Keep the business customers' answered surveys that have a comment and an NPS, tag their "
        "comments with themes(), then rank the themes with drivers().",
        "Themes with fewer than 30 comments are flagged too_small: leave them out of the ranking.",
        f"{_MODULE} 'Which themes drive low scores?'.",
    ),
    choices=lambda: [str(t) for t in _b2b_drivers()["theme"]],
    mistakes={
        "That theme has fewer than 30 business comments (too_small): leave the small themes out of the "
        "ranking.": lambda: str(_b2b_drivers()["theme"].iloc[0]),
        "That is the ranking of both segments; keep the business customers (B2B) only.": lambda: str(
            _b2b_drivers(segment=None).query("~too_small").iloc[0]["theme"]
        ),
        "That theme comes with the highest scores: the ranking starts from the most negative difference.": (
            lambda: str(_b2b_drivers().query("~too_small").iloc[-1]["theme"])
        ),
    },
)
def _b2b_worst_theme() -> str:
    ranked = _b2b_drivers()
    return str(ranked.loc[~ranked["too_small"], "theme"].iloc[0])


def _b2b_queue(days: int | None = 90, *, with_sentiment: bool = True):
    from cxkit.voc import close_the_loop, sentiment

    surveys = _load("surveys")
    b2b = surveys[surveys["responded"].astype(bool) & (surveys["segment"] == "B2B")].reset_index(drop=True)
    if with_sentiment:
        b2b = b2b.assign(compound=sentiment(b2b["comment"])["compound"].to_numpy())
    return close_the_loop(b2b, sentiment="compound" if with_sentiment else None, days=days)


def _module07_queue():
    from cxkit.voc import follow_up_queue

    surveys = _load("surveys")
    b2b = surveys[surveys["responded"].astype(bool) & (surveys["segment"] == "B2B")]
    return follow_up_queue(b2b, days=90, customer="customer_id")


@question(
    "09.q3",
    kind="count",
    prompt="Business customers in the close_the_loop queue of the last 90 days (NPS and comment sentiment)",
    hints=(
        "Start from the answered B2B surveys, add the compound score of each comment, and pass the "
        "table to close_the_loop with days=90.",
        "The queue has one row per customer: count its rows, not the answers behind them.",
        f"{_MODULE} 'Closing the loop'.",
    ),
    mistakes={
        "That is module 07's follow_up_queue (NPS and CSAT); use close_the_loop with the comments' "
        "sentiment.": lambda: len(_module07_queue()),
        "That is the queue of two years; keep the last 90 days (days=90).": lambda: len(_b2b_queue(None)),
        "That counts the answers in the queue, not the customers; count one row per customer.": lambda: int(
            _b2b_queue()["answers"].sum()
        ),
    },
)
def _b2b_queue_size() -> int:
    return len(_b2b_queue())


@question(
    "09.q4",
    kind="percent",
    abs_tol=0.5,
    prompt="Share of the detractors' survey comments that VADER labels negative, in percent",
    hints=(
        "Detractors answered 0-6; keep the answered surveys with a comment and an NPS.",
        f"{_MODULE} 'Sentiment: scoring the mood of a text' (the table by NPS group).",
    ),
)
def _detractor_negative() -> float:
    from cxkit.voc import sentiment

    surveys = _load("surveys")
    rows = surveys[surveys["responded"].astype(bool) & surveys["comment"].notna() & surveys["nps"].notna()]
    det = rows[rows["nps"] <= 6]
    return float(100 * (sentiment(det["comment"])["label"] == "negative").mean())
