"""Tests of cxkit.journey.export: the Mermaid texts are parsed back and compared with the model."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cxkit.errors import CXConfigError
from cxkit.journey import blueprint_to_mermaid, emotion_to_score, escape, to_mermaid
from cxkit.journey.model import LANES, JourneyMap, Persona, Stage, load_blueprint, load_journey

JOURNEYS = Path(__file__).resolve().parent.parent / "datasets" / "journeys"
_DECODE = {"58": ":", "35": "#", "59": ";", "44": ",", "quot": '"', "lt": "<", "gt": ">"}


def _unescape(text: str) -> str:
    return re.sub(r"#(\w+);", lambda m: _DECODE[m.group(1)], text)


def parse_journey(text: str) -> dict:
    """Parse a small part of Mermaid's journey grammar: title, sections, tasks 'name: score: actors'."""
    lines = text.splitlines()
    assert lines[0] == "journey"
    out: dict = {"title": None, "sections": []}
    for line in lines[1:]:
        s = line.strip()
        if s.startswith("title "):
            out["title"] = s[len("title ") :]
        elif s.startswith("section "):
            out["sections"].append((s[len("section ") :], []))
        else:
            task, score, actors = s.split(":")  # a raw ':' in a name would make 4+ parts
            out["sections"][-1][1].append((task.strip(), int(score), actors.strip().split(",")))
    return out


@pytest.mark.parametrize("name", ["busy-parent.yaml", "office-manager.yaml"])
def test_journey_export_parses_back(name):
    journey = load_journey(JOURNEYS / name)
    parsed = parse_journey(to_mermaid(journey))
    assert _unescape(parsed["title"]) == journey.name
    assert [_unescape(s) for s, _ in parsed["sections"]] == journey.stage_names
    for (_, tasks), stage in zip(parsed["sections"], journey.stages, strict=True):
        assert [_unescape(t) for t, _, _ in tasks] == stage.steps
        assert {score for _, score, _ in tasks} == {stage.emotion + 3}
        assert all(1 <= score <= 5 for _, score, _ in tasks)
        assert all(actors == [journey.persona.name] for _, _, actors in tasks)
    assert sum(len(t) for _, t in parsed["sections"]) == sum(len(s.steps) for s in journey.stages)


def test_escaping_keeps_the_grammar():
    persona = Persona(name="A, B", segment="B2C", description="d")
    stage = Stage(name="pay: now", emotion=-2, steps=["Step #1: pays; waits", 'Says "hi"\nbye'])
    empty = Stage(name="after#", emotion=2)
    journey = JourneyMap(name="t: #;", persona=persona, scenario="s", goal="g", stages=[stage, empty])
    text = to_mermaid(journey)
    parsed = parse_journey(text)
    assert parsed["title"] == "t#58; #35;#59;"
    (s1, tasks1), (_, tasks2) = parsed["sections"]
    assert _unescape(s1) == "pay: now"
    assert [_unescape(t) for t, _, _ in tasks1] == ["Step #1: pays; waits", 'Says "hi" bye']
    assert [score for _, score, _ in tasks1] == [1, 1]
    assert tasks1[0][2] == ["A#44; B"]  # the comma would split the actors
    assert tasks2 == [("after#35;", 5, ["A#44; B"])]  # a stage without steps gets one task
    for line in text.splitlines()[1:]:
        body = line.strip()
        for raw in ";#":
            assert raw not in re.sub(r"#\w+;", "", body)


def test_emotion_to_score():
    assert [emotion_to_score(e) for e in (-2, -1.5, -1, 0, 0.49, 0.5, 2)] == [1, 2, 2, 3, 3, 4, 5]
    with pytest.raises(CXConfigError, match="outside"):
        emotion_to_score(2.5)
    assert escape("a\n  b") == "a b"


def parse_flowchart(text: str) -> dict:
    lines = [line.strip() for line in text.splitlines()]
    assert lines[0] == "flowchart TB"
    lanes: dict = {}
    current = None
    edges = []
    for line in lines[1:]:
        if line.startswith("subgraph "):
            current = line.split()[1].split("[")[0]
            lanes[current] = {}
        elif line == "end":
            current = None
        elif current and "[" in line:
            node, label = line.split("[", 1)
            lanes[current][node] = label.strip('[]"').split("<br/>")
        elif "-->" in line or "-.-" in line:
            edges.append(line)
    return {"lanes": lanes, "edges": edges}


def test_blueprint_export_parses_back():
    bp = load_blueprint(JOURNEYS / "delivery-promise-blueprint.yaml")
    text = blueprint_to_mermaid(bp)
    parsed = parse_flowchart(text)
    assert list(parsed["lanes"]) == list(LANES)
    for lane in LANES:
        nodes = parsed["lanes"][lane]
        expected = [a for a in bp.actions if a.lane(lane)]
        assert len(nodes) == len(expected)
        for (node, items), action in zip(nodes.items(), expected, strict=True):
            assert node.endswith("_" + action.name)
            assert [_unescape(i) for i in items] == action.lane(lane)
    flow = [e for e in parsed["edges"] if "-->" in e]
    assert len(flow) == len(bp.actions) - 1
    for point in bp.fail_points:
        assert f"fail_{point.name}" in text
    for point in bp.wait_points:
        assert f"wait_{point.name}" in text
    assert "promised date" in _unescape(text)
    assert "line of visibility" in text
