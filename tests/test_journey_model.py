"""Tests of cxkit.journey.model: the rules, the YAML round trip, the JSON Schema, the shipped maps."""

from __future__ import annotations

import copy
import importlib.util
import json
import math
import sys
from pathlib import Path

import jsonschema
import pandas as pd
import pytest
import yaml

from cxkit.data.schema import STAGES, TOUCHPOINTS
from cxkit.errors import CXConfigError, CXDataError, CXFileNotFoundError, CXMapError
from cxkit.journey import model
from cxkit.journey.model import (
    DataQuery,
    Evidence,
    JourneyMap,
    Persona,
    ServiceBlueprint,
    Stage,
    Touchpoint,
    json_schema,
    load_blueprint,
    load_journey,
    save_blueprint,
    save_journey,
    schema_path,
    to_yaml,
)

ROOT = Path(__file__).resolve().parent.parent
JOURNEYS = ROOT / "datasets" / "journeys"
MAPS = ["busy-parent.yaml", "office-manager.yaml"]
BLUEPRINT = "delivery-promise-blueprint.yaml"
#: Every YAML file of datasets/journeys/ (a blueprint has ``actions``).
FILES = sorted(p.name for p in JOURNEYS.glob("*.yaml"))


def _raw(name: str) -> dict:
    return yaml.safe_load((JOURNEYS / name).read_text(encoding="utf-8"))


