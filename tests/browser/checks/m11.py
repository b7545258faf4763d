"""Module 11 in the browser: the capstone runs top to bottom and its priority matrix follows its menus."""

from __future__ import annotations

#: What the module must show (screenshots saved by tests/browser/test_modules.py).
MUST_SHOW = {"figure", "widget", "quiz"}


def check(page) -> None:
    """11: the findings are printed; the touchpoint matrix starts on the persona's segment and follows B2B."""
    findings = page.locator(".jp-OutputArea-output", has_text='"worst_touchpoint": "support_chat"').first
    findings.wait_for(timeout=60_000)
    widget = page.locator(".cxkit-touchpoint-priority").first
    widget.scroll_into_view_if_needed()
    readout = widget.locator(".widget-html-content", has_text="Concentrate here").first
    page.wait_for_function(
        "el => el.textContent.includes('Concentrate here')", arg=readout.element_handle(), timeout=60_000
    )
    page.wait_for_function(
        "el => [...el.querySelectorAll('img')].some(i => i.naturalWidth > 0 && i.alt.includes('B2C'))",
        arg=widget.element_handle(),
        timeout=30_000,
    )
    before = readout.text_content()
    widget.locator("select").nth(1).select_option(label="B2B")
    page.wait_for_function(
        "([el, before]) => el.textContent !== before && el.textContent.includes('support_chat (n = 7)')",
        arg=[readout.element_handle(), before],
        timeout=15_000,
    )
    page.wait_for_function(
        "el => [...el.querySelectorAll('img')].some(i => i.naturalWidth > 0 && i.alt.includes('B2B'))",
        arg=widget.element_handle(),
        timeout=15_000,
    )
    for select in widget.locator("select").all():  # the menus show their whole choice
        assert select.evaluate("el => el.scrollWidth <= el.clientWidth + 1"), "a menu's text is clipped"
