"""The field types and the base class of the journey models, on pydantic v2.

:mod:`cxkit.journey.model` declares each field of a persona, journey map or blueprint with a type
of this module (or a ``Literal`` of its choices, or another model) and a ``pydantic.Field`` (its
default and its description); pydantic checks the field, reads it, writes it and generates its
JSON Schema, so one declaration drives all four.

- :data:`Name`: a required text that is not blank; :data:`Items`: a list of such texts.
- :data:`Number`: a number, not a boolean and not NaN; an integer stays an integer, so a file
  that says ``target: 60`` is written back as ``60``, not ``60.0``. :data:`Emotion`: a number from
  -2 to +2.
- :data:`Where`: a data query's ``column: value`` (or ``column: [values]``) filters.

Fields are strict (``"yes"`` is not true, ``"1"`` is not a number) and unknown keys are refused.

:class:`JourneyModel` is the base class. It gives ``from_dict``, ``to_dict`` and ``validate``;
it turns pydantic's ``ValidationError`` into :class:`~cxkit.errors.CXMapError` (see
:mod:`cxkit.journey.schema_errors`); it reads a list left empty in YAML (``steps:``, which YAML
reads as None) as the empty list; and it runs each model's ``_check_links`` (the rules that
compare two fields: duplicated names, links) once the fields are checked.
"""

from __future__ import annotations

import functools
import typing
from typing import Annotated, Any, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    ValidatorFunctionWrapHandler,
    WrapValidator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from cxkit.errors import CXMapError
from cxkit.journey.schema_errors import map_error

__all__ = ["DICT", "EMOTION_RANGE", "Emotion", "Items", "JourneyModel", "Name", "Number", "Where", "unique"]

#: Emotions run from -2 (very negative) to +2 (very positive).
EMOTION_RANGE: tuple[int, int] = (-2, 2)
#: The ``source`` of an error in an object built in Python rather than read from a file.
DICT = "<dict>"


def _number(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    """Check a number as a float, but give back an integer unchanged; NaN is not a number."""
    if isinstance(value, float) and value != value:
        raise PydanticCustomError("not_a_number", "NaN is not a number")
    checked = handler(value)
    return value if type(value) is int else checked


#: A required text with something in it (not empty, not only spaces).
Name = Annotated[str, StringConstraints(min_length=1, pattern=r"\S")]
#: A list of texts with something in each.
Items = list[Annotated[str, StringConstraints(pattern=r"\S")]]
#: A number (int or float, not a boolean, not NaN); integers stay integers.
Number = Annotated[float, WrapValidator(_number)]
#: An emotion, from -2 (very negative) to +2 (very positive).
Emotion = Annotated[float, Field(ge=EMOTION_RANGE[0], le=EMOTION_RANGE[1]), WrapValidator(_number)]
_Scalar = str | bool | int | float
#: ``column: value`` or ``column: [values]`` filters.
Where = dict[str, _Scalar | Annotated[list[_Scalar], Field(min_length=1)]]


def _summary(schema: dict[str, Any], cls: type) -> None:
    """Describe a model in its JSON Schema by the first line of its docstring."""
    schema["description"] = (cls.__doc__ or "").strip().splitlines()[0]


@functools.cache
def _list_fields(cls: type[BaseModel]) -> frozenset[str]:
    return frozenset(k for k, f in cls.model_fields.items() if typing.get_origin(f.annotation) is list)


class JourneyModel(BaseModel):
    """Shared behaviour of the journey models: strict fields, CXMapError, ``from_dict``/``to_dict``.

    The models are mutable (the journey-map builder edits them in place): call :meth:`validate`
    after changing one by hand.
    """

    model_config = ConfigDict(extra="forbid", strict=True, defer_build=True, json_schema_extra=_summary)

    def __init__(self, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as exc:
            raise map_error(exc, type(self)).within(source=DICT) from None

    # The mark pydantic puts on BaseModel.__init__: this one only rewords errors, so pydantic may
    # validate nested models without calling it. (Without the mark it calls it for each nested
    # model, slower, and the messages are the same: map_error takes a nested model's CXMapError,
    # which reaches it as a value_error, and puts the nested model's path in front.)
    __init__.__pydantic_base_init__ = True  # type: ignore[attr-defined]

    def __str__(self) -> str:
        """Show the class and its fields, as a dataclass does (pydantic's leaves out the class)."""
        return repr(self)

    @model_validator(mode="before")
    @classmethod
    def _empty_key_is_empty_list(cls, data: Any) -> Any:
        """Take a list field left empty in YAML (``steps:``, read as None) as the empty list."""
        if not isinstance(data, dict):
            return data
        lists = _list_fields(cls)
        if any(data.get(k, ()) is None for k in lists):
            data = {k: [] if v is None and k in lists else v for k, v in data.items()}
        return data

    @model_validator(mode="after")
    def _links_hold(self) -> Self:
        self._check_links()
        return self

    def _check_links(self) -> None:
        """Rules across fields (duplicates, references); overridden where there are some."""

    def validate(self) -> None:  # type: ignore[override]  # BaseModel.validate is pydantic v1's
        """Check every field and the links between fields again; raise CXMapError on the first problem.

        The models are mutable (the journey-map builder edits them in place): call
        ``validate()`` after changing one by hand.
        """
        try:
            type(self).model_validate(self.model_dump(warnings=False))
        except ValidationError as exc:
            raise map_error(exc, type(self)).within(source=DICT) from None

    @classmethod
    def from_dict(cls, data: Any, *, source: str = DICT, path: str = "") -> Self:
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
            return cls.model_validate(data)
        except ValidationError as exc:
            raise map_error(exc, cls).within(path, source=source) from None

    def to_dict(self) -> dict[str, Any]:
        """Return the fields as plain data in the model's order, leaving out empty and unset values."""
        return self.model_dump(exclude_defaults=True)


def unique(names: list[str], path: str, what: str) -> None:
    """Raise CXMapError at the second use of a name (``path[i]``)."""
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
