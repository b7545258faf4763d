"""Stage paths (cxkit.journey.paths, module 02): paths with repeats merged, loops, skipped baskets.

Every expected number is worked out by hand in the comments.
"""

from __future__ import annotations

import matplotlib as mpl
import pandas as pd
import pytest

mpl.use("Agg")

from cxkit.errors import CXDataError
from cxkit.journey import PATTERNS, draw_path_patterns, path_label, path_patterns, stage_paths


def _log() -> pd.DataFrame:
    # journey 1: consider, consider, decide, buy, after  -> path consider > decide > buy > after
    # journey 2: consider, decide, consider, decide      -> loops back (decide -> consider)
    # journey 3: consider, buy                           -> buys without the basket
    # journey 4: the same path as journey 1, events given out of time order
    rows = [
        (1, "consideration", 0), (1, "consideration", 1), (1, "decision", 2), (1, "purchase", 3),
        (1, "post_purchase", 4),
        (2, "consideration", 0), (2, "decision", 1), (2, "consideration", 2), (2, "decision", 3),
        (3, "consideration", 0), (3, "purchase", 1),
        (4, "post_purchase", 4), (4, "purchase", 3), (4, "decision", 2), (4, "consideration", 0),
    ]  # fmt: skip
    log = pd.DataFrame(rows, columns=["case_id", "stage", "hour"])
    log["timestamp"] = pd.Timestamp("2024-01-01") + pd.to_timedelta(log.pop("hour"), "h")
    log["segment"] = log["case_id"].map({1: "B2B", 2: "B2C", 3: "B2B", 4: "B2C"})
    return log


def test_paths_merge_repeats_and_count_journeys() -> None:
    t = stage_paths(_log())
    assert t["path"].tolist() == [
        "consider > decide > buy > after",  # journeys 1 and 4
        "consider > buy",
        "consider > decide > consider > decide",
    ]
    assert t["journeys"].tolist() == [2, 1, 1]
    assert t["share"].tolist() == [50.0, 25.0, 25.0]
    assert t["loops_back"].tolist() == [False, False, True]
    assert t["buys"].tolist() == [True, True, False]
    assert t["skips_basket"].tolist() == [False, True, False]
    assert t.loc[0, "stages"] == ("consideration", "decision", "purchase", "post_purchase")


def test_an_unknown_stage_is_named_with_its_row() -> None:
    log = _log()
    log.loc[5, "stage"] = "checkout"
    with pytest.raises(CXDataError, match="checkout"):
        stage_paths(log)


def test_a_missing_column_is_named() -> None:
    with pytest.raises(CXDataError, match="stage"):
        stage_paths(_log().drop(columns="stage"))


def test_patterns_by_segment_by_hand() -> None:
    t = path_patterns(_log(), min_n=1)
    # B2B: journeys 1 and 3, both buy, none loops, one of the two buyers skips the basket
    # B2C: journeys 2 and 4, one buys, one loops, the buyer does not skip the basket
    assert t.loc[("B2B", "buys"), "value"] == 100.0
    assert t.loc[("B2B", "skips the basket (of buyers)"), ["count", "n"]].tolist() == [1, 2]
    assert t.loc[("B2C", "loops back"), "value"] == 50.0
    assert t.loc[("B2C", "skips the basket (of buyers)"), "n"] == 1
    assert t["base"].tolist() == list(PATTERNS.values()) * 2
    assert (t["low"] <= t["value"]).all()
    assert (t["value"] <= t["high"]).all()
    assert t["too_small"].tolist() == [False] * 6
    assert path_patterns(_log())["too_small"].all()  # min_n=30 by default: 2 journeys are too few


def test_path_label_keeps_unknown_names() -> None:
    assert path_label(("awareness", "purchase")) == "aware > buy"
    assert path_label(("a", "b"), names={"a": "A"}) == "A > b"


def test_the_figure_draws_one_bar_per_pattern_and_group() -> None:
    t = path_patterns(_log(), min_n=1)
    fig = draw_path_patterns(t)
    heights = [round(b.get_height()) for b in fig.axes[0].patches]
    assert heights == [50, 50, 0, 100, 0, 50]  # B2C first (the default order), then B2B
    with pytest.raises(CXDataError, match="prospect"):
        draw_path_patterns(t, groups=("B2C", "prospect"))
