"""Artefact checkers (cxkit/course/artefacts.py): a good artefact passes, a poor one hears what is missing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml

import cxkit
from cxkit.course.artefacts import ARTEFACTS, coding_sample, complaint, template
from cxkit.data import load

pytestmark = pytest.mark.course

EXAMPLES = Path("solutions/artefacts")
FILES = {
    "03.persona": "procurement-lead-persona.yaml",
    "03.map": "procurement-lead-map.yaml",
    "03.blueprint": "returns-blueprint.yaml",
    "04.inventory": "touchpoint-inventory.csv",
    "10.case": "impact-case.yaml",
    "11.brief": "capstone-brief.yaml",
}


@pytest.mark.parametrize("artefact", sorted(FILES))
def test_the_worked_example_is_accepted(artefact):
    result = cxkit.check(artefact, EXAMPLES / FILES[artefact])
    assert result.verdict == "correct", repr(result)
    assert result.assessment.complete


@pytest.mark.parametrize("artefact", sorted(FILES))
def test_the_untouched_template_is_not_answered_and_a_new_template_never_overwrites(artefact, tmp_path):
    path = template(artefact, tmp_path / FILES[artefact])
    assert cxkit.check(artefact, path).verdict == "unanswered"
    path.write_text(path.read_text() + "\n# mine\n")
    assert template(artefact, path) == path
    assert path.read_text().endswith("# mine\n")
    assert cxkit.check(artefact, tmp_path / "none.yaml").verdict == "unanswered"


def _poor(tmp_path: Path, name: str, edit) -> Path:
    raw = yaml.safe_load((EXAMPLES / name).read_text())
    edit(raw)
    path = tmp_path / name
    path.write_text(yaml.safe_dump(raw, sort_keys=False))
    return path


def _missing(result) -> list[str]:
    return result.assessment.missing()


def test_persona_without_tickets_and_traces_is_told_so(tmp_path):
    def edit(raw):
        raw["evidence"] = [e for e in raw["evidence"] if e["source"] != "tickets"]
        for e in raw["evidence"]:
            e.pop("n")

    result = cxkit.check("03.persona", _poor(tmp_path, FILES["03.persona"], edit))
    assert result.verdict != "correct"
    assert set(_missing(result)) == {"sources", "numbers", "traced"}
    assert "No finding from tickets" in str(result)
    assert (
        "Not traced to a finding yet: 'Invoices and returns that finance can close "
        "without chasing' and 1 more" in str(result)
    )


def test_persona_of_the_wrong_segment_and_a_broken_schema(tmp_path):
    result = cxkit.check(
        "03.persona", _poor(tmp_path, FILES["03.persona"], lambda r: r["persona"].update(segment="B2C"))
    )
    assert "schema" in _missing(result)
    assert "B2B" in str(result)
    broken = _poor(tmp_path, FILES["03.persona"], lambda r: r["persona"].update(segment="shop"))
    result = cxkit.check("03.persona", broken)
    assert result.verdict == "wrong"
    assert "segment" in result.message
    assert "cannot be read" in result.message


def test_map_with_a_flat_curve_and_no_evidence(tmp_path):
    def edit(raw):
        for s in raw["stages"]:
            s["emotion"] = 0
            s.pop("moments_of_truth", None)
            s.pop("invisible_steps", None)
        raw.pop("insights")

    result = cxkit.check("03.map", _poor(tmp_path, FILES["03.map"], edit))
    assert set(_missing(result)) == {"feelings", "unseen", "evidence"}


def test_map_whose_lowest_stage_has_no_pain_point(tmp_path):
    def edit(raw):
        raw["stages"][-1].pop("pain_points")

    result = cxkit.check("03.map", _poor(tmp_path, FILES["03.map"], edit))
    assert _missing(result) == ["feelings"]
    assert "The lowest stage (post_purchase) has no pain point" in str(result)


def test_blueprint_without_recovery_or_waits(tmp_path):
    shutil.copy(EXAMPLES / FILES["03.map"], tmp_path / FILES["03.map"])

    def edit(raw):
        raw["fail_points"] = raw["fail_points"][:1]
        raw["fail_points"][0].pop("recovery")
        raw["wait_points"] = []
        for a in raw["actions"]:
            a["support"] = []

    result = cxkit.check("03.blueprint", _poor(tmp_path, FILES["03.blueprint"], edit))
    assert set(_missing(result)) == {"lanes", "fail-points", "waits"}
    assert "Empty lanes: support" in str(result)


def test_blueprint_whose_step_is_not_on_the_map(tmp_path):
    shutil.copy(EXAMPLES / FILES["03.map"], tmp_path / FILES["03.map"])
    result = cxkit.check(
        "03.blueprint",
        _poor(tmp_path, FILES["03.blueprint"], lambda r: r["actions"][0]["step"].update(step="Phones us")),
    )
    assert result.verdict == "wrong"
    assert "Phones us" in result.message


def test_inventory_with_one_phase_and_no_measures(tmp_path):
    table = pd.read_csv(EXAMPLES / FILES["04.inventory"])
    table["phase"] = "before"
    table["measured_by"] = ""
    path = tmp_path / "inv.csv"
    table.to_csv(path, index=False)
    result = cxkit.check("04.inventory", path)
    assert set(_missing(result)) == {"phases", "measured", "priority"}
    assert "No touchpoint during or after the purchase" in str(result)
    table.drop(columns="owner").to_csv(path, index=False)
    result = cxkit.check("04.inventory", path)
    assert result.verdict == "wrong"
    assert "no column 'owner'" in result.message


GOOD_REPLY = (
    "I'm so sorry: you took a day off for the delivery and nobody came, and the order is now four "
    "days late. That is our failure and I am handling it personally. It happened because the van was "
    "rerouted and we did not tell you. I have booked a new delivery for tomorrow between 8 and 10 am "
    "and refunded the delivery charge today. I will call you tomorrow at noon to check it arrived; "
    "my direct line is 020 7946 0000."
)
DRAFT = (
    "Deliveries are the carrier's responsibility. Please fill in the claim form on our website; "
    "claims are processed within 14 working days."
)


def test_complaint_is_a_real_conversation():
    assert complaint() in set(load("conversations")["text"])
    assert "day off" in complaint()


def test_a_good_reply_meets_all_five_skills_and_the_draft_none():
    assert cxkit.check("06.reply", GOOD_REPLY).verdict == "correct"
    result = cxkit.check("06.reply", DRAFT)
    assert result.verdict == "wrong"
    assert set(_missing(result)) == {"acknowledge", "own", "explain", "fix", "follow-up"}
    assert "hands the problem back" in str(result)


def test_a_reply_with_a_vague_fix_and_no_follow_up():
    reply = (
        "I'm sorry you took a day off for the delivery and nobody came. I will look into it and we will "
        "refund the delivery charge because it happened on our side."
    )
    result = cxkit.check("06.reply", reply)
    assert set(_missing(result)) == {"fix", "follow-up"}
    assert cxkit.check("06.reply", ...).verdict == "unanswered"


def test_hand_coding_reports_agreement_and_asks_for_reasons():
    from cxkit.voc import sentiment

    sample = coding_sample()
    assert len(sample) == 20
    assert sample["survey_id"].is_unique
    vader = sentiment(sample["comment"])["label"].fillna("neutral")
    coding = sample.assign(my_label=vader.where(sample.index % 4 != 0, "negative"), reason="")
    flipped = coding["my_label"] != vader
    poor = cxkit.check("09.coding", coding)
    assert _missing(poor) == ["disagreements"] if flipped.any() else poor.verdict == "correct"
    assert "Cohen's kappa" in poor.report
    good = coding.assign(
        reason=flipped.map({True: "sarcasm: the words are positive, the meaning is not", False: ""})
    )
    assert cxkit.check("09.coding", good).verdict == "correct"
    assert cxkit.check("09.coding", sample.assign(my_label="", reason="")).verdict == "unanswered"
    odd = coding.assign(my_label="angry")
    assert "coded" in _missing(cxkit.check("09.coding", odd))


def test_case_without_assumption_tests_or_range(tmp_path):
    def edit(raw):
        for a in raw["assumptions"]:
            a.pop("test")
        raw["impact"]["low"] = raw["impact"]["high"]

    result = cxkit.check("10.case", _poor(tmp_path, FILES["10.case"], edit))
    assert set(_missing(result)) == {"impact", "assumptions"}
    assert "3 assumption(s), 0 with a test" in str(result)


def test_brief_without_interval(tmp_path):
    result = cxkit.check(
        "11.brief", _poor(tmp_path, FILES["11.brief"], lambda r: r["finding"].update(interval=[]))
    )
    assert _missing(result) == ["finding"]


def test_every_artefact_has_a_rubric_and_the_examples_quote_the_data():
    assert set(FILES) <= set(ARTEFACTS)
    persona = yaml.safe_load((EXAMPLES / FILES["03.persona"]).read_text())
    customers = load("customers")
    lead = set(customers.loc[customers["persona"] == "Procurement Lead", "customer_id"])
    counts = {e["source"]: e["n"] for e in persona["evidence"]}
    assert counts["tickets"] == load("tickets")["customer_id"].isin(lead).sum()
    assert counts["behaviour"] == load("orders")["customer_id"].isin(lead).sum()
    s = load("surveys")
    assert counts["comments"] == (s["customer_id"].isin(lead) & s["responded"] & s["comment"].notna()).sum()