def _validator(kind: str) -> jsonschema.Draft202012Validator:
    schema = json.loads(schema_path(kind=kind).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


# -- the shipped files ----------------------------------------------------------------------------


def test_the_shipped_files_are_the_ones_named_here():
    assert set(FILES) == {*MAPS, BLUEPRINT}


@pytest.mark.parametrize("name", FILES)
def test_shipped_yaml_round_trip_is_exact(name, tmp_path):
    text = (JOURNEYS / name).read_text(encoding="utf-8")
    if "actions" in yaml.safe_load(text):
        obj = load_blueprint(JOURNEYS / name)
        again = ServiceBlueprint.from_dict(yaml.safe_load(to_yaml(obj)))
        save_blueprint(obj, tmp_path / name)
    else:
        obj = load_journey(JOURNEYS / name)
        again = JourneyMap.from_dict(yaml.safe_load(to_yaml(obj)))
        save_journey(obj, tmp_path / name)
    assert to_yaml(obj) == text  # the file is exactly what the writer writes
    assert again == obj
    assert (tmp_path / name).read_text(encoding="utf-8") == text


@pytest.mark.parametrize("name", MAPS)
def test_shipped_yaml_valid_against_schema(name):
    errors = list(_validator("journey").iter_errors(_raw(name)))
    assert errors == []


def test_shipped_blueprint_valid_against_schema():
    assert list(_validator("blueprint").iter_errors(_raw(BLUEPRINT))) == []


@pytest.mark.parametrize("kind", ["journey", "blueprint"])
def test_committed_schema_is_the_generated_one(kind):
    committed = json.loads(schema_path(kind=kind).read_text(encoding="utf-8"))
    assert committed == json_schema(kind=kind), (
        f"cxkit/journey/schemas/{kind}.schema.json is out of date with the models' declarations: "
        "regenerate it with `python -c 'from cxkit.journey.model import _write_schemas; _write_schemas()'`"
    )
    assert (ROOT / "cxkit/journey/schemas" / f"{kind}.schema.json").is_file()


def _changed_model(tmp_path, monkeypatch, old: str, new: str):
    """Import model.py again on a copy of schema_journey.py with one declaration changed."""
    source = (ROOT / "cxkit/journey/schema_journey.py").read_text(encoding="utf-8")
    assert source.count(old) == 1
    modules = {}
    for name, text in [("schema_journey", source.replace(old, new)), ("model", None)]:
        path = tmp_path / f"{name}.py"
        path.write_text(
            text or (ROOT / f"cxkit/journey/{name}.py").read_text(encoding="utf-8"), encoding="utf-8"
        )
        spec = importlib.util.spec_from_file_location(f"cxkit.journey.{name}", path)
        modules[name] = importlib.util.module_from_spec(spec)
        monkeypatch.setitem(sys.modules, f"cxkit.journey.{name}", modules[name])  # model.py imports it
        spec.loader.exec_module(modules[name])
    return modules["model"]


DECLARATION_CHANGES = [
    (
        'owner: str = Field(default="", description="The team responsible.")',
        'owner: str = Field(default="", description="The team in charge.")',
    ),
    (
        "    unit: str = Field(",
        '    currency: str = Field(default="", description="New.")\n    unit: str = Field(',
    ),
    ("stages: list[Stage] = Field(min_length=1,", "stages: list[Stage] = Field(min_length=2,"),
    ("    emotion: Emotion = Field(", "    emotion: Number = Field("),
]


@pytest.mark.parametrize(("old", "new"), DECLARATION_CHANGES, ids=["description", "field", "min", "type"])
def test_the_drift_check_fails_when_a_declaration_changes(old, new, tmp_path, monkeypatch):
    """The committed schema is compared with one generated from the declarations, not with a copy."""
    committed = json.loads(schema_path(kind="journey").read_text(encoding="utf-8"))
    assert committed == json_schema(kind="journey")
    changed = _changed_model(tmp_path, monkeypatch, old, new)
    assert changed.json_schema(kind="journey") != committed


def test_schema_kind_checked():
    with pytest.raises(CXConfigError, match="'blueprint', 'journey'"):
        json_schema(kind="persona")
    with pytest.raises(CXConfigError, match="'blueprint', 'journey'"):
        schema_path(kind="persona")
    with pytest.raises(TypeError):  # an option, keyword-only (CONTRIBUTING, "The shape of a function")
        json_schema("blueprint")
    with pytest.raises(TypeError):
        schema_path("blueprint")


def test_shipped_maps_use_course_vocabulary():
    customers = pd.read_csv(ROOT / "datasets" / "customers.csv")
    catalogue = pd.read_csv(ROOT / "datasets" / "touchpoints.csv").set_index("touchpoint")
    personas = set()
    for name in MAPS:
        journey = load_journey(JOURNEYS / name)
        personas.add((journey.persona.name, journey.persona.segment))
        assert journey.persona.name in set(customers["persona"])
        seg = customers.loc[customers["persona"] == journey.persona.name, "segment"].unique()
        assert list(seg) == [journey.persona.segment]
        assert [s for s in journey.stage_names if s in STAGES] == journey.stage_names
        assert journey.stage_names == [s for s in STAGES if s in journey.stage_names]  # in order
        for stage in journey.stages:
            for tp in stage.touchpoints:
                assert tp.name in TOUCHPOINTS
                row = catalogue.loc[tp.name]
                assert (tp.channel, tp.owner, tp.revenue, tp.phase) == (
                    row["channel"],
                    row["owner"],
                    bool(row["revenue"]),
                    row["phase"],
                )
    assert {seg for _, seg in personas} == {"B2C", "B2B"}
    assert ("Busy Parent", "B2C") in personas
    assert ("Office Manager", "B2B") in personas


def test_blueprint_has_the_late_delivery_fail_point():
    bp = load_blueprint(JOURNEYS / BLUEPRINT)
    late = {p.name: p for p in bp.fail_points}["late_delivery"]
    assert "promised date" in late.time_standard
    assert bp.wait_points
    assert all(p.time_standard for p in bp.wait_points)
    assert list(bp.lanes) == list(model.LANES)
    assert len(bp.lanes["backstage"]) == len(bp.actions)


def test_insight_evidence_query_is_evaluated_with_metrics():
    from cxkit.data import load
    from cxkit.metrics import nps

    journey = load_journey(JOURNEYS / "busy-parent.yaml")
    query = journey.insights[0].evidence[0].query
    assert query.describe() == "NPS of surveys where touchpoint = delivery and segment = B2C"
    result = query.evaluate()
    surveys = load("surveys")
    rows = surveys[(surveys["touchpoint"] == "delivery") & (surveys["segment"] == "B2C")]
    rows = rows[rows["nps"].notna()]
    expected = nps(rows["nps"], cluster=rows["customer_id"])
    assert result.value == pytest.approx(expected.value)
    assert (result.low, result.high, result.n) == pytest.approx((expected.low, expected.high, expected.n))
    # a list of values is an "in" filter
    both = DataQuery(dataset="surveys", metric="nps", where={"touchpoint": ["delivery", "returns"]})
    assert (
        both.evaluate(cluster=None).n
        == surveys[surveys["touchpoint"].isin(["delivery", "returns"])]["nps"].notna().sum()
    )


def test_query_takes_the_tables_by_position_and_options_by_keyword():
    """CONTRIBUTING's shape of a function: the data by position, every option keyword-only."""
    from cxkit.data import load

    query = DataQuery(dataset="surveys", metric="nps", where={"touchpoint": "delivery"})
    tables = {"surveys": load("surveys")}
    assert query.evaluate(tables, cluster=None).value == query.evaluate(cluster=None).value
    with pytest.raises(TypeError):
        query.evaluate(data=tables)
    with pytest.raises(TypeError):
        query.evaluate(tables, "customer_id")


def test_query_errors():
    with pytest.raises(CXDataError, match="column 'colour'"):
        DataQuery(dataset="surveys", metric="nps", where={"colour": "red"}).evaluate()
    with pytest.raises(CXDataError, match="no answered row"):
        DataQuery(dataset="surveys", metric="ces", where={"touchpoint": "delivery"}).evaluate()


# -- the rules, each from YAML, with the file, the path and the value ------------------------------


def _set(data, path, value):
    *head, last = path
    for key in head:
        data = data[key]
    if value is _DELETE:
        del data[last]
    else:
        data[last] = value


_DELETE = object()

# (description, keys to change, new value, path in the message, schema also rejects it?)
JOURNEY_CASES = [
    ("emotion too high", ["stages", 3, "emotion"], 3, "stages[3].emotion", True),
    ("emotion too low", ["stages", 1, "emotion_to_be"], -2.5, "stages[1].emotion_to_be", True),
    ("emotion not a number", ["stages", 0, "emotion"], "happy", "stages[0].emotion", True),
    ("emotion a boolean", ["stages", 0, "emotion"], True, "stages[0].emotion", True),
    (
        "unknown channel",
        ["stages", 3, "touchpoints", 1, "channel"],
        "fax",
        "stages[3].touchpoints[1].channel",
        True,
    ),
    (
        "unknown phase",
        ["stages", 2, "touchpoints", 0, "phase"],
        "later",
        "stages[2].touchpoints[0].phase",
        True,
    ),
    (
        "online not a bool",
        ["stages", 2, "touchpoints", 0, "online"],
        "yes",
        "stages[2].touchpoints[0].online",
        True,
    ),
    ("unknown segment", ["persona", "segment"], "B2G", "persona.segment", True),
    ("unknown persona channel", ["persona", "channels", 1], "telegram", "persona.channels[1]", True),
    ("unknown field", ["stages", 0, "mood"], 1, "stages[0].mood", True),
    ("missing field", ["stages", 0, "emotion"], _DELETE, "stages[0]", True),
    ("empty name", ["stages", 0, "name"], " ", "stages[0].name", True),
    ("no stages", ["stages"], [], "stages", True),
    ("step not text", ["stages", 1, "steps", 0], 5, "stages[1].steps[0]", True),
    ("stages not a list", ["stages"], {"awareness": 1}, "stages", True),
    ("duplicated stage", ["stages", 1, "name"], "awareness", "stages[1]", False),
    ("duplicated step", ["stages", 1, "steps", 1], "Browses lamps in the app", "stages[1].steps[1]", False),
    (
        "duplicated touchpoint",
        ["stages", 4, "touchpoints", 1, "name"],
        "delivery",
        "stages[4].touchpoints[1]",
        False,
    ),
    ("insight on unknown stage", ["insights", 0, "stage"], "checkout", "insights[0].stage", False),
    ("touchpoint on no stage", ["insights", 0, "touchpoint"], "store_till", "insights[0].touchpoint", False),
    ("duplicated insight", ["insights", 1, "name"], "late-delivery-hurts", "insights[1]", False),
    (
        "evidence with quote and query",
        ["insights", 0, "evidence", 0, "quote"],
        "It was late.",
        "insights[0].evidence[0]",
        False,
    ),
    (
        "unknown dataset",
        ["insights", 0, "evidence", 0, "query", "dataset"],
        "orders",
        "insights[0].evidence[0].query.dataset",
        True,
    ),
    (
        "unknown metric",
        ["insights", 0, "evidence", 0, "query", "metric"],
        "ces_score",
        "insights[0].evidence[0].query.metric",
        True,
    ),
    ("emotion NaN", ["stages", 0, "emotion"], math.nan, "stages[0].emotion", False),
    ("target a text", ["stages", 2, "kpis", 0, "target"], "60", "stages[2].kpis[0].target", True),
    (
        "revenue a number",
        ["stages", 3, "touchpoints", 0, "revenue"],
        1,
        "stages[3].touchpoints[0].revenue",
        True,
    ),
    ("persona not a mapping", ["persona"], ["Busy Parent"], "persona", True),
    ("duplicated KPI", ["stages", 4, "kpis", 1, "name"], "Delivered on time", "stages[4].kpis[1]", False),
    ("quote not text", ["insights", 0, "evidence", 1, "quote"], 12, "insights[0].evidence[1].quote", True),
    (
        "where not a mapping",
        ["insights", 0, "evidence", 0, "query", "where"],
        "delivery",
        "insights[0].evidence[0].query.where",
        True,
    ),
    (
        "empty filter",
        ["insights", 0, "evidence", 0, "query", "where", "touchpoint"],
        [],
        "insights[0].evidence[0].query.where.touchpoint",
        True,
    ),
    (
        "unknown field deep down",
        ["insights", 1, "opportunities", 0, "solutions", 0, "cost"],
        100,
        "insights[1].opportunities[0].solutions[0].cost",
        True,
    ),
]


@pytest.mark.slow  # its cases together take more than 3 s (make quick leaves it out)
@pytest.mark.parametrize(
    ("what", "keys", "value", "path", "schema_rejects"), JOURNEY_CASES, ids=[c[0] for c in JOURNEY_CASES]
)
def test_journey_rule(what, keys, value, path, schema_rejects, tmp_path):
    data = _raw("busy-parent.yaml")
    _set(data, keys, value if value is _DELETE else copy.deepcopy(value))
    target = tmp_path / "my-map.yaml"
    target.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    with pytest.raises(CXMapError) as info:
        load_journey(target)
    message = str(info.value)
    assert message.startswith(f"my-map.yaml, at {path}")
    assert info.value.source == "my-map.yaml"
    assert info.value.path.startswith(path)
    shown = keys[-1] if what.startswith("unknown field") else value  # an unknown key is shown by name
    if value is not _DELETE and not isinstance(value, (list, dict)):
        assert repr(shown) in message or str(shown) in message
    assert isinstance(info.value, CXDataError)
    assert isinstance(info.value, ValueError)
    # the schema rejects what one field can check; the links between fields only the model checks
    assert bool(list(_validator("journey").iter_errors(data))) is schema_rejects


BLUEPRINT_CASES = [
    ("missing step", ["actions", 2, "step", "step"], "Goes shopping", "actions[2].step.step", False),
    ("unknown stage", ["actions", 0, "step", "stage"], "delivery", "actions[0].step.stage", False),
    ("unknown lane", ["fail_points", 0, "lane"], "basement", "fail_points[0].lane", True),
    ("unknown action", ["wait_points", 1, "action"], "phone", "wait_points[1].action", False),
    ("duplicated action", ["actions", 1, "name"], "checkout", "actions[1]", False),
    (
        "wait point without time standard",
        ["wait_points", 0, "time_standard"],
        _DELETE,
        "wait_points[0]",
        True,
    ),
]


@pytest.mark.parametrize(
    ("what", "keys", "value", "path", "schema_rejects"),
    BLUEPRINT_CASES,
    ids=[c[0] for c in BLUEPRINT_CASES],
)
def test_blueprint_rule(what, keys, value, path, schema_rejects, tmp_path):
    data = _raw(BLUEPRINT)
    _set(data, keys, value)
    (tmp_path / "busy-parent.yaml").write_text((JOURNEYS / "busy-parent.yaml").read_text())
    target = tmp_path / "bp.yaml"
    target.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    with pytest.raises(CXMapError) as info:
        load_blueprint(target)
    assert str(info.value).startswith(f"bp.yaml, at {path}")
    if value is not _DELETE:
        assert repr(value) in str(info.value)
    assert bool(list(_validator("blueprint").iter_errors(data))) is schema_rejects


def test_blueprint_links_checked_against_a_given_journey():
    bp = load_blueprint(JOURNEYS / BLUEPRINT)
    other = load_journey(JOURNEYS / "office-manager.yaml")
    with pytest.raises(CXMapError, match=r"missing step.*Pays at the app checkout"):
        bp.check_links(other)


# -- the dataclasses in Python --------------------------------------------------------------------


def test_python_construction_validates():
    with pytest.raises(CXMapError, match=r"<dict>, at emotion: emotion outside -2..\+2: found 3"):
        Stage(name="x", emotion=3)
    with pytest.raises(CXMapError, match="at channel: unknown channel: found 'fax'"):
        Touchpoint(name="t", channel="fax", online=True, phase="before")
    with pytest.raises(CXMapError, match="exactly one of quote and query"):
        Evidence()
    stage = Stage(name="x", emotion=0, steps=["a"])
    stage.emotion = -3  # mutable: validate() re-checks
    with pytest.raises(CXMapError, match="emotion"):
        stage.validate()
    persona = Persona(name="P", segment="B2C", description="d")
    journey = JourneyMap(
        name="j",
        persona=persona,
        scenario="s",
        goal="g",
        stages=[Stage(name="a", emotion=0), Stage(name="b", emotion=1)],
    )
    journey.stages[1].name = "a"
    with pytest.raises(CXMapError, match=r"at stages\[1\]: duplicated stage name: found 'a'"):
        journey.validate()
    with pytest.raises(CXMapError, match="unknown stage: found 'zzz'"):
        journey.stage("zzz")


def test_changes_made_in_place_are_checked_with_their_path():
    journey = load_journey(JOURNEYS / "busy-parent.yaml")
    journey.stages[2].touchpoints[0].channel = "fax"
    with pytest.raises(
        CXMapError, match=r"^<dict>, at stages\[2\]\.touchpoints\[0\]\.channel: unknown channel"
    ):
        journey.validate()
    journey = load_journey(JOURNEYS / "busy-parent.yaml")
    journey.stages[0].steps.append(3)
    with pytest.raises(CXMapError, match=r"at stages\[0\]\.steps\[2\]: not a text: found 3"):
        journey.validate()
    journey = load_journey(JOURNEYS / "busy-parent.yaml")
    journey.insights[0].evidence[0].quote = "q"
    with pytest.raises(CXMapError, match=r"at insights\[0\]\.evidence\[0\]: evidence needs exactly one"):
        journey.validate()
    journey.insights[0].evidence[0].quote = ""
    journey.validate()


def test_construction_errors_are_map_errors():
    """A missing or unknown keyword, or an object of the wrong class, is a CXMapError too."""
    with pytest.raises(CXMapError, match=r"^<dict>: missing field 'name'; expected a Stage with name"):
        Stage(emotion=0)
    with pytest.raises(CXMapError, match=r"at mood: unknown field of a Stage: found 'mood'"):
        Stage(name="x", emotion=0, mood=1)
    with pytest.raises(CXMapError, match=r"at persona: wrong type: found Stage\(name='a'.*expected Persona"):
        JourneyMap(name="j", persona=Stage(name="a", emotion=0), scenario="s", goal="g", stages=[])
    with pytest.raises(CXMapError, match=r"at touchpoints\[0\]: not a mapping: found 'x'"):
        Stage(name="x", emotion=0, touchpoints=["x"])
    # fields are strict: no "yes" for true, no "1" for 1, no tuple for a list
    with pytest.raises(CXMapError, match="at online: not true or false: found 'yes'"):
        Touchpoint(name="t", channel="web", online="yes", phase="before")
    with pytest.raises(CXMapError, match="at emotion: not a number: found '1'"):
        Stage(name="x", emotion="1")
    with pytest.raises(CXMapError, match=r"at steps: not a list: found \('a',\)"):
        Stage(name="x", emotion=0, steps=("a",))
    with pytest.raises(
        CXMapError, match=r"at persona\.channels: not a list: found 'web'; expected a list of texts"
    ):
        JourneyMap(
            name="j",
            persona={"name": "P", "segment": "B2C", "description": "d", "channels": "web"},
            scenario="s",
            goal="g",
            stages=[{"name": "a", "emotion": 0}],
        )
    with pytest.raises(
        CXMapError, match=r"^<dict>, at stages\[1\]\.emotion: emotion outside -2\.\.\+2: found 5"
    ):
        JourneyMap(
            name="j",
            persona=Persona(name="P", segment="B2C", description="d"),
            scenario="s",
            goal="g",
            stages=[{"name": "a", "emotion": 0}, {"name": "b", "emotion": 5}],
        )
    # nested objects may be given as their fields
    stage = Stage(
        name="x", emotion=0, touchpoints=[{"name": "t", "channel": "web", "online": True, "phase": "before"}]
    )
    assert stage.touchpoints == [Touchpoint(name="t", channel="web", online=True, phase="before")]


def test_numbers_keep_their_type_through_a_round_trip():
    """1 is written back as 1, 1.0 as 1.0 (a checked float that came back as 1.0 would change the file)."""
    kpi = {"name": "k", "metric": "m", "target": 60, "measured": 59.0}
    text = to_yaml(Stage.from_dict({"name": "s", "emotion": 1, "emotion_to_be": -0.5, "kpis": [kpi]}))
    lines = ["name: s", "emotion: 1", "emotion_to_be: -0.5", "kpis:", "- name: k", "  metric: m"]
    assert text == "\n".join([*lines, "  target: 60", "  measured: 59.0", ""])
    query = DataQuery(dataset="surveys", metric="nps", where={"a": 1, "b": 1.0, "c": True, "d": [0, "x"]})
    assert [type(v) for v in query.where.values()] == [int, float, bool, list]
    assert query.where["d"] == [0, "x"]
    assert type(query.where["d"][0]) is int


def test_empty_yaml_keys_read_as_empty_lists(tmp_path):
    """``steps:`` with nothing after it reads as None: the model takes it as no steps."""
    data = _raw("busy-parent.yaml")
    data["stages"][0]["steps"] = None
    data["persona"]["goals"] = None
    data["insights"] = None
    target = tmp_path / "map.yaml"
    target.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    journey = load_journey(target)
    assert (journey.stages[0].steps, journey.persona.goals, journey.insights) == ([], [], [])
    assert "goals" not in to_yaml(journey)


def test_to_dict_leaves_out_defaults_and_from_dict_restores_them():
    tp = Touchpoint(name="t", channel="store", online=False, phase="during")
    assert tp.to_dict() == {"name": "t", "channel": "store", "online": False, "phase": "during"}
    assert Touchpoint.from_dict(tp.to_dict()) == tp
    assert tp.revenue is False
    assert tp.owner == ""


def test_file_errors(tmp_path):
    with pytest.raises(CXFileNotFoundError, match=r"nope.yaml"):
        load_journey(tmp_path / "nope.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: [unclosed\nstages: 1\n")
    with pytest.raises(
        CXMapError,
        match=r"bad.yaml, at line 2, column 7: not valid YAML \(expected ',' or ']', but got ':'\)",
    ):
        load_journey(bad)
    bad.write_text("- a list\n")
    with pytest.raises(CXMapError, match=r"bad.yaml: not a mapping"):
        load_journey(bad)
    with pytest.raises(CXConfigError, match="JourneyMap"):
        save_journey(Persona(name="P", segment="B2C", description="d"), tmp_path / "x.yaml")
