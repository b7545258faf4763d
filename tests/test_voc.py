"""cxkit.voc: sentiment (VADER), themes, topics, drivers, the follow-up queue and their input checks."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from cxkit.errors import CXConfigError, CXDataError, CXFileNotFoundError, CXNotFittedError
from cxkit.voc import (
    TopicModel,
    check_texts,
    close_the_loop,
    drivers,
    load_taxonomy,
    sentiment,
    themes,
)

# The examples of VADER's README (github.com/cjhutto/vaderSentiment, "Demo, including example of
# non-English text translations"), with the scores it prints: (text, neg, neu, pos, compound).
README = [
    ("VADER is smart, handsome, and funny.", 0.0, 0.254, 0.746, 0.8316),
    ("VADER is smart, handsome, and funny!", 0.0, 0.248, 0.752, 0.8439),
    ("VADER is very smart, handsome, and funny.", 0.0, 0.299, 0.701, 0.8545),
    ("VADER is VERY SMART, handsome, and FUNNY.", 0.0, 0.246, 0.754, 0.9227),
    ("VADER is VERY SMART, handsome, and FUNNY!!!", 0.0, 0.233, 0.767, 0.9342),
    ("VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!", 0.0, 0.294, 0.706, 0.9469),
    ("VADER is not smart, handsome, nor funny.", 0.646, 0.354, 0.0, -0.7424),
    ("The book was good.", 0.0, 0.508, 0.492, 0.4404),
    ("The book was only kind of good.", 0.0, 0.697, 0.303, 0.3832),
    (
        "The plot was good, but the characters are uncompelling and the dialog is not great.",
        0.327,
        0.579,
        0.094,
        -0.7042,
    ),
    ("Today SUX!", 0.779, 0.221, 0.0, -0.5461),
    ("Today only kinda sux! But I'll get by, lol", 0.127, 0.556, 0.317, 0.5249),
    ("Make sure you :) or :D today!", 0.0, 0.294, 0.706, 0.8633),
    ("Not bad at all", 0.0, 0.513, 0.487, 0.431),
]


# ---------------------------------------------------------------------------------------------
# sentiment
# ---------------------------------------------------------------------------------------------
def test_sentiment_matches_vaders_published_examples() -> None:
    out = sentiment([r[0] for r in README], check_language=False)
    expected = pd.DataFrame([r[1:] for r in README], columns=["neg", "neu", "pos", "compound"])
    pd.testing.assert_frame_equal(out[["neg", "neu", "pos", "compound"]], expected, atol=1e-4)
    assert (out["status"] == "ok").all()


def test_readme_compound_of_at_least_it_isnt_a_horrible_book() -> None:
    # The README prints neu 0.637 / pos 0.363 from an older release; the compound is unchanged.
    out = sentiment(["At least it isn't a horrible book."])
    assert out["compound"].iloc[0] == pytest.approx(0.431, abs=1e-4)


@pytest.mark.parametrize(
    ("compound", "label"),
    [(0.05, "positive"), (0.0499, "neutral"), (0.0, "neutral"), (-0.0499, "neutral"), (-0.05, "negative")],
)
def test_labels_use_the_authors_thresholds(monkeypatch: pytest.MonkeyPatch, compound, label) -> None:
    import cxkit.voc.vader as vader

    class Fake:
        def polarity_scores(self, text: str) -> dict[str, float]:
            return {"neg": 0.0, "neu": 1.0, "pos": 0.0, "compound": compound}

    monkeypatch.setattr(vader, "_analyzer", lambda: Fake())
    assert sentiment(["some words here"])["label"].iloc[0] == label


def test_sentiment_keeps_the_series_index_and_flags_blanks_and_other_languages() -> None:
    s = pd.Series(
        ["Great lamp, thank you!", None, "   ", "Mi pedido llegó con 2 días de retraso.", np.nan],
        index=[10, 11, 12, 13, 14],
    )
    out = sentiment(s)
    assert out.index.tolist() == [10, 11, 12, 13, 14]
    assert out["status"].tolist() == ["ok", "blank", "blank", "not_english", "blank"]
    assert out["label"].iloc[0] == "positive"
    assert out.loc[[11, 12, 13, 14], ["neg", "neu", "pos", "compound"]].isna().all().all()
    assert out.loc[[11, 12, 13, 14], "label"].isna().all()
    # without the check the Spanish text is scored (VADER reads nothing in it)
    assert sentiment(s, check_language=False)["status"].iloc[3] == "ok"


@pytest.mark.parametrize(
    ("texts", "error", "words"),
    [
        ([], CXDataError, "no texts to analyse"),
        (pd.Series([], dtype=object), CXDataError, "no texts"),
        (["fine", 3], CXDataError, "row 1: not a text (int): found 3"),
        (pd.Series(["ok", b"bytes"], index=["a", "b"]), CXDataError, "not a text (bytes)"),
        (["ok", ["a list"]], CXDataError, "not a text (list)"),
        ("just one string", CXConfigError, "not a single string"),
        (42, CXConfigError, "got a int"),
        (pd.DataFrame({"a": ["x"]}), CXConfigError, "not a table"),
    ],
)
def test_bad_texts_are_refused_with_a_clear_error(texts, error, words: str) -> None:
    for fn in (sentiment, themes, check_texts):
        with pytest.raises(error, match=words.replace("(", r"\(").replace(")", r"\)")):
            fn(texts)


def test_bad_check_language_option() -> None:
    with pytest.raises(CXConfigError, match="check_language must be True or False"):
        sentiment(["good"], check_language="yes")


@pytest.mark.course
def test_language_check_on_the_course_data() -> None:
    from cxkit.data import load

    conv = load("conversations")
    status = check_texts(conv["text"])["status"]
    foreign = conv["text"].str.contains(
        r"commande|Bestellung|pedido|pakket|Hallo|Hola|contente|Schöner|contento|Mooie|"
        r"application|aplicación|App stürzt|nieuwe app",
        case=False,
    )
    assert foreign.sum() >= 20
    assert (status[foreign] == "not_english").all()
    assert (status[~foreign] == "ok").all()


# ---------------------------------------------------------------------------------------------
# themes and topics
# ---------------------------------------------------------------------------------------------
def test_taxonomy_themes_match_whole_words_and_respect_unless() -> None:
    t = themes(
        [
            "It came three days late",
            "Delivery arrived on time, not late",  # `unless` removes late_delivery
            "The app crashes at checkout",  # crash* matches crashes
            "I applaud the chocolate",  # no whole-word 'app' or 'late'
            "",
        ]
    )
    assert t["late_delivery"].tolist() == [True, False, False, False, False]
    assert t["app_problem"].tolist() == [False, False, True, False, False]
    assert t["checkout_payment"].tolist() == [False, False, True, False, False]
    assert t.loc[3, "themes"] == ""
    assert t["status"].tolist() == ["ok", "ok", "ok", "ok", "blank"]
    assert list(t.columns) == [*load_taxonomy(), "themes", "status"]


def test_custom_taxonomy_as_dict_and_bad_taxonomies(tmp_path) -> None:
    t = themes(["Lovely desk", "ugly desk"], taxonomy={"nice": {"keywords": ["lovely"]}})
    assert t["nice"].tolist() == [True, False]
    for bad, words in [
        ({"Nice": {"keywords": ["x"]}}, "lower_case"),
        ({"nice": {"keywords": []}}, "no keywords"),
        ({"nice": {"keywords": "lovely"}}, "list of words"),
        ({"nice": ["lovely"]}, "mapping with 'keywords'"),
    ]:
        with pytest.raises(CXConfigError, match=words):
            themes(["x"], taxonomy=bad)
    with pytest.raises(CXConfigError, match="taxonomy must be a dict"):
        themes(["x"], taxonomy=3)
    with pytest.raises(CXFileNotFoundError):
        themes(["x"], taxonomy=tmp_path / "none.yaml")
    broken = tmp_path / "broken.yaml"
    broken.write_text("themes: [unclosed", encoding="utf-8")
    with pytest.raises(CXConfigError, match="not valid YAML"):
        themes(["x"], taxonomy=broken)


def test_topic_model_is_deterministic_and_shows_top_words() -> None:
    texts = ["late parcel again", "parcel late, no update", "app crashed at checkout"] * 4 + [
        "the app crashed twice",
        "lovely lamp",
        "lovely desk and lamp",
    ] * 4
    a = TopicModel(n_topics=3, n_top_words=3, min_df=1).fit(texts)
    b = TopicModel(n_topics=3, n_top_words=3, min_df=1).fit(texts)
    pd.testing.assert_frame_equal(a.top_words_, b.top_words_)
    assert sorted(a.top_words_["words"]) == [
        "app, crashed, checkout",
        "lamp, lovely, desk",
        "late, parcel, update",
    ]
    assert a.top_words_["share"].sum() == pytest.approx(1.0)
    topics = a.transform(["my parcel is late", "", "nothing relevant here"])
    assert topics["topic"].iloc[1] == 0
    assert topics["topic"].iloc[2] == 0  # none of the topics' words
    words = a.top_words_.set_index("topic")["words"]
    assert "parcel" in words[topics["topic"].iloc[0]]


def test_topic_model_errors() -> None:
    with pytest.raises(CXNotFittedError, match="fit"):
        TopicModel().transform(["x"])
    with pytest.raises(CXConfigError, match="n_topics"):
        TopicModel(n_topics=0).fit(["a b c"])
    with pytest.raises(CXDataError, match="only 1 English texts"):
        TopicModel(n_topics=2).fit(["one text only", ""])
    with pytest.raises(CXDataError, match="no words left"):
        TopicModel(n_topics=1, min_df=1).fit(["the and of", "a the"])


# ---------------------------------------------------------------------------------------------
# drivers
# ---------------------------------------------------------------------------------------------
HAND = pd.DataFrame(
    {
        "nps": [0, 2, 9, 10, 10, 9, 7, 10],
        "late": [True, True, False, False, False, False, True, False],
        "staff": [False, False, True, True, False, False, False, True],
        "never": [False] * 8,
    }
)


def test_drivers_nps_on_a_hand_worked_table() -> None:
    out = drivers(HAND, "nps", ["staff", "late", "never"], method="wald", min_n=2)
    assert out["theme"].tolist() == ["late", "staff", "never"]
    late = out.iloc[0]
    # late: 0, 2, 7 -> 0 promoters, 2 detractors of 3 -> -66.67; others 9, 10, 10, 9, 10 -> +100
    assert (late["n_with"], late["n_without"]) == (3, 5)
    assert late["score_with"] == pytest.approx(-66.67)
    assert late["score_without"] == pytest.approx(100.0)
    assert late["difference"] == pytest.approx(-166.67)
    # Rocks (2016) Wald: var = ((p + d) - (p - d)^2) / n for each group
    var_with = ((0 + 2 / 3) - (-2 / 3) ** 2) / 3
    # the others are all promoters: their Wald variance would be 0, so compare_nps gives them the
    # adjusted Wald variance (3/4 added to P and D, 3 to n; Rocks 2016): p = 5.75 / 8, d = 0.75 / 8
    p0, d0 = 5.75 / 8, 0.75 / 8
    var_without = ((p0 + d0) - (p0 - d0) ** 2) / 8
    half = 100 * stats.norm.ppf(0.975) * math.sqrt(var_with + var_without)
    assert late["low"] == pytest.approx(-166.67 - half, abs=0.01)
    assert late["high"] == pytest.approx(-166.67 + half, abs=0.01)
    staff = out.iloc[1]
    # staff: 9, 10, 10 -> +100; others 0, 2, 10, 9, 7 -> 2/5 - 2/5 = 0
    assert staff["difference"] == pytest.approx(100.0)
    assert not staff["too_small"]
    never = out.iloc[2]
    assert never["n_with"] == 0
    assert np.isnan(never["difference"])
    assert drivers(HAND, "nps", ["late"], min_n=30)["too_small"].iloc[0]


def test_drivers_mean_uses_welch() -> None:
    df = pd.DataFrame({"csat": [1, 2, 2, 5, 4, 5, 4], "late": [True, True, True, False, False, False, False]})
    row = drivers(df, "csat", ["late"], metric="mean", min_n=1).iloc[0]
    a, b = np.array([1, 2, 2.0]), np.array([5, 4, 5, 4.0])
    diff = a.mean() - b.mean()
    va, vb = a.var(ddof=1) / 3, b.var(ddof=1) / 4
    se = math.sqrt(va + vb)
    dof = (va + vb) ** 2 / (va**2 / 2 + vb**2 / 3)
    q = stats.t.ppf(0.975, dof)
    assert row["difference"] == pytest.approx(round(diff, 2))
    assert row["low"] == pytest.approx(round(diff - q * se, 2))
    assert row["high"] == pytest.approx(round(diff + q * se, 2))
    assert row["p_value"] == pytest.approx(2 * stats.t.sf(abs(diff / se), dof))


@pytest.mark.parametrize(
    ("kwargs", "error", "words"),
    [
        ({"score": "NPS", "themes": ["late"]}, CXDataError, "NPS"),
        ({"score": "nps", "themes": ["lat"]}, CXDataError, "lat"),
        ({"score": "nps", "themes": []}, CXConfigError, "non-empty list"),
        ({"score": "nps", "themes": "late"}, CXConfigError, "non-empty list"),
        ({"score": "nps", "themes": ["late"], "metric": "median"}, CXConfigError, "metric"),
        ({"score": "nps", "themes": ["late"], "metric": "mean", "cluster": "x"}, CXConfigError, "cluster"),
        ({"score": "nps", "themes": ["late"], "confidence": 95}, CXConfigError, "confidence"),
        ({"score": "nps", "themes": ["late"], "min_n": -1}, CXConfigError, "min_n"),
    ],
)
def test_drivers_bad_options(kwargs, error, words: str) -> None:
    with pytest.raises(error, match=words):
        drivers(HAND, **kwargs)


def test_drivers_bad_data() -> None:
    with pytest.raises(CXDataError, match="not a True/False theme column"):
        drivers(HAND.assign(late=HAND["late"].astype(int)), "nps", ["late"])
    with pytest.raises(CXDataError, match="nps"):
        drivers(HAND.assign(nps=[11, 2, 9, 10, 10, 9, 7, 10]), "nps", ["late"])
    with pytest.raises(CXDataError, match="no answered rows"):
        drivers(HAND.assign(nps=pd.array([None] * 8, dtype="Int64")), "nps", ["late"])
    with pytest.raises(CXDataError, match="not numbers"):
        drivers(HAND.assign(nps=list("abcdefgh")), "nps", ["late"], metric="mean")


@pytest.mark.course
def test_drivers_find_the_planted_finding_on_the_course_data() -> None:
    """Module 09's claim: delivery, app, waiting and unresolved themes come with low NPS."""
    from cxkit.data import load

    surveys = load("surveys")
    answered = surveys[surveys["comment"].notna() & surveys["nps"].notna()].reset_index(drop=True)
    t = themes(answered["comment"])
    names = list(load_taxonomy())
    out = drivers(pd.concat([answered, t[names]], axis=1), "nps", names, cluster="customer_id")
    problems = {"late_delivery", "lost_parcel", "damaged", "phone_wait", "app_problem", "unresolved"}
    low = out[out["high"] < -50]["theme"]
    assert problems <= set(low)
    praise = out.set_index("theme").loc[["fast_delivery", "staff_help"]]
    assert (praise["low"] > 50).all()


