"""Tests of the journey figures: what they contain (texts, lanes, curves, markers), and rcParams untouched."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pytest

from cxkit.errors import CXConfigError
from cxkit.journey import (
    blueprint_alt_text,
    draw_blueprint,
    draw_journey_map,
    draw_persona,
    journey_alt_text,
    persona_alt_text,
)
from cxkit.journey.model import Stage, load_blueprint, load_journey

JOURNEYS = Path(__file__).resolve().parent.parent / "datasets" / "journeys"
SIZES = [(11.69, 8.27), (12.8, 7.2)]


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def _texts(fig, gid=None):
    return [t for ax in fig.axes for t in ax.texts if gid is None or t.get_gid() == gid]


def _lines(fig, gid):
    return [ln for ax in fig.axes for ln in ax.lines if ln.get_gid() == gid]


def _all_text(fig):
    return " ".join(t.get_text().replace("\n", " ") for t in _texts(fig))


def _readable(fig):
    """Lane labels and cell texts at 8 pt or more; keys, badges and captions at 6.5 pt or more."""
    main = [t for t in _texts(fig) if str(t.get_gid()).startswith(("cell-", "lane-label"))]
    assert main
    assert min(t.get_fontsize() for t in main) >= 8
    assert min(t.get_fontsize() for t in _texts(fig)) >= 6.5


def _inside_figure(fig):
    """Every text lies inside the figure (nothing clipped at the edges)."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    box = fig.bbox
    for t in _texts(fig):
        if not t.get_text():
            continue
        ext = t.get_window_extent(renderer)
        inside = (ext.x0 >= box.x0 - 1, ext.x1 <= box.x1 + 1, ext.y0 >= box.y0 - 1, ext.y1 <= box.y1 + 1)
        assert all(inside), t.get_text()


@pytest.mark.slow  # its cases together take more than 3 s (make quick leaves it out)
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", ["busy-parent.yaml", "office-manager.yaml"])
def test_journey_map_content(name, size):
    journey = load_journey(JOURNEYS / name)
    fig = draw_journey_map(journey, figsize=size)
    labels = [t.get_text().replace("\n", " ") for t in _texts(fig, "lane-label")]
    assert labels == [
        "Doing",
        "Touchpoints",
        "Thinking",
        "Feeling",
        "Moments of truth",
        "Pain points",
        "Opportunities",
    ]
    stages = [t.get_text() for t in _texts(fig, "stage")]
    assert len(stages) == len(journey.stages)
    # one as-is curve with one point per stage at the emotion's height order, one to-be curve
    (as_is,) = _lines(fig, "emotion-as-is")
    (to_be,) = _lines(fig, "emotion-to-be")
    assert len(as_is.get_xdata()) == len(journey.stages)
    ys = list(as_is.get_ydata())  # y grows downwards: a lower emotion has a larger y
    emotions = [s.emotion for s in journey.stages]
    for i in range(len(ys)):
        for j in range(len(ys)):
            if emotions[i] > emotions[j]:
                assert ys[i] < ys[j]
    assert as_is.get_linestyle() == "-"
    assert to_be.get_linestyle() == "--"
    assert as_is.get_marker() != to_be.get_marker()  # prints in black and white
    # a star per stage with a moment of truth
    (stars,) = _lines(fig, "moment-of-truth")
    assert len(stars.get_xdata()) == sum(1 for s in journey.stages if s.moments_of_truth)
    assert stars.get_marker() == "*"
    # every step, touchpoint, pain point and opportunity is written
    text = _all_text(fig)
    for stage in journey.stages:
        for item in stage.pain_points + stage.opportunities + [t.name for t in stage.touchpoints]:
            assert " ".join(item.split()) in text
    assert len(_lines(fig, "touchpoint")) == sum(len(s.touchpoints) for s in journey.stages)
    _readable(fig)
    _inside_figure(fig)


