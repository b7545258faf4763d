"""Module 01 in the browser: the factor sorter marks a placement and explains it, then shows the answers."""

from __future__ import annotations

#: What the module must show (screenshots saved by tests/browser/test_modules.py).
MUST_SHOW = {"figure", "widget", "quiz"}


def check(page) -> None:
    """01: sorting Delivery into UX and checking gives a reason; 'Show the answers' scores 11 of 11."""
    sorter = page.locator(".cxkit-factor-sorter").first
    sorter.scroll_into_view_if_needed()
    score = sorter.locator(".cxkit-factor-sorter-score").first
    page.wait_for_function(
        "el => el.textContent.includes('0 of 11 factors sorted')", arg=score.element_handle(), timeout=60_000
    )
    row = sorter.locator(".widget-hbox", has_text="Delivery:").first
    row.locator("select").select_option(label="UX")
    page.wait_for_function(
        "el => el.textContent.includes('1 of 11 factors sorted')", arg=score.element_handle(), timeout=15_000
    )
    sorter.locator("button", has_text="Check my sorting").click()
    note = sorter.locator(".widget-html-content", has_text="Best answer: Rest of CX").first
    note.wait_for(timeout=15_000)
    assert "logistics" in note.text_content()  # the verdict explains, not only "wrong"
    assert "0 of 11 right or defensible" in score.text_content()
    sorter.locator("button", has_text="Show the answers").click()
    page.wait_for_function(
        "el => el.textContent.includes('11 of 11 right or defensible')",
        arg=score.element_handle(),
        timeout=15_000,
    )
    for select in sorter.locator("select").all():  # the menus show their whole choice
        assert select.evaluate("el => el.scrollWidth <= el.clientWidth + 1"), "a menu's text is clipped"
    for button in sorter.locator("button").all():  # button labels are not cut
        assert button.evaluate("el => el.scrollWidth <= el.clientWidth + 1"), button.text_content()
