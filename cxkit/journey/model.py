# ruff: noqa: RUF009  (_f returns dataclasses.field(...) with the declaration as metadata)
r"""Personas, journey maps and service blueprints as data: checked dataclasses saved as YAML.

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
the same field declarations, so an editor validates a map as it is typed.

Every rule broken raises :class:`~cxkit.errors.CXMapError` naming the file, the path inside it
(``stages[3].touchpoints[1].channel``), the value and what was expected: an unknown key, a
missing field, a wrong type, an unknown channel or phase, an emotion outside -2..+2, a duplicated
name, an insight on an unknown stage, a touchpoint named on no stage, a blueprint action linked
to a step the journey does not have. The JSON Schema checks what one field can check (types,
choices, ranges, required and unknown keys); the rules that compare two fields (duplicates and
links) only the dataclasses check.

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

import dataclasses
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, TypeVar

from cxkit.data.schema import CHANNELS, PHASES, SEGMENTS
from cxkit.errors import CXConfigError, CXFileNotFoundError, CXMapError

__all__ = [
    "DATASETS",
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
#: Emotions run from -2 (very negative) to +2 (very positive).
EMOTION_RANGE: tuple[int, int] = (-2, 2)

_EMOTION_EXPECTED = "a number from -2 (very negative) to +2 (very positive)"
_DICT = "<dict>"

T = TypeVar("T", bound="_Model")


# ---------------------------------------------------------------------------------------------
# Field declarations: one table drives the checks, the YAML reader and writer and the JSON Schema
# ---------------------------------------------------------------------------------------------


def _f(kind: str, *, required: bool = False, doc: str = "", **spec: Any) -> Any:
    """Declare a field of the model, with its checks as metadata.

    ``kind`` is str, text, strs, choice, choices, bool, number, emotion, obj, objs or where;
    ``required`` fields have no default.
    """
    meta = {"kind": kind, "required": required, "doc": doc, **spec}
    if required:
        return field(metadata=meta)
    if kind in ("strs", "choices", "objs"):
        return field(default_factory=list, metadata=meta)
    if kind == "where":
        return field(default_factory=dict, metadata=meta)
    if kind == "text":
        return field(default="", metadata=meta)
    if kind == "bool":
        return field(default=spec.get("default", False), metadata=meta)
    return field(default=None, metadata=meta)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value == value


def _choices_text(choices: tuple[str, ...]) -> str:
    return "one of " + ", ".join(repr(c) for c in choices)


def _check_value(name: str, value: Any, meta: Mapping[str, Any]) -> None:
    """Check one field's value against its declaration (types, choices, ranges)."""
    kind = meta["kind"]
    err = CXMapError
    if kind in ("str", "choice") or (kind == "text"):
        if not isinstance(value, str):
            raise err("not text", path=name, value=value, expected="a text (a string)")
        if kind in ("str", "choice") and meta["required"] and not value.strip():
            raise err("empty", path=name, value=value, expected="a non-empty text")
        if kind == "choice" and value not in meta["choices"]:
            raise err(f"unknown {name}", path=name, value=value, expected=_choices_text(meta["choices"]))
    elif kind in ("strs", "choices"):
        if not isinstance(value, list):
            raise err("not a list", path=name, value=value, expected="a list of texts")
        for i, item in enumerate(value):
            where = f"{name}[{i}]"
            if not isinstance(item, str) or not item.strip():
                raise err("not a text", path=where, value=item, expected="a non-empty text")
            if kind == "choices" and item not in meta["choices"]:
                raise err(
                    f"unknown {name[:-1] if name.endswith('s') else name}",
                    path=where,
                    value=item,
                    expected=_choices_text(meta["choices"]),
                )
    elif kind == "bool":
        if not isinstance(value, bool):
            raise err("not true or false", path=name, value=value, expected="true or false")
    elif kind in ("number", "emotion"):
        if value is None and not meta["required"]:
            return
        if not _is_number(value):
            raise err("not a number", path=name, value=value, expected="a number")
        if kind == "emotion" and not EMOTION_RANGE[0] <= value <= EMOTION_RANGE[1]:
            raise err("emotion outside -2..+2", path=name, value=value, expected=_EMOTION_EXPECTED)
    elif kind == "obj":
        if value is None and not meta["required"]:
            return
        if not isinstance(value, meta["cls"]()):
            raise err("wrong type", path=name, value=value, expected=meta["cls"]().__name__)
    elif kind == "objs":
        if not isinstance(value, list):
            raise err("not a list", path=name, value=value, expected="a list")
        cls = meta["cls"]()
        for i, item in enumerate(value):
            if not isinstance(item, cls):
                raise err("wrong type", path=f"{name}[{i}]", value=item, expected=cls.__name__)
        if meta.get("min_items") and len(value) < meta["min_items"]:
            raise err("empty list", path=name, expected=f"at least {meta['min_items']} item")
    elif kind == "where":
        if not isinstance(value, dict):
            raise err("not a mapping", path=name, value=value, expected="column: value pairs")
        for key, item in value.items():
            items = item if isinstance(item, list) else [item]
            if (
                not isinstance(key, str)
                or not items
                or not all(isinstance(v, (str, bool, int, float)) for v in items)
            ):
                raise err(
                    "bad filter",
                    path=f"{name}.{key}",
                    value=item,
                    expected="a column name with a value or a list of values",
                )


