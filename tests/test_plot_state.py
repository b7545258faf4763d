"""Plotting leaves matplotlib's global settings alone: every public plot of cxkit, rcParams before and after.

Only ``cxkit.style.use()`` may change the session's ``matplotlib.rcParams``; every plotting function
draws inside ``cxkit.style.context()`` (the ``@cxkit.style.plotting`` decorator). The test finds the
plotting functions itself (public functions named ``plot_*`` or ``draw_*`` or taking ``ax``, and
the widget and dashboard methods that draw), so a new one without a case here fails
:func:`test_every_plotting_function_has_a_case`. Each case draws on the course's data from
matplotlib's defaults and compares every ``rcParams`` key before and after.
"""

from __future__ import annotations

import copy
import functools
import importlib
import inspect
import pkgutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import matplotlib as mpl
import pytest

mpl.use("Agg")

import matplotlib.pyplot as plt

import cxkit

JOURNEYS = Path(__file__).resolve().parent.parent / "datasets" / "journeys"
#: What a widget or dashboard method's source names when it draws with matplotlib.
DRAWS = ("Figure(", "figure(", "savefig", "draw_", "plot_", "_matrix(", "render.")


@functools.cache
def _load(name: str) -> Any:
    from cxkit.data import load

    return load(name)


def _events() -> Any:
    events = _load("events")
    return events[events["case_id"].isin(events["case_id"].drop_duplicates().iloc[:300])]


def _journey() -> Any:
    from cxkit.journey import load_journey

    return load_journey(JOURNEYS / "busy-parent.yaml")


def _touchpoint_table() -> Any:
    from cxkit.journey import touchpoint_performance

    return touchpoint_performance(_load("surveys"), _load("touchpoints"))


def _lifecycle_volume() -> Any:
    from cxkit.journey import lifecycle_contacts, lifecycle_volume

    return lifecycle_volume(lifecycle_contacts(_events(), _load("touchpoints")))


def _draw_flow(**kw: Any) -> Any:
    from cxkit.journey import draw_flow, flows

    return draw_flow(flows(_events(), activity="channel", steps=4), **kw)


def _draw_blueprint(**kw: Any) -> Any:
    from cxkit.journey import draw_blueprint, load_blueprint

    return draw_blueprint(load_blueprint(JOURNEYS / "delivery-promise-blueprint.yaml"), **kw)


def _draw_journey_map(**kw: Any) -> Any:
    from cxkit.journey import draw_journey_map

    return draw_journey_map(_journey(), **kw)


def _draw_persona(**kw: Any) -> Any:
    from cxkit.journey import draw_persona

    return draw_persona(_journey().persona, **kw)


def _draw_lifecycle(**kw: Any) -> Any:
    from cxkit.journey import draw_lifecycle

    return draw_lifecycle(_lifecycle_volume(), **kw)


def _plot_backlog(**kw: Any) -> Any:
    from cxkit.service import backlog, plot_backlog

    return plot_backlog(backlog(_load("tickets"), freq="W"), **kw)


def _plot_response_times(**kw: Any) -> Any:
    from cxkit.service import first_response_time, plot_response_times

    return plot_response_times(first_response_time(_load("tickets"), by="channel", unit="minutes"), **kw)


def _plot_csat_by_target(**kw: Any) -> Any:
    import pandas as pd

    from cxkit.service import csat_by_target, plot_csat_by_target

    targets = {
        "phone": pd.Timedelta("10min"),
        "chat": pd.Timedelta("5min"),
        "email": pd.Timedelta("24h"),
        "social": pd.Timedelta("4h"),
    }
    return plot_csat_by_target(csat_by_target(_load("tickets"), targets), **kw)


def _draw_funnel(**kw: Any) -> Any:
    from cxkit.journey import draw_funnel, funnel

    stages = ["awareness", "consideration", "decision", "purchase", "post_purchase"]
    ordered = funnel(_events(), stages=stages, activity="stage")
    return draw_funnel(
        ordered, any_point=funnel(_events(), stages=stages, activity="stage", ordered=False), **kw
    )