# ---------------------------------------------------------------------------------------------
# close_the_loop
# ---------------------------------------------------------------------------------------------
def feedback() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "customer_id": ["C1", "C2", "C3", "C4", "C5", "C6", "C2", None],
            "segment": ["B2C", "B2B", "B2C", "B2C", "B2B", "B2C", "B2B", "B2C"],
            "nps": pd.array([3, 9, 10, 6, 2, 9, 8, 0], dtype="Int64"),
            "compound": [-0.6, -0.4, 0.8, 0.2, 0.3, 0.5, 0.1, -0.9],
            "value": [100.0, 5000.0, 50.0, 80.0, 20.0, 90.0, 5000.0, 10.0],
            "open": [False, False, False, False, False, True, False, False],
            "response_date": pd.to_datetime(
                [
                    "2025-05-01",
                    "2025-05-02",
                    "2025-05-02",
                    "2025-05-03",
                    "2025-05-05",
                    "2025-05-06",
                    "2025-05-04",
                    "2025-05-06",
                ]
            ),
        }
    )


def test_close_the_loop_order_on_a_small_example() -> None:
    q = close_the_loop(feedback(), value="value", open="open", high_value_min=1000)
    # C2: negative sentiment + high value (2 reasons); C1: detractor + negative (2 reasons), but
    # C2 is high value (rule 2). Then one reason each: C5 (NPS 2), C4 (NPS 6), C6 (NPS 9, open).
    # C3 is a happy promoter; the row without a customer cannot be called.
    assert q["customer_id"].tolist() == ["C2", "C1", "C5", "C4", "C6"]
    assert q["priority"].tolist() == [1, 2, 3, 4, 5]
    c2 = q.iloc[0]
    assert c2["answers"] == 2
    assert c2["nps"] == 8
    assert c2["reasons"] == "negative sentiment (-0.40), high value (5,000)"
    assert c2["respond_by"] == pd.Timestamp("2025-05-05")  # B2B: 24 hours after 4 May
    assert q.iloc[1]["respond_by"] == pd.Timestamp("2025-05-03")  # B2C: 48 hours
    assert q.iloc[4]["reasons"] == "open ticket"
    assert q["customer_id"].is_unique


