"""The room exchange (cxkit/course/room.py) and the group quiz's use of it (quiz.show(group=True), reveal)."""

from __future__ import annotations

import json
import multiprocessing
import os
from pathlib import Path

import pytest
import yaml

from cxkit import quiz
from cxkit.course import room
from cxkit.course.quiz import show
from cxkit.errors import CXConfigError, CXDataWarning

BANK = [
    {
        "id": "single",
        "type": "single",
        "prompt": "Pick `b`.",
        "options": [
            {"text": "a", "correct": False},
            {"text": "b", "correct": True},
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
            {"text": "y", "correct": False},
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
]

# Three learners' answers, by option index (single), indices (multiple) and number (numeric).
ROOM = {
    "ana": {"single": 1, "multi": {0, 2}, "num": 3.14},
    "ben": {"single": 0, "multi": {1}, "num": 3.0},
    "chen": {"single": 1, "multi": {0}, "num": 3.14},
}


@pytest.fixture(autouse=True)
def _clean(monkeypatch):
    for var in (room.ROOM_ENV, room.LEARNER_ENV, "JUPYTERHUB_USER"):
        monkeypatch.delenv(var, raising=False)
    quiz._STORE.clear()
    quiz._GROUP_FORMS.clear()
    yield
    quiz._STORE.clear()
    quiz._GROUP_FORMS.clear()


@pytest.fixture
def bank(tmp_path: Path) -> Path:
    path = tmp_path / "course" / "07-test.yaml"
    path.parent.mkdir()
    path.write_text(yaml.safe_dump(BANK), encoding="utf-8")
    return path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "room"
    path.mkdir()
    return path


def _fill(form, answers: dict) -> None:
    for qid, value in answers.items():
        box = form.inputs[qid]
        if hasattr(box, "children"):
            for i, cb in enumerate(box.children):
                cb.value = i in value
        elif form.quiz.question(qid).type == "numeric":
            box.value = str(value)
        else:
            box.value = value


def _learner_submits(monkeypatch, bank: Path, name: str, answers: dict, **kwargs):
    """One learner's kernel: their own group form, Submit."""
    monkeypatch.setenv("JUPYTERHUB_USER", name)
    quiz._GROUP_FORMS.clear()  # another kernel: the instructor's session holds no learner's form
    form = show(bank, group=True, **kwargs)
    _fill(form, answers)
    form.submit_button.click()
    return form


def test_three_learners_submit_and_the_reveal_shows_three_per_question(monkeypatch, bank, folder):
    monkeypatch.setenv(room.ROOM_ENV, str(folder))
    for name, answers in ROOM.items():
        form = _learner_submits(monkeypatch, bank, name, answers)
        assert f"Sent to the room as {name}" in form.score_label.value
    assert [p.name for p in sorted((folder / "quizzes" / "07-test").glob("*.json"))] == [
        "ana.json",
        "ben.json",
        "chen.json",
    ]
    subs = room.submissions("07-test")
    assert [s.learner for s in subs] == ["ana", "ben", "chen"]
    assert subs[0].answers == {"single": "b", "multi": ["x", "z"], "num": 3.14}  # option texts, not indices
    quiz._GROUP_FORMS.clear()  # the instructor's own kernel: no form shown there
    table = room.tally(quiz.Quiz.from_yaml(bank).questions, subs)
    assert table.groupby("question")["answered"].first().to_dict() == {"single": 3, "multi": 3, "num": 3}
    counts = {(r.question, r.option): r.learners for r in table.itertuples()}
    assert counts[("single", "a")] == 1
    assert counts[("single", "b")] == 2
    assert counts[("single", "c")] == 0
    assert counts[("multi", "x")] == 2
    assert counts[("multi", "y")] == 1
    assert counts[("multi", "z")] == 1
    assert counts[("num", "3.14")] == 2
    assert counts[("num", "3")] == 1
    assert table.set_index(["question", "option"]).loc[("num", "3.14"), "correct"]
    shown = quiz.reveal(bank).value
    assert "3 learners submitted" in shown
    assert shown.count("(3 answered)") == 3
    assert shown.index("The room's answers") < shown.index("<strong>Answer:</strong> b")  # distribution first
    assert "✔ right" in shown  # the right options are marked in words, not colour alone
    for name in ROOM:
        assert name not in shown  # nobody's name on the projector


def test_a_second_submission_replaces_the_first_and_keeps_it(monkeypatch, bank, folder):
    monkeypatch.setenv(room.ROOM_ENV, str(folder))
    _learner_submits(monkeypatch, bank, "ana", {"single": 0})
    form = _learner_submits(monkeypatch, bank, "ana", {"single": 1})
    assert "your submission 2: the last one counts" in form.score_label.value
    (last,) = room.submissions("07-test")
    assert (last.learner, last.version, last.answers["single"]) == ("ana", 2, "b")
    kept = room.history("07-test", learner="ana")
    assert [(s.version, s.answers["single"]) for s in kept] == [(1, "a"), (2, "b")]
    table = room.tally(quiz.Quiz.from_yaml(bank).questions, room.submissions("07-test"))
    assert table[table.question == "single"].set_index("option")["learners"].to_dict() == {
        "a": 0,
        "b": 1,
        "c": 0,
    }


def _submit_many(args: tuple[str, str, int]) -> int:
    folder, name, i = args
    return room.submit("07-test", {"single": "abc"[i % 3]}, learner=name, room=folder).version


def test_concurrent_writes_lose_nothing(folder):
    # 24 learners at once, and one learner submitting 8 times at once (two tabs, a double click)
    jobs = [(str(folder), f"learner{k}", k) for k in range(24)] + [(str(folder), "eve", k) for k in range(8)]
    with multiprocessing.get_context("fork").Pool(6) as pool:
        versions = pool.map(_submit_many, jobs)
    assert sorted(versions[24:]) == list(range(1, 9))  # eve: eight numbers, none taken twice
    subs = room.submissions("07-test", room=folder)
    assert len(subs) == 25
    assert all(s.version == 1 for s in subs if s.learner != "eve")
    (eve,) = (s for s in subs if s.learner == "eve")
    assert eve.version == 8  # the last counts
    assert len(room.history("07-test", learner="eve", room=folder)) == 8
    assert not [p for p in (folder / "quizzes" / "07-test").rglob(".tmp-*")]  # no temporary file left


def test_a_bad_room_folder_is_a_clear_error_naming_the_path(monkeypatch, tmp_path, bank):
    missing = tmp_path / "no-such-room"
    with pytest.raises(CXConfigError, match=f"room folder {missing} \\(the room= argument\\) does not exist"):
        room.submit("07-test", {"single": "a"}, learner="ana", room=missing)
    monkeypatch.setenv(room.ROOM_ENV, str(missing))
    with pytest.raises(
        CXConfigError, match=f"{missing} \\(the environment variable CXKIT_ROOM\\) does not exist"
    ):
        show(bank, group=True)  # before the room answers, not on Submit
    a_file = tmp_path / "room.txt"
    a_file.write_text("x")
    with pytest.raises(CXConfigError, match=f"{a_file} .*is a file, not a folder"):
        room.room_dir(a_file)
    if os.geteuid() != 0:  # root may write anywhere
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        with pytest.raises(CXConfigError, match=f"{locked} .*cannot be written"):
            room.room_dir(locked)
    monkeypatch.delenv(room.ROOM_ENV)
    with pytest.raises(CXConfigError, match="set the environment variable CXKIT_ROOM"):
        room.submissions("07-test")


def test_without_a_room_the_group_form_stays_local(bank):
    form = show(bank, group=True)
    _fill(form, {"single": 1})
    form.submit_button.click()
    assert "Sent to the room" not in form.score_label.value
    assert "<strong>Answer:</strong> b" in quiz.reveal(bank).value


def test_learners_see_the_rooms_totals_without_the_answers(monkeypatch, bank, folder):
    monkeypatch.setenv(room.ROOM_ENV, str(folder))
    for name, answers in ROOM.items():
        _learner_submits(monkeypatch, bank, name, answers)
    totals = quiz.room_totals(bank).value
    assert totals.count("(3 answered)") == 3
    assert "✔" not in totals
    assert "#009E73" not in totals
    assert "Answer:" not in totals
    assert not any(name in totals for name in ROOM)


def test_learner_names_and_files(monkeypatch, folder):
    assert room.learner_name("zoe") == "zoe"
    monkeypatch.setenv(room.LEARNER_ENV, "max")
    assert room.learner_name() == "max"
    monkeypatch.setenv("JUPYTERHUB_USER", "hub-user")
    assert room.learner_name() == "hub-user"
    monkeypatch.delenv("JUPYTERHUB_USER")
    monkeypatch.delenv(room.LEARNER_ENV)
    assert "@" in room.learner_name()  # user@host: two laptops with the same login stay two learners
    sub = room.submit("07-test", {"single": "a"}, learner="../../etc/passwd", room=folder)
    files = list((folder / "quizzes" / "07-test").glob("*.json"))
    assert len(files) == 1
    assert files[0].parent == folder / "quizzes" / "07-test"
    assert json.loads(files[0].read_text())["learner"] == sub.learner == "../../etc/passwd"
    with pytest.raises(CXConfigError, match="a file name such as"):
        room.submit("../x", {}, learner="a", room=folder)


def test_a_foreign_file_in_the_room_is_skipped_with_a_warning(folder):
    room.submit("07-test", {"single": "a"}, learner="ana", room=folder)
    (folder / "quizzes" / "07-test" / "notes.json").write_text("{not json")
    with pytest.warns(CXDataWarning, match="notes.json"):
        subs = room.submissions("07-test", room=folder)
    assert [s.learner for s in subs] == ["ana"]


@pytest.mark.slow  # about 6 s on the loaded 2-core machine (the scores and the widget)
def test_the_rooms_self_assessment_chart_follows_the_room(folder):
    from cxkit.errors import CXDataError

    forms = {who: room.RoomAssessmentForm(room=folder, learner=who) for who in ("ana", "ben", "chen")}
    projector = room.RoomAssessmentForm(room=folder, learner="instructor")
    items = forms["ana"].item_ids
    for score, form in zip((5, 3, 1), forms.values(), strict=True):
        form.set(**dict.fromkeys(items, score)).add_rater()
        assert form.n_raters == len(room.submissions("self-assessment", room=folder, kind="forms"))
    assert projector.n_raters == 0  # the projector reads the room when asked ...
    assert projector.refresh().n_raters == 3  # ... and then shows the three learners
    assert float(projector.result.loc["overall", "score"]) == 3.0  # (5 + 3 + 1) / 3
    # a second submission replaces the first (the chart counts ana once) and the first is kept
    forms["ana"].set(**dict.fromkeys(items, 2)).add_rater()
    assert forms["ana"].n_raters == 3
    assert float(forms["ana"].result.loc["overall", "score"]) == 2.0  # (2 + 3 + 1) / 3
    kept = room.history("self-assessment", learner="ana", room=folder, kind="forms")
    assert [s.answers[items[0]] for s in kept] == [5, 2]
    with pytest.raises(CXDataError, match=items[1]):
        forms["ben"].set(**{items[0]: 4}).add_rater()  # not every statement answered: nothing sent
    assert len(room.history("self-assessment", learner="ben", room=folder, kind="forms")) == 1
    with pytest.raises(CXConfigError, match="another name"):
        projector.clear_team()  # a room's round is never wiped from a form
    ui = projector.widget()

    def buttons(w):  # every button in the form, wherever the layout puts it
        yield from [w.description] if hasattr(w, "on_click") else []
        for child in getattr(w, "children", ()):
            yield from buttons(child)

    assert "Show the room's latest" in list(buttons(ui))
