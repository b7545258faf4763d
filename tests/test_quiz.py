"""Quizzes from YAML banks (cxkit/course/quiz.py) and the banks in modules/quizzes/."""

from __future__ import annotations

import re
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
    {
        "id": "num",
        "type": "numeric",
        "prompt": "Pi?",
        "answer": 3.14159,
        "tolerance": 0.01,
        "explanation": "Pi.",
    },
    {"id": "data", "type": "numeric", "prompt": "Customers?", "answer": "00.q1", "explanation": "From data."},
]


@pytest.fixture(autouse=True)
def _fresh_store():
    quiz._STORE.clear()
    getattr(quiz, "_GROUP_FORMS", {}).clear()
    yield
    quiz._STORE.clear()
    getattr(quiz, "_GROUP_FORMS", {}).clear()


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


@pytest.mark.course
def test_there_is_a_bank_for_module_00():
    assert any(p.name == "00-start-here.yaml" for p in BANKS)


@pytest.mark.parametrize("path", BANKS, ids=lambda p: p.name)
def test_every_bank_loads_and_validates(path: Path):
    title, questions = load_bank(path)
    assert title
    assert len(questions) >= 2
    assert len({q.id for q in questions}) == len(questions)


@pytest.mark.course
def test_module00_bank_is_about_the_course(fake_customers):
    _, questions = load_bank(repo_root() / "modules" / "quizzes" / "00-start-here.yaml")
    assert len(questions) >= 4
    numeric = [q for q in questions if q.type == "numeric"]
    assert numeric, "numeric answers come from the data"
    assert all(isinstance(q.answer, str) for q in numeric), "numeric answers come from the data"
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
        (
            [{**BANK[1], "options": [{"text": "x", "correct": False}, {"text": "y", "correct": False}]}],
            "at least one",
        ),
        ([BANK[0], BANK[0]], "used twice"),
        (_bad(prompt=""), "'prompt' is missing"),
        ([{k: v for k, v in BANK[0].items() if k != "explanation"}], "'explanation' is missing"),
        (_bad(type="essay"), "not one of single, multiple, numeric"),
        (_bad(explaination="typo"), "unknown field"),
        (_bad(options=[{"text": "a", "correct": True}]), "at least two options"),
        (
            _bad(options=[{"text": "a", "correct": "yes"}, {"text": "b", "correct": False}]),
            "correct: true or",
        ),
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
    assert "bad.yaml" in message
    assert words in message
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
    assert "Not a." in q.feedback("single")
    assert "Because b." in q.feedback("single")
    q.answer("single", 1)
    q.answer("multi", ["x", "z"])
    q.answer("num", 3.14)
    q.answer("data", 3)
    assert q.score() == (4, 4)
    assert q.feedback("single").startswith("Correct.")
    assert "Yes, b." in q.feedback("single")
    q.answer("multi", ["x"])
    assert q.is_correct("multi") is False
    assert "2 correct option" in q.feedback("multi")
    q.answer("num", 3.2)
    assert q.score() == (2, 4)
    with pytest.raises(CXConfigError, match="no option"):
        q.answer("single", "d")
    with pytest.raises(CXConfigError, match="no question"):
        q.answer("nope", 1)


def test_retake_subset_is_deterministic_with_a_seed(bank: Path):
    a = [q.id for q in Quiz.from_yaml(bank, n=2, seed=7).questions]
    b = [q.id for q in Quiz.from_yaml(bank, n=2, seed=7).questions]
    assert a == b
    assert len(a) == 2
    order = [q["id"] for q in BANK]
    assert a == sorted(a, key=order.index)  # kept in bank order
    draws = {tuple(q.id for q in Quiz.from_yaml(bank, n=2, seed=s).questions) for s in range(20)}
    assert len(draws) > 1
    with pytest.raises(CXConfigError, match="between 1 and 4"):
        Quiz.from_yaml(bank, n=5)


