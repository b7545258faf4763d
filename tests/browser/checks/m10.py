"""Module 10 in the browser: the maturity self-assessment form scores a rater and draws its chart."""

from __future__ import annotations

#: What the module must show (screenshots saved by tests/browser/test_modules.py).
MUST_SHOW = {"figure", "widget", "quiz"}


def check(page) -> None:
    """10: answer the twelve maturity statements, add the rater, and the team chart appears."""
    form = page.locator(".widget-vbox", has_text="CX maturity self-assessment").last
    form.scroll_into_view_if_needed()
    groups = form.locator(".widget-toggle-buttons")
    assert groups.count() == 12
    for i in range(groups.count()):
        groups.nth(i).locator("button", has_text="3").first.click()
    page.wait_for_function(
        "el => el.textContent.includes('12 of 12 statements answered')",
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
    text = form.text_content()
    assert "the team has 1 rater" in text
    assert "Team score per dimension" in text
    for name in ("Strategy", "Customer understanding", "Governance", "Culture"):
        assert name in text, name
