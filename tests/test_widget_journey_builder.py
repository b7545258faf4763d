"""Tests of the journey-map builder: the core driven by its methods, the widget by its controls."""

from __future__ import annotations

import io
import re
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from cxkit.errors import CXConfigError, CXMapError
from cxkit.journey.model import load_journey
from cxkit.widgets import JourneyBuilder
from cxkit.widgets.journey_builder import ITEM_KINDS

JOURNEYS = Path(__file__).resolve().parent.parent / "datasets" / "journeys"


def _course(tmp_path: Path) -> Path:
    """Make a minimal course folder (repo_root accepts it) so saving never touches the real my-work/."""
    for folder in ("modules", "datasets", "cxkit"):
        (tmp_path / folder).mkdir()
    return tmp_path


def _pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)


def test_lazy_export():
    import cxkit.widgets as widgets

    assert widgets.JourneyBuilder is JourneyBuilder
    assert "JourneyBuilder" in dir(widgets)


def test_core_adds_stages_steps_touchpoints_emotions_pain_points():
    b = JourneyBuilder.blank(persona="Office Manager", segment="B2B")
    assert b.stage_names == ["awareness", "consideration", "decision", "purchase", "post_purchase"]
    b.add_stage("loyalty", emotion=1).add_stage("onboarding", position=0)
    assert b.stage_names[0] == "onboarding"
    assert b.stage_names[-1] == "loyalty"
    b.add_step("purchase", "Calls to order").add_pain_point("purchase", "Twenty   minutes on hold")
    b.add_item("purchase", "Moment of truth", "An agent picks up")
    b.add_item("purchase", "thoughts", "Why so long?")
    stage = b.journey.stage("purchase")
    assert stage.steps == ["Calls to order"]
    assert stage.pain_points == ["Twenty minutes on hold"]  # spaces tidied
    assert stage.moments_of_truth == ["An agent picks up"]
    assert stage.thoughts == ["Why so long?"]
    b.set_emotion("purchase", -1.5).set_emotion("purchase", 1, to_be=True)
    assert (stage.emotion, stage.emotion_to_be) == (-1.5, 1)
    b.add_touchpoint("purchase", "phone_order")
    tp = stage.touchpoints[0]
    assert (tp.channel, tp.online, tp.phase, tp.owner, tp.revenue) == (
        "phone",
        False,
        "during",
        "Customer Service",
        True,
    )
    b.add_touchpoint("loyalty", "club_magazine", channel="email", phase="after")
    assert b.journey.stage("loyalty").touchpoints[0].online is True
    b.remove_item("purchase", "Pain point", "Twenty minutes on hold")
    assert stage.pain_points == []
    b.remove_stage("onboarding")
    assert "onboarding" not in b.stage_names
    b.journey.validate()


@pytest.mark.parametrize(
    ("action", "message"),
    [
        (lambda b: b.set_emotion("purchase", 3), r"stages\[3\]\.emotion: emotion outside -2..\+2: found 3"),
        (lambda b: b.add_stage("purchase"), r"duplicated stage name: found 'purchase'"),
        (lambda b: b.add_step("nowhere", "x"), r"unknown stage: found 'nowhere'"),
        (lambda b: b.add_step("purchase", "   "), r"stages\[3\]\.steps\[0\]"),
        (lambda b: b.add_touchpoint("purchase", "fax_line"), r"needs its channel and phase"),
        (
            lambda b: b.add_touchpoint("purchase", "x", channel="fax", phase="before"),
            r"stages\[3\]\.touchpoints\[0\]\.channel: unknown channel: found 'fax'",
        ),
    ],
)
def test_core_refuses_bad_changes_and_keeps_the_map(action, message):
    b = JourneyBuilder.blank()
    before = b.to_yaml()
    with pytest.raises(CXMapError, match=message):
        action(b)
    assert b.to_yaml() == before  # nothing half-changed


def test_core_unknown_kind():
    with pytest.raises(CXConfigError, match="'Step \\(doing\\)'"):
        JourneyBuilder.blank().add_item("purchase", "smell", "x")


