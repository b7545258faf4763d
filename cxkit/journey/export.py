"""Exports that travel: a journey map and a service blueprint as Mermaid diagrams.

Mermaid (https://mermaid.js.org) is drawn by JupyterLab (4.1 and later) and GitHub from a fenced
Markdown block, so a map exported here can be pasted into a Markdown cell, an issue or a README::

    ```mermaid
    journey
        title ...
    ```

Text is escaped with Mermaid's entity codes (``#58;`` for ``:``), so a step such as "Checks the
tracking page: late again" cannot break the diagram.

>>> from cxkit._paths import repo_root
>>> from cxkit.journey.model import load_journey
>>> text = to_mermaid(load_journey(repo_root() / "datasets/journeys/busy-parent.yaml"))
>>> print(text.splitlines()[0])
journey
"""

from __future__ import annotations

import math
import re
from itertools import pairwise
from typing import TYPE_CHECKING

from cxkit.errors import CXConfigError

if TYPE_CHECKING:  # pragma: no cover
    from cxkit.journey.model import JourneyMap, ServiceBlueprint

__all__ = ["blueprint_to_mermaid", "emotion_to_score", "escape", "to_mermaid"]

# Mermaid's entity codes: '#' first would be wrong (the codes contain '#' and ';'), so map
# character by character.
_ENTITIES = {
    ":": "#58;",
    "#": "#35;",
    ";": "#59;",
    ",": "#44;",
    '"': "#quot;",
    "<": "#lt;",
    ">": "#gt;",
}
_LANE_TITLES = {
    "physical_evidence": "Physical evidence",
    "customer_actions": "Customer actions",
    "frontstage": "Frontstage (visible to the customer)",
    "backstage": "Backstage (invisible)",
    "support": "Support processes",
}
_LANE_PREFIX = {
    "physical_evidence": "pe",
    "customer_actions": "ca",
    "frontstage": "fs",
    "backstage": "bs",
    "support": "sp",
}


def escape(text: str) -> str:
    """Escape ``text`` for a Mermaid label: ``: # ; , " < >`` become entity codes.

    Newlines and runs of spaces become one space.

    >>> escape("Pays: by card; #1 choice")
    'Pays#58; by card#59; #35;1 choice'
    """
    flat = re.sub(r"\s+", " ", str(text)).strip()
    return "".join(_ENTITIES.get(ch, ch) for ch in flat)


#: Words that start a statement of Mermaid's journey grammar (case-insensitively): a task or a
#: section whose text starts with one would be read as that statement ("Title ..." becomes the
#: diagram's title, "Section ..." breaks the parser), so its first letter is written as an entity.
_JOURNEY_KEYWORDS = ("title", "section", "acctitle", "accdescr", "journey")


def _text(text: str) -> str:
    """Escape a task's or a section's text, and its first letter when it starts with a keyword.

    >>> _text("Title deeds checked"), _text("Section 2: pay")
    ('#84;itle deeds checked', '#83;ection 2#58; pay')
    """
    out = escape(text)
    if out.lower().startswith(_JOURNEY_KEYWORDS):
        out = f"#{ord(out[0])};{out[1:]}"
    return out


def emotion_to_score(emotion: float) -> int:
    r"""Map an emotion on -2..+2 to Mermaid's task score 1..5: :math:`s = \lfloor e + 3.5 \rfloor`.

    A half point rounds up (-0.5 -> 3), so the mapping is monotone and -2, -1, 0, +1, +2 give
    exactly 1, 2, 3, 4, 5.

    Raises
    ------
    CXConfigError
        An emotion outside -2..+2.

    >>> [emotion_to_score(e) for e in (-2, -1, 0, 1, 2, -0.5, 1.4)]
    [1, 2, 3, 4, 5, 3, 4]
    """
    if not -2 <= emotion <= 2:
        raise CXConfigError(f"emotion={emotion!r} is outside -2..+2.")
    return math.floor(emotion + 3.5)


def to_mermaid(journey: JourneyMap) -> str:
    """Write a journey map as a Mermaid ``journey`` diagram.

    Parameters
    ----------
    journey : JourneyMap
        The map.

    Returns
    -------
    str
        The diagram's text (without the Markdown fence): ``title`` from the map's name, one
        ``section`` per stage, one task per step with the stage's as-is emotion as the score
        (:func:`emotion_to_score`: -2..+2 -> 1..5) and the persona as the actor. A stage without
        steps gets one task named after the stage, so no section is empty. Texts are escaped
        (:func:`escape`), and a step or stage starting with a word of Mermaid's grammar
        ("Title ...", "Section ...") has its first letter written as an entity, so it stays a
        task instead of becoming the title or breaking the diagram.

    Notes
    -----
    Mermaid's journey diagram has one score per task and nothing else, so the export **leaves out**
    the to-be emotions, thoughts, touchpoints, pain points, moments of truth, opportunities,
    KPIs, owners, invisible steps, the persona's details and the insights. Keep the YAML file as
    the source and the Mermaid text as a picture to share.

    Examples
    --------
    >>> from cxkit.journey.model import JourneyMap, Persona, Stage
    >>> j = JourneyMap(name="Order: a lamp", persona=Persona(name="Ann", segment="B2C",
    ...                description="d"), scenario="s", goal="g",
    ...                stages=[Stage(name="purchase", emotion=-1, steps=["Pays; finally"])])
    >>> print(to_mermaid(j))
    journey
        title Order#58; a lamp
        section purchase
          Pays#59; finally: 2: Ann
    """
    actor = escape(journey.persona.name)
    lines = ["journey", f"    title {escape(journey.name)}"]
    for stage in journey.stages:
        lines.append(f"    section {_text(stage.name)}")
        score = emotion_to_score(stage.emotion)
        for step in stage.steps or [stage.name]:
            lines.append(f"      {_text(step)}: {score}: {actor}")
    return "\n".join(lines)