def _draw_funnel_by(**kw: Any) -> Any:
    from cxkit.journey import draw_funnel_by, funnel

    events = _events()
    segment = _load("customers").set_index("customer_id")["segment"].astype(str)
    events = events.assign(segment=events["customer_id"].map(segment).fillna("prospect"))
    stages = ["awareness", "consideration", "decision", "purchase", "post_purchase"]
    return draw_funnel_by(funnel(events, stages=stages, activity="stage", by="segment"), **kw)


def _draw_path_patterns(**kw: Any) -> Any:
    from cxkit.journey import draw_path_patterns, path_patterns

    events = _events()
    segment = _load("customers").set_index("customer_id")["segment"].astype(str)
    events = events.assign(segment=events["customer_id"].map(segment).fillna("prospect"))
    return draw_path_patterns(path_patterns(events), **kw)


def _draw_touchpoint_map(**kw: Any) -> Any:
    from cxkit.journey import draw_touchpoint_map

    return draw_touchpoint_map(_load("touchpoints"), **kw)


def _draw_measurement_gap(**kw: Any) -> Any:
    from cxkit.journey import draw_measurement_gap, measurement_gap, measurement_groups

    gap = measurement_gap(_load("surveys"), _load("touchpoints"))
    return draw_measurement_gap(measurement_groups(gap), **kw)


def _touchpoint_matrix(**kw: Any) -> Any:
    from cxkit.journey import touchpoint_matrix

    return touchpoint_matrix(_touchpoint_table(), **kw)


def _plot_cohort_table(**kw: Any) -> Any:
    from cxkit.retention.cohorts import cohort_table, plot_cohort_table

    return plot_cohort_table(cohort_table(_load("orders")), **kw)


def _plot_holdout(**kw: Any) -> Any:
    from cxkit.clv import BetaGeo, plot_holdout, sample_bgnbd

    sim = sample_bgnbd(0.5, 6.0, 1.2, 3.5, 30.0, n=300, seed=2).assign(
        frequency_holdout=1, duration_holdout=10.0
    )
    return plot_holdout(sim, BetaGeo(dropout="common").fit(sim["frequency"], sim["recency"], sim["T"]), **kw)


def _plot_underserved(**kw: Any) -> Any:
    import pandas as pd

    from cxkit.clv import plot_underserved

    view = pd.DataFrame({"clv_12m": [10.0, 50.0, 80.0, 5.0, 90.0], "mean_nps": [9, 3, 8, 2, 5]})
    return plot_underserved(view, as_of="2025-12-31", **kw)


def _plot_return_curves(**kw: Any) -> Any:
    import pandas as pd

    from cxkit.retention.survival import plot_return_curves

    f = pd.DataFrame({"days": [2, 3, 3, 5, 8, 4], "returned": [True, True, False, True, False, True]})
    return plot_return_curves(f.assign(g=["a", "a", "a", "b", "b", "b"]), group="g", days=10, **kw)


def _plot_self_assessment(**kw: Any) -> Any:
    from cxkit.service.assessment import example_answers, plot_self_assessment, self_assessment

    return plot_self_assessment(self_assessment(example_answers()), **kw)


def _plot_fix_priorities(**kw: Any) -> Any:
    from cxkit.service.priorities import fix_priorities, plot_fix_priorities

    table = fix_priorities(_load("orders"), _load("tickets"), _load("customers"))
    return plot_fix_priorities(table, **kw)


def _place_labels() -> Any:
    from cxkit.style import place_labels

    _, ax = plt.subplots()
    ax.scatter([1, 2, 3], [1, 2, 3])
    return place_labels(ax, [1, 2, 3], [1, 2, 3], ["a", "b", "c"], 12.0)


def _figure_for(**kw: Any) -> Any:
    from cxkit.style import figure_for

    return figure_for(kw.get("ax"), 4.0)[0]


def _layout_canvas() -> Any:
    from cxkit.journey.layout import canvas

    return canvas(None, None, (4.0, 3.0))


def _layout_marker() -> Any:
    from cxkit.journey.layout import canvas, marker

    _, ax, _, _ = canvas(None, None, (4.0, 3.0))
    return marker(ax, 10.0, 10.0, "pain", 12.0)


def _layout_draw_cell() -> Any:
    from cxkit.journey.layout import canvas, draw_cell

    _, ax, _, _ = canvas(None, None, (4.0, 3.0))
    cell = [("Waits for the parcel", "pain"), ("Tracks it", "bullet")]
    return draw_cell(ax, cell, 5.0, 5.0, 30, 12.0, "doing")


