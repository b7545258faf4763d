r"""Personas, journey maps and service blueprints as data: checked models saved as YAML.

A journey map drawn in a whiteboard tool is a picture; here it is a small YAML file that can be
versioned, diffed, checked, drawn (:func:`cxkit.journey.draw_journey_map`,
:func:`cxkit.journey.draw_blueprint`), exported to Mermaid
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

The models are pydantic v2 models, each field declared once (a type and a description) and
checked, read, written and described in the JSON Schema by pydantic. This module is where they
are used from; they are declared in :mod:`cxkit.journey.schema_journey` (persona and journey
map) and :mod:`cxkit.journey.schema_blueprint` (service blueprint), on the field types and base
class of :mod:`cxkit.journey.schema_fields`; :mod:`cxkit.journey.schema_errors` words pydantic's
errors as CXMapError.

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
from pathlib import Path
from typing import Any

from pydantic.json_schema import GenerateJsonSchema

from cxkit.data.schema import CHANNELS as CHANNELS  # the choices, as before (instructor/handouts.py)
from cxkit.data.schema import PHASES as PHASES
from cxkit.data.schema import SEGMENTS as SEGMENTS
from cxkit.errors import CXConfigError, CXFileNotFoundError, CXMapError
from cxkit.journey.schema_blueprint import (
    LANES,
    LINES,
    BlueprintAction,
    FailPoint,
    ServiceBlueprint,
    StepRef,
    WaitPoint,
)
from cxkit.journey.schema_fields import EMOTION_RANGE, JourneyModel
from cxkit.journey.schema_journey import (
    DATASETS,
    KPI,
    METRICS,
    DataQuery,
    Evidence,
    Insight,
    JourneyMap,
    Metric,
    Opportunity,
    Persona,
    Solution,
    Stage,
    Touchpoint,
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

# ---------------------------------------------------------------------------------------------
# YAML files
# ---------------------------------------------------------------------------------------------


def _read_yaml(path: str | Path) -> tuple[Any, str]:
    """Read a YAML file with :func:`cxkit._paths.read_yaml` (UTF-8, valid YAML, every key once)."""
    from cxkit._paths import read_yaml

    p = Path(path)
    if not p.is_file():
        raise CXFileNotFoundError(f"{p} does not exist (or is a folder): give the path of a .yaml file.")
    return read_yaml(p, error=CXMapError, expected="YAML as in datasets/journeys/"), p.name


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


def _save(obj: JourneyModel, path: str | Path, cls: type, what: str, backup: bool) -> Path:
    from cxkit._paths import write_learner_file

    if not isinstance(obj, cls):
        raise CXConfigError(f"expected a {cls.__name__}, got {type(obj).__name__}.")
    if not isinstance(backup, bool):
        raise CXConfigError(f"backup must be True or False; got {backup!r}.")
    obj.validate()
    p, copy = write_learner_file(path, to_yaml(obj), what=what, backup=backup)
    if copy is not None:
        print(f"Saved {p.name}; the previous file is kept as {copy.name}.")
    return p


def save_journey(journey: JourneyMap, path: str | Path, *, backup: bool = True) -> Path:
    """Write a journey map to a YAML file and return the path; a file it replaces is kept.

    An existing file with other content is first copied to ``<name>.backup-YYYYmmdd-HHMMSS.yaml``
    beside it (:func:`cxkit._paths.backup_file`, as ``cxkit exercises start --force`` does), and
    the copy's name is printed: a learner's map is never lost. ``backup=False`` replaces it
    without a copy (the builder widget makes its own).

    Raises
    ------
    CXConfigError
        ``journey`` is not a JourneyMap; ``path`` is a folder, in a folder that does not exist or
        that cannot be written.
    CXMapError
        The map breaks a rule (checked again before writing).
    """
    return _save(journey, path, JourneyMap, "journey map", backup)


def save_blueprint(blueprint: ServiceBlueprint, path: str | Path, *, backup: bool = True) -> Path:
    """Write a service blueprint to a YAML file and return the path; a file it replaces is kept.

    As :func:`save_journey`: an existing file with other content is first copied beside it.

    Raises
    ------
    CXConfigError
        ``blueprint`` is not a ServiceBlueprint; ``path`` cannot be written.
    CXMapError
        The blueprint breaks a rule (checked again before writing).
    """
    return _save(blueprint, path, ServiceBlueprint, "service blueprint", backup)


# ---------------------------------------------------------------------------------------------
# JSON Schema, generated from the same field declarations
# ---------------------------------------------------------------------------------------------

_SCHEMA_FILES = {"journey": "journey.schema.json", "blueprint": "blueprint.schema.json"}
_ROOTS: dict[str, type[JourneyModel]] = {"journey": JourneyMap, "blueprint": ServiceBlueprint}


class _Schema(GenerateJsonSchema):
    """pydantic's JSON Schema without a title on every field (the descriptions say what they are)."""

    def field_title_should_be_set(self, schema: Any) -> bool:
        return False


def json_schema(*, kind: str = "journey") -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of a journey-map or blueprint YAML file.

    Generated from the models' field declarations by pydantic (``model_json_schema``); the
    committed files ``cxkit/journey/schemas/*.schema.json`` are this output (a test checks they
    agree).
    It checks each field (types, choices, the emotion range, required and unknown keys), not the
    rules between fields (duplicated names, links), which only the models check.

    Parameters
    ----------
    kind : {"journey", "blueprint"}, default "journey"
        The file: a journey map or a service blueprint.

    Raises
    ------
    CXConfigError
        Another kind.

    Examples
    --------
    >>> json_schema(kind="journey")["$defs"]["Stage"]["properties"]["emotion"]["maximum"]
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


def schema_path(*, kind: str = "journey") -> Any:
    """Return the committed schema file as an ``importlib.resources`` traversable (package data).

    >>> import json
    >>> json.loads(schema_path(kind="blueprint").read_text())["title"]
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
        target.write_text(json.dumps(json_schema(kind=kind), indent=2) + "\n", encoding="utf-8")
        out.append(target)
    return out
