"""cxkit.journey.touchpoints: performance and impact, the matrix, the measurement gap, channel switching.

Every expected number is worked out by hand in the comments.
"""

from __future__ import annotations

import itertools
import warnings

import numpy as np
import pandas as pd
import pytest

from cxkit.errors import CXConfigError, CXDataError, CXDataWarning
from cxkit.journey import (
    QUADRANTS,
    channel_handoffs,
    channel_switching,
    measurement_gap,
    touchpoint_matrix,
    touchpoint_performance,
)
from cxkit.stats import RATE_COLUMNS
from cxkit.stats.intervals import proportion_wilson


def _catalogue(names=("a", "b", "c", "d", "e", "f")):
    n = len(names)
    return pd.DataFrame(
        {
            "touchpoint": list(names),
            "stage": ["purchase"] * n,
            "channel": ["web"] * n,
            "owner": ["E-commerce"] * n,
            "revenue": [i % 2 == 0 for i in range(n)],
            "phase": ["during"] * n,
        }
    )


def _surveys():
    # a: CSAT 5,5,4,2 -> 3 of 4 satisfied = 75 %; good NPS of 10,9,9 = +100, not good (3) = -100:
    #    impact 200.
    # b: CSAT 5,2,2,1 -> 25 %; good (8) = 0, not good (2,5,0) = -100: impact 100.
    # c: CSAT 2,2,2,4 -> 25 %; good (10) = +100, not good (0,0,0) = -100: impact 200.
    # d: CSAT 5,5,5,1 -> 75 %; good (9,9,7) = 2/3*100 = 66.67, not good (8) = 0: impact 66.67.
    # f: CSAT 5,1 -> 50 %; good (10) = 100, not good (0) = -100: impact 200; only 2 answers.
    rows = {
        "a": ([5, 5, 4, 2], [10, 9, 9, 3]),
        "b": ([5, 2, 2, 1], [8, 2, 5, 0]),
        "c": ([2, 2, 2, 4], [0, 0, 0, 10]),
        "d": ([5, 5, 5, 1], [9, 9, 7, 8]),
        "f": ([5, 1], [10, 0]),
    }
    tp, csat, nps = [], [], []
    for name, (c, n) in rows.items():
        tp += [name] * len(c)
        csat += c
        nps += n
    return pd.DataFrame(
        {
            "touchpoint": tp,
            "customer_id": [f"C{i:03d}" for i in range(len(tp))],
            "csat": pd.array(csat, dtype="Int64"),
            "nps": pd.array(nps, dtype="Int64"),
        }
    )


# ------------------------------------------------------------------ touchpoint_performance


def test_performance_and_impact_by_hand():
    t = touchpoint_performance(_surveys(), _catalogue(), cluster=None, min_n=3)
    assert list(t.index) == ["a", "b", "c", "d", "f"]  # e has no answer: not a row
    assert t["performance"].tolist() == pytest.approx([75, 25, 25, 75, 50])
    assert t["impact"].tolist() == pytest.approx([200, 100, 200, 200 / 3, 200])
    assert t.loc["d", "nps_good"] == pytest.approx(200 / 3)
    assert t.loc["b", "nps_not_good"] == pytest.approx(-100)
    assert t.loc["a", ["n_good", "n_not_good"]].tolist() == [3, 1]
    # catalogue columns joined
    assert t.loc["a", "revenue"]
    assert not t.loc["b", "revenue"]
    assert set(t.columns) >= {"stage", "channel", "owner", "phase", "metric"}


def test_quadrants_on_medians_leave_small_groups_out_of_the_cuts():
    t = touchpoint_performance(_surveys(), _catalogue(), cluster=None, min_n=3)
    # f (2 answers) is too small: the medians are over a-d only: performance median(75,25,25,75)
    # = 50, impact median(200,100,200,66.7) = 150. With f they would be 50 and 200.
    assert t["too_small"].tolist() == [False, False, False, False, True]
    assert t["performance_cut"].iloc[0] == pytest.approx(50)
    assert t["impact_cut"].iloc[0] == pytest.approx(150)
    assert t["quadrant"].tolist() == [
        "Keep up the good work",
        "Low priority",
        "Concentrate here",
        "Possible overkill",
        "Keep up the good work",  # f is placed (50 >= 50, 200 >= 150) and flagged, not dropped
    ]