def test_close_the_loop_window_targets_and_defaults() -> None:
    q = close_the_loop(feedback(), since="2025-05-03", respond_within=12)
    assert q["customer_id"].tolist() == ["C5", "C4"]  # C2's negative text was on 2 May
    assert (q["respond_by"] - q["last_contact"] == pd.Timedelta(hours=12)).all()
    q = close_the_loop(feedback(), days=2)  # 5 and 6 May
    assert q["customer_id"].tolist() == ["C5"]
    q = close_the_loop(feedback().drop(columns=["segment"]))
    assert "segment" not in q.columns
    quantile = close_the_loop(feedback(), value="value")  # 90th percentile of values
    assert quantile.set_index("customer_id")["high_value"].to_dict()["C2"]


@pytest.mark.parametrize(
    ("change", "kwargs", "error", "words"),
    [
        ({}, {"customer": "cid"}, CXDataError, "cid"),
        ({}, {"nps": "NPS"}, CXDataError, "NPS"),
        ({}, {"value": "revenue"}, CXDataError, "revenue"),
        ({"nps": [11, 9, 10, 6, 2, 9, 8, 0]}, {}, CXDataError, "nps"),
        ({"compound": [-2, 0, 0, 0, 0, 0, 0, 0]}, {}, CXDataError, "outside -1..1"),
        ({"compound": list("abcdefgh")}, {}, CXDataError, "not numbers"),
        ({"value": [-1.0] * 8}, {"value": "value"}, CXDataError, "negative value"),
        ({"open": [1] * 8}, {"open": "open"}, CXDataError, "True/False"),
        ({"response_date": ["2025-05-01"] * 8}, {}, CXDataError, "not a date-time column"),
        ({}, {"detractor_max": 9}, CXConfigError, "detractor_max"),
        ({}, {"negative_max": 0.2}, CXConfigError, "negative_max"),
        ({}, {"respond_within": 0}, CXConfigError, "respond_within"),
        ({}, {"respond_within": {"B2B": "soon"}}, CXConfigError, "respond_within"),
        ({}, {"days": 0}, CXConfigError, "days"),
        ({}, {"days": 3, "since": "2025-01-01"}, CXConfigError, "not both"),
    ],
)
def test_close_the_loop_bad_inputs(change, kwargs, error, words: str) -> None:
    df = feedback()
    for col, values in change.items():
        df[col] = values
    with pytest.raises(error, match=words):
        close_the_loop(df, **kwargs)