def test_a_new_quiz_starts_blank_and_restores_on_request(bank: Path, fake_customers):
    first = Quiz.from_yaml(bank)
    first.answer("single", "a")
    first.answer("num", 3.14)
    again = Quiz.from_yaml(bank)  # a retake: nothing answered, nothing marked
    assert again.given("single") is None
    assert again.verdict("single") is None
    assert again.score() == (0, 4)
    assert again.stored() == {"single": 0, "num": 3.14}
    assert again.restore() == 2  # only when asked
    assert again.given("single") == 0
    assert again.is_correct("num") is True


def test_restore_keeps_only_the_questions_drawn_again(bank: Path):
    Quiz.from_yaml(bank).answer("single", "b")
    Quiz.from_yaml(bank).answer("multi", ["x"])
    ids = {q.id for q in Quiz.from_yaml(bank, n=2, seed=7).questions}
    subset = Quiz.from_yaml(bank, n=2, seed=7)
    subset.restore()
    assert {qid for qid in ids if subset.given(qid) is not None} == ids & {"single", "multi"}
    assert set(subset.stored()) == ids & {"single", "multi"}


def test_reset_forgets_this_attempt_and_the_stored_answers(bank: Path):
    q = Quiz.from_yaml(bank)
    q.answer("single", "b")
    q.reset()
    assert q.given("single") is None
    assert Quiz.from_yaml(bank).stored() == {}


# -- numeric precision ----------------------------------------------------------------------------

ROUNDING = [
    {
        "id": "csat",
        "type": "numeric",
        "prompt": "CSAT, one decimal?",
        "answer": 86.8,
        "decimals": 1,
        "explanation": "87 of 100.",
    },
    {
        "id": "moe",
        "type": "numeric",
        "prompt": "Margin?",
        "answer": 4.39,
        "tolerance": 0.06,
        "explanation": "m.",
    },
    {"id": "exact", "type": "numeric", "prompt": "Count?", "answer": 87, "explanation": "e."},
    {
        "id": "two",
        "type": "numeric",
        "prompt": "Two decimals?",
        "answer": 0.1234,
        "decimals": 2,
        "explanation": "t.",
    },
]


@pytest.fixture
def rounding(tmp_path: Path) -> Quiz:
    path = tmp_path / "rounding.yaml"
    path.write_text(yaml.safe_dump(ROUNDING), encoding="utf-8")
    return Quiz.from_yaml(path)


@pytest.mark.parametrize(
    ("qid", "answer", "verdict"),
    [
        ("csat", 86.8, "correct"),
        ("csat", 86.84, "correct"),  # decimals: 1 -> tolerance half a unit of the first decimal
        ("csat", 86.9, "wrong"),
        ("csat", 87, "rounded"),  # the right value rounded to a whole number
        ("csat", 88, "wrong"),
        ("moe", 4.4, "correct"),
        ("moe", 4, "rounded"),  # tolerance 0.06 asks for one decimal
        ("moe", 5, "wrong"),
        ("exact", 87, "correct"),
        ("exact", 87.4, "wrong"),  # no precision asked for: nothing to say about rounding
        ("two", 0.12, "correct"),
        ("two", 0.1, "rounded"),
        ("two", 0.2, "wrong"),
    ],
)
def test_rounded_answers_are_told_so(rounding: Quiz, qid, answer, verdict):
    rounding.answer(qid, answer)
    assert rounding.verdict(qid) == verdict
    assert rounding.is_correct(qid) is (verdict == "correct")


def test_rounded_feedback_says_what_to_do(rounding: Quiz):
    rounding.answer("csat", 87)
    text = rounding.feedback("csat")
    assert text.startswith(
        "Almost: 87 is the right value rounded to a whole number, but the question asks for 1 decimal"
    )
    assert rounding.score() == (0, 4)  # rounded is not counted as right
    rounding.answer("two", "0.1")
    assert "rounded to 1 decimal, but the question asks for 2 decimals" in rounding.feedback("two")


