"""Module 00 in the browser: the slider's text follows it, and the quiz scores."""

from __future__ import annotations

import re

#: What the module must show (screenshots saved by tests/browser/test_modules.py).
MUST_SHOW = {"figure", "widget", "quiz"}


def check(page) -> None:
    """00: moving the slider changes the text under it; answering the quiz shows a score."""
    label = page.locator(".widget-html-content", has_text="makes this customer a").first
    label.scroll_into_view_if_needed()
    assert "A score of 8 makes this customer a passive" in label.text_content()
    handle = page.locator(".widget-slider .noUi-handle").first
    handle.scroll_into_view_if_needed()
    handle.focus()
    handle.press("ArrowRight")
    page.wait_for_function(
        "() => document.body.textContent.includes('A score of 9 makes this customer a promoter')",
        timeout=15_000,
    )
    quiz = page.locator(".widget-vbox", has_text="how this course works").first
    quiz.scroll_into_view_if_needed()
    quiz.locator(".widget-radio-box input").first.check()
    quiz.get_by_role("button", name=re.compile("Submit", re.I)).first.click()
    page.wait_for_function("() => /Score: \\d+ \\/ \\d+/.test(document.body.textContent)", timeout=15_000)
