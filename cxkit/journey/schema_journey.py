"""The journey map's models: the persona, the stages and their touchpoints, KPIs and insights.

Declared with the field types of :mod:`cxkit.journey.schema_fields` (pydantic v2); read, written
and checked through :mod:`cxkit.journey.model`, which documents the whole model.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

from pydantic import Field

from cxkit.data.schema import CHANNELS, PHASES, SEGMENTS
from cxkit.errors import CXMapError
from cxkit.journey.schema_errors import choices_text
from cxkit.journey.schema_fields import Emotion, Items, JourneyModel, Name, Number, Where, unique

__all__ = [
    "DATASETS",
    "KPI",
    "METRICS",
    "DataQuery",
    "Evidence",
    "Insight",
    "JourneyMap",
    "Metric",
    "Opportunity",
    "Persona",
    "Solution",
    "Stage",
    "Touchpoint",
]

#: The course tables a data query may read, and the metrics it may compute on them.
DATASETS: tuple[str, ...] = ("surveys", "tickets")
METRICS: tuple[str, ...] = ("nps", "csat", "ces")

if TYPE_CHECKING:  # callers pass plain strings; pydantic checks them against the choices
    Segment: TypeAlias = str
    Channel: TypeAlias = str
    Phase: TypeAlias = str
    Dataset: TypeAlias = str
    MetricName: TypeAlias = str
else:
    Segment = Literal[SEGMENTS]
    Channel = Literal[CHANNELS]
    Phase = Literal[PHASES]
    Dataset = Literal[DATASETS]
    MetricName = Literal[METRICS]


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
    expectations : list of str
        What the customer expects on this stage, in their words: the standard each step is judged
        against (Zeithaml, Berry & Parasuraman 1993, The nature and determinants of
        customer expectations of service, *Journal of the Academy of Marketing Science* 21(1), 1-12).
    steps_to_be : list of str
        The future-state map: the steps as redesigned, which the to-be emotion belongs to.
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
    expectations: Items = Field(default_factory=list, description="What the customer expects on this stage.")
    steps_to_be: Items = Field(default_factory=list, description="The steps as redesigned (future state).")

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
        /,
        *,
        cluster: str | None = "customer_id",
        min_n: int = 30,
    ) -> Any:
        """Compute the metric on the filtered rows.

        Parameters
        ----------
        data : mapping of str to DataFrame, optional
            The course tables (``cxkit.data.load_all()``), given by position (the data);
            by default the table is loaded.
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