def _unique(names: list[str], path: str, what: str) -> None:
    seen: set[str] = set()
    for i, name in enumerate(names):
        if name in seen:
            raise CXMapError(
                f"duplicated {what} name",
                path=f"{path}[{i}]" if path else f"[{i}]",
                value=name,
                expected=f"each {what} named once",
            )
        seen.add(name)


class _Model:
    """Shared behaviour: checks in ``__post_init__``, ``from_dict`` and ``to_dict``."""

    __dataclass_fields__: ClassVar[dict[str, Any]]
    #: Short description in the JSON Schema.
    _DOC: ClassVar[str] = ""

    def __post_init__(self) -> None:
        self.validate()

    def validate(self) -> None:
        """Check every field (and the links between fields); raise CXMapError on the first problem.

        The dataclasses are mutable (the journey-map builder edits them in place): call
        ``validate()`` after changing one by hand.
        """
        try:
            for f in dataclasses.fields(self):
                _check_value(f.name, getattr(self, f.name), f.metadata)
                if f.metadata["kind"] == "obj" and getattr(self, f.name) is not None:
                    _revalidate(getattr(self, f.name), f.name)
                if f.metadata["kind"] == "objs":
                    for i, item in enumerate(getattr(self, f.name)):
                        _revalidate(item, f"{f.name}[{i}]")
            self._check_links()
        except CXMapError as exc:
            raise exc.within(source=exc.source or _DICT) from None

    def _check_links(self) -> None:
        """Rules across fields (duplicates, references); overridden where there are some."""

    @classmethod
    def from_dict(cls: type[T], data: Any, *, source: str = _DICT, path: str = "") -> T:
        """Build the object from plain data (what ``yaml.safe_load`` gives).

        Parameters
        ----------
        data : mapping
            The fields, as in the YAML file.
        source : str
            The file name to show in error messages.
        path : str
            Where ``data`` sits in the file (for error messages).

        Raises
        ------
        CXMapError
            An unknown or missing key, or any rule of the model broken.
        """
        try:
            if not isinstance(data, Mapping):
                raise CXMapError("not a mapping", value=data, expected=f"the fields of a {cls.__name__}")
            fields = {f.name: f for f in dataclasses.fields(cls)}
            for key in data:
                if key not in fields:
                    raise CXMapError(
                        f"unknown field of a {cls.__name__}",
                        path=str(key),
                        value=key,
                        expected=_choices_text(tuple(fields)),
                    )
            kwargs: dict[str, Any] = {}
            for name, f in fields.items():
                if name not in data:
                    if f.metadata["required"]:
                        raise CXMapError(f"missing field {name!r}", expected=f"a {cls.__name__} with {name}")
                    continue
                value = data[name]
                kind = f.metadata["kind"]
                if kind == "obj" and value is not None:
                    value = f.metadata["cls"]().from_dict(value, path=name)
                elif kind == "objs" and isinstance(value, list):
                    sub = f.metadata["cls"]()
                    value = [sub.from_dict(v, path=f"{name}[{i}]") for i, v in enumerate(value)]
                elif kind in ("strs", "choices", "objs") and value is None:
                    value = []
                kwargs[name] = value
            return cls(**kwargs)
        except CXMapError as exc:
            raise exc.within(path, source=source) from None

    def to_dict(self) -> dict[str, Any]:
        """Return the fields as plain data in the model's order, leaving out empty and unset values."""
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            kind = f.metadata["kind"]
            if not f.metadata["required"] and value in (None, "", [], {}):
                continue
            if kind == "bool" and not f.metadata["required"] and value == f.default:
                continue
            if kind == "obj":
                value = value.to_dict()
            elif kind == "objs":
                value = [v.to_dict() for v in value]
            elif kind in ("strs", "choices"):
                value = list(value)
            elif kind == "where":
                value = dict(value)
            out[f.name] = value
        return out


