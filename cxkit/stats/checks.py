"""Checks of the options every estimator shares: each bad value raises a typed cxkit error.

The message names the argument, shows the value given and says what is expected, e.g.
``CXConfigError: seed must be a whole number of 0 or more, a numpy.random.Generator or None;
got 'x'.`` A learner never meets a raw NumPy or pandas traceback for a bad option.

>>> from cxkit.stats.checks import check_confidence
>>> check_confidence("high")
Traceback (most recent call last):
...
cxkit.errors.CXConfigError: confidence must be a number between 0 and 1 (e.g. 0.95 for 95%); got 'high'.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from typing import Any

from cxkit.errors import CXConfigError, CXDataError

__all__ = [
    "check_choice",
    "check_confidence",
    "check_count",
    "check_min_n",
    "check_n_boot",
    "check_seed",
    "check_whole",
]


def check_choice(value: Any, choices: Sequence[str], what: str) -> str:
    """Return ``value`` if it is one of ``choices``, else raise :class:`CXConfigError` listing them."""
    if not isinstance(value, str) or value not in choices:
        raise CXConfigError(
            f"Unknown {what} {value!r}. The valid choices are: {', '.join(repr(c) for c in choices)}."
        )
    return value


def check_confidence(confidence: Any) -> float:
    """Return ``confidence`` as a float strictly between 0 and 1, else raise :class:`CXConfigError`."""
    if (
        isinstance(confidence, bool)
        or not isinstance(confidence, numbers.Real)
        or not 0 < float(confidence) < 1
    ):
        raise CXConfigError(
            f"confidence must be a number between 0 and 1 (e.g. 0.95 for 95%); got {confidence!r}."
        )
    return float(confidence)


def check_n_boot(n_boot: Any) -> int:
    """Return the number of bootstrap resamples (a whole number of at least 100)."""
    if isinstance(n_boot, bool) or not isinstance(n_boot, numbers.Integral) or int(n_boot) < 100:
        raise CXConfigError(f"n_boot must be a whole number of at least 100 (e.g. 10_000); got {n_boot!r}.")
    return int(n_boot)


def check_count(value: Any, name: str) -> int:
    """Return a count (a whole number of 0 or more), else raise :class:`CXDataError` naming it."""
    if (
        isinstance(value, bool)
        or not isinstance(value, numbers.Real)
        or (isinstance(value, float) and not value.is_integer())
        or float(value) < 0
    ):
        raise CXDataError(
            f"{name} must be a count", column=name, value=value, expected="a whole number of 0 or more"
        )
    return int(float(value))


def check_min_n(min_n: Any) -> int:
    """Return ``min_n`` (a whole number of 0 or more), else raise :class:`CXConfigError`."""
    if isinstance(min_n, bool) or not isinstance(min_n, numbers.Integral) or int(min_n) < 0:
        raise CXConfigError(f"min_n must be a whole number of 0 or more (e.g. 30); got {min_n!r}.")
    return int(min_n)


def check_whole(value: Any, name: str, lo: int, hi: int, why: str = "") -> int:
    """Return ``value`` if it is a whole number from ``lo`` to ``hi``, else raise :class:`CXConfigError`.

    >>> check_whole("6", "detractor_max", 0, 8)  # doctest: +NORMALIZE_WHITESPACE
    Traceback (most recent call last):
    ...
    cxkit.errors.CXConfigError: detractor_max must be a whole number from 0 to 8; got '6' (text: write 6
    without quotes).
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or not lo <= int(value) <= hi:
        hint = ""
        if isinstance(value, str) and value.strip().lstrip("-").isdigit():
            hint = f" (text: write {value.strip()} without quotes)"
        elif isinstance(value, numbers.Integral) and not isinstance(value, bool) and why:
            hint = f" ({why})"
        raise CXConfigError(f"{name} must be a whole number from {lo} to {hi}; got {value!r}{hint}.")
    return int(value)


def check_seed(seed: Any) -> Any:
    """Return a seed NumPy accepts: ``None``, a whole number of 0 or more, or a ``numpy.random.Generator``.

    >>> check_seed(7)
    7
    >>> check_seed("x")  # doctest: +NORMALIZE_WHITESPACE
    Traceback (most recent call last):
    ...
    cxkit.errors.CXConfigError: seed must be a whole number of 0 or more, a numpy.random.Generator or None;
    got 'x'.
    """
    import numpy as np

    if seed is None or isinstance(seed, np.random.Generator):
        return seed
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise CXConfigError(
            f"seed must be a whole number of 0 or more, a numpy.random.Generator or None; got {seed!r}."
        )
    return int(seed)


def check_shares(promoters: Any, detractors: Any) -> tuple[float, float]:
    """Check a promoter and a detractor share (each 0 to 1, together at most 1); return them as floats."""
    for name, v in (("promoters", promoters), ("detractors", detractors)):
        if isinstance(v, bool) or not isinstance(v, numbers.Real) or not 0 <= float(v) <= 1:
            raise CXConfigError(f"{name} must be a share between 0 and 1 (e.g. 0.25 for 25%); got {v!r}.")
    if promoters + detractors > 1 + 1e-12:
        raise CXConfigError(
            f"promoters + detractors must be at most 1 (the rest are passives); got "
            f"{promoters!r} + {detractors!r}."
        )
    return float(promoters), float(detractors)
