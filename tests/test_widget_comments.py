"""The comment explorer: its plain-Python core and its widget, driven by setting values."""

from __future__ import annotations

import pandas as pd
import pytest

from cxkit.errors import CXConfigError, CXDataError
from cxkit.widgets import CommentExplorer


@pytest.fixture
def small() -> CommentExplorer:
    fb = pd.DataFrame(
        {
            "text": [
                "My parcel is 5 days late. Terrible.",
                "Lovely lamp, came on time. Thank you!",
                "On hold 40 minutes",
                "Brilliant, 6 days late. Great job.",
                "Mi pedido llegó con 2 días de retraso.",
                "",
            ],
            "channel": ["survey", "social", "phone", "social", "social", "survey"],
            "nps": pd.array([2, 10, None, None, None, 8], dtype="Int64"),
            "timestamp": pd.to_datetime(
                ["2025-01-01", "2025-01-02", "2025-01-03", "2025-01-04", "2025-01-05", "2025-01-06"]
            ),
        }
    )
    return CommentExplorer(fb, n_shown=2)


def test_filters_combine_and_counts_follow(small: CommentExplorer) -> None:
    assert small.counts()["texts"] == 6
    small.set(theme="late_delivery")
    assert small.selection["text"].str.contains("late").all()
    c = small.counts()
    assert c["texts"] == 2
    # VADER reads the sarcastic post as positive: the explorer shows it honestly
    assert c["sentiment"] == {"positive": 1, "neutral": 0, "negative": 1, "not scored": 0}
    small.set(sentiment="negative")
    assert small.selection["text"].tolist() == ["My parcel is 5 days late. Terrible."]
    small.set(theme="any", sentiment="not scored")
    assert small.counts()["texts"] == 2  # the Spanish text and the blank one
    small.set(sentiment="any", score="no score", channel="social")
    assert small.counts()["texts"] == 2  # the sarcastic post and the Spanish one
    small.set(score="promoters (9-10)")
    assert small.selection["text"].tolist() == ["Lovely lamp, came on time. Thank you!"]
    assert "theme" not in small.summary_text()
    assert small.summary_text().startswith("1 of 6 texts: channel social, score promoters (9-10).")


def test_comments_list_is_newest_first_and_capped(small: CommentExplorer) -> None:
    out = small.comments_html()
    assert "Mi pedido" in out  # 6 Jan (blank) and 5 Jan are the newest two
    assert "Brilliant" not in out  # only n_shown = 2 listed
    assert "and 4 more" in out
    small.set(theme="damaged")
    assert "No text matches" in small.comments_html()
    assert "No theme in the selection" in small.bars_html()


def test_widget_menus_drive_the_core_and_the_outputs(small: CommentExplorer) -> None:
    box = small.widget()
    assert small.widget() is box
    small.menus["theme"].value = "late_delivery"
    assert small.theme == "late_delivery"
    ui = small._ui
    assert ui["summary"].value.count("2 of 6 texts") == 1
    assert "Late delivery" in ui["bars"].value
    small.menus["sentiment"].value = "negative"
    assert "Terrible" in ui["comments"].value
    assert "Brilliant" not in ui["comments"].value
    small.set(theme="any")  # the core moves the menu back
    assert small.menus["theme"].value == "any"
    labels = [label for label, _ in small.menus["theme"].options]
    assert "Late delivery" in labels


def test_bad_values(small: CommentExplorer) -> None:
    with pytest.raises(CXConfigError, match="Unknown theme 'lateness'"):
        small.set(theme="lateness")
    with pytest.raises(CXConfigError, match="Unknown score"):
        small.set(score="low")
    with pytest.raises(CXDataError, match="nps"):
        CommentExplorer(pd.DataFrame({"text": ["x"], "channel": ["chat"]}))
    with pytest.raises(CXConfigError, match="n_shown"):
        CommentExplorer(pd.DataFrame({"text": ["x"], "channel": ["chat"], "nps": [1]}), n_shown=0)
    with pytest.raises(CXDataError, match="not a text"):
        CommentExplorer(pd.DataFrame({"text": [3], "channel": ["chat"], "nps": [1]}))


@pytest.mark.slow
@pytest.mark.course
def test_course_data_explorer() -> None:
    ex = CommentExplorer.from_course_data()
    c = ex.set(score="detractors (0-6)").counts()
    assert c["sentiment"]["negative"] > c["sentiment"]["positive"]
    top = list(c["themes"])[:4]
    assert {"late_delivery", "unresolved", "damaged"} <= set(top)