def _revalidate(obj: _Model, prefix: str) -> None:
    try:
        obj.validate()
    except CXMapError as exc:
        raise CXMapError(
            exc.problem,
            path=f"{prefix}.{exc.path}" if exc.path else prefix,
            value=exc.value,
            expected=exc.expected,
        ) from None


# ---------------------------------------------------------------------------------------------
# Persona and journey map
# ---------------------------------------------------------------------------------------------


@dataclass(eq=True)
class Persona(_Model):
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

    _DOC: ClassVar[str] = "A persona: a fictional, research-based customer (no photograph)."
    name: str = _f("str", required=True, doc="The persona's name (customers.persona).")
    segment: str = _f("choice", required=True, choices=SEGMENTS, doc="B2C or B2B.")
    description: str = _f("str", required=True, doc="Who they are, in a sentence or two.")
    goals: list[str] = _f("strs", doc="What they want to achieve.")
    needs: list[str] = _f("strs", doc="What they need from the company.")
    motivations: list[str] = _f("strs", doc="Why they buy.")
    frustrations: list[str] = _f("strs", doc="What annoys them (pain points in general).")
    quote: str = _f("text", doc="One sentence in their own voice.")
    channels: list[str] = _f("choices", choices=CHANNELS, doc="Channels they use.")


@dataclass(eq=True)
class Touchpoint(_Model):
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

    _DOC: ClassVar[str] = "A touchpoint: where the customer meets the company."
    name: str = _f("str", required=True, doc="Touchpoint name (datasets/touchpoints.csv).")
    channel: str = _f("choice", required=True, choices=CHANNELS, doc="The channel.")
    online: bool = _f("bool", required=True, doc="Online (true) or offline (false).")
    phase: str = _f("choice", required=True, choices=PHASES, doc="Before, during or after purchase.")
    owner: str = _f("text", doc="The team responsible.")
    revenue: bool = _f("bool", doc="A revenue touchpoint (takes money directly).")


@dataclass(eq=True)
class KPI(_Model):
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

    _DOC: ClassVar[str] = "A KPI of a stage: the metric, its target and its measured value."
    name: str = _f("str", required=True, doc="The KPI's name.")
    metric: str = _f("str", required=True, doc="How it is measured.")
    target: float | None = _f("number", doc="The target value.")
    measured: float | None = _f("number", doc="The last measured value.")
    unit: str = _f("text", doc="Unit of target and measured value.")


@dataclass(eq=True)
class Stage(_Model):
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

    _DOC: ClassVar[str] = "One stage (column) of a journey map."
    name: str = _f("str", required=True, doc="The stage (events.stage for the course company).")
    emotion: float = _f("emotion", required=True, doc="Emotion as-is, -2 (very negative) to +2.")
    emotion_to_be: float | None = _f("emotion", doc="Emotion to-be (intended), -2 to +2.")
    steps: list[str] = _f("strs", doc="What the customer does.")
    thoughts: list[str] = _f("strs", doc="What the customer thinks.")
    touchpoints: list[Touchpoint] = _f("objs", cls=lambda: Touchpoint, doc="Touchpoints.")
    pain_points: list[str] = _f("strs", doc="What hurts.")
    moments_of_truth: list[str] = _f("strs", doc="Moments that make or break the relationship.")
    opportunities: list[str] = _f("strs", doc="What could be done better.")
    kpis: list[KPI] = _f("objs", cls=lambda: KPI, doc="What is measured on this stage.")
    owners: list[str] = _f("strs", doc="Teams responsible for the stage.")
    invisible_steps: list[str] = _f("strs", doc="Steps the company does not see.")

    def _check_links(self) -> None:
        _unique(self.steps, "steps", "step")
        _unique([t.name for t in self.touchpoints], "touchpoints", "touchpoint")
        _unique([k.name for k in self.kpis], "kpis", "KPI")


@dataclass(eq=True)
class DataQuery(_Model):
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

    _DOC: ClassVar[str] = "A metric on a filter of the course data."
    dataset: str = _f("choice", required=True, choices=DATASETS, doc="The course table.")
    metric: str = _f("choice", required=True, choices=METRICS, doc="The metric.")
    where: dict[str, Any] = _f("where", doc="column: value (or list of values) filters.")

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