def test_close_the_loop_needs_a_reason_column() -> None:
    df = feedback().drop(columns=["nps", "compound"])
    with pytest.raises(CXDataError, match="no column to find customers to contact in"):
        close_the_loop(df)


# ---------------------------------------------------------------------------------------------
# gather_feedback
# ---------------------------------------------------------------------------------------------
def test_gather_feedback_puts_comments_and_conversations_together() -> None:
    from cxkit.data import load
    from cxkit.voc import gather_feedback

    surveys, conv = load("surveys"), load("conversations")
    fb = gather_feedback(surveys, conv)
    assert len(fb) == surveys["comment"].notna().sum() + len(conv)
    assert fb["timestamp"].is_monotonic_increasing
    survey_rows = fb[fb["source"] == "survey"]
    assert (survey_rows["channel"] == "survey").all()
    assert survey_rows["nps"].notna().sum() == surveys.loc[surveys["comment"].notna(), "nps"].notna().sum()
    assert fb.loc[fb["source"] == "conversation", "nps"].isna().all()


def test_gather_feedback_bad_inputs() -> None:
    from cxkit.data import load
    from cxkit.voc import gather_feedback

    conv = load("conversations")
    with pytest.raises(CXConfigError, match="surveys must be a DataFrame"):
        gather_feedback([1, 2], conv)
    with pytest.raises(CXDataError, match="comment"):
        gather_feedback(load("surveys").drop(columns=["comment"]), conv)
    with pytest.raises(CXDataError, match="text"):
        gather_feedback(load("surveys"), conv.drop(columns=["text"]))


def test_topic_model_settings_are_keyword_only_and_fit_transform_matches() -> None:
    texts = ["late parcel again", "parcel late, no update", "app crashed at checkout"] * 4
    with pytest.raises(TypeError):
        TopicModel(2)  # type: ignore[misc]
    model = TopicModel(n_topics=2, n_top_words=3, min_df=1)
    both = model.fit_transform(texts)
    pd.testing.assert_frame_equal(
        both, TopicModel(n_topics=2, n_top_words=3, min_df=1).fit(texts).transform(texts)
    )
    assert list(both.columns) == ["topic", "weight"]
