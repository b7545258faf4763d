"""Issue 31: nothing silent, nothing lost. Each test fails on the main of 2026-12-07 (6838754).

The frames are built here, small and hand-checked; no number of the course data is pinned.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from cxkit.errors import CXConfigError, CXDataError, CXDataWarning

# --- 1. Dates are never guessed row by row -------------------------------------------------------


def test_day_first_column_is_read_day_first_on_every_row():
    from cxkit.data import read_dates

    got = read_dates(pd.Series(["03/04/2025", "13/04/2025"]))
    # 13/04 can only be day-first, so the whole column is: 03/04 is 3 April, not 4 March.
    assert got.tolist() == [pd.Timestamp("2025-04-03"), pd.Timestamp("2025-04-13")]


def test_resolution_time_of_day_first_text_dates():
    from cxkit.service import resolution_time

    tickets = pd.DataFrame(
        {
            "ticket_id": ["T1", "T2"],
            "opened_at": ["03/04/2025 09:00", "13/04/2025 09:00"],
            "resolved_at": ["13/04/2025 09:00", "24/04/2025 09:00"],
        }
    )
    # 3 -> 13 April is 10 days, 13 -> 24 April is 11: median 10.5 (row by row: 40.5).
    r = resolution_time(tickets, unit="days")
    assert r.loc["all", "median"] == pytest.approx(10.5)


def test_ambiguous_column_names_its_first_ambiguous_value():
    from cxkit.service import resolution_time

    tickets = pd.DataFrame(
        {
            "ticket_id": ["T1", "T2", "T3"],
            "opened_at": ["2025-04-01 09:00", "2025-04-02 09:00", "2025-04-03 09:00"],
            "resolved_at": ["01/05/2025 10:00", "03/04/2025 10:00", "05/06/2025 10:00"],
        }
    )
    with pytest.raises(
        CXDataError, match=r"resolved_at.*row 0 \(ticket T1\).*ambiguous.*dayfirst.*'01/05/2025"
    ):
        resolution_time(tickets)
    r = resolution_time(tickets, dayfirst=True, unit="days")  # 1 May, 3 April (!), 5 June
    assert r.loc["all", "n_measured"] == 3


def test_rfm_summary_does_not_read_05_02_as_2_may():
    from cxkit.clv import rfm_summary

    tx = pd.DataFrame(
        {"customer_id": ["a", "a"], "timestamp": ["01/02/2024", "05/02/2024"], "value": [10.0, 20.0]}
    )
    with pytest.raises(CXDataError, match=r"ambiguous.*'01/02/2024'"):
        rfm_summary(tx, freq="D")
    out = rfm_summary(tx, freq="D", dayfirst=True)
    assert out.loc["a", "recency"] == 4.0  # 1 to 5 February
    out = rfm_summary(tx, freq="D", date_format="%m/%d/%Y")
    assert out.loc["a", "recency"] == 121.0  # 2 January to 2 May 2024: 31 + 29 + 31 + 30 days


def test_mixed_day_first_and_month_first_is_an_error():
    from cxkit.retention import cohort_table

    orders = pd.DataFrame(
        {"customer_id": ["a", "b", "c"], "timestamp": ["13/04/2025", "04/13/2025", "20/04/2025"]}
    )
    with pytest.raises(CXDataError, match=r"row 1.*month-first in a column written day-first.*'04/13/2025'"):
        cohort_table(orders)


def test_cohort_value_reads_the_column_like_cohort_table():
    from cxkit.clv import cohort_value

    orders = pd.DataFrame(
        {
            "customer_id": ["a", "a", "b"],
            "value": [10.0, 30.0, 20.0],
            "timestamp": ["03/01/2024", "10/02/2024", "20/01/2024"],
        }
    )
    table = cohort_value(orders)  # day-first (20/01): 3 January and 10 February, two months
    assert table.loc["2024-01", 0] == 15.0
    assert table.loc["2024-01", 1] == 30.0


def test_text_end_is_read_like_the_column():
    from cxkit.retention import repeat_purchase_rate

    orders = pd.DataFrame(
        {"customer_id": ["a", "a", "b"], "timestamp": ["2024-01-03", "2024-03-01", "2024-01-05"]}
    )
    with pytest.raises(CXConfigError, match=r"end='05/02/2024'.*ambiguous"):
        repeat_purchase_rate(orders, end="05/02/2024")
    assert repeat_purchase_rate(orders, end="05/02/2024", dayfirst=True).value == 0.0


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"dayfirst": "yes"}, "dayfirst must be True, False or None"),
        ({"date_format": 5}, "date_format must be a format"),
        ({"date_format": "%d/%m/%Y", "dayfirst": True}, "not both"),
    ],
)
def test_read_dates_bad_options(kwargs, match):
    from cxkit.data import read_dates

    with pytest.raises(CXConfigError, match=match):
        read_dates(pd.Series(["2024-01-01"]), **kwargs)


def test_read_dates_keeps_what_was_right():
    from cxkit.data import read_dates

    iso = read_dates(pd.Series(["2024-01-05", "2024-01-05 18:00", "2024-01-06T08:30:00", None, " "]))
    assert iso.iloc[:3].tolist() == [
        pd.Timestamp("2024-01-05"),
        pd.Timestamp("2024-01-05 18:00"),
        pd.Timestamp("2024-01-06 08:30"),
    ]
    assert iso.iloc[3:].isna().all()
    named = read_dates(pd.Series(["5 Mar 2024", "12 Apr 2024"]))
    assert named.tolist() == [pd.Timestamp("2024-03-05"), pd.Timestamp("2024-04-12")]
    typed = pd.Series(pd.to_datetime(["2024-01-01"]), index=[7])
    assert read_dates(typed).index.tolist() == [7]
    with pytest.raises(CXDataError, match=r"row 1 \(index 'y'\).*'x'"):
        read_dates(pd.Series(["13/04/2025", "x"], index=["z", "y"]), column="when")
    with pytest.raises(CXDataError, match="Excel day number"):
        read_dates(pd.Series([45000, 45001]))


def test_no_module_guesses_dates_row_by_row():
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "cxkit"
    guessing = [
        f"{p.relative_to(root.parent)}:{i}"
        for p in root.rglob("*.py")
        for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if 'format="mixed"' in line
    ]
    assert not guessing


# --- 2. A rule that cannot run says so -------------------------------------------------------------


def _feedback(**cols):
    base = {
        "customer_id": ["C1", "C2", "C3"],
        "segment": ["B2C", "B2B", "B2C"],
        "NPS": [3, 9, 10],
        "compound": [0.5, -0.4, 0.8],
        "response_date": pd.to_datetime(["2025-05-01", "2025-05-02", "2025-05-03"]),
    }
    base.update(cols)
    return pd.DataFrame(base)


def test_close_the_loop_refuses_a_differently_cased_nps_column():
    from cxkit.voc import close_the_loop

    with pytest.raises(CXDataError, match=r"column 'nps'.*'NPS'.*nps='NPS'"):
        close_the_loop(_feedback())
    q = close_the_loop(_feedback(), nps="NPS")
    assert q["customer_id"].tolist() == ["C1", "C2"]  # C1 the detractor, C2 the negative comment


def test_close_the_loop_warns_when_a_reason_cannot_run():
    from cxkit.voc import close_the_loop

    df = _feedback().drop(columns="NPS")
    with pytest.warns(CXDataWarning, match=r"no column 'nps'.*detractor reason is not applied"):
        close_the_loop(df)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        close_the_loop(df, nps=None)  # on purpose: quiet


def test_close_the_loop_refuses_a_target_for_no_segment():
    from cxkit.voc import close_the_loop

    with pytest.raises(CXConfigError, match=r"'B2X'.*misspelt.*B2B, B2C"):
        close_the_loop(_feedback(), nps="NPS", respond_within={"B2B": 24, "B2X": 12})
    with pytest.raises(CXConfigError, match="no segment column"):
        close_the_loop(_feedback().drop(columns="segment"), nps="NPS", respond_within={"B2B": 24})


def test_close_the_loop_warns_about_feedback_without_a_date():
    from cxkit.voc import close_the_loop

    df = _feedback(response_date=pd.to_datetime(["2025-05-01", None, "2025-05-03"]))
    with pytest.warns(CXDataWarning, match=r"1 piece\(s\) of feedback.*row 1.*'C2'"):
        q = close_the_loop(df, nps="NPS")
    assert q["customer_id"].tolist() == ["C1"]


def test_sla_error_names_the_misspelt_channel():
    from cxkit.service import sla_attainment

    tickets = pd.DataFrame(
        {
            "channel": ["email", "chat"],
            "opened_at": pd.to_datetime(["2025-01-01 09:00"] * 2),
            "first_response_at": pd.to_datetime(["2025-01-01 10:00", "2025-01-01 09:03"]),
        }
    )
    with pytest.raises(CXConfigError, match=r"No target for the channel\(s\) 'email'.*'emial' is no channel"):
        sla_attainment(tickets, {"chat": "5min", "emial": "24h"})


def test_link_scores_counts_undated_answers_as_not_linked():
    from cxkit.journey import link_scores

    log = pd.DataFrame(
        {
            "customer_id": ["c1", "c2"],
            "touchpoint": ["web", "web"],
            "timestamp": pd.to_datetime(["2024-01-01", "2024-01-02"]),
        }
    )
    surveys = pd.DataFrame(
        {
            "customer_id": ["c1", "c2"],
            "nps": pd.array([0, 9], dtype="Int64"),
            "response_date": pd.to_datetime(["2024-01-06", None]),
        }
    )
    with pytest.warns(CXDataWarning, match=r"1 answer\(s\) with a nps score but no 'response_date'.*row 1"):
        out = link_scores(log, surveys, about=None, min_n=1)
    assert out["linked_share"].iloc[0] == 50.0  # one of two scored answers


# --- 3. Transactions as they come from a shop -------------------------------------------------------


def _tx(days, values, customers=None):
    return pd.DataFrame({"customer_id": customers or ["a"] * len(days), "timestamp": days, "value": values})


def test_a_refund_is_not_a_repeat_purchase():
    from cxkit.clv import rfm_summary

    s = rfm_summary(_tx(["2024-01-01", "2024-01-08"], [10.0, -10.0]), freq="D")
    assert s.loc["a", "frequency"] == 0
    assert s.loc["a", "n_refunds"] == 1
    assert s.loc["a", "monetary_value"] == 0.0


def test_a_zero_value_order_is_a_purchase_only_when_asked():
    from cxkit.clv import rfm_summary

    tx = _tx(["2024-01-01", "2024-01-08"], [10.0, 0.0])
    s = rfm_summary(tx, freq="D")
    assert (s.loc["a", "frequency"], s.loc["a", "n_zero_value"]) == (0, 1)
    assert rfm_summary(tx, freq="D", count_zero_value=True).loc["a", "frequency"] == 1
    with pytest.raises(CXConfigError, match="count_zero_value"):
        rfm_summary(tx, count_zero_value="yes")


def test_an_exact_duplicate_row_is_reported_not_summed():
    from cxkit.clv import rfm_summary

    tx = _tx(["2024-01-01", "2024-01-08", "2024-01-08"], [10.0, 20.0, 20.0])
    with pytest.warns(CXDataWarning, match=r"1 transaction\(s\) repeat an earlier row exactly.*row 2"):
        s = rfm_summary(tx, freq="D")
    assert s.loc["a", "monetary_value"] == 20.0  # not 40
    tx["order_id"] = [1, 2, 3]  # two orders of 20 on one day: one purchase day worth 40
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert rfm_summary(tx, freq="D").loc["a", "monetary_value"] == 40.0


def test_a_transaction_far_after_the_rest_is_an_error():
    from cxkit.clv import rfm_summary

    days = [f"2024-01-{d:02d}" for d in range(1, 21)] + ["2042-01-05"]
    tx = _tx(days, [10.0] * 21, customers=["a", "b"] * 10 + ["c"])
    with pytest.raises(
        CXDataError, match=r"row 20 \(index 20, customer_id 'c'\).*'2042-01-05'.*observation_end="
    ):
        rfm_summary(tx)
    with pytest.warns(
        CXDataWarning, match=r"1 transaction\(s\) dated after observation_end \(2024-01-31\).*row 20"
    ):
        s = rfm_summary(tx, observation_end="2024-01-31", freq="D")
    assert s["observation_end"].eq(pd.Timestamp("2024-01-31")).all()
    assert s.loc["a", "T"] == 30.0


def test_customers_with_only_refunds_are_reported():
    from cxkit.clv import rfm_summary

    tx = _tx(["2024-01-01", "2024-01-02"], [10.0, -5.0], customers=["a", "b"])
    with pytest.warns(CXDataWarning, match=r"1 customer\(s\) have only refunds.*'b'"):
        s = rfm_summary(tx)
    assert s.index.tolist() == ["a"]


# --- 4. Fits that did not find anything say so ---------------------------------------------------


@pytest.mark.parametrize("model", ["BetaGeo", "ParetoNBD"])
def test_no_repeat_purchase_is_an_error_before_fitting(model):
    import cxkit.clv

    x, tx, t = [0] * 50, [0.0] * 50, list(range(10, 60))
    with pytest.raises(CXDataError, match=r"no customer made a repeat purchase.*0 for all 50 customers"):
        getattr(cxkit.clv, model)().fit(x, tx, t)


def test_gamma_gamma_without_spread_of_spend_is_an_error():
    from cxkit.clv import GammaGamma

    with pytest.raises(CXDataError, match=r"monetary_value.*same mean spend.*10 for all 5 customers"):
        GammaGamma().fit([1, 1, 2, 1, 3], [10.0] * 5)


def test_convergence_advice_fits_the_model_and_prints_numbers():
    from cxkit.clv import GammaGamma
    from cxkit.errors import CXConvergenceError

    with pytest.raises(CXConvergenceError) as info:
        GammaGamma().fit([1, 2], [10.0, 12.0])
    message = str(info.value)
    assert "on 2 customers" in message
    assert "spend" in message
    assert "time unit" not in message  # T is no input of Gamma-Gamma
    assert "np.float64" not in message
    assert "p=" in message


def test_few_repeat_buyers_warn():
    from cxkit.clv import BetaGeo

    x = [0] * 45 + [1, 2, 1, 3, 1]
    tx = [0.0] * 45 + [5.0, 8.0, 3.0, 9.0, 4.0]
    with pytest.warns(CXDataWarning, match=r"only 5 of 50 customers made a repeat purchase"):
        BetaGeo().fit(x, tx, [10.0] * 50)


def test_a_fit_that_runs_to_the_edge_is_an_error():
    from cxkit.errors import CXConvergenceError
    from cxkit.stats.mle import MLEModel, as_array, unique_rows

    class Exponential(MLEModel):  # waiting times of 0 only: the rate runs off to infinity
        _names = ("lam",)
        _model = "exponential"
        _advice = "check the waiting times"

        def fit(self, times):
            t, _ = as_array(times, "times")
            data, weights = unique_rows(t)
            self._optimise(data, weights, self._start([1.0]))
            return self

        def _loglik(self, p, t):
            return np.log(p[0]) - p[0] * t

    with pytest.raises(
        CXConvergenceError,
        match=r"exponential fit on 3 customers found nothing: .*ran to the edge \(lam=.*[Cc]heck the waiting",
    ):
        Exponential().fit([0.0, 0.0, 0.0])
    assert Exponential().fit([1.0, 2.0, 3.0]).params_["lam"] == pytest.approx(0.5, rel=1e-6)


# --- 5. Files a learner made are never replaced without a backup ----------------------------------

JOURNEYS = __import__("pathlib").Path(__file__).resolve().parent.parent / "datasets" / "journeys"


def _backups(folder, stem):
    return sorted(folder.glob(f"{stem}.backup-*"))


@pytest.mark.parametrize(
    ("loader", "saver", "name"),
    [
        ("load_journey", "save_journey", "busy-parent.yaml"),
        ("load_blueprint", "save_blueprint", "delivery-promise-blueprint.yaml"),
    ],
)
def test_saving_over_a_learners_map_keeps_a_backup(tmp_path, capsys, loader, saver, name):
    import cxkit.journey

    obj = getattr(cxkit.journey, loader)(JOURNEYS / name)
    target = tmp_path / "mine.yaml"
    target.write_text("# my own notes\n", encoding="utf-8")
    getattr(cxkit.journey, saver)(obj, target)
    (copy,) = _backups(tmp_path, "mine")
    assert copy.read_text(encoding="utf-8") == "# my own notes\n"
    assert copy.name in capsys.readouterr().out
    getattr(cxkit.journey, saver)(obj, target)  # the same content again: no second copy
    assert len(_backups(tmp_path, "mine")) == 1


def test_dashboard_report_keeps_the_earlier_one(tmp_path, capsys):
    from cxkit.dashboard import Dashboard

    dash = Dashboard.__new__(Dashboard)  # the writing only: no data needed
    dash.html = lambda: "<p>this week</p>"
    target = tmp_path / "report.html"
    target.write_text("<p>last week</p>", encoding="utf-8")
    assert dash.to_html(target) == target
    (copy,) = _backups(tmp_path, "report")
    assert copy.read_text(encoding="utf-8") == "<p>last week</p>"
    assert target.read_text(encoding="utf-8") == "<p>this week</p>"


# --- 8. Errors that point at the learner's row (files) ---------------------------------------------


def test_unwritable_folder_or_a_folder_for_a_file_is_a_cxkit_error(tmp_path, monkeypatch):
    import pathlib

    import cxkit.journey

    obj = cxkit.journey.load_journey(JOURNEYS / "busy-parent.yaml")
    with pytest.raises(CXConfigError, match="it is a folder"):
        cxkit.journey.save_journey(obj, tmp_path)

    def refuse(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(pathlib.Path, "write_text", refuse)
    with pytest.raises(CXConfigError, match=r"permission denied.*folder you can write to"):
        cxkit.journey.save_journey(obj, tmp_path / "map.yaml")


def test_dashboard_names_the_learners_row_and_survey_id():
    import cxkit
    from cxkit.data import load_all

    tables = {name: df.head(400) for name, df in load_all().items()}
    surveys = tables["surveys"].copy()
    answered = surveys.index[surveys["nps"].notna()]
    surveys.index = [f"r{i}" for i in range(len(surveys))]  # the learner's own labels
    pos = int(answered[5])
    surveys.iloc[pos, surveys.columns.get_loc("nps")] = 11
    tables["surveys"] = surveys
    sid = surveys["survey_id"].iloc[pos]
    with pytest.raises(
        CXDataError, match=rf"column 'nps', row {pos} \(index label 'r{pos}'\) \(survey {sid}\)"
    ):
        cxkit.dashboard(tables)


def test_a_journey_saved_as_windows_1252_names_the_line(tmp_path):
    from cxkit.errors import CXMapError
    from cxkit.journey import load_journey

    text = (JOURNEYS / "busy-parent.yaml").read_text(encoding="utf-8")
    lines = text.splitlines()
    lines[1] = lines[1] + "  # caf\u00e9"
    f = tmp_path / "mine.yaml"
    f.write_bytes("\n".join(lines).encode("cp1252"))
    with pytest.raises(CXMapError, match=r"mine.yaml, at line 2: not UTF-8.*byte 0xE9.*UTF-8"):
        load_journey(f)


def test_a_duplicate_key_is_an_error_not_the_last_one_wins(tmp_path):
    from cxkit.errors import CXMapError
    from cxkit.journey import load_journey

    text = (JOURNEYS / "busy-parent.yaml").read_text(encoding="utf-8")
    first = text.splitlines()[0]  # e.g. "name: ..."
    f = tmp_path / "twice.yaml"
    f.write_text(text + "\n" + first + "\n", encoding="utf-8")
    key = first.split(":")[0]
    with pytest.raises(
        CXMapError, match=rf"twice.yaml, at line \d+: duplicate key '{key}' \(first at line 1\)"
    ):
        load_journey(f)


def test_bad_agenda_yaml_names_the_line(tmp_path):
    from cxkit.errors import CXAgendaError
    from cxkit.instructor import load_agenda

    f = tmp_path / "bad.yaml"
    f.write_text("title: A day\naudience: CX team\ndays:\n  - start: '09:00'\n   end: x\n", encoding="utf-8")
    with pytest.raises(CXAgendaError, match=r"bad.yaml, at line 5, column \d+: not valid YAML"):
        load_agenda(f)
    f.write_bytes(b"title: Caf\xe9\n")
    with pytest.raises(CXAgendaError, match=r"at line 1: not UTF-8"):
        load_agenda(f)


# --- 9. Text analytics edge cases ------------------------------------------------------------------


def test_emoji_only_and_short_foreign_texts_are_flagged_not_neutral():
    from cxkit.voc import sentiment

    out = sentiment(["\U0001f621\U0001f621\U0001f621", "Très mauvais service", "Great lamp!"])
    assert out["status"].tolist() == ["no_words", "not_english", "ok"]
    assert out["label"].isna().tolist() == [True, True, False]
    # check_language=False scores another language, never a text without words
    assert sentiment(["\U0001f621", "Très mauvais"], check_language=False)["status"].tolist() == [
        "no_words",
        "ok",
    ]


def test_topic_shares_leave_out_texts_without_words():
    from cxkit.voc import TopicModel

    texts = ["late parcel again", "parcel late, no update", "app crashed", "the app crashed twice"] * 3
    texts += ["the and of it"] * 6  # only stop words: nothing left after cleaning
    model = TopicModel(n_topics=2, n_top_words=2, min_df=1).fit(texts)
    assert model.n_without_words_ == 6
    assert model.top_words_["share"].sum() == pytest.approx(1.0)
    assert sorted(model.top_words_["share"]) == [0.5, 0.5]  # 6 parcel texts, 6 app texts
    assert (model.transform(["the and of it"])["topic"] == 0).all()


def test_a_very_long_text_is_capped_with_a_word():
    import time

    from cxkit.voc import sentiment

    long = "The parcel was late and the lamp arrived broken. " * 2000  # 100,000 characters
    start = time.perf_counter()
    with pytest.warns(CXDataWarning, match=r"1 text\(s\) longer than 10,000 characters.*row 1"):
        out = sentiment(["Fine.", long])
    assert time.perf_counter() - start < 5  # 33 s uncapped
    assert out["label"].iloc[1] == "negative"


# --- 10. Drawings that cannot be read say so -------------------------------------------------------


def _journey(extra_stages=0, long_name=False):
    import copy

    from cxkit.journey import JourneyMap, load_journey

    d = load_journey(JOURNEYS / "busy-parent.yaml").to_dict()
    stages = d["stages"]
    more = [dict(copy.deepcopy(stages[i % len(stages)]), name=f"stage {i}") for i in range(extra_stages)]
    if long_name:
        more.append(dict(copy.deepcopy(stages[0]), name="a very long stage name " * 22))  # 500 characters
    d["stages"] = stages + more
    return JourneyMap.from_dict(d)


def test_a_map_that_cannot_be_read_warns_and_says_what_to_do():
    import matplotlib.pyplot as plt

    from cxkit.journey import draw_journey_map

    with pytest.warns(CXDataWarning, match=r"with 40 stages each column holds only \d+ characters.*lanes="):
        plt.close(draw_journey_map(_journey(extra_stages=35)))
    with pytest.warns(
        CXDataWarning, match=r"1 stage name\(s\) do not fit their column.*shorten the stage names"
    ):
        plt.close(draw_journey_map(_journey(long_name=True)))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        plt.close(draw_journey_map(_journey()))  # the course's map is read easily


# --- 6. Exports that cannot lie ---------------------------------------------------------------------


def _tricky_exports():
    import copy

    from cxkit.journey import (
        JourneyMap,
        ServiceBlueprint,
        blueprint_to_mermaid,
        load_blueprint,
        load_journey,
        to_mermaid,
    )

    j = load_journey(JOURNEYS / "busy-parent.yaml").to_dict()
    j["stages"][0]["steps"] = ["Title deeds checked", "Section 2: pay now", "Compares lamps"]
    b = load_blueprint(JOURNEYS / "delivery-promise-blueprint.yaml").to_dict()
    first, second = b["actions"][0]["name"], b["actions"][1]["name"]
    renamed = {first: "pay-now", second: "pay_now"}
    for action in b["actions"]:
        action["name"] = renamed.get(action["name"], action["name"])
    for point in (*b["fail_points"], *b["wait_points"]):
        point["action"] = renamed.get(point["action"], point["action"])
    b = copy.deepcopy(b)
    return to_mermaid(JourneyMap.from_dict(j)), blueprint_to_mermaid(ServiceBlueprint.from_dict(b))


def test_a_step_starting_with_a_keyword_stays_a_task():
    journey, _ = _tricky_exports()
    tasks = [line.strip() for line in journey.splitlines() if line.startswith("      ")]
    assert not any(t.lower().startswith(("title", "section")) for t in tasks)
    assert sum(line.strip().startswith("title ") for line in journey.splitlines()) == 1


def test_blueprint_actions_differing_in_punctuation_are_two_nodes():
    _, blueprint = _tricky_exports()
    nodes = [line.split("[")[0].strip() for line in blueprint.splitlines() if line.startswith("        ca_")]
    assert len(nodes) == len(set(nodes)) == 5
    links = [line.split() for line in blueprint.splitlines() if " --> " in line]
    assert all(a != b for a, _, b in links)  # no self-loop


@pytest.mark.slow
def test_every_export_parses_with_the_vendored_mermaid():
    import shutil
    from pathlib import Path

    playwright = pytest.importorskip("playwright.sync_api")
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chromium).exists():
        pytest.skip("no Chromium to run Mermaid in")
    from cxkit.journey import blueprint_to_mermaid, load_blueprint, load_journey, to_mermaid

    mermaid = Path(__file__).resolve().parent.parent / "cxkit/course/slides_assets/mermaid/mermaid.min.js"
    texts = {
        "busy-parent": to_mermaid(load_journey(JOURNEYS / "busy-parent.yaml")),
        "office-manager": to_mermaid(load_journey(JOURNEYS / "office-manager.yaml")),
        "blueprint": blueprint_to_mermaid(load_blueprint(JOURNEYS / "delivery-promise-blueprint.yaml")),
    }
    texts["tricky journey"], texts["tricky blueprint"] = _tricky_exports()
    render = """async (t) => {
        try {
            const {svg} = await mermaid.render("g" + Math.floor(Math.random() * 1e9), t);
            const doc = new DOMParser().parseFromString(svg, "image/svg+xml");
            return Array.from(doc.querySelectorAll("text, .nodeLabel")).map(e => e.textContent.trim());
        } catch (e) { return "ERROR " + e.message; }
    }"""
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium)
        page = browser.new_page()
        page.set_content("<html><body></body></html>")
        page.add_script_tag(path=str(mermaid))
        page.evaluate("mermaid.initialize({startOnLoad: false})")
        drawn = {name: page.evaluate(render, text) for name, text in texts.items()}
        browser.close()
    for name, shown in drawn.items():
        assert isinstance(shown, list), f"{name}: {shown}"
    tricky = drawn["tricky journey"]
    assert "Title deeds checked" in tricky  # a task, not the title
    assert "Section 2: pay now" in tricky
    assert "Busy Parent orders a desk lamp online" in tricky  # the title is still the map's


# --- 7. Engines agree, or refuse together -----------------------------------------------------------


def _log(**changes):
    log = pd.DataFrame(
        {
            "case_id": ["a", "a", "b", "b"],
            "event": ["visit", "basket", "visit", "pay"],
            "timestamp": pd.to_datetime(
                ["2024-01-01 10:00", "2024-01-01 10:05", "2024-01-01 11:00", "2024-01-01 11:10"]
            ).as_unit("us"),
        }
    )
    return log.assign(**changes)


def _engines(log):
    import duckdb
    import polars as pl

    con = duckdb.connect()
    con.sql("SET TimeZone = 'UTC'")
    return {"pandas": log, "polars": pl.from_pandas(log), "duckdb": con.from_df(log)}


def test_mixed_case_id_types_are_an_error():
    from cxkit.journey import directly_follows

    with pytest.raises(CXDataError, match=r"row 1: cases of mixed types: 1 \(a number\) and '1' \(a text\)"):
        directly_follows(_log(case_id=[1, "1", 2, 2]))


@pytest.mark.parametrize("engine", ["pandas", "polars", "duckdb"])
def test_every_engine_refuses_the_same_inputs(engine):
    from cxkit.journey import directly_follows

    untrimmed = _engines(_log(event=[" visit", "basket", "visit", "pay"]))[engine]
    with pytest.raises(CXDataError, match=r"' visit' has spaces around it.*'visit'"):
        directly_follows(untrimmed)
    far = _log(
        timestamp=pd.to_datetime(
            ["2024-01-01 10:00", "2024-01-01 10:05", "2024-01-01 11:00", "2300-01-01 11:10"]
        ).as_unit("us")
    )
    with pytest.raises(CXDataError, match="outside the years 1678 to 2261"):
        directly_follows(_engines(far)[engine])
    twice = pd.concat([_log(), _log().iloc[[1]]], ignore_index=True)
    with pytest.warns(CXDataWarning, match=r"1 event\(s\) repeat another of the same case"):
        out = directly_follows(_engines(twice)[engine])
    assert ("basket", "basket") in set(zip(out["source"], out["target"], strict=True))
