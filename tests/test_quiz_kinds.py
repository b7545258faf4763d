"""What the knowledge checks ask (issue 27 item 5): kinds per quiz, no give-away distractors."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from cxkit.course.quiz import KINDS, load_bank

pytestmark = pytest.mark.course

ROOT = Path(__file__).resolve().parents[1]
BANKS = sorted((ROOT / "modules" / "quizzes").glob("[0-9][0-9]-*.yaml"))


def _bank(nn: str):
    return load_bank(next(p for p in BANKS if p.name.startswith(nn)))[1]


@pytest.mark.parametrize("path", BANKS, ids=lambda p: p.name[:2])
def test_every_item_has_a_kind(path):
    _, questions = load_bank(path)
    assert all(q.kind in KINDS for q in questions), [q.id for q in questions if q.kind not in KINDS]


@pytest.mark.parametrize("nn", [f"{n:02d}" for n in range(1, 12)])
def test_a_third_transfer_and_at_most_one_figure(nn):
    questions = _bank(nn)
    kinds = Counter(q.kind for q in questions)
    assert 3 * kinds["transfer"] >= len(questions), f"quiz {nn}: {dict(kinds)}"
    assert kinds["figure"] <= 1, f"quiz {nn}: {[q.id for q in questions if q.kind == 'figure']}"


def test_quiz_06_covers_principles_elements_and_skills():
    text = {q.id: q.prompt.lower() + " " + q.explanation.lower() for q in _bank("06")}
    for topic in ("principles", "elements", "skills"):
        assert any(topic in t for t in text.values()), topic


def test_the_give_away_distractors_are_gone():
    gone = (
        "answering every support call personally",
        "the colour of the checkout button",
        "check that the log-likelihood is negative",
        "drop csat because it cannot be measured",
    )
    for path in BANKS:
        for q in load_bank(path)[1]:
            for o in q.options:
                assert o.text.lower().rstrip(".") not in gone, (path.name, q.id, o.text)


@pytest.mark.parametrize("path", BANKS, ids=lambda p: p.name[:2])
def test_every_named_misconception_is_explained_in_the_facilitator_notes(path):
    notes = next((ROOT / "workshops" / "notes").glob(f"{path.name[:2]}-*.md")).read_text().lower()
    for q in load_bank(path)[1]:
        for o in q.options:
            assert not (o.correct and o.misconception), (q.id, o.text)
            if o.misconception:
                assert o.misconception.lower() in notes, (path.name, q.id, o.misconception)


@pytest.mark.parametrize("nn", ["03", "06"])
def test_every_distractor_of_quizzes_03_and_06_names_its_misconception(nn):
    for q in _bank(nn):
        for o in q.options:
            if not o.correct and q.type != "numeric":
                assert o.misconception, (nn, q.id, o.text)
