"""Checks of the options every estimator shares (confidence, method, counts, min_n, n_boot)."""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from typing import Any

from cxkit.errors import CXConfigError, CXDataError


def _check_choice(value: Any, choices: Sequence[str], what: str) -> str:
    if not isinstance(value, str) or value not in choices:
        raise CXConfigError(
            f"Unknown {what} {value!r}. The valid choices are: {', '.join(repr(c) for c in choices)}."
        )
    return value


def _check_confidence(confidence: Any) -> float:
    if isinstance(confidence, bool) or not isinstance(confidence, numbers.Real) or not 0 < confidence < 1:
        raise CXConfigError(
            f"confidence must be a number between 0 and 1 (e.g. 0.95 for 95%); got {confidence!r}."
        )
    return float(confidence)


def _check_boot(n_boot: Any) -> int:
    if isinstance(n_boot, bool) or not isinstance(n_boot, numbers.Integral) or n_boot < 100:
        raise CXConfigError(f"n_boot must be a whole number of at least 100 (e.g. 10_000); got {n_boot!r}.")
    return int(n_boot)


def _check_count(value: Any, name: str) -> int:
    if (
        isinstance(value, bool)
        or not isinstance(value, numbers.Real)
        or (isinstance(value, float) and not value.is_integer())
        or value < 0
    ):
        raise CXDataError(f"{name} must be a count", column=name, value=value, expected="a whole number of 0 or more")
    return int(value)


def _check_min_n(min_n: Any) -> int:
    if isinstance(min_n, bool) or not isinstance(min_n, numbers.Integral) or min_n < 0:
        raise CXConfigError(f"min_n must be a whole number of 0 or more (e.g. 30); got {min_n!r}.")
    return int(min_n)