def test_journey_map_without_to_be_has_one_curve_and_lanes_are_chosen():
    journey = load_journey(JOURNEYS / "busy-parent.yaml")
    for stage in journey.stages:
        stage.emotion_to_be = None
    fig = draw_journey_map(journey, lanes=["doing", "feeling", "invisible_steps", "kpis"])
    assert len(_lines(fig, "emotion-as-is")) == 1
    assert _lines(fig, "emotion-to-be") == []
    assert len(_texts(fig, "lane-label")) == 4
    text = _all_text(fig)
    assert "Rearranges the day to stay at home" in text
    assert "Delivered on time (target 95%)" in text
    with pytest.raises(CXConfigError, match="'smells', which is not a lane; choose from expecting, doing"):
        draw_journey_map(journey, lanes=["smells"])


def test_journey_map_shows_the_expectations_and_the_future_state_steps():
    journey = load_journey(JOURNEYS / "busy-parent.yaml")
    fig = draw_journey_map(journey, lanes=["expecting", "doing", "to_be"])
    text = _all_text(fig)
    assert "Expecting" in text
    assert "Future state (to-be steps)" in text
    assert "A delivery date I can plan around" in text  # an expectation of the purchase stage
    assert "Chooses a delivery day at checkout" in text  # a to-be step of the purchase stage
    assert "Waits at home on the promised day" in text  # a step as it is today
    default = _all_text(draw_journey_map(journey))
    assert "Chooses a delivery day at checkout" not in default  # not in the default lanes


def test_journey_map_into_given_axes_and_alt_text():
    journey = load_journey(JOURNEYS / "busy-parent.yaml")
    fig, ax = plt.subplots(figsize=(11.69, 8.27))
    assert draw_journey_map(journey, ax=ax) is fig
    alt = journey_alt_text(journey)
    assert alt == (
        "Journey map of Busy Parent (Busy Parent orders a desk lamp online) in 5 stages, awareness to "
        "post purchase; the emotion curve is lowest at post purchase (-2 on -2..+2); moments of truth at "
        "decision, purchase, post purchase."
    )
    journey.stages.append(Stage(name="loyalty", emotion=2))
    assert "loyalty" in journey_alt_text(journey)


@pytest.mark.parametrize("size", SIZES)
def test_blueprint_content(size):
    bp = load_blueprint(JOURNEYS / "delivery-promise-blueprint.yaml")
    fig = draw_blueprint(bp, figsize=size)
    labels = [t.get_text().replace("\n", " ") for t in _texts(fig, "lane-label")]
    assert labels == [
        "Physical evidence",
        "Customer actions",
        "Frontstage",
        "Backstage",
        "Support processes",
    ]
    for gid, style in (
        ("line-of-interaction", "-"),
        ("line-of-visibility", "--"),
        ("line-of-internal-interaction", ":"),
    ):
        (line,) = _lines(fig, gid)
        assert line.get_linestyle() == style
    assert len(_lines(fig, "fail-point")) == len(bp.fail_points)
    assert len(_lines(fig, "wait-point")) == len(bp.wait_points)
    text = _all_text(fig)
    assert "F2 Fail point: The parcel arrives after the promised date" in text
    assert "Time standard: Delivered on or before the promised date" in text
    for action in bp.actions:
        assert " ".join(action.customer_action.split()) in text
    assert len(_texts(fig, "cell-customer_actions")) == len(bp.actions)
    _readable(fig)
    _inside_figure(fig)
    assert blueprint_alt_text(bp) == (
        "Service blueprint of the delivery promise: 5 customer actions, each with its physical evidence, "
        "frontstage, backstage and support lanes; fail point The promised date ignores the peak-season "
        "backlog at the carrier (standard: Carrier capacity refreshed every day); fail point The parcel "
        "arrives after the promised date, more often in the November-December peak (standard: Delivered "
        "on or before the promised date)."
    )


def test_blueprint_joins_its_customer_actions_with_arrows():
    """One arrow between each pair of neighbouring actions (on main a shadowed loop variable drew none)."""
    bp = load_blueprint(JOURNEYS / "delivery-promise-blueprint.yaml")
    ax = draw_blueprint(bp).axes[0]
    arrows = [t for t in ax.texts if t.get_gid() == "action-arrow"]
    assert len(arrows) == len(bp.actions) - 1
    xs = [a.xy[0] for a in arrows]
    assert xs == sorted(xs)
    plt.close("all")


