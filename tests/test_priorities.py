"""cxkit.service.priorities: the impact/effort table of candidate fixes and its matrix.

Every expected number is worked out by hand in the comments.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest

from cxkit.errors import CXConfigError, CXDataError, CXFileNotFoundError
from cxkit.metrics import compare_nps
from cxkit.service import FIX_QUADRANTS, fix_priorities, fix_priorities_alt, load_fixes, plot_fix_priorities


def _catalogue(names=("a", "b", "c")):
    n = len(names)
    return pd.DataFrame(
        {
            "touchpoint": list(names),
            "stage": ["purchase"] * n,
            "channel": ["web"] * n,
            "owner": ["E-commerce"] * n,
            "revenue": [False] * n,
            "phase": ["during"] * n,
        }
    )


def _surveys():
    # a: CSAT 5,5,4,2,1 with NPS 10,9,9,3,0: good (10,9,9) = +100, not good (3,0) = -100: gap 200;
    #    two customers had a bad experience (p, q... see ids below).
    # b: CSAT 5,2,2,1 with NPS 8,2,5,0: good (8) = 0, not good = -100: gap 100; three bad answers,
    #    but two of them by the same customer: 2 customers affected.
    rows = [
        ("a", "C1", 5, 10),
        ("a", "C2", 5, 9),
        ("a", "C3", 4, 9),
        ("a", "C4", 2, 3),
        ("a", "C5", 1, 0),
        ("b", "C6", 5, 8),
        ("b", "C7", 2, 2),
        ("b", "C7", 2, 5),
        ("b", "C8", 1, 0),
    ]
    return pd.DataFrame(rows, columns=["touchpoint", "customer_id", "csat", "nps"])


def _fixes(effort=(2.0, 8.0), touchpoints=("a", "b")):
    return pd.DataFrame(
        {
            "id": [f"f{k}" for k in range(len(effort))],
            "fix": [f"Fix {t}" for t in touchpoints],
            "touchpoint": list(touchpoints),
            "owner": ["E-commerce"] * len(effort),
            "effort": list(effort),
        }
    )


def _table(**kw):
    kw.setdefault("value_per_customer", 50.0)
    kw.setdefault("cluster", "customer_id")
    kw.setdefault("min_n", 2)
    return fix_priorities(_surveys(), _catalogue(), fixes=_fixes(), **kw)


def test_impact_by_hand():
    t = _table()
    # a: 2 affected x 200/100 x 50 = 200; b: 2 affected x 100/100 x 50 = 100
    assert t.loc["f0", ["affected", "gap", "impact"]].tolist() == [2, 200.0, 200.0]
    assert t.loc["f1", ["affected", "gap", "impact"]].tolist() == [2, 100.0, 100.0]
    assert list(t.index) == ["f0", "f1"]  # largest impact first
    assert t.loc["f0", "impact_per_effort"] == pytest.approx(200 / 2)
    assert t.loc["f1", "impact_per_effort"] == pytest.approx(100 / 8)


def test_interval_is_the_gap_interval_scaled():
    t = _table(confidence=0.9)
    s = _surveys()
    a = s[s["touchpoint"] == "a"]
    good = a["csat"] >= 4
    c = compare_nps(
        a.loc[good, "nps"].to_numpy(),
        a.loc[~good, "nps"].to_numpy(),
        confidence=0.9,
        cluster=(a.loc[good, "customer_id"].to_numpy(), a.loc[~good, "customer_id"].to_numpy()),
    )
    assert t.loc["f0", "gap_low"] == pytest.approx(c.low)
    assert t.loc["f0", "impact_low"] == pytest.approx(2 * 50 * c.low / 100)
    assert t.loc["f0", "impact_high"] == pytest.approx(2 * 50 * c.high / 100)
    assert t.loc["f0", "impact_low"] <= t.loc["f0", "impact"] <= t.loc["f0", "impact_high"]


def test_impact_scales_with_value():
    a, b = _table(value_per_customer=50.0), _table(value_per_customer=150.0)
    assert (b["impact"] / a["impact"]).tolist() == pytest.approx([3.0, 3.0])


def test_quadrants_by_hand():
    # median impact (200, 100) = 150, median effort (2, 8) = 5: f0 high impact low effort
    t = _table()
    assert t.loc["f0", "quadrant"] == "Quick wins"
    assert t.loc["f1", "quadrant"] == "Thankless tasks"
    assert t["impact_cut"].iloc[0] == 150.0
    assert t["effort_cut"].iloc[0] == 5.0
    u = _table(cuts=(50.0, 1.0))  # every impact high, every effort high
    assert set(u["quadrant"]) == {"Major projects"}
    v = _table(cuts=(1000.0, 100.0))
    assert set(v["quadrant"]) == {"Fill-ins"}
    assert set(FIX_QUADRANTS.values()) == {"Quick wins", "Major projects", "Fill-ins", "Thankless tasks"}


def test_fix_on_a_touchpoint_without_answers_has_no_impact():
    fixes = _fixes(effort=(2.0, 8.0, 1.0), touchpoints=("a", "b", "c"))
    t = fix_priorities(_surveys(), _catalogue(), fixes=fixes, value_per_customer=10.0, min_n=2)
    assert t.loc["f2", "affected"] == 0
    assert np.isnan(t.loc["f2", "impact"])
    assert pd.isna(t.loc["f2", "quadrant"])
    assert list(t.index)[-1] == "f2"


@pytest.mark.parametrize("value", [0, -5, float("nan"), float("inf"), "300", True, None])
def test_bad_value_per_customer(value):
    with pytest.raises(CXConfigError, match="value_per_customer"):
        _table(value_per_customer=value)


@pytest.mark.parametrize("effort", [0, -1, float("nan"), "big", None, True])
def test_bad_effort_names_the_fix(effort):
    fixes = _fixes(effort=(2.0, effort))
    with pytest.raises(CXDataError, match="effort") as e:
        fix_priorities(_surveys(), _catalogue(), fixes=fixes, value_per_customer=1.0)
    assert "f1" in str(e.value)


def test_unknown_touchpoint_and_duplicate_ids():
    with pytest.raises(CXDataError, match="not in the touchpoint catalogue") as e:
        fix_priorities(
            _surveys(), _catalogue(), fixes=_fixes(touchpoints=("a", "zz")), value_per_customer=1.0
        )
    assert "zz" in str(e.value)
    dup = _fixes()
    dup["id"] = ["same", "same"]
    with pytest.raises(CXDataError, match="used twice"):
        fix_priorities(_surveys(), _catalogue(), fixes=dup, value_per_customer=1.0)
    with pytest.raises(CXDataError, match="no such column"):
        fix_priorities(
            _surveys(), _catalogue(), fixes=_fixes().drop(columns="effort"), value_per_customer=1.0
        )
    with pytest.raises(CXDataError, match="no candidate fixes"):
        fix_priorities(_surveys(), _catalogue(), fixes=_fixes().iloc[:0], value_per_customer=1.0)
    with pytest.raises(CXConfigError, match="cuts"):
        _table(cuts="middle")


def test_load_fixes_and_bad_files(tmp_path):
    f = load_fixes()
    assert len(f) >= 8
    assert f["id"].is_unique
    assert (f["effort"] > 0).all()
    assert set(f["unit"]) == {"person-weeks"}
    with pytest.raises(CXFileNotFoundError):
        load_fixes(path=tmp_path / "none.yaml")
    p = tmp_path / "f.yaml"
    p.write_text("unit: days\nfixes:\n  - {id: x, fix: y, touchpoint: delivery, effort: 2}\n")
    with pytest.raises(CXDataError, match="wrong fields"):
        load_fixes(path=p)
    p.write_text("fixes: []\n")
    with pytest.raises(CXDataError, match="missing sections"):
        load_fixes(path=p)


@pytest.mark.course
def test_course_fixes_on_course_data():
    from cxkit.data import load

    t = fix_priorities(load("surveys"), load("touchpoints"), value_per_customer=100.0)
    assert t["touchpoint"].isin(load("touchpoints")["touchpoint"]).all()
    assert t.index[0] == "late-parcel-notice"  # delivery: the largest affected group
    assert t.loc["late-parcel-notice", "quadrant"] == "Quick wins"
    assert (t["impact_low"] <= t["impact"]).all()
    assert (t["impact"] <= t["impact_high"]).all()


# ------------------------------------------------------------------ the figure


def test_figure_draws_every_fix_with_whiskers_and_quadrants():
    t = _table().assign(impact_low=[150.0, 60.0], impact_high=[250.0, 140.0])
    fig = plot_fix_priorities(t)
    ax = fig.axes[0]
    texts = {x.get_text() for x in ax.texts}
    assert set(FIX_QUADRANTS.values()) <= texts
    assert {"f0", "f1"} <= texts
    from matplotlib.collections import PathCollection

    xy = np.vstack([c.get_offsets() for c in ax.collections if isinstance(c, PathCollection)])
    assert sorted(map(tuple, xy.tolist())) == [(2.0, 200.0), (8.0, 100.0)]
    assert ax.get_xlabel() == "Effort (effort units, the team's estimate)"
    assert ax.get_ylabel() == "Impact (euros)"
    # the whiskers: one vertical segment per fix, from impact_low to impact_high
    segs = [s for c in ax.collections for s in getattr(c, "get_segments", lambda: [])()]
    spans = sorted((float(s[0][1]), float(s[1][1])) for s in segs if len(s) == 2 and s[0][0] == s[1][0])
    assert spans == [(60.0, 140.0), (150.0, 250.0)]
    # the cut lines
    lines = [ln.get_xdata()[0] for ln in ax.lines if ln.get_linestyle() == "--"]
    assert 5.0 in lines


def _cut_labels(ax) -> list[str]:
    return [x.get_text() for x in ax.texts if "effort" in x.get_text() or "impact" in x.get_text()]


def test_figure_names_the_cut_lines_median_by_default():
    t = _table()  # impacts 200 and 100, efforts 2 and 8: medians 150 and 5
    ax = plot_fix_priorities(t).axes[0]
    assert sorted(_cut_labels(ax)) == ["median effort: 5 effort units", "median impact: 150 euros"]
    for text in ax.texts:
        assert text.get_fontsize() >= 12


def test_figure_names_cut_lines_that_are_not_medians_as_cuts():
    t = pd.DataFrame(
        {
            "effort": [1.0, 5.0, 9.0],
            "impact": [200_000.0, 9_000.0, 3_000.0],
            "impact_cut": 9_000.0,  # the median of the impacts
            "effort_cut": 6.0,  # neither the median (5) nor the mean (5) of the efforts
            "unit": "days",
        },
        index=pd.Index(["x", "y", "z"], name="id"),
    )
    ax = plot_fix_priorities(t).axes[0]
    assert sorted(_cut_labels(ax)) == ["effort cut: 6 days", "median impact: 9 thousand euros"]
    ax = plot_fix_priorities(
        t.assign(effort_cut=t["effort"].mean() + 0.5, impact_cut=t["impact"].mean())
    ).axes[0]
    assert sorted(_cut_labels(ax)) == ["effort cut: 5.5 days", "mean impact: 70.7 thousand euros"]


def test_course_figure_cut_labels_sit_inside_the_axes_clear_of_points_and_texts():
    from cxkit.data import load

    t = fix_priorities(load("surveys"), load("touchpoints"), value_per_customer=583.0)
    fig = plot_fix_priorities(t)
    ax = fig.axes[0]
    renderer = fig.canvas.get_renderer()
    labels = [x for x in ax.texts if x.get_text() in _cut_labels(ax)]
    assert [x.get_text().split(":")[0] for x in labels] == ["median effort", "median impact"]
    assert labels[0].get_text() == f"median effort: {t['effort_cut'].iloc[0]:g} person-weeks"
    box = ax.get_window_extent(renderer)
    points = ax.transData.transform(t[["effort", "impact"]].to_numpy(dtype=float) / [1, 1000])
    for label in labels:
        ext = label.get_window_extent(renderer)
        assert box.x0 <= ext.x0
        assert ext.x1 <= box.x1
        assert box.y0 <= ext.y0
        assert ext.y1 <= box.y1
        for other in ax.texts:
            if other is not label:
                assert not ext.overlaps(other.get_window_extent(renderer)), (label, other)
        for px, py in points:
            assert not (ext.x0 - 8 < px < ext.x1 + 8 and ext.y0 - 8 < py < ext.y1 + 8), label


def test_figure_log_scale_for_spread_out_impacts():
    t = pd.DataFrame(
        {
            "effort": [1.0, 5.0, 9.0],
            "impact": [200_000.0, 9_000.0, 3_000.0],
            "impact_low": [190_000.0, 8_000.0, 2_000.0],
            "impact_high": [210_000.0, 10_000.0, 4_000.0],
            "impact_cut": 9_000.0,
            "effort_cut": 5.0,
            "unit": "days",
            "quadrant": ["Quick wins", "Major projects", "Thankless tasks"],
        },
        index=pd.Index(["x", "y", "z"], name="id"),
    )
    ax = plot_fix_priorities(t).axes[0]
    assert ax.get_yscale() == "log"
    assert ax.get_ylabel() == "Impact (thousand euros, log scale)"
    assert plot_fix_priorities(t, log=False).axes[0].get_yscale() == "linear"
    assert "quick wins (high impact, low effort) are x" in fix_priorities_alt(t)


def test_figure_bad_tables():
    t = _table()
    with pytest.raises(CXDataError, match="no fix has an impact"):
        plot_fix_priorities(t.assign(impact=np.nan))
    with pytest.raises(CXDataError, match="no such column"):
        plot_fix_priorities(t.drop(columns="effort_cut"))
    with pytest.raises(CXConfigError, match="log=True"):
        plot_fix_priorities(t.assign(impact_low=-5.0), log=True)


def test_plots_leave_the_session_settings_alone():
    """plot_fix_priorities called style.use() and changed the session's rcParams (issue 23)."""
    import matplotlib as mpl

    from cxkit.data import load
    from cxkit.service import example_answers, plot_self_assessment, self_assessment

    t = fix_priorities(load("surveys"), load("touchpoints"), value_per_customer=100.0)
    r = self_assessment(example_answers(round="March"))
    with mpl.rc_context({"font.size": 7.0, "axes.grid": False}):
        before = {k: str(v) for k, v in mpl.rcParams.items()}
        plot_fix_priorities(t)
        plot_self_assessment(r)
        after = {k: str(v) for k, v in mpl.rcParams.items()}
    assert [k for k in before if before[k] != after[k]] == []