@pytest.mark.parametrize("decimals", [-1, 1.5, "1", True, 11])
def test_decimals_are_validated(tmp_path: Path, decimals):
    path = _write(tmp_path, [{**ROUNDING[0], "decimals": decimals}])
    with pytest.raises(CXConfigError, match=r"'csat'.*decimals must be a whole number"):
        load_bank(path)


def test_decimals_only_for_numeric_questions(tmp_path: Path):
    with pytest.raises(CXConfigError, match="decimals are for numeric questions"):
        load_bank(_write(tmp_path, [{**BANK[0], "decimals": 1}]))


# -- the widget -----------------------------------------------------------------------------------


def _fill(form, answers: dict) -> None:
    for qid, value in answers.items():
        box = form.inputs[qid]
        if hasattr(box, "children"):  # multiple: a box of check boxes
            for i, cb in enumerate(box.children):
                cb.value = i in value
        elif isinstance(value, (int, float)) and form.quiz.question(qid).type == "numeric":
            box.value = str(value)
        else:
            box.value = value


def _blank(form) -> bool:
    for q in form.quiz.questions:
        box = form.inputs[q.id]
        if q.type == "single" and box.value is not None:
            return False
        if q.type == "multiple" and any(cb.value for cb in box.children):
            return False
        if q.type == "numeric" and box.value != "":
            return False
    return all(fb.value == "" for fb in form.feedback.values()) and form.score_label.value == ""


def test_widget_scores_a_full_set_of_answers(bank: Path, fake_customers):
    import ipywidgets as widgets

    form = show(bank)
    assert isinstance(form, widgets.VBox)
    assert isinstance(form.inputs["single"], widgets.RadioButtons)
    assert all(isinstance(cb, widgets.Checkbox) for cb in form.inputs["multi"].children)
    assert isinstance(form.inputs["num"], widgets.Text)
    _fill(form, {"single": 1, "multi": {0, 2}, "num": 3.1416, "data": 3})
    form.submit_button.click()
    assert form.quiz.score() == (4, 4)
    assert "4 / 4" in form.score_label.value
    assert "Because b." in form.feedback["single"].value
    _fill(form, {"single": 0, "multi": {0}})
    form.submit_button.click()
    assert "2 / 4" in form.score_label.value
    assert "Not a." in form.feedback["single"].value


def test_widget_options_show_their_whole_text():
    """Every option's full text is the label, and each check box is as wide as its text.

    No truncation in Python, and no fixed width of ipywidgets' 300 px (the wrapping itself is
    tested in the browser).
    """
    _, questions = load_bank(repo_root() / "modules" / "quizzes" / "07-cx-metrics.yaml")
    form = show("07")
    for q in questions:
        if q.type == "multiple":
            boxes = form.inputs[q.id].children
            assert [cb.description for cb in boxes] == [o.text.replace("`", "") for o in q.options]
            assert all(cb.layout.width == "auto" and not cb.indent for cb in boxes)
        elif q.type == "single":
            assert [label for label, _ in form.inputs[q.id].options] == [
                o.text.replace("`", "") for o in q.options
            ]
    assert "white-space: normal" in form.children[0].value
    assert form._dom_classes == ("cxkit-quiz", "cxkit-form")


def test_widget_unanswered_numeric_is_blank_not_zero(bank: Path):
    form = show(bank)
    assert form.inputs["num"].value == ""
    form.submit_button.click()
    assert form.quiz.given("num") is None
    assert "0 / 4" in form.score_label.value


def test_widget_numeric_text_that_is_not_a_number(bank: Path):
    form = show(bank)
    _fill(form, {"num": "three"})
    form.submit_button.click()
    assert form.quiz.given("num") is None
    assert "'three' is not a number" in form.feedback["num"].value