def test_builder_edits_a_copy_and_round_trips():
    journey = load_journey(JOURNEYS / "busy-parent.yaml")
    b = JourneyBuilder(journey)
    b.add_step("awareness", "Hears about it at school")
    assert "Hears about it at school" not in journey.stage("awareness").steps
    assert b.to_yaml() != (JOURNEYS / "busy-parent.yaml").read_text()
    assert JourneyBuilder.from_file(JOURNEYS / "busy-parent.yaml").journey == journey


def test_save_in_my_work_with_a_backup(tmp_path):
    root = _course(tmp_path)
    b = JourneyBuilder.blank()
    first = b.save("mine", root=root)
    assert first.path == root / "my-work" / "mine.yaml"
    assert first.backup is None
    assert load_journey(first.path) == b.journey
    b.add_step("purchase", "Pays")
    second = b.save("mine.yaml", root=root)
    assert second.backup is not None
    assert re.fullmatch(r"mine\.backup-\d{8}-\d{6}(-\d+)?\.yaml", second.backup.name)
    assert "Pays" not in second.backup.read_text()  # the old map, kept
    assert "Pays" in second.path.read_text()
    assert "kept as my-work/mine.backup-" in b.status
    with pytest.raises(CXConfigError, match="plain file name"):
        b.save("../outside.yaml", root=root)


def _as_is_points(page: str) -> list[tuple[float, float]]:
    pts = re.search(r'class="as-is" points="([^"]+)"', page)[1]
    return [tuple(map(float, p.split(","))) for p in pts.split()]


def test_widget_controls_drive_the_core_and_the_picture():
    b = JourneyBuilder.from_file(JOURNEYS / "busy-parent.yaml")
    ui = b.controls
    assert 'aria-label="Journey map of Busy Parent' in ui["picture"].value
    before = _as_is_points(ui["picture"].value)
    assert len(before) == 5
    # move the as-is feeling of a stage: the core changes and the curve's point moves up
    ui["stage"].value = "decision"
    assert ui["emotion"].value == -1
    ui["emotion"].value = 2
    assert b.journey.stage("decision").emotion == 2
    after = _as_is_points(ui["picture"].value)
    assert after[2][1] < before[2][1]  # higher on screen = smaller y
    assert [p for i, p in enumerate(after) if i != 2] == [p for i, p in enumerate(before) if i != 2]
    # the to-be slider draws the to-be curve
    ui["to_be"].value = 1.5
    assert b.journey.stage("decision").emotion_to_be == 1.5
    assert 'class="to-be"' in ui["picture"].value
    # add a pain point through the controls: it appears in the picture
    ui["kind"].value = "Pain point"
    ui["text"].value = "Basket lost again"
    ui["add"].click()
    assert "Basket lost again" in b.journey.stage("decision").pain_points
    assert "Basket lost again" in ui["picture"].value
    assert ui["text"].value == ""
    # add a touchpoint from the catalogue
    ui["touchpoint"].value = "app_checkout"
    ui["add_touchpoint"].click()
    assert "app_checkout" in [t.name for t in b.journey.stage("decision").touchpoints]
    # add a stage: the menu and the picture follow
    ui["new_stage"].value = "loyalty"
    ui["add_stage"].click()
    assert b.stage_names[-1] == "loyalty"
    assert list(ui["stage"].options)[-1] == "loyalty"
    assert ui["picture"].value.count('<th scope="col"') == 6
    assert len(_as_is_points(ui["picture"].value)) == 6
    # a bad change is reported in the status line, not raised into the notebook
    ui["new_stage"].value = "loyalty"
    ui["add_stage"].click()
    assert "Not changed" in ui["status"].value
    assert "duplicated stage name" in ui["status"].value
    assert set(ITEM_KINDS) == set(ui["kind"].options)


def test_png_is_the_printed_figure():
    b = JourneyBuilder.blank()
    image = Image.open(io.BytesIO(b.png()))
    assert image.size == (990, 558)
    assert _pixels(b.png()).std() > 0


def test_update_time_is_measured():
    b = JourneyBuilder.blank()
    assert b.update_seconds(repeats=2) > 0