@pytest.mark.parametrize("size", SIZES)
def test_persona_content(size):
    persona = load_journey(JOURNEYS / "office-manager.yaml").persona
    fig = draw_persona(persona, figsize=size)
    text = _all_text(fig)
    for item in [persona.name, *persona.goals, *persona.needs, *persona.frustrations]:
        assert " ".join(item.split()) in text
    assert [t.get_text() for t in _texts(fig, "section")][:4] == [
        "Goals",
        "Needs",
        "Motivations",
        "Frustrations",
    ]
    assert [t.get_text() for t in _texts(fig, "channel-name")] == persona.channels
    assert list(fig.axes[0].images) == []  # no photograph
    _inside_figure(fig)
    assert persona_alt_text(persona).startswith("Persona card of Office Manager (B2B)")


def _narrow_blueprint():
    """Return the course blueprint with its actions repeated: ten narrow columns."""
    import copy

    bp = load_blueprint(JOURNEYS / "delivery-promise-blueprint.yaml")
    bp.actions = [copy.deepcopy(a) for a in bp.actions] * 2
    return bp


@pytest.mark.slow  # its cases together take more than 3 s (make quick leaves it out)
@pytest.mark.parametrize(
    ("make", "size"),
    [
        (lambda: load_blueprint(JOURNEYS / "delivery-promise-blueprint.yaml"), SIZES[0]),
        (lambda: load_blueprint(JOURNEYS / "delivery-promise-blueprint.yaml"), SIZES[1]),
        (lambda: load_blueprint(JOURNEYS / "delivery-promise-blueprint.yaml"), (5.0, 8.27)),
        (_narrow_blueprint, (9.0, 8.27)),
        (_narrow_blueprint, (11.69, 8.27)),
    ],
)
def test_blueprint_badges_do_not_cover_box_text(make, size):
    fig = draw_blueprint(make(), figsize=size)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    cells = [t for t in _texts(fig) if (t.get_gid() or "").startswith("cell-")]
    badges = _texts(fig, "badge") + _lines(fig, "fail-point") + _lines(fig, "wait-point")
    assert badges
    for badge in badges:
        b = badge.get_window_extent(renderer)
        for cell in cells:
            c = cell.get_window_extent(renderer)
            assert not b.overlaps(c), (badge.get_gid(), cell.get_text())
    markers = [m.get_window_extent(renderer) for m in badges if m.get_gid() != "badge"]
    for i, a in enumerate(markers):  # two points on one item sit side by side
        assert not any(a.overlaps(b) for b in markers[i + 1 :])


# ---------------------------------------------------------------------------------------------
# Plotting leaves the session's matplotlib settings alone (CONTRIBUTING, issue 23 deliverable 4)
# ---------------------------------------------------------------------------------------------


def _volume():
    import pandas as pd

    return pd.DataFrame(
        {
            "stage": ["awareness", "purchase", "purchase"],
            "touchpoint": ["social_ad", "checkout", "store_till"],
            "channel": ["social", "web", "store"],
            "customers": [40, 90, 30],
        }
    )


def _flow():
    import pandas as pd

    from cxkit.journey import flows

    log = pd.DataFrame(
        {
            "case_id": ["a", "a", "b", "b", "c"],
            "event": ["visit", "buy", "visit", "leave", "visit"],
            "timestamp": pd.to_datetime(["2024-01-01 10:00", "2024-01-01 11:00"] * 2 + ["2024-01-02 10:00"]),
        }
    )
    return flows(log, steps=2)


def _matrix_table():
    import pandas as pd

    return pd.DataFrame(
        {
            "performance": [80.0, 40.0],
            "impact": [120.0, 90.0],
            "revenue": [True, False],
            "too_small": [False, True],
            "performance_cut": 60.0,
            "impact_cut": 100.0,
            "metric": "csat",
            "n": [50, 12],
            "quadrant": ["x", "y"],
        },
        index=pd.Index(["checkout", "invoice"], name="touchpoint"),
    )