def test_widget_rounded_answer(tmp_path: Path):
    path = tmp_path / "rounding.yaml"
    path.write_text(yaml.safe_dump(ROUNDING), encoding="utf-8")
    form = show(path)
    _fill(form, {"csat": "87"})
    form.submit_button.click()
    assert "Almost: 87 is the right value rounded to a whole number" in form.feedback["csat"].value
    assert "≈" in form.feedback["csat"].value


def test_rerunning_the_cell_starts_blank(bank: Path, fake_customers):
    form = show(bank)
    _fill(form, {"single": 1, "multi": {0, 2}, "num": 3.14})
    form.submit_button.click()
    assert "3 / 4" in form.score_label.value
    again = show(bank)  # the cell run again: no answers, no verdicts, no score
    assert _blank(again)
    assert again.quiz.score() == (0, 4)
    assert again.restore_button.layout.display != "none"
    assert "(3)" in again.restore_button.description
    assert again.start_again_button.description == "Start again"


def test_restore_is_on_request_and_marks_nothing_until_submit(bank: Path, fake_customers):
    form = show(bank)
    _fill(form, {"single": 1, "multi": {0, 2}, "num": 3.14})
    form.submit_button.click()
    again = show(bank)
    again.restore_button.click()
    assert again.inputs["single"].value == 1
    assert [cb.value for cb in again.inputs["multi"].children] == [True, False, True]
    assert again.inputs["num"].value == "3.14"
    assert all(fb.value == "" for fb in again.feedback.values())
    assert "Score" not in again.score_label.value
    again.submit_button.click()
    assert "3 / 4" in again.score_label.value
    assert show(bank, restore=True).inputs["single"].value == 1
    quiz._STORE.clear()
    assert _blank(show(bank, restore=True))  # nothing earlier: nothing to say


def test_start_again_clears_the_form_and_draws_anew(bank: Path, fake_customers):
    form = show(bank, n=2)
    draws = set()
    for _ in range(12):
        _fill(
            form,
            {
                q.id: 0 if q.type == "single" else {0} if q.type == "multiple" else 1.0
                for q in form.quiz.questions
            },
        )
        form.submit_button.click()
        assert "Score" in form.score_label.value
        form.start_again_button.click()
        assert _blank(form)
        assert form.quiz.stored() == {}
        draws.add(tuple(q.id for q in form.quiz.questions))
    assert len(draws) > 1  # a random draw (no seed) gives new questions
    seeded = show(bank, n=2, seed=3)
    before = [q.id for q in seeded.quiz.questions]
    seeded.start_again_button.click()
    assert [q.id for q in seeded.quiz.questions] == before


def test_group_mode_the_reveal_is_the_instructors(bank: Path, fake_customers):
    form = show(bank, group=True)
    assert form.reveal_button is None  # no reveal control on the room's form
    assert not any("Reveal" in getattr(w, "description", "") for w in form.children[3].children)
    _fill(form, {"single": 1, "multi": {0, 2}, "num": 3.0, "data": 3})
    form.submit_button.click()
    assert form.quiz.score() == (3, 4)  # recorded ...
    assert "Score" not in form.score_label.value
    assert "instructor reveals" in form.score_label.value
    assert all(fb.value == "" for fb in form.feedback.values())  # ... but nothing marked
    assert not form.is_revealed()
    key = quiz.reveal(bank)  # the instructor's cell
    assert form.is_revealed()
    assert "3 / 4" in form.score_label.value
    assert "Because b." in form.feedback["single"].value
    assert "Pi." in form.feedback["num"].value
    assert "<strong>Answer:</strong> b" in key.value
    assert "<strong>Answer:</strong> 3.14<" in key.value