def test_a_value_on_a_cut_line_counts_as_high():
    t = touchpoint_performance(_surveys(), _catalogue(), cluster=None, min_n=3, cuts=(75, 200))
    # a: 75 >= 75 and 200 >= 200 -> high, high; d: 75 high, 66.7 low; c: 25 low, 200 high.
    assert t.loc["a", "quadrant"] == QUADRANTS[(True, True)]
    assert t.loc["d", "quadrant"] == QUADRANTS[(False, True)]
    assert t.loc["c", "quadrant"] == QUADRANTS[(True, False)]
    assert t.loc["b", "quadrant"] == QUADRANTS[(False, False)]


def test_mean_cuts():
    t = touchpoint_performance(_surveys(), _catalogue(), cluster=None, min_n=3, cuts="mean")
    assert t["performance_cut"].iloc[0] == pytest.approx(50)
    assert t["impact_cut"].iloc[0] == pytest.approx((200 + 100 + 200 + 200 / 3) / 4)


def test_touchpoint_without_a_bad_answer_has_no_impact_and_no_quadrant():
    s = pd.concat(
        [_surveys(), pd.DataFrame({"touchpoint": ["e"], "customer_id": ["Z"], "csat": [5], "nps": [10]})],
        ignore_index=True,
    )
    t = touchpoint_performance(s, _catalogue(), cluster=None, min_n=3)
    assert t.loc["e", "n"] == 1
    assert t.loc["e", "too_small"]
    assert np.isnan(t.loc["e", "impact"])
    assert pd.isna(t.loc["e", "quadrant"])
    assert t.loc["e", "nps_good"] == pytest.approx(100)


def test_intervals_are_those_of_breakdown_and_compare_nps():
    from cxkit.metrics import compare_nps, csat

    s = pd.DataFrame(
        {
            "touchpoint": ["a"] * 8,
            "customer_id": ["p", "p", "q", "r", "r", "s", "t", "t"],  # p, r, t answer twice
            "csat": pd.array([5, 4, 5, 2, 1, 4, 3, 5], dtype="Int64"),
            "nps": pd.array([10, 9, 8, 3, 0, 9, 6, 10], dtype="Int64"),
        }
    )
    t = touchpoint_performance(s, _catalogue(), min_n=3)  # clustered by customer_id
    a = s
    single = csat(a["csat"], cluster=a["customer_id"])
    assert t.loc["a", ["performance_low", "performance_high"]].tolist() == pytest.approx(
        [single.low, single.high]
    )
    good = a["csat"] >= 4
    c = compare_nps(
        a.loc[good, "nps"].to_numpy(dtype=int),
        a.loc[~good, "nps"].to_numpy(dtype=int),
        cluster=(a.loc[good, "customer_id"].to_numpy(), a.loc[~good, "customer_id"].to_numpy()),
        scale_check=False,
    )
    assert np.isfinite(c.low)
    assert t.loc["a", ["impact_low", "impact_high"]].tolist() == pytest.approx([c.low, c.high])


def test_ces_performance_is_the_mean_and_good_is_five_or_more():
    s = pd.DataFrame(
        {
            "touchpoint": ["a"] * 4,
            "customer_id": list("wxyz"),
            "ces": pd.array([7, 5, 4, 2], dtype="Int64"),
            "nps": pd.array([10, 9, 6, 0], dtype="Int64"),
        }
    )
    t = touchpoint_performance(s, _catalogue(), metric="ces", cluster=None, min_n=1)
    assert t.loc["a", "performance"] == pytest.approx(4.5)  # (7+5+4+2)/4
    assert t.loc["a", ["n_good", "n_not_good"]].tolist() == [2, 2]
    assert t.loc["a", "impact"] == pytest.approx(200)  # +100 - (-100)


@pytest.mark.parametrize(
    ("change", "error", "words"),
    [
        (lambda s: s.drop(columns="nps"), CXDataError, "'nps'"),
        (lambda s: s.drop(columns="customer_id"), CXDataError, "'customer_id'"),
        (lambda s: s.assign(touchpoint=["a"] * 7 + ["zz"] + ["a"] * 10), CXDataError, "row 7"),
        (lambda s: s.assign(csat=pd.array([6] + [5] * 17, dtype="Int64")), CXDataError, "found 6"),
        (lambda s: s.assign(nps=pd.array([11] + [5] * 17, dtype="Int64")), CXDataError, "found 11"),
    ],
)
def test_bad_surveys(change, error, words):
    with pytest.raises(error, match=words.replace("(", r"\(")):
        touchpoint_performance(change(_surveys()), _catalogue())


