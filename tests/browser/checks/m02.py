"""Module 02 in the browser: the journeys-by-segment widget follows its menu."""

from __future__ import annotations

#: What the module must show (screenshots saved by tests/browser/test_modules.py).
MUST_SHOW = {"figure", "widget", "quiz"}


def check(page) -> None:
    """02: choosing B2B in the segment menu prints the B2B journeys and their paths."""
    box = page.locator(".widget-interact", has=page.locator("select")).first
    box.scroll_into_view_if_needed()
    page.wait_for_function(
        "el => el.textContent.includes('B2C: ') && el.textContent.includes(' journeys')",
        arg=box.element_handle(),
        timeout=60_000,
    )
    box.locator("select").first.select_option(label="B2B")
    page.wait_for_function(
        "el => el.textContent.includes('B2B: ') && el.textContent.includes('buy > after')",
        arg=box.element_handle(),
        timeout=15_000,
    )
    box.locator("select").first.select_option(label="prospect")
    page.wait_for_function(
        "el => el.textContent.includes('prospect: ') && el.textContent.includes('0.0% buy')",
        arg=box.element_handle(),
        timeout=15_000,
    )
