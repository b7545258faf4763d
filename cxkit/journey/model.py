r"""Personas, journey maps and service blueprints as data: checked models saved as YAML.

A journey map drawn in a whiteboard tool is a picture; here it is a small YAML file that can be
versioned, diffed, checked, drawn (:mod:`cxkit.journey.draw`), exported to Mermaid
(:mod:`cxkit.journey.export`) and filled in from the course data (:mod:`cxkit.journey.fill`).

The model
---------
- :class:`Persona`: who travels (name, segment, goals, needs, motivations, frustrations, a quote,
  the channels used and a short description; no photograph).
- :class:`JourneyMap`: the persona, the scenario and its goal, and the ordered :class:`Stage`\ s.
  Each stage holds the customer's ``steps`` (what they do), ``thoughts``, ``touchpoints``
  (:class:`Touchpoint`: name, channel, online or offline, before/during/after the purchase, owner,
  revenue touchpoint or not), an ``emotion`` from -2 (very negative) to +2 (very positive) for the
  journey as it is and, optionally, ``emotion_to_be`` for the journey as intended (two curves),
  ``pain_points``, ``moments_of_truth``, ``opportunities``, ``kpis`` (:class:`KPI`), ``owners``
  and ``invisible_steps`` (steps the customer takes that the company does not see).
- The chain :class:`Insight` -> :class:`Opportunity` -> :class:`Solution` -> :class:`Metric`: an
  insight sits on a stage (and maybe a touchpoint) and carries its :class:`Evidence`, a quote or
  a :class:`DataQuery` (a metric on a filter of the course data, evaluated with
  :mod:`cxkit.metrics`); each opportunity lists solutions, each solution the metrics that would show
  it worked.
- :class:`ServiceBlueprint` in the form of Bitner, Ostrom & Morgan (2008): one column per customer
  action (:class:`BlueprintAction`, linked to the journey step it serves), with its physical
  evidence, frontstage, backstage and support processes, the lanes separated by the lines of
  interaction, visibility and internal interaction (:data:`LANES`, :data:`LINES`), plus
  Shostack's (1984) fail points and wait points (:class:`FailPoint`, :class:`WaitPoint`), each with
  a time standard.

Loading and saving
------------------
:func:`load_journey` and :func:`load_blueprint` read a YAML file, :func:`save_journey` and
:func:`save_blueprint` write one; :func:`to_yaml` gives the text. The round trip is exact: a file
written by :func:`save_journey` reads back into an equal object, and writing that object again
gives the same bytes (fields in the model's order, empty lists and unset values left out). The
JSON Schemas of the two files (:func:`json_schema`, committed as
``cxkit/journey/schemas/journey.schema.json`` and ``blueprint.schema.json``) are generated from
the same field declarations (pydantic's ``model_json_schema``), so an editor validates a map as
it is typed.

The models are pydantic v2 models; each field is declared once, with a type of
:mod:`cxkit.journey.schema_fields` and its description, and pydantic checks it, reads it,
writes it and generates its JSON Schema.

Every rule broken raises :class:`~cxkit.errors.CXMapError` naming the file, the path inside it
(``stages[3].touchpoints[1].channel``), the value and what was expected: an unknown key, a
missing field, a wrong type, an unknown channel or phase, an emotion outside -2..+2, a duplicated
name, an insight on an unknown stage, a touchpoint named on no stage, a blueprint action linked
to a step the journey does not have. The JSON Schema checks what one field can check (types,
choices, ranges, required and unknown keys); the rules that compare two fields (duplicates and
links) only the models check.

Examples
--------
>>> from cxkit.journey.model import JourneyMap, Persona, Stage, Touchpoint
>>> mum = Persona(name="Busy Parent", segment="B2C", description="Buys for a family of four.")
>>> stage = Stage(name="purchase", emotion=1, steps=["Pays in the app"],
...               touchpoints=[Touchpoint(name="app_checkout", channel="app", online=True,
...                                       phase="during")])
>>> journey = JourneyMap(name="Weekly order", persona=mum, scenario="Orders a lamp",
...                      goal="Lamp delivered by Friday", stages=[stage])
>>> journey.stage_names
['purchase']
>>> Stage(name="delivery", emotion=3)  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
cxkit.errors.CXMapError: <dict>, at emotion: emotion outside -2..+2: found 3; expected a number ...

References
----------
Bitner, M. J., Ostrom, A. L. & Morgan, F. N. (2008). Service blueprinting: a practical technique
for service innovation. *California Management Review* 50(3), 66-94.
Shostack, G. L. (1984). Designing services that deliver. *Harvard Business Review* 62(1), 133-139.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

from pydantic import Field
from pydantic.json_schema import GenerateJsonSchema

from cxkit.data.schema import CHANNELS, PHASES, SEGMENTS
from cxkit.errors import CXConfigError, CXFileNotFoundError, CXMapError
from cxkit.journey.schema_errors import choices_text
from cxkit.journey.schema_fields import (
    DICT,
    EMOTION_RANGE,
    Emotion,
    Items,
    JourneyModel,
    Name,
    Number,
    Where,
    unique,
)

__all__ = [
    "DATASETS",
    "EMOTION_RANGE",
    "KPI",
    "LANES",
    "LINES",
    "METRICS",
    "BlueprintAction",
    "DataQuery",
    "Evidence",
    "FailPoint",
    "Insight",
    "JourneyMap",
    "Metric",
    "Opportunity",
    "Persona",
    "ServiceBlueprint",
    "Solution",
    "Stage",
    "StepRef",
    "Touchpoint",
    "WaitPoint",
    "json_schema",
    "load_blueprint",
    "load_journey",
    "save_blueprint",
    "save_journey",
    "schema_path",
    "to_yaml",
]

#: The lanes of a service blueprint, top to bottom (Bitner, Ostrom & Morgan 2008).
LANES: tuple[str, ...] = ("physical_evidence", "customer_actions", "frontstage", "backstage", "support")
#: The lines between the lanes: (name, the lane above it).
LINES: tuple[tuple[str, str], ...] = (
    ("line of interaction", "customer_actions"),
    ("line of visibility", "frontstage"),
    ("line of internal interaction", "backstage"),
)
#: The course tables a data query may read, and the metrics it may compute on them.
DATASETS: tuple[str, ...] = ("surveys", "tickets")
METRICS: tuple[str, ...] = ("nps", "csat", "ces")

if TYPE_CHECKING:  # callers pass plain strings; pydantic checks them against the choices
    Segment: TypeAlias = str
    Channel: TypeAlias = str
    Phase: TypeAlias = str
    Lane: TypeAlias = str
    Dataset: TypeAlias = str
    MetricName: TypeAlias = str
else:
    Segment = Literal[SEGMENTS]
    Channel = Literal[CHANNELS]
    Phase = Literal[PHASES]
    Lane = Literal[LANES]
    Dataset = Literal[DATASETS]
    MetricName = Literal[METRICS]


# ---------------------------------------------------------------------------------------------
# Persona and journey map
# ---------------------------------------------------------------------------------------------


class Persona(JourneyModel):
    """A persona: a fictional, research-based customer who stands for a group (no photograph).

    Parameters
    ----------
    name : str
        The persona's name; for the course company one of ``customers.persona``.
    segment : {"B2C", "B2B"}
        Consumer or business customer.
    description : str
        Who they are, in a sentence or two.
    goals, needs, motivations, frustrations : list of str
        What they want to achieve, what they need from the company, why they buy, what annoys them.
    quote : str
        One sentence in their own voice.
    channels : list of str
        The channels they use (``web``, ``app``, ``store``, ``phone``, ``chat``, ``email``,
        ``social``).
    """

    name: Name = Field(description="The persona's name (customers.persona).")
    segment: Segment = Field(description="B2C or B2B.")
    description: Name = Field(description="Who they are, in a sentence or two.")
    goals: Items = Field(default_factory=list, description="What they want to achieve.")
    needs: Items = Field(default_factory=list, description="What they need from the company.")
    motivations: Items = Field(default_factory=list, description="Why they buy.")
    frustrations: Items = Field(
        default_factory=list, description="What annoys them (pain points in general)."
    )
    quote: str = Field(default="", description="One sentence in their own voice.")
    channels: list[Channel] = Field(default_factory=list, description="Channels they use.")


class Touchpoint(JourneyModel):
    """A touchpoint on a stage: where the customer meets the company.

    Parameters
    ----------
    name : str
        For the course company, a name of ``datasets/touchpoints.csv`` (``delivery``).
    channel : str
        One of ``web``, ``app``, ``store``, ``phone``, ``chat``, ``email``, ``social``.
    online : bool
        Online (web, app, email, chat, social) or offline (store, phone, the parcel at the door).
    phase : {"before", "during", "after"}
        Before, during or after the purchase.
    owner : str
        The team responsible.
    revenue : bool, default False
        Whether it takes money directly (a revenue touchpoint).
    """

    name: Name = Field(description="Touchpoint name (datasets/touchpoints.csv).")
    channel: Channel = Field(description="The channel.")
    online: bool = Field(description="Online (true) or offline (false).")
    phase: Phase = Field(description="Before, during or after purchase.")
    owner: str = Field(default="", description="The team responsible.")
    revenue: bool = Field(default=False, description="A revenue touchpoint (takes money directly).")


class KPI(JourneyModel):
    """A key performance indicator of a stage: what is measured, the target and the measured value.

    Parameters
    ----------
    name : str
        The KPI's name ("Delivered on time").
    metric : str
        How it is measured ("share of orders with delivered_date <= promised_date").
    target, measured : float, optional
        The target and the last measured value, in ``unit``.
    unit : str
        ``"%"``, ``"points"``, ``"minutes"``...
    """

    name: Name = Field(description="The KPI's name.")
    metric: Name = Field(description="How it is measured.")
    target: Number | None = Field(default=None, description="The target value.")
    measured: Number | None = Field(default=None, description="The last measured value.")
    unit: str = Field(default="", description="Unit of target and measured value.")


class Stage(JourneyModel):
    """One stage (column) of a journey map.

    Parameters
    ----------
    name : str
        The stage; for the course company one of ``events.stage`` (``awareness``,
        ``consideration``, ``decision``, ``purchase``, ``post_purchase``).
    emotion : float
        How the customer feels on this stage today, from -2 (very negative) to +2 (very positive).
    emotion_to_be : float, optional
        How the customer should feel once the journey is fixed (the to-be curve).
    steps, thoughts : list of str
        What the customer does (unique within the stage: blueprint actions link to them) and thinks.
    touchpoints : list of Touchpoint
        Where the customer meets the company on this stage (names unique within the stage).
    pain_points, moments_of_truth, opportunities : list of str
        What hurts, the moments that make or break the relationship, what could be done.
    kpis : list of KPI
        What the company measures on this stage.
    owners : list of str
        The teams responsible for the stage.
    invisible_steps : list of str
        Steps the customer takes that the company does not see (comparing prices elsewhere,
        asking a friend, waiting at home for the parcel).
    """

    name: Name = Field(description="The stage (events.stage for the course company).")
    emotion: Emotion = Field(description="Emotion as-is, -2 (very negative) to +2.")
    emotion_to_be: Emotion | None = Field(default=None, description="Emotion to-be (intended), -2 to +2.")
    steps: Items = Field(default_factory=list, description="What the customer does.")
    thoughts: Items = Field(default_factory=list, description="What the customer thinks.")
    touchpoints: list[Touchpoint] = Field(default_factory=list, description="Touchpoints.")
    pain_points: Items = Field(default_factory=list, description="What hurts.")
    moments_of_truth: Items = Field(
        default_factory=list, description="Moments that make or break the relationship."
    )
    opportunities: Items = Field(default_factory=list, description="What could be done better.")
    kpis: list[KPI] = Field(default_factory=list, description="What is measured on this stage.")
    owners: Items = Field(default_factory=list, description="Teams responsible for the stage.")
    invisible_steps: Items = Field(default_factory=list, description="Steps the company does not see.")

    def _check_links(self) -> None:
        unique(self.steps, "steps", "step")
        unique([t.name for t in self.touchpoints], "touchpoints", "touchpoint")
        unique([k.name for k in self.kpis], "kpis", "KPI")


class DataQuery(JourneyModel):
    """A metric on a filter of the course data: evidence that can be recomputed at any time.

    Parameters
    ----------
    dataset : {"surveys", "tickets"}
        The course table.
    metric : {"nps", "csat", "ces"}
        The metric, computed with :mod:`cxkit.metrics` on the column of the same name.
    where : dict
        ``column: value`` (or ``column: [values]``) filters, all of which must hold.

    Examples
    --------
    >>> q = DataQuery(dataset="surveys", metric="nps", where={"touchpoint": "delivery"})
    >>> q.describe()
    'NPS of surveys where touchpoint = delivery'
    """

    dataset: Dataset = Field(description="The course table.")
    metric: MetricName = Field(description="The metric.")
    where: Where = Field(default_factory=dict, description="column: value (or list of values) filters.")

    def describe(self) -> str:
        """Describe the query in words."""
        parts = [
            f"{k} = {v}" if not isinstance(v, list) else f"{k} in {', '.join(map(str, v))}"
            for k, v in self.where.items()
        ]
        text = f"{self.metric.upper()} of {self.dataset}"
        return text + (" where " + " and ".join(parts) if parts else "")

    def evaluate(
        self,
        data: Mapping[str, Any] | None = None,
        *,
        cluster: str | None = "customer_id",
        min_n: int = 30,
    ) -> Any:
        """Compute the metric on the filtered rows.

        Parameters
        ----------
        data : mapping of str to DataFrame, optional
            The course tables (``cxkit.data.load_all()``); by default the table is loaded.
        cluster : str or None, default "customer_id"
            Cluster the interval by customer (module 07: one customer's answers are not
            independent); ``None`` for the simple interval.
        min_n : int, default 30
            Results from fewer answers are flagged ``too_small``.

        Returns
        -------
        MetricResult
            From :func:`cxkit.metrics.nps`, :func:`~cxkit.metrics.csat` or
            :func:`~cxkit.metrics.ces` on the answered rows.

        Raises
        ------
        CXDataError
            A filter column the table does not have, or no answered row left.

        Examples
        --------
        >>> q = DataQuery(dataset="surveys", metric="nps", where={"touchpoint": "delivery"})
        >>> r = q.evaluate()
        >>> r.metric, r.n > 100, -100 <= r.value <= 100
        ('NPS', True, True)
        """
        from cxkit import metrics
        from cxkit.errors import CXDataError

        if data is not None and self.dataset in data:
            df = data[self.dataset]
        else:
            from cxkit.data import load

            df = load(self.dataset)
        mask = _where_mask(df, self.where, self.dataset)
        rows = df.loc[mask]
        rows = rows.loc[rows[self.metric].notna()]
        if rows.empty:
            raise CXDataError(
                "no answered row matches the filter",
                dataset=self.dataset,
                column=self.metric,
                value=self.describe(),
                expected="a filter that keeps at least one answer",
            )
        fn = getattr(metrics, self.metric)
        groups = rows[cluster] if cluster is not None and cluster in rows.columns else None
        return fn(rows[self.metric], cluster=groups, min_n=min_n)


def _where_mask(df: Any, where: Mapping[str, Any], dataset: str) -> Any:
    """Boolean mask of the rows that meet every ``column: value`` filter."""
    import numpy as np

    from cxkit.errors import CXDataError

    mask = np.ones(len(df), dtype=bool)
    for column, value in where.items():
        if column not in df.columns:
            raise CXDataError(
                "the filter names a column the table does not have",
                dataset=dataset,
                column=column,
                expected="one of " + ", ".join(map(str, df.columns)),
            )
        values = value if isinstance(value, list) else [value]
        mask &= df[column].isin(values).to_numpy(dtype=bool, na_value=False)
    return mask


class Evidence(JourneyModel):
    """What supports an insight: a customer's quote, or a :class:`DataQuery` on the course data.

    Exactly one of ``quote`` and ``query`` is given.
    """

    quote: str = Field(default="", description="A customer's words.")
    source: str = Field(default="", description="Where the quote comes from (survey comment, interview).")
    query: DataQuery | None = Field(default=None, description="A metric on the data.")

    def _check_links(self) -> None:
        if bool(self.quote.strip()) == (self.query is not None):
            raise CXMapError(
                "evidence needs exactly one of quote and query",
                value=self.quote or None,
                expected="a quote or a data query (not both, not neither)",
            )


class Metric(JourneyModel):
    """How the success of a solution would be measured.

    Parameters
    ----------
    name : str
        The metric's name ("NPS after delivery").
    definition : str
        What is counted, in words.
    target : float, optional
        The value that would mean success.
    query : DataQuery, optional
        The same metric as a query on the course data (its current value).
    """

    name: Name = Field(description="The metric's name.")
    definition: str = Field(default="", description="What is counted.")
    target: Number | None = Field(default=None, description="The value that would mean success.")
    query: DataQuery | None = Field(default=None, description="Its query on the data.")


class Solution(JourneyModel):
    """A change that would seize an opportunity, with its owner and success metrics."""

    name: Name = Field(description="The solution.")
    description: str = Field(default="", description="What changes.")
    owner: str = Field(default="", description="The team that would do it.")
    metrics: list[Metric] = Field(default_factory=list, description="How success is measured.")


class Opportunity(JourneyModel):
    """What could be done about an insight, with the solutions considered."""

    name: Name = Field(description="The opportunity.")
    description: str = Field(default="", description="In a sentence.")
    solutions: list[Solution] = Field(default_factory=list, description="Solutions considered.")

    def _check_links(self) -> None:
        unique([s.name for s in self.solutions], "solutions", "solution")


class Insight(JourneyModel):
    """What was learnt about a stage, the evidence for it, and what could be done.

    Parameters
    ----------
    name : str
        Short name, unique in the map.
    stage : str
        The stage it is about (must be a stage of the map).
    text : str
        The insight in a sentence.
    evidence : list of Evidence
        At least one quote or data query.
    touchpoint : str, optional
        The touchpoint it is about (must be on a stage of the map).
    opportunities : list of Opportunity
        What could be done.
    """

    name: Name = Field(description="Short name, unique in the map.")
    stage: Name = Field(description="The stage it is about.")
    text: Name = Field(description="The insight in a sentence.")
    evidence: list[Evidence] = Field(min_length=1, description="Quotes or data queries.")
    touchpoint: str = Field(default="", description="The touchpoint it is about.")
    opportunities: list[Opportunity] = Field(default_factory=list, description="What could be done.")

    def _check_links(self) -> None:
        unique([o.name for o in self.opportunities], "opportunities", "opportunity")


class JourneyMap(JourneyModel):
    """A customer journey map: a persona, a scenario with its goal, and ordered stages.

    Parameters
    ----------
    name : str
        The map's title.
    persona : Persona
        Who travels.
    scenario : str
        The situation the journey covers ("orders a desk lamp for the home office").
    goal : str
        What the persona wants at the end.
    stages : list of Stage
        In order; names unique.
    insights : list of Insight
        Insights with evidence, opportunities, solutions and metrics.

    Raises
    ------
    CXMapError
        Any rule broken (see the module's docstring).
    """

    name: Name = Field(description="The map's title.")
    persona: Persona = Field(description="Who travels.")
    scenario: Name = Field(description="The situation the journey covers.")
    goal: Name = Field(description="What the persona wants at the end.")
    stages: list[Stage] = Field(min_length=1, description="The stages, in order.")
    insights: list[Insight] = Field(default_factory=list, description="Insights and their evidence.")

    @property
    def stage_names(self) -> list[str]:
        """The stages' names, in order."""
        return [s.name for s in self.stages]

    def stage(self, name: str) -> Stage:
        """Return the stage called ``name``.

        Raises
        ------
        CXMapError
            No such stage.
        """
        for s in self.stages:
            if s.name == name:
                return s
        raise CXMapError("unknown stage", value=name, expected=choices_text(tuple(self.stage_names)))

    def touchpoint_stages(self) -> dict[str, list[str]]:
        """Each touchpoint's name -> the stages it appears on."""
        out: dict[str, list[str]] = {}
        for s in self.stages:
            for t in s.touchpoints:
                out.setdefault(t.name, []).append(s.name)
        return out

    def _check_links(self) -> None:
        unique(self.stage_names, "stages", "stage")
        unique([i.name for i in self.insights], "insights", "insight")
        names = tuple(self.stage_names)
        on_stages = self.touchpoint_stages()
        for i, insight in enumerate(self.insights):
            if insight.stage not in names:
                raise CXMapError(
                    "unknown stage",
                    path=f"insights[{i}].stage",
                    value=insight.stage,
                    expected="a stage of this map: " + choices_text(names),
                )
            if insight.touchpoint and insight.touchpoint not in on_stages:
                raise CXMapError(
                    "touchpoint on no stage",
                    path=f"insights[{i}].touchpoint",
                    value=insight.touchpoint,
                    expected="a touchpoint listed on a stage: " + choices_text(tuple(on_stages)),
                )


# ---------------------------------------------------------------------------------------------
# Service blueprint
# ---------------------------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------------------------
# YAML files
# ---------------------------------------------------------------------------------------------


def _read_yaml(path: str | Path) -> tuple[Any, str]:
    """Read a YAML file with libyaml's parser when PyYAML has it (about ten times faster).

    A file that is not YAML is read again by PyYAML's own parser, whose message says what it
    found where (libyaml's says less), so the error is the same with or without libyaml.
    """
    import yaml

    p = Path(path)
    if not p.is_file():
        raise CXFileNotFoundError(f"{p} does not exist (or is a folder): give the path of a .yaml file.")
    text = p.read_text(encoding="utf-8")
    try:
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)), p.name
    except yaml.YAMLError:
        pass  # read again below, for PyYAML's message
    try:
        return yaml.safe_load(text), p.name
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise CXMapError(
            "not valid YAML" + (f" ({exc.problem})" if getattr(exc, "problem", None) else ""),
            source=p.name,
            path=where,
            expected="YAML as in datasets/journeys/",
        ) from None


