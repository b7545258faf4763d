"""A journey log prepared once (``cxkit.journey.prepare``) and the row order that never matters.

Issue 30, item 1: every journey function accepts a :class:`~cxkit.journey.PreparedLog` in place of
the frame and gives exactly what it gives on the frame; the frame's rows in any order give exactly
what they give sorted; a frame changed after preparation never gives the old answers; and the
faster sort is the same order as ``numpy.lexsort``, ties included. The same on DuckDB and polars
is in ``tests/test_backends.py`` (``test_prepared_log_same_as_frame``).
"""

from __future__ import annotations

import dataclasses
import warnings

import numpy as np
import pandas as pd
import pytest

from cxkit.errors import CXConfigError, CXDataError, CXDataWarning
from cxkit.journey import (
    PreparedLog,
    directly_follows,
    end_activities,
    flows,
    funnel,
    prepare,
    stage_durations,
    stage_times,
    start_activities,
    variants,
)
from cxkit.journey._eventlog import _sort_order

STAGES = ["awareness", "consideration", "decision", "purchase", "post_purchase"]

#: Every function, with the keywords it needs beyond the log (the log's activity is "event").
CALLS = {
    "directly_follows": (directly_follows, {}),
    "start_activities": (start_activities, {}),
    "end_activities": (end_activities, {}),
    "variants": (variants, {}),
    "flows": (flows, {"steps": 4}),
}
#: The same on the stage column (prepared with activity="stage").
STAGE_CALLS = {
    **CALLS,
    "funnel": (funnel, {"stages": STAGES}),
    "funnel_any_order": (funnel, {"stages": STAGES, "ordered": False}),
    "funnel_by_channel": (funnel, {"stages": STAGES, "by": "channel"}),
    "stage_times": (stage_times, {"stages": STAGES}),
    "stage_durations": (stage_durations, {"stages": STAGES}),
    "stage_durations_by_channel": (stage_durations, {"stages": STAGES[:3], "by": "channel"}),
}


def assert_same(expected, got) -> None:
    if isinstance(expected, pd.Series):
        pd.testing.assert_series_equal(got, expected, check_exact=True)
    else:
        pd.testing.assert_frame_equal(got, expected, check_exact=True)


@pytest.fixture(scope="module")
def raw() -> pd.DataFrame:
    from cxkit.data import load

    return load("events")[["case_id", "event", "stage", "channel", "timestamp"]]


@pytest.fixture(scope="module")
def events(raw) -> pd.DataFrame:
    """Return the course events with hour-rounded times: many tied events inside a case."""
    return raw.assign(timestamp=raw["timestamp"].dt.floor("h"))


def _shuffle(log: pd.DataFrame) -> pd.DataFrame:
    rng = np.random.default_rng(30)
    return log.iloc[rng.permutation(len(log))].reset_index(drop=True)


@pytest.fixture(scope="module")
def shuffled(events) -> pd.DataFrame:
    return _shuffle(events)


def test_the_course_log_has_ties(events):
    """The property below is only tested if events of a case share a time (hour-rounded here)."""
    key = events[["case_id", "timestamp"]]
    assert key.duplicated().sum() > 1_000


@pytest.mark.slow  # about 4 s in all (quiet 2 cores)
@pytest.mark.filterwarnings("ignore::cxkit.errors.CXDataWarning")  # hour-rounded: repeated events
@pytest.mark.parametrize(
    ("activity", "name"), [("event", n) for n in CALLS] + [("stage", n) for n in STAGE_CALLS]
)
def test_shuffled_rows_give_the_sorted_rows_results(raw, events, shuffled, activity, name):
    """Rows in any order give exactly the results of the rows grouped by case and in time order.

    With ``by``, a case's group is the value at its first event; two events of a case with the
    same time and activity (a tie no rule breaks) but different channels leave that first event
    to the row order, so the ``by`` cases run on the log's own times (no such tie there).
    """
    fn, kw = (CALLS if activity == "event" else STAGE_CALLS)[name]
    if "by" in kw:
        events, shuffled = raw, _shuffle(raw)
    expected = fn(events, activity=activity, **kw)
    got = fn(shuffled, activity=activity, **kw)
    if name == "stage_times":  # one row per case, in order of first appearance in the log
        got = got.loc[expected.index]
    assert_same(expected, got)


@pytest.mark.slow  # about 4 s in all (quiet 2 cores)
@pytest.mark.parametrize("rows", ["sorted", "shuffled"])
@pytest.mark.filterwarnings("ignore::cxkit.errors.CXDataWarning")  # hour-rounded: repeated events
def test_prepared_log_gives_what_the_frame_gives(events, shuffled, rows):
    """Every function on a prepared log returns exactly what it returns on the frame."""
    log = events if rows == "sorted" else shuffled
    for activity, calls in (("event", CALLS), ("stage", STAGE_CALLS)):
        prepared = prepare(log, activity=activity)
        for name, (fn, kw) in calls.items():
            expected = fn(log, activity=activity, **kw)
            assert_same(expected, fn(prepared, **kw))
            assert_same(expected, fn(prepared, activity=activity, **kw)), name  # the same keyword is fine


def _small() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "case_id": ["a", "a", "a", "b", "b"],
            "event": ["view", "basket", "buy", "view", "buy"],
            "seq": [1, 2, 3, 1, 2],
            "segment": ["B2C", "B2C", "B2C", "B2B", "B2B"],
            "timestamp": pd.to_datetime(
                [
                    "2024-01-01 10:00",
                    "2024-01-01 10:05",
                    "2024-01-01 10:05",
                    "2024-01-02 09:00",
                    "2024-01-02 09:30",
                ]
            ),
        }
    )