@dataclass(eq=True)
class Evidence(_Model):
    """What supports an insight: a customer's quote, or a :class:`DataQuery` on the course data.

    Exactly one of ``quote`` and ``query`` is given.
    """

    _DOC: ClassVar[str] = "Evidence: a quote (with its source) or a data query."
    quote: str = _f("text", doc="A customer's words.")
    source: str = _f("text", doc="Where the quote comes from (survey comment, interview).")
    query: DataQuery | None = _f("obj", cls=lambda: DataQuery, doc="A metric on the data.")

    def _check_links(self) -> None:
        if bool(self.quote.strip()) == (self.query is not None):
            raise CXMapError(
                "evidence needs exactly one of quote and query",
                value=self.quote or None,
                expected="a quote or a data query (not both, not neither)",
            )


@dataclass(eq=True)
class Metric(_Model):
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

    _DOC: ClassVar[str] = "How the success of a solution is measured."
    name: str = _f("str", required=True, doc="The metric's name.")
    definition: str = _f("text", doc="What is counted.")
    target: float | None = _f("number", doc="The value that would mean success.")
    query: DataQuery | None = _f("obj", cls=lambda: DataQuery, doc="Its query on the data.")


@dataclass(eq=True)
class Solution(_Model):
    """A change that would seize an opportunity, with its owner and success metrics."""

    _DOC: ClassVar[str] = "A change that seizes an opportunity."
    name: str = _f("str", required=True, doc="The solution.")
    description: str = _f("text", doc="What changes.")
    owner: str = _f("text", doc="The team that would do it.")
    metrics: list[Metric] = _f("objs", cls=lambda: Metric, doc="How success is measured.")


@dataclass(eq=True)
class Opportunity(_Model):
    """What could be done about an insight, with the solutions considered."""

    _DOC: ClassVar[str] = "What could be done about an insight."
    name: str = _f("str", required=True, doc="The opportunity.")
    description: str = _f("text", doc="In a sentence.")
    solutions: list[Solution] = _f("objs", cls=lambda: Solution, doc="Solutions considered.")

    def _check_links(self) -> None:
        _unique([s.name for s in self.solutions], "solutions", "solution")


@dataclass(eq=True)
class Insight(_Model):
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

    _DOC: ClassVar[str] = "An insight with its evidence and opportunities."
    name: str = _f("str", required=True, doc="Short name, unique in the map.")
    stage: str = _f("str", required=True, doc="The stage it is about.")
    text: str = _f("str", required=True, doc="The insight in a sentence.")
    evidence: list[Evidence] = _f(
        "objs", required=True, cls=lambda: Evidence, min_items=1, doc="Quotes or data queries."
    )
    touchpoint: str = _f("text", doc="The touchpoint it is about.")
    opportunities: list[Opportunity] = _f("objs", cls=lambda: Opportunity, doc="What could be done.")

    def _check_links(self) -> None:
        _unique([o.name for o in self.opportunities], "opportunities", "opportunity")


@dataclass(eq=True)
class JourneyMap(_Model):
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

    _DOC: ClassVar[str] = "A customer journey map (cxkit.journey.model.JourneyMap)."
    name: str = _f("str", required=True, doc="The map's title.")
    persona: Persona = _f("obj", required=True, cls=lambda: Persona, doc="Who travels.")
    scenario: str = _f("str", required=True, doc="The situation the journey covers.")
    goal: str = _f("str", required=True, doc="What the persona wants at the end.")
    stages: list[Stage] = _f(
        "objs", required=True, cls=lambda: Stage, min_items=1, doc="The stages, in order."
    )
    insights: list[Insight] = _f("objs", cls=lambda: Insight, doc="Insights and their evidence.")

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
        raise CXMapError("unknown stage", value=name, expected=_choices_text(tuple(self.stage_names)))

    def touchpoint_stages(self) -> dict[str, list[str]]:
        """Each touchpoint's name -> the stages it appears on."""
        out: dict[str, list[str]] = {}
        for s in self.stages:
            for t in s.touchpoints:
                out.setdefault(t.name, []).append(s.name)
        return out

    def _check_links(self) -> None:
        _unique(self.stage_names, "stages", "stage")
        _unique([i.name for i in self.insights], "insights", "insight")
        names = tuple(self.stage_names)
        on_stages = self.touchpoint_stages()
        for i, insight in enumerate(self.insights):
            if insight.stage not in names:
                raise CXMapError(
                    "unknown stage",
                    path=f"insights[{i}].stage",
                    value=insight.stage,
                    expected="a stage of this map: " + _choices_text(names),
                )
            if insight.touchpoint and insight.touchpoint not in on_stages:
                raise CXMapError(
                    "touchpoint on no stage",
                    path=f"insights[{i}].touchpoint",
                    value=insight.touchpoint,
                    expected="a touchpoint listed on a stage: " + _choices_text(tuple(on_stages)),
                )


