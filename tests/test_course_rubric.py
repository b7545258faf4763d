"""Rubrics, the self/peer-assessment form and the gradebook export (cxkit/course/rubric.py)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import nbformat
import pytest

from cxkit.course.rubric import (
    COLUMNS,
    RubricForm,
    export_gradebook,
    gradebook,
    load_rubric,
    rubric_names,
)
from cxkit.course.tasks import load_table, tasks
from cxkit.errors import CXDataError

pytestmark = pytest.mark.course


def test_every_rubric_loads_with_levels_0_to_top():
    assert len(rubric_names()) >= 9
    for name in rubric_names():
        r = load_rubric(name)
        for c in r.criteria:
            assert [lv.score for lv in c.levels] == list(range(len(c.levels)))


def test_every_rubric_a_task_names_exists():
    names = set(rubric_names())
    for module in load_table():
        for t in tasks(module):
            assert t.rubric is None or t.rubric in names, t.id


def test_assessment_scores_and_names_what_is_missing():
    r = load_rubric("complaint-reply")
    a = r.assess({"acknowledge": 2, "own": 2, "explain": 1, "fix": 2, "follow-up": 0})
    assert (a.score, a.max_score) == (7, 10)
    assert a.missing() == ["explain", "follow-up"]
    names = [name for name, _ in a.feedback()]
    assert names == ["Explain", "Follow up"]
    assert "Follow up (0/2)" in str(a)


def test_assessment_rejects_missing_and_bad_levels():
    r = load_rubric("complaint-reply")
    with pytest.raises(CXDataError, match=r"no level for .*follow-up"):
        r.assess({"acknowledge": 2, "own": 2, "explain": 1, "fix": 2})
    with pytest.raises(CXDataError, match="no level 3"):
        r.assess({"acknowledge": 3, "own": 2, "explain": 1, "fix": 2, "follow-up": 0})
    with pytest.raises(CXDataError, match="no criterion 'tone'"):
        r.assess({"tone": 1})


def _model_answers() -> list[str]:
    """Every model answer of the solutions (markdown solution blocks, artefact examples)."""
    texts = []
    for path in sorted(Path("solutions").glob("*.ipynb")):
        for cell in nbformat.read(path, 4).cells:
            texts += re.findall(r"<!--\s*BEGIN SOLUTION\s*-->(.*?)<!--\s*END SOLUTION", cell.source, re.S)
    texts += [p.read_text() for p in Path("solutions/artefacts").glob("*")]
    return texts


def _shingles(text: str, n: int = 6) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9']+", text.lower())
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def test_feedback_teaches_without_quoting_a_model_answer():
    models = set().union(*(_shingles(t) for t in _model_answers()))
    for name in rubric_names():
        for c in load_rubric(name).criteria:
            for lv in c.levels:
                shared = _shingles(lv.feedback) & models
                assert not shared, (name, c.id, lv.score, shared)


def test_form_records_a_peer_assessment_for_the_gradebook():
    form = RubricForm("complaint-reply", task="06.t8", assessor="peer")
    with pytest.raises(CXDataError, match="Choose a level"):
        form.assessment()
    form.set(acknowledge=2, own=2, explain=1, fix=2)
    form.set(**{"follow-up": 1})
    result = form.assessment()
    assert result.score == 8
    row = next(r for r in gradebook("ana") if r["task"] == "06.t8")
    assert (row["score"], row["max"], row["kind"]) == (8, 10, "artefact")


def test_form_widget_buttons_follow_set():
    form = RubricForm("written-answer", task="00.t4")
    form.set(answer=2)
    assert form.buttons["answer"].value == 2
    form.buttons["limits"].value = 1
    assert form.levels["limits"] == 1


def test_gradebook_lists_every_task_with_scores_from_checks_and_rubrics(tmp_path):
    results = {"03.persona": (6, 8), "00.t4": (7, 8)}
    checks = {"00.q1": True, "00.q2": False, "03.q3": True, "03.q4": True}
    rows = gradebook("ana", results=results, checks=checks)
    by_task = {r["task"]: r for r in rows}
    assert set(COLUMNS) == set(rows[0])
    assert by_task["00.t1"]["score"] == 1
    assert by_task["00.t2"]["score"] == 0
    assert by_task["00.t3"]["score"] is None  # not answered: empty, not zero
    assert (by_task["00.t4"]["score"], by_task["00.t4"]["max"]) == (7, 8)
    assert (by_task["03.t3"]["score"], by_task["03.t3"]["max"]) == (2, 2)
    persona = next(t for t in tasks("03") if "03.persona" in t.checks)
    assert by_task[persona.id]["score"] == 6
    n_tasks = sum(1 for m in load_table() for t in tasks(m) if t.max_score > 0)
    assert len(rows) == n_tasks


def test_export_is_an_lms_csv_and_never_overwrites(tmp_path):
    target = tmp_path / "grades.csv"
    export_gradebook(target, "ana", modules=["00"], results={}, checks={"00.q1": True})
    with target.open(newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == list(COLUMNS)
    assert rows[0] == {"learner": "ana", "task": "00.t1", "kind": "number", "score": "1", "max": "1"}
    assert rows[2]["score"] == ""
    export_gradebook(target, "ana", modules=["00"], results={}, checks={"00.q1": False})
    assert len(list(tmp_path.glob("grades.backup-*.csv"))) == 1
    with pytest.raises(CXDataError, match="learner"):
        export_gradebook(tmp_path / "x.csv", " ", results={}, checks={})