def _widget(name: str, *args: Any, **kwargs: Any) -> Callable[[], Any]:
    def make() -> Any:
        import cxkit.widgets

        return getattr(cxkit.widgets, name)(*args, **kwargs)

    return make


def _touchpoint_widget() -> Any:
    from cxkit.widgets import TouchpointPriority

    return TouchpointPriority(_load("surveys"), _load("touchpoints"))


def _comment_widget() -> Any:
    import pandas as pd

    from cxkit.widgets import CommentExplorer

    feedback = pd.DataFrame(
        {"text": ["Late delivery again", "Great app", "Refund took weeks"], "channel": ["email"] * 3}
    )
    return CommentExplorer(feedback.assign(nps=[2, 10, 4]))


def _dashboard() -> Any:
    from cxkit.dashboard import Dashboard

    return Dashboard(segment="B2B")


#: How to make each widget and the dashboard (their figure methods are the cases below).
MAKERS: dict[str, Callable[[], Any]] = {
    "CLVExplorer": _widget("CLVExplorer"),
    "CommentExplorer": _comment_widget,
    "FactorSorter": _widget("FactorSorter"),
    "JourneyBuilder": _widget("JourneyBuilder"),
    "JourneyExplorer": _widget("JourneyExplorer"),
    "NPSSimulator": _widget("NPSSimulator"),
    "SLAExplorer": _widget("SLAExplorer"),
    "SelfAssessmentForm": _widget("SelfAssessmentForm"),
    "TouchpointPriority": _touchpoint_widget,
    "Dashboard": _dashboard,
}


def _method(cls: str, method: str) -> Callable[[], Any]:
    def call() -> Any:
        return getattr(MAKERS[cls](), method)()

    return call


#: The plotting functions of cxkit by their public name, and how to call them (keywords passed through).
PUBLIC: dict[str, Callable[..., Any]] = {
    "cxkit.journey.draw_flow": _draw_flow,
    "cxkit.journey.draw_blueprint": _draw_blueprint,
    "cxkit.journey.draw_journey_map": _draw_journey_map,
    "cxkit.journey.draw_lifecycle": _draw_lifecycle,
    "cxkit.journey.draw_persona": _draw_persona,
    "cxkit.journey.touchpoint_matrix": _touchpoint_matrix,
    "cxkit.journey.draw_touchpoint_map": _draw_touchpoint_map,
    "cxkit.journey.draw_path_patterns": _draw_path_patterns,
    "cxkit.journey.draw_funnel": _draw_funnel,
    "cxkit.journey.draw_funnel_by": _draw_funnel_by,
    "cxkit.journey.draw_measurement_gap": _draw_measurement_gap,
    # The drawing primitives the journey figures and the handout canvases share (they draw on
    # the axes they are given; canvas makes a figure when given none).
    "cxkit.journey.layout.canvas": _layout_canvas,
    "cxkit.journey.layout.draw_cell": _layout_draw_cell,
    "cxkit.journey.layout.marker": _layout_marker,
    "cxkit.clv.plot_holdout": _plot_holdout,
    "cxkit.clv.plot_underserved": _plot_underserved,
    "cxkit.retention.plot_cohort_table": _plot_cohort_table,
    "cxkit.retention.plot_return_curves": _plot_return_curves,
    "cxkit.service.plot_self_assessment": _plot_self_assessment,
    "cxkit.service.plot_fix_priorities": _plot_fix_priorities,
    "cxkit.service.plot_backlog": _plot_backlog,
    "cxkit.service.plot_response_times": _plot_response_times,
    "cxkit.service.plot_csat_by_target": _plot_csat_by_target,
    "cxkit.style.place_labels": _place_labels,
    "cxkit.style.figure_for": _figure_for,
}


def _resolve(public: str) -> Any:
    module, _, name = public.rpartition(".")
    return getattr(importlib.import_module(module), name)


#: The same, keyed by where each function is defined (``cxkit.journey.flow.draw_flow``).
FUNCTIONS: dict[str, Callable[..., Any]] = {
    f"{_resolve(name).__module__}.{_resolve(name).__name__}": case for name, case in PUBLIC.items()
}


def _takes_ax(name: str) -> bool:
    module, _, function = name.rpartition(".")
    return "ax" in inspect.signature(getattr(importlib.import_module(module), function)).parameters


