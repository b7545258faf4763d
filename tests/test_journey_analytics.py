"""Tests of cxkit.journey.analytics on small hand-worked logs, and of every bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cxkit.errors import CXConfigError, CXDataError, CXDataWarning
from cxkit.journey import (
    END,
    directly_follows,
    draw_flow,
    end_activities,
    flows,
    funnel,
    link_scores,
    stage_durations,
    stage_times,
    start_activities,
    variants,
)
from cxkit.stats import RATE_COLUMNS

# The hand-worked log. Events of each case in time order (minutes after the case's start):
#   A: visit 0, view 1, basket 3, view 6, basket 8, buy 10   (a loop basket -> view -> basket)
#   B: ad 0                                                  (a one-event case)
#   C: view 0, visit 0, basket 5                             (a tie: the view row comes first)
#   D: visit 0, view 2, basket 4, buy 10
#   E: visit 0, view 10, basket 11, buy 12
# The rows are shuffled (D reversed, cases interleaved) to check that row order does not matter.
ROWS = [
    ("D", "buy", "2024-01-03 08:10"),
    ("A", "visit", "2024-01-01 10:00"),
    ("C", "view", "2024-01-01 12:00"),
    ("D", "basket", "2024-01-03 08:04"),
    ("A", "view", "2024-01-01 10:01"),
    ("B", "ad", "2024-01-01 09:00"),
    ("A", "basket", "2024-01-01 10:03"),
    ("E", "visit", "2024-01-04 00:00"),
    ("C", "visit", "2024-01-01 12:00"),
    ("A", "view", "2024-01-01 10:06"),
    ("D", "view", "2024-01-03 08:02"),
    ("E", "view", "2024-01-04 00:10"),
    ("A", "basket", "2024-01-01 10:08"),
    ("C", "basket", "2024-01-01 12:05"),
    ("E", "basket", "2024-01-04 00:11"),
    ("D", "visit", "2024-01-03 08:00"),
    ("A", "buy", "2024-01-01 10:10"),
    ("E", "buy", "2024-01-04 00:12"),
]


@pytest.fixture
def log() -> pd.DataFrame:
    df = pd.DataFrame(ROWS, columns=["case_id", "event", "timestamp"])
    df["timestamp"] = pd.to_datetime(df["timestamp"])
    return df


# -- directly-follows ---------------------------------------------------------------------------


def test_directly_follows_hand_worked(log: pd.DataFrame) -> None:
    got = directly_follows(log)
    # durations in minutes, by hand from the table above
    expected = [
        ("view", "basket", 4, [2, 2, 2, 1]),  # A 1->3, A 6->8, D 2->4, E 10->11
        ("basket", "buy", 3, [2, 6, 1]),  # A, D, E
        ("visit", "view", 3, [1, 2, 10]),  # A, D, E
        ("basket", "view", 1, [3]),  # A's loop
        ("view", "visit", 1, [0]),  # C's tie, in input order
        ("visit", "basket", 1, [5]),  # C
    ]
    assert list(got.columns) == ["source", "target", "count", "mean_s", "median_s"]
    assert list(zip(got["source"], got["target"], got["count"], strict=True)) == [e[:3] for e in expected]
    for row, (_, _, _, minutes) in zip(got.itertuples(), expected, strict=True):
        assert row.mean_s == pytest.approx(60 * np.mean(minutes))
        assert row.median_s == pytest.approx(60 * np.median(minutes))
    # each case with n events gives n - 1 pairs: 5 + 0 + 2 + 3 + 3
    assert got["count"].sum() == 13


def test_row_order_never_matters_ties_go_by_activity_name(log: pd.DataFrame) -> None:
    """The one tie rule (issue 23): tied events by tie_break, then activity name, never row order."""
    expected = directly_follows(log)
    shuffled = log.sample(frac=1, random_state=3)
    tie = shuffled["case_id"].eq("C") & shuffled["timestamp"].eq(pd.Timestamp("2024-01-01 12:00"))
    # put C's visit row before its view row: the tie still goes view, visit (name order)
    reordered = pd.concat([shuffled[tie].sort_values("event", ascending=False), shuffled[~tie]])
    for other in (reordered, log.iloc[::-1]):
        pd.testing.assert_frame_equal(directly_follows(other), expected)
        pd.testing.assert_frame_equal(variants(other), variants(log))
    got = expected.set_index(["source", "target"])["count"]
    assert got[("view", "visit")] == 1  # C's tie, in name order
    assert got[("visit", "view")] == 3  # A, D, E
    # a tie_break column overrides the names: C's visit first, whatever the rows' order
    seq = log.assign(seq=np.where(log["event"].eq("visit"), 0, 1))
    by_seq = directly_follows(seq.iloc[::-1], tie_break="seq").set_index(["source", "target"])["count"]
    assert by_seq[("visit", "view")] == 4
    assert ("view", "visit") not in by_seq.index


def test_directly_follows_with_other_column_names(log: pd.DataFrame) -> None:
    renamed = log.rename(columns={"case_id": "journey", "event": "step", "timestamp": "at"})
    got = directly_follows(renamed, case="journey", activity="step", timestamp="at")
    pd.testing.assert_frame_equal(got, directly_follows(log))


def test_categorical_columns_and_unused_categories(log: pd.DataFrame) -> None:
    cat = log.assign(
        case_id=pd.Categorical(log["case_id"], categories=["Z", "A", "B", "C", "D", "E"]),
        event=pd.Categorical(log["event"], categories=["never", "ad", "basket", "buy", "view", "visit"]),
    )
    pd.testing.assert_frame_equal(directly_follows(cat), directly_follows(log))
    pd.testing.assert_series_equal(start_activities(cat), start_activities(log))
    pd.testing.assert_frame_equal(variants(cat), variants(log))


# -- start and end activities -------------------------------------------------------------------


def test_start_and_end_activities(log: pd.DataFrame) -> None:
    start = start_activities(log)
    assert start.name == "count"
    assert start.index.name == "event"
    assert start.to_dict() == {"visit": 3, "ad": 1, "view": 1}
    assert list(start.index) == ["visit", "ad", "view"]  # by count, then name
    end = end_activities(log)
    assert list(end.items()) == [("buy", 3), ("ad", 1), ("basket", 1)]
    assert start.sum() == end.sum() == 5


def test_one_event_case_is_its_own_start_and_end() -> None:
    one = pd.DataFrame({"case_id": ["x"], "event": ["ad"], "timestamp": pd.to_datetime(["2024-05-01"])})
    assert start_activities(one).to_dict() == {"ad": 1}
    assert end_activities(one).to_dict() == {"ad": 1}
    df = directly_follows(one)
    assert len(df) == 0
    assert list(df.columns) == ["source", "target", "count", "mean_s", "median_s"]
    assert variants(one)["variant"].tolist() == [("ad",)]


def test_ties_at_the_end_go_by_activity_name() -> None:
    df = pd.DataFrame(
        {
            "case_id": [1, 1, 1],
            "event": ["visit", "buy", "review"],
            "timestamp": pd.to_datetime(["2024-01-01 10:00", "2024-01-01 11:00", "2024-01-01 11:00"]),
        }
    )
    assert end_activities(df).to_dict() == {"review": 1}  # buy, review: name order
    assert end_activities(df.iloc[[0, 2, 1]]).to_dict() == {"review": 1}  # whatever the rows' order
    assert end_activities(df.iloc[[0, 2, 1]].assign(seq=[1, 2, 3]), tie_break="seq").to_dict() == {"buy": 1}


# -- variants -----------------------------------------------------------------------------------


def test_variants_hand_worked(log: pd.DataFrame) -> None:
    got = variants(log)
    assert list(got.columns) == ["variant", "count", "share"]
    assert got["variant"].tolist() == [
        ("visit", "view", "basket", "buy"),  # D and E
        ("ad",),
        ("view", "visit", "basket"),  # C, with its tie in input order
        ("visit", "view", "basket", "view", "basket", "buy"),  # A, its loop kept
    ]
    assert got["count"].tolist() == [2, 1, 1, 1]
    assert got["share"].tolist() == pytest.approx([0.4, 0.2, 0.2, 0.2])


def test_variants_tell_repeats_and_prefixes_apart() -> None:
    cases = {
        1: ["a", "b"],
        2: ["a", "b", "b"],
        3: ["a"],
        4: ["a", "b"],
        5: ["b", "a"],
        6: ["a", "b", "b"],
        7: ["a", "b"],
    }
    rows = [(c, e, i) for c, evs in cases.items() for i, e in enumerate(evs)]
    df = pd.DataFrame(rows, columns=["case_id", "event", "timestamp"])
    df["timestamp"] = pd.Timestamp("2024-01-01") + pd.to_timedelta(df["timestamp"], "min")
    got = variants(df)
    assert list(zip(got["variant"], got["count"], strict=True)) == [
        (("a", "b"), 3),
        (("a", "b", "b"), 2),
        (("a",), 1),
        (("b", "a"), 1),
    ]


def test_variants_agree_with_a_plain_python_count() -> None:
    rng = np.random.default_rng(5)
    n = 3000
    df = pd.DataFrame(
        {
            "case_id": rng.integers(0, 400, n),
            "event": rng.choice(["a", "b", "c"], n),
            "timestamp": pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 50, n), "min"),
        }
    )
    ordered = df.sort_values(["case_id", "timestamp", "event"])  # ties by activity name
    expected = ordered.groupby("case_id")["event"].agg(tuple).value_counts()
    got = variants(df).set_index("variant")["count"]
    assert got.to_dict() == expected.to_dict()
    dfg = ordered.assign(nxt=ordered.groupby("case_id")["event"].shift(-1)).dropna(subset=["nxt"])
    expected_df = dfg.groupby(["event", "nxt"]).size()
    got_df = directly_follows(df).set_index(["source", "target"])["count"]
    assert got_df.to_dict() == expected_df.to_dict()


# -- time zones ---------------------------------------------------------------------------------


def test_zone_aware_log_across_the_clock_change() -> None:
    # Paris clocks went from 02:00 to 03:00 on 2024-03-31: 01:30 -> 03:30 is one hour of real time.
    stamps = pd.to_datetime(["2024-03-31 01:30", "2024-03-31 03:30"]).tz_localize("Europe/Paris")
    df = pd.DataFrame({"case_id": [1, 1], "event": ["visit", "buy"], "timestamp": stamps})
    got = directly_follows(df)
    assert got["mean_s"].tolist() == [3600.0]
    assert got["median_s"].tolist() == [3600.0]
    # the same instants written as text with their offsets
    text = df.assign(timestamp=["2024-03-31 01:30:00+01:00", "2024-03-31T03:30:00+02:00"])
    assert directly_follows(text)["mean_s"].tolist() == [3600.0]


def test_zone_aware_log_autumn_change_keeps_order() -> None:
    # 2024-10-27 in Paris: 02:30 happens twice; +02:00 comes first, +01:00 an hour later.
    df = pd.DataFrame(
        {
            "case_id": [1, 1],
            "event": ["second", "first"],
            "timestamp": ["2024-10-27 02:30:00+01:00", "2024-10-27 02:30:00+02:00"],
        }
    )
    got = directly_follows(df)
    assert got[["source", "target"]].to_numpy().tolist() == [["first", "second"]]
    assert got["mean_s"].tolist() == [3600.0]


# -- funnel -------------------------------------------------------------------------------------


def test_funnel_hand_worked(log: pd.DataFrame) -> None:
    got = funnel(log, stages=["visit", "basket", "buy"])
    # the one rate table: the conversion from the previous stage, then the funnel's columns
    assert list(got.columns[:9]) == list(RATE_COLUMNS)
    assert got.index.name == "stage"
    assert got.index.tolist() == ["visit", "basket", "buy"]
    assert got["step"].tolist() == [1, 2, 3]
    assert got["cases"].tolist() == [4, 4, 3]  # B never visits; C never buys
    assert got["count"].tolist() == [4, 4, 3]
    assert got["n"].tolist() == [4, 4, 4]  # the previous stage's cases (the first's at step 1)
    assert got["value"].tolist() == pytest.approx([100, 100, 75])
    assert got["from_start_value"].tolist() == pytest.approx([100, 100, 75])
    assert got["from_start_n"].tolist() == [4, 4, 4]
    assert got["drop_off"].tolist() == [0, 0, 1]
    assert got["drop_off_pct"].tolist() == pytest.approx([0, 0, 25])
    assert got["ordered"].tolist() == [True] * 3
    assert got["method"].tolist() == ["wilson"] * 3
    assert got["confidence"].tolist() == [0.95] * 3
    assert got["too_small"].tolist() == [True] * 3  # 4 cases < min_n = 30
    assert not funnel(log, stages=["visit", "basket", "buy"], min_n=4)["too_small"].any()
    # Wilson 95% for 3 of 4, by hand: z = 1.95996, centre (0.75 + z^2/8) / (1 + z^2/4) = 0.6275,
    # half-width z sqrt(0.75 * 0.25 / 4 + z^2 / 64) / (1 + z^2/4) = 0.3269
    last = got.iloc[2]
    assert last["low"] == pytest.approx(30.06, abs=0.01)
    assert last["high"] == pytest.approx(95.44, abs=0.01)
    assert last["moe"] == pytest.approx(32.69, abs=0.01)
    assert last["from_start_low"] == pytest.approx(30.06, abs=0.01)
    wald = funnel(log, stages=["visit", "basket", "buy"], method="wald", confidence=0.9).iloc[2]
    assert wald["method"] == "wald"
    # Wald 90%: 75 -+ 1.64485 * 100 * sqrt(0.75 * 0.25 / 4) = 75 -+ 35.61
    assert wald["low"] == pytest.approx(39.39, abs=0.01)


def test_funnel_ordered_or_any_order(log: pd.DataFrame) -> None:
    # C views then visits; A, D, E visit then view.
    ordered = funnel(log, stages=["view", "visit"])
    assert ordered["cases"].tolist() == [4, 1]  # only C visits after a view
    anyorder = funnel(log, stages=["view", "visit"], ordered=False)
    assert anyorder["cases"].tolist() == [4, 4]
    assert anyorder["ordered"].tolist() == [False, False]
    assert anyorder["low"].isna().all()  # not a proportion: no interval
    assert anyorder["from_start_high"].isna().all()
    # any order counts a later stage even without the earlier one
    skip = funnel(log, stages=["ad", "buy"], ordered=False)
    assert skip["cases"].tolist() == [1, 3]
    assert skip["value"].tolist() == pytest.approx([100, 300])
    assert funnel(log, stages=["ad", "buy"])["cases"].tolist() == [1, 0]


def test_funnel_greedy_match_after_the_previous_stage() -> None:
    # basket, visit, basket: an ordered visit -> basket funnel matches the second basket
    df = pd.DataFrame(
        {
            "case_id": [1, 1, 1],
            "event": ["basket", "visit", "basket"],
            "timestamp": pd.to_datetime(["2024-01-01 10:00", "2024-01-01 10:01", "2024-01-01 10:02"]),
        }
    )
    assert funnel(df, stages=["visit", "basket"])["cases"].tolist() == [1, 1]
    assert funnel(df.iloc[:2], stages=["visit", "basket"])["cases"].tolist() == [1, 0]


def test_funnel_by_group_uses_the_first_event(log: pd.DataFrame) -> None:
    seg = {"A": "B2C", "B": "B2B", "C": "B2B", "D": "B2C", "E": "B2C"}
    df = log.assign(segment=log["case_id"].map(seg))
    got = funnel(df, stages=["visit", "basket", "buy"], by="segment")
    b2b = got.loc["B2B"]
    b2c = got.loc["B2C"]
    assert b2b["cases"].tolist() == [1, 1, 0]  # C (B never visits)
    assert b2c["cases"].tolist() == [3, 3, 3]
    assert got.index.names == ["segment", "stage"]
    assert list(got.columns[:9]) == list(RATE_COLUMNS)
    # a channel that changes within the case: the first event's value counts
    df["channel"] = np.where(df["event"] == "buy", "store", "web")
    by_channel = funnel(df, stages=["visit", "buy"], by="channel")
    assert by_channel.index.get_level_values("channel").unique().tolist() == ["web"]


def test_funnel_blank_group_warns(log: pd.DataFrame) -> None:
    df = log.assign(segment=log["case_id"].map({"A": "B2C", "D": "B2C", "E": "B2C"}))
    with pytest.warns(CXDataWarning, match="2 case"):
        got = funnel(df, stages=["visit", "buy"], by="segment")
    assert got["cases"].tolist() == [3, 3]


def test_funnel_bad_options(log: pd.DataFrame) -> None:
    with pytest.raises(CXConfigError, match="list"):
        funnel(log, stages="visit")
    with pytest.raises(CXConfigError, match="'cart' is not a value of the column 'event'"):
        funnel(log, stages=["visit", "cart"])
    with pytest.raises(CXConfigError, match="twice"):
        funnel(log, stages=["visit", "visit"])
    with pytest.raises(CXConfigError, match="confidence"):
        funnel(log, stages=["visit"], confidence=95)
    with pytest.raises(CXConfigError, match="wilson"):
        funnel(log, stages=["visit"], method="exact")
    with pytest.raises(CXConfigError, match="min_n"):
        funnel(log, stages=["visit"], min_n=-1)
    with pytest.raises(CXConfigError, match="ordered"):
        funnel(log, stages=["visit"], ordered="yes")
    with pytest.raises(CXDataError, match="'segment'"):
        funnel(log, stages=["visit"], by="segment")


# -- bad input ----------------------------------------------------------------------------------

ALL = [directly_follows, start_activities, end_activities, variants]


@pytest.mark.parametrize("fn", ALL)
def test_missing_column(fn, log: pd.DataFrame) -> None:
    with pytest.raises(CXDataError, match=r"column 'timestamp'.*missing column"):
        fn(log.drop(columns="timestamp"))
    with pytest.raises(CXDataError, match="column 'journey'"):
        fn(log, case="journey")


@pytest.mark.parametrize("fn", ALL)
def test_empty_log(fn, log: pd.DataFrame) -> None:
    with pytest.raises(CXDataError, match="empty"):
        fn(log.iloc[:0])


@pytest.mark.parametrize("fn", ALL)
def test_not_a_dataframe(fn, log: pd.DataFrame) -> None:
    with pytest.raises(CXDataError, match="DataFrame"):
        fn(log.to_dict())


def test_blank_case_names_the_row(log: pd.DataFrame) -> None:
    bad = log.copy()
    bad.loc[4, "case_id"] = None
    with pytest.raises(CXDataError, match=r"column 'case_id', row 4: an event with no case"):
        directly_follows(bad)
    bad.loc[4, "case_id"] = "  "
    with pytest.raises(CXDataError, match=r"row 4"):
        variants(bad)


def test_blank_activity_names_the_row(log: pd.DataFrame) -> None:
    bad = log.copy()
    bad.loc[7, "event"] = np.nan
    with pytest.raises(CXDataError, match=r"column 'event', row 7: an event with no activity"):
        start_activities(bad)
    cat = log.assign(event=log["event"].astype("category"))
    cat.loc[7, "event"] = np.nan
    with pytest.raises(CXDataError, match=r"row 7"):
        end_activities(cat)


def test_row_label_when_the_index_is_not_positions(log: pd.DataFrame) -> None:
    bad = log.set_axis([f"r{i}" for i in range(len(log))])
    bad.loc["r5", "event"] = None
    with pytest.raises(CXDataError, match=r"row 5 \(index 'r5'\)"):
        variants(bad)


def test_missing_timestamp(log: pd.DataFrame) -> None:
    bad = log.copy()
    bad.loc[3, "timestamp"] = pd.NaT
    with pytest.raises(CXDataError, match=r"column 'timestamp', row 3: an event with no timestamp"):
        directly_follows(bad)
    text = log.assign(timestamp=log["timestamp"].astype(str))
    text.loc[3, "timestamp"] = ""
    with pytest.raises(CXDataError, match=r"row 3"):
        directly_follows(text)


def test_unparseable_timestamp(log: pd.DataFrame) -> None:
    text = log.assign(timestamp=log["timestamp"].astype(str))
    text.loc[6, "timestamp"] = "yesterday"
    with pytest.raises(CXDataError, match=r"column 'timestamp', row 6: cannot be read.*'yesterday'"):
        variants(text)


def test_numbers_are_not_timestamps(log: pd.DataFrame) -> None:
    with pytest.raises(CXDataError, match="not a timestamp"):
        directly_follows(log.assign(timestamp=range(len(log))))


def test_mixed_time_zones(log: pd.DataFrame) -> None:
    text = log.assign(timestamp=log["timestamp"].astype(str))
    text.loc[2, "timestamp"] = "2024-01-01 12:00:00+01:00"
    with pytest.raises(CXDataError, match=r"column 'timestamp', row 2: a timestamp with a time zone"):
        directly_follows(text)
    objects = pd.Series(list(log["timestamp"]), dtype=object)
    objects[5] = pd.Timestamp("2024-01-01 09:00", tz="Europe/Paris")
    with pytest.raises(CXDataError, match=r"row 5"):
        start_activities(log.assign(timestamp=objects))


def test_text_timestamps_agree_with_typed(log: pd.DataFrame) -> None:
    text = log.assign(timestamp=log["timestamp"].dt.strftime("%Y-%m-%d %H:%M:%S"))
    pd.testing.assert_frame_equal(directly_follows(text), directly_follows(log))


# -- stage times and durations ------------------------------------------------------------------


def test_stage_times(log: pd.DataFrame) -> None:
    got = stage_times(log, stages=["visit", "basket", "buy"])
    assert list(got.columns) == ["visit", "basket", "buy"]
    assert got.index.name == "case_id"
    a = got.loc["A"]
    assert a.tolist() == [pd.Timestamp(f"2024-01-01 10:{m}") for m in ("00", "03", "10")]
    assert got.loc["B"].isna().all()
    assert pd.isna(got.loc["C", "buy"])


def test_stage_durations_hand_worked(log: pd.DataFrame) -> None:
    got = stage_durations(log, stages=["visit", "basket", "buy"])
    assert list(got.columns) == [
        "from_stage", "to_stage", "cases", "mean_s", "median_s", "q25_s", "q75_s", "q90_s",
    ]  # fmt: skip
    # visit -> basket: A 180 s, C 300, D 240, E 660; sorted 180, 240, 300, 660
    first = got.iloc[0]
    assert (first["from_stage"], first["to_stage"], first["cases"]) == ("visit", "basket", 4)
    assert first["mean_s"] == pytest.approx(345)
    assert first["median_s"] == pytest.approx(270)
    assert first["q25_s"] == pytest.approx(180 + 0.75 * 60)  # position 0.75 (Hyndman-Fan 7)
    assert first["q75_s"] == pytest.approx(300 + 0.25 * 360)
    assert first["q90_s"] == pytest.approx(300 + 0.7 * 360)
    # basket -> buy: A 420 (from the first basket), D 360, E 60
    second = got.iloc[1]
    assert second["cases"] == 3
    assert second["mean_s"] == pytest.approx(280)
    assert second["median_s"] == pytest.approx(360)


def test_stage_durations_by_group_and_an_empty_step(log: pd.DataFrame) -> None:
    df = log.assign(segment=log["case_id"].map({"A": "x", "B": "y", "C": "y", "D": "x", "E": "x"}))
    got = stage_durations(df, stages=["visit", "basket", "buy"], by="segment", quantiles=[0.5])
    y = got[got["segment"] == "y"]
    assert y["cases"].tolist() == [1, 0]  # C reaches basket in 300 s; nobody in y buys
    assert y["median_s"].iloc[0] == 300
    assert np.isnan(y["median_s"].iloc[1])
    assert "q50_s" in got.columns


def test_stage_durations_across_the_clock_change() -> None:
    stamps = pd.to_datetime(["2024-03-31 01:30", "2024-03-31 03:30"]).tz_localize("Europe/Paris")
    df = pd.DataFrame({"case_id": [1, 1], "stage": ["see", "buy"], "timestamp": stamps})
    got = stage_durations(df, stages=["see", "buy"], activity="stage")
    assert got["median_s"].tolist() == [3600.0]
    times = stage_times(df, stages=["see", "buy"], activity="stage")
    assert (times["buy"] - times["see"]).dt.total_seconds().tolist() == [3600.0]


def test_stage_durations_bad_options(log: pd.DataFrame) -> None:
    with pytest.raises(CXConfigError, match="strictly between 0 and 1"):
        stage_durations(log, stages=["visit", "buy"], quantiles=[0.5, 1.5])
    with pytest.raises(CXConfigError, match="at least two stages"):
        stage_durations(log, stages=["visit"])
    with pytest.raises(CXConfigError, match="not a value"):
        stage_times(log, stages=["visit", "cart"])


# -- flows --------------------------------------------------------------------------------------


def test_flows_hand_worked(log: pd.DataFrame) -> None:
    got = flows(log, steps=3)
    assert list(got.columns) == ["step", "source", "target", "cases"]
    assert list(got.itertuples(index=False, name=None)) == [
        (1, "visit", "view", 3),  # A, D, E
        (1, "ad", END, 1),  # B ends after one step
        (1, "view", "visit", 1),  # C
        (2, "view", "basket", 3),
        (2, "visit", "basket", 1),
    ]
    # every journey leaves step 1 once
    assert got.loc[got["step"] == 1, "cases"].sum() == 5


def test_flows_collapse_repeats() -> None:
    df = pd.DataFrame(
        {
            "case_id": [1, 1, 1, 2],
            "channel": ["web", "web", "app", "web"],
            "timestamp": pd.to_datetime(["2024-01-01"] * 4) + pd.to_timedelta(range(4), "min"),
        }
    )
    merged = flows(df, activity="channel", steps=3)
    assert list(merged.itertuples(index=False, name=None)) == [
        (1, "web", END, 1),  # ties by name: "(end)" sorts before letters
        (1, "web", "app", 1),
        (2, "app", END, 1),
    ]
    kept = flows(df, activity="channel", steps=3, collapse=False)
    assert list(kept.itertuples(index=False, name=None)) == [
        (1, "web", END, 1),
        (1, "web", "web", 1),
        (2, "web", "app", 1),
    ]


def test_flows_conserve_journeys_on_the_course_data() -> None:
    from cxkit.data import load

    events = load("events")
    got = flows(events, activity="stage", steps=5)
    n_cases = events["case_id"].nunique()
    assert got.loc[got["step"] == 1, "cases"].sum() == n_cases
    for j in range(1, 4):
        inflow = got[(got["step"] == j) & (got["target"] != END)].groupby("target")["cases"].sum()
        outflow = got[got["step"] == j + 1].groupby("source")["cases"].sum()
        pd.testing.assert_series_equal(inflow, outflow, check_names=False)


def test_flows_bad_options(log: pd.DataFrame) -> None:
    with pytest.raises(CXConfigError, match="steps"):
        flows(log, steps=1)
    with pytest.raises(CXConfigError, match="collapse"):
        flows(log, collapse="yes")


def test_draw_flow_texts_bands_and_no_overlap() -> None:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.patches import PathPatch, Rectangle

    from cxkit import style
    from cxkit.data import load

    style.use()
    events = load("events")
    flow = flows(events, activity="channel", steps=4)
    fig = draw_flow(flow, title="Channels, step by step")
    ax = fig.axes[0]
    assert ax.get_title() == "Channels, step by step"
    bands = [p for p in ax.patches if isinstance(p, PathPatch)]
    assert len(bands) == len(flow)
    nodes = [p for p in ax.patches if isinstance(p, Rectangle)]
    step1 = flow[flow["step"] == 1].groupby("source")["cases"].sum()
    labels = {t.get_text() for t in ax.texts}
    assert {"Step 1", "Step 4"} <= labels
    assert f"web\n{step1['web']:,}" in labels
    assert all(t.get_fontsize() >= style.MIN_FONT_PT for t in ax.texts)
    # node heights are proportional to cases: the web node of step 1
    web = [r for r in nodes if r.get_x() < 0.5 and r.get_height() == step1["web"]]
    assert len(web) == 1
    # no two labels overlap once drawn
    fig.canvas.draw()
    boxes = [t.get_window_extent() for t in ax.texts]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not a.overlaps(b) or a.x1 <= b.x0 or b.x1 <= a.x0
    import matplotlib.pyplot as plt

    plt.close(fig)


def test_draw_flow_hides_labels_of_tiny_nodes(log: pd.DataFrame) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig = draw_flow(flows(log, steps=3), min_label=0.5)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert texts.count("visit\n3") == 1  # 3 of 5 journeys: labelled
    assert not any(t.startswith("ad\n") for t in texts)  # 1 of 5: drawn but not labelled
    plt.close(fig)


def test_draw_flow_bad_input() -> None:
    with pytest.raises(CXDataError, match="flow table"):
        draw_flow(pd.DataFrame({"a": [1]}))


# -- link_scores --------------------------------------------------------------------------------


@pytest.fixture
def linked() -> tuple[pd.DataFrame, pd.DataFrame]:
    events = pd.DataFrame(
        {
            "customer_id": ["c1", "c1", "c2", None],
            "touchpoint": ["web", "delivery", "web", "store"],
            "timestamp": pd.to_datetime(["2024-01-01", "2024-01-05", "2024-01-02", "2024-01-01"]),
        }
    )
    surveys = pd.DataFrame(
        {
            "customer_id": ["c1", "c2", "c2", "c3", "c1", "c1"],
            "nps": pd.array([2, 10, 9, 5, 7, None], dtype="Int64"),
            "response_date": pd.to_datetime(
                ["2024-01-06", "2024-01-03", "2024-01-04", "2024-01-05", "2023-12-31", None]
            ),
        }
    )
    return events, surveys


def test_link_scores_hand_worked(linked) -> None:
    events, surveys = linked
    got = link_scores(events, surveys, about=None, min_n=1)
    assert got["touchpoint"].tolist() == ["delivery", "web"]  # worst first
    assert got["value"].tolist() == [-100.0, 100.0]  # NPS of [2] and of [10, 9]
    assert got["n"].tolist() == [1, 2]
    assert got["median_gap_h"].tolist() == [24.0, 36.0]  # 24 h; 24 and 48 h
    # 5 answered (the blank one is not), 3 linked: c3 has no events, c1's 2023 answer none before
    assert got["linked_share"].tolist() == [60.0, 60.0]


def test_link_scores_window(linked) -> None:
    events, surveys = linked
    late = surveys.copy()
    late.loc[0, "response_date"] = pd.Timestamp("2024-03-01")
    got = link_scores(events, late, about=None, min_n=1)
    assert got["touchpoint"].tolist() == ["web"]  # c1's answer is 56 days after delivery
    got = link_scores(events, late, about=None, min_n=1, within=None)
    assert got["touchpoint"].tolist() == ["delivery", "web"]


def test_link_scores_csat_uses_breakdown(linked) -> None:
    events, surveys = linked
    surveys = surveys.assign(csat=pd.array([1, 5, 4, 3, 2, None], dtype="Int64"))
    got = link_scores(events, surveys, metric="csat", about=None, min_n=1)
    assert got.set_index("touchpoint")["value"].to_dict() == {"delivery": 0.0, "web": 100.0}


def test_link_scores_bad_input(linked) -> None:
    events, surveys = linked
    surveys = surveys.assign(touchpoint=None)  # no answer names its touchpoint: all need an event
    with pytest.raises(CXDataError, match="column 'response_date'"):
        link_scores(events, surveys.drop(columns="response_date"))
    with pytest.raises(CXDataError, match="column 'touchpoint'"):
        link_scores(events.drop(columns="touchpoint"), surveys)
    with pytest.raises(CXConfigError, match="metric"):
        link_scores(events, surveys, metric="ces2")
    with pytest.raises(CXConfigError, match="within"):
        link_scores(events, surveys, within="soon")
    with pytest.raises(CXConfigError, match="within"):
        link_scores(events, surveys, within="-1D")
    zoned = events.assign(timestamp=events["timestamp"].dt.tz_localize("Europe/Paris"))
    with pytest.raises(CXDataError, match="time zones"):
        link_scores(zoned, surveys)
    with pytest.raises(CXDataError, match="no answer could be attributed"):
        link_scores(events.assign(customer_id="zz"), surveys)
    bad = events.assign(timestamp=events["timestamp"].astype(str))
    bad.loc[1, "timestamp"] = "soon"
    with pytest.raises(CXDataError, match="row 1"):
        link_scores(bad, surveys)


def test_link_scores_zone_aware_both() -> None:
    events = pd.DataFrame(
        {
            "customer_id": ["c1", "c1"],
            "touchpoint": ["web", "app"],
            # 01:30 +01:00 is 00:30 UTC; 03:10 +02:00 is 01:10 UTC
            "timestamp": pd.to_datetime(["2024-03-31 01:30", "2024-03-31 03:10"]).tz_localize("Europe/Paris"),
        }
    )
    surveys = pd.DataFrame(
        {
            "customer_id": ["c1"],
            "nps": pd.array([0], dtype="Int64"),
            "response_date": pd.to_datetime(["2024-03-31 01:00"]).tz_localize("UTC"),  # 03:00 in Paris
        }
    )
    got = link_scores(events, surveys, about=None, min_n=1)
    assert got["touchpoint"].tolist() == ["web"]  # the app event came 10 minutes later
    assert got["median_gap_h"].tolist() == [0.5]


def test_link_scores_uses_the_answers_own_touchpoint_first(linked) -> None:
    """An answer that names its touchpoint is attributed to it, even with no event.

    The others fall back on the last tracked event (hand-worked on the fixture).
    """
    events, surveys = linked
    surveys = surveys.assign(touchpoint=["invoice", None, "app", "returns", None, "invoice"])
    got = link_scores(events, surveys, min_n=1).set_index("touchpoint")
    # c1's 2 -> invoice (own); c2's 10 -> web (last event, 24 h before); c2's 9 -> app (own);
    # c3's 5 -> returns (own, c3 has no events); c1's 2023 answer: no own touchpoint, no event before
    assert got["n"].to_dict() == {"invoice": 1, "returns": 1, "web": 1, "app": 1}
    assert got.loc["invoice", "value"] == -100.0
    assert got.loc["returns", "value"] == -100.0
    assert got["n_about"].to_dict() == {"invoice": 1, "returns": 1, "web": 0, "app": 1}
    assert got["n_last_event"].to_dict() == {"invoice": 0, "returns": 0, "web": 1, "app": 0}
    assert got.loc["web", "median_gap_h"] == 24.0
    assert np.isnan(got.loc["invoice", "median_gap_h"])
    assert got["linked_share"].iloc[0] == 80.0  # 4 of the 5 answers with a score and a time


def test_link_scores_about_none_ignores_the_answers_touchpoint(linked) -> None:
    events, surveys = linked
    surveys = surveys.assign(touchpoint=["invoice", None, "app", "returns", None, "invoice"])
    got = link_scores(events, surveys, about=None, min_n=1)
    assert got["touchpoint"].tolist() == ["delivery", "web"]  # as if no touchpoint column
    assert got["n_about"].tolist() == [0, 0]


def test_link_scores_needs_the_about_column_or_about_none(linked) -> None:
    events, surveys = linked  # the fixture's surveys have no touchpoint column
    with pytest.raises(CXDataError, match=r"column 'touchpoint'.*about=None"):
        link_scores(events, surveys)
    with pytest.raises(CXDataError, match="column 'topic'"):
        link_scores(events, surveys.assign(touchpoint="web"), about="topic")


def test_link_scores_default_window_is_14_days(linked) -> None:
    events, surveys = linked
    late = surveys.copy()
    late.loc[0, "response_date"] = pd.Timestamp("2024-01-20")  # 15 days after c1's delivery
    got = link_scores(events, late, about=None, min_n=1)
    assert got["touchpoint"].tolist() == ["web"]
    got = link_scores(events, late, about=None, min_n=1, within="15D")
    assert got["touchpoint"].tolist() == ["delivery", "web"]


def test_funnel_gives_no_rate_after_an_empty_stage(log: pd.DataFrame) -> None:
    # nobody has an "ad" after a "buy": the step after it has no journeys to convert from
    got = funnel(log, stages=["buy", "ad", "visit"], ordered=False)
    assert got["cases"].tolist() == [3, 1, 4]
    in_order = funnel(log, stages=["buy", "ad", "visit"])
    assert in_order["cases"].tolist() == [3, 0, 0]
    assert np.isnan(in_order["value"].iloc[2])  # 0 of 0: no rate, never inf
    assert np.isnan(in_order["low"].iloc[2])
    assert in_order["too_small"].iloc[2]
