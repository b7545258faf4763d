"""The CX maturity self-assessment of module 10: the same questionnaire machinery and form as module 06."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pandas as pd
import pytest

from cxkit.errors import CXConfigError, CXDataError
from cxkit.service import (
    example_answers,
    load_questionnaire,
    maturity_levels,
    maturity_questionnaire,
    plot_self_assessment,
    self_assessment,
)
from cxkit.widgets import SelfAssessmentForm

DIMENSIONS = ["strategy", "customer_understanding", "design", "measurement", "governance", "culture"]


def test_questionnaire_has_six_dimensions_with_five_levels():
    q = maturity_questionnaire()
    assert q.principles == DIMENSIONS
    assert q.facet == "dimension"
    assert q.title == "CX maturity self-assessment"
    assert all(len(d.levels) == 5 for d in q.dimensions)
    assert len(q.level_names) == 5
    assert all(sum(it.principle == d for it in q.items) == 2 for d in DIMENSIONS)


@pytest.mark.course
def test_the_course_questionnaire_is_unchanged():
    q = load_questionnaire()
    assert q.facet == "principle"
    assert q.dimensions == ()
    assert len(q.items) == 14
    r = self_assessment(example_answers(round="March"))
    assert r.index.name == "principle"
    assert r.loc["customer_centricity", "name"] == "Customer-centricity"


def test_scores_by_hand():
    # two raters: strategy items 3/4 and 5/4 -> rater means 3.5 and 4.5 -> team 4.0;
    # every other item 2 -> 2.0; overall per rater (3.5 + 5*2)/6 = 2.25 and (4.5 + 10)/6 = 2.4167.
    q = maturity_questionnaire()
    a = pd.DataFrame({i: [2, 2] for i in q.item_ids})
    a["st1"], a["st2"] = [3, 5], [4, 4]
    r = self_assessment(a, questionnaire=q)
    assert r.index.name == "dimension"
    assert r.loc["strategy", "score"] == pytest.approx(4.0)
    assert r.loc["governance", "score"] == pytest.approx(2.0)
    assert r.loc["overall", "score"] == pytest.approx((2.25 + 14.5 / 6) / 2)
    assert r.loc["customer_understanding", "name"] == "Customer understanding"
    m = maturity_levels(r, questionnaire=q)
    assert m.loc["strategy", ["level", "level_name"]].tolist() == [4, "Managed"]
    assert m.loc["strategy", "next_step"] == q.dimensions[0].levels[4]
    assert m.loc["governance", ["level", "level_name"]].tolist() == [2, "Emerging"]


def test_level_edges():
    q = maturity_questionnaire()
    top = self_assessment(pd.DataFrame({i: [5] for i in q.item_ids}), questionnaire=q)
    m = maturity_levels(top, questionnaire=q)
    assert set(m["level"]) == {5}
    assert set(m["next_step"]) == {""}
    bottom = maturity_levels(
        self_assessment(pd.DataFrame({i: [1] for i in q.item_ids}), questionnaire=q), questionnaire=q
    )
    assert set(bottom["level_name"]) == {"Ad hoc"}


def test_example_team_and_figure():
    q = maturity_questionnaire()
    team = example_answers(round="January", questionnaire=q)
    assert team.shape == (5, 12)
    r = self_assessment(team, questionnaire=q)
    assert r["n_raters"].eq(5).all()
    ax = plot_self_assessment(r).axes[0]
    assert ax.get_title() == "Team self-assessment: score per dimension (5 raters; lines: 95% interval)"
    assert [t.get_text() for t in ax.get_yticklabels()][-1] == "Strategy"


def test_bad_inputs():
    q = maturity_questionnaire()
    with pytest.raises(CXDataError, match="cc1"):  # an item of the other questionnaire
        self_assessment({"cc1": 3}, questionnaire=q)
    answers = dict.fromkeys(q.item_ids, 3)
    answers["go1"] = 6
    with pytest.raises(CXDataError, match="go1"):
        self_assessment(answers, questionnaire=q)
    with pytest.raises(CXConfigError, match="dimensions"):
        maturity_levels(self_assessment(example_answers(round="March")), questionnaire=load_questionnaire())
    with pytest.raises(CXConfigError, match="round"):
        example_answers(round="March", questionnaire=q)


def _write(tmp_path, text):
    p = tmp_path / f"q{len(list(tmp_path.iterdir()))}.yaml"  # a new name each time: loading is cached
    p.write_text(text)
    return p


BASE = """scale: {min: 1, max: 3, labels: [a, b, c]}
level_names: [low, mid, high]
dimensions:
  - {id: x, name: X, levels: [l1, l2, l3]}
items:
  - {id: x1, dimension: x, text: "A statement."}
"""


def test_own_questionnaire_and_its_errors(tmp_path):
    q = load_questionnaire(path=_write(tmp_path, BASE))
    assert q.principles == ["x"]
    assert q.facet == "dimension"
    with pytest.raises(CXDataError, match="unknown dimension"):
        load_questionnaire(path=_write(tmp_path, BASE.replace("dimension: x,", "dimension: y,")))
    with pytest.raises(CXDataError, match="level descriptions"):
        load_questionnaire(path=_write(tmp_path, BASE.replace("[l1, l2, l3]", "[l1, l2]")))
    with pytest.raises(CXDataError, match="level names"):
        load_questionnaire(path=_write(tmp_path, BASE.replace("[low, mid, high]", "[low]")))
    with pytest.raises(CXDataError, match="without a statement"):
        load_questionnaire(
            path=_write(
                tmp_path,
                BASE.replace(
                    "levels: [l1, l2, l3]}", "levels: [l1, l2, l3]}\n  - {id: z, name: Z, levels: [a, b, c]}"
                ),
            )
        )
    with pytest.raises(CXDataError, match="wrong fields"):
        load_questionnaire(path=_write(tmp_path, BASE.replace("dimension: x,", "principle: x,")))


def test_form_runs_the_maturity_questionnaire():
    form = SelfAssessmentForm(maturity_questionnaire())
    assert len(form.missing) == 12
    form.set(**dict.fromkeys(form.item_ids, 3)).add_rater()
    form.set(**dict.fromkeys(form.item_ids, 4)).add_rater()
    assert form.n_raters == 2
    assert form.result.loc["overall", "score"] == pytest.approx(3.5)
    html = form.chart_html()
    assert "Team score per dimension" in html
    assert "Customer understanding" in html
    box = form.widget()
    assert "CX maturity self-assessment" in box.children[0].value
    form.buttons["st1"].value = 5  # the widget's state follows the buttons
    assert form.answers["st1"] == 5