def _on_axes(case: Callable[..., Any]) -> Callable[[], Any]:
    def call() -> Any:
        _, ax = plt.subplots()
        return case(ax=ax)

    return call


#: The functions that take an optional ``ax`` draw twice: on their own figure and on the caller's.
ON_AXES = [
    name
    for name in FUNCTIONS
    if _takes_ax(name) and not name.endswith(".place_labels") and ".layout." not in name
]

#: Every plotting function (on its own figure, and on the caller's axes where it takes ``ax``) and
#: every widget and dashboard method that draws, and how to call it.
CASES: dict[str, Callable[[], Any]] = {
    **FUNCTIONS,
    **{f"{name}(ax=...)": _on_axes(FUNCTIONS[name]) for name in ON_AXES},
    "Dashboard.html": _method("Dashboard", "html"),
    "Dashboard.panels_html": _method("Dashboard", "panels_html"),
    "Dashboard.widget": _method("Dashboard", "widget"),
    "JourneyBuilder.figure": _method("JourneyBuilder", "figure"),
    "JourneyBuilder.png": _method("JourneyBuilder", "png"),
    "JourneyExplorer.flow_figure": _method("JourneyExplorer", "flow_figure"),
    "NPSSimulator.margin_figure": _method("NPSSimulator", "margin_figure"),
    "SelfAssessmentForm.figure": _method("SelfAssessmentForm", "figure"),
    "TouchpointPriority.figure": _method("TouchpointPriority", "figure"),
    "TouchpointPriority.picture_html": _method("TouchpointPriority", "picture_html"),
    # Building a view draws its first picture.
    **{f"{name}.widget": _method(name, "widget") for name in MAKERS if name != "Dashboard"},
}


def _public_modules() -> list[Any]:
    modules = []
    for info in pkgutil.walk_packages(cxkit.__path__, "cxkit."):
        if any(part.startswith("_") for part in info.name.split(".")[1:]):
            continue
        modules.append(importlib.import_module(info.name))
    return modules


def discovered() -> set[str]:
    """Return the plotting functions and the widget and dashboard methods that draw, by name."""
    import cxkit.widgets
    from cxkit.dashboard import Dashboard

    found = set()
    for module in _public_modules():
        for name, obj in vars(module).items():
            if name.startswith("_") or not inspect.isfunction(obj) or obj.__module__ != module.__name__:
                continue
            if name.startswith(("plot_", "draw_")) or "ax" in inspect.signature(obj).parameters:
                found.add(f"{module.__name__}.{name}")
    classes = [getattr(cxkit.widgets, name) for name in cxkit.widgets.__all__] + [Dashboard]
    for cls in classes:
        for name, method in inspect.getmembers(cls, inspect.isfunction):
            if not name.startswith("_") and any(mark in inspect.getsource(method) for mark in DRAWS):
                found.add(f"{cls.__name__}.{name}")
    return found


def test_every_plotting_function_has_a_case():
    missing = discovered() - set(CASES)
    assert not missing, f"plotting functions with no case in tests/test_plot_state.py: {sorted(missing)}"


def _snapshot() -> dict[str, Any]:
    return {key: copy.deepcopy(value) for key, value in mpl.rcParams.items()}


@pytest.mark.slow  # its cases together take more than 3 s (make quick leaves it out)
@pytest.mark.parametrize("name", sorted(CASES))
def test_plotting_leaves_rcparams_alone(name):
    with mpl.rc_context():  # whatever happens, the other tests get their settings back
        mpl.rcdefaults()
        mpl.use("Agg")
        before = _snapshot()
        try:
            CASES[name]()
            after = _snapshot()
        finally:
            plt.close("all")
    changed = sorted(key for key in before if before[key] != after[key])
    assert not changed, f"{name} changed {len(changed)} matplotlib settings: {', '.join(changed[:12])}"


def test_the_check_sees_a_changed_setting():
    """The comparison can fail: ``style.use()`` is the one function allowed to change the settings."""
    from cxkit import style

    with mpl.rc_context():
        mpl.rcdefaults()
        before = _snapshot()
        style.use()
        after = _snapshot()
    assert {"font.size", "axes.prop_cycle", "axes.spines.top"} <= {k for k in before if before[k] != after[k]}
