"""The touchpoint priority widget: the core driven by set(), the widget driven through its menus."""

from __future__ import annotations

import pandas as pd
import pytest

from cxkit.errors import CXConfigError, CXDataError
from cxkit.journey import QUADRANTS, touchpoint_performance
from cxkit.widgets import TouchpointPriority
from cxkit.widgets.touchpoint_priority import ALL_SEGMENTS


def _small():
    catalogue = pd.DataFrame(
        {
            "touchpoint": ["a", "b", "c"],
            "stage": ["purchase"] * 3,
            "channel": ["web", "store", "app"],
            "owner": ["E-commerce", "Stores", "E-commerce"],
            "revenue": [True, False, False],
            "phase": ["during", "after", "after"],
        }
    )
    # B2C: a is good (CSAT 5,5,4,2), b poor (5,2,2,1); B2B: only c, and a with one answer.
    surveys = pd.DataFrame(
        {
            "touchpoint": ["a"] * 4 + ["b"] * 4 + ["c"] * 4 + ["a"],
            "customer_id": [f"C{i}" for i in range(13)],
            "segment": ["B2C"] * 8 + ["B2B"] * 5,
            "csat": [5, 5, 4, 2, 5, 2, 2, 1, 4, 4, 1, 2, 5],
            "ces": [7, 6, 5, 2, 6, 3, 2, 1, 5, 6, 1, 2, 7],
            "nps": [10, 9, 9, 3, 8, 2, 5, 0, 9, 10, 0, 4, 10],
        }
    )
    return surveys, catalogue


def test_lazy_export():
    import cxkit.widgets as widgets

    assert widgets.TouchpointPriority is TouchpointPriority
    assert "TouchpointPriority" in dir(widgets)


def test_core_follows_set():
    surveys, catalogue = _small()
    w = TouchpointPriority(surveys, catalogue, min_n=2)
    assert w.segments == (ALL_SEGMENTS, "B2B", "B2C")
    pd.testing.assert_frame_equal(w.table, touchpoint_performance(surveys, catalogue, min_n=2))
    assert w.set(segment="B2C") is w
    assert list(w.table.index) == ["a", "b"]
    # B2C: a 75 % / impact 200, b 25 % / impact 100 -> medians 50 and 150.
    assert w.table["quadrant"].tolist() == ["Keep up the good work", "Low priority"]
    assert w.quadrant_counts == {
        "Concentrate here": 0,
        "Keep up the good work": 1,
        "Low priority": 1,
        "Possible overkill": 0,
    }
    w.set(metric="ces", segment="B2B")
    b2b = surveys[surveys["segment"] == "B2B"]
    pd.testing.assert_frame_equal(w.table, touchpoint_performance(b2b, catalogue, metric="ces", min_n=2))
    assert "CES, B2B customers" in w.title()


def test_readout_and_alt_text_name_the_quadrants():
    surveys, catalogue = _small()
    w = TouchpointPriority(surveys, catalogue, min_n=2, segment="B2C")
    assert w.readout_text().startswith("Concentrate here (0): none.")
    assert "performance 50.0%" in w.readout_text()
    assert "impact 150 NPS points" in w.readout_text()
    assert "1 in 'Keep up the good work'" in w.alt_text()
    w.set(segment=ALL_SEGMENTS)
    # Every touchpoint has 2 answers or more: the readout names none as too small ...
    assert not w.table["too_small"].any()
    assert "Fewer than" not in w.readout_text()
    # ... and names those below min_n when there are some (b and c have fewer than 5).
    w = TouchpointPriority(surveys, catalogue, min_n=5, segment=ALL_SEGMENTS)
    assert w.table["too_small"].to_dict() == {"a": False, "b": True, "c": True}
    assert w.readout_text().endswith("Fewer than 5 answers (hollow): b, c.")


def test_bad_choices_change_nothing():
    surveys, catalogue = _small()
    w = TouchpointPriority(surveys, catalogue, min_n=2)
    with pytest.raises(CXConfigError, match="Unknown segment 'B2G'"):
        w.set(segment="B2G")
    with pytest.raises(CXConfigError, match="Unknown metric 'nps'"):
        w.set(metric="nps")
    assert (w.metric, w.segment) == ("csat", ALL_SEGMENTS)
    with pytest.raises(CXDataError, match="'segment'"):
        TouchpointPriority(surveys.drop(columns="segment"), catalogue)
    with pytest.raises(CXConfigError, match="quadrant"):
        w.in_quadrant("Fix now")


@pytest.mark.slow
def test_widget_menus_drive_the_core_and_the_picture():
    surveys, catalogue = _small()
    w = TouchpointPriority(surveys, catalogue, min_n=2)
    box = w.widget()
    assert box is w.widget()  # built once
    first_chart = w.chart.value
    assert 'alt="Scatter plot: impact against performance' in first_chart
    w.segment_menu.value = "B2C"
    assert w.segment == "B2C"
    assert "Concentrate here (0)" in w.readout.value
    assert w.chart.value != first_chart
    assert "B2C" in w.chart.value
    w.metric_menu.value = "ces"
    assert w.metric == "ces"
    assert "CES, B2C" in w.chart.value
    w.set(segment="B2B")  # the core pushes its state back into the menus
    assert w.segment_menu.value == "B2B"
    assert [label for label, _ in w.metric_menu.options] == ["CSAT (% satisfied)", "CES (mean, 1-7)"]
    assert w.update_seconds(repeats=4) < 5  # measured properly in bench/bench_widgets.py


@pytest.mark.course
def test_on_the_course_data_every_quadrant_is_used():
    from cxkit.data import load

    w = TouchpointPriority(load("surveys"), load("touchpoints"))
    counts = w.quadrant_counts
    assert all(counts[q] > 0 for q in QUADRANTS.values())
    assert sum(counts.values()) == int(w.table["quadrant"].notna().sum())
    assert "support_email" in w.in_quadrant("Concentrate here")