# ---------------------------------------------------------------------------------------------
# Service blueprint
# ---------------------------------------------------------------------------------------------


@dataclass(eq=True)
class StepRef(_Model):
    """A link to a step of a journey map: the stage and the step's text."""

    _DOC: ClassVar[str] = "A link to a journey step: its stage and the step's text."
    stage: str = _f("str", required=True, doc="The stage's name.")
    step: str = _f("str", required=True, doc="The step, exactly as written in the journey map.")


@dataclass(eq=True)
class BlueprintAction(_Model):
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

    _DOC: ClassVar[str] = "A blueprint column: a customer action and its lanes."
    name: str = _f("str", required=True, doc="Short id, unique in the blueprint.")
    customer_action: str = _f("str", required=True, doc="What the customer does.")
    step: StepRef = _f("obj", required=True, cls=lambda: StepRef, doc="The journey step served.")
    physical_evidence: list[str] = _f("strs", doc="What the customer sees or holds.")
    frontstage: list[str] = _f("strs", doc="Contact staff or systems, in view of the customer.")
    backstage: list[str] = _f("strs", doc="Done out of the customer's view.")
    support: list[str] = _f("strs", doc="Support processes and systems.")

    def lane(self, lane: str) -> list[str]:
        """Return the items of one of :data:`LANES` in this column."""
        if lane == "customer_actions":
            return [self.customer_action]
        return list(getattr(self, lane))


@dataclass(eq=True)
class FailPoint(_Model):
    """A point where the service is likely to fail (Shostack 1984), with its time standard."""

    _DOC: ClassVar[str] = "A fail point (Shostack 1984)."
    name: str = _f("str", required=True, doc="Short id, unique among fail and wait points.")
    action: str = _f("str", required=True, doc="The blueprint action (column) it sits in.")
    lane: str = _f("choice", required=True, choices=LANES, doc="The lane it sits in.")
    description: str = _f("str", required=True, doc="What goes wrong.")
    time_standard: str = _f("text", doc="The time the step must meet, if any.")
    recovery: str = _f("text", doc="What is done when it fails.")


@dataclass(eq=True)
class WaitPoint(_Model):
    """A point where the customer waits (Shostack 1984), with the time standard it must meet."""

    _DOC: ClassVar[str] = "A wait point with its time standard (Shostack 1984)."
    name: str = _f("str", required=True, doc="Short id, unique among fail and wait points.")
    action: str = _f("str", required=True, doc="The blueprint action (column) it sits in.")
    lane: str = _f("choice", required=True, choices=LANES, doc="The lane it sits in.")
    description: str = _f("str", required=True, doc="What the customer waits for.")
    time_standard: str = _f("str", required=True, doc="The longest acceptable wait.")


@dataclass(eq=True)
class ServiceBlueprint(_Model):
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

    _DOC: ClassVar[str] = "A service blueprint (cxkit.journey.model.ServiceBlueprint)."
    name: str = _f("str", required=True, doc="The blueprint's title.")
    journey: str = _f("str", required=True, doc="Journey-map file, relative to this file.")
    actions: list[BlueprintAction] = _f(
        "objs", required=True, cls=lambda: BlueprintAction, min_items=1, doc="Columns, in order."
    )
    description: str = _f("text", doc="What service it blueprints.")
    fail_points: list[FailPoint] = _f("objs", cls=lambda: FailPoint, doc="Fail points.")
    wait_points: list[WaitPoint] = _f("objs", cls=lambda: WaitPoint, doc="Wait points.")

    def _check_links(self) -> None:
        _unique([a.name for a in self.actions], "actions", "action")
        points = [p.name for p in self.fail_points] + [p.name for p in self.wait_points]
        _unique(points, "", "fail or wait point")
        names = tuple(a.name for a in self.actions)
        for kind in ("fail_points", "wait_points"):
            for i, point in enumerate(getattr(self, kind)):
                if point.action not in names:
                    raise CXMapError(
                        "unknown blueprint action",
                        path=f"{kind}[{i}].action",
                        value=point.action,
                        expected=_choices_text(names),
                    )

    def check_links(self, journey: JourneyMap, *, source: str = _DICT) -> None:
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
                    expected=f"a stage of {self.journey}: " + _choices_text(names),
                )
            steps = tuple(journey.stage(ref.stage).steps)
            if ref.step not in steps:
                raise CXMapError(
                    "blueprint action linked to a missing step",
                    source=source,
                    path=f"actions[{i}].step.step",
                    value=ref.step,
                    expected=f"a step of stage {ref.stage!r}: " + _choices_text(steps),
                )

    @property
    def lanes(self) -> dict[str, list[list[str]]]:
        """Lane -> one list of items per action (column)."""
        return {lane: [a.lane(lane) for a in self.actions] for lane in LANES}


