"""The two widgets of module 06: the SLA explorer and the self-assessment form, core and controls."""

from __future__ import annotations

import pandas as pd
import pytest

from cxkit.errors import CXConfigError, CXDataError
from cxkit.service import load_questionnaire, self_assessment, sla_attainment
from cxkit.widgets import SelfAssessmentForm, SLAExplorer
from cxkit.widgets.sla_explorer import CHANNEL_RANGES, DEFAULT_TARGETS

IDS = load_questionnaire().item_ids


def _tickets():
    o = pd.Timestamp("2025-03-03 09:00")
    return pd.DataFrame(
        {
            "ticket_id": ["T1", "T2", "T3", "T4"],
            "channel": ["chat", "chat", "email", "email"],
            "opened_at": [o] * 4,
            "first_response_at": [
                o + pd.Timedelta("5min"),
                o + pd.Timedelta("20min"),
                o + pd.Timedelta("2h"),
                pd.NaT,
            ],
        }
    )


def test_lazy_exports():
    import cxkit.widgets as widgets

    assert widgets.SLAExplorer is SLAExplorer
    assert widgets.SelfAssessmentForm is SelfAssessmentForm
    assert {"SLAExplorer", "SelfAssessmentForm"} <= set(dir(widgets))


# -- SLA explorer -------------------------------------------------------------------------------


def test_sla_core_matches_the_library_on_the_course_data():
    ex = SLAExplorer()
    expected = sla_attainment(ex._tickets, {c: pd.Timedelta(v) for c, v in DEFAULT_TARGETS.items()})
    pd.testing.assert_frame_equal(ex.table, expected)
    ex.set(email="4h")
    assert ex.targets["email"] == pd.Timedelta("4h")
    assert ex.table.loc["email", "value"] < expected.loc["email", "value"]
    assert ex.table.loc["phone", "value"] == expected.loc["phone", "value"]


def test_sla_core_on_a_hand_table_tie_met_never_answered_missed():
    ex = SLAExplorer(_tickets(), targets={"chat": "5min", "email": "2h"})
    assert ex.table["count"].tolist() == [1, 1]
    assert ex.table.loc["email", "n_no_response"] == 1
    assert ex.overall() == (2, 4)
    assert "email: target 2 h: 50.0% met" in ex.readout_text()
    assert "1 never answered" in ex.readout_text()
    ex.set(chat="20min")
    assert ex.overall() == (3, 4)


def test_sla_core_bad_values_change_nothing():
    ex = SLAExplorer(_tickets(), targets={"chat": "5min", "email": "2h"})
    with pytest.raises(CXConfigError, match="'fax'"):
        ex.set(fax="5min")
    with pytest.raises(CXConfigError, match="positive time"):
        ex.set(chat="-5min")
    assert ex.targets["chat"] == pd.Timedelta("5min")


def test_sla_widget_slider_updates_readout_and_bars():
    ex = SLAExplorer()
    ex.widget()
    before = ex.readout.value
    ex.sliders["email"].value = 240
    assert ex.targets["email"] == pd.Timedelta("4h")
    assert ex.readout.value != before
    assert f"{ex.table.loc['email', 'value']:.1f}% within 4 h" in ex._ui["bars"].value
    ex.set(phone="30min")  # the core moves the slider too
    assert ex.sliders["phone"].value == 30
    for ch, (lo, hi, _step) in CHANNEL_RANGES.items():
        assert ex.sliders[ch].min == lo
        assert ex.sliders[ch].max == hi
        assert len(ex.sliders[ch].description) <= 18  # fits the 130 px description


# -- self-assessment form -----------------------------------------------------------------------


def test_form_core_scores_with_the_library():
    form = SelfAssessmentForm()
    for values in ([4] * 14, [5] * 14, [3] * 14):
        form.set(**dict(zip(IDS, values, strict=True))).add_rater()
    assert form.n_raters == 3
    assert form.missing == IDS  # cleared after adding
    expected = self_assessment(pd.DataFrame({i: [4, 5, 3] for i in IDS}))
    pd.testing.assert_frame_equal(form.result, expected)
    assert "3 raters" in form.status_text()


def test_form_bad_answers_name_the_item_and_incomplete_is_refused():
    form = SelfAssessmentForm()
    with pytest.raises(CXDataError, match="'re1'"):
        form.set(re1=7)
    with pytest.raises(CXDataError, match="'speed'"):
        form.set(speed=3)
    form.set(cc1=4)
    with pytest.raises(CXDataError, match=r"'cc2'.*missing answer"):
        form.add_rater()
    assert form.n_raters == 0
    assert form.result is None
    assert form.figure() is None
    assert "No chart yet" in form.chart_html()


def test_form_widget_buttons_drive_the_core_and_the_chart():
    form = SelfAssessmentForm(team=pd.DataFrame({i: [4, 2] for i in IDS}))
    box = form.widget()
    assert box is form.widget()
    chart = form._ui["chart"].value
    assert 'role="img" aria-label="Bar chart of a team self-assessment by 2 raters' in chart
    assert chart.count("95% interval") == 9  # 8 bars and the heading
    assert ">3.0</div>" in chart  # (4 + 2) / 2 on every principle
    fig = form.figure()
    assert next(t.get_text() for t in fig.axes[0].get_yticklabels()) == "Overall"
    for item in IDS:
        form.buttons[item].value = 5
    assert form.missing == []
    assert "14 of 14" in form._ui["status"].value
    form._ui["add"].click()
    assert form.n_raters == 3
    assert form.buttons["cc1"].value is None
    assert "Overall at" in form.alt_text() or "overall 3.7" in form.alt_text()
    form._ui["add"].click()  # nothing answered: refused, with a message
    assert form.n_raters == 3
    assert "cc1" in form._ui["status"].value
    form._ui["clear"].click()
    assert form.n_raters == 0
    assert "No chart yet" in form._ui["chart"].value


def test_form_saves_without_overwriting_and_loads(tmp_path):
    from cxkit.errors import CXWorkExistsError

    form = SelfAssessmentForm(team=pd.DataFrame({i: [4, 2] for i in IDS}))
    target = tmp_path / "my-work" / "team.csv"
    assert form.save(target) is None
    form.set(**dict.fromkeys(IDS, 5)).add_rater()
    with pytest.raises(CXWorkExistsError, match="not overwritten"):
        form.save(target)
    assert SelfAssessmentForm.load(target).n_raters == 2  # the earlier file is untouched
    backup = form.save(target, force=True)
    assert backup.exists()
    assert SelfAssessmentForm.load(backup).n_raters == 2
    again = SelfAssessmentForm.load(target)
    pd.testing.assert_frame_equal(again.result, form.result)
    target.write_text("rater,cc1\n1,9\n", encoding="utf-8")
    with pytest.raises(CXDataError):
        SelfAssessmentForm.load(target)