def load_journey(path: str | Path) -> JourneyMap:
    """Read a journey map from a YAML file.

    Parameters
    ----------
    path : str or Path
        The file (e.g. ``datasets/journeys/busy-parent.yaml``).

    Returns
    -------
    JourneyMap

    Raises
    ------
    CXFileNotFoundError
        No such file.
    CXMapError
        Not YAML, or a rule of the model broken: the message names the file, the path in it and
        the value.

    Examples
    --------
    >>> from cxkit._paths import repo_root
    >>> journey = load_journey(repo_root() / "datasets/journeys/busy-parent.yaml")
    >>> journey.persona.name, journey.stage_names[0]
    ('Busy Parent', 'awareness')
    """
    data, name = _read_yaml(path)
    return JourneyMap.from_dict(data, source=name)


def load_blueprint(path: str | Path, *, journey: JourneyMap | None = None) -> ServiceBlueprint:
    """Read a service blueprint from a YAML file and check its links to the journey's steps.

    Parameters
    ----------
    path : str or Path
        The blueprint file.
    journey : JourneyMap, optional
        The journey to check the links against; by default the file named in the blueprint's
        ``journey`` field, next to the blueprint.

    Returns
    -------
    ServiceBlueprint

    Raises
    ------
    CXFileNotFoundError
        No such file (the blueprint or its journey).
    CXMapError
        A rule broken, or an action linked to a stage or step the journey does not have.

    Examples
    --------
    >>> from cxkit._paths import repo_root
    >>> bp = load_blueprint(repo_root() / "datasets/journeys/delivery-promise-blueprint.yaml")
    >>> [p.name for p in bp.fail_points]
    ['unrealistic_promise', 'late_delivery']
    """
    data, name = _read_yaml(path)
    blueprint = ServiceBlueprint.from_dict(data, source=name)
    if journey is None:
        journey = load_journey(Path(path).parent / blueprint.journey)
    blueprint.check_links(journey, source=name)
    return blueprint