def test_unknown_touchpoint_is_named():
    s = _surveys()
    s.loc[7, "touchpoint"] = "zz"
    with pytest.raises(CXDataError) as info:
        touchpoint_performance(s, _catalogue())
    assert info.value.value == "zz"
    assert info.value.column == "touchpoint"
    assert info.value.row == 7


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"metric": "nps"}, "Unknown metric 'nps'"),
        ({"cuts": "mode"}, "Unknown cuts"),
        ({"cuts": (1, 2, 3)}, "cuts must be"),
        ({"confidence": 95}, "confidence"),
        ({"min_n": -1}, "min_n"),
    ],
)
def test_bad_options(kwargs, words):
    with pytest.raises(CXConfigError, match=words):
        touchpoint_performance(_surveys(), _catalogue(), **kwargs)


def test_bad_catalogue():
    with pytest.raises(CXDataError, match="'revenue'"):
        touchpoint_performance(_surveys(), _catalogue().drop(columns="revenue"))
    twice = pd.concat([_catalogue(), _catalogue().iloc[[0]]], ignore_index=True)
    with pytest.raises(CXDataError, match="listed twice"):
        touchpoint_performance(_surveys(), twice)


def test_all_blank_scores():
    s = _surveys().assign(csat=pd.array([None] * 18, dtype="Int64"))
    with pytest.raises(CXDataError, match="every score is blank"):
        touchpoint_performance(s, _catalogue())


# ------------------------------------------------------------------ touchpoint_matrix


def _texts(fig):
    return [t.get_text() for t in fig.axes[0].texts]


def test_matrix_names_the_quadrants_and_labels_every_rated_touchpoint():
    import matplotlib.pyplot as plt

    t = touchpoint_performance(_surveys(), _catalogue(), cluster=None, min_n=3)
    fig = touchpoint_matrix(t)
    texts = _texts(fig)
    for name in QUADRANTS.values():
        assert name in texts
    assert {"a", "b", "c", "d", "f (n = 2)"} <= set(texts)
    legend = [x.get_text() for x in fig.axes[0].get_legend().get_texts()]
    assert legend == ["revenue touchpoint", "other touchpoint", "fewer answers"]
    # revenue touchpoints are squares, the others circles; the small one (f, revenue) is hollow
    colls = fig.axes[0].collections
    assert len(colls) == 3  # revenue filled, revenue hollow, other filled
    hollow = [c for c in colls if np.allclose(c.get_facecolors()[0][:3], 1)]
    assert len(hollow) == 1
    assert len(hollow[0].get_offsets()) == 1
    assert fig.axes[0].get_xlabel().startswith("Performance: CSAT")
    plt.close(fig)


def _label_boxes(fig):
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    quads = set(QUADRANTS.values())
    from matplotlib.text import Text

    # Text's own extent: an Annotation's would include its leader line.
    return [
        Text.get_window_extent(t, renderer) for t in fig.axes[0].texts if t.get_text() not in quads
    ], fig.axes[0].get_window_extent(renderer)


@pytest.mark.parametrize("size", [(11.0, 6.2), (12.8, 7.2)])
def test_matrix_labels_do_not_overlap_on_the_course_data(size):
    import matplotlib.pyplot as plt

    from cxkit.data import load

    for metric in ("csat", "ces"):
        t = touchpoint_performance(load("surveys"), load("touchpoints"), metric=metric)
        fig, ax = plt.subplots(figsize=size)
        touchpoint_matrix(t, ax=ax)
        boxes, axes_box = _label_boxes(fig)
        assert len(boxes) == t["impact"].notna().sum()
        for b1, b2 in itertools.combinations(boxes, 2):
            assert not b1.overlaps(b2), (metric, b1, b2)
        for b in boxes:
            assert axes_box.x0 - 1 <= b.x0
            assert b.x1 <= axes_box.x1 + 1
        plt.close(fig)


