"""Module 06 in the browser: the SLA explorer follows its sliders; the self-assessment form scores a rater."""

from __future__ import annotations

#: What the module must show (screenshots saved by tests/browser/test_modules.py).
MUST_SHOW = {"figure", "widget", "quiz"}


def _sla_explorer(page) -> None:
    explorer = page.locator(".widget-vbox", has_text="First-response target per channel").last
    explorer.scroll_into_view_if_needed()
    readout = explorer.locator(".widget-html-content", has_text="SLA attainment:").first
    before = readout.text_content()
    assert "phone: target 10 min" in before
    handle = explorer.locator(".widget-slider .noUi-handle").first  # the phone target, in minutes
    handle.focus()
    for _ in range(5):
        handle.press("ArrowRight")
    page.wait_for_function(
        "([el, before]) => el.textContent !== before && el.textContent.includes('phone: target 15 min')",
        arg=[readout.element_handle(), before],
        timeout=15_000,
    )
    for label in explorer.locator(".widget-label").all():  # the slider descriptions are shown whole
        assert label.evaluate("el => el.scrollWidth <= el.clientWidth + 1"), label.text_content()


def _self_assessment(page) -> None:
    form = page.locator(".widget-vbox", has_text="Team self-assessment").last
    form.scroll_into_view_if_needed()
    groups = form.locator(".widget-toggle-buttons")
    assert groups.count() == 14
    for i in range(groups.count()):
        groups.nth(i).locator("button", has_text="4").first.click()
    page.wait_for_function(
        "el => el.textContent.includes('14 of 14 statements answered')",
        arg=form.element_handle(),
        timeout=15_000,
    )
    form.get_by_role("button", name="Add my answers to the team").click()
    page.wait_for_function(
        "el => [...el.querySelectorAll('[role=img]')].some("
        "i => i.getAttribute('aria-label').includes('by 1 rater'))",
        arg=form.element_handle(),
        timeout=15_000,
    )
    assert "the team has 1 rater" in form.text_content()


def check(page) -> None:
    """06: drive both widgets: a phone target moves the readout; a full set of answers draws the chart."""
    _sla_explorer(page)
    _self_assessment(page)
