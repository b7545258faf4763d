"""Module 08 in the browser: the CLV explorer's readout follows its retention slider and picker."""

from __future__ import annotations

#: What the module must show (screenshots saved by tests/browser/test_modules.py).
MUST_SHOW = {"figure", "widget", "quiz"}


def check(page) -> None:
    """08: moving the retention slider changes the CLV; picking a customer shows their P(alive)."""
    explorer = (
        page.locator(".widget-vbox", has=page.locator(".widget-dropdown")).filter(has_text="CLV =").first
    )
    explorer.scroll_into_view_if_needed()
    readout = explorer.locator(".widget-html-content", has_text="CLV =").first
    before = readout.text_content()
    assert "P(alive)" in before
    handle = explorer.locator(".widget-slider .noUi-handle").first
    handle.focus()
    for _ in range(10):
        handle.press("ArrowRight")
    page.wait_for_function(
        "([el, before]) => el.textContent !== before", arg=[readout.element_handle(), before], timeout=15_000
    )
    select = explorer.locator(".widget-dropdown select").first
    options = select.locator("option").all_text_contents()
    select.select_option(label=options[-1])
    # Wait for the picked customer itself: the ten slider steps may still be arriving one by one
    # (CI once saw the readout change to a later slider step before the customer's update came).
    wanted = f"Customer {options[-1]}"
    page.wait_for_function(
        "([el, wanted]) => el.textContent.includes(wanted)",
        arg=[readout.element_handle(), wanted],
        timeout=15_000,
    )
    assert wanted in readout.text_content()
    for label in ("Retention / year", "Margin", "Discount rate"):  # labels shown whole
        desc = explorer.locator(".widget-label", has_text=label).first
        assert desc.evaluate("el => el.scrollWidth <= el.clientWidth"), f"label {label!r} is clipped"