def to_yaml(obj: JourneyModel) -> str:
    """Return the YAML text of a journey map, blueprint or persona (what the save functions write).

    Fields come in the model's order; empty lists and unset values are left out; long texts are
    wrapped at 100 characters. Reading the text back gives an equal object.

    >>> print(to_yaml(Persona(name="Office Manager", segment="B2B", description="Runs an office.")))
    name: Office Manager
    segment: B2B
    description: Runs an office.
    <BLANKLINE>
    """
    import yaml

    return str(
        yaml.safe_dump(
            obj.to_dict(), sort_keys=False, allow_unicode=True, width=100, default_flow_style=False
        )
    )


def _save(obj: JourneyModel, path: str | Path, cls: type) -> Path:
    if not isinstance(obj, cls):
        raise CXConfigError(f"expected a {cls.__name__}, got {type(obj).__name__}.")
    obj.validate()
    p = Path(path)
    p.write_text(to_yaml(obj), encoding="utf-8")
    return p


def save_journey(journey: JourneyMap, path: str | Path) -> Path:
    """Write a journey map to a YAML file (replacing it) and return the path.

    The builder widget saves through :class:`cxkit.widgets.journey_builder.JourneyBuilder`, which
    keeps a backup of an existing file; this function overwrites.

    Raises
    ------
    CXConfigError
        ``journey`` is not a JourneyMap.
    CXMapError
        The map breaks a rule (checked again before writing).
    """
    return _save(journey, path, JourneyMap)


