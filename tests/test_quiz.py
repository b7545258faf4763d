"""Quizzes from YAML banks (cxkit/course/quiz.py) and the banks in modules/quizzes/."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

import cxkit.data
from cxkit import quiz
from cxkit._paths import repo_root
from cxkit.course.quiz import Quiz, load_bank, show
from cxkit.errors import CXConfigError

BANKS = sorted((repo_root() / "modules" / "quizzes").glob("*.yaml"))

BANK = [
    {
        "id": "single",
        "type": "single",
        "prompt": "Pick `b`.",
        "options": [
            {"text": "a", "correct": False, "feedback": "Not a."},
            {"text": "b", "correct": True, "feedback": "Yes, b."},
            {"text": "c", "correct": False},
        ],
        "explanation": "Because b.",
    },
    {
        "id": "multi",
        "type": "multiple",
        "prompt": "Pick x and z.",
        "options": [
            {"text": "x", "correct": True},
            {"text": "y", "correct": False, "feedback": "Not y."},
            {"text": "z", "correct": True},
        ],
        "explanation": "x and z.",
    },
    {"id": "num", "type": "numeric", "prompt": "Pi?", "answer": 3.14159, "tolerance": 0.01, "explanation": "Pi."},
    {"id": "data", "type": "numeric", "prompt": "Customers?", "answer": "00.q1", "explanation": "From data."},
]


@pytest.fixture(autouse=True)
def _fresh_store():
    quiz._STORE.clear()
    yield
    quiz._STORE.clear()


@pytest.fixture
def fake_customers(monkeypatch):
    df = pd.DataFrame({"customer_id": ["C000001", "C000002", "C000003"], "segment": ["B2B", "B2C", "B2C"]})
    monkeypatch.setattr(cxkit.data, "load", lambda name: df, raising=False)
    return df


@pytest.fixture
def bank(tmp_path: Path) -> Path:
    path = tmp_path / "bank.yaml"
    path.write_text(yaml.safe_dump(BANK), encoding="utf-8")
    return path


def _write(tmp_path: Path, questions) -> Path:
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(questions), encoding="utf-8")
    return path


# -- banks ------------------------------------------------------------------------------------------


def test_there_is_a_bank_for_module_00():
    assert any(p.name == "00-start-here.yaml" for p in BANKS)


@pytest.mark.parametrize("path", BANKS, ids=lambda p: p.name)
def test_every_bank_loads_and_validates(path: Path):
    title, questions = load_bank(path)
    assert title and len(questions) >= 2
    assert len({q.id for q in questions}) == len(questions)


def test_module00_bank_is_about_the_course(fake_customers):
    _, questions = load_bank(repo_root() / "modules" / "quizzes" / "00-start-here.yaml")
    assert len(questions) >= 4
    numeric = [q for q in questions if q.type == "numeric"]
    assert numeric and all(isinstance(q.answer, str) for q in numeric), "numeric answers come from the data"
    assert numeric[0].expected_number() == 3


def test_module_number_finds_the_bank():
    assert Quiz.from_yaml("00").title == Quiz.from_yaml(0).title
    with pytest.raises(CXConfigError, match="00-start-here"):
        Quiz.from_yaml("98")


def test_mapping_form_with_title(tmp_path: Path):
    path = tmp_path / "t.yaml"
    path.write_text(yaml.safe_dump({"title": "My quiz", "questions": BANK[:2]}), encoding="utf-8")
    assert Quiz.from_yaml(path).title == "My quiz"


def _bad(**changes):
    q = {**BANK[0], **changes}
    return [q]


@pytest.mark.parametrize(
    ("questions", "words"),
    [
        (_bad(options=[{"text": "a", "correct": True}, {"text": "b", "correct": True}]), "exactly one"),
        (_bad(options=[{"text": "a", "correct": False}, {"text": "b", "correct": False}]), "exactly one"),
        ([{**BANK[1], "options": [{"text": "x", "correct": False}, {"text": "y", "correct": False}]}], "at least one"),
        ([BANK[0], BANK[0]], "used twice"),
        (_bad(prompt=""), "'prompt' is missing"),
        ([{k: v for k, v in BANK[0].items() if k != "explanation"}], "'explanation' is missing"),
        (_bad(type="essay"), "not one of single, multiple, numeric"),
        (_bad(explaination="typo"), "unknown field"),
        (_bad(options=[{"text": "a", "correct": True}]), "at least two options"),
        (_bad(options=[{"text": "a", "correct": "yes"}, {"text": "b", "correct": False}]), "correct: true or"),
        (_bad(options=[{"text": "a", "correct": True}, {"text": "a", "correct": False}]), "same text"),
        ([{**BANK[2], "answer": "ninety"}], "neither a number nor a registered question"),
        ([{**BANK[2], "answer": None}], "needs answer"),
        ([{**BANK[2], "tolerance": -1}], "tolerance"),
        ([{**BANK[2], "options": BANK[0]["options"]}], "no options"),
        ([], "non-empty list"),
        (["just text"], "mapping"),
    ],
)
def test_bad_banks_raise_naming_file_question_and_problem(tmp_path, questions, words):
    path = _write(tmp_path, questions)
    with pytest.raises(CXConfigError) as info:
        load_bank(path)
    message = str(info.value)
    assert "bad.yaml" in message and words in message
    if questions and isinstance(questions[0], dict) and questions[0].get("id"):
        assert repr(questions[0]["id"]) in message


def test_invalid_yaml(tmp_path: Path):
    path = tmp_path / "bad.yaml"
    path.write_text("- id: x\n  prompt: a: b: c\n", encoding="utf-8")
    with pytest.raises(CXConfigError, match="not valid YAML"):
        load_bank(path)


# -- the plain-Python core -------------------------------------------------------------------------


def test_answer_score_feedback(bank: Path, fake_customers):
    q = Quiz.from_yaml(bank)
    assert q.score() == (0, 4)
    assert q.feedback("single") == "Not answered yet."
    q.answer("single", "a")
    assert q.is_correct("single") is False
    assert "Not a." in q.feedback("single") and "Because b." in q.feedback("single")
    q.answer("single", 1)
    q.answer("multi", ["x", "z"])
    q.answer("num", 3.14)
    q.answer("data", 3)
    assert q.score() == (4, 4)
    assert q.feedback("single").startswith("Correct.") and "Yes, b." in q.feedback("single")
    q.answer("multi", ["x"])
    assert q.is_correct("multi") is False and "2 correct option" in q.feedback("multi")
    q.answer("num", 3.2)
    assert q.score() == (2, 4)
    with pytest.raises(CXConfigError, match="no option"):
        q.answer("single", "d")
    with pytest.raises(CXConfigError, match="no question"):
        q.answer("nope", 1)


def test_retake_subset_is_deterministic_with_a_seed(bank: Path):
    a = [q.id for q in Quiz.from_yaml(bank, n=2, seed=7).questions]
    b = [q.id for q in Quiz.from_yaml(bank, n=2, seed=7).questions]
    assert a == b and len(a) == 2
    order = [q["id"] for q in BANK]
    assert a == sorted(a, key=order.index)  # kept in bank order
    draws = {tuple(q.id for q in Quiz.from_yaml(bank, n=2, seed=s).questions) for s in range(20)}
    assert len(draws) > 1
    with pytest.raises(CXConfigError, match="between 1 and 4"):
        Quiz.from_yaml(bank, n=5)


def test_answers_persist_across_recreation(bank: Path):
    Quiz.from_yaml(bank).answer("single", "b")
    assert Quiz.from_yaml(bank).is_correct("single") is True
    Quiz.from_yaml(bank).reset()
    assert Quiz.from_yaml(bank).given("single") is None


# -- the widget -----------------------------------------------------------------------------------


def _fill(form, answers: dict) -> None:
    for qid, value in answers.items():
        box = form.inputs[qid]
        if hasattr(box, "children"):  # multiple: a box of check boxes
            for i, cb in enumerate(box.children):
                cb.value = i in value
        else:
            box.value = value


def test_widget_scores_a_full_set_of_answers(bank: Path, fake_customers):
    import ipywidgets as widgets

    form = show(bank)
    assert isinstance(form, widgets.VBox)
    assert isinstance(form.inputs["single"], widgets.RadioButtons)
    assert all(isinstance(cb, widgets.Checkbox) for cb in form.inputs["multi"].children)
    assert isinstance(form.inputs["num"], widgets.FloatText)
    _fill(form, {"single": 1, "multi": {0, 2}, "num": 3.1416, "data": 3})
    form.submit_button.click()
    assert form.quiz.score() == (4, 4)
    assert "4 / 4" in form.score_label.value
    assert "Because b." in form.feedback["single"].value
    _fill(form, {"single": 0, "multi": {0}})
    form.submit_button.click()
    assert "2 / 4" in form.score_label.value
    assert "Not a." in form.feedback["single"].value


def test_widget_unanswered_numeric_is_not_counted_as_zero(bank: Path):
    form = show(bank)
    form.submit_button.click()
    assert form.quiz.given("num") is None
    assert "0 / 4" in form.score_label.value


def test_widget_restores_answers_when_the_cell_is_rerun(bank: Path, fake_customers):
    form = show(bank)
    _fill(form, {"single": 1, "multi": {0, 2}, "num": 3.14})
    form.submit_button.click()
    again = show(bank)
    assert again.inputs["single"].value == 1
    assert [cb.value for cb in again.inputs["multi"].children] == [True, False, True]
    assert again.inputs["num"].value == pytest.approx(3.14)
    assert "3 / 4" in again.score_label.value  # feedback shown straight away
    again.submit_button.click()
    assert again.quiz.score() == (3, 4)


def test_group_mode_hides_then_reveals(bank: Path, fake_customers):
    form = show(bank, group=True)
    assert form.reveal_button is not None
    _fill(form, {"single": 1, "multi": {0, 2}, "num": 3.0, "data": 3})
    form.submit_button.click()
    assert form.quiz.score() == (3, 4)  # recorded ...
    assert "Score" not in form.score_label.value and "Wait for the instructor" in form.score_label.value
    assert all(fb.value == "" for fb in form.feedback.values())  # ... but nothing revealed
    assert not form.is_revealed()
    form.reveal_button.click()
    assert form.is_revealed()
    assert "3 / 4" in form.score_label.value
    assert "Because b." in form.feedback["single"].value and "Pi." in form.feedback["num"].value


def test_show_module_00_with_two_questions(fake_customers):
    form = show("00", n=2, seed=1)
    assert len(form.inputs) == 2
    assert show("00", n=2).reveal_button is None


def test_widget_displays_without_a_kernel(bank: Path):
    form = show(bank)
    bundle = form._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