# ---------------------------------------------------------------------------------------------
# YAML files
# ---------------------------------------------------------------------------------------------


def _read_yaml(path: str | Path) -> tuple[Any, str]:
    import yaml

    p = Path(path)
    if not p.is_file():
        raise CXFileNotFoundError(f"{p} does not exist (or is a folder): give the path of a .yaml file.")
    try:
        return yaml.safe_load(p.read_text(encoding="utf-8")), p.name
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


def to_yaml(obj: _Model) -> str:
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


def _save(obj: _Model, path: str | Path, cls: type) -> Path:
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
_ROOTS: dict[str, type[_Model]] = {"journey": JourneyMap, "blueprint": ServiceBlueprint}


def _field_schema(meta: Mapping[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    kind = meta["kind"]
    doc = {"description": meta["doc"]} if meta["doc"] else {}
    if kind == "str":
        return {"type": "string", "minLength": 1, "pattern": r"\S", **doc}
    if kind == "text":
        return {"type": "string", **doc}
    if kind == "choice":
        return {"enum": list(meta["choices"]), **doc}
    if kind == "strs":
        return {"type": "array", "items": {"type": "string", "pattern": r"\S"}, **doc}
    if kind == "choices":
        return {"type": "array", "items": {"enum": list(meta["choices"])}, **doc}
    if kind == "bool":
        return {"type": "boolean", **doc}
    if kind == "number":
        return {"type": ["number", "null"], **doc}
    if kind == "emotion":
        lo, hi = EMOTION_RANGE
        number = {"type": "number", "minimum": lo, "maximum": hi}
        return (
            {**number, **doc}
            if meta["required"]
            else {"type": ["number", "null"], "minimum": lo, "maximum": hi, **doc}
        )
    if kind == "where":
        scalar = {"type": ["string", "number", "boolean"]}
        return {
            "type": "object",
            "additionalProperties": {"anyOf": [scalar, {"type": "array", "items": scalar, "minItems": 1}]},
            **doc,
        }
    cls = meta["cls"]()
    _class_schema(cls, defs)
    ref = {"$ref": f"#/$defs/{cls.__name__}"}
    if kind == "obj":
        return {**ref, **doc} if meta["required"] else {"anyOf": [ref, {"type": "null"}], **doc}
    out = {"type": "array", "items": ref, **doc}
    if meta.get("min_items"):
        out["minItems"] = meta["min_items"]
    return out


def _class_schema(cls: type[_Model], defs: dict[str, Any]) -> dict[str, Any]:
    if cls.__name__ in defs:
        return dict(defs[cls.__name__])
    defs[cls.__name__] = {}
    fields = dataclasses.fields(cls)
    body: dict[str, Any] = {
        "type": "object",
        "description": cls._DOC,
        "properties": {f.name: _field_schema(f.metadata, defs) for f in fields},
        "required": [f.name for f in fields if f.metadata["required"]],
        "additionalProperties": False,
    }
    defs[cls.__name__] = body
    return body


def json_schema(kind: str = "journey") -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of a journey-map or blueprint YAML file.

    Generated from the model's field declarations; the committed files
    ``cxkit/journey/schemas/*.schema.json`` are this output (a test checks they agree).
    It checks each field (types, choices, the emotion range, required and unknown keys), not the
    rules between fields (duplicated names, links), which only the dataclasses check.

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
    defs: dict[str, Any] = {}
    root = _class_schema(_ROOTS[kind], defs)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://cxkit.example/schemas/{_SCHEMA_FILES[kind]}",
        "title": f"cxkit {kind} map" if kind == "journey" else "cxkit service blueprint",
        **root,
        "$defs": {k: v for k, v in defs.items() if k != _ROOTS[kind].__name__},
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
