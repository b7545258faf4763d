"""control_limits: p-chart limits of a monthly NPS or CSAT, with the two Western Electric rules."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from cxkit.errors import CXConfigError, CXDataError
from cxkit.metrics import control_limits, trend


def _nps_table(promoters, detractors, n):
    value = [100 * (p - d) / k for p, d, k in zip(promoters, detractors, n, strict=True)]
    return pd.DataFrame({"value": value, "n": n, "promoters": promoters, "detractors": detractors})


def test_nps_limits_by_hand():
    # Pooled: 60 promoters, 30 detractors of 150: CL = 20, sigma^2 = 0.6 - 0.2^2 = 0.56 per answer.
    t = _nps_table([25, 20, 15], [10, 10, 10], [50, 50, 50])
    c = control_limits(t)
    half = 100 * 3 * math.sqrt(0.56 / 50)
    assert c["centre"].tolist() == pytest.approx([20.0] * 3)
    assert c["lcl"].tolist() == pytest.approx([20 - half] * 3)
    assert c["ucl"].tolist() == pytest.approx([20 + half] * 3)
    assert not c["signal"].any()


def test_csat_limits_are_the_p_chart():
    t = pd.DataFrame({"value": [80.0, 60.0], "n": [100, 25], "satisfied": [80, 15]})
    c = control_limits(t, sigma=2)
    p = 95 / 125
    assert c["centre"].iloc[0] == pytest.approx(100 * p)
    assert c["ucl"].iloc[1] == pytest.approx(100 * (p + 2 * math.sqrt(p * (1 - p) / 25)))


def test_outside_and_run_rules():
    # Month 4 far below; then 8 months in a row above the centre line.
    promoters = [50, 50, 50, 0, 60, 60, 60, 60, 60, 60, 60, 60]
    t = _nps_table(promoters, [20] * 12, [100] * 12)
    c = control_limits(t)
    assert c["outside"].tolist() == [False, False, False, True] + [False] * 8
    assert c["run"].tolist() == [False] * 4 + [True] * 8
    assert not control_limits(t, run=9)["run"].any()


@pytest.mark.course
def test_on_the_course_data_no_month_signals():
    from cxkit.data import load

    surveys = load("surveys")
    monthly = trend(surveys[surveys["responded"]], "nps", freq="MS")
    c = control_limits(monthly)
    assert len(c) == 24
    assert not c["signal"].any()


def test_bad_inputs():
    t = _nps_table([5], [2], [10])
    with pytest.raises(CXConfigError, match="sigma"):
        control_limits(t, sigma=0)
    with pytest.raises(CXConfigError, match="run"):
        control_limits(t, run=1)
    with pytest.raises(CXDataError, match="'detractors'"):
        control_limits(t.drop(columns="detractors"))
    with pytest.raises(CXDataError, match="DataFrame"):
        control_limits([1, 2])
