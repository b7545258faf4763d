"""The factor sorter (module 01): its data file, its plain core and its widget's state."""

from __future__ import annotations

import pytest

from cxkit.errors import CXConfigError
from cxkit.widgets import FactorSorter
from cxkit.widgets.factor_sorter import FACTORS_PATH, load_factors

#: The nine factors the curriculum names (row 01) must all be in the sorter.
CURRICULUM_FACTORS = {
    "product_quality",
    "ease_of_use",
    "service",
    "website_usability",
    "packaging",
    "delivery",
    "post_sales_support",
    "advertising",
    "reliability",
}


def test_the_data_file_covers_the_curriculum_and_every_bin():
    sortings, factors = load_factors()
    ids = {f.id for f in factors}
    assert CURRICULUM_FACTORS <= ids
    for name in ("part", "stage"):
        used = {f.answers[name] for f in factors}
        assert used == {b.id for b in sortings[name]["bins"]}, name  # no bin is a decoy with no answer
    # UX is a subset of CX: the UX factors are about using the product, site or app
    assert {f.id for f in factors if f.answers["part"] == "ux"} == {
        "website_usability",
        "ease_of_use",
        "reliability",
    }


def test_a_bad_file_is_named(tmp_path):
    text = FACTORS_PATH.read_text(encoding="utf-8")
    bad = tmp_path / "f.yaml"
    bad.write_text(
        text.replace('answer: awareness\n      why: "An ad', 'answer: lobby\n      why: "An ad'),
        encoding="utf-8",
    )
    with pytest.raises(CXConfigError, match=r"advertising.*'lobby' is not a bin"):
        load_factors(bad)
    bad.write_text(text + text[text.index("  - id: advertising") :], encoding="utf-8")
    with pytest.raises(CXConfigError, match="appears twice"):
        load_factors(bad)
    bad.write_text("sortings: {}\n", encoding="utf-8")
    with pytest.raises(CXConfigError, match="part"):
        load_factors(bad)


def test_core_verdicts_and_feedback_explain():
    s = FactorSorter(sorting="part")
    assert s.score == (0, 0, 11)
    assert s.verdict("delivery") == "unsorted"
    s.place("delivery", "service")
    verdict, message = s.check()["delivery"]
    assert verdict == "wrong"
    # the feedback says what the chosen bin means, why, and the best answer: never only "wrong"
    assert message.startswith("Not Customer service (the people and channels")
    assert "logistics" in message
    assert message.endswith("Best answer: Rest of CX.")
    s.place("delivery", "other")
    assert s.check()["delivery"] == ("right", s.feedback("delivery"))
    assert s.feedback("delivery").startswith("Right: Delivery is logistics")
    s.place("product_quality", "ux")  # defensible: using the product
    assert s.verdict("product_quality") == "defensible"
    assert s.feedback("product_quality").endswith("The usual answer is Rest of CX.")
    assert s.score == (2, 2, 11)
    assert s.score_text().startswith("2 of 11 right or defensible; 9 not sorted yet")
    with pytest.raises(CXConfigError, match="Unknown bin 'awareness'"):
        s.place("delivery", "awareness")  # a stage, not a part of CX
    with pytest.raises(CXConfigError, match="Unknown factor"):
        s.place("price", "ux")
    with pytest.raises(CXConfigError, match="sorting"):
        FactorSorter(sorting="colour")


def test_two_sortings_keep_their_own_placements_and_reveal_reset():
    s = FactorSorter()
    s.set(delivery="other", advertising="other")
    s.set_sorting("stage")
    assert s.placements["delivery"] is None
    s.set({"delivery": "post_purchase"})
    s.set_sorting("part")
    assert s.placements["delivery"] == "other"
    s.reveal()
    assert s.score == (11, 11, 11)
    assert s.in_bin("crm") == ["Customer history", "Personalised offers"]
    s.reset()
    assert s.score == (0, 0, 11)
    assert s.answers(sorting="stage")["advertising"] == "awareness"


def test_widget_state_follows_the_menus_and_buttons():
    s = FactorSorter()
    box = s.widget()
    assert "cxkit-factor-sorter" in box._dom_classes
    menus = s.menus
    assert set(menus) == set(s.factors)
    assert [label for label, _ in menus["delivery"].options] == [
        "(choose)",
        "UX",
        "Customer service",
        "CRM",
        "Rest of CX",
    ]
    assert menus["delivery"].value == ""  # "(choose)": a value the browser shows, unlike None
    menus["delivery"].value = "ux"  # the learner picks a menu entry
    assert s.placements["delivery"] == "ux"
    menus["packaging"].value = "crm"
    menus["packaging"].value = ""  # back to "(choose)": not sorted
    assert s.placements["packaging"] is None
    ui = s._ui
    assert ui["notes"]["delivery"].value == ""  # no verdict before the check
    buttons = box.children[0].children
    buttons[1].click()  # Check my sorting
    assert "✖" in ui["notes"]["delivery"].value
    assert "logistics" in ui["notes"]["delivery"].value
    assert "0 of 11 right or defensible" in ui["score"].value
    buttons[2].click()  # Show the answers
    assert menus["delivery"].value == "other"
    assert "11 of 11" in ui["score"].value
    box.children[0].children[0].value = "stage"  # switch the sorting: new menus with the stages
    assert s.sorting == "stage"
    assert [label for label, _ in s.menus["delivery"].options][1] == "Awareness"
    assert "lifecycle" in ui["title"].value
    buttons[3].click()  # Start again
    assert s.score == (0, 0, 11)
    # each sorting's rows are built once: switching back shows the same menus, with their choices
    s.set_sorting("part")
    assert s.menus["delivery"] is menus["delivery"]
    assert menus["delivery"].value == "other"