def blueprint_to_mermaid(blueprint: ServiceBlueprint) -> str:
    """Write a service blueprint as a Mermaid flowchart with one subgraph per lane.

    Parameters
    ----------
    blueprint : ServiceBlueprint
        The blueprint.

    Returns
    -------
    str
        ``flowchart TB`` with the five lanes as subgraphs, top to bottom (ids
        ``physical_evidence``, ``customer_actions``, ``frontstage``, ``backstage``, ``support``;
        the subgraph titles name the lines between them), one node per action and lane (id
        ``<lane prefix>_<action>``, the lane's items joined by ``<br/>``), arrows from one
        customer action to the next, dotted links down each column, and every fail point
        (``fail_<name>``, a hexagon, "FAIL") and wait point (``wait_<name>``, "WAIT") linked to its
        action's node in its lane, with the time standard.

    Notes
    -----
    Mermaid does not draw horizontal swim lanes with lines between them, so the lines of
    interaction, visibility and internal interaction appear in the lanes' titles; the link to the
    journey's steps is left out.

    Examples
    --------
    >>> from cxkit._paths import repo_root
    >>> from cxkit.journey.model import load_blueprint
    >>> bp = load_blueprint(repo_root() / "datasets/journeys/delivery-promise-blueprint.yaml")
    >>> text = blueprint_to_mermaid(bp)
    >>> text.count("subgraph "), "fail_late_delivery" in text
    (5, True)
    """
    from cxkit.journey.model import LANES, LINES

    below = {lane: name for name, lane in LINES}
    action_ids = _unique_ids([a.name for a in blueprint.actions])

    def _node(lane: str, action: str) -> str:
        return f"{_LANE_PREFIX[lane]}_{action_ids[action]}"

    lines = ["flowchart TB"]
    for lane in LANES:
        title = _LANE_TITLES[lane]
        if lane in below:
            title += f" · {below[lane]} below"
        lines.append(f'    subgraph {lane}["{escape(title)}"]')
        lines.append("        direction LR")
        for action in blueprint.actions:
            items = action.lane(lane)
            if items:
                label = "<br/>".join(escape(i) for i in items)
                lines.append(f'        {_node(lane, action.name)}["{label}"]')
        lines.append("    end")
    ids = [_node("customer_actions", a.name) for a in blueprint.actions]
    lines += [f"    {a} --> {b}" for a, b in pairwise(ids)]
    for action in blueprint.actions:
        column = [_node(lane, action.name) for lane in LANES if action.lane(lane)]
        lines += [f"    {a} -.- {b}" for a, b in pairwise(column)]
    for kind, points in (("fail", blueprint.fail_points), ("wait", blueprint.wait_points)):
        point_ids = _unique_ids([p.name for p in points])
        for p in points:
            label = f"{kind.upper()}: {p.description}"
            if p.time_standard:
                label += f" (standard: {p.time_standard})"
            node = f"{kind}_{point_ids[p.name]}"
            lines.append(f'    {node}{{{{"{escape(label)}"}}}}')
            lines.append(f"    {node} -.-> {_node(p.lane, p.action)}")
            lines.append(f"    class {node} {kind}")
    lines.append("    classDef fail stroke-width:3px,stroke-dasharray:5 3")
    lines.append("    classDef wait stroke-width:3px")
    return "\n".join(lines)


def _ident(name: str) -> str:
    return re.sub(r"[^0-9A-Za-z_]", "_", name)


def _unique_ids(names: list[str]) -> dict[str, str]:
    """Give each name a Mermaid id of letters, digits and ``_``, unique.

    Names that would share one get ``_2``, ``_3``... (``pay-now`` and ``pay_now`` are two nodes,
    not one with a loop).

    >>> _unique_ids(["pay-now", "pay_now", "pay now"])
    {'pay-now': 'pay_now', 'pay_now': 'pay_now_2', 'pay now': 'pay_now_3'}
    """
    out: dict[str, str] = {}
    taken: set[str] = set()
    for name in names:
        base = _ident(name)
        ident, n = base, 1
        while ident in taken:
            n += 1
            ident = f"{base}_{n}"
        taken.add(ident)
        out[name] = ident
    return out
