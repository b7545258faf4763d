"""The contract of CONTRIBUTING.md's "The shape of a function", checked on every public function.

(a) Every public function that returns a table of estimates with an interval returns the one
shape: the columns of :data:`cxkit.stats.INTERVAL_COLUMNS` first (and ``count`` right after them
for a rate), ``value`` in percent for a rate, ``moe = (high - low) / 2``, ``too_small = n < min_n``,
and takes ``confidence=``, ``method=`` and ``min_n=`` as keywords.

(b) Every public signature of the packages in :data:`PACKAGES`: an argument with a default is
keyword-only, and no keyword that names a column ends in ``_column``, ``_col`` or ``_key``.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
import inspect
import re
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pytest

from cxkit.stats import INTERVAL_COLUMNS


@functools.cache
def _data(name: str) -> pd.DataFrame:
    from cxkit.data import load

    return load(name)


def _surveys() -> pd.DataFrame:
    return _data("surveys")


def _tickets() -> pd.DataFrame:
    return _data("tickets")


TARGETS = {"phone": "10min", "chat": "5min", "email": "24h", "social": "4h"}


@dataclasses.dataclass(frozen=True)
class Case:
    """A public function that returns a table of estimates, with a small call on course data."""

    name: str
    call: Callable[..., pd.DataFrame]  # call(**options) -> the table
    rate: bool  # a share of units (value in percent, a `count` column after the standard ones)
    other_method: str  # a method other than the default, to check that method= is honoured


STAGES = ["awareness", "consideration", "decision", "purchase", "post_purchase"]


def _cases() -> list[Case]:
    from cxkit.journey import channel_switching, funnel
    from cxkit.metrics import breakdown, response_rates, trend
    from cxkit.service import (
        csat_by_target,
        fcr_rate,
        proactive_notice,
        reopen_rate,
        service_recovery,
        sla_attainment,
    )

    return [
        Case(
            "breakdown(nps)",
            lambda **o: breakdown(_surveys(), "nps", by="segment", **o),
            False,
            "adjusted_wald",
        ),
        Case(
            "breakdown(csat)", lambda **o: breakdown(_surveys(), "csat", by="touchpoint", **o), False, "wald"
        ),
        Case("trend", lambda **o: trend(_surveys(), "nps", freq="QS", **o), False, "adjusted_wald"),
        Case("response_rates", lambda **o: response_rates(_surveys(), "channel", **o), True, "wald"),
        Case("fcr_rate", lambda **o: fcr_rate(_tickets(), by="channel", **o), True, "wald"),
        Case("reopen_rate", lambda **o: reopen_rate(_tickets(), by="category", **o), True, "wald"),
        Case("sla_attainment", lambda **o: sla_attainment(_tickets(), TARGETS, **o), True, "wald"),
        Case("service_recovery", lambda **o: service_recovery(_tickets(), **o), True, "wald"),
        Case("csat_by_target", lambda **o: csat_by_target(_tickets(), TARGETS, **o), False, "wald"),
        Case(
            "proactive_notice",
            lambda **o: proactive_notice(_data("orders"), _tickets(), **o),
            True,
            "wald",
        ),
        Case(
            "funnel",
            lambda **o: funnel(_data("events"), stages=STAGES, activity="stage", by="channel", **o),
            True,
            "wald",
        ),
        Case(
            "channel_switching",
            lambda **o: channel_switching(_data("events"), stages=STAGES[1:4], **o),
            True,
            "wald",
        ),
    ]


CASES = {c.name: c for c in _cases()}


def _check_shape(case: Case, t: pd.DataFrame, *, min_n: int) -> None:
    cols = list(t.columns)
    expected = [*INTERVAL_COLUMNS, *(["count"] if case.rate else [])]
    assert cols[: len(expected)] == expected, f"{case.name}: columns start {cols[: len(expected)]}"
    assert len(t) > 0
    ok = t["n"] > 0
    if case.rate:
        v = t.loc[ok, "value"]
        assert ((v >= 0) & (v <= 100)).all(), f"{case.name}: value not in percent"
        assert (t["count"] <= t["n"]).all()
        np.testing.assert_allclose(t.loc[ok, "value"], 100 * t.loc[ok, "count"] / t.loc[ok, "n"])
    np.testing.assert_allclose(t["moe"], (t["high"] - t["low"]) / 2)
    assert (t["too_small"] == (t["n"] < min_n)).all(), f"{case.name}: too_small is not n < min_n"
    assert (t.loc[ok, "low"] <= t.loc[ok, "value"] + 1e-9).all()
    assert (t.loc[ok, "high"] >= t.loc[ok, "value"] - 1e-9).all()


@pytest.mark.parametrize("name", sorted(CASES))
def test_interval_table_shape(name: str) -> None:
    case = CASES[name]
    _check_shape(case, case.call(), min_n=30)


@pytest.mark.parametrize("name", sorted(CASES))
def test_interval_table_options(name: str) -> None:
    """confidence=, method= and min_n= are keyword-only and honoured."""
    case = CASES[name]
    default = case.call()
    t = case.call(confidence=0.9, method=case.other_method, min_n=1_000_000)
    _check_shape(case, t, min_n=1_000_000)
    assert (t["method"] == case.other_method).all()
    assert (t["confidence"] == 0.9).all()
    assert t["too_small"].all()
    assert (default["confidence"] == 0.95).all()
    pd.testing.assert_series_equal(t["value"], default["value"])


@pytest.mark.parametrize("name", sorted(CASES))
def test_interval_table_keywords(name: str) -> None:
    from cxkit import journey, metrics, service

    fname = name.split("(")[0]
    f = getattr(metrics, fname, None) or getattr(service, fname, None) or getattr(journey, fname)
    params = inspect.signature(f).parameters
    for option in ("confidence", "method", "min_n"):
        assert option in params, f"{fname} takes no {option}="
        assert params[option].kind is inspect.Parameter.KEYWORD_ONLY, f"{fname}'s {option} is positional"


# ---------------------------------------------------------------------------------------------
# (b) every public signature
# ---------------------------------------------------------------------------------------------

PACKAGES = [
    "cxkit.metrics",
    "cxkit.service",
    "cxkit.voc",
    "cxkit.stats",
    "cxkit.retention",
    "cxkit.clv",
    "cxkit.journey",
    "cxkit.dashboard",
    "cxkit.widgets",
    "cxkit.data",
    "cxkit.course",
    "cxkit.instructor",
]

_SUFFIX = re.compile(r"_(column|col|key)$")


def _signatures(package: str) -> list[tuple[str, inspect.Signature]]:
    """Every public function, class (its constructor) and public method of a class in ``package``."""
    mod = importlib.import_module(package)
    out: list[tuple[str, inspect.Signature]] = []
    for name in sorted(getattr(mod, "__all__", ())):
        obj = getattr(mod, name)
        if inspect.isclass(obj):
            members: list[tuple[str, Any]] = [(name, obj)]
            for attr, member in vars(obj).items():
                if attr.startswith("_"):
                    continue
                if isinstance(member, staticmethod | classmethod):
                    member = member.__func__
                if inspect.isfunction(member):
                    members.append((f"{name}.{attr}", member))
        elif callable(obj):
            members = [(name, obj)]
        else:
            continue
        for qualname, f in members:
            try:
                sig = inspect.signature(f)
            except (TypeError, ValueError):  # builtins, C extensions
                continue
            out.append((qualname, sig))
    return out


def _violations(package: str) -> list[str]:
    bad = []
    for qualname, sig in _signatures(package):
        for p in sig.parameters.values():
            if p.name in ("self", "cls"):
                continue
            # A positional-only argument (before "/") is the data, optional only when the function
            # can also take counts (response_rate(df) or response_rate(responses=, invitations=)).
            if p.default is not p.empty and p.kind is p.POSITIONAL_OR_KEYWORD:
                bad.append(f"{qualname}: {p.name}= has a default but is not keyword-only")
            if _SUFFIX.search(p.name):
                bad.append(f"{qualname}: {p.name}= names a column with a suffix (use the bare role)")
    return bad


@pytest.mark.parametrize("package", PACKAGES)
def test_public_signatures(package: str) -> None:
    assert _signatures(package), f"{package} exports no public function"
    bad = _violations(package)
    assert not bad, f"{len(bad)} signature(s) break the contract:\n" + "\n".join(bad)


def test_violations_are_found() -> None:
    """The inspection itself can fail: a positional default and a suffixed column keyword are caught."""

    def f(df: Any, by: Any = None, *, score_column: str = "nps") -> None: ...

    import types

    fake = types.ModuleType("cxkit_fake_pkg")
    fake.__all__ = ["f"]  # type: ignore[attr-defined]
    fake.f = f  # type: ignore[attr-defined]
    import sys

    sys.modules["cxkit_fake_pkg"] = fake
    try:
        bad = _violations("cxkit_fake_pkg")
    finally:
        del sys.modules["cxkit_fake_pkg"]
    assert len(bad) == 2


# -- single results: a MetricResult or Comparison as a one-row table has the same first columns ----


def _single_results() -> dict[str, Callable[[], Any]]:
    from cxkit.metrics import ces, compare_csat, compare_nps, csat, nps
    from cxkit.retention import churn_rate, repeat_purchase_rate, retention_rate

    s = _surveys()
    b2b, b2c = s[s["segment"] == "B2B"], s[s["segment"] == "B2C"]
    return {
        "nps": lambda: nps(s["nps"], dropna=True),
        "csat": lambda: csat(s["csat"], dropna=True),
        "ces": lambda: ces(s["ces"], dropna=True),
        "compare_nps": lambda: compare_nps(b2b["nps"], b2c["nps"], dropna=True),
        "compare_csat": lambda: compare_csat(b2b["csat"], b2c["csat"], dropna=True),
        "retention_rate": lambda: retention_rate(500, 470, 80),
        "churn_rate": lambda: churn_rate(500, 470, 80),
        "repeat_purchase_rate": lambda: repeat_purchase_rate(_data("orders")),
    }


@pytest.mark.parametrize("name", sorted(_single_results()))
def test_single_result_as_a_row_has_the_interval_columns_first(name: str) -> None:
    row = _single_results()[name]().to_frame()
    assert list(row.columns[: len(INTERVAL_COLUMNS)]) == list(INTERVAL_COLUMNS)
    assert row.loc[0, "moe"] == pytest.approx((row.loc[0, "high"] - row.loc[0, "low"]) / 2)


@pytest.mark.parametrize("name", ["retention_rate", "churn_rate", "repeat_purchase_rate"])
def test_single_rates_take_the_rate_options(name: str) -> None:
    """The retention rates take confidence=, method= and min_n= like the rate tables, and honour them."""
    import cxkit.retention

    f = getattr(cxkit.retention, name)
    params = inspect.signature(f).parameters
    for option in ("confidence", "method", "min_n"):
        assert params[option].kind is inspect.Parameter.KEYWORD_ONLY, f"{name} has no keyword {option}="
    args: tuple[Any, ...] = (_data("orders"),) if name == "repeat_purchase_rate" else (500, 470, 80)
    wald = f(*args, method="wald", confidence=0.9, min_n=10_000)
    wilson = f(*args)
    assert wald.method == "wald"
    assert wald.confidence == 0.9
    assert wald.too_small
    assert wilson.method == "wilson"
    assert not wilson.too_small
    assert wald.value == wilson.value
    assert (wald.low, wald.high) != (wilson.low, wilson.high)