def test_matrix_bad_input():
    t = touchpoint_performance(_surveys(), _catalogue(), cluster=None, min_n=3)
    with pytest.raises(CXDataError, match="'impact_cut'"):
        touchpoint_matrix(t.drop(columns="impact_cut"))
    with pytest.raises(CXDataError, match="no touchpoint"):
        touchpoint_matrix(t.assign(impact=np.nan))


# ------------------------------------------------------------------ measurement_gap


def test_measurement_gap_by_hand():
    cat = _catalogue(("checkout", "invoice", "basket"))
    s = pd.DataFrame(
        {
            "touchpoint": ["checkout"] * 3 + ["invoice"],
            "responded": [True, True, False, True],
            "nps": pd.array([9, 3, None, 2], dtype="Int64"),
            "csat": pd.array([5, 2, None, 1], dtype="Int64"),
        }
    )
    tickets = pd.DataFrame({"category": ["billing", "billing", "product", "delivery"]})
    g = measurement_gap(s, cat, tickets=tickets, ticket_touchpoints={"billing": "invoice"}, min_n=2)
    assert list(g.index) == ["checkout", "invoice", "basket"]  # basket: never surveyed, still a row
    assert g["invitations"].tolist() == [3, 1, 0]
    assert g["invitation_share"].tolist() == pytest.approx([0.75, 0.25, 0])
    assert g["answered"].tolist() == [2, 1, 0]
    assert g["detractors"].tolist() == [1, 1, 0]
    assert g["detractor_rate"].iloc[:2].tolist() == pytest.approx([0.5, 1.0])
    assert np.isnan(g.loc["basket", "detractor_rate"])
    assert g["detractor_share"].tolist() == pytest.approx([0.5, 0.5, 0])
    assert g["low_csat_rate"].iloc[:2].tolist() == pytest.approx([0.5, 1.0])
    lo, hi, _ = proportion_wilson(1, 2, confidence=0.95)
    assert g.loc["checkout", ["detractor_low", "detractor_high"]].tolist() == pytest.approx([lo, hi])
    assert g["tickets"].tolist() == [0, 2, 0]
    assert g.loc["invoice", "tickets_per_100_invitations"] == pytest.approx(200)
    assert g["too_small"].tolist() == [False, True, True]


def test_measurement_gap_bad_input():
    cat = _catalogue(("checkout", "invoice"))
    s = pd.DataFrame(
        {"touchpoint": ["checkout", "till"], "responded": [True] * 2, "nps": [1, 2], "csat": [1, 2]}
    )
    with pytest.raises(CXDataError, match="'till'"):
        measurement_gap(s, cat)
    with pytest.raises(CXDataError, match="'responded'"):
        measurement_gap(s.drop(columns="responded"), cat)
    ok = s.assign(touchpoint="checkout")
    with pytest.raises(CXConfigError, match="'delivery', which is not in the touchpoint catalogue"):
        measurement_gap(ok, cat, tickets=pd.DataFrame({"category": ["x"]}))  # the default map
    with pytest.raises(CXConfigError, match="detractor_max"):
        measurement_gap(ok, cat, detractor_max=10)


@pytest.mark.course
def test_measurement_gap_on_the_course_data_shows_the_pitfall():
    from cxkit.data import load

    g = measurement_gap(load("surveys"), load("touchpoints"), tickets=load("tickets"))
    rev = g.groupby("revenue")[["invitations", "detractors"]].sum()
    rate = rev["detractors"] / (g.groupby("revenue")["answered"].sum())
    assert rate[True] < rate[False]  # revenue touchpoints make fewer detractors per answer
    # invoice: hardly surveyed, many billing tickets
    assert g.loc["invoice", "invitations"] < 60 < g.loc["invoice", "tickets"]


# ------------------------------------------------------------------ channel switching


def _events():
    # J1: app -> store (switches); J2: web only (one channel); J3: web -> app -> web.
    return pd.DataFrame(
        {
            "case_id": ["J1", "J1", "J2", "J2", "J3", "J3", "J3"],
            "channel": ["app", "store", "web", "web", "web", "app", "web"],
            "stage": ["consideration", "purchase", "consideration", "purchase"] + ["awareness"] * 3,
            "timestamp": pd.to_datetime(
                [
                    "2025-01-01 10:00",
                    "2025-01-02 10:00",
                    "2025-01-01 09:00",
                    "2025-01-01 09:05",
                    "2025-01-03 10:00",
                    "2025-01-03 09:00",
                    "2025-01-03 11:00",
                ]
            ),
            "segment": ["B2C", "B2C", "B2B", "B2B", None, None, None],
        }
    )