def _catalogue() -> Any:
    import pandas as pd

    return pd.DataFrame(
        {
            "touchpoint": ["checkout", "store_till", "invoice"],
            "stage": ["purchase", "purchase", "post_purchase"],
            "channel": ["web", "store", "email"],
            "owner": ["E-commerce", "Stores", "Finance"],
            "revenue": [True, True, False],
            "phase": ["during", "during", "after"],
        }
    )


def _gap_groups() -> Any:
    import pandas as pd

    return pd.DataFrame(
        {"% of invitations": [60.0, 40.0], "% of detractors": [25.0, 75.0]},
        index=pd.Index(["revenue", "service"], name="group"),
    )


def _funnel() -> Any:
    import pandas as pd

    return pd.DataFrame(
        {"cases": [100, 60, 20], "drop_off_pct": [0.0, 40.0, 66.7]},
        index=pd.Index(["consideration", "decision", "purchase"], name="stage"),
    )


def _funnel_by() -> Any:
    import pandas as pd

    idx = pd.MultiIndex.from_product([["B2C", "B2B"], ["decision", "purchase"]], names=["segment", "stage"])
    return pd.DataFrame(
        {"value": [100.0, 46.0, 100.0, 66.0], "low": [100.0, 44.0, 100.0, 62.0],
         "high": [100.0, 48.0, 100.0, 69.0], "step": [1, 2, 1, 2]},
        index=idx,
    )  # fmt: skip


def _patterns() -> Any:
    import pandas as pd

    from cxkit.journey import PATTERNS

    idx = pd.MultiIndex.from_product([["B2C", "B2B"], list(PATTERNS)], names=["segment", "pattern"])
    return pd.DataFrame(
        {
            "value": [40, 10, 20, 60, 10, 35.0],
            "low": [38, 9, 18, 57, 8, 32.0],
            "high": [42, 11, 22, 63, 12, 38.0],
        },
        index=idx,
    )


PLOTS = {
    "draw_journey_map": lambda j, **kw: j.draw_journey_map(load_journey(JOURNEYS / "busy-parent.yaml"), **kw),
    "draw_blueprint": lambda j, **kw: j.draw_blueprint(
        load_blueprint(JOURNEYS / "delivery-promise-blueprint.yaml"), **kw
    ),
    "draw_persona": lambda j, **kw: j.draw_persona(load_journey(JOURNEYS / "busy-parent.yaml").persona, **kw),
    "draw_lifecycle": lambda j, **kw: j.draw_lifecycle(_volume(), **kw),
    "draw_flow": lambda j, **kw: j.draw_flow(_flow(), **kw),
    "touchpoint_matrix": lambda j, **kw: j.touchpoint_matrix(_matrix_table(), **kw),
    "draw_touchpoint_map": lambda j, **kw: j.draw_touchpoint_map(_catalogue(), **kw),
    "draw_measurement_gap": lambda j, **kw: j.draw_measurement_gap(_gap_groups(), **kw),
    "draw_path_patterns": lambda j, **kw: j.draw_path_patterns(_patterns(), **kw),
    "draw_funnel": lambda j, **kw: j.draw_funnel(_funnel(), any_point=_funnel(), **kw),
    "draw_funnel_by": lambda j, **kw: j.draw_funnel_by(_funnel_by(), **kw),
}


def test_every_public_plotting_function_of_journey_is_listed():
    import cxkit.journey as journey

    drawing = {n for n in journey.__all__ if n.startswith("draw_")} | {"touchpoint_matrix"}
    assert drawing == set(PLOTS)


@pytest.mark.parametrize("own_axes", [False, True])
@pytest.mark.parametrize("name", sorted(PLOTS))
def test_plotting_leaves_rcparams_unchanged(name, own_axes):
    import cxkit.journey as journey

    with matplotlib.rc_context():
        matplotlib.rcdefaults()
        before = dict(matplotlib.rcParams)
        kw = {"ax": plt.subplots(figsize=(12.8, 7.2))[1]} if own_axes else {}
        fig = PLOTS[name](journey, **kw)
        after = dict(matplotlib.rcParams)
        changed = sorted(k for k in before if before[k] != after[k])
        assert changed == [], f"{name} changed {changed}"
        assert fig is not None
        plt.close("all")


