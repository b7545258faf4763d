"""cxkit.check and the question registry (cxkit/course/answers.py)."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cxkit
import cxkit.data
from cxkit.course import answers
from cxkit.course.feedback import CheckResult, check
from cxkit.errors import CXAnswerError, CXConfigError


@pytest.fixture(autouse=True)
def _learner_mode(monkeypatch):
    monkeypatch.delenv("CXKIT_STRICT", raising=False)


@pytest.fixture
def fake_customers(monkeypatch):
    """Ten customers, three of them B2B, most came through the web."""
    df = pd.DataFrame(
        {
            "customer_id": [f"C{i:06d}" for i in range(10)],
            "segment": ["B2B"] * 3 + ["B2C"] * 7,
            "acquisition_channel": ["web"] * 5 + ["store"] * 3 + ["referral"] * 2,
        }
    )
    monkeypatch.setattr(cxkit.data, "load", lambda name: df, raising=False)
    return df


@pytest.fixture
def temp_questions():
    """Register throw-away questions of every kind; remove them afterwards."""
    added = {
        "t.num": dict(kind="number", abs_tol=0.01, hints=("Think of the mean.",)),
        "t.pct": dict(kind="percent", abs_tol=0.05, hints=("First hint.", "Second hint.")),
        "t.count": dict(kind="count"),
        "t.text": dict(kind="choice", choices=("web", "store", "app")),
        "t.set": dict(kind="set"),
    }
    values = {"t.num": -2.5, "t.pct": 23.45, "t.count": 42, "t.text": "web", "t.set": ["a", "b", "c"]}
    for qid, kw in added.items():
        answers.question(qid, **kw)(lambda qid=qid: values[qid])
    yield
    for qid in added:
        answers.REGISTRY.pop(qid, None)
    from cxkit.course import feedback

    feedback._ATTEMPTS.clear()


def test_cxkit_check_is_the_function_even_after_importing_feedback(temp_questions):
    import cxkit.course.feedback  # a submodule import must not shadow cxkit.check

    assert cxkit.check("t.num", -2.5).correct
    assert cxkit.check("t.num", ...).verdict == "unanswered"


@pytest.mark.course
def test_module00_questions_registered():
    assert {"00.q1", "00.q2", "00.q3"} <= set(answers.ids())


def test_expected_values_come_from_the_data(fake_customers, monkeypatch):
    assert answers.expected("00.q1") == 10
    assert answers.expected("00.q2") == pytest.approx(30.0)
    assert answers.expected("00.q3") == "web"
    bigger = pd.concat([fake_customers, fake_customers.assign(segment="B2C")], ignore_index=True)
    monkeypatch.setattr(cxkit.data, "load", lambda name: bigger, raising=False)
    assert answers.expected("00.q1") == 20
    assert answers.expected("00.q2") == pytest.approx(15.0)
    assert check("00.q1", 20).correct
    assert check("00.q1", 10).verdict == "wrong"


def test_module00_answers(fake_customers):
    assert check("00.q1", len(fake_customers)).correct
    assert check("00.q2", (fake_customers["segment"] == "B2B").mean() * 100).correct
    assert check("00.q2", 0.3).verdict == "close"
    assert check("00.q3", "Web ").correct
    assert check("00.q3", fake_customers["acquisition_channel"].value_counts().idxmax()).correct


def test_correct(temp_questions):
    r = check("t.num", -2.505)
    assert r.verdict == "correct"
    assert r.correct
    assert check("t.count", 42).correct
    import numpy as np

    assert check("t.count", np.int64(42)).correct
    assert check("t.count", pd.Series([42])).correct
    assert check("t.text", "WEB").correct
    assert check("t.set", {"c", "b", "a"}).correct
    assert check("t.set", pd.Series(["a", "b", "c", "a"])).correct


@pytest.mark.parametrize(
    ("qid", "answer", "words"),
    [
        ("t.pct", 0.2345, "multiply by 100"),  # a fraction for a percentage
        ("t.pct", 2345.0, "100 times too large"),
        ("t.num", -0.025, "factor of 100"),
        ("t.num", 2.5, "sign"),
        ("t.pct", 23.0, "rounded"),  # rounded to a whole number
        ("t.pct", -23.45, "sign"),
        ("t.text", "W-E-B", "exactly as it appears"),
        ("t.set", ["a", "b"], "missing"),
        ("t.set", ["a", "b", "c", "d"], "should not be there"),
    ],
)
def test_close(temp_questions, qid, answer, words):
    r = check(qid, answer)
    assert r.verdict == "close", r
    assert words in r.message


def test_wrong_gives_hints_in_turn(temp_questions):
    first = check("t.pct", 50.0)
    second = check("t.pct", 60.0)
    third = check("t.pct", 70.0)
    assert first.verdict == second.verdict == "wrong"
    assert "First hint." in first.message
    assert "Second hint." in second.message
    assert "Second hint." in third.message


@pytest.mark.parametrize(
    ("qid", "answer", "words"),
    [
        ("t.count", "42", "remove the quotes"),
        ("t.count", 42.5, "whole number"),
        ("t.count", "forty-two", "wants a number"),
        ("t.count", pd.Series([1, 2, 3]), "single number"),
        ("t.count", True, "not True/False"),
        ("t.count", float("nan"), "NaN"),
        ("t.text", "bus", "not one of the possible values"),
        ("t.text", 3, "not a number"),
        ("t.set", "abc", "collection"),
        ("t.set", ["x", "y"], "missing"),
    ],
)
def test_wrong_in_plain_words(temp_questions, qid, answer, words):
    r = check(qid, answer)
    assert r.verdict == "wrong"
    assert words in r.message


@pytest.mark.parametrize("placeholder", [..., None])
def test_unanswered_does_not_raise_in_learner_mode(temp_questions, placeholder):
    r = check("t.num", placeholder)
    assert r.verdict == "unanswered"
    assert "not answered" in repr(r).lower()


@pytest.mark.parametrize("value", ["1", "true", "yes"])
def test_strict_mode_raises_on_anything_but_correct(temp_questions, monkeypatch, value):
    monkeypatch.setenv("CXKIT_STRICT", value)
    assert check("t.num", -2.5).correct
    with pytest.raises(CXAnswerError, match=r"t\.num"):
        check("t.num", 99)
    with pytest.raises(CXAnswerError, match="close"):
        check("t.pct", 0.2345)
    with pytest.raises(CXAnswerError, match="unanswered"):
        check("t.num", ...)


def test_strict_mode_read_at_call_time(temp_questions, monkeypatch):
    assert check("t.num", 99).verdict == "wrong"
    monkeypatch.setenv("CXKIT_STRICT", "1")
    with pytest.raises(AssertionError):  # CXAnswerError is an AssertionError
        check("t.num", 99)
    monkeypatch.setenv("CXKIT_STRICT", "0")
    assert check("t.num", 99).verdict == "wrong"


def test_unknown_question_lists_valid_ids():
    with pytest.raises(CXConfigError, match=r"00\.q1"):
        check("99.q9", 1)


def test_expected_value_is_never_revealed(temp_questions):
    for answer in (0.2345, 50.0, ..., "x"):
        r = check("t.pct", answer)
        assert "23.45" not in repr(r)
        assert "23.45" not in r._repr_html_()


def test_display(temp_questions):
    results = [check("t.num", -2.5), check("t.pct", 0.2345), check("t.num", 7), check("t.num", ...)]
    icons = {"correct": "✔", "close": "≈", "wrong": "✘", "unanswered": "✎"}
    colours = set()
    for r in results:
        assert isinstance(r, CheckResult)
        text, page = repr(r), r._repr_html_()
        assert text.startswith(icons[r.verdict])
        assert "t." in text
        assert icons[r.verdict] in page
        assert 'role="status"' in page
        assert page.count("<div") == page.count("</div>")
        colours.add(page.split("solid ")[1][:7])
    assert len(colours) == 4  # a different colour per verdict, and a different icon and word too


def test_duplicate_registration_is_refused(temp_questions):
    with pytest.raises(CXConfigError, match="twice"):
        answers.question("t.num")(lambda: 1)
    with pytest.raises(CXConfigError, match="kind"):
        answers.question("t.other", kind="fraction")


_ANY_ANSWER = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text() | st.complex_numbers(),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.sets(st.integers(), max_size=4)
        | st.dictionaries(st.text(max_size=3), inner, max_size=3)
    ),
    max_leaves=8,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(answer=_ANY_ANSWER)
def test_any_answer_gets_a_verdict_never_a_traceback(temp_questions, answer):
    for qid in ("t.num", "t.pct", "t.count", "t.text", "t.set"):
        r = check(qid, answer)
        assert r.verdict in ("correct", "close", "wrong", "unanswered")
        assert r.message
        assert repr(r)
        assert r._repr_html_()


# -- mistakes=: hints that diagnose --------------------------------------------------------------

_SCORES = pd.Series([0, 3, 6, 6, 7, 8, 9, 10, 10, 10])  # 4 detractors (0-6), 2 of them 0-5, 4 promoters


def _nps_points(scores: pd.Series, detractor_max: int = 6) -> float:
    return float(((scores >= 9).mean() - (scores <= detractor_max).mean()) * 100)


@pytest.fixture
def nps_question():
    """Return an NPS question (expected 0.0 points) that lists two typical mistakes."""
    answers.question(
        "t.nps",
        kind="number",
        abs_tol=0.05,
        hints=("NPS = % promoters minus % detractors.", "Module 07, section 'NPS', shows the method."),
        mistakes={
            "You counted only 0-5 as detractors; a detractor scored 0 to 6.": lambda: _nps_points(_SCORES, 5),
            "You took the share of promoters only; subtract the share of detractors.": lambda: float(
                (_SCORES >= 9).mean() * 100
            ),
        },
    )(lambda: _nps_points(_SCORES))
    answers.question(
        "t.chan",
        kind="choice",
        mistakes={"That is the channel with the FEWEST answers; you sorted ascending.": lambda: "store"},
    )(lambda: "web")
    answers.question(
        "t.late",
        kind="set",
        mistakes={
            "You kept the orders delivered ON the promised day; late means after it.": lambda: ["a", "b", "c"]
        },
    )(lambda: ["a", "b"])
    yield
    for qid in ("t.nps", "t.chan", "t.late"):
        answers.REGISTRY.pop(qid, None)
    from cxkit.course import feedback

    feedback._ATTEMPTS.clear()


def test_a_listed_mistake_is_named(nps_question):
    assert _nps_points(_SCORES) == 0.0
    assert _nps_points(_SCORES, 5) == 20.0
    r = check("t.nps", 20.0)
    assert r.verdict == "wrong"
    assert "0-5 as detractors" in r.message
    assert check("t.nps", 20.04).message.startswith("You counted only 0-5")  # within the tolerance
    assert "promoters only" in check("t.nps", 40.0).message
    assert check("t.nps", 0.0).correct
    assert check("t.nps", 13.0).verdict == "wrong"
    assert "0-5" not in check("t.nps", 13.0).message


def test_a_listed_mistake_keeps_the_hints_and_hides_the_expected_value(nps_question):
    first, second = check("t.nps", 20.0), check("t.nps", 20.0)
    assert "NPS = % promoters" in first.message
    assert "Module 07, section" in second.message
    for r in (first, second):
        assert "0.0" not in repr(r)
        assert "0.0" not in r._repr_html_()


def test_mistakes_for_labels_and_sets(nps_question):
    assert check("t.chan", " Store").verdict == "wrong"
    assert "FEWEST" in check("t.chan", "store").message
    assert check("t.chan", "web").correct
    r = check("t.late", {"c", "b", "a"})
    assert r.verdict == "wrong"
    assert "promised day" in r.message
    assert check("t.late", ["a"]).verdict == "close"  # the generic slips stay


def test_generic_slips_still_recognised_with_mistakes_listed(temp_questions):
    answers.question("t.pm", kind="percent", abs_tol=0.05, mistakes={"Wrong filter.": lambda: 30.0})(
        lambda: 23.45
    )
    try:
        assert check("t.pm", 0.2345).verdict == "close"  # a fraction for a percentage
        assert "sign" in check("t.pm", -23.45).message
        assert check("t.pm", 30.0).message.startswith("Wrong filter.")
    finally:
        answers.REGISTRY.pop("t.pm", None)


def test_a_mistake_equal_to_the_answer_is_never_reported():
    answers.question("t.same", kind="number", abs_tol=0.5, mistakes={"Looks wrong.": lambda: 10.2})(
        lambda: 10.0
    )
    try:
        assert check("t.same", 10.2).correct
        assert check("t.same", 10.6).verdict == "wrong"
        assert "Looks wrong" not in check("t.same", 10.6).message
    finally:
        answers.REGISTRY.pop("t.same", None)


@pytest.mark.parametrize(
    "mistakes",
    [{"": lambda: 1.0}, {"message": 3.0}, [("message", lambda: 1.0)], {"message": None}],
)
def test_badly_written_mistakes_are_refused(mistakes):
    with pytest.raises(CXConfigError, match="mistake"):
        answers.question("t.bad", mistakes=mistakes)
    assert "t.bad" not in answers.REGISTRY


def test_a_broken_mistake_names_the_question():
    answers.question("t.broken", mistakes={"Divided by zero.": lambda: 1 / 0})(lambda: 1.0)
    try:
        with pytest.raises(CXConfigError, match=r"t\.broken.*Divided by zero"):
            check("t.broken", 5.0)
    finally:
        answers.REGISTRY.pop("t.broken", None)


@pytest.mark.slow
@pytest.mark.course
def test_every_registered_mistake_computes_and_differs_from_the_answer():
    """On the course data: a listed mistake must be a wrong answer, or it can never be diagnosed."""
    for qid in answers.ids():
        q = answers.get(qid)
        if not q.mistakes:
            continue
        expected = q.expected()
        for message, wrong in q.mistake_values():
            if q.kind in ("count", "number", "percent"):
                assert abs(float(wrong) - float(expected)) > max(
                    q.abs_tol, q.rel_tol * abs(float(expected))
                ), f"{qid}: the mistake {message!r} gives the expected value itself"
            else:
                assert wrong != expected, f"{qid}: the mistake {message!r} gives the expected value itself"


def test_course_entry_points_after_the_move():
    """cxkit.check, `from cxkit import quiz` and cxkit/course/answers_NN.py work from cxkit/course/."""
    import cxkit.course
    from cxkit import quiz

    assert quiz.__name__ == "cxkit.course.quiz"
    assert quiz is cxkit.course.quiz
    assert cxkit.check is cxkit.course.check is cxkit.course.feedback.check
    assert {"check", "quiz"} <= set(dir(cxkit))
    submodules = {"answers", "coverage", "exercises", "feedback", "lint", "quiz"}
    assert submodules | {"check", "question", "Quiz", "lint_all"} <= set(dir(cxkit.course))
    assert {"00.q1", "07.q1"} <= set(answers.ids())  # answers_07.py found beside answers.py
    assert answers.get("07.q1").compute.__module__ == "cxkit.course.answers_07"


def test_a_hint_shows_its_markdown_as_formatting_not_marks():
    """Issue 32: "Each stage has an `emotion`" showed its backticks; a <b> in a hint stays text."""
    r = CheckResult("03.q2", "wrong", "Not yet. Hint: each stage has an `emotion` from **-2** to +2 <b>.")
    page = r._repr_html_()
    assert "each stage has an <code>emotion</code> from <strong>-2</strong> to +2 &lt;b&gt;." in page
    assert "`" not in page
    assert "**" not in page
    assert "`emotion`" in repr(r)  # the plain text keeps the Markdown for the console
