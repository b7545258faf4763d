"""cxkit.journey.analytics agrees with pm4py 2.7 on every count, on generated and awkward logs.

Runs only in the benchmark environment (pm4py is AGPL-3.0 and never a dependency of cxkit)::

    sh bench/setup_pm4py.sh
    PYTHONPATH=$PWD .venv-bench-pm4py/bin/python -m pytest -q -p no:cacheprovider \
        bench/test_pm4py_agreement.py

pm4py is given ``pm4py.format_dataframe`` output (sorted by case, time and row position) of the
rows sorted by activity name first, so that its tied events come in cxkit's order (ties by activity
name: cxkit.journey.analytics' "Order of events"). Compared: the directly-follows counts and their
mean and median durations (``discover_dfg``, ``discover_performance_dfg``), the start and end
activities, and the variants (``get_variants``).
"""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

with contextlib.redirect_stdout(io.StringIO()):  # pm4py prints a licence banner on import
    pm4py = pytest.importorskip("pm4py")

from cxkit.journey import analytics as ja


def _pm4py(log: pd.DataFrame, activity: str = "event") -> dict:
    by_name = log.sort_values(activity, kind="stable").reset_index(drop=True)  # ties: by name, as cxkit
    df = pm4py.format_dataframe(by_name, case_id="case_id", activity_key=activity, timestamp_key="timestamp")
    dfg, start, end = pm4py.discover_dfg(df)
    perf, _, _ = pm4py.discover_performance_dfg(df)
    var = pm4py.get_variants(df)
    return {
        "dfg": {tuple(k): int(v) for k, v in dfg.items()},
        "mean": {tuple(k): float(v["mean"]) for k, v in perf.items()},
        "median": {tuple(k): float(v["median"]) for k, v in perf.items()},
        "start": {k: int(v) for k, v in start.items()},
        "end": {k: int(v) for k, v in end.items()},
        "variants": {tuple(k): int(v if isinstance(v, int) else len(v)) for k, v in var.items()},
    }


def _cxkit(log: pd.DataFrame, activity: str = "event") -> dict:
    dfg = ja.directly_follows(log, activity=activity)
    pairs = list(zip(dfg["source"], dfg["target"], strict=True))
    var = ja.variants(log, activity=activity)
    return {
        "dfg": dict(zip(pairs, dfg["count"].astype(int), strict=True)),
        "mean": dict(zip(pairs, dfg["mean_s"].astype(float), strict=True)),
        "median": dict(zip(pairs, dfg["median_s"].astype(float), strict=True)),
        "start": {k: int(v) for k, v in ja.start_activities(log, activity=activity).items()},
        "end": {k: int(v) for k, v in ja.end_activities(log, activity=activity).items()},
        "variants": dict(zip(var["variant"], var["count"].astype(int), strict=True)),
    }


def _assert_agree(log: pd.DataFrame, activity: str = "event") -> None:
    ours, theirs = _cxkit(log, activity), _pm4py(log, activity)
    for key in ("dfg", "start", "end", "variants"):
        assert ours[key] == theirs[key], key
    for key in ("mean", "median"):
        assert ours[key].keys() == theirs[key].keys()
        for pair, value in ours[key].items():
            assert value == pytest.approx(theirs[key][pair], rel=1e-9, abs=1e-6), (key, pair)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    from cxkit.data import generate

    out: Path = tmp_path_factory.mktemp("events")
    path = generate(seed=7, scale=0.5, out=out)["events"]
    return pd.read_csv(
        path, usecols=["case_id", "event", "stage", "channel", "timestamp"], parse_dates=["timestamp"]
    )


def test_generated_log(generated: pd.DataFrame) -> None:
    assert len(generated) > 10_000
    _assert_agree(generated)


@pytest.mark.parametrize("activity", ["stage", "channel"])
def test_generated_log_other_activity_columns(generated: pd.DataFrame, activity: str) -> None:
    _assert_agree(generated, activity)


def test_shuffled_rows_with_many_ties(generated: pd.DataFrame) -> None:
    # Times rounded to the hour: many events of a case share a timestamp, so the tie-break matters;
    # rows shuffled so the input order is not the journey's order.
    log = generated.assign(timestamp=generated["timestamp"].dt.floor("h"))
    log = log.sample(frac=1, random_state=11).reset_index(drop=True)
    _assert_agree(log)


def test_zone_aware_log() -> None:
    rng = np.random.default_rng(3)
    n = 4000
    start = pd.Timestamp("2024-03-30 20:00", tz="Europe/Paris")  # across the spring clock change
    log = pd.DataFrame(
        {
            "case_id": rng.integers(0, 500, n).astype(str),
            "event": rng.choice(["ad", "visit", "view", "basket", "buy"], n),
            "timestamp": start + pd.to_timedelta(rng.integers(0, 12 * 3600, n), "s"),
        }
    )
    _assert_agree(log)