def test_touchpoint_widget_figure_leaves_rcparams_unchanged():
    from cxkit.widgets.touchpoint_priority import TouchpointPriority

    with matplotlib.rc_context():
        matplotlib.rcdefaults()
        before = dict(matplotlib.rcParams)
        from cxkit.data import load

        widget = TouchpointPriority(load("surveys"), load("touchpoints"))
        widget.picture_html()
        assert sorted(k for k in before if before[k] != matplotlib.rcParams[k]) == []


def test_the_funnel_figure_labels_each_drop_and_checks_its_stages():
    from cxkit.errors import CXDataError
    from cxkit.journey import draw_funnel

    fig = draw_funnel(_funnel(), any_point=_funnel())
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.texts] == ["-40%", "-67%"]  # no label on the first stage
    assert [round(b.get_height()) for b in ax.patches] == [
        100,
        60,
        20,
        100,
        60,
        20,
    ]  # any point, then in order
    other = _funnel().rename(index={"purchase": "paid"})
    with pytest.raises(CXDataError, match="different stages"):
        draw_funnel(_funnel(), any_point=other)


def test_the_funnel_by_group_draws_the_steps_after_the_first():
    from cxkit.errors import CXDataError
    from cxkit.journey import draw_funnel_by

    fig = draw_funnel_by(_funnel_by(), groups=["B2B", "B2C"])
    assert [round(b.get_height()) for b in fig.axes[0].patches] == [66, 46]  # B2B first, as asked
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == ["to purchase"]
    with pytest.raises(CXDataError, match="prospect"):
        draw_funnel_by(_funnel_by(), groups=["prospect"])


# -- issue 32 item 5: screen-sized maps and blueprints for a projector ------------------------------


def test_journey_map_screens_are_16_9_with_text_of_12_pt_and_whole_lanes():
    from cxkit.journey import JOURNEY_LANES, journey_map_screens

    journey = load_journey(JOURNEYS / "busy-parent.yaml")
    figs = journey_map_screens(journey)
    assert len(figs) >= 2  # the A4 map does not fit one readable screen
    lanes_seen = []
    for k, fig in enumerate(figs, start=1):
        assert tuple(fig.get_size_inches().round(2)) == (12.8, 7.2)
        sizes = [t.get_fontsize() for t in _texts(fig) if t.get_text().strip()]
        assert min(sizes) >= 12, f"screen {k}: text at {min(sizes)} pt"
        _inside_figure(fig)
        labels = [t.get_text() for t in _texts(fig) if str(t.get_gid()).startswith("lane-label")]
        lanes_seen += labels
        assert f"(screen {k} of {len(figs)})" in _all_text(fig)
        for stage in journey.stages:  # every stage on every screen
            assert stage.name.replace("_", " ").lower() in _all_text(fig).lower()
    # every lane of the default map once, in order; the feeling lane (the curve) whole on one screen
    assert len(lanes_seen) == len(set(lanes_seen))
    assert sum("Feeling" in label for label in lanes_seen) == 1
    assert len(lanes_seen) == len([lane for lane in JOURNEY_LANES if lane != "expecting"][:7])


def test_blueprint_screens_keep_every_lane_and_split_the_actions():
    from cxkit.journey import blueprint_screens

    bp = load_blueprint(JOURNEYS / "delivery-promise-blueprint.yaml")
    figs = blueprint_screens(bp)
    shown = ""
    for fig in figs:
        assert tuple(fig.get_size_inches().round(2)) == (12.8, 7.2)
        sizes = [t.get_fontsize() for t in _texts(fig) if t.get_text().strip()]
        assert min(sizes) >= 12
        _inside_figure(fig)
        text = _all_text(fig)
        for lane in ("Physical evidence", "Customer actions", "Frontstage", "Backstage", "Support processes"):
            assert lane.split()[0] in text
        shown += text
    for action in bp.actions:
        assert action.customer_action.split()[0] in shown
    for point in bp.fail_points:
        assert point.description[:30] in shown