def test_group_mode_draws_n_questions_and_reveals_those(bank: Path, fake_customers):
    form = show(bank, group=True, n=2, seed=5)
    drawn = [q.id for q in form.quiz.questions]
    assert len(drawn) == 2
    assert len(form.inputs) == 2
    key = quiz.reveal(bank).value
    assert key.count("<li>") == 2
    # nobody answered: the reveal still gives each drawn question's answer and explanation
    for q in form.quiz.questions:
        assert f"The answer: {form.quiz.answer_text(q.id)}" in form.feedback[q.id].value
    for q in BANK:
        assert (q["explanation"] in key) is (q["id"] in drawn)


def test_reveal_without_a_group_form_says_what_to_do(bank: Path):
    getattr(quiz, "_GROUP_FORMS", {}).clear()
    with pytest.raises(CXConfigError, match=r"group=True.*then run quiz.reveal"):
        quiz.reveal(bank)


@pytest.mark.course
def test_show_module_00_with_two_questions(fake_customers):
    form = show("00", n=2, seed=1)
    assert len(form.inputs) == 2
    assert show("00", n=2).reveal_button is None


def test_widget_displays_without_a_kernel(bank: Path):
    form = show(bank)
    bundle = form._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle


# -- issue 32 item 5: feedback in Markdown, multi-select feedback option by option in one voice ----


def _voice_bank(tmp_path: Path) -> Path:
    questions = [
        {
            "id": "multi",
            "type": "multiple",
            "prompt": "Which are unseen?",
            "options": [
                {"text": "Asking a friend", "correct": True, "feedback": "Yes: outside every `system`."},
                {"text": "Adding to the basket", "correct": False, "feedback": "The app records it."},
                {
                    "text": "Waiting at home",
                    "correct": True,
                    "feedback": "Right, the company sees only the parcel.",
                },
                {"text": "Calling support", "correct": False},
            ],
            "explanation": "Ask customers: **interviews** or diaries.",
        },
        {
            "id": "one",
            "type": "single",
            "prompt": "Pick b.",
            "options": [
                {"text": "a", "correct": False, "feedback": "No: `a` is the **old** field."},
                {"text": "b", "correct": True},
            ],
            "explanation": "Each stage has an `emotion`.",
        },
    ]
    path = tmp_path / "voice.yaml"
    path.write_text(yaml.safe_dump(questions), encoding="utf-8")
    return path


def test_multi_select_feedback_goes_option_by_option_in_one_voice(tmp_path: Path):
    from cxkit.course.quiz import _feedback_html

    q = Quiz.from_yaml(_voice_bank(tmp_path))
    q.answer("multi", [0, 1])  # one right tick, one wrong tick, one right option missed
    page = _feedback_html(q, q.question("multi"))
    items = re.findall(r"<li>(.*?)</li>", page)
    assert len(items) == 3  # the untouched wrong option says nothing
    assert (
        "<strong>Right to tick:</strong> <em>Asking a friend</em>. Outside every <code>system</code>."
        in items[0]
    )
    assert "<strong>Not this one:</strong> <em>Adding to the basket</em>. The app records it." in items[1]
    assert (
        "<strong>Also right, not ticked:</strong> <em>Waiting at home</em>. The company sees only" in items[2]
    )
    assert "Yes:" not in page
    assert "Right," not in page
    assert "<strong>interviews</strong>" in page
    assert "`" not in page
    assert "**" not in page


def test_feedback_and_explanations_are_rendered_markdown(tmp_path: Path):
    from cxkit.course.quiz import _feedback_html

    q = Quiz.from_yaml(_voice_bank(tmp_path))
    q.answer("one", 0)
    page = _feedback_html(q, q.question("one"))
    assert "<strong>Not quite.</strong> <code>a</code> is the <strong>old</strong> field." in page
    assert "Each stage has an <code>emotion</code>." in page
    assert "`" not in page


def test_the_quiz_form_marks_the_chosen_option_visibly(tmp_path: Path):
    from cxkit.widgets.base import FORM_CLASS

    form = show(_voice_bank(tmp_path))
    assert FORM_CLASS in form._dom_classes
    css = form.children[0].value
    assert "input:checked" in css
    assert "accent-color" in css
