"""cxkit.service framework and self-assessment: the YAML data, the worked example, every bad answer."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from scipy import stats

from cxkit.errors import CXConfigError, CXDataError, CXFileNotFoundError
from cxkit.service import (
    compare_assessments,
    framework,
    load_framework,
    load_questionnaire,
    plot_self_assessment,
    self_assessment,
    self_assessment_alt,
)
from cxkit.service.excellence import FRAMEWORK_PATH

IDS = load_questionnaire().item_ids


def _answers(**cols):
    """Three raters answering 4 everywhere, except the columns given."""
    a = pd.DataFrame({i: [4, 4, 4] for i in IDS})
    for k, v in cols.items():
        a[k] = v
    return a


@pytest.mark.course
def test_framework_has_the_course_lists():
    fw = framework()
    assert [p.name for p in fw.principles] == [
        "Customer-centricity",
        "Responsiveness",
        "Empathy and understanding",
        "Knowledge and expertise",
        "Personalisation",
        "Proactive communication",
        "Continuous improvement",
    ]
    assert [e.name for e in fw.elements] == [
        "Know your company",
        "Go to the customers",
        "Focus on quality",
        "Learn from customers",
        "Be flexible",
        "Admit mistakes",
        "Develop skills",
    ]
    assert [s.name for s in fw.skills] == [
        "Active listening",
        "Empathy",
        "Positive language",
        "Clear communication",
        "Patience",
        "Self-control",
        "Taking responsibility",
        "Adaptability",
        "Persuasive speaking",
    ]
    assert [lv.level for lv in fw.levels] == [1, 2, 3, 4]
    # ISO 10002:2018, clause 4: the guiding principles of its current edition
    assert [n for n, _ in fw.complaint_principles] == [
        "Commitment", "Capability", "Transparency", "Accessibility", "Responsiveness", "Objectivity",
        "Charges", "Information integrity", "Confidentiality", "Customer-focused approach",
        "Accountability", "Improvement", "Competence", "Timeliness",
    ]  # fmt: skip
    for p in fw.practices:
        assert p.behaviours
        assert p.evidence
        assert 1 <= p.iso_level <= 4
        assert p.scenario.before != p.scenario.after
    table = fw.to_frame()
    assert table.shape[0] == 23
    assert set(table["kind"]) == {"principle", "element", "skill"}
    with pytest.raises(CXConfigError, match="customer_centricity"):
        fw.item("speed")


def test_every_principle_has_questions():
    q = load_questionnaire()
    assert q.principles == [p.id for p in framework().principles]
    assert all(sum(it.principle == p for it in q.items) == 2 for p in q.principles)


def test_framework_file_errors(tmp_path):
    with pytest.raises(CXFileNotFoundError):
        load_framework(path=tmp_path / "none.yaml")
    text = FRAMEWORK_PATH.read_text(encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace("iso_level: 4", "iso_level: 7", 1), encoding="utf-8")
    with pytest.raises(CXDataError, match=r"iso_level.*found 7"):
        load_framework(path=bad)
    bad.write_text(text.replace("    evidence:", "    proof:", 1), encoding="utf-8")
    with pytest.raises(CXDataError, match="wrong fields"):
        load_framework(path=bad)


def test_questionnaire_file_errors(tmp_path):
    q = tmp_path / "q.yaml"
    q.write_text(
        "scale: {min: 1, max: 5, labels: [a, b, c, d, e]}\nitems:\n"
        "  - {id: x1, principle: speed, text: Fast.}\n",
        encoding="utf-8",
    )
    with pytest.raises(CXDataError, match=r"unknown principle.*speed"):
        load_questionnaire(path=q)
    q.write_text("scale: {min: 1, max: 5, labels: [a, b]}\nitems: []\n", encoding="utf-8")
    with pytest.raises(CXDataError, match="scale"):
        load_questionnaire(path=q)


def test_self_assessment_worked_example():
    # customer-centricity: raters answer (cc1, cc2) = (4, 4), (5, 4), (3, 2) -> 4, 4.5, 2.5
    r = self_assessment(_answers(cc1=[4, 5, 3], cc2=[4, 4, 2]))
    cc = r.loc["customer_centricity"]
    assert cc["score"] == pytest.approx(11 / 3)
    sd = math.sqrt(((4 - 11 / 3) ** 2 + (4.5 - 11 / 3) ** 2 + (2.5 - 11 / 3) ** 2) / 2)
    assert cc["sd"] == pytest.approx(sd)
    half = stats.t.ppf(0.975, 2) * sd / math.sqrt(3)
    assert (cc["low"], cc["high"]) == pytest.approx((11 / 3 - half, 11 / 3 + half))
    assert (cc["n_raters"], cc["n_items"]) == (3, 2)
    # every other principle is 4 for every rater: no spread, yet the interval is not the point
    # (test_answers_all_alike_never_get_a_zero_width_interval gives its value)
    assert r.loc["responsiveness", "score"] == 4.0
    assert r.loc["responsiveness", "low"] < 4.0 < r.loc["responsiveness", "high"]
    # overall: each rater's mean of 7 principle scores: (6*4 + 4)/7, (6*4 + 4.5)/7, (6*4 + 2.5)/7
    assert r.loc["overall", "score"] == pytest.approx((24 * 3 + 11) / 21)
    assert list(r.index)[-1] == "overall"
    assert r.loc["overall", "name"] == "Overall"
    assert r.loc["customer_centricity", "name"] == "Customer-centricity"


def test_one_rater_as_dict_has_no_interval():
    r = self_assessment(dict.fromkeys(IDS, 3))
    assert r["score"].eq(3).all()
    assert r["low"].isna().all()
    assert r["sd"].isna().all()


@pytest.mark.parametrize(
    ("cols", "match"),
    [
        ({"re2": [4, 6, 4]}, r"column 're2', row 1: answer out of range: found 6"),
        ({"re2": [4, 0, 4]}, r"column 're2', row 1: answer out of range: found 0"),
        ({"em1": [4, 3.5, 4]}, r"column 'em1', row 1: answer out of range: found 3.5"),
        ({"em1": ["4", 4, 4]}, r"column 'em1', row 0: answer out of range: found '4'"),
        ({"em1": [True, 4, 4]}, r"column 'em1', row 0: answer out of range"),
        ({"kn1": [4, None, 4]}, r"column 'kn1', row 1: missing answer"),
        ({"pe1": [4, float("nan"), 4]}, r"column 'pe1', row 1: missing answer"),
        ({"speed": [4, 4, 4]}, r"column 'speed'.*not an item"),
    ],
)
def test_bad_answers_name_the_item(cols, match):
    with pytest.raises(CXDataError, match=match):
        self_assessment(_answers(**cols))


def test_missing_item_column_and_other_bad_inputs():
    with pytest.raises(CXDataError, match=r"column 'ci2'.*missing answer"):
        self_assessment(_answers().drop(columns="ci2"))
    with pytest.raises(CXDataError, match="no raters"):
        self_assessment(_answers().iloc[:0])
    with pytest.raises(CXDataError, match="table"):
        self_assessment([4, 4, 4])
    with pytest.raises(CXConfigError, match="confidence"):
        self_assessment(_answers(), confidence=1.5)
    with pytest.raises(CXConfigError, match="questionnaire"):
        self_assessment(_answers(), questionnaire=42)


def test_compare_assessments_is_welch():
    a = _answers(cc1=[5, 5, 4, 5][:3], cc2=[5, 4, 4][:3])
    b = pd.DataFrame({i: [3, 2, 4, 3] for i in IDS})
    c = compare_assessments(a, b, names=("June", "March"))
    x = [5, 4.5, 4]
    y = [3, 2, 4, 3]
    res = stats.ttest_ind(x, y, equal_var=False)
    ci = res.confidence_interval(0.95)
    row = c.loc["customer_centricity"]
    assert row["difference"] == pytest.approx(4.5 - 3)
    assert (row["low"], row["high"]) == pytest.approx((ci.low, ci.high))
    assert row["p_value"] == pytest.approx(res.pvalue)
    assert (row["n_June"], row["n_March"]) == (3, 4)
    assert list(c.columns) == [
        "name",
        "score_June",
        "score_March",
        "n_June",
        "n_March",
        "difference",
        "low",
        "high",
        "p_value",
        "test",
    ]
    assert (c["test"] == "Welch").all()


def test_compare_assessments_paired_is_scipys_paired_t():
    # The same three raters twice; customer-centricity scores (mean of cc1, cc2):
    # June 5, 4.5, 4 and March 3, 3, 4: changes 2, 1.5, 0, mean 7/6.
    june = _answers(cc1=[5, 5, 4], cc2=[5, 4, 4])
    march = _answers(cc1=[3, 3, 4], cc2=[3, 3, 4])
    c = compare_assessments(june, march, paired=True, names=("June", "March"))
    row = c.loc["customer_centricity"]
    res = stats.ttest_rel([5, 4.5, 4], [3, 3, 4])
    ci = res.confidence_interval(0.95)
    assert row["difference"] == pytest.approx(7 / 6)
    # By hand: sd of (2, 1.5, 0) = 1.0408, t(0.975, 2) = 4.3027: 7/6 +- 4.3027 * 1.0408 / sqrt(3).
    half = 4.302653 * math.sqrt(((2 - 7 / 6) ** 2 + (1.5 - 7 / 6) ** 2 + (7 / 6) ** 2) / 2) / math.sqrt(3)
    assert (row["low"], row["high"]) == pytest.approx((7 / 6 - half, 7 / 6 + half), abs=1e-5)
    assert (row["low"], row["high"]) == pytest.approx((ci.low, ci.high))
    assert row["p_value"] == pytest.approx(res.pvalue)
    assert row["test"] == "paired t"
    # Welch on the same numbers gives another interval: the option changes the test.
    welch = compare_assessments(june, march, names=("June", "March")).loc["customer_centricity"]
    assert welch["low"] != pytest.approx(row["low"])


def test_compare_assessments_paired_matches_raters_by_label():
    june = _answers(cc1=[5, 5, 4], cc2=[5, 4, 4])
    march = _answers(cc1=[3, 3, 4], cc2=[3, 3, 4])
    shuffled = march.iloc[[2, 0, 1]]
    a = compare_assessments(june, march, paired=True)
    b = compare_assessments(june, shuffled, paired=True)
    pd.testing.assert_frame_equal(a, b)


def test_compare_assessments_paired_bad_inputs():
    june = _answers()
    with pytest.raises(CXDataError, match=r"row 2: a rater with no answers in round .B."):
        compare_assessments(june, june.iloc[:2], paired=True)
    with pytest.raises(CXConfigError, match="paired"):
        compare_assessments(june, june, paired="yes")
    same = compare_assessments(june, june, paired=True)
    assert (same["difference"] == 0).all()
    assert (same["low"] < 0).all()  # no spread, but not an interval of zero width
    assert (same["high"] > 0).all()


def test_compare_assessments_edges_and_errors():
    one = dict.fromkeys(IDS, 4)
    c = compare_assessments(one, _answers())
    assert c["low"].isna().all()
    assert (c["difference"] == 0).all()
    with pytest.raises(CXConfigError, match="names"):
        compare_assessments(_answers(), _answers(), names=("A", "A"))
    with pytest.raises(CXDataError, match="'pr1'"):
        compare_assessments(_answers(), _answers(pr1=[4, 9, 4]))


def test_chart_draws_every_principle_with_its_score():
    r = self_assessment(_answers(cc1=[4, 5, 3], cc2=[4, 4, 2]))
    fig = plot_self_assessment(r)
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[-1] == "Customer-centricity"
    assert labels[0] == "Overall"
    assert "3.7" in [t.get_text() for t in ax.texts]
    assert ax.get_xlim() == (1.0, 5.1)
    assert "95% interval" in ax.get_title()
    assert self_assessment_alt(r) == (
        "Bar chart of a team self-assessment by 3 raters on a 1-5 scale: highest Responsiveness at 4.0, "
        "lowest Customer-centricity at 3.7; overall 4.0."
    )


def test_facilitator_notes_cover_every_scenario_with_its_answer():
    from pathlib import Path

    notes = (Path(__file__).resolve().parents[1] / "workshops/notes/06-service-excellence.md").read_text(
        encoding="utf-8"
    )
    headings = [line for line in notes.splitlines() if line.startswith("## ")]
    assert headings == [
        "## Goals",
        "## Timing",
        "## Running the activities",
        "## Discussion prompts and expected answers",
        "## Common misconceptions and questions",
        "## Adapting for B2B audiences",
    ]
    assert "| **Total** | **90** |" in notes
    discussion = notes.split("## Discussion prompts and expected answers")[1].split("## Common")[0]
    for p in framework().practices:
        assert p.scenario.question in discussion, p.id
        assert p.scenario.answer in discussion, p.id


# -- issue 32 item 5: module 06's scenario bank, one fold per principle --------------------------


@pytest.mark.parametrize(("kind", "count"), [("principles", 7), ("elements", 7), ("skills", 9)])
def test_scenario_bank_is_an_accordion_one_fold_per_practice(kind, count):
    import re

    from cxkit.service import framework

    bank = framework().scenario_bank(kind)
    page = bank._repr_html_()
    folds = re.findall(r"<details name=\"([\w-]+)\"( open)?><summary>(.*?)</summary>", page)
    assert len(folds) == count
    assert len({name for name, _, _ in folds}) == 1  # one group: opening a fold closes the others
    assert [bool(is_open) for _, is_open, _ in folds] == [True] + [False] * (count - 1)
    for (_, _, summary), practice in zip(folds, bank.practices, strict=True):
        assert practice.name in summary
    assert page.count("<b>Before:</b>") == page.count("<b>After:</b>") == count
    assert "**" not in page  # no raw Markdown marks
    assert "ScenarioBank(" in repr(bank)


def test_scenario_bank_refuses_an_unknown_kind():
    from cxkit.service import framework

    with pytest.raises(CXConfigError, match="principles"):
        framework().scenario_bank("values")


@pytest.mark.course
def test_module_06_shows_its_scenarios_as_accordions():
    import json

    from cxkit._paths import repo_root

    nb = json.loads((repo_root() / "modules" / "06-service-excellence.ipynb").read_text(encoding="utf-8"))
    banks = [c for c in nb["cells"] if c["cell_type"] == "code" and "scenario_bank(" in "".join(c["source"])]
    assert len(banks) == 3
    for cell in banks:
        html_out = "".join("".join(o.get("data", {}).get("text/html", "")) for o in cell["outputs"])
        assert html_out.count("<details") >= 7


def test_answers_all_alike_never_get_a_zero_width_interval():
    # Three raters answering 4 everywhere: s = 0, and the t interval would be 4 to 4. On the 1-5
    # scale the largest variance a mean mu can have is (5 - mu)(mu - 1) (Bhatia & Davis 2000), so
    # the interval is Wilson's for u = (4 - 1) / 4 = 0.75 with n = 3, mapped back to 1-5.
    from cxkit.stats.intervals import proportion_wilson

    r = self_assessment(_answers())
    wl, wh, _ = proportion_wilson(0.75 * 3, 3, confidence=0.95)
    assert r.loc["responsiveness", "low"] == pytest.approx(1 + 4 * float(wl))
    assert r.loc["responsiveness", "high"] == pytest.approx(1 + 4 * float(wh))
    assert r.loc["responsiveness", "high"] > 4 > r.loc["responsiveness", "low"]
    # The same raters twice, every one up by exactly 1 on customer-centricity: the change lies in
    # -4 to 4, so u = (1 + 4) / 8 = 0.625 with n = 3; the p-value is the score test of 0 with the
    # largest variance there, (4 - 0)(0 + 4) / 3: z = 1 / sqrt(16 / 3).
    up = compare_assessments(_answers(cc1=[5, 5, 5], cc2=[5, 5, 5]), _answers(), paired=True)
    wl, wh, _ = proportion_wilson(0.625 * 3, 3, confidence=0.95)
    row = up.loc["customer_centricity"]
    assert (row["low"], row["high"]) == pytest.approx((-4 + 8 * float(wl), -4 + 8 * float(wh)))
    assert row["p_value"] == pytest.approx(2 * stats.norm.sf(1 / math.sqrt(16 / 3)))
    same = compare_assessments(_answers(), _answers(), paired=True)
    assert (same["high"] > 0).all()
    assert (same["low"] < 0).all()
    assert (same["p_value"] == 1).all()
    # Two independent groups with no spread: each group's interval, combined by square-and-add.
    welch = compare_assessments(_answers(cc1=[5, 5, 5], cc2=[5, 5, 5]), _answers()).loc["customer_centricity"]
    assert welch["high"] > welch["difference"] > welch["low"]