def save_blueprint(blueprint: ServiceBlueprint, path: str | Path) -> Path:
    """Write a service blueprint to a YAML file (replacing it) and return the path.

    Raises
    ------
    CXConfigError
        ``blueprint`` is not a ServiceBlueprint.
    CXMapError
        The blueprint breaks a rule (checked again before writing).
    """
    return _save(blueprint, path, ServiceBlueprint)


# ---------------------------------------------------------------------------------------------
# JSON Schema, generated from the same field declarations
# ---------------------------------------------------------------------------------------------

_SCHEMA_FILES = {"journey": "journey.schema.json", "blueprint": "blueprint.schema.json"}
_ROOTS: dict[str, type[JourneyModel]] = {"journey": JourneyMap, "blueprint": ServiceBlueprint}


class _Schema(GenerateJsonSchema):
    """pydantic's JSON Schema without a title on every field (the descriptions say what they are)."""

    def field_title_should_be_set(self, schema: Any) -> bool:
        return False


def json_schema(kind: str = "journey") -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of a journey-map or blueprint YAML file.

    Generated from the models' field declarations by pydantic (``model_json_schema``); the committed files
    ``cxkit/journey/schemas/*.schema.json`` are this output (a test checks they agree).
    It checks each field (types, choices, the emotion range, required and unknown keys), not the
    rules between fields (duplicated names, links), which only the models check.

    Parameters
    ----------
    kind : {"journey", "blueprint"}

    Raises
    ------
    CXConfigError
        Another kind.

    Examples
    --------
    >>> json_schema("journey")["$defs"]["Stage"]["properties"]["emotion"]["maximum"]
    2
    """
    if kind not in _ROOTS:
        raise CXConfigError(f"kind={kind!r} is not a schema; choose one of {sorted(_ROOTS)}.")
    root = _ROOTS[kind].model_json_schema(schema_generator=_Schema)
    root.pop("title", None)
    defs = root.pop("$defs", {})
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://cxkit.example/schemas/{_SCHEMA_FILES[kind]}",
        "title": f"cxkit {kind} map" if kind == "journey" else "cxkit service blueprint",
        **root,
        "$defs": defs,
    }


def schema_path(kind: str = "journey") -> Any:
    """Return the committed schema file as an ``importlib.resources`` traversable (package data).

    >>> import json
    >>> json.loads(schema_path("blueprint").read_text())["title"]
    'cxkit service blueprint'
    """
    from importlib.resources import files

    if kind not in _SCHEMA_FILES:
        raise CXConfigError(f"kind={kind!r} is not a schema; choose one of {sorted(_SCHEMA_FILES)}.")
    return files("cxkit.journey").joinpath("schemas", _SCHEMA_FILES[kind])


def _write_schemas(folder: str | Path | None = None) -> list[Path]:
    """Regenerate the committed schema files (maintainers: after changing a field)."""
    base = Path(folder) if folder else Path(__file__).parent / "schemas"
    base.mkdir(exist_ok=True)
    out = []
    for kind, name in _SCHEMA_FILES.items():
        target = base / name
        target.write_text(json.dumps(json_schema(kind), indent=2) + "\n", encoding="utf-8")
        out.append(target)
    return out
