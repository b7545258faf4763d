"""The p-chart limits of cxkit.stats.p_chart, worked by hand (Montgomery 2019, section 7.2.1)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from cxkit.errors import CXConfigError, CXDataError
from cxkit.stats import p_chart


def test_hand_worked_limits_and_the_month_above():
    # Four months of 20 answers with 1, 1, 1 and 9 detractors: p-bar = 12 / 80 = 0.15,
    # sigma = sqrt(0.15 * 0.85 / 20) = 0.0798436, UCL = 0.15 + 3 * 0.0798436 = 0.389531,
    # LCL = 0.15 - 0.239531 < 0, so 0. The fourth month (9 / 20 = 0.45) is above the UCL.
    t = p_chart([1, 1, 1, 9], [20, 20, 20, 20])
    assert list(t.columns[:5]) == ["count", "n", "value", "center", "lcl"]
    assert t["value"].tolist() == pytest.approx([5.0, 5.0, 5.0, 45.0])
    assert t["center"].tolist() == pytest.approx([15.0] * 4)
    assert t["ucl"].iloc[0] == pytest.approx(100 * (0.15 + 3 * math.sqrt(0.15 * 0.85 / 20)))
    assert t["ucl"].iloc[0] == pytest.approx(38.9531, abs=1e-4)
    assert t["lcl"].tolist() == [0.0] * 4
    assert t["signal"].tolist() == ["", "", "", "above"]


def test_limits_follow_each_sample_size_and_a_given_center():
    # n = 20 and n = 80 with a known center of 50%: sigma = sqrt(.25 / n).
    t = p_chart([10, 60], [20, 80], center=50.0)
    half = [300 * math.sqrt(0.25 / 20), 300 * math.sqrt(0.25 / 80)]
    assert t["ucl"].tolist() == pytest.approx([50 + half[0], 50 + half[1]])
    assert t["lcl"].tolist() == pytest.approx([50 - half[0], 50 - half[1]])
    # 60 / 80 = 75% > 50 + 16.77 = 66.77: above.
    assert t["signal"].tolist() == ["", "above"]
    low = p_chart([0], [200], center=20.0)
    assert low["signal"].tolist() == ["below"]


def test_small_samples_are_not_judged_and_the_index_is_kept():
    idx = pd.Index(["Jan", "Feb"], name="month")
    t = p_chart(pd.Series([5, 1], index=idx), pd.Series([5, 20], index=idx), min_n=10)
    assert t.index.equals(idx)
    assert t["too_small"].tolist() == [True, False]
    assert t["signal"].tolist() == ["", ""]  # 5 of 5 is never called a signal on 5 answers


@pytest.mark.parametrize(
    ("counts", "sizes", "match"),
    [
        ([1, 2], [10], "same length"),
        ([11], [10], "more than its sample"),
        ([-1], [10], "negative"),
        ([1.5], [10], "whole"),
        ([1], [0], "at least 1"),
    ],
)
def test_bad_counts(counts, sizes, match):
    with pytest.raises(CXDataError, match=match):
        p_chart(counts, sizes)


def test_bad_options():
    with pytest.raises(CXConfigError, match="sigma"):
        p_chart([1], [10], sigma=0)
    with pytest.raises(CXConfigError, match="center"):
        p_chart([1], [10], center=120)
