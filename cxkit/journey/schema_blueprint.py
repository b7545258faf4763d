"""The service blueprint's models (Bitner, Ostrom & Morgan 2008), with Shostack's fail and wait points.

Declared with the field types of :mod:`cxkit.journey.schema_fields` (pydantic v2); read, written
and checked through :mod:`cxkit.journey.model`, which documents the whole model.

References
----------
Bitner, M. J., Ostrom, A. L. & Morgan, F. N. (2008). Service blueprinting: a practical technique
for service innovation. *California Management Review* 50(3), 66-94.
Shostack, G. L. (1984). Designing services that deliver. *Harvard Business Review* 62(1), 133-139.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, TypeAlias

from pydantic import Field

from cxkit.errors import CXMapError
from cxkit.journey.schema_errors import choices_text
from cxkit.journey.schema_fields import DICT, Items, JourneyModel, Name, unique

if TYPE_CHECKING:
    from cxkit.journey.schema_journey import JourneyMap

__all__ = ["LANES", "LINES", "BlueprintAction", "FailPoint", "ServiceBlueprint", "StepRef", "WaitPoint"]

#: The lanes of a service blueprint, top to bottom (Bitner, Ostrom & Morgan 2008).
LANES: tuple[str, ...] = ("physical_evidence", "customer_actions", "frontstage", "backstage", "support")
#: The lines between the lanes: (name, the lane above it).
LINES: tuple[tuple[str, str], ...] = (
    ("line of interaction", "customer_actions"),
    ("line of visibility", "frontstage"),
    ("line of internal interaction", "backstage"),
)

if TYPE_CHECKING:  # callers pass plain strings; pydantic checks them against the choices
    Lane: TypeAlias = str
else:
    Lane = Literal[LANES]


class StepRef(JourneyModel):
    """A link to a step of a journey map: the stage and the step's text."""

    stage: Name = Field(description="The stage's name.")
    step: Name = Field(description="The step, exactly as written in the journey map.")


class BlueprintAction(JourneyModel):
    """One column of a service blueprint: a customer action and what supports it, lane by lane.

    Parameters
    ----------
    name : str
        Short id, unique in the blueprint (fail and wait points refer to it).
    customer_action : str
        What the customer does (the customer-actions lane).
    step : StepRef
        The journey step it serves.
    physical_evidence, frontstage, backstage, support : list of str
        What the customer sees or holds; what contact staff or systems do in view; what is done
        out of view; the internal processes and systems that support it.
    """

    name: Name = Field(description="Short id, unique in the blueprint.")
    customer_action: Name = Field(description="What the customer does.")
    step: StepRef = Field(description="The journey step served.")
    physical_evidence: Items = Field(default_factory=list, description="What the customer sees or holds.")
    frontstage: Items = Field(
        default_factory=list, description="Contact staff or systems, in view of the customer."
    )
    backstage: Items = Field(default_factory=list, description="Done out of the customer's view.")
    support: Items = Field(default_factory=list, description="Support processes and systems.")

    def lane(self, lane: str) -> list[str]:
        """Return the items of one of :data:`LANES` in this column."""
        if lane == "customer_actions":
            return [self.customer_action]
        return list(getattr(self, lane))


class FailPoint(JourneyModel):
    """A point where the service is likely to fail (Shostack 1984), with its time standard."""

    name: Name = Field(description="Short id, unique among fail and wait points.")
    action: Name = Field(description="The blueprint action (column) it sits in.")
    lane: Lane = Field(description="The lane it sits in.")
    description: Name = Field(description="What goes wrong.")
    time_standard: str = Field(default="", description="The time the step must meet, if any.")
    recovery: str = Field(default="", description="What is done when it fails.")


class WaitPoint(JourneyModel):
    """A point where the customer waits (Shostack 1984), with the time standard it must meet."""

    name: Name = Field(description="Short id, unique among fail and wait points.")
    action: Name = Field(description="The blueprint action (column) it sits in.")
    lane: Lane = Field(description="The lane it sits in.")
    description: Name = Field(description="What the customer waits for.")
    time_standard: Name = Field(description="The longest acceptable wait.")


class ServiceBlueprint(JourneyModel):
    """A service blueprint (Bitner, Ostrom & Morgan 2008) linked to a journey map.

    Parameters
    ----------
    name : str
        The blueprint's title.
    journey : str
        The journey-map file it serves, relative to the blueprint's file.
    actions : list of BlueprintAction
        The columns, in the customer's order.
    description : str
        What service it blueprints.
    fail_points, wait_points : list
        Shostack's fail points and wait points, each in an action and a lane.

    Notes
    -----
    The lanes (:data:`LANES`), top to bottom: physical evidence, customer actions, frontstage,
    backstage, support processes. The line of interaction separates customer actions from the
    frontstage, the line of visibility frontstage from backstage, the line of internal
    interaction backstage from support. Use :meth:`check_links` (or :func:`load_blueprint`) to
    check every action against the journey's steps.
    """

    name: Name = Field(description="The blueprint's title.")
    journey: Name = Field(description="Journey-map file, relative to this file.")
    actions: list[BlueprintAction] = Field(min_length=1, description="Columns, in order.")
    description: str = Field(default="", description="What service it blueprints.")
    fail_points: list[FailPoint] = Field(default_factory=list, description="Fail points.")
    wait_points: list[WaitPoint] = Field(default_factory=list, description="Wait points.")

    def _check_links(self) -> None:
        unique([a.name for a in self.actions], "actions", "action")
        points = [p.name for p in self.fail_points] + [p.name for p in self.wait_points]
        unique(points, "", "fail or wait point")
        names = tuple(a.name for a in self.actions)
        for kind in ("fail_points", "wait_points"):
            for i, point in enumerate(getattr(self, kind)):
                if point.action not in names:
                    raise CXMapError(
                        "unknown blueprint action",
                        path=f"{kind}[{i}].action",
                        value=point.action,
                        expected=choices_text(names),
                    )

    def check_links(self, journey: JourneyMap, *, source: str = DICT) -> None:
        """Check that every action links to a stage and step of ``journey``.

        Raises
        ------
        CXMapError
            An unknown stage (``actions[2].step.stage``) or a step the stage does not have
            (``actions[2].step.step``).
        """
        names = tuple(journey.stage_names)
        for i, action in enumerate(self.actions):
            ref = action.step
            if ref.stage not in names:
                raise CXMapError(
                    "unknown stage",
                    source=source,
                    path=f"actions[{i}].step.stage",
                    value=ref.stage,
                    expected=f"a stage of {self.journey}: " + choices_text(names),
                )
            steps = tuple(journey.stage(ref.stage).steps)
            if ref.step not in steps:
                raise CXMapError(
                    "blueprint action linked to a missing step",
                    source=source,
                    path=f"actions[{i}].step.step",
                    value=ref.step,
                    expected=f"a step of stage {ref.stage!r}: " + choices_text(steps),
                )

    @property
    def lanes(self) -> dict[str, list[list[str]]]:
        """Lane -> one list of items per action (column)."""
        return {lane: [a.lane(lane) for a in self.actions] for lane in LANES}
