"""cxkit.journey exports every public name of its modules, from one table (issue 23, deliverable 7)."""

from __future__ import annotations

import ast
import importlib
import inspect
from pathlib import Path

import pytest

import cxkit.journey as journey

#: The modules whose public names the package exports (layout.py is the drawing primitives it shares).
MODULES = [
    "analytics",
    "blueprint_figure",
    "channels",
    "export",
    "fill",
    "flow",
    "lifecycle",
    "lifecycle_figure",
    "map_figure",
    "map_html",
    "matrix",
    "measurement",
    "model",
    "moments",
    "persona_figure",
    "quadrants",
    "timing",
    "touchpoints",
]
#: Public names left at their module: fill.COLUMNS (too generic a name for the package) and the
#: matrix's option check quadrants.check_cuts.
NOT_EXPORTED = {("fill", "COLUMNS"), ("quadrants", "check_cuts")}


def test_from_cxkit_journey_import_the_analytics_model_figures_and_export():
    from cxkit.journey import (  # noqa: F401
        JourneyMap,
        channel_switching,
        directly_follows,
        draw_blueprint,
        draw_flow,
        draw_journey_map,
        draw_lifecycle,
        draw_persona,
        funnel,
        link_scores,
        load_journey,
        measurement_gap,
        stage_durations,
        to_mermaid,
        touchpoint_matrix,
        touchpoint_performance,
        variants,
    )

    assert callable(funnel)
    assert inspect.isfunction(draw_blueprint)
    assert inspect.isclass(JourneyMap)


@pytest.mark.parametrize("name", MODULES)
def test_every_public_name_of_a_module_is_exported_as_the_same_object(name):
    module = importlib.import_module(f"cxkit.journey.{name}")
    for public in module.__all__:
        if (name, public) in NOT_EXPORTED:
            continue
        assert public in journey.__all__, f"cxkit.journey.{name}.{public} is not exported"
        assert getattr(journey, public) is getattr(module, public)


def test_all_dir_and_the_lazy_table_agree():
    assert journey.__all__ == sorted(journey._EXPORTS)
    assert set(journey.__all__) <= set(dir(journey))
    for public, module in journey._EXPORTS.items():
        assert public in importlib.import_module(module).__all__, f"{public} is not public in {module}"


def test_the_type_checking_imports_list_exactly_the_exports():
    tree = ast.parse(Path(journey.__file__).read_text(encoding="utf-8"))
    block = next(n for n in tree.body if isinstance(n, ast.If) and "TYPE_CHECKING" in ast.unparse(n.test))
    imported = {
        alias.name: node.module
        for node in block.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    assert imported == journey._EXPORTS


def test_a_submodule_never_hides_an_exported_function():
    """A module named like a function (draw_blueprint.py) would replace it in the package once imported."""
    for name in MODULES:
        importlib.import_module(f"cxkit.journey.{name}")
        assert name not in journey._EXPORTS
    assert inspect.isfunction(journey.draw_blueprint)
    assert inspect.isfunction(journey.draw_lifecycle)


def _functions():
    for public in journey.__all__:
        value = getattr(journey, public)
        if inspect.isfunction(value) and journey._EXPORTS[public] != "cxkit.journey.model":
            yield public, value


@pytest.mark.parametrize(("public", "function"), list(_functions()))
def test_options_are_keyword_only_and_columns_named_by_role(public, function):
    """CONTRIBUTING: every argument with a default is keyword-only; no _column suffix."""
    params = inspect.signature(function).parameters.values()
    positional = [p.name for p in params if p.default is not p.empty and p.kind is p.POSITIONAL_OR_KEYWORD]
    assert positional == [], f"{public}: options given positionally"
    suffixed = [p.name for p in params if p.name.endswith(("_column", "_col", "_key"))]
    assert suffixed == [], f"{public}: column keywords with a suffix"


def test_the_survey_answer_time_is_answered_at():
    for function in (journey.good_then_poor, journey.link_scores):
        assert inspect.signature(function).parameters["answered_at"].default == "response_date"
