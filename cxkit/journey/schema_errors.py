"""pydantic's ValidationError in the words of :class:`~cxkit.errors.CXMapError`.

pydantic reports where a value failed as a location, ``("stages", 2, "touchpoints", 0,
"channel")``, and an error type, ``literal_error``. :func:`map_error` turns the first error into
a CXMapError with the path as a learner reads it in the file (``stages[2].touchpoints[0].channel``),
the value found and what was expected ("one of 'web', 'app', ..."), walking the location through
the model classes to know which field (or list item) it names.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ValidationError

from cxkit.errors import CXMapError

__all__ = ["choices_text", "map_error"]

_EMOTION_EXPECTED = "a number from -2 (very negative) to +2 (very positive)"


#: Error type -> (problem, expected) where neither depends on the field.
_PLAIN = {
    "string_type": ("not text", "a text (a string)"),
    "string_too_short": ("empty", "a non-empty text"),
    "string_pattern_mismatch": ("empty", "a non-empty text"),
    "bool_type": ("not true or false", "true or false"),
    "float_type": ("not a number", "a number"),
    "not_a_number": ("not a number", "a number"),
    # the emotions are the only fields with a range
    "greater_than_equal": ("emotion outside -2..+2", _EMOTION_EXPECTED),
    "less_than_equal": ("emotion outside -2..+2", _EMOTION_EXPECTED),
    "list_type": ("not a list", "a list"),
    "too_short": ("empty list", ""),
    "dict_type": ("not a mapping", "column: value pairs"),
}


def choices_text(choices: tuple[Any, ...]) -> str:
    """``one of 'a', 'b'``."""
    return "one of " + ", ".join(repr(c) for c in choices)


def _bare(tp: Any) -> Any:
    """Strip ``Annotated`` and ``| None`` from a type."""
    while True:
        origin = typing.get_origin(tp)
        if origin is Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType) and type(None) in typing.get_args(tp):
            tp = next(a for a in typing.get_args(tp) if a is not type(None))
        else:
            return tp


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


@dataclass
class _Spot:
    """Where an error location points: the path, the model and field, and the expected type."""

    parts: list[str]
    model: type[BaseModel]
    field: str | None = None
    item: bool = False  # an item of a list field
    in_filter: bool = False  # inside a data query's ``where``
    expected: Any = None

    @property
    def path(self) -> str:
        return "".join(self.parts).lstrip(".")


def _locate(root: type[BaseModel], loc: tuple[int | str, ...]) -> _Spot:
    """Follow a pydantic location through the model classes.

    What follows the last field or list item (the tags pydantic adds for the members of a
    union) is not part of the path.
    """
    spot = _Spot(parts=[], model=root, expected=root)
    for key in loc:
        tp = _bare(spot.expected)
        if _is_model(tp) and isinstance(key, str):
            spot.parts.append(f".{key}")
            spot.model, spot.field, spot.item = tp, key, False
            info = tp.model_fields.get(key)
            if info is None:  # an unknown key
                spot.expected = None
                break
            spot.expected = info.annotation
        elif typing.get_origin(tp) is list and isinstance(key, int):
            spot.parts.append(f"[{key}]")
            spot.item = True
            spot.expected = typing.get_args(tp)[0]
        elif typing.get_origin(tp) is dict:
            spot.parts.append(f".{key}")
            spot.in_filter = True
            break
        else:
            break
    spot.expected = _bare(spot.expected)
    return spot


def _item_type(tp: Any) -> Any:
    return _bare(typing.get_args(tp)[0]) if typing.get_origin(tp) is list else None


def map_error(exc: ValidationError, root: type[BaseModel]) -> CXMapError:
    """Return the first error of ``exc`` (raised validating ``root``) as a CXMapError.

    The error has no ``source`` (the caller knows the file); its path is relative to ``root``.
    """
    error = exc.errors(include_url=False)[0]
    kind, value, ctx = error["type"], error.get("input"), error.get("ctx") or {}
    spot = _locate(root, tuple(error["loc"]))
    path, field, expected = spot.path, spot.field or "", spot.expected

    if kind == "value_error" and isinstance(ctx.get("error"), CXMapError):  # a rule across fields
        return ctx["error"].within(path)
    if spot.in_filter:
        return CXMapError(
            "bad filter", path=path, value=value, expected="a column name with a value or a list of values"
        )
    if kind == "missing":
        return CXMapError(
            f"missing field {field!r}",
            path="".join(spot.parts[:-1]).lstrip("."),
            expected=f"a {spot.model.__name__} with {field}",
        )
    if kind == "extra_forbidden":
        return CXMapError(
            f"unknown field of a {spot.model.__name__}",
            path=path,
            value=field,
            expected=choices_text(tuple(spot.model.model_fields)),
        )
    if _is_model(expected) and kind.startswith("model_"):
        if isinstance(value, BaseModel):
            return CXMapError("wrong type", path=path, value=value, expected=expected.__name__)
        return CXMapError(
            "not a mapping", path=path, value=value, expected=f"the fields of a {expected.__name__}"
        )
    if typing.get_origin(expected) is Literal:
        what = field[:-1] if spot.item and field.endswith("s") else field
        return CXMapError(
            f"unknown {what}", path=path, value=value, expected=choices_text(typing.get_args(expected))
        )
    problem, wanted = _PLAIN.get(kind, (error["msg"], ""))
    if kind in ("string_type", "string_too_short", "string_pattern_mismatch") and spot.item:
        problem, wanted = "not a text", "a non-empty text"
    elif kind == "list_type":
        wanted = "a list" if _is_model(_item_type(expected)) else "a list of texts"
    elif kind == "too_short":
        return CXMapError(problem, path=path, expected=f"at least {ctx.get('min_length', 1)} item")
    return CXMapError(problem, path=path, value=value, expected=wanted or None)