def test_channel_switching_by_hand():
    t = channel_switching(_events(), min_n=1)
    assert list(t.index) == ["all"]
    assert list(t.columns) == [*RATE_COLUMNS, "journeys", "switching", "mean_channels"]
    assert t.loc["all", ["journeys", "switching", "n", "count"]].tolist() == [3, 2, 3, 2]
    assert t.loc["all", "value"] == pytest.approx(100 * 2 / 3)  # percent
    assert t.loc["all", "mean_channels"] == pytest.approx((2 + 1 + 2) / 3)
    lo, hi, _ = proportion_wilson(2, 3, confidence=0.95)
    assert t.loc["all", ["low", "high"]].tolist() == pytest.approx([100 * lo, 100 * hi])
    assert t.loc["all", "moe"] == pytest.approx(50 * (hi - lo))
    assert t.loc["all", ["method", "confidence"]].tolist() == ["wilson", 0.95]
    assert not t.loc["all", "too_small"]
    wald = channel_switching(_events(), min_n=1, method="wald", confidence=0.9)
    assert wald.loc["all", "method"] == "wald"
    assert wald.loc["all", "low"] == pytest.approx(100 * (2 / 3 - 1.644854 * np.sqrt(2 / 9 / 3)), abs=1e-4)
    with pytest.raises(CXConfigError, match="method"):
        channel_switching(_events(), method="exact")


def test_single_channel_journeys_do_not_switch():
    t = channel_switching(_events().query("case_id == 'J2'"), min_n=30)
    assert t.loc["all", ["journeys", "switching", "value"]].tolist() == [1, 0, 0.0]
    assert t.loc["all", "too_small"]


def test_channel_switching_by_segment_warns_for_blank_groups():
    with pytest.warns(CXDataWarning, match="1 journeys with a blank 'segment'"):
        t = channel_switching(_events(), by="segment", min_n=1)
    assert t["switching"].to_dict() == {"B2B": 0, "B2C": 1}


def test_channel_switching_stages():
    t = channel_switching(_events(), stages=["consideration", "purchase"], min_n=1)
    assert t.loc["all", ["journeys", "switching"]].tolist() == [2, 1]  # J3 has no such stage


def test_channel_switching_bad_input():
    with pytest.raises(CXDataError, match="'channel'"):
        channel_switching(_events().drop(columns="channel"))
    with pytest.raises(CXConfigError, match="stages"):
        channel_switching(_events(), stages=["checkout"])
    bad = _events()
    bad.loc[3, "channel"] = None
    with pytest.raises(CXDataError, match="row 3"):
        channel_switching(bad)


def test_handoffs_follow_time_order_and_count_journeys_once():
    h = channel_handoffs(_events())
    # In time order J3 is app -> web -> web: one app->web. J1: app->store.
    assert h[["from_channel", "to_channel", "journeys", "handoffs"]].to_numpy().tolist() == [
        ["app", "store", 1, 1],
        ["app", "web", 1, 1],
    ]
    assert h["share"].tolist() == pytest.approx([1 / 3, 1 / 3])
    repeat = pd.DataFrame(
        {
            "case_id": ["J1"] * 4,
            "channel": ["app", "web", "app", "web"],
            "timestamp": pd.date_range("2025-01-01", periods=4, freq="h"),
        }
    )
    h = channel_handoffs(repeat)
    assert h.loc[0, ["from_channel", "to_channel", "journeys", "handoffs"]].tolist() == ["app", "web", 1, 2]


def test_handoffs_single_channel_and_bad_top():
    h = channel_handoffs(_events().query("case_id == 'J2'"))
    assert h.empty
    assert list(h.columns) == ["from_channel", "to_channel", "journeys", "share", "handoffs"]
    with pytest.raises(CXConfigError, match="top"):
        channel_handoffs(_events(), top=0)
    with pytest.raises(CXDataError, match="'timestamp'"):
        channel_handoffs(_events().drop(columns="timestamp"))


def test_no_warning_on_clean_course_data():
    from cxkit.data import load

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        t = touchpoint_performance(load("surveys"), load("touchpoints"))
    assert t["quadrant"].notna().sum() >= 15
