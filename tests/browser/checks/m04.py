"""Module 04 in the browser: the touchpoint priority matrix follows its segment and metric menus."""

from __future__ import annotations

#: What the module must show (screenshots saved by tests/browser/test_modules.py).
MUST_SHOW = {"figure", "widget", "quiz"}


def check(page) -> None:
    """04: choosing B2B, then CES, changes the readout and the matrix picture (with alt text)."""
    widget = page.locator(".cxkit-touchpoint-priority").first
    widget.scroll_into_view_if_needed()
    readout = widget.locator(".widget-html-content", has_text="Concentrate here").first
    page.wait_for_function(
        "el => el.textContent.includes('Concentrate here')", arg=readout.element_handle(), timeout=60_000
    )
    before = readout.text_content()
    assert "support_email" in before
    image = widget.locator("img").first
    assert "all customers" in image.get_attribute("alt") or "All customers" in image.get_attribute("alt")
    widget.locator("select").nth(1).select_option(label="B2B")
    page.wait_for_function(
        "el => el.textContent.includes('support_chat (n = 7)')", arg=readout.element_handle(), timeout=15_000
    )
    page.wait_for_function(
        "el => [...el.querySelectorAll('img')].some(i => i.naturalWidth > 0 && i.alt.includes('B2B'))",
        arg=widget.element_handle(),
        timeout=15_000,
    )
    widget.locator("select").first.select_option(label="CES (mean, 1-7)")
    page.wait_for_function(
        "el => [...el.querySelectorAll('img')].some(i => i.alt.includes('CES, B2B'))",
        arg=widget.element_handle(),
        timeout=15_000,
    )
    for select in widget.locator("select").all():  # the menus show their whole choice
        assert select.evaluate("el => el.scrollWidth <= el.clientWidth + 1"), "a menu's text is clipped"