def test_a_frame_changed_after_preparation_never_gives_old_answers():
    """The frame's own results follow its changes; the prepared log keeps the log it was given."""
    log = _small()
    prepared = prepare(log)
    before = directly_follows(log)
    log.loc[4, "event"] = "basket"  # in place
    log["segment"] = "B2C"  # a whole column
    after = directly_follows(log)
    assert ("view", "basket") in set(zip(after["source"], after["target"], strict=True))
    assert after["count"].sum() == before["count"].sum()
    assert not after.equals(before)
    assert_same(before, directly_follows(prepared))  # the snapshot, not the changed frame
    by = funnel(prepared, stages=["view", "buy"], by="segment", min_n=1)
    assert by.index.get_level_values("segment").unique().tolist() == ["B2B", "B2C"]
    again = prepare(log)
    assert_same(after, directly_follows(again))


def test_prepared_log_is_immutable_and_says_what_it_holds():
    prepared = prepare(_small(), tie_break="seq")
    assert isinstance(prepared, PreparedLog)
    with pytest.raises(dataclasses.FrozenInstanceError):
        prepared.activity = "stage"  # type: ignore[misc]
    assert (prepared.n_events, prepared.n_cases, prepared.engine) == (5, 2, "pandas")
    assert "tie_break='seq'" in repr(prepared)
    assert prepare(prepared) is prepared  # preparing again is free


def test_prepared_log_uses_its_own_columns():
    """Keywords left out take the prepared columns (the index is named after them)."""
    log = _small().rename(columns={"case_id": "journey", "event": "step", "timestamp": "at"})
    prepared = prepare(log, case="journey", activity="step", timestamp="at", tie_break="seq")
    starts = start_activities(prepared)
    assert starts.index.name == "step"
    assert_same(
        start_activities(log, case="journey", activity="step", timestamp="at", tie_break="seq"), starts
    )
    times = stage_times(prepared, stages=["view", "buy"])
    assert times.index.name == "journey"


@pytest.mark.parametrize("keyword", ["case", "activity", "timestamp", "tie_break"])
def test_prepared_log_refuses_other_columns(keyword):
    """A column other than the prepared one is an error naming both, never a silent second sort."""
    prepared = prepare(_small(), tie_break="seq")
    with pytest.raises(CXConfigError, match=f"{keyword}='segment', but the log was prepared with"):
        directly_follows(prepared, **{keyword: "segment"})


def test_prepared_log_missing_by_column():
    prepared = prepare(_small())
    with pytest.raises(CXDataError, match="missing column") as err:
        funnel(prepared, stages=["view", "buy"], by="region")
    assert err.value.column == "region"


def test_prepare_refuses_bad_logs_as_the_functions_do():
    with pytest.raises(CXDataError, match="missing column"):
        prepare(_small(), activity="stage")
    with pytest.raises(CXDataError, match="empty"):
        prepare(_small().iloc[:0])
    with pytest.raises(CXDataError, match="pandas DataFrame"):
        prepare([1, 2, 3])


def test_repeated_events_warned_once_when_prepared():
    """The warning about repeated events comes at preparation, not again at every call."""
    log = pd.concat([_small(), _small().iloc[[0]]], ignore_index=True)
    with pytest.warns(CXDataWarning, match="repeat another"):
        prepared = prepare(log)
    with warnings.catch_warnings():
        warnings.simplefilter("error", CXDataWarning)
        directly_follows(prepared)
        variants(prepared)


def test_flows_refuses_a_log_prepared_on_an_engine():
    duckdb = pytest.importorskip("duckdb")
    prepared = prepare(duckdb.connect().from_df(_small()))
    assert prepared.engine == "duckdb"
    assert prepared.n_events is None
    with pytest.raises(CXDataError, match="pandas DataFrame"):
        flows(prepared)


# --- the sort ---------------------------------------------------------------------------------


@pytest.mark.parametrize("n_keys", [0, 1, 2])
@pytest.mark.parametrize("clock", ["seconds", "nanoseconds over years"])
def test_sort_order_is_lexsort(n_keys, clock):
    """The packed order is numpy.lexsort's, ties (equal case and time) and repeated rows included.

    Whole seconds over a few minutes: one key with the case (one sort, then repeated rows put
    back in row order); nanoseconds over 50 years: the case does not fit, two stable sorts.
    """
    rng = np.random.default_rng(n_keys)
    n = 20_000
    case = rng.integers(0, 500, n).astype(np.int32)
    if clock == "seconds":
        ns = rng.integers(0, 40, n).astype(np.int64) * 10**9 + 1_700_000_000 * 10**9  # many ties
    else:
        ns = rng.integers(0, 50 * 365 * 86_400 * 10**9, n) + 10**17
        ns[::3] = ns[0]  # ties still
    keys = [rng.integers(0, size, n).astype(np.int64) for size in (3, 7)[:n_keys]]
    expected = np.lexsort((*reversed(keys), ns, case))
    np.testing.assert_array_equal(_sort_order(case, ns, keys), expected)


def test_sort_order_falls_back_when_the_key_would_overflow():
    """Times spanning centuries in nanoseconds times many tie ranks do not fit one int64: lexsort."""
    rng = np.random.default_rng(1)
    n = 5_000
    case = rng.integers(0, 50, n).astype(np.int32)
    ns = rng.integers(pd.Timestamp("1700-01-01").value, pd.Timestamp("2200-01-01").value, n)
    ns[::7] = ns[0]
    keys = [rng.integers(0, 1_000, n).astype(np.int64)]
    np.testing.assert_array_equal(_sort_order(case, ns, keys), np.lexsort((keys[0], ns, case)))
